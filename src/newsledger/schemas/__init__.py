"""JSON Schemas of newsledger's public formats, shipped in the package."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

ANALYSIS_SCHEMA_FILE = "analysis-1.json"


@functools.cache
def analysis_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(ANALYSIS_SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validation_errors(analysis: dict[str, Any]) -> list[str]:
    """Every way ``analysis`` breaks the ``newsledger.analysis/1`` schema, plus the offset rule
    the schema cannot say: each span's text is ``article.text[start:end]``."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(analysis_schema())
    problems = [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in validator.iter_errors(analysis)
    ]
    if problems:
        return problems
    text = analysis["article"]["text"]
    for where, span in _spans(analysis):
        if not 0 <= span["start"] <= span["end"] <= len(text):
            problems.append(f"{where}: offsets {span['start']}..{span['end']} outside the text")
        elif "text" in span and text[span["start"] : span["end"]] != span["text"]:
            problems.append(f"{where}: span text does not match article.text[start:end]")
    return problems


def _spans(analysis: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for i, s in enumerate(analysis["sentences"]):
        out.append((f"sentences/{i}", s))
    for i, m in enumerate(analysis.get("mentions", [])):
        out.append((f"mentions/{i}", m))
    for i, c in enumerate(analysis["claims"]):
        out.extend((f"claims/{i}/content", s) for s in c["content"])
        if c["cue"]:
            out.append((f"claims/{i}/cue", c["cue"]))
        if c["source"] and c["source"].get("span"):
            out.append((f"claims/{i}/source", c["source"]["span"]))
    for i, inc in enumerate(analysis["incidents"]):
        for key in ("date", "location"):
            out.extend((f"incidents/{i}/{key}", s) for s in inc[key]["evidence"])
        for group in ("agencies", "participants"):
            for j, item in enumerate(inc[group]):
                out.extend((f"incidents/{i}/{group}/{j}", s) for s in item["evidence"])
    return out
