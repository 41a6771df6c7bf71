"""Alembic environment for newsledger's store.

newsledger runs migrations itself when a store is opened (see ``store.migrate``), passing its
open connection as ``config.attributes["connection"]``, so that the upgrade joins the caller's
transaction. Given a ``sqlalchemy.url`` instead, this also works from the ``alembic`` command
(``alembic -c ... revision --autogenerate`` for developers).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from newsledger.store.schema import describes, metadata

config = context.config


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=describes,
        # SQLite can only change a table by rebuilding it; batch mode does that.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata, literal_binds=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection given and no sqlalchemy.url configured")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            _configure_and_run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
