"""Award (奖补): a provider's product award or a lead unit's diagnosis award, 以奖代补 (HRB 第七条, 第九条).

The order of 第九条 (HRB-9): the batch's selection criteria are registered before it takes applications
(标准); the provider or lead unit applies (申报); 市工信局 records the review (评审: score, rank, selected
or not); it proposes an amount within the caps, reserving it in every running total it falls under;
from there the award is a subsidised subject like a transformation project: publicity (公示), 市政府
approval (批准) and payment (发放) are the shared commands of those features, which see an award through
the same attributes as a project (``subject_id``, ``state``, ``proposed_fen``, ``ceiling_fen``,
``approve`` …). The support mode 以奖代补 is recorded on every award (第七条, HRB-7).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.award.rules import ORDER
from domain.base import LedgerAggregate
from domain.policy.params import SupportMode
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

PRODUCT = "product"
DIAGNOSIS = "diagnosis"
APPLIED = "applied"
SELECTED = "selected"
NOT_SELECTED = "not_selected"
PROPOSED = "proposed"
APPROVED = "approved"
WITHDRAWN = "withdrawn"
REWARD_IN_LIEU = SupportMode.REWARD_IN_LIEU.value  # 第七条: 以奖代补, the support mode of every award


def award_stream(award_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"award:{award_id}")


@pin_topic("fundtrail.award.Award")
class Award(LedgerAggregate):
    """One award from application to approval (payment and clawback read it, as they read a project).

    Attributes:
        award_id, kind (product | diagnosis), category (a budget line of 第四条: product_xkqz,
            product_chain, diagnosis), programme_id, batch_id, policy_version_id, support_mode.
        provider_uscc: the payee (a provider, or the lead unit for a diagnosis award).
        details: the product (name, description hash, list price) or the diagnosis (industry, number
            of enterprises diagnosed, indicators with target and actual, report hash); evidence.
        state: applied → selected | not_selected → proposed → approved; withdrawn before approval.
        review, ceiling (the explanation of the amount), proposed_fen, ceiling_fen, approved_fen,
        approval_id, entitlement_fen (what is owed: the approved amount).
    """

    @staticmethod
    def create_id(award_id: str, **_: Any) -> UUID:
        return award_stream(award_id)

    @event("AwardApplied", topic="fundtrail.award.AwardApplied")
    def __init__(
        self,
        award_id: str,
        kind: str,
        category: str,
        programme_id: str,
        batch_id: str,
        policy_version_id: str,
        provider_uscc: str,
        details: dict[str, Any],
        evidence: list[str],
        support_mode: str,
        applied_on: str,
        applied_by: str,
    ) -> None:
        self.award_id = award_id
        self.kind = kind
        self.category = category
        self.programme_id = programme_id
        self.batch_id = batch_id
        self.policy_version_id = policy_version_id
        self.provider_uscc = provider_uscc
        self.details = details
        self.evidence = evidence
        self.support_mode = support_mode
        self.applied_on = applied_on
        self.applied_by = applied_by
        self.state = APPLIED
        self.review: dict[str, Any] | None = None
        self.ceiling: dict[str, Any] | None = None
        self.proposed_fen: int | None = None
        self.ceiling_fen: int | None = None
        self.approved_fen: int | None = None
        self.approval_id: str | None = None
        self.proposals = 0
        self.rejected_at: int | None = None
        self.rejected_by: str | None = None
        self.entitlement_fen: int | None = None

    # -- the subject interface of publicity, approval and payment --------------------------------------
    @property
    def subject_id(self) -> str:
        return self.award_id

    @property
    def payee_uscc(self) -> str:
        return self.provider_uscc

    # -- commands --------------------------------------------------------
    def require(self, states: tuple[str, ...], what: str, field: str = "award_id") -> None:
        if self.state not in states:
            ORDER.refuse(field, f"{what} needs award {self.award_id} to be {' or '.join(states)}; it is {self.state}")

    def record_review(self, review: dict[str, Any]) -> None:
        self.require((APPLIED,), "a review")
        self._reviewed(review=review, state=SELECTED if review["selected"] else NOT_SELECTED)

    def propose(self, amount_fen: int, ceiling: dict[str, Any], reason: str | None, proposed_by: str) -> None:
        self._proposed(
            amount_fen=amount_fen,
            ceiling_fen=int(ceiling["ceiling_fen"]),
            ceiling=ceiling,
            reason=reason,
            proposed_by=proposed_by,
        )

    def approve(self, approval_id: str, amount_fen: int) -> None:
        """Called by the approval decision (domain/approval), as for a project."""
        self.require((PROPOSED,), "an approval")
        self._approved(approval_id=approval_id, amount_fen=amount_fen, proposed_fen=self.proposed_fen)

    def reject(self, approval_id: str, reason: str) -> None:
        """市政府 did not approve it (an award is proposed once: it stays unapproved; withdraw it to release)."""
        self.require((PROPOSED,), "a rejection")
        self._approval_rejected(approval_id=approval_id, reason=reason)

    def withdraw(self, reason: str, by: str) -> None:
        self.require((APPLIED, SELECTED, NOT_SELECTED, PROPOSED), "a withdrawal")
        self._withdrawn(reason=reason, by=by, released_fen=self.proposed_fen or 0)

    # -- events (assignment only) ------------------------------------------
    @event("AwardReviewed", topic="fundtrail.award.AwardReviewed")
    def _reviewed(self, review: dict[str, Any], state: str) -> None:
        self.review = review
        self.state = state

    @event("AwardProposed", topic="fundtrail.award.AwardProposed")
    def _proposed(
        self, amount_fen: int, ceiling_fen: int, ceiling: dict[str, Any], reason: str | None, proposed_by: str
    ) -> None:
        del reason, proposed_by  # recorded for readers
        self.proposed_fen = amount_fen
        self.ceiling_fen = ceiling_fen
        self.ceiling = ceiling
        self.state = PROPOSED
        self.proposals += 1

    @event("AwardApprovalRejected", topic="fundtrail.award.AwardApprovalRejected")
    def _approval_rejected(self, approval_id: str, reason: str) -> None:  # noqa: ARG002 - recorded
        self.rejected_at = self.proposals
        self.rejected_by = approval_id

    @event("AwardApproved", topic="fundtrail.award.AwardApproved")
    def _approved(self, approval_id: str, amount_fen: int, proposed_fen: int | None) -> None:  # noqa: ARG002
        self.approval_id = approval_id
        self.approved_fen = amount_fen
        self.entitlement_fen = amount_fen
        self.state = APPROVED

    @event("AwardWithdrawn", topic="fundtrail.award.AwardWithdrawn")
    def _withdrawn(self, reason: str, by: str, released_fen: int) -> None:  # noqa: ARG002 - recorded for readers
        self.state = WITHDRAWN


label_topics(
    {
        "fundtrail.award.Award": ("以奖代补奖补", "award (以奖代补)"),
        "fundtrail.award.AwardApplied": ("奖补申报", "award applied for"),
        "fundtrail.award.AwardReviewed": ("奖补评审", "award reviewed"),
        "fundtrail.award.AwardProposed": ("奖补拟定金额", "award amount proposed"),
        "fundtrail.award.AwardApproved": ("奖补市政府批准", "award approved by 市政府"),
        "fundtrail.award.AwardApprovalRejected": ("奖补市政府不予批准", "award not approved by 市政府"),
        "fundtrail.award.AwardWithdrawn": ("奖补撤回", "award withdrawn"),
    }
)
