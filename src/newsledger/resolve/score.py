"""``resolve.score.v2``: what the resolver compares between two incident mentions.

Each incident mention is reduced once, when it is stored, to a :class:`MentionKey` (kept as JSON
in ``resolution_keys``): the window of days the incident may lie in, its place, counts, and the
things that tell similar incidents apart: the people named, ages ("7-year-old"), and the
distinctive words and proper names of the title and lead. Two keys are *candidates* when their
windows overlap (widened by :data:`WINDOW_DAYS`) and the states their articles name do not
differ; the resolver only scores candidates (blocking). :func:`score` gives a number in [0, 1]
with its parts, so that every merge can show why it was made.

**Keys.**

- *Window.* The incident's date from the text gives a narrow window. An article that reads as
  a follow-up (charges, a court hearing, a funeral, the victim dies: see :data:`_FOLLOW_UP`)
  often dates the later event, so its window reaches :data:`FOLLOW_UP_LOOKBACK_DAYS` before
  publication; an undated mention gets :data:`UNDATED_LOOKBACK_DAYS`.
- *State.* ``state`` is set only when the article writes the state out ("Salisbury, N.C.",
  "Iowa"); a state the gazetteer guessed from a bare city name ("Salisbury" is in NC and MD)
  is kept as ``state_guess`` and used in scoring, never for blocking, since a wrong guess would
  hide the right candidates.
- *Names.* People named in the article (PERSON entities), as full names where the article gives
  them, most mentioned first; officials (a title before the name, or a claim source whose role
  is law enforcement or official) are left out, since spokespeople recur across unrelated
  incidents. A ``background`` mention keeps only what is written in the sentences of its own
  evidence.

**Score.** :func:`features` says what two keys share or contradict (same day, same city,
a shared full name, a shared age, shared distinctive words, ...); each feature has a log-odds
weight in :data:`WEIGHTS`, fitted by logistic regression on the candidate pairs of the Gun
Violence Corpus train split (``scripts/dev_resolve.py --fit``; there incidents are similar
shootings in one city days apart, so names and details weigh most) and rounded. The parts of a
score are the weights summed by kind of evidence (``names: +3.2``, ``date: -0.4``), readable as
reasons; the total is the logistic of :data:`BIAS` plus the parts.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from newsledger.article import headline_of, opens_with_title
from newsledger.geo import distance_km

RULE = "resolve.score.v2"
# Pairs at or above this score are the same incident (chosen on GVA train).
THRESHOLD = 0.4
# How far apart two mentions' windows of days may lie and still be compared.
WINDOW_DAYS = 3
# A mention whose article gives no date may report an incident this long before publication.
UNDATED_LOOKBACK_DAYS = 14
# A follow-up article (charges, court, funeral) may report an incident this long before it.
FOLLOW_UP_LOOKBACK_DAYS = 45

# How much of a key is kept (keys are stored as JSON per mention).
MAX_NAMES = 12
MAX_WORDS = 40
MAX_PLACES = 12
LEAD_CHARS = 700

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|\d+")
_AGE = re.compile(
    r"\b(\d{1,3})[- ](?:year|yr)s?[- ]old\b|,\s*(\d{1,2}),|\b(?:age|aged)\s+(\d{1,2})\b", re.I
)
_STREET = re.compile(
    r"\b((?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))(?:\s[A-Z][a-z]+){0,2})\s"
    r"(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Dr\.|Boulevard|Blvd\.|Lane|Ln\.|Court|Place|"
    r"Way|Parkway|Highway|Hwy\.|Terrace|Circle|Trail|Pike)"
)
_FOLLOW_UP = re.compile(
    r"\b(?:charg\w*|sentenc\w*|court|trial|plea\w*|pleads?|guilty|convict\w*|indict\w*|"
    r"arraign\w*|hearing|lawsuit|sues?|liable|probation|prison|jury|judge|verdict|bail|bond|"
    r"custody|arrest\w*|accused|funeral|vigil|remember\w*|memorial|anniversary|identified|"
    r"dies|died|ruled?|update|prosecut\w*|stolen|investigation|turns? (?:himself|herself) in)\b",
    re.I,
)
_TITLES = re.compile(
    r"(?:chief|sgt|sergeant|lt|lieutenant|capt|captain|cpl|corporal|officer|detective|det|"
    r"sheriff|deputy|trooper|agent|mayor|gov|governor|sen|senator|rep|attorney|judge|coroner|"
    r"prosecutor|superintendent|supt|commissioner|spokesman|spokeswoman|spokesperson|"
    r"director|president|dr|rev|pastor|councilman|councilwoman|alderman|chancellor)\.?\s*$",
    re.I,
)
_OFFICIAL_ROLES = frozenset(
    {"law_enforcement", "official", "elected_official", "medical_examiner", "lawyer", "union"}
)
_NAME_NOISE = frozenset(
    {
        "mr", "mrs", "ms", "jr", "sr", "ii", "iii", "supt", "sgt", "lt", "det", "dr", "rev",
        "police", "officer", "chief", "sheriff", "deputy", "facebook", "twitter", "instagram",
    }
)  # fmt: skip


def _wordlist(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A "name" with one of these words is a place, a firm or page furniture that NER took for one.
_NOT_A_NAME = _wordlist(
    """
    street st avenue ave road rd drive dr boulevard blvd lane ln court ct place way parkway
    highway hwy terrace circle trail pike county cty city park school center centre church
    images news com javascript copyright download glock mug crime stoppers charge manner
    office department
    """
)
# Words that any report of a shooting may use: they tell no incident from another.
_COMMON = _wordlist(
    """
    a about after afternoon again against ago all allegedly also an and another any are around
    as at authorities away back be because been before being between both boy boys but by call
    called calls can child children city could county day days dead death deaths department did
    died dies do does down during each early evening family father few first for found friday
    from girl girls gun gunfire gunman guns gunshot had has have he her here him his home house
    how hospital i identified if in incident injured injuries inside into investigating
    investigation investigators is it its just killed killing last late later left life like
    local man many may men monday more morning most mother mrs ms much my near neighborhood
    new news next night no not now of off office officer officers official officials old on
    one only or other our out over people person place police reported reports said saturday
    say says scene see she sheriff shooting shootings shot shots so some son state still street
    sunday suspect than that the their them then there these they this those three thursday
    time to today told tuesday two up update us very victim victims was wednesday week weekend
    were what when where which while who whose will with woman women wound wounded wounds year
    years yesterday you young year-old fatally fatal accidentally accidental accident self-inflicted
    teen teenager teens toddler kids daughter mom dad wife husband brother sister he's she's
    it's don't didn't wasn't according around approximately told believed condition died
    according named charged charges arrested arrest court updated posted copyright rights
    reserved click photo video watch share comments story read email print caption image
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)


