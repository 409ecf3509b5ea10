"""Balances (资金台账): programme, budget lines, subsidised subjects, payment schedules and receivables, in 分.

Each table's rows are derived from one kind of aggregate as the log left it, and name the ``seq`` of the
record they rest on. ``check`` states the invariants finance relies on — a line never committed past its
amount, nothing paid beyond what was approved, nothing recovered beyond what was demanded, the lines
within the allocation — and names every row that breaks one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar

from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import MetaData
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import select

from domain.award.aggregate import Award
from domain.award.provider import Provider
from domain.clawback.aggregate import ClawbackCase
from domain.enterprise.aggregate import Enterprise
from domain.payment.aggregate import PaymentSchedule
from domain.procurement.aggregate import Procurement
from domain.programme.aggregate import Programme
from domain.programme.budget import BudgetLine
from domain.project.aggregate import Project
from projections.core import Group
from projections.core import View

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Hashable
    from collections.abc import Mapping

    from sqlalchemy.engine import Connection
    from sqlalchemy.engine import Engine

    from ledger.store import Record
    from projections.core import Rows

META = MetaData()
Fen = BigInteger

PROGRAMMES = Table(
    "ft_bal_programme",
    META,
    Column("programme_id", String(100), primary_key=True),
    Column("fund_source", String(40), nullable=False),
    Column("allocated_fen", Fen, nullable=False),
    Column("received_fen", Fen, nullable=False),
    Column("earmarked_fen", Fen, nullable=False),
    Column("seq", BigInteger, nullable=False),
)
LINES = Table(
    "ft_bal_budget_line",
    META,
    Column("programme_id", String(100), primary_key=True),
    Column("category", String(40), primary_key=True),
    Column("fund_source", String(40), nullable=False),
    Column("amount_fen", Fen, nullable=False),
    Column("committed_fen", Fen, nullable=False),
    Column("free_fen", Fen, nullable=False),
    Column("seq", BigInteger, nullable=False),
)
SUBJECTS = Table(
    "ft_bal_subject",
    META,
    Column("subject_id", String(100), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("category", String(40), nullable=False),
    Column("programme_id", String(100), nullable=False),
    Column("batch_id", String(100), nullable=False),
    Column("payee_uscc", String(18), nullable=False),
    Column("state", String(40), nullable=False),
    Column("proposed_fen", Fen, nullable=True),
    Column("approved_fen", Fen, nullable=True),
    Column("entitlement_fen", Fen, nullable=True),
    Column("approval_id", String(100), nullable=True),
    Column("seq", BigInteger, nullable=False),
)
SCHEDULES = Table(
    "ft_bal_schedule",
    META,
    Column("subject_id", String(100), primary_key=True),
    Column("approval_id", String(100), nullable=False),
    Column("payee_uscc", String(18), nullable=False),
    Column("approved_fen", Fen, nullable=False),
    Column("scheduled_fen", Fen, nullable=False),
    Column("paid_t1_fen", Fen, nullable=False),
    Column("paid_t2_fen", Fen, nullable=False),
    Column("paid_fen", Fen, nullable=False),
    Column("unpaid_fen", Fen, nullable=False),
    Column("cancelled_fen", Fen, nullable=False),
    Column("seq", BigInteger, nullable=False),
)
RECEIVABLES = Table(
    "ft_bal_receivable",
    META,
    Column("case_id", String(100), primary_key=True),
    Column("subject_id", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("frozen_fen", Fen, nullable=False),
    Column("demanded_fen", Fen, nullable=False),
    Column("recovered_fen", Fen, nullable=False),
    Column("written_off_fen", Fen, nullable=False),
    Column("outstanding_fen", Fen, nullable=False),
    Column("seq", BigInteger, nullable=False),
)
PROCUREMENTS = Table(
    "ft_bal_procurement",
    META,
    Column("procurement_id", String(100), primary_key=True),
    Column("programme_id", String(100), nullable=False),
    Column("category", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("contract_fen", Fen, nullable=False),
    Column("accepted_fen", Fen, nullable=False),
    Column("paid_fen", Fen, nullable=False),
    Column("seq", BigInteger, nullable=False),
)
ORDERS = Table(
    "ft_bal_order",
    META,
    Column("order_no", String(100), primary_key=True),
    Column("subject_id", String(100), nullable=False),
    Column("tranche", BigInteger, nullable=False),
    Column("amount_fen", Fen, nullable=False),
    Column("payee_account_hash", String(64), nullable=False),
    Column("issued_on", String(10), nullable=False),
    Column("status", String(20), nullable=False),
    Column("bank_serial", String(100), nullable=True),
    Column("value_date", String(10), nullable=True),
    Column("seq", BigInteger, nullable=False),
)
ACCOUNTS = Table(
    "ft_bal_payee_account",
    META,
    Column("uscc", String(18), primary_key=True),
    Column("account_hash", String(64), primary_key=True),
    Column("last4", String(4), nullable=False),
    Column("seq", BigInteger, nullable=False),
)
TABLES = (PROGRAMMES, LINES, SUBJECTS, SCHEDULES, RECEIVABLES, PROCUREMENTS, ORDERS, ACCOUNTS)


def _paid(schedule: PaymentSchedule, tranche: int) -> int:
    found = schedule.tranche(tranche)
    return int(found["amount_fen"]) if found is not None and found["status"] == "paid" else 0


class Balances(View):
    name: ClassVar[str] = "balances"
    version: ClassVar[int] = 4  # 2: procured services; 3: payment orders and payee accounts; 4: removed accounts
    metadata: ClassVar[MetaData] = META
    recalled: ClassVar[tuple[Table, ...]] = (ORDERS, ACCOUNTS)
    index: ClassVar[Mapping[str, Callable[[dict[str, Any]], Hashable]]] = {ACCOUNTS.name: lambda r: r["uscc"]}
    aggregates: ClassVar[tuple[type, ...] | None] = (
        Programme,
        BudgetLine,
        Project,
        Award,
        PaymentSchedule,
        Enterprise,
        Provider,
        Procurement,
        ClawbackCase,
    )

    def apply(self, rows: Rows, record: Record, aggregate: Any) -> None:
        seq = record.seq
        if isinstance(aggregate, Programme):
            values = {
                "programme_id": aggregate.programme_id,
                "fund_source": aggregate.fund_source,
                "allocated_fen": aggregate.central_allocated_fen,
                "received_fen": aggregate.central_received_fen,
                "earmarked_fen": aggregate.budget_total_fen,
                "seq": seq,
            }
            rows.put(PROGRAMMES, values)
        elif isinstance(aggregate, BudgetLine):
            values = {
                "programme_id": aggregate.programme_id,
                "category": aggregate.category,
                "fund_source": aggregate.fund_source,
                "amount_fen": aggregate.cap_fen,
                "committed_fen": aggregate.committed_fen,
                "free_fen": aggregate.available_fen,
                "seq": seq,
            }
            rows.put(LINES, values)
        elif isinstance(aggregate, Project | Award):
            rows.put(SUBJECTS, self._subject(aggregate, seq))
        elif isinstance(aggregate, PaymentSchedule):
            paid = [_paid(aggregate, n) for n in (1, 2)]
            cancelled = sum(int(t["amount_fen"]) for t in aggregate.tranches if t["status"] == "cancelled")
            values = {
                "subject_id": aggregate.project_id,
                "approval_id": aggregate.approval_id,
                "payee_uscc": aggregate.enterprise_uscc,
                "approved_fen": aggregate.approved_fen,
                "scheduled_fen": aggregate.total_fen,
                "paid_t1_fen": paid[0],
                "paid_t2_fen": paid[1],
                "paid_fen": aggregate.settled_fen,
                "unpaid_fen": aggregate.unpaid_fen,
                "cancelled_fen": cancelled,
                "seq": seq,
            }
            rows.put(SCHEDULES, values)
            for order_no, order in aggregate.orders.items():
                row = {
                    "order_no": order_no,
                    "subject_id": aggregate.project_id,
                    "tranche": order["tranche"],
                    "amount_fen": order["amount_fen"],
                    "payee_account_hash": order["payee_account_hash"],
                    "issued_on": order["issued_on"],
                    "status": order["status"],
                    "bank_serial": order.get("bank_serial"),
                    "value_date": order.get("value_date"),
                    "seq": seq,
                }
                rows.put(ORDERS, row, only_if_changed=True)
        elif isinstance(aggregate, Enterprise | Provider):
            # the accounts as recorded now: one removed from the register no longer matches a payment
            uscc = aggregate.uscc
            mine = Group(lambda: ACCOUNTS.c.uscc == uscc, lambda r: bool(r["uscc"] == uscc), (uscc,))
            current = [
                {"uscc": uscc, "account_hash": str(a["account_hash"]), "last4": a["last4"], "seq": seq}
                for a in aggregate.bank_accounts
            ]
            rows.replace(ACCOUNTS, mine, current, only_if_changed=True)
        elif isinstance(aggregate, Procurement):
            values = {
                "procurement_id": aggregate.procurement_id,
                "programme_id": aggregate.programme_id,
                "category": aggregate.category,
                "status": aggregate.status,
                "contract_fen": aggregate.contract_fen,
                "accepted_fen": aggregate.accepted_fen,
                "paid_fen": aggregate.paid_fen,
                "seq": seq,
            }
            rows.put(PROCUREMENTS, values)
        elif isinstance(aggregate, ClawbackCase):
            values = {
                "case_id": aggregate.case_id,
                "subject_id": aggregate.project_id,
                "status": aggregate.status,
                "frozen_fen": aggregate.frozen_unpaid_fen,
                "demanded_fen": aggregate.demanded_fen,
                "recovered_fen": aggregate.received_fen,
                "written_off_fen": aggregate.written_off_fen,
                "outstanding_fen": aggregate.outstanding_fen,
                "seq": seq,
            }
            rows.put(RECEIVABLES, values)

    @staticmethod
    def _subject(s: Project | Award, seq: int) -> dict[str, Any]:
        if isinstance(s, Project):
            kind, category = "project", "transformation"
        else:
            kind, category = f"award:{s.kind}", s.category
        return {
            "subject_id": s.subject_id,
            "kind": kind,
            "category": category,
            "programme_id": s.programme_id,
            "batch_id": s.batch_id,
            "payee_uscc": s.payee_uscc,
            "state": s.state,
            "proposed_fen": s.proposed_fen,
            "approved_fen": s.approved_fen,
            "entitlement_fen": s.entitlement_fen,
            "approval_id": s.approval_id,
            "seq": seq,
        }


@dataclass(frozen=True)
class Breach:
    """An invariant a row breaks, with the row's own ``seq``."""

    table: str
    key: str
    rule: str
    detail: str
    seq: int


