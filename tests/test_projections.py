"""Projections (issue 9): the balances kept up incrementally equal the balances rebuilt from zero, on SQLite and
PostgreSQL, for a ledger holding the whole Harbin lifecycle (transformation subsidy, awards, clawback); the
invariants hold; a view whose version changed is rebuilt; a record is applied once even if catching up stops
half way."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from ledger.store import LedgerStore
from projections.balances import LINES
from projections.balances import RECEIVABLES
from projections.balances import SCHEDULES
from projections.balances import SUBJECTS
from projections.balances import TABLES
from projections.balances import Balances
from projections.balances import check
from projections.core import Projector
from projections.core import engine_for
from projections.core import rows
from projections.views import all_views
from tests.domain import test_award as awd
from tests.domain import test_clawback as clb
from tests.domain import test_payment as pay
from tests.test_lifecycle import harbin

if TYPE_CHECKING:
    from pathlib import Path

    from tests.ledger_world import LedgerWorld

WAN = awd.WAN


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/projections.sqlite"
    return str(request.getfixturevalue("pg_ledger_url"))


def lifecycle(url: str, live: Projector) -> LedgerWorld:
    """The lifecycle of tests/test_lifecycle.py and two awards, catching the live view up between steps."""
    w = harbin(url)
    live.store = LedgerStore(w.app)
    live.catch_up()
    from tests.domain import test_approval as apr

    apr.approved(w, "P-1", 20 * WAN, 14 * WAN)
    live.catch_up()
    pay.paid_first(w)
    pay.gates_open(w)
    live.catch_up()
    first = pay.schedule(w).tranches[0]["amount_fen"]
    w.when("finance", "payment.issue_order", pay.order_args("ZF-P-1-2", 2, 14 * WAN - first))
    w.when("finance", "payment.record_settlement", pay.settle_args("ZF-P-1-2", "BS-P-1-2"))
    pay.open_case(w)
    w.when(
        "miit", "clawback.decide", clb.decide_args(verified_investment_fen=10 * WAN, sanctions=[{"kind": "recover"}])
    )
    w.when("finance", "clawback.record_repayment", clb.repay_args(3 * WAN, "BS-BACK-1"))
    live.catch_up()
    awd.setup(w)
    awd.product_line(w)
    awd.proposed(w, "AW-1", 15 * WAN, 1)
    awd.proposed(w, "AW-2", 30 * WAN, 1, category="product_chain")
    awd.award_approved(w, {"AW-1": 15 * WAN})
    live.catch_up()
    return w


def test_views_kept_up_equal_views_rebuilt(url: str, tmp_path: Path) -> None:
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), all_views())
    w = lifecycle(url, live)
    store = LedgerStore(w.app)
    rebuilt = Projector(store, engine_for(f"sqlite:///{tmp_path}/rebuilt.sqlite"), all_views())
    rebuilt.catch_up()
    for view in live.views:
        for table in view.tables():
            assert rows(live.engine, table) == rows(rebuilt.engine, table), table.name
    assert check(live.engine) == []
    subjects = {r["subject_id"]: r for r in rows(live.engine, SUBJECTS)}
    assert (subjects["P-1"]["approved_fen"], subjects["P-1"]["entitlement_fen"]) == (14 * WAN, 7 * WAN)
    assert (subjects["AW-1"]["kind"], subjects["AW-1"]["approved_fen"]) == ("award:product", 15 * WAN)
    assert subjects["AW-2"]["state"] == "proposed"
    (schedule,) = rows(live.engine, SCHEDULES)
    assert (schedule["paid_t1_fen"], schedule["paid_t2_fen"], schedule["paid_fen"]) == (9_800_000, 4_200_000, 14 * WAN)
    (case,) = rows(live.engine, RECEIVABLES)
    assert (case["demanded_fen"], case["recovered_fen"], case["outstanding_fen"]) == (7 * WAN, 3 * WAN, 4 * WAN)
    lines = {r["category"]: r for r in rows(live.engine, LINES)}
    assert lines["product_xkqz"]["committed_fen"] == 15 * WAN
    assert all(r["seq"] > 0 for t in TABLES for r in rows(live.engine, t))


def test_a_changed_view_version_is_rebuilt_and_a_record_is_never_applied_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/l.sqlite"
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), [Balances()])
    w = lifecycle(url, live)
    before = {t.name: rows(live.engine, t) for t in TABLES}
    assert live.catch_up() == 0  # nothing new: nothing read, nothing applied again

    class Balances2(Balances):
        version = Balances.version + 1

    again = Projector(LedgerStore(w.app), live.engine, [Balances2()])
    assert again.position(Balances2()) == -1  # built by the older version: rebuilt, not migrated
    again.catch_up()
    assert again.position(Balances2()) == w.app.chain.chain_size()
    assert {t.name: rows(live.engine, t) for t in TABLES} == before


def test_the_cli_shows_balances_now_and_as_of_a_position_and_the_deep_check_names_a_corrupted_row(
    tmp_path: Path,
) -> None:
    import json

    from click.testing import CliRunner
    from sqlalchemy import update

    from fundtrail.cli import main as fundtrail

    url = f"sqlite:///{tmp_path}/l.sqlite"
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), [Balances()])
    w = lifecycle(url, live)
    env = {"FUNDTRAIL_LEDGER": url}
    now = json.loads(CliRunner().invoke(fundtrail, ["balances", "--json"], env=env).output)
    assert now["position"]["seq"] == w.app.chain.chain_size() and now["breaches"] == []
    assert {r["subject_id"] for r in now["tables"]["ft_bal_subject"]} == {"P-1", "AW-1", "AW-2"}
    # as of the record that last changed P-1 (its entitlement revised by the clawback decision), rounded up
    # to the end of that command's group: no award existed yet, and the position carries its seal
    revised = next(r["seq"] for r in now["tables"]["ft_bal_subject"] if r["subject_id"] == "P-1")
    shown = CliRunner().invoke(fundtrail, ["balances", "--json", "--as-of", str(revised)], env=env)
    before = json.loads(shown.output)
    assert before["position"]["seq"] >= revised and before["position"]["seal"]
    assert {r["subject_id"] for r in before["tables"]["ft_bal_subject"]} == {"P-1"}
    assert before["position"]["seq"] < now["position"]["seq"]
    text = CliRunner().invoke(fundtrail, ["--lang", "zh", "balances"], env=env).output
    assert "第一批已付" in text and "98,000.00" in text
    ok = CliRunner().invoke(fundtrail, ["projections", "check"], env=env)
    assert ok.exit_code == 0, ok.output
    with live.engine.begin() as conn:  # someone edits a live row
        conn.execute(update(SCHEDULES).where(SCHEDULES.c.subject_id == "P-1").values(paid_fen=1))
    bad = CliRunner().invoke(fundtrail, ["projections", "check"], env=env)
    assert bad.exit_code == 1 and "DIVERGED ft_bal_schedule P-1" in bad.output


def test_budget_execution_per_line_net_of_recoveries(tmp_path: Path) -> None:
    """双监控 (HRB 第十四条): committed and paid against each line; the transformation line's share of the
    allocation (≥ 80%, 第八条); money recovered by the clawback is not counted as paid."""
    from projections.balances import execution

    url = f"sqlite:///{tmp_path}/l.sqlite"
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), [Balances()])
    lifecycle(url, live)
    lines = {e.category: e for e in execution(live.engine)}
    t = lines["transformation"]
    assert (t.committed_fen, t.paid_fen) == (14 * WAN - 3 * WAN, 14 * WAN - 3 * WAN)  # 3万 recovered, released
    assert t.share_bp == 8_000 and t.paid_bp == 10_000
    x = lines["product_xkqz"]
    assert (x.committed_fen, x.paid_fen, x.committed_bp) == (15 * WAN, 0, 15 * WAN * 10_000 // x.amount_fen)


def test_export_balances_as_xlsx_and_csv_stamped_with_the_position(tmp_path: Path) -> None:
    import openpyxl
    from click.testing import CliRunner

    from fundtrail.cli import main as fundtrail
    from projections.export import read_csv
    from projections.export import read_stamp

    url = f"sqlite:///{tmp_path}/l.sqlite"
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), [Balances()])
    w = lifecycle(url, live)
    env = {"FUNDTRAIL_LEDGER": url, "FUNDTRAIL_AT": "2025-12-05T02:00:00Z"}
    book = tmp_path / "balances.xlsx"
    out = CliRunner().invoke(fundtrail, ["--lang", "zh", "report", "balances", "-o", str(book)], env=env)
    assert out.exit_code == 0, out.output
    sheets = openpyxl.load_workbook(book).sheetnames
    assert sheets[0] == "说明" and "拨付台账" in sheets
    folder = tmp_path / "csv"
    out = CliRunner().invoke(fundtrail, ["report", "balances", "-o", str(folder)], env=env)
    assert out.exit_code == 0, out.output
    header, body = read_csv(folder / "payments.csv")
    assert header[0] == "subject"
    assert body[0][0] == "P-1" and "14000000" in body[0]
    fields, checkpoint = read_stamp(folder / "payments.stamp.txt")
    assert fields["seq"] == str(w.app.chain.chain_size()) and checkpoint.startswith("fundtrail.test/lifecycle")


def test_reconcile_a_bank_statement_against_approvals_and_payment_orders(tmp_path: Path) -> None:
    """Issue 9 item 6 through the CLI: the statement's lines match the settled orders through the keyed account
    hashes; a short-paid line, a line nobody ordered and an approved award with no payment are named."""
    import json

    from click.testing import CliRunner

    from fundtrail.cli import main as fundtrail
    from tests.domain import test_project_given as given

    url = f"sqlite:///{tmp_path}/l.sqlite"
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), [Balances()])
    lifecycle(url, live)
    secret = tmp_path / "bank.secret"
    secret.write_bytes(given.ACCOUNT_SECRET)
    payee = given.account_number(given.ENT_A)
    treasury = "6217000011112222333"
    statement = tmp_path / "statement.csv"
    lines = [
        f"账号：{treasury}",
        "交易日期,交易流水号,付款人名称,付款人账号,收款人名称,收款人账号,金额,摘要",
        f'2025-03-12,BS-P-1-1,哈尔滨市财政局,{treasury},企业A,{payee},"98,000.00",补助第一批',
        f'2025-03-12,BS-P-1-2,哈尔滨市财政局,{treasury},企业A,{payee},"41,999.00",补助第二批',
        f"2025-03-13,BS-X-9,哈尔滨市财政局,{treasury},某公司,6222000000000009999,500.00,不明支出",
    ]
    statement.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    env = {"FUNDTRAIL_LEDGER": url}
    args = ["reconcile", str(statement), "--secret-file", str(secret), "--json"]
    out = CliRunner().invoke(fundtrail, args, env=env)
    assert out.exit_code == 1, out.output  # not clean
    found = json.loads(out.output)
    kinds = sorted(f["kind"] for f in found["findings"])
    assert kinds.count("matched") == 1
    assert "amount_mismatch" in kinds and "statement_line_without_order" in kinds
    assert "approved_unpaid" in kinds  # AW-1: approved by 市政府, no payment order yet
    explained = CliRunner().invoke(fundtrail, [*args, "--explain", "AW-1=待试点验收后拨付"], env=env)
    unpaid = [f for f in json.loads(explained.output)["findings"] if f["kind"] == "approved_unpaid"]
    assert unpaid and unpaid[0]["explanation"] == "待试点验收后拨付"
    import openpyxl

    book = tmp_path / "reconciliation.xlsx"
    CliRunner().invoke(fundtrail, [*args[:-1], "-o", str(book)], env=env)
    sheet = openpyxl.load_workbook(book).worksheets[1]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "amount_mismatch" in values and "BS-X-9" in values


def test_what_the_approver_saw_is_the_log_just_before_the_decision(tmp_path: Path) -> None:
    """Issue 9 item 5: --as-of decision:APPROVAL_ID rebuilds the views as they stood before 市政府's decision
    was recorded: P-1 proposed and not yet approved."""
    from click.testing import CliRunner

    from fundtrail.cli import main as fundtrail
    from tests.domain import test_approval as apr

    url = f"sqlite:///{tmp_path}/l.sqlite"
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), all_views())
    lifecycle(url, live)
    env = {"FUNDTRAIL_LEDGER": url}
    args = ["balances", "--json", "--as-of", f"decision:{apr.APPROVAL}"]
    seen = json.loads(CliRunner().invoke(fundtrail, args, env=env).output)
    (p1,) = [r for r in seen["tables"]["ft_bal_subject"] if r["subject_id"] == "P-1"]
    assert (p1["state"], p1["approved_fen"]) == ("proposed", None) and seen["position"]["seal"]
    missing = CliRunner().invoke(fundtrail, ["balances", "--as-of", "decision:APR-NONE"], env=env)
    assert missing.exit_code == 2 and "no 市政府 decision" in missing.output


def test_eligibility_names_the_rule_the_article_and_the_record(tmp_path: Path) -> None:
    """HRB 第五条（二）: a credit check finding the enterprise on the abnormal-operation list makes it
    ineligible from that record on, naming the rule, its article and the record; the evidence is its snapshot."""
    from domain.enterprise.examples import credit_check_args
    from projections.eligibility import ENTERPRISES
    from tests.domain import test_project_given as given

    url = f"sqlite:///{tmp_path}/l.sqlite"
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), all_views())
    w = lifecycle(url, live)
    check = credit_check_args(
        given.ENT_A, queried_at="2025-04-14T09:00:00+08:00", window_to="2025-04-14", abnormal_operation_list=True
    )
    w.when("miit", "enterprise.record_credit_check", check)
    live.catch_up()
    row = next(r for r in rows(live.engine, ENTERPRISES) if r["uscc"] == given.ENT_A)
    assert row["eligible"] is False and row["seq"] == w.app.chain.chain_size()
    assert row["decided_by_topic"] == "fundtrail.enterprise.CreditCheckRecorded"
    problems = json.loads(row["problems"])
    assert problems[0]["rule"] == "FT-ENT-CREDIT" and "第五条（二）" in problems[0]["article"]
    assert check["snapshot_sha256"] in json.loads(row["evidence"])


def test_the_worklist_shows_what_is_open_and_drops_what_is_answered(tmp_path: Path) -> None:
    """Issue 9 item 9: a receivable outstanding after a partial repayment (第十七条); an objection on a list,
    open until resolved (A6); a list awaiting completion after its window (A5)."""
    from projections.worklist import ITEMS
    from tests.domain import test_approval as apr

    url = f"sqlite:///{tmp_path}/l.sqlite"
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), all_views())
    w = lifecycle(url, live)
    items = {(r["kind"], r["ref"]): r for r in rows(live.engine, ITEMS)}
    assert items[("recovery_outstanding", "CASE-1")]["detail"].startswith("4000000 分 of 7000000 分")
    assert not any(kind == "publicity_open" for kind, _ in items)  # every list was completed
    # a new list with an objection on it
    awd.selected(w, "AW-3", 3)
    w.when("miit", "award.propose", {"award_id": "AW-3", "amount_fen": 5 * WAN})  # the 5万 left of 50万
    start = {
        "publicity_id": "PUB-AWD-2",
        "batch_id": awd.PRODUCT_BATCH,
        "list_kind": "product_award",
        "entries": [{"subject_id": "AW-3", "amount_fen": 5 * WAN}],
        "channel_url": "https://gxj.harbin.gov.cn/gs/awd-2",
        "content_sha256": apr.sha("list:PUB-AWD-2"),
        "start_on": w.now.astimezone(apr.SH).date().isoformat(),
    }
    w.when("miit", "publicity.start", start)
    objection = {
        "publicity_id": "PUB-AWD-2",
        "objection_id": "O-1",
        "subject_id": "AW-3",
        "channel": "信函",
        "content_sha256": apr.sha("o-1"),
        "objector_commitment": apr.sha("someone"),
        "received_on": start["start_on"],
    }
    w.when("miit", "publicity.receive_objection", objection)
    live.catch_up()
    items = {(r["kind"], r["ref"]) for r in rows(live.engine, ITEMS)}
    assert {("publicity_open", "PUB-AWD-2"), ("objection_open", "PUB-AWD-2/O-1")} <= items
    resolution = {
        "publicity_id": "PUB-AWD-2",
        "objection_id": "O-1",
        "outcome": "dismissed",
        "reasons": "经核实，异议不成立",
        "investigation_sha256": apr.sha("inv-1"),
    }
    w.when("miit", "publicity.resolve_objection", resolution)
    live.catch_up()
    items = {(r["kind"], r["ref"]) for r in rows(live.engine, ITEMS)}
    assert ("objection_open", "PUB-AWD-2/O-1") not in items and ("publicity_open", "PUB-AWD-2") in items


def test_the_invariants_name_a_line_whose_commitments_its_children_do_not_explain(tmp_path: Path) -> None:
    """Σ children = parent: someone edits a live line's committed amount; check names the line and the rule."""
    from sqlalchemy import update

    url = f"sqlite:///{tmp_path}/l.sqlite"
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), all_views())
    lifecycle(url, live)
    assert check(live.engine) == []
    with live.engine.begin() as conn:
        conn.execute(
            update(LINES)
            .where(LINES.c.category == "product_xkqz")
            .values(committed_fen=1, free_fen=LINES.c.amount_fen - 1)
        )
    found = check(live.engine)
    assert [(b.table, b.rule) for b in found] == [("budget_line", "Σ subjects and contracts = committed")]
    assert found[0].key.endswith("/product_xkqz")
