"""Helpers for tests that need a store: throwaway PostgreSQL databases and analyses built by hand.

Shipped in the package (no pytest import) so that every test module, and a plug-in's tests, can
run the same checks against SQLite and PostgreSQL. ``NEWSLEDGER_TEST_PG`` names a PostgreSQL
server URL whose user may create databases; each test session gets a new database on it and
each test a new schema in that database, and both are dropped afterwards.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL

from newsledger.analysis import Analysis, Sentence
from newsledger.article import Article
from newsledger.errors import StoreError
from newsledger.store.engine import to_url

PG_ENV = "NEWSLEDGER_TEST_PG"


@contextmanager
def pg_test_database(server_url: str | URL) -> Iterator[URL]:
    """A new, empty database ``nl_test_<random>`` on the server; dropped on exit."""
    url = to_url(server_url)
    name = f"nl_test_{secrets.token_hex(6)}"
    # CREATE/DROP DATABASE cannot run inside a transaction.
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.SQLAlchemyError as exc:
        admin.dispose()
        raise StoreError(
            f"cannot create a test database on {url.render_as_string(hide_password=True)}: {exc}",
            code="db_unreachable",
            hint=f"Check {PG_ENV}: the server must run and the user may create databases.",
        ) from exc
    try:
        yield url.set(database=name)
    finally:
        with admin.connect() as conn:
            # FORCE: a test that failed may have left a connection open.
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def pg_test_schema(database_url: URL) -> Iterator[URL]:
    """A new schema in the database and a URL whose connections use it; dropped on exit.

    Cheaper than a database per test, and the migrations still run from nothing each time.
    """
    name = f"t_{secrets.token_hex(6)}"
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    try:
        yield database_url.update_query_dict({"options": f"-csearch_path={name}"})
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
        engine.dispose()


def span(text: str, part: str, occurrence: int = 0) -> dict[str, Any]:
    """The contract span of ``part`` in ``text`` (its n-th occurrence)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return {"start": start, "end": start + len(part), "text": part}


def make_analysis(
    text: str,
    *,
    id: str | None = None,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    origin: str = "",
    claims: Sequence[dict[str, Any]] = (),
    incidents: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """A contract dict for ``text`` with one sentence per full stop and no mentions."""
    article = Article.create(
        text, id=id, title=title, published=published, outlet=outlet, origin=origin
    )
    sentences = [Sentence(m.start(), m.end()) for m in re.finditer(r"[^.\s][^.]*\.?", text)]
    return Analysis(
        article=article,
        sentences=sentences,
        claims=list(claims),
        incidents=list(incidents),
        producers={"newsledger": "test"},
        model={"name": "none"},
    ).to_dict()
