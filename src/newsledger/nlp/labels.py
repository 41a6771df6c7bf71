"""Sentence labels: ``reporting``, ``opinion`` or ``boilerplate``, with a score (``newsledger.labels.v1``).

Three steps per article, each cheap next to the parser (one pass over the tokens):

1. **Boilerplate** by rules from ``data/labels/boilerplate-v1.json``: paragraph-start patterns
   (related links, share and newsletter prompts, photo captions and credits, copyright lines,
   section lines, press-release headers, media contacts, corrections and editor's notes), sentence
   patterns ("click here", calls to phone a number), an agency's "About ..." block and an author
   bio closing the article. Each such sentence gets a ``kind`` (``related``, ``correction``, ...).
2. **Reported speech stays reporting.** A sentence that is mostly inside quotation marks, or whose
   main verb is a speech verb with a subject other than the writer ("Solberg said that account
   was wrong.", "according to DHS"), reports a source's words: the source may argue, the outlet
   reports. Opinion is the outlet's own voice.
3. **Opinion or reporting** for the rest, by the model the ``labels_model`` setting names:
   ``lexical`` (the default), a logistic regression over words outside quotation marks, the cue
   lexicons of ``data/labels/opinion-cues-v1.json`` and part-of-speech signals, with weights in
   ``data/labels/subjectivity-lr-v1.json`` (inference is a dict lookup per token); or
   ``encoder``, a logistic regression over a sentence embedding (``newsledger.nlp.encoder``,
   the ``encoder`` extra), with weights in ``data/labels/subjectivity-encoder-v1.json``, asked
   once per article for the sentences that steps 1 and 2 leave open. Both are trained on
   NewsSD-ENG by ``scripts/train_subjectivity.py``, and both decide at the same threshold on the
   same scale, so the genre step's thresholds hold for either.

``score`` is the labeller's confidence in the label it gave, in [0, 1]: the classifier's
probability of that label, :data:`RULE_SCORE` for reported speech, 1.0 for boilerplate.
The probability of opinion of every sentence (``doc._.nl_opinion_p``) and whether the writer's own
voice shows in it (``doc._.nl_stance``: first or second person, obligation, a question or an
exclamation outside quotes) are kept on the Doc for the article-level genre
(``newsledger.nlp.genre``), which sets the threshold the article's context calls for.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsledger.analysis import Sentence
from newsledger.article import headline_of, opens_with_title
from newsledger.datafiles import read_versioned_json
from newsledger.nlp import encoder
from newsledger.nlp.components import _record_error, newline_is_break
from newsledger.settings import NOT_GIVEN

LABELS = "newsledger_labels"
VERSION = "newsledger.labels.v1"
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "labels"
BOILERPLATE_FILE = DATA_DIR / "boilerplate-v1.json"
CUES_FILE = DATA_DIR / "opinion-cues-v1.json"
MODEL_FILE = DATA_DIR / "subjectivity-lr-v1.json"

# Confidence stamped on a sentence labelled reporting because it is reported speech.
RULE_SCORE = 0.9
# A sentence with at least this share of its words inside quotation marks is reported speech.
QUOTED_SHARE = 0.6

OPEN_QUOTES = "“„«"
CLOSE_QUOTES = "”»"

for _name in ("nl_opinion_p", "nl_stance"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


# --- data files ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pattern:
    kind: str
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Boilerplate:
    version: str
    paragraph: tuple[Pattern, ...]
    sentence: tuple[Pattern, ...]
    about_heading: re.Pattern[str]
    end_marks: re.Pattern[str]
    bio: re.Pattern[str]
    bio_cues: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Cues:
    version: str
    # list name -> single words; list name -> multi-word sequences (as token tuples)
    words: dict[str, frozenset[str]]
    phrases: dict[str, tuple[tuple[str, ...], ...]]
    speech_verbs: frozenset[str]
    attribution_phrases: tuple[tuple[str, ...], ...]
    first_person_subjects: frozenset[str]


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A logistic regression over named features: p = sigmoid(bias + sum(weight * value))."""

    version: str
    bias: float
    threshold: float
    weights: dict[str, float]

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias
        weights = self.weights
        for name, value in features.items():
            w = weights.get(name)
            if w is not None:
                z += w * value
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


