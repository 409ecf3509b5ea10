"""Clawback (追回), story by story: HRB 第四条（一）, 第十五条, 第十六条, 第十七条; A4, A25.

Given a project approved at 14万 (20万 verified, 70%) and paid in part or in full (the payment
givens), the task force opens a case, 市工信局 decides it, 市财政局 receives what comes back, and the
case closes. A4's arithmetic: recover = settled − earlier recoveries − new entitlement when positive,
otherwise the unpaid tranche 2 is reduced; the budget line and the enterprise's 50万 counter get back
what is recovered.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given as hypothesis_given
from hypothesis import settings
from hypothesis import strategies as st

from domain.catalogue import CATALOGUE
from domain.clawback.aggregate import ClawbackCase
from domain.clawback.aggregate import ProjectCases
from domain.clawback.aggregate import clawback_case_stream
from domain.clawback.aggregate import clawback_project_stream
from domain.clawback.decision import a4_split
from domain.clawback.grounds import GROUND_LABELS
from domain.clawback.grounds import ground_label
from domain.enterprise.aggregate import Enterprise
from domain.enterprise.aggregate import enterprise_stream
from domain.kernel.digest import digest
from tests.domain import test_approval as apr
from tests.domain import test_payment as pay
from tests.domain import test_project_given as given
from tests.domain.memory import World
from tests.domain.memory import topics

WAN = given.WAN
TODAY = pay.TODAY
DECISION = "哈工信处〔2025〕5号"


def decide_args(case_id: str = "CASE-1", outcome: str = "recover", **over: Any) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "outcome": outcome,
        "decision_doc_no": DECISION,
        "decided_on": TODAY,
        "sha256": given.sha(f"decision:{case_id}"),
        **over,
    }


def repay_args(amount_fen: int, serial: str, case_id: str = "CASE-1") -> dict[str, Any]:
    return {"case_id": case_id, "amount_fen": amount_fen, "bank_serial": serial, "value_date": TODAY}


def countersign(w: World, actor: str, key: str, proposed: dict[str, Any], **over: Any) -> list[Any]:
    """``actor`` countersigns the write-off proposed with ``proposed`` (the digest of exactly those arguments)."""
    args = {"key": key, "args_sha256": digest(proposed_args("clawback.write_off", proposed))} | over
    return w.when(actor, "clawback.countersign_write_off", args)


def proposed_args(command: str, raw: dict[str, Any]) -> dict[str, Any]:
    """The arguments as the proposal stores them (parsed, defaults filled, JSON form)."""
    found = CATALOGUE.get(command)
    assert found is not None
    data: dict[str, Any] = found.parse(raw).model_dump(mode="json")
    return data


def case(w: World, case_id: str = "CASE-1") -> ClawbackCase:
    return w.get(ClawbackCase, clawback_case_stream(case_id))


def case_file(w: World, pid: str = "P-1") -> ProjectCases:
    return w.get(ProjectCases, clawback_project_stream(pid))


def first_paid() -> World:
    """P-1 approved at 14万; tranche 1 (9.8万) settled; tranche 2 (4.2万) unpaid."""
    w = pay.world()
    pay.paid_first(w)
    return w


# -- opening (立案) ---------------------------------------------------------------------------------------


def test_hrb_article_17_grounds_are_the_six_of_the_article_labelled_in_both_languages() -> None:
    """HRB 第十七条（一）–（六）: C1..C6, each with its item and a Chinese and an English label."""
    assert sorted(GROUND_LABELS) == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert ground_label("C1") == "第十七条（一） 编制虚假申报方案，以虚报、冒领等手段骗取套取资金"
    assert ground_label("C2", "en") == "第十七条（二） funds encroached on, withheld or diverted"


def test_hrb_article_17_a_case_opens_on_grounds_of_the_article_only() -> None:
    """HRB 第十七条: one or more distinct grounds C1..C6."""
    w = first_paid()
    base = {"case_id": "CASE-1", "project_id": "P-1", "source": "inspection", "evidence": ["e" * 64], "summary": "抽查"}
    w.refused("inspector", "clawback.open_case", {**base, "grounds": ["C7"]}, rule="FT-CLB-GROUNDS", field="grounds[0]")
    w.refused(
        "inspector", "clawback.open_case", {**base, "grounds": ["C1", "C1"]}, rule="FT-CLB-GROUNDS", field="grounds"
    )
    w.refused("inspector", "clawback.open_case", {**base, "grounds": []}, rule="FT-CLB-GROUNDS", field="grounds")
    events = w.when("inspector", "clawback.open_case", {**base, "grounds": ["C2", "C3"]})
    assert topics(events) == [
        "fundtrail.clawback.CaseOpened",
        "fundtrail.clawback.CaseFileOpened",
        "fundtrail.clawback.PaymentsFrozen",
    ]
    c = case(w)
    assert (c.grounds, c.status, c.opened_by, c.frozen_unpaid_fen) == (["C2", "C3"], "open", "inspector", 4_200_000)
    w.refused("inspector", "clawback.open_case", {**base, "grounds": ["C2"]}, rule="FT-CLB-UNIQUE", field="case_id")


def test_hrb_article_17_a_case_concerns_an_approved_project() -> None:
    """HRB 第十七条: the measures recover funds 拨付 — a project 市政府 has not approved is no subject."""
    w = apr.world()
    apr.proposed(w, "P-1", 20 * WAN, 14 * WAN)
    w.refused(
        "inspector",
        "clawback.open_case",
        {
            "case_id": "C-1",
            "project_id": "P-1",
            "grounds": ["C1"],
            "source": "complaint",
            "evidence": ["e" * 64],
            "summary": "举报",
        },
        rule="FT-CLB-SUBJECT",
        field="project_id",
    )


def test_a4_one_undecided_case_at_a_time_freezes_the_project() -> None:
    """A4: the freeze holds until the decision; a second case waits for it (race-safe on the case file)."""
    w = first_paid()
    pay.open_case(w)
    assert case_file(w).frozen_by == "CASE-1"
    w.refused(
        "inspector",
        "clawback.open_case",
        {
            "case_id": "CASE-2",
            "project_id": "P-1",
            "grounds": ["C4"],
            "source": "audit",
            "evidence": ["e" * 64],
            "summary": "审计",
        },
        rule="FT-CLB-OPEN",
        field="project_id",
    )
    w.when("miit", "clawback.decide", decide_args(outcome="no_action"))
    pay.open_case(w, "CASE-2")
    assert case_file(w).cases == ["CASE-1", "CASE-2"]


# -- the decision (处理决定) -------------------------------------------------------------------------------


def test_hrb_article_15_the_decider_is_not_the_opener() -> None:
    """HRB 第十五条, 第十七条: whoever opened the case does not decide it."""
    w = first_paid()
    w.when(
        "miit",
        "clawback.open_case",
        {
            "case_id": "CASE-1",
            "project_id": "P-1",
            "grounds": ["C3"],
            "source": "inspection",
            "evidence": ["e" * 64],
            "summary": "抽查",
        },
    )
    w.refused("miit", "clawback.decide", decide_args(outcome="no_action"), rule="FT-CLB-SOD", field="envelope.actor")
    w.when("miit-2", "clawback.decide", decide_args(outcome="no_action"))
    assert case(w).decided_by == "miit-2"


def test_a4_no_action_unfreezes_and_payments_go_on() -> None:
    """A4: "a decision either cancels them or releases them" — no_action releases the frozen tranches."""
    w = first_paid()
    pay.gates_open(w)
    pay.open_case(w)
    w.refused(
        "miit",
        "clawback.decide",
        decide_args(outcome="no_action", sanctions=[{"kind": "notice"}]),
        rule="FT-CLB-OUTCOME",
        field="sanctions",
    )
    events = w.when("miit", "clawback.decide", decide_args(outcome="no_action"))
    assert topics(events) == ["fundtrail.clawback.SanctionDecided", "fundtrail.clawback.PaymentsUnfrozen"]
    w.when("finance", "payment.issue_order", pay.order_args("ZF-P-1-2", 2, 4_200_000))
    w.refused(
        "miit",
        "clawback.record_investigation",
        {"case_id": "CASE-1", "findings_sha256": "f" * 64, "summary": "补充", "investigated_on": TODAY},
        rule="FT-CLB-STATE",
        field="case_id",
    )


def test_a4_recomputed_investment_below_what_was_paid_recovers_the_difference_and_cancels_tranche_2() -> None:
    """HRB 第十七条（三）, A4: one ineligible line → verified 10万 → 7万 entitled under the same version;
    9.8万 was paid, so 2.8万 comes back and the unpaid 4.2万 is cancelled and released at once."""
    w = first_paid()
    pay.open_case(w)
    w.when(
        "inspector",
        "clawback.record_investigation",
        {
            "case_id": "CASE-1",
            "findings_sha256": "f" * 64,
            "summary": "一张发票对应的设备不属于数据采集设备",
            "evidence": ["e" * 64],
            "investigated_on": TODAY,
        },
    )
    missing_recover = decide_args(verified_investment_fen=10 * WAN, sanctions=[{"kind": "notice"}])
    w.refused("miit", "clawback.decide", missing_recover, rule="FT-CLB-OUTCOME", field="sanctions")
    w.when(
        "miit",
        "clawback.decide",
        decide_args(verified_investment_fen=10 * WAN, sanctions=[{"kind": "notice"}, {"kind": "recover"}]),
    )
    c = case(w)
    assert c.decision is not None
    assert (c.demanded_fen, c.outstanding_fen) == (2_800_000, 2_800_000)
    assert c.decision["ceiling"]["version_id"] == apr.VERSION
    assert (c.decision["entitlement_before_fen"], c.decision["entitlement_after_fen"]) == (14 * WAN, 7 * WAN)
    assert c.decision["sanctions"][1] == {"kind": "recover", "label": "追回已拨付资金", "amount_fen": 2_800_000}
    assert given.project(w, "P-1").entitlement_fen == 7 * WAN
    s = pay.schedule(w)
    assert [(t["amount_fen"], t["status"]) for t in s.tranches] == [(9_800_000, "paid"), (0, "cancelled")]
    assert apr.line(w).committed_fen == 9_800_000  # 4.2万 never paid: released at once
    assert apr.account(w).reserved_for("P-1") == 9_800_000
    assert case_file(w).frozen_by is None


def test_a4_clawback_with_partial_repayment_leaves_the_right_amount_outstanding() -> None:
    """HRB 第十七条 "追回已拨付资金", A4: partial receipts, never more than outstanding; each releases as much."""
    w = first_paid()
    pay.open_case(w)
    w.when("miit", "clawback.decide", decide_args(verified_investment_fen=10 * WAN, sanctions=[{"kind": "recover"}]))
    events = w.when("finance", "clawback.record_repayment", repay_args(1 * WAN, "TH-1"))
    assert topics(events)[:2] == ["fundtrail.clawback.RecoveryReceived", "fundtrail.payment.BankSerialClaimed"]
    assert case(w).outstanding_fen == 1_800_000
    assert (apr.line(w).committed_fen, apr.account(w).reserved_for("P-1")) == (8_800_000, 8_800_000)
    w.refused(
        "finance", "clawback.record_repayment", repay_args(1_800_001, "TH-2"), rule="FT-CLB-OVERPAY", field="amount_fen"
    )
    w.refused(
        "finance", "clawback.record_repayment", repay_args(1, "BS-P-1-1"), rule="FT-CLB-SERIAL", field="bank_serial"
    )
    w.refused("finance", "clawback.record_repayment", repay_args(1, "TH-1"), rule="FT-CLB-SERIAL", field="bank_serial")
    w.refused("miit", "clawback.close_case", {"case_id": "CASE-1"}, rule="FT-CLB-CLOSE", field="case_id")
    w.when("district-fin", "clawback.record_repayment", repay_args(1_800_000, "TH-2"))
    c = case(w)
    assert (c.received_fen, c.outstanding_fen) == (2_800_000, 0)
    assert apr.line(w).committed_fen == 7 * WAN == apr.account(w).reserved_for("P-1")  # net approved (A4)
    w.refused("finance", "clawback.record_repayment", repay_args(1, "TH-3"), rule="FT-CLB-OVERPAY", field="amount_fen")
    w.when("miit", "clawback.close_case", {"case_id": "CASE-1", "note": "已全额追回"})
    assert case(w).closure == {
        "outcome": "recovered",
        "recovered_total_fen": 2_800_000,
        "outstanding_fen": 0,
        "note": "已全额追回",
        "doc_no": None,
        "by": "miit",
    }


def test_a4_an_entitlement_above_what_was_paid_reduces_tranche_2_instead() -> None:
    """A4: "recover paid − new_amount if positive, reduce tranche 2 otherwise" — 18万 verified → 12.6万;
    9.8万 paid, so nothing comes back and tranche 2 becomes 2.8万, payable once the decision lifts the freeze."""
    w = first_paid()
    pay.gates_open(w)
    pay.open_case(w, grounds=["C5"])
    w.when("miit", "clawback.decide", decide_args(verified_investment_fen=18 * WAN, sanctions=[{"kind": "notice"}]))
    c = case(w)
    assert c.decision is not None
    assert (c.demanded_fen, c.decision["unpaid_after_fen"], c.decision["released_fen"]) == (0, 2_800_000, 1_400_000)
    assert [t["amount_fen"] for t in pay.schedule(w).tranches] == [9_800_000, 2_800_000]
    assert apr.line(w).committed_fen == 12_600_000
    w.refused(
        "finance", "payment.issue_order", pay.order_args("ZF-2", 2, 4_200_000), rule="FT-PAY-AMOUNT", field="amount_fen"
    )
    w.when("finance", "payment.issue_order", pay.order_args("ZF-2", 2, 2_800_000))
    w.refused("finance", "clawback.record_repayment", repay_args(1, "TH-1"), rule="FT-CLB-STATE", field="case_id")
    w.when("miit", "clawback.close_case", {"case_id": "CASE-1"})
    assert case(w).closure is not None and case(w).closure["outcome"] == "reduced"


def test_a4_a_decision_before_any_schedule_revises_the_entitlement_the_schedule_then_uses() -> None:
    """A4: approved, not yet scheduled — the entitlement falls to 7万 and the schedule splits that (A9)."""
    w = pay.world()
    pay.open_case(w)
    w.when("miit", "clawback.decide", decide_args(verified_investment_fen=10 * WAN, sanctions=[{"kind": "notice"}]))
    assert apr.line(w).committed_fen == 7 * WAN
    w.when("finance", "payment.create_schedule", pay.schedule_args())
    assert [t["amount_fen"] for t in pay.schedule(w).tranches] == [4_900_000, 2_100_000]


def test_a4_the_recomputation_excludes_this_project_from_the_enterprise_prior() -> None:
    """HRB 第四条（一）, A4 (FT-CLB-RECOMPUTE): recomputed under the same version, the 50万 cap counts the
    enterprise's other approvals only — the same verified investment gives the same entitlement back."""
    w = apr.world()
    apr.proposed(w, "P-2", 80 * WAN, 40 * WAN)  # 60% of 80万 = 48万, bracket cap 40万
    apr.proposed(w, "P-1", 20 * WAN, 10 * WAN)  # 14万 by ratio, but only 10万 of the 50万 is left
    apr.publicise(w, {"P-2": 40 * WAN, "P-1": 10 * WAN})
    w.when("miit", "approval.request", apr.request_args({"P-2": 40 * WAN, "P-1": 10 * WAN}))
    w.when("clerk", "approval.record_decision", apr.decision_args({"P-2": 40 * WAN, "P-1": 10 * WAN}))
    pay.open_case(w)
    w.when("miit", "clawback.decide", decide_args(verified_investment_fen=20 * WAN, sanctions=[{"kind": "notice"}]))
    c = case(w)
    assert c.decision is not None
    assert c.decision["ceiling"]["enterprise_prior_fen"] == 40 * WAN
    assert (c.decision["entitlement_after_fen"], c.decision["recover_fen"], c.decision["released_fen"]) == (
        10 * WAN,
        0,
        0,
    )


