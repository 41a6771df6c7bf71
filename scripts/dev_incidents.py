"""Develop and score the incidents extractor (``newsledger.nlp.incidents``) before it is wired in.

    .venv/bin/python scripts/dev_incidents.py gva --split train [--limit N]
    .venv/bin/python scripts/dev_incidents.py gva --split dev
    .venv/bin/python scripts/dev_incidents.py gvdb --split dev
    .venv/bin/python scripts/dev_incidents.py sample
    .venv/bin/python scripts/dev_incidents.py show --split train --limit 10

Data is read from ``../shared/datasets`` (override with ``--data``); nothing from it is written
into the repository. Prints the markdown report and the extractor's share of the pipeline time.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsledger.article import Article
from newsledger.eval import run_eval
from newsledger.nlp import incidents, places
from newsledger.nlp.pipeline import Analyzer

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets"
TIMES = {"pipeline": 0.0, "incidents": 0.0}


def make_analyze(an: Analyzer) -> Any:
    places.load_gazetteer()  # built once per process (about 1 s): not part of the timing
    incidents.load_types()

    def analyze(articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
        items = list(articles)
        t0 = time.perf_counter()
        docs = list(an.nlp.pipe([a.text for a in items], batch_size=16))
        t1 = time.perf_counter()
        out = []
        for article, doc in zip(items, docs, strict=True):
            doc._.nl_published = article.published_at
            found = incidents.extract_incidents(doc, doc._.nl_published)
            out.append({**an._to_analysis(article, doc).to_dict(), "incidents": found})
        TIMES["pipeline"] += t1 - t0
        TIMES["incidents"] += time.perf_counter() - t1
        yield from out

    return analyze


def cmd_eval(args: argparse.Namespace) -> None:
    an = Analyzer()
    report = run_eval(
        args.command, Path(args.data) / args.command, make_analyze(an), split=args.split,
        limit=args.limit,
    )  # fmt: skip
    print(report.to_markdown())
    share = 100 * TIMES["incidents"] / max(TIMES["pipeline"], 1e-9)
    print(f"pipeline {TIMES['pipeline']:.1f}s, incidents {TIMES['incidents']:.1f}s ({share:.1f}%)")


def cmd_show(args: argparse.Namespace) -> None:
    an = Analyzer()
    path = Path(args.data) / "gva" / "articles.jsonl"
    gold = {}
    for line in (Path(args.data) / "gva" / "incidents.jsonl").read_text().splitlines():
        r = json.loads(line)
        gold[r["incident_id"]] = r
    rows = [json.loads(x) for x in path.read_text().splitlines()]
    rows = [r for r in rows if r["split"] == args.split][: args.limit]
    for r in rows:
        doc = an.nlp(r["text"])
        found = incidents.extract_incidents(doc, r["published"])
        g = gold[r["incident_id"]]
        inc = found[0] if found else {}
        loc = inc.get("location") or {}
        print(
            f"{r['id'][:8]} gold {g['date']} {g['state_code']} {g['city_or_county']!r} "
            f"k={g['killed']} i={g['injured']}\n         pred {(inc.get('date') or {}).get('value')}"
            f" {loc.get('state')} {loc.get('city')!r} k={inc.get('killed')} "
            f"i={inc.get('injured')} types={inc.get('types')}"
        )
        for p in inc.get("participants") or []:
            print(f"           {p['role']} {p['outcome']} n={p['count']} {p['description']!r}")


def cmd_sample(args: argparse.Namespace) -> None:
    an = Analyzer()
    base = Path(__file__).resolve().parents[1] / "src/newsledger/data/sample"
    gold = json.loads((base / "gold.json").read_text())
    for line in (base / "articles.jsonl").read_text().splitlines():
        record = json.loads(line)
        doc = an.nlp(record["text"])
        found = incidents.extract_incidents(doc, record.get("published"))
        want = (gold.get(record["id"]) or {}).get("incidents") or []
        print(f"## {record['id']}")
        for w in want[:1]:
            print(
                f"  gold {w.get('date')} {w.get('state')} {w.get('city')} k={w.get('killed')} "
                f"i={w.get('injured')} {w.get('types')}"
            )
        for inc in found:
            print(
                f"  pred {inc['date']['value']} {inc['location']['state']} "
                f"{inc['location']['city']} k={inc['killed']} i={inc['injured']} {inc['types']}"
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["gva", "gvdb", "sample", "show"])
    parser.add_argument("--split", default="train")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--data", default=str(DATA))
    args = parser.parse_args(argv)
    if args.command in ("gva", "gvdb"):
        cmd_eval(args)
    elif args.command == "show":
        cmd_show(args)
    else:
        cmd_sample(args)


if __name__ == "__main__":
    main()
