"""Read a bank statement (对账单 / 交易明细) as Chinese banks export it: CSV, XLSX, legacy XLS or HTML-as-XLS.

The format and the text encoding are told from the bytes, never the file name (``sheets``).

Banks put title rows above the header (bank name, 账号：…, 户名：…, the period) and totals below the lines
(合计 …). The header is the first row naming a date, a serial and an amount column under one of the names in
``COLUMNS``; the account and holder named in the title rows are kept. Two layouts are read:

* payer and payee columns (付款人名称/账号, 收款人名称/账号) with one amount column: the line moves the amount
  from payer to payee (a negative amount, a reversal, moves it back);
* the account holder's own statement with counterparty columns (对方户名/账号) and either 借方/贷方 columns, a
  借贷标志 column, or a signed amount (negative = out): money out (借方) is paid by the holder to the
  counterparty, money in (贷方) by the counterparty to the holder.

Amounts become integer 分 exactly and accounts keep their digits (``cells``). Every bad cell is a
``StatementError`` naming the row (1-based, as a spreadsheet or a text editor counts it) and the column (its
header as written in the file); all of them are reported at once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Final

from projections.reconcile.accounts import AccountNumberError
from projections.reconcile.accounts import normalise_account
from projections.reconcile.cells import CellError
from projections.reconcile.cells import account_of
from projections.reconcile.cells import amount_of
from projections.reconcile.cells import date_of
from projections.reconcile.cells import is_blank
from projections.reconcile.cells import name_of
from projections.reconcile.cells import serial_of
from projections.reconcile.cells import summary_of
from projections.reconcile.cells import text_of
from projections.reconcile.cells import unwrap
from projections.reconcile.sheets import UnreadableFile
from projections.reconcile.sheets import sheets_of

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable
    from collections.abc import Sequence

    from projections.reconcile.cells import Cell
    from projections.reconcile.cells import Row
    from projections.reconcile.sheets import Sheet

HEADER_SEARCH_ROWS: Final = 50
MAX_REPORTED_ERRORS: Final = 200

# Canonical field -> header names, most specific first. A header cell is compared after removing
# whitespace, a trailing colon, asterisks and a parenthesised unit such as （元）.
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "value_date": ("交易日期", "记账日期", "入账日期", "交易时间", "记账时间", "日期"),
    "serial": ("交易流水号", "流水号", "回单编号", "银行流水号", "交易参考号", "回单号"),
    "payer_name": ("付款人名称", "付款方户名", "付款人户名", "付款方名称", "付款单位", "付款人"),
    "payer_account": ("付款人账号", "付款方账号", "付款账号", "付款人帐号", "付款方帐号"),
    "payee_name": ("收款人名称", "收款方户名", "收款人户名", "收款方名称", "收款单位", "收款人"),
    "payee_account": ("收款人账号", "收款方账号", "收款账号", "收款人帐号", "收款方帐号"),
    "amount": ("金额", "交易金额", "发生额"),
    "debit": ("借方发生额", "借方金额", "支出金额", "支出"),
    "credit": ("贷方发生额", "贷方金额", "收入金额", "收入"),
    "direction": ("借贷标志", "借贷方向", "收支方向", "借/贷"),
    "counterparty_name": ("对方户名", "对方账户名称", "对方名称", "对方单位"),
    "counterparty_account": ("对方账号", "对方账户", "对方帐号"),
    "summary": ("摘要", "用途", "附言", "备注"),
}
_ALIAS: Final = {name: (field, rank) for field, names in COLUMNS.items() for rank, name in enumerate(names)}
_OUT: Final = frozenset({"借", "支出", "支", "出", "D", "DR", "-"})
_IN: Final = frozenset({"贷", "收入", "收", "入", "C", "CR", "+"})
# A row whose first text starts with one of these is a total, a signature line or a note, not a transaction.
_FOOTER: Final = (
    *("合计", "总计", "小计", "累计", "本页", "共计", "笔数"),
    *("打印", "制表", "经办", "复核", "说明", "注：", "注:"),
)
_FOOTER_ANYWHERE: Final = ("合计", "总计", "小计", "以下空白")
_UNIT: Final = re.compile(r"\(.*?\)$")
_TITLE_ACCOUNT: Final = re.compile(r"(?:账号|帐号|账户)\s*[:：]\s*([0-9][0-9 \-]*[0-9])")
_TITLE_NAME: Final = re.compile(r"(?:账户名称|户名|单位名称)\s*[:：]\s*([^\s:：,，]+)")
_TITLE_LABELS: Final = {"账号": "account", "帐号": "account", "账户": "account", "户名": "name", "账户名称": "name"}


class StatementError(ValueError):
    """A statement that cannot be read: ``row`` (1-based) and ``column`` (the header as written) say where,
    or are None for the file as a whole. When several cells are bad, the error raised is the first and
    ``errors`` holds all of them (the first ``MAX_REPORTED_ERRORS``)."""

    def __init__(self, row: int | None, column: str | None, message: str) -> None:
        self.row = row
        self.column = column
        self.message = message
        self.errors: tuple[StatementError, ...] = (self,)
        super().__init__(self.where() + message)

    def where(self) -> str:
        if self.row is None:
            return ""
        if self.column is None:
            return f"row {self.row}: "
        return f"row {self.row}, column {self.column}: "

    @classmethod
    def of(cls, errors: Sequence[StatementError], total: int) -> StatementError:
        first = errors[0]
        more = f" (and {total - 1} more)" if total > 1 else ""
        error = cls(first.row, first.column, first.message + more)
        error.errors = tuple(errors)
        return error


@dataclass(frozen=True)
class StatementLine:
    """One transaction: ``amount_fen`` (never negative) moved from the payer to the payee. A line the bank
    prints with a negative amount (a reversal, 冲正 or 退汇) is read with payer and payee swapped, so every
    layout gives the same line. Accounts are digits only (``accounts.normalise_account``); None where the
    statement leaves them blank."""

    row: int
    value_date: date
    serial: str
    payer_name: str | None
    payer_account: str | None
    payee_name: str | None
    payee_account: str | None
    amount_fen: int
    summary: str


@dataclass(frozen=True)
class Statement:
    """A statement as read: ``sha256`` of the file's bytes (what the ledger records it by), the format and
    text encoding found, the account and holder its title rows name, and its lines in file order."""

    sha256: str
    format: str  # "csv" | "xlsx" | "xls" | "html"
    encoding: str | None  # for text formats: "utf-8-sig", "utf-8", "utf-16", "gbk" or "gb18030"
    account: str | None
    account_name: str | None
    sheet: str | None
    header_row: int
    columns: tuple[tuple[str, str], ...]  # (field, header as written), in file order
    lines: tuple[StatementLine, ...]
    skipped_rows: tuple[int, ...]  # totals, signatures and notes below the header

    @property
    def period(self) -> tuple[date, date] | None:
        """The first and last value dates of the lines (None for an empty statement)."""
        if not self.lines:
            return None
        dates = [line.value_date for line in self.lines]
        return min(dates), max(dates)


def read_statement(path: str | os.PathLike[str]) -> Statement:
    """Read and parse the statement at ``path`` (see the module docstring)."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise StatementError(None, None, f"cannot read {path}: {e.strerror or e}") from None
    return parse_statement(data)


