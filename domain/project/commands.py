"""Project commands: intake, tracking, assessment, acceptance, withdrawal, termination (HRB 第八条).

The evidence commands live in ``evidence_commands.py`` and the verification and proposal in
``subsidy_commands.py``; ``COMMANDS`` at the end lists them all in the order of the process.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field

from domain.award.aggregate import award_stream
from domain.enterprise.aggregate import Enterprise
from domain.enterprise.aggregate import enterprise_stream
from domain.enterprise.rules import COMMITMENT
from domain.enterprise.rules import CREDIT
from domain.enterprise.rules import DISQUALIFIED
from domain.enterprise.rules import HARBIN
from domain.enterprise.rules import INDUSTRY
from domain.enterprise.rules import LEGAL_PERSON
from domain.enterprise.rules import LITTLE_GIANT
from domain.enterprise.rules import PILOT_2022
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import local_date
from domain.kernel.dates import not_after_today
from domain.kernel.dates import not_before
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import LongText
from domain.kernel.fields import Name
from domain.kernel.fields import PositiveFen
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.programme.batch import Batch
from domain.programme.batch import batch_stream
from domain.project.account import EnterpriseAccount
from domain.project.account import enterprise_account_stream
from domain.project.aggregate import INTAKE_REQUESTED
from domain.project.aggregate import Project
from domain.project.aggregate import project_stream
from domain.project.context import CostType
from domain.project.context import DocNo
from domain.project.context import Uscc
from domain.project.context import independent
from domain.project.context import load_account
from domain.project.context import load_project
from domain.project.context import own_enterprise
from domain.project.evidence_commands import EVIDENCE_COMMANDS
from domain.project.rules import ACTIVE_CAP
from domain.project.rules import INDEPENDENT
from domain.project.rules import INTAKE_OPEN
from domain.project.rules import LEVEL_TREND
from domain.project.rules import ORDER
from domain.project.rules import OWN
from domain.project.rules import POST_LEVEL
from domain.project.rules import REASON
from domain.project.rules import UNIQUE
from domain.project.subsidy_commands import SUBSIDY_COMMANDS
from domain.province.application import application_stream
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader
    from domain.policy.params import PolicyParams

ELIGIBILITY_RULES = (HARBIN, LEGAL_PERSON, INDUSTRY, CREDIT, COMMITMENT, LITTLE_GIANT, PILOT_2022, DISQUALIFIED)
"""The enterprise's HRB 第五条/第六条 rules that an intake may be refused under (the first problem found)."""


def still_eligible(ctx: Reader, uscc: str, batch_id: str, batch: Batch | None = None) -> PolicyParams:
    """HRB 第五条, 第六条: refuse with the enterprise's first problem as of the local day (its rule and field);
    returns the batch's parameters."""
    batch = batch or ctx.get(Batch, batch_stream(batch_id), field="project_id", what="batch")
    enterprise = ctx.get(Enterprise, enterprise_stream(uscc), field="enterprise_uscc", what="enterprise")
    params = batch.parameters()
    problems = enterprise.eligibility_problems(local_date(ctx.now), params)
    if problems:
        rule, field, detail = problems[0]
        rule.refuse(field, detail)
    return params


class PlannedItem(StrictModel):
    cost_type: CostType
    description: Text
    amount_fen: PositiveFen


class RequestIntakeArgs(StrictModel):
    project_id: Id
    batch_id: Id
    enterprise_uscc: Uscc
    provider_uscc: Uscc
    district: Name
    scope_summary: LongText
    planned_items: list[PlannedItem] = Field(min_length=1, max_length=100)
    planned_start: IsoDate
    planned_end: IsoDate