@dataclass(frozen=True, slots=True)
class MentionKey:
    id: str
    article: str  # the article's content hash: two mentions of one article are never merged
    published_day: str | None
    role: str
    day_lo: str  # the window of days the incident may lie in, ISO dates
    day_hi: str
    date_value: str | None
    state: str | None  # the state the article writes out; None when only guessed
    city: str | None
    county: str | None
    lat: float | None
    lon: float | None
    types: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    killed: int | None = None
    injured: int | None = None
    names: tuple[str, ...] = ()  # people named, most mentioned first (lower case)
    words: tuple[str, ...] = ()  # distinctive words of the title and lead (lower case)
    extra: dict[str, Any] = field(default_factory=dict)
    state_guess: str | None = None  # the extractor's state, written out or guessed
    dated: bool = False  # the window comes from a date in the text (not a lookback)
    follow_up: bool = False  # the article reads as a follow-up; its date may be a later event
    ages: tuple[int, ...] = ()  # ages written as "7-year-old", ", 17,"
    places: tuple[str, ...] = ()  # streets, facilities and neighbourhoods named (lower case)
    # every word that gives the incident's types lies in a sentence labelled opinion: such a
    # mention may join an incident, never found one (newsledger.resolve.resolver)
    opinion_only: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MentionKey:
        fields: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v
            for k, v in data.items()
            if k in cls.__dataclass_fields__
        }
        return cls(**fields)


