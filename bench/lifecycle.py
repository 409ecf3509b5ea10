"""The lifecycle benchmark: enterprises driven through the whole Harbin subsidy, fundtrail against bare eventsourcing.

Both sides run the very same stream of catalogue commands (the domain's ``execute``), interleaved
command by command so that the machine's noise falls on both alike:

- *fundtrail*: each command a signed envelope (signed by the client before the clock starts, as
  in bench/run.py) through ``FundtrailLedger.submit`` — admission, signature, handler, command
  record, chain, Merkle nodes and the log key's seal;
- *bare*: a plain eventsourcing ``Application`` (the library's recorder and JSON transcoder) on the
  same backend: the command's arguments parsed, its ``execute(args, reader)`` run over a reader on
  ``repository.get`` at the same fixed time, and ``app.save(*aggregates)`` — no envelope, signature,
  command record, chain or seal.

Per backend a run uses four fresh databases: both sides once *small* and once *big*. The big pair is
grown first with enterprises taken through the early steps only (registration, commitment, credit
check, intake: driving 10^4 of them through the whole lifecycle on both sides and both backends would
not fit the run's time). Then one *window* of further enterprises goes through the whole lifecycle
on all four databases, interleaved command by command, so the time per command at 10^2 enterprises
(the small ledgers hold only the window) and at 10^4 (the big ones) is measured in the same minutes,
under the same noise, on the same commands. One-time setup (actors, policy, programme, budget line,
batch, the tranche-2 gates) is not timed.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Any
from typing import Protocol
from typing import TypeVar
from zoneinfo import ZoneInfo

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.application import Application
from stdnum.cn import uscc as stdnum_uscc

from domain.actors import Actor
from domain.actors import organisation
from domain.catalogue import CATALOGUE
from domain.clock import FixedClock
from domain.clock import command_time
from domain.kernel.admission import NOT_FOUND
from domain.kernel.admission import ROLE
from domain.policy.ceiling import tranche_split
from domain.policy.params import SEED_PARAMS
from domain.roles import Role
from ledger import keys
from ledger.app import FundtrailLedger

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Sequence
    from uuid import UUID

A = TypeVar("A")
SH = ZoneInfo("Asia/Shanghai")
WAN = 1_000_000  # 1万元 in 分
ORIGIN = "fundtrail.example/bench-lifecycle"
PROGRAMME = "HRB-BENCH"
BATCH = "HRB-BENCH-2025-1"
VERSION = "HRB-BENCH-PV-1"
MEASURES = {"doc_no": "哈工信联规〔2024〕1号", "title": "哈尔滨市中小企业数字化转型城市试点专项资金管理办法（暂行）"}
INVESTMENT = 20 * WAN  # one software line, verified whole
PROPOSED = 14 * WAN  # the ceiling of 20万: 70% (HRB 第四条（一）)
CLAWBACK_EVERY = 20  # one project in 20 goes through a clawback case after both tranches
FLAT_LIMIT = 1.2  # median time per command on the big ledger at most 1.2 × that on the small one
GOAL_RATIO = 0.5  # fundtrail ≥ 50% of bare commands/s


def beijing(day: str, hour: int = 10) -> datetime:
    """A ledger time given in 北京时间 (the domain's local dates are Beijing dates)."""
    y, m, d = (int(x) for x in day.split("-"))
    return datetime(y, m, d, hour, tzinfo=SH).astimezone(UTC)


# The calendar: each publicity lasts the batch's 5 working days (no holiday in March 2025), so a list
# started on Monday 03-03 is cleared on Tuesday 03-11 (its window ends 03-10 at 24:00). Record times
# never go back: the growth runs at the same time as the window's first day, before it.
SETUP_DAY = "2025-03-03"
GROWTH_DAY = "2025-03-03"
WINDOW_DAYS = ("2025-03-03", "2025-03-11")


# -- the command stream ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    actor: str
    command: str
    args: dict[str, Any]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def uscc(i: int) -> str:
    body = f"91230103MA{1_000_000 + i:07d}"
    return body + stdnum_uscc.calc_check_digit(body)


PROVIDER = "91230109MA3000001" + stdnum_uscc.calc_check_digit("91230109MA3000001")
THIRD_PARTY_ORG = "91110108MA2000001" + stdnum_uscc.calc_check_digit("91110108MA2000001")
ACTORS: tuple[tuple[str, Role, str, str], ...] = (
    ("district", Role.DISTRICT_MIIT, "HRB-NG-MIIT", "district_miit"),
    ("miit", Role.CITY_MIIT, "HRB-MIIT", "city_miit"),
    ("miit-2", Role.CITY_MIIT, "HRB-MIIT", "city_miit"),
    ("tp", Role.THIRD_PARTY, THIRD_PARTY_ORG, "third_party"),
    ("finance", Role.CITY_FINANCE, "HRB-FIN", "city_finance"),
    ("clerk", Role.CITY_GOV_CLERK, "HRB-GOV", "city_gov"),
    ("inspector", Role.INSPECTOR, "HRB-DUCHA", "task_force"),
)


def account_hash(code: str) -> str:
    return sha(f"account:{code}")


def pid(i: int) -> str:
    return f"P-{i:05d}"


def setup_steps(enterprises: int) -> list[Step]:
    """The programme, its policy version, targets, a budget line large enough for every project, the
    batch, and the gates of tranche 2 (第十一条): once for the whole run, not timed."""
    need = enterprises * PROPOSED
    allocation = max(15_000 * WAN, need * 2)
    return [
        Step(
            "finance",
            "programme.establish",
            {
                "programme_id": PROGRAMME,
                "name": "哈尔滨市中小企业数字化转型城市试点专项资金",
                "fund_source": "central",
                "legal_basis": [{**MEASURES, "articles": ["第一条", "第十八条"]}],
                "valid_from": "2024-10-15",
                "valid_to": "2025-12-31",
            },
        ),
        Step(
            "miit",
            "policy.draft",
            {
                "version_id": VERSION,
                "programme_id": PROGRAMME,
                "parameters": SEED_PARAMS.to_dict(),
                "source_documents": [{**MEASURES, "articles": ["第四条（一）", "第十一条"]}],
                "effective_from": "2024-10-15",
            },
        ),
        Step(
            "miit-2",
            "policy.approve",
            {"version_id": VERSION, "decision_doc_no": "哈工信发〔2024〕88号", "decided_on": "2024-10-15"},
        ),
        Step("miit", "policy.activate", {"version_id": VERSION}),
        Step(
            "finance",
            "programme.record_allocation",
            {"programme_id": PROGRAMME, "doc_no": "财建〔2024〕1号", "fiscal_year": 2024, "amount_fen": allocation},
        ),
        Step(
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
                        "target": str(enterprises),
                        "direction": "at_least",
                        "weight_bp": 10_000,
                    }
                ],
            },
        ),
        Step(
            "miit-2",
            "programme.approve_targets",
            {"programme_id": PROGRAMME, "target_set_id": "T-2024", "decided_on": "2025-01-10"},
        ),
        Step(
            "finance",
            "programme.open_budget_line",
            {"programme_id": PROGRAMME, "category": "transformation", "amount_fen": allocation * 8 // 10},
        ),
        Step(
            "miit",
            "batch.open",
            {
                "batch_id": BATCH,
                "programme_id": PROGRAMME,
                "policy_version_id": VERSION,
                "investment_basis": "tax_inclusive",
                "intake_from": "2025-01-01",
                "intake_to": "2025-06-30",
            },
        ),
        Step(
            "miit",
            "programme.record_pilot_acceptance",
            {"programme_id": PROGRAMME, "result": "passed", "doc_no": "工信部验〔2025〕3号", "decided_on": SETUP_DAY},
        ),
        Step(
            "finance",
            "programme.record_funds_received",
            {
                "programme_id": PROGRAMME,
                "amount_fen": allocation,
                "treasury_ref": "GK-2025-001",
                "received_on": SETUP_DAY,
            },
        ),
    ]


