"""Time expressions resolved against the publication time and the place's clock
(``incidents.time.v1``).

The NER finds DATE and TIME spans; this module says what day, week, month or year and what
clock time they mean, as the ``incidents[].date`` record of the analysis contract::

    {"value": "YYYY-MM-DD"|null, "granularity": "day|week|month|year", "earliest", "latest",
     "time": "HH:MM"|null, "timezone": IANA name|null, "evidence": [span]}

plus ``hedge`` ("about", "shortly before"), ``approximate``, ``part_of_day`` ("evening") and
``flags`` (``meridiem_guessed``, ``weekday_mismatch``).

Rules, chosen to never invent a day:

- The anchor is the publication day *in the place's time zone*: a zoned publication timestamp is
  converted to the zone of ``state`` (``data/timezones-v1.json``) before its date is taken; a bare
  day is taken as it is.
- ``tense`` ("past", "future" or None) decides which way an underspecified expression points;
  None reads as past, since reports are mostly about what happened. "Thursday" is the latest
  Thursday on or before publication (earliest on or after, for future); "last Thursday" is
  strictly before; "Jan. 7" without a year is its nearest occurrence on or before publication.
- Vague expressions keep their granularity and range: "this week" is week granularity, Monday to
  the publication day, ``value`` null; "earlier this month" is month granularity, the 1st to the
  publication day. A month or a year as a whole carries its first day as ``value`` together with
  its granularity ("October 2017" -> "2017-10-01", month), the convention of the sample gold;
  a week has no such convention and keeps ``value`` null. "overnight" is day granularity with
  ``value`` null and a two-day range.
- A clock time without a date ("2:19 p.m.") has every date field null and ``granularity`` null;
  :func:`combine` joins it to a date. A clock time without a.m./p.m. and with an hour of 1..11
  reads as p.m. for 1..6 and a.m. for 7..11 unless a part of day says otherwise, and is flagged
  ``meridiem_guessed``.
- Durations, frequencies and open ranges ("four days", "since 2017", "every Friday", "the past
  week") are not dates: they resolve to None.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from newsledger.analysis import Span
from newsledger.datafiles import DataFileError, read_versioned_json
from newsledger.nlp.components import doc_text

VERSION = "incidents.time.v1"
TIMEZONES_FILE = Path(__file__).resolve().parent.parent / "data" / "timezones-v1.json"

Tense = Literal["past", "future"] | None
GRANULARITIES = ("day", "week", "month", "year")


class TimexDataError(DataFileError):
    """The time-zone table is missing or malformed: a packaging bug."""


@dataclass(frozen=True, slots=True)
class TimeZones:
    version: str
    states: dict[str, str]
    zone_names: dict[str, str]
    families: dict[str, tuple[str, ...]]


@functools.cache
def load_timezones(path: Path = TIMEZONES_FILE) -> TimeZones:
    data = read_versioned_json(path, "the time-zone table")
    return TimeZones(
        version=str(data["version"]),
        states={k.upper(): v for k, v in data["states"].items()},
        zone_names={k.lower(): v for k, v in data["zone_names"].items()},
        families={k: tuple(v) for k, v in data["families"].items()},
    )


def data_versions() -> dict[str, str]:
    """Versioned names of the data this module reads, for ``producers``."""
    return {"gazetteers.timezones": load_timezones().version}


def state_zone(state: str | None) -> str | None:
    """The IANA zone of a two-letter state code (most populous zone for split states)."""
    if not state:
        return None
    return load_timezones().states.get(state.strip().upper())


@dataclass(frozen=True, slots=True)
class TimeValue:
    value: str | None
    granularity: str | None  # day | week | month | year; None for a clock time alone
    earliest: str | None
    latest: str | None
    time: str | None = None
    timezone: str | None = None
    evidence: tuple[Span, ...] = ()
    hedge: str | None = None  # "about", "shortly before", ... as written, lower-case
    part_of_day: str | None = None  # morning | afternoon | evening | night | early | late ...
    flags: tuple[str, ...] = field(default=())

    @property
    def approximate(self) -> bool:
        return self.hedge is not None

    @property
    def has_date(self) -> bool:
        return self.granularity is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "granularity": self.granularity,
            "earliest": self.earliest,
            "latest": self.latest,
            "time": self.time,
            "timezone": self.timezone,
            "evidence": [s.to_dict() for s in self.evidence],
            "hedge": self.hedge,
            "approximate": self.approximate,
            "part_of_day": self.part_of_day,
            "flags": list(self.flags),
        }


# ---------------------------------------------------------------------------------------------
# Publication anchor


def publication_day(published: str, *, state: str | None = None) -> date:
    """The publication day in the place's zone (or the timestamp's own, without a state)."""
    text = published.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        stamp = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(
            f"cannot read the publication time {published!r}: give an ISO day (2026-01-09) "
            "or an ISO timestamp with its offset (2026-01-09T14:05:00-08:00)"
        ) from exc
    zone = state_zone(state)
    if stamp.tzinfo is not None and zone is not None:
        stamp = stamp.astimezone(ZoneInfo(zone))
    return stamp.date()


# ---------------------------------------------------------------------------------------------
# Patterns (on lower-cased text with typographic apostrophes made plain)

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a few": 3,
}  # fmt: skip

_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WD = r"(?P<wd>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})(?!\d)"
_NUM = r"(?P<n>\d{1,2}|a couple of|a few|an|a|one|two|three|four|five|six|seven|eight|nine|ten)"

_NOT_A_DATE = re.compile(
    r"\b(?:since|until|till|through|throughout|every|each|per|annual|annually|daily|weekly|"
    r"monthly|yearly|decades?|century|centuries|for (?:the )?(?:past|last)|over the (?:past|last)|"
    r"in the (?:past|last)|"
    r"the (?:past|last) (?:few|several|\d+|two|three|four|five|week|month|year)|"
    r"recent|years? old|months? old|weeks? old|days? old|lasted|long)\b"
)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_NUMERIC = re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?\b")
_MONTH_DAY = re.compile(r"\b" + _MON + r"\s+" + _DAY + r"(?:\s*,?\s*" + _YEAR + r")?")
_DAY_MONTH = re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MON + r"(?:\s*,?\s*" + _YEAR + r")?")
_MONTH_YEAR = re.compile(r"\b" + _MON + r"\s*,?\s+(?:of\s+)?" + _YEAR)
_MONTH = re.compile(r"\b(?P<qual>early|mid|late|earlier in|later in)?[\s-]*" + _MON + r"(?![a-z])")
_WEEKDAY = re.compile(r"\b(?:(?P<rel>last|next|this|past|coming)\s+)?" + _WD + r"(?![a-z])")
_DAYS_AGO = re.compile(r"\b" + _NUM + r"\s+(?P<unit>day|week|month|year)s?\s+(?:ago|earlier)\b")
_WEEKEND = re.compile(r"\b(?P<rel>last|this|past|next|the)\s+weekend\b")
_PERIOD = re.compile(
    r"\b(?P<pos>earlier|later|early|late)?\s*(?:in\s+)?(?:the\s+)?"
    r"(?P<rel>this|last|next|past|previous)\s+(?P<unit>week|month|year)\b"
)
_YEAR_ONLY = re.compile(r"(?<![\d/-])" + _YEAR)
_RELATIVE_DAY = re.compile(
    r"\b(?P<word>the day before yesterday|day before yesterday|yesterday|today|tonight|"
    r"tomorrow|last night|overnight|this morning|this afternoon|this evening|earlier today|"
    r"later today)\b"
)
_PART_OF_DAY = re.compile(
    r"\b(?P<part>early morning|late night|predawn|pre-dawn|dawn|daybreak|morning|midday|"
    r"afternoon|evening|dusk|night|overnight|early|late)\b"
)

_MERIDIEM_TIME = re.compile(
    r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<mer>[ap])\.?\s?m\b\.?", re.IGNORECASE
)
_CLOCK_TIME = re.compile(r"\b(?P<h>\d{1,2}):(?P<m>\d{2})\b")
_NOON = re.compile(r"\b(?P<word>noon|midday|midnight)\b")
_HEDGE = re.compile(
    r"\b(?P<hedge>(?:shortly|just|right|sometime|some time|soon|moments|minutes|not long)\s+"
    r"(?:before|after)|before|after|about|around|approximately|approx\.|roughly|nearly|almost|"
    r"circa|some|near|by|until)\s*$"
)
_ZONE = re.compile(
    r"\b(?P<zone>pacific|mountain|central|eastern|alaska|hawaii(?:-aleutian)?)"
    r"(?:\s+(?:standard|daylight))?\s+time\b"
    r"|\b(?P<abbr>pt|pst|pdt|mt|mst|mdt|ct|cst|cdt|et|est|edt|akst|akdt|hst)\b"
)


# ---------------------------------------------------------------------------------------------
# Calendar helpers


_DatePart = tuple[str | None, str, str, str]  # value, granularity, earliest, latest


def _iso(d: date) -> str:
    return d.isoformat()


def _month_end(year: int, month: int) -> date:
    first_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_next - timedelta(days=1)


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _future(tense: Tense) -> bool:
    return tense == "future"


def _day(d: date) -> _DatePart:
    return _iso(d), "day", _iso(d), _iso(d)


def _week(start: date, end: date) -> _DatePart:
    return None, "week", _iso(start), _iso(end)


def _month(year: int, month: int, lo: date | None = None, hi: date | None = None) -> _DatePart:
    first, last = date(year, month, 1), _month_end(year, month)
    return _iso(first), "month", _iso(lo or first), _iso(hi or last)


def _year(year: int, lo: date | None = None, hi: date | None = None) -> _DatePart:
    return (
        _iso(date(year, 1, 1)),
        "year",
        _iso(lo or date(year, 1, 1)),
        _iso(hi or date(year, 12, 31)),
    )


def _nearest_month_day(month: int, day: int, pub: date, tense: Tense) -> date | None:
    """The occurrence of month/day nearest to ``pub`` on its side (on or before, or on or
    after for the future), looking at most four years away (29 February)."""
    step = 1 if _future(tense) else -1
    for offset in range(5):
        year = pub.year + step * offset
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if (candidate >= pub) if _future(tense) else (candidate <= pub):
            return candidate
    return None


def _weekday_date(weekday: int, pub: date, rel: str | None, tense: Tense) -> date:
    if rel in ("next", "coming") or (rel in (None, "this") and _future(tense)):
        ahead = (weekday - pub.weekday()) % 7
        if rel in ("next", "coming") and ahead == 0:
            ahead = 7
        return pub + timedelta(days=ahead)
    back = (pub.weekday() - weekday) % 7
    if rel in ("last", "past") and back == 0:
        back = 7
    return pub - timedelta(days=back)


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


# ---------------------------------------------------------------------------------------------
# The date part


@dataclass(slots=True)
class _DateResult:
    part: _DatePart
    part_of_day: str | None = None
    flags: list[str] = field(default_factory=list)


def _explicit_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_part(t: str, pub: date, tense: Tense) -> _DateResult | None:
    flags: list[str] = []
    wd_match = _WEEKDAY.search(t)

    def checked(d: date) -> _DateResult:
        if wd_match and _WEEKDAYS[wd_match.group("wd")] != d.weekday():
            flags.append("weekday_mismatch")
        return _DateResult(_day(d), flags=flags)

    if m := _ISO.search(t):
        d = _explicit_date(int(m["year"]), int(m["m"]), int(m["d"]))
        return checked(d) if d else None
    if m := _NUMERIC.search(t):
        month, day = int(m["m"]), int(m["d"])
        if m["y"]:
            year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
            d = _explicit_date(year, month, day)
        else:
            d = _nearest_month_day(month, day, pub, tense) if 1 <= month <= 12 else None
        return checked(d) if d else None
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        if m := pattern.search(t):
            month, day = _MONTHS[m["mon"]], int(m["day"])
            if m["year"]:
                d = _explicit_date(int(m["year"]), month, day)
            else:
                d = _nearest_month_day(month, day, pub, tense) if 1 <= day <= 31 else None
            return checked(d) if d else None
    if m := _MONTH_YEAR.search(t):
        return _DateResult(_month(int(m["year"]), _MONTHS[m["mon"]]))
    if m := _RELATIVE_DAY.search(t):
        word = m["word"]
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
        if "before yesterday" in word:
            offset = -2
        if word == "overnight":
            return _DateResult((None, "day", _iso(pub - timedelta(days=1)), _iso(pub)), "night")
        part = {"last night": "night", "tonight": "night"}.get(word)
        if word.startswith("this "):
            part = word.split()[1]
        return _DateResult(_day(pub + timedelta(days=offset)), part)
    if wd_match:
        rel = wd_match["rel"]
        d = _weekday_date(_WEEKDAYS[wd_match["wd"]], pub, rel, tense)
        return _DateResult(_day(d))
    if m := _DAYS_AGO.search(t):
        n = _number(m["n"])
        if n is None:
            return None
        unit = m["unit"]
        if unit == "day":
            return _DateResult(_day(pub - timedelta(days=n)))
        if unit == "week":
            d = pub - timedelta(days=7 * n)
            monday = d - timedelta(days=d.weekday())
            return _DateResult(_week(monday, monday + timedelta(days=6)))
        if unit == "month":
            return _DateResult(_month(*_add_months(pub.year, pub.month, -n)))
        return _DateResult(_year(pub.year - n))
    if m := _WEEKEND.search(t):
        rel = m["rel"]
        if rel == "next" or (rel in ("this", "the") and _future(tense)):
            saturday = pub + timedelta(days=(5 - pub.weekday()) % 7)
            if pub.weekday() == 6:
                saturday = pub - timedelta(days=1)
        else:
            saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
            if rel in ("last", "past") and pub.weekday() in (5, 6):
                saturday -= timedelta(days=7)
        sunday = saturday + timedelta(days=1)
        if not _future(tense) and rel != "next":
            sunday = min(sunday, pub)
        return _DateResult(_week(saturday, sunday))
    if m := _PERIOD.search(t):
        return _period(m["pos"], m["rel"], m["unit"], pub, tense)
    if m := _MONTH.search(t):
        return _month_alone(_MONTHS[m["mon"]], pub, tense)
    if m := _YEAR_ONLY.search(t):
        return _DateResult(_year(int(m["year"])))
    return None


def _period(pos: str | None, rel: str, unit: str, pub: date, tense: Tense) -> _DateResult:
    delta = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1}[rel]
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(days=7 * delta)
        lo, hi = monday, monday + timedelta(days=6)
    elif unit == "month":
        year, month = _add_months(pub.year, pub.month, delta)
        lo, hi = date(year, month, 1), _month_end(year, month)
    else:
        lo, hi = date(pub.year + delta, 1, 1), date(pub.year + delta, 12, 31)
    if delta == 0:
        if pos == "later" or (pos is None and _future(tense)):
            lo = pub
        elif pos != "late":
            hi = pub
    if unit == "week":
        return _DateResult(_week(lo, hi))
    if unit == "month":
        return _DateResult(_month(lo.year, lo.month, lo, hi))
    return _DateResult(_year(lo.year, lo, hi))


def _month_alone(month: int, pub: date, tense: Tense) -> _DateResult:
    if _future(tense):
        year = pub.year if month >= pub.month else pub.year + 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    lo, hi = date(year, month, 1), _month_end(year, month)
    if (year, month) == (pub.year, pub.month):
        lo, hi = (pub, hi) if _future(tense) else (lo, pub)
    return _DateResult(_month(year, month, lo, hi))


# ---------------------------------------------------------------------------------------------
# The clock part


@dataclass(slots=True)
class _ClockResult:
    time: str
    hedge: str | None
    zone_family: str | None
    guessed: bool


def _clock_part(t: str, part_of_day: str | None) -> _ClockResult | None:
    hour: int | None = None
    minute = 0
    guessed = False
    start = 0
    if m := _MERIDIEM_TIME.search(t):
        hour, minute = int(m["h"]), int(m["m"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        hour = hour % 12 + (12 if m["mer"].lower() == "p" else 0)
        start, end = m.start(), m.end()
    elif m := _CLOCK_TIME.search(t):
        hour, minute = int(m["h"]), int(m["m"])
        if hour > 23 or minute > 59:
            return None
        if 1 <= hour <= 12:
            hour, guessed = _meridiem(hour, part_of_day)
        start, end = m.start(), m.end()
    elif m := _NOON.search(t):
        hour = 0 if m["word"] == "midnight" else 12
        start, end = m.start(), m.end()
    if hour is None:
        return None
    hedge_match = _HEDGE.search(t[:start])
    hedge = re.sub(r"\s+", " ", hedge_match["hedge"]) if hedge_match else None
    zone_match = _ZONE.search(t, end)
    family = None
    if zone_match:
        key = zone_match["zone"] or zone_match["abbr"]
        family = load_timezones().zone_names.get(key)
    return _ClockResult(f"{hour:02d}:{minute:02d}", hedge, family, guessed)


_PM_PARTS = {"afternoon": range(1, 12), "evening": range(1, 12), "dusk": range(1, 12),
             "night": range(6, 12), "late night": range(6, 12)}  # fmt: skip
_AM_PARTS = {"morning", "early morning", "predawn", "pre-dawn", "dawn", "daybreak", "early"}


def _meridiem(hour: int, part_of_day: str | None) -> tuple[int, bool]:
    """A 1..12 clock hour without a.m./p.m. on the 24-hour clock, and whether it was guessed:
    the part of day decides when there is one, else 1..6 is p.m. and 7..11 a.m."""
    if part_of_day in _PM_PARTS:
        if hour in _PM_PARTS[part_of_day]:
            return hour + 12, False
        return (0 if hour == 12 else hour), False
    if part_of_day in _AM_PARTS:
        return (0 if hour == 12 else hour), False
    if hour == 12:
        return 12, True
    return (hour + 12 if hour <= 6 else hour), True


def _zone_of_family(family: str, place_zone: str | None) -> str:
    zones = load_timezones().families[family]
    return place_zone if place_zone in zones else zones[0]


# ---------------------------------------------------------------------------------------------
# Public API


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'")).strip().lower()


def resolve_expression(
    text: str,
    published: str,
    *,
    state: str | None = None,
    tense: Tense = None,
    start: int = 0,
) -> TimeValue | None:
    """Resolve one date/time expression as written ("Thursday afternoon", "about 2:19 p.m.",
    "earlier this month") against the publication time (ISO day or zoned timestamp) in the zone
    of ``state`` (a two-letter code). ``start`` is the expression's offset in the article, for
    its evidence span. None when the text is not a resolvable date or time."""
    t = _normalise(text)
    if not t or _NOT_A_DATE.search(t):
        return None
    pub = publication_day(published, state=state)
    place_zone = state_zone(state)
    date_result = _date_part(t, pub, tense)
    part_of_day = date_result.part_of_day if date_result else None
    day_or_none = date_result is None or date_result.part[1] == "day"
    if part_of_day is None and day_or_none and (m := _PART_OF_DAY.search(t)):
        part_of_day = m["part"]
    clock = _clock_part(t, part_of_day)
    if date_result is None and clock is None:
        return None
    flags = list(date_result.flags) if date_result else []
    zone = place_zone
    hedge = None
    time = None
    if clock is not None:
        time, hedge = clock.time, clock.hedge
        if clock.zone_family:
            zone = _zone_of_family(clock.zone_family, place_zone)
        if clock.guessed:
            flags.append("meridiem_guessed")
    elif date_result is not None and (h := _HEDGE.search(t[: _first_date_index(t)])):
        hedge = h["hedge"]
    value, granularity, earliest, latest = (
        date_result.part if date_result else (None, None, None, None)
    )
    return TimeValue(
        value=value,
        granularity=granularity,
        earliest=earliest,
        latest=latest,
        time=time,
        timezone=zone,
        evidence=(Span(start, start + len(text), text),),
        hedge=hedge,
        part_of_day=part_of_day if granularity in ("day", None) else None,
        flags=tuple(flags),
    )


def _first_date_index(t: str) -> int:
    m = re.search(r"\d|" + _MON + "|" + _WD + r"|yesterday|today|this|last|earlier|later", t)
    return m.start() if m else 0


def combine(day: TimeValue, clock: TimeValue) -> TimeValue:
    """A date ("Thursday") and a clock time ("about 2:19 p.m.") of the same event as one value;
    the date's fields win for the day, the clock's for the time, hedge and named zone."""
    return replace(
        day,
        time=clock.time if clock.time is not None else day.time,
        timezone=clock.timezone or day.timezone,
        evidence=tuple(sorted({*day.evidence, *clock.evidence}, key=lambda s: s.start)),
        hedge=clock.hedge or day.hedge,
        part_of_day=day.part_of_day or clock.part_of_day,
        flags=tuple(dict.fromkeys((*day.flags, *clock.flags))),
    )


_FUTURE_AUX = {"will", "'ll", "shall", "wo"}
_PAST_TAGS = {"VBD", "VBN"}


def tense_of(span: SpacySpan) -> Tense:
    """The tense of the clause an entity sits in, from the parse: future for will/shall or
    "going to", past for a past or perfect verb, else None."""
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    lowers = {c.lower_ for c in auxes}
    if lowers & _FUTURE_AUX or (tok.lower_ == "going" and any(c.lower_ == "to" for c in auxes)):
        return "future"
    if any(c.lower_ == "going" for c in auxes) and tok.tag_ == "VB":
        return "future"
    if tok.tag_ in _PAST_TAGS or any(c.tag_ in _PAST_TAGS for c in auxes):
        return "past"
    if lowers & {"has", "have", "had"}:
        return "past"
    return None


_JOIN_GAP = re.compile(r"^\s*(?:,|on|at|,\s*on|,\s*at)?\s*$", re.IGNORECASE)


def _joined_entities(doc: Doc) -> Iterable[SpacySpan]:
    """DATE and TIME entities, with neighbours joined when only "on", "at" or a comma lies
    between them ("Thursday" + "afternoon", "about 11:40 p.m." + "Saturday")."""
    ents = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    i = 0
    while i < len(ents):
        first = last = ents[i]
        while (
            i + 1 < len(ents)
            and ents[i + 1].sent.start == first.sent.start
            and _JOIN_GAP.match(doc_text(doc)[last.end_char : ents[i + 1].start_char])
        ):
            i += 1
            last = ents[i]
        yield doc[first.start : last.end]
        i += 1


def find_time_expressions(
    doc: Doc, published: str, *, state: str | None = None, tense: Tense = None
) -> list[tuple[Span, TimeValue]]:
    """Every DATE/TIME entity of a parsed Doc that resolves, with its span; neighbouring DATE
    and TIME entities of one expression are resolved together. ``tense`` overrides the tense
    read from each entity's clause."""
    out: list[tuple[Span, TimeValue]] = []
    for ent in _joined_entities(doc):
        value = resolve_expression(
            ent.text,
            published,
            state=state,
            tense=tense if tense is not None else tense_of(ent),
            start=ent.start_char,
        )
        if value is not None:
            out.append((Span(ent.start_char, ent.end_char, ent.text), value))
    return out
