"""Sentence subjectivity (NewsSD-ENG): OBJ (reporting) vs SUBJ (opinion), macro-F1.

**Gold.** ``<split>.csv`` (default ``val``) with header ``Sentence,Label,Solved conflict``;
labels ``OBJ`` / ``SUBJ``; rows are numbered from 0 (no ids in the data).

**Prediction.** Each sentence is analysed as an article. It is SUBJ when any analysed sentence
is labelled ``opinion``, OBJ when the labels are only ``reporting`` / ``boilerplate``, and
unlabelled when no sentence has a label (the labeller does not exist yet, or failed).

**Scores.** Per-class F1 (``subj_f1``, ``obj_f1``), their mean (``macro_f1``), ``accuracy`` and
``coverage`` (share labelled). An unlabelled sentence is wrong: a false negative for its gold
class and a false positive for neither. ``baseline_majority_macro_f1`` labels every sentence with
the majority class of ``train.csv`` (of the evaluated split when train.csv is absent).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsledger.article import Article
from newsledger.errors import DatasetError
from newsledger.eval.common import (
    AnalysisDict,
    AnalyzeFn,
    ProgressFn,
    analyze_items,
    limited,
    require_dir,
    require_file,
)
from newsledger.eval.metrics import accuracy, macro_f1, per_class_prf, ratio
from newsledger.eval.report import EvalReport

HINT = (
    "Point --data at the subjectivity folder holding train.csv / val.csv "
    "(header Sentence,Label,Solved conflict)."
)
LABELS = ("OBJ", "SUBJ")
COLUMNS = ("Sentence", "Label")


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    index: int
    text: str
    label: str


def load_sentences(path: Path) -> Iterator[LabelledSentence]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not all(c in reader.fieldnames for c in COLUMNS):
            raise DatasetError(
                f"{path}: the header is not Sentence,Label,...", code="dataset_format", hint=HINT
            )
        for index, row in enumerate(reader):
            label = (row.get("Label") or "").strip()
            if label not in LABELS:
                raise DatasetError(
                    f"{path}, row {index}: label {label!r} is not OBJ or SUBJ",
                    code="dataset_format",
                    hint=HINT,
                )
            yield LabelledSentence(index, (row.get("Sentence") or "").strip(), label)


def predicted_label(analysis: AnalysisDict | None) -> str | None:
    labels = {
        s.get("label") for s in (analysis or {}).get("sentences") or [] if isinstance(s, dict)
    }
    if "opinion" in labels:
        return "SUBJ"
    if labels & {"reporting", "boilerplate"}:
        return "OBJ"
    return None


def _majority(path: Path) -> str:
    counts = Counter(s.label for s in load_sentences(path))
    # max keeps the first of equals: a tie goes to OBJ.
    return max(LABELS, key=lambda label: counts[label])


def evaluate(
    data_dir: Path,
    analyze: AnalyzeFn,
    *,
    split: str | None = None,
    limit: int | None = None,
    progress: ProgressFn | None = None,
) -> EvalReport:
    split = split or "val"
    require_dir(data_dir, "subjectivity", HINT)
    path = require_file(data_dir / f"{split}.csv", f"subjectivity split {split!r}", HINT)
    report = EvalReport(task="subjectivity", dataset=str(data_dir), split=split)
    gold: list[str] = []
    predicted: list[str | None] = []

    def to_article(item: LabelledSentence) -> Article:
        return Article.create(item.text, id=f"{split}-{item.index}")

    items = limited(load_sentences(path), limit)
    for item, analysis in analyze_items(items, to_article, analyze, progress):
        report.items += 1
        if analysis is None:
            report.failed += 1
        gold.append(item.label)
        predicted.append(predicted_label(analysis))
    if not gold:
        raise DatasetError(f"{path}: no sentences", code="dataset_format", hint=HINT)

    scores = per_class_prf(gold, predicted, LABELS)
    n = len(gold)
    report.counts = {"sentences": n, **{f"gold {k}": gold.count(k) for k in LABELS}}
    report.add("", "macro_f1", macro_f1(scores), n, "OBJ/SUBJ; unlabelled count as wrong")
    report.add("", "subj_f1", scores["SUBJ"].f1, round(scores["SUBJ"].r_den))
    report.add("", "subj_p", scores["SUBJ"].precision, round(scores["SUBJ"].p_den))
    report.add("", "subj_r", scores["SUBJ"].recall, round(scores["SUBJ"].r_den))
    report.add("", "obj_f1", scores["OBJ"].f1, round(scores["OBJ"].r_den))
    report.add("", "accuracy", accuracy(gold, predicted), n)
    report.add(
        "",
        "coverage",
        ratio(sum(p is not None for p in predicted), n),
        n,
        "sentences with a predicted label",
    )
    train = data_dir / "train.csv"
    majority = _majority(train if train.is_file() else path)
    baseline = per_class_prf(gold, [majority] * n, LABELS)
    source = "train.csv" if train.is_file() else f"{split}.csv"
    report.add(
        "",
        "baseline_majority_macro_f1",
        macro_f1(baseline),
        n,
        f"always {majority} (majority of {source})",
    )
    return report
