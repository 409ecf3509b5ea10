"""Performance management (绩效管理), story by story: HRB 第十二条, 第十三条, 第十四条, 第十七条（五）.

Given the programme with its overall targets approved and P-1 (南岗区) approved at 14万 by 市政府
(tests/domain/test_approval.py, test_payment.py givens), 市工信局 proposes targets for P-1's award, another
officer approves them; monitoring snapshots report every indicator and the budget execution together;
a deviation beyond the threshold waits for its corrective action; the owner self-evaluates, the ledger
grades, and 市工信局 applies the result — on a poor one by opening a clawback case on ground C5.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

import pytest
from hypothesis import given as hypothesis_given
from hypothesis import settings
from hypothesis import strategies as st

from domain.clawback.aggregate import ClawbackCase
from domain.clawback.aggregate import clawback_case_stream
from domain.performance.aggregate import TargetSet
from domain.performance.aggregate import target_set_stream
from domain.performance.measure import BP
from domain.performance.measure import MAX_DEVIATION_BP
from domain.performance.measure import Grade
from domain.performance.measure import deviation_bp
from domain.performance.measure import execution_deviation_bp
from domain.performance.measure import grade_of
from domain.performance.measure import period_bounds
from domain.roles import Role
from tests.domain import test_approval as apr
from tests.domain import test_clawback as clb
from tests.domain import test_payment as pay
from tests.domain import test_project_given as given
from tests.domain.memory import World
from tests.domain.memory import topics

if TYPE_CHECKING:
    from datetime import datetime

WAN = given.WAN
PROGRAMME = apr.PROGRAMME
SET = "PT-P-1"
APRIL = apr.beijing(2025, 4, 2)  # after 2025-Q1
JULY = apr.beijing(2025, 7, 3)  # after 2025-Q2
OCTOBER = apr.beijing(2025, 10, 9)
REPORT = given.sha("self-evaluation report PT-P-1")


# -- givens ------------------------------------------------------------------------------------------------


def actors(w: Any) -> None:
    """南岗区 and 道里区 governments (第十二条 responsible subjects)."""
    w.actor("ng-gov", Role.DISTRICT_GOV, org_code="HRB-NG-GOV", org_kind="district_gov")
    w.actor("dl-gov", Role.DISTRICT_GOV, org_code="HRB-DL-GOV", org_kind="district_gov")


def world() -> World:
    """P-1 approved at 14万, tranche 1 (9.8万) settled on 2025-03-12; the ledger's day is 2025-04-02."""
    w = pay.world()
    pay.paid_first(w)
    actors(w)
    w.now = APRIL
    return w


def indicators() -> list[dict[str, Any]]:
    return [
        {
            "id": "I1",
            "family": "output",
            "sub_kind": "quantity",
            "metric": "联网采集数据的设备数",
            "unit": "台",
            "target": 40,
            "direction": "at_least",
            "weight_bp": 4000,
        },
        {
            "id": "I2",
            "family": "output",
            "sub_kind": "timeliness",
            "metric": "改造按期完成率",
            "unit": "%",
            "target": 950,
            "scale": 1,
            "direction": "at_least",
            "weight_bp": 3000,
        },
        {
            "id": "I3",
            "family": "satisfaction",
            "metric": "企业对服务商的满意度",
            "unit": "%",
            "target": 90,
            "direction": "at_least",
            "weight_bp": 3000,
        },
    ]


def propose_args(set_id: str = SET, scope: str = "award", scope_ref: str = "P-1", **over: Any) -> dict[str, Any]:
    return {
        "set_id": set_id,
        "programme_id": PROGRAMME,
        "scope": scope,
        "scope_ref": scope_ref,
        "indicators": indicators(),
        **over,
    }


def approved_set(w: Any, set_id: str = SET, by: str = "miit", **over: Any) -> None:
    w.when(by, "performance.propose_targets", propose_args(set_id, **over))
    w.when("miit-2", "performance.approve_targets", {"set_id": set_id, "decided_on": "2025-03-20"})


def snapshot_args(
    period: str = "2025-Q1",
    as_of: str = "2025-03-31",
    actual: tuple[int, int, int] = (40, 960, 92),
    set_id: str = SET,
    **over: Any,
) -> dict[str, Any]:
    return {
        "set_id": set_id,
        "period": period,
        "as_of": as_of,
        "actuals": [{"indicator_id": f"I{n}", "actual": a} for n, a in enumerate(actual, 1)],
        "paid_fen": 9_800_000,
        "paid_source": "国库集中支付系统（截至季末）",
        **over,
    }


def correct_args(period: str = "2025-Q1", ids: tuple[str, ...] = ("I1",), **over: Any) -> dict[str, Any]:
    return {
        "set_id": SET,
        "period": period,
        "actions": [{"indicator_id": i, "measure": "督促服务商增派实施人员", "due_on": "2025-05-31"} for i in ids],
        "decided_on": "2025-04-02",
        **over,
    }


