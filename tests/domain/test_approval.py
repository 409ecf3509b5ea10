"""Approval (市政府审定), story by story: HRB 第三条（一）, 第四条（一）, 第八条, 第十八条; A6, A23, A28.

Given the programme (established, an active policy version, approved targets, a transformation
budget line), enterprises and projects proposed through the features' own commands, and a publicity
that has run its course, 市工信局 submits the amounts to 市政府 and a clerk of 市政府 records the decision.
The givens at the top are shared with tests/domain/test_payment.py and test_clawback.py.
"""

from __future__ import annotations

import copy
import hashlib
from datetime import UTC
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.approval.aggregate import Approval
from domain.approval.aggregate import approval_stream
from domain.approval.aggregate import budget_ref
from domain.policy.params import SEED_PARAMS
from domain.programme.budget import BudgetLine
from domain.programme.budget import budget_line_stream
from domain.project.account import EnterpriseAccount
from domain.project.account import enterprise_account_stream
from domain.roles import Role
from tests.domain import test_project_given as given
from tests.domain.memory import World
from tests.domain.memory import topics

SH = ZoneInfo("Asia/Shanghai")
WAN = given.WAN
PROGRAMME = given.PROGRAMME
BATCH = given.BATCH
VERSION = given.VERSION
ENT_A = given.ENT_A
ENT_B = given.ENT_B
MEASURES = {"doc_no": "哈工信联规〔2024〕1号", "title": "哈尔滨市中小企业数字化转型城市试点专项资金管理办法（暂行）"}
PUBLICITY = "PUB-2025-1"
APPROVAL = "APR-2025-1"


def beijing(y: int, m: int, d: int, h: int = 10, mi: int = 0) -> datetime:
    """A ledger time given in 北京时间."""
    return datetime(y, m, d, h, mi, tzinfo=SH).astimezone(UTC)


AFTER_PUBLICITY = beijing(2025, 3, 12)  # the 5 working days after Monday 2025-03-03 end at 24:00 on 03-10
sha = given.sha


# -- givens (shared) ----------------------------------------------------------------------------------


