"""Resolution: incident mentions from many articles into incidents, with every change logged.

Rules have versioned names and stamp them on what they do (``reason.rule`` of a revision).
Today there is one: ``resolve.singleton.v1`` (see :mod:`newsledger.resolve.singleton`).
"""

from __future__ import annotations

from newsledger.resolve.singleton import RULE, incident_id_for, resolve_new

__all__ = ["RULE", "incident_id_for", "resolve_new"]
