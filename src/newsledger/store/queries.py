"""Read queries for lists, facets, sources and claim search: what the API and the web pages ask.

Everything here reads; nothing writes. Lists page by *keyset* (the sort key of the last row
seen), never by offset, so a page costs the same at row 50 and at row 50,000; the key travels as
an opaque cursor (:func:`encode_cursor`). Incident lists read the default-view cache of the
``incidents`` table and filter through ``incident_facets`` (one indexed ``IN`` per facet, values
of one facet OR-ed, facets AND-ed), so a filtered list never unpacks JSON.

Indexes these queries rely on (all from the migrations): ``incidents(date_value)``,
``incidents(state)``, ``incidents(status)``, ``incident_facets(facet, value)`` and its primary
key, ``incident_mentions(incident_id)``, ``claims(incident_mention_id)``,
``claims(article_hash)``, ``claims(source_name)``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsledger.errors import UsageError
from newsledger.store.schema import (
    articles,
    claims,
    incident_facets,
    incident_mentions,
    incidents,
    revisions,
)

# The facets kept in ``incident_facets`` (migration 0003), in the order pages show them.
FACETS: tuple[str, ...] = (
    "state",
    "city",
    "agency",
    "type",
    "outcome",
    "certainty",
    "genre",
    "outlet",
)
STATUSES = ("active", "merged", "any")
# Sort name -> (column, descending). Ties are broken by id in the same direction.
INCIDENT_SORTS: dict[str, tuple[sa.ColumnElement[Any], bool]] = {
    "-date": (incidents.c.date_value, True),
    "date": (incidents.c.date_value, False),
    "-reported": (incidents.c.first_reported, True),
    "reported": (incidents.c.first_reported, False),
}
DEFAULT_SORT = "-date"
MAX_LIMIT = 500
_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WORDS = re.compile(r"\w+")

# The flat columns of an incident list row (and of its CSV), in order.
INCIDENT_LIST_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "city",
    "state",
    "lat",
    "lon",
    "types",
    "agencies",
    "killed",
    "injured",
    "n_articles",
    "n_conflicts",
    "first_reported",
    "last_reported",
    "title",
    "status",
    "merged_into",
    "view",
)


# --- cursors ----------------------------------------------------------------------------------


def encode_cursor(kind: str, key: Sequence[Any]) -> str:
    """An opaque cursor for the row after ``key`` in a list sorted by ``kind``."""
    raw = json.dumps({"s": kind, "k": list(key)}, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None, kind: str, size: int) -> list[Any] | None:
    """The key inside ``cursor``; UsageError when it is not one of ours for this list."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        key = data["k"]
        ok = data.get("s") == kind and isinstance(key, list) and len(key) == size
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
        ok = False
    if not ok:
        raise UsageError(
            f"the cursor {cursor[:40]!r} does not belong to this list",
            code="bad_cursor",
            hint="Use the `next` cursor of the previous page unchanged, with the same filters "
            "and sort; drop `cursor` to start again.",
        )
    return list(key)


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageError(
            f"limit must be between 1 and {MAX_LIMIT}, not {limit}",
            code="bad_limit",
            hint="Page through longer lists with the `next` cursor.",
        )
    return limit