def _compile(entry: dict[str, Any]) -> Pattern:
    flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
    return Pattern(str(entry["kind"]), re.compile(entry["pattern"], flags))


@functools.lru_cache(maxsize=4)
def load_boilerplate(path: Path = BOILERPLATE_FILE) -> Boilerplate:
    data = read_versioned_json(path, "the boilerplate rules")
    return Boilerplate(
        version=data["version"],
        paragraph=tuple(_compile(e) for e in data["paragraph"]),
        sentence=tuple(_compile(e) for e in data["sentence"]),
        about_heading=re.compile(data["about_heading"], re.IGNORECASE),
        end_marks=re.compile(data["end_marks"]),
        bio=re.compile(data["bio"], 0 if data.get("bio_case_sensitive") else re.IGNORECASE),
        bio_cues=re.compile(data["bio_cues"], re.IGNORECASE),
    )


@functools.lru_cache(maxsize=4)
def load_cues(path: Path = CUES_FILE) -> Cues:
    data = read_versioned_json(path, "the opinion cues")
    words: dict[str, frozenset[str]] = {}
    phrases: dict[str, tuple[tuple[str, ...], ...]] = {}
    for name, entries in data["lists"].items():
        words[name] = frozenset(e for e in entries if " " not in e)
        phrases[name] = tuple(tuple(e.split()) for e in entries if " " in e)
    return Cues(
        version=data["version"],
        words=words,
        phrases=phrases,
        speech_verbs=frozenset(data["speech_verbs"]),
        attribution_phrases=tuple(tuple(p.split()) for p in data["attribution_phrases"]),
        first_person_subjects=frozenset(data["first_person_subjects"]),
    )


@functools.lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> LinearModel:
    data = read_versioned_json(path, "the subjectivity model")
    return LinearModel(
        version=data["version"],
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        weights={str(k): float(v) for k, v in data["weights"].items()},
    )


def data_versions(labels_model: Any = NOT_GIVEN) -> dict[str, str]:
    """The versioned names of the data files the labeller reads, for ``producers``;
    ``labels.subjectivity_model`` names the model that gave the probabilities of opinion
    (the ``labels_model`` setting: the lexical model, or the encoder's head)."""
    chosen = encoder.labels_model_setting(labels_model)
    return {
        "labels.boilerplate": load_boilerplate().version,
        "labels.opinion_cues": load_cues().version,
        "labels.subjectivity_model": (
            encoder.load_head().version if chosen == encoder.ENCODER else load_model().version
        ),
    }


