"""Monitoring during execution (绩效运行监控, "双监控") and corrective actions (纠偏): HRB 第十四条
"加强专项资金预算执行中的绩效监控，发现偏离既定绩效目标的，应当及时采取措施予以纠正"."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Annotated
from typing import Any

from pydantic import BeforeValidator
from pydantic import Field
from pydantic_core import PydanticCustomError

from domain.kernel.admission import NOT_FOUND
from domain.kernel.commands import Command
from domain.kernel.dates import DATE
from domain.kernel.dates import not_after_today
from domain.kernel.dates import not_before
from domain.kernel.fields import BasisPoints
from domain.kernel.fields import Fen
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import LongText
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.performance.access import check_monitor
from domain.performance.access import load_set
from domain.performance.access import org_of
from domain.performance.budget import committed_fen
from domain.performance.budget import settled_for
from domain.performance.measure import period_bounds
from domain.performance.rules import BUDGET
from domain.performance.rules import CORRECTIVE
from domain.performance.rules import DEVIATION
from domain.performance.rules import OWNER
from domain.performance.rules import SNAPSHOT
from domain.performance.rules import STATE
from domain.performance.rules import UNIQUE
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader
    from domain.performance.aggregate import TargetSet

MONITORS = frozenset({Role.CITY_MIIT, Role.DISTRICT_GOV, Role.PROV_MIIT})


def _period(value: Any) -> Any:
    if not isinstance(value, str) or period_bounds(value) is None:
        raise PydanticCustomError(
            SNAPSHOT.id, "a period is YYYY, YYYY-Qn, YYYY-Hn or YYYY-MM, got {value}", {"value": repr(value)}
        )
    return value


Period = Annotated[str, BeforeValidator(_period)]
Actual = Annotated[int, Field(ge=0, le=2**53)]


class ActualArgs(StrictModel):
    indicator_id: Id
    actual: Actual


class SnapshotArgs(StrictModel):
    set_id: Id
    period: Period
    as_of: IsoDate
    actuals: list[ActualArgs] = Field(min_length=1, max_length=50)
    paid_fen: Fen
    paid_source: Text
    planned_execution_bp: BasisPoints | None = None


def check_actuals(target_set: TargetSet, actuals: list[ActualArgs]) -> dict[str, int]:
    """Every indicator of the set once, nothing else."""
    ids = target_set.indicator_ids()
    found: dict[str, int] = {}
    for i, entry in enumerate(actuals):
        if entry.indicator_id not in ids or entry.indicator_id in found:
            SNAPSHOT.refuse(
                f"actuals[{i}].indicator_id",
                f"{entry.indicator_id} is not an indicator of {target_set.set_id} (or is reported twice)",
            )
        found[entry.indicator_id] = entry.actual
    missing = [i for i in ids if i not in found]
    SNAPSHOT.check(not missing, "actuals", f"no actual value for {', '.join(missing)}")
    return found


class RecordSnapshot(Command[SnapshotArgs]):
    """绩效运行监控 / Record a monitoring snapshot: attainment of every indicator and budget execution together."""

    name = "performance.record_snapshot"
    zh, en = (
        "绩效运行监控（双监控：目标完成与预算执行）",
        "record a monitoring snapshot: attainment and budget execution",
    )
    roles = MONITORS
    enforces = (OWNER, STATE, UNIQUE, DEVIATION, SNAPSHOT, BUDGET, DATE, NOT_FOUND)
    args = SnapshotArgs
    cli = ("city", "performance", "monitor")
    cli_arguments = ("set_id", "period")

    def execute(self, args: SnapshotArgs, ctx: Reader) -> Sequence[Aggregate]:
        target_set = load_set(ctx, args.set_id)
        check_monitor(ctx, target_set)
        bounds = period_bounds(args.period)
        assert bounds is not None  # the field refused anything else
        start, end = (d.isoformat() for d in bounds)
        target_set.check_snapshot(args.period, start)
        as_of = not_after_today(ctx, args.as_of, "as_of")
        SNAPSHOT.check(start <= as_of <= end, "as_of", f"{as_of} is outside {args.period} ({start} to {end})")
        # a period over before the targets were approved is not monitored against them
        not_before(end, target_set.approved_on or end, "period", "when the targets were approved")
        actuals = check_actuals(target_set, args.actuals)
        settled = settled_for(ctx, target_set, as_of)
        if settled is not None and args.paid_fen < settled:
            BUDGET.refuse("paid_fen", f"{args.paid_fen} 分 reported; the ledger holds {settled} 分 settled by {as_of}")
        target_set.record_snapshot(
            period=args.period,
            period_from=start,
            period_to=end,
            as_of=as_of,
            actuals=actuals,
            committed_fen=committed_fen(ctx, target_set),
            paid_fen=args.paid_fen,
            paid_source=args.paid_source,
            ledger_settled_fen=settled,
            planned_execution_bp=args.planned_execution_bp,
            recorded_by=ctx.actor.actor_id,
            recorded_by_org=org_of(ctx),
        )
        return [target_set]


class ActionArgs(StrictModel):
    indicator_id: Id
    measure: LongText
    due_on: IsoDate


class CorrectiveArgs(StrictModel):
    set_id: Id
    period: Period
    actions: list[ActionArgs] = Field(min_length=1, max_length=51)
    decided_on: IsoDate
    doc_sha256: Sha256 | None = None


class RecordCorrectiveAction(Command[CorrectiveArgs]):
    """纠偏 / Record the corrective action answering a snapshot's deviations beyond the threshold (第十四条)."""

    name = "performance.record_corrective_action"
    zh, en = "登记纠偏措施（逐项答复超阈值偏离）", "record the corrective action answering a snapshot's deviations"
    roles = MONITORS
    enforces = (OWNER, CORRECTIVE, DATE, NOT_FOUND)
    args = CorrectiveArgs
    cli = ("city", "performance", "correct")
    cli_arguments = ("set_id", "period")

    def execute(self, args: CorrectiveArgs, ctx: Reader) -> Sequence[Aggregate]:
        target_set = load_set(ctx, args.set_id)
        check_monitor(ctx, target_set)
        snapshot = target_set.snapshots.get(args.period)
        CORRECTIVE.check(snapshot is not None, "period", f"{args.set_id} has no {args.period} snapshot")
        assert snapshot is not None
        day = not_after_today(ctx, args.decided_on, "decided_on")
        not_before(day, snapshot["as_of"], "decided_on", f"the {args.period} snapshot's cut-off")
        actions = []
        for i, action in enumerate(args.actions):
            due = not_before(action.due_on, day, f"actions[{i}].due_on", "the decision on the action")
            actions.append({"indicator_id": action.indicator_id, "measure": action.measure, "due_on": due})
        target_set.record_corrective_action(
            period=args.period,
            actions=actions,
            decided_on=day,
            doc_sha256=args.doc_sha256,
            recorded_by=ctx.actor.actor_id,
        )
        return [target_set]


MONITORING_COMMANDS = (RecordSnapshot(), RecordCorrectiveAction())
