"""Policy versions (政策参数版本): draft, approve, activate, supersede (domain rules §2.1; A1, A3, A24)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field
from pydantic import StringConstraints

from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import local_date
from domain.kernel.dates import not_after_today
from domain.kernel.fields import Fen
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import Name
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.policy.aggregate import ACTIVE
from domain.policy.aggregate import APPROVED
from domain.policy.aggregate import PolicyVersion
from domain.policy.aggregate import policy_version_stream
from domain.policy.checks import param_problems
from domain.policy.checks import param_warnings
from domain.policy.params import Bracket
from domain.policy.params import PolicyParams
from domain.policy.params import params_hash
from domain.policy.rules import ABOVE_MEASURES
from domain.policy.rules import BRACKETS
from domain.policy.rules import CAP
from domain.policy.rules import EARMARK
from domain.policy.rules import EXPIRED
from domain.policy.rules import HASH
from domain.policy.rules import MONOTONE
from domain.policy.rules import ONE_ACTIVE
from domain.policy.rules import PARAMS
from domain.policy.rules import RATIO
from domain.policy.rules import SOD
from domain.policy.rules import STATE
from domain.policy.rules import SUPERSEDE
from domain.policy.rules import TRANCHE
from domain.policy.rules import UNIQUE
from domain.policy.rules import WINDOW
from domain.programme.aggregate import Programme
from domain.programme.aggregate import programme_stream
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

MIIT = frozenset({Role.CITY_MIIT})
DEFAULT_APPROVER = "哈尔滨市工业和信息化局、哈尔滨市财政局"
DRAFT_CHECKS = (BRACKETS, RATIO, CAP, MONOTONE, PARAMS, TRANCHE, EARMARK, WINDOW)

Ratio = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]
"""A ratio in basis points, bounded loosely so that FT-POL-RATIO (not the field check) judges it."""
Small = Annotated[int, Field(ge=-1_000, le=1_000)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
IndustryPrefix = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,4}$")]


class SourceDocument(StrictModel):
    """A legal source of a version or a programme: ``哈工信联规〔2024〕1号``, its title, the articles used."""

    doc_no: Text
    title: Text
    articles: list[Name] = Field(min_length=1, max_length=50)


class BracketArgs(StrictModel):
    label: Name
    lower_fen: Fen
    lower_inclusive: bool
    upper_fen: Fen | None
    upper_inclusive: bool
    ratio_bp: Ratio
    cap_fen: Fen


class ParamsArgs(StrictModel):
    """Mirrors ``PolicyParams`` field for field (domain/policy/params.py)."""

    brackets: list[BracketArgs] = Field(min_length=1, max_length=12)
    enterprise_cap_fen: Fen
    max_active_projects: Small
    first_tranche_min_bp: Ratio
    publicity_working_days: Small
    earmark_min_bp: Ratio
    category_caps_fen: dict[Code, Fen] = Field(max_length=20)
    eligible_cost_types: list[Code] = Field(max_length=20)
    industry_allow_list: list[IndustryPrefix] = Field(max_length=200)
    credit_lookback_years: Small
    min_post_level: Small
    valid_from: IsoDate
    valid_to: IsoDate
    award_caps_fen: dict[Code, Fen] = Field(default_factory=dict, max_length=20)

    def to_params(self) -> PolicyParams:
        return PolicyParams(
            brackets=tuple(Bracket(**b.model_dump()) for b in self.brackets),
            enterprise_cap_fen=self.enterprise_cap_fen,
            max_active_projects=self.max_active_projects,
            first_tranche_min_bp=self.first_tranche_min_bp,
            publicity_working_days=self.publicity_working_days,
            earmark_min_bp=self.earmark_min_bp,
            category_caps_fen=dict(self.category_caps_fen),
            eligible_cost_types=tuple(self.eligible_cost_types),
            industry_allow_list=tuple(self.industry_allow_list),
            credit_lookback_years=self.credit_lookback_years,
            min_post_level=self.min_post_level,
            valid_from=self.valid_from.isoformat(),
            valid_to=self.valid_to.isoformat(),
            award_caps_fen=dict(self.award_caps_fen),
        )


class DraftArgs(StrictModel):
    version_id: Id
    programme_id: Id
    parameters: ParamsArgs
    source_documents: list[SourceDocument] = Field(min_length=1, max_length=20)
    effective_from: IsoDate
    effective_to: IsoDate | None = None  # None: until the measures' end (parameters.valid_to)


class DraftPolicyVersion(Command[DraftArgs]):
    """拟定政策参数版本 / Draft a policy version: parameters, sources, effective window (A3)."""

    name = "policy.draft"
    zh, en = (
        "拟定政策参数版本（参数、依据文件、生效期）",
        "draft a policy version: parameters, sources, effective window",
    )
    roles = MIIT
    enforces = (UNIQUE, *DRAFT_CHECKS, ABOVE_MEASURES)
    args = DraftArgs
    cli = ("city", "policy", "draft")
    cli_arguments = ("version_id",)

    def execute(self, args: DraftArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(policy_version_stream(args.version_id)):
            UNIQUE.refuse("version_id", f"policy version {args.version_id!r} is already drafted")
        ctx.get(Programme, programme_stream(args.programme_id), field="programme_id", what="programme")
        params = args.parameters.to_params()
        for rule, field, detail in param_problems(params):
            rule.refuse(field, detail)
        effective_to = args.effective_to or args.parameters.valid_to
        if args.effective_from > effective_to:
            WINDOW.refuse("effective_to", f"ends {effective_to}, before it starts {args.effective_from}")
        if args.effective_from < args.parameters.valid_from or effective_to > args.parameters.valid_to:
            WINDOW.refuse(
                "effective_from" if args.effective_from < args.parameters.valid_from else "effective_to",
                f"{args.effective_from}..{effective_to} is not within the measures' validity "
                f"{args.parameters.valid_from}..{args.parameters.valid_to}",
            )
        data = params.to_dict()
        version = PolicyVersion(
            version_id=args.version_id,
            programme_id=args.programme_id,
            params=data,
            params_hash=params_hash(data),
            source_documents=[d.model_dump() for d in args.source_documents],
            effective_from=args.effective_from.isoformat(),
            effective_to=effective_to.isoformat(),
            checks=[r.id for r in DRAFT_CHECKS],
            warnings=param_warnings(params),
            drafted_by=ctx.actor.actor_id,
        )
        return [version]


class ApproveArgs(StrictModel):
    version_id: Id
    decision_doc_no: Text
    decided_on: IsoDate
    approving_body: Name | None = None
    params_hash: Sha256 | None = None  # when given, must be the drafted parameters' hash


class ApprovePolicyVersion(Command[ApproveArgs]):
    """登记批准政策参数版本的决定 / Record the decision approving a policy version (its parameters freeze)."""

    name = "policy.approve"
    zh, en = "登记批准政策参数版本的决定", "record the decision approving a policy version"
    roles = MIIT
    enforces = (STATE, SOD, HASH, DATE)
    args = ApproveArgs
    cli = ("city", "policy", "approve")
    cli_arguments = ("version_id",)

    def execute(self, args: ApproveArgs, ctx: Reader) -> Sequence[Aggregate]:
        version = ctx.get(PolicyVersion, policy_version_stream(args.version_id), field="version_id", what="version")
        not_after_today(ctx, args.decided_on, "decided_on")
        version.approve(
            approved_by=ctx.actor.actor_id,
            approving_body=args.approving_body or DEFAULT_APPROVER,
            decision_doc_no=args.decision_doc_no,
            decided_on=args.decided_on.isoformat(),
            params_hash=args.params_hash,
        )
        return [version]


class VersionArgs(StrictModel):
    version_id: Id


class ActivatePolicyVersion(Command[VersionArgs]):
    """启用政策参数版本 / Activate an approved version: batches of its programme may pin it."""

    name = "policy.activate"
    zh, en = "启用已批准的政策参数版本", "activate an approved policy version for its programme"
    roles = MIIT
    enforces = (STATE, ONE_ACTIVE, EXPIRED)
    args = VersionArgs
    cli = ("city", "policy", "activate")
    cli_arguments = ("version_id",)

    def execute(self, args: VersionArgs, ctx: Reader) -> Sequence[Aggregate]:
        version = ctx.get(PolicyVersion, policy_version_stream(args.version_id), field="version_id", what="version")
        programme = ctx.get(Programme, programme_stream(version.programme_id), field="version_id", what="programme")
        active = programme.active_policy_version_id
        if active is not None and active != version.version_id:
            ONE_ACTIVE.refuse("version_id", f"version {active} is active for {programme.programme_id}; supersede it")
        today = local_date(ctx.now)
        if today > date.fromisoformat(version.effective_to):
            EXPIRED.refuse("version_id", f"version {version.version_id} was in force until {version.effective_to}")
        version.activate(activated_by=ctx.actor.actor_id)
        programme.policy_activated(version.version_id)
        return [version, programme]


class SupersedeArgs(StrictModel):
    version_id: Id
    superseded_by: Id
    reason: Text


class SupersedePolicyVersion(Command[SupersedeArgs]):
    """废止政策参数版本 / Supersede a version by another approved one (第十九条); pinned batches keep theirs."""

    name = "policy.supersede"
    zh, en = "以另一已批准版本废止政策参数版本", "supersede a policy version by another approved one"
    roles = MIIT
    enforces = (STATE, SUPERSEDE)
    args = SupersedeArgs
    cli = ("city", "policy", "supersede")
    cli_arguments = ("version_id", "superseded_by")

    def execute(self, args: SupersedeArgs, ctx: Reader) -> Sequence[Aggregate]:
        version = ctx.get(PolicyVersion, policy_version_stream(args.version_id), field="version_id", what="version")
        if args.superseded_by == args.version_id:
            SUPERSEDE.refuse("superseded_by", "a version does not supersede itself")
        successor = ctx.get(
            PolicyVersion, policy_version_stream(args.superseded_by), field="superseded_by", what="version"
        )
        if successor.programme_id != version.programme_id:
            SUPERSEDE.refuse(
                "superseded_by",
                f"{successor.version_id} belongs to {successor.programme_id}, not {version.programme_id}",
            )
        if successor.status not in (APPROVED, ACTIVE):
            SUPERSEDE.refuse("superseded_by", f"{successor.version_id} is {successor.status}, not approved")
        programme = ctx.get(Programme, programme_stream(version.programme_id), field="version_id", what="programme")
        version.supersede(superseded_by=args.superseded_by, reason=args.reason, recorded_by=ctx.actor.actor_id)
        programme.policy_superseded(version.version_id, args.superseded_by)
        return [version, programme]


COMMANDS = (DraftPolicyVersion(), ApprovePolicyVersion(), ActivatePolicyVersion(), SupersedePolicyVersion())
