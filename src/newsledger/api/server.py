"""Running the app: ``serve(db, host, port, token)``, what ``newsledger serve`` calls."""

from __future__ import annotations

import uvicorn

from newsledger.api.app import create_app
from newsledger.store import open_store


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Serve the web pages and the JSON API over the database ``db`` (a URL or a SQLite path)
    until interrupted. Read-only unless ``token`` is given; then the write routes need it as
    ``Authorization: Bearer <token>``. Opening the database first means a bad URL fails here,
    with newsledger's error, before the server starts."""
    store = open_store(db)
    try:
        app = create_app(store, token=token)
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
    finally:
        store.close()
