"""The provincial benchmark award as read models (黑工信企业联规〔2024〕19号): applications, the signed
ranking, the review trail, each application's scores as the ranking reads them, the legs of the money and
the fraud receivables — every row naming the ``seq`` it rests on.

The trail is the log itself, one row per reviewer operation (第五条（三） 可查询、可追溯). The ranking is
kept as 省工信厅 signed it; ``recompute`` ranks the applications again from the stored scores with the
domain's own function (domain/province/ranking.py), so a difference — a 复核 correction after the list,
say — is named by comparing the two (``differences``).
"""

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

from domain.province.application import BenchmarkApplication
from domain.province.call import AnnualCall
from domain.province.money import Disbursement
from domain.province.money import FraudCase
from domain.province.ranking import Scored
from domain.province.ranking import rank
from domain.province.review import ReviewFile
from projections.core import View

if TYPE_CHECKING:
    from ledger.store import Record
    from projections.core import Rows

META = MetaData()
CALLS = Table(
    "ft_hlj_call",
    META,
    Column("call_id", String(100), primary_key=True),
    Column("year", BigInteger, nullable=False),
    Column("quota", BigInteger, nullable=False),
    Column("deadline", String(10), nullable=False),
    Column("criteria", Text, nullable=False),  # JSON, as published
    Column("rankings", BigInteger, nullable=False),  # how many lists were proposed
    Column("seq", BigInteger, nullable=False),
)
APPLICATIONS = Table(
    "ft_hlj_application",
    META,
    Column("application_id", String(100), primary_key=True),
    Column("call_id", String(100), nullable=False),
    Column("enterprise_uscc", String(18), nullable=False),
    Column("enterprise_name", String(100), nullable=False),
    Column("city", String(100), nullable=False),
    Column("county", String(100), nullable=False),
    Column("national", String(60), nullable=False),  # the statuses, comma-separated
    Column("ceiling_fen", BigInteger, nullable=False),
    Column("state", String(20), nullable=False),
    Column("eligible", Boolean, nullable=False),
    Column("proposed_fen", BigInteger, nullable=True),
    Column("approved_fen", BigInteger, nullable=True),
    Column("warnings", Text, nullable=False),  # JSON
    Column("submitted_at", String(40), nullable=False),
    Column("seq", BigInteger, nullable=False),
)
RANKING = Table(
    "ft_hlj_ranking",
    META,
    Column("call_id", String(100), primary_key=True),
    Column("version", BigInteger, primary_key=True),
    Column("application_id", String(100), primary_key=True),
    Column("rank", BigInteger, nullable=True),
    Column("total", BigInteger, nullable=False),
    Column("financial", BigInteger, nullable=False),
    Column("tie", Boolean, nullable=False),
    Column("listed", Boolean, nullable=False),
    Column("award_fen", BigInteger, nullable=True),
    Column("points", Text, nullable=False),  # JSON criterion → points, as signed
    Column("proposed_by", String(100), nullable=False),
    Column("seq", BigInteger, nullable=False),
)
RESULTS = Table(
    "ft_hlj_result",
    META,
    Column("application_id", String(100), primary_key=True),
    Column("criterion", String(20), primary_key=True),
    Column("points", BigInteger, nullable=True),  # None: not yet scored by every active reviewer
    Column("source", String(10), nullable=False),  # mean | recheck
    Column("seq", BigInteger, nullable=False),
)
TRAIL = Table(
    "ft_hlj_trail",
    META,
    Column("seq", BigInteger, primary_key=True),
    Column("application_id", String(100), nullable=False),
    Column("at", String(40), nullable=False),
    Column("actor_id", String(100), nullable=False),
    Column("operation", String(40), nullable=False),
    Column("reviewer", String(100), nullable=True),
    Column("criterion", String(20), nullable=True),
    Column("points", BigInteger, nullable=True),
    Column("before", BigInteger, nullable=True),
    Column("detail", Text, nullable=True),  # reason, purpose, material hash, recusal, 复核 outcome
    Column("flagged", Boolean, nullable=False),  # a 复核 correction after the list (FT-HLJ-FROZEN)
)
LEGS = Table(
    "ft_hlj_leg",
    META,
    Column("application_id", String(100), primary_key=True),
    Column("leg_id", String(100), primary_key=True),
    Column("call_id", String(100), nullable=False),
    Column("to_org", String(40), nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("disbursed_on", String(10), nullable=False),
    Column("forwarded_fen", BigInteger, nullable=False),
    Column("held_fen", BigInteger, nullable=False),  # received by the bureau, not passed on
    Column("last_settled_on", String(10), nullable=True),
    Column("due_on", String(10), nullable=True),  # of the last forward (the SLA of A21)
    Column("late", Boolean, nullable=False),
    Column("frozen_by", String(100), nullable=True),
    Column("seq", BigInteger, nullable=False),
)
FRAUD = Table(
    "ft_hlj_fraud",
    META,
    Column("case_id", String(100), primary_key=True),
    Column("debtor", String(40), primary_key=True),
    Column("application_id", String(100), nullable=False),
    Column("receivable_fen", BigInteger, nullable=False),
    Column("recovered_fen", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
)

OPERATIONS = {
    "fundtrail.province.ReviewerAssigned": "assigned",
    "fundtrail.province.ReviewerRecused": "recused",
    "fundtrail.province.MaterialOpened": "opened",
    "fundtrail.province.ScoreGiven": "scored",
    "fundtrail.province.ScoreChanged": "changed",
    "fundtrail.province.ReviewRechecked": "rechecked",
}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class Province(View):
    name: ClassVar[str] = "province"
    version: ClassVar[int] = 1
    metadata: ClassVar[MetaData] = META
    aggregates: ClassVar[tuple[type, ...] | None] = (
        AnnualCall,
        BenchmarkApplication,
        ReviewFile,
        Disbursement,
        FraudCase,
    )

    def apply(self, rows: Rows, record: Record, aggregate: Any) -> None:
        if isinstance(aggregate, AnnualCall):
            self._call(rows, record, aggregate)
        elif isinstance(aggregate, BenchmarkApplication):
            self._application(rows, record, aggregate)
        elif isinstance(aggregate, ReviewFile):
            self._review(rows, record, aggregate)
        elif isinstance(aggregate, Disbursement):
            self._legs(rows, record, aggregate)
        elif isinstance(aggregate, FraudCase):
            for debtor, due in aggregate.receivable.items():
                row = {
                    "case_id": aggregate.case_id,
                    "debtor": debtor,
                    "application_id": aggregate.application_id,
                    "receivable_fen": due,
                    "recovered_fen": aggregate.recovered.get(debtor, 0),
                    "seq": record.seq,
                }
                rows.put(FRAUD, row)

    @staticmethod
    def _call(rows: Rows, record: Record, call: AnnualCall) -> None:
        row = {
            "call_id": call.call_id,
            "year": call.year,
            "quota": call.quota,
            "deadline": call.deadline,
            "criteria": _dumps(call.criteria),
            "rankings": len(call.rankings),
            "seq": record.seq,
        }
        rows.put(CALLS, row)
        if record.topic != "fundtrail.province.ListProposed":
            return
        ranking = call.rankings[-1]
        for e in ranking["entries"]:
            rows.put(
                RANKING,
                {
                    "call_id": call.call_id,
                    "version": ranking["version"],
                    "application_id": e["application_id"],
                    "rank": e["rank"],
                    "total": e["total"],
                    "financial": e["financial"],
                    "tie": e["tie"],
                    "listed": e["listed"],
                    "award_fen": e["award_fen"],
                    "points": _dumps(e["points"]),
                    "proposed_by": ranking["proposed_by"],
                    "seq": record.seq,
                },
            )

    @staticmethod
    def _application(rows: Rows, record: Record, app: BenchmarkApplication) -> None:
        row = {
            "application_id": app.application_id,
            "call_id": app.call_id,
            "enterprise_uscc": app.enterprise_uscc,
            "enterprise_name": app.enterprise_name,
            "city": app.city,
            "county": app.county,
            "national": ",".join(str(s["kind"]) for s in app.national_status),
            "ceiling_fen": app.ceiling_fen or 0,
            "state": app.state,
            "eligible": app.eligible,
            "proposed_fen": app.proposed_fen,
            "approved_fen": app.approved_fen,
            "warnings": _dumps(app.warnings),
            "submitted_at": app.submitted_at,
            "seq": record.seq,
        }
        rows.put(APPLICATIONS, row)

    @staticmethod
    def _review(rows: Rows, record: Record, file: ReviewFile) -> None:
        operation = OPERATIONS.get(record.topic)
        if operation is None:
            return
        e = record.event
        detail: Any = None
        if operation == "opened":
            detail = {"sha256": e.sha256, "purpose": e.purpose}
        elif operation in ("recused", "changed"):
            detail = e.reason
        elif operation == "rechecked":
            detail = {"outcome": e.outcome, "reasons": e.reasons, "corrections": e.corrections, "sha256": e.sha256}
        rows.put(
            TRAIL,
            {
                "seq": record.seq,
                "application_id": file.application_id,
                "at": record.recorded_at,
                "actor_id": record.actor_id,
                "operation": operation,
                "reviewer": getattr(e, "reviewer", None),
                "criterion": getattr(e, "criterion", None),
                "points": getattr(e, "points", None),
                "before": getattr(e, "before", None),
                "detail": None if detail is None else detail if isinstance(detail, str) else _dumps(detail),
                "flagged": operation == "rechecked" and bool(e.after_list and e.corrections),
            },
        )
        if operation in ("scored", "changed", "recused", "rechecked"):
            codes = sorted({c for s in file.scores.values() for c in s} | set(file.recheck))
            results = file.results(codes)
            for code in codes:
                rows.put(
                    RESULTS,
                    {
                        "application_id": file.application_id,
                        "criterion": code,
                        "points": results[code],
                        "source": "recheck" if code in file.recheck else "mean",
                        "seq": record.seq,
                    },
                )

    @staticmethod
    def _legs(rows: Rows, record: Record, money: Disbursement) -> None:
        for leg_id, leg in money.legs.items():
            forwards = leg["forwards"]
            last = forwards[-1] if forwards else None
            rows.put(
                LEGS,
                {
                    "application_id": money.application_id,
                    "leg_id": leg_id,
                    "call_id": money.call_id,
                    "to_org": leg["to_org"],
                    "amount_fen": leg["amount_fen"],
                    "disbursed_on": leg["disbursed_on"],
                    "forwarded_fen": leg["forwarded_fen"],
                    "held_fen": int(leg["amount_fen"]) - int(leg["forwarded_fen"]),
                    "last_settled_on": last["settled_on"] if last else None,
                    "due_on": last["due_on"] if last else None,
                    "late": any(f["late"] for f in forwards),
                    "frozen_by": money.frozen_by,
                    "seq": record.seq,
                },
            )


def recompute(
    applications: list[dict[str, Any]], results: list[dict[str, Any]], call: dict[str, Any]
) -> list[dict[str, Any]]:
    """The ranking the stored scores give now (the domain's function), for comparison with the signed one."""
    criteria = json.loads(call["criteria"])
    codes = [str(c["code"]) for c in criteria]
    financial = [str(c["code"]) for c in criteria if c["kind"] == "financial"]
    points: dict[str, dict[str, int]] = {}
    for r in results:
        if r["points"] is not None and r["criterion"] in codes:
            points.setdefault(r["application_id"], {})[r["criterion"]] = int(r["points"])
    scored = [
        Scored(
            a["application_id"],
            bool(a["eligible"]) and a["state"] != "cancelled",
            int(a["ceiling_fen"]),
            a["submitted_at"],
            points.get(a["application_id"], {}),
        )
        for a in applications
        if a["call_id"] == call["call_id"]
    ]
    return rank(scored, financial, int(call["quota"]))


def differences(signed: list[dict[str, Any]], now: list[dict[str, Any]]) -> list[str]:
    """Each application whose rank, total or listing differs between the signed ranking and the recomputed one."""
    mine = {r["application_id"]: r for r in signed}
    out = []
    for r in now:
        s = mine.get(r["application_id"])
        if s is None:
            out.append(f"{r['application_id']}: not in the signed ranking")
            continue
        for key in ("rank", "total", "listed"):
            if s[key] != r[key]:
                out.append(f"{r['application_id']}: {key} {s[key]} signed, {r[key]} from the scores now")
    return out
