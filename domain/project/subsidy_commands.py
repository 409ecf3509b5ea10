"""确认: verify the investment and propose the subsidy with its provenance (HRB 第四条（一）, 第八条; A2, A7).

The proposal computes the ceiling under the batch's pinned policy version with the enterprise's
committed amount as its prior, and reserves the amount on the EnterpriseAccount: that aggregate holds
the 50万 for the whole programme, so two racing proposals for one enterprise conflict on it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field

from domain.kernel.commands import Command
from domain.kernel.fields import Fen
from domain.kernel.fields import Id
from domain.kernel.fields import PositiveFen
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.policy.ceiling import compute_ceiling
from domain.programme.batch import Batch
from domain.programme.batch import batch_stream
from domain.project.aggregate import EVIDENCED
from domain.project.aggregate import INVESTMENT_VERIFIED
from domain.project.aggregate import PROPOSED
from domain.project.context import load_account
from domain.project.context import load_project
from domain.project.explain import explanation
from domain.project.rules import CEILING
from domain.project.rules import COST_TYPE
from domain.project.rules import COUNTED
from domain.project.rules import ENTERPRISE_CAP
from domain.project.rules import ORDER
from domain.project.rules import REASON
from domain.project.verification import verify_lines
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

CITY = frozenset({Role.CITY_MIIT})


class LineDecision(StrictModel):
    line_id: Id
    eligible: bool
    invoiced_fen: Fen
    paid_fen: Fen
    counted_fen: Fen
    reason: Text | None = None


class VerifyInvestmentArgs(StrictModel):
    project_id: Id
    lines: list[LineDecision] = Field(min_length=1, max_length=200)


class VerifyInvestment(Command[VerifyInvestmentArgs]):
    """核定改造投入 / Verify the investment line by line on the batch's tax basis (HRB 第四条（一）; A7)."""

    name = "project.verify_investment"
    zh, en = (
        "核定改造投入（逐行：合同、开票、付款三者取小，仅计合规支出类型）",
        ("verify the investment line by line (least of contract, invoiced, paid; eligible cost types only)"),
    )
    roles = CITY
    enforces = (ORDER, COST_TYPE, COUNTED, REASON)
    args = VerifyInvestmentArgs
    cli = ("city", "project", "verify")
    cli_arguments = ("project_id",)

    def execute(self, args: VerifyInvestmentArgs, ctx: Reader) -> Sequence[Aggregate]:
        project = load_project(ctx, args.project_id)
        project.require((EVIDENCED, INVESTMENT_VERIFIED), "verifying the investment")
        batch = ctx.get(Batch, batch_stream(project.batch_id), field="project_id", what="batch")
        basis = batch.investment_basis or ""  # a transformation batch always states it (FT-PRG-BATCH-BASIS)
        lines, verified = verify_lines(
            basis=basis,
            contract_lines=project.contract_lines,
            decisions=[d.model_dump() for d in args.lines],
            invoiced_total_fen=project.invoiced_fen,
            paid_total_fen=project.paid_fen,
            eligible_cost_types=batch.parameters().eligible_cost_types,
        )
        project.verify_investment(basis, lines, verified, ctx.actor.actor_id)
        return [project]


class ReasonCode(StrEnum):
    """Why a proposal is below its ceiling (A2: "最高不超过" makes the ceiling a maximum, not an entitlement)."""

    BUDGET = "budget"  # the batch's budget does not cover every ceiling
    PRO_RATA = "pro_rata"  # scaled with the others (central-fund balance, A3)
    PARTIAL_EVIDENCE = "partial_evidence"  # evidence supports less than the ceiling
    APPLICANT_REQUEST = "applicant_request"  # the enterprise asked for less
    OTHER = "other"  # explained in ``reason``


class ProposeSubsidyArgs(StrictModel):
    project_id: Id
    amount_fen: PositiveFen
    reason_code: Annotated[ReasonCode, enum_parser(ReasonCode, REASON.id)] | None = None
    reason: Text | None = None


class ProposeSubsidy(Command[ProposeSubsidyArgs]):
    """拟补助额度 / Propose the subsidy: ceiling with provenance, enterprise cap reserved (HRB 第四条（一）)."""

    name = "project.propose_subsidy"
    zh, en = (
        "拟定补助额度（测算上限并说明依据，占用企业累计额度）",
        ("propose the subsidy (ceiling with its explanation; reserves the enterprise's cap)"),
    )
    roles = CITY
    enforces = (ORDER, CEILING, REASON, ENTERPRISE_CAP)
    args = ProposeSubsidyArgs
    cli = ("city", "project", "propose")
    cli_arguments = ("project_id", "amount_fen")

    def execute(self, args: ProposeSubsidyArgs, ctx: Reader) -> Sequence[Aggregate]:
        project = load_project(ctx, args.project_id)
        project.require((INVESTMENT_VERIFIED, PROPOSED), "a subsidy proposal")
        if args.reason_code == ReasonCode.OTHER and not args.reason:
            REASON.refuse("reason", "reason code 'other' needs the reason written out")
        batch = ctx.get(Batch, batch_stream(project.batch_id), field="project_id", what="batch")
        params = batch.parameters()
        account = load_account(ctx, project)
        ceiling = compute_ceiling(
            params,
            version_id=batch.policy_version_id,
            version_hash=batch.policy_hash,
            verified_investment_fen=project.verified_investment_fen or 0,
            enterprise_prior_fen=account.prior_fen(project.project_id),
        )
        if ceiling.ceiling_fen < args.amount_fen <= ceiling.after_bracket_fen:
            # the bracket would allow it: say that the enterprise's cumulative cap is what binds (A2)
            ENTERPRISE_CAP.refuse(
                "amount_fen",
                f"{args.amount_fen} 分 is within the bracket's {ceiling.after_bracket_fen} 分, but enterprise "
                f"{project.enterprise_uscc} already holds {ceiling.enterprise_prior_fen} 分 of its "
                f"{ceiling.enterprise_cap_fen} 分 in this programme: at most {ceiling.ceiling_fen} 分 is left",
            )
        code = args.reason_code.value if args.reason_code else None
        explained = explanation(
            ceiling, project_id=project.project_id, amount_fen=args.amount_fen, reason_code=code, reason=args.reason
        )
        project.propose(args.amount_fen, explained, code, args.reason)
        held = account.reserved_for(project.project_id)
        if held:
            account.release(project.project_id, held, reason="re-proposed")
        account.reserve(project.project_id, args.amount_fen, params.enterprise_cap_fen, "amount_fen")
        return [project, account]


SUBSIDY_COMMANDS = (VerifyInvestment(), ProposeSubsidy())
