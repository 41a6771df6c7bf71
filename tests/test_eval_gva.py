"""GVA documents -> incidents clustering and incident fields on invented records."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger.article import Article
from newsledger.errors import DatasetError, UsageError
from newsledger.eval import group_by_article, gva, run_eval
from newsledger.eval.common import incident_city, norm_place
from newsledger.eval.gva import city_alternatives, participant_pairs


def _participant(role: str, *status: str) -> dict[str, Any]:
    return {
        "role": role,
        "status": list(status),
        "name": None,
        "age": None,
        "gender": None,
        "age_group": None,
        "relationship": None,
    }


INCIDENTS: list[dict[str, Any]] = [
    {
        "incident_id": "101",
        "split": "dev",
        "date": "2014-03-02",
        "state": "Texas",
        "state_code": "TX",
        "city_or_county": "Austin",
        "address": None,
        "killed": 1,
        "injured": 0,
        "participants": [
            _participant("victim", "killed"),
            _participant("suspect", "unharmed", "arrested"),
        ],
        "article_ids": ["a1", "a2"],
    },
    {
        "incident_id": "102",
        "split": "dev",
        "date": "2014-04-10",
        "state": "Ohio",
        "state_code": "OH",
        "city_or_county": "Dayton (Harrison Township)",
        "address": None,
        "killed": 0,
        "injured": 2,
        "participants": [_participant("victim", "injured"), _participant("victim", "injured")],
        "article_ids": ["a3"],
    },
    {
        "incident_id": "103",
        "split": "dev",
        "date": "2014-05-20",
        "state": "Iowa",
        "state_code": "IA",
        "city_or_county": "Webster (county)",
        "address": None,
        "killed": 2,
        "injured": 1,
        "participants": [
            _participant("victim", "killed"),
            _participant("victim", "killed"),
            _participant("victim", "injured"),
        ],
        "article_ids": ["a4", "a5", "a6"],
    },
    {
        "incident_id": "201",
        "split": "train",
        "date": "2013-01-01",
        "state": "Utah",
        "state_code": "UT",
        "city_or_county": "Provo",
        "address": None,
        "killed": 0,
        "injured": 1,
        "participants": [_participant("victim", "injured")],
        "article_ids": ["t1"],
    },
]
GOLD_OF = {a: i["incident_id"] for i in INCIDENTS for a in i["article_ids"]}
SPLIT_OF = {a: i["split"] for i in INCIDENTS for a in i["article_ids"]}

# What a perfect extractor would say of each incident, in the contract's shape.
RIGHT = {
    "101": {
        "date": "2014-03-02",
        "state": "TX",
        "city": "Austin",
        "killed": 1,
        "injured": 0,
        "participants": [
            {"role": "victim", "outcome": "killed", "count": 1},
            {"role": "subject", "outcome": "uninjured", "count": None},
            {"role": "subject", "outcome": "arrested", "count": 1},
            {"role": "officer", "outcome": "uninjured", "count": 2},
        ],
    },
    "102": {
        "date": "2014-04-10",
        "state": "OH",
        "city": "Harrison Township",
        "killed": 0,
        "injured": 2,
        "participants": [{"role": "victim", "outcome": "injured", "count": 2}],
    },
    "103": {
        "date": "2014-05-20",
        "state": "IA",
        "city": "Webster County",
        "killed": 2,
        "injured": 1,
        "participants": [
            {"role": "victim", "outcome": "killed", "count": 2},
            {"role": "bystander", "outcome": "injured", "count": 1},
        ],
    },
}


def write_data(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    with (root / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for article_id in ["a1", "a2", "a3", "a4", "a5", "a6", "t1"]:
            handle.write(
                json.dumps(
                    {
                        "id": article_id,
                        "incident_id": GOLD_OF[article_id],
                        "split": SPLIT_OF[article_id],
                        "title": f"Invented report {article_id}",
                        "published": "2014-06-01",
                        "url": f"http://archive.test/{article_id}",
                        "original_url": f"http://news.test/{article_id}",
                        "text": f"Invented text of report {article_id} about a shooting.",
                    }
                )
                + "\n"
            )
    with (root / "incidents.jsonl").open("w", encoding="utf-8") as handle:
        for record in INCIDENTS:
            handle.write(json.dumps(record) + "\n")
    return root


def analyze_with(incidents_for: dict[str, dict[str, Any]], seen: list[Article] | None = None):
    def analyze(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        for article in articles:
            if seen is not None:
                seen.append(article)
            if article.id == "a6":
                yield None  # a failed article
                continue
            fields = incidents_for.get(article.id)
            incidents = []
            if fields:
                incidents.append(
                    {
                        "role": "main",
                        "types": ["shooting"],
                        "date": {"value": fields["date"]},
                        "location": {"state": fields["state"], "city": fields["city"]},
                        "agencies": [],
                        "participants": fields["participants"],
                        "killed": fields["killed"],
                        "injured": fields["injured"],
                    }
                )
            yield {
                "article": {"id": article.id},
                "sentences": [],
                "claims": [],
                "incidents": incidents,
            }

    return analyze


def oracle_group(analyses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_incident: dict[str, list[str]] = {}
    for analysis in analyses:
        article_id = analysis["article"]["id"]
        by_incident.setdefault(GOLD_OF[article_id], []).append(article_id)
    # a6 failed, so the resolver never saw it; list it anyway, as a resolver that knows it would
    by_incident["103"].append("a6")
    return [{"articles": ids, **RIGHT[incident]} for incident, ids in by_incident.items()]


def test_perfect_grouping_and_fields(tmp_path: Path) -> None:
    seen: list[Article] = []
    report = run_eval("gva", write_data(tmp_path), analyze_with({}, seen), group=oracle_group)
    assert report.items == 6 and report.failed == 1 and report.split == "dev"
    assert report.counts == {"articles": 6, "gold incidents": 3, "predicted incidents": 3}
    for row in report.metrics:
        if row.name.endswith("_mae"):
            assert row.value == 0.0
        else:
            assert row.value == pytest.approx(1.0), row.key
    assert seen[0].published_at == "2014-06-01"
    assert seen[0].url == "http://news.test/a1"


def test_article_grouping_is_all_singletons(tmp_path: Path) -> None:
    # a1 and a3 carry the right main incident; the others have none.
    analyze = analyze_with({"a1": RIGHT["101"], "a3": RIGHT["102"]})
    report = run_eval("gva", write_data(tmp_path), analyze, group=gva.group_by_article)
    assert report.counts["predicted incidents"] == 6
    assert report.value("clustering/muc_r") == 0.0
    assert report.value("clustering/b3_p") == pytest.approx(1.0)
    assert report.value("clustering/b3_r") == pytest.approx(0.5)
    phi = 2 / 3 + 1 + 0.5
    assert report.value("clustering/ceafe_r") == pytest.approx(phi / 3)
    assert report.value("clustering/ceafe_p") == pytest.approx(phi / 6)
    assert report.value("clustering/pairwise_f1") == 0.0
    b3_f1 = 2 * 0.5 / 1.5
    ceaf_f1 = 2 * (phi / 3) * (phi / 6) / (phi / 3 + phi / 6)
    assert report.value("clustering/conll_f1") == pytest.approx((0 + b3_f1 + ceaf_f1) / 3)
    # incident 101 is matched to a1's singleton (tie with a2, first wins), 102 to a3's
    assert report.value("incident fields/date_exact") == pytest.approx(2 / 3)
    assert report.value("incident fields/city_accuracy") == pytest.approx(2 / 3)
    assert report.value("incident fields/killed_mae") == 0.0
    assert report.get("incident fields/killed_mae").n == 2
    # participants: gold pairs 3 + 2 + 3 = 8; predicted for 101: 1 + 1 + 1 (officers uninjured
    # are not GVA participants); for 102: 2
    assert report.value("incident fields/participants_p") == 1.0
    assert report.value("incident fields/participants_r") == pytest.approx(5 / 8)
    assert any("group_by_article" in note for note in report.notes)


def test_date_within_one_day(tmp_path: Path) -> None:
    off_by_one = {**RIGHT["101"], "date": "2014-03-03"}
    report = run_eval(
        "gva", write_data(tmp_path), analyze_with({"a1": off_by_one}), group=gva.group_by_article
    )
    assert report.value("incident fields/date_exact") == 0.0
    assert report.value("incident fields/date_within_1_day") == pytest.approx(1 / 3)


def test_group_by_article_records() -> None:
    analyses: list[dict[str, Any]] = [
        {
            "article": {"id": "x"},
            "incidents": [
                {"role": "background", "date": {"value": "2000-01-01"}},
                {
                    "role": "main",
                    "date": {"value": "2014-03-02"},
                    "location": {"state": "TX"},
                    "killed": 1,
                    "participants": [],
                },
            ],
        },
        {"article": {"id": "y"}, "incidents": []},
    ]
    records = group_by_article(analyses)
    assert records[0] == {
        "articles": ["x"],
        "date": "2014-03-02",
        "state": "TX",
        "city": None,
        "killed": 1,
        "injured": None,
        "participants": [],
    }
    assert records[1]["articles"] == ["y"] and records[1]["date"] is None


def test_an_incident_placed_by_county_only_is_scored_by_its_county(tmp_path: Path) -> None:
    """GVA's "Webster (county)": a main incident whose location goes no finer than Webster
    County is right under both groupings; one that names a city there is wrong."""
    analyses: list[dict[str, Any]] = [
        {
            "article": {"id": "x"},
            "incidents": [
                {
                    "role": "main",
                    "location": {
                        "state": "IA",
                        "city": None,
                        "county": "Webster County",
                        "precision": "county",
                    },
                }
            ],
        }
    ]
    assert group_by_article(analyses)[0]["city"] == "Webster County"

    def analyze(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        for article in articles:
            location = {"state": "IA", "city": None, "county": "Webster County"}
            if article.id in ("a4", "a5"):  # incident 103, "Webster (county)"
                location["precision"] = "county"
            elif article.id != "a6":
                location = {"state": "IA", "city": "Fort Dodge", "county": "Webster County"}
            yield {
                "article": {"id": article.id},
                "incidents": [{"role": "main", "location": location}],
            }

    report = run_eval("gva", write_data(tmp_path), analyze, group=gva.group_by_article)
    # 101 (Austin) and 102 (Harrison Township) are wrong, 103 right: a county answer counts
    assert report.value("incident fields/city_accuracy") == pytest.approx(1 / 3)


def test_helpers() -> None:
    assert city_alternatives("Dayton (Harrison Township)") == {"dayton", "harrison township"}
    assert city_alternatives("Webster (county)") == {"webster", "webster county"}
    # abbreviations are written out: "St. Louis" and "Saint Louis" are one name
    assert city_alternatives("St. Louis") == {"saint louis"}
    assert norm_place("Ft. Myers") == norm_place("FORT MYERS") == "fort myers"
    assert norm_place("Mt. Vernon") == "mount vernon"
    # a record placed no finer than a county is compared by its county ("Polk (county)")
    county_only = {"location": {"city": None, "county": "Polk County", "precision": "county"}}
    assert incident_city(county_only) == "Polk County"
    assert incident_city({"location": {"city": "Lakeland", "county": "Polk County"}}) == "Lakeland"
    assert (
        incident_city({"location": {"city": None, "county": "Polk County", "precision": "state"}})
        is None
    )
    assert participant_pairs(
        [
            {"role": "officer", "outcome": "injured"},
            {"role": "subject", "outcome": "unknown"},
            {"role": "victim", "outcome": "killed", "count": 3},
        ]
    ) == [("victim", "injured"), ("victim", "killed"), ("victim", "killed"), ("victim", "killed")]


def test_splits_limit_and_errors(tmp_path: Path) -> None:
    write_data(tmp_path)
    assert run_eval("gva", tmp_path, analyze_with({}), split="train").items == 1
    assert run_eval("gva", tmp_path, analyze_with({}), split="all").items == 7
    limited = run_eval("gva", tmp_path, analyze_with({}), limit=2)
    assert limited.items == 2 and limited.counts["gold incidents"] == 1
    with pytest.raises(UsageError):
        run_eval("gva", tmp_path, analyze_with({}), split="test")
    with pytest.raises(DatasetError):
        run_eval("gva", tmp_path / "missing", analyze_with({}))
    (tmp_path / "incidents.jsonl").unlink()
    with pytest.raises(DatasetError, match="incidents"):
        run_eval("gva", tmp_path, analyze_with({}))


def test_ledger_grouping_merges_reports_of_one_incident() -> None:
    from test_resolve import lander, riverton_1, riverton_2

    records = gva.group_by_ledger([riverton_1(), lander(), riverton_2()])
    groups = sorted(sorted(r["articles"]) for r in records)
    assert groups == [["lander-1"], ["riverton-1", "riverton-2"]]
    riverton = next(r for r in records if "riverton-1" in r["articles"])
    assert (riverton["state"], riverton["city"], riverton["killed"]) == ("WY", "Riverton", 0)
    assert riverton["date"]["value"] == "2026-03-02"
    # An analysis the store refuses is left out; the others are still grouped.
    broken = {"article": {"id": "broken"}, "incidents": []}
    assert len(gva.group_by_ledger([riverton_1(), broken])) == 1
