"""The store: migrations, idempotent saves, rollback, full-text search, skips, round trips.

Every test taking ``store`` runs on SQLite in memory, on a SQLite file and, when
NEWSLEDGER_TEST_PG names a PostgreSQL server, on PostgreSQL (a fresh database per session, a
fresh schema per test). When the variable is set the server must be reachable: the tests fail,
they do not skip.
"""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import URL

from newsledger.article import content_hash
from newsledger.errors import StoreError
from newsledger.store import Store, global_id, open_store
from newsledger.store.schema import (
    TABLES,
    articles,
    claims,
    describes,
    incident_mentions,
    metadata,
    sentences,
)
from newsledger.store.testing import (
    make_analysis,
    pg_test_schema,
    span,
)

# --- fixtures ----------------------------------------------------------------------------------

BACKENDS = [
    "sqlite-memory",
    "sqlite-file",
    pytest.param("postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | URL]:
    if request.param == "sqlite-memory":
        yield "sqlite://"
    elif request.param == "sqlite-file":
        yield str(tmp_path / "ledger.db")
    else:
        with pg_test_schema(request.getfixturevalue("pg_database")) as url:
            yield url


@pytest.fixture
def store(store_url: str | URL) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


# --- a small corpus, written for these tests -----------------------------------------------------

TEXT_A = (
    "Federal agents shot a man during a traffic stop in Riverton on Tuesday, the sheriff's "
    "office said. The man was taken to a hospital."
)
TEXT_B = (
    "The city council of Lakeport voted to review its police budget. Residents spoke for "
    "three hours."
)
TEXT_C = "A parade closed Main Street in Lakeport on Saturday. Nobody was hurt."


def corpus() -> list[dict[str, Any]]:
    return [
        make_analysis(
            TEXT_A,
            id="a",
            title="Agents fire during stop",
            published="2026-01-07",
            outlet="Riverton Ranger",
        ),
        make_analysis(
            TEXT_B,
            id="b",
            title="Council budget vote",
            published="2026-01-08T18:30:00-05:00",
            outlet="Lakeport Ledger",
        ),
        make_analysis(TEXT_C, id="c", title=None, published=None),
    ]


def with_claim_and_incident(text: str = TEXT_A, **kwargs: Any) -> dict[str, Any]:
    claim = {
        "id": "c1",
        "content": [
            span(text, "Federal agents shot a man during a traffic stop in Riverton on Tuesday")
        ],
        "cue": span(text, "said"),
        "source": {
            "span": span(text, "the sheriff's office"),
            "name": "Fremont County Sheriff's Office",
            "kind": "agency",
            "role": "law_enforcement",
        },
        "quote": "indirect",
        "certainty": "attributed",
        "polarity": "affirmed",
        "in_opinion": False,
        "incident": "i1",
    }
    incident = {
        "id": "i1",
        "role": "main",
        "types": ["shooting"],
        "date": {
            "value": "2026-01-06",
            "granularity": "day",
            "earliest": "2026-01-06",
            "latest": "2026-01-06",
            "time": None,
            "timezone": None,
            "evidence": [span(text, "on Tuesday")],
        },
        "location": {
            "name": "Riverton",
            "city": "Riverton",
            "county": "Fremont",
            "state": "WY",
            "country": "US",
            "lat": 43.02,
            "lon": -108.38,
            "gazetteer_id": None,
            "precision": "city",
            "evidence": [span(text, "Riverton")],
        },
        "agencies": [
            {
                "name": "Federal agents",
                "code": None,
                "parent": None,
                "level": "federal",
                "evidence": [span(text, "Federal agents")],
            }
        ],
        "participants": [
            {
                "role": "subject",
                "description": "a man",
                "count": 1,
                "outcome": "injured",
                "evidence": [span(text, "a man")],
            }
        ],
        "killed": 0,
        "injured": 1,
        "weapons": [{"kind": "firearm", "held_by": "officer"}],
        "claims": ["c1"],
    }
    kwargs.setdefault("id", "a")
    kwargs.setdefault("published", "2026-01-07")
    return make_analysis(text, claims=[claim], incidents=[incident], **kwargs)


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    with store.engine.connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
            for t in TABLES
        }


# --- migrations --------------------------------------------------------------------------------


def test_migrations_create_every_table(store: Store) -> None:
    names = set(sa.inspect(store.engine).get_table_names())
    assert {t.name for t in TABLES} | {"alembic_version"} <= names
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0004"
        if store.dialect == "sqlite":
            assert "articles_fts" in names
        else:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("articles")}
            assert "search_vector" in columns


