"""The canonical JSON bytes a domain digest covers (a policy version's parameters, a proposal's arguments)."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(data: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the same data gives the same bytes on every machine."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(data: Any) -> str:
    """SHA-256 hex of ``canonical_json(data)``."""
    return hashlib.sha256(canonical_json(data)).hexdigest()
