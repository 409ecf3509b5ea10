"""The subsidy ceiling of HRB 第四条（一） and the tranche split of 第十一条, in integer 分.

Per project (A2): ``ceiling = min(floor_分(ratio_bp × I / 10000), bracket cap)``, then
``min(that, enterprise cap − Σ prior approvals)``, never negative. Brackets follow A1 (the lower
bracket wins at a boundary). Tranche 1 is rounded up to the 分 (A9: "不低于70%"), tranche 2 is the
rest. Every ``Ceiling`` carries the policy version id and hash it was computed under (HRB-4.1e),
and explains itself step by step with the articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from domain.kernel import money
from domain.policy.params import BP
from domain.policy.params import SupportMode

if TYPE_CHECKING:
    from domain.policy.params import PolicyParams

SOURCE = "哈工信联规〔2024〕1号"
ARTICLE = "第四条（一）"
TRANCHE_ARTICLE = "第十一条"


yuan = money.yuan  # ``18000000`` -> ``180,000.00``: display only (money stays integer 分)


def percent(bp: int) -> str:
    whole, frac = divmod(bp, 100)
    return f"{whole}%" if frac == 0 else f"{whole}.{frac:02d}".rstrip("0") + "%"


@dataclass(frozen=True)
class Ceiling:
    """One computed ceiling: every intermediate amount, the bracket, the version it used."""

    verified_investment_fen: int
    bracket_label: str
    ratio_bp: int
    raw_fen: int  # floor_分(ratio × I)
    bracket_cap_fen: int
    after_bracket_fen: int  # min(raw, bracket cap)
    enterprise_cap_fen: int
    enterprise_prior_fen: int
    enterprise_remaining_fen: int  # max(0, enterprise cap − prior)
    ceiling_fen: int  # min(after bracket, remaining)
    version_id: str
    version_hash: str
    articles: tuple[str, ...] = (ARTICLE,)

    def explanation(self) -> dict[str, Any]:
        """JSON-friendly, for events: the inputs, every step, the result, the version."""
        return {
            "verified_investment_fen": self.verified_investment_fen,
            "bracket_label": self.bracket_label,
            "ratio_bp": self.ratio_bp,
            "raw_fen": self.raw_fen,
            "bracket_cap_fen": self.bracket_cap_fen,
            "after_bracket_fen": self.after_bracket_fen,
            "enterprise_cap_fen": self.enterprise_cap_fen,
            "enterprise_prior_fen": self.enterprise_prior_fen,
            "enterprise_remaining_fen": self.enterprise_remaining_fen,
            "ceiling_fen": self.ceiling_fen,
            "version_id": self.version_id,
            "version_hash": self.version_hash,
            "source": SOURCE,
            "support_mode": SupportMode.FISCAL_SUBSIDY.value,  # 第七条 (HRB-7): 财政补助
            "articles": list(self.articles),
            "rounding": "floor_fen",
        }

    def explain(self, lang: str = "zh") -> str:
        """The computation, one step a line, with the articles and the version (``zh`` or ``en``)."""
        art = "、".join(self.articles)
        i, r = yuan(self.verified_investment_fen), percent(self.ratio_bp)
        if lang == "zh":
            lines = [
                f"政策参数版本 {self.version_id}（参数哈希 {self.version_hash[:16]}…），依据 {SOURCE} {art}",
                f"1. 核定改造投入 {i} 元，属“{self.bracket_label}”档（边界值归较低一档）",
                f"2. 按比例：{i} × {r} = {yuan(self.raw_fen)} 元（向下取整到分）",
                f"3. 本档金额上限 {yuan(self.bracket_cap_fen)} 元：取 {yuan(self.after_bracket_fen)} 元",
                f"4. 每家企业累计上限 {yuan(self.enterprise_cap_fen)} 元，已批 {yuan(self.enterprise_prior_fen)} 元，"
                f"尚余 {yuan(self.enterprise_remaining_fen)} 元",
                f"5. 补助上限：{yuan(self.ceiling_fen)} 元",
            ]
        else:
            lines = [
                f"policy version {self.version_id} (params hash {self.version_hash[:16]}…), under {SOURCE} {art}",
                f"1. verified investment {i} yuan falls in bracket '{self.bracket_label}' (a boundary belongs to "
                "the lower bracket)",
                f"2. ratio: {i} × {r} = {yuan(self.raw_fen)} yuan (rounded down to the fen)",
                f"3. bracket cap {yuan(self.bracket_cap_fen)} yuan: {yuan(self.after_bracket_fen)} yuan",
                f"4. enterprise cap {yuan(self.enterprise_cap_fen)} yuan, {yuan(self.enterprise_prior_fen)} yuan "
                f"already approved, {yuan(self.enterprise_remaining_fen)} yuan left",
                f"5. ceiling: {yuan(self.ceiling_fen)} yuan",
            ]
        return "\n".join(lines)


def compute_ceiling(
    params: PolicyParams,
    *,
    version_id: str,
    version_hash: str,
    verified_investment_fen: int,
    enterprise_prior_fen: int,
) -> Ceiling:
    """The ceiling of one project under ``params`` (HRB 第四条（一）; A1, A2). Integer arithmetic only."""
    if verified_investment_fen < 0 or enterprise_prior_fen < 0:
        msg = "investment and prior approvals are amounts of 0 分 or more"
        raise ValueError(msg)
    bracket = params.bracket_for(verified_investment_fen)
    raw = bracket.ratio_bp * verified_investment_fen // BP
    after = min(raw, bracket.cap_fen)
    remaining = max(0, params.enterprise_cap_fen - enterprise_prior_fen)
    return Ceiling(
        verified_investment_fen=verified_investment_fen,
        bracket_label=bracket.label,
        ratio_bp=bracket.ratio_bp,
        raw_fen=raw,
        bracket_cap_fen=bracket.cap_fen,
        after_bracket_fen=after,
        enterprise_cap_fen=params.enterprise_cap_fen,
        enterprise_prior_fen=enterprise_prior_fen,
        enterprise_remaining_fen=remaining,
        ceiling_fen=min(after, remaining),
        version_id=version_id,
        version_hash=version_hash,
    )


def tranche_split(approved_fen: int, first_min_bp: int) -> tuple[int, int]:
    """HRB 第十一条, A9: tranche 1 = ceil_分(first_min_bp × approved / 10000); tranche 2 = the rest (exact)."""
    if approved_fen < 0 or not 0 <= first_min_bp <= BP:
        msg = "expected an approved amount of 0 分 or more and a ratio of 0..10000 bp"
        raise ValueError(msg)
    first = -(-first_min_bp * approved_fen // BP)
    return first, approved_fen - first
