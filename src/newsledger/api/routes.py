"""The JSON API (read-only routes) and the CSV downloads of its lists.

Each route parses its parameters, calls one function of :mod:`newsledger.api.service` and
returns the dict, with ``links`` (this page, the next one, the HTML page, the CSV). Routes are
plain ``def``: FastAPI runs them in its thread pool, as the database calls block.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from newsledger.api import data, service
from newsledger.api.http import ERRORS, StoreDep
from newsledger.api.params import claim_filters, incident_filters, parse_extras
from newsledger.store import queries as q

router = APIRouter(prefix="/api", responses=ERRORS)


Cursor = Annotated[
    str | None, Query(description="The `next` of the previous page; omit for the first page.")
]
Limit = Annotated[int, Query(ge=1, le=q.MAX_LIMIT, description="Rows per page.")]
Filters = Annotated[q.IncidentFilters, Depends(incident_filters)]
ClaimFilterDep = Annotated[q.ClaimFilters, Depends(claim_filters)]


def links(request: Request, next_cursor: str | None, *, csv_path: str | None = None) -> dict:
    """Where this page, the next page, its HTML page and its CSV are."""
    url = request.url
    html_path = url.path.removeprefix("/api") or "/"
    out: dict[str, str | None] = {
        "self": str(url),
        "next": str(url.include_query_params(cursor=next_cursor)) if next_cursor else None,
        "html": str(url.replace(path=html_path)),
    }
    if csv_path:
        # The CSV holds every row the filters select: no page, size or extras.
        out["csv"] = str(
            url.replace(path=csv_path).remove_query_params(["cursor", "limit", "extra"])
        )
    return out


# --- the index --------------------------------------------------------------------------------


@router.get("", summary="What this server holds and offers")
def api_index(request: Request, store: StoreDep) -> dict[str, Any]:
    out = service.home(store)
    out["writable"] = bool(request.app.state.token)
    out["routes"] = {
        "incidents": "/api/incidents",
        "incident": "/api/incidents/{id}?view=&extra=claims,history,articles,timeline",
        "articles": "/api/articles",
        "article": "/api/articles/{id}",
        "claims": "/api/claims",
        "sources": "/api/sources",
        "search": "/api/search?q=",
        "changes": "/api/changes?since=",
        "map": "/api/map",
        "openapi": "/openapi.json",
    }
    return out


@router.get("/views", summary="The views that decide which reported value an incident shows")
def api_views() -> dict[str, Any]:
    return {"views": data.VIEWS, "default": data.DEFAULT_VIEW}


# --- incidents --------------------------------------------------------------------------------


@router.get("/incidents", summary="Incidents, filtered, with facets on request")
def api_incidents(
    request: Request,
    store: StoreDep,
    filters: Filters,
    sort: Annotated[
        str, Query(description="-date (default), date, -reported, reported.")
    ] = q.DEFAULT_SORT,
    cursor: Cursor = None,
    limit: Limit = 50,
    extra: Annotated[
        list[str] | None, Query(description="facets, count, by_month (comma-separated).")
    ] = None,
) -> dict[str, Any]:
    extras = parse_extras(extra, service.LIST_EXTRAS)
    out = service.incident_list(
        store, filters, sort=sort, cursor=cursor, limit=limit, extras=extras
    )
    out["links"] = links(request, out["next"], csv_path="/api/incidents.csv")
    return out


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        value = "; ".join(f"{k}={v}" for k, v in value.items())
    # A spreadsheet would run a cell that starts like a formula; article text can.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(
    columns: tuple[str, ...] | list[str], pages: Iterator[list[dict[str, Any]]], filename: str
) -> StreamingResponse:
    """Stream rows as CSV, one page of rows at a time."""

    def body() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for rows in pages:
            for row in rows:
                writer.writerow([_csv_cell(row.get(c)) for c in columns])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        rest = buffer.getvalue()
        if rest:
            yield rest

    return StreamingResponse(
        body(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def _paged(
    fetch: Callable[[str | None], tuple[list[dict[str, Any]], str | None]],
) -> Iterator[list[dict[str, Any]]]:
    cursor: str | None = None
    while True:
        rows, cursor = fetch(cursor)
        yield rows
        if cursor is None:
            return


@router.get(
    "/incidents.csv",
    summary="Every incident the filters select, as CSV",
    response_class=StreamingResponse,
)
def api_incidents_csv(
    store: StoreDep,
    filters: Filters,
    sort: str = q.DEFAULT_SORT,
) -> StreamingResponse:
    # Check the parameters before the response starts: an error after it cannot be a status.
    with store.engine.connect() as conn:
        q.list_incidents(conn, filters, sort=sort, limit=1)

    def fetch(cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        with store.engine.connect() as conn:
            return q.list_incidents(conn, filters, sort=sort, cursor=cursor, limit=q.MAX_LIMIT)

    return csv_response(q.INCIDENT_LIST_COLUMNS, _paged(fetch), "incidents.csv")


@router.get("/incidents/{incident_id}", summary="One incident under a view, detail on request")
def api_incident(
    request: Request,
    store: StoreDep,
    incident_id: str,
    view: Annotated[
        str, Query(description="latest, most_specific (default), official, independent, ...")
    ] = data.DEFAULT_VIEW,
    extra: Annotated[
        list[str] | None,
        Query(description="claims, history, articles, timeline (comma-separated)."),
    ] = None,
) -> dict[str, Any]:
    extras = parse_extras(extra, service.INCIDENT_EXTRAS)
    out = service.incident_detail(store, incident_id, view=view, extras=extras)
    out["links"] = {
        "self": str(request.url),
        "html": str(request.url.replace(path=f"/incidents/{incident_id}")),
        "claims_csv": f"/api/claims.csv?incident={incident_id}",
        "merged_into": (
            f"/api/incidents/{out['incident']['merged_into']}"
            if out["incident"].get("merged_into")
            else None
        ),
    }
    return out


@router.get("/incidents/{incident_id}/history", summary="The revisions that touched an incident")
def api_incident_history(store: StoreDep, incident_id: str) -> dict[str, Any]:
    out = service.incident_detail(store, incident_id, extras={"history"})
    return {"incident": out["incident"]["id"], "history": out["history"]}


@router.get("/incidents/{incident_id}/timeline", summary="The reports of an incident over time")
def api_incident_timeline(store: StoreDep, incident_id: str) -> dict[str, Any]:
    out = service.incident_detail(store, incident_id, extras={"timeline"})
    return {"incident": out["incident"]["id"], "timeline": out["timeline"]}


# --- articles, claims, sources ----------------------------------------------------------------


@router.get("/articles", summary="Articles, most recently stored first")
def api_articles(
    request: Request,
    store: StoreDep,
    outlet: str | None = None,
    genre: str | None = None,
    q_: Annotated[str | None, Query(alias="q", description="Full-text words.")] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    out = service.article_list(
        store,
        outlet=outlet or None,
        genre=genre or None,
        text=q_ or None,
        cursor=cursor,
        limit=limit,
    )
    out["links"] = links(request, out["next"], csv_path="/api/articles.csv")
    return out


ARTICLE_COLUMNS = (
    "id",
    "content_hash",
    "published_at",
    "outlet",
    "title",
    "url",
    "genre",
    "n_claims",
)


@router.get("/articles.csv", summary="Articles as CSV", response_class=StreamingResponse)
def api_articles_csv(
    store: StoreDep,
    outlet: str | None = None,
    genre: str | None = None,
    q_: Annotated[str | None, Query(alias="q")] = None,
) -> StreamingResponse:
    def fetch(cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        out = service.article_list(
            store,
            outlet=outlet or None,
            genre=genre or None,
            text=q_ or None,
            cursor=cursor,
            limit=q.MAX_LIMIT,
        )
        return out["articles"], out["next"]

    return csv_response(ARTICLE_COLUMNS, _paged(fetch), "articles.csv")


@router.get("/articles/{article_id}", summary="One article: text, sentences, labels, claims")
def api_article(request: Request, store: StoreDep, article_id: str) -> dict[str, Any]:
    out = service.article_detail(store, article_id)
    out["links"] = {
        "self": str(request.url),
        "html": str(request.url.replace(path=f"/articles/{article_id}")),
        "claims_csv": f"/api/claims.csv?article={out['article']['stored']['content_hash']}",
    }
    return out


@router.get("/claims", summary="Claims: full-text words, source, role, certainty, ...")
def api_claims(
    request: Request,
    store: StoreDep,
    filters: ClaimFilterDep,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    out = service.claim_list(store, filters, cursor=cursor, limit=limit)
    out["links"] = links(request, out["next"], csv_path="/api/claims.csv")
    return out


CLAIM_COLUMNS = (
    "id",
    "article_id",
    "outlet",
    "published_at",
    "incident_id",
    "source_name",
    "source_kind",
    "source_role",
    "cue",
    "certainty",
    "polarity",
    "quote",
    "in_opinion",
    "text",
)


def _claim_csv_row(claim: dict[str, Any]) -> dict[str, Any]:
    source = claim.get("source") or {}
    return {
        **claim,
        "source_name": source.get("name"),
        "source_kind": source.get("kind"),
        "source_role": source.get("role"),
        "cue": (claim.get("cue") or {}).get("text"),
    }


@router.get("/claims.csv", summary="Claims as CSV", response_class=StreamingResponse)
def api_claims_csv(store: StoreDep, filters: ClaimFilterDep) -> StreamingResponse:
    def fetch(cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        out = service.claim_list(store, filters, cursor=cursor, limit=q.MAX_LIMIT)
        return [_claim_csv_row(c) for c in out["claims"]], out["next"]

    return csv_response(CLAIM_COLUMNS, _paged(fetch), "claims.csv")


@router.get("/sources", summary="Who said what: sources with their claims across incidents")
def api_sources(
    request: Request,
    store: StoreDep,
    q_: Annotated[str | None, Query(alias="q", description="Words in the source's name.")] = None,
    role: str | None = None,
    kind: str | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    out = service.source_list(
        store, text=q_ or None, role=role or None, kind=kind or None, cursor=cursor, limit=limit
    )
    out["links"] = links(request, out["next"], csv_path="/api/sources.csv")
    return out


SOURCE_COLUMNS = ("name", "role", "kind", "n_claims", "n_articles", "n_incidents", "certainty")


@router.get("/sources.csv", summary="Sources as CSV", response_class=StreamingResponse)
def api_sources_csv(
    store: StoreDep,
    q_: Annotated[str | None, Query(alias="q")] = None,
    role: str | None = None,
    kind: str | None = None,
) -> StreamingResponse:
    def fetch(cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        out = service.source_list(
            store,
            text=q_ or None,
            role=role or None,
            kind=kind or None,
            cursor=cursor,
            limit=q.MAX_LIMIT,
        )
        return out["sources"], out["next"]

    return csv_response(SOURCE_COLUMNS, _paged(fetch), "sources.csv")


# --- search, changes, map ---------------------------------------------------------------------


@router.get("/search", summary="Full-text search over articles, claims and incidents")
def api_search(
    store: StoreDep,
    q_: Annotated[str, Query(alias="q", description="Words that must all appear.")] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    return service.search(store, q_, limit=limit)


@router.get("/changes", summary="The change feed: revisions after a sequence number")
def api_changes(
    request: Request,
    store: StoreDep,
    since: Annotated[int, Query(ge=0, description="The last seq you have seen.")] = 0,
    action: str | None = None,
    limit: Annotated[int, Query(ge=1, le=q.MAX_LIMIT)] = 100,
) -> dict[str, Any]:
    out = service.changes(store, since=since, action=action or None, limit=limit)
    out["links"] = {
        "self": str(request.url),
        "next": str(request.url.include_query_params(since=out["next"])) if out["next"] else None,
        "poll": str(request.url.include_query_params(since=out["last_seq"])),
        "csv": "/api/changes.csv",
    }
    return out


CHANGE_COLUMNS = ("seq", "at", "actor", "action", "subject", "reason", "undoes")


@router.get("/changes.csv", summary="The change feed as CSV", response_class=StreamingResponse)
def api_changes_csv(
    store: StoreDep,
    since: Annotated[int, Query(ge=0)] = 0,
    action: str | None = None,
) -> StreamingResponse:
    def pages() -> Iterator[list[dict[str, Any]]]:
        after: int | None = since
        while after is not None:
            out = service.changes(store, since=after, action=action or None, limit=q.MAX_LIMIT)
            yield [
                {**r, "subject": _json(r["subject"]), "reason": _json(r["reason"])}
                for r in out["revisions"]
            ]
            after = out["next"]

    return csv_response(CHANGE_COLUMNS, pages(), "changes.csv")


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False)


@router.get("/map", summary="Incidents per state and points with coordinates")
def api_map(
    store: StoreDep,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=10_000, description="Most points.")] = 2000,
) -> dict[str, Any]:
    return service.map_data(store, filters, limit=limit)
