"""The places gazetteer (``gazetteers.places.v2``) built from the zipcodes package."""

from __future__ import annotations

import pytest

from newsledger.article import Article
from newsledger.nlp import places
from newsledger.nlp.pipeline import Analyzer


def _told_everywhere(analyzer: Analyzer, text: str, url: str | None = None) -> dict:
    """The main location of ``text`` with every sentence taken as the incident's."""
    doc = analyzer.nlp(text)
    return places.main_location(doc, {s.start for s in doc.sents}, url=url)


def _incident_location(
    analyzer: Analyzer, body: str, title: str | None = None, url: str | None = None
) -> dict:
    """The main incident's location of an article analysed whole, its title as headline."""
    article = Article.create(
        body, title=title, url=url, published="2026-03-10", headline_first=True
    )
    (incident, *_) = analyzer.analyze(article).to_dict()["incidents"]
    return incident["location"]


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
    assert places.outlet_home("https://kqzx.com/news") is None  # an unlisted call sign: no place
    assert places.outlet_home(None) is None


def test_outlet_registry_knows_call_signs_and_parent_domains() -> None:
    wect = places.outlet_home("http://www.wect.com:80/story/1")
    assert wect is not None and (wect.name, wect.state) == ("Wilmington", "NC")
    fox59 = places.outlet_home("https://fox59.com/news")
    assert fox59 is not None and (fox59.name, fox59.state) == ("Indianapolis", "IN")
    sub = places.outlet_home("https://homicides.suntimes.com/a")  # a parent domain is listed
    assert sub is not None and (sub.name, sub.state) == ("Chicago", "IL")
    assert "gazetteers.outlets" in places.data_versions()


def test_every_registry_home_is_a_gazetteer_city() -> None:
    registry = places._outlet_registry()  # raises DataFileError on a home it cannot resolve
    assert len(registry) == len(places._outlet_registry_file()["outlets"]) > 300
    assert all(place.kind == "city" and place.lat is not None for place in registry.values())


def test_a_listed_outlet_reads_a_shared_name_in_its_state(analyzer: Analyzer) -> None:
    doc = analyzer.nlp("Four people were shot in Wilmington on Saturday night, police said.")
    assert places.main_location(doc)["state"] == "DE"  # no clue: the larger reading
    loc = places.main_location(doc, url="https://www.wect.com/story/2")
    assert (loc["city"], loc["state"]) == ("Wilmington", "NC")


def test_a_place_named_only_as_a_home_yields_to_where_it_happened(analyzer: Analyzer) -> None:
    text = (
        "A woman was shot outside a store on Monday, police said.\n\n"
        "The man charged, John Roe of Brockport, was held on bail. Officers had been called "
        "to a home in Caledonia."
    )
    doc = analyzer.nlp(text)
    loc = places.main_location(doc, url="https://www.whec.com/news/1")
    assert (loc["city"], loc["state"]) == ("Caledonia", "NY")


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


@pytest.mark.parametrize(
    ("text", "name", "state", "span"),
    [
        # a byline line first; the dateline on a later line
        ("By Ann Writer Staff\n\nYONKERS, N.Y. (WXYZ) — A girl was hurt.", "Yonkers", "NY", "YONKERS, N.Y."),
        # the dash glued to the next word, the state as a bare code
        ("HILLIARD, OH (WABC) –Neighbors watched police work.", "Hilliard", "OH", "HILLIARD, OH"),
        # a title glued to the dateline, as some captures run them together
        ("Man hurt in shooting | Fox99LA PORTE, Ind. — A man was hurt.", "La Porte", "IN", "LA PORTE, Ind."),
        # a township the ZIP tables file under the town's name
        ("FRANKLIN TOWNSHIP, Mich. -\n\nA boy was hurt.", "Franklin", "MI", "FRANKLIN TOWNSHIP, Mich."),
        ("NEW YORK >> A man was shot in a stairwell.", "New York", "NY", "NEW YORK"),
        # a title-case city that the outlet in brackets marks as a dateline
        ("Storm kills one\n\nTillamook (AP) — A tree fell on a car.", "Tillamook", "OR", "Tillamook"),
        ("Salina, Kan. (KWXY) - A boy was hurt.", "Salina", "KS", "Salina, Kan."),
        # an upper-case city in brackets
        ("(TILLAMOOK) - A tree fell on a car.", "Tillamook", "OR", "TILLAMOOK"),
    ],
)  # fmt: skip
def test_dateline_forms(text: str, name: str, state: str, span: str) -> None:
    line = places.dateline(text)
    assert line is not None and line.place is not None
    assert (line.place.name, line.place.state, line.span.text) == (name, state, span)


