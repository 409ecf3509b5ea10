"""Registering an applicant enterprise (domain rules §2.4; HRB 第五条（一）), and the helpers the commands share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field
from pydantic import field_validator

from domain.enterprise.aggregate import Enterprise
from domain.enterprise.aggregate import enterprise_stream
from domain.enterprise.facts import HARBIN_DIVISION_PREFIX
from domain.enterprise.facts import INDUSTRY_STANDARD
from domain.enterprise.facts import LARGE
from domain.enterprise.facts import LEGAL_PERSON_FORMS
from domain.enterprise.facts import SIZE_STANDARD
from domain.enterprise.facts import industrial_size_class
from domain.enterprise.fields import BankAccount
from domain.enterprise.fields import DivisionCode
from domain.enterprise.fields import IndustryCode
from domain.enterprise.fields import IndustryStandard
from domain.enterprise.fields import LegalFormField
from domain.enterprise.fields import Registry
from domain.enterprise.fields import SizeBasis
from domain.enterprise.fields import SizeClassField
from domain.enterprise.fields import Uscc
from domain.enterprise.fields import distinct
from domain.enterprise.fields import stored
from domain.enterprise.fields import utc_text
from domain.enterprise.rules import BANK
from domain.enterprise.rules import DIVISION
from domain.enterprise.rules import HARBIN
from domain.enterprise.rules import INDUSTRY_CODE
from domain.enterprise.rules import LEGAL_PERSON
from domain.enterprise.rules import SIZE
from domain.enterprise.rules import SIZE_CLASS
from domain.enterprise.rules import UNIQUE
from domain.enterprise.rules import USCC
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import today
from domain.kernel.fields import Name
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

BUREAUS = frozenset({Role.DISTRICT_MIIT, Role.CITY_MIIT})
CITY = frozenset({Role.CITY_MIIT})


def not_after_now(ctx: Reader, at: datetime, field: str) -> None:
    DATE.check(at <= ctx.now, field, f"expected a time on or before {utc_text(ctx.now)}, got {utc_text(at)}")


def enterprise(ctx: Reader, uscc: str) -> Enterprise:
    return ctx.get(Enterprise, enterprise_stream(uscc), field="uscc", what="enterprise")


def warning(rule_id: str, detail: str) -> dict[str, str]:
    return {"rule": rule_id, "detail": detail}


class RegisterArgs(StrictModel):
    uscc: Uscc
    name: Name
    legal_form: LegalFormField
    independent_legal_person: bool
    registered_address: Text
    division_code: DivisionCode
    harbin: bool
    industry_code: IndustryCode
    industry_standard: IndustryStandard = INDUSTRY_STANDARD
    size_class: SizeClassField
    size_basis: SizeBasis
    registry: Registry
    bank_accounts: list[BankAccount] = Field(default_factory=list, max_length=20)

    @field_validator("bank_accounts")
    @classmethod
    def _distinct(cls, value: list[BankAccount]) -> list[BankAccount]:
        distinct([a.account_hash for a in value], BANK.id, "accounts (one account_hash appears twice)")
        return value


class Register(Command[RegisterArgs]):
    """企业登记 / Register an applicant enterprise: facts the bureau has checked, with their evidence."""

    name = "enterprise.register"
    zh, en = "登记申报企业（经区县或市工信部门核实的登记事项）", "register an applicant enterprise with checked facts"
    roles = BUREAUS
    enforces = (USCC, UNIQUE, HARBIN, LEGAL_PERSON, INDUSTRY_CODE, SIZE, SIZE_CLASS, DIVISION, BANK, DATE)
    args = RegisterArgs
    cli = ("city", "enterprise", "register")
    cli_arguments = ("uscc",)

    def execute(self, args: RegisterArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(enterprise_stream(args.uscc)):
            UNIQUE.refuse("uscc", f"an enterprise with code {args.uscc} is already registered")
        HARBIN.check(args.harbin, "harbin", "an applicant must be registered within the Harbin city area (市域)")
        LEGAL_PERSON.check(
            args.independent_legal_person, "independent_legal_person", "a branch (分公司) or other non-legal person"
        )
        LEGAL_PERSON.check(
            args.legal_form in LEGAL_PERSON_FORMS,
            "legal_form",
            f"a {args.legal_form.value} is not an independent legal person",
        )
        warnings = [*self._size(args, ctx), *self._division(args)]
        for name, fact in args.registry:
            not_after_now(ctx, fact.queried_at, f"registry.{name}.queried_at")
        made = Enterprise(
            uscc=args.uscc,
            name=args.name,
            legal_form=args.legal_form.value,
            independent_legal_person=args.independent_legal_person,
            registered_address=args.registered_address,
            division_code=args.division_code,
            harbin=args.harbin,
            industry_code=args.industry_code,
            industry_standard=args.industry_standard,
            size_class=args.size_class.value,
            size_basis=stored(args.size_basis),
            size_standard=SIZE_STANDARD,
            registry=stored(args.registry),
            bank_accounts=stored(args.bank_accounts),
            registered_by=ctx.actor.actor_id,
            warnings=warnings,
        )
        return [made]

    @staticmethod
    def _size(args: RegisterArgs, ctx: Reader) -> list[dict[str, str]]:
        basis = args.size_basis
        DATE.check(
            basis.data_year <= today(ctx).year, "size_basis.data_year", f"expected a past year, got {basis.data_year}"
        )
        implied = industrial_size_class(basis.employees, basis.revenue_fen)
        if implied == LARGE:
            SIZE.refuse(
                "size_basis",
                f"{basis.employees} employees and {basis.revenue_fen} 分 revenue make a large enterprise, not an SME",
            )
        if implied != args.size_class.value:
            return [warning(SIZE_CLASS.id, f"declared {args.size_class.value}, the basis implies {implied}")]
        return []

    @staticmethod
    def _division(args: RegisterArgs) -> list[dict[str, str]]:
        out = []
        if not args.division_code.startswith(HARBIN_DIVISION_PREFIX):
            out.append(warning(DIVISION.id, f"division code {args.division_code} is not a Harbin (2301) code"))
        if args.uscc[2:6] != HARBIN_DIVISION_PREFIX:
            out.append(warning(DIVISION.id, f"the code's registering authority {args.uscc[2:8]} is not in Harbin"))
        return out