def evaluate_args(score_tenths: int, set_id: str = SET, **over: Any) -> dict[str, Any]:
    return {"set_id": set_id, "score_tenths": score_tenths, "report_sha256": REPORT, "evaluated_on": "2025-07-03"}


def apply_args(decisions: list[dict[str, Any]], clawback: dict[str, Any] | None = None, **over: Any) -> dict[str, Any]:
    args = {"set_id": SET, "decisions": decisions, "decided_on": "2025-07-03", **over}
    return args if clawback is None else {**args, "clawback": clawback}


def case_args(case_id: str = "CASE-PRF-1", project_id: str = "P-1", **over: Any) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "project_id": project_id,
        "evidence": [given.sha("evaluation notice")],
        "summary": "绩效自评为差，设备联网数远低于目标",
        **over,
    }


def monitored(w: Any, score_tenths: int | None = None, at: datetime = JULY) -> None:
    """Approved, a 2025-Q1 snapshot meeting every target and, with ``score_tenths``, self-evaluated in July."""
    approved_set(w)
    w.when("miit", "performance.record_snapshot", snapshot_args())
    if score_tenths is not None:
        w.when("miit", "performance.submit_self_evaluation", evaluate_args(score_tenths), at=at)


def target_set(w: World, set_id: str = SET) -> TargetSet:
    return w.get(TargetSet, target_set_stream(set_id))


# -- 事前: targets (第十二条, 第十三条) ---------------------------------------------------------------------


def test_hrb_article_13_targets_follow_the_programmes_overall_targets() -> None:
    """HRB 第十三条 "以…总体绩效目标…为导向": no set before the programme's own targets are approved."""
    w = world()
    w.when(
        "finance",
        "programme.establish",
        {
            "programme_id": "HRB-OTHER",
            "name": "另一专项资金",
            "fund_source": "central",
            "legal_basis": [{**apr.MEASURES, "articles": ["第一条"]}],
            "valid_from": "2024-10-15",
            "valid_to": "2025-12-31",
        },
    )
    args = propose_args(programme_id="HRB-OTHER")
    w.refused("miit", "performance.propose_targets", args, rule="FT-PRF-GUIDED", field="programme_id")
    missing = propose_args(programme_id="HRB-NONE")
    w.refused("miit", "performance.propose_targets", missing, rule="FT-NOT-FOUND", field="programme_id")
    events = w.when("miit", "performance.propose_targets", propose_args())
    assert topics(events) == [
        "fundtrail.performance.TargetsProposed",
        "fundtrail.performance.ScopeFileOpened",
        "fundtrail.performance.ScopeSetStarted",
    ]
    s = target_set(w)
    assert (s.status, s.scope, s.scope_ref, s.owner_org, s.threshold_bp) == (
        "proposed",
        "award",
        "P-1",
        "HRB-MIIT",
        2000,
    )
    assert s.projects == ["P-1"] and s.budget_refs == [{"category": "transformation", "ref": "project:P-1"}]
    w.refused("miit", "performance.propose_targets", propose_args(), rule="FT-PRF-UNIQUE", field="set_id")


def test_hrb_article_13_indicators_are_clear_specific_and_achievable() -> None:
    """HRB 第十三条 "明确、具体、可实现": families 产出/效益/满意度 with their sub-kinds, integer targets with a
    scale, weights in basis points summing to 10000."""
    w = world()

    def with_indicator(n: int, **change: Any) -> dict[str, Any]:
        inds = indicators()
        inds[n] = {**inds[n], **change}
        return propose_args(indicators=inds)

    cases: list[tuple[dict[str, Any], str, str]] = [
        (with_indicator(1, id="I1"), "FT-PRF-INDICATORS", "indicators[1].id"),
        (with_indicator(0, id="budget_execution"), "FT-PRF-INDICATORS", "indicators[0].id"),
        (with_indicator(0, sub_kind="economic"), "FT-PRF-INDICATORS", "indicators[0].sub_kind"),
        (with_indicator(0, sub_kind=None), "FT-PRF-INDICATORS", "indicators[0].sub_kind"),
        (with_indicator(2, sub_kind="quality"), "FT-PRF-INDICATORS", "indicators[2].sub_kind"),
        (with_indicator(0, family="效益"), "FT-PRF-INDICATORS", "indicators[0].family"),
        (with_indicator(0, direction=">="), "FT-PRF-INDICATORS", "indicators[0].direction"),
        (with_indicator(0, weight_bp=3000), "FT-PRF-INDICATORS", "indicators"),
        (with_indicator(0, target=40.5), "FT-FIELD", "indicators[0].target"),
        (with_indicator(0, target=-1), "FT-FIELD", "indicators[0].target"),
        (with_indicator(1, scale=7), "FT-FIELD", "indicators[1].scale"),
        (propose_args(threshold_bp=10_000), "FT-FIELD", "threshold_bp"),
    ]
    for args, rule, field in cases:
        w.refused("miit", "performance.propose_targets", args, rule=rule, field=field)
    w.when("miit", "performance.propose_targets", with_indicator(0, family="outcome", sub_kind="economic"))
    assert target_set(w).indicators[0]["sub_kind"] == "economic"


