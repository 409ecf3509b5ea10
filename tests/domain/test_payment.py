"""Payment (拨付), story by story: HRB 第三条（二）, 第五条, 第八条, 第十一条, 第十七条; A4, A8, A9, A11, A13.

Given a project approved by 市政府 (tests/domain/test_approval.py givens), 市财政局 draws up the
schedule from the decision, orders each tranche after re-checking the enterprise, and records what
the bank reports.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given as hypothesis_given
from hypothesis import settings
from hypothesis import strategies as st

from domain.catalogue import CATALOGUE
from domain.clock import command_time
from domain.payment.aggregate import PaymentSchedule
from domain.payment.aggregate import payment_schedule_stream
from domain.policy.ceiling import tranche_split
from tests.domain import test_approval as apr
from tests.domain import test_project_given as given
from tests.domain.memory import MemoryReader
from tests.domain.memory import World
from tests.domain.memory import topics

WAN = given.WAN
ENT_A = given.ENT_A
PAYEE = given.account_hash(ENT_A)
TODAY = "2025-03-12"  # apr.AFTER_PUBLICITY, the ledger's local date in these stories


def world() -> World:
    w = apr.world()
    apr.approved(w)  # P-1: 20万 verified, 14万 proposed and approved
    return w


def schedule_args(pid: str = "P-1", **over: Any) -> dict[str, Any]:
    return {"project_id": pid, "approval_id": apr.APPROVAL, **over}


def order_args(order_no: str, tranche: int, amount_fen: int, pid: str = "P-1", **over: Any) -> dict[str, Any]:
    return {
        "order_no": order_no,
        "project_id": pid,
        "tranche": tranche,
        "amount_fen": amount_fen,
        "payee_account_hash": PAYEE,
        **over,
    }


def settle_args(order_no: str, serial: str, value_date: str = TODAY) -> dict[str, Any]:
    return {"order_no": order_no, "bank_serial": serial, "value_date": value_date}


def schedule(w: World, pid: str = "P-1") -> PaymentSchedule:
    return w.get(PaymentSchedule, payment_schedule_stream(pid))


def paid_first(w: World, pid: str = "P-1") -> None:
    """Scheduled and tranche 1 (70%) ordered and settled."""
    w.when("finance", "payment.create_schedule", schedule_args(pid))
    first = schedule(w, pid).tranches[0]["amount_fen"]
    w.when("finance", "payment.issue_order", order_args(f"ZF-{pid}-1", 1, first, pid))
    w.when("finance", "payment.record_settlement", settle_args(f"ZF-{pid}-1", f"BS-{pid}-1"))


def gates_open(w: World) -> None:
    """第十一条: the city pilot passed acceptance and central funds arrived (A11)."""
    w.when(
        "miit",
        "programme.record_pilot_acceptance",
        {"programme_id": apr.PROGRAMME, "result": "passed", "doc_no": "工信部验〔2025〕3号", "decided_on": TODAY},
    )
    w.when(
        "finance",
        "programme.record_funds_received",
        {"programme_id": apr.PROGRAMME, "amount_fen": 5000 * WAN, "treasury_ref": "GK-2025-001", "received_on": TODAY},
    )


def open_case(w: World, case_id: str = "CASE-1", pid: str = "P-1", grounds: list[str] | None = None) -> list[Any]:
    return w.when(
        "inspector",
        "clawback.open_case",
        {
            "case_id": case_id,
            "project_id": pid,
            "grounds": grounds or ["C3"],
            "source": "inspection",
            "evidence": [given.sha(f"evidence:{case_id}")],
            "summary": "抽查发现部分支出超出资金支出范围",
        },
    )


# -- the schedule (拨付计划) -----------------------------------------------------------------------------


def test_hrb_article_3_2_no_schedule_without_a_recorded_city_government_decision() -> None:
    """HRB 第三条（二） "按照市政府意见下达资金" (HRB-3.2 GATE): the request alone is not a decision."""
    w = apr.world()
    apr.publicised(w)
    w.when("miit", "approval.request", apr.request_args({"P-1": 14 * WAN}))
    w.refused("finance", "payment.create_schedule", schedule_args(), rule="FT-PAY-APPROVAL", field="approval_id")
    w.refused("finance", "payment.create_schedule", schedule_args(approval_id="APR-NONE"), rule="FT-PAY-APPROVAL")


def test_hrb_article_3_2_a_project_the_decision_rejected_gets_no_schedule() -> None:
    """HRB 第三条（二）: only what 市政府 approved is paid."""
    w = apr.world()
    apr.proposed(w, "P-1", 20 * WAN, 14 * WAN)
    apr.proposed(w, "P-2", 20 * WAN, 14 * WAN, given.ENT_B)
    apr.publicise(w, {"P-1": 14 * WAN, "P-2": 14 * WAN})
    w.when("miit", "approval.request", apr.request_args({"P-1": 14 * WAN, "P-2": 14 * WAN}))
    w.when("clerk", "approval.record_decision", apr.decision_args({"P-1": 14 * WAN}, {"P-2": "不予支持"}))
    w.refused("finance", "payment.create_schedule", schedule_args("P-2"), rule="FT-PAY-APPROVAL", field="approval_id")


def test_hrb_article_11_a9_the_schedule_splits_70_30_rounding_the_first_tranche_up() -> None:
    """HRB 第十一条 "不低于70%", A9: 199,999.99 元 → 140,000.00 元 + 59,999.99 元 (ceil to the 分, then the rest)."""
    w = apr.world()
    apr.proposed(w, "P-1", 40 * WAN, 24 * WAN)  # (30万, 80万]: 60% of 40万 = 24万
    apr.publicise(w, {"P-1": 24 * WAN})
    w.when("miit", "approval.request", apr.request_args({"P-1": 24 * WAN}))
    w.when("clerk", "approval.record_decision", apr.decision_args({"P-1": 19_999_999}))  # A28: lower is fine
    events = w.when("finance", "payment.create_schedule", schedule_args())
    assert topics(events) == ["fundtrail.payment.ScheduleCreated"]
    s = schedule(w)
    assert [t["amount_fen"] for t in s.tranches] == [14_000_000, 5_999_999]
    assert (s.approved_fen, s.total_fen, s.decision_doc_no) == (19_999_999, 19_999_999, "哈政批〔2025〕12号")


@settings(max_examples=300, deadline=None)
@hypothesis_given(approved=st.integers(1, 50 * WAN), first_bp=st.integers(0, 10_000))
def test_a9_tranche_1_is_the_least_whole_fen_at_or_above_the_ratio_and_the_tranches_sum_exactly(
    approved: int, first_bp: int
) -> None:
    """HRB 第十一条, A9: tranche 1 ≥ ratio × approved by less than one 分; tranche 1 + tranche 2 = approved."""
    first, second = tranche_split(approved, first_bp)
    assert first + second == approved
    assert first * 10_000 >= first_bp * approved > (first - 1) * 10_000
    assert second >= 0


def test_a8_a_single_tranche_needs_a_registered_decision_document() -> None:
    """HRB 第十一条 "原则上分两批", A8: one tranche only on a recorded decision."""
    w = world()
    args = schedule_args(single_tranche_doc_id="DOC-ONE-TRANCHE")
    w.refused("finance", "payment.create_schedule", args, rule="FT-PAY-SPLIT", field="single_tranche_doc_id")
    w.when(
        "clerk",
        "document.register",
        {
            "doc_id": "DOC-ONE-TRANCHE",
            "doc_type": "decision",
            "number": "哈政批〔2025〕13号",
            "title": "关于一次性拨付补助资金的批复",
            "issued_on": TODAY,
            "sha256": given.sha("one-tranche"),
            "issuer": "哈尔滨市人民政府",
        },
    )
    w.when("finance", "payment.create_schedule", args)
    assert [t["amount_fen"] for t in schedule(w).tranches] == [14 * WAN]


def test_a8_the_single_tranche_decision_is_the_city_governments_not_the_paying_bureaus() -> None:
    """Found in review: a memo 市财政局 registers for itself does not waive 第十一条's second tranche."""
    w = world()
    memo = {
        "doc_id": "FIN-MEMO",
        "doc_type": "decision",
        "number": "哈财〔2025〕1号",
        "title": "内部便函",
        "issued_on": TODAY,
        "sha256": given.sha("memo"),
        "issuer": "哈尔滨市财政局",
    }
    w.when("finance", "document.register", memo)
    args = schedule_args(single_tranche_doc_id="FIN-MEMO")
    w.refused("finance", "payment.create_schedule", args, rule="FT-PAY-SPLIT", field="single_tranche_doc_id")


