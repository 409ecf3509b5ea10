"""Deliverables (验收, 市工信局) and payments (付款, 市财政局) of a contracted procurement (HRB 第二条, 第十条)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.kernel.admission import NOT_FOUND
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import not_after_today
from domain.kernel.dates import not_before
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import PositiveFen
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.payment.aggregate import BankSerialClaim
from domain.payment.aggregate import bank_serial_stream
from domain.procurement.aggregate import CONTRACTED
from domain.procurement.context import CLI
from domain.procurement.context import FINANCE
from domain.procurement.context import MIIT
from domain.procurement.context import ResultField
from domain.procurement.context import claim
from domain.procurement.context import load
from domain.procurement.rules import ACCEPT
from domain.procurement.rules import ORDER
from domain.procurement.rules import PAY_ACCEPTED
from domain.procurement.rules import PAY_CAP
from domain.procurement.rules import REUSE
from domain.procurement.rules import SERIAL

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader


class AcceptArgs(StrictModel):
    procurement_id: Id
    deliverable_id: Id
    title: Text
    amount_fen: PositiveFen  # what the contract pays for this deliverable
    result: ResultField
    report_sha256: Sha256
    accepted_on: IsoDate


class AcceptDeliverable(Command[AcceptArgs]):
    """验收 / Record the acceptance of a deliverable (passed or failed) with its report."""

    name = "procurement.accept_deliverable"
    zh, en = "登记交付成果验收（合格或不合格，附验收报告）", "record a deliverable's acceptance (passed or failed)"
    roles = MIIT
    enforces = (ORDER, ACCEPT, REUSE, DATE, NOT_FOUND)
    args = AcceptArgs
    cli = (*CLI, "accept")
    cli_arguments = ("procurement_id", "deliverable_id")

    def execute(self, args: AcceptArgs, ctx: Reader) -> Sequence[Aggregate]:
        procurement = load(ctx, args.procurement_id)
        procurement.require(CONTRACTED, "procurement_id", "an acceptance")
        assert procurement.contract is not None
        not_after_today(ctx, args.accepted_on, "accepted_on")
        day = not_before(args.accepted_on, str(procurement.contract["signed_on"]), "accepted_on", "the contract")
        pid = procurement.procurement_id
        report = claim(
            ctx, "file", args.report_sha256, pid, f"acceptance report of {args.deliverable_id}", "report_sha256"
        )
        procurement.accept(
            deliverable_id=args.deliverable_id,
            title=args.title,
            amount_fen=args.amount_fen,
            result=args.result.value,
            report_sha256=args.report_sha256,
            accepted_on=day,
            accepted_by=ctx.actor.actor_id,
        )
        return [procurement, report]


class PaymentArgs(StrictModel):
    procurement_id: Id
    payment_no: Id
    deliverable_id: Id
    amount_fen: PositiveFen
    bank_serial: Id
    value_date: IsoDate


class RecordPayment(Command[PaymentArgs]):
    """采购付款 / Record a payment to the supplier against a deliverable that passed acceptance."""

    name = "procurement.record_payment"
    zh, en = (
        "登记采购付款（验收合格后，不超过合同金额，银行流水号唯一）",
        "record a payment against an accepted deliverable",
    )
    roles = FINANCE
    enforces = (ORDER, PAY_ACCEPTED, PAY_CAP, SERIAL, DATE, NOT_FOUND)
    args = PaymentArgs
    cli = (*CLI, "pay")
    cli_arguments = ("procurement_id", "payment_no")

    def execute(self, args: PaymentArgs, ctx: Reader) -> Sequence[Aggregate]:
        procurement = load(ctx, args.procurement_id)
        deliverable = procurement.check_payment(args.payment_no, args.deliverable_id, args.amount_fen)
        not_after_today(ctx, args.value_date, "value_date")
        day = not_before(args.value_date, str(deliverable["accepted_on"]), "value_date", "the deliverable's acceptance")
        if ctx.exists(bank_serial_stream(args.bank_serial)):
            SERIAL.refuse("bank_serial", f"bank serial {args.bank_serial!r} is already recorded")
        procurement.pay(
            payment_no=args.payment_no,
            deliverable_id=args.deliverable_id,
            amount_fen=args.amount_fen,
            bank_serial=args.bank_serial,
            value_date=day,
            recorded_by=ctx.actor.actor_id,
        )
        ref = f"{procurement.procurement_id}/{args.payment_no}"
        return [procurement, BankSerialClaim(bank_serial=args.bank_serial, purpose="procurement", ref=ref)]


DELIVERY_COMMANDS = (AcceptDeliverable(), RecordPayment())
