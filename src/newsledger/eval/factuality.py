"""Event factuality (UW and MEANTIME, unified format): certainty mapped onto [-3, 3].

**Gold.** ``uw_<split>.jsonl`` and ``meantime_<split>.jsonl`` (split ``dev`` by default, or
``train``); one sentence a line, ``text`` = tokens joined by single spaces, ``targets`` =
``[{span1: [i, j], label}]`` with token indices into ``text.split()`` and a score in [-3, 3].
The two corpora are reported separately (sections ``UW`` and ``MEANTIME``); a corpus whose file
is absent is left out, and at least one must be present.

**Prediction.** Each sentence is analysed as an article. For a target event, the predicted claim
is the one with a content span that covers the character offset of the event's first token (the
shortest such span when several do, i.e. the innermost claim). Its certainty maps to:

    fact 3, attributed 2.5, reported 2, believed 1.5, alleged 1, possible 1, unknown 0,
    denied -3

and ``polarity: negated`` flips the sign of the positive values ("did not fire", stated as fact:
-3; "may not have": -1). ``unknown`` stays 0 and ``denied`` stays -3 (a denied denial is not
a thing newsledger tries to score). An event without a covering claim (or whose claim has no
known certainty) has no prediction.

**Scores.** ``coverage`` = events with a prediction / all events; ``mae`` and ``pearson`` on the
covered events (n/a when none); ``mae_default_fact`` = MAE on all events with uncovered ones
taken as +3, comparable with ``baseline_mae_always_fact`` (the always-+3 MAE on all events), and
``pearson_default_fact`` Pearson's r on all events the same way (the issue's reading, "a
predicate inside no claim counts as 3"; always +3 has no r);
``recall_nonfactual`` = share of events with gold < 2.5 whose prediction is < 2.5, and
``recall_bucket_<lo>_<hi>`` the share of gold events in each non-factual bucket [-3, -1),
[-1, 1), [1, 2.5) whose prediction falls in the same bucket (uncovered events count as misses).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.article import Article
from newsledger.errors import DatasetError, UsageError
from newsledger.eval.common import (
    AnalysisDict,
    AnalyzeFn,
    ProgressFn,
    analyze_items,
    limited,
    read_jsonl,
    require_dir,
    required,
    span_bounds,
)
from newsledger.eval.metrics import mean_absolute_error, pearson, ratio
from newsledger.eval.report import EvalReport

HINT = (
    "Point --data at the factuality folder holding uw_dev.jsonl / meantime_dev.jsonl "
    "(and the train files for --split train)."
)
CORPORA = (("UW", "uw"), ("MEANTIME", "meantime"))
SPLITS = ("dev", "train")

CERTAINTY_SCORES = {
    "fact": 3.0,
    "attributed": 2.5,
    "reported": 2.0,
    "believed": 1.5,
    "alleged": 1.0,
    "possible": 1.0,  # the claims issue fixes the scale: possible 1, as alleged
    "unknown": 0.0,
    "denied": -3.0,
}
FACTUAL_THRESHOLD = 2.5
BUCKETS = ((-3.0, -1.0), (-1.0, 1.0), (1.0, FACTUAL_THRESHOLD))

_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Event:
    offset: int  # character offset of the event's first token
    label: float


@dataclass(frozen=True, slots=True)
class FactualitySentence:
    id: str
    text: str
    events: list[Event]


def certainty_score(certainty: Any, polarity: Any) -> float | None:
    """A claim's certainty on the [-3, 3] scale (see the module docstring); None if unknown."""
    score = CERTAINTY_SCORES.get(certainty) if isinstance(certainty, str) else None
    if score is None:
        return None
    if polarity == "negated" and score > 0:
        return -score
    return score


def load_sentences(path: Path, prefix: str) -> Iterator[FactualitySentence]:
    for number, record in enumerate(read_jsonl(path, HINT), start=1):
        text = required(record, "text", path, HINT)
        targets = required(record, "targets", path, HINT)
        if not isinstance(text, str) or not isinstance(targets, list):
            raise DatasetError(
                f"{path}, record {number}: text or targets has the wrong type",
                code="dataset_format",
                hint=HINT,
            )
        starts = [m.start() for m in _TOKEN.finditer(text)]
        events = []
        for target in targets:
            try:
                first = int(target["span1"][0])
                label = float(target["label"])
            except (KeyError, IndexError, TypeError, ValueError) as exc:
                raise DatasetError(
                    f"{path}, record {number}: a target lacks span1 or label",
                    code="dataset_format",
                    hint=HINT,
                ) from exc
            if not 0 <= first < len(starts):
                raise DatasetError(
                    f"{path}, record {number}: token {first} is out of range",
                    code="dataset_format",
                    hint=HINT,
                )
            events.append(Event(starts[first], label))
        yield FactualitySentence(f"{prefix}-{number}", text, events)


