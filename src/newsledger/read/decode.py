"""Bytes to text: UTF-8 first, then the legacy encodings news sites still serve.

A file that is not text (NUL bytes, many control characters) is refused with code ``binary``;
an empty one with code ``empty``. Text that is not UTF-8 is decoded as Windows-1252 (a superset
of Latin-1 for printable text, and what browsers use for a page labelled Latin-1), and the
encoding is recorded on the article so the user can see it was guessed.
"""

from __future__ import annotations

from newsledger.errors import InputError

_SNIFF = 8192
_CONTROL = {b for b in range(32)} - {9, 10, 12, 13}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise InputError (``empty`` or ``binary``)."""
    if not data.strip():
        raise InputError(
            "the input is empty",
            code="empty",
            hint="Nothing to analyze; remove the file or give it text.",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strip(data.decode("utf-16")), "utf-16"
    head = data[:_SNIFF]
    if b"\x00" in head or sum(b in _CONTROL for b in head) > len(head) * 0.05:
        raise InputError(
            "the input is binary, not text",
            code="binary",
            hint="Give newsledger text, HTML or JSONL files.",
        )
    try:
        return _strip(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return _strip(data.decode("cp1252")), "cp1252"
    except UnicodeDecodeError:
        return _strip(data.decode("latin-1")), "latin-1"


def _strip(text: str) -> str:
    # Normalise line ends so offsets mean the same on every platform.
    return text.replace("\r\n", "\n").replace("\r", "\n")
