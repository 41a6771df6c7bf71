"""The incidents extractor (``incidents.extract.v6``) on articles written for these tests, and a
measured check against the fictional sample corpus gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from newsledger.article import Article
from newsledger.nlp import headline, incidents  # registers the factory and the Doc extensions
from newsledger.nlp.pipeline import Analyzer

PUBLISHED = "2026-01-08T19:42:00-08:00"  # a Thursday evening in Portland

VEHICLE_STOP = (
    "Agents fire at driver during vehicle stop\n\n"
    "PORTLAND, Ore. (AP) — Federal immigration agents shot at a moving car during a vehicle stop "
    "on Tuesday afternoon, the Department of Homeland Security said. The driver was hit in the arm "
    "and was alive and receiving medical treatment, the agency said. It remains unclear whether "
    "any agents sustained injuries.\n"
)
POLICE_SHOOTING = (
    "SPRINGFIELD, Ill. — A man was killed and two women were wounded when police officers opened "
    "fire outside a bar early Sunday, the Springfield Police Department said. The man was "
    "pronounced dead at the hospital. No officers were injured.\n"
)
TASER = (
    "Deputies used a Taser on a man in Fresno, Calif., on Friday night before arresting him, the "
    "Fresno County Sheriff's Office said. The man, 41, was treated for minor injuries. No one "
    "else was hurt.\n"
)
NOBODY_HURT = (
    "TUCSON, Ariz. — Border Patrol agents fired at a pickup truck that drove toward them near a "
    "checkpoint on Wednesday, officials said. No one was injured.\n"
)
NOT_AN_INCIDENT = "The city council met on Monday to discuss the budget for parks and libraries.\n"


@pytest.fixture(scope="module")
def nlp(analyzer: Analyzer) -> Language:
    if incidents.INCIDENTS not in analyzer.nlp.pipe_names:
        analyzer.nlp.add_pipe(incidents.INCIDENTS, last=True)
    return analyzer.nlp


def run(
    nlp: Language, text: str, published: str | None = PUBLISHED, url: str | None = None
) -> list[dict[str, Any]]:
    doc = nlp.make_doc(text)
    doc._.nl_published = published
    doc._.nl_url = url
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert not doc._.nl_errors
    found = doc._.nl_incidents
    assert isinstance(found, list)
    for incident in found:
        check_shape(text, incident)
    return found


def spans_of(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        if set(value) == {"start", "end", "text"}:
            return [value]
        return [s for v in value.values() for s in spans_of(v)]
    if isinstance(value, list):
        return [s for v in value for s in spans_of(v)]
    return []


def weapons_of(incident: dict[str, Any]) -> list[dict[str, Any]]:
    """The weapons without their evidence spans."""
    return [{"kind": w["kind"], "held_by": w["held_by"]} for w in incident["weapons"]]


def check_shape(text: str, incident: dict[str, Any]) -> None:
    assert set(incident) == {
        "id", "role", "types", "type_evidence", "date", "location", "agencies", "participants",
        "killed", "injured", "weapons", "charges", "claims",
    }  # fmt: skip
    # every type and every weapon points at the words that give it
    assert set(incident["type_evidence"]) == set(incident["types"])
    assert all(incident["type_evidence"][t] for t in incident["types"])
    assert set(incident["date"]) == {
        "value", "granularity", "earliest", "latest", "time", "timezone", "evidence",
    }  # fmt: skip
    assert set(incident["location"]) == {
        "name", "city", "county", "state", "country", "lat", "lon", "gazetteer_id", "precision",
        "evidence",
    }  # fmt: skip
    for p in incident["participants"]:
        assert set(p) == {"role", "description", "count", "outcome", "evidence"}
        assert p["role"] in ("officer", "subject", "victim", "bystander", "unknown")
        assert p["outcome"] in ("killed", "injured", "uninjured", "arrested", "unknown")
        assert p["evidence"]
    for a in incident["agencies"]:
        assert set(a) == {"name", "code", "parent", "level", "evidence"}
    for w in incident["weapons"]:
        assert set(w) == {"kind", "held_by", "evidence"} and w["evidence"]
    for span in spans_of(incident):
        assert text[span["start"] : span["end"]] == span["text"]


def test_shots_at_a_moving_car_in_a_vehicle_stop(nlp: Language) -> None:
    [inc] = run(nlp, VEHICLE_STOP)
    assert inc["id"] == "i1" and inc["role"] == "main"
    assert {"shooting", "enforcement_operation"} <= set(inc["types"])
    assert inc["date"]["value"] == "2026-01-06" and inc["date"]["granularity"] == "day"
    assert inc["date"]["evidence"][0]["text"] == "Tuesday afternoon"
    loc = inc["location"]
    assert (loc["city"], loc["state"], loc["precision"]) == ("Portland", "OR", "city")
    assert loc["county"] == "Multnomah County" and loc["lat"] is not None
    assert "DHS" in {a["code"] for a in inc["agencies"]}
    # the driver is hurt; whether agents were is unclear, which is no count of 0
    assert inc["injured"] == 1
    driver = [p for p in inc["participants"] if p["description"] == "The driver"]
    assert driver and driver[0]["outcome"] == "injured" and driver[0]["role"] == "subject"
    assert not [p for p in inc["participants"] if p["role"] == "officer"]
    assert {"kind": "firearm", "held_by": "officer"} in weapons_of(inc)  # the agents fired
    assert inc["claims"]  # the DHS account covers the evidence


def test_police_shooting_counts(nlp: Language) -> None:
    [inc] = run(nlp, POLICE_SHOOTING)
    assert inc["types"] == ["shooting"]
    assert inc["date"]["value"] == "2026-01-04"
    assert inc["location"]["state"] == "IL" and inc["location"]["city"] == "Springfield"
    assert [a["name"] for a in inc["agencies"]] == ["Springfield Police Department"]
    assert inc["killed"] == 1 and inc["injured"] == 2
    by_outcome = {(p["role"], p["outcome"]): p for p in inc["participants"]}
    assert by_outcome[("subject", "killed")]["count"] == 1
    assert by_outcome[("subject", "injured")]["count"] == 2
    assert by_outcome[("subject", "injured")]["description"] == "two women"
    assert by_outcome[("officer", "uninjured")]["count"] == 0


def test_taser_use_and_arrest(nlp: Language) -> None:
    [inc] = run(nlp, TASER)
    assert {"taser", "arrest"} <= set(inc["types"])
    assert inc["location"]["city"] == "Fresno" and inc["location"]["state"] == "CA"
    assert inc["date"]["value"] == "2026-01-02"
    assert inc["injured"] == 1 and inc["killed"] == 0
    assert {"kind": "taser", "held_by": "officer"} in weapons_of(inc)
    assert ("subject", "arrested") in {(p["role"], p["outcome"]) for p in inc["participants"]}


def test_no_one_injured_is_zero(nlp: Language) -> None:
    [inc] = run(nlp, NOBODY_HURT)
    assert "shooting" in inc["types"]
    assert inc["injured"] == 0
    assert inc["location"]["state"] == "AZ" and inc["location"]["city"] == "Tucson"
    assert "USBP" in {a["code"] for a in inc["agencies"]}


def test_no_publication_time_no_date(nlp: Language) -> None:
    [inc] = run(nlp, POLICE_SHOOTING, published=None)
    assert inc["date"]["value"] is None and inc["date"]["evidence"] == []


def test_not_an_incident(nlp: Language) -> None:
    assert run(nlp, NOT_AN_INCIDENT) == []


def test_errors_are_recorded_not_raised(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("broken")

    monkeypatch.setattr(incidents, "extract_incidents", boom)
    doc = nlp(POLICE_SHOOTING)
    assert doc._.nl_incidents == []
    assert any(e["component"] == incidents.INCIDENTS for e in doc._.nl_errors)


def test_types_file_is_versioned() -> None:
    tax = incidents.load_types()
    assert tax.version == "incidents.types.v1"
    raw = json.loads(incidents.TYPES_FILE.read_text())
    assert "_about" in raw
    assert {e.type for e in tax.entries.values()} <= {
        "shooting", "vehicle_as_weapon", "vehicle_pursuit", "taser", "less_lethal",
        "physical_force", "death_in_custody", "arrest", "enforcement_operation", "protest",
        "other",
    }  # fmt: skip


def test_sample_corpus_main_incidents(nlp: Language, sample_corpus: Path) -> None:
    """A measured floor on the fictional sample corpus: main incident state, city, date."""
    folder = sample_corpus.parent if sample_corpus.is_file() else sample_corpus
    gold = json.loads((folder / "gold.json").read_text())
    hits = {"state": 0, "city": 0, "date": 0, "types": 0}
    total = 0
    for line in (folder / "articles.jsonl").read_text().splitlines():
        record = json.loads(line)
        want = [i for i in gold[record["id"]]["incidents"] if i["role"] == "main"]
        if not want:
            continue
        total += 1
        found = run(nlp, record["text"], record["published"])
        got = found[0] if found else None
        if got is None:
            continue
        hits["state"] += got["location"]["state"] == want[0]["state"]
        hits["city"] += got["location"]["city"] == want[0]["city"]
        hits["date"] += got["date"]["value"] == want[0]["date"]
        hits["types"] += "shooting" in got["types"] or not {"shooting"} & set(want[0]["types"])
    assert total >= 10
    # measured 2026-11-27: state 12/13, city 10/13, date 10/13, shooting type 13/13
    assert hits["state"] >= total - 2
    assert hits["city"] >= total - 4
    assert hits["date"] >= total - 4
    assert hits["types"] >= total - 1


def test_published_set_before_the_pipeline_runs(nlp: Language) -> None:
    """The wiring the pipeline uses: make the Doc, set the publication time, run ``nlp.pipe``."""
    doc = nlp.make_doc(POLICE_SHOOTING)
    doc._.nl_published = PUBLISHED
    [out] = list(nlp.pipe([doc]))
    [inc] = out._.nl_incidents
    assert inc["date"]["value"] == "2026-01-04"


BACKGROUND = (
    "SPRINGFIELD, Ill. — A man was wounded when police officers opened fire outside a bar on "
    "Sunday, the Springfield Police Department said.\n\n"
    "In March 2019, officers from the same department shot and killed a man during a traffic "
    "stop.\n"
)


def test_background_case_with_its_own_year(nlp: Language) -> None:
    main, background = run(nlp, BACKGROUND)
    assert main["role"] == "main" and background["role"] == "background"
    assert background["id"] == "i2"
    assert main["date"]["value"] == "2026-01-04"
    assert main["killed"] == 0 and main["injured"] == 1
    assert background["date"]["granularity"] == "month"
    assert background["date"]["value"] == "2019-03-01"
    assert background["killed"] == 1
    assert "shooting" in background["types"]


def test_charges_brought_are_listed_with_who_and_evidence(nlp: Language) -> None:
    text = (
        "LAKEPORT, Calif. — A grand jury indicted Deputy Carl Reyes on a charge of manslaughter "
        "on Friday in the shooting of a man outside a Lakeport motel in March.\n\n"
        "The man's brother was charged with resisting arrest. A second deputy has not been "
        "charged, and prosecutors said another may be charged later."
    )
    (incident, *_) = run(nlp, text, "2026-05-02")
    charges = {(c["role"], c["charge"]) for c in incident["charges"]}
    assert charges == {("officer", "manslaughter"), ("subject", "resisting arrest")}
    for c in incident["charges"]:
        for span in c["evidence"]:
            assert text[span["start"] : span["end"]] == span["text"]


COUNT_CASES = [
    # deaths told indirectly; where everyone the report says was shot died and nobody is said
    # to be hurt, it tells of no one hurt: injured 0 (as "shot and wounded" alone gives killed 0)
    (
        "Two brothers were found shot to death in a car on Elm Street on Monday, police said.",
        2,
        0,
    ),
    ("Deputies said both men were deceased when they arrived at the house on Monday.", 2, 0),
    ("A 19-year-old man was shot Saturday. He succumbed to his injuries on Sunday.", 1, 0),
    ("Police are investigating the death of a 10-year-old boy at a gun range on Sunday.", 1, 0),
    ("Detectives said the slain teenager had been shot near the park on Friday.", 1, 0),
    ("Police said the gunman took his own life at the house on Monday.", 1, 0),
    # a relative pronoun stands for its noun; "the 2-year-old" is one person
    ("The 3-year-old who was shot inside an apartment on Elm Street has died.", 1, 0),
    ("A girl and her mother who were shot and killed near their home were named Sunday.", 2, 0),
    ("Deputies are investigating the Sunday shooting death of a 17-month-old child.", 1, 0),
    ("Relatives wept as detectives looked into the 4-year-old's death on Friday.", 1, 0),
    ("Deputies found one man and two children dead inside the house on Monday.", 3, 0),
    ("A man was shot on a dead-end street on Monday, police said.", 0, 1),
    # nested coordination and a couple
    ("A man and two women and a small child were shot and killed in a house on Saturday.", 4, 0),
    (
        "Police said a couple and their two young children were found shot to death on Sunday.",
        4,
        0,
    ),
    # someone hurt with no number: the count stays unknown
    ("A man was killed and several people were hurt in the shooting on Monday.", 1, None),
    # everyone shot was hurt, and one of them died: the others are the injured
    (
        "Four people were shot on Elm Street on Saturday and all four were hospitalized. "
        "One of the four died on Sunday.",
        1,
        3,
    ),
    # "gunned down" says shot, not whether the person lived
    ("A teenager was gunned down outside a store on Monday night, police said.", 0, 1),
    # injured people and their counts
    ("A shooting on Tuesday left a 7-year-old girl dead and her grandmother wounded.", 1, 1),
    (
        "A 3-year-old boy shot himself in the hand with his father's gun on Tuesday, police said.",
        0,
        1,
    ),
    ("Ellen Marsh suffered a minor hand injury when the rifle went off on Sunday.", 0, 1),
    # the dead are not also counted hurt
    ("Four people were found dead on Monday. All four had gunshot wounds, police said.", 4, 0),
    # three shot, one died, the state of one other told: the two who lived are hurt
    (
        "A girl, her sister and their mother were shot during a robbery on Monday. The girl died "
        "at the hospital. Her sister, Rosa Vega, is in stable condition.",
        1,
        2,
    ),
]


@pytest.mark.parametrize(("text", "killed", "injured"), COUNT_CASES)
def test_killed_and_injured_counts(nlp: Language, text: str, killed: int, injured: int) -> None:
    (incident, *_) = run(nlp, "OAKDALE, Ind. — " + text + "\n", "2026-03-10")
    assert (incident["killed"], incident["injured"]) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("A man and a woman were found shot to death on Monday.", 2),
        ("A couple and their two children were shot and killed on Monday.", 4),
        # "along with" adds people, hung on the noun or on the verb
        ("A woman, along with her two sons, was shot and killed on Monday.", 3),
        ("Scott and Nicole Reyes, along with their four children, were found shot to death.", 6),
        # and only people
        ("A man was shot and killed along with his dog on Monday.", 1),
        # nor is a tally of several incidents
        (
            "A boy was shot and killed on Monday. By Tuesday, at least seven people had been "
            "killed in 33 separate shootings across the city since Friday.",
            1,
        ),
        (
            "A 4-year-old boy who shot himself at home has died. Last year, at least four "
            "children died in the county as a result of accidental shootings.",
            1,
        ),
    ],
)
def test_people_after_a_dateline_are_counted(nlp: Language, text: str, killed: int) -> None:
    # the parser makes an upper-case dateline the subject and the people an apposition to it;
    # the count is the same with and without one
    (incident, *_) = run(nlp, "OAKDALE, Ind. — " + text + "\n", "2026-03-10")
    assert incident["killed"] == killed
    (incident, *_) = run(nlp, text + "\n", "2026-03-10")
    assert incident["killed"] == killed


def test_a_county_agency_places_the_incident_in_its_county(nlp: Language) -> None:
    # no town is named: the sheriff's county is the place, not a town that shares its name
    text = (
        "A hunter was shot and wounded at a campground on Sunday, the Mesa County Sheriff's "
        "Office said. Colorado wildlife officers are helping with the investigation.\n"
    )
    (incident, *_) = run(nlp, text, "2026-03-10")
    loc = incident["location"]
    assert (loc["precision"], loc["county"], loc["city"], loc["state"]) == (
        "county",
        "Mesa County",
        None,
        "CO",
    )
    assert text[loc["evidence"][0]["start"] : loc["evidence"][0]["end"]].startswith("Mesa County")


NO_STATE_COUNTY = (
    "A 6-year-old boy was critically injured on Monday night when a rifle went off inside a "
    "home in Marion County, the sheriff's office said. The boy was flown to a hospital.\n"
)
NO_STATE_SHERIFF = (
    "Deputies with the Butler County Sheriff's Office responded to a home on Monday after a "
    "teenager was accidentally shot in the leg. He is expected to recover.\n"
)


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        # a county named with no state, from a Shreveport station: the Marion County 90 km
        # away in Texas, not Indiana's (the largest of the name)
        (NO_STATE_COUNTY, "https://www.ksla.com/story/1234/boy-hurt", ("Marion County", "TX")),
        # a sheriff's county with no state, from a Cape Girardeau station: Missouri's
        (NO_STATE_SHERIFF, "https://www.kfvs12.com/story/99/teen-shot", ("Butler County", "MO")),
        # from a Charlotte station no Butler County lies within reach: no place is guessed
        (NO_STATE_SHERIFF, "https://www.wbtv.com/story/99/teen-shot", (None, None)),
        # without an outlet, the largest county of the name, as before
        (NO_STATE_COUNTY, None, ("Marion County", "IN")),
    ],
)
def test_a_county_with_no_state_is_read_near_the_outlet(
    nlp: Language, text: str, url: str | None, expected: tuple[str | None, str | None]
) -> None:
    (incident, *_) = run(nlp, text, "2026-03-10", url=url)
    loc = incident["location"]
    assert (loc["county"], loc["state"]) == expected
    if expected[0] is not None:
        assert loc["precision"] == "county"
        (evidence, *_) = loc["evidence"]
        assert text[evidence["start"] : evidence["end"]].startswith(expected[0])


def test_a_town_police_name_places_the_incident_in_the_town(nlp: Language) -> None:
    text = (
        "A man was shot and wounded outside a store on Sunday, Salina police said. Kansas "
        "troopers are helping with the investigation.\n"
    )
    (incident, *_) = run(nlp, text, "2026-03-10")
    assert (incident["location"]["city"], incident["location"]["state"]) == ("Salina", "KS")


def test_charged_with_murder_is_not_a_death_of_the_accused(nlp: Language) -> None:
    text = (
        "OAKDALE, Ind. — A man was shot and wounded outside a bar on Friday. Carl Denton, 31, "
        "was charged with attempted murder on Saturday, police said.\n"
    )
    (incident, *_) = run(nlp, text, "2026-03-10")
    assert (incident["killed"], incident["injured"]) == (0, 1)
    assert not [p for p in incident["participants"] if p["outcome"] == "killed"]


def test_the_firearm_is_the_officers_when_officers_fired(nlp: Language) -> None:
    (by_police,) = run(
        nlp, "MILTON, Vt. — Two deputies shot a man outside a diner on Sunday, the sheriff said."
    )
    assert {"kind": "firearm", "held_by": "officer"} in weapons_of(by_police)
    (other,) = run(
        nlp, "MILTON, Vt. — A man shot his neighbor outside a diner on Sunday, police said."
    )
    assert {"kind": "firearm", "held_by": None} in weapons_of(other)


POLICE_FIRED_CASES = [
    # (text, whether the officers fired)
    ("DOVER, Del. — Officers shot a man outside a pharmacy on Sunday, the chief said.", True),
    ("DOVER, Del. — Police are investigating a shooting outside a pharmacy on Sunday.", False),
    ("DOVER, Del. — Police: man shot outside a pharmacy on Sunday night.", False),
    (
        "DOVER, Del. — A man was shot outside a pharmacy on Sunday. Police arrested him later.",
        False,
    ),
    (
        "DOVER, Del. — An officer-involved shooting left a man wounded outside a pharmacy Sunday.",
        True,
    ),
    ("DOVER, Del. — The two troopers who shot a man outside a pharmacy Sunday are on leave.", True),
    (
        "DOVER, Del. — Officer Dana Reyes answered a call at a pharmacy on Sunday. "
        "A man ran at her, and Reyes shot him once, the chief said.",
        True,
    ),
    (
        "DOVER, Del. — Officer Dana Reyes died on Sunday after a man shot her outside a pharmacy.",
        False,
    ),
    ("DOVER, Del. — Witnesses to the officer's shooting on Sunday spoke to reporters.", False),
]


@pytest.mark.parametrize(("text", "fired"), POLICE_FIRED_CASES)
def test_who_fired_reads_the_agent_not_any_police_mention(
    nlp: Language, text: str, fired: bool
) -> None:
    (incident, *_) = run(nlp, text, "2026-03-10")
    assert "shooting" in incident["types"]
    held = {w["held_by"] for w in incident["weapons"] if w["kind"] == "firearm"}
    assert held == ({"officer"} if fired else {None})


def test_a_protest_story_refers_to_the_shooting_it_follows(nlp: Language) -> None:
    text = (
        "DOVER, Del. — Dozens of protesters marched outside City Hall on Sunday, three days "
        "after state troopers shot a driver in Dover.\n\n"
        "The rally was for Sam Ortiz, the man shot during Thursday's traffic stop. "
        "Ortiz remains in the hospital."
    )
    protest, shooting = run(nlp, text, "2026-03-09T10:00:00-05:00")
    assert (protest["role"], shooting["role"]) == ("main", "background")
    assert "protest" in protest["types"] and "shooting" not in protest["types"]
    assert protest["date"]["value"] == "2026-03-08"
    assert (protest["killed"], protest["injured"]) == (None, None)
    assert shooting["types"] == ["enforcement_operation", "shooting"]  # the traffic stop
    assert shooting["date"]["value"] == "2026-03-05"  # Thursday
    assert (shooting["location"]["city"], shooting["location"]["state"]) == ("Dover", "DE")
    assert (shooting["killed"], shooting["injured"]) == (0, 1)
    assert weapons_of(shooting) == [{"kind": "firearm", "held_by": "officer"}]
    check_shape(text, shooting)


def test_a_shooting_story_with_an_after_clause_stays_one_incident(nlp: Language) -> None:
    text = (
        "DOVER, Del. — Police arrested a man on Sunday, three days after he shot a neighbor "
        "outside a store in Dover, the chief said."
    )
    (incident,) = run(nlp, text, "2026-03-09T10:00:00-05:00")
    assert "shooting" in incident["types"] and incident["injured"] == 1


def test_another_city_named_as_an_incident_further_down_is_a_background_case(
    nlp: Language,
) -> None:
    text = (
        "PORTLAND, Ore. — Border Patrol agents shot a driver during a vehicle stop in Northeast "
        "Portland on Thursday, Jan. 8, federal officials said.\n\n"
        "The man survived and remains hospitalized, his family said.\n\n"
        "The Minneapolis shooting happened on Monday, Jan. 5, when an ICE officer shot a man "
        "once during an arrest. That man also survived.\n\n"
        "The FBI is investigating both shootings."
    )
    portland, minneapolis = run(nlp, text, "2026-01-09T10:00:00-08:00")
    assert (portland["role"], minneapolis["role"]) == ("main", "background")
    assert (portland["location"]["city"], portland["date"]["value"]) == ("Portland", "2026-01-08")
    assert (minneapolis["location"]["city"], minneapolis["location"]["state"]) == (
        "Minneapolis",
        "MN",
    )
    assert minneapolis["date"]["value"] == "2026-01-05"
    assert {a["code"] for a in portland["agencies"]} == {"USBP", "FBI"}  # not ICE: Minneapolis's
    assert {a["code"] for a in minneapolis["agencies"]} == {"ICE"}
    assert (portland["injured"], minneapolis["injured"]) == (1, 1)
    check_shape(text, minneapolis)


def test_boilerplate_never_adds_to_an_incident(analyzer: Analyzer) -> None:
    # a related-story link about another shooting is page furniture: its dead are not this
    # incident's, and its words give it no type
    text = (
        "OAKDALE, Ind. — A man was shot and wounded outside a bar on Friday night, police said.\n\n"
        "RELATED: Four found dead, shot inside apartment in south Oakdale\n\n"
        "The man was taken to a hospital in stable condition.\n"
    )
    data = analyzer.analyze(Article.create(text, published="2026-03-10")).to_dict()
    related = next(s for s in data["sentences"] if text[s["start"] :].startswith("RELATED"))
    assert related["label"] == "boilerplate"
    (incident,) = [i for i in data["incidents"] if i["role"] == "main"]
    assert (incident["killed"], incident["injured"]) == (0, 1)


def test_an_incident_is_never_founded_on_opinion_alone(analyzer: Analyzer) -> None:
    # a column that argues about police shootings in general, in the outlet's own voice
    column = (
        "We should be ashamed that police shootings have become routine in this country.\n\n"
        "How many more people must be killed before our leaders finally act?\n"
    )
    data = analyzer.analyze(Article.create(column, published="2026-03-10")).to_dict()
    assert {s["label"] for s in data["sentences"]} == {"opinion"}
    assert data["incidents"] == []
    # the same column with one reported sentence about a shooting has that incident
    report = "A deputy shot and wounded a man on Main Street in Oakdale, Ind., on Friday.\n\n"
    data = analyzer.analyze(Article.create(report + column, published="2026-03-10")).to_dict()
    first = data["sentences"][0]
    assert first["label"] == "reporting"
    (incident,) = [i for i in data["incidents"] if i["role"] == "main"]
    assert incident["types"] and incident["injured"] == 1


def test_a_headline_with_the_outlets_name_tells_who_was_shot(analyzer: Analyzer) -> None:
    # headline grammar: "Man shot and killed" is passive; "| Local News - KXYZ" is no object
    title = "Man shot and killed on Oakdale's north side | Local News - KXYZ"
    text = f"{title}\n\nIt happened near Beale Street around 3:20 a.m. on Sunday, police said.\n"
    data = analyzer.analyze(Article.create(text, title=title, published="2026-03-10")).to_dict()
    (incident,) = [i for i in data["incidents"] if i["role"] == "main"]
    assert (incident["killed"], incident["injured"]) == (1, 0)
    # the same words as a lede with an article and an object are read as written
    lede = "A man shot his neighbor on Oakdale's north side on Sunday, police said.\n"
    data = analyzer.analyze(Article.create(lede, title="Neighbor shot", published="2026-03-10"))
    (incident,) = [i for i in data.to_dict()["incidents"] if i["role"] == "main"]
    assert incident["injured"] == 1


def test_people_after_a_short_dateline_are_counted(nlp: Language) -> None:
    # a three-letter town as the dateline ("ROY —"), which the parser makes the subject
    text = "ROY — A couple and their two young children were found dead in their home on Monday.\n"
    (incident, *_) = run(nlp, text, "2026-03-10")
    assert incident["killed"] == 4
    # an agency's acronym opening the sentence is no dateline: the man is still the one shot
    (incident, *_) = run(nlp, "ICE agents shot and killed a man on Monday.\n", "2026-03-10")
    assert incident["killed"] == 1


@pytest.mark.parametrize(
    "stamp",
    [
        "Posted 3:57 AM, March 10, 2026, by Dana Reyes\n\n",
        "Oakdale, Ind. (March 10, 2026) – ",
    ],
)
def test_a_posting_stamp_or_a_release_date_is_not_the_incidents_date(
    nlp: Language, stamp: str
) -> None:
    text = stamp + "A deputy shot and wounded a man who fired at officers on Monday night.\n"
    (incident, *_) = run(nlp, text, "2026-03-10")
    assert incident["date"]["value"] == "2026-03-09"
    # with no other date in the text, the day stays unknown rather than the posting day
    (incident, *_) = run(nlp, stamp + "A deputy shot and wounded a man.\n", "2026-03-10")
    assert incident["date"]["value"] is None


def test_a_vague_date_is_kept_as_its_range_without_a_day(nlp: Language) -> None:
    text = "OAKDALE, Ind. — A deputy shot and wounded a man earlier this week, police said.\n"
    (incident, *_) = run(nlp, text, "2026-03-12")
    date = incident["date"]
    assert (date["value"], date["granularity"]) == (None, "week")
    assert (date["earliest"], date["latest"]) == ("2026-03-09", "2026-03-12")
    assert [e["text"] for e in date["evidence"]] == ["earlier this week"]


@pytest.mark.parametrize(
    ("title", "body", "killed", "injured"),
    [
        # Title Case and capitals, which the parser reads as names
        (
            "Two Men, Woman Dead In Oakdale Farmhouse",
            "Deputies found Dana Reyes and Sam Reyes deceased in a home on Monday.",
            3,
            0,
        ),
        (
            "OAKDALE HUNTING TRIP CLAIMS LIFE",
            "Deputies said Lee Park, 35, was found near his tree stand with a gunshot wound on "
            "Sunday.",
            1,
            0,
        ),
        # a first report of one shot, whose headline tells the death
        (
            "Oakdale teen walking home from practice is shot dead",
            "Police said a 17-year-old was gunned down on Elm Street on Monday night.",
            1,
            0,
        ),
        (
            "Police still asking what led to deadly shooting on Elm Street",
            "Police said a 16-year-old was shot inside a home on Monday. Medics took him to a "
            "hospital in critical condition.",
            1,
            0,
        ),
        # numbers summed over a coordination; "self" counted
        (
            "Police: 2 adults, 1 child shot to death at Oakdale motel",
            "Officers found a couple and their baby dead in a motel room on Friday.",
            3,
            0,
        ),
        ("Man kills wife, self in Elm Street home", "Police said a man shot his wife.", 2, 0),
        (
            "Father who shot and killed son, himself, had been charged before",
            "Police said the man shot his son in their apartment on Monday.",
            2,
            0,
        ),
        # an age is no count, and the site's name past the dash is no person
        (
            "Three held in killing of 6-year-old boy - KXYZ News 5 - Oakdale, Ind.",
            "Three men were charged on Monday in the killing of 6-year-old Sam Reyes.",
            1,
            0,
        ),
    ],
)
def test_the_headline_tells_who_died(
    analyzer: Analyzer, title: str, body: str, killed: int, injured: int | None
) -> None:
    # the headline reaches the text as a JSONL record, a page or the API gives it
    article = Article.create(body, title=title, published="2026-03-10", headline_first=True)
    assert article.text.startswith(title + "\n\n")
    (incident,) = [
        i for i in analyzer.analyze(article).to_dict()["incidents"] if i["role"] == "main"
    ]
    assert (incident["killed"], incident["injured"]) == (killed, injured)
    # the death is shown in the headline's own words
    dead = [p for p in incident["participants"] if p["outcome"] == "killed"]
    assert any(e["end"] <= len(title) for p in dead for e in p["evidence"])
    if injured == 0:  # one seen shot in the body and dead in the headline is not also hurt
        assert not any(p["outcome"] == "injured" for p in incident["participants"])


@pytest.mark.parametrize(
    "title",
    [
        "No one killed in Elm Street shooting",
        "Man nearly killed in Elm Street shooting",
        "Dead-end street shooting wounds two",
    ],
)
def test_a_headline_that_tells_no_count_of_deaths_adds_none(analyzer: Analyzer, title: str) -> None:
    body = "Two men were shot and wounded on Elm Street on Monday, police said."
    article = Article.create(body, title=title, published="2026-03-10", headline_first=True)
    (incident,) = [
        i for i in analyzer.analyze(article).to_dict()["incidents"] if i["role"] == "main"
    ]
    dead = [p for p in incident["participants"] if p["outcome"] == "killed"]
    assert not any(e["end"] <= len(title) for p in dead for e in p["evidence"])
    assert (incident["killed"], incident["injured"]) == (0, 2)


def test_the_headlines_coordination_stops_at_a_verb(analyzer: Analyzer) -> None:
    # "trooper, gunman wounded, woman found dead": one dead, not three
    title = "Oakdale standoff: trooper, gunman wounded, woman found dead"
    article = Article.create("Police said.", title=title, headline_first=True)
    doc = analyzer.nlp(analyzer._make_doc(article))
    (death,) = headline.deaths(doc, incidents._person_word, incidents._number)
    assert (death.count, death.patient.text) == (1, "woman")
    title = "Deputy, gunman dead after exchange of fire in Oakdale"
    doc = analyzer.nlp(
        analyzer._make_doc(Article.create("Police said.", title=title, headline_first=True))
    )
    (death,) = headline.deaths(doc, incidents._person_word, incidents._number)
    assert death.count == 2


def test_a_plural_with_no_number_in_the_headline_gives_no_count(analyzer: Analyzer) -> None:
    # "kills daughter, grandchildren, self": how many grandchildren the headline does not say
    title = "Grandmother kills daughter, grandchildren, self in Oakdale home"
    doc = analyzer.nlp(
        analyzer._make_doc(Article.create("Police said.", title=title, headline_first=True))
    )
    assert headline.deaths(doc, incidents._person_word, incidents._number) == []
    title = "Grandmother kills daughter, 2 grandchildren, self in Oakdale home"
    doc = analyzer.nlp(
        analyzer._make_doc(Article.create("Police said.", title=title, headline_first=True))
    )
    (death,) = headline.deaths(doc, incidents._person_word, incidents._number)
    assert (death.count, death.trigger.text, death.patient.text) == (4, "kills", "daughter")
