"""Turning one analysis (the ``newsledger.analysis/1`` dict) into the rows of each table.

Everything here is checked before anything is written, so a malformed analysis fails the batch
with a message naming what is wrong, and the database's constraints are a second line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsledger.analysis import SCHEMA_ID, Analysis
from newsledger.article import content_hash as hash_text
from newsledger.article import published_day


def global_id(article_hash: str, local_id: str) -> str:
    """A claim's or incident mention's store id: unique across articles, readable, stable."""
    return f"{article_hash[:16]}:{local_id}"


class BadAnalysis(Exception):
    """Raised inside _prepare; turned into a StoreError naming the article."""


def _mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise BadAnalysis(f"{what} is not an object")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise BadAnalysis(f"{what} is not a list")
    return list(value)


def _int(value: Any, what: str, *, nullable: bool = False) -> int | None:
    if value is None and nullable:
        return None
    # bool is an int subclass, and never a valid offset or count.
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadAnalysis(f"{what} is not an integer: {value!r}")
    return value


def _span_parts(span: Any, what: str) -> tuple[int | None, int | None, str | None]:
    if span is None:
        return None, None, None
    span = _mapping(span, what)
    return (
        _int(span.get("start"), f"{what}.start"),
        _int(span.get("end"), f"{what}.end"),
        span.get("text"),
    )


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(slots=True)
class Prepared:
    content_hash: str
    article_id: str
    article: dict[str, Any]
    sentences: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    incident_mentions: list[dict[str, Any]]
    claims: list[dict[str, Any]]


def as_contract_dict(analysis: Mapping[str, Any] | Analysis) -> tuple[Mapping[str, Any], str, Any]:
    """The contract dict, the origin and the input metadata of one analysis."""
    if isinstance(analysis, Analysis):
        return analysis.to_dict(), analysis.article.origin, analysis.article.metadata
    if not isinstance(analysis, Mapping):
        raise BadAnalysis(f"an analysis must be a dict, not {type(analysis).__name__}")
    article = analysis.get("article")
    article = article if isinstance(article, Mapping) else {}
    origin = article.get("origin", analysis.get("origin")) or ""
    return analysis, str(origin), article.get("metadata", analysis.get("metadata"))


def prepare(analysis: Mapping[str, Any], origin: str, metadata: Any) -> Prepared:
    if analysis.get("schema") != SCHEMA_ID:
        raise BadAnalysis(f"its schema is {analysis.get('schema')!r}, not {SCHEMA_ID!r}")
    article = _mapping(analysis.get("article"), "article")
    text = article.get("text")
    digest = article.get("content_hash")
    if not isinstance(text, str) or not text:
        raise BadAnalysis("article.text is missing or empty")
    # The hash is what makes saving idempotent; a wrong one would store duplicates.
    if digest != hash_text(text):
        raise BadAnalysis("article.content_hash is not the SHA-256 of article.text")
    article_id = str(article.get("id") or digest)
    published_at = article.get("published_at")
    producers = analysis.get("producers")
    producers = dict(producers) if isinstance(producers, Mapping) else {}

    genre = analysis.get("genre")
    genre = _mapping(genre, "genre") if genre is not None else {}
    stored = dict(analysis)
    stored["article"] = {k: v for k, v in article.items() if k != "text"}
    row = {
        "content_hash": digest,
        "id": article_id,
        "schema": SCHEMA_ID,
        "url": article.get("url"),
        "outlet": article.get("outlet"),
        "title": article.get("title"),
        "byline": article.get("byline"),
        "published_at": published_at,
        "published_day": published_day(published_at),
        "text": text,
        "origin": origin,
        "metadata": metadata,
        "model": analysis.get("model"),
        "producers": producers or None,
        "genre": genre.get("label"),
        "opinion_share": _float(genre.get("opinion_share")),
        "analysis": stored,
    }

    sentence_rows = []
    for i, s in enumerate(_list(analysis.get("sentences"), "sentences")):
        s = _mapping(s, f"sentences[{i}]")
        sentence_rows.append(
            {
                "article_hash": digest,
                "idx": i,
                "start": _int(s.get("start"), f"sentences[{i}].start"),
                "end": _int(s.get("end"), f"sentences[{i}].end"),
                "label": s.get("label"),
                "score": _float(s.get("score")),
                "kind": s.get("kind"),
            }
        )

    mention_rows = []
    for i, m in enumerate(_list(analysis.get("mentions"), "mentions")):
        m = _mapping(m, f"mentions[{i}]")
        mention_rows.append(
            {
                "article_hash": digest,
                "idx": i,
                "start": _int(m.get("start"), f"mentions[{i}].start"),
                "end": _int(m.get("end"), f"mentions[{i}].end"),
                "text": str(m.get("text") or ""),
                "kind": str(m.get("kind") or ""),
                "label": m.get("label"),
            }
        )

    raw_claims = [
        _mapping(c, f"claims[{i}]") for i, c in enumerate(_list(analysis.get("claims"), "claims"))
    ]
    raw_incidents = [
        _mapping(m, f"incidents[{i}]")
        for i, m in enumerate(_list(analysis.get("incidents"), "incidents"))
    ]
    claim_ids = _local_ids(raw_claims, "claims")
    incident_ids = _local_ids(raw_incidents, "incidents")

    incident_rows = []
    for i, (local, inc) in enumerate(zip(incident_ids, raw_incidents, strict=True)):
        date = _mapping(inc.get("date") or {}, f"incidents[{i}].date")
        place = _mapping(inc.get("location") or {}, f"incidents[{i}].location")
        refs = [str(c) for c in _list(inc.get("claims"), f"incidents[{i}].claims")]
        unknown = [c for c in refs if c not in claim_ids]
        if unknown:
            raise BadAnalysis(f"incidents[{i}] names claims that are not in it: {unknown}")
        incident_rows.append(
            {
                "id": global_id(digest, local),
                "article_hash": digest,
                "idx": i,
                "local_id": local,
                "role": inc.get("role"),
                "types": _list(inc.get("types"), f"incidents[{i}].types"),
                "date_value": date.get("value"),
                "date_granularity": date.get("granularity"),
                "date_earliest": date.get("earliest"),
                "date_latest": date.get("latest"),
                "date_time": date.get("time"),
                "date_timezone": date.get("timezone"),
                "location_name": place.get("name"),
                "location_city": place.get("city"),
                "location_county": place.get("county"),
                "location_state": place.get("state"),
                "location_country": place.get("country"),
                "location_lat": _float(place.get("lat")),
                "location_lon": _float(place.get("lon")),
                "location_gazetteer_id": place.get("gazetteer_id"),
                "location_precision": place.get("precision"),
                "agencies": _list(inc.get("agencies"), f"incidents[{i}].agencies"),
                "participants": _list(inc.get("participants"), f"incidents[{i}].participants"),
                "killed": _int(inc.get("killed"), f"incidents[{i}].killed", nullable=True),
                "injured": _int(inc.get("injured"), f"incidents[{i}].injured", nullable=True),
                "weapons": _list(inc.get("weapons"), f"incidents[{i}].weapons"),
                "claim_ids": [global_id(digest, c) for c in refs],
                "data": dict(inc),
                "incident_id": None,
                "extractor": inc.get("extractor") or producers.get("incidents"),
                "published_at": published_at,
            }
        )

    claim_rows = []
    for i, (local, claim) in enumerate(zip(claim_ids, raw_claims, strict=True)):
        content = _list(claim.get("content"), f"claims[{i}].content")
        texts = []
        for j, span in enumerate(content):
            _span_parts(span, f"claims[{i}].content[{j}]")
            texts.append(str(span.get("text") or ""))
        cue_start, cue_end, cue_text = _span_parts(claim.get("cue"), f"claims[{i}].cue")
        source = claim.get("source")
        source = _mapping(source, f"claims[{i}].source") if source is not None else {}
        _span_parts(source.get("span"), f"claims[{i}].source.span")
        incident = claim.get("incident")
        if incident is not None and str(incident) not in incident_ids:
            raise BadAnalysis(f"claims[{i}] names incident {incident!r}, which is not in it")
        in_opinion = claim.get("in_opinion")
        part_of = claim.get("part_of")
        if part_of is not None and str(part_of) not in claim_ids:
            raise BadAnalysis(f"claims[{i}] is part of claim {part_of!r}, which is not in it")
        claim_rows.append(
            {
                "id": global_id(digest, local),
                "article_hash": digest,
                "idx": i,
                "local_id": local,
                # A gap between the parts of a split quote is marked, not closed up.
                "content": content,
                "content_text": " … ".join(texts),
                "cue_start": cue_start,
                "cue_end": cue_end,
                "cue_text": cue_text,
                "source_span": source.get("span"),
                "source_name": source.get("name"),
                "source_kind": source.get("kind"),
                "source_role": source.get("role"),
                "quote": claim.get("quote"),
                "certainty": claim.get("certainty"),
                "polarity": claim.get("polarity"),
                "in_opinion": in_opinion if isinstance(in_opinion, bool) else None,
                "part_of": global_id(digest, str(part_of)) if part_of is not None else None,
                "incident_mention_id": (
                    global_id(digest, str(incident)) if incident is not None else None
                ),
                "data": dict(claim),
                "extractor": claim.get("extractor") or producers.get("claims"),
                "published_at": published_at,
            }
        )

    return Prepared(digest, article_id, row, sentence_rows, mention_rows, incident_rows, claim_rows)


def _local_ids(records: list[Mapping[str, Any]], what: str) -> list[str]:
    ids = []
    for i, record in enumerate(records):
        local = record.get("id")
        if local in (None, ""):
            raise BadAnalysis(f"{what}[{i}] has no id")
        ids.append(str(local))
    if len(set(ids)) != len(ids):
        raise BadAnalysis(f"{what} ids are not unique within the article")
    return ids


def describe(analysis: Any) -> str:
    """Which article an analysis is about, for error messages, however broken it is."""
    try:
        article = analysis.article if isinstance(analysis, Analysis) else analysis["article"]
        if isinstance(article, Mapping):
            return f"article {article.get('id') or article.get('content_hash')!r}"
        return f"article {article.id!r}"
    except (KeyError, TypeError, AttributeError):
        return "no article"
