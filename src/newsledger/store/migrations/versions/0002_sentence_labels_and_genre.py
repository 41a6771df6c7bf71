"""Sentence labels and article genre: ``articles.genre``, ``articles.opinion_share``, ``sentences.kind``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

The sentence labeller (``newsledger.labels.v1``) fills ``sentences.label`` / ``score`` (columns
0001 already has) and, for boilerplate, a ``kind`` (related, share, photo, correction, bio, ...).
The genre (``newsledger.genre.v1``) gets columns of its own so that articles, and the claims in
them, can be filtered by where they come from (news report, opinion piece, analysis, press
release) without unpacking the stored analysis. Plain ``ADD COLUMN`` on both backends: nothing
here needs SQLite's table rebuild, which would drop the full-text triggers of 0001. Analyses
stored before this migration keep null genre columns until they are analysed again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("genre", sa.Text))
    op.add_column("articles", sa.Column("opinion_share", sa.Float))
    op.create_index(op.f("ix_articles_genre"), "articles", ["genre"])
    op.add_column("sentences", sa.Column("kind", sa.Text))


def downgrade() -> None:
    op.drop_column("sentences", "kind")
    op.drop_index(op.f("ix_articles_genre"), table_name="articles")
    op.drop_column("articles", "opinion_share")
    op.drop_column("articles", "genre")
