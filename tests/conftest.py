"""Shared fixtures: one analyzer per test session (the model loads once), small articles we
write ourselves, and the bundled fictional sample corpus."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from newsledger.errors import StoreError
from newsledger.nlp.pipeline import Analyzer
from newsledger.store.testing import PG_ENV, pg_test_database

SHOOTING = (
    "Agents fire on car in Tacoma\n\n"
    "TACOMA, Wash. — Federal immigration agents shot at a car on Pacific Avenue on Tuesday "
    "afternoon, a spokesperson for the Department of Homeland Security said.\n\n"
    "The driver, a 34-year-old man, was taken to Tacoma General Hospital. Police Chief Marisol "
    "Ortega said officers secured the scene at 3:40 p.m.\n"
)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture()
def shooting_text() -> str:
    return SHOOTING


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    from newsledger.cli import sample_corpus

    return sample_corpus()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[URL]:
    """A fresh PostgreSQL database for the session's store tests, dropped at the end; skipped
    without NEWSLEDGER_TEST_PG, failed (not skipped) when it is set but unusable."""
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"set {PG_ENV} to a PostgreSQL URL to run the PostgreSQL tests")
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(pg_test_database(server))
        except StoreError as exc:
            pytest.fail(f"{PG_ENV} is set but unusable: {exc} ({exc.hint})")
        yield url
