"""Rules of the programme, its fund, budget lines and batches: HRB 第一条, 第二条, 第四条, 第八条, 第十一条,
第十三条, 第十八条; A3, A7, A10, A11, A23."""

from __future__ import annotations

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

UNIQUE = Rule(
    "FT-PRG-UNIQUE",
    Kind.BLOCK,
    "HRB",
    "第一条",
    "专项资金编号唯一",
    "a programme id is established once",
    implements=("HRB-1",),
)
FUND_SOURCE = Rule(
    "FT-PRG-FUND-SOURCE",
    Kind.BLOCK,
    "HRB",
    "第一条",
    "专项资金为中央财政奖补资金：每一分都标记资金来源 central 和专项资金编号",
    "the fund is central fiscal reward money: every 分 is tagged with fund source central and the programme id",
    implements=("HRB-1",),
    error="invalid",
)
WINDOW = Rule(
    "FT-PRG-WINDOW",
    Kind.BLOCK,
    "HRB",
    "第十八条",
    "有效期须起止有序",
    "a validity or intake window runs forwards",
    implements=("HRB-18",),
    error="invalid",
    ambiguity=("A23",),
)
DOC_UNIQUE = Rule(
    "FT-PRG-DOC-UNIQUE",
    Kind.BLOCK,
    "HRB",
    "第三条（二）",
    "同一资金下达文号、同一国库到账凭证只登记一次",
    "an allocation document number and a treasury reference are recorded once per programme",
    implements=("HRB-1",),
)
RECEIPT = Rule(
    "FT-PRG-RECEIPT",
    Kind.BLOCK,
    "HRB",
    "第十一条",
    "到位的中央资金累计不得超过已下达的中央资金",
    "central funds received never exceed the central funds allocated",
    implements=("HRB-1", "HRB-11"),
    ambiguity=("A11",),
)
TARGETS = Rule(
    "FT-PRG-TARGETS",
    Kind.GATE,
    "HRB",
    "第十三条",
    "绩效目标经审核通过前，不得安排预算切块，也不得据以分配资金",
    "no budget line is opened or committed before the programme's performance targets are approved",
    implements=("HRB-13",),
)
TARGETS_STATE = Rule(
    "FT-PRG-TARGETS-STATE",
    Kind.BLOCK,
    "HRB",
    "第十三条",
    "绩效目标先申报后审核；审核通过后不再改动",
    "targets are proposed, then approved; approved targets are not replaced",
    implements=("HRB-13",),
)
TARGETS_SOD = Rule(
    "FT-PRG-TARGETS-SOD",
    Kind.BLOCK,
    DEC,
    "§5",
    "审核绩效目标的人不得是申报该目标的人",
    "the actor who approves performance targets is not the actor who proposed them",
    implements=("HRB-3", "HRB-13"),
    error="unauthorised",
)
POLICY = Rule(
    "FT-PRG-POLICY",
    Kind.GATE,
    "HRB",
    "第四条（一）",
    "须有启用的政策参数版本（类别上限、切块比例取自该版本）",
    "an active policy version is needed (category caps and the earmark come from it)",
    implements=("HRB-4.1e",),
    ambiguity=("A3",),
)
CATEGORY = Rule(
    "FT-PRG-CATEGORY",
    Kind.BLOCK,
    "HRB",
    "第四条",
    "预算类别须为第四条所列方向",
    "a budget category is one of the directions of 第四条",
    implements=("HRB-2a",),
    error="invalid",
)
CATEGORY_CAP = Rule(
    "FT-PRG-CATEGORY-CAP",
    Kind.BLOCK,
    "HRB",
    "第四条（二）至（四）",
    "类别预算累计不得超过该类别上限（450万、150万、1020万、800万、70万、120万、400万）",
    "a category's budget never exceeds its cap (N7–N14)",
    implements=("HRB-4.2", "HRB-4.3/4.4"),
)
EARMARK = Rule(
    "FT-PRG-EARMARK",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "数字化改造补助切块须先达到中央资金的80%，其余类别方可切块",
    "no other category is earmarked while the transformation line is below 80% of the central allocation",
    implements=("HRB-8a",),
    ambiguity=("A10",),
)
BUDGET_TOTAL = Rule(
    "FT-PRG-BUDGET-TOTAL",
    Kind.BLOCK,
    "HRB",
    "第二条",
    "预算切块合计不得超过已下达的中央资金",
    "the budget lines together never exceed the central allocation",
    implements=("HRB-2a",),
)
LINE_CAP = Rule(
    "FT-PRG-LINE-CAP",
    Kind.BLOCK,
    "HRB",
    "第二条",
    "专款专用：资金只能在已切块的类别预算之内安排，累计不得超过该预算",
    "专款专用: money is committed only within an opened budget line, never beyond its amount",
    implements=("HRB-2a",),
)
LINE_RELEASE = Rule(
    "FT-PRG-LINE-RELEASE",
    Kind.BLOCK,
    "HRB",
    "第二条",
    "只能释放该事项已占用的预算",
    "only budget committed under a reference can be released under it",
    implements=("HRB-2a",),
)
PILOT = Rule(
    "FT-PRG-PILOT",
    Kind.RECORD,
    "HRB",
    "第十一条",
    "记录城市试点验收结果（通过、未通过、有条件通过），作为第二批资金的条件",
    "record the city pilot's acceptance result (passed, failed, conditional), a gate of the second tranche",
    implements=("HRB-11",),
    error="invalid",
    ambiguity=("A11",),
)
TRANCHE2_DECISION = Rule(
    "FT-PRG-TRANCHE2-DECISION",
    Kind.RECORD,
    DEC,
    "§8",
    "市政府同意不待验收或资金到位即拨付第二批的决定，由市政府文书登记",
    "a 市政府 decision to release the second tranche without the gates is recorded by its clerk",
    implements=("HRB-11",),
    clock=Clock.BUSINESS,
    ambiguity=("A11",),
)
SUCCESSOR = Rule(
    "FT-PRG-SUCCESSOR",
    Kind.BLOCK,
    "HRB",
    "第十八条",
    "后续政策须为本专项资金已批准、有法律依据、且生效至办法期满之后的参数版本",
    "a successor policy is an approved version of this programme, with its legal basis, in force beyond "
    "the measures' end",
    implements=("HRB-18", "HRB-19"),
    ambiguity=("A23",),
)
EXPIRED = Rule(
    "FT-PRG-EXPIRED",
    Kind.BLOCK,
    "HRB",
    "第十八条",
    "办法期满（2025-12-31）后不得开启新批次，除非已登记后续政策",
    "no new batch after the measures' end (2025-12-31) unless a successor policy is registered",
    implements=("HRB-18",),
    clock=Clock.RECORD,
    ambiguity=("A23",),
)
BATCH_UNIQUE = Rule(
    "FT-PRG-BATCH-UNIQUE",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "批次编号唯一",
    "a batch id is opened once",
    implements=("HRB-4.1e",),
)
BATCH_POLICY = Rule(
    "FT-PRG-BATCH-POLICY",
    Kind.GATE,
    "HRB",
    "第四条（一）",
    "批次开启时固定本专项资金启用的（已批准的）参数版本及其哈希",
    "a batch pins an active (approved) policy version of its programme, with its hash, when it opens",
    implements=("HRB-4.1e",),
    ambiguity=("A3",),
)
BATCH_BASIS = Rule(
    "FT-PRG-BATCH-BASIS",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "批次须明确核定改造投入按含税还是不含税计（不设默认值）",
    "a batch states explicitly whether verified investment is tax-inclusive or tax-exclusive (no default)",
    implements=("HRB-4.1a",),
    error="invalid",
    ambiguity=("A7",),
)
BATCH_WINDOW = Rule(
    "FT-PRG-BATCH-WINDOW",
    Kind.BLOCK,
    "HRB",
    "第十八条",
    "批次申报期须在所固定参数版本的生效期之内",
    "a batch's intake window lies within the effective window of the version it pins",
    implements=("HRB-18", "HRB-4.1e"),
    error="invalid",
    ambiguity=("A23",),
)
BATCH_STATE = Rule(
    "FT-PRG-BATCH-STATE",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "申报截止只能登记一次",
    "a batch's intake is closed once",
    implements=("HRB-8d",),
)

RULES = (
    UNIQUE,
    FUND_SOURCE,
    WINDOW,
    DOC_UNIQUE,
    RECEIPT,
    TARGETS,
    TARGETS_STATE,
    TARGETS_SOD,
    POLICY,
    CATEGORY,
    CATEGORY_CAP,
    EARMARK,
    BUDGET_TOTAL,
    LINE_CAP,
    LINE_RELEASE,
    PILOT,
    TRANCHE2_DECISION,
    SUCCESSOR,
    EXPIRED,
    BATCH_UNIQUE,
    BATCH_POLICY,
    BATCH_BASIS,
    BATCH_WINDOW,
    BATCH_STATE,
)
