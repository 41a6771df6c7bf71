"""Resolution across articles: matching, revisions, manual merge/split/undo, and order independence.

Analyses are built by hand (no spaCy), so these tests say what the resolver does with given
incident mentions. They run on SQLite in memory and, when NEWSLEDGER_TEST_PG is set, on
PostgreSQL (a fresh schema per test).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import URL

from newsledger.errors import NotFoundError, UsageError
from newsledger.resolve import incident_id_for, manual, resolve_new, rule_name
from newsledger.resolve.cluster import Edge, cluster
from newsledger.store import Store, global_id, open_store
from newsledger.store.schema import claims, incident_mentions, incidents
from newsledger.store.testing import make_analysis, pg_test_schema, span


@pytest.fixture(params=["sqlite-memory", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    with contextlib.ExitStack() as stack:
        url: str | URL = "sqlite://"
        if request.param == "postgresql":
            url = stack.enter_context(pg_test_schema(request.getfixturevalue("pg_database")))
        yield stack.enter_context(open_store(url))


def incident(
    text: str,
    local_id: str,
    *,
    city: str,
    state: str,
    day: str | None,
    place_text: str,
    role: str = "main",
    killed: int | None = 0,
    injured: int | None = None,
    participants: list[dict[str, Any]] | None = None,
    agencies: list[dict[str, Any]] | None = None,
    types: tuple[str, ...] = ("shooting",),
) -> dict[str, Any]:
    return {
        "id": local_id,
        "role": role,
        "types": list(types),
        "date": {
            "value": day,
            "granularity": "day",
            "earliest": day,
            "latest": day,
            "time": None,
            "timezone": None,
            "evidence": [],
        },
        "location": {
            "name": f"{city}, {state}",
            "city": city,
            "county": None,
            "state": state,
            "country": "US",
            "lat": 43.0,
            "lon": -108.4,
            "gazetteer_id": None,
            "precision": "city",
            "evidence": [span(text, place_text)],
        },
        "agencies": agencies or [],
        "participants": participants or [],
        "killed": killed,
        "injured": injured,
        "weapons": [{"kind": "firearm", "held_by": "officer"}],
        "claims": [],
    }


def person(text: str, name: str) -> dict[str, Any]:
    return {**span(text, name), "kind": "person", "label": "PERSON"}


def claim(
    text: str, local_id: str, content: str, source: str | None, role: str | None, incident_id: str
) -> dict[str, Any]:
    return {
        "id": local_id,
        "content": [span(text, content)],
        "cue": None,
        "source": (
            {"span": None, "name": source, "kind": "agency" if role else "person", "role": role}
            if source
            else None
        ),
        "quote": "indirect",
        "certainty": "attributed" if source else "fact",
        "polarity": "affirmed",
        "in_opinion": False,
        "incident": incident_id,
    }


# Fictional reports: two of one shooting in Riverton, one of another in Lander the same day.
R1 = (
    "RIVERTON, Wyo. - Fremont County deputies shot and wounded Dale Hooper, 41, outside a feed "
    "store on Pioneer Avenue on Monday night, the sheriff's office said."
)
R2 = (
    "Dale Hooper, shot by deputies outside a Pioneer Avenue feed store in Riverton on Monday, "
    "remained hospitalized, his sister said. Two deputies were also hurt, the sheriff said."
)
L1 = "LANDER, Wyo. - Police fired at a pickup driven by Marcy Teal on Main Street on Monday."
AGENCY = [
    {
        "name": "Fremont County Sheriff's Office",
        "code": None,
        "parent": None,
        "level": "local",
        "evidence": [],
    }
]


def riverton_1() -> dict[str, Any]:
    participants = [
        {
            "role": "subject",
            "description": "Dale Hooper",
            "count": 1,
            "outcome": "injured",
            "evidence": [span(R1, "wounded Dale Hooper")],
        }
    ]
    analysis = make_analysis(
        R1,
        id="riverton-1",
        title="Deputies shoot man outside Riverton feed store",
        published="2026-03-03T09:00:00-07:00",
        outlet="Wind River Ledger",
        incidents=[
            incident(
                R1,
                "i1",
                city="Riverton",
                state="WY",
                day="2026-03-02",
                place_text="RIVERTON, Wyo.",
                injured=1,
                participants=participants,
                agencies=AGENCY,
            )
        ],
        claims=[
            claim(
                R1,
                "c1",
                R1[: R1.index(", the sheriff")],
                "Fremont County Sheriff's Office",
                "law_enforcement",
                "i1",
            )
        ],
    )
    analysis["mentions"] = [person(R1, "Dale Hooper")]
    return analysis


def riverton_2() -> dict[str, Any]:
    participants = [
        {
            "role": "subject",
            "description": "Dale Hooper",
            "count": 1,
            "outcome": "injured",
            "evidence": [span(R2, "remained hospitalized")],
        },
        {
            "role": "officer",
            "description": "Two deputies",
            "count": 2,
            "outcome": "injured",
            "evidence": [span(R2, "Two deputies were also hurt")],
        },
    ]
    analysis = make_analysis(
        R2,
        id="riverton-2",
        title="Man shot by deputies in Riverton remains hospitalized",
        published="2026-03-04T18:30:00-07:00",
        outlet="Casper Courier",
        incidents=[
            incident(
                R2,
                "i1",
                city="Riverton",
                state="WY",
                day="2026-03-02",
                place_text="Riverton",
                injured=3,
                participants=participants,
                agencies=AGENCY,
            )
        ],
        claims=[
            claim(
                R2,
                "c1",
                "Dale Hooper, shot by deputies outside a Pioneer Avenue feed store in Riverton on Monday, remained hospitalized",
                "Ada Hooper",
                "family",
                "i1",
            ),
            claim(
                R2,
                "c2",
                "Two deputies were also hurt",
                "Fremont County Sheriff",
                "law_enforcement",
                "i1",
            ),
        ],
    )
    analysis["mentions"] = [person(R2, "Dale Hooper")]
    return analysis


def lander() -> dict[str, Any]:
    analysis = make_analysis(
        L1,
        id="lander-1",
        published="2026-03-03T07:00:00-07:00",
        outlet="Lander Journal",
        incidents=[
            incident(
                L1,
                "i1",
                city="Lander",
                state="WY",
                day="2026-03-02",
                place_text="LANDER, Wyo.",
                injured=0,
            )
        ],
    )
    analysis["mentions"] = [person(L1, "Marcy Teal")]
    return analysis


def mention_of(analysis: dict[str, Any], local: str = "i1") -> str:
    return global_id(analysis["article"]["content_hash"], local)


def partition(store: Store) -> set[frozenset[str]]:
    """The active incidents as sets of mention ids."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(incident_mentions.c.id, incident_mentions.c.incident_id)
        ).all()
        active = {
            r.id
            for r in conn.execute(sa.select(incidents.c.id).where(incidents.c.status == "active"))
        }
    groups: dict[str, set[str]] = {}
    for r in rows:
        assert r.incident_id in active, f"mention {r.id} points at a retired incident"
        groups.setdefault(r.incident_id, set()).add(r.id)
    return {frozenset(g) for g in groups.values()}


