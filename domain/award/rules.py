"""Rules of the awards (以奖代补): provider products, lead units' diagnosis (第四条（二）（三）2, 第七条, 第九条)."""

from __future__ import annotations

from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

UNIQUE = Rule(
    "FT-AWD-UNIQUE",
    Kind.BLOCK,
    DEC,
    "§31",
    "奖补编号唯一，且不得与改造项目编号相同（同一编号只对应一个受补对象）",
    "an award id is used once and never by a transformation project (one id, one subsidised subject)",
    error="conflict",
)
PROVIDER = Rule(
    "FT-AWD-PROVIDER",
    Kind.BLOCK,
    "HRB",
    "第五条",
    "服务商须已登记；申报人只能以本单位名义申报",
    "the provider is registered, and an applicant applies only for its own organisation",
    implements=("HRB-3",),
    ambiguity=("A12",),
    error="unauthorised",
)
CRITERIA = Rule(
    "FT-AWD-CRITERIA",
    Kind.GATE,
    "HRB",
    "第九条",
    "先制定并登记遴选评审标准，方可受理申报",
    "applications are taken only once the batch's selection criteria (遴选评审标准) are registered",
    implements=("HRB-9",),
)
BATCH = Rule(
    "FT-AWD-BATCH",
    Kind.BLOCK,
    "HRB",
    "第九条",
    "申报须在对应类别批次的申报期内",
    "an application belongs to an open batch of its kind, within the intake window",
    implements=("HRB-9",),
)
ORDER = Rule(
    "FT-AWD-ORDER",
    Kind.BLOCK,
    "HRB",
    "第九条",
    "以奖代补按 标准→申报→评审→公示→批准→发放 的顺序办理",
    "以奖代补 follows criteria → application → review → publicity → approval → payment, in order",
    implements=("HRB-9",),
)
SELECTION = Rule(
    "FT-AWD-SELECTED",
    Kind.GATE,
    "HRB",
    "第四条（二）",
    "只对遴选入选者拟定奖补",
    "an award is proposed only for an application the review selected",
    implements=("HRB-9",),
)
ITEM_CAP = Rule(
    "FT-AWD-ITEM-CAP",
    Kind.BLOCK,
    "HRB",
    "第四条（二）",
    "每项“小快轻准”产品服务奖补不超过15万元，每项“链式”产品服务不超过30万元（按政策参数版本）",
    "each 小快轻准 product ≤ 15万, each 链式 product ≤ 30万 (as the pinned policy version sets)",
    implements=("HRB-4.2",),
)
PROVIDER_CAP = Rule(
    "FT-AWD-PROVIDER-CAP",
    Kind.BLOCK,
    "HRB",
    "第四条（二）",
    "每家数字化服务商获得培育奖补累计不超过50万元（两类产品合计）",
    "each provider receives at most 50万 of product awards, both categories together",
    implements=("HRB-4.2",),
)
CATEGORY_CAP = Rule(
    "FT-AWD-CATEGORY-CAP",
    Kind.BLOCK,
    "HRB",
    "第四条（二）（三）2",
    "“小快轻准”总额不超过450万元、“链式”不超过150万元、诊断咨询奖励总额不超过800万元",
    "category totals: 小快轻准 ≤ 450万, 链式 ≤ 150万, diagnosis awards ≤ 800万",
    implements=("HRB-4.2", "HRB-4.3/4.4"),
)
LEAD_CAP = Rule(
    "FT-AWD-LEAD-CAP",
    Kind.BLOCK,
    "HRB",
    "第四条（三）2",
    "每户组长单位诊断咨询奖励不超过150万元",
    "each lead unit receives at most 150万 of diagnosis awards",
    implements=("HRB-4.3/4.4",),
)
CAP_SET = Rule(
    "FT-AWD-CAP-SET",
    Kind.GATE,
    "HRB",
    "第四条（二）（三）",
    "批次所固定的政策参数版本须设定相应上限",
    "the batch's pinned policy version sets the caps this award is judged by",
    implements=("HRB-4.1e",),
)
LEAD = Rule(
    "FT-AWD-LEAD",
    Kind.BLOCK,
    "HRB",
    "第四条（三）2",
    "每个试点行业确定一户组长单位；诊断咨询奖励只给该行业的组长单位",
    "one lead unit per pilot industry; a diagnosis award goes only to the industry's appointed lead unit",
    implements=("HRB-4.3.2",),
)
INDICATORS = Rule(
    "FT-AWD-INDICATORS",
    Kind.GATE,
    "HRB",
    "第四条（三）2",
    "组长单位须登记诊断企业数量及成效指标，且达到预期指标成效，方可拟定奖励",
    "a diagnosis award needs the recorded number of diagnosed enterprises and outcome indicators, all met",
    implements=("HRB-4.3.2",),
)
REASON = Rule(
    "FT-AWD-REASON",
    Kind.BLOCK,
    "HRB",
    "第四条（二）（三）2",
    "拟定金额低于可给上限时须说明依据（评审排序、预算、诊断数量与成效）",
    "an amount below the ceiling states its basis (ranking, budget, number and outcome of diagnoses)",
    implements=("HRB-4.2", "HRB-4.3.2"),
)
MODE = Rule(
    "FT-AWD-MODE",
    Kind.RECORD,
    "HRB",
    "第七条",
    "每项奖补记录支持方式（以奖代补）",
    "every award records its support mode (以奖代补)",
    implements=("HRB-7",),
)
SCORE = Rule(
    "FT-AWD-SCORE",
    Kind.BLOCK,
    "HRB",
    "第九条",
    "评审得分0–100，名次从1起且同一批次内不重复",
    "a review score is 0–100 and a rank starts at 1 and is not shared within the batch's category",
    implements=("HRB-9",),
)

RULES = (
    UNIQUE,
    PROVIDER,
    CRITERIA,
    BATCH,
    ORDER,
    SELECTION,
    ITEM_CAP,
    PROVIDER_CAP,
    CATEGORY_CAP,
    LEAD_CAP,
    CAP_SET,
    LEAD,
    INDICATORS,
    REASON,
    MODE,
    SCORE,
)