@dataclass(frozen=True, slots=True)
class Score:
    total: float
    parts: dict[str, float]


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# --- keys -----------------------------------------------------------------------------------


@functools.cache
def _state_table() -> dict[str, str]:
    """Lower-case state names and AP abbreviations -> USPS code (the gazetteer's tables;
    imported late: the gazetteer module pulls in spaCy)."""
    from newsledger.nlp.places import AP_ABBREVIATIONS, STATE_NAMES

    table = {name.lower(): code for code, name in STATE_NAMES.items()}
    table.update({abbr.lower(): code for abbr, code in AP_ABBREVIATIONS.items()})
    return table


def _written_state(state: str | None, text: str) -> bool:
    """Whether ``text`` writes out ``state`` (its name, AP abbreviation or ", XX")."""
    if not state:
        return False
    lowered = text.lower()
    for written, code in _state_table().items():
        if code != state:
            continue
        if written.endswith("."):
            if re.search(r"(?<![A-Za-z])" + re.escape(written), lowered):
                return True
        elif re.search(r"\b" + re.escape(written) + r"\b", lowered):
            return True
    return re.search(r",\s*" + state + r"\b", text) is not None


def _in_spans(start: int, spans: list[tuple[int, int]] | None) -> bool:
    return spans is None or any(lo <= start < hi for lo, hi in spans)


def _scope(analysis: dict[str, Any], incident: dict[str, Any]) -> list[tuple[int, int]] | None:
    """The character ranges a mention's names and words come from: the whole article (None)
    for a main mention, the sentences of its evidence for a background one."""
    if incident.get("role", "main") == "main":
        return None
    starts: list[int] = []
    for part in ("date", "location"):
        starts += [e.get("start", -1) for e in (incident.get(part) or {}).get("evidence") or []]
    for group in ("agencies", "participants"):
        for item in incident.get(group) or []:
            starts += [e.get("start", -1) for e in item.get("evidence") or []]
    sentences = [
        (s["start"], s["end"])
        for s in analysis.get("sentences") or []
        if isinstance(s.get("start"), int) and isinstance(s.get("end"), int)
    ]
    return [(lo, hi) for lo, hi in sentences if any(lo <= x < hi for x in starts)]


def _name_tokens(text: str) -> list[str]:
    text = re.sub(r"['’]s$", "", text.strip())
    tokens = [t.lower() for t in re.findall(r"[A-Za-z][A-Za-z'’-]*", text)]
    return [t for t in tokens if t not in _NAME_NOISE and len(t) > 1]


def _names(
    analysis: dict[str, Any], text: str, scope: list[tuple[int, int]] | None
) -> tuple[str, ...]:
    officials = {
        " ".join(_name_tokens(str(c["source"].get("name") or "")))
        for c in analysis.get("claims") or []
        if isinstance(c.get("source"), dict) and c["source"].get("role") in _OFFICIAL_ROLES
    }
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    singles: Counter[str] = Counter()
    for m in analysis.get("mentions") or []:
        if m.get("label") != "PERSON" or not m.get("text"):
            continue
        start = m.get("start") if isinstance(m.get("start"), int) else 0
        if not _in_spans(start, scope):
            continue
        tokens = _name_tokens(m["text"])
        if (
            not tokens
            or _NOT_A_NAME.intersection(tokens)
            or _TITLES.search(text[max(0, start - 30) : start])
        ):
            continue
        name = " ".join(tokens)
        if name in officials:
            continue
        if len(tokens) == 1:
            singles[name] += 1
            continue
        counts[name] += 1
        first_seen.setdefault(name, start)
    # A bare "Brown" counts toward the full name that ends (or starts) with it.
    for single, n in singles.items():
        owners = [f for f in counts if single in f.split()]
        if owners:
            counts[min(owners, key=lambda f: first_seen[f])] += n
        elif single not in {o.split()[-1] for o in officials if o}:
            counts[single] += n
            first_seen.setdefault(single, 1 << 30)
    ranked = sorted(counts, key=lambda n: (-counts[n], first_seen.get(n, 0), n))
    return tuple(ranked[:MAX_NAMES])