def test_hrb_article_17_fraud_is_recovered_in_full_and_the_enterprise_disqualified() -> None:
    """HRB 第十七条（一） 虚报冒领: full recovery, 通报 and 取消申请资格 from/until (A25) on the enterprise."""
    w = first_paid()
    pay.open_case(w, grounds=["C1"])
    sanctions = [
        {"kind": "notice"},
        {"kind": "recover"},
        {"kind": "disqualify", "from_on": TODAY, "until_on": "2028-03-11"},
    ]
    bad = decide_args(
        full_recovery=True, sanctions=[{"kind": "disqualify", "from_on": TODAY, "until_on": "2025-03-01"}]
    )
    w.refused("miit", "clawback.decide", bad, rule="FT-CLB-OUTCOME", field="sanctions[0].until_on")
    both = decide_args(full_recovery=True, verified_investment_fen=0, sanctions=sanctions)
    w.refused("miit", "clawback.decide", both, rule="FT-CLB-OUTCOME", field="verified_investment_fen")
    events = w.when("miit", "clawback.decide", decide_args(full_recovery=True, sanctions=sanctions))
    assert "fundtrail.enterprise.Disqualified" in topics(events)
    assert case(w).demanded_fen == 9_800_000
    assert given.project(w, "P-1").entitlement_fen == 0
    assert [t["status"] for t in pay.schedule(w).tranches] == ["paid", "cancelled"]
    ent = w.get(Enterprise, enterprise_stream(given.ENT_A))
    assert ent.is_disqualified(date(2026, 6, 1)) and not ent.is_disqualified(date(2028, 3, 12))
    assert ent.disqualifications[0]["decision_ref"] == DECISION


