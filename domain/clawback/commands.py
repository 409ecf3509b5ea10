"""Clawback commands: open, investigate, decide, receive, write off, refer, close (HRB 第十六条, 第十七条; A4, A25)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from domain.clawback.aggregate import ClawbackCase
from domain.clawback.aggregate import ProjectCases
from domain.clawback.aggregate import clawback_case_stream
from domain.clawback.aggregate import clawback_project_stream
from domain.clawback.decision import decide_case
from domain.clawback.decision import release_recovered
from domain.clawback.grounds import Ground
from domain.clawback.grounds import Outcome
from domain.clawback.grounds import Sanction
from domain.clawback.grounds import Source
from domain.clawback.rules import CLOSE
from domain.clawback.rules import GROUNDS
from domain.clawback.rules import JUDICIARY
from domain.clawback.rules import OPEN
from domain.clawback.rules import OUTCOME
from domain.clawback.rules import OVERPAY
from domain.clawback.rules import PENDING
from domain.clawback.rules import RECOMPUTE
from domain.clawback.rules import SERIAL
from domain.clawback.rules import SOD
from domain.clawback.rules import STATE
from domain.clawback.rules import SUBJECT
from domain.clawback.rules import UNIQUE
from domain.clawback.rules import WRITE_OFF
from domain.kernel.commands import Command
from domain.kernel.cosign import PROPOSAL
from domain.kernel.cosign import CoSigned
from domain.kernel.cosign import Proposal
from domain.kernel.cosign import companions
from domain.kernel.dates import DATE
from domain.kernel.dates import local_date
from domain.kernel.dates import not_after_today
from domain.kernel.dates import not_before
from domain.kernel.fields import FIELD_RULE
from domain.kernel.fields import Fen
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import PositiveFen
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.payment.aggregate import BankSerialClaim
from domain.payment.aggregate import PaymentSchedule
from domain.payment.aggregate import bank_serial_stream
from domain.payment.aggregate import payment_schedule_stream
from domain.project.aggregate import Project
from domain.project.aggregate import project_stream
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

GroundField = Annotated[Ground, enum_parser(Ground, GROUNDS.id)]
SourceField = Annotated[Source, enum_parser(Source, FIELD_RULE)]
OutcomeField = Annotated[Outcome, enum_parser(Outcome, OUTCOME.id)]
SanctionField = Annotated[Sanction, enum_parser(Sanction, OUTCOME.id)]
OPENERS = frozenset({Role.INSPECTOR, Role.CITY_MIIT})
FINANCE = frozenset({Role.CITY_FINANCE, Role.DISTRICT_FINANCE})
MAX_EVIDENCE = 50


def load_case(ctx: Reader, case_id: str) -> ClawbackCase:
    return ctx.get(ClawbackCase, clawback_case_stream(case_id), field="case_id", what="clawback case")


def check_day(ctx: Reader, case: ClawbackCase, day: date, field: str, earliest: str | None = None) -> str:
    """FT-DATE: not after the ledger's local date, not before the case was opened (or ``earliest``)."""
    not_after_today(ctx, day, field)
    floor = max(case.opened_on, earliest or case.opened_on)
    return not_before(day, floor, field, f"when case {case.case_id} was opened or decided")


class OpenArgs(StrictModel):
    case_id: Id
    project_id: Id
    grounds: list[GroundField] = Field(max_length=len(Ground))
    source: SourceField
    evidence: list[Sha256] = Field(min_length=1, max_length=MAX_EVIDENCE)
    summary: Text

    @field_validator("grounds")
    @classmethod
    def _grounds(cls, value: list[Ground]) -> list[Ground]:
        if not value or len(set(value)) != len(value):
            raise PydanticCustomError(GROUNDS.id, "expected one or more distinct grounds of 第十七条 (C1..C6)", {})
        return value


class OpenCase(Command[OpenArgs]):
    """立案 / Open a clawback case on an approved project; its unpaid tranches are frozen."""

    name = "clawback.open_case"
    zh, en = "追回立案（冻结未拨付资金）", "open a clawback case on an approved project (freezes unpaid tranches)"
    roles = OPENERS
    enforces = (UNIQUE, SUBJECT, GROUNDS, OPEN)
    args = OpenArgs
    cli = ("city", "clawback", "open")
    cli_arguments = ("case_id",)

    def execute(self, args: OpenArgs, ctx: Reader) -> Sequence[Aggregate]:
        return open_case(ctx, args)


