"""Gun Violence Corpus + GVA records: documents -> incidents clustering and incident fields.

**Gold.** ``articles.jsonl`` (``id``, ``incident_id``, ``split``, ``title``, ``published``,
``url``, ``original_url``, ``text``) gives the gold grouping; ``incidents.jsonl`` the GVA
record of each incident. ``--split`` is ``dev`` (default), ``train`` or ``all``. With
``--limit N`` only the first N articles (in file order) are read, and the gold clusters are
restricted to them.

**Prediction.** Every article is analysed (``published`` is passed as the article date); then a
resolver ``group(analyses) -> incident records`` turns the successful analyses into predicted
incidents ``{"articles": [article ids], "date", "state", "city", "killed", "injured",
"participants": [contract participants]}``. ``date`` may also be the contract's date object and
``state`` / ``city`` may come under ``location``. An article the records do not list (or a
failed one) is a singleton cluster with no fields; an article listed twice counts in its first
record. The default resolver :func:`group_by_ledger` is the ledger's own resolution across
articles (fields under the default view); :func:`group_by_article` makes each article's main
incident its own predicted incident, which shows what single-article extraction scores, with
clustering at the all-singletons floor (``newsledger eval gva --grouping article``).

**Scores.**

- clustering over all evaluated articles: MUC, B-cubed, CEAF-e (P/R/F1), CoNLL F1 (their mean)
  and pairwise P/R/F1; see :mod:`newsledger.eval.clustering`.
- per gold incident, matched to the predicted incident sharing most of its articles (ties:
  the smaller predicted incident, then the first): ``date_exact``, ``date_within_1_day``,
  ``state_accuracy`` (USPS code), ``city_accuracy`` (GVA's ``city_or_county``; for
  ``A (B)`` either A or B is right, for ``A (county)`` A or "A County"; case and punctuation
  folded), ``killed_exact`` / ``injured_exact`` and their MAE over the incidents with a
  predicted count, and participants P/R/F1 on (role, status) pairs, micro-summed: each gold
  participant gives one pair per status; each predicted participant gives its pair ``count``
  times (1 when unknown). Contract roles map to GVA's: subject -> suspect, victim and bystander
  -> victim, officer -> victim when killed or injured (GVA lists officers who were hit); outcomes
  uninjured -> unharmed, and killed / injured / arrested as they are. A predicted participant
  with outcome ``unknown`` makes no status claim and is not counted.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

from newsledger.article import Article
from newsledger.errors import DatasetError, UsageError
from newsledger.eval.clustering import score_clusters
from newsledger.eval.common import (
    AnalysisDict,
    AnalyzeFn,
    ProgressFn,
    analyze_items,
    as_count,
    incident_city,
    incident_date,
    incident_location,
    limited,
    main_incident,
    norm_place,
    read_jsonl,
    require_dir,
    require_file,
    required,
)
from newsledger.eval.metrics import PRF, add_prf, mean_absolute_error, multiset_matches, ratio
from newsledger.eval.report import EvalReport

HINT = "Point --data at the gva folder holding articles.jsonl and incidents.jsonl."
SPLITS = ("dev", "train", "all")
MAX_PARTICIPANT_COUNT = 100  # a predicted "count" above this is taken as a misreading

GroupFn = Callable[[list[AnalysisDict]], list[dict[str, Any]]]

_ROLE = {"subject": "suspect", "suspect": "suspect", "victim": "victim", "bystander": "victim"}
_STATUS = {
    "killed": "killed",
    "injured": "injured",
    "uninjured": "unharmed",
    "unharmed": "unharmed",
    "arrested": "arrested",
}


@dataclass(frozen=True, slots=True)
class GvaArticle:
    id: str
    incident_id: str
    text: str
    title: str | None
    published: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class GvaIncident:
    incident_id: str
    date: str | None
    state_code: str | None
    city_or_county: str | None
    killed: int | None
    injured: int | None
    participants: tuple[tuple[str, str], ...]  # (role, status) pairs


def _in_split(record: dict[str, Any], split: str) -> bool:
    return split == "all" or record.get("split") == split


def load_articles(path: Path, split: str) -> Iterator[GvaArticle]:
    for record in read_jsonl(path, HINT):
        if not _in_split(record, split):
            continue
        yield GvaArticle(
            id=str(required(record, "id", path, HINT)),
            incident_id=str(required(record, "incident_id", path, HINT)),
            text=str(required(record, "text", path, HINT) or ""),
            title=record.get("title") or None,
            published=record.get("published") or None,
            url=record.get("original_url") or record.get("url") or None,
        )


def to_article(item: GvaArticle) -> Article:
    """The article as the JSONL reader builds it: the headline is the text's first paragraph."""
    return Article.create(
        item.text,
        id=item.id,
        title=item.title,
        published=item.published,
        url=item.url,
        headline_first=True,
    )


