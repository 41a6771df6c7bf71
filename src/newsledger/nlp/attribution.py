"""Claims: who says what, in which words, and how sure the report makes it
(``claims.attribution.v8``).

Rules over the parse spaCy already made (no second parser; an optional learned cue gate, see
below), in four passes over a Doc:

1. **Quotations** are found on the text: curly and straight double quotes and two apostrophes
   that hug the words they quote (''like this,''), paired within a paragraph (an opening mark
   after ",.?!" closes: ',“ said'); a quote left open at a paragraph's end runs on when the next
   paragraph opens with a quote mark (the convention for a quote over several paragraphs).
2. **Cues.** A verb whose lemma is in the cue lexicon, or "according to". Its **source** is its
   subject (the agent of a passive: "was characterized by federal authorities as"; the object of
   "according to"; for a cue with no subject of its own, "X did Y, saying Z", "X began by saying
   Z", "X said A and added B", the subject of the clause it hangs on; without a participle a comma
   sets off after it: "X, speaking at a rally, said"). Its **content**, first that applies: a
   quotation next to the cue and source ("'X,' he said", "DHS said: 'X'"), whole, with every
   paragraph it runs over; the verb's clausal complement ("said that X", also a mixed quote); its
   infinitival complement ("plans to X"); its object for verbs that take one ("denied the
   account"); for a parenthetical cue ("Two agents, it said, were injured"; "X, DHS said") the
   clause it interrupts, which outranks that clause's own cue verb (a clausal complement after its
   head is that head's content, not a parenthetical: "If X, they said, you would not understand").
   The cue span is the verb with its auxiliaries, negation and adverbs between subject and verb
   (not "when"), its particle ("pointed out"), and what PolNeAR counts in the cue after it: a
   weekday or "-ly" adverb ("said Sunday"), the medium ("said in a statement"), the preposition of
   a phrasal cue ("called on"). "In a new poll, X" is a cue too ("in"; the poll is the source). A
   quote cut off as a sentence of its own ("'Is that all?' Trump said.") is still next to its cue.
3. **Continuations.** A quotation no cue claimed joins the claim of the quotation before it when
   only that claim's cue and source lie between them ("'X,' she said. 'Y.'"), or when it lies
   in the sentence after that cue's with no other claim between ("'X,' she said Sunday night.
   'Y.'"), or when it opens a paragraph right after a paragraph with a sourced claim (the quote
   continues the speaker).
4. **The outlet's voice.** Every other reporting sentence is a claim with no source and no cue,
   certainty ``fact`` unless hedged ("It remains unclear whether ..." is ``unknown``; "reportedly"
   is a cue of its own, with certainty ``reported``). Hedges and negation have the scope of a
   clause, so the sentence is one claim per clause: each clause with a subject of its own that
   is coordinated ("X, and Y did not"), adverbial ("because X", "if X"), relative ("who X") or a
   complement ("the fact that X") is a claim of its own, and so is the infinitive after a verb
   of intention ("agreed to buy X") and, since v6, a "to" infinitive of purpose or on a noun
   ("went there to get him", "lacked the money to build X": ``possible``; not "the first
   officer to arrive"); a word belongs to the innermost of them. Each is read on
   its own head; "if X" and "unless X" are at most ``possible``, the infinitive takes what its
   verb gives it in the hedge lexicon (``possible`` for "plans to"; "managed to" is no clause of
   its own), and a complement is as hedged as the clause it completes. An embedded question
   ("unclear whether X") stays with its clause.

Since v4: a cue verb that tells an act is no cue (the lexicon's ``not_speech``: "officers were
called to the home", "called 911", "responded to a call", "found a man with a gunshot wound",
"heard gunshots"); a cue and source that close their sentence after a comma ("A, but B, police
said."; "..., according to the fire department.") report the whole sentence before them,
however the parser hangs its clauses, read on its first clause; a claim's words start after the
dateline ("CHICAGO (AP) — "); "said in a statement that X" finds X when the parser hangs it on
"statement"; a participle on an issued message speaks for its issuer ("X issued a statement
saying Z"); rulings ("ruled the death a homicide"; "ruled out" denies), identifications and
charges ("is charged in a criminal complaint with X": alleged, by the complaint) are claims of
who rules, identifies or charges.

Since v5: a relative clause that a comma sets off after the source and that reports what the
source says or thinks ("Cruz, who says Trump is attacking him, said X": a cue verb without an
infinitive) is no part of the source's words; it is a claim of its own, with "who" as source.
The cue lexicon (v2) knows sixteen more verbs of speech and stance ("referred to", "echoed",
"deemed", "chanted", ...); "refer" is no cue when a case is handed over ("was referred to
prosecutors"), and "referred to X as Y" keeps "as Y" in the content.

Since v6: hedges and negation have the scope of a clause inside a source's words too. A clause
of a claim's content (found as in step 4, and each further sentence of a quotation) that the
report makes more or less sure than the whole, or that is negated on its own, is a claim nested
in it: same source, cue and quote kind, ``part_of`` the id of the claim it is in, and the
certainty of the cue and of its own clause ("Police said the man, who did not have a weapon,
fled": "who did not have a weapon" is negated, the whole is not; "said the deputies would fire
if he came closer": "if he came closer" is ``possible``). A complement of a content whose verb
is itself a cue of belief, denial or allegation ("said they believe X") keeps that hedge. A
clause as sure as the whole is no claim of its own; a negated cue ("did not say whether") nests
nothing. And in a sentence that holds a source's claim, a clause of its own (step 4) that no claim
holds is the outlet's claim ("A witness said the agent fired, but the driver was not armed":
until v5 no claim held "but the driver was not armed").

Since v7 (with hedge lexicon v2): a clause that completes a negated verb is read through it
(:func:`newsledger.nlp.certainty.under_negation`). An infinitive is what was not done: ``possible``
and negated ("were not allowed to leave", "was not trying to hurt anyone"); under a verb that
raises its negation ("I don't think he knew") the clause is ``believed`` and negated; under a
factive verb ("did not know the store was closing") it is as the report gives it; any other
complement ("did not hear anyone shouting", "None of that proves the agents acted wrongly") is
``unknown``. Until v6 such a clause was affirmed, or, as the content of a negated cue, negated.
A participle under a negated verb is a clause of its own, no part of what is denied ("did not
release the footage recorded by the body camera", "has not spoken since leaving the
courthouse"; not "without paying", nor an embedded question). A gerund after "without",
"instead of" or a verb that prevents it ("barred the crowd from reaching the gate") is
``possible`` and negated; a gerund on a noun ("the chance of winning the grant") is
``possible``. A verb negated on its own where the verb it is joined to is not, or the other
way round, is a clause of its own ("were charged but not arrested"); an infinitive with a
subject of its own reads as one without ("allowed the man to leave", as "agreed to leave");
"stopped paying" and "had yet to find" are not done, as are the infinitives of a negated
adjective ("were not available to comment") and of a noun with "no" ("has no plans to").
What is declined or refused ("declined to comment") is ``fact``, negated. "should" is
``possible``, as "may" is. A cue of belief, denial or
allegation at the head of a source's words ("said he denies trying to hit anyone", "said they
believe the deputy lied") no longer hedges all of them: the whole is what the source said
(``attributed``), and what the inner cue bears on, its complement or object, is a claim nested
in it with that cue's certainty (until v6 the whole took it, and the inner verb, "denies",
read as denied itself); when the inner cue's holder is a name or a description, not a pronoun
("The chief said investigators believe the gun was his"), that claim has the inner cue and its
holder as cue and source. A cue conjoined onto the content of the same cue verb ("X said A and
said B", as the parser sometimes hangs it) has that verb's source.

Since v8 (with cue lexicon v3): a short name or description that opens a line, followed by a
colon, is a source and the colon its cue; the rest of the line is what it says ("Police: Man
shot by deputy was armed", "Lynch: No outside influence on FBI probe"; ``attributed``, as
"according to"). A verb before the colon, or a label (the lexicon's ``colon_labels``: "Update:",
"The Latest:", "Photo:", "Q:"), makes it none; the words before the colon must hold a name or a
word of the role lexicon. A source that straddles the dateline starts after it ("RENO, Nev. (AP)
— Republican hopeful Donald Trump said" is Donald Trump's). A cue joined to a verb of an
adverbial clause with a subject of its own has that subject as source ("when Rubio thanked Miami
and said X"). A clause that tells when the source spoke ("Omar Haddad when asked about X") is no
part of the source's words, nor is a focus word before it ("Even the union said X": the union).
Of two subjects the parser gives a cue verb, the nearest before it is the source. A cue of
saying that heads an "as" clause with a subject and no object of its own ("As the coroner noted,
X"; "X, as the office reported") reports the clause it hangs on ("just as the city was hoping
for X" and "as leaders pressed officials for answers" tell when). Boilerplate sentences
(sentence labels) yield no claims.

With a learned cue gate (optional, trained locally: :mod:`newsledger.nlp.cuegate`), a verb is a
cue also when the gate finds it likely though the lexicon lacks it, and a lexicon verb the gate
finds unlikely is none; the claims it makes record the gate in ``extractor``.

Sources are resolved to names, kinds and roles by :mod:`newsledger.nlp.sources`; certainty and
polarity come from :mod:`newsledger.nlp.certainty`. Each claim is a dict in the contract shape
(``newsledger.analysis/1``, ``claims[]``) with ``extractor`` naming this module's version.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsledger.nlp import places
from newsledger.nlp.certainty import (
    asks_whether,
    claim_certainty,
    content_certainty,
    is_negated,
    opens_question,
    stronger,
    under_negation,
)
from newsledger.nlp.components import _record_error, doc_text
from newsledger.nlp.cuegate import NEW_CUE_EFFECT, CueGate, gate_setting, token_features
from newsledger.nlp.lexicons import Cues, load_cues, load_hedges, load_roles
from newsledger.nlp.sources import SourceInfo, SourceResolver

CLAIMS = "newsledger_claims"
VERSION = "claims.attribution.v8"

if not Doc.has_extension("nl_claims"):
    Doc.set_extension("nl_claims", default=None)

OPEN_MARKS = "“„«"
CLOSE_MARKS = "”»"
STRAIGHT = '"'
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
CUE_LEFT = ("aux", "auxpass", "neg", "advmod")
# The outlet's sentences are split into these clauses when they have a subject of their own
# (coordinated, adverbial, relative, complement clauses).
CLAUSE_DEPS = frozenset({"conj", "advcl", "relcl", "ccomp", "acl"})
CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})
COMPLEMENTS = frozenset({"ccomp", "acl"})
# A "to" infinitive in these relations is a clause of its own, not done as far as the sentence
# says (the infinitive after a verb, xcomp, takes what its verb gives it instead).
INFINITIVE_CLAUSES = frozenset({"advcl", "acl", "ccomp", "relcl"})
# A participle in these relations is a clause of its own under a negated verb (v7).
PARTICIPLES = frozenset({"acl", "advcl", "pcomp"})
BRIDGE_PUNCT = frozenset({",", ":", "—", "–", "-", ";", "(", ")"})
# Two apostrophes standing for a double quote, as some outlets' copy has them: they hug the
# words they quote (''like this,''). Spaced out on both sides they are a tokenizer's closing
# mark (`` like this , '') and pairing them as straight quotes runs quotes over their cues.
APOSTROPHE_PAIR = re.compile(r"(?<=\S)''|''(?=\S)")


def _double_apostrophes(text: str) -> str:
    """``text`` with each pair of apostrophes that stands for a double quote written as one
    (same length, same offsets; the mark on the side of the words it hugs)."""
    return APOSTROPHE_PAIR.sub(
        lambda m: ' "' if m.start() and not text[m.start() - 1].isspace() else '" ', text
    )


# --- quotations -----------------------------------------------------------------------------


@dataclass(slots=True)
class Quote:
    """A quotation: its pieces (one per paragraph it runs over), quote marks included."""

    pieces: list[tuple[int, int]]

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def find_quotes(text: str) -> list[Quote]:
    """The double-quoted passages of ``text`` (see the module docstring, step 1)."""
    quotes: list[Quote] = []
    running: Quote | None = None  # a quote left open at the end of the last paragraph
    pos = 0
    text = _double_apostrophes(text)
    for line in text.split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        stripped = line.lstrip()
        if not stripped:
            continue
        first = line_start + len(line) - len(stripped)
        continues = running is not None and stripped[0] in OPEN_MARKS + STRAIGHT
        if running is not None and not continues:
            running = None
        open_at: int | None = None
        for offset, ch in enumerate(line):
            at = line_start + offset
            if open_at is None and (ch in OPEN_MARKS or ch == STRAIGHT):
                open_at = at
            elif open_at is not None and (
                ch in CLOSE_MARKS
                or ch == STRAIGHT
                # an opening mark typed where the closing one belongs: ',“ said'
                or (ch in OPEN_MARKS and offset > 0 and line[offset - 1] in ",.?!")
            ):
                piece = (open_at, at + 1)
                if continues and running is not None and open_at == first:
                    running.pieces.append(piece)
                else:
                    quotes.append(Quote([piece]))
                running = None
                continues = False
                open_at = None
        if open_at is not None:
            piece = (open_at, line_end)
            if continues and running is not None and open_at == first:
                running.pieces.append(piece)
            else:
                running = Quote([piece])
                quotes.append(running)
        else:
            running = None
    return [q for q in quotes if q.end - q.start > 2]


class QuoteIndex:
    """Which quotation (if any) each character lies in."""

    def __init__(self, text: str, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self.owner = [-1] * (len(text) + 1)
        for number, quote in enumerate(quotes):
            for start, end in quote.pieces:
                for i in range(start, end):
                    self.owner[i] = number

    def of(self, token: Token) -> int:
        return self.owner[token.idx]


# --- the claims under construction ----------------------------------------------------------


@dataclass(slots=True)
class Draft:
    content: list[tuple[int, int]]
    cue: tuple[int, int] | None
    source_tokens: list[Token] | None
    cue_token: Token | None
    cue_effect: str | None
    content_root: Token | None
    quotes: set[int] = field(default_factory=set)
    source: SourceInfo | None = None
    paragraph: int = 0
    parenthetical: bool = False  # "X, he said, Y": the clause it interrupts is the content
    hedge: str | None = None  # what its place in the sentence adds: "if X" is at most possible
    part_of: Draft | None = None  # the claim whose content holds this clause of it

    @property
    def start(self) -> int:
        firsts = [s for s, _ in self.content]
        if self.cue:
            firsts.append(self.cue[0])
        return min(firsts)


def _runs(tokens: Iterable[Token], skip: set[int]) -> list[tuple[int, int]]:
    """Contiguous character runs of ``tokens`` (in doc order) leaving out the ``skip`` indices
    and punctuation at run edges."""
    runs: list[list[Token]] = []
    last = -2
    for tok in sorted(tokens, key=lambda t: t.i):
        if tok.i in skip or tok.is_space:
            last = -2
            continue
        if tok.i == last + 1 and runs:
            runs[-1].append(tok)
        else:
            runs.append([tok])
        last = tok.i
    out = []
    for run in runs:
        while run and run[0].is_punct and run[0].text not in OPEN_MARKS + STRAIGHT:
            run = run[1:]
        while run and run[-1].is_punct and run[-1].text not in CLOSE_MARKS + STRAIGHT + ".?!":
            run = run[:-1]
        if run and any(not t.is_punct for t in run):
            out.append((run[0].idx, run[-1].idx + len(run[-1].text)))
    return out


POLL_NOUNS = frozenset({"poll", "survey"})
MAX_COLON_SOURCE = 8  # words before a colon that names who speaks ("Former AG Mukasey at RNC:")
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def _cue_tokens(verb: Token, source: set[int], cues: Cues | None = None) -> list[Token]:
    """The verb with its auxiliaries, negation and adverbs between subject and verb, and its
    particle; with ``cues``, also what follows the verb as part of the cue: a weekday or adverb
    ("said Sunday", "said repeatedly"), the medium ("said in a statement") and the preposition
    of a phrasal cue ("called on", "said of")."""
    doc = verb.doc
    left = verb.i
    lefts = {c.i for c in verb.lefts if c.dep_ in CUE_LEFT and c.tag_ != "WRB"}
    while left - 1 >= 0 and (left - 1) in lefts and (left - 1) not in source:
        left -= 1
    right = verb.i
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == right + 1:
            right = child.i
    if cues is None:
        return list(doc[left : right + 1])
    lemma = cue_lemma(verb)
    for child in verb.rights:
        if child.i != right + 1 or child.i in source:
            break
        weekday = child.dep_ == "npadvmod" and child.lower_ in WEEKDAYS
        manner = child.dep_ == "advmod" and child.pos_ == "ADV" and child.lower_.endswith("ly")
        if weekday or manner:
            right = child.i
        elif child.dep_ == "prep" and child.lower_ == "in":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if (
                objs
                and objs[0].lower_ in cues.statement_nouns
                and (objs[0].right_edge.i == objs[0].i or _that_clause_on_object(child) is not None)
            ):
                right = objs[0].i
            else:
                break
        elif child.dep_ == "prep" and (f"{lemma} {child.lower_}" in cues.phrases):
            right = child.i
            break
        else:
            break
    return list(doc[left : right + 1])


# Forms the English lemmatizer gets wrong, read as the cue they are ("hopes" -> "hop").
LEMMA_FIXES = {
    ("hop", "hope"): "hope",
    ("hop", "hoping"): "hope",
    ("retweete", "retweet"): "retweet",
}


def _that_clause_on_object(prep: Token) -> Token | None:
    """The "that" clause the parser hung on a preposition's object ("in a statement that X")."""
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        for clause in obj.rights:
            if clause.dep_ in ("acl", "ccomp") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in clause.children
            ):
                return clause
    return None