def world() -> World:
    """The project givens' actors, batch and enterprises, plus 市财政局, 市政府's clerk, a second 市工信局
    officer, a district finance bureau, the task force, and the programme set up through its commands."""
    w = given.world()
    w.actor("miit-2", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor("finance", Role.CITY_FINANCE, org_code="HRB-FIN", org_kind="city_finance")
    w.actor("district-fin", Role.DISTRICT_FINANCE, org_code="HRB-NG-FIN", org_kind="district_finance")
    w.actor("clerk", Role.CITY_GOV_CLERK, org_code="HRB-GOV", org_kind="city_gov")
    w.actor("inspector", Role.INSPECTOR, org_code="HRB-DUCHA", org_kind="task_force")
    programme(w)
    return w


def programme(w: World) -> None:
    """The city pilot fund: established, the seed policy version active, targets approved, 1.5亿 allocated and
    1.2亿 earmarked for transformation subsidies (HRB 第一条, 第八条, 第十三条)."""
    w.when(
        "finance",
        "programme.establish",
        {
            "programme_id": PROGRAMME,
            "name": "哈尔滨市中小企业数字化转型城市试点专项资金",
            "fund_source": "central",
            "legal_basis": [{**MEASURES, "articles": ["第一条", "第十八条"]}],
            "valid_from": "2024-10-15",
            "valid_to": "2025-12-31",
        },
    )
    policy_version(w, VERSION, SEED_PARAMS.to_dict(), "2024-10-15")
    w.when("miit", "policy.activate", {"version_id": VERSION})
    w.when(
        "finance",
        "programme.record_allocation",
        {"programme_id": PROGRAMME, "doc_no": "财建〔2024〕1号", "fiscal_year": 2024, "amount_fen": 15_000 * WAN},
    )
    w.when(
        "miit",
        "programme.set_targets",
        {
            "programme_id": PROGRAMME,
            "target_set_id": "T-2024",
            "indicators": [
                {
                    "id": "I1",
                    "family": "output",
                    "metric": "完成数字化改造的企业数",
                    "unit": "家",
                    "target": "300",
                    "direction": "at_least",
                    "weight_bp": 10_000,
                }
            ],
        },
    )
    w.when(
        "miit-2",
        "programme.approve_targets",
        {"programme_id": PROGRAMME, "target_set_id": "T-2024", "decided_on": "2025-01-10"},
    )
    w.when(
        "finance",
        "programme.open_budget_line",
        {"programme_id": PROGRAMME, "category": "transformation", "amount_fen": 12_000 * WAN},
    )


def policy_version(w: World, version_id: str, params: dict[str, Any], effective_from: str) -> None:
    """Drafted by one 市工信局 officer, approved by another."""
    w.when(
        "miit",
        "policy.draft",
        {
            "version_id": version_id,
            "programme_id": PROGRAMME,
            "parameters": params,
            "source_documents": [{**MEASURES, "articles": ["第四条（一）", "第十一条"]}],
            "effective_from": effective_from,
        },
    )
    w.when(
        "miit-2",
        "policy.approve",
        {"version_id": version_id, "decision_doc_no": "哈工信发〔2024〕88号", "decided_on": effective_from},
    )


def proposed(
    w: World, pid: str, investment_fen: int, amount_fen: int, ent: str = ENT_A, reason_code: str | None = None
) -> None:
    """A project verified at ``investment_fen`` and proposed at ``amount_fen`` (below the ceiling: a reason code)."""
    given.verified(w, pid, investment_fen, ent)
    given.propose(w, pid, amount_fen, reason_code)


def publicise(w: World, entries: dict[str, int], publicity_id: str = PUBLICITY, complete: bool = True) -> None:
    """Listed on Monday 2025-03-03; after the window (AFTER_PUBLICITY) the list is completed."""
    w.when(
        "miit",
        "publicity.start",
        {
            "publicity_id": publicity_id,
            "batch_id": BATCH,
            "list_kind": "transformation_subsidy",
            "entries": [{"subject_id": s, "amount_fen": a} for s, a in entries.items()],
            "channel_url": "https://gxj.harbin.gov.cn/gs/2025-1",
            "content_sha256": sha(f"list:{publicity_id}"),
            "start_on": "2025-03-03",
        },
    )
    if complete:
        w.now = AFTER_PUBLICITY
        w.when("miit", "publicity.complete", {"publicity_id": publicity_id})


def request_args(items: dict[str, int], approval_id: str = APPROVAL, **over: Any) -> dict[str, Any]:
    return {
        "approval_id": approval_id,
        "batch_id": BATCH,
        "publicity_id": PUBLICITY,
        "request_doc_no": "哈工信呈〔2025〕7号",
        "items": [{"project_id": p, "amount_fen": a} for p, a in items.items()],
        **over,
    }


def decision_args(
    approved: dict[str, int], rejected: dict[str, str] | None = None, approval_id: str = APPROVAL, **over: Any
) -> dict[str, Any]:
    return {
        "approval_id": approval_id,
        "decision_doc_no": "哈政批〔2025〕12号",
        "decided_on": "2025-03-12",
        "sha256": sha(f"decision:{approval_id}"),
        "approved": [{"project_id": p, "amount_fen": a} for p, a in approved.items()],
        "rejected": [{"project_id": p, "reason": r} for p, r in (rejected or {}).items()],
        **over,
    }


def publicised(w: World, pid: str = "P-1", investment_fen: int = 20 * WAN, amount_fen: int = 14 * WAN) -> None:
    """Proposed and through publicity without objection."""
    proposed(w, pid, investment_fen, amount_fen)
    publicise(w, {pid: amount_fen})


def approved(
    w: World,
    pid: str = "P-1",
    investment_fen: int = 20 * WAN,
    amount_fen: int = 14 * WAN,
    approve_fen: int | None = None,
) -> None:
    """Through publicity, requested by 市工信局 and approved by 市政府 (at ``approve_fen``, default as proposed)."""
    publicised(w, pid, investment_fen, amount_fen)
    w.when("miit", "approval.request", request_args({pid: amount_fen}))
    w.when("clerk", "approval.record_decision", decision_args({pid: approve_fen or amount_fen}))


def approval(w: World, approval_id: str = APPROVAL) -> Approval:
    return w.get(Approval, approval_stream(approval_id))


def line(w: World) -> BudgetLine:
    return w.get(BudgetLine, budget_line_stream(PROGRAMME, "transformation"))


def account(w: World, ent: str = ENT_A) -> EnterpriseAccount:
    return w.get(EnterpriseAccount, enterprise_account_stream(PROGRAMME, ent))


# -- the request (报市政府审定) --------------------------------------------------------------------------


def test_hrb_article_8_a_request_before_the_publicity_window_ends_is_refused() -> None:
    """HRB 第八条 "经公示，报市政府批准": no request while the entry's window runs (HRB-8b, HRB-8d)."""
    w = world()
    proposed(w, "P-1", 20 * WAN, 14 * WAN)
    publicise(w, {"P-1": 14 * WAN}, complete=False)
    w.refused(
        "miit",
        "approval.request",
        request_args({"P-1": 14 * WAN}),
        rule="FT-APR-PUBLICITY",
        field="items[0].project_id",
    )
    w.now = AFTER_PUBLICITY  # the window has ended: the entry has passed publicity
    events = w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}))
    assert topics(events) == ["fundtrail.approval.Requested"]


