"""Procured public services (政府采购), story by story: HRB 第四条（三）1、3、4, 第四条（四）, 第七条, 第十条, 第十八条.

Given the programme (1.5亿 allocated, 1.2亿 = 80% earmarked for transformation subsidies, the seed policy
active) and budget lines for the promotion centre (1020万), training (70万), route planning (120万) and
tracking monitoring (400万), 市工信局 publishes a notice, records the award and signs the contract (which
commits the category's line), accepts deliverables, and 市财政局 pays against them. The givens at the top
are shared with tests/test_procurement_ledger.py, which runs them on a real ledger.
"""

from __future__ import annotations

import copy
from datetime import UTC
from datetime import datetime
from typing import Any

import pytest

from domain.clock import command_time
from domain.payment.aggregate import BankSerialClaim
from domain.payment.aggregate import bank_serial_stream
from domain.policy.params import SEED_CATEGORY_CAPS
from domain.policy.params import SEED_PARAMS
from domain.policy.params import SUPPORT_MODE_LABELS
from domain.procurement.aggregate import Procurement
from domain.procurement.aggregate import procurement_stream
from domain.procurement.terms import METHOD_LABELS
from domain.procurement.terms import Method
from domain.programme.budget import BudgetLine
from domain.programme.budget import budget_line_stream
from domain.roles import Role
from tests.domain import test_approval as apr
from tests.domain import test_project_given as given
from tests.domain.memory import World
from tests.domain.memory import topics

WAN = given.WAN
PROGRAMME = given.PROGRAMME
TODAY = "2025-03-03"  # the ledger's local date in the givens (2025-03-03 10:00 北京时间)
LINES = {"centre": 1020 * WAN, "training": 70 * WAN, "route": 120 * WAN, "monitoring": 400 * WAN}
SUPPLIER = given.uscc("91230109MA5000001")
SUPPLIER_2 = given.uscc("91230109MA5000002")
sha = given.sha


# -- givens (shared with tests/test_procurement_ledger.py) ---------------------------------------------


