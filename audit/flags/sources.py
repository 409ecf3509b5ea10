"""What each rule rests on: its id in domain-rules §3.8 (or issue 11 for R17–R21) and the article or guidance."""

from __future__ import annotations

SOURCES = {
    "R1": "HRB 第四条（一）(brackets, 单个企业累计不超过50万元); domain-rules §3.8 R1",
    "R2": "HRB 第八条 (有效凭据), HLJ 第十一条 (错位支持); domain-rules §3.8 R2, A16",
    "R3": "HRB 第八条 (银行支付凭证); domain-rules §3.8 R3, A16",
    "R7": "HRB 第八条 (入库→跟踪→测评→验收→凭据 order); domain-rules §3.8 R7",
    "R9": "HRB 第四条（一）(bracket thresholds); domain-rules §3.8 R9",
    "R11": "HRB 第十五条 (督察); Arachne concentration indicator; domain-rules §3.8 R11",
    "R12": "HRB 第四条（一）(改造后达到二级), 中小企业数字化水平评测指标; domain-rules §3.8 R12, A17",
    "R14": "HLJ 第五条（三）(评审可查询、可追溯), 第四条（二）; domain-rules §3.8 R14",
    "R16": "HLJ 第五条（二）(市县财政及时拨付); domain-rules §3.8 R16, A21",
    "R19": "HLJ 第四条（二）(专家评审); issue 11 R19 (over 30% of the higher: a third review)",
}
