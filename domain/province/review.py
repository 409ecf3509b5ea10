"""The review trail (评审全程操作留痕, HLJ 第四条（二）, 第五条（三）).

``ReviewerDeclaration``: a reviewer's declaration of interests for one call — the enterprises, providers,
shareholders and persons (by salted hash) it is related to — made before it can be assigned, and
amended by further declarations; every version stays in the log.

``ReviewFile``: one application's review. Each operation is its own event, so the log is the trail the
article asks for: a reviewer assigned or recused, a material opened (an access record naming the
content hash), a score given per criterion, a score changed (with its reason), 省工信厅's 复核 confirming
or correcting (with reasons; flagged when it comes after the list was proposed). ``results`` gives the
application's score per criterion as the ranking reads it: the 复核's correction where there is one,
otherwise the mean, rounded down to the hundredth, of the assigned, unrecused reviewers' scores.
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


def declaration_stream(call_id: str, reviewer: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"hlj-declaration:{call_id}|{reviewer}")


def review_file_stream(application_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"hlj-review:{application_id}")


@pin_topic("fundtrail.province.ReviewerDeclaration")
class ReviewerDeclaration(LedgerAggregate):
    """A reviewer's declared interests for a call (each amendment adds to them)."""

    @staticmethod
    def create_id(call_id: str, reviewer: str, **_: Any) -> UUID:
        return declaration_stream(call_id, reviewer)

    @event("InterestsDeclared", topic="fundtrail.province.InterestsDeclared")
    def __init__(self, call_id: str, reviewer: str, related: list[dict[str, str]], sha256: str) -> None:
        self.call_id = call_id
        self.reviewer = reviewer
        self.related = related
        self.sha256 = sha256

    def parties(self) -> set[str]:
        return {r["party"] for r in self.related}

    def amend(self, related: list[dict[str, str]], sha256: str) -> None:
        self._amended(related=related, sha256=sha256)

    @event("InterestsAmended", topic="fundtrail.province.InterestsAmended")
    def _amended(self, related: list[dict[str, str]], sha256: str) -> None:
        self.related = [*self.related, *related]
        self.sha256 = sha256


