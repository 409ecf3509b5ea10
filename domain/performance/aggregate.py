"""TargetSet (绩效目标集): one set of indicators through 事前, 事中 and 事后 (HRB 第十二–十四条, 第十七条（五）).

A set is proposed by its owner and approved by 市工信局; monitoring snapshots ("双监控") record the
actual value of every indicator and the budget execution together, and the deviations the command
computed; a deviation beyond the set's threshold stays open until a corrective action answers it;
then the owner's self-evaluation with its grade, and 市工信局's result application. Every step changes
this one aggregate, so two racing snapshots or evaluations of a set conflict on its version.

``ScopeFile`` is the file of one scope (a category, an award, a district ...): the set in progress and
the result applied to the last one, which the next set of the scope records when it is proposed
(results feed later budget decisions, 第十四条).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.performance.measure import BUDGET_EXECUTION
from domain.performance.measure import deviation_bp
from domain.performance.measure import execution_bp
from domain.performance.measure import execution_deviation_bp
from domain.performance.rules import CORRECTIVE
from domain.performance.rules import DEVIATION
from domain.performance.rules import MONITORED
from domain.performance.rules import SNAPSHOT
from domain.performance.rules import SOD
from domain.performance.rules import STATE
from domain.performance.rules import UNIQUE
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

PROPOSED = "proposed"
APPROVED = "approved"
SUPERSEDED = "superseded"
EVALUATED = "evaluated"
APPLIED = "applied"


def target_set_stream(set_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"performance-target-set:{set_id}")


def scope_file_stream(programme_id: str, scope: str, scope_ref: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"performance-scope:{programme_id}|{scope}|{scope_ref}")


@pin_topic("fundtrail.performance.TargetSet")
class TargetSet(LedgerAggregate):
    """A target set and its life.

    Attributes:
        set_id, programme_id, scope, scope_ref: the set and what it measures.
        owner_org, owner_kind: the responsible organisation (第十二条); ``responsible_orgs`` after approval.
        indicators: [{id, family, sub_kind, metric, unit, target, scale, direction, weight_bp, responsible_org}].
        threshold_bp: the deviation beyond which a corrective action is required.
        projects, budget_refs: the approved projects and the budget commitments the set covers.
        status: proposed | approved | superseded | evaluated | applied.
        snapshots: period -> {from, to, as_of, deviating, answered}; ``open_period`` awaits a corrective action.
        evaluation, application: the self-evaluation and the result application, or None.
    """

    @staticmethod
    def create_id(set_id: str, **_: Any) -> UUID:
        return target_set_stream(set_id)

    @event("TargetsProposed", topic="fundtrail.performance.TargetsProposed")
    def __init__(
        self,
        set_id: str,
        programme_id: str,
        scope: str,
        scope_ref: str,
        owner_org: str,
        owner_kind: str,
        proposed_by: str,
        indicators: list[dict[str, Any]],
        threshold_bp: int,
        projects: list[str],
        budget_refs: list[dict[str, Any]],
        programme_target_set_id: str | None,
        previous_result: dict[str, Any] | None,
    ) -> None:
        del previous_result
        self.set_id = set_id
        self.programme_id = programme_id
        self.scope = scope
        self.scope_ref = scope_ref
        self.owner_org = owner_org
        self.owner_kind = owner_kind
        self.proposed_by = proposed_by
        self.indicators = indicators
        self.threshold_bp = threshold_bp
        self.projects = projects
        self.budget_refs = budget_refs
        self.programme_target_set_id = programme_target_set_id
        self.status = PROPOSED
        self.approved_on: str | None = None
        self.responsible_orgs: list[str] = [owner_org]
        self.snapshots: dict[str, dict[str, Any]] = {}
        self.last_to: str | None = None
        self.last_as_of: str | None = None
        self.open_period: str | None = None
        self.evaluation: dict[str, Any] | None = None
        self.application: dict[str, Any] | None = None

    # -- queries ---------------------------------------------------------
    def indicator_ids(self) -> list[str]:
        return [str(i["id"]) for i in self.indicators]

    def _require(self, status: str, field: str, step: str) -> None:
        if self.status != status:
            STATE.refuse(field, f"target set {self.set_id} is {self.status}; {step} needs it {status}")

    def check_open_deviation(self, field: str, step: str) -> None:
        """第十四条 GATE: no next snapshot, no self-evaluation while a deviation is unanswered."""
        if self.open_period is not None:
            deviating = ", ".join(self.snapshots[self.open_period]["deviating"])
            DEVIATION.refuse(
                field,
                f"the {self.open_period} snapshot of {self.set_id} deviates beyond {self.threshold_bp} bp "
                f"({deviating}); record a corrective action before {step}",
            )

    # -- 事前: approval ------------------------------------------------------
    def approve(self, *, approved_by: str, approver_org: str, decided_on: str, doc_no: str | None) -> None:
        self._require(PROPOSED, "set_id", "approval")
        if approved_by == self.proposed_by:
            SOD.refuse("envelope.actor", f"{approved_by} proposed target set {self.set_id}")
        responsible = sorted({self.owner_org, approver_org})
        self._approved(
            approved_by=approved_by,
            approver_org=approver_org,
            decided_on=decided_on,
            doc_no=doc_no,
            responsible_orgs=responsible,
        )

    def supersede(self, by_set_id: str) -> None:
        self._require(PROPOSED, "scope_ref", "replacing it")
        self._superseded(by_set_id=by_set_id)

    # -- 事中: monitoring ("双监控") -------------------------------------------
    def check_snapshot(self, period: str, period_from: str) -> None:
        """State, one snapshot per period, the deviation gate, and periods in order."""
        if self.status in (EVALUATED, APPLIED):
            STATE.refuse("set_id", f"target set {self.set_id} is self-evaluated; monitoring has ended")
        self._require(APPROVED, "set_id", "monitoring")
        if period in self.snapshots:
            UNIQUE.refuse("period", f"{self.set_id} already has its {period} snapshot")
        self.check_open_deviation("set_id", "the next snapshot")
        if self.last_to is not None and period_from <= self.last_to:
            SNAPSHOT.refuse("period", f"{period} starts {period_from}, not after the last period's end {self.last_to}")

    def record_snapshot(
        self,
        *,
        period: str,
        period_from: str,
        period_to: str,
        as_of: str,
        actuals: dict[str, int],
        committed_fen: int,
        paid_fen: int,
        paid_source: str,
        ledger_settled_fen: int | None,
        planned_execution_bp: int | None,
        recorded_by: str,
        recorded_by_org: str,
    ) -> None:
        """Compute every indicator's deviation and the execution's, judge them against the threshold, record."""
        self.check_snapshot(period, period_from)
        attainment = []
        deviating: list[dict[str, Any]] = []
        for ind in self.indicators:
            actual = actuals[str(ind["id"])]
            dev = deviation_bp(str(ind["direction"]), int(ind["target"]), actual)
            beyond = dev > self.threshold_bp
            attainment.append(
                {
                    "indicator_id": ind["id"],
                    "target": ind["target"],
                    "scale": ind["scale"],
                    "direction": ind["direction"],
                    "actual": actual,
                    "deviation_bp": dev,
                    "beyond": beyond,
                }
            )
            if beyond:
                deviating.append({"indicator_id": ind["id"], "deviation_bp": dev})
        exec_dev = execution_deviation_bp(planned_execution_bp or 0, paid_fen, committed_fen)
        exec_beyond = planned_execution_bp is not None and exec_dev > self.threshold_bp
        if exec_beyond:
            deviating.append({"indicator_id": BUDGET_EXECUTION, "deviation_bp": exec_dev})
        budget = {
            "committed_fen": committed_fen,
            "paid_fen": paid_fen,
            "paid_source": paid_source,
            "ledger_settled_fen": ledger_settled_fen,
            "execution_bp": execution_bp(paid_fen, committed_fen),
            "planned_execution_bp": planned_execution_bp,
            "deviation_bp": exec_dev if planned_execution_bp is not None else None,
            "beyond": exec_beyond,
        }
        self._snapshot_recorded(
            period=period,
            period_from=period_from,
            period_to=period_to,
            as_of=as_of,
            attainment=attainment,
            budget_execution=budget,
            threshold_bp=self.threshold_bp,
            recorded_by=recorded_by,
            recorded_by_org=recorded_by_org,
        )
        if deviating:
            self._deviation_detected(period=period, deviations=deviating, threshold_bp=self.threshold_bp)

    def record_corrective_action(
        self, *, period: str, actions: list[dict[str, Any]], decided_on: str, doc_sha256: str | None, recorded_by: str
    ) -> None:
        snapshot = self.snapshots.get(period)
        if snapshot is None:
            CORRECTIVE.refuse("period", f"{self.set_id} has no {period} snapshot")
        if snapshot["answered"] or not snapshot["deviating"]:
            state = "is already answered" if snapshot["answered"] else "deviates beyond no threshold"
            CORRECTIVE.refuse("period", f"the {period} snapshot of {self.set_id} {state}")
        named = [str(a["indicator_id"]) for a in actions]
        for i, name in enumerate(named):
            if name not in snapshot["deviating"] or name in named[:i]:
                CORRECTIVE.refuse(
                    f"actions[{i}].indicator_id", f"{name} is not a deviation of {period} to answer (or is named twice)"
                )
        missing = [d for d in snapshot["deviating"] if d not in named]
        if missing:
            CORRECTIVE.refuse("actions", f"no corrective action for {', '.join(missing)}")
        self._corrected(period=period, actions=actions, decided_on=decided_on, doc_sha256=doc_sha256, by=recorded_by)

    # -- 事后: self-evaluation and result application ------------------------
    def self_evaluate(self, *, evaluation: dict[str, Any]) -> None:
        self.check_evaluation()
        self._self_evaluated(**evaluation)

    def check_evaluation(self) -> None:
        """Once, on approved targets, after monitoring, with no deviation left unanswered."""
        if self.status in (EVALUATED, APPLIED):
            UNIQUE.refuse("set_id", f"target set {self.set_id} is already self-evaluated")
        self._require(APPROVED, "set_id", "self-evaluation")
        self.check_open_deviation("set_id", "the self-evaluation")
        if not self.snapshots:
            MONITORED.refuse("set_id", f"target set {self.set_id} has no monitoring snapshot")

    def check_application(self, applier: str) -> dict[str, Any]:
        """The evaluation to apply: evaluated, not yet applied, and not by the self-evaluator."""
        if self.status == APPLIED:
            UNIQUE.refuse("set_id", f"the result of {self.set_id} is already applied")
        if self.evaluation is None:
            STATE.refuse("set_id", f"target set {self.set_id} is {self.status}: its self-evaluation comes first")
        if applier == self.evaluation["evaluated_by"]:
            SOD.refuse("envelope.actor", f"{applier} self-evaluated {self.set_id}")
        return self.evaluation

    def apply_result(self, *, application: dict[str, Any]) -> None:
        self.check_application(str(application["applied_by"]))
        self._result_applied(**application)

    # -- events (assignment only) ------------------------------------------
    @event("TargetsApproved", topic="fundtrail.performance.TargetsApproved")
    def _approved(
        self, approved_by: str, approver_org: str, decided_on: str, doc_no: str | None, responsible_orgs: list[str]
    ) -> None:
        del approved_by, approver_org, doc_no
        self.status = APPROVED
        self.approved_on = decided_on
        self.responsible_orgs = responsible_orgs

    @event("TargetsSuperseded", topic="fundtrail.performance.TargetsSuperseded")
    def _superseded(self, by_set_id: str) -> None:
        del by_set_id
        self.status = SUPERSEDED

    @event("SnapshotRecorded", topic="fundtrail.performance.SnapshotRecorded")
    def _snapshot_recorded(
        self,
        period: str,
        period_from: str,
        period_to: str,
        as_of: str,
        attainment: list[dict[str, Any]],
        budget_execution: dict[str, Any],
        threshold_bp: int,
        recorded_by: str,
        recorded_by_org: str,
    ) -> None:
        del attainment, budget_execution, threshold_bp, recorded_by, recorded_by_org
        # the deviations beyond the threshold arrive in DeviationDetected, recorded right after when there are any
        self.snapshots = {
            **self.snapshots,
            period: {"from": period_from, "to": period_to, "as_of": as_of, "deviating": [], "answered": None},
        }
        self.last_to = period_to
        self.last_as_of = as_of

    @event("DeviationDetected", topic="fundtrail.performance.DeviationDetected")
    def _deviation_detected(self, period: str, deviations: list[dict[str, Any]], threshold_bp: int) -> None:
        del threshold_bp
        snapshot = {**self.snapshots[period], "deviating": [str(d["indicator_id"]) for d in deviations]}
        self.snapshots = {**self.snapshots, period: snapshot}
        self.open_period = period

    @event("CorrectiveActionRecorded", topic="fundtrail.performance.CorrectiveActionRecorded")
    def _corrected(
        self, period: str, actions: list[dict[str, Any]], decided_on: str, doc_sha256: str | None, by: str
    ) -> None:
        del actions, doc_sha256, by
        self.snapshots = {**self.snapshots, period: {**self.snapshots[period], "answered": decided_on}}
        if self.open_period == period:
            self.open_period = None

    @event("SelfEvaluated", topic="fundtrail.performance.SelfEvaluated")
    def _self_evaluated(
        self,
        score_tenths: int,
        grade: str,
        report_sha256: str,
        evaluated_on: str,
        evaluated_by: str,
        evaluated_by_org: str,
        last_period: str,
    ) -> None:
        self.evaluation = {
            "score_tenths": score_tenths,
            "grade": grade,
            "report_sha256": report_sha256,
            "evaluated_on": evaluated_on,
            "evaluated_by": evaluated_by,
            "evaluated_by_org": evaluated_by_org,
            "last_period": last_period,
        }
        self.status = EVALUATED

    @event("ResultApplied", topic="fundtrail.performance.ResultApplied")
    def _result_applied(
        self,
        grade: str,
        decisions: list[dict[str, Any]],
        clawback: dict[str, Any] | None,
        refs: list[str],
        decided_on: str,
        doc_no: str | None,
        applied_by: str,
        applied_by_org: str,
    ) -> None:
        self.application = {
            "grade": grade,
            "decisions": decisions,
            "clawback": clawback,
            "refs": refs,
            "decided_on": decided_on,
            "doc_no": doc_no,
            "applied_by": applied_by,
            "applied_by_org": applied_by_org,
        }
        self.status = APPLIED


@pin_topic("fundtrail.performance.ScopeFile")
class ScopeFile(LedgerAggregate):
    """One scope's file: its sets in order, the one in progress, and the result applied to the last one."""

    @staticmethod
    def create_id(programme_id: str, scope: str, scope_ref: str, **_: Any) -> UUID:
        return scope_file_stream(programme_id, scope, scope_ref)

    @event("ScopeFileOpened", topic="fundtrail.performance.ScopeFileOpened")
    def __init__(self, programme_id: str, scope: str, scope_ref: str) -> None:
        self.programme_id = programme_id
        self.scope = scope
        self.scope_ref = scope_ref
        self.sets: list[str] = []
        self.active: str | None = None
        self.last_result: dict[str, Any] | None = None

    def start(self, set_id: str) -> None:
        self._started(set_id=set_id, replaces=self.active)

    def close(self, set_id: str, result: dict[str, Any]) -> None:
        self._result_filed(set_id=set_id, result=result)

    @event("ScopeSetStarted", topic="fundtrail.performance.ScopeSetStarted")
    def _started(self, set_id: str, replaces: str | None) -> None:
        del replaces
        self.sets = [*self.sets, set_id]
        self.active = set_id

    @event("ScopeResultFiled", topic="fundtrail.performance.ScopeResultFiled")
    def _result_filed(self, set_id: str, result: dict[str, Any]) -> None:
        self.last_result = {"set_id": set_id, **result}
        if self.active == set_id:
            self.active = None


label_topics(
    {
        "fundtrail.performance.TargetsProposed": ("绩效目标申报", "performance target set proposed"),
        "fundtrail.performance.TargetsApproved": ("绩效目标审核通过", "performance target set approved"),
        "fundtrail.performance.TargetsSuperseded": ("绩效目标被替换", "performance target set superseded"),
        "fundtrail.performance.SnapshotRecorded": ("绩效运行监控（双监控）", "monitoring snapshot recorded"),
        "fundtrail.performance.DeviationDetected": ("偏离绩效目标", "deviation beyond the threshold detected"),
        "fundtrail.performance.CorrectiveActionRecorded": ("纠偏措施", "corrective action recorded"),
        "fundtrail.performance.SelfEvaluated": ("绩效自评", "self-evaluation submitted"),
        "fundtrail.performance.ResultApplied": ("评价结果应用", "evaluation result applied"),
        "fundtrail.performance.ScopeFileOpened": ("绩效范围档案建立", "performance scope file opened"),
        "fundtrail.performance.ScopeSetStarted": ("绩效范围启用目标集", "target set started for the scope"),
        "fundtrail.performance.ScopeResultFiled": ("绩效范围登记评价结果", "evaluation result filed for the scope"),
    }
)
