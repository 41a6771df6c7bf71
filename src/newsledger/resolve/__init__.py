"""Resolution: incident mentions from many articles into incidents, with every change logged.

- :mod:`~newsledger.resolve.score`: what two incident mentions have in common (blocking and a
  scored, explained comparison);
- :mod:`~newsledger.resolve.cluster`: the order-independent decision;
- :mod:`~newsledger.resolve.resolver`: incremental resolution over the store, with revisions;
- :mod:`~newsledger.resolve.manual`: merge, split and undo by hand;
- :mod:`~newsledger.resolve.views`: fields as sets of claims, conflicts, and the named views.
"""

from __future__ import annotations

from newsledger.resolve.resolver import (
    RULE,
    incident_id_for,
    resolve_again,
    resolve_new,
    rule_name,
)

__all__ = ["RULE", "incident_id_for", "resolve_again", "resolve_new", "rule_name"]