def incident_of(store: Store, mention_id: str) -> str:
    with store.engine.connect() as conn:
        return str(
            conn.execute(
                sa.select(incident_mentions.c.incident_id).where(
                    incident_mentions.c.id == mention_id
                )
            ).scalar_one()
        )


# -- automatic resolution


def test_two_reports_of_one_shooting_become_one_incident_and_say_why(store: Store) -> None:
    a, b, c = riverton_1(), riverton_2(), lander()
    store.save([a, c])
    assert resolve_new(store) == 2
    store.save([b])
    assert resolve_new(store) == 0  # the second report joins the first incident
    assert partition(store) == {
        frozenset({mention_of(a), mention_of(b)}),
        frozenset({mention_of(c)}),
    }
    linked = [r for r in store.revisions() if r["action"] == "incident.linked"]
    assert len(linked) == 1
    reason = linked[0]["reason"]
    assert reason["rule"] == rule_name()
    assert reason["pairs"][0]["score"] >= reason["threshold"]
    assert {reason["pairs"][0]["a"], reason["pairs"][0]["b"]} == {mention_of(a), mention_of(b)}
    assert reason["pairs"][0]["parts"]  # the reasons, by feature
    # The incident id depends only on its mentions.
    assert incident_of(store, mention_of(b)) == min(
        incident_id_for(mention_of(a)), incident_id_for(mention_of(b))
    )


