"""The server-rendered pages. Each calls the same service function as its JSON twin (the same
path under ``/api``) and renders the result; charts are computed here as geometry and drawn as
SVG by the templates."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from newsledger.api import charts, data, service
from newsledger.api.http import StoreDep
from newsledger.api.markup import article_pieces
from newsledger.api.params import claim_filters, incident_filters
from newsledger.api.templates import render
from newsledger.store import queries as q

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Filters = Annotated[q.IncidentFilters, Depends(incident_filters)]
PageLimit = Annotated[int, Query(ge=1, le=q.MAX_LIMIT)]

FACET_TITLES = {
    "state": "State",
    "city": "City",
    "agency": "Agency",
    "type": "Type",
    "outcome": "Outcome",
    "certainty": "Certainty of key facts",
    "genre": "Genre of the reports",
    "outlet": "Outlet",
}
SORT_TITLES = {
    "-date": "newest incident first",
    "date": "oldest incident first",
    "-reported": "most recently first reported",
    "reported": "earliest first reported",
}


def page(request: Request, name: str, context: dict[str, Any]) -> HTMLResponse:
    return HTMLResponse(render(request, name, context))


@router.get("/")
def home_page(request: Request, store: StoreDep) -> HTMLResponse:
    info = service.home(store)
    recent = service.incident_list(store, q.IncidentFilters(), limit=10)
    return page(request, "home.html", {"title": "newsledger", "info": info, "recent": recent})


@router.get("/incidents")
def incidents_page(
    request: Request,
    store: StoreDep,
    filters: Filters,
    sort: str = q.DEFAULT_SORT,
    cursor: str | None = None,
    limit: PageLimit = 50,
) -> HTMLResponse:
    result = service.incident_list(
        store,
        filters,
        sort=sort,
        cursor=cursor,
        limit=limit,
        extras={"facets", "count", "by_month"},
    )
    base = filters.as_params()
    facet_links = {
        name: [
            {
                **item,
                "href": "?"
                + _qs([*filters.toggled(name, item["value"]).as_params(), ("sort", sort)]),
            }
            for item in items
        ]
        for name, items in result["facets"].items()
    }
    return page(
        request,
        "incidents.html",
        {
            "title": "Incidents",
            "result": result,
            "filters": filters,
            "filter_params": base,
            "facet_links": facet_links,
            "facet_titles": FACET_TITLES,
            "sorts": SORT_TITLES,
            "sort": sort,
            "chart": charts.month_bars(result["by_month"]),
            "next_href": "?" + _qs([*base, ("sort", sort), ("cursor", result["next"])])
            if result["next"]
            else None,
            "csv_url": "/api/incidents.csv?" + _qs([*base, ("sort", sort)]),
        },
    )


def _qs(pairs: list[tuple[str, Any]]) -> str:
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, v in pairs if v not in (None, "")])


@router.get("/incidents/{incident_id}")
def incident_page(
    request: Request,
    store: StoreDep,
    incident_id: str,
    view: str = data.DEFAULT_VIEW,
) -> HTMLResponse:
    # History is a page of its own: finding an incident's revisions reads the revision log.
    detail = service.incident_detail(
        store, incident_id, view=view, extras={"claims", "articles", "timeline"}
    )
    incident = detail["incident"]
    date = incident.get("date") or None
    shown: dict[str, Any] = {f: incident.get(f) for f in data.FIELDS}
    shown["time"] = (
        {"time": date.get("time"), "timezone": date.get("timezone")}
        if date and date.get("time")
        else None
    )
    facts = [
        {
            "field": f,
            "scalar": f in data.SCALAR_FIELDS,
            "shown": shown[f],
            "values": detail["fields"].get(f) or [],
            "conflict": any(c["field"] == f for c in incident.get("conflicts") or []),
        }
        for f in data.FIELDS
    ]
    outlets: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for article in detail["articles"]:
        outlets[article.get("outlet") or "(outlet not given)"].append(article)
    clocks = charts.two_clocks(
        date,
        [
            {"published_at": a["published_at"], "outlet": a["outlet"], "article_id": a["id"]}
            for a in detail["articles"]
        ],
    )
    return page(
        request,
        "incident.html",
        {
            "title": incident.get("title") or f"Incident {incident['id']}",
            "d": detail,
            "incident": incident,
            "facts": facts,
            "outlets": dict(sorted(outlets.items())),
            "clocks": clocks,
            "views": data.VIEWS,
            "view": view,
            "csv_url": f"/api/claims.csv?incident={incident['id']}",
        },
    )


@router.get("/incidents/{incident_id}/history")
def incident_history_page(request: Request, store: StoreDep, incident_id: str) -> HTMLResponse:
    detail = service.incident_detail(store, incident_id, extras={"history"})
    incident = detail["incident"]
    return page(
        request,
        "history.html",
        {"title": f"History of incident {incident['id']}", "incident": incident, "d": detail},
    )


@router.get("/articles")
def articles_page(
    request: Request,
    store: StoreDep,
    outlet: str | None = None,
    genre: str | None = None,
    q_: Annotated[str | None, Query(alias="q")] = None,
    cursor: str | None = None,
    limit: PageLimit = 50,
) -> HTMLResponse:
    result = service.article_list(
        store,
        outlet=outlet or None,
        genre=genre or None,
        text=q_ or None,
        cursor=cursor,
        limit=limit,
    )
    params = [(k, v) for k, v in result["filters"].items() if v]
    return page(
        request,
        "articles.html",
        {
            "title": "Articles",
            "result": result,
            "next_href": "?" + _qs([*params, ("cursor", result["next"])])
            if result["next"]
            else None,
            "csv_url": "/api/articles.csv?" + _qs(params),
        },
    )


@router.get("/articles/{article_id}")
def article_page(request: Request, store: StoreDep, article_id: str) -> HTMLResponse:
    detail = service.article_detail(store, article_id)
    record = detail["article"]
    text = record["article"]["text"]
    pieces = article_pieces(text, record.get("sentences") or [], record.get("claims") or [])
    labels: dict[str, int] = defaultdict(int)
    for s in record.get("sentences") or []:
        labels[s.get("label") or "unlabelled"] += 1
    return page(
        request,
        "article.html",
        {
            "title": record["article"].get("title") or record["article"]["id"],
            "record": record,
            "art": record["article"],
            "pieces": pieces,
            "links": detail["incident_links"],
            "labels": dict(labels),
            "csv_url": f"/api/claims.csv?article={record['stored']['content_hash']}",
        },
    )


@router.get("/claims")
def claims_page(
    request: Request,
    store: StoreDep,
    filters: Annotated[q.ClaimFilters, Depends(claim_filters)],
    cursor: str | None = None,
    limit: PageLimit = 50,
) -> HTMLResponse:
    result = service.claim_list(store, filters, cursor=cursor, limit=limit)
    params = filters.as_params()
    return page(
        request,
        "claims.html",
        {
            "title": "Claims",
            "result": result,
            "filters": filters,
            "next_href": "?" + _qs([*params, ("cursor", result["next"])])
            if result["next"]
            else None,
            "csv_url": "/api/claims.csv?" + _qs(params),
        },
    )


@router.get("/sources")
def sources_page(
    request: Request,
    store: StoreDep,
    q_: Annotated[str | None, Query(alias="q")] = None,
    role: str | None = None,
    kind: str | None = None,
    cursor: str | None = None,
    limit: PageLimit = 50,
) -> HTMLResponse:
    result = service.source_list(
        store, text=q_ or None, role=role or None, kind=kind or None, cursor=cursor, limit=limit
    )
    params = [(k, v) for k, v in result["filters"].items() if v]
    return page(
        request,
        "sources.html",
        {
            "title": "Sources",
            "result": result,
            "next_href": "?" + _qs([*params, ("cursor", result["next"])])
            if result["next"]
            else None,
            "csv_url": "/api/sources.csv?" + _qs(params),
        },
    )


@router.get("/search")
def search_page(
    request: Request,
    store: StoreDep,
    q_: Annotated[str, Query(alias="q")] = "",
) -> HTMLResponse:
    result = service.search(store, q_) if q_.strip() else None
    return page(request, "search.html", {"title": "Search", "q": q_, "result": result})


@router.get("/changes")
def changes_page(
    request: Request,
    store: StoreDep,
    since: Annotated[int, Query(ge=0)] = 0,
    action: str | None = None,
    limit: Annotated[int, Query(ge=1, le=q.MAX_LIMIT)] = 100,
) -> HTMLResponse:
    result = service.changes(store, since=since, action=action or None, limit=limit)
    params = [("action", action)] if action else []
    return page(
        request,
        "changes.html",
        {
            "title": "Changes",
            "result": result,
            "next_href": "?" + _qs([*params, ("since", result["next"])])
            if result["next"]
            else None,
            "csv_url": "/api/changes.csv?" + _qs([*params, ("since", since or None)]),
        },
    )


@router.get("/map")
def map_page(
    request: Request,
    store: StoreDep,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 2000,
) -> HTMLResponse:
    result = service.map_data(store, filters, limit=limit)
    return page(
        request,
        "map.html",
        {
            "title": "Map",
            "result": result,
            "filters": filters,
            "map": charts.map_geometry(result["by_state"], result["points"]),
            "chart": charts.month_bars(result["by_month"]),
            "csv_url": "/api/incidents.csv?" + _qs(filters.as_params()),
        },
    )