def test_dateline_city_missing_from_the_gazetteer_is_kept_with_its_state() -> None:
    # a village the ZIP tables file under a neighbour's name; its state is written beside it
    line = places.dateline("BLUEHERON CAY, SC (WXYZ) – Four people were shot.")
    assert line is not None and line.place is not None
    assert (line.place.name, line.place.state, line.place.gazetteer_id) == (
        "Blueheron Cay",
        "SC",
        None,
    )
    # without a state, or as a county, it is no dateline city
    assert places.dateline("BLUEHERON CAY (WXYZ) – Four people were shot.") is None
    assert places.dateline("BLUEHERON COUNTY, SC – Four people were shot.") is None


def test_title_case_words_before_a_dash_are_no_dateline_without_an_outlet() -> None:
    # only the outlet's name in brackets makes a title-case place a dateline
    assert places.dateline("Salina - A boy was hurt.") is None
    assert places.dateline("Police say (AP) — a boy was hurt.") is None
    assert places.dateline("A boy was hurt in Salina (KWXY) — police said.") is None


def test_hyphenated_city_names_match_the_gazetteer() -> None:
    place = places.lookup_city("Wilkes-Barre", "PA")
    assert place is not None and place.name == "Wilkes Barre"


def test_the_incident_city_wins_over_the_dateline_city(analyzer: Analyzer) -> None:
    # the story was filed from the outlet's city; the shooting happened in a town nearby
    text = (
        "MADISON, Wis. — The sheriff said Tuesday that a woman shot in Montfort has died.\n\n"
        "She was taken to a hospital in Madison after the shooting, deputies said."
    )
    doc = analyzer.nlp(text)
    focus = {s.start for s in doc.sents if "shot" in s.text or "shooting" in s.text}
    loc = places.main_location(doc, focus)
    assert (loc["city"], loc["state"]) == ("Montfort", "WI")
    # a hospital's town is not where it happened
    text = (
        "ELGIN, Iowa — A boy who was shot Friday has died.\n\n"
        "The boy was shot at home and taken to a hospital in West Union, deputies said."
    )
    doc = analyzer.nlp(text)
    focus = {s.start for s in doc.sents if "shot" in s.text}
    assert places.main_location(doc, focus)["city"] == "Elgin"


def test_a_dateline_city_stays_when_the_other_town_is_far(analyzer: Analyzer) -> None:
    # "Bridgeport" is a Chicago neighbourhood and a town 300 km away
    text = "CHICAGO — Police charged a boy who shot a teen in Bridgeport on Friday."
    doc = analyzer.nlp(text)
    focus = {s.start for s in doc.sents}
    assert places.main_location(doc, focus)["city"] == "Chicago"


def test_untagged_city_names_are_found_by_their_wording(analyzer: Analyzer) -> None:
    doc = analyzer.nlp("One person is dead after a shooting in north Wichita early Saturday.")
    found = [(m.name, m.span.text) for m in places.scan_places(doc)]
    assert ("Wichita", "Wichita") in found
    loc = places.main_location(doc)
    assert (loc["city"], loc["state"]) == ("Wichita", "KS")
    doc = analyzer.nlp("An Immokalee teenager was hurt in a shooting.")
    assert [m.name for m in places.scan_places(doc)] == ["Immokalee"]
    doc = analyzer.nlp("Salina Police are investigating a shooting death.")
    assert [m.name for m in places.scan_places(doc)] == ["Salina"]
    # a sentence's first word is capitalised anyway; a person's name is no place
    doc = analyzer.nlp("Detectives said the shots came from a car.")
    assert places.scan_places(doc) == []
    doc = analyzer.nlp("Deputies found the boy inside the Johnson home on Monday.")
    assert places.scan_places(doc) == []