def test_hrb_article_8_an_open_objection_blocks_the_request_until_it_is_resolved() -> None:
    """HRB 第八条, A6: "公示期满无异议" — an objection on the entry must be resolved first (HRB-8d)."""
    w = world()
    proposed(w, "P-1", 20 * WAN, 14 * WAN)
    publicise(w, {"P-1": 14 * WAN}, complete=False)
    w.when(
        "miit",
        "publicity.receive_objection",
        {
            "publicity_id": PUBLICITY,
            "objection_id": "OBJ-1",
            "subject_id": "P-1",
            "channel": "信函",
            "content_sha256": "c" * 64,
            "objector_commitment": "b" * 64,
            "received_on": "2025-03-03",
        },
    )
    w.now = AFTER_PUBLICITY
    w.refused(
        "miit",
        "approval.request",
        request_args({"P-1": 14 * WAN}),
        rule="FT-APR-PUBLICITY",
        field="items[0].project_id",
    )
    w.when(
        "miit",
        "publicity.resolve_objection",
        {
            "publicity_id": PUBLICITY,
            "objection_id": "OBJ-1",
            "outcome": "dismissed",
            "reasons": "经核查，合同、发票与银行凭证一致",
            "investigation_sha256": "d" * 64,
        },
    )
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}))
    assert approval(w).items == {"P-1": 14 * WAN}


def test_hrb_article_8_a_project_not_yet_proposed_is_not_submitted() -> None:
    """HRB 第八条, HRB-8d: 确认 (the proposal) comes before 市政府批准."""
    w = world()
    publicised(w)
    given.verified(w, "P-2", 20 * WAN, ENT_B)
    args = request_args({"P-1": 14 * WAN, "P-2": 14 * WAN})
    w.refused("miit", "approval.request", args, rule="FT-APR-STATE", field="items[1].project_id")


