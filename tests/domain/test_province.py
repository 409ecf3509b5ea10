"""The provincial benchmark award (黑工信企业联规〔2024〕19号), story by story, in memory.

Givens in tests/domain/province_given.py: the 2025 call, four applicants, two experts and a third party.
Each story cites the article it shows.
"""

from __future__ import annotations

from domain.kernel.digest import digest
from domain.province.application import BenchmarkApplication
from domain.province.application import application_stream
from domain.province.call import AnnualCall
from domain.province.call import ProvincialEnterprise
from domain.province.call import call_stream
from domain.province.call import provincial_enterprise_stream
from domain.province.money import Disbursement
from domain.province.money import FraudCase
from domain.province.money import disbursement_stream
from domain.province.money import fraud_case_stream
from domain.province.review import ReviewFile
from domain.province.review import review_file_stream
from domain.roles import Role
from tests.domain import province_given as g
from tests.domain.memory import World
from tests.domain.memory import topics

WAN = g.WAN


def app(w: World, key: str) -> BenchmarkApplication:
    return w.get(BenchmarkApplication, application_stream(f"HLJ-2025-{key}"))


def applied(keys: tuple[str, ...] = ("A", "B", "C")) -> World:
    w = World()
    g.actors(w)
    g.publish_call(w)
    for key in keys:
        g.apply(w, key)
    return w


def ranked() -> World:
    w = applied()
    g.reviewed(w)
    g.propose(w)
    return w


# -- 第三条: amounts ----------------------------------------------------------------------------------------


def test_the_call_carries_the_amounts_of_article_3_and_refuses_others() -> None:
    w = World()
    g.actors(w)
    w.now = g.beijing(2025, 4, 1)
    w.refused(
        "prov-miit",
        "province.publish_call",
        g.call_args(normal_fen=60 * WAN),
        rule="FT-HLJ-AMOUNT",
        field="normal_fen",
    )
    w.refused(
        "prov-miit",
        "province.publish_call",
        g.call_args(publicity_working_days=4),
        rule="FT-HLJ-CALL",
        field="publicity_working_days",
    )
    g.publish_call(w)
    call = w.get(AnnualCall, call_stream(g.CALL))
    assert (call.normal_fen, call.national_fen, call.quota) == (50 * WAN, 100 * WAN, 2)


def test_a_little_giant_that_is_also_a_single_champion_gets_100_wan_not_200() -> None:
    """第三条, A19: both national statuses give 100万 once; the evidence waiver spares materials only (A20)."""
    w = applied()
    b = app(w, "B")
    assert b.ceiling_fen == 100 * WAN
    assert b.evidence_waived and b.materials == []
    assert app(w, "A").ceiling_fen == 50 * WAN
    # the waiver is not a pass: B is ranked from its scores like everyone (see the ranking stories)


def test_materials_are_required_without_a_national_status() -> None:
    w = applied(("A",))
    w.now = g.beijing(2025, 4, 12)
    w.refused("ent-c", "province.apply", g.apply_args("C", materials=[]), rule="FT-HLJ-MATERIALS", field="materials")


def test_a_status_list_published_after_the_deadline_does_not_count() -> None:
    """A19: the status must stand at the application deadline."""
    w = applied(("A",))
    late = {**g.status("little_giant"), "published_on": "2025-05-10"}
    w.now = g.beijing(2025, 4, 12)
    w.refused(
        "ent-b",
        "province.apply",
        g.apply_args("B", national_status=[late]),
        rule="FT-HLJ-STATUS",
        field="national_status[0].published_on",
    )


def test_an_applicant_applies_only_for_itself_and_before_the_deadline() -> None:
    w = applied(("A",))
    w.now = g.beijing(2025, 4, 12)
    w.refused("ent-a", "province.apply", g.apply_args("C"), rule="FT-HLJ-APPLICANT", field="uscc")
    w.now = g.beijing(2025, 5, 2)
    w.refused("ent-c", "province.apply", g.apply_args("C"), rule="FT-HLJ-CALL", field="call_id")


def test_the_same_invoice_cannot_serve_two_applications() -> None:
    """第十一条, A16: an invoice or voucher is single-use across programmes (the city's claims too)."""
    w = applied(("A",))
    w.now = g.beijing(2025, 4, 12)
    reused = g.apply_args("C", invoices=g.apply_args("A")["invoices"])
    e = w.refused("ent-c", "province.apply", reused, rule="FT-HLJ-EVIDENCE", field="invoices[0]")
    assert "HLJ-2025-A" in e.detail