def test_untagged_names_do_not_move_the_state(analyzer: Analyzer) -> None:
    # "Elgin" is also a large Illinois city: found by wording only, it is a candidate in the
    # state the tagged names point at, not a vote for Illinois
    text = (
        "Deputies said a boy died after a shooting in Elgin on Friday.\n\n"
        "He was taken to a hospital in West Union, Iowa."
    )
    doc = analyzer.nlp(text)
    assert "Elgin" in [m.name for m in places.scan_places(doc)]
    assert "Elgin" not in [m.name for m in places.find_places(doc)]
    loc = places.main_location(doc, {s.start for s in doc.sents if "shooting" in s.text})
    assert (loc["city"], loc["state"]) == ("Elgin", "IA")


def test_a_neighbourhood_that_shares_a_far_town_name_is_the_outlets_city(
    analyzer: Analyzer,
) -> None:
    text = "A 16-year-old boy was shot in the Bridgeport neighborhood on Friday morning."
    doc = analyzer.nlp(text)
    assert places.main_location(doc)["city"] == "Bridgeport"  # no outlet: the town
    loc = places.main_location(doc, url="https://www.chicagotribune.com/news/1")
    assert (loc["city"], loc["state"]) == ("Chicago", "IL")
    assert [e["text"] for e in loc["evidence"]] == ["Bridgeport"]


def test_a_town_in_the_incident_sentence_after_in_the_beats_the_dateline(
    analyzer: Analyzer,
) -> None:
    text = (
        "NEW YORK (AP) — Police say a 17-year-old was killed after being shot inside a housing "
        "building in the Bronx on Monday."
    )
    doc = analyzer.nlp(text)
    focus = {s.start for s in doc.sents}
    loc = places.main_location(doc, focus)
    assert (loc["city"], loc["state"]) == ("Bronx", "NY")


def test_a_town_that_shares_a_bigger_towns_zip_codes_is_in_the_gazetteer() -> None:
    # a village whose post office is another city's: among that ZIP code's acceptable names
    deer = places.lookup_city("Brown Deer")
    assert deer is not None and (deer.state, deer.county) == ("WI", "Milwaukee County")
    branch = places.lookup_city("Farmers Branch", "TX")
    assert branch is not None and branch.gazetteer_id is not None
    # USPS abbreviations among those names are not place names
    assert places.lookup_city("Farmers Brnch", "TX") is None
    assert places.lookup_city("Clinton Twp", "MI") is None


def test_an_unread_dateline_is_not_read_by_its_last_word() -> None:
    # "QUUX DEER" is no town: the dateline is unread, not Deer, Ark.
    assert places.dateline("QUUX DEER — Officers said a man was shot.") is None
    found = places.dateline("Title | KXYZ\n\nBROWN DEER — Officers said a man was shot.")
    assert found is not None and (found.name, found.place.state) == ("Brown Deer", "WI")


def test_the_district_of_columbia_is_the_city_of_washington(analyzer: Analyzer) -> None:
    text = "A man was shot and wounded by a U.S. Park Police officer in D.C. on Friday night.\n"
    loc = places.main_location(analyzer.nlp(text))
    assert (loc["city"], loc["state"], loc["precision"]) == ("Washington", "DC", "city")


def test_a_town_the_ner_takes_for_a_person_before_home_is_a_place(analyzer: Analyzer) -> None:
    # "his Paterson home": the possessive tells a town, not a person, whatever the NER says
    doc = analyzer.nlp("A man shot his wife in his Paterson home on Sunday, police said.\n")
    assert [m.name for m in places.scan_places(doc)] == ["Paterson"]
    # without the possessive, a name before "home" is still a family's name
    doc = analyzer.nlp("Officers searched the Smith home on Sunday.\n")
    assert places.scan_places(doc) == []