def test_hrb_article_13_the_scope_is_something_the_ledger_holds() -> None:
    """HRB 第十三条: targets are the basis of budgeting and allocation, so they measure an opened budget line,
    an approved award, a contract or award by its budget reference, a district's approved projects."""
    w = world()
    cases: list[tuple[dict[str, Any], str, str]] = [
        (propose_args(scope="category", scope_ref="training"), "FT-PRF-SCOPE", "scope_ref"),
        (propose_args(scope="category", scope_ref="食品"), "FT-PRF-SCOPE", "scope_ref"),
        (propose_args(scope="award", scope_ref="P-404"), "FT-NOT-FOUND", "scope_ref"),
        (propose_args(scope="contract", scope_ref="HT-2025-1"), "FT-PRF-SCOPE", "budget_line"),
        (
            propose_args(scope="contract", scope_ref="HT-2025-1", budget_line={"category": "centre", "ref": "c:1"}),
            "FT-PRF-SCOPE",
            "budget_line.category",
        ),
        (propose_args(scope="programme", scope_ref="HRB-X"), "FT-PRF-SCOPE", "scope_ref"),
        (propose_args(scope="category", scope_ref="transformation", projects=["P-1"]), "FT-PRF-SCOPE", "projects"),
        (propose_args(scope="town", scope_ref="P-1"), "FT-PRF-SCOPE", "scope"),
    ]
    for args, rule, field in cases:
        w.refused("miit", "performance.propose_targets", args, rule=rule, field=field)
    given.verified(w, "P-2", 20 * WAN, given.ENT_B)  # verified, not approved
    w.refused(
        "miit", "performance.propose_targets", propose_args(scope_ref="P-2"), rule="FT-PRF-SCOPE", field="scope_ref"
    )
    district = propose_args(scope="district", scope_ref="道里区", projects=["P-1"])
    w.refused("dl-gov", "performance.propose_targets", district, rule="FT-PRF-SCOPE", field="projects[0]")
    twice = propose_args(scope="district", scope_ref="南岗区", projects=["P-1", "P-1"])
    w.refused("ng-gov", "performance.propose_targets", twice, rule="FT-PRF-SCOPE", field="projects[1]")


def test_hrb_article_13_budget_execution_is_read_from_the_scopes_budget_lines() -> None:
    """HRB 第十三条, 第十四条 "双监控": committed money comes from the ledger's own lines — a category's whole
    line, the programme's lines, an award's or a contract's commitment under its reference."""
    w = world()
    approved_set(w, "PT-CAT", scope="category", scope_ref="transformation")
    approved_set(w, "PT-PRG", scope="programme", scope_ref=PROGRAMME)
    contract = {"category": "transformation", "ref": "project:P-1"}  # a reference the line holds
    approved_set(w, "PT-HT", scope="contract", scope_ref="HT-1", budget_line=contract)
    assert target_set(w, "PT-PRG").programme_target_set_id == "T-2024"
    for set_id in ("PT-CAT", "PT-PRG", "PT-HT", SET):
        if set_id == SET:
            approved_set(w)
        events = w.when("miit", "performance.record_snapshot", snapshot_args(set_id=set_id))
        budget = events[0].budget_execution
        assert (budget["committed_fen"], budget["paid_fen"], budget["execution_bp"]) == (14 * WAN, 9_800_000, 7000)
        assert budget["ledger_settled_fen"] == (9_800_000 if set_id == SET else None)


def test_hrb_article_12_a_districts_indicators_are_its_governments_and_city_miits_together() -> None:
    """HRB 第十二条 "市工信局、各区县（市）人民政府…是专项资金绩效管理的责任主体": the district government proposes
    its own indicators; 市工信局 approves; both are recorded as responsible."""
    w = world()
    district = propose_args("PT-NG", scope="district", scope_ref="南岗区", projects=["P-1"])
    w.refused("miit", "performance.propose_targets", district, rule="FT-PRF-OWNER", field="envelope.actor")
    w.refused("ng-gov", "performance.propose_targets", propose_args(), rule="FT-PRF-OWNER", field="envelope.actor")
    w.actor("ng-gov-miit", Role.DISTRICT_GOV, org_code="HRB-NG-MIIT", org_kind="district_miit")
    w.refused("ng-gov-miit", "performance.propose_targets", district, rule="FT-PRF-OWNER", field="envelope.actor")
    w.when("ng-gov", "performance.propose_targets", district)
    other = {**district, "set_id": "PT-NG-DL"}  # another district government may not replace 南岗区's proposal
    w.refused("dl-gov", "performance.propose_targets", other, rule="FT-PRF-OWNER", field="envelope.actor")
    s = target_set(w, "PT-NG")
    assert {i["responsible_org"] for i in s.indicators} == {"HRB-NG-GOV"}
    assert (s.owner_org, s.owner_kind, s.projects) == ("HRB-NG-GOV", "district_gov", ["P-1"])
    w.refused("ng-gov", "performance.approve_targets", {"set_id": "PT-NG", "decided_on": "2025-04-02"}, rule="FT-ROLE")
    w.when("miit", "performance.approve_targets", {"set_id": "PT-NG", "decided_on": "2025-03-20"})
    assert target_set(w, "PT-NG").responsible_orgs == ["HRB-MIIT", "HRB-NG-GOV"]
    # each district government monitors and self-evaluates its own; 市工信局 monitors any
    w.refused("dl-gov", "performance.record_snapshot", snapshot_args(set_id="PT-NG"), rule="FT-PRF-OWNER")
    w.when("ng-gov", "performance.record_snapshot", snapshot_args(set_id="PT-NG"))
    w.when("miit", "performance.record_snapshot", snapshot_args("2025-Q2", "2025-06-30", set_id="PT-NG"), at=JULY)
    w.refused("miit", "performance.submit_self_evaluation", evaluate_args(800, "PT-NG"), rule="FT-PRF-OWNER", at=JULY)
    events = w.when("ng-gov", "performance.submit_self_evaluation", evaluate_args(800, "PT-NG"), at=JULY)
    assert (events[0].grade, events[0].evaluated_by_org) == ("good", "HRB-NG-GOV")


