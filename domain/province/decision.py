"""The decisions after publicity (HLJ 第四条（三）（四）): 党组会 → joint request → 省政府 批复.

One ``ProvincialApproval`` per list carries the three documents in order, each recorded by the body's
own clerk or officers: the 党组会's review (minutes reference, date, hash; what it approved and what not),
the request 省工信厅 and 省财政厅 submit together (a co-signed command: two signatures over the same
items), and 省政府's reply (批复). Disbursement reads the reply; nothing is paid on a request alone.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

PARTY_APPROVED = "party_approved"
REQUESTED = "requested"
REPLIED = "replied"


def provincial_approval_stream(approval_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"hlj-approval:{approval_id}")


@pin_topic("fundtrail.province.ProvincialApproval")
class ProvincialApproval(LedgerAggregate):
    """党组会 review, joint request and 省政府 reply of one list.

    Attributes:
        approval_id, call_id, publicity_id, state (party_approved → requested → replied).
        party: {meeting_date, minutes_ref, sha256, approved {application id → amount}, not_approved, clerk}.
        request: {doc_no, items, proposed_by, countersigned_by} once the co-signed request took effect.
        reply: {doc_no, decided_on, sha256, approved {id → amount}, rejected, clerk}.
    """

    @staticmethod
    def create_id(approval_id: str, **_: Any) -> UUID:
        return provincial_approval_stream(approval_id)

    @event("PartyGroupReviewCompleted", topic="fundtrail.province.PartyGroupReviewCompleted")
    def __init__(self, approval_id: str, call_id: str, publicity_id: str, party: dict[str, Any]) -> None:
        self.approval_id = approval_id
        self.call_id = call_id
        self.publicity_id = publicity_id
        self.party = party
        self.state = PARTY_APPROVED
        self.request: dict[str, Any] | None = None
        self.reply: dict[str, Any] | None = None

    def party_approved(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in self.party["approved"].items()}

    def replied_amount(self, application_id: str) -> int | None:
        if self.reply is None:
            return None
        found = self.reply["approved"].get(application_id)
        return None if found is None else int(found)

    def record_request(self, request: dict[str, Any]) -> None:
        self._requested(request=request)

    def record_reply(self, reply: dict[str, Any]) -> None:
        self._replied(reply=reply)

    @event("DisbursementRequested", topic="fundtrail.province.DisbursementRequested")
    def _requested(self, request: dict[str, Any]) -> None:
        self.request = request
        self.state = REQUESTED

    @event("ProvincialReplyRecorded", topic="fundtrail.province.ProvincialReplyRecorded")
    def _replied(self, reply: dict[str, Any]) -> None:
        self.reply = reply
        self.state = REPLIED


label_topics(
    {
        "fundtrail.province.ProvincialApproval": ("省级奖励审议与批复", "provincial decisions on a list"),
        "fundtrail.province.PartyGroupReviewCompleted": ("省工信厅党组会审议", "党组会 review recorded"),
        "fundtrail.province.DisbursementRequested": ("呈报资金拨付请示（会签）", "joint request to 省政府 (co-signed)"),
        "fundtrail.province.ProvincialReplyRecorded": ("省政府批复", "省政府 reply (批复) recorded"),
    }
)