def registration(i: int) -> list[Step]:
    """The enterprise and the facts an intake needs: registry facts with evidence, commitment, credit check."""
    code = uscc(i)
    evidence = {
        "source": "国家企业信用信息公示系统",
        "queried_at": "2025-03-01T09:00:00+08:00",
        "snapshot_sha256": sha(code),
    }
    return [
        Step(
            "district",
            "enterprise.register",
            {
                "uscc": code,
                "name": f"企业{i:05d}",
                "legal_form": "limited_liability_company",
                "independent_legal_person": True,
                "registered_address": "哈尔滨市南岗区学府路1号",
                "division_code": "230103",
                "harbin": True,
                "industry_code": "3823",
                "size_class": "small",
                "size_basis": {"employees": 80, "revenue_fen": 5000 * WAN, "data_year": 2024},
                "registry": {
                    "shareholders": {**evidence, "value": ["张三"]},
                    "legal_representative": {**evidence, "value": "张三"},
                    "address": {**evidence, "value": "哈尔滨市南岗区学府路1号"},
                    "phone": {**evidence, "value": "0451-00000000"},
                },
                "bank_accounts": [
                    {"bank": "中国工商银行哈尔滨分行", "account_hash": account_hash(code), "last4": "1234"}
                ],
            },
        ),
        Step(
            "district",
            "enterprise.record_commitment",
            {
                "uscc": code,
                "text_sha256": sha(f"commitment:{code}"),
                "covers": ["truthfulness", "no_accidents", "no_tax_violation", "cooperation"],
                "signed_on": "2025-02-20",
            },
        ),
        Step(
            "miit",
            "enterprise.record_credit_check",
            {
                "uscc": code,
                "source": "信用中国",
                "queried_at": "2025-03-01T10:00:00+08:00",
                "abnormal_operation_list": False,
                "serious_dishonesty": False,
                "major_accident": False,
                "tax_violation": False,
                "window_from": "2022-01-01",
                "window_to": "2025-12-31",
                "snapshot_sha256": sha(f"credit:{code}"),
            },
        ),
    ]


