"""The JSON API, the pages and their errors, through FastAPI's test client over the sample corpus.

One SQLite database per session: the bundled fictional sample corpus, ingested and resolved,
plus one article of our own whose text and title carry markup (``<script>``, an ``onerror``
attribute) that must come out as text. Tests that write use a copy of that file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsledger.api import create_app
from newsledger.api.charts import albers_usa, map_geometry, month_bars, states_outline, two_clocks
from newsledger.api.markup import article_pieces, format_value
from newsledger.article import Article
from newsledger.errors import UsageError
from newsledger.ingest import ingest
from newsledger.nlp.pipeline import Analyzer
from newsledger.resolve import resolve_new
from newsledger.store import Store, open_store
from newsledger.store import queries as q

TOKEN = "s3cret-test-token"
MARKUP_ID = "markup-test"
MARKUP_TEXT = (
    "Deputies shot a man in Tacoma, Wash., on Tuesday, a sheriff's spokesperson said.\n\n"
    'The man allegedly drove at deputies <script>document.title = "pwned"</script>, '
    'according to the sheriff\'s office. <img src="x" onerror="document.title=\'pwned\'">\n'
)
MARKUP_TITLE = "Deputies shoot man <script>alert(1)</script> in Tacoma"
PORTLAND_BP = "portland-bp-shooting-cascade-ledger"


def build_sample_db(path: Path, analyzer: Analyzer, corpus: Path) -> None:
    """The sample corpus and the markup article, ingested and resolved into ``path``."""
    with open_store(path) as store:
        ingest([str(corpus)], store, model=analyzer.model_name)
        article = Article.create(
            MARKUP_TEXT,
            id=MARKUP_ID,
            title=MARKUP_TITLE,
            outlet="Test <b>Outlet</b>",
            published="2026-01-21T10:00:00-08:00",
        )
        store.save([analyzer.analyze(article)])
        resolve_new(store)


@pytest.fixture(scope="session")
def sample_db(
    tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer, sample_corpus: Path
) -> Path:
    path = tmp_path_factory.mktemp("api") / "sample.db"
    build_sample_db(path, analyzer, sample_corpus)
    return path


@pytest.fixture(scope="session")
def client(sample_db: Path) -> Iterator[TestClient]:
    with open_store(sample_db) as store, TestClient(create_app(store)) as c:
        yield c


@pytest.fixture()
def writable(
    sample_db: Path, tmp_path: Path, analyzer: Analyzer
) -> Iterator[tuple[TestClient, Store]]:
    """A client with the write routes on, over a copy of the sample database."""
    copy = tmp_path / "copy.db"
    shutil.copy(sample_db, copy)
    with (
        open_store(copy) as store,
        TestClient(create_app(store, token=TOKEN, analyzer=lambda: analyzer)) as c,
    ):
        yield c, store


def get_json(client: TestClient, url: str, status: int = 200) -> Any:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def incident_id_of(client: TestClient, article_id: str) -> str:
    links = get_json(client, f"/api/articles/{article_id}")["incident_links"]
    main = next(v for v in links.values() if v["incident_id"])
    return str(main["incident_id"])


def all_pages(client: TestClient, url: str, key: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    page = get_json(client, url)
    rows += page[key]
    while page["next"]:
        page = get_json(client, page["links"]["next"])
        rows += page[key]
    return rows


# --- index, OpenAPI -----------------------------------------------------------------------------


def test_index_counts_and_routes(client: TestClient) -> None:
    body = get_json(client, "/api")
    assert body["counts"]["articles"] == 14
    assert body["counts"]["incidents"] >= 5
    assert body["writable"] is False
    assert "most_specific" in body["views"] and body["default_view"] == "most_specific"


def test_openapi_lists_the_routes_and_the_error_shape(client: TestClient) -> None:
    spec = get_json(client, "/openapi.json")
    for path in (
        "/api/incidents",
        "/api/incidents/{incident_id}",
        "/api/incidents.csv",
        "/api/articles/{article_id}",
        "/api/claims",
        "/api/sources",
        "/api/search",
        "/api/changes",
        "/api/map",
    ):
        assert path in spec["paths"], path
    # Read-only: no write route is documented (or exists).
    assert not any("post" in ops for ops in spec["paths"].values())
    assert "ErrorEnvelope" in spec["components"]["schemas"]
    params = {p["name"] for p in spec["paths"]["/api/incidents"]["get"]["parameters"]}
    assert {"state", "agency", "type", "outcome", "certainty", "genre", "cursor"} <= params
    # No page of this server loads scripts from elsewhere: the CDN-based docs pages are off.
    assert client.get("/docs").status_code == 404


# --- incident lists -----------------------------------------------------------------------------


def test_incident_list_two_filters_and_facets(client: TestClient) -> None:
    portland = incident_id_of(client, PORTLAND_BP)
    body = get_json(client, "/api/incidents?state=OR&agency=USBP&extra=facets,count")
    ids = [r["id"] for r in body["incidents"]]
    assert portland in ids
    assert body["count"] == len(ids)
    assert all(r["state"] == "OR" and "USBP" in r["agencies"] for r in body["incidents"])
    state_facet = {f["value"]: f for f in body["facets"]["state"]}
    assert state_facet["OR"]["selected"] is True and state_facet["OR"]["count"] == len(ids)
    # Values of one facet are alternatives; facets narrow each other.
    either = get_json(client, "/api/incidents?state=OR&state=OH")["incidents"]
    assert {r["state"] for r in either} == {"OR", "OH"}
    none = get_json(client, "/api/incidents?state=OR&state=OH&city=Columbus, OH")["incidents"]
    assert {r["state"] for r in none} == {"OH"}


def test_incident_list_rows_are_the_cached_view(client: TestClient) -> None:
    portland = incident_id_of(client, PORTLAND_BP)
    rows = get_json(client, "/api/incidents?limit=100")["incidents"]
    row = next(r for r in rows if r["id"] == portland)
    assert row["date"] == "2026-01-08" and row["city"] == "Portland"
    assert row["n_articles"] >= 4 and row["n_conflicts"] >= 1
    assert "shooting" in row["types"]
    assert row["title"]
    # Newest incident first by default; undated ones last.
    dates = [r["date"] for r in rows if r["date"]]
    assert dates == sorted(dates, reverse=True)


def test_incident_list_pages_by_cursor(client: TestClient) -> None:
    everything = get_json(client, "/api/incidents?limit=500")["incidents"]
    paged = all_pages(client, "/api/incidents?limit=2", "incidents")
    assert [r["id"] for r in paged] == [r["id"] for r in everything]
    oldest_first = all_pages(client, "/api/incidents?limit=3&sort=date", "incidents")
    dated = [r["date"] for r in oldest_first if r["date"]]
    assert dated == sorted(dated)
    assert {r["id"] for r in oldest_first} == {r["id"] for r in everything}
    # A cursor belongs to its sort: another sort's cursor is refused.
    first = get_json(client, "/api/incidents?limit=2")
    err = get_json(client, f"/api/incidents?sort=date&cursor={first['next']}", 400)
    assert err["error"]["code"] == "bad_cursor"


def test_incident_list_dates_and_words(client: TestClient) -> None:
    rows = get_json(client, "/api/incidents?date_from=2026-01-15&date_to=2026-01")["incidents"]
    assert rows and all("2026-01-15" <= r["date"] <= "2026-01-31" for r in rows)
    found = get_json(client, "/api/incidents?q=Centennial")["incidents"]
    assert found and all(r["state"] == "CO" for r in found)
    assert get_json(client, "/api/incidents?q=zzzzunknownword")["incidents"] == []


def test_incident_list_by_month(client: TestClient) -> None:
    months = get_json(client, "/api/incidents?extra=by_month")["by_month"]
    jan = next(m for m in months if m["month"] == "2026-01")
    assert jan["count"] >= 5


# --- one incident -------------------------------------------------------------------------------


def test_incident_is_slim_by_default(client: TestClient) -> None:
    portland = incident_id_of(client, PORTLAND_BP)
    body = get_json(client, f"/api/incidents/{portland}")
    incident = body["incident"]
    assert incident["id"] == portland and incident["view"] == "view.most_specific.v1"
    assert incident["location"]["city"] == "Portland"
    assert PORTLAND_BP in incident["articles"]
    assert "fields" not in body and "claims" not in body and "history" not in body


def test_incident_extras_claims_history_articles(client: TestClient) -> None:
    portland = incident_id_of(client, PORTLAND_BP)
    body = get_json(client, f"/api/incidents/{portland}?extra=claims,history&extra=articles")
    conflicts = {c["field"]: c for c in body["incident"]["conflicts"]}
    assert conflicts, "the Portland reports disagree"
    for conflict in conflicts.values():
        assert len(conflict["values"]) >= 2
    sourced = [
        ref for c in conflicts.values() for v in c["values"] for ref in v["claims"] if ref["source"]
    ]
    assert sourced and all(ref["source"]["name"] for ref in sourced)
    assert body["fields"]["location"][0]["value"]["city"] == "Portland"
    assert {c["incident_id"] for c in body["claims"]} == {portland}
    assert {a["id"] for a in body["articles"]} >= {PORTLAND_BP}
    assert any(r["action"].startswith("incident.") for r in body["history"])
    published = [a["published_at"] for a in body["articles"]]
    assert published[0] <= published[-1]


def test_incident_timeline_two_clocks(client: TestClient) -> None:
    portland = incident_id_of(client, PORTLAND_BP)
    timeline = get_json(client, f"/api/incidents/{portland}/timeline")["timeline"]
    assert timeline[0]["article_id"] == PORTLAND_BP
    assert timeline[0]["new"]["date"]["value"] == "2026-01-08"
    assert any(t["changed"] for t in timeline[1:])


def test_incident_views(client: TestClient) -> None:
    portland = incident_id_of(client, PORTLAND_BP)
    for view in get_json(client, "/api/views")["views"]:
        body = get_json(client, f"/api/incidents/{portland}?view={view}")
        assert body["incident"]["view"] == f"view.{view}.v1"
    err = get_json(client, f"/api/incidents/{portland}?view=loudest", 400)
    assert err["error"]["code"] == "bad_view"


# --- articles, claims, sources, search, changes -------------------------------------------------


def test_article_with_sentences_labels_and_claims(client: TestClient) -> None:
    body = get_json(client, "/api/articles/portland-bp-shooting-nwpr")
    record = body["article"]
    assert record["article"]["outlet"] == "Northwest Public Radio"
    assert {s["label"] for s in record["sentences"]} <= {"reporting", "opinion", "boilerplate"}
    alleged = [c for c in record["claims"] if c["certainty"] == "alleged"]
    assert alleged and "allegedly" in record["article"]["text"]
    assert any(v["incident_id"] for v in body["incident_links"].values())
    # By content hash too.
    again = get_json(client, f"/api/articles/{record['stored']['content_hash']}")
    assert again["article"]["article"]["id"] == "portland-bp-shooting-nwpr"


def test_nested_claims_are_shown_as_clauses_and_counted_once(client: TestClient) -> None:
    """A clause nested in a source's words (``part_of``) is a row of the article's claims that
    names its claim, and who-said-what counts only the claims of their own."""
    claims = all_pages(client, "/api/claims?limit=200", "claims")
    nested = [c for c in claims if c["part_of"]]
    assert nested, "the sample corpus has clauses that their source's words hedge or negate"
    by_id = {c["id"]: c for c in claims}
    for c in nested:
        whole = by_id[c["part_of"]]
        assert (whole["part_of"], whole["article_id"]) == (None, c["article_id"])
        # the whole's source, or (what an inner cue bears on) a cue inside the whole's words
        assert whole["source"] == c["source"] or (
            c["cue"] != whole["cue"]
            and any(p["start"] <= c["cue"]["start"] < p["end"] for p in whole["content"])
        ), c
    c = nested[0]
    html = client.get(f"/articles/{c['article_id']}").text
    local = c["part_of"].rsplit(":", 1)[-1]
    assert 'a clause of claim <a href="#claim-' in html and f">{local}</a>" in html
    own = [
        x
        for x in claims
        if x["source"] and (not x["part_of"] or x["cue"] != by_id[x["part_of"]]["cue"])
    ]
    sources = all_pages(client, "/api/sources?limit=50", "sources")
    assert sum(s["n_claims"] for s in sources) == len(
        [x for x in own if x["source"].get("name") is not None]
    )


def test_article_list_pages_and_filters(client: TestClient) -> None:
    rows = all_pages(client, "/api/articles?limit=5", "articles")
    assert len(rows) == 14 and len({r["id"] for r in rows}) == 14
    opinion = get_json(client, "/api/articles?genre=opinion")["articles"]
    assert opinion and all(r["genre"] == "opinion" for r in opinion)


def test_claims_filters(client: TestClient) -> None:
    alleged = all_pages(client, "/api/claims?certainty=alleged&limit=3", "claims")
    assert alleged and all(c["certainty"] == "alleged" for c in alleged)
    words = get_json(client, "/api/claims?q=weaponized vehicle")["claims"]
    assert words and all(
        "weaponized" in c["text"].lower() and "vehicle" in c["text"].lower() for c in words
    )
    portland = incident_id_of(client, PORTLAND_BP)
    of_incident = get_json(client, f"/api/claims?incident={portland}&limit=500")["claims"]
    assert of_incident and {c["incident_id"] for c in of_incident} == {portland}
    # LIKE wildcards in the words are plain characters.
    assert get_json(client, "/api/claims?q=%25")["claims"] == []


def test_sources_who_said_what(client: TestClient) -> None:
    sources = all_pages(client, "/api/sources?limit=10", "sources")
    counts = [s["n_claims"] for s in sources]
    assert counts == sorted(counts, reverse=True)
    dhs = [s for s in sources if s["name"] == "Department of Homeland Security"]
    assert dhs and dhs[0]["n_incidents"] >= 1
    assert sum(dhs[0]["certainty"].values()) == dhs[0]["n_claims"]
    family = get_json(client, "/api/sources?role=family")["sources"]
    assert family and all(s["role"] == "family" for s in family)


def test_search_articles_claims_incidents(client: TestClient) -> None:
    body = get_json(client, "/api/search?q=Border Patrol")
    assert any(a["id"] == PORTLAND_BP for a in body["articles"])
    assert body["incidents"] and body["claims"]
    assert get_json(client, "/api/search?q=", 400)["error"]["code"] == "bad_query"


def test_change_feed(client: TestClient) -> None:
    first = get_json(client, "/api/changes?limit=5")
    seqs = [r["seq"] for r in first["revisions"]]
    assert seqs == sorted(seqs) and len(seqs) == 5
    rest = get_json(client, f"/api/changes?since={first['next']}&limit=500")
    assert rest["revisions"][0]["seq"] > seqs[-1]
    assert rest["next"] is None
    tail = get_json(client, f"/api/changes?since={rest['last_seq']}")
    assert tail["revisions"] == [] and tail["last_seq"] == rest["last_seq"]
    added = get_json(client, "/api/changes?action=article.added&limit=500")["revisions"]
    assert len(added) == 14


def test_map_json(client: TestClient) -> None:
    body = get_json(client, "/api/map")
    assert body["by_state"]["OR"] >= 1
    assert any(p["city"] == "Portland" and p["lat"] for p in body["points"])
    only_oh = get_json(client, "/api/map?state=OH")
    assert set(only_oh["by_state"]) == {"OH"}


# --- CSV ----------------------------------------------------------------------------------------


def read_csv(client: TestClient, url: str) -> list[dict[str, str]]:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(r.text)))


def test_csv_downloads_hold_every_row(client: TestClient) -> None:
    count = get_json(client, "/api/incidents?state=OR&extra=count")["count"]
    rows = read_csv(client, "/api/incidents.csv?state=OR")
    assert len(rows) == count and all(r["state"] == "OR" for r in rows)
    assert set(rows[0]) == set(q.INCIDENT_LIST_COLUMNS)
    claims = read_csv(client, "/api/claims.csv?certainty=alleged")
    assert claims and all(r["certainty"] == "alleged" for r in claims)
    assert len(read_csv(client, "/api/articles.csv")) == 14
    assert read_csv(client, "/api/sources.csv")[0]["n_claims"]
    changes = read_csv(client, "/api/changes.csv")
    assert len(changes) == get_json(client, "/api")["counts"]["revisions"]
    # Parameters are checked before the download starts.
    assert get_json(client, "/api/incidents.csv?sort=loudest", 400)["error"]["code"] == "bad_sort"


def test_csv_cells_cannot_start_a_formula(client: TestClient) -> None:
    from newsledger.api.routes import _csv_cell

    assert _csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _csv_cell(["a", "b"]) == "a; b"
    assert _csv_cell(-3) == -3 and _csv_cell(None) == ""


# --- pages and their JSON twins -----------------------------------------------------------------


PAGES = [
    "/",
    "/incidents",
    "/incidents?state=OR&type=shooting",
    "/articles",
    "/articles/portland-bp-shooting-nwpr",
    "/claims?certainty=alleged",
    "/sources",
    "/search?q=Portland",
    "/changes",
    "/map",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_its_json_twin(client: TestClient, path: str) -> None:
    check_twin(client, path)


def test_incident_pages_have_their_json_twins(client: TestClient) -> None:
    portland = incident_id_of(client, PORTLAND_BP)
    for path in (
        f"/incidents/{portland}",
        f"/incidents/{portland}?view=official",
        f"/incidents/{portland}/history",
    ):
        check_twin(client, path)


def check_twin(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', r.text)
    assert twin, "every page names its JSON"
    href = twin.group(1).replace("&amp;", "&")
    assert href.startswith("/api")
    get_json(client, href)


def test_incident_page_shows_conflicts_facts_timeline_outlets(client: TestClient) -> None:
    portland = incident_id_of(client, PORTLAND_BP)
    html = client.get(f"/incidents/{portland}").text
    assert 'id="conflicts"' in html and 'class="conflict-value"' in html
    assert "Department of Homeland Security" in html
    assert 'class="cert cert-attributed">attributed' in html
    for section in ('id="facts"', 'id="timeline"', 'id="outlets"', 'id="history"'):
        assert section in html
    history = client.get(f"/incidents/{portland}/history").text
    assert "incident.created" in history or "incident.merged" in history
    assert get_json(client, f"/api/incidents/{portland}/history")["history"]
    assert "Northwest Public Radio" in html and "Cascade Ledger" in html
    assert '<svg class="clocks"' in html
    assert "suspect" not in html.lower()
    latest = client.get(f"/incidents/{portland}?view=latest").text
    assert "view.latest.v1" in latest


def test_article_page_highlights_claims_by_certainty(client: TestClient) -> None:
    html = client.get("/articles/portland-bp-shooting-nwpr").text
    assert re.search(r'<mark class="[^"]*claim cert-alleged[^"]*"', html)
    assert '<sup class="cert-tag cert-alleged" data-claim="' in html
    assert 'class="p s-reporting source"' in html or " source" in html
    html = client.get("/articles/columbus-police-shooting-buckeye-metro-news").text
    assert "s-boilerplate" in html
    html = client.get("/articles/portland-bp-shooting-opinion-bridgetown-standard").text
    assert "s-opinion" in html


def test_article_markup_is_shown_as_text(client: TestClient) -> None:
    r = client.get(f"/articles/{MARKUP_ID}")
    assert r.status_code == 200
    html = r.text
    assert "<script>document.title" not in html and "<script>alert" not in html
    assert "&lt;script&gt;document.title" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'onerror="document' not in html and "<img" not in html
    assert "Test &lt;b&gt;Outlet&lt;/b&gt;" in html
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    # The list pages escape titles too.
    assert "<script>alert" not in client.get("/search?q=Tacoma").text


def test_map_page_draws_every_state_and_the_incidents(client: TestClient) -> None:
    html = client.get("/map").text
    states = re.findall(r'<path class="state shade-(\d)" data-state="([A-Z]{2})"', html)
    assert len(states) == 51
    assert dict((code, int(shade)) for shade, code in states)["OR"] > 0
    assert re.search(r'<circle class="dot[^"]*" data-id="[0-9a-f]+" cx="[\d.]+" cy="[\d.]+"', html)


# --- errors: one shape everywhere ---------------------------------------------------------------


ERROR_ROUTES = [
    ("/api/nothing-here", 404, "not_found"),
    ("/api/incidents/0000000000000000", 404, "not_found"),
    ("/api/articles/no-such-article", 404, "not_found"),
    ("/api/incidents?limit=0", 400, "invalid_parameter"),
    ("/api/incidents?limit=many", 400, "invalid_parameter"),
    ("/api/incidents?cursor=not-a-cursor", 400, "bad_cursor"),
    ("/api/incidents?sort=loudest", 400, "bad_sort"),
    ("/api/incidents?date_from=yesterday", 400, "bad_filter"),
    ("/api/incidents?status=deleted", 400, "bad_filter"),
    ("/api/incidents?extra=everything", 400, "bad_extra"),
    ("/api/incidents/x?extra=gossip", 400, "bad_extra"),
    ("/api/claims?cursor=eyJzIjoiY2xhaW1zIn0", 400, "bad_cursor"),
    ("/api/sources?cursor=eyJzIjoiaW5jaWRlbnRzLWRhdGUiLCJrIjpbbnVsbCwiYSJdfQ", 400, "bad_cursor"),
    ("/api/changes?since=-1", 400, "invalid_parameter"),
    ("/api/search?q=%20", 400, "bad_query"),
]


@pytest.mark.parametrize(("url", "status", "code"), ERROR_ROUTES)
def test_errors_share_one_envelope(client: TestClient, url: str, status: int, code: str) -> None:
    body = get_json(client, url, status)
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert set(body["error"]) <= {"code", "message", "hint"}


def test_write_routes_do_not_exist_without_a_token(client: TestClient) -> None:
    for url in (
        "/api/articles",
        "/api/incidents/merge",
        "/api/incidents/x/split",
        "/api/revisions/1/undo",
    ):
        r = client.post(url, json={})
        assert r.status_code in (404, 405), url
        assert r.json()["error"]["code"] in ("not_found", "method_not_allowed")


def test_unexpected_failure_is_the_same_envelope(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsledger.api import service

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(service, "home", broken)
    logging.getLogger("newsledger.api").disabled = True
    try:
        with (
            open_store(sample_db) as store,
            TestClient(create_app(store), raise_server_exceptions=False) as c,
        ):
            body = get_json(c, "/api", 500)
            page = c.get("/")
    finally:
        logging.getLogger("newsledger.api").disabled = False
    assert body == {
        "error": {
            "code": "internal",
            "message": "the server failed on this request",
            "hint": "This is a bug in newsledger; the server log has the details.",
        }
    }
    assert page.status_code == 500 and "the server failed on this request" in page.text
    assert "boom" not in page.text


def test_pages_show_errors_as_html(client: TestClient) -> None:
    r = client.get("/incidents/0000000000000000")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert 'data-code="not_found"' in r.text and "no incident" in r.text
    r = client.get("/incidents?limit=0")
    assert r.status_code == 400 and 'data-code="invalid_parameter"' in r.text


# --- writes (with a token) ----------------------------------------------------------------------


def test_write_routes_need_the_token(writable: tuple[TestClient, Store]) -> None:
    c, _ = writable
    assert get_json(c, "/api")["writable"] is True
    r = c.post("/api/incidents/merge", json={"incidents": ["a", "b"]})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert r.json()["error"]["code"] == "unauthorized"
    r = c.post(
        "/api/incidents/merge",
        json={"incidents": ["a", "b"]},
        headers={"Authorization": "Bearer wrong"},
    )
    assert r.status_code == 401 and r.json()["error"]["message"] == "the token is not right"
    r = c.post("/api/incidents/merge", json={"incidents": ["a"]}, headers=auth())
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_parameter"


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def test_merge_then_undo(writable: tuple[TestClient, Store]) -> None:
    c, _ = writable
    a = incident_id_of(c, "columbus-police-shooting-central-ohio-dispatch")
    b = incident_id_of(c, "charlotte-ice-operation-piedmont-observer")
    r = c.post(
        "/api/incidents/merge", json={"incidents": [a, b], "note": "test merge"}, headers=auth()
    )
    assert r.status_code == 200, r.text
    seq = r.json()["revision"]
    ids = {r["id"] for r in get_json(c, "/api/incidents?limit=500")["incidents"]}
    assert not {a, b} <= ids, "one of the two is merged away"
    change = get_json(c, f"/api/changes?since={seq - 1}&limit=1")["revisions"][0]
    assert change["action"] == "merge" and change["reason"]["note"] == "test merge"
    r = c.post(f"/api/revisions/{seq}/undo", json={}, headers=auth())
    assert r.status_code == 200, r.text
    ids = {r["id"] for r in get_json(c, "/api/incidents?limit=500")["incidents"]}
    assert {a, b} <= ids
    again = c.post(f"/api/revisions/{seq}/undo", json={}, headers=auth())
    assert again.status_code == 400 and again.json()["error"]["code"] == "usage"
    missing = c.post("/api/revisions/99999/undo", json={}, headers=auth())
    assert missing.status_code == 404


def test_split_takes_a_mention_out(writable: tuple[TestClient, Store]) -> None:
    c, _ = writable
    portland = incident_id_of(c, PORTLAND_BP)
    mentions = get_json(c, f"/api/incidents/{portland}")["incident"]["mentions"]
    assert len(mentions) >= 2
    r = c.post(
        f"/api/incidents/{portland}/split", json={"mentions": [mentions[-1]]}, headers=auth()
    )
    assert r.status_code == 200, r.text
    # the moved mention and those staying are now in two incidents (which of the two keeps
    # the old id follows the smallest mention id: a content hash)
    holder = {}
    for row in get_json(c, "/api/incidents?limit=500")["incidents"]:
        for m in get_json(c, f"/api/incidents/{row['id']}")["incident"]["mentions"]:
            holder[m] = row["id"]
    assert holder[mentions[-1]] != holder[mentions[0]]
    assert len({holder[m] for m in mentions[:-1]}) == 1
    bad = c.post(f"/api/incidents/{portland}/split", json={"mentions": ["nope"]}, headers=auth())
    assert bad.status_code == 400 and bad.json()["error"]["message"].startswith("not mentions")


def test_post_an_article(writable: tuple[TestClient, Store]) -> None:
    c, store = writable
    body = {
        "text": "Police in Boise, Idaho, shot a man on Friday night, a police spokesperson said. "
        "The man was taken to a hospital.",
        "id": "boise-post",
        "title": "Boise police shoot man",
        "outlet": "Test Wire",
        "published": "2026-01-24",
    }
    r = c.post("/api/articles", json=body, headers=auth())
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["stored"] is True and out["article"]["id"] == "boise-post"
    assert any(v["incident_id"] for v in out["incidents"].values())
    assert store.get_article("boise-post") is not None
    again = c.post("/api/articles", json=body, headers=auth())
    assert again.status_code == 200 and again.json()["stored"] is False
    empty = c.post("/api/articles", json={"text": ""}, headers=auth())
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "invalid_parameter"


# --- PostgreSQL ---------------------------------------------------------------------------------


@pytest.mark.postgres
def test_same_answers_on_postgresql(sample_db: Path, client: TestClient, request: Any) -> None:
    from newsledger.store.testing import pg_test_schema

    pg_url = request.getfixturevalue("pg_database")
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(pg_test_schema(pg_url))
        pg = stack.enter_context(open_store(url))
        with open_store(sample_db) as lite:
            analyses = []
            for record in lite.iter_articles():
                record.pop("stored")
                analyses.append(record)
        pg.save(analyses)
        resolve_new(pg)
        pc = stack.enter_context(TestClient(create_app(pg)))
        for url_ in (
            "/api/incidents?state=OR&type=shooting&extra=facets,count",
            "/api/incidents?q=Centennial",
            "/api/claims?q=weaponized&certainty=attributed",
            "/api/sources?limit=5",
            "/api/map",
        ):
            mine, theirs = get_json(client, url_), get_json(pc, url_)
            mine.pop("links", None)
            theirs.pop("links", None)
            assert _ids(mine) == _ids(theirs), url_


def _ids(body: dict[str, Any]) -> Any:
    for key in ("incidents", "claims", "sources", "points"):
        if key in body:
            return sorted(str(r.get("id") or r.get("name")) for r in body[key])
    return None


# --- pieces: markup, charts, queries ------------------------------------------------------------


def test_article_pieces_nest_and_cover_the_text() -> None:
    text = "The chief said agents allegedly fired. Shameful, really."
    sentences = [
        {"start": 0, "end": 38, "label": "reporting"},
        {"start": 39, "end": 56, "label": "opinion"},
    ]
    claims = [
        {
            "id": "c1",
            "content": [{"start": 15, "end": 37}],
            "cue": {"start": 10, "end": 14},
            "source": {"span": {"start": 0, "end": 9}},
            "certainty": "attributed",
        },
        {"id": "c2", "content": [{"start": 15, "end": 37}], "certainty": "alleged"},
        {"id": "c3", "content": [{"start": 22, "end": 37}], "certainty": "alleged"},
        {"id": "bad", "content": [{"start": 50, "end": 99}], "certainty": "fact"},
    ]
    pieces = article_pieces(text, sentences, claims)
    assert "".join(p["text"] for p in pieces) == text
    by_text = {p["text"]: p for p in pieces}
    assert by_text["The chief"]["source"] and by_text["said"]["cue"]
    inner = by_text["allegedly fired"]
    assert inner["claims"][0] == "c3" and inner["certainty"] == "alleged"
    assert set(inner["claims"]) == {"c1", "c2", "c3"}
    assert {t["id"] for t in inner["tags"]} == {"c1", "c2", "c3"}
    assert by_text["Shameful, really."]["label"] == "opinion"
    assert not by_text["Shameful, really."]["claims"], "a span past the text is left out"


def test_format_value_words() -> None:
    assert format_value(
        "date", {"value": None, "earliest": "2026-01-05", "latest": "2026-01-09"}
    ) == ("between 2026-01-05 and 2026-01-09")
    assert format_value("agencies", {"name": "U.S. Border Patrol", "code": "USBP"}) == (
        "USBP: U.S. Border Patrol"
    )
    assert format_value(
        "participants",
        {"role": "subject", "outcome": "injured", "count": 1, "description": "a man"},
    ) == ("subject, injured: a man")
    assert format_value("killed", None) == "not stated"


def _bbox(d: str) -> tuple[float, float, float, float]:
    nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    xs, ys = nums[0::2], nums[1::2]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize(
    ("state", "lon", "lat"),
    [
        ("OR", -122.6765, 45.5231),  # Portland
        ("ME", -70.2553, 43.6591),  # Portland, Maine
        ("TX", -99.5075, 27.5306),  # Laredo
        ("AK", -149.9003, 61.2181),  # Anchorage (inset)
        ("HI", -157.8583, 21.3069),  # Honolulu (inset)
    ],
)
def test_albers_usa_puts_places_in_their_state(state: str, lon: float, lat: float) -> None:
    outline = {s["code"]: s for s in states_outline()["states"]}
    point = albers_usa(lon, lat)
    assert point is not None
    x0, y0, x1, y1 = _bbox(outline[state]["d"])
    assert x0 <= point[0] <= x1 and y0 <= point[1] <= y1
    assert albers_usa(2.35, 48.85) is None  # Paris is not on this map


def test_map_and_chart_geometry() -> None:
    geo = map_geometry({"OR": 10, "OH": 1}, [{"id": "x", "lat": 45.5, "lon": -122.6, "killed": 1}])
    shades = {s["code"]: s["shade"] for s in geo["states"]}
    assert shades["OR"] == 4 and 0 < shades["OH"] < 4 and shades["TX"] == 0
    assert geo["dots"][0]["fatal"] is True
    assert geo["legend"][0]["shade"] == 0
    bars = month_bars(
        [
            {"month": "2025-11", "count": 2, "killed": 0, "injured": 1},
            {"month": "2026-01", "count": 4, "killed": 1, "injured": 0},
        ]
    )
    assert [b["month"] for b in bars["bars"]] == ["2025-11", "2025-12", "2026-01"]
    assert bars["bars"][1]["h"] == 0 and bars["bars"][2]["h"] > bars["bars"][0]["h"]
    clocks = two_clocks(
        {"value": "2026-01-08", "earliest": "2026-01-08", "latest": "2026-01-08"},
        [{"published_at": "2026-01-08T19:42:00-08:00", "outlet": "A"}, {"published_at": None}],
    )
    assert clocks is not None and clocks["band"]["x"] < clocks["ticks"][0]["x"]
    assert len(clocks["undated"]) == 1
    assert two_clocks(None, []) is None


def test_cursor_round_trip_and_refusals() -> None:
    cursor = q.encode_cursor("incidents-date", ["2026-01-08", "abc"])
    assert q.decode_cursor(cursor, "incidents-date", 2) == ["2026-01-08", "abc"]
    assert q.decode_cursor(None, "incidents-date", 2) is None
    for bad in ("!!!", cursor[:-3], q.encode_cursor("claims", [1, 2])):
        with pytest.raises(UsageError):
            q.decode_cursor(bad, "incidents-date", 2)
    with pytest.raises(UsageError):
        q.IncidentFilters(facets={"colour": ("red",)})
    assert q.IncidentFilters(facets={"state": ("OR",)}).toggled("state", "OR").facets == {}


@pytest.mark.parametrize(
    "params",
    [
        {"state": ("OR", "OH")},
        {"state": ("OR",), "type": ("shooting",)},
        {"agency": ("ICE",), "outcome": ("injured",)},
    ],
)
def test_every_query_plan_gives_the_same_pages(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch, params: dict[str, tuple[str, ...]]
) -> None:
    """The SQLite plans (walk the date index, or start from one facet) are only speed."""
    filters = q.IncidentFilters(facets=params)
    smallest = sorted(params)[0]
    results = []
    with open_store(sample_db) as store, store.engine.connect() as conn:
        for plan in ((True, None), (False, smallest), (False, None)):
            monkeypatch.setattr(q, "_plan", lambda *a, plan=plan: plan)
            for sort in ("-date", "reported"):
                pages, cursor = [], None
                while True:
                    rows, cursor = q.list_incidents(
                        conn, filters, sort=sort, cursor=cursor, limit=1
                    )
                    pages += [r["id"] for r in rows]
                    if cursor is None:
                        break
                results.append((plan, sort, pages))
    for sort in ("-date", "reported"):
        found = [pages for _, s, pages in results if s == sort]
        assert found[0] and all(pages == found[0] for pages in found)


def test_every_page_renders_on_an_empty_ledger(tmp_path: Path) -> None:
    with open_store(tmp_path / "empty.db") as store, TestClient(create_app(store)) as c:
        pages = ("/", "/incidents", "/map", "/sources", "/changes", "/articles")
        for url in (*pages, *(f"/api{u}" for u in pages if u != "/")):
            assert c.get(url).status_code == 200, url
        assert c.get("/api/map").json()["by_state"] == {}
    assert map_geometry({}, [])["legend"] == [{"shade": 0, "label": "none"}]
