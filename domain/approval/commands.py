"""Approval commands: 报市政府审定 and the 市政府 decision (HRB 第三条（一）, 第八条, 第十八条; A6, A28)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pydantic import Field

from domain.approval.aggregate import CITY_GOV
from domain.approval.aggregate import Approval
from domain.approval.aggregate import approval_stream
from domain.approval.rules import CEILING
from domain.approval.rules import COVER
from domain.approval.rules import ITEM
from domain.approval.rules import ONCE
from domain.approval.rules import PUBLICITY
from domain.approval.rules import SOD
from domain.approval.rules import STATE
from domain.approval.rules import UNIQUE
from domain.approval.rules import VALIDITY
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import local_date
from domain.kernel.dates import not_after_today
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import PositiveFen
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.programme.aggregate import Programme
from domain.programme.aggregate import programme_stream
from domain.programme.batch import Batch
from domain.programme.batch import batch_stream
from domain.programme.budget import BudgetLine
from domain.programme.budget import budget_line_stream
from domain.project.aggregate import Project
from domain.project.aggregate import project_stream
from domain.publicity.aggregate import Publicity
from domain.publicity.aggregate import publicity_stream
from domain.roles import Role
from domain.subjects import budget_category
from domain.subjects import budget_ref as subject_budget_ref
from domain.subjects import holders
from domain.subjects import load_subject
from domain.subjects import subject_streams

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

PROPOSED = "proposed"
TRANSFORMATION = "transformation"  # the budget line of HRB 第四条（一）
MAX_ITEMS = 500


def check_validity(batch: Batch, programme: Programme, ctx: Reader, field: str) -> None:
    """HRB 第十八条, A23: after the policy's valid_to (by the ledger's local date) only a programme with a
    registered successor policy version takes new approvals."""
    today = local_date(ctx.now)
    valid_to = date.fromisoformat(batch.parameters().valid_to)
    if today <= valid_to:
        return
    successor, until = programme.successor_policy_version_id, programme.successor_valid_to
    if successor is not None and (until is None or today <= date.fromisoformat(until)):
        return
    VALIDITY.refuse(
        field,
        f"the measures of batch {batch.batch_id} were valid to {valid_to}; the ledger's local date is {today} and "
        f"programme {programme.programme_id} has no registered successor policy version in force",
    )


def project_of(ctx: Reader, project_id: str, field: str) -> Project:
    return ctx.get(Project, project_stream(project_id), field=field, what="project")


class ItemArgs(StrictModel):
    project_id: Id
    amount_fen: PositiveFen


class RequestArgs(StrictModel):
    approval_id: Id
    batch_id: Id
    publicity_id: Id
    request_doc_no: Text
    items: list[ItemArgs] = Field(min_length=1, max_length=MAX_ITEMS)


class RequestApproval(Command[RequestArgs]):
    """报市政府审定 / Submit proposed amounts that passed publicity to 市政府 for 审定."""

    name = "approval.request"
    zh, en = "报市政府审定补助额度（须经公示）", "submit proposed amounts that passed publicity to 市政府 for approval"
    roles = frozenset({Role.CITY_MIIT})
    enforces = (UNIQUE, VALIDITY, ITEM, STATE, PUBLICITY)
    args = RequestArgs
    cli = ("city", "approval", "request")
    cli_arguments = ("approval_id",)

    def execute(self, args: RequestArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(approval_stream(args.approval_id)):
            UNIQUE.refuse("approval_id", f"approval {args.approval_id!r} is already requested")
        batch = ctx.get(Batch, batch_stream(args.batch_id), field="batch_id", what="batch")
        programme = ctx.get(Programme, programme_stream(batch.programme_id), field="batch_id", what="programme")
        check_validity(batch, programme, ctx, "approval_id")
        publicity = ctx.get(Publicity, publicity_stream(args.publicity_id), field="publicity_id", what="publicity")
        ctx.prefetch([s for i in args.items for s in subject_streams(i.project_id)])
        seen: set[str] = set()
        for i, item in enumerate(args.items):
            at = f"items[{i}]"
            if item.project_id in seen:
                ITEM.refuse(f"{at}.project_id", f"{item.project_id} is listed twice")
            seen.add(item.project_id)
            project = load_subject(ctx, item.project_id, f"{at}.project_id")
            if project.batch_id != batch.batch_id:
                ITEM.refuse(f"{at}.project_id", f"{item.project_id} belongs to batch {project.batch_id}")
            if project.state != PROPOSED:
                STATE.refuse(f"{at}.project_id", f"{item.project_id} is {project.state}, not proposed")
            if project.rejected_at == project.proposals:
                STATE.refuse(
                    f"{at}.project_id",
                    f"市政府 did not approve {item.project_id} in {project.rejected_by}: propose it again, corrected, "
                    "before requesting it again",
                )
            proposed = project.proposed_fen or 0
            if item.amount_fen > proposed:
                ITEM.refuse(f"{at}.amount_fen", f"{item.amount_fen} 分 is more than the {proposed} 分 proposed")
            cleared = publicity.cleared_amount(item.project_id, ctx.now)
            if cleared is None:
                PUBLICITY.refuse(
                    f"{at}.project_id",
                    f"{item.project_id} has not passed publicity {publicity.publicity_id}: not listed, its window "
                    f"(to {publicity.entry_end_at.get(item.project_id, publicity.earliest_end_at)} UTC) has not "
                    "ended, or an objection on it is open",
                )
            if item.amount_fen > cleared:
                PUBLICITY.refuse(
                    f"{at}.amount_fen", f"{item.amount_fen} 分 is more than the {cleared} 分 that passed publicity"
                )
        approval = Approval(
            approval_id=args.approval_id,
            body=CITY_GOV,
            batch_id=batch.batch_id,
            programme_id=batch.programme_id,
            publicity_id=args.publicity_id,
            request_doc_no=args.request_doc_no,
            items=[{"project_id": i.project_id, "amount_fen": i.amount_fen} for i in args.items],
            total_fen=sum(i.amount_fen for i in args.items),
            requested_by=ctx.actor.actor_id,
            requested_by_org=ctx.actor.organisation["code"],
        )
        return [approval]


class RejectedArgs(StrictModel):
    project_id: Id
    reason: Text


class DecisionArgs(StrictModel):
    approval_id: Id
    decision_doc_no: Text
    decided_on: IsoDate
    sha256: Sha256
    approved: list[ItemArgs] = Field(default_factory=list, max_length=MAX_ITEMS)
    rejected: list[RejectedArgs] = Field(default_factory=list, max_length=MAX_ITEMS)


class RecordDecision(Command[DecisionArgs]):
    """录入市政府审定结果 / Record the 市政府 decision document on an approval request."""

    name = "approval.record_decision"
    zh, en = "录入市政府审定结果（文号、日期、内容哈希、批准与不予批准项目）", "record the 市政府 decision on a request"
    roles = frozenset({Role.CITY_GOV_CLERK})
    enforces = (ONCE, SOD, DATE, VALIDITY, COVER, STATE, CEILING, PUBLICITY, ITEM)
    args = DecisionArgs
    cli = ("city", "approval", "record-decision")
    cli_arguments = ("approval_id",)

    def execute(self, args: DecisionArgs, ctx: Reader) -> Sequence[Aggregate]:
        approval = ctx.get(Approval, approval_stream(args.approval_id), field="approval_id", what="approval request")
        approved = [(a.project_id, a.amount_fen) for a in args.approved]
        rejected = [(r.project_id, r.reason) for r in args.rejected]
        clerk, org = ctx.actor.actor_id, ctx.actor.organisation["code"]
        approval.check_decision(clerk_id=clerk, clerk_org=org, approved=approved, rejected=rejected)
        not_after_today(ctx, args.decided_on, "decided_on")
        batch = ctx.get(Batch, batch_stream(approval.batch_id), field="approval_id", what="batch")
        programme = ctx.get(Programme, programme_stream(approval.programme_id), field="approval_id", what="programme")
        check_validity(batch, programme, ctx, "decided_on")
        publicity = ctx.get(Publicity, publicity_stream(approval.publicity_id), field="approval_id", what="publicity")
        changed: list[Aggregate] = []
        for i, (project_id, reason) in enumerate(rejected):
            subject = load_subject(ctx, project_id, f"rejected[{i}].project_id")
            if subject.approved_fen is not None:  # approved by another decision: this one cannot say otherwise
                STATE.refuse(f"rejected[{i}].project_id", f"{project_id} is approved ({subject.approval_id})")
            if subject.state == PROPOSED:  # a withdrawn one is recorded as not approved, and stays withdrawn
                subject.reject(args.approval_id, reason)
                changed.append(subject)
        lines: dict[str, BudgetLine] = {}  # one line per category of 第四条 (a product batch has two)
        ctx.prefetch([s for p, _ in approved for s in subject_streams(p)])
        for i, (project_id, amount) in enumerate(approved):
            at = f"approved[{i}]"
            project = load_subject(ctx, project_id, f"{at}.project_id")
            if project.state != PROPOSED:
                STATE.refuse(f"{at}.project_id", f"{project_id} is {project.state}, not proposed")
            ceiling = project.ceiling_fen
            if ceiling is None or amount > ceiling:
                CEILING.refuse(
                    f"{at}.amount_fen",
                    f"{amount} 分 is above the ceiling of {project_id} ({ceiling} 分) although decision "
                    f"{args.decision_doc_no} says so: a data error for people to resolve (A28)",
                )
            approval.check_publicity_amount(project_id, amount, f"{at}.amount_fen")
            if amount > (project.proposed_fen or 0):
                # proposed again, lower, since the request: the decision cannot approve what is no longer proposed
                ITEM.refuse(f"{at}.amount_fen", f"{amount} 分 is more than the {project.proposed_fen} 分 now proposed")
            cleared = publicity.cleared_amount(project_id, ctx.now)
            if cleared is None or amount > cleared:
                # an objection received (late-recorded) since the request reopens the entry (A6)
                PUBLICITY.refuse(
                    f"{at}.project_id",
                    f"{project_id} no longer stands cleared by publicity {publicity.publicity_id} for {amount} 分: "
                    "an objection on it is open",
                )
            project.approve(args.approval_id, amount)
            category = budget_category(project)
            if category not in lines:
                stream = budget_line_stream(approval.programme_id, category)
                lines[category] = ctx.get(BudgetLine, stream, field=f"{at}.project_id", what=f"{category} budget line")
            lines[category].commit(amount, subject_budget_ref(project), f"{at}.amount_fen")
            accounts = holders(ctx, project, f"{at}.project_id")
            for account in accounts:
                surplus = account.reserved_for(project_id) - amount
                if surplus > 0:  # A4: the 50万 counter (and an award's caps) track net approved amounts
                    account.release(project_id, surplus, f"approved {amount} 分 by {args.decision_doc_no}")
            changed += [project, *accounts]
        approval.decide(
            decision_doc_no=args.decision_doc_no,
            decided_on=args.decided_on.isoformat(),
            decision_sha256=args.sha256,
            approved=approved,
            rejected=rejected,
            recorded_by=clerk,
            recorded_by_org=org,
        )
        changed += lines.values()
        return unique([approval, *changed])


def unique(aggregates: Sequence[Aggregate]) -> list[Aggregate]:
    """Each changed aggregate once (one enterprise account may serve several projects)."""
    out: dict[object, Aggregate] = {}
    for agg in aggregates:
        out.setdefault(agg.id, agg)
    return list(out.values())


COMMANDS = (RequestApproval(), RecordDecision())
