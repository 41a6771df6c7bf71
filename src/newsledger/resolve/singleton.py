"""``resolve.singleton.v1``: every incident mention not yet in an incident starts its own.

The first, honest resolver: it matches nothing across articles (that needs blocking by time and
place, then scoring: a later rule), so two reports of one shooting are two incidents for now.
What it does is recorded like any later rule will be: an ``incident.created`` revision whose
reason names the rule.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from newsledger.store import Store, record_revision, utc_now
from newsledger.store.schema import articles, incident_mentions, incidents

RULE = "resolve.singleton.v1"


def incident_id_for(mention_id: str) -> str:
    """The incident a mention starts: a hash of the mention id, so a rerun (or another
    database fed the same inputs) gives the same id."""
    return hashlib.sha256(mention_id.encode("utf-8")).hexdigest()[:16]


def resolve_new(store: Store) -> int:
    """Give each incident mention without an incident one of its own; returns how many
    incidents were created. Idempotent: a second run finds nothing to do."""
    im = incident_mentions
    created = 0
    with store.transaction() as conn:
        pending = conn.execute(
            sa.select(im.c.id, im.c.article_hash, im.c.published_at)
            .join(articles, articles.c.content_hash == im.c.article_hash)
            .where(im.c.incident_id.is_(None))
            # Ingest order, so revisions come out in the order the articles came in.
            .order_by(articles.c.added_seq, im.c.idx)
        ).all()
        now = utc_now()
        for mention in pending:
            incident_id = incident_id_for(mention.id)
            exists = conn.execute(
                sa.select(incidents.c.id).where(incidents.c.id == incident_id)
            ).first()
            subject = {
                "incident": incident_id,
                "mentions": [mention.id],
                "articles": [mention.article_hash],
            }
            if exists is None:
                conn.execute(
                    sa.insert(incidents),
                    {
                        "id": incident_id,
                        "status": "active",
                        "rule": RULE,
                        "created_at": now,
                        "updated_at": now,
                        "first_reported": mention.published_at,
                        "last_reported": mention.published_at,
                    },
                )
                action = "incident.created"
                created += 1
            else:
                # Only a mention taken out of its incident again (by a later split or undo)
                # gets here; linking it back is still a change, so it is still logged.
                action = "incident.linked"
            conn.execute(sa.update(im).where(im.c.id == mention.id).values(incident_id=incident_id))
            record_revision(
                conn, action=action, subject=subject, reason={"rule": RULE}, actor=RULE, at=now
            )
    return created