def parse_statement(data: bytes) -> Statement:
    """Parse a statement's bytes; the format and encoding are told from the content."""
    sha256 = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise StatementError(None, None, "the file is empty")
    try:
        fmt, encoding, sheets = sheets_of(data)
        return _first_table(sha256, fmt, encoding, sheets)
    except UnreadableFile as e:
        raise StatementError(None, None, str(e)) from None


# -- the header, the title rows and the lines ------------------------------------------------------------------


def _header_key(cell: Cell) -> str:
    if not isinstance(cell, str):
        return ""
    s = "".join(cell.split()).replace("（", "(").replace("）", ")").replace("*", "").rstrip(":：")
    return _UNIT.sub("", s) if s.endswith(")") and not s.startswith("(") else s


def _header(cells: tuple[Cell, ...]) -> dict[str, int] | None:
    """The columns of a header row (field -> index), or None if the row is not a header."""
    best: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(cells):
        found = _ALIAS.get(_header_key(cell))
        if found is None:
            continue
        field, rank = found
        if field not in best or rank < best[field][0]:
            best[field] = (rank, index)
    columns = {field: index for field, (_, index) in best.items()}
    has_amount = "amount" in columns or "debit" in columns or "credit" in columns
    if "value_date" in columns and "serial" in columns and has_amount:
        return columns
    return None


