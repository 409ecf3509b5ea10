"""The facts the task force's red flags read (issue 11; docs/decisions.md §52), each row naming the ``seq`` of the
one record it rests on, so that a flag can cite every record it used.

Most tables hold one row per fact as the record that stated it left it: a project's intake (enterprise,
batch, provider, planned period and amount), its verified, proposed, ceiling, approved and revised amounts,
its baseline and post assessments, its latest acceptance review, each contract, invoice and bank voucher; a
provincial application's invoices, vouchers and files (the form and materials, by content hash); every
reviewer's score given or changed and every 复核, the signed lists, the legs of the money, each forward and
each freeze; the batches' parameters, the calls' forwarding SLA and the registered holiday schedules (to
count working days as the domain does). A project's state row follows its latest record.

Invoices carry a normalised number (``normalised_invoice``): the digits of code and number together, leading
zeros dropped, so that one invoice recorded as a 数电票 in one place and as a legacy (代码 + 号码) invoice in
another falls on one value although the write side's keys differ.
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

from domain.programme.batch import Batch
from domain.project.aggregate import Project
from domain.province.application import BenchmarkApplication
from domain.province.call import AnnualCall
from domain.province.money import Disbursement
from domain.province.review import ReviewFile
from domain.publicity.schedule import OfficialSchedule
from projections.core import View

if TYPE_CHECKING:
    from ledger.store import Record
    from projections.core import Rows

META = MetaData()
Fen = BigInteger

BATCHES = Table(
    "ft_af_batch",
    META,
    Column("batch_id", String(100), primary_key=True),
    Column("programme_id", String(100), nullable=False),
    Column("params", Text, nullable=False),  # JSON: the policy parameters the batch pins
    Column("seq", BigInteger, nullable=False),
)
PROJECTS = Table(
    "ft_af_project",
    META,
    Column("project_id", String(100), primary_key=True),
    Column("batch_id", String(100), nullable=False),
    Column("programme_id", String(100), nullable=False),
    Column("enterprise_uscc", String(18), nullable=False),
    Column("provider_uscc", String(18), nullable=False),
    Column("district", String(100), nullable=False),
    Column("planned_start", String(10), nullable=False),
    Column("planned_end", String(10), nullable=False),
    Column("planned_fen", Fen, nullable=False),
    Column("seq", BigInteger, nullable=False),  # the intake request
)
STATES = Table(
    "ft_af_project_state",
    META,
    Column("project_id", String(100), primary_key=True),
    Column("state", String(40), nullable=False),
    Column("seq", BigInteger, nullable=False),  # the project's latest record
)
AMOUNTS = Table(
    "ft_af_amount",
    META,
    Column("project_id", String(100), primary_key=True),
    Column("kind", String(20), primary_key=True),  # verified | proposed | ceiling | approved | revised
    Column("amount_fen", Fen, nullable=False),
    Column("seq", BigInteger, nullable=False),
)
ASSESSMENTS = Table(
    "ft_af_assessment",
    META,
    Column("project_id", String(100), primary_key=True),
    Column("kind", String(20), primary_key=True),  # baseline | post
    Column("level", BigInteger, nullable=False),
    Column("assessed_on", String(10), nullable=False),
    Column("assessor", String(100), nullable=False),
    Column("seq", BigInteger, nullable=False),
)
ACCEPTANCES = Table(
    "ft_af_acceptance",
    META,
    Column("project_id", String(100), primary_key=True),
    Column("result", String(20), nullable=False),
    Column("reviewed_on", String(10), nullable=False),
    Column("report_no", String(100), nullable=False),
    Column("seq", BigInteger, nullable=False),
)
CONTRACTS = Table(
    "ft_af_contract",
    META,
    Column("project_id", String(100), primary_key=True),
    Column("contract_no", String(100), primary_key=True),
    Column("signed_on", String(10), nullable=False),
    Column("amount_incl_fen", Fen, nullable=False),
    Column("seller_uscc", String(18), nullable=False),
    Column("seq", BigInteger, nullable=False),
)
INVOICES = Table(
    "ft_af_invoice",
    META,
    Column("subject_id", String(100), primary_key=True),  # a city project or a provincial application
    Column("key", String(100), primary_key=True),  # the write side's single-use key
    Column("source", String(10), nullable=False),  # city | province
    Column("programme_id", String(100), nullable=False),
    Column("enterprise_uscc", String(18), nullable=False),
    Column("normalised", String(40), nullable=False),
    Column("invoice_code", String(20), nullable=True),
    Column("invoice_number", String(30), nullable=False),
    Column("incl_fen", Fen, nullable=True),  # None: not recorded (a provincial application names keys only)
    Column("issue_date", String(10), nullable=True),
    Column("seller_uscc", String(18), nullable=True),
    Column("sha256", String(64), nullable=True),
    Column("seq", BigInteger, nullable=False),
)
VOUCHERS = Table(
    "ft_af_voucher",
    META,
    Column("subject_id", String(100), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("source", String(10), nullable=False),
    Column("programme_id", String(100), nullable=False),
    Column("enterprise_uscc", String(18), nullable=False),
    Column("payer_account_hash", String(64), nullable=True),
    Column("payee_uscc", String(18), nullable=True),
    Column("payee_account_hash", String(64), nullable=True),
    Column("amount_fen", Fen, nullable=True),
    Column("value_date", String(10), nullable=True),
    Column("sha256", String(64), nullable=True),
    Column("seq", BigInteger, nullable=False),
)
FILES = Table(
    "ft_af_file",
    META,
    Column("sha256", String(64), primary_key=True),
    Column("subject_id", String(100), primary_key=True),
    Column("programme_id", String(100), nullable=False),
    Column("enterprise_uscc", String(18), nullable=False),
    Column("used_as", String(20), nullable=False),  # form | material
    Column("seq", BigInteger, nullable=False),
)
CALLS = Table(
    "ft_af_call",
    META,
    Column("call_id", String(100), primary_key=True),
    Column("forward_sla_working_days", BigInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
)
RANKINGS = Table(
    "ft_af_ranking",
    META,
    Column("call_id", String(100), primary_key=True),
    Column("version", BigInteger, primary_key=True),
    Column("at", String(40), nullable=False),
    Column("seq", BigInteger, nullable=False),
)
SCORES = Table(
    "ft_af_score",
    META,
    Column("seq", BigInteger, primary_key=True),
    Column("application_id", String(100), nullable=False),
    Column("call_id", String(100), nullable=False),
    Column("reviewer", String(100), nullable=False),
    Column("criterion", String(20), nullable=False),
    Column("operation", String(10), nullable=False),  # given | changed
    Column("points", BigInteger, nullable=False),
    Column("before", BigInteger, nullable=True),
    Column("at", String(40), nullable=False),
)
RECHECKS = Table(
    "ft_af_recheck",
    META,
    Column("seq", BigInteger, primary_key=True),
    Column("application_id", String(100), nullable=False),
    Column("call_id", String(100), nullable=False),
    Column("after_list", Boolean, nullable=False),
    Column("corrections", Text, nullable=False),  # JSON [{criterion, points, reason}]
    Column("at", String(40), nullable=False),
)
LEGS = Table(
    "ft_af_leg",
    META,
    Column("application_id", String(100), primary_key=True),
    Column("leg_id", String(100), primary_key=True),
    Column("call_id", String(100), nullable=False),
    Column("to_org", String(40), nullable=False),
    Column("amount_fen", Fen, nullable=False),
    Column("disbursed_on", String(10), nullable=False),
    Column("seq", BigInteger, nullable=False),  # the disbursement
)
FORWARDS = Table(
    "ft_af_forward",
    META,
    Column("seq", BigInteger, primary_key=True),
    Column("application_id", String(100), nullable=False),
    Column("leg_id", String(100), nullable=False),
    Column("amount_fen", Fen, nullable=False),
    Column("settled_on", String(10), nullable=False),
    Column("due_on", String(10), nullable=True),
    Column("late", Boolean, nullable=False),
)
FREEZES = Table(
    "ft_af_freeze",
    META,
    Column("application_id", String(100), primary_key=True),
    Column("case_id", String(100), nullable=False),
    Column("seq", BigInteger, nullable=False),
)
SCHEDULES = Table(
    "ft_af_schedule",
    META,
    Column("year", BigInteger, primary_key=True),
    Column("holidays", Text, nullable=False),  # JSON list of ISO dates
    Column("adjusted_workdays", Text, nullable=False),
    Column("notice_no", String(200), nullable=False),
    Column("notice_sha256", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
)
TABLES = (
    BATCHES,
    PROJECTS,
    STATES,
    AMOUNTS,
    ASSESSMENTS,
    ACCEPTANCES,
    CONTRACTS,
    INVOICES,
    VOUCHERS,
    FILES,
    CALLS,
    RANKINGS,
    SCORES,
    RECHECKS,
    LEGS,
    FORWARDS,
    FREEZES,
    SCHEDULES,
)

P = "fundtrail.project."
AMOUNT_TOPICS = {
    f"{P}InvestmentVerified": (("verified", "verified_investment_fen"),),
    f"{P}SubsidyProposed": (("proposed", "proposed_fen"), ("ceiling", "ceiling_fen")),
    f"{P}Approved": (("approved", "approved_fen"),),
    f"{P}EntitlementRevised": (("revised", "revised_investment_fen"),),
}


def normalised_invoice(code: str | None, number: str) -> str:
    """The digits of code and number together, leading zeros dropped: one value per real invoice however it
    was keyed (a 数电票's 20 digits, or a legacy 代码 + 号码)."""
    digits = "".join(ch for ch in f"{code or ''}{number}" if ch.isdigit())
    return digits.lstrip("0") or "0"


def _split_key(key: str) -> tuple[str | None, str]:
    """(code, number) of a write-side invoice key (``digital:N`` or ``legacy:C:N``)."""
    parts = key.split(":")
    return (None, parts[1]) if parts[0] == "digital" else (parts[1], parts[2])


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class AuditFacts(View):
    name: ClassVar[str] = "audit_facts"
    version: ClassVar[int] = 1
    metadata: ClassVar[MetaData] = META
    aggregates: ClassVar[tuple[type, ...] | None] = (
        Batch,
        Project,
        BenchmarkApplication,
        AnnualCall,
        ReviewFile,
        Disbursement,
        OfficialSchedule,
    )

    def apply(self, rows: Rows, record: Record, aggregate: Any) -> None:
        if isinstance(aggregate, Project):
            self._project(rows, record, aggregate)
        elif isinstance(aggregate, BenchmarkApplication):
            if record.topic == "fundtrail.province.BenchmarkApplicationSubmitted":
                self._application(rows, record, aggregate)
        elif isinstance(aggregate, ReviewFile):
            self._review(rows, record, aggregate)
        elif isinstance(aggregate, Disbursement):
            self._money(rows, record, aggregate)
        elif isinstance(aggregate, AnnualCall):
            if record.topic == "fundtrail.province.CallPublished":  # the SLA is the call's, as published
                row = {"call_id": aggregate.call_id, "forward_sla_working_days": aggregate.forward_sla_working_days}
                rows.put(CALLS, {**row, "seq": record.seq})
            elif record.topic == "fundtrail.province.ListProposed":
                version = int(aggregate.rankings[-1]["version"])
                rows.put(
                    RANKINGS,
                    {"call_id": aggregate.call_id, "version": version, "at": record.recorded_at, "seq": record.seq},
                )
        elif isinstance(aggregate, Batch):
            row = {"batch_id": aggregate.batch_id, "programme_id": aggregate.programme_id}
            rows.put(BATCHES, {**row, "params": _dumps(aggregate.params), "seq": record.seq})
        elif isinstance(aggregate, OfficialSchedule):
            rows.put(
                SCHEDULES,
                {
                    "year": aggregate.year,
                    "holidays": _dumps(sorted(aggregate.holidays)),
                    "adjusted_workdays": _dumps(sorted(aggregate.adjusted_workdays)),
                    "notice_no": aggregate.notice_no,
                    "notice_sha256": aggregate.notice_sha256,
                    "seq": record.seq,
                },
            )

    @staticmethod
    def _project(rows: Rows, record: Record, p: Project) -> None:
        seq, topic, pid = record.seq, record.topic, p.project_id
        rows.put(STATES, {"project_id": pid, "state": p.state, "seq": seq})
        if topic == f"{P}IntakeRequested":
            rows.put(
                PROJECTS,
                {
                    "project_id": pid,
                    "batch_id": p.batch_id,
                    "programme_id": p.programme_id,
                    "enterprise_uscc": p.enterprise_uscc,
                    "provider_uscc": p.provider_uscc,
                    "district": p.district,
                    "planned_start": p.planned_start,
                    "planned_end": p.planned_end,
                    "planned_fen": sum(int(i["amount_fen"]) for i in p.planned_items),
                    "seq": seq,
                },
            )
        elif topic in AMOUNT_TOPICS:
            for kind, attribute in AMOUNT_TOPICS[topic]:
                amount = getattr(p, attribute)
                if amount is not None:
                    rows.put(AMOUNTS, {"project_id": pid, "kind": kind, "amount_fen": int(amount), "seq": seq})
        elif topic in (f"{P}BaselineAssessmentRecorded", f"{P}PostAssessmentRecorded"):
            a = p.baseline if topic == f"{P}BaselineAssessmentRecorded" else p.post
            assert a is not None  # the event just recorded it
            rows.put(
                ASSESSMENTS,
                {
                    "project_id": pid,
                    "kind": a["kind"],
                    "level": int(a["level"]),
                    "assessed_on": str(a["assessed_on"]),
                    "assessor": str(a.get("assessor") or ""),
                    "seq": seq,
                },
            )
        elif topic == f"{P}AcceptanceReviewCompleted":
            r = p.acceptances[-1]
            rows.put(
                ACCEPTANCES,
                {
                    "project_id": pid,
                    "result": r["result"],
                    "reviewed_on": str(r["reviewed_on"]),
                    "report_no": r["report_no"],
                    "seq": seq,
                },
            )
        elif topic == f"{P}ContractRecorded":
            c = record.event.contract
            rows.put(
                CONTRACTS,
                {
                    "project_id": pid,
                    "contract_no": c["contract_no"],
                    "signed_on": str(c["signed_on"]),
                    "amount_incl_fen": int(c["amount_incl_fen"]),
                    "seller_uscc": c["seller_uscc"],
                    "seq": seq,
                },
            )
        elif topic == f"{P}InvoiceRecorded":
            i = p.invoices[-1]
            rows.put(
                INVOICES,
                {
                    "subject_id": pid,
                    "key": i["key"],
                    "source": "city",
                    "programme_id": p.programme_id,
                    "enterprise_uscc": p.enterprise_uscc,
                    "normalised": normalised_invoice(i["invoice_code"], i["invoice_number"]),
                    "invoice_code": i["invoice_code"],
                    "invoice_number": i["invoice_number"],
                    "incl_fen": int(i["incl_fen"]),
                    "issue_date": str(i["issue_date"]),
                    "seller_uscc": i["seller_uscc"],
                    "sha256": i["sha256"],
                    "seq": seq,
                },
            )
        elif topic == f"{P}BankVoucherRecorded":
            v = p.vouchers[-1]
            rows.put(
                VOUCHERS,
                {
                    "subject_id": pid,
                    "key": v["key"],
                    "source": "city",
                    "programme_id": p.programme_id,
                    "enterprise_uscc": p.enterprise_uscc,
                    "payer_account_hash": v["payer_account_hash"],
                    "payee_uscc": v["payee_uscc"],
                    "payee_account_hash": v["payee_account_hash"],
                    "amount_fen": int(v["amount_fen"]),
                    "value_date": str(v["value_date"]),
                    "sha256": v["sha256"],
                    "seq": seq,
                },
            )

    @staticmethod
    def _application(rows: Rows, record: Record, app: BenchmarkApplication) -> None:
        common = {
            "subject_id": app.application_id,
            "source": "province",
            "programme_id": app.programme_id,
            "enterprise_uscc": app.enterprise_uscc,
        }
        for key in app.vouchers:  # the single-use keys claimed at filing: invoices and vouchers alike
            if key.startswith(("digital:", "legacy:")):
                code, number = _split_key(key)
                rows.put(
                    INVOICES,
                    {
                        **common,
                        "key": key,
                        "normalised": normalised_invoice(code, number),
                        "invoice_code": code,
                        "invoice_number": number,
                        "incl_fen": None,
                        "issue_date": None,
                        "seller_uscc": None,
                        "sha256": None,
                        "seq": record.seq,
                    },
                )
            else:
                rows.put(
                    VOUCHERS,
                    {
                        **common,
                        "key": key,
                        "payer_account_hash": None,
                        "payee_uscc": None,
                        "payee_account_hash": None,
                        "amount_fen": None,
                        "value_date": None,
                        "sha256": None,
                        "seq": record.seq,
                    },
                )
        files = {app.form_sha256: "form", **dict.fromkeys(app.materials, "material")}
        for sha256, used_as in files.items():
            rows.put(
                FILES,
                {
                    "sha256": sha256,
                    "subject_id": app.application_id,
                    "programme_id": app.programme_id,
                    "enterprise_uscc": app.enterprise_uscc,
                    "used_as": used_as,
                    "seq": record.seq,
                },
            )

    @staticmethod
    def _review(rows: Rows, record: Record, file: ReviewFile) -> None:
        e = record.event
        if record.topic in ("fundtrail.province.ScoreGiven", "fundtrail.province.ScoreChanged"):
            changed = record.topic == "fundtrail.province.ScoreChanged"
            rows.put(
                SCORES,
                {
                    "seq": record.seq,
                    "application_id": file.application_id,
                    "call_id": file.call_id,
                    "reviewer": e.reviewer,
                    "criterion": e.criterion,
                    "operation": "changed" if changed else "given",
                    "points": int(e.points),
                    "before": int(e.before) if changed else None,
                    "at": record.recorded_at,
                },
            )
        elif record.topic == "fundtrail.province.ReviewRechecked":
            rows.put(
                RECHECKS,
                {
                    "seq": record.seq,
                    "application_id": file.application_id,
                    "call_id": file.call_id,
                    "after_list": bool(e.after_list),
                    "corrections": _dumps(e.corrections),
                    "at": record.recorded_at,
                },
            )

    @staticmethod
    def _money(rows: Rows, record: Record, money: Disbursement) -> None:
        e, aid = record.event, money.application_id
        if record.topic == "fundtrail.province.AwardDisbursed":
            leg = money.legs[e.leg_id]
            rows.put(
                LEGS,
                {
                    "application_id": aid,
                    "leg_id": e.leg_id,
                    "call_id": money.call_id,
                    "to_org": leg["to_org"],
                    "amount_fen": int(leg["amount_fen"]),
                    "disbursed_on": str(leg["disbursed_on"]),
                    "seq": record.seq,
                },
            )
        elif record.topic == "fundtrail.province.AwardForwardedByCounty":
            f = e.forward
            rows.put(
                FORWARDS,
                {
                    "seq": record.seq,
                    "application_id": aid,
                    "leg_id": e.leg_id,
                    "amount_fen": int(f["amount_fen"]),
                    "settled_on": str(f["settled_on"]),
                    "due_on": f["due_on"],
                    "late": bool(f["late"]),
                },
            )
        elif record.topic == "fundtrail.province.DisbursementFrozen":
            rows.put(FREEZES, {"application_id": aid, "case_id": e.case_id, "seq": record.seq})
