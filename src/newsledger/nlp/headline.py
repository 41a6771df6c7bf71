"""Who died, as the headline tells it (``headline.deaths.v1``).

A headline drops articles and auxiliaries and is often set in Title Case or capitals ("Three
People Dead East of Bozeman", "HUNTING ACCIDENT CLAIMS LIFE", "Teen dropped off by CISP van,
then shot dead"), and the parser, trained on running text, reads such lines poorly. Yet the
headline is often the only place a first report's reader learns that someone died. This module
reads the headline the text opens with (:func:`article.opens_with_title`) by word patterns on
its lower-cased tokens, not by the parse:

- ``<people> dead | die(s) | died | killed | slain | shot dead | shot to death | found dead``:
  the people before the death word, their numbers summed over a coordination ("3 adults, 1 child
  found shot to death": 4), a singular noun 1 ("Victim In Boyle Co. Accidental Shooting Dies");
- ``kills | killed | slays | murders <people>`` with an object, ``self`` and ``himself`` counted
  ("Man kills wife, self": 2);
- ``death(s) | murder | killing | slaying of <people>`` ("shooting deaths of woman, daughter": 2);
- ``claims | takes (a) life``, ``claims N lives``;
- ``fatal | deadly`` before a single event ("deadly shooting", "fatal hunting accident"): 1.

A plural with no number ("kills daughter, grandchildren, self"), a negation ("No one killed"),
"nearly killed" or a second clause past a separator ("| WBTV", " - KSLA News 12") gives nothing.
Each finding is a lower bound the incident's own count may exceed; it carries the tokens it
rests on, which become the evidence span.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsledger.article import headline_of, opens_with_title
from newsledger.nlp.components import doc_text

VERSION = "headline.deaths.v1"

DEATH_WORDS = frozenset({"dead", "dies", "die", "died", "killed", "slain", "deceased"})
KILLS = frozenset({"kills", "killed", "slays", "slew", "murders", "murdered"})
DEATH_NOUNS = frozenset(
    {"death", "deaths", "murder", "murders", "killing", "killings", "slaying", "slayings"}
)
FATAL = frozenset({"fatal", "deadly"})
EVENTS = frozenset(
    {"shooting", "accident", "crash", "incident", "encounter", "standoff", "confrontation"}
)
CLAIMS = frozenset({"claims", "claimed", "takes", "took"})
SELF = frozenset({"self", "himself", "herself", "themselves"})
VIOLENT = frozenset({"shot", "gunned", "beaten", "stabbed"})
# Words that undo a death word before it in the clause ("No one killed", "nearly killed").
UNDO = frozenset({"no", "not", "nobody", "none", "nearly", "almost", "narrowly", "survives"})
SEPARATORS = frozenset({"|", "«", "»", "::"})
DASHES = frozenset({"-", "–", "—", "--"})
LIST_JOINS = frozenset({",", "and", "&", "plus"})
PLURALS = {
    "men": "man", "women": "woman", "children": "child", "people": "person",
    "grandchildren": "grandchild",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Death:
    """``count`` people died, says the headline: ``trigger`` the death word, ``patient`` the
    noun for the dead (the trigger itself where none is written: "claims life")."""

    patient: Token
    trigger: Token
    count: int


def headline_tokens(doc: Doc) -> list[Token]:
    """The tokens of the headline the text opens with, up to a separator that starts the
    site's name ("| Local News", " - KSLA News 12"), less a leading "Cops:"; empty when the
    text does not open with ``doc._.nl_title``."""
    end, cut = _extent(doc)
    out = list(doc[:end]) if cut is None else list(doc[:cut])
    # "Cops: ...", "Sheriff: ...": who says so, not who died
    colon = next((k for k, t in enumerate(out[:4]) if t.text == ":"), None)
    return out[colon + 1 :] if colon is not None else out


def site_cut(doc: Doc) -> int | None:
    """The index of the separator before the site's name in the headline ("... girl - WMC
    Action News 5 - Memphis, Tennessee"), None when there is none: what lies past it names
    the outlet, never a person or a place of the story."""
    return _extent(doc)[1]


def headline_range(doc: Doc) -> tuple[int, int] | None:
    """The characters of the headline the text opens with, None when it opens with none."""
    end, _ = _extent(doc)
    return (doc[0].idx, doc[end - 1].idx + len(doc[end - 1].text)) if end else None


def site_range(doc: Doc) -> tuple[int, int] | None:
    """The characters of the site's name in the headline (from its separator to the headline's
    end), None when there is none."""
    end, cut = _extent(doc)
    if cut is None:
        return None
    return doc[cut].idx, doc[end - 1].idx + len(doc[end - 1].text)


_EXTENT_KEY = "nl_headline_extent"


def _extent(doc: Doc) -> tuple[int, int | None]:
    """(end of the headline, index of its site separator or None); (0, None) when the text
    does not open with the title. Cached on the Doc: the incidents and places read it many
    times, and ``doc.text`` is rebuilt from the tokens on every read."""
    title = getattr(doc._, "nl_title", None)
    cached = doc.user_data.get(_EXTENT_KEY)
    if cached is not None and cached[0] == (title, len(doc)):
        return cached[1], cached[2]
    end, cut = 0, None
    headline = headline_of(title)
    if headline:
        text = doc_text(doc)
        if opens_with_title(text[: len(headline) + 40], headline):
            limit = len(text) - len(text.lstrip()) + len(headline)
            for tok in doc:
                if "\n" in tok.text or tok.idx >= limit:
                    break
                end = tok.i + 1
                if cut is None and (
                    tok.text in SEPARATORS
                    or (
                        tok.text in DASHES
                        and tok.i > 0
                        and doc[tok.i - 1].whitespace_
                        and tok.whitespace_
                    )
                ):
                    cut = tok.i
                if "\n" in tok.whitespace_:
                    break
    doc.user_data[_EXTENT_KEY] = ((title, len(doc)), end, cut)
    return end, cut


def deaths(
    doc: Doc,
    is_person_word: Callable[[str], bool],
    number: Callable[[Token], int | None],
) -> list[Death]:
    """What the headline says of deaths (module docstring); ``is_person_word`` tells a noun
    for people (singular, lower case), ``number`` reads a count word."""
    toks = headline_tokens(doc)
    reader = _Reader(toks, is_person_word, number)
    for k, tok in enumerate(toks):
        if any(t.lower_ in UNDO for t in toks[:k]):
            return []
        found = reader.at(k, tok)
        if found is not None:
            return [found]
    return []


class _Reader:
    def __init__(
        self,
        toks: list[Token],
        is_person_word: Callable[[str], bool],
        number: Callable[[Token], int | None],
    ) -> None:
        self.toks = toks
        self.is_person_word = is_person_word
        self.number = number

    def lower(self, k: int) -> str:
        return self.toks[k].lower_ if 0 <= k < len(self.toks) else ""

    def at(self, k: int, tok: Token) -> Death | None:
        word = tok.lower_
        nxt = self.lower(k + 1)
        if word in KILLS and nxt and not _passive_follower(nxt):
            count, head = self.forward(k + 1)
            return Death(head, tok, count) if count and head is not None else None
        if word in DEATH_NOUNS and nxt == "of":
            count, head = self.forward(k + 2)
            return Death(head, tok, count) if count and head is not None else None
        if word in CLAIMS and self.lower(k + 1) in ("a", "his", "her", "one", "life"):
            life = k + 1 if nxt == "life" else k + 2
            if self.lower(life) == "life":
                return Death(self.toks[life], tok, 1)
        if word in CLAIMS and self.lower(k + 2) == "lives":
            n = self.number(self.toks[k + 1])
            return Death(self.toks[k + 2], tok, n) if n else None
        if word in FATAL and nxt:
            event = next(
                (j for j in range(k + 1, min(k + 4, len(self.toks))) if self.lower(j) in EVENTS),
                None,
            )
            if event is not None:
                return Death(self.toks[event], tok, 1)
        death = word in DEATH_WORDS or (
            word in VIOLENT and (nxt == "dead" or (nxt == "to" and self.lower(k + 2) == "death"))
        )
        if death and not (word == "dead" and nxt in ("-", "end")):
            count, head = self.backward(k)
            return Death(head, tok, count) if count and head is not None else None
        return None

    def person(self, k: int) -> bool:
        """Whether the word at ``k`` heads a noun phrase for people: a noun for people or an
        age ("3-year-old") not followed by another one ("7-year-old girl" is one girl)."""
        return self.person_word(k) and not (k + 1 < len(self.toks) and self.person_word(k + 1))

    def person_word(self, k: int) -> bool:
        word = self.lower(k)
        if word in SELF:
            return True
        if (word in ("old", "olds") and self.lower(k - 1) in ("-", "year")) or word == "year-old":
            return True
        singular = PLURALS.get(word) or word
        return self.is_person_word(singular) or (
            word.endswith("s") and self.is_person_word(word[:-1])
        )

    def item(self, head: int) -> tuple[int | None, int]:
        """The count of the item whose person noun is at ``head``, and where the item starts:
        a number up to three words before the noun ("2 Benbrook teens"), else 1 for a singular
        noun, None for a plural one."""
        start = head
        for j in range(head - 1, max(head - 4, -1), -1):
            word = self.lower(j)
            if word in LIST_JOINS or word == ":" or self.person(j):
                break
            start = j
            n = self.number(self.toks[j])
            if n is not None and not _age(self.toks, j):
                return n, j
        word = self.lower(head)
        plural = word in PLURALS or word == "olds" or (word.endswith("s") and word not in SELF)
        if word in SELF:
            plural = word == "themselves"
        return (None if plural else 1), start

    def backward(self, k: int) -> tuple[int | None, Token | None]:
        """The people before the death word at ``k``: the nearest person noun and the items
        coordinated before it."""
        head = next((j for j in range(k - 1, -1, -1) if self.person(j)), None)
        if head is None:
            return None, None
        total, start = self.item(head)
        # "3 adults, 1 child", "officer, suspect dead": a noun for people right before the
        # join; not "officer, suspect injured, female found dead"
        while (
            total is not None
            and start > 1
            and self.lower(start - 1) in LIST_JOINS
            and self.person(start - 2)
        ):
            n, start = self.item(start - 2)
            total = None if n is None else total + n
        return total, self.toks[head]

    def forward(self, k: int) -> tuple[int | None, Token | None]:
        """The people named from ``k`` on, as an object list ("wife, self"; "2, then himself";
        "woman, daughter"); None when one of them has no count ("grandchildren")."""
        total = 0
        head: Token | None = None
        j = k
        while j < len(self.toks):
            if self.lower(j) in LIST_JOINS or self.lower(j) in _OBJECT_FILLERS:
                j += 1
                continue
            end = None
            for e in range(j, min(j + 6, len(self.toks))):
                if self.lower(e) in LIST_JOINS:
                    break
                if self.person(e):
                    end = e
                    break
            if end is not None:
                n, _ = self.item(end)
                if n is None:
                    return None, None
                total, head, j = total + n, head or self.toks[end], end + 1
                continue
            n = self.number(self.toks[j])
            if n is None or _age(self.toks, j):
                if self.lower(j - 1) in LIST_JOINS and self.toks[j].pos_ in ("NOUN", "PROPN"):
                    return None, None  # the list goes on with a noun not read as people
                break
            total, head, j = total + n, head or self.toks[j], j + 1  # "kills 2"
        return (total or None), head


_OBJECT_FILLERS = frozenset({"then", "his", "her", "their", "a", "an", "the", "own"})


def _passive_follower(word: str) -> bool:
    """A word after "killed" that shows it is passive ("Teen killed in crash", "Man killed,
    another hurt"), not a verb with its object."""
    return word in {
        ",", ".", "in", "at", "on", "after", "by", "near", "during", "when", "while", "as",
        "outside", "inside", "friday", "saturday", "sunday", "monday", "tuesday", "wednesday",
        "thursday", "overnight", "early", "late", "last", "this", "'", '"', "’", ";", "-",
    }  # fmt: skip


def _age(toks: list[Token], j: int) -> bool:
    """Whether the number at ``j`` is an age ("3-year-old"), not a count."""
    following = " ".join(t.lower_ for t in toks[j + 1 : j + 4])
    return following.startswith("- year") or following.startswith("year")
