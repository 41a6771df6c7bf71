"""Incident fields as sets of claims, and the named views that pick what to display.

Every field of an incident holds every value its articles reported, each with the claims that
carry it (source, role, certainty, article, span, publication time): :func:`fields_of`. A value
is tied to a claim when the value's evidence span lies inside the claim's content (or its cue:
"charged with" tells a charge); a value with
no such claim keeps its evidence span with ``id: null`` (the outlet's text, framing unknown).

What is *displayed* is computed by a view, a named and versioned rule, never stored over the
values (the ``incidents`` table caches the default view for lists, and :func:`refresh` rebuilds
that cache whenever an incident's mentions change). The views:

- ``latest``: the value of the most recently published report;
- ``most_specific`` (default): the finest date; the place most articles report (ties: the
  finest); for counts, the value the most articles report (ties: the latest);
- ``official``: only claims by law enforcement, officials, elected officials and medical
  examiners, then the latest;
- ``independent``: leaves out claims by law enforcement and by the agencies involved, then the
  most specific;
- ``conservative``: the lowest count, the date range that covers every report, the place
  every report agrees on (a state when the cities differ).

List fields (types, agencies, weapons, charges) show every value the view admits; participants show,
for each role and outcome, the description with the largest count (reports of one incident
describe the same people).

**Accounts** (``data/accounts-v1.json``, ``resolve.accounts.v1``) are what the claims say the
subject or the officers did ("weaponized his vehicle": the subject drove at officers; "as he
was trying to leave": the subject was moving away; "fired first"); two opposed accounts asserted
for one incident are a conflict, with every claim and its source.

Every view leaves out values carried only by claims in opinion sentences or by claims the
report frames as denied. Single-valued fields (date, time, place, killed, injured) list
**conflicts**: values that cannot both be true (dates whose ranges do not overlap, different
cities or states, different counts or times).
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsledger.datafiles import read_versioned_json
from newsledger.errors import UsageError
from newsledger.store import Store
from newsledger.store.schema import (
    articles,
    claims,
    incident_facets,
    incident_mentions,
    incidents,
    revisions,
)

VERSION = "v1"
VIEWS: dict[str, str] = {
    "most_specific": "the finest date; the place and counts most articles report",
    "latest": "the value of the most recently published report",
    "official": "only claims by law enforcement, officials and medical examiners; the latest",
    "independent": "leaves out law enforcement and the agencies involved; the most specific",
    "conservative": "the lowest count, the date range covering every report, the agreed place",
}
DEFAULT_VIEW = "most_specific"

SCALAR_FIELDS = ("date", "time", "location", "killed", "injured")
SET_FIELDS = ("types", "agencies", "participants", "weapons", "charges", "accounts")
FIELDS = SCALAR_FIELDS + SET_FIELDS

OFFICIAL_ROLES = frozenset({"law_enforcement", "official", "elected_official", "medical_examiner"})
_PRECISION = {"address": 0, "city": 1, "county": 2, "state": 3, "country": 4}
_GRANULARITY = {"day": 0, "week": 1, "month": 2, "year": 3}


ACCOUNTS_FILE = Path(str(resources.files("newsledger") / "data" / "accounts-v1.json"))


@dataclass(frozen=True, slots=True)
class Accounts:
    version: str
    patterns: dict[str, re.Pattern[str]]
    opposed: tuple[tuple[str, str], ...]


@functools.cache
def load_accounts(path: Path = ACCOUNTS_FILE) -> Accounts:
    """The lexicon of accounts (what the subject or the officers did), read once."""
    data = read_versioned_json(path, "the accounts lexicon")
    patterns = {
        name: re.compile(
            r"\b(?:"
            + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
            + r")\b"
        )
        for name, phrases in data["accounts"].items()
    }
    opposed = tuple((str(a), str(b)) for a, b in data["opposed"])
    return Accounts(str(data["version"]), patterns, opposed)


def view_rule(name: str) -> str:
    """The versioned rule name of a view, as exports and records state it."""
    check_view(name)
    return f"view.{name}.{VERSION}"


def check_view(name: str) -> str:
    if name not in VIEWS:
        raise UsageError(
            f"unknown view {name!r}",
            hint=f"Choose one of: {', '.join(VIEWS)}.",
        )
    return name


# -- reading what an incident's articles say


@dataclass(slots=True)
class _Mention:
    id: str
    article_hash: str
    article_id: str
    outlet: str | None
    title: str | None
    genre: str | None
    published_at: str | None
    data: dict[str, Any]
    claim_ids: list[str]


def instant(published_at: str | None) -> str:
    """A publication time as a UTC string that sorts. A bare day counts as its last moment
    (what it reports was known by the end of that day, not before reports with a time on it),
    and an unknown time sorts last."""
    if not published_at:
        return "9999"
    if len(published_at) == 10:
        published_at += "T23:59:59+00:00"
    try:
        parsed = datetime.fromisoformat(published_at)
    except ValueError:
        return published_at
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat()


def _mentions(conn: Connection, incident_id: str) -> list[_Mention]:
    return _mentions_of(conn, [incident_id]).get(incident_id, [])


def _mentions_of(conn: Connection, incident_ids: Sequence[str]) -> dict[str, list[_Mention]]:
    """The mentions of each incident, in publication order (the reporting clock; ties by
    mention id, so the order is stable)."""
    im, a = incident_mentions.c, articles.c
    out: dict[str, list[_Mention]] = defaultdict(list)
    for start in range(0, len(incident_ids), 500):
        rows = conn.execute(
            sa.select(
                im.incident_id,
                im.id,
                im.article_hash,
                im.data,
                im.claim_ids,
                im.published_at,
                a.id.label("article_id"),
                a.outlet,
                a.title,
                a.genre,
            )
            .join(articles, a.content_hash == im.article_hash)
            .where(im.incident_id.in_(list(incident_ids[start : start + 500])))
        ).all()
        for r in rows:
            out[r.incident_id].append(
                _Mention(
                    id=r.id,
                    article_hash=r.article_hash,
                    article_id=r.article_id,
                    outlet=r.outlet,
                    title=r.title,
                    genre=r.genre,
                    published_at=r.published_at,
                    data=dict(r.data or {}),
                    claim_ids=list(r.claim_ids or []),
                )
            )
    for mentions in out.values():
        mentions.sort(key=lambda m: (instant(m.published_at), m.id))
    return out


def _claims_by_article(conn: Connection, hashes: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    c = claims.c
    for start in range(0, len(hashes), 500):
        for row in conn.execute(
            sa.select(c.id, c.article_hash, c.data, c.published_at)
            .where(c.article_hash.in_(list(hashes[start : start + 500])))
            .order_by(c.article_hash, c.idx)
        ):
            out[row.article_hash].append(
                {**row.data, "id": row.id, "published_at": row.published_at}
            )
    return out


def _claim_ref(
    claim: dict[str, Any] | None, m: _Mention, span: dict[str, Any] | None
) -> dict[str, Any]:
    source = (claim or {}).get("source")
    content = (claim or {}).get("content") or []
    return {
        "id": claim["id"] if claim else None,
        "article_id": m.article_id,
        "article_hash": m.article_hash,
        "outlet": m.outlet,
        "published_at": m.published_at,
        "source": (
            {"name": source.get("name"), "kind": source.get("kind"), "role": source.get("role")}
            if source
            else None
        ),
        "certainty": claim.get("certainty") if claim else None,
        "polarity": claim.get("polarity") if claim else None,
        "quote": claim.get("quote") if claim else None,
        # Text that no claim holds is the outlet's: in an opinion piece, its opinion.
        "in_opinion": bool(claim.get("in_opinion")) if claim else m.genre == "opinion",
        "text": " … ".join(s.get("text", "") for s in content) if claim else None,
        "span": span,
    }


def _cue_of(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """A claim's cue as a span list: a value told by the cue ("Driver ... charged with
    assaulting a federal officer": a charge) is carried by the claim as its content is."""
    cue = claim.get("cue")
    return [cue] if isinstance(cue, dict) and isinstance(cue.get("start"), int) else []


