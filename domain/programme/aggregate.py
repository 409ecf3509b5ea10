"""Programme (专项资金): the central fund, its allocation and receipts, targets, earmarks and the
programme-level gates of the second tranche (HRB 第一条, 第八条, 第十一条, 第十三条, 第十八条).

The Σ of the budget lines lives here, so two racing earmarks conflict on this aggregate's version
(the caps of 第四条 and the 80% of 第八条 stay race-safe). Budget lines and batches are in
``budget.py`` and ``batch.py``.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.policy.params import BP
from domain.policy.params import Category
from domain.programme.rules import BUDGET_TOTAL
from domain.programme.rules import CATEGORY_CAP
from domain.programme.rules import DOC_UNIQUE
from domain.programme.rules import EARMARK
from domain.programme.rules import RECEIPT
from domain.programme.rules import TARGETS_SOD
from domain.programme.rules import TARGETS_STATE
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

    from domain.policy.params import PolicyParams

CENTRAL = "central"  # HRB 第一条: the fund source of every 分 (HRB-1)
TARGETS_PROPOSED = "proposed"
TARGETS_APPROVED = "approved"
PILOT_PASSED = "passed"


def programme_stream(programme_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"programme:{programme_id}")


def ratio_bp(part_fen: int, whole_fen: int) -> int:
    """floor(part / whole) in basis points (0 when there is no whole)."""
    return part_fen * BP // whole_fen if whole_fen > 0 else 0


@pin_topic("fundtrail.programme.Programme")
class Programme(LedgerAggregate):
    """The city pilot fund: central money for Harbin's SME digital-transformation pilot."""

    @staticmethod
    def create_id(programme_id: str, **_: Any) -> UUID:
        return programme_stream(programme_id)

    @event("Established", topic="fundtrail.programme.Established")
    def __init__(
        self,
        programme_id: str,
        name: str,
        fund_source: str,
        legal_basis: list[dict[str, Any]],
        valid_from: str,
        valid_to: str,
        established_by: str,
    ) -> None:
        self.programme_id = programme_id
        self.name = name
        self.fund_source = fund_source
        self.legal_basis = legal_basis
        self.valid_from = valid_from
        self.valid_to = valid_to
        self.established_by = established_by
        self.central_allocated_fen = 0
        self.central_received_fen = 0
        self.allocation_docs: list[str] = []
        self.treasury_refs: list[str] = []
        self.target_set_id: str | None = None
        self.targets_status: str | None = None
        self.targets_proposed_by: str | None = None
        self.budget: dict[str, int] = {}
        self.budget_total_fen = 0
        self.active_policy_version_id: str | None = None
        self.city_pilot_result: str | None = None
        self.tranche2_release_decision: str | None = None
        self.successor_policy_version_id: str | None = None
        self.successor_valid_to: str | None = None

    # -- queries ---------------------------------------------------------
    def targets_approved(self) -> bool:
        return self.targets_status == TARGETS_APPROVED

    def tranche2_gates_open(self) -> bool:
        """A11: the city pilot passed acceptance and central money has arrived, or 市政府 decided to release."""
        gates = self.city_pilot_result == PILOT_PASSED and self.central_received_fen > 0
        return gates or self.tranche2_release_decision is not None

    def in_force(self, on: date) -> bool:
        """HRB 第十八条: within the validity, or after it with a registered successor policy (A23)."""
        if on < date.fromisoformat(self.valid_from):
            return False
        if on <= date.fromisoformat(self.valid_to):
            return True
        return self.successor_valid_to is not None and on <= date.fromisoformat(self.successor_valid_to)

    def budget_fen(self, category: str) -> int:
        return self.budget.get(category, 0)

    # -- the fund ----------------------------------------------------------
    def record_allocation(self, *, doc_no: str, fiscal_year: int, amount_fen: int, conditions: str | None) -> None:
        if doc_no in self.allocation_docs:
            DOC_UNIQUE.refuse("doc_no", f"allocation {doc_no} is already recorded for {self.programme_id}")
        self._allocated(
            programme_id=self.programme_id,
            fund_source=CENTRAL,
            doc_no=doc_no,
            fiscal_year=fiscal_year,
            amount_fen=amount_fen,
            conditions=conditions,
            allocated_total_fen=self.central_allocated_fen + amount_fen,
        )

    def record_funds_received(self, *, amount_fen: int, treasury_ref: str, received_on: str) -> None:
        if treasury_ref in self.treasury_refs:
            DOC_UNIQUE.refuse("treasury_ref", f"treasury receipt {treasury_ref} is already recorded")
        total = self.central_received_fen + amount_fen
        if total > self.central_allocated_fen:
            RECEIPT.refuse(
                "amount_fen",
                f"received would be {total} 分, more than the {self.central_allocated_fen} 分 allocated",
            )
        self._received(
            programme_id=self.programme_id,
            fund_source=CENTRAL,
            amount_fen=amount_fen,
            treasury_ref=treasury_ref,
            received_on=received_on,
            received_total_fen=total,
        )

    # -- performance targets (事前, 第十三条) ------------------------------
    def set_targets(
        self, *, target_set_id: str, owner_org: str, indicators: list[dict[str, Any]], proposed_by: str
    ) -> None:
        if self.targets_status == TARGETS_APPROVED:
            TARGETS_STATE.refuse("target_set_id", f"targets {self.target_set_id} are approved and are not replaced")
        self._targets_proposed(
            target_set_id=target_set_id,
            scope="programme",
            owner_org=owner_org,
            indicators=indicators,
            proposed_by=proposed_by,
        )

    def approve_targets(
        self, *, target_set_id: str, approved_by: str, approver_org: str, doc_no: str | None, decided_on: str
    ) -> None:
        if self.targets_status != TARGETS_PROPOSED or target_set_id != self.target_set_id:
            TARGETS_STATE.refuse(
                "target_set_id",
                f"no proposed target set {target_set_id} (current: {self.target_set_id}, {self.targets_status})",
            )
        if approved_by == self.targets_proposed_by:
            TARGETS_SOD.refuse("envelope.actor", f"{approved_by} proposed targets {target_set_id}")
        self._targets_approved(
            target_set_id=target_set_id,
            approved_by=approved_by,
            approver_org=approver_org,
            doc_no=doc_no,
            decided_on=decided_on,
        )

    # -- budget (资金切块) ---------------------------------------------------
    def earmark(self, *, category: str, amount_fen: int, params: PolicyParams, policy_version_id: str) -> None:
        """Check one earmark against A10 (transformation first, ≥ 80%), the category cap and the allocation."""
        allocated = self.central_allocated_fen
        transformation = Category.TRANSFORMATION.value
        if category != transformation:
            need = -(-params.earmark_min_bp * allocated // BP)
            have = self.budget_fen(transformation)
            if have < need:
                EARMARK.refuse(
                    "category",
                    f"the transformation line holds {have} 分, below {params.earmark_min_bp} bp of the "
                    f"{allocated} 分 allocated ({need} 分): earmark it first",
                )
        category_total = self.budget_fen(category) + amount_fen
        cap = params.category_cap(category)
        if cap is not None and category_total > cap:
            CATEGORY_CAP.refuse("amount_fen", f"{category} would hold {category_total} 分, above its cap of {cap} 分")
        total = self.budget_total_fen + amount_fen
        if total > allocated:
            BUDGET_TOTAL.refuse("amount_fen", f"the lines would hold {total} 分, above the {allocated} 分 allocated")
        self._earmarked(
            programme_id=self.programme_id,
            fund_source=CENTRAL,
            category=category,
            amount_fen=amount_fen,
            category_total_fen=category_total,
            budget_total_fen=total,
            central_allocated_fen=allocated,
            ratio_of_central_bp=ratio_bp(category_total, allocated),
            target_set_id=self.target_set_id,
            policy_version_id=policy_version_id,
        )

    # -- gates of the second tranche (第十一条, A11) -------------------------
    def record_pilot_acceptance(self, *, result: str, doc_no: str, decided_on: str, recorded_by: str) -> None:
        self._pilot_acceptance_recorded(
            result=result, doc_no=doc_no, decided_on=decided_on, recorded_by=recorded_by, was=self.city_pilot_result
        )

    def record_tranche2_release_decision(self, *, doc_no: str, decided_on: str, reason: str, recorded_by: str) -> None:
        self._tranche2_release_decided(
            doc_no=doc_no,
            decided_on=decided_on,
            reason=reason,
            recorded_by=recorded_by,
            pilot_result=self.city_pilot_result,
            central_received_fen=self.central_received_fen,
        )

    # -- policy versions ---------------------------------------------------
    def policy_activated(self, version_id: str) -> None:
        self._policy_activated(version_id=version_id)

    def policy_superseded(self, version_id: str, superseded_by: str) -> None:
        if self.active_policy_version_id == version_id:
            self._policy_deactivated(version_id=version_id, superseded_by=superseded_by)

    def register_successor(
        self, *, version_id: str, valid_to: str, legal_basis: list[dict[str, Any]], recorded_by: str
    ) -> None:
        self._successor_registered(
            version_id=version_id,
            valid_to=valid_to,
            legal_basis=legal_basis,
            previous_valid_to=self.valid_to,
            recorded_by=recorded_by,
        )

    # -- events (assignment only) ------------------------------------------
    @event("CentralFundsAllocated", topic="fundtrail.programme.CentralFundsAllocated")
    def _allocated(
        self,
        programme_id: str,
        fund_source: str,
        doc_no: str,
        fiscal_year: int,
        amount_fen: int,
        conditions: str | None,
        allocated_total_fen: int,
    ) -> None:
        del programme_id, fund_source, fiscal_year, amount_fen, conditions
        self.allocation_docs = [*self.allocation_docs, doc_no]
        self.central_allocated_fen = allocated_total_fen

    @event("CentralFundsReceived", topic="fundtrail.programme.CentralFundsReceived")
    def _received(
        self,
        programme_id: str,
        fund_source: str,
        amount_fen: int,
        treasury_ref: str,
        received_on: str,
        received_total_fen: int,
    ) -> None:
        del programme_id, fund_source, amount_fen, received_on
        self.treasury_refs = [*self.treasury_refs, treasury_ref]
        self.central_received_fen = received_total_fen

    @event("TargetsProposed", topic="fundtrail.programme.TargetsProposed")
    def _targets_proposed(
        self, target_set_id: str, scope: str, owner_org: str, indicators: list[dict[str, Any]], proposed_by: str
    ) -> None:
        del scope, owner_org, indicators
        self.target_set_id = target_set_id
        self.targets_status = TARGETS_PROPOSED
        self.targets_proposed_by = proposed_by

    @event("TargetsApproved", topic="fundtrail.programme.TargetsApproved")
    def _targets_approved(
        self, target_set_id: str, approved_by: str, approver_org: str, doc_no: str | None, decided_on: str
    ) -> None:
        del target_set_id, approved_by, approver_org, doc_no, decided_on
        self.targets_status = TARGETS_APPROVED

    @event("BudgetEarmarked", topic="fundtrail.programme.BudgetEarmarked")
    def _earmarked(
        self,
        programme_id: str,
        fund_source: str,
        category: str,
        amount_fen: int,
        category_total_fen: int,
        budget_total_fen: int,
        central_allocated_fen: int,
        ratio_of_central_bp: int,
        target_set_id: str | None,
        policy_version_id: str,
    ) -> None:
        del programme_id, fund_source, amount_fen, central_allocated_fen, ratio_of_central_bp
        del target_set_id, policy_version_id
        self.budget = {**self.budget, category: category_total_fen}
        self.budget_total_fen = budget_total_fen

    @event("CityPilotAcceptanceRecorded", topic="fundtrail.programme.CityPilotAcceptanceRecorded")
    def _pilot_acceptance_recorded(
        self, result: str, doc_no: str, decided_on: str, recorded_by: str, was: str | None
    ) -> None:
        del doc_no, decided_on, recorded_by, was
        self.city_pilot_result = result

    @event("Tranche2ReleaseDecided", topic="fundtrail.programme.Tranche2ReleaseDecided")
    def _tranche2_release_decided(
        self,
        doc_no: str,
        decided_on: str,
        reason: str,
        recorded_by: str,
        pilot_result: str | None,
        central_received_fen: int,
    ) -> None:
        del decided_on, reason, recorded_by, pilot_result, central_received_fen
        self.tranche2_release_decision = doc_no

    @event("PolicyActivated", topic="fundtrail.programme.PolicyActivated")
    def _policy_activated(self, version_id: str) -> None:
        self.active_policy_version_id = version_id

    @event("PolicyDeactivated", topic="fundtrail.programme.PolicyDeactivated")
    def _policy_deactivated(self, version_id: str, superseded_by: str) -> None:
        del version_id, superseded_by
        self.active_policy_version_id = None

    @event("SuccessorPolicyRegistered", topic="fundtrail.programme.SuccessorPolicyRegistered")
    def _successor_registered(
        self,
        version_id: str,
        valid_to: str,
        legal_basis: list[dict[str, Any]],
        previous_valid_to: str,
        recorded_by: str,
    ) -> None:
        del legal_basis, previous_valid_to, recorded_by
        self.successor_policy_version_id = version_id
        self.successor_valid_to = valid_to


label_topics(
    {
        "fundtrail.programme.Established": ("专项资金设立", "programme established"),
        "fundtrail.programme.CentralFundsAllocated": ("中央资金下达", "central funds allocated"),
        "fundtrail.programme.CentralFundsReceived": ("中央资金到位", "central funds received"),
        "fundtrail.programme.TargetsProposed": ("绩效目标申报", "performance targets proposed"),
        "fundtrail.programme.TargetsApproved": ("绩效目标审核通过", "performance targets approved"),
        "fundtrail.programme.BudgetEarmarked": ("资金切块", "budget earmarked"),
        "fundtrail.programme.CityPilotAcceptanceRecorded": ("城市试点验收", "city pilot acceptance recorded"),
        "fundtrail.programme.Tranche2ReleaseDecided": ("市政府同意拨付第二批", "tranche 2 release decided"),
        "fundtrail.programme.PolicyActivated": ("启用参数版本", "policy version activated for the programme"),
        "fundtrail.programme.PolicyDeactivated": ("停用参数版本", "policy version no longer active"),
        "fundtrail.programme.SuccessorPolicyRegistered": ("登记后续政策", "successor policy registered"),
    }
)
