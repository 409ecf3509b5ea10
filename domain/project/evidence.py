"""Pure checks of the evidence's shapes: invoice numbers and contract arithmetic (HRB 第八条; §5.5)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from typing import Any

from domain.project.rules import CONCESSION
from domain.project.rules import CONTRACT
from domain.project.rules import INVOICE_SHAPE
from domain.project.rules import INVOICE_SUM

if TYPE_CHECKING:
    from collections.abc import Sequence

DIGITAL = "digital"  # 数电票: one 20-digit number
LEGACY = "legacy"  # 发票代码 (10 or 12 digits) + 发票号码 (8 digits)
_DIGITAL_NUMBER = re.compile(r"^[0-9]{20}$")
_LEGACY_CODE = re.compile(r"^(?:[0-9]{10}|[0-9]{12})$")
_LEGACY_NUMBER = re.compile(r"^[0-9]{8}$")


def check_invoice_number(kind: str, code: str | None, number: str) -> None:
    """Refuse (FT-PRJ-INVOICE-SHAPE) a number that is not the shape of its invoice kind."""
    if kind == DIGITAL:
        if code is not None:
            INVOICE_SHAPE.refuse("invoice_code", "a 数电票 has no 发票代码; give only its 20-digit invoice_number")
        if not _DIGITAL_NUMBER.match(number):
            INVOICE_SHAPE.refuse("invoice_number", f"a 数电票 number is exactly 20 digits, got {number!r}")
        return
    if code is None or not _LEGACY_CODE.match(code):
        INVOICE_SHAPE.refuse("invoice_code", f"a legacy 发票代码 is 10 or 12 digits, got {code!r}")
    if not _LEGACY_NUMBER.match(number):
        INVOICE_SHAPE.refuse("invoice_number", f"a legacy 发票号码 is exactly 8 digits, got {number!r}")


def check_invoice_sum(excl_fen: int, tax_fen: int, incl_fen: int) -> None:
    if excl_fen + tax_fen != incl_fen:
        INVOICE_SUM.refuse(
            "incl_fen", f"expected {excl_fen} + {tax_fen} = {excl_fen + tax_fen} 分 (价税合计), got {incl_fen} 分"
        )


def check_contract(lines: Sequence[dict[str, Any]], incl_fen: int, excl_fen: int, taken: set[str]) -> None:
    """Totals equal the lines' sums; each line's incl ≥ excl and unit price × quantity is its incl or excl
    amount; line ids are unique within the project (``taken`` holds the ids of its earlier contracts)."""
    seen: set[str] = set()
    for i, line in enumerate(lines):
        at = f"lines[{i}]"
        if line["line_id"] in seen or line["line_id"] in taken:
            CONTRACT.refuse(f"{at}.line_id", f"line id {line['line_id']!r} is already used in this project")
        seen.add(line["line_id"])
        if line["excl_fen"] > line["incl_fen"]:
            CONTRACT.refuse(
                f"{at}.excl_fen", f"tax-exclusive {line['excl_fen']} 分 exceeds tax-inclusive {line['incl_fen']} 分"
            )
        product = line["unit_price_fen"] * line["quantity"]
        if product not in (line["incl_fen"], line["excl_fen"]):
            CONTRACT.refuse(
                f"{at}.unit_price_fen",
                f"unit price × quantity = {product} 分 is neither the line's incl {line['incl_fen']} 分 "
                f"nor its excl {line['excl_fen']} 分",
            )
    for name, total in (("incl_fen", incl_fen), ("excl_fen", excl_fen)):
        summed = sum(int(line[name]) for line in lines)
        if summed != total:
            CONTRACT.refuse(f"amount_{name}", f"expected the sum of the lines, {summed} 分, got {total} 分")


def concession_warnings(
    list_price_fen: int | None, contract_incl_fen: int, awarded_product: bool = False
) -> list[dict[str, str]]:
    """HRB 第二条 "服务商让一点": warn when the contract price is not below the list price, and when an awarded
    product (第四条（二）) is bought with no list price anywhere to show the concession against."""
    if list_price_fen is None:
        if not awarded_product:
            return []
        detail = "an awarded product is bought with no list price recorded: the concession cannot be shown"
        return [{"rule": CONCESSION.id, "detail": detail}]
    if list_price_fen > contract_incl_fen:
        return []
    return [
        {
            "rule": CONCESSION.id,
            "detail": f"list price {list_price_fen} 分 is not above the contract price {contract_incl_fen} 分: "
            "no provider concession",
        }
    ]
