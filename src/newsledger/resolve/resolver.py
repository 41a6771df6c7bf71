"""``resolve.v2``: incident mentions into incidents, incrementally, with every change logged.

For each new incident mention the resolver

1. stores its key (:mod:`newsledger.resolve.score`) in ``resolution_keys``;
2. finds its candidates by blocking: an indexed range query on the day window, within its state
   (or any state when either side has none), filtered by :func:`~newsledger.resolve.score.candidates`;
3. scores each candidate pair, and follows the pairs at or above the threshold (and the manual
   links) to the whole connected component the new mention joins;
4. decides that component again with :func:`~newsledger.resolve.cluster.cluster`, a pure
   function of the mentions, scores and manual links in it; so the ledger's incidents do not
   depend on the order in which articles arrived;
5. writes the difference: incidents created, mentions linked, incidents merged or split, each a
   revision whose reason holds the rule, the threshold and the scored pairs (with their parts)
   that decided it; then rebuilds the cached default view and the facets of each incident it
   touched (:mod:`newsledger.resolve.views`).

An incident's id is the smallest of :func:`incident_id_for` over its mentions, so it too depends
only on the set. An incident that loses its identity (its mentions joined another) stays in the
table with ``status = 'merged'`` and ``merged_into``, so links to it keep working.

An incident is never founded on opinion alone (``resolve.v2``): a component whose mentions are
all told only in opinion sentences (:attr:`~newsledger.resolve.score.MentionKey.opinion_only`)
gets no incident; its mentions wait, unresolved, and join the incident a report of the same
event founds (or one that exists already).

A mention whose window is wider than :data:`MAX_SPAN_DAYS` (an incident "last year", an article
without any date) is not matched automatically: it stays an incident of its own until merged by
hand.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsledger.resolve import score as scoring
from newsledger.resolve.cluster import Edge, cluster, ordered
from newsledger.store import Store, record_revision, utc_now
from newsledger.store.schema import (
    articles,
    incident_facets,
    incident_mentions,
    incidents,
    resolution_edges,
    resolution_keys,
    resolution_links,
)

RULE = "resolve.v2"
# Windows wider than this are not blocked against anything (see the module's doc); it also
# bounds the indexed range query: a candidate's window starts at most this long before ours.
MAX_SPAN_DAYS = 45
# How many scored pairs a revision's reason lists (the strongest first).
REASON_EDGES = 8


def incident_id_for(mention_id: str) -> str:
    """The incident id a mention would give: a hash of the mention id."""
    return hashlib.sha256(mention_id.encode("utf-8")).hexdigest()[:16]


def rule_name() -> str:
    return f"{RULE}+{scoring.RULE}"


@dataclass
class Outcome:
    """What one resolution pass changed."""

    created: int = 0
    linked: int = 0
    merged: int = 0
    split: int = 0
    touched: set[str] = field(default_factory=set)


def resolve_new(store: Store) -> int:
    """Resolve every incident mention that has no incident yet; returns how many incidents were
    created. Idempotent: a second run finds nothing to do."""
    with store.transaction() as conn:
        pending = [
            row.id
            for row in conn.execute(
                sa.select(incident_mentions.c.id)
                .join(articles, articles.c.content_hash == incident_mentions.c.article_hash)
                .where(incident_mentions.c.incident_id.is_(None))
                .order_by(articles.c.added_seq, incident_mentions.c.idx)
            )
        ]
        if not pending:
            return 0
        outcome = recluster(conn, pending, actor=rule_name(), cause={"rule": rule_name()})
    return outcome.created


def resolve_again(store: Store, *, actor: str | None = None) -> Outcome:
    """Compute every key and scored pair again with the installed scorer (after an upgrade
    that changed :data:`~newsledger.resolve.score.RULE`, or a fix to extraction) and decide
    every component again. Manual decisions (links) are kept and still win; what changes is
    recorded like any resolution, with ``reason.again: true``."""
    with store.transaction() as conn:
        everyone = [
            row.id
            for row in conn.execute(
                sa.select(incident_mentions.c.id).order_by(incident_mentions.c.id)
            )
        ]
        conn.execute(sa.delete(resolution_edges))
        conn.execute(sa.delete(resolution_keys))
        if not everyone:
            return Outcome()
        return recluster(
            conn,
            everyone,
            actor=actor or rule_name(),
            cause={"rule": rule_name(), "again": True},
        )


# -- keys


def ensure_keys(conn: Connection, mention_ids: Sequence[str]) -> dict[str, scoring.MentionKey]:
    """The keys of ``mention_ids``, computing and storing those not stored yet."""
    keys = load_keys(conn, mention_ids)
    missing = [m for m in mention_ids if m not in keys]
    if not missing:
        return keys
    rows = conn.execute(
        sa.select(
            incident_mentions.c.id,
            incident_mentions.c.idx,
            incident_mentions.c.article_hash,
        ).where(incident_mentions.c.id.in_(missing))
    ).all()
    by_article: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_article[row.article_hash].append(row)
    for article_hash, mention_rows in by_article.items():
        analysis = _analysis(conn, article_hash)
        for row in mention_rows:
            key = scoring.key_from_analysis(analysis, row.idx, row.id)
            conn.execute(
                sa.insert(resolution_keys),
                {
                    "mention_id": row.id,
                    "day_lo": key.day_lo,
                    "day_hi": key.day_hi,
                    "state": key.state,
                    "key": key.to_json(),
                },
            )
            keys[row.id] = key
    return keys


def _analysis(conn: Connection, article_hash: str) -> dict[str, Any]:
    row = conn.execute(
        sa.select(articles.c.analysis, articles.c.text).where(
            articles.c.content_hash == article_hash
        )
    ).one()
    analysis = dict(row.analysis)
    analysis["article"] = {**analysis["article"], "text": row.text}
    return analysis


def load_keys(conn: Connection, mention_ids: Iterable[str]) -> dict[str, scoring.MentionKey]:
    ids = list(mention_ids)
    out: dict[str, scoring.MentionKey] = {}
    for chunk in _chunks(ids):
        for row in conn.execute(
            sa.select(resolution_keys.c.mention_id, resolution_keys.c.key).where(
                resolution_keys.c.mention_id.in_(chunk)
            )
        ):
            out[row.mention_id] = scoring.MentionKey.from_json(row.key)
    return out


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _span_days(key: scoring.MentionKey) -> int:
    try:
        return (date.fromisoformat(key.day_hi) - date.fromisoformat(key.day_lo)).days
    except ValueError:
        return MAX_SPAN_DAYS + 1


def blockable(key: scoring.MentionKey) -> bool:
    """Whether a key takes part in automatic matching (its window is narrow enough)."""
    return _span_days(key) <= MAX_SPAN_DAYS


def _blocking_query(state: str | None) -> sa.Select[Any]:
    rk = resolution_keys.c
    base = sa.select(rk.mention_id, rk.key).where(
        rk.day_lo >= sa.bindparam("floor"),
        rk.day_lo <= sa.bindparam("hi"),
        rk.day_hi >= sa.bindparam("lo"),
        rk.mention_id != sa.bindparam("me"),
    )
    if state is None:
        return base
    # Two index ranges on (state, day_lo): the mention's state, and mentions with none.
    return cast(
        sa.Select[Any],
        sa.union_all(base.where(rk.state == sa.bindparam("state")), base.where(rk.state.is_(None))),
    )


_ANY_STATE = _blocking_query(None)
_IN_STATE = _blocking_query("state")


def _candidates(conn: Connection, key: scoring.MentionKey) -> dict[str, scoring.MentionKey]:
    """Blocking: the stored keys whose windows may overlap ``key``'s, in its state."""
    if not blockable(key):
        return {}
    lo, hi = scoring.window(key)
    try:
        floor = (date.fromisoformat(lo) - timedelta(days=MAX_SPAN_DAYS)).isoformat()
    except (ValueError, OverflowError):
        floor = date.min.isoformat()
    params = {"floor": floor, "hi": hi, "lo": lo, "me": key.id}
    query = _ANY_STATE
    if key.state:
        query, params["state"] = _IN_STATE, key.state
    out = {}
    for row in conn.execute(query, params):
        data = row.key if isinstance(row.key, dict) else json.loads(row.key)
        other = scoring.MentionKey.from_json(data)
        if blockable(other) and scoring.candidates(key, other):
            out[row.mention_id] = other
    return out