CHARGE_VERBS = frozenset({"charge", "accuse", "indict"})
CHARGING_DOCUMENTS = frozenset({"complaint", "indictment", "affidavit", "filing", "lawsuit"})


def _charging_document(verb: Token) -> list[Token] | None:
    """The document a passive charge is made in ("charged in a criminal complaint with X")."""
    if cue_lemma(verb) not in CHARGE_VERBS or not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in CHARGING_DOCUMENTS:
                    return list(verb.doc[obj.left_edge.i : obj.i + 1])  # not its "with X"
    return None


def cue_lemma(token: Token) -> str:
    """The lower-case lemma of ``token``, with the fixes of :data:`LEMMA_FIXES`."""
    lemma = token.lemma_.lower()
    for (wrong, stem), right in LEMMA_FIXES.items():
        if lemma == wrong and token.lower_.startswith(stem):
            return right
    return lemma


def _subtree(token: Token) -> list[Token]:
    return list(token.subtree)


WHEN = frozenset({"when", "while", "after", "before", "once", "until"})
# focus words before a source say how the report weighs it, not who it is ("Even Republicans
# said", "Just 30 percent said"); PolNeAR train source exact F1 +0.001
FOCUS_WORDS = frozenset({"even", "just"})


def _source_span(head: Token) -> list[Token]:
    """The words of a source mention: ``head``'s subtree without a participle that a comma
    sets off after it ("Marco Rubio, speaking at a rally in Miami"), nor a relative clause set
    off so that reports what the source says ("Cruz, who says Trump is attacking him, said"):
    that clause is a claim of its own, not who the source is; nor a clause that tells when
    the source spoke ("Dan Golvach when asked about X", parsed as adverbial or as relative);
    nor a focus word before it ("Even the union said")."""
    doc = head.doc
    right = head.right_edge.i
    for child in head.rights:
        before = doc[child.left_edge.i - 1]
        if child.dep_ == "advcl" or (child.dep_ == "relcl" and child.left_edge.lower_ in WHEN):
            right = min(right, child.left_edge.i - 1 - (before.text == ","))
            continue
        if before.text not in (",", "—", "–", "("):
            continue
        if child.dep_ == "acl" or _reporting_clause(child):
            right = min(right, before.i - 1)
    left = head.left_edge.i
    while left < head.i and doc[left].dep_ == "advmod" and doc[left].lower_ in FOCUS_WORDS:
        left += 1
    return list(doc[left : right + 1])


