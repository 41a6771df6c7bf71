"""Certainty and polarity rules and the lexicon files they read (``claims.attribution.v2``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.nlp import lexicons
from newsledger.nlp.attribution import extract_claims
from newsledger.nlp.lexicons import CERTAINTIES, ROLES
from newsledger.nlp.pipeline import Analyzer


@pytest.mark.parametrize("path", [lexicons.CUES_FILE, lexicons.HEDGES_FILE, lexicons.ROLES_FILE])
def test_lexicon_files_have_a_header_and_a_version(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "Written by hand" in data["_about"] and "no dataset text was copied" in data["_about"]
    # the version is the file's: cues-v2.json holds lexicons.cues.v2
    number = path.stem.rsplit("-", 1)[1]
    assert data["version"] == f"lexicons.{path.stem.rsplit('-', 1)[0]}.{number}"


def test_lexicons_load_with_known_values_only() -> None:
    cues, hedges, roles = lexicons.load_cues(), lexicons.load_hedges(), lexicons.load_roles()
    assert set(cues.verbs.values()) <= set(CERTAINTIES)
    assert cues.verbs["say"] == "attributed" and cues.verbs["deny"] == "denied"
    assert set(hedges.modals.values()) | set(hedges.adverbs.values()) <= set(CERTAINTIES)
    assert set(roles.role_words.values()) <= set(ROLES)
    assert cues.object_ok <= set(cues.verbs)
    assert set(lexicons.data_versions()) == {"lexicons.cues", "lexicons.hedges", "lexicons.roles"}


CASES = [
    # sentence, words of the claim's content, certainty, polarity
    ("The sheriff said no deputies were hurt.", "no deputies were hurt", "attributed", "negated"),
    ("Police said the officer did not fire.", "the officer did not fire", "attributed", "negated"),
    # "not" parsed on the adjective of a copula ("was not armed") negates the clause
    (
        "Police said the man was not armed and was not a threat.",
        "the man was not armed",
        "attributed",
        "negated",
    ),
    ("The family claimed the man was unarmed.", "the man was unarmed", "alleged", "affirmed"),
    ("Investigators believe the gun was his.", "the gun was his", "believed", "affirmed"),
    ("The chief said the man may face charges.", "may face charges", "possible", "affirmed"),
    ("The county should pay for the repairs.", "should pay", "possible", "affirmed"),
    ("The agency denied that agents fired first.", "agents fired first", "denied", "affirmed"),
    ("It was not known whether anyone was hurt.", "anyone was hurt", "unknown", "affirmed"),
    ("The driver was reportedly armed.", "reportedly armed", "reported", "affirmed"),
    ("The man is believed to have lived there.", "lived there", "believed", "affirmed"),
    ("Two officers were taken to a hospital.", "taken to a hospital", "fact", "affirmed"),
    ("No shots were fired.", "No shots were fired", "fact", "negated"),
    ("She did not say whether he was armed.", "he was armed", "unknown", "affirmed"),
    ("The office declined to say whether charges would follow.", "charges", "unknown", "affirmed"),
    # v7: what is declined or refused was not done, as the report states it and as sure as
    # the cue ("may refuse"); admitting is no factive: what is not admitted is not said
    ("The office declined to comment on the shooting.", "to comment", "fact", "negated"),
    ("The man refused to leave the store.", "to leave the store", "fact", "negated"),
    ("The officer may refuse to testify.", "to testify", "possible", "negated"),
    ("The officer did not admit that he used force.", "he used force", "unknown", "affirmed"),
    ("Police said the man appeared to be armed.", "to be armed", "believed", "affirmed"),
    (
        "Police said the man refused to drop the knife and lunged at officers.",
        "lunged",
        "attributed",
        "affirmed",
    ),
    ("The family could not be reached.", "could not be reached", "fact", "negated"),
    ("“I don't think he understood,” she said.", "he understood", "believed", "negated"),
    # a clause under a negated cue is not said, unless the cue takes it as given
    ("The crew did not hear anyone shouting.", "anyone shouting", "unknown", "affirmed"),
    ("The guard did not see the truck leave.", "the truck leave", "unknown", "affirmed"),
    ("The clerk did not know the store was closing.", "the store was closing", "fact", "affirmed"),
    ("DHS did not respond to questions.", "questions", "fact", "negated"),
    ("His lawyer said he denies hitting anyone.", "hitting anyone", "denied", "affirmed"),
    # v7: the inner cue's own verb is what the source said; what it bears on is hedged
    ("His lawyer said he denies hitting anyone.", "he denies", "attributed", "affirmed"),
    ("A witness said the man seemed confused.", "the man seemed confused", "believed", "affirmed"),
    ("The agents allegedly struck him, a witness said.", "struck him", "alleged", "affirmed"),
    (
        "The agents were looking for another man, according to a person familiar with the case.",
        "looking for another man",
        "reported",
        "affirmed",
    ),
]


@pytest.mark.parametrize(("sentence", "words", "certainty", "polarity"), CASES)
def test_certainty_and_polarity(
    analyzer: Analyzer, sentence: str, words: str, certainty: str, polarity: str
) -> None:
    claims = extract_claims(analyzer.nlp(sentence))
    hits = [c for c in claims if any(words in s["text"] for s in c["content"])]
    assert hits, claims
    # the innermost claim that holds the words, as the factuality eval reads it
    inner = min(hits, key=lambda c: sum(len(s["text"]) for s in c["content"]))
    assert (inner["certainty"], inner["polarity"]) == (certainty, polarity)


# --- the scope of a hedge or a negation is its clause (issue 3; sentences written here) -------

Outlet = tuple[list[str], str, str]  # (content, certainty, polarity) of a claim with no cue


SCOPE_CASES: list[tuple[str, list[Outlet]]] = [
    (
        "The officer fired twice, and the driver did not stop.",
        [
            (["The officer fired twice"], "fact", "affirmed"),
            (["and the driver did not stop."], "fact", "negated"),
        ],
    ),
    (
        "If the pump fails again, the town will close the pool.",
        [
            (["If the pump fails again"], "possible", "affirmed"),
            (["the town will close the pool."], "fact", "affirmed"),
        ],
    ),
    (
        "Residents who live near the plant did not receive the notice.",
        [
            (["Residents", "did not receive the notice."], "fact", "negated"),
            (["who live near the plant"], "fact", "affirmed"),
        ],
    ),
    (
        "The crew tried to reach the cabin before dark.",
        [
            (["The crew tried"], "fact", "affirmed"),
            (["to reach the cabin before dark"], "possible", "affirmed"),
        ],
    ),
    # a "to" infinitive of purpose or on a noun is not done, as far as the sentence says
    (
        "The deputy drove to the house to serve a warrant.",
        [
            (["The deputy drove to the house"], "fact", "affirmed"),
            (["to serve a warrant"], "possible", "affirmed"),
        ],
    ),
    (
        "The county lacked the money to buy body cameras.",
        [
            (["The county lacked the money"], "fact", "affirmed"),
            (["to buy body cameras"], "possible", "affirmed"),
        ],
    ),
    # ... but "the first officer to arrive" did arrive
    (
        "The first officer to arrive fired twice.",
        [(["The first officer to arrive fired twice."], "fact", "affirmed")],
    ),
    # "managed to" says it was done: one claim
    (
        "The mayor managed to reopen the library.",
        [(["The mayor managed to reopen the library."], "fact", "affirmed")],
    ),
    (
        "It is possible that the fire started in the kitchen.",
        [
            (["It is possible"], "possible", "affirmed"),
            (["that the fire started in the kitchen"], "possible", "affirmed"),
        ],
    ),
    # a clause completing a negated verb (lexicons.hedges.v2): an infinitive is what was not
    # done; another complement is neither said to have happened nor not to have; a factive
    # verb leaves it as the report tells it
    (
        "The crew did not try to reach the cabin.",
        [
            (["The crew did not try"], "fact", "negated"),
            (["to reach the cabin"], "possible", "negated"),
        ],
    ),
    (
        "The guards were not allowed to leave the yard.",
        [
            (["The guards were not allowed"], "fact", "negated"),
            (["to leave the yard"], "possible", "negated"),
        ],
    ),
    # ... and so is the infinitive of a word that says it was not done
    (
        "The driver failed to stop at the light.",
        [
            (["The driver failed"], "fact", "affirmed"),
            (["to stop at the light"], "possible", "negated"),
        ],
    ),
    (
        "Deputies were unable to reach the cabin.",
        [
            (["Deputies were unable"], "fact", "affirmed"),
            (["to reach the cabin"], "possible", "negated"),
        ],
    ),
    (
        "The county did not fail to pay the crew.",
        [
            (["The county did not fail"], "fact", "negated"),
            (["to pay the crew"], "possible", "affirmed"),
        ],
    ),
    (
        "The rules do not mean the plant is closing.",
        [
            (["The rules do not mean"], "fact", "negated"),
            (["the plant is closing"], "unknown", "affirmed"),
        ],
    ),
    (
        "The clerk did not notice the door was open.",
        [
            (["The clerk did not notice"], "fact", "negated"),
            (["the door was open"], "fact", "affirmed"),
        ],
    ),
    # a participle is no part of what its negated clause denies (v7); "without X" is
    (
        "The family has not spoken publicly since leaving the courthouse.",
        [
            (["The family has not spoken publicly since"], "fact", "negated"),
            (["leaving the courthouse"], "fact", "affirmed"),
        ],
    ),
    (
        "Officers did not release the footage recorded by the body camera.",
        [
            (["Officers did not release the footage"], "fact", "negated"),
            (["recorded by the body camera"], "fact", "affirmed"),
        ],
    ),
    (
        "The man did not leave without paying.",
        [(["The man did not leave without paying."], "fact", "negated")],
    ),
    # ... but "without X", "instead of X" and "barred ... from X" are X not done, and a gerund
    # on a noun ("the chance of X") is X possible
    (
        "The man left the store without paying.",
        [
            (["The man left the store without"], "fact", "affirmed"),
            (["paying"], "possible", "negated"),
        ],
    ),
    (
        "Officers barred the crowd from reaching the gate.",
        [
            (["Officers barred the crowd from"], "fact", "affirmed"),
            (["reaching the gate"], "possible", "negated"),
        ],
    ),
    # an infinitive with a subject of its own is as unsure as one without ("allowed the man to
    # leave" as "agreed to leave"); a gerund on a noun is so under a negation too
    (
        "The sergeant allowed the man to leave.",
        [
            (["The sergeant allowed"], "fact", "affirmed"),
            (["the man to leave"], "possible", "affirmed"),
        ],
    ),
    (
        "The city has no intention of hiring more officers.",
        [
            (["The city has no intention of"], "fact", "negated"),
            (["hiring more officers"], "possible", "affirmed"),
        ],
    ),
    # not done: after a negated adjective, on a noun that says so, or "yet to"
    (
        "Officials were not available to comment.",
        [
            (["Officials were not available"], "fact", "negated"),
            (["to comment"], "possible", "negated"),
        ],
    ),
    (
        "The county has no plans to release the video.",
        [
            (["The county has no plans"], "fact", "negated"),
            (["to release the video"], "possible", "negated"),
        ],
    ),
    (
        "Investigators have yet to find the weapon.",
        [
            (["Investigators have yet"], "fact", "affirmed"),
            (["to find the weapon"], "possible", "negated"),
        ],
    ),
    (
        "Neither the deputy nor his lawyer could be reached.",
        [(["Neither the deputy nor his lawyer could be reached."], "fact", "negated")],
    ),
    # "instead of X" is X not done; "nothing prevented them from X" did X; a gerund on a noun
    # of what was done reads as its clause does
    (
        "The man fled instead of paying.",
        [
            (["The man fled instead of"], "fact", "affirmed"),
            (["paying"], "possible", "negated"),
        ],
    ),
    (
        "Nothing prevented the officers from entering the home.",
        [
            (["Nothing prevented the officers from"], "fact", "negated"),
            (["entering the home"], "fact", "affirmed"),
        ],
    ),
    (
        "The officer had a history of using excessive force.",
        [(["The officer had a history of using excessive force."], "fact", "affirmed")],
    ),
    # a verb that ends what its gerund names
    (
        "The company stopped paying the guards in March.",
        [
            (["The company stopped"], "fact", "affirmed"),
            (["paying the guards in March"], "possible", "negated"),
        ],
    ),
    # a charge keeps its own certainty: no plan in "one count of assaulting an officer"
    (
        "He faces one count of assaulting an officer.",
        [(["He faces one count of assaulting an officer."], "fact", "affirmed")],
    ),
    (
        "The city lost its chance of winning the grant.",
        [
            (["The city lost its chance of"], "fact", "affirmed"),
            (["winning the grant"], "possible", "affirmed"),
        ],
    ),
    # a verb negated on its own, or not negated where the verb it is joined to is, is a clause
    (
        "Two men were charged but not arrested.",
        [
            (["Two men were charged"], "fact", "affirmed"),
            (["but not arrested"], "fact", "negated"),
        ],
    ),
    (
        "The man was armed but was not a threat.",
        [
            (["The man was armed"], "fact", "affirmed"),
            (["but was not a threat"], "fact", "negated"),
        ],
    ),
    (
        "The driver did not stop but drove toward the officers.",
        [
            (["The driver did not stop"], "fact", "negated"),
            (["but drove toward the officers"], "fact", "affirmed"),
        ],
    ),
    (
        "It remains to be seen whether the city will pay.",
        [(["It remains to be seen whether the city will pay."], "unknown", "affirmed")],
    ),
    # an embedded question stays with the clause that makes it unknown
    (
        "It remains unclear whether anyone was hurt.",
        [(["It remains unclear whether anyone was hurt."], "unknown", "affirmed")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), SCOPE_CASES)
def test_outlet_sentence_is_one_claim_per_clause(
    analyzer: Analyzer, sentence: str, expected: list[Outlet]
) -> None:
    claims = extract_claims(analyzer.nlp(sentence))
    assert all(c["cue"] is None and c["source"] is None for c in claims)
    got = [([s["text"] for s in c["content"]], c["certainty"], c["polarity"]) for c in claims]
    assert got == expected
