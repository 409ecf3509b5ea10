"""A digital-transformation project (数字化改造项目) through the steps of HRB 第八条.

入库 → 跟踪 → 测评 → 验收 → 凭据 → 确认 (核定投入, 拟补助) → [公示, 市政府批准: other features] → 发放.
Public methods check the order (FT-PRJ-ORDER, naming the state) and the project's own invariants and
compute once; ``@event`` methods only assign. Checks that need other aggregates (batch, enterprise,
claims, the enterprise account) are made by the commands before they call these methods.

Other features use: ``Project``, ``project_stream``, ``EnterpriseAccount``, ``enterprise_account_stream``.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.project.account import EnterpriseAccount
from domain.project.account import enterprise_account_stream
from domain.project.claims import EvidenceFileClaim
from domain.project.claims import InvoiceClaim
from domain.project.claims import VoucherClaim
from domain.project.rules import CEILING
from domain.project.rules import CLAIM_COMPLETE
from domain.project.rules import CONTRACT
from domain.project.rules import ORDER
from domain.project.rules import POST_LEVEL
from domain.project.rules import REASON
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from collections.abc import Collection
    from uuid import UUID

__all__ = [
    "ACTIVE_STATES",
    "EVIDENCE_STATES",
    "EnterpriseAccount",
    "EvidenceFileClaim",
    "InvoiceClaim",
    "Project",
    "VoucherClaim",
    "enterprise_account_stream",
    "project_stream",
]

INTAKE_REQUESTED = "intake_requested"
IN_POOL = "in_pool"
TRACKING = "tracking"
ASSESSED = "assessed"
ACCEPTED = "accepted"
EVIDENCED = "evidenced"
INVESTMENT_VERIFIED = "investment_verified"
PROPOSED = "proposed"
APPROVED = "approved"
REJECTED = "rejected"  # intake refused by 市工信局 (not 入库)
WITHDRAWN = "withdrawn"
TERMINATED = "terminated"

EVIDENCE_STATES = (IN_POOL, TRACKING, ASSESSED, ACCEPTED)  # contracts, invoices, vouchers may be recorded
ACTIVE_STATES = (
    INTAKE_REQUESTED,
    IN_POOL,
    TRACKING,
    ASSESSED,
    ACCEPTED,
    EVIDENCED,
    INVESTMENT_VERIFIED,
    PROPOSED,
    APPROVED,
)
CLOSED_STATES = (REJECTED, WITHDRAWN, TERMINATED)


def project_stream(project_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"project:{project_id}")


Warnings = list[dict[str, str]]


@pin_topic("fundtrail.project.Project")
class Project(LedgerAggregate):
    """One enterprise's transformation project in one batch, from intake to the proposed subsidy."""

    @staticmethod
    def create_id(project_id: str, **_: Any) -> UUID:
        return project_stream(project_id)

    @event("IntakeRequested", topic="fundtrail.project.IntakeRequested")
    def __init__(
        self,
        project_id: str,
        batch_id: str,
        programme_id: str,
        policy_version_id: str,
        policy_hash: str,
        enterprise_uscc: str,
        provider_uscc: str,
        district: str,
        scope_summary: str,
        planned_items: list[dict[str, Any]],
        planned_start: str,
        planned_end: str,
        requested_by: str,
        eligibility_on: str,
    ) -> None:
        self.project_id = project_id
        self.batch_id = batch_id
        self.programme_id = programme_id
        self.policy_version_id = policy_version_id
        self.policy_hash = policy_hash
        self.enterprise_uscc = enterprise_uscc
        self.provider_uscc = provider_uscc
        self.district = district
        self.scope_summary = scope_summary
        self.planned_items = planned_items
        self.planned_start = planned_start
        self.planned_end = planned_end
        self.requested_by = requested_by
        self.eligibility_on = eligibility_on
        self.state = INTAKE_REQUESTED
        self.intake: dict[str, Any] | None = None
        self.tracking_reports: list[dict[str, Any]] = []
        self.baseline: dict[str, Any] | None = None
        self.post: dict[str, Any] | None = None
        self.acceptances: list[dict[str, Any]] = []
        self.contracts: dict[str, dict[str, Any]] = {}
        self.invoices: list[dict[str, Any]] = []
        self.vouchers: list[dict[str, Any]] = []
        self.claim: dict[str, Any] | None = None
        self.verification: dict[str, Any] | None = None
        self.verified_investment_fen: int | None = None
        self.proposed_fen: int | None = None
        self.ceiling_fen: int | None = None
        self.ceiling: dict[str, Any] | None = None
        self.approved_fen: int | None = None
        self.approval_id: str | None = None
        self.proposals = 0  # how many times an amount was proposed (a re-proposal answers a rejection)
        self.rejected_at: int | None = None  # the proposal 市政府 did not approve, if the latest was
        self.rejected_by: str | None = None
        self.entitlement_fen: int | None = None
        self.reason_code: str | None = None
        self.revised_investment_fen: int | None = None
        self.revised_ceiling: dict[str, Any] | None = None
        self.closed: dict[str, Any] | None = None

    # -- queries ---------------------------------------------------------
    @property
    def subject_id(self) -> str:
        """The id publicity, approval and payment know it by (domain/subjects.py)."""
        return self.project_id

    @property
    def payee_uscc(self) -> str:
        return self.enterprise_uscc

    @property
    def acceptance(self) -> dict[str, Any] | None:
        """The latest acceptance review, if any."""
        return self.acceptances[-1] if self.acceptances else None

    @property
    def contract_lines(self) -> dict[str, dict[str, Any]]:
        return {line["line_id"]: line for c in self.contracts.values() for line in c["lines"]}

    @property
    def invoiced_fen(self) -> int:
        return sum(int(i["incl_fen"]) for i in self.invoices)

    @property
    def paid_fen(self) -> int:
        return sum(int(v["amount_fen"]) for v in self.vouchers)

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    def require(self, states: Collection[str], step: str) -> None:
        """Refuse (FT-PRJ-ORDER) unless the project is in one of ``states``."""
        if self.state not in states:
            ORDER.refuse(
                "project_id",
                f"project {self.project_id} is in state {self.state!r}; {step} needs state "
                f"{' or '.join(repr(s) for s in states)} (HRB 第八条: 入库→跟踪→测评→验收→凭据→确认→公示→批准)",
            )

    # -- 入库 --------------------------------------------------------------
    def decide_intake(self, approve: bool, reasons: list[str], decided_on: str, reviewer_org: str) -> None:
        self.require((INTAKE_REQUESTED,), "an intake decision")
        if not approve and not reasons:
            REASON.refuse("reasons", "a rejected intake states its reasons")
        if approve:
            self._intake_approved(decided_on=decided_on, reviewer_org=reviewer_org, reasons=reasons)
        else:
            self._intake_rejected(decided_on=decided_on, reviewer_org=reviewer_org, reasons=reasons)

    # -- 跟踪 / 测评 / 验收 ------------------------------------------------------
    def record_tracking_report(self, report: dict[str, Any]) -> None:
        self.require((IN_POOL, TRACKING), "a tracking report")
        self._tracking_recorded(report=report)

    def record_assessment(self, assessment: dict[str, Any], warnings: Warnings) -> None:
        if assessment["kind"] == "baseline":
            self.require((IN_POOL, TRACKING), "a baseline assessment")
            self._baseline_recorded(assessment=assessment, warnings=warnings)
        else:
            self.require((TRACKING, ASSESSED), "a post-transformation assessment")
            self._post_recorded(assessment=assessment, warnings=warnings)

    def record_acceptance(self, review: dict[str, Any], min_post_level: int) -> None:
        self.require((ASSESSED,), "an acceptance review")
        post = self.post
        if review["result"] == "passed" and (post is None or int(post["level"]) < min_post_level):
            level = "none" if post is None else post["level"]
            POST_LEVEL.refuse(
                "result",
                f"project {self.project_id}'s post-transformation level is {level}; passing acceptance needs "
                f"level {min_post_level} or above",
            )
        self._acceptance_recorded(review=review, passed=review["result"] == "passed")

    # -- 凭据 ---------------------------------------------------------------
    def record_contract(self, contract: dict[str, Any], warnings: Warnings) -> None:
        self.require(EVIDENCE_STATES, "a contract")
        if contract["contract_no"] in self.contracts:
            CONTRACT.refuse("contract_no", f"contract {contract['contract_no']!r} is already recorded for this project")
        self._contract_recorded(contract=contract, warnings=warnings)

    def record_invoice(self, invoice: dict[str, Any]) -> None:
        self.require(EVIDENCE_STATES, "an invoice")
        self._invoice_recorded(invoice=invoice)

    def record_bank_voucher(self, voucher: dict[str, Any]) -> None:
        self.require(EVIDENCE_STATES, "a bank voucher")
        self._voucher_recorded(voucher=voucher)

    def submit_claim(self, submitted_by: str) -> None:
        self.require((ACCEPTED,), "submitting the claim evidence")
        missing = [
            name
            for name, present in (
                ("contract", bool(self.contracts)),
                ("invoice", bool(self.invoices)),
                ("bank voucher", bool(self.vouchers)),
            )
            if not present
        ]
        if missing:
            CLAIM_COMPLETE.refuse("project_id", f"project {self.project_id} has no {', no '.join(missing)} recorded")
        acceptance = self.acceptance
        assert acceptance is not None  # the state 'accepted' is reached only through a passed review
        self._claim_submitted(
            submitted_by=submitted_by,
            contract_nos=sorted(self.contracts),
            invoice_keys=[i["key"] for i in self.invoices],
            voucher_keys=[v["key"] for v in self.vouchers],
            acceptance_report_no=str(acceptance["report_no"]),
        )

    # -- 确认 ---------------------------------------------------------------
    def verify_investment(self, basis: str, lines: list[dict[str, Any]], verified_fen: int, verifier: str) -> None:
        self.require((EVIDENCED, INVESTMENT_VERIFIED), "verifying the investment")
        self._investment_verified(basis=basis, lines=lines, verified_investment_fen=verified_fen, verifier=verifier)

    def propose(
        self, amount_fen: int, explanation: dict[str, Any], reason_code: str | None, reason: str | None
    ) -> None:
        """Record the proposed subsidy with its full explanation (``explanation["ceiling_fen"]`` bounds it)."""
        self.require((INVESTMENT_VERIFIED, PROPOSED), "a subsidy proposal")
        ceiling_fen = int(explanation["ceiling_fen"])
        if amount_fen > ceiling_fen:
            CEILING.refuse("amount_fen", f"{amount_fen} 分 exceeds the ceiling of {ceiling_fen} 分")
        if amount_fen < ceiling_fen and not reason_code:
            REASON.refuse(
                "reason_code",
                f"{amount_fen} 分 is below the ceiling of {ceiling_fen} 分: give a reason code (budget, pro_rata, …)",
            )
        self._subsidy_proposed(
            amount_fen=amount_fen,
            ceiling_fen=ceiling_fen,
            reason_code=reason_code,
            reason=reason,
            policy_version_id=str(explanation["policy_version_id"]),
            policy_hash=str(explanation["policy_hash"]),
            explanation=explanation,
        )

    # -- used by approval and clawback -----------------------------------------
    def approve(self, approval_id: str, amount_fen: int) -> None:
        """proposed → approved. A lower amount than proposed is allowed; above the ceiling never (A28).

        The approval command keeps the EnterpriseAccount in step: ``release(project_id, proposed - approved)``
        when lower, ``reserve(project_id, approved - proposed, cap, field)`` when higher.
        """
        self.require((PROPOSED,), "an approval")
        ceiling_fen = self.ceiling_fen or 0
        if amount_fen <= 0 or amount_fen > ceiling_fen:
            CEILING.refuse(
                "amount_fen",
                f"project {self.project_id} may be approved for 1 to {ceiling_fen} 分 (its ceiling), got {amount_fen}",
            )
        self._approved(approval_id=approval_id, amount_fen=amount_fen, proposed_fen=self.proposed_fen)

    def reject(self, approval_id: str, reason: str) -> None:
        """市政府 did not approve the current proposal: it is not requested again unless proposed again."""
        self.require((PROPOSED,), "a rejection")
        self._approval_rejected(approval_id=approval_id, reason=reason)

    def revise_entitlement(self, verified_investment_fen: int, ceiling: dict[str, Any], reason: str) -> None:
        """Record a recomputed entitlement (clawback, A4): min(approved, the new ceiling's ``ceiling_fen``)."""
        if self.approved_fen is None:
            ORDER.refuse("project_id", f"project {self.project_id} has no approved amount to revise")
        if not reason:
            REASON.refuse("reason", "a revised entitlement states its reason")
        new_ceiling = int(ceiling["ceiling_fen"])
        self._entitlement_revised(
            verified_investment_fen=verified_investment_fen,
            ceiling=ceiling,
            entitlement_fen=min(self.approved_fen, new_ceiling),
            previous_fen=self.entitlement_fen,
            reason=reason,
        )

    # -- closing --------------------------------------------------------------
    def withdraw(self, reason: str, by: str) -> int:
        """Withdraw before approval; returns the reservation the command must release (proposed_fen or 0)."""
        self.require(ACTIVE_STATES[:-1], "a withdrawal")
        held = self.proposed_fen or 0
        self._withdrawn(reason=reason, by=by, previous_state=self.state)
        return held

    def terminate(self, reason: str, legal_basis: str) -> bool:
        """Terminate (e.g. not accepted when the pilot ends); returns whether the project was approved."""
        self.require(ACTIVE_STATES, "a termination")
        was_approved = self.state == APPROVED
        self._terminated(reason=reason, legal_basis=legal_basis, previous_state=self.state)
        return was_approved

    # -- events (assignment only) ------------------------------------------
    @event("IntakeApproved", topic="fundtrail.project.IntakeApproved")
    def _intake_approved(self, decided_on: str, reviewer_org: str, reasons: list[str]) -> None:
        self.intake = {"approved": True, "decided_on": decided_on, "reviewer_org": reviewer_org, "reasons": reasons}
        self.state = IN_POOL

    @event("IntakeRejected", topic="fundtrail.project.IntakeRejected")
    def _intake_rejected(self, decided_on: str, reviewer_org: str, reasons: list[str]) -> None:
        self.intake = {"approved": False, "decided_on": decided_on, "reviewer_org": reviewer_org, "reasons": reasons}
        self.state = REJECTED

    @event("TrackingReportRecorded", topic="fundtrail.project.TrackingReportRecorded")
    def _tracking_recorded(self, report: dict[str, Any]) -> None:
        self.tracking_reports = [*self.tracking_reports, report]
        self.state = TRACKING

    @event("BaselineAssessmentRecorded", topic="fundtrail.project.BaselineAssessmentRecorded")
    def _baseline_recorded(self, assessment: dict[str, Any], warnings: Warnings) -> None:  # noqa: ARG002
        self.baseline = assessment

    @event("PostAssessmentRecorded", topic="fundtrail.project.PostAssessmentRecorded")
    def _post_recorded(self, assessment: dict[str, Any], warnings: Warnings) -> None:  # noqa: ARG002
        self.post = assessment
        self.state = ASSESSED

    @event("AcceptanceReviewCompleted", topic="fundtrail.project.AcceptanceReviewCompleted")
    def _acceptance_recorded(self, review: dict[str, Any], passed: bool) -> None:
        self.acceptances = [*self.acceptances, review]
        if passed:
            self.state = ACCEPTED

    @event("ContractRecorded", topic="fundtrail.project.ContractRecorded")
    def _contract_recorded(self, contract: dict[str, Any], warnings: Warnings) -> None:  # noqa: ARG002
        self.contracts = {**self.contracts, contract["contract_no"]: contract}

    @event("InvoiceRecorded", topic="fundtrail.project.InvoiceRecorded")
    def _invoice_recorded(self, invoice: dict[str, Any]) -> None:
        self.invoices = [*self.invoices, invoice]

    @event("BankVoucherRecorded", topic="fundtrail.project.BankVoucherRecorded")
    def _voucher_recorded(self, voucher: dict[str, Any]) -> None:
        self.vouchers = [*self.vouchers, voucher]

    @event("ClaimSubmitted", topic="fundtrail.project.ClaimSubmitted")
    def _claim_submitted(
        self,
        submitted_by: str,
        contract_nos: list[str],
        invoice_keys: list[str],
        voucher_keys: list[str],
        acceptance_report_no: str,
    ) -> None:
        self.claim = {
            "submitted_by": submitted_by,
            "contract_nos": contract_nos,
            "invoice_keys": invoice_keys,
            "voucher_keys": voucher_keys,
            "acceptance_report_no": acceptance_report_no,
        }
        self.state = EVIDENCED

    @event("InvestmentVerified", topic="fundtrail.project.InvestmentVerified")
    def _investment_verified(
        self, basis: str, lines: list[dict[str, Any]], verified_investment_fen: int, verifier: str
    ) -> None:
        self.verification = {"basis": basis, "lines": lines, "verifier": verifier}
        self.verified_investment_fen = verified_investment_fen
        self.state = INVESTMENT_VERIFIED

    @event("SubsidyProposed", topic="fundtrail.project.SubsidyProposed")
    def _subsidy_proposed(
        self,
        amount_fen: int,
        ceiling_fen: int,
        reason_code: str | None,
        reason: str | None,  # noqa: ARG002 - recorded
        policy_version_id: str,
        policy_hash: str,  # noqa: ARG002 - recorded (in the explanation too)
        explanation: dict[str, Any],
    ) -> None:
        self.proposed_fen = amount_fen
        self.ceiling_fen = ceiling_fen
        self.ceiling = explanation
        self.reason_code = reason_code
        self.policy_version_id = policy_version_id
        self.state = PROPOSED
        self.proposals += 1

    @event("ApprovalRejected", topic="fundtrail.project.ApprovalRejected")
    def _approval_rejected(self, approval_id: str, reason: str) -> None:  # noqa: ARG002 - recorded
        self.rejected_at = self.proposals
        self.rejected_by = approval_id

    @event("Approved", topic="fundtrail.project.Approved")
    def _approved(self, approval_id: str, amount_fen: int, proposed_fen: int | None) -> None:  # noqa: ARG002
        self.approval_id = approval_id
        self.approved_fen = amount_fen
        self.entitlement_fen = amount_fen
        self.state = APPROVED

    @event("EntitlementRevised", topic="fundtrail.project.EntitlementRevised")
    def _entitlement_revised(
        self,
        verified_investment_fen: int,
        ceiling: dict[str, Any],
        entitlement_fen: int,
        previous_fen: int | None,  # noqa: ARG002 - recorded
        reason: str,  # noqa: ARG002 - recorded
    ) -> None:
        self.revised_investment_fen = verified_investment_fen
        self.revised_ceiling = ceiling
        self.entitlement_fen = entitlement_fen

    @event("Withdrawn", topic="fundtrail.project.Withdrawn")
    def _withdrawn(self, reason: str, by: str, previous_state: str) -> None:
        self.closed = {"kind": WITHDRAWN, "reason": reason, "by": by, "previous_state": previous_state}
        self.state = WITHDRAWN

    @event("Terminated", topic="fundtrail.project.Terminated")
    def _terminated(self, reason: str, legal_basis: str, previous_state: str) -> None:
        self.closed = {
            "kind": TERMINATED,
            "reason": reason,
            "legal_basis": legal_basis,
            "previous_state": previous_state,
        }
        self.state = TERMINATED