def _reporting_clause(clause: Token) -> bool:
    """Whether relative clause ``clause`` reports what its noun says or thinks ("who says Trump
    is attacking him"): a cue verb without an infinitive. One with an infinitive more often
    tells who the source is ("who declined to give her name", "who asked not to be named")."""
    return (
        clause.dep_ == "relcl"
        and clause.pos_ == "VERB"
        and cue_lemma(clause) in load_cues().verbs
        and not any(c.dep_ == "xcomp" for c in clause.children)
    )


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``; of two (a parse error: "The statement ... referred to injured
    agents, but a spokesperson did not answer"), the one nearest before it."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else subjects[0] if subjects else None


def _source_tokens(verb: Token, shared: bool = True) -> list[Token] | None:
    if (subject := _subject(verb)) is not None:
        return _source_span(subject)
    if verb.dep_ == "conj" and shared:
        # "The judge rubbed his chin and then said X", "X said A and added B": the shared
        # subject of the main clause (PolNeAR gives both cues the same source)
        head = verb.head
        while head.dep_ == "conj":
            head = head.head
        if head.dep_ == "ROOT":
            return _source_tokens(head, shared=False)
        subject = _subject(head)
        if subject is not None and head.dep_ == "advcl":
            return _source_span(subject)
        # "He said A and said B", parsed with the second "said" on A's verb: the same cue
        # verb above A says who speaks (a different verb may have A's subject as its own:
        # "said the governor called him and asked him to resign"); PolNeAR dev +0.0004
        gov = head
        for _ in range(3):
            if gov.dep_ != "ccomp":
                break
            gov = gov.head
            if cue_lemma(gov) == cue_lemma(verb):
                return _source_tokens(gov, shared=False)
    for child in verb.children:
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return _subtree(objs[0])
    return None


def _governor_subject(verb: Token) -> list[Token] | None:
    """The subject of the clause a subjectless cue hangs on: "X did Y, saying Z", "X began by
    saying Z", "X went on to say Z"."""
    tok = verb
    for _ in range(3):
        head = tok.head
        if tok.dep_ == "pcomp" and head.dep_ == "prep":
            tok = head
            continue
        if tok.dep_ not in ("advcl", "xcomp", "prep") or head.pos_ not in ("VERB", "AUX"):
            return None
        if (subject := _subject(head)) is not None:
            return _source_span(subject)
        tok = head
    return None


def _participle_source(verb: Token, cues: Cues) -> list[Token] | None:
    """The source of a cue participle on a message its subject issued: "X issued a statement
    describing Z", "X is making a pitch saying Z" (X). A participle on any other noun is left
    alone: taking the noun as the source ("an outside group backing X") did not help on
    PolNeAR (train +0.000, dev -0.001 source exact F1)."""
    noun = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or noun.dep_ != "dobj":
        return None
    if noun.lemma_.lower() not in cues.statement_nouns:
        return None
    issuer = _subject(noun.head)
    return _source_span(issuer) if issuer is not None else None


def _noun_lemma(token: Token) -> str:
    return token.lemma_.lower() if token.pos_ != "PROPN" else token.lower_


ACT_VERBS = frozenset({"call", "respond", "find", "hear", "refer"})  # cues that may tell an act


def _an_act(verb: Token, lemma: str, cues: Cues) -> bool:
    """Whether a cue verb reports an act rather than what someone says or thinks (the
    lexicon's ``not_speech``): "called 911", "called for an ambulance", "officers were called
    to the home", "responded to a call", "found a man with a gunshot wound", "found him
    unresponsive", "heard gunshots", "the case was referred to prosecutors". "called the
    shooting a tragedy", "called for an investigation", "responded that X", "found that X" and
    "referred to him as X" stay cues."""
    if lemma not in ACT_VERBS:
        return False  # "said" and the other cues: nothing to look at
    children = list(verb.children)
    deps = {c.dep_ for c in children}
    objects = [c for c in children if c.dep_ in ("dobj", "dative", "oprd")]
    preps = {c.lower_: c for c in children if c.dep_ == "prep"}

    def pobj(prep: str) -> Token | None:
        head = preps.get(prep)
        return next((c for c in head.children if c.dep_ == "pobj"), None) if head else None

    finder = any(c.dep_ == "nsubj" and _noun_lemma(c) in cues.finders for c in children) or (
        verb.dep_ == "conj"
        and any(c.dep_ == "nsubj" and _noun_lemma(c) in cues.finders for c in verb.head.children)
    )

    def found_thing(tok: Token) -> bool:
        """A person or thing officers or a passer-by find ("a man", "him", "a handgun")."""
        if _noun_lemma(tok) in cues.found_nouns:
            return True
        if tok.pos_ == "PRON" and tok.lower_ == "it":
            return False  # "will find it difficult"
        return finder and (tok.pos_ == "PRON" or tok.ent_type_ == "PERSON")

    if lemma == "find" and any(
        c.dep_ == "ccomp"
        and c.lemma_.lower() in cues.found_states
        and any(s.dep_ == "nsubj" and found_thing(s) for s in c.children)
        for c in children
    ):
        return True  # "found him unresponsive", "found the man dead" (a small clause)
    if lemma == "refer":
        # a handing over: "the case was referred to prosecutors", "police referred the
        # shooting to the district attorney", "the case referred to prosecutors" (a participle
        # on its noun, or to an authority however it is parsed); "referred to the driver as
        # armed" and "referring to the video" stay cues
        on_noun = verb.dep_ == "acl" and "nsubj" not in deps
        target = pobj("to")
        to_authority = target is not None and _noun_lemma(target) in cues.referral_nouns
        return bool(deps & {"auxpass", "nsubjpass"}) or bool(objects) or on_noun or to_authority
    if "ccomp" in deps:
        return False  # "responded that X", "found that X"
    if lemma == "call":
        if len(objects) == 1 and (
            objects[0].like_num or _noun_lemma(objects[0]) in cues.service_nouns
        ):
            return True  # "called 911", "called police"; not "called the officers heroes"
        if (target := pobj("for")) is not None and _noun_lemma(target) in cues.service_nouns:
            return True  # "called for an ambulance", "called for backup"
        # "officers were called to the home", "were called out", "were called about a fight";
        # not "the shooting was called justified"
        particles = {c.lower_ for c in children if c.dep_ == "prt"}
        return (
            "auxpass" in deps
            and not deps & {"oprd", "attr", "acomp"}
            and bool((set(preps) | particles) & {"to", "out", "in", "about", "at", "after"})
        )
    if lemma == "respond":
        target = pobj("to")
        return target is not None and (
            _noun_lemma(target) in cues.dispatch_nouns or target.ent_type_ in ("GPE", "FAC", "LOC")
        )
    if lemma == "find":
        # "found a man with a gunshot wound", "found a handgun", "officers found him"; not
        # "a survey found Clinton with a lead" or "the review found the shooting justified"
        return "xcomp" not in deps and any(
            o.dep_ == "dobj" and found_thing(o) and (finder or o.pos_ == "NOUN") for o in objects
        )
    if lemma == "hear":
        return any(_noun_lemma(o) in cues.heard_nouns for o in objects)
    return False


def _as_clause(verb: Token) -> bool:
    """Whether cue ``verb`` heads an "as" clause with a subject and no object ("As the Post
    reported, X"; "X, as the chief noted"): the clause it hangs on is what was reported."""
    return (
        verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and _subject(verb) is not None
        and verb.tag_ != "VBG"  # "just as Kenya was hoping for X" tells when
        # what was reported is the clause it hangs on, so the cue has no object of its own
        # ("as city leaders pressed federal officials for answers" tells when)
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children)
    )


def _trailing_source(verb: Token) -> list[Token] | None:
    """The speaker of a final cue the parser left without a subject: "..., a resident, Hector
    Salgado, said." (parsed as an apposition to a noun of the reported clause). The noun phrase
    set off by commas right before the cue, with the descriptions set off beside it."""
    doc = verb.doc
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if after is not None and not (after.is_punct and after.text in (".", "!", "?")):
        return None
    if verb.i < 3 or doc[verb.i - 1].text != ",":
        return None
    node = doc[verb.i - 2]
    while node.dep_ == "compound" and node.head.i > node.i:
        node = node.head
    if node.pos_ not in ("PROPN", "NOUN") or node.i != verb.i - 2:
        return None

    def set_off(tok: Token) -> bool:
        return tok.left_edge.i > 0 and doc[tok.left_edge.i - 1].text == ","

    if not set_off(node):
        return None
    while node.dep_ == "appos" and node.head.pos_ in ("NOUN", "PROPN") and set_off(node.head):
        node = node.head
    return list(doc[node.left_edge.i : verb.i - 1])