def intake(i: int) -> Step:
    return Step(
        "district",
        "project.request_intake",
        {
            "project_id": pid(i),
            "batch_id": BATCH,
            "enterprise_uscc": uscc(i),
            "provider_uscc": PROVIDER,
            "district": "南岗区",
            "scope_summary": "生产管理系统上云与设备数据采集",
            "planned_items": [{"cost_type": "software", "description": "MES 软件", "amount_fen": 30 * WAN}],
            "planned_start": "2025-03-01",
            "planned_end": "2025-09-30",
        },
    )


def to_proposal(i: int, day: str) -> list[Step]:
    """Intake decided, tracked, assessed 1 → 2, accepted, contract, invoice and voucher, claim, investment
    verified and the subsidy proposed (HRB 第八条 in order; tests/domain/test_project_given.py)."""
    p, code = pid(i), uscc(i)

    def assessment(kind: str, level: int) -> Step:
        return Step(
            "tp",
            "project.record_assessment",
            {
                "project_id": p,
                "kind": kind,
                "index_version": "2024版",
                "mode": "on-site",
                "score": "62.5" if level >= 2 else "38",
                "level": level,
                "report_sha256": sha(f"assessment:{p}:{kind}:{level}"),
                "assessed_on": day,
            },
        )

    excl = INVESTMENT * 100 // 106
    invoice_no = str(int(sha(f"invoice:{p}"), 16))[:20].rjust(20, "1")
    return [
        Step("miit", "project.decide_intake", {"project_id": p, "decision": "approve", "decided_on": day}),
        assessment("baseline", 1),
        Step(
            "tp",
            "project.record_tracking_report",
            {
                "project_id": p,
                "report_id": f"TR-{p}-1",
                "period": "2025Q1",
                "progress_pct": 60,
                "findings_sha256": sha(f"tracking:{p}"),
                "reported_on": day,
            },
        ),
        assessment("post", 2),
        Step(
            "tp",
            "project.record_acceptance",
            {
                "project_id": p,
                "panel": ["李工", "王工", "赵工"],
                "result": "passed",
                "report_no": f"YS-{p}",
                "reviewed_on": day,
                "report_sha256": sha(f"acceptance:{p}"),
            },
        ),
        Step(
            "district",
            "project.record_contract",
            {
                "project_id": p,
                "contract_no": f"HT-{p}",
                "buyer_uscc": code,
                "seller_uscc": PROVIDER,
                "signed_on": "2025-02-15",
                "amount_incl_fen": INVESTMENT,
                "amount_excl_fen": excl,
                "tax_rate_bp": 600,
                "lines": [
                    {
                        "line_id": "L1",
                        "cost_type": "software",
                        "description": "software L1",
                        "incl_fen": INVESTMENT,
                        "excl_fen": excl,
                        "unit_price_fen": INVESTMENT,
                        "quantity": 1,
                    }
                ],
                "list_price_fen": INVESTMENT + 2 * WAN,
                "sha256": sha(f"contract:{p}"),
            },
        ),
        Step(
            "district",
            "project.record_invoice",
            {
                "project_id": p,
                "invoice_kind": "digital",
                "invoice_number": invoice_no,
                "issue_date": "2025-02-28",
                "seller_uscc": PROVIDER,
                "buyer_uscc": code,
                "excl_fen": excl,
                "tax_fen": INVESTMENT - excl,
                "incl_fen": INVESTMENT,
                "sha256": sha(f"invoice-file:{p}"),
            },
        ),
        Step(
            "district",
            "project.record_bank_voucher",
            {
                "project_id": p,
                "bank": "中国工商银行哈尔滨分行",
                "serial_no": f"SN{p}",
                "payer_account_hash": account_hash(code),
                "payer_last4": "1234",
                "payee_name": "哈尔滨某数字科技有限公司",
                "payee_uscc": PROVIDER,
                "amount_fen": INVESTMENT,
                "value_date": "2025-03-01",
                "sha256": sha(f"voucher-file:{p}"),
            },
        ),
        Step("district", "project.submit_claim", {"project_id": p}),
        Step(
            "miit",
            "project.verify_investment",
            {
                "project_id": p,
                "lines": [
                    {
                        "line_id": "L1",
                        "eligible": True,
                        "invoiced_fen": INVESTMENT,
                        "paid_fen": INVESTMENT,
                        "counted_fen": INVESTMENT,
                    }
                ],
            },
        ),
        Step("miit", "project.propose_subsidy", {"project_id": p, "amount_fen": PROPOSED}),
    ]