def test_one_schedule_per_project() -> None:
    w = world()
    w.when("finance", "payment.create_schedule", schedule_args())
    w.refused("finance", "payment.create_schedule", schedule_args(), rule="FT-PAY-SCHEDULE-UNIQUE", field="project_id")


# -- orders (支付指令) -------------------------------------------------------------------------------------


def test_hrb_article_11_an_order_pays_exactly_its_tranche() -> None:
    """HRB 第十一条, A9: the amount is the tranche's, never more than approved and unpaid."""
    w = world()
    w.when("finance", "payment.create_schedule", schedule_args())
    w.refused(
        "finance", "payment.issue_order", order_args("ZF-1", 1, 14 * WAN), rule="FT-PAY-AMOUNT", field="amount_fen"
    )
    w.refused("finance", "payment.issue_order", order_args("ZF-1", 3, 1), rule="FT-FIELD", field="tranche")
    events = w.when("finance", "payment.issue_order", order_args("ZF-1", 1, 9_800_000))
    assert topics(events) == ["fundtrail.payment.OrderIssued", "fundtrail.payment.OrderNumbered"]
    assert schedule(w).tranches[0]["status"] == "ordered"


def test_hrb_article_11_a_second_order_for_the_same_tranche_is_refused() -> None:
    """HRB 第十一条: each tranche is paid once — not while its order is pending, not once paid."""
    w = world()
    w.when("finance", "payment.create_schedule", schedule_args())
    w.when("finance", "payment.issue_order", order_args("ZF-1", 1, 9_800_000))
    w.refused(
        "finance", "payment.issue_order", order_args("ZF-2", 1, 9_800_000), rule="FT-PAY-TRANCHE", field="tranche"
    )
    w.when("finance", "payment.record_settlement", settle_args("ZF-1", "BS-1"))
    w.refused(
        "finance", "payment.issue_order", order_args("ZF-2", 1, 9_800_000), rule="FT-PAY-TRANCHE", field="tranche"
    )
    assert schedule(w).settled_fen == 9_800_000


