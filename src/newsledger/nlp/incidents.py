"""The incidents an article reports (``incidents.extract.v6``): ``doc._.nl_incidents``.

v1 finds the article's **main** incident (``i1``); a second **main** incident when the
article is about two (its lead names both cities, and sentences with an incident trigger name
the other city, at least 40 km away, with another day: "The Minneapolis shooting happened on
Monday, Jan. 5" in a Portland story), with its own place, date, types, agencies, counts and
participants, which the first incident's counts leave out; and, after them, **background**
cases told in sentences whose date ended 60 days or more before the main incident's day ("In
March 2019, officers shot and killed a man"): their own date, types, counts and participants,
location null. Everything in the contract shape of ``newsledger.analysis/1`` ``incidents[]``:

- ``types`` from the trigger words of ``data/incident-types-v1.json`` (one PhraseMatcher per
  Vocab plus a lemma lookup, one pass over the tokens);
- ``location`` from :mod:`newsledger.nlp.places` (dateline, "City, State", counties, states);
- ``date`` from :mod:`newsledger.nlp.timex`: the first day-precise expression in a sentence that
  carries an incident trigger (else the first day-precise one), joined with a clock time of the
  same sentence, else of the first trigger sentence that gives no other date; it needs ``doc._.nl_published`` (ISO string), and stays null without it;
- ``agencies`` from :func:`newsledger.nlp.agencies.find_agencies`;
- ``killed`` / ``injured`` and ``participants`` from the parse: a kill / injury / shot / arrest
  trigger ("two men were wounded", "a man was killed", "was pronounced dead", "shot and killed
  a woman", "no one was injured") and the noun phrase it is about, with the number written on
  it. Counts are the largest stated for a group; "no one was injured" gives 0 only when nothing
  says otherwise; a trigger under "unclear whether" / "not known" gives nothing (null). A person
  shot and not said to be killed counts as injured. A report whose people shot were all
  wounded and none said to die gives killed 0; one whose people shot all died, nobody said to
  be hurt, gives injured 0 (it tells of everyone the shooting hit);
- ``weapons`` from the types (and knife words), ``claims`` the ids of the claims whose content
  covers an evidence span of the incident;
- ``charges`` (main incident; a field added to the contract): "X is charged with Y",
  "prosecutors charged X with Y", "indicted X on a charge of Y", with who (``role``, the words
  for them) and the charge as written; negated or future wording brings none.

v4: what the sentence labeller marks boilerplate (captions, related-story links) is never read,
and an article whose every incident word is in the outlet's opinion has no incident (issue 5's
rules); a headline's grammar ("Man shot and killed | Local News") is read as a headline's.

v5: the deaths a headline tells by word patterns, where the parser reads a Title Case or
capitalised headline as names (:mod:`newsledger.nlp.headline`: "Three People Dead East of
Bozeman", "HUNTING ACCIDENT CLAIMS LIFE"); nothing past the headline's site separator ("... girl
- WMC Action News 5") is a person or a place; "was nearly killed" is no death; a value told by a
claim's cue ("charged with") is carried by that claim.

v6: places (:mod:`newsledger.nlp.places`): a town the NER missed in a Title Case headline ("in
St. Paul Shooting", "Deadly Florida City Shooting"), before "shooting" or a venue ("at Kokomo
bar"), or tagged as a person after "in" / "near" / "outside"; a surname of a person the story
names, or the first word of a longer name ("Essie McIntyre Boulevard"), is no town; a name the
story calls another place's neighbourhood ("Pittsburgh's Allentown neighborhood") is that
place; a dateline village far from a city outlet whose story names that city is a neighbourhood
("WOODLAWN —" from Chicago; an outlet's city edition is read from its address,
"dnainfo.com/chicago/", and from the site name after the headline); "North Charleston" is a
city, not a part of Charleston; a county dateline ("DAUPHIN COUNTY, Pa. –") is a county, refined
only by a town of it; two streets at a corner and a business ("at Angie's Bar") are no towns;
with no state written, a name near the outlet is read there; a street address in the incident's
sentences ("the 5500 block of West Old National Road") makes the precision ``address``.

Errors go to ``doc._.nl_errors``; the component never raises.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from newsledger.analysis import Span
from newsledger.article import headline_of, opens_with_title
from newsledger.datafiles import DataFileError, read_versioned_json
from newsledger.geo import distance_km
from newsledger.nlp import genre, headline, places, timex
from newsledger.nlp.agencies import AgencyMention, find_agencies
from newsledger.nlp.components import _record_error, doc_text

INCIDENTS = "newsledger_incidents"
VERSION = "incidents.extract.v6"
TYPES_FILE = Path(__file__).resolve().parent.parent / "data" / "incident-types-v1.json"

for _name in ("nl_incidents", "nl_published", "nl_url"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class IncidentTypesError(DataFileError):
    """The type taxonomy file is missing or malformed: a packaging bug."""


@dataclass(frozen=True, slots=True)
class TypeEntry:
    key: str
    type: str
    lemmas: frozenset[str]
    phrases: tuple[str, ...]
    weapon: str | None


@dataclass(frozen=True, slots=True)
class Taxonomy:
    version: str
    entries: dict[str, TypeEntry]
    by_lemma: dict[str, tuple[str, ...]]


@functools.cache
def load_types(path: Path = TYPES_FILE) -> Taxonomy:
    raw = read_versioned_json(path, "the incident types")
    try:
        entries = {}
        by_lemma: dict[str, list[str]] = {}
        for key, spec in raw["types"].items():
            entry = TypeEntry(
                key=key,
                type=str(spec.get("type", key)),
                lemmas=frozenset(str(x).lower() for x in spec.get("lemmas", [])),
                phrases=tuple(str(x) for x in spec.get("phrases", [])),
                weapon=spec.get("weapon"),
            )
            entries[key] = entry
            for lemma in entry.lemmas:
                by_lemma.setdefault(lemma, []).append(key)
        return Taxonomy(
            version=str(raw["version"]),
            entries=entries,
            by_lemma={k: tuple(v) for k, v in by_lemma.items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise IncidentTypesError(f"the incident types {path} are malformed: {exc}") from exc


def data_versions() -> dict[str, str]:
    return {"incidents.types": load_types().version}


@functools.lru_cache(maxsize=8)
def _phrase_matcher(vocab: Vocab) -> PhraseMatcher:
    from spacy.lang.en import English

    tokenizer = English().tokenizer
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for key, entry in load_types().entries.items():
        if entry.phrases:
            matcher.add(key, [tokenizer(p.lower()) for p in entry.phrases])
    return matcher


# --- words ------------------------------------------------------------------------------------

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "both": 2,
    "single": 1, "another": 1, "twin": 2, "dozen": 12,
}  # fmt: skip
KILL = {"kill", "die", "dead", "slay", "murder"}
INJURE = {"wound", "injure", "hurt", "hospitalize", "injury", "wounded", "injured"}
SHOOT = {"shoot"}
ARREST = {"arrest", "detain", "apprehend"}
CONDITION = {"critical", "stable", "serious", "fair", "grave", "guarded"}
OFFICER = {
    "officer", "agent", "deputy", "trooper", "police", "policeman", "policewoman", "cop",
    "sergeant", "detective", "lieutenant", "marshal", "ranger", "patrolman", "sheriff",
    "constable",
}  # fmt: skip
SUBJECT = {
    "suspect", "gunman", "shooter", "assailant", "robber", "attacker", "driver", "fugitive",
    "intruder", "burglar", "carjacker", "killer",
}  # fmt: skip
BYSTANDER = {"bystander", "passerby", "passer-by", "onlooker", "neighbor", "passenger"}
# Nouns that tell a death and name the dead only through "of" or a possessive ("the death of a
# 10-year-old boy", "Beal's death", "the murder of Ibram Hanna"); never the subject of the verb
# they hang on ("X was charged with murder" does not say X died).
DEATH_NOUNS = {"death", "killing", "slaying", "murder", "homicide"}
TRIGGER_LEMMAS = (
    KILL | INJURE | SHOOT | ARREST | DEATH_NOUNS
    | {"condition", "treatment", "dead", "deceased", "succumb", "life", "slain", "shooting", "gun"}
)  # fmt: skip
NOBODY = {"nobody", "none", "no one", "noone"}
_UNCLEAR = re.compile(
    r"\b(unclear|unknown|not known|not clear|whether|if any|no word|not immediately known)\b",
    re.I,
)


MAX_COUNT = 50  # a larger number beside "killed" is a statistic ("555 kids ... this year")


# A sentence that totals several incidents ("seven people had been killed and 40 wounded in 33
# separate shootings since Friday", "Last year, at least four children died in the county") is
# no count of this one.
_TALLY = re.compile(
    r"\b(?:separate|different|unrelated)\s+(?:shooting\s+)?(?:incidents|shootings|attacks)\b"
    r"|\b(?:last|this|past|previous|each|every)\s+year\b|\bso\s+far\s+this\s+year\b",
    re.I,
)


def _number(tok: Token) -> int | None:
    word = tok.lower_
    if word in NUMBERS:
        return NUMBERS[word]
    if word.isdigit() and int(word) <= MAX_COUNT:
        return int(word)
    return None


# --- mentions of outcomes ---------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """What a trigger says about one noun phrase."""

    patient: Token
    kind: str  # killed | injured | shot | arrested
    count: int | None
    negated: bool
    trigger: Token
    by_officer: bool = False


def _patient(trigger: Token) -> Token | None:
    """The noun phrase a trigger is about: its passive subject, its object, its subject (for
    die / dead), or that of the verb it hangs on ("was pronounced dead", "shot and killed"); a
    relative pronoun stands for the noun its clause hangs on ("a girl who was shot")."""
    p = _patient_word(trigger)
    return _antecedent(p) if p is not None else None


def _antecedent(tok: Token) -> Token:
    """The noun a relative pronoun stands for ("a girl who was shot": girl); else ``tok``."""
    if tok.lower_ in ("who", "that", "whom") and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def _patient_word(trigger: Token) -> Token | None:
    if trigger.pos_ == "NOUN" and (
        trigger.lemma_.lower() in DEATH_NOUNS or trigger.lemma_.lower() == "shooting"
    ):
        holders = [trigger]
        if trigger.head.lower_ == "shooting" and trigger.dep_ in ("dobj", "compound"):
            holders.append(trigger.head)  # "the shooting death of a child", parsed as a verb
        for holder in holders:
            for k in holder.children:
                if k.dep_ == "poss" and k.lower_ not in ("his", "her", "their", "its"):
                    return k
                if k.dep_ == "prep" and k.lower_ == "of":
                    return next((g for g in k.children if g.dep_ == "pobj"), None)
        return None
    if trigger.lemma_.lower() == "slain" and trigger.dep_ == "amod":
        return trigger.head  # "the slain boy"
    if (
        trigger.tag_ in ("VBN", "VBD")
        and trigger.dep_ == "conj"
        and not any(k.dep_ in ("nsubjpass", "dobj") for k in trigger.children)
    ):
        # "left a girl dead and her grandmother wounded": the participle's own subject
        subject = next((k for k in trigger.children if k.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
    if (subject := _headline_subject(trigger)) is not None:
        return subject
    tok: Token | None = trigger
    for _ in range(4):
        if tok is None:
            return None
        kids = list(tok.children)
        for dep in ("nsubjpass", "dobj"):
            for k in kids:
                if k.dep_ == dep:
                    k = _past_dateline(k)
                if (
                    k.dep_ in (dep, "appos")
                    and k.i != trigger.i
                    and not _dateline_word(k)
                    and not _past_separator(trigger, k)
                ):
                    if k.lower_.endswith("self") and tok is trigger and trigger.lemma_ == "shoot":
                        # "the boy shot himself in the hand": the shooter is the one shot
                        return next(
                            (g for g in kids if g.dep_ == "nsubj" and not _dateline_word(g)), None
                        )
                    return k
        if trigger.lemma_ in (
            "die",
            "dead",
            "hurt",
            "injury",
            "condition",
            "treatment",
            "deceased",
            "succumb",
        ) or (tok is not trigger):
            for k in kids:
                if k.dep_ == "nsubj":
                    k = _past_dateline(k)
                if k.dep_ in ("nsubj", "appos") and not _dateline_word(k):
                    return k
        if tok.dep_ in ("acomp", "oprd", "xcomp", "conj", "amod", "dobj", "pobj", "attr", "prep"):
            tok = tok.head
        elif tok.dep_ == "advcl" or tok.dep_ == "relcl":
            if tok.dep_ == "relcl":
                return tok.head
            tok = tok.head
        else:
            return None
    return None


# What parts a headline from the outlet's name ("Man shot and killed | Local News - Home").
_SEPARATORS = frozenset({"|", "«", "»", "::"})


def _past_separator(trigger: Token, k: Token) -> bool:
    """Whether ``k`` lies past a separator from ``trigger``: a site name, not an object (also
    past the headline's spaced dash: "murder of 7-year-old girl - WMC Action News 5")."""
    lo, hi = sorted((trigger.i, k.i))
    cut = headline.site_cut(trigger.doc)
    return (cut is not None and lo <= cut < hi) or any(
        t.text in _SEPARATORS for t in trigger.doc[lo:hi]
    )


def _headline_subject(trigger: Token) -> Token | None:
    """In the headline the text opens with, a bare noun before a participle with no auxiliary
    is the one it happened to ("Man shot and killed on the northwest side"): headlines drop
    "was" and the article. None elsewhere, or with an object."""
    if trigger.sent.start != 0 or trigger.tag_ not in ("VBD", "VBN"):
        return None
    doc = trigger.doc
    title = headline_of(getattr(doc._, "nl_title", None))
    if not opens_with_title(doc_text(doc)[: len(title) + 40], title):
        return None
    verb = trigger.head if trigger.dep_ == "conj" else trigger
    kids = list(verb.children)
    if any(k.dep_ in ("aux", "auxpass", "nsubjpass") for k in kids) or any(
        k.dep_ == "dobj" and not _past_separator(verb, k) for k in kids
    ):
        return None
    subject = next((k for k in kids if k.dep_ == "nsubj"), None)
    if subject is None or any(k.dep_ in ("det", "poss") for k in subject.children):
        return None
    return subject


PERSON_NOUNS = OFFICER | SUBJECT | BYSTANDER | {
    "man", "woman", "boy", "girl", "child", "kid", "teen", "teenager", "person", "people",
    "victim", "student", "father", "mother", "son", "daughter", "wife", "husband", "brother",
    "sister", "friend", "resident", "toddler", "baby", "infant", "adult", "juvenile", "youth",
    "male", "female", "individual", "customer", "clerk", "employee", "worker", "owner", "guard",
    "homeowner", "girlfriend", "boyfriend", "cousin", "uncle", "aunt", "nephew", "niece",
    "grandmother", "grandfather", "grandchild", "grandson", "granddaughter", "parent",
    "couple", "family", "men", "women", "children",
    "mom", "dad", "relative", "roommate", "occupant", "pedestrian", "motorist", "teacher",
    "gunman", "someone", "somebody", "anyone", "nobody", "one", "other", "others", "all",
}  # fmt: skip
_PRONOUNS = {"he", "she", "him", "her", "they", "them", "i", "we", "us"}


def _is_person(p: Token) -> bool:
    """Whether a noun phrase head can name people (not "a gunshot wound", "the department")."""
    lower = p.lower_
    if lower in _PRONOUNS or lower in NOBODY:
        return True
    if p.dep_ == "dobj" and lower.endswith("self"):
        return False
    if p.ent_type_ == "PERSON":
        return True
    if p.pos_ == "NUM":
        return lower in NUMBERS or (lower.isdigit() and int(lower) <= 20)
    if p.lemma_.lower() in PERSON_NOUNS or lower in PERSON_NOUNS:
        return True
    before = [c.lower_ for c in p.subtree if c.i <= p.i]
    if "year-old" in " ".join(before).replace(" - ", "-").replace("year old", "year-old"):
        return True  # "a 19-year-old", also when tokenized "19 - year - old"
    # A name the NER types as something else ("Velazquez suffered a minor hand injury"); never
    # a place or a time.
    return (
        p.tag_ == "NNP"
        and p.dep_ in ("nsubj", "nsubjpass")
        and p.ent_type_ not in _NOT_PEOPLE
        and not _dateline_word(p)
    )


def _past_dateline(tok: Token) -> Token:
    """The people set beside an upper-case dateline the parser made a subject ("OAKDALE, Ind.
    — A man and a woman were found shot": the apposition "man"); else ``tok``."""
    if not _dateline_word(tok):
        return tok
    return next((a for a in tok.children if a.dep_ == "appos" and _is_person(a)), tok)


def _dateline_word(tok: Token) -> bool:
    """A capitalised dateline the parser hangs on the first verb ("OAKDALE, Ind. — ...", "ROY
    — ..."; a short one only where it opens its line before a dash or comma, not "ICE")."""
    if tok.tag_ != "NNP" or not tok.text.isupper():
        return False
    if len(tok.text) > 3:
        return True
    doc = tok.doc
    opens_line = tok.i == 0 or "\n" in doc[tok.i - 1].whitespace_ + doc[tok.i - 1].text
    follows = doc[tok.i + 1].text if tok.i + 1 < len(doc) else ""
    return opens_line and follows in ("—", "–", "-", "--", ",", "(")


_NOT_PEOPLE = {"GPE", "LOC", "NORP", "DATE", "TIME", "CARDINAL", "MONEY", "PRODUCT", "EVENT"}


def _count(p: Token) -> tuple[int | None, bool]:
    """(count, negated) written on a noun phrase."""
    if p.lower_ in NOBODY or (p.lower_ == "one" and any(c.lower_ == "no" for c in p.children)):
        return 0, True
    kids = list(p.children)
    if any(c.dep_ == "det" and c.lower_ == "no" for c in kids):
        return 0, True
    conj = _conjuncts(p) + _companions(p)
    if conj:
        total = _single(p)
        for c in conj:
            n = _single(c)
            total = None if total is None or n is None else total + n
        return total, False
    return _single(p), False


def _companions(p: Token) -> list[Token]:
    """People added to ``p`` by "along with" ("A woman, along with her two sons, was shot";
    also hung on the verb when ``p`` is its subject), with their own conjuncts."""
    holders = [p]
    if p.dep_ in ("nsubj", "nsubjpass"):
        holders.append(p.head)
    out: list[Token] = []
    for holder in holders:
        for along in holder.children:
            if along.dep_ != "prep" or along.lower_ != "along":
                continue
            for with_ in along.children:
                if with_.dep_ == "prep" and with_.lower_ == "with":
                    for obj in with_.children:
                        if obj.dep_ == "pobj" and _is_person(obj):
                            out += [obj, *_conjuncts(obj)]
    return out


def _conjuncts(p: Token) -> list[Token]:
    """The nouns coordinated with ``p``, however the parser nests them ("a man, two women and
    a small child": women under man, child under women)."""
    out: list[Token] = []
    stack = [c for c in p.children if c.dep_ == "conj"]
    if p.pos_ == "PROPN":
        # "Scott and Nicole Reyes": the first names coordinated inside the name
        stack += [
            g
            for c in p.children
            if c.dep_ in ("nmod", "compound") and c.pos_ == "PROPN"
            for g in c.children
            if g.dep_ == "conj" and g.pos_ == "PROPN"
        ]
    while stack:
        c = stack.pop(0)
        out.append(c)
        stack.extend(g for g in c.children if g.dep_ == "conj")
    return out


def _single(p: Token) -> int | None:
    if p.lemma_.lower() == "couple" and not any(c.lower_ == "of" for c in p.children):
        return 2  # "a Roy couple", not "a couple of people"
    n = _number(p)
    if n is not None and p.pos_ in ("NUM", "PRON", "DET", "NOUN", "ADJ"):
        return n
    for c in p.children:
        if c.dep_ in ("nummod", "det", "quantmod") and (m := _number(c)) is not None:
            return m
    if p.tag_ in ("NNP", "NN") or p.lower_ in ("he", "she", "him", "her"):
        return 1
    if p.lower_ == "old" and any(c.lower_ == "year" for c in p.children):
        return 1  # "the 2-year-old" (tokenized "2 - year - old")
    if p.ent_type_ == "PERSON":
        return 1
    return None


def _role(p: Token, by_officer: bool, kind: str = "") -> str:
    lemma = p.lemma_.lower()
    words = {lemma} | {c.lemma_.lower() for c in p.children if c.dep_ == "compound"}
    if words & OFFICER:
        return "officer"
    if words & BYSTANDER:
        return "bystander"
    if words & SUBJECT or by_officer or kind == "arrested":
        return "subject"
    return "victim"


# Titles that make a named person an officer ("Officer Robert Rialmo", "Sgt. DeLaPorte").
OFFICER_TITLES = OFFICER | {"sgt", "sgt.", "lt", "lt.", "cpl", "cpl.", "det", "det.", "ofc", "ofc."}


# Triggers whose subject is the one who did it ("a deputy shot", "officers killed"), unlike
# "died" or "arrested" (an officer who died was not the shooter; an arrest is not a shooting).
OFFICERS_DO = SHOOT | {"kill", "slay", "murder", "wound", "injure", "hit", "strike"}


def _titled_officer(tok: Token) -> bool:
    """A name the article gives an officer's title ("Officer Robert Rialmo"), so that "Rialmo
    fatally shot" later on reads as an officer shooting."""
    return tok.pos_ == "PROPN" and any(
        c.dep_ == "compound" and c.lower_ in OFFICER_TITLES for c in tok.children
    )


def _officer_word(tok: Token, names: AbstractSet[str] = frozenset()) -> bool:
    """Whether a noun phrase's head names officers: "officers", "a sheriff's deputy", "police",
    "the officers who ...", or a name titled as an officer elsewhere in the article."""
    tok = _antecedent(tok)  # "two officers who fatally shot a man"
    if tok.lemma_.lower() in OFFICER:
        return True
    if any(c.dep_ == "compound" and c.lemma_.lower() in OFFICER for c in tok.children):
        return True
    return tok.lower_ in names  # the tagger may call the second mention a NOUN


def _officer_agent(verb: Token, names: AbstractSet[str] = frozenset()) -> bool:
    """Whether officers are the agent of a verb: its subject, or "by" officers in a passive."""
    for c in verb.children:
        if c.dep_ == "nsubj" and _officer_word(c, names):
            if c.i + 1 < len(c.doc) and c.doc[c.i + 1].text == ":":
                continue  # "Police: man shot ...", a headline's attribution
            return True
        if c.dep_ == "agent" and any(
            g.dep_ == "pobj" and _officer_word(g, names) for g in c.children
        ):
            return True
    return False


def _by_officer(trigger: Token, names: AbstractSet[str] = frozenset()) -> bool:
    """Whether an officer is the agent of a trigger ("officers shot", "shot by police"); the
    verb it is coordinated with counts only when that is a trigger too ("shot and killed")."""
    verbs = [trigger]
    if trigger.dep_ == "conj" and trigger.head.lemma_.lower() in TRIGGER_LEMMAS:
        verbs.append(trigger.head)
    return any(_officer_agent(v, names) for v in verbs)


def _police_noun(noun: Token) -> bool:
    """A shooting noun that names officers as the shooters: "a police shooting", "an
    officer-involved shooting", "police gunfire", "a shooting involving an officer", "the
    shooting by police"."""
    for c in noun.lefts:
        if c.dep_ not in ("compound", "amod", "nmod", "npadvmod"):
            continue  # not "the officer's shooting": the officer may be the one shot
        if c.lemma_.lower() in OFFICER or any(
            g.lemma_.lower() in OFFICER
            for g in c.children
            if g.dep_ in ("compound", "npadvmod", "advmod", "amod")
        ):
            return True
    for c in noun.rights:
        if c.lemma_ == "involve" and any(g.dep_ == "dobj" and _officer_word(g) for g in c.children):
            return True
        if (
            c.dep_ == "prep"
            and c.lower_ == "by"
            and any(g.dep_ == "pobj" and _officer_word(g) for g in c.children)
        ):
            return True
    return False


def _outcome_kind(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    lower = tok.lower_
    if tok.pos_ == "NOUN" and lemma in DEATH_NOUNS:
        return "killed"
    if lemma == "shooting" and tok.pos_ == "NOUN":
        if any(c.lower_ in ("fatal", "deadly") for c in tok.children):
            return "killed"  # "the fatal shooting of an unarmed 13-year-old"
        return "shot"
    if lemma in ("deceased", "succumb", "slain"):
        return "killed"
    if lemma == "life" and tok.dep_ == "dobj" and tok.head.lemma_ in ("take", "lose"):
        # "before taking his own life", "lost her life"
        if tok.head.lemma_ == "lose" or any(c.lower_ == "own" for c in tok.children):
            return "killed"
        return None
    if lemma in KILL or lower in ("dead", "killed"):
        if lemma == "dead" and tok.dep_ == "amod" and tok.i < tok.head.i:
            return None  # "a dead-end street"; but "found one man and two children dead"
        return "killed"
    if lemma == "gun" and tok.pos_ == "VERB" and any(c.lower_ == "down" for c in tok.children):
        return "shot"  # "a teenager was gunned down"
    if lemma in SHOOT and tok.pos_ == "VERB":
        if any(c.lower_ == "fatally" for c in tok.children) or any(
            c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children)
            for c in tok.children
        ):
            return "killed"  # "fatally shot", "shot to death"
        return "shot"
    if lemma in INJURE or lower in INJURE:
        if any(c.lower_ in ("fatally", "mortally") for c in tok.children):
            return "killed"
        if (
            lemma == "wound"
            and tok.pos_ == "NOUN"
            and any(c.lower_ in ("gunshot", "gun", "bullet") for c in tok.children)
        ):
            return "shot"  # "found with gunshot wounds" says shot, not whether they lived
        return "injured"
    if lemma in ("hit", "strike") and any(c.dep_ == "nsubjpass" for c in tok.children):
        return "shot"  # "the driver was hit in the arm" (only in an article with a shooting)
    if lemma in ARREST and tok.pos_ == "VERB":
        return "arrested"
    if lemma == "condition" and any(c.lower_ in CONDITION for c in tok.children):
        return "injured"
    if lemma == "treatment" and tok.head.lemma_ in ("receive", "undergo"):
        return "injured"
    return None


_NEARLY = frozenset({"nearly", "almost", "narrowly"})


def _outcomes(doc: Doc, triggers: list[Token], names: AbstractSet[str]) -> list[Outcome]:
    out = []
    for t in triggers:
        kind = _outcome_kind(t)
        if kind is None:
            continue
        sent = t.sent
        before = doc_text(doc)[sent.start_char : t.idx]
        if _UNCLEAR.search(before) or _TALLY.search(sent.text):
            continue
        p = _patient(t)
        if p is None or p.i == t.i or not _is_person(p) or _past_separator(t, p):
            continue
        if kind == "killed" and any(c.lower_ in _NEARLY for c in t.children):
            continue  # "was nearly killed"
        count, negated = _count(p)
        if any(c.dep_ == "neg" for c in t.children) or (
            t.dep_ in ("acomp", "oprd") and any(c.dep_ == "neg" for c in t.head.children)
        ):
            count, negated = 0, True
        out.append(Outcome(p, kind, count, negated, t, _by_officer(t, names)))
    return out


def _headline_deaths(doc: Doc, outcomes: list[Outcome]) -> list[Outcome]:
    """The deaths the headline tells (:mod:`newsledger.nlp.headline`) where its parse found
    fewer: "Three People Dead East of Bozeman" is parsed as a name. First in the list, so that
    their count is the one a patient they share with a parsed mention keeps."""
    found = headline.deaths(doc, _person_word, _number)
    if not found:
        return []
    ends = {t.i for t in headline.headline_tokens(doc)}
    parsed = max(
        (o.count or 0 for o in outcomes if o.kind == "killed" and o.trigger.i in ends),
        default=0,
    )
    return [
        Outcome(d.patient, "killed", d.count, False, d.trigger) for d in found if d.count > parsed
    ]


def _person_word(word: str) -> bool:
    return word in PERSON_NOUNS and word not in NOBODY and word not in ("one", "all", "other")


# --- the incident -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    types: dict[str, list[Span]] = field(default_factory=dict)
    weapons: dict[str, list[Span]] = field(default_factory=dict)
    triggers: list[Token] = field(default_factory=list)
    trigger_sents: set[int] = field(default_factory=set)
    officer_names: set[str] = field(default_factory=set)  # lower case (:func:`_titled_officer`)


def _span(doc: Doc, start: int, end: int) -> Span:
    return Span(start, end, doc_text(doc)[start:end])


def _furniture(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the sentences marked boilerplate (captions, related links, share
    prompts): they never found an incident nor add to one."""
    return [
        (s.start, s.end)
        for s in getattr(doc._, "nl_sentences", None) or []
        if getattr(s, "label", None) == "boilerplate"
    ]


def _opinion_only(doc: Doc, found: _Found, outcomes: list[Outcome]) -> bool:
    """Whether every word that would found an incident is in the outlet's opinion: a column
    that argues about shootings in general tells of no incident of its own. Opinion here is what
    a news report would call opinion (:func:`genre.classify`): from the genre's
    ``report_threshold`` on, or in the writer's own voice. The labeller's own threshold, set on
    single sentences, calls too many plain news sentences opinion to let them withhold one."""
    sentences = getattr(doc._, "nl_sentences", None) or []
    stance = getattr(doc._, "nl_stance", None) or [False] * len(sentences)
    threshold = genre.load_rules().report_threshold
    opinion = [
        (s.start, s.end)
        for s, voiced in zip(sentences, stance, strict=False)
        if getattr(s, "label", None) == "opinion" and (voiced or (s.score or 0.0) >= threshold)
    ]
    if not opinion:
        return False
    starts = [sp.start for spans in found.types.values() for sp in spans]
    starts += [o.trigger.idx for o in outcomes if o.kind in ("killed", "injured", "shot")]
    return all(_inside(opinion, start) for start in starts)


def _scan(doc: Doc) -> _Found:
    """One pass: type triggers (lemmas, phrases) and outcome triggers, outside boilerplate."""
    tax = load_types()
    found = _Found()
    furniture = _furniture(doc)

    def add(key: str, start: int, end: int) -> None:
        entry = tax.entries[key]
        sp = _span(doc, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
        found.types.setdefault(entry.type, []).append(sp)
        if entry.weapon:
            found.weapons.setdefault(entry.weapon, []).append(sp)
        if entry.type in ("shooting", "vehicle_as_weapon", "taser", "less_lethal", "other"):
            found.trigger_sents.add(doc[start].sent.start)

    for tok in doc:
        if furniture and _inside(furniture, tok.idx):
            continue
        if _titled_officer(tok):
            found.officer_names.add(tok.lower_)
        lemma = tok.lemma_.lower()
        for key in tax.by_lemma.get(lemma, ()):
            if key == "shooting" and lemma == "shoot" and tok.pos_ not in ("VERB", "NOUN"):
                continue
            add(key, tok.i, tok.i + 1)
        if (
            lemma in TRIGGER_LEMMAS
            or tok.lower_ in INJURE
            or (lemma in ("hit", "strike") and tok.pos_ == "VERB")
        ):
            found.triggers.append(tok)
            if lemma in KILL or lemma in SHOOT:
                found.trigger_sents.add(tok.sent.start)
    for match_id, start, end in _phrase_matcher(doc.vocab)(doc):
        if not (furniture and _inside(furniture, doc[start].idx)):
            add(doc.vocab.strings[match_id], start, end)
    return found


_EMPTY_DATE: dict[str, Any] = {
    "value": None,
    "granularity": None,
    "earliest": None,
    "latest": None,
    "time": None,
    "timezone": None,
    "evidence": [],
}
_DATE_KEYS = tuple(_EMPTY_DATE)


def _published_text(published: Any) -> str | None:
    if isinstance(published, datetime | date):
        return published.isoformat()
    return published if isinstance(published, str) and published.strip() else None


# When the page was posted or the release issued, not when anything happened: "Posted 3:57 AM,
# May 26, 2015, by ...", "Updated: Monday", "Edmonton, Ky. (November 28, 2016) – KSP ...".
_STAMP_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*(?:posted|updated|published|last updated|created)\b[^\n]{0,40}$"
    r"|(?:^|\n)[ \t]*[A-Z][A-Za-z.' -]{1,40},\s*[A-Z][A-Za-z.]{1,15}\s*\($",
    re.I,
)
_STAMP_AFTER = re.compile(r"[^\n()]{0,30}\)\s*[—–-]")


def _stamp(text: str, start: int) -> bool:
    """Whether a date expression is a posting stamp or the date a dateline carries."""
    before = text[max(start - 100, 0) : start]
    m = _STAMP_BEFORE.search(before)
    if m is None:
        return False
    if m.group(0).rstrip().endswith("("):
        return _STAMP_AFTER.match(text, start) is not None  # "Edmonton, Ky. (Nov. 28, 2016) –"
    return True


def _date(
    doc: Doc,
    found: list[tuple[Span, timex.TimeValue]],
    published: str | None,
    trigger_sents: set[int],
) -> Any:
    if published is None or not found:
        return dict(_EMPTY_DATE)
    sent_of: dict[int, int] = {}
    for i, (sp, _) in enumerate(found):
        span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        if span is not None and len(span):
            sent_of[i] = span[0].sent.start

    def pick(pred: Any) -> int | None:
        for i, (_, v) in enumerate(found):
            if pred(i, v):
                return i
        return None

    pub_day = published[:10]
    later = {i for i, (sp, _) in enumerate(found) if _dates_a_later_event(doc, sp)}
    best = pick(
        lambda i, v: (
            v.granularity == "day"
            and v.value is not None
            and v.value <= pub_day
            and sent_of.get(i) in trigger_sents
            and i not in later
        )
    )
    if best is None:
        best = pick(
            lambda i, v: (
                v.granularity == "day"
                and v.value is not None
                and v.value <= pub_day
                and sent_of.get(i) in trigger_sents
            )
        )
    if best is None:
        best = pick(lambda i, v: v.granularity == "day" and v.value is not None)
    if best is None:
        # no day: a vague span of the incident's own sentences kept as its range, value null
        # ("overnight", "earlier this week"); never a day made up from it
        vague = pick(
            lambda i, v: (
                v.value is None
                and v.granularity in ("day", "week", "month")
                and v.earliest is not None
                and v.latest is not None
                and v.earliest <= pub_day
                and sent_of.get(i) in trigger_sents
            )
        )
        return _date_record(found[vague][1]) if vague is not None else dict(_EMPTY_DATE)
    value = found[best][1]
    if value.time is None:
        # A clock time of the same event: in the date's sentence, else in the first sentence
        # that names the event itself ("The shooting happened at about 2:19 p.m.") and gives
        # no other date; never a time from a sentence about something else ("officers were
        # dispatched at 2:31 p.m." names no event).
        dated = {sent_of.get(i) for i, (_, v) in enumerate(found) if v.granularity is not None}
        same = [
            v
            for i, (_, v) in enumerate(found)
            if sent_of.get(i) == sent_of.get(best) and v.granularity is None and v.time
        ]
        near = [
            v
            for i, (_, v) in enumerate(found)
            if v.granularity is None
            and v.time
            and sent_of.get(i) in trigger_sents
            and (sent_of.get(i) not in dated or sent_of.get(i) == sent_of.get(best))
        ]
        if same or near:
            value = timex.combine(value, (same or near)[0])
    return _date_record(value)


# Verbs of what follows an incident: a date they govern is that event's day, not the incident's
# ("Prosecutors on Wednesday charged the driver who was shot ...", "Police on Tuesday identified
# the man killed Sunday").
_LATER_EVENT_VERBS = frozenset(
    {"charge", "indict", "arraign", "sentence", "plead", "convict", "acquit", "testify"}
)


def _dates_a_later_event(doc: Doc, span: Span) -> bool:
    """Whether the date's nearest governing verb is one of :data:`_LATER_EVENT_VERBS`."""
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None or not len(tokens):
        return False
    tok = tokens.root
    for _ in range(6):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok.lemma_.lower() in _LATER_EVENT_VERBS
    return False


_CHARGE_VERBS = frozenset({"charge", "indict"})
_CHARGE_TEXT = re.compile(
    r"\b(?:with|on\s+(?:a\s+)?charges?\s+of|on)\s+"
    r"(?P<charge>(?:(?:one|two|three|four|five|\d+)\s+counts?\s+of\s+)?[^,.;:\"]{3,90})",
    re.IGNORECASE,
)
# Where a charge's wording ends and the sentence goes on ("manslaughter | on Friday in ...").
_CHARGE_END = re.compile(
    r"\s(?:on|in|after|for|when|following|during|at|because|since|last|this|and is|and was)\s",
    re.IGNORECASE,
)
_OFFICER_WORDS = re.compile(r"\b(officer|agent|deputy|trooper|sergeant|detective|police)\b", re.I)


def _charges(doc: Doc, skip: set[int]) -> list[dict[str, Any]]:
    """Charges the article says were brought: "X is charged ... with Y", "prosecutors charged X
    with Y", "a grand jury indicted X on a charge of Y". Negated ("has not been charged") and
    future ("will be charged", "may face charges") wording brings none."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in _CHARGE_VERBS:
            continue
        if tok.sent.start in skip:
            continue
        if any(c.dep_ == "neg" for c in tok.children) or any(
            c.lower_ in ("will", "would", "could", "may", "might") for c in tok.children
        ):
            continue
        person = next((c for c in tok.children if c.dep_ in ("nsubjpass", "dobj")), None)
        if person is None:
            continue
        rest = doc_text(doc)[tok.idx + len(tok.text) : tok.sent.end_char]
        found = _CHARGE_TEXT.search(rest)
        if found is None:
            continue
        charge = _CHARGE_END.split(found["charge"], maxsplit=1)[0].strip()
        if len(charge) < 3:
            continue
        start = tok.idx + len(tok.text) + found.start("charge")
        words = [t for t in person.subtree if t.i <= person.i]
        described = doc[words[0].i : person.i + 1] if words else doc[person.i : person.i + 1]
        key = charge.lower()
        if any(key in other or other in key for other in seen):
            # The same charge told again ("assaulting a federal officer", then "one count of
            # assaulting a federal officer with a deadly weapon"): keep the fuller wording.
            longer = [c for c in out if key in c["charge"].lower()]
            if longer or not any(c["charge"].lower() in key for c in out):
                continue
            out = [c for c in out if c["charge"].lower() not in key]
        seen.add(key)
        role = "officer" if _OFFICER_WORDS.search(described.text) else "subject"
        out.append(
            {
                "role": role,
                "person": described.text,
                "charge": charge,
                "evidence": [
                    _span(doc, described.start_char, described.end_char).to_dict(),
                    {"start": start, "end": start + len(charge), "text": charge},
                ],
            }
        )
    return out


def _claims_for(doc: Doc, evidence: Iterable[Span]) -> list[str]:
    spans = list(evidence)
    ids = []
    for claim in doc._.nl_claims or []:
        # the cue too: "charged with" tells a charge as the content tells the rest
        cue = claim.get("cue")
        content = [*(claim.get("content") or []), *([cue] if isinstance(cue, dict) else [])]
        if any(
            c["start"] <= s.start and s.end <= c["end"] for c in content for s in spans
        ) and claim.get("id"):
            ids.append(str(claim["id"]))
    return ids


def _claims_within(doc: Doc, ranges: list[tuple[int, int]]) -> list[str]:
    """The claims whose content lies within the given character ranges (sentences)."""
    ids = []
    for claim in doc._.nl_claims or []:
        content = claim.get("content") or []
        if (
            content
            and claim.get("id")
            and all(any(a <= c["start"] and c["end"] <= b for a, b in ranges) for c in content)
        ):
            ids.append(str(claim["id"]))
    return ids


def _merge_participants(participants: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One participant per (role, outcome): repeated mentions of the same people ("a man was
    killed", "the man died") become one, with the largest count stated and all the evidence."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for p in participants:
        key = (p["role"], p["outcome"])
        if key not in merged:
            merged[key] = {**p, "evidence": list(p["evidence"])}
            continue
        m = merged[key]
        if p["count"] is not None and (m["count"] is None or p["count"] > m["count"]):
            m["count"], m["description"] = p["count"], p["description"]
        m["evidence"].extend(e for e in p["evidence"] if e not in m["evidence"])
    return list(merged.values())


def _officers_fired(doc: Doc, found: _Found, names: AbstractSet[str]) -> bool:
    """Whether officers are the ones shooting: "officers opened fire", "a deputy fired", "an
    officer-involved shooting" (never "police are investigating the shooting")."""
    spans = [sp for t in ("shooting", "taser", "less_lethal") for sp in found.types.get(t, [])]
    for sp in spans:
        span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.pos_ in ("VERB", "AUX"):
            if _officer_agent(root, names):
                return True
        elif root.pos_ in ("NOUN", "PROPN") and _police_noun(root):
            return True
    return False


_AGENCY_HEAD = re.compile(
    r"\s+(?:police|sheriff|metropolitan|metro|department|division|bureau|county)\b.*$", re.I
)

_AGENCY_COUNTY = re.compile(r"\s+(?:county|parish)\b", re.I)


def _agency_city(
    mentions: list[AgencyMention], location: dict[str, Any], home: places.Place | None = None
) -> dict[str, Any]:
    """A city read off a local agency's name ("Bastrop police") when the text gave no city;
    it must lie in the state already found, when one was; with no state, the reading nearest
    the outlet's ``home`` comes first (:func:`places.near_outlet`)."""
    state = location.get("state")
    home = home if state is None else None
    for m in mentions:
        if m.level != "local" or not m.evidence:
            continue
        place_name = _AGENCY_HEAD.sub("", m.name).strip()
        if not place_name or place_name == m.name:
            continue
        if _AGENCY_COUNTY.match(m.name[len(place_name) :]):
            # "Mesa County Sheriff's Office" names a county, not a town called Mesa; a county
            # name is read only in the state already found (many states share one)
            if location.get("precision") in ("county", "city"):
                continue
            if state is None:
                place = places.near_outlet("county", place_name, home)
            else:
                place = places.lookup_county(place_name, state)
        elif state is None:
            place = places.near_outlet("city", place_name, home) or places.lookup_city(place_name)
        else:
            place = places.lookup_city(place_name, state)
        if place is not None:
            return places.location_record(place, [m.evidence[0]])
    return location


def _people(
    doc: Doc, outcomes: list[Outcome], officers_fired: bool
) -> tuple[int | None, int | None, list[dict[str, Any]], list[Span]]:
    """killed, injured, participants and their evidence from the outcome mentions."""
    evidence: list[Span] = []
    participants = []
    by_patient: dict[int, list[Outcome]] = {}
    for o in outcomes:
        by_patient.setdefault(o.patient.i, []).append(o)
    killed: int | None = None
    injured_explicit: int | None = None
    shot: int | None = None
    zero_killed = zero_injured = False
    killed_sents: set[int] = set()
    injured_sents: set[int] = set()
    for _, group in sorted(by_patient.items()):
        kinds = {o.kind for o in group if not o.negated}
        p = group[0].patient
        count = next((o.count for o in group if o.count is not None), None)
        negated = all(o.negated for o in group)
        first = min(min(o.trigger.i for o in group), p.left_edge.i)
        last = max(max(o.trigger.i for o in group), p.i)
        sp = _span(doc, doc[first].idx, doc[last].idx + len(doc[last].text))
        evidence.append(sp)
        if negated:
            for o in group:
                zero_killed |= o.kind == "killed"
                zero_injured |= o.kind in ("injured", "shot")
            outcome = "uninjured"
        elif "killed" in kinds:
            outcome = "killed"
            killed_sents.add(p.sent.start)
            if count is not None:
                killed = max(killed or 0, count)
        elif "injured" in kinds or "shot" in kinds:
            outcome = "injured"
            if count is not None:
                if "injured" in kinds:
                    injured_explicit = max(injured_explicit or 0, count)
                    injured_sents.add(p.sent.start)
                else:
                    shot = max(shot or 0, count)
        elif "arrested" in kinds:
            outcome = "arrested"
        else:
            outcome = "unknown"
        if "shot" in kinds and count is not None and "killed" in kinds:
            shot = max(shot or 0, count)
        if p.lower_ in NOBODY or (p.lower_ == "one" and negated):
            continue
        by_officer = any(o.by_officer for o in group)
        shot_by_police = officers_fired and kinds & {"killed", "injured", "shot"}
        desc = doc[p.left_edge.i : p.i + 1].text
        participants.append(
            {
                "role": _role(p, by_officer or bool(shot_by_police), outcome),
                "description": desc,
                "count": count,
                "outcome": outcome,
                "evidence": [sp.to_dict()],
            }
        )
        if by_officer and not any(q["role"] == "officer" for q in participants[:-1]):
            participants.insert(
                len(participants) - 1,
                {
                    "role": "officer",
                    "description": None,
                    "count": None,
                    "outcome": "unknown",
                    "evidence": [sp.to_dict()],
                },
            )
    if killed is None and zero_killed:
        killed = 0
    if (
        killed == 1
        and injured_explicit == 1
        and not killed_sents & injured_sents
        and (shot is None or shot <= 1)
    ):
        # One person hurt in one sentence and one killed in another: in a report about one
        # victim this is the same person ("in critical condition", later "died").
        injured_explicit = 0
        killed_roles = {q["role"] for q in participants if q["outcome"] == "killed"}
        participants = [
            q
            for q in participants
            if not (q["outcome"] == "injured" and q["count"] == 1 and q["role"] in killed_roles)
        ]
    injured = injured_explicit
    if injured is not None and killed and injured == shot and killed < injured:
        # "Four people were shot ... all four were taken to hospitals with serious injuries ...
        # one of them died": the hurt group is everyone shot, the dead among them
        injured -= killed
    if shot is not None and (injured is None or (killed and shot - killed > injured)):
        # the people shot and not said to be killed are hurt ("Three people were shot ... Ava
        # died": two, though the text tells the state of only one of them)
        injured = max(shot - (killed or 0), 0)
    if injured is None and zero_injured:
        injured = 0
    positive = [o for o in outcomes if not o.negated]
    if killed is None and injured and not any(o.kind == "killed" for o in positive):
        killed = 0  # "shot and wounded" and nothing said of a death: nobody died
    if (
        injured is None
        and killed
        and not any(q["outcome"] == "injured" for q in participants)
        and not any(o.kind == "injured" for o in positive)
    ):
        # the mirror: "shot and killed" and nobody else said to be shot or hurt; everyone
        # the report says was shot died, so it tells of no one hurt (the sample gold's "0 when
        # the article plainly implies nobody was")
        injured = 0
    if injured == 0 and killed:
        # everyone shot died: one read as shot in one place ("A teenager was gunned down") and
        # as dead in another ("Teen ... shot dead") is one of the dead, not also hurt
        killed_roles = {q["role"] for q in participants if q["outcome"] == "killed"}
        participants = [
            q for q in participants if not (q["outcome"] == "injured" and q["role"] in killed_roles)
        ]

    return killed, injured, _merge_participants(participants), evidence


_DAYS_BEFORE_BACKGROUND = 60


def _background_sents(
    doc: Doc, times: list[tuple[Span, timex.TimeValue]], published: str, trigger_sents: set[int]
) -> dict[int, timex.TimeValue]:
    """Sentences that tell an older case: an incident trigger beside a date that ended well
    before publication ("in 2014", "in March 2019", "last year")."""
    try:
        pub = date.fromisoformat(published[:10])
    except ValueError:
        return {}
    out: dict[int, timex.TimeValue] = {}
    for sp, v in times:
        if v.latest is None or v.granularity is None:
            continue
        try:
            latest = date.fromisoformat(v.latest)
        except ValueError:
            continue
        if (pub - latest).days < _DAYS_BEFORE_BACKGROUND:
            continue
        span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        sent = span[0].sent.start
        if sent in trigger_sents and sent not in out:
            out[sent] = v
    return out


@dataclass
class _Elsewhere:
    """Another incident the article tells, in another city on another day."""

    place: places.Place
    name: str  # the city as written
    spans: list[Span]
    sents: dict[int, timex.TimeValue]  # sentence start -> its date


# Another incident's city lies at least this far from the main one's (a neighbourhood that shares
# a town's name, "Englewood" in a Chicago story, is not another incident's place).
_ELSEWHERE_KM = 40.0


def _norm_city(name: str | None) -> str:
    return re.sub(r"[^a-z]", "", (name or "").lower())


def _elsewhere(
    doc: Doc,
    times: list[tuple[Span, timex.TimeValue]],
    published: str,
    trigger_sents: set[int],
    main_location: dict[str, Any],
    main_day: str | None,
    skip: set[int],
) -> dict[tuple[str, str], _Elsewhere]:
    """Sentences that tell another incident: an incident trigger beside a city other than the
    main incident's (and outside its county) and a day other than the main incident's ("The
    Minneapolis shooting happened on Monday, Jan. 5" in a Portland story). Both must differ:
    a second city alone is often where someone lives, a second day alone a later event of the
    same incident. One incident per city."""
    main_city = _norm_city(main_location.get("city"))
    if not main_city or main_day is None:
        return {}
    dated: dict[int, timex.TimeValue] = {}
    for sp, v in times:
        if v.granularity != "day" or v.value is None or v.value == main_day:
            continue
        if v.value > published[:10]:
            continue
        span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        if span is not None and len(span):
            dated.setdefault(span[0].sent.start, v)
    if not dated:
        return {}
    mentions = places.find_places(doc)
    context = places.state_support(
        mentions, places.dateline(doc_text(doc)), places.outlet_home_of(doc, doc._.nl_url)
    )
    out: dict[tuple[str, str], _Elsewhere] = {}
    for m in mentions:
        if m.kind != "city" or m.sent in skip or m.sent not in trigger_sents:
            continue
        if m.sent not in dated:
            continue
        place = places.resolve(m, context_states=context)
        if place is None or place.kind != "city" or not place.city:
            continue
        same_state = place.state == main_location.get("state")
        if same_state and (
            _norm_city(place.city) == main_city
            or (place.county and place.county == main_location.get("county"))
            or distance_km(place.lat, place.lon, main_location.get("lat"), main_location.get("lon"))
            < _ELSEWHERE_KM
        ):
            continue  # the same place, a neighbourhood of it, or a town next door
        key = (place.state, place.city)
        other = out.setdefault(key, _Elsewhere(place, m.name, [], {}))
        other.spans.append(m.span)
        other.sents[m.sent] = dated[m.sent]
    # The rest of each such sentence's paragraph tells the same incident ("ICE says the man
    # tried to take an officer's Taser."), unless it names the main incident's city.
    main_name = (main_location.get("city") or "").lower()
    for other in out.values():
        for start in list(other.sents):
            sent = doc[start].sent
            nxt = sent.end
            while nxt < len(doc):
                following = doc[nxt].sent
                # (a sentence can end with the paragraph break's whitespace token)
                between = doc_text(doc)[sent.start_char : following.start_char]
                if "\n\n" in between or following.start in skip:
                    break
                if main_name and main_name in following.text.lower():
                    break
                other.sents.setdefault(following.start, other.sents[start])
                sent, nxt = following, following.end
    return out


_INCIDENT_NOUNS = frozenset({"shooting", "killing", "slaying", "death", "raid"})


def _names_an_incident(doc: Doc, span: Span) -> bool:
    """Whether a city is written as the name of an incident: "the Minneapolis shooting"."""
    city = doc.char_span(span.start, span.end, alignment_mode="expand")
    if city is None or city.end >= len(doc) or city.start == 0:
        return False
    return doc[city.end].lemma_.lower() in _INCIDENT_NOUNS and doc[city.start - 1].lower_ in (
        "the",
        "that",
        "this",
        "last",
    )


def _well_before(background: dict[int, timex.TimeValue], main_day: str | None) -> bool:
    """Whether every background date ended well before the main incident's day."""
    if main_day is None:
        return False
    try:
        day = date.fromisoformat(main_day)
    except ValueError:
        return False
    return all(
        v.latest is not None
        and (day - date.fromisoformat(v.latest)).days >= _DAYS_BEFORE_BACKGROUND
        for v in background.values()
    )


def _date_record(value: timex.TimeValue) -> dict[str, Any]:
    record = value.to_dict()
    return {k: record[k] for k in _DATE_KEYS}


# An article led by a reaction (a protest, a vigil) is about the reaction; a shooting it tells
# in an "after" clause or on an earlier day is the incident it refers to ("two days after
# Border Patrol agents shot a driver", "a vigil for the man shot during Thursday's stop").
REACTION_TYPES = frozenset({"protest"})
_AFTER = frozenset({"after", "following", "since"})


@dataclass(slots=True)
class _Referred:
    """The earlier incident a reaction story refers to: its clauses and what they tell."""

    ranges: list[tuple[int, int]]  # character ranges of its clauses
    roots: list[Token]
    day: timex.TimeValue | None


def _referred(
    doc: Doc, found: _Found, times: list[tuple[Span, timex.TimeValue]], main_day: str | None
) -> _Referred | None:
    """The shooting a protest story refers to, if its lead is about the protest."""
    lead_sent = min(found.trigger_sents | {s.start for s in doc.sents}, default=None)
    if lead_sent is None or main_day is None:
        return None
    lead = doc[lead_sent].sent
    lead_types = {
        t
        for t, spans in found.types.items()
        for sp in spans
        if lead.start_char <= sp.start < lead.end_char
    }
    if not lead_types & REACTION_TYPES:
        return None
    ranges: list[tuple[int, int]] = []
    roots: list[Token] = []
    days: list[timex.TimeValue] = []
    for sp in found.types.get("shooting", []):
        span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        top = root.head if root.dep_ in ("acl", "relcl") else root  # "the man shot during ..."
        start = doc[top.left_edge.i].idx
        end = doc[top.right_edge.i].idx + len(doc[top.right_edge.i].text)
        earlier = [
            v
            for t_span, v in times
            if start <= t_span.start < end and v.value is not None and v.value < main_day
        ]
        after = any(  # "two days after agents shot a driver", "after the shooting of"
            a.lower_ in _AFTER and a.dep_ in ("prep", "mark")
            for a in [*root.ancestors, *root.children]
        )
        if earlier or after:
            ranges.append((start, end))
            roots.append(root)
            days.extend(earlier)
    if not roots:
        return None
    day = min(days, key=lambda v: v.value or "") if days else None
    return _Referred(ranges, roots, day)


def _spans_by_key(table: dict[str, list[Span]], keep: Any) -> dict[str, list[Span]]:
    """The type (or weapon) trigger spans that ``keep`` admits, by type, in text order."""
    return {k: kept for k, spans in table.items() if (kept := [sp for sp in spans if keep(sp)])}


def _evidence_of(table: dict[str, list[Span]]) -> dict[str, list[dict[str, Any]]]:
    """``type_evidence``: each type's first trigger spans."""
    return {k: [sp.to_dict() for sp in spans[:3]] for k, spans in table.items()}


def _weapons(table: dict[str, list[Span]], officers_fired: bool = False) -> list[dict[str, Any]]:
    """The weapons the kept trigger spans imply, who held them, and the spans."""
    out = []
    for kind, spans in table.items():
        held = {"taser": "officer", "less_lethal": "officer", "vehicle": "subject"}.get(kind)
        if kind == "firearm" and officers_fired:
            held = "officer"  # "agents shot a driver", "a deputy fired": the officers' guns
        out.append({"kind": kind, "held_by": held, "evidence": [sp.to_dict() for sp in spans[:3]]})
    return out


def _agencies_within(mentions: list[AgencyMention], keep: Any) -> list[dict[str, Any]]:
    """The agencies named in the spans ``keep`` admits, each with just those spans."""
    out = []
    for a in mentions:
        spans = [sp for sp in a.evidence if keep(sp)]
        if spans:
            record = {k: a.to_dict()[k] for k in ("name", "code", "parent", "level")}
            out.append({**record, "evidence": [sp.to_dict() for sp in spans]})
    return out


def _inside(ranges: list[tuple[int, int]], start: int) -> bool:
    return any(a <= start < b for a, b in ranges)


def _referred_outcomes(outcomes: list[Outcome], ref: _Referred) -> list[Outcome]:
    """The outcomes the referred incident's clauses tell, and later ones about the same people
    ("Rafael Ocampo, the man shot during Thursday's stop. Ocampo remains hospitalized.")."""
    mine = [o for o in outcomes if _inside(ref.ranges, o.trigger.idx)]
    names = set()
    for o in mine:
        names.add(o.patient.lower_)
        if o.patient.dep_ == "appos":
            names.add(o.patient.head.lower_)
    for root in ref.roots:  # "Rafael Ocampo, the man shot ...": the name the clause is about
        head = root.head if root.dep_ in ("acl", "relcl") else None
        if head is not None:
            names.add(head.lower_)
            if head.dep_ == "appos":
                names.add(head.head.lower_)
    for ent in ref.roots[0].doc.ents:  # the people its clauses name
        if ent.label_ == "PERSON" and _inside(ref.ranges, ent.start_char):
            names.add(ent[-1].lower_)
    more = [o for o in outcomes if o not in mine and o.patient.lower_ in names]
    return mine + more


def _referred_incident(
    doc: Doc,
    ref: _Referred,
    found: _Found,
    outcomes: list[Outcome],
    mentions: list[AgencyMention],
    state: str | None,
    number: int,
) -> dict[str, Any]:
    """The earlier incident a reaction story refers to, as a ``background`` incident."""
    killed, injured, people, evidence = _people(doc, outcomes, False)
    by_type = _spans_by_key(found.types, lambda sp: _inside(ref.ranges, sp.start))
    by_type = {t: spans for t, spans in by_type.items() if t not in REACTION_TYPES}
    types = sorted(by_type)
    for spans in by_type.values():
        evidence.extend(spans)
    agencies = _agencies_within(mentions, lambda sp: _inside(ref.ranges, sp.start))
    by_officer = any(_officer_agent(r, found.officer_names) for r in ref.roots)
    location = dict(places.EMPTY_LOCATION)
    for m in places.find_places(doc):
        if m.kind == "city" and _inside(ref.ranges, m.span.start):
            place = places.resolve(m, context_states=[state] if state else [])
            if place is not None:
                location = places.location_record(place, [m.span])
                evidence.append(m.span)
                break
    date_record = _date_record(ref.day) if ref.day is not None else dict(_EMPTY_DATE)
    evidence.extend(Span(**e) for e in date_record.get("evidence") or [])
    return {
        "id": f"i{number}",
        "role": "background",
        "types": types,
        "type_evidence": _evidence_of(by_type),
        "date": date_record,
        "location": location,
        "agencies": agencies,
        "participants": people,
        "killed": killed,
        "injured": injured,
        "weapons": _weapons(
            _spans_by_key(found.weapons, lambda sp: _inside(ref.ranges, sp.start)), by_officer
        ),
        "charges": [],
        "claims": _claims_for(doc, evidence),
    }


def extract_incidents(
    doc: Doc, published: Any = None, url: str | None = None
) -> list[dict[str, Any]]:
    """The incidents of a parsed article in the contract shape (module docstring): the main
    incident first, then background cases told in sentences dated well before publication."""
    found = _scan(doc)
    outcomes = _outcomes(doc, found.triggers, found.officer_names)
    outcomes = _headline_deaths(doc, outcomes) + outcomes
    if "shooting" not in found.types:
        outcomes = [o for o in outcomes if o.trigger.lemma_.lower() not in ("hit", "strike")]
    if not found.types and not any(o.kind in ("killed", "injured", "shot") for o in outcomes):
        return []
    if _opinion_only(doc, found, outcomes):
        return []
    # The article's web address hints at the outlet's home (a prior, never evidence).
    location = places.main_location(doc, found.trigger_sents, url=url)
    state = location.get("state")
    mentions = find_agencies(doc, state=state)
    if location.get("precision") != "city":
        location = _agency_city(mentions, location, places.outlet_home_of(doc, url))
        state = location.get("state")
    pub_text = _published_text(published)
    times = timex.find_time_expressions(doc, pub_text, state=state) if pub_text else []
    text = doc_text(doc)
    times = [(sp, v) for sp, v in times if not _stamp(text, sp.start)]
    background = _background_sents(doc, times, pub_text, found.trigger_sents) if pub_text else {}
    main_sents = found.trigger_sents - set(background)
    main_times = [
        (sp, v)
        for sp, v in times
        if not any(doc[b].sent.start_char <= sp.start < doc[b].sent.end_char for b in background)
    ]
    date_record = _date(doc, main_times, pub_text, main_sents)
    if background and not _well_before(background, date_record.get("value")):
        # a follow-up told long after the event: its dated sentences are the main incident
        background, main_sents = {}, found.trigger_sents
        date_record = _date(doc, times, pub_text, main_sents)
    elsewhere = (
        _elsewhere(
            doc,
            times,
            pub_text,
            main_sents,
            location,
            date_record.get("value"),
            set(background),
        )
        if pub_text
        else {}
    )
    # Only an article about two incidents (its lead names both cities) gets the second one: a
    # city told only further down is too often where someone lives or a later event (on GVA
    # train, such readings split more reports from their incident than they found).
    # Further down, a city names another incident only in "the Minneapolis shooting": that is
    # a background incident, told in its own sentences.
    lead = doc_text(doc).split("\n\n", 1)[0].lower()
    named = {
        k: o
        for k, o in elsewhere.items()
        if o.name.lower() not in lead and any(_names_an_incident(doc, sp) for sp in o.spans)
    }
    elsewhere = {k: o for k, o in elsewhere.items() if o.name.lower() in lead}
    other_sents = {sent for other in [*elsewhere.values(), *named.values()] for sent in other.sents}
    # A protest story's shooting told "after" or on an earlier day is the incident it refers to.
    ref = _referred(doc, found, times, date_record.get("value")) if pub_text else None
    ref_outcomes = _referred_outcomes(outcomes, ref) if ref is not None else []
    main_found = found
    if ref is not None:
        main_found = _Found(
            types={
                t: kept
                for t, spans in found.types.items()
                if (
                    kept := [
                        sp
                        for sp in spans
                        if t in REACTION_TYPES or not _inside(ref.ranges, sp.start)
                    ]
                )
            },
            weapons={
                k: kept
                for k, spans in found.weapons.items()
                if (kept := [sp for sp in spans if not _inside(ref.ranges, sp.start)])
            },
            triggers=found.triggers,
            trigger_sents=found.trigger_sents,
        )
    referred = {id(o) for o in ref_outcomes}
    # An agency named only in another incident's sentences is that incident's.
    elsewhere_ranges = [(doc[i].sent.start_char, doc[i].sent.end_char) for i in other_sents]
    if ref is not None:
        elsewhere_ranges += ref.ranges
    agencies = [
        {k: a.to_dict()[k] for k in ("name", "code", "parent", "level", "evidence")}
        for a in mentions
        if not all(_inside(elsewhere_ranges, sp.start) for sp in a.evidence)
    ]
    officers_fired = any(
        o.by_officer and not o.negated and o.trigger.lemma_.lower() in OFFICERS_DO
        for o in outcomes
        if id(o) not in referred
    ) or _officers_fired(doc, main_found, found.officer_names)
    main_outcomes = [
        o
        for o in outcomes
        if o.trigger.sent.start not in background
        and o.trigger.sent.start not in other_sents
        and id(o) not in referred
    ]
    killed, injured, participants, evidence = _people(doc, main_outcomes, officers_fired)

    # The second incident's sentences are its own: their trigger words are not the first's.
    other_ranges = [(doc[i].sent.start_char, doc[i].sent.end_char) for i in other_sents]
    main_types = _spans_by_key(main_found.types, lambda sp: not _inside(other_ranges, sp.start))
    weapons = _weapons(main_found.weapons, officers_fired)
    for spans in main_types.values():
        evidence.extend(spans)
    evidence.extend(Span(**e) for e in date_record["evidence"])
    # "in the 5500 block of West Old National Road": the street, where the sentences give it
    location = places.with_address(doc, location, main_sents - other_sents)
    evidence.extend(Span(**e) for e in location["evidence"])
    charges = _charges(doc, set(background) | other_sents)
    evidence.extend(Span(**e) for c in charges for e in c["evidence"])
    main = {
        "id": "i1",
        "role": "main",
        "types": sorted(main_types, key=lambda t: main_types[t][0].start),
        "type_evidence": _evidence_of(main_types),
        "date": date_record,
        "location": location,
        "agencies": agencies,
        "participants": participants,
        "killed": killed,
        "injured": injured,
        "weapons": weapons,
        "charges": charges,
        "claims": _claims_for(doc, evidence),
    }
    out = [main]
    for other in sorted(elsewhere.values(), key=lambda o: min(o.sents)):
        out.append(_other_incident(doc, other, outcomes, found, mentions, len(out) + 1))
    for other in sorted(named.values(), key=lambda o: min(o.sents)):
        out.append(
            _other_incident(doc, other, outcomes, found, mentions, len(out) + 1, "background")
        )
    if ref is not None:
        out.append(_referred_incident(doc, ref, found, ref_outcomes, mentions, state, len(out) + 1))
    for sent_start, value in sorted(background.items()):
        sent = doc[sent_start].sent
        in_sent = [o for o in outcomes if o.trigger.sent.start == sent_start]
        b_killed, b_injured, b_people, b_evidence = _people(doc, in_sent, False)
        sent_range = [(sent.start_char, sent.end_char)]
        by_type = _spans_by_key(found.types, lambda sp, r=sent_range: _inside(r, sp.start))
        types = sorted(by_type)
        b_date = _date_record(value)
        b_evidence.extend(Span(**e) for e in b_date["evidence"])
        out.append(
            {
                "id": f"i{len(out) + 1}",
                "role": "background",
                "types": types,
                "type_evidence": _evidence_of(by_type),
                "date": b_date,
                "location": dict(places.EMPTY_LOCATION),
                "agencies": [],
                "participants": b_people,
                "killed": b_killed,
                "injured": b_injured,
                "weapons": [],
                "charges": [],
                "claims": _claims_for(doc, b_evidence),
            }
        )
    return out


def _other_incident(
    doc: Doc,
    other: _Elsewhere,
    outcomes: list[Outcome],
    found: _Found,
    mentions: list[AgencyMention],
    number: int,
    role: str = "main",
) -> dict[str, Any]:
    """An incident told elsewhere in the article (:func:`_elsewhere`), from its own sentences:
    a second ``main`` incident (the lead names both cities), or a ``background`` one named by
    its city further down ("The Minneapolis shooting happened on Monday")."""
    sents = [doc[start].sent for start in sorted(other.sents)]

    def inside(span: Span) -> bool:
        return any(s.start_char <= span.start < s.end_char for s in sents)

    in_sents = [o for o in outcomes if o.trigger.sent.start in other.sents]
    killed, injured, people, evidence = _people(doc, in_sents, any(o.by_officer for o in in_sents))
    by_type = _spans_by_key(found.types, inside)
    types = sorted(by_type)
    agencies = _agencies_within(mentions, inside)
    first = min(other.sents)
    date_record = _date_record(other.sents[first])
    evidence.extend(Span(**e) for e in date_record["evidence"])
    evidence.extend(other.spans)
    weapons = _weapons(_spans_by_key(found.weapons, inside))
    return {
        "id": f"i{number}",
        "role": role,
        "types": types,
        "type_evidence": _evidence_of(by_type),
        "date": date_record,
        "location": places.location_record(other.place, other.spans),
        "agencies": agencies,
        "participants": people,
        "killed": killed,
        "injured": injured,
        "weapons": weapons,
        "charges": [],
        # Its claims: those holding its evidence, and those told in its own sentences.
        "claims": list(
            dict.fromkeys(
                [
                    *_claims_for(doc, evidence),
                    *_claims_within(doc, [(s.start_char, s.end_char) for s in sents]),
                ]
            )
        ),
    }


class Incidents:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.nl_incidents = extract_incidents(doc, doc._.nl_published, doc._.nl_url)
        except Exception as exc:  # per document: one bad article never sinks a batch
            doc._.nl_incidents = []
            _record_error(doc, self.name, exc)
        return doc


@Language.factory(
    INCIDENTS,
    requires=["token.dep", "token.lemma", "doc.ents", "doc._.nl_claims"],
    assigns=["doc._.nl_incidents"],
)
def make_incidents(nlp: Language, name: str) -> Incidents:
    load_types()
    return Incidents(name)
