"""Rules of clawback (追回): HRB 第四条（一）, 第十五条, 第十六条, 第十七条; A4, A25."""

from __future__ import annotations

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

UNIQUE = Rule(
    "FT-CLB-UNIQUE",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "追回案件编号唯一",
    "a clawback case id is opened once",
    implements=("HRB-17",),
)
SUBJECT = Rule(
    "FT-CLB-SUBJECT",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "追回案件的对象须为已获市政府批准补助的项目",
    "a clawback case concerns a project that 市政府 approved",
    implements=("HRB-17",),
)
GROUNDS = Rule(
    "FT-CLB-GROUNDS",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "立案事由须为第十七条所列六项（C1–C6）之一或数项，不得重复",
    "the grounds are one or more distinct grounds of 第十七条 (C1–C6)",
    implements=("HRB-17",),
    error="invalid",
)
OPEN = Rule(
    "FT-CLB-OPEN",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "同一项目同一时间只有一个待决案件；立案即冻结未拨付资金，作出处理决定后解冻或核减",
    "a project has one undecided case at a time; opening it freezes unpaid tranches until the decision releases "
    "or reduces them",
    implements=("HRB-17",),
    ambiguity=("A4",),
)
STATE = Rule(
    "FT-CLB-STATE",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "案件依次为立案、调查、处理决定、追缴、结案：调查在决定前，决定只作一次，追缴与核销在追回决定后，结案后不再变动",
    "a case runs open, investigation, decision, recovery, closure: investigations before the decision, one "
    "decision, receipts and write-offs after a recovery decision, nothing after closure",
    implements=("HRB-17",),
)
SOD = Rule(
    "FT-CLB-SOD",
    Kind.BLOCK,
    "HRB",
    "第十五条",
    "处理决定须由立案人以外的人作出",
    "the decision is made by someone other than the person who opened the case",
    implements=("HRB-17", "HRB-3"),
    error="unauthorised",
)
OUTCOME = Rule(
    "FT-CLB-OUTCOME",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "处理决定须自洽：不予处理不带处罚；追回须给出重新核定的改造投入或（仅限虚报冒领 C1）全额追回；"
    "应追回金额大于零时须列明“追回”；取消申请资格须有起始日，截止日不早于起始日",
    "the decision is consistent: no_action carries no sanction; recover gives either a recomputed verified "
    "investment or (fraud, C1 only) full recovery; a positive recovery lists 追回 among the sanctions; a "
    "disqualification has a start and an end not before it",
    implements=("HRB-17",),
    error="invalid",
    ambiguity=("A4", "A25"),
)
PENDING = Rule(
    "FT-CLB-PENDING",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "有已下达、尚无结果的支付指令时不得作出处理决定（先登记到账或失败）",
    "no decision while a payment order awaits its outcome (record its settlement or failure first)",
    implements=("HRB-17",),
    ambiguity=("A4",),
)
RECOMPUTE = Rule(
    "FT-CLB-RECOMPUTE",
    Kind.RECORD,
    "HRB",
    "第四条（一）",
    "重新核定按原政策参数版本计算补助上限（企业累计已批不含本项目）；应追回 = 已到账 − 以往应追回 − 新核定额，"
    "为负则核减未拨付的第二批",
    "the entitlement is recomputed under the same policy version (the enterprise's prior approvals exclude this "
    "project); recovery = settled − earlier recoveries − new entitlement, and if that is not positive the unpaid "
    "tranche 2 is reduced instead",
    implements=("HRB-4.1c", "HRB-4.1e", "HRB-17"),
    ambiguity=("A4",),
)
OVERPAY = Rule(
    "FT-CLB-OVERPAY",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "退回款与核销合计不得超过应追回余额",
    "receipts and write-offs never exceed what is outstanding",
    implements=("HRB-17",),
    ambiguity=("A4",),
)
SERIAL = Rule(
    "FT-CLB-SERIAL",
    Kind.BLOCK,
    DEC,
    "§11",
    "退回款银行流水号只能登记一次（与支付流水号共用唯一性）",
    "a bank serial of a receipt is recorded once (shared with payment serials)",
)
WRITE_OFF = Rule(
    "FT-CLB-WRITE-OFF",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "核销须引用本案处理决定文号",
    "a write-off cites the case's decision document number",
    implements=("HRB-17",),
    ambiguity=("A4",),
)
JUDICIARY = Rule(
    "FT-CLB-JUDICIARY",
    Kind.RECORD,
    "HRB",
    "第十六条",
    "涉嫌犯罪的移交司法机关处理，移送记录文号与日期（每案一次）",
    "a suspected crime is referred to the judiciary: the referral's document and date are recorded (once a case)",
    implements=("HRB-16",),
    clock=Clock.BUSINESS,
)
CLOSE = Rule(
    "FT-CLB-CLOSE",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "结案须已作出处理决定，且应追回余额为零或已移交司法机关",
    "a case closes after its decision, with nothing outstanding or after a referral to the judiciary",
    implements=("HRB-17",),
    ambiguity=("A4",),
)

RULES = (
    UNIQUE,
    SUBJECT,
    GROUNDS,
    OPEN,
    STATE,
    SOD,
    OUTCOME,
    PENDING,
    RECOMPUTE,
    OVERPAY,
    SERIAL,
    WRITE_OFF,
    JUDICIARY,
    CLOSE,
)
