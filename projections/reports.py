"""The balances as tables for people (projections/export): budget lines, subjects, payments, receivables.

Every row carries the ``seq`` it rests on, so a figure in a spreadsheet can be traced back to its record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from projections.balances import LINES
from projections.balances import RECEIVABLES
from projections.balances import SCHEDULES
from projections.balances import SUBJECTS
from projections.core import rows
from projections.export import Column
from projections.export import Kind
from projections.export import Table

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

SEQ = Column("seq", "记录序号", "seq", Kind.INT)


def balance_tables(engine: Engine) -> list[Table]:
    lines = Table(
        "budget_lines",
        "预算类别执行",
        "budget lines",
        [
            Column("programme_id", "专项资金", "programme", Kind.ID),
            Column("category", "类别", "category"),
            Column("amount_fen", "预算额", "amount", Kind.FEN),
            Column("committed_fen", "已承诺", "committed", Kind.FEN),
            Column("free_fen", "可用", "free", Kind.FEN),
            SEQ,
        ],
        rows(engine, LINES),
        totals=["amount_fen", "committed_fen", "free_fen"],
    )
    subjects = Table(
        "subjects",
        "补助与奖补对象",
        "subsidised subjects",
        [
            Column("subject_id", "项目/奖补编号", "subject", Kind.ID),
            Column("kind", "类型", "kind"),
            Column("payee_uscc", "统一社会信用代码", "USCC", Kind.ID),
            Column("state", "状态", "state"),
            Column("proposed_fen", "拟定金额", "proposed", Kind.FEN),
            Column("approved_fen", "批准金额", "approved", Kind.FEN),
            Column("entitlement_fen", "应得金额", "entitlement", Kind.FEN),
            Column("approval_id", "审批编号", "approval", Kind.ID),
            SEQ,
        ],
        [
            {
                **r,
                **{k: r[k] or 0 for k in ("proposed_fen", "approved_fen", "entitlement_fen")},
                "approval_id": r["approval_id"] or "",
            }
            for r in rows(engine, SUBJECTS)
        ],
        totals=["approved_fen", "entitlement_fen"],
    )
    schedules = Table(
        "payments",
        "拨付台账",
        "payments",
        [
            Column("subject_id", "项目/奖补编号", "subject", Kind.ID),
            Column("approval_id", "审批编号", "approval", Kind.ID),
            Column("payee_uscc", "收款单位", "payee", Kind.ID),
            Column("approved_fen", "批准金额", "approved", Kind.FEN),
            Column("paid_t1_fen", "第一批已付", "tranche 1 paid", Kind.FEN),
            Column("paid_t2_fen", "第二批已付", "tranche 2 paid", Kind.FEN),
            Column("unpaid_fen", "未付", "unpaid", Kind.FEN),
            Column("paid_fen", "已付大写", "paid in words", Kind.DAXIE),
            SEQ,
        ],
        rows(engine, SCHEDULES),
        totals=["approved_fen", "paid_t1_fen", "paid_t2_fen", "unpaid_fen"],
    )
    receivables = Table(
        "receivables",
        "追回应收款",
        "receivables",
        [
            Column("case_id", "案件编号", "case", Kind.ID),
            Column("subject_id", "项目/奖补编号", "subject", Kind.ID),
            Column("status", "状态", "status"),
            Column("demanded_fen", "应追回", "demanded", Kind.FEN),
            Column("recovered_fen", "已追回", "recovered", Kind.FEN),
            Column("written_off_fen", "已核销", "written off", Kind.FEN),
            Column("outstanding_fen", "未追回", "outstanding", Kind.FEN),
            SEQ,
        ],
        rows(engine, RECEIVABLES),
        totals=["demanded_fen", "recovered_fen", "written_off_fen", "outstanding_fen"],
    )
    return [lines, subjects, schedules, receivables]
