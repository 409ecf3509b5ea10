"""A flag (疑点) and a finding (问题) of the task force (HRB 第十五条).

A flag is raised by an inspector from a red-flag rule: it names the rule, the parameter version, the facts
and the ``seq`` of every record it rests on, so it explains itself from signed records. It is dismissed
(with reasons, countersigned by a second inspector: domain/kernel/cosign.py) or promoted to a finding.

A finding is a problem to correct: a rectification notice (整改通知: mode, deadline in working days), the
responsible organisation's rectification with its evidence, the task force's 复核 (accepted, or rejected back
to the notice), and 销号 (closed). A finding may be linked to a clawback case (第十七条), a disqualification
or a judicial referral (第十六条).

States: flag open → dismissed | promoted; finding open → notified → submitted → rectified → closed
(a rejected 复核 returns a submitted finding to notified).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.audit.rules import ORDER
from domain.base import LedgerAggregate
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

OPEN = "open"
DISMISSED = "dismissed"
PROMOTED = "promoted"
NOTIFIED = "notified"
SUBMITTED = "submitted"
RECTIFIED = "rectified"
CLOSED = "closed"


def flag_stream(flag_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"audit-flag:{flag_id}")


def finding_stream(finding_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"audit-finding:{finding_id}")


@pin_topic("fundtrail.audit.Flag")
class Flag(LedgerAggregate):
    """A red flag: rule, parameters, facts and cited records; dismissed or promoted."""

    @staticmethod
    def create_id(flag_id: str, **_: Any) -> UUID:
        return flag_stream(flag_id)

    @event("FlagRaised", topic="fundtrail.audit.FlagRaised")
    def __init__(
        self,
        flag_id: str,
        rule_id: str,
        parameters_version: str,
        subjects: list[str],
        facts: dict[str, Any],
        seqs: list[int],
        summary: str,
        raised_by: str,
    ) -> None:
        self.flag_id = flag_id
        self.rule_id = rule_id
        self.parameters_version = parameters_version
        self.subjects = subjects
        self.facts = facts
        self.seqs = seqs
        self.summary = summary
        self.raised_by = raised_by
        self.state = OPEN
        self.finding_id: str | None = None

    def require_open(self, field: str = "flag_id") -> None:
        if self.state != OPEN:
            ORDER.refuse(field, f"flag {self.flag_id} is {self.state}")

    def dismiss(self, reasons: str, proposed_by: str, countersigned_by: str) -> None:
        self.require_open()
        self._dismissed(reasons=reasons, proposed_by=proposed_by, countersigned_by=countersigned_by)

    def promote(self, finding_id: str) -> None:
        self.require_open()
        self._promoted(finding_id=finding_id)

    @event("FlagDismissed", topic="fundtrail.audit.FlagDismissed")
    def _dismissed(self, reasons: str, proposed_by: str, countersigned_by: str) -> None:  # noqa: ARG002 - recorded
        self.state = DISMISSED

    @event("FlagPromoted", topic="fundtrail.audit.FlagPromoted")
    def _promoted(self, finding_id: str) -> None:
        self.finding_id = finding_id
        self.state = PROMOTED


@pin_topic("fundtrail.audit.Finding")
class Finding(LedgerAggregate):
    """A problem found and driven to 销号.

    Attributes:
        finding_id, flag_id, title, description, subjects, responsible_org, severity, state.
        notices: every notice issued ({notice_no, mode, working_days, issued_on, due_on, issued_by}).
        submissions: every rectification ({evidence, summary, submitted_on, late, by}); rechecks likewise.
        links: clawback cases, disqualifications, referrals ({kind, ref}).
    """

    @staticmethod
    def create_id(finding_id: str, **_: Any) -> UUID:
        return finding_stream(finding_id)

    @event("FindingRecorded", topic="fundtrail.audit.FindingRecorded")
    def __init__(
        self,
        finding_id: str,
        flag_id: str,
        title: str,
        description: str,
        subjects: list[str],
        responsible_org: str,
        severity: str,
        recorded_by: str,
    ) -> None:
        self.finding_id = finding_id
        self.flag_id = flag_id
        self.title = title
        self.description = description
        self.subjects = subjects
        self.responsible_org = responsible_org
        self.severity = severity
        self.recorded_by = recorded_by
        self.state = OPEN
        self.notices: list[dict[str, Any]] = []
        self.submissions: list[dict[str, Any]] = []
        self.rechecks: list[dict[str, Any]] = []
        self.links: list[dict[str, str]] = []
        self.closed: dict[str, Any] | None = None

    def require(self, states: tuple[str, ...], what: str, field: str = "finding_id") -> None:
        if self.state not in states:
            ORDER.refuse(field, f"{what} needs finding {self.finding_id} {' or '.join(states)}; it is {self.state}")

    @property
    def notice(self) -> dict[str, Any]:
        return self.notices[-1]

    def notify(self, notice: dict[str, Any]) -> None:
        self.require((OPEN,), "a rectification notice")
        self._notified(notice=notice)

    def submit(self, submission: dict[str, Any]) -> None:
        self.require((NOTIFIED,), "a rectification")
        self._submitted(submission=submission)

    def recheck(self, recheck: dict[str, Any]) -> None:
        self.require((SUBMITTED,), "a 复核")
        self._rechecked(recheck=recheck, state=RECTIFIED if recheck["accepted"] else NOTIFIED)

    def close(self, closing: dict[str, Any]) -> None:
        self.require((RECTIFIED,), "销号")
        self._closed(closing=closing)

    def link(self, kind: str, ref: str, by: str) -> None:
        self._linked(kind=kind, ref=ref, by=by)

    @event("RectificationNoticeIssued", topic="fundtrail.audit.RectificationNoticeIssued")
    def _notified(self, notice: dict[str, Any]) -> None:
        self.notices = [*self.notices, notice]
        self.state = NOTIFIED

    @event("RectificationSubmitted", topic="fundtrail.audit.RectificationSubmitted")
    def _submitted(self, submission: dict[str, Any]) -> None:
        self.submissions = [*self.submissions, submission]
        self.state = SUBMITTED

    @event("RectificationRechecked", topic="fundtrail.audit.RectificationRechecked")
    def _rechecked(self, recheck: dict[str, Any], state: str) -> None:
        self.rechecks = [*self.rechecks, recheck]
        self.state = state

    @event("FindingClosed", topic="fundtrail.audit.FindingClosed")
    def _closed(self, closing: dict[str, Any]) -> None:
        self.closed = closing
        self.state = CLOSED

    @event("FindingLinked", topic="fundtrail.audit.FindingLinked")
    def _linked(self, kind: str, ref: str, by: str) -> None:
        self.links = [*self.links, {"kind": kind, "ref": ref, "by": by}]


label_topics(
    {
        "fundtrail.audit.Flag": ("疑点", "red flag"),
        "fundtrail.audit.FlagRaised": ("提出疑点", "flag raised"),
        "fundtrail.audit.FlagDismissed": ("排除疑点（会签）", "flag dismissed (countersigned)"),
        "fundtrail.audit.FlagPromoted": ("疑点认定为问题", "flag promoted to a finding"),
        "fundtrail.audit.Finding": ("督察问题", "audit finding"),
        "fundtrail.audit.FindingRecorded": ("认定问题", "finding recorded"),
        "fundtrail.audit.RectificationNoticeIssued": ("下发整改通知", "rectification notice issued"),
        "fundtrail.audit.RectificationSubmitted": ("提交整改材料", "rectification submitted"),
        "fundtrail.audit.RectificationRechecked": ("整改复核", "rectification re-checked"),
        "fundtrail.audit.FindingClosed": ("销号", "finding closed (销号)"),
        "fundtrail.audit.FindingLinked": ("关联追回、取消资格或移送", "finding linked to a case"),
    }
)