def test_hrb_article_3_items_are_distinct_projects_of_the_batch_at_most_as_proposed() -> None:
    """HRB 第三条（一）: 市工信局 submits the amounts it determined — each project once, never more than proposed."""
    w = world()
    publicised(w)
    twice = request_args({"P-1": 14 * WAN}) | {"items": [{"project_id": "P-1", "amount_fen": 14 * WAN}] * 2}
    w.refused("miit", "approval.request", twice, rule="FT-APR-ITEM", field="items[1].project_id")
    w.refused(
        "miit", "approval.request", request_args({"P-1": 14 * WAN + 1}), rule="FT-APR-ITEM", field="items[0].amount_fen"
    )
    w.refused("miit", "approval.request", request_args({"P-404": 1}), rule="FT-NOT-FOUND", field="items[0].project_id")


def test_an_approval_id_is_requested_once() -> None:
    w = world()
    publicised(w)
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}))
    w.refused("miit", "approval.request", request_args({"P-1": 14 * WAN}), rule="FT-APR-UNIQUE", field="approval_id")


def test_hrb_article_3_only_city_miit_submits_to_the_city_government() -> None:
    """HRB 第三条（一）: 市工信局 "确定企业数字化改造奖补额度报市政府审定"; 市财政局 does not."""
    w = world()
    publicised(w)
    w.refused("finance", "approval.request", request_args({"P-1": 14 * WAN}), rule="FT-ROLE")


# -- the decision (市政府审定) --------------------------------------------------------------------------


def test_hrb_article_8_the_decision_approves_the_project_and_commits_the_budget_line() -> None:
    """HRB 第八条 "报市政府批准后发放": the project is approved, the amount committed on the transformation line."""
    w = world()
    publicised(w)
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}))
    events = w.when("clerk", "approval.record_decision", decision_args({"P-1": 14 * WAN}))
    assert "fundtrail.approval.Decided" in topics(events)
    assert "fundtrail.project.Approved" in topics(events)
    assert "fundtrail.programme.BudgetCommitted" in topics(events)
    p = given.project(w, "P-1")
    assert (p.state, p.approved_fen, p.approval_id) == ("approved", 14 * WAN, APPROVAL)
    assert line(w).commitments == {budget_ref("P-1"): 14 * WAN}
    a = approval(w)
    assert (a.status, a.approved, a.decision_doc_no, a.recorded_by) == (
        "decided",
        {"P-1": 14 * WAN},
        "哈政批〔2025〕12号",
        "clerk",
    )


def test_a28_a_lower_amount_is_approved_and_the_enterprise_counter_keeps_the_net() -> None:
    """A28: 市政府 may approve less than proposed; A4: the 50万 counter tracks the net approved amount."""
    w = world()
    publicised(w)
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}))
    assert account(w).reserved_for("P-1") == 14 * WAN
    w.when("clerk", "approval.record_decision", decision_args({"P-1": 12 * WAN}))
    assert account(w).reserved_for("P-1") == 12 * WAN
    assert line(w).committed_fen == 12 * WAN


def test_a28_an_approved_amount_above_the_ceiling_is_refused_even_if_the_document_says_so() -> None:
    """HRB 第四条（一）, A28: above the ceiling is a data error for people to resolve, never recorded as approved."""
    w = world()
    publicised(w)  # ceiling of 20万 × 70% = 14万
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}))
    e = w.refused(
        "clerk",
        "approval.record_decision",
        decision_args({"P-1": 14 * WAN + 1}),
        rule="FT-APR-CEILING",
        field="approved[0].amount_fen",
    )
    assert "A28" in e.detail


def test_a6_an_amount_above_what_passed_publicity_is_not_approved() -> None:
    """HRB 第八条, A6: a higher amount than the one publicised needs a new publicity, even below the ceiling."""
    w = world()
    proposed(w, "P-1", 20 * WAN, 12 * WAN, reason_code="budget")  # ceiling 14万, proposed lower
    publicise(w, {"P-1": 12 * WAN})
    w.when("miit", "approval.request", request_args({"P-1": 12 * WAN}))
    w.refused(
        "clerk",
        "approval.record_decision",
        decision_args({"P-1": 13 * WAN}),
        rule="FT-APR-PUBLICITY",
        field="approved[0].amount_fen",
    )


