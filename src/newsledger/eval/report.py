"""What an evaluation returns: an :class:`EvalReport` of :class:`MetricRow` s.

A row is one number: its ``section`` (a role, a corpus, a field group), a stable ``name``
(``exact_f1``, ``mae``) that the quality gate can pin a floor on as ``section/name``, the
``value`` (``None`` when it is undefined, shown as ``n/a``), the ``n`` it was computed over and a
short note. The report renders as a rich-table-ready list of rows, as Markdown and as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REPORT_SCHEMA = "newsledger.eval/1"


@dataclass(frozen=True, slots=True)
class MetricRow:
    section: str
    name: str
    value: float | int | None
    n: int | None = None
    notes: str = ""

    @property
    def key(self) -> str:
        return f"{self.section}/{self.name}" if self.section else self.name

    def formatted_value(self) -> str:
        if self.value is None:
            return "n/a"
        if isinstance(self.value, int):  # bool included
            return str(int(self.value))
        return f"{self.value:.4f}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "name": self.name,
            "value": self.value,
            "n": self.n,
            "notes": self.notes,
        }


@dataclass(slots=True)
class EvalReport:
    task: str
    dataset: str
    split: str | None
    items: int = 0
    failed: int = 0
    metrics: list[MetricRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # What made the analyses scored (the ``producers`` of the first one): extractor versions,
    # lexicons, models, and the optional cue gate or sentence encoder when one was used.
    producers: dict[str, str] = field(default_factory=dict)

    COLUMNS = ("section", "metric", "value", "n", "notes")

    def add(
        self,
        section: str,
        name: str,
        value: float | int | None,
        n: int | None = None,
        notes: str = "",
    ) -> None:
        self.metrics.append(MetricRow(section, name, value, n, notes))

    def get(self, key: str) -> MetricRow:
        """The row whose ``section/name`` (or bare name) is ``key``; KeyError when absent."""
        for row in self.metrics:
            if row.key == key:
                return row
        raise KeyError(key)

    def value(self, key: str) -> float | int | None:
        return self.get(key).value

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """One tuple of display strings per metric, in the order of :attr:`COLUMNS`."""
        return [
            (r.section, r.name, r.formatted_value(), "" if r.n is None else str(r.n), r.notes)
            for r in self.metrics
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": REPORT_SCHEMA,
            "task": self.task,
            "dataset": self.dataset,
            "split": self.split,
            "items": self.items,
            "failed": self.failed,
            "counts": dict(self.counts),
            "metrics": [r.to_dict() for r in self.metrics],
            "notes": list(self.notes),
            "producers": dict(self.producers),
        }

    def to_markdown(self) -> str:
        split = f", split `{self.split}`" if self.split else ""
        lines = [
            f"# newsledger eval: {self.task}",
            "",
            f"Dataset `{self.dataset}`{split}: {self.items} items read, "
            f"{self.failed} failed in analysis.",
            "",
        ]
        if self.counts:
            lines.append("Counts: " + ", ".join(f"{k} {v}" for k, v in self.counts.items()) + ".")
            lines.append("")
        lines.append("| " + " | ".join(self.COLUMNS) + " |")
        lines.append("|" + "|".join(["---"] * 2 + ["---:"] * 2 + ["---"]) + "|")
        for row in self.rows():
            lines.append("| " + " | ".join(_md_cell(cell) for cell in row) + " |")
        if self.notes:
            lines.append("")
            lines.extend(f"- {note}" for note in self.notes)
        if self.producers:
            lines.append("")
            lines.append(
                "Made by: " + ", ".join(f"{k} `{v}`" for k, v in self.producers.items()) + "."
            )
        return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
