"""Rules of procured public services (政府采购): HRB 第二条, 第四条（三）1、3、4 and （四）, 第七条, 第十条, 第十八条.

HRB 第十条 ("其他涉及政府采购的项目应按照相关规定执行") brings in the procurement law: the rules citing it
apply 政府采购法 (methods 第二十六条, procurement within the approved budget 第六条, the contract on the
award 第四十六条, supplementary contracts ≤ 10% 第四十九条) as the ledger can judge it.
"""

from __future__ import annotations

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

UNIQUE = Rule(
    "FT-PCM-UNIQUE",
    Kind.BLOCK,
    "HRB",
    "第十条",
    "采购事项编号唯一",
    "a procurement id is opened once",
    implements=("HRB-10",),
)
REUSE = Rule(
    "FT-PCM-REUSE",
    Kind.BLOCK,
    DEC,
    "§11",
    "同一采购公告（及包号）只对应一个采购事项；同一合同编号、同一文件（内容哈希）只使用一次",
    "one notice (and lot) is one procurement item; a contract number and a file (content hash) are used once",
)
CATEGORY = Rule(
    "FT-PCM-CATEGORY",
    Kind.BLOCK,
    "HRB",
    "第四条（三）（四）",
    "采购类别须为促进中心（第四条（三）1）、培训（（三）3）、路线规划（（三）4）或跟踪监测及验收评估（第四条（四））",
    "a procured category is the centre (第四条（三）1), training ((三)3), route planning ((三)4) or tracking "
    "monitoring and acceptance evaluation (第四条（四）)",
    implements=("HRB-2a", "HRB-4.3/4.4"),
    error="invalid",
)
METHOD = Rule(
    "FT-PCM-METHOD",
    Kind.BLOCK,
    "HRB",
    "第十条",
    "采购方式须为政府采购法规定的方式（公开招标、邀请招标、竞争性谈判、竞争性磋商、询价、单一来源、框架协议）",
    "the method is one of the procurement law's (open or invited tender, competitive negotiation or "
    "consultation, request for quotation, single source, framework agreement)",
    implements=("HRB-10",),
    error="invalid",
)
REFERENCES = Rule(
    "FT-PCM-REFERENCES",
    Kind.RECORD,
    "HRB",
    "第十条",
    "采购事项须记录采购方式、采购公告文号与日期、中标（成交）通知书文号、供应商、合同编号与文件哈希",
    "a procured item records its method, the notice's reference and date, the award notice's reference, the "
    "supplier, the contract's number and file hash",
    implements=("HRB-10",),
    error="invalid",
)
SUPPORT_MODE = Rule(
    "FT-PCM-SUPPORT-MODE",
    Kind.RECORD,
    "HRB",
    "第七条",
    "采购公告、中标（成交）和合同均记录支持方式“政府采购”",
    "the notice, the award and the contract record the support mode 政府采购 (government procurement)",
    implements=("HRB-7",),
)
BUDGET = Rule(
    "FT-PCM-BUDGET",
    Kind.GATE,
    "HRB",
    "第十条",
    "按批准的预算采购：须已为该类别切块，采购预算不超过该类别预算尚未占用的部分及类别上限",
    "procurement follows the approved budget: the category's budget line is opened and the notice's budget "
    "fits what the line and the category cap leave uncommitted",
    implements=("HRB-2a", "HRB-4.3/4.4", "HRB-10"),
)
VALIDITY = Rule(
    "FT-PCM-VALIDITY",
    Kind.BLOCK,
    "HRB",
    "第十八条",
    "办法期满（2025年12月31日，按账本本地日期）后，未登记后续政策的，不再发布采购或签订、追加合同",
    "after the measures' end (2025-12-31, by the ledger's local date) no procurement is started and no "
    "contract signed or raised unless the programme has a registered successor policy",
    implements=("HRB-18",),
    clock=Clock.RECORD,
    ambiguity=("A23",),
)
ORDER = Rule(
    "FT-PCM-ORDER",
    Kind.BLOCK,
    "HRB",
    "第十条",
    "采购依次为公告、中标（成交）、合同、验收、付款：各一次的步骤不得重复；合同签订后不得终止采购；终止后不再变动",
    "a procurement runs notice, award, contract, acceptance, payment: one award and one contract; it is "
    "cancelled only before the contract; nothing follows a cancellation",
    implements=("HRB-10",),
)
AWARD = Rule(
    "FT-PCM-AWARD",
    Kind.BLOCK,
    "HRB",
    "第十条",
    "中标（成交）金额不得超过采购公告的预算金额",
    "the awarded amount never exceeds the notice's budget",
    implements=("HRB-10", "HRB-2a"),
)
CONTRACT = Rule(
    "FT-PCM-CONTRACT",
    Kind.BLOCK,
    "HRB",
    "第十条",
    "合同按中标（成交）结果签订：金额等于中标（成交）金额（框架协议采购不超过该金额）",
    "the contract follows the award: its amount is the awarded amount (under a framework agreement, at most that)",
    implements=("HRB-10",),
)
CONTRACT_LATE = Rule(
    "FT-PCM-CONTRACT-LATE",
    Kind.WARN,
    "HRB",
    "第十条",
    "中标（成交）通知书发出后三十日内未签订合同的，合同记录提示（政府采购法第四十六条）",
    "a contract signed more than 30 days after the award notice is flagged (procurement law, art. 46)",
    implements=("HRB-10",),
    clock=Clock.BUSINESS,
)
CAP = Rule(
    "FT-PCM-CAP",
    Kind.BLOCK,
    "HRB",
    "第四条（三）（四）",
    "同一类别的合同累计不得超过类别上限（促进中心1020万、培训70万、路线规划120万、跟踪监测及验收评估400万），"
    "也不得超过该类别预算（在中央资金80%以外的部分之内）",
    "a category's contracts together never exceed its cap (centre 1020万, training 70万, route 120万, "
    "monitoring 400万) nor its budget line, which lies within the 20% outside the earmark",
    implements=("HRB-4.3/4.4", "HRB-2a"),
)
AMEND = Rule(
    "FT-PCM-AMEND",
    Kind.BLOCK,
    "HRB",
    "第十条",
    "合同变更须说明理由并改变金额：追加累计不超过原合同金额的10%（政府采购法第四十九条），核减不低于已验收与已付金额",
    "an amendment gives its reason and changes the amount: raises together at most 10% of the original "
    "amount (procurement law, art. 49); a reduction never below what is accepted or paid",
    implements=("HRB-10", "HRB-2a"),
)
ACCEPT = Rule(
    "FT-PCM-ACCEPT",
    Kind.BLOCK,
    "HRB",
    "第三条（一）",
    "市工信局按合同验收交付成果：验收合格的成果金额累计不超过合同金额，已合格的成果不再验收",
    "市工信局 accepts deliverables against the contract: passed deliverables together never exceed the "
    "contract amount; a passed deliverable is not accepted again",
    implements=("HRB-10", "HRB-2a"),
)
PAY_ACCEPTED = Rule(
    "FT-PCM-PAY-ACCEPTED",
    Kind.GATE,
    "HRB",
    "第二条",
    "专款专用：只对验收合格的交付成果付款",
    "专款专用: a payment is made only against a deliverable that passed acceptance",
    implements=("HRB-2a",),
)
PAY_CAP = Rule(
    "FT-PCM-PAY-CAP",
    Kind.BLOCK,
    "HRB",
    "第二条",
    "付款不超过该成果尚未支付的金额，累计不超过合同金额",
    "a payment never exceeds its deliverable's unpaid amount; payments together never exceed the contract",
    implements=("HRB-2a",),
)
SERIAL = Rule(
    "FT-PCM-SERIAL",
    Kind.BLOCK,
    DEC,
    "§11",
    "付款银行流水号在全账本只登记一次（与补助拨付、退回款共用）；付款编号在采购事项内唯一",
    "a payment's bank serial is recorded once in the whole ledger (shared with subsidy payments and "
    "recoveries); a payment number once per procurement",
)

RULES = (
    UNIQUE,
    REUSE,
    CATEGORY,
    METHOD,
    REFERENCES,
    SUPPORT_MODE,
    BUDGET,
    VALIDITY,
    ORDER,
    AWARD,
    CONTRACT,
    CONTRACT_LATE,
    CAP,
    AMEND,
    ACCEPT,
    PAY_ACCEPTED,
    PAY_CAP,
    SERIAL,
)