def check(engine: Engine) -> list[Breach]:
    """Every invariant of the balances, checked over the live tables."""
    out: list[Breach] = []
    with engine.connect() as conn:
        lines = [dict(r._mapping) for r in conn.execute(select(LINES))]
        for line in lines:
            key = f"{line['programme_id']}/{line['category']}"
            if line["committed_fen"] + line["free_fen"] != line["amount_fen"]:
                out.append(Breach("budget_line", key, "amount = committed + free", str(line), line["seq"]))
            if line["free_fen"] < 0:
                out.append(Breach("budget_line", key, "committed ≤ amount", str(line), line["seq"]))
        out += _children(conn, lines)
        for programme in conn.execute(select(PROGRAMMES)):
            p = dict(programme._mapping)
            amounts = sum(x["amount_fen"] for x in lines if x["programme_id"] == p["programme_id"])
            if amounts != p["earmarked_fen"] or amounts > p["allocated_fen"]:
                detail = f"lines {amounts} 分, earmarked {p['earmarked_fen']} 分, allocated {p['allocated_fen']} 分"
                out.append(Breach("programme", p["programme_id"], "Σ lines = earmarked ≤ allocated", detail, p["seq"]))
        for schedule in conn.execute(select(SCHEDULES)):
            s = dict(schedule._mapping)
            if s["paid_fen"] > s["approved_fen"] or s["paid_t1_fen"] + s["paid_t2_fen"] != s["paid_fen"]:
                out.append(Breach("schedule", s["subject_id"], "Σ tranches paid = paid ≤ approved", str(s), s["seq"]))
        for receivable in conn.execute(select(RECEIVABLES)):
            r = dict(receivable._mapping)
            settled = r["recovered_fen"] + r["written_off_fen"]
            if settled > r["demanded_fen"] or r["outstanding_fen"] != r["demanded_fen"] - settled:
                rule = "recovered + written off ≤ demanded"
                out.append(Breach("receivable", r["case_id"], rule, str(r), r["seq"]))
    return out


