"""Rules of the task force's cases (HRB 第十五条 督察 and 纠正, 第十六条, 第十七条; docs/decisions.md §50–52)."""

from __future__ import annotations

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

UNIQUE = Rule(
    "FT-AUD-UNIQUE",
    Kind.BLOCK,
    DEC,
    "§50",
    "疑点、问题和整改通知的编号各自唯一",
    "flag, finding and notice ids are used once",
)
FLAG = Rule(
    "FT-AUD-FLAG",
    Kind.BLOCK,
    "HRB",
    "第十五条",
    "疑点须写明所依据的规则、参数版本、事实和所引用的每条账本记录序号",
    "a flag names its rule, its parameter version, the facts and the seq of every record it rests on",
    implements=("HRB-15",),
)
ORDER = Rule(
    "FT-AUD-ORDER",
    Kind.BLOCK,
    "HRB",
    "第十五条",
    "疑点→排除或认定为问题→整改通知→提交整改→复核→销号，依次办理，不得跳过",
    "flag → dismissed or promoted to a finding → rectification notice → rectification → 复核 → 销号, in order",
    implements=("HRB-15",),
)
NOTICE = Rule(
    "FT-AUD-NOTICE",
    Kind.BLOCK,
    "HRB",
    "第十五条",
    "整改通知写明整改方式（立行立改、分阶段整改、持续整改）与以工作日计的期限，期限不超过该方式的上限",
    "a notice names the mode (立行立改, 分阶段整改, 持续整改) and a deadline in working days within the mode's limit",
    implements=("HRB-15",),
    ambiguity=("A5",),
)
RECTIFIER = Rule(
    "FT-AUD-RECTIFIER",
    Kind.BLOCK,
    "HRB",
    "第十五条",
    "整改材料由问题所指的责任单位提交",
    "the rectification is submitted by the organisation the finding names as responsible",
    implements=("HRB-15",),
    error="unauthorised",
)
OVERDUE = Rule(
    "FT-AUD-OVERDUE",
    Kind.WARN,
    "HRB",
    "第十五条",
    "逾期提交整改的予以标记",
    "a rectification submitted after its deadline is flagged",
    implements=("HRB-15",),
    clock=Clock.RECORD,
)
SOD = Rule(
    "FT-AUD-SOD",
    Kind.BLOCK,
    DEC,
    "§51",
    "复核整改的督察人员不得是签发整改通知的人；排除疑点须另一名督察人员会签",
    "the inspector who re-checks a rectification did not issue its notice; a dismissal is countersigned by a"
    " second inspector",
    error="unauthorised",
)
LINK = Rule(
    "FT-AUD-LINK",
    Kind.BLOCK,
    "HRB",
    "第十六条、第十七条",
    "问题可关联已立案的追回案件、取消资格或移送司法机关的记录，须引用已登记的案件或文书",
    "a finding links to a recorded clawback case, a disqualification or a judicial referral by its recorded reference",
    implements=("HRB-17",),
)

RULES = (UNIQUE, FLAG, ORDER, NOTICE, RECTIFIER, OVERDUE, SOD, LINK)
