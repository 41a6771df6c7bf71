"""Small pieces every route module shares: the JSON response, the store dependency and the
documented error envelope."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from newsledger.store import Store


class JSON(JSONResponse):
    """JSON as UTF-8 text (names and quotes stay readable), without FastAPI's re-encoding."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=str).encode("utf-8")


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


class ErrorBody(BaseModel):
    code: str
    message: str
    hint: str | None = None


class ErrorEnvelope(BaseModel):
    """The one error shape: every error of every route."""

    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorEnvelope, "description": "A parameter could not be used."},
    404: {"model": ErrorEnvelope, "description": "No such thing."},
    500: {"model": ErrorEnvelope, "description": "The server failed."},
}