def _lead(analysis: dict[str, Any], text: str, scope: list[tuple[int, int]] | None) -> str:
    title = str((analysis.get("article") or {}).get("title") or "")
    if scope is None:
        headline = headline_of(title)
        if opens_with_title(text[: len(headline) + 40], headline):
            # the text opens with its headline (the readers add it): not twice
            end = len(text) - len(text.lstrip()) + len(headline)
            return text[:end] + "\n" + text[end:].lstrip()[:LEAD_CHARS]
        return title + "\n" + text[:LEAD_CHARS]
    return "\n".join(text[lo:hi] for lo, hi in scope[:4])


def _ages(lead: str) -> tuple[int, ...]:
    found = set()
    for m in _AGE.finditer(lead):
        value = int(next(g for g in m.groups() if g))
        if 0 < value < 110:
            found.add(value)
    return tuple(sorted(found))


def _places(
    analysis: dict[str, Any], text: str, scope: list[tuple[int, int]] | None, skip: set[str]
) -> tuple[str, ...]:
    """Streets, facilities and neighbourhoods: FAC/LOC/GPE entities other than the city,
    county and states, and street names."""
    counts: Counter[str] = Counter()
    for m in analysis.get("mentions") or []:
        if m.get("label") not in ("FAC", "LOC", "GPE") or not m.get("text"):
            continue
        start = m.get("start") if isinstance(m.get("start"), int) else 0
        if not _in_spans(start, scope):
            continue
        name = " ".join(_WORD.findall(m["text"].lower()))
        name = re.sub(r"^the ", "", name)
        if name and name not in skip and name not in _state_table():
            counts[name] += 1
    body = text if scope is None else "\n".join(text[lo:hi] for lo, hi in scope)
    for m in _STREET.finditer(body):
        counts[" ".join(_WORD.findall(m.group(0).lower()))] += 1
    ranked = sorted(counts, key=lambda n: (-counts[n], n))
    return tuple(ranked[:MAX_PLACES])


def _words(lead: str, skip: set[str]) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    for w in _WORD.findall(lead):
        lw = w.lower()
        if lw in _COMMON or lw in skip or len(lw) < 3 or lw.isdigit():
            continue
        counts[lw] += 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    return tuple(ranked[:MAX_WORDS])


