"""newsledger's own spaCy components, each declaring what it requires and what it assigns.

They are cheap next to the parser: a pass over tokens or entities, nothing more. Each handles
its errors per document (recorded in ``doc._.nl_errors``) so one odd article never stops a batch.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.analysis import MENTION_KINDS, Mention, Sentence

# Factory names (spaCy allows no dots) and the versioned producer names stamped on output.
PARAGRAPHS = "newsledger_paragraphs"
SENTENCES = "newsledger_sentences"
MENTIONS = "newsledger_mentions"
VERSIONS = {
    PARAGRAPHS: "newsledger.paragraphs.v1",
    SENTENCES: "newsledger.sentences.v1",
    MENTIONS: "newsledger.mentions.v1",
}

# nl_title: the article's title (Article.title); where the text opens with it, that is the
# headline (:func:`newsledger.article.opens_with_title`)

for _name in ("nl_sentences", "nl_mentions", "nl_errors", "nl_title"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


_TEXT_KEY = "nl_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins it from the tokens on every read, and the
    extractors slice it many times an article."""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), doc.text)
        doc.user_data[_TEXT_KEY] = cached
    return str(cached[1])


def _record_error(doc: Doc, component: str, exc: Exception) -> None:
    errors: list[dict[str, str]] = doc._.nl_errors or []
    errors.append({"component": component, "error": f"{type(exc).__name__}: {exc}"})
    doc._.nl_errors = errors


def newline_is_break(text: str) -> bool:
    """Whether a single newline ends a paragraph in this text.

    It does in trafilatura output and most feeds (one paragraph per line) and in page furniture
    ("Related: ...", "Share this article"). It does not in hard-wrapped plain text, where
    paragraphs are separated by blank lines and every line is cut near the same width.
    """
    if "\n\n" not in text:
        return True
    lengths = sorted(len(line) for line in text.splitlines() if line.strip())
    if len(lengths) < 4:
        return True
    median = lengths[len(lengths) // 2]
    return not (50 <= median <= 100 and lengths[-1] <= 100)


@Language.factory(PARAGRAPHS, requires=[], assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str) -> Any:
    return ParagraphBreaks(name)


class ParagraphBreaks:
    """Starts a sentence after every paragraph break, before the parser runs.

    The parser keeps sentence starts set before it, so a headline or a one-line paragraph
    without a full stop is never glued to the next paragraph.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        try:
            brk = "\n" if newline_is_break(doc.text) else "\n\n"
            after_break = False
            for token in doc:
                if token.is_space:
                    after_break = after_break or brk in token.text
                    continue
                if after_break and token.i > 0:
                    token.is_sent_start = True
                after_break = brk in token.whitespace_
        except Exception as exc:  # per document: never fail the batch
            _record_error(doc, self.name, exc)
        return doc


@Language.factory(SENTENCES, requires=["token.is_sent_start"], assigns=["doc._.nl_sentences"])
def make_sentences(nlp: Language, name: str) -> Any:
    return Sentences(name)


class Sentences:
    """Sentences as character offsets, without surrounding white space or empty pieces.

    ``label`` and ``score`` stay None: the reporting / opinion / boilerplate labeller is a later
    component and nothing here pretends to classify.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        try:
            out: list[Sentence] = []
            for sent in doc.sents:
                tokens = [t for t in sent if not t.is_space]
                if not tokens:
                    continue
                end = tokens[-1].idx + len(tokens[-1].text)
                # A closing quote or bracket the parser split off belongs to the sentence
                # before it, unless a paragraph break lies between them.
                if (
                    out
                    and all(t.is_punct for t in tokens)
                    and "\n" not in doc.text[out[-1].end : tokens[0].idx]
                ):
                    out[-1] = Sentence(out[-1].start, end)
                    continue
                out.append(Sentence(tokens[0].idx, end))
            doc._.nl_sentences = out
        except Exception as exc:
            doc._.nl_sentences = []
            _record_error(doc, self.name, exc)
        return doc


@Language.factory(MENTIONS, requires=["doc.ents"], assigns=["doc._.nl_mentions"])
def make_mentions(nlp: Language, name: str) -> Any:
    return Mentions(name)


class Mentions:
    """Entity mentions of the kinds newsledger uses (people, organisations, places, dates,
    times), with offsets; other entity labels are left out."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.nl_mentions = [
                Mention(
                    ent.start_char, ent.end_char, ent.text, MENTION_KINDS[ent.label_], ent.label_
                )
                for ent in doc.ents
                if ent.label_ in MENTION_KINDS
            ]
        except Exception as exc:
            doc._.nl_mentions = []
            _record_error(doc, self.name, exc)
        return doc
