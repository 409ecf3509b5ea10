"""A subsidised subject as publicity, approval and payment see it: a transformation project or an award
(and, for publicity only, a provincial benchmark-award application: ``load_listed``).

HRB 第八条 and 第九条 run both kinds through the same steps after the amount is proposed (公示 → 市政府
批准 → 发放), so those features are written once, against this small interface, and never learn which
kind they hold. What differs is answered here: which budget line of 第四条 a subject commits, which
running totals release what the approval does not approve, who the payee is and whether it is still
eligible (第五条 for an enterprise; 第五条（二） for a provider, A12), and whether it is paid in two
tranches (第十一条, A8: transformation subsidies; an award is paid in one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Protocol

from domain.award.aggregate import Award
from domain.award.aggregate import award_stream
from domain.award.commands import award_holders
from domain.award.provider import Provider
from domain.award.provider import provider_stream
from domain.enterprise.aggregate import Enterprise
from domain.enterprise.aggregate import enterprise_stream
from domain.enterprise.eligibility import credit_problems
from domain.kernel.admission import NOT_FOUND
from domain.project.account import EnterpriseAccount
from domain.project.account import enterprise_account_stream
from domain.project.aggregate import Project
from domain.project.aggregate import project_stream
from domain.province.application import BenchmarkApplication
from domain.province.application import application_stream

if TYPE_CHECKING:
    from datetime import date
    from uuid import UUID

    from domain.award.caps import AwardCap
    from domain.kernel.commands import Reader
    from domain.kernel.rules import Rule
    from domain.policy.params import PolicyParams

TRANSFORMATION = "transformation"  # the budget line of HRB 第四条（一）


class Subject(Protocol):
    """What the shared steps read and do."""

    @property
    def subject_id(self) -> str: ...
    @property
    def payee_uscc(self) -> str: ...

    programme_id: str
    batch_id: str
    policy_version_id: str
    state: str
    proposed_fen: int | None
    ceiling_fen: int | None
    approved_fen: int | None
    approval_id: str | None
    entitlement_fen: int | None
    proposals: int
    rejected_at: int | None
    rejected_by: str | None

    def approve(self, approval_id: str, amount_fen: int) -> None: ...
    def reject(self, approval_id: str, reason: str) -> None: ...


def _conforms(project: Project, award: Award) -> tuple[Subject, Subject]:
    """Never called: mypy checks here that both kinds provide the interface."""
    return project, award


def subject_streams(subject_id: str) -> list[UUID]:
    """The streams a subject id may live in (for ``Reader.prefetch``)."""
    return [project_stream(subject_id), award_stream(subject_id), application_stream(subject_id)]


def id_taken(ctx: Reader, subject_id: str) -> str | None:
    """What already uses ``subject_id`` as a subsidised subject's id, if anything (one id, one subject)."""
    for stream, what in zip(subject_streams(subject_id), ("project", "award", "provincial application"), strict=True):
        if ctx.exists(stream):
            return what
    return None


def load_listed(ctx: Reader, subject_id: str, field: str) -> Project | Award | BenchmarkApplication:
    """A subject as publicity lists it: a city subject, or a provincial award application (HLJ 第四条（三）)."""
    found = find_subject(ctx, subject_id)
    if found is not None:
        return found
    return ctx.get(BenchmarkApplication, application_stream(subject_id), field=field, what="subject")


def find_subject(ctx: Reader, subject_id: str) -> Project | Award | None:
    project = ctx.find(Project, project_stream(subject_id))
    if project is not None:
        return project
    return ctx.find(Award, award_stream(subject_id))


def load_subject(ctx: Reader, subject_id: str, field: str) -> Project | Award:
    found = find_subject(ctx, subject_id)
    if found is None:
        NOT_FOUND.refuse(field, f"no project or award {subject_id!r} is recorded")
    return found


def budget_category(subject: Project | Award) -> str:
    """The 第四条 budget line the subject's approved amount is committed on."""
    return TRANSFORMATION if isinstance(subject, Project) else subject.category


def budget_ref(subject: Project | Award) -> str:
    """The reference a commitment is held under on its budget line."""
    return f"project:{subject.subject_id}" if isinstance(subject, Project) else f"award:{subject.subject_id}"


def holders(ctx: Reader, subject: Project | Award, field: str) -> list[EnterpriseAccount | AwardCap]:
    """The running totals holding the subject's proposed amount (the enterprise's 50万; a provider's 50万, a
    lead unit's 150万 and the category's total) — each with ``reserved_for`` and ``release``."""
    if isinstance(subject, Award):
        return list(award_holders(ctx, subject))
    stream = enterprise_account_stream(subject.programme_id, subject.enterprise_uscc)
    return [ctx.get(EnterpriseAccount, stream, field=field, what="enterprise account")]


def two_tranches(subject: Project | Award) -> bool:
    """第十一条 "原则上分两批" (A8): transformation subsidies; an award is paid in one tranche."""
    return isinstance(subject, Project)


def payee(ctx: Reader, subject: Project | Award, field: str) -> Enterprise | Provider:
    if isinstance(subject, Project):
        return ctx.get(Enterprise, enterprise_stream(subject.enterprise_uscc), field=field, what="enterprise")
    return ctx.get(Provider, provider_stream(subject.provider_uscc), field=field, what="provider")


def payee_problems(payee_: Enterprise | Provider, on: date, params: PolicyParams) -> list[tuple[Rule, str, str]]:
    """Eligibility again before a payment: 第五条/第六条 for an enterprise (A13); 第五条（二） for a provider (A12)."""
    if isinstance(payee_, Enterprise):
        return payee_.eligibility_problems(on, params)
    return credit_problems(payee_, on, params.credit_lookback_years)
