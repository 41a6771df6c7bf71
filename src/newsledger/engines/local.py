"""The local engine: analysis in this process, or in a pool of worker processes.

Each worker loads the spaCy model once (``load_pipeline`` caches per process) and analyzes whole
batches with ``nlp.pipe``; results come back in input order. ``analyze`` stays a pure function,
so the same batches could run on a Dask cluster (a later engine) without change.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from itertools import islice
from types import TracebackType
from typing import Any

from newsledger.analysis import Analysis
from newsledger.article import Article
from newsledger.nlp.pipeline import AnalysisFailure, Analyzer
from newsledger.settings import NOT_GIVEN, resolve

Result = Analysis | AnalysisFailure

_worker_analyzer: Analyzer | None = None


def _init_worker(model: str, batch_size: int) -> None:
    global _worker_analyzer
    _worker_analyzer = Analyzer(model, batch_size=batch_size)


def _work(batch: list[Article]) -> list[Result]:
    assert _worker_analyzer is not None, "worker not initialised"
    return list(_worker_analyzer.analyze_many(batch))


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class LocalEngine:
    """``with LocalEngine(workers=2) as engine: engine.analyze_many(articles)``."""

    def __init__(
        self, model: Any = NOT_GIVEN, *, batch_size: Any = NOT_GIVEN, workers: Any = NOT_GIVEN
    ) -> None:
        self.model = str(resolve("model", model))
        self.batch_size = int(resolve("batch_size", batch_size))
        self.workers = max(1, int(resolve("workers", workers)))
        self._pool: Any = None
        self._analyzer: Analyzer | None = None

    def __enter__(self) -> LocalEngine:
        if self.workers > 1:
            # spawn, not fork: the parent may hold database connections and threads.
            ctx = multiprocessing.get_context("spawn")
            self._pool = ctx.Pool(
                self.workers, initializer=_init_worker, initargs=(self.model, self.batch_size)
            )
        else:
            self._analyzer = Analyzer(self.model, batch_size=self.batch_size)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            if exc_type is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None

    @property
    def chunk_size(self) -> int:
        """How many articles to hand over at once so that every worker has a batch."""
        return self.batch_size * self.workers

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Result]:
        if self._pool is None and self._analyzer is None:
            raise RuntimeError("use LocalEngine as a context manager")
        if self._pool is None:
            assert self._analyzer is not None
            yield from self._analyzer.analyze_many(articles)
            return
        for results in self._pool.imap(_work, batched(articles, self.batch_size)):
            yield from results
