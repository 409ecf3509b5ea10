"""Worklist (待办): what is due or overdue, computed from the log (issue 9 item 9).

Each open item is a row with what it is, whose it is, since when, and when it falls due — a publicity's
window ending (counted in working days when the list was published, A5), an objection awaiting its
resolution (A6), a list to complete, a payment order awaiting the bank's settlement (A21's pass-through
SLA), a tranche due once its gates are open (第十一条), a clawback case awaiting its decision and a
receivable outstanding (第十七条), a monitoring deviation awaiting its corrective action (第十四条). A row
disappears when the step that answers it is recorded. Due dates are stored; whether an item is overdue is
judged when the list is read, against the day asked for.
"""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar

from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import MetaData
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import Text
from sqlalchemy import and_
from sqlalchemy import or_

from domain.clawback.aggregate import ClawbackCase
from domain.kernel.dates import local_date
from domain.payment.aggregate import PaymentSchedule
from domain.performance.aggregate import TargetSet
from domain.publicity.aggregate import Publicity
from projections.core import Group
from projections.core import View

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Hashable
    from collections.abc import Mapping

    from ledger.store import Record
    from projections.core import Rows

SETTLEMENT_SLA_DAYS = 30  # A21: a configurable ageing limit for a payment leg; 30 calendar days by default
DECISION_SLA_DAYS = 60  # a clawback case awaiting its decision (no article sets one: an ageing mark)

META = MetaData()
ITEMS = Table(
    "ft_work_item",
    META,
    Column("kind", String(40), primary_key=True),
    Column("ref", String(200), primary_key=True),
    Column("owner", String(40), nullable=False),  # the role that acts next
    Column("since", String(10), nullable=False),
    Column("due_on", String(10), nullable=True),
    Column("detail", Text, nullable=False),
    Column("seq", BigInteger, nullable=False),
)


def _day(text: str) -> str:
    return text[:10]


def _bucket(row: dict[str, Any]) -> Hashable:
    """An item's kind and the first part of its ref: every item of a ``_replace`` group shares one."""
    return (row["kind"], str(row["ref"]).split("/", 1)[0])


