"""read -> analyze -> store -> resolve, as one library call.

Work is done in chunks: each chunk's new articles are analyzed and saved in one transaction, so
a crash (even ``kill -9``) loses at most the chunk in flight, and running the same command again
analyzes only what is not stored yet (the content hash decides). Bad inputs become recorded
skips; they never stop the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from newsledger.analysis import Analysis
from newsledger.article import Article
from newsledger.engines.local import LocalEngine, batched
from newsledger.errors import StoreError
from newsledger.nlp.pipeline import AnalysisFailure
from newsledger.read import Skip, iter_inputs
from newsledger.resolve import resolve_new
from newsledger.settings import NOT_GIVEN
from newsledger.store import Store


@dataclass(slots=True)
class IngestReport:
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    incidents_created: int = 0
    skipped: list[Skip] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0: every input stored; 3: some inputs were skipped (see ``skipped``)."""
        return 3 if self.skipped else 0


Progress = Callable[[IngestReport], None]


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    published: str | None = None,
    outlet: str | None = None,
    model: Any = NOT_GIVEN,
    batch_size: Any = NOT_GIVEN,
    workers: Any = NOT_GIVEN,
    max_chars: Any = NOT_GIVEN,
    progress: Progress | None = None,
) -> IngestReport:
    report = IngestReport()
    items = iter_inputs(paths, published=published, outlet=outlet, max_chars=max_chars)
    with LocalEngine(model, batch_size=batch_size, workers=workers) as engine:
        for chunk in batched(items, engine.chunk_size):
            articles: list[Article] = []
            for item in chunk:
                if isinstance(item, Skip):
                    _skip(store, report, item)
                else:
                    articles.append(item)
            report.read += len(articles)
            fresh = _not_stored(store, articles)
            report.unchanged += len(articles) - len(fresh)
            analyses: list[Analysis] = []
            for result in engine.analyze_many(fresh):
                if isinstance(result, AnalysisFailure):
                    _skip(store, report, Skip(result.article.origin, result.code, result.reason))
                else:
                    analyses.append(result)
            if analyses:
                _save(store, report, analyses)
                report.incidents_created += resolve_new(store)
            if progress:
                progress(report)
    return report


def _save(store: Store, report: IngestReport, analyses: list[Analysis]) -> None:
    """Save a chunk in one transaction; when one analysis is at fault, save the others one by
    one so that only the bad article becomes a skip."""
    try:
        saved = store.save(analyses)
    except StoreError as exc:
        if exc.code != "bad_analysis" or len(analyses) == 1:
            if exc.code != "bad_analysis":
                raise
            _skip(store, report, Skip(analyses[0].article.origin, exc.code, exc.message))
            return
        for analysis in analyses:
            _save(store, report, [analysis])
        return
    report.stored += saved.added
    report.unchanged += saved.unchanged


def _not_stored(store: Store, articles: list[Article]) -> list[Article]:
    """Articles whose text is not in the store yet, each text once."""
    known = store.known_hashes([a.content_hash for a in articles])
    fresh: dict[str, Article] = {}
    for article in articles:
        if article.content_hash not in known:
            fresh.setdefault(article.content_hash, article)
    return list(fresh.values())


def _skip(store: Store, report: IngestReport, skip: Skip) -> None:
    store.record_skip(skip.origin, skip.code, skip.reason)
    report.skipped.append(skip)