def load_incidents(path: Path, split: str) -> dict[str, GvaIncident]:
    out = {}
    for record in read_jsonl(path, HINT):
        if not _in_split(record, split):
            continue
        incident_id = str(required(record, "incident_id", path, HINT))
        pairs = []
        for participant in record.get("participants") or []:
            if not isinstance(participant, dict):
                continue
            for status in participant.get("status") or []:
                pairs.append((str(participant.get("role")), str(status)))
        out[incident_id] = GvaIncident(
            incident_id=incident_id,
            date=record.get("date") or None,
            state_code=record.get("state_code") or None,
            city_or_county=record.get("city_or_county") or None,
            killed=as_count(record.get("killed")),
            injured=as_count(record.get("injured")),
            participants=tuple(pairs),
        )
    return out


# --- predicted incidents ------------------------------------------------------------------


def group_by_article(analyses: list[AnalysisDict]) -> list[dict[str, Any]]:
    """The default resolver: one predicted incident per article (its main incident's fields,
    or nulls when it has none). No cross-article resolution."""
    records = []
    for analysis in analyses:
        article_id = (analysis.get("article") or {}).get("id")
        if article_id is None:
            continue
        incident = main_incident(analysis)
        location = incident_location(incident)
        records.append(
            {
                "articles": [article_id],
                "date": incident_date(incident),
                "state": location.get("state"),
                # a county when the incident is placed no finer (GVA's "Polk (county)")
                "city": incident_city(incident),
                "killed": as_count((incident or {}).get("killed")),
                "injured": as_count((incident or {}).get("injured")),
                "participants": list((incident or {}).get("participants") or []),
            }
        )
    return records


def group_by_ledger(
    analyses: list[AnalysisDict], *, view: str | None = None
) -> list[dict[str, Any]]:
    """The default resolver: the ledger's own. The analyses are stored in a fresh in-memory
    SQLite store, resolved across articles (:func:`newsledger.resolve.resolve_new`), and each
    incident is read under ``view`` (default: the ledger's default view). Each article goes
    with the incident of its main (first) incident mention; an article without one is left out
    (a singleton with null fields)."""
    from newsledger.resolve import resolve_new
    from newsledger.resolve.views import DEFAULT_VIEW, incident_record
    from newsledger.store import global_id, open_store

    chosen = view or DEFAULT_VIEW
    from newsledger.errors import StoreError

    with open_store("sqlite://") as store:
        for start in range(0, len(analyses), 200):
            batch = analyses[start : start + 200]
            try:
                store.save(batch)
            except StoreError:
                # One analysis the store refuses: keep the others (the refused one is scored
                # as a singleton with null fields, like a failed analysis).
                for analysis in batch:
                    with contextlib.suppress(StoreError):
                        store.save([analysis])
        resolve_new(store)
        incident_of: dict[str, str] = {}
        by_incident: dict[str, list[str]] = {}
        for analysis in analyses:
            article = analysis.get("article") or {}
            if (
                not analysis.get("incidents")
                or not article.get("id")
                or not article.get("content_hash")
            ):
                continue
            found = store.get_incident_of_mention(
                global_id(article["content_hash"], analysis["incidents"][0]["id"])
            )
            if found is not None:
                incident_of[article["id"]] = found
                by_incident.setdefault(found, []).append(article["id"])
        records = []
        for incident_id, article_ids in by_incident.items():
            record = incident_record(store, incident_id, view=chosen)
            if record is None:
                continue
            location = record.get("location") or {}
            records.append(
                {
                    "articles": article_ids,
                    "date": record.get("date"),
                    "state": location.get("state"),
                    "city": incident_city({"location": location}),
                    "killed": record.get("killed"),
                    "injured": record.get("injured"),
                    "participants": record.get("participants") or [],
                }
            )
    return records


