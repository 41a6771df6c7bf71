"""Who a source mention refers to, and its kind and role.

A source mention is the span as written ("he", "the mayor", "a DHS spokesperson", "Whitfield",
"federal authorities"). :class:`SourceResolver` walks an article's claims in text order and
resolves each mention to a name:

- a **named entity** in the mention (PERSON, ORG) gives the name; a surname is expanded to the
  fullest earlier mention of the same person ("Whitfield" -> "Dana Whitfield");
- a **pronoun** (he, she, it, they, who) takes the most recent fitting antecedent: a person for
  he/she, an agency or organisation for it, the noun a relative clause hangs on for who;
- a **description** ("the mayor", "the department", "the bureau") takes the nearest earlier
  named entity that carries that title ("Portland Mayor Dana Whitfield") or whose name holds
  that word ("Department of Homeland Security");
- a **statement, release or post** speaks for who issued it ("a DHS statement", "an ICE news
  release", "a statement from the family"; "the statement" for the agency told before it); a
  report stays a document; "a bureau spokesperson" speaks for the bureau told before ("FBI");
- an **unnamed or collective** mention ("officials", "federal authorities", "witnesses",
  "a person familiar with the operation") keeps its own words as the name, ``kind: unnamed``.

Role comes from the titles in the mention and around the antecedent's first mention, read
against the roles lexicon (phrases first, then the mention's head word, "the family's lawyer"
being a lawyer, then its other words); kind from the entity label and the agency, outlet and
document words.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newsledger.nlp import agencies
from newsledger.nlp.components import doc_text
from newsledger.nlp.lexicons import Roles, load_roles

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
THING_PRONOUNS = frozenset({"it", "its"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
RELATIVES = frozenset({"who", "which", "that", "whom"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their"})
SPOKES = frozenset({"spokesperson", "spokesman", "spokeswoman", "representative", "statement"})
# descriptions whose apposition names a group, not a person ("a local group, Queen City United")
# What an organisation or person issues, speaking through it: the issuer is the source.
ISSUED = frozenset({"statement", "release", "post", "tweet", "email", "letter", "memo"})
GROUP_DESCRIPTIONS = frozenset({"group", "organization", "coalition", "company", "firm", "agency"})
_NOT_TITLE_POS = frozenset(
    {"ADP", "DET", "VERB", "AUX", "PRON", "CCONJ", "SCONJ", "PART", "ADV", "NUM"}
)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    name: str | None
    kind: str  # person | agency | organization | group | document | outlet | unnamed
    role: str | None
    anonymous: bool = False  # an unnamed source of the "person familiar with" kind
    position: int = 0  # character offset of the mention


def _words(tokens: list[Token]) -> list[str]:
    return [t.lower_ for t in tokens]


def role_of(words: list[str], roles: Roles) -> str | None:
    """The role the words name, phrases first, then single words (first in text order)."""
    joined = " " + " ".join(words) + " "
    for phrase, role in roles.role_phrases:
        if " " + " ".join(phrase) + " " in joined:
            return role
    for word in words:
        if word in roles.role_words:
            return roles.role_words[word]
        if word.endswith("'s") and word[:-2] in roles.role_words:
            return roles.role_words[word[:-2]]
    return None


def org_kind_role(text: str, roles: Roles) -> tuple[str, str]:
    words = text.lower().replace("’", "'").split()
    joined = " ".join(words)
    if any(w in roles.law_enforcement_words for w in words):
        return "agency", "law_enforcement"
    phrase_role = role_of(words, roles)
    if phrase_role == "union":
        return "organization", "union"
    if any(w in roles.outlet_words for w in words) or any(
        " " in p and p in joined for p in roles.outlet_words
    ):
        return "outlet", "outlet"
    if any(w in roles.agency_words for w in words):
        return "agency", phrase_role or "official"
    return "organization", phrase_role or "other"


@functools.cache
def _agency_names() -> dict[str, str]:
    """Each agency's aliases and acronyms, folded, to its name in the agency gazetteer."""
    out: dict[str, str] = {}
    for record in agencies.load_gazetteer().agencies:
        for alias in (record.name, *record.aliases, *record.acronyms):
            out.setdefault(_fold(alias), record.name)
    return out


