"""An award's amount explained from what its events recorded (``fundtrail city explain AWARD_ID``).

Each line is one recorded fact: the pinned policy version, the cap of one award, then every running total
the proposal reserved in — what it held before, its cap, what was left — the ceiling that follows and the
amount proposed and approved, with the articles. Nothing is recomputed: the text reads the explanation
the proposal stored (docs/decisions.md §32).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.kernel.money import daxie
from domain.kernel.money import yuan
from domain.policy.params import SUPPORT_MODE_LABELS

if TYPE_CHECKING:
    from domain.award.aggregate import Award

CATEGORY = {
    "product_xkqz": ("“小快轻准”产品服务", "小快轻准 product"),
    "product_chain": ("“链式”转型产品服务", "链式 product"),
    "diagnosis": ("诊断咨询服务奖励", "diagnosis award"),
}
SCOPE = {"provider": ("服务商累计", "provider total"), "lead_unit": ("组长单位累计", "lead unit total")}
SCOPE_CATEGORY = ("类别总额", "category total")


def _scope(scope: str, zh: bool) -> str:
    kind, _, who = scope.partition(":")
    if kind == "category":
        label = CATEGORY.get(who, (who, who))[0 if zh else 1]
        return f"{SCOPE_CATEGORY[0]}（{label}）" if zh else f"{SCOPE_CATEGORY[1]} ({label})"
    label = SCOPE.get(kind, (kind, kind))[0 if zh else 1]
    return f"{label} {who}"


def explain_award(award: Award, lang: str = "zh") -> str:
    zh = lang == "zh"
    category = CATEGORY.get(award.category, (award.category, award.category))[0 if zh else 1]
    name = award.details.get("product_name") or award.details.get("industry") or ""
    lines = [
        f"奖补 {award.award_id}：{category} {name}，申报单位 {award.provider_uscc}，状态 {award.state}"
        if zh
        else f"award {award.award_id}: {category} {name}, applicant {award.provider_uscc}, state {award.state}"
    ]
    c = award.ceiling
    if c is None:
        lines.append("尚未拟定奖补金额" if zh else "no amount proposed yet")
        return "\n".join(lines)
    version, digest = c["policy_version_id"], str(c["policy_hash"])[:16]
    mode = SUPPORT_MODE_LABELS.get(str(c["support_mode"]), (c["support_mode"], c["support_mode"]))[0 if zh else 1]
    lines.append(
        f"政策参数版本 {version}（参数哈希 {digest}…），支持方式 {mode}"
        if zh
        else f"policy version {version} (params hash {digest}…), mode {mode}"
    )
    lines.append(
        f"1. 单项上限 {yuan(c['item_cap_fen'])} 元" if zh else f"1. cap of one award {yuan(c['item_cap_fen'])} yuan"
    )
    for n, cap in enumerate(c["caps"], start=2):
        binding = cap["left_fen"] < c["item_cap_fen"] and cap["left_fen"] == c["ceiling_fen"]
        mark = ("（适用）" if zh else " (binding)") if binding else ""
        lines.append(
            f"{n}. {_scope(cap['scope'], zh)}：已占用 {yuan(cap['before_fen'])} 元，上限 {yuan(cap['cap_fen'])} 元，"
            f"尚余 {yuan(cap['left_fen'])} 元{mark}"
            if zh
            else f"{n}. {_scope(cap['scope'], zh)}: {yuan(cap['before_fen'])} held, cap {yuan(cap['cap_fen'])}, "
            f"{yuan(cap['left_fen'])} yuan left{mark}"
        )
    proposed = award.proposed_fen or 0
    lines.append(
        f"{len(c['caps']) + 2}. 可给上限 {yuan(c['ceiling_fen'])} 元；拟定 {yuan(proposed)} 元（{daxie(proposed)}）"
        if zh
        else f"{len(c['caps']) + 2}. ceiling {yuan(c['ceiling_fen'])} yuan; proposed {yuan(proposed)} yuan"
    )
    if award.approved_fen is not None:
        lines.append(
            f"批准金额 {yuan(award.approved_fen)} 元（{daxie(award.approved_fen)}；审批 {award.approval_id}）"
            if zh
            else f"approved {yuan(award.approved_fen)} yuan (approval {award.approval_id})"
        )
    arts = "、".join(c["articles"])
    lines.append(f"依据 哈工信联规〔2024〕1号 {arts}" if zh else f"under 哈工信联规〔2024〕1号 {arts}")
    return "\n".join(lines)