def publicity_start(group: str, members: Sequence[int], day: str) -> Step:
    """One list for a group of projects (a real batch publicises many at once)."""
    return Step(
        "miit",
        "publicity.start",
        {
            "publicity_id": f"PUB-{group}",
            "batch_id": BATCH,
            "list_kind": "transformation_subsidy",
            "entries": [{"subject_id": pid(i), "amount_fen": PROPOSED} for i in members],
            "channel_url": f"https://gxj.harbin.gov.cn/gs/{group}",
            "content_sha256": sha(f"list:{group}"),
            "start_on": day,
        },
    )


def approval_steps(group: str, members: Sequence[int], day: str) -> list[Step]:
    """The list completed, the amounts requested from 市政府 and its decision recorded, for the group."""
    items = [{"project_id": pid(i), "amount_fen": PROPOSED} for i in members]
    return [
        Step("miit", "publicity.complete", {"publicity_id": f"PUB-{group}"}),
        Step(
            "miit",
            "approval.request",
            {
                "approval_id": f"APR-{group}",
                "batch_id": BATCH,
                "publicity_id": f"PUB-{group}",
                "request_doc_no": f"哈工信呈〔2025〕{group}号",
                "items": items,
            },
        ),
        Step(
            "clerk",
            "approval.record_decision",
            {
                "approval_id": f"APR-{group}",
                "decision_doc_no": f"哈政批〔2025〕{group}号",
                "decided_on": day,
                "sha256": sha(f"decision:{group}"),
                "approved": items,
                "rejected": [],
            },
        ),
    ]


def payment_steps(i: int, group: str, day: str) -> list[Step]:
    """The schedule (70% rounded up, then the rest; HRB 第十一条, A9), each tranche ordered and settled."""
    p, payee = pid(i), account_hash(uscc(i))
    first, second = tranche_split(PROPOSED, SEED_PARAMS.first_tranche_min_bp)
    steps = [Step("finance", "payment.create_schedule", {"project_id": p, "approval_id": f"APR-{group}"})]
    for tranche, amount in ((1, first), (2, second)):
        order = f"ZF-{p}-{tranche}"
        steps += [
            Step(
                "finance",
                "payment.issue_order",
                {
                    "order_no": order,
                    "project_id": p,
                    "tranche": tranche,
                    "amount_fen": amount,
                    "payee_account_hash": payee,
                },
            ),
            Step(
                "finance",
                "payment.record_settlement",
                {"order_no": order, "bank_serial": f"BS-{p}-{tranche}", "value_date": day},
            ),
        ]
    return steps


def clawback_steps(i: int, day: str) -> list[Step]:
    """HRB 第十七条（三）, A4: verified investment recomputed to 10万, so 7万 entitled of 14万 paid; 3万 comes back."""
    p, case = pid(i), f"CASE-{pid(i)}"
    return [
        Step(
            "inspector",
            "clawback.open_case",
            {
                "case_id": case,
                "project_id": p,
                "grounds": ["C3"],
                "source": "inspection",
                "evidence": [sha(f"evidence:{case}")],
                "summary": "抽查发现部分支出超出资金支出范围",
            },
        ),
        Step(
            "miit",
            "clawback.decide",
            {
                "case_id": case,
                "outcome": "recover",
                "decision_doc_no": "哈工信处〔2025〕5号",
                "decided_on": day,
                "sha256": sha(f"decision:{case}"),
                "verified_investment_fen": 10 * WAN,
                "sanctions": [{"kind": "notice"}, {"kind": "recover"}],
            },
        ),
        Step(
            "finance",
            "clawback.record_repayment",
            {"case_id": case, "amount_fen": 3 * WAN, "bank_serial": f"BS-BACK-{p}", "value_date": day},
        ),
    ]


@dataclass(frozen=True)
class Phase:
    """Steps run at one ledger time."""

    at: datetime
    steps: list[Step]


