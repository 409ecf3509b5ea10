"""Budget execution of a target set's scope, read from the ledger's own aggregates ("双监控", 第十四条).

Committed: the budget lines (``BudgetLine``) of the scope as they stand when the snapshot is recorded —
a whole line for a category, every line for the programme, the commitment under a reference for an
award, a contract or a district's projects. Settled: the payments the ledger itself holds for the
scope's projects with a value date on or before the snapshot's cut-off (``PaymentSchedule``); None
when the scope has no projects (the paid amount is then only as reported, with its source).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.approval.aggregate import budget_ref
from domain.payment.aggregate import SETTLED
from domain.payment.aggregate import PaymentSchedule
from domain.payment.aggregate import payment_schedule_stream
from domain.policy.params import Category
from domain.programme.budget import BudgetLine
from domain.programme.budget import budget_line_stream
from domain.province.application import BenchmarkApplication
from domain.province.application import application_stream
from domain.province.call import AnnualCall
from domain.province.call import call_stream
from domain.province.money import Disbursement
from domain.province.money import disbursement_stream

if TYPE_CHECKING:
    from domain.kernel.commands import Reader
    from domain.performance.aggregate import TargetSet

PROVINCIAL = "provincial_award"  # domain/performance/measure.py Scope.PROVINCIAL_AWARD
TRANSFORMATION = Category.TRANSFORMATION.value  # the line a project's approved amount is committed on


def project_budget_ref(project_id: str) -> dict[str, str | None]:
    return {"category": TRANSFORMATION, "ref": budget_ref(project_id)}


def committed_fen(ctx: Reader, target_set: TargetSet) -> int:
    """What the ledger holds committed for the set's scope now."""
    programme_id = target_set.programme_id
    if target_set.scope == PROVINCIAL:
        return sum(app.entitlement_fen or 0 for app in _awards(ctx, target_set.scope_ref))
    if target_set.scope == "programme":
        lines = [ctx.find(BudgetLine, budget_line_stream(programme_id, c.value)) for c in Category]
        return sum(line.committed_fen for line in lines if line is not None)
    total = 0
    for entry in target_set.budget_refs:
        line = ctx.find(BudgetLine, budget_line_stream(programme_id, str(entry["category"])))
        if line is None:
            continue
        ref = entry.get("ref")
        total += line.committed_fen if ref is None else line.commitments.get(str(ref), 0)
    return total


def settled_fen(ctx: Reader, projects: list[str], as_of: str) -> int | None:
    """Σ settled payment orders of ``projects`` with a value date on or before ``as_of``; None without projects."""
    if not projects:
        return None
    total = 0
    for project_id in projects:
        schedule = ctx.find(PaymentSchedule, payment_schedule_stream(project_id))
        if schedule is None:
            continue
        for order in schedule.orders.values():
            if order["status"] == SETTLED and str(order["value_date"]) <= as_of:
                total += int(order["amount_fen"])
    return total


def _awards(ctx: Reader, call_id: str) -> list[BenchmarkApplication]:
    call = ctx.find(AnnualCall, call_stream(call_id))
    found = [] if call is None else [ctx.find(BenchmarkApplication, application_stream(a)) for a in call.applications]
    return [a for a in found if a is not None]


def settled_for(ctx: Reader, target_set: TargetSet, as_of: str) -> int | None:
    """What the ledger holds paid for the set's scope by ``as_of``: settled orders of its projects, or, for a
    provincial award, what city and county finance passed on to the enterprises (HLJ 第五条（二）)."""
    if target_set.scope != PROVINCIAL:
        return settled_fen(ctx, target_set.projects, as_of)
    total = 0
    for app in _awards(ctx, target_set.scope_ref):
        money = ctx.find(Disbursement, disbursement_stream(app.application_id))
        if money is None:
            continue
        for leg in money.legs.values():
            total += sum(int(f["amount_fen"]) for f in leg["forwards"] if str(f["settled_on"]) <= as_of)
    return total