def test_a_city_told_again_and_again_outweighs_one_named_with_its_state(
    analyzer: Analyzer,
) -> None:
    text = (
        "Chicago police officers chased a man on the West Side on Tuesday and shot him.\n\n"
        "The man, who had moved to Chicago from Superior, Wis., last year, was wounded.\n\n"
        "Chicago's police board will review the shooting, the third by Chicago officers this "
        "month. Cook County prosecutors and the Cook County medical examiner were told.\n\n"
        "A Chicago alderman asked for the video. Chicago has paid for such cases before.\n"
    )
    loc = places.main_location(analyzer.nlp(text))
    assert (loc["city"], loc["state"]) == ("Chicago", "IL")


@pytest.mark.parametrize(
    ("title", "city"),
    [
        # the headline, before the dateline, says where; the dateline where it was filed
        ("Man shot in Madison", "Madison"),
        ("Man shot outside Madison", "Madison"),
        ("Man shot in Nashville", "Nashville"),
    ],
)
def test_the_headline_names_the_place(analyzer: Analyzer, title: str, city: str) -> None:
    body = "NASHVILLE, Tenn. — A man was shot on Monday night, police said. He is in a hospital."
    loc = _incident_location(analyzer, body, title)
    assert loc["city"] == city
    assert loc["state"] == "TN"


def test_the_site_name_after_the_headline_is_no_place(analyzer: Analyzer) -> None:
    title = "Man shot in his home - KXYZ News 12 Shreveport, Louisiana News Weather & Sports"
    body = "A man was shot on Monday night in his home on Elm Street, Nashville police said."
    loc = _incident_location(analyzer, body, title)
    assert (loc["city"], loc["state"]) == ("Nashville", "TN")


def test_a_place_of_care_is_not_where_it_happened(analyzer: Analyzer) -> None:
    # across the state line: the hospital's city and state are not the incident's
    text = (
        "Deputies were called to a shooting at a home in White Plains, Ky., on Monday. "
        "The boy was airlifted to a hospital in Evansville, Indiana, police said."
    )
    loc = places.main_location(analyzer.nlp(text))
    assert (loc["city"], loc["state"]) == ("White Plains", "KY")
    # the only city named is the hospital's: no city, rather than the hospital's
    text = "A boy was shot at a rural home on Monday. He is in a Fargo hospital, deputies said."
    loc = places.main_location(analyzer.nlp(text))
    assert loc["city"] is None
    # ... yet it still tells the state when nothing else does
    assert loc["state"] == "ND" and loc["precision"] == "state"


def test_a_town_the_ner_took_for_a_person_before_apartment(analyzer: Analyzer) -> None:
    # "at a Madison apartment complex": the NER tags Madison a person; "a" marks the town
    text = (
        "NASHVILLE, Tenn. — Police said a teenager was wounded Friday night at a Madison "
        "apartment complex."
    )
    doc = analyzer.nlp(text)
    assert any(e.text == "Madison" and e.label_ == "PERSON" for e in doc.ents)
    loc = places.main_location(doc, {0})
    assert (loc["city"], loc["state"]) == ("Madison", "TN")


@pytest.mark.parametrize(
    ("title", "body", "city", "state"),
    [
        # a Title Case headline runs on past the town: "St. Cloud Shooting"
        (
            "Two Hurt in St. Cloud Shooting",
            "Two people were hurt when shots were fired outside a bar early Sunday, Minnesota "
            "police said.",
            "Saint Cloud",
            "MN",
        ),
        (
            "Teen Held After Deadly Florida City Shooting",
            "MIAMI — A teenager was held on Tuesday after a boy was shot and killed near his "
            "home over the weekend.",
            "Florida City",
            "FL",
        ),
        # "at <town> bar" tells where it happened, not the dateline
        (
            "Three hurt in shooting at Muncie bar",
            "INDIANAPOLIS, Ind. — Three people were hurt when a man fired into a crowd early "
            "Sunday, officers said.",
            "Muncie",
            "IN",
        ),
        (
            "Three hurt in shooting",
            "INDIANAPOLIS, Ind. — Officers in Kokomo are looking into a shooting at a tavern "
            "that hurt three people early Sunday.",
            "Kokomo",
            "IN",
        ),
    ],
)
def test_towns_the_ner_misses_in_headlines_and_after_in(
    analyzer: Analyzer, title: str, body: str, city: str, state: str
) -> None:
    loc = _incident_location(analyzer, body, title)
    assert (loc["city"], loc["state"]) == (city, state)


