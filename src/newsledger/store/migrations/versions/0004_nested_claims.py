"""Nested claims: ``claims.part_of``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Since ``claims.attribution.v6`` a clause inside a source's words that the report makes more or
less sure than the whole, or negates on its own ("Police said the man, who did not have a
weapon, fled"), is a claim of its own nested in the source's claim; the contract gives it
``part_of``, the id of that claim. The column keeps its global id, so that who-said-what counts
attributions once (a nested clause is no second thing its source said) without unpacking JSON.
Plain ``ADD COLUMN`` on both backends; claims stored before this migration have none nested.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("part_of", sa.Text))
    op.create_index(op.f("ix_claims_part_of"), "claims", ["part_of"])


def downgrade() -> None:
    op.drop_index(op.f("ix_claims_part_of"), table_name="claims")
    op.drop_column("claims", "part_of")