def test_migrated_schema_matches_schema_module(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": describes, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []


def test_sqlite_pragmas(tmp_path: Path) -> None:
    with open_store(tmp_path / "ledger.db") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_reopening_keeps_data_and_does_not_remigrate(store_url: str | URL) -> None:
    if store_url == "sqlite://":
        pytest.skip("an in-memory database does not outlive its store")
    with open_store(store_url) as store:
        store.save(corpus())
        before = snapshot(store)
    with open_store(store_url) as store:
        assert snapshot(store) == before


# --- saving ------------------------------------------------------------------------------------


def test_save_counts_articles_and_rows(store: Store) -> None:
    result = store.save(corpus())
    assert (result.added, result.unchanged) == (3, 0)
    counts = store.counts()
    assert counts["articles"] == 3
    assert counts["sentences"] == 6
    assert counts["revisions"] == 3
    assert [r["action"] for r in store.revisions()] == ["article.added"] * 3


def test_save_is_idempotent(store: Store) -> None:
    batch = [*corpus(), with_claim_and_incident(TEXT_A + " Update.", id="x")]
    store.save(batch)
    before = snapshot(store)
    assert len(before["claims"]) == len(before["incident_mentions"]) == 1
    result = store.save(copy.deepcopy(batch))
    assert (result.added, result.unchanged) == (0, 4)
    assert snapshot(store) == before
    # The search index did not index anything twice.
    assert len(store.search("Lakeport")) == 2


def test_same_text_twice_in_one_batch_is_stored_once(store: Store) -> None:
    first = make_analysis(TEXT_C, id="c")
    result = store.save([first, copy.deepcopy(first)])
    assert (result.added, result.unchanged) == (1, 1)
    assert store.counts()["articles"] == 1


def test_new_text_under_the_same_id_is_a_new_version(store: Store) -> None:
    old = make_analysis(TEXT_C, id="c")
    new = make_analysis(TEXT_C + " The street reopened.", id="c")
    store.save([old])
    store.save([new])
    latest = store.get_article("c")
    assert latest is not None
    assert latest["article"]["content_hash"] == new["article"]["content_hash"]
    assert latest["stored"]["versions"] == [
        old["article"]["content_hash"],
        new["article"]["content_hash"],
    ]
    assert store.revisions()[-1]["subject"]["previous"] == old["article"]["content_hash"]


def test_failing_save_rolls_back_the_whole_batch(store: Store) -> None:
    store.save([make_analysis(TEXT_C, id="c")])
    before = snapshot(store)
    bad = make_analysis(TEXT_B, id="bad")
    # Passes the checks in Python; the database's CHECK constraint refuses it.
    bad["sentences"][1]["end"] = bad["sentences"][1]["start"] - 1
    batch = [make_analysis(TEXT_A, id="a"), bad, with_claim_and_incident(TEXT_A + " More.")]
    with pytest.raises(StoreError) as caught:
        store.save(batch)
    assert caught.value.code == "bad_analysis"
    assert "'bad'" in caught.value.message
    assert snapshot(store) == before
    # The store is still usable, and the good articles save once the bad one is left out.
    assert store.save([batch[0], batch[2]]).added == 2


def test_failing_save_leaves_no_search_entries(store: Store) -> None:
    bad = make_analysis(TEXT_B, id="bad")
    bad["sentences"][0]["start"] = -5
    with pytest.raises(StoreError):
        store.save([make_analysis(TEXT_A, id="a"), bad])
    assert store.search("Riverton") == []


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda a: a["article"].update(content_hash="0" * 64), "content_hash"),
        (lambda a: a.update(schema="newsledger.analysis/99"), "schema"),
        (lambda a: a["sentences"][0].update(start="zero"), "sentences[0].start"),
        (lambda a: a["claims"][0].update(incident="nope"), "incident"),
        (lambda a: a["claims"][0].update(part_of="nope"), "part of claim"),
        (lambda a: a["incidents"][0].update(claims=["nope"]), "claims"),
        (lambda a: a["claims"].append(dict(a["claims"][0])), "not unique"),
        (lambda a: a.pop("article"), "article"),
    ],
)
def test_malformed_analysis_is_refused_before_writing(
    store: Store, break_it: Any, message: str
) -> None:
    bad = with_claim_and_incident()
    break_it(bad)
    with pytest.raises(StoreError) as caught:
        store.save([make_analysis(TEXT_C, id="c"), bad])
    assert caught.value.code == "bad_analysis"
    assert message in caught.value.message
    assert store.counts()["articles"] == 0


