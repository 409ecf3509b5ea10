"""Canonical JSON: the only byte form in which fundtrail stores and signs data.

docs/ledger-format.md §2: UTF-8 JSON, keys sorted by code point, no whitespace,
no floats, integers within ±2^53, ASCII keys; times as RFC 3339 UTC with
microseconds and ``Z``. On this subset the output equals RFC 8785 (JCS), which
the tests check with ``rfc8785``-style vectors.
"""

from __future__ import annotations

import json
import re
from datetime import UTC
from datetime import date
from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Transcoder

MAX_SAFE_INT = 2**53


class CanonicalError(ValueError):
    """A value cannot be expressed in the canonical subset."""


def format_time(when: datetime) -> str:
    """RFC 3339, UTC, exactly six fractional digits, ``Z``."""
    if when.tzinfo is None:
        msg = f"naive datetime {when!r} has no time zone"
        raise CanonicalError(msg)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$", re.ASCII)


def parse_time(text: str) -> datetime:
    """Exactly the form format_time writes (§2); ``2025-3-1T1:2:3.5Z`` and the like are refused."""
    if not isinstance(text, str) or not _TIME.match(text):
        msg = f"expected YYYY-MM-DDTHH:MM:SS.ffffffZ, got {text!r}"
        raise ValueError(msg)
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _plain(value: Any, path: str) -> Any:  # noqa: PLR0911, PLR0912 - one branch per JSON type
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return value
    if kind is int:
        if not -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
            msg = f"{path}: integer {value} outside ±2^53"
            raise CanonicalError(msg)
        return value
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str or not key.isascii():
                msg = f"{path}: keys must be ASCII strings, got {key!r}"
                raise CanonicalError(msg)
            # Inline the common leaves; recurse only for containers and special types.
            t = type(item)
            if t is str or item is None or (t is int and -MAX_SAFE_INT <= item <= MAX_SAFE_INT):
                out[key] = item
            else:
                out[key] = _plain(item, f"{path}.{key}")
        return out
    if isinstance(value, Enum):
        return _plain(value.value, path)
    if isinstance(value, int):  # int subclasses other than bool
        return _plain(int(value), path)
    if isinstance(value, float):
        msg = f"{path}: floats are not allowed (money is integer 分), got {value!r}"
        raise CanonicalError(msg)
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dict):
        return _plain(dict(value), path)
    if isinstance(value, list | tuple):
        return [_plain(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, str):
        return str(value)
    msg = f"{path}: type {type(value).__name__} has no canonical form"
    raise CanonicalError(msg)


def canonical_bytes(value: Any) -> bytes:
    """Encode ``value`` canonically; refuse anything outside the subset."""
    try:
        text = json.dumps(_plain(value, "$"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return text.encode("utf-8")
    except UnicodeEncodeError as e:  # lone surrogates
        msg = f"not encodable as UTF-8: {e}"
        raise CanonicalError(msg) from None


def parse_canonical(data: bytes) -> Any:
    """Parse bytes and insist they are already in canonical form."""
    try:
        value = json.loads(data.decode("utf-8"), parse_float=_reject_float)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        msg = f"not canonical JSON: {e}"
        raise CanonicalError(msg) from None
    if canonical_bytes(value) != data:
        msg = "bytes are valid JSON but not in canonical form"
        raise CanonicalError(msg)
    return value


def _reject_float(text: str) -> Any:
    msg = f"floats are not allowed, got {text}"
    raise CanonicalError(msg)


class CanonicalTranscoder(Transcoder):
    """The eventsourcing transcoder whose output *is* the canonical encoding (docs/decisions.md §2)."""

    def encode(self, obj: Any) -> bytes:
        return canonical_bytes(obj)

    def decode(self, data: bytes) -> Any:
        return json.loads(data.decode("utf-8"))
