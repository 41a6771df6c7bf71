"""Evaluation on public benchmarks: loaders for their formats and the scorers.

    run_eval(task, data_dir, analyze, split=..., limit=..., progress=..., group=...) -> EvalReport
    count_items(task, data_dir, split=..., limit=...) -> int   (a progress bar's total)

Tasks: ``polnear`` (attribution spans), ``factuality`` (UW / MEANTIME event factuality),
``subjectivity`` (NewsSD-ENG), ``gvdb`` (per-article incident fields), ``gva`` (documents ->
incidents clustering and incident fields). Datasets are read at run time from the folder the
user names; nothing of them is stored in the package.
"""

from __future__ import annotations

from newsledger.eval.gva import GroupFn, group_by_article
from newsledger.eval.report import EvalReport, MetricRow
from newsledger.eval.runner import DEFAULT_SPLITS, TASKS, count_items, run_eval

__all__ = [
    "DEFAULT_SPLITS",
    "TASKS",
    "EvalReport",
    "GroupFn",
    "MetricRow",
    "count_items",
    "group_by_article",
    "run_eval",
]
