"""Rules of this feature."""

from __future__ import annotations

RULES = ()
