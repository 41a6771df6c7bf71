"""Resolution: incident summaries and facets, resolution keys, manual links.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

- ``incidents`` gets the values of its default view (date, place, counts, how many articles and
  conflicts) and ``summary``, the whole record under that view. They are a cache for listing and
  filtering, rebuilt whenever the incident's mentions change: the values themselves stay in the
  claims and incident mentions, and every other view is computed from those when asked.
- ``incident_facets``: one row per (incident, facet, value) — state, city, agency, type,
  outcome, certainty, genre, outlet — so that lists filter and count on any facet with an index
  on both backends, without JSON operators.
- ``resolution_keys``: what the resolver compares, one row per incident mention: its day window,
  its state, and its features (:mod:`newsledger.resolve.score`), so that blocking is an indexed
  range query and scoring needs no article text.
- ``resolution_edges``: the scored pairs at or above the threshold (``a < b``), with their
  parts and the scorer's rule: the graph whose components the resolver decides, so that a
  component is found by index lookups, not by searching and scoring again.
- ``resolution_links``: manual decisions: ``must`` (merge) and ``cannot`` (split) links between
  two incident mentions, each with the revision that made it; undo clears ``active``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def json_type() -> sa.types.TypeEngine[Any]:
    return sa.JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


_INCIDENT_COLUMNS = (
    ("date_value", sa.String(10)),
    ("state", sa.String(2)),
    ("city", sa.Text),
    ("lat", sa.Float),
    ("lon", sa.Float),
    ("killed", sa.Integer),
    ("injured", sa.Integer),
    ("n_articles", sa.Integer),
    ("n_conflicts", sa.Integer),
    ("view", sa.Text),
)


def upgrade() -> None:
    for name, type_ in _INCIDENT_COLUMNS:
        op.add_column("incidents", sa.Column(name, type_))
    op.add_column("incidents", sa.Column("summary", json_type()))
    op.create_index(op.f("ix_incidents_date_value"), "incidents", ["date_value"])
    op.create_index(op.f("ix_incidents_state"), "incidents", ["state"])

    op.create_table(
        "incident_facets",
        sa.Column(
            "incident_id",
            sa.Text,
            sa.ForeignKey("incidents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("facet", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, primary_key=True),
    )
    op.create_index(op.f("ix_incident_facets_facet_value"), "incident_facets", ["facet", "value"])

    op.create_table(
        "resolution_keys",
        sa.Column(
            "mention_id",
            sa.Text,
            sa.ForeignKey("incident_mentions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("day_lo", sa.String(10), nullable=False),
        sa.Column("day_hi", sa.String(10), nullable=False),
        sa.Column("state", sa.String(2)),
        sa.Column("key", json_type(), nullable=False),
    )
    op.create_index(op.f("ix_resolution_keys_day_lo"), "resolution_keys", ["day_lo"])
    op.create_index(op.f("ix_resolution_keys_state_day_lo"), "resolution_keys", ["state", "day_lo"])

    op.create_table(
        "resolution_edges",
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
        ),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("parts", json_type()),
        sa.Column("rule", sa.Text, nullable=False),
    )
    op.create_index(op.f("ix_resolution_edges_b"), "resolution_edges", ["b"])

    op.create_table(
        "resolution_links",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column(
            "a", sa.Text, sa.ForeignKey("incident_mentions.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "b", sa.Text, sa.ForeignKey("incident_mentions.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("seq", sa.Integer, sa.ForeignKey("revisions.seq"), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.CheckConstraint("kind IN ('must', 'cannot')", name="kind"),
    )
    op.create_index(op.f("ix_resolution_links_a"), "resolution_links", ["a"])
    op.create_index(op.f("ix_resolution_links_b"), "resolution_links", ["b"])


def downgrade() -> None:
    op.drop_table("resolution_links")
    op.drop_index(op.f("ix_resolution_edges_b"), table_name="resolution_edges")
    op.drop_table("resolution_edges")
    op.drop_index(op.f("ix_resolution_keys_state_day_lo"), table_name="resolution_keys")
    op.drop_index(op.f("ix_resolution_keys_day_lo"), table_name="resolution_keys")
    op.drop_table("resolution_keys")
    op.drop_table("incident_facets")
    op.drop_index(op.f("ix_incidents_state"), table_name="incidents")
    op.drop_index(op.f("ix_incidents_date_value"), table_name="incidents")
    for name, _ in reversed(_INCIDENT_COLUMNS):
        op.drop_column("incidents", name)
    op.drop_column("incidents", "summary")
