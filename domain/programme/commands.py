"""The programme (专项资金), its budget and batches (domain rules §2.2, §2.3; HRB 第一条, 第八条, 第十一条,
第十三条, 第十八条; A3, A7, A10, A11, A23)."""

from __future__ import annotations

import copy
from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field

from domain import ids
from domain.documents.aggregate import Document
from domain.kernel.admission import NOT_FOUND
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import not_after_today
from domain.kernel.fields import FIELD_RULE
from domain.kernel.fields import BasisPoints
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import LongText
from domain.kernel.fields import Name
from domain.kernel.fields import PositiveFen
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.policy.aggregate import ACTIVE
from domain.policy.aggregate import APPROVED
from domain.policy.aggregate import PolicyVersion
from domain.policy.aggregate import policy_version_stream
from domain.policy.commands import SourceDocument
from domain.policy.params import Category
from domain.programme.aggregate import CENTRAL
from domain.programme.aggregate import Programme
from domain.programme.aggregate import programme_stream
from domain.programme.batch_commands import BATCH_COMMANDS
from domain.programme.budget import BudgetLine
from domain.programme.budget import budget_line_stream
from domain.programme.rules import BUDGET_TOTAL
from domain.programme.rules import CATEGORY
from domain.programme.rules import CATEGORY_CAP
from domain.programme.rules import DOC_UNIQUE
from domain.programme.rules import EARMARK
from domain.programme.rules import FUND_SOURCE
from domain.programme.rules import PILOT
from domain.programme.rules import POLICY
from domain.programme.rules import RECEIPT
from domain.programme.rules import SUCCESSOR
from domain.programme.rules import TARGETS
from domain.programme.rules import TARGETS_SOD
from domain.programme.rules import TARGETS_STATE
from domain.programme.rules import TRANCHE2_DECISION
from domain.programme.rules import UNIQUE
from domain.programme.rules import WINDOW
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

MIIT = frozenset({Role.CITY_MIIT})
FINANCE = frozenset({Role.CITY_FINANCE})
CITY = frozenset({Role.CITY_MIIT, Role.CITY_FINANCE})
CLERK = frozenset({Role.CITY_GOV_CLERK})


class FundSource(StrEnum):
    CENTRAL = CENTRAL  # HRB 第一条: 中央财政奖补资金


class PilotResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    CONDITIONAL = "conditional"


class Family(StrEnum):
    OUTPUT = "output"  # 产出
    OUTCOME = "outcome"  # 效益
    SATISFACTION = "satisfaction"  # 满意度


