"""Vocabulary of the enterprise register: legal forms, size classes, commitments, prior support.

Pure values and functions; no aggregate, no I/O. Enum values are stored in events (``.value``).
"""

from __future__ import annotations

from enum import StrEnum

INDUSTRY_STANDARD = "GB/T 4754-2017"  # domain rules §5.4: store code + standard version
SIZE_STANDARD = "工信部联企业〔2011〕300号"  # 中小企业划型标准规定 (industry thresholds) [M]
HARBIN_DIVISION_PREFIX = "2301"  # domain rules §5.1: a hint only (WARN), never the 市域 test
WAN = 1_000_000  # 1万元 in 分


class LegalForm(StrEnum):
    """组织形式. Only the first four are legal persons; a 分公司 has a USCC but is not (HRB 第五条（一））."""

    LIMITED_LIABILITY_COMPANY = "limited_liability_company"  # 有限责任公司
    JOINT_STOCK_COMPANY = "joint_stock_company"  # 股份有限公司
    STATE_OWNED_ENTERPRISE = "state_owned_enterprise"  # 全民所有制企业
    COLLECTIVE_ENTERPRISE = "collective_enterprise"  # 集体所有制企业
    BRANCH = "branch"  # 分公司 / 分支机构
    SOLE_PROPRIETORSHIP = "sole_proprietorship"  # 个人独资企业
    PARTNERSHIP = "partnership"  # 合伙企业
    INDIVIDUAL_BUSINESS = "individual_business"  # 个体工商户


LEGAL_PERSON_FORMS = frozenset(
    {
        LegalForm.LIMITED_LIABILITY_COMPANY,
        LegalForm.JOINT_STOCK_COMPANY,
        LegalForm.STATE_OWNED_ENTERPRISE,
        LegalForm.COLLECTIVE_ENTERPRISE,
    }
)


class SizeClass(StrEnum):
    """企业规模 (中小企业划型标准规定)."""

    MEDIUM = "medium"  # 中型
    SMALL = "small"  # 小型
    MICRO = "micro"  # 微型


LARGE = "large"  # not a class one may declare: a large enterprise is not an SME


def industrial_size_class(employees: int, revenue_fen: int) -> str:
    """The size class of an industrial enterprise under 工信部联企业〔2011〕300号 (工业) [M].

    Large: ≥1000 employees and ≥4亿元 revenue ("1000人以下或40000万元以下" are SMEs). Medium: ≥300 and
    ≥2000万元; small: ≥20 and ≥300万元; micro: the rest ("及以上" includes the number, "以下" excludes it).
    """
    if employees >= 1000 and revenue_fen >= 40_000 * WAN:
        return LARGE
    if employees >= 300 and revenue_fen >= 2000 * WAN:
        return SizeClass.MEDIUM.value
    if employees >= 20 and revenue_fen >= 300 * WAN:
        return SizeClass.SMALL.value
    return SizeClass.MICRO.value


class Covers(StrEnum):
    """What a 承诺书 covers (HRB 第五条（二）（三））: all four are needed."""

    TRUTHFULNESS = "truthfulness"  # 材料真实、准确、完整
    NO_ACCIDENTS = "no_accidents"  # 未发生重大安全、质量事故
    NO_TAX_VIOLATION = "no_tax_violation"  # 无偷税漏税等违法违规行为
    COOPERATION = "cooperation"  # 配合试点工作、报送材料、接受监督检查


class PriorSupportKind(StrEnum):
    """已获支持 (HRB 第六条; A16)."""

    # 专精特新"小巨人" supported by 中央财政中小企业发展专项资金 (第六条（一）)
    CENTRAL_SME_FUND_LITTLE_GIANT = "central_sme_fund_little_giant"
    PILOT_2022 = "pilot_2022"  # 工信厅联企业〔2022〕22号 改造试点 (第六条（二）)
    PROVINCIAL_AWARD = "provincial_award"  # 黑工信企业联规〔2024〕19号 (A16: not excluded, recorded)
    OTHER = "other"


class ChangeKind(StrEnum):
    """A profile change is either a real change (the enterprise moved) or a correction of an entry mistake."""

    CHANGE = "change"  # 变更: the fact changed in the world
    CORRECTION = "correction"  # 更正: the ledger recorded it wrongly


REGISTRY_FACTS = ("shareholders", "legal_representative", "address", "phone")
"""Registry snapshot facts (国家企业信用信息公示系统), each entered with its evidence."""
