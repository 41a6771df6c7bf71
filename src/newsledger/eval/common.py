"""Shared plumbing of the task scorers: the ``analyze`` stream, dataset files, contract access.

``analyze`` is any callable that takes an iterable of Articles and yields, in the same order,
one ``newsledger.analysis/1`` dict per article or ``None`` when that article failed. It is fed a
generator, so a lazy ``analyze`` (an engine that streams) never holds a whole split of Articles.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from newsledger.article import Article
from newsledger.errors import DatasetError, InputError

AnalysisDict = dict[str, Any]
AnalyzeFn = Callable[[Iterable[Article]], Iterable[AnalysisDict | None]]
ProgressFn = Callable[[int], None]

T = TypeVar("T")


def analyze_items(
    items: Iterable[T],
    to_article: Callable[[T], Article],
    analyze: AnalyzeFn,
    progress: ProgressFn | None = None,
) -> Iterator[tuple[T, AnalysisDict | None]]:
    """Pair each gold item with its analysis, streaming.

    An item whose text cannot make an Article (InputError, e.g. empty text) is not sent to
    ``analyze`` and pairs with ``None``, as a failed analysis would. ``progress`` is called after
    each item with the number of items done so far.
    """
    # Items taken from `items` whose result has not been yielded yet, with whether they went to
    # analyze; results arrive in the order of the articles sent.
    pending: deque[tuple[T, bool]] = deque()

    def articles() -> Iterator[Article]:
        for item in items:
            try:
                article = to_article(item)
            except InputError:
                pending.append((item, False))
                continue
            pending.append((item, True))
            yield article

    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done)

    source = articles()
    for result in analyze(source):
        while pending and not pending[0][1]:
            yield pending.popleft()[0], None
            tick()
        if not pending:
            raise ValueError("analyze yielded more results than it was given articles")
        item, _ = pending.popleft()
        yield item, result if isinstance(result, dict) else None
        tick()
    # An analyze that stopped early leaves articles it never took (or took and never answered).
    if next(source, None) is not None or any(sent for _, sent in pending):
        raise ValueError("analyze yielded fewer results than it was given articles")
    while pending:
        yield pending.popleft()[0], None
        tick()


def limited(items: Iterable[T], limit: int | None) -> Iterator[T]:
    for index, item in enumerate(items):
        if limit is not None and index >= limit:
            return
        yield item


# --- dataset files ------------------------------------------------------------------------


def require_dir(path: Path, what: str, hint: str) -> Path:
    if not path.is_dir():
        raise DatasetError(f"{what}: no folder at {path}", code="dataset_missing", hint=hint)
    return path


def require_file(path: Path, what: str, hint: str) -> Path:
    if not path.is_file():
        raise DatasetError(f"{what}: no file {path}", code="dataset_missing", hint=hint)
    return path


def read_jsonl(path: Path, hint: str) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL file, one a line (blank lines skipped), read lazily."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(
                    f"{path}, line {number}: not JSON ({exc.msg})", code="dataset_format", hint=hint
                ) from exc
            if not isinstance(record, dict):
                raise DatasetError(
                    f"{path}, line {number}: not a JSON object", code="dataset_format", hint=hint
                )
            yield record


def required(record: dict[str, Any], key: str, path: Path, hint: str) -> Any:
    """``record[key]``, or a DatasetError naming the file when the key is missing."""
    try:
        return record[key]
    except KeyError:
        raise DatasetError(
            f"{path}: a record has no {key!r} field", code="dataset_format", hint=hint
        ) from None


# --- reading analysis dicts ---------------------------------------------------------------


def main_incident(analysis: AnalysisDict | None) -> dict[str, Any] | None:
    """The article's main incident: the first incident whose role is ``main``, else None."""
    if not analysis:
        return None
    for incident in analysis.get("incidents") or []:
        if isinstance(incident, dict) and incident.get("role") == "main":
            return incident
    return None


def span_bounds(span: Any) -> tuple[int, int] | None:
    """``(start, end)`` of a contract span dict, or None when it is not one."""
    if not isinstance(span, dict):
        return None
    start, end = span.get("start"), span.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        return start, end
    return None


def incident_date(incident: dict[str, Any] | None) -> str | None:
    date = (incident or {}).get("date")
    if isinstance(date, dict):
        date = date.get("value")
    return date if isinstance(date, str) and date else None


def incident_location(incident: dict[str, Any] | None) -> dict[str, Any]:
    location = (incident or {}).get("location")
    return location if isinstance(location, dict) else {}


def incident_city(incident: dict[str, Any] | None) -> Any:
    """The incident's city, or its county when it places the incident no finer than a county:
    GVA's ``city_or_county`` names a county ("Polk (county)") when that is all it knows, and
    GVDB's city answers now and then are counties too ("Cobb County")."""
    location = incident_location(incident)
    city = (incident or {}).get("city") or location.get("city")
    if city is None and location.get("precision") == "county":
        return location.get("county")
    return city


def as_count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


_PLACE_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


def norm_place(value: Any) -> str | None:
    """Case-folded place name with punctuation and repeated spaces removed, and the usual
    abbreviations written out ("St. Louis" and "Saint Louis" are one name; so are "Ft." and
    "Fort", "Mt." and "Mount")."""
    if not isinstance(value, str):
        return None
    kept = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in value.casefold())
    return " ".join(_PLACE_ABBREVIATIONS.get(w, w) for w in kept.split()) or None