def _supporting(
    evidence: Iterable[dict[str, Any]], m: _Mention, article_claims: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The claims whose content holds one of the value's evidence spans (the innermost such
    claim per span), or the spans themselves when no claim holds them."""
    refs: dict[str | None, dict[str, Any]] = {}
    loose: list[dict[str, Any]] = []
    for span in evidence:
        start, end = span.get("start"), span.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        holding = [
            (sum(s["end"] - s["start"] for s in claim.get("content") or []), claim)
            for claim in article_claims
            if any(
                s["start"] <= start and end <= s["end"]
                for s in [*(claim.get("content") or []), *_cue_of(claim)]
            )
        ]
        if holding:
            claim = min(holding, key=lambda t: (t[0], t[1]["id"]))[1]
            refs.setdefault(claim["id"], _claim_ref(claim, m, span))
        else:
            loose.append(_claim_ref(None, m, span))
    out = list(refs.values()) + loose
    if not out:
        # Nothing to point at (a mention stored before types and weapons had spans).
        out.append(_claim_ref(None, m, None))
    return out


def _reported(m: _Mention) -> dict[str, list[tuple[Any, list[dict[str, Any]]]]]:
    """What one mention states: field -> [(value, evidence spans)]."""
    d = m.data
    out: dict[str, list[tuple[Any, list[dict[str, Any]]]]] = defaultdict(list)
    date = d.get("date") or {}
    if date.get("value") or date.get("earliest"):
        out["date"].append(
            (
                {k: date.get(k) for k in ("value", "granularity", "earliest", "latest")},
                list(date.get("evidence") or []),
            )
        )
    if date.get("time"):
        out["time"].append(
            (
                {"time": date.get("time"), "timezone": date.get("timezone")},
                list(date.get("evidence") or []),
            )
        )
    loc = d.get("location") or {}
    if loc.get("state") or loc.get("city"):
        keys = ("name", "city", "county", "state", "country", "lat", "lon", "precision")
        out["location"].append(({k: loc.get(k) for k in keys}, list(loc.get("evidence") or [])))
    participants = d.get("participants") or []
    for count_field, outcome in (("killed", "killed"), ("injured", "injured")):
        value = d.get(count_field)
        if isinstance(value, int) and not isinstance(value, bool):
            evidence = [
                s
                for p in participants
                if p.get("outcome") == outcome
                for s in p.get("evidence") or []
            ]
            out[count_field].append((value, evidence))
    type_evidence = d.get("type_evidence") or {}
    for t in d.get("types") or []:
        out["types"].append((t, list(type_evidence.get(t) or [])[:3]))
    for agency in d.get("agencies") or []:
        value = {k: agency.get(k) for k in ("name", "code", "parent", "level")}
        out["agencies"].append((value, list(agency.get("evidence") or [])[:3]))
    for p in participants:
        value = {k: p.get(k) for k in ("role", "description", "count", "outcome")}
        out["participants"].append((value, list(p.get("evidence") or [])))
    for w in d.get("weapons") or []:
        value = {"kind": w.get("kind"), "held_by": w.get("held_by")}
        out["weapons"].append((value, list(w.get("evidence") or [])[:3]))
    for c in d.get("charges") or []:
        value = {k: c.get(k) for k in ("role", "person", "charge")}
        out["charges"].append((value, list(c.get("evidence") or [])))
    return out


def _accounts_of(
    m: _Mention, article_claims: list[dict[str, Any]]
) -> list[tuple[str, list[dict[str, Any]]]]:
    """The accounts (``data/accounts-v1.json``) that the claims about this incident give, each
    with the span of the words that mark it. Claims tied to this incident mention count, and,
    for an article's first incident, claims tied to none; negated claims give no account."""
    lexicon = load_accounts()
    local = m.data.get("id")
    out = []
    for claim in article_claims:
        tied = claim.get("incident")
        if not (tied == local or (tied is None and local == "i1")):
            continue
        if claim.get("polarity") == "negated" or claim.get("part_of") is not None:
            continue  # a nested clause's words are in the claim it is part of
        for span in claim.get("content") or []:
            text = str(span.get("text") or "").lower()
            for name, pattern in lexicon.patterns.items():
                hit = pattern.search(text)
                if hit is not None:
                    start = int(span["start"]) + hit.start()
                    marked: dict[str, Any] = {
                        "start": start,
                        "end": start + len(hit.group(0)),
                        "text": str(span["text"])[hit.start() : hit.end()],
                    }
                    out.append((name, [marked]))
    return out


