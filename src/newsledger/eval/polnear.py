"""PolNeAR attribution spans: source, cue and content, exact and token overlap.

**Gold.** A split folder (``.../polnear/dev``) holds ``text/<article>.txt`` and
``attributions/<article>_<annotator>.ann`` (BRAT standoff). Where an article has several ``.ann``
files (the agreement study) the first in sorted order is used. Each event ``E<n>`` whose trigger
is ``Attribution`` or ``Attribution-no-source`` is one gold attribution; its ``Source``, ``Cue``
and ``Content`` arguments (``Content2``... join the content) give the role spans; discontinuous
spans (``a b;c d``) keep all their pieces. ``Discuss``/``Discard`` flags and annotator notes
are ignored. An article without an ``.ann`` file is skipped and counted in the report's notes.

**Predicted.** Each analysis claim with a cue span or a source span is one predicted
attribution: content = the claim's ``content`` spans, cue = ``cue``, source = ``source.span``.
A claim with neither is the outlet's own voice, which PolNeAR does not annotate, and is left out.

**Scores** (summed over articles, then divided: micro-averaged):

- *exact*, per role: a role's span set is normalised (each piece trimmed of white space and
  punctuation at its edges, pieces separated only by such characters merged); a predicted role
  matches a gold role in the same article when the normalised span sets are equal, each gold
  role matched at most once. P = matches / predicted roles, R = matches / gold roles.
- *token*, per role: token-level P/R/F1 over the union of that role's tokens in each article
  (tokens are ``\\w+`` runs; a token belongs to a role when it overlaps one of its spans).
  PolNeAR is univocal (a token has at most one role in one attribution), so the union loses
  nothing on the gold side. This is the simpler of the two usual overlap scores: it does not
  align attributions first.
- *attribution exact*: a predicted attribution matches a gold one when its source, cue and
  content all match exactly as above (a missing role matches only a missing role).
- *by quote kind*: gold and predicted attributions are split by the kind of their content,
  derived from the text: ``direct`` when the content's first piece opens with a double quote
  mark and its last piece closes with one (the mark at the piece's edge or just outside it,
  also before one closing punctuation mark; the pieces between are not checked, since a quote
  running over paragraphs reopens each one without closing it), ``mixed`` when a double quote
  mark appears at an edge of or inside the content otherwise, ``indirect`` when there is none. Content exact, content token and attribution exact
  are then scored within each kind, with the same rule applied to predicted contents.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsledger.article import Article
from newsledger.errors import DatasetError, UsageError
from newsledger.eval.common import (
    AnalysisDict,
    AnalyzeFn,
    ProgressFn,
    analyze_items,
    limited,
    require_dir,
    span_bounds,
)
from newsledger.eval.metrics import PRF, add_prf, multiset_matches
from newsledger.eval.report import EvalReport

HINT = (
    "Point --data at a PolNeAR split folder (e.g. datasets/polnear/dev) holding text/*.txt "
    "and attributions/*.ann, or at the polnear folder with --split dev|train."
)
ROLES = ("source", "cue", "content")
QUOTE_KINDS = ("direct", "mixed", "indirect")
DOUBLE_QUOTES = frozenset('"“”„‟«»″')
CLOSING_PUNCTUATION = frozenset(".,;:!?")

Segments = tuple[tuple[int, int], ...]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_LINE = re.compile(r"^(E\d+)\t(\S+)")
_WORD = re.compile(r"\w+")
ATTRIBUTION_TRIGGERS = frozenset({"Attribution", "Attribution-no-source"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """Role spans as (start, end) pieces; ``None`` for a role that is absent."""

    source: Segments | None
    cue: Segments | None
    content: Segments | None

    def role(self, name: str) -> Segments | None:
        value: Segments | None = getattr(self, name)
        return value


@dataclass(frozen=True, slots=True)
class PolnearArticle:
    name: str
    text: str
    attributions: list[Attribution]
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


# --- loading ------------------------------------------------------------------------------


def resolve_split_dir(data_dir: Path, split: str | None) -> tuple[Path, str]:
    """The split folder to read and its name: ``data_dir`` itself when it holds ``text/``,
    else ``data_dir/<split>`` (default ``dev``)."""
    require_dir(data_dir, "PolNeAR", HINT)
    if (data_dir / "text").is_dir():
        if split is not None and split != data_dir.name:
            raise UsageError(
                f"--split {split} does not fit the split folder {data_dir}",
                hint="Leave --split out when --data is a split folder.",
            )
        return data_dir, data_dir.name
    name = split or "dev"
    return require_dir(data_dir / name, f"PolNeAR split {name!r}", HINT), name


def load_polnear(split_dir: Path, notes: list[str] | None = None) -> Iterator[PolnearArticle]:
    """The articles of a split folder with their gold attributions, in sorted name order."""
    text_dir = require_dir(split_dir / "text", "PolNeAR text", HINT)
    ann_dir = require_dir(split_dir / "attributions", "PolNeAR attributions", HINT)
    texts = sorted(text_dir.glob("*.txt"))
    if not texts:
        raise DatasetError(
            f"PolNeAR: no .txt files in {text_dir}", code="dataset_format", hint=HINT
        )
    first_ann: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        first_ann.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    metadata = _read_metadata(split_dir / "metadata.tsv")
    missing = 0
    for path in texts:
        name = path.stem
        ann_path = first_ann.get(name)
        if ann_path is None:
            missing += 1
            continue
        with path.open(encoding="utf-8", newline="") as handle:  # keep offsets: no \r\n mapping
            text = handle.read()
        meta = metadata.get(name, {})
        yield PolnearArticle(
            name=name,
            text=text,
            attributions=parse_ann(ann_path, len(text)),
            title=meta.get("title") or None,
            published=meta.get("publication_date") or None,
            outlet=meta.get("publisher") or None,
        )
    if missing and notes is not None:
        notes.append(f"{missing} article(s) without an .ann file were skipped")


def _read_metadata(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["filename"]: row
            for row in csv.DictReader(handle, delimiter="\t")
            if row.get("filename")
        }


def parse_ann(path: Path, text_length: int) -> list[Attribution]:
    """The attributions of one BRAT ``.ann`` file, in event order."""
    spans: dict[str, Segments] = {}
    events: list[list[tuple[str, str]]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if match := _T_LINE.match(line):
                pieces = []
                for part in match.group(3).split(";"):
                    start, end = (int(x) for x in part.split())
                    if not 0 <= start <= end <= text_length:
                        raise DatasetError(
                            f"{path}, line {number}: span {start}-{end} lies outside the text",
                            code="dataset_format",
                            hint=HINT,
                        )
                    pieces.append((start, end))
                spans[match.group(1)] = tuple(sorted(pieces))
            elif line.startswith("E") and _E_LINE.match(line):
                parts = [arg.partition(":") for arg in line.split("\t")[1].split()]
                events.append([(role, ref) for role, sep, ref in parts if sep])
            # Anything else: annotator notes (#), or the continuation of a T line whose text
            # held a line break.
    out = []
    for args in events:
        if not args or args[0][0] not in ATTRIBUTION_TRIGGERS:
            continue
        roles: dict[str, list[tuple[int, int]]] = {}
        for role, ref in args[1:]:
            if ref not in spans:
                raise DatasetError(
                    f"{path}: event argument {role}:{ref} names no span",
                    code="dataset_format",
                    hint=HINT,
                )
            key = "content" if role.startswith("Content") else role.lower()
            if key in ROLES:
                roles.setdefault(key, []).extend(spans[ref])
        out.append(Attribution(*(tuple(sorted(roles[r])) if r in roles else None for r in ROLES)))
    return out


# --- predictions --------------------------------------------------------------------------


def predicted_attributions(analysis: AnalysisDict | None, text_length: int) -> list[Attribution]:
    out: list[Attribution] = []
    for claim in (analysis or {}).get("claims") or []:
        if not isinstance(claim, dict) or claim.get("part_of") is not None:
            # a clause of another claim's content is no attribution of its own; nor, for this
            # eval, what an inner cue inside it bears on ("said investigators believe X"):
            # PolNeAR marks no attribution inside another's content (none on train)
            continue
        source = claim.get("source")
        source_span = _clip(
            span_bounds(source.get("span")) if isinstance(source, dict) else None, text_length
        )
        cue = _clip(span_bounds(claim.get("cue")), text_length)
        if source_span is None and cue is None:
            continue
        content = [
            b
            for s in claim.get("content") or []
            if (b := _clip(span_bounds(s), text_length)) is not None
        ]
        out.append(
            Attribution(
                source=(source_span,) if source_span else None,
                cue=(cue,) if cue else None,
                content=tuple(sorted(content)) or None,
            )
        )
    return out


def _clip(bounds: tuple[int, int] | None, length: int) -> tuple[int, int] | None:
    if bounds is None or bounds[0] >= length:
        return None
    return bounds[0], min(bounds[1], length)


# --- span helpers -------------------------------------------------------------------------


def normalize(segments: Segments | None, text: str) -> Segments | None:
    """Trim non-alphanumeric characters at each piece's edges; merge pieces that only such
    characters separate; None when nothing is left."""
    if not segments:
        return None
    trimmed = []
    for start, end in sorted(segments):
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if start < end:
            trimmed.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in trimmed:
        if merged and not any(ch.isalnum() for ch in text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged) or None


def quote_kind(segments: Segments | None, text: str) -> str | None:
    """``direct``, ``mixed`` or ``indirect`` for a content (see the module docstring)."""
    if not segments:
        return None
    start, end = segments[0][0], segments[-1][1]
    stripped = text[start:end].strip()
    opens = stripped[:1] in DOUBLE_QUOTES or (start > 0 and text[start - 1] in DOUBLE_QUOTES)
    closes = (
        stripped[-1:] in DOUBLE_QUOTES
        or (stripped[-1:] in CLOSING_PUNCTUATION and stripped[-2:-1] in DOUBLE_QUOTES)
        or text[end : end + 1] in DOUBLE_QUOTES
        or (text[end : end + 1] in CLOSING_PUNCTUATION and text[end + 1 : end + 2] in DOUBLE_QUOTES)
    )
    if opens and closes:
        return "direct"
    marked = opens or closes or any(ch in DOUBLE_QUOTES for s, e in segments for ch in text[s:e])
    return "mixed" if marked else "indirect"


class _Tokens:
    """The ``\\w+`` tokens of a text, for mapping spans to token indices."""

    def __init__(self, text: str) -> None:
        found = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        self.starts = [s for s, _ in found]
        self.ends = [e for _, e in found]

    def covered(self, segments: Segments | None) -> set[int]:
        out: set[int] = set()
        for start, end in segments or ():
            # tokens with token.end > start and token.start < end
            first = bisect.bisect_right(self.ends, start)
            last = bisect.bisect_left(self.starts, end)
            out.update(range(first, last))
        return out


# --- scoring ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Tally:
    exact: PRF = field(default_factory=PRF)
    token: PRF = field(default_factory=PRF)


def _token_prf(predicted: set[int], gold: set[int]) -> PRF:
    return PRF.from_counts(len(predicted & gold), len(predicted), len(gold))


def score_article(
    text: str, gold: list[Attribution], predicted: list[Attribution], tallies: dict[str, _Tally]
) -> None:
    """Add one article's counts to ``tallies`` (keys: roles, ``attribution``, ``<kind>/...``)."""
    tokens = _Tokens(text)

    def norm_all(attrs: list[Attribution]) -> list[Attribution]:
        return [Attribution(*(normalize(a.role(r), text) for r in ROLES)) for a in attrs]

    gold_n, pred_n = norm_all(gold), norm_all(predicted)
    for role in ROLES:
        tally = tallies.setdefault(role, _Tally())
        tally.exact += multiset_matches(
            [a.role(role) for a in pred_n if a.role(role)],
            [a.role(role) for a in gold_n if a.role(role)],
        )
        pred_tokens = set().union(*(tokens.covered(a.role(role)) for a in predicted))
        gold_tokens = set().union(*(tokens.covered(a.role(role)) for a in gold))
        tally.token += _token_prf(pred_tokens, gold_tokens)
    whole = tallies.setdefault("attribution", _Tally())
    whole.exact += multiset_matches(pred_n, gold_n)

    gold_kinds = [quote_kind(a.content, text) for a in gold]
    pred_kinds = [quote_kind(a.content, text) for a in predicted]
    for kind in QUOTE_KINDS:
        g_idx = [i for i, k in enumerate(gold_kinds) if k == kind]
        p_idx = [i for i, k in enumerate(pred_kinds) if k == kind]
        content = tallies.setdefault(f"{kind}/content", _Tally())
        content.exact += multiset_matches(
            [pred_n[i].content for i in p_idx], [gold_n[i].content for i in g_idx]
        )
        content.token += _token_prf(
            set().union(*(tokens.covered(predicted[i].content) for i in p_idx)),
            set().union(*(tokens.covered(gold[i].content) for i in g_idx)),
        )
        attribution = tallies.setdefault(f"{kind}/attribution", _Tally())
        attribution.exact += multiset_matches(
            [pred_n[i] for i in p_idx], [gold_n[i] for i in g_idx]
        )