def test_hrb_article_13_targets_are_approved_by_another_than_the_proposer_and_then_fixed() -> None:
    """HRB 第十三条 "市工信局…要加强对绩效目标的审核": approval by another officer, once; an approved set is not
    replaced, a proposed one may be (the earlier proposal is superseded)."""
    w = world()
    w.when("miit", "performance.propose_targets", propose_args("PT-A"))
    approve = {"set_id": "PT-A", "decided_on": "2025-04-02"}
    w.refused("miit", "performance.approve_targets", approve, rule="FT-PRF-SOD", field="envelope.actor")
    w.refused("miit-2", "performance.approve_targets", {**approve, "decided_on": "2025-04-03"}, rule="FT-DATE")
    events = w.when("miit", "performance.propose_targets", propose_args("PT-B", threshold_bp=1500))
    assert topics(events) == [
        "fundtrail.performance.TargetsProposed",
        "fundtrail.performance.ScopeSetStarted",
        ("fundtrail.performance.TargetsSuperseded"),
    ]
    w.refused("miit-2", "performance.approve_targets", approve, rule="FT-PRF-STATE", field="set_id")
    w.when("miit-2", "performance.approve_targets", {**approve, "set_id": "PT-B"})
    w.refused("miit-2", "performance.approve_targets", {**approve, "set_id": "PT-B"}, rule="FT-PRF-STATE")
    again = propose_args("PT-C")
    w.refused("miit", "performance.propose_targets", again, rule="FT-PRF-SCOPE", field="scope_ref")
    assert (target_set(w, "PT-A").status, target_set(w, "PT-B").status) == ("superseded", "approved")


# -- 事中: monitoring, "双监控" (第十四条) -------------------------------------------------------------------


def test_hrb_article_14_a_snapshot_reports_every_indicator_and_budget_execution_together() -> None:
    """HRB 第十四条 "加强专项资金预算执行中的绩效监控": attainment of every indicator with its deviation, computed by
    the ledger, and the budget executed (committed from the ledger, paid as reported with its source)."""
    w = world()
    w.when("miit", "performance.propose_targets", propose_args())
    w.refused("miit", "performance.record_snapshot", snapshot_args(), rule="FT-PRF-STATE", field="set_id")
    w.when("miit-2", "performance.approve_targets", {"set_id": SET, "decided_on": "2025-03-20"})
    missing = snapshot_args()
    missing["actuals"] = missing["actuals"][:2]
    stranger = snapshot_args()
    stranger["actuals"][1]["indicator_id"] = "I9"
    decimal = snapshot_args()
    decimal["actuals"][1]["actual"] = 96.0  # a value is an integer in units of its scale, never a float
    cases: list[tuple[dict[str, Any], str, str]] = [
        (missing, "FT-PRF-SNAPSHOT", "actuals"),
        (stranger, "FT-PRF-SNAPSHOT", "actuals[1].indicator_id"),
        (snapshot_args("2025Q1"), "FT-PRF-SNAPSHOT", "period"),
        (snapshot_args("2025-Q5"), "FT-PRF-SNAPSHOT", "period"),
        (snapshot_args(as_of="2025-04-01"), "FT-PRF-SNAPSHOT", "as_of"),
        (snapshot_args("2025-Q2", "2025-04-03"), "FT-DATE", "as_of"),
        (snapshot_args("2025-02", "2025-02-28"), "FT-DATE", "period"),  # over before the approval on 2025-03-20
        (snapshot_args(paid_fen=9_799_999), "FT-PRF-BUDGET", "paid_fen"),
        (snapshot_args(paid_fen=1.5), "FT-MONEY", "paid_fen"),
        (decimal, "FT-FIELD", "actuals[1].actual"),
    ]
    for args, rule, field in cases:
        w.refused("miit", "performance.record_snapshot", args, rule=rule, field=field)
    events = w.when("miit", "performance.record_snapshot", snapshot_args(actual=(33, 950, 100)))
    assert topics(events) == ["fundtrail.performance.SnapshotRecorded"]
    e = events[0]
    assert (e.period, e.period_from, e.period_to, e.as_of, e.threshold_bp) == (
        "2025-Q1",
        "2025-01-01",
        "2025-03-31",
        "2025-03-31",
        2000,
    )
    assert [(a["indicator_id"], a["actual"], a["deviation_bp"], a["beyond"]) for a in e.attainment] == [
        ("I1", 33, 1750, False),  # 7 short of 40: 17.5%, within 20%
        ("I2", 950, 0, False),
        ("I3", 100, 0, False),  # above an "at least" target is no deviation
    ]
    assert e.budget_execution == {
        "committed_fen": 14 * WAN,
        "paid_fen": 9_800_000,
        "paid_source": "国库集中支付系统（截至季末）",
        "ledger_settled_fen": 9_800_000,
        "execution_bp": 7000,
        "planned_execution_bp": None,
        "deviation_bp": None,
        "beyond": False,
    }
    assert target_set(w).open_period is None


