"""Provincial award commands, part 3: 党组会 review, the joint request to 省政府 and its reply (批复)
(HLJ 第四条（三）（四）). The request is co-signed (domain/kernel/cosign.py): 省工信厅 proposes it and it
takes effect when 省财政厅 countersigns, so the ledger holds both departments' signatures over one list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from domain.kernel.commands import Command
from domain.kernel.cosign import PROPOSAL
from domain.kernel.cosign import CoSigned
from domain.kernel.cosign import companions
from domain.kernel.dates import not_after_today
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import PositiveFen
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.province.application import PROPOSED
from domain.province.application import BenchmarkApplication
from domain.province.application import application_stream
from domain.province.call import AnnualCall
from domain.province.call import ProvincialEnterprise
from domain.province.call import call_stream
from domain.province.call import provincial_enterprise_stream
from domain.province.decision import PARTY_APPROVED
from domain.province.decision import REQUESTED
from domain.province.decision import ProvincialApproval
from domain.province.decision import provincial_approval_stream
from domain.province.rules import AMOUNT
from domain.province.rules import ORDER
from domain.province.rules import PARTY
from domain.province.rules import REPLY
from domain.province.rules import REQUEST
from domain.province.rules import SOD
from domain.province.rules import UNIQUE
from domain.publicity.aggregate import Publicity
from domain.publicity.aggregate import publicity_stream
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader
    from domain.kernel.cosign import Proposal

MAX_ITEMS = 1000
BENCHMARK_LIST = "benchmark_award"  # domain/publicity/commands.py ListKind


def load_approval(ctx: Reader, approval_id: str) -> ProvincialApproval:
    return ctx.get(ProvincialApproval, provincial_approval_stream(approval_id), field="approval_id", what="decision")


def listed_application(ctx: Reader, application_id: str, call_id: str, field: str) -> BenchmarkApplication:
    app = ctx.get(BenchmarkApplication, application_stream(application_id), field=field, what="application")
    ORDER.check(app.call_id == call_id, field, f"{application_id} belongs to call {app.call_id}, not {call_id}")
    ORDER.check(app.state == PROPOSED, field, f"{application_id} is {app.state}, not on the proposed list")
    return app


# -- 党组会 ---------------------------------------------------------------------------------------------


class NotApprovedArgs(StrictModel):
    application_id: Id
    reason: Text


class PartyReviewArgs(StrictModel):
    approval_id: Id
    call_id: Id
    publicity_id: Id
    meeting_date: IsoDate
    minutes_ref: Text
    sha256: Sha256
    approved: list[Id] = Field(default_factory=list, max_length=MAX_ITEMS)
    not_approved: list[NotApprovedArgs] = Field(default_factory=list, max_length=MAX_ITEMS)


class RecordPartyReview(Command[PartyReviewArgs]):
    """党组会审议 / Record the 省工信厅党组会's review of a list that passed publicity."""

    name = "province.record_party_review"
    zh, en = "登记省工信厅党组会审议结果（须公示期满且无未解决异议）", "record the 党组会's review of a publicised list"
    roles = frozenset({Role.PROV_PARTY_GROUP_CLERK})
    enforces = (UNIQUE, PARTY, ORDER, SOD)
    args = PartyReviewArgs
    cli = ("province", "party-review")
    cli_arguments = ("approval_id",)

    def execute(self, args: PartyReviewArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(provincial_approval_stream(args.approval_id)):
            UNIQUE.refuse("approval_id", f"decision {args.approval_id!r} is already recorded")
        call = ctx.get(AnnualCall, call_stream(args.call_id), field="call_id", what="provincial call")
        SOD.check(ctx.actor.actor_id != call.proposer, "approval_id", "the list's proposer cannot record its review")
        meeting = not_after_today(ctx, args.meeting_date, "meeting_date")
        publicity = ctx.get(Publicity, publicity_stream(args.publicity_id), field="publicity_id", what="publicity")
        PARTY.check(
            publicity.batch_id == call.call_id and publicity.list_kind == BENCHMARK_LIST,
            "publicity_id",
            f"publicity {publicity.publicity_id} is not a list of call {call.call_id}",
        )
        PARTY.check(
            meeting >= publicity.start_on,
            "meeting_date",
            f"the 党组会 reviews the list after its publicity (from {publicity.start_on})",
        )
        decided = [*args.approved, *(n.application_id for n in args.not_approved)]
        PARTY.check(len(set(decided)) == len(decided), "approved", "an application is decided twice")
        listed = set(publicity.entries)
        PARTY.check(
            set(decided) == listed,
            "approved",
            f"the review decides every entry still on the list: {', '.join(sorted(listed ^ set(decided)))}",
        )
        approved: dict[str, int] = {}
        for i, aid in enumerate(args.approved):
            listed_application(ctx, aid, call.call_id, f"approved[{i}]")
            cleared = publicity.cleared_amount(aid, ctx.now)
            if cleared is None:
                PARTY.refuse(
                    f"approved[{i}]",
                    f"{aid} has not passed publicity {publicity.publicity_id}: its window of "
                    f"{publicity.min_working_days} working days has not closed, or an objection on it is unresolved",
                )
            approved[aid] = cleared
        approval = ProvincialApproval(
            approval_id=args.approval_id,
            call_id=call.call_id,
            publicity_id=publicity.publicity_id,
            party={
                "meeting_date": meeting,
                "minutes_ref": args.minutes_ref,
                "sha256": args.sha256,
                "approved": approved,
                "not_approved": {n.application_id: n.reason for n in args.not_approved},
                "clerk": ctx.actor.actor_id,
            },
        )
        return [approval]


# -- the joint request (co-signed) --------------------------------------------------------------------


class ItemArgs(StrictModel):
    application_id: Id
    amount_fen: PositiveFen


class RequestArgs(StrictModel):
    approval_id: Id
    request_doc_no: Text
    sha256: Sha256
    items: list[ItemArgs] = Field(min_length=1, max_length=MAX_ITEMS)


class RequestDisbursement(CoSigned[RequestArgs]):
    """资金拨付请示 / 省工信厅 with 省财政厅 request the funds for the 党组会's list from 省政府.

    Proposed by 省工信厅; effective when 省财政厅 countersigns (另一单位), with every rule checked again then.
    """

    name = "province.request_disbursement"
    zh, en = "省工信厅会同省财政厅呈报资金拨付请示（省财政厅会签后生效）", "joint request for the funds (co-signed)"
    roles = frozenset({Role.PROV_MIIT})
    countersign_roles = frozenset({Role.PROV_FINANCE})
    enforces = (PROPOSAL, REQUEST, AMOUNT, ORDER)
    args = RequestArgs
    cli = ("province", "request")
    cli_arguments = ("approval_id",)

    def key(self, args: RequestArgs) -> str:
        return args.approval_id

    def check(self, args: RequestArgs, ctx: Reader) -> None:
        approval = load_approval(ctx, args.approval_id)
        ORDER.check(
            approval.state == PARTY_APPROVED, "approval_id", f"decision {approval.approval_id} is {approval.state}"
        )
        party = approval.party_approved()
        items = {i.application_id: i.amount_fen for i in args.items}
        REQUEST.check(len(items) == len(args.items), "items", "an application is listed twice")
        REQUEST.check(
            items == party,
            "items",
            f"the request carries exactly the 党组会's list and amounts ({len(party)} items, {sum(party.values())} 分)",
        )
        call = ctx.get(AnnualCall, call_stream(approval.call_id), field="approval_id", what="provincial call")
        for i, item in enumerate(args.items):
            app = listed_application(ctx, item.application_id, call.call_id, f"items[{i}].application_id")
            AMOUNT.check(
                item.amount_fen in (call.normal_fen, call.national_fen) and item.amount_fen <= (app.ceiling_fen or 0),
                f"items[{i}].amount_fen",
                f"{item.application_id} may receive {app.ceiling_fen} 分 under 第三条, not {item.amount_fen} 分",
            )

    def take_effect(self, args: RequestArgs, ctx: Reader, proposal: Proposal) -> Sequence[Aggregate]:
        self.check(args, ctx)
        approval = load_approval(ctx, args.approval_id)
        approval.record_request(
            {
                "doc_no": args.request_doc_no,
                "sha256": args.sha256,
                "items": {i.application_id: i.amount_fen for i in args.items},
                "proposed_by": proposal.proposed_by,
                "countersigned_by": ctx.actor.actor_id,
            }
        )
        return [approval]


RequestCountersign, RequestWithdraw = companions(RequestDisbursement, ("province",))


# -- 省政府 批复 -------------------------------------------------------------------------------------------


class RejectedArgs(StrictModel):
    application_id: Id
    reason: Text


class ReplyArgs(StrictModel):
    approval_id: Id
    reply_doc_no: Text
    decided_on: IsoDate
    sha256: Sha256
    approved: list[ItemArgs] = Field(default_factory=list, max_length=MAX_ITEMS)
    rejected: list[RejectedArgs] = Field(default_factory=list, max_length=MAX_ITEMS)


class RecordReply(Command[ReplyArgs]):
    """省政府批复 / Record 省政府's reply on the joint request: what it approved, and what not."""

    name = "province.record_reply"
    zh, en = "登记省政府批复（文号、日期、内容哈希、同意与不同意事项）", "record 省政府's reply (批复) on the request"
    roles = frozenset({Role.PROV_GOV_CLERK})
    enforces = (REPLY, ORDER, SOD, AMOUNT)
    args = ReplyArgs
    cli = ("province", "reply")
    cli_arguments = ("approval_id",)

    def execute(self, args: ReplyArgs, ctx: Reader) -> Sequence[Aggregate]:
        approval = load_approval(ctx, args.approval_id)
        ORDER.check(
            approval.state == REQUESTED,
            "approval_id",
            f"decision {approval.approval_id} is {approval.state}: 省政府 replies to a countersigned request",
        )
        request = approval.request or {}
        me = ctx.actor.actor_id
        SOD.check(me not in (request.get("proposed_by"), request.get("countersigned_by")), "approval_id", "a requester")
        decided_on = not_after_today(ctx, args.decided_on, "decided_on")
        items: dict[str, int] = {str(k): int(v) for k, v in request.get("items", {}).items()}
        decided = [*(a.application_id for a in args.approved), *(r.application_id for r in args.rejected)]
        REPLY.check(len(set(decided)) == len(decided), "approved", "an application is decided twice")
        REPLY.check(
            set(decided) == set(items),
            "approved",
            f"the reply decides every requested item: {', '.join(sorted(set(items) ^ set(decided)))}",
        )
        changed: list[Aggregate] = []
        for i, item in enumerate(args.approved):
            at = f"approved[{i}]"
            AMOUNT.check(
                item.amount_fen == items[item.application_id],
                f"{at}.amount_fen",
                f"{item.application_id} was requested at {items[item.application_id]} 分; 第三条 knows no other amount",
            )
            app = listed_application(ctx, item.application_id, approval.call_id, f"{at}.application_id")
            app.approve(approval.approval_id, item.amount_fen)
            file = ctx.get(
                ProvincialEnterprise,
                provincial_enterprise_stream(app.enterprise_uscc),
                field=f"{at}.application_id",
                what="enterprise file",
            )
            file.recognise(approval.call_id, app.application_id, approval.approval_id)
            changed += [app, file]
        for i, rejected in enumerate(args.rejected):
            app = listed_application(ctx, rejected.application_id, approval.call_id, f"rejected[{i}].application_id")
            app.reject(approval.approval_id, rejected.reason)
            changed.append(app)
        approval.record_reply(
            {
                "doc_no": args.reply_doc_no,
                "decided_on": decided_on,
                "sha256": args.sha256,
                "approved": {a.application_id: a.amount_fen for a in args.approved},
                "rejected": {r.application_id: r.reason for r in args.rejected},
                "clerk": me,
            }
        )
        return [approval, *changed]


COMMANDS = (RecordPartyReview(), RequestDisbursement(), RequestCountersign(), RequestWithdraw(), RecordReply())
