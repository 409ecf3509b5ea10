"""Publicity commands: start a list, record and resolve objections, complete (HRB 第八条; A5, A6)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field

from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import local_date
from domain.kernel.dates import not_after_today
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
from domain.province.application import BenchmarkApplication
from domain.province.call import AnnualCall
from domain.province.call import call_stream
from domain.province.rules import AMOUNT as HLJ_AMOUNT
from domain.publicity.aggregate import Publicity
from domain.publicity.aggregate import publicity_stream
from domain.publicity.calendar import MAX_WORKING_DAYS
from domain.publicity.calendar import Schedule
from domain.publicity.calendar import WorkingCalendar
from domain.publicity.calendar import package_knows
from domain.publicity.rules import AMOUNT
from domain.publicity.rules import CALENDAR
from domain.publicity.rules import CEILING
from domain.publicity.rules import CLEAR
from domain.publicity.rules import COMPLETED
from domain.publicity.rules import DAYS
from domain.publicity.rules import KIND
from domain.publicity.rules import LATE
from domain.publicity.rules import LEVEL
from domain.publicity.rules import OBJECTION
from domain.publicity.rules import ON_LIST
from domain.publicity.rules import OPEN
from domain.publicity.rules import RESTART
from domain.publicity.rules import SCHEDULE
from domain.publicity.rules import SCHEDULE_DIFF
from domain.publicity.rules import SUBJECT
from domain.publicity.rules import UNIQUE
from domain.publicity.rules import WINDOW
from domain.publicity.schedule import OfficialSchedule
from domain.publicity.schedule import package_differences
from domain.publicity.schedule import schedule_stream
from domain.publicity.subject import PublicitySubject
from domain.publicity.subject import publicity_subject_stream
from domain.roles import Role
from domain.subjects import load_listed
from domain.subjects import subject_streams

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from eventsourcing.domain import Aggregate

    from domain.award.aggregate import Award
    from domain.kernel.commands import Reader
    from domain.project.aggregate import Project

MIIT = frozenset({Role.CITY_MIIT, Role.PROV_MIIT})  # each for its own programme's lists (FT-PUB-LEVEL)
MAX_ENTRIES = 500
PROPOSED = "proposed"


class ListKind(StrEnum):
    TRANSFORMATION_SUBSIDY = "transformation_subsidy"  # 中小企业数字化改造补助, HRB 第四条（一）
    PRODUCT_AWARD = "product_award"  # 产品服务培育奖补, HRB 第四条（二）, 第九条
    DIAGNOSIS_AWARD = "diagnosis_award"  # 诊断咨询服务奖励, HRB 第四条（三）2, 第九条
    BENCHMARK_AWARD = "benchmark_award"  # 省级示范标杆企业奖励拟认定名单, HLJ 第四条（三）


# the list kind each batch kind publishes (domain/programme/batch_commands.py BatchKind)
LIST_OF_BATCH = {
    "transformation": ListKind.TRANSFORMATION_SUBSIDY,
    "product_award": ListKind.PRODUCT_AWARD,
    "diagnosis": ListKind.DIAGNOSIS_AWARD,
    "provincial_benchmark": ListKind.BENCHMARK_AWARD,  # a provincial call (domain/province/call.py)
}


def load_round(ctx: Reader, batch_id: str, field: str = "batch_id") -> Batch | AnnualCall:
    """The round a list belongs to: a city batch, or a provincial call (HLJ 第四条（三）)."""
    found = ctx.find(Batch, batch_stream(batch_id))
    if found is not None:
        return found
    return ctx.get(AnnualCall, call_stream(batch_id), field=field, what="batch or provincial call")


def check_level(ctx: Reader, round_: Batch | AnnualCall, field: str) -> None:
    """FT-PUB-LEVEL: 省工信厅 publishes and handles the provincial lists, 市工信局 the city's."""
    needed = Role.PROV_MIIT if isinstance(round_, AnnualCall) else Role.CITY_MIIT
    if not ctx.actor.has_role(needed):
        LEVEL.refuse(field, f"{round_.batch_id}'s lists are handled by {needed.value}; {ctx.actor.actor_id} is not one")


def publicity_floor(round_: Batch | AnnualCall) -> int:
    """The fewest working days a list of the round is published for (HLJ 第四条（三）: at least 5)."""
    if isinstance(round_, AnnualCall):
        return round_.publicity_working_days
    return round_.parameters().publicity_working_days


def load_publicity(ctx: Reader, publicity_id: str) -> Publicity:
    """A publicity, once its handler's level is checked against its round's (FT-PUB-LEVEL)."""
    publicity = ctx.get(Publicity, publicity_stream(publicity_id), field="publicity_id", what="publicity")
    check_level(ctx, load_round(ctx, publicity.batch_id, "publicity_id"), "publicity_id")
    return publicity