def _title(rows: Iterable[Row]) -> tuple[str | None, str | None]:
    """The account and holder the rows above the header name (账号：…, 户名：…), if any."""
    account: str | None = None
    name: str | None = None
    for _, cells in rows:
        texts = [unwrap(c) if isinstance(c, str) else "" for c in cells]
        for i, text in enumerate(texts):
            label = _TITLE_LABELS.get(text.rstrip(":："))
            following = next((t for t in texts[i + 1 :] if t), "")
            if label == "account" and account is None and following:
                account = _title_account(following)
            elif label == "name" and name is None and following:
                name = following
            if account is None and (m := _TITLE_ACCOUNT.search(text)):
                account = _title_account(m.group(1))
            if name is None and (n := _TITLE_NAME.search(text)):
                name = n.group(1)
    return account, name


def _title_account(text: str) -> str | None:
    try:
        return normalise_account(text)
    except AccountNumberError:
        return None  # a title is informative only; the lines carry the accounts that matter


def _first_table(sha256: str, fmt: str, encoding: str | None, sheets: Iterable[Sheet]) -> Statement:
    for sheet, rows in sheets:
        for position, (number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
            columns = _header(cells)
            if columns is None:
                continue
            account, name = _title(rows[:position])
            lines, skipped = _lines(rows[position + 1 :], cells, columns, account, name)
            written = tuple(
                (field, str(cells[index]).strip()) for field, index in sorted(columns.items(), key=lambda f: f[1])
            )
            return Statement(
                sha256=sha256,
                format=fmt,
                encoding=encoding,
                account=account,
                account_name=name,
                sheet=sheet,
                header_row=number,
                columns=written,
                lines=lines,
                skipped_rows=skipped,
            )
    expected = ", ".join(names[0] for names in COLUMNS.values())
    raise StatementError(
        None,
        None,
        f"no header row in the first {HEADER_SEARCH_ROWS} rows: a header names at least a date, a serial and an "
        f"amount column, among {expected}",
    )


class _RowErrors:
    def __init__(self, header: tuple[Cell, ...]) -> None:
        self.header = header
        self.errors: list[StatementError] = []
        self.total = 0

    def add(self, row: int, index: int | None, message: str) -> None:
        self.total += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            column = None if index is None else str(self.header[index]).strip()
            self.errors.append(StatementError(row, column, message))


def _is_footer(cells: tuple[Cell, ...], date_index: int) -> bool:
    """A total, signature or note row: it starts with a marker such as 合计 and has no date where a line has."""
    texts = [unwrap(c) for c in cells if isinstance(c, str) and not isinstance(c, CellError) and unwrap(c)]
    if not texts:
        return False
    if not (texts[0].startswith(_FOOTER) or any(t.startswith(_FOOTER_ANYWHERE) for t in texts[:2])):
        return False
    try:
        date_of(cells[date_index] if date_index < len(cells) else None)
    except ValueError:
        return True
    return False


def _lines(
    rows: Sequence[Row],
    header: tuple[Cell, ...],
    columns: dict[str, int],
    account: str | None,
    holder: str | None,
) -> tuple[tuple[StatementLine, ...], tuple[int, ...]]:
    errors = _RowErrors(header)
    lines: list[StatementLine] = []
    skipped: list[int] = []
    for number, cells in rows:
        if all(is_blank(cells[i]) if i < len(cells) else True for i in columns.values()):
            continue
        if _is_footer(cells, columns["value_date"]):
            skipped.append(number)
            continue
        line = _line(number, cells, columns, account, holder, errors)
        if line is not None:
            lines.append(line)
    if errors.errors:
        raise StatementError.of(errors.errors, errors.total)
    return tuple(lines), tuple(skipped)


def _line(
    number: int,
    cells: tuple[Cell, ...],
    columns: dict[str, int],
    account: str | None,
    holder: str | None,
    errors: _RowErrors,
) -> StatementLine | None:
    before = errors.total
    values: dict[str, object] = {}
    parsers = {
        "value_date": date_of,
        "serial": serial_of,
        "payer_name": name_of,
        "payer_account": account_of,
        "payee_name": name_of,
        "payee_account": account_of,
        "counterparty_name": name_of,
        "counterparty_account": account_of,
        "summary": summary_of,
        "direction": text_of,
    }
    for field, index in columns.items():
        cell = cells[index] if index < len(cells) else None
        try:
            if field in ("amount", "debit", "credit"):
                values[field] = None if is_blank(cell) else amount_of(cell)
            elif field == "value_date" and is_blank(cell):
                errors.add(number, index, "the date is blank")
            else:
                values[field] = parsers[field](cell)
        except ValueError as e:
            errors.add(number, index, str(e))
    if errors.total > before:
        return None
    moved = _movement(number, values, columns, errors)
    if moved is None:
        return None
    amount_fen, outgoing = moved
    payer_name, payer_account = values.get("payer_name"), values.get("payer_account")
    payee_name, payee_account = values.get("payee_name"), values.get("payee_account")
    has_parties = any(f in columns for f in ("payer_name", "payer_account", "payee_name", "payee_account"))
    if not has_parties and ("counterparty_name" in columns or "counterparty_account" in columns):
        other_name, other_account = values.get("counterparty_name"), values.get("counterparty_account")
        if outgoing:
            payer_name, payer_account, payee_name, payee_account = holder, account, other_name, other_account
        else:
            payer_name, payer_account, payee_name, payee_account = other_name, other_account, holder, account
    if amount_fen < 0:  # a reversal (冲正, 退汇): the money moved back from the payee to the payer
        payer_name, payer_account, payee_name, payee_account = (
            payee_name,
            payee_account,
            payer_name,
            payer_account,
        )
        amount_fen = -amount_fen
    value_date = values["value_date"]
    assert isinstance(value_date, date)  # parsed above, or the row was refused
    return StatementLine(
        row=number,
        value_date=value_date,
        serial=str(values["serial"]),
        payer_name=_opt(payer_name),
        payer_account=_opt(payer_account),
        payee_name=_opt(payee_name),
        payee_account=_opt(payee_account),
        amount_fen=amount_fen,
        summary=str(values.get("summary") or ""),
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _movement(  # noqa: PLR0911 - one return per way a statement says which way money moved
    number: int, values: dict[str, object], columns: dict[str, int], errors: _RowErrors
) -> tuple[int, bool] | None:
    """(amount in 分, whether money leaves the holder's account), from 借方/贷方, a 借贷标志 or the sign."""
    debit, credit, amount = values.get("debit"), values.get("credit"), values.get("amount")
    if "debit" in columns or "credit" in columns:
        debit_fen = debit if isinstance(debit, int) else 0
        credit_fen = credit if isinstance(credit, int) else 0
        if debit_fen and credit_fen:
            errors.add(number, columns["debit"], "both 借方 and 贷方 carry an amount; a line moves money one way")
            return None
        if debit_fen or credit_fen:
            return (debit_fen, True) if debit_fen else (credit_fen, False)
        if "amount" not in columns or not isinstance(amount, int):
            errors.add(number, columns.get("debit", columns.get("credit")), "neither 借方 nor 贷方 has an amount")
            return None
    if not isinstance(amount, int):
        errors.add(number, columns["amount"], "the amount is blank")
        return None
    has_parties = any(f in columns for f in ("payer_name", "payer_account", "payee_name", "payee_account"))
    if has_parties:
        return amount, True  # payer and payee are named: the amount moves between them as signed
    if "direction" in columns:
        flag = str(values.get("direction") or "").upper()
        if flag in _OUT:
            return amount, True  # signed: a negative 借 line is a reversal, read with the parties swapped
        if flag in _IN:
            return amount, False
        errors.add(number, columns["direction"], f"not a 借/贷 flag: {flag!r}")
        return None
    return abs(amount), amount < 0
