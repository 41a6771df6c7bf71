"""The records analysis returns: the ``newsledger.analysis/1`` contract of DESIGN.md.

An :class:`Analysis` is plain data; ``to_dict()`` gives the public JSON, which the JSON Schema in
``newsledger/schemas/analysis-1.json`` describes. Offsets are character offsets into
``article.text``.

Fields added to the contract by this version (additions do not bump the version):
``mentions`` (entity mentions with their kind), ``producers`` (the versioned name of every
component and data file that made the analysis), ``model`` (the spaCy pipeline used) and
``warnings`` (problems a component recorded for this article instead of failing the batch),
``sentences[].kind`` (what a boilerplate sentence is: ``related``, ``share``, ``photo``,
``copyright``, ``correction``, ``bio``, ...; null for the other labels) and ``genre``
(``{"label": "news|opinion|analysis|press_release", "opinion_share", "cues"}``, null when the
labeller failed on the article).

``sentences[].label`` is ``reporting``, ``opinion`` or ``boilerplate`` and ``score`` the
labeller's confidence in it (``newsledger.labels.v1``); both are null only where the labeller
recorded an error in ``warnings``. ``claims`` come from ``claims.attribution.v8``; each claim
also carries ``extractor``, the versioned name of what made it (an addition to the contract).
``incidents`` come from ``incidents.extract.v6`` (the main incident first, then background cases).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsledger.article import Article

SCHEMA_ID = "newsledger.analysis/1"

# Entity kinds newsledger reports, from the spaCy (OntoNotes) labels that map to them.
MENTION_KINDS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "DATE": "date",
    "TIME": "time",
}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    label: str | None = None  # reporting | opinion | boilerplate
    score: float | None = None  # the labeller's confidence in the label, 0..1
    kind: str | None = None  # for boilerplate: related, share, photo, correction, bio, ...

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "score": self.score,
            "kind": self.kind,
        }


GENRES = ("news", "opinion", "analysis", "press_release")


@dataclass(frozen=True, slots=True)
class Genre:
    """The article's genre with the share of its (non-boilerplate) sentences labelled opinion,
    and the cues that decided it (``title``, ``opinion_share``, ``furniture:<kind>``)."""

    label: str  # news | opinion | analysis | press_release
    opinion_share: float | None
    cues: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "opinion_share": self.opinion_share, "cues": list(self.cues)}


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    kind: str  # person | organization | place | date | time
    label: str  # the pipeline's own label (PERSON, GPE, ...)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "label": self.label,
        }


@dataclass(slots=True)
class Analysis:
    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    genre: Genre | None = None
    mentions: list[Mention] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    producers: dict[str, str] = field(default_factory=dict)
    model: dict[str, str] = field(default_factory=dict)
    # Per-document problems a component recorded instead of failing the batch.
    warnings: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_ID,
            "article": self.article.to_dict(),
            "sentences": [s.to_dict() for s in self.sentences],
            "genre": self.genre.to_dict() if self.genre is not None else None,
            "mentions": [m.to_dict() for m in self.mentions],
            "claims": list(self.claims),
            "incidents": list(self.incidents),
            "producers": dict(self.producers),
            "model": dict(self.model),
            "warnings": list(self.warnings),
        }
