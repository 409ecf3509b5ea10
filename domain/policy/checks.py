"""Checks of a parameter set before it may become a policy version (A1, A3; HRB 第四条, 第八条, 第十一条).

Pure functions: each problem is ``(rule, field, detail)`` with ``field`` a dotted path under
``parameters``. A version is drafted only when there is no problem; warnings are recorded.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from typing import Any

from domain.kernel.rules import Rule
from domain.policy.params import BP
from domain.policy.params import SEED_PARAMS
from domain.policy.params import Category
from domain.policy.params import PolicyParams
from domain.policy.rules import ABOVE_MEASURES
from domain.policy.rules import BRACKETS
from domain.policy.rules import CAP
from domain.policy.rules import EARMARK
from domain.policy.rules import MONOTONE
from domain.policy.rules import PARAMS
from domain.policy.rules import RATIO
from domain.policy.rules import TRANCHE
from domain.policy.rules import WINDOW

if TYPE_CHECKING:
    from domain.policy.params import Bracket

Problem = tuple[Rule, str, str]
P = "parameters"
MIN_FIRST_TRANCHE_BP = 7000  # HRB 第十一条 "不低于70%"
MIN_EARMARK_BP = 8000  # HRB 第八条 "80%用于" (A10: a floor)
MAX_LEVEL = 4  # 中小企业数字化水平评测: 一级–四级


def bracket_problems(brackets: tuple[Bracket, ...]) -> list[Problem]:
    """Shape (A1): from 0 inclusive, end to end, exactly one side owning each boundary, last unbounded."""
    out: list[Problem] = []
    if not brackets:
        return [(BRACKETS, f"{P}.brackets", "at least one bracket is needed")]
    for i, b in enumerate(brackets):
        at = f"{P}.brackets[{i}]"
        if not 0 < b.ratio_bp <= BP:
            out.append((RATIO, f"{at}.ratio_bp", f"expected a ratio in (0, 10000] bp, got {b.ratio_bp}"))
        if b.cap_fen <= 0:
            out.append((CAP, f"{at}.cap_fen", f"expected a cap of more than 0 分, got {b.cap_fen}"))
        last = b.last_fen()
        if b.upper_fen is None and b.upper_inclusive:
            out.append((BRACKETS, f"{at}.upper_inclusive", "an unbounded bracket has no upper end to include"))
        if last is not None and last < b.first_fen():
            out.append((BRACKETS, f"{at}.upper_fen", f"the bracket holds no amount ({b.lower_fen}..{b.upper_fen})"))
        if i == 0:
            if b.lower_fen != 0 or not b.lower_inclusive:
                out.append((BRACKETS, f"{at}.lower_fen", "the first bracket starts at 0 分, inclusive"))
            continue
        prev = brackets[i - 1]
        if prev.upper_fen is None:
            out.append((BRACKETS, f"{P}.brackets[{i - 1}].upper_fen", "only the last bracket may be unbounded"))
            continue
        if b.lower_fen < prev.upper_fen or (
            b.lower_fen == prev.upper_fen and b.lower_inclusive and prev.upper_inclusive
        ):
            out.append((BRACKETS, f"{at}.lower_fen", f"overlaps bracket {i - 1} at {prev.upper_fen} 分"))
        elif b.lower_fen > prev.upper_fen or not (b.lower_inclusive or prev.upper_inclusive):
            out.append((BRACKETS, f"{at}.lower_fen", f"leaves a gap after bracket {i - 1} at {prev.upper_fen} 分"))
    if brackets[-1].upper_fen is not None:
        out.append((BRACKETS, f"{P}.brackets[{len(brackets) - 1}].upper_fen", "the last bracket is unbounded (null)"))
    return out


def monotone_problems(brackets: tuple[Bracket, ...]) -> list[Problem]:
    """A1: the ceiling min(floor(r·I), cap) rises with I inside a bracket (r > 0), so it is monotone
    iff at each boundary the first whole 分 of the upper bracket is worth at least the last of the lower."""
    out: list[Problem] = []
    for i in range(1, len(brackets)):
        lower, upper = brackets[i - 1], brackets[i]
        last = lower.last_fen()
        if last is None:
            continue
        below, above = lower.value(last), upper.value(upper.first_fen())
        if above < below:
            out.append(
                (
                    MONOTONE,
                    f"{P}.brackets[{i}]",
                    f"the ceiling falls at the boundary {lower.upper_fen} 分: {below} 分 at {last} 分 "
                    f"but {above} 分 at {upper.first_fen()} 分",
                )
            )
    return out


def param_problems(params: PolicyParams) -> list[Problem]:
    """Every problem of ``params``; empty means the set may be drafted."""
    out = bracket_problems(params.brackets)
    if not any(r is BRACKETS or r is RATIO for r, _, _ in out):
        out += monotone_problems(params.brackets)
    return out + _cap_problems(params) + _scalar_problems(params)


def _cap_problems(params: PolicyParams) -> list[Problem]:
    out: list[Problem] = []
    if params.enterprise_cap_fen <= 0:
        out.append((CAP, f"{P}.enterprise_cap_fen", f"expected more than 0 分, got {params.enterprise_cap_fen}"))
    known = {c.value for c in Category}
    for name, cap in sorted(params.category_caps_fen.items()):
        if name not in known:
            out.append((PARAMS, f"{P}.category_caps_fen.{name}", f"not a category of 第四条; known: {sorted(known)}"))
        elif cap <= 0:
            out.append((CAP, f"{P}.category_caps_fen.{name}", f"expected more than 0 分, got {cap}"))
    return out


def _scalar_problems(params: PolicyParams) -> list[Problem]:
    out: list[Problem] = []
    if not MIN_FIRST_TRANCHE_BP <= params.first_tranche_min_bp <= BP:
        out.append(
            (TRANCHE, f"{P}.first_tranche_min_bp", f"expected 7000..10000 bp, got {params.first_tranche_min_bp}")
        )
    if not MIN_EARMARK_BP <= params.earmark_min_bp <= BP:
        out.append((EARMARK, f"{P}.earmark_min_bp", f"expected 8000..10000 bp, got {params.earmark_min_bp}"))
    for name, value, low in (
        ("max_active_projects", params.max_active_projects, 1),
        ("publicity_working_days", params.publicity_working_days, 1),
        ("credit_lookback_years", params.credit_lookback_years, 1),
        ("min_post_level", params.min_post_level, 1),
    ):
        if value < low:
            out.append((PARAMS, f"{P}.{name}", f"expected at least {low}, got {value}"))
    if params.min_post_level > MAX_LEVEL:
        out.append((PARAMS, f"{P}.min_post_level", f"the levels run 1..4, got {params.min_post_level}"))
    if not params.eligible_cost_types:
        out.append((PARAMS, f"{P}.eligible_cost_types", "at least one eligible cost type (第四条（一）)"))
    if not params.industry_allow_list:
        out.append((PARAMS, f"{P}.industry_allow_list", "at least one industry code prefix (第五条（一）)"))
    if date.fromisoformat(params.valid_from) > date.fromisoformat(params.valid_to):
        out.append((WINDOW, f"{P}.valid_to", f"ends {params.valid_to}, before it starts {params.valid_from}"))
    return out


def param_warnings(params: PolicyParams) -> list[dict[str, Any]]:
    """WARN (A3): parameters above the published measures (SEED_PARAMS), for the task force to judge."""
    seed = SEED_PARAMS
    out: list[dict[str, Any]] = []
    top_ratio = max(b.ratio_bp for b in seed.brackets)
    top_cap = max(b.cap_fen for b in seed.brackets)
    for i, b in enumerate(params.brackets):
        if b.ratio_bp > top_ratio:
            out.append(_warn(f"brackets[{i}].ratio_bp", f"{b.ratio_bp} bp is above the published {top_ratio} bp"))
        if b.cap_fen > top_cap:
            out.append(_warn(f"brackets[{i}].cap_fen", f"{b.cap_fen} 分 is above the published {top_cap} 分"))
    if params.enterprise_cap_fen > seed.enterprise_cap_fen:
        out.append(_warn("enterprise_cap_fen", f"above the published {seed.enterprise_cap_fen} 分"))
    if params.max_active_projects > seed.max_active_projects:
        out.append(_warn("max_active_projects", f"above the published {seed.max_active_projects}"))
    for name, cap in sorted(params.category_caps_fen.items()):
        published = seed.category_caps_fen.get(name)
        if published is not None and cap > published:
            out.append(_warn(f"category_caps_fen.{name}", f"{cap} 分 is above the published {published} 分"))
    return out


def _warn(field: str, detail: str) -> dict[str, Any]:
    return {"rule": ABOVE_MEASURES.id, "field": f"{P}.{field}", "detail": detail}