class Direction(StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    EQUAL = "equal"


FundSourceField = Annotated[FundSource, enum_parser(FundSource, FUND_SOURCE.id)]
CategoryField = Annotated[Category, enum_parser(Category, CATEGORY.id)]
PilotResultField = Annotated[PilotResult, enum_parser(PilotResult, PILOT.id)]
FamilyField = Annotated[Family, enum_parser(Family, FIELD_RULE)]
DirectionField = Annotated[Direction, enum_parser(Direction, FIELD_RULE)]
FiscalYear = Annotated[int, Field(ge=2000, le=2100)]


def programme_of(ctx: Reader, programme_id: str) -> Programme:
    return ctx.get(Programme, programme_stream(programme_id), field="programme_id", what="programme")


def registered_document(ctx: Reader, doc_id: str | None) -> None:
    if doc_id is not None:
        ctx.get(Document, ids.document_stream(doc_id), field="doc_id", what="document")


# -- the programme and its fund -------------------------------------------------------------------


class EstablishArgs(StrictModel):
    programme_id: Id
    name: Name
    fund_source: FundSourceField
    legal_basis: list[SourceDocument] = Field(min_length=1, max_length=20)
    valid_from: IsoDate
    valid_to: IsoDate


class EstablishProgramme(Command[EstablishArgs]):
    """设立专项资金 / Establish the programme: central fund, legal basis, validity (HRB 第一条, 第十八条)."""

    name = "programme.establish"
    zh, en = "设立专项资金（中央资金、法律依据、有效期）", "establish a programme: central fund, legal basis, validity"
    roles = CITY
    enforces = (UNIQUE, FUND_SOURCE, WINDOW)
    args = EstablishArgs
    cli = ("city", "programme", "establish")
    cli_arguments = ("programme_id",)

    def execute(self, args: EstablishArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(programme_stream(args.programme_id)):
            UNIQUE.refuse("programme_id", f"programme {args.programme_id!r} is already established")
        if args.valid_from > args.valid_to:
            WINDOW.refuse("valid_to", f"ends {args.valid_to}, before it starts {args.valid_from}")
        programme = Programme(
            programme_id=args.programme_id,
            name=args.name,
            fund_source=args.fund_source.value,
            legal_basis=[d.model_dump() for d in args.legal_basis],
            valid_from=args.valid_from.isoformat(),
            valid_to=args.valid_to.isoformat(),
            established_by=ctx.actor.actor_id,
        )
        return [programme]


class AllocationArgs(StrictModel):
    programme_id: Id
    doc_no: Text
    fiscal_year: FiscalYear
    amount_fen: PositiveFen
    conditions: LongText | None = None


class RecordAllocation(Command[AllocationArgs]):
    """登记中央资金下达 / Record a central allocation by its document (HRB 第一条, 第三条（二）)."""

    name = "programme.record_allocation"
    zh, en = "登记中央资金下达（文号、年度、金额）", "record a central allocation: document, fiscal year, amount"
    roles = FINANCE
    enforces = (DOC_UNIQUE, FUND_SOURCE)
    args = AllocationArgs
    cli = ("city", "programme", "record-allocation")
    cli_arguments = ("programme_id",)

    def execute(self, args: AllocationArgs, ctx: Reader) -> Sequence[Aggregate]:
        programme = programme_of(ctx, args.programme_id)
        programme.record_allocation(
            doc_no=args.doc_no, fiscal_year=args.fiscal_year, amount_fen=args.amount_fen, conditions=args.conditions
        )
        return [programme]


class ReceiptArgs(StrictModel):
    programme_id: Id
    amount_fen: PositiveFen
    treasury_ref: Text
    received_on: IsoDate


class RecordFundsReceived(Command[ReceiptArgs]):
    """登记中央资金到位 / Record central money arriving in the treasury (第十一条 gate, HRB-1 tag)."""

    name = "programme.record_funds_received"
    zh, en = "登记中央资金到位（金额、国库凭证、到账日）", "record central funds received: amount, treasury ref, date"
    roles = FINANCE
    enforces = (DOC_UNIQUE, RECEIPT, DATE, FUND_SOURCE)
    args = ReceiptArgs
    cli = ("city", "programme", "record-funds-received")
    cli_arguments = ("programme_id",)

    def execute(self, args: ReceiptArgs, ctx: Reader) -> Sequence[Aggregate]:
        programme = programme_of(ctx, args.programme_id)
        not_after_today(ctx, args.received_on, "received_on")
        programme.record_funds_received(
            amount_fen=args.amount_fen, treasury_ref=args.treasury_ref, received_on=args.received_on.isoformat()
        )
        return [programme]


# -- performance targets (事前, 第十三条) -----------------------------------------------------------


class Indicator(StrictModel):
    id: Id
    family: FamilyField
    metric: Text
    unit: Name
    target: Name
    direction: DirectionField
    weight_bp: BasisPoints


class SetTargetsArgs(StrictModel):
    programme_id: Id
    target_set_id: Id
    indicators: list[Indicator] = Field(min_length=1, max_length=100)


class SetTargets(Command[SetTargetsArgs]):
    """申报绩效目标 / Propose the programme's performance targets (事前, HRB 第十三条)."""

    name = "programme.set_targets"
    zh, en = "申报专项资金绩效目标", "propose the programme's performance targets"
    roles = MIIT
    enforces = (TARGETS_STATE,)
    args = SetTargetsArgs
    cli = ("city", "programme", "set-targets")
    cli_arguments = ("programme_id", "target_set_id")

    def execute(self, args: SetTargetsArgs, ctx: Reader) -> Sequence[Aggregate]:
        programme = programme_of(ctx, args.programme_id)
        programme.set_targets(
            target_set_id=args.target_set_id,
            owner_org=str(ctx.actor.organisation["code"]),
            indicators=[i.model_dump(mode="json") for i in args.indicators],
            proposed_by=ctx.actor.actor_id,
        )
        return [programme]


class ApproveTargetsArgs(StrictModel):
    programme_id: Id
    target_set_id: Id
    decided_on: IsoDate
    doc_no: Text | None = None


class ApproveTargets(Command[ApproveTargetsArgs]):
    """审核通过绩效目标 / Approve the proposed targets (another actor than the proposer; 第十三条)."""

    name = "programme.approve_targets"
    zh, en = "审核通过绩效目标（审核人不得为申报人）", "approve the proposed performance targets (not by the proposer)"
    roles = MIIT
    enforces = (TARGETS_STATE, TARGETS_SOD, DATE)
    args = ApproveTargetsArgs
    cli = ("city", "programme", "approve-targets")
    cli_arguments = ("programme_id", "target_set_id")

    def execute(self, args: ApproveTargetsArgs, ctx: Reader) -> Sequence[Aggregate]:
        programme = programme_of(ctx, args.programme_id)
        not_after_today(ctx, args.decided_on, "decided_on")
        programme.approve_targets(
            target_set_id=args.target_set_id,
            approved_by=ctx.actor.actor_id,
            approver_org=str(ctx.actor.organisation["code"]),
            doc_no=args.doc_no,
            decided_on=args.decided_on.isoformat(),
        )
        return [programme]


# -- budget lines (资金切块) -------------------------------------------------------------------------


class BudgetLineArgs(StrictModel):
    programme_id: Id
    category: CategoryField
    amount_fen: PositiveFen


class OpenBudgetLine(Command[BudgetLineArgs]):
    """资金切块 / Earmark central money for a 第四条 category (again for the same category: adds to it)."""

    name = "programme.open_budget_line"
    zh, en = "资金切块（第四条所列类别；同类再次切块即追加）", "earmark central funds for a category of 第四条"
    roles = FINANCE
    enforces = (TARGETS, POLICY, CATEGORY, EARMARK, CATEGORY_CAP, BUDGET_TOTAL)
    args = BudgetLineArgs
    cli = ("city", "programme", "open-budget-line")
    cli_arguments = ("programme_id", "category")

    def execute(self, args: BudgetLineArgs, ctx: Reader) -> Sequence[Aggregate]:
        programme = programme_of(ctx, args.programme_id)
        if not programme.targets_approved():
            TARGETS.refuse("programme_id", f"{programme.programme_id} has no approved performance targets")
        active = programme.active_policy_version_id
        if active is None:
            POLICY.refuse("programme_id", f"{programme.programme_id} has no active policy version")
        version = ctx.get(PolicyVersion, policy_version_stream(active), field="programme_id", what="version")
        category = args.category.value
        programme.earmark(
            category=category, amount_fen=args.amount_fen, params=version.parameters(), policy_version_id=active
        )
        line = ctx.find(BudgetLine, budget_line_stream(args.programme_id, category))
        if line is None:
            line = BudgetLine(
                programme_id=args.programme_id,
                category=category,
                fund_source=CENTRAL,
                amount_fen=args.amount_fen,
                target_set_id=programme.target_set_id,
            )
        else:
            line.increase(args.amount_fen)
        return [programme, line]


# -- the gates of the second tranche (第十一条, A11) and the measures' end (第十八条, A23) -------------


class PilotAcceptanceArgs(StrictModel):
    programme_id: Id
    result: PilotResultField
    doc_no: Text
    decided_on: IsoDate
    doc_id: Id | None = None  # the registered document, when entered


class RecordPilotAcceptance(Command[PilotAcceptanceArgs]):
    """登记城市试点验收结果 / Record the city pilot's acceptance (第十一条: a gate of the second tranche)."""

    name = "programme.record_pilot_acceptance"
    zh, en = "登记城市试点验收结果", "record the city pilot's acceptance result"
    roles = CITY
    enforces = (PILOT, DATE, NOT_FOUND)
    args = PilotAcceptanceArgs
    cli = ("city", "programme", "record-pilot-acceptance")
    cli_arguments = ("programme_id", "result")

    def execute(self, args: PilotAcceptanceArgs, ctx: Reader) -> Sequence[Aggregate]:
        programme = programme_of(ctx, args.programme_id)
        not_after_today(ctx, args.decided_on, "decided_on")
        registered_document(ctx, args.doc_id)
        programme.record_pilot_acceptance(
            result=args.result.value,
            doc_no=args.doc_no,
            decided_on=args.decided_on.isoformat(),
            recorded_by=ctx.actor.actor_id,
        )
        return [programme]


class Tranche2DecisionArgs(StrictModel):
    programme_id: Id
    doc_no: Text
    decided_on: IsoDate
    reason: LongText
    doc_id: Id | None = None


class RecordTranche2ReleaseDecision(Command[Tranche2DecisionArgs]):
    """登记市政府同意拨付第二批的决定 / Record a 市政府 decision releasing tranche 2 without the gates (A11)."""

    name = "programme.record_second_tranche_release"
    zh, en = "登记市政府同意拨付第二批资金的决定", "record a 市政府 decision to release the second tranche anyway"
    roles = CLERK
    enforces = (TRANCHE2_DECISION, DATE, NOT_FOUND)
    args = Tranche2DecisionArgs
    cli = ("city", "programme", "record-second-tranche-release")
    cli_arguments = ("programme_id",)

    def execute(self, args: Tranche2DecisionArgs, ctx: Reader) -> Sequence[Aggregate]:
        programme = programme_of(ctx, args.programme_id)
        not_after_today(ctx, args.decided_on, "decided_on")
        registered_document(ctx, args.doc_id)
        programme.record_tranche2_release_decision(
            doc_no=args.doc_no,
            decided_on=args.decided_on.isoformat(),
            reason=args.reason,
            recorded_by=ctx.actor.actor_id,
        )
        return [programme]


class SuccessorArgs(StrictModel):
    programme_id: Id
    version_id: Id


class RegisterSuccessorPolicy(Command[SuccessorArgs]):
    """登记后续政策 / Register the policy version that continues the programme after the measures' end (第十八条)."""

    name = "programme.register_successor_policy"
    zh, en = "登记办法期满后的后续政策版本", "register the policy version that continues the programme after its end"
    roles = CITY
    enforces = (SUCCESSOR,)
    args = SuccessorArgs
    cli = ("city", "programme", "register-successor-policy")
    cli_arguments = ("programme_id", "version_id")

    def execute(self, args: SuccessorArgs, ctx: Reader) -> Sequence[Aggregate]:
        programme = programme_of(ctx, args.programme_id)
        version = ctx.get(PolicyVersion, policy_version_stream(args.version_id), field="version_id", what="version")
        if version.programme_id != programme.programme_id:
            SUCCESSOR.refuse("version_id", f"{version.version_id} belongs to {version.programme_id}")
        if version.status not in (APPROVED, ACTIVE):
            SUCCESSOR.refuse("version_id", f"{version.version_id} is {version.status}, not approved")
        reach = programme.successor_valid_to or programme.valid_to
        if version.effective_to <= reach:
            SUCCESSOR.refuse(
                "version_id", f"{version.version_id} is in force until {version.effective_to}, not beyond {reach}"
            )
        programme.register_successor(
            version_id=version.version_id,
            valid_to=version.effective_to,
            legal_basis=copy.deepcopy(version.source_documents),
            recorded_by=ctx.actor.actor_id,
        )
        return [programme]


COMMANDS = (
    EstablishProgramme(),
    RecordAllocation(),
    RecordFundsReceived(),
    SetTargets(),
    ApproveTargets(),
    OpenBudgetLine(),
    RecordPilotAcceptance(),
    RecordTranche2ReleaseDecision(),
    RegisterSuccessorPolicy(),
    *BATCH_COMMANDS,
)
