"""XLSX for people: a 说明/About sheet, one sheet per table, and printable payment-order forms.

Every value is written by type, never through xlsxwriter's guessing ``write``: ids and codes as string cells
in text format (Excel keeps 15 digits of a number, and would turn an 18-digit USCC or a 20-digit invoice
number into a rounded number), 元 as a number written from its exact decimal text, 分 as an integer, totals
as values summed in 分 here. No cell holds a formula. Given the same tables and stamp the bytes are the same:
the file's creation time is the stamp's, and the zip entries carry xlsxwriter's fixed date.
"""

from __future__ import annotations

import re
from datetime import UTC
from typing import TYPE_CHECKING
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]

from domain.kernel.money import daxie
from domain.kernel.money import yuan
from projections.export.table import Kind
from projections.export.table import as_int
from projections.export.table import display_width
from projections.export.table import yuan_decimal

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from projections.export.payment import PaymentOrder
    from projections.export.stamp import Stamp
    from projections.export.table import Column
    from projections.export.table import Lang
    from projections.export.table import Table
    from projections.export.table import Value

HEADER_ROW = 3  # rows 0-2 hold the title and the stamp line; the table starts below them
MIN_WIDTH, MAX_WIDTH = 6, 60
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

_TEXT = {
    "about": ("说明", "About"),
    "about_title": ("fundtrail 导出说明", "fundtrail export: about"),
    "total": ("合计", "Total"),
    "forms": ("付款凭证（打印）", "Payment order forms"),
    "form_title": ("付款凭证", "Payment order"),
    "tables": ("各表", "Tables"),
    "sheet": ("工作表", "Sheet"),
    "rows": ("行数", "Rows"),
    "total_of": ("合计项", "Total of"),
    "total_fen": ("合计（分）", "Total (fen)"),
    "total_yuan": ("合计（元）", "Total (yuan)"),
}
_NOTES = {
    "zh": [
        "金额以分（整数）记账。元列 = 分 ÷ 100，两位小数，未经舍入；其旁的分列为整数，可直接核对。",
        "合计由 fundtrail 按分求和后写入，不是表格公式；筛选后合计不随之变化。",
        "万元列为精确文本：分 ÷ 1,000,000，去掉末尾的零。",
        "统一社会信用代码、银行流水号、发票号码等编号均为文本单元格，不会被截断或改写。",
        "检查点为账本日志密钥对该序号的签名，可用 fundtrail-verify 核验。",
    ],
    "en": [
        "Amounts are kept in integer fen. A yuan column = fen / 100, two decimals, not rounded; the integer "
        "fen column beside it is for tying out.",
        "Totals are summed in fen by fundtrail and written as values, not spreadsheet formulas; they do not "
        "follow filters.",
        "10k-yuan columns are exact text: fen / 1,000,000 with trailing zeros removed.",
        "USCCs, bank serials, invoice numbers and other codes are text cells: never rounded or rewritten.",
        "The checkpoint is the ledger's log-key signature for that position; fundtrail-verify checks it.",
    ],
}


def _t(key: str, lang: Lang) -> str:
    zh, en = _TEXT[key]
    return zh if lang == "zh" else en


def _ok(rc: int, where: str) -> None:
    """xlsxwriter reports a cut string (-2) or a cell beyond the sheet (-1) by a return code, not an error."""
    if rc != 0:
        msg = f"{where}: the cell was not written whole (xlsxwriter returned {rc})"
        raise ValueError(msg)


def sheet_name(title: str) -> str:
    """A title as an Excel sheet name: no ``[]:*?/\\``, at most 31 characters."""
    return _SHEET_FORBIDDEN.sub("_", title)[:31]


class _Formats:
    def __init__(self, book: Any) -> None:
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.note = book.add_format({"font_color": "#555555"})
        self.header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "bottom": 1, "text_wrap": True})
        self.label = book.add_format({"bold": True, "valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top", "font_name": "Consolas"})
        self.plain = {False: book.add_format(), True: book.add_format({"bold": True})}
        self.text = {b: book.add_format({"num_format": "@", "bold": b}) for b in (False, True)}
        self.right_text = {b: book.add_format({"num_format": "@", "align": "right", "bold": b}) for b in (False, True)}
        self.yuan = {b: book.add_format({"num_format": "#,##0.00", "bold": b}) for b in (False, True)}
        self.fen = {b: book.add_format({"num_format": "0", "bold": b}) for b in (False, True)}
        self.date = {b: book.add_format({"num_format": "yyyy-mm-dd", "bold": b}) for b in (False, True)}


