"""Typed, bounded argument fields for command models (pydantic v2, strict, extra fields forbidden).

Each field type that has a rule of its own raises a ``PydanticCustomError`` whose type is the rule
id, so ``parse_args`` can name the field and the rule exactly (money is FT-MONEY, a role FT-ROLE).
Business dates arrive as ISO text in the signed envelope and are parsed before the strict check.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date
from datetime import datetime
from enum import Enum
from typing import Annotated
from typing import Any
from typing import TypeVar

from pydantic import AfterValidator
from pydantic import BaseModel
from pydantic import BeforeValidator
from pydantic import ConfigDict
from pydantic import Field
from pydantic import StringConstraints
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from domain.errors import InvalidField

FIELD_RULE = "FT-FIELD"  # every field is typed and bounded
MONEY_RULE = "FT-MONEY"  # money is integer 分 (docs/decisions.md §9)
MAX_FEN = 2**53  # JSON-safe integers; 1.5亿元 is 1.5e10 分


class StrictModel(BaseModel):
    """Command arguments: strict types, no extra fields, immutable once parsed."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, str_strip_whitespace=False)


M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=Enum)


def _fen(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError(MONEY_RULE, "money is an integer number of 分, got {value}", {"value": repr(value)})
    if value < 0 or value > MAX_FEN:
        raise PydanticCustomError(MONEY_RULE, "must be between 0 and 2^53 分, got {value}", {"value": value})
    return value


def _positive(value: int) -> int:
    if value <= 0:
        raise PydanticCustomError(MONEY_RULE, "must be more than 0 分, got {value}", {"value": value})
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(FIELD_RULE, "expected an ISO date YYYY-MM-DD, got {value}", {"value": repr(value)})
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(FIELD_RULE, "not an ISO date: {value}", {"value": repr(value)}) from None
    if parsed.isoformat() != value:
        raise PydanticCustomError(FIELD_RULE, "not in YYYY-MM-DD form: {value}", {"value": repr(value)})
    return parsed


def _text(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError(FIELD_RULE, "expected a non-empty string, got {value}", {"value": repr(value)})
    return value


def _public_key(value: Any) -> Any:
    if not isinstance(value, str):
        raise PydanticCustomError(FIELD_RULE, "expected base64 text, got {value}", {"value": repr(value)})
    try:
        raw = base64.b64decode(value, validate=True)
    except binascii.Error:
        raise PydanticCustomError(FIELD_RULE, "not valid base64: {value}", {"value": repr(value)}) from None
    if len(raw) != 32 or base64.b64encode(raw).decode() != value:
        raise PydanticCustomError(FIELD_RULE, "expected canonical base64 of a 32-byte Ed25519 key", {})
    return value


Fen = Annotated[int, BeforeValidator(_fen)]
"""An amount in 分: a JSON integer from 0 to 2^53 (never a float, a string or a bool)."""
PositiveFen = Annotated[int, BeforeValidator(_fen), AfterValidator(_positive)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A business date, sent as YYYY-MM-DD."""
Text = Annotated[str, BeforeValidator(_text), StringConstraints(max_length=200)]
Name = Annotated[str, BeforeValidator(_text), StringConstraints(max_length=100)]
LongText = Annotated[str, BeforeValidator(_text), StringConstraints(max_length=2000)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$")]
"""A business identifier: letters, digits and . _ : / - (at most 100)."""
ActorId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{1,62}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""A content hash: 64 lowercase hex digits (the CLI accepts @FILE and hashes it)."""
PublicKey = Annotated[str, BeforeValidator(_public_key)]
BasisPoints = Annotated[int, Field(ge=0, le=10_000)]
"""A ratio in basis points: 7000 = 70%."""
Count = Annotated[int, Field(ge=0, le=1_000_000)]


def enum_parser(cls: type[E], rule: str) -> BeforeValidator:
    """Use as ``Annotated[MyEnum, enum_parser(MyEnum, RULE.id)]``: a value of ``cls``, refused under
    ``rule`` naming the known values (strict mode would otherwise refuse the plain text)."""

    def parse(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        try:
            return cls(value)
        except ValueError:
            known = ", ".join(str(m.value) for m in cls)
            raise PydanticCustomError(
                rule, "unknown value {value}; known: {known}", {"value": repr(value), "known": known}
            ) from None

    return BeforeValidator(parse)


_RULE_TYPE = re.compile(r"^(FT|HRB|HLJ)-[A-Z0-9.-]+$")


def field_path(loc: tuple[int | str, ...]) -> str:
    """``("documents", 3, "sha256")`` -> ``documents[3].sha256``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "args"


def parse_args(model: type[M], raw: Any, prefix: str = "") -> M:
    """Validate ``raw`` against ``model``; the first problem becomes a typed InvalidField."""
    if not isinstance(raw, dict):
        raise InvalidField(prefix or "args", FIELD_RULE, f"expected an object, got {type(raw).__name__}")
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        first = e.errors(include_url=False)[0]
        path = field_path(tuple(first["loc"]))
        if prefix:
            path = f"{prefix}.{path}" if not path.startswith("[") else prefix + path
        kind = str(first["type"])
        rule = kind if _RULE_TYPE.match(kind) else FIELD_RULE
        detail = _detail(first)
        raise InvalidField(path, rule, detail) from None


def _detail(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    value = error.get("input")
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return f"{error['msg']} (got {shown})" if not kind.startswith(("FT-", "HRB-", "HLJ-")) else str(error["msg"])
