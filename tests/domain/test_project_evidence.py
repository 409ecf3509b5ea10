"""Evidence (HRB 第八条 有效凭据; §1.5, §5.5; A7, A16; red flags R2, R3, R8)."""

from __future__ import annotations

import pytest

from tests.domain.memory import topics
from tests.domain.test_project_given import ENT_B
from tests.domain.test_project_given import PROVIDER
from tests.domain.test_project_given import THIRD_PARTY_ORG
from tests.domain.test_project_given import WAN
from tests.domain.test_project_given import accepted
from tests.domain.test_project_given import contract_args
from tests.domain.test_project_given import digital_number
from tests.domain.test_project_given import invoice_args
from tests.domain.test_project_given import project
from tests.domain.test_project_given import sha
from tests.domain.test_project_given import voucher_args
from tests.domain.test_project_given import world

LINES = [("L1", "software", 20 * WAN)]


@pytest.mark.parametrize(
    ("kind", "code", "number", "field"),
    [
        ("digital", None, "1234567890123456789", "invoice_number"),  # 19 digits
        ("digital", None, "123456789012345678901", "invoice_number"),  # 21 digits
        ("digital", None, "1234567890123456789X", "invoice_number"),
        ("digital", "2300221130", "12345678901234567890", "invoice_code"),  # a 数电票 has no code
        ("legacy", None, "01234567", "invoice_code"),
        ("legacy", "23002211300", "01234567", "invoice_code"),  # 11 digits
        ("legacy", "2300221130", "1234567", "invoice_number"),  # 7 digits
        ("legacy", "230022113000", "123456789", "invoice_number"),  # 9 digits
    ],
)
def test_s5_5_invoice_number_shapes(kind: str, code: str | None, number: str, field: str) -> None:
    """HRB 第八条, §5.5: a 数电票 number is exactly 20 digits; a legacy invoice is a 10- or 12-digit code and an
    8-digit number."""
    w = world()
    accepted(w, "P1")
    args = invoice_args(w, "P1", 20 * WAN, invoice_kind=kind, invoice_number=number)
    if code is not None:
        args["invoice_code"] = code
    w.refused("district", "project.record_invoice", args, rule="FT-PRJ-INVOICE-SHAPE", field=field)


def test_s5_5_well_formed_legacy_invoices_are_recorded() -> None:
    """HRB 第八条: a legacy invoice with a 10-digit or a 12-digit code and an 8-digit number is recorded."""
    w = world()
    accepted(w, "P1")
    for code, number in (("2300221130", "01234567"), ("230022113000", "01234567")):
        args = invoice_args(w, "P1", 10 * WAN, invoice_kind="legacy", invoice_number=number, invoice_code=code)
        args["sha256"] = sha(f"legacy:{code}")
        w.when("district", "project.record_invoice", args)
    assert [i["key"] for i in project(w, "P1").invoices] == [
        "legacy:2300221130:01234567",
        "legacy:230022113000:01234567",
    ]


def test_hrb_article_8_invoice_total_is_excl_plus_tax_exactly() -> None:
    """HRB 第八条: 价税合计 = 不含税金额 + 税额, to the 分."""
    w = world()
    accepted(w, "P1")
    args = invoice_args(w, "P1", 20 * WAN)
    args["tax_fen"] += 1
    w.refused("district", "project.record_invoice", args, rule="FT-PRJ-INVOICE-SUM", field="incl_fen")


def test_a16_an_invoice_reused_by_another_enterprise_is_refused_naming_the_first_project() -> None:
    """HRB 第十七条（一）, A16, R2: the same 数电票 can never support two claims, whatever the enterprise."""
    w = world()
    accepted(w, "P1")
    accepted(w, "Q1", ENT_B)
    number = digital_number("shared")
    events = w.when("district", "project.record_invoice", invoice_args(w, "P1", 20 * WAN, number=number))
    assert topics(events) == [
        "fundtrail.project.InvoiceRecorded",
        "fundtrail.project.InvoiceClaimed",
        "fundtrail.project.EvidenceFileClaimed",
    ]
    again = invoice_args(w, "Q1", 20 * WAN, number=number, sha256=sha("another scan"))
    e = w.refused("district", "project.record_invoice", again, rule="FT-PRJ-INVOICE-REUSE", field="invoice_number")
    assert "project P1" in e.detail
    # the same invoice twice on its own project is refused too
    same = invoice_args(w, "P1", 20 * WAN, number=number, sha256=sha("a third scan"))
    w.refused("district", "project.record_invoice", same, rule="FT-PRJ-INVOICE-REUSE")


def test_a16_a_reused_bank_voucher_is_refused_naming_the_first_project() -> None:
    """HRB 第十七条（一）, A16, R3: bank + serial is single-use across the ledger (spaces do not disguise it)."""
    w = world()
    accepted(w, "P1")
    accepted(w, "P2")
    w.when("district", "project.record_bank_voucher", voucher_args(w, "P1", 20 * WAN, serial="HX20250301001"))
    again = voucher_args(w, "P2", 20 * WAN, serial="hx 20250301001", bank="中国工商银行 哈尔滨分行", sha256=sha("x"))
    e = w.refused("district", "project.record_bank_voucher", again, rule="FT-PRJ-VOUCHER-REUSE", field="serial_no")
    assert "project P1" in e.detail