class Extractor:
    """Finds the claims of one Doc (see the module docstring)."""

    def __init__(self, doc: Doc, gate: CueGate | None = None) -> None:
        self.doc = doc
        self.gate = gate
        self.version = VERSION if gate is None else f"{VERSION}+{gate.tag}"
        self.cues: Cues = load_cues()
        self.hedges = load_hedges()
        self.roles = load_roles()
        self.text = doc_text(doc)
        self.quotes = find_quotes(self.text)
        self.index = QuoteIndex(self.text, self.quotes)
        self.paragraph_of = self._paragraphs()
        # (start, end, label) of the labelled sentences, in order, to find one by offset
        self.sentences = sorted(
            (
                (s.start, s.end, getattr(s, "label", None))
                for s in getattr(doc._, "nl_sentences", None) or []
            ),
            key=lambda row: row[0],
        )
        self.sentence_starts = [start for start, _, _ in self.sentences]

    def _paragraphs(self) -> list[int]:
        numbers = []
        number = 0
        for tok in self.doc:
            numbers.append(number)
            if _line_break(tok):
                number += 1
        return numbers

    # --- one cue ---------------------------------------------------------------------------

    def _adjacent_quotes(self, verb: Token, frame: set[int]) -> list[int]:
        """Quotations right next to the cue and source (only punctuation between)."""
        doc = self.doc
        sent = verb.sent
        own = self.index.of(verb)
        found: list[int] = []
        lo, hi = min(frame), max(frame)
        i = lo - 1
        while i >= sent.start and doc[i].text in BRIDGE_PUNCT and self.index.of(doc[i]) < 0:
            i -= 1
        # A quote that ends in "?", "!" or "." is often cut off as a sentence of its own
        # ("'Is that all?' Trump said."): look back over the sentence start, in the paragraph.
        if (
            i >= 0
            and (i >= sent.start or (i == sent.start - 1 and "\n" not in doc[i].whitespace_))
            and (q := self.index.of(doc[i])) >= 0
            and q != own
        ):
            found.append(q)
        j = hi + 1
        while (
            j < sent.end
            and (doc[j].text in BRIDGE_PUNCT or doc[j].is_space)
            and (self.index.of(doc[j]) < 0)
        ):
            j += 1
        if (
            j < len(doc)
            and (q := self.index.of(doc[j])) >= 0
            and q != own
            and q not in found
            and (j < sent.end or doc[hi + 1 : j].text.strip().endswith(":"))
        ):
            found.append(q)
        return found

    def _content(self, verb: Token, frame: set[int]) -> tuple[list[Token], Token | None] | None:
        lemma = cue_lemma(verb)
        own = self.index.of(verb)
        children = list(verb.children)
        if lemma in CHARGE_VERBS:
            # "charged the driver with assault", "is charged in a complaint with one count of
            # X": the charge (and who is charged, when an object) is what is alleged
            near = [*children, *(d for c in children if c.dep_ == "prep" for d in c.subtree)]
            charge = next(
                (
                    c
                    for c in near
                    if c.dep_ == "prep" and c.lower_ in ("with", "of") and c.i > verb.i
                ),
                None,
            )
            what = next((c for c in charge.children if c.dep_ == "pobj"), None) if charge else None
            if charge is not None and what is not None:
                toks = [t for c in children if c.dep_ == "dobj" for t in _subtree(c)]
                return sorted([*toks, *_subtree(what)], key=lambda t: t.i), what
        for child in children:
            if child.dep_ == "ccomp":
                return self._clause(child), child
        for child in children:
            if child.dep_ == "xcomp" and child.i > verb.i:
                return self._clause(child), child
        for child in children:
            # "said in a statement that X", parsed with X on "statement"
            clause = _that_clause_on_object(child)
            if child.dep_ == "prep" and child.i > verb.i and clause is not None:
                return self._clause(clause), clause
        if lemma in self.cues.object_ok:
            objs = [c for c in children if c.dep_ in ("dobj", "oprd") and c.i > verb.i]
            if objs:
                toks = [t for o in objs for t in _subtree(o)]
                for c in children:
                    if c.dep_ == "prep" and c.lower_ in ("as",) and c.i > verb.i:
                        toks += _subtree(c)
                    elif (
                        c.dep_ == "npadvmod"
                        and c.pos_ == "NOUN"
                        and c.left_edge.i == max(t.i for t in toks) + 1
                    ):
                        toks += _subtree(c)  # "ruled the death a homicide" (parsed so)
                return toks, objs[0]
        if (
            _as_clause(verb)
            and self.cues.verbs.get(lemma) == "attributed"
            and (host := self._host_clause(verb, own))
        ):
            return host  # before "noted on Monday" reads "Monday" as what was noted
        # "said so", "said that.", "said yes", "asked about X"
        for child in children:
            if child.i > verb.i and (
                child.dep_ in ("dobj", "intj") or (child.dep_ == "advmod" and child.lower_ == "so")
            ):
                return _subtree(child), child
        for child in children:
            if (
                child.dep_ == "prep"
                and child.i == verb.i + 1
                and child.lower_ in ("about", "of", "on", "for", "to", "against", "with")
            ):
                objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if objs:
                    # "referred to the driver as a danger": what it is called belongs too
                    called = [
                        t
                        for c in children
                        if c.dep_ == "prep" and c.lower_ == "as" and c.i > objs[0].i
                        for t in _subtree(c)
                    ]
                    return _subtree(objs[0]) + called, objs[0]
        if self._parenthetical(verb, frame) and (host := self._host_clause(verb, own)):
            return host
        if verb.dep_ == "ROOT":
            for child in children:
                if child.dep_ == "parataxis" and child.i < verb.i and child.pos_ in ("VERB", "AUX"):
                    return _subtree(child), child
        return None

    def _host_clause(self, verb: Token, own: int) -> tuple[list[Token], Token] | None:
        """The clause cue ``verb`` interrupts or hangs on, without the cue's own words, when
        it is a verb's outside any quotation but the cue's own."""
        head, quote = verb.head, self.index.of(verb.head)
        if head.pos_ not in ("VERB", "AUX") or (quote >= 0 and quote != own):
            return None
        skip = {t.i for t in verb.subtree}
        return [t for t in head.subtree if t.i not in skip], head

    def _parenthetical(self, verb: Token, frame: set[int]) -> bool:
        """Whether the cue and source interrupt or close a clause ("X, DHS said." /
        "Two agents, it said, were injured")."""
        if verb.dep_ not in ("parataxis", "ccomp", "advcl", "conj") or (
            verb.head.i > verb.i and (verb.dep_ == "advcl")
        ):
            return False
        if not any(c.dep_ == "nsubj" for c in verb.children):
            return False
        doc = self.doc
        lo, hi = min(frame), max(frame)
        before = doc[lo - 1].text if lo > verb.sent.start else ""
        after = doc[hi + 1].text if hi + 1 < verb.sent.end else "."
        return before in (",", "—", "–", "(") and after in (",", ".", "—", "–", ")", ";", "!", "?")

    def _clause(self, head: Token) -> list[Token]:
        """The subtree of ``head`` without the cue verbs coordinated into it ("X said A and
        said B", parsed with the second "said" under A): those make claims of their own."""
        cut: set[int] = set()
        for tok in head.subtree:
            if tok.i == head.i or tok.pos_ != "VERB" or cue_lemma(tok) not in self.cues.verbs:
                continue
            before = self.doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
            coordinated = tok.dep_ == "conj" or (
                before is not None and before.dep_ == "cc" and before.head.i != tok.i
            )
            if (coordinated and any(c.dep_ == "nsubj" for c in tok.children)) or tok.dep_ == "conj":
                cut.update(t.i for t in tok.subtree)
                for sib in tok.head.children:
                    if sib.dep_ == "cc" and sib.i < tok.i and sib.i > tok.head.i:
                        cut.add(sib.i)
        return [t for t in head.subtree if t.i not in cut]

    def cue_draft(self, verb: Token, new_effect: str | None = None) -> Draft | None:
        """The claim of cue verb ``verb``: a lexicon verb, or with ``new_effect`` (its
        certainty effect) any verb the cue gate takes for a cue."""
        lemma = cue_lemma(verb)
        effect = self.cues.verbs.get(lemma, new_effect)
        if effect is None or _an_act(verb, lemma, self.cues):
            return None
        if lemma == "see" and verb.dep_ == "xcomp" and verb.head.lemma_.lower() == "remain":
            return None  # "It remains to be seen whether X": unknown, nobody's claim
        for child in verb.children:
            if child.dep_ == "prt":
                # "ruled out foul play": the particle makes it a denial
                effect = self.cues.particle_phrases.get(f"{lemma} {child.lower_}", effect)
        source = _source_tokens(verb)
        passive_subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        source_ids = {t.i for t in source or []}
        if source is None and passive_subject is None and verb.tag_ != "VBN":
            # the subject of the clause it hangs on, away from the cue: not part of its frame
            # ("When asked about X, the clerk said": the clerk was asked, not asking); a
            # participle on a message speaks for who issued it (_participle_source)
            source = _participle_source(verb, self.cues) or _governor_subject(verb)
            if source is None and (source := _trailing_source(verb)) is not None:
                source_ids = {t.i for t in source}  # it sits in the reported clause's parse
        cue = _cue_tokens(verb, source_ids, self.cues)
        frame = source_ids | {t.i for t in cue}
        quotes = self._adjacent_quotes(verb, frame)
        content_root: Token | None = None
        if quotes:
            pieces = [p for q in quotes for p in self.quotes[q].pieces]
            content_root = self._quote_root(quotes[0])
        else:
            found = self._content(verb, frame)
            if found is None and passive_subject is not None and source is not None:
                # "The shooting was characterized by federal authorities as self-defense"
                found = [], passive_subject
                for child in verb.children:
                    if child.dep_ == "prep" and child.lower_ == "as":
                        found = _subtree(child), passive_subject
            if found is None:
                return None
            tokens, content_root = found
            prep = content_root.head if content_root is not None else verb
            document = _charging_document(verb) if source is None else None
            if document is not None:
                # "is charged in a criminal complaint with X": the complaint alleges it
                source = document
                frame |= {t.i for t in document}
            elif (
                prep.dep_ == "prep"
                and prep.head.i == verb.i
                and prep.i > cue[-1].i
                and (lemma not in CHARGE_VERBS or prep.i == cue[-1].i + 1)
            ):
                # "talking about X", "called for X": the preposition belongs to the cue
                cue = list(self.doc[cue[0].i : prep.i + 1])
                frame |= {t.i for t in cue}
            if passive_subject is not None and source is not None:
                # "was characterized by federal authorities as X": the subject is content
                tokens = _subtree(passive_subject) + tokens
            if source and source[-1].i == verb.i - 1:
                tokens, content_root = self._widened(source[0].i, verb.i, tokens, content_root)
            pieces = _runs(tokens, frame)
            if not pieces:
                return None
        return Draft(
            content=pieces,
            cue=(cue[0].idx, cue[-1].idx + len(cue[-1].text)),
            source_tokens=source,
            cue_token=verb,
            cue_effect=effect,
            content_root=content_root,
            quotes=set(quotes),
            paragraph=self.paragraph_of[verb.i],
            parenthetical=not quotes
            and content_root is not None
            and content_root.i == verb.head.i
            and not (verb.dep_ == "ccomp" and verb.i > verb.head.i)
            and self._parenthetical(verb, frame),
        )

    def _before_closing_cue(self, first: int, last: int, tokens: list[Token]) -> list[Token]:
        """A cue and source that close their sentence after a comma, tokens ``first`` to
        ``last`` ("A, but B, police said."; "A and B, according to the fire department.")
        report all of the sentence before them, however the parser hangs the clauses: the
        content found is widened to the sentence's start when it ends at that comma."""
        if not tokens:
            return tokens
        doc = self.doc
        sent = doc[first].sent
        comma = first - 1
        if comma <= sent.start or doc[comma].text != ",":
            return tokens
        if any(not (t.is_punct or t.is_space) for t in doc[last + 1 : sent.end]):
            return tokens
        words = [t.i for t in tokens if not (t.is_punct or t.is_space)]
        if not words or max(words) != comma - 1 or min(words) == sent.start:
            return tokens
        if any(self.index.of(t) >= 0 for t in doc[sent.start : comma]):
            return tokens  # quotation marks: the quote pairing decides
        earlier = doc[sent.start : min(t.i for t in tokens)]
        if any(
            t.pos_ == "VERB"
            and cue_lemma(t) in self.cues.verbs
            and any(c.dep_ == "nsubj" for c in t.children)
            for t in earlier
        ):
            return tokens  # "X had told Y that Z, but W, the source added": two claims
        return list(doc[sent.start : comma])

    def _widened(
        self, first: int, last: int, tokens: list[Token], root: Token | None
    ) -> tuple[list[Token], Token | None]:
        """:meth:`_before_closing_cue`, with the content's main clause then the first one."""
        widened = self._before_closing_cue(first, last, tokens)
        if widened is tokens:
            return tokens, root
        low, high = widened[0].i, widened[-1].i
        top = next((t for t in widened if t.head.i == t.i or not low <= t.head.i <= high), root)
        return widened, top

    def _quote_root(self, number: int) -> Token | None:
        start, end = self.quotes[number].pieces[0]
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        verbs = [
            t
            for t in span
            if t.pos_ in ("VERB", "AUX")
            and (t.head.i < span.start or t.head.i >= span.end or t.dep_ == "ROOT")
        ]
        return verbs[0] if verbs else span.root

    def according_draft(self, token: Token) -> Draft | None:
        to = next((c for c in token.children if c.lower_ == "to" and c.dep_ == "prep"), None)
        if to is None:
            return None
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if not objs:
            return None
        source = _subtree(objs[0])
        head = token.head
        if head.pos_ not in ("VERB", "AUX"):
            head = token.sent.root
        skip = {t.i for t in token.subtree}
        tokens = [t for t in head.subtree if t.i not in skip]
        tokens, root = self._widened(token.i, token.right_edge.i, tokens, head)
        pieces = _runs(tokens, skip)
        if not pieces:
            return None
        return Draft(
            content=pieces,
            cue=(token.idx, to.idx + len(to.text)),
            source_tokens=source,
            cue_token=None,
            cue_effect=self.cues.phrases.get("according to", "attributed"),
            content_root=root,
            paragraph=self.paragraph_of[token.i],
        )

    def in_poll_draft(self, token: Token) -> Draft | None:
        """ "In a CBS News poll, X leads": "in" is the cue, the poll the source, the clause it
        opens the content."""
        head = token.head
        if token.dep_ != "prep" or head.pos_ not in ("VERB", "AUX") or token.i > head.i:
            return None
        objs = [c for c in token.children if c.dep_ == "pobj"]
        if not objs or objs[0].lemma_.lower() not in POLL_NOUNS:
            return None
        skip = {t.i for t in token.subtree}
        pieces = _runs([t for t in head.subtree if t.i not in skip], skip)
        if not pieces:
            return None
        return Draft(
            content=pieces,
            cue=(token.idx, token.idx + len(token.text)),
            source_tokens=_subtree(objs[0]),
            cue_token=None,
            cue_effect=self.cues.phrases.get("according to", "attributed"),
            content_root=head,
            paragraph=self.paragraph_of[token.i],
        )

    def colon_draft(self, colon: Token) -> Draft | None:
        """A short name or description that opens a line, and a colon after it ("Lynch: No
        outside influence on FBI probe", "Police: Man shot by deputy was armed"): the rest of
        the line is what it says. A verb or a label ("Update:", "The Latest:") before the
        colon is no source."""
        doc = self.doc
        first = colon.i
        # look back no further than a source can reach (a long line is not read per colon)
        while (
            first > 0
            and not _line_break(doc[first - 1])
            and colon.i - first <= 2 * MAX_COLON_SOURCE
        ):
            first -= 1
        if first > 0 and not _line_break(doc[first - 1]):
            return None
        words = [t for t in doc[first : colon.i] if not t.is_space]
        if not words or len(words) > MAX_COLON_SOURCE or not words[0].text[:1].isupper():
            return None
        if any(t.pos_ in ("VERB", "AUX") or t.text in BRIDGE_PUNCT for t in words):
            return None
        lowered = " ".join(t.lower_ for t in words)
        if lowered in self.cues.colon_labels or words[-1].lower_ in self.cues.colon_labels:
            return None
        if not (any(t.pos_ == "PROPN" for t in words) or self.roles.source_word(words[-1].lower_)):
            return None
        last = colon.i
        while last + 1 < len(doc) and not _line_break(doc[last]):
            last += 1
        tokens = [t for t in doc[colon.i + 1 : last + 1] if not t.is_space]
        pieces = _runs(tokens, set())
        if not pieces:
            return None
        outside = [t for t in tokens if not colon.i < t.head.i <= last or t.head.i == t.i]
        root = next((t for t in outside if t.pos_ in ("VERB", "AUX")), outside[0])
        # a colon after a name reads as "according to"
        return Draft(
            content=pieces,
            cue=(colon.idx, colon.idx + 1),
            source_tokens=words,
            cue_token=None,
            cue_effect=self.cues.phrases.get("according to", "attributed"),
            content_root=root,
            paragraph=self.paragraph_of[colon.i],
        )

    # --- the article -------------------------------------------------------------------------

    def drafts(self) -> list[Draft]:
        out: list[Draft] = []
        for tok in self.doc:
            draft: Draft | None = None
            if tok.lower_ == "according":
                draft = self.according_draft(tok)
            elif tok.lower_ == "in":
                draft = self.in_poll_draft(tok)
            elif tok.text == ":":
                draft = self.colon_draft(tok)
            elif tok.pos_ == "VERB":
                draft = self.cue_draft(tok) if self.gate is None else self._gated_draft(tok)
            if draft is not None and not self._in_boilerplate(draft.cue or draft.content[0]):
                out.append(draft)
        out = self._outermost(out)
        self._continue_quotes(out)
        return out

    def _gated_draft(self, verb: Token) -> Draft | None:
        """With a cue gate: a lexicon verb the gate finds unlikely is no cue, and a verb the
        lexicon lacks is one when the gate finds it likely (see :mod:`newsledger.nlp.cuegate`)."""
        gate = self.gate
        assert gate is not None
        effect = self.cues.verbs.get(cue_lemma(verb))
        p = gate.probability(self.cue_features(verb))
        if effect is not None:
            return None if p < gate.t_drop else self.cue_draft(verb)
        return self.cue_draft(verb, new_effect=NEW_CUE_EFFECT) if p > gate.t_new else None

    def cue_features(self, verb: Token) -> list[str]:
        """The cue gate's features of ``verb`` in this Doc, as the gate is trained on them
        (``scripts/train_cue_gate.py``) and reads them here."""
        lemma = cue_lemma(verb)
        return token_features(verb, lemma, self.cues.verbs.get(lemma), self._quoted)

    def _quoted(self, tok: Token) -> bool:
        return self.index.of(tok) >= 0

    def _outermost(self, drafts: list[Draft]) -> list[Draft]:
        """Drop a claim whose cue lies inside a quotation or inside another claim's content.

        Attributions do not nest here: the words of an inner cue ("X said they believe Y") are
        part of the outer claim's content, and their hedge counts in its certainty. Claims are
        taken from the top of the parse down, so the outer claim wins. (The clauses nested in a
        claim come later, from :meth:`nested_drafts`.)
        """

        def depth(draft: Draft) -> int:
            tok = draft.cue_token
            n = 0
            while tok is not None and tok.head.i != tok.i:
                tok, n = tok.head, n + 1
            return n

        kept: list[Draft] = []
        # A parenthetical cue outranks the verb of the clause it interrupts ("X, she said,
        # found Y": "found" is content, not a cue of its own).
        for draft in sorted(drafts, key=lambda d: (not d.parenthetical, depth(d), d.start)):
            cue_at = draft.cue[0] if draft.cue else draft.start
            if self.index.owner[cue_at] >= 0:
                continue
            inside = any(s <= cue_at < e for k in kept for s, e in k.content)
            # "X said, according to Y": the report of what was said holds the saying
            holds = draft.cue_token is not None and any(
                k.cue is not None and s <= k.cue[0] < e for k in kept for s, e in draft.content
            )
            if inside or holds:
                continue
            kept.append(draft)
        return sorted(kept, key=lambda d: d.start)

    def _continue_quotes(self, drafts: list[Draft]) -> None:
        owner: dict[int, Draft] = {}
        for draft in drafts:
            for q in draft.quotes:
                owner.setdefault(q, draft)
        claimed_chars = [(s, e) for d in drafts for s, e in d.content]
        text = self.text
        for number, quote in enumerate(self.quotes):
            if number in owner:
                continue
            if any(s <= quote.start < e for s, e in claimed_chars):
                continue
            prev = owner.get(number - 1)
            if prev is None:
                continue
            gap = text[self.quotes[number - 1].end : quote.start]
            same_paragraph = "\n" not in gap
            if same_paragraph:
                rest = gap
                for span in (prev.cue, _bounds(prev.source_tokens)):
                    if span is not None and self.quotes[number - 1].end <= span[0] < quote.start:
                        rest = rest.replace(text[span[0] : span[1]], "")
                if (
                    rest.strip(" ,.;:—–-\t")
                    and not _only_connective(rest)
                    and not self._next_sentence(prev, number, drafts)
                ):
                    continue
            else:
                if gap.count("\n") > 2 or text[quote.start] not in OPEN_MARKS + STRAIGHT:
                    continue
                if prev.source_tokens is None:
                    continue
                # the quote opens the paragraph after the speaker's
                if any(
                    d is not prev
                    and d.start > self.quotes[number - 1].end
                    and d.start < quote.start
                    for d in drafts
                ):
                    continue
            prev.content.extend(quote.pieces)
            prev.quotes.add(number)
            owner[number] = prev
        # A paragraph that opens with a quote and follows a sourced claim in the paragraph before
        for number, quote in enumerate(self.quotes):
            if number in owner:
                continue
            if not self._opens_paragraph(quote.start):
                continue
            if any(s <= quote.start < e for d in drafts for s, e in d.content):
                continue
            before = [d for d in drafts if d.start < quote.start and d.source_tokens is not None]
            if not before:
                continue
            last = max(before, key=lambda d: d.start)
            between = text[last.start : quote.start]
            if between.count("\n\n") > 1 or between.count("\n") > 2:
                continue
            if any(d.start > last.start and d.start < quote.start for d in drafts):
                continue
            last.content.extend(quote.pieces)
            last.quotes.add(number)
            owner[number] = last

    def _next_sentence(self, prev: Draft, number: int, drafts: list[Draft]) -> bool:
        """Whether quotation ``number`` lies in the sentence after the one that holds the cue of
        ``prev``, with no other claim between ("'X,' she said on Sunday. 'Y.'")."""
        quote = self.quotes[number]
        opening = self.doc.char_span(quote.start, quote.start + 1, alignment_mode="expand")
        cue = self.doc.char_span(*prev.cue, alignment_mode="expand") if prev.cue else None
        if opening is None or cue is None or opening.start < cue.sent.end:
            return False
        if opening.sent.start != cue.sent.end:
            return False
        prev_end = self.quotes[number - 1].end
        return not any(d is not prev and prev_end <= d.start < quote.start for d in drafts)

    def _opens_paragraph(self, offset: int) -> bool:
        text = self.text
        line_start = text.rfind("\n", 0, offset) + 1
        return not text[line_start:offset].strip()

    def outlet_drafts(self, drafts: list[Draft]) -> list[Draft]:
        covered: list[tuple[int, int]] = []
        for d in drafts:
            covered += d.content
            if d.cue:
                covered.append(d.cue)
            if (b := _bounds(d.source_tokens)) is not None:
                covered.append(b)
        labels = self._sentence_labels()
        out = []
        for sent in self.doc.sents:
            if not any(t.pos_ in ("VERB", "AUX") for t in sent):
                continue
            start, end = sent.start_char, sent.end_char
            if labels.get(start) == "boilerplate":
                continue
            if any(s < end and e > start for s, e in covered):
                out += self._leftover_drafts(sent, covered)
                continue
            root = sent.root
            pieces = _runs(sent, set())
            if not pieces:
                continue
            cue = None
            effect = None
            for tok in sent:
                if tok.lower_ in self.cues.reported_adverbs:
                    cue = (tok.idx, tok.idx + len(tok.text))
                    effect = "reported"
                    break
            if (
                cue is None
                and root.lemma_.lower() == "report"
                and any(c.dep_ == "auxpass" for c in root.children)
                and not any(c.dep_ == "agent" for c in root.children)
            ):
                cue = (root.idx, root.idx + len(root.text))
                effect = "reported"
            clauses = self._clauses(sent, sent.root) if cue is None else {}
            if clauses:
                out += self._clause_drafts(sent, clauses)
                continue
            out.append(
                Draft(
                    content=pieces,
                    cue=cue,
                    source_tokens=None,
                    cue_token=None,
                    cue_effect=effect,
                    content_root=root,
                    paragraph=self.paragraph_of[sent.start],
                )
            )
        return out

    def _leftover_drafts(self, sent: Span, covered: list[tuple[int, int]]) -> list[Draft]:
        """The clauses of a sentence that holds a source's claim but lie outside it: "A
        witness said the agent fired, but the driver was not armed" (the parse hangs "but the
        driver was not armed" on "said"; it is no part of what the witness said, as parsed, and
        no claim would hold it). Each clause of its own (step 4) whose words no claim holds is
        the outlet's claim."""
        here = [(s, e) for s, e in covered if s < sent.end_char and e > sent.start_char]

        def held(tok: Token) -> bool:
            return any(s <= tok.idx < e for s, e in here)

        def free(tok: Token) -> bool:
            """Not held, and hung on no held word and no "whether" on the way to the root:
            "but did not answer questions about how many were hurt or whether any were
            taken" belongs to the claim that holds "questions"."""
            while tok.i != sent.root.i:
                if held(tok) or asks_whether(tok):
                    return False
                tok = tok.head
            return True

        clauses = {
            i: hedge for i, hedge in self._clauses(sent, sent.root).items() if free(self.doc[i])
        }
        if not clauses:
            return []
        owner = self._owners(sent, sent.root, clauses)
        out = []
        for head_i, hedge in clauses.items():
            own = [t for t in sent if owner[t.i] == head_i]
            if any(held(t) for t in own):
                continue
            pieces = _runs(own, set())
            if pieces and any(t.pos_ in ("VERB", "AUX") for t in own):
                out.append(self._clause_draft(sent, pieces, head_i, hedge))
        return out

    def _clauses(self, tokens: Iterable[Token], root: Token) -> dict[int, str | None]:
        """The clauses among ``tokens`` (a sentence of the outlet's, or a content, with its main
        clause ``root``) that are claims of their own, by head index, with the hedge their place
        adds (see the module docstring, step 4)."""
        out: dict[int, str | None] = {}
        for tok in tokens:
            if tok.i == root.i or tok.pos_ not in ("VERB", "AUX"):
                continue
            if tok.dep_ in COMPLEMENTS and opens_question(tok):
                continue  # "It remains unclear whether X": X is what is unknown
            if tok.lemma_.lower() == "see" and tok.head.lemma_.lower() == "remain":
                continue  # "It remains to be seen whether X": one unknown claim
            place = under_negation(tok, self.hedges)
            if tok.dep_ in CLAUSE_DEPS and any(c.dep_ in CLAUSE_SUBJECTS for c in tok.children):
                conditional = tok.dep_ == "advcl" and any(
                    c.dep_ == "mark" and c.lower_ in self.hedges.conditional_marks
                    for c in tok.children
                )
                out[tok.i] = "possible" if conditional else None
                if tok.dep_ == "ccomp" and _to_infinitive(tok):
                    # "wants his family to come", "urged the states to sign": as after the verb
                    # with no subject of its own ("agreed to buy")
                    effect = self._infinitive_effect(tok.head)
                    out[tok.i] = None if effect == "fact" else effect
            elif tok.dep_ in INFINITIVE_CLAUSES and _to_infinitive(tok):
                # "lacked the money to build plants", "an effort to avoid a war", "went there to
                # get him": not done, as far as the sentence says; but "the first officer to
                # arrive" did arrive
                if not any(c.lower_ in ("first", "last", "only") for c in tok.head.children):
                    out[tok.i] = "possible"
            elif tok.dep_ == "conj" and is_negated(tok, self.hedges) != is_negated(
                tok.head, self.hedges
            ):
                out[tok.i] = None  # "were charged but not apprehended": negated on its own
            elif tok.dep_ == "pcomp" and place == "negated" and not self._under_negated_clause(tok):
                out[tok.i] = "possible"  # "left without paying": not done (but "did not
                # leave without paying" did pay)
            elif (
                tok.dep_ == "pcomp"
                and tok.tag_ == "VBG"
                and tok.head.dep_ == "prep"
                and tok.head.head.pos_ == "NOUN"
                and tok.head.head.lemma_.lower() not in self.hedges.done_nouns
            ):
                # "the chances of rebuilding the army", "an interest in driving to Baghdad":
                # not done, as far as the sentence says; but "a history of using force" and
                # "one count of assaulting an officer" read as their clause does
                out[tok.i] = "possible"
            elif (
                tok.dep_ == "conj"
                and tok.tag_ in ("VBD", "VBZ")
                and _to_infinitive(tok.head)
                and not any(c.dep_ in CLAUSE_SUBJECTS for c in tok.children)
            ):
                # "refused to drop the knife and lunged at officers", the finite verb parsed
                # as joined to the infinitive: it happened, whatever the infinitive reads
                out[tok.i] = None
            elif (
                tok.dep_ in PARTICIPLES
                and tok.tag_ in ("VBG", "VBN")
                and not (tok.dep_ == "pcomp" and tok.head.lower_ == "without")
                and not opens_question(tok)
                and self._under_negated_clause(tok)
            ):
                # "did not comment on the sanctions imposed on Iraq", "has not appeared since
                # leaving the hospital": a participle is no part of what its clause denies
                out[tok.i] = None
            elif tok.dep_ == "xcomp" and tok.tag_ == "VBG" and place == "negated":
                out[tok.i] = "possible"  # "stopped paying a dividend"
            elif tok.dep_ == "xcomp" and _to_infinitive(tok):
                # "agreed to buy X": not done yet, unless the verb says it was ("managed to");
                # after "appeared to", "is believed to" the verb's own clause carries the
                # hedge (clause_certainty), and the infinitive is part of it
                effect = self._infinitive_effect(tok.head)
                if effect != "fact" and not self._hedging_verb(tok.head):
                    out[tok.i] = effect
            if tok.i in out and place in ("negated", "believed", "unknown"):
                # a clause completing a negated verb: "were not allowed to leave" (possible,
                # negated), "did not hear anybody yelling" (unknown)
                least = "possible" if place == "negated" else place
                out[tok.i] = stronger(out[tok.i] or "fact", least)
        return out

    def _hedging_verb(self, verb: Token) -> bool:
        """Whether ``verb`` hedges its own clause, infinitive and all ("appeared to", "is
        believed to", "is expected to")."""
        lemma = cue_lemma(verb)
        return lemma in self.hedges.raising_verbs or (
            lemma in self.hedges.passive_verbs and any(c.dep_ == "auxpass" for c in verb.children)
        )

    def _infinitive_effect(self, verb: Token) -> str:
        """What ``verb`` makes of the infinitive after it: a raising verb's hedge ("appeared
        to"), a passive's ("is believed to", "is expected to"), else an intention's ("plans
        to": possible; "managed to": fact)."""
        lemma = cue_lemma(verb)
        if lemma in self.hedges.raising_verbs:
            return self.hedges.raising_verbs[lemma]
        if lemma in self.hedges.passive_verbs and any(c.dep_ == "auxpass" for c in verb.children):
            return self.hedges.passive_verbs[lemma]
        return self.hedges.intention_verbs.get(lemma, "possible")

    def _under_negated_clause(self, tok: Token) -> bool:
        """Whether the nearest verb above ``tok`` is negated."""
        head = tok.head
        while head.i != head.head.i and head.pos_ not in ("VERB", "AUX"):
            head = head.head
        return head.i != tok.i and head.pos_ in ("VERB", "AUX") and is_negated(head, self.hedges)

    def _clause_drafts(self, sent: Span, clauses: dict[int, str | None]) -> list[Draft]:
        """One claim for the main clause and one for each of ``clauses``."""
        root = sent.root
        owner = self._owners(sent, root, clauses)
        out = []
        for head_i, hedge in [(root.i, None), *clauses.items()]:
            pieces = _runs([t for t in sent if owner[t.i] == head_i], set())
            if pieces:
                out.append(self._clause_draft(sent, pieces, head_i, hedge))
        return out

    def _clause_draft(
        self, sent: Span, pieces: list[tuple[int, int]], head_i: int, hedge: str | None
    ) -> Draft:
        """The outlet's claim of one clause of ``sent``: its words, its head, its hedge."""
        return Draft(
            content=pieces,
            cue=None,
            source_tokens=None,
            cue_token=None,
            cue_effect=None,
            content_root=self.doc[head_i],
            paragraph=self.paragraph_of[sent.start],
            hedge=hedge,
        )

    def _owners(
        self, tokens: Iterable[Token], root: Token, clauses: dict[int, str | None]
    ) -> dict[int, int]:
        """The clause each of ``tokens`` belongs to (by head index): the innermost of
        ``clauses`` above it, else ``root``; a conjunction belongs to the clause it joins
        ("and Y did not"). A complement takes the hedge of the clause it completes ("It is
        possible that X"), written into ``clauses``."""
        owner: dict[int, int] = {}
        for tok in tokens:
            head = tok
            while head.i not in clauses and head.i != root.i and head.head.i != head.i:
                head = head.head
            owner[tok.i] = head.i if head.i in clauses else root.i
            if tok.dep_ == "cc":
                joined = [
                    i
                    for i in clauses
                    if self.doc[i].dep_ == "conj" and self.doc[i].head.i == tok.head.i and i > tok.i
                ]
                if joined:
                    owner[tok.i] = min(joined)
        for i, hedge in clauses.items():
            if self.doc[i].dep_ in COMPLEMENTS:
                # "It is possible that X": a complement is as sure as the clause it completes
                above_i = owner.get(self.doc[i].head.i, root.i)
                above, _ = content_certainty(self.doc[above_i], self.hedges)
                if above != "fact":
                    clauses[i] = stronger(hedge or "fact", above)
        return owner

    def nested_drafts(self, drafts: list[Draft]) -> list[Draft]:
        """The clauses inside a source's words that carry their own hedge or negation, each a
        claim nested in the source's claim (same source and cue): "Police said the man, who did
        not have a weapon, fled" holds "who did not have a weapon", negated. The clauses are
        those of the outlet's sentences (step 4), and each further sentence of a quotation.
        What a cue of belief, denial or allegation heading the words bears on has that cue and
        its subject as cue and source when the subject is no pronoun ("Forsythe said
        investigators believe X": X, believed by investigators, per Forsythe)."""
        out: list[Draft] = []
        for draft in drafts:
            root = draft.content_root
            if root is None or (draft.cue_token is None and draft.cue_effect is None):
                continue
            if draft.cue_token is not None and is_negated(draft.cue_token, self.hedges):
                continue  # "did not say whether X": nothing in X is said
            tokens = sorted(
                {
                    t
                    for s, e in draft.content
                    if (span := self.doc.char_span(s, e, alignment_mode="contract")) is not None
                    for t in span
                    if not t.is_space
                },
                key=lambda t: t.i,
            )
            clauses = self._clauses(tokens, root)
            for sent_root in {t.sent.root.i for t in tokens} - {root.sent.root.i}:
                if self.doc[sent_root].pos_ in ("VERB", "AUX"):
                    clauses.setdefault(sent_root, None)
            inner_cue: dict[int, Draft] = {}
            lemma = cue_lemma(root)
            effect = self.cues.verbs.get(lemma) if root.pos_ == "VERB" else None
            if lemma in self.hedges.raising_verbs:
                effect = None  # "the man appeared to be armed": no one who believes, a hedge
            if effect in ("denied", "believed", "alleged") and not is_negated(root, self.hedges):
                # "said they believe X", "said he denies the charges": the whole is what the
                # source said; what the inner cue bears on is believed, denied or alleged
                # ("said police do not believe X": X is read under the negation, step 4)
                inside = {t.i for t in tokens}
                # the object of a denial is what is denied ("denies the charges"); that of an
                # accusation or a blame is a person ("accused the chief of lying")
                deps = ("ccomp", "xcomp", "dobj") if effect == "denied" else ("ccomp", "xcomp")
                for child in root.children:
                    if child.dep_ in deps and child.i in inside and not opens_question(child):
                        # the cue's own infinitive is what it bears on, no mere plan: "is
                        # believed by investigators to be his" is believed
                        own = None if child.dep_ == "xcomp" else clauses.get(child.i)
                        clauses[child.i] = stronger(own or "fact", effect)
                        if (inner := self._inner_cue(root, effect)) is not None:
                            inner_cue[child.i] = inner
                        # one claim for what is denied ("denies trying to hit anyone"), but
                        # a clause negated or hedged beyond it stays a claim of its own, in
                        # the inner cue's frame too
                        for t in child.subtree:
                            if t.i == child.i or t.i not in clauses:
                                continue
                            if stronger(
                                clauses[t.i] or "fact", effect
                            ) == effect and not is_negated(t, self.hedges):
                                del clauses[t.i]
                            elif child.i in inner_cue:
                                inner_cue[t.i] = inner_cue[child.i]
            if not clauses:
                continue
            owner = self._owners(tokens, root, clauses)
            for head_i, hedge in clauses.items():
                pieces = _runs([t for t in tokens if owner[t.i] == head_i], set())
                if not pieces:
                    continue
                frame = inner_cue.get(head_i, draft)
                out.append(
                    Draft(
                        content=pieces,
                        cue=frame.cue,
                        source_tokens=frame.source_tokens,
                        cue_token=frame.cue_token,
                        cue_effect=frame.cue_effect,
                        content_root=self.doc[head_i],
                        paragraph=draft.paragraph,
                        hedge=hedge,
                        part_of=draft,
                    )
                )
        return out

    def _inner_cue(self, verb: Token, effect: str) -> Draft | None:
        """The cue and source of an inner cue ``verb`` whose subject is a name or a
        description ("investigators believe"), as the frame of what it bears on. None for a
        pronoun: "His attorney said he denies X" may mean the client, "Smith said he believes
        X" Smith himself, and the pronoun's nearest name cannot tell them apart, so X keeps the
        outer claim's source and cue."""
        # the holder: an active subject, or the agent of a passive ("is believed by police");
        # "The man is believed to have lived there" names no holder
        source = _subject(verb)
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            source = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if source is None or source.pos_ == "PRON":
            return None
        tokens = _source_span(source)
        cue = _cue_tokens(verb, {t.i for t in tokens}, self.cues)
        return Draft(
            content=[],
            cue=(cue[0].idx, cue[-1].idx + len(cue[-1].text)),
            source_tokens=tokens,
            cue_token=verb,
            cue_effect=effect,
            content_root=None,
        )

    def _sentence_labels(self) -> dict[int, str | None]:
        return {start: label for start, _, label in self.sentences}

    def _label_at(self, offset: int) -> str | None:
        """The label of the sentence that holds ``offset`` (None outside every sentence)."""
        k = bisect.bisect_right(self.sentence_starts, offset) - 1
        if k >= 0 and offset < self.sentences[k][1]:
            return self.sentences[k][2]
        return None

    def _in_boilerplate(self, span: tuple[int, int]) -> bool:
        """Whether ``span`` starts in a sentence labelled boilerplate ("Sign up for our
        newsletter: ..."): boilerplate yields no claims."""
        return self._label_at(span[0]) == "boilerplate"

    def _in_opinion(self, offset: int) -> bool:
        return self._label_at(offset) == "opinion"

    # --- output ------------------------------------------------------------------------------

    def claims(self) -> list[dict[str, Any]]:
        drafts = self.drafts()
        drafts += self.outlet_drafts(drafts) + self.nested_drafts(drafts)
        drafts.sort(key=lambda d: (d.start, d.part_of is not None))
        resolver = SourceResolver(self.doc, self.roles)
        text = self.text
        # a claim's words start after the dateline ("CHICAGO (AP) — "): it says where the
        # story was filed, not what anyone claims
        opening = places.dateline_end(text) or 0
        made: dict[int, tuple[dict[str, Any], SourceInfo | None]] = {}
        out: list[dict[str, Any]] = []
        for draft in drafts:
            parent = made.get(id(draft.part_of)) if draft.part_of is not None else None
            own_source = (
                draft.part_of is None or draft.source_tokens is not draft.part_of.source_tokens
            )
            source: dict[str, Any] | None = None
            info: SourceInfo | None = None
            if not own_source and parent is not None:
                source, info = parent[0]["source"], parent[1]
            elif source_tokens := _after_tokens(draft.source_tokens or [], opening):
                # nor is the dateline part of who speaks ("RENO, Nev. (AP) — Donald Trump")
                info = resolver.resolve(source_tokens)
                bounds = _bounds(source_tokens)
                assert bounds is not None
                source = {
                    "span": _span(text, *bounds),
                    "name": info.name,
                    "kind": info.kind,
                    "role": info.role,
                }
            certainty, polarity = self._certainty(draft, info)
            if (
                parent is not None
                and not own_source
                and (certainty, polarity) == (parent[0]["certainty"], parent[0]["polarity"])
            ):
                continue  # a clause as sure as the whole is no claim of its own
            content = sorted({_after(piece, opening) for piece in draft.content})
            if parent is not None:
                quote = parent[0]["quote"]  # a clause of a quotation is quoted as it is
            else:
                # The outlet's own voice quotes nobody.
                quote = quote_kind(text, content) if draft.cue or source else "none"
            claim = {
                "id": f"c{len(out) + 1}",
                "content": [_span(text, s, e) for s, e in content],
                "cue": _span(text, *draft.cue) if draft.cue else None,
                "source": source,
                "quote": quote,
                "certainty": certainty,
                "polarity": polarity,
                "in_opinion": self._in_opinion(draft.start),
                "incident": None,
                "part_of": parent[0]["id"] if parent is not None else None,
                "extractor": self.version,
            }
            made[id(draft)] = (claim, info)
            out.append(claim)
        return out

    def _certainty(self, draft: Draft, info: SourceInfo | None) -> tuple[str, str]:
        """Certainty and polarity of ``draft``, whose source resolved to ``info``; a clause's
        place ("if X", the outlet's or a source's) hedges it further (``Draft.hedge``)."""
        anonymous = info is not None and info.anonymous
        if draft.cue_token is None and draft.cue_effect is None:
            certainty, neg = content_certainty(draft.content_root, self.hedges)
            polarity = "negated" if neg else "affirmed"
        else:
            certainty, polarity = claim_certainty(
                draft.cue_effect,
                draft.cue_token,
                draft.content_root,
                anonymous_source=anonymous,
            )
            if draft.cue_token is None and anonymous and certainty == "attributed":
                # "according to X", "reportedly": the cue's effect, hedged by the content
                certainty = "reported"
        if draft.hedge is not None and certainty != "unknown":
            certainty = stronger(certainty, draft.hedge)
            if certainty == "unknown":
                polarity = "affirmed"
            elif draft.content_root is not None and under_negation(
                draft.content_root, self.hedges
            ) in ("negated", "believed"):
                polarity = "negated"
        return certainty, polarity


