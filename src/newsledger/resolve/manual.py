"""Merge, split and undo by hand: decisions recorded as links, so they can be taken back.

A manual decision is a revision (``merge`` or ``split``, with who made it and their note) and a
set of links between incident mentions (``resolution_links``): a merge links every mention of
the incidents (as they are at that moment) as ``must``; a split links the mentions taken out ``cannot`` with those that stay (and
``must`` with one another, so they stay one incident). The resolver then decides the component
again (:func:`newsledger.resolve.resolver.recluster`), so automatic matching never undoes a
decision a person made, and the ledger stays a function of the mentions, their scores and the
links. A later decision that contradicts an earlier one turns the earlier links off and says so
(``reason.deactivated``).

``undo`` of a manual decision turns its links off (and the links it had turned off back on); undo
of an automatic merge or link adds ``cannot`` links between the two sides. Either way an
``undo`` revision points at what it undid (``undoes``), and the incidents come out as they were
before (a property test holds this).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsledger.errors import NotFoundError, UsageError
from newsledger.resolve.cluster import ordered
from newsledger.resolve.resolver import Outcome, recluster
from newsledger.store import Store, record_revision, utc_now
from newsledger.store.schema import incident_mentions, incidents, resolution_links, revisions

UNDOABLE_AUTOMATIC = ("incident.merged", "incident.linked")


def find_incident(conn: Connection, id_or_prefix: str) -> sa.Row[Any]:
    """The incident with this id, or the only one whose id starts with it (6+ characters)."""
    key = id_or_prefix.strip()
    row = conn.execute(sa.select(incidents).where(incidents.c.id == key)).first()
    if row is None and len(key) >= 6:
        rows = conn.execute(
            sa.select(incidents).where(incidents.c.id.startswith(key, autoescape=True)).limit(2)
        ).all()
        if len(rows) == 2:
            raise UsageError(
                f"{key!r} is the start of more than one incident id",
                hint="Give more characters of the id (newsledger incidents lists them).",
            )
        row = rows[0] if rows else None
    if row is None:
        raise NotFoundError(
            f"no incident {key!r}", hint="newsledger incidents lists the incidents and their ids."
        )
    return row


def _active_members(conn: Connection, id_or_prefix: str) -> tuple[str, list[str]]:
    row = find_incident(conn, id_or_prefix)
    if row.status != "active":
        raise UsageError(
            f"incident {row.id} is {row.status}"
            + (f" into {row.merged_into}" if row.merged_into else ""),
            hint="Use the incident it now belongs to.",
        )
    members = sorted(
        r.id
        for r in conn.execute(
            sa.select(incident_mentions.c.id).where(incident_mentions.c.incident_id == row.id)
        )
    )
    return row.id, members


def _deactivate(conn: Connection, kind: str, left: list[str], right: list[str]) -> list[int]:
    """Turn off active ``kind`` links between the two sets; returns their ids."""
    rl = resolution_links.c
    pairs = {ordered(a, b) for a in left for b in right}
    found = [
        row.id
        for row in conn.execute(
            sa.select(rl.id, rl.a, rl.b).where(
                rl.active.is_(True), rl.kind == kind, rl.a.in_(left + right)
            )
        )
        if ordered(row.a, row.b) in pairs
    ]
    if found:
        conn.execute(sa.update(resolution_links).where(rl.id.in_(found)).values(active=False))
    return found


def _link(conn: Connection, kind: str, pairs: list[tuple[str, str]], seq: int) -> None:
    if pairs:
        conn.execute(
            sa.insert(resolution_links),
            [{"kind": kind, "a": a, "b": b, "seq": seq, "active": True} for a, b in pairs],
        )


def _result(seq: int, outcome: Outcome) -> dict[str, Any]:
    return {
        "revision": seq,
        "incidents": sorted(outcome.touched),
        "merged": outcome.merged,
        "split": outcome.split,
    }


def merge(
    store: Store, incident_ids: list[str], *, actor: str, note: str | None = None
) -> dict[str, Any]:
    """Make the incidents one; returns the decision's revision seq and the incidents after."""
    with store.transaction() as conn:
        groups: dict[str, list[str]] = {}
        for given in incident_ids:
            incident_id, members = _active_members(conn, given)
            groups[incident_id] = members
        if len(groups) < 2:
            raise UsageError(
                "merge needs two or more different incidents",
                hint="Give the ids of the incidents to merge.",
            )
        ids = sorted(groups)
        everyone = [m for i in ids for m in groups[i]]
        deactivated: list[int] = []
        for n, left in enumerate(ids):
            for right in ids[n + 1 :]:
                deactivated += _deactivate(conn, "cannot", groups[left], groups[right])
        seq = record_revision(
            conn,
            action="merge",
            subject={"incidents": ids, "mentions": everyone},
            reason={"manual": True, "note": note, "deactivated": deactivated},
            actor=actor,
            at=utc_now(),
        )
        # Every mention of the incidents as they are now: the decision covers them all, even
        # those a later scorer would not join on its own.
        anchor = min(everyone)
        _link(conn, "must", [ordered(anchor, m) for m in everyone if m != anchor], seq)
        outcome = recluster(conn, everyone, actor=actor, cause={"decision": seq, "manual": True})
    return _result(seq, outcome)