def test_save_accepts_analysis_objects_and_keeps_origin(store: Store) -> None:
    from newsledger.analysis import Analysis
    from newsledger.article import Article

    article = Article.create(
        TEXT_C, id="c", origin="feeds/lakeport.jsonl:3", metadata={"section": "local"}
    )
    store.save([Analysis(article=article)])
    stored = store.get_article("c")
    assert stored is not None
    assert stored["stored"]["origin"] == "feeds/lakeport.jsonl:3"
    assert stored["stored"]["metadata"] == {"section": "local"}


def test_known_hashes(store: Store) -> None:
    store.save(corpus()[:2])
    hashes = [content_hash(t) for t in (TEXT_A, TEXT_B, TEXT_C)]
    assert store.known_hashes(hashes) == set(hashes[:2])
    assert store.known_hashes([]) == set()


# --- reading -----------------------------------------------------------------------------------


def test_get_article_by_id_and_by_hash(store: Store) -> None:
    original = corpus()
    store.save(original)
    by_id = store.get_article("b")
    by_hash = store.get_article(content_hash(TEXT_B))
    assert by_id is not None and by_hash is not None
    assert by_id == by_hash
    stored = by_id.pop("stored")
    # The audit record reads back as it was written.
    assert by_id == original[1]
    assert stored["id"] == "b"
    assert store.get_article("missing") is None


def test_iter_articles_streams_in_ingest_order(store: Store) -> None:
    store.save(corpus())
    store.save([with_claim_and_incident(TEXT_A + " Update.", id="x")])
    ids = [a["article"]["id"] for a in store.iter_articles(page_size=2)]
    assert ids == ["a", "b", "c", "x"]


def test_claim_and_incident_mention_round_trip(store: Store) -> None:
    analysis = with_claim_and_incident()
    store.save([analysis])
    digest = analysis["article"]["content_hash"]
    counts = store.counts()
    assert (counts["claims"], counts["incident_mentions"]) == (1, 1)

    [claim] = list(store.iter_claims())
    assert claim["id"] == global_id(digest, "c1")
    assert claim["local_id"] == "c1"
    assert claim["incident"] == global_id(digest, "i1")
    assert claim["article_id"] == "a"
    assert claim["published_at"] == "2026-01-07"
    original = analysis["claims"][0]
    for key in ("content", "cue", "source", "quote", "certainty", "polarity", "in_opinion"):
        assert claim[key] == original[key], key

    c, m = claims, incident_mentions
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(
                c.c.cue_start,
                c.c.cue_text,
                c.c.source_name,
                c.c.source_role,
                c.c.content_text,
                m.c.date_value,
                m.c.location_state,
                m.c.location_lat,
                m.c.killed,
                m.c.injured,
                m.c.claim_ids,
                m.c.published_at,
            ).join(m, m.c.id == c.c.incident_mention_id)
        ).one()
    assert (row.cue_start, row.cue_text) == (TEXT_A.index("said"), "said")
    assert (row.source_name, row.source_role) == (
        "Fremont County Sheriff's Office",
        "law_enforcement",
    )
    assert row.content_text.startswith("Federal agents shot")
    assert (row.date_value, row.location_state) == ("2026-01-06", "WY")
    assert (row.killed, row.injured) == (0, 1)
    assert row.location_lat == pytest.approx(43.02)
    assert row.claim_ids == [global_id(digest, "c1")]
    assert row.published_at == "2026-01-07"


