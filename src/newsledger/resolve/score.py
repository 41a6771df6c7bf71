"""``resolve.score.v1``: what the resolver compares between two incident mentions.

Each incident mention is reduced once, when it is stored, to a :class:`MentionKey` (kept as JSON
in ``resolution_keys``): the window of days the incident may lie in, its place, event types,
agencies, counts and the names and words that tell similar incidents apart. Two keys are
*candidates* when their windows overlap (widened by :data:`WINDOW_DAYS`) and their states do
not differ; the resolver only scores candidates (blocking). :func:`score` gives a number with
its parts, so that every merge can show why it was made.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

RULE = "resolve.score.v1"
# Pairs at or above this score are the same incident (chosen on GVA train; see docs/quality.md).
THRESHOLD = 0.5
# How far apart two mentions' windows of days may lie and still be compared.
WINDOW_DAYS = 3
# A mention whose article gives no date may report an incident this long before publication.
UNDATED_LOOKBACK_DAYS = 14

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_NAME_LABELS = frozenset({"PERSON"})


@dataclass(frozen=True, slots=True)
class MentionKey:
    id: str
    article: str  # the article's content hash: two mentions of one article are never merged
    published_day: str | None
    role: str
    day_lo: str  # the window of days the incident may lie in, ISO dates
    day_hi: str
    date_value: str | None
    state: str | None
    city: str | None
    county: str | None
    lat: float | None
    lon: float | None
    types: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    killed: int | None = None
    injured: int | None = None
    names: tuple[str, ...] = ()  # people named in the mention's article (lower case)
    words: tuple[str, ...] = ()  # distinctive words for text similarity (lower case)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MentionKey:
        fields: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v
            for k, v in data.items()
            if k in cls.__dataclass_fields__
        }
        return cls(**fields)


@dataclass(frozen=True, slots=True)
class Score:
    total: float
    parts: dict[str, float]


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def key_from_analysis(analysis: dict[str, Any], index: int, mention_id: str) -> MentionKey:
    """The key of ``analysis["incidents"][index]``, stored under ``mention_id``."""
    article = analysis.get("article") or {}
    incident = analysis["incidents"][index]
    published = _day(article.get("published_at"))
    date_obj = incident.get("date") or {}
    lo = _day(date_obj.get("earliest")) or _day(date_obj.get("value"))
    hi = _day(date_obj.get("latest")) or _day(date_obj.get("value"))
    if lo is None or hi is None:
        if published is not None:
            lo, hi = published - timedelta(days=UNDATED_LOOKBACK_DAYS), published
        else:
            lo, hi = date.min, date.max
    location = incident.get("location") or {}
    text = article.get("text") or ""
    names = sorted(
        {
            m["text"].lower()
            for m in analysis.get("mentions") or []
            if m.get("label") in _NAME_LABELS and m.get("text")
        }
    )
    words = sorted({w.lower() for w in _WORD.findall(text[:4000])})
    return MentionKey(
        id=mention_id,
        article=str(article.get("content_hash") or ""),
        published_day=published.isoformat() if published else None,
        role=str(incident.get("role") or "main"),
        day_lo=lo.isoformat(),
        day_hi=hi.isoformat(),
        date_value=date_obj.get("value"),
        state=location.get("state"),
        city=location.get("city"),
        county=location.get("county"),
        lat=location.get("lat"),
        lon=location.get("lon"),
        types=tuple(sorted(set(incident.get("types") or []))),
        agencies=tuple(
            sorted(
                {a.get("code") or a.get("name") for a in incident.get("agencies") or []} - {None}
            )
        ),
        killed=incident.get("killed"),
        injured=incident.get("injured"),
        names=tuple(names),
        words=tuple(words),
    )


def window(key: MentionKey) -> tuple[str, str]:
    """The days a candidate's window must overlap: the key's own, widened by WINDOW_DAYS."""
    lo, hi = _day(key.day_lo), _day(key.day_hi)
    lo_s = (
        (lo - timedelta(days=WINDOW_DAYS)).isoformat()
        if lo and lo > date.min + timedelta(WINDOW_DAYS)
        else date.min.isoformat()
    )
    hi_s = (
        (hi + timedelta(days=WINDOW_DAYS)).isoformat()
        if hi and hi < date.max - timedelta(WINDOW_DAYS)
        else date.max.isoformat()
    )
    return lo_s, hi_s


def candidates(a: MentionKey, b: MentionKey) -> bool:
    """Whether the resolver compares ``a`` and ``b`` at all (symmetric)."""
    if a.article == b.article:
        return False
    if a.state and b.state and a.state != b.state:
        return False
    lo, hi = window(a)
    return b.day_lo <= hi and b.day_hi >= lo


def _jaccard(x: tuple[str, ...], y: tuple[str, ...]) -> float:
    sx, sy = set(x), set(y)
    return len(sx & sy) / len(sx | sy) if sx and sy else 0.0


def score(a: MentionKey, b: MentionKey) -> Score:
    """How likely ``a`` and ``b`` report one incident, in [0, 1], with its parts."""
    parts: dict[str, float] = {}
    if a.date_value and b.date_value:
        da, db = _day(a.date_value), _day(b.date_value)
        gap = abs((da - db).days) if da and db else WINDOW_DAYS
        parts["date"] = 0.25 if gap == 0 else (0.1 if gap == 1 else -0.25)
    if a.city and b.city:
        parts["city"] = 0.25 if a.city.lower() == b.city.lower() else -0.25
    if a.killed is not None and b.killed is not None:
        parts["killed"] = 0.1 if a.killed == b.killed else -0.1
    parts["types"] = 0.1 * _jaccard(a.types, b.types)
    parts["agencies"] = 0.1 * _jaccard(a.agencies, b.agencies)
    parts["names"] = 0.3 * _jaccard(a.names, b.names)
    parts["words"] = 0.3 * _jaccard(a.words, b.words)
    total = max(0.0, min(1.0, sum(parts.values())))
    return Score(total=round(total, 4), parts={k: round(v, 4) for k, v in parts.items()})