def test_a16_the_same_evidence_file_cannot_back_two_invoices() -> None:
    """HRB 第十七条（一）, R3: one file (content hash) backs one invoice or voucher, even under another number."""
    w = world()
    accepted(w, "P1")
    w.when(
        "district",
        "project.record_invoice",
        invoice_args(w, "P1", 10 * WAN, number=digital_number("a"), sha256="c" * 64),
    )
    twin = invoice_args(w, "P1", 10 * WAN, number=digital_number("b"), sha256="c" * 64)
    w.refused("district", "project.record_invoice", twin, rule="FT-PRJ-FILE-REUSE", field="sha256")


def test_a7_evidence_is_between_the_enterprise_and_its_provider() -> None:
    """HRB 第八条, A7: the buyer is the enterprise, the seller its provider; the payment leaves one of the
    enterprise's recorded accounts and goes to the provider."""
    w = world()
    accepted(w, "P1")
    w.refused(
        "district",
        "project.record_invoice",
        invoice_args(w, "P1", WAN, seller_uscc=THIRD_PARTY_ORG),
        rule="FT-PRJ-PARTIES",
        field="seller_uscc",
    )
    w.refused(
        "district",
        "project.record_contract",
        {**contract_args(w, "P1", LINES), "buyer_uscc": ENT_B},
        rule="FT-PRJ-PARTIES",
        field="buyer_uscc",
    )
    w.refused(
        "district",
        "project.record_bank_voucher",
        voucher_args(w, "P1", WAN, payer_account_hash="d" * 64),
        rule="FT-PRJ-PARTIES",
        field="payer_account_hash",
    )
    w.refused(
        "district",
        "project.record_bank_voucher",
        voucher_args(w, "P1", WAN, payee_uscc=THIRD_PARTY_ORG),
        rule="FT-PRJ-PARTIES",
        field="payee_uscc",
    )
    assert project(w, "P1").provider_uscc == PROVIDER


def test_hrb_article_8_contract_totals_equal_the_lines() -> None:
    """HRB 第八条: the contract's 价税合计 and 不含税金额 are the sums of its lines; unit price × quantity is the
    line's amount; line ids are unique."""
    w = world()
    accepted(w, "P1")
    args = contract_args(w, "P1", [("L1", "software", 10 * WAN), ("L2", "cloud", 5 * WAN)])
    w.refused(
        "district",
        "project.record_contract",
        {**args, "amount_incl_fen": args["amount_incl_fen"] + 1},
        rule="FT-PRJ-CONTRACT",
        field="amount_incl_fen",
    )
    bad_line = {**args["lines"][1], "unit_price_fen": 1}
    w.refused(
        "district",
        "project.record_contract",
        {**args, "lines": [args["lines"][0], bad_line]},
        rule="FT-PRJ-CONTRACT",
        field="lines[1].unit_price_fen",
    )
    twice = {**args["lines"][1], "line_id": "L1"}
    w.refused(
        "district",
        "project.record_contract",
        {**args, "lines": [args["lines"][0], twice]},
        rule="FT-PRJ-CONTRACT",
        field="lines[1].line_id",
    )


def test_hrb_article_2_warns_when_the_provider_concedes_nothing() -> None:
    """HRB 第二条 (HRB-2b, 服务商让一点): list price == contract price is recorded with a warning."""
    w = world()
    accepted(w, "P1")
    events = w.when("district", "project.record_contract", contract_args(w, "P1", LINES, list_price_fen=20 * WAN))
    assert [x["rule"] for x in events[0].warnings] == ["FT-PRJ-CONCESSION"]


def test_hrb_article_8_the_claim_needs_contract_invoice_and_voucher() -> None:
    """HRB 第八条 (HRB-8c): 合同、验收报告、发票、银行支付凭证 — a claim without a voucher is refused."""
    w = world()
    accepted(w, "P1")
    w.when("district", "project.record_contract", contract_args(w, "P1", LINES))
    w.when("district", "project.record_invoice", invoice_args(w, "P1", 20 * WAN))
    e = w.refused("district", "project.submit_claim", {"project_id": "P1"}, rule="FT-PRJ-CLAIM-COMPLETE")
    assert "bank voucher" in e.detail
    w.when("district", "project.record_bank_voucher", voucher_args(w, "P1", 20 * WAN))
    w.when("district", "project.submit_claim", {"project_id": "P1"})
    assert project(w, "P1").state == "evidenced"
    # evidence is closed once the claim is in
    w.refused("district", "project.record_bank_voucher", voucher_args(w, "P1", WAN, serial="late"), rule="FT-PRJ-ORDER")