# -- 第四条（二）, 第五条（三）: the review trail --------------------------------------------------------------


def test_a_related_reviewer_is_recused() -> None:
    """第五条（三）: expert-2 declared a shareholding in C's shareholder: it cannot review C."""
    w = applied()
    g.declare(w, "expert-2", [{"party": g.uscc("91230103MA7000009"), "relation": "shareholder"}])
    w.now = g.beijing(2025, 5, 7)
    e = w.refused(
        "prov-miit",
        "province.assign_reviewer",
        {"application_id": "HLJ-2025-C", "reviewer": "expert-2", "kind": "expert"},
        rule="FT-HLJ-RECUSAL",
        field="reviewer",
    )
    assert "91230103MA7000009" in e.detail
    g.assign(w, "A", "expert-2")  # unrelated to A


def test_an_undeclared_reviewer_is_not_assigned() -> None:
    w = applied()
    w.now = g.beijing(2025, 5, 7)
    w.refused(
        "prov-miit",
        "province.assign_reviewer",
        {"application_id": "HLJ-2025-A", "reviewer": "expert-1", "kind": "expert"},
        rule="FT-HLJ-REVIEWER",
        field="reviewer",
    )


def test_every_operation_of_a_reviewer_is_its_own_event() -> None:
    """第五条（三） 全程操作留痕: access records, each score, each change with its reason."""
    w = applied()
    g.declare(w, "expert-1")
    g.assign(w, "A", "expert-1")
    aid = "HLJ-2025-A"
    w.refused(
        "expert-1",
        "province.score",
        {"application_id": aid, "criterion": "T1", "points": 3000},
        rule="FT-HLJ-SCORE",
        field="application_id",
    )  # nothing opened yet
    opened = w.when(
        "expert-1", "province.open_material", {"application_id": aid, "sha256": g.sha("form:A"), "purpose": "审核"}
    )
    assert topics(opened) == ["fundtrail.province.MaterialOpened"]
    w.refused(
        "expert-1",
        "province.open_material",
        {"application_id": aid, "sha256": g.sha("form:B"), "purpose": "审核"},
        rule="FT-HLJ-MATERIALS",
        field="sha256",
    )
    assert topics(w.when("expert-1", "province.score", {"application_id": aid, "criterion": "T1", "points": 3000})) == [
        "fundtrail.province.ScoreGiven"
    ]
    w.refused(
        "expert-1",
        "province.score",
        {"application_id": aid, "criterion": "T1", "points": 3100},
        rule="FT-HLJ-SCORE",
        field="reason",
    )
    changed = w.when(
        "expert-1",
        "province.score",
        {"application_id": aid, "criterion": "T1", "points": 3100, "reason": "补充材料核实"},
    )
    assert topics(changed) == ["fundtrail.province.ScoreChanged"]
    assert (changed[0].before, changed[0].points, changed[0].reason) == (3000, 3100, "补充材料核实")
    w.refused(
        "expert-1",
        "province.score",
        {"application_id": aid, "criterion": "T1", "points": 4001, "reason": "x"},
        rule="FT-HLJ-SCORE",
        field="points",
    )
    w.refused(
        "tp-1",
        "province.open_material",
        {"application_id": aid, "sha256": g.sha("form:A"), "purpose": "审核"},
        rule="FT-HLJ-REVIEWER",
        field="application_id",
    )


def test_the_list_waits_for_the_recheck_of_every_application() -> None:
    """第五条（三）: 省工信厅 re-checks the results before the list is proposed."""
    w = applied()
    g.declare(w, "expert-1")
    g.declare(w, "tp-1")
    for key in ("A", "B", "C"):
        g.assign(w, key, "expert-1")
        g.assign(w, key, "tp-1", "third_party")
        g.review(w, key, "expert-1", g.SCORES[key][0])
        g.review(w, key, "tp-1", g.SCORES[key][1])
    g.recheck(w, "A")
    g.recheck(w, "B")
    w.now = g.beijing(2025, 5, 20)
    e = w.refused(
        "prov-miit", "province.propose_list", {"call_id": g.CALL, "doc_no": "x"}, rule="FT-HLJ-RECHECK", field="call_id"
    )
    assert "HLJ-2025-C" in e.detail
    # a score changed after the 复核 needs another 复核
    w.now = g.beijing(2025, 5, 17)
    w.when(
        "tp-1", "province.score", {"application_id": "HLJ-2025-A", "criterion": "F1", "points": 2100, "reason": "更正"}
    )
    g.recheck(w, "C")
    w.now = g.beijing(2025, 5, 20)
    w.refused(
        "prov-miit", "province.propose_list", {"call_id": g.CALL, "doc_no": "x"}, rule="FT-HLJ-RECHECK", field="call_id"
    )


