"""MUC, B-cubed, CEAF-e, pairwise and the Hungarian assignment on known cases."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.eval.clustering import (
    as_clusters,
    b_cubed,
    ceaf_e,
    max_weight_assignment,
    min_cost_assignment,
    muc,
    pairwise,
    score_clusters,
)

# The worked example of Pradhan et al. (2014), "Scoring coreference partitions of predicted
# mentions", with twinless mentions on both sides.
KEY = [frozenset("abc"), frozenset("defg")]
RESPONSE = [frozenset("ab"), frozenset("cd"), frozenset("fghi")]


def test_muc_on_the_reference_example() -> None:
    score = muc(KEY, RESPONSE)
    assert score.recall == pytest.approx(2 / 5)
    assert score.precision == pytest.approx(2 / 5)
    assert score.f1 == pytest.approx(0.4)


def test_b_cubed_on_the_reference_example() -> None:
    score = b_cubed(KEY, RESPONSE)
    # recall: (2/3 + 2/3 + 1/3 + 1/4 + 0 + 2/4 + 2/4) / 7; precision: (1+1+1/2+1/2+1/2+1/2+0+0)/8
    assert score.recall == pytest.approx(35 / 84)
    assert score.precision == pytest.approx(4 / 8)


def test_ceaf_e_on_the_reference_example() -> None:
    score = ceaf_e(KEY, RESPONSE)
    # best alignment: {abc}-{ab} (phi4 0.8) and {defg}-{fghi} (0.5): 1.3
    assert score.recall == pytest.approx(1.3 / 2)
    assert score.precision == pytest.approx(1.3 / 3)


def test_perfect_clustering_scores_one_everywhere() -> None:
    clusters = [{"a", "b", "c"}, {"d", "e"}, {"f"}]
    scores = score_clusters(clusters, clusters)
    for prf in (scores.muc, scores.b_cubed, scores.ceaf_e, scores.pairwise):
        assert prf.precision == pytest.approx(1.0)
        assert prf.recall == pytest.approx(1.0)
    assert scores.conll_f1 == pytest.approx(1.0)


def test_all_singletons_response() -> None:
    key = [{"a", "b", "c"}, {"d"}]
    response = [{"a"}, {"b"}, {"c"}, {"d"}]
    scores = score_clusters(key, response)
    assert (scores.muc.recall, scores.muc.precision, scores.muc.f1) == (0.0, 0.0, 0.0)
    assert scores.b_cubed.precision == pytest.approx(1.0)
    assert scores.b_cubed.recall == pytest.approx((3 * (1 / 3) + 1) / 4)
    # phi4({abc},{a}) = 2/4 and phi4({d},{d}) = 1: total 1.5 over 2 key / 4 response clusters
    assert scores.ceaf_e.recall == pytest.approx(0.75)
    assert scores.ceaf_e.precision == pytest.approx(0.375)
    assert (scores.pairwise.precision, scores.pairwise.recall) == (0.0, 0.0)


def test_one_big_cluster_response() -> None:
    key = [{"a", "b"}, {"c", "d"}]
    response = [{"a", "b", "c", "d"}]
    scores = score_clusters(key, response)
    assert scores.muc.recall == pytest.approx(1.0)
    assert scores.muc.precision == pytest.approx(2 / 3)
    assert scores.b_cubed.recall == pytest.approx(1.0)
    assert scores.b_cubed.precision == pytest.approx(0.5)
    assert scores.pairwise.recall == pytest.approx(1.0)
    assert scores.pairwise.precision == pytest.approx(2 / 6)


def test_pairwise_counts() -> None:
    score = pairwise([frozenset("abc")], [frozenset("ab"), frozenset("c")])
    assert (score.p_num, score.p_den, score.r_den) == (1, 1, 3)


def _brute_force_min(cost: list[list[float]]) -> float:
    n, m = len(cost), len(cost[0])
    if n <= m:
        return min(
            sum(cost[i][j] for i, j in enumerate(cols))
            for cols in itertools.permutations(range(m), n)
        )
    return min(
        sum(cost[i][j] for j, i in enumerate(rows)) for rows in itertools.permutations(range(n), m)
    )


def test_hungarian_on_a_known_matrix() -> None:
    cost = [[4.0, 1.0, 3.0], [2.0, 0.0, 5.0], [3.0, 2.0, 2.0]]
    pairs = min_cost_assignment(cost)
    assert sum(cost[i][j] for i, j in pairs) == 5.0  # 1 + 2 + 2
    assert sorted(i for i, _ in pairs) == [0, 1, 2]
    assert len({j for _, j in pairs}) == 3


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 10_000))
def test_hungarian_matches_brute_force(n: int, m: int, seed: int) -> None:
    rng = random.Random(seed)
    cost = [[float(rng.randint(0, 9)) for _ in range(m)] for _ in range(n)]
    pairs = min_cost_assignment(cost)
    assert len(pairs) == min(n, m)
    assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == min(n, m)
    assert sum(cost[i][j] for i, j in pairs) == pytest.approx(_brute_force_min(cost))


def test_max_weight_assignment_and_empty_matrices() -> None:
    weights = [[0.1, 0.9], [0.8, 0.7]]
    assert max_weight_assignment(weights) == [(0, 1), (1, 0)]
    assert min_cost_assignment([]) == []
    assert min_cost_assignment([[]]) == []


def test_ceaf_e_on_a_larger_partition_is_fast_and_perfect() -> None:
    clusters = [frozenset(range(i * 3, i * 3 + 3)) for i in range(300)]
    score = ceaf_e(clusters, clusters)
    assert score.f1 == pytest.approx(1.0)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=14),
    st.lists(st.integers(0, 5), min_size=1, max_size=14),
)
def test_ceaf_e_blocks_agree_with_one_full_assignment(
    key_ids: list[int], response_ids: list[int]
) -> None:
    n = min(len(key_ids), len(response_ids))
    key = as_clusters([[i for i in range(n) if key_ids[i] == c] for c in range(6)])
    response = as_clusters([[i for i in range(n) if response_ids[i] == c] for c in range(6)])
    full = [[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key]
    best = sum(full[i][j] for i, j in max_weight_assignment(full))
    score = ceaf_e(key, response)
    assert score.p_num == pytest.approx(best)