def _to_infinitive(tok: Token) -> bool:
    """Whether ``tok`` heads a "to" infinitive ("to buy X", "to be interviewed")."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    return tok.tag_ == "VB" or (
        tok.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.lower_ == "be" for c in tok.children)
    )


def _after(piece: tuple[int, int], start: int) -> tuple[int, int]:
    """``piece`` cut to begin at ``start`` when it straddles it."""
    s, e = piece
    return (start, e) if s < start < e else piece


def _after_tokens(tokens: list[Token], start: int) -> list[Token]:
    """``tokens`` from offset ``start`` on when they straddle it, as :func:`_after` cuts a
    piece."""
    if tokens and tokens[0].idx < start <= tokens[-1].idx:
        return [t for t in tokens if t.idx >= start]
    return tokens


def _line_break(tok: Token) -> bool:
    """Whether a line ends with ``tok`` (a new line in its trailing space, or it is one)."""
    return "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text)


def _only_connective(text: str) -> bool:
    return text.strip(" ,.;:—–-\t").lower() in ("and", "but", "adding", "he added", "she added")


def _bounds(tokens: list[Token] | None) -> tuple[int, int] | None:
    if not tokens:
        return None
    toks = [t for t in tokens if not t.is_space]
    while len(toks) > 1 and toks[-1].is_punct:
        toks.pop()
    while len(toks) > 1 and toks[0].is_punct:
        toks.pop(0)
    first, last = min(toks, key=lambda t: t.i), max(toks, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def quote_kind(text: str, content: list[tuple[int, int]]) -> str:
    """``direct`` when the content is a quotation (marks at its edges), ``mixed`` when it holds
    quoted words, ``indirect`` when it has none; ``none`` for an empty content."""
    if not content:
        return "none"
    marks = OPEN_MARKS + CLOSE_MARKS + STRAIGHT
    text = _double_apostrophes(text)
    start, end = content[0][0], content[-1][1]
    body = text[start:end].strip()
    opens = body[:1] in marks or (start > 0 and text[start - 1] in marks)
    tail = body.rstrip(".,;:!?")
    closes = body[-1:] in marks or tail[-1:] in marks or text[end : end + 1] in marks
    if opens and closes:
        return "direct"
    if any(ch in marks for s, e in content for ch in text[s:e]):
        return "mixed"
    return "indirect"


def extract_claims(doc: Doc, gate: CueGate | None = None) -> list[dict[str, Any]]:
    """The claims of a parsed Doc, in text order, as contract dicts (see the module docstring);
    with ``gate``, cues pass the learned cue gate too."""
    return Extractor(doc, gate).claims()


def data_versions() -> dict[str, str]:
    """The cue gate the ``cue_gate`` setting names, when it names one."""
    gate = gate_setting()
    return {} if gate is None else {"claims.cue_gate": gate.tag}


@Language.factory(
    CLAIMS,
    requires=["token.dep", "token.tag", "token.lemma", "doc.ents", "doc._.nl_sentences"],
    assigns=["doc._.nl_claims"],
)
def make_claims(nlp: Language, name: str) -> Any:
    return Claims(name)


class Claims:
    """Sets ``doc._.nl_claims``; an error is recorded on the document, never raised."""

    def __init__(self, name: str) -> None:
        self.name = name
        # read once, when the pipeline is built: a bad path is an error here, not per article
        self.gate = gate_setting()

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.nl_claims = extract_claims(doc, self.gate)
        except Exception as exc:  # per document: never fail the batch
            doc._.nl_claims = []
            _record_error(doc, self.name, exc)
        return doc
