"""An enterprise's standing in one programme: its active projects (≤3) and its committed subsidy (≤50万).

HRB 第四条（一）: "每家企业累计补助不超过50万元，项目不超过3个". The counters live in one aggregate per
(programme, enterprise) that every intake and every proposal changes, so two racing commands conflict on
its version instead of both passing a check made on a projection (A2, A15, A16).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.project.rules import ACTIVE_CAP
from domain.project.rules import ENTERPRISE_CAP
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID


def enterprise_account_stream(programme_id: str, uscc: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"project-account:{programme_id}:{uscc}")


@pin_topic("fundtrail.project.EnterpriseAccount")
class EnterpriseAccount(LedgerAggregate):
    """Active projects and committed subsidy of one enterprise in one programme (all batches).

    Attributes:
        programme_id, uscc: whose account this is.
        active_projects: projects in flight or approved (A15), in order of intake.
        reservations: project id -> amount reserved for it (proposed, then approved), net of releases.
        committed_fen: the sum of the reservations: what counts against the 50万 (A2, net of recoveries, A4).
    """

    @staticmethod
    def create_id(programme_id: str, uscc: str, **_: Any) -> UUID:
        return enterprise_account_stream(programme_id, uscc)

    @event("Opened", topic="fundtrail.project.AccountOpened")
    def __init__(self, programme_id: str, uscc: str) -> None:
        self.programme_id = programme_id
        self.uscc = uscc
        self.active_projects: list[str] = []
        self.reservations: dict[str, int] = {}
        self.committed_fen = 0

    # -- queries ---------------------------------------------------------
    def reserved_for(self, project_id: str) -> int:
        return self.reservations.get(project_id, 0)

    def prior_fen(self, project_id: str) -> int:
        """What the enterprise has committed in this programme apart from ``project_id``."""
        return self.committed_fen - self.reserved_for(project_id)

    # -- commands --------------------------------------------------------
    def admit(self, project_id: str, max_active: int, field: str) -> None:
        """Take an active-project slot for ``project_id``; refuse the (max_active + 1)th (A15)."""
        if project_id in self.active_projects:
            return
        if len(self.active_projects) >= max_active:
            ACTIVE_CAP.refuse(
                field,
                f"enterprise {self.uscc} already has {len(self.active_projects)} active projects in programme "
                f"{self.programme_id} ({', '.join(self.active_projects)}); at most {max_active}",
            )
        self._admitted(project_id=project_id, active_after=len(self.active_projects) + 1)

    def vacate(self, project_id: str, reason: str) -> None:
        """Give back the slot of a withdrawn, rejected or terminated project (no-op if it holds none)."""
        if project_id in self.active_projects:
            self._vacated(project_id=project_id, reason=reason, active_after=len(self.active_projects) - 1)

    def reserve(self, project_id: str, amount_fen: int, cap_fen: int, field: str) -> None:
        """Add ``amount_fen`` to the project's reservation; refuse if the total would pass ``cap_fen``."""
        if amount_fen <= 0:
            ENTERPRISE_CAP.refuse(field, f"a reservation is a positive amount, got {amount_fen}", error="invalid")
        after = self.committed_fen + amount_fen
        if after > cap_fen:
            ENTERPRISE_CAP.refuse(
                field,
                f"enterprise {self.uscc} has {self.committed_fen} 分 committed in programme {self.programme_id}; "
                f"{amount_fen} 分 more would make {after} 分, above the cap of {cap_fen} 分",
            )
        self._reserved(project_id=project_id, amount_fen=amount_fen, committed_after_fen=after, cap_fen=cap_fen)

    def release(self, project_id: str, amount_fen: int, reason: str = "") -> None:
        """Give back ``amount_fen`` of the project's reservation (withdrawal, lower approval, recovery)."""
        held = self.reserved_for(project_id)
        if amount_fen <= 0 or amount_fen > held:
            ENTERPRISE_CAP.refuse(
                "amount_fen",
                f"project {project_id} holds {held} 分 of enterprise {self.uscc}'s cap; cannot release {amount_fen} 分",
                error="invalid",
            )
        self._released(
            project_id=project_id,
            amount_fen=amount_fen,
            committed_after_fen=self.committed_fen - amount_fen,
            reason=reason,
        )

    # -- events (assignment only) ------------------------------------------
    @event("ProjectAdmitted", topic="fundtrail.project.AccountProjectAdmitted")
    def _admitted(self, project_id: str, active_after: int) -> None:  # noqa: ARG002 - recorded for readers
        self.active_projects = [*self.active_projects, project_id]

    @event("ProjectVacated", topic="fundtrail.project.AccountProjectVacated")
    def _vacated(self, project_id: str, reason: str, active_after: int) -> None:  # noqa: ARG002 - recorded
        self.active_projects = [p for p in self.active_projects if p != project_id]

    @event("AmountReserved", topic="fundtrail.project.AccountAmountReserved")
    def _reserved(self, project_id: str, amount_fen: int, committed_after_fen: int, cap_fen: int) -> None:  # noqa: ARG002
        self.reservations = {**self.reservations, project_id: self.reserved_for(project_id) + amount_fen}
        self.committed_fen = committed_after_fen

    @event("AmountReleased", topic="fundtrail.project.AccountAmountReleased")
    def _released(self, project_id: str, amount_fen: int, committed_after_fen: int, reason: str) -> None:  # noqa: ARG002
        left = self.reserved_for(project_id) - amount_fen
        rest = {k: v for k, v in self.reservations.items() if k != project_id}
        self.reservations = {**rest, project_id: left} if left else rest
        self.committed_fen = committed_after_fen
