"""Award commands: providers, lead units, applications, review, proposal, withdrawal (第四条（二）（三）2, 第九条).

Publicity, 市政府 approval and payment of an award are the shared commands of domain/publicity,
domain/approval and domain/payment (a list, an approval request or a payment schedule names the award
id where it would name a project id).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field

from domain import ids
from domain.award.aggregate import APPLIED
from domain.award.aggregate import DIAGNOSIS
from domain.award.aggregate import NOT_SELECTED
from domain.award.aggregate import PRODUCT
from domain.award.aggregate import PROPOSED
from domain.award.aggregate import REWARD_IN_LIEU
from domain.award.aggregate import SELECTED
from domain.award.aggregate import Award
from domain.award.aggregate import award_stream
from domain.award.caps import AwardCap
from domain.award.caps import ProductClaim
from domain.award.caps import Ranking
from domain.award.caps import award_cap_stream
from domain.award.caps import product_claim_stream
from domain.award.caps import product_name_key
from domain.award.caps import ranking_stream
from domain.award.provider import LeadUnit
from domain.award.provider import Provider
from domain.award.provider import lead_unit_stream
from domain.award.provider import provider_stream
from domain.award.rules import BATCH
from domain.award.rules import CAP_SET
from domain.award.rules import CATEGORY_CAP
from domain.award.rules import CRITERIA
from domain.award.rules import INDICATORS
from domain.award.rules import ITEM_CAP
from domain.award.rules import LEAD
from domain.award.rules import LEAD_CAP
from domain.award.rules import MODE
from domain.award.rules import ORDER
from domain.award.rules import PROVIDER
from domain.award.rules import PROVIDER_CAP
from domain.award.rules import REASON
from domain.award.rules import SCORE
from domain.award.rules import SELECTION
from domain.award.rules import UNIQUE
from domain.documents.aggregate import Document
from domain.enterprise.commands import CreditCheckArgs
from domain.enterprise.fields import BankAccount
from domain.enterprise.fields import Registry
from domain.enterprise.fields import Uscc
from domain.enterprise.fields import stored
from domain.enterprise.rules import BANK
from domain.enterprise.rules import CREDIT_WINDOW
from domain.kernel.admission import FIELD
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import local_date
from domain.kernel.dates import not_after_today
from domain.kernel.fields import FIELD_RULE
from domain.kernel.fields import Count
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import LongText
from domain.kernel.fields import Name
from domain.kernel.fields import PositiveFen
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.programme.batch import Batch
from domain.programme.batch import batch_stream
from domain.project.aggregate import project_stream
from domain.province.application import application_stream
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader
    from domain.kernel.rules import Rule
    from domain.policy.params import PolicyParams

MIIT = frozenset({Role.CITY_MIIT})
MAX_EVIDENCE = 50
MAX_INDICATORS = 50
PRODUCT_BATCH = "product_award"  # domain/programme/batch_commands.py BatchKind
DIAGNOSIS_BATCH = "diagnosis"
ARTICLE = {"product_xkqz": "第四条（二）", "product_chain": "第四条（二）", "diagnosis": "第四条（三）2"}


class ProductCategory(StrEnum):
    XKQZ = "product_xkqz"  # “小快轻准” 产品服务 (A27: "小轻快准" is the same)
    CHAIN = "product_chain"  # “链式” 转型产品服务


class Direction(StrEnum):
    AT_LEAST = "ge"  # the actual value must reach the target
    AT_MOST = "le"  # the actual value must not exceed the target


def provider_of(ctx: Reader, uscc: str, field: str) -> Provider:
    found = ctx.find(Provider, provider_stream(uscc))
    if found is None:
        PROVIDER.refuse(field, f"no provider {uscc} is registered", error="not_found")
    return found


def own_organisation(ctx: Reader, uscc: str, field: str) -> None:
    """FT-AWD-PROVIDER: an applicant acts only for the organisation it belongs to."""
    org = ctx.actor.organisation.get("code")
    if org != uscc:
        PROVIDER.refuse(field, f"{ctx.actor.actor_id} acts for {org!r}, not {uscc}")


def open_batch(ctx: Reader, batch_id: str, kind: str) -> Batch:
    """HRB 第九条: an open batch of ``kind`` within its intake window, whose selection criteria are registered."""
    batch = ctx.get(Batch, batch_stream(batch_id), field="batch_id", what="batch")
    if batch.kind != kind:
        BATCH.refuse("batch_id", f"batch {batch_id} takes {batch.kind} applications, not {kind}")
    today = local_date(ctx.now).isoformat()
    if not batch.intake_open or not batch.intake_from <= today <= batch.intake_to:
        BATCH.refuse(
            "batch_id",
            f"batch {batch_id} takes applications from {batch.intake_from} to {batch.intake_to}"
            f"{'' if batch.intake_open else ' and its intake is closed'}; today is {today}",
        )
    criteria = batch.notice_doc_no
    if criteria is None or ctx.find(Document, ids.document_stream(criteria)) is None:
        CRITERIA.refuse(
            "batch_id",
            f"batch {batch_id} names no registered selection-criteria document (notice_doc_no {criteria!r}): "
            "register the 遴选评审标准 first",
        )
    return batch


def new_award_id(ctx: Reader, award_id: str) -> None:
    if ctx.exists(award_stream(award_id)):
        UNIQUE.refuse("award_id", f"award {award_id!r} is already recorded")
    if ctx.exists(project_stream(award_id)):
        UNIQUE.refuse("award_id", f"{award_id!r} is a transformation project's id")
    if ctx.exists(application_stream(award_id)):
        UNIQUE.refuse("award_id", f"{award_id!r} is a provincial application's id")


def load_award(ctx: Reader, award_id: str) -> Award:
    return ctx.get(Award, award_stream(award_id), field="award_id", what="award")


def cap_account(ctx: Reader, programme_id: str, scope: str) -> AwardCap:
    found = ctx.find(AwardCap, award_cap_stream(programme_id, scope))
    return found if found is not None else AwardCap(programme_id=programme_id, scope=scope)


# -- providers and lead units ------------------------------------------------------------------------


class RegisterProviderArgs(StrictModel):
    uscc: Uscc
    name: Name
    registry: Registry
    bank_accounts: list[BankAccount] = Field(default_factory=list, max_length=20)


class RegisterProvider(Command[RegisterProviderArgs]):
    """服务商登记 / Register a provider or lead unit (A12: no Harbin location required)."""

    name = "award.register_provider"
    zh, en = "登记数字化服务商或组长单位（不要求注册在哈尔滨）", "register a provider or lead unit"
    roles = MIIT
    enforces = (UNIQUE, BANK, DATE)
    args = RegisterProviderArgs
    cli = ("city", "award", "register-provider")
    cli_arguments = ("uscc",)

    def execute(self, args: RegisterProviderArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(provider_stream(args.uscc)):
            UNIQUE.refuse("uscc", f"provider {args.uscc} is already registered")
        hashes = [a.account_hash for a in args.bank_accounts]
        BANK.check(len(set(hashes)) == len(hashes), "bank_accounts", "one account_hash appears twice")
        for name, fact in args.registry:
            DATE.check(fact.queried_at <= ctx.now, f"registry.{name}.queried_at", "a query time after the ledger clock")
        provider = Provider(
            uscc=args.uscc,
            name=args.name,
            registry=stored(args.registry),
            bank_accounts=stored(args.bank_accounts),
            registered_by=ctx.actor.actor_id,
        )
        return [provider]


class RecordProviderCreditCheck(Command[CreditCheckArgs]):
    """服务商信用核查 / HRB 第五条（二） for a provider (A12), as for an enterprise."""

    name = "award.record_provider_credit_check"
    zh, en = "登记服务商信用核查结果", "record a credit check of a provider"
    roles = frozenset({Role.CITY_MIIT, Role.INSPECTOR})
    enforces = (CREDIT_WINDOW, DATE, PROVIDER)
    args = CreditCheckArgs
    cli = ("city", "award", "provider-credit-check")
    cli_arguments = ("uscc",)

    def execute(self, args: CreditCheckArgs, ctx: Reader) -> Sequence[Aggregate]:
        DATE.check(args.queried_at <= ctx.now, "queried_at", "a query time after the ledger clock")
        CREDIT_WINDOW.check(
            args.window_from <= args.window_to, "window_to", f"expected a day on or after {args.window_from}"
        )
        provider = provider_of(ctx, args.uscc, "uscc")
        check = {k: v for k, v in stored(args).items() if k != "uscc"}
        provider.record_credit_check({**check, "recorded_by": ctx.actor.actor_id, "warnings": []})
        return [provider]


class AppointLeadArgs(StrictModel):
    programme_id: Id
    industry: Name
    provider_uscc: Uscc
    doc_no: Text
    decided_on: IsoDate


class AppointLeadUnit(Command[AppointLeadArgs]):
    """确定试点行业组长单位 / Appoint the lead unit of a pilot industry (once per industry)."""

    name = "award.appoint_lead_unit"
    zh, en = "确定试点行业组长单位（每个行业一户）", "appoint the lead unit of a pilot industry"
    roles = MIIT
    enforces = (LEAD, PROVIDER, DATE)
    args = AppointLeadArgs
    cli = ("city", "award", "appoint-lead-unit")
    cli_arguments = ("programme_id", "industry")

    def execute(self, args: AppointLeadArgs, ctx: Reader) -> Sequence[Aggregate]:
        existing = ctx.find(LeadUnit, lead_unit_stream(args.programme_id, args.industry))
        if existing is not None:
            LEAD.refuse(
                "industry", f"{args.industry} already has lead unit {existing.provider_uscc} ({existing.doc_no})"
            )
        provider_of(ctx, args.provider_uscc, "provider_uscc")
        lead = LeadUnit(
            programme_id=args.programme_id,
            industry=args.industry,
            provider_uscc=args.provider_uscc,
            doc_no=args.doc_no,
            decided_on=not_after_today(ctx, args.decided_on, "decided_on"),
            appointed_by=ctx.actor.actor_id,
        )
        return [lead]


# -- applications (申报) -------------------------------------------------------------------------------


class ApplyProductArgs(StrictModel):
    award_id: Id
    batch_id: Id
    provider_uscc: Uscc
    category: Annotated[ProductCategory, enum_parser(ProductCategory, FIELD_RULE)]
    product_name: Name
    description_sha256: Sha256
    list_price_fen: PositiveFen | None = None
    evidence: list[Sha256] = Field(default_factory=list, max_length=MAX_EVIDENCE)


class ApplyProduct(Command[ApplyProductArgs]):
    """产品服务奖补申报 / A provider applies with a 小快轻准 or 链式 product (第四条（二）, 第九条)."""

    name = "award.apply_product"
    zh, en = "申报“小快轻准”或“链式”产品服务奖补", "apply for a product award (小快轻准 or 链式)"
    roles = frozenset({Role.PROVIDER})
    enforces = (UNIQUE, PROVIDER, BATCH, CRITERIA, MODE, ITEM_CAP)
    args = ApplyProductArgs
    cli = ("city", "award", "apply-product")
    cli_arguments = ("award_id",)

    def execute(self, args: ApplyProductArgs, ctx: Reader) -> Sequence[Aggregate]:
        new_award_id(ctx, args.award_id)
        own_organisation(ctx, args.provider_uscc, "provider_uscc")
        provider_of(ctx, args.provider_uscc, "provider_uscc")
        batch = open_batch(ctx, args.batch_id, PRODUCT_BATCH)
        keys = [f"sha256:{args.description_sha256}", product_name_key(args.provider_uscc, args.product_name)]
        for key in keys:
            claim = ctx.find(ProductClaim, product_claim_stream(batch.programme_id, key))
            if claim is not None:
                ITEM_CAP.refuse(
                    "description_sha256" if key.startswith("sha256:") else "product_name",
                    f"this product already applied as {claim.award_id}: the caps of 第四条（二） are per product",
                )
        claims = [ProductClaim(programme_id=batch.programme_id, key=k, award_id=args.award_id) for k in keys]
        award = Award(
            award_id=args.award_id,
            kind=PRODUCT,
            category=args.category.value,
            programme_id=batch.programme_id,
            batch_id=batch.batch_id,
            policy_version_id=batch.policy_version_id,
            provider_uscc=args.provider_uscc,
            details={
                "product_name": args.product_name,
                "description_sha256": args.description_sha256,
                "list_price_fen": args.list_price_fen,
            },
            evidence=list(args.evidence),
            support_mode=REWARD_IN_LIEU,
            applied_on=local_date(ctx.now).isoformat(),
            applied_by=ctx.actor.actor_id,
        )
        return [award, *claims]


class IndicatorResult(StrictModel):
    id: Id
    metric: Text
    unit: Name
    target: int = Field(ge=0, le=10**12)
    actual: int = Field(ge=0, le=10**12)
    direction: Annotated[Direction, enum_parser(Direction, FIELD_RULE)] = Direction.AT_LEAST


class ApplyDiagnosisArgs(StrictModel):
    award_id: Id
    batch_id: Id
    industry: Name
    lead_uscc: Uscc
    enterprises_diagnosed: Count
    indicators: list[IndicatorResult] = Field(min_length=1, max_length=MAX_INDICATORS)
    report_sha256: Sha256
    evidence: list[Sha256] = Field(default_factory=list, max_length=MAX_EVIDENCE)


class ApplyDiagnosis(Command[ApplyDiagnosisArgs]):
    """诊断咨询奖励申报 / A lead unit applies with its diagnosed enterprises and outcome indicators (第四条（三）2)."""

    name = "award.apply_diagnosis"
    zh, en = "组长单位申报诊断咨询服务奖励（诊断企业数量与成效指标）", "a lead unit applies for the diagnosis award"
    roles = frozenset({Role.LEAD_UNIT})
    enforces = (UNIQUE, PROVIDER, LEAD, BATCH, CRITERIA, MODE)
    args = ApplyDiagnosisArgs
    cli = ("city", "award", "apply-diagnosis")
    cli_arguments = ("award_id",)

    def execute(self, args: ApplyDiagnosisArgs, ctx: Reader) -> Sequence[Aggregate]:
        new_award_id(ctx, args.award_id)
        own_organisation(ctx, args.lead_uscc, "lead_uscc")
        batch = open_batch(ctx, args.batch_id, DIAGNOSIS_BATCH)
        lead = ctx.find(LeadUnit, lead_unit_stream(batch.programme_id, args.industry))
        if lead is None or lead.provider_uscc != args.lead_uscc:
            who = "no lead unit" if lead is None else f"lead unit {lead.provider_uscc}"
            LEAD.refuse("lead_uscc", f"{args.industry} has {who}; {args.lead_uscc} is not its lead unit")
        ids_ = [i.id for i in args.indicators]
        FIELD.check(len(set(ids_)) == len(ids_), "indicators", "one indicator id appears twice")
        award = Award(
            award_id=args.award_id,
            kind=DIAGNOSIS,
            category=DIAGNOSIS,
            programme_id=batch.programme_id,
            batch_id=batch.batch_id,
            policy_version_id=batch.policy_version_id,
            provider_uscc=args.lead_uscc,
            details={
                "industry": args.industry,
                "lead_unit_doc_no": lead.doc_no,
                "enterprises_diagnosed": args.enterprises_diagnosed,
                "indicators": [stored(i) for i in args.indicators],
                "report_sha256": args.report_sha256,
            },
            evidence=list(args.evidence),
            support_mode=REWARD_IN_LIEU,
            applied_on=local_date(ctx.now).isoformat(),
            applied_by=ctx.actor.actor_id,
        )
        return [award]


# -- review (评审) ---------------------------------------------------------------------------------------


class ReviewArgs(StrictModel):
    award_id: Id
    score: int = Field(ge=-1_000, le=1_000)  # judged by FT-AWD-SCORE, not the field check
    rank: int = Field(ge=-1_000_000, le=1_000_000)
    selected: bool
    panel_id: Id
    review_sha256: Sha256
    reviewed_on: IsoDate


class RecordReview(Command[ReviewArgs]):
    """评审结果 / The panel's score, rank and selection under the batch's criteria (第九条)."""

    name = "award.record_review"
    zh, en = "登记评审结果（得分、名次、是否入选）", "record the review: score, rank, selected or not"
    roles = MIIT
    enforces = (ORDER, SCORE, DATE)
    args = ReviewArgs
    cli = ("city", "award", "review")
    cli_arguments = ("award_id",)

    def execute(self, args: ReviewArgs, ctx: Reader) -> Sequence[Aggregate]:
        award = load_award(ctx, args.award_id)
        award.require((APPLIED,), "a review")
        SCORE.check(0 <= args.score <= 100, "score", f"expected 0 to 100, got {args.score}")
        SCORE.check(args.rank >= 1, "rank", f"expected a rank from 1, got {args.rank}")
        ranking = ctx.find(Ranking, ranking_stream(award.batch_id, award.category))
        if ranking is None:
            ranking = Ranking(batch_id=award.batch_id, category=award.category)
        holder = ranking.ranks.get(str(args.rank))
        if holder is not None:
            SCORE.refuse("rank", f"rank {args.rank} of {award.batch_id} / {award.category} is {holder}'s")
        ranking.give(args.rank, award.award_id)
        award.record_review(
            {
                "score": args.score,
                "rank": args.rank,
                "selected": args.selected,
                "panel_id": args.panel_id,
                "review_sha256": args.review_sha256,
                "reviewed_on": not_after_today(ctx, args.reviewed_on, "reviewed_on"),
                "recorded_by": ctx.actor.actor_id,
            }
        )
        return [award, ranking]


# -- proposal (拟定金额) ------------------------------------------------------------------------------------


class ProposeArgs(StrictModel):
    award_id: Id
    amount_fen: PositiveFen
    reason: LongText | None = None


def cap_of(params: PolicyParams, key: str, version: str, field: str) -> int:
    found = params.award_caps_fen.get(key)
    if found is None:
        CAP_SET.refuse(field, f"policy version {version} sets no award cap {key!r}")
    return found


def category_cap(params: PolicyParams, category: str, version: str, field: str) -> int:
    found = params.category_cap(category)
    if found is None:
        CAP_SET.refuse(field, f"policy version {version} sets no category cap for {category}")
    return found


def unmet(indicators: list[dict[str, object]]) -> list[str]:
    """The indicators whose actual value misses the target in their direction (HRB-4.3.2)."""
    out = []
    for i in indicators:
        target, actual = int(str(i["target"])), int(str(i["actual"]))
        met = actual >= target if i["direction"] == Direction.AT_LEAST.value else actual <= target
        if not met:
            out.append(f"{i['id']} ({i['metric']}: {actual} {i['unit']} against {i['direction']} {target})")
    return out


class Propose(Command[ProposeArgs]):
    """拟定奖补金额 / Propose the amount of a selected award within every cap, reserving it (第四条（二）（三）2)."""

    name = "award.propose"
    zh, en = "拟定奖补金额（单项、服务商或组长单位、类别总额上限内）", "propose an award's amount within its caps"
    roles = MIIT
    enforces = (ORDER, SELECTION, CAP_SET, ITEM_CAP, PROVIDER_CAP, LEAD_CAP, CATEGORY_CAP, INDICATORS, LEAD, REASON)
    args = ProposeArgs
    cli = ("city", "award", "propose")
    cli_arguments = ("award_id",)

    def execute(self, args: ProposeArgs, ctx: Reader) -> Sequence[Aggregate]:
        award = load_award(ctx, args.award_id)
        if award.state == NOT_SELECTED:
            SELECTION.refuse("award_id", f"the review did not select {award.award_id}")
        award.require((SELECTED,), "a proposal")
        batch = ctx.get(Batch, batch_stream(award.batch_id), field="award_id", what="batch")
        params, version = batch.parameters(), batch.policy_version_id
        caps: list[tuple[str, int, Rule]] = []  # (scope, cap, rule): every running total the award falls under
        if award.kind == PRODUCT:
            item_cap = cap_of(params, f"{award.category}_item", version, "amount_fen")
            caps.append(
                (f"provider:{award.provider_uscc}", cap_of(params, "provider", version, "amount_fen"), PROVIDER_CAP)
            )
        else:
            lead = ctx.find(LeadUnit, lead_unit_stream(award.programme_id, str(award.details["industry"])))
            if lead is None or lead.provider_uscc != award.provider_uscc:
                LEAD.refuse(
                    "award_id", f"{award.provider_uscc} is no longer the lead unit of {award.details['industry']}"
                )
            missed = unmet(list(award.details["indicators"]))
            if missed or int(award.details["enterprises_diagnosed"]) < 1:
                INDICATORS.refuse(
                    "award_id",
                    f"expected indicators not met: {'; '.join(missed) or 'no enterprise diagnosed'}",
                )
            item_cap = cap_of(params, "lead_unit", version, "amount_fen")
            caps.append((f"lead_unit:{award.provider_uscc}", item_cap, LEAD_CAP))
        caps.append(
            (f"category:{award.category}", category_cap(params, award.category, version, "amount_fen"), CATEGORY_CAP)
        )
        if args.amount_fen > item_cap:
            rule = ITEM_CAP if award.kind == PRODUCT else LEAD_CAP
            rule.refuse(
                "amount_fen", f"{args.amount_fen} 分 is above the {item_cap} 分 cap of one {award.category} award"
            )
        accounts = [(cap_account(ctx, award.programme_id, scope), cap, rule) for scope, cap, rule in caps]
        lefts = [
            (acct.scope, acct.committed_fen - acct.reserved_for(award.award_id), cap, acct.left(cap, award.award_id))
            for acct, cap, _ in accounts
        ]
        ceiling_fen = min([item_cap, *(left for *_, left in lefts)])
        for acct, cap, rule in accounts:
            acct.reserve(award.award_id, args.amount_fen, cap, rule, "amount_fen")
        if args.amount_fen < ceiling_fen and not args.reason:
            REASON.refuse("reason", f"{args.amount_fen} 分 is below the ceiling of {ceiling_fen} 分: state the basis")
        ceiling = {
            "policy_version_id": version,
            "policy_hash": batch.policy_hash,
            "category": award.category,
            "support_mode": award.support_mode,
            "item_cap_fen": item_cap,
            "caps": [
                {
                    "scope": scope,
                    "before_fen": before,
                    "cap_fen": cap,
                    "left_fen": left,
                    "after_fen": before + args.amount_fen,
                }
                for scope, before, cap, left in lefts
            ],
            "ceiling_fen": ceiling_fen,
            "articles": [ARTICLE.get(award.category, "第四条"), "第七条", "第九条"],
        }
        award.propose(args.amount_fen, ceiling, args.reason, ctx.actor.actor_id)
        return [award, *(acct for acct, _, _ in accounts)]


class WithdrawArgs(StrictModel):
    award_id: Id
    reason: Text


class Withdraw(Command[WithdrawArgs]):
    """撤回奖补 / Withdraw an award before approval; its reservations are released."""

    name = "award.withdraw"
    zh, en = "撤回奖补（批准前，释放占用额度）", "withdraw an award before approval (releases its reservations)"
    roles = frozenset({Role.CITY_MIIT, Role.PROVIDER, Role.LEAD_UNIT})
    enforces = (ORDER, PROVIDER)
    args = WithdrawArgs
    cli = ("city", "award", "withdraw")
    cli_arguments = ("award_id",)

    def execute(self, args: WithdrawArgs, ctx: Reader) -> Sequence[Aggregate]:
        award = load_award(ctx, args.award_id)
        if not ctx.actor.has_role(Role.CITY_MIIT):
            own_organisation(ctx, award.provider_uscc, "award_id")
        held = award.proposed_fen if award.state == PROPOSED else 0
        award.withdraw(args.reason, ctx.actor.actor_id)
        changed: list[Aggregate] = [award]
        if held:
            for acct in award_holders(ctx, award):
                acct.release(award.award_id, acct.reserved_for(award.award_id), f"withdrawn: {args.reason}")
                changed.append(acct)
        return changed


def award_holders(ctx: Reader, award: Award) -> list[AwardCap]:
    """The running totals an award reserves in (the approval releases what it does not approve)."""
    first = f"provider:{award.provider_uscc}" if award.kind == PRODUCT else f"lead_unit:{award.provider_uscc}"
    return [cap_account(ctx, award.programme_id, s) for s in (first, f"category:{award.category}")]


COMMANDS = (
    RegisterProvider(),
    RecordProviderCreditCheck(),
    AppointLeadUnit(),
    ApplyProduct(),
    ApplyDiagnosis(),
    RecordReview(),
    Propose(),
    Withdraw(),
)
