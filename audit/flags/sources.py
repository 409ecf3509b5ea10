"""What each rule rests on: its red-flag id (docs/decisions.md §52) and the article or guidance."""

from __future__ import annotations

SOURCES = {
    "R1": "HRB 第四条（一）(brackets, 单个企业累计不超过50万元); docs/decisions.md §52 R1",
    "R2": "HRB 第八条 (有效凭据), HLJ 第十一条 (错位支持); docs/decisions.md §52 R2, A16",
    "R3": "HRB 第八条 (银行支付凭证); docs/decisions.md §52 R3, A16",
    "R7": "HRB 第八条 (入库→跟踪→测评→验收→凭据 order); docs/decisions.md §52 R7",
    "R9": "HRB 第四条（一）(bracket thresholds); docs/decisions.md §52 R9",
    "R11": "HRB 第十五条 (督察); Arachne concentration indicator; docs/decisions.md §52 R11",
    "R12": "HRB 第四条（一）(改造后达到二级), 中小企业数字化水平评测指标; docs/decisions.md §52 R12, A17",
    "R14": "HLJ 第五条（三）(评审可查询、可追溯), 第四条（二）; docs/decisions.md §52 R14",
    "R16": "HLJ 第五条（二）(市县财政及时拨付); docs/decisions.md §52 R16, A21",
    "R19": "HLJ 第四条（二）(专家评审); issue 11 R19 (over 30% of the higher: a third review)",
}
