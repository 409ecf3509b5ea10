"""The task force's commands (督察联合工作组, HRB 第十五条): flags, findings, rectification, 销号, links.

The task force reads everything and writes only these records (and, through domain/clawback, its cases).
A dismissal is co-signed (domain/kernel/cosign.py): one inspector proposes it, a second countersigns it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated
from typing import Any

from pydantic import Field

from domain import ids
from domain.audit.aggregate import NOTIFIED
from domain.audit.aggregate import Finding
from domain.audit.aggregate import Flag
from domain.audit.aggregate import finding_stream
from domain.audit.aggregate import flag_stream
from domain.audit.rules import FLAG
from domain.audit.rules import LINK
from domain.audit.rules import NOTICE
from domain.audit.rules import ORDER
from domain.audit.rules import OVERDUE
from domain.audit.rules import RECTIFIER
from domain.audit.rules import SOD
from domain.audit.rules import UNIQUE
from domain.clawback.aggregate import clawback_case_stream
from domain.kernel.commands import Command
from domain.kernel.cosign import PROPOSAL
from domain.kernel.cosign import CoSigned
from domain.kernel.cosign import companions
from domain.kernel.dates import local_date
from domain.kernel.dates import not_after_today
from domain.kernel.fields import FIELD_RULE
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import LongText
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.publicity.commands import registered_calendar
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader
    from domain.kernel.cosign import Proposal

INSPECTORS = frozenset({Role.INSPECTOR})
RECTIFIERS = frozenset(
    {
        Role.APPLICANT,
        Role.PROVIDER,
        Role.LEAD_UNIT,
        Role.THIRD_PARTY,
        Role.CITY_MIIT,
        Role.CITY_FINANCE,
        Role.DISTRICT_MIIT,
        Role.DISTRICT_FINANCE,
        Role.COUNTY_FINANCE,
        Role.COUNTY_MIIT,
        Role.PROV_MIIT,
    }
)
RULE_ID = Annotated[str, Field(pattern=r"^R[0-9]{1,2}$")]


class Mode(StrEnum):
    IMMEDIATE = "immediate"  # 立行立改
    STAGED = "staged"  # 分阶段整改
    CONTINUOUS = "continuous"  # 持续整改


# the longest deadline of each mode, in working days (docs/decisions.md §51)
MODE_LIMIT = {Mode.IMMEDIATE: 10, Mode.STAGED: 60, Mode.CONTINUOUS: 250}


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class LinkKind(StrEnum):
    CLAWBACK_CASE = "clawback_case"  # 第十七条: a case of domain/clawback
    DISQUALIFICATION = "disqualification"  # 第十七条 取消申请资格: the registered decision document
    JUDICIAL_REFERRAL = "judicial_referral"  # 第十六条: the registered referral document


def load_flag(ctx: Reader, flag_id: str) -> Flag:
    return ctx.get(Flag, flag_stream(flag_id), field="flag_id", what="flag")


def load_finding(ctx: Reader, finding_id: str) -> Finding:
    return ctx.get(Finding, finding_stream(finding_id), field="finding_id", what="finding")


# -- flags ------------------------------------------------------------------------------------------------


class RaiseArgs(StrictModel):
    flag_id: Id
    rule_id: RULE_ID
    parameters_version: Text
    subjects: list[Id] = Field(min_length=1, max_length=50)
    facts: dict[str, Any] = Field(default_factory=dict)
    seqs: list[int] = Field(min_length=1, max_length=500)
    summary: LongText


class RaiseFlag(Command[RaiseArgs]):
    """提出疑点 / Record a red flag: its rule, parameters, facts and the records it rests on."""

    name = "audit.raise_flag"
    zh, en = "提出疑点（规则、参数版本、事实、所依据记录序号）", "raise a red flag citing its rule and records"
    roles = INSPECTORS
    enforces = (UNIQUE, FLAG)
    args = RaiseArgs
    cli = ("audit", "flag", "raise")
    cli_arguments = ("flag_id",)

    def execute(self, args: RaiseArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(flag_stream(args.flag_id)):
            UNIQUE.refuse("flag_id", f"flag {args.flag_id!r} is already raised")
        for i, seq in enumerate(args.seqs):
            FLAG.check(seq >= 1, f"seqs[{i}]", f"a record's seq is 1 or more, got {seq}")
        FLAG.check(len(set(args.seqs)) == len(args.seqs), "seqs", "a record is cited twice")
        flag = Flag(
            flag_id=args.flag_id,
            rule_id=args.rule_id,
            parameters_version=args.parameters_version,
            subjects=list(args.subjects),
            facts=args.facts,
            seqs=sorted(args.seqs),
            summary=args.summary,
            raised_by=ctx.actor.actor_id,
        )
        return [flag]


class DismissArgs(StrictModel):
    flag_id: Id
    reasons: LongText
    evidence: list[Sha256] = Field(default_factory=list, max_length=20)


class DismissFlag(CoSigned[DismissArgs]):
    """排除疑点 / Propose dismissing a flag, with reasons; it takes effect when a second inspector countersigns."""

    name = "audit.dismiss_flag"
    zh, en = (
        "排除疑点（说明理由，另一名督察人员会签后生效）",
        "dismiss a flag with reasons (effective when countersigned)",
    )
    roles = INSPECTORS
    countersign_roles = INSPECTORS
    distinct_org = False  # both inspectors are of the task force
    enforces = (PROPOSAL, ORDER, SOD)
    args = DismissArgs
    cli = ("audit", "flag", "dismiss")
    cli_arguments = ("flag_id",)

    def key(self, args: DismissArgs) -> str:
        return args.flag_id

    def check(self, args: DismissArgs, ctx: Reader) -> None:
        load_flag(ctx, args.flag_id).require_open()

    def take_effect(self, args: DismissArgs, ctx: Reader, proposal: Proposal) -> Sequence[Aggregate]:
        flag = load_flag(ctx, args.flag_id)
        flag.dismiss(args.reasons, proposal.proposed_by, ctx.actor.actor_id)
        return [flag]


DismissCountersign, DismissWithdraw = companions(DismissFlag, ("audit", "flag"))


class PromoteArgs(StrictModel):
    flag_id: Id
    finding_id: Id
    title: Text
    description: LongText
    responsible_org: Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")]
    severity: Annotated[Severity, enum_parser(Severity, FIELD_RULE)]


class PromoteFlag(Command[PromoteArgs]):
    """认定问题 / Promote a flag to a finding, naming the organisation responsible for correcting it."""

    name = "audit.promote_flag"
    zh, en = "疑点认定为问题（写明责任单位）", "promote a flag to a finding with the responsible organisation"
    roles = INSPECTORS
    enforces = (UNIQUE, ORDER)
    args = PromoteArgs
    cli = ("audit", "flag", "promote")
    cli_arguments = ("flag_id",)

    def execute(self, args: PromoteArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(finding_stream(args.finding_id)):
            UNIQUE.refuse("finding_id", f"finding {args.finding_id!r} is already recorded")
        flag = load_flag(ctx, args.flag_id)
        flag.promote(args.finding_id)
        finding = Finding(
            finding_id=args.finding_id,
            flag_id=flag.flag_id,
            title=args.title,
            description=args.description,
            subjects=list(flag.subjects),
            responsible_org=args.responsible_org,
            severity=args.severity.value,
            recorded_by=ctx.actor.actor_id,
        )
        return [flag, finding]


# -- rectification --------------------------------------------------------------------------------------------


class NoticeArgs(StrictModel):
    finding_id: Id
    notice_no: Text
    mode: Annotated[Mode, enum_parser(Mode, NOTICE.id)]
    working_days: int = Field(ge=1, le=250)
    requirements: LongText
    sha256: Sha256  # the notice document


class IssueNotice(Command[NoticeArgs]):
    """整改通知 / Issue a rectification notice: mode and deadline in working days (立行立改/分阶段/持续整改)."""

    name = "audit.issue_notice"
    zh, en = (
        "下发整改通知（整改方式、以工作日计的期限）",
        "issue a rectification notice (mode, deadline in working days)",
    )
    roles = INSPECTORS
    enforces = (ORDER, NOTICE)
    args = NoticeArgs
    cli = ("audit", "finding", "notice")
    cli_arguments = ("finding_id",)

    def execute(self, args: NoticeArgs, ctx: Reader) -> Sequence[Aggregate]:
        finding = load_finding(ctx, args.finding_id)
        limit = MODE_LIMIT[args.mode]
        NOTICE.check(
            args.working_days <= limit,
            "working_days",
            f"{args.mode.value} allows at most {limit} working days, got {args.working_days}",
        )
        issued = local_date(ctx.now)
        due = registered_calendar(ctx).add_working_days(issued, args.working_days, "working_days")
        finding.notify(
            {
                "notice_no": args.notice_no,
                "mode": args.mode.value,
                "working_days": args.working_days,
                "requirements": args.requirements,
                "sha256": args.sha256,
                "issued_on": issued.isoformat(),
                "due_on": due.isoformat(),
                "issued_by": ctx.actor.actor_id,
            }
        )
        return [finding]


class SubmitArgs(StrictModel):
    finding_id: Id
    summary: LongText
    evidence: list[Sha256] = Field(min_length=1, max_length=50)
    submitted_on: IsoDate


class SubmitRectification(Command[SubmitArgs]):
    """提交整改 / The responsible organisation submits its rectification with evidence (late ones flagged)."""

    name = "audit.submit_rectification"
    zh, en = "责任单位提交整改材料（逾期予以标记）", "submit a rectification with evidence (late ones flagged)"
    roles = RECTIFIERS
    enforces = (ORDER, RECTIFIER, OVERDUE)
    args = SubmitArgs
    cli = ("audit", "finding", "rectify")
    cli_arguments = ("finding_id",)

    def execute(self, args: SubmitArgs, ctx: Reader) -> Sequence[Aggregate]:
        finding = load_finding(ctx, args.finding_id)
        org = str(ctx.actor.organisation.get("code"))
        RECTIFIER.check(
            org == finding.responsible_org,
            "finding_id",
            f"{finding.finding_id} is {finding.responsible_org}'s to rectify, not {org}'s",
        )
        finding.require((NOTIFIED,), "a rectification")
        day = not_after_today(ctx, args.submitted_on, "submitted_on")
        due = str(finding.notice["due_on"])
        late = day > due
        finding.submit(
            {
                "summary": args.summary,
                "evidence": list(args.evidence),
                "submitted_on": day,
                "late": late,
                "warnings": [{"rule": OVERDUE.id, "detail": f"due {due}, submitted {day}"}] if late else [],
                "submitted_by": ctx.actor.actor_id,
            }
        )
        return [finding]


class RecheckArgs(StrictModel):
    finding_id: Id
    accepted: bool
    reasons: LongText
    sha256: Sha256  # the 复核 record


class RecheckRectification(Command[RecheckArgs]):
    """整改复核 / An inspector other than the notice's issuer accepts the rectification or returns it."""

    name = "audit.recheck_rectification"
    zh, en = "整改复核（非通知签发人；通过或退回）", "re-check a rectification (accept or return it)"
    roles = INSPECTORS
    enforces = (ORDER, SOD)
    args = RecheckArgs
    cli = ("audit", "finding", "recheck")
    cli_arguments = ("finding_id",)

    def execute(self, args: RecheckArgs, ctx: Reader) -> Sequence[Aggregate]:
        finding = load_finding(ctx, args.finding_id)
        finding.require(("submitted",), "a 复核")
        me = ctx.actor.actor_id
        SOD.check(me != finding.notice["issued_by"], "finding_id", f"{me} issued the notice it would re-check")
        finding.recheck(
            {
                "accepted": args.accepted,
                "reasons": args.reasons,
                "sha256": args.sha256,
                "on": local_date(ctx.now).isoformat(),
                "by": me,
            }
        )
        return [finding]


