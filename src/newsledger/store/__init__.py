"""Storage: the schema, its migrations, and the one writer (:class:`Store`).

SQLite (a file, or ``sqlite://`` in memory) is the embedded default; PostgreSQL is the server
choice. Both share one schema and one list of Alembic migrations.
"""

from __future__ import annotations

from newsledger.store.engine import to_url, upgrade_schema, utc_now
from newsledger.store.rows import global_id
from newsledger.store.store import SaveResult, Store, open_store, record_revision

__all__ = [
    "SaveResult",
    "Store",
    "global_id",
    "open_store",
    "record_revision",
    "to_url",
    "upgrade_schema",
    "utc_now",
]
