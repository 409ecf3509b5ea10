"""Commands of the enterprise register (domain rules §2.4; HRB 第五条, 第六条, 第十七条)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from pydantic import Field
from pydantic import JsonValue
from pydantic import field_validator

from domain.enterprise.fields import ChangeKindField
from domain.enterprise.fields import CoversField
from domain.enterprise.fields import Evidence
from domain.enterprise.fields import IndustryCode
from domain.enterprise.fields import Instant
from domain.enterprise.fields import PriorSupportField
from domain.enterprise.fields import SupportEvidence
from domain.enterprise.fields import Uscc
from domain.enterprise.fields import Year
from domain.enterprise.fields import distinct
from domain.enterprise.fields import stored
from domain.enterprise.profile import parse_profile_value
from domain.enterprise.register import BUREAUS
from domain.enterprise.register import CITY
from domain.enterprise.register import Register
from domain.enterprise.register import enterprise
from domain.enterprise.register import not_after_now
from domain.enterprise.register import warning
from domain.enterprise.rules import BANK
from domain.enterprise.rules import COMMIT_SELF
from domain.enterprise.rules import CREDIT_AHEAD
from domain.enterprise.rules import CREDIT_WINDOW
from domain.enterprise.rules import DISQUALIFY
from domain.enterprise.rules import INDUSTRY_CODE
from domain.enterprise.rules import LIFT
from domain.enterprise.rules import OVERRIDE
from domain.enterprise.rules import PROFILE
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import local_date
from domain.kernel.dates import not_after_today
from domain.kernel.dates import today
from domain.kernel.fields import Fen
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import LongText
from domain.kernel.fields import Name
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader


class ProfileChangeArgs(StrictModel):
    uscc: Uscc
    field: str = Field(min_length=1, max_length=40)
    value: JsonValue
    kind: ChangeKindField
    reason: LongText
    evidence: Evidence | None = None


class RecordProfileChange(Command[ProfileChangeArgs]):
    """登记事项变更或更正 / Record a change or a correction of one registered fact, with a reason."""

    name = "enterprise.record_profile_change"
    zh, en = "登记企业登记事项的变更或更正（不改写原记录）", "record a change or correction of a registered fact"
    roles = BUREAUS
    enforces = (PROFILE, INDUSTRY_CODE, BANK, DATE)
    args = ProfileChangeArgs
    cli = ("city", "enterprise", "change")
    cli_arguments = ("uscc", "field")

    def execute(self, args: ProfileChangeArgs, ctx: Reader) -> Sequence[Aggregate]:
        target = enterprise(ctx, args.uscc)
        value = parse_profile_value(args.field, args.value)
        if args.evidence is not None:
            not_after_now(ctx, args.evidence.queried_at, "evidence.queried_at")
        if args.field.startswith("registry."):
            not_after_now(ctx, value.queried_at, "value.queried_at")
        if args.field == "size_basis":
            year = value.data_year
            DATE.check(year <= today(ctx).year, "value.data_year", f"expected a past year, got {year}")
        evidence = stored(args.evidence) if args.evidence is not None else None
        target.change_profile(args.field, stored(value), args.kind.value, args.reason, evidence, ctx.actor.actor_id)
        return [target]


class OverrideIndustryArgs(StrictModel):
    uscc: Uscc
    industry_code: IndustryCode
    reason: LongText
    decision_ref: Id | None = None


class OverrideIndustry(Command[OverrideIndustryArgs]):
    """行业范围例外认可 / A14: a city bureau reviewer accepts an out-of-list industry code, with a reason."""

    name = "enterprise.override_industry"
    zh, en = "认可行业范围例外（须说明理由）", "accept an industry code outside the allow-list, with a reason"
    roles = CITY
    enforces = (OVERRIDE,)
    args = OverrideIndustryArgs
    cli = ("city", "enterprise", "override-industry")
    cli_arguments = ("uscc", "industry_code")

    def execute(self, args: OverrideIndustryArgs, ctx: Reader) -> Sequence[Aggregate]:
        target = enterprise(ctx, args.uscc)
        target.override_industry(args.industry_code, args.reason, args.decision_ref, ctx.actor.actor_id)
        return [target]


class CommitmentArgs(StrictModel):
    uscc: Uscc
    text_sha256: Sha256
    covers: list[CoversField] = Field(min_length=1, max_length=4)
    signed_on: IsoDate

    @field_validator("covers")
    @classmethod
    def _distinct(cls, value: list[Any]) -> list[Any]:
        return distinct(value, "FT-FIELD", "undertakings")


class RecordCommitment(Command[CommitmentArgs]):
    """承诺书 / HRB 第五条（三）: the enterprise's signed commitment, by its hash."""

    name = "enterprise.record_commitment"
    zh, en = "登记企业承诺书", "record the enterprise's signed commitment"
    roles = frozenset({Role.APPLICANT, Role.DISTRICT_MIIT})
    enforces = (COMMIT_SELF, DATE)
    args = CommitmentArgs
    cli = ("city", "enterprise", "commitment")
    cli_arguments = ("uscc",)

    def execute(self, args: CommitmentArgs, ctx: Reader) -> Sequence[Aggregate]:
        actor = ctx.actor
        if not actor.has_role(Role.DISTRICT_MIIT) and actor.organisation.get("code") != args.uscc:
            COMMIT_SELF.refuse("uscc", f"{actor.actor_id} acts for {actor.organisation.get('code')}, not {args.uscc}")
        not_after_today(ctx, args.signed_on, "signed_on")
        target = enterprise(ctx, args.uscc)
        target.record_commitment(
            args.text_sha256, [c.value for c in args.covers], args.signed_on.isoformat(), actor.actor_id
        )
        return [target]