# --- text structure ------------------------------------------------------------------------


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end) offsets without surrounding white space, split as the
    paragraph component splits them (a newline, or a blank line in hard-wrapped text)."""
    brk = re.compile(r"\n" if newline_is_break(text) else r"\n[ \t\r\f\v]*\n")
    out: list[tuple[int, int]] = []
    start = 0
    for m in brk.finditer(text):
        _add_stripped(text, start, m.start(), out)
        start = m.end()
    _add_stripped(text, start, len(text), out)
    return out


def _add_stripped(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        out.append((start + lead, start + lead + len(stripped)))


def quoted_mask(text: str, paras: Iterable[tuple[int, int]]) -> bytearray:
    """1 for every character inside quotation marks. Quotes are paired within a paragraph; a
    quote left open runs to the paragraph's end (the convention for a quote that continues in the
    next paragraph, which opens with a quote mark again). Apostrophes are not quotes."""
    mask = bytearray(len(text))
    for start, end in paras:
        inside = False
        opened = start
        for i in range(start, end):
            ch = text[i]
            if ch == '"':
                if inside:
                    mask[opened:i] = b"\x01" * (i - opened)
                    inside = False
                else:
                    inside, opened = True, i + 1
            elif ch in OPEN_QUOTES:
                if not inside:
                    inside, opened = True, i + 1
            elif ch in CLOSE_QUOTES and inside:
                mask[opened:i] = b"\x01" * (i - opened)
                inside = False
        if inside:
            mask[opened:end] = b"\x01" * (end - opened)
    return mask


# Coarse word classes from the Penn Treebank tags the tagger assigns.
POS_GROUPS = ("ADJ", "ADV", "PROPN", "NUM", "PRON", "MODAL", "VERB", "NOUN")
TAG_GROUPS = {
    **dict.fromkeys(("JJ", "JJR", "JJS"), "ADJ"),
    **dict.fromkeys(("RB", "RBR", "RBS", "WRB"), "ADV"),
    **dict.fromkeys(("NNP", "NNPS"), "PROPN"),
    "CD": "NUM",
    **dict.fromkeys(("PRP", "PRP$", "WP", "WP$"), "PRON"),
    "MD": "MODAL",
    **dict.fromkeys(("VB", "VBD", "VBG", "VBN", "VBP", "VBZ"), "VERB"),
    **dict.fromkeys(("NN", "NNS"), "NOUN"),
}


# --- features --------------------------------------------------------------------------------


def is_attributed(tokens: Sequence[Token], mask: bytearray, cues: Cues) -> bool:
    """Whether the sentence reports someone else's words: its main verb (or a verb hanging off
    it, as in "The driver, it said, ...") is a speech verb outside quotes whose subject is not
    the writer, or it carries an attribution phrase such as "according to"."""
    lowers = [t.lower_ for t in tokens]
    for phrase in cues.attribution_phrases:
        n = len(phrase)
        for i in range(len(lowers) - n + 1):
            if tuple(lowers[i : i + n]) == phrase and not mask[tokens[i].idx]:
                return True
    for tok in tokens:
        if tok.lemma_.lower() not in cues.speech_verbs or not tok.tag_.startswith("VB"):
            continue
        if mask[tok.idx]:
            continue
        main = tok.dep_ == "ROOT" or (
            tok.dep_ in ("parataxis", "ccomp") and tok.head.dep_ == "ROOT"
        )
        if not main:
            continue
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if tok.dep_ == "ccomp" and not subjects:
            continue
        if subjects and subjects[0].lower_ in cues.first_person_subjects:
            continue
        if subjects or tok.dep_ == "parataxis":
            return True
    return False


def quoted_share(tokens: Sequence[Token], mask: bytearray) -> float:
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    if not words:
        return 0.0
    return sum(1 for t in words if mask[t.idx]) / len(words)


def sentence_features(tokens: Sequence[Token], mask: bytearray, cues: Cues) -> dict[str, float]:
    """The classifier's features for one sentence: what the outlet itself writes (tokens inside
    quotation marks are left out, save for the share they take)."""
    feats: dict[str, float] = {}
    own = [t for t in tokens if not t.is_space and not mask[t.idx]]
    words = [t for t in own if not t.is_punct]
    n = len(words)
    lowers = [t.lower_ for t in own]
    for low in lowers:
        feats["w=" + low] = 1.0
    for a, b in itertools.pairwise(lowers):
        feats["b=" + a + "_" + b] = 1.0
    counts: dict[str, int] = {}
    for name, vocab in cues.words.items():
        c = sum(1 for low in lowers if low in vocab)
        for phrase in cues.phrases[name]:
            k = len(phrase)
            c += sum(1 for i in range(len(lowers) - k + 1) if tuple(lowers[i : i + k]) == phrase)
        counts[name] = c
        if c:
            feats["cue=" + name] = min(c, 3) / 3
    pos: dict[str, int] = {}
    tags: dict[str, int] = {}
    for t in words:
        group = TAG_GROUPS.get(t.tag_)
        if group:
            pos[group] = pos.get(group, 0) + 1
        tags[t.tag_] = tags.get(t.tag_, 0) + 1
    if n:
        for name in POS_GROUPS:
            feats["pos=" + name] = pos.get(name, 0) / n
        for name in ("JJS", "RBS", "JJR", "RBR", "MD", "VBD", "VBZ", "VBP", "PRP"):
            if tags.get(name):
                feats["tag=" + name] = 1.0
    if any(t.text == "?" for t in own):
        feats["question"] = 1.0
    if any(t.text == "!" for t in own):
        feats["exclaim"] = 1.0
    share = quoted_share(tokens, mask)
    if share:
        feats["quoted_share"] = share
    if is_attributed(tokens, mask, cues):
        feats["attributed"] = 1.0
    feats["len=" + ("short" if n < 10 else "medium" if n < 25 else "long")] = 1.0
    return feats


# --- boilerplate -----------------------------------------------------------------------------


def boilerplate_kinds(
    text: str,
    sentences: Sequence[Sentence],
    paras: Sequence[tuple[int, int]],
    rules: Boilerplate,
    title: str | None = None,
) -> list[str | None]:
    """The boilerplate kind of each sentence, or None. A first paragraph that opens with the
    article's ``title`` is its headline, never furniture, whatever it looks like ("Update:
    Shooting subject surrenders | FOX6", "VIDEO: Two shot in Hunting Park | 6abc.com")."""
    kinds: list[str | None] = [None] * len(sentences)
    if not sentences:
        return kinds
    para_kind: list[str | None] = [None] * len(paras)
    about_from: int | None = None
    headline = headline_of(title)
    for p, (start, end) in enumerate(paras):
        head = text[start:end]
        if p == 0 and opens_with_title(head, headline):
            continue
        if about_from is not None:
            para_kind[p] = "end_mark" if rules.end_marks.search(head) else "about"
            continue
        for pattern in rules.paragraph:
            if pattern.regex.search(head):
                para_kind[p] = pattern.kind
                break
        # An "About ..." heading is a short line without a full stop, followed by more text.
        if para_kind[p] is None and p + 1 < len(paras) and rules.about_heading.search(head):
            para_kind[p] = "about"
            about_from = p
    if len(paras) >= 3 and para_kind[-1] is None:
        start, end = paras[-1]
        last = text[start:end]
        if rules.bio.search(last) and rules.bio_cues.search(last):
            para_kind[-1] = "bio"
    p = 0
    for i, s in enumerate(sentences):
        while p + 1 < len(paras) and paras[p][1] <= s.start:
            p += 1
        if paras and paras[p][0] <= s.start < paras[p][1] + 1 and para_kind[p]:
            kinds[i] = para_kind[p]
            continue
        piece = text[s.start : s.end]
        for pattern in rules.sentence:
            if pattern.regex.search(piece):
                kinds[i] = pattern.kind
                break
    return kinds


