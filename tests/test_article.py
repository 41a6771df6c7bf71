from __future__ import annotations

import pytest

from newsledger.article import Article, content_hash, normalize_published
from newsledger.errors import InputError


def test_id_is_given_id_else_content_hash() -> None:
    given = Article.create("Officers responded.", id="story-1")
    assert given.id == "story-1"
    assert given.content_hash == content_hash("Officers responded.")
    anonymous = Article.create("Officers responded.")
    assert anonymous.id == anonymous.content_hash


def test_empty_text_is_refused() -> None:
    with pytest.raises(InputError) as info:
        Article.create(" \n\t ")
    assert info.value.code == "empty"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-01-09", "2026-01-09"),
        ("2026-01-09T14:30:00-08:00", "2026-01-09T14:30:00-08:00"),
        ("2026-01-09T22:30:00Z", "2026-01-09T22:30:00+00:00"),
        ("2026-01-09 14:30", "2026-01-09T14:30:00+00:00"),  # naive times are taken as UTC
        ("Jan 9, 2026", "2026-01-09"),
        ("Fri, 09 Jan 2026 14:30:00 -0800", "2026-01-09T14:30:00-08:00"),
        (None, None),
        ("", None),
    ],
)
def test_publication_dates_are_normalised(raw: str | None, expected: str | None) -> None:
    assert normalize_published(raw) == expected


@pytest.mark.parametrize(
    "raw", ["yesterday-ish", "10:30", "0000-00-00", "1066-10-14", "3026-01-01", "2026-02-30"]
)
def test_nonsense_dates_are_refused(raw: str) -> None:
    with pytest.raises(InputError) as info:
        normalize_published(raw)
    assert info.value.code == "bad_date"
    assert info.value.hint


def test_defaults_fill_only_what_is_missing() -> None:
    art = Article.create("Text.", outlet="Given Outlet")
    filled = art.with_defaults(published="2026-01-09", outlet="CLI Outlet")
    assert filled.outlet == "Given Outlet"
    assert filled.published_at == "2026-01-09"
    dated = Article.create("Text.", published="2025-12-31")
    assert dated.with_defaults(published="2026-01-09").published_at == "2025-12-31"