def test_two_incidents_of_one_article_are_never_merged(store: Store) -> None:
    text = R1 + " " + R2
    doubled = make_analysis(
        text,
        id="double",
        published="2026-03-04",
        incidents=[
            incident(
                text,
                "i1",
                city="Riverton",
                state="WY",
                day="2026-03-02",
                place_text="RIVERTON, Wyo.",
            ),
            incident(
                text,
                "i2",
                city="Riverton",
                state="WY",
                day="2026-03-02",
                place_text="Riverton",
                role="background",
            ),
        ],
    )
    store.save([doubled])
    resolve_new(store)
    assert len(partition(store)) == 2


def test_resolving_again_changes_nothing(store: Store) -> None:
    store.save([riverton_1(), riverton_2(), lander()])
    resolve_new(store)
    before = (partition(store), len(store.revisions()))
    assert resolve_new(store) == 0
    assert (partition(store), len(store.revisions())) == before


def test_an_undated_article_is_left_alone_when_its_window_is_wide() -> None:
    with open_store("sqlite://") as store:
        old = make_analysis(
            "Deputies shot a man in Riverton years ago.",
            id="undated",
            incidents=[
                incident(
                    "Deputies shot a man in Riverton years ago.",
                    "i1",
                    city="Riverton",
                    state="WY",
                    day=None,
                    place_text="Riverton",
                )
            ],
        )
        store.save([riverton_1(), old])
        resolve_new(store)
        assert len(partition(store)) == 2


# -- fields, views and conflicts


def merged_store(store: Store) -> str:
    store.save([riverton_1(), riverton_2(), lander()])
    resolve_new(store)
    ids = {
        incident_of(store, mention_of(riverton_1())),
        incident_of(store, mention_of(riverton_2())),
    }
    if len(ids) > 1:
        manual.merge(store, sorted(ids), actor="test")
    return incident_of(store, mention_of(riverton_1()))


def test_fields_keep_every_value_with_its_claims_and_list_conflicts(store: Store) -> None:
    from newsledger.resolve.views import incident_record

    incident_id = merged_store(store)
    record = incident_record(store, incident_id)
    assert record is not None
    assert record["articles"] == ["riverton-1", "riverton-2"]
    assert record["first_reported"] == "2026-03-03T09:00:00-07:00"
    assert record["last_reported"] == "2026-03-04T18:30:00-07:00"
    injured = {e["value"]: e["claims"] for e in record["fields"]["injured"]}
    assert set(injured) == {1, 3}
    assert {c["source"]["name"] for c in injured[1]} == {"Fremont County Sheriff's Office"}
    assert {c["source"]["name"] for c in injured[3]} == {"Ada Hooper", "Fremont County Sheriff"}
    assert all(c["article_id"] == "riverton-2" and c["published_at"] for c in injured[3])
    conflicts = {c["field"]: c for c in record["conflicts"]}
    assert set(conflicts) == {"injured"}
    assert [v["value"] for v in conflicts["injured"]["values"]] == [1, 3]
    # Same date and city in both reports: no conflict there, one value each.
    assert len(record["fields"]["date"]) == 1 and len(record["fields"]["location"]) == 1


@pytest.mark.parametrize(
    ("view", "injured"),
    [("latest", 3), ("most_specific", 3), ("official", 3), ("conservative", 1), ("independent", 3)],
)
def test_views_pick_the_displayed_value_by_a_named_rule(
    store: Store, view: str, injured: int
) -> None:
    from newsledger.resolve.views import incident_record

    incident_id = merged_store(store)
    record = incident_record(store, incident_id, view=view)
    assert record is not None
    assert record["view"] == f"view.{view}.v1"
    assert record["injured"] == injured
    # "0 killed" rests on the articles' text, not on any official's claim.
    assert record["killed"] == (None if view == "official" else 0)


def test_the_independent_view_leaves_out_the_agency_involved(store: Store) -> None:
    from newsledger.resolve.views import incident_record

    incident_id = merged_store(store)
    record = incident_record(store, incident_id, view="independent")
    assert record is not None
    # The only claim behind "1 injured" is the sheriff's office, the agency involved.
    assert [e["value"] for e in record["fields"]["injured"]] == [1, 3]
    assert record["injured"] == 3
    official = incident_record(store, incident_id, view="official")
    assert official is not None and official["injured"] == 3


def test_unknown_view_is_a_usage_error(store: Store) -> None:
    from newsledger.resolve.views import incident_record

    incident_id = merged_store(store)
    with pytest.raises(UsageError):
        incident_record(store, incident_id, view="loudest")


