from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.settings import NOT_GIVEN, SETTINGS, resolve

DOCS = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


def test_docs_list_every_setting_with_its_default() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for s in SETTINGS.values():
        option = f"`--{s.name.replace('_', '-')}`" if s.option else "(none yet: environment only)"
        row = f"| `{s.name}` | {option} | `{s.env}` | `{s.default}` |"
        assert row in text, f"docs/settings.md lacks or misstates {s.name}"


def test_given_beats_environment_beats_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSLEDGER_BATCH_SIZE", raising=False)
    assert resolve("batch_size") == SETTINGS["batch_size"].default
    monkeypatch.setenv("NEWSLEDGER_BATCH_SIZE", "7")
    assert resolve("batch_size") == 7
    assert resolve("batch_size", NOT_GIVEN) == 7
    assert resolve("batch_size", 3) == 3
