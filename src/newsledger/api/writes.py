"""Write routes: ingest an article, merge, split, undo. Mounted only when the server has a token.

Each needs ``Authorization: Bearer <token>``; the token is compared in constant time. Writes go
through the library (analyze, ``Store.save``, ``resolve_new``; :mod:`newsledger.resolve.manual`)
one at a time, behind one lock: the store has one writer.
"""

from __future__ import annotations

import hmac
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from newsledger.api import data
from newsledger.api.http import ERRORS, JSON, StoreDep
from newsledger.article import Article
from newsledger.errors import UsageError
from newsledger.resolve import resolve_new
from newsledger.store import queries as q

_WRITE_LOCK = threading.Lock()


def require_token(request: Request) -> str:
    """The caller's actor name, after checking the bearer token (401 without it)."""
    from starlette.exceptions import HTTPException

    expected: str | None = request.app.state.token
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if (
        not expected
        or scheme.lower() != "bearer"
        or not hmac.compare_digest(value.strip().encode(), expected.encode())
    ):
        raise HTTPException(
            401,
            "this route needs the server's token" if not given else "the token is not right",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return "api"


Actor = Annotated[str, Depends(require_token)]
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": ERRORS[400]["model"], "description": "No token, or not the right one."},
}
router = APIRouter(prefix="/api", responses=WRITE_ERRORS, tags=["write (token)"])


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, description="The article's text.")
    id: str | None = Field(None, description="Its id; the content hash when not given.")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = Field(None, description="Publication time, ISO 8601.")


class MergeIn(BaseModel):
    incidents: list[str] = Field(min_length=2, description="Ids of the incidents to make one.")
    note: str | None = Field(None, description="Why, in a sentence; kept in the revision.")


class SplitIn(BaseModel):
    mentions: list[str] = Field(min_length=1, description="Incident mention ids to take out.")
    note: str | None = None


class UndoIn(BaseModel):
    note: str | None = None


def _analyzer(request: Request) -> Any:
    state = request.app.state
    with _WRITE_LOCK:
        if getattr(state, "analyzer", None) is None:
            factory = state.analyzer_factory
            if factory is None:
                from newsledger.nlp.pipeline import Analyzer

                factory = Analyzer
            state.analyzer = factory()
    return state.analyzer


@router.post("/articles", summary="Analyze and store one article, then resolve its incidents")
def post_article(request: Request, store: StoreDep, actor: Actor, body: ArticleIn) -> JSONResponse:
    article = Article.create(
        body.text,
        id=body.id,
        url=body.url,
        outlet=body.outlet,
        title=body.title,
        byline=body.byline,
        published=body.published,
        origin="api",
        headline_first=True,
    )
    analyzer = _analyzer(request)
    with _WRITE_LOCK:
        known = store.known_hashes([article.content_hash])
        created = 0
        if not known:
            store.save([analyzer.analyze(article)], actor=actor)
            created = resolve_new(store)
        with store.engine.connect() as conn:
            links = q.article_incident_links(conn, article.content_hash)
    return JSON(
        {
            "article": {"id": article.id, "content_hash": article.content_hash},
            "stored": not known,
            "incidents_created": created,
            "incidents": links,
            "links": {"html": f"/articles/{article.content_hash}"},
        },
        status_code=201 if not known else 200,
    )


@router.post("/incidents/merge", summary="Make several incidents one (undoable)")
def post_merge(store: StoreDep, actor: Actor, body: MergeIn) -> dict[str, Any]:
    with _WRITE_LOCK:
        return data.merge(store, body.incidents, actor=actor, note=body.note)


@router.post("/incidents/{incident_id}/split", summary="Take mentions out of an incident")
def post_split(store: StoreDep, actor: Actor, incident_id: str, body: SplitIn) -> dict[str, Any]:
    with _WRITE_LOCK:
        return data.split(store, incident_id, body.mentions, actor=actor, note=body.note)


@router.post("/revisions/{seq}/undo", summary="Take back a merge, a split or an automatic link")
def post_undo(
    store: StoreDep, actor: Actor, seq: int, body: UndoIn | None = None
) -> dict[str, Any]:
    if seq < 1:
        raise UsageError(f"no revision {seq}", code="bad_revision", hint="Seqs start at 1.")
    with _WRITE_LOCK:
        return data.undo(store, seq, actor=actor, note=body.note if body else None)