def test_the_timeline_shows_what_each_report_added_or_changed(store: Store) -> None:
    from newsledger.resolve.views import timeline

    incident_id = merged_store(store)
    events = timeline(store, incident_id)
    assert [e["article_id"] for e in events] == ["riverton-1", "riverton-2"]
    assert events[0]["new"]["injured"] == 1 and events[0]["new"]["date"]["value"] == "2026-03-02"
    assert events[1]["changed"] == {"injured": {"from": 1, "to": 3}}


def test_the_cached_default_view_and_facets_follow_the_incident(store: Store) -> None:
    incident_id = merged_store(store)
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(incidents).where(incidents.c.id == incident_id)).one()
        facets = set(
            conn.execute(
                sa.text("SELECT facet, value FROM incident_facets WHERE incident_id = :i"),
                {"i": incident_id},
            ).all()
        )
    assert (row.state, row.city, row.date_value, row.n_articles, row.n_conflicts) == (
        "WY",
        "Riverton",
        "2026-03-02",
        2,
        1,
    )
    assert row.summary["conflicts"] == [{"field": "injured", "values": [1, 3]}]
    assert {
        ("state", "WY"),
        ("city", "Riverton, WY"),
        ("type", "shooting"),
        ("outcome", "injured"),
    } <= facets
    assert ("outlet", "Casper Courier") in facets


# -- manual decisions


def state_of(store: Store) -> tuple[set[frozenset[str]], dict[str, str]]:
    with store.engine.connect() as conn:
        active = {
            r.id: r.status for r in conn.execute(sa.select(incidents.c.id, incidents.c.status))
        }
    return partition(store), {k: v for k, v in active.items() if v == "active"}


def test_merge_then_undo_restores_the_incidents(store: Store) -> None:
    store.save([riverton_1(), lander()])
    resolve_new(store)
    before = state_of(store)
    ids = sorted(before[1])
    result = manual.merge(store, ids, actor="tester", note="same stand-off")
    assert len(partition(store)) == 1
    merge_rev = next(r for r in store.revisions() if r["seq"] == result["revision"])
    assert (merge_rev["action"], merge_rev["actor"], merge_rev["reason"]["note"]) == (
        "merge",
        "tester",
        "same stand-off",
    )
    retired = [r for r in store.revisions() if r["action"] == "incident.merged"]
    assert retired and retired[-1]["reason"]["decision"] == result["revision"]
    with store.engine.connect() as conn:
        gone = conn.execute(sa.select(incidents).where(incidents.c.status == "merged")).one()
    assert gone.merged_into in ids
    undone = manual.undo(store, result["revision"], actor="tester")
    assert state_of(store) == before
    assert store.revisions()[-1]["seq"] > undone["revision"] - 1
    with pytest.raises(UsageError, match="already undone"):
        manual.undo(store, result["revision"], actor="tester")


def test_a_split_holds_against_later_automatic_matching(store: Store) -> None:
    a, b = riverton_1(), riverton_2()
    store.save([a, b])
    resolve_new(store)
    incident_id = incident_of(store, mention_of(a))
    if incident_of(store, mention_of(b)) != incident_id:
        manual.merge(store, [incident_id, incident_of(store, mention_of(b))], actor="t")
        incident_id = incident_of(store, mention_of(a))
    result = manual.split(store, incident_id, [mention_of(b)], actor="tester", note="another day")
    assert len(partition(store)) == 2
    # A third report like both arrives: the split still holds.
    third = riverton_2()
    third["article"]["text"] = third["article"]["text"]  # same text would be a duplicate
    text3 = R2.replace("his sister said", "a cousin said")
    analysis3 = make_analysis(
        text3,
        id="riverton-3",
        published="2026-03-05",
        incidents=[
            incident(
                text3, "i1", city="Riverton", state="WY", day="2026-03-02", place_text="Riverton"
            )
        ],
    )
    analysis3["mentions"] = [person(text3, "Dale Hooper")]
    store.save([analysis3])
    resolve_new(store)
    groups = partition(store)
    assert not any(mention_of(a) in g and mention_of(b) in g for g in groups)
    manual.undo(store, result["revision"], actor="tester")
    assert any(mention_of(a) in g and mention_of(b) in g for g in partition(store))


def test_undo_an_automatic_link(store: Store) -> None:
    a, b = riverton_1(), riverton_2()
    store.save([a])
    resolve_new(store)
    store.save([b])
    resolve_new(store)
    linked = [r for r in store.revisions() if r["action"] == "incident.linked"]
    if not linked:
        pytest.skip("the scorer did not link the two reports")
    manual.undo(store, linked[-1]["seq"], actor="tester")
    assert len(partition(store)) == 2


