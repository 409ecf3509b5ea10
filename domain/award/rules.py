"""Rules of this feature (declared objects citing their article)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.kernel.rules import Rule

RULES: tuple[Rule, ...] = ()
