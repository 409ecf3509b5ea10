"""The rule table of the measures (the §1.9 ids the domain rules cite) and what software cannot enforce.

docs/rules.md generates its coverage table from this: each id is implemented by the catalogue's
rules that list it in ``implements``, or is named here with the reason software cannot enforce it.
"""

from __future__ import annotations

# id -> (article, what the measures demand): the Harbin fund (issues 7 and 8) and the provincial award (issue 10).
RULE_TABLE: dict[str, tuple[str, str]] = {
    "HRB-1": ("第一条", "every 分 tagged with fund source central and the programme"),
    "HRB-2a": ("第二条", "专款专用: money only to approved items within programme categories"),
    "HRB-2b": ("第二条", "record enterprise co-funding and the provider's concession; WARN when it is zero"),
    "HRB-3": ("第三条", "the role matrix: who may do what"),
    "HRB-3.2": ("第三条（二）", "a payment order cites a 市政府 decision"),
    "HRB-4.1a": ("第四条（一）", "only eligible cost types count toward verified investment"),
    "HRB-4.1b": ("第四条（一）", "subsidy requires scope, post level ≥ 二级, acceptance passed"),
    "HRB-4.1c": ("第四条（一）", "proposed ≤ min(ratio × verified investment, bracket cap)"),
    "HRB-4.1d": ("第四条（一）", "≤ 50万 per enterprise; ≤ 3 active projects"),
    "HRB-4.1e": ("第四条（一）", "parameters versioned per batch; the version on every computation"),
    "HRB-4.2": ("第四条（二）", "product awards ≤ 15万 / ≤ 30万 each; categories ≤ 450万 / 150万; ≤ 50万 per provider"),
    "HRB-4.3/4.4": ("第四条（三）（四）", "category caps 1020万, 150万 per lead unit and 800万, 70万, 120万, 400万"),
    "HRB-4.3.2": ("第四条（三）2", "a lead unit's award needs its diagnosed-enterprise count and met indicators"),
    "HRB-5": ("第五条", "eligibility at intake and again before payment"),
    "HRB-6": ("第六条", "exclusions"),
    "HRB-7": ("第七条", "the support mode (财政补助 / 以奖代补 / 政府采购) on every award"),
    "HRB-8a": ("第八条", "≥ 80% of central funds earmarked for transformation subsidies"),
    "HRB-8b": ("第八条", "事后补助: no payment before acceptance, evidence, publicity and approval"),
    "HRB-8c": ("第八条", "evidence complete: contract, acceptance report, invoices, bank vouchers"),
    "HRB-8d": ("第八条", "the order 入库 → 跟踪 → 测评 → 验收 → 凭据 → 确认 → 公示 → 批准 → 发放"),
    "HRB-9": ("第九条", "以奖代补 in the order 标准 → 申报 → 评审 → 公示 → 批准 → 发放"),
    "HRB-10": ("第十条", "procured items carry their procurement references"),
    "HRB-11": ("第十一条", "tranche 1 ≥ 70%; tranche 2 after city-pilot acceptance and central funds"),
    "HRB-12..14": ("第十二–十四条", "targets before budget; monitoring, correction; self-evaluation; results applied"),
    "HRB-13": ("第十三条", "performance targets set and reviewed before the budget"),
    "HRB-15": ("第十五条", "the task force inspects; problems are corrected (flags, findings, rectification, 销号)"),
    "HRB-17": ("第十七条", "clawback on six grounds; further payments blocked once a case is open"),
    "HRB-18": ("第十八条", "no new approvals after 2025-12-31 without a successor policy version"),
    "HRB-19": ("第十九条", "a newer national, provincial or city rule prevails: a new policy version"),
    # the provincial benchmark award (issue 10)
    "HLJ-3": (
        "第三条",
        "award ∈ {50万, 100万}; 100万 iff a national 小巨人 or 单项冠军, never both added; once per enterprise",
    ),
    "HLJ-4.2": (
        "第四条（二）",
        "review by a third party or experts; ranked high → low; evidence waived for the two statuses",
    ),
    "HLJ-4.3": ("第四条（三）", "publicity ≥ 5 working days on the 省工信厅 website, then the 党组会"),
    "HLJ-4.4": ("第四条（四）", "省政府's reply before 省财政厅 disburses; the indicators issued with the money"),
    "HLJ-5.1": ("第五条（一）", "fraud: cancel, recover (mandatory), liability; no later award"),
    "HLJ-5.2": ("第五条（二）", "市县财政 forward promptly; nothing withheld, encroached on or diverted"),
    "HLJ-5.3": ("第五条（三）", "a full operation trail of the reviewers; 省工信厅's 复核 before the list"),
    "HLJ-6..9": ("第六–九条", "targets before the budget; 双监控; 双评价 by 市县工信 and 省工信厅; results applied"),
    "HLJ-11": ("第十一条", "overlapping support flagged (错位支持); one invoice or voucher never in two programmes"),
}

# Parts of the table that no command can decide, and why (the ledger records what people decided).
NOT_BY_SOFTWARE: dict[str, str] = {}
