"""Develop and score the incidents extractor (``newsledger.nlp.incidents``) before it is wired in.

    .venv/bin/python scripts/dev_incidents.py gva --split train [--limit N]
    .venv/bin/python scripts/dev_incidents.py gva --split dev
    .venv/bin/python scripts/dev_incidents.py gvdb --split dev
    .venv/bin/python scripts/dev_incidents.py sample
    .venv/bin/python scripts/dev_incidents.py show --split train --limit 10
    .venv/bin/python scripts/dev_incidents.py counts gva --split train [--errors] [--all]
    .venv/bin/python scripts/dev_incidents.py counts gvdb --errors
    .venv/bin/python scripts/dev_incidents.py police gvdb [--errors]

Data is read from ``../shared/datasets`` (override with ``--data``); nothing from it is written
into the repository. ``counts`` scores the main incident's killed / injured per article as
``newsledger eval ... --grouping article`` does (GVA: the first article of each incident; ``--all``
scores every article) from parses cached under ``/tmp/newsledger-dev-incidents`` (the parse is
redone when the texts or the model change), and with ``--errors`` lists each miss with its kind
(``silence``: null where the gold says 0, which the contract keeps). Prints the markdown report and the extractor's share of the pipeline time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace
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


CACHE = Path("/tmp/newsledger-dev-incidents")


def _cached_docs(an: Analyzer, name: str, articles: list[Article]) -> list[Any]:
    """The parsed Docs (every component before the incidents one), cached under /tmp."""
    from spacy.tokens import DocBin

    key = hashlib.sha256(
        "\0".join([an.nlp.meta.get("name", ""), *(a.text for a in articles)]).encode()
    ).hexdigest()[:16]
    path = CACHE / f"{name}-{key}.spacy"
    # the sentence labels (the incidents skip boilerplate and opinion-only articles), kept apart:
    # the DocBin cannot hold the Sentence objects
    labels_path = path.with_suffix(".labels.json")
    if path.exists() and labels_path.exists():
        docs = list(DocBin().from_disk(path).get_docs(an.nlp.vocab))
    else:
        with an.nlp.select_pipes(disable=[incidents.INCIDENTS]):
            docs = list(an.nlp.pipe([an._make_doc(a) for a in articles], batch_size=16))
        labels_path.parent.mkdir(parents=True, exist_ok=True)
        labels_path.write_text(
            json.dumps(
                [
                    [
                        [(x.start, x.end, x.label, x.score) for x in doc._.nl_sentences],
                        doc._.nl_stance,
                    ]
                    for doc in docs
                ]
            )
        )
        bin_ = DocBin(store_user_data=True)
        for doc in docs:
            keep = {"nl_claims"}
            for k in list(doc.user_data):
                if isinstance(k, tuple) and len(k) > 1 and k[1] not in keep:
                    del doc.user_data[k]
            bin_.add(doc)
        CACHE.mkdir(parents=True, exist_ok=True)
        bin_.to_disk(path)
    for doc, (sents, stance) in zip(docs, json.loads(labels_path.read_text()), strict=True):
        doc._.nl_sentences = [
            SimpleNamespace(start=a, end=b, label=c, score=d) for a, b, c, d in sents
        ]
        doc._.nl_stance = stance
    for doc, article in zip(docs, articles, strict=True):
        doc._.nl_published = article.published_at
        doc._.nl_url = article.url
        doc._.nl_title = article.title
    return docs


def _count_rows(args: argparse.Namespace) -> list[tuple[Article, int, int, bool]]:
    """(article, gold killed, gold injured, scored by the per-article eval)."""
    from newsledger.eval import gva, gvdb

    base = Path(args.data) / args.dataset
    rows: list[tuple[Article, int, int, bool]] = []
    if args.dataset == "gva":
        gold = gva.load_incidents(base / "incidents.jsonl", args.split)
        seen: set[str] = set()
        for item in gva.load_articles(base / "articles.jsonl", args.split):
            g = gold[item.incident_id]
            article = gva.to_article(item)
            rows.append((article, g.killed or 0, g.injured or 0, item.incident_id not in seen))
            seen.add(item.incident_id)
    else:
        for v in gvdb.load_articles(base / "dev.jsonl"):
            article = Article.create(v.text, id=v.id, title=v.title, url=v.url)
            rows.append((article, v.killed, v.injured, True))
    return rows[: args.limit]


def cmd_counts(args: argparse.Namespace) -> None:
    an = Analyzer()
    rows = _count_rows(args)
    docs = _cached_docs(an, f"{args.dataset}-{args.split}", [r[0] for r in rows])
    hits = {"killed": 0, "injured": 0}
    kinds: dict[str, int] = {}
    scored = 0
    t0 = time.perf_counter()
    for (article, g_killed, g_injured, first), doc in zip(rows, docs, strict=True):
        if not (first or args.all):
            continue
        scored += 1
        found = incidents.extract_incidents(doc, doc._.nl_published, doc._.nl_url)
        main = next((i for i in found if i["role"] == "main"), None) or {}
        misses = []
        for key, want in (("killed", g_killed), ("injured", g_injured)):
            got = main.get(key)
            if got == want:
                hits[key] += 1
                continue
            kind = "silence" if got is None and want == 0 else "null" if got is None else "wrong"
            kind = f"{key}:{kind}"
            kinds[kind] = kinds.get(kind, 0) + 1
            misses.append(f"{key} gold {want} pred {got} ({kind})")
        if misses and args.errors:
            print(f"## {article.id} ({args.dataset} {args.split})  " + "; ".join(misses))
            for p in main.get("participants") or []:
                ev = " | ".join(e["text"] for e in p["evidence"])[:160]
                print(f"   {p['role']} {p['outcome']} n={p['count']} {ev!r}")
            if args.text:
                print("   " + article.text[: args.text].replace("\n", " "))
    elapsed = time.perf_counter() - t0
    print(
        f"{args.dataset} {args.split}: {scored} scored, killed_exact "
        f"{hits['killed'] / max(scored, 1):.3f}, injured_exact {hits['injured'] / max(scored, 1):.3f}"
        f" ({elapsed:.1f}s extraction)"
    )
    print("misses: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))


def cmd_police(args: argparse.Namespace) -> None:
    """GVDB's "the shooting was by a police officer" against the harness's rule, with misses."""
    from newsledger.eval import gvdb

    an = Analyzer()
    items = [v for v in gvdb.load_articles(Path(args.data) / "gvdb" / "dev.jsonl")]
    items = items[: args.limit]
    articles = [Article.create(v.text, id=v.id, title=v.title, url=v.url) for v in items]
    docs = _cached_docs(an, "gvdb-dev", articles)
    tp = fp = fn = 0
    for item, doc in zip(items, docs, strict=True):
        if item.police_shooting is None:
            continue
        found = incidents.extract_incidents(doc, doc._.nl_published, doc._.nl_url)
        main = next((i for i in found if i["role"] == "main"), None)
        gold, pred = item.police_shooting == "yes", gvdb.predicts_police_shooting(main)
        tp, fp, fn = tp + (gold and pred), fp + (pred and not gold), fn + (gold and not pred)
        if args.errors and gold != pred:
            kind = "fp" if pred else "fn"
            weapons = (main or {}).get("weapons")
            print(f"## {item.id} {kind} types={(main or {}).get('types')} weapons={weapons}")
            if args.text:
                print("   " + doc.text[: args.text].replace("\n", " "))
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    f1 = 2 * p * r / max(p + r, 1e-9)
    print(f"gvdb dev police_shooting: tp {tp} fp {fp} fn {fn}  P {p:.3f} R {r:.3f} F1 {f1:.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["gva", "gvdb", "sample", "show", "counts", "police"])
    parser.add_argument("dataset", nargs="?", choices=["gva", "gvdb"], default="gva")
    parser.add_argument("--split", default="train")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--errors", action="store_true", help="counts: list each miss")
    parser.add_argument("--all", action="store_true", help="counts: score every article")
    parser.add_argument("--text", type=int, default=0, help="counts: show N characters")
    args = parser.parse_args(argv)
    if args.command in ("gva", "gvdb"):
        cmd_eval(args)
    elif args.command == "counts":
        if args.dataset == "gvdb":
            args.split = "dev"
        cmd_counts(args)
    elif args.command == "show":
        cmd_show(args)
    elif args.command == "police":
        cmd_police(args)
    else:
        cmd_sample(args)


if __name__ == "__main__":
    main()
