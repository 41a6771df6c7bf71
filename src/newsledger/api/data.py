"""The one place where the API meets the resolver: views, records, timelines, manual edits.

Routes and pages call these names only, so a change in :mod:`newsledger.resolve` (a renamed
function, a new argument) is made here once.
"""

from __future__ import annotations

from typing import Any

from newsledger.errors import UsageError
from newsledger.resolve import manual, views
from newsledger.store import Store

VIEWS: dict[str, str] = views.VIEWS
DEFAULT_VIEW: str = views.DEFAULT_VIEW
# The fields of an incident record, and those that hold one value (which can conflict).
FIELDS: tuple[str, ...] = views.FIELDS
SCALAR_FIELDS: tuple[str, ...] = views.SCALAR_FIELDS


def check_view(name: str) -> str:
    if name not in VIEWS:
        raise UsageError(
            f"unknown view {name!r}",
            code="bad_view",
            hint=f"Views: {', '.join(VIEWS)} (default {DEFAULT_VIEW}).",
        )
    return name


def incident_record(store: Store, incident_id: str, *, view: str) -> dict[str, Any] | None:
    """The incident under ``view`` with every reported value and its claims, or None."""
    return views.incident_record(store, incident_id, view=check_view(view))


def timeline(store: Store, incident_id: str) -> list[dict[str, Any]]:
    """The articles in publication order, each with what it reported first or otherwise."""
    return views.timeline(store, incident_id)


def incident_revisions(store: Store, incident_id: str) -> list[dict[str, Any]]:
    return views.incident_revisions(store, incident_id)


def merge(store: Store, incident_ids: list[str], *, actor: str, note: str | None) -> dict[str, Any]:
    return manual.merge(store, incident_ids, actor=actor, note=note)


def split(
    store: Store, incident_id: str, mention_ids: list[str], *, actor: str, note: str | None
) -> dict[str, Any]:
    return manual.split(store, incident_id, mention_ids, actor=actor, note=note)


def undo(store: Store, seq: int, *, actor: str, note: str | None) -> dict[str, Any]:
    return manual.undo(store, seq, actor=actor, note=note)