# -- 第四条（二）: ranking ------------------------------------------------------------------------------------


def test_a_tie_is_broken_by_the_financial_score_and_the_quota_cuts_the_list() -> None:
    """A22: A and B both total 8,000; B's financial score is higher, so B ranks first; C is off the quota."""
    w = ranked()
    call = w.get(AnnualCall, call_stream(g.CALL))
    entries = call.rankings[-1]["entries"]
    assert [(e["application_id"], e["rank"], e["total"], e["tie"], e["listed"]) for e in entries] == [
        ("HLJ-2025-B", 1, 8000, True, True),
        ("HLJ-2025-A", 2, 8000, True, True),
        ("HLJ-2025-C", 3, 7000, False, False),
    ]
    assert call.rankings[-1]["tie_break"][1] == "financial desc"
    assert call.listed == {"HLJ-2025-B": 100 * WAN, "HLJ-2025-A": 50 * WAN}
    assert (app(w, "A").state, app(w, "B").proposed_fen, app(w, "C").state) == ("proposed", 100 * WAN, "not_listed")


def test_a_reviewer_cannot_change_a_score_after_the_ranking_only_a_flagged_recheck_can() -> None:
    """第五条（三）: after the list a reviewer's change is refused; 省工信厅's correction is flagged."""
    w = ranked()
    w.now = g.beijing(2025, 5, 21)
    w.refused(
        "expert-1",
        "province.score",
        {"application_id": "HLJ-2025-C", "criterion": "T1", "points": 4000, "reason": "重新评估"},
        rule="FT-HLJ-FROZEN",
        field="application_id",
    )
    g.recheck(w, "C", [{"criterion": "T1", "points": 4000, "reason": "复核发现漏计专利"}])
    file = w.get(ReviewFile, review_file_stream("HLJ-2025-C"))
    assert file.corrections_after_list == 1
    assert file.results(["T1", "T2", "F1"]) == {"T1": 4000, "T2": 2000, "F1": 2000}


def test_a_list_on_publicity_cannot_be_replaced() -> None:
    w = ranked()
    g.publicise(w, [("B", 100 * WAN), ("A", 50 * WAN)])
    w.now = g.beijing(2025, 5, 22)
    w.refused(
        "prov-miit",
        "province.propose_list",
        {"call_id": g.CALL, "doc_no": "x"},
        rule="FT-HLJ-LIST-LOCKED",
        field="call_id",
    )


# -- 第四条（三）: publicity (shared) and the 党组会 ----------------------------------------------------------------


def test_the_party_group_waits_for_five_working_days_of_publicity() -> None:
    w = ranked()
    g.publicise(w, [("B", 100 * WAN), ("A", 50 * WAN)])
    w.now = g.beijing(2025, 5, 28)  # the fifth working day is 05-28: the window ends at 24:00
    args = {
        "approval_id": g.APPROVAL,
        "call_id": g.CALL,
        "publicity_id": g.PUBLICITY,
        "meeting_date": "2025-05-28",
        "minutes_ref": "纪要",
        "sha256": g.sha("m"),
        "approved": ["HLJ-2025-A", "HLJ-2025-B"],
    }
    w.refused("party-clerk", "province.record_party_review", args, rule="FT-HLJ-PARTY", field="approved[0]")
    g.party_review(w, ["A", "B"])