def test_hrb_article_14_what_the_ledger_settled_after_the_cut_off_is_not_required() -> None:
    """HRB 第十四条: the reported paid amount is judged against what the ledger settled by the cut-off only."""
    w = world()
    approved_set(w)
    # tranche 1's value date is 2025-03-12; by 2025-03-11 the ledger had settled nothing
    events = w.when("miit", "performance.record_snapshot", snapshot_args("2025-Q1", "2025-03-11", paid_fen=0))
    assert events[0].budget_execution["ledger_settled_fen"] == 0


def test_hrb_article_14_periods_follow_one_another_once_each() -> None:
    """HRB 第十四条: one snapshot per set and period, in order (a period never overlaps an earlier one)."""
    w = world()
    approved_set(w)
    w.when("miit", "performance.record_snapshot", snapshot_args("2025-Q2", "2025-04-02"))
    w.refused("miit", "performance.record_snapshot", snapshot_args("2025-Q2", "2025-04-02"), rule="FT-PRF-UNIQUE")
    w.refused("miit", "performance.record_snapshot", snapshot_args(), rule="FT-PRF-SNAPSHOT", field="period")
    june = snapshot_args("2025-06", "2025-06-30")
    w.refused("miit", "performance.record_snapshot", june, rule="FT-PRF-SNAPSHOT", field="period", at=JULY)
    w.when("miit", "performance.record_snapshot", snapshot_args("2025-Q3", "2025-07-03"), at=JULY)
    assert list(target_set(w).snapshots) == ["2025-Q2", "2025-Q3"]


def test_hrb_article_14_a_deviation_beyond_the_threshold_requires_a_corrective_action() -> None:
    """HRB 第十四条 "发现偏离既定绩效目标的，应当及时采取措施予以纠正" (GATE): beyond 20% the next snapshot and the
    self-evaluation wait for a corrective action answering every deviating indicator."""
    w = world()
    approved_set(w)
    events = w.when("miit", "performance.record_snapshot", snapshot_args(actual=(30, 700, 92)))
    assert topics(events) == ["fundtrail.performance.SnapshotRecorded", "fundtrail.performance.DeviationDetected"]
    assert events[1].deviations == [
        {"indicator_id": "I1", "deviation_bp": 2500},  # 10 of 40 short
        {"indicator_id": "I2", "deviation_bp": 2632},  # 25.0 of 95.0 points short: 26.315…% rounded up
    ]
    q2 = snapshot_args("2025-Q2", "2025-06-30")
    w.refused("miit", "performance.record_snapshot", q2, rule="FT-PRF-DEVIATION", field="set_id", at=JULY)
    w.refused("miit", "performance.submit_self_evaluation", evaluate_args(700), rule="FT-PRF-DEVIATION", at=JULY)
    cases: list[tuple[dict[str, Any], str, str]] = [
        (correct_args(ids=("I1",)), "FT-PRF-CORRECTIVE", "actions"),
        (correct_args(ids=("I1", "I2", "I3")), "FT-PRF-CORRECTIVE", "actions[2].indicator_id"),
        (correct_args(ids=("I1", "I1", "I2")), "FT-PRF-CORRECTIVE", "actions[1].indicator_id"),
        (correct_args("2025-Q2", ids=("I1", "I2")), "FT-PRF-CORRECTIVE", "period"),
        (correct_args(ids=("I1", "I2"), decided_on="2025-03-30"), "FT-DATE", "decided_on"),
    ]
    for args, rule, field in cases:
        w.refused("miit", "performance.record_corrective_action", args, rule=rule, field=field)
    late = correct_args(ids=("I1", "I2"))
    late["actions"][1]["due_on"] = "2025-04-01"
    w.refused("miit", "performance.record_corrective_action", late, rule="FT-DATE", field="actions[1].due_on")
    w.refused("dl-gov", "performance.record_corrective_action", correct_args(ids=("I1", "I2")), rule="FT-PRF-OWNER")
    events = w.when("miit", "performance.record_corrective_action", correct_args(ids=("I1", "I2")))
    assert topics(events) == ["fundtrail.performance.CorrectiveActionRecorded"]
    assert target_set(w).open_period is None
    w.refused("miit", "performance.record_corrective_action", correct_args(ids=("I1", "I2")), rule="FT-PRF-CORRECTIVE")
    w.when("miit", "performance.record_snapshot", q2, at=JULY)


