"""Why a project's subsidy is what it is: the explanation stored in SubsidyProposed, and its text.

``explanation`` builds the JSON-friendly dict the event carries (policy version and hash, bracket, ratio,
every cap applied and whether it bound, the enterprise's total before and after, the articles).
``explain(project, lang)`` renders it for ``fundtrail city explain PROJECT`` from recorded facts only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from domain.kernel.money import daxie
from domain.policy.ceiling import SOURCE
from domain.policy.ceiling import percent
from domain.policy.ceiling import yuan

if TYPE_CHECKING:
    from domain.policy.ceiling import Ceiling
    from domain.project.aggregate import Project

ARTICLES = ("第四条（一）", "第八条")


def explanation(
    ceiling: Ceiling, *, project_id: str, amount_fen: int, reason_code: str | None, reason: str | None
) -> dict[str, Any]:
    """The full explanation of one proposal (JSON-friendly)."""
    prior = ceiling.enterprise_prior_fen
    return {
        "project_id": project_id,
        "policy_version_id": ceiling.version_id,
        "policy_hash": ceiling.version_hash,
        "verified_investment_fen": ceiling.verified_investment_fen,
        "bracket_label": ceiling.bracket_label,
        "ratio_bp": ceiling.ratio_bp,
        "raw_fen": ceiling.raw_fen,
        "caps_applied": [
            {
                "cap": "bracket",
                "cap_fen": ceiling.bracket_cap_fen,
                "before_fen": ceiling.raw_fen,
                "after_fen": ceiling.after_bracket_fen,
                "binding": ceiling.raw_fen > ceiling.bracket_cap_fen,
            },
            {
                "cap": "enterprise",
                "cap_fen": ceiling.enterprise_cap_fen,
                "prior_fen": prior,
                "remaining_fen": ceiling.enterprise_remaining_fen,
                "before_fen": ceiling.after_bracket_fen,
                "after_fen": ceiling.ceiling_fen,
                "binding": ceiling.after_bracket_fen > ceiling.enterprise_remaining_fen,
            },
        ],
        "ceiling_fen": ceiling.ceiling_fen,
        "proposed_fen": amount_fen,
        "reason_code": reason_code,
        "reason": reason,
        "enterprise_total_before_fen": prior,
        "enterprise_total_after_fen": prior + amount_fen,
        "source": SOURCE,
        "articles": list(dict.fromkeys([*ceiling.articles, *ARTICLES])),
        "ceiling": ceiling.explanation(),
    }


def explain(project: Project, lang: str = "zh") -> str:
    """The project's subsidy, step by step, in ``zh`` or ``en`` (from the recorded explanation)."""
    zh = lang == "zh"
    head = (
        f"项目 {project.project_id}（企业 {project.enterprise_uscc}，批次 {project.batch_id}），状态 {project.state}"
        if zh
        else f"project {project.project_id} (enterprise {project.enterprise_uscc}, batch {project.batch_id}), "
        f"state {project.state}"
    )
    lines = [head, *_verification(project, zh)]
    e = project.ceiling
    if e is None:
        lines.append("尚未拟定补助额度" if zh else "no subsidy proposed yet")
        return "\n".join(lines)
    if "caps_applied" in e:
        lines += _steps(e, zh)
    else:  # an explanation recorded without the steps: say what is known
        ceiling, proposed = yuan(project.ceiling_fen or 0), yuan(project.proposed_fen or 0)
        en = f"ceiling {ceiling} yuan; proposed {proposed} yuan"
        lines.append(f"补助上限 {ceiling} 元；拟补助 {proposed} 元" if zh else en)
    if project.approved_fen is not None:
        lines.append(
            f"批准金额 {yuan(project.approved_fen)} 元（{daxie(project.approved_fen)}；审批 {project.approval_id}）"
            if zh
            else f"approved {yuan(project.approved_fen)} yuan (approval {project.approval_id})"
        )
    if project.entitlement_fen is not None and project.entitlement_fen != project.approved_fen:
        lines.append(
            f"重新核定后应得 {yuan(project.entitlement_fen)} 元"
            if zh
            else f"entitlement after revision {yuan(project.entitlement_fen)} yuan"
        )
    return "\n".join(lines)


