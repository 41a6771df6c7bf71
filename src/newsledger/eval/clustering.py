"""Clustering scores for documents -> incidents: MUC, B-cubed, CEAF-e, CoNLL F1, pairwise.

The definitions are those of the CoNLL-2011/2012 reference scorer as written up by Pradhan et al.,
*Scoring Coreference Partitions of Predicted Mentions: A Reference Implementation* (ACL 2014).
Clusters are sets of item ids (here, article ids); the key (gold) and the response (system) may
cover different items ("twinless" mentions), which every score below handles as the reference
scorer does.

- **MUC** (Vilain et al. 1995): recall = sum over key clusters K of ``|K| - p(K)`` over the sum of
  ``|K| - 1``, where ``p(K)`` is the number of parts the response cuts K into (items of K that
  the response lacks are parts of their own); precision swaps key and response. Singletons add
  nothing, so an all-singleton key has MUC recall 0/0 = 0.
- **B-cubed** (Bagga & Baldwin 1998): recall = sum over K, R of ``|K ∩ R|² / |K|`` over the
  number of key items; precision = the same with ``/ |R|`` over the number of response items.
- **CEAF-e** (Luo 2005, entity-based, φ4): similarity ``φ4(K, R) = 2|K ∩ R| / (|K| + |R|)``; Φ
  is the largest total similarity of a one-to-one alignment of key and response clusters,
  found with the Hungarian algorithm; recall = Φ / #key clusters, precision = Φ / #response
  clusters.
- **CoNLL F1**: the mean of the MUC, B-cubed and CEAF-e F1.
- **Pairwise**: P/R/F1 over the unordered pairs of items that share a cluster.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from newsledger.eval.metrics import PRF

Cluster = frozenset[Hashable]


def as_clusters(groups: Iterable[Iterable[Hashable]]) -> list[Cluster]:
    """Turn groups into non-empty frozensets (empty groups are dropped)."""
    return [c for c in (frozenset(g) for g in groups) if c]


def _overlaps(key: Sequence[Cluster], response: Sequence[Cluster]) -> dict[tuple[int, int], int]:
    """``|K_i ∩ R_j|`` for every pair that overlaps; sparse, through an item index."""
    where: dict[Hashable, list[int]] = {}
    for j, cluster in enumerate(response):
        for item in cluster:
            where.setdefault(item, []).append(j)
    out: dict[tuple[int, int], int] = {}
    for i, cluster in enumerate(key):
        for item in cluster:
            for j in where.get(item, ()):
                out[(i, j)] = out.get((i, j), 0) + 1
    return out


def _muc_side(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[float, float]:
    num = den = 0
    for cluster in key:
        covered: set[Hashable] = set()
        parts = 0
        for other in response:
            shared = cluster & other
            if shared:
                parts += 1
                covered |= shared
        parts += len(cluster - covered)
        num += len(cluster) - parts
        den += len(cluster) - 1
    return num, den


def muc(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    r_num, r_den = _muc_side(key, response)
    p_num, p_den = _muc_side(response, key)
    return PRF(p_num, p_den, r_num, r_den)


def b_cubed(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    overlaps = _overlaps(key, response)
    r_num = sum(n * n / len(key[i]) for (i, _), n in overlaps.items())
    p_num = sum(n * n / len(response[j]) for (_, j), n in overlaps.items())
    return PRF(p_num, sum(len(c) for c in response), r_num, sum(len(c) for c in key))


def ceaf_e(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    overlaps = _overlaps(key, response)
    similarity = {
        (i, j): 2 * n / (len(key[i]) + len(response[j])) for (i, j), n in overlaps.items()
    }
    total = 0.0
    # Pairs that share nothing score 0, so the best alignment is the sum of the best
    # alignments of each connected block of overlapping clusters; this keeps the matrices small.
    for rows, cols in _blocks(list(similarity)):
        matrix = [[similarity.get((i, j), 0.0) for j in cols] for i in rows]
        total += sum(matrix[a][b] for a, b in max_weight_assignment(matrix))
    return PRF(total, len(response), total, len(key))


def _blocks(edges: list[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    """Connected components of a bipartite graph given by (row, col) edges."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        a, b = find(("r", i)), find(("c", j))
        if a != b:
            parent[a] = b
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in list(parent):
        rows, cols = groups.setdefault(find(node), ([], []))
        (rows if node[0] == "r" else cols).append(node[1])
    return [(sorted(r), sorted(c)) for r, c in groups.values()]


def pairwise(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    tp = sum(math.comb(n, 2) for n in _overlaps(key, response).values())
    return PRF.from_counts(
        tp, sum(math.comb(len(c), 2) for c in response), sum(math.comb(len(c), 2) for c in key)
    )


@dataclass(frozen=True, slots=True)
class ClusterScores:
    muc: PRF
    b_cubed: PRF
    ceaf_e: PRF
    pairwise: PRF

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3


def score_clusters(
    key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]
) -> ClusterScores:
    k, r = as_clusters(key), as_clusters(response)
    return ClusterScores(muc(k, r), b_cubed(k, r), ceaf_e(k, r), pairwise(k, r))


# --- assignment ---------------------------------------------------------------------------


def min_cost_assignment(cost: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """The Hungarian (Kuhn-Munkres) algorithm with potentials, O(n² m) for n <= m.

    Returns (row, col) pairs of a minimum-cost assignment that covers every row of a rectangular
    matrix with n rows <= m columns (for n > m it is solved on the transpose and covers every
    column). Pairs are sorted by row.
    """
    n = len(cost)
    m = len(cost[0]) if n else 0
    if n == 0 or m == 0:
        return []
    if any(len(row) != m for row in cost):
        raise ValueError("cost matrix rows differ in length")
    if n > m:
        transposed = [[cost[i][j] for i in range(n)] for j in range(m)]
        return sorted((i, j) for j, i in min_cost_assignment(transposed))
    inf = math.inf
    # 1-based arrays; column 0 is the virtual start. u, v are the row and column potentials,
    # p[j] the row matched to column j, way[j] the previous column on the augmenting path.
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            row = cost[i0 - 1]
            delta = inf
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return sorted((p[j] - 1, j - 1) for j in range(1, m + 1) if p[j])


def max_weight_assignment(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """A one-to-one assignment of largest total weight (``min(n, m)`` pairs)."""
    return min_cost_assignment([[-w for w in row] for row in weights])
