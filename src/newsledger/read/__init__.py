"""Readers: inputs (files, folders, globs, stdin) into a stream of Articles and Skips.

``iter_inputs`` walks what the user named in order, picks a reader by extension (or by the first
bytes when the extension says nothing), and never stops on a bad input: it yields a ``Skip``
with the reason. Formats are ``text``, ``html`` and ``jsonl``; a plug-in adds one through the
entry-point group ``newsledger.readers`` (name = format, value = a ``Reader`` callable with an
``extensions`` attribute).
"""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterable, Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import IO

from newsledger.article import Article
from newsledger.read.formats import (
    EXTENSIONS,
    READERS,
    Item,
    Limits,
    Skip,
    format_for,
    peekable,
)
from newsledger.settings import NOT_GIVEN, resolve

__all__ = ["Item", "Skip", "iter_inputs", "read_stream"]

STDIN = "-"
_plugins_loaded = False


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for ep in entry_points(group="newsledger.readers"):
        reader = ep.load()
        READERS[ep.name] = reader
        for ext in getattr(reader, "extensions", ()):
            EXTENSIONS[ext.lower()] = ep.name


def iter_inputs(
    paths: Iterable[str],
    *,
    published: str | None = None,
    outlet: str | None = None,
    max_chars: int | object = NOT_GIVEN,
    stdin: IO[bytes] | None = None,
) -> Iterator[Item]:
    """Yield an Article or a Skip for every input under ``paths``.

    ``published`` and ``outlet`` fill what an input lacks. ``-`` reads standard input.
    """
    _load_plugins()
    limits = Limits(int(resolve("max_chars", max_chars)))
    for item in _walk(paths, limits, stdin):
        if isinstance(item, Article):
            item = item.with_defaults(published=published, outlet=outlet)
        yield item


def _walk(paths: Iterable[str], limits: Limits, stdin: IO[bytes] | None) -> Iterator[Item]:
    for raw in paths:
        if raw == STDIN:
            yield from read_stream(stdin or sys.stdin.buffer, "<stdin>", "", limits)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield from _read_file(child, limits)
        elif path.is_file():
            yield from _read_file(path, limits)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield Skip(
                    raw,
                    "not_found",
                    "the pattern matches no file",
                    "Check the pattern; quote it so the shell does not expand it.",
                )
            yield from _walk(matches, limits, stdin)
        else:
            yield Skip(raw, "not_found", "no such file or folder", "Check the path.")


def _read_file(path: Path, limits: Limits) -> Iterator[Item]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Skip(
            str(path),
            "unreadable",
            f"the file cannot be opened ({exc.strerror})",
            "Check the file's permissions.",
        )
        return
    with handle:
        yield from read_stream(handle, str(path), path.stem, limits, path=path)


def read_stream(
    stream: IO[bytes], origin: str, stem: str, limits: Limits, path: Path | None = None
) -> Iterator[Item]:
    buffered = peekable(stream)
    head = buffered.peek(512)[:512]
    fmt = format_for(path or Path(""), head)
    yield from READERS[fmt](buffered, origin, stem, limits)
