"""Target attainment (绩效目标完成情况, "双监控" with the budget — HRB 第十四条): every target set with its
status and owner, and every indicator's reported value against its target in every monitoring period, as
the snapshot recorded it (the ledger computed the deviation; this view only keeps it), with its ``seq``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar

from sqlalchemy import BigInteger
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import MetaData
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import Text

from domain.performance.aggregate import TargetSet
from projections.core import View

if TYPE_CHECKING:
    from ledger.store import Record
    from projections.core import Rows

SNAPSHOT = "fundtrail.performance.SnapshotRecorded"

META = MetaData()
SETS = Table(
    "ft_perf_set",
    META,
    Column("set_id", String(100), primary_key=True),
    Column("programme_id", String(100), nullable=False),
    Column("scope", String(20), nullable=False),
    Column("scope_ref", String(200), nullable=True),
    Column("owner_org", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("threshold_bp", BigInteger, nullable=False),
    Column("open_period", String(20), nullable=True),
    Column("evaluation", Text, nullable=True),  # JSON: score, grade, report
    Column("seq", BigInteger, nullable=False),
)
ATTAINMENT = Table(
    "ft_perf_attainment",
    META,
    Column("set_id", String(100), primary_key=True),
    Column("period", String(20), primary_key=True),
    Column("indicator_id", String(100), primary_key=True),
    Column("target", BigInteger, nullable=False),
    Column("scale", BigInteger, nullable=False),
    Column("direction", String(20), nullable=False),
    Column("actual", BigInteger, nullable=False),
    Column("deviation_bp", BigInteger, nullable=False),
    Column("beyond", Boolean, nullable=False),
    Column("seq", BigInteger, nullable=False),
)


class Attainment(View):
    name: ClassVar[str] = "attainment"
    version: ClassVar[int] = 1
    metadata: ClassVar[MetaData] = META
    aggregates: ClassVar[tuple[type, ...] | None] = (TargetSet,)

    def apply(self, rows: Rows, record: Record, aggregate: Any) -> None:
        if not isinstance(aggregate, TargetSet):
            return
        values = {
            "set_id": aggregate.set_id,
            "programme_id": aggregate.programme_id,
            "scope": aggregate.scope,
            "scope_ref": aggregate.scope_ref,
            "owner_org": aggregate.owner_org,
            "status": aggregate.status,
            "threshold_bp": aggregate.threshold_bp,
            "open_period": aggregate.open_period,
            "evaluation": None
            if aggregate.evaluation is None
            else json.dumps(aggregate.evaluation, ensure_ascii=False),
            "seq": record.seq,
        }
        rows.put(SETS, values)
        if record.topic == SNAPSHOT:
            for item in record.event.attainment:
                row = {
                    "set_id": aggregate.set_id,
                    "period": record.event.period,
                    "indicator_id": item["indicator_id"],
                    "target": item["target"],
                    "scale": item["scale"],
                    "direction": item["direction"],
                    "actual": item["actual"],
                    "deviation_bp": item["deviation_bp"],
                    "beyond": item["beyond"],
                    "seq": record.seq,
                }
                rows.put(ATTAINMENT, row)
