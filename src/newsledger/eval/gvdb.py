"""Gun Violence Database: per-article field accuracy of the main incident.

**Gold.** ``dev.jsonl`` (or ``<split>.jsonl``), one article a line with a ``gold`` record.
Killed = victims whose outcomes include ``killed``; injured = victims with ``injured`` or
``hospitalized`` but not ``killed``. GVDB's victims are the people shot; shooters are not
counted, while newsledger's ``killed`` / ``injured`` count everyone (officers and suspects
included), which can cost a correct system a little.

**Prediction.** The analysis's main incident (the first with ``role: main``): ``location.state``
(two-letter), ``location.city``, ``date.value``, ``killed``, ``injured``. An article without one
predicts nothing. A police shooting is predicted when the main incident has a type containing
``shooting`` and a firearm ``held_by: officer`` (the extractor's reading that officers fired;
naming an agency or an officer is not enough, since nearly every shooting story says "police
said").

**Scores.** ``state_accuracy`` (vs ``state_code``, case-insensitive) and ``city_accuracy``
(case and punctuation folded; a record placed no finer than a county is compared by its
county, as GVDB's answers sometimes name one) over the articles whose gold has them; ``date_exact`` over those
with a gold date; ``killed_exact`` / ``injured_exact`` over all articles and ``killed_mae`` /
``injured_mae`` over those with a predicted count; ``police_shooting`` P/R/F1 of the ``yes``
class over the articles whose gold is ``yes`` or ``no`` ("not mentioned" left out);
``coverage`` = articles with any incident, ``main_coverage`` = with a main incident.
Everything missing or failed counts as wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.article import Article
from newsledger.errors import DatasetError
from newsledger.eval.common import (
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
from newsledger.eval.metrics import PRF, add_prf, mean_absolute_error, ratio
from newsledger.eval.report import EvalReport

HINT = "Point --data at the gvdb folder holding dev.jsonl (one article a line with `gold`)."


@dataclass(frozen=True, slots=True)
class GvdbArticle:
    id: str
    text: str
    title: str | None
    url: str | None
    state_code: str | None
    city: str | None
    date: str | None
    killed: int
    injured: int
    police_shooting: str | None  # "yes" | "no" | None (not mentioned)


def gold_counts(victims: list[dict[str, Any]]) -> tuple[int, int]:
    killed = injured = 0
    for victim in victims:
        outcomes = set(victim.get("outcomes") or [])
        if "killed" in outcomes:
            killed += 1
        elif outcomes & {"injured", "hospitalized"}:
            injured += 1
    return killed, injured


def unglue_title(text: str, title: str | None) -> str:
    """GVDB stores the title glued to the body with no separator ("...Los Angeles TimesJassely
    Lupoe, a 5-year-old ..."): give it back its own paragraph, as a page would, so that neither
    the sentence splitter nor the boilerplate rules read the title and the lead as one line. Only
    the separator is added; the gold's offsets are not used by this evaluation."""
    if title and text.startswith(title) and text[len(title) :].strip():
        return f"{title}\n\n{text[len(title) :].lstrip()}"
    return text


def load_articles(path: Path) -> Iterator[GvdbArticle]:
    for record in read_jsonl(path, HINT):
        gold = required(record, "gold", path, HINT)
        text = required(record, "text", path, HINT)
        if not isinstance(gold, dict) or not isinstance(text, str):
            raise DatasetError(
                f"{path}: `gold` must be an object and `text` a string",
                code="dataset_format",
                hint=HINT,
            )
        title = record.get("title") or None
        city = gold.get("city")
        killed, injured = gold_counts([v for v in gold.get("victims") or [] if isinstance(v, dict)])
        police = gold.get("police_shooting")
        yield GvdbArticle(
            id=str(required(record, "id", path, HINT)),
            text=unglue_title(text, title),
            title=title,
            url=record.get("url") or None,
            state_code=gold.get("state_code") or None,
            city=city.get("value") if isinstance(city, dict) else None,
            date=gold.get("date") or None,
            killed=killed,
            injured=injured,
            police_shooting=police if police in ("yes", "no") else None,
        )


def predicts_police_shooting(incident: dict[str, Any] | None) -> bool:
    if not incident:
        return False
    types = [t for t in incident.get("types") or [] if isinstance(t, str)]
    if not any("shooting" in t for t in types):
        return False
    return any(
        isinstance(w, dict) and w.get("kind") == "firearm" and w.get("held_by") == "officer"
        for w in incident.get("weapons") or []
    )


@dataclass(slots=True)
class _Field:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.hits += hit


def evaluate(
    data_dir: Path,
    analyze: AnalyzeFn,
    *,
    split: str | None = None,
    limit: int | None = None,
    progress: ProgressFn | None = None,
) -> EvalReport:
    split = split or "dev"
    require_dir(data_dir, "GVDB", HINT)
    path = require_file(data_dir / f"{split}.jsonl", f"GVDB split {split!r}", HINT)
    report = EvalReport(task="gvdb", dataset=str(data_dir), split=split)
    state, city, date, killed, injured = _Field(), _Field(), _Field(), _Field(), _Field()
    killed_pairs: list[tuple[float, float]] = []
    injured_pairs: list[tuple[float, float]] = []
    police = PRF()
    police_yes = police_no = 0
    with_incident = with_main = 0

    def to_article(item: GvdbArticle) -> Article:
        return Article.create(item.text, id=item.id, title=item.title, url=item.url)

    items = limited(load_articles(path), limit)
    for item, analysis in analyze_items(items, to_article, analyze, progress):
        report.items += 1
        if analysis is None:
            report.failed += 1
        if analysis and analysis.get("incidents"):
            with_incident += 1
        incident = main_incident(analysis)
        with_main += incident is not None
        _score_fields(item, incident, state, city, date)
        for gold_n, key, tally, pairs in (
            (item.killed, "killed", killed, killed_pairs),
            (item.injured, "injured", injured, injured_pairs),
        ):
            predicted = as_count((incident or {}).get(key))
            tally.add(predicted == gold_n)
            if predicted is not None:
                pairs.append((gold_n, predicted))
        if item.police_shooting is not None:
            gold_yes = item.police_shooting == "yes"
            police_yes += gold_yes
            police_no += not gold_yes
            pred_yes = predicts_police_shooting(incident)
            police += PRF.from_counts(int(gold_yes and pred_yes), int(pred_yes), int(gold_yes))
    if report.items == 0:
        raise DatasetError(f"{path}: no articles", code="dataset_format", hint=HINT)

    n = report.items
    report.counts = {
        "articles": n,
        "with gold state": state.total,
        "with gold city": city.total,
        "police_shooting yes": police_yes,
        "police_shooting no": police_no,
    }
    report.add("incident", "coverage", ratio(with_incident, n), n, "articles with any incident")
    report.add("incident", "main_coverage", ratio(with_main, n), n, "with a main incident")
    report.add("place", "state_accuracy", ratio(state.hits, state.total), state.total)
    report.add("place", "city_accuracy", ratio(city.hits, city.total), city.total)
    report.add("time", "date_exact", ratio(date.hits, date.total), date.total)
    report.add("victims", "killed_exact", ratio(killed.hits, killed.total), killed.total)
    report.add(
        "victims",
        "killed_mae",
        mean_absolute_error(killed_pairs),
        len(killed_pairs),
        "articles with a predicted count",
    )
    report.add("victims", "injured_exact", ratio(injured.hits, injured.total), injured.total)
    report.add(
        "victims",
        "injured_mae",
        mean_absolute_error(injured_pairs),
        len(injured_pairs),
        "articles with a predicted count",
    )
    add_prf(report, "police_shooting", "yes", police, "gold yes/no only")
    report.notes.append(
        "Gold killed/injured count GVDB victims only; predicted counts include "
        "everyone (officers, suspects)."
    )
    return report


def _score_fields(
    item: GvdbArticle, incident: dict[str, Any] | None, state: _Field, city: _Field, date: _Field
) -> None:
    location = incident_location(incident)
    if item.state_code:
        predicted = location.get("state")
        state.add(isinstance(predicted, str) and predicted.upper() == item.state_code.upper())
    gold_city = norm_place(item.city)
    if gold_city:
        city.add(norm_place(incident_city(incident)) == gold_city)
    if item.date:
        date.add(incident_date(incident) == item.date)
