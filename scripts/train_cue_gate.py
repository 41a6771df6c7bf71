"""Train the learned cue gate of the claims extractor (``newsledger.nlp.cuegate``) on PolNeAR.

    python scripts/train_cue_gate.py --data ../shared/datasets --out cue-gate-v1.json
    python scripts/train_cue_gate.py --data ../shared/datasets --out cue-gate-v1.json --choose
    NEWSLEDGER_CUE_GATE=cue-gate-v1.json newsledger eval polnear --data ../shared/datasets/polnear --split dev

A logistic regression (scikit-learn, ``pip install -e '.[train]'``; newsledger does not use
scikit-learn at run time) over ``Extractor.cue_features`` of every verb of PolNeAR ``train``,
labelled by whether the verb lies inside a gold cue. PolNeAR's text may not be redistributed,
so the gate is never committed or shipped: train it where the data is and point
``NEWSLEDGER_CUE_GATE`` at the file. The file holds feature names (lemmas, tags, dependency
labels, a neighbouring word) and weights, never a sentence of the data.

The thresholds default to the ones chosen on PolNeAR ``dev`` (``t_new`` 0.65, ``t_drop`` 0.3;
see ``docs/quality.md``, Claims). ``--choose`` chooses them again: it scores every pair of
:data:`T_NEW_GRID` and :data:`T_DROP_GRID` on ``dev`` by the mean of source and cue exact F1 and
writes the best. PolNeAR's test split is not in the data folder and is never looked for.

``--cache`` reuses the parses that ``scripts/dev_claims.py --cache`` keeps under ``/tmp``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from newsledger.eval.polnear import (  # noqa: E402
    _Tally,
    load_polnear,
    predicted_attributions,
    score_article,
)
from newsledger.nlp.attribution import Extractor  # noqa: E402
from newsledger.nlp.cuegate import VERSION, CueGate  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets"
C = 0.3
T_NEW, T_DROP = 0.65, 0.3
T_NEW_GRID = (0.35, 0.5, 0.65)
T_DROP_GRID = (0.0, 0.1, 0.2, 0.3, 0.4)
# A feature must occur with this many training verbs to get a weight.
MIN_COUNT = 2


def parse(items: list[Any], key: str | None) -> list[Any]:
    """The analysed Docs of ``items`` (the whole pipeline: the claims read sentence labels)."""
    from dev_claims import docs_for

    from newsledger.nlp.pipeline import Analyzer

    return docs_for(Analyzer(), [item.text for item in items], key)


def verb_rows(items: list[Any], docs: list[Any]) -> tuple[list[list[str]], list[int]]:
    """The features and gold label (inside a gold cue) of every verb."""
    features, labels = [], []
    for item, doc in zip(items, docs, strict=True):
        cues = [seg for a in item.attributions if a.cue for seg in a.cue]
        ex = Extractor(doc)
        for tok in doc:
            if tok.pos_ != "VERB":
                continue
            features.append(ex.cue_features(tok))
            labels.append(int(any(s <= tok.idx < e for s, e in cues)))
    return features, labels


def fit(
    features: list[list[str]], labels: list[int], c: float, min_count: int = MIN_COUNT
) -> dict[str, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    seen = Counter(f for row in features for f in set(row))
    rows = [Counter(f for f in row if seen[f] >= min_count) for row in features]
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, labels)
    weights = {
        name: round(float(w), 5)
        for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
        if abs(w) >= 1e-5
    }
    return {"bias": round(float(clf.intercept_[0]), 5), "weights": weights}


def score(items: list[Any], docs: list[Any], gate: CueGate | None) -> dict[str, float]:
    """PolNeAR exact F1 of source and cue, and content token F1, with ``gate``."""
    tallies: dict[str, _Tally] = {}
    for item, doc in zip(items, docs, strict=True):
        claims = Extractor(doc, gate).claims()
        predicted = predicted_attributions({"claims": claims}, len(item.text))
        score_article(item.text, item.attributions, predicted, tallies)
    return {
        "source_exact_f1": tallies["source"].exact.f1,
        "cue_exact_f1": tallies["cue"].exact.f1,
        "content_token_f1": tallies["content"].token.f1,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the datasets folder")
    ap.add_argument("--out", type=Path, required=True, help="where to write the gate (JSON)")
    ap.add_argument("--C", type=float, default=C, help="inverse regularisation strength")
    ap.add_argument("--t-new", type=float, default=T_NEW)
    ap.add_argument("--t-drop", type=float, default=T_DROP)
    ap.add_argument("--min-count", type=int, default=MIN_COUNT, help="verbs a feature needs")
    ap.add_argument("--choose", action="store_true", help="choose the thresholds on dev")
    ap.add_argument("--cache", action="store_true", help="reuse dev_claims.py's parse cache")
    ap.add_argument("--limit", type=int, default=None, help="first N train articles only")
    args = ap.parse_args(argv)
    polnear = args.data / "polnear" if (args.data / "polnear").is_dir() else args.data

    started = time.perf_counter()
    train = list(load_polnear(polnear / "train"))[: args.limit]
    key = f"polnear-train-{args.limit}" if args.cache else None
    train_docs = parse(train, key)
    features, labels = verb_rows(train, train_docs)
    model = fit(features, labels, args.C, args.min_count)
    print(
        f"train: {len(train)} articles, {len(labels)} verbs, {sum(labels)} inside a gold cue; "
        f"{len(model['weights'])} weights ({time.perf_counter() - started:.0f} s)"
    )
    t_new, t_drop = args.t_new, args.t_drop
    if args.choose:
        dev = list(load_polnear(polnear / "dev"))
        dev_docs = parse(dev, "polnear-dev-None" if args.cache else None)
        best: tuple[float, float, float] | None = None
        for tn in T_NEW_GRID:
            for td in T_DROP_GRID:
                gate = CueGate(model["weights"], model["bias"], tn, td, digest="choose")
                got = score(dev, dev_docs, gate)
                mean = (got["source_exact_f1"] + got["cue_exact_f1"]) / 2
                print(
                    f"dev t_new {tn} t_drop {td}: "
                    + ", ".join(f"{k} {v:.4f}" for k, v in got.items())
                )
                if best is None or mean > best[0]:
                    best = (mean, tn, td)
        assert best is not None
        _, t_new, t_drop = best
        print(f"chosen on dev: t_new {t_new}, t_drop {t_drop}")
    out = {
        "version": VERSION,
        "trained_on": f"PolNeAR train ({len(train)} articles, {len(labels)} verbs)",
        "C": args.C,
        "min_count": args.min_count,
        "t_new": t_new,
        "t_drop": t_drop,
        **model,
    }
    raw = json.dumps(out, sort_keys=True, indent=0).encode()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(raw)
    print(f"wrote {args.out} ({VERSION}@{hashlib.sha256(raw).hexdigest()[:12]})")


if __name__ == "__main__":
    main()
