"""BudgetLine (类别预算): one category of 第四条 within a programme; money is committed only inside it.

HRB 第二条 专款专用 (HRB-2a): an approval commits an amount under a reference (a project, an award)
and never beyond the line's amount; a clawback or a reduction releases it. A line exists only once
the programme's targets are approved (第十三条), which the line records.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.programme.rules import LINE_CAP
from domain.programme.rules import LINE_RELEASE
from domain.programme.rules import TARGETS
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID


def budget_line_stream(programme_id: str, category: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"budget-line:{programme_id}|{category}")


@pin_topic("fundtrail.programme.BudgetLine")
class BudgetLine(LedgerAggregate):
    """The budget of one category: its amount (``cap_fen``) and what is committed against it."""

    @staticmethod
    def create_id(programme_id: str, category: str, **_: Any) -> UUID:
        return budget_line_stream(programme_id, category)

    @event("BudgetLineOpened", topic="fundtrail.programme.BudgetLineOpened")
    def __init__(
        self, programme_id: str, category: str, fund_source: str, amount_fen: int, target_set_id: str | None
    ) -> None:
        self.programme_id = programme_id
        self.category = category
        self.fund_source = fund_source
        self.cap_fen = amount_fen
        self.target_set_id = target_set_id
        self.committed_fen = 0
        self.commitments: dict[str, int] = {}

    # -- queries ---------------------------------------------------------
    @property
    def available_fen(self) -> int:
        return self.cap_fen - self.committed_fen

    # -- commands --------------------------------------------------------
    def increase(self, amount_fen: int) -> None:
        """A further earmark of the same category (checked by ``Programme.earmark``)."""
        self._increased(amount_fen=amount_fen, cap_fen=self.cap_fen + amount_fen)

    def commit(self, amount_fen: int, ref: str, field: str) -> None:
        """Commit ``amount_fen`` under ``ref`` (added to what ``ref`` already holds); refuses beyond the line."""
        if self.target_set_id is None:
            TARGETS.refuse(field, f"the {self.category} line of {self.programme_id} has no approved targets")
        if amount_fen <= 0:
            LINE_CAP.refuse(field, f"expected a commitment of more than 0 分, got {amount_fen}", error="invalid")
        if amount_fen > self.available_fen:
            LINE_CAP.refuse(
                field,
                f"{amount_fen} 分 exceeds the {self.available_fen} 分 left on the {self.category} line "
                f"({self.committed_fen} of {self.cap_fen} 分 committed)",
            )
        self._committed(
            ref=ref,
            amount_fen=amount_fen,
            ref_total_fen=self.commitments.get(ref, 0) + amount_fen,
            committed_fen=self.committed_fen + amount_fen,
        )

    def release(self, amount_fen: int, ref: str) -> None:
        """Release ``amount_fen`` of what ``ref`` holds (a clawback, a reduction, a withdrawal)."""
        held = self.commitments.get(ref, 0)
        if amount_fen <= 0 or amount_fen > held:
            LINE_RELEASE.refuse(
                "amount_fen", f"{ref} holds {held} 分 on the {self.category} line; cannot release {amount_fen}"
            )
        self._released(
            ref=ref,
            amount_fen=amount_fen,
            ref_total_fen=held - amount_fen,
            committed_fen=self.committed_fen - amount_fen,
        )

    # -- events (assignment only) ------------------------------------------
    @event("BudgetLineIncreased", topic="fundtrail.programme.BudgetLineIncreased")
    def _increased(self, amount_fen: int, cap_fen: int) -> None:
        del amount_fen
        self.cap_fen = cap_fen

    @event("BudgetCommitted", topic="fundtrail.programme.BudgetCommitted")
    def _committed(self, ref: str, amount_fen: int, ref_total_fen: int, committed_fen: int) -> None:
        del amount_fen
        self.commitments = {**self.commitments, ref: ref_total_fen}
        self.committed_fen = committed_fen

    @event("BudgetReleased", topic="fundtrail.programme.BudgetReleased")
    def _released(self, ref: str, amount_fen: int, ref_total_fen: int, committed_fen: int) -> None:
        del amount_fen
        commitments = dict(self.commitments)
        if ref_total_fen:
            commitments[ref] = ref_total_fen
        else:
            commitments.pop(ref, None)
        self.commitments = commitments
        self.committed_fen = committed_fen


label_topics(
    {
        "fundtrail.programme.BudgetLineOpened": ("类别预算设立", "budget line opened"),
        "fundtrail.programme.BudgetLineIncreased": ("类别预算追加", "budget line increased"),
        "fundtrail.programme.BudgetCommitted": ("预算占用", "budget committed"),
        "fundtrail.programme.BudgetReleased": ("预算释放", "budget released"),
    }
)