def test_a_town_before_shooting_is_where_it_happened(analyzer: Analyzer) -> None:
    doc = analyzer.nlp("Cicero shooting began with a quarrel between neighbors, officials say.")
    assert [m.name for m in places.scan_places(doc)] == ["Cicero"]


def test_a_surname_or_a_street_is_no_town(analyzer: Analyzer) -> None:
    # "Walker" is a town in several states, and here a man the story has named
    text = (
        "Deputies said Dana Ruiz shot Perez Walker in the leg on Tuesday. She told them she "
        "took the gun from Walker before she fired."
    )
    assert "Walker" not in [m.name for m in places.scan_places(analyzer.nlp(text))]
    # "of Essie McDaniel Avenue" is a street that starts with a town's name (Essie, Ky.)
    text = "The shots were fired in the 1400 block of Essie McDaniel Avenue, deputies said."
    assert places.scan_places(analyzer.nlp(text)) == []


def test_a_named_neighbourhood_of_a_city_is_that_city(analyzer: Analyzer) -> None:
    # Allentown is a Pittsburgh neighbourhood here, not the city across the state
    text = (
        "Man charged in fatal Allentown shooting\n\nA man was charged on Tuesday with the "
        "shooting death of a friend at a home in Pittsburgh's Allentown neighborhood."
    )
    loc = _told_everywhere(analyzer, text)
    assert (loc["city"], loc["state"]) == ("Pittsburgh", "PA")
    # without the neighbourhood, "Allentown shooting" tells the town
    loc = _told_everywhere(
        analyzer, "Man charged in fatal Allentown shooting\n\nA man was charged on Tuesday."
    )
    assert (loc["city"], loc["state"]) == ("Allentown", "PA")


def test_a_dateline_neighbourhood_of_the_outlets_city(analyzer: Analyzer) -> None:
    # Woodlawn is a Chicago neighbourhood and a village 400 km south; the address names the
    # edition ("/chicago/"), and the story names Chicago
    url = "https://www.dnainfo.com/chicago/20150101/woodlawn/boy-shot"
    home = places.outlet_home(url)
    assert home is not None and (home.name, home.state) == ("Chicago", "IL")
    assert places.outlet_home("https://www.dnainfo.com/news/1") is None
    text = (
        "WOODLAWN — A boy was shot in the arm on Sunday evening, and the Chicago Police "
        "Department said no one was in custody."
    )
    doc = analyzer.nlp(text)
    loc = places.main_location(doc, {s.start for s in doc.sents}, url=url)
    assert (loc["city"], loc["state"]) == ("Chicago", "IL")
    assert [e["text"] for e in loc["evidence"]] == ["Chicago"]
    assert places.main_location(doc, {s.start for s in doc.sents})["city"] == "Woodlawn"


def test_a_town_named_for_its_direction_from_a_city_is_that_town(analyzer: Analyzer) -> None:
    # North Charleston is a city of South Carolina, though West Virginia's Charleston is
    # larger; "Northeast Portland" is still a part of Portland
    doc = analyzer.nlp("A man was shot in North Charleston on Friday, police said.")
    loc = places.main_location(doc)
    assert (loc["city"], loc["state"]) == ("North Charleston", "SC")
    doc = analyzer.nlp("A man was shot in Northeast Portland on Friday, Oregon police said.")
    assert places.main_location(doc)["city"] == "Portland"


