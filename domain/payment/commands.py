"""Payment commands: the schedule, orders, settlements and failures (HRB 第三条（二）, 第十一条; A8, A9, A11, A13)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated
from typing import Any

from pydantic import Field

from domain import ids
from domain.actors.aggregate import Actor
from domain.approval.aggregate import Approval
from domain.approval.aggregate import approval_stream
from domain.clawback.aggregate import ProjectCases
from domain.clawback.aggregate import clawback_project_stream
from domain.documents.aggregate import Document
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import local_date
from domain.kernel.dates import not_after_today
from domain.kernel.dates import not_before
from domain.kernel.fields import FIELD_RULE
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import PositiveFen
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.payment.aggregate import BankSerialClaim
from domain.payment.aggregate import PaymentOrder
from domain.payment.aggregate import PaymentSchedule
from domain.payment.aggregate import bank_serial_stream
from domain.payment.aggregate import payment_order_stream
from domain.payment.aggregate import payment_schedule_stream
from domain.payment.rules import AMOUNT
from domain.payment.rules import APPROVAL
from domain.payment.rules import ELIGIBLE
from domain.payment.rules import FROZEN
from domain.payment.rules import GATE
from domain.payment.rules import ORDER_UNIQUE
from domain.payment.rules import OUTCOME
from domain.payment.rules import PAYEE
from domain.payment.rules import SCHEDULE_UNIQUE
from domain.payment.rules import SERIAL
from domain.payment.rules import SPLIT
from domain.payment.rules import STATE
from domain.payment.rules import TRANCHE
from domain.policy.ceiling import tranche_split
from domain.programme.aggregate import Programme
from domain.programme.aggregate import programme_stream
from domain.programme.batch import Batch
from domain.programme.batch import batch_stream
from domain.roles import Role
from domain.subjects import load_subject
from domain.subjects import payee
from domain.subjects import payee_problems
from domain.subjects import two_tranches

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.award.aggregate import Award
    from domain.kernel.commands import Reader
    from domain.project.aggregate import Project

APPROVED = "approved"
FINANCE = frozenset({Role.CITY_FINANCE})
SETTLERS = frozenset({Role.CITY_FINANCE, Role.DISTRICT_FINANCE})


class FailureKind(StrEnum):
    FAILED = "failed"  # 支付失败
    RETURNED = "returned"  # 退票


def load_project(ctx: Reader, project_id: str) -> Project | Award:
    """The subsidised subject (a transformation project or an award, domain/subjects.py)."""
    return load_subject(ctx, project_id, "project_id")


def check_not_frozen(ctx: Reader, project_id: str) -> None:
    """HRB 第十七条, A4: a case awaiting its decision freezes the project's unpaid tranches. Reading the
    case file makes a racing case opening conflict with this command."""
    cases = ctx.find(ProjectCases, clawback_project_stream(project_id))
    if cases is not None and cases.frozen_by is not None:
        FROZEN.refuse("project_id", f"clawback case {cases.frozen_by} on {project_id} awaits its decision")


def check_single_tranche_decision(ctx: Reader, doc_id: str) -> None:
    """A8 "原则上分两批": one tranche only on a 市政府 decision — a decision document registered by the clerk
    who records 市政府's decisions, never a paper the paying bureau registers for itself (found in review)."""
    doc = ctx.find(Document, ids.document_stream(doc_id))
    if doc is None:
        SPLIT.refuse(
            "single_tranche_doc_id", f"a single tranche needs a registered decision document; {doc_id!r} is not"
        )
    registrar = ctx.find(Actor, ids.actor_stream(doc.registered_by))
    if doc.doc_type != "decision" or registrar is None or not registrar.has_role(Role.CITY_GOV_CLERK):
        SPLIT.refuse(
            "single_tranche_doc_id",
            f"{doc_id} is a {doc.doc_type} registered by {doc.registered_by}: a single tranche needs a 市政府 "
            "decision registered by its clerk",
        )


class ScheduleArgs(StrictModel):
    project_id: Id
    approval_id: Id
    single_tranche_doc_id: Id | None = None


