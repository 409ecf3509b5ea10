"""Rules of transformation projects (HRB 第四条（一）, 第五条, 第八条; domain rules §1.2 P1, §1.5, §2.6)."""

from __future__ import annotations

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

ORDER = Rule(
    "FT-PRJ-ORDER",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "项目须依次履行入库、跟踪监督、测评评估、验收评审、提交凭据、确认、公示、批准程序",
    "a project goes through intake, tracking, assessment, acceptance, evidence, confirmation, publicity and "
    "approval in this order",
    implements=("HRB-8d",),
)
UNIQUE = Rule(
    "FT-PRJ-UNIQUE",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "项目编号只能入库申请一次",
    "a project id is requested for intake once",
    implements=("HRB-8d",),
)
INTAKE_OPEN = Rule(
    "FT-PRJ-INTAKE-OPEN",
    Kind.GATE,
    "HRB",
    "第八条",
    "项目入库申请须在批次入库期内提出",
    "intake may be requested only while the batch's intake is open",
    implements=("HRB-8d", "HRB-4.1e"),
    clock=Clock.RECORD,
)
OWN = Rule(
    "FT-PRJ-OWN",
    Kind.BLOCK,
    "HRB",
    "第五条（三）",
    "申报企业只能为本企业申报和提交材料",
    "an applicant acts only for its own enterprise",
    implements=("HRB-3",),
    error="unauthorised",
)
ACTIVE_CAP = Rule(
    "FT-PRJ-ACTIVE-CAP",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "每家企业在办及已批准的项目不超过 3 个（撤回、未入库的不计）",
    "an enterprise has at most 3 projects in flight or approved (withdrawn and rejected ones do not count)",
    implements=("HRB-4.1d",),
    ambiguity=("A15",),
)
INDEPENDENT = Rule(
    "FT-PRJ-INDEPENDENT",
    Kind.BLOCK,
    "HRB",
    "第四条（四）",
    "跟踪监测、测评和验收评审的第三方不得是项目的服务商或申报企业本身",
    "the third party tracking, assessing or accepting a project is neither its provider nor the enterprise",
    implements=("HRB-3",),
    ambiguity=("A26",),
    error="unauthorised",
)
POST_LEVEL = Rule(
    "FT-PRJ-POST-LEVEL",
    Kind.GATE,
    "HRB",
    "第四条（一）",
    "通过验收须改造后数字化水平评测达到二级及以上",
    "passing acceptance requires a post-transformation assessment at level 2 or above",
    implements=("HRB-4.1b",),
)
LEVEL_TREND = Rule(
    "FT-PRJ-LEVEL-TREND",
    Kind.WARN,
    "HRB",
    "第四条（一）",
    "改造后等级未高于改造前，或改造前已达二级：提示人工核查",
    "warn when the post level is not above the baseline, or the baseline is already level 2 or above",
    implements=("HRB-4.1b",),
    ambiguity=("A17",),
)
CONCESSION = Rule(
    "FT-PRJ-CONCESSION",
    Kind.WARN,
    "HRB",
    "第二条",
    "服务商让一点：合同价不低于目录价时提示",
    "warn when the contract price is not below the provider's list price (no concession)",
    implements=("HRB-2b",),
)
CONTRACT = Rule(
    "FT-PRJ-CONTRACT",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "合同金额须与明细一致：价税合计与不含税金额分别等于各行之和，行编号唯一，单价×数量等于行金额",
    "a contract's totals equal the sums of its lines, line ids are unique and unit price × quantity is the line amount",
    implements=("HRB-8c",),
    error="invalid",
)
PARTIES = Rule(
    "FT-PRJ-PARTIES",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "凭据须为本项目企业与其服务商之间的：合同与发票的买方为企业、卖方为服务商，付款从企业登记的账户付给服务商",
    "evidence is between the enterprise and its provider: buyer = enterprise, seller = provider, paid from one of "
    "the enterprise's recorded accounts to the provider",
    implements=("HRB-8c",),
    ambiguity=("A7",),
)
INVOICE_SHAPE = Rule(
    "FT-PRJ-INVOICE-SHAPE",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "发票号码格式：数电票为 20 位数字；旧版发票为 10 或 12 位发票代码加 8 位发票号码",
    "invoice numbers: a 数电票 has exactly 20 digits; a legacy invoice has a 10- or 12-digit code and an "
    "8-digit number",
    implements=("HRB-8c",),
    error="invalid",
)
INVOICE_SUM = Rule(
    "FT-PRJ-INVOICE-SUM",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "发票价税合计须等于不含税金额加税额",
    "an invoice's tax-inclusive amount is exactly its tax-exclusive amount plus the tax",
    implements=("HRB-8c",),
    error="invalid",
)
INVOICE_REUSE = Rule(
    "FT-PRJ-INVOICE-REUSE",
    Kind.BLOCK,
    "HRB",
    "第十七条（一）",
    "同一张发票在整个账本中只能支持一次申领（不论项目、企业或专项）",
    "one invoice supports one claim in the whole ledger, whatever the project, enterprise or programme",
    implements=("HRB-8c", "HRB-17"),
    ambiguity=("A16",),
)
VOUCHER_REUSE = Rule(
    "FT-PRJ-VOUCHER-REUSE",
    Kind.BLOCK,
    "HRB",
    "第十七条（一）",
    "同一银行支付凭证（银行+流水号）在整个账本中只能支持一次申领",
    "one bank voucher (bank + serial number) supports one claim in the whole ledger",
    implements=("HRB-8c", "HRB-17"),
    ambiguity=("A16",),
)
FILE_REUSE = Rule(
    "FT-PRJ-FILE-REUSE",
    Kind.BLOCK,
    "HRB",
    "第十七条（一）",
    "同一凭据文件（内容哈希）只能作为一张发票或一份支付凭证使用一次",
    "one evidence file (content hash) backs one invoice or one bank voucher, once",
    implements=("HRB-8c", "HRB-17"),
    ambiguity=("A16",),
)
CLAIM_COMPLETE = Rule(
    "FT-PRJ-CLAIM-COMPLETE",
    Kind.GATE,
    "HRB",
    "第八条",
    "提交凭据须齐备：合同、验收报告（通过）、至少一张发票、至少一份银行支付凭证",
    "a claim needs the contract, a passed acceptance report, at least one invoice and one bank voucher",
    implements=("HRB-8c",),
)
COST_TYPE = Rule(
    "FT-PRJ-COST-TYPE",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "只有软件、云服务及必要的数据采集传输设备支出计入核定改造投入",
    "only software, cloud services and necessary data-acquisition/transmission equipment count as verified investment",
    implements=("HRB-4.1a",),
)
COUNTED = Rule(
    "FT-PRJ-COUNTED",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "每行核定金额不超过合同行金额、已开票金额与已付款金额三者之最小者（按批次明确的含税/不含税口径）；"
    "各行分配的开票与付款金额之和不超过发票与凭证合计；合同每行须逐行核定",
    "each line counts at most the least of its contract amount, invoiced and paid amounts (on the batch's tax "
    "basis); the invoiced and paid allocations do not exceed the invoices and vouchers; every contract line is "
    "decided",
    implements=("HRB-4.1a",),
    ambiguity=("A7",),
)
REASON = Rule(
    "FT-PRJ-REASON",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "不予入库、核减或低于上限拟补助，须说明理由",
    "a rejection, a line not counted in full, or a proposal below the ceiling states its reason",
    implements=("HRB-4.1c",),
    ambiguity=("A2",),
)
CEILING = Rule(
    "FT-PRJ-CEILING",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "拟补助及批准金额不得超过按核定改造投入、分档比例与金额上限及企业累计上限测算的上限",
    "a proposed or approved amount never exceeds the ceiling from verified investment, the bracket's ratio and "
    "cap and the enterprise cap",
    implements=("HRB-4.1c", "HRB-4.1e"),
    ambiguity=("A2", "A28"),
)
ENTERPRISE_CAP = Rule(
    "FT-PRJ-ENTERPRISE-CAP",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "每家企业在本专项（各批次合计）累计补助不超过 50 万元",
    "an enterprise's cumulative subsidy in this programme (all batches) is at most 50万",
    implements=("HRB-4.1d",),
    ambiguity=("A2", "A16"),
)

RULES = (
    ORDER,
    UNIQUE,
    INTAKE_OPEN,
    OWN,
    ACTIVE_CAP,
    INDEPENDENT,
    POST_LEVEL,
    LEVEL_TREND,
    CONCESSION,
    CONTRACT,
    PARTIES,
    INVOICE_SHAPE,
    INVOICE_SUM,
    INVOICE_REUSE,
    VOUCHER_REUSE,
    FILE_REUSE,
    CLAIM_COMPLETE,
    COST_TYPE,
    COUNTED,
    REASON,
    CEILING,
    ENTERPRISE_CAP,
)
