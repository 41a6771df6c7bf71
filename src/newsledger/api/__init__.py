"""The JSON API and the web pages: a thin layer over the library (see :mod:`.app`)."""

from __future__ import annotations

from newsledger.api.app import create_app
from newsledger.api.server import serve

__all__ = ["create_app", "serve"]