def predicted_score(analysis: AnalysisDict | None, offset: int) -> float | None:
    best: tuple[int, dict[str, Any]] | None = None
    for claim in (analysis or {}).get("claims") or []:
        if not isinstance(claim, dict):
            continue
        for span in claim.get("content") or []:
            bounds = span_bounds(span)
            if bounds and bounds[0] <= offset < bounds[1]:
                length = bounds[1] - bounds[0]
                if best is None or length < best[0]:
                    best = (length, claim)
    if best is None:
        return None
    return certainty_score(best[1].get("certainty"), best[1].get("polarity"))


def _bucket(value: float) -> int | None:
    for index, (low, high) in enumerate(BUCKETS):
        if low <= value < high:
            return index
    return None


def _bucket_name(low: float, high: float) -> str:
    return f"recall_bucket_{low:g}_{high:g}"


def evaluate(
    data_dir: Path,
    analyze: AnalyzeFn,
    *,
    split: str | None = None,
    limit: int | None = None,
    progress: ProgressFn | None = None,
) -> EvalReport:
    split = split or "dev"
    if split not in SPLITS:
        raise UsageError(
            f"factuality has no split {split!r}", hint=f"Use --split {' or '.join(SPLITS)}."
        )
    require_dir(data_dir, "factuality", HINT)
    files = [(section, data_dir / f"{prefix}_{split}.jsonl", prefix) for section, prefix in CORPORA]
    present = [f for f in files if f[1].is_file()]
    if not present:
        raise DatasetError(
            f"factuality: neither uw_{split}.jsonl nor meantime_{split}.jsonl is in {data_dir}",
            code="dataset_missing",
            hint=HINT,
        )
    report = EvalReport(task="factuality", dataset=str(data_dir), split=split)
    done_before = 0

    for section, path, prefix in present:

        def section_progress(n: int, base: int = done_before) -> None:
            if progress is not None:
                progress(base + n)

        pairs: list[tuple[float, float]] = []  # (gold, predicted) on covered events
        golds: list[float] = []
        filled: list[tuple[float, float]] = []  # uncovered taken as +3
        nonfactual = nonfactual_hit = 0
        bucket_gold = [0] * len(BUCKETS)
        bucket_hit = [0] * len(BUCKETS)
        sentences = 0

        def to_article(item: FactualitySentence) -> Article:
            return Article.create(item.text, id=item.id)

        items = limited(load_sentences(path, f"{prefix}-{split}"), limit)
        for item, analysis in analyze_items(items, to_article, analyze, section_progress):
            sentences += 1
            report.items += 1
            if analysis is None:
                report.failed += 1
            for event in item.events:
                predicted = predicted_score(analysis, event.offset)
                golds.append(event.label)
                filled.append((event.label, 3.0 if predicted is None else predicted))
                if predicted is not None:
                    pairs.append((event.label, predicted))
                if event.label < FACTUAL_THRESHOLD:
                    nonfactual += 1
                    nonfactual_hit += predicted is not None and predicted < FACTUAL_THRESHOLD
                    gold_bucket = _bucket(event.label)
                    if gold_bucket is not None:
                        bucket_gold[gold_bucket] += 1
                        if predicted is not None and _bucket(predicted) == gold_bucket:
                            bucket_hit[gold_bucket] += 1
        done_before += sentences
        events = len(golds)
        report.counts[f"{section} sentences"] = sentences
        report.counts[f"{section} events"] = events
        report.add(
            section,
            "coverage",
            ratio(len(pairs), events),
            events,
            "events inside a predicted claim's content",
        )
        report.add(section, "mae", mean_absolute_error(pairs), len(pairs), "covered events")
        report.add(section, "pearson", pearson(pairs), len(pairs), "covered events")
        report.add(
            section,
            "mae_default_fact",
            mean_absolute_error(filled),
            events,
            "all events, no prediction taken as +3",
        )
        report.add(
            section,
            "pearson_default_fact",
            pearson(filled),
            events,
            "all events, no prediction taken as +3",
        )
        report.add(
            section,
            "baseline_mae_always_fact",
            mean_absolute_error([(g, 3.0) for g in golds]),
            events,
            "always +3",
        )
        report.add(
            section,
            "recall_nonfactual",
            ratio(nonfactual_hit, nonfactual),
            nonfactual,
            "gold < 2.5 predicted < 2.5",
        )
        for (low, high), n_gold, n_hit in zip(BUCKETS, bucket_gold, bucket_hit, strict=True):
            report.add(
                section,
                _bucket_name(low, high),
                ratio(n_hit, n_gold),
                n_gold,
                f"gold in [{low:g}, {high:g}) predicted in the same bucket",
            )
    missing = [f[1].name for f in files if not f[1].is_file()]
    if missing:
        report.notes.append(f"not found, left out: {', '.join(missing)}")
    report.notes.append(
        "Certainty on [-3, 3]: fact 3, attributed 2.5, reported 2, believed 1.5, "
        "alleged 1, possible 1, unknown 0, denied -3; negated polarity flips "
        "the sign of positive values."
    )
    return report
