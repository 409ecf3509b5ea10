"""The Harbin transformation subsidy end to end through a real ledger, on SQLite and PostgreSQL.

The same stories as tests/domain (their givens run unchanged on tests/ledger_world.py): programme,
policy version, targets and budget line; a batch pinned to the version; an eligible enterprise;
a project from intake to its proposed amount; publicity; 市政府 approval; both tranches; and a
clawback. Every step is a signed, sealed command. Afterwards the verifier finds nothing, and
re-execution (``fundtrail check commands``) reproduces every record byte for byte.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

import pytest
from click.testing import CliRunner

from domain.kernel.digest import digest
from domain.project import Project
from domain.project import project_stream
from domain.roles import Role
from fundtrail.cli import main as fundtrail
from ledger.recheck import Summary
from ledger.recheck import recheck
from tests.domain import test_approval as apr
from tests.domain import test_clawback as clb
from tests.domain import test_payment as pay
from tests.domain import test_project_given as given
from tests.ledger_world import LedgerWorld
from verify.checks import ChainVerifier
from verify.sources import open_source

if TYPE_CHECKING:
    from pathlib import Path

WAN = given.WAN


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/l.sqlite"
    return str(request.getfixturevalue("pg_ledger_url"))


def harbin(url: str) -> Any:
    w = LedgerWorld(url)
    w.actor("district", Role.DISTRICT_MIIT, org_code="HRB-NG-MIIT", org_kind="district_miit")
    w.actor("miit", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor("miit-2", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor("tp", Role.THIRD_PARTY, org_code=given.THIRD_PARTY_ORG, org_kind="third_party")
    w.actor("applicant-a", Role.APPLICANT, org_code=given.ENT_A, org_kind="enterprise")
    w.actor("finance", Role.CITY_FINANCE, org_code="HRB-FIN", org_kind="city_finance")
    w.actor("district-fin", Role.DISTRICT_FINANCE, org_code="HRB-NG-FIN", org_kind="district_finance")
    w.actor("clerk", Role.CITY_GOV_CLERK, org_code="HRB-GOV", org_kind="city_gov")
    w.actor("inspector", Role.INSPECTOR, org_code="HRB-DUCHA", org_kind="task_force")
    apr.programme(w)
    w.when(
        "miit",
        "batch.open",
        {
            "batch_id": given.BATCH,
            "programme_id": given.PROGRAMME,
            "policy_version_id": given.VERSION,
            "investment_basis": "tax_inclusive",
            "intake_from": "2025-01-01",
            "intake_to": "2025-06-30",
        },
    )
    given.register_enterprise(w, given.ENT_A, "3823")
    return w


def test_the_transformation_subsidy_from_batch_to_clawback(url: str) -> None:
    w = harbin(url)
    apr.approved(w, "P-1", 20 * WAN, 14 * WAN)  # intake … verified 20万, proposed 14万, publicity, 市政府 approval
    project = w.get(Project, project_stream("P-1"))
    assert (project.state, project.approved_fen, project.ceiling_fen) == ("approved", 14 * WAN, 14 * WAN)
    assert project.ceiling is not None and project.ceiling["policy_version_id"] == given.VERSION
    shown = CliRunner().invoke(fundtrail, ["--lang", "en", "city", "explain", "P-1"], env={"FUNDTRAIL_LEDGER": url})
    assert shown.exit_code == 0, shown.output
    assert given.VERSION in shown.output and "第四条" in shown.output
    pay.paid_first(w)  # tranche 1: 98,000.00 元 ordered and settled
    first = pay.schedule(w).tranches[0]["amount_fen"]
    assert first == 9_800_000
    pay.gates_open(w)
    w.when("finance", "payment.issue_order", pay.order_args("ZF-P-1-2", 2, 14 * WAN - first))
    w.when("finance", "payment.record_settlement", pay.settle_args("ZF-P-1-2", "BS-P-1-2"))
    pay.open_case(w)
    w.refused("finance", "payment.issue_order", pay.order_args("ZF-P-1-3", 2, 1), rule="FT-PAY-FROZEN")
    # HRB 第十七条（三）, A4: verified investment recomputed to 10万 -> 7万 entitled; 14万 paid, 7万 to recover
    w.when(
        "miit",
        "clawback.decide",
        clb.decide_args(verified_investment_fen=10 * WAN, sanctions=[{"kind": "notice"}, {"kind": "recover"}]),
    )
    w.when("finance", "clawback.record_repayment", clb.repay_args(3 * WAN, "BS-BACK-1"))
    case = clb.case(w)
    assert (case.demanded_fen, case.received_fen, case.outstanding_fen) == (7 * WAN, 3 * WAN, 4 * WAN)
    # a write-off is co-signed (docs/decisions.md §28): 市财政局 proposes, another organisation's 市工信局 countersigns
    write_off = {"case_id": "CASE-1", "amount_fen": WAN, "reason": "部分无法追回", "doc_no": "哈财核〔2025〕1号"}
    write_off["decision_ref"] = clb.DECISION
    w.when("finance", "clawback.write_off", write_off)
    sha = digest(clb.proposed_args("clawback.write_off", write_off))
    shown = CliRunner().invoke(
        fundtrail,
        ["--lang", "zh", "proposal", "clawback.write_off", "CASE-1/哈财核〔2025〕1号"],
        env={"FUNDTRAIL_LEDGER": url},
    )
    assert shown.exit_code == 0, shown.output
    assert f"内容摘要: {sha}" in shown.output and "pending" in shown.output and "部分无法追回" in shown.output
    w.refused(
        "miit",
        "clawback.countersign_write_off",
        {"key": "CASE-1/哈财核〔2025〕1号", "args_sha256": "0" * 64},
        rule="FT-COSIGN-DIGEST",
    )
    w.when("miit-2", "clawback.countersign_write_off", {"key": "CASE-1/哈财核〔2025〕1号", "args_sha256": sha})
    assert clb.case(w).outstanding_fen == 3 * WAN

    summary = Summary()
    assert list(recheck(w.app, summary)) == []
    assert summary.commands > 40
    source = open_source(url)
    try:
        report = ChainVerifier(source, jobs=1).run()
    finally:
        source.close()
    assert report.findings == []
    assert report.records == w.app.chain.chain_size()
