"""The ledger's own identity and log key (docs/ledger-format.md §6)."""

from __future__ import annotations

from domain.ledger.aggregate import Ledger

__all__ = ["Ledger"]
