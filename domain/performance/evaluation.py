"""Self-evaluation (绩效自评) and result application (结果应用): HRB 第十四条 "组织开展专项资金绩效自评工作，
加强对评价结果的应用"; a poor result opens a clawback case on ground C5, 第十七条（五）."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated
from typing import Any

from pydantic import BeforeValidator
from pydantic import Field
from pydantic_core import PydanticCustomError

from domain.clawback.commands import OpenArgs
from domain.clawback.commands import open_case
from domain.clawback.grounds import Ground
from domain.clawback.grounds import Source
from domain.clawback.rules import OPEN as CASE_OPEN
from domain.clawback.rules import SUBJECT as CASE_APPROVED
from domain.clawback.rules import UNIQUE as CASE_UNIQUE
from domain.kernel.admission import NOT_FOUND
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import not_after_today
from domain.kernel.dates import not_before
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import LongText
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.kernel.fields import parse_args
from domain.performance.access import check_level
from domain.performance.access import check_self
from domain.performance.access import load_set
from domain.performance.access import org_of
from domain.performance.aggregate import ScopeFile
from domain.performance.aggregate import scope_file_stream
from domain.performance.measure import Grade
from domain.performance.measure import grade_of
from domain.performance.rules import CASE_SUBJECT
from domain.performance.rules import CLAWBACK
from domain.performance.rules import DEVIATION
from domain.performance.rules import GRADE
from domain.performance.rules import MONITORED
from domain.performance.rules import OWNER
from domain.performance.rules import RESULT
from domain.performance.rules import SOD
from domain.performance.rules import STATE
from domain.performance.rules import UNIQUE
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader
    from domain.performance.aggregate import TargetSet

MAX_SCORE = 1000  # 100.0 分 in tenths


def _score(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SCORE:
        raise PydanticCustomError(
            GRADE.id, "a score is an integer in tenths from 0 to 1000 (100.0 分), got {value}", {"value": repr(value)}
        )
    return value


Score = Annotated[int, BeforeValidator(_score)]


class SelfEvaluationArgs(StrictModel):
    set_id: Id
    score_tenths: Score
    report_sha256: Sha256
    evaluated_on: IsoDate


class SubmitSelfEvaluation(Command[SelfEvaluationArgs]):
    """绩效自评 / The owner's self-evaluation of a target set; the ledger derives the grade (第十四条)."""

    name = "performance.submit_self_evaluation"
    zh, en = (
        "提交绩效自评（得分、报告摘要；等级由账本计算）",
        "submit a self-evaluation: score and report; the ledger grades",
    )
    roles = frozenset({Role.CITY_MIIT, Role.DISTRICT_GOV, Role.PROV_MIIT, Role.COUNTY_MIIT})
    enforces = (OWNER, UNIQUE, STATE, DEVIATION, MONITORED, GRADE, DATE, NOT_FOUND)
    args = SelfEvaluationArgs
    cli = ("city", "performance", "self-evaluate")
    cli_arguments = ("set_id",)

    def execute(self, args: SelfEvaluationArgs, ctx: Reader) -> Sequence[Aggregate]:
        target_set = load_set(ctx, args.set_id)
        check_self(ctx, target_set)
        target_set.check_evaluation()
        day = not_after_today(ctx, args.evaluated_on, "evaluated_on")
        if target_set.last_as_of is not None:
            not_before(day, target_set.last_as_of, "evaluated_on", "the last monitoring cut-off")
        last_period = max(target_set.snapshots, key=lambda p: target_set.snapshots[p]["to"], default="")
        target_set.self_evaluate(
            evaluation={
                "score_tenths": args.score_tenths,
                "grade": grade_of(args.score_tenths).value,
                "report_sha256": args.report_sha256,
                "evaluated_on": day,
                "evaluated_by": ctx.actor.actor_id,
                "evaluated_by_org": org_of(ctx),
                "last_period": last_period,
            }
        )
        return [target_set]


class DecisionKind(StrEnum):
    ADJUST_POLICY = "adjust_policy"  # 调整政策
    ADJUST_BUDGET = "adjust_budget"  # 调整预算 (read by later budget decisions)
    CONTINUE = "continue"  # 继续实施
    STOP = "stop"  # 停止实施
    OPEN_CLAWBACK = "open_clawback"  # 追回立案 (第十七条（五）)


EXPLAINED = frozenset({DecisionKind.ADJUST_POLICY, DecisionKind.ADJUST_BUDGET, DecisionKind.STOP})
DecisionKindField = Annotated[DecisionKind, enum_parser(DecisionKind, RESULT.id)]


class DecisionArgs(StrictModel):
    kind: DecisionKindField
    note: LongText | None = None


class ClawbackArgs(StrictModel):
    """The case to open on ground C5: its id, the project, the evidence (the report among it) and why."""

    case_id: Id
    project_id: Id
    evidence: list[Sha256] = Field(min_length=1, max_length=49)  # the report is added: 50 in the case
    summary: Text
    reason: LongText | None = None  # required on grade 中: why the money was used inefficiently or ineffectively