def _write_value(ws: Any, row: int, col: int, column: Column, value: Value, f: _Formats, bold: bool = False) -> int:
    """Write one value in its kind's cells from ``col``; returns the number of cells it took."""
    where = f"{ws.name}!R{row + 1}C{col + 1}"
    kind = column.kind
    if value is None:
        for i in range(2 if kind is Kind.FEN else 1):
            _ok(ws.write_blank(row, col + i, None, f.plain[bold]), where)
        return 2 if kind is Kind.FEN else 1
    if kind is Kind.FEN:
        fen = as_int(value)
        _ok(ws.write_number(row, col, yuan_decimal(fen), f.yuan[bold]), where)
        _ok(ws.write_number(row, col + 1, fen, f.fen[bold]), where)
        return 2
    if kind is Kind.INT:
        _ok(ws.write_number(row, col, as_int(value), f.fen[bold]), where)
    elif kind is Kind.BOOL:
        _ok(ws.write_boolean(row, col, bool(value), f.plain[bold]), where)
    elif kind is Kind.DATE:
        _ok(ws.write_datetime(row, col, value, f.date[bold]), where)
    elif kind is Kind.WAN:
        _ok(ws.write_string(row, col, column.text(value), f.right_text[bold]), where)
    elif kind is Kind.ID:
        _ok(ws.write_string(row, col, column.text(value), f.text[bold]), where)
    else:  # TEXT, DAXIE
        _ok(ws.write_string(row, col, column.text(value), f.plain[bold]), where)
    return 1


def _shown(column: Column, value: Value) -> list[str]:
    """The text a person sees in each of the column's cells, to size the columns."""
    if column.kind is Kind.FEN:
        return ["", ""] if value is None else [yuan(as_int(value)), str(value)]
    return [column.text(value)]


def _write_table(book: Any, name: str, table: Table, stamp: Stamp, lang: Lang, f: _Formats) -> None:
    ws = book.add_worksheet(name)
    _ok(ws.write_string(0, 0, table.title(lang), f.title), name)
    _ok(ws.write_string(1, 0, stamp.line(lang), f.note), name)
    headers = table.headers(lang)
    widths = [display_width(h) for h in headers]
    for col, header in enumerate(headers):
        _ok(ws.write_string(HEADER_ROW, col, header, f.header), name)
    row = HEADER_ROW
    for row, values in enumerate(table.rows, start=HEADER_ROW + 1):
        col = 0
        for column in table.columns:
            value = values[column.key]
            for i, shown in enumerate(_shown(column, value)):
                widths[col + i] = max(widths[col + i], display_width(shown))
            col += _write_value(ws, row, col, column, value, f)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    ws.autofilter(HEADER_ROW, 0, row, len(headers) - 1)
    if table.totals:
        _write_totals(ws, row + 1, table, lang, f, widths)
    for col, width in enumerate(widths):
        ws.set_column(col, col, min(max(width + 2, MIN_WIDTH), MAX_WIDTH))


def _write_totals(ws: Any, row: int, table: Table, lang: Lang, f: _Formats, widths: list[int]) -> None:
    """A bold row of the 分 sums (values, not formulas), labelled in the first cell no total takes."""
    col = 0
    label_at = None
    for column in table.columns:
        if column.key in table.totals:
            fen = table.total(column.key)
            widths[col] = max(widths[col], display_width(yuan(fen)))
            col += _write_value(ws, row, col, column, fen, f, bold=True)
        else:
            label_at = col if label_at is None else label_at
            col += 2 if column.kind is Kind.FEN else 1
    if label_at is not None:
        _ok(ws.write_string(row, label_at, _t("total", lang), f.plain[True]), ws.name)


def _write_about(ws: Any, tables: Sequence[tuple[str, Table]], stamp: Stamp, lang: Lang, f: _Formats) -> None:
    _ok(ws.write_string(0, 0, _t("about_title", lang), f.title), ws.name)
    row = 2
    value_width = 0
    for label, value in stamp.labelled(lang):
        _ok(ws.write_string(row, 0, label, f.label), ws.name)
        _ok(ws.write_string(row, 1, value, f.wrap if "\n" in value else f.plain[False]), ws.name)
        if "\n" in value:
            ws.set_row(row, 15 * value.count("\n") + 15)
        value_width = max(value_width, display_width(value))
        row += 1
    row += 1
    for note in _NOTES[lang]:
        _ok(ws.write_string(row, 0, note, f.note), ws.name)
        row += 1
    row += 1
    _ok(ws.write_string(row, 0, _t("tables", lang), f.label), ws.name)
    row += 1
    for col, heading in enumerate(("sheet", "rows", "total_of", "total_fen", "total_yuan")):
        _ok(ws.write_string(row, col, _t(heading, lang), f.header), ws.name)
    for name, table in tables:
        keys: list[str | None] = [*table.totals] or [None]
        for key in keys:
            row += 1
            _ok(ws.write_string(row, 0, name, f.plain[False]), ws.name)
            _ok(ws.write_number(row, 1, len(table.rows), f.fen[False]), ws.name)
            if key is not None:
                fen = table.total(key)
                _ok(ws.write_string(row, 2, table.column(key).headers(lang)[0], f.plain[False]), ws.name)
                _ok(ws.write_number(row, 3, fen, f.fen[False]), ws.name)
                _ok(ws.write_number(row, 4, yuan_decimal(fen), f.yuan[False]), ws.name)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, min(max(value_width + 2, 16), 120))
    ws.set_column(2, 4, 18)