# display labels of stored codes (docs/decisions.md §23: codes stay English, labels are display)
BASIS_ZH = {"tax_inclusive": "含税", "tax_exclusive": "不含税"}
COST_ZH = {
    "software": "软件",
    "cloud": "云服务",
    "data_equipment": "数据采集与传输设备",
    "office_equipment": "办公设备",
    "hardware": "硬件",
    "services": "服务",
}


def _verification(project: Project, zh: bool) -> list[str]:
    v = project.verification
    if v is None:
        return []
    out = [f"核定口径 {BASIS_ZH.get(v['basis'], v['basis'])}" if zh else f"tax basis {v['basis']}"]
    for line in v["lines"]:
        why = f"（{line['reason']}）" if zh and line["reason"] else (f" ({line['reason']})" if line["reason"] else "")
        if zh:
            out.append(
                f"  {line['line_id']} {COST_ZH.get(line['cost_type'], line['cost_type'])}: "
                f"合同 {yuan(line['contract_fen'])}，"
                f"可计 {yuan(line['limit_fen'])}，核定 {yuan(line['counted_fen'])} 元{why}"
            )
        else:
            out.append(
                f"  {line['line_id']} {line['cost_type']}: contract {yuan(line['contract_fen'])}, "
                f"limit {yuan(line['limit_fen'])}, counted {yuan(line['counted_fen'])} yuan{why}"
            )
    return out


def _steps(e: dict[str, Any], zh: bool) -> list[str]:
    arts = "、".join(e["articles"])
    caps = {c["cap"]: c for c in e["caps_applied"]}
    b, ent = caps["bracket"], caps["enterprise"]
    i, r = yuan(e["verified_investment_fen"]), percent(e["ratio_bp"])
    reason = e["reason_code"] or ""
    if zh:
        return [
            f"政策参数版本 {e['policy_version_id']}（参数哈希 {e['policy_hash'][:16]}…），依据 {e['source']} {arts}",
            f"1. 核定改造投入 {i} 元，属“{e['bracket_label']}”档",
            f"2. 按比例 {i} × {r} = {yuan(e['raw_fen'])} 元（向下取整到分）",
            f"3. 本档金额上限 {yuan(b['cap_fen'])} 元{'（适用）' if b['binding'] else ''}：{yuan(b['after_fen'])} 元",
            f"4. 企业累计上限 {yuan(ent['cap_fen'])} 元，已占用 {yuan(ent['prior_fen'])} 元，尚余 "
            f"{yuan(ent['remaining_fen'])} 元{'（适用）' if ent['binding'] else ''}",
            f"5. 补助上限 {yuan(e['ceiling_fen'])} 元；"
            f"拟补助 {yuan(e['proposed_fen'])} 元（{daxie(e['proposed_fen'])}）"
            + (f"（低于上限，理由：{reason}{'，' + e['reason'] if e['reason'] else ''}）" if reason else ""),
            f"6. 企业累计：{yuan(e['enterprise_total_before_fen'])} → {yuan(e['enterprise_total_after_fen'])} 元",
        ]
    return [
        f"policy version {e['policy_version_id']} (params hash {e['policy_hash'][:16]}…), under {e['source']} {arts}",
        f"1. verified investment {i} yuan, bracket '{e['bracket_label']}'",
        f"2. ratio: {i} × {r} = {yuan(e['raw_fen'])} yuan (rounded down to the fen)",
        f"3. bracket cap {yuan(b['cap_fen'])} yuan{' (binding)' if b['binding'] else ''}: {yuan(b['after_fen'])} yuan",
        f"4. enterprise cap {yuan(ent['cap_fen'])} yuan, {yuan(ent['prior_fen'])} committed, "
        f"{yuan(ent['remaining_fen'])} left{' (binding)' if ent['binding'] else ''}",
        f"5. ceiling {yuan(e['ceiling_fen'])} yuan; proposed {yuan(e['proposed_fen'])} yuan"
        + (f" (below the ceiling: {reason}{'; ' + e['reason'] if e['reason'] else ''})" if reason else ""),
        f"6. enterprise total: {yuan(e['enterprise_total_before_fen'])} → {yuan(e['enterprise_total_after_fen'])} yuan",
    ]
