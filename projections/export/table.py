"""A typed table for export, independent of any projection: columns of a kind, rows of plain values.

The kind decides how a value becomes cells, so every writer renders money, ids and dates alike:
money arrives as integer 分 and leaves as 元 (exact decimal), 分 (integer), 万元 (exact text) or 大写;
ids stay strings end to end. Totals are sums of 分 computed here, never spreadsheet formulas.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Literal

from domain.kernel.money import daxie

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Mapping
    from collections.abc import Sequence

Lang = Literal["zh", "en"]
Value = str | int | bool | date | None

# Excel keeps 15 significant digits of a number: 元 with two decimals and the 分 integer stay exact below this.
MAX_FEN = 10**15 - 1
FEN_PER_WAN = 1_000_000  # 1万元 = 10,000 元 = 1,000,000 分

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")  # a table's name becomes a file name
_KEY = re.compile(r"[a-z_][a-z0-9_]*")


class Kind(StrEnum):
    """How a column's values are written."""

    TEXT = "text"  # free text (names, notes): a string cell
    ID = "id"  # codes that only look like numbers (USCC, bank serials, invoice numbers): always a string cell
    FEN = "fen"  # money: two columns, 元 as an exact number with two decimals and the integer 分 beside it
    WAN = "wan"  # money as exact 万元 text (分 / 1,000,000, no float)
    DAXIE = "daxie"  # money as 人民币大写 text (domain.kernel.money.daxie)
    DATE = "date"  # a calendar date
    INT = "int"  # a count or a ledger position
    BOOL = "bool"


# the Python types each kind accepts (None, an empty cell, is accepted by every kind)
_ACCEPTS: dict[Kind, tuple[type, ...]] = {
    Kind.TEXT: (str,),
    Kind.ID: (str,),
    Kind.FEN: (int,),
    Kind.WAN: (int,),
    Kind.DAXIE: (int,),
    Kind.DATE: (date,),
    Kind.INT: (int,),
    Kind.BOOL: (bool,),
}

_UNIT: dict[Kind, tuple[str, str]] = {Kind.WAN: ("万元", "10k yuan")}
_FEN_UNITS = (("元", "yuan"), ("分", "fen"))


def wan(fen: int) -> str:
    """Exact 万元 text from 分 by integer arithmetic: trailing zeros are always stripped, and the point with them.

    ``1`` -> ``0.000001``, ``10_000_000`` -> ``10``, ``123_456_789`` -> ``123.456789``, ``-150`` -> ``-0.00015``.
    """
    sign = "-" if fen < 0 else ""
    whole, rest = divmod(abs(fen), FEN_PER_WAN)
    decimals = f"{rest:06d}".rstrip("0")
    return f"{sign}{whole}.{decimals}" if decimals else f"{sign}{whole}"


