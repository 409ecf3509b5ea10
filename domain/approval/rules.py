"""Rules of approval (市政府审定): HRB 第三条（一）, 第四条（一）, 第八条, 第十八条; A6, A23, A28."""

from __future__ import annotations

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

UNIQUE = Rule(
    "FT-APR-UNIQUE",
    Kind.BLOCK,
    "HRB",
    "第三条（一）",
    "审定请示编号唯一",
    "an approval id is requested once",
    implements=("HRB-8d",),
)
ITEM = Rule(
    "FT-APR-ITEM",
    Kind.BLOCK,
    "HRB",
    "第三条（一）",
    "报审项目须属本批次、各列一次，报审金额不得高于拟补助额度",
    "each item names a distinct project of the batch, for at most its proposed amount",
    implements=("HRB-8d", "HRB-4.1c"),
)
STATE = Rule(
    "FT-APR-STATE",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "报市政府审定的项目须已确认拟补助额度（处于拟补助状态）",
    "a project is submitted for approval only once its subsidy is proposed (state proposed)",
    implements=("HRB-8d", "HRB-8b"),
)
PUBLICITY = Rule(
    "FT-APR-PUBLICITY",
    Kind.GATE,
    "HRB",
    "第八条",
    "经公示后方可报批：公示期满、该项目无未处理异议，且报审及批准金额不高于已公示通过的金额",
    "approval only after publicity: the window has ended, no objection on the project is open, and the amount "
    "requested or approved is at most the amount that passed publicity",
    implements=("HRB-8b", "HRB-8d"),
    clock=Clock.RECORD,
    ambiguity=("A5", "A6"),
)
VALIDITY = Rule(
    "FT-APR-VALIDITY",
    Kind.BLOCK,
    "HRB",
    "第十八条",
    "办法执行期满（2025年12月31日，按账本本地日期）后，未登记后续政策版本的，不再新报或批准补助",
    "after the measures' validity ends (2025-12-31, by the ledger's local date) no approval is requested or "
    "recorded unless the programme has a registered successor policy version",
    implements=("HRB-18",),
    clock=Clock.RECORD,
    ambiguity=("A23",),
)
SOD = Rule(
    "FT-APR-SOD",
    Kind.BLOCK,
    "HRB",
    "第三条（一）",
    "市政府审定由其登记员录入，登记员不得是报审人，其机构不得是报审人的机构",
    "the 市政府 decision is entered by its clerk, who is neither the requester nor of the requester's organisation",
    implements=("HRB-3",),
    error="unauthorised",
)
ONCE = Rule(
    "FT-APR-ONCE",
    Kind.BLOCK,
    "HRB",
    "第八条",
    "一份报审只录入一次市政府审定结果",
    "one 市政府 decision is recorded per approval request",
    implements=("HRB-8d",),
)
COVER = Rule(
    "FT-APR-COVER",
    Kind.BLOCK,
    "HRB",
    "第三条（一）",
    "审定结果须对报审的每个项目恰好作出一项处理（批准或不予批准），不得列入未报审的项目",
    "the decision disposes of every requested item exactly once (approved or rejected) and of nothing else",
    implements=("HRB-8d",),
)
CEILING = Rule(
    "FT-APR-CEILING",
    Kind.BLOCK,
    "HRB",
    "第四条（一）",
    "批准金额不得高于项目补助上限，即使审定文件如此记载（数据差错，交由人工处理）；低于报审金额可以",
    "an approved amount above the project's ceiling is refused even if the decision says so (a data error for "
    "people to resolve); a lower amount is fine",
    implements=("HRB-4.1c", "HRB-4.1d"),
    ambiguity=("A28",),
)

RULES = (UNIQUE, ITEM, STATE, PUBLICITY, VALIDITY, SOD, ONCE, COVER, CEILING)