def test_hrb_article_17_full_recovery_is_only_for_fraud() -> None:
    """HRB 第十七条（一）: an explicit full recovery needs ground C1; other grounds recompute."""
    w = first_paid()
    pay.open_case(w, grounds=["C3"])
    args = decide_args(full_recovery=True, sanctions=[{"kind": "recover"}])
    w.refused("miit", "clawback.decide", args, rule="FT-CLB-OUTCOME", field="full_recovery")


def test_a4_no_decision_while_an_order_awaits_its_outcome() -> None:
    """A4: what is paid must be known — settle or fail the pending order first (settlement is not frozen)."""
    w = pay.world()
    w.when("finance", "payment.create_schedule", pay.schedule_args())
    w.when("finance", "payment.issue_order", pay.order_args("ZF-1", 1, 9_800_000))
    pay.open_case(w)
    w.refused("miit", "clawback.decide", decide_args(outcome="no_action"), rule="FT-CLB-PENDING", field="case_id")
    w.when("finance", "payment.record_settlement", pay.settle_args("ZF-1", "BS-1"))
    w.when("miit", "clawback.decide", decide_args(outcome="no_action"))


def test_a_decision_date_is_not_in_the_future_and_a_case_is_decided_once() -> None:
    """docs/decisions.md §10; HRB 第十七条: one decision per case."""
    w = first_paid()
    pay.open_case(w)
    w.refused(
        "miit",
        "clawback.decide",
        decide_args(outcome="no_action", decided_on="2025-03-13"),
        rule="FT-DATE",
        field="decided_on",
    )
    w.when("miit", "clawback.decide", decide_args(outcome="no_action"))
    w.refused("miit", "clawback.decide", decide_args(outcome="no_action"), rule="FT-CLB-STATE", field="case_id")


