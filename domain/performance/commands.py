"""Performance management (绩效管理, HRB 第十二–十四条, 第十七条（五）): targets, monitoring, evaluation, results.

Targets (事前), monitoring (事中, "双监控") with corrective actions, self-evaluation and result application (事后).

Choices, as built (the measures leave them open):

- *Scopes.* The programme's own target set of part 1 stays in Programme (``programme.set_targets`` gates
  the budget lines) and every other set follows it (第十三条 "以…总体绩效目标…为导向": none is proposed
  before it is approved). A set here measures one scope: ``category`` (an opened budget line of 第四条),
  ``award`` (a project 市政府 approved — its transformation subsidy — or, with ``budget_line``, an award held
  under a budget reference), ``contract`` (a procured item, by its budget line and reference), ``district``
  (a 区县's approved projects) or ``programme`` (the fund as a whole, restated with numeric targets, citing
  the approved part-1 set: Programme does not keep its indicators, so they cannot be read from it). One set
  is in progress per scope; a set not yet approved may be replaced by a new proposal, an approved one not.
- *Who.* A district's indicators are proposed, monitored and self-evaluated by its 区县人民政府 (第十二条:
  a responsible subject), every other scope's by 市工信局; 市工信局 approves every set (not the proposer)
  and applies every result (not the self-evaluator). The organisations responsible are recorded on each
  indicator and, after approval, on the set (owner and 市工信局: co-responsibility). The ledger cannot tell
  which district an organisation governs (organisations carry no division code); 市工信局's approval judges it.
- *Values.* A target or an actual is an integer with ``scale`` decimal places (95.5% is 955, scale 1);
  non-negative; no floats. Weights are basis points summing to 10000.
- *Monitoring.* One snapshot per set and period (``2025-Q2``, ``2025-H1``, ``2025-06``, ``2025``), periods in
  order, the cut-off (``as_of``) within the period. Every indicator is reported; the command computes each
  deviation in basis points of the target, rounded up (so "beyond" is exact), against the set's threshold
  (default 2000 bp = 20%, fixed when the set is approved and recorded in every snapshot). Budget execution
  is reported together: committed from the ledger's budget lines, paid as reported with its source (never
  below what the ledger itself settled for the scope's projects by the cut-off), and, when a plan for the
  period is given, its shortfall judged like an indicator (``budget_execution``). A deviation beyond the
  threshold blocks the next snapshot and the self-evaluation until a corrective action answers it.
- *Evaluation.* The owner's self-evaluation scores 0–100 in tenths; the grade is the ledger's (财预〔2020〕10号).
  It needs at least one snapshot. Result application lists decisions (adjust policy, adjust budget,
  continue, stop, open a clawback case); it opens a case through ``clawback.open_case``'s function on ground
  C5 (第十七条（五） "绩效评价结果较差、资金使用低效无效") on grade 差, or on 中 with a stated reason — 中 may
  still hide ineffective use of the money, which the article names beside a poor result; never on 优 or 良.
  The case names a project within the set's scope (an award's project, a district's projects). The result
  is filed on the scope and recorded by the next set proposed for it (results feed later budget decisions).
- *No co-signature.* 市财政局 guides (第十二条 "负责指导") but does not decide results; a countersignature would
  also make the case's opener a 市财政局 actor, who may not open cases.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field

from domain.kernel.admission import NOT_FOUND
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import not_after_today
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import Name
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.performance.access import check_level
from domain.performance.access import check_proposer
from domain.performance.access import load_set
from domain.performance.access import org_of
from domain.performance.aggregate import PROPOSED
from domain.performance.aggregate import ScopeFile
from domain.performance.aggregate import TargetSet
from domain.performance.aggregate import scope_file_stream
from domain.performance.aggregate import target_set_stream
from domain.performance.evaluation import EVALUATION_COMMANDS
from domain.performance.measure import BUDGET_EXECUTION
from domain.performance.measure import DEFAULT_THRESHOLD_BP
from domain.performance.measure import SUB_KINDS
from domain.performance.measure import Direction
from domain.performance.measure import Family
from domain.performance.measure import Scope
from domain.performance.measure import SubKind
from domain.performance.monitoring import MONITORING_COMMANDS
from domain.performance.rules import GUIDED
from domain.performance.rules import INDICATORS
from domain.performance.rules import OWNER
from domain.performance.rules import SCOPE
from domain.performance.rules import SOD
from domain.performance.rules import STATE
from domain.performance.rules import UNIQUE
from domain.performance.scope import BudgetRefArgs
from domain.performance.scope import provincial_scope
from domain.performance.scope import resolve_scope
from domain.programme.aggregate import Programme
from domain.programme.aggregate import programme_stream
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

MAX_VALUE = 2**53
FamilyField = Annotated[Family, enum_parser(Family, INDICATORS.id)]
SubKindField = Annotated[SubKind, enum_parser(SubKind, INDICATORS.id)]
DirectionField = Annotated[Direction, enum_parser(Direction, INDICATORS.id)]
ScopeField = Annotated[Scope, enum_parser(Scope, SCOPE.id)]
Value = Annotated[int, Field(ge=0, le=MAX_VALUE)]
"""A target or an actual: a non-negative integer in units of 10^-scale."""
Scale = Annotated[int, Field(ge=0, le=6)]
Weight = Annotated[int, Field(ge=1, le=10_000)]
Threshold = Annotated[int, Field(ge=1, le=9_999)]


class IndicatorArgs(StrictModel):
    id: Id
    family: FamilyField
    sub_kind: SubKindField | None = None
    metric: Text
    unit: Name
    target: Value
    scale: Scale = 0
    direction: DirectionField
    weight_bp: Weight


class ProposeArgs(StrictModel):
    set_id: Id
    programme_id: Id
    scope: ScopeField
    scope_ref: Name
    indicators: list[IndicatorArgs] = Field(min_length=1, max_length=50)
    threshold_bp: Threshold = DEFAULT_THRESHOLD_BP
    projects: list[Id] = Field(default_factory=list, max_length=500)
    budget_line: BudgetRefArgs | None = None


def check_indicators(indicators: list[IndicatorArgs]) -> None:
    """第十三条 "明确、具体、可实现": distinct ids, sub-kinds of their family, weights summing to 10000."""
    seen: set[str] = set()
    for i, ind in enumerate(indicators):
        at = f"indicators[{i}]"
        if ind.id in seen or ind.id == BUDGET_EXECUTION:
            INDICATORS.refuse(f"{at}.id", f"{ind.id} is named twice or is reserved")
        seen.add(ind.id)
        allowed = SUB_KINDS[ind.family]
        if allowed and ind.sub_kind not in allowed:
            known = ", ".join(sorted(k.value for k in allowed))
            INDICATORS.refuse(f"{at}.sub_kind", f"a {ind.family.value} indicator is one of {known}")
        if not allowed and ind.sub_kind is not None:
            INDICATORS.refuse(f"{at}.sub_kind", f"a {ind.family.value} indicator has no sub-kind")
    total = sum(ind.weight_bp for ind in indicators)
    INDICATORS.check(total == 10_000, "indicators", f"the weights sum to {total} bp, not 10000")


class ProposeTargets(Command[ProposeArgs]):
    """申报绩效目标 / Propose a target set for a scope (事前, HRB 第十二条, 第十三条)."""

    name = "performance.propose_targets"
    zh, en = (
        "申报绩效目标（类别、奖补、合同、区县或专项资金）",
        "propose a target set: category, award, contract, district or programme",
    )
    roles = frozenset({Role.CITY_MIIT, Role.DISTRICT_GOV, Role.PROV_MIIT})
    enforces = (GUIDED, OWNER, UNIQUE, INDICATORS, SCOPE, NOT_FOUND)
    args = ProposeArgs
    cli = ("city", "performance", "propose")
    cli_arguments = ("set_id",)

    def execute(self, args: ProposeArgs, ctx: Reader) -> Sequence[Aggregate]:
        scope = args.scope.value
        if args.scope is Scope.PROVINCIAL_AWARD:
            # HLJ 第七条: 省工信厅's targets are themselves the precondition of the award's budget
            check_proposer(ctx, district=False, provincial_award=True)
            resolved = provincial_scope(ctx, args)
        else:
            programme = ctx.get(Programme, programme_stream(args.programme_id), field="programme_id", what="programme")
            if not programme.targets_approved():
                GUIDED.refuse("programme_id", f"{args.programme_id}'s overall performance targets are not approved")
            check_proposer(ctx, scope == Scope.DISTRICT)
        if ctx.exists(target_set_stream(args.set_id)):
            UNIQUE.refuse("set_id", f"target set {args.set_id!r} is already proposed")
        check_indicators(args.indicators)
        if args.scope is not Scope.PROVINCIAL_AWARD:
            resolved = resolve_scope(ctx, args.scope, args.scope_ref, args, programme)
        projects, budget_refs, programme_set = resolved
        owner = org_of(ctx)
        changed: list[Aggregate] = []
        file = ctx.find(ScopeFile, scope_file_stream(args.programme_id, scope, args.scope_ref))
        if file is None:
            file = ScopeFile(programme_id=args.programme_id, scope=scope, scope_ref=args.scope_ref)
        elif file.active is not None:
            current = load_set(ctx, file.active)
            if current.status != PROPOSED:
                SCOPE.refuse("scope_ref", f"target set {current.set_id} of this scope is {current.status}, in progress")
            if current.owner_org != owner:
                OWNER.refuse(
                    "envelope.actor", f"{current.set_id}, proposed by {current.owner_org}, is not replaced by {owner}"
                )
            current.supersede(args.set_id)
            changed.append(current)
        indicators = [{**i.model_dump(mode="json"), "responsible_org": owner} for i in args.indicators]
        target_set = TargetSet(
            set_id=args.set_id,
            programme_id=args.programme_id,
            scope=scope,
            scope_ref=args.scope_ref,
            owner_org=owner,
            owner_kind=str(ctx.actor.organisation.get("kind", "")),
            proposed_by=ctx.actor.actor_id,
            indicators=indicators,
            threshold_bp=args.threshold_bp,
            projects=projects,
            budget_refs=budget_refs,
            programme_target_set_id=programme_set,
            previous_result=copy.deepcopy(file.last_result),
        )
        file.start(args.set_id)
        return [target_set, file, *changed]


class ApproveArgs(StrictModel):
    set_id: Id
    decided_on: IsoDate
    doc_no: Text | None = None


class ApproveTargets(Command[ApproveArgs]):
    """审核绩效目标 / 市工信局 approves a proposed target set (not its proposer; HRB 第十三条)."""

    name = "performance.approve_targets"
    zh, en = "审核通过绩效目标（审核人不得为申报人）", "approve a proposed target set (not by its proposer)"
    roles = frozenset({Role.CITY_MIIT, Role.PROV_MIIT})
    enforces = (OWNER, STATE, SOD, DATE, NOT_FOUND)
    args = ApproveArgs
    cli = ("city", "performance", "approve")
    cli_arguments = ("set_id",)

    def execute(self, args: ApproveArgs, ctx: Reader) -> Sequence[Aggregate]:
        target_set = load_set(ctx, args.set_id)
        check_level(ctx, target_set)
        day = not_after_today(ctx, args.decided_on, "decided_on")
        target_set.approve(approved_by=ctx.actor.actor_id, approver_org=org_of(ctx), decided_on=day, doc_no=args.doc_no)
        return [target_set]


COMMANDS = (ProposeTargets(), ApproveTargets(), *MONITORING_COMMANDS, *EVALUATION_COMMANDS)
