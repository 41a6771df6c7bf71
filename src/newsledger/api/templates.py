"""Jinja2 templates for the pages: autoescaped, with the filters the templates share.

Autoescaping is on for every template, so text from articles (titles, sentences, names) is
always shown as text; no template marks article text ``|safe``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from newsledger import __version__
from newsledger.api.markup import CERTAINTIES, format_value

WEB_DIR = Path(str(resources.files("newsledger").joinpath("web")))
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"


def _when(value: Any) -> str:
    """A stored time as the page shows it: day and minute, keeping the zone the source gave."""
    if not value:
        return "—"
    text = str(value)
    if len(text) <= 10:
        return text
    day, _, rest = text.partition("T")
    clock = rest[:5]
    zone = rest[-6:] if rest[-6:-5] in "+-" else ("UTC" if rest.endswith(("Z", "+00:00")) else "")
    return f"{day} {clock}" + (f" {zone}" if zone else "")


def _query(params: Any, **changes: Any) -> str:
    """A query string from (name, value) pairs with ``changes`` set (None removes)."""
    pairs = [(k, v) for k, v in (params or []) if k not in changes]
    for k, v in changes.items():
        if v is None:
            continue
        if isinstance(v, list | tuple):
            pairs.extend((k, x) for x in v)
        else:
            pairs.append((k, v))
    return urlencode(pairs)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # {{ value|value(field) }}: the value in words.
    env.filters["value"] = lambda value, field: format_value(field, value)
    env.filters["when"] = _when
    env.globals["query"] = _query
    env.globals["CERTAINTIES"] = CERTAINTIES
    env.globals["version"] = __version__
    return env


def render(request: Request, name: str, context: dict[str, Any]) -> str:
    """Render a page. Every page gets ``request``, its ``path``, its ``json_url`` (the JSON
    twin: the same path under /api with the same query) and whether writes are on."""
    path = request.url.path
    query = request.url.query
    twin = "/api" + (path if path != "/" else "")
    json_url = twin + (f"?{query}" if query else "")
    base = {
        "request": request,
        "path": path,
        "params": list(request.query_params.multi_items()),
        "json_url": json_url,
        "csv_url": None,
        "writable": bool(getattr(request.app.state, "token", None)),
    }
    return environment().get_template(name).render({**base, **context})
