"""The vocabulary and arithmetic of performance management: indicator families, monitoring periods,
deviations and grades. Pure functions on integers (no floats: a value is an integer with its decimal
places, a ratio is basis points).
"""

from __future__ import annotations

import re
from datetime import date
from datetime import timedelta
from enum import StrEnum

BP = 10_000
DEFAULT_THRESHOLD_BP = 2_000  # 20%: a deviation beyond it needs a corrective action (第十四条)
BUDGET_EXECUTION = "budget_execution"  # the deviation id of budget execution beside the indicators' ids


class Scope(StrEnum):
    """What a target set measures (beside the programme's own set of part 1, which Programme keeps)."""

    PROGRAMME = "programme"  # the whole fund, restated with numeric targets
    CATEGORY = "category"  # one budget line of 第四条
    AWARD = "award"  # what 市政府 approved for one project, or an award held by its budget reference
    CONTRACT = "contract"  # a procured item (政府采购, 第十条) held by its budget reference
    DISTRICT = "district"  # a 区县's approved projects, owned by its 区县人民政府 (第十二条)
    PROVINCIAL_AWARD = "provincial_award"  # a year's provincial benchmark awards, by call (HLJ 第六–九条)


class Family(StrEnum):
    OUTPUT = "output"  # 产出
    OUTCOME = "outcome"  # 效益
    SATISFACTION = "satisfaction"  # 满意度


class SubKind(StrEnum):
    QUANTITY = "quantity"  # 数量
    QUALITY = "quality"  # 质量
    TIMELINESS = "timeliness"  # 时效
    COST = "cost"  # 成本
    ECONOMIC = "economic"  # 经济效益
    SOCIAL = "social"  # 社会效益
    ECOLOGICAL = "ecological"  # 生态效益
    SUSTAINABLE = "sustainable"  # 可持续影响


SUB_KINDS: dict[Family, frozenset[SubKind]] = {
    Family.OUTPUT: frozenset({SubKind.QUANTITY, SubKind.QUALITY, SubKind.TIMELINESS, SubKind.COST}),
    Family.OUTCOME: frozenset({SubKind.ECONOMIC, SubKind.SOCIAL, SubKind.ECOLOGICAL, SubKind.SUSTAINABLE}),
    Family.SATISFACTION: frozenset(),  # 服务对象满意度: one kind, no sub-kind
}


class Direction(StrEnum):
    AT_LEAST = "at_least"  # ≥
    AT_MOST = "at_most"  # ≤
    EQUAL = "equal"  # =


class Grade(StrEnum):
    """财预〔2020〕10号: 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60."""

    EXCELLENT = "excellent"  # 优
    GOOD = "good"  # 良
    FAIR = "fair"  # 中
    POOR = "poor"  # 差


GRADE_LABELS = {Grade.EXCELLENT: "优", Grade.GOOD: "良", Grade.FAIR: "中", Grade.POOR: "差"}


def grade_of(score_tenths: int) -> Grade:
    """The grade of a score given in tenths of a point (899 is 89.9 分: 良)."""
    if score_tenths >= 900:
        return Grade.EXCELLENT
    if score_tenths >= 800:
        return Grade.GOOD
    if score_tenths >= 600:
        return Grade.FAIR
    return Grade.POOR


_PERIOD = re.compile(r"^(20\d\d)(?:-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")


def period_bounds(period: str) -> tuple[date, date] | None:
    """``2025-Q2`` → (2025-04-01, 2025-06-30); also ``2025-H1``, ``2025-06`` and ``2025``; None if malformed."""
    found = _PERIOD.match(period)
    if found is None:
        return None
    year, part = int(found.group(1)), found.group(2)
    if part is None:
        first, months = 1, 12
    elif part.startswith("Q"):
        first, months = 3 * int(part[1]) - 2, 3
    elif part.startswith("H"):
        first, months = 6 * int(part[1]) - 5, 6
    else:
        first, months = int(part), 1
    start = date(year, first, 1)
    after = first + months
    end = date(year + 1, 1, 1) if after > 12 else date(year, after, 1)
    return start, end - timedelta(days=1)


MAX_DEVIATION_BP = 10**10  # 10^6 × the target


def deviation_bp(direction: str, target: int, actual: int) -> int:
    """How far ``actual`` falls from ``target`` on the wrong side, in basis points of the target, rounded up.

    Rounding up makes ``deviation_bp(...) > threshold`` exactly the same test as the unrounded ratio
    exceeding the threshold (for an integer threshold). Overshooting an "at least" target or
    undershooting an "at most" one is no deviation. A target of 0 cannot scale a gap: any gap from it
    counts as 100%.
    """
    if direction == Direction.AT_LEAST:
        gap = max(0, target - actual)
    elif direction == Direction.AT_MOST:
        gap = max(0, actual - target)
    else:
        gap = abs(actual - target)
    if gap == 0:
        return 0
    if target == 0:
        return BP
    # saturate: beyond 10^6 times the target the size of the miss adds nothing, and every number an event
    # carries must stay within the canonical encoding's ±2^53 (docs/ledger-format.md §2)
    return min(-(-gap * BP // target), MAX_DEVIATION_BP)


def execution_bp(paid_fen: int, committed_fen: int) -> int | None:
    """Budget execution: paid / committed in basis points, rounded down; None when nothing is committed."""
    return min(paid_fen * BP // committed_fen, MAX_DEVIATION_BP) if committed_fen > 0 else None


def execution_deviation_bp(planned_bp: int, paid_fen: int, committed_fen: int) -> int:
    """The shortfall of execution against the plan for the period, in basis points of the plan, rounded up.

    Exact on integers: (planned/BP − paid/committed) / (planned/BP) = (planned·committed − BP·paid) /
    (planned·committed). Ahead of plan, or nothing committed or planned, is no deviation.
    """
    whole = planned_bp * committed_fen
    gap = whole - BP * paid_fen
    if whole <= 0 or gap <= 0:
        return 0
    return -(-gap * BP // whole)
