"""Issue 9 item 1: every view kept up incrementally equals the same view rebuilt from zero, on SQLite and on
PostgreSQL, for a ledger built by a hypothesis state machine of domain commands.

The machine drives a real ledger (tests/projection_world.py ``Driver`` over a LedgerWorld: signed envelopes,
chain, seals) through the Harbin pilot, each step chosen among those valid in the current state: enterprises
registered (and their bank accounts changed); projects from intake through tracking, assessments, acceptance
(some failing first), contract, invoice, voucher, claim and verification to the proposal (some below the
ceiling, some proposed again after a rejection); lists published, objections received and resolved (dismissed,
upheld to take an entry off or lower it); approval requests and 市政府 decisions (some rejected, some approved
lower, A28); payment schedules, orders (tranche 2 once the gates of 第十一条 open), settlements, failures and
returns; clawback cases with investigations and decisions (no action, recomputed, full recovery), repayments,
co-signed write-offs (some declined or withdrawn), referrals and closings; product and diagnosis awards
applied for, reviewed, proposed, listed, approved and paid; procured services from notice to payment (amended,
cancelled); allocations, receipts and a topped-up line; withdrawals and terminations — and commands the domain
must refuse (their rule asserted, the head unchanged). At random points the live views catch up: through the
long-lived projector (its aggregates cached), a new one (nothing cached: each aggregate loaded as it stood), one
of another, read-only ledger process, or the long-lived one only up to an earlier command's end. After each
third of the run every table of every view of ``all_views()`` is rebuilt from zero into an empty SQLite
database and compared row by row with the live tables, and ``projections.balances.check`` finds nothing.

2,000 commands per backend (about 14 s on SQLite and 24 s on PostgreSQL, measured on 2 cores), in one
derandomized run: the same sequence on both backends, every run. ``FUNDTRAIL_PROJECTION_COMMANDS`` sets another
count and ``FUNDTRAIL_PROJECTION_SALT`` another sequence (for a bench or a longer hunt; the batches take intake
until 2025-11-30, so a run of much more than 5,000 commands thins out).

How hypothesis is used: one rule, ``steps``, draws a seed and takes a few steps whose kinds (by ``WEIGHTS``),
targets and variants all come from ``Random(seed)``. Letting hypothesis pick among one rule per kind does not
suit a single long example: it first tries its simplest example (every choice the first: one rule again and
again) and its swarm testing switches a random part of the rules off for the whole example. The simplest
example is discarded before it builds anything (``start``), so the one example run is a random one; shrinking
is off (a failing step names the last steps it followed).
"""

from __future__ import annotations

import os
import random
import time
import uuid
from collections import deque
from functools import partial
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import psycopg
import pytest
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import assume
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine
from hypothesis.stateful import initialize
from hypothesis.stateful import invariant
from hypothesis.stateful import rule
from hypothesis.stateful import run_state_machine_as_test

from ledger.store import LedgerStore
from projections.balances import ORDERS
from projections.balances import PROCUREMENTS
from projections.balances import RECEIVABLES
from projections.balances import SCHEDULES
from projections.balances import SUBJECTS
from projections.balances import check
from projections.core import rows
from projections.views import deep_check
from tests.projection_world import REFUSALS
from tests.projection_world import Driver

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

