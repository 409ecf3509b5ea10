"""Policy parameters (政策参数): the numbers of HRB 第四条, 第八条, 第十一条 as one frozen value.

A ``PolicyParams`` is what a ``PolicyVersion`` approves and what a batch pins (A3). It travels in
events as ``to_dict()`` (JSON-friendly: integers, strings, lists, dicts) and is identified by
``params_hash``: SHA-256 of its canonical JSON. ``param_problems`` lists every way a parameter set
breaks the measures' shape (A1: brackets without gaps or overlaps and a monotone ceiling), so that a
version cannot be drafted with a ceiling that falls as investment rises.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from enum import StrEnum
from typing import Any

from domain.kernel.digest import digest

WAN = 1_000_000  # 1万元 in 分
BP = 10_000  # basis points in one


class Category(StrEnum):
    """The directions of HRB 第四条 a budget line belongs to (domain rules §2.2)."""

    TRANSFORMATION = "transformation"  # 第四条（一） 数字化改造投入补助
    PRODUCT_XKQZ = "product_xkqz"  # 第四条（二） "小快轻准" 产品服务
    PRODUCT_CHAIN = "product_chain"  # 第四条（二） "链式" 产品服务
    CENTRE = "centre"  # 第四条（三）1 促进中心
    DIAGNOSIS = "diagnosis"  # 第四条（三）2 诊断咨询
    TRAINING = "training"  # 第四条（三）3 培训
    ROUTE = "route"  # 第四条（三）4 路线规划
    MONITORING = "monitoring"  # 第四条（四） 跟踪监测及验收评估
    ECOSYSTEM = "ecosystem"  # 第四条（五） 生态促进
    OTHER = "other"  # 第四条（六） 其他


class SupportMode(StrEnum):
    """HRB 第七条: 专项资金主要采取财政补助、以奖代补、政府采购等方式 (HRB-7: the mode on every award)."""

    FISCAL_SUBSIDY = "fiscal_subsidy"  # 财政补助
    REWARD_IN_LIEU = "reward_in_lieu_of_subsidy"  # 以奖代补
    GOVERNMENT_PROCUREMENT = "government_procurement"  # 政府采购


SUPPORT_MODE_LABELS: dict[str, tuple[str, str]] = {
    "fiscal_subsidy": ("财政补助", "fiscal subsidy"),
    "reward_in_lieu_of_subsidy": ("以奖代补", "reward in lieu of subsidy"),
    "government_procurement": ("政府采购", "government procurement"),
}


CATEGORY_ARTICLES: dict[str, str] = {
    Category.TRANSFORMATION: "第四条（一）",
    Category.PRODUCT_XKQZ: "第四条（二）",
    Category.PRODUCT_CHAIN: "第四条（二）",
    Category.CENTRE: "第四条（三）1",
    Category.DIAGNOSIS: "第四条（三）2",
    Category.TRAINING: "第四条（三）3",
    Category.ROUTE: "第四条（三）4",
    Category.MONITORING: "第四条（四）",
    Category.ECOSYSTEM: "第四条（五）",
    Category.OTHER: "第四条（六）",
}


@dataclass(frozen=True)
class Bracket:
    """One investment bracket of 第四条（一）: ``ratio_bp`` of the verified investment, at most ``cap_fen``.

    ``upper_fen`` None means unbounded. A1: ``[0, 30万]``, ``(30万, 80万]``, ``(80万, ∞)``.
    """

    label: str
    lower_fen: int
    lower_inclusive: bool
    upper_fen: int | None
    upper_inclusive: bool
    ratio_bp: int
    cap_fen: int

    def first_fen(self) -> int:
        """The smallest whole 分 inside the bracket."""
        return self.lower_fen if self.lower_inclusive else self.lower_fen + 1

    def last_fen(self) -> int | None:
        """The largest whole 分 inside the bracket (None: unbounded)."""
        if self.upper_fen is None:
            return None
        return self.upper_fen if self.upper_inclusive else self.upper_fen - 1

    def contains(self, investment_fen: int) -> bool:
        last = self.last_fen()
        return self.first_fen() <= investment_fen and (last is None or investment_fen <= last)

    def value(self, investment_fen: int) -> int:
        """min(floor_分(ratio × I), cap): the bracket's ceiling at ``investment_fen`` (integer arithmetic)."""
        return min(self.ratio_bp * investment_fen // BP, self.cap_fen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "lower_fen": self.lower_fen,
            "lower_inclusive": self.lower_inclusive,
            "upper_fen": self.upper_fen,
            "upper_inclusive": self.upper_inclusive,
            "ratio_bp": self.ratio_bp,
            "cap_fen": self.cap_fen,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bracket:
        return cls(
            label=str(data["label"]),
            lower_fen=int(data["lower_fen"]),
            lower_inclusive=bool(data["lower_inclusive"]),
            upper_fen=None if data["upper_fen"] is None else int(data["upper_fen"]),
            upper_inclusive=bool(data["upper_inclusive"]),
            ratio_bp=int(data["ratio_bp"]),
            cap_fen=int(data["cap_fen"]),
        )


@dataclass(frozen=True)
class PolicyParams:
    """The parameters one policy version fixes (domain rules §1.3, §2.1)."""

    brackets: tuple[Bracket, ...]
    enterprise_cap_fen: int
    max_active_projects: int
    first_tranche_min_bp: int
    publicity_working_days: int
    earmark_min_bp: int
    category_caps_fen: dict[str, int] = field(hash=False)
    eligible_cost_types: tuple[str, ...]
    industry_allow_list: tuple[str, ...]
    credit_lookback_years: int
    min_post_level: int
    valid_from: str
    valid_to: str
    award_caps_fen: dict[str, int] = field(default_factory=dict, hash=False)
    """第四条（二）（三）2 per-item caps: ``product_xkqz_item``, ``product_chain_item``, ``provider``, ``lead_unit``."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "brackets": [b.to_dict() for b in self.brackets],
            "enterprise_cap_fen": self.enterprise_cap_fen,
            "max_active_projects": self.max_active_projects,
            "first_tranche_min_bp": self.first_tranche_min_bp,
            "publicity_working_days": self.publicity_working_days,
            "earmark_min_bp": self.earmark_min_bp,
            "category_caps_fen": dict(sorted(self.category_caps_fen.items())),
            "eligible_cost_types": list(self.eligible_cost_types),
            "industry_allow_list": list(self.industry_allow_list),
            "credit_lookback_years": self.credit_lookback_years,
            "min_post_level": self.min_post_level,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "award_caps_fen": dict(sorted(self.award_caps_fen.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyParams:
        return cls(
            brackets=tuple(Bracket.from_dict(b) for b in data["brackets"]),
            enterprise_cap_fen=int(data["enterprise_cap_fen"]),
            max_active_projects=int(data["max_active_projects"]),
            first_tranche_min_bp=int(data["first_tranche_min_bp"]),
            publicity_working_days=int(data["publicity_working_days"]),
            earmark_min_bp=int(data["earmark_min_bp"]),
            category_caps_fen={str(k): int(v) for k, v in data["category_caps_fen"].items()},
            eligible_cost_types=tuple(str(t) for t in data["eligible_cost_types"]),
            industry_allow_list=tuple(str(c) for c in data["industry_allow_list"]),
            credit_lookback_years=int(data["credit_lookback_years"]),
            min_post_level=int(data["min_post_level"]),
            valid_from=str(data["valid_from"]),
            valid_to=str(data["valid_to"]),
            award_caps_fen={str(k): int(v) for k, v in data.get("award_caps_fen", {}).items()},
        )

    def bracket_for(self, investment_fen: int) -> Bracket:
        """The bracket holding ``investment_fen`` (A1: the lower bracket wins at a boundary)."""
        for bracket in self.brackets:
            if bracket.contains(investment_fen):
                return bracket
        msg = f"no bracket holds {investment_fen} 分 (the parameters were not checked)"
        raise ValueError(msg)

    def category_cap(self, category: str) -> int | None:
        """The cap of a 第四条 category, or None when the measures set none (transformation, ecosystem, other)."""
        return self.category_caps_fen.get(category)


def params_hash(params: PolicyParams | dict[str, Any]) -> str:
    """SHA-256 hex of the canonical JSON of ``params.to_dict()``."""
    data = params.to_dict() if isinstance(params, PolicyParams) else params
    return digest(data)


# -- the Harbin seed (哈工信联规〔2024〕1号) ---------------------------------------------------------

SEED_BRACKETS = (
    Bracket("30万以下", 0, True, 30 * WAN, True, 7000, 18 * WAN),
    Bracket("30万至80万", 30 * WAN, False, 80 * WAN, True, 6000, 40 * WAN),
    Bracket("80万以上", 80 * WAN, False, None, False, 5000, 50 * WAN),
)
# 第四条（二）–（四）: category totals (per-item caps — 15万, 30万, 50万 per provider, 150万 per lead unit —
# belong to the award features); transformation, ecosystem and other have no cap of their own.
SEED_CATEGORY_CAPS = {
    Category.PRODUCT_XKQZ.value: 450 * WAN,
    Category.PRODUCT_CHAIN.value: 150 * WAN,
    Category.CENTRE.value: 1020 * WAN,
    Category.DIAGNOSIS.value: 800 * WAN,
    Category.TRAINING.value: 70 * WAN,
    Category.ROUTE.value: 120 * WAN,
    Category.MONITORING.value: 400 * WAN,
}
# 第四条（二）: each 小快轻准 product ≤ 15万, each 链式 product ≤ 30万, each provider ≤ 50万 across both;
# 第四条（三）2: each lead unit ≤ 150万 (the category totals are in SEED_CATEGORY_CAPS).
SEED_AWARD_CAPS = {
    "product_xkqz_item": 15 * WAN,
    "product_chain_item": 30 * WAN,
    "provider": 50 * WAN,
    "lead_unit": 150 * WAN,
}
# domain rules §5.4: the default allow-list of GB/T 4754-2017 code prefixes for 第五条（一）.
SEED_INDUSTRIES = ("13", "14", "27", "341", "374", "381", "382", "383", "389")

SEED_PARAMS = PolicyParams(
    brackets=SEED_BRACKETS,
    enterprise_cap_fen=50 * WAN,
    max_active_projects=3,
    first_tranche_min_bp=7000,
    publicity_working_days=5,
    earmark_min_bp=8000,
    category_caps_fen=SEED_CATEGORY_CAPS,
    eligible_cost_types=("software", "cloud", "data_equipment"),
    industry_allow_list=SEED_INDUSTRIES,
    credit_lookback_years=3,
    min_post_level=2,
    valid_from="2024-10-15",
    valid_to="2025-12-31",
    award_caps_fen=SEED_AWARD_CAPS,
)
"""The parameters of the Harbin measures as published (domain rules §1.3 N1–N16, N20, N22, N23; §5.4)."""