def test_hrb_article_14_a_deviation_of_exactly_the_threshold_is_within_it() -> None:
    """HRB 第十四条, as built: "beyond" is strict and exact — 8 short of 40 is 20.00%, not beyond 2000 bp; a set
    may fix a tighter threshold when it is approved, recorded in every snapshot."""
    w = world()
    approved_set(w)
    events = w.when("miit", "performance.record_snapshot", snapshot_args(actual=(32, 950, 90)))
    assert topics(events) == ["fundtrail.performance.SnapshotRecorded"]
    approved_set(w, "PT-T", scope="category", scope_ref="transformation", threshold_bp=1000)
    events = w.when("miit", "performance.record_snapshot", snapshot_args(set_id="PT-T", actual=(32, 950, 90)))
    assert events[0].threshold_bp == 1000 and events[1].deviations == [{"indicator_id": "I1", "deviation_bp": 2000}]


def test_hrb_article_14_budget_execution_behind_its_plan_is_a_deviation_too() -> None:
    """HRB 第十四条 "双监控": 9.8万 paid of 14万 committed is 70% executed; against a 90% plan that is 22.2% short,
    beyond the threshold, and answered like an indicator (``budget_execution``)."""
    w = world()
    approved_set(w)
    events = w.when("miit", "performance.record_snapshot", snapshot_args(planned_execution_bp=9000))
    budget = events[0].budget_execution
    assert (budget["execution_bp"], budget["deviation_bp"], budget["beyond"]) == (7000, 2223, True)
    assert events[1].deviations == [{"indicator_id": "budget_execution", "deviation_bp": 2223}]
    w.when("miit", "performance.record_corrective_action", correct_args(ids=("budget_execution",)))
    on_plan = snapshot_args("2025-Q2", "2025-06-30", planned_execution_bp=7000)
    events = w.when("miit", "performance.record_snapshot", on_plan, at=JULY)
    assert events[0].budget_execution["deviation_bp"] == 0 and len(events) == 1


@settings(max_examples=300, deadline=None)
@hypothesis_given(
    direction=st.sampled_from(["at_least", "at_most", "equal"]),
    target=st.integers(0, 10**9),
    actual=st.integers(0, 10**9),
    threshold=st.integers(1, 9_999),
)
def test_hrb_article_14_beyond_the_threshold_is_decided_exactly_on_integers(
    direction: str, target: int, actual: int, threshold: int
) -> None:
    """HRB 第十四条: the rounded-up deviation exceeds the threshold exactly when the unrounded ratio does."""
    gap = {"at_least": max(0, target - actual), "at_most": max(0, actual - target), "equal": abs(actual - target)}
    wrong_side = gap[direction]
    dev = deviation_bp(direction, target, actual)
    if target == 0:
        assert dev == (BP if wrong_side else 0)
    else:
        assert (dev > threshold) == (wrong_side * BP > threshold * target)
        if dev < MAX_DEVIATION_BP:  # saturated beyond 10^6 × the target (an event's ints stay within ±2^53)
            assert dev * target >= wrong_side * BP > (dev - 1) * target or wrong_side == dev == 0
        else:
            assert wrong_side * BP >= (MAX_DEVIATION_BP - 1) * target


def test_hrb_article_14_execution_shortfall_and_periods_arithmetic() -> None:
    """HRB 第十四条: integer arithmetic for the execution shortfall; the periods a snapshot may name."""
    assert execution_deviation_bp(9000, 9_800_000, 14 * WAN) == 2223
    assert execution_deviation_bp(7000, 9_800_000, 14 * WAN) == 0
    assert execution_deviation_bp(9000, 0, 0) == 0
    assert [str(d) for d in period_bounds("2025-Q4") or ()] == ["2025-10-01", "2025-12-31"]
    assert [str(d) for d in period_bounds("2025-H1") or ()] == ["2025-01-01", "2025-06-30"]
    assert [str(d) for d in period_bounds("2024-02") or ()] == ["2024-02-01", "2024-02-29"]
    assert [str(d) for d in period_bounds("2025") or ()] == ["2025-01-01", "2025-12-31"]
    assert period_bounds("2025-13") is None and period_bounds("25-Q1") is None


