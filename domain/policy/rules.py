"""Rules of policy versions (政策参数版本): HRB 第四条（一）, 第八条, 第十一条, 第十八条; A1, A3, A9, A23, A24."""

from __future__ import annotations

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

UNIQUE = Rule(
    "FT-POL-UNIQUE",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "政策参数版本编号唯一；一经拟定不得另作他用",
    "a policy version id is drafted once",
    implements=("HRB-4.1e",),
    ambiguity=("A3",),
)
BRACKETS = Rule(
    "FT-POL-BRACKETS",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "投入区间自0起首尾相接、无缺口无重叠，最后一档无上限（边界值归较低一档）",
    "investment brackets start at 0 and meet end to end without gaps or overlaps; the last is unbounded "
    "(a boundary belongs to the lower bracket)",
    implements=("HRB-4.1c",),
    error="invalid",
    ambiguity=("A1",),
)
RATIO = Rule(
    "FT-POL-RATIO",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "补贴比例须在 (0, 10000] 基点之内",
    "a subsidy ratio lies in (0, 10000] basis points",
    implements=("HRB-4.1c",),
    error="invalid",
)
CAP = Rule(
    "FT-POL-CAP",
    Kind.BLOCK,
    "HRB",
    "第四条",
    "各档金额上限、企业累计上限、类别上限均须大于0",
    "every cap (bracket, enterprise, category) is more than 0",
    implements=("HRB-4.1c", "HRB-4.1d", "HRB-4.2", "HRB-4.3/4.4"),
    error="invalid",
)
MONOTONE = Rule(
    "FT-POL-MONOTONE",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "补贴上限随核定改造投入单调不减：每一分界处，上一档紧邻值不得低于分界值",
    "the ceiling never falls as verified investment rises: at every boundary the upper bracket's value just "
    "above is at least the value at the boundary",
    implements=("HRB-4.1c",),
    error="invalid",
    ambiguity=("A1",),
)
PARAMS = Rule(
    "FT-POL-PARAMS",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "参数须在办法的框架之内：项目数至少1个、公示至少1个工作日、信用回溯至少1年、评测等级1至4、类别须为第四条所列",
    "parameters keep the measures' shape: at least 1 project, 1 publicity working day, 1 look-back year, "
    "a digital level 1 to 4, categories of 第四条 only",
    implements=("HRB-4.1e",),
    error="invalid",
)
TRANCHE = Rule(
    "FT-POL-TRANCHE",
    Kind.BLOCK,
    "HRB",
    "第十一条",
    "首批拨付比例不得低于70%（7000 基点），不得高于100%",
    "the first tranche is at least 70% (7000 bp) and at most 100%",
    implements=("HRB-11",),
    error="invalid",
    ambiguity=("A9",),
)
EARMARK = Rule(
    "FT-POL-EARMARK",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "用于数字化改造补助的中央资金比例不得低于80%（8000 基点）",
    "the share of central funds earmarked for transformation subsidies is at least 80% (8000 bp)",
    implements=("HRB-8a",),
    error="invalid",
    ambiguity=("A10",),
)
WINDOW = Rule(
    "FT-POL-WINDOW",
    Kind.BLOCK,
    "HRB",
    "第十八条",
    "有效期须起止有序，版本生效期须在办法有效期之内",
    "validity windows run forwards, and a version's effective window lies within the measures' validity",
    implements=("HRB-18",),
    error="invalid",
    ambiguity=("A23", "A24"),
)
ABOVE_MEASURES = Rule(
    "FT-POL-ABOVE-MEASURES",
    Kind.WARN,
    "HRB",
    "第四条（一）",
    "参数高于办法公布的比例或额度（微调只应在办法框架内）：记录警示，由专班判断",
    "a parameter above the published ratios or caps (fine-tuning stays within the measures) is flagged for "
    "the task force",
    implements=("HRB-4.1e",),
    ambiguity=("A3",),
)
STATE = Rule(
    "FT-POL-STATE",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "版本依次经历 拟定→批准→启用→废止；批准后参数不可更改",
    "a version goes drafted → approved → active → superseded; its parameters never change after approval",
    implements=("HRB-4.1e",),
    ambiguity=("A3",),
)
SOD = Rule(
    "FT-POL-SOD",
    Kind.BLOCK,
    DEC,
    "§5",
    "批准政策参数版本的人不得是拟定该版本的人",
    "the actor who approves a policy version is not the actor who drafted it",
    implements=("HRB-3",),
    error="unauthorised",
)
HASH = Rule(
    "FT-POL-HASH",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "批准时所附参数哈希须与拟定的参数一致",
    "a params_hash given at approval matches the drafted parameters",
    implements=("HRB-4.1e",),
)
ONE_ACTIVE = Rule(
    "FT-POL-ONE-ACTIVE",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "同一专项资金同一时刻只有一个启用的参数版本；须先废止旧版本",
    "one active policy version per programme at any instant: supersede the active one first",
    implements=("HRB-4.1e",),
    ambiguity=("A3",),
)
EXPIRED = Rule(
    "FT-POL-EXPIRED",
    Kind.BLOCK,
    "HRB",
    "第十八条",
    "生效期已过的版本不得启用",
    "a version whose effective window has ended is not activated",
    implements=("HRB-18",),
    clock=Clock.RECORD,
    ambiguity=("A23",),
)
SUPERSEDE = Rule(
    "FT-POL-SUPERSEDE",
    Kind.BLOCK,
    "HRB",
    "第十九条",
    "替代版本须为同一专项资金已批准的另一版本",
    "the superseding version is another approved version of the same programme",
    implements=("HRB-19",),
)

RULES = (
    UNIQUE,
    BRACKETS,
    RATIO,
    CAP,
    MONOTONE,
    PARAMS,
    TRANCHE,
    EARMARK,
    WINDOW,
    ABOVE_MEASURES,
    STATE,
    SOD,
    HASH,
    ONE_ACTIVE,
    EXPIRED,
    SUPERSEDE,
)
