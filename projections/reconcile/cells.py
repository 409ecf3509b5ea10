"""Cells of a bank statement to values: amounts to exact integer 分, dates, serials, accounts and names.

Text is read digit by digit; a spreadsheet number goes through ``Decimal(str(value))`` (a float's shortest
round-tripping decimal) and is refused if it carries more than two decimals. A serial or an account a
spreadsheet stored as a number beyond 15 significant digits has lost digits and is refused, never guessed.
Every converter raises ``ValueError`` with a message fit for the person who exported the file.
"""

from __future__ import annotations

import math
import re
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal
from decimal import InvalidOperation
from decimal import localcontext
from typing import Final

from projections.reconcile.accounts import AccountNumberError
from projections.reconcile.accounts import normalise_account

MAX_FEN: Final = 2**53  # the ledger's canonical JSON holds integers within ±2^53
EXCEL_DIGITS: Final = 15  # Excel keeps 15 significant digits of a number

_AMOUNT: Final = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?", re.ASCII)
_CURRENCY: Final = re.compile(r"^(?:RMB|CNY|人民币|[¥￥])")
_YUAN: Final = re.compile(r"(?:元|RMB|CNY)$")
_YMD: Final = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"  # a time of day, ignored
)
_COMPACT: Final = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\s*\d{2}:?\d{2}:?\d{2})?")


# A cell as the readers hand it over: text, a spreadsheet number or date, a boolean, an error value or empty.
class CellError(str):
    """A spreadsheet error value (#N/A, #VALUE! ...)."""

    __slots__ = ()


Cell = str | int | float | Decimal | datetime | date | time | bool | CellError | None
Row = tuple[int, tuple[Cell, ...]]  # (1-based row number, cells)


def parse_amount(text: str) -> int:
    """Bank text to integer 分, exactly: ``1,234.56``, ``¥1,234.56``, ``1234.5``, ``-2,000.00``, ``(12.00)``.

    Thousands separators must group by three; at most two decimals; no floating point anywhere."""
    s = _YUAN.sub("", text.strip().replace("，", ",").replace("\u00a0", "").replace(" ", ""))
    negative = False
    if (s.startswith("(") and s.endswith(")")) or (s.startswith("（") and s.endswith("）")):
        negative, s = True, s[1:-1]  # accounting style: (12.00) is -12.00
    s = _CURRENCY.sub("", s)
    if s.startswith(("+", "-")):
        negative, s = negative != s.startswith("-"), s[1:]
    s = _YUAN.sub("", _CURRENCY.sub("", s))
    match = _AMOUNT.fullmatch(s)
    if match is None:
        msg = f"not an amount: {text!r} (expected e.g. 1,234.56)"
        raise ValueError(msg)
    whole, cents = match.group(1).replace(",", ""), (match.group(2) or "").ljust(2, "0")
    fen = int(whole) * 100 + int(cents)
    if fen > MAX_FEN:
        msg = f"amount {text!r} is beyond what the ledger holds"
        raise ValueError(msg)
    return -fen if negative else fen


def amount_of_number(value: int | float | Decimal) -> int:
    """A spreadsheet number in 元 to 分 through its shortest decimal text; more than 2 decimals is refused."""
    if isinstance(value, bool):
        msg = f"not an amount: {value!r}"
        raise ValueError(msg)
    if isinstance(value, int):
        fen_int = value * 100
        if abs(fen_int) > MAX_FEN:
            msg = f"amount {value} is beyond what the ledger holds"
            raise ValueError(msg)
        return fen_int
    try:
        # str() of a float is its shortest round-tripping decimal: 1234.56 -> "1234.56", never 1234.5599…
        exact = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        msg = f"not an amount: {value!r}"
        raise ValueError(msg) from None
    if not exact.is_finite():
        msg = f"not an amount: {value!r}"
        raise ValueError(msg)
    with localcontext() as ctx:
        ctx.prec = 60
        fen = exact.scaleb(2)
        if fen != fen.to_integral_value():
            msg = f"amount {value!r} has more than two decimals (a computed cell?); 分 are the smallest unit"
            raise ValueError(msg)
        if abs(fen) > MAX_FEN:
            msg = f"amount {value!r} is beyond what the ledger holds"
            raise ValueError(msg)
        return int(fen)