def open_case(ctx: Reader, args: OpenArgs, field_prefix: str = "") -> list[Aggregate]:
    """Open a case and freeze the project's unpaid tranches; also used by other features' commands
    (a poor performance evaluation applied as ground C5, 第十七条（五）). ``field_prefix`` places the
    refusal's field inside the calling command's arguments."""
    if ctx.exists(clawback_case_stream(args.case_id)):
        UNIQUE.refuse(f"{field_prefix}case_id", f"case {args.case_id!r} is already opened")
    project = ctx.get(Project, project_stream(args.project_id), field=f"{field_prefix}project_id", what="project")
    if project.approved_fen is None:
        SUBJECT.refuse(
            f"{field_prefix}project_id", f"{args.project_id} is {project.state}; 市政府 has approved no amount for it"
        )
    cases = ctx.find(ProjectCases, clawback_project_stream(project.project_id))
    if cases is None:
        cases = ProjectCases(project_id=project.project_id)
    cases.freeze(args.case_id, f"{field_prefix}project_id")
    schedule = ctx.find(PaymentSchedule, payment_schedule_stream(project.project_id))
    unpaid = schedule.unpaid_fen if schedule is not None else (project.entitlement_fen or 0)
    case = ClawbackCase(
        case_id=args.case_id,
        project_id=project.project_id,
        programme_id=project.programme_id,
        enterprise_uscc=project.enterprise_uscc,
        grounds=[g.value for g in args.grounds],
        source=args.source.value,
        evidence=list(args.evidence),
        summary=args.summary,
        opened_by=ctx.actor.actor_id,
        opened_by_org=ctx.actor.organisation["code"],
        opened_on=local_date(ctx.now).isoformat(),
        frozen_unpaid_fen=unpaid,
    )
    return [case, cases]


class InvestigationArgs(StrictModel):
    case_id: Id
    findings_sha256: Sha256
    summary: Text
    evidence: list[Sha256] = Field(default_factory=list, max_length=MAX_EVIDENCE)
    investigated_on: IsoDate


class RecordInvestigation(Command[InvestigationArgs]):
    """调查 / Record the findings of an investigation before the decision."""

    name = "clawback.record_investigation"
    zh, en = "登记追回案件调查结果", "record the findings of an investigation"
    roles = OPENERS
    enforces = (STATE, DATE)
    args = InvestigationArgs
    cli = ("city", "clawback", "investigate")
    cli_arguments = ("case_id",)

    def execute(self, args: InvestigationArgs, ctx: Reader) -> Sequence[Aggregate]:
        case = load_case(ctx, args.case_id)
        day = check_day(ctx, case, args.investigated_on, "investigated_on")
        case.record_investigation(
            findings_sha256=args.findings_sha256,
            summary=args.summary,
            evidence=list(args.evidence),
            investigated_on=day,
            recorded_by=ctx.actor.actor_id,
        )
        return [case]


class SanctionArgs(StrictModel):
    kind: SanctionField
    from_on: IsoDate | None = None
    until_on: IsoDate | None = None


class DecideArgs(StrictModel):
    case_id: Id
    outcome: OutcomeField
    verified_investment_fen: Fen | None = None
    full_recovery: bool = False
    sanctions: list[SanctionArgs] = Field(default_factory=list, max_length=len(Sanction))
    decision_doc_no: Text
    decided_on: IsoDate
    sha256: Sha256


class Decide(Command[DecideArgs]):
    """处理决定 / Decide a case: no action (unfreeze) or recover (recompute, or full recovery for fraud)."""

    name = "clawback.decide"
    zh, en = "作出处理决定（不予处理，或重新核定/全额追回并处罚）", "decide a case: no action, or recover and sanction"
    roles = frozenset({Role.CITY_MIIT})
    enforces = (STATE, SOD, DATE, OUTCOME, PENDING, RECOMPUTE)
    args = DecideArgs
    cli = ("city", "clawback", "decide")
    cli_arguments = ("case_id",)

    def execute(self, args: DecideArgs, ctx: Reader) -> Sequence[Aggregate]:
        return decide_case(args, ctx)


class RepaymentArgs(StrictModel):
    case_id: Id
    amount_fen: PositiveFen
    bank_serial: Id
    value_date: IsoDate


