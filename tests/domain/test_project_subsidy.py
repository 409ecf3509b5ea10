"""Verified investment and the proposed subsidy (HRB 第四条（一）; A2, A7, A16)."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from domain.clock import command_time
from domain.errors import RuleViolation
from domain.project import EnterpriseAccount
from domain.project import enterprise_account_stream
from tests.domain.test_project_given import BATCH_EXCL
from tests.domain.test_project_given import ENT_A
from tests.domain.test_project_given import PROGRAMME
from tests.domain.test_project_given import WAN
from tests.domain.test_project_given import accepted
from tests.domain.test_project_given import evidence
from tests.domain.test_project_given import project
from tests.domain.test_project_given import propose
from tests.domain.test_project_given import verified
from tests.domain.test_project_given import verify_args
from tests.domain.test_project_given import world

if TYPE_CHECKING:
    from tests.domain.memory import World

CAP = 50 * WAN


def account(w: World) -> EnterpriseAccount:
    return w.get(EnterpriseAccount, enterprise_account_stream(PROGRAMME, ENT_A))


def claimed(w: World, pid: str, lines: list[tuple[str, str, int]], batch: str | None = None) -> None:
    if batch is None:
        accepted(w, pid)
    else:
        accepted(w, pid, batch=batch)
    evidence(w, pid, lines)
    w.when("district", "project.submit_claim", {"project_id": pid})


def test_hrb_article_4_1_an_ineligible_cost_line_is_not_counted() -> None:
    """HRB 第四条（一） (HRB-4.1a): only software, cloud and data-acquisition equipment count; an office PC line
    marked eligible is refused; excluded with a reason it counts 0 and the rest is verified."""
    w = world()
    lines = [("L1", "software", 20 * WAN), ("L2", "office_equipment", 5 * WAN), ("L3", "data_equipment", 3 * WAN)]
    claimed(w, "P1", lines)
    w.refused(
        "miit",
        "project.verify_investment",
        verify_args("P1", lines),
        rule="FT-PRJ-COST-TYPE",
        field="lines[1].eligible",
    )
    args = verify_args("P1", lines)
    args["lines"][1] = {**args["lines"][1], "eligible": False, "counted_fen": 5 * WAN, "reason": "办公电脑"}
    w.refused("miit", "project.verify_investment", args, rule="FT-PRJ-COUNTED", field="lines[1].counted_fen")
    args["lines"][1] = {**args["lines"][1], "counted_fen": 0, "reason": None}
    w.refused("miit", "project.verify_investment", args, rule="FT-PRJ-REASON", field="lines[1].reason")
    args["lines"][1] = {**args["lines"][1], "reason": "办公电脑不属于改造范围"}
    events = w.when("miit", "project.verify_investment", args)
    assert events[0].verified_investment_fen == 23 * WAN
    assert [line["counted_fen"] for line in events[0].lines] == [20 * WAN, 0, 3 * WAN]


def test_a7_a_line_counts_at_most_the_least_of_contract_invoiced_and_paid() -> None:
    """HRB 第四条（一）, A7: counted ≤ min(contract line, invoiced, paid); the allocations cannot exceed the
    invoices and vouchers; every contract line is decided."""
    w = world()
    lines = [("L1", "software", 20 * WAN), ("L2", "cloud", 10 * WAN)]
    claimed(w, "P1", lines)
    args = verify_args("P1", lines)
    args["lines"][0] = {**args["lines"][0], "paid_fen": 15 * WAN}
    e = w.refused("miit", "project.verify_investment", args, rule="FT-PRJ-COUNTED", field="lines[0].counted_fen")
    assert "paid 15" in e.detail.replace("0000000", "")
    over = verify_args("P1", lines)
    over["lines"][1] = {**over["lines"][1], "paid_fen": 20 * WAN}
    w.refused("miit", "project.verify_investment", over, rule="FT-PRJ-COUNTED", field="lines")
    missing = verify_args("P1", lines[:1])
    w.refused("miit", "project.verify_investment", missing, rule="FT-PRJ-COUNTED", field="lines")
    partly = verify_args("P1", lines)
    partly["lines"][0] = {**partly["lines"][0], "paid_fen": 15 * WAN, "counted_fen": 15 * WAN, "reason": "尾款未付"}
    partly["lines"][1] = {**partly["lines"][1], "paid_fen": 5 * WAN}
    w.refused("miit", "project.verify_investment", partly, rule="FT-PRJ-COUNTED", field="lines[1].counted_fen")
    partly["lines"][1] = {**partly["lines"][1], "paid_fen": 10 * WAN}
    assert w.when("miit", "project.verify_investment", partly)[0].verified_investment_fen == 25 * WAN


def test_a7_the_tax_exclusive_basis_counts_the_lines_without_tax() -> None:
    """HRB 第四条（一）, A7: on a tax-exclusive batch a 10.6万 line (6%) counts its 10万 excl amount at most."""
    w = world()
    lines = [("L1", "software", 106_000_00)]
    claimed(w, "P1", lines, batch=BATCH_EXCL)
    w.refused("miit", "project.verify_investment", verify_args("P1", lines), rule="FT-PRJ-COUNTED")
    args = verify_args("P1", lines)
    args["lines"][0]["counted_fen"] = 100_000_00
    events = w.when("miit", "project.verify_investment", args)
    assert (events[0].basis, events[0].verified_investment_fen) == ("tax_exclusive", 100_000_00)


def test_hrb_article_4_1_a_proposal_above_the_ceiling_is_refused() -> None:
    """HRB 第四条（一） (HRB-4.1c): 30万 verified → at most 70%, capped at 18万; 18万 + 1分 is refused."""
    w = world()
    verified(w, "P1", 30 * WAN)
    e = w.refused(
        "miit",
        "project.propose_subsidy",
        {"project_id": "P1", "amount_fen": 18 * WAN + 1},
        rule="FT-PRJ-CEILING",
        field="amount_fen",
    )
    assert "18000000" in e.detail


def test_a2_a_proposal_below_the_ceiling_needs_a_reason_code() -> None:
    """HRB 第四条（一）, A2: "最高不超过" is a ceiling; below it the proposal names why (budget, pro_rata, …)."""
    w = world()
    verified(w, "P1", 30 * WAN)
    w.refused(
        "miit",
        "project.propose_subsidy",
        {"project_id": "P1", "amount_fen": 15 * WAN},
        rule="FT-PRJ-REASON",
        field="reason_code",
    )
    w.refused(
        "miit",
        "project.propose_subsidy",
        {"project_id": "P1", "amount_fen": 15 * WAN, "reason_code": "other"},
        rule="FT-PRJ-REASON",
        field="reason",
    )
    w.refused(
        "miit",
        "project.propose_subsidy",
        {"project_id": "P1", "amount_fen": 15 * WAN, "reason_code": "whim"},
        rule="FT-PRJ-REASON",
        field="reason_code",
    )
    events = propose(w, "P1", 15 * WAN, reason_code="budget")
    assert events[0].explanation["reason_code"] == "budget"
    assert project(w, "P1").proposed_fen == 15 * WAN


def test_hrb_article_4_1_the_split_project_case_caps_the_enterprise_at_50_wan() -> None:
    """HRB 第四条（一） (HRB-4.1d, A2, R1): three 30万 projects → 18万 + 18万 + 14万 = 50万; the third cannot have
    18万. A re-proposal replaces the project's own reservation instead of adding to it."""
    w = world()
    for pid in ("P1", "P2", "P3"):
        verified(w, pid, 30 * WAN)
    propose(w, "P1", 18 * WAN)
    propose(w, "P2", 18 * WAN)
    w.refused(
        "miit", "project.propose_subsidy", {"project_id": "P3", "amount_fen": 18 * WAN}, rule="FT-PRJ-ENTERPRISE-CAP"
    )
    events = propose(w, "P3", 14 * WAN)
    e = events[0].explanation
    assert (e["ceiling_fen"], e["enterprise_total_before_fen"], e["enterprise_total_after_fen"]) == (
        14 * WAN,
        36 * WAN,
        CAP,
    )
    assert [c["binding"] for c in e["caps_applied"]] == [True, True]
    assert account(w).committed_fen == CAP
    assert account(w).reservations == {"P1": 18 * WAN, "P2": 18 * WAN, "P3": 14 * WAN}
    # P1 re-proposed lower (an objection upheld) frees room that P3 may then take
    propose(w, "P1", 16 * WAN, reason_code="partial_evidence")
    assert account(w).committed_fen == 48 * WAN
    propose(w, "P3", 16 * WAN)
    assert account(w).committed_fen == CAP