# -- the receivable: write-off, judiciary, closure ---------------------------------------------------------


def test_a4_a_write_off_cites_the_case_decision_and_releases_nothing() -> None:
    """A4: "Recovery is a receivable with partial receipts, write-off"; the enterprise kept that money."""
    w = first_paid()
    pay.open_case(w)
    w.when("miit", "clawback.decide", decide_args(verified_investment_fen=10 * WAN, sanctions=[{"kind": "recover"}]))
    w.when("finance", "clawback.record_repayment", repay_args(2 * WAN, "TH-1"))
    write_off = {
        "case_id": "CASE-1",
        "amount_fen": 800_000,
        "reason": "企业已注销，无财产可供执行",
        "doc_no": "哈财核〔2025〕2号",
    }
    w.refused(
        "finance",
        "clawback.write_off",
        {**write_off, "decision_ref": "哈工信处〔2025〕9号"},
        rule="FT-CLB-WRITE-OFF",
        field="decision_ref",
    )
    w.refused(
        "finance",
        "clawback.write_off",
        {**write_off, "amount_fen": 800_001, "decision_ref": DECISION},
        rule="FT-CLB-OVERPAY",
    )
    proposed = {**write_off, "decision_ref": DECISION}
    w.when("finance", "clawback.write_off", proposed)
    assert case(w).outstanding_fen == 800_000, "a write-off takes effect only when countersigned"
    countersign(w, "miit", "CASE-1/哈财核〔2025〕2号", proposed)
    assert case(w).outstanding_fen == 0
    assert case(w).write_offs[0]["by"] == "finance" and case(w).write_offs[0]["countersigned_by"] == "miit"
    assert apr.line(w).committed_fen == 7_800_000  # 9.8万 − 2万 received; the 0.8万 written off stays spent
    w.when("miit", "clawback.close_case", {"case_id": "CASE-1"})
    assert case(w).closure is not None and case(w).closure["outcome"] == "recovered_in_part_written_off"