class RecordRepayment(Command[RepaymentArgs]):
    """退回款到账 / Record a (partial) repayment; never more than is outstanding."""

    name = "clawback.record_repayment"
    zh, en = "登记退回款到账（可分次，不超过应追回余额）", "record a repayment received (partial receipts allowed)"
    roles = FINANCE
    enforces = (STATE, OVERPAY, DATE, SERIAL)
    args = RepaymentArgs
    cli = ("city", "clawback", "repayment")
    cli_arguments = ("case_id",)

    def execute(self, args: RepaymentArgs, ctx: Reader) -> Sequence[Aggregate]:
        case = load_case(ctx, args.case_id)
        decided = str(case.decision["decided_on"]) if case.decision else None
        day = check_day(ctx, case, args.value_date, "value_date", decided)
        if ctx.exists(bank_serial_stream(args.bank_serial)):
            SERIAL.refuse("bank_serial", f"bank serial {args.bank_serial!r} is already recorded")
        case.record_repayment(
            amount_fen=args.amount_fen, bank_serial=args.bank_serial, value_date=day, recorded_by=ctx.actor.actor_id
        )
        claim = BankSerialClaim(bank_serial=args.bank_serial, purpose="recovery", ref=args.case_id)
        released = release_recovered(ctx, case, args.amount_fen, f"repaid to case {case.case_id} ({args.bank_serial})")
        return [case, claim, *released]


class WriteOffArgs(StrictModel):
    case_id: Id
    amount_fen: PositiveFen
    reason: Text
    doc_no: Text
    decision_ref: Text


class WriteOff(CoSigned[WriteOffArgs]):
    """核销 / Propose writing off (part of) what is outstanding, citing the case's decision.

    Writing off public money is never one person's act: 市财政局 proposes it and it takes effect when
    市工信局 (the deciding department, another organisation) countersigns (docs/decisions.md §28).
    """

    name = "clawback.write_off"
    zh = "核销应追回款（须引用本案处理决定，市工信局会签后生效）"
    en = "write off an outstanding recovery, citing the decision (effective when countersigned)"
    roles = frozenset({Role.CITY_FINANCE})
    countersign_roles = frozenset({Role.CITY_MIIT})
    enforces = (PROPOSAL, STATE, OVERPAY, WRITE_OFF)
    args = WriteOffArgs
    cli = ("city", "clawback", "write-off")
    cli_arguments = ("case_id",)

    def key(self, args: WriteOffArgs) -> str:
        return f"{args.case_id}/{args.doc_no}"

    def check(self, args: WriteOffArgs, ctx: Reader) -> None:
        load_case(ctx, args.case_id).check_write_off(args.amount_fen, args.decision_ref)

    def take_effect(self, args: WriteOffArgs, ctx: Reader, proposal: Proposal) -> Sequence[Aggregate]:
        case = load_case(ctx, args.case_id)
        case.write_off(
            amount_fen=args.amount_fen,
            reason=args.reason,
            doc_no=args.doc_no,
            decision_ref=args.decision_ref,
            written_on=local_date(ctx.now).isoformat(),
            proposed_by=proposal.proposed_by,
            countersigned_by=ctx.actor.actor_id,
        )
        return [case]


WriteOffCountersign, WriteOffWithdraw = companions(WriteOff, ("city", "clawback"))


class ReferArgs(StrictModel):
    case_id: Id
    doc_no: Text
    referred_on: IsoDate
    reason: Text


class ReferToJudiciary(Command[ReferArgs]):
    """移交司法机关 / Record the referral of a suspected crime to the judiciary (第十六条)."""

    name = "clawback.refer_to_judiciary"
    zh, en = "移交司法机关（涉嫌犯罪）", "refer a suspected crime to the judiciary"
    roles = OPENERS
    enforces = (STATE, JUDICIARY, DATE)
    args = ReferArgs
    cli = ("city", "clawback", "refer")
    cli_arguments = ("case_id",)

    def execute(self, args: ReferArgs, ctx: Reader) -> Sequence[Aggregate]:
        case = load_case(ctx, args.case_id)
        day = check_day(ctx, case, args.referred_on, "referred_on")
        case.refer(doc_no=args.doc_no, referred_on=day, reason=args.reason, referred_by=ctx.actor.actor_id)
        return [case]


class CloseArgs(StrictModel):
    case_id: Id
    note: Text | None = None
    doc_no: Text | None = None


class CloseCase(Command[CloseArgs]):
    """结案 / Close a decided case: outcome, recovered total and what is outstanding are recorded."""

    name = "clawback.close_case"
    zh, en = "结案（记录结果、已追回与未追回金额）", "close a decided case"
    roles = frozenset({Role.CITY_MIIT})
    enforces = (STATE, CLOSE)
    args = CloseArgs
    cli = ("city", "clawback", "close")
    cli_arguments = ("case_id",)

    def execute(self, args: CloseArgs, ctx: Reader) -> Sequence[Aggregate]:
        case = load_case(ctx, args.case_id)
        case.close(note=args.note, doc_no=args.doc_no, closed_by=ctx.actor.actor_id)
        return [case]


COMMANDS = (
    OpenCase(),
    RecordInvestigation(),
    Decide(),
    RecordRepayment(),
    WriteOff(),
    WriteOffCountersign(),
    WriteOffWithdraw(),
    ReferToJudiciary(),
    CloseCase(),
)
