"""Event factuality scoring on invented sentences in the unified UW/MEANTIME format."""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger.article import Article
from newsledger.errors import DatasetError, UsageError
from newsledger.eval import run_eval
from newsledger.eval.factuality import certainty_score, predicted_score

# (text, [(token index, gold label)])
UW = [
    ("Police arrested the driver on Friday .", [(1, 3.0)]),
    ("The officer did not fire his weapon .", [(4, -3.0)]),
    ("It is unclear whether the suspect fled .", [(6, 0.0)]),
    ("The council may approve the plan .", [(3, 1.5)]),
]
MEANTIME = [("The company opened a new plant .", [(2, 3.0)])]


def write_data(root: Path, *, meantime: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)

    def write(path: Path, rows: list[tuple[str, list[tuple[int, float]]]]) -> None:
        with path.open("w", encoding="utf-8") as handle:
            for i, (text, targets) in enumerate(rows):
                tokens = text.split()
                record = {
                    "text": text,
                    "file_idx": 0,
                    "idx": i,
                    "targets": [
                        {"span1": [t, t + 1], "label": label, "span_text": tokens[t]}
                        for t, label in targets
                    ],
                }
                handle.write(json.dumps(record) + "\n")

    write(root / "uw_dev.jsonl", UW)
    if meantime:
        write(root / "meantime_dev.jsonl", MEANTIME)
    return root


def _claim(text: str, piece: str, certainty: str, polarity: str = "affirmed") -> dict[str, Any]:
    start = text.index(piece)
    return {
        "content": [{"start": start, "end": start + len(piece), "text": piece}],
        "cue": None,
        "source": None,
        "certainty": certainty,
        "polarity": polarity,
    }


# Claims for the first three UW sentences (exact) and none for the fourth (uncovered).
CLAIMS = {
    UW[0][0]: [_claim(UW[0][0], "Police arrested the driver on Friday", "fact")],
    UW[1][0]: [_claim(UW[1][0], "The officer did not fire his weapon", "fact", "negated")],
    UW[2][0]: [_claim(UW[2][0], "the suspect fled", "unknown")],
    MEANTIME[0][0]: [_claim(MEANTIME[0][0], "The company opened a new plant", "fact")],
}


def analyze(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
    for article in articles:
        yield {
            "article": {"id": article.id},
            "claims": CLAIMS.get(article.text, []),
            "sentences": [],
            "incidents": [],
        }


def test_certainty_mapping() -> None:
    assert certainty_score("fact", "affirmed") == 3.0
    assert certainty_score("fact", "negated") == -3.0
    assert certainty_score("possible", "negated") == -1.0
    assert certainty_score("attributed", None) == 2.5
    assert certainty_score("unknown", "negated") == 0.0
    assert certainty_score("denied", "negated") == -3.0
    assert certainty_score("sure", "affirmed") is None


def test_innermost_covering_claim_wins() -> None:
    text = "Officials said the man may have fled ."
    outer = _claim(text, "Officials said the man may have fled", "attributed")
    inner = _claim(text, "the man may have fled", "possible")
    analysis = {"claims": [outer, inner]}
    assert predicted_score(analysis, text.index("fled")) == 1.0
    assert predicted_score(analysis, text.index("said")) == 2.5
    assert predicted_score(analysis, len(text) - 1) is None
    assert predicted_score(None, 0) is None


def test_scores_on_known_values(tmp_path: Path) -> None:
    report = run_eval("factuality", write_data(tmp_path), analyze)
    assert report.split == "dev" and report.items == 5
    assert report.counts == {
        "UW sentences": 4,
        "UW events": 4,
        "MEANTIME sentences": 1,
        "MEANTIME events": 1,
    }
    assert report.value("UW/coverage") == pytest.approx(3 / 4)
    assert report.value("UW/mae") == pytest.approx(0.0)
    assert report.value("UW/pearson") == pytest.approx(1.0)
    assert report.value("UW/baseline_mae_always_fact") == pytest.approx((0 + 6 + 3 + 1.5) / 4)
    assert report.value("UW/mae_default_fact") == pytest.approx(1.5 / 4)
    # the uncovered event (gold 1.5) taken as +3, beside the three covered ones
    expected_r = statistics.correlation([3.0, -3.0, 0.0, 1.5], [3.0, -3.0, 0.0, 3.0])
    assert report.value("UW/pearson_default_fact") == pytest.approx(expected_r)
    assert report.value("UW/recall_nonfactual") == pytest.approx(2 / 3)
    assert report.value("UW/recall_bucket_-3_-1") == 1.0
    assert report.value("UW/recall_bucket_-1_1") == 1.0
    assert report.value("UW/recall_bucket_1_2.5") == 0.0
    assert report.get("UW/recall_bucket_1_2.5").n == 1
    assert report.value("MEANTIME/coverage") == 1.0
    assert report.value("MEANTIME/pearson") is None  # one pair


def test_empty_prediction(tmp_path: Path) -> None:
    def nothing(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        for _ in articles:
            yield None

    report = run_eval("factuality", write_data(tmp_path), nothing)
    assert report.failed == 5
    assert report.value("UW/coverage") == 0.0
    assert report.value("UW/mae") is None
    assert report.value("UW/mae_default_fact") == report.value("UW/baseline_mae_always_fact")


def test_a_missing_corpus_is_left_out(tmp_path: Path) -> None:
    report = run_eval("factuality", write_data(tmp_path, meantime=False), analyze)
    assert "MEANTIME events" not in report.counts
    assert any("meantime_dev.jsonl" in note for note in report.notes)


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        run_eval("factuality", tmp_path / "missing", analyze)
    with pytest.raises(DatasetError):
        run_eval("factuality", write_data(tmp_path), analyze, split="train")
    with pytest.raises(UsageError):
        run_eval("factuality", tmp_path, analyze, split="bogus")
    (tmp_path / "uw_dev.jsonl").write_text(
        '{"text": "A b .", "targets": [{"span1": [9, 10], "label": 1.0}]}\n', encoding="utf-8"
    )
    with pytest.raises(DatasetError, match="out of range"):
        run_eval("factuality", tmp_path, analyze)
    (tmp_path / "uw_dev.jsonl").write_text("not json\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="line 1"):
        run_eval("factuality", tmp_path, analyze)


def test_progress_counts_across_both_corpora(tmp_path: Path) -> None:
    calls: list[int] = []
    run_eval("factuality", write_data(tmp_path), analyze, progress=calls.append)
    assert calls == [1, 2, 3, 4, 5]
