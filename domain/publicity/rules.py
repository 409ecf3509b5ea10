"""Rules of publicity (公示): HRB 第八条 "经公示", HLJ 第四条（三） ≥ 5 working days, domain rules A5, A6."""

from __future__ import annotations

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

CALENDAR = Rule(
    "FT-PUB-CALENDAR",
    Kind.BLOCK,
    DEC,
    "§10",
    "工作日按法定节假日及调休安排计算；日历包未收录的年份须先登记国务院办公厅公布的安排，不得推测",
    "working days follow the statutory holidays and adjusted workdays; a year the calendar package does not know "
    "needs the State Council's schedule registered first, never a guess",
    ambiguity=("A5",),
    error="not_found",
)
SCHEDULE = Rule(
    "FT-PUB-SCHEDULE",
    Kind.BLOCK,
    DEC,
    "§10",
    "每年的节假日安排只登记一次；日期须在该年内，调休上班日须为周末，同一日不得既放假又上班",
    "a year's holiday schedule is registered once; its dates lie in that year, adjusted workdays fall on weekends, "
    "and no date is both a holiday and a workday",
    ambiguity=("A5",),
    error="invalid",
)
SCHEDULE_DIFF = Rule(
    "FT-PUB-SCHEDULE-DIFF",
    Kind.WARN,
    DEC,
    "§10",
    "登记的节假日安排与日历包不一致时予以提示（以登记的官方安排为准）",
    "a registered schedule that differs from the calendar package is flagged (the registered official one prevails)",
    ambiguity=("A5",),
)
UNIQUE = Rule(
    "FT-PUB-UNIQUE",
    Kind.BLOCK,
    DEC,
    "§24",
    "公示编号唯一",
    "a publicity id is used once",
)
KIND = Rule(
    "FT-PUB-KIND",
    Kind.BLOCK,
    DEC,
    "§24",
    "公示名单类别须为已知类别，且与批次类别相符",
    "the list kind is a known kind and the one its batch publishes",
    error="invalid",
)
DAYS = Rule(
    "FT-PUB-DAYS",
    Kind.BLOCK,
    "HLJ",
    "第四条（三）",
    "公示期不少于批次参数规定的工作日数（默认 5 个工作日）",
    "publicity lasts at least the batch's working days (5 by default)",
    implements=("HLJ-4.3",),
    ambiguity=("A5",),
    error="invalid",
)
SUBJECT = Rule(
    "FT-PUB-SUBJECT",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "公示对象须为本批次已提出补助建议（proposed）的项目，且在名单中只出现一次",
    "each subject is a project of this batch in state proposed, listed once",
    implements=("HRB-8d",),
)
AMOUNT = Rule(
    "FT-PUB-AMOUNT",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "公示金额须等于项目的建议补助金额",
    "the amount on the list equals the project's proposed amount",
    implements=("HRB-8d",),
)
CEILING = Rule(
    "FT-PUB-CEILING",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "因异议调增的金额不得超过项目核定的补助上限",
    "an amount raised after an objection may not exceed the project's ceiling",
    implements=("HRB-4.1c",),
    ambiguity=("A6",),
)
OPEN = Rule(
    "FT-PUB-OPEN",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "同一对象同一时间只在一个进行中的公示里",
    "a subject is on one open publicity at a time",
    implements=("HRB-8d",),
)
ON_LIST = Rule(
    "FT-PUB-ON-LIST",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "异议对象须在公示名单内（未撤回）",
    "an objection concerns a subject on the list (not withdrawn)",
    implements=("HRB-8d",),
    ambiguity=("A6",),
)
OBJECTION = Rule(
    "FT-PUB-OBJECTION",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "异议编号在公示内唯一；只处理未办结的异议；成立须有处理措施，不成立不得附措施",
    "an objection id is used once per publicity; only an open objection is resolved; upheld takes an action, "
    "dismissed none",
    implements=("HRB-8d",),
    ambiguity=("A6",),
)
LATE = Rule(
    "FT-PUB-LATE",
    Kind.RECORD,
    "HRB",
    "第八条",
    "公示期满后收到的异议照常登记并标记为逾期，仍须办结",
    "an objection received after the window is recorded, flagged late, and must still be resolved",
    implements=("HRB-8d",),
    clock=Clock.BUSINESS,
    ambiguity=("A6",),
)
RESTART = Rule(
    "FT-PUB-RESTART",
    Kind.RECORD,
    "HRB",
    "第八条",
    "异议成立后调增金额的条目重新公示（自处理当日起算）；调减或撤回无须重新公示",
    "an entry whose amount rises after an upheld objection is publicised again from the resolution's date; "
    "a decrease or a withdrawal is not",
    implements=("HRB-8d",),
    ambiguity=("A6",),
)
WINDOW = Rule(
    "FT-PUB-WINDOW",
    Kind.GATE,
    "HRB",
    "第八条",
    "公示期（含重新公示的条目）届满后方可结束公示",
    "a publicity completes only after its window, and every restarted entry's window, has ended",
    implements=("HRB-8d",),
    clock=Clock.RECORD,
    ambiguity=("A5",),
)
CLEAR = Rule(
    "FT-PUB-CLEAR",
    Kind.GATE,
    "HRB",
    "第八条",
    "尚有未办结的异议时不得结束公示",
    "a publicity does not complete while an objection is open",
    implements=("HRB-8d",),
    ambiguity=("A6",),
)
COMPLETED = Rule(
    "FT-PUB-COMPLETED",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "已结束的公示不得再次结束",
    "a completed publicity is not completed again",
    implements=("HRB-8d",),
)

LEVEL = Rule(
    "FT-PUB-LEVEL",
    Kind.BLOCK,
    "HLJ",
    "第四条（三）",
    "名单由其所属资金的主管部门公示和处理：市级资金由市工信局，省级奖励由省工信厅（在省工信厅网站公示）",
    "a list is published and handled by its programme's department: 市工信局 for the city fund, 省工信厅 (on its"
    " website) for the provincial award",
    implements=("HLJ-4.3",),
    error="unauthorised",
)

RULES = (
    CALENDAR,
    LEVEL,
    SCHEDULE,
    SCHEDULE_DIFF,
    UNIQUE,
    KIND,
    DAYS,
    SUBJECT,
    AMOUNT,
    CEILING,
    OPEN,
    ON_LIST,
    OBJECTION,
    LATE,
    RESTART,
    WINDOW,
    CLEAR,
    COMPLETED,
)
