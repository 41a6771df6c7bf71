"""The ledger's tables, as SQLAlchemy Core: one schema for SQLite and PostgreSQL.

This module describes the schema that the migrations in ``migrations/versions`` build; a test
compares the two, so a change here without a migration (or the reverse) fails. Full-text
search is not described here: it is dialect-specific (an FTS5 table on SQLite, a ``tsvector``
column on PostgreSQL) and lives only in the migrations.

Conventions:

- Times are ISO-8601 text. ``published_at`` keeps the zone (or the bare day) the source gave, so
  no clock is invented; the times newsledger makes itself (``ingested_at``, ``at``, ...) are UTC
  with microseconds and a fixed width, so they sort as text on both backends.
- Enumerations of the analysis contract (certainty, quote, incident role, ...) are not CHECK
  constraints: the contract may add values without a new version, and the JSON Schema already
  checks them. Structural rules (a span ends after it starts) are constraints.
- Ids of claims and incident mentions are global: the article hash prefix plus the id the
  analysis gave (which need only be unique within its article); ``local_id`` keeps the latter.
- Every normalized row keeps its full record in ``data`` (or the article its full ``analysis``),
  so a field added to the contract is stored before it gets a column of its own.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

# Named constraints, because SQLite can only alter a table by rebuilding it, and Alembic's batch
# mode needs names to find what to change.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def json_type() -> sa.types.TypeEngine[Any]:
    """JSON for queryable documents: JSONB on PostgreSQL; Python None is SQL NULL."""
    return sa.JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


def record_type() -> sa.types.TypeEngine[Any]:
    """JSON kept as written (PostgreSQL ``json`` keeps key order): the audit records."""
    return sa.JSON(none_as_null=True)


# A span's offsets are character offsets into the article text.
_SPAN_CHECK = '"start" >= 0 AND "end" >= "start"'

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("content_hash", sa.String(64), primary_key=True),
    # The input's id; a new text under the same id is a new version, not an update.
    sa.Column("id", sa.Text, nullable=False, index=True),
    # The seq of the `article.added` revision: a total ingest order, and the FTS5 rowid.
    sa.Column("added_seq", sa.Integer, sa.ForeignKey("revisions.seq"), nullable=False, unique=True),
    sa.Column("schema", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("byline", sa.Text),
    sa.Column("published_at", sa.Text),
    sa.Column("published_day", sa.String(10), index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("origin", sa.Text, nullable=False, server_default=""),
    sa.Column("metadata", json_type()),
    sa.Column("model", json_type()),
    sa.Column("producers", json_type()),
    # The article genre (news | opinion | analysis | press_release) and its share of opinion
    # sentences, copied from the analysis for filtering (migration 0002).
    sa.Column("genre", sa.Text, index=True),
    sa.Column("opinion_share", sa.Float),
    # The analysis as produced, less `article.text` (kept once, in `text`); get_article puts it
    # back, so the record read equals the record written.
    sa.Column("analysis", record_type(), nullable=False),
    sa.Column("ingested_at", sa.Text, nullable=False),
)

sentences = sa.Table(
    "sentences",
    metadata,
    sa.Column(
        "article_hash",
        sa.String(64),
        sa.ForeignKey("articles.content_hash", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("label", sa.Text),
    sa.Column("score", sa.Float),
    # What a boilerplate sentence is (related, share, photo, correction, ...; migration 0002).
    sa.Column("kind", sa.Text),
    sa.CheckConstraint(_SPAN_CHECK, name="span"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column(
        "article_hash",
        sa.String(64),
        sa.ForeignKey("articles.content_hash", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("idx", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("label", sa.Text),
    sa.CheckConstraint(_SPAN_CHECK, name="span"),
)

incidents = sa.Table(
    "incidents",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("status", sa.Text, nullable=False, server_default="active", index=True),
    # Where a merged incident went; null while active.
    sa.Column("merged_into", sa.Text, sa.ForeignKey("incidents.id"), index=True),
    # The versioned rule that created it (resolve.v1+resolve.score.v1, ...).
    sa.Column("rule", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    # The reporting clock: publication times of the first and last article reporting it.
    sa.Column("first_reported", sa.Text, index=True),
    sa.Column("last_reported", sa.Text),
    # The incident under its default view, cached for lists and filters (migration 0003); the
    # values themselves stay in the incident mentions and claims, every view is computed from
    # them, and this cache is rebuilt whenever the incident's mentions change.
    sa.Column("date_value", sa.String(10), index=True),
    sa.Column("state", sa.String(2), index=True),
    sa.Column("city", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("killed", sa.Integer),
    sa.Column("injured", sa.Integer),
    sa.Column("n_articles", sa.Integer),
    sa.Column("n_conflicts", sa.Integer),
    # The name of the view the cache holds, and the whole record under it.
    sa.Column("view", sa.Text),
    sa.Column("summary", json_type()),
)

# One row per (incident, facet, value): state, city, agency, type, outcome, certainty, genre,
# outlet. Lists filter and count facets through an index on both backends (migration 0003).
incident_facets = sa.Table(
    "incident_facets",
    metadata,
    sa.Column(
        "incident_id",
        sa.Text,
        sa.ForeignKey("incidents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("facet", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, primary_key=True),
    sa.Index(None, "facet", "value"),
)

incident_mentions = sa.Table(
    "incident_mentions",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column(
        "article_hash",
        sa.String(64),
        sa.ForeignKey("articles.content_hash", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("idx", sa.Integer, nullable=False),
    sa.Column("local_id", sa.Text, nullable=False),
    sa.Column("role", sa.Text),
    sa.Column("types", json_type()),
    # The incident clock, as the article states it.
    sa.Column("date_value", sa.String(10), index=True),
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
    sa.Column("agencies", json_type()),
    sa.Column("participants", json_type()),
    sa.Column("killed", sa.Integer),
    sa.Column("injured", sa.Integer),
    sa.Column("weapons", json_type()),
    # Global claim ids.
    sa.Column("claim_ids", json_type()),
    sa.Column("data", json_type(), nullable=False),
    sa.Column(
        "incident_id", sa.Text, sa.ForeignKey("incidents.id", ondelete="SET NULL"), index=True
    ),
    sa.Column("extractor", sa.Text),
    # The reporting clock, copied from the article so the mention keeps it.
    sa.Column("published_at", sa.Text),
    sa.UniqueConstraint("article_hash", "local_id"),
    sa.Index(None, "location_state", "date_value"),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column(
        "article_hash",
        sa.String(64),
        sa.ForeignKey("articles.content_hash", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("idx", sa.Integer, nullable=False),
    sa.Column("local_id", sa.Text, nullable=False),
    sa.Column("content", json_type(), nullable=False),
    # The content spans' texts joined, for reading and searching without unpacking JSON.
    sa.Column("content_text", sa.Text, nullable=False),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("cue_text", sa.Text),
    sa.Column("source_span", json_type()),
    sa.Column("source_name", sa.Text, index=True),
    sa.Column("source_kind", sa.Text),
    sa.Column("source_role", sa.Text),
    sa.Column("quote", sa.Text),
    sa.Column("certainty", sa.Text),
    sa.Column("polarity", sa.Text),
    sa.Column("in_opinion", sa.Boolean),
    # The global id of the claim whose content holds this one, for a clause nested in a
    # source's words (migration 0004); null for every claim of its own.
    sa.Column("part_of", sa.Text, index=True),
    sa.Column(
        "incident_mention_id",
        sa.Text,
        sa.ForeignKey("incident_mentions.id", ondelete="SET NULL"),
        index=True,
    ),
    sa.Column("data", json_type(), nullable=False),
    sa.Column("extractor", sa.Text),
    # Claims keep their publication time: the same words mean different things a week later.
    sa.Column("published_at", sa.Text),
    sa.UniqueConstraint("article_hash", "local_id"),
)

# What the resolver compares, one row per incident mention (migration 0003): the window of days
# the incident may lie in, its state, and its features (newsledger.resolve.score), so that
# blocking is an indexed range query and scoring reads no article text.
resolution_keys = sa.Table(
    "resolution_keys",
    metadata,
    sa.Column(
        "mention_id",
        sa.Text,
        sa.ForeignKey("incident_mentions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("day_lo", sa.String(10), nullable=False, index=True),
    sa.Column("day_hi", sa.String(10), nullable=False),
    sa.Column("state", sa.String(2)),
    sa.Column("key", json_type(), nullable=False),
    sa.Index(None, "state", "day_lo"),
)

# The scored pairs at or above the threshold (migration 0003), a < b, with the parts of the
# score and the scorer's rule: the graph whose connected components the resolver decides.
resolution_edges = sa.Table(
    "resolution_edges",
    metadata,
    sa.Column(
        "a",
        sa.Text,
        sa.ForeignKey("incident_mentions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "b",
        sa.Text,
        sa.ForeignKey("incident_mentions.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("parts", json_type()),
    sa.Column("rule", sa.Text, nullable=False),
)

# Manual decisions (migration 0003): `must` (merge) and `cannot` (split) links between two
# incident mentions, each with the revision that made it; an undo clears `active`.
resolution_links = sa.Table(
    "resolution_links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column(
        "a",
        sa.Text,
        sa.ForeignKey("incident_mentions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column(
        "b",
        sa.Text,
        sa.ForeignKey("incident_mentions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("seq", sa.Integer, sa.ForeignKey("revisions.seq"), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.CheckConstraint("kind IN ('must', 'cannot')", name="kind"),
)

revisions = sa.Table(
    "revisions",
    metadata,
    # The public change feed's cursor: readers ask for everything after the seq they have seen.
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False, index=True),
    sa.Column("subject", json_type(), nullable=False),
    sa.Column("reason", json_type()),
    sa.Column("undoes", sa.Integer, sa.ForeignKey("revisions.seq")),
)

skipped_inputs = sa.Table(
    "skipped_inputs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("first_seen", sa.Text, nullable=False),
    sa.Column("last_seen", sa.Text, nullable=False),
    sa.Column("count", sa.Integer, nullable=False, server_default="1"),
    sa.UniqueConstraint("origin", "code"),
)

# Objects the migrations make that this module does not describe: full-text search.
FTS_OBJECTS = frozenset({"articles_fts", "search_vector", "ix_articles_search_vector"})


def describes(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's ``include_object`` hook: False for the full-text search objects (and FTS5's
    shadow tables), so comparing this schema with a database does not report them."""
    return not (
        name in FTS_OBJECTS
        or (type_ == "table" and name is not None and name.startswith("articles_fts_"))
    )


# In dependency order (a table's foreign keys point to tables before it), for counts and tests.
TABLES: tuple[sa.Table, ...] = (
    revisions,
    articles,
    sentences,
    mentions,
    incidents,
    incident_facets,
    incident_mentions,
    resolution_keys,
    resolution_edges,
    resolution_links,
    claims,
    skipped_inputs,
)
