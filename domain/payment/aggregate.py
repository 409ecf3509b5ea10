"""Payment (拨付): the schedule of an award's tranches, its orders and their outcomes (HRB 第十一条).

One ``PaymentSchedule`` per project holds the tranches (A9: tranche 1 = ceil_分(70%), tranche 2 the rest)
and every order issued against them. Orders, settlements and failures all change the schedule, so two
racing orders for one tranche conflict on its version. ``PaymentOrder`` binds an order number to its
project for ever; ``BankSerialClaim`` binds a bank serial to the one receipt or payment that carried it.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.payment.rules import AMOUNT
from domain.payment.rules import GATE
from domain.payment.rules import OUTCOME
from domain.payment.rules import TRANCHE
from domain.policy.ceiling import tranche_split
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

DUE = "due"  # may be ordered (again, after a failure)
ORDERED = "ordered"  # an order awaits its outcome
PAID = "paid"
CANCELLED = "cancelled"  # reduced to nothing by a clawback decision (A4)
ISSUED = "issued"
SETTLED = "settled"
FAILED = "failed"


def payment_schedule_stream(project_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"payment-schedule:{project_id}")


def payment_order_stream(order_no: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"payment-order:{order_no}")


def bank_serial_stream(bank_serial: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"payment-bank-serial:{bank_serial}")


@pin_topic("fundtrail.payment.PaymentSchedule")
class PaymentSchedule(LedgerAggregate):
    """The tranches of one approved project and the orders issued against them.

    Attributes:
        project_id, approval_id, decision_doc_no, programme_id, enterprise_uscc: the award and its approval.
        approved_fen: the amount approved by 市政府; total_fen: the tranches' sum now (lower after a clawback).
        tranches: [{seq, amount_fen, status, order_no}] with status due | ordered | paid | cancelled.
        orders: order_no -> {tranche, amount_fen, status (issued | settled | failed), issued_on, ...}.
        settled_fen: the sum of settled orders (what the enterprise has received).
    """

    @staticmethod
    def create_id(project_id: str, **_: Any) -> UUID:
        return payment_schedule_stream(project_id)

    @event("ScheduleCreated", topic="fundtrail.payment.ScheduleCreated")
    def __init__(
        self,
        project_id: str,
        approval_id: str,
        decision_doc_no: str,
        programme_id: str,
        enterprise_uscc: str,
        policy_version_id: str,
        approved_fen: int,
        first_tranche_min_bp: int,
        tranches: list[dict[str, Any]],
        single_tranche_doc_id: str | None,
        created_by: str,
    ) -> None:
        self.project_id = project_id
        self.approval_id = approval_id
        self.decision_doc_no = decision_doc_no
        self.programme_id = programme_id
        self.enterprise_uscc = enterprise_uscc
        self.policy_version_id = policy_version_id
        self.approved_fen = approved_fen
        self.first_tranche_min_bp = first_tranche_min_bp
        self.single_tranche_doc_id = single_tranche_doc_id
        self.created_by = created_by
        self.tranches: list[dict[str, Any]] = [{**t, "status": DUE, "order_no": None} for t in tranches]
        self.total_fen = sum(t["amount_fen"] for t in tranches)
        self.orders: dict[str, dict[str, Any]] = {}
        self.settled_fen = 0

    # -- queries ---------------------------------------------------------
    def tranche(self, seq: int) -> dict[str, Any] | None:
        return self.tranches[seq - 1] if 1 <= seq <= len(self.tranches) else None

    @property
    def unpaid_fen(self) -> int:
        """Scheduled and not yet paid (due or ordered)."""
        return sum(t["amount_fen"] for t in self.tranches if t["status"] in (DUE, ORDERED))

    @property
    def ordered_fen(self) -> int:
        return sum(o["amount_fen"] for o in self.orders.values() if o["status"] == ISSUED)

    def pending_orders(self) -> list[str]:
        """Orders issued and awaiting settlement or failure."""
        return sorted(k for k, o in self.orders.items() if o["status"] == ISSUED)

    # -- commands --------------------------------------------------------
    def check_order(self, seq: int, amount_fen: int) -> dict[str, Any]:
        """第十一条: the tranche exists, is due (never twice), the amount is exactly its amount; tranche 2
        follows a paid tranche 1. Returns the tranche."""
        found = self.tranche(seq)
        if found is None:
            TRANCHE.refuse("tranche", f"the schedule of {self.project_id} has {len(self.tranches)} tranche(s)")
        if found["status"] == ORDERED:
            TRANCHE.refuse("tranche", f"tranche {seq} of {self.project_id} is ordered by {found['order_no']}")
        if found["status"] == PAID:
            TRANCHE.refuse("tranche", f"tranche {seq} of {self.project_id} is paid ({found['order_no']})")
        if found["status"] == CANCELLED:
            TRANCHE.refuse("tranche", f"tranche {seq} of {self.project_id} was cancelled")
        if amount_fen != found["amount_fen"]:
            AMOUNT.refuse("amount_fen", f"tranche {seq} of {self.project_id} is {found['amount_fen']} 分")
        headroom = self.total_fen - self.settled_fen - self.ordered_fen
        if amount_fen > headroom:
            AMOUNT.refuse("amount_fen", f"only {headroom} 分 of {self.project_id} is approved and unpaid")
        earlier = [t for t in self.tranches[: seq - 1] if t["status"] != PAID]
        if earlier:
            GATE.refuse("tranche", f"tranche {earlier[0]['seq']} of {self.project_id} is not paid yet")
        return found

    def issue_order(
        self,
        *,
        order_no: str,
        seq: int,
        amount_fen: int,
        payee_account_hash: str,
        payer_org: str,
        issued_by: str,
        issued_on: str,
        gates: dict[str, Any],
    ) -> None:
        self.check_order(seq, amount_fen)
        self._order_issued(
            order_no=order_no,
            tranche=seq,
            amount_fen=amount_fen,
            payee_uscc=self.enterprise_uscc,
            payee_account_hash=payee_account_hash,
            payer_org=payer_org,
            approval_id=self.approval_id,
            issued_by=issued_by,
            issued_on=issued_on,
            gates=gates,
        )

    def awaiting(self, order_no: str) -> dict[str, Any]:
        order = self.orders[order_no]
        if order["status"] != ISSUED:
            OUTCOME.refuse("order_no", f"order {order_no} is already {order['status']}")
        return order

    def settle(self, order_no: str, bank_serial: str, value_date: str, recorded_by: str) -> None:
        order = self.awaiting(order_no)
        self._settled(
            order_no=order_no,
            tranche=order["tranche"],
            amount_fen=order["amount_fen"],
            bank_serial=bank_serial,
            value_date=value_date,
            settled_after_fen=self.settled_fen + order["amount_fen"],
            recorded_by=recorded_by,
        )

    def fail(self, order_no: str, kind: str, reason: str, recorded_by: str) -> None:
        order = self.awaiting(order_no)
        self._failed(order_no=order_no, tranche=order["tranche"], kind=kind, reason=reason, recorded_by=recorded_by)

    def revise_unpaid(self, unpaid_fen: int, ref: str, reason: str) -> int:
        """A4: a clawback decision leaves ``unpaid_fen`` still to pay (never more than now). Unpaid
        tranches are re-split (nothing paid yet: A9 again) or tranche 2 is reduced; 0 cancels.
        Returns the amount released (the reduction)."""
        before = self.unpaid_fen
        if self.pending_orders() or not 0 <= unpaid_fen <= before:
            msg = f"cannot revise {self.project_id}: unpaid {before} 分, pending {self.pending_orders()}"
            raise ValueError(msg)
        if unpaid_fen == before:
            return 0
        due = [t["seq"] for t in self.tranches if t["status"] == DUE]
        amounts = {t["seq"]: t["amount_fen"] for t in self.tranches}
        if len(due) == 2:
            amounts[1], amounts[2] = tranche_split(unpaid_fen, self.first_tranche_min_bp)
        else:
            amounts[due[0]] = unpaid_fen
        tranches = [
            {
                "seq": t["seq"],
                "amount_fen": amounts[t["seq"]],
                "status": CANCELLED if t["status"] == DUE and amounts[t["seq"]] == 0 else t["status"],
                "order_no": t["order_no"],
            }
            for t in self.tranches
        ]
        self._revised(tranches=tranches, unpaid_before_fen=before, unpaid_after_fen=unpaid_fen, ref=ref, reason=reason)
        return before - unpaid_fen

    # -- events (assignment only) ------------------------------------------
    @event("OrderIssued", topic="fundtrail.payment.OrderIssued")
    def _order_issued(
        self,
        order_no: str,
        tranche: int,
        amount_fen: int,
        payee_uscc: str,
        payee_account_hash: str,
        payer_org: str,
        approval_id: str,
        issued_by: str,
        issued_on: str,
        gates: dict[str, Any],
    ) -> None:
        del payee_uscc, payer_org, approval_id, gates  # recorded for readers
        order = {
            "tranche": tranche,
            "amount_fen": amount_fen,
            "status": ISSUED,
            "payee_account_hash": payee_account_hash,
            "issued_by": issued_by,
            "issued_on": issued_on,
        }
        self.orders = {**self.orders, order_no: order}
        self._set_tranche(tranche, status=ORDERED, order_no=order_no)

    @event("Settled", topic="fundtrail.payment.Settled")
    def _settled(
        self,
        order_no: str,
        tranche: int,
        amount_fen: int,
        bank_serial: str,
        value_date: str,
        settled_after_fen: int,
        recorded_by: str,
    ) -> None:
        del amount_fen, recorded_by  # recorded for readers
        order = dict(self.orders[order_no], status=SETTLED, bank_serial=bank_serial, value_date=value_date)
        self.orders = {**self.orders, order_no: order}
        self._set_tranche(tranche, status=PAID, order_no=order_no)
        self.settled_fen = settled_after_fen

    @event("Failed", topic="fundtrail.payment.Failed")
    def _failed(self, order_no: str, tranche: int, kind: str, reason: str, recorded_by: str) -> None:
        del recorded_by  # recorded for readers
        order = dict(self.orders[order_no], status=FAILED, failure=kind, reason=reason)
        self.orders = {**self.orders, order_no: order}
        self._set_tranche(tranche, status=DUE, order_no=None)

    @event("TranchesRevised", topic="fundtrail.payment.TranchesRevised")
    def _revised(
        self, tranches: list[dict[str, Any]], unpaid_before_fen: int, unpaid_after_fen: int, ref: str, reason: str
    ) -> None:
        del unpaid_before_fen, unpaid_after_fen, ref, reason  # recorded for readers
        self.tranches = tranches
        self.total_fen = sum(t["amount_fen"] for t in tranches)

    def _set_tranche(self, seq: int, **changes: Any) -> None:
        self.tranches = [dict(t, **changes) if t["seq"] == seq else t for t in self.tranches]


@pin_topic("fundtrail.payment.PaymentOrder")
class PaymentOrder(LedgerAggregate):
    """Binds an order number to its project and tranche for ever: a second order with the same number
    conflicts on this stream's first version."""

    @staticmethod
    def create_id(order_no: str, **_: Any) -> UUID:
        return payment_order_stream(order_no)

    @event("OrderNumbered", topic="fundtrail.payment.OrderNumbered")
    def __init__(self, order_no: str, project_id: str, tranche: int) -> None:
        self.order_no = order_no
        self.project_id = project_id
        self.tranche = tranche


