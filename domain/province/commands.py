"""Provincial award commands, part 1: the annual call and applications (HLJ 第三条, 第四条（一）（二）, 第五条（一）,
第十一条). The review, decision and money commands are in the modules beside this one; ``COMMANDS`` lists all.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field

from domain.award.aggregate import award_stream
from domain.enterprise.fields import AccountHash
from domain.enterprise.fields import Uscc
from domain.enterprise.fields import Year
from domain.kernel.commands import Command
from domain.kernel.dates import local_date
from domain.kernel.dates import not_after_today
from domain.kernel.fields import FIELD_RULE
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import Name
from domain.kernel.fields import PositiveFen
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.project.account import EnterpriseAccount
from domain.project.account import enterprise_account_stream
from domain.project.aggregate import project_stream
from domain.project.claims import InvoiceClaim
from domain.project.claims import VoucherClaim
from domain.project.claims import invoice_claim_stream
from domain.project.claims import invoice_key
from domain.project.claims import voucher_claim_stream
from domain.project.claims import voucher_key
from domain.province import decision_commands
from domain.province import money_commands
from domain.province import review_commands
from domain.province.application import LITTLE_GIANT
from domain.province.application import SINGLE_CHAMPION
from domain.province.application import BenchmarkApplication
from domain.province.application import application_stream
from domain.province.call import FINANCIAL
from domain.province.call import TECHNICAL
from domain.province.call import AnnualCall
from domain.province.call import ProvincialEnterprise
from domain.province.call import call_stream
from domain.province.call import provincial_enterprise_stream
from domain.province.rules import AMOUNT
from domain.province.rules import APPLICANT
from domain.province.rules import CALL
from domain.province.rules import EXCLUDED
from domain.province.rules import MATERIALS
from domain.province.rules import ONCE
from domain.province.rules import OVERLAP
from domain.province.rules import SAME_EVIDENCE
from domain.province.rules import STATUS
from domain.province.rules import UNIQUE
from domain.publicity.calendar import MAX_WORKING_DAYS
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

WAN = 1_000_000  # 1万元 in 分
NORMAL_FEN = 50 * WAN  # 第三条: 50万元
NATIONAL_FEN = 100 * WAN  # 第三条: 100万元 for a national 小巨人 or 单项冠军
MIN_PUBLICITY_DAYS = 5  # 第四条（三）: 不少于5个工作日
PROV_MIIT = frozenset({Role.PROV_MIIT})
MAX_CRITERIA = 30
MAX_MATERIALS = 50
MAX_POINTS = 100_00  # a criterion is worth at most 100 points (hundredths)


class CriterionKind(StrEnum):
    TECHNICAL = TECHNICAL  # 技术审核
    FINANCIAL = FINANCIAL  # 财务审核


class StatusKind(StrEnum):
    LITTLE_GIANT = LITTLE_GIANT
    SINGLE_CHAMPION = SINGLE_CHAMPION


def load_call(ctx: Reader, call_id: str, field: str = "call_id") -> AnnualCall:
    return ctx.get(AnnualCall, call_stream(call_id), field=field, what="provincial call")


def load_application(ctx: Reader, application_id: str, field: str = "application_id") -> BenchmarkApplication:
    return ctx.get(BenchmarkApplication, application_stream(application_id), field=field, what="application")


# -- the annual call -----------------------------------------------------------------------------------


class CriterionArgs(StrictModel):
    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,20}$")]
    name: Name
    kind: Annotated[CriterionKind, enum_parser(CriterionKind, FIELD_RULE)]
    max_points: int = Field(ge=1, le=MAX_POINTS)


class PublishCallArgs(StrictModel):
    call_id: Id
    programme_id: Id
    year: Year
    notice_doc_no: Text
    notice_sha256: Sha256
    published_on: IsoDate
    deadline: IsoDate
    quota: int = Field(ge=1, le=1000)
    criteria: list[CriterionArgs] = Field(min_length=1, max_length=MAX_CRITERIA)
    normal_fen: PositiveFen = NORMAL_FEN
    national_fen: PositiveFen = NATIONAL_FEN
    publicity_working_days: int = Field(default=MIN_PUBLICITY_DAYS, ge=1, le=MAX_WORKING_DAYS)
    forward_sla_working_days: int = Field(default=20, ge=1, le=MAX_WORKING_DAYS)
    reviewers_per_application: int = Field(default=3, ge=1, le=15)
    once_per_lifetime: bool = True
    overlap_programmes: list[Id] = Field(default_factory=list, max_length=20)


class PublishCall(Command[PublishCallArgs]):
    """申报通知 / Publish the year's call: quota, deadline, criteria, amounts (第三条, 第四条（一）)."""

    name = "province.publish_call"
    zh, en = (
        "发布年度申报通知（名额、截止日、评价标准、奖励金额）",
        "publish the year's call (quota, deadline, criteria)",
    )
    roles = PROV_MIIT
    enforces = (UNIQUE, AMOUNT, CALL)
    args = PublishCallArgs
    cli = ("province", "call", "publish")
    cli_arguments = ("call_id",)

    def execute(self, args: PublishCallArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(call_stream(args.call_id)):
            UNIQUE.refuse("call_id", f"call {args.call_id!r} is already published")
        AMOUNT.check(
            args.normal_fen == NORMAL_FEN,
            "normal_fen",
            f"第三条 gives {NORMAL_FEN} 分 (50万元) to each benchmark enterprise, not {args.normal_fen} 分",
        )
        AMOUNT.check(
            args.national_fen == NATIONAL_FEN,
            "national_fen",
            f"第三条 gives {NATIONAL_FEN} 分 (100万元) to a national 小巨人 or 单项冠军, not {args.national_fen} 分",
        )
        CALL.check(
            args.publicity_working_days >= MIN_PUBLICITY_DAYS,
            "publicity_working_days",
            f"第四条（三） requires at least {MIN_PUBLICITY_DAYS} working days, got {args.publicity_working_days}",
        )
        published = not_after_today(ctx, args.published_on, "published_on")
        CALL.check(args.deadline > args.published_on, "deadline", f"expected a day after {published}")
        CALL.check(
            args.year in (args.published_on.year, args.published_on.year - 1),
            "year",
            f"a call published on {published} is for {args.published_on.year} (or the year before), not {args.year}",
        )
        codes = [c.code for c in args.criteria]
        CALL.check(len(set(codes)) == len(codes), "criteria", "a criterion code appears twice")
        kinds = {c.kind for c in args.criteria}
        CALL.check(
            kinds == {CriterionKind.TECHNICAL, CriterionKind.FINANCIAL},
            "criteria",
            "第四条（二） asks for a technical and a financial review: give criteria of both kinds",
        )
        call = AnnualCall(
            call_id=args.call_id,
            programme_id=args.programme_id,
            year=args.year,
            notice_doc_no=args.notice_doc_no,
            notice_sha256=args.notice_sha256,
            published_on=published,
            deadline=args.deadline.isoformat(),
            quota=args.quota,
            criteria=[c.model_dump(mode="json") for c in args.criteria],
            normal_fen=args.normal_fen,
            national_fen=args.national_fen,
            publicity_working_days=args.publicity_working_days,
            forward_sla_working_days=args.forward_sla_working_days,
            reviewers_per_application=args.reviewers_per_application,
            once_per_lifetime=args.once_per_lifetime,
            overlap_programmes=list(args.overlap_programmes),
            published_by=ctx.actor.actor_id,
        )
        return [call]


# -- applications --------------------------------------------------------------------------------------


class StatusArgs(StrictModel):
    """A national status, evidenced by the national list that names the enterprise (A19)."""

    kind: Annotated[StatusKind, enum_parser(StatusKind, STATUS.id)]
    list_title: Text
    list_batch: Name
    list_year: Year
    published_on: IsoDate
    sha256: Sha256


class InvoiceArgs(StrictModel):
    kind: Annotated[str, Field(pattern=r"^(digital|legacy)$")]
    code: Annotated[str, Field(pattern=r"^[0-9]{10,12}$")] | None = None
    number: Annotated[str, Field(pattern=r"^[0-9]{8,20}$")]


class VoucherArgs(StrictModel):
    bank: Name
    serial_no: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{4,40}$")]


class PartiesArgs(StrictModel):
    """Who a reviewer must not be related to (第五条（三）): USCCs, or salted hashes of persons."""

    providers: list[Uscc] = Field(default_factory=list, max_length=20)
    shareholders: list[Annotated[str, Field(pattern=r"^([0-9A-Z]{18}|[0-9a-f]{64})$")]] = Field(
        default_factory=list, max_length=50
    )
    legal_representative: Sha256


class ApplyArgs(StrictModel):
    application_id: Id
    call_id: Id
    uscc: Uscc
    name: Name
    city: Name
    county: Name
    national_status: list[StatusArgs] = Field(default_factory=list, max_length=2)
    form_sha256: Sha256
    materials: list[Sha256] = Field(default_factory=list, max_length=MAX_MATERIALS)
    parties: PartiesArgs
    invoices: list[InvoiceArgs] = Field(default_factory=list, max_length=MAX_MATERIALS)
    vouchers: list[VoucherArgs] = Field(default_factory=list, max_length=MAX_MATERIALS)
    payee_account_hash: AccountHash


class Apply(Command[ApplyArgs]):
    """申报 / Apply for the year's award, with materials by content hash and any national status."""

    name = "province.apply"
    zh, en = "申报省级示范标杆企业奖励（材料哈希、国家级身份及名单）", "apply for the provincial benchmark award"
    roles = frozenset({Role.APPLICANT})
    enforces = (UNIQUE, APPLICANT, CALL, STATUS, MATERIALS, EXCLUDED, ONCE, OVERLAP, SAME_EVIDENCE)
    args = ApplyArgs
    cli = ("province", "apply")
    cli_arguments = ("application_id",)

    def execute(self, args: ApplyArgs, ctx: Reader) -> Sequence[Aggregate]:
        aid = args.application_id
        if ctx.exists(application_stream(aid)):
            UNIQUE.refuse("application_id", f"application {aid!r} is already recorded")
        if ctx.exists(project_stream(aid)) or ctx.exists(award_stream(aid)):
            UNIQUE.refuse("application_id", f"{aid!r} is a city project's or award's id")
        org = ctx.actor.organisation.get("code")
        APPLICANT.check(org == args.uscc, "uscc", f"{ctx.actor.actor_id} acts for {org!r}, not {args.uscc}")
        call = load_call(ctx, args.call_id)
        today = local_date(ctx.now).isoformat()
        CALL.check(
            call.published_on <= today <= call.deadline,
            "call_id",
            f"call {call.call_id} takes applications from {call.published_on} to {call.deadline}; today is {today}",
        )
        kinds = [s.kind for s in args.national_status]
        STATUS.check(len(set(kinds)) == len(kinds), "national_status", "a status is listed twice")
        for i, status in enumerate(args.national_status):
            STATUS.check(
                status.published_on.isoformat() <= call.deadline,
                f"national_status[{i}].published_on",
                f"the status must stand at the deadline {call.deadline}: a list published on {status.published_on}"
                " came after it",
            )
            STATUS.check(
                status.list_year <= call.year,
                f"national_status[{i}].list_year",
                f"a {status.list_year} list cannot evidence a status for the {call.year} call",
            )
        waived = bool(args.national_status)
        MATERIALS.check(
            waived or bool(args.materials),
            "materials",
            "without a national 小巨人 or 单项冠军 status the supporting materials are required (第四条（二）)",
        )
        MATERIALS.check(len(set(args.materials)) == len(args.materials), "materials", "a material is listed twice")
        # 第三条, A19: one status or both gives the national amount once, never the two added
        ceiling = call.national_fen if waived else call.normal_fen
        file = ctx.find(ProvincialEnterprise, provincial_enterprise_stream(args.uscc))
        if file is None:
            file = ProvincialEnterprise(uscc=args.uscc)
        if file.excluded is not None:
            EXCLUDED.refuse(
                "uscc",
                f"{args.uscc}'s award was cancelled for fraud in case {file.excluded['case_id']}: it may not apply",
            )
        earlier = file.applied_in(call.call_id)
        if earlier is not None:
            UNIQUE.refuse("call_id", f"{args.uscc} already applied to call {call.call_id} ({earlier})")
        warnings: list[dict[str, str]] = []
        eligible = True
        if file.recognised is not None and call.once_per_lifetime:
            eligible = False  # A18: recorded, flagged, never listed
            warnings.append(
                {
                    "rule": ONCE.id,
                    "detail": f"{args.uscc} was recognised in call {file.recognised['call_id']}"
                    f" ({file.recognised['application_id']}): the award is once per enterprise",
                }
            )
        for programme in call.overlap_programmes:
            account = ctx.find(EnterpriseAccount, enterprise_account_stream(programme, args.uscc))
            if account is not None and account.committed_fen > 0:
                warnings.append(
                    {
                        "rule": OVERLAP.id,
                        "detail": f"{args.uscc} holds {account.committed_fen} 分 in city programme {programme}",
                    }
                )
        claims, keys = self.claim_evidence(args, call.programme_id, ctx)
        application = BenchmarkApplication(
            application_id=aid,
            call_id=call.call_id,
            programme_id=call.programme_id,
            enterprise_uscc=args.uscc,
            enterprise_name=args.name,
            city=args.city,
            county=args.county,
            national_status=[s.model_dump(mode="json") for s in args.national_status],
            evidence_waived=waived,
            form_sha256=args.form_sha256,
            materials=list(args.materials),
            parties=args.parties.model_dump(mode="json"),
            vouchers=keys,
            payee_account_hash=args.payee_account_hash,
            ceiling_fen=ceiling,
            eligible=eligible,
            warnings=warnings,
            submitted_at=ctx.now.isoformat(),
            submitted_by=ctx.actor.actor_id,
        )
        file.apply(aid, call.call_id)
        call.take(aid)
        return [application, file, call, *claims]

    @staticmethod
    def claim_evidence(args: ApplyArgs, programme_id: str, ctx: Reader) -> tuple[list[Aggregate], list[str]]:
        """A16: an invoice or bank voucher used by a city project (or another application) is refused; the
        claims are the city's own (domain/project/claims.py), so the city is refused a provincial one too."""
        out: list[Aggregate] = []
        keys: list[str] = []
        for i, inv in enumerate(args.invoices):
            key = invoice_key(inv.kind, inv.code, inv.number)
            first = ctx.find(InvoiceClaim, invoice_claim_stream(key))
            if first is not None or key in keys:
                used = first.project_id if first is not None else "this application"
                SAME_EVIDENCE.refuse(f"invoices[{i}]", f"invoice {key} is already used by {used}")
            keys.append(key)
            out.append(
                InvoiceClaim(
                    key=key, project_id=args.application_id, enterprise_uscc=args.uscc, programme_id=programme_id
                )
            )
        for i, v in enumerate(args.vouchers):
            key = voucher_key(v.bank, v.serial_no)
            first_v = ctx.find(VoucherClaim, voucher_claim_stream(key))
            if first_v is not None or key in keys:
                used = first_v.project_id if first_v is not None else "this application"
                SAME_EVIDENCE.refuse(f"vouchers[{i}]", f"bank voucher {key} is already used by {used}")
            keys.append(key)
            out.append(
                VoucherClaim(
                    key=key, project_id=args.application_id, enterprise_uscc=args.uscc, programme_id=programme_id
                )
            )
        return out, keys


COMMANDS = (
    PublishCall(),
    Apply(),
    *review_commands.COMMANDS,
    *decision_commands.COMMANDS,
    *money_commands.COMMANDS,
)