def test_manual_errors_are_clear(store: Store) -> None:
    store.save([riverton_1(), lander()])
    resolve_new(store)
    (only, *_rest) = sorted(state_of(store)[1])
    with pytest.raises(NotFoundError):
        manual.merge(store, ["nope-nope", only], actor="t")
    with pytest.raises(UsageError, match="two or more"):
        manual.merge(store, [only, only], actor="t")
    with pytest.raises(UsageError, match="some, but not all"):
        manual.split(
            store,
            only,
            [m for g in partition(store) for m in g if incident_of(store, m) == only],
            actor="t",
        )
    with pytest.raises(NotFoundError):
        manual.undo(store, 10_000, actor="t")
    with pytest.raises(UsageError, match="cannot be undone"):
        manual.undo(store, 1, actor="t")  # article.added


def test_no_claim_is_lost_by_merging_or_splitting(store: Store) -> None:
    store.save([riverton_1(), riverton_2(), lander()])
    resolve_new(store)

    def claim_links() -> dict[str, str | None]:
        with store.engine.connect() as conn:
            return {
                r.id: r.incident_mention_id
                for r in conn.execute(sa.select(claims.c.id, claims.c.incident_mention_id))
            }

    before = claim_links()
    ids = sorted(state_of(store)[1])
    merged = manual.merge(store, ids, actor="t")
    (incident_id,) = merged["incidents"]
    manual.split(store, incident_id, [mention_of(lander())], actor="t")
    assert claim_links() == before
    from newsledger.resolve.views import incident_record

    seen = set()
    for i in state_of(store)[1]:
        record = incident_record(store, i)
        assert record is not None
        seen |= {
            c["id"] for f in record["fields"].values() for e in f for c in e["claims"] if c["id"]
        }
    assert seen == {cid for cid, m in before.items() if m}


# -- order independence


def the_corpus() -> list[dict[str, Any]]:
    return [riverton_1(), riverton_2(), lander()]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(range(3)), cuts=st.lists(st.booleans(), min_size=2, max_size=2))
def test_incidents_do_not_depend_on_the_order_articles_arrive(
    order: list[int], cuts: list[bool]
) -> None:
    corpus = the_corpus()
    with open_store("sqlite://") as reference:
        reference.save(corpus)
        resolve_new(reference)
        expected = state_of(reference)
    with open_store("sqlite://") as store:
        batch: list[dict[str, Any]] = []
        for n, i in enumerate(order):
            batch.append(corpus[i])
            if n == len(order) - 1 or cuts[n]:
                store.save(batch)
                resolve_new(store)
                batch = []
        assert state_of(store) == expected


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=9),
    data=st.data(),
)
def test_clustering_is_a_function_of_its_inputs(n: int, data: st.DataObject) -> None:
    nodes = [f"m{i}" for i in range(n)]
    pairs = [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1 :]]
    scores = data.draw(
        st.lists(
            st.sampled_from([0.0, 0.4, 0.6, 0.8, 0.9]), min_size=len(pairs), max_size=len(pairs)
        )
    )
    articles = {m: data.draw(st.sampled_from("abcdef")) for m in nodes}
    edges = [Edge(a, b, s) for (a, b), s in zip(pairs, scores, strict=True)]
    first = cluster(nodes, edges, threshold=0.5, article_of=articles)
    shuffled = data.draw(st.permutations(edges))
    assert cluster(list(reversed(nodes)), shuffled, threshold=0.5, article_of=articles) == first
    assert sorted(m for c in first for m in c) == sorted(nodes)
    for c in first:  # never two mentions of one article in an incident
        assert len({articles[m] for m in c}) == len(c)


# -- manual decisions, as properties


def _claim_owners(store: Store) -> dict[str, str | None]:
    with store.engine.connect() as conn:
        return {
            r.id: r.incident_mention_id
            for r in conn.execute(sa.select(claims.c.id, claims.c.incident_mention_id))
        }


