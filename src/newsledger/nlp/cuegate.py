"""A learned cue gate for the claims extractor (``claims.cuegate.v1``), optional.

The rules of :mod:`newsledger.nlp.attribution` take a verb for a cue when its lemma is in the
cue lexicon. The gate is a logistic regression over features of each verb in its parse (its
lemma, tag and dependency, its head, its children and their words, its subject, whether it
sits in a quotation or a question, whether the lexicon knows it) that gives the probability
that the verb belongs to a cue. With a gate:

- a verb the lexicon does not know is a cue when that probability is above ``t_new``
  ("made clear that", "went on to say"), with the certainty ``attributed``;
- a lexicon verb is no cue when it is below ``t_drop`` ("I think" inside a quote that another
  cue already claims, "want", "see" used of no speech).

Everything else (source, content, certainty) comes from the same rules as without it.

The gate is trained on PolNeAR's train split, whose text has no license for redistribution, so
no gate ships with newsledger: ``python scripts/train_cue_gate.py --data ../shared/datasets
--out FILE`` trains one locally and writes it to a JSON file, and the setting ``cue_gate``
(``NEWSLEDGER_CUE_GATE``) names that file. Without it (the default) cues come from the lexicon
alone. Every claim made with a gate records it in its ``extractor`` (``claims.attribution.v8+
claims.cuegate.v1@<first 12 hex digits of the file's SHA-256>``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from newsledger.errors import ModelError
from newsledger.settings import NOT_GIVEN, resolve

VERSION = "claims.cuegate.v1"
# The certainty of a cue the lexicon does not know: the neutral "X says so".
NEW_CUE_EFFECT = "attributed"
HINT = (
    "Train a gate with `python scripts/train_cue_gate.py --data ../shared/datasets --out "
    "FILE` (needs scikit-learn and the PolNeAR data) and set NEWSLEDGER_CUE_GATE to FILE, or "
    "unset NEWSLEDGER_CUE_GATE to use the cue lexicon alone."
)

# Children whose words are features of their head ("made it clear": oprd "clear").
_WORD_CHILDREN = frozenset(
    {"prep", "prt", "acomp", "dobj", "oprd", "advmod", "neg", "aux", "xcomp", "ccomp"}
)
_OBJECT_CHILDREN = frozenset({"prep", "acl", "relcl", "ccomp"})


def token_features(
    tok: Token, lemma: str, lexicon_effect: str | None, quoted: Callable[[Token], bool]
) -> list[str]:
    """The features of verb ``tok`` (``lemma`` as the cue lexicon reads it), each a string; a
    feature may occur more than once and counts each time. ``quoted`` tells whether a token lies
    inside a quotation."""
    f = [
        f"l={lemma}",
        f"p={tok.pos_}",
        f"t={tok.tag_}",
        f"d={tok.dep_}",
        f"ld={lemma}|{tok.dep_}",
        f"lt={lemma}|{tok.tag_}",
        f"lex={lexicon_effect}",
    ]
    head = tok.head
    f += [f"hl={head.lemma_.lower()}", f"hp={head.pos_}", f"dhp={tok.dep_}|{head.pos_}"]
    children = list(tok.children)
    for dep in sorted({c.dep_ for c in children}):
        f += [f"cd={dep}", f"lcd={lemma}|{dep}"]
    for c in children:
        if c.dep_ in _WORD_CHILDREN:
            f += [f"cl={c.dep_}|{c.lemma_.lower()}", f"lcl={lemma}|{c.dep_}|{c.lemma_.lower()}"]
        if c.dep_ in ("nsubj", "nsubjpass"):
            f += [
                f"subj={c.pos_}|{c.ent_type_}",
                f"lsubj={lemma}|{c.ent_type_ or c.pos_}",
                f"subjl={c.lemma_.lower()}",
                f"lsubjl={lemma}|{c.lower_ if c.pos_ == 'PRON' else c.pos_}",
            ]
        if c.dep_ == "dobj":
            for g in c.children:
                if g.dep_ in _OBJECT_CHILDREN:
                    f.append(f"obj_kid={c.lemma_.lower()}|{g.dep_}|{g.lower_}")
        if c.dep_ == "ccomp":
            mark = next((g.lower_ for g in c.children if g.dep_ == "mark"), "-")
            has_subject = any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
            f += [f"ccomp_mark={mark}", f"ccomp_subj={has_subject}"]
    doc = tok.doc
    sent = tok.sent
    question = sent[-1].text == "?" or (len(sent) > 1 and sent[-2].text == "?")
    inside = quoted(tok)
    f += [f"sentq={question}", f"lang={lemma}|{inside}"]
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else "</s>"
    f += [f"prev={prev}", f"next={nxt}", f"lnext={lemma}|{nxt}", f"inq={inside}"]
    near = range(max(sent.start, tok.i - 3), min(sent.end, tok.i + 4))
    f += [f"qnear={any(quoted(doc[j]) for j in near)}", f"root={tok.dep_ == 'ROOT'}"]
    return f


@dataclass(frozen=True, slots=True)
class CueGate:
    """A trained gate: the regression's weights and the two thresholds."""

    weights: dict[str, float]
    bias: float
    t_new: float
    t_drop: float
    digest: str  # the first 12 hex digits of the file's SHA-256
    trained_on: str = ""

    @property
    def tag(self) -> str:
        """What claims made with this gate record beside the extractor's version."""
        return f"{VERSION}@{self.digest}"

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def gate_from_dict(data: dict[str, Any], digest: str) -> CueGate:
    """A gate from the JSON object the training script writes (ValueError when malformed)."""
    if data.get("version") != VERSION:
        raise ValueError(f"version is {data.get('version')!r}, not {VERSION!r}")
    weights = data.get("weights")
    if not isinstance(weights, dict) or not all(
        isinstance(k, str) and isinstance(v, int | float) for k, v in weights.items()
    ):
        raise ValueError("'weights' must map feature strings to numbers")
    t_new, t_drop, bias = (_number(data, name) for name in ("t_new", "t_drop", "bias"))
    if not (0.0 <= t_drop <= 1.0 and 0.0 <= t_new <= 1.0):
        raise ValueError("thresholds must lie in [0, 1]")
    return CueGate(
        weights={k: float(v) for k, v in weights.items()},
        bias=bias,
        t_new=t_new,
        t_drop=t_drop,
        digest=digest,
        trained_on=str(data.get("trained_on", "")),
    )