def lifecycle(members: Sequence[int], group_size: int, days: tuple[str, str], tag: str) -> list[Phase]:
    """The whole lifecycle of ``members``: up to the proposal and the lists on the first day; after
    the publicity window, approval per list, both tranches and the clawbacks on the second day."""
    first_day, second_day = days
    groups = [members[k : k + group_size] for k in range(0, len(members), group_size)]
    names = [f"{tag}{n + 1}" for n in range(len(groups))]
    apply: list[Step] = []
    for i in members:
        apply += [*registration(i), intake(i), *to_proposal(i, first_day)]
    apply += [publicity_start(name, g, first_day) for name, g in zip(names, groups, strict=True)]
    decide: list[Step] = []
    for name, g in zip(names, groups, strict=True):
        decide += approval_steps(name, g, second_day)
        for i in g:
            decide += payment_steps(i, name, second_day)
    for k, i in enumerate(members):
        if k % CLAWBACK_EVERY == 0:  # by place in the window, so both windows run the same commands
            decide += clawback_steps(i, second_day)
    return [Phase(beijing(first_day), apply), Phase(beijing(second_day), decide)]


def early(members: Sequence[int], day: str) -> list[Phase]:
    """The growth phase: each enterprise registered with its facts and its project's intake requested."""
    steps: list[Step] = []
    for i in members:
        steps += [*registration(i), intake(i)]
    return [Phase(beijing(day), steps)]


# -- the two sides -----------------------------------------------------------------------------------
class Store(Protocol):
    """Where a side's database lives: bench/run.py ``Backend`` (a fresh database per call)."""

    name: str

    def env(self, recorder_topic: str | None) -> tuple[dict[str, str], str]: ...


class FundtrailSide:
    """Signed commands through the ledger."""

    name = "fundtrail"

    def __init__(self, store: Store) -> None:
        _, self.url = store.env(None)
        self.clock = FixedClock(beijing(SETUP_DAY, 9), tick=timedelta(0))
        log = keys.from_seed("log", bytes([9]) * 32)
        self.app = FundtrailLedger(self.url, self.clock, log_key=log.private_key)
        self.keys: dict[str, keys.ActorKey] = {}
        operator = self._key("operator")
        self.app.initialise(
            origin=ORIGIN,
            operator=operator,
            operator_name="运营方",
            organisation={"code": "OP", "name": "运营方", "kind": "operator"},
        )
        self.counter = 0
        for actor_id, role, code, kind in ACTORS:
            key = self._key(actor_id)
            args = {
                "actor_id": actor_id,
                "name": actor_id,
                "organisation": {"code": code, "name": code, "kind": kind},
                "roles": [role.value],
                "public_key": key.public_b64,
            }
            self.app.submit(self.app.envelope(operator, "actor.register", args, self._cid()))

    def _key(self, actor_id: str) -> keys.ActorKey:
        key = keys.from_seed(actor_id, actor_id.encode().ljust(32, b"\0")[:32])
        self.keys[actor_id] = key
        return key

    def _cid(self) -> str:
        self.counter += 1
        return f"c-{self.counter}"

    def at(self, when: datetime) -> None:
        self.clock.set(when)

    def prepare(self, step: Step) -> Any:
        """The client's part, not timed: the envelope built and signed."""
        return self.app.envelope(self.keys[step.actor], step.command, step.args, self._cid())

    def run(self, prepared: Any) -> int:
        """Submit; the domain events appended (the command record is the ledger's own, not counted)."""
        return self.app.submit(prepared).count - 1

    def close(self) -> None:
        self.app.close()


class BareReader:
    """domain/kernel/commands.py ``Reader`` over the bare repository: what ledger/reader.py does,
    without guards. ``prefetch`` is a no-op: the bare library has no many-streams existence query,
    and the commands ``get`` every stream they prefetch anyway."""

    def __init__(self, get: Callable[[UUID], Any], actor: Actor, now: datetime, command_id: str) -> None:
        self._get = get
        self.actor = actor
        self.now = now
        self.command_id = command_id
        self.origin = ORIGIN
        self._loaded: dict[UUID, Any] = {actor.id: actor}

    def find(self, cls: type[A], stream: UUID) -> A | None:
        if stream in self._loaded:
            found = self._loaded[stream]
        else:
            try:
                found = self._get(stream)
            except AggregateNotFoundError:
                found = None
            self._loaded[stream] = found
        return found if isinstance(found, cls) else None

    def get(self, cls: type[A], stream: UUID, *, field: str, what: str) -> A:
        found = self.find(cls, stream)
        if found is None:
            NOT_FOUND.refuse(field, f"no {what} with this id is recorded")
        return found

    def exists(self, stream: UUID) -> bool:
        return self.find(object, stream) is not None

    def prefetch(self, streams: Sequence[UUID]) -> None:
        del streams

    def proves_possession(self, public_key: bytes, proof: bytes) -> bool:
        del public_key, proof
        return False