def test_hrb_article_4_1_the_enterprise_account_refuses_beyond_the_cap() -> None:
    """HRB 第四条（一） (HRB-4.1d, A16): the account itself refuses a reservation past 50万 (a racing proposal, or
    an approval above its proposal), and a release of more than the project holds."""
    w = world()
    verified(w, "P1", 100 * WAN)
    propose(w, "P1", 50 * WAN)
    a = account(w)
    with command_time(w.now):
        with pytest.raises(RuleViolation) as info:
            a.reserve("P2", 1, CAP, "amount_fen")
        assert info.value.rule == "FT-PRJ-ENTERPRISE-CAP"
        with pytest.raises(RuleViolation):
            a.release("P1", 50 * WAN + 1)


# -- property: whatever the sequence, the enterprise never passes 50万 ----------------------------------

_BASE: dict[str, World] = {}


def base_world() -> World:
    """Three verified projects of one enterprise: ceilings 18万, 40万 and 50万 by bracket (108万 together)."""
    if "w" not in _BASE:
        w = world()
        for pid, investment in (("P1", 30 * WAN), ("P2", 80 * WAN), ("P3", 200 * WAN)):
            verified(w, pid, investment)
        _BASE["w"] = w
    return copy.deepcopy(_BASE["w"])


Op = tuple[str, str, int]
ops = st.lists(
    st.tuples(st.sampled_from(["propose", "withdraw"]), st.sampled_from(["P1", "P2", "P3"]), st.integers(1, 60 * WAN)),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops)
def test_hrb_article_4_1_an_enterprise_never_passes_50_wan(sequence: list[Op]) -> None:
    """HRB 第四条（一） (HRB-4.1d): under any sequence of proposals (any amount, with a reason code) and
    withdrawals, the committed total stays within 50万 and equals the sum of the live proposals."""
    w = base_world()
    for kind, pid, amount in sequence:
        args: dict[str, Any] = {"project_id": pid, "amount_fen": amount, "reason_code": "budget"}
        try:
            if kind == "propose":
                w.when("miit", "project.propose_subsidy", args)
            else:
                w.when("miit", "project.withdraw", {"project_id": pid, "reason": "撤回"})
        except RuleViolation:
            pass
        live = {p: project(w, p) for p in ("P1", "P2", "P3")}
        committed = sum(p.proposed_fen or 0 for p in live.values() if p.state == "proposed")
        assert account(w).committed_fen == committed <= CAP
        for p in live.values():
            if p.state == "proposed":
                assert p.proposed_fen is not None and p.ceiling_fen is not None
                assert p.proposed_fen <= p.ceiling_fen