def test_hrb_article_3_segregation_of_duties_by_person() -> None:
    """HRB 第三条（一）, docs/decisions.md §8: the proposer never records the approval of its own proposal."""
    w = world()
    w.actor("miit-clerk", Role.CITY_MIIT, Role.CITY_GOV_CLERK, org_code="HRB-GOV", org_kind="city_gov")
    publicised(w)
    w.when("miit-clerk", "approval.request", request_args({"P-1": 14 * WAN}))
    w.refused(
        "miit-clerk",
        "approval.record_decision",
        decision_args({"P-1": 14 * WAN}),
        rule="FT-APR-SOD",
        field="envelope.actor",
    )


def test_hrb_article_3_segregation_of_duties_by_organisation() -> None:
    """HRB 第三条（一）: 市工信局 proposes, 市政府 decides — a clerk of 市工信局 may not record 市政府's decision."""
    w = world()
    w.actor("miit-side-clerk", Role.CITY_GOV_CLERK, org_code="HRB-MIIT", org_kind="city_miit")
    publicised(w)
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}))
    w.refused("miit-side-clerk", "approval.record_decision", decision_args({"P-1": 14 * WAN}), rule="FT-APR-SOD")
    w.when("clerk", "approval.record_decision", decision_args({"P-1": 14 * WAN}))


def test_the_decision_disposes_of_every_item_exactly_once() -> None:
    """HRB 第三条（一）: 审定 answers the request — approved or rejected, each item once, nothing else."""
    w = world()
    proposed(w, "P-1", 20 * WAN, 14 * WAN)
    proposed(w, "P-2", 20 * WAN, 14 * WAN, ENT_B)
    publicise(w, {"P-1": 14 * WAN, "P-2": 14 * WAN})
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN, "P-2": 14 * WAN}))
    w.refused(
        "clerk", "approval.record_decision", decision_args({"P-1": 14 * WAN}), rule="FT-APR-COVER", field="approved"
    )
    both = decision_args({"P-1": 14 * WAN}, {"P-1": "重复"})
    w.refused("clerk", "approval.record_decision", both, rule="FT-APR-COVER", field="rejected[0].project_id")
    stranger = decision_args({"P-1": 14 * WAN, "P-9": 1}, {"P-2": "x"})
    w.refused("clerk", "approval.record_decision", stranger, rule="FT-APR-COVER", field="approved[1].project_id")
    w.when("clerk", "approval.record_decision", decision_args({"P-1": 14 * WAN}, {"P-2": "改造内容与申报不符"}))
    assert approval(w).rejected == {"P-2": "改造内容与申报不符"}
    assert given.project(w, "P-2").state == "proposed"
    assert line(w).committed_fen == 14 * WAN


def test_one_decision_per_request_and_its_date_is_not_in_the_future() -> None:
    """docs/decisions.md §10: decided_on is a business date not after the ledger's local date."""
    w = world()
    publicised(w)
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}))
    w.refused(
        "clerk",
        "approval.record_decision",
        decision_args({"P-1": 14 * WAN}, decided_on="2025-03-13"),
        rule="FT-DATE",
        field="decided_on",
    )
    w.when("clerk", "approval.record_decision", decision_args({"P-1": 14 * WAN}))
    w.refused(
        "clerk", "approval.record_decision", decision_args({"P-1": 14 * WAN}), rule="FT-APR-ONCE", field="approval_id"
    )


def test_hrb_article_18_no_approval_after_2025_12_31_without_a_successor_policy() -> None:
    """HRB 第十八条, A23: the measures run "至2025年12月31日止"; after that (ledger local date) no new approval."""
    w = world()
    publicised(w)
    w.now = beijing(2026, 1, 5)
    w.refused("miit", "approval.request", request_args({"P-1": 14 * WAN}), rule="FT-APR-VALIDITY", field="approval_id")


