"""``run_eval``: score an ``analyze`` function on one benchmark task.

Tasks, their data folders and default splits:

    polnear       a PolNeAR split folder (text/, attributions/), or polnear/ + --split (dev)
    factuality    uw_<split>.jsonl, meantime_<split>.jsonl        (dev | train; dev)
    subjectivity  <split>.csv                                     (train | val | ...; val)
    gvdb          <split>.jsonl                                   (dev)
    gva           articles.jsonl, incidents.jsonl                 (dev | train | all; dev)

Each task module's docstring defines its metrics.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from newsledger.article import Article
from newsledger.errors import UsageError
from newsledger.eval import factuality, gva, gvdb, polnear, subjectivity
from newsledger.eval.common import AnalysisDict, AnalyzeFn, ProgressFn, limited, require_file
from newsledger.eval.report import EvalReport


class TaskFn(Protocol):
    def __call__(
        self,
        data_dir: Path,
        analyze: AnalyzeFn,
        *,
        split: str | None = None,
        limit: int | None = None,
        progress: ProgressFn | None = None,
    ) -> EvalReport: ...


TASKS: dict[str, TaskFn] = {
    "polnear": polnear.evaluate,
    "factuality": factuality.evaluate,
    "subjectivity": subjectivity.evaluate,
    "gvdb": gvdb.evaluate,
    "gva": gva.evaluate,
}

DEFAULT_SPLITS = {
    "polnear": "dev",
    "factuality": "dev",
    "subjectivity": "val",
    "gvdb": "dev",
    "gva": "dev",
}


def run_eval(
    task: str,
    data_dir: Path,
    analyze: AnalyzeFn,
    *,
    split: str | None = None,
    limit: int | None = None,
    progress: ProgressFn | None = None,
    group: gva.GroupFn | None = None,
) -> EvalReport:
    """Run ``analyze`` over a task's dataset and score it.

    ``analyze`` takes an iterable of Articles and yields one analysis dict (or None for a failed
    article) per article, in order; it is fed lazily. ``progress`` is called after each item
    with the number of items done so far. ``group`` (gva only) turns the analyses into predicted
    incidents; the default is :func:`newsledger.eval.gva.group_by_ledger`.

    Raises UsageError for an unknown task, split or limit, DatasetError when the folder is
    missing or not in the task's format.
    """
    evaluate = TASKS.get(task)
    if evaluate is None:
        raise UsageError(f"no evaluation task {task!r}", hint=f"Choose one of: {', '.join(TASKS)}.")
    if limit is not None and limit < 1:
        raise UsageError(
            f"--limit must be at least 1, not {limit}",
            hint="Leave --limit out to evaluate the whole split.",
        )
    if group is not None and task != "gva":
        raise UsageError(
            "a resolver (group) only applies to the gva task", hint="Leave group out for this task."
        )
    producers: dict[str, str] = {}

    def watched(articles: Iterable[Article]) -> Iterator[AnalysisDict | None]:
        """``analyze``, keeping the producers of the first analysis for the report."""
        for analysis in analyze(articles):
            made_by = analysis.get("producers") if isinstance(analysis, dict) else None
            if not producers and isinstance(made_by, dict):
                producers.update({str(k): str(v) for k, v in made_by.items()})
            yield analysis

    if task == "gva":
        report = gva.evaluate(
            Path(data_dir), watched, split=split, limit=limit, progress=progress, group=group
        )
    else:
        report = evaluate(Path(data_dir), watched, split=split, limit=limit, progress=progress)
    report.producers = producers
    return report


def count_items(
    task: str, data_dir: Path, *, split: str | None = None, limit: int | None = None
) -> int:
    """How many items ``run_eval`` with the same arguments will read (the total for a progress
    bar): articles, or sentences for factuality and subjectivity. Reads the dataset once."""
    data_dir = Path(data_dir)
    if task not in TASKS:
        raise UsageError(f"no evaluation task {task!r}", hint=f"Choose one of: {', '.join(TASKS)}.")
    if task == "polnear":
        split_dir, _ = polnear.resolve_split_dir(data_dir, split)
        return _count(polnear.load_polnear(split_dir), limit)
    if task == "factuality":
        name = split or "dev"
        return sum(
            _count(factuality.load_sentences(path, prefix), limit)
            for _, prefix in factuality.CORPORA
            if (path := data_dir / f"{prefix}_{name}.jsonl").is_file()
        )
    if task == "subjectivity":
        path = require_file(data_dir / f"{split or 'val'}.csv", "subjectivity", subjectivity.HINT)
        return _count(subjectivity.load_sentences(path), limit)
    if task == "gvdb":
        path = require_file(data_dir / f"{split or 'dev'}.jsonl", "GVDB", gvdb.HINT)
        return _count(gvdb.load_articles(path), limit)
    path = require_file(data_dir / "articles.jsonl", "GVA articles", gva.HINT)
    return _count(gva.load_articles(path, split or "dev"), limit)


def _count(items: Iterable[object], limit: int | None) -> int:
    return sum(1 for _ in limited(items, limit))