# -- 事后: self-evaluation (第十四条) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (1000, Grade.EXCELLENT),
        (900, Grade.EXCELLENT),
        (899, Grade.GOOD),
        (800, Grade.GOOD),
        (799, Grade.FAIR),
        (600, Grade.FAIR),
        (599, Grade.POOR),
        (0, Grade.POOR),
    ],
)
def test_hrb_article_14_the_grade_follows_the_scale_of_cai_yu_2020_10(score: int, grade: Grade) -> None:
    """HRB 第十四条 绩效自评, graded on 财预〔2020〕10号: 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60 (score in tenths)."""
    assert grade_of(score) is grade


def test_hrb_article_14_self_evaluation_follows_monitoring_and_the_ledger_grades_it() -> None:
    """HRB 第十四条 "组织开展专项资金绩效自评工作": after at least one snapshot, once, by the owner; the ledger derives
    the grade from the score; monitoring ends with it."""
    w = world()
    approved_set(w)
    w.refused("miit", "performance.submit_self_evaluation", evaluate_args(850), rule="FT-PRF-MONITORED", at=JULY)
    w.when("miit", "performance.record_snapshot", snapshot_args())
    cases: list[tuple[dict[str, Any], str, str]] = [
        (evaluate_args(1001), "FT-PRF-GRADE", "score_tenths"),
        ({**evaluate_args(850), "score_tenths": 85.5}, "FT-PRF-GRADE", "score_tenths"),
        ({**evaluate_args(850), "score_tenths": True}, "FT-PRF-GRADE", "score_tenths"),
        ({**evaluate_args(850), "evaluated_on": "2025-03-30"}, "FT-DATE", "evaluated_on"),
        ({**evaluate_args(850), "evaluated_on": "2025-07-04"}, "FT-DATE", "evaluated_on"),
    ]
    for args, rule, field in cases:
        w.refused("miit", "performance.submit_self_evaluation", args, rule=rule, field=field, at=JULY)
    w.refused("ng-gov", "performance.submit_self_evaluation", evaluate_args(850), rule="FT-PRF-OWNER", at=JULY)
    events = w.when("miit", "performance.submit_self_evaluation", evaluate_args(895), at=JULY)
    assert topics(events) == ["fundtrail.performance.SelfEvaluated"]
    e = events[0]
    assert (e.score_tenths, e.grade, e.report_sha256, e.last_period) == (895, "good", REPORT, "2025-Q1")
    w.refused("miit-2", "performance.submit_self_evaluation", evaluate_args(900), rule="FT-PRF-UNIQUE", at=JULY)
    q2 = snapshot_args("2025-Q2", "2025-06-30")
    w.refused("miit", "performance.record_snapshot", q2, rule="FT-PRF-STATE", field="set_id", at=JULY)


# -- 事后: result application (第十四条, 第十七条（五）) -------------------------------------------------------


def test_hrb_article_17_5_a_poor_result_opens_a_clawback_case_on_ground_c5() -> None:
    """HRB 第十七条（五） "绩效评价结果较差、资金使用低效无效的": 市工信局 applies a 差 result by opening a case on P-1
    (ground C5, source performance_evaluation, the report as first evidence); P-1's unpaid tranche is frozen."""
    w = world()
    monitored(w, 550)
    decisions = [{"kind": "open_clawback"}, {"kind": "adjust_budget", "note": "下一年度压减该类预算"}]
    w.refused("miit", "performance.apply_result", apply_args(decisions, case_args()), rule="FT-PRF-SOD", at=JULY)
    events = w.when("miit-2", "performance.apply_result", apply_args(decisions, case_args()), at=JULY)
    assert topics(events) == [
        "fundtrail.performance.ResultApplied",
        "fundtrail.performance.ScopeResultFiled",
        "fundtrail.clawback.CaseOpened",
        "fundtrail.clawback.CaseFileOpened",
        "fundtrail.clawback.PaymentsFrozen",
    ]
    case = w.get(ClawbackCase, clawback_case_stream("CASE-PRF-1"))
    assert (case.grounds, case.source, case.project_id, case.opened_by) == (
        ["C5"],
        "performance_evaluation",
        "P-1",
        "miit-2",
    )
    assert case.evidence == [REPORT, given.sha("evaluation notice")]
    assert (case.frozen_unpaid_fen, clb.case_file(w).frozen_by) == (4_200_000, "CASE-PRF-1")
    s = target_set(w)
    assert s.status == "applied" and s.application is not None
    assert (s.application["grade"], s.application["refs"]) == ("poor", ["clawback-case:CASE-PRF-1"])
    w.refused("miit-2", "performance.apply_result", apply_args([{"kind": "continue"}]), rule="FT-PRF-UNIQUE", at=JULY)


