"""Business dates against the ledger clock: one rule and the helpers every feature uses.

A command carries business dates (a decision's date, a bank's value date, the day an objection was
received); the ledger clock is the record time. Both are judged in Asia/Shanghai, the zone of the
measures and of every document they govern (docs/decisions.md §10): a business date is never after
the ledger's local day, and never before the step it follows (an objection before its publicity, a
settlement before its order). One rule, FT-DATE, so that a date refusal reads the same everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

if TYPE_CHECKING:
    from datetime import date
    from datetime import datetime

    from domain.kernel.commands import Reader

SHANGHAI = ZoneInfo("Asia/Shanghai")

DATE = Rule(
    "FT-DATE",
    Kind.BLOCK,
    "docs/decisions.md",
    "§10",
    "业务日期和时间不得晚于账本时钟（北京时间当日），也不得早于其所依据的前一步",
    "a business date or time is not after the ledger clock (its local day, Asia/Shanghai), nor before the "
    "step it follows",
    clock=Clock.BUSINESS,
    error="invalid",
)
RULES = (DATE,)


def local_date(moment: datetime) -> date:
    """The Asia/Shanghai date of a ledger time."""
    return moment.astimezone(SHANGHAI).date()


def today(ctx: Reader) -> date:
    """The ledger's local day at this command."""
    return local_date(ctx.now)


def not_after_today(ctx: Reader, day: date, field: str) -> str:
    """FT-DATE: ``day`` is not after the ledger's local day; returns it as ISO text."""
    now = today(ctx)
    DATE.check(day <= now, field, f"{day.isoformat()} is after the ledger's local date {now.isoformat()}")
    return day.isoformat()


def not_before(day: date | str, floor: date | str, field: str, what: str) -> str:
    """FT-DATE: ``day`` is not before ``floor`` (``what`` names the step it follows); returns ISO text."""
    text, floor_text = str(day), str(floor)  # ISO dates order as text
    DATE.check(text >= floor_text, field, f"{text} is before {floor_text}, {what}")
    return text