def test_racing_orders_for_one_tranche_conflict_on_the_schedule() -> None:
    """HRB 第十一条: two orders read the same schedule version; both change it, so the second save conflicts."""
    w = world()
    w.when("finance", "payment.create_schedule", schedule_args())
    cmd = CATALOGUE.get("payment.issue_order")
    assert cmd is not None
    changed = []
    for no in ("ZF-A", "ZF-B"):
        reader = MemoryReader(w.store, copy.deepcopy(w.actors["finance"]), w.now)
        with command_time(w.now):
            out = [a for a in cmd.run(order_args(no, 1, 9_800_000), reader) if isinstance(a, PaymentSchedule)]
        changed.append(out[0].collect_events()[0].originator_version)
    assert changed[0] == changed[1] == schedule(w).version + 1


def test_a_failed_or_returned_order_lets_the_tranche_be_ordered_again() -> None:
    """HRB 第十一条: a failure (退票) is recorded; the tranche is due again under a new order number."""
    w = world()
    w.when("finance", "payment.create_schedule", schedule_args())
    w.when("finance", "payment.issue_order", order_args("ZF-1", 1, 9_800_000))
    w.when("district-fin", "payment.record_failure", {"order_no": "ZF-1", "kind": "returned", "reason": "账户已销户"})
    w.refused(
        "finance",
        "payment.record_failure",
        {"order_no": "ZF-1", "kind": "failed", "reason": "x"},
        rule="FT-PAY-OUTCOME",
    )
    w.refused(
        "finance", "payment.issue_order", order_args("ZF-1", 1, 9_800_000), rule="FT-PAY-ORDER-UNIQUE", field="order_no"
    )
    w.when("finance", "payment.issue_order", order_args("ZF-2", 1, 9_800_000))
    assert schedule(w).tranches[0]["order_no"] == "ZF-2"