class CreditCheckArgs(StrictModel):
    uscc: Uscc
    source: Name
    queried_at: Instant
    abnormal_operation_list: bool
    serious_dishonesty: bool
    major_accident: bool
    tax_violation: bool
    window_from: IsoDate
    window_to: IsoDate
    snapshot_sha256: Sha256
    other_findings: LongText | None = None


class RecordCreditCheck(Command[CreditCheckArgs]):
    """信用核查 / HRB 第五条（二）: what a credit query showed over which window, with the snapshot's hash."""

    name = "enterprise.record_credit_check"
    zh, en = "登记信用核查结果", "record a credit check of an enterprise"
    roles = frozenset({Role.CITY_MIIT, Role.DISTRICT_MIIT, Role.INSPECTOR})
    enforces = (CREDIT_WINDOW, CREDIT_AHEAD, DATE)
    args = CreditCheckArgs
    cli = ("city", "enterprise", "credit-check")
    cli_arguments = ("uscc",)

    def execute(self, args: CreditCheckArgs, ctx: Reader) -> Sequence[Aggregate]:
        not_after_now(ctx, args.queried_at, "queried_at")
        CREDIT_WINDOW.check(
            args.window_from <= args.window_to, "window_to", f"expected a day on or after {args.window_from}"
        )
        queried_on = local_date(args.queried_at)
        warnings = []
        if args.window_to > queried_on:
            detail = f"a check made on {queried_on} is said to vouch until {args.window_to}"
            warnings.append(warning(CREDIT_AHEAD.id, detail))
        target = enterprise(ctx, args.uscc)
        check = {k: v for k, v in stored(args).items() if k != "uscc"}
        target.record_credit_check({**check, "recorded_by": ctx.actor.actor_id, "warnings": warnings})
        return [target]


class PriorSupportArgs(StrictModel):
    uscc: Uscc
    kind: PriorSupportField
    year: Year
    amount_fen: Fen | None = None
    evidence: SupportEvidence


class RecordPriorSupport(Command[PriorSupportArgs]):
    """已获支持 / HRB 第六条（一）（二）: support the enterprise already had (小巨人 fund, 2022 pilot, others)."""

    name = "enterprise.record_prior_support"
    zh, en = "登记企业已获支持（小巨人中央资金、2022年改造试点等）", "record support the enterprise already received"
    roles = BUREAUS
    enforces = (DATE,)
    args = PriorSupportArgs
    cli = ("city", "enterprise", "prior-support")
    cli_arguments = ("uscc",)

    def execute(self, args: PriorSupportArgs, ctx: Reader) -> Sequence[Aggregate]:
        DATE.check(args.year <= today(ctx).year, "year", f"expected a past year, got {args.year}")
        target = enterprise(ctx, args.uscc)
        support = {k: v for k, v in stored(args).items() if k != "uscc"}
        target.record_prior_support({**support, "recorded_by": ctx.actor.actor_id})
        return [target]


class DisqualifyArgs(StrictModel):
    uscc: Uscc
    decision_ref: Id
    grounds: LongText
    from_on: IsoDate
    until_on: IsoDate | None = None
    case_id: Id | None = None


class Disqualify(Command[DisqualifyArgs]):
    """取消申请资格 / HRB 第十七条, 第六条（四）; A25: from a day, until a day or permanently."""

    name = "enterprise.disqualify"
    zh, en = (
        "取消企业申请资格（起止日期；无截止日为永久）",
        "disqualify an enterprise from a day, until a day or for good",
    )
    roles = CITY
    enforces = (DISQUALIFY,)
    args = DisqualifyArgs
    cli = ("city", "enterprise", "disqualify")
    cli_arguments = ("uscc",)

    def execute(self, args: DisqualifyArgs, ctx: Reader) -> Sequence[Aggregate]:
        target = enterprise(ctx, args.uscc)
        until = args.until_on.isoformat() if args.until_on is not None else None
        target.disqualify(args.case_id, args.grounds, args.from_on.isoformat(), until, args.decision_ref)
        return [target]


class LiftArgs(StrictModel):
    uscc: Uscc
    decision_ref: Id
    lift_decision_ref: Id
    reason: LongText
    lifted_on: IsoDate


class LiftDisqualification(Command[LiftArgs]):
    """解除取消申请资格 / Lift a disqualification from a day, citing the decision that lifts it."""

    name = "enterprise.lift_disqualification"
    zh, en = "解除取消申请资格", "lift a disqualification"
    roles = CITY
    enforces = (LIFT, DATE)
    args = LiftArgs
    cli = ("city", "enterprise", "lift-disqualification")
    cli_arguments = ("uscc", "decision_ref")

    def execute(self, args: LiftArgs, ctx: Reader) -> Sequence[Aggregate]:
        not_after_today(ctx, args.lifted_on, "lifted_on")
        target = enterprise(ctx, args.uscc)
        target.lift_disqualification(args.decision_ref, args.lift_decision_ref, args.reason, args.lifted_on.isoformat())
        return [target]


COMMANDS = (
    Register(),
    RecordProfileChange(),
    OverrideIndustry(),
    RecordCommitment(),
    RecordCreditCheck(),
    RecordPriorSupport(),
    Disqualify(),
    LiftDisqualification(),
)