class CreateSchedule(Command[ScheduleArgs]):
    """拨付计划 / Create the payment schedule of an approved project, citing the 市政府 decision."""

    name = "payment.create_schedule"
    zh, en = "按市政府审定编制拨付计划（两批：70%向上取整与余额）", "create the payment schedule of an approved project"
    roles = FINANCE
    enforces = (SCHEDULE_UNIQUE, APPROVAL, STATE, FROZEN, SPLIT, AMOUNT)
    args = ScheduleArgs
    cli = ("city", "payment", "schedule")
    cli_arguments = ("project_id",)

    def execute(self, args: ScheduleArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(payment_schedule_stream(args.project_id)):
            SCHEDULE_UNIQUE.refuse("project_id", f"{args.project_id} already has a payment schedule")
        project = load_project(ctx, args.project_id)
        approval = ctx.find(Approval, approval_stream(args.approval_id))
        if approval is None or not approval.decided:
            APPROVAL.refuse("approval_id", f"no 市政府 decision is recorded on approval {args.approval_id!r}")
        approved = approval.approved_amount(project.subject_id)
        if approved is None or project.approval_id != args.approval_id:
            APPROVAL.refuse(
                "approval_id",
                f"decision {approval.decision_doc_no} on approval {args.approval_id} did not approve {args.project_id}",
            )
        if project.state != APPROVED:
            STATE.refuse("project_id", f"{args.project_id} is {project.state}, not approved")
        check_not_frozen(ctx, project.subject_id)
        entitled = project.entitlement_fen if project.entitlement_fen is not None else approved
        if entitled <= 0:
            AMOUNT.refuse("project_id", f"nothing is left to pay on {args.project_id} (entitlement {entitled} 分)")
        batch = ctx.get(Batch, batch_stream(project.batch_id), field="project_id", what="batch")
        first_min_bp = batch.parameters().first_tranche_min_bp
        if args.single_tranche_doc_id is not None:
            check_single_tranche_decision(ctx, args.single_tranche_doc_id)
            amounts = [entitled]
        elif two_tranches(project):
            amounts = list(tranche_split(entitled, first_min_bp))
        else:  # 第十一条 "原则上分两批" concerns the transformation subsidies (A8): an award is paid in one
            amounts = [entitled]
        schedule = PaymentSchedule(
            project_id=project.subject_id,
            approval_id=args.approval_id,
            decision_doc_no=approval.decision_doc_no or "",
            programme_id=project.programme_id,
            enterprise_uscc=project.payee_uscc,
            policy_version_id=project.policy_version_id,
            approved_fen=approved,
            first_tranche_min_bp=first_min_bp,
            tranches=[{"seq": i + 1, "amount_fen": a} for i, a in enumerate(amounts)],
            single_tranche_doc_id=args.single_tranche_doc_id,
            created_by=ctx.actor.actor_id,
        )
        return [schedule]


class OrderArgs(StrictModel):
    order_no: Id
    project_id: Id
    tranche: int = Field(ge=1, le=2)
    amount_fen: PositiveFen
    payee_account_hash: Sha256


class IssueOrder(Command[OrderArgs]):
    """支付指令 / Issue the payment order of one tranche, after re-checking the enterprise."""

    name = "payment.issue_order"
    zh, en = "下达支付指令（每批一次，支付前复核企业资格）", "issue the payment order of one tranche"
    roles = FINANCE
    enforces = (ORDER_UNIQUE, STATE, FROZEN, TRANCHE, AMOUNT, GATE, PAYEE, ELIGIBLE)
    args = OrderArgs
    cli = ("city", "payment", "order")
    cli_arguments = ("order_no",)

    def execute(self, args: OrderArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(payment_order_stream(args.order_no)):
            ORDER_UNIQUE.refuse("order_no", f"payment order {args.order_no!r} is already issued")
        stream = payment_schedule_stream(args.project_id)
        schedule = ctx.get(PaymentSchedule, stream, field="project_id", what="payment schedule")
        project = load_project(ctx, args.project_id)
        if project.state != APPROVED:
            STATE.refuse("project_id", f"{args.project_id} is {project.state}, not approved")
        check_not_frozen(ctx, project.subject_id)
        schedule.check_order(args.tranche, args.amount_fen)
        gates: dict[str, Any] = {}
        if args.tranche == 2:
            programme = ctx.get(Programme, programme_stream(project.programme_id), field="project_id", what="programme")
            gates = {
                "city_pilot_result": programme.city_pilot_result,
                "central_received_fen": programme.central_received_fen,
                "tranche2_release_decision": programme.tranche2_release_decision,
            }
            if not programme.tranche2_gates_open():
                GATE.refuse(
                    "tranche",
                    f"tranche 2 waits for the city pilot's acceptance ({programme.city_pilot_result or 'not recorded'})"
                    f" and central funds ({programme.central_received_fen} 分 received), or a 市政府 decision to "
                    "release it",
                )
        recipient = payee(ctx, project, "project_id")
        accounts = [a["account_hash"] for a in recipient.bank_accounts]
        if args.payee_account_hash not in accounts:
            PAYEE.refuse("payee_account_hash", f"not a recorded bank account of {recipient.uscc}")
        today = local_date(ctx.now)
        batch = ctx.get(Batch, batch_stream(project.batch_id), field="project_id", what="batch")
        problems = payee_problems(recipient, today, batch.parameters())
        if problems:
            rule, field, detail = problems[0]
            ELIGIBLE.refuse(
                "project_id",
                f"payee {recipient.uscc} fails {rule.id} ({rule.citation}) at {field} as of {today}: {detail}",
            )
        schedule.issue_order(
            order_no=args.order_no,
            seq=args.tranche,
            amount_fen=args.amount_fen,
            payee_account_hash=args.payee_account_hash,
            payer_org=ctx.actor.organisation["code"],
            issued_by=ctx.actor.actor_id,
            issued_on=today.isoformat(),
            gates={**gates, "eligibility_checked_on": today.isoformat(), "policy_version_id": batch.policy_version_id},
        )
        order = PaymentOrder(order_no=args.order_no, project_id=project.subject_id, tranche=args.tranche)
        return [schedule, order]


def load_order(ctx: Reader, order_no: str) -> tuple[PaymentOrder, PaymentSchedule]:
    order = ctx.get(PaymentOrder, payment_order_stream(order_no), field="order_no", what="payment order")
    stream = payment_schedule_stream(order.project_id)
    return order, ctx.get(PaymentSchedule, stream, field="order_no", what="payment schedule")


class SettlementArgs(StrictModel):
    order_no: Id
    bank_serial: Id
    value_date: IsoDate


class RecordSettlement(Command[SettlementArgs]):
    """支付成功 / Record the bank's settlement of a payment order."""

    name = "payment.record_settlement"
    zh, en = "登记支付到账（银行流水号唯一）", "record the bank's settlement of a payment order"
    roles = SETTLERS
    enforces = (OUTCOME, DATE, SERIAL)
    args = SettlementArgs
    cli = ("city", "payment", "settle")
    cli_arguments = ("order_no",)

    def execute(self, args: SettlementArgs, ctx: Reader) -> Sequence[Aggregate]:
        _, schedule = load_order(ctx, args.order_no)
        order = schedule.awaiting(args.order_no)
        not_after_today(ctx, args.value_date, "value_date")
        not_before(args.value_date, order["issued_on"], "value_date", "when the order was issued")
        if ctx.exists(bank_serial_stream(args.bank_serial)):
            SERIAL.refuse("bank_serial", f"bank serial {args.bank_serial!r} is already recorded")
        schedule.settle(args.order_no, args.bank_serial, args.value_date.isoformat(), ctx.actor.actor_id)
        claim = BankSerialClaim(bank_serial=args.bank_serial, purpose="payment", ref=args.order_no)
        return [schedule, claim]


class FailureArgs(StrictModel):
    order_no: Id
    kind: Annotated[FailureKind, enum_parser(FailureKind, FIELD_RULE)]
    reason: Text


class RecordFailure(Command[FailureArgs]):
    """支付失败或退票 / Record that a payment order failed or was returned; the tranche may be ordered again."""

    name = "payment.record_failure"
    zh, en = "登记支付失败或退票（该批次可重新下达）", "record a failed or returned payment order"
    roles = SETTLERS
    enforces = (OUTCOME,)
    args = FailureArgs
    cli = ("city", "payment", "fail")
    cli_arguments = ("order_no",)

    def execute(self, args: FailureArgs, ctx: Reader) -> Sequence[Aggregate]:
        _, schedule = load_order(ctx, args.order_no)
        schedule.fail(args.order_no, args.kind.value, args.reason, ctx.actor.actor_id)
        return [schedule]


COMMANDS = (CreateSchedule(), IssueOrder(), RecordSettlement(), RecordFailure())
