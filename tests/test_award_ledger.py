"""Awards (以奖代补) through a real ledger on SQLite and PostgreSQL: 标准 → 申报 → 评审 → 拟定 → 公示 → 批准
→ 发放 (HRB 第九条), a refused proposal past the provider's cap with the head unchanged, and afterwards the
verifier finds nothing and re-execution reproduces every record."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from domain.award.aggregate import Award
from domain.award.aggregate import award_stream
from domain.payment.aggregate import PaymentSchedule
from domain.payment.aggregate import payment_schedule_stream
from fundtrail.cli import main as fundtrail
from ledger.recheck import Summary
from ledger.recheck import recheck
from tests.domain import test_award as awd
from tests.test_lifecycle import harbin
from verify.checks import ChainVerifier
from verify.sources import open_source

if TYPE_CHECKING:
    from pathlib import Path

WAN = awd.WAN


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/awards.sqlite"
    return str(request.getfixturevalue("pg_ledger_url"))


def test_product_awards_from_criteria_to_payment(url: str) -> None:
    w = harbin(url)
    awd.setup(w)
    awd.product_line(w)
    awd.proposed(w, "AW-1", 15 * WAN, 1)
    awd.proposed(w, "AW-2", 30 * WAN, 1, category="product_chain")
    awd.selected(w, "AW-3", 2)
    w.refused(
        "miit", "award.propose", {"award_id": "AW-3", "amount_fen": 6 * WAN, "reason": "x"}, rule="FT-AWD-PROVIDER-CAP"
    )
    awd.award_approved(w, {"AW-1": 15 * WAN})
    awd.fresh(w, awd.PROV_A)
    w.when("finance", "payment.create_schedule", {"project_id": "AW-1", "approval_id": "APR-AWD-1"})
    order = {
        "order_no": "ZF-AW-1",
        "project_id": "AW-1",
        "tranche": 1,
        "amount_fen": 15 * WAN,
        "payee_account_hash": awd.given.account_hash(awd.PROV_A),
    }
    w.when("finance", "payment.issue_order", order)
    settle = {"order_no": "ZF-AW-1", "bank_serial": "BS-AW-1", "value_date": "2025-04-14"}
    w.when("finance", "payment.record_settlement", settle)
    assert w.get(Award, award_stream("AW-1")).state == "approved"
    shown = CliRunner().invoke(fundtrail, ["--lang", "zh", "city", "explain", "AW-2"], env={"FUNDTRAIL_LEDGER": url})
    assert shown.exit_code == 0, shown.output
    assert "服务商累计" in shown.output and "以奖代补" in shown.output and "人民币叁拾万元整" in shown.output
    shown = CliRunner().invoke(fundtrail, ["--lang", "en", "city", "explain", "AW-1"], env={"FUNDTRAIL_LEDGER": url})
    assert shown.exit_code == 0 and "approved 150,000.00 yuan (approval APR-AWD-1)" in shown.output, shown.output
    assert w.get(PaymentSchedule, payment_schedule_stream("AW-1")).unpaid_fen == 0

    summary = Summary()
    assert list(recheck(w.app, summary)) == []
    source = open_source(url)
    try:
        report = ChainVerifier(source, jobs=1).run()
    finally:
        source.close()
    assert report.findings == []
    assert report.records == w.app.chain.chain_size()
