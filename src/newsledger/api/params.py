"""Query parameters shared by a JSON route and its HTML page, declared once as dependencies.

Each dependency turns the request's parameters into a library value (``IncidentFilters``, a set
of extras), raising :class:`~newsledger.errors.UsageError` for what it cannot use, so that the
JSON route and the page behave the same and OpenAPI documents every parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import Query

from newsledger.errors import UsageError
from newsledger.store.queries import FACETS, ClaimFilters, IncidentFilters

_FACET_HELP = {
    "state": "Two-letter state code (repeat for any of several).",
    "city": "City with its state, as facets list it: 'Portland, OR'.",
    "agency": "Agency code or name: USBP, ICE, 'Portland Police Bureau'.",
    "type": "Event type: shooting, taser, vehicle_as_weapon, ...",
    "outcome": "killed, injured, arrested, uninjured.",
    "certainty": "How sure the reports make the key facts: fact, attributed, alleged, ...",
    "genre": "Genre of a reporting article: news, opinion, analysis, press_release.",
    "outlet": "An outlet that reported it.",
}


def _clean(values: Iterable[str] | None) -> tuple[str, ...]:
    """Values with empty ones (an unset form field) left out, each once, in order."""
    return tuple(dict.fromkeys(v.strip() for v in values or () if v and v.strip()))


def incident_filters(
    state: Annotated[list[str] | None, Query(description=_FACET_HELP["state"])] = None,
    city: Annotated[list[str] | None, Query(description=_FACET_HELP["city"])] = None,
    agency: Annotated[list[str] | None, Query(description=_FACET_HELP["agency"])] = None,
    type: Annotated[list[str] | None, Query(description=_FACET_HELP["type"])] = None,
    outcome: Annotated[list[str] | None, Query(description=_FACET_HELP["outcome"])] = None,
    certainty: Annotated[list[str] | None, Query(description=_FACET_HELP["certainty"])] = None,
    genre: Annotated[list[str] | None, Query(description=_FACET_HELP["genre"])] = None,
    outlet: Annotated[list[str] | None, Query(description=_FACET_HELP["outlet"])] = None,
    date_from: Annotated[
        str | None, Query(description="Incidents on or after this day (YYYY-MM-DD, or YYYY-MM).")
    ] = None,
    date_to: Annotated[
        str | None, Query(description="Incidents on or before this day (YYYY-MM-DD, or YYYY-MM).")
    ] = None,
    q: Annotated[
        str | None, Query(description="Words that must all appear in a reporting article.")
    ] = None,
    status: Annotated[
        str, Query(description="active (default), merged (merged into another), or any.")
    ] = "active",
) -> IncidentFilters:
    given = dict(
        zip(
            FACETS,
            (state, city, agency, type, outcome, certainty, genre, outlet),
            strict=True,
        )
    )
    facets = {name: values for name, raw in given.items() if (values := _clean(raw))}
    if "state" in facets:
        facets["state"] = tuple(v.upper() for v in facets["state"])
    return IncidentFilters(
        facets=facets,
        date_from=(date_from or "").strip() or None,
        date_to=(date_to or "").strip() or None,
        q=(q or "").strip() or None,
        status=status,
    )


def claim_filters(
    q: Annotated[str | None, Query(description="Words that must all appear in the claim.")] = None,
    source: Annotated[str | None, Query(description="Source name, exactly.")] = None,
    role: Annotated[
        str | None, Query(description="Source role: official, witness, family, ...")
    ] = None,
    kind: Annotated[
        str | None, Query(description="Source kind: person, agency, unnamed, ...")
    ] = None,
    certainty: Annotated[
        str | None, Query(description="fact, attributed, reported, alleged, ...")
    ] = None,
    article: Annotated[str | None, Query(description="Article id or content hash.")] = None,
    incident: Annotated[str | None, Query(description="Incident id.")] = None,
) -> ClaimFilters:
    def norm(v: str | None) -> str | None:
        return (v or "").strip() or None

    return ClaimFilters(
        q=norm(q),
        source=norm(source),
        role=norm(role),
        kind=norm(kind),
        certainty=norm(certainty),
        article=norm(article),
        incident=norm(incident),
    )


def parse_extras(raw: Iterable[str] | None, allowed: Iterable[str]) -> set[str]:
    """``?extra=a,b&extra=c`` as a set; UsageError naming an unknown one."""
    allowed = tuple(allowed)
    out = {part.strip() for value in raw or () for part in value.split(",") if part.strip()}
    unknown = sorted(out - set(allowed))
    if unknown:
        raise UsageError(
            f"unknown extra {unknown[0]!r}",
            code="bad_extra",
            hint=f"Extras here: {', '.join(allowed)} (comma-separated).",
        )
    return out
