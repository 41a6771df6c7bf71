"""Subjectivity (OBJ/SUBJ) scoring on invented sentences in the NewsSD-ENG CSV format."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger.article import Article
from newsledger.errors import DatasetError
from newsledger.eval import run_eval
from newsledger.eval.subjectivity import predicted_label

VAL = [
    ("The city council met on Tuesday.", "OBJ"),
    ("Rain is expected tomorrow,\naccording to forecasters.\n", "OBJ"),
    ("This plan is a shameful waste of money.", "SUBJ"),
    ("Surely nobody believes that excuse.", "SUBJ"),
    ('What a "brilliant" idea, said no one.', "SUBJ"),
]
TRAIN = [
    ("The bus left at noon.", "OBJ"),
    ("The mall opened.", "OBJ"),
    ("It was a wonderful day.", "SUBJ"),
]


def write_csv(path: Path, rows: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Sentence", "Label", "Solved conflict"])
        for sentence, label in rows:
            writer.writerow([sentence, label, "False"])


def write_data(root: Path, *, train: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    write_csv(root / "val.csv", VAL)
    if train:
        write_csv(root / "train.csv", TRAIN)
    return root


def labelling(labels: dict[str, list[str | None]]):
    def analyze(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        for article in articles:
            sentence_labels = labels.get(article.text, [None])
            yield {
                "article": {"id": article.id},
                "claims": [],
                "incidents": [],
                "sentences": [
                    {"start": 0, "end": len(article.text), "label": label, "score": None}
                    for label in sentence_labels
                ],
            }

    return analyze


GOLD_LABELS: dict[str, list[str | None]] = {
    s.strip(): ["reporting"] if label == "OBJ" else ["reporting", "opinion"] for s, label in VAL
}


def test_predicted_label() -> None:
    def sentences(*labels: str | None) -> dict[str, Any]:
        return {"sentences": [{"label": label} for label in labels]}

    assert predicted_label(sentences("reporting", "opinion")) == "SUBJ"
    assert predicted_label(sentences("boilerplate", "reporting")) == "OBJ"
    assert predicted_label(sentences(None, None)) is None
    assert predicted_label(None) is None


def test_perfect_prediction(tmp_path: Path) -> None:
    report = run_eval("subjectivity", write_data(tmp_path), labelling(GOLD_LABELS))
    assert report.split == "val" and report.items == 5
    for key in ("macro_f1", "subj_f1", "obj_f1", "accuracy", "coverage"):
        assert report.value(key) == 1.0, key
    # train majority is OBJ: OBJ F1 = 2*2/(2+5) = 4/7, SUBJ F1 = 0
    assert report.value("baseline_majority_macro_f1") == pytest.approx(2 / 7)


def test_unlabelled_count_as_wrong(tmp_path: Path) -> None:
    report = run_eval("subjectivity", write_data(tmp_path), labelling({}))
    assert report.value("macro_f1") == 0.0
    assert report.value("accuracy") == 0.0
    assert report.value("coverage") == 0.0


def test_crafted_confusion(tmp_path: Path) -> None:
    labels: dict[str, list[str | None]] = {
        VAL[0][0]: ["reporting"],
        VAL[1][0].strip(): ["opinion"],
        VAL[2][0]: ["opinion"],
        VAL[3][0]: [None],
        VAL[4][0]: ["opinion"],
    }
    report = run_eval("subjectivity", write_data(tmp_path), labelling(labels))
    assert report.value("obj_f1") == pytest.approx(2 / 3)
    assert report.value("subj_f1") == pytest.approx(2 / 3)
    assert report.value("macro_f1") == pytest.approx(2 / 3)
    assert report.value("accuracy") == pytest.approx(3 / 5)
    assert report.value("coverage") == pytest.approx(4 / 5)


def test_majority_from_the_split_without_train(tmp_path: Path) -> None:
    report = run_eval("subjectivity", write_data(tmp_path, train=False), labelling({}))
    # val majority is SUBJ: SUBJ F1 = 2*3/(3+5) = 3/4, OBJ F1 = 0
    assert report.value("baseline_majority_macro_f1") == pytest.approx(3 / 8)
    assert "val.csv" in report.get("baseline_majority_macro_f1").notes


def test_other_split_and_errors(tmp_path: Path) -> None:
    write_data(tmp_path)
    report = run_eval("subjectivity", tmp_path, labelling({}), split="train")
    assert report.split == "train" and report.items == 3
    with pytest.raises(DatasetError):
        run_eval("subjectivity", tmp_path, labelling({}), split="nope")
    with pytest.raises(DatasetError):
        run_eval("subjectivity", tmp_path / "missing", labelling({}))
    (tmp_path / "val.csv").write_text("text,gold\nA sentence.,OBJ\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="header"):
        run_eval("subjectivity", tmp_path, labelling({}))
    write_csv(tmp_path / "val.csv", [("A sentence.", "NEUTRAL")])
    with pytest.raises(DatasetError, match="NEUTRAL"):
        run_eval("subjectivity", tmp_path, labelling({}))
