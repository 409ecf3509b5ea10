"""Approval (审批): 市工信局 submits proposed amounts to 市政府 for 审定; a clerk records the decision.

HRB 第三条（一）: 市工信局 "按照程序确定企业数字化改造奖补额度报市政府审定"; 第八条: "经公示，报市政府批准后
发放". 市政府 holds no key, so its decision enters as a document recorded by a clerk of its own
organisation (docs/decisions.md §8), who is never the proposer. The decision may lower an amount, never
raise it above the project's ceiling (A28) nor above what passed publicity (A6).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.approval.rules import COVER
from domain.approval.rules import ONCE
from domain.approval.rules import PUBLICITY
from domain.approval.rules import SOD
from domain.base import LedgerAggregate
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

CITY_GOV = "市政府"  # the approving body of HRB 第三条（一）, 第八条
REQUESTED = "requested"
DECIDED = "decided"


def approval_stream(approval_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"approval:{approval_id}")


def budget_ref(project_id: str) -> str:
    """The reference under which an approved project's amount is committed on the transformation budget
    line (a clawback releases under the same reference)."""
    return f"project:{project_id}"


@pin_topic("fundtrail.approval.Approval")
class Approval(LedgerAggregate):
    """One request to 市政府 for 审定 of a list of proposed amounts, and its decision.

    Attributes:
        approval_id, batch_id, programme_id, publicity_id, request_doc_no: what was submitted, where from.
        items: project_id -> amount requested (分), as it passed publicity.
        requested_by, requested_by_org: the proposer (actor id, organisation code).
        status: "requested" | "decided".
        approved: project_id -> amount approved (分); rejected: project_id -> reason (after the decision).
        decision_doc_no, decided_on, decision_sha256, recorded_by: the decision document and its clerk.
    """

    @staticmethod
    def create_id(approval_id: str, **_: Any) -> UUID:
        return approval_stream(approval_id)

    @event("Requested", topic="fundtrail.approval.Requested")
    def __init__(
        self,
        approval_id: str,
        body: str,
        batch_id: str,
        programme_id: str,
        publicity_id: str,
        request_doc_no: str,
        items: list[dict[str, Any]],
        total_fen: int,
        requested_by: str,
        requested_by_org: str,
    ) -> None:
        self.approval_id = approval_id
        self.body = body
        self.batch_id = batch_id
        self.programme_id = programme_id
        self.publicity_id = publicity_id
        self.request_doc_no = request_doc_no
        self.items: dict[str, int] = {i["project_id"]: i["amount_fen"] for i in items}
        self.total_fen = total_fen
        self.requested_by = requested_by
        self.requested_by_org = requested_by_org
        self.status = REQUESTED
        self.approved: dict[str, int] = {}
        self.rejected: dict[str, str] = {}
        self.decision_doc_no: str | None = None
        self.decided_on: str | None = None
        self.decision_sha256: str | None = None
        self.recorded_by: str | None = None

    # -- queries ---------------------------------------------------------
    @property
    def decided(self) -> bool:
        return self.status == DECIDED

    def approved_amount(self, project_id: str) -> int | None:
        """The amount 市政府 approved for ``project_id``, or None (not decided, rejected or not listed)."""
        return self.approved.get(project_id)

    # -- commands --------------------------------------------------------
    def check_decision(
        self,
        *,
        clerk_id: str,
        clerk_org: str,
        approved: list[tuple[str, int]],
        rejected: list[tuple[str, str]],
    ) -> None:
        """The checks that need only this request: once, segregation of duties, coverage, amounts."""
        if self.decided:
            ONCE.refuse(
                "approval_id", f"approval {self.approval_id} was decided by {self.decision_doc_no} on {self.decided_on}"
            )
        if clerk_id == self.requested_by:
            SOD.refuse("envelope.actor", f"{clerk_id} requested approval {self.approval_id} and may not record it")
        if clerk_org == self.requested_by_org:
            SOD.refuse(
                "envelope.actor",
                f"{clerk_id} belongs to {clerk_org}, the organisation that requested approval {self.approval_id}",
            )
        seen: set[str] = set()
        for kind, project_ids in (("approved", [p for p, _ in approved]), ("rejected", [p for p, _ in rejected])):
            for i, project_id in enumerate(project_ids):
                at = f"{kind}[{i}].project_id"
                if project_id not in self.items:
                    COVER.refuse(at, f"{project_id} was not submitted in approval {self.approval_id}")
                if project_id in seen:
                    COVER.refuse(at, f"{project_id} is disposed of twice in this decision")
                seen.add(project_id)
        missing = sorted(set(self.items) - seen)
        if missing:
            COVER.refuse("approved", f"the decision does not dispose of {', '.join(missing)}")

    def check_publicity_amount(self, project_id: str, amount_fen: int, field: str) -> None:
        """A6: an amount above the one requested (which passed publicity) has not been publicised."""
        requested = self.items[project_id]
        if amount_fen > requested:
            PUBLICITY.refuse(
                field,
                f"{amount_fen} 分 is more than the {requested} 分 requested for {project_id}, which is what passed "
                "publicity; a higher amount needs a new publicity",
            )

    def decide(
        self,
        *,
        decision_doc_no: str,
        decided_on: str,
        decision_sha256: str,
        approved: list[tuple[str, int]],
        rejected: list[tuple[str, str]],
        recorded_by: str,
        recorded_by_org: str,
    ) -> None:
        """Record the 市政府 decision (the command has checked it with ``check_decision`` and the projects)."""
        self._decided(
            decision_doc_no=decision_doc_no,
            decided_on=decided_on,
            decision_sha256=decision_sha256,
            approved=[{"project_id": p, "amount_fen": a} for p, a in approved],
            rejected=[{"project_id": p, "reason": r} for p, r in rejected],
            approved_total_fen=sum(a for _, a in approved),
            recorded_by=recorded_by,
            recorded_by_org=recorded_by_org,
        )

    # -- events (assignment only) ------------------------------------------
    @event("Decided", topic="fundtrail.approval.Decided")
    def _decided(
        self,
        decision_doc_no: str,
        decided_on: str,
        decision_sha256: str,
        approved: list[dict[str, Any]],
        rejected: list[dict[str, Any]],
        approved_total_fen: int,
        recorded_by: str,
        recorded_by_org: str,
    ) -> None:
        del approved_total_fen, recorded_by_org  # recorded for readers
        self.status = DECIDED
        self.decision_doc_no = decision_doc_no
        self.decided_on = decided_on
        self.decision_sha256 = decision_sha256
        self.approved = {a["project_id"]: a["amount_fen"] for a in approved}
        self.rejected = {r["project_id"]: r["reason"] for r in rejected}
        self.recorded_by = recorded_by


label_topics(
    {
        "fundtrail.approval.Requested": ("报市政府审定", "approval requested"),
        "fundtrail.approval.Decided": ("市政府审定结果", "approval decided"),
    }
)
