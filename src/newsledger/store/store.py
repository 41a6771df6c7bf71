"""The ledger's one writer: save analyses, record skips, read back, search.

A :class:`Store` opens a database by SQLAlchemy URL (or a plain path, meaning a SQLite file),
brings its schema up to date with the Alembic migrations in ``migrations/``, and then:

- ``save`` writes analyses in one transaction per call. Articles are keyed by content hash, so an
  article already stored is left as it is: saving the same input twice changes nothing.
- ``record_skip`` keeps one row per (origin, code) for inputs that could not be read.
- every change is a row in ``revisions``, the public change feed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.util.exc import CommandError
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, SQLAlchemyError

from newsledger.analysis import Analysis
from newsledger.errors import StoreError
from newsledger.store.engine import (
    WRITE_OPTION,
    create_engine,
    open_error,
    to_url,
    upgrade_schema,
    utc_now,
)
from newsledger.store.rows import BadAnalysis, Prepared, as_contract_dict, describe, prepare
from newsledger.store.schema import (
    TABLES,
    articles,
    claims,
    incident_mentions,
    incidents,
    mentions,
    revisions,
    sentences,
    skipped_inputs,
)

DEFAULT_ACTOR = "newsledger"
# Rows fetched per query when streaming, so exports run in constant memory.
PAGE_SIZE = 500
# Bound parameters per IN (...) query, below SQLite's historical limit of 999.
_IN_CHUNK = 900


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What one ``save`` did: how many articles it added and how many were already stored,
    with their content hashes."""

    added_hashes: tuple[str, ...] = ()
    unchanged_hashes: tuple[str, ...] = ()

    @property
    def added(self) -> int:
        return len(self.added_hashes)

    @property
    def unchanged(self) -> int:
        return len(self.unchanged_hashes)

    def to_dict(self) -> dict[str, int]:
        return {"added": self.added, "unchanged": self.unchanged}


def record_revision(
    conn: Connection,
    *,
    action: str,
    subject: Mapping[str, Any],
    reason: Mapping[str, Any] | None = None,
    actor: str = DEFAULT_ACTOR,
    undoes: int | None = None,
    at: str | None = None,
) -> int:
    """Append one event to the revision log inside the caller's transaction; returns its seq."""
    result = conn.execute(
        sa.insert(revisions).returning(revisions.c.seq),
        {
            "at": at or utc_now(),
            "actor": actor,
            "action": action,
            "subject": dict(subject),
            "reason": dict(reason) if reason is not None else None,
            "undoes": undoes,
        },
    )
    return int(result.scalar_one())