TARGET = int(os.environ.get("FUNDTRAIL_PROJECTION_COMMANDS", "2000"))
SALT = int(os.environ.get("FUNDTRAIL_PROJECTION_SALT", "0"))  # another sequence, the same on both backends
CHECKS = 2  # rebuilds compared with the live views before the end (and once at the end)
MIN_INVOCATIONS = (
    1_000  # hypothesis may stop a machine at any step (p = 2**-16): not before these (they fit its buffer)
)
SEEDS = st.integers(0, 2**16 - 1)  # each step's variants come from a Random seeded by one drawn integer
WEIGHTS = {  # how often a kind of step is taken when it is possible
    "advance": 30,
    "pay": 14,
    "intake": 8,
    "enterprise": 3,
    "list": 5,
    "objection": 2,
    "resolve": 3,
    "complete": 5,
    "request": 5,
    "decide": 5,
    "gates": 3,
    "open_case": 3,
    "case": 8,
    "provider": 2,
    "apply": 4,
    "award": 5,
    "procure": 2,
    "procurement": 5,
    "withdraw": 2,
    "terminate": 1,
    "account": 1,
    "budget": 1,
    "next_day": 6,
    "refuse": 6,
    "catch_up": 6,
}
STEPS_PER_RULE = max(4, -(-TARGET // 400))  # steps an invocation takes: the target well within MIN_INVOCATIONS
BURST = {"advance": 3, "pay": 2, "case": 2, "award": 2}  # steps of one kind taken together, at most
RATIO = {  # at most one of these in so many commands (refusals, withdrawals and the like stay the exception)
    "refuse": 12,
    "withdraw": 30,
    "objection": 40,
    "open_case": 40,
    "terminate": 120,
    "account": 150,
    "budget": 200,
}


def below(rnd: random.Random, n: int) -> int:
    """A variant in 0..n-1."""
    return rnd.randrange(n) if n > 1 else 0


class ProjectionMachine(RuleBasedStateMachine):
    """Domain steps on a real ledger, the live views caught up between them, rebuilt and compared."""

    def __init__(self, url_for: Callable[[], str], scratch: Path, target: int, made: list[Driver]) -> None:
        super().__init__()
        self.url_for = url_for
        self.scratch = scratch
        self.target = target
        self.made = made
        self.d: Driver | None = None
        self.checkpoints = [target * i // (CHECKS + 1) for i in range(CHECKS, 0, -1)]  # commands, last first
        self.trail: deque[str] = deque(maxlen=12)
        self.counts: dict[str, int] = {}
        self.invocations = 0

    # -- helpers -----------------------------------------------------------------------------------------
    @property
    def driver(self) -> Driver:
        assert self.d is not None
        return self.d

    def running(self) -> bool:
        return self.d is not None and self.d.commands < self.target

    def can(self, kind: str) -> bool:
        if not self.running():
            return False
        ratio = RATIO.get(kind)
        if ratio is not None and self.counts.get(kind, 0) * ratio >= self.driver.commands:
            return False
        return bool(self.driver.refusal_candidates() if kind == "refuse" else self.driver.candidates(kind))

    def take(self, kind: str, rnd: random.Random, burst: int = 1) -> None:
        """Up to ``burst`` steps of ``kind`` (while one is possible), every choice from ``rnd``."""
        d = self.driver

        def pick(found: list[str]) -> str:
            chosen = rnd.choice(found)
            self.trail.append(f"{kind} {chosen} ({d.today}, {d.commands} commands)")
            return chosen

        choose = partial(below, rnd)

        for _ in range(rnd.randint(1, burst)):
            if kind == "refuse":
                found = d.refusal_candidates()
                if not found:
                    break
                self.fail_with_trail(partial(d.refusal, pick(found)))
            else:
                if not d.candidates(kind):
                    break
                self.fail_with_trail(partial(d.step, kind, pick, choose))
            self.counts[kind] = self.counts.get(kind, 0) + 1

    def fail_with_trail(self, act: Callable[[], Any]) -> None:
        try:
            act()
        except Exception as e:
            trail = "\n  ".join(self.trail)
            msg = f"{type(e).__name__}: {e}\nlast steps (newest last):\n  {trail}"
            raise AssertionError(msg) from e

    def assert_same(self) -> None:
        """Every table of every view rebuilt from zero equals the live one; the invariants hold."""
        d = self.driver
        scratch = self.scratch / f"rebuilt-{uuid.uuid4().hex[:8]}.sqlite"  # an empty database each time
        differ = d.compare(f"sqlite:///{scratch}")
        assert differ == {}, differ
        assert check(d.live.engine) == []

    # -- start -----------------------------------------------------------------------------------------------
    @initialize(go=st.booleans())
    def start(self, go: bool) -> None:
        # Hypothesis first tries its simplest example (every choice the first: the first rule possible, again
        # and again); discarding it here, before any ledger exists, makes the one example run a random one.
        assume(go)
        self.d = Driver(self.url_for())
        self.made.append(self.d)

    # -- one step ------------------------------------------------------------------------------------------
    @rule(seed=SEEDS)
    def steps(self, seed: int) -> None:
        """A few steps, each of a kind possible now chosen by weight (``WEIGHTS``), every choice from one
        ``Random(seed)``; the live views are caught up in some."""
        self.invocations += 1
        rnd = random.Random(seed + (SALT << 16))
        for _ in range(STEPS_PER_RULE):
            if not self.running():
                return  # the target is reached: the remaining steps do nothing (the last checks follow the run)
            kinds = [k for k in WEIGHTS if k == "catch_up" or self.can(k)]
            kind = rnd.choices(kinds, weights=[WEIGHTS[k] for k in kinds])[0]
            if kind == "catch_up":
                how = rnd.choice([0, 0, 1, 2, 3, 3])
                self.trail.append(f"catch_up {how}")
                self.fail_with_trail(partial(self.driver.catch_up, how, partial(below, rnd)))
            else:
                self.take(kind, rnd, BURST.get(kind, 1))

    @invariant()
    def rebuilt_equals_live(self) -> None:
        if self.d is None or not self.checkpoints or self.d.commands < self.checkpoints[-1]:
            return
        self.checkpoints.pop()
        self.assert_same()


def fresh_url(base: str, tmp_path: Path) -> Callable[[], str]:
    """A new, empty ledger database on the backend of ``base`` for each example hypothesis runs (a failing
    example is run again to be reported): a SQLite file, or a new schema in the PostgreSQL test database."""
    made = iter(range(1_000_000))
    if base.startswith("sqlite"):
        return lambda: f"sqlite:///{tmp_path}/ledger-{next(made)}.sqlite"
    parts = urlsplit(base)
    schema = parse_qs(parts.query)["schema"][0]
    conninfo = base.split("?", 1)[0]

    def new() -> str:
        name = f"{schema}_{next(made)}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')  # dropped with the run's database (tests/conftest.py)
        return f"{conninfo}?schema={name}"

    return new


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/ledger.sqlite"
    return str(request.getfixturevalue("pg_ledger_url"))


def test_views_rebuilt_from_zero_equal_the_views_kept_up_through_a_random_run(url: str, tmp_path: Path) -> None:
    made: list[Driver] = []
    machines: list[ProjectionMachine] = []

    url_for = fresh_url(url, tmp_path)

    class Machine(ProjectionMachine):  # one per example hypothesis runs, on a database of its own
        def __init__(self) -> None:
            super().__init__(url_for, tmp_path, TARGET, made)
            machines.append(self)

    started = time.perf_counter()
    try:
        run_state_machine_as_test(
            Machine,
            _min_steps=MIN_INVOCATIONS,
            settings=settings(
                max_examples=1,
                stateful_step_count=MIN_INVOCATIONS + 100,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            ),
        )
        machine = machines[-1]
        d = machine.driver
        assert d.commands >= TARGET, f"the run stopped at {d.commands} commands: {machine.counts}"
        machine.assert_same()
        assert deep_check(LedgerStore(d.w.app), d.live, f"sqlite:///{tmp_path}/deep.sqlite") == []
        # the run did real work: every table filled, every part of the domain reached
        assert len(d.compared) == CHECKS + 1
        assert sorted(d.catch_up_modes) == [0, 1, 2, 3], d.catch_up_modes
        counts = {t.name: len(rows(d.live.engine, t)) for t in (SUBJECTS, SCHEDULES, ORDERS, RECEIVABLES, PROCUREMENTS)}
        assert min(counts.values()) > 0, counts
        needed = {
            "project.propose_subsidy",
            "publicity.resolve_objection",
            "approval.record_decision",
            "payment.record_settlement",
            "payment.record_failure",
            "clawback.decide",
            "clawback.record_repayment",
            "clawback.countersign_write_off",
            "award.propose",
            "award.withdraw",
            "project.withdraw",
            "procurement.record_payment",
        }
        assert needed <= set(d.w.accepted), needed - set(d.w.accepted)
        refused = {k.split()[1] for k in d.w.refusals}
        assert len(refused) >= len(REFUSALS) // 2, d.w.refusals
        elapsed = time.perf_counter() - started
        print(
            f"\n{url.split(':', maxsplit=1)[0]}: {d.commands} commands ({d.setup_commands} setup, "
            f"{sum(d.w.refusals.values())} refused) in {elapsed:.1f} s, {machine.invocations} rule invocations; "
            f"catch-ups {dict(d.catch_up_modes)} (mode: count); "
            f"compared at {d.compared}; tables {counts}\nsteps {machine.counts}\naccepted {dict(d.w.accepted)}"
            f"\nrefused {dict(d.w.refusals)}"
        )
    finally:
        for driver in made:
            driver.close()
