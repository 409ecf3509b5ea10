"""Typed argument fields of the enterprise commands (GB 32100-2015 codes, GB/T 4754-2017 codes, evidence).

A malformed field is refused under its own rule (``FT-ENT-USCC``, ``FT-ENT-BANK`` ...) naming the
field, through ``domain.kernel.fields.parse_args``. The USCC check character is python-stdnum's,
never a hand-written one.
"""

from __future__ import annotations

import re
from datetime import UTC
from datetime import date
from datetime import datetime
from enum import Enum
from typing import Annotated
from typing import Any

from pydantic import BeforeValidator
from pydantic import Field
from pydantic import field_validator
from pydantic_core import PydanticCustomError
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

from domain.enterprise.facts import INDUSTRY_STANDARD
from domain.enterprise.facts import ChangeKind
from domain.enterprise.facts import Covers
from domain.enterprise.facts import LegalForm
from domain.enterprise.facts import PriorSupportKind
from domain.enterprise.facts import SizeClass
from domain.enterprise.rules import BANK
from domain.enterprise.rules import INDUSTRY_CODE
from domain.enterprise.rules import PROFILE
from domain.enterprise.rules import USCC
from domain.kernel.admission import FIELD
from domain.kernel.fields import Count
from domain.kernel.fields import Fen
from domain.kernel.fields import Name
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_LAST4 = re.compile(r"^[0-9]{4}$")
_CLASS_CODE = re.compile(r"^[0-9]{4}$")


def _uscc(value: Any) -> Any:
    if not isinstance(value, str):
        raise PydanticCustomError(USCC.id, "expected an 18-character code, got {value}", {"value": repr(value)})
    try:
        return stdnum_uscc.validate(value)
    except StdnumError as e:
        raise PydanticCustomError(
            USCC.id, "not a valid unified social credit code ({why}): {value}", {"why": str(e), "value": value}
        ) from None


def _instant(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    if not isinstance(value, str):
        raise PydanticCustomError(
            FIELD.id, "expected an ISO 8601 time with offset, got {value}", {"value": repr(value)}
        )
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(FIELD.id, "not an ISO 8601 time: {value}", {"value": repr(value)}) from None
    if parsed.tzinfo is None:
        raise PydanticCustomError(FIELD.id, "the time needs an offset (e.g. +08:00): {value}", {"value": value})
    return parsed.astimezone(UTC)


def _class_code(value: Any) -> Any:
    if not isinstance(value, str) or not _CLASS_CODE.match(value):
        raise PydanticCustomError(
            INDUSTRY_CODE.id, "expected a four-digit GB/T 4754-2017 class code, got {value}", {"value": repr(value)}
        )
    return value


def _standard(value: Any) -> Any:
    if value != INDUSTRY_STANDARD:
        raise PydanticCustomError(
            INDUSTRY_CODE.id,
            "expected {std} (GB/T 4754-2011 codes differ, e.g. 3742), got {value}",
            {"std": INDUSTRY_STANDARD, "value": repr(value)},
        )
    return value


def _account_hash(value: Any) -> Any:
    if not isinstance(value, str) or not _HEX64.match(value):
        raise PydanticCustomError(
            BANK.id, "expected the keyed hash as 64 lowercase hex digits, got {value}", {"value": repr(value)}
        )
    return value


def _last4(value: Any) -> Any:
    if not isinstance(value, str) or not _LAST4.match(value):
        raise PydanticCustomError(
            BANK.id, "expected the last 4 digits of the account, got {value}", {"value": repr(value)}
        )
    return value


AccountHash = Annotated[str, BeforeValidator(_account_hash)]
"""A bank account as the ledger knows it: HMAC-SHA256 under finance's secret (docs/decisions.md §39)."""
Uscc = Annotated[str, BeforeValidator(_uscc)]
"""统一社会信用代码, validated by python-stdnum (GB 32100-2015) and kept in its compact form."""
Instant = Annotated[datetime, BeforeValidator(_instant)]
"""A moment, sent as ISO 8601 with an offset; held in UTC."""
IndustryCode = Annotated[str, BeforeValidator(_class_code)]
IndustryStandard = Annotated[str, BeforeValidator(_standard)]
DivisionCode = Annotated[str, Field(pattern=r"^[0-9]{6}$")]
Year = Annotated[int, Field(ge=1949, le=2100)]
LegalFormField = Annotated[LegalForm, enum_parser(LegalForm, FIELD.id)]
SizeClassField = Annotated[SizeClass, enum_parser(SizeClass, FIELD.id)]
CoversField = Annotated[Covers, enum_parser(Covers, FIELD.id)]
PriorSupportField = Annotated[PriorSupportKind, enum_parser(PriorSupportKind, FIELD.id)]
ChangeKindField = Annotated[ChangeKind, enum_parser(ChangeKind, PROFILE.id)]


class BankAccount(StrictModel):
    """An account as finance enters it: the account number never reaches the ledger, only an HMAC-SHA256 of it
    under a ledger secret held by finance (computed outside the domain) and its last four digits."""

    bank: Name
    account_hash: AccountHash
    last4: Annotated[str, BeforeValidator(_last4)]


class SizeBasis(StrictModel):
    employees: Count
    revenue_fen: Fen
    data_year: Year


class Evidence(StrictModel):
    """Where a fact was read: the registry or credit system, when, and the hash of the saved snapshot."""

    source: Name
    queried_at: Instant
    snapshot_sha256: Sha256


class TextFact(Evidence):
    value: Text


class ShareholdersFact(Evidence):
    value: list[Name] = Field(min_length=1, max_length=200)


class Registry(StrictModel):
    """Registry snapshot facts (国家企业信用信息公示系统), each with its evidence."""

    shareholders: ShareholdersFact
    legal_representative: TextFact
    address: TextFact
    phone: TextFact


class SupportEvidence(StrictModel):
    """The list or decision that shows prior support (a published list batch, a document number)."""

    source: Name
    reference: Text
    sha256: Sha256


def distinct(values: list[Any], rule: str, what: str) -> list[Any]:
    if len(set(values)) != len(values):
        raise PydanticCustomError(rule, "expected distinct {what}", {"what": what})
    return values


class BankAccounts(StrictModel):
    value: list[BankAccount] = Field(max_length=20)

    @field_validator("value")
    @classmethod
    def _distinct(cls, value: list[BankAccount]) -> list[BankAccount]:
        distinct([a.account_hash for a in value], BANK.id, "accounts (one account_hash appears twice)")
        return value


def stored(value: Any) -> Any:
    """A parsed value in the JSON-friendly form events carry (enums as values, times as UTC text)."""
    if isinstance(value, StrictModel):
        return {k: stored(v) for k, v in value}
    if isinstance(value, list):
        return [stored(v) for v in value]
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def utc_text(at: datetime) -> str:
    """An instant as events store it: ISO 8601 in UTC, to the second."""
    return at.astimezone(UTC).replace(microsecond=0).isoformat()