_FORM_LABELS = {
    "order_no": ("付款凭证编号", "Order no."),
    "payee_name": ("收款人", "Payee"),
    "payee_uscc": ("统一社会信用代码", "Payee USCC"),
    "account_last4": ("收款账号后四位", "Account (last 4 digits)"),
    "yuan": ("金额（小写，元）", "Amount (yuan)"),
    "fen": ("金额（分）", "Amount (fen)"),
    "daxie": ("金额（大写）", "Amount in words (大写)"),
    "approval_ref": ("审批文号", "Approval ref."),
    "purpose": ("用途", "Purpose"),
    "stamp": ("数据来源", "Source"),
}


def _write_forms(ws: Any, orders: Sequence[PaymentOrder], stamp: Stamp, lang: Lang, f: _Formats) -> None:
    """One printable block per order, a page each: the amount in 元, in 分 and in 大写, with the payee."""
    row = 0
    breaks = []
    for order in orders:
        if row:
            breaks.append(row)
        _ok(ws.write_string(row, 0, _t("form_title", lang), f.title), ws.name)
        row += 2
        lines: list[tuple[str, str | int, Any]] = [
            ("order_no", order.order_no, f.text[False]),
            ("payee_name", order.payee_name, f.plain[False]),
        ]
        lines += [("payee_uscc", order.payee_uscc, f.text[False])] if order.payee_uscc else []
        lines += [
            ("account_last4", order.account_last4, f.text[False]),
            ("yuan", order.amount_fen, f.yuan[True]),
            ("fen", order.amount_fen, f.fen[False]),
            ("daxie", daxie(order.amount_fen), f.plain[True]),
            ("approval_ref", order.approval_ref, f.text[False]),
        ]
        lines += [("purpose", order.purpose, f.plain[False])] if order.purpose else []
        lines += [("stamp", stamp.line(lang), f.note)]
        for key, value, fmt in lines:
            zh, en = _FORM_LABELS[key]
            _ok(ws.write_string(row, 0, zh if lang == "zh" else en, f.label), ws.name)
            if key == "yuan":
                _ok(ws.write_number(row, 1, yuan_decimal(as_int(value)), fmt), ws.name)
            elif key == "fen":
                _ok(ws.write_number(row, 1, value, fmt), ws.name)
            else:
                _ok(ws.write_string(row, 1, str(value), fmt), ws.name)
            row += 1
        row += 2
    ws.set_h_pagebreaks(breaks)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 60)
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)


def write_xlsx(
    path: Path,
    tables: Sequence[Table],
    stamp: Stamp,
    lang: Lang = "zh",
    *,
    payment_orders: Sequence[PaymentOrder] = (),
) -> Path:
    """Write the tables to one workbook: 说明/About first, then a sheet per table (named by its title in
    ``lang``), then, if ``payment_orders`` are given, a sheet of printable payment-order forms."""
    about = _t("about", lang)
    names = [sheet_name(t.title(lang)) for t in tables]
    taken = [about.lower(), *(n.lower() for n in names)]
    if payment_orders:
        taken.append(_t("forms", lang).lower())
    if len(set(taken)) != len(taken):
        msg = f"sheet names must differ (Excel ignores case): {taken}"
        raise ValueError(msg)
    # no string ever becomes a number, a formula or a link, even if a later change calls write()
    book = xlsxwriter.Workbook(
        str(path),
        {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    book.set_properties(
        {
            "title": " / ".join(t.title(lang) for t in tables),
            "author": stamp.made_by or "fundtrail",
            "comments": stamp.line(lang),
            "keywords": f"{stamp.origin} seq {stamp.seq} head {stamp.head_hash_hex}",
            "created": stamp.made_at.astimezone(UTC),
        }
    )
    f = _Formats(book)
    _write_about(book.add_worksheet(about), list(zip(names, tables, strict=True)), stamp, lang, f)
    for name, table in zip(names, tables, strict=True):
        _write_table(book, name, table, stamp, lang, f)
    if payment_orders:
        _write_forms(book.add_worksheet(_t("forms", lang)), payment_orders, stamp, lang, f)
    book.close()
    return path
