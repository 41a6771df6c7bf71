"""The initial ledger: articles and their analyses, claims, incidents, the revision log, skips.

Revision ID: 0001
Revises:
Create Date: 2026-01-09

Tables are written out here rather than taken from ``schema.py``: a migration is a record of
what was done and must not change when the schema module does. Names are given in full (``op.f``)
so they do not depend on a naming convention either.

Full-text search is the dialect-specific part:

- SQLite: an FTS5 table over ``articles(title, text)`` that reads its content from ``articles``
  (no second copy of the text), kept in sync by triggers. Its rowid is ``articles.added_seq``: the
  implicit rowid of a table without an INTEGER PRIMARY KEY may change on VACUUM.
- PostgreSQL: a ``search_vector`` column with a GIN index, set by a trigger. A trigger rather
  than a generated column, because a tsvector is limited to 1 MB and a generated column would
  make the whole insert fail on a pathological text; the trigger indexes a prefix instead.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SPAN_CHECK = '"start" >= 0 AND "end" >= "start"'


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


def _record() -> sa.types.TypeEngine[Any]:
    return sa.JSON(none_as_null=True)


def _fk_article() -> sa.ForeignKey:
    return sa.ForeignKey("articles.content_hash", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "revisions",
        sa.Column("seq", sa.Integer, autoincrement=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("subject", _json(), nullable=False),
        sa.Column("reason", _json()),
        sa.Column("undoes", sa.Integer),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_revisions")),
        sa.ForeignKeyConstraint(
            ["undoes"], ["revisions.seq"], name=op.f("fk_revisions_undoes_revisions")
        ),
    )
    op.create_index(op.f("ix_revisions_action"), "revisions", ["action"])

    op.create_table(
        "articles",
        sa.Column("content_hash", sa.String(64)),
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("added_seq", sa.Integer, nullable=False),
        sa.Column("schema", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("byline", sa.Text),
        sa.Column("published_at", sa.Text),
        sa.Column("published_day", sa.String(10)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False, server_default=""),
        sa.Column("metadata", _json()),
        sa.Column("model", _json()),
        sa.Column("producers", _json()),
        sa.Column("analysis", _record(), nullable=False),
        sa.Column("ingested_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("content_hash", name=op.f("pk_articles")),
        sa.UniqueConstraint("added_seq", name=op.f("uq_articles_added_seq")),
        sa.ForeignKeyConstraint(
            ["added_seq"], ["revisions.seq"], name=op.f("fk_articles_added_seq_revisions")
        ),
    )
    op.create_index(op.f("ix_articles_id"), "articles", ["id"])
    op.create_index(op.f("ix_articles_published_day"), "articles", ["published_day"])

    for name, extra in (
        ("sentences", [sa.Column("label", sa.Text), sa.Column("score", sa.Float)]),
        (
            "mentions",
            [
                sa.Column("text", sa.Text, nullable=False),
                sa.Column("kind", sa.Text, nullable=False),
                sa.Column("label", sa.Text),
            ],
        ),
    ):
        op.create_table(
            name,
            sa.Column("article_hash", sa.String(64)),
            sa.Column("idx", sa.Integer),
            sa.Column("start", sa.Integer, nullable=False),
            sa.Column("end", sa.Integer, nullable=False),
            *extra,
            sa.PrimaryKeyConstraint("article_hash", "idx", name=op.f(f"pk_{name}")),
            sa.ForeignKeyConstraint(
                ["article_hash"],
                ["articles.content_hash"],
                ondelete="CASCADE",
                name=op.f(f"fk_{name}_article_hash_articles"),
            ),
            sa.CheckConstraint(_SPAN_CHECK, name=op.f(f"ck_{name}_span")),
        )

    op.create_table(
        "incidents",
        sa.Column("id", sa.Text),
        sa.Column("status", sa.Text, nullable=False, server_default="active"),
        sa.Column("merged_into", sa.Text),
        sa.Column("rule", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("first_reported", sa.Text),
        sa.Column("last_reported", sa.Text),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
        sa.ForeignKeyConstraint(
            ["merged_into"], ["incidents.id"], name=op.f("fk_incidents_merged_into_incidents")
        ),
    )
    op.create_index(op.f("ix_incidents_status"), "incidents", ["status"])
    op.create_index(op.f("ix_incidents_merged_into"), "incidents", ["merged_into"])
    op.create_index(op.f("ix_incidents_first_reported"), "incidents", ["first_reported"])

    op.create_table(
        "incident_mentions",
        sa.Column("id", sa.Text),
        sa.Column("article_hash", sa.String(64), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("local_id", sa.Text, nullable=False),
        sa.Column("role", sa.Text),
        sa.Column("types", _json()),
        sa.Column("date_value", sa.String(10)),
        sa.Column("date_granularity", sa.Text),
        sa.Column("date_earliest", sa.String(10)),
        sa.Column("date_latest", sa.String(10)),
        sa.Column("date_time", sa.Text),
        sa.Column("date_timezone", sa.Text),
        sa.Column("location_name", sa.Text),
        sa.Column("location_city", sa.Text),
        sa.Column("location_county", sa.Text),
        sa.Column("location_state", sa.Text),
        sa.Column("location_country", sa.Text),
        sa.Column("location_lat", sa.Float),
        sa.Column("location_lon", sa.Float),
        sa.Column("location_gazetteer_id", sa.Text),
        sa.Column("location_precision", sa.Text),
        sa.Column("agencies", _json()),
        sa.Column("participants", _json()),
        sa.Column("killed", sa.Integer),
        sa.Column("injured", sa.Integer),
        sa.Column("weapons", _json()),
        sa.Column("claim_ids", _json()),
        sa.Column("data", _json(), nullable=False),
        sa.Column("incident_id", sa.Text),
        sa.Column("extractor", sa.Text),
        sa.Column("published_at", sa.Text),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_mentions")),
        sa.ForeignKeyConstraint(
            ["article_hash"],
            ["articles.content_hash"],
            ondelete="CASCADE",
            name=op.f("fk_incident_mentions_article_hash_articles"),
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            ondelete="SET NULL",
            name=op.f("fk_incident_mentions_incident_id_incidents"),
        ),
        sa.UniqueConstraint(
            "article_hash", "local_id", name=op.f("uq_incident_mentions_article_hash_local_id")
        ),
    )
    op.create_index(
        op.f("ix_incident_mentions_article_hash"), "incident_mentions", ["article_hash"]
    )
    op.create_index(op.f("ix_incident_mentions_date_value"), "incident_mentions", ["date_value"])
    op.create_index(op.f("ix_incident_mentions_incident_id"), "incident_mentions", ["incident_id"])
    op.create_index(
        op.f("ix_incident_mentions_location_state_date_value"),
        "incident_mentions",
        ["location_state", "date_value"],
    )

    op.create_table(
        "claims",
        sa.Column("id", sa.Text),
        sa.Column("article_hash", sa.String(64), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("local_id", sa.Text, nullable=False),
        sa.Column("content", _json(), nullable=False),
        sa.Column("content_text", sa.Text, nullable=False),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("cue_text", sa.Text),
        sa.Column("source_span", _json()),
        sa.Column("source_name", sa.Text),
        sa.Column("source_kind", sa.Text),
        sa.Column("source_role", sa.Text),
        sa.Column("quote", sa.Text),
        sa.Column("certainty", sa.Text),
        sa.Column("polarity", sa.Text),
        sa.Column("in_opinion", sa.Boolean),
        sa.Column("incident_mention_id", sa.Text),
        sa.Column("data", _json(), nullable=False),
        sa.Column("extractor", sa.Text),
        sa.Column("published_at", sa.Text),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.ForeignKeyConstraint(
            ["article_hash"],
            ["articles.content_hash"],
            ondelete="CASCADE",
            name=op.f("fk_claims_article_hash_articles"),
        ),
        sa.ForeignKeyConstraint(
            ["incident_mention_id"],
            ["incident_mentions.id"],
            ondelete="SET NULL",
            name=op.f("fk_claims_incident_mention_id_incident_mentions"),
        ),
        sa.UniqueConstraint(
            "article_hash", "local_id", name=op.f("uq_claims_article_hash_local_id")
        ),
    )
    op.create_index(op.f("ix_claims_article_hash"), "claims", ["article_hash"])
    op.create_index(op.f("ix_claims_source_name"), "claims", ["source_name"])
    op.create_index(op.f("ix_claims_incident_mention_id"), "claims", ["incident_mention_id"])

    op.create_table(
        "skipped_inputs",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("first_seen", sa.Text, nullable=False),
        sa.Column("last_seen", sa.Text, nullable=False),
        sa.Column("count", sa.Integer, nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skipped_inputs")),
        sa.UniqueConstraint("origin", "code", name=op.f("uq_skipped_inputs_origin_code")),
    )

    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        _sqlite_fts_up()
    elif dialect == "postgresql":
        _postgres_fts_up()


def _sqlite_fts_up() -> None:
    # porter stemming, so "shot" finds "shots" roughly as PostgreSQL's english config does.
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, text, content='articles', content_rowid='added_seq', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, title, text) "
        "VALUES (new.added_seq, new.title, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.added_seq, old.title, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, added_seq ON articles "
        "BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.added_seq, old.title, old.text); "
        "INSERT INTO articles_fts(rowid, title, text) "
        "VALUES (new.added_seq, new.title, new.text); END"
    )


# Past this many characters of text, a failing tsvector is retried on this prefix.
_PG_FALLBACK_CHARS = 100_000


def _postgres_fts_up() -> None:
    op.execute("ALTER TABLE articles ADD COLUMN search_vector tsvector")
    op.execute(
        f"""
        CREATE FUNCTION articles_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            BEGIN
                NEW.search_vector :=
                    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
                    setweight(to_tsvector('english', coalesce(NEW.text, '')), 'B');
            EXCEPTION WHEN program_limit_exceeded THEN
                -- tsvectors are limited to 1 MB: index a prefix rather than lose the article.
                NEW.search_vector :=
                    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
                    setweight(to_tsvector('english',
                        left(coalesce(NEW.text, ''), {_PG_FALLBACK_CHARS})), 'B');
            END;
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER articles_search_vector BEFORE INSERT OR UPDATE OF title, text "
        "ON articles FOR EACH ROW EXECUTE FUNCTION articles_search_vector()"
    )
    op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        for trigger in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS articles_search_vector ON articles")
        op.execute("DROP FUNCTION IF EXISTS articles_search_vector()")
    for table in (
        "skipped_inputs",
        "claims",
        "incident_mentions",
        "incidents",
        "mentions",
        "sentences",
        "articles",
        "revisions",
    ):
        op.drop_table(table)