def _number(data: dict[str, Any], name: str) -> float:
    value = data.get(name)
    if not isinstance(value, int | float):
        raise ValueError(f"{name!r} must be a number")
    return float(value)


@functools.lru_cache(maxsize=4)
def load_gate(path: str) -> CueGate:
    """The gate in the JSON file at ``path``; ModelError (``cue_gate``) when it cannot be read."""
    file = Path(path).expanduser()
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ModelError(
            f"cannot read the cue gate {str(file)!r}: {exc.strerror or exc}",
            hint=HINT,
            code="cue_gate",
        ) from exc
    try:
        return gate_from_dict(json.loads(raw), hashlib.sha256(raw).hexdigest()[:12])
    except (ValueError, AttributeError) as exc:  # JSONDecodeError and UnicodeError included
        raise ModelError(
            f"the cue gate {str(file)!r} is not a {VERSION} file: {exc}",
            hint=HINT,
            code="cue_gate",
        ) from exc


def gate_path(value: Any = NOT_GIVEN) -> str:
    """The file the ``cue_gate`` setting names, "" when it names none."""
    return str(resolve("cue_gate", value) or "").strip()


def gate_setting(value: Any = NOT_GIVEN) -> CueGate | None:
    """The gate the ``cue_gate`` setting names, or None when it names none."""
    path = gate_path(value)
    return load_gate(path) if path else None
