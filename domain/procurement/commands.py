"""Procured public services (政府采购): notice, award, contract, acceptance, payment (HRB 第十条)."""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Any

from domain.enterprise.fields import Uscc
from domain.enterprise.rules import USCC
from domain.kernel.admission import NOT_FOUND
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import not_after_today
from domain.kernel.dates import not_before
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import LongText
from domain.kernel.fields import Name
from domain.kernel.fields import PositiveFen
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.procurement.aggregate import AWARDED
from domain.procurement.aggregate import NOTICED
from domain.procurement.aggregate import Procurement
from domain.procurement.aggregate import budget_ref
from domain.procurement.aggregate import procurement_stream
from domain.procurement.budget import Room
from domain.procurement.budget import check_in_force
from domain.procurement.budget import room_on_line
from domain.procurement.context import CLI
from domain.procurement.context import MIIT
from domain.procurement.context import PROCUREMENT
from domain.procurement.context import CategoryField
from domain.procurement.context import MethodField
from domain.procurement.context import Reference
from domain.procurement.context import claim
from domain.procurement.context import load
from domain.procurement.context import programme_of
from domain.procurement.delivery import DELIVERY_COMMANDS
from domain.procurement.rules import AMEND
from domain.procurement.rules import AWARD
from domain.procurement.rules import BUDGET
from domain.procurement.rules import CAP
from domain.procurement.rules import CATEGORY
from domain.procurement.rules import CONTRACT
from domain.procurement.rules import CONTRACT_LATE
from domain.procurement.rules import METHOD
from domain.procurement.rules import ORDER
from domain.procurement.rules import REFERENCES
from domain.procurement.rules import REUSE
from domain.procurement.rules import SUPPORT_MODE
from domain.procurement.rules import UNIQUE
from domain.procurement.rules import VALIDITY
from domain.procurement.terms import award_kind
from domain.procurement.terms import category_article
from domain.programme.aggregate import Programme
from domain.programme.aggregate import programme_stream
from domain.programme.budget import BudgetLine
from domain.programme.budget import budget_line_stream
from domain.programme.rules import LINE_CAP
from domain.programme.rules import LINE_RELEASE
from domain.programme.rules import POLICY

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

SIGN_WITHIN_DAYS = 30  # 政府采购法 第四十六条: the contract within 30 days of the award notice


# -- notice (采购公告) -------------------------------------------------------------------------------


class NoticeArgs(StrictModel):
    procurement_id: Id
    programme_id: Id
    category: CategoryField
    title: Text
    method: MethodField
    notice_ref: Reference
    lot: Reference | None = None  # 包号, when one notice buys several lots
    noticed_on: IsoDate
    budget_fen: PositiveFen