class BareSide:
    """The same commands on a plain eventsourcing Application: parse, role, execute, save."""

    name = "bare"

    def __init__(self, store: Store) -> None:
        env, _ = store.env(None)
        self.app: Application[UUID] = Application(env=env)
        self.now = beijing(SETUP_DAY, 9)
        self.actors: dict[str, Actor] = {}
        self.counter = 0
        with command_time(self.now):
            made = []
            for actor_id, role, code, kind in ACTORS:
                a = Actor(actor_id=actor_id, name=actor_id, organisation=organisation(code, code, kind))
                a.grant_role(role)
                made.append(a)
            self.app.save(*made)
        # Loaded from their streams, and kept between commands as the ledger keeps its actors.
        self.actors = {a.actor_id: self.app.repository.get(a.id) for a in made}

    def at(self, when: datetime) -> None:
        self.now = when

    def prepare(self, step: Step) -> Step:
        return step

    def run(self, step: Step) -> int:
        command = CATALOGUE.get(step.command)
        assert command is not None, step.command
        actor = self.actors[step.actor]
        if not any(actor.has_role(r) for r in command.roles):
            ROLE.refuse("actor", f"{actor.actor_id} may not give {command.name}")
        self.counter += 1
        args = command.parse(step.args)
        reader = BareReader(self.app.repository.get, actor, self.now, f"c-{self.counter}")
        with command_time(self.now):
            changed = list(command.execute(args, reader))
            recordings = self.app.save(*changed)
        return len(recordings)

    def close(self) -> None:
        self.app.close()


# -- driving and timing ------------------------------------------------------------------------------
class Side(Protocol):
    name: str

    def at(self, when: datetime) -> None: ...

    def prepare(self, step: Step) -> Any: ...

    def run(self, prepared: Any) -> int: ...

    def close(self) -> None: ...


@dataclass
class Timing:
    """Per-command times (s), command names and domain events of one side over one measured stretch."""

    times: list[float] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    events: int = 0

    @property
    def commands(self) -> int:
        return len(self.times)

    @property
    def total(self) -> float:
        return sum(self.times)

    def rate(self) -> float:
        return self.commands / self.total

    def event_rate(self) -> float:
        return self.events / self.total

    def mean_ms(self) -> float:
        return self.total / self.commands * 1000

    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    def p95_ms(self) -> float:
        return statistics.quantiles(self.times, n=20)[-1] * 1000 if self.commands > 1 else self.median_ms()

    def part(self, start: int, stop: int | None) -> Timing:
        return Timing(self.times[start:stop], self.names[start:stop])

    def by_command(self) -> dict[str, float]:
        """Median ms per command name."""
        per: dict[str, list[float]] = {}
        for name, t in zip(self.names, self.times, strict=True):
            per.setdefault(name, []).append(t)
        return {k: statistics.median(v) * 1000 for k, v in per.items()}


def drive(sides: dict[str, Side], phases: Sequence[Phase]) -> dict[str, Timing]:
    """Run every step on every side, rotating which goes first, timing each submit (or execute + save)
    on its own; the client's signing happens before the clock starts."""
    out = {label: Timing() for label in sides}
    order = list(sides.items())
    for phase in phases:
        for side in sides.values():
            side.at(phase.at)
        for step in phase.steps:
            for label, side in order:
                prepared = side.prepare(step)
                start = time.perf_counter()
                events = side.run(prepared)
                elapsed = time.perf_counter() - start
                t = out[label]
                t.times.append(elapsed)
                t.names.append(step.command)
                t.events += events
            order = order[1:] + order[:1]
    return out


@dataclass
class Run:
    """One backend: the window on the small and on the big ledger, and the big ledger's growth."""

    backend: str
    enterprises: int
    window: int
    group: int
    small: dict[str, Timing]  # by side, the window on a ledger holding only its own enterprises
    big: dict[str, Timing]  # by side, the same window on the ledger grown to ``enterprises``
    growth: dict[str, Timing]
    setup_s: float
    wall_s: float
    urls: dict[str, str] = field(default_factory=dict)  # fundtrail ledgers, "small" and "big"
    records: dict[str, int] = field(default_factory=dict)