@dataclass(frozen=True)
class Execution:
    """One budget line's execution (双监控, HRB 第十四条): its amount, what is committed and paid against it."""

    programme_id: str
    category: str
    amount_fen: int
    committed_fen: int
    paid_fen: int
    committed_bp: int  # of the amount, rounded down
    paid_bp: int  # of what is committed, rounded down
    share_bp: int  # of the programme's allocation (the transformation line must hold ≥ 80%, 第八条)


def execution(engine: Engine) -> list[Execution]:
    """Budget execution per line, from the balances (paid: settled tranches of the line's subjects less what
    was recovered from them, and procurement payments of its category)."""
    with engine.connect() as conn:
        lines = [dict(r._mapping) for r in conn.execute(select(LINES).order_by(LINES.c.programme_id, LINES.c.category))]
        allocated = {r.programme_id: r.allocated_fen for r in conn.execute(select(PROGRAMMES))}
        subjects = {r.subject_id: (r.programme_id, r.category) for r in conn.execute(select(SUBJECTS))}
        paid: dict[tuple[str, str], int] = {}
        for r in conn.execute(select(SCHEDULES.c.subject_id, SCHEDULES.c.paid_fen)):
            key = subjects.get(r.subject_id)
            if key is not None:
                paid[key] = paid.get(key, 0) + int(r.paid_fen)
        for r in conn.execute(select(RECEIVABLES.c.subject_id, RECEIVABLES.c.recovered_fen)):
            key = subjects.get(r.subject_id)
            if key is not None:  # money recovered comes back to the line (第十七条): paid is net of it
                paid[key] = paid.get(key, 0) - int(r.recovered_fen)
        for p in conn.execute(select(PROCUREMENTS.c.programme_id, PROCUREMENTS.c.category, PROCUREMENTS.c.paid_fen)):
            key = (p.programme_id, p.category)
            paid[key] = paid.get(key, 0) + int(p.paid_fen)
    out = []
    for line in lines:
        key = (line["programme_id"], line["category"])
        amount, committed, total = line["amount_fen"], line["committed_fen"], allocated.get(key[0], 0)
        out.append(
            Execution(
                programme_id=key[0],
                category=key[1],
                amount_fen=amount,
                committed_fen=committed,
                paid_fen=paid.get(key, 0),
                committed_bp=committed * 10_000 // amount if amount else 0,
                paid_bp=paid.get(key, 0) * 10_000 // committed if committed else 0,
                share_bp=amount * 10_000 // total if total else 0,
            )
        )
    return out


