"""Article genre (``newsledger.genre.v1``): ``news``, ``opinion``, ``analysis`` or ``press_release``.

A pure function over what the sentence labeller found, the text's furniture and the title, with
its rules in ``data/labels/genre-v1.json``. In order:

1. **press_release** when the page carries at least ``press_release_min_kinds`` different kinds
   of release furniture (a "FOR IMMEDIATE RELEASE" header, a media contact, an "About ..." block,
   a ``###`` end mark).
2. **opinion** when the title says so ("Opinion:", "Editorial:", ...), when the article closes
   with a columnist's bio, when at least ``stance_sentences`` sentences (and ``stance_share`` of
   them) show the writer's own voice (first or second person, obligation, a question or an
   exclamation, outside quotes and reported speech), or when the share of opinion sentences
   reaches ``opinion_share``.
3. **analysis** when the title says so ("Analysis:", "Explainer:", ...) or the share of opinion
   sentences reaches ``analysis_share``.
4. **news** otherwise.

The genre then sets the threshold a sentence's probability of opinion must reach, because how
likely opinion is depends on where a sentence stands. In a report (news, analysis, press release)
a sentence is opinion from ``report_threshold`` on, or from the classifier's own threshold when
the writer's voice shows in it. In an opinion piece the writer's voice is the default: a sentence
that is not reported speech or boilerplate is opinion from ``opinion_piece_threshold`` on ("That
story arrived before investigators had interviewed a single witness." argues by selection).
Articles with fewer than ``min_sentences_for_share`` labelled sentences give too little context,
unless the title or the furniture states the genre: their labels stay the classifier's (this is
the case of each sentence of the subjectivity benchmark, analysed alone).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newsledger.analysis import Genre, Sentence
from newsledger.datafiles import read_versioned_json

VERSION = "newsledger.genre.v1"
RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "labels" / "genre-v1.json"


@dataclass(frozen=True, slots=True)
class GenreRules:
    version: str
    title_opinion: re.Pattern[str]
    title_analysis: re.Pattern[str]
    press_release_kinds: frozenset[str]
    press_release_min_kinds: int
    opinion_kinds: frozenset[str]
    opinion_share: float
    analysis_share: float
    min_sentences_for_share: int
    stance_sentences: int
    stance_share: float
    report_threshold: float
    opinion_piece_threshold: float


@functools.lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> GenreRules:
    data = read_versioned_json(path, "the genre rules")
    return GenreRules(
        version=data["version"],
        title_opinion=re.compile(data["title_opinion"], re.IGNORECASE),
        title_analysis=re.compile(data["title_analysis"], re.IGNORECASE),
        press_release_kinds=frozenset(data["press_release_kinds"]),
        press_release_min_kinds=int(data["press_release_min_kinds"]),
        opinion_kinds=frozenset(data["opinion_kinds"]),
        opinion_share=float(data["opinion_share"]),
        analysis_share=float(data["analysis_share"]),
        min_sentences_for_share=int(data["min_sentences_for_share"]),
        stance_sentences=int(data["stance_sentences"]),
        stance_share=float(data["stance_share"]),
        report_threshold=float(data["report_threshold"]),
        opinion_piece_threshold=float(data["opinion_piece_threshold"]),
    )


def opinion_share(sentences: Sequence[Sentence]) -> float | None:
    """Opinion sentences over the sentences that are not boilerplate; None when none is left."""
    counted = [s for s in sentences if s.label in ("reporting", "opinion")]
    if not counted:
        return None
    return round(sum(s.label == "opinion" for s in counted) / len(counted), 4)


def classify(
    sentences: Sequence[Sentence],
    opinion_p: Sequence[float | None],
    stance: Sequence[bool] | None = None,
    title: str | None = None,
    rules: GenreRules | None = None,
) -> tuple[Genre, list[Sentence]]:
    """The article's genre and its sentences, relabelled with the threshold of that genre.

    ``opinion_p`` is each sentence's probability of opinion (None where it does not count:
    boilerplate, reported speech); ``stance`` whether the writer's voice shows in it.
    """
    rules = rules or load_rules()
    title = (title or "").strip()
    stance = stance if stance is not None else [False] * len(sentences)
    kinds = {s.kind for s in sentences if s.label == "boilerplate" and s.kind}
    counted = sum(1 for s in sentences if s.label in ("reporting", "opinion"))
    enough = counted >= rules.min_sentences_for_share
    in_report = (
        _relabel(sentences, opinion_p, stance, rules.report_threshold) if enough else sentences
    )
    share = opinion_share(in_report) or 0.0
    voiced = sum(
        1 for s, v in zip(sentences, stance, strict=True) if v and s.label != "boilerplate"
    )

    release_kinds = sorted(kinds & rules.press_release_kinds)
    cues: list[str] = []
    if len(release_kinds) >= rules.press_release_min_kinds:
        label, cues = "press_release", [f"furniture:{k}" for k in release_kinds]
    elif title and rules.title_opinion.search(title):
        label, cues = "opinion", ["title"]
    elif kinds & rules.opinion_kinds:
        label, cues = "opinion", [f"furniture:{k}" for k in sorted(kinds & rules.opinion_kinds)]
    elif enough and voiced >= rules.stance_sentences and voiced / counted >= rules.stance_share:
        label, cues = "opinion", ["writer_voice"]
    elif enough and share >= rules.opinion_share:
        label, cues = "opinion", ["opinion_share"]
    elif title and rules.title_analysis.search(title):
        label, cues = "analysis", ["title"]
    elif enough and share >= rules.analysis_share:
        label, cues = "analysis", ["opinion_share"]
    else:
        label = "news"

    # Context enough to move the threshold: enough sentences, or a genre the title or the page
    # furniture states.
    if label == "opinion" and (enough or cues):
        out = _relabel(sentences, opinion_p, None, rules.opinion_piece_threshold)
    elif label != "opinion" and (enough or cues):
        out = _relabel(sentences, opinion_p, stance, rules.report_threshold)
    else:
        out = list(sentences)
    return Genre(label, opinion_share(out), tuple(cues)), out


def _relabel(
    sentences: Sequence[Sentence],
    opinion_p: Sequence[float | None],
    stance: Sequence[bool] | None,
    threshold: float,
) -> list[Sentence]:
    """Opinion from ``threshold`` on; a sentence in the writer's voice keeps the classifier's
    own label. Boilerplate and reported speech (probability None) are left as they are."""
    out = list(sentences)
    for i, (s, p) in enumerate(zip(sentences, opinion_p, strict=True)):
        if p is None or s.label == "boilerplate" or (stance is not None and stance[i]):
            continue
        if p >= threshold and s.label != "opinion":
            out[i] = replace(s, label="opinion", score=round(p, 4))
        elif p < threshold and s.label == "opinion":
            out[i] = replace(s, label="reporting", score=round(1.0 - p, 4))
    return out