def test_hrb_article_11_a11_tranche_2_waits_for_both_programme_gates() -> None:
    """HRB 第十一条 "根据城市试点验收情况、中央财政资金到位情况拨付剩余资金", A11: both gates."""
    w = world()
    paid_first(w)
    second = order_args("ZF-2", 2, 4_200_000)
    w.refused("finance", "payment.issue_order", second, rule="FT-PAY-GATE", field="tranche")
    w.when(
        "miit",
        "programme.record_pilot_acceptance",
        {"programme_id": apr.PROGRAMME, "result": "passed", "doc_no": "工信部验〔2025〕3号", "decided_on": TODAY},
    )
    w.refused("finance", "payment.issue_order", second, rule="FT-PAY-GATE", field="tranche")  # no central money yet
    w.when(
        "finance",
        "programme.record_funds_received",
        {"programme_id": apr.PROGRAMME, "amount_fen": 5000 * WAN, "treasury_ref": "GK-2025-001", "received_on": TODAY},
    )
    w.when("finance", "payment.issue_order", second)
    w.when("finance", "payment.record_settlement", settle_args("ZF-2", "BS-2"))
    assert schedule(w).settled_fen == 14 * WAN


def test_a11_a_city_government_release_decision_opens_tranche_2_without_the_gates() -> None:
    """A11: "(or a recorded 市政府 decision to release anyway)"."""
    w = world()
    paid_first(w)
    w.when(
        "clerk",
        "programme.record_second_tranche_release",
        {
            "programme_id": apr.PROGRAMME,
            "doc_no": "哈政批〔2025〕20号",
            "decided_on": TODAY,
            "reason": "试点验收延期，先行拨付",
        },
    )
    w.when("finance", "payment.issue_order", order_args("ZF-2", 2, 4_200_000))


def test_hrb_article_11_tranche_2_follows_a_paid_tranche_1() -> None:
    """HRB 第十一条: the rest is paid after the first 70%, even with the gates open."""
    w = world()
    gates_open(w)
    w.when("finance", "payment.create_schedule", schedule_args())
    w.refused("finance", "payment.issue_order", order_args("ZF-2", 2, 4_200_000), rule="FT-PAY-GATE", field="tranche")


def test_hrb_article_17_no_payment_while_a_clawback_case_is_open() -> None:
    """HRB 第十七条, A4: opening a case freezes the unpaid tranches."""
    w = world()
    w.when("finance", "payment.create_schedule", schedule_args())
    open_case(w)
    w.refused(
        "finance", "payment.issue_order", order_args("ZF-1", 1, 9_800_000), rule="FT-PAY-FROZEN", field="project_id"
    )


def test_hrb_article_17_no_schedule_while_a_clawback_case_is_open() -> None:
    """HRB 第十七条, A4: a frozen project gets no schedule either."""
    w = world()
    open_case(w)
    w.refused("finance", "payment.create_schedule", schedule_args(), rule="FT-PAY-FROZEN", field="project_id")


