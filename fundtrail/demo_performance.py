"""`make demo`, sections 11a, 12a and 13a: performance management of one project, HRB 第十二–十四条, 第十七条（五）.

事前 (11a): the programme's overall targets were approved in January, before any budget line (section 3);
市工信局 sets D-1's targets once 市政府 has approved it, another officer approves them, all before its
first tranche. 事中 (12a): the 2025-Q3 snapshot reports every indicator with the budget execution
("双监控"); one indicator deviates beyond the 20% threshold and waits for its corrective action. 事后
(13a): the year-end self-evaluation scores 55.0, the ledger grades it 差, and another officer applies the
result by opening a clawback case on ground C5. Everything the story reports is read back from the ledger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from domain.policy.ceiling import percent
from fundtrail.demo_batch import PLAN
from fundtrail.demo_batch import PROGRAMME
from fundtrail.demo_batch import amount

if TYPE_CHECKING:
    from fundtrail.demo_batch import Story

PROJECT = "D-1"
SET = "PT-D-1-2025"
CASE = "HRB-ZH-2025-2"
QUARTER, QUARTER_END = "2025-Q3", "2025-09-30"
INDICATORS: list[dict[str, Any]] = [
    {
        "id": "I1",
        "family": "output",
        "sub_kind": "quantity",
        "metric": "MES 上线工位数",
        "unit": "个",
        "target": 40,
        "direction": "at_least",
        "weight_bp": 4000,
    },
    {
        "id": "I2",
        "family": "outcome",
        "sub_kind": "economic",
        "metric": "开关柜一次交检合格率",
        "unit": "%",
        "target": 980,
        "scale": 1,
        "direction": "at_least",
        "weight_bp": 3000,
    },
    {
        "id": "I3",
        "family": "satisfaction",
        "metric": "一线员工对系统的满意度",
        "unit": "%",
        "target": 90,
        "direction": "at_least",
        "weight_bp": 3000,
    },
]
Q3_ACTUALS = {"I1": 26, "I2": 972, "I3": 86}
FAMILIES = {"output": "产出", "outcome": "效益", "satisfaction": "满意度"}


def shown(value: int, scale: int, unit: str) -> str:
    """An indicator value with its decimal places and unit (980 with scale 1 in % is 98.0%)."""
    whole, frac = divmod(value, 10**scale)
    number = f"{whole}.{frac:0{scale}d}" if scale else str(value)
    return number + unit if unit == "%" else f"{number} {unit}"


def targets(story: Story) -> None:
    """Section 11a, 2025-07-16 and 07-17: after the 市政府 decision (07-15), before the first tranche (07-21)."""
    from domain.performance.aggregate import TargetSet
    from domain.performance.aggregate import target_set_stream
    from domain.project import Project
    from domain.project import project_stream

    story.section("11a. 绩效目标：拨付之前设定并审核", "performance targets, approved before any payment")
    sh = story.sh
    sh.day("2025-07-16")
    d1 = story.get(Project, project_stream(PROJECT))
    story.say(
        "-- 专项资金的总体绩效目标 T-2025 于 1 月 10 日审核通过（第 3 节），其他绩效目标均以其为导向"
        f"（FT-PRF-GUIDED）。市工信局为 {PROJECT}（{PLAN[PROJECT].firm.name} {PLAN[PROJECT].scope}，"
        f"市政府批准 {amount(d1.approved_fen or 0)}）设定绩效目标："
    )
    for i in INDICATORS:
        story.say(
            f"   {i['id']} {FAMILIES[str(i['family'])]}：{i['metric']} 不低于 "
            f"{shown(int(i['target']), int(i.get('scale', 0)), str(i['unit']))}（权重 {percent(int(i['weight_bp']))}）"
        )
    story.cmd(
        "city performance propose",
        SET,
        by="miit-zhang",
        programme_id=PROGRAMME,
        scope="award",
        scope_ref=PROJECT,
        indicators=story.json_arg(f"{SET}-indicators", INDICATORS),
        command_id=f"{SET}-propose",
    )
    s = story.get(TargetSet, target_set_stream(SET))
    refs = "、".join(f"{r['category']} 切块中的 {r['ref']}" for r in s.budget_refs)
    story.say(f"   账本记录：覆盖项目 {'、'.join(s.projects)}；预算执行读自 {refs}；偏离阈值 {percent(s.threshold_bp)}")
    sh.day("2025-07-17")
    story.say("-- 陈静审核通过（审核人不得为申报人）；7 月 21 日起才拨付第一批资金")
    story.cmd(
        "city performance approve",
        SET,
        by="miit-chen",
        fast=True,
        decided_on=sh.today,
        doc_no="哈工信绩〔2025〕12号",
        command_id=f"{SET}-approve",
    )
    s = story.get(TargetSet, target_set_stream(SET))
    story.say(f"   目标集 {SET}：{s.status}（{s.approved_on}），责任单位 {'、'.join(s.responsible_orgs)}")


def monitoring(story: Story) -> None:
    """Section 12a, 2025-10-30 and 10-31: after both tranches (10-29), before the inspection (11-05)."""
    from domain.payment.aggregate import SETTLED
    from domain.payment.aggregate import PaymentSchedule
    from domain.payment.aggregate import payment_schedule_stream
    from domain.performance.aggregate import TargetSet
    from domain.performance.aggregate import target_set_stream

    story.section("12a. 绩效运行监控：偏离与纠偏", "monitoring: a deviation and its corrective action")
    sh = story.sh
    sh.day("2025-10-30")
    schedule = story.get(PaymentSchedule, payment_schedule_stream(PROJECT))
    paid = sum(
        int(o["amount_fen"])
        for o in schedule.orders.values()
        if o["status"] == SETTLED and str(o["value_date"]) <= QUARTER_END
    )
    story.say(
        f"-- “双监控”：{QUARTER} 的监控同时报告每个指标的完成值与预算执行；"
        f"截至 {QUARTER_END} 国库已拨付 {amount(paid)}（第一批），计划执行率 70%"
    )
    actuals = [{"indicator_id": k, "actual": v} for k, v in Q3_ACTUALS.items()]
    out = story.cmd(
        "city performance monitor",
        SET,
        QUARTER,
        by="miit-zhang",
        as_of=QUARTER_END,
        actuals=story.json_arg(f"{SET}-{QUARTER}-actuals", actuals),
        paid_fen=paid,
        paid_source=f"国库集中支付系统（截至 {QUARTER_END}）",
        planned_execution_bp=7_000,
        command_id=f"{SET}-{QUARTER}",
    )
    ((_, snapshot),) = story.records(out, "fundtrail.performance.SnapshotRecorded")
    deviations = story.records(out, "fundtrail.performance.DeviationDetected")
    story.say(f"   账本记录的 {QUARTER} 监控（偏离阈值 {percent(int(snapshot['threshold_bp']))}）：")
    metric = {str(i["id"]): str(i["metric"]) for i in INDICATORS}
    unit = {str(i["id"]): str(i["unit"]) for i in INDICATORS}
    for a in snapshot["attainment"]:
        scale, u = int(a["scale"]), unit[a["indicator_id"]]
        story.say(
            f"   {a['indicator_id']} {metric[a['indicator_id']]}：目标 {shown(int(a['target']), scale, u)}，"
            f"实际 {shown(int(a['actual']), scale, u)}，偏离 {percent(int(a['deviation_bp']))}"
            + ("  ← 超过阈值" if a["beyond"] else "")
        )
    budget = snapshot["budget_execution"]
    story.say(
        f"   预算执行：占用 {amount(int(budget['committed_fen']))}，已拨付 {amount(int(budget['paid_fen']))}"
        f"（账本记录的到账 {amount(int(budget['ledger_settled_fen']))}），"
        f"执行率 {percent(int(budget['execution_bp']))}，计划 {percent(int(budget['planned_execution_bp']))}，"
        f"偏离 {percent(int(budget['deviation_bp']))}"
    )
    if not deviations:
        from fundtrail.demo_shell import DemoFailed

        raise DemoFailed(f"the {QUARTER} snapshot of {SET} recorded no deviation")
    named = "、".join(f"{d['indicator_id']} {percent(int(d['deviation_bp']))}" for d in deviations[0][1]["deviations"])
    story.say(
        f"   序号 {deviations[0][0]} 记录偏离超过阈值：{named}。纠偏措施登记之前，下一次监控与绩效自评均被拒绝"
        "（FT-PRF-DEVIATION，第十四条）"
    )
    sh.day("2025-10-31")
    story.say("-- 市工信局登记纠偏措施，逐项答复超过阈值的偏离")
    actions = [
        {
            "indicator_id": "I1",
            "measure": "督促服务商云启增派实施人员，11 月底前完成其余工位的 MES 上线与数据采集调试",
            "due_on": "2025-11-28",
        }
    ]
    story.cmd(
        "city performance correct",
        SET,
        QUARTER,
        by="miit-zhang",
        actions=story.json_arg(f"{SET}-{QUARTER}-actions", actions),
        decided_on=sh.today,
        doc_sha256=story.file(f"{SET}-{QUARTER}-corrective.txt", f"纠偏通知 {SET} {QUARTER}：I1 MES 上线工位数"),
        command_id=f"{SET}-{QUARTER}-correct",
    )
    s = story.get(TargetSet, target_set_stream(SET))
    answered = s.snapshots[QUARTER]["answered"]
    if s.open_period is not None:
        from fundtrail.demo_shell import DemoFailed

        raise DemoFailed(f"the {s.open_period} deviation of {SET} is still open")
    story.say(
        f"   纠偏措施已登记：{QUARTER} 的偏离于 {answered} 答复（期限 {actions[0]['due_on']}），"
        "已无待答复的偏离，监控与自评可以继续"
    )
    story.keep_evidence("拨付前的信用查询快照与纠偏通知存入证据库")


def evaluation(story: Story) -> None:
    """Section 13a, 2025-12-02 and 12-03: the year-end self-evaluation and its result (before the rechecks)."""
    from domain.clawback.aggregate import ClawbackCase
    from domain.clawback.aggregate import clawback_case_stream
    from domain.clawback.grounds import ground_label
    from domain.performance.aggregate import TargetSet
    from domain.performance.aggregate import target_set_stream
    from domain.performance.measure import GRADE_LABELS
    from domain.performance.measure import Grade

    story.section("13a. 绩效自评与结果应用：评价为差，追回立案", "a poor evaluation opens a clawback case (C5)")
    sh = story.sh
    sh.day("2025-12-02")
    firm = PLAN[PROJECT].firm.name
    story.say(
        f"-- 年末绩效自评：纠偏期满，{PROJECT} 仍只有 30 个工位上线，合格率未见提升。张伟提交自评 55.0 分，"
        "等级由账本按 财预〔2020〕10号 计算"
    )
    report = story.file(f"{SET}-self-evaluation.txt", f"绩效自评报告 {SET}：55.0 分；I1 30/40，I2 97.1%，I3 84%")
    story.cmd(
        "city performance self-evaluate",
        SET,
        by="miit-zhang",
        fast=True,
        score_tenths=550,
        report_sha256=report,
        evaluated_on=sh.today,
        command_id=f"{SET}-self-evaluate",
    )
    s = story.get(TargetSet, target_set_stream(SET))
    assert s.evaluation is not None
    score, grade = int(s.evaluation["score_tenths"]), Grade(str(s.evaluation["grade"]))
    story.say(f"   账本记录：{score // 10}.{score % 10} 分 → {GRADE_LABELS[grade]}（{grade.value}）")
    sh.day("2025-12-03")
    story.say(
        "-- 结果应用（不得由自评人办理）：陈静决定下一年度压减同类项目预算，"
        f"并依第十七条（五）“绩效评价结果较差”对 {PROJECT} 立案追回（自评报告为首份证据）"
    )
    decisions = [{"kind": "open_clawback"}, {"kind": "adjust_budget", "note": "下一年度压减同类 MES 项目的补助预算"}]
    notice = story.file(f"{SET}-result.txt", f"绩效评价结果通报 {SET}：差")
    clawback = {
        "case_id": CASE,
        "project_id": PROJECT,
        "evidence": [story.sha_of(notice)],
        "summary": f"{PROJECT} 绩效自评 55.0 分（差）：MES 上线工位 30 个，目标 40 个；纠偏后仍未达到",
    }
    story.cmd(
        "city performance apply-result",
        SET,
        by="miit-chen",
        decisions=story.json_arg(f"{SET}-decisions", decisions),
        clawback=story.json_arg(f"{SET}-clawback", clawback),
        decided_on=sh.today,
        doc_no="哈工信绩〔2025〕31号",
        command_id=f"{SET}-apply-result",
    )
    case = story.get(ClawbackCase, clawback_case_stream(CASE))
    story.say(
        f"   追回案件 {case.case_id}：{case.project_id}（{firm}），"
        f"事由 {'；'.join(f'{g} {ground_label(g)}' for g in case.grounds)}，来源 {case.source}，"
        f"立案 {case.opened_by}，状态 {case.status}；"
        f"{PROJECT} 已全部拨付，冻结未拨付资金 {amount(case.frozen_unpaid_fen)}"
    )
    story.keep_evidence("自评报告与结果通报存入证据库")


def performance_lines(story: Story) -> list[str]:
    """The target set and its case for the summary, read back from the ledger."""
    from domain.clawback.aggregate import ClawbackCase
    from domain.clawback.aggregate import clawback_case_stream
    from domain.performance.aggregate import TargetSet
    from domain.performance.aggregate import target_set_stream
    from domain.performance.measure import GRADE_LABELS
    from domain.performance.measure import Grade

    s = story.get(TargetSet, target_set_stream(SET))
    case = story.get(ClawbackCase, clawback_case_stream(CASE))
    assert s.evaluation is not None
    score, grade = int(s.evaluation["score_tenths"]), Grade(str(s.evaluation["grade"]))
    return [
        f"绩效目标 {SET}（{PROJECT}）：{QUARTER} 偏离已纠偏（{s.snapshots[QUARTER]['answered']}）；"
        f"自评 {score // 10}.{score % 10} 分（{GRADE_LABELS[grade]}）；结果已应用（{s.status}）",
        f"追回案件 {case.case_id}（{case.project_id}，{'、'.join(case.grounds)}，{case.source}）：状态 {case.status}",
    ]
