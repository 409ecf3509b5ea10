"""The decision of a clawback case and the releases it causes (HRB 第四条（一）, 第十七条; A4, A25).

A4's arithmetic, in integer 分, with C the entitlement before the decision, E after it, N what the
enterprise holds net (settled − recoveries decided on earlier cases):

* recover = max(0, N − E): what must come back;
* unpaid after = max(0, E − N) (never more than before): the unpaid tranches are re-split or tranche 2
  reduced, and what they lose is released from the budget line and the enterprise's 50万 account at once;
* every receipt later releases the same amount again (the counter tracks net approved amounts); a
  write-off releases nothing — the enterprise kept that money.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from domain.approval.aggregate import budget_ref
from domain.clawback.aggregate import ClawbackCase
from domain.clawback.aggregate import ProjectCases
from domain.clawback.aggregate import clawback_case_stream
from domain.clawback.aggregate import clawback_project_stream
from domain.clawback.grounds import FRAUD
from domain.clawback.grounds import SANCTION_LABELS
from domain.clawback.grounds import Outcome
from domain.clawback.grounds import Sanction
from domain.clawback.rules import OUTCOME
from domain.clawback.rules import PENDING
from domain.enterprise.aggregate import Enterprise
from domain.enterprise.aggregate import enterprise_stream
from domain.kernel.dates import not_after_today
from domain.kernel.dates import not_before
from domain.payment.aggregate import PaymentSchedule
from domain.payment.aggregate import payment_schedule_stream
from domain.policy.aggregate import PolicyVersion
from domain.policy.aggregate import policy_version_stream
from domain.policy.ceiling import compute_ceiling
from domain.programme.budget import BudgetLine
from domain.programme.budget import budget_line_stream
from domain.project.account import EnterpriseAccount
from domain.project.account import enterprise_account_stream
from domain.project.aggregate import Project
from domain.project.aggregate import project_stream

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.clawback.commands import DecideArgs
    from domain.kernel.commands import Reader

TRANSFORMATION = "transformation"


def a4_split(held_fen: int, entitled_fen: int, unpaid_before_fen: int) -> tuple[int, int]:
    """A4 in integer 分: (what must come back, what stays to pay) when the enterprise holds ``held_fen``
    net, is now entitled to ``entitled_fen`` and ``unpaid_before_fen`` is scheduled and unpaid."""
    recover = max(0, held_fen - entitled_fen)
    return recover, min(unpaid_before_fen, max(0, entitled_fen - held_fen))


def check_outcome(args: DecideArgs, case: ClawbackCase) -> None:
    """FT-CLB-OUTCOME: the decision's parts agree with each other and with the case (A4, A25)."""
    kinds = [s.kind for s in args.sanctions]
    if args.outcome == Outcome.NO_ACTION:
        if args.verified_investment_fen is not None or args.full_recovery:
            OUTCOME.refuse("outcome", "no_action recomputes nothing and recovers nothing")
        if kinds:
            OUTCOME.refuse("sanctions", "no_action carries no sanction")
    elif args.full_recovery == (args.verified_investment_fen is not None):
        OUTCOME.refuse(
            "verified_investment_fen", "recover gives either the recomputed verified investment or full_recovery"
        )
    if args.full_recovery and FRAUD.value not in case.grounds:
        OUTCOME.refuse("full_recovery", f"full recovery is for fraud (C1); case {case.case_id} is on {case.grounds}")
    for i, sanction in enumerate(args.sanctions):
        at = f"sanctions[{i}]"
        if sanction.kind in kinds[:i]:
            OUTCOME.refuse(f"{at}.kind", f"{sanction.kind.value} is listed twice")
        if sanction.kind != Sanction.DISQUALIFY and (sanction.from_on or sanction.until_on):
            OUTCOME.refuse(f"{at}.from_on", f"only a disqualification has dates, not {sanction.kind.value}")
        if sanction.kind == Sanction.DISQUALIFY:
            if sanction.from_on is None:
                OUTCOME.refuse(f"{at}.from_on", "a disqualification starts on a day (A25)")
            if sanction.until_on is not None and sanction.until_on < sanction.from_on:
                OUTCOME.refuse(f"{at}.until_on", f"{sanction.until_on} is before {sanction.from_on}")


def release_recovered(ctx: Reader, case: ClawbackCase, amount_fen: int, reason: str) -> list[Aggregate]:
    """Give ``amount_fen`` back to the transformation line and the enterprise's account (A4)."""
    line = ctx.get(
        BudgetLine,
        budget_line_stream(case.programme_id, TRANSFORMATION),
        field="case_id",
        what="transformation budget line",
    )
    account = ctx.get(
        EnterpriseAccount,
        enterprise_account_stream(case.programme_id, case.enterprise_uscc),
        field="case_id",
        what="enterprise account",
    )
    line.release(amount_fen, budget_ref(case.project_id))
    account.release(case.project_id, amount_fen, reason)
    return [line, account]


