"""Rules of the enterprise register (申报企业): HRB 第五条, 第六条; A12, A13, A14, A16, A25.

Eligibility rules (GATE/BLOCK, HRB-5 and HRB-6 of domain rules §1.9) are judged by
``Enterprise.eligibility_problems`` from recorded facts, at intake and again before every payment;
the register itself refuses only what is wrong on its face (a bad USCC, a branch, an address outside
Harbin, a record that contradicts itself).
"""

from __future__ import annotations

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

# -- the register's own shape -------------------------------------------------------------------

USCC = Rule(
    "FT-ENT-USCC",
    Kind.BLOCK,
    DEC,
    "§24",
    "统一社会信用代码须符合 GB 32100-2015（18位、校验码正确）",
    "a unified social credit code must be valid under GB 32100-2015 (18 characters, correct check character)",
    error="invalid",
)
UNIQUE = Rule(
    "FT-ENT-UNIQUE",
    Kind.BLOCK,
    DEC,
    "§24",
    "一个统一社会信用代码只登记一家企业",
    "one enterprise is registered per unified social credit code",
)
INDUSTRY_CODE = Rule(
    "FT-ENT-INDUSTRY-CODE",
    Kind.BLOCK,
    "HRB",
    "第五条（一）",
    "行业代码须为 GB/T 4754-2017 的四位小类代码，并注明标准版本",
    "the industry code is a four-digit GB/T 4754-2017 class code, with the standard's version",
    implements=("HRB-5",),
    error="invalid",
    ambiguity=("A14",),
)
SIZE = Rule(
    "FT-ENT-SIZE",
    Kind.BLOCK,
    "HRB",
    "第五条",
    "企业规模须为中型、小型或微型，且依据（从业人员、营业收入）不得显示为大型企业（工信部联企业〔2011〕300号，工业）",
    "the size class is medium, small or micro, and its basis (employees, revenue) must not show a large "
    "enterprise (工信部联企业〔2011〕300号, industry)",
    implements=("HRB-5",),
    error="invalid",
)
SIZE_CLASS = Rule(
    "FT-ENT-SIZE-CLASS",
    Kind.WARN,
    "HRB",
    "第五条",
    "申报的规模类型与依据推算的类型不一致（提示）",
    "the size class given differs from the class its basis implies (a warning)",
    implements=("HRB-5",),
)
DIVISION = Rule(
    "FT-ENT-DIVISION",
    Kind.WARN,
    "HRB",
    "第五条（一）",
    "行政区划代码或信用代码登记机关代码不以 2301（哈尔滨）开头（提示，非市域判定）",
    "the division code or the code's registering authority does not start with 2301 (Harbin) — a warning, "
    "not the 市域 test",
    implements=("HRB-5",),
)
BANK = Rule(
    "FT-ENT-BANK",
    Kind.BLOCK,
    DEC,
    "§9",
    "银行账户以密钥哈希（64位小写十六进制）和末四位登记，不得重复",
    "a bank account is entered as a keyed hash (64 lowercase hex) and its last 4 digits, once",
    error="invalid",
)
PROFILE = Rule(
    "FT-ENT-PROFILE",
    Kind.BLOCK,
    DEC,
    "§24",
    "登记事项的变更或更正须指明字段、给出新值和理由；新值须与原值不同；从不改写已记录事件",
    "a change or correction names the field, gives the new value and a reason; the value must differ; "
    "nothing recorded is edited",
    error="invalid",
)
OVERRIDE = Rule(
    "FT-ENT-OVERRIDE",
    Kind.BLOCK,
    "HRB",
    "第五条（一）",
    "行业范围例外须由市工信局审核人对企业当前行业代码作出、说明理由，且审核人不得为登记该代码的人",
    "an industry override is made by a city bureau reviewer for the enterprise's current code, with a reason, "
    "by someone other than whoever entered that code",
    implements=("HRB-5",),
    ambiguity=("A14",),
)
COMMIT_SELF = Rule(
    "FT-ENT-COMMIT-SELF",
    Kind.BLOCK,
    "HRB",
    "第五条（三）",
    "企业只能为本企业登记承诺书",
    "an applicant records a commitment only for its own enterprise",
    implements=("HRB-3",),
    error="unauthorised",
)
CREDIT_WINDOW = Rule(
    "FT-ENT-CREDIT-WINDOW",
    Kind.BLOCK,
    "HRB",
    "第五条（二）",
    "信用核查的核查期间须起止有序",
    "a credit check's window runs forward (from ≤ to)",
    implements=("HRB-5",),
    error="invalid",
    ambiguity=("A13",),
)
CREDIT_AHEAD = Rule(
    "FT-ENT-CREDIT-AHEAD",
    Kind.WARN,
    "HRB",
    "第五条（二）",
    "信用核查的核查期间晚于查询日（核查结论被用于查询日之后，提示）",
    "a credit check's window ends after the day it was made (it is relied on for later days — a warning)",
    implements=("HRB-5",),
    ambiguity=("A13",),
)
DISQUALIFY = Rule(
    "FT-ENT-DISQUALIFY",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "取消申请资格须有决定文号、理由和起始日；截止日不得早于起始日；同一决定不得重复登记",
    "a disqualification carries its decision, grounds and start; its end is not before its start; "
    "a decision is recorded once",
    implements=("HRB-17",),
    ambiguity=("A25",),
)
LIFT = Rule(
    "FT-ENT-LIFT",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "只能解除已登记且未解除的取消资格决定，解除日不得早于其起始日",
    "only a recorded, unlifted disqualification can be lifted, not before it started",
    implements=("HRB-17",),
    ambiguity=("A25",),
)

