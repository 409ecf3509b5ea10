"""The vocabulary of procurement: the procured categories, the methods of 政府采购法, the support modes of
HRB 第七条, the kind of award notice and an acceptance's result.

Enum values are stored in events (``.value``); the labels are for display and documents.
"""

from __future__ import annotations

from enum import StrEnum

from domain.policy.params import CATEGORY_ARTICLES
from domain.policy.params import Category


class ProcuredCategory(StrEnum):
    """The directions of HRB 第四条 the city buys as public services (第十条: under the procurement rules).

    第四条（三）2 (diagnosis consulting) is an award to lead units (以奖代补, 第九条), not a purchase, and
    第四条（五）（六） have no cap of their own: they are not procured through this feature.
    """

    CENTRE = Category.CENTRE.value  # 第四条（三）1 促进中心建设运营, ≤ 1020万
    TRAINING = Category.TRAINING.value  # 第四条（三）3 意愿能力提升培训, ≤ 70万
    ROUTE = Category.ROUTE.value  # 第四条（三）4 试点行业转型路线规划, ≤ 120万
    MONITORING = Category.MONITORING.value  # 第四条（四） 跟踪监测及验收评估, ≤ 400万


def category_article(category: str) -> str:
    return CATEGORY_ARTICLES[category]


class Method(StrEnum):
    """Procurement methods: 政府采购法 第二十六条, with 竞争性磋商 (财库〔2014〕214号) and 框架协议采购
    (财政部令第110号) that the finance ministry recognised since."""

    OPEN_TENDER = "open_tender"  # 公开招标
    INVITED_TENDER = "invited_tender"  # 邀请招标
    COMPETITIVE_NEGOTIATION = "competitive_negotiation"  # 竞争性谈判
    COMPETITIVE_CONSULTATION = "competitive_consultation"  # 竞争性磋商
    REQUEST_FOR_QUOTATION = "request_for_quotation"  # 询价
    SINGLE_SOURCE = "single_source"  # 单一来源
    FRAMEWORK_AGREEMENT = "framework_agreement"  # 框架协议


METHOD_LABELS: dict[str, tuple[str, str]] = {
    "open_tender": ("公开招标", "open tender"),
    "invited_tender": ("邀请招标", "invited tender"),
    "competitive_negotiation": ("竞争性谈判", "competitive negotiation"),
    "competitive_consultation": ("竞争性磋商", "competitive consultation"),
    "request_for_quotation": ("询价", "request for quotation"),
    "single_source": ("单一来源", "single source"),
    "framework_agreement": ("框架协议", "framework agreement"),
}
TENDERS = frozenset({Method.OPEN_TENDER, Method.INVITED_TENDER})


class AwardKind(StrEnum):
    """A tender ends in 中标 (a 中标通知书); every other method in 成交 (a 成交通知书)."""

    WON_TENDER = "won_tender"  # 中标
    CONCLUDED = "concluded"  # 成交


def award_kind(method: str) -> AwardKind:
    return AwardKind.WON_TENDER if method in TENDERS else AwardKind.CONCLUDED


class AcceptanceResult(StrEnum):
    PASSED = "passed"  # 验收合格
    FAILED = "failed"  # 验收不合格 (the supplier rectifies; the deliverable may be accepted again)
