"""Commands of this feature (see docs/commands.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from domain.kernel.commands import Command

COMMANDS: tuple[Command[Any], ...] = ()