class RequestIntake(Command[RequestIntakeArgs]):
    """项目入库申请 / Request a project's intake into the pilot pool (HRB 第八条, 第五条)."""

    name = "project.request_intake"
    zh, en = (
        "项目入库申请（批次入库期内，企业须符合条件，在办项目不超过 3 个）",
        ("request a project's intake (batch open, enterprise eligible, at most 3 active projects)"),
    )
    roles = frozenset({Role.DISTRICT_MIIT, Role.APPLICANT})
    enforces = (UNIQUE, OWN, INTAKE_OPEN, DATE, ACTIVE_CAP, *ELIGIBILITY_RULES)
    args = RequestIntakeArgs
    cli = ("city", "project", "intake")
    cli_arguments = ("project_id",)

    def execute(self, args: RequestIntakeArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(project_stream(args.project_id)):
            UNIQUE.refuse("project_id", f"project {args.project_id!r} is already recorded")
        if ctx.exists(award_stream(args.project_id)):  # one id, one subsidised subject (domain/subjects.py)
            UNIQUE.refuse("project_id", f"{args.project_id!r} is an award's id")
        if ctx.exists(application_stream(args.project_id)):
            UNIQUE.refuse("project_id", f"{args.project_id!r} is a provincial application's id")
        own_enterprise(ctx, args.enterprise_uscc, "enterprise_uscc")
        not_before(args.planned_end, args.planned_start, "planned_end", "the planned start")
        batch = ctx.get(Batch, batch_stream(args.batch_id), field="batch_id", what="batch")
        today = local_date(ctx.now).isoformat()
        if batch.kind != "transformation":
            INTAKE_OPEN.refuse("batch_id", f"batch {batch.batch_id} is a {batch.kind} batch, not a transformation one")
        if not batch.intake_open or not batch.intake_from <= today <= batch.intake_to:
            INTAKE_OPEN.refuse(
                "batch_id",
                f"batch {batch.batch_id} takes intake from {batch.intake_from} to {batch.intake_to}"
                f"{'' if batch.intake_open else ' and its intake is closed'}; today is {today}",
            )
        params = still_eligible(ctx, args.enterprise_uscc, batch.batch_id, batch)
        stream = enterprise_account_stream(batch.programme_id, args.enterprise_uscc)
        account = ctx.find(EnterpriseAccount, stream) or EnterpriseAccount(
            programme_id=batch.programme_id, uscc=args.enterprise_uscc
        )
        account.admit(args.project_id, params.max_active_projects, "enterprise_uscc")
        project = Project(
            project_id=args.project_id,
            batch_id=batch.batch_id,
            programme_id=batch.programme_id,
            policy_version_id=batch.policy_version_id,
            policy_hash=batch.policy_hash,
            enterprise_uscc=args.enterprise_uscc,
            provider_uscc=args.provider_uscc,
            district=args.district,
            scope_summary=args.scope_summary,
            planned_items=[i.model_dump() for i in args.planned_items],
            planned_start=args.planned_start.isoformat(),
            planned_end=args.planned_end.isoformat(),
            requested_by=ctx.actor.actor_id,
            eligibility_on=today,
        )
        return [project, account]


class IntakeDecision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class DecideIntakeArgs(StrictModel):
    project_id: Id
    decision: Annotated[IntakeDecision, enum_parser(IntakeDecision, "FT-FIELD")]
    reasons: list[Text] = Field(default_factory=list, max_length=20)
    decided_on: IsoDate


class DecideIntake(Command[DecideIntakeArgs]):
    """入库审核 / Take a project into the pool, or reject it with reasons (HRB 第八条, 第三条（一）)."""

    name = "project.decide_intake"
    zh, en = "入库审核（入库或不予入库并说明理由）", "take a project into the pool, or reject it with reasons"
    roles = frozenset({Role.CITY_MIIT})
    enforces = (ORDER, REASON, DATE, *ELIGIBILITY_RULES)
    args = DecideIntakeArgs
    cli = ("city", "project", "decide-intake")
    cli_arguments = ("project_id", "decision")

    def execute(self, args: DecideIntakeArgs, ctx: Reader) -> Sequence[Aggregate]:
        project = load_project(ctx, args.project_id)
        decided_on = not_after_today(ctx, args.decided_on, "decided_on")
        approve = args.decision == IntakeDecision.APPROVE
        if approve and project.state == INTAKE_REQUESTED:  # HRB-5: judged again as the project enters the pool
            still_eligible(ctx, project.enterprise_uscc, project.batch_id)
        org = str(ctx.actor.organisation.get("code", ""))
        project.decide_intake(approve, list(args.reasons), decided_on, org)
        if approve:
            return [project]
        account = load_account(ctx, project)
        account.vacate(project.project_id, "intake rejected")
        return [project, account]


class RecordTrackingReportArgs(StrictModel):
    project_id: Id
    report_id: Id
    period: Name
    progress_pct: int = Field(ge=0, le=100)
    findings_sha256: Sha256
    reported_on: IsoDate


class RecordTrackingReport(Command[RecordTrackingReportArgs]):
    """跟踪监测 / Record a third party's tracking report (HRB 第八条, 第四条（四）)."""

    name = "project.record_tracking_report"
    zh, en = "登记第三方跟踪监测报告", "record a third party's tracking report"
    roles = frozenset({Role.THIRD_PARTY})
    enforces = (ORDER, INDEPENDENT, DATE)
    args = RecordTrackingReportArgs
    cli = ("city", "project", "track")
    cli_arguments = ("project_id",)

    def execute(self, args: RecordTrackingReportArgs, ctx: Reader) -> Sequence[Aggregate]:
        project = load_project(ctx, args.project_id)
        org = independent(ctx, project, "tracking")
        report = {
            "report_id": args.report_id,
            "period": args.period,
            "progress_pct": args.progress_pct,
            "findings_sha256": args.findings_sha256,
            "reported_on": not_after_today(ctx, args.reported_on, "reported_on"),
            "third_party": org,
            "recorded_by": ctx.actor.actor_id,
        }
        project.record_tracking_report(report)
        return [project]


class AssessmentKind(StrEnum):
    BASELINE = "baseline"  # 改造前评测
    POST = "post"  # 改造后评测


class AssessmentMode(StrEnum):
    ON_SITE = "on-site"  # 现场评测 (工信厅企业〔2024〕56号: pilot enterprises)
    SELF = "self"  # 自评测


class RecordAssessmentArgs(StrictModel):
    project_id: Id
    kind: Annotated[AssessmentKind, enum_parser(AssessmentKind, "FT-FIELD")]
    index_version: Name
    mode: Annotated[AssessmentMode, enum_parser(AssessmentMode, "FT-FIELD")]
    score: str = Field(pattern=r"^(?:100(?:\.0{1,2})?|[0-9]{1,2}(?:\.[0-9]{1,2})?)$")
    level: int = Field(ge=1, le=4)
    report_sha256: Sha256
    assessed_on: IsoDate


def level_warnings(kind: str, mode: str, level: int, baseline: dict[str, object] | None) -> list[dict[str, str]]:
    """A17, R12: warn when the baseline is already ≥ 二级, when the post level is not above it, when there is
    no baseline to compare, or when a pilot enterprise was self-assessed."""
    out: list[dict[str, str]] = []

    def warn(detail: str) -> None:
        out.append({"rule": LEVEL_TREND.id, "detail": detail})

    if mode == AssessmentMode.SELF:
        warn("self-assessment: pilot enterprises are assessed on site (2024版)")
    if kind == AssessmentKind.BASELINE:
        if level >= 2:
            warn(f"baseline level {level} is already level 2 or above")
        return out
    if baseline is None:
        warn("no baseline assessment is recorded to compare with")
        return out
    pre = int(str(baseline["level"]))
    if pre >= 2:
        warn(f"baseline level {pre} was already level 2 or above")
    if level <= pre:
        warn(f"post level {level} is not above the baseline level {pre}")
    return out


class RecordAssessment(Command[RecordAssessmentArgs]):
    """数字化水平评测 / Record a baseline or post-transformation assessment (HRB 第四条（一）; A17)."""

    name = "project.record_assessment"
    zh, en = "登记数字化水平评测（改造前或改造后）", "record a baseline or post-transformation digital-level assessment"
    roles = frozenset({Role.THIRD_PARTY})
    enforces = (ORDER, INDEPENDENT, DATE, LEVEL_TREND)
    args = RecordAssessmentArgs
    cli = ("city", "project", "assess")
    cli_arguments = ("project_id", "kind")

    def execute(self, args: RecordAssessmentArgs, ctx: Reader) -> Sequence[Aggregate]:
        project = load_project(ctx, args.project_id)
        org = independent(ctx, project, "assessment")
        assessment = {
            "kind": args.kind.value,
            "index_version": args.index_version,
            "mode": args.mode.value,
            "score": args.score,
            "level": args.level,
            "report_sha256": args.report_sha256,
            "assessed_on": not_after_today(ctx, args.assessed_on, "assessed_on"),
            "assessor": org,
        }
        warnings = level_warnings(args.kind.value, args.mode.value, args.level, project.baseline)
        project.record_assessment(assessment, warnings)
        return [project]


class AcceptanceResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    CONDITIONAL = "conditional"


class RecordAcceptanceArgs(StrictModel):
    project_id: Id
    panel: list[Name] = Field(min_length=1, max_length=30)
    result: Annotated[AcceptanceResult, enum_parser(AcceptanceResult, "FT-FIELD")]
    report_no: DocNo
    reviewed_on: IsoDate
    report_sha256: Sha256
    conditions: Text | None = None


class RecordAcceptance(Command[RecordAcceptanceArgs]):
    """验收评审 / Record the acceptance review (HRB 第四条（一）, 第八条; A26)."""

    name = "project.record_acceptance"
    zh, en = "登记验收评审结果（通过须改造后达到二级）", "record the acceptance review (passing needs post level ≥ 2)"
    roles = frozenset({Role.CITY_MIIT, Role.THIRD_PARTY})
    enforces = (ORDER, INDEPENDENT, POST_LEVEL, DATE)
    args = RecordAcceptanceArgs
    cli = ("city", "project", "accept")
    cli_arguments = ("project_id", "result")

    def execute(self, args: RecordAcceptanceArgs, ctx: Reader) -> Sequence[Aggregate]:
        project = load_project(ctx, args.project_id)
        org = independent(ctx, project, "acceptance review")
        batch = ctx.get(Batch, batch_stream(project.batch_id), field="project_id", what="batch")
        review = {
            "panel": list(args.panel),
            "result": args.result.value,
            "report_no": args.report_no,
            "reviewed_on": not_after_today(ctx, args.reviewed_on, "reviewed_on"),
            "report_sha256": args.report_sha256,
            "conditions": args.conditions,
            "reviewer_org": org,
            "recorded_by": ctx.actor.actor_id,
        }
        project.record_acceptance(review, batch.parameters().min_post_level)
        return [project]


class WithdrawArgs(StrictModel):
    project_id: Id
    reason: Text


class Withdraw(Command[WithdrawArgs]):
    """撤回项目 / Withdraw a project before approval: its reservation and its active slot are released."""

    name = "project.withdraw"
    zh, en = (
        "撤回项目（释放累计额度与在办名额）",
        "withdraw a project before approval (releases its reservation and slot)",
    )
    roles = frozenset({Role.APPLICANT, Role.CITY_MIIT})
    enforces = (ORDER, OWN)
    args = WithdrawArgs
    cli = ("city", "project", "withdraw")
    cli_arguments = ("project_id",)

    def execute(self, args: WithdrawArgs, ctx: Reader) -> Sequence[Aggregate]:
        project = load_project(ctx, args.project_id)
        own_enterprise(ctx, project.enterprise_uscc, "project_id")
        project.withdraw(args.reason, ctx.actor.actor_id)
        account = load_account(ctx, project)
        held = account.reserved_for(project.project_id)
        if held:
            account.release(project.project_id, held, reason="withdrawn")
        account.vacate(project.project_id, "withdrawn")
        return [project, account]


class TerminateArgs(StrictModel):
    project_id: Id
    reason: Text
    legal_basis: Text


class Terminate(Command[TerminateArgs]):
    """终止项目 / Terminate a project (e.g. not accepted when the pilot ends, HRB 第六条（三）)."""

    name = "project.terminate"
    zh, en = "终止项目（如试点期结束未通过验收）", "terminate a project (e.g. not accepted when the pilot ends)"
    roles = frozenset({Role.CITY_MIIT})
    enforces = (ORDER,)
    args = TerminateArgs
    cli = ("city", "project", "terminate")
    cli_arguments = ("project_id",)

    def execute(self, args: TerminateArgs, ctx: Reader) -> Sequence[Aggregate]:
        project = load_project(ctx, args.project_id)
        was_approved = project.terminate(args.reason, args.legal_basis)
        if was_approved:
            return [project]  # approved money stays committed until a clawback decides (A4)
        account = load_account(ctx, project)
        held = account.reserved_for(project.project_id)
        if held:
            account.release(project.project_id, held, reason="terminated")
        account.vacate(project.project_id, "terminated")
        return [project, account]


_STEPS = (RequestIntake(), DecideIntake(), RecordTrackingReport(), RecordAssessment(), RecordAcceptance())
_EVIDENCE = EVIDENCE_COMMANDS
_SUBSIDY = SUBSIDY_COMMANDS
_CLOSING = (Withdraw(), Terminate())

COMMANDS = (*_STEPS, *_EVIDENCE, *_SUBSIDY, *_CLOSING)
