"""GVDB per-article field scoring on invented articles in the dev.jsonl format."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger.article import Article
from newsledger.errors import DatasetError
from newsledger.eval import run_eval
from newsledger.eval.gvdb import gold_counts, predicts_police_shooting, unglue_title


def _victim(*outcomes: str) -> dict[str, Any]:
    return {"name": None, "age": None, "race": None, "gender": None, "outcomes": list(outcomes)}


def _article(
    id_: str,
    text: str,
    city: str | None,
    state: str | None,
    code: str | None,
    date: str,
    victims: list[dict[str, Any]],
    police: str,
) -> dict[str, Any]:
    city_span = None
    if city:
        start = text.index(city)
        city_span = {"value": city, "start": start, "end": start + len(city)}
    return {
        "id": id_,
        "url": f"http://example.test/{id_}",
        "title": "Invented",
        "published": None,
        "text": text,
        "gold": {
            "city": city_span,
            "state": state,
            "state_code": code,
            "state_raw": state,
            "date": date,
            "victims": victims,
            "shooters": [],
            "police_shooting": police,
        },
    }


ARTICLES = [
    _article(
        "1",
        "Shots in Springfield: officers shot a man who later died.",
        "Springfield",
        "Illinois",
        "IL",
        "2015-05-01",
        [_victim("killed", "hospitalized")],
        "yes",
    ),
    _article(
        "2",
        "Two people were wounded in Riverton late Friday.",
        "Riverton",
        None,
        None,
        "2015-06-12",
        [_victim("injured"), _victim("hospitalized")],
        "no",
    ),
    _article(
        "3",
        "A man was shot, police said.",
        None,
        "Ohio",
        "OH",
        "2015-07-03",
        [_victim("injured", "killed"), _victim()],
        "not mentioned",
    ),
]

# The right main incident for each article.
PERFECT = {
    "1": {
        "role": "main",
        "types": ["shooting"],
        "date": {"value": "2015-05-01"},
        "location": {"city": "Springfield", "state": "IL"},
        "agencies": [{"name": "Springfield Police Department"}],
        "participants": [],
        "weapons": [{"kind": "firearm", "held_by": "officer"}],
        "killed": 1,
        "injured": 0,
    },
    "2": {
        "role": "main",
        "types": ["shooting"],
        "date": {"value": "2015-06-12"},
        "location": {"city": "riverton", "state": None},
        "agencies": [],
        "participants": [],
        "killed": 0,
        "injured": 2,
    },
    "3": {
        "role": "main",
        "types": ["shooting"],
        "date": {"value": "2015-07-03"},
        "location": {"city": None, "state": "oh"},
        "agencies": [],
        "participants": [],
        "killed": 1,
        "injured": 0,
    },
}


def write_data(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    with (root / "dev.jsonl").open("w", encoding="utf-8") as handle:
        for record in ARTICLES:
            handle.write(json.dumps(record) + "\n")
    return root


def with_incidents(incidents: dict[str, dict[str, Any]]):
    def analyze(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        for article in articles:
            found = [incidents[article.id]] if article.id in incidents else []
            yield {"article": {"id": article.id}, "sentences": [], "claims": [], "incidents": found}

    return analyze


def test_gold_counts() -> None:
    assert gold_counts(
        [_victim("killed", "hospitalized"), _victim("injured"), _victim("hospitalized"), _victim()]
    ) == (1, 2)


def test_police_shooting_rule() -> None:
    officers_gun = [{"kind": "firearm", "held_by": "officer"}]
    assert predicts_police_shooting({"types": ["shooting"], "weapons": officers_gun})
    # Police named (investigating, an agency) but nobody says officers fired: not a police shooting.
    assert not predicts_police_shooting(
        {
            "types": ["shooting"],
            "agencies": [{"name": "X"}],
            "participants": [{"role": "officer"}],
            "weapons": [{"kind": "firearm", "held_by": None}],
        }
    )
    assert not predicts_police_shooting({"types": ["arrest"], "weapons": officers_gun})
    assert not predicts_police_shooting(
        {"types": ["taser"], "weapons": [{"kind": "taser", "held_by": "officer"}]}
    )
    assert not predicts_police_shooting(None)


def test_perfect_prediction(tmp_path: Path) -> None:
    report = run_eval("gvdb", write_data(tmp_path), with_incidents(PERFECT))
    assert report.items == 3
    assert report.counts["with gold state"] == 2 and report.counts["with gold city"] == 2
    for row in report.metrics:
        if row.name.endswith("_mae"):
            assert row.value == 0.0 and row.n == 3
        else:
            assert row.value == 1.0, row.key
    assert report.get("police_shooting/yes_r").n == 1


def test_empty_prediction(tmp_path: Path) -> None:
    report = run_eval("gvdb", write_data(tmp_path), with_incidents({}))
    for row in report.metrics:
        if row.name.endswith("_mae"):
            assert row.value is None
        else:
            assert row.value == 0.0, row.key


def test_background_incident_is_not_the_main_one(tmp_path: Path) -> None:
    background = {key: {**value, "role": "background"} for key, value in PERFECT.items()}
    report = run_eval("gvdb", write_data(tmp_path), with_incidents(background))
    assert report.value("incident/coverage") == 1.0
    assert report.value("incident/main_coverage") == 0.0
    assert report.value("place/state_accuracy") == 0.0


def test_partial_counts(tmp_path: Path) -> None:
    wrong = {key: {**value, "killed": 3, "injured": None} for key, value in PERFECT.items()}
    report = run_eval("gvdb", write_data(tmp_path), with_incidents(wrong))
    assert report.value("victims/killed_exact") == 0.0
    # gold killed 1, 0, 1 vs 3: |2| + |3| + |2|
    assert report.value("victims/killed_mae") == pytest.approx(7 / 3)
    assert report.value("victims/injured_mae") is None
    assert report.value("victims/injured_exact") == 0.0


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        run_eval("gvdb", tmp_path / "missing", with_incidents({}))
    tmp_path.joinpath("dev.jsonl").write_text('{"id": "1", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="gold"):
        run_eval("gvdb", tmp_path, with_incidents({}))


def test_the_glued_title_gets_its_own_paragraph() -> None:
    title = "Man hurt in Oakdale shooting | KXYZ"
    glued = title + "OAKDALE, Ind. — A man was shot on Monday."
    assert unglue_title(glued, title) == f"{title}\n\nOAKDALE, Ind. — A man was shot on Monday."
    # a text that does not open with its title, or is only the title, is left as it is
    assert unglue_title("A man was shot.", title) == "A man was shot."
    assert unglue_title(title, title) == title
    assert unglue_title(glued, None) == glued
