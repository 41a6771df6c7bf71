"""Generic scorers: precision/recall/F1, classification, regression.

Conventions, the same in every task:

- A ratio whose denominator is zero is 0.0, as scikit-learn's ``zero_division=0``: a system that
  predicts nothing has precision 0, not "undefined", so empty output scores an honest zero.
- :class:`PRF` keeps numerators and denominators, not ratios, so scores over several documents
  are summed first and divided once (micro-averaging).
- Regression scores (:func:`mean_absolute_error`, :func:`pearson`) return ``None`` where they are
  undefined (no pairs; no variance), which reports show as ``n/a``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from newsledger.eval.report import EvalReport


def ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision ``p_num / p_den`` and recall ``r_num / r_den``; F1 is their harmonic mean.

    For counts, ``p_num == r_num == tp``, ``p_den`` is the number predicted and ``r_den`` the
    number in the gold standard; MUC, B-cubed and CEAF fill the four fields their own way.
    """

    p_num: float = 0.0
    p_den: float = 0.0
    r_num: float = 0.0
    r_den: float = 0.0

    @classmethod
    def from_counts(cls, tp: float, predicted: float, gold: float) -> PRF:
        return cls(tp, predicted, tp, gold)

    @property
    def precision(self) -> float:
        return ratio(self.p_num, self.p_den)

    @property
    def recall(self) -> float:
        return ratio(self.r_num, self.r_den)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.p_num + other.p_num,
            self.p_den + other.p_den,
            self.r_num + other.r_num,
            self.r_den + other.r_den,
        )


def multiset_matches(predicted: Iterable[Hashable], gold: Iterable[Hashable]) -> PRF:
    """Exact-match counts: each gold item can be matched by at most one equal prediction."""
    pred_counts = Counter(predicted)
    gold_counts = Counter(gold)
    tp = sum((pred_counts & gold_counts).values())
    return PRF.from_counts(tp, sum(pred_counts.values()), sum(gold_counts.values()))


def add_prf(report: EvalReport, section: str, prefix: str, score: PRF, notes: str = "") -> None:
    """Add ``<prefix>_p``, ``<prefix>_r`` and ``<prefix>_f1`` rows.

    ``n`` is the number predicted for precision and the number in the gold standard for recall
    and F1 (exact for counts; for B-cubed and CEAF the denominators themselves).
    """
    report.add(section, f"{prefix}_p", score.precision, _as_int(score.p_den), notes)
    report.add(section, f"{prefix}_r", score.recall, _as_int(score.r_den), notes)
    report.add(section, f"{prefix}_f1", score.f1, _as_int(score.r_den), notes)


def _as_int(value: float) -> int:
    return round(value)


# --- classification -----------------------------------------------------------------------


def per_class_prf(
    gold: Sequence[str], predicted: Sequence[str | None], labels: Sequence[str]
) -> dict[str, PRF]:
    """One-vs-rest counts per label. A ``None`` prediction is wrong for its gold label (a false
    negative) and a false positive for no label."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    scores: dict[str, PRF] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_gold = sum(1 for g in gold if g == label)
        scores[label] = PRF.from_counts(tp, n_pred, n_gold)
    return scores


def macro_f1(scores: dict[str, PRF]) -> float:
    return sum(s.f1 for s in scores.values()) / len(scores) if scores else 0.0


def accuracy(gold: Sequence[str], predicted: Sequence[str | None]) -> float:
    return ratio(sum(1 for g, p in zip(gold, predicted, strict=True) if g == p), len(gold))


# --- regression ---------------------------------------------------------------------------


def mean_absolute_error(pairs: Sequence[tuple[float, float]]) -> float | None:
    if not pairs:
        return None
    return sum(abs(a - b) for a, b in pairs) / len(pairs)


def pearson(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Pearson's r of (gold, predicted) pairs; None with fewer than two pairs or no variance."""
    n = len(pairs)
    if n < 2:
        return None
    mean_x = sum(x for x, _ in pairs) / n
    mean_y = sum(y for _, y in pairs) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    sxx = sum((x - mean_x) ** 2 for x, _ in pairs)
    syy = sum((y - mean_y) ** 2 for _, y in pairs)
    if sxx <= 0 or syy <= 0:
        return None
    return sxy / math.sqrt(sxx * syy)
