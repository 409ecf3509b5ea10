"""Rules of performance management (绩效管理): HRB 第十二条, 第十三条, 第十四条, 第十七条（五）.

The grade scale is that of 项目支出绩效评价 (财预〔2020〕10号), which the measures do not restate; the
rules that use it cite 第十四条 (绩效自评) and name the scale in their text.
"""

from __future__ import annotations

from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

PERF = ("HRB-12..14",)

UNIQUE = Rule(
    "FT-PRF-UNIQUE",
    Kind.BLOCK,
    "HRB",
    "第十三条",
    "绩效目标集编号唯一；同一目标集每个监控期只有一次监控，自评和结果应用各只一次",
    "a target set id is proposed once; a set has one monitoring snapshot per period, one self-evaluation and one "
    "result application",
    implements=PERF,
)
GUIDED = Rule(
    "FT-PRF-GUIDED",
    Kind.GATE,
    "HRB",
    "第十三条",
    "以专项资金总体绩效目标为导向：专项资金总体绩效目标审核通过前，不得申报其他范围的绩效目标",
    "targets of any other scope follow the programme's overall targets: none are proposed before those are approved",
    implements=("HRB-13",),
)
SCOPE = Rule(
    "FT-PRF-SCOPE",
    Kind.BLOCK,
    "HRB",
    "第十三条",
    "绩效目标的范围须为账本已有的对象：已切块的类别预算、市政府已批准的项目（奖补）、带预算占用编号的合同或奖补、"
    "区县及其已批准的项目；同一范围同一时间只有一套进行中的目标",
    "a target set's scope is something the ledger holds: an opened budget line, a project 市政府 approved (its "
    "award), a contract or award with its budget commitment reference, a district and its approved projects; one "
    "set in progress per scope at a time",
    implements=("HRB-13",),
)
OWNER = Rule(
    "FT-PRF-OWNER",
    Kind.BLOCK,
    "HRB",
    "第十二条",
    "区县人民政府是其辖区绩效目标的责任主体，由其申报、监控、自评；其他范围由市工信局申报；责任单位记入每项指标",
    "a district's indicators are proposed, monitored and self-evaluated by its 区县人民政府, other scopes' by "
    "市工信局; the responsible organisation is recorded on every indicator",
    implements=PERF,
    error="unauthorised",
)
INDICATORS = Rule(
    "FT-PRF-INDICATORS",
    Kind.BLOCK,
    "HRB",
    "第十三条",
    "绩效目标须明确、具体、可实现：指标编号唯一，类别为产出（数量/质量/时效/成本）、效益（经济/社会/生态/可持续）或"
    "满意度，目标值为整数加小数位数，方向为不低于/不高于/等于，权重（基点）合计10000",
    "targets are clear, specific and achievable: distinct indicator ids; family 产出 (quantity / quality / "
    "timeliness / cost), 效益 (economic / social / ecological / sustainable) or 满意度; the target an integer with "
    "its decimal places; direction at least / at most / equal; weights in basis points summing to 10000",
    implements=("HRB-13",),
    error="invalid",
)
STATE = Rule(
    "FT-PRF-STATE",
    Kind.BLOCK,
    "HRB",
    "第十四条",
    "绩效目标先申报后审核，审核通过后不再改动；监控与自评只对已审核的目标；自评后不再监控；结果应用在自评之后",
    "targets are proposed, then approved, and not changed after; monitoring and self-evaluation concern approved "
    "targets; no monitoring after the self-evaluation; results are applied after it",
    implements=PERF,
)
SOD = Rule(
    "FT-PRF-SOD",
    Kind.BLOCK,
    "HRB",
    "第十三条",
    "审核绩效目标的不得为申报人；应用评价结果的不得为自评人",
    "whoever proposed targets does not approve them; whoever self-evaluated does not apply the result",
    implements=PERF,
    error="unauthorised",
)
SNAPSHOT = Rule(
    "FT-PRF-SNAPSHOT",
    Kind.BLOCK,
    "HRB",
    "第十四条",
    "绩效监控（双监控）逐项报告目标集的每项指标实际值，同时报告预算执行（账本的预算占用与注明来源的实际支付）；"
    "监控期依次推进，截止日在监控期内",
    "a monitoring snapshot (双监控) reports the actual value of every indicator of the set once, together with "
    "budget execution (the ledger's commitments and the paid amount with its source); periods follow one another "
    "and the cut-off date lies within the period",
    implements=PERF,
    error="invalid",
)
BUDGET = Rule(
    "FT-PRF-BUDGET",
    Kind.BLOCK,
    "HRB",
    "第十四条",
    "报告的实际支付不得少于账本记录的截止日前已到账的拨付",
    "the paid amount reported is not below what the ledger itself records as settled by the cut-off date",
    implements=PERF,
)
DEVIATION = Rule(
    "FT-PRF-DEVIATION",
    Kind.GATE,
    "HRB",
    "第十四条",
    "偏离绩效目标超过阈值（目标集设定，缺省20%）的，须先登记纠偏措施，方可进行下一次监控或自评",
    "a deviation beyond the set's threshold (default 20%) requires a corrective action on record before the "
    "next monitoring snapshot or the self-evaluation",
    implements=PERF,
)
CORRECTIVE = Rule(
    "FT-PRF-CORRECTIVE",
    Kind.BLOCK,
    "HRB",
    "第十四条",
    "纠偏措施答复一次未答复的超阈值偏离，逐项覆盖每项偏离指标且只覆盖偏离指标",
    "a corrective action answers an unanswered deviation beyond the threshold, covering each deviating indicator "
    "once and nothing else",
    implements=PERF,
)
MONITORED = Rule(
    "FT-PRF-MONITORED",
    Kind.GATE,
    "HRB",
    "第十四条",
    "绩效自评前须至少有一次执行中的绩效监控",
    "a self-evaluation follows at least one monitoring snapshot during execution",
    implements=PERF,
)
GRADE = Rule(
    "FT-PRF-GRADE",
    Kind.RECORD,
    "HRB",
    "第十四条",
    "绩效自评得分0–100（精确到0.1分），等级由账本按财预〔2020〕10号计算：优≥90，良80–<90，中60–<80，差<60；"
    "自评报告以摘要登记",
    "a self-evaluation scores 0–100 (in tenths); the ledger derives the grade on the scale of 财预〔2020〕10号: "
    "优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60; the report is recorded by its digest",
    implements=PERF,
    error="invalid",
)
RESULT = Rule(
    "FT-PRF-RESULT",
    Kind.RECORD,
    "HRB",
    "第十四条",
    "评价结果应用由市工信局作出：调整政策、调整预算、继续、停止、追回立案中的一项或数项（继续与停止不并存），"
    "调整与停止须说明；应用所产生的记录编号一并登记，供以后的预算安排引用",
    "市工信局 applies the result: one or more of adjust policy, adjust budget, continue, stop, open a clawback case "
    "(never both continue and stop); adjustments and stopping say why; the records it produced are listed, and "
    "the next target set of the scope cites it for later budget decisions",
    implements=PERF,
    error="invalid",
)
CLAWBACK = Rule(
    "FT-PRF-CLAWBACK",
    Kind.BLOCK,
    "HRB",
    "第十七条（五）",
    "绩效评价结果较差的可据第十七条（五）追回立案：等级为差，或等级为中并说明资金使用低效无效的理由；优、良不得",
    "a poor evaluation result opens a clawback case on ground 第十七条（五）: grade 差, or 中 with a stated reason "
    "why the funds were used inefficiently or ineffectively; never 优 or 良",
    implements=("HRB-17",),
)
CASE_SUBJECT = Rule(
    "FT-PRF-CASE-SUBJECT",
    Kind.BLOCK,
    "HRB",
    "第十七条（五）",
    "据绩效评价追回立案的项目须在被评价目标集的范围之内",
    "the project a performance-evaluation case names is within the evaluated target set's scope",
    implements=("HRB-17",),
)

RULES = (
    UNIQUE,
    GUIDED,
    SCOPE,
    OWNER,
    INDICATORS,
    STATE,
    SOD,
    SNAPSHOT,
    BUDGET,
    DEVIATION,
    CORRECTIVE,
    MONITORED,
    GRADE,
    RESULT,
    CLAWBACK,
    CASE_SUBJECT,
)