@pin_topic("fundtrail.province.ReviewFile")
class ReviewFile(LedgerAggregate):
    """One application's review: assignments, accesses, scores, changes, 复核.

    Attributes:
        reviewers: actor id → {kind expert|third_party, assigned_by, recused (reason or None)}.
        opened: actor id → content hashes it opened (the access records are the events).
        scores: actor id → {criterion code → points (hundredths)}.
        recheck: criterion code → corrected points; rechecked_at: the count of score operations the 复核 saw.
        corrections_after_list: how many 复核 corrections came after the list was proposed (flagged).
    """

    @staticmethod
    def create_id(application_id: str, **_: Any) -> UUID:
        return review_file_stream(application_id)

    @event("ReviewFileOpened", topic="fundtrail.province.ReviewFileOpened")
    def __init__(self, application_id: str, call_id: str) -> None:
        self.application_id = application_id
        self.call_id = call_id
        self.reviewers: dict[str, dict[str, Any]] = {}
        self.opened: dict[str, list[str]] = {}
        self.scores: dict[str, dict[str, int]] = {}
        self.recheck: dict[str, int] = {}
        self.rechecked_at: int | None = None
        self.score_ops = 0  # scores given or changed and recusals: what a 复核 must have seen
        self.corrections_after_list = 0

    def active(self) -> list[str]:
        return sorted(r for r, v in self.reviewers.items() if v["recused"] is None)

    def rechecked(self) -> bool:
        """A 复核 was recorded after the last score given or changed."""
        return self.rechecked_at is not None and self.rechecked_at == self.score_ops

    def results(self, codes: list[str]) -> dict[str, int | None]:
        """Each criterion's points as the ranking reads them (None: not scored by every active reviewer)."""
        out: dict[str, int | None] = {}
        active = self.active()
        for code in codes:
            if code in self.recheck:
                out[code] = self.recheck[code]
                continue
            given = [self.scores.get(r, {}).get(code) for r in active]
            values = [v for v in given if v is not None]
            out[code] = sum(values) // len(values) if values and len(values) == len(given) else None
        return out

    # -- operations (each one event) ------------------------------------------------------------------------
    def assign(self, reviewer: str, kind: str, assigned_by: str) -> None:
        self._assigned(reviewer=reviewer, kind=kind, assigned_by=assigned_by)

    def recuse(self, reviewer: str, reason: str, recorded_by: str) -> None:
        self._recused(reviewer=reviewer, reason=reason, recorded_by=recorded_by)

    def open_material(self, reviewer: str, sha256: str, purpose: str) -> None:
        self._material_opened(reviewer=reviewer, sha256=sha256, purpose=purpose)

    def score(self, reviewer: str, criterion: str, points: int, reason: str | None) -> None:
        before = self.scores.get(reviewer, {}).get(criterion)
        if before is None:
            self._scored(reviewer=reviewer, criterion=criterion, points=points)
        else:
            self._score_changed(reviewer=reviewer, criterion=criterion, before=before, points=points, reason=reason)

    def record_recheck(
        self, outcome: str, corrections: list[dict[str, Any]], reasons: str, sha256: str, by: str, after_list: bool
    ) -> None:
        self._rechecked(
            outcome=outcome, corrections=corrections, reasons=reasons, sha256=sha256, by=by, after_list=after_list
        )

    # -- events (assignment only) ---------------------------------------------------------------------------
    @event("ReviewerAssigned", topic="fundtrail.province.ReviewerAssigned")
    def _assigned(self, reviewer: str, kind: str, assigned_by: str) -> None:
        self.reviewers = {**self.reviewers, reviewer: {"kind": kind, "assigned_by": assigned_by, "recused": None}}

    @event("ReviewerRecused", topic="fundtrail.province.ReviewerRecused")
    def _recused(self, reviewer: str, reason: str, recorded_by: str) -> None:  # noqa: ARG002 - recorded
        self.reviewers = {**self.reviewers, reviewer: {**self.reviewers[reviewer], "recused": reason}}
        self.score_ops += 1  # the results changed: a 复核 must see them again

    @event("MaterialOpened", topic="fundtrail.province.MaterialOpened")
    def _material_opened(self, reviewer: str, sha256: str, purpose: str) -> None:  # noqa: ARG002 - recorded
        self.opened = {**self.opened, reviewer: sorted({*self.opened.get(reviewer, []), sha256})}

    @event("ScoreGiven", topic="fundtrail.province.ScoreGiven")
    def _scored(self, reviewer: str, criterion: str, points: int) -> None:
        self.scores = {**self.scores, reviewer: {**self.scores.get(reviewer, {}), criterion: points}}
        self.score_ops += 1

    @event("ScoreChanged", topic="fundtrail.province.ScoreChanged")
    def _score_changed(self, reviewer: str, criterion: str, before: int, points: int, reason: str | None) -> None:  # noqa: ARG002
        self.scores = {**self.scores, reviewer: {**self.scores.get(reviewer, {}), criterion: points}}
        self.score_ops += 1

    @event("ReviewRechecked", topic="fundtrail.province.ReviewRechecked")
    def _rechecked(
        self,
        outcome: str,  # noqa: ARG002 - recorded
        corrections: list[dict[str, Any]],
        reasons: str,  # noqa: ARG002 - recorded
        sha256: str,  # noqa: ARG002 - recorded
        by: str,  # noqa: ARG002 - recorded
        after_list: bool,
    ) -> None:
        self.recheck = {**self.recheck, **{str(c["criterion"]): int(c["points"]) for c in corrections}}
        self.rechecked_at = self.score_ops
        if after_list and corrections:
            self.corrections_after_list += 1


label_topics(
    {
        "fundtrail.province.ReviewerDeclaration": ("评审人员利益关系声明", "reviewer's declaration of interests"),
        "fundtrail.province.InterestsDeclared": ("声明利益关系", "interests declared"),
        "fundtrail.province.InterestsAmended": ("补充声明利益关系", "interests amended"),
        "fundtrail.province.ReviewFile": ("评审档案", "review file"),
        "fundtrail.province.ReviewFileOpened": ("建立评审档案", "review file opened"),
        "fundtrail.province.ReviewerAssigned": ("分配评审人员", "reviewer assigned"),
        "fundtrail.province.ReviewerRecused": ("评审人员回避", "reviewer recused"),
        "fundtrail.province.MaterialOpened": ("查阅申报材料", "material opened"),
        "fundtrail.province.ScoreGiven": ("评分", "score given"),
        "fundtrail.province.ScoreChanged": ("修改评分", "score changed"),
        "fundtrail.province.ReviewRechecked": ("省工信厅复核", "review re-checked (复核)"),
    }
)