def run(store: Store, *, enterprises: int, window: int, group: int = 100) -> Run:
    """Four databases: fundtrail and bare, each a small ledger (the window alone) and a big one grown to
    ``enterprises`` with early steps before the window; then the window's whole lifecycle on all four,
    interleaved command by command, so the machine's noise falls on both sizes and both sides alike."""
    assert window < enterprises
    wall = time.perf_counter()
    made: dict[str, Side] = {
        "small/fundtrail": FundtrailSide(store),
        "small/bare": BareSide(store),
        "big/fundtrail": FundtrailSide(store),
        "big/bare": BareSide(store),
    }
    try:
        start = time.perf_counter()
        drive(made, [Phase(beijing(SETUP_DAY, 9), setup_steps(enterprises))])
        setup_s = time.perf_counter() - start
        big = {k.split("/")[1]: v for k, v in made.items() if k.startswith("big/")}
        growth = drive(big, early(range(enterprises - window), GROWTH_DAY))
        members = range(enterprises - window, enterprises)
        timed = drive(made, lifecycle(members, group, WINDOW_DAYS, "W"))
        urls, records = {}, {}
        for size in ("small", "big"):
            side = made[f"{size}/fundtrail"]
            assert isinstance(side, FundtrailSide)
            urls[size], records[size] = side.url, side.app.chain.chain_size()
    finally:
        for side in made.values():
            side.close()
    return Run(
        backend=store.name,
        enterprises=enterprises,
        window=window,
        group=group,
        small={k.split("/")[1]: v for k, v in timed.items() if k.startswith("small/")},
        big={k.split("/")[1]: v for k, v in timed.items() if k.startswith("big/")},
        growth=growth,
        setup_s=setup_s,
        wall_s=time.perf_counter() - wall,
        urls=urls,
        records=records,
    )


# -- the report ----------------------------------------------------------------------------------------
def fmt(x: float) -> str:
    return f"{x:,.0f}"