def _snapshot(store: Store) -> set[frozenset[str]]:
    return partition(store)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ops=st.lists(
        st.tuples(st.sampled_from(["merge", "split"]), st.integers(0, 50)), min_size=1, max_size=5
    )
)
def test_any_merge_or_split_is_undone_exactly_and_loses_no_claim(
    ops: list[tuple[str, int]],
) -> None:
    with open_store("sqlite://") as store:
        store.save(the_corpus())
        resolve_new(store)
        claims_before = _claim_owners(store)
        for op, pick in ops:
            before = _snapshot(store)
            groups = sorted(sorted(g) for g in before)
            if op == "merge" and len(groups) >= 2:
                a = groups[pick % len(groups)]
                b = groups[(pick // len(groups) + 1 + pick) % len(groups)]
                if a == b:
                    continue
                result = manual.merge(
                    store, [incident_of(store, a[0]), incident_of(store, b[0])], actor="prop"
                )
                assert any(set(a) | set(b) <= g for g in _snapshot(store))
            elif op == "split":
                big = [g for g in groups if len(g) > 1]
                if not big:
                    continue
                group = big[pick % len(big)]
                moved = group[pick % len(group)]
                result = manual.split(store, incident_of(store, group[0]), [moved], actor="prop")
                assert not any(moved in g and len(g & set(group)) > 1 for g in _snapshot(store))
            else:
                continue
            assert _claim_owners(store) == claims_before  # no claim lost or moved
            manual.undo(store, result["revision"], actor="prop")
            assert _snapshot(store) == before  # undo restores the incidents exactly
            assert _claim_owners(store) == claims_before


def test_resolving_again_with_another_scorer_keeps_manual_decisions(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsledger.resolve import resolve_again
    from newsledger.resolve import score as scoring

    store.save(the_corpus())
    resolve_new(store)
    before = partition(store)
    riverton = {mention_of(riverton_1()), mention_of(riverton_2())}
    assert any(riverton <= g for g in before)
    # Lander merged by hand into the Riverton incident: a person's decision.
    manual.merge(
        store,
        [incident_of(store, mention_of(riverton_1())), incident_of(store, mention_of(lander()))],
        actor="ed",
    )
    (merged,) = partition(store)
    # A stricter scorer joins nothing on its own; the manual decision still holds.
    monkeypatch.setattr(scoring, "THRESHOLD", 1.01)
    resolve_again(store)
    assert partition(store) == {merged}
    monkeypatch.undo()
    logged = len(store.revisions())
    outcome = resolve_again(store)
    assert partition(store) == {merged}
    # Nothing changed, so nothing new is logged.
    assert (outcome.created, outcome.linked, outcome.merged, outcome.split) == (0, 0, 0, 0)
    assert len(store.revisions()) == logged


def test_opposed_accounts_are_a_conflict_and_views_pick_by_source(store: Store) -> None:
    from newsledger.resolve.views import incident_record

    text_a = "Deputies said the driver weaponized his vehicle before they fired in Riverton."
    text_b = "His sister said he was trying to leave when deputies fired in Riverton."
    a = make_analysis(
        text_a,
        id="acc-a",
        published="2026-03-03",
        incidents=[
            incident(
                text_a, "i1", city="Riverton", state="WY", day="2026-03-02", place_text="Riverton"
            )
        ],
        claims=[
            claim(
                text_a,
                "c1",
                "the driver weaponized his vehicle before they fired in Riverton",
                "Fremont County Sheriff's Office",
                "law_enforcement",
                "i1",
            )
        ],
    )
    b = make_analysis(
        text_b,
        id="acc-b",
        published="2026-03-04",
        incidents=[
            incident(
                text_b, "i1", city="Riverton", state="WY", day="2026-03-02", place_text="Riverton"
            )
        ],
        claims=[
            claim(
                text_b,
                "c1",
                "he was trying to leave when deputies fired in Riverton",
                "Ada Hooper",
                "family",
                "i1",
            )
        ],
    )
    store.save([a, b])
    resolve_new(store)
    ids = {incident_of(store, mention_of(a)), incident_of(store, mention_of(b))}
    if len(ids) == 2:
        manual.merge(store, sorted(ids), actor="t")
    record = incident_record(store, incident_of(store, mention_of(a)))
    assert record is not None
    (conflict,) = [c for c in record["conflicts"] if c["field"] == "accounts"]
    values = {v["value"]: v["claims"] for v in conflict["values"]}
    assert set(values) == {"subject_drove_at_officers", "subject_moving_away"}
    assert values["subject_drove_at_officers"][0]["span"]["text"] == "weaponized his vehicle"
    assert values["subject_moving_away"][0]["source"]["role"] == "family"
    official = incident_record(store, record["id"], view="official")
    independent = incident_record(store, record["id"], view="independent")
    assert official is not None and official["accounts"] == ["subject_drove_at_officers"]
    assert independent is not None and independent["accounts"] == ["subject_moving_away"]
