"""newsledger's one error tree.

Every error a user can meet has a stable ``code`` and a ``hint`` saying what to do about it.
The CLI prints ``error[code]: message`` and the hint, and exits non-zero; the API (later) turns
the same fields into its JSON envelope.

    NewsledgerError
    ├── UsageError          bad arguments or settings (exit 2)
    ├── InputError          an input could not be read as an article (recorded as a skip)
    ├── ModelError          the spaCy pipeline could not be loaded
    ├── StoreError          the database could not be opened, migrated or written
    ├── NotFoundError       no article, incident or claim with that id
    └── DatasetError        an evaluation dataset is missing or not in the expected format
"""

from __future__ import annotations


class NewsledgerError(Exception):
    """Base of every error newsledger raises on purpose."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, hint: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "hint": self.hint}

    def __str__(self) -> str:
        return self.message


class UsageError(NewsledgerError):
    code = "usage"
    exit_code = 2


class InputError(NewsledgerError):
    """An input that is not an article we can read; the reader turns it into a recorded skip."""

    code = "input"


class ModelError(NewsledgerError):
    code = "model"


class StoreError(NewsledgerError):
    code = "store"


class NotFoundError(NewsledgerError):
    code = "not_found"


class DatasetError(NewsledgerError):
    code = "dataset"
