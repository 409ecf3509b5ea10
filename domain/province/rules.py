"""Rules of the provincial benchmark-enterprise award (黑工信企业联规〔2024〕19号, "HLJ"; domain rules §1.9
HLJ-3 … HLJ-11, ambiguities A16, A18–A22)."""

from __future__ import annotations

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

UNIQUE = Rule(
    "FT-HLJ-UNIQUE",
    Kind.BLOCK,
    DEC,
    "§41",
    "申报通知、申报、评审、决定和拨付记录的编号各自唯一，申报编号不与改造项目或奖补编号相同",
    "call, application, decision and leg ids are used once; an application id is never a project's or award's",
)
AMOUNT = Rule(
    "FT-HLJ-AMOUNT",
    Kind.BLOCK,
    "HLJ",
    "第三条",
    "奖励为一次性50万元；国家级专精特新“小巨人”或国家级制造业单项冠军为100万元，两者兼有亦为100万元",
    "the award is a one-off 50万; 100万 for a national 小巨人 or national 单项冠军, and 100万 (not 200万) for both",
    implements=("HLJ-3",),
    ambiguity=("A19",),
)
ONCE = Rule(
    "FT-HLJ-ONCE",
    Kind.WARN,
    "HLJ",
    "第三条",
    "每户企业在本政策存续期内只奖励一次：已获认定的企业再次申报予以警示并不得列入拟认定名单",
    "an enterprise is rewarded once in the programme's lifetime: a re-application is flagged and never listed",
    implements=("HLJ-3",),
    ambiguity=("A18",),
)
CALL = Rule(
    "FT-HLJ-CALL",
    Kind.BLOCK,
    "HLJ",
    "第四条（一）",
    "省工信厅发布申报通知（年度、名额、截止日、评价标准）后，方可在截止日前申报",
    "applications are taken under a published call (year, quota, deadline, criteria), up to its deadline",
    implements=("HLJ-4.2",),
    clock=Clock.RECORD,
    ambiguity=("A22",),
)
APPLICANT = Rule(
    "FT-HLJ-APPLICANT",
    Kind.BLOCK,
    "HLJ",
    "第五条（一）",
    "申报单位只能以本单位名义申报，并对材料真实性负责",
    "an applicant applies only for its own organisation, and answers for its materials",
    implements=("HLJ-5.1",),
    error="unauthorised",
)
STATUS = Rule(
    "FT-HLJ-STATUS",
    Kind.BLOCK,
    "HLJ",
    "第四条（二）",
    "国家级“小巨人”、单项冠军身份以截止日前已公布的国家名单（批次、年度、文件哈希）为证，仅免于额外佐证材料，不免评审",
    "a national status is evidenced by the national list published by the deadline (batch, year, hash); it waives"
    " extra materials only, never the review",
    implements=("HLJ-4.2",),
    ambiguity=("A19", "A20"),
)
MATERIALS = Rule(
    "FT-HLJ-MATERIALS",
    Kind.BLOCK,
    "HLJ",
    "第四条（二）",
    "申报材料以内容哈希登记；未享受免证的企业须提交佐证材料",
    "materials are recorded by content hash; an applicant without a waiver submits supporting materials",
    implements=("HLJ-4.2",),
    ambiguity=("A20",),
)
OVERLAP = Rule(
    "FT-HLJ-OVERLAP",
    Kind.WARN,
    "HLJ",
    "第十一条",
    "同一企业同时获市级专项资金支持的予以警示（错位支持）",
    "an enterprise also funded by the city programme is flagged (错位支持)",
    implements=("HLJ-11",),
    ambiguity=("A16",),
)
SAME_EVIDENCE = Rule(
    "FT-HLJ-EVIDENCE",
    Kind.BLOCK,
    "HLJ",
    "第十一条",
    "同一张发票或银行凭证不得在两个项目（含市级与省级）中重复使用",
    "an invoice or bank voucher is never used twice, across the city and provincial programmes",
    implements=("HLJ-11",),
    ambiguity=("A16",),
)
EXCLUDED = Rule(
    "FT-HLJ-EXCLUDED",
    Kind.BLOCK,
    "HLJ",
    "第五条（一）",
    "因弄虚作假被取消奖励资格的企业不得再申报",
    "an enterprise whose award was cancelled for fraud may not apply again",
    implements=("HLJ-5.1",),
)
REVIEWER = Rule(
    "FT-HLJ-REVIEWER",
    Kind.BLOCK,
    "HLJ",
    "第四条（二）",
    "评审由省工信厅委托的第三方机构或组织的专家承担：须为已登记、持评审角色并已就本年度申报作出利益关系声明的主体",
    "reviewers are third parties or experts engaged by 省工信厅: registered actors holding a reviewer role who"
    " have declared their interests for the call",
    implements=("HLJ-4.2",),
)
RECUSAL = Rule(
    "FT-HLJ-RECUSAL",
    Kind.BLOCK,
    "HLJ",
    "第五条（三）",
    "与申报企业、其服务商、股东或法定代表人存在关联的评审人员应当回避",
    "a reviewer related to the applicant, its provider, a shareholder or its legal representative is recused",
    implements=("HLJ-5.3",),
)
TRAIL = Rule(
    "FT-HLJ-TRAIL",
    Kind.RECORD,
    "HLJ",
    "第五条（三）",
    "评审全程操作留痕：每次查阅材料、每项技术和财务评分及每次改分（须说明理由）均为单独签名记录，可查询、可追溯",
    "a full operation trail: every opening of a material, every technical and financial score and every change"
    " (with its reason) is its own signed record, queryable and traceable",
    implements=("HLJ-5.3",),
)
SCORE = Rule(
    "FT-HLJ-SCORE",
    Kind.BLOCK,
    "HLJ",
    "第四条（二）",
    "评分按公布的评价标准逐项给出（以百分之一分为单位的整数，不超过该项满分），须由已分配且未回避、已查阅材料的评审人员给出",
    "a score is given per published criterion (an integer of hundredths, at most the criterion's maximum) by an"
    " assigned, unrecused reviewer who has opened the materials",
    implements=("HLJ-4.2", "HLJ-5.3"),
)
FROZEN = Rule(
    "FT-HLJ-FROZEN",
    Kind.BLOCK,
    "HLJ",
    "第五条（三）",
    "拟认定名单提出后评审人员不得改分；只能由省工信厅复核更正并说明理由（标记为名单后更正）",
    "after the list is proposed a reviewer cannot change a score; only 省工信厅's 复核 can correct it, with"
    " reasons, flagged as a correction after the list",
    implements=("HLJ-5.3",),
)
RECHECK = Rule(
    "FT-HLJ-RECHECK",
    Kind.GATE,
    "HLJ",
    "第五条（三）",
    "省工信厅对专家和第三方机构的审核结果进行复核后，方可提出拟认定名单",
    "省工信厅 re-checks (复核) the reviewers' results of every application before the list is proposed",
    implements=("HLJ-5.3",),
)
RANKING = Rule(
    "FT-HLJ-RANKING",
    Kind.RECORD,
    "HLJ",
    "第四条（二）",
    "按评价内容从高到低依次排序，同分按已公布的确定性规则（财务审核得分高者优先、其次申报在先）并记入排序，按名额提出拟认定名单",
    "ranked from high to low on the published criteria, ties broken by a recorded deterministic rule (higher"
    " financial score, then earlier application), the list cut at the quota",
    implements=("HLJ-4.2",),
    ambiguity=("A22",),
)
LIST_LOCKED = Rule(
    "FT-HLJ-LIST-LOCKED",
    Kind.BLOCK,
    "HLJ",
    "第四条（三）",
    "名单一经公示不得重新排序替换；复核更正只作标记，由预测排名与记录排名的差异显示",
    "once a list is on publicity it is not re-proposed; a later correction is flagged and the recomputed ranking"
    " names the difference",
    implements=("HLJ-4.3",),
)
PARTY = Rule(
    "FT-HLJ-PARTY",
    Kind.GATE,
    "HLJ",
    "第四条（三）",
    "公示期满（不少于5个工作日）且无未解决异议后，方可提请省工信厅党组会审议；党组会决定由其记录人员登记",
    "the list goes to the 党组会 only after a publicity of at least 5 working days closed with no unresolved"
    " objection; its decision is recorded by its clerk",
    implements=("HLJ-4.3",),
    ambiguity=("A5",),
)
REQUEST = Rule(
    "FT-HLJ-REQUEST",
    Kind.GATE,
    "HLJ",
    "第四条（四）",
    "党组会审议通过后，省工信厅会同省财政厅（会签）向省政府呈报资金拨付请示，金额与审议通过名单一致",
    "after the 党组会, 省工信厅 with 省财政厅 (co-signed) request the funds from 省政府 for exactly the approved list",
    implements=("HLJ-4.4",),
)
REPLY = Rule(
    "FT-HLJ-REPLY",
    Kind.GATE,
    "HLJ",
    "第四条（四）",
    "省政府批复由其记录人员登记（文号、日期、内容哈希），批复前不得拨付",
    "省政府's reply (批复) is recorded by its clerk (number, date, hash); nothing is disbursed before it",
    implements=("HLJ-4.4",),
)
INDICATORS = Rule(
    "FT-HLJ-INDICATORS",
    Kind.GATE,
    "HLJ",
    "第四条（四）",
    "省财政厅拨付奖励资金时同步下达经省工信厅确认（审核通过）的本年度绩效目标",
    "省财政厅 disburses together with the year's performance targets confirmed (approved) by 省工信厅",
    implements=("HLJ-4.4", "HLJ-6..9"),
)
DISBURSE = Rule(
    "FT-HLJ-DISBURSE",
    Kind.BLOCK,
    "HLJ",
    "第四条（四）",
    "省财政厅按批复拨付：各拨付段合计不超过批复金额；被取消资格的企业不得拨付",
    "省财政厅 disburses per the reply: the legs never exceed the approved amount, and nothing goes to a"
    " cancelled award",
    implements=("HLJ-4.4",),
)
FORWARD = Rule(
    "FT-HLJ-FORWARD",
    Kind.BLOCK,
    "HLJ",
    "第五条（二）",
    "市县财政部门只能转拨本单位收到的拨付段，转拨至申报时登记的企业账户，且不超过该段金额",
    "city or county finance forwards only a leg it received, to the enterprise's registered account, and no more"
    " than the leg",
    implements=("HLJ-5.2",),
    error="unauthorised",
)
AGEING = Rule(
    "FT-HLJ-AGEING",
    Kind.WARN,
    "HLJ",
    "第五条（二）",
    "市县财政部门应及时拨付：超过规定工作日未转拨的拨付段予以警示；截留、挤占、挪用表现为未匹配的拨付段",
    "city and county finance forward promptly: a leg not passed on within the configured working days is"
    " flagged; money held back shows as an unmatched leg",
    implements=("HLJ-5.2",),
    ambiguity=("A21",),
)
FRAUD = Rule(
    "FT-HLJ-FRAUD",
    Kind.RECORD,
    "HLJ",
    "第五条（一）",
    "弄虚作假骗取奖励资金的，一律取消奖励资格、追回奖金、追究责任（不得选择性处理）",
    "fraud means, without exception, cancellation, recovery of the award and pursuit of liability (no discretion)",
    implements=("HLJ-5.1",),
)
RECOVERY = Rule(
    "FT-HLJ-RECOVERY",
    Kind.BLOCK,
    "HLJ",
    "第五条（一）",
    "追回金额以应收为限，凭收据登记",
    "a recovery is recorded with its receipt and never exceeds what is receivable",
    implements=("HLJ-5.1",),
)
ORDER = Rule(
    "FT-HLJ-ORDER",
    Kind.BLOCK,
    "HLJ",
    "第四条",
    "按 申报通知→申报→评审→复核→排序→公示→党组会→请示→批复→拨付 的顺序办理",
    "the award follows call → application → review → 复核 → ranking → publicity → 党组会 → request → reply →"
    " disbursement, in order",
    implements=("HLJ-4.2", "HLJ-4.3", "HLJ-4.4"),
)
SOD = Rule(
    "FT-HLJ-SOD",
    Kind.BLOCK,
    "HLJ",
    "第四条（三）（四）",
    "提出名单者不得登记党组会或省政府的决定",
    "whoever proposed the list does not record the 党组会's or 省政府's decision",
    implements=("HLJ-4.3", "HLJ-4.4"),
    error="unauthorised",
)

RULES = (
    UNIQUE,
    AMOUNT,
    ONCE,
    CALL,
    APPLICANT,
    STATUS,
    MATERIALS,
    OVERLAP,
    SAME_EVIDENCE,
    EXCLUDED,
    REVIEWER,
    RECUSAL,
    TRAIL,
    SCORE,
    FROZEN,
    RECHECK,
    RANKING,
    LIST_LOCKED,
    PARTY,
    REQUEST,
    REPLY,
    INDICATORS,
    DISBURSE,
    FORWARD,
    AGEING,
    FRAUD,
    RECOVERY,
    ORDER,
    SOD,
)
