"""One reader per input format: text, HTML and JSONL.

A reader takes the raw input and yields Articles, or ``Skip`` records for inputs (or JSONL
lines) that are not articles. Readers never raise for bad content: they report it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from newsledger.article import Article, normalize_published
from newsledger.errors import InputError
from newsledger.read.decode import decode_bytes

# Keys of a JSONL article that map onto Article fields; every other key is kept as metadata.
JSONL_FIELDS = {
    "id": "id",
    "url": "url",
    "outlet": "outlet",
    "title": "title",
    "text": "text",
    "published": "published",
    "published_at": "published",
    "date": "published",
    "byline": "byline",
    "author": "byline",
}


@dataclass(frozen=True, slots=True)
class Skip:
    """An input that was not read as an article, and why."""

    origin: str
    code: str
    reason: str
    hint: str = ""


Item = Article | Skip


@dataclass(frozen=True, slots=True)
class Limits:
    max_chars: int


class Reader(Protocol):
    """What a format plug-in provides (entry point group ``newsledger.readers``)."""

    def __call__(
        self, stream: IO[bytes], origin: str, stem: str, limits: Limits
    ) -> Iterator[Item]: ...


def _too_large(origin: str, n: int | None, limits: Limits) -> Skip:
    size = f"the text has {n:,} characters" if n is not None else "the input is too big"
    return Skip(
        origin,
        "too_large",
        f"{size}; the limit is {limits.max_chars:,} characters",
        "Split the input, or raise --max-chars / NEWSLEDGER_MAX_CHARS.",
    )


def _read_capped(stream: IO[bytes], cap: int) -> bytes | None:
    """Read at most ``cap`` bytes; None when there is more (the input is too large)."""
    data = stream.read(cap + 1)
    return None if len(data) > cap else data


def read_text(stream: IO[bytes], origin: str, stem: str, limits: Limits) -> Iterator[Item]:
    # Four bytes per character is the most UTF-8 can take.
    data = _read_capped(stream, limits.max_chars * 4)
    if data is None:
        yield _too_large(origin, None, limits)
        return
    try:
        text, encoding = decode_bytes(data)
        if len(text) > limits.max_chars:
            yield _too_large(origin, len(text), limits)
            return
        yield Article.create(
            text,
            id=stem or None,
            title=_text_title(text),
            origin=origin,
            metadata=_encoding_meta(encoding),
        )
    except InputError as exc:
        yield Skip(origin, exc.code, exc.message, exc.hint)


def _text_title(text: str) -> str | None:
    """A plain-text article's first line is its title when it stands alone and has no
    sentence-final full stop (a headline)."""
    first, _, rest = text.strip().partition("\n")
    if rest.startswith("\n") and len(first) <= 200 and not first.rstrip().endswith("."):
        return first.strip() or None
    return None


def _encoding_meta(encoding: str) -> dict[str, Any]:
    return {} if encoding == "utf-8" else {"encoding": encoding}


# HTML carries markup, scripts and styles: allow more bytes than the text limit.
HTML_BYTES_PER_CHAR = 20


def read_html(stream: IO[bytes], origin: str, stem: str, limits: Limits) -> Iterator[Item]:
    import trafilatura

    data = _read_capped(stream, limits.max_chars * HTML_BYTES_PER_CHAR)
    if data is None:
        yield Skip(
            origin,
            "too_large",
            "the HTML page is larger than the limit allows",
            "Raise --max-chars / NEWSLEDGER_MAX_CHARS.",
        )
        return
    try:
        html, encoding = decode_bytes(data)
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={
                "original_date": True,
                # No extensive search: it guesses a day from a copyright year or a URL
                # fragment, and we never invent a day.
                "extensive_search": False,
                "outputformat": "%Y-%m-%dT%H:%M:%S%z",
            },
        )
    except InputError as exc:
        yield Skip(origin, exc.code, exc.message, exc.hint)
        return
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        yield Skip(
            origin,
            "bad_html",
            f"the HTML could not be parsed ({type(exc).__name__}: {exc})",
            "Check that the file is an HTML page.",
        )
        return
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        yield Skip(
            origin,
            "no_text",
            "no article text was found in the HTML",
            "The page may be empty, an index page or malformed; check it in a browser.",
        )
        return
    if len(text) > limits.max_chars:
        yield _too_large(origin, len(text), limits)
        return
    meta = _encoding_meta(encoding)
    meta["reader"] = "html/trafilatura"
    published = _html_date(getattr(doc, "date", None))
    try:
        published = normalize_published(published)
    except InputError as exc:
        # A date trafilatura found in the page is a hint, not the input's word: keep the
        # article and record why the date was dropped.
        meta["dropped_published"] = f"{published!r}: {exc.message}"
        published = None
    yield Article.create(
        text,
        id=stem or None,
        url=getattr(doc, "url", None),
        outlet=getattr(doc, "sitename", None),
        title=getattr(doc, "title", None),
        byline=getattr(doc, "author", None),
        published=published,
        origin=origin,
        metadata=meta,
        headline_first=True,
    )


def _html_date(raw: str | None) -> str | None:
    """htmldate writes a page that gives only a day as that day at midnight with no zone;
    keep it a day rather than invent a time."""
    if raw and raw.endswith("T00:00:00"):
        return raw[:10]
    return raw


def read_jsonl(stream: IO[bytes], origin: str, stem: str, limits: Limits) -> Iterator[Item]:
    """One article per line. Streams: only one line is in memory at a time, and a line longer
    than the limit is skipped without being held whole."""
    line_cap = limits.max_chars * 6 + 4096  # JSON escapes can take six bytes a character
    lineno = 0
    while True:
        raw = stream.readline(line_cap + 1)
        if not raw:
            return
        lineno += 1
        where = f"{origin}:{lineno}"
        if len(raw) > line_cap and not raw.endswith(b"\n"):
            while True:  # drain the rest of the oversized line
                more = stream.readline(1 << 20)
                if not more or more.endswith(b"\n"):
                    break
            yield Skip(
                where,
                "too_large",
                "the JSONL line is longer than the limit allows",
                "Raise --max-chars / NEWSLEDGER_MAX_CHARS or split the article.",
            )
            continue
        if not raw.strip():
            continue
        yield _jsonl_item(raw, where, limits)


def _jsonl_item(raw: bytes, where: str, limits: Limits) -> Item:
    try:
        record = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Skip(
            where,
            "bad_json",
            f"the line is not valid JSON ({exc})",
            'Each line must be one JSON object: {"id": ..., "text": ...}.',
        )
    if not isinstance(record, dict):
        return Skip(
            where,
            "bad_json",
            f"the line is a JSON {type(record).__name__}, not an object",
            'Each line must be one JSON object: {"id": ..., "text": ...}.',
        )
    fields: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    for key, value in record.items():
        target = JSONL_FIELDS.get(key)
        if target and target not in fields:
            fields[target] = value
        else:
            metadata[key] = value
    text = fields.pop("text", None)
    if not isinstance(text, str):
        return Skip(
            where,
            "no_text",
            'the line has no "text" string',
            'Give every JSONL article a "text" field.',
        )
    if len(text) > limits.max_chars:
        return _too_large(where, len(text), limits)
    strings = {k: (str(v) if v is not None else None) for k, v in fields.items()}
    try:
        return Article.create(
            text.replace("\r\n", "\n"),
            origin=where,
            metadata=metadata,
            headline_first=True,
            **strings,
        )
    except InputError as exc:
        return Skip(where, exc.code, exc.message, exc.hint)


READERS: dict[str, Callable[[IO[bytes], str, str, Limits], Iterator[Item]]] = {
    "text": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
}

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def sniff_format(head: bytes) -> str:
    """Guess the format of an input without a telling extension from its first bytes."""
    start = head.lstrip()[:64].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<")):
        return "html"
    return "text"


def format_for(path: Path, head: bytes) -> str:
    return EXTENSIONS.get(path.suffix.lower()) or sniff_format(head)


def peekable(stream: IO[bytes]) -> io.BufferedReader:
    return stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]