def test_hrb_article_16_a_referred_case_closes_with_what_is_still_outstanding() -> None:
    """HRB 第十六条 "涉嫌犯罪的，移交司法机关处理": the referral is recorded once; the case may then close."""
    w = first_paid()
    pay.open_case(w, grounds=["C1"])
    w.when("miit", "clawback.decide", decide_args(full_recovery=True, sanctions=[{"kind": "recover"}]))
    refer = {"case_id": "CASE-1", "doc_no": "哈工信移〔2025〕1号", "referred_on": TODAY, "reason": "涉嫌骗取财政资金"}
    w.refused(
        "inspector",
        "clawback.refer_to_judiciary",
        {**refer, "referred_on": "2025-03-01"},
        rule="FT-DATE",
        field="referred_on",
    )
    events = w.when("inspector", "clawback.refer_to_judiciary", refer)
    assert topics(events) == ["fundtrail.clawback.ReferredToJudiciary"]
    w.refused("inspector", "clawback.refer_to_judiciary", refer, rule="FT-CLB-JUDICIARY", field="case_id")
    w.when("miit", "clawback.close_case", {"case_id": "CASE-1", "doc_no": "哈工信结〔2025〕1号"})
    closure = case(w).closure
    assert closure is not None and (closure["outcome"], closure["outstanding_fen"]) == (
        "referred_outstanding",
        9_800_000,
    )
    w.refused("finance", "clawback.record_repayment", repay_args(1, "TH-9"), rule="FT-CLB-STATE", field="case_id")