# -- eligibility: HRB 第五条 (GATE) -----------------------------------------------------------------

HARBIN = Rule(
    "FT-ENT-HARBIN",
    Kind.GATE,
    "HRB",
    "第五条（一）",
    "在哈尔滨市域内登记注册",
    "registered within the Harbin city area",
    implements=("HRB-5",),
    ambiguity=("A12",),
)
LEGAL_PERSON = Rule(
    "FT-ENT-LEGAL-PERSON",
    Kind.GATE,
    "HRB",
    "第五条（一）",
    "具有独立法人资格（分公司、个人独资企业、合伙企业、个体工商户不是）",
    "an independent legal person (a branch, sole proprietorship, partnership or individual business is not)",
    implements=("HRB-5",),
)
INDUSTRY = Rule(
    "FT-ENT-INDUSTRY",
    Kind.GATE,
    "HRB",
    "第五条（一）",
    "行业代码在批次政策的行业范围内，或经市工信局审核人说明理由后例外认可",
    "the industry code is in the batch policy's allow-list, or a city bureau reviewer accepted it with a reason",
    implements=("HRB-5",),
    ambiguity=("A14",),
)
CREDIT = Rule(
    "FT-ENT-CREDIT",
    Kind.GATE,
    "HRB",
    "第五条（二）",
    "最近一次信用核查覆盖近三年至今，且未列入经营异常名录或严重失信名单、无重大安全质量事故、无偷税漏税等违法行为",
    "the latest credit check covers the last three years up to the day judged and shows no abnormal-operation "
    "listing, no serious dishonesty, no major accident and no tax violation",
    implements=("HRB-5",),
    clock=Clock.BUSINESS,
    ambiguity=("A13",),
)
COMMITMENT = Rule(
    "FT-ENT-COMMITMENT",
    Kind.GATE,
    "HRB",
    "第五条（三）",
    "已登记承诺书，涵盖真实性、无事故、无税务违法、配合监督检查",
    "a commitment is recorded covering truthfulness, no accidents, no tax violation and cooperation",
    implements=("HRB-5",),
    clock=Clock.BUSINESS,
)

# -- exclusions: HRB 第六条 (BLOCK) ----------------------------------------------------------------

LITTLE_GIANT = Rule(
    "FT-ENT-LITTLE-GIANT",
    Kind.BLOCK,
    "HRB",
    "第六条（一）",
    "已获得中央财政中小企业发展专项资金支持的专精特新“小巨人”企业不予支持",
    "a 专精特新 'little giant' already supported by the central SME development fund is excluded",
    implements=("HRB-6",),
    clock=Clock.BUSINESS,
    ambiguity=("A16",),
)
PILOT_2022 = Rule(
    "FT-ENT-PILOT-2022",
    Kind.BLOCK,
    "HRB",
    "第六条（二）",
    "已纳入2022年中小企业数字化转型改造试点（工信厅联企业〔2022〕22号）的企业不予支持",
    "an SME already in the 2022 digital-transformation pilot (工信厅联企业〔2022〕22号) is excluded",
    implements=("HRB-6",),
    clock=Clock.BUSINESS,
)
DISQUALIFIED = Rule(
    "FT-ENT-DISQUALIFIED",
    Kind.BLOCK,
    "HRB",
    "第六条（四）",
    "在取消申请资格期间的企业不予支持",
    "an enterprise is excluded while a disqualification is in force",
    implements=("HRB-6", "HRB-17"),
    clock=Clock.BUSINESS,
    ambiguity=("A25",),
)

RULES = (
    USCC,
    UNIQUE,
    INDUSTRY_CODE,
    SIZE,
    SIZE_CLASS,
    DIVISION,
    BANK,
    PROFILE,
    OVERRIDE,
    COMMIT_SELF,
    CREDIT_WINDOW,
    CREDIT_AHEAD,
    DISQUALIFY,
    LIFT,
    HARBIN,
    LEGAL_PERSON,
    INDUSTRY,
    CREDIT,
    COMMITMENT,
    LITTLE_GIANT,
    PILOT_2022,
    DISQUALIFIED,
)