def recompute(args: DecideArgs, ctx: Reader, project: Project, current_fen: int) -> tuple[int, int, dict[str, Any]]:
    """FT-CLB-RECOMPUTE: (verified investment, new entitlement, the ceiling's explanation) under the
    project's own policy version, the enterprise's prior approvals excluding this project."""
    if args.full_recovery:
        verified = project.revised_investment_fen or project.verified_investment_fen or 0
        return verified, 0, {"ceiling_fen": 0, "full_recovery": True, "ground": FRAUD.value}
    verified = args.verified_investment_fen or 0
    version = ctx.get(
        PolicyVersion, policy_version_stream(project.policy_version_id), field="case_id", what="policy version"
    )
    account = ctx.get(
        EnterpriseAccount,
        enterprise_account_stream(project.programme_id, project.enterprise_uscc),
        field="case_id",
        what="enterprise account",
    )
    ceiling = compute_ceiling(
        version.parameters(),
        version_id=version.version_id,
        version_hash=version.params_hash,
        verified_investment_fen=verified,
        enterprise_prior_fen=max(0, account.prior_fen(project.project_id)),
    )
    entitled = min(ceiling.ceiling_fen, current_fen)
    explanation = ceiling.explanation()
    if entitled != ceiling.ceiling_fen:  # never above what was already the entitlement
        explanation = {**explanation, "ceiling_fen": entitled, "recomputed_ceiling_fen": ceiling.ceiling_fen}
    return verified, entitled, explanation


def apply_sanctions(
    args: DecideArgs, ctx: Reader, case: ClawbackCase, recover: int
) -> tuple[list[dict[str, Any]], list[Aggregate]]:
    """The sanctions as recorded (追回 with its amount; 取消申请资格 recorded on the enterprise, A25)."""
    sanctions: list[dict[str, Any]] = []
    changed: list[Aggregate] = []
    for s in args.sanctions:
        entry: dict[str, Any] = {"kind": s.kind.value, "label": SANCTION_LABELS[s.kind.value][0]}
        if s.kind == Sanction.RECOVER:
            entry["amount_fen"] = recover
        if s.kind == Sanction.DISQUALIFY and s.from_on is not None:
            entry["from_on"] = s.from_on.isoformat()
            entry["until_on"] = s.until_on.isoformat() if s.until_on else None
            enterprise = ctx.get(
                Enterprise, enterprise_stream(case.enterprise_uscc), field="case_id", what="enterprise"
            )
            enterprise.disqualify(
                case.case_id, ",".join(case.grounds), entry["from_on"], entry["until_on"], args.decision_doc_no
            )
            changed.append(enterprise)
        sanctions.append(entry)
    return sanctions, changed


def decide_case(args: DecideArgs, ctx: Reader) -> Sequence[Aggregate]:
    """clawback.decide: check, recompute, revise the project and its tranches, release, sanction, record."""
    case = ctx.get(ClawbackCase, clawback_case_stream(args.case_id), field="case_id", what="clawback case")
    decider = ctx.actor.actor_id
    case.check_decider(decider)
    not_after_today(ctx, args.decided_on, "decided_on")
    not_before(args.decided_on, case.opened_on, "decided_on", f"when case {case.case_id} was opened")
    check_outcome(args, case)
    project = ctx.get(Project, project_stream(case.project_id), field="case_id", what="project")
    cases = ctx.get(ProjectCases, clawback_project_stream(case.project_id), field="case_id", what="case file")
    schedule = ctx.find(PaymentSchedule, payment_schedule_stream(case.project_id))
    if schedule is not None and schedule.pending_orders():
        PENDING.refuse("case_id", f"orders {', '.join(schedule.pending_orders())} await their outcome")
    decision: dict[str, Any] = {
        "outcome": args.outcome.value,
        "grounds": case.grounds,
        "decision_doc_no": args.decision_doc_no,
        "decided_on": args.decided_on.isoformat(),
        "sha256": args.sha256,
        "decided_by": decider,
        "decided_by_org": ctx.actor.organisation["code"],
        "recover_fen": 0,
    }
    changed: list[Aggregate] = [case, cases]
    if args.outcome == Outcome.NO_ACTION:
        case.decide({**decision, "sanctions": []})
        cases.unfreeze(case.case_id, args.outcome.value, 0)
        return changed
    current = project.entitlement_fen if project.entitlement_fen is not None else project.approved_fen or 0
    settled = schedule.settled_fen if schedule is not None else 0
    held = settled - cases.demanded_fen
    verified, entitled, explanation = recompute(args, ctx, project, current)
    unpaid_before = schedule.unpaid_fen if schedule is not None else current
    recover, unpaid_after = a4_split(held, entitled, unpaid_before)
    kinds = [s.kind for s in args.sanctions]
    if recover > 0 and Sanction.RECOVER not in kinds:
        OUTCOME.refuse("sanctions", f"{recover} 分 must come back: list 追回 (recover) among the sanctions")
    reason = f"clawback case {case.case_id}, decision {args.decision_doc_no}"
    project.revise_entitlement(verified, explanation, reason)
    changed.append(project)
    if schedule is not None:
        schedule.revise_unpaid(unpaid_after, case.case_id, reason)
        changed.append(schedule)
    released = unpaid_before - unpaid_after
    if released > 0:
        changed += release_recovered(ctx, case, released, f"unpaid tranches reduced by {reason}")
    sanctions, sanctioned = apply_sanctions(args, ctx, case, recover)
    changed += sanctioned
    case.decide(
        {
            **decision,
            "sanctions": sanctions,
            "verified_investment_fen": verified,
            "full_recovery": args.full_recovery,
            "ceiling": explanation,
            "policy_version_id": project.policy_version_id,
            "entitlement_before_fen": current,
            "entitlement_after_fen": entitled,
            "settled_fen": settled,
            "prior_demanded_fen": cases.demanded_fen,
            "recover_fen": recover,
            "unpaid_before_fen": unpaid_before,
            "unpaid_after_fen": unpaid_after,
            "released_fen": released,
        }
    )
    cases.unfreeze(case.case_id, args.outcome.value, recover)
    out: dict[object, Aggregate] = {}
    for agg in changed:
        out.setdefault(agg.id, agg)
    return list(out.values())