def section(runs: dict[str, Run], quick: bool) -> list[str]:
    """The lifecycle section of docs/benchmarks.md, every figure from ``runs``."""
    some = next(iter(runs.values()))
    n, w, g = some.enterprises, some.window, some.group
    cmds = some.small["fundtrail"].commands
    lines = [
        "## Lifecycle: enterprises through the whole subsidy, fundtrail against bare eventsourcing",
        "",
        f"{'Quick mode' if quick else 'Full mode'}. Per backend, four fresh databases: a fundtrail ledger and a"
        " bare eventsourcing application, each once *small* and once *big*. The big pair is first grown with"
        f" {n - w:,} enterprises taken through the early steps only (enterprise registered, commitment, credit"
        " check, project intake requested: 4 commands each) — driving each of them through the whole lifecycle"
        " on both sides and both backends would not fit the run's time. Then the same *window* of"
        f" {w} further enterprises goes through the whole lifecycle on all four, interleaved command by command"
        f" (the first to run rotating), so the small ledgers then hold {w} enterprises and the big ones {n:,}:"
        f" {cmds:,} commands per database, the same commands in the same order.",
        "",
        "The lifecycle of an enterprise (as tests/test_lifecycle.py): registered with its commitment and credit"
        " check; project intake → intake decision → baseline assessment → tracking report → post assessment →"
        " acceptance → contract → invoice → bank voucher → claim → verified investment (20万) → proposed amount"
        f" (14万); one publicity list per {g} projects, completed after its 5 working days, then one 市政府"
        " approval request and decision per list; payment schedule, tranche 1 order and settlement, tranche 2"
        f" order and settlement; for one project in {CLAWBACK_EVERY} a clawback case opened, decided (A4: 7万 to"
        " recover) and a repayment recorded. One-time setup (actors, programme, policy version, targets, budget"
        " line, batch, the tranche-2 gates) is not timed.",
        "",
        "*fundtrail*: each command an envelope signed by the client before the clock starts, then"
        " `FundtrailLedger.submit` (admission, signature, role, handler, command record, chained records with"
        " Merkle nodes, seal). *bare*: a plain eventsourcing `Application` on the same backend (the library's"
        " recorder and JSON transcoder) running the same catalogue commands: arguments parsed, role checked,"
        " `execute(args, reader)` with a reader over `repository.get` at the same fixed time, then `app.save` of"
        " the aggregates it returns — no envelope, signature, command record, chain or seal. Each command is"
        " timed on its own; commands/s = commands ÷ the sum of their times. Events are the commands' domain"
        " events, the same count on both sides (fundtrail's command record is not counted).",
        "",
    ]
    for backend, r in runs.items():
        lines += [
            f"### Lifecycle on {backend}",
            "",
            f"Run took {r.wall_s / 60:.1f} min (setup {r.setup_s:.1f} s); fundtrail ledgers of"
            f" {r.records['small']:,} and {r.records['big']:,} records at the end.",
            "",
            "| stretch | side | commands | events | commands/s | events/s | fundtrail vs bare |"
            " mean ms/command | median ms/command | p95 ms/command |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        stretches = (
            (f"window, ledger of {r.window:,} enterprises", r.small),
            (f"window, ledger of {r.enterprises:,} enterprises", r.big),
            (f"growth: early steps of {r.enterprises - r.window:,} enterprises", r.growth),
        )
        for label, timings in stretches:
            bare = timings["bare"].rate()
            for side in ("fundtrail", "bare"):
                t = timings[side]
                ratio = f"{t.rate() / bare:.0%}" if side == "fundtrail" else ""
                lines.append(
                    f"| {label} | {side} | {t.commands:,} | {t.events:,} | {fmt(t.rate())} | {fmt(t.event_rate())} |"
                    f" {ratio} | {t.mean_ms():.2f} | {t.median_ms():.2f} | {t.p95_ms():.2f} |"
                )
        tenth = max(1, r.growth["bare"].commands // 10)
        first = {k: v.part(0, tenth) for k, v in r.growth.items()}
        last = {k: v.part(-tenth, None) for k, v in r.growth.items()}
        lines += [
            "",
            f"Growth, its first and last tenth ({tenth:,} commands each, taken at different times, so the machine's noise"
            f" is in it): fundtrail {fmt(first['fundtrail'].rate())} → {fmt(last['fundtrail'].rate())} commands/s,"
            f" bare {fmt(first['bare'].rate())} → {fmt(last['bare'].rate())}.",
            "",
            f"Median ms per command in the window, ledger of {r.window:,} → {r.enterprises:,} enterprises:",
            "",
            "| command | per window | fundtrail | bare |",
            "| --- | ---: | ---: | ---: |",
        ]
        counts: dict[str, int] = {}
        for name in r.small["fundtrail"].names:
            counts[name] = counts.get(name, 0) + 1
        per = {
            f"{size}/{side}": t.by_command()
            for size, d in (("small", r.small), ("big", r.big))
            for side, t in d.items()
        }
        for name, count in counts.items():
            lines.append(
                f"| {name} | {count:,} | {per['small/fundtrail'][name]:.2f} → {per['big/fundtrail'][name]:.2f} |"
                f" {per['small/bare'][name]:.2f} → {per['big/bare'][name]:.2f} |"
            )
        lines.append("")
    return lines


def goals(runs: dict[str, Run]) -> list[tuple[str, str, bool]]:
    """(goal, measured, met) for the issue's two goals, per backend."""
    rows: list[tuple[str, str, bool]] = []
    for backend, r in runs.items():
        for size, timings in ((r.window, r.small), (r.enterprises, r.big)):
            ratio = timings["fundtrail"].rate() / timings["bare"].rate()
            rows.append(
                (
                    f"{backend}: lifecycle commands/s ≥ 50% of bare, ledger of {size:,} enterprises",
                    f"{ratio:.0%}",
                    ratio >= GOAL_RATIO,
                )
            )
        a, b = r.small["fundtrail"].median_ms(), r.big["fundtrail"].median_ms()
        bare = r.big["bare"].median_ms() / r.small["bare"].median_ms()
        rows.append(
            (
                f"{backend}: fundtrail's median time per command flat from {r.window:,} to {r.enterprises:,}"
                f" enterprises (ratio ≤ {FLAT_LIMIT})",
                f"{a:.2f} → {b:.2f} ms ({b / a:.2f}×; bare {bare:.2f}×)",
                b / a <= FLAT_LIMIT,
            )
        )
    return rows


def sizes(quick: bool) -> tuple[int, int, int]:
    """(enterprises, window, enterprises per publicity list)."""
    return (300, 20, 20) if quick else (10_000, 100, 100)


def main() -> None:
    """``python -m bench.lifecycle [--quick]``: this section alone, printed (bench/run.py writes the docs)."""
    from bench.run import Backend
    from bench.run import pg_available

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--enterprises", type=int)
    parser.add_argument("--window", type=int)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    n, w, g = sizes(args.quick)
    n, w = args.enterprises or n, args.window or w
    names = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    runs: dict[str, Run] = {}
    for name in names:
        if name == "postgres" and not pg_available():
            continue
        backend = Backend(name)
        try:
            runs["PostgreSQL" if name == "postgres" else "SQLite"] = run(
                backend, enterprises=n, window=w, group=min(g, w)
            )
        finally:
            backend.cleanup()
    print("\n".join(section(runs, args.quick)))
    for goal, measured, ok in goals(runs):
        print(f"{goal}: {measured} {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