def actors(w: World) -> None:
    """市工信局 (two officers), 市财政局 (two officers): the second of each office races the first."""
    w.actor("miit", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor("miit-2", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor("finance", Role.CITY_FINANCE, org_code="HRB-FIN", org_kind="city_finance")
    w.actor("finance-2", Role.CITY_FINANCE, org_code="HRB-FIN", org_kind="city_finance")


def open_line(w: World, category: str, amount_fen: int) -> None:
    w.when(
        "finance",
        "programme.open_budget_line",
        {"programme_id": PROGRAMME, "category": category, "amount_fen": amount_fen},
    )


def harbin(w: World, lines: dict[str, int] | None = None) -> World:
    """The actors, the programme through its own commands, and the public-service budget lines."""
    actors(w)
    apr.programme(w)
    for category, amount in (LINES if lines is None else lines).items():
        open_line(w, category, amount)
    return w


def world(lines: dict[str, int] | None = None) -> World:
    return harbin(World(), lines)


def notice_args(pid: str, category: str = "training", budget_fen: int = 60 * WAN, **over: Any) -> dict[str, Any]:
    return {
        "procurement_id": pid,
        "programme_id": PROGRAMME,
        "category": category,
        "title": f"{category} 服务采购 {pid}",
        "method": "open_tender",
        "notice_ref": f"HRBZC-2025-{pid}",
        "noticed_on": "2025-02-10",
        "budget_fen": budget_fen,
        **over,
    }


def award_args(pid: str, amount_fen: int, supplier: str = SUPPLIER, **over: Any) -> dict[str, Any]:
    return {
        "procurement_id": pid,
        "award_ref": f"ZB-{pid}",
        "awarded_on": "2025-02-20",
        "supplier_uscc": supplier,
        "supplier_name": "哈尔滨数智服务有限公司",
        "amount_fen": amount_fen,
        **over,
    }


def contract_args(pid: str, amount_fen: int, **over: Any) -> dict[str, Any]:
    return {
        "procurement_id": pid,
        "contract_no": f"HT-{pid}",
        "contract_sha256": sha(f"contract:{pid}"),
        "amount_fen": amount_fen,
        "signed_on": "2025-02-25",
        "start_on": "2025-03-01",
        "end_on": "2025-12-31",
        **over,
    }


def accept_args(pid: str, did: str, amount_fen: int, result: str = "passed", **over: Any) -> dict[str, Any]:
    return {
        "procurement_id": pid,
        "deliverable_id": did,
        "title": f"交付成果 {did}",
        "amount_fen": amount_fen,
        "result": result,
        "report_sha256": sha(f"report:{pid}:{did}:{result}"),
        "accepted_on": "2025-03-01",
        **over,
    }


def pay_args(pid: str, no: str, did: str, amount_fen: int, **over: Any) -> dict[str, Any]:
    return {
        "procurement_id": pid,
        "payment_no": no,
        "deliverable_id": did,
        "amount_fen": amount_fen,
        "bank_serial": f"BS-{pid}-{no}",
        "value_date": TODAY,
        **over,
    }


def amend_args(pid: str, no: str, amount_fen: int, **over: Any) -> dict[str, Any]:
    return {
        "procurement_id": pid,
        "amendment_no": no,
        "sha256": sha(f"amendment:{pid}:{no}"),
        "amount_fen": amount_fen,
        "reason": "服务内容调整",
        "signed_on": TODAY,
        **over,
    }


def awarded(w: World, pid: str, category: str, amount_fen: int, actor: str = "miit") -> None:
    """A notice for ``amount_fen`` in ``category``, awarded at that amount (to be contracted)."""
    w.when(actor, "procurement.publish_notice", notice_args(pid, category, amount_fen))
    w.when(actor, "procurement.record_award", award_args(pid, amount_fen))


def contracted(w: World, pid: str, category: str, amount_fen: int) -> None:
    awarded(w, pid, category, amount_fen)
    w.when("miit", "procurement.sign_contract", contract_args(pid, amount_fen))


def procurement(w: World, pid: str) -> Procurement:
    return w.get(Procurement, procurement_stream(pid))


def line(w: World, category: str) -> BudgetLine:
    return w.get(BudgetLine, budget_line_stream(PROGRAMME, category))


# -- the whole story --------------------------------------------------------------------------------------


def test_hrb_article_10_notice_award_contract_acceptance_payment() -> None:
    """HRB 第十条 (HRB-10): a procured item carries its procurement references from notice to payment; the
    contract commits the training line (第四条（三）3); 市财政局 pays only what 市工信局 accepted."""
    w = world()
    events = w.when("miit", "procurement.publish_notice", notice_args("PX-1"))
    assert topics(events) == ["fundtrail.procurement.Noticed", "fundtrail.procurement.Claimed"]
    assert (events[0].article, events[0].category_cap_fen, events[0].line_uncommitted_fen) == (
        "第四条（三）3",
        70 * WAN,
        70 * WAN,
    )
    events = w.when("miit", "procurement.record_award", award_args("PX-1", 58 * WAN))
    assert topics(events) == ["fundtrail.procurement.Awarded"]
    assert (events[0].award_kind, events[0].supplier_uscc) == ("won_tender", SUPPLIER)
    events = w.when("miit", "procurement.sign_contract", contract_args("PX-1", 58 * WAN))
    assert topics(events) == [
        "fundtrail.procurement.ContractSigned",
        "fundtrail.programme.BudgetCommitted",
        "fundtrail.procurement.Claimed",
        "fundtrail.procurement.Claimed",
    ]
    assert events[0].warnings == []
    assert events[0].commitment == {
        "category": "training",
        "amount_fen": 58 * WAN,
        "line_cap_fen": 70 * WAN,
        "line_committed_fen": 0,
        "category_cap_fen": 70 * WAN,
        "policy_version_id": given.VERSION,
    }
    assert line(w, "training").commitments == {"procurement:PX-1": 58 * WAN}
    w.when("miit", "procurement.accept_deliverable", accept_args("PX-1", "D1", 20 * WAN))
    w.when("miit", "procurement.accept_deliverable", accept_args("PX-1", "D2", 38 * WAN))
    events = w.when("finance", "procurement.record_payment", pay_args("PX-1", "F1", "D1", 20 * WAN))
    assert topics(events) == ["fundtrail.procurement.PaymentRecorded", "fundtrail.payment.BankSerialClaimed"]
    assert (events[0].payee_uscc, events[0].paid_total_fen) == (SUPPLIER, 20 * WAN)
    w.when("finance", "procurement.record_payment", pay_args("PX-1", "F2", "D2", 38 * WAN))
    p = procurement(w, "PX-1")
    assert (p.status, p.contract_fen, p.accepted_fen, p.paid_fen) == ("contracted", 58 * WAN, 58 * WAN, 58 * WAN)
    assert p.contract is not None and p.contract["contract_no"] == "HT-PX-1" and p.notice_ref == "HRBZC-2025-PX-1"
    claim = w.get(BankSerialClaim, bank_serial_stream("BS-PX-1-F2"))
    assert (claim.purpose, claim.ref) == ("procurement", "PX-1/F2")


def test_hrb_article_7_the_support_mode_government_procurement_is_on_notice_award_and_contract() -> None:
    """HRB 第七条 (HRB-7): 财政补助、以奖代补、政府采购 — every procured item records 政府采购."""
    assert SUPPORT_MODE_LABELS["government_procurement"][0] == "政府采购"
    assert {zh for zh, _ in SUPPORT_MODE_LABELS.values()} == {"财政补助", "以奖代补", "政府采购"}
    w = world()
    notice = w.when("miit", "procurement.publish_notice", notice_args("PX-1"))
    award = w.when("miit", "procurement.record_award", award_args("PX-1", 50 * WAN))
    contract = w.when("miit", "procurement.sign_contract", contract_args("PX-1", 50 * WAN))
    assert [e.support_mode for e in (notice[0], award[0], contract[0])] == ["government_procurement"] * 3
    assert procurement(w, "PX-1").support_mode == "government_procurement"


# -- what may be procured, how, with which references -----------------------------------------------------


@pytest.mark.parametrize(
    ("category", "article"),
    [
        ("centre", "第四条（三）1"),
        ("training", "第四条（三）3"),
        ("route", "第四条（三）4"),
        ("monitoring", "第四条（四）"),
    ],
)
def test_hrb_article_4_the_four_procured_categories(category: str, article: str) -> None:
    """HRB 第四条（三）1、3、4 and （四）: the public services the city buys, each under its article."""
    w = world()
    w.when("miit", "procurement.publish_notice", notice_args("P-1", category, 50 * WAN))
    assert (procurement(w, "P-1").category, procurement(w, "P-1").article) == (category, article)


@pytest.mark.parametrize("category", ["diagnosis", "transformation", "ecosystem", "product_xkqz", "canteen"])
def test_hrb_article_4_other_directions_are_not_procured_here(category: str) -> None:
    """HRB 第四条（三）2 is an award (以奖代补, 第九条); （一）（二）（五）（六） are not public-service purchases."""
    w = world()
    w.refused(
        "miit",
        "procurement.publish_notice",
        notice_args("P-1", category),
        rule="FT-PCM-CATEGORY",
        field="category",
    )


def test_hrb_article_10_the_methods_of_the_procurement_law() -> None:
    """HRB 第十条 → 政府采购法 第二十六条 (+ 竞争性磋商, 框架协议): a tender ends in 中标, the others in 成交."""
    assert [METHOD_LABELS[m.value][0] for m in Method] == [
        "公开招标",
        "邀请招标",
        "竞争性谈判",
        "竞争性磋商",
        "询价",
        "单一来源",
        "框架协议",
    ]
    w = world()
    w.refused(
        "miit",
        "procurement.publish_notice",
        notice_args("P-0", method="lowest_bidder_by_phone"),
        rule="FT-PCM-METHOD",
        field="method",
    )
    for n, method in enumerate(Method):
        pid = f"P-{n}"
        w.when("miit", "procurement.publish_notice", notice_args(pid, "centre", 10 * WAN, method=method.value))
        events = w.when("miit", "procurement.record_award", award_args(pid, 10 * WAN))
        expected = "won_tender" if method in (Method.OPEN_TENDER, Method.INVITED_TENDER) else "concluded"
        assert events[0].award_kind == expected, method


def test_hrb_article_10_procurement_references_are_recorded_as_printed() -> None:
    """HRB 第十条 (HRB-10, FT-PCM-REFERENCES): notice, award and contract references are required and never
    blank; the supplier is named by a valid 统一社会信用代码 (GB 32100-2015)."""
    w = world()
    w.refused(
        "miit",
        "procurement.publish_notice",
        notice_args("P-1", notice_ref="   "),
        rule="FT-PCM-REFERENCES",
        field="notice_ref",
    )
    no_ref = notice_args("P-1")
    del no_ref["notice_ref"]
    w.refused("miit", "procurement.publish_notice", no_ref, rule="FT-FIELD", field="notice_ref")
    w.when("miit", "procurement.publish_notice", notice_args("P-1"))
    w.refused(
        "miit",
        "procurement.record_award",
        award_args("P-1", 50 * WAN, award_ref=""),
        rule="FT-PCM-REFERENCES",
        field="award_ref",
    )
    w.refused(
        "miit",
        "procurement.record_award",
        award_args("P-1", 50 * WAN, supplier=SUPPLIER[:-1] + ("0" if SUPPLIER[-1] != "0" else "1")),
        rule="FT-ENT-USCC",
        field="supplier_uscc",
    )
    w.when("miit", "procurement.record_award", award_args("P-1", 50 * WAN))
    w.refused(
        "miit",
        "procurement.sign_contract",
        contract_args("P-1", 50 * WAN, contract_no=" "),
        rule="FT-PCM-REFERENCES",
        field="contract_no",
    )
    w.refused(
        "miit",
        "procurement.sign_contract",
        contract_args("P-1", 50 * WAN, contract_sha256="ABC"),
        rule="FT-FIELD",
        field="contract_sha256",
    )


def test_hrb_article_10_one_id_one_notice_lot_one_contract_number_one_file() -> None:
    """HRB 第十条 (FT-PCM-UNIQUE) and docs/decisions.md §11 (FT-PCM-REUSE): a notice (and lot), a contract
    number and a file each serve one procurement step; lots of one notice are separate items."""
    w = world()
    w.when("miit", "procurement.publish_notice", notice_args("P-1", "monitoring", 100 * WAN, lot="1"))
    w.refused(
        "miit",
        "procurement.publish_notice",
        notice_args("P-1", "monitoring", 100 * WAN, lot="2"),
        rule="FT-PCM-UNIQUE",
        field="procurement_id",
    )
    same_lot = notice_args("P-2", "monitoring", 100 * WAN, lot="1", notice_ref="HRBZC-2025-P-1")
    w.refused("miit", "procurement.publish_notice", same_lot, rule="FT-PCM-REUSE", field="lot")
    w.when("miit", "procurement.publish_notice", {**same_lot, "lot": "2"})
    w.when("miit", "procurement.publish_notice", notice_args("P-3", "centre", 100 * WAN))
    w.refused(
        "miit",
        "procurement.publish_notice",
        notice_args("P-4", "centre", 100 * WAN, notice_ref="HRBZC-2025-P-3"),
        rule="FT-PCM-REUSE",
        field="notice_ref",
    )
    for pid in ("P-1", "P-2"):
        w.when("miit", "procurement.record_award", award_args(pid, 100 * WAN))
    w.when("miit", "procurement.sign_contract", contract_args("P-1", 100 * WAN))
    w.refused(
        "miit",
        "procurement.sign_contract",
        contract_args("P-2", 100 * WAN, contract_no="HT-P-1"),
        rule="FT-PCM-REUSE",
        field="contract_no",
    )
    e = w.refused(
        "miit",
        "procurement.sign_contract",
        contract_args("P-2", 100 * WAN, contract_sha256=sha("contract:P-1")),
        rule="FT-PCM-REUSE",
        field="contract_sha256",
    )
    assert "contract file of procurement P-1" in e.detail
    w.when("miit", "procurement.sign_contract", contract_args("P-2", 100 * WAN))
    w.when("miit", "procurement.accept_deliverable", accept_args("P-1", "D1", 10 * WAN))
    w.refused(
        "miit",
        "procurement.accept_deliverable",
        accept_args("P-2", "D1", 10 * WAN, report_sha256=sha("report:P-1:D1:passed")),
        rule="FT-PCM-REUSE",
        field="report_sha256",
    )


# -- budget, caps and the 20% outside the earmark ----------------------------------------------------------


def test_hrb_article_10_procurement_follows_the_approved_budget() -> None:
    """HRB 第十条 (政府采购法 第六条, FT-PCM-BUDGET): no notice without the category's budget line; its budget
    fits what the line leaves uncommitted, after the contracts already signed."""
    w = world(lines={"training": 70 * WAN})
    w.refused(
        "miit",
        "procurement.publish_notice",
        notice_args("P-1", "route", 50 * WAN),
        rule="FT-PCM-BUDGET",
        field="category",
    )
    w.refused(
        "miit",
        "procurement.publish_notice",
        notice_args("P-1", "training", 70 * WAN + 1),
        rule="FT-PCM-BUDGET",
        field="budget_fen",
    )
    contracted(w, "P-1", "training", 50 * WAN)
    e = w.refused(
        "miit",
        "procurement.publish_notice",
        notice_args("P-2", "training", 20 * WAN + 1),
        rule="FT-PCM-BUDGET",
        field="budget_fen",
    )
    assert "20000000 分" in e.detail and "第四条（三）3" in e.detail
    w.when("miit", "procurement.publish_notice", notice_args("P-2", "training", 20 * WAN))


@pytest.mark.parametrize("category", ["centre", "training", "route", "monitoring"])
def test_hrb_article_4_3_and_4_4_contracts_never_pass_the_category_cap(category: str) -> None:
    """HRB 第四条（三）1 ≤ 1020万, （三）3 ≤ 70万, （三）4 ≤ 120万, （四） ≤ 400万 (HRB-4.3/4.4, FT-PCM-CAP): two
    contracts of the category fill it to the 分; one 分 more is refused."""
    cap = SEED_CATEGORY_CAPS[category]
    w = world()
    first = cap // 3
    contracted(w, "P-1", category, first)
    awarded(w, "P-2", category, cap - first)
    w.when("miit", "procurement.publish_notice", notice_args("P-3", category, 1, notice_ref="HRBZC-2025-P-3"))
    w.when("miit", "procurement.record_award", award_args("P-3", 1))
    w.when("miit", "procurement.sign_contract", contract_args("P-2", cap - first))
    assert line(w, category).committed_fen == cap
    e = w.refused("miit", "procurement.sign_contract", contract_args("P-3", 1), rule="FT-PCM-CAP", field="amount_fen")
    assert "exceeds the 0 分" in e.detail
    assert procurement(w, "P-3").status == "awarded"


def test_domain_rules_1_3_the_caps_exceed_the_twenty_percent_left_outside_the_earmark() -> None:
    """Domain rules §1.3: N7+N8+N10..N14 = 3010万 but 1.5亿 leaves 3000万 outside the 80% (HRB 第八条): the
    last category earmarked stands below its cap, and a contract under the 400万 cap of 第四条（四） but
    above its 390万 line is refused (FT-PCM-CAP names the line); both limits hold together."""
    assert sum(SEED_CATEGORY_CAPS.values()) == 3010 * WAN
    w = world(lines={})
    for category in ("product_xkqz", "product_chain", "diagnosis", "centre", "training", "route"):
        open_line(w, category, SEED_CATEGORY_CAPS[category])
    w.refused(
        "finance",
        "programme.open_budget_line",
        {"programme_id": PROGRAMME, "category": "monitoring", "amount_fen": 400 * WAN},
        rule="FT-PRG-BUDGET-TOTAL",
    )
    open_line(w, "monitoring", 390 * WAN)
    w.when("miit", "procurement.publish_notice", notice_args("P-1", "monitoring", 390 * WAN))
    w.refused(
        "miit",
        "procurement.publish_notice",
        notice_args("P-2", "monitoring", 395 * WAN),
        rule="FT-PCM-BUDGET",
        field="budget_fen",
    )
    w.when("miit", "procurement.record_award", award_args("P-1", 380 * WAN))
    w.when("miit", "procurement.sign_contract", contract_args("P-1", 380 * WAN))
    # a raise of 15万 is within 10% of 380万 and keeps the contract under the 400万 cap, but not the line
    e = w.refused(
        "miit",
        "procurement.amend_contract",
        amend_args("P-1", "BG-1", 395 * WAN),
        rule="FT-PCM-CAP",
        field="amount_fen",
    )
    assert "bound by its budget line" in e.detail
    w.when("miit", "procurement.amend_contract", amend_args("P-1", "BG-1", 390 * WAN))
    assert line(w, "monitoring").available_fen == 0
    assert sum(line(w, c).cap_fen for c in SEED_CATEGORY_CAPS) == 3000 * WAN  # the 20% of 1.5亿


def test_hrb_article_4_a_lowered_cap_of_a_later_policy_version_binds_the_contracts() -> None:
    """HRB 第四条（三）3 and 第十九条: the cap is the active policy version's; a version that lowers training to
    50万 binds a line opened at 70万 under the seed version (FT-PCM-CAP names the cap)."""
    w = world()
    awarded(w, "P-1", "training", 60 * WAN)
    params = copy.deepcopy(SEED_PARAMS.to_dict())
    params["category_caps_fen"]["training"] = 50 * WAN
    apr.policy_version(w, "HRB-PV-2", params, "2025-03-01")
    w.when(
        "miit", "policy.supersede", {"version_id": given.VERSION, "superseded_by": "HRB-PV-2", "reason": "调整培训上限"}
    )
    w.when("miit", "policy.activate", {"version_id": "HRB-PV-2"})
    e = w.refused(
        "miit", "procurement.sign_contract", contract_args("P-1", 60 * WAN), rule="FT-PCM-CAP", field="amount_fen"
    )
    assert "category cap" in e.detail and "HRB-PV-2" in e.detail


# -- order, award, contract ------------------------------------------------------------------------------


def test_hrb_article_10_notice_award_contract_in_this_order_once_each() -> None:
    """HRB 第十条 (FT-PCM-ORDER): no contract before the award, one award, one contract; acceptance and
    payment follow the contract."""
    w = world()
    w.when("miit", "procurement.publish_notice", notice_args("P-1"))
    w.refused("miit", "procurement.sign_contract", contract_args("P-1", 50 * WAN), rule="FT-PCM-ORDER")
    w.refused("miit", "procurement.accept_deliverable", accept_args("P-1", "D1", WAN), rule="FT-PCM-ORDER")
    w.refused("finance", "procurement.record_payment", pay_args("P-1", "F1", "D1", WAN), rule="FT-PCM-ORDER")
    w.when("miit", "procurement.record_award", award_args("P-1", 50 * WAN))
    w.refused(
        "miit",
        "procurement.record_award",
        award_args("P-1", 50 * WAN),
        rule="FT-PCM-ORDER",
        field="procurement_id",
    )
    w.when("miit", "procurement.sign_contract", contract_args("P-1", 50 * WAN))
    w.refused(
        "miit",
        "procurement.sign_contract",
        contract_args("P-1", 50 * WAN, contract_no="HT-2", contract_sha256=sha("other")),
        rule="FT-PCM-ORDER",
    )
    w.refused(
        "miit",
        "procurement.record_award",
        award_args("P-1", 50 * WAN, award_ref="ZB-2"),
        rule="FT-PCM-ORDER",
    )
    w.refused(
        "miit", "procurement.sign_contract", contract_args("NOPE", 1), rule="FT-NOT-FOUND", field="procurement_id"
    )


def test_hrb_article_10_the_award_stays_within_the_notice_budget() -> None:
    """HRB 第十条 (FT-PCM-AWARD): a price above the procurement budget is not awarded."""
    w = world()
    w.when("miit", "procurement.publish_notice", notice_args("P-1", budget_fen=60 * WAN))
    w.refused(
        "miit",
        "procurement.record_award",
        award_args("P-1", 60 * WAN + 1),
        rule="FT-PCM-AWARD",
        field="amount_fen",
    )
    w.when("miit", "procurement.record_award", award_args("P-1", 59 * WAN))
    assert procurement(w, "P-1").award == {
        "award_ref": "ZB-P-1",
        "award_kind": "won_tender",
        "awarded_on": "2025-02-20",
        "supplier_uscc": SUPPLIER,
        "supplier_name": "哈尔滨数智服务有限公司",
        "amount_fen": 59 * WAN,
    }


def test_hrb_article_10_the_contract_is_signed_on_the_award() -> None:
    """HRB 第十条 (政府采购法 第四十六条, FT-PCM-CONTRACT): the contract's amount is the award's; under a
    framework agreement it may be less, never more."""
    w = world()
    awarded(w, "P-1", "training", 50 * WAN)
    for amount in (50 * WAN - 1, 50 * WAN + 1):
        w.refused(
            "miit",
            "procurement.sign_contract",
            contract_args("P-1", amount),
            rule="FT-PCM-CONTRACT",
            field="amount_fen",
        )
    w.when("miit", "procurement.publish_notice", notice_args("P-2", "route", 100 * WAN, method="framework_agreement"))
    w.when("miit", "procurement.record_award", award_args("P-2", 100 * WAN))
    w.refused(
        "miit",
        "procurement.sign_contract",
        contract_args("P-2", 100 * WAN + 1),
        rule="FT-PCM-CONTRACT",
        field="amount_fen",
    )
    w.when("miit", "procurement.sign_contract", contract_args("P-2", 80 * WAN))
    assert line(w, "route").commitments == {"procurement:P-2": 80 * WAN}


def test_hrb_article_10_a_contract_signed_after_30_days_is_flagged_not_refused() -> None:
    """HRB 第十条 (政府采购法 第四十六条, FT-PCM-CONTRACT-LATE, WARN): 30 days after the award notice the
    contract is still recorded, with the warning in its event."""
    w = world()
    w.when("miit", "procurement.publish_notice", notice_args("P-1", noticed_on="2025-01-02"))
    w.when("miit", "procurement.record_award", award_args("P-1", 50 * WAN, awarded_on="2025-01-10"))
    events = w.when("miit", "procurement.sign_contract", contract_args("P-1", 50 * WAN, signed_on="2025-02-10"))
    assert events[0].warnings == [
        {
            "rule": "FT-PCM-CONTRACT-LATE",
            "detail": "signed 2025-02-10, more than 30 days after the award of 2025-01-10 (due 2025-02-09)",
        }
    ]
    w.when("miit", "procurement.publish_notice", notice_args("P-2", budget_fen=10 * WAN, noticed_on="2025-01-02"))
    w.when("miit", "procurement.record_award", award_args("P-2", 10 * WAN, awarded_on="2025-01-10"))
    events = w.when("miit", "procurement.sign_contract", contract_args("P-2", 10 * WAN, signed_on="2025-02-09"))
    assert events[0].warnings == []


def test_docs_decisions_10_business_dates_follow_the_procurement() -> None:
    """docs/decisions.md §10 (FT-DATE): never after the ledger's day; the award after the notice, the
    contract after the award and its term forwards, acceptance after the contract, payment after acceptance."""
    w = world()
    w.refused("miit", "procurement.publish_notice", notice_args("P-1", noticed_on="2025-03-04"), rule="FT-DATE")
    w.when("miit", "procurement.publish_notice", notice_args("P-1"))
    w.refused(
        "miit",
        "procurement.record_award",
        award_args("P-1", 50 * WAN, awarded_on="2025-02-09"),
        rule="FT-DATE",
        field="awarded_on",
    )
    w.when("miit", "procurement.record_award", award_args("P-1", 50 * WAN))
    for over, field in (
        ({"signed_on": "2025-02-19"}, "signed_on"),
        ({"signed_on": "2025-03-04"}, "signed_on"),
        ({"end_on": "2025-02-28"}, "end_on"),
    ):
        w.refused(
            "miit", "procurement.sign_contract", contract_args("P-1", 50 * WAN, **over), rule="FT-DATE", field=field
        )
    w.when("miit", "procurement.sign_contract", contract_args("P-1", 50 * WAN))
    w.refused(
        "miit",
        "procurement.accept_deliverable",
        accept_args("P-1", "D1", WAN, accepted_on="2025-02-24"),
        rule="FT-DATE",
        field="accepted_on",
    )
    w.when("miit", "procurement.accept_deliverable", accept_args("P-1", "D1", WAN))
    w.refused(
        "finance",
        "procurement.record_payment",
        pay_args("P-1", "F1", "D1", WAN, value_date="2025-02-28"),
        rule="FT-DATE",
        field="value_date",
    )


def test_hrb_article_18_no_new_procurement_after_the_measures_end() -> None:
    """HRB 第十八条 (A23, FT-PCM-VALIDITY, by the ledger's date): after 2025-12-31 without a successor policy
    no notice, no contract, no raise; what was contracted is still accepted, reduced and paid."""
    w = world()
    awarded(w, "P-1", "route", 100 * WAN)
    contracted(w, "P-2", "training", 50 * WAN)
    after = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    w.refused(
        "miit",
        "procurement.publish_notice",
        notice_args("P-3", "centre", WAN),
        rule="FT-PCM-VALIDITY",
        field="programme_id",
        at=after,
    )
    w.refused(
        "miit",
        "procurement.sign_contract",
        contract_args("P-1", 100 * WAN),
        rule="FT-PCM-VALIDITY",
        field="procurement_id",
        at=after,
    )
    raise_args = {
        "procurement_id": "P-2",
        "amendment_no": "BG-1",
        "sha256": sha("bg-1"),
        "amount_fen": 55 * WAN,
        "reason": "增加培训场次",
        "signed_on": "2026-01-05",
    }
    w.refused("miit", "procurement.amend_contract", raise_args, rule="FT-PCM-VALIDITY", at=after)
    w.when(
        "miit", "procurement.accept_deliverable", accept_args("P-2", "D1", 40 * WAN, accepted_on="2026-01-04"), at=after
    )
    w.when("miit", "procurement.amend_contract", {**raise_args, "amount_fen": 40 * WAN, "reason": "终止"}, at=after)
    w.when(
        "finance",
        "procurement.record_payment",
        pay_args("P-2", "F1", "D1", 40 * WAN, value_date="2026-01-05"),
        at=after,
    )
    assert line(w, "training").committed_fen == 40 * WAN


def test_hrb_article_10_a_procurement_is_cancelled_only_before_its_contract() -> None:
    """HRB 第十条 (FT-PCM-ORDER): 废标 or 终止 before the contract is recorded with its announcement;
    nothing follows it; after the contract an amendment, not a cancellation, changes the commitment."""
    w = world()
    awarded(w, "P-1", "training", 50 * WAN)
    cancel = {"procurement_id": "P-1", "doc_ref": "FB-P-1", "reason": "供应商放弃签约", "cancelled_on": TODAY}
    w.refused(
        "miit",
        "procurement.cancel",
        {**cancel, "doc_ref": ""},
        rule="FT-PCM-REFERENCES",
        field="doc_ref",
    )
    w.refused(
        "miit",
        "procurement.cancel",
        {**cancel, "cancelled_on": "2025-02-19"},
        rule="FT-DATE",
        field="cancelled_on",
    )
    events = w.when("miit", "procurement.cancel", cancel)
    assert topics(events) == ["fundtrail.procurement.Cancelled"]
    assert procurement(w, "P-1").status == "cancelled"
    w.refused("miit", "procurement.sign_contract", contract_args("P-1", 50 * WAN), rule="FT-PCM-ORDER")
    w.refused("miit", "procurement.cancel", cancel, rule="FT-PCM-ORDER")
    contracted(w, "P-2", "training", 50 * WAN)
    w.refused("miit", "procurement.cancel", {**cancel, "procurement_id": "P-2"}, rule="FT-PCM-ORDER")
    assert line(w, "training").commitments == {"procurement:P-2": 50 * WAN}


# -- amendments (变更) -------------------------------------------------------------------------------------


def test_hrb_article_10_an_amendment_raises_at_most_ten_percent_or_reduces_and_releases() -> None:
    """HRB 第十条 (政府采购法 第四十九条, FT-PCM-AMEND): raises together ≤ 10% of the original contract and are
    committed on the line; a reduction never goes below what is accepted or paid and is released."""
    w = world()
    contracted(w, "P-1", "route", 100 * WAN)
    w.refused("miit", "procurement.amend_contract", amend_args("P-1", "BG-1", 100 * WAN), rule="FT-PCM-AMEND")
    w.refused(
        "miit",
        "procurement.amend_contract",
        amend_args("P-1", "BG-1", 110 * WAN + 1),
        rule="FT-PCM-AMEND",
        field="amount_fen",
    )
    events = w.when("miit", "procurement.amend_contract", amend_args("P-1", "BG-1", 106 * WAN))
    assert topics(events) == [
        "fundtrail.procurement.ContractAmended",
        "fundtrail.programme.BudgetCommitted",
        "fundtrail.procurement.Claimed",
    ]
    assert (events[0].previous_fen, events[0].delta_fen, events[0].raised_total_fen) == (100 * WAN, 6 * WAN, 6 * WAN)
    w.refused(
        "miit",
        "procurement.amend_contract",
        amend_args("P-1", "BG-1", 107 * WAN),
        rule="FT-PCM-AMEND",
        field="amendment_no",
    )
    # raises count together, even after a reduction: 6万 + 5万 > 10万
    w.when("miit", "procurement.accept_deliverable", accept_args("P-1", "D1", 60 * WAN))
    w.when("finance", "procurement.record_payment", pay_args("P-1", "F1", "D1", 50 * WAN))
    w.refused(
        "miit",
        "procurement.amend_contract",
        amend_args("P-1", "BG-2", 60 * WAN - 1),
        rule="FT-PCM-AMEND",
        field="amount_fen",
    )
    events = w.when("miit", "procurement.amend_contract", amend_args("P-1", "BG-2", 60 * WAN))
    assert topics(events)[1] == "fundtrail.programme.BudgetReleased"
    assert line(w, "route").commitments == {"procurement:P-1": 60 * WAN}
    w.refused(
        "miit",
        "procurement.amend_contract",
        amend_args("P-1", "BG-3", 65 * WAN),
        rule="FT-PCM-AMEND",
        field="amount_fen",
    )
    w.when("miit", "procurement.amend_contract", amend_args("P-1", "BG-3", 64 * WAN))
    p = procurement(w, "P-1")
    assert (p.contract_fen, p.raised_fen, sorted(p.amendments)) == (64 * WAN, 10 * WAN, ["BG-1", "BG-2", "BG-3"])
    assert line(w, "route").committed_fen == 64 * WAN


def test_hrb_article_4_3_a_raise_is_held_to_the_category_cap() -> None:
    """HRB 第四条（三）3 (FT-PCM-CAP): a raise within 10% still cannot pass the training cap of 70万."""
    w = world()
    contracted(w, "P-1", "training", 66 * WAN)
    w.refused(
        "miit",
        "procurement.amend_contract",
        amend_args("P-1", "BG-1", 70 * WAN + 1),
        rule="FT-PCM-CAP",
        field="amount_fen",
    )
    w.when("miit", "procurement.amend_contract", amend_args("P-1", "BG-1", 70 * WAN))
    assert line(w, "training").available_fen == 0


# -- acceptance (验收) and payment (付款) -------------------------------------------------------------------


def test_hrb_article_3_1_miit_accepts_deliverables_within_the_contract() -> None:
    """HRB 第三条（一） (市工信局 负责验收, FT-PCM-ACCEPT): a failed deliverable is recorded and accepted again
    after rectification; a passed one is final; passed deliverables never exceed the contract."""
    w = world()
    contracted(w, "P-1", "centre", 500 * WAN)
    w.when("miit", "procurement.accept_deliverable", accept_args("P-1", "D1", 200 * WAN, "failed"))
    assert procurement(w, "P-1").accepted_fen == 0
    w.refused(
        "finance",
        "procurement.record_payment",
        pay_args("P-1", "F1", "D1", WAN),
        rule="FT-PCM-PAY-ACCEPTED",
        field="deliverable_id",
    )
    events = w.when("miit", "procurement.accept_deliverable", accept_args("P-1", "D1", 200 * WAN))
    assert (events[0].attempt, events[0].accepted_total_fen) == (2, 200 * WAN)
    w.refused(
        "miit",
        "procurement.accept_deliverable",
        accept_args("P-1", "D1", 200 * WAN, report_sha256=sha("again")),
        rule="FT-PCM-ACCEPT",
        field="deliverable_id",
    )
    w.refused(
        "miit",
        "procurement.accept_deliverable",
        accept_args("P-1", "D2", 300 * WAN + 1),
        rule="FT-PCM-ACCEPT",
        field="amount_fen",
    )
    w.refused(
        "miit",
        "procurement.accept_deliverable",
        accept_args("P-1", "D2", WAN, result="partly"),
        rule="FT-PCM-ACCEPT",
        field="result",
    )
    w.when("miit", "procurement.accept_deliverable", accept_args("P-1", "D2", 300 * WAN))
    assert procurement(w, "P-1").accepted_fen == 500 * WAN


def test_hrb_article_2_payments_only_against_accepted_deliverables_within_the_contract() -> None:
    """HRB 第二条 专款专用 (FT-PCM-PAY-ACCEPTED, FT-PCM-PAY-CAP): 市财政局 pays a passed deliverable, in parts,
    never above its unpaid amount, never above the contract."""
    w = world()
    contracted(w, "P-1", "monitoring", 300 * WAN)
    w.refused(
        "finance",
        "procurement.record_payment",
        pay_args("P-1", "F1", "D9", WAN),
        rule="FT-PCM-PAY-ACCEPTED",
        field="deliverable_id",
    )
    w.when("miit", "procurement.accept_deliverable", accept_args("P-1", "D1", 100 * WAN))
    w.when("finance", "procurement.record_payment", pay_args("P-1", "F1", "D1", 70 * WAN))
    w.refused(
        "finance",
        "procurement.record_payment",
        pay_args("P-1", "F2", "D1", 30 * WAN + 1),
        rule="FT-PCM-PAY-CAP",
        field="amount_fen",
    )
    w.when("finance", "procurement.record_payment", pay_args("P-1", "F2", "D1", 30 * WAN))
    p = procurement(w, "P-1")
    assert (p.paid_fen, p.deliverables["D1"]["paid_fen"]) == (100 * WAN, 100 * WAN)
    w.refused("miit", "procurement.record_payment", pay_args("P-1", "F3", "D1", 1), rule="FT-ROLE")
    w.refused("finance", "procurement.accept_deliverable", accept_args("P-1", "D2", 1), rule="FT-ROLE")
    w.refused("finance", "procurement.publish_notice", notice_args("P-9"), rule="FT-ROLE")


def test_docs_decisions_11_a_bank_serial_is_recorded_once_in_the_whole_ledger() -> None:
    """docs/decisions.md §11 (FT-PCM-SERIAL): a payment's bank serial is never reused, not by another
    procurement payment nor by a subsidy payment or recovery; a payment number once per procurement."""
    w = world()
    contracted(w, "P-1", "training", 50 * WAN)
    w.when("miit", "procurement.accept_deliverable", accept_args("P-1", "D1", 50 * WAN))
    w.when("finance", "procurement.record_payment", pay_args("P-1", "F1", "D1", 10 * WAN, bank_serial="BS-1"))
    w.refused(
        "finance",
        "procurement.record_payment",
        pay_args("P-1", "F2", "D1", 10 * WAN, bank_serial="BS-1"),
        rule="FT-PCM-SERIAL",
        field="bank_serial",
    )
    w.refused(
        "finance",
        "procurement.record_payment",
        pay_args("P-1", "F1", "D1", 10 * WAN, bank_serial="BS-2"),
        rule="FT-PCM-SERIAL",
        field="payment_no",
    )
    with command_time(w.now):  # a subsidy payment's settlement claimed this serial (domain/payment)
        settled = BankSerialClaim(bank_serial="BS-SUBSIDY", purpose="payment", ref="ZF-P-1-1")
        settled.collect_events()
    w.store[settled.id] = settled
    w.refused(
        "finance",
        "procurement.record_payment",
        pay_args("P-1", "F2", "D1", 10 * WAN, bank_serial="BS-SUBSIDY"),
        rule="FT-PCM-SERIAL",
        field="bank_serial",
    )