GROUPINGS: dict[str, GroupFn] = {"ledger": group_by_ledger, "article": group_by_article}


def participant_pairs(participants: Any) -> list[tuple[str, str]]:
    """(role, status) pairs in GVA's vocabulary from contract participants (module docstring)."""
    pairs: list[tuple[str, str]] = []
    for participant in participants or []:
        if not isinstance(participant, dict):
            continue
        raw_role = participant.get("role")
        outcomes = participant.get("status")
        if not isinstance(outcomes, list):
            outcomes = [participant.get("outcome")]
        statuses = [_STATUS[o] for o in outcomes if isinstance(o, str) and o in _STATUS]
        count = as_count(participant.get("count"))
        times = count if count is not None and 1 <= count <= MAX_PARTICIPANT_COUNT else 1
        for status in statuses:
            if raw_role == "officer":
                role = "victim" if status in ("killed", "injured") else None
            else:
                role = _ROLE.get(raw_role, "unknown") if isinstance(raw_role, str) else "unknown"
            if role is not None:
                pairs.extend([(role, status)] * times)
    return pairs


def _record_state(record: dict[str, Any]) -> Any:
    return record.get("state") or incident_location(record).get("state")


def city_alternatives(city_or_county: str) -> set[str]:
    """The place names GVA's ``city_or_county`` accepts, folded."""
    main, _, rest = city_or_county.partition(" (")
    names = [main]
    inner = rest.rstrip(")").strip()
    if inner.casefold() == "county":
        names.append(f"{main} County")
    elif inner:
        names.append(inner)
    return {n for n in (norm_place(name) for name in names) if n}


def _parse_day(value: Any) -> Date | None:
    if not isinstance(value, str):
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


# --- evaluation ---------------------------------------------------------------------------


@dataclass(slots=True)
class _FieldTally:
    date_exact: int = 0
    date_near: int = 0
    state: int = 0
    state_total: int = 0
    city: int = 0
    city_total: int = 0
    killed: int = 0
    injured: int = 0
    participants: PRF = field(default_factory=PRF)


def evaluate(
    data_dir: Path,
    analyze: AnalyzeFn,
    *,
    split: str | None = None,
    limit: int | None = None,
    progress: ProgressFn | None = None,
    group: GroupFn | None = None,
) -> EvalReport:
    split = split or "dev"
    if split not in SPLITS:
        raise UsageError(f"gva has no split {split!r}", hint="Use --split dev, train or all.")
    require_dir(data_dir, "GVA", HINT)
    articles_path = require_file(data_dir / "articles.jsonl", "GVA articles", HINT)
    incidents = load_incidents(
        require_file(data_dir / "incidents.jsonl", "GVA incidents", HINT), split
    )
    report = EvalReport(task="gva", dataset=str(data_dir), split=split)
    resolver = group or group_by_ledger

    gold_of: dict[str, str] = {}  # article id -> gold incident id, in evaluation order
    analyses: list[AnalysisDict] = []

    items = limited(load_articles(articles_path, split), limit)
    for item, analysis in analyze_items(items, to_article, analyze, progress):
        report.items += 1
        gold_of[item.id] = item.incident_id
        if analysis is None:
            report.failed += 1
        else:
            analyses.append(analysis)
    if not gold_of:
        raise DatasetError(
            f"GVA: no {split} articles in {articles_path}", code="dataset_format", hint=HINT
        )

    # Predicted partition: each evaluated article in its first record, the rest singletons.
    records = resolver(analyses)
    cluster_of: dict[str, int] = {}
    clusters: list[tuple[list[str], dict[str, Any]]] = []
    for record in records:
        members = [
            a
            for a in dict.fromkeys(str(x) for x in record.get("articles") or [])
            if a in gold_of and a not in cluster_of
        ]
        if not members:
            continue
        for article_id in members:
            cluster_of[article_id] = len(clusters)
        clusters.append((members, record))
    for article_id in gold_of:
        if article_id not in cluster_of:
            cluster_of[article_id] = len(clusters)
            clusters.append(([article_id], {}))

    gold_clusters: dict[str, list[str]] = {}
    for article_id, incident_id in gold_of.items():
        gold_clusters.setdefault(incident_id, []).append(article_id)

    scores = score_clusters(gold_clusters.values(), (m for m, _ in clusters))
    report.counts = {
        "articles": report.items,
        "gold incidents": len(gold_clusters),
        "predicted incidents": len(clusters),
    }
    add_prf(report, "clustering", "muc", scores.muc, "links")
    add_prf(report, "clustering", "b3", scores.b_cubed, "articles")
    add_prf(report, "clustering", "ceafe", scores.ceaf_e, "incidents")
    report.add(
        "clustering", "conll_f1", scores.conll_f1, len(gold_of), "mean of MUC, B3, CEAF-e F1"
    )
    add_prf(report, "clustering", "pairwise", scores.pairwise, "article pairs")

    _score_fields(report, gold_clusters, incidents, cluster_of, clusters)
    if resolver is group_by_article:
        report.notes.append(
            "Predicted incidents: group_by_article (no cross-article "
            "resolution; one predicted incident per article)."
        )
    elif resolver is group_by_ledger:
        from newsledger.resolve import rule_name
        from newsledger.resolve.views import DEFAULT_VIEW, view_rule

        report.notes.append(
            f"Predicted incidents: the ledger's resolution ({rule_name()}), fields under "
            f"{view_rule(DEFAULT_VIEW)}."
        )
    return report