class Store:
    """A newsledger database. Use as a context manager, or call ``close()``.

    One writer at a time: ``save``, ``record_skip`` and ``transaction`` are meant to be called
    from one process (SQLite serializes writers anyway; on PostgreSQL two concurrent writers
    saving the same article would make one of them fail, not corrupt anything).
    """

    def __init__(self, url: str | Path | URL, *, migrate: bool = True) -> None:
        self.url = to_url(url)
        self._engine = create_engine(self.url)
        if migrate:
            try:
                with self._write() as conn:
                    upgrade_schema(conn)
            except (SQLAlchemyError, CommandError) as exc:
                self._engine.dispose()
                raise open_error(exc, self.url) from exc

    # -- plumbing

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    @property
    def url_display(self) -> str:
        """The URL without its password, for messages."""
        return self.url.render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"Store({self.url_display!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction for library code that changes the ledger (the resolver): all of
        it commits or none of it does. Record each change with :func:`record_revision`."""
        try:
            with self._write() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(
                f"the database refused a change: {_db_message(exc)}",
                code="db_write",
                hint="Nothing was changed; the message above says why.",
            ) from exc

    # -- writing

    def save(
        self,
        analyses: Sequence[Mapping[str, Any] | Analysis],
        *,
        actor: str = DEFAULT_ACTOR,
    ) -> SaveResult:
        """Store analyses (contract dicts or :class:`Analysis` objects) in one transaction.

        An article whose content hash is stored is left untouched and counted as unchanged;
        each new one gets an ``article.added`` revision. If any article fails, nothing from the
        call is stored and StoreError says which article it was.
        """
        prepared: list[Prepared] = []
        for n, analysis in enumerate(analyses):
            try:
                data, origin, metadata = as_contract_dict(analysis)
                prepared.append(prepare(data, origin, metadata))
            except (BadAnalysis, KeyError, TypeError, ValueError, AttributeError) as exc:
                raise StoreError(
                    f"analysis {n} ({describe(analysis)}) cannot be stored: {exc}",
                    code="bad_analysis",
                    hint="Nothing from this batch was saved. Check the analysis against the "
                    "newsledger.analysis/1 schema.",
                ) from exc
        if not prepared:
            return SaveResult()

        added: list[str] = []
        unchanged: list[str] = []
        current: Prepared | None = None
        try:
            with self._write() as conn:
                known = self._known(conn, {p.content_hash for p in prepared})
                now = utc_now()
                for current in prepared:
                    if current.content_hash in known:
                        unchanged.append(current.content_hash)
                        continue
                    known.add(current.content_hash)
                    self._insert(conn, current, now=now, actor=actor)
                    added.append(current.content_hash)
        except SQLAlchemyError as exc:
            what = (
                f"article {current.article_id!r} ({current.content_hash[:12]})"
                if current is not None
                else "the batch"
            )
            # A constraint or a value the database cannot hold (PostgreSQL: NUL in text) is the
            # article's fault; anything else is the database's.
            integrity = isinstance(exc, IntegrityError | DataError)
            raise StoreError(
                f"could not save {what}: {_db_message(exc)}",
                code="bad_analysis" if integrity else "db_write",
                hint=(
                    "Nothing from this batch was saved. Save its articles one at a time to "
                    "find and skip the bad one."
                    if integrity
                    else "Nothing from this batch was saved. Check that the database is reachable "
                    "and has space, then run again."
                ),
            ) from exc
        return SaveResult(tuple(added), tuple(unchanged))

    def _insert(self, conn: Connection, p: Prepared, *, now: str, actor: str) -> None:
        previous = conn.execute(
            sa.select(articles.c.content_hash)
            .where(articles.c.id == p.article_id)
            .order_by(articles.c.added_seq.desc())
            .limit(1)
        ).scalar()
        subject: dict[str, Any] = {"article": p.article_id, "content_hash": p.content_hash}
        if previous is not None:
            # The same input id with another text: a new version of that article.
            subject["previous"] = previous
        seq = record_revision(conn, action="article.added", subject=subject, actor=actor, at=now)
        conn.execute(sa.insert(articles), {**p.article, "added_seq": seq, "ingested_at": now})
        # Incident mentions before claims: claims point at them.
        for table, rows in (
            (sentences, p.sentences),
            (mentions, p.mentions),
            (incident_mentions, p.incident_mentions),
            (claims, p.claims),
        ):
            if rows:
                conn.execute(sa.insert(table), rows)

    def record_skip(
        self, origin: str, code: str, reason: str, *, actor: str = DEFAULT_ACTOR
    ) -> bool:
        """Record an input that was skipped; one row per (origin, code), counted.

        Returns True the first time, when an ``input.skipped`` revision is also logged.
        """
        now = utc_now()
        with self.transaction() as conn:
            key = (skipped_inputs.c.origin == origin) & (skipped_inputs.c.code == code)
            updated = conn.execute(
                sa.update(skipped_inputs)
                .where(key)
                .values(last_seen=now, reason=reason, count=skipped_inputs.c.count + 1)
            )
            if updated.rowcount:
                return False
            conn.execute(
                sa.insert(skipped_inputs),
                {
                    "origin": origin,
                    "code": code,
                    "reason": reason,
                    "first_seen": now,
                    "last_seen": now,
                    "count": 1,
                },
            )
            record_revision(
                conn,
                action="input.skipped",
                subject={"origin": origin, "code": code},
                reason={"code": code, "message": reason},
                actor=actor,
                at=now,
            )
            return True

    # -- reading

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of these content hashes are stored, so ingest can skip analysing them."""
        with self._engine.connect() as conn:
            return self._known(conn, set(hashes))

    @staticmethod
    def _known(conn: Connection, hashes: set[str]) -> set[str]:
        wanted = sorted(hashes)
        found: set[str] = set()
        for i in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[i : i + _IN_CHUNK]
            found.update(
                conn.execute(
                    sa.select(articles.c.content_hash).where(articles.c.content_hash.in_(chunk))
                ).scalars()
            )
        return found

    def get_article(self, id_or_hash: str) -> dict[str, Any] | None:
        """An article's analysis as saved, plus ``stored`` (origin, metadata, ingest time,
        versions). By content hash, or by input id, which gives its newest version."""
        with self._engine.connect() as conn:
            row = conn.execute(
                sa.select(articles).where(articles.c.content_hash == id_or_hash)
            ).first()
            if row is None:
                row = conn.execute(
                    sa.select(articles)
                    .where(articles.c.id == id_or_hash)
                    .order_by(articles.c.added_seq.desc())
                    .limit(1)
                ).first()
            if row is None:
                return None
            versions = list(
                conn.execute(
                    sa.select(articles.c.content_hash)
                    .where(articles.c.id == row.id)
                    .order_by(articles.c.added_seq)
                ).scalars()
            )
        result = _article_dict(row)
        result["stored"]["versions"] = versions
        return result

    def iter_articles(self, *, page_size: int = PAGE_SIZE) -> Iterator[dict[str, Any]]:
        """Every article as ``get_article`` gives it (without ``versions``), in ingest order."""
        after = 0
        while True:
            with self._engine.connect() as conn:
                rows = conn.execute(
                    sa.select(articles)
                    .where(articles.c.added_seq > after)
                    .order_by(articles.c.added_seq)
                    .limit(page_size)
                ).all()
            for row in rows:
                yield _article_dict(row)
            if len(rows) < page_size:
                return
            after = rows[-1].added_seq

    def iter_claims(self, *, page_size: int = PAGE_SIZE) -> Iterator[dict[str, Any]]:
        """Every claim in its contract shape with store ids (``id`` global, ``local_id`` as in
        the analysis, ``incident`` the global incident mention id, ``part_of`` the global id of
        the claim it is nested in) and its article's ids and publication time; in ingest order,
        then article order."""
        order = (articles.c.added_seq, claims.c.idx)
        query = sa.select(claims, articles.c.id.label("article_id"), articles.c.added_seq).join(
            articles, articles.c.content_hash == claims.c.article_hash
        )
        after: tuple[int, int] | None = None
        while True:
            page = query if after is None else query.where(sa.tuple_(*order) > sa.tuple_(*after))
            with self._engine.connect() as conn:
                rows = conn.execute(page.order_by(*order).limit(page_size)).all()
            for row in rows:
                yield _claim_dict(row)
            if len(rows) < page_size:
                return
            after = (rows[-1].added_seq, rows[-1].idx)

    def iter_incidents(self, *, page_size: int = PAGE_SIZE) -> Iterator[dict[str, Any]]:
        """Every incident with its mentions and the input ids of the articles reporting it, in
        order of creation. (Views over its claims come with the resolver.)"""
        order = (incidents.c.created_at, incidents.c.id)
        after: tuple[str, str] | None = None
        while True:
            query = sa.select(incidents)
            if after is not None:
                query = query.where(sa.tuple_(*order) > sa.tuple_(*after))
            with self._engine.connect() as conn:
                rows = conn.execute(query.order_by(*order).limit(page_size)).all()
                yield from self._incident_dicts(conn, rows)
            if len(rows) < page_size:
                return
            after = (rows[-1].created_at, rows[-1].id)

    def get_incident_of_mention(self, mention_id: str) -> str | None:
        """The id of the incident an incident mention belongs to, or None."""
        with self._engine.connect() as conn:
            return conn.execute(
                sa.select(incident_mentions.c.incident_id).where(
                    incident_mentions.c.id == mention_id
                )
            ).scalar()

    def get_incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident as ``iter_incidents`` gives it, or None."""
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(incidents).where(incidents.c.id == incident_id)).first()
            return next(iter(self._incident_dicts(conn, [row])), None) if row else None

    @classmethod
    def _incident_dicts(cls, conn: Connection, rows: Sequence[sa.Row[Any]]) -> list[dict[str, Any]]:
        by_incident = cls._mentions_of(conn, [r.id for r in rows])
        out = []
        for row in rows:
            found = by_incident.get(row.id, [])
            article_ids = list(dict.fromkeys(m["article_id"] for m in found))
            out.append({**row._asdict(), "mentions": found, "articles": article_ids})
        return out

    @staticmethod
    def _mentions_of(conn: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        if not ids:
            return out
        rows = conn.execute(
            sa.select(incident_mentions, articles.c.id.label("article_id"))
            .join(articles, articles.c.content_hash == incident_mentions.c.article_hash)
            .where(incident_mentions.c.incident_id.in_(ids))
            .order_by(articles.c.added_seq, incident_mentions.c.idx)
        ).all()
        for row in rows:
            out.setdefault(row.incident_id, []).append(_mention_dict(row))
        return out

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose title or text has every word of ``query`` (stemmed), best first.

        The query is taken as plain words; search syntax is not passed through, so no query
        can be a syntax error. PostgreSQL ignores English stop words; SQLite does not.
        """
        words = re.findall(r"\w+", query)
        if not words or limit <= 0:
            return []
        if self.dialect == "sqlite":
            sql = sa.text(
                "SELECT a.content_hash, a.id, a.title, a.url, a.outlet, a.published_at, "
                "snippet(articles_fts, -1, '[', ']', '…', 16) AS snippet "
                "FROM articles_fts JOIN articles a ON a.added_seq = articles_fts.rowid "
                "WHERE articles_fts MATCH :q ORDER BY articles_fts.rank, a.added_seq LIMIT :n"
            )
            # Each word a quoted string: FTS5 operators in user input stay plain words.
            params: dict[str, Any] = {"q": " ".join(f'"{w}"' for w in words), "n": limit}
        else:
            sql = sa.text(
                "SELECT a.content_hash, a.id, a.title, a.url, a.outlet, a.published_at, "
                "ts_headline('english', a.text, q, "
                "'StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1') AS snippet "
                "FROM articles a, plainto_tsquery('english', :q) AS q "
                "WHERE a.search_vector @@ q "
                "ORDER BY ts_rank(a.search_vector, q) DESC, a.added_seq LIMIT :n"
            )
            params = {"q": " ".join(words), "n": limit}
        with self._engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(sql, params)]

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self._engine.connect() as conn:
            return {
                t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                for t in TABLES
            }

    def skipped(self) -> list[dict[str, Any]]:
        with self._engine.connect() as conn:
            return [
                dict(r._mapping)
                for r in conn.execute(sa.select(skipped_inputs).order_by(skipped_inputs.c.id))
            ]

    def revisions(self, since_seq: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """The change feed: revisions after ``since_seq``, oldest first."""
        query = sa.select(revisions).where(revisions.c.seq > since_seq).order_by(revisions.c.seq)
        if limit is not None:
            query = query.limit(limit)
        with self._engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]