def evaluate(
    data_dir: Path,
    analyze: AnalyzeFn,
    *,
    split: str | None = None,
    limit: int | None = None,
    progress: ProgressFn | None = None,
) -> EvalReport:
    split_dir, split_name = resolve_split_dir(data_dir, split)
    report = EvalReport(task="polnear", dataset=str(split_dir), split=split_name)
    tallies: dict[str, _Tally] = {}
    gold_total = pred_total = 0
    kinds = dict.fromkeys(QUOTE_KINDS, 0)

    def to_article(item: PolnearArticle) -> Article:
        return Article.create(
            item.text, id=item.name, title=item.title, published=item.published, outlet=item.outlet
        )

    articles = limited(load_polnear(split_dir, report.notes), limit)
    for item, analysis in analyze_items(articles, to_article, analyze, progress):
        report.items += 1
        if analysis is None:
            report.failed += 1
        predicted = predicted_attributions(analysis, len(item.text))
        gold_total += len(item.attributions)
        pred_total += len(predicted)
        for attribution in item.attributions:
            kind = quote_kind(attribution.content, item.text)
            if kind:
                kinds[kind] += 1
        score_article(item.text, item.attributions, predicted, tallies)
    if report.items == 0:
        raise DatasetError(
            f"PolNeAR: no annotated articles in {split_dir}", code="dataset_format", hint=HINT
        )

    report.counts = {
        "articles": report.items,
        "gold attributions": gold_total,
        "predicted attributions": pred_total,
        **{f"gold {k}": v for k, v in kinds.items()},
    }
    for role in ROLES:
        add_prf(report, role, "exact", tallies[role].exact)
        add_prf(report, role, "token", tallies[role].token, "tokens")
    add_prf(
        report,
        "attribution",
        "exact",
        tallies["attribution"].exact,
        "source, cue and content all exact",
    )
    for kind in QUOTE_KINDS:
        add_prf(report, kind, "content_exact", tallies[f"{kind}/content"].exact)
        add_prf(report, kind, "content_token", tallies[f"{kind}/content"].token, "tokens")
        add_prf(report, kind, "attribution_exact", tallies[f"{kind}/attribution"].exact)
    report.notes.append(
        "Exact match ignores white space and punctuation at span edges; token "
        "scores pool each role's \\w+ tokens per article (no alignment)."
    )
    report.notes.append(
        "Quote kind is derived from double quote marks at the content's edges, "
        "for gold and predicted contents alike."
    )
    return report
