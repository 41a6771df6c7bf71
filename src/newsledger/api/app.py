"""The FastAPI application: JSON API under ``/api``, server-rendered pages beside it.

``create_app(store_or_url, token=None)`` builds it over a store (or opens one from a URL or
path and closes it on shutdown). Every HTML page has a JSON twin at the same path under
``/api`` with the same query string (``/incidents?state=OR`` and ``/api/incidents?state=OR``),
and lists have a CSV download (``/api/incidents.csv?state=OR``). OpenAPI is at
``/openapi.json``; the interactive docs pages are off, because they load scripts from a CDN.

Read-only by default. With a ``token``, write routes are added (ingest an article, merge,
split, undo) and each needs ``Authorization: Bearer <token>``; without one they do not exist.

Errors: every error, whatever raised it (a :class:`~newsledger.errors.NewsledgerError` from the
library, a bad parameter, an unknown path, a bug), becomes one envelope in one place,
:func:`error_response`: ``{"error": {"code", "message", "hint"}}`` with a fitting status, or the
same fields on an HTML error page for a page request.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsledger import __version__
from newsledger.api import pages, routes, writes
from newsledger.api.http import JSON
from newsledger.api.templates import STATIC_DIR, render
from newsledger.errors import (
    InputError,
    ModelError,
    NewsledgerError,
    NotFoundError,
    StoreError,
    UsageError,
)
from newsledger.store import Store, open_store

log = logging.getLogger("newsledger.api")

# Pages and scripts come only from this server: no CDN, no inline script.
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


class _SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


# --- errors: the one place --------------------------------------------------------------------


def status_for(exc: NewsledgerError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, UsageError | InputError):
        return 400
    if isinstance(exc, ModelError):
        return 503
    if isinstance(exc, StoreError):
        return 503 if exc.code == "db_unreachable" else 500
    return 500


def wants_json(request: Request) -> bool:
    """API paths (and /openapi.json) answer JSON; pages answer HTML unless JSON is asked for."""
    path = request.url.path
    if path == "/api" or path.startswith(("/api/", "/openapi")):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    hint: str = "",
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if hint:
        body["hint"] = hint
    if wants_json(request):
        return JSON({"error": body}, status_code=status, headers=headers)
    html = render(
        request, "error.html", {"status": status, "error": body, "title": f"Error {status}"}
    )
    return HTMLResponse(html, status_code=status, headers=headers)


_HTTP_CODES = {
    401: ("unauthorized", "Send the server's token as 'Authorization: Bearer <token>'."),
    403: ("forbidden", ""),
    404: ("not_found", "See /api for what this server offers."),
    405: (
        "method_not_allowed",
        "This server is read-only unless started with a token; write routes then take POST.",
    ),
}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NewsledgerError)
    async def _newsledger(request: Request, exc: NewsledgerError) -> Response:
        return error_response(request, status_for(exc), exc.code, exc.message, exc.hint)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code, hint = _HTTP_CODES.get(exc.status_code, ("http_error", ""))
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = f"nothing at {request.url.path}"
        else:
            message = str(exc.detail)
        return error_response(
            request, exc.status_code, code, message, hint, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body"))
        message = f"{where or 'request'}: {first.get('msg', 'invalid value')}"
        return error_response(
            request,
            400,
            "invalid_parameter",
            message,
            "See /openapi.json for each route's parameters.",
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(
            request,
            500,
            "internal",
            "the server failed on this request",
            "This is a bug in newsledger; the server log has the details.",
        )


# --- the app ----------------------------------------------------------------------------------


def create_app(
    store_or_url: Store | str | Path,
    *,
    token: str | None = None,
    analyzer: Callable[[], Any] | None = None,
) -> FastAPI:
    """The newsledger web app over a store (or a database URL or SQLite path).

    ``token`` turns on the write routes and is what they require. ``analyzer`` makes the
    analyzer used to ingest a POSTed article (default: ``newsledger.nlp.pipeline.Analyzer``,
    loaded on the first POST).
    """
    if isinstance(store_or_url, Store):
        store, owned = store_or_url, False
    else:
        store, owned = open_store(store_or_url), True

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned:
                store.close()

    app = FastAPI(
        title="newsledger",
        version=__version__,
        description=(
            "Incidents of use of force by law enforcement, reconciled from news reports, with "
            "every claim behind each fact. Errors are always "
            '`{"error": {"code", "message", "hint"}}`. Lists page by cursor: pass the `next` '
            "of one page as `cursor` for the next. Read-only unless the server has a token."
        ),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        default_response_class=JSON,
    )
    app.state.store = store
    app.state.token = token or None
    app.state.analyzer_factory = analyzer
    _install_error_handlers(app)
    app.add_middleware(_SecurityHeaders)

    app.include_router(routes.router)
    if token:
        app.include_router(writes.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
