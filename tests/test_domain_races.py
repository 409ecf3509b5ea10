"""Racing writers on the caps and single-use rules of issue 7, through the real ledger on SQLite and PostgreSQL.

Two ledger processes (two apps) on one database each submit a command that fits alone but not together
with the other's. Both read and check first, then meet at a barrier set just before the save
(tests/domain_setup.py ``Race``), so both have read the state before either saves. Exactly one wins;
the other's save meets the concurrency conflict on the one aggregate both write (the budget line, the
enterprise account, the invoice claim, the payment schedule, the programme's earmarks), ``submit``
checks it again against the winner's state, and it is refused under the domain's rule. The cap holds in
the final state and the independent verifier finds nothing. Each race runs several rounds on one world.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

import pytest

from domain.payment.aggregate import PaymentSchedule
from domain.payment.aggregate import payment_order_stream
from domain.payment.aggregate import payment_schedule_stream
from domain.programme.aggregate import Programme
from domain.programme.aggregate import programme_stream
from domain.programme.budget import BudgetLine
from domain.programme.budget import budget_line_stream
from domain.project import Project
from domain.project import project_stream
from domain.project.account import EnterpriseAccount
from domain.project.account import enterprise_account_stream
from domain.project.claims import InvoiceClaim
from domain.project.claims import invoice_claim_stream
from domain.project.claims import invoice_key
from domain.roles import Role
from tests.domain import test_approval as apr
from tests.domain import test_payment as pay
from tests.domain import test_project_given as given
from tests.domain_setup import ENT_A
from tests.domain_setup import ENT_B
from tests.domain_setup import ENT_C
from tests.domain_setup import PROGRAMME
from tests.domain_setup import WAN
from tests.domain_setup import Race
from tests.domain_setup import given_world
from tests.domain_setup import harbin
from tests.domain_setup import verify_chain

if TYPE_CHECKING:
    from pathlib import Path
    from uuid import UUID

    from tests.ledger_world import LedgerWorld

ROUNDS = 3


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/races.sqlite"
    return str(request.getfixturevalue("pg_ledger_url"))


def race_round(
    race: Race, commands: list[tuple[str, str, dict[str, Any]]], shared: UUID, rule: str, field: str
) -> tuple[int, int]:
    """One round: both writers at once; returns (winner index, loser index) after checking that exactly
    one applied, that the other's only save met a conflict (its retry was refused before saving again,
    under ``rule`` at ``field``), and that ``shared`` is the one stream both saves wrote."""
    race.reset()
    writers = race.run(commands)
    applied = [i for i, x in enumerate(writers) if x.applied]
    assert len(applied) == 1, [(x.name, x.applied, x.refusal) for x in writers]
    winner, loser = writers[applied[0]], writers[1 - applied[0]]
    assert winner.attempts == 1 and winner.conflicts == [], f"the winner saved once, cleanly: {winner.conflicts}"
    # The loser saved once, at the barrier, after reading the same state as the winner: that save met the
    # conflict; submit read the winner's state and refused the command before any second save.
    assert loser.attempts == 1, loser.attempts
    assert len(loser.conflicts) == 1, f"the losing writer never met the conflict: {loser.conflicts}"
    assert loser.refusal is not None, "the loser was neither applied nor refused"
    assert (loser.refusal.rule, loser.refusal.field) == (rule, field), str(loser.refusal)
    # Only the domain's shared aggregate can have conflicted: the two commands' writes meet nowhere else
    # (two actors, so two command streams).
    assert winner.first_streams & loser.first_streams == {shared}
    conflict = str(loser.conflicts[0])
    if "Key (originator_id" in conflict:  # PostgreSQL names the duplicate key: it is the shared stream's
        assert str(shared) in conflict, conflict
    return applied[0], 1 - applied[0]


def assert_verified(url: str, w: LedgerWorld) -> None:
    findings, records = verify_chain(url)
    assert findings == []
    assert records == w.app.chain.chain_size()


def test_two_approvals_racing_for_the_last_of_the_budget_line(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """HRB 第二条 专款专用 (FT-PRG-LINE-CAP): 20万 left on the transformation line, two 市政府 decisions of
    14万 each recorded at once by two clerks: one commits, the other is refused; the line never passes
    its amount. Before each new round the line is topped up by 14万, so 20万 is left again."""
    w = harbin(url, line_fen=20 * WAN)
    gw = given_world(w)
    pairs = [(("P-1", ENT_A), ("P-2", ENT_B)), (("P-3", ENT_C), ("P-4", ENT_A)), (("P-5", ENT_B), ("P-6", ENT_C))]
    for pair in pairs[:ROUNDS]:
        for pid, ent in pair:
            apr.proposed(gw, pid, 20 * WAN, 14 * WAN, ent)
    apr.publicise(gw, {pid: 14 * WAN for pair in pairs[:ROUNDS] for pid, _ in pair})
    for pair in pairs[:ROUNDS]:
        for pid, _ in pair:
            w.when("miit", "approval.request", apr.request_args({pid: 14 * WAN}, approval_id=f"APR-{pid}"))
    line_stream = budget_line_stream(PROGRAMME, "transformation")
    race = Race(w, url, monkeypatch)
    try:
        for k, ((p1, _), (p2, _)) in enumerate(pairs[:ROUNDS]):
            if k:
                w.when(
                    "finance",
                    "programme.open_budget_line",
                    {"programme_id": PROGRAMME, "category": "transformation", "amount_fen": 14 * WAN},
                )
            before = w.get(BudgetLine, line_stream)
            assert before.available_fen == 20 * WAN
            won, lost = race_round(
                race,
                [
                    ("clerk", "approval.record_decision", apr.decision_args({p1: 14 * WAN}, approval_id=f"APR-{p1}")),
                    ("clerk-2", "approval.record_decision", apr.decision_args({p2: 14 * WAN}, approval_id=f"APR-{p2}")),
                ],
                line_stream,
                "FT-PRG-LINE-CAP",
                "approved[0].amount_fen",
            )
            line = w.get(BudgetLine, line_stream)
            assert line.committed_fen == 14 * WAN * (k + 1) <= line.cap_fen
            assert line.available_fen == 6 * WAN
            winner, loser = (p1, p2)[won], (p1, p2)[lost]
            assert w.get(Project, project_stream(winner)).state == "approved"
            assert w.get(Project, project_stream(loser)).state == "proposed"
            assert set(line.commitments) == {f"project:{p}" for p in approved_projects(w, pairs[: k + 1])}
    finally:
        race.close()
    assert_verified(url, w)


def approved_projects(w: LedgerWorld, pairs: list[tuple[tuple[str, str], tuple[str, str]]]) -> list[str]:
    return [pid for pair in pairs for pid, _ in pair if w.get(Project, project_stream(pid)).state == "approved"]


def test_two_proposals_racing_past_the_enterprise_cap(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """HRB 第四条（一） "每家企业累计补助不超过50万元": two projects of one enterprise, each verified at 60万
    (ceiling 36万), proposed at 36万 at once by two officers: each fits alone, together 72万 would pass
    50万. One reserves; the other, checked again with the first's 36万 as prior, finds its ceiling at
    14万 and is refused (FT-PRJ-ENTERPRISE-CAP: the bracket would allow it, the enterprise's remaining cap does not).
    One enterprise per round."""
    w = harbin(url)
    gw = given_world(w)
    pairs = [(ENT_A, "P-1", "P-2"), (ENT_B, "P-3", "P-4"), (ENT_C, "P-5", "P-6")]
    for ent, p1, p2 in pairs[:ROUNDS]:
        given.verified(gw, p1, 60 * WAN, ent)
        given.verified(gw, p2, 60 * WAN, ent)
    race = Race(w, url, monkeypatch)
    try:
        for ent, p1, p2 in pairs[:ROUNDS]:
            stream = enterprise_account_stream(PROGRAMME, ent)
            assert w.get(EnterpriseAccount, stream).committed_fen == 0
            won, lost = race_round(
                race,
                [
                    ("miit", "project.propose_subsidy", {"project_id": p1, "amount_fen": 36 * WAN}),
                    ("miit-2", "project.propose_subsidy", {"project_id": p2, "amount_fen": 36 * WAN}),
                ],
                stream,
                "FT-PRJ-ENTERPRISE-CAP",
                "amount_fen",
            )
            account = w.get(EnterpriseAccount, stream)
            winner, loser = (p1, p2)[won], (p1, p2)[lost]
            assert account.committed_fen == 36 * WAN <= 50 * WAN
            assert account.reservations == {winner: 36 * WAN}
            assert w.get(Project, project_stream(winner)).state == "proposed"
            assert w.get(Project, project_stream(loser)).state == "investment_verified"
    finally:
        race.close()
    assert_verified(url, w)


def test_one_invoice_claimed_by_two_projects_at_once(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """HRB 第十七条（一）, A16 (FT-PRJ-INVOICE-REUSE): one 数电票 recorded for two projects at the same
    moment by two officers (each with its own file): the invoice supports one project only."""
    w = harbin(url)
    gw = given_world(w)
    given.accepted(gw, "P-1", ENT_A)
    given.accepted(gw, "P-2", ENT_A)
    race = Race(w, url, monkeypatch)
    try:
        for k in range(ROUNDS):
            number = given.digital_number(f"race-invoice:{k}")
            args = {
                pid: given.invoice_args(gw, pid, 10 * WAN, number, sha256=given.sha(f"race-file:{pid}:{k}"))
                for pid in ("P-1", "P-2")
            }
            stream = invoice_claim_stream(invoice_key("digital", None, number))
            won, lost = race_round(
                race,
                [
                    ("district", "project.record_invoice", args["P-1"]),
                    ("miit", "project.record_invoice", args["P-2"]),
                ],
                stream,
                "FT-PRJ-INVOICE-REUSE",
                "invoice_number",
            )
            winner, loser = ("P-1", "P-2")[won], ("P-1", "P-2")[lost]
            assert w.get(InvoiceClaim, stream).project_id == winner
            for pid in ("P-1", "P-2"):
                recorded = [i["invoice_number"] for i in w.get(Project, project_stream(pid)).invoices]
                assert recorded.count(number) == (1 if pid == winner else 0), (pid, recorded)
            assert loser != winner
        # The control: two different invoices at the same barrier share no aggregate, and both are recorded.
        # So the refusals above come from the claim both wrote, not from the harness serialising writers.
        race.reset()
        numbers = [given.digital_number(f"race-control:{pid}") for pid in ("P-1", "P-2")]
        writers = race.run(
            [
                ("district", "project.record_invoice", given.invoice_args(gw, "P-1", WAN, numbers[0])),
                ("miit", "project.record_invoice", given.invoice_args(gw, "P-2", WAN, numbers[1])),
            ]
        )
        assert [(x.applied, x.attempts, x.conflicts) for x in writers] == [(True, 1, []), (True, 1, [])]
    finally:
        race.close()
    assert_verified(url, w)


def test_one_tranche_ordered_twice_at_once(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """HRB 第十一条 (FT-PAY-TRANCHE): two payment orders (two numbers) for tranche 1 of one project issued at
    once by two 市财政局 officers: one is issued, the other refused; the tranche is ordered once. After each
    round the bank reports the winning order failed, so the tranche is due again for the next round."""
    w = harbin(url)
    gw = given_world(w)
    apr.approved(gw)  # P-1: 20万 verified, 14万 approved
    w.when("finance", "payment.create_schedule", pay.schedule_args())
    stream = payment_schedule_stream("P-1")
    first = w.get(PaymentSchedule, stream).tranches[0]["amount_fen"]
    race = Race(w, url, monkeypatch)
    try:
        for k in range(ROUNDS):
            orders = (f"ZF-{k}-A", f"ZF-{k}-B")
            won, lost = race_round(
                race,
                [
                    ("finance", "payment.issue_order", pay.order_args(orders[0], 1, first)),
                    ("finance-2", "payment.issue_order", pay.order_args(orders[1], 1, first)),
                ],
                stream,
                "FT-PAY-TRANCHE",
                "tranche",
            )
            schedule = w.get(PaymentSchedule, stream)
            assert schedule.tranches[0]["status"] == "ordered"
            assert schedule.tranches[0]["order_no"] == orders[won]
            assert schedule.pending_orders() == [orders[won]]
            assert schedule.ordered_fen == first <= schedule.total_fen
            assert not w.app.chain.existing_streams([payment_order_stream(orders[lost])])
            # Another settler (not a racing actor) records the failure: the tranche is due again.
            w.when(
                "district-fin",
                "payment.record_failure",
                {"order_no": orders[won], "kind": "returned", "reason": "账户信息有误，退票"},
            )
    finally:
        race.close()
    assert_verified(url, w)


def test_two_earmarks_racing_past_the_central_allocation(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """HRB 第二条 (FT-PRG-BUDGET-TOTAL): 60万 of the central allocation is not yet earmarked; two officers
    earmark 40万 each for two other categories at once (two budget lines, one programme): one earmark holds,
    the other is refused, and the lines never hold more than was allocated. Between rounds a third officer
    records a further 40万 allocation, so 60万 is free again."""
    w = harbin(url, line_fen=15_000 * WAN - 60 * WAN)
    w.actor("finance-3", Role.CITY_FINANCE, org_code="HRB-FIN", org_kind="city_finance")
    stream = programme_stream(PROGRAMME)
    pairs = [("training", "route"), ("monitoring", "diagnosis"), ("centre", "product_chain")]
    race = Race(w, url, monkeypatch)
    try:
        for k, (first, second) in enumerate(pairs[:ROUNDS]):
            if k:
                w.when(
                    "finance-3",
                    "programme.record_allocation",
                    {
                        "programme_id": PROGRAMME,
                        "doc_no": f"财建〔2025〕{k}号",
                        "fiscal_year": 2025,
                        "amount_fen": 40 * WAN,
                    },
                )
            before = w.get(Programme, stream)
            assert before.central_allocated_fen - before.budget_total_fen == 60 * WAN
            won, lost = race_round(
                race,
                [
                    ("finance", "programme.open_budget_line", earmark(first)),
                    ("finance-2", "programme.open_budget_line", earmark(second)),
                ],
                stream,
                "FT-PRG-BUDGET-TOTAL",
                "amount_fen",
            )
            after = w.get(Programme, stream)
            assert after.budget_total_fen == before.budget_total_fen + 40 * WAN <= after.central_allocated_fen
            assert after.budget_fen((first, second)[won]) == 40 * WAN
            assert after.budget_fen((first, second)[lost]) == 0
            lost_line = budget_line_stream(PROGRAMME, (first, second)[lost])
            assert not w.app.chain.existing_streams([lost_line])
    finally:
        race.close()
    assert_verified(url, w)


def earmark(category: str) -> dict[str, Any]:
    return {"programme_id": PROGRAMME, "category": category, "amount_fen": 40 * WAN}