# --- the component ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Labelled:
    sentence: Sentence
    opinion_p: float
    reported_speech: bool
    # The writer's own voice shows: first or second person, obligation, a question or an
    # exclamation outside quotation marks.
    stance: bool = False


STANCE_FEATURES = ("cue=first_person", "cue=second_person", "cue=obligation", "question", "exclaim")


@dataclass(frozen=True, slots=True)
class Pending:
    """A sentence before its probability of opinion: boilerplate kind, features, and whether it
    is reported speech (whose label the rule fixes, whatever the classifier says)."""

    sentence: Sentence
    kind: str | None
    feats: dict[str, float]
    reported: bool


class OpinionScorer(Protocol):
    """What gives the probability of opinion of an article's sentences (``encoder.EncoderScorer``
    is one); the lexical model needs the features, a scorer only the sentence texts."""

    @property
    def threshold(self) -> float: ...

    def probabilities(self, texts: Sequence[str]) -> list[float]: ...


def prepare_sentences(
    doc: Doc, sentences: Sequence[Sentence], *, rules: Boilerplate, cues: Cues
) -> list[Pending]:
    text = doc.text
    paras = paragraphs(text)
    mask = quoted_mask(text, paras)
    kinds = boilerplate_kinds(text, sentences, paras, rules, getattr(doc._, "nl_title", None))
    out: list[Pending] = []
    for s, kind in zip(sentences, kinds, strict=True):
        if kind is not None:
            out.append(Pending(s, kind, {}, False))
            continue
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        tokens: Sequence[Token] = list(span) if span is not None else []
        feats = sentence_features(tokens, mask, cues)
        reported = quoted_share(tokens, mask) >= QUOTED_SHARE or "attributed" in feats
        out.append(Pending(s, None, feats, reported))
    return out