def open_store(url_or_path: str | Path | URL, *, migrate: bool = True) -> Store:
    """Open (creating and migrating as needed) the database at a URL or SQLite file path."""
    return Store(url_or_path, migrate=migrate)


def _db_message(exc: SQLAlchemyError) -> str:
    orig = exc.orig if isinstance(exc, DBAPIError) else None
    return str(orig or exc).strip().splitlines()[0]


def _article_dict(row: sa.Row[Any]) -> dict[str, Any]:
    analysis = dict(row.analysis)
    analysis["article"] = {**analysis["article"], "text": row.text}
    analysis["stored"] = {
        "content_hash": row.content_hash,
        "id": row.id,
        "origin": row.origin,
        "metadata": row._mapping["metadata"],
        "ingested_at": row.ingested_at,
        "added_seq": row.added_seq,
    }
    return analysis


def _claim_dict(row: sa.Row[Any]) -> dict[str, Any]:
    return {
        **row.data,
        "id": row.id,
        "local_id": row.local_id,
        "incident": row.incident_mention_id,
        "part_of": row.part_of,
        "article_hash": row.article_hash,
        "article_id": row.article_id,
        "published_at": row.published_at,
        "extractor": row.extractor,
    }


def _mention_dict(row: sa.Row[Any]) -> dict[str, Any]:
    return {
        **row.data,
        "id": row.id,
        "local_id": row.local_id,
        "claims": row.claim_ids,
        "article_hash": row.article_hash,
        "article_id": row.article_id,
        "published_at": row.published_at,
        "extractor": row.extractor,
        "incident": row.incident_id,
    }