def test_hrb_article_5_a13_a_new_credit_check_showing_abnormal_operation_refuses_the_order() -> None:
    """HRB 第五条（二）, A13: eligibility is re-checked before every payment — status can change."""
    w = world()
    w.when("finance", "payment.create_schedule", schedule_args())
    w.when(
        "miit",
        "enterprise.record_credit_check",
        {
            "uscc": ENT_A,
            "source": "国家企业信用信息公示系统",
            "queried_at": "2025-03-12T09:00:00+08:00",
            "abnormal_operation_list": True,
            "serious_dishonesty": False,
            "major_accident": False,
            "tax_violation": False,
            "window_from": "2022-01-01",
            "window_to": "2025-12-31",
            "snapshot_sha256": given.sha("credit-abnormal"),
        },
    )
    e = w.refused(
        "finance", "payment.issue_order", order_args("ZF-1", 1, 9_800_000), rule="FT-PAY-ELIGIBLE", field="project_id"
    )
    assert "abnormal_operation_list" in e.detail


def test_hrb_article_2_the_payee_is_a_recorded_account_of_the_enterprise() -> None:
    """HRB 第二条 专款专用: money goes only to the enterprise's own recorded account."""
    w = world()
    w.when("finance", "payment.create_schedule", schedule_args())
    args = order_args("ZF-1", 1, 9_800_000, payee_account_hash=given.account_hash(given.PROVIDER))
    w.refused("finance", "payment.issue_order", args, rule="FT-PAY-PAYEE", field="payee_account_hash")


def test_hrb_article_8_r6_a_terminated_project_is_not_paid() -> None:
    """HRB 第八条 事后补助: only a project in state approved is paid (R6)."""
    w = world()
    w.when("finance", "payment.create_schedule", schedule_args())
    w.when(
        "miit",
        "project.terminate",
        {"project_id": "P-1", "reason": "企业注销", "legal_basis": "哈工信联规〔2024〕1号 第六条"},
    )
    w.refused(
        "finance", "payment.issue_order", order_args("ZF-1", 1, 9_800_000), rule="FT-PAY-STATE", field="project_id"
    )


# -- settlements (支付成功) ------------------------------------------------------------------------------


def test_a_bank_serial_is_recorded_once_and_a_value_date_lies_between_order_and_today() -> None:
    """docs/decisions.md §10, §11: a settlement carries a unique bank serial and a plausible value date."""
    w = world()
    w.when("finance", "payment.create_schedule", schedule_args())
    w.when("finance", "payment.issue_order", order_args("ZF-1", 1, 9_800_000))
    w.refused(
        "finance",
        "payment.record_settlement",
        settle_args("ZF-1", "BS-1", "2025-03-13"),
        rule="FT-DATE",
        field="value_date",
    )
    w.refused(
        "finance",
        "payment.record_settlement",
        settle_args("ZF-1", "BS-1", "2025-03-11"),
        rule="FT-DATE",
        field="value_date",
    )
    events = w.when("district-fin", "payment.record_settlement", settle_args("ZF-1", "BS-1"))
    assert topics(events) == ["fundtrail.payment.Settled", "fundtrail.payment.BankSerialClaimed"]
    w.refused(
        "finance", "payment.record_settlement", settle_args("ZF-1", "BS-9"), rule="FT-PAY-OUTCOME", field="order_no"
    )
    gates_open(w)
    w.when("finance", "payment.issue_order", order_args("ZF-2", 2, 4_200_000))
    w.refused(
        "finance", "payment.record_settlement", settle_args("ZF-2", "BS-1"), rule="FT-PAY-SERIAL", field="bank_serial"
    )


def test_hrb_article_3_only_finance_orders_payments() -> None:
    """HRB 第三条（二）: 市财政局 releases the funds; 市工信局 does not."""
    w = world()
    w.refused("miit", "payment.create_schedule", schedule_args(), rule="FT-ROLE")
