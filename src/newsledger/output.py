"""Output shared by every command: JSON, JSONL, CSV and rich tables from the same rows.

Commands build plain dicts (what the library returns) and hand them here; none formats its
own output.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

FORMATS = ("table", "json", "jsonl", "csv")


def dumps(value: Any, *, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def flatten(row: dict[str, Any]) -> dict[str, Any]:
    """A CSV cell per key: nested lists and dicts become JSON text, None an empty cell."""
    return {
        k: (dumps(v) if isinstance(v, list | dict) else ("" if v is None else v))
        for k, v in row.items()
    }


def write_rows(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    *,
    columns: Sequence[str] | None = None,
    out: IO[str] | None = None,
    title: str | None = None,
) -> int:
    """Write rows in ``fmt``; returns how many were written. Streams for jsonl and csv."""
    out = out or sys.stdout
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(dumps(row) + "\n")
            count += 1
    elif fmt == "json":
        items = list(rows)
        out.write(dumps(items, indent=2) + "\n")
        count = len(items)
    elif fmt == "csv":
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            flat = flatten(row)
            if writer is None:
                writer = csv.DictWriter(
                    out,
                    fieldnames=list(columns or flat.keys()),
                    extrasaction="ignore",
                    lineterminator="\n",
                )
                writer.writeheader()
            writer.writerow(flat)
            count += 1
        if writer is None and columns:
            csv.writer(out, lineterminator="\n").writerow(columns)
    elif fmt == "table":
        items = [flatten(r) for r in rows]
        cols = list(columns or (items[0].keys() if items else []))
        table = Table(title=title, show_lines=False)
        for i, col in enumerate(cols):
            # The first column is the row's key (an id): keep it on one line.
            table.add_column(col, overflow="fold", no_wrap=i == 0)
        for item in items:
            # Text, not markup: "[...]" in an article or a claim is printed as written.
            table.add_row(*(Text(str(item.get(c, ""))) for c in cols))
        Console(file=out, width=max(100, Console().width)).print(table)
        count = len(items)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return count
