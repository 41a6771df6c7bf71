"""What each page shows, as plain data: the JSON routes return it, the HTML pages render it.

One function per page, so a page and its JSON twin cannot drift apart: the page's template gets
exactly the dict the JSON route returns (plus links and chart geometry, which are presentation).
"""

from __future__ import annotations

from typing import Any

from newsledger import __version__
from newsledger.api import data
from newsledger.errors import NotFoundError, UsageError
from newsledger.store import Store
from newsledger.store import queries as q

INCIDENT_EXTRAS = ("claims", "history", "articles", "timeline")
LIST_EXTRAS = ("facets", "count", "by_month")


def home(store: Store) -> dict[str, Any]:
    counts = store.counts()
    return {
        "newsledger": __version__,
        "counts": {k: counts.get(k, 0) for k in ("articles", "claims", "incidents", "revisions")},
        "views": data.VIEWS,
        "default_view": data.DEFAULT_VIEW,
        "facets": list(q.FACETS),
    }


def incident_list(
    store: Store,
    filters: q.IncidentFilters,
    *,
    sort: str = q.DEFAULT_SORT,
    cursor: str | None = None,
    limit: int = 50,
    extras: set[str] | frozenset[str] = frozenset(),
) -> dict[str, Any]:
    with store.engine.connect() as conn:
        rows, nxt = q.list_incidents(conn, filters, sort=sort, cursor=cursor, limit=limit)
        out: dict[str, Any] = {
            "incidents": rows,
            "next": nxt,
            "filters": _filters(filters),
            "sort": sort,
            "limit": limit,
        }
        if "count" in extras:
            out["count"] = q.count_incidents(conn, filters)
        if "facets" in extras:
            out["facets"] = q.facet_counts(conn, filters)
        if "by_month" in extras:
            out["by_month"] = q.incidents_by_month(conn, filters)
    return out


def _filters(filters: q.IncidentFilters) -> dict[str, Any]:
    return {
        **{name: list(values) for name, values in filters.facets.items()},
        "date_from": filters.date_from,
        "date_to": filters.date_to,
        "q": filters.q,
        "status": filters.status,
    }


def incident_detail(
    store: Store,
    incident_id: str,
    *,
    view: str = data.DEFAULT_VIEW,
    extras: set[str] | frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The incident's reconciled record under ``view``; ``fields`` (every reported value with
    its claims) and the extras only when asked."""
    record = data.incident_record(store, incident_id, view=view)
    if record is None:
        raise NotFoundError(
            f"no incident {incident_id!r}",
            hint="List incidents at /api/incidents; ids are 16 hexadecimal characters.",
        )
    incident = dict(record)
    fields = incident.pop("fields", {})
    out: dict[str, Any] = {"incident": incident}
    if "claims" in extras:
        out["fields"] = fields
        with store.engine.connect() as conn:
            out["claims"] = q.incident_claims(conn, incident["id"])
    if "articles" in extras:
        with store.engine.connect() as conn:
            out["articles"] = q.incident_articles(conn, incident["id"])
    if "history" in extras:
        out["history"] = data.incident_revisions(store, incident["id"])
    if "timeline" in extras:
        out["timeline"] = data.timeline(store, incident["id"])
    return out


def article_detail(store: Store, article_id: str) -> dict[str, Any]:
    record = store.get_article(article_id)
    if record is None:
        raise NotFoundError(
            f"no article {article_id!r}",
            hint="Give an article id or content hash; /api/articles lists them.",
        )
    with store.engine.connect() as conn:
        links = q.article_incident_links(conn, record["stored"]["content_hash"])
    return {"article": record, "incident_links": links}


def article_list(
    store: Store,
    *,
    outlet: str | None = None,
    genre: str | None = None,
    text: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    with store.engine.connect() as conn:
        rows, nxt = q.list_articles(
            conn, outlet=outlet, genre=genre, q=text, cursor=cursor, limit=limit
        )
    return {
        "articles": rows,
        "next": nxt,
        "filters": {"outlet": outlet, "genre": genre, "q": text},
        "limit": limit,
    }


def claim_list(
    store: Store, filters: q.ClaimFilters, *, cursor: str | None = None, limit: int = 50
) -> dict[str, Any]:
    with store.engine.connect() as conn:
        rows, nxt = q.search_claims(conn, filters, cursor=cursor, limit=limit)
    return {"claims": rows, "next": nxt, "filters": dict(filters.as_params()), "limit": limit}


def source_list(
    store: Store,
    *,
    text: str | None = None,
    role: str | None = None,
    kind: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    with store.engine.connect() as conn:
        rows, nxt = q.list_sources(conn, q=text, role=role, kind=kind, cursor=cursor, limit=limit)
    return {
        "sources": rows,
        "next": nxt,
        "filters": {"q": text, "role": role, "kind": kind},
        "limit": limit,
    }


def search(store: Store, text: str, *, limit: int = 20) -> dict[str, Any]:
    """Articles (full text, best first), claims and incidents matching every word."""
    text = text.strip()
    if not text:
        raise UsageError(
            "search needs some words", code="bad_query", hint="Add ?q=words to the address."
        )
    q.check_limit(limit)
    articles = store.search(text, limit=limit)
    with store.engine.connect() as conn:
        claims, claims_next = q.search_claims(conn, q.ClaimFilters(q=text), limit=limit)
        incidents, incidents_next = q.list_incidents(conn, q.IncidentFilters(q=text), limit=limit)
    return {
        "q": text,
        "articles": articles,
        "claims": claims,
        "claims_next": claims_next,
        "incidents": incidents,
        "incidents_next": incidents_next,
    }


def changes(
    store: Store, *, since: int = 0, action: str | None = None, limit: int = 100
) -> dict[str, Any]:
    """The change feed after revision ``since``; ``next`` is the ``since`` of the next page."""
    with store.engine.connect() as conn:
        rows, nxt = q.list_revisions(conn, since=since, action=action, limit=limit)
    return {
        "revisions": rows,
        "next": nxt,
        "last_seq": rows[-1]["seq"] if rows else since,
        "since": since,
        "limit": limit,
    }


def map_data(store: Store, filters: q.IncidentFilters, *, limit: int = 2000) -> dict[str, Any]:
    with store.engine.connect() as conn:
        by_state = q.incidents_by_state(conn, filters)
        points = q.map_points(conn, filters, limit=limit)
        by_month = q.incidents_by_month(conn, filters)
    return {
        "by_state": by_state,
        "points": points,
        "points_limit": limit,
        "by_month": by_month,
        "filters": _filters(filters),
    }
