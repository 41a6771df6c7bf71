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


def test_outlet_home_from_the_web_address() -> None:
    toledo = places.outlet_home("https://www.toledoblade.com/local/story.html")
    assert toledo is not None and (toledo.kind, toledo.name, toledo.state) == (
        "city",
        "Toledo",
        "OH",
    )
    chicago = places.outlet_home("http://chicago.example-news.com:80/a")
    assert chicago is not None and chicago.state == "IL"
    georgia = places.outlet_home("northwestgeorgianews.com")
    assert georgia is not None and (georgia.kind, georgia.state) == ("state", "GA")
    assert places.outlet_home("https://fox59.com/news") is None  # a call sign names no place
    assert places.outlet_home(None) is None


def test_a_large_city_outweighs_namesakes_of_small_towns(analyzer: Analyzer) -> None:
    # Detroit is Michigan's; Jefferson and Detroit both have a hamlet in Alabama.
    doc = analyzer.nlp("A man was shot in Detroit on Monday. He had moved from Jefferson.")
    loc = places.main_location(doc)
    assert (loc["city"], loc["state"]) == ("Detroit", "MI")


def test_outlet_state_reads_a_shared_name(analyzer: Analyzer) -> None:
    text = "A girl was killed when a home in Salisbury was hit by gunfire, police said."
    doc = analyzer.nlp(text)
    assert places.main_location(doc)["state"] == "MD"  # no clue: the larger reading
    loc = places.main_location(doc, url="https://www.charlotteledger.example.com/news/1")
    assert (loc["city"], loc["state"]) == ("Salisbury", "NC")


def test_outlet_city_for_a_neighbourhood_story(analyzer: Analyzer) -> None:
    text = (
        "A teenager was shot in Englewood on Friday night.\n\n"
        "Chicago police said the boy was taken to a hospital in good condition."
    )
    doc = analyzer.nlp(text)
    loc = places.main_location(doc, url="https://chicago.example-news.com/story")
    assert (loc["city"], loc["state"]) == ("Chicago", "IL")
    for span in loc["evidence"]:
        assert doc.text[span["start"] : span["end"]] == span["text"] == "Chicago"


def test_dateline_of_two_words_is_read_whole() -> None:
    line = places.dateline("NEW YORK (AP) — A man was shot in a subway station.")
    assert line is not None and line.place is not None
    assert (line.place.name, line.place.state, line.span.text) == ("New York", "NY", "NEW YORK")


def test_the_city_the_incident_sentences_name_wins(analyzer: Analyzer) -> None:
    text = (
        "A man from West Haven was charged on Tuesday.\n\n"
        "Police said he shot a woman in New Haven on Sunday. New Haven police arrested him."
    )
    doc = analyzer.nlp(text)
    focus = {s.start for s in doc.sents if "shot" in s.text}
    loc = places.main_location(doc, focus)
    assert (loc["city"], loc["state"]) == ("New Haven", "CT")
