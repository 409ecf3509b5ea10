"""Rules of payment (拨付): HRB 第二条, 第三条（二）, 第五条, 第八条, 第十一条, 第十七条; A4, A8, A9, A11, A13."""

from __future__ import annotations

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

SCHEDULE_UNIQUE = Rule(
    "FT-PAY-SCHEDULE-UNIQUE",
    Kind.BLOCK,
    "HRB",
    "第十一条",
    "每个补助项目只有一份拨付计划",
    "an award (a project) has one payment schedule",
    implements=("HRB-11",),
)
APPROVAL = Rule(
    "FT-PAY-APPROVAL",
    Kind.GATE,
    "HRB",
    "第三条（二）",
    "市财政局按照市政府意见下达资金：拨付计划须引用已录入的市政府审定，且该审定批准了本项目",
    "funds are released per the 市政府 opinion: a schedule cites a recorded 市政府 decision that approved the project",
    implements=("HRB-3.2", "HRB-8b"),
)
SPLIT = Rule(
    "FT-PAY-SPLIT",
    Kind.BLOCK,
    "HRB",
    "第十一条",
    "原则上分两批：第一批为批准金额的70%向上取整到分，第二批为余额；一次拨付须有市政府办公厅经办人登记的市政府决定",
    "in principle two tranches: tranche 1 is 70% of the approved amount rounded up to the 分, tranche 2 the exact "
    "rest; a single tranche needs a 市政府 decision registered by its clerk",
    implements=("HRB-11",),
    ambiguity=("A8", "A9"),
)
STATE = Rule(
    "FT-PAY-STATE",
    Kind.GATE,
    "HRB",
    "第八条",
    "事后补助：项目须已验收并经市政府批准（处于已批准状态）方可排期和拨付",
    "ex-post subsidy: a project is scheduled and paid only once accepted and approved by 市政府 (state approved)",
    implements=("HRB-8b", "HRB-8d"),
)
FROZEN = Rule(
    "FT-PAY-FROZEN",
    Kind.BLOCK,
    "HRB",
    "第十七条",
    "项目有未决追回案件时，未拨付资金冻结，不得排期或下达支付指令",
    "while a clawback case on the project awaits its decision, unpaid tranches are frozen: no schedule, no order",
    implements=("HRB-17",),
    ambiguity=("A4",),
)
ORDER_UNIQUE = Rule(
    "FT-PAY-ORDER-UNIQUE",
    Kind.BLOCK,
    DEC,
    "§11",
    "支付指令编号唯一",
    "a payment order number is issued once",
)
TRANCHE = Rule(
    "FT-PAY-TRANCHE",
    Kind.BLOCK,
    "HRB",
    "第十一条",
    "同一批次资金只下达一次支付指令：已下达待结果或已支付的不得再下达（失败或退票后可重新下达）",
    "a tranche is ordered once: not again while an order awaits its outcome or once paid (again after a failure)",
    implements=("HRB-11", "HRB-2a"),
)
AMOUNT = Rule(
    "FT-PAY-AMOUNT",
    Kind.BLOCK,
    "HRB",
    "第十一条",
    "支付金额须恰为该批次金额，且不超过批准未付金额",
    "an order pays exactly its tranche's amount, never more than approved and unpaid",
    implements=("HRB-11", "HRB-2a"),
    ambiguity=("A9",),
)
GATE = Rule(
    "FT-PAY-GATE",
    Kind.GATE,
    "HRB",
    "第十一条",
    "剩余资金根据城市试点验收情况和中央财政资金到位情况拨付（或市政府决定放行），且第一批须已支付",
    "tranche 2 only after tranche 1 is paid and when the city pilot has passed acceptance and central funds "
    "have arrived, or a release decision is recorded",
    implements=("HRB-11",),
    ambiguity=("A11",),
)
PAYEE = Rule(
    "FT-PAY-PAYEE",
    Kind.BLOCK,
    "HRB",
    "第二条",
    "专款专用：收款账户须为该企业已登记的银行账户",
    "earmarked use: the payee account is one of the enterprise's recorded bank accounts",
    implements=("HRB-2a",),
)
ELIGIBLE = Rule(
    "FT-PAY-ELIGIBLE",
    Kind.GATE,
    "HRB",
    "第五条",
    "每次支付前按账本本地日期重新核查企业资格（第五条、第六条），有任一问题即不予支付",
    "before every order the enterprise's eligibility (第五条, 第六条) is re-checked as of the ledger's local date; "
    "any problem refuses the order",
    implements=("HRB-5", "HRB-6"),
    clock=Clock.RECORD,
    ambiguity=("A13",),
)
OUTCOME = Rule(
    "FT-PAY-OUTCOME",
    Kind.BLOCK,
    DEC,
    "§11",
    "只能对已下达、尚无结果的支付指令登记到账或失败",
    "a settlement or a failure is recorded only for an order that awaits its outcome",
)
SERIAL = Rule(
    "FT-PAY-SERIAL",
    Kind.BLOCK,
    DEC,
    "§11",
    "银行流水号只能登记一次",
    "a bank serial is recorded once",
    implements=("HRB-2a",),
)

RULES = (
    SCHEDULE_UNIQUE,
    APPROVAL,
    SPLIT,
    STATE,
    FROZEN,
    ORDER_UNIQUE,
    TRANCHE,
    AMOUNT,
    GATE,
    PAYEE,
    ELIGIBLE,
    OUTCOME,
    SERIAL,
)