class PublishNotice(Command[NoticeArgs]):
    """采购公告 / Record a procurement notice for a public-service category, within its budget line."""

    name = "procurement.publish_notice"
    zh, en = "登记采购公告（类别、采购方式、预算金额）", "record a procurement notice (category, method, budget)"
    roles = MIIT
    enforces = (UNIQUE, REUSE, CATEGORY, METHOD, REFERENCES, SUPPORT_MODE, BUDGET, POLICY, VALIDITY, DATE, NOT_FOUND)
    args = NoticeArgs
    cli = (*CLI, "notice")
    cli_arguments = ("procurement_id",)

    def execute(self, args: NoticeArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(procurement_stream(args.procurement_id)):
            UNIQUE.refuse("procurement_id", f"procurement {args.procurement_id!r} is already recorded")
        key = f"{args.notice_ref}#{args.lot or ''}"
        notice = claim(ctx, "notice", key, args.procurement_id, "notice", "lot" if args.lot else "notice_ref")
        programme = ctx.get(Programme, programme_stream(args.programme_id), field="programme_id", what="programme")
        check_in_force(ctx, programme, "programme_id")
        noticed_on = not_after_today(ctx, args.noticed_on, "noticed_on")
        category = args.category.value
        room = room_on_line(ctx, programme, category)
        if args.budget_fen > room.fen:
            BUDGET.refuse("budget_fen", f"{args.budget_fen} 分 {room.explain()}")
        procurement = Procurement(
            procurement_id=args.procurement_id,
            programme_id=args.programme_id,
            category=category,
            article=category_article(category),
            title=args.title,
            method=args.method.value,
            notice_ref=args.notice_ref,
            lot=args.lot,
            noticed_on=noticed_on,
            budget_fen=args.budget_fen,
            support_mode=PROCUREMENT,
            line_uncommitted_fen=room.line.available_fen,
            category_cap_fen=room.cap_fen,
            policy_version_id=room.policy_version_id,
            recorded_by=ctx.actor.actor_id,
        )
        return [procurement, notice]


# -- award (中标 / 成交) ------------------------------------------------------------------------------


class AwardArgs(StrictModel):
    procurement_id: Id
    award_ref: Reference
    awarded_on: IsoDate
    supplier_uscc: Uscc
    supplier_name: Name
    amount_fen: PositiveFen


class RecordAward(Command[AwardArgs]):
    """中标（成交） / Record the award notice: supplier and amount, within the notice's budget."""

    name = "procurement.record_award"
    zh, en = "登记中标（成交）通知书（供应商、金额）", "record the award notice (supplier, amount)"
    roles = MIIT
    enforces = (ORDER, AWARD, REFERENCES, SUPPORT_MODE, USCC, DATE, NOT_FOUND)
    args = AwardArgs
    cli = (*CLI, "award")
    cli_arguments = ("procurement_id",)

    def execute(self, args: AwardArgs, ctx: Reader) -> Sequence[Aggregate]:
        procurement = load(ctx, args.procurement_id)
        procurement.require(NOTICED, "procurement_id", "an award")
        not_after_today(ctx, args.awarded_on, "awarded_on")
        day = not_before(args.awarded_on, procurement.noticed_on, "awarded_on", "the procurement notice")
        procurement.record_award(
            award_ref=args.award_ref,
            award_kind=award_kind(procurement.method).value,
            awarded_on=day,
            supplier_uscc=args.supplier_uscc,
            supplier_name=args.supplier_name,
            amount_fen=args.amount_fen,
            recorded_by=ctx.actor.actor_id,
        )
        return [procurement]


# -- contract (合同) and amendments (变更) -------------------------------------------------------------


class ContractArgs(StrictModel):
    procurement_id: Id
    contract_no: Reference
    contract_sha256: Sha256
    amount_fen: PositiveFen
    signed_on: IsoDate
    start_on: IsoDate
    end_on: IsoDate


def late_warnings(awarded_on: str, signed_on: str) -> list[dict[str, str]]:
    """FT-PCM-CONTRACT-LATE (WARN): signed more than 30 days after the award notice."""
    due = date.fromisoformat(awarded_on) + timedelta(days=SIGN_WITHIN_DAYS)
    if signed_on <= due.isoformat():
        return []
    detail = f"signed {signed_on}, more than {SIGN_WITHIN_DAYS} days after the award of {awarded_on} (due {due})"
    return [{"rule": CONTRACT_LATE.id, "detail": detail}]


def commitment(room: Room, amount_fen: int) -> dict[str, Any]:
    """What the contract's commitment was judged against, kept in the event for readers."""
    return {
        "category": room.line.category,
        "amount_fen": amount_fen,
        "line_cap_fen": room.line.cap_fen,
        "line_committed_fen": room.line.committed_fen,
        "category_cap_fen": room.cap_fen,
        "policy_version_id": room.policy_version_id,
    }


class SignContract(Command[ContractArgs]):
    """采购合同 / Record the contract on the award; its amount is committed on the category's budget line."""

    name = "procurement.sign_contract"
    zh, en = "登记采购合同（占用类别预算，不超过类别上限）", "record the contract (commits the category's budget)"
    roles = MIIT
    enforces = (
        ORDER,
        CONTRACT,
        CONTRACT_LATE,
        REFERENCES,
        REUSE,
        SUPPORT_MODE,
        CAP,
        LINE_CAP,
        POLICY,
        VALIDITY,
        DATE,
        NOT_FOUND,
    )
    args = ContractArgs
    cli = (*CLI, "contract")
    cli_arguments = ("procurement_id",)

    def execute(self, args: ContractArgs, ctx: Reader) -> Sequence[Aggregate]:
        procurement = load(ctx, args.procurement_id)
        procurement.check_contract(args.amount_fen)
        assert procurement.award is not None
        awarded_on = str(procurement.award["awarded_on"])
        not_after_today(ctx, args.signed_on, "signed_on")
        signed_on = not_before(args.signed_on, awarded_on, "signed_on", "the award notice")
        end_on = not_before(args.end_on, args.start_on, "end_on", "the start of the contract's term")
        pid = procurement.procurement_id
        number = claim(ctx, "contract", args.contract_no, pid, "contract", "contract_no")
        file = claim(ctx, "file", args.contract_sha256, pid, "contract file", "contract_sha256")
        programme = programme_of(ctx, procurement)
        check_in_force(ctx, programme, "procurement_id")
        room = room_on_line(ctx, programme, procurement.category, "procurement_id")
        if args.amount_fen > room.fen:
            CAP.refuse("amount_fen", f"{args.amount_fen} 分 {room.explain()}")
        committed = commitment(room, args.amount_fen)
        room.line.commit(args.amount_fen, budget_ref(pid), "amount_fen")
        contract = {
            "contract_no": args.contract_no,
            "sha256": args.contract_sha256,
            "amount_fen": args.amount_fen,
            "signed_on": signed_on,
            "start_on": args.start_on.isoformat(),
            "end_on": end_on,
            "supplier_uscc": procurement.award["supplier_uscc"],
        }
        procurement.sign_contract(contract, committed, late_warnings(awarded_on, signed_on))
        return [procurement, room.line, number, file]


class AmendArgs(StrictModel):
    procurement_id: Id
    amendment_no: Reference
    sha256: Sha256
    amount_fen: PositiveFen  # the contract's amount after the amendment
    reason: LongText
    signed_on: IsoDate


class AmendContract(Command[AmendArgs]):
    """合同变更 / Record an amendment with its reason: a raise commits more, a reduction releases the difference."""

    name = "procurement.amend_contract"
    zh = "登记采购合同变更（追加不超过原合同10%并占用预算；核减释放预算）"
    en = "record a contract amendment (a raise ≤ 10% commits more budget; a reduction releases it)"
    roles = MIIT
    enforces = (ORDER, AMEND, REUSE, CAP, LINE_CAP, LINE_RELEASE, POLICY, VALIDITY, DATE, NOT_FOUND)
    args = AmendArgs
    cli = (*CLI, "amend")
    cli_arguments = ("procurement_id", "amendment_no")

    def execute(self, args: AmendArgs, ctx: Reader) -> Sequence[Aggregate]:
        procurement = load(ctx, args.procurement_id)
        delta = procurement.check_amendment(args.amendment_no, args.amount_fen)
        not_after_today(ctx, args.signed_on, "signed_on")
        signed_on = not_before(
            args.signed_on, procurement.last_signed_on, "signed_on", "the contract or its last change"
        )
        pid = procurement.procurement_id
        file = claim(ctx, "file", args.sha256, pid, f"amendment {args.amendment_no} file", "sha256")
        ref = budget_ref(pid)
        if delta > 0:
            programme = programme_of(ctx, procurement)
            check_in_force(ctx, programme, "procurement_id")
            room = room_on_line(ctx, programme, procurement.category, "procurement_id")
            if delta > room.fen:
                CAP.refuse("amount_fen", f"the raise of {delta} 分 {room.explain()}")
            committed = commitment(room, delta)
            line = room.line
            line.commit(delta, ref, "amount_fen")
        else:
            # a reduction only gives back: it needs neither an active policy version nor the measures in force
            stream = budget_line_stream(procurement.programme_id, procurement.category)
            line = ctx.get(BudgetLine, stream, field="procurement_id", what="budget line")
            committed = {
                "category": line.category,
                "amount_fen": delta,
                "line_cap_fen": line.cap_fen,
                "line_committed_fen": line.committed_fen,
            }
            line.release(-delta, ref)
        amendment = {
            "amendment_no": args.amendment_no,
            "sha256": args.sha256,
            "amount_fen": args.amount_fen,
            "reason": args.reason,
            "signed_on": signed_on,
        }
        procurement.amend(amendment, committed)
        return [procurement, line, file]


# -- cancellation (废标 / 终止) -------------------------------------------------------------------------


class CancelArgs(StrictModel):
    procurement_id: Id
    doc_ref: Reference  # the 废标 / 终止 announcement
    reason: LongText
    cancelled_on: IsoDate


class CancelProcurement(Command[CancelArgs]):
    """废标、终止 / Record that a procurement ended before a contract (nothing was committed)."""

    name = "procurement.cancel"
    zh, en = "登记废标或终止采购（合同签订前）", "record a failed or terminated procurement (before a contract)"
    roles = MIIT
    enforces = (ORDER, REFERENCES, DATE, NOT_FOUND)
    args = CancelArgs
    cli = (*CLI, "cancel")
    cli_arguments = ("procurement_id",)

    def execute(self, args: CancelArgs, ctx: Reader) -> Sequence[Aggregate]:
        procurement = load(ctx, args.procurement_id)
        if procurement.status not in (NOTICED, AWARDED):
            ORDER.refuse("procurement_id", f"procurement {procurement.procurement_id} is {procurement.status}")
        last = str(procurement.award["awarded_on"]) if procurement.award else procurement.noticed_on
        not_after_today(ctx, args.cancelled_on, "cancelled_on")
        day = not_before(args.cancelled_on, last, "cancelled_on", "the notice or the award")
        procurement.cancel(reason=args.reason, doc_ref=args.doc_ref, cancelled_on=day, recorded_by=ctx.actor.actor_id)
        return [procurement]


COMMANDS = (
    PublishNotice(),
    RecordAward(),
    SignContract(),
    AmendContract(),
    *DELIVERY_COMMANDS,
    CancelProcurement(),
)
