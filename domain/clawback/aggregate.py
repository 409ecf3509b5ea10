"""Clawback (追回): a case against one project, its investigation, decision, receivable and closure.

HRB 第十七条 lists six grounds (C1–C6) and the measures 通报, 取消申请资格, 追回已拨付资金; A4 settles the
arithmetic: opening a case freezes unpaid tranches; the decision recomputes the entitlement under the
same policy version, recovers ``settled − earlier recoveries − new entitlement`` when positive and
otherwise reduces the unpaid tranches; the recovery is a receivable with partial receipts, write-offs and
a referral to the judiciary (第十六条). ``ProjectCases`` is a project's case file: the freeze that
payment reads and the recoveries already demanded, changed by every case so two racing cases conflict.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.clawback.rules import CLOSE
from domain.clawback.rules import JUDICIARY
from domain.clawback.rules import OPEN
from domain.clawback.rules import OVERPAY
from domain.clawback.rules import SOD
from domain.clawback.rules import STATE
from domain.clawback.rules import WRITE_OFF
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

OPENED = "open"
DECIDED = "decided"
CLOSED = "closed"


def clawback_case_stream(case_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"clawback-case:{case_id}")


def clawback_project_stream(project_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"clawback-project:{project_id}")


@pin_topic("fundtrail.clawback.ClawbackCase")
class ClawbackCase(LedgerAggregate):
    """One case: grounds, investigations, the decision and, after a recovery decision, the receivable.

    Attributes:
        case_id, project_id, programme_id, enterprise_uscc: the case and its subject.
        grounds: codes C1..C6; source; evidence: sha256s; opened_by, opened_on.
        status: "open" | "decided" | "closed".
        decision: the decided facts (outcome, amounts, sanctions, document) or None.
        demanded_fen, received_fen, written_off_fen: the receivable; ``outstanding_fen`` what is left.
        referral: the judicial referral (第十六条) or None.
    """

    @staticmethod
    def create_id(case_id: str, **_: Any) -> UUID:
        return clawback_case_stream(case_id)

    @event("CaseOpened", topic="fundtrail.clawback.CaseOpened")
    def __init__(
        self,
        case_id: str,
        project_id: str,
        programme_id: str,
        enterprise_uscc: str,
        grounds: list[str],
        source: str,
        evidence: list[str],
        summary: str,
        opened_by: str,
        opened_by_org: str,
        opened_on: str,
        frozen_unpaid_fen: int,
    ) -> None:
        self.case_id = case_id
        self.project_id = project_id
        self.programme_id = programme_id
        self.enterprise_uscc = enterprise_uscc
        self.grounds = grounds
        self.source = source
        self.evidence = evidence
        self.summary = summary
        self.opened_by = opened_by
        self.opened_by_org = opened_by_org
        self.opened_on = opened_on
        self.frozen_unpaid_fen = frozen_unpaid_fen
        self.status = OPENED
        self.investigations: list[dict[str, Any]] = []
        self.decision: dict[str, Any] | None = None
        self.decision_doc_no: str | None = None
        self.decided_by: str | None = None
        self.demanded_fen = 0
        self.received_fen = 0
        self.written_off_fen = 0
        self.receipts: list[dict[str, Any]] = []
        self.write_offs: list[dict[str, Any]] = []
        self.referral: dict[str, Any] | None = None
        self.closure: dict[str, Any] | None = None

    # -- queries ---------------------------------------------------------
    @property
    def outstanding_fen(self) -> int:
        return self.demanded_fen - self.received_fen - self.written_off_fen

    @property
    def recovering(self) -> bool:
        """Decided with an amount to recover and not yet closed."""
        return self.status == DECIDED and self.demanded_fen > 0

    # -- commands --------------------------------------------------------
    def _not_closed(self, field: str) -> None:
        if self.status == CLOSED:
            STATE.refuse(field, f"case {self.case_id} is closed")

    def record_investigation(
        self, *, findings_sha256: str, summary: str, evidence: list[str], investigated_on: str, recorded_by: str
    ) -> None:
        if self.status != OPENED:
            STATE.refuse("case_id", f"case {self.case_id} is {self.status}: investigations come before the decision")
        self._investigated(
            findings_sha256=findings_sha256,
            summary=summary,
            evidence=evidence,
            investigated_on=investigated_on,
            recorded_by=recorded_by,
        )

    def check_decider(self, decider: str) -> None:
        if self.status != OPENED:
            STATE.refuse("case_id", f"case {self.case_id} is {self.status}; it is decided once")
        if decider == self.opened_by:
            SOD.refuse("envelope.actor", f"{decider} opened case {self.case_id} and may not decide it")

    def decide(self, decision: dict[str, Any]) -> None:
        """Record the decision the command computed (see ``clawback.decide``)."""
        self._decided(decision=decision)

    def record_repayment(self, *, amount_fen: int, bank_serial: str, value_date: str, recorded_by: str) -> None:
        self._receivable_open("amount_fen", amount_fen)
        self._repaid(
            amount_fen=amount_fen,
            bank_serial=bank_serial,
            value_date=value_date,
            received_total_fen=self.received_fen + amount_fen,
            outstanding_after_fen=self.outstanding_fen - amount_fen,
            recorded_by=recorded_by,
        )

    def check_write_off(self, amount_fen: int, decision_ref: str) -> None:
        self._receivable_open("amount_fen", amount_fen)
        if decision_ref != self.decision_doc_no:
            WRITE_OFF.refuse(
                "decision_ref", f"case {self.case_id} was decided by {self.decision_doc_no}, not {decision_ref}"
            )

    def write_off(
        self,
        *,
        amount_fen: int,
        reason: str,
        doc_no: str,
        decision_ref: str,
        written_on: str,
        proposed_by: str,
        countersigned_by: str,
    ) -> None:
        """A write-off takes effect at its countersignature (docs/decisions.md §28), checked again then."""
        self.check_write_off(amount_fen, decision_ref)
        self._written_off(
            amount_fen=amount_fen,
            reason=reason,
            doc_no=doc_no,
            decision_ref=decision_ref,
            written_on=written_on,
            outstanding_after_fen=self.outstanding_fen - amount_fen,
            proposed_by=proposed_by,
            countersigned_by=countersigned_by,
        )

    def _receivable_open(self, field: str, amount_fen: int) -> None:
        self._not_closed("case_id")
        if self.status != DECIDED or self.demanded_fen == 0:
            STATE.refuse("case_id", f"case {self.case_id} has no recovery to receive (status {self.status})")
        if amount_fen > self.outstanding_fen:
            OVERPAY.refuse(field, f"{amount_fen} 分 is more than the {self.outstanding_fen} 分 outstanding")

    def refer(self, *, doc_no: str, referred_on: str, reason: str, referred_by: str) -> None:
        self._not_closed("case_id")
        if self.referral is not None:
            JUDICIARY.refuse("case_id", f"case {self.case_id} was referred by {self.referral['doc_no']}")
        self._referred(
            doc_no=doc_no,
            referred_on=referred_on,
            reason=reason,
            outstanding_fen=self.outstanding_fen,
            referred_by=referred_by,
        )

    def close(self, *, note: str | None, doc_no: str | None, closed_by: str) -> None:
        self._not_closed("case_id")
        if self.status != DECIDED or self.decision is None:
            CLOSE.refuse("case_id", f"case {self.case_id} has no decision yet")
        if self.outstanding_fen > 0 and self.referral is None:
            CLOSE.refuse(
                "case_id",
                f"{self.outstanding_fen} 分 of case {self.case_id} is outstanding: receive it, write it off or "
                "refer the case to the judiciary first",
            )
        self._closed(
            outcome=self.closing_outcome(),
            demanded_fen=self.demanded_fen,
            recovered_total_fen=self.received_fen,
            written_off_fen=self.written_off_fen,
            outstanding_fen=self.outstanding_fen,
            note=note,
            doc_no=doc_no,
            closed_by=closed_by,
        )

    def closing_outcome(self) -> str:
        if self.decision is None or self.decision["outcome"] == "no_action":
            return "no_action"
        if self.outstanding_fen > 0:
            return "referred_outstanding"
        if self.demanded_fen == 0:
            return "reduced"  # nothing had to come back: the unpaid tranches were reduced (A4)
        if self.written_off_fen == self.demanded_fen:
            return "written_off"
        if self.written_off_fen > 0:
            return "recovered_in_part_written_off"
        return "recovered"

    # -- events (assignment only) ------------------------------------------
    @event("InvestigationRecorded", topic="fundtrail.clawback.InvestigationRecorded")
    def _investigated(
        self, findings_sha256: str, summary: str, evidence: list[str], investigated_on: str, recorded_by: str
    ) -> None:
        entry = {
            "findings_sha256": findings_sha256,
            "summary": summary,
            "evidence": evidence,
            "investigated_on": investigated_on,
            "recorded_by": recorded_by,
        }
        self.investigations = [*self.investigations, entry]

    @event("SanctionDecided", topic="fundtrail.clawback.SanctionDecided")
    def _decided(self, decision: dict[str, Any]) -> None:
        self.decision = decision
        self.decision_doc_no = decision["decision_doc_no"]
        self.decided_by = decision["decided_by"]
        self.demanded_fen = decision["recover_fen"]
        self.status = DECIDED

    @event("RecoveryReceived", topic="fundtrail.clawback.RecoveryReceived")
    def _repaid(
        self,
        amount_fen: int,
        bank_serial: str,
        value_date: str,
        received_total_fen: int,
        outstanding_after_fen: int,
        recorded_by: str,
    ) -> None:
        del outstanding_after_fen  # recorded for readers
        receipt = {"amount_fen": amount_fen, "bank_serial": bank_serial, "value_date": value_date, "by": recorded_by}
        self.receipts = [*self.receipts, receipt]
        self.received_fen = received_total_fen

    @event("RecoveryWrittenOff", topic="fundtrail.clawback.RecoveryWrittenOff")
    def _written_off(
        self,
        amount_fen: int,
        reason: str,
        doc_no: str,
        decision_ref: str,
        written_on: str,
        outstanding_after_fen: int,
        proposed_by: str,
        countersigned_by: str,
    ) -> None:
        del outstanding_after_fen  # recorded for readers
        entry = {
            "amount_fen": amount_fen,
            "reason": reason,
            "doc_no": doc_no,
            "decision_ref": decision_ref,
            "written_on": written_on,
            "by": proposed_by,
            "countersigned_by": countersigned_by,
        }
        self.write_offs = [*self.write_offs, entry]
        self.written_off_fen += amount_fen

    @event("ReferredToJudiciary", topic="fundtrail.clawback.ReferredToJudiciary")
    def _referred(self, doc_no: str, referred_on: str, reason: str, outstanding_fen: int, referred_by: str) -> None:
        self.referral = {
            "doc_no": doc_no,
            "referred_on": referred_on,
            "reason": reason,
            "outstanding_fen": outstanding_fen,
            "by": referred_by,
        }

    @event("CaseClosed", topic="fundtrail.clawback.CaseClosed")
    def _closed(
        self,
        outcome: str,
        demanded_fen: int,
        recovered_total_fen: int,
        written_off_fen: int,
        outstanding_fen: int,
        note: str | None,
        doc_no: str | None,
        closed_by: str,
    ) -> None:
        del demanded_fen, written_off_fen  # recorded for readers
        self.closure = {
            "outcome": outcome,
            "recovered_total_fen": recovered_total_fen,
            "outstanding_fen": outstanding_fen,
            "note": note,
            "doc_no": doc_no,
            "by": closed_by,
        }
        self.status = CLOSED


@pin_topic("fundtrail.clawback.ProjectCases")
class ProjectCases(LedgerAggregate):
    """A project's case file: every case, the one that freezes its payments now, what was demanded back.

    Attributes:
        project_id: the project.
        cases: case ids, oldest first.
        frozen_by: the case awaiting its decision (unpaid tranches are frozen), or None.
        demanded_fen: Σ recoveries decided on earlier cases (A4: "minus prior recoveries").
    """

    @staticmethod
    def create_id(project_id: str, **_: Any) -> UUID:
        return clawback_project_stream(project_id)

    @event("CaseFileOpened", topic="fundtrail.clawback.CaseFileOpened")
    def __init__(self, project_id: str) -> None:
        self.project_id = project_id
        self.cases: list[str] = []
        self.frozen_by: str | None = None
        self.demanded_fen = 0

    @property
    def frozen(self) -> bool:
        return self.frozen_by is not None

    def freeze(self, case_id: str, field: str) -> None:
        """A4: a new case freezes the project's unpaid tranches; one undecided case at a time."""
        if self.frozen_by is not None:
            OPEN.refuse(field, f"case {self.frozen_by} on {self.project_id} awaits its decision; add to it instead")
        self._frozen(case_id=case_id)

    def unfreeze(self, case_id: str, outcome: str, demanded_fen: int) -> None:
        """The decision lifts the freeze and adds what it demands back."""
        self._unfrozen(case_id=case_id, outcome=outcome, demanded_fen=demanded_fen)

    @event("PaymentsFrozen", topic="fundtrail.clawback.PaymentsFrozen")
    def _frozen(self, case_id: str) -> None:
        self.cases = [*self.cases, case_id]
        self.frozen_by = case_id

    @event("PaymentsUnfrozen", topic="fundtrail.clawback.PaymentsUnfrozen")
    def _unfrozen(self, case_id: str, outcome: str, demanded_fen: int) -> None:
        del case_id, outcome  # recorded for readers
        self.frozen_by = None
        self.demanded_fen += demanded_fen


label_topics(
    {
        "fundtrail.clawback.CaseOpened": ("追回立案", "clawback case opened"),
        "fundtrail.clawback.InvestigationRecorded": ("追回调查", "investigation recorded"),
        "fundtrail.clawback.SanctionDecided": ("处理决定", "sanction decided"),
        "fundtrail.clawback.RecoveryReceived": ("退回款到账", "recovery received"),
        "fundtrail.clawback.RecoveryWrittenOff": ("追回款核销", "recovery written off"),
        "fundtrail.clawback.ReferredToJudiciary": ("移交司法机关", "referred to the judiciary"),
        "fundtrail.clawback.CaseClosed": ("结案", "clawback case closed"),
        "fundtrail.clawback.CaseFileOpened": ("项目追回档案", "project case file opened"),
        "fundtrail.clawback.PaymentsFrozen": ("冻结未拨付资金", "unpaid tranches frozen"),
        "fundtrail.clawback.PaymentsUnfrozen": ("解除冻结", "unpaid tranches unfrozen"),
    }
)
