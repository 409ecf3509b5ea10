"""The value a profile change may give each field: the same types as at registration."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from domain.enterprise.fields import BankAccounts
from domain.enterprise.fields import DivisionCode
from domain.enterprise.fields import IndustryCode
from domain.enterprise.fields import LegalFormField
from domain.enterprise.fields import ShareholdersFact
from domain.enterprise.fields import SizeBasis
from domain.enterprise.fields import SizeClassField
from domain.enterprise.fields import TextFact
from domain.enterprise.rules import PROFILE
from domain.kernel.fields import Name
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import parse_args


class _Name(StrictModel):
    value: Name


class _Text(StrictModel):
    value: Text


class _Bool(StrictModel):
    value: bool


class _LegalForm(StrictModel):
    value: LegalFormField


class _Division(StrictModel):
    value: DivisionCode


class _Industry(StrictModel):
    value: IndustryCode


class _SizeClass(StrictModel):
    value: SizeClassField


class _SizeBasis(StrictModel):
    value: SizeBasis


class _Shareholders(StrictModel):
    value: ShareholdersFact


class _Fact(StrictModel):
    value: TextFact = Field()


VALUE_MODELS: dict[str, type[StrictModel]] = {
    "name": _Name,
    "legal_form": _LegalForm,
    "independent_legal_person": _Bool,
    "registered_address": _Text,
    "division_code": _Division,
    "harbin": _Bool,
    "industry_code": _Industry,
    "size_class": _SizeClass,
    "size_basis": _SizeBasis,
    "bank_accounts": BankAccounts,
    "registry.shareholders": _Shareholders,
    "registry.legal_representative": _Fact,
    "registry.address": _Fact,
    "registry.phone": _Fact,
}
"""One model per changeable field (the USCC is the stream's key and never changes)."""


def parse_profile_value(field: str, raw: Any) -> Any:
    """The typed new value of ``field``, or a refusal naming ``value`` (or a path inside it)."""
    model = VALUE_MODELS.get(field)
    if model is None:
        PROFILE.refuse("field", f"expected one of {', '.join(VALUE_MODELS)}, got {field!r}")
    parsed: Any = parse_args(model, {"value": raw})
    return parsed.value
