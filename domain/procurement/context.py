"""What the procurement commands share: typed fields, loading an item, single-use claims (HRB 第十条)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Annotated
from typing import Any

from pydantic import BeforeValidator
from pydantic import StringConstraints
from pydantic_core import PydanticCustomError

from domain.kernel.fields import enum_parser
from domain.policy.params import SupportMode
from domain.procurement.aggregate import Procurement
from domain.procurement.aggregate import ProcurementClaim
from domain.procurement.aggregate import claim_stream
from domain.procurement.aggregate import procurement_stream
from domain.procurement.rules import ACCEPT
from domain.procurement.rules import CATEGORY
from domain.procurement.rules import METHOD
from domain.procurement.rules import REFERENCES
from domain.procurement.rules import REUSE
from domain.procurement.terms import AcceptanceResult
from domain.procurement.terms import Method
from domain.procurement.terms import ProcuredCategory
from domain.programme.aggregate import Programme
from domain.programme.aggregate import programme_stream
from domain.roles import Role

if TYPE_CHECKING:
    from domain.kernel.commands import Reader

MIIT = frozenset({Role.CITY_MIIT})  # 市工信局 buys, signs and accepts (HRB 第三条（一）)
FINANCE = frozenset({Role.CITY_FINANCE})  # 市财政局 pays (HRB 第三条（二）)
CLI = ("city", "procure")


def _reference(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError(
            REFERENCES.id, "a procurement reference is recorded as printed, got {value}", {"value": repr(value)}
        )
    return value


Reference = Annotated[str, BeforeValidator(_reference), StringConstraints(max_length=100)]
"""A procurement document's number as printed (采购公告、中标（成交）通知书、合同编号): HRB 第十条."""
CategoryField = Annotated[ProcuredCategory, enum_parser(ProcuredCategory, CATEGORY.id)]
MethodField = Annotated[Method, enum_parser(Method, METHOD.id)]
ResultField = Annotated[AcceptanceResult, enum_parser(AcceptanceResult, ACCEPT.id)]
PROCUREMENT = SupportMode.GOVERNMENT_PROCUREMENT.value


def load(ctx: Reader, procurement_id: str) -> Procurement:
    return ctx.get(Procurement, procurement_stream(procurement_id), field="procurement_id", what="procurement")


def claim(ctx: Reader, kind: str, key: str, procurement_id: str, used_as: str, field: str) -> ProcurementClaim:
    """FT-PCM-REUSE: a notice (lot), contract number or file is used by one procurement step only."""
    stream = claim_stream(kind, key)
    if ctx.exists(stream):
        first = ctx.find(ProcurementClaim, stream)
        named = f"{first.used_as} of procurement {first.procurement_id}" if first is not None else "elsewhere"
        REUSE.refuse(field, f"{kind} {key[:40]!r} is already used as the {named}")
    return ProcurementClaim(kind=kind, key=key, procurement_id=procurement_id, used_as=used_as)


def programme_of(ctx: Reader, procurement: Procurement) -> Programme:
    stream = programme_stream(procurement.programme_id)
    return ctx.get(Programme, stream, field="procurement_id", what="programme")
