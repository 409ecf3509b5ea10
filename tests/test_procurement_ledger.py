"""Procured public services through a real ledger, on SQLite and PostgreSQL (HRB 第四条（三）（四）, 第七条, 第十条).

The givens of tests/domain/test_procurement.py run unchanged on tests/ledger_world.py: every step is a
signed, sealed command. A procurement goes from notice to payments (its notice given through the
generated CLI, its award as a signed ``apply`` line); refusals append nothing; the verifier finds nothing
and re-execution reproduces every record. Then two ledger processes race two contracts of one category
that each fit alone but not together, on every cap: exactly one commits the line, the other's save meets
the conflict on the budget line and, checked again, is refused under FT-PCM-CAP.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Any
from typing import cast

import pytest
from click.testing import CliRunner
from eventsourcing.persistence import IntegrityError

from domain.clock import FixedClock
from domain.errors import RuleViolation
from domain.policy.params import SEED_CATEGORY_CAPS
from domain.procurement.aggregate import Procurement
from domain.procurement.aggregate import procurement_stream
from domain.programme.budget import BudgetLine
from domain.programme.budget import budget_line_stream
from fundtrail.cli import main as fundtrail
from ledger import keys
from ledger.chain import StaleReadError
from ledger.recheck import Summary
from ledger.recheck import recheck
from tests.domain import test_procurement as pcm
from tests.helpers import LOG_KEY
from tests.helpers import open_ledger
from tests.ledger_world import LedgerWorld
from verify.checks import ChainVerifier
from verify.sources import open_source

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from uuid import UUID

    from ledger.app import FundtrailLedger
    from tests.domain.memory import World

WAN = pcm.WAN
PROGRAMME = pcm.PROGRAMME


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/procurement.sqlite"
    return str(request.getfixturevalue("pg_ledger_url"))


def as_world(w: LedgerWorld) -> World:
    """The domain givens expect the in-memory World; a LedgerWorld has the same interface."""
    return cast("World", w)


def harbin(url: str, lines: dict[str, int] | None = None) -> LedgerWorld:
    w = LedgerWorld(url)
    pcm.harbin(as_world(w), lines)
    return w


def assert_verified(url: str, w: LedgerWorld) -> None:
    source = open_source(url)
    try:
        report = ChainVerifier(source, jobs=1).run()
    finally:
        source.close()
    assert report.findings == []
    assert report.records == w.app.chain.chain_size()


def cli(env: dict[str, str], at: datetime, *args: str, code: int = 0) -> str:
    """Run ``fundtrail`` with its clock fixed at ``at``: each invocation later than the last record, so no
    writer's clock trails the head (a trailing writer records the head's time, docs/ledger-format.md §4.2)."""
    result = CliRunner().invoke(fundtrail, ["--lang", "en", *args], env={**env, "FUNDTRAIL_AT": at.isoformat()})
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result.output


# -- the lifecycle ---------------------------------------------------------------------------------------


def test_a_procured_service_from_notice_to_payment(url: str, tmp_path: Path) -> None:
    """HRB 第十条: notice (through ``fundtrail city procure notice``), award (an ``apply`` line), contract on
    the training line (第四条（三）3), amendment, acceptances and payments; refusals append nothing."""
    w = harbin(url)
    keys.write(w.keys["miit"], tmp_path / "miit.json")
    keys.write(LOG_KEY, tmp_path / "log.json")
    env = {
        "FUNDTRAIL_LEDGER": url,
        "FUNDTRAIL_KEY": str(tmp_path / "miit.json"),
        "FUNDTRAIL_LOG_KEY": str(tmp_path / "log.json"),
        "LANG": "en_US.UTF-8",
    }
    notice = pcm.notice_args("P-1", "training", 60 * WAN)
    options = ["--programme-id", PROGRAMME, "--category", "training", "--title", notice["title"]]
    options += ["--method", "open_tender", "--notice-ref", notice["notice_ref"], "--noticed-on", "2025-02-10"]
    start = w.now
    minute = [start + timedelta(minutes=n) for n in range(5)]
    head = w.app.chain.chain_head()
    notice_cli = ["city", "procure", "notice", "P-1"]
    refused = cli(env, minute[1], *notice_cli, *options, "--budget-fen", str(70 * WAN + 1), code=1)
    assert "FT-PCM-BUDGET" in refused and "budget_fen" in refused and "第十条" in refused
    wrong = [*options[:2], "--category", "diagnosis", *options[4:], "--budget-fen", str(WAN)]
    refused = cli(env, minute[1], *notice_cli, *wrong, code=1)
    assert "FT-PCM-CATEGORY" in refused and "category" in refused
    assert w.app.chain.chain_head() == head, "a refused CLI command appended something"
    cli(env, minute[2], *notice_cli, *options, "--budget-fen", str(60 * WAN))
    # the award as an apply line: signed offline by 市工信局, applied by the ledger
    award = json.dumps(pcm.award_args("P-1", 58 * WAN))
    signed = cli(env, minute[3], "sign", "procurement.record_award", "--args", award, "--command-id", "award-P-1")
    (tmp_path / "batch.jsonl").write_text(signed.strip().splitlines()[-1] + "\n", encoding="utf-8")
    cli(env, minute[4], "apply", str(tmp_path / "batch.jsonl"))
    w.now = start + timedelta(minutes=10)
    p = w.get(Procurement, procurement_stream("P-1"))
    assert (p.status, p.support_mode, p.award and p.award["amount_fen"]) == (
        "awarded",
        "government_procurement",
        58 * WAN,
    )

    records = w.when("miit", "procurement.sign_contract", pcm.contract_args("P-1", 58 * WAN))
    topics = [r["topic"] for r in records]
    assert "fundtrail.procurement.ContractSigned" in topics and "fundtrail.programme.BudgetCommitted" in topics
    w.refused("miit", "procurement.sign_contract", pcm.contract_args("P-1", 58 * WAN), rule="FT-PCM-ORDER")
    pcm.awarded(as_world(w), "P-2", "training", 10 * WAN)  # fits the 12万 left now
    w.when("miit", "procurement.amend_contract", pcm.amend_args("P-1", "BG-1", 62 * WAN))
    w.refused(
        "miit",
        "procurement.amend_contract",
        pcm.amend_args("P-1", "BG-2", 70 * WAN + 1),
        rule="FT-PCM-AMEND",
        field="amount_fen",
    )
    w.refused(
        "miit", "procurement.sign_contract", pcm.contract_args("P-2", 10 * WAN), rule="FT-PCM-CAP", field="amount_fen"
    )
    w.refused(
        "miit",
        "procurement.publish_notice",
        pcm.notice_args("P-3", "training", WAN, notice_ref=notice["notice_ref"]),
        rule="FT-PCM-REUSE",
        field="notice_ref",
    )
    w.when("miit", "procurement.accept_deliverable", pcm.accept_args("P-1", "D1", 30 * WAN, "failed"))
    w.refused(
        "finance",
        "procurement.record_payment",
        pcm.pay_args("P-1", "F1", "D1", 30 * WAN),
        rule="FT-PCM-PAY-ACCEPTED",
        field="deliverable_id",
    )
    w.when("miit", "procurement.accept_deliverable", pcm.accept_args("P-1", "D1", 30 * WAN))
    w.when("miit", "procurement.accept_deliverable", pcm.accept_args("P-1", "D2", 32 * WAN))
    w.when("finance", "procurement.record_payment", pcm.pay_args("P-1", "F1", "D1", 30 * WAN, bank_serial="BS-1"))
    w.refused(
        "finance-2",
        "procurement.record_payment",
        pcm.pay_args("P-1", "F2", "D2", 32 * WAN, bank_serial="BS-1"),
        rule="FT-PCM-SERIAL",
        field="bank_serial",
    )
    w.refused(
        "finance", "procurement.record_payment", pcm.pay_args("P-1", "F2", "D2", 32 * WAN + 1), rule="FT-PCM-PAY-CAP"
    )
    w.refused("miit", "procurement.record_payment", pcm.pay_args("P-1", "F2", "D2", 32 * WAN), rule="FT-ROLE")
    w.when("finance", "procurement.record_payment", pcm.pay_args("P-1", "F2", "D2", 32 * WAN))
    p = w.get(Procurement, procurement_stream("P-1"))
    assert (p.contract_fen, p.accepted_fen, p.paid_fen, p.raised_fen) == (62 * WAN, 62 * WAN, 62 * WAN, 4 * WAN)
    line = w.get(BudgetLine, budget_line_stream(PROGRAMME, "training"))
    assert (line.committed_fen, line.commitments) == (62 * WAN, {"procurement:P-1": 62 * WAN})

    summary = Summary()
    assert list(recheck(w.app, summary)) == []
    assert summary.commands > 20
    assert_verified(url, w)


# -- racing writers on every cap -------------------------------------------------------------------------


@dataclass
class Writer:
    """One racing ledger process: what its first save wrote, the conflicts its saves met, how it ended."""

    app: FundtrailLedger
    name: str
    attempts: int = 0
    first_streams: set[UUID] = field(default_factory=set)
    conflicts: list[Exception] = field(default_factory=list)
    applied: bool = False
    refusal: RuleViolation | None = None
    error: BaseException | None = None


class Race:
    """Two apps on one database; each reads and checks its command, then waits at a barrier placed just
    before its save, so both have read the same state before either saves (the race is forced). The hook
    records the conflict the losing save meets; ``submit`` then checks that command again."""

    def __init__(self, w: LedgerWorld, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.w = w
        self.barrier = threading.Barrier(2, timeout=60)
        self.writers: list[Writer] = []
        for n in range(2):
            app = open_ledger(url, FixedClock(w.now, tick=timedelta(0)))
            writer = Writer(app=app, name=f"writer-{n}")
            monkeypatch.setattr(app, "_save", self._hook(writer, app._save))
            self.writers.append(writer)

    def _hook(self, writer: Writer, save: Callable[..., None]) -> Callable[..., None]:
        def hooked(*args: Any, **kwargs: Any) -> None:
            writer.attempts += 1
            if writer.attempts == 1:
                objs = args[3]  # the command record (an event) and the aggregates, as ``_save`` gets them
                writer.first_streams = {getattr(o, "originator_id", None) or o.id for o in objs}
                self.barrier.wait()
            try:
                save(*args, **kwargs)
            except (StaleReadError, IntegrityError) as e:
                writer.conflicts.append(e)
                raise

        return hooked

    def run(
        self, commands: list[tuple[str, str, dict[str, Any]]], shared: UUID, rule: str, field: str
    ) -> tuple[Writer, Writer]:
        """Submit ``commands[i]`` (actor, command, args) through writer i, both at once; (winner, loser) after
        checking that exactly one applied, that the other's one save met the conflict on ``shared`` (the only
        stream both wrote) and that, checked again, it was refused under ``rule`` at ``field``."""
        self.barrier = threading.Barrier(2, timeout=60)
        for writer in self.writers:
            writer.attempts, writer.first_streams, writer.conflicts = 0, set(), []
            writer.applied, writer.refusal, writer.error = False, None, None
        self.w.counter += 1

        def go(writer: Writer, actor: str, command: str, args: dict[str, Any]) -> None:
            try:
                signed = writer.app.envelope(self.w.keys[actor], command, args, f"race-{writer.name}-{self.w.counter}")
                writer.app.submit(signed)
                writer.applied = True
            except RuleViolation as e:
                writer.refusal = e
            except BaseException as e:
                writer.error = e
                self.barrier.abort()

        threads = [
            threading.Thread(target=go, args=(writer, *command))
            for writer, command in zip(self.writers, commands, strict=True)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        for writer in self.writers:
            assert writer.error is None, f"{writer.name} failed outside the domain: {writer.error!r}"
        applied = [x for x in self.writers if x.applied]
        assert len(applied) == 1, [(x.name, x.applied, x.refusal) for x in self.writers]
        winner = applied[0]
        loser = self.writers[1 - self.writers.index(winner)]
        assert winner.attempts == 1 and winner.conflicts == [], winner.conflicts
        # the loser saved once, after reading what the winner read: that save met the conflict, and the
        # command, checked again against the winner's state, was refused before a second save
        assert loser.attempts == 1 and len(loser.conflicts) == 1, (loser.attempts, loser.conflicts)
        assert loser.refusal is not None
        assert (loser.refusal.rule, loser.refusal.field) == (rule, field), str(loser.refusal)
        assert winner.first_streams & loser.first_streams == {shared}
        conflict = str(loser.conflicts[0])
        if "Key (originator_id" in conflict:  # PostgreSQL names the duplicate key: the shared stream's
            assert str(shared) in conflict, conflict
        return winner, loser

    def close(self) -> None:
        for writer in self.writers:
            writer.app.close()


# (category, each contract): the centre, training and route lines stand at their caps; the monitoring line at
# the 390万 the 20% remainder leaves (domain rules §1.3), below its 400万 cap.
ROUNDS = [
    ("centre", 600 * WAN, "its category cap"),
    ("training", 40 * WAN, "its category cap"),
    ("route", 70 * WAN, "its category cap"),
    ("monitoring", 200 * WAN, "its budget line"),
]
REMAINDER_LINES = {
    "product_xkqz": SEED_CATEGORY_CAPS["product_xkqz"],
    "product_chain": SEED_CATEGORY_CAPS["product_chain"],
    "diagnosis": SEED_CATEGORY_CAPS["diagnosis"],
    "centre": SEED_CATEGORY_CAPS["centre"],
    "training": SEED_CATEGORY_CAPS["training"],
    "route": SEED_CATEGORY_CAPS["route"],
    "monitoring": 390 * WAN,
}


def test_two_contracts_racing_for_one_category_on_every_cap(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """HRB 第四条（三）1 ≤ 1020万, （三）3 ≤ 70万, （三）4 ≤ 120万, （四） ≤ 400万 and the 20% outside the 80%
    earmark (FT-PCM-CAP, HRB-4.3/4.4): per category two officers sign two contracts at once, each fitting
    alone, not together. One commits; the other's save meets the conflict on the budget line (the only
    stream both write) and is refused when checked again; the line never passes its cap."""
    w = harbin(url, REMAINDER_LINES)
    gw = as_world(w)
    for category, amount, _ in ROUNDS:
        pcm.awarded(gw, f"{category}-A", category, amount)
        pcm.awarded(gw, f"{category}-B", category, amount, actor="miit-2")
    race = Race(w, url, monkeypatch)
    try:
        for category, amount, binds in ROUNDS:
            shared = budget_line_stream(PROGRAMME, category)
            a, b = f"{category}-A", f"{category}-B"
            contracts = [
                ("miit", "procurement.sign_contract", pcm.contract_args(a, amount)),
                ("miit-2", "procurement.sign_contract", pcm.contract_args(b, amount)),
            ]
            winner, loser = race.run(contracts, shared, "FT-PCM-CAP", "amount_fen")
            assert loser.refusal is not None and binds in loser.refusal.detail, loser.refusal
            line = w.get(BudgetLine, shared)
            assert line.committed_fen == amount <= min(line.cap_fen, SEED_CATEGORY_CAPS[category])
            won, lost = (a, b) if winner is race.writers[0] else (b, a)
            assert line.commitments == {f"procurement:{won}": amount}
            assert w.get(Procurement, procurement_stream(won)).status == "contracted"
            assert w.get(Procurement, procurement_stream(lost)).status == "awarded"
    finally:
        race.close()
    assert_verified(url, w)


def test_two_acceptances_then_two_payments_racing_past_the_contract(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """HRB 第十条 (FT-PCM-ACCEPT) and 第二条 (FT-PCM-PAY-CAP): on a 100万 route-planning contract, two officers
    accept two deliverables of 60万 at once (together above the contract), then two finance officers pay
    40万 each against the one accepted 60万 deliverable at once (together above it): each time one applies
    and the other, meeting the conflict on the procurement, is refused; nothing passes its cap."""
    w = harbin(url)
    gw = as_world(w)
    pcm.contracted(gw, "P-1", "route", 100 * WAN)
    shared = procurement_stream("P-1")
    race = Race(w, url, monkeypatch)
    try:
        acceptances = [
            ("miit", "procurement.accept_deliverable", pcm.accept_args("P-1", "D1", 60 * WAN)),
            ("miit-2", "procurement.accept_deliverable", pcm.accept_args("P-1", "D2", 60 * WAN)),
        ]
        race.run(acceptances, shared, "FT-PCM-ACCEPT", "amount_fen")
        p = w.get(Procurement, shared)
        assert (p.accepted_fen, len(p.deliverables)) == (60 * WAN, 1)
        (accepted,) = p.deliverables
        payments = [
            ("finance", "procurement.record_payment", pcm.pay_args("P-1", "F1", accepted, 40 * WAN)),
            ("finance-2", "procurement.record_payment", pcm.pay_args("P-1", "F2", accepted, 40 * WAN)),
        ]
        race.run(payments, shared, "FT-PCM-PAY-CAP", "amount_fen")
        p = w.get(Procurement, shared)
        assert (p.contract_fen, p.paid_fen, len(p.payments)) == (100 * WAN, 40 * WAN, 1)
    finally:
        race.close()
    assert_verified(url, w)
