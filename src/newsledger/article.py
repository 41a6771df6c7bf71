"""The record that flows from the readers into analysis: one article, as read.

``id`` is the id the input gives (a JSONL ``id``, a file's name without its extension) and only
when there is none the content hash. ``content_hash`` is always the SHA-256 of the text and is
what makes storing idempotent.

``published_at`` is an ISO-8601 string: a full time-zone aware timestamp when the input gives a
time, or a bare ``YYYY-MM-DD`` when it gives only a day (no time or zone is invented). Naive
timestamps are taken as UTC, which the README states.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from dateutil import parser as dateparser

from newsledger.errors import InputError

# Publication dates outside this window are treated as nonsense, not as news.
EARLIEST_PUBLICATION_YEAR = 1800


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def headline_of(title: str | None) -> str:
    """The title with its white space collapsed, as :func:`opens_with_title` compares it."""
    return " ".join((title or "").split())


def opens_with_title(text: str, headline: str) -> bool:
    """Whether ``text`` (white space collapsed) opens with ``headline`` (:func:`headline_of`):
    the article's headline, never furniture, read with a headline's grammar."""
    return bool(headline) and " ".join(text.split()).startswith(headline)


# A "title" longer than this is no headline (a pasted lead, a whole text): it is not added.
MAX_HEADLINE_CHARS = 400


def with_headline(text: str, title: str | None) -> str:
    """The text as its page shows it: the headline, a blank line, then the body, where the body
    does not open with the headline already. trafilatura and most feeds and datasets give the
    two apart, yet the headline is often the one line that tells a death ("HUNTING ACCIDENT
    CLAIMS LIFE"), and every value read from it needs a span in the text."""
    headline = headline_of(title)
    if (
        not headline
        or len(headline) > MAX_HEADLINE_CHARS
        or opens_with_title(text[: len(headline) * 2 + 80], headline)
    ):
        return text
    return f"{headline}\n\n{text.lstrip()}"


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    content_hash: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    byline: str | None = None
    published_at: str | None = None
    origin: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        text: str,
        *,
        id: str | None = None,
        url: str | None = None,
        outlet: str | None = None,
        title: str | None = None,
        byline: str | None = None,
        published: str | date | datetime | None = None,
        origin: str = "",
        metadata: dict[str, Any] | None = None,
        headline_first: bool = False,
    ) -> Article:
        """Build an article, computing its hash and normalising its publication time. With
        ``headline_first`` (the readers of pages and records: HTML, JSONL, the API), a body that
        does not open with its title gets it as its first paragraph (:func:`with_headline`),
        and ``metadata["headline"]`` says so.

        Raises InputError for empty text or a publication date that cannot be a date.
        """
        if not text or not text.strip():
            raise InputError(
                "the article has no text",
                code="empty",
                hint="Check the input; empty articles are skipped.",
            )
        metadata = dict(metadata or {})
        if headline_first and (full := with_headline(text, title)) != text:
            text = full
            metadata["headline"] = "added from the title"
        digest = content_hash(text)
        return cls(
            id=str(id) if id not in (None, "") else digest,
            content_hash=digest,
            text=text,
            url=url or None,
            outlet=outlet or None,
            title=title or None,
            byline=byline or None,
            published_at=normalize_published(published),
            origin=origin,
            metadata=metadata,
        )

    def with_defaults(self, *, published: str | None = None, outlet: str | None = None) -> Article:
        """Fill what the input lacks from the command line (``--published``, ``--outlet``)."""
        changes: dict[str, Any] = {}
        if self.published_at is None and published:
            changes["published_at"] = normalize_published(published)
        if self.outlet is None and outlet:
            changes["outlet"] = outlet
        return replace(self, **changes) if changes else self

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "content_hash": self.content_hash,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "byline": self.byline,
            "published_at": self.published_at,
            "text": self.text,
        }


def normalize_published(value: str | date | datetime | None) -> str | None:
    """Return an ISO-8601 day or time-zone aware timestamp, or None when not given.

    Raises InputError with code ``bad_date`` for values that are not plausible dates.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        parsed: datetime | date = value
    elif isinstance(value, date):
        parsed = value
    else:
        raw = str(value).strip()
        try:
            if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
                parsed = date.fromisoformat(raw)
            else:
                # dateutil fills missing parts from `default`; a sentinel year exposes that no
                # date was in the string at all ("10:30").
                sentinel = datetime(1, 1, 1)
                dt = dateparser.parse(raw, default=sentinel)
                if dt.year == 1:
                    raise ValueError("no year")
                has_time = any(ch.isdigit() for ch in raw.split("T")[-1]) and (
                    ":" in raw or "T" in raw
                )
                parsed = dt if has_time else dt.date()
        except (ValueError, OverflowError, IndexError) as exc:
            raise InputError(
                f"the publication date {raw!r} is not a date ({exc})",
                code="bad_date",
                hint="Give dates as ISO 8601 (2026-01-09 or 2026-01-09T14:30:00-08:00).",
            ) from exc
    year = parsed.year
    if year < EARLIEST_PUBLICATION_YEAR or year > datetime.now(UTC).year + 1:
        raise InputError(
            f"the publication date {parsed.isoformat()} is out of range",
            code="bad_date",
            hint=f"Publication years must lie between {EARLIEST_PUBLICATION_YEAR} and next year.",
        )
    if isinstance(parsed, datetime):
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.isoformat()
    return parsed.isoformat()


def published_day(published_at: str | None) -> str | None:
    """The calendar day of a publication time as written (its own zone), or None."""
    return published_at[:10] if published_at else None