def key_from_analysis(analysis: dict[str, Any], index: int, mention_id: str) -> MentionKey:
    """The key of ``analysis["incidents"][index]``, stored under ``mention_id``."""
    article = analysis.get("article") or {}
    incident = analysis["incidents"][index]
    text = str(article.get("text") or "")
    title = str(article.get("title") or "")
    published = _day(article.get("published_at"))
    scope = _scope(analysis, incident)
    lead = _lead(analysis, text, scope)
    follow_up = bool(_FOLLOW_UP.search(title or text[:300]))

    date_obj = incident.get("date") or {}
    lo = _day(date_obj.get("earliest")) or _day(date_obj.get("value"))
    hi = _day(date_obj.get("latest")) or _day(date_obj.get("value"))
    dated = lo is not None and hi is not None
    if lo is None or hi is None:
        if published is not None:
            lo, hi = published - timedelta(days=UNDATED_LOOKBACK_DAYS), published
        else:
            lo, hi = date.min, date.max
    elif (
        follow_up
        and published is not None
        and lo >= published - timedelta(days=FOLLOW_UP_LOOKBACK_DAYS)
    ):
        # A follow-up dated around its publication likely dates the later event (the
        # charges, the funeral); one that dates an earlier day has dated the incident.
        lo = min(lo, hi - timedelta(days=FOLLOW_UP_LOOKBACK_DAYS))

    location = incident.get("location") or {}
    state_guess = location.get("state") or None
    state = state_guess if _written_state(state_guess, title + "\n" + text) else None
    city = location.get("city") or None
    county = location.get("county") or None
    skip = {x.lower() for x in (city, county) if x}
    skip |= {w for x in skip for w in x.split()}
    names = _names(analysis, text, scope)
    return MentionKey(
        id=mention_id,
        article=str(article.get("content_hash") or ""),
        published_day=published.isoformat() if published else None,
        role=str(incident.get("role") or "main"),
        day_lo=lo.isoformat(),
        day_hi=hi.isoformat(),
        date_value=date_obj.get("value") if date_obj.get("granularity") == "day" else None,
        state=state,
        city=city,
        county=county,
        lat=location.get("lat"),
        lon=location.get("lon"),
        types=tuple(sorted(set(incident.get("types") or []))),
        agencies=tuple(
            sorted(
                {a.get("code") or a.get("name") for a in incident.get("agencies") or []} - {None}
            )
        ),
        killed=incident.get("killed"),
        injured=incident.get("injured"),
        names=names,
        words=_words(lead, {t for n in names for t in n.split()}),
        state_guess=state_guess,
        dated=dated,
        follow_up=follow_up,
        ages=_ages(lead),
        places=_places(analysis, text, scope, skip),
        opinion_only=_opinion_only(analysis, incident),
    )


def _opinion_only(analysis: dict[str, Any], incident: dict[str, Any]) -> bool:
    """Whether every span that gives the incident's types lies in an opinion sentence."""
    spans = [s for group in (incident.get("type_evidence") or {}).values() for s in group]
    opinion = [
        (s["start"], s["end"])
        for s in analysis.get("sentences") or []
        if s.get("label") == "opinion"
    ]
    return bool(spans) and all(any(a <= sp["start"] < b for a, b in opinion) for sp in spans)


# --- blocking -------------------------------------------------------------------------------


def window(key: MentionKey) -> tuple[str, str]:
    """The days a candidate's window must overlap: the key's own, widened by WINDOW_DAYS."""
    lo, hi = _day(key.day_lo), _day(key.day_hi)
    lo_s = (
        (lo - timedelta(days=WINDOW_DAYS)).isoformat()
        if lo and lo > date.min + timedelta(WINDOW_DAYS)
        else date.min.isoformat()
    )
    hi_s = (
        (hi + timedelta(days=WINDOW_DAYS)).isoformat()
        if hi and hi < date.max - timedelta(WINDOW_DAYS)
        else date.max.isoformat()
    )
    return lo_s, hi_s


def candidates(a: MentionKey, b: MentionKey) -> bool:
    """Whether the resolver compares ``a`` and ``b`` at all (symmetric)."""
    if a.article == b.article:
        return False
    if a.state and b.state and a.state != b.state:
        return False
    lo, hi = window(a)
    return b.day_lo <= hi and b.day_hi >= lo


# --- scoring --------------------------------------------------------------------------------


def _norm(value: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (value or "").lower()).replace("saint ", "st ").strip()


def _km(a: MentionKey, b: MentionKey) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def _names_feature(a: MentionKey, b: MentionKey) -> str | None:
    if not (a.names and b.names):
        return None
    if {n for n in a.names if " " in n} & {n for n in b.names if " " in n}:
        return "name_full"
    if {n.split()[-1] for n in a.names} & {n.split()[-1] for n in b.names}:
        return "name_last"
    if {t for n in a.names for t in n.split()} & {t for n in b.names for t in n.split()}:
        return "name_token"
    return "name_none"


