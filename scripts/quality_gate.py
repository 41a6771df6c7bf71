"""The quality gate: score newsledger on the shared datasets and fail when a score drops below
its floor.

Floors live in ``quality/floors.json``; each has the task, split, metric key (``section/name``
as ``newsledger eval`` prints it), the floor and the reason it is where it is. Lowering a floor
is a deliberate, reviewed change: say why in the commit. The datasets are read from
``../shared/datasets`` (or ``--datasets``); when that folder is absent the gate says so and
fails, because a gate that silently passes measures nothing.

    python scripts/quality_gate.py [--datasets DIR] [--floors FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    ap.add_argument("--floors", type=Path, default=ROOT / "quality" / "floors.json")
    args = ap.parse_args()

    from newsledger.eval import run_eval
    from newsledger.nlp.pipeline import Analyzer

    floors: list[dict[str, Any]] = json.loads(args.floors.read_text("utf-8"))["floors"]
    if not args.datasets.is_dir():
        print(f"quality gate: no datasets at {args.datasets}", file=sys.stderr)
        return 1
    analyzer = Analyzer()

    reports: dict[tuple[str, str], Any] = {}
    failed = 0
    for floor in floors:
        key = (floor["task"], floor["split"])
        if key not in reports:
            reports[key] = run_eval(
                floor["task"],
                args.datasets / floor["data"],
                analyzer.analyze_dicts,
                split=floor["split"],
            )
        value = reports[key].value(floor["metric"])
        ok = value is not None and value >= floor["floor"]
        failed += not ok
        print(
            f"{'ok  ' if ok else 'FAIL'} {floor['task']}/{floor['split']} {floor['metric']} = "
            f"{value} (floor {floor['floor']})"
        )
    print(f"quality gate: {len(floors) - failed} floors held, {failed} broken")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
