"""Law-enforcement agencies named in an article (newsledger.nlp.agencies,
incidents.agencies.v1). Sentences written for these tests; the sample corpus is our own fiction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.nlp import agencies
from newsledger.nlp.agencies import AgencyMention, find_agencies
from newsledger.nlp.pipeline import Analyzer


def _find(analyzer: Analyzer, text: str, state: str | None = None) -> list[AgencyMention]:
    return find_agencies(analyzer.nlp(text), state=state)


def _by_key(found: list[AgencyMention]) -> dict[str, AgencyMention]:
    return {m.key: m for m in found}


def test_gazetteer_shape() -> None:
    data = json.loads(agencies.AGENCIES_FILE.read_text(encoding="utf-8"))
    assert data["_about"] and data["version"] == agencies.load_gazetteer().version
    gaz = agencies.load_gazetteer()
    codes = {a.code for a in gaz.agencies if a.code}
    assert codes >= {"DHS", "ICE", "ERO", "HSI", "CBP", "USBP", "OFO", "AMO", "USSS", "USCG",
                     "FPS", "DOJ", "FBI", "DEA", "ATF", "USMS", "BOP", "NG"}  # fmt: skip
    parents = {a.code: a.parent for a in gaz.agencies if a.code}
    assert parents["ERO"] == parents["HSI"] == "ICE"
    assert parents["USBP"] == parents["OFO"] == parents["AMO"] == "CBP"
    assert parents["ICE"] == parents["CBP"] == parents["FPS"] == "DHS"
    assert parents["FBI"] == parents["USMS"] == "DOJ"
    for a in gaz.agencies:
        assert a.parent is None or a.parent in codes
        assert a.level in agencies.LEVELS
    main_states = {a.state for a in gaz.agencies if a.main}
    assert len(main_states) == 50 and main_states == set(gaz.states)
    assert all(a.level == "state" and a.code is None for a in gaz.agencies if a.state)


def test_federal_names_aliases_and_acronyms(analyzer: Analyzer) -> None:
    text = (
        "Border Patrol agents and ICE officers detained two men near the port, and an officer "
        "from the Office of Field Operations was there. U.S. Customs and Border Protection said "
        "the FBI and Homeland Security Investigations would review it. Deputy U.S. marshals "
        "and the Secret Service were not involved."
    )
    found = _by_key(_find(analyzer, text))
    assert set(found) >= {"USBP", "ICE", "OFO", "CBP", "FBI", "HSI", "USMS", "USSS"}
    assert "DHS" not in found  # "Homeland Security Investigations" is HSI, not DHS
    usbp = found["USBP"]
    assert (usbp.name, usbp.parent, usbp.level) == ("U.S. Border Patrol", "CBP", "federal")
    assert [e.text for e in usbp.evidence] == ["Border Patrol"]
    for m in found.values():
        for e in m.evidence:
            assert text[e.start : e.end] == e.text


def test_one_record_per_agency_with_all_evidence(analyzer: Analyzer) -> None:
    text = (
        "An officer with U.S. Immigration and Customs Enforcement fired a shot. ICE said the "
        "officer feared for his life, and ICE's field office declined to comment."
    )
    found = _find(analyzer, text)
    assert [m.code for m in found] == ["ICE"]
    assert [e.text for e in found[0].evidence] == [
        "U.S. Immigration and Customs Enforcement", "ICE", "ICE",
    ]  # fmt: skip


def test_acronyms_are_case_sensitive(analyzer: Analyzer) -> None:
    found = _find(analyzer, "Ice on the bridge caused a crash, and the dea of the plan was atf.")
    assert found == []


def test_local_police_by_pattern(analyzer: Analyzer) -> None:
    text = (
        "Officers with the Minneapolis Police Department closed the street. Later, Columbus "
        "police said they had sent a team, and police in Tulsa said they had not."
    )
    found = _by_key(_find(analyzer, text))
    mpd = found["local:police:minneapolis"]
    assert (mpd.name, mpd.code, mpd.level, mpd.parent) == (
        "Minneapolis Police Department", None, "local", None,
    )  # fmt: skip
    assert found["local:police:columbus"].name == "Columbus police"
    assert found["local:police:tulsa"].name == "Tulsa police"
    assert [e.text for e in found["local:police:tulsa"].evidence] == ["police in Tulsa"]


def test_generic_and_official_forms_of_one_agency_merge(analyzer: Analyzer) -> None:
    text = (
        "A Columbus police officer shot a man on the Hilltop. The Columbus Division of Police "
        "said the officer was on leave. The division will release the video, police said."
    )
    found = _find(analyzer, text)
    assert len(found) == 1
    m = found[0]
    assert m.name == "Columbus Division of Police" and m.key == "local:police:columbus"
    texts = [e.text for e in m.evidence]
    assert "Columbus police officer" in texts and "Columbus Division of Police" in texts
    assert "The division" in texts


def test_sheriffs_by_pattern(analyzer: Analyzer) -> None:
    text = (
        "San Patricio County Sheriff's Office deputies stopped a truck. The county sheriff's "
        "office said the driver fled. Hays County sheriff's deputies later found him."
    )
    found = _by_key(_find(analyzer, text))
    sp = found["local:sheriff:san patricio county"]
    assert sp.name == "San Patricio County Sheriff's Office" and sp.level == "local"
    hays = found["local:sheriff:hays county"]
    assert hays.name == "Hays County sheriff"
    # two sheriffs' offices: "the county sheriff's office" is left unresolved
    assert all(
        "county sheriff's office" not in [e.text for e in m.evidence] for m in found.values()
    )


def test_typographic_apostrophes(analyzer: Analyzer) -> None:
    found = _find(analyzer, "Deputies with the Bexar County Sheriff\u2019s Office arrived.")
    assert [m.name for m in found] == ["Bexar County Sheriff's Office"]


def test_county_sheriffs_office_without_antecedent_is_generic(analyzer: Analyzer) -> None:
    found = _find(analyzer, "The county sheriff's office said the man was armed.")
    assert len(found) == 1
    m = found[0]
    assert (m.name, m.code, m.level, m.generic) == ("county sheriff's office", None, "local", True)


def test_bare_police_never_creates_a_record(analyzer: Analyzer) -> None:
    assert _find(analyzer, "Police said the man was armed. He advises police departments.") == []


def test_federal_immigration_agents_are_generic_dhs(analyzer: Analyzer) -> None:
    text = "Federal immigration agents arrested four people. Immigration officers left at noon."
    found = _find(analyzer, text)
    assert len(found) == 1
    m = found[0]
    assert (m.name, m.code, m.parent, m.level, m.generic) == (
        "federal immigration agents", None, "DHS", "federal", True,
    )  # fmt: skip
    assert [e.text for e in m.evidence] == ["Federal immigration agents", "Immigration officers"]


def test_the_department_only_when_resolvable(analyzer: Analyzer) -> None:
    text = (
        "The Department of Homeland Security defended the agents. The department "
        "said they were attacked."
    )
    one = _by_key(_find(analyzer, text))
    assert [e.text for e in one["DHS"].evidence] == [
        "Department of Homeland Security", "The department",
    ]  # fmt: skip
    two = _find(
        analyzer,
        "The Department of Homeland Security and the Tacoma Police Department disagree. "
        "The department said it had video.",
    )
    assert all("The department" not in [e.text for e in m.evidence] for m in two)


def test_the_bureau_with_two_bureaus_is_left_alone(analyzer: Analyzer) -> None:
    found = _find(
        analyzer,
        "The Portland Police Bureau arrived after the FBI. A spokesperson said the bureau "
        "would investigate.",
    )
    assert all("the bureau" not in [e.text for e in m.evidence] for m in found)


def test_state_agencies(analyzer: Analyzer) -> None:
    text = (
        "The Ohio Bureau of Criminal Investigation took over the case, a BCI spokesperson said. "
        "Washington State Patrol troopers closed the highway."
    )
    found = _by_key(_find(analyzer, text))
    bci = found["state:OH:ohio bureau of criminal investigation"]
    assert (bci.level, bci.code, bci.state) == ("state", None, "OH")
    assert [e.text for e in bci.evidence] == ["Ohio Bureau of Criminal Investigation", "BCI"]
    assert found["state:WA:washington state patrol"].name == "Washington State Patrol"
    # an acronym alone is not enough
    assert _find(analyzer, "A BCI agent was at the scene.") == []


def test_state_police_with_state_hint(analyzer: Analyzer) -> None:
    found = _find(analyzer, "State police closed the road after the crash.", state="OR")
    assert [(m.name, m.level) for m in found] == [("Oregon State Police", "state")]
    found = _find(analyzer, "State police closed the road after the crash.")
    assert [(m.name, m.generic) for m in found] == [("state police", True)]


def test_national_guard(analyzer: Analyzer) -> None:
    found = _find(analyzer, "The Oregon National Guard was sent to the city.")
    assert [(m.code, m.level, m.state) for m in found] == [("NG", "state", "OR")]
    found = _find(analyzer, "Federalized National Guard troops stood outside the building.")
    assert [(m.code, m.level) for m in found] == [("NG", "federal")]


def test_us_attorneys_office_with_district(analyzer: Analyzer) -> None:
    found = _find(
        analyzer, "The U.S. Attorney's Office for the Western District of Texas filed charges."
    )
    assert [(m.name, m.parent, m.level) for m in found] == [
        ("U.S. Attorney's Office for the Western District of Texas", "DOJ", "federal"),
    ]


def test_local_initials_after_full_name(analyzer: Analyzer) -> None:
    found = _find(
        analyzer,
        "The Charlotte-Mecklenburg Police Department said it took no part. "
        '"CMPD does not enforce immigration law," it said.',
    )
    assert len(found) == 1
    assert [e.text for e in found[0].evidence] == [
        "Charlotte-Mecklenburg Police Department",
        "CMPD",
    ]


def test_matchers_are_built_once_per_vocab(analyzer: Analyzer) -> None:
    _find(analyzer, "ICE agents arrived.")
    before = agencies._matchers.cache_info()
    _find(analyzer, "CBP officers left.")
    after = agencies._matchers.cache_info()
    assert after.misses == before.misses and after.hits == before.hits + 1


def test_to_dict_matches_the_contract(analyzer: Analyzer) -> None:
    (m,) = _find(analyzer, "The FBI is investigating.")
    d = m.to_dict()
    assert {k: d[k] for k in ("name", "code", "parent", "level")} == {
        "name": "Federal Bureau of Investigation", "code": "FBI", "parent": "DOJ",
        "level": "federal",
    }  # fmt: skip
    assert d["evidence"] == [{"start": 4, "end": 7, "text": "FBI"}]


# The bundled fictional corpus: every agency gold lists for an article, against what the finder
# names in it. Gold lists agencies that acted; the finder lists every one named, so precision is
# measured and reported, recall is held to a floor.


def _gold_key(analyzer: Analyzer, gold_name: str) -> str:
    """A gold code is its own key; a gold name is keyed by the finder reading the name alone."""
    if gold_name.isupper():
        return gold_name
    found = _find(analyzer, f"The {gold_name} said so.")
    assert len(found) == 1, (gold_name, found)
    return found[0].key


def test_sample_corpus_hit_rate(
    analyzer: Analyzer, sample_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sample_corpus.parent  # the fixture gives articles.jsonl
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    articles = [
        json.loads(line)
        for line in sample_corpus.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    hits = total = found_in_gold = found_total = 0
    missed: list[tuple[str, str]] = []
    for article, doc in zip(
        articles, analyzer.nlp.pipe([a["text"] for a in articles]), strict=True
    ):
        wanted = {
            _gold_key(analyzer, name)
            for incident in gold[article["id"]]["incidents"]
            for name in incident["agencies"]
        }
        got = {m.key for m in find_agencies(doc) if not m.generic}
        hits += len(wanted & got)
        total += len(wanted)
        found_in_gold += len(got & wanted)
        found_total += len(got)
        missed += [(article["id"], k) for k in sorted(wanted - got)]
    recall, precision = hits / total, found_in_gold / found_total
    with capsys.disabled():
        print(
            f"\nagencies on the sample corpus: recall {hits}/{total} = {recall:.3f}, "
            f"precision {found_in_gold}/{found_total} = {precision:.3f}; missed {missed}"
        )
    assert recall >= 0.95
    assert precision >= 0.85


@pytest.mark.parametrize(
    "text",
    ["The icemaker broke.", "She studied police reform in college.", "Sheriff Ana Cruz spoke."],
)
def test_no_false_records(analyzer: Analyzer, text: str) -> None:
    assert _find(analyzer, text) == []