def _score_fields(
    report: EvalReport,
    gold_clusters: dict[str, list[str]],
    incidents: dict[str, GvaIncident],
    cluster_of: dict[str, int],
    clusters: list[tuple[list[str], dict[str, Any]]],
) -> None:
    tally = _FieldTally()
    killed_pairs: list[tuple[float, float]] = []
    injured_pairs: list[tuple[float, float]] = []
    scored = 0
    missing = 0
    for incident_id, members in gold_clusters.items():
        gold = incidents.get(incident_id)
        if gold is None:
            missing += 1
            continue
        scored += 1
        shared = Counter(cluster_of[a] for a in members)
        best = max(shared, key=lambda c: (shared[c], -len(clusters[c][0]), -c))
        record = clusters[best][1]

        predicted_day, gold_day = _parse_day(incident_date(record)), _parse_day(gold.date)
        tally.date_exact += predicted_day is not None and predicted_day == gold_day
        tally.date_near += (
            predicted_day is not None
            and gold_day is not None
            and abs((predicted_day - gold_day).days) <= 1
        )
        if gold.state_code:
            tally.state_total += 1
            state = _record_state(record)
            tally.state += isinstance(state, str) and state.upper() == gold.state_code.upper()
        if gold.city_or_county and (names := city_alternatives(gold.city_or_county)):
            tally.city_total += 1
            tally.city += norm_place(incident_city(record)) in names
        for key, gold_n, pairs in (
            ("killed", gold.killed, killed_pairs),
            ("injured", gold.injured, injured_pairs),
        ):
            predicted = as_count(record.get(key))
            if gold_n is None:
                continue
            if predicted == gold_n:
                if key == "killed":
                    tally.killed += 1
                else:
                    tally.injured += 1
            if predicted is not None:
                pairs.append((gold_n, predicted))
        tally.participants += multiset_matches(
            participant_pairs(record.get("participants")), gold.participants
        )
    section = "incident fields"
    report.add(section, "date_exact", ratio(tally.date_exact, scored), scored)
    report.add(section, "date_within_1_day", ratio(tally.date_near, scored), scored)
    report.add(section, "state_accuracy", ratio(tally.state, tally.state_total), tally.state_total)
    report.add(section, "city_accuracy", ratio(tally.city, tally.city_total), tally.city_total)
    report.add(section, "killed_exact", ratio(tally.killed, scored), scored)
    report.add(
        section,
        "killed_mae",
        mean_absolute_error(killed_pairs),
        len(killed_pairs),
        "incidents with a predicted count",
    )
    report.add(section, "injured_exact", ratio(tally.injured, scored), scored)
    report.add(
        section,
        "injured_mae",
        mean_absolute_error(injured_pairs),
        len(injured_pairs),
        "incidents with a predicted count",
    )
    add_prf(report, section, "participants", tally.participants, "(role, status) pairs")
    if missing:
        report.notes.append(
            f"{missing} gold incident(s) have no record in incidents.jsonl; "
            "they count for clustering only"
        )
