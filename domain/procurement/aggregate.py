"""Procurement (政府采购): one procured item of a public-service category, from notice to payments.

A ``Procurement`` holds its notice, award, contract (with amendments), deliverables and payments, so
two racing acceptances or payments of one item conflict on its version; its money is committed on the
category's ``BudgetLine`` (domain/programme/budget.py) when the contract is signed, so two racing
contracts of one category conflict on the line. ``ProcurementClaim`` binds a notice (and lot), a
contract number or a file to the first item that used it, like ``DocumentContent`` binds a file.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.procurement.rules import ACCEPT
from domain.procurement.rules import AMEND
from domain.procurement.rules import AWARD
from domain.procurement.rules import CONTRACT
from domain.procurement.rules import ORDER
from domain.procurement.rules import PAY_ACCEPTED
from domain.procurement.rules import PAY_CAP
from domain.procurement.rules import SERIAL
from domain.procurement.terms import AcceptanceResult
from domain.procurement.terms import Method
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

NOTICED = "noticed"
AWARDED = "awarded"
CONTRACTED = "contracted"
CANCELLED = "cancelled"
RAISE_LIMIT_BP = 1000  # 政府采购法 第四十九条: all supplementary contracts ≤ 10% of the original amount
BP = 10_000


def procurement_stream(procurement_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"procurement:{procurement_id}")


def claim_stream(kind: str, key: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"procurement-claim:{kind}:{key}")


def budget_ref(procurement_id: str) -> str:
    """The reference under which a contract's amount is committed on its category's budget line."""
    return f"procurement:{procurement_id}"


@pin_topic("fundtrail.procurement.Procurement")
class Procurement(LedgerAggregate):
    """One procured item.

    Attributes:
        procurement_id, programme_id, category, article: the item and the direction of 第四条 it buys.
        method, notice_ref, lot, noticed_on, budget_fen: the procurement notice (采购公告).
        support_mode: ``government_procurement`` (HRB 第七条).
        status: noticed | awarded | contracted | cancelled.
        award: {award_ref, award_kind, awarded_on, supplier_uscc, supplier_name, amount_fen} or None.
        contract: {contract_no, sha256, signed_on, start_on, end_on, original_fen} or None.
        contract_fen: the contract's amount now (after amendments); raised_fen: Σ raises so far.
        amendments: amendment_no -> {sha256, reason, signed_on, previous_fen, amount_fen}.
        deliverables: deliverable_id -> {title, amount_fen, result, report_sha256, accepted_on, paid_fen}.
        accepted_fen: Σ passed deliverables; payments: payment_no -> {...}; paid_fen: Σ payments.
    """

    @staticmethod
    def create_id(procurement_id: str, **_: Any) -> UUID:
        return procurement_stream(procurement_id)

    @event("Noticed", topic="fundtrail.procurement.Noticed")
    def __init__(
        self,
        procurement_id: str,
        programme_id: str,
        category: str,
        article: str,
        title: str,
        method: str,
        notice_ref: str,
        lot: str | None,
        noticed_on: str,
        budget_fen: int,
        support_mode: str,
        line_uncommitted_fen: int,
        category_cap_fen: int | None,
        policy_version_id: str,
        recorded_by: str,
    ) -> None:
        del line_uncommitted_fen, category_cap_fen, policy_version_id  # recorded for readers
        self.procurement_id = procurement_id
        self.programme_id = programme_id
        self.category = category
        self.article = article
        self.title = title
        self.method = method
        self.notice_ref = notice_ref
        self.lot = lot
        self.noticed_on = noticed_on
        self.budget_fen = budget_fen
        self.support_mode = support_mode
        self.recorded_by = recorded_by
        self.status = NOTICED
        self.award: dict[str, Any] | None = None
        self.contract: dict[str, Any] | None = None
        self.contract_fen = 0
        self.raised_fen = 0
        self.amendments: dict[str, dict[str, Any]] = {}
        self.deliverables: dict[str, dict[str, Any]] = {}
        self.accepted_fen = 0
        self.payments: dict[str, dict[str, Any]] = {}
        self.paid_fen = 0
        self.cancellation: dict[str, Any] | None = None

    # -- queries ---------------------------------------------------------
    @property
    def last_signed_on(self) -> str:
        """The contract's date, or its latest amendment's: an amendment follows both."""
        days = [str(a["signed_on"]) for a in self.amendments.values()]
        return max([str(self.contract["signed_on"]) if self.contract else self.noticed_on, *days])

    @property
    def raise_limit_fen(self) -> int:
        """10% of the original contract amount, down to the 分 (≤ 10% is "不得超过")."""
        original = int(self.contract["original_fen"]) if self.contract else 0
        return original * RAISE_LIMIT_BP // BP

    def require(self, status: str, field: str, step: str) -> None:
        """FT-PCM-ORDER: ``step`` needs the item to be ``status`` now."""
        if self.status != status:
            ORDER.refuse(field, f"{step} needs procurement {self.procurement_id} {status}; it is {self.status}")

    def deliverable(self, deliverable_id: str) -> dict[str, Any] | None:
        return self.deliverables.get(deliverable_id)

    # -- commands --------------------------------------------------------
    def record_award(
        self,
        *,
        award_ref: str,
        award_kind: str,
        awarded_on: str,
        supplier_uscc: str,
        supplier_name: str,
        amount_fen: int,
        recorded_by: str,
    ) -> None:
        self.require(NOTICED, "procurement_id", "an award")
        if amount_fen > self.budget_fen:
            AWARD.refuse(
                "amount_fen", f"{amount_fen} 分 is above the {self.budget_fen} 分 budget of notice {self.notice_ref}"
            )
        self._awarded(
            award_ref=award_ref,
            award_kind=award_kind,
            awarded_on=awarded_on,
            supplier_uscc=supplier_uscc,
            supplier_name=supplier_name,
            amount_fen=amount_fen,
            support_mode=self.support_mode,
            recorded_by=recorded_by,
        )

    def check_contract(self, amount_fen: int) -> None:
        """FT-PCM-ORDER and FT-PCM-CONTRACT: awarded, and the amount is the award's (a framework's at most)."""
        self.require(AWARDED, "procurement_id", "a contract")
        assert self.award is not None
        awarded = int(self.award["amount_fen"])
        if self.method == Method.FRAMEWORK_AGREEMENT:
            if amount_fen > awarded:
                CONTRACT.refuse("amount_fen", f"{amount_fen} 分 is above the framework's awarded {awarded} 分")
        elif amount_fen != awarded:
            CONTRACT.refuse("amount_fen", f"the award {self.award['award_ref']} is for {awarded} 分, not {amount_fen}")

    def sign_contract(
        self, contract: dict[str, Any], commitment: dict[str, Any], warnings: list[dict[str, str]]
    ) -> None:
        self.check_contract(int(contract["amount_fen"]))
        self._contracted(contract=contract, commitment=commitment, support_mode=self.support_mode, warnings=warnings)

    def check_amendment(self, amendment_no: str, amount_fen: int) -> int:
        """FT-PCM-AMEND; returns the change (positive: a raise)."""
        self.require(CONTRACTED, "procurement_id", "an amendment")
        if amendment_no in self.amendments:
            AMEND.refuse("amendment_no", f"amendment {amendment_no!r} of {self.procurement_id} is recorded")
        delta = amount_fen - self.contract_fen
        if delta == 0:
            AMEND.refuse("amount_fen", f"the contract is already {self.contract_fen} 分: an amendment changes it")
        if delta > 0 and self.raised_fen + delta > self.raise_limit_fen:
            AMEND.refuse(
                "amount_fen",
                f"raises would total {self.raised_fen + delta} 分, above 10% of the original "
                f"{self.contract['original_fen'] if self.contract else 0} 分 ({self.raise_limit_fen} 分)",
            )
        floor = max(self.accepted_fen, self.paid_fen)
        if amount_fen < floor:
            AMEND.refuse(
                "amount_fen",
                f"{amount_fen} 分 is below what is accepted ({self.accepted_fen} 分) or paid ({self.paid_fen} 分)",
            )
        return delta

    def amend(self, amendment: dict[str, Any], commitment: dict[str, Any]) -> None:
        delta = self.check_amendment(str(amendment["amendment_no"]), int(amendment["amount_fen"]))
        self._amended(
            amendment=amendment,
            previous_fen=self.contract_fen,
            delta_fen=delta,
            raised_total_fen=self.raised_fen + max(delta, 0),
            commitment=commitment,
        )

    def accept(
        self,
        *,
        deliverable_id: str,
        title: str,
        amount_fen: int,
        result: str,
        report_sha256: str,
        accepted_on: str,
        accepted_by: str,
    ) -> None:
        self.require(CONTRACTED, "procurement_id", "an acceptance")
        found = self.deliverable(deliverable_id)
        if found is not None and found["result"] == AcceptanceResult.PASSED:
            ACCEPT.refuse(
                "deliverable_id", f"{deliverable_id} of {self.procurement_id} passed on {found['accepted_on']}"
            )
        passed = result == AcceptanceResult.PASSED
        total = self.accepted_fen + (amount_fen if passed else 0)
        if total > self.contract_fen:
            ACCEPT.refuse(
                "amount_fen",
                f"passed deliverables would total {total} 分, above the contract's {self.contract_fen} 分",
            )
        self._accepted(
            deliverable_id=deliverable_id,
            title=title,
            amount_fen=amount_fen,
            result=result,
            report_sha256=report_sha256,
            accepted_on=accepted_on,
            accepted_by=accepted_by,
            accepted_total_fen=total,
            attempt=(int(found["attempts"]) if found else 0) + 1,
        )

    def check_payment(self, payment_no: str, deliverable_id: str, amount_fen: int) -> dict[str, Any]:
        """FT-PCM-SERIAL (the number), FT-PCM-PAY-ACCEPTED and FT-PCM-PAY-CAP; returns the deliverable."""
        self.require(CONTRACTED, "procurement_id", "a payment")
        if payment_no in self.payments:
            SERIAL.refuse("payment_no", f"payment {payment_no!r} of {self.procurement_id} is recorded")
        found = self.deliverable(deliverable_id)
        if found is None or found["result"] != AcceptanceResult.PASSED:
            state = "not accepted" if found is None else f"{found['result']} on {found['accepted_on']}"
            PAY_ACCEPTED.refuse("deliverable_id", f"deliverable {deliverable_id} of {self.procurement_id} is {state}")
        unpaid = int(found["amount_fen"]) - int(found["paid_fen"])
        if amount_fen > unpaid:
            PAY_CAP.refuse("amount_fen", f"{amount_fen} 分 is above the {unpaid} 分 unpaid on {deliverable_id}")
        if self.paid_fen + amount_fen > self.contract_fen:
            PAY_CAP.refuse(
                "amount_fen",
                f"payments would total {self.paid_fen + amount_fen} 分, above the contract's {self.contract_fen} 分",
            )
        return found

    def pay(
        self,
        *,
        payment_no: str,
        deliverable_id: str,
        amount_fen: int,
        bank_serial: str,
        value_date: str,
        recorded_by: str,
    ) -> None:
        self.check_payment(payment_no, deliverable_id, amount_fen)
        assert self.award is not None
        self._paid(
            payment_no=payment_no,
            deliverable_id=deliverable_id,
            amount_fen=amount_fen,
            bank_serial=bank_serial,
            value_date=value_date,
            payee_uscc=self.award["supplier_uscc"],
            paid_total_fen=self.paid_fen + amount_fen,
            recorded_by=recorded_by,
        )

    def cancel(self, *, reason: str, doc_ref: str, cancelled_on: str, recorded_by: str) -> None:
        if self.status not in (NOTICED, AWARDED):
            ORDER.refuse(
                "procurement_id", f"procurement {self.procurement_id} is {self.status}: it cannot be cancelled"
            )
        self._cancelled(
            reason=reason, doc_ref=doc_ref, cancelled_on=cancelled_on, was=self.status, recorded_by=recorded_by
        )

    # -- events (assignment only) ------------------------------------------
    @event("Awarded", topic="fundtrail.procurement.Awarded")
    def _awarded(
        self,
        award_ref: str,
        award_kind: str,
        awarded_on: str,
        supplier_uscc: str,
        supplier_name: str,
        amount_fen: int,
        support_mode: str,
        recorded_by: str,
    ) -> None:
        del support_mode, recorded_by
        self.award = {
            "award_ref": award_ref,
            "award_kind": award_kind,
            "awarded_on": awarded_on,
            "supplier_uscc": supplier_uscc,
            "supplier_name": supplier_name,
            "amount_fen": amount_fen,
        }
        self.status = AWARDED

    @event("ContractSigned", topic="fundtrail.procurement.ContractSigned")
    def _contracted(
        self,
        contract: dict[str, Any],
        commitment: dict[str, Any],
        support_mode: str,
        warnings: list[dict[str, str]],
    ) -> None:
        del commitment, support_mode, warnings
        self.contract = {**contract, "original_fen": contract["amount_fen"]}
        self.contract_fen = int(contract["amount_fen"])
        self.status = CONTRACTED

    @event("ContractAmended", topic="fundtrail.procurement.ContractAmended")
    def _amended(
        self,
        amendment: dict[str, Any],
        previous_fen: int,
        delta_fen: int,
        raised_total_fen: int,
        commitment: dict[str, Any],
    ) -> None:
        del delta_fen, commitment
        entry = {**amendment, "previous_fen": previous_fen}
        self.amendments = {**self.amendments, str(amendment["amendment_no"]): entry}
        self.contract_fen = int(amendment["amount_fen"])
        self.raised_fen = raised_total_fen

    @event("DeliverableAccepted", topic="fundtrail.procurement.DeliverableAccepted")
    def _accepted(
        self,
        deliverable_id: str,
        title: str,
        amount_fen: int,
        result: str,
        report_sha256: str,
        accepted_on: str,
        accepted_by: str,
        accepted_total_fen: int,
        attempt: int,
    ) -> None:
        entry = {
            "title": title,
            "amount_fen": amount_fen,
            "result": result,
            "report_sha256": report_sha256,
            "accepted_on": accepted_on,
            "accepted_by": accepted_by,
            "attempts": attempt,
            "paid_fen": 0,
        }
        self.deliverables = {**self.deliverables, deliverable_id: entry}
        self.accepted_fen = accepted_total_fen

    @event("PaymentRecorded", topic="fundtrail.procurement.PaymentRecorded")
    def _paid(
        self,
        payment_no: str,
        deliverable_id: str,
        amount_fen: int,
        bank_serial: str,
        value_date: str,
        payee_uscc: str,
        paid_total_fen: int,
        recorded_by: str,
    ) -> None:
        del payee_uscc, recorded_by
        payment = {
            "deliverable_id": deliverable_id,
            "amount_fen": amount_fen,
            "bank_serial": bank_serial,
            "value_date": value_date,
        }
        self.payments = {**self.payments, payment_no: payment}
        found = self.deliverables[deliverable_id]
        paid = {**found, "paid_fen": int(found["paid_fen"]) + amount_fen}
        self.deliverables = {**self.deliverables, deliverable_id: paid}
        self.paid_fen = paid_total_fen

    @event("Cancelled", topic="fundtrail.procurement.Cancelled")
    def _cancelled(self, reason: str, doc_ref: str, cancelled_on: str, was: str, recorded_by: str) -> None:
        del was
        self.cancellation = {
            "reason": reason,
            "doc_ref": doc_ref,
            "cancelled_on": cancelled_on,
            "recorded_by": recorded_by,
        }
        self.status = CANCELLED


@pin_topic("fundtrail.procurement.ProcurementClaim")
class ProcurementClaim(LedgerAggregate):
    """Binds a notice (with its lot), a contract number or a file (content hash) to its first use; a
    second use, even a racing one, conflicts on this stream's first version."""

    @staticmethod
    def create_id(kind: str, key: str, **_: Any) -> UUID:
        return claim_stream(kind, key)

    @event("Claimed", topic="fundtrail.procurement.Claimed")
    def __init__(self, kind: str, key: str, procurement_id: str, used_as: str) -> None:
        self.kind = kind
        self.key = key
        self.procurement_id = procurement_id
        self.used_as = used_as


label_topics(
    {
        "fundtrail.procurement.Noticed": ("采购公告", "procurement notice published"),
        "fundtrail.procurement.Awarded": ("中标（成交）", "procurement awarded"),
        "fundtrail.procurement.ContractSigned": ("采购合同签订", "procurement contract signed"),
        "fundtrail.procurement.ContractAmended": ("采购合同变更", "procurement contract amended"),
        "fundtrail.procurement.DeliverableAccepted": ("交付成果验收", "deliverable accepted"),
        "fundtrail.procurement.PaymentRecorded": ("采购付款", "procurement payment recorded"),
        "fundtrail.procurement.Cancelled": ("终止采购（废标）", "procurement cancelled"),
        "fundtrail.procurement.Claimed": ("采购凭据认领", "procurement reference claimed"),
    }
)