def _fold(name: str) -> str:
    words = name.replace("’", "'").lower().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def canonical_agency(name: str | None) -> str | None:
    """The gazetteer's name of the agency ``name`` spells ("DHS", "the Department of Homeland
    Security": "Department of Homeland Security"), so that one agency is one source."""
    return _agency_names().get(_fold(name)) if name else None


def _strip_det(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].lower_ in DETERMINERS or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    return doc_text(tokens[0].doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]


class SourceResolver:
    """Resolves source mentions of one article, in text order (see the module docstring)."""

    def __init__(self, doc: Doc, roles: Roles | None = None) -> None:
        self.doc = doc
        self.roles = roles or load_roles()
        self.ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
        self.history: list[SourceInfo] = []

    # --- antecedents ---------------------------------------------------------------------

    def _titles_near(self, ent: Span) -> list[str]:
        """Title words before an entity mention and in its apposition ("Portland Mayor X",
        "X, the mayor")."""
        doc = self.doc
        words: list[str] = []
        i = ent.start - 1
        # the words of a title run right up to the name ("Portland Mayor X"); a preposition,
        # determiner or verb ends them ("identified by the office as X" gives X no title)
        while (
            i >= 0
            and ent.start - i <= 4
            and not doc[i].is_punct
            and doc[i].pos_ not in _NOT_TITLE_POS
        ):
            words.insert(0, doc[i].lower_)
            i -= 1
        for child in ent.root.children:
            if child.dep_ == "appos":
                words += _words(list(child.subtree))[:8]
        if ent.root.dep_ == "appos":
            # the description the name stands beside, its own word first ("The family's
            # attorney, Ingrid Solberg": an attorney, not the family)
            words += [ent.root.head.lower_, *_words(list(ent.root.head.subtree))[:8]]
        return words

    def _full_person(self, ent: Span) -> Span:
        last = ent[-1].lower_
        for other in self.ents:
            if other.label_ == "PERSON" and other[-1].lower_ == last and len(other) > len(ent):
                return other
        return ent

    def _person_info(self, ent: Span, extra_words: list[str]) -> SourceInfo:
        full = self._full_person(ent)
        words = extra_words + self._titles_near(full)
        if full is not ent:
            words += self._titles_near(ent)
        role = role_of(words, self.roles)
        return SourceInfo(full.text, "person", role or "other", position=ent.start_char)

    def _org_info(self, ent: Span) -> SourceInfo:
        name = _text(_strip_det(list(ent)))
        kind, role = org_kind_role(name, self.roles)
        return SourceInfo(name, kind, role, position=ent.start_char)

    def _recent(self, before: int, want: str) -> SourceInfo | None:
        """The nearest earlier antecedent: a person (``want='person'``) or an agency or
        organisation (``'org'``), from earlier sources and entity mentions."""
        best: SourceInfo | None = None
        for info in self.history:
            if info.position >= before or info.name is None:
                continue
            fits = (
                info.kind == "person"
                if want == "person"
                else info.kind in ("agency", "organization", "outlet", "group")
            )
            if fits and (best is None or info.position >= best.position):
                best = info
        for ent in self.ents:
            if ent.start_char >= before:
                break
            if best is not None and ent.start_char <= best.position:
                continue
            if want == "person" and ent.label_ == "PERSON":
                best = self._person_info(ent, [])
            elif want == "org" and ent.label_ == "ORG":
                best = self._org_info(ent)
        return best

    def _person_named(self, last: str, before: int) -> SourceInfo | None:
        """The latest earlier person source whose name ends in ``last`` ("Bell": "Marcus
        Bell")."""
        found = [
            info
            for info in self.history
            if info.kind == "person"
            and info.name is not None
            and info.position < before
            and info.name.lower().split()[-1] == last
            and len(info.name.split()) > 1
        ]
        return max(found, key=lambda info: info.position) if found else None

    def _by_title(self, head: Token, before: int) -> SourceInfo | None:
        """The nearest earlier named entity or source that carries the title or word ``head``:
        one whose name holds the word first ("the department": "Charlotte-Mecklenburg Police
        Department"), else, for an agency word, the nearest agency."""
        word = head.lower_
        exact: SourceInfo | None = None
        loose: SourceInfo | None = None
        for info in self.history:
            if info.position >= before or info.name is None:
                continue
            names = info.name.lower().split()
            if info.kind == "unnamed" and names[-1:] != [word]:
                continue  # "the office" is "the sheriff's office" told before, not any office
            if (
                info.kind != "person"
                and word in names
                and (exact is None or info.position >= exact.position)
            ):
                exact = info
        for ent in self.ents:
            if ent.start_char >= before:
                break
            if ent.label_ == "PERSON" and word in self._titles_near(ent):
                if exact is None or ent.start_char >= exact.position:
                    exact = self._person_info(ent, [word])
            elif ent.label_ == "ORG":
                # an acronym counts by its full name ("FBI" is "the bureau")
                full = canonical_agency(ent.text) or ""
                if word in ent.text.lower().split() or word in full.lower().split():
                    if exact is None or ent.start_char >= exact.position:
                        exact = self._org_info(ent)
                elif (
                    word in self.roles.agency_words
                    and org_kind_role(ent.text, self.roles)[0] == "agency"
                ):
                    loose = self._org_info(ent)
        return exact or loose

    # --- the mention ---------------------------------------------------------------------

    def _issuer(self, head: Token) -> SourceInfo | None:
        """Who issued a statement, release or post: a name before it ("a DHS statement",
        "an ICE news release", "the sheriff's office's statement") or after "from" / "by"."""
        doc = head.doc
        candidates: list[list[Token]] = []
        poss = next((c for c in head.children if c.dep_ == "poss" and c.i < head.i), None)
        if poss is not None:
            candidates.append([t for t in doc[poss.left_edge.i : poss.i + 1] if t.dep_ != "case"])
        # the proper name among the words before it ("an ICE news release")
        run = [t for t in doc[head.left_edge.i : head.i] if t.pos_ == "PROPN" or t.is_upper]
        if run and poss is None:
            candidates.append(run)
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "by"):
                candidates += [_np(c) for c in prep.children if c.dep_ == "pobj"]
        for words in candidates:
            info = self._resolve(words)
            if info.name and info.kind != "document":
                return info  # an agency gets the gazetteer's name in resolve()
        return None

    def resolve(self, tokens: list[Token]) -> SourceInfo:
        info = self._resolve(tokens)
        if info.kind == "agency" and (name := canonical_agency(info.name)) is not None:
            info = replace(info, name=name)
        self.history.append(info)
        return info

    def _resolve(self, tokens: list[Token]) -> SourceInfo:
        roles = self.roles
        tokens = [t for t in tokens if not t.is_space]
        position = tokens[0].idx if tokens else 0
        inside = {t.i for t in tokens}
        head = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])
        words = _words(tokens)
        # an entity the NER ran past the source's words ("Sheriff Dana Okafor: Deputies ...")
        # is cut to them
        first, last = min(inside, default=0), max(inside, default=-1)
        ents = [
            e if first <= e.start and e.end - 1 <= last else _clipped(e, first, last)
            for e in self.ents
            if e.start in inside or (e.end - 1) in inside
        ]

        persons = [e for e in ents if e.label_ == "PERSON"]
        orgs = [e for e in ents if e.label_ == "ORG"]
        low = head.lower_

        # A named person, or a title with a name in it ("Mayor Dana Whitfield"), or a
        # description with the name beside it ("A neighbor, Carmen Velez"; "an ICE
        # spokesperson, Dale Kerrigan"). A possessor is never the source: in "Whitacre's
        # mother, Denise Whitacre" it is the mother, and "Trump's spokesman" is not Trump.
        head_words = [low, *words]
        person = next((e for e in persons if e.start <= head.i < e.end), None)
        if person is None:
            beside = [e for e in persons if e.root.dep_ == "appos" and e.root.head.i == head.i]
            # the fullest name ("Sgt. Nina Vance" is tagged "Sgt" and "Nina Vance")
            person = max(beside, key=len, default=None)
        named = [e for e in persons if not _possessor(e)]
        if person is None and named and low not in roles.unnamed_words and low not in SPOKES:
            person = named[0]
        if person is not None:
            info = self._person_info(person, head_words)
            if low in SPOKES and org_kind_role(" ".join(words), roles)[1] == "law_enforcement":
                # "a sheriff's spokesperson, Deputy Alana Brooks" speaks for law enforcement
                info = replace(info, role="law_enforcement")
            return _at(info, position)
        if low not in GROUP_DESCRIPTIONS and (appos := _appos_name(head, roles)) is not None:
            # a name the NER did not tag as a person, set beside the description
            earlier = self._person_named(appos[-1].lower_, position)
            if earlier is not None:
                return _at(earlier, position)
            role = role_of(head_words, roles)
            return SourceInfo(_text(appos), "person", role or "other", position=position)
        if head.pos_ == "PROPN" and len(_strip_det(tokens)) == 1:
            # a surname alone ("Bell") after the full name was a source ("Marcus Bell")
            earlier = self._person_named(low, position)
            if earlier is not None:
                return _at(earlier, position)

        if low in PERSON_PRONOUNS:
            found = self._recent(position, "person")
            return _at(found or SourceInfo(None, "person", "other"), position)
        if low in THING_PRONOUNS:
            found = self._recent(position, "org")
            return _at(found or SourceInfo(None, "organization", "other"), position)
        if low in GROUP_PRONOUNS:
            found = self._recent(position, "org")
            if found is not None and found.kind != "person":
                return _at(found, position)
            return _at(SourceInfo(None, "group", "other"), position)
        if low in RELATIVES and head.head.dep_ == "relcl":
            return _at(self._resolve(_np(head.head.head)), position)
        if low in FIRST_PERSON:
            return SourceInfo(
                None, "person" if low in ("i", "me") else "group", "other", position=position
            )

        org = next((e for e in orgs if e.start <= head.i < e.end), None)
        if org is not None:
            return _at(self._org_info(org), position)
        if low in ISSUED and (issuer := self._issuer(head)) is not None:
            # "a DHS statement", "a statement from the sheriff's office": who issued it speaks
            return _at(issuer, position)
        if low in ISSUED and len(_strip_det(tokens)) == 1 and tokens[0].lower_ == "the":
            # "the statement": the statement of the agency, organisation or person told
            # nearest before it
            told = [
                f for f in (self._recent(position, "org"), self._recent(position, "person")) if f
            ]
            if told:
                return _at(max(told, key=lambda f: f.position), position)

        # a clause set off by a comma tells more about the source, it does not name it ("One
        # woman, who declined to give her name, said"); "a neighbor who watched" keeps it
        comma = next(
            (t.i for t in tokens if t.i > head.i and t.text == "," and t.head.i == head.i), None
        )
        named_by = [t for t in tokens if comma is None or t.i < comma]
        name = _text(_strip_det(named_by)) or None
        # the head word first ("the family's lawyer" is a lawyer), except a spokesperson's,
        # whose role is that of who they speak for ("a police spokesperson")
        role = role_of(words if low in SPOKES else head_words, roles)
        if orgs:
            # "a DHS spokesperson", "a spokesperson for the Department of Homeland Security"
            org_kind, org_role = org_kind_role(orgs[0].text, roles)
            if low in SPOKES or role in (None, "other"):
                role = org_role
            anonymous = any(w in roles.reported_words for w in words)
            kind = "unnamed" if low in roles.unnamed_words or low in SPOKES else org_kind
            if kind == "unnamed":
                return SourceInfo(name, kind, role, anonymous, position)
            return _at(self._org_info(orgs[0]), position)
        if low in SPOKES:
            # "a bureau spokesperson": the speaker of the bureau told before
            for mod in head.lefts:
                if (
                    mod.dep_ == "compound"
                    and mod.pos_ == "NOUN"
                    and mod.lower_ in roles.agency_words
                ):
                    found = self._by_title(mod, position)
                    if found is not None and found.kind in ("agency", "organization"):
                        org_name = canonical_agency(found.name) or found.name
                        return SourceInfo(
                            f"{org_name} {low}", "unnamed", found.role, position=position
                        )
            # "a spokesperson for the agency": the speaker of the organisation named or described
            for prep in head.children:
                objs = (
                    [c for c in prep.children if c.dep_ == "pobj"] if prep.lower_ == "for" else []
                )
                if objs:
                    org_info = self._resolve(_np(objs[0]))
                    if org_info.name is not None and org_info.kind in (
                        "agency",
                        "organization",
                        "outlet",
                        "group",
                    ):
                        return SourceInfo(
                            f"{org_info.name} {low}", "unnamed", org_info.role, position=position
                        )
        if low in roles.document_words:
            return SourceInfo(name, "document", role or "other", position=position)
        if low in roles.outlet_words and any(t.pos_ == "PROPN" for t in tokens):
            return SourceInfo(name, "outlet", "outlet", position=position)
        definite = bool(tokens) and tokens[0].lower_ in ("the", "its", "their", "his", "her")
        proper = head.pos_ == "PROPN" and sum(t.pos_ == "PROPN" for t in tokens) >= 2
        if definite and head.tag_ in ("NN", "NNP") and not proper:
            found = self._by_title(head, position)
            if found is not None:
                return _at(found, position)
        anonymous = any(w in roles.reported_words for w in words)
        if head.pos_ == "PROPN":
            kind, org_role = org_kind_role(name or "", roles)
            if kind == "organization" and head.ent_type_ in ("", "PERSON"):
                kind = "person"
            return SourceInfo(name, kind, role or org_role, anonymous, position)
        if low in roles.group_words:
            return SourceInfo(name, "group", role or "other", anonymous, position)
        if head.text.isupper() and len(head.text) > 1 and len(_strip_det(tokens)) == 1:
            # an acronym the tagger left a common noun ("ICE says ...")
            kind, org_role = org_kind_role(name or "", roles)
            return SourceInfo(name, kind, org_role, anonymous, position)
        return SourceInfo(name, "unnamed", role or "other", anonymous, position)


