"""EvalReport rendering: rows, Markdown, JSON."""

from __future__ import annotations

import json

import pytest

from newsledger.eval.report import EvalReport, MetricRow


def _report() -> EvalReport:
    report = EvalReport(task="demo", dataset="/data/demo", split="dev", items=3, failed=1)
    report.counts = {"sentences": 3}
    report.add("UW", "mae", 0.25, 3, "covered | events")
    report.add("UW", "pearson", None, 0)
    report.add("", "count", 7)
    report.notes.append("a note")
    return report


def test_rows_format_values() -> None:
    assert _report().rows() == [
        ("UW", "mae", "0.2500", "3", "covered | events"),
        ("UW", "pearson", "n/a", "0", ""),
        ("", "count", "7", "", ""),
    ]
    assert EvalReport.COLUMNS == ("section", "metric", "value", "n", "notes")


def test_get_by_key() -> None:
    report = _report()
    assert report.value("UW/mae") == 0.25
    assert report.get("count") == MetricRow("", "count", 7)
    with pytest.raises(KeyError):
        report.get("UW/nothing")


def test_to_dict_is_json() -> None:
    data = json.loads(json.dumps(_report().to_dict()))
    assert data["schema"] == "newsledger.eval/1"
    assert data["task"] == "demo" and data["split"] == "dev" and data["failed"] == 1
    assert data["metrics"][1] == {
        "section": "UW",
        "name": "pearson",
        "value": None,
        "n": 0,
        "notes": "",
    }


def test_to_markdown_has_a_table_and_escapes_pipes() -> None:
    text = _report().to_markdown()
    assert text.startswith("# newsledger eval: demo\n")
    assert "| section | metric | value | n | notes |" in text
    assert "| UW | mae | 0.2500 | 3 | covered \\| events |" in text
    assert "- a note" in text
