"""The pages in a real browser: Debian's chromium driven by playwright, against the server
running on 127.0.0.1 over the sample corpus.

Skipped, with the reason, when no chromium binary is found (``NEWSLEDGER_CHROMIUM``, default
``/usr/bin/chromium``; ``.ci/run`` installs Debian's). No browser is ever downloaded.
Screenshots go to ``test-artifacts/web/`` at the top of the checkout.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from newsledger.api import create_app
from newsledger.article import Article
from newsledger.ingest import ingest
from newsledger.nlp.pipeline import Analyzer
from newsledger.resolve import resolve_new
from newsledger.store import open_store

CHROMIUM = os.environ.get("NEWSLEDGER_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "web"
PORTLAND_BP = "portland-bp-shooting-cascade-ledger"
MARKUP_ID = "markup-browser-test"
MARKUP_TEXT = (
    "Deputies shot a man in Tacoma, Wash., on Tuesday, a sheriff's spokesperson said.\n\n"
    'The man allegedly drove at deputies <script>document.title = "pwned"; '
    "window.pwned = true</script>, according to the sheriff's office. "
    '<img src="x" onerror="window.pwned = true">\n'
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"no chromium at {CHROMIUM}: install Debian's chromium or set NEWSLEDGER_CHROMIUM",
    ),
]
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer, sample_corpus: Path
) -> Iterator[str]:
    """The app on 127.0.0.1 in a background thread, over a fresh sample database."""
    path = tmp_path_factory.mktemp("web") / "sample.db"
    with open_store(path) as store:
        ingest([str(sample_corpus)], store, model=analyzer.model_name)
        markup = Article.create(
            MARKUP_TEXT,
            id=MARKUP_ID,
            title="Markup <script>window.pwned = true</script> test",
            published="2026-01-21T10:00:00-08:00",
        )
        store.save([analyzer.analyze(markup)])
        resolve_new(store)
    port = _free_port()
    store = open_store(path)
    config = uvicorn.Config(
        create_app(store), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start on 127.0.0.1")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        store.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    pg.errors = errors
    try:
        yield pg
    finally:
        context.close()
    assert errors == [], errors


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def incident_of(server: str, article_id: str) -> str:
    links = httpx.get(f"{server}/api/articles/{article_id}").json()["incident_links"]
    return str(next(v["incident_id"] for v in links.values() if v["incident_id"]))


def test_incident_list_loads_and_filters(server: str, page: Any) -> None:
    page.goto(f"{server}/incidents")
    rows = page.locator("table.incidents tbody tr[data-id]")
    total = rows.count()
    assert total >= 5
    assert page.locator("svg.months rect.bar").count() >= 1
    shot(page, "incidents")
    page.locator('section.facet[data-facet="state"] a[data-value="OR"]').click()
    page.wait_for_url(lambda url: "state=OR" in url)
    filtered = page.locator("table.incidents tbody tr[data-id]")
    assert 0 < filtered.count() < total
    for place in filtered.locator("td:nth-child(2)").all_inner_texts():
        assert place.endswith("OR")
    assert page.locator('a.facet-value.selected[data-value="OR"]').count() == 1
    # The words box narrows the list further, through the same form.
    page.fill('form.filters input[name="q"]', "Border Patrol")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(lambda url: "q=Border" in url)
    assert page.locator("table.incidents tbody tr[data-id]").count() >= 1
    shot(page, "incidents-filtered")


def test_border_patrol_incident_shows_conflicts_with_sources(server: str, page: Any) -> None:
    incident = incident_of(server, PORTLAND_BP)
    page.goto(f"{server}/incidents/{incident}")
    assert "Border Patrol" in page.locator("h1").inner_text()
    conflicts = page.locator("section#conflicts .conflict")
    assert conflicts.count() >= 1
    first = conflicts.first
    assert first.locator(".conflict-value").count() >= 2
    sources = page.locator("section#conflicts .src-name").all_inner_texts()
    assert "Department of Homeland Security" in sources
    # Certainty in words, with its colour.
    badge = page.locator("section#conflicts .cert.cert-attributed").first
    assert badge.inner_text() == "attributed"
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(214, 230, 247)"
    assert page.locator("svg.clocks circle.report").count() >= 4
    assert page.locator("section#outlets li").count() >= 4
    shot(page, "incident-border-patrol")


def test_article_page_highlights_an_alleged_claim(server: str, page: Any) -> None:
    page.goto(f"{server}/articles/portland-bp-shooting-nwpr")
    alleged = page.locator("#text mark.claim.cert-alleged").first
    assert alleged.is_visible()
    assert "allegedly" in alleged.inner_text()
    colour = alleged.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 217, 179)"
    assert page.locator("#text sup.cert-tag.cert-alleged").first.inner_text() == "alleged"
    underline = page.locator("#text .source").first.evaluate(
        "e => getComputedStyle(e).textDecorationLine"
    )
    assert "underline" in underline
    alleged.click()
    assert page.locator("tr.claim-row.active").count() == 1
    shot(page, "article-alleged")


def test_opinion_shaded_and_furniture_dimmed(server: str, page: Any) -> None:
    page.goto(f"{server}/articles/portland-bp-shooting-opinion-bridgetown-standard")
    opinion = page.locator("#text .s-opinion").first
    assert opinion.evaluate("e => getComputedStyle(e).fontStyle") == "italic"
    page.goto(f"{server}/articles/columbus-police-shooting-buckeye-metro-news")
    dim = page.locator("#text .s-boilerplate").first
    assert float(dim.evaluate("e => getComputedStyle(e).opacity")) < 1
    shot(page, "article-boilerplate")


def test_script_in_an_article_is_inert(server: str, page: Any) -> None:
    page.goto(f"{server}/articles/{MARKUP_ID}")
    assert page.evaluate("() => window.pwned === true") is False
    # The title's markup is text too, and the script in it never ran.
    assert page.title().startswith("Markup <script>window.pwned = true</script> test")
    text = page.locator("#text").inner_text()
    assert '<script>document.title = "pwned"' in text
    assert '<img src="x" onerror=' in text
    assert page.locator("#text script, #text img").count() == 0
    assert "<script>" in page.locator("h1").inner_text()
    shot(page, "article-markup")


def test_map_draws(server: str, page: Any) -> None:
    page.goto(f"{server}/map")
    svg = page.locator("svg#us-map")
    box = svg.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 350
    assert page.locator("svg#us-map path.state").count() == 51
    oregon = page.locator('path.state[data-state="OR"]')
    assert oregon.get_attribute("class") != "state shade-0"
    dots = page.locator("svg#us-map circle.dot")
    assert dots.count() >= 5
    # Portland's dot lies inside Oregon's drawn outline.
    portland = incident_of(server, PORTLAND_BP)
    dot = page.locator(f'circle.dot[data-id="{portland}"]').bounding_box()
    state = oregon.bounding_box()
    assert dot is not None and state is not None
    assert state["x"] <= dot["x"] <= state["x"] + state["width"]
    assert state["y"] <= dot["y"] <= state["y"] + state["height"]
    assert page.locator("svg.months rect.bar").count() >= 1
    shot(page, "map")