def split(
    store: Store,
    incident_id: str,
    mention_ids: list[str],
    *,
    actor: str,
    note: str | None = None,
) -> dict[str, Any]:
    """Take ``mention_ids`` out of the incident into an incident of their own."""
    with store.transaction() as conn:
        real_id, members = _active_members(conn, incident_id)
        moved = sorted(set(mention_ids))
        unknown = [m for m in moved if m not in members]
        if unknown:
            raise UsageError(
                f"not mentions of incident {real_id}: {', '.join(unknown)}",
                hint=f"newsledger show {real_id} lists its mentions.",
            )
        staying = [m for m in members if m not in moved]
        if not moved or not staying:
            raise UsageError(
                "a split takes some, but not all, of an incident's mentions out",
                hint=f"newsledger show {real_id} lists its mentions.",
            )
        deactivated = _deactivate(conn, "must", moved, staying)
        seq = record_revision(
            conn,
            action="split",
            subject={"incident": real_id, "mentions": moved, "staying": staying},
            reason={"manual": True, "note": note, "deactivated": deactivated},
            actor=actor,
            at=utc_now(),
        )
        _link(conn, "cannot", [ordered(a, b) for a in moved for b in staying], seq)
        _link(conn, "must", [ordered(moved[0], m) for m in moved[1:]], seq)
        outcome = recluster(conn, members, actor=actor, cause={"decision": seq, "manual": True})
    return _result(seq, outcome)


def undo(store: Store, seq: int, *, actor: str, note: str | None = None) -> dict[str, Any]:
    """Take back a revision: a manual merge or split, or an automatic merge or link."""
    with store.transaction() as conn:
        rev = conn.execute(sa.select(revisions).where(revisions.c.seq == seq)).first()
        if rev is None:
            raise NotFoundError(
                f"no revision {seq}", hint="newsledger log lists the revisions and their numbers."
            )
        done = conn.execute(
            sa.select(revisions.c.seq).where(revisions.c.undoes == seq).limit(1)
        ).first()
        if done is not None:
            raise UsageError(
                f"revision {seq} was already undone by revision {done.seq}",
                hint="Merge or split again to change it back.",
            )
        subject = dict(rev.subject or {})
        reason = dict(rev.reason or {})
        if rev.action in ("merge", "split"):
            rl = resolution_links.c
            mentions = list(subject.get("mentions") or []) + list(subject.get("staying") or [])
            conn.execute(sa.update(resolution_links).where(rl.seq == seq).values(active=False))
            again = [int(i) for i in reason.get("deactivated") or []]
            if again:
                conn.execute(
                    sa.update(resolution_links).where(rl.id.in_(again)).values(active=True)
                )
            new_seq = record_revision(
                conn,
                action="undo",
                subject={"revision": seq, "action": rev.action, "mentions": mentions},
                reason={"manual": True, "note": note},
                actor=actor,
                undoes=seq,
                at=utc_now(),
            )
        elif rev.action in UNDOABLE_AUTOMATIC:
            incident_id = subject.get("into") or subject.get("incident")
            came = list(subject.get("mentions") or [])
            if rev.action == "incident.linked" or subject.get("into"):
                rest = sorted(
                    r.id
                    for r in conn.execute(
                        sa.select(incident_mentions.c.id).where(
                            incident_mentions.c.incident_id == incident_id
                        )
                    )
                    if r.id not in came
                )
            else:
                rest = []
            if not came or not rest:
                raise UsageError(
                    f"revision {seq} no longer joins anything",
                    hint="Its mentions are no longer together; nothing to undo.",
                )
            new_seq = record_revision(
                conn,
                action="undo",
                subject={"revision": seq, "action": rev.action, "mentions": came + rest},
                reason={"manual": True, "note": note},
                actor=actor,
                undoes=seq,
                at=utc_now(),
            )
            _link(conn, "cannot", [ordered(a, b) for a in came for b in rest], new_seq)
            _link(conn, "must", [ordered(came[0], m) for m in came[1:]], new_seq)
            mentions = came + rest
        else:
            raise UsageError(
                f"revision {seq} ({rev.action}) cannot be undone",
                hint="Undo works on merge, split, incident.merged and incident.linked revisions.",
            )
        outcome = recluster(
            conn, mentions, actor=actor, cause={"decision": new_seq, "manual": True}
        )
    return _result(new_seq, outcome)
