"""Shared by the bench scripts: each owns one marked section of docs/performance.md."""

from __future__ import annotations

from pathlib import Path

PERFORMANCE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
HEADER = "# Performance\n\nMeasured by the `bench/` scripts; timings are never asserted in tests.\n"


def replace_section(name: str, body: str, path: Path = PERFORMANCE) -> None:
    """Put ``body`` between ``<!-- bench:name -->`` markers in the file, replacing what a
    previous run wrote there and keeping every other section."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