@pin_topic("fundtrail.payment.BankSerialClaim")
class BankSerialClaim(LedgerAggregate):
    """Binds a bank serial to the one settlement or recovery receipt that carried it (racing writers
    of one serial conflict on this stream's first version)."""

    @staticmethod
    def create_id(bank_serial: str, **_: Any) -> UUID:
        return bank_serial_stream(bank_serial)

    @event("BankSerialClaimed", topic="fundtrail.payment.BankSerialClaimed")
    def __init__(self, bank_serial: str, purpose: str, ref: str) -> None:
        self.bank_serial = bank_serial
        self.purpose = purpose
        self.ref = ref


label_topics(
    {
        "fundtrail.payment.ScheduleCreated": ("拨付计划", "payment schedule created"),
        "fundtrail.payment.OrderIssued": ("支付指令下达", "payment order issued"),
        "fundtrail.payment.Settled": ("支付成功", "payment settled"),
        "fundtrail.payment.Failed": ("支付失败或退票", "payment failed or returned"),
        "fundtrail.payment.TranchesRevised": ("拨付批次调整", "tranches revised"),
        "fundtrail.payment.OrderNumbered": ("支付指令编号", "payment order numbered"),
        "fundtrail.payment.BankSerialClaimed": ("银行流水号登记", "bank serial claimed"),
    }
)
