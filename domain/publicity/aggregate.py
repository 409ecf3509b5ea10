"""Publicity (公示) of a list of proposed amounts, its objections and their outcomes (HRB 第八条; A5, A6).

The window is computed once, when the list starts (and once more for an entry whose amount rises),
and stored with the calendar's version: replay never recomputes a deadline. ``cleared_amount`` is
what other features ask: the amount of a subject that has passed publicity.
"""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.kernel.dates import local_date
from domain.kernel.dates import not_before
from domain.publicity.rules import CLEAR
from domain.publicity.rules import COMPLETED
from domain.publicity.rules import OBJECTION
from domain.publicity.rules import ON_LIST
from domain.publicity.rules import WINDOW
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

    from domain.publicity.calendar import WorkingCalendar

OPEN = "open"
UPHELD = "upheld"
DISMISSED = "dismissed"
MOOT = "moot"  # the subject was withdrawn on another objection
WITHDRAW = "withdraw"
CHANGE_AMOUNT = "change_amount"


def publicity_stream(publicity_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"publicity:{publicity_id}")


@pin_topic("fundtrail.publicity.Publicity")
class Publicity(LedgerAggregate):
    """One published list, its window (start day not counted, ends 24:00 Asia/Shanghai) and objections.

    Attributes:
        entries: subject_id -> current amount in 分 (withdrawn subjects are removed).
        entry_end_at: subject_id -> the entry's earliest end (ISO UTC); later than the list's when
            its amount rose after an objection and its publicity restarted (A6).
        earliest_end_at: the earliest moment the list as it stands can complete (ISO UTC).
        open_objections: objections received and not yet resolved (late ones included).
    """

    @staticmethod
    def create_id(publicity_id: str, **_: Any) -> UUID:
        return publicity_stream(publicity_id)

    @event("PublicityStarted", topic="fundtrail.publicity.PublicityStarted")
    def __init__(
        self,
        publicity_id: str,
        batch_id: str,
        list_kind: str,
        entries: list[dict[str, Any]],
        channel_url: str,
        content_sha256: str,
        start_on: str,
        start_at: str,
        min_working_days: int,
        calendar_version: str,
        calendar_schedules: list[dict[str, Any]],
        last_working_day: str,
        earliest_end_at: str,
        started_by: str,
    ) -> None:
        self.publicity_id = publicity_id
        self.batch_id = batch_id
        self.list_kind = list_kind
        self.channel_url = channel_url
        self.content_sha256 = content_sha256
        self.start_on = start_on
        self.start_at = start_at
        self.min_working_days = min_working_days
        self.calendar_version = calendar_version
        self.calendar_schedules = calendar_schedules
        self.last_working_day = last_working_day
        self.list_end_at = earliest_end_at
        self.earliest_end_at = earliest_end_at
        self.started_by = started_by
        self.entries: dict[str, int] = {e["subject_id"]: e["amount_fen"] for e in entries}
        self.entry_end_at: dict[str, str] = {e["subject_id"]: earliest_end_at for e in entries}
        self.entry_last_day: dict[str, str] = {e["subject_id"]: last_working_day for e in entries}
        self.withdrawn: list[str] = []
        self.withdrawals: list[dict[str, Any]] = []
        self.amount_changes: list[dict[str, Any]] = []
        self.objections: dict[str, dict[str, Any]] = {}
        self.open_objections = 0
        self.completed = False
        self.ended_at: str | None = None
        self.result: str | None = None
        self.completion: dict[str, Any] | None = None

    # -- queries ---------------------------------------------------------
    def cleared_amount(self, subject_id: str, now: datetime) -> int | None:
        """The amount of ``subject_id`` that has passed publicity at ``now``: its window (restarted if
        its amount rose) has ended and no objection on it is open; None otherwise or when withdrawn."""
        amount = self.entries.get(subject_id)
        if amount is None or now < datetime.fromisoformat(self.entry_end_at[subject_id]):
            return None
        if self.open_objections_on(subject_id):
            return None
        return amount

    def open_objections_on(self, subject_id: str) -> list[str]:
        return [k for k, o in self.objections.items() if o["subject_id"] == subject_id and o["status"] == OPEN]

    def holds(self, subject_id: str, now: datetime) -> bool:
        """Whether ``subject_id`` is still under this publicity at ``now`` (listed, and the list not
        completed, or its own window or an objection on it still running)."""
        if subject_id not in self.entries:
            return False
        if not self.completed:
            return True
        return now < datetime.fromisoformat(self.entry_end_at[subject_id]) or bool(self.open_objections_on(subject_id))

    # -- commands --------------------------------------------------------
    def receive_objection(
        self,
        objection_id: str,
        subject_id: str,
        channel: str,
        content_sha256: str,
        objector_commitment: str,
        received_on: date,
        recorded_by: str,
    ) -> bool:
        """Record an objection (A6); returns whether it came within the subject's window."""
        if objection_id in self.objections:
            OBJECTION.refuse("objection_id", f"objection {objection_id!r} is already recorded on {self.publicity_id}")
        if subject_id not in self.entries:
            why = "was withdrawn from" if subject_id in self.withdrawn else "is not on"
            ON_LIST.refuse("subject_id", f"{subject_id!r} {why} publicity {self.publicity_id}")
        not_before(received_on, self.start_on, "received_on", f"when publicity {self.publicity_id} started")
        within = received_on <= date.fromisoformat(self.entry_last_day[subject_id])
        self._objection_received(
            objection_id=objection_id,
            subject_id=subject_id,
            channel=channel,
            content_sha256=content_sha256,
            objector_commitment=objector_commitment,
            received_on=received_on.isoformat(),
            within_window=within,
            window_last_day=self.entry_last_day[subject_id],
            recorded_by=recorded_by,
        )
        return within

    def resolve_objection(
        self,
        objection_id: str,
        outcome: str,
        reasons: str,
        investigation_sha256: str,
        resolved_by: str,
        now: datetime,
        action: str | None = None,
        new_amount_fen: int | None = None,
        calendar: WorkingCalendar | None = None,
    ) -> None:
        """Close an open objection; an upheld one withdraws its subject or changes its amount (A6).

        A decrease keeps the entry's window; an increase restarts it from the resolution's local date
        (``calendar`` is then required)."""
        found = self.objections.get(objection_id)
        if found is None:
            OBJECTION.refuse("objection_id", f"no objection {objection_id!r} on {self.publicity_id}", error="not_found")
        if found["status"] != OPEN:
            OBJECTION.refuse("objection_id", f"objection {objection_id!r} is already {found['status']}")
        subject = str(found["subject_id"])
        if outcome == DISMISSED and action is not None:
            OBJECTION.refuse("action", "a dismissed objection takes no action", error="invalid")
        if outcome == UPHELD and action is None:
            OBJECTION.refuse(
                "action", "an upheld objection takes an action: withdraw or change_amount", error="invalid"
            )
        if action != CHANGE_AMOUNT and new_amount_fen is not None:
            OBJECTION.refuse("new_amount_fen", "a new amount goes only with action change_amount", error="invalid")
        old = self.entries[subject]
        if action == CHANGE_AMOUNT and (new_amount_fen is None or new_amount_fen == old):
            OBJECTION.refuse("new_amount_fen", f"change_amount needs a new amount other than {old} 分", error="invalid")
        resolved_on = local_date(now).isoformat()
        self._objection_resolved(
            objection_id=objection_id,
            subject_id=subject,
            outcome=outcome,
            action=action,
            reasons=reasons,
            investigation_sha256=investigation_sha256,
            resolved_on=resolved_on,
            resolved_by=resolved_by,
        )
        if action == WITHDRAW:
            self._withdraw(subject, objection_id, reasons)
        elif new_amount_fen is not None and new_amount_fen < old:
            self._amount_changed(
                subject_id=subject,
                objection_id=objection_id,
                old_amount_fen=old,
                new_amount_fen=new_amount_fen,
                restarted=False,
                restart={},
                entry_earliest_end_at=self.entry_end_at[subject],
                entry_last_working_day=self.entry_last_day[subject],
                earliest_end_at=self.earliest_end_at,
            )
        elif new_amount_fen is not None:
            if calendar is None:
                msg = "an increase restarts the entry's publicity and needs the working calendar"
                raise ValueError(msg)
            last, end_at = calendar.window_end(local_date(now), self.min_working_days, field="new_amount_fen")
            restart = {
                "restart_on": resolved_on,
                "min_working_days": self.min_working_days,
                "calendar_version": calendar.version,
                "calendar_schedules": calendar.schedules_used,
            }
            self._amount_changed(
                subject_id=subject,
                objection_id=objection_id,
                old_amount_fen=old,
                new_amount_fen=new_amount_fen,
                restarted=True,
                restart=restart,
                entry_earliest_end_at=end_at,
                entry_last_working_day=last.isoformat(),
                earliest_end_at=self._latest({**self.entry_end_at, subject: end_at}),
            )

    def _withdraw(self, subject: str, objection_id: str, reason: str) -> None:
        moot = [k for k in self.open_objections_on(subject) if k != objection_id]
        remaining = {k: v for k, v in self.entry_end_at.items() if k != subject}
        self._entry_withdrawn(
            subject_id=subject,
            objection_id=objection_id,
            reason=reason,
            moot_objections=moot,
            earliest_end_at=self._latest(remaining),
        )

    def _latest(self, entry_ends: dict[str, str]) -> str:
        """The list's own end, or a later end of a restarted entry still listed."""
        return max([self.list_end_at, *entry_ends.values()], key=datetime.fromisoformat)

    def complete(self, now: datetime, completed_by: str) -> None:
        """End the publicity: the window (and every restarted entry's) has ended, no objection is open."""
        if self.completed:
            COMPLETED.refuse("publicity_id", f"publicity {self.publicity_id} completed at {self.ended_at}")
        if now < datetime.fromisoformat(self.earliest_end_at):
            late = sorted(s for s, end in self.entry_end_at.items() if now < datetime.fromisoformat(end))
            restarted = f" (restarted: {', '.join(late)})" if self.earliest_end_at != self.list_end_at else ""
            WINDOW.refuse(
                "publicity_id",
                f"the window of {self.publicity_id} ends at {self.earliest_end_at} (UTC){restarted}; "
                f"the ledger time is {now.isoformat()}",
            )
        if self.open_objections:
            pending = sorted(k for k, o in self.objections.items() if o["status"] == OPEN)
            CLEAR.refuse("publicity_id", f"objections still open on {self.publicity_id}: {', '.join(pending)}")
        statuses = [o["status"] for o in self.objections.values()]
        if not self.entries:
            result = "all_withdrawn"
        elif statuses:
            result = "objections_resolved"
        else:
            result = "no_objection"
        self._completed(
            ended_at=now.isoformat(),
            objections_total=len(statuses),
            objections_upheld=statuses.count(UPHELD),
            objections_dismissed=statuses.count(DISMISSED),
            objections_late=sum(1 for o in self.objections.values() if not o["within_window"]),
            result=result,
            entries=[{"subject_id": s, "amount_fen": a} for s, a in sorted(self.entries.items())],
            withdrawn=list(self.withdrawn),
            completed_by=completed_by,
        )

    # -- events (assignment only) ------------------------------------------
    @event("ObjectionReceived", topic="fundtrail.publicity.ObjectionReceived")
    def _objection_received(
        self,
        objection_id: str,
        subject_id: str,
        channel: str,
        content_sha256: str,
        objector_commitment: str,
        received_on: str,
        within_window: bool,
        window_last_day: str,
        recorded_by: str,
    ) -> None:
        record = {
            "subject_id": subject_id,
            "status": OPEN,
            "channel": channel,
            "content_sha256": content_sha256,
            "objector_commitment": objector_commitment,
            "received_on": received_on,
            "within_window": within_window,
            "window_last_day": window_last_day,
            "recorded_by": recorded_by,
        }
        self.objections = {**self.objections, objection_id: record}
        self.open_objections += 1

    @event("ObjectionResolved", topic="fundtrail.publicity.ObjectionResolved")
    def _objection_resolved(
        self,
        objection_id: str,
        subject_id: str,
        outcome: str,
        action: str | None,
        reasons: str,
        investigation_sha256: str,
        resolved_on: str,
        resolved_by: str,
    ) -> None:
        record = dict(
            self.objections[objection_id],
            subject_id=subject_id,
            status=outcome,
            action=action,
            reasons=reasons,
            investigation_sha256=investigation_sha256,
            resolved_on=resolved_on,
            resolved_by=resolved_by,
        )
        self.objections = {**self.objections, objection_id: record}
        self.open_objections -= 1

    @event("PublicityEntryWithdrawn", topic="fundtrail.publicity.PublicityEntryWithdrawn")
    def _entry_withdrawn(
        self, subject_id: str, objection_id: str, reason: str, moot_objections: list[str], earliest_end_at: str
    ) -> None:
        self.entries = {k: v for k, v in self.entries.items() if k != subject_id}
        self.entry_end_at = {k: v for k, v in self.entry_end_at.items() if k != subject_id}
        self.entry_last_day = {k: v for k, v in self.entry_last_day.items() if k != subject_id}
        self.withdrawn = [*self.withdrawn, subject_id]
        self.withdrawals = [
            *self.withdrawals,
            {"subject_id": subject_id, "objection_id": objection_id, "reason": reason, "moot": moot_objections},
        ]
        self.objections = {k: (dict(o, status=MOOT) if k in moot_objections else o) for k, o in self.objections.items()}
        self.open_objections -= len(moot_objections)
        self.earliest_end_at = earliest_end_at

    @event("PublicityEntryAmountChanged", topic="fundtrail.publicity.PublicityEntryAmountChanged")
    def _amount_changed(
        self,
        subject_id: str,
        objection_id: str,
        old_amount_fen: int,
        new_amount_fen: int,
        restarted: bool,
        restart: dict[str, Any],
        entry_earliest_end_at: str,
        entry_last_working_day: str,
        earliest_end_at: str,
    ) -> None:
        change = {
            "subject_id": subject_id,
            "objection_id": objection_id,
            "old_amount_fen": old_amount_fen,
            "new_amount_fen": new_amount_fen,
            "restarted": restarted,
            **restart,
        }
        self.amount_changes = [*self.amount_changes, change]
        self.entries = {**self.entries, subject_id: new_amount_fen}
        self.entry_end_at = {**self.entry_end_at, subject_id: entry_earliest_end_at}
        self.entry_last_day = {**self.entry_last_day, subject_id: entry_last_working_day}
        self.earliest_end_at = earliest_end_at

    @event("PublicityCompleted", topic="fundtrail.publicity.PublicityCompleted")
    def _completed(
        self,
        ended_at: str,
        objections_total: int,
        objections_upheld: int,
        objections_dismissed: int,
        objections_late: int,
        result: str,
        entries: list[dict[str, Any]],
        withdrawn: list[str],
        completed_by: str,
    ) -> None:
        self.completed = True
        self.ended_at = ended_at
        self.result = result
        self.completion = {
            "objections_total": objections_total,
            "objections_upheld": objections_upheld,
            "objections_dismissed": objections_dismissed,
            "objections_late": objections_late,
            "entries": entries,
            "withdrawn": withdrawn,
            "completed_by": completed_by,
        }


label_topics(
    {
        "fundtrail.publicity.PublicityStarted": ("公示开始", "publicity started"),
        "fundtrail.publicity.ObjectionReceived": ("异议受理", "objection received"),
        "fundtrail.publicity.ObjectionResolved": ("异议处理", "objection resolved"),
        "fundtrail.publicity.PublicityEntryWithdrawn": ("公示条目撤回", "publicity entry withdrawn"),
        "fundtrail.publicity.PublicityEntryAmountChanged": ("公示金额调整", "publicity entry amount changed"),
        "fundtrail.publicity.PublicityCompleted": ("公示期满", "publicity completed"),
    }
)
