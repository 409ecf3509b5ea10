"""The programme (专项资金), its budget and its batches, story by story: HRB 第一条, 第二条, 第四条, 第八条,
第十一条, 第十三条, 第十八条; A3, A7, A10, A11, A23."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import Any

import pytest

from domain.clock import command_time
from domain.errors import RuleViolation
from domain.policy.aggregate import PolicyVersion
from domain.policy.aggregate import policy_version_stream
from domain.policy.params import SEED_PARAMS
from domain.programme.aggregate import Programme
from domain.programme.aggregate import programme_stream
from domain.programme.batch import Batch
from domain.programme.batch import batch_stream
from domain.programme.budget import BudgetLine
from domain.programme.budget import budget_line_stream
from domain.roles import Role
from tests.domain.memory import World
from tests.domain.memory import topics
from tests.domain.test_policy import APPROVER
from tests.domain.test_policy import CLERK
from tests.domain.test_policy import DRAFTER
from tests.domain.test_policy import FINANCE
from tests.domain.test_policy import PROGRAMME
from tests.domain.test_policy import V1
from tests.domain.test_policy import approve_args
from tests.domain.test_policy import draft_args
from tests.domain.test_policy import given_active_policy
from tests.domain.test_policy import given_programme
from tests.domain.test_policy import programme_args
from tests.domain.test_policy import seed_params

WAN = 1_000_000
YI = 100 * 1_000_000 * 100  # 1亿元 in 分
ALLOCATION = 15 * YI // 10  # 1.5亿元: the most a provincial capital receives (N24)
TARGETS = {
    "programme_id": PROGRAMME,
    "target_set_id": "TS-2024",
    "indicators": [
        {
            "id": "I1",
            "family": "output",
            "metric": "完成数字化改造的中小企业数",
            "unit": "户",
            "target": "≥ 300",
            "direction": "at_least",
            "weight_bp": 6000,
        },
        {
            "id": "I2",
            "family": "outcome",
            "metric": "改造后达到二级及以上的比例",
            "unit": "%",
            "target": "≥ 90",
            "direction": "at_least",
            "weight_bp": 4000,
        },
    ],
}


def programme(w: World) -> Programme:
    return w.get(Programme, programme_stream(PROGRAMME))


def line(w: World, category: str) -> BudgetLine:
    return w.get(BudgetLine, budget_line_stream(PROGRAMME, category))


def allocate(w: World, amount_fen: int = ALLOCATION, doc_no: str = "财建〔2024〕300号") -> None:
    w.when(
        FINANCE,
        "programme.record_allocation",
        {"programme_id": PROGRAMME, "doc_no": doc_no, "fiscal_year": 2024, "amount_fen": amount_fen},
    )


def approve_targets(w: World) -> None:
    w.when(DRAFTER, "programme.set_targets", TARGETS)
    w.when(
        APPROVER,
        "programme.approve_targets",
        {"programme_id": PROGRAMME, "target_set_id": "TS-2024", "decided_on": "2024-12-01"},
    )


def earmark(category: str, amount_fen: int) -> dict[str, Any]:
    return {"programme_id": PROGRAMME, "category": category, "amount_fen": amount_fen}


def given_budget_ready(w: World) -> None:
    """Given: a programme with 1.5亿 allocated, approved targets and an active seed policy."""
    given_programme(w)
    allocate(w)
    approve_targets(w)
    given_active_policy(w)


def batch_args(**more: Any) -> dict[str, Any]:
    return {
        "batch_id": "B2025-1",
        "programme_id": PROGRAMME,
        "policy_version_id": V1,
        "investment_basis": "tax_exclusive",
        "intake_from": "2025-03-10",
        "intake_to": "2025-04-30",
        **more,
    }


# -- establishing and the fund ----------------------------------------------------------------------


def test_hrb_article_1_a_programme_is_central_money_with_its_legal_basis_and_validity() -> None:
    """HRB 第一条 (HRB-1): the fund is central fiscal money; HRB 第十八条: valid until 2025-12-31."""
    w = World()
    given_programme(w)
    p = programme(w)
    assert (p.fund_source, p.valid_from, p.valid_to) == ("central", "2024-10-15", "2025-12-31")
    assert p.legal_basis[0]["doc_no"] == "哈工信联规〔2024〕1号"
    assert p.city_pilot_result is None and p.tranche2_release_decision is None and p.successor_policy_version_id is None
    w.refused(FINANCE, "programme.establish", programme_args(), rule="FT-PRG-UNIQUE", field="programme_id")


def test_hrb_article_1_only_central_funds() -> None:
    """HRB 第一条: this fund is the central reward money, nothing else."""
    w = World()
    given_programme(w)
    w.refused(
        FINANCE,
        "programme.establish",
        {**programme_args("P2"), "fund_source": "provincial"},
        rule="FT-PRG-FUND-SOURCE",
        field="fund_source",
    )
    w.refused(
        FINANCE,
        "programme.establish",
        {**programme_args("P2"), "valid_to": "2024-10-14"},
        rule="FT-PRG-WINDOW",
        field="valid_to",
    )


def test_hrb_article_1_allocations_and_receipts_are_tagged_central() -> None:
    """HRB 第一条 (HRB-1): every 分 tagged with fund source central and the programme id."""
    w = World()
    given_programme(w)
    events = w.when(
        FINANCE,
        "programme.record_allocation",
        {"programme_id": PROGRAMME, "doc_no": "财建〔2024〕300号", "fiscal_year": 2024, "amount_fen": ALLOCATION},
    )
    assert topics(events) == ["fundtrail.programme.CentralFundsAllocated"]
    assert (events[0].fund_source, events[0].programme_id) == ("central", PROGRAMME)
    receipt = {"programme_id": PROGRAMME, "amount_fen": YI, "treasury_ref": "GK-2025-0001", "received_on": "2025-02-20"}
    events = w.when(FINANCE, "programme.record_funds_received", receipt)
    assert (events[0].fund_source, events[0].received_total_fen) == ("central", YI)
    p = programme(w)
    assert (p.central_allocated_fen, p.central_received_fen) == (ALLOCATION, YI)


def test_hrb_article_3_2_an_allocation_document_and_a_treasury_receipt_are_recorded_once() -> None:
    """HRB 第三条（二）: one allocation per document number; one receipt per treasury reference."""
    w = World()
    given_programme(w)
    allocate(w)
    w.refused(
        FINANCE,
        "programme.record_allocation",
        {"programme_id": PROGRAMME, "doc_no": "财建〔2024〕300号", "fiscal_year": 2024, "amount_fen": 1},
        rule="FT-PRG-DOC-UNIQUE",
        field="doc_no",
    )
    receipt = {"programme_id": PROGRAMME, "amount_fen": WAN, "treasury_ref": "GK-1", "received_on": "2025-02-20"}
    w.when(FINANCE, "programme.record_funds_received", receipt)
    w.refused(FINANCE, "programme.record_funds_received", receipt, rule="FT-PRG-DOC-UNIQUE", field="treasury_ref")


def test_hrb_article_11_central_funds_received_never_exceed_the_allocation() -> None:
    """HRB 第十一条 (中央财政资金到位): receipts are bounded by what was allocated."""
    w = World()
    given_programme(w)
    allocate(w, amount_fen=YI)
    receipt = {"programme_id": PROGRAMME, "amount_fen": YI + 1, "treasury_ref": "GK-1", "received_on": "2025-02-20"}
    w.refused(FINANCE, "programme.record_funds_received", receipt, rule="FT-PRG-RECEIPT", field="amount_fen")
    w.when(FINANCE, "programme.record_funds_received", {**receipt, "amount_fen": YI})


def test_a_receipt_dated_after_the_ledger_date_is_refused() -> None:
    """docs/decisions.md §10 (business clock): received 2025-03-04 cannot be recorded on 2025-03-03."""
    w = World()
    given_programme(w)
    allocate(w)
    receipt = {"programme_id": PROGRAMME, "amount_fen": WAN, "treasury_ref": "GK-1", "received_on": "2025-03-04"}
    w.refused(FINANCE, "programme.record_funds_received", receipt, rule="FT-DATE", field="received_on")


def test_hrb_article_3_2_only_city_finance_records_central_money() -> None:
    """HRB 第三条（二）: 市财政局 manages central funds; 市工信局 does not record them."""
    w = World()
    given_programme(w)
    w.refused(
        DRAFTER,
        "programme.record_allocation",
        {"programme_id": PROGRAMME, "doc_no": "X", "fiscal_year": 2024, "amount_fen": 1},
        rule="FT-ROLE",
    )


# -- performance targets (事前, 第十三条) -------------------------------------------------------------


def test_hrb_article_13_no_budget_line_before_targets_are_approved() -> None:
    """HRB 第十三条 (GATE): targets are the basis of budgeting; no earmark before they are approved."""
    w = World()
    given_programme(w)
    allocate(w)
    given_active_policy(w)
    w.refused(
        FINANCE,
        "programme.open_budget_line",
        earmark("transformation", 12 * YI // 10),
        rule="FT-PRG-TARGETS",
        field="programme_id",
    )
    w.when(DRAFTER, "programme.set_targets", TARGETS)
    w.refused(FINANCE, "programme.open_budget_line", earmark("transformation", 12 * YI // 10), rule="FT-PRG-TARGETS")
    w.when(
        APPROVER,
        "programme.approve_targets",
        {"programme_id": PROGRAMME, "target_set_id": "TS-2024", "decided_on": "2024-12-01"},
    )
    w.when(FINANCE, "programme.open_budget_line", earmark("transformation", 12 * YI // 10))
    assert line(w, "transformation").target_set_id == "TS-2024"


def test_hrb_article_13_targets_are_approved_by_another_person_than_the_proposer() -> None:
    """HRB 第十三条 "市工信局…加强对绩效目标的审核" and docs/decisions.md §5: proposer ≠ approver."""
    w = World()
    given_programme(w)
    events = w.when(DRAFTER, "programme.set_targets", TARGETS)
    assert topics(events) == ["fundtrail.programme.TargetsProposed"]
    assert events[0].owner_org == "HRB-MIIT" and events[0].indicators[0]["family"] == "output"
    approve = {"programme_id": PROGRAMME, "target_set_id": "TS-2024", "decided_on": "2024-12-01"}
    w.refused(DRAFTER, "programme.approve_targets", approve, rule="FT-PRG-TARGETS-SOD", field="envelope.actor")
    w.refused(
        APPROVER,
        "programme.approve_targets",
        {**approve, "target_set_id": "TS-OTHER"},
        rule="FT-PRG-TARGETS-STATE",
        field="target_set_id",
    )
    w.refused(APPROVER, "programme.approve_targets", {**approve, "decided_on": "2025-03-04"}, rule="FT-DATE")
    w.when(APPROVER, "programme.approve_targets", approve)
    assert programme(w).targets_approved()
    w.refused(DRAFTER, "programme.set_targets", TARGETS, rule="FT-PRG-TARGETS-STATE", field="target_set_id")
    w.refused(APPROVER, "programme.approve_targets", approve, rule="FT-PRG-TARGETS-STATE")


# -- budget lines (第四条, 第八条) -----------------------------------------------------------------------


def test_hrb_article_4_1e_budget_needs_an_active_policy_version() -> None:
    """HRB 第四条（一） (A3): category caps and the earmark come from the active version."""
    w = World()
    given_programme(w)
    allocate(w)
    approve_targets(w)
    w.refused(
        FINANCE,
        "programme.open_budget_line",
        earmark("transformation", 12 * YI // 10),
        rule="FT-PRG-POLICY",
        field="programme_id",
    )


def test_hrb_article_8_no_other_category_before_transformation_holds_80_percent() -> None:
    """HRB 第八条 (A10, HRB-8a): 80% of the central allocation goes to transformation subsidies first."""
    w = World()
    given_budget_ready(w)
    w.refused(
        FINANCE, "programme.open_budget_line", earmark("centre", 1020 * WAN), rule="FT-PRG-EARMARK", field="category"
    )
    w.when(FINANCE, "programme.open_budget_line", earmark("transformation", 12 * YI // 10 - 1))
    w.refused(FINANCE, "programme.open_budget_line", earmark("centre", 1020 * WAN), rule="FT-PRG-EARMARK")
    events = w.when(FINANCE, "programme.open_budget_line", earmark("transformation", 1))
    assert topics(events) == ["fundtrail.programme.BudgetEarmarked", "fundtrail.programme.BudgetLineIncreased"]
    assert events[0].ratio_of_central_bp == 8000 and events[0].fund_source == "central"
    events = w.when(FINANCE, "programme.open_budget_line", earmark("centre", 1020 * WAN))
    assert topics(events) == ["fundtrail.programme.BudgetEarmarked", "fundtrail.programme.BudgetLineOpened"]
    assert line(w, "transformation").cap_fen == 12 * YI // 10
    assert programme(w).budget_total_fen == 12 * YI // 10 + 1020 * WAN


def test_hrb_article_4_category_caps_of_the_policy_bound_each_line() -> None:
    """HRB 第四条（二）–（四） (N7–N14): e.g. training ≤ 70万, centre ≤ 1020万, across repeated earmarks."""
    w = World()
    given_budget_ready(w)
    w.when(FINANCE, "programme.open_budget_line", earmark("transformation", 12 * YI // 10))
    w.refused(
        FINANCE,
        "programme.open_budget_line",
        earmark("training", 70 * WAN + 1),
        rule="FT-PRG-CATEGORY-CAP",
        field="amount_fen",
    )
    w.when(FINANCE, "programme.open_budget_line", earmark("training", 50 * WAN))
    w.refused(FINANCE, "programme.open_budget_line", earmark("training", 20 * WAN + 1), rule="FT-PRG-CATEGORY-CAP")
    w.when(FINANCE, "programme.open_budget_line", earmark("training", 20 * WAN))
    assert line(w, "training").cap_fen == 70 * WAN
    w.when(FINANCE, "programme.open_budget_line", earmark("ecosystem", 100 * WAN))  # 第四条（五）: no cap of its own


def test_hrb_article_2_the_lines_together_never_exceed_the_allocation() -> None:
    """HRB 第二条 专款专用 (HRB-2a): Σ budget lines ≤ central allocation; the Σ lives in the Programme."""
    w = World()
    given_budget_ready(w)
    w.when(FINANCE, "programme.open_budget_line", earmark("transformation", 14 * YI // 10))
    w.when(FINANCE, "programme.open_budget_line", earmark("centre", 1000 * WAN))
    w.refused(
        FINANCE, "programme.open_budget_line", earmark("ecosystem", 1), rule="FT-PRG-BUDGET-TOTAL", field="amount_fen"
    )
    w.refused(FINANCE, "programme.open_budget_line", earmark("transformation", 1), rule="FT-PRG-BUDGET-TOTAL")
    assert programme(w).budget_total_fen == ALLOCATION


def test_hrb_article_4_a_category_is_one_of_the_article() -> None:
    """HRB 第四条: budget only for the listed directions."""
    w = World()
    given_budget_ready(w)
    w.refused(FINANCE, "programme.open_budget_line", earmark("banquets", 1), rule="FT-PRG-CATEGORY", field="category")
    w.refused(DRAFTER, "programme.open_budget_line", earmark("transformation", 1), rule="FT-ROLE")


def test_hrb_article_2_commit_within_the_line_and_release_what_was_committed() -> None:
    """HRB 第二条 专款专用 (HRB-2a): money is committed only within a line and released under the same reference."""
    w = World()
    given_budget_ready(w)
    w.when(FINANCE, "programme.open_budget_line", earmark("transformation", 12 * YI // 10))
    budget = line(w, "transformation")
    with command_time(w.now):
        budget.commit(18 * WAN, "P-001", "amount_fen")
        budget.commit(YI, "P-002", "amount_fen")
        with pytest.raises(RuleViolation) as refused:
            budget.commit(2 * YI // 10 - 18 * WAN + 1, "P-003", "lines[2].amount_fen")
        assert (refused.value.rule, refused.value.field) == ("FT-PRG-LINE-CAP", "lines[2].amount_fen")
        budget.commit(2 * YI // 10 - 18 * WAN, "P-003", "amount_fen")
        assert budget.available_fen == 0
        with pytest.raises(RuleViolation) as refused:
            budget.release(18 * WAN + 1, "P-001")
        assert (refused.value.rule, refused.value.field) == ("FT-PRG-LINE-RELEASE", "amount_fen")
        budget.release(5 * WAN, "P-001")
        events = budget.collect_events()
    assert topics(events)[-1] == "fundtrail.programme.BudgetReleased"
    assert (budget.committed_fen, budget.commitments["P-001"], budget.available_fen) == (
        12 * YI // 10 - 5 * WAN,
        13 * WAN,
        5 * WAN,
    )
    replayed: Any = None
    for e in [*(e for e in w.log if e.originator_id == budget.id), *events]:
        replayed = e.mutate(replayed)
    assert (replayed.committed_fen, replayed.commitments, replayed.cap_fen) == (
        budget.committed_fen,
        budget.commitments,
        budget.cap_fen,
    )


# -- the gates of the second tranche (第十一条, A11) -----------------------------------------------------


def test_hrb_article_11_tranche2_gates_need_pilot_passed_and_central_funds() -> None:
    """HRB 第十一条 (A11): city pilot accepted and central money arrived, both."""
    w = World()
    given_programme(w)
    allocate(w)
    assert not programme(w).tranche2_gates_open()
    acceptance = {
        "programme_id": PROGRAMME,
        "result": "passed",
        "doc_no": "工信部企业函〔2025〕1号",
        "decided_on": "2025-03-01",
    }
    events = w.when(DRAFTER, "programme.record_pilot_acceptance", acceptance)
    assert topics(events) == ["fundtrail.programme.CityPilotAcceptanceRecorded"]
    assert programme(w).city_pilot_result == "passed" and not programme(w).tranche2_gates_open()
    receipt = {"programme_id": PROGRAMME, "amount_fen": WAN, "treasury_ref": "GK-1", "received_on": "2025-03-02"}
    w.when(FINANCE, "programme.record_funds_received", receipt)
    assert programme(w).tranche2_gates_open()


def test_a11_a_failed_pilot_keeps_tranche2_closed_until_the_city_government_decides() -> None:
    """A11: a failed pilot blocks tranche 2 pending a recorded 市政府 decision (docs/decisions.md §8: its clerk)."""
    w = World()
    given_programme(w)
    allocate(w)
    w.when(
        FINANCE,
        "programme.record_funds_received",
        {"programme_id": PROGRAMME, "amount_fen": WAN, "treasury_ref": "GK-1", "received_on": "2025-03-02"},
    )
    w.when(
        FINANCE,
        "programme.record_pilot_acceptance",
        {"programme_id": PROGRAMME, "result": "failed", "doc_no": "D-1", "decided_on": "2025-03-01"},
    )
    assert not programme(w).tranche2_gates_open()
    decision = {
        "programme_id": PROGRAMME,
        "doc_no": "哈政办〔2025〕9号",
        "decided_on": "2025-03-03",
        "reason": "整改后拨付",
    }
    w.refused(DRAFTER, "programme.record_second_tranche_release", decision, rule="FT-ROLE")
    w.refused(
        CLERK,
        "programme.record_second_tranche_release",
        {**decision, "decided_on": "2025-03-04"},
        rule="FT-DATE",
        field="decided_on",
    )
    w.refused(
        CLERK,
        "programme.record_second_tranche_release",
        {**decision, "doc_id": "DOC-404"},
        rule="FT-NOT-FOUND",
        field="doc_id",
    )
    events = w.when(CLERK, "programme.record_second_tranche_release", decision)
    assert events[0].pilot_result == "failed" and events[0].recorded_by == CLERK
    p = programme(w)
    assert p.tranche2_release_decision == "哈政办〔2025〕9号" and p.tranche2_gates_open()


def test_a11_the_pilot_result_is_one_of_passed_failed_conditional() -> None:
    """HRB 第十一条 (A11): a conditional pass does not open the gate; an unknown result is refused."""
    w = World()
    given_programme(w)
    acceptance = {"programme_id": PROGRAMME, "result": "maybe", "doc_no": "D", "decided_on": "2025-03-01"}
    w.refused(DRAFTER, "programme.record_pilot_acceptance", acceptance, rule="FT-PRG-PILOT", field="result")
    w.when(DRAFTER, "programme.record_pilot_acceptance", {**acceptance, "result": "conditional"})
    assert programme(w).city_pilot_result == "conditional" and not programme(w).tranche2_gates_open()
    w.refused(
        APPROVER,
        "programme.record_pilot_acceptance",
        {**acceptance, "result": "passed", "decided_on": "2025-03-04"},
        rule="FT-DATE",
    )


# -- the measures' end (第十八条, A23) ------------------------------------------------------------------


def successor_params() -> dict[str, Any]:
    return seed_params(valid_from="2026-01-01", valid_to="2026-12-31")


def test_hrb_article_18_a_successor_policy_is_an_approved_version_in_force_beyond_the_end() -> None:
    """HRB 第十八条 "研究确定是否继续实施" (A23): register an approved successor that reaches past 2025-12-31."""
    w = World()
    given_programme(w)
    given_active_policy(w)
    register = {"programme_id": PROGRAMME, "version_id": "HRB-2026-v1"}
    w.when(DRAFTER, "policy.draft", draft_args("HRB-2026-v1", successor_params(), effective_from="2026-01-01"))
    w.refused(FINANCE, "programme.register_successor_policy", register, rule="FT-PRG-SUCCESSOR", field="version_id")
    w.when(APPROVER, "policy.approve", approve_args("HRB-2026-v1", decided_on="2025-03-01"))
    w.refused(
        FINANCE,
        "programme.register_successor_policy",
        {**register, "version_id": V1},
        rule="FT-PRG-SUCCESSOR",
        field="version_id",
    )
    events = w.when(FINANCE, "programme.register_successor_policy", register)
    assert topics(events) == ["fundtrail.programme.SuccessorPolicyRegistered"]
    assert events[0].legal_basis[0]["doc_no"] == "哈工信联规〔2024〕1号"
    p = programme(w)
    assert (p.successor_policy_version_id, p.valid_to) == ("HRB-2026-v1", "2025-12-31")
    w.refused(FINANCE, "programme.register_successor_policy", register, rule="FT-PRG-SUCCESSOR")


# -- batches (第四条（一）, A3, A7) ----------------------------------------------------------------------


def test_hrb_article_4_1_a_batch_pins_the_active_version_its_parameters_and_hash() -> None:
    """HRB 第四条（一） "视不同批次…微调" (A3, HRB-4.1e): the batch keeps its parameters even when superseded."""
    w = World()
    given_programme(w)
    given_active_policy(w)
    events = w.when(DRAFTER, "batch.open", batch_args(notice_doc_no="哈工信通〔2025〕3号"))
    assert topics(events) == ["fundtrail.programme.BatchOpened"]
    b = w.get(Batch, batch_stream("B2025-1"))
    v = w.get(PolicyVersion, policy_version_stream(V1))
    assert (b.policy_version_id, b.policy_hash, b.investment_basis, b.intake_open) == (
        V1,
        v.params_hash,
        "tax_exclusive",
        True,
    )
    assert b.parameters() == SEED_PARAMS and b.kind == "transformation"
    w.when(
        DRAFTER,
        "policy.draft",
        draft_args("HRB-2025-v2", seed_params(max_active_projects=2), effective_from="2025-04-01"),
    )
    w.when(APPROVER, "policy.approve", approve_args("HRB-2025-v2", decided_on="2025-03-01"))
    w.when(DRAFTER, "policy.supersede", {"version_id": V1, "superseded_by": "HRB-2025-v2", "reason": "微调"})
    assert w.get(Batch, batch_stream("B2025-1")).parameters().max_active_projects == 3
    w.refused(DRAFTER, "batch.open", batch_args(), rule="FT-PRG-BATCH-UNIQUE", field="batch_id")


def test_a7_the_investment_basis_is_stated_explicitly() -> None:
    """A7 (HRB 第四条（一） 核定改造投入): tax-inclusive or tax-exclusive must be chosen; there is no default."""
    w = World()
    given_programme(w)
    given_active_policy(w)
    args = batch_args()
    del args["investment_basis"]
    w.refused(DRAFTER, "batch.open", args, rule="FT-PRG-BATCH-BASIS", field="investment_basis")
    w.refused(
        DRAFTER, "batch.open", batch_args(investment_basis="gross"), rule="FT-PRG-BATCH-BASIS", field="investment_basis"
    )


def test_a3_a_batch_pins_only_an_active_version_of_its_programme() -> None:
    """A3 (GATE): a drafted or merely approved version is not pinned."""
    w = World()
    given_programme(w)
    w.when(DRAFTER, "policy.draft", draft_args())
    w.refused(DRAFTER, "batch.open", batch_args(), rule="FT-PRG-BATCH-POLICY", field="policy_version_id")
    w.when(APPROVER, "policy.approve", approve_args())
    w.refused(DRAFTER, "batch.open", batch_args(), rule="FT-PRG-BATCH-POLICY", field="policy_version_id")
    w.refused(
        DRAFTER, "batch.open", batch_args(policy_version_id="NOPE"), rule="FT-NOT-FOUND", field="policy_version_id"
    )
    w.when(FINANCE, "programme.establish", programme_args("HRB-OTHER"))
    w.refused(DRAFTER, "batch.open", batch_args(programme_id="HRB-OTHER"), rule="FT-PRG-BATCH-POLICY")


def test_hrb_article_18_intake_lies_within_the_pinned_version() -> None:
    """HRB 第十八条: intake cannot run past the version's (and the measures') end, nor backwards."""
    w = World()
    given_programme(w)
    given_active_policy(w)
    w.refused(DRAFTER, "batch.open", batch_args(intake_to="2026-01-15"), rule="FT-PRG-BATCH-WINDOW", field="intake_to")
    w.refused(
        DRAFTER, "batch.open", batch_args(intake_from="2024-10-01"), rule="FT-PRG-BATCH-WINDOW", field="intake_from"
    )
    w.refused(
        DRAFTER,
        "batch.open",
        batch_args(intake_from="2025-05-01", intake_to="2025-04-30"),
        rule="FT-PRG-BATCH-WINDOW",
        field="intake_to",
    )


def test_hrb_article_18_no_new_batch_after_the_end_unless_a_successor_is_registered() -> None:
    """HRB 第十八条 (A23, record clock): on 2026-01-05 a batch opens only under a registered successor."""
    w = World()
    given_programme(w)
    given_active_policy(w)
    w.when(DRAFTER, "policy.draft", draft_args("HRB-2026-v1", successor_params(), effective_from="2026-01-01"))
    w.when(APPROVER, "policy.approve", approve_args("HRB-2026-v1", decided_on="2025-03-01"))
    w.when(DRAFTER, "policy.supersede", {"version_id": V1, "superseded_by": "HRB-2026-v1", "reason": "办法延续"})
    w.when(DRAFTER, "policy.activate", {"version_id": "HRB-2026-v1"})
    in_2026 = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    args = batch_args(
        batch_id="B2026-1", policy_version_id="HRB-2026-v1", intake_from="2026-01-10", intake_to="2026-03-31"
    )
    w.refused(DRAFTER, "batch.open", args, rule="FT-PRG-EXPIRED", field="programme_id", at=in_2026)
    w.when(FINANCE, "programme.register_successor_policy", {"programme_id": PROGRAMME, "version_id": "HRB-2026-v1"})
    w.when(DRAFTER, "batch.open", args, at=in_2026)
    assert w.get(Batch, batch_stream("B2026-1")).parameters().valid_to == "2026-12-31"


def test_hrb_article_8_intake_closes_once() -> None:
    """HRB 第八条 (HRB-8d): 申报截止 is recorded once, at the ledger's time."""
    w = World()
    given_programme(w)
    given_active_policy(w)
    w.when(DRAFTER, "batch.open", batch_args())
    events = w.when(APPROVER, "batch.close_intake", {"batch_id": "B2025-1"})
    assert topics(events) == ["fundtrail.programme.BatchIntakeClosed"]
    b = w.get(Batch, batch_stream("B2025-1"))
    assert not b.intake_open and b.intake_closed_at == "2025-03-03T02:00:00+00:00"
    w.refused(DRAFTER, "batch.close_intake", {"batch_id": "B2025-1"}, rule="FT-PRG-BATCH-STATE", field="batch_id")
    w.refused(FINANCE, "batch.open", batch_args(batch_id="B2"), rule="FT-ROLE")


def test_every_city_command_has_its_cli_path() -> None:
    """The CLI is generated from the catalogue: every command of these features lives under ``city``."""
    from domain.catalogue import CATALOGUE

    names = [c for c in CATALOGUE if c.name.split(".")[0] in {"policy", "programme", "batch"}]
    assert len(names) == 15
    assert all(c.cli is not None and c.cli[0] == "city" and c.cli[1] == c.name.split(".")[0] for c in names)


def test_roles_are_those_of_the_brief() -> None:
    """HRB 第三条: who records what."""
    from domain.catalogue import CATALOGUE

    roles = {c.name: {r.value for r in c.roles} for c in CATALOGUE if c.name.split(".")[0] in {"programme", "batch"}}
    assert roles["programme.record_allocation"] == {Role.CITY_FINANCE.value}
    assert roles["programme.record_second_tranche_release"] == {Role.CITY_GOV_CLERK.value}
    assert roles["programme.establish"] == {Role.CITY_FINANCE.value, Role.CITY_MIIT.value}
    assert roles["batch.open"] == {Role.CITY_MIIT.value}