def yuan_plain(fen: int) -> str:
    """元 as plain decimal text for machines: no separators, always two decimals (``-150`` -> ``-1.50``)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def yuan_decimal(fen: int) -> Decimal:
    """元 as an exact Decimal with exponent -2 (``10_000`` -> ``Decimal('100.00')``), so it prints as written."""
    return Decimal(fen).scaleb(-2)


def display_width(text: str) -> int:
    """Columns a text takes on screen: CJK (wide and full-width) characters count two, as Excel draws them."""
    lines = text.split("\n")
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines)


@dataclass(frozen=True)
class Column:
    """One column of a table; ``key`` names the value in each row, ``zh`` and ``en`` are its headers."""

    key: str
    zh: str
    en: str
    kind: Kind = Kind.TEXT

    def __post_init__(self) -> None:
        if not _KEY.fullmatch(self.key):
            msg = f"column key {self.key!r}: expected lowercase letters, digits and _"
            raise ValueError(msg)
        object.__setattr__(self, "kind", Kind(self.kind))

    def headers(self, lang: Lang) -> list[str]:
        """The header cells this column writes: two for 分 money (元, then 分), one otherwise."""
        label = self.zh if lang == "zh" else self.en
        if self.kind is Kind.FEN:
            return [_with_unit(label, unit, lang) for unit in _FEN_UNITS]
        if self.kind in _UNIT:
            return [_with_unit(label, _UNIT[self.kind], lang)]
        return [label]

    def check(self, value: object, where: str) -> None:
        """Refuse a value this column cannot write exactly (a float for money, an int for an id, ...)."""
        if value is None:
            return
        accepted = _ACCEPTS[self.kind]
        wrong = not isinstance(value, accepted)
        # bool is an int and datetime is a date: neither is what an int, money or date column means
        wrong = wrong or (isinstance(value, bool) and self.kind is not Kind.BOOL)
        wrong = wrong or (isinstance(value, datetime) and self.kind is Kind.DATE)
        if wrong:
            msg = f"{where}: column {self.key!r} ({self.kind}) takes {accepted[0].__name__}, got {value!r}"
            raise TypeError(msg)
        money = self.kind in (Kind.FEN, Kind.WAN, Kind.DAXIE)
        if money and isinstance(value, int) and not -MAX_FEN <= value <= MAX_FEN:
            msg = f"{where}: column {self.key!r}: {value} 分 is beyond the 15 digits a spreadsheet keeps exactly"
            raise ValueError(msg)
        if self.kind is Kind.DAXIE and isinstance(value, int) and value < 0:
            msg = f"{where}: column {self.key!r}: 大写 is written for amounts from 0, got {value} 分"
            raise ValueError(msg)

    def text(self, value: Value) -> str:
        """The value as the exact text a text cell or a CSV field holds (money as 元 plain text for FEN)."""
        if value is None:
            return ""
        if isinstance(value, bool):  # only a BOOL column holds one
            return "true" if value else "false"
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, int) and self.kind in _MONEY_TEXT:
            return _MONEY_TEXT[self.kind](value)
        return str(value)


_MONEY_TEXT: dict[Kind, Callable[[int], str]] = {Kind.WAN: wan, Kind.DAXIE: daxie, Kind.FEN: yuan_plain}


def as_int(value: Value) -> int:
    """A money or count value as int (rows are checked when a table is built; this narrows the type)."""
    if not isinstance(value, int):  # the row was checked when the table was built
        msg = f"expected an integer, got {value!r}"
        raise TypeError(msg)
    return value


def _with_unit(label: str, unit: tuple[str, str], lang: Lang) -> str:
    return f"{label}（{unit[0]}）" if lang == "zh" else f"{label} ({unit[1]})"


@dataclass(frozen=True)
class Table:
    """A titled table: ``rows`` map column keys to values; ``totals`` names the FEN columns summed in 分.

    Every row must hold every column key (extra keys are ignored), and every value must fit its column's
    kind; both are checked when the table is built, so a writer never meets a value it would have to guess.
    """

    name: str
    title_zh: str
    title_en: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Value]]
    totals: Sequence[str] = field(default=())

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            msg = f"table name {self.name!r}: expected lowercase letters, digits, _ and - (it names files)"
            raise ValueError(msg)
        for title in (self.title_zh, self.title_en):
            if not title or "\n" in title or "\r" in title:
                msg = f"table {self.name}: expected one-line titles, got {title!r}"
                raise ValueError(msg)
        keys = [c.key for c in self.columns]
        if not keys or len(set(keys)) != len(keys):
            msg = f"table {self.name}: expected distinct column keys, got {keys}"
            raise ValueError(msg)
        by_key = {c.key: c for c in self.columns}
        for key in self.totals:
            if key not in by_key or by_key[key].kind is not Kind.FEN:
                msg = f"table {self.name}: a total is summed over a fen column, {key!r} is not one"
                raise ValueError(msg)
        for i, row in enumerate(self.rows, start=1):
            for column in self.columns:
                if column.key not in row:
                    msg = f"table {self.name}: row {i} has no value for column {column.key!r}"
                    raise ValueError(msg)
                column.check(row[column.key], f"table {self.name}, row {i}")
        for key in self.totals:
            if not -MAX_FEN <= self.total(key) <= MAX_FEN:
                msg = f"table {self.name}: the total of {key!r} is beyond the 15 digits a spreadsheet keeps exactly"
                raise ValueError(msg)

    def title(self, lang: Lang) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def headers(self, lang: Lang) -> list[str]:
        return [h for c in self.columns for h in c.headers(lang)]

    def total(self, key: str) -> int:
        """The sum in 分 of a totalled column (empty cells count as nothing)."""
        if key not in self.totals:
            msg = f"table {self.name}: {key!r} is not a totalled column"
            raise KeyError(msg)
        return sum(as_int(row[key]) for row in self.rows if row[key] is not None)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        msg = f"table {self.name}: no column {key!r}"
        raise KeyError(msg)