class CloseArgs(StrictModel):
    finding_id: Id
    note: Text


class CloseFinding(Command[CloseArgs]):
    """销号 / Close a finding whose rectification was accepted."""

    name = "audit.close_finding"
    zh, en = "销号（整改经复核通过）", "close a finding whose rectification was accepted (销号)"
    roles = INSPECTORS
    enforces = (ORDER,)
    args = CloseArgs
    cli = ("audit", "finding", "close")
    cli_arguments = ("finding_id",)

    def execute(self, args: CloseArgs, ctx: Reader) -> Sequence[Aggregate]:
        finding = load_finding(ctx, args.finding_id)
        finding.close({"note": args.note, "on": local_date(ctx.now).isoformat(), "by": ctx.actor.actor_id})
        return [finding]


class LinkArgs(StrictModel):
    finding_id: Id
    kind: Annotated[LinkKind, enum_parser(LinkKind, LINK.id)]
    ref: Id


class LinkFinding(Command[LinkArgs]):
    """关联 / Link a finding to a clawback case, a disqualification or a judicial referral already recorded."""

    name = "audit.link_finding"
    zh, en = (
        "问题关联追回案件、取消资格或移送司法机关",
        "link a finding to a clawback case, disqualification or referral",
    )
    roles = INSPECTORS
    enforces = (LINK,)
    args = LinkArgs
    cli = ("audit", "finding", "link")
    cli_arguments = ("finding_id",)

    def execute(self, args: LinkArgs, ctx: Reader) -> Sequence[Aggregate]:
        finding = load_finding(ctx, args.finding_id)
        if args.kind is LinkKind.CLAWBACK_CASE:
            found = ctx.exists(clawback_case_stream(args.ref))
        else:
            found = ctx.exists(ids.document_stream(args.ref))
        what = "clawback case" if args.kind is LinkKind.CLAWBACK_CASE else "registered document"
        LINK.check(found, "ref", f"no {what} {args.ref!r} is recorded", error="not_found")
        LINK.check(
            not any(link["kind"] == args.kind.value and link["ref"] == args.ref for link in finding.links),
            "ref",
            f"{finding.finding_id} is already linked to {args.ref}",
        )
        finding.link(args.kind.value, args.ref, ctx.actor.actor_id)
        return [finding]


COMMANDS = (
    RaiseFlag(),
    DismissFlag(),
    DismissCountersign(),
    DismissWithdraw(),
    PromoteFlag(),
    IssueNotice(),
    SubmitRectification(),
    RecheckRectification(),
    CloseFinding(),
    LinkFinding(),
)