def _children(conn: Connection, lines: list[dict[str, Any]]) -> list[Breach]:
    """Σ children = parent: a line's commitments are its subjects' entitlements, plus what is still demanded
    back from them less what came back (A4: a recovery, or a cut in unpaid tranches, releases the line), plus
    the contracts of its procured items."""
    owed: dict[str, int] = {}
    for r in conn.execute(select(RECEIVABLES)):
        row = dict(r._mapping)
        owed[row["subject_id"]] = owed.get(row["subject_id"], 0) + row["demanded_fen"] - row["recovered_fen"]
    expected: dict[tuple[str, str], int] = {}
    for r in conn.execute(select(SUBJECTS)):
        row = dict(r._mapping)
        if row["approved_fen"] is not None:
            key = (row["programme_id"], row["category"])
            entitled = row["entitlement_fen"] if row["entitlement_fen"] is not None else row["approved_fen"]
            expected[key] = expected.get(key, 0) + entitled + owed.get(row["subject_id"], 0)
    for r in conn.execute(select(PROCUREMENTS)):
        row = dict(r._mapping)
        key = (row["programme_id"], row["category"])
        expected[key] = expected.get(key, 0) + row["contract_fen"]
    out = []
    for line in lines:
        key = (line["programme_id"], line["category"])
        if expected.get(key, 0) != line["committed_fen"]:
            detail = (
                f"committed {line['committed_fen']} 分; subjects and contracts account for {expected.get(key, 0)} 分"
            )
            rule = "Σ subjects and contracts = committed"
            out.append(Breach("budget_line", "/".join(key), rule, detail, line["seq"]))
    return out
