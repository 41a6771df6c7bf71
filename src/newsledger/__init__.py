"""newsledger: an auditable ledger of use-of-force incidents and the claims behind them."""

from __future__ import annotations

__version__ = "0.1.0"