class Outcome(StrEnum):
    UPHELD = "upheld"
    DISMISSED = "dismissed"


class Action(StrEnum):
    WITHDRAW = "withdraw"
    CHANGE_AMOUNT = "change_amount"


def registered_calendar(ctx: Reader) -> WorkingCalendar:
    """The working calendar with the schedules registered in the ledger, read as the window needs them."""

    def schedule_for(year: int) -> Schedule | None:
        found = ctx.find(OfficialSchedule, schedule_stream(year))
        return found.schedule() if found is not None else None

    return WorkingCalendar(schedule_for)


# -- official schedules ------------------------------------------------------------------------------


class RegisterScheduleArgs(StrictModel):
    year: int = Field(ge=2004, le=2100)
    holidays: list[IsoDate] = Field(min_length=1, max_length=80)
    adjusted_workdays: list[IsoDate] = Field(default_factory=list, max_length=30)
    notice_no: Text
    notice_sha256: Sha256


class RegisterSchedule(Command[RegisterScheduleArgs]):
    """登记节假日安排 / Register the State Council's holiday schedule of a year."""

    name = "publicity.register_schedule"
    zh, en = "登记国务院办公厅公布的某年节假日安排", "register the State Council's holiday schedule of a year"
    roles = MIIT
    enforces = (SCHEDULE, SCHEDULE_DIFF)
    args = RegisterScheduleArgs
    cli = ("city", "publicity", "register-schedule")
    cli_arguments = ("year",)

    def execute(self, args: RegisterScheduleArgs, ctx: Reader) -> Sequence[Aggregate]:
        year = args.year
        if ctx.exists(schedule_stream(year)):
            SCHEDULE.refuse("year", f"the schedule of {year} is already registered", error="conflict")
        for name, days in (("holidays", args.holidays), ("adjusted_workdays", args.adjusted_workdays)):
            seen: set[date] = set()
            for i, day in enumerate(days):
                SCHEDULE.check(day.year == year, f"{name}[{i}]", f"{day} is not in {year}")
                SCHEDULE.check(day not in seen, f"{name}[{i}]", f"{day} is listed twice")
                seen.add(day)
        holidays = set(args.holidays)
        for i, day in enumerate(args.adjusted_workdays):
            SCHEDULE.check(day not in holidays, f"adjusted_workdays[{i}]", f"{day} is also listed as a holiday")
            SCHEDULE.check(day.weekday() >= 5, f"adjusted_workdays[{i}]", f"{day} is a weekday, not a weekend day")
        schedule = Schedule(
            year=year,
            holidays=frozenset(args.holidays),
            adjusted_workdays=frozenset(args.adjusted_workdays),
            notice_no=args.notice_no,
            notice_sha256=args.notice_sha256,
        )
        differ = package_differences(schedule)
        warnings = (
            [{"rule": SCHEDULE_DIFF.id, "detail": f"differs from the calendar package on {', '.join(differ)}"}]
            if differ
            else []
        )
        made = OfficialSchedule(
            year=year,
            holidays=sorted(d.isoformat() for d in args.holidays),
            adjusted_workdays=sorted(d.isoformat() for d in args.adjusted_workdays),
            notice_no=args.notice_no,
            notice_sha256=args.notice_sha256,
            package_knows_year=package_knows(year),
            warnings=warnings,
            registered_by=ctx.actor.actor_id,
        )
        return [made]


# -- start -------------------------------------------------------------------------------------------


class EntryArgs(StrictModel):
    subject_id: Id
    amount_fen: PositiveFen


class StartArgs(StrictModel):
    publicity_id: Id
    batch_id: Id
    list_kind: Annotated[ListKind, enum_parser(ListKind, KIND.id)]
    entries: list[EntryArgs] = Field(min_length=1, max_length=MAX_ENTRIES)
    channel_url: str = Field(pattern=r"^https?://[^\s]+$", max_length=500)
    content_sha256: Sha256
    start_on: IsoDate
    working_days: int | None = Field(default=None, ge=1, le=MAX_WORKING_DAYS)


