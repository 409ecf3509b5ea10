"""The vocabulary of a clawback case: the six grounds and the sanctions of HRB 第十七条, case sources.

Enum values are stored in events (``.value``); the labels are for display and documents.
"""

from __future__ import annotations

from enum import StrEnum


class Ground(StrEnum):
    """HRB 第十七条（一）–（六）."""

    C1 = "C1"
    C2 = "C2"
    C3 = "C3"
    C4 = "C4"
    C5 = "C5"
    C6 = "C6"


GROUND_LABELS: dict[str, tuple[str, str, str]] = {
    # code: (article item, 中文, English)
    "C1": (
        "第十七条（一）",
        "编制虚假申报方案，以虚报、冒领等手段骗取套取资金",
        "a false application plan; funds obtained by false or fraudulent claims",
    ),
    "C2": ("第十七条（二）", "挤占、截留、挪用资金", "funds encroached on, withheld or diverted"),
    "C3": ("第十七条（三）", "未按照资金支出范围使用", "funds used outside the permitted expenditure scope"),
    "C4": (
        "第十七条（四）",
        "因管理不善，造成专项资金和国家资产损失、浪费",
        "loss or waste of the special funds or state assets through poor management",
    ),
    "C5": (
        "第十七条（五）",
        "绩效评价结果较差、资金使用低效无效",
        "a poor performance evaluation; inefficient or ineffective use",
    ),
    "C6": ("第十七条（六）", "其他违反国家财经纪律的行为", "other breaches of national financial discipline"),
}
FRAUD = Ground.C1  # the only ground that supports an explicit full recovery


def ground_label(code: str, lang: str = "zh") -> str:
    article, zh, en = GROUND_LABELS[code]
    return f"{article} {zh if lang == 'zh' else en}"


class Sanction(StrEnum):
    """The measures of 第十七条: "可以采取通报、取消申请资格、追回已拨付资金等方式予以处理"."""

    NOTICE = "notice"  # 通报
    DISQUALIFY = "disqualify"  # 取消申请资格 (A25: from / until)
    RECOVER = "recover"  # 追回已拨付资金


SANCTION_LABELS: dict[str, tuple[str, str]] = {
    "notice": ("通报", "public notice"),
    "disqualify": ("取消申请资格", "disqualification from applying"),
    "recover": ("追回已拨付资金", "recovery of funds paid"),
}


class Source(StrEnum):
    """Where a case came from (domain rules §2.11)."""

    INSPECTION = "inspection"  # 督察 (第十五条)
    AUDIT = "audit"
    COMPLAINT = "complaint"
    PERFORMANCE_EVALUATION = "performance_evaluation"  # 第十七条（五）
    RISK_FLAG = "risk_flag"


class Outcome(StrEnum):
    NO_ACTION = "no_action"  # nothing found: the freeze is lifted
    RECOVER = "recover"  # recompute (or, for fraud, recover everything)
