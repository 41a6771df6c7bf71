"""Law-enforcement agencies named in an article (``incidents.agencies.v1``).

One record per agency per article, with every span that names it, in the shape of the analysis
contract's ``incidents[].agencies``::

    {"name", "code", "parent", "level": "federal|state|local", "evidence": [span]}

plus ``key`` (a stable identity for merging across articles), ``generic`` (the text names a kind
of agency, not one agency) and ``state`` (for state agencies).

Where the agencies come from (``data/agencies-v1.json``):

- **federal**: DHS and its components (ICE with ERO and HSI, CBP with USBP, OFO and AMO, USSS,
  USCG, FPS), DOJ and its (FBI, DEA, ATF, USMS, BOP), the National Guard, and a few without a
  contract code (U.S. Capitol Police, U.S. Park Police), by name, alias and case-sensitive
  acronym; U.S. Attorney's Offices by pattern, with their district as written.
- **state**: the main state police or highway patrol of all 50 states and some state
  investigative bureaus, by name; their acronyms count only beside the full name.
- **local**: police departments and sheriffs' offices by pattern: capitalised place words before
  a head ("Portland Police Bureau", "Columbus Division of Police", "San Patricio County Sheriff's
  Office"), "{place} police" and "police in {place}". An official name and the generic forms of
  the same place and kind are one agency ("Columbus police" joins "Columbus Division of Police");
  without an official name the record is called "{place} police" or "{place} sheriff".
- **generic**: "federal immigration agents" (parent DHS: every agency whose agents enforce
  immigration law is a DHS component), "federal agents" (no parent), "federal prosecutors"
  (parent DOJ): code null, name as first written, ``generic`` true.

Anaphors are resolved only when the article leaves one candidate: "the department" joins the one
agency whose name has "Department", "the sheriff's office" the one sheriff's office, "police said"
the one local police agency, "state police" the one state agency (or the main agency of the state
given as a hint). With no candidate, "the county sheriff's office" and the like become generic
local records; bare "police" never does; with two candidates nothing is added.

The matchers are built once per spaCy Vocab and cached; nothing is compiled per document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.lang.en import English
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.vocab import Vocab

from newsledger.analysis import Span
from newsledger.datafiles import DataFileError, read_versioned_json

VERSION = "incidents.agencies.v1"
AGENCIES_FILE = Path(__file__).resolve().parent.parent / "data" / "agencies-v1.json"
LEVELS = ("federal", "state", "local")


class AgencyDataError(DataFileError):
    """The agency gazetteer is missing or malformed: a packaging bug."""


@dataclass(frozen=True, slots=True)
class AgencyRecord:
    """An agency of the gazetteer."""

    key: str
    name: str
    code: str | None
    parent: str | None
    level: str
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    context_acronyms: tuple[str, ...] = ()
    state: str | None = None
    main: bool = False


@dataclass(frozen=True, slots=True)
class GenericRecord:
    key: str
    parent: str | None
    level: str
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Gazetteer:
    version: str
    states: dict[str, str]  # code -> name
    agencies: tuple[AgencyRecord, ...]
    generic: tuple[GenericRecord, ...]
    local: dict[str, tuple[str, ...]]


def _apostrophes(text: str) -> str:
    return text.replace("\u2019", "'")


@functools.cache
def load_gazetteer(path: Path = AGENCIES_FILE) -> Gazetteer:
    data = read_versioned_json(path, "the agency gazetteer")
    agencies: list[AgencyRecord] = []
    for item in data["federal"]:
        code = item["code"]
        agencies.append(
            AgencyRecord(
                key=code or f"federal:{item['name'].lower()}",
                name=item["name"],
                code=code,
                parent=item["parent"],
                level=item["level"],
                aliases=tuple(item["aliases"]),
                acronyms=tuple(item["acronyms"]),
            )
        )
    for item in data["state"]:
        agencies.append(
            AgencyRecord(
                key=f"state:{item['state']}:{item['name'].lower()}",
                name=item["name"],
                code=None,
                parent=None,
                level="state",
                aliases=(item["name"], *item["aliases"]),
                context_acronyms=tuple(item["context_acronyms"]),
                state=item["state"],
                main=bool(item["main"]),
            )
        )
    bad = [a.name for a in agencies if a.level not in LEVELS]
    if bad:
        raise AgencyDataError(f"{path}: unknown levels for {bad}")
    generic = tuple(
        GenericRecord(g["key"], g["parent"], g["level"], tuple(g["phrases"]))
        for g in data["generic"]
    )
    return Gazetteer(
        version=str(data["version"]),
        states=dict(data["states"]),
        agencies=tuple(agencies),
        generic=generic,
        local={k: tuple(v) for k, v in data["local"].items()},
    )


def data_versions() -> dict[str, str]:
    """Versioned names of the data this module reads, for ``producers``."""
    return {"gazetteers.agencies": load_gazetteer().version}


@dataclass(frozen=True, slots=True)
class AgencyMention:
    """One agency named in an article, with every span that names it."""

    name: str
    code: str | None
    parent: str | None
    level: str
    evidence: tuple[Span, ...]
    key: str
    generic: bool = False
    state: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "code": self.code,
            "parent": self.parent,
            "level": self.level,
            "evidence": [s.to_dict() for s in self.evidence],
            "key": self.key,
            "generic": self.generic,
            "state": self.state,
        }


# ---------------------------------------------------------------------------------------------
# Matchers, once per Vocab


@dataclass(slots=True)
class _Matchers:
    lower: PhraseMatcher
    exact: PhraseMatcher
    labels: dict[str, Any]  # match label -> what it means


def _variants(alias: str) -> list[str]:
    out = [alias]
    if alias.startswith("U.S. "):
        rest = alias[5:]
        out += [f"US {rest}", f"United States {rest}"]
    if "'" in alias:
        out += [a.replace("'", "\u2019") for a in list(out)]
    return out


@functools.lru_cache(maxsize=8)
def _matchers(vocab: Vocab) -> _Matchers:
    gaz = load_gazetteer()
    tokenizer = English(vocab=vocab).tokenizer  # the default English rules, shared vocab
    lower = PhraseMatcher(vocab, attr="LOWER")
    exact = PhraseMatcher(vocab, attr="ORTH")
    labels: dict[str, Any] = {}

    def add(matcher: PhraseMatcher, label: str, phrases: Iterable[str], meaning: Any) -> None:
        docs = [tokenizer(v) for p in phrases for v in _variants(p)]
        if docs:
            matcher.add(label, docs)
            labels[label] = meaning

    for i, rec in enumerate(gaz.agencies):
        add(lower, f"agency:{i}", rec.aliases, ("agency", rec))
        add(exact, f"acronym:{i}", rec.acronyms, ("agency", rec))
        add(exact, f"context:{i}", rec.context_acronyms, ("context", rec))
    for g in gaz.generic:
        add(lower, f"generic:{g.key}", g.phrases, ("generic", g))
    local = gaz.local
    add(exact, "head:police:official", local["police_official_heads"], ("head", "police", True))
    add(exact, "head:sheriff:official", local["sheriff_official_heads"], ("head", "sheriff", True))
    add(lower, "head:police:generic", local["police_generic_heads"], ("head", "police", False))
    add(lower, "head:sheriff:generic", local["sheriff_generic_heads"], ("head", "sheriff", False))
    add(lower, "state-generic", local["state_generic"], ("state-generic",))
    add(
        lower,
        "anaphor",
        [f"the {noun}" for noun in local["anaphor_nouns"]],
        ("anaphor",),
    )
    add(lower, "usao", ["U.S. Attorney's Office"], ("usao",))
    return _Matchers(lower, exact, labels)


# ---------------------------------------------------------------------------------------------
# Finding


@dataclass(slots=True)
class _Candidate:
    start: int  # token offsets
    end: int
    priority: int  # lower wins a tie of length
    kind: str  # agency | context | generic | local | anaphor-local | state-generic | anaphor | usao
    record: AgencyRecord | GenericRecord | None = None
    local_kind: str | None = None  # police | sheriff
    place: str | None = None
    official: bool = False
    head: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _is_place_token(tok: Any, not_places: frozenset[str]) -> bool:
    text = tok.text
    if text in not_places or tok.lower_ in STOP_WORDS:
        return False
    if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERSON", "MONEY"):
        return False
    if not (tok.is_title or (tok.is_upper and len(text) > 1) or text in ("St.", "Ft.", "Mt.")):
        return False
    return not (tok.is_sent_start and tok.pos_ not in ("PROPN", "X"))


def _place_left(
    doc: Doc, start: int, not_places: frozenset[str], place_words: frozenset[str]
) -> int:
    j = start
    while j > 0:
        tok = doc[j - 1]
        if tok.text == "-" and j >= 2 and doc[j - 2].is_title and not tok.whitespace_:
            j -= 1
            continue
        if not _is_place_token(tok, not_places):
            break
        j -= 1
    while j < start and (doc[j].text == "-" or (doc[j].text in place_words and j == start - 1)):
        j += 1
    if all(doc[k].text in place_words or doc[k].text == "-" for k in range(j, start)):
        return start
    return j


def _norm_place(text: str) -> str:
    return re.sub(r"\s+", " ", _apostrophes(text).replace(".", "")).strip().lower()


def _candidates(doc: Doc) -> list[_Candidate]:
    m = _matchers(doc.vocab)
    gaz = load_gazetteer()
    not_places = frozenset(gaz.local["not_places"])
    place_words = frozenset(gaz.local["place_words"])
    strings = doc.vocab.strings
    out: list[_Candidate] = []
    for match_id, start, end in [*m.lower(doc), *m.exact(doc)]:
        meaning = m.labels[strings[match_id]]
        what = meaning[0]
        if what in ("agency", "context"):
            out.append(_Candidate(start, end, 0, what, record=meaning[1]))
        elif what == "generic":
            out.append(_Candidate(start, end, 0, "generic", record=meaning[1]))
        elif what == "usao":
            out.append(_usao(doc, start, end))
        elif what == "state-generic":
            out.append(_Candidate(start, end, 3, "state-generic"))
        elif what == "anaphor":
            nxt = doc[end] if end < len(doc) else None
            if nxt is None or nxt.lower_ not in ("of", "'s", "\u2019s"):
                out.append(_Candidate(start, end, 4, "anaphor", head=doc[end - 1].lower_))
        elif what == "head":
            cand = _local(doc, start, end, meaning[1], meaning[2], not_places, place_words)
            if cand is not None:
                out.append(cand)
    return out


def _usao(doc: Doc, start: int, end: int) -> _Candidate:
    """ "U.S. Attorney's Office", extended over "for the (Northern) District of Oregon"."""
    stop = end
    if end + 1 < len(doc) and doc[end].lower_ == "for" and doc[end + 1].lower_ == "the":
        k = end + 2
        while k < min(len(doc), end + 6) and doc[k].is_title and doc[k].text != "District":
            k += 1
        if k + 2 < len(doc) and doc[k].text == "District" and doc[k + 1].lower_ == "of":
            k += 2
            while k < len(doc) and doc[k].is_title:
                k += 1
            stop = k
    return _Candidate(start, stop, 0, "usao")


def _local(
    doc: Doc,
    start: int,
    end: int,
    local_kind: str,
    official: bool,
    not_places: frozenset[str],
    place_words: frozenset[str],
) -> _Candidate | None:
    head = doc[start:end]
    gaz_local = load_gazetteer().local
    if end < len(doc) and doc[end].lower_ in ("departments", "offices", "bureaus"):
        return None
    place_start = _place_left(doc, start, not_places, place_words)
    if place_start < start:
        place = doc[place_start:start].text
        # "Columbus police" is generic; so is a lower-case head after a place
        return _Candidate(
            place_start,
            end,
            1 if official else 2,
            "local",
            local_kind=local_kind,
            place=place,
            official=official and head[0].is_title,
            head=_apostrophes(head.text),
        )
    if local_kind == "police" and head.text.lower() == "police":
        # "police in Tulsa"
        if end + 1 < len(doc) and doc[end].lower_ == "in" and doc[end + 1].ent_type_ == "GPE":
            k = end + 1
            while k < len(doc) and doc[k].ent_type_ == "GPE" and doc[k].ent_iob_ != "O":
                k += 1
                if k < len(doc) and doc[k].ent_iob_ == "B":
                    break
            return _Candidate(
                start, k, 2, "local", local_kind="police", place=doc[end + 1 : k].text
            )
        nxt = doc[end] if end < len(doc) else None
        allowed = frozenset(gaz_local["police_anaphor_next"])
        if nxt is not None and not (nxt.is_punct or nxt.lower_ in allowed):
            return None
    # No place: an anaphor of its kind; widen over "the county", "city", "local".
    s = start
    while s > 0 and doc[s - 1].lower_ in ("county", "city", "local"):
        s -= 1
    if s > 0 and doc[s - 1].lower_ == "the":
        s -= 1
    bare = head.text.lower() in ("police", "sheriff")
    qualified = any(doc[k].lower_ in ("county", "city", "local") for k in range(s, start))
    return _Candidate(
        s,
        end,
        4,
        "anaphor-local",
        local_kind=local_kind,
        head=head.text,
        extra={"creates": qualified or not bare},
    )


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then by priority; a token belongs to one candidate."""
    taken: set[int] = set()
    chosen: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.priority, c.start)):
        if any(i in taken for i in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


@dataclass(slots=True)
class _Group:
    key: str
    name: str
    code: str | None
    parent: str | None
    level: str
    spans: list[Span]
    generic: bool = False
    state: str | None = None
    local_kind: str | None = None
    official: bool = False


def _span(doc: Doc, start: int, end: int) -> Span:
    sp: SpacySpan = doc[start:end]
    return Span(sp.start_char, sp.end_char, sp.text)


def find_agencies(doc: Doc, *, state: str | None = None) -> list[AgencyMention]:
    """The agencies a parsed article names, one record each with all its evidence, in order of
    first mention. ``state`` (two-letter code), when known, resolves "state police"."""
    gaz = load_gazetteer()
    groups: dict[str, _Group] = {}
    deferred: list[_Candidate] = []

    def group(key: str, **kwargs: Any) -> _Group:
        if key not in groups:
            groups[key] = _Group(key=key, spans=[], **kwargs)
        return groups[key]

    for c in _select(_candidates(doc)):
        if c.kind == "agency" and isinstance(c.record, AgencyRecord):
            rec = c.record
            g = group(
                rec.key,
                name=rec.name,
                code=rec.code,
                parent=rec.parent,
                level=rec.level,
                state=rec.state,
            )
            start = c.start
            if rec.code == "NG":
                start = _guard_prefix(doc, c.start, gaz, g)
            g.spans.append(_span(doc, start, c.end))
        elif c.kind == "generic" and isinstance(c.record, GenericRecord):
            rec_g = c.record
            text = doc[c.start : c.end].text
            g = group(
                f"generic:{rec_g.key}",
                name=text.lower(),
                code=None,
                parent=rec_g.parent,
                level=rec_g.level,
                generic=True,
            )
            g.spans.append(_span(doc, c.start, c.end))
        elif c.kind == "usao":
            text = _apostrophes(doc[c.start : c.end].text)
            g = group(
                f"federal:{_norm_place(text)}",
                name=text,
                code=None,
                parent="DOJ",
                level="federal",
            )
            g.spans.append(_span(doc, c.start, c.end))
        elif c.kind == "local" and c.place is not None and c.local_kind is not None:
            key = f"local:{c.local_kind}:{_norm_place(c.place)}"
            if c.official:
                name = f"{_apostrophes(c.place)} {c.head}"
            else:
                name = f"{_apostrophes(c.place)} {c.local_kind}"
            g = group(key, name=name, code=None, parent=None, level="local")
            g.local_kind = c.local_kind
            if c.official and not g.official:
                g.name, g.official = name, True
            g.spans.append(_span(doc, c.start, c.end))
        else:
            deferred.append(c)
    _resolve_deferred(doc, deferred, groups, gaz, state)
    _initials(doc, groups)
    mentions = [
        AgencyMention(
            name=g.name,
            code=g.code,
            parent=g.parent,
            level=g.level,
            evidence=tuple(sorted(set(g.spans), key=lambda s: s.start)),
            key=g.key,
            generic=g.generic,
            state=g.state,
        )
        for g in groups.values()
        if g.spans
    ]
    return sorted(mentions, key=lambda m: m.evidence[0].start)


def _guard_prefix(doc: Doc, start: int, gaz: Gazetteer, g: _Group) -> int:
    """ "Oregon National Guard": the state; "federalized National Guard": level federal."""
    by_name = {name.lower(): code for code, name in gaz.states.items()}
    for width in (2, 1):
        if start - width >= 0:
            words = doc[start - width : start].text.lower()
            if words in by_name:
                g.state = g.state or by_name[words]
                start -= width
                break
    if any(t.lower_ == "federalized" for t in doc[max(0, start - 3) : start]):
        g.level = "federal"
    return start


def _resolve_deferred(
    doc: Doc,
    deferred: list[_Candidate],
    groups: dict[str, _Group],
    gaz: Gazetteer,
    state: str | None,
) -> None:
    found = list(groups.values())
    for c in deferred:
        span = _span(doc, c.start, c.end)
        if c.kind == "context" and isinstance(c.record, AgencyRecord):
            acronym = doc[c.start : c.end].text
            owners = [g for g in found if g.key in _context_owner_map().get(acronym, ())]
            if len(owners) == 1:
                owners[0].spans.append(span)
        elif c.kind == "anaphor":
            noun = c.head or ""
            owners = [g for g in found if not g.generic and noun in g.name.lower().split()]
            if len(owners) == 1:
                owners[0].spans.append(span)
        elif c.kind == "anaphor-local":
            owners = [g for g in found if g.local_kind == c.local_kind]
            if len(owners) == 1:
                owners[0].spans.append(span)
            elif not owners and c.extra.get("creates"):
                text = re.sub(r"^(the|a)\s+", "", _apostrophes(span.text), flags=re.I).lower()
                g = groups.setdefault(
                    f"local-generic:{c.local_kind}",
                    _Group(
                        key=f"local-generic:{c.local_kind}",
                        name=text,
                        code=None,
                        parent=None,
                        level="local",
                        spans=[],
                        generic=True,
                        local_kind=c.local_kind,
                    ),
                )
                g.spans.append(span)
        elif c.kind == "state-generic":
            owners = [g for g in found if g.level == "state" and g.code is None]
            if len(owners) == 1:
                owners[0].spans.append(span)
            elif not owners:
                main = _main_state_agency(gaz, state)
                if main is not None:
                    g = groups.setdefault(
                        main.key,
                        _Group(
                            key=main.key,
                            name=main.name,
                            code=None,
                            parent=None,
                            level="state",
                            spans=[],
                            state=main.state,
                        ),
                    )
                else:
                    text = re.sub(r"^(the)\s+", "", span.text, flags=re.I).lower()
                    g = groups.setdefault(
                        "state-generic",
                        _Group(
                            key="state-generic",
                            name=text,
                            code=None,
                            parent=None,
                            level="state",
                            spans=[],
                            generic=True,
                        ),
                    )
                g.spans.append(span)


@functools.cache
def _context_owner_map() -> dict[str, frozenset[str]]:
    owners: dict[str, set[str]] = {}
    for rec in load_gazetteer().agencies:
        for acronym in rec.context_acronyms:
            owners.setdefault(acronym, set()).add(rec.key)
    return {k: frozenset(v) for k, v in owners.items()}


def _main_state_agency(gaz: Gazetteer, state: str | None) -> AgencyRecord | None:
    if not state:
        return None
    code = state.strip().upper()
    for rec in gaz.agencies:
        if rec.main and rec.state == code:
            return rec
    return None


_SKIP_INITIAL = {"of", "the", "and", "for", "'s", "s"}


def _initials(doc: Doc, groups: dict[str, _Group]) -> None:
    """Local and state agencies named in full may be named again by their initials
    ("Charlotte-Mecklenburg Police Department" ... "CMPD")."""
    by_initials: dict[str, list[_Group]] = {}
    for g in groups.values():
        if g.code is not None or g.generic or not (g.official or g.level == "state"):
            continue
        words = [w for w in re.split(r"[\s\-]+", g.name.replace("'s", "")) if w]
        letters = "".join(w[0] for w in words if w.lower() not in _SKIP_INITIAL and w[0].isupper())
        if len(letters) >= 3:
            by_initials.setdefault(letters, []).append(g)
    if not by_initials:
        return
    covered = {(s.start, s.end) for g in groups.values() for s in g.spans}
    for tok in doc:
        owners = by_initials.get(tok.text)
        if owners and len(owners) == 1 and (tok.idx, tok.idx + len(tok)) not in covered:
            owners[0].spans.append(Span(tok.idx, tok.idx + len(tok), tok.text))
