"""resolve.singleton.v1: each unresolved incident mention starts one incident, once, logged.

Runs on SQLite in memory and, when NEWSLEDGER_TEST_PG is set, on PostgreSQL (a fresh database
per session, a fresh schema per test; an unreachable server fails the tests).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL

from newsledger.resolve import RULE, incident_id_for, resolve_new
from newsledger.store import Store, global_id, open_store
from newsledger.store.schema import incident_mentions, incidents, revisions
from newsledger.store.testing import (
    make_analysis,
    pg_test_schema,
    span,
)


@pytest.fixture(params=["sqlite-memory", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    with contextlib.ExitStack() as stack:
        url: str | URL = "sqlite://"
        if request.param == "postgresql":
            url = stack.enter_context(pg_test_schema(request.getfixturevalue("pg_database")))
        yield stack.enter_context(open_store(url))


def incident(text: str, local_id: str, place: str, role: str = "main") -> dict[str, Any]:
    return {
        "id": local_id,
        "role": role,
        "types": ["shooting"],
        "date": {
            "value": None,
            "granularity": "day",
            "earliest": None,
            "latest": None,
            "time": None,
            "timezone": None,
            "evidence": [],
        },
        "location": {
            "name": place,
            "city": place,
            "county": None,
            "state": None,
            "country": "US",
            "lat": None,
            "lon": None,
            "gazetteer_id": None,
            "precision": "city",
            "evidence": [span(text, place)],
        },
        "agencies": [],
        "participants": [],
        "killed": None,
        "injured": None,
        "weapons": [],
        "claims": [],
    }


TEXT_1 = "Deputies shot a man in Riverton. Last year officers shot a woman in Lander."
TEXT_2 = "Police in Lakeport shot at a car on Friday."


def two_articles() -> list[dict[str, Any]]:
    return [
        make_analysis(
            TEXT_1,
            id="one",
            published="2026-01-07",
            incidents=[
                incident(TEXT_1, "i1", "Riverton"),
                incident(TEXT_1, "i2", "Lander", role="background"),
            ],
        ),
        make_analysis(
            TEXT_2,
            id="two",
            published="2026-01-09T08:00:00-08:00",
            incidents=[incident(TEXT_2, "i1", "Lakeport")],
        ),
    ]


def links(store: Store) -> dict[str, str | None]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(incident_mentions.c.id, incident_mentions.c.incident_id))
        return {r.id: r.incident_id for r in rows}


def test_nothing_to_resolve(store: Store) -> None:
    store.save([make_analysis("A quiet day in Lakeport.", id="q")])
    assert resolve_new(store) == 0
    assert store.counts()["incidents"] == 0
    assert store.revisions()[-1]["action"] == "article.added"


def test_each_mention_gets_its_own_incident(store: Store) -> None:
    analyses = two_articles()
    store.save(analyses)
    assert resolve_new(store) == 3

    hashes = [a["article"]["content_hash"] for a in analyses]
    mention_ids = [
        global_id(hashes[0], "i1"),
        global_id(hashes[0], "i2"),
        global_id(hashes[1], "i1"),
    ]
    assert links(store) == {m: incident_id_for(m) for m in mention_ids}

    created = [r for r in store.revisions() if r["action"] == "incident.created"]
    assert [r["subject"]["mentions"] for r in created] == [[m] for m in mention_ids]
    assert all(r["reason"] == {"rule": RULE} for r in created)
    assert [r["subject"]["incident"] for r in created] == [incident_id_for(m) for m in mention_ids]


def test_resolving_again_changes_nothing(store: Store) -> None:
    store.save(two_articles())
    resolve_new(store)
    with store.engine.connect() as conn:
        before = (
            conn.execute(sa.select(incidents).order_by(incidents.c.id)).all(),
            conn.execute(sa.select(revisions).order_by(revisions.c.seq)).all(),
        )
    assert resolve_new(store) == 0
    with store.engine.connect() as conn:
        after = (
            conn.execute(sa.select(incidents).order_by(incidents.c.id)).all(),
            conn.execute(sa.select(revisions).order_by(revisions.c.seq)).all(),
        )
    assert after == before


def test_only_new_mentions_are_resolved(store: Store) -> None:
    first, second = two_articles()
    store.save([first])
    assert resolve_new(store) == 2
    store.save([second])
    assert resolve_new(store) == 1
    assert store.counts()["incidents"] == 3


def test_incidents_carry_their_mentions_and_reporting_times(store: Store) -> None:
    analyses = two_articles()
    store.save(analyses)
    resolve_new(store)
    listed = list(store.iter_incidents(page_size=2))
    assert len(listed) == 3
    mention = global_id(analyses[1]["article"]["content_hash"], "i1")
    found = store.get_incident(incident_id_for(mention))
    assert found is not None
    assert found in listed
    assert found["status"] == "active"
    assert found["rule"] == RULE
    assert found["articles"] == ["two"]
    assert [m["id"] for m in found["mentions"]] == [mention]
    assert found["mentions"][0]["location"]["name"] == "Lakeport"
    assert found["first_reported"] == found["last_reported"] == "2026-01-09T08:00:00-08:00"
    assert store.get_incident("no-such-incident") is None


def test_incident_ids_do_not_depend_on_the_database() -> None:
    ids = []
    for _ in range(2):
        with open_store("sqlite://") as store:
            store.save(two_articles())
            resolve_new(store)
            ids.append(sorted(i["id"] for i in store.iter_incidents()))
    assert ids[0] == ids[1]


def test_a_mention_taken_out_of_its_incident_is_linked_back_and_logged(store: Store) -> None:
    store.save(two_articles()[1:])
    resolve_new(store)
    with store.transaction() as conn:
        conn.execute(sa.update(incident_mentions).values(incident_id=None))
    assert resolve_new(store) == 0
    assert all(links(store).values())
    last = store.revisions()[-1]
    assert (last["action"], last["reason"]) == ("incident.linked", {"rule": RULE})