class ApplyArgs(StrictModel):
    set_id: Id
    decisions: list[DecisionArgs] = Field(min_length=1, max_length=len(DecisionKind))
    clawback: ClawbackArgs | None = None
    decided_on: IsoDate
    doc_no: Text | None = None


def check_decisions(args: ApplyArgs) -> list[DecisionKind]:
    kinds: list[DecisionKind] = []
    for i, decision in enumerate(args.decisions):
        if decision.kind in kinds:
            RESULT.refuse(f"decisions[{i}].kind", f"{decision.kind.value} is decided twice")
        if decision.kind in EXPLAINED and decision.note is None:
            RESULT.refuse(f"decisions[{i}].note", f"say how or why: {decision.kind.value}")
        kinds.append(decision.kind)
    both = DecisionKind.CONTINUE in kinds and DecisionKind.STOP in kinds
    RESULT.check(not both, "decisions", "continue and stop exclude each other")
    opens = DecisionKind.OPEN_CLAWBACK in kinds
    if opens != (args.clawback is not None):
        RESULT.refuse("clawback", "open_clawback is decided with the case to open (clawback), and only then")
    return kinds


def check_case(target_set: TargetSet, grade: str, case: ClawbackArgs) -> None:
    """第十七条（五）: 差, or 中 with a reason; a project within the set's scope."""
    if grade == Grade.FAIR and case.reason is None:
        CLAWBACK.refuse("clawback.reason", "a 中 result opens a case only with the reason the use was ineffective")
    if grade in (Grade.EXCELLENT, Grade.GOOD):
        CLAWBACK.refuse("clawback", f"the self-evaluation of {target_set.set_id} is graded {grade}, not poor")
    if case.project_id not in target_set.projects:
        within = ", ".join(target_set.projects) or "no project"
        CASE_SUBJECT.refuse("clawback.project_id", f"{target_set.set_id} covers {within}, not {case.project_id}")


class ApplyResult(Command[ApplyArgs]):
    """结果应用 / 市工信局 applies an evaluation result: adjust, continue, stop, or open a C5 clawback case."""

    name = "performance.apply_result"
    zh, en = (
        "评价结果应用（调整政策或预算、继续、停止、追回立案）",
        "apply an evaluation result (adjust, continue, stop, clawback)",
    )
    roles = frozenset({Role.CITY_MIIT, Role.PROV_MIIT})
    enforces = (
        OWNER,
        UNIQUE,
        STATE,
        SOD,
        RESULT,
        CLAWBACK,
        CASE_SUBJECT,
        CASE_UNIQUE,
        CASE_APPROVED,
        CASE_OPEN,
        DATE,
        NOT_FOUND,
    )
    args = ApplyArgs
    cli = ("city", "performance", "apply-result")
    cli_arguments = ("set_id",)

    def execute(self, args: ApplyArgs, ctx: Reader) -> Sequence[Aggregate]:
        target_set = load_set(ctx, args.set_id)
        check_level(ctx, target_set)
        evaluation = target_set.check_application(ctx.actor.actor_id)
        day = not_after_today(ctx, args.decided_on, "decided_on")
        not_before(day, str(evaluation["evaluated_on"]), "decided_on", "the self-evaluation")
        kinds = check_decisions(args)
        grade = str(evaluation["grade"])
        opened: list[Aggregate] = []
        refs: list[str] = []
        if args.clawback is not None:
            case = args.clawback
            check_case(target_set, grade, case)
            report = str(evaluation["report_sha256"])  # the self-evaluation report is the first evidence
            raw = {
                "case_id": case.case_id,
                "project_id": case.project_id,
                "grounds": [Ground.C5.value],
                "source": Source.PERFORMANCE_EVALUATION.value,
                "evidence": [report, *[e for e in case.evidence if e != report]],
                "summary": case.summary,
            }
            opened = open_case(ctx, parse_args(OpenArgs, raw, "clawback"), "clawback.")
            refs.append(f"clawback-case:{case.case_id}")
        decisions = [d.model_dump(mode="json") for d in args.decisions]
        clawback = None if args.clawback is None else args.clawback.model_dump(mode="json")
        target_set.apply_result(
            application={
                "grade": grade,
                "decisions": decisions,
                "clawback": clawback,
                "refs": refs,
                "decided_on": day,
                "doc_no": args.doc_no,
                "applied_by": ctx.actor.actor_id,
                "applied_by_org": org_of(ctx),
            }
        )
        file = ctx.get(
            ScopeFile,
            scope_file_stream(target_set.programme_id, target_set.scope, target_set.scope_ref),
            field="set_id",
            what="performance scope file",
        )
        result = {
            "grade": grade,
            "score_tenths": evaluation["score_tenths"],
            "decisions": [k.value for k in kinds],
            "refs": refs,
            "decided_on": day,
        }
        file.close(target_set.set_id, result)
        return [target_set, file, *opened]


EVALUATION_COMMANDS = (SubmitSelfEvaluation(), ApplyResult())