def test_hrb_article_18_a_registered_successor_policy_continues_approvals() -> None:
    """HRB 第十八条 "研究确定是否继续实施", 第十九条: a successor version lets approvals go on after 2025-12-31."""
    w = world()
    publicised(w)
    w.now = beijing(2026, 1, 5)
    params = copy.deepcopy(SEED_PARAMS.to_dict()) | {"valid_from": "2026-01-01", "valid_to": "2026-12-31"}
    policy_version(w, "HRB-PV-2", params, "2026-01-01")
    w.when("miit", "programme.register_successor_policy", {"programme_id": PROGRAMME, "version_id": "HRB-PV-2"})
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}))
    w.when("clerk", "approval.record_decision", decision_args({"P-1": 14 * WAN}, decided_on="2026-01-05"))
    assert given.project(w, "P-1").state == "approved"


def test_hrb_article_18_a_decision_recorded_after_the_end_is_refused_too() -> None:
    """HRB 第十八条: recording the approval itself is a new approval (by the ledger's local date)."""
    w = world()
    publicised(w)
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}))
    w.now = beijing(2026, 1, 5)
    w.refused("clerk", "approval.record_decision", decision_args({"P-1": 14 * WAN}), rule="FT-APR-VALIDITY")


def test_digest_of_the_decision_document_is_recorded() -> None:
    """docs/decisions.md §8, §11: the 市政府 decision enters as a document: number, date, content hash."""
    w = world()
    approved(w)
    a = approval(w)
    assert (a.decided_on, a.decision_sha256) == (
        "2025-03-12",
        hashlib.sha256(f"decision:{APPROVAL}".encode()).hexdigest(),
    )


def test_hrb_article_8_a_project_withdrawn_after_the_request_is_not_approved() -> None:
    """HRB 第八条, HRB-8d: only a project still proposed is approved; the decision is refused, not half-recorded."""
    w = world()
    publicised(w)
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}))
    w.when("miit", "project.withdraw", {"project_id": "P-1", "reason": "企业主动放弃"})
    w.refused(
        "clerk",
        "approval.record_decision",
        decision_args({"P-1": 14 * WAN}),
        rule="FT-APR-STATE",
        field="approved[0].project_id",
    )
    w.when("clerk", "approval.record_decision", decision_args({}, {"P-1": "企业已撤回"}))
    assert approval(w).rejected == {"P-1": "企业已撤回"}


# -- found in review: the decision judges the subject as it stands when it is recorded -----------------------


def test_a2_a_project_proposed_again_lower_after_the_request_is_not_approved_above_it() -> None:
    """HRB 第四条（一） (the enterprise's 50万, A2): P-1 requested at 50万, then proposed again at 10万 (its
    reservation drops), P-2 takes the freed 40万 — the decision cannot then approve P-1 at the old 50万."""
    w = world()
    proposed(w, "P-1", 100 * WAN, 50 * WAN)
    publicise(w, {"P-1": 50 * WAN})
    w.when("miit", "approval.request", request_args({"P-1": 50 * WAN}))
    given.propose(w, "P-1", 10 * WAN, "budget")
    proposed(w, "P-2", 100 * WAN, 40 * WAN, reason_code="budget")
    w.refused(
        "clerk",
        "approval.record_decision",
        decision_args({"P-1": 50 * WAN}),
        rule="FT-APR-ITEM",
        field="approved[0].amount_fen",
    )
    w.when("clerk", "approval.record_decision", decision_args({"P-1": 10 * WAN}))
    assert account(w).committed_fen == 50 * WAN  # 10万 approved + 40万 proposed: never above the cap


