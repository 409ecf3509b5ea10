"""Actors, their roles and keys: the registry commands of the format (docs/ledger-format.md §6)."""

from __future__ import annotations

from domain.actors.aggregate import KEY_ACTIVE
from domain.actors.aggregate import KEY_REVOKED
from domain.actors.aggregate import Actor
from domain.actors.aggregate import KeyClaim
from domain.actors.aggregate import organisation

__all__ = ["KEY_ACTIVE", "KEY_REVOKED", "Actor", "KeyClaim", "organisation"]