def finish_sentences(
    pending: Sequence[Pending], probabilities: Sequence[float], threshold: float
) -> list[Labelled]:
    """Labels from each sentence's probability of opinion (ignored for boilerplate)."""
    out: list[Labelled] = []
    for x, p in zip(pending, probabilities, strict=True):
        s = x.sentence
        if x.kind is not None:
            out.append(Labelled(Sentence(s.start, s.end, "boilerplate", 1.0, x.kind), 0.0, False))
            continue
        if x.reported:
            label, score = "reporting", RULE_SCORE
        elif p >= threshold:
            label, score = "opinion", p
        else:
            label, score = "reporting", 1.0 - p
        stance = not x.reported and any(f in x.feats for f in STANCE_FEATURES)
        out.append(
            Labelled(Sentence(s.start, s.end, label, round(score, 4)), p, x.reported, stance)
        )
    return out


def label_sentences(
    doc: Doc,
    sentences: Sequence[Sentence],
    *,
    rules: Boilerplate,
    cues: Cues,
    model: LinearModel,
    scorer: OpinionScorer | None = None,
) -> list[Labelled]:
    """Label an article's sentences. The probability of opinion is the lexical ``model``'s, or
    the ``scorer``'s when one is given: it is asked once per article, for the sentences that are
    neither boilerplate nor reported speech (the others keep the lexical probability, which no
    label depends on)."""
    pending = prepare_sentences(doc, sentences, rules=rules, cues=cues)
    found: dict[int, float] = {}
    if scorer is not None:
        asked = [i for i, x in enumerate(pending) if x.kind is None and not x.reported]
        texts = [doc.text[pending[i].sentence.start : pending[i].sentence.end] for i in asked]
        found = dict(zip(asked, scorer.probabilities(texts), strict=True))
    probs = [
        found[i] if i in found else 0.0 if x.kind is not None else model.probability(x.feats)
        for i, x in enumerate(pending)
    ]
    threshold = scorer.threshold if scorer is not None else model.threshold
    return finish_sentences(pending, probs, threshold)


@Language.factory(
    LABELS,
    # Part of speech is read from the fine-grained tags (the parser's own input), not token.pos,
    # which the small pipelines set through an attribute ruler that declares nothing.
    requires=["doc._.nl_sentences", "token.tag", "token.dep", "token.lemma"],
    assigns=["doc._.nl_sentences", "doc._.nl_opinion_p", "doc._.nl_stance"],
    # "" takes the labels_model setting (NEWSLEDGER_LABELS_MODEL) when the pipeline is built.
    default_config={"labels_model": ""},
)
def make_labels(nlp: Language, name: str, labels_model: str) -> Any:
    return SentenceLabeller(name, labels_model=labels_model or NOT_GIVEN)


class SentenceLabeller:
    """Sets ``label``, ``score`` and (for boilerplate) ``kind`` on ``doc._.nl_sentences``.

    With ``labels_model`` ``encoder`` the probability of opinion comes from the sentence encoder
    (``newsledger.nlp.encoder``), loaded here, once per process: a ModelError at pipeline
    assembly when its extra is not installed, not a failure per article."""

    def __init__(self, name: str, labels_model: Any = NOT_GIVEN) -> None:
        self.name = name
        self.rules = load_boilerplate()
        self.cues = load_cues()
        self.model = load_model()
        self.labels_model = encoder.labels_model_setting(labels_model)
        self.scorer: OpinionScorer | None = (
            encoder.load_encoder() if self.labels_model == encoder.ENCODER else None
        )

    def __call__(self, doc: Doc) -> Doc:
        sentences: list[Sentence] = doc._.nl_sentences or []
        try:
            labelled = label_sentences(
                doc,
                sentences,
                rules=self.rules,
                cues=self.cues,
                model=self.model,
                scorer=self.scorer,
            )
            doc._.nl_sentences = [x.sentence for x in labelled]
            # None where the classifier's opinion does not count: boilerplate, reported speech.
            doc._.nl_opinion_p = [
                None
                if x.reported_speech or x.sentence.label == "boilerplate"
                else round(x.opinion_p, 4)
                for x in labelled
            ]
            doc._.nl_stance = [x.stance for x in labelled]
        except Exception as exc:  # per document: the sentences stay, unlabelled
            doc._.nl_opinion_p = None
            doc._.nl_stance = None
            _record_error(doc, self.name, exc)
        return doc
