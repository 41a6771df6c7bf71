"""An article's text cut into pieces for the article page, each piece with what covers it.

The page shows claims highlighted by certainty (colour and a word), their sources underlined,
cues in bold, opinion sentences shaded and page furniture dimmed. Spans of these kinds nest and
overlap (a claim inside another, a source inside a claim), so the text is cut at every span
boundary and each piece carries the set of annotations over it; the template only escapes and
wraps pieces, it never slices text.

Also the formatting of incident field values as words, shared by the pages.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

# Certainty words in the order of how sure the report makes the content; the page's legend and
# the CSS classes (cert-<word>) follow it.
CERTAINTIES: tuple[str, ...] = (
    "fact",
    "attributed",
    "reported",
    "alleged",
    "believed",
    "possible",
    "unknown",
    "denied",
)


def _spans(claim: dict[str, Any], key: str) -> list[dict[str, Any]]:
    if key == "content":
        return [s for s in claim.get("content") or [] if isinstance(s, dict)]
    value = claim.get(key) if key == "cue" else (claim.get("source") or {}).get("span")
    return [value] if isinstance(value, dict) else []


def _valid(span: dict[str, Any], n: int) -> tuple[int, int] | None:
    start, end = span.get("start"), span.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n:
        return start, end
    return None


def article_pieces(
    text: str, sentences: Iterable[dict[str, Any]], claims: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The text as consecutive pieces. Each piece: ``text``, ``label`` and ``kind`` of its
    sentence (or None), ``claims`` (ids of the claims whose content covers it, innermost
    first), ``certainty`` of the innermost, ``negated``, ``source`` and ``cue`` (bools), and
    ``tags``: the claims whose content ends with this piece (the page writes their certainty
    word there)."""
    n = len(text)
    cuts = {0, n}
    sent_spans: list[tuple[int, int, dict[str, Any]]] = []
    for s in sentences:
        bounds = _valid(s, n)
        if bounds:
            sent_spans.append((*bounds, s))
            cuts.update(bounds)
    claim_spans: list[tuple[int, int, dict[str, Any], int]] = []
    marks: dict[str, list[tuple[int, int]]] = {"source": [], "cue": []}
    ends: dict[int, list[dict[str, Any]]] = {}
    for claim in claims:
        content = [b for s in _spans(claim, "content") if (b := _valid(s, n))]
        if not content:
            continue
        size = sum(e - s for s, e in content)
        for start, end in content:
            claim_spans.append((start, end, claim, size))
            cuts.update((start, end))
        ends.setdefault(max(e for _, e in content), []).append(claim)
        for key in ("source", "cue"):
            for span in _spans(claim, key):
                bounds = _valid(span, n)
                if bounds:
                    marks[key].append(bounds)
                    cuts.update(bounds)
    points = sorted(cuts)
    pieces: list[dict[str, Any]] = []
    for start, end in itertools.pairwise(points):
        sentence = next((s for a, b, s in sent_spans if a <= start and end <= b), None)
        covering = sorted(
            ((size, c) for a, b, c, size in claim_spans if a <= start and end <= b),
            key=lambda t: (t[0], str(t[1].get("id"))),
        )
        claim_ids = list(dict.fromkeys(str(c.get("id")) for _, c in covering))
        inner = covering[0][1] if covering else None
        pieces.append(
            {
                "text": text[start:end],
                "start": start,
                "label": (sentence or {}).get("label"),
                "kind": (sentence or {}).get("kind"),
                "claims": claim_ids,
                "certainty": (inner or {}).get("certainty"),
                "negated": (inner or {}).get("polarity") == "negated",
                "source": any(a <= start and end <= b for a, b in marks["source"]),
                "cue": any(a <= start and end <= b for a, b in marks["cue"]),
                "tags": [
                    {"id": c.get("id"), "certainty": c.get("certainty")} for c in ends.get(end, [])
                ],
            }
        )
    return pieces


# --- field values as words --------------------------------------------------------------------


def format_value(field: str, value: Any) -> str:
    """A field value in words for the pages ("2026-01-08", "Portland, OR", "USBP: U.S. Border
    Patrol", "subject, injured: Rafael Ocampo"). Neutral: roles are the contract's words."""
    if value is None:
        return "not stated"
    if field == "date" and isinstance(value, dict):
        lo = value.get("earliest") or value.get("value")
        hi = value.get("latest") or value.get("value")
        day = value.get("value") or (lo if lo == hi else f"between {lo} and {hi}")
        extra = [f"{value['granularity']}"] if value.get("granularity") not in (None, "day") else []
        if value.get("time"):
            extra.append(
                f"{value['time']}" + (f" {value['timezone']}" if value.get("timezone") else "")
            )
        return f"{day}" + (f" ({', '.join(extra)})" if extra else "")
    if field == "time" and isinstance(value, dict):
        zone = value.get("timezone")
        return f"{value.get('time')}" + (f" ({zone})" if zone else "")
    if field == "location" and isinstance(value, dict):
        name = value.get("name")
        if not name:
            name = ", ".join(str(v) for v in (value.get("city"), value.get("state")) if v)
        precision = value.get("precision")
        return f"{name or 'unknown place'}" + (f" ({precision})" if precision else "")
    if field == "agencies" and isinstance(value, dict):
        code, name = value.get("code"), value.get("name")
        return f"{code}: {name}" if code and name and code != name else str(name or code)
    if field == "participants" and isinstance(value, dict):
        head = ", ".join(str(v) for v in (value.get("role"), value.get("outcome")) if v)
        count = value.get("count")
        desc = value.get("description")
        tail = " ".join(
            str(v) for v in (f"{count} ×" if count not in (None, 1) else None, desc) if v
        )
        return f"{head}: {tail}" if tail else head
    if field == "weapons" and isinstance(value, dict):
        held = value.get("held_by")
        return f"{value.get('kind')}" + (f", held by {held}" if held else "")
    if field == "accounts" and isinstance(value, str):
        return value.replace("_", " ")
    if field == "charges" and isinstance(value, dict):
        who = value.get("person") or value.get("role") or "someone"
        return f"{who} ({value.get('role')}): {value.get('charge')}"
    if isinstance(value, list):
        return ", ".join(format_value(field, v) for v in value) or "none stated"
    return str(value)