label_topics(
    {
        "fundtrail.project.IntakeRequested": ("项目入库申请", "project intake requested"),
        "fundtrail.project.IntakeApproved": ("项目入库", "project taken into the pool"),
        "fundtrail.project.IntakeRejected": ("项目不予入库", "project intake rejected"),
        "fundtrail.project.TrackingReportRecorded": ("跟踪监测报告", "tracking report recorded"),
        "fundtrail.project.BaselineAssessmentRecorded": ("改造前评测", "baseline assessment recorded"),
        "fundtrail.project.PostAssessmentRecorded": ("改造后评测", "post-transformation assessment recorded"),
        "fundtrail.project.AcceptanceReviewCompleted": ("验收评审", "acceptance review recorded"),
        "fundtrail.project.ContractRecorded": ("改造合同", "contract recorded"),
        "fundtrail.project.InvoiceRecorded": ("发票", "invoice recorded"),
        "fundtrail.project.BankVoucherRecorded": ("银行支付凭证", "bank voucher recorded"),
        "fundtrail.project.ClaimSubmitted": ("提交有效凭据", "claim evidence submitted"),
        "fundtrail.project.InvestmentVerified": ("核定改造投入", "investment verified"),
        "fundtrail.project.SubsidyProposed": ("拟补助额度", "subsidy proposed"),
        "fundtrail.project.Approved": ("补助额度批准", "subsidy approved"),
        "fundtrail.project.ApprovalRejected": ("市政府不予批准", "not approved by 市政府"),
        "fundtrail.project.EntitlementRevised": ("补助额度重新核定", "entitlement revised"),
        "fundtrail.project.Withdrawn": ("项目撤回", "project withdrawn"),
        "fundtrail.project.Terminated": ("项目终止", "project terminated"),
        "fundtrail.project.AccountOpened": ("企业补助台账开立", "enterprise account opened"),
        "fundtrail.project.AccountProjectAdmitted": ("企业在办项目占位", "active project slot taken"),
        "fundtrail.project.AccountProjectVacated": ("企业在办项目释放", "active project slot released"),
        "fundtrail.project.AccountAmountReserved": ("企业累计补助占用", "enterprise subsidy reserved"),
        "fundtrail.project.AccountAmountReleased": ("企业累计补助释放", "enterprise subsidy released"),
        "fundtrail.project.InvoiceClaimed": ("发票使用登记", "invoice claimed"),
        "fundtrail.project.VoucherClaimed": ("支付凭证使用登记", "bank voucher claimed"),
        "fundtrail.project.EvidenceFileClaimed": ("凭据文件使用登记", "evidence file claimed"),
    }
)
