"""Commands of this feature (filled in by its step of issue 7)."""

from __future__ import annotations

COMMANDS = ()