# --- incident filters -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IncidentFilters:
    """What an incident list is narrowed by. Values within one facet are alternatives."""

    facets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: str | None = None
    date_to: str | None = None
    q: str | None = None
    status: str = "active"

    def __post_init__(self) -> None:
        unknown = sorted(set(self.facets) - set(FACETS))
        if unknown:
            raise UsageError(
                f"unknown facet {unknown[0]!r}",
                code="bad_filter",
                hint=f"Facets: {', '.join(FACETS)}.",
            )
        for name, value in (("date_from", self.date_from), ("date_to", self.date_to)):
            if value is not None and not _DAY.match(value):
                raise UsageError(
                    f"{name} must be a date like 2026-01-08 (or 2026-01, 2026), not {value!r}",
                    code="bad_filter",
                    hint="Dates are ISO 8601: YYYY-MM-DD.",
                )
        if self.status not in STATUSES:
            raise UsageError(
                f"status must be one of {', '.join(STATUSES)}, not {self.status!r}",
                code="bad_filter",
                hint="The default, active, leaves out incidents merged into others.",
            )

    def as_params(self) -> list[tuple[str, str]]:
        """The filters as query parameters, for links and the JSON twin of a page."""
        out: list[tuple[str, str]] = []
        for name in FACETS:
            out.extend((name, v) for v in self.facets.get(name, ()))
        for name in ("date_from", "date_to", "q"):
            value = getattr(self, name)
            if value:
                out.append((name, value))
        if self.status != "active":
            out.append(("status", self.status))
        return out

    def toggled(self, facet: str, value: str) -> IncidentFilters:
        """These filters with ``value`` of ``facet`` added, or removed when present."""
        current = self.facets.get(facet, ())
        values = tuple(v for v in current if v != value)
        if len(values) == len(current):
            values = (*current, value)
        facets = {k: v for k, v in self.facets.items() if k != facet}
        if values:
            facets[facet] = values
        return IncidentFilters(facets, self.date_from, self.date_to, self.q, self.status)


