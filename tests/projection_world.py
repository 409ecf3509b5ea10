"""A driver of domain commands over a real ledger, for the projection state machine
(tests/test_projection_state_machine.py; a bench may drive it longer).

``Driver`` holds the Harbin pilot on a ``LedgerWorld`` (SQLite or PostgreSQL) and a model of what the
ledger holds — enterprises, projects, awards, lists, approval requests, payment schedules, clawback cases,
procured services — just precise enough to offer, at any moment, the domain steps valid in the current
state: ``candidates(kind)`` names what a step of that kind may take now and ``step(kind, pick, choose)``
takes one (``pick`` chooses the candidate, ``choose`` every variant, so the caller — a hypothesis state
machine — decides everything). Tranches, recoveries and list windows are read back from the write side after
the steps that change them: A4's arithmetic and the working calendar are the domain's, not re-implemented
here. ``refusal(name)`` submits a command the domain must refuse (``refusal_candidates()`` names those
possible now), asserting its rule and that the head did not move.

Beside the ledger a live ``Projector`` (projections/core.py) keeps every view of
``projections.views.all_views()`` in the ledger's own database; ``catch_up(how)`` moves the views on (through
it, a new projector or another process's) and ``compare(scratch_url)`` rebuilds every view from zero into an
empty SQLite database and returns the tables whose rebuilt rows differ from the live ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Any

from domain.award.aggregate import Award
from domain.award.aggregate import award_stream
from domain.clawback.aggregate import ClawbackCase
from domain.clawback.aggregate import clawback_case_stream
from domain.clock import FixedClock
from domain.enterprise.examples import credit_check_args
from domain.kernel.digest import digest
from domain.payment.aggregate import PaymentSchedule
from domain.payment.aggregate import payment_schedule_stream
from domain.policy.params import SEED_CATEGORY_CAPS
from domain.project.aggregate import Project
from domain.project.aggregate import project_stream
from domain.publicity.aggregate import Publicity
from domain.publicity.aggregate import publicity_stream
from ledger.store import LedgerStore
from projections.core import Projector
from projections.core import engine_for
from projections.core import rows
from projections.views import all_views
from tests import domain_setup
from tests.domain import test_award as awd
from tests.domain import test_clawback as clb
from tests.domain import test_payment as pay
from tests.domain import test_procurement as pcm
from tests.domain import test_project_given as given
from tests.helpers import open_ledger
from tests.ledger_world import LedgerWorld

if TYPE_CHECKING:
    from collections.abc import Callable

    from domain.errors import RuleViolation

WAN = given.WAN
START = awd.AT  # 2025-04-01 10:00 北京时间: the award batches take applications from 03-25
INTAKE_TO = "2025-06-30"  # the first batches take intake and applications until then
LAST_DAY = date(2025, 12, 20)  # the measures end on 2025-12-31
TRANSFORMATION = given.BATCH
SECOND = "HRB-2025-2"  # the second half-year's transformation batch (a longer run reaches it)
INTAKE = {TRANSFORMATION: ("2025-01-01", INTAKE_TO), SECOND: ("2025-07-01", "2025-11-30")}
PRODUCT = awd.PRODUCT_BATCH
DIAGNOSIS = awd.DIAGNOSIS_BATCH
LIST_KIND = {
    TRANSFORMATION: "transformation_subsidy",
    SECOND: "transformation_subsidy",
    PRODUCT: "product_award",
    DIAGNOSIS: "diagnosis_award",
}
AWARD_LINES = {"product_xkqz": 450 * WAN, "product_chain": 150 * WAN, "diagnosis": 800 * WAN}
PROCURED_LINES = {"training": 70 * WAN, "route": 120 * WAN, "monitoring": 400 * WAN}
ITEM_CAP = {"product_xkqz": 15 * WAN, "product_chain": 30 * WAN, "diagnosis": 150 * WAN}
PROVIDER_CAP = 50 * WAN  # 第四条（二）: each provider across both product categories
LEAD_CAP = 150 * WAN  # 第四条（三）2: each lead unit

# the project pipeline before the proposal (model stages, finer than Project.state): one command each
PIPELINE = (
    "intake",
    "pool",
    "tracking",
    "baseline",
    "assessed",
    "accepted",
    "contract",
    "invoice",
    "voucher",
    "claimed",
    "verified",
)
PROPOSED = "proposed"
APPROVED = "approved"
CLOSED = "closed"  # withdrawn, rejected at intake, or terminated before approval: its slot is given back
TERMINATED = "terminated"  # terminated after approval: the approved amount stays committed (A4)
REFUSALS = (
    "ceiling",
    "active_cap",
    "unique",
    "frozen",
    "tranche_gate",
    "settled_again",
    "serial_reused",
    "window",
    "listed_twice",
    "overpay",
    "decider_opened",
    "not_approved",
    "case_open",
    "withdraw_approved",
    "item_cap",
    "approval_ceiling",
)


@dataclass
class Subject:
    """A transformation project or an award, as the model knows it."""

    sid: str
    kind: str  # "project", or the award's category
    payee: str  # the enterprise's or the provider's USCC
    batch: str
    stage: str  # PIPELINE, "applied", "selected", "not_selected", PROPOSED, APPROVED, CLOSED or TERMINATED
    investment_fen: int = 0
    proposed_fen: int = 0
    proposals: int = 0
    listed_at: int = -1  # the proposal last put on a list
    listing: str | None = None  # that list
    withdrawn_at: int = -1  # the proposal an upheld objection took off its list
    requested: str | None = None  # the approval request it waits in
    rejected_at: int = -1  # the proposal 市政府 did not approve
    approval: str | None = None
    approved_fen: int = 0
    tracks: int = 0
    reviews: int = 0
    scheduled: bool = False
    tranches: list[dict[str, Any]] = field(default_factory=list)  # the schedule's, read back
    pending_order: str | None = None
    settled_orders: list[str] = field(default_factory=list)
    case: str | None = None  # the case awaiting its decision (it freezes the subject)
    cases: int = 0

    @property
    def award(self) -> bool:
        return self.kind != "project"

    @property
    def reserved_fen(self) -> int:
        """What the subject holds of its caps: the approved amount, or the proposal until withdrawn."""
        if self.stage in (APPROVED, TERMINATED):
            return self.approved_fen
        return self.proposed_fen if self.stage == PROPOSED else 0

    def lines(self) -> list[tuple[str, str, int]]:
        return [("L1", "software", self.investment_fen)]


@dataclass
class Listing:
    pub_id: str
    batch: str
    entries: dict[str, int]
    end_at: datetime
    completed: bool = False
    objections: dict[str, str] = field(default_factory=dict)  # open objection -> subject


@dataclass
class Case:
    case_id: str
    sid: str
    opener: str
    grounds: list[str]
    doc_no: str
    status: str = "open"  # open | decided | closed
    investigated: bool = False
    outstanding_fen: int = 0
    referred: bool = False
    write_off: dict[str, Any] | None = None  # the pending proposal's arguments


@dataclass
class Procured:
    pid: str
    category: str
    budget_fen: int
    status: str = "noticed"  # noticed | awarded | contracted | cancelled
    awarded_fen: int = 0
    contract_fen: int = 0
    original_fen: int = 0
    raised_fen: int = 0
    accepted: dict[str, int] = field(default_factory=dict)  # deliverable -> amount passed
    failed: dict[str, int] = field(default_factory=dict)  # deliverable -> amount that failed its acceptance
    paid: dict[str, int] = field(default_factory=dict)  # deliverable -> amount paid
    n: int = 0  # numbers deliverables, payments and amendments


HEX_DIGITS = str.maketrans("abcdef", "012345")  # last4 are digits: a hash's last four, hex letters mapped


Plan = tuple[str, str, "Callable[[], dict[str, Any]]", str]  # actor, command, its arguments, the rule refusing it


class CountingWorld(LedgerWorld):
    """A LedgerWorld that counts the commands it submits by name (the givens call ``when`` themselves)."""

    def __init__(self, url: str, now: datetime | None = None) -> None:
        self.accepted: Counter[str] = Counter()
        self.refusals: Counter[str] = Counter()
        super().__init__(url, now)

    def when(self, actor_id: str, command: str, args: dict[str, Any], *, at: datetime | None = None) -> list[Any]:
        out = super().when(actor_id, command, args, at=at)
        self.accepted[command] += 1
        return out

    def refused(
        self,
        actor_id: str,
        command: str,
        args: dict[str, Any],
        *,
        rule: str,
        field: str | None = None,
        at: datetime | None = None,
    ) -> RuleViolation:
        found = super().refused(actor_id, command, args, rule=rule, field=field, at=at)
        self.refusals[f"{command} {rule}"] += 1
        return found


class Driver:
    """The Harbin pilot on a real ledger, its model, and the live projector beside it."""

    def __init__(self, url: str) -> None:
        self.url = url
        w = CountingWorld(url)
        self.w = w
        gw = domain_setup.given_world(w)
        domain_setup.harbin_actors(w)
        domain_setup.programme(w)
        domain_setup.open_batch(w)
        second = {
            "batch_id": SECOND,
            "programme_id": given.PROGRAMME,
            "policy_version_id": given.VERSION,
            "investment_basis": "tax_inclusive",
            "intake_from": INTAKE[SECOND][0],
            "intake_to": INTAKE[SECOND][1],
        }
        w.when("miit", "batch.open", second)
        self.enterprises: dict[str, str] = {}  # USCC -> the applicant acting for it ("" when none is registered)
        for code, actor in ((given.ENT_A, "applicant-a"), (given.ENT_B, "applicant-b"), (given.ENT_C, "")):
            given.register_enterprise(gw, code, "3823")
            self.enterprises[code] = actor
        awd.setup(w)  # now 2025-04-01: criteria, both award batches, providers A and B, lead unit L
        for category, amount in {**AWARD_LINES, **PROCURED_LINES}.items():
            pcm.open_line(gw, category, amount)
        self.providers: dict[str, str] = {awd.PROV_A: "prov-a", awd.PROV_B: "prov-b", awd.LEAD_A: "lead-a"}
        self.checked_on: dict[str, str] = {}  # provider -> the day of its last credit check on a payment day
        self.subjects: dict[str, Subject] = {}
        self.listings: dict[str, Listing] = {}
        self.requests: dict[str, list[tuple[str, int]]] = {}  # approval request -> items, undecided
        self.cases: dict[str, Case] = {}
        self.procured: dict[str, Procured] = {}
        self.ranks: Counter[tuple[str, str]] = Counter()
        self.serials: list[str] = []  # bank serials recorded
        self.gates_open = False
        self.accounts: dict[str, list[tuple[str, str]]] = {
            u: [(given.account_hash(u), "1234")] for u in self.enterprises
        }
        self.allocated_fen = 15_000 * WAN  # the programme's allocation, its lines' total, what has arrived
        self.earmarked_fen = 12_000 * WAN + sum(AWARD_LINES.values()) + sum(PROCURED_LINES.values())
        self.received_fen = 0
        self.n = 0  # numbers every id the driver makes
        self.setup_commands = self.commands
        self.live = Projector(LedgerStore(w.app), engine_for(url), all_views())
        self.catch_up_modes: Counter[int] = Counter()  # catch-ups by ``how``
        self.compared: list[int] = []  # the heads at which rebuilt and live views were compared

    # -- bookkeeping ---------------------------------------------------------------------------------
    @property
    def commands(self) -> int:
        """Domain commands submitted so far, accepted and refused."""
        return sum(self.w.accepted.values()) + sum(self.w.refusals.values())

    @property
    def today(self) -> str:
        return (self.w.now + timedelta(hours=8)).date().isoformat()

    def new_id(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-{self.n}"

    def serial(self) -> str:
        found = self.new_id("BS")
        self.serials.append(found)
        return found

    def when(self, actor: str, command: str, args: dict[str, Any]) -> list[Any]:
        return self.w.when(actor, command, args)

    def get(self, cls: type[Any], stream: Any) -> Any:
        return self.w.get(cls, stream)

    def close(self) -> None:
        self.live.engine.dispose()
        self.w.app.close()

    # -- the projections -------------------------------------------------------------------------------
    def catch_up(self, how: int = 0, choose: Callable[[int], int] | None = None) -> int:
        """Move the live views on; ``how``: 0 the long-lived projector (its aggregates cached), 1 a new
        projector in this process (nothing cached: each aggregate is loaded as it stood before the record),
        2 a new projector of another, read-only ledger process, 3 the long-lived projector up to an earlier
        command's end only (the rest later). Returns how many records were read."""
        self.catch_up_modes[how] += 1
        if how == 1:
            return Projector(LedgerStore(self.w.app), self.live.engine, all_views()).catch_up()
        if how == 2:
            reader = open_ledger(self.url, FixedClock(self.w.now, tick=timedelta(0)), log_key=None)
            try:
                return Projector(LedgerStore(reader), self.live.engine, all_views()).catch_up()
            finally:
                reader.close()
        if how == 3 and choose is not None:
            start = min(self.live.position(v) for v in self.live.views)
            head = self.w.app.chain.chain_size()
            if head > start + 1:
                until = self.live.store.group_end(start + 1 + choose(head - start - 1))
                return self.live.catch_up(until=until)
        return self.live.catch_up()

    def compare(self, scratch_url: str) -> dict[str, str]:
        """Catch the live views up, rebuild every view from zero into ``scratch_url`` (an empty SQLite
        database) and name, per table that differs, its row counts and the first differing rows."""
        self.catch_up()
        head = self.w.app.chain.chain_size()
        assert [self.live.position(v) for v in self.live.views] == [head] * len(self.live.views)
        rebuilt = Projector(LedgerStore(self.w.app), engine_for(scratch_url), all_views())
        out: dict[str, str] = {}
        try:
            rebuilt.catch_up()
            assert [rebuilt.position(v) for v in rebuilt.views] == [head] * len(rebuilt.views)
            for view in self.live.views:
                for table in view.tables():
                    mine, theirs = rows(self.live.engine, table), rows(rebuilt.engine, table)
                    if mine == theirs:
                        continue
                    keys = [c.name for c in table.primary_key.columns]
                    a = {tuple(r[k] for k in keys): r for r in mine}
                    b = {tuple(r[k] for k in keys): r for r in theirs}
                    every = sorted(set(a) | set(b), key=str)
                    differing = [f"{k}: live {a.get(k)} / rebuilt {b.get(k)}" for k in every if a.get(k) != b.get(k)]
                    out[table.name] = f"{len(mine)} live rows, {len(theirs)} rebuilt; " + "; ".join(differing[:3])
        finally:
            rebuilt.engine.dispose()
        self.compared.append(head)
        return out

    # -- what can be done now ----------------------------------------------------------------------------
    def active(self, uscc: str) -> int:
        return sum(1 for s in self.subjects.values() if s.kind == "project" and s.payee == uscc and s.stage != CLOSED)

    def held(self, scope: str) -> int:
        """What the awards under a cap's scope hold of it (provider:USCC, lead_unit:USCC, category:NAME)."""
        kind, _, key = scope.partition(":")
        awards = [s for s in self.subjects.values() if s.award]
        if kind == "category":
            return sum(s.reserved_fen for s in awards if s.kind == key)
        chosen = [s for s in awards if s.payee == key and (s.kind == "diagnosis") == (kind == "lead_unit")]
        return sum(s.reserved_fen for s in chosen)

    def award_room(self, s: Subject) -> int:
        """The most an award may be proposed at: its item cap, its provider's or lead unit's, its category's."""
        own = LEAD_CAP - self.held(f"lead_unit:{s.payee}") if s.kind == "diagnosis" else None
        own = own if own is not None else PROVIDER_CAP - self.held(f"provider:{s.payee}")
        category = SEED_CATEGORY_CAPS[s.kind] - self.held(f"category:{s.kind}")
        return min(ITEM_CAP[s.kind], own, category)

    def line_left(self, category: str) -> int:
        used = sum(p.contract_fen for p in self.procured.values() if p.category == category)
        return PROCURED_LINES[category] - used

    def ordered(self) -> list[Subject]:
        return sorted(self.subjects.values(), key=lambda s: int(s.sid.rsplit("-", 1)[1]))

    def candidates(self, kind: str) -> list[str]:
        """What a step of ``kind`` may take now (subjects, lists, requests, cases, procurements…)."""
        subjects = self.ordered()
        if kind == "enterprise":
            free = sum(3 - self.active(u) for u in self.enterprises)
            return ["new"] if free < 3 else []
        if kind == "intake":  # while a batch takes intake, and not too many projects in their first stages
            early = sum(1 for s in subjects if s.stage in PIPELINE[:6])
            if self.intake_batch() is None or early >= 12:
                return []
            return [u for u in sorted(self.enterprises) if self.active(u) < 3]
        if kind == "advance":
            return [s.sid for s in subjects if s.stage in PIPELINE or self.to_propose_again(s)]
        if kind == "withdraw":
            return [s.sid for s in subjects if s.stage not in (APPROVED, CLOSED, TERMINATED) and s.requested is None]
        if kind == "terminate":
            closable = (*PIPELINE, PROPOSED, APPROVED)
            return [s.sid for s in subjects if s.kind == "project" and s.stage in closable and s.requested is None]
        if kind == "account":
            return [u for u in sorted(self.enterprises) if any(s.payee == u and s.stage == APPROVED for s in subjects)]
        if kind == "budget":
            return ["allocation", "receipt"] + (["top_up"] if self.allocated_fen > self.earmarked_fen else [])
        if kind == "list":
            return sorted({s.batch for s in subjects if self.listable(s)})
        if kind == "objection":
            return [
                f"{p.pub_id}/{sid}"
                for p in self.listings.values()
                if not p.completed and self.w.now < p.end_at
                for sid in sorted(p.entries)
                if sid not in p.objections.values()
            ]
        if kind == "resolve":
            return [f"{p.pub_id}/{o}" for p in self.listings.values() for o in sorted(p.objections)]
        if kind == "complete":
            return [
                p.pub_id
                for p in self.listings.values()
                if not p.completed and self.w.now >= p.end_at and not p.objections
            ]
        if kind == "request":
            return sorted({p.pub_id for p in self.listings.values() for sid in p.entries if self.requestable(sid, p)})
        if kind == "decide":
            return sorted(self.requests)
        if kind == "pay":
            return [s.sid for s in subjects if s.stage in (APPROVED, TERMINATED) and self.payment_step(s) is not None]
        if kind == "gates":
            paid = any(len(s.tranches) == 2 and s.tranches[0]["status"] == "paid" for s in subjects)
            return ["open"] if paid and not self.gates_open else []
        if kind == "open_case":  # a terminated project keeps its approved amount until a case decides (A4)
            found = self.projects(APPROVED, TERMINATED)
            return [s.sid for s in found if s.case is None and s.cases < 2]
        if kind == "case":
            return [c.case_id for c in self.cases.values() if self.case_step(c) is not None]
        if kind == "provider":
            room = [
                u for u in self.providers if u != awd.LEAD_A and PROVIDER_CAP - self.held(f"provider:{u}") >= 10 * WAN
            ]
            return ["new"] if len(room) < 2 else []
        if kind == "apply":  # while the award batches take applications, a few waiting at a time
            waiting = sum(1 for s in subjects if s.award and s.stage in ("applied", "selected"))
            if self.today > INTAKE_TO or waiting >= 4:
                return []
            room = [
                u
                for u in sorted(self.providers)
                if u != awd.LEAD_A and PROVIDER_CAP - self.held(f"provider:{u}") >= 10 * WAN
            ]
            return room + (["diagnosis"] if LEAD_CAP - self.held(f"lead_unit:{awd.LEAD_A}") >= 10 * WAN else [])
        if kind == "award":
            return [s.sid for s in subjects if s.award and s.stage in ("applied", "selected")]
        if kind == "procure":
            busy = [p for p in self.procured.values() if self.procurement_step(p) is not None]
            most = max(self.line_left(c) for c in PROCURED_LINES)
            return ["new"] if len(busy) < 2 and most >= 5 * WAN else []
        if kind == "procurement":
            return sorted(p.pid for p in self.procured.values() if self.procurement_step(p) is not None)
        if kind == "next_day":
            return ["next"] if date.fromisoformat(self.today) < LAST_DAY else []
        raise AssertionError(kind)

    def intake_batch(self) -> str | None:
        """The transformation batch taking intake today, if any."""
        return next((b for b, (start, end) in INTAKE.items() if start <= self.today <= end), None)

    def to_propose_again(self, s: Subject) -> bool:
        """市政府 did not approve this proposal, or an upheld objection took it off its list: propose again."""
        again = s.proposals in (s.rejected_at, s.withdrawn_at)
        return s.kind == "project" and s.stage == PROPOSED and again and s.requested is None

    def listable(self, s: Subject) -> bool:
        if s.stage != PROPOSED or s.proposals in (s.listed_at, s.rejected_at, s.withdrawn_at) or s.requested:
            return False
        held = self.listings.get(s.listing or "")
        return held is None or (held.completed and s.sid not in held.objections.values())

    def requestable(self, sid: str, p: Listing) -> bool:
        s = self.subjects[sid]
        fresh = s.listed_at == s.proposals and s.proposals not in (s.rejected_at, s.withdrawn_at)
        return p.completed and s.listing == p.pub_id and s.stage == PROPOSED and fresh and s.requested is None

    def payment_step(self, s: Subject) -> str | None:
        if s.pending_order is not None:
            return "outcome"  # a bank's answer is recorded whatever else happens
        if s.case is not None or s.stage != APPROVED:
            return None  # frozen by a case awaiting its decision (A4), or terminated
        if not s.scheduled:
            return "schedule"
        due = [t for t in s.tranches if t["status"] == "due"]
        if not due:
            return None
        earlier = [t for t in s.tranches[: due[0]["seq"] - 1] if t["status"] != "paid"]
        if earlier or (due[0]["seq"] == 2 and not self.gates_open):
            return None
        return "order"

    def case_step(self, c: Case) -> str | None:
        if c.status == "open":
            pending = self.subjects[c.sid].pending_order is not None
            return "investigate" if pending and not c.investigated else None if pending else "decide"
        if c.status == "decided":
            if c.write_off is not None:
                return "countersign"
            return "recover" if c.outstanding_fen > 0 else "close"
        return None

    def procurement_step(self, p: Procured) -> str | None:
        if p.status in ("noticed", "awarded"):
            return p.status
        if p.status != "contracted":
            return None
        unpaid = any(p.paid.get(d, 0) < a for d, a in p.accepted.items())
        return "contracted" if unpaid or p.failed or sum(p.accepted.values()) < p.contract_fen else None

    # -- taking a step -----------------------------------------------------------------------------------
    def step(self, kind: str, pick: Callable[[list[str]], str], choose: Callable[[int], int]) -> None:
        """One step of ``kind``: ``pick`` chooses among the candidates, ``choose(n)`` every variant in 0..n-1."""
        found = self.candidates(kind)
        assert found, f"no {kind} step is possible now"
        getattr(self, f"_{kind}")(pick(found), choose)

    def _next_day(self, _: str, choose: Callable[[int], int]) -> None:
        self.w.now = self.w.now + timedelta(days=1)

    def _enterprise(self, _: str, choose: Callable[[int], int]) -> None:
        self.n += 1
        code = given.uscc(f"91230103MA2{self.n:06d}")
        given.register_enterprise(domain_setup.given_world(self.w), code, "3823")
        self.enterprises[code] = ""
        self.accounts[code] = [(given.account_hash(code), "1234")]

    def _intake(self, uscc: str, choose: Callable[[int], int]) -> None:
        pid = self.new_id("P")
        own = self.enterprises[uscc]
        batch = self.intake_batch()
        assert batch is not None
        args = given.intake_args(pid, uscc, batch)
        self.when(own if own and choose(2) else "district", "project.request_intake", args)
        investment = (5 + choose(16)) * WAN + choose(10) * 1_000  # 5万 to 20万: the first bracket, 70%
        self.subjects[pid] = Subject(pid, "project", uscc, batch, "intake", investment_fen=investment)

    def _advance(self, sid: str, choose: Callable[[int], int]) -> None:
        """The project's next step up to its proposal (or its proposal again, lower)."""
        s = self.subjects[sid]
        gw = domain_setup.given_world(self.w)
        stage = s.stage
        if stage in (PROPOSED, "verified"):
            self.propose(s, choose)
            return
        if stage == "intake":
            if choose(10) == 0:
                args = {
                    "project_id": sid,
                    "decision": "reject",
                    "reasons": ["不符合入库条件"],
                    "decided_on": self.today,
                }
                self.when("miit", "project.decide_intake", args)
                s.stage = CLOSED
                return
            self.when(
                "miit", "project.decide_intake", {"project_id": sid, "decision": "approve", "decided_on": self.today}
            )
        elif stage in ("pool", "baseline"):
            s.tracks += 1
            report = {
                "project_id": sid,
                "report_id": f"TR-{sid}-{s.tracks}",
                "period": f"2025Q{s.tracks + 1}",
                "progress_pct": min(100, 40 * s.tracks),
                "findings_sha256": given.sha(f"tracking:{sid}:{s.tracks}"),
                "reported_on": self.today,
            }
            self.when("tp", "project.record_tracking_report", report)
            if stage == "baseline":  # and the assessment after the transformation
                post = given.assessment_args(sid, "post", 2 + choose(2), assessed_on=self.today)
                self.when("tp", "project.record_assessment", post)
        elif stage == "tracking":
            baseline = given.assessment_args(sid, "baseline", 1, assessed_on=self.today)
            self.when("tp", "project.record_assessment", baseline)
        elif stage == "assessed":
            s.reviews += 1
            result = "failed" if s.reviews == 1 and choose(8) == 0 else "passed"
            review = given.acceptance_args(sid, result) | {
                "report_no": f"YS-{sid}-{s.reviews}",
                "reviewed_on": self.today,
            }
            self.when("tp", "project.record_acceptance", review)
            if result == "failed":
                return  # reviewed again later
        elif stage == "accepted":
            self.when("district", "project.record_contract", given.contract_args(gw, sid, s.lines()))
        elif stage == "contract":
            self.when("district", "project.record_invoice", given.invoice_args(gw, sid, s.investment_fen))
        elif stage == "invoice":  # paid from one of the enterprise's recorded accounts
            payer, last4 = self.account(s.payee, choose)
            voucher = given.voucher_args(gw, sid, s.investment_fen, payer_account_hash=payer, payer_last4=last4)
            self.when("district", "project.record_bank_voucher", voucher)
        elif stage == "voucher":
            self.when("district", "project.submit_claim", {"project_id": sid})
        elif stage == "claimed":
            self.when("miit", "project.verify_investment", given.verify_args(sid, s.lines()))
        s.stage = PIPELINE[PIPELINE.index(stage) + 1]

    @staticmethod
    def ceiling(s: Subject) -> int:
        """第四条（一）: 70% of an investment up to 30万 (the enterprise's 50万 never binds three such projects)."""
        return s.investment_fen * 7_000 // 10_000

    def propose(self, s: Subject, choose: Callable[[int], int]) -> None:
        ceiling = self.ceiling(s)
        args: dict[str, Any] = {"project_id": s.sid, "amount_fen": ceiling}
        if s.stage == PROPOSED or choose(4) == 0:  # below the ceiling, with a reason (again: lower than before)
            args["amount_fen"] = max(WAN // 2, min(s.proposed_fen or ceiling, ceiling) - (1 + choose(3)) * WAN // 2)
            args["reason_code"] = "budget"
        self.when("miit", "project.propose_subsidy", args)
        s.stage, s.proposed_fen = PROPOSED, args["amount_fen"]
        s.proposals += 1

    def _withdraw(self, sid: str, choose: Callable[[int], int]) -> None:
        s = self.subjects[sid]
        if s.award:
            self.when(
                self.providers[s.payee] if choose(2) else "miit",
                "award.withdraw",
                {"award_id": sid, "reason": "申报单位撤回"},
            )
        else:
            own = self.enterprises[s.payee]
            self.when(
                own if own and choose(2) else "miit", "project.withdraw", {"project_id": sid, "reason": "企业撤回"}
            )
        s.stage = CLOSED

    def _terminate(self, sid: str, choose: Callable[[int], int]) -> None:
        s = self.subjects[sid]
        args = {
            "project_id": sid,
            "reason": "试点期结束未通过验收",
            "legal_basis": "哈工信联规〔2024〕1号 第六条（三）",
        }
        self.when("miit", "project.terminate", args)
        s.stage = TERMINATED if s.stage == APPROVED else CLOSED

    def _account(self, uscc: str, choose: Callable[[int], int]) -> None:
        """The enterprise opens another account, sometimes closing an earlier one (orders then use the new)."""
        new = given.sha(f"account:{uscc}:{self.new_id('ACCT')}")
        kept = self.accounts[uscc][1:] if choose(3) == 0 else self.accounts[uscc]
        accounts = [*kept, (new, new[-4:].translate(HEX_DIGITS))]
        value = [{"bank": "中国建设银行哈尔滨分行", "account_hash": a, "last4": last4} for a, last4 in accounts]
        args = {"uscc": uscc, "field": "bank_accounts", "value": value, "kind": "change", "reason": "变更基本存款账户"}
        self.when("district" if choose(2) else "miit", "enterprise.record_profile_change", args)
        self.accounts[uscc] = accounts

    def _budget(self, what: str, choose: Callable[[int], int]) -> None:
        """More central funds allocated or received, or the transformation line topped up (追加)."""
        gw = domain_setup.given_world(self.w)
        if what == "allocation":
            amount = (1 + choose(10)) * 100 * WAN
            args = {"programme_id": given.PROGRAMME, "doc_no": f"财建〔2025〕{self.n + 1}号", "fiscal_year": 2025}
            self.n += 1
            self.when("finance", "programme.record_allocation", args | {"amount_fen": amount})
            self.allocated_fen += amount
        elif what == "receipt":
            room = self.allocated_fen - self.received_fen - (0 if self.gates_open else 5000 * WAN)  # the gates' 5000万
            amount = min(room, (1 + choose(5)) * 100 * WAN)
            if amount <= 0:
                return
            args = {"programme_id": given.PROGRAMME, "amount_fen": amount, "treasury_ref": self.new_id("GK-R")}
            self.when("finance", "programme.record_funds_received", args | {"received_on": self.today})
            self.received_fen += amount
        else:
            amount = min(self.allocated_fen - self.earmarked_fen, (1 + choose(5)) * 100 * WAN)
            pcm.open_line(gw, "transformation", amount)
            self.earmarked_fen += amount

    # -- publicity and approval ---------------------------------------------------------------------------
    def _list(self, batch: str, choose: Callable[[int], int]) -> None:
        chosen = [s for s in self.ordered() if s.batch == batch and self.listable(s)]
        pub = self.new_id("PUB")
        args = {
            "publicity_id": pub,
            "batch_id": batch,
            "list_kind": LIST_KIND[batch],
            "entries": [{"subject_id": s.sid, "amount_fen": s.proposed_fen} for s in chosen],
            "channel_url": f"https://gxj.harbin.gov.cn/gs/{pub}",
            "content_sha256": given.sha(f"list:{pub}"),
            "start_on": self.today,
        }
        self.when("miit", "publicity.start", args)
        end_at = datetime.fromisoformat(self.get(Publicity, publicity_stream(pub)).earliest_end_at)
        self.listings[pub] = Listing(pub, batch, {s.sid: s.proposed_fen for s in chosen}, end_at)
        for s in chosen:
            s.listed_at, s.listing = s.proposals, pub

    def _objection(self, target: str, choose: Callable[[int], int]) -> None:
        pub, sid = target.split("/")
        oid = self.new_id("OBJ")
        args = {
            "publicity_id": pub,
            "objection_id": oid,
            "subject_id": sid,
            "channel": "信函",
            "content_sha256": given.sha(f"objection:{oid}"),
            "objector_commitment": given.sha(f"objector:{oid}"),
            "received_on": self.today,
        }
        self.when("miit", "publicity.receive_objection", args)
        self.listings[pub].objections[oid] = sid

    def _resolve(self, target: str, choose: Callable[[int], int]) -> None:
        pub, oid = target.split("/")
        p = self.listings[pub]
        sid = p.objections[oid]
        args: dict[str, Any] = {
            "publicity_id": pub,
            "objection_id": oid,
            "outcome": "dismissed",
            "reasons": "经核查，异议不成立",
            "investigation_sha256": given.sha(f"investigation:{oid}"),
        }
        variant = choose(10)
        if variant == 0:  # upheld: off the list (a project is proposed again before it is listed again)
            args |= {"outcome": "upheld", "action": "withdraw", "reasons": "经核查，异议成立"}
        elif variant <= 2 and p.entries[sid] > WAN:  # upheld: a lower amount, the window kept
            args |= {"outcome": "upheld", "action": "change_amount", "new_amount_fen": p.entries[sid] - WAN // 2}
        self.when("miit", "publicity.resolve_objection", args)
        del p.objections[oid]
        if args.get("action") == "withdraw":
            del p.entries[sid]
            p.objections = {k: v for k, v in p.objections.items() if v != sid}  # moot
            self.subjects[sid].withdrawn_at = self.subjects[sid].proposals
        elif args.get("action") == "change_amount":
            p.entries[sid] = args["new_amount_fen"]

    def _complete(self, pub: str, choose: Callable[[int], int]) -> None:
        self.when("miit", "publicity.complete", {"publicity_id": pub})
        self.listings[pub].completed = True

    def _request(self, pub: str, choose: Callable[[int], int]) -> None:
        p = self.listings[pub]
        items = [(sid, a) for sid, a in sorted(p.entries.items()) if self.requestable(sid, p)]
        approval = self.new_id("APR")
        args = {
            "approval_id": approval,
            "batch_id": p.batch,
            "publicity_id": pub,
            "request_doc_no": f"哈工信呈〔2025〕{self.n}号",
            "items": [{"project_id": sid, "amount_fen": a} for sid, a in items],
        }
        self.when("miit", "approval.request", args)
        self.requests[approval] = items
        for sid, _ in items:
            self.subjects[sid].requested = approval

    def _decide(self, approval: str, choose: Callable[[int], int]) -> None:
        approved: list[dict[str, Any]] = []
        rejected: list[dict[str, Any]] = []
        for sid, amount in self.requests[approval]:
            variant = choose(10)
            if variant < 2:
                rejected.append({"project_id": sid, "reason": "不予支持"})
            else:  # A28: 市政府 may approve less than requested
                lower = amount - (1 + choose(3)) * WAN // 2 if variant < 4 and amount > 2 * WAN else amount
                approved.append({"project_id": sid, "amount_fen": lower})
        args = {
            "approval_id": approval,
            "decision_doc_no": f"哈政批〔2025〕{self.n}号",
            "decided_on": self.today,
            "sha256": given.sha(f"decision:{approval}"),
            "approved": approved,
            "rejected": rejected,
        }
        self.when("clerk" if choose(2) else "clerk-2", "approval.record_decision", args)
        del self.requests[approval]
        for item in approved:
            s = self.subjects[item["project_id"]]
            s.stage, s.approved_fen, s.approval, s.requested = APPROVED, item["amount_fen"], approval, None
        for item in rejected:
            s = self.subjects[item["project_id"]]
            s.rejected_at, s.requested = s.proposals, None

    # -- payment -------------------------------------------------------------------------------------------
    def read_schedule(self, s: Subject) -> None:
        schedule = self.get(PaymentSchedule, payment_schedule_stream(s.sid))
        s.tranches = [dict(t) for t in schedule.tranches]
        pending = schedule.pending_orders()
        s.pending_order = pending[0] if pending else None

    def account(self, uscc: str, choose: Callable[[int], int]) -> tuple[str, str]:
        """One of the payee's recorded accounts (hash, last four digits)."""
        found = self.accounts.get(uscc, [(given.account_hash(uscc), "5678")])  # a provider keeps its first
        return found[choose(len(found))]

    def entitlement(self, s: Subject) -> int:
        found = self.get(Award, award_stream(s.sid)) if s.award else self.get(Project, project_stream(s.sid))
        return int(found.entitlement_fen if found.entitlement_fen is not None else found.approved_fen)

    def _pay(self, sid: str, choose: Callable[[int], int]) -> None:
        s = self.subjects[sid]
        action = self.payment_step(s)
        finance = "finance" if choose(2) else "finance-2"
        if action == "schedule":
            s.scheduled = True
            args = {"project_id": sid, "approval_id": s.approval}
            if self.entitlement(s) <= 0:  # a clawback decided before the schedule left nothing to pay
                self.w.refused(finance, "payment.create_schedule", args, rule="FT-PAY-AMOUNT")
                return
            self.when(finance, "payment.create_schedule", args)
        elif action == "order":
            due = next(t for t in s.tranches if t["status"] == "due")
            if s.award and self.checked_on.get(s.payee) != self.today:  # A12: a provider's check covers the day
                check = credit_check_args(s.payee, queried_at=f"{self.today}T09:00:00+08:00", window_to=self.today)
                self.when("inspector" if choose(2) else "miit", "award.record_provider_credit_check", check)
                self.checked_on[s.payee] = self.today
            order = {
                "order_no": self.new_id("ZF"),
                "project_id": sid,
                "tranche": due["seq"],
                "amount_fen": due["amount_fen"],
                "payee_account_hash": self.account(s.payee, choose)[0],
            }
            self.when(finance, "payment.issue_order", order)
        else:
            assert s.pending_order is not None
            settler = finance if choose(3) else "district-fin"
            if choose(6) == 0:
                failure = {
                    "order_no": s.pending_order,
                    "kind": "returned" if choose(2) else "failed",
                    "reason": "户名不符",
                }
                self.when(settler, "payment.record_failure", failure)
            else:
                settled = {"order_no": s.pending_order, "bank_serial": self.serial(), "value_date": self.today}
                self.when(settler, "payment.record_settlement", settled)
                s.settled_orders.append(s.pending_order)
        self.read_schedule(s)

    def _gates(self, _: str, choose: Callable[[int], int]) -> None:
        # 第十一条: the pilot accepted, central funds arrived (5000万, more than the receipts before need)
        pay.gates_open(domain_setup.given_world(self.w))
        self.gates_open = True
        self.received_fen += 5000 * WAN

    # -- clawback ------------------------------------------------------------------------------------------
    def _open_case(self, sid: str, choose: Callable[[int], int]) -> None:
        s = self.subjects[sid]
        case_id = self.new_id("CASE")
        grounds = [["C3"], ["C1"], ["C2", "C3"], ["C5"]][choose(4)]
        opener = "miit" if choose(3) == 0 else "inspector"
        args = {
            "case_id": case_id,
            "project_id": sid,
            "grounds": grounds,
            "source": ["inspection", "audit", "complaint"][choose(3)],
            "evidence": [given.sha(f"evidence:{case_id}")],
            "summary": "抽查发现部分支出超出资金支出范围",
        }
        self.when(opener, "clawback.open_case", args)
        self.cases[case_id] = Case(case_id, sid, opener, grounds, f"哈工信处〔2025〕{self.n}号")
        s.case, s.cases = case_id, s.cases + 1

    def read_case(self, c: Case) -> None:
        case = self.get(ClawbackCase, clawback_case_stream(c.case_id))
        c.status, c.outstanding_fen = case.status, case.outstanding_fen

    def _case(self, case_id: str, choose: Callable[[int], int]) -> None:
        c = self.cases[case_id]
        s = self.subjects[c.sid]
        action = self.case_step(c)
        args: dict[str, Any]
        if action == "investigate" or (action == "decide" and not c.investigated and choose(4) == 0):
            args = {
                "case_id": case_id,
                "findings_sha256": given.sha(f"findings:{case_id}"),
                "summary": "调查核实",
                "investigated_on": self.today,
            }
            self.when("inspector", "clawback.record_investigation", args)
            c.investigated = True
            return
        if action == "decide":
            self.decide_case(c, s, choose)
        elif action == "countersign":
            assert c.write_off is not None
            key = f"{case_id}/{c.write_off['doc_no']}"
            variant = choose(8)
            if variant == 0:
                self.when("finance", "clawback.withdraw_write_off", {"key": key, "reason": "重新核实"})
            else:
                sha = digest(clb.proposed_args("clawback.write_off", c.write_off))
                args = {"key": key, "args_sha256": sha}
                if variant == 1:
                    args |= {"decision": "decline", "reason": "证据不足"}
                self.when("miit-2" if choose(2) else "miit", "clawback.countersign_write_off", args)
            c.write_off = None
        elif action == "recover":
            variant = choose(10)
            if variant == 0 and not c.referred:
                args = {
                    "case_id": case_id,
                    "doc_no": f"移送〔2025〕{self.n}号",
                    "referred_on": self.today,
                    "reason": "涉嫌犯罪",
                }
                self.when("inspector", "clawback.refer_to_judiciary", args)
                c.referred = True
            elif variant == 1 and c.referred:
                self.when("miit", "clawback.close_case", {"case_id": case_id, "note": "已移送司法机关"})
            elif variant <= 4:
                amount = c.outstanding_fen if choose(2) else max(1, c.outstanding_fen // 3)
                c.write_off = {
                    "case_id": case_id,
                    "amount_fen": amount,
                    "reason": "企业注销，无法追回",
                    "doc_no": f"哈财核〔2025〕{self.new_id('HX')}号",
                    "decision_ref": c.doc_no,
                }
                self.when("finance", "clawback.write_off", c.write_off)
            else:
                amount = c.outstanding_fen if choose(2) else max(1, c.outstanding_fen // 2)
                repaid = {
                    "case_id": case_id,
                    "amount_fen": amount,
                    "bank_serial": self.serial(),
                    "value_date": self.today,
                }
                self.when("finance" if choose(2) else "district-fin", "clawback.record_repayment", repaid)
        else:
            self.when("miit", "clawback.close_case", {"case_id": case_id, "doc_no": f"结案〔2025〕{self.n}号"})
        self.read_case(c)

    def decide_case(self, c: Case, s: Subject, choose: Callable[[int], int]) -> None:
        decider = "miit-2" if c.opener == "miit" or choose(2) else "miit"
        variant = choose(10)
        over: dict[str, Any] = {"decision_doc_no": c.doc_no, "decided_on": self.today, "sha256": given.sha(c.doc_no)}
        if variant < 3:
            args = clb.decide_args(c.case_id, "no_action", **over)
        elif variant == 3 and "C1" in c.grounds:  # fraud: everything back
            args = clb.decide_args(c.case_id, full_recovery=True, sanctions=[{"kind": "recover"}], **over)
        else:  # recomputed on a lower verified investment (A4)
            verified = s.investment_fen * (30 + choose(66)) // 100 // 1_000 * 1_000
            sanctions = [{"kind": "notice"}, {"kind": "recover"}] if choose(2) else [{"kind": "recover"}]
            args = clb.decide_args(c.case_id, verified_investment_fen=verified, sanctions=sanctions, **over)
        self.when(decider, "clawback.decide", args)
        s.case = None
        if s.scheduled and s.tranches:
            self.read_schedule(s)

    # -- awards --------------------------------------------------------------------------------------------
    def _provider(self, _: str, choose: Callable[[int], int]) -> None:
        self.n += 1
        code = given.uscc(f"91230109MA6{self.n:06d}")
        actor = f"prov-{self.n}"
        awd.register_provider(domain_setup.given_world(self.w), code, actor)
        self.providers[code] = actor

    def _apply(self, target: str, choose: Callable[[int], int]) -> None:
        if target == "diagnosis":
            aid = self.new_id("DG")
            self.when("lead-a", "award.apply_diagnosis", awd.diagnosis_args(aid))
            self.subjects[aid] = Subject(aid, "diagnosis", awd.LEAD_A, DIAGNOSIS, "applied")
            return
        category = "product_chain" if choose(3) == 0 else "product_xkqz"
        aid = self.new_id("AW")
        self.when(self.providers[target], "award.apply_product", awd.product_args(aid, target, category))
        self.subjects[aid] = Subject(aid, category, target, PRODUCT, "applied")

    def _award(self, aid: str, choose: Callable[[int], int]) -> None:
        s = self.subjects[aid]
        if s.stage == "applied":
            selected = choose(6) != 0
            self.ranks[(s.batch, s.kind)] += 1
            review = awd.review_args(aid, self.ranks[(s.batch, s.kind)], selected) | {"reviewed_on": self.today}
            self.when("miit", "award.record_review", review)
            s.stage = "selected" if selected else "not_selected"
            return
        room = self.award_room(s) // WAN
        if room < 1:  # the caps are taken: the application is withdrawn
            self._withdraw(aid, choose)
            return
        amount = (1 + choose(room)) * WAN
        self.when("miit", "award.propose", {"award_id": aid, "amount_fen": amount, "reason": "按评审结果拟定"})
        s.stage, s.proposed_fen, s.proposals = PROPOSED, amount, s.proposals + 1

    # -- procured services -----------------------------------------------------------------------------------
    def _procure(self, _: str, choose: Callable[[int], int]) -> None:
        category = max(PROCURED_LINES, key=lambda c: (self.line_left(c) >= 5 * WAN, choose(3), c))
        room = min(self.line_left(category), 40 * WAN) // WAN
        pid = self.new_id("PX")
        budget = (5 + choose(room - 4)) * WAN
        self.when("miit", "procurement.publish_notice", pcm.notice_args(pid, category, budget))
        self.procured[pid] = Procured(pid, category, budget)

    def _procurement(self, pid: str, choose: Callable[[int], int]) -> None:
        p = self.procured[pid]
        p.n += 1
        if p.status == "noticed" and choose(8) == 0:
            self.cancel(p)
        elif p.status == "noticed":
            p.awarded_fen = p.budget_fen - choose(3) * WAN
            self.when("miit", "procurement.record_award", pcm.award_args(pid, p.awarded_fen))
            p.status = "awarded"
        elif p.status == "awarded" and (choose(10) == 0 or self.line_left(p.category) < p.awarded_fen):
            self.cancel(p)  # 废标 before the contract (or the line is taken by another contract)
        elif p.status == "awarded":
            self.when("miit", "procurement.sign_contract", pcm.contract_args(pid, p.awarded_fen))
            p.status, p.contract_fen, p.original_fen = "contracted", p.awarded_fen, p.awarded_fen
        else:
            self.deliver(p, choose)

    def deliver(self, p: Procured, choose: Callable[[int], int]) -> None:
        """A contracted service: a payment for what was accepted, an amendment, or a deliverable accepted."""
        pid = p.pid
        unpaid = [(d, a - p.paid.get(d, 0)) for d, a in sorted(p.accepted.items()) if p.paid.get(d, 0) < a]
        left = p.contract_fen - sum(p.accepted.values())
        variant = choose(10)
        if unpaid and (variant < 5 or (left == 0 and not p.failed)):
            did, owed = unpaid[0]
            amount = owed if choose(2) else max(1, owed // 2)
            self.when("finance", "procurement.record_payment", pcm.pay_args(pid, f"F{p.n}", did, amount))
            p.paid[did] = p.paid.get(did, 0) + amount
        elif variant == 5 and p.n < 12:  # an amendment: a raise of at most 10% within the line, or a reduction
            raise_ = min(p.original_fen // 10 - p.raised_fen, self.line_left(p.category))
            floor = max(sum(p.accepted.values()), sum(p.paid.values()), 1)
            amount = p.contract_fen + raise_ if raise_ > 0 and choose(2) else max(floor, p.contract_fen - WAN)
            if amount == p.contract_fen:
                return
            self.when("miit", "procurement.amend_contract", pcm.amend_args(pid, f"BG-{p.n}", amount))
            p.raised_fen += max(0, amount - p.contract_fen)
            p.contract_fen = amount
        elif p.failed:  # a deliverable that failed is accepted on review
            did, amount = sorted(p.failed.items())[0]
            amount = min(amount, left)
            if amount <= 0:  # the contract was reduced meanwhile: nothing left to accept for it
                del p.failed[did]
                return
            self.when("miit", "procurement.accept_deliverable", pcm.accept_args(pid, did, amount))
            del p.failed[did]
            p.accepted[did] = amount
        elif left > 0:
            did = f"D{p.n}"
            amount = left if choose(3) == 0 else max(1, left // 2)
            result = "failed" if choose(7) == 0 else "passed"
            self.when("miit", "procurement.accept_deliverable", pcm.accept_args(pid, did, amount, result))
            (p.failed if result == "failed" else p.accepted)[did] = amount

    def cancel(self, p: Procured) -> None:
        args = {
            "procurement_id": p.pid,
            "doc_ref": f"FB-{p.pid}",
            "reason": "有效投标不足三家，废标",
            "cancelled_on": self.today,
        }
        self.when("miit", "procurement.cancel", args)
        p.status = "cancelled"

    # -- refusals ----------------------------------------------------------------------------------------------
    # Each names a command the domain must refuse now, and the rule (None when it cannot be set up now); the
    # arguments are built only when it is submitted.
    def refusal_candidates(self) -> list[str]:
        return [name for name in REFUSALS if getattr(self, f"_refuse_{name}")() is not None]

    def refusal(self, name: str) -> None:
        """Submit the refused command ``name``: its rule is asserted, and that the head did not move."""
        plan = getattr(self, f"_refuse_{name}")()
        assert plan is not None, f"{name} cannot be refused now"
        actor, command, args, rule = plan
        self.w.refused(actor, command, args(), rule=rule)

    def projects(self, *stages: str) -> list[Subject]:
        return [s for s in self.ordered() if s.kind == "project" and s.stage in stages]

    def _refuse_ceiling(self) -> Plan | None:  # 第四条（一）: never above the ceiling
        found = self.projects("verified")
        if not found:
            return None
        args = {"project_id": found[0].sid, "amount_fen": self.ceiling(found[0]) + 1}
        return ("miit", "project.propose_subsidy", lambda: args, "FT-PRJ-CEILING")

    def _refuse_active_cap(self) -> Plan | None:  # A15: three active projects at most
        full = [u for u in sorted(self.enterprises) if self.active(u) >= 3]
        batch = self.intake_batch()
        if not full or batch is None:
            return None
        return (
            "district",
            "project.request_intake",
            lambda: given.intake_args("P-X", full[0], batch),
            "FT-PRJ-ACTIVE-CAP",
        )

    def _refuse_unique(self) -> Plan | None:  # one project id, one project
        found = [s for s in self.ordered() if s.kind == "project"]
        if not found:
            return None
        args = given.intake_args(found[0].sid, found[0].payee)
        return ("district", "project.request_intake", lambda: args, "FT-PRJ-UNIQUE")

    def scheduled(self) -> list[Subject]:
        return [s for s in self.ordered() if s.stage == APPROVED and s.scheduled and s.tranches]

    def _refuse_frozen(self) -> Plan | None:  # A4: a case awaiting its decision freezes the unpaid tranches
        found = [s for s in self.scheduled() if s.case and any(t["status"] == "due" for t in s.tranches)]
        if not found:
            return None
        due = next(t for t in found[0].tranches if t["status"] == "due")
        order = pay.order_args("ZF-X", due["seq"], due["amount_fen"], found[0].sid)
        return ("finance", "payment.issue_order", lambda: order, "FT-PAY-FROZEN")

    def _refuse_tranche_gate(self) -> Plan | None:  # 第十一条: tranche 2 follows a paid tranche 1
        found = [
            s
            for s in self.scheduled()
            if s.case is None and len(s.tranches) == 2 and s.tranches[1]["status"] == "due"
            if s.tranches[0]["status"] in ("due", "ordered")
        ]
        if not found:
            return None
        order = pay.order_args("ZF-X", 2, found[0].tranches[1]["amount_fen"], found[0].sid)
        return ("finance", "payment.issue_order", lambda: order, "FT-PAY-GATE")

    def _refuse_settled_again(self) -> Plan | None:  # a bank's answer is recorded once
        found = [s for s in self.ordered() if s.settled_orders]
        if not found:
            return None
        args = {"order_no": found[0].settled_orders[0], "bank_serial": "BS-X", "value_date": self.today}
        return ("finance", "payment.record_settlement", lambda: args, "FT-PAY-OUTCOME")

    def _refuse_serial_reused(self) -> Plan | None:  # one bank serial, one payment
        found = [s for s in self.ordered() if s.pending_order]
        if not found or not self.serials:
            return None
        args = {"order_no": found[0].pending_order, "bank_serial": self.serials[0], "value_date": self.today}
        return ("finance", "payment.record_settlement", lambda: args, "FT-PAY-SERIAL")

    def _refuse_window(self) -> Plan | None:  # 第八条: the list stays up its 5 working days
        found = [p for p in self.listings.values() if not p.completed and self.w.now < p.end_at]
        if not found:
            return None
        return ("miit", "publicity.complete", lambda: {"publicity_id": found[0].pub_id}, "FT-PUB-WINDOW")

    def _refuse_listed_twice(self) -> Plan | None:  # one open list at a time
        held = [self.subjects[sid] for p in self.listings.values() if not p.completed for sid in sorted(p.entries)]
        found = [s for s in held if s.stage == PROPOSED and s.listed_at == s.proposals and s.listing]
        found = [s for s in found if not self.listings[s.listing or ""].completed]
        if not found:
            return None
        s = found[0]
        args = {
            "publicity_id": "PUB-X",
            "batch_id": s.batch,
            "list_kind": LIST_KIND[s.batch],
            "entries": [{"subject_id": s.sid, "amount_fen": s.proposed_fen}],
            "channel_url": "https://gxj.harbin.gov.cn/gs/x",
            "content_sha256": given.sha("list:x"),
            "start_on": self.today,
        }
        return ("miit", "publicity.start", lambda: args, "FT-PUB-OPEN")

    def _refuse_overpay(self) -> Plan | None:  # never more back than is outstanding
        found = [c for c in self.cases.values() if c.status == "decided" and c.outstanding_fen > 0]
        if not found:
            return None
        c = found[0]
        args = {
            "case_id": c.case_id,
            "amount_fen": c.outstanding_fen + 1,
            "bank_serial": "BS-X",
            "value_date": self.today,
        }
        return ("finance", "clawback.record_repayment", lambda: args, "FT-CLB-OVERPAY")

    def _refuse_decider_opened(self) -> Plan | None:  # 第十五条: who opened a case does not decide it
        found = [c for c in self.cases.values() if c.status == "open" and c.opener == "miit"]
        if not found:
            return None
        args = clb.decide_args(found[0].case_id, "no_action", decided_on=self.today)
        return ("miit", "clawback.decide", lambda: args, "FT-CLB-SOD")

    def case_args(self, sid: str) -> dict[str, Any]:
        evidence = [given.sha("x")]
        return {
            "case_id": "CASE-X",
            "project_id": sid,
            "grounds": ["C4"],
            "source": "audit",
            "evidence": evidence,
            "summary": "审计",
        }

    def _refuse_not_approved(self) -> Plan | None:  # 第十七条: a case concerns what 市政府 approved
        found = self.projects(*PIPELINE[1:], PROPOSED)
        if not found:
            return None
        return ("inspector", "clawback.open_case", lambda: self.case_args(found[0].sid), "FT-CLB-SUBJECT")

    def _refuse_case_open(self) -> Plan | None:  # A4: one undecided case at a time
        found = [s for s in self.projects(APPROVED, TERMINATED) if s.case]
        if not found:
            return None
        return ("inspector", "clawback.open_case", lambda: self.case_args(found[0].sid), "FT-CLB-OPEN")

    def _refuse_withdraw_approved(self) -> Plan | None:  # withdrawn only before approval
        found = self.projects(APPROVED)
        if not found:
            return None
        args = {"project_id": found[0].sid, "reason": "撤回"}
        return ("miit", "project.withdraw", lambda: args, "FT-PRJ-ORDER")

    def _refuse_item_cap(self) -> Plan | None:  # 第四条（二）: each product within its item cap
        found = [s for s in self.ordered() if s.award and s.stage == "selected" and s.kind != "diagnosis"]
        if not found:
            return None
        args = {"award_id": found[0].sid, "amount_fen": ITEM_CAP[found[0].kind] + WAN, "reason": "超出单项上限"}
        return ("miit", "award.propose", lambda: args, "FT-AWD-ITEM-CAP")

    def _refuse_approval_ceiling(self) -> Plan | None:  # A28: never above the ceiling, whatever the decision says
        if not self.requests:
            return None
        approval, items = sorted(self.requests.items())[0]

        def args() -> dict[str, Any]:
            first = self.subjects[items[0][0]]
            cls, stream = (Award, award_stream) if first.award else (Project, project_stream)
            listed = [{"project_id": sid, "amount_fen": a} for sid, a in items]
            listed[0]["amount_fen"] = int(self.get(cls, stream(first.sid)).ceiling_fen) + 1
            return {
                "approval_id": approval,
                "decision_doc_no": "哈政批〔2025〕X号",
                "decided_on": self.today,
                "sha256": given.sha("x"),
                "approved": listed,
                "rejected": [],
            }

        return ("clerk", "approval.record_decision", args, "FT-APR-CEILING")
