"""Batch (批次): one intake round of a programme, with the policy version it pins (HRB 第四条（一）, A3, A7).

When a batch opens it copies the parameters and their hash from an active policy version; every
computation for its projects uses them, so fine-tuning a later version never changes this batch.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.policy.params import PolicyParams
from domain.programme.rules import BATCH_STATE
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID


def batch_stream(batch_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"batch:{batch_id}")


@pin_topic("fundtrail.programme.Batch")
class Batch(LedgerAggregate):
    """An intake round: its programme, its pinned policy version and parameters, its intake window."""

    @staticmethod
    def create_id(batch_id: str, **_: Any) -> UUID:
        return batch_stream(batch_id)

    @event("BatchOpened", topic="fundtrail.programme.BatchOpened")
    def __init__(
        self,
        batch_id: str,
        programme_id: str,
        kind: str,
        notice_doc_no: str | None,
        policy_version_id: str,
        policy_hash: str,
        params: dict[str, Any],
        investment_basis: str | None,
        intake_from: str,
        intake_to: str,
        opened_by: str,
    ) -> None:
        self.batch_id = batch_id
        self.programme_id = programme_id
        self.kind = kind
        self.notice_doc_no = notice_doc_no
        self.policy_version_id = policy_version_id
        self.policy_hash = policy_hash
        self.params = params
        self.investment_basis = investment_basis
        self.intake_from = intake_from
        self.intake_to = intake_to
        self.opened_by = opened_by
        self.intake_open = True
        self.intake_closed_at: str | None = None

    def parameters(self) -> PolicyParams:
        return PolicyParams.from_dict(self.params)

    def close_intake(self, *, closed_at: str, closed_by: str) -> None:
        if not self.intake_open:
            BATCH_STATE.refuse("batch_id", f"intake of batch {self.batch_id} closed at {self.intake_closed_at}")
        self._intake_closed(closed_at=closed_at, closed_by=closed_by)

    @event("BatchIntakeClosed", topic="fundtrail.programme.BatchIntakeClosed")
    def _intake_closed(self, closed_at: str, closed_by: str) -> None:
        del closed_by
        self.intake_open = False
        self.intake_closed_at = closed_at


label_topics(
    {
        "fundtrail.programme.BatchOpened": ("批次启动", "batch opened"),
        "fundtrail.programme.BatchIntakeClosed": ("申报截止", "batch intake closed"),
    }
)
