"""Develop and score the claims extractor (``newsledger.nlp.attribution``) on cached parses.

    .venv/bin/python scripts/dev_claims.py polnear --split train --limit 150 [--cache]
    .venv/bin/python scripts/dev_claims.py polnear --split dev
    .venv/bin/python scripts/dev_claims.py factuality --split dev
    .venv/bin/python scripts/dev_claims.py errors --split train --limit 30 [--role cue]
    .venv/bin/python scripts/dev_claims.py pairs --split train --role source [--show 60]
    .venv/bin/python scripts/dev_claims.py events --split train --limit 40 [--corpus uw]
    .venv/bin/python scripts/dev_claims.py sample
    .venv/bin/python scripts/dev_claims.py timing --split dev --limit 40

``--cache`` keeps the parsed Docs (spaCy's DocBin, with the sentence labels beside them) under
``/tmp/newsledger-claims-cache`` so that rule changes can be re-scored without re-parsing. Data
is read from ``../shared/datasets`` (override with ``--data``); nothing from it is written into
the repository.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin

from newsledger.analysis import Sentence
from newsledger.article import Article
from newsledger.eval import run_eval
from newsledger.eval.common import span_bounds
from newsledger.eval.factuality import certainty_score, load_sentences
from newsledger.eval.polnear import load_polnear, normalize, predicted_attributions
from newsledger.nlp.attribution import extract_claims as _extract_claims
from newsledger.nlp.cuegate import gate_setting
from newsledger.nlp.pipeline import Analyzer

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets"
CACHE = Path("/tmp/newsledger-claims-cache")


def extract_claims(doc: Doc) -> list[dict[str, Any]]:
    """The claims of ``doc``, with the cue gate ``NEWSLEDGER_CUE_GATE`` names, if any."""
    return _extract_claims(doc, gate_setting())


def docs_for(an: Analyzer, texts: list[str], key: str | None) -> list[Doc]:
    """Parsed Docs for ``texts``, from the cache under ``key`` when there is one."""
    if key is not None:
        path = CACHE / f"{key}.spacy"
        meta = CACHE / f"{key}.json"
        if path.is_file() and meta.is_file():
            docs = list(DocBin().from_disk(path).get_docs(an.nlp.vocab))
            sentences = json.loads(meta.read_text())
            if len(docs) == len(texts) and all(
                d.text == t for d, t in zip(docs, texts, strict=True)
            ):
                for doc, sents in zip(docs, sentences, strict=True):
                    doc._.nl_sentences = [Sentence(s, e, label) for s, e, label in sents]
                return docs
    docs = list(an.nlp.pipe(texts, batch_size=16))
    if key is not None:
        CACHE.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(CACHE / f"{key}.spacy")
        (CACHE / f"{key}.json").write_text(
            json.dumps([[[s.start, s.end, s.label] for s in d._.nl_sentences or []] for d in docs])
        )
    return docs


def make_analyze(an: Analyzer, key: str | None) -> Any:
    def analyze(articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
        items = list(articles)
        docs = docs_for(an, [a.text for a in items], key)
        for article, doc in zip(items, docs, strict=True):
            yield {**an._to_analysis(article, doc).to_dict(), "claims": extract_claims(doc)}

    return analyze


def cmd_eval(args: argparse.Namespace, task: str) -> None:
    an = Analyzer()
    key = f"{task}-{args.split}-{args.limit}" if args.cache else None
    data = Path(args.data) / task
    report = run_eval(task, data, make_analyze(an, key), split=args.split, limit=args.limit)
    print(report.to_markdown())


def cmd_errors(args: argparse.Namespace) -> None:
    """Print gold and predicted spans of one role side by side for a few articles."""
    an = Analyzer()
    split_dir = Path(args.data) / "polnear" / args.split
    items = list(load_polnear(split_dir))[: args.limit]
    docs = docs_for(an, [a.text for a in items], f"polnear-{args.split}-{args.limit}")
    role = args.role
    for item, doc in zip(items, docs, strict=True):
        text = item.text
        pred = predicted_attributions({"claims": extract_claims(doc)}, len(text))
        gold_n = {n for a in item.attributions if (n := normalize(a.role(role), text))}
        pred_n = {n for a in pred if (n := normalize(a.role(role), text))}

        def show(segs: Any, text: str = text) -> str:
            return " | ".join(text[s:e] for s, e in segs)[:140].replace("\n", " ")

        for segs in sorted(gold_n - pred_n):
            print(f"MISS {item.name[:30]} {show(segs)!r}")
        for segs in sorted(pred_n - gold_n):
            print(f"FP   {item.name[:30]} {show(segs)!r}")


def _overlaps(a: Any, b: Any) -> bool:
    return bool(a and b) and any(s < e2 and s2 < e for s, e in a for s2, e2 in b)


def cmd_pairs(args: argparse.Namespace) -> None:
    """Gold attributions paired with the predicted one whose cue overlaps theirs: counts of
    how the ``--role`` span differs (missed claim, no span, wrong span), then examples of the
    wrong spans, gold first."""
    an = Analyzer()
    split_dir = Path(args.data) / "polnear" / args.split
    items = list(load_polnear(split_dir))[: args.limit]
    docs = docs_for(an, [a.text for a in items], f"polnear-{args.split}-{args.limit}")
    role = args.role
    counts: dict[str, int] = {}
    shown: list[str] = []
    for item, doc in zip(items, docs, strict=True):
        text = item.text
        pred = predicted_attributions({"claims": extract_claims(doc)}, len(text))
        for gold in item.attributions:
            g = normalize(gold.role(role), text)
            if g is None:
                continue
            match = next((p for p in pred if _overlaps(p.cue, gold.cue)), None)
            if match is None:
                match = next((p for p in pred if _overlaps(p.content, gold.content)), None)
                kind = "no claim" if match is None else "claim, other cue"
                if match is None:
                    counts[kind] = counts.get(kind, 0) + 1
                    if args.kind == "missed":
                        cue = " | ".join(text[s:e] for s, e in gold.cue or ())
                        src = " | ".join(text[s:e] for s, e in g)
                        shown.append(f"missed    [{cue}] gold {src[:80]!r}")
                    continue
            else:
                kind = "claim"
            p = normalize(match.role(role), text)
            if p == g:
                verdict = "right"
            elif p is None:
                verdict = "none"
            elif _overlaps(p, g):
                verdict = "overlap"
            else:
                verdict = "elsewhere"
            counts[f"{kind}: {verdict}"] = counts.get(f"{kind}: {verdict}", 0) + 1
            if verdict != "right" and (args.kind is None or args.kind == verdict):

                def show(segs: Any, text: str = text) -> str:
                    if not segs:
                        return "-"
                    return " | ".join(text[s:e] for s, e in segs)[:100].replace("\n", " ")

                cue = show(normalize(gold.cue, text))
                shown.append(f"{verdict:9} [{cue}] gold {show(g)!r}\n          pred {show(p)!r}")
    for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"{n:6}  {key}")
    for line in shown[: args.show]:
        print(line)


def cmd_events(args: argparse.Namespace) -> None:
    """Factuality events whose predicted score is furthest from the gold one, with the claim
    that covers each (the innermost, as the scorer takes it)."""
    an = Analyzer()
    path = Path(args.data) / "factuality" / f"{args.corpus}_{args.split}.jsonl"
    items = list(load_sentences(path, args.corpus))
    texts = [Article.create(s.text, id=s.id).text for s in items]
    docs = docs_for(an, texts, f"events-{args.corpus}-{args.split}")
    rows = []
    for item, doc in zip(items, docs, strict=True):
        claims = extract_claims(doc)
        for event in item.events:
            covering = [
                (b[1] - b[0], c)
                for c in claims
                for span in c["content"]
                if (b := span_bounds(span)) and b[0] <= event.offset < b[1]
            ]
            if not covering:
                continue
            claim = min(covering, key=lambda x: x[0])[1]
            score = certainty_score(claim["certainty"], claim["polarity"])
            if score is None:
                continue
            word = item.text[event.offset :].split(" ")[0]
            rows.append((abs(score - event.label), event.label, score, word, claim, item.text))
    rows.sort(key=lambda r: -r[0])
    for _, gold, score, word, claim, text in rows[: args.limit or 40]:
        cue = claim["cue"]["text"] if claim["cue"] else "-"
        body = " | ".join(s["text"] for s in claim["content"])[:80]
        print(f"{gold:+.1f} {score:+.1f} [{word}] {claim['certainty']}/{claim['polarity'][:3]}")
        print(f"     cue [{cue}] content {body!r}\n     {text[:160]}")


def cmd_sample(args: argparse.Namespace) -> None:
    an = Analyzer()
    path = Path(__file__).resolve().parents[1] / "src/newsledger/data/sample/articles.jsonl"
    for line in path.read_text().splitlines():
        record = json.loads(line)
        if args.article and record["id"] != args.article:
            continue
        doc = an.nlp(record["text"])
        print(f"## {record['id']}")
        for c in extract_claims(doc):
            src = c["source"]
            who = (
                f"{src['span']['text']!r}->{src['name']!r} {src['kind']}/{src['role']}"
                if src
                else "-"
            )
            cue = c["cue"]["text"] if c["cue"] else "-"
            body = " | ".join(s["text"] for s in c["content"])[:110].replace("\n", " ")
            print(
                f"{c['certainty']:>10} {c['polarity'][:3]} {c['quote']:>8} [{cue}] {who} :: {body}"
            )


def cmd_timing(args: argparse.Namespace) -> None:
    an = Analyzer()
    items = list(load_polnear(Path(args.data) / "polnear" / args.split))[: args.limit]
    texts = [a.text for a in items]
    t0 = time.perf_counter()
    docs = list(an.nlp.pipe(texts, batch_size=16))
    t1 = time.perf_counter()
    for doc in docs:
        extract_claims(doc)
    t2 = time.perf_counter()
    print(f"pipeline {t1 - t0:.2f}s, claims {t2 - t1:.2f}s ({100 * (t2 - t1) / (t1 - t0):.1f}%)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "command",
        choices=["polnear", "factuality", "errors", "pairs", "events", "sample", "timing"],
    )
    parser.add_argument("--split", default="train")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--cache", action="store_true")
    parser.add_argument("--role", default="cue")
    parser.add_argument("--article", default=None)
    parser.add_argument("--show", type=int, default=60)
    parser.add_argument("--kind", default=None, help="pairs: only this verdict (overlap, ...)")
    parser.add_argument("--corpus", default="uw", choices=["uw", "meantime"])
    args = parser.parse_args(argv)
    if args.command in ("polnear", "factuality"):
        cmd_eval(args, args.command)
    elif args.command == "errors":
        cmd_errors(args)
    elif args.command == "pairs":
        cmd_pairs(args)
    elif args.command == "events":
        cmd_events(args)
    elif args.command == "sample":
        cmd_sample(args)
    else:
        cmd_timing(args)


if __name__ == "__main__":
    main()
