"""Opening a database: URLs, engines, SQLite settings, migrations, and errors a user can act on.

SQLite runs in WAL mode with ``synchronous=NORMAL`` (a crash loses at most the last commits,
never a half-written one) and enforced foreign keys. pysqlite's own transaction handling is
turned off so that newsledger's ``BEGIN`` covers DDL too: a migration is all or nothing.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from newsledger.errors import StoreError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# SQLite waits this long for another writer before giving up with "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Execution option that makes a SQLite transaction take the write lock at BEGIN.
WRITE_OPTION = "newsledger_write"
# Any fixed number, unique to newsledger's migrations among the advisory locks on a server.
_MIGRATION_LOCK = 0x6E6C6D67  # "nlmg"


def utc_now() -> str:
    """Now in UTC, fixed width with microseconds, so that such times sort as text."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _dumps(value: Any) -> str:
    # Keep non-ASCII readable in the database; the default escapes it.
    return json.dumps(value, ensure_ascii=False)


# --- opening -----------------------------------------------------------------------------------


def to_url(url_or_path: str | Path | URL) -> URL:
    """A SQLAlchemy URL from a URL or a plain path (a SQLite file). ``postgresql://`` means the
    psycopg 3 driver, the one newsledger installs."""
    if isinstance(url_or_path, URL):
        url = url_or_path
    elif isinstance(url_or_path, Path) or "://" not in str(url_or_path):
        raw = str(url_or_path)
        if raw in ("", ":memory:"):
            return sa.make_url("sqlite://")
        url = URL.create("sqlite", database=str(Path(raw).expanduser()))
    else:
        try:
            url = sa.make_url(str(url_or_path))
        except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
            raise StoreError(
                f"{url_or_path!r} is not a database URL",
                code="bad_db_url",
                hint="Give a file path for SQLite, or a URL such as sqlite:///ledger.db or "
                "postgresql://user@host/dbname.",
            ) from exc
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _is_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def create_engine(url: URL) -> Engine:
    shown = url.render_as_string(hide_password=True)
    kwargs: dict[str, Any] = {"json_serializer": _dumps}
    backend = url.get_backend_name()
    if backend == "sqlite":
        if _is_memory(url):
            # One connection for the store's life: each new connection would be a new, empty
            # in-memory database.
            kwargs["poolclass"] = StaticPool
            kwargs["connect_args"] = {"check_same_thread": False}
        elif url.database and not url.database.startswith("file:"):
            folder = Path(url.database).parent
            if not folder.is_dir():
                raise StoreError(
                    f"cannot create the database {url.database}: the folder {folder} does not "
                    "exist",
                    code="db_unreachable",
                    hint="Create the folder first, or give another --db path.",
                )
    else:
        # A server connection may have been dropped while the pool held it.
        kwargs["pool_pre_ping"] = True
    try:
        engine = sa.create_engine(url, **kwargs)
    except (ArgumentError, ImportError) as exc:
        # ImportError covers NoSuchModuleError (an unknown dialect) and a missing driver.
        raise StoreError(
            f"cannot use the database URL {shown}: {exc}",
            code="bad_db_url",
            hint="Use sqlite:///path.db or postgresql://user@host/dbname; PostgreSQL needs "
            "`pip install 'newsledger[postgres]'`.",
        ) from exc
    if backend == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # No implicit transactions from pysqlite: _on_begin starts them, DDL included.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the write lock up front: a deferred transaction that reads and then
        # writes can fail with SQLITE_BUSY at once instead of waiting for busy_timeout.
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def upgrade_schema(conn: Connection) -> None:
    """Bring the schema to the newest migration, inside the caller's transaction."""
    config = Config()
    # configparser would read a % in the path as interpolation.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.attributes["connection"] = conn
    if conn.dialect.name == "postgresql":
        # Two processes opening a new database at once: the second waits here, then finds it
        # migrated. (On SQLite, the writer's BEGIN IMMEDIATE already serializes them.)
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
    command.upgrade(config, "head")


def open_error(exc: BaseException, url: URL) -> StoreError:
    shown = url.render_as_string(hide_password=True)
    message = str(getattr(exc, "orig", None) or exc).strip()
    if isinstance(exc, CommandError):
        return StoreError(
            f"cannot migrate the database {shown}: {message}",
            code="db_migrate",
            hint="The database may have been written by a newer newsledger: upgrade newsledger, "
            "or use another database.",
        )
    if url.get_backend_name() == "sqlite":
        if "not a database" in message:
            return StoreError(
                f"{url.database} is not a SQLite database",
                code="not_sqlite",
                hint="Give the path of a newsledger database, or a new file name to create one.",
            )
        if "unable to open" in message or "readonly" in message:
            return StoreError(
                f"cannot open the SQLite database {url.database}: {message}",
                code="db_unreachable",
                hint="Check that the folder exists and that you may write there.",
            )
    elif isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError):
        return StoreError(
            f"cannot connect to the database {shown}: {message}",
            code="db_unreachable",
            hint="Check that the server is running and that host, port, user, password and "
            "database name in the URL are right.",
        )
    return StoreError(
        f"cannot open the database {shown}: {message}",
        code="db_open",
        hint="Check the database URL; the message above says what failed.",
    )