def _date_bound(value: str, upper: bool) -> str:
    """A partial date as the first (or last) day it covers: 2026-01 -> 2026-01-01 / -31."""
    if len(value) == 10:
        return value
    if not upper:
        return value + "-01" * ((10 - len(value)) // 3)
    # Any day-of-month string sorts below "-99", so this bound includes the whole month/year.
    return value + "-99" * ((10 - len(value)) // 3)


def _fts_article_seqs(dialect: str, q: str) -> sa.Select[Any] | None:
    """A subquery of ``articles.content_hash`` matching every word of ``q``, or None."""
    words = _WORDS.findall(q)
    if not words:
        return None
    if dialect == "sqlite":
        match = " ".join(f'"{w}"' for w in words)
        fts = sa.text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :fts_q").bindparams(
            fts_q=match
        )
        return sa.select(articles.c.content_hash).where(
            articles.c.added_seq.in_(fts.columns(sa.column("rowid", sa.Integer)))
        )
    cond = sa.text("articles.search_vector @@ plainto_tsquery('english', :fts_q)").bindparams(
        fts_q=" ".join(words)
    )
    return sa.select(articles.c.content_hash).where(cond)


def _facet_match(name: str, values: tuple[str, ...]) -> list[sa.ColumnElement[bool]]:
    f = incident_facets.c
    return [f.facet == name, f.value.in_(values) if len(values) > 1 else f.value == values[0]]


def incident_conditions(
    dialect: str,
    filters: IncidentFilters,
    *,
    correlated: bool = False,
    driver: str | None = None,
) -> list[sa.ColumnElement[bool]]:
    """WHERE conditions on ``incidents`` for these filters. A facet is an ``IN`` over its
    rows (the facet drives the query), or with ``correlated`` an ``EXISTS`` probe of the
    facets' primary key for each incident; ``driver`` names the one facet kept as ``IN``."""
    where: list[sa.ColumnElement[bool]] = []
    if filters.status != "any":
        where.append(incidents.c.status == filters.status)
    for name in FACETS:
        values = filters.facets.get(name)
        if not values:
            continue
        if correlated and name != driver:
            where.append(
                sa.exists().where(
                    incident_facets.c.incident_id == incidents.c.id, *_facet_match(name, values)
                )
            )
        else:
            where.append(
                incidents.c.id.in_(
                    sa.select(incident_facets.c.incident_id).where(*_facet_match(name, values))
                )
            )
    if filters.date_from:
        where.append(incidents.c.date_value >= _date_bound(filters.date_from, upper=False))
    if filters.date_to:
        where.append(incidents.c.date_value <= _date_bound(filters.date_to, upper=True))
    if filters.q:
        hashes = _fts_article_seqs(dialect, filters.q)
        if hashes is None:
            where.append(sa.false())
        else:
            where.append(
                incidents.c.id.in_(
                    sa.select(incident_mentions.c.incident_id).where(
                        incident_mentions.c.article_hash.in_(hashes)
                    )
                )
            )
    return where


def _after(
    col: sa.ColumnElement[Any], id_col: sa.ColumnElement[Any], desc: bool, key: list[Any]
) -> sa.ColumnElement[bool]:
    """Rows after ``key`` = (value, id) in ``col`` order (nulls last), ties by id."""
    value, last_id = key
    later_id = id_col < last_id if desc else id_col > last_id
    if value is None:
        return sa.and_(col.is_(None), later_id)
    beyond = col < value if desc else col > value
    return sa.or_(beyond, sa.and_(col == value, later_id), col.is_(None))


def incident_list_row(row: Mapping[Any, Any]) -> dict[str, Any]:
    """One list row: the cached columns, plus title, types and agencies from the summary."""
    summary = row.get("summary") or {}
    agencies = summary.get("agencies") or []
    return {
        "id": row["id"],
        "date": row["date_value"],
        "city": row["city"],
        "state": row["state"],
        "lat": row["lat"],
        "lon": row["lon"],
        "types": list(summary.get("types") or []),
        "agencies": [a.get("code") or a.get("name") for a in agencies if isinstance(a, dict)],
        "killed": row["killed"],
        "injured": row["injured"],
        "n_articles": row["n_articles"],
        "n_conflicts": row["n_conflicts"],
        "first_reported": row["first_reported"],
        "last_reported": row["last_reported"],
        "title": summary.get("title"),
        "status": row["status"],
        "merged_into": row["merged_into"],
        "view": row["view"],
    }


# How long a facet's size is trusted for choosing a plan; a stale size only costs speed.
_SIZE_TTL_S = 60.0
_sizes: dict[tuple[str, str, tuple[str, ...]], tuple[float, int]] = {}


def _size(conn: Connection, facet: str | None, values: tuple[str, ...]) -> int:
    """How many incidents have one of ``values`` of ``facet`` (None: how many incidents)."""
    key = (str(conn.engine.url), facet or "", values)
    now = time.monotonic()
    cached = _sizes.get(key)
    if cached is not None and now - cached[0] < _SIZE_TTL_S:
        return cached[1]
    if facet is None:
        query = sa.select(sa.func.count()).select_from(incidents)
    else:
        query = (
            sa.select(sa.func.count())
            .select_from(incident_facets)
            .where(*_facet_match(facet, values))
        )
    n = int(conn.execute(query).scalar_one())
    if len(_sizes) > 10_000:
        _sizes.clear()
    _sizes[key] = (now, n)
    return n


def _plan(conn: Connection, filters: IncidentFilters, limit: int) -> tuple[bool, str | None]:
    """How to read a filtered page on SQLite: (walk the sort index?, the facet to start from).

    SQLite's planner, left alone, starts from one facet's rows, builds a list of another's and
    sorts every match, which is slow when the facets are broad (a big state and a common type:
    tens of thousands of rows sorted for 50). Walking the sort index and probing each
    incident's facets stops after ``limit`` matches instead, and is slow only when matches are
    rare. So: estimate how many rows the walk reads (assuming the facets independent) and walk
    when that is fewer than the rows of the smallest facet; otherwise start from the smallest
    facet and probe the others. PostgreSQL's planner decides by itself.
    """
    if conn.dialect.name != "sqlite" or not filters.facets or filters.q:
        return False, None
    total = _size(conn, None, ())
    sizes = {name: _size(conn, name, values) for name, values in filters.facets.items()}
    smallest = min(sizes, key=lambda name: sizes[name])
    share = 1.0
    for n in sizes.values():
        share *= n / total if total else 0.0
    if share > 0 and (limit + 1) / share < sizes[smallest]:
        return True, None
    return False, smallest


def list_incidents(
    conn: Connection,
    filters: IncidentFilters,
    *,
    sort: str = DEFAULT_SORT,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[dict[str, Any]], str | None]:
    """A page of incidents (list rows) and the cursor of the next page (None at the end)."""
    if sort not in INCIDENT_SORTS:
        raise UsageError(
            f"sort must be one of {', '.join(INCIDENT_SORTS)}, not {sort!r}",
            code="bad_sort",
            hint="date: when it happened; reported: when first reported; '-' for newest first.",
        )
    check_limit(limit)
    col, desc = INCIDENT_SORTS[sort]
    key = decode_cursor(cursor, f"incidents{sort}", 2)
    by_sort, driver = _plan(conn, filters, limit)
    where = incident_conditions(
        conn.dialect.name, filters, correlated=by_sort or driver is not None, driver=driver
    )
    if key is not None:
        where.append(_after(col, incidents.c.id, desc, key))
    order = (
        (col.desc().nulls_last(), incidents.c.id.desc())
        if desc
        else (col.asc().nulls_last(), incidents.c.id.asc())
    )
    query = (
        sa.select(
            *(c for c in incidents.c if c.name not in ("rule", "created_at", "updated_at")),
        )
        .where(*where)
        .order_by(*order)
        .limit(limit + 1)
    )
    if by_sort:
        index = f"ix_incidents_{col.name}"
        query = query.with_hint(incidents, f"INDEXED BY {index}", "sqlite")
    rows = [r._mapping for r in conn.execute(query)]
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        sort_value = last["date_value"] if col is incidents.c.date_value else last["first_reported"]
        next_cursor = encode_cursor(f"incidents{sort}", [sort_value, last["id"]])
    return [incident_list_row(r) for r in rows], next_cursor


def count_incidents(conn: Connection, filters: IncidentFilters) -> int:
    where = incident_conditions(conn.dialect.name, filters)
    query = sa.select(sa.func.count()).select_from(incidents).where(*where)
    return int(conn.execute(query).scalar_one())


def facet_counts(
    conn: Connection,
    filters: IncidentFilters,
    *,
    facets: Iterable[str] = FACETS,
    top: int = 15,
) -> dict[str, list[dict[str, Any]]]:
    """For each facet, its most frequent values among the incidents these filters select,
    with counts (most frequent first, then by value). Selected values are always included."""
    wanted = [f for f in facets if f in FACETS]
    where = incident_conditions(conn.dialect.name, filters)
    f = incident_facets
    query = (
        sa.select(f.c.facet, f.c.value, sa.func.count().label("n"))
        .where(f.c.facet.in_(wanted))
        .group_by(f.c.facet, f.c.value)
    )
    if where:
        query = query.where(f.c.incident_id.in_(sa.select(incidents.c.id).where(*where)))
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in wanted}
    ranked = sorted(conn.execute(query), key=lambda r: (r.facet, -r.n, r.value))
    for row in ranked:
        items = out[row.facet]
        selected = row.value in filters.facets.get(row.facet, ())
        if len(items) < top or selected:
            items.append({"value": row.value, "count": int(row.n), "selected": selected})
    return out