def test_a_county_dateline_is_a_county(analyzer: Analyzer) -> None:
    line = places.dateline("WAYNE COUNTY, Mo. (KXYZ) – A man was found shot near a river.")
    assert line is not None and line.kind == "county"
    assert line.place is not None and (line.place.name, line.place.state) == ("Wayne County", "MO")
    # a town named elsewhere in the state is no reason to leave the county
    text = (
        "WAYNE COUNTY, Mo. (KXYZ) – A fisherman found a man with a gunshot wound on Sunday. "
        "Deputies said the man had driven down from Farmington the night before."
    )
    loc = _told_everywhere(analyzer, text)
    assert (loc["county"], loc["state"], loc["precision"]) == ("Wayne County", "MO", "county")
    # a town of that county, where the incident's sentence puts it, is the place
    text = (
        "DAUPHIN COUNTY, Pa. – A boy was shot at a home in Hummelstown on Thursday evening, "
        "police said."
    )
    loc = _told_everywhere(analyzer, text)
    assert (loc["city"], loc["state"]) == ("Hummelstown", "PA")
    # "--" glued to the first word still ends a dateline
    line = places.dateline("AUBURN, Alabama --A student was shot on Sunday.")
    assert line is not None and (line.name, line.state_hint) == ("Auburn", "AL")


def test_a_town_in_a_home_after_his_is_where_it_happened(analyzer: Analyzer) -> None:
    text = (
        "RUSK COUNTY, Wis. (KXYZ) – A man was shot by a stray bullet on Saturday while he "
        "cleared snow outside his Glen Flora home, wardens said."
    )
    loc = _told_everywhere(analyzer, text)
    assert (loc["city"], loc["state"]) == ("Glen Flora", "WI")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A man was shot on Sunday in south suburban Dolton, police said.", ["Dolton"]),
        ("Chapel Hill drive-by shooting leaves a child hurt.", ["Chapel Hill"]),
        ("Officers found him in Hummelstown Borough on Thursday.", ["Hummelstown"]),
        ("The shooting happened at Angie's Bar on Friday night.", []),
        ("A man was charged on Monday in the Muncie homicide.", ["Muncie"]),
    ],
)
def test_the_scan_reads_modifiers_shootings_boroughs_and_businesses(
    analyzer: Analyzer, text: str, found: list[str]
) -> None:
    assert [m.name for m in places.scan_places(analyzer.nlp(text))] == found


def test_two_streets_at_a_corner_are_no_towns(analyzer: Analyzer) -> None:
    text = "A second man was found at Concord and Market streets with a wound to the arm."
    doc = analyzer.nlp(text)
    assert places.main_location(doc)["city"] is None
    text = "It happened near Beale and Fond du Lac around 3 a.m. on Sunday, officers said."
    doc = analyzer.nlp(text)
    assert places.main_location(doc)["city"] is None


def test_with_no_state_written_a_local_outlet_reads_a_name_nearby(analyzer: Analyzer) -> None:
    text = (
        "A woman found dead this week in Lansing died of a gunshot wound, police said. Lansing "
        "detectives asked anyone who saw a car near the Lansing apartments to call them. It was "
        "the second shooting in Lansing this year."
    )
    doc = analyzer.nlp(text)
    assert places.main_location(doc)["state"] == "MI"  # the largest Lansing
    loc = places.main_location(doc, url="https://abc7chicago.com/news/1")
    assert (loc["city"], loc["state"]) == ("Lansing", "IL")
    # a state written in the text decides, whatever the outlet
    text = "A woman found dead this week in Lansing, Michigan, died of a gunshot wound."
    loc = places.main_location(analyzer.nlp(text), url="https://abc7chicago.com/news/1")
    assert loc["state"] == "MI"


def test_the_site_name_tells_where_the_outlet_is(analyzer: Analyzer) -> None:
    title = "Man hurt in Wilmington shooting - WXYZ - FOX Wilmington, NC"
    body = "A man was taken to a hospital with serious injuries after he was shot on Friday."
    loc = _incident_location(analyzer, body, title)
    assert (loc["city"], loc["state"]) == ("Wilmington", "NC")
    # a list of the towns an outlet serves is no home
    title = "Man hurt in Wilmington shooting - WXYZ: Savannah, Beaufort, SC"
    loc = _incident_location(analyzer, body, title)
    assert loc["state"] != "SC"