def _overlap(x: tuple[Any, ...], y: tuple[Any, ...]) -> float:
    """Shared items over the smaller set (0 when either is empty)."""
    sx, sy = set(x), set(y)
    if not sx or not sy:
        return 0.0
    return len(sx & sy) / min(len(sx), len(sy))


def features(a: MentionKey, b: MentionKey) -> dict[str, float]:
    """What ``a`` and ``b`` share or contradict, as named values (symmetric); :func:`score`
    weighs them with :data:`WEIGHTS`."""
    f: dict[str, float] = {}
    da, db = _day(a.date_value), _day(b.date_value)
    if da and db:
        gap = abs((da - db).days)
        name = "date_same" if gap == 0 else "date_near" if gap == 1 else "date_far"
        if gap > 1 and (a.follow_up or b.follow_up):
            name = "date_far_follow_up"  # a follow-up may date the later event
        f[name] = 1.0
    if a.city and b.city:
        km = _km(a, b)
        if _norm(a.city) == _norm(b.city):
            f["city_same"] = 1.0
        elif km is not None and km < 30:
            f["city_near"] = 1.0
        else:
            f["city_other"] = 1.0
    elif a.county and b.county and _norm(a.county) == _norm(b.county):
        f["city_near"] = 1.0
    if a.state_guess and b.state_guess and a.state_guess != b.state_guess:
        f["state_other"] = 1.0
    if (n := _names_feature(a, b)) is not None:
        f[n] = 1.0
    if a.ages and b.ages:
        f["age_same" if set(a.ages) & set(b.ages) else "age_other"] = 1.0
    if a.killed is not None and b.killed is not None:
        f["killed_same" if a.killed == b.killed else "killed_other"] = 1.0
    if a.places and b.places:
        f["places"] = _overlap(a.places, b.places)
    if a.words and b.words:
        f["words"] = min(len(set(a.words) & set(b.words)), 8) / 8
    return f


# Log-odds weights of the features, fitted by logistic regression on GVA train pairs
# (scripts/dev_resolve.py --fit) and rounded.
BIAS = -3.25
WEIGHTS: dict[str, float] = {
    "date_same": 2.2,
    "date_near": 0.5,
    "date_far": -0.4,
    "date_far_follow_up": -1.3,
    "city_same": 1.9,
    "city_near": 1.3,
    "city_other": -0.7,
    "state_other": -1.3,
    "name_full": 3.2,
    "name_last": 0.6,
    "name_token": -0.4,
    "name_none": -1.8,
    "age_same": 1.9,
    "age_other": -1.1,
    "killed_same": 0.25,
    "killed_other": 0.0,
    "places": 1.7,
    "words": 4.3,
}
# The part of the score each feature is reported under (by the feature's first word).
_PART = {
    "date": "date", "city": "place", "state": "place", "name": "names", "age": "ages",
    "killed": "killed", "places": "places", "words": "words",
}  # fmt: skip


def score(a: MentionKey, b: MentionKey) -> Score:
    """How likely ``a`` and ``b`` report one incident, in [0, 1], with its parts: the
    log-odds each kind of evidence adds (``names: +3.0``); the total is the logistic of
    :data:`BIAS` plus the parts."""
    parts: dict[str, float] = {}
    for name, value in sorted(features(a, b).items()):
        weight = WEIGHTS.get(name, 0.0) * value
        if weight:
            part = _PART[name.split("_")[0]]
            parts[part] = parts.get(part, 0.0) + weight
    logit = BIAS + sum(parts.values())
    total = 1.0 / (1.0 + math.exp(-logit))
    return Score(total=round(total, 4), parts={k: round(v, 3) for k, v in parts.items()})