def with_nested_claim() -> dict[str, Any]:
    """The claim of with_claim_and_incident and a clause of it nested in it (``part_of``)."""
    analysis = with_claim_and_incident()
    whole = analysis["claims"][0]
    clause = {
        **copy.deepcopy(whole),
        "id": "c2",
        "content": [span(TEXT_A, "during a traffic stop in Riverton on Tuesday")],
        "certainty": "possible",
        "part_of": "c1",
    }
    analysis["claims"].append(clause)
    return analysis


def test_who_said_what_counts_what_an_inner_cue_bears_on_for_its_source(store: Store) -> None:
    """A nested claim with a cue and source of its own ("the sheriff said investigators
    believe X") is a thing that source said, and counts for it."""
    from newsledger.store import queries as q

    analysis = with_nested_claim()
    inner = analysis["claims"][1]
    inner["cue"] = span(TEXT_A, "Riverton")  # any span other than the whole's cue
    inner["source"] = {
        "span": span(TEXT_A, "Federal agents"),
        "name": "federal agents",
        "kind": "unnamed",
        "role": "law_enforcement",
    }
    store.save([analysis])
    with store.engine.connect() as conn:
        sources, _ = q.list_sources(conn)
    assert sorted((s["name"], s["n_claims"], s["certainty"]) for s in sources) == [
        ("Fremont County Sheriff's Office", 1, {"attributed": 1}),
        ("federal agents", 1, {"possible": 1}),
    ]


def test_a_nested_claim_keeps_the_global_id_of_its_claim(store: Store) -> None:
    analysis = with_nested_claim()
    store.save([analysis])
    digest = analysis["article"]["content_hash"]
    whole, clause = list(store.iter_claims())
    assert (whole["part_of"], clause["part_of"]) == (None, global_id(digest, "c1"))
    with store.engine.connect() as conn:
        parts = conn.execute(sa.select(claims.c.part_of).order_by(claims.c.idx)).scalars().all()
    assert parts == [None, global_id(digest, "c1")]


def test_who_said_what_counts_a_nested_claim_once(store: Store) -> None:
    from newsledger.store import queries as q

    store.save([with_nested_claim()])
    with store.engine.connect() as conn:
        sources, _ = q.list_sources(conn)
        found, _ = q.search_claims(conn, q.ClaimFilters(q="Riverton"))
    [sheriff] = sources
    assert (sheriff["name"], sheriff["n_claims"]) == ("Fremont County Sheriff's Office", 1)
    # the search lists both, the clause marked as part of the other
    assert [c["part_of"] for c in found] == [None, found[0]["id"]]


def test_claims_of_different_articles_do_not_collide(store: Store) -> None:
    # Both analyses call their claim "c1"; the store keeps them apart.
    store.save(
        [with_claim_and_incident(id="a"), with_claim_and_incident(TEXT_A + " Later.", id="a2")]
    )
    assert len({c["id"] for c in store.iter_claims(page_size=1)}) == 2


# --- search ------------------------------------------------------------------------------------


def test_search_finds_by_word_and_not_by_absent_word(store: Store) -> None:
    store.save(corpus())
    hits = store.search("traffic")
    assert [h["id"] for h in hits] == ["a"]
    assert "[traffic]" in hits[0]["snippet"]
    assert store.search("helicopter") == []
    # Every word must match.
    assert store.search("traffic parade") == []
    assert {h["id"] for h in store.search("Lakeport")} == {"b", "c"}


def test_search_covers_titles_and_stems(store: Store) -> None:
    store.save(corpus())
    assert [h["id"] for h in store.search("budget")] == ["b"]
    assert [h["id"] for h in store.search("fired")] == ["a"]  # title: "Agents fire ..."


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "traffic AND OR NOT",
        "stop*",
        "a:b (c",
        "NEAR(x y)",
        "-traffic",
        "'; DROP TABLE articles; --",
    ],
)
def test_search_syntax_in_queries_is_harmless(store: Store, query: str) -> None:
    store.save(corpus())
    store.search(query)  # must not raise
    assert store.counts()["articles"] == 3


def test_search_of_nothing(store: Store) -> None:
    store.save(corpus())
    assert store.search("") == []
    assert store.search("!!!") == []


# --- skips and revisions -----------------------------------------------------------------------


