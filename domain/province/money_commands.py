"""Provincial award commands, part 4: indicators, disbursement through levels, fraud (HLJ 第四条（四）,
第五条（一）（二）; A21). Bank serials are claimed in the same streams as the city's payments, so one serial
never settles two payments anywhere in the ledger."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field

from domain.enterprise.fields import AccountHash
from domain.errors import NotFound
from domain.kernel.commands import Command
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
from domain.payment.aggregate import BankSerialClaim
from domain.payment.aggregate import bank_serial_stream
from domain.payment.rules import SERIAL
from domain.performance.aggregate import SUPERSEDED
from domain.performance.aggregate import TargetSet
from domain.performance.aggregate import target_set_stream
from domain.performance.measure import Scope
from domain.province.application import APPROVED
from domain.province.application import CANCELLED
from domain.province.application import BenchmarkApplication
from domain.province.application import application_stream
from domain.province.call import AnnualCall
from domain.province.call import ProvincialEnterprise
from domain.province.call import call_stream
from domain.province.call import provincial_enterprise_stream
from domain.province.decision import ProvincialApproval
from domain.province.decision import provincial_approval_stream
from domain.province.money import ENTERPRISE
from domain.province.money import Disbursement
from domain.province.money import FraudCase
from domain.province.money import disbursement_stream
from domain.province.money import fraud_case_stream
from domain.province.rules import AGEING
from domain.province.rules import DISBURSE
from domain.province.rules import FORWARD
from domain.province.rules import FRAUD
from domain.province.rules import INDICATORS
from domain.province.rules import ORDER
from domain.province.rules import RECOVERY
from domain.province.rules import REPLY
from domain.province.rules import UNIQUE
from domain.publicity.commands import registered_calendar
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

PROV_FINANCE = frozenset({Role.PROV_FINANCE})
PROVINCIAL = Scope.PROVINCIAL_AWARD.value
OrgCode = Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")]


class Direction(StrEnum):
    AT_LEAST = "ge"
    AT_MOST = "le"


def load_app(ctx: Reader, application_id: str, field: str = "application_id") -> BenchmarkApplication:
    return ctx.get(BenchmarkApplication, application_stream(application_id), field=field, what="application")


def claim_serial(ctx: Reader, serial: str, purpose: str, ref: str) -> BankSerialClaim:
    if ctx.exists(bank_serial_stream(serial)):
        SERIAL.refuse("bank_serial", f"bank serial {serial!r} is already recorded")
    return BankSerialClaim(bank_serial=serial, purpose=purpose, ref=ref)


# -- legs ------------------------------------------------------------------------------------------------------


class DisburseArgs(StrictModel):
    leg_id: Id
    application_id: Id
    to_org: OrgCode  # the city or county finance bureau's organisation code
    amount_fen: PositiveFen
    doc_no: Text
    disbursed_on: IsoDate
    target_set_id: Id  # the approved performance targets of the call (domain/performance)
    bank_serial: Id


class Disburse(Command[DisburseArgs]):
    """拨付 / 省财政厅 sends (part of) an approved award to a city or county finance bureau, with the indicators."""

    name = "province.disburse"
    zh, en = "省财政厅按批复拨付至市县财政（同步下达绩效指标）", "disburse an approved award to city or county finance"
    roles = PROV_FINANCE
    enforces = (REPLY, DISBURSE, INDICATORS, UNIQUE, SERIAL)
    args = DisburseArgs
    cli = ("province", "disburse")
    cli_arguments = ("leg_id",)

    def execute(self, args: DisburseArgs, ctx: Reader) -> Sequence[Aggregate]:
        app = load_app(ctx, args.application_id)
        if app.state == CANCELLED:
            DISBURSE.refuse("application_id", f"{app.application_id}'s award was cancelled ({app.cancelled_by})")
        if app.state != APPROVED or app.approval_id is None:
            REPLY.refuse("application_id", f"{app.application_id} is {app.state}: 省政府 has not approved it")
        approval = ctx.get(
            ProvincialApproval,
            provincial_approval_stream(app.approval_id),
            field="application_id",
            what="decision",
        )
        approved = approval.replied_amount(app.application_id) or 0
        targets = ctx.get(TargetSet, target_set_stream(args.target_set_id), field="target_set_id", what="targets")
        INDICATORS.check(
            targets.scope == PROVINCIAL and targets.scope_ref == app.call_id,
            "target_set_id",
            f"target set {targets.set_id} measures {targets.scope} {targets.scope_ref}, not call {app.call_id}",
        )
        INDICATORS.check(
            targets.approved_on is not None and targets.status != SUPERSEDED,
            "target_set_id",
            f"target set {targets.set_id} is {targets.status}: the money goes with approved targets (第七条)",
        )
        day = not_after_today(ctx, args.disbursed_on, "disbursed_on")
        not_before(
            args.disbursed_on, approval.reply["decided_on"] if approval.reply else day, "disbursed_on", "the reply"
        )
        money = ctx.find(Disbursement, disbursement_stream(app.application_id))
        if money is None:
            money = Disbursement(
                application_id=app.application_id,
                call_id=app.call_id,
                approval_id=approval.approval_id,
                approved_fen=approved,
            )
        if args.leg_id in money.legs:
            UNIQUE.refuse("leg_id", f"leg {args.leg_id!r} is already recorded")
        DISBURSE.check(
            money.disbursed_fen + args.amount_fen <= approved,
            "amount_fen",
            f"{money.disbursed_fen} 分 of the approved {approved} 分 is already disbursed; {args.amount_fen} 分 more "
            "would exceed the reply",
        )
        claim = claim_serial(ctx, args.bank_serial, "hlj_disbursement", f"{app.application_id}/{args.leg_id}")
        money.disburse(
            args.leg_id,
            {
                "to_org": args.to_org,
                "amount_fen": args.amount_fen,
                "doc_no": args.doc_no,
                "disbursed_on": day,
                "target_set_id": targets.set_id,
                "indicators": targets.indicator_ids(),
                "bank_serial": args.bank_serial,
                "disbursed_by": ctx.actor.actor_id,
            },
        )
        return [money, claim]


class ForwardArgs(StrictModel):
    application_id: Id
    leg_id: Id
    amount_fen: PositiveFen
    settled_on: IsoDate
    bank_serial: Id
    payee_account_hash: AccountHash


class Forward(Command[ForwardArgs]):
    """转拨 / City or county finance passes a received leg on to the enterprise (及时拨付, 第五条（二）)."""

    name = "province.forward"
    zh, en = (
        "市县财政将收到的奖励资金拨付至企业（超期预警）",
        "forward a received leg to the enterprise (late ones flagged)",
    )
    roles = frozenset({Role.COUNTY_FINANCE})
    enforces = (FORWARD, AGEING, DISBURSE, SERIAL)
    args = ForwardArgs
    cli = ("province", "forward")
    cli_arguments = ("application_id", "leg_id")

    def execute(self, args: ForwardArgs, ctx: Reader) -> Sequence[Aggregate]:
        app = load_app(ctx, args.application_id)
        money = ctx.get(Disbursement, disbursement_stream(app.application_id), field="application_id", what="legs")
        leg = money.legs.get(args.leg_id)
        if leg is None:
            FORWARD.refuse("leg_id", f"{app.application_id} has no leg {args.leg_id!r}", error="not_found")
        org = str(ctx.actor.organisation.get("code"))
        FORWARD.check(org == leg["to_org"], "leg_id", f"leg {args.leg_id} went to {leg['to_org']}, not to {org}")
        if money.frozen_by is not None:
            DISBURSE.refuse("application_id", f"the award was cancelled in case {money.frozen_by}: return the money")
        FORWARD.check(
            args.payee_account_hash == app.payee_account_hash,
            "payee_account_hash",
            f"{app.application_id} registered another account for the award",
        )
        left = int(leg["amount_fen"]) - int(leg["forwarded_fen"])
        FORWARD.check(
            args.amount_fen <= left, "amount_fen", f"leg {args.leg_id} holds {left} 分, not {args.amount_fen}"
        )
        settled = not_after_today(ctx, args.settled_on, "settled_on")
        not_before(args.settled_on, str(leg["disbursed_on"]), "settled_on", "the leg was disbursed")
        call = ctx.get(AnnualCall, call_stream(app.call_id), field="application_id", what="provincial call")
        sla = call.forward_sla_working_days
        warnings: list[dict[str, str]] = []
        try:
            due: date | None = registered_calendar(ctx).add_working_days(
                date.fromisoformat(str(leg["disbursed_on"])), sla, "settled_on"
            )
        except NotFound as e:  # a year the calendar does not know: the money moves; the flag says why it is unjudged
            due = None
            warnings.append({"rule": AGEING.id, "detail": f"the due date is unknown: {e.detail}"})
        late = due is not None and args.settled_on > due
        if late:
            warnings.append({"rule": AGEING.id, "detail": f"due by {due} ({sla} working days), settled {settled}"})
        claim = claim_serial(ctx, args.bank_serial, "hlj_forward", f"{app.application_id}/{args.leg_id}")
        money.forward(
            args.leg_id,
            {
                "amount_fen": args.amount_fen,
                "settled_on": settled,
                "bank_serial": args.bank_serial,
                "payee_account_hash": args.payee_account_hash,
                "due_on": None if due is None else due.isoformat(),
                "late": late,
                "warnings": warnings,
                "forwarded_by": ctx.actor.actor_id,
            },
        )
        return [money, claim]


# -- fraud (第五条（一）) ---------------------------------------------------------------------------------------


class ReferralArgs(StrictModel):
    authority: Name  # e.g. the 纪检监察 body or the public security organ
    ref: Text


class FraudArgs(StrictModel):
    case_id: Id
    application_id: Id
    evidence: list[Sha256] = Field(min_length=1, max_length=50)
    summary: LongText
    decided_on: IsoDate
    referral: ReferralArgs


class DecideFraud(Command[FraudArgs]):
    """弄虚作假处理 / Fraud: cancel the award, exclude the enterprise, refer liability, demand everything back."""

    name = "province.decide_fraud"
    zh, en = (
        "认定弄虚作假：一律取消资格、追回奖金、追究责任",
        "decide fraud: cancel, recover and refer, without exception",
    )
    roles = frozenset({Role.PROV_MIIT})
    enforces = (UNIQUE, FRAUD, ORDER)
    args = FraudArgs
    cli = ("province", "fraud")
    cli_arguments = ("case_id",)

    def execute(self, args: FraudArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(fraud_case_stream(args.case_id)):
            UNIQUE.refuse("case_id", f"case {args.case_id!r} is already decided")
        app = load_app(ctx, args.application_id)
        ORDER.check(
            app.state != CANCELLED, "application_id", f"{app.application_id} was cancelled ({app.cancelled_by})"
        )
        decided = not_after_today(ctx, args.decided_on, "decided_on")
        money = ctx.find(Disbursement, disbursement_stream(app.application_id))
        receivable: dict[str, int] = {}
        changed: list[Aggregate] = []
        if money is not None:
            if money.forwarded_fen:
                receivable[ENTERPRISE] = money.forwarded_fen
            receivable.update(money.held())  # a bureau returns what it still holds
            money.freeze(args.case_id)
            changed.append(money)
        file = ctx.get(
            ProvincialEnterprise,
            provincial_enterprise_stream(app.enterprise_uscc),
            field="application_id",
            what="enterprise file",
        )
        file.exclude(args.case_id, decided)
        app.cancel(args.case_id)
        case = FraudCase(
            case_id=args.case_id,
            application_id=app.application_id,
            enterprise_uscc=app.enterprise_uscc,
            call_id=app.call_id,
            evidence=list(args.evidence),
            summary=args.summary,
            decided_on=decided,
            referral=args.referral.model_dump(mode="json"),
            receivable=receivable,
            decided_by=ctx.actor.actor_id,
        )
        return [case, app, file, *changed]


class RecoveryArgs(StrictModel):
    case_id: Id
    debtor: Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")]  # "enterprise" or a bureau's code
    amount_fen: PositiveFen
    receipt_no: Text
    received_on: IsoDate
    bank_serial: Id


class RecordRecovery(Command[RecoveryArgs]):
    """追回到账 / 省财政厅 records money recovered in a fraud case, with its receipt."""

    name = "province.record_recovery"
    zh, en = "登记追回奖金到账（凭收据，不超过应收）", "record a recovery received in a fraud case"
    roles = PROV_FINANCE
    enforces = (RECOVERY, SERIAL)
    args = RecoveryArgs
    cli = ("province", "recovery")
    cli_arguments = ("case_id",)

    def execute(self, args: RecoveryArgs, ctx: Reader) -> Sequence[Aggregate]:
        case = ctx.get(FraudCase, fraud_case_stream(args.case_id), field="case_id", what="fraud case")
        owed = case.outstanding(args.debtor)
        RECOVERY.check(args.amount_fen <= owed, "amount_fen", f"{args.debtor} owes {owed} 分 in case {case.case_id}")
        received = not_after_today(ctx, args.received_on, "received_on")
        not_before(args.received_on, case.decided_on, "received_on", "the case was decided")
        claim = claim_serial(ctx, args.bank_serial, "hlj_recovery", args.case_id)
        case.recover(
            args.debtor,
            {
                "amount_fen": args.amount_fen,
                "receipt_no": args.receipt_no,
                "received_on": received,
                "bank_serial": args.bank_serial,
                "recorded_by": ctx.actor.actor_id,
            },
        )
        return [case, claim]


COMMANDS = (Disburse(), Forward(), DecideFraud(), RecordRecovery())
