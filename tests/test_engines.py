from __future__ import annotations

import pytest

from newsledger.article import Article
from newsledger.engines.local import LocalEngine, batched


def test_batched() -> None:
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []


@pytest.mark.slow
def test_worker_processes_give_the_same_analyses_in_the_same_order() -> None:
    articles = [
        Article.create(
            f"Deputy {i} used a Taser in Fresno on Friday, the sheriff said.", id=f"a{i}"
        )
        for i in range(9)
    ]
    with LocalEngine(batch_size=2, workers=1) as one:
        expected = [r.to_dict() for r in one.analyze_many(articles)]  # type: ignore[union-attr]
    with LocalEngine(batch_size=2, workers=2) as two:
        got = [r.to_dict() for r in two.analyze_many(articles)]  # type: ignore[union-attr]
    assert [g["article"]["id"] for g in got] == [f"a{i}" for i in range(9)]
    assert got == expected


def test_engine_must_be_entered() -> None:
    with pytest.raises(RuntimeError):
        list(LocalEngine().analyze_many([Article.create("x")]))
