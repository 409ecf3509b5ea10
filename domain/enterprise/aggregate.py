"""The enterprise register (申报企业): one stream per USCC (domain rules §2.4; HRB 第五条, 第六条).

Facts are recorded, never edited: a change or a correction is an event naming the field, the old and
new value, the version it corrects and a reason. Eligibility (``eligibility_problems``) is judged
from the recorded facts as of a date, by the project feature at intake and by payment before every
payment; the register itself refuses only what is wrong on its face.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.enterprise.eligibility import disqualified_on
from domain.enterprise.eligibility import problems
from domain.enterprise.rules import DISQUALIFY
from domain.enterprise.rules import LIFT
from domain.enterprise.rules import OVERRIDE
from domain.enterprise.rules import PROFILE
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from datetime import date

    from domain.kernel.rules import Rule
    from domain.policy.params import PolicyParams

PROFILE_FIELDS = (
    "name",
    "legal_form",
    "independent_legal_person",
    "registered_address",
    "division_code",
    "harbin",
    "industry_code",
    "size_class",
    "size_basis",
    "bank_accounts",
    "registry.shareholders",
    "registry.legal_representative",
    "registry.address",
    "registry.phone",
)
"""The fields a profile change may name (the USCC is the stream's key and never changes)."""


@lru_cache(maxsize=65536)
def enterprise_stream(uscc: str) -> uuid.UUID:
    """The stream of the enterprise with this (canonical, validated) USCC."""
    return uuid.uuid5(ids.NAMESPACE, f"enterprise:{uscc}")


@pin_topic("fundtrail.enterprise.Enterprise")
class Enterprise(LedgerAggregate):
    """An applicant enterprise: its registered facts, commitments, credit checks, prior support and
    disqualifications. A second registration of one USCC conflicts on this stream's first version."""

    @staticmethod
    def create_id(uscc: str, **_: Any) -> uuid.UUID:
        return enterprise_stream(uscc)

    @event("Registered", topic="fundtrail.enterprise.Registered")
    def __init__(
        self,
        uscc: str,
        name: str,
        legal_form: str,
        independent_legal_person: bool,
        registered_address: str,
        division_code: str,
        harbin: bool,
        industry_code: str,
        industry_standard: str,
        size_class: str,
        size_basis: dict[str, int],
        size_standard: str,
        registry: dict[str, dict[str, Any]],
        bank_accounts: list[dict[str, str]],
        registered_by: str,
        warnings: list[dict[str, str]],
    ) -> None:
        self.uscc = uscc
        self.name = name
        self.legal_form = legal_form
        self.independent_legal_person = independent_legal_person
        self.registered_address = registered_address
        self.division_code = division_code
        self.harbin = harbin
        self.industry_code = industry_code
        self.industry_standard = industry_standard
        self.size_class = size_class
        self.size_basis = size_basis
        self.size_standard = size_standard
        self.registry = registry
        self.bank_accounts = bank_accounts
        self.registered_by = registered_by
        self.warnings = warnings
        # who last entered each field, and in which version (a correction cites it)
        self.field_versions: dict[str, int] = dict.fromkeys(PROFILE_FIELDS, 1)
        self.field_actors: dict[str, str] = dict.fromkeys(PROFILE_FIELDS, registered_by)
        self.industry_overrides: list[dict[str, Any]] = []
        self.commitments: list[dict[str, Any]] = []
        self.credit_checks: list[dict[str, Any]] = []
        self.prior_support: list[dict[str, Any]] = []
        self.disqualifications: list[dict[str, Any]] = []

    # -- queries -----------------------------------------------------------------------------------
    def value_of(self, field: str) -> Any:
        """The current value of a profile field (``registry.phone`` → the registry fact)."""
        if field.startswith("registry."):
            return self.registry.get(field.removeprefix("registry."))
        return getattr(self, field)

    def industry_overridden(self) -> dict[str, Any] | None:
        """The reviewer override that covers the current industry code, if any (A14)."""
        found = [o for o in self.industry_overrides if o["industry_code"] == self.industry_code]
        return found[-1] if found else None

    def is_disqualified(self, on: date) -> bool:
        """Is a disqualification (取消申请资格, A25) in force on ``on``?"""
        return any(disqualified_on(d, on) for d in self.disqualifications)

    def eligibility_problems(self, on: date, params: PolicyParams) -> list[tuple[Rule, str, str]]:
        """Every failed condition of HRB 第五条 and 第六条 as of ``on``: (rule, field, detail); [] = eligible."""
        return problems(self, on, params)

    # -- commands (check, then record) -------------------------------------------------------------
    def change_profile(
        self, field: str, value: Any, kind: str, reason: str, evidence: dict[str, Any] | None, by: str
    ) -> None:
        """Record a change (变更) or a correction (更正) of one field; the old event is never edited."""
        if field not in PROFILE_FIELDS:
            PROFILE.refuse("field", f"expected one of {', '.join(PROFILE_FIELDS)}, got {field!r}")
        old = self.value_of(field)
        if old == value:
            PROFILE.refuse("value", f"{field} is already {value!r}; nothing to change")
        self._profile_changed(
            field=field,
            old=old,
            new=value,
            kind=kind,
            reason=reason,
            corrects_version=self.field_versions[field],
            evidence=evidence,
            changed_by=by,
        )

    def override_industry(self, industry_code: str, reason: str, decision_ref: str | None, reviewer: str) -> None:
        """A14: a city bureau reviewer accepts the current out-of-list industry code, with a reason."""
        if industry_code != self.industry_code:
            OVERRIDE.refuse(
                "industry_code", f"the enterprise's current code is {self.industry_code}, not {industry_code}"
            )
        entered_by = self.field_actors["industry_code"]
        if reviewer == entered_by:
            OVERRIDE.refuse("industry_code", f"{reviewer} entered this code and may not also accept it")
        if self.industry_overridden() is not None:
            OVERRIDE.refuse("industry_code", f"code {industry_code} is already accepted by a reviewer")
        self._industry_overridden(
            industry_code=industry_code, reason=reason, decision_ref=decision_ref, reviewer=reviewer
        )

    def record_commitment(self, text_sha256: str, covers: list[str], signed_on: str, recorded_by: str) -> None:
        self._commitment_recorded(text_sha256=text_sha256, covers=covers, signed_on=signed_on, recorded_by=recorded_by)

    def record_credit_check(self, check: dict[str, Any]) -> None:
        """Record a 信用核查 (the command has checked its shape and dates)."""
        self._credit_check_recorded(check=check)

    def record_prior_support(self, support: dict[str, Any]) -> None:
        self._prior_support_recorded(support=support)

    def disqualify(
        self, case_id: str | None, grounds: str, from_on: str, until_on: str | None, decision_ref: str
    ) -> None:
        """Record 取消申请资格 (HRB 第十七条; A25: ``until_on`` None = permanent; both days inclusive)."""
        if until_on is not None and until_on < from_on:
            DISQUALIFY.refuse("until_on", f"expected a day on or after {from_on}, got {until_on}")
        if any(d["decision_ref"] == decision_ref for d in self.disqualifications):
            DISQUALIFY.refuse("decision_ref", f"decision {decision_ref} is already recorded for {self.uscc}")
        self._disqualified(
            case_id=case_id, grounds=grounds, from_on=from_on, until_on=until_on, decision_ref=decision_ref
        )

    def lift_disqualification(self, decision_ref: str, lift_decision_ref: str, reason: str, lifted_on: str) -> None:
        """Lift a disqualification from ``lifted_on`` (that day is no longer disqualified)."""
        found = [i for i, d in enumerate(self.disqualifications) if d["decision_ref"] == decision_ref]
        if not found:
            LIFT.refuse(
                "decision_ref", f"no disqualification {decision_ref} is recorded for {self.uscc}", error="not_found"
            )
        d = self.disqualifications[found[0]]
        if d["lifted_on"] is not None:
            LIFT.refuse("decision_ref", f"disqualification {decision_ref} was already lifted on {d['lifted_on']}")
        if lifted_on < d["from_on"]:
            LIFT.refuse("lifted_on", f"expected a day on or after {d['from_on']}, got {lifted_on}")
        if d["until_on"] is not None and lifted_on > d["until_on"]:
            LIFT.refuse("lifted_on", f"disqualification {decision_ref} already ended on {d['until_on']}")
        self._disqualification_lifted(
            decision_ref=decision_ref, lift_decision_ref=lift_decision_ref, reason=reason, lifted_on=lifted_on
        )

    # -- events (assignment only) ------------------------------------------------------------------
    @event("ProfileChanged", topic="fundtrail.enterprise.ProfileChanged")
    def _profile_changed(
        self,
        field: str,
        old: Any,  # noqa: ARG002 - recorded for readers
        new: Any,
        kind: str,  # noqa: ARG002 - recorded for readers
        reason: str,  # noqa: ARG002 - recorded for readers
        corrects_version: int,  # noqa: ARG002 - recorded for readers
        evidence: dict[str, Any] | None,  # noqa: ARG002 - recorded for readers
        changed_by: str,
    ) -> None:
        if field.startswith("registry."):
            self.registry = {**self.registry, field.removeprefix("registry."): new}
        else:
            setattr(self, field, new)
        self.field_versions = {**self.field_versions, field: self.version + 1}
        self.field_actors = {**self.field_actors, field: changed_by}

    @event("IndustryOverridden", topic="fundtrail.enterprise.IndustryOverridden")
    def _industry_overridden(self, industry_code: str, reason: str, decision_ref: str | None, reviewer: str) -> None:
        entry = {"industry_code": industry_code, "reason": reason, "decision_ref": decision_ref, "reviewer": reviewer}
        self.industry_overrides = [*self.industry_overrides, entry]

    @event("CommitmentRecorded", topic="fundtrail.enterprise.CommitmentRecorded")
    def _commitment_recorded(self, text_sha256: str, covers: list[str], signed_on: str, recorded_by: str) -> None:
        entry = {"text_sha256": text_sha256, "covers": covers, "signed_on": signed_on, "recorded_by": recorded_by}
        self.commitments = [*self.commitments, entry]

    @event("CreditCheckRecorded", topic="fundtrail.enterprise.CreditCheckRecorded")
    def _credit_check_recorded(self, check: dict[str, Any]) -> None:
        self.credit_checks = [*self.credit_checks, check]

    @event("PriorSupportRecorded", topic="fundtrail.enterprise.PriorSupportRecorded")
    def _prior_support_recorded(self, support: dict[str, Any]) -> None:
        self.prior_support = [*self.prior_support, support]

    @event("Disqualified", topic="fundtrail.enterprise.Disqualified")
    def _disqualified(
        self, case_id: str | None, grounds: str, from_on: str, until_on: str | None, decision_ref: str
    ) -> None:
        entry = {
            "decision_ref": decision_ref,
            "case_id": case_id,
            "grounds": grounds,
            "from_on": from_on,
            "until_on": until_on,
            "lifted_on": None,
            "lift_decision_ref": None,
        }
        self.disqualifications = [*self.disqualifications, entry]

    @event("DisqualificationLifted", topic="fundtrail.enterprise.DisqualificationLifted")
    def _disqualification_lifted(
        self,
        decision_ref: str,
        lift_decision_ref: str,
        reason: str,  # noqa: ARG002 - recorded for readers
        lifted_on: str,
    ) -> None:
        self.disqualifications = [
            {**d, "lifted_on": lifted_on, "lift_decision_ref": lift_decision_ref}
            if d["decision_ref"] == decision_ref
            else d
            for d in self.disqualifications
        ]


label_topics(
    {
        "fundtrail.enterprise.Registered": ("企业登记", "enterprise registered"),
        "fundtrail.enterprise.ProfileChanged": ("企业登记事项变更或更正", "enterprise profile changed or corrected"),
        "fundtrail.enterprise.IndustryOverridden": ("行业范围例外认可", "industry override accepted"),
        "fundtrail.enterprise.CommitmentRecorded": ("承诺书登记", "commitment recorded"),
        "fundtrail.enterprise.CreditCheckRecorded": ("信用核查登记", "credit check recorded"),
        "fundtrail.enterprise.PriorSupportRecorded": ("已获支持登记", "prior support recorded"),
        "fundtrail.enterprise.Disqualified": ("取消申请资格", "enterprise disqualified"),
        "fundtrail.enterprise.DisqualificationLifted": ("解除取消申请资格", "disqualification lifted"),
    }
)