def test_hrb_article_17_5_good_results_open_no_case_and_fair_needs_a_reason() -> None:
    """HRB 第十七条（五）, as built: 差 opens a case; 中 only with the reason the money was used inefficiently or
    ineffectively (the article's second limb); 优 and 良 never."""
    decisions = [{"kind": "open_clawback"}]
    w = world()
    monitored(w, 850)
    good = apply_args(decisions, case_args())
    w.refused("miit-2", "performance.apply_result", good, rule="FT-PRF-CLAWBACK", field="clawback", at=JULY)
    w = world()
    monitored(w, 700)
    fair = apply_args(decisions, case_args())
    w.refused("miit-2", "performance.apply_result", fair, rule="FT-PRF-CLAWBACK", field="clawback.reason", at=JULY)
    reasoned = apply_args(decisions, case_args(reason="资金拨付后设备闲置，未形成数据采集能力"))
    w.when("miit-2", "performance.apply_result", reasoned, at=JULY)
    s = target_set(w)
    assert s.application is not None and s.application["clawback"]["reason"] == "资金拨付后设备闲置，未形成数据采集能力"


def test_hrb_article_17_5_the_case_names_a_project_within_the_evaluated_set() -> None:
    """HRB 第十七条（五）: a case holds a 申报主体 to account for its own poor result — a category's evaluation names no
    project; the case's own rules still apply (an id is used once)."""
    w = world()
    approved_set(w, "PT-CAT", scope="category", scope_ref="transformation")
    w.when("miit", "performance.record_snapshot", snapshot_args(set_id="PT-CAT"))
    w.when("miit", "performance.submit_self_evaluation", evaluate_args(500, "PT-CAT"), at=JULY)
    args = apply_args([{"kind": "open_clawback"}], case_args(), set_id="PT-CAT")
    subject = "clawback.project_id"
    w.refused("miit-2", "performance.apply_result", args, rule="FT-PRF-CASE-SUBJECT", field=subject, at=JULY)
    w = world()
    monitored(w, 500)
    pay.open_case(w, "CASE-PRF-1")
    w.when("miit", "clawback.decide", clb.decide_args("CASE-PRF-1", outcome="no_action", decided_on="2025-04-02"))
    args = apply_args([{"kind": "open_clawback"}], case_args())
    w.refused("miit-2", "performance.apply_result", args, rule="FT-CLB-UNIQUE", field="clawback.case_id", at=JULY)


def test_hrb_article_14_result_application_records_its_decisions() -> None:
    """HRB 第十四条 "加强对评价结果的应用": after the self-evaluation, by another officer; distinct decisions, never both
    continue and stop, adjustments and stopping explained, a case only with the decision to open it."""
    w = world()
    approved_set(w)
    w.when("miit", "performance.record_snapshot", snapshot_args())
    keep = apply_args([{"kind": "continue"}])
    w.refused("miit-2", "performance.apply_result", keep, rule="FT-PRF-STATE", field="set_id", at=JULY)
    w.when("miit", "performance.submit_self_evaluation", evaluate_args(550), at=JULY)
    cases: list[tuple[dict[str, Any], str, str]] = [
        (apply_args([{"kind": "continue"}, {"kind": "continue"}]), "FT-PRF-RESULT", "decisions[1].kind"),
        (apply_args([{"kind": "continue"}, {"kind": "stop", "note": "停止"}]), "FT-PRF-RESULT", "decisions"),
        (apply_args([{"kind": "adjust_budget"}]), "FT-PRF-RESULT", "decisions[0].note"),
        (apply_args([{"kind": "open_clawback"}]), "FT-PRF-RESULT", "clawback"),
        (apply_args([{"kind": "stop", "note": "停止"}], case_args()), "FT-PRF-RESULT", "clawback"),
        (apply_args([{"kind": "cancel"}]), "FT-PRF-RESULT", "decisions[0].kind"),
        (apply_args([]), "FT-FIELD", "decisions"),
        (apply_args([{"kind": "continue"}], decided_on="2025-07-02"), "FT-DATE", "decided_on"),
    ]
    for args, rule, field in cases:
        w.refused("miit-2", "performance.apply_result", args, rule=rule, field=field, at=JULY)
    decisions = [{"kind": "adjust_policy", "note": "提高设备联网要求"}, {"kind": "stop", "note": "不再安排后续资金"}]
    events = w.when("miit-2", "performance.apply_result", apply_args(decisions), at=JULY)
    assert topics(events) == ["fundtrail.performance.ResultApplied", "fundtrail.performance.ScopeResultFiled"]
    assert (events[0].decisions, events[0].refs, events[0].clawback) == (decisions, [], None)


def test_hrb_article_14_the_result_feeds_the_next_set_of_the_scope() -> None:
    """HRB 第十三条, 第十四条: the result applied closes the scope's set in progress; the next set proposed for the
    scope records it, so later budget decisions cite it."""
    w = world()
    monitored(w, 550)
    decisions = [{"kind": "adjust_budget", "note": "压减"}, {"kind": "continue"}]
    w.when("miit-2", "performance.apply_result", apply_args(decisions), at=JULY)
    events = w.when("miit", "performance.propose_targets", propose_args("PT-P-1-2026"), at=OCTOBER)
    assert events[0].previous_result == {
        "set_id": SET,
        "grade": "poor",
        "score_tenths": 550,
        "decisions": ["adjust_budget", "continue"],
        "refs": [],
        "decided_on": "2025-07-03",
    }
