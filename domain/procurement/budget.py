"""What a category can still commit: its budget line and its cap of 第四条（三）（四）, and the measures' validity.

The programme keeps every line within its category's cap and all lines other than transformation
within what the 80% earmark leaves (domain/programme: FT-PRG-CATEGORY-CAP, FT-PRG-EARMARK,
FT-PRG-BUDGET-TOTAL). The caps add up to more than that remainder (domain rules §1.3: 3010万 against
3000万 of 1.5亿), so a line may stand below its cap; a contract is judged against both, and against the
cap of the policy version active now (a later version may lower it below what a line was opened with).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.kernel.dates import local_date
from domain.policy.aggregate import PolicyVersion
from domain.policy.aggregate import policy_version_stream
from domain.procurement.rules import BUDGET
from domain.procurement.rules import VALIDITY
from domain.procurement.terms import category_article
from domain.programme.budget import BudgetLine
from domain.programme.budget import budget_line_stream
from domain.programme.rules import POLICY

if TYPE_CHECKING:
    from domain.kernel.commands import Reader
    from domain.programme.aggregate import Programme


@dataclass(frozen=True)
class Room:
    """The room left in one category: ``fen`` = min(line uncommitted, cap − committed)."""

    line: BudgetLine
    cap_fen: int | None
    policy_version_id: str

    @property
    def fen(self) -> int:
        by_line = self.line.available_fen
        return by_line if self.cap_fen is None else min(by_line, self.cap_fen - self.line.committed_fen)

    def explain(self) -> str:
        line = self.line
        binds = "its budget line" if self.cap_fen is None or line.cap_fen < self.cap_fen else "its category cap"
        cap = "none" if self.cap_fen is None else f"{self.cap_fen} 分 (policy version {self.policy_version_id})"
        return (
            f"exceeds the {self.fen} 分 the {line.category} category ({category_article(line.category)}) can still "
            f"commit, bound by {binds}: line {line.cap_fen} 分 with {line.committed_fen} 分 committed, cap {cap}"
        )


def room_on_line(ctx: Reader, programme: Programme, category: str, field: str = "category") -> Room:
    """FT-PRG-POLICY (an active version gives the cap) and FT-PCM-BUDGET (the line is opened)."""
    active = programme.active_policy_version_id
    if active is None:
        POLICY.refuse(field, f"{programme.programme_id} has no active policy version (the category caps come from it)")
    version = ctx.get(PolicyVersion, policy_version_stream(active), field=field, what="policy version")
    line = ctx.find(BudgetLine, budget_line_stream(programme.programme_id, category))
    if line is None:
        BUDGET.refuse(
            field,
            f"{programme.programme_id} has no budget line for {category} ({category_article(category)}): "
            "市财政局 earmarks it first",
        )
    return Room(line=line, cap_fen=version.parameters().category_cap(category), policy_version_id=active)


def check_in_force(ctx: Reader, programme: Programme, field: str) -> None:
    """FT-PCM-VALIDITY (HRB 第十八条, A23): new procurement and new commitments only while the measures (or a
    registered successor policy) are in force, by the ledger's local date."""
    today = local_date(ctx.now)
    if not programme.in_force(today):
        VALIDITY.refuse(
            field,
            f"programme {programme.programme_id} is in force {programme.valid_from} to "
            f"{programme.successor_valid_to or programme.valid_to}; the ledger's local date is {today}",
        )