# -- the component around the seeds, decided again


def recluster(
    conn: Connection, seeds: Sequence[str], *, actor: str, cause: dict[str, Any]
) -> Outcome:
    """Decide again the connected component(s) that contain ``seeds``, write the difference
    and its revisions (``cause`` goes into each reason), and refresh the touched incidents.

    Seeds without a stored key are new: their key is stored, their candidates are found and
    scored, and the pairs at or above the threshold go into ``resolution_edges``. The component
    is then found by index lookups alone: stored pairs, manual links and current incidents."""
    from newsledger.resolve import views  # views read the store; imported late to avoid a cycle

    seeds = list(dict.fromkeys(seeds))
    known = load_keys(conn, seeds)
    fresh = [m for m in seeds if m not in known]
    keys = {**known, **ensure_keys(conn, fresh)}
    _score_new(conn, fresh, keys)

    nodes: set[str] = set()
    frontier = seeds
    edges: dict[tuple[str, str], scoring.Score] = {}
    must: set[tuple[str, str]] = set()
    cannot: set[tuple[str, str]] = set()
    while frontier:
        batch = [m for m in dict.fromkeys(frontier) if m not in nodes]
        if not batch:
            break
        nodes.update(batch)
        found: list[str] = []
        for (a, b), result in _stored_edges(conn, batch).items():
            edges[(a, b)] = result
            found += [a, b]
        # Manual links and current incidents: a component holds whole incidents.
        for link in _links(conn, batch):
            pair = ordered(link.a, link.b)
            (must if link.kind == "must" else cannot).add(pair)
            if link.kind == "must":
                found += pair
        found += _incident_mates(conn, batch)
        frontier = [m for m in found if m not in nodes]

    keys.update(load_keys(conn, [m for m in nodes if m not in keys]))
    old = _current(conn, nodes)
    article_of = {m: keys[m].article for m in nodes}
    clusters = cluster(
        nodes,
        [Edge(a, b, s.total) for (a, b), s in edges.items()],
        threshold=scoring.THRESHOLD,
        article_of=article_of,
        must=must,
        cannot=cannot,
    )
    # An incident is never founded on opinion alone: mentions told only in opinion sentences
    # wait, unresolved, until a report joins them (they may join an incident that exists).
    clusters = [
        c for c in clusters if not all(keys[m].opinion_only and old.get(m) is None for m in c)
    ]
    outcome = _apply(conn, clusters, old, edges, keys, actor=actor, cause=cause)
    views.refresh(conn, sorted(outcome.touched))
    return outcome


