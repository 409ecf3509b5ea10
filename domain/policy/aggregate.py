"""PolicyVersion (政策参数版本): parameters, their sources, the approving decision, the effective window.

A3: 第四条（一） lets ratios and caps be fine-tuned per batch, so the parameters are a versioned,
approved record; a batch pins one version and every computation names it and its hash. The
parameters are fixed when drafted and never change (there is no command that could change them);
approval, activation and supersession only move the status.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.policy.params import PolicyParams
from domain.policy.rules import HASH
from domain.policy.rules import SOD
from domain.policy.rules import STATE
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

DRAFTED = "drafted"
APPROVED = "approved"
ACTIVE = "active"
SUPERSEDED = "superseded"


def policy_version_stream(version_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"policy-version:{version_id}")


@pin_topic("fundtrail.policy.PolicyVersion")
class PolicyVersion(LedgerAggregate):
    """One version of the policy parameters of a programme."""

    @staticmethod
    def create_id(version_id: str, **_: Any) -> UUID:
        return policy_version_stream(version_id)

    @event("Drafted", topic="fundtrail.policy.Drafted")
    def __init__(
        self,
        version_id: str,
        programme_id: str,
        params: dict[str, Any],
        params_hash: str,
        source_documents: list[dict[str, Any]],
        effective_from: str,
        effective_to: str,
        checks: list[str],
        warnings: list[dict[str, Any]],
        drafted_by: str,
    ) -> None:
        self.version_id = version_id
        self.programme_id = programme_id
        self.params = params
        self.params_hash = params_hash
        self.source_documents = source_documents
        self.effective_from = effective_from
        self.effective_to = effective_to
        self.checks = checks
        self.warnings = warnings
        self.drafted_by = drafted_by
        self.status = DRAFTED
        self.approved_by: str | None = None
        self.decision_doc_no: str | None = None
        self.decided_on: str | None = None
        self.superseded_by: str | None = None

    # -- queries ---------------------------------------------------------
    def parameters(self) -> PolicyParams:
        return PolicyParams.from_dict(self.params)

    # -- commands --------------------------------------------------------
    def approve(
        self,
        *,
        approved_by: str,
        approving_body: str,
        decision_doc_no: str,
        decided_on: str,
        params_hash: str | None,
    ) -> None:
        if self.status != DRAFTED:
            STATE.refuse("version_id", f"version {self.version_id} is {self.status}, not drafted")
        if approved_by == self.drafted_by:
            SOD.refuse("envelope.actor", f"{approved_by} drafted version {self.version_id} and may not approve it")
        if params_hash is not None and params_hash != self.params_hash:
            HASH.refuse("params_hash", f"the drafted parameters hash to {self.params_hash}, not {params_hash}")
        self._approved(
            approved_by=approved_by,
            approving_body=approving_body,
            decision_doc_no=decision_doc_no,
            decided_on=decided_on,
            params_hash=self.params_hash,
        )

    def activate(self, *, activated_by: str) -> None:
        if self.status != APPROVED:
            STATE.refuse("version_id", f"version {self.version_id} is {self.status}; only an approved one activates")
        self._activated(activated_by=activated_by)

    def supersede(self, *, superseded_by: str, reason: str, recorded_by: str) -> None:
        if self.status not in (APPROVED, ACTIVE):
            STATE.refuse(
                "version_id",
                f"version {self.version_id} is {self.status}; only an approved or active one is superseded",
            )
        self._superseded(superseded_by=superseded_by, reason=reason, was=self.status, recorded_by=recorded_by)

    # -- events (assignment only) ------------------------------------------
    @event("Approved", topic="fundtrail.policy.Approved")
    def _approved(
        self, approved_by: str, approving_body: str, decision_doc_no: str, decided_on: str, params_hash: str
    ) -> None:
        del approving_body, params_hash  # recorded for readers; the hash is the drafted one
        self.status = APPROVED
        self.approved_by = approved_by
        self.decision_doc_no = decision_doc_no
        self.decided_on = decided_on

    @event("Activated", topic="fundtrail.policy.Activated")
    def _activated(self, activated_by: str) -> None:
        del activated_by
        self.status = ACTIVE

    @event("Superseded", topic="fundtrail.policy.Superseded")
    def _superseded(self, superseded_by: str, reason: str, was: str, recorded_by: str) -> None:
        del reason, was, recorded_by
        self.status = SUPERSEDED
        self.superseded_by = superseded_by


label_topics(
    {
        "fundtrail.policy.Drafted": ("政策参数拟定", "policy version drafted"),
        "fundtrail.policy.Approved": ("政策参数批准", "policy version approved"),
        "fundtrail.policy.Activated": ("政策参数启用", "policy version activated"),
        "fundtrail.policy.Superseded": ("政策参数废止", "policy version superseded"),
    }
)
