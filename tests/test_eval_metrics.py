"""Generic scorers on hand-made cases with known values."""

from __future__ import annotations

import pytest

from newsledger.eval.metrics import (
    PRF,
    accuracy,
    macro_f1,
    mean_absolute_error,
    multiset_matches,
    pearson,
    per_class_prf,
)


def test_prf_from_counts() -> None:
    score = PRF.from_counts(tp=3, predicted=4, gold=6)
    assert score.precision == pytest.approx(0.75)
    assert score.recall == pytest.approx(0.5)
    assert score.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)


def test_prf_zero_denominators_are_zero_not_errors() -> None:
    nothing = PRF.from_counts(0, 0, 5)
    assert (nothing.precision, nothing.recall, nothing.f1) == (0.0, 0.0, 0.0)
    assert PRF().f1 == 0.0


def test_prf_sums_before_dividing() -> None:
    total = PRF.from_counts(1, 1, 1) + PRF.from_counts(0, 3, 1)
    assert total.precision == pytest.approx(1 / 4)
    assert total.recall == pytest.approx(1 / 2)


def test_multiset_matches_counts_each_gold_once() -> None:
    score = multiset_matches(["a", "a", "b", "c"], ["a", "b", "b", "d"])
    assert (score.p_num, score.p_den, score.r_den) == (2, 4, 4)


def test_per_class_and_macro_f1_on_a_crafted_confusion() -> None:
    gold = ["OBJ", "OBJ", "SUBJ", "SUBJ", "SUBJ"]
    predicted: list[str | None] = ["OBJ", "SUBJ", "SUBJ", None, "SUBJ"]
    scores = per_class_prf(gold, predicted, ("OBJ", "SUBJ"))
    # OBJ: tp 1 of 1 predicted, 2 gold; SUBJ: tp 2 of 3 predicted, 3 gold.
    assert scores["OBJ"].precision == 1.0
    assert scores["OBJ"].recall == 0.5
    assert scores["OBJ"].f1 == pytest.approx(2 / 3)
    assert scores["SUBJ"].f1 == pytest.approx(2 / 3)
    assert macro_f1(scores) == pytest.approx(2 / 3)
    assert accuracy(gold, predicted) == pytest.approx(3 / 5)


def test_macro_f1_of_a_perfect_and_of_an_empty_prediction() -> None:
    gold = ["OBJ", "SUBJ", "SUBJ"]
    assert macro_f1(per_class_prf(gold, gold, ("OBJ", "SUBJ"))) == 1.0
    assert macro_f1(per_class_prf(gold, [None, None, None], ("OBJ", "SUBJ"))) == 0.0


def test_mae_and_pearson() -> None:
    pairs = [(1.0, 2.0), (2.0, 4.0), (3.0, 6.0)]
    assert mean_absolute_error(pairs) == pytest.approx((1 + 2 + 3) / 3)
    assert pearson(pairs) == pytest.approx(1.0)
    assert pearson([(1.0, 3.0), (2.0, 2.0), (3.0, 1.0)]) == pytest.approx(-1.0)
    # x = 1, 2, 3, 4 and y = 1, 3, 2, 4: r = 0.8
    assert pearson([(1.0, 1.0), (2.0, 3.0), (3.0, 2.0), (4.0, 4.0)]) == pytest.approx(0.8)


def test_regression_scores_are_undefined_without_data_or_variance() -> None:
    assert mean_absolute_error([]) is None
    assert pearson([]) is None
    assert pearson([(1.0, 2.0)]) is None
    assert pearson([(1.0, 3.0), (2.0, 3.0)]) is None
    assert mean_absolute_error([(0.0, 0.0)]) == 0.0
