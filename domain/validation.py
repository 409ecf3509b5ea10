"""Field checks for command arguments. Each refusal names the field and the rule."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date
from typing import Any

from domain.errors import InvalidField

RULE_FIELD = "FT-FIELD"  # docs/commands.md: every field is typed and bounded

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def get_str(
    args: dict[str, Any],
    name: str,
    *,
    max_len: int = 200,
    pattern: re.Pattern[str] | None = None,
    required: bool = True,
) -> str:
    value = args.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise InvalidField(name, RULE_FIELD, f"expected a non-empty string, got {value!r}")
    if len(value) > max_len:
        raise InvalidField(name, RULE_FIELD, f"at most {max_len} characters, got {len(value)}")
    if pattern is not None and not pattern.match(value):
        raise InvalidField(name, RULE_FIELD, f"{value!r} does not match {pattern.pattern}")
    return value


def get_hex64(args: dict[str, Any], name: str) -> str:
    value = args.get(name)
    if not isinstance(value, str) or not _HEX64.match(value):
        raise InvalidField(name, RULE_FIELD, f"expected 64 lowercase hex digits, got {value!r}")
    return value


def get_public_key(args: dict[str, Any], name: str) -> bytes:
    """A raw Ed25519 public key, standard base64 of exactly 32 bytes."""
    value = args.get(name)
    if not isinstance(value, str):
        raise InvalidField(name, RULE_FIELD, f"expected base64 text, got {value!r}")
    try:
        raw = base64.b64decode(value, validate=True)
    except binascii.Error:
        raise InvalidField(name, RULE_FIELD, f"not valid base64: {value!r}") from None
    if len(raw) != 32 or base64.b64encode(raw).decode() != value:
        raise InvalidField(name, RULE_FIELD, "expected canonical base64 of a 32-byte Ed25519 key")
    return raw


def get_date(args: dict[str, Any], name: str) -> date:
    value = args.get(name)
    if not isinstance(value, str):
        raise InvalidField(name, RULE_FIELD, f"expected an ISO date YYYY-MM-DD, got {value!r}")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise InvalidField(name, RULE_FIELD, f"not an ISO date: {value!r}") from None
    if parsed.isoformat() != value:
        raise InvalidField(name, RULE_FIELD, f"not in YYYY-MM-DD form: {value!r}")
    return parsed


def get_fen(args: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    """Money is integer 分 (docs/decisions.md §9); never a float, never a string."""
    value = args.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidField(name, "FT-MONEY", f"money is an integer number of 分, got {value!r}")
    if value < 0 or value > 2**53:
        raise InvalidField(name, "FT-MONEY", f"must be between 0 and 2^53 分, got {value}")
    return value


def only_fields(args: dict[str, Any], allowed: set[str]) -> None:
    extra = sorted(set(args) - allowed)
    if extra:
        raise InvalidField(extra[0], RULE_FIELD, f"unknown field; allowed: {', '.join(sorted(allowed))}")
