"""Synthetic argument sets for the enterprise commands (tests and demos of every feature).

The codes are synthetic (valid check characters from python-stdnum's ``calc_check_digit``), never a
real enterprise's. Times default to 2025-03-03, the day ``tests.domain.memory.World`` stands on.
A typical eligible enterprise is three commands::

    w.when("district", "enterprise.register", register_args(USCC_A))
    w.when("district", "enterprise.record_commitment", commitment_args(USCC_A))
    w.when("district", "enterprise.record_credit_check", credit_check_args(USCC_A))

(``district`` holding Role.DISTRICT_MIIT). A credit check speaks for its window only (A13): judging
eligibility on a later day needs a check whose ``window_to`` reaches that day.
"""

from __future__ import annotations

from typing import Any

from domain.enterprise.facts import INDUSTRY_STANDARD

USCC_A = "91230103MA1B2C3D4L"  # 南岗区
USCC_B = "91230109MA2F4K7L1J"  # 松北区
USCC_C = "91230108MA3H5N8P2Q"  # 平房区
USCC_D = "91230110MA4J6Q9R3E"  # 香坊区
USCC_E = "91230102MA5K7T1U4J"  # 道里区
USCC_SHENZHEN = "91440300MA5G8W2X6X"  # registered by a Shenzhen authority
USCC_STANDARD_EXAMPLE = "91350100M000100Y43"  # GB 32100-2015's worked example

SNAPSHOT = "5" * 64
ACCOUNT_HASH = "a" * 64
COMMITMENT_SHA256 = "c" * 64
QUERIED_AT = "2025-03-03T09:00:00+08:00"


def evidence(value: Any, queried_at: str = QUERIED_AT) -> dict[str, Any]:
    return {"value": value, "source": "国家企业信用信息公示系统", "queried_at": queried_at, "snapshot_sha256": SNAPSHOT}


def register_args(uscc: str = USCC_A, **overrides: Any) -> dict[str, Any]:
    """An eligible Harbin food manufacturer (GB/T 4754-2017 1431 米、面制品制造), small."""
    args: dict[str, Any] = {
        "uscc": uscc,
        "name": f"哈尔滨示例食品有限公司{str(uscc)[-4:]}",
        "legal_form": "limited_liability_company",
        "independent_legal_person": True,
        "registered_address": "黑龙江省哈尔滨市南岗区示例路1号",
        "division_code": "230103",
        "harbin": True,
        "industry_code": "1431",
        "industry_standard": INDUSTRY_STANDARD,
        "size_class": "small",
        "size_basis": {"employees": 80, "revenue_fen": 1500 * 1_000_000, "data_year": 2024},
        "registry": {
            "shareholders": evidence(["张三", "哈尔滨示例投资有限公司"]),
            "legal_representative": evidence("张三"),
            "address": evidence("黑龙江省哈尔滨市南岗区示例路1号"),
            "phone": evidence("0451-80000000"),
        },
        "bank_accounts": [{"bank": "中国工商银行哈尔滨南岗支行", "account_hash": ACCOUNT_HASH, "last4": "1234"}],
    }
    args.update(overrides)
    return args


def commitment_args(uscc: str = USCC_A, **overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "uscc": uscc,
        "text_sha256": COMMITMENT_SHA256,
        "covers": ["truthfulness", "no_accidents", "no_tax_violation", "cooperation"],
        "signed_on": "2025-03-01",
    }
    args.update(overrides)
    return args


def credit_check_args(uscc: str = USCC_A, **overrides: Any) -> dict[str, Any]:
    """A clean check made on 2025-03-03 covering the three years before it (HRB 第五条（二）)."""
    args: dict[str, Any] = {
        "uscc": uscc,
        "source": "信用中国",
        "queried_at": QUERIED_AT,
        "abnormal_operation_list": False,
        "serious_dishonesty": False,
        "major_accident": False,
        "tax_violation": False,
        "window_from": "2022-03-03",
        "window_to": "2025-03-03",
        "snapshot_sha256": SNAPSHOT,
    }
    args.update(overrides)
    return args