class StartPublicity(Command[StartArgs]):
    """公示开始 / Publish a list of proposed amounts for at least the batch's working days."""

    name = "publicity.start"
    zh, en = "开始公示（名单、金额、渠道、内容哈希、工作日）", "start the publicity of a list of proposed amounts"
    roles = MIIT
    enforces = (UNIQUE, LEVEL, KIND, DATE, DAYS, SUBJECT, AMOUNT, OPEN, CALENDAR)
    args = StartArgs
    cli = ("city", "publicity", "start")
    cli_arguments = ("publicity_id",)

    def execute(self, args: StartArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(publicity_stream(args.publicity_id)):
            UNIQUE.refuse("publicity_id", f"publicity {args.publicity_id!r} is already recorded")
        # The window is counted from the day the list goes up (A5), so it is the day it is recorded: a start
        # typed earlier would shorten, or skip, the public's working days.
        today = local_date(ctx.now)
        DATE.check(
            args.start_on == today,
            "start_on",
            f"a publicity starts on the day it is recorded ({today}), not on {args.start_on}",
        )
        batch = load_round(ctx, args.batch_id)
        check_level(ctx, batch, "batch_id")
        expected = LIST_OF_BATCH.get(batch.kind)
        KIND.check(
            expected is args.list_kind, "list_kind", f"batch {batch.batch_id} ({batch.kind}) publishes {expected} lists"
        )
        floor = publicity_floor(batch)
        days = floor if args.working_days is None else args.working_days
        DAYS.check(days >= floor, "working_days", f"batch {args.batch_id} requires at least {floor}, got {days}")
        ctx.prefetch([s for e in args.entries for s in subject_streams(e.subject_id)])
        changed: list[Aggregate] = []
        seen: set[str] = set()
        for i, entry in enumerate(args.entries):
            at = f"entries[{i}]"
            subject = entry.subject_id
            SUBJECT.check(subject not in seen, f"{at}.subject_id", f"{subject} is listed twice")
            seen.add(subject)
            found = load_listed(ctx, subject, f"{at}.subject_id")
            SUBJECT.check(
                found.batch_id == args.batch_id,
                f"{at}.subject_id",
                f"{subject} belongs to batch {found.batch_id}, not {args.batch_id}",
            )
            SUBJECT.check(found.state == PROPOSED, f"{at}.subject_id", f"{subject} is {found.state}, not proposed")
            AMOUNT.check(
                found.proposed_fen == entry.amount_fen,
                f"{at}.amount_fen",
                f"{subject} was proposed at {found.proposed_fen} 分, the list says {entry.amount_fen} 分",
            )
            changed.append(claim_subject(ctx, found, args.publicity_id, f"{at}.subject_id"))
        calendar = registered_calendar(ctx)
        last, end_at = calendar.window_end(args.start_on, days, field="start_on")
        publicity = Publicity(
            publicity_id=args.publicity_id,
            batch_id=args.batch_id,
            list_kind=args.list_kind.value,
            entries=[{"subject_id": e.subject_id, "amount_fen": e.amount_fen} for e in args.entries],
            channel_url=args.channel_url,
            content_sha256=args.content_sha256,
            start_on=args.start_on.isoformat(),
            start_at=ctx.now.isoformat(),
            min_working_days=days,
            calendar_version=calendar.version,
            calendar_schedules=calendar.schedules_used,
            last_working_day=last.isoformat(),
            earliest_end_at=end_at,
            started_by=ctx.actor.actor_id,
        )
        return [publicity, *changed]


def claim_subject(
    ctx: Reader, found: Project | Award | BenchmarkApplication, publicity_id: str, field: str
) -> PublicitySubject:
    """Claim the subject for ``publicity_id``; refused while another publicity still holds it, and after an
    upheld objection withdrew it until it is proposed again (A6)."""
    subject = found.subject_id
    claim = ctx.find(PublicitySubject, publicity_subject_stream(subject))
    if claim is None:
        return PublicitySubject(subject_id=subject, publicity_id=publicity_id)
    holder = ctx.find(Publicity, publicity_stream(claim.publicity_id))
    if holder is not None and holder.holds(subject, ctx.now):
        OPEN.refuse(field, f"{subject} is on publicity {claim.publicity_id}, which is still open")
    if claim.withdrawn_at_proposal is not None and claim.withdrawn_at_proposal == found.proposals:
        SUBJECT.refuse(
            field,
            f"an upheld objection withdrew {subject} from {claim.withdrawn_from}: propose it again before listing it",
        )
    claim.list_again(publicity_id)
    return claim


# -- objections --------------------------------------------------------------------------------------


class ReceiveObjectionArgs(StrictModel):
    publicity_id: Id
    objection_id: Id
    subject_id: Id
    channel: Name
    content_sha256: Sha256
    objector_commitment: Sha256  # a salted hash of the objector's identity (docs/decisions.md §8)
    received_on: IsoDate


class ReceiveObjection(Command[ReceiveObjectionArgs]):
    """异议受理 / Record an objection to an entry of a list (late ones too, flagged)."""

    name = "publicity.receive_objection"
    zh, en = "受理公示异议（逾期异议照常登记并标记）", "record an objection to a listed subject (late ones flagged)"
    roles = MIIT
    enforces = (LEVEL, DATE, ON_LIST, OBJECTION, LATE)
    args = ReceiveObjectionArgs
    cli = ("city", "publicity", "receive-objection")
    cli_arguments = ("publicity_id", "objection_id")

    def execute(self, args: ReceiveObjectionArgs, ctx: Reader) -> Sequence[Aggregate]:
        publicity = load_publicity(ctx, args.publicity_id)
        not_after_today(ctx, args.received_on, "received_on")
        publicity.receive_objection(
            objection_id=args.objection_id,
            subject_id=args.subject_id,
            channel=args.channel,
            content_sha256=args.content_sha256,
            objector_commitment=args.objector_commitment,
            received_on=args.received_on,
            recorded_by=ctx.actor.actor_id,
        )
        return [publicity]


class ResolveObjectionArgs(StrictModel):
    publicity_id: Id
    objection_id: Id
    outcome: Annotated[Outcome, enum_parser(Outcome, OBJECTION.id)]
    reasons: LongText
    investigation_sha256: Sha256
    action: Annotated[Action, enum_parser(Action, OBJECTION.id)] | None = None
    new_amount_fen: PositiveFen | None = None


class ResolveObjection(Command[ResolveObjectionArgs]):
    """异议处理 / Uphold (withdraw the entry or change its amount) or dismiss an objection, with reasons."""

    name = "publicity.resolve_objection"
    zh, en = "处理公示异议（成立：撤回或调整金额；不成立：说明理由）", "uphold or dismiss an objection, with reasons"
    roles = MIIT
    enforces = (LEVEL, OBJECTION, CEILING, HLJ_AMOUNT, RESTART, CALENDAR)
    args = ResolveObjectionArgs
    cli = ("city", "publicity", "resolve-objection")
    cli_arguments = ("publicity_id", "objection_id")

    def execute(self, args: ResolveObjectionArgs, ctx: Reader) -> Sequence[Aggregate]:
        publicity = load_publicity(ctx, args.publicity_id)
        objection = publicity.objections.get(args.objection_id)
        if objection is not None and args.outcome is Outcome.UPHELD and args.new_amount_fen is not None:
            subject = str(objection["subject_id"])
            listed = load_listed(ctx, subject, "objection_id")
            ceiling = listed.ceiling_fen
            if ceiling is not None and args.new_amount_fen > ceiling:
                CEILING.refuse("new_amount_fen", f"{args.new_amount_fen} 分 is above {subject}'s ceiling {ceiling} 分")
            if isinstance(
                listed, BenchmarkApplication
            ):  # 第三条 knows two amounts: a change may only lower 100万 to 50万
                call = load_round(ctx, listed.call_id, "objection_id")
                known = (call.normal_fen, call.national_fen) if isinstance(call, AnnualCall) else ()
                HLJ_AMOUNT.check(
                    args.new_amount_fen in known,
                    "new_amount_fen",
                    f"the provincial award is {' or '.join(map(str, known))} 分 (第三条), not {args.new_amount_fen} 分",
                )
        changed: list[Aggregate] = [publicity]
        if objection is not None and args.outcome is Outcome.UPHELD and args.action is Action.WITHDRAW:
            subject_id = str(objection["subject_id"])
            found = load_listed(ctx, subject_id, "objection_id")
            claim = ctx.get(PublicitySubject, publicity_subject_stream(subject_id), field="objection_id", what="claim")
            claim.withdraw(publicity.publicity_id, found.proposals)
            changed.append(claim)
        publicity.resolve_objection(
            objection_id=args.objection_id,
            outcome=args.outcome.value,
            reasons=args.reasons,
            investigation_sha256=args.investigation_sha256,
            resolved_by=ctx.actor.actor_id,
            now=ctx.now,
            action=args.action.value if args.action is not None else None,
            new_amount_fen=args.new_amount_fen,
            calendar=registered_calendar(ctx),
        )
        return changed


# -- completion --------------------------------------------------------------------------------------


class CompleteArgs(StrictModel):
    publicity_id: Id


class CompletePublicity(Command[CompleteArgs]):
    """公示期满 / End a publicity whose window has passed with no objection open."""

    name = "publicity.complete"
    zh, en = "公示期满（窗口届满且无未办结异议）", "complete a publicity after its window with no objection open"
    roles = MIIT
    enforces = (LEVEL, COMPLETED, WINDOW, CLEAR)
    args = CompleteArgs
    cli = ("city", "publicity", "complete")
    cli_arguments = ("publicity_id",)

    def execute(self, args: CompleteArgs, ctx: Reader) -> Sequence[Aggregate]:
        publicity = load_publicity(ctx, args.publicity_id)
        publicity.complete(ctx.now, completed_by=ctx.actor.actor_id)
        return [publicity]


COMMANDS = (RegisterSchedule(), StartPublicity(), ReceiveObjection(), ResolveObjection(), CompletePublicity())
