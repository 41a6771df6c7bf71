"""run_eval dispatch, the streaming of analyze, progress, and errors common to all tasks."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger.article import Article
from newsledger.errors import DatasetError, UsageError
from newsledger.eval import TASKS, count_items, run_eval
from newsledger.eval.common import analyze_items


def empty_analyze(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
    for article in articles:
        yield {"article": {"id": article.id}, "sentences": [], "claims": [], "incidents": []}


def write_subjectivity(root: Path, sentences: list[str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    with (root / "val.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Sentence", "Label", "Solved conflict"])
        for sentence in sentences:
            writer.writerow([sentence, "OBJ", "False"])
    return root


@pytest.mark.parametrize("task", sorted(TASKS))
def test_missing_folder_is_a_dataset_error(tmp_path: Path, task: str) -> None:
    with pytest.raises(DatasetError) as info:
        run_eval(task, tmp_path / "no-such-folder", empty_analyze)
    assert info.value.code == "dataset_missing"
    assert info.value.hint


@pytest.mark.parametrize("task", sorted(TASKS))
def test_empty_folder_is_a_dataset_error(tmp_path: Path, task: str) -> None:
    with pytest.raises(DatasetError):
        run_eval(task, tmp_path, empty_analyze)


def test_unknown_task_and_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no evaluation task"):
        run_eval("sentiment", tmp_path, empty_analyze)
    with pytest.raises(UsageError):
        run_eval("subjectivity", tmp_path, empty_analyze, limit=0)
    with pytest.raises(UsageError):
        run_eval("subjectivity", tmp_path, empty_analyze, group=lambda analyses: [])


def test_progress_limit_and_lazy_feeding(tmp_path: Path) -> None:
    data = write_subjectivity(tmp_path, [f"Sentence number {i} was written." for i in range(5)])
    calls: list[int] = []
    taken: list[str] = []

    def analyze(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        for article in articles:
            taken.append(article.id)
            # lazy: the harness has not read ahead of what it handed over
            assert len(taken) == len(calls) + 1
            yield {"article": {"id": article.id}, "sentences": []}

    report = run_eval("subjectivity", data, analyze, limit=3, progress=calls.append)
    assert report.items == 3
    assert calls == [1, 2, 3]
    assert taken == ["val-0", "val-1", "val-2"]


def test_the_report_names_what_made_the_analyses(tmp_path: Path) -> None:
    data = write_subjectivity(tmp_path, ["One sentence.", "Another sentence."])
    made_by = {"newsledger": "0.1.0", "claims.cue_gate": "claims.cuegate.v1@0123456789ab"}

    def analyze(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        for n, article in enumerate(articles):
            if n == 0:
                yield None  # a failed analysis has no producers: the next one tells
                continue
            yield {"article": {"id": article.id}, "sentences": [], "producers": made_by}

    report = run_eval("subjectivity", data, analyze)
    assert report.producers == made_by
    assert report.to_dict()["producers"] == made_by
    assert "claims.cue_gate `claims.cuegate.v1@0123456789ab`" in report.to_markdown()
    # analyses without producers (older callers): nothing claimed
    bare = run_eval("subjectivity", data, empty_analyze)
    assert bare.producers == {} and "Made by" not in bare.to_markdown()


def test_an_item_without_text_counts_as_failed_without_reaching_analyze(tmp_path: Path) -> None:
    data = write_subjectivity(tmp_path, ["", "A sentence with words.", "  ", "Another one."])
    taken: list[str] = []

    def analyze(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        for article in articles:
            taken.append(article.id)
            yield {"article": {"id": article.id}, "sentences": [{"label": "reporting"}]}

    report = run_eval("subjectivity", data, analyze)
    assert taken == ["val-1", "val-3"]
    assert report.items == 4 and report.failed == 2
    assert report.value("coverage") == 0.5


def test_analyze_items_pairs_in_order_and_checks_counts() -> None:
    items = ["one", "", "three", ""]

    def to_article(text: str) -> Article:
        return Article.create(text, id=text)

    def echo(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        for article in articles:
            yield {"id": article.id}

    pairs = list(analyze_items(items, to_article, echo))
    assert pairs == [("one", {"id": "one"}), ("", None), ("three", {"id": "three"}), ("", None)]

    def short(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        for article in articles:
            yield {"id": article.id}
            return

    with pytest.raises(ValueError, match="fewer"):
        list(analyze_items(items, to_article, short))

    def double(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        for article in articles:
            yield {"id": article.id}
            yield {"id": article.id}

    with pytest.raises(ValueError, match="more"):
        list(analyze_items(items, to_article, double))


def test_count_items(tmp_path: Path) -> None:
    data = write_subjectivity(tmp_path, ["One.", "Two.", "Three."])
    assert count_items("subjectivity", data) == 3
    assert count_items("subjectivity", data, limit=2) == 2
    with pytest.raises(DatasetError):
        count_items("gvdb", tmp_path)
    with pytest.raises(UsageError):
        count_items("nothing", tmp_path)