def test_a6_an_objection_recorded_after_the_request_blocks_the_decision() -> None:
    """A6 "公示期满无异议": an objection received within the window but recorded after the request reopens the
    entry; 市政府's decision is not recorded on it until the objection is resolved."""
    w = world()
    publicised(w)
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}))
    objection = {
        "publicity_id": PUBLICITY,
        "objection_id": "O-LATE",
        "subject_id": "P-1",
        "channel": "信函",
        "content_sha256": sha("o-late"),
        "objector_commitment": sha("objector"),
        "received_on": "2025-03-07",
    }
    w.when("miit", "publicity.receive_objection", objection)
    w.refused(
        "clerk",
        "approval.record_decision",
        decision_args({"P-1": 14 * WAN}),
        rule="FT-APR-PUBLICITY",
        field="approved[0].project_id",
    )


def test_hrb_article_8_a_rejected_project_is_requested_again_only_once_proposed_again() -> None:
    """docs/decisions.md §30: 市政府's rejection is answered by a corrected proposal, not by asking again."""
    w = world()
    publicised(w)
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}, approval_id="APR-A"))
    w.when("clerk", "approval.record_decision", decision_args({}, {"P-1": "材料不全"}, approval_id="APR-A"))
    again = request_args({"P-1": 14 * WAN}, approval_id="APR-B")
    w.refused("miit", "approval.request", again, rule="FT-APR-STATE", field="items[0].project_id")
    given.propose(w, "P-1", 12 * WAN, "budget")
    w.when("miit", "approval.request", request_args({"P-1": 12 * WAN}, approval_id="APR-B"))


def test_hrb_article_8_a_project_approved_in_one_decision_is_not_rejected_in_another() -> None:
    w = world()
    publicised(w)
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}, approval_id="APR-A"))
    w.when("miit", "approval.request", request_args({"P-1": 14 * WAN}, approval_id="APR-B"))
    w.when("clerk", "approval.record_decision", decision_args({"P-1": 14 * WAN}, approval_id="APR-A"))
    w.refused(
        "clerk",
        "approval.record_decision",
        decision_args({}, {"P-1": "不予批准"}, approval_id="APR-B"),
        rule="FT-APR-STATE",
        field="rejected[0].project_id",
    )


def test_a6_an_entry_withdrawn_on_an_upheld_objection_is_listed_again_only_once_proposed_again() -> None:
    """A6: an upheld objection withdraws the entry; the same proposal, unchanged, is not put on a new list."""
    w = world()
    proposed(w, "P-1", 20 * WAN, 14 * WAN)
    publicise(w, {"P-1": 14 * WAN}, complete=False)
    objection = {
        "publicity_id": PUBLICITY,
        "objection_id": "O1",
        "subject_id": "P-1",
        "channel": "信函",
        "content_sha256": sha("o1"),
        "objector_commitment": sha("objector"),
        "received_on": "2025-03-03",
    }
    w.when("miit", "publicity.receive_objection", objection)
    resolution = {
        "publicity_id": PUBLICITY,
        "objection_id": "O1",
        "outcome": "upheld",
        "reasons": "发票与合同不符",
        "investigation_sha256": sha("inv"),
        "action": "withdraw",
    }
    w.when("miit", "publicity.resolve_objection", resolution)
    w.now = beijing(2025, 3, 5)
    relist = {
        "publicity_id": "PUB-2",
        "batch_id": BATCH,
        "list_kind": "transformation_subsidy",
        "entries": [{"subject_id": "P-1", "amount_fen": 14 * WAN}],
        "channel_url": "https://gxj.harbin.gov.cn/gs/2025-2",
        "content_sha256": sha("list:PUB-2"),
        "start_on": "2025-03-05",
    }
    w.refused("miit", "publicity.start", relist, rule="FT-PUB-SUBJECT", field="entries[0].subject_id")
    given.propose(w, "P-1", 12 * WAN, "budget")
    w.when("miit", "publicity.start", relist | {"entries": [{"subject_id": "P-1", "amount_fen": 12 * WAN}]})
