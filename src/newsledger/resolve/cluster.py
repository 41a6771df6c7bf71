"""The decision: incident mentions into incidents, from scored pairs and manual links.

A pure function of its inputs, so the ledger's incidents do not depend on the order in which
articles arrived: the same mentions, pair scores and manual links always give the same
clusters. The procedure is Kruskal's, with constraints:

1. ``must`` links (manual merges) join their two mentions first;
2. the scored pairs at or above the threshold are taken best first (ties broken by the mention
   ids), and each joins its two clusters unless that would put together two mentions that must
   stay apart: a ``cannot`` link (a manual split) or two incident mentions of one article (the
   extractor read them as different incidents; a manual merge overrides this).

Clusters only ever join along pairs above the threshold, so each cluster lies inside one
connected component of the graph of those pairs, and each component is decided on its own:
the resolver re-decides only the components that new mentions touch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edge:
    """A scored pair of mention ids (``a < b``)."""

    a: str
    b: str
    score: float


def ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def cluster(
    nodes: Iterable[str],
    edges: Iterable[Edge],
    *,
    threshold: float,
    article_of: Mapping[str, str],
    must: Iterable[tuple[str, str]] = (),
    cannot: Iterable[tuple[str, str]] = (),
) -> list[frozenset[str]]:
    """Partition ``nodes`` into clusters; see the module's doc. The result is sorted by each
    cluster's smallest id, members are sets, and it depends on the inputs only as sets."""
    parent: dict[str, str] = {n: n for n in sorted(set(nodes))}
    members: dict[str, set[str]] = {n: {n} for n in parent}
    apart: dict[str, set[str]] = {n: set() for n in parent}
    for a, b in cannot:
        if a in parent and b in parent and a != b:
            apart[a].add(b)
            apart[b].add(a)

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(ra: str, rb: str) -> None:
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra] |= members.pop(rb)

    def compatible(ra: str, rb: str) -> bool:
        small, large = sorted((members[ra], members[rb]), key=len)
        large_articles = {article_of.get(m) for m in large}
        return not any(apart[m] & large or article_of.get(m) in large_articles for m in small)

    for a, b in sorted(ordered(a, b) for a, b in must if a in parent and b in parent):
        ra, rb = find(a), find(b)
        if ra != rb:
            union(ra, rb)
    kept = [e for e in edges if e.score >= threshold and e.a in parent and e.b in parent]
    for edge in sorted(kept, key=lambda e: (-e.score, *ordered(e.a, e.b))):
        ra, rb = find(edge.a), find(edge.b)
        if ra != rb and compatible(ra, rb):
            union(ra, rb)
    return sorted((frozenset(m) for m in members.values()), key=min)