def _score_new(conn: Connection, fresh: Sequence[str], keys: dict[str, scoring.MentionKey]) -> None:
    """Score each new mention against its candidates (stored ones and the other new ones) and
    store the pairs at or above the threshold."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for m in fresh:
        for other_id, other in _candidates(conn, keys[m]).items():
            pair = ordered(m, other_id)
            if pair in rows:
                continue
            result = scoring.score(keys[m], other)
            if result.total >= scoring.THRESHOLD:
                rows[pair] = {
                    "a": pair[0],
                    "b": pair[1],
                    "score": result.total,
                    "parts": result.parts,
                    "rule": scoring.RULE,
                }
    if rows:
        conn.execute(sa.insert(resolution_edges), list(rows.values()))


def _stored_edges(
    conn: Connection, mention_ids: Sequence[str]
) -> dict[tuple[str, str], scoring.Score]:
    re_ = resolution_edges.c
    out: dict[tuple[str, str], scoring.Score] = {}
    for chunk in _chunks(list(mention_ids)):
        for row in conn.execute(
            sa.select(re_.a, re_.b, re_.score, re_.parts).where(
                sa.or_(re_.a.in_(chunk), re_.b.in_(chunk))
            )
        ):
            out[(row.a, row.b)] = scoring.Score(total=row.score, parts=dict(row.parts or {}))
    return out


@dataclass(frozen=True, slots=True)
class _Link:
    kind: str
    a: str
    b: str


def _links(conn: Connection, mention_ids: Sequence[str]) -> list[_Link]:
    rl = resolution_links.c
    out = []
    for chunk in _chunks(list(mention_ids)):
        for row in conn.execute(
            sa.select(rl.kind, rl.a, rl.b).where(
                rl.active.is_(True), sa.or_(rl.a.in_(chunk), rl.b.in_(chunk))
            )
        ):
            out.append(_Link(row.kind, row.a, row.b))
    return out


def _incident_mates(conn: Connection, mention_ids: Sequence[str]) -> list[str]:
    im = incident_mentions.c
    out: list[str] = []
    for chunk in _chunks(list(mention_ids)):
        owners = sa.select(im.incident_id).where(im.id.in_(chunk), im.incident_id.is_not(None))
        out.extend(
            row.id for row in conn.execute(sa.select(im.id).where(im.incident_id.in_(owners)))
        )
    return out


def _current(conn: Connection, nodes: Iterable[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for chunk in _chunks(sorted(nodes)):
        for row in conn.execute(
            sa.select(incident_mentions.c.id, incident_mentions.c.incident_id).where(
                incident_mentions.c.id.in_(chunk)
            )
        ):
            out[row.id] = row.incident_id
    return out


def _edge_reasons(
    edges: dict[tuple[str, str], scoring.Score], left: set[str], right: set[str]
) -> list[dict[str, Any]]:
    """The scored pairs between two sets of mentions, strongest first."""
    found = []
    for pair in {ordered(a, b) for a in left for b in right if a != b}:
        if (s := edges.get(pair)) is not None:
            found.append((s, *pair))
    found.sort(key=lambda t: (-t[0].total, t[1], t[2]))
    return [
        {"a": a, "b": b, "score": s.total, "parts": s.parts} for s, a, b in found[:REASON_EDGES]
    ]


def _apply(
    conn: Connection,
    clusters: list[frozenset[str]],
    old: dict[str, str | None],
    edges: dict[tuple[str, str], scoring.Score],
    keys: dict[str, scoring.MentionKey],
    *,
    actor: str,
    cause: dict[str, Any],
) -> Outcome:
    outcome = Outcome()
    now = utc_now()
    reason_base = {**cause, "threshold": scoring.THRESHOLD}
    new_of: dict[str, str] = {}
    for members in clusters:
        cid = min(incident_id_for(m) for m in members)
        for m in members:
            new_of[m] = cid
    previous_ids = {o for o in old.values() if o is not None}
    existing = {
        row.id: row.status
        for chunk in _chunks(sorted(previous_ids | set(new_of.values())))
        for row in conn.execute(
            sa.select(incidents.c.id, incidents.c.status).where(incidents.c.id.in_(chunk))
        )
    }

    def articles_of(ms: Iterable[str]) -> list[str]:
        return sorted({keys[m].article for m in ms})

    for members in clusters:
        cid = new_of[min(members)]
        outcome.touched.add(cid)
        moved = sorted(m for m in members if old.get(m) != cid)
        if not moved:
            continue
        status = existing.get(cid)
        if status is None:
            conn.execute(
                sa.insert(incidents),
                {
                    "id": cid,
                    "status": "active",
                    "rule": actor,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            existing[cid] = "active"
        elif status != "active":
            conn.execute(
                sa.update(incidents)
                .where(incidents.c.id == cid)
                .values(status="active", merged_into=None, updated_at=now)
            )
            existing[cid] = "active"
        for chunk in _chunks(moved):
            conn.execute(
                sa.update(incident_mentions)
                .where(incident_mentions.c.id.in_(chunk))
                .values(incident_id=cid)
            )
        staying = {m for m in members if old.get(m) == cid}
        fresh = sorted(m for m in moved if old.get(m) is None)
        if fresh:
            if not staying and all(old.get(m) is None for m in members):
                action = "incident.created"
                outcome.created += 1
                subject = {"incident": cid, "mentions": sorted(members)}
            else:
                action = "incident.linked"
                outcome.linked += len(fresh)
                subject = {"incident": cid, "mentions": fresh}
            subject["articles"] = articles_of(subject["mentions"])
            rest = set(members) - set(fresh)
            pairs = _edge_reasons(edges, set(fresh), rest or set(fresh))
            record_revision(
                conn,
                action=action,
                subject=subject,
                reason={**reason_base, "pairs": pairs},
                actor=actor,
                at=now,
            )
        # Mentions that came from other incidents: a merge (the whole incident came) or a
        # split (part of it came).
        by_origin: dict[str, list[str]] = defaultdict(list)
        for m in moved:
            origin = old.get(m)
            if origin is not None:
                by_origin[origin].append(m)
        for origin, came in sorted(by_origin.items()):
            whole = all(new_of[m] == cid for m, o in old.items() if o == origin)
            action = "incident.merged" if whole else "incident.split"
            if whole:
                outcome.merged += 1
            else:
                outcome.split += 1
            record_revision(
                conn,
                action=action,
                subject={
                    "from": origin,
                    "into": cid,
                    "mentions": sorted(came),
                    "articles": articles_of(came),
                },
                reason={
                    **reason_base,
                    "pairs": _edge_reasons(edges, set(came), set(members) - set(came)),
                },
                actor=actor,
                at=now,
            )

    # Incidents that no longer name a cluster: merged into where most of their mentions went.
    for origin in sorted(previous_ids - set(new_of.values())):
        went = Counter(new_of[m] for m, o in old.items() if o == origin)
        into = min(went, key=lambda i: (-went[i], i))
        conn.execute(
            sa.update(incidents)
            .where(incidents.c.id == origin)
            .values(status="merged", merged_into=into, updated_at=now)
        )
        conn.execute(sa.delete(incident_facets).where(incident_facets.c.incident_id == origin))
    return outcome
