"""How sure the report makes a claim: certainty and polarity from the cue and the content's parse.

Certainty is the most hedged of two readings (the contract's values, ordered by :data:`RANK`):

- the **cue's** effect, from the cue lexicon (``said`` attributed, ``claimed`` alleged,
  ``believes`` believed, ``denied`` denied, ``plans`` possible, ``declined to say whether``
  unknown), raised to ``reported`` when the source is an anonymous one ("a person familiar with");
- the **content's** own hedges, read on its main clause only (a hedge inside a nested clause
  belongs to that clause): modals (may, might, could), hedging adverbs (allegedly, reportedly,
  likely), passive hedges ("is believed to", "were reported"), raising verbs ("seems to"),
  predicates of uncertainty ("It remains unclear whether", "It was not known whether",
  "did not say whether"), adjectives of possibility with a clause ("It is possible that").

Polarity is ``negated`` when the main clause is negated: a ``not``/``never`` on its verb, a
negative subject or object ("no agents were injured", "had no role"), or a negated cognition verb
that raises its negation ("I don't think he understood"). A negated "say/know ... whether" is not
a negation but an ``unknown``. A negated cue negates an object ("did not respond to questions"
is ``fact``, negated) but not a clause: "did not hear anyone shouting" is ``unknown``, "did not
know the store was closing" takes it as given (:func:`under_negation`, also used for the
clauses of step 4 in :mod:`newsledger.nlp.attribution`). What a cue declines or refuses
("declined to comment", "refused to sign") was not done: ``fact``, negated.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsledger.nlp.lexicons import Hedges, load_hedges

RANK = {
    "fact": 0,
    "attributed": 1,
    "reported": 2,
    "believed": 3,
    "alleged": 4,
    "possible": 5,
    "unknown": 6,
    "denied": 7,
}
WH_WORDS = frozenset({"whether", "if", "who", "what", "when", "where", "why", "how", "which"})
YES_NO = frozenset({"whether", "if"})
VERBAL = frozenset({"VERB", "AUX"})
LINKING_VERBS = frozenset({"be", "remain", "seem", "appear", "become", "stay"})


def stronger(a: str, b: str) -> str:
    """The more hedged of two certainties."""
    return a if RANK[a] >= RANK[b] else b


def is_negated(token: Token, hedges: Hedges | None = None) -> bool:
    """Whether ``token`` (a clause head) carries a negation of its own."""
    hedges = hedges or load_hedges()
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if (
            child.dep_ in ("acomp", "attr")
            and token.lemma_.lower() in LINKING_VERBS
            and any(g.dep_ == "neg" for g in child.children)
        ):
            return True  # "was not armed", parsed with "not" on "armed" ("plead not guilty" is
            # no negation)
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "expl"):
            if child.lower_ in hedges.negative_pronouns:
                return True
            if child.dep_ in ("nsubj", "nsubjpass") and any(
                g.dep_ == "preconj" and g.lower_ == "neither" for g in child.children
            ):
                return True  # "Neither he nor his lawyer could be reached"
            if has_negative_determiner(child, hedges):
                return True
    return False


def has_negative_determiner(noun: Token, hedges: Hedges) -> bool:
    """Whether ``noun`` takes a negative determiner ("no agents", "no plans")."""
    return any(d.dep_ == "det" and d.lower_ in hedges.negative_determiners for d in noun.children)


def opens_question(token: Token) -> bool:
    """Whether the clause headed by ``token`` is an embedded question ("whether X", "who did")."""
    first = token.doc[token.left_edge.i]
    return first.lower_ in WH_WORDS or asks_whether(token)


def asks_whether(token: Token) -> bool:
    """Whether the clause headed by ``token`` is a yes-no question ("whether any were taken",
    "if he fired"); a wh-question presupposes its event ("how many were hurt": some were)."""
    first = token.doc[token.left_edge.i]
    return first.lower_ in YES_NO or any(
        c.dep_ == "mark" and c.lower_ in YES_NO for c in token.children
    )


def under_negation(head: Token, hedges: Hedges | None = None) -> str | None:
    """How a clause headed by ``head`` reads where a negation, or a word that says it was not
    done, governs it; None where nothing does:

    - ``"factive"``: the verb takes its complement as given ("did not know that he was armed":
      he was, as far as the report goes), so the negation does not reach it;
    - ``"negated"``: an infinitive is what was not done ("were not allowed to leave", "did not
      want to go"), as is the infinitive of a word that says so ("failed to stop", "refused to
      leave", "unable to reach"; the lexicon's ``not_done_words``, not negated themselves), and
      a gerund after "without", "instead of" or a verb that prevents it ("barred the crowd from
      reaching"; ``preventing_verbs``) or ends it ("stopped paying"; ``ending_verbs``), the
      infinitive of a negated adjective ("were not available to comment"), of a noun with
      "no" or one that says it was not done ("has no plans to", "the failure to"), and "had
      yet to"; it keeps the hedge its place gives it, at least ``possible``, negated;
    - ``"believed"``: a verb that raises its negation ("I don't think he understood", "it did
      not appear that anyone was hurt"): believed, negated;
    - ``"unknown"``: any other complement ("did not hear anybody yelling", "does not suggest
      the city is changing course") is neither said to have happened nor not to have.
    """
    hedges = hedges or load_hedges()
    if head.dep_ == "pcomp" and head.tag_ == "VBG":
        # "left without paying", "instead of providing the votes", "barred the crowd from
        # reaching the consulate": not done
        prep = head.head
        instead = prep.lower_ == "of" and (
            prep.head.lower_ == "instead" or any(c.lower_ == "instead" for c in prep.children)
        )
        prevented = (
            prep.lower_ == "from"
            and prep.head.lemma_.lower() in hedges.preventing_verbs
            and not is_negated(prep.head, hedges)  # "nothing prevented them from entering"
        )
        if prep.lower_ == "without" or instead or prevented:
            return "negated"
        return None
    verb = head.head
    lemma = verb.lemma_.lower()
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
    if head.dep_ == "acl" and infinitive:
        # "has no plans to recall the cards", "the failure to enforce the order": not done
        if lemma in hedges.not_done_words or has_negative_determiner(verb, hedges):
            return "negated"
        return None
    if head.dep_ not in ("ccomp", "xcomp") or verb.i == head.i:
        return None
    if (
        infinitive
        and verb.pos_ == "ADJ"
        and verb.dep_ in ("acomp", "attr")
        and is_negated(verb.head, hedges)
    ):
        return "negated"  # "were not available to comment", "was not enough to raise"
    if infinitive and lemma == "have" and any(c.lower_ == "yet" for c in verb.children):
        return "negated"  # "had yet to find a pattern"
    if head.dep_ == "xcomp" and head.tag_ == "VBG" and lemma in hedges.ending_verbs:
        # "stopped paying a dividend"; "did not stop paying" still pays
        return None if is_negated(verb, hedges) else "negated"
    if infinitive and lemma in hedges.not_done_words:
        # "failed to stop", "refused to leave", "unable to reach"; "did not fail to X" did
        return None if is_negated(verb, hedges) else "negated"
    if verb.pos_ not in VERBAL or not is_negated(verb, hedges):
        return None
    if lemma in hedges.factive_verbs:
        return "factive"
    if infinitive:
        return "negated"
    if lemma in hedges.neg_raising_verbs:
        return "believed"
    return "unknown"


def _complement(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("ccomp", "xcomp", "csubj", "advcl") and child.i > token.i:
            return child
    return None


def clause_certainty(head: Token, hedges: Hedges | None = None) -> tuple[str, bool]:
    """The hedge on the clause headed by ``head`` and whether it is negated.

    Returns ("fact", False) for a plain affirmative clause.
    """
    hedges = hedges or load_hedges()
    certainty = "fact"
    negated = is_negated(head, hedges)
    lemma = head.lemma_.lower()
    children = list(head.children)
    comp = _complement(head)

    for child in children:
        low = child.lower_
        if child.dep_ in ("aux", "auxpass") and low in hedges.modals:
            if negated and low == "could":
                continue  # "could not be reached": a past inability, stated as fact
            certainty = stronger(certainty, hedges.modals[low])
        elif child.dep_ in ("advmod", "npadvmod") and low in hedges.adverbs:
            certainty = stronger(certainty, hedges.adverbs[low])

    passive = any(c.dep_ == "auxpass" for c in children)
    has_agent = any(c.dep_ == "agent" for c in children)
    if passive and not has_agent and lemma in hedges.passive_verbs:
        # "is believed to have lived", "No injuries were reported", "is expected to"
        effect = hedges.passive_verbs[lemma]
        if effect != "fact":
            certainty = stronger(certainty, effect)
    if lemma in hedges.raising_verbs and any(
        c.dep_ in ("xcomp", "acomp", "attr", "oprd") for c in children
    ):
        # "seems to know", "seemed confused"
        certainty = stronger(certainty, hedges.raising_verbs[lemma])

    if lemma == "remain" and any(c.dep_ == "xcomp" and c.lemma_.lower() == "see" for c in children):
        return "unknown", False  # "Whether they will do it remains to be seen"
    # "It remains unclear whether ...", "It is not clear ...", "It was not known whether ..."
    adjectives = [c for c in children if c.dep_ in ("acomp", "attr", "oprd")]
    for adj in adjectives:
        if adj.lower_ in hedges.unknown_adjectives:
            return "unknown", False
        if negated and adj.lower_ in hedges.unknown_negated:
            return "unknown", False
        # "likely to X", "It is possible that X" (the clause hangs on the adjective or on "is")
        if adj.lower_ in hedges.possible_adjectives and any(
            c.dep_ in ("xcomp", "ccomp") for c in [*adj.children, *children]
        ):
            certainty = stronger(certainty, "possible")
    if negated and lemma in hedges.unknown_negated:
        # "did not say whether", "does not show whether", "It was not known whether"
        if comp is not None and opens_question(comp):
            return "unknown", False
        if passive and any(c.dep_ in ("nsubjpass", "expl") and c.lower_ == "it" for c in children):
            return "unknown", False
    if lemma in ("decline", "refuse") and comp is not None:
        inner = _complement(comp)
        if inner is not None and opens_question(inner):
            return "unknown", False
    return certainty, negated


def content_certainty(root: Token | None, hedges: Hedges | None = None) -> tuple[str, bool]:
    """Hedge and negation of a claim's content, read on its main clause ``root``.

    A content introduced by a complementizer ("that X") is read on X. A negated cognition verb
    at the top ("I don't think X") gives ``believed`` and a negated claim.
    """
    if root is None:
        return "fact", False
    hedges = hedges or load_hedges()
    return clause_certainty(root, hedges)


def claim_certainty(
    cue_effect: str | None,
    cue: Token | None,
    content_root: Token | None,
    *,
    anonymous_source: bool = False,
) -> tuple[str, str]:
    """Certainty and polarity of a claim (see the module docstring)."""
    hedges = load_hedges()
    certainty = cue_effect or "fact"
    if cue is not None and cue_effect is not None:
        if anonymous_source and certainty == "attributed":
            certainty = "reported"
        cue_hedge, cue_negated = clause_certainty(cue, hedges)
        if cue_hedge == "unknown":
            return "unknown", "affirmed"
        if (
            not cue_negated
            and content_root is not None
            and content_root.head.i == cue.i
            and under_negation(content_root, hedges) == "negated"
        ):
            # "declined to comment", "refused to sign the agreement": the report states that
            # it was not done ("declined to say whether X" is unknown, above), as sure as the
            # cue is ("may refuse to testify": possible)
            return cue_hedge, "negated"
        if cue_negated and content_root is not None and opens_question(content_root):
            return "unknown", "affirmed"
        if cue_negated and cue_effect != "believed":
            place = under_negation(content_root, hedges) if content_root is not None else None
            if place == "unknown":
                # "did not hear anyone shouting", "did not say the officer fired": the clause is
                # neither said to have happened nor not to have
                return "unknown", "affirmed"
            if place == "factive":
                # "did not know the store was closing": the report takes it as given
                return "fact", "affirmed"
            # "DHS did not respond to questions": the report states that it did not
            return "fact", "negated"
        if cue_hedge in ("possible", "alleged", "reported", "believed"):
            certainty = stronger(certainty, cue_hedge)
    inner, negated = content_certainty(content_root, hedges)
    if inner == "unknown":
        return "unknown", "affirmed"
    certainty = stronger(certainty, inner)
    if (
        cue is not None
        and cue_effect == "believed"
        and content_root is not None
        and is_negated(cue, hedges)
    ):
        negated = True  # "I don't think he understood": neg-raising
    return certainty, "negated" if negated else "affirmed"
