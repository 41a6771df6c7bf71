"""The ingest flow as a library call: chunks, idempotency, and one bad analysis among good ones."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from newsledger.analysis import Analysis, Sentence
from newsledger.ingest import ingest
from newsledger.nlp.pipeline import Analyzer
from newsledger.store import open_store


def write_feed(path: Path, n: int) -> None:
    with path.open("w") as handle:
        for i in range(n):
            text = f"Story {i}. Troopers in Lane County stopped a van on Highway {i} on Sunday."
            handle.write(json.dumps({"id": f"s{i}", "text": text}) + "\n")


def test_a_bad_analysis_becomes_a_skip_and_its_chunk_is_still_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = tmp_path / "feed.jsonl"
    write_feed(feed, 6)
    original = Analyzer._to_analysis

    def corrupt_one(self: Analyzer, article, doc) -> Analysis:  # type: ignore[no-untyped-def]
        analysis = original(self, article, doc)
        if article.id == "s3":  # a span that ends before it starts: the store refuses it
            analysis = replace(analysis, sentences=[Sentence(10, 2)])
        return analysis

    monkeypatch.setattr(Analyzer, "_to_analysis", corrupt_one)
    with open_store("sqlite://") as store:
        report = ingest([str(feed)], store, batch_size=4)
        stored = sorted(a["article"]["id"] for a in store.iter_articles())
        skipped = store.skipped()
    assert stored == ["s0", "s1", "s2", "s4", "s5"]
    assert [s.origin.rsplit("/", 1)[-1] for s in report.skipped] == ["feed.jsonl:4"]
    assert report.skipped[0].code == "bad_analysis"
    assert [s["code"] for s in skipped] == ["bad_analysis"]
    assert report.stored == 5 and report.exit_code == 3


def test_origin_and_metadata_are_stored(tmp_path: Path) -> None:
    feed = tmp_path / "meta.jsonl"
    feed.write_text(
        json.dumps({"id": "m1", "text": "Police made an arrest.", "desk": "metro"}) + "\n"
    )
    with open_store("sqlite://") as store:
        report = ingest([str(feed)], store)
        record = store.get_article("m1")
    assert report.stored == 1
    assert record is not None
    assert record["stored"]["origin"].endswith("meta.jsonl:1")
    assert record["stored"]["metadata"] == {"desk": "metro"}


def test_duplicate_texts_in_one_input_are_stored_once(tmp_path: Path) -> None:
    feed = tmp_path / "dup.jsonl"
    row = {"text": "Deputies used a Taser in Yakima."}
    feed.write_text(json.dumps({**row, "id": "a"}) + "\n" + json.dumps({**row, "id": "b"}) + "\n")
    with open_store("sqlite://") as store:
        report = ingest([str(feed)], store)
        assert store.counts()["articles"] == 1
    assert (report.read, report.stored, report.unchanged) == (2, 1, 1)