def incidents_by_month(conn: Connection, filters: IncidentFilters) -> list[dict[str, Any]]:
    """Incidents (and people killed and injured) per month of the incident date."""
    where = incident_conditions(conn.dialect.name, filters)
    month = sa.func.substr(incidents.c.date_value, 1, 7)
    query = (
        sa.select(
            month.label("month"),
            sa.func.count().label("n"),
            sa.func.coalesce(sa.func.sum(incidents.c.killed), 0).label("killed"),
            sa.func.coalesce(sa.func.sum(incidents.c.injured), 0).label("injured"),
        )
        .where(*where, incidents.c.date_value.is_not(None))
        .group_by(month)
        .order_by(month)
    )
    return [
        {"month": r.month, "count": int(r.n), "killed": int(r.killed), "injured": int(r.injured)}
        for r in conn.execute(query)
    ]


def incidents_by_state(conn: Connection, filters: IncidentFilters) -> dict[str, int]:
    where = incident_conditions(conn.dialect.name, filters)
    query = (
        sa.select(incidents.c.state, sa.func.count().label("n"))
        .where(*where, incidents.c.state.is_not(None))
        .group_by(incidents.c.state)
    )
    return {r.state: int(r.n) for r in conn.execute(query)}


def map_points(
    conn: Connection, filters: IncidentFilters, *, limit: int = 2000
) -> list[dict[str, Any]]:
    """Incidents with coordinates, newest first, at most ``limit``."""
    where = incident_conditions(conn.dialect.name, filters)
    query = (
        sa.select(
            incidents.c.id,
            incidents.c.date_value,
            incidents.c.city,
            incidents.c.state,
            incidents.c.lat,
            incidents.c.lon,
            incidents.c.killed,
            incidents.c.injured,
        )
        .where(*where, incidents.c.lat.is_not(None), incidents.c.lon.is_not(None))
        .order_by(incidents.c.date_value.desc().nulls_last(), incidents.c.id.desc())
        .limit(limit)
    )
    return [
        {
            "id": r.id,
            "date": r.date_value,
            "city": r.city,
            "state": r.state,
            "lat": r.lat,
            "lon": r.lon,
            "killed": r.killed,
            "injured": r.injured,
        }
        for r in conn.execute(query)
    ]


