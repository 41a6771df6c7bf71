"""The main incident's time of day against the sample corpus's hand-written gold.

No public benchmark in ../shared/datasets scores the time of day; the fictional sample corpus
(``src/newsledger/data/sample``) has the time a careful reader takes from each article. Prints
each article's extracted and expected (time, date) and how many main-incident times match.

    .venv/bin/python scripts/dev_times.py
"""

from __future__ import annotations

import json
from pathlib import Path

from newsledger.article import Article
from newsledger.nlp.pipeline import Analyzer

SAMPLE = Path(__file__).resolve().parent.parent / "src" / "newsledger" / "data" / "sample"


def main() -> None:
    analyzer = Analyzer()
    gold = json.loads((SAMPLE / "gold.json").read_text("utf-8"))
    right = total = 0
    for line in (SAMPLE / "articles.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        article = Article.create(
            record["text"],
            id=record["id"],
            title=record.get("title"),
            published=record.get("published") or record.get("published_at"),
            outlet=record.get("outlet"),
        )
        found = analyzer.analyze(article).to_dict()["incidents"]
        got = (found[0]["date"]["time"], found[0]["date"]["value"]) if found else (None, None)
        expected = gold[record["id"]]["incidents"][0]
        want = (expected.get("time"), expected.get("date"))
        total += 1
        right += got[0] == want[0]
        print(f"{record['id'][:44]:44s} got {got}  expected {want}")
    print(f"main incident time right: {right} of {total}")


if __name__ == "__main__":
    main()