class Worklist(View):
    name: ClassVar[str] = "worklist"
    version: ClassVar[int] = 1
    metadata: ClassVar[MetaData] = META
    recalled: ClassVar[tuple[Table, ...]] = (ITEMS,)
    index: ClassVar[Mapping[str, Callable[[dict[str, Any]], Hashable]]] = {ITEMS.name: _bucket}
    aggregates: ClassVar[tuple[type, ...] | None] = (Publicity, PaymentSchedule, ClawbackCase, TargetSet)

    def apply(self, rows: Rows, record: Record, aggregate: Any) -> None:
        if isinstance(aggregate, Publicity):
            self._publicity(rows, record, aggregate)
        elif isinstance(aggregate, PaymentSchedule):
            self._schedule(rows, record, aggregate)
        elif isinstance(aggregate, ClawbackCase):
            self._case(rows, record, aggregate)
        elif isinstance(aggregate, TargetSet):
            self._targets(rows, record, aggregate)

    # a kind's rows of one aggregate are replaced as a whole: what is no longer open disappears
    @staticmethod
    def _replace(rows: Rows, kinds: tuple[str, ...], key: str, items: list[dict[str, Any]], seq: int) -> None:
        """Replace the rows of ``kinds`` that belong to ``key`` (its ref, or refs under ``key/``)."""
        under = f"{key}/"
        mine = Group(
            lambda: and_(
                ITEMS.c.kind.in_(kinds), or_(ITEMS.c.ref == key, ITEMS.c.ref.startswith(under, autoescape=True))
            ),
            lambda r: r["kind"] in kinds and (r["ref"] == key or str(r["ref"]).startswith(under)),
            tuple((kind, key.split("/", 1)[0]) for kind in kinds),
        )
        rows.replace(ITEMS, mine, [{**item, "seq": seq} for item in items])

    def _publicity(self, rows: Rows, record: Record, p: Publicity) -> None:
        prefix = f"{p.publicity_id}"
        items: list[dict[str, Any]] = []
        if not p.completed:
            end = local_date_of(p.earliest_end_at)
            items.append(
                {
                    "kind": "publicity_open",
                    "ref": prefix,
                    "owner": "city_miit",
                    "since": p.start_on,
                    "due_on": end.isoformat(),
                    "detail": f"{len(p.entries)} entries; the window ends 24:00 北京时间 {p.last_working_day}",
                }
            )
        for objection_id, o in sorted(p.objections.items()):
            if o["status"] == "open":
                items.append(
                    {
                        "kind": "objection_open",
                        "ref": f"{prefix}/{objection_id}",
                        "owner": "city_miit",
                        "since": str(o["received_on"]),
                        "due_on": p.last_working_day,
                        "detail": f"objection on {o['subject_id']}: investigate, then uphold or dismiss (A6)",
                    }
                )
        self._replace(rows, ("publicity_open", "objection_open"), prefix, items, record.seq)

    def _schedule(self, rows: Rows, record: Record, s: PaymentSchedule) -> None:
        prefix = f"{s.project_id}/"
        key = s.project_id
        items: list[dict[str, Any]] = []
        for order_no, o in sorted(s.orders.items()):
            if o["status"] == "issued":
                issued = date.fromisoformat(o["issued_on"])
                items.append(
                    {
                        "kind": "order_unsettled",
                        "ref": f"{prefix}{order_no}",
                        "owner": "city_finance",
                        "since": o["issued_on"],
                        "due_on": (issued + timedelta(days=SETTLEMENT_SLA_DAYS)).isoformat(),
                        "detail": f"tranche {o['tranche']}, {o['amount_fen']} 分: record the bank's settlement (A21)",
                    }
                )
        for t in s.tranches:
            if t["status"] == "due":
                items.append(
                    {
                        "kind": "tranche_due",
                        "ref": f"{prefix}{t['seq']}",
                        "owner": "city_finance",
                        "since": local_date(record.event.timestamp).isoformat(),
                        "due_on": None,  # tranche 2 waits for its gates (第十一条); the list shows it open
                        "detail": f"tranche {t['seq']}, {t['amount_fen']} 分 to order"
                        + (" once the pilot's acceptance and the central funds are recorded" if t["seq"] == 2 else ""),
                    }
                )
        self._replace(rows, ("order_unsettled", "tranche_due"), key, items, record.seq)

    def _case(self, rows: Rows, record: Record, c: ClawbackCase) -> None:
        prefix = f"{c.case_id}"
        items: list[dict[str, Any]] = []
        if c.status == "open":
            opened = date.fromisoformat(c.opened_on)
            items.append(
                {
                    "kind": "case_undecided",
                    "ref": prefix,
                    "owner": "city_miit",
                    "since": c.opened_on,
                    "due_on": (opened + timedelta(days=DECISION_SLA_DAYS)).isoformat(),
                    "detail": f"clawback case on {c.project_id} (grounds {', '.join(c.grounds)}): decide (第十七条)",
                }
            )
        elif c.status == "decided" and c.outstanding_fen > 0:
            items.append(
                {
                    "kind": "recovery_outstanding",
                    "ref": prefix,
                    "owner": "city_finance",
                    "since": str((c.decision or {}).get("decided_on", c.opened_on)),
                    "due_on": None,
                    "detail": f"{c.outstanding_fen} 分 of {c.demanded_fen} 分 to recover from {c.enterprise_uscc}",
                }
            )
        self._replace(rows, ("case_undecided", "recovery_outstanding"), prefix, items, record.seq)

    def _targets(self, rows: Rows, record: Record, t: TargetSet) -> None:
        prefix = f"{t.set_id}"
        items: list[dict[str, Any]] = []
        period = getattr(t, "open_period", None)
        if period:
            deviating = ", ".join(str(x) for x in t.snapshots[period]["deviating"])
            items.append(
                {
                    "kind": "deviation_open",
                    "ref": f"{prefix}/{period}",
                    "owner": t.owner_kind,
                    "since": _day(str(t.snapshots[period].get("as_of", "")))
                    or local_date(record.event.timestamp).isoformat(),
                    "due_on": None,
                    "detail": f"deviations beyond the threshold ({deviating}): record a corrective action (第十四条)",
                }
            )
        self._replace(rows, ("deviation_open",), prefix, items, record.seq)


def local_date_of(utc_iso: str) -> date:
    from datetime import datetime

    return local_date(datetime.fromisoformat(utc_iso.replace("Z", "+00:00")))
