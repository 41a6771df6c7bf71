"""The places gazetteer (``gazetteers.places.v1``) built from the zipcodes package."""

from __future__ import annotations

import pytest

from newsledger.nlp import places
from newsledger.nlp.pipeline import Analyzer


def test_state_codes_names_and_ap_abbreviations() -> None:
    assert places.state_code("Oregon") == "OR"
    assert places.state_code("Ore.") == "OR"
    assert places.state_code("Calif.") == "CA"
    assert places.state_code("Minn.") == "MN"
    assert places.state_code("Wash.") == "WA"
    assert places.state_code("Texas") == "TX"
    assert places.state_code("OR") == "OR"
    assert places.state_code("Nowhere") is None


def test_city_lookup_by_state_and_by_size() -> None:
    maine = places.lookup_city("Portland", "ME")
    assert maine is not None and maine.state == "ME" and maine.county == "Cumberland County"
    largest = places.lookup_city("Portland")
    assert largest is not None and largest.state == "OR"  # more ZIP codes than Portland, ME
    assert largest.lat is not None and 45 < largest.lat < 46
    assert largest.gazetteer_id is not None and largest.gazetteer_id.startswith("zip:")
    county = places.lookup_county("Multnomah", "OR")
    assert county is not None and county.kind == "county"


def test_dateline() -> None:
    text = "PORTLAND, Ore. (AP) — Police said a man was hurt."
    line = places.dateline(text)
    assert line is not None and line.place is not None
    assert line.place.state == "OR" and line.span.text == "PORTLAND, Ore."
    maine = places.dateline("PORTLAND, Maine — A man was hurt.")
    assert maine is not None and maine.place is not None and maine.place.state == "ME"


@pytest.mark.parametrize(
    ("text", "city", "state", "precision"),
    [
        ("A man was shot in Springfield, Ill., on Monday.", "Springfield", "IL", "city"),
        ("Police in Portland, Oregon, said a man was hurt.", "Portland", "OR", "city"),
        (
            "Officials in Maine said a man was shot in Portland on Monday. Maine police said.",
            "Portland",
            "ME",
            "city",
        ),
        ("Deputies in Multnomah County, Oregon, said a man died.", None, "OR", "county"),
    ],
)
def test_main_location(
    analyzer: Analyzer, text: str, city: str | None, state: str, precision: str
) -> None:
    doc = analyzer.nlp(text)
    loc = places.main_location(doc)
    assert (loc["city"], loc["state"], loc["precision"]) == (city, state, precision)
    assert loc["evidence"]
    for span in loc["evidence"]:
        assert doc.text[span["start"] : span["end"]] == span["text"]


def test_no_place(analyzer: Analyzer) -> None:
    loc = places.main_location(analyzer.nlp("The council met to discuss the budget."))
    assert loc == places.EMPTY_LOCATION