def test_the_city_department_cannot_publish_a_provincial_list() -> None:
    w = ranked()
    w.actor("city-miit", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.now = g.beijing(2025, 5, 21)
    w.refused(
        "city-miit",
        "publicity.start",
        {
            "publicity_id": g.PUBLICITY,
            "batch_id": g.CALL,
            "list_kind": "benchmark_award",
            "entries": [{"subject_id": "HLJ-2025-A", "amount_fen": 50 * WAN}],
            "channel_url": "https://gxt.hlj.gov.cn/x",
            "content_sha256": g.sha("l"),
            "start_on": "2025-05-21",
        },
        rule="FT-PUB-LEVEL",
        field="batch_id",
    )


def test_an_upheld_objection_removes_an_entry_from_what_the_party_group_can_approve() -> None:
    w = ranked()
    g.publicise(w, [("B", 100 * WAN), ("A", 50 * WAN)])
    w.now = g.beijing(2025, 5, 23)
    w.when(
        "prov-miit",
        "publicity.receive_objection",
        {
            "publicity_id": g.PUBLICITY,
            "objection_id": "OBJ-A",
            "subject_id": "HLJ-2025-A",
            "channel": "省工信厅网站",
            "content_sha256": g.sha("objection:A"),
            "objector_commitment": g.sha("objector"),
            "received_on": "2025-05-23",
        },
    )
    w.when(
        "prov-miit",
        "publicity.resolve_objection",
        {
            "publicity_id": g.PUBLICITY,
            "objection_id": "OBJ-A",
            "outcome": "upheld",
            "reasons": "经核查，示范案例材料与实际不符",
            "investigation_sha256": g.sha("investigation:A"),
            "action": "withdraw",
        },
    )
    w.now = g.beijing(2025, 5, 29)
    args = {
        "approval_id": g.APPROVAL,
        "call_id": g.CALL,
        "publicity_id": g.PUBLICITY,
        "meeting_date": "2025-05-29",
        "minutes_ref": "纪要",
        "sha256": g.sha("m"),
        "approved": ["HLJ-2025-A", "HLJ-2025-B"],
    }
    w.refused("party-clerk", "province.record_party_review", args, rule="FT-HLJ-PARTY", field="approved")
    g.party_review(w, ["B"])


# -- 第四条（四）: request, reply, disbursement ------------------------------------------------------------------


def test_the_joint_request_needs_both_departments_and_the_party_list() -> None:
    w = ranked()
    g.publicise(w, [("B", 100 * WAN), ("A", 50 * WAN)])
    g.party_review(w, ["A", "B"])
    w.now = g.beijing(2025, 6, 3)
    w.refused(
        "prov-miit",
        "province.request_disbursement",
        g.request_args([("A", 50 * WAN), ("B", 200 * WAN)]),
        rule="FT-HLJ-REQUEST",
        field="items",
    )
    args = g.request_args([("A", 50 * WAN), ("B", 100 * WAN)])
    w.when("prov-miit", "province.request_disbursement", args)
    w.refused(
        "prov-miit-2",
        "province.countersign_request_disbursement",
        {"key": g.APPROVAL, "args_sha256": digest(args)},
        rule="FT-ROLE",
        field="envelope.actor",
    )
    w.when("prov-fin", "province.countersign_request_disbursement", {"key": g.APPROVAL, "args_sha256": digest(args)})


def test_nothing_is_disbursed_before_the_reply_and_never_more_than_it() -> None:
    w = ranked()
    g.publicise(w, [("B", 100 * WAN), ("A", 50 * WAN)])
    g.party_review(w, ["A", "B"])
    g.request(w, [("A", 50 * WAN), ("B", 100 * WAN)])
    w.when(
        "prov-miit",
        "performance.propose_targets",
        {
            "set_id": g.INDICATORS,
            "programme_id": g.PROGRAMME,
            "scope": "provincial_award",
            "scope_ref": g.CALL,
            "indicators": g.TARGETS,
        },
    )
    w.now = g.beijing(2025, 6, 16)
    leg = {
        "leg_id": "LEG-A",
        "application_id": "HLJ-2025-A",
        "to_org": g.HRB_FIN,
        "amount_fen": 50 * WAN,
        "doc_no": "黑财指〔2025〕101号",
        "disbursed_on": "2025-06-16",
        "target_set_id": g.INDICATORS,
        "bank_serial": "HLJFINLEG-A",
    }
    w.refused("prov-fin", "province.disburse", leg, rule="FT-HLJ-REPLY", field="application_id")
    g.reply(w, [("A", 50 * WAN), ("B", 100 * WAN)])
    w.now = g.beijing(2025, 6, 16)
    # 第七条: the money goes with approved targets, not with proposed ones
    w.refused("prov-fin", "province.disburse", leg, rule="FT-HLJ-INDICATORS", field="target_set_id")
    w.when("prov-miit-2", "performance.approve_targets", {"set_id": g.INDICATORS, "decided_on": "2025-06-16"})
    w.refused(
        "prov-fin", "province.disburse", {**leg, "amount_fen": 51 * WAN}, rule="FT-HLJ-DISBURSE", field="amount_fen"
    )
    w.refused(
        "prov-fin",
        "province.disburse",
        {**leg, "target_set_id": "NONE"},
        rule="FT-NOT-FOUND",
        field="target_set_id",
    )
    w.when("prov-fin", "province.disburse", leg)
    recognised = w.get(ProvincialEnterprise, provincial_enterprise_stream(g.ENT_A)).recognised
    assert recognised is not None and recognised["approval_id"] == g.APPROVAL


def test_a_county_leg_that_ages_is_flagged_and_only_its_bureau_forwards_it() -> None:
    """第五条（二）, A21: forwarded after the call's 10 working days → an ageing WARN on the record."""
    w = World()
    g.year(w)
    w.now = g.beijing(2025, 7, 20)
    args = {
        "application_id": "HLJ-2025-B",
        "leg_id": "LEG-B",
        "amount_fen": 100 * WAN,
        "settled_on": "2025-07-20",
        "bank_serial": "FWDB",
        "payee_account_hash": g.account_hash(g.ENT_B),
    }
    w.refused("qqhr-fin", "province.forward", args, rule="FT-HLJ-FORWARD", field="leg_id")
    w.refused(
        "hrb-fin",
        "province.forward",
        {**args, "payee_account_hash": g.account_hash(g.ENT_A)},
        rule="FT-HLJ-FORWARD",
        field="payee_account_hash",
    )
    events = w.when("hrb-fin", "province.forward", args)
    forward = events[0].forward
    assert forward["late"] is True and forward["warnings"][0]["rule"] == "FT-HLJ-AGEING"
    on_time = w.get(Disbursement, disbursement_stream("HLJ-2025-A")).legs["LEG-A"]["forwards"][0]
    assert on_time["late"] is False and on_time["due_on"] == "2025-06-30"


def test_fraud_after_payment_cancels_recovers_and_excludes_without_exception() -> None:
    """第五条（一）: 一律取消奖励资格，追回奖金，追究责任; the enterprise may not apply again."""
    w = World()
    g.year(w)
    w.now = g.beijing(2025, 9, 1)
    args = {
        "case_id": "HLJ-FRAUD-1",
        "application_id": "HLJ-2025-A",
        "evidence": [g.sha("audit:A")],
        "summary": "示范案例数据造假",
        "decided_on": "2025-09-01",
    }
    w.refused("prov-miit", "province.decide_fraud", args, rule="FT-FIELD", field="referral")
    w.when(
        "prov-miit",
        "province.decide_fraud",
        {**args, "referral": {"authority": "省纪委监委驻厅纪检监察组", "ref": "移送〔2025〕3号"}},
    )
    case = w.get(FraudCase, fraud_case_stream("HLJ-FRAUD-1"))
    assert case.receivable == {"enterprise": 50 * WAN}
    assert app(w, "A").state == "cancelled"
    w.refused(
        "prov-fin",
        "province.record_recovery",
        {
            "case_id": "HLJ-FRAUD-1",
            "debtor": "enterprise",
            "amount_fen": 51 * WAN,
            "receipt_no": "R1",
            "received_on": "2025-09-05",
            "bank_serial": "REC1",
        },
        rule="FT-HLJ-RECOVERY",
        field="amount_fen",
        at=g.beijing(2025, 9, 5),
    )
    w.now = g.beijing(2025, 9, 5)
    w.when(
        "prov-fin",
        "province.record_recovery",
        {
            "case_id": "HLJ-FRAUD-1",
            "debtor": "enterprise",
            "amount_fen": 50 * WAN,
            "receipt_no": "R1",
            "received_on": "2025-09-05",
            "bank_serial": "REC1",
        },
    )
    assert w.get(FraudCase, fraud_case_stream("HLJ-FRAUD-1")).outstanding("enterprise") == 0
    # the next year's call: A is excluded
    w.now = g.beijing(2026, 4, 1)
    w.when(
        "prov-miit",
        "province.publish_call",
        g.call_args(call_id="HLJ-2026", year=2026, published_on="2026-04-01", deadline="2026-04-30"),
    )
    w.now = g.beijing(2026, 4, 10)
    w.refused(
        "ent-a",
        "province.apply",
        g.apply_args("A", application_id="HLJ-2026-A", call_id="HLJ-2026", invoices=[]),
        rule="FT-HLJ-EXCLUDED",
        field="uscc",
    )


def test_a_recognised_enterprise_reapplying_is_flagged_and_never_listed() -> None:
    """第三条, A18: once per enterprise for the programme's lifetime."""
    w = World()
    g.year(w)
    w.now = g.beijing(2026, 4, 1)
    w.when(
        "prov-miit",
        "province.publish_call",
        g.call_args(call_id="HLJ-2026", year=2026, published_on="2026-04-01", deadline="2026-04-30"),
    )
    w.now = g.beijing(2026, 4, 10)
    events = w.when(
        "ent-b", "province.apply", g.apply_args("B", application_id="HLJ-2026-B", call_id="HLJ-2026", invoices=[])
    )
    submitted = events[0]
    assert submitted.eligible is False
    assert [x["rule"] for x in submitted.warnings] == ["FT-HLJ-ONCE"]
    assert app(w, "B").state == "approved"
    assert w.get(BenchmarkApplication, application_stream("HLJ-2026-B")).state == "ineligible"


# -- 第六–九条: performance, with the city fund's machinery --------------------------------------------------------


def test_targets_monitoring_and_evaluation_of_the_year_reuse_the_performance_feature() -> None:
    """第七条 targets before the money; 第八条 双监控 (attainment and budget execution, the paid amount read from
    the legs); 第六条 市县工信 evaluate against the targets; 第九条 省工信厅 applies the result."""
    w = World()
    g.year(w)  # A forwarded 50万 on 06-20; B's 100万 held by Harbin
    w.actor("city-miit", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.now = g.beijing(2025, 7, 2)
    snapshot = {
        "set_id": g.INDICATORS,
        "period": "2025-Q2",
        "as_of": "2025-06-30",
        "actuals": [{"indicator_id": "DL", "actual": 1}, {"indicator_id": "DEMO", "actual": 4}],
        "paid_fen": 40 * WAN,
        "paid_source": "市县财政转拨记录",
    }
    e = w.refused("prov-miit", "performance.record_snapshot", snapshot, rule="FT-PRF-BUDGET", field="paid_fen")
    assert "the ledger holds 50000000 分 settled" in e.detail  # A's forward, read from the legs
    recorded = w.when("prov-miit", "performance.record_snapshot", {**snapshot, "paid_fen": 50 * WAN})
    assert recorded[0].budget_execution["committed_fen"] == 150 * WAN  # what 省政府 approved for the call
    w.refused(
        "city-miit",
        "performance.record_snapshot",
        {**snapshot, "period": "2025-Q3", "as_of": "2025-07-02"},
        rule="FT-PRF-OWNER",
        field="envelope.actor",
    )
    # 第八条 "及时纠正偏差": DEMO is 60% short of its target, so the evaluation waits for the correction
    w.when(
        "prov-miit",
        "performance.record_corrective_action",
        {
            "set_id": g.INDICATORS,
            "period": "2025-Q2",
            "actions": [{"indicator_id": "DEMO", "measure": "组织示范企业现场观摩会", "due_on": "2025-09-30"}],
            "decided_on": "2025-07-02",
        },
    )
    w.now = g.beijing(2025, 12, 20)
    evaluation = {
        "set_id": g.INDICATORS,
        "score_tenths": 850,
        "report_sha256": g.sha("eval"),
        "evaluated_on": "2025-12-20",
    }
    w.refused(
        "city-miit", "performance.submit_self_evaluation", evaluation, rule="FT-PRF-OWNER", field="envelope.actor"
    )
    w.when("hrb-miit-c", "performance.submit_self_evaluation", evaluation)
    apply = {"set_id": g.INDICATORS, "decisions": [{"kind": "continue"}], "decided_on": "2025-12-22"}
    w.now = g.beijing(2025, 12, 22)
    w.refused("city-miit", "performance.apply_result", apply, rule="FT-PRF-OWNER", field="envelope.actor")
    w.when("prov-miit", "performance.apply_result", apply)