# --- one incident's material ------------------------------------------------------------------


def incident_articles(conn: Connection, incident_id: str) -> list[dict[str, Any]]:
    """The articles reporting an incident, in publication order (undated last)."""
    query = (
        sa.select(
            articles.c.id,
            articles.c.content_hash,
            articles.c.title,
            articles.c.outlet,
            articles.c.url,
            articles.c.published_at,
            articles.c.genre,
            incident_mentions.c.id.label("mention_id"),
            incident_mentions.c.role,
        )
        .join(incident_mentions, incident_mentions.c.article_hash == articles.c.content_hash)
        .where(incident_mentions.c.incident_id == incident_id)
        .order_by(
            articles.c.published_day.asc().nulls_last(),
            articles.c.published_at,
            articles.c.added_seq,
        )
    )
    out: dict[str, dict[str, Any]] = {}
    for r in conn.execute(query):
        item = out.setdefault(
            r.content_hash,
            {
                "id": r.id,
                "content_hash": r.content_hash,
                "title": r.title,
                "outlet": r.outlet,
                "url": r.url,
                "published_at": r.published_at,
                "genre": r.genre,
                "mentions": [],
            },
        )
        item["mentions"].append({"id": r.mention_id, "role": r.role})
    return list(out.values())


def claim_row(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A claim as the API shows it: flat, with its article and (where linked) incident."""
    data = row.get("data") or {}
    return {
        "id": row["id"],
        "article_id": row["article_id"],
        "article_hash": row["article_hash"],
        "article_title": row.get("title"),
        "outlet": row.get("outlet"),
        "published_at": row["published_at"],
        "incident_id": row.get("incident_id"),
        "text": row["content_text"],
        "content": data.get("content") or [],
        "cue": data.get("cue"),
        "source": data.get("source"),
        "certainty": row["certainty"],
        "polarity": row["polarity"],
        "quote": row["quote"],
        "in_opinion": bool(row["in_opinion"]) if row["in_opinion"] is not None else None,
        "part_of": row.get("part_of"),
        "extractor": row["extractor"],
    }


def _claims_select() -> sa.Select[Any]:
    return sa.select(
        claims,
        articles.c.id.label("article_id"),
        articles.c.title,
        articles.c.outlet,
        articles.c.added_seq,
        incident_mentions.c.incident_id,
    ).select_from(
        claims.join(articles, articles.c.content_hash == claims.c.article_hash).outerjoin(
            incident_mentions, incident_mentions.c.id == claims.c.incident_mention_id
        )
    )


def incident_claims(conn: Connection, incident_id: str) -> list[dict[str, Any]]:
    """Every claim of every article's mention of an incident, in article then text order."""
    mention_ids = sa.select(incident_mentions.c.id).where(
        incident_mentions.c.incident_id == incident_id
    )
    query = (
        _claims_select()
        .where(claims.c.incident_mention_id.in_(mention_ids))
        .order_by(articles.c.published_at, articles.c.added_seq, claims.c.idx)
    )
    return [claim_row(r._mapping) for r in conn.execute(query)]


def article_incident_links(conn: Connection, content_hash: str) -> dict[str, dict[str, Any]]:
    """An article's incident mentions by their local id: the incident each went to."""
    query = (
        sa.select(
            incident_mentions.c.local_id,
            incident_mentions.c.id,
            incident_mentions.c.incident_id,
            incidents.c.status,
            incidents.c.merged_into,
        )
        .outerjoin(incidents, incidents.c.id == incident_mentions.c.incident_id)
        .where(incident_mentions.c.article_hash == content_hash)
    )
    return {
        r.local_id: {
            "mention_id": r.id,
            "incident_id": r.incident_id,
            "status": r.status,
            "merged_into": r.merged_into,
        }
        for r in conn.execute(query)
    }


# --- articles, claims, sources ----------------------------------------------------------------


def list_articles(
    conn: Connection,
    *,
    outlet: str | None = None,
    genre: str | None = None,
    q: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[dict[str, Any]], str | None]:
    """Articles, most recently ingested first."""
    check_limit(limit)
    key = decode_cursor(cursor, "articles", 1)
    n_claims = (
        sa.select(sa.func.count())
        .where(claims.c.article_hash == articles.c.content_hash)
        .scalar_subquery()
    )
    query = sa.select(
        articles.c.id,
        articles.c.content_hash,
        articles.c.title,
        articles.c.outlet,
        articles.c.url,
        articles.c.published_at,
        articles.c.genre,
        articles.c.added_seq,
        n_claims.label("n_claims"),
    )
    if outlet:
        query = query.where(articles.c.outlet == outlet)
    if genre:
        query = query.where(articles.c.genre == genre)
    if q:
        hashes = _fts_article_seqs(conn.dialect.name, q)
        query = query.where(
            articles.c.content_hash.in_(hashes) if hashes is not None else sa.false()
        )
    if key is not None:
        query = query.where(articles.c.added_seq < int(key[0]))
    rows = list(conn.execute(query.order_by(articles.c.added_seq.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    out = [
        {
            "id": r.id,
            "content_hash": r.content_hash,
            "title": r.title,
            "outlet": r.outlet,
            "url": r.url,
            "published_at": r.published_at,
            "genre": r.genre,
            "n_claims": int(r.n_claims),
        }
        for r in rows
    ]
    nxt = encode_cursor("articles", [rows[-1].added_seq]) if more and rows else None
    return out, nxt


@dataclass(frozen=True, slots=True)
class ClaimFilters:
    q: str | None = None
    source: str | None = None
    role: str | None = None
    kind: str | None = None
    certainty: str | None = None
    article: str | None = None
    incident: str | None = None

    def as_params(self) -> list[tuple[str, str]]:
        return [(k, v) for k in self.__slots__ if (v := getattr(self, k))]


def _like_words(column: sa.ColumnElement[str], q: str) -> list[sa.ColumnElement[bool]]:
    """Every word of ``q`` somewhere in ``column``, case-insensitive (LIKE wildcards escaped)."""
    out: list[sa.ColumnElement[bool]] = []
    for word in _WORDS.findall(q):
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        out.append(column.ilike(f"%{escaped}%", escape="\\"))
    return out


def search_claims(
    conn: Connection,
    filters: ClaimFilters,
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[dict[str, Any]], str | None]:
    """Claims whose content has every word of ``q`` and that match the other filters, in ingest
    then text order."""
    check_limit(limit)
    key = decode_cursor(cursor, "claims", 2)
    query = _claims_select()
    if filters.q:
        words = _like_words(claims.c.content_text, filters.q)
        query = query.where(*words) if words else query.where(sa.false())
    if filters.source:
        query = query.where(claims.c.source_name == filters.source)
    if filters.role:
        query = query.where(claims.c.source_role == filters.role)
    if filters.kind:
        query = query.where(claims.c.source_kind == filters.kind)
    if filters.certainty:
        query = query.where(claims.c.certainty == filters.certainty)
    if filters.article:
        query = query.where(
            sa.or_(articles.c.id == filters.article, articles.c.content_hash == filters.article)
        )
    if filters.incident:
        query = query.where(incident_mentions.c.incident_id == filters.incident)
    if key is not None:
        query = query.where(
            sa.tuple_(articles.c.added_seq, claims.c.idx) > sa.tuple_(int(key[0]), int(key[1]))
        )
    query = query.order_by(articles.c.added_seq, claims.c.idx).limit(limit + 1)
    rows = [r._mapping for r in conn.execute(query)]
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = (
        encode_cursor("claims", [rows[-1]["added_seq"], rows[-1]["idx"]]) if more and rows else None
    )
    return [claim_row(r) for r in rows], nxt


def list_sources(
    conn: Connection,
    *,
    q: str | None = None,
    role: str | None = None,
    kind: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[dict[str, Any]], str | None]:
    """Who said what: each named source with how many claims it makes, in how many articles
    and incidents, and how sure the reports make them. Most claims first.

    Grouped rows have no stable key of their own, so this cursor holds a position; a source
    that gains claims between two pages may show twice or be skipped.
    """
    check_limit(limit)
    key = decode_cursor(cursor, "sources", 1)
    offset = int(key[0]) if key is not None else 0
    n = sa.func.count()
    query = (
        sa.select(
            claims.c.source_name,
            claims.c.source_role,
            claims.c.source_kind,
            n.label("n_claims"),
            sa.func.count(sa.distinct(claims.c.article_hash)).label("n_articles"),
            sa.func.count(sa.distinct(incident_mentions.c.incident_id)).label("n_incidents"),
        )
        .select_from(
            claims.outerjoin(
                incident_mentions, incident_mentions.c.id == claims.c.incident_mention_id
            )
        )
        .where(claims.c.source_name.is_not(None), _said_on_its_own())
        .group_by(claims.c.source_name, claims.c.source_role, claims.c.source_kind)
    )
    if q:
        query = query.where(*_like_words(claims.c.source_name, q))
    if role:
        query = query.where(claims.c.source_role == role)
    if kind:
        query = query.where(claims.c.source_kind == kind)
    query = (
        query.order_by(n.desc(), claims.c.source_name, claims.c.source_role, claims.c.source_kind)
        .offset(offset)
        .limit(limit + 1)
    )
    rows = list(conn.execute(query))
    more = len(rows) > limit
    rows = rows[:limit]
    sources = [
        {
            "name": r.source_name,
            "role": r.source_role,
            "kind": r.source_kind,
            "n_claims": int(r.n_claims),
            "n_articles": int(r.n_articles),
            "n_incidents": int(r.n_incidents),
        }
        for r in rows
    ]
    if sources:
        _add_certainties(conn, sources)
    nxt = encode_cursor("sources", [offset + limit]) if more else None
    return sources, nxt


def _said_on_its_own() -> sa.ColumnElement[bool]:
    """A claim that is a thing its source said: no clause nested in a source's words (the
    source said the whole once), but what an inner cue bears on, which has a cue and source of
    its own ("The chief said investigators believe X": X is the investigators')."""
    parent = claims.alias("parent")
    return sa.or_(
        claims.c.part_of.is_(None),
        sa.exists().where(
            parent.c.id == claims.c.part_of,
            parent.c.cue_start.is_distinct_from(claims.c.cue_start),
        ),
    )


def _add_certainties(conn: Connection, sources: list[dict[str, Any]]) -> None:
    names = sorted({s["name"] for s in sources})
    query = (
        sa.select(
            claims.c.source_name,
            claims.c.source_role,
            claims.c.source_kind,
            claims.c.certainty,
            sa.func.count().label("n"),
        )
        .where(claims.c.source_name.in_(names), _said_on_its_own())
        .group_by(
            claims.c.source_name, claims.c.source_role, claims.c.source_kind, claims.c.certainty
        )
    )
    counts: dict[tuple[Any, Any, Any], dict[str, int]] = {}
    for r in conn.execute(query):
        key = (r.source_name, r.source_role, r.source_kind)
        counts.setdefault(key, {})[r.certainty or "unknown"] = int(r.n)
    for s in sources:
        s["certainty"] = counts.get((s["name"], s["role"], s["kind"]), {})


# --- the change feed --------------------------------------------------------------------------


def list_revisions(
    conn: Connection,
    *,
    since: int = 0,
    action: str | None = None,
    limit: int = 100,
) -> tuple[list[dict[str, Any]], int | None]:
    """Revisions after seq ``since``, oldest first, and the seq to ask from next (None at the
    end: ask again later with the last seq seen)."""
    check_limit(limit)
    query = sa.select(revisions).where(revisions.c.seq > since)
    if action:
        query = query.where(revisions.c.action == action)
    rows = [
        dict(r._mapping) for r in conn.execute(query.order_by(revisions.c.seq).limit(limit + 1))
    ]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1]["seq"] if more and rows else None)