def test_skips_are_recorded_once(store: Store) -> None:
    assert store.record_skip("inbox/a.html", "empty", "the article has no text") is True
    assert store.record_skip("inbox/a.html", "empty", "the article has no text") is False
    assert store.record_skip("inbox/a.html", "bad_date", "not a date") is True
    rows = store.skipped()
    assert [(r["origin"], r["code"], r["count"]) for r in rows] == [
        ("inbox/a.html", "empty", 2),
        ("inbox/a.html", "bad_date", 1),
    ]
    assert rows[0]["last_seen"] >= rows[0]["first_seen"]
    assert [r["action"] for r in store.revisions()] == ["input.skipped"] * 2


def test_revisions_since(store: Store) -> None:
    store.save(corpus())
    first = store.revisions()[0]["seq"]
    later = store.revisions(since_seq=first)
    assert [r["subject"]["article"] for r in later] == ["b", "c"]
    assert store.revisions(since_seq=first, limit=1)[0]["subject"]["article"] == "b"


# --- opening errors ----------------------------------------------------------------------------


def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "not_sqlite"
    assert caught.value.hint
    assert path.read_bytes().startswith(b"these are my notes")


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path / "missing" / "ledger.db")
    assert caught.value.code == "db_unreachable"


@pytest.mark.parametrize(
    "url", ["nosuchdb://host/db", "sqlite+nodriver:///x.db", "postgresql://[::1/db"]
)
def test_a_bad_url(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert caught.value.code == "bad_db_url"
    assert caught.value.hint


def test_an_unreachable_server() -> None:
    # Port 9 (discard) on localhost: nothing listens, the connection is refused at once.
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://nobody:secret@127.0.0.1:9/none?connect_timeout=2")
    assert caught.value.code == "db_unreachable"
    assert "secret" not in caught.value.message
    assert caught.value.hint


def test_a_database_from_a_newer_newsledger(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == "db_migrate"


# --- PostgreSQL only ---------------------------------------------------------------------------


@pytest.mark.postgres
def test_postgres_text_too_long_for_a_tsvector_is_still_stored(pg_database: URL) -> None:
    # 40,000 distinct words overflow PostgreSQL's 1 MB tsvector limit.
    words = [f"w{content_hash(str(i))[:24]}" for i in range(40_000)]
    text = "Riverton police said. " + " ".join(words)
    with pg_test_schema(pg_database) as url, open_store(url) as store:
        assert store.save([make_analysis(text, id="long")]).added == 1
        assert [h["id"] for h in store.search("Riverton")] == ["long"]


# --- properties --------------------------------------------------------------------------------

POOL = [make_analysis(f"Report number {i} from Lakeport.", id=f"r{i % 3}") for i in range(5)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(range(len(POOL))), max_size=4), max_size=5))
def test_any_sequence_of_saves_stores_each_text_once(batches: list[list[int]]) -> None:
    with open_store("sqlite://") as store:
        for batch in batches:
            store.save([POOL[i] for i in batch])
        distinct = {i for batch in batches for i in batch}
        assert store.counts()["articles"] == len(distinct)
        assert store.counts()["revisions"] == len(distinct)
        assert store.known_hashes(POOL[i]["article"]["content_hash"] for i in range(5)) == {
            POOL[i]["article"]["content_hash"] for i in distinct
        }


def test_genre_and_sentence_kinds_get_their_columns(store: Store) -> None:
    data = make_analysis(TEXT_B, id="b", title="Opinion: Lakeport's budget")
    data["genre"] = {"label": "opinion", "opinion_share": 0.5, "cues": ["title"]}
    data["sentences"][1] = {**data["sentences"][1], "label": "boilerplate", "kind": "bio"}
    store.save([data, make_analysis(TEXT_C, id="c")])
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(articles.c.id, articles.c.genre, articles.c.opinion_share).order_by(
                articles.c.id
            )
        ).all()
        kinds = conn.execute(
            sa.select(sentences.c.kind).order_by(sentences.c.article_hash, sentences.c.idx)
        ).scalars()
        assert "bio" in list(kinds)
    # An analysis without a genre (another producer, or a labeller error) leaves them null.
    assert {r.id: (r.genre, r.opinion_share) for r in rows} == {
        "b": ("opinion", 0.5),
        "c": (None, None),
    }
