"""Reading the versioned data files under ``newsledger/data/`` (lexicons, gazetteers, models).

Every such file is a JSON object with an ``_about`` header (where its content came from) and a
``version`` that is stamped on what it helps produce. Callers load each file once (they cache).
A missing or malformed file is a packaging bug, not a user error, so ``DataFileError`` is a
``ValueError`` outside the user-facing error tree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class DataFileError(ValueError):
    """A data file shipped with newsledger is missing or malformed."""


def read_versioned_json(path: Path, what: str) -> dict[str, Any]:
    """The JSON object in ``path``; raises DataFileError when it cannot be read or lacks its
    ``_about`` header or ``version``. ``what`` names the file in messages ("the lexicon")."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"cannot read {what} {path}: {exc}") from exc
    if not isinstance(data, dict) or "_about" not in data or "version" not in data:
        raise DataFileError(f"{what} {path} lacks its _about header or version")
    return data