def test_a_headline_opening_with_a_town_and_a_resident(analyzer: Analyzer) -> None:
    title = "Augusta man shot while running from a gunman"
    body = "Deputies said a 29-year-old man was shot in the back at about 4 a.m. on Friday."
    loc = _incident_location(analyzer, body, title, url="https://chronicle.augusta.com/news/1")
    assert (loc["city"], loc["state"]) == ("Augusta", "GA")


def test_a_town_named_only_as_a_home_in_the_incident_sentences_is_not_told(
    analyzer: Analyzer,
) -> None:
    # the incident's sentence names Pearland only as where the girl lives, Houston as where
    # she was shot; Pearland is named more often, but elsewhere
    text = (
        "A Pearland girl was shot at a relative's home in Houston on Tuesday.\n\n"
        "Pearland Police sent an officer to the family. Pearland Police also said she is doing "
        "well."
    )
    doc = analyzer.nlp(text)
    first = next(iter(doc.sents)).start
    loc = places.main_location(doc, {first})
    assert (loc["city"], loc["state"]) == ("Houston", "TX")


@pytest.mark.parametrize(
    ("body", "name", "address"),
    [
        (
            "KNIGHTSTOWN, Ind. — Three people were found shot dead in a home in the 5500 block "
            "of West Old National Road on Thursday, deputies said.",
            "5500 block of West Old National Road, Knightstown, IN",
            "5500 block of West Old National Road",
        ),
        (
            "SALEM, Ore. — A man was shot outside 4290 Melwood Road on Friday night, police said.",
            "4290 Melwood Road, Salem, OR",
            "4290 Melwood Road",
        ),
    ],
)
def test_a_street_address_in_the_incident_sentences_is_the_precision(
    analyzer: Analyzer, body: str, name: str, address: str
) -> None:
    article = Article.create(body, published="2026-03-10")
    (incident, *_) = analyzer.analyze(article).to_dict()["incidents"]
    loc = incident["location"]
    assert (loc["name"], loc["precision"]) == (name, "address")
    assert loc["city"] and loc["lat"] is not None  # the city's, refined by the street
    assert address in [e["text"] for e in loc["evidence"]]
    span = next(e for e in loc["evidence"] if e["text"] == address)
    assert article.text[span["start"] : span["end"]] == address


def test_no_address_without_a_street_or_outside_the_incident(analyzer: Analyzer) -> None:
    body = (
        "SALEM, Ore. — A man was shot on Friday night, police said.\n\n"
        "The shop at 120 Center Street will hold a vigil on Sunday."
    )
    loc = _incident_location(analyzer, body)
    assert (loc["name"], loc["precision"]) == ("Salem, OR", "city")


def test_the_outlet_home_reads_the_site_name_before_the_web_address(analyzer: Analyzer) -> None:
    """``places.outlet_home_of``, which the main location, the city read off a local agency's
    name and the other incidents' places all ask: the site name after the headline first."""
    title = "Man hurt after traffic stop - WXYZ - FOX Wilmington, NC"
    body = "Leland police said an officer shot a man during a traffic stop on Friday night."
    chicago = "https://abc7chicago.com/news/1"
    doc = analyzer.nlp.make_doc(f"{title}\n\n{body}")
    doc._.nl_title = title
    doc = analyzer.nlp(doc)
    assert places.outlet_home_of(doc, chicago) == places.lookup_city("Wilmington", "NC")
    assert places.outlet_home_of(analyzer.nlp(body), chicago) == places.outlet_home(chicago)
    # "Leland" is a town of North Carolina, Illinois, Mississippi and Michigan: read near the
    # outlet's home
    loc = _incident_location(analyzer, body, title, url=chicago)
    assert (loc["city"], loc["state"]) == ("Leland", "NC")
    loc = _incident_location(analyzer, body, url=chicago)
    assert (loc["city"], loc["state"]) == ("Leland", "IL")