@settings(max_examples=500, deadline=None)
@hypothesis_given(
    current=st.integers(0, 50 * WAN),
    held_share=st.integers(0, 10_000),
    entitled_share=st.integers(0, 10_000),
)
def test_a4_what_comes_back_plus_what_is_released_is_exactly_the_entitlement_lost(
    current: int, held_share: int, entitled_share: int
) -> None:
    """A4 in integer 分: with the schedule consistent (unpaid = C − held), recover + released = C − E, nothing is
    both recovered and still payable, and the enterprise ends holding exactly E once everything is repaid."""
    held = current * held_share // 10_000  # settled net of earlier recoveries
    entitled = current * entitled_share // 10_000
    unpaid_before = current - held
    recover, unpaid_after = a4_split(held, entitled, unpaid_before)
    assert recover >= 0 and 0 <= unpaid_after <= unpaid_before
    assert recover + (unpaid_before - unpaid_after) == current - entitled
    assert recover == 0 or unpaid_after == 0
    assert held - recover + unpaid_after == entitled


def test_full_lifecycle_from_proposal_to_a_closed_case() -> None:
    """HRB 第八条, 第十一条, 第十七条: proposed → publicised → approved → both tranches paid → a case on
    C3 → investigation → 15万 verified (10.5万 entitled) → 3.5万 recovered in two receipts → closed."""
    w = apr.world()
    apr.approved(w)
    pay.paid_first(w)
    pay.gates_open(w)
    w.when("finance", "payment.issue_order", pay.order_args("ZF-P-1-2", 2, 4_200_000))
    w.when("finance", "payment.record_settlement", pay.settle_args("ZF-P-1-2", "BS-P-1-2"))
    assert pay.schedule(w).settled_fen == 14 * WAN
    pay.open_case(w)
    w.when(
        "inspector",
        "clawback.record_investigation",
        {
            "case_id": "CASE-1",
            "findings_sha256": "f" * 64,
            "summary": "5万元支出用于厂房装修",
            "evidence": ["e" * 64],
            "investigated_on": TODAY,
        },
    )
    w.when(
        "miit",
        "clawback.decide",
        decide_args(verified_investment_fen=15 * WAN, sanctions=[{"kind": "notice"}, {"kind": "recover"}]),
    )
    assert case(w).demanded_fen == 3_500_000
    w.when("finance", "clawback.record_repayment", repay_args(2 * WAN, "TH-1"))
    w.when("finance", "clawback.record_repayment", repay_args(1_500_000, "TH-2"))
    w.when("miit", "clawback.close_case", {"case_id": "CASE-1"})
    c = case(w)
    assert c.status == "closed" and c.closure is not None
    assert (c.closure["recovered_total_fen"], c.closure["outstanding_fen"]) == (3_500_000, 0)
    assert apr.line(w).committed_fen == 10_500_000 == apr.account(w).reserved_for("P-1")
    assert given.project(w, "P-1").entitlement_fen == 10_500_000
    w.refused("miit", "clawback.close_case", {"case_id": "CASE-1"}, rule="FT-CLB-STATE", field="case_id")