def parse_date(text: str) -> date:
    """``2025-03-12``, ``2025/3/12``, ``2025.03.12``, ``2025年3月12日``, ``20250312``, with an optional time."""
    s = text.strip()
    match = _YMD.fullmatch(s) or _COMPACT.fullmatch(s)
    if match is None:
        msg = f"not a date: {text!r} (expected e.g. 2025-03-12)"
        raise ValueError(msg)
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        msg = f"not a calendar date: {text!r}"
        raise ValueError(msg) from None


def unwrap(text: str) -> str:
    """Cell text without the guards banks add to stop Excel reading digits as a number: ``="…"``, a leading
    tab or apostrophe."""
    s = text.strip().strip("\t").strip()
    if s.startswith('="') and s.endswith('"') and len(s) >= 3:
        s = s[2:-1].strip()
    if s.startswith("'"):
        s = s[1:].strip()
    return s


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not unwrap(cell))


def digits_of_number(value: int | float | Decimal, what: str) -> str:
    """A serial or an account a spreadsheet stored as a number: its digits, if no digit was lost."""
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        msg = f"the {what} is not a number: {value!r}"
        raise ValueError(msg)
    if isinstance(value, float | Decimal) and value != int(value):
        msg = f"the {what} is a number with decimals ({value!r}): export it as text"
        raise ValueError(msg)
    whole = int(value)
    if whole < 0 or len(str(whole)) > EXCEL_DIGITS:  # a spreadsheet number is a double, whatever the XML says
        msg = (
            f"the {what} was stored as a number ({value!r}) and has lost digits "
            f"(spreadsheets keep {EXCEL_DIGITS} significant digits): export it as text"
        )
        raise ValueError(msg)
    return str(whole)


def text_of(cell: Cell) -> str:
    if isinstance(cell, CellError):
        msg = f"the cell holds the error {cell}"
        raise ValueError(msg)
    if isinstance(cell, str):
        return unwrap(cell)
    if cell is None:
        return ""
    if isinstance(cell, datetime | date | time | bool):
        msg = f"expected text, got {cell!r}"
        raise ValueError(msg)
    return digits_of_number(cell, "value")


def amount_of(cell: Cell) -> int:
    if isinstance(cell, CellError):
        msg = f"the cell holds the error {cell}"
        raise ValueError(msg)
    if isinstance(cell, str):
        return parse_amount(unwrap(cell))
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        return amount_of_number(cell)
    msg = f"not an amount: {cell!r}"
    raise ValueError(msg)


def date_of(cell: Cell) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, str) and not isinstance(cell, CellError):
        return parse_date(unwrap(cell))
    if isinstance(cell, int | float) and not isinstance(cell, bool) and math.isfinite(cell) and cell == int(cell):
        return parse_date(str(int(cell)))  # 20250312 typed as a number; an Excel day number is refused
    msg = f"not a date: {cell!r} (expected e.g. 2025-03-12)"
    raise ValueError(msg)


def serial_of(cell: Cell) -> str:
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        return digits_of_number(cell, "serial")
    text = text_of(cell)
    if not text:
        msg = "the serial is blank"
        raise ValueError(msg)
    return text


def account_of(cell: Cell) -> str | None:
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        return normalise_account(digits_of_number(cell, "account number"))
    text = text_of(cell)
    if not text:
        return None
    try:
        return normalise_account(text)
    except AccountNumberError as e:
        raise ValueError(str(e)) from None


def summary_of(cell: Cell) -> str:
    if isinstance(cell, CellError) or cell is None:
        return ""
    if isinstance(cell, str):
        return " ".join(unwrap(cell).split())
    return str(cell)


def name_of(cell: Cell) -> str | None:
    text = text_of(cell)
    return " ".join(text.split()) or None
