"""Shared setup for the domain suites that run through a real ledger (tests/test_domain_races.py,
tests/test_domain_refusals.py): the Harbin actors and programme on a LedgerWorld, and a hook that
holds two racing writers at a barrier after both have read and checked, before either saves.

The givens of tests/domain (typed for the in-memory ``World``) run unchanged on a ``LedgerWorld``,
which has the same interface; ``given_world`` says so to the type checker.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from dataclasses import field
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Any
from typing import cast

from eventsourcing.persistence import IntegrityError

from domain.clock import FixedClock
from domain.errors import RuleViolation
from domain.policy.params import SEED_PARAMS
from domain.roles import Role
from ledger.chain import StaleReadError
from tests.domain import test_approval as apr
from tests.domain import test_project_given as given
from tests.helpers import open_ledger
from tests.ledger_world import LedgerWorld
from verify.checks import ChainVerifier
from verify.sources import open_source

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    import pytest

    from ledger.app import FundtrailLedger
    from tests.domain.memory import World

WAN = given.WAN
PROGRAMME = given.PROGRAMME
BATCH = given.BATCH
VERSION = given.VERSION
ENT_A = given.ENT_A
ENT_B = given.ENT_B
ENT_C = given.ENT_C


def given_world(w: LedgerWorld) -> World:
    """A LedgerWorld where the givens expect the in-memory World: same interface, real ledger."""
    return cast("World", w)


def harbin_actors(w: LedgerWorld) -> None:
    """Every role the Harbin stories need, and a second officer of each office that races (clerk-2,
    finance-2): two racing commands come from two actors, so they never collide on one actor's
    command stream and only the domain's aggregates can make them conflict."""
    w.actor("district", Role.DISTRICT_MIIT, org_code="HRB-NG-MIIT", org_kind="district_miit")
    w.actor("miit", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor("miit-2", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor("tp", Role.THIRD_PARTY, org_code=given.THIRD_PARTY_ORG, org_kind="third_party")
    w.actor("provider-tp", Role.THIRD_PARTY, org_code=given.PROVIDER, org_kind="provider")
    w.actor("applicant-a", Role.APPLICANT, org_code=ENT_A, org_kind="enterprise")
    w.actor("applicant-b", Role.APPLICANT, org_code=ENT_B, org_kind="enterprise")
    w.actor("finance", Role.CITY_FINANCE, org_code="HRB-FIN", org_kind="city_finance")
    w.actor("finance-2", Role.CITY_FINANCE, org_code="HRB-FIN", org_kind="city_finance")
    w.actor("district-fin", Role.DISTRICT_FINANCE, org_code="HRB-NG-FIN", org_kind="district_finance")
    w.actor("clerk", Role.CITY_GOV_CLERK, org_code="HRB-GOV", org_kind="city_gov")
    w.actor("clerk-2", Role.CITY_GOV_CLERK, org_code="HRB-GOV", org_kind="city_gov")
    w.actor("inspector", Role.INSPECTOR, org_code="HRB-DUCHA", org_kind="task_force")


def programme(w: LedgerWorld, line_fen: int = 12_000 * WAN) -> None:
    """tests/domain/test_approval.py ``programme`` with the transformation line's amount as a parameter:
    established, the seed version active, 1.5亿 allocated, targets approved, the line earmarked."""
    gw = given_world(w)
    w.when(
        "finance",
        "programme.establish",
        {
            "programme_id": PROGRAMME,
            "name": "哈尔滨市中小企业数字化转型城市试点专项资金",
            "fund_source": "central",
            "legal_basis": [{**apr.MEASURES, "articles": ["第一条", "第十八条"]}],
            "valid_from": "2024-10-15",
            "valid_to": "2025-12-31",
        },
    )
    apr.policy_version(gw, VERSION, SEED_PARAMS.to_dict(), "2024-10-15")
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
        {"programme_id": PROGRAMME, "category": "transformation", "amount_fen": line_fen},
    )


def open_batch(w: LedgerWorld, batch_id: str = BATCH) -> None:
    w.when(
        "miit",
        "batch.open",
        {
            "batch_id": batch_id,
            "programme_id": PROGRAMME,
            "policy_version_id": VERSION,
            "investment_basis": "tax_inclusive",
            "intake_from": "2025-01-01",
            "intake_to": "2025-06-30",
        },
    )


def harbin(url: str, line_fen: int = 12_000 * WAN, enterprises: tuple[str, ...] = (ENT_A, ENT_B, ENT_C)) -> LedgerWorld:
    """The Harbin pilot on a real ledger: actors, programme, batch, eligible enterprises (industry 3823)."""
    w = LedgerWorld(url)
    harbin_actors(w)
    programme(w, line_fen)
    open_batch(w)
    for code in enterprises:
        given.register_enterprise(given_world(w), code, "3823")
    return w


def verify_chain(url: str) -> tuple[list[Any], int]:
    """The independent verifier over the whole ledger: (findings, records checked)."""
    source = open_source(url)
    try:
        report = ChainVerifier(source, jobs=1).run()
    finally:
        source.close()
    return list(report.findings), int(report.records)


# -- racing writers ----------------------------------------------------------------------------------


@dataclass
class Writer:
    """One racing writer: its own ledger process (app) on the shared database, what its first save
    tried to write, every concurrency conflict its saves met, and how its command ended."""

    app: FundtrailLedger
    name: str
    attempts: int = 0
    first_streams: set[UUID] = field(default_factory=set)
    conflicts: list[Exception] = field(default_factory=list)
    applied: bool = False
    refusal: RuleViolation | None = None
    error: BaseException | None = None


class Race:
    """Two writers (two apps on one database) that each read and check their command, then wait for
    each other at a barrier placed just before the save, so both have read the state before either
    saves: the race is forced, not hoped for. The hook also records the conflict (StaleReadError or
    IntegrityError) the losing save meets, which ``FundtrailLedger.submit`` then retries against
    fresh state."""

    def __init__(self, w: LedgerWorld, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.w = w
        self.barrier = threading.Barrier(2, timeout=60)
        self.writers: list[Writer] = []
        for n in range(2):
            # The same instant as the world's clock, standing still: the record time never goes back.
            app = open_ledger(url, FixedClock(w.now, tick=timedelta(0)))
            writer = Writer(app=app, name=f"writer-{n}")
            monkeypatch.setattr(app, "_save", self._hook(writer, app._save))
            self.writers.append(writer)

    def _hook(self, writer: Writer, save: Callable[..., None]) -> Callable[..., None]:
        def hooked(*args: Any, **kwargs: Any) -> None:
            writer.attempts += 1
            if writer.attempts == 1:
                objs = args[3]
                # The command record is an event (its stream is the actor's); the rest are aggregates.
                writer.first_streams = {getattr(o, "originator_id", None) or o.id for o in objs}
                self.barrier.wait()  # both writers have read and checked; now both save
            try:
                save(*args, **kwargs)
            except (StaleReadError, IntegrityError) as e:
                writer.conflicts.append(e)
                raise

        return hooked

    def run(self, commands: list[tuple[str, str, dict[str, Any]]]) -> list[Writer]:
        """Submit ``commands[i]`` = (actor, command, args) through writer i, both at once."""
        assert len(commands) == 2

        def go(writer: Writer, actor: str, command: str, args: dict[str, Any]) -> None:
            w = self.w
            try:
                signed = writer.app.envelope(w.keys[actor], command, args, f"race-{writer.name}-{w.counter}")
                writer.app.submit(signed)
                writer.applied = True
            except RuleViolation as e:
                writer.refusal = e
                if writer.attempts == 0:  # refused before the barrier: no race, do not keep the other waiting
                    self.barrier.abort()
            except BaseException as e:
                writer.error = e
                self.barrier.abort()

        self.w.counter += 1
        threads = [
            threading.Thread(target=go, args=(writer, *command))
            for writer, command in zip(self.writers, commands, strict=True)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        for writer in self.writers:
            outcomes = [(x.name, x.refusal, x.error) for x in self.writers]
            assert writer.error is None, f"{writer.name} failed outside the domain: {outcomes}"
        return self.writers

    def reset(self) -> None:
        """Ready for another round: a new barrier, fresh per-round records."""
        self.barrier = threading.Barrier(2, timeout=60)
        for writer in self.writers:
            writer.attempts = 0
            writer.first_streams = set()
            writer.conflicts = []
            writer.applied = False
            writer.refusal = None
            writer.error = None

    def close(self) -> None:
        for writer in self.writers:
            writer.app.close()
