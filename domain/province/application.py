"""A benchmark-award application (申报, HLJ 第四条（一）（二）) and the subsidised subject it becomes.

From the call's list onwards an application is a subsidised subject like a city project or award: the
shared publicity of domain/publicity sees it through ``subject_id``, ``batch_id`` (its call), ``state``,
``proposed_fen``, ``ceiling_fen`` and ``proposals`` (domain/subjects.py). Its ceiling is fixed by 第三条 at
filing: the call's national amount when a national status was evidenced, the normal amount otherwise —
never the two added (A19).

States: applied → listed (on the proposed list, ``proposed``) | not_listed | ineligible → approved (批复)
→ cancelled (fraud, 第五条（一）), or rejected by 省政府.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.province.rules import ORDER
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

APPLIED = "applied"
PROPOSED = "proposed"  # on the proposed list: the state the shared publicity lists
NOT_LISTED = "not_listed"
INELIGIBLE = "ineligible"
APPROVED = "approved"
REJECTED = "rejected"
CANCELLED = "cancelled"
LITTLE_GIANT = "little_giant"  # 国家级专精特新“小巨人”
SINGLE_CHAMPION = "single_champion"  # 国家级制造业单项冠军


def application_stream(application_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"hlj-application:{application_id}")


@pin_topic("fundtrail.province.BenchmarkApplication")
class BenchmarkApplication(LedgerAggregate):
    """One enterprise's application in one call, through to its award.

    Attributes:
        application_id, call_id, programme_id, enterprise_uscc, enterprise_name, city, county.
        national_status: [{kind, list_title, list_batch, list_year, published_on, sha256}] (A19).
        evidence_waived: a national status waives the extra materials (A20), never the review.
        form_sha256, materials: the application form and supporting materials, by content hash.
        parties: providers, shareholders and the legal representative (for recusal, 第五条（三）).
        payee_account_hash: the keyed hash of the account the award is passed on to.
        eligible: False for a re-application of a recognised enterprise (A18): never listed.
        warnings: flags raised at filing ({rule, detail}).
        ceiling_fen: the amount 第三条 gives; proposed_fen, approved_fen, approval_id, entitlement_fen.
    """

    @staticmethod
    def create_id(application_id: str, **_: Any) -> UUID:
        return application_stream(application_id)

    @event("BenchmarkApplicationSubmitted", topic="fundtrail.province.BenchmarkApplicationSubmitted")
    def __init__(
        self,
        application_id: str,
        call_id: str,
        programme_id: str,
        enterprise_uscc: str,
        enterprise_name: str,
        city: str,
        county: str,
        national_status: list[dict[str, Any]],
        evidence_waived: bool,
        form_sha256: str,
        materials: list[str],
        parties: dict[str, Any],
        vouchers: list[str],
        payee_account_hash: str,
        ceiling_fen: int,
        eligible: bool,
        warnings: list[dict[str, str]],
        submitted_at: str,
        submitted_by: str,
    ) -> None:
        self.application_id = application_id
        self.call_id = call_id
        self.programme_id = programme_id
        self.enterprise_uscc = enterprise_uscc
        self.enterprise_name = enterprise_name
        self.city = city
        self.county = county
        self.national_status = national_status
        self.evidence_waived = evidence_waived
        self.form_sha256 = form_sha256
        self.materials = materials
        self.parties = parties
        self.vouchers = vouchers
        self.payee_account_hash = payee_account_hash
        self.ceiling_fen: int | None = ceiling_fen
        self.eligible = eligible
        self.warnings = warnings
        self.submitted_at = submitted_at
        self.submitted_by = submitted_by
        self.state = APPLIED if eligible else INELIGIBLE
        self.proposed_fen: int | None = None
        self.approved_fen: int | None = None
        self.approval_id: str | None = None
        self.entitlement_fen: int | None = None
        self.proposals = 0
        self.rejected_at: int | None = None
        self.rejected_by: str | None = None
        self.cancelled_by: str | None = None

    # -- the subject interface (domain/subjects.py) ------------------------------------------------------
    @property
    def subject_id(self) -> str:
        return self.application_id

    @property
    def payee_uscc(self) -> str:
        return self.enterprise_uscc

    @property
    def batch_id(self) -> str:
        return self.call_id

    @property
    def policy_version_id(self) -> str:
        return self.call_id  # the call pins the award's parameters

    def documents(self) -> set[str]:
        """Every content hash a reviewer may open: the form, the materials, the national lists."""
        return {self.form_sha256, *self.materials, *(str(s["sha256"]) for s in self.national_status)}

    def related(self) -> set[str]:
        """Every party a reviewer must not be related to (第五条（三）)."""
        p = self.parties
        out = {self.enterprise_uscc, *p.get("providers", []), *p.get("shareholders", [])}
        if p.get("legal_representative"):
            out.add(str(p["legal_representative"]))
        return out

    # -- commands ------------------------------------------------------------------------------------------
    def list_on(self, ranking_version: int, amount_fen: int | None) -> None:
        """The ranking put it on the list (``amount_fen``) or left it off (None)."""
        if self.state not in (APPLIED, PROPOSED, NOT_LISTED):
            ORDER.refuse("application_id", f"{self.application_id} is {self.state}: it cannot be ranked again")
        self._ranked(ranking_version=ranking_version, amount_fen=amount_fen)

    def approve(self, approval_id: str, amount_fen: int) -> None:
        if self.state != PROPOSED:
            ORDER.refuse("application_id", f"{self.application_id} is {self.state}, not on the proposed list")
        self._approved(approval_id=approval_id, amount_fen=amount_fen)

    def reject(self, approval_id: str, reason: str) -> None:
        if self.state != PROPOSED:
            ORDER.refuse("application_id", f"{self.application_id} is {self.state}, not on the proposed list")
        self._rejected(approval_id=approval_id, reason=reason)

    def cancel(self, case_id: str) -> None:
        self._cancelled(case_id=case_id, previous_state=self.state)

    # -- events --------------------------------------------------------------------------------------------
    @event("BenchmarkApplicationRanked", topic="fundtrail.province.BenchmarkApplicationRanked")
    def _ranked(self, ranking_version: int, amount_fen: int | None) -> None:  # noqa: ARG002 - recorded
        self.proposed_fen = amount_fen
        self.state = PROPOSED if amount_fen is not None else NOT_LISTED
        if amount_fen is not None:
            self.proposals += 1

    @event("BenchmarkApproved", topic="fundtrail.province.BenchmarkApproved")
    def _approved(self, approval_id: str, amount_fen: int) -> None:
        self.approval_id = approval_id
        self.approved_fen = amount_fen
        self.entitlement_fen = amount_fen
        self.state = APPROVED

    @event("BenchmarkRejected", topic="fundtrail.province.BenchmarkRejected")
    def _rejected(self, approval_id: str, reason: str) -> None:  # noqa: ARG002 - recorded
        self.rejected_at = self.proposals
        self.rejected_by = approval_id
        self.state = REJECTED

    @event("BenchmarkCancelled", topic="fundtrail.province.BenchmarkCancelled")
    def _cancelled(self, case_id: str, previous_state: str) -> None:  # noqa: ARG002 - recorded
        self.cancelled_by = case_id
        self.entitlement_fen = 0
        self.state = CANCELLED


label_topics(
    {
        "fundtrail.province.BenchmarkApplication": ("示范标杆企业申报", "benchmark-award application"),
        "fundtrail.province.BenchmarkApplicationSubmitted": ("提交申报", "application submitted"),
        "fundtrail.province.BenchmarkApplicationRanked": ("排序结果", "application ranked"),
        "fundtrail.province.BenchmarkApproved": ("省政府批复同意", "approved by 省政府"),
        "fundtrail.province.BenchmarkRejected": ("省政府批复不同意", "not approved by 省政府"),
        "fundtrail.province.BenchmarkCancelled": ("取消奖励资格", "award cancelled"),
    }
)
