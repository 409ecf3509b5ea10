"""核定改造投入: the verified investment, line by line (HRB 第四条（一）; A7).

Pure arithmetic. Each contract line counts at most the least of three amounts on the batch's tax basis:
its contract amount, what the verifier allocates to it from the project's invoices, and what it allocates
from the bank vouchers. Allocations are given at face value (tax-inclusive, as the documents show them);
on the tax-exclusive basis they are converted with the line's own excl/incl ratio, rounded down to the 分.
Only the policy's eligible cost types may count (HRB-4.1a); a line not counted in full states its reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from domain.project.rules import COST_TYPE
from domain.project.rules import COUNTED
from domain.project.rules import REASON

if TYPE_CHECKING:
    from collections.abc import Sequence

TAX_INCLUSIVE = "tax_inclusive"
TAX_EXCLUSIVE = "tax_exclusive"


def on_basis(face_fen: int, line: dict[str, Any], basis: str) -> int:
    """A tax-inclusive face amount expressed on ``basis`` for ``line`` (floor to the 分)."""
    if basis == TAX_INCLUSIVE:
        return face_fen
    incl = int(line["incl_fen"])
    return face_fen * int(line["excl_fen"]) // incl if incl else 0


def verify_lines(
    *,
    basis: str,
    contract_lines: dict[str, dict[str, Any]],
    decisions: Sequence[dict[str, Any]],
    invoiced_total_fen: int,
    paid_total_fen: int,
    eligible_cost_types: Sequence[str],
) -> tuple[list[dict[str, Any]], int]:
    """The verified lines and the verified investment, or a refusal naming ``lines[i].<field>``.

    ``decisions``: one per contract line: line_id, eligible, invoiced_fen, paid_fen, counted_fen, reason.
    """
    if basis not in (TAX_INCLUSIVE, TAX_EXCLUSIVE):
        COUNTED.refuse("batch_id", f"the batch's investment basis must be set explicitly, got {basis!r}")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, d in enumerate(decisions):
        at = f"lines[{i}]"
        line_id = d["line_id"]
        line = contract_lines.get(line_id)
        if line is None:
            COUNTED.refuse(f"{at}.line_id", f"no contract line {line_id!r} is recorded for this project")
        if line_id in seen:
            COUNTED.refuse(f"{at}.line_id", f"line {line_id!r} is decided twice")
        seen.add(line_id)
        counted = int(d["counted_fen"])
        cost_type = str(line["cost_type"])
        if d["eligible"] and cost_type not in eligible_cost_types:
            COST_TYPE.refuse(
                f"{at}.eligible",
                f"line {line_id!r} has cost type {cost_type!r}; eligible types are {', '.join(eligible_cost_types)}",
            )
        if not d["eligible"] and counted:
            COUNTED.refuse(f"{at}.counted_fen", f"line {line_id!r} is not eligible and counts 0 分, got {counted}")
        contract_fen = int(line["incl_fen"] if basis == TAX_INCLUSIVE else line["excl_fen"])
        invoiced = on_basis(int(d["invoiced_fen"]), line, basis)
        paid = on_basis(int(d["paid_fen"]), line, basis)
        limit = min(contract_fen, invoiced, paid)
        if counted > limit:
            COUNTED.refuse(
                f"{at}.counted_fen",
                f"line {line_id!r} may count at most min(contract {contract_fen}, invoiced {invoiced}, paid {paid}) "
                f"= {limit} 分 ({basis}), got {counted}",
            )
        if counted < contract_fen and not d.get("reason"):
            REASON.refuse(
                f"{at}.reason", f"line {line_id!r} counts {counted} of {contract_fen} 分: say why the rest is excluded"
            )
        out.append(
            {
                "line_id": line_id,
                "cost_type": cost_type,
                "eligible": bool(d["eligible"]),
                "contract_fen": contract_fen,
                "invoiced_fen": int(d["invoiced_fen"]),
                "paid_fen": int(d["paid_fen"]),
                "limit_fen": limit,
                "counted_fen": counted,
                "reason": d.get("reason"),
            }
        )
    missing = [k for k in contract_lines if k not in seen]
    if missing:
        COUNTED.refuse("lines", f"every contract line is decided; missing {', '.join(missing)}")
    for name, total in (("invoiced_fen", invoiced_total_fen), ("paid_fen", paid_total_fen)):
        allocated = sum(int(d[name]) for d in decisions)
        if allocated > total:
            what = "invoices" if name == "invoiced_fen" else "bank vouchers"
            COUNTED.refuse(
                "lines", f"the lines' {name} add up to {allocated} 分, more than the project's {what} ({total} 分)"
            )
    return out, sum(line["counted_fen"] for line in out)
