"""The claims extractor's lexicons, read once from ``data/lexicons/*.json``.

Three files, each with an ``_about`` header (where its words came from) and a ``version`` that is
stamped in ``producers``:

- ``cues-v3.json``: cue verbs and phrases with the certainty they give their content;
- ``hedges-v2.json``: modals, adverbs and predicates that hedge or negate a clause;
- ``roles-v1.json``: titles and organisation words that decide a source's role and kind.

The code says how the words are used; these files say which words.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.datafiles import DataFileError, read_versioned_json

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicons"
CUES_FILE = DATA_DIR / "cues-v3.json"
HEDGES_FILE = DATA_DIR / "hedges-v2.json"
ROLES_FILE = DATA_DIR / "roles-v1.json"

CERTAINTIES = (
    "fact",
    "attributed",
    "reported",
    "alleged",
    "believed",
    "possible",
    "unknown",
    "denied",
)
ROLES = (
    "law_enforcement",
    "official",
    "elected_official",
    "witness",
    "family",
    "lawyer",
    "union",
    "medical_examiner",
    "advocate",
    "outlet",
    "other",
)


@dataclass(frozen=True, slots=True)
class Cues:
    version: str
    verbs: dict[str, str]  # lemma -> certainty
    object_ok: frozenset[str]
    phrases: dict[str, str]  # "according to" -> certainty
    reported_adverbs: frozenset[str]
    statement_nouns: frozenset[str]
    # "not_speech": nouns that make a cue verb an act ("called 911", "responded to the scene")
    service_nouns: frozenset[str] = frozenset()
    dispatch_nouns: frozenset[str] = frozenset()
    found_nouns: frozenset[str] = frozenset()
    heard_nouns: frozenset[str] = frozenset()
    particle_phrases: dict[str, str] = field(default_factory=dict)  # "rule out" -> denied
    found_states: frozenset[str] = frozenset()
    finders: frozenset[str] = frozenset()
    referral_nouns: frozenset[str] = frozenset()  # "referred to prosecutors": a handing over
    colon_labels: frozenset[str] = frozenset()  # "Update:", "The Latest:": no source


@dataclass(frozen=True, slots=True)
class Hedges:
    version: str
    modals: dict[str, str]
    adverbs: dict[str, str]
    passive_verbs: dict[str, str]
    raising_verbs: dict[str, str]
    intention_verbs: dict[str, str]
    unknown_adjectives: frozenset[str]
    unknown_negated: frozenset[str]
    possible_adjectives: frozenset[str]
    conditional_marks: frozenset[str]
    negations: frozenset[str]
    negative_determiners: frozenset[str]
    negative_pronouns: frozenset[str]
    factive_verbs: frozenset[str]
    neg_raising_verbs: frozenset[str]
    not_done_words: frozenset[str]
    preventing_verbs: frozenset[str]
    done_nouns: frozenset[str]
    ending_verbs: frozenset[str]


@dataclass(frozen=True, slots=True)
class Roles:
    version: str
    role_phrases: tuple[tuple[tuple[str, ...], str], ...]
    role_words: dict[str, str]
    agency_words: frozenset[str]
    law_enforcement_words: frozenset[str]
    outlet_words: frozenset[str]
    document_words: frozenset[str]
    unnamed_words: frozenset[str]
    reported_words: frozenset[str]
    group_words: frozenset[str]

    def source_word(self, word: str) -> bool:
        """Whether lower-case ``word`` names a kind of source (a title, an agency, an outlet,
        a document, a group, "officials")."""
        return any(
            word in words
            for words in (
                self.role_words,
                self.agency_words,
                self.outlet_words,
                self.document_words,
                self.unnamed_words,
                self.group_words,
            )
        )


class LexiconError(DataFileError):
    """A lexicon file is missing or malformed: a packaging bug, not a user error."""


def _read(path: Path) -> dict[str, Any]:
    return read_versioned_json(path, "the lexicon")


def _certainties(path: Path, mapping: dict[str, str]) -> dict[str, str]:
    bad = {k: v for k, v in mapping.items() if v not in CERTAINTIES}
    if bad:
        raise LexiconError(f"{path}: unknown certainty values {bad}")
    return {k.lower(): v for k, v in mapping.items()}


def _words(values: list[str]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


@functools.cache
def load_cues(path: Path = CUES_FILE) -> Cues:
    data = _read(path)
    return Cues(
        version=str(data["version"]),
        verbs=_certainties(path, data["verbs"]),
        object_ok=_words(data["object_ok"]),
        phrases=_certainties(path, data["phrases"]),
        reported_adverbs=_words(data["reported_adverbs"]),
        statement_nouns=_words(data["statement_nouns"]),
        particle_phrases=_certainties(path, data.get("particle_phrases", {})),
        service_nouns=_words(data["not_speech"]["service_nouns"]),
        dispatch_nouns=_words(data["not_speech"]["dispatch_nouns"]),
        found_nouns=_words(data["not_speech"]["found_nouns"]),
        heard_nouns=_words(data["not_speech"]["heard_nouns"]),
        found_states=_words(data["not_speech"]["found_states"]),
        finders=_words(data["not_speech"]["finders"]),
        referral_nouns=_words(data["not_speech"]["referral_nouns"]),
        colon_labels=_words(data.get("colon_labels", [])),
    )


@functools.cache
def load_hedges(path: Path = HEDGES_FILE) -> Hedges:
    data = _read(path)
    return Hedges(
        version=str(data["version"]),
        modals=_certainties(path, data["modals"]),
        adverbs=_certainties(path, data["adverbs"]),
        passive_verbs=_certainties(path, data["passive_verbs"]),
        raising_verbs=_certainties(path, data["raising_verbs"]),
        intention_verbs=_certainties(path, data["intention_verbs"]),
        unknown_adjectives=_words(data["unknown_adjectives"]),
        unknown_negated=_words(data["unknown_negated"]),
        possible_adjectives=_words(data["possible_adjectives"]),
        conditional_marks=_words(data["conditional_marks"]),
        negations=_words(data["negations"]),
        negative_determiners=_words(data["negative_determiners"]),
        negative_pronouns=_words(data["negative_pronouns"]),
        factive_verbs=_words(data["factive_verbs"]),
        neg_raising_verbs=_words(data["neg_raising_verbs"]),
        not_done_words=_words(data["not_done_words"]),
        preventing_verbs=_words(data["preventing_verbs"]),
        done_nouns=_words(data["done_nouns"]),
        ending_verbs=_words(data["ending_verbs"]),
    )


@functools.cache
def load_roles(path: Path = ROLES_FILE) -> Roles:
    data = _read(path)
    phrases = []
    for phrase, role in data["role_phrases"]:
        if role not in ROLES:
            raise LexiconError(f"{path}: unknown role {role!r}")
        phrases.append((tuple(phrase.lower().split()), role))
    bad = {k: v for k, v in data["role_words"].items() if v not in ROLES}
    if bad:
        raise LexiconError(f"{path}: unknown roles {bad}")
    return Roles(
        version=str(data["version"]),
        role_phrases=tuple(phrases),
        role_words={k.lower(): v for k, v in data["role_words"].items()},
        agency_words=_words(data["agency_words"]),
        law_enforcement_words=_words(data["law_enforcement_words"]),
        outlet_words=_words(data["outlet_words"]),
        document_words=_words(data["document_words"]),
        unnamed_words=_words(data["unnamed_words"]),
        reported_words=_words(data["reported_words"]),
        group_words=_words(data["group_words"]),
    )


def data_versions() -> dict[str, str]:
    """Versioned names of the lexicons, for ``producers``."""
    return {
        "lexicons.cues": load_cues().version,
        "lexicons.hedges": load_hedges().version,
        "lexicons.roles": load_roles().version,
    }