def value_key(field: str, value: Any) -> str:
    """Two reports give the same value when their keys are equal."""
    if field == "date":
        return f"{value.get('earliest') or value.get('value')}/{value.get('latest') or value.get('value')}"
    if field == "time":
        return str(value.get("time"))
    if field == "location":
        city = (value.get("city") or "").lower()
        return f"{value.get('state') or ''}/{city}"
    if field == "agencies":
        return str(value.get("code") or (value.get("name") or "").lower())
    if field == "participants":
        desc = (value.get("description") or "").lower()
        return f"{value.get('role')}/{value.get('outcome')}/{value.get('count')}/{desc}"
    if field == "weapons":
        return f"{value.get('kind')}/{value.get('held_by')}"
    if field == "charges":
        return f"{value.get('role')}/{(value.get('charge') or '').lower()}"
    return json.dumps(value, sort_keys=True)


def fields_of(
    mentions: Sequence[_Mention], claims_by_article: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """field -> [{"value", "key", "claims": [claim refs], "articles": [ids]}], every value
    reported, in order of first report."""
    out: dict[str, list[dict[str, Any]]] = {f: [] for f in FIELDS}
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for m in mentions:
        article_claims = claims_by_article.get(m.article_hash, [])
        reported = _reported(m)
        for value, evidence in _accounts_of(m, article_claims):
            reported["accounts"].append((value, evidence))
        for field, values in reported.items():
            for value, evidence in values:
                key = value_key(field, value)
                entry = index.get((field, key))
                if entry is None:
                    entry = {"value": value, "key": key, "claims": [], "articles": []}
                    index[(field, key)] = entry
                    out[field].append(entry)
                elif field == "location" and _more_precise(value, entry["value"]):
                    entry["value"] = value
                for ref in _supporting(evidence, m, article_claims):
                    if ref not in entry["claims"]:
                        entry["claims"].append(ref)
                if m.article_id not in entry["articles"]:
                    entry["articles"].append(m.article_id)
    return out


def _more_precise(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return _PRECISION.get(a.get("precision") or "", 9) < _PRECISION.get(b.get("precision") or "", 9)


# -- views


def _usable(ref: dict[str, Any]) -> bool:
    return not ref.get("in_opinion") and ref.get("certainty") != "denied"


def _involved_names(fields: dict[str, list[dict[str, Any]]]) -> set[str]:
    names: set[str] = set()
    for entry in fields["agencies"]:
        for k in ("name", "code", "parent"):
            if entry["value"].get(k):
                names.add(str(entry["value"][k]).lower())
    return names


def _admits(view: str, ref: dict[str, Any], involved: set[str]) -> bool:
    if not _usable(ref):
        return False
    source = ref.get("source") or {}
    if view == "official":
        return source.get("role") in OFFICIAL_ROLES
    if view == "independent":
        if source.get("role") == "law_enforcement":
            return False
        name = (source.get("name") or "").lower()
        return not (name and any(n in name or name in n for n in involved))
    return True


def _latest_of(entry: dict[str, Any], refs: list[dict[str, Any]]) -> str:
    return max((instant(r.get("published_at")) for r in refs), default="")


def _date_span(value: dict[str, Any]) -> tuple[int, str]:
    lo = value.get("earliest") or value.get("value") or ""
    hi = value.get("latest") or value.get("value") or ""
    try:
        days = (datetime.fromisoformat(hi) - datetime.fromisoformat(lo)).days
    except ValueError:
        days = 10_000
    return days, lo


def _pick(
    view: str, field: str, candidates: list[tuple[dict[str, Any], list[dict[str, Any]]]]
) -> Any:
    """The displayed value of a single-valued field under a view."""
    if not candidates:
        return None
    if view == "conservative":
        values = [e["value"] for e, _ in candidates]
        if field in ("killed", "injured"):
            return min(values)
        if field == "date":
            lo = min(v.get("earliest") or v.get("value") for v in values)
            hi = max(v.get("latest") or v.get("value") for v in values)
            same = lo == hi
            granularity = (
                values[0].get("granularity")
                if len({value_key("date", v) for v in values}) == 1
                else "range"
            )
            return {
                "value": lo if same else None,
                "granularity": "day" if same else granularity,
                "earliest": lo,
                "latest": hi,
            }
        if field == "location":
            if len({value_key("location", v) for v in values}) == 1:
                return values[0]
            states = {v.get("state") for v in values}
            if len(states) == 1 and None not in states:
                return {
                    "name": None,
                    "city": None,
                    "county": None,
                    "state": states.pop(),
                    "country": "US",
                    "lat": None,
                    "lon": None,
                    "precision": "state",
                }
            return None
        if len({value_key(field, v) for v in values}) == 1:
            return values[0]
        return None
    if view in ("latest", "official"):
        best = max(
            candidates, key=lambda c: (_latest_of(c[0], c[1]), len(c[0]["articles"]), c[0]["key"])
        )
        return best[0]["value"]
    # most_specific, independent
    if field == "date":
        best = min(candidates, key=lambda c: (_date_span(c[0]["value"]), -len(c[0]["articles"])))
        return best[0]["value"]
    if field == "location":
        best = min(
            candidates,
            key=lambda c: (
                -len(c[0]["articles"]),
                _PRECISION.get(c[0]["value"].get("precision") or "", 9),
                c[0]["key"],
            ),
        )
        return best[0]["value"]
    best = max(
        candidates,
        key=lambda c: (len(c[0]["articles"]), _latest_of(c[0], c[1]), c[0]["key"]),
    )
    return best[0]["value"]


def _conflicting(field: str, a: Any, b: Any) -> bool:
    if field == "date":
        alo, ahi = a.get("earliest") or a.get("value"), a.get("latest") or a.get("value")
        blo, bhi = b.get("earliest") or b.get("value"), b.get("latest") or b.get("value")
        return bool(alo and blo and (ahi < blo or bhi < alo))
    if field == "location":
        if a.get("state") and b.get("state") and a["state"] != b["state"]:
            return True
        ca, cb = (a.get("city") or "").lower(), (b.get("city") or "").lower()
        return bool(ca and cb and ca != cb)
    return value_key(field, a) != value_key(field, b)


def conflicts_of(fields: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Single-valued fields whose reported values cannot all be true, with every value and
    its claims."""
    out = []
    for field in SCALAR_FIELDS:
        entries = [e for e in fields[field] if any(_usable(r) for r in e["claims"])]
        clash = any(
            _conflicting(field, x["value"], y["value"])
            for i, x in enumerate(entries)
            for y in entries[i + 1 :]
        )
        if clash:
            out.append(
                {
                    "field": field,
                    "values": [{"value": e["value"], "claims": e["claims"]} for e in entries],
                }
            )
    asserted = {
        e["value"]: e for e in fields.get("accounts") or [] if any(_usable(r) for r in e["claims"])
    }
    for a, b in load_accounts().opposed:
        if a in asserted and b in asserted:
            out.append(
                {
                    "field": "accounts",
                    "values": [
                        {"value": asserted[x]["value"], "claims": asserted[x]["claims"]}
                        for x in (a, b)
                    ],
                }
            )
    return out


def apply_view(view: str, fields: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The displayed value of every field under ``view``."""
    check_view(view)
    involved = _involved_names(fields)
    shown: dict[str, Any] = {}
    for field in FIELDS:
        admitted = [
            (e, refs)
            for e in fields[field]
            if (refs := [r for r in e["claims"] if _admits(view, r, involved)])
        ]
        if field in SCALAR_FIELDS:
            shown[field] = _pick(view, field, admitted)
        elif field == "participants":
            shown[field] = _roster(admitted)
        else:
            shown[field] = [e["value"] for e, _ in admitted]
    return shown


def _roster(admitted: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> list[dict[str, Any]]:
    """Participants across reports: the reports describe the same people, so for each (role,
    outcome) the description with the largest count stands for them (first reported on ties);
    a (role, outcome) that fewer than half of the reports naming participants give is left out
    of the display (one report's stray reading); every description stays in ``fields``."""
    reporting = {a for e, _ in admitted for a in e["articles"]}
    support: dict[tuple[Any, Any], set[str]] = defaultdict(set)
    best: dict[tuple[Any, Any], dict[str, Any]] = {}

    def size(value: dict[str, Any]) -> int:
        count = value.get("count")
        return count if isinstance(count, int) else 1

    for entry, _ in admitted:
        value = entry["value"]
        group = (value.get("role"), value.get("outcome"))
        support[group] |= set(entry["articles"])
        held = best.get(group)
        if held is None or size(value) > size(held):
            best[group] = value
    return [v for g, v in best.items() if 2 * len(support[g]) >= len(reporting)]


# -- records


def build_record(
    conn: Connection, incident_id: str, *, view: str = DEFAULT_VIEW
) -> dict[str, Any] | None:
    """The incident under ``view``: its displayed fields, every reported value with its claims
    (``fields``), its ``conflicts``, its articles and both clocks."""
    return build_records(conn, [incident_id], view=view).get(incident_id)


def build_records(
    conn: Connection, incident_ids: Sequence[str], *, view: str = DEFAULT_VIEW
) -> dict[str, dict[str, Any]]:
    """:func:`build_record` for many incidents, with a few queries for all of them."""
    check_view(view)
    rows = {
        row.id: row
        for start in range(0, len(incident_ids), 500)
        for row in conn.execute(
            sa.select(incidents).where(incidents.c.id.in_(list(incident_ids[start : start + 500])))
        )
    }
    mentions_of = _mentions_of(conn, list(rows))
    claims_by_article = _claims_by_article(
        conn, sorted({m.article_hash for ms in mentions_of.values() for m in ms})
    )
    return {
        incident_id: _record(row, mentions_of.get(incident_id, []), claims_by_article, view)
        for incident_id, row in rows.items()
    }


def _record(
    row: Any,
    mentions: list[_Mention],
    claims_by_article: dict[str, list[dict[str, Any]]],
    view: str,
) -> dict[str, Any]:
    fields = fields_of(mentions, claims_by_article)
    shown = apply_view(view, fields)
    date = shown["date"]
    time = shown["time"]
    if date is not None:
        date = {**date, "time": (time or {}).get("time"), "timezone": (time or {}).get("timezone")}
    reported = [m.published_at for m in mentions if m.published_at]
    return {
        "id": row.id,
        "status": row.status,
        "merged_into": row.merged_into,
        "view": view_rule(view),
        "title": next((m.title for m in mentions if m.title), None),
        "types": shown["types"],
        "date": date,
        "location": shown["location"],
        "agencies": shown["agencies"],
        "participants": shown["participants"],
        "killed": shown["killed"],
        "injured": shown["injured"],
        "weapons": shown["weapons"],
        "charges": shown["charges"],
        "accounts": shown["accounts"],
        "articles": list(dict.fromkeys(m.article_id for m in mentions)),
        "outlets": sorted({m.outlet for m in mentions if m.outlet}),
        "genres": sorted({m.genre for m in mentions if m.genre}),
        "mentions": [m.id for m in mentions],
        "first_reported": min(reported, key=instant) if reported else None,
        "last_reported": max(reported, key=instant) if reported else None,
        "conflicts": conflicts_of(fields),
        "fields": {
            f: [{"value": e["value"], "claims": e["claims"]} for e in fields[f]] for f in FIELDS
        },
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "rule": row.rule,
    }


def incident_record(
    store: Store, incident_id: str, *, view: str = DEFAULT_VIEW
) -> dict[str, Any] | None:
    """:func:`build_record` on a store, or None when there is no such incident."""
    with store.engine.connect() as conn:
        return build_record(conn, incident_id, view=view)


def timeline(store: Store, incident_id: str) -> list[dict[str, Any]]:
    """The reporting clock: each article in publication order with what it reported first
    (``new``) and what it reported otherwise than the reports before it (``changed``)."""
    with store.engine.connect() as conn:
        mentions = _mentions(conn, incident_id)
        claims_by_article = _claims_by_article(conn, sorted({m.article_hash for m in mentions}))
    known: dict[str, Any] = {}
    seen_sets: dict[str, set[str]] = defaultdict(set)
    out = []
    for m in mentions:
        fields = fields_of([m], claims_by_article)
        new: dict[str, Any] = {}
        changed: dict[str, Any] = {}
        for field in SCALAR_FIELDS:
            if not fields[field]:
                continue
            value = fields[field][0]["value"]
            if field not in known:
                new[field] = value
            elif value_key(field, value) != value_key(field, known[field]):
                changed[field] = {"from": known[field], "to": value}
            known[field] = value
        for field in SET_FIELDS:
            added = [e["value"] for e in fields[field] if e["key"] not in seen_sets[field]]
            seen_sets[field].update(e["key"] for e in fields[field])
            if added:
                new[field] = added
        out.append(
            {
                "article_id": m.article_id,
                "mention": m.id,
                "title": m.title,
                "outlet": m.outlet,
                "published_at": m.published_at,
                "new": new,
                "changed": changed,
            }
        )
    return out


def incident_revisions(store: Store, incident_id: str) -> list[dict[str, Any]]:
    """Every revision that names the incident or one of its mentions (created, linked,
    merged, split, manual decisions and undos), oldest first."""
    with store.engine.connect() as conn:
        mention_ids = {
            r.id
            for r in conn.execute(
                sa.select(incident_mentions.c.id).where(
                    incident_mentions.c.incident_id == incident_id
                )
            )
        }
        # A text match narrows the log in the database (ids are hex and ':'), then the
        # subject is checked exactly.
        subject_text = sa.cast(revisions.c.subject, sa.Text)
        needles = [incident_id, *sorted(mention_ids)]
        rows = conn.execute(
            sa.select(revisions)
            .where(
                revisions.c.action != "article.added",
                sa.or_(*(subject_text.contains(n, autoescape=True) for n in needles)),
            )
            .order_by(revisions.c.seq)
        ).all()
    out = []
    for r in rows:
        subject = r.subject or {}
        named = {subject.get("incident"), subject.get("from"), subject.get("into")}
        named |= set(subject.get("incidents") or [])
        if incident_id in named or mention_ids & set(subject.get("mentions") or []):
            out.append(dict(r._mapping))
    return out


# -- the cached default view and facets


def _facets(record: dict[str, Any], mentions_genres: set[str]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    loc = record.get("location") or {}
    if loc.get("state"):
        out.add(("state", loc["state"]))
        if loc.get("city"):
            out.add(("city", f"{loc['city']}, {loc['state']}"))
    for agency in record.get("agencies") or []:
        out.add(("agency", agency.get("code") or agency.get("name") or "?"))
    for t in record.get("types") or []:
        out.add(("type", t))
    if record.get("killed"):
        out.add(("outcome", "killed"))
    if record.get("injured"):
        out.add(("outcome", "injured"))
    for p in record.get("participants") or []:
        if p.get("outcome") in ("arrested", "uninjured"):
            out.add(("outcome", p["outcome"]))
    for field in ("date", "location", "killed", "injured", "types"):
        for entry in record["fields"].get(field) or []:
            for ref in entry["claims"]:
                out.add(("certainty", ref.get("certainty") or "unattributed"))
    for genre in mentions_genres:
        out.add(("genre", genre))
    for outlet in record.get("outlets") or []:
        out.add(("outlet", outlet))
    return out


def refresh(conn: Connection, incident_ids: Sequence[str]) -> None:
    """Rebuild the cached default view and the facets of each incident."""
    records = build_records(conn, incident_ids, view=DEFAULT_VIEW)
    if not records:
        return
    updates = []
    facet_rows = []
    for incident_id, record in records.items():
        loc = record.get("location") or {}
        date = record.get("date") or {}
        summary = {k: v for k, v in record.items() if k != "fields"}
        summary["conflicts"] = [
            {"field": c["field"], "values": [v["value"] for v in c["values"]]}
            for c in record["conflicts"]
        ]
        updates.append(
            {
                "key": incident_id,
                "date_value": date.get("value") or date.get("earliest"),
                "state": loc.get("state"),
                "city": loc.get("city"),
                "lat": loc.get("lat"),
                "lon": loc.get("lon"),
                "killed": record.get("killed"),
                "injured": record.get("injured"),
                "n_articles": len(record["articles"]),
                "n_conflicts": len(record["conflicts"]),
                "first_reported": record["first_reported"],
                "last_reported": record["last_reported"],
                "view": record["view"],
                "summary": summary,
            }
        )
        facet_rows += [
            {"incident_id": incident_id, "facet": f, "value": v}
            for f, v in sorted(_facets(record, set(record["genres"])))
        ]
    # Bound names differ from the column names, which SQLAlchemy keeps for itself.
    columns = [k for k in updates[0] if k != "key"]
    conn.execute(
        sa.update(incidents)
        .where(incidents.c.id == sa.bindparam("key"))
        .values({c: sa.bindparam(f"v_{c}") for c in columns}),
        [{"key": u["key"], **{f"v_{c}": u[c] for c in columns}} for u in updates],
    )
    ids = list(records)
    for start in range(0, len(ids), 500):
        conn.execute(
            sa.delete(incident_facets).where(
                incident_facets.c.incident_id.in_(ids[start : start + 500])
            )
        )
    if facet_rows:
        conn.execute(sa.insert(incident_facets), facet_rows)