def _clipped(ent: Span, first: int, last: int) -> Span:
    """``ent`` cut to the tokens ``first`` .. ``last``, with its label."""
    return Span(ent.doc, max(ent.start, first), min(ent.end, last + 1), label=ent.label_)


def _at(info: SourceInfo, position: int) -> SourceInfo:
    return SourceInfo(info.name, info.kind, info.role, info.anonymous, position)


def _possessor(ent: Span) -> bool:
    """Whether a name is a possessive modifier ("Whitacre's mother")."""
    after = ent.end < len(ent.doc) and ent.doc[ent.end].tag_ == "POS"
    return after or ent.root.dep_ == "poss"


def _appos_name(head: Token, roles: Roles) -> list[Token] | None:
    """A proper name of two or three words set in apposition to a description of a person
    ("a witness, Marcus Bell, who ..."), which the NER tagged as no person; never one that
    reads as an agency, an outlet or a place."""
    for child in head.children:
        if child.dep_ != "appos" or child.pos_ != "PROPN" or child.ent_type_ not in ("", "ORG"):
            continue
        name = [t for t in _np(child) if t.pos_ == "PROPN" or t.tag_ == "NNP"]
        if not 2 <= len(name) <= 3 or name[-1].i - name[0].i != len(name) - 1:
            continue
        if not all(t.text[:1].isupper() and t.text[1:].islower() for t in name):
            continue
        if org_kind_role(_text(name), roles)[0] != "organization":
            continue
        return name
    return None


def _np(token: Token) -> list[Token]:
    """A noun phrase without its relative clauses and appositions."""
    doc = token.doc
    left = token.left_edge.i
    right = token.i
    for child in token.rights:
        if child.dep_ in ("relcl", "appos", "acl", "punct", "cc", "conj"):
            break
        right = child.right_edge.i
    return list(doc[left : right + 1])
