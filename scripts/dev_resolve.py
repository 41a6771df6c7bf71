"""Develop and tune the pairwise scorer of cross-article resolution (``newsledger.resolve.score``).

    .venv/bin/python scripts/dev_resolve.py                  # train and dev at THRESHOLD + sweep
    .venv/bin/python scripts/dev_resolve.py --split train --errors 20   # worst pairs on train
    .venv/bin/python scripts/dev_resolve.py --refresh        # re-analyse the articles

GVA articles (``../shared/datasets/gva``; override with ``--data``) are analysed with the
project's analyzer (``published`` passed as the article date, as ``newsledger eval gva`` does)
and the analyses are cached under ``/tmp`` (never in the repository: the dataset text must not
be committed), keyed by the producers' versions. Every incident mention becomes a key
(``key_from_analysis``); the pairs that pass ``candidates()`` are scored and
``newsledger.resolve.cluster.cluster`` groups them; an article belongs to the cluster of its
first (main) mention, and the article clustering is scored against the gold incidents (MUC,
B-cubed, CEAF-e, CoNLL F1, pairwise). Tune on train; look at dev only to choose between a few
final candidates.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from newsledger.eval.clustering import ClusterScores, score_clusters
from newsledger.resolve import score as S
from newsledger.resolve.cluster import Edge, cluster
from newsledger.resolve.resolver import blockable

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets"
CACHE_DIR = Path("/tmp")
SPLITS = ("train", "dev")


def load_rows(data: Path) -> list[dict[str, Any]]:
    rows = []
    for line in (data / "gva" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if row.get("split") in SPLITS:  # train and dev only
                rows.append(row)
    return rows


def analyses(rows: list[dict[str, Any]], refresh: bool) -> dict[str, dict[str, Any] | None]:
    """Article id -> contract dict (None when the analysis failed), cached under /tmp."""
    from newsledger.article import Article
    from newsledger.nlp.pipeline import Analyzer, producers

    stamp = json.dumps(producers(), sort_keys=True) + "".join(r["id"] for r in rows)
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:16]
    path = CACHE_DIR / f"newsledger-gva-analyses-{digest}.json"
    if path.exists() and not refresh:
        cached: dict[str, dict[str, Any] | None] = json.loads(path.read_text(encoding="utf-8"))
        return cached
    t0 = time.perf_counter()
    articles = [
        Article.create(
            r["text"],
            id=r["id"],
            title=r.get("title") or None,
            published=r.get("published") or None,
            url=r.get("original_url") or r.get("url") or None,
            headline_first=True,  # as the eval
        )
        for r in rows
    ]
    out = dict(zip((r["id"] for r in rows), Analyzer().analyze_dicts(articles), strict=True))
    path.write_text(json.dumps(out), encoding="utf-8")
    print(f"analysed {len(out)} articles in {time.perf_counter() - t0:.0f}s -> {path}")
    return out


def build_keys(
    ids: Iterable[str], found: dict[str, dict[str, Any] | None]
) -> tuple[list[S.MentionKey], dict[str, str]]:
    """Every incident mention's key (round-tripped through JSON, as the store keeps it), and
    article id -> id of its first mention."""
    keys: list[S.MentionKey] = []
    first: dict[str, str] = {}
    for article_id in ids:
        analysis = found.get(article_id)
        if not analysis:
            continue
        for index, _ in enumerate(analysis.get("incidents") or []):
            mention_id = f"{article_id}:{index}"
            key = S.key_from_analysis(analysis, index, mention_id)
            keys.append(S.MentionKey.from_json(json.loads(json.dumps(key.to_json()))))
            first.setdefault(article_id, mention_id)
    return keys, first


def scored_edges(keys: list[S.MentionKey]) -> list[Edge]:
    """All candidate pairs with their scores (a quadratic loop: fine for a few hundred keys)."""
    edges = []
    for a, b in combinations(keys, 2):
        if blockable(a) and blockable(b) and S.candidates(a, b):
            x, y = (a, b) if a.id <= b.id else (b, a)
            edges.append(Edge(x.id, y.id, S.score(x, y).total))
    return edges


def evaluate(
    ids: list[str],
    gold: dict[str, str],
    keys: list[S.MentionKey],
    first: dict[str, str],
    edges: list[Edge],
    threshold: float,
) -> ClusterScores:
    clusters = cluster(
        [k.id for k in keys], edges, threshold=threshold, article_of={k.id: k.article for k in keys}
    )
    of_mention = {m: i for i, c in enumerate(clusters) for m in c}
    predicted: dict[object, list[str]] = {}
    for article_id in ids:
        mention = first.get(article_id)
        label: object = of_mention[mention] if mention else ("alone", article_id)
        predicted.setdefault(label, []).append(article_id)
    groups: dict[str, list[str]] = {}
    for article_id in ids:
        groups.setdefault(gold[article_id], []).append(article_id)
    return score_clusters(groups.values(), predicted.values())


def line(name: str, s: ClusterScores) -> str:
    return (
        f"{name:<12} MUC {s.muc.f1:.3f}  B3 {s.b_cubed.f1:.3f}  CEAF-e {s.ceaf_e.f1:.3f}  "
        f"CoNLL {s.conll_f1:.3f}  pairwise P {s.pairwise.precision:.3f} "
        f"R {s.pairwise.recall:.3f} F1 {s.pairwise.f1:.3f}"
    )


def show_errors(
    split: str,
    ids: list[str],
    gold: dict[str, str],
    keys: list[S.MentionKey],
    first: dict[str, str],
    rows: dict[str, dict[str, Any]],
    limit: int,
) -> None:
    """The highest-scoring wrong pairs and the lowest-scoring right pairs of main mentions."""
    by_id = {k.id: k for k in keys}
    mains = [(a, by_id[first[a]]) for a in ids if a in first]
    Row = tuple[float, str, str, S.MentionKey, S.MentionKey, S.Score | None]
    wrong: list[Row] = []
    missed: list[Row] = []
    for (ia, ka), (ib, kb) in combinations(mains, 2):
        same = gold[ia] == gold[ib]
        if not (blockable(ka) and blockable(kb) and S.candidates(ka, kb)):
            if same:
                missed.append((-1.0, ia, ib, ka, kb, None))
            continue
        scored = S.score(ka, kb)
        (missed if same else wrong).append((scored.total, ia, ib, ka, kb, scored))
    wrong.sort(key=lambda t: -t[0])
    missed.sort(key=lambda t: t[0])
    for title, items in (("false pairs, best first", wrong), ("true pairs, worst first", missed)):
        print(f"\n## {split}: {title}")
        for total, ia, ib, ka, kb, sc in items[:limit]:
            print(f"{total:.3f} {sc.parts if sc else 'not candidates'}")
            for article_id, k in ((ia, ka), (ib, kb)):
                print(
                    f"   {gold[article_id]} {k.day_lo}..{k.day_hi} {k.state} {k.city} "
                    f"k={k.killed} i={k.injured} | {rows[article_id].get('title')!r}"
                )
                print(
                    f"      names={list(k.names)[:6]} ages={list(k.ages)} places={list(k.places)[:4]}"
                )


def fit(
    ids: list[str], gold: dict[str, str], keys: list[S.MentionKey], first: dict[str, str]
) -> None:
    """Fit the log-odds weights of ``S.features`` by L2-regularised logistic regression on the
    candidate pairs of main mentions (label: same gold incident) and print them."""
    import numpy as np

    by_id = {k.id: k for k in keys}
    mains = [(a, by_id[first[a]]) for a in ids if a in first]
    names = sorted(S.WEIGHTS)
    rows, labels = [], []
    for (ia, ka), (ib, kb) in combinations(mains, 2):
        if blockable(ka) and blockable(kb) and S.candidates(ka, kb):
            f = S.features(ka, kb)
            rows.append([f.get(n, 0.0) for n in names])
            labels.append(float(gold[ia] == gold[ib]))
    x = np.array(rows)
    y = np.array(labels)
    w = np.zeros(len(names))
    b = 0.0
    lam = 1.0 / len(y)  # weak L2 on the weights, not the bias
    for _ in range(20000):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= 0.5 * (x.T @ (p - y) / len(y) + lam * w)
        b -= 0.5 * float(np.mean(p - y))
    print(f"\nfit on {len(y)} candidate pairs ({int(y.sum())} same incident): bias {b:+.2f}")
    for n, v in zip(names, w, strict=True):
        print(
            f"  {n:<20} {v:+.2f}   (used {S.WEIGHTS[n]:+.2f}, present in {int((x[:, names.index(n)] > 0).sum())})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--split", choices=(*SPLITS, "both"), default="both")
    parser.add_argument("--refresh", action="store_true", help="re-analyse, ignoring the cache")
    parser.add_argument("--threshold", type=float, default=S.THRESHOLD)
    parser.add_argument("--fit", action="store_true", help="fit the weights on this split")
    parser.add_argument("--errors", type=int, default=0, help="show this many error pairs")
    args = parser.parse_args()

    rows = load_rows(Path(args.data))
    found = analyses(rows, args.refresh)
    by_id = {r["id"]: r for r in rows}
    gold = {r["id"]: str(r["incident_id"]) for r in rows}
    splits = SPLITS if args.split == "both" else (args.split,)
    print(f"rule {S.RULE}, threshold {args.threshold}, window {S.WINDOW_DAYS} days")
    for split in splits:
        ids = [r["id"] for r in rows if r["split"] == split]
        keys, first = build_keys(ids, found)
        t0 = time.perf_counter()
        edges = scored_edges(keys)
        took = time.perf_counter() - t0
        n_gold = len({gold[i] for i in ids})
        print(
            f"\n# {split}: {len(ids)} articles, {n_gold} incidents, {len(keys)} mentions, "
            f"{len(edges)} candidate pairs scored in {took:.2f}s"
        )
        groups: dict[str, list[str]] = {}
        for i in ids:
            groups.setdefault(gold[i], []).append(i)
        floor = score_clusters(groups.values(), [[i] for i in ids])
        print(line("singletons", floor))
        print(
            line(f"@{args.threshold:.2f}", evaluate(ids, gold, keys, first, edges, args.threshold))
        )
        print("sweep:")
        for step in range(20, 86, 5):
            t = step / 100
            print(line(f"  @{t:.2f}", evaluate(ids, gold, keys, first, edges, t)))
        if args.fit:
            fit(ids, gold, keys, first)
        if args.errors:
            show_errors(split, ids, gold, keys, first, by_id, args.errors)


if __name__ == "__main__":
    main()
