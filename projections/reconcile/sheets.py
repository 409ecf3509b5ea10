"""The tables of a statement file, told by content: XLSX, legacy XLS, HTML-as-XLS or delimited text.

``PK\\x03\\x04`` is an XLSX (zip) workbook, ``D0 CF 11 E0 A1 B1 1A E1`` a legacy BIFF8 ``.xls`` (OLE2);
text starting with ``<`` and holding a ``<table>`` is the HTML many banks save as ``.xls``; anything else is
delimited text (comma, tab or ``|``). Text is decoded by its BOM (UTF-8, UTF-16), else as strict UTF-8,
GBK, then GB18030. Each reader gives the sheets as (name, rows), a row as (1-based number, cells).
"""

from __future__ import annotations

import csv
import io
import warnings
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from typing import Final

from projections.reconcile.cells import Cell
from projections.reconcile.cells import CellError
from projections.reconcile.cells import Row

if TYPE_CHECKING:
    from collections.abc import Iterable
    from collections.abc import Iterator

XLSX_MAGIC: Final = b"PK\x03\x04"
XLS_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Sheet = tuple[str | None, list[Row]]


class UnreadableFile(ValueError):
    """The file is not a workbook or text this module can read."""


def sheets_of(data: bytes) -> tuple[str, str | None, Iterable[Sheet]]:
    """(format, text encoding or None, the sheets): format is xlsx, xls, html or csv."""
    if data.startswith(XLSX_MAGIC):
        return "xlsx", None, _xlsx_sheets(data)
    if data.startswith(XLS_MAGIC):
        return "xls", None, _xls_sheets(data)
    text, encoding = decode_text(data)
    if text[:4096].lstrip().startswith("<") and "<table" in text[:65536].lower():
        return "html", encoding, [(None, _html_rows(text))]
    return "csv", encoding, _csv_tables(text)


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the encoding it decoded under: a BOM decides; else strict UTF-8, GBK, GB18030 in turn."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gbk", "gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"the text is not in {' / '.join(candidates)}: cannot decode it")


def _csv_tables(text: str) -> Iterator[tuple[str | None, list[Row]]]:
    """The text split at each delimiter banks use; the caller takes the first that has a header row."""
    for delimiter in (",", "\t", "|"):
        if delimiter not in text:
            continue
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            yield None, [(number, tuple(cells)) for number, cells in enumerate(reader, start=1)]
        except csv.Error:
            continue  # not this delimiter


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _html_rows(text: str) -> list[Row]:
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return [(number, tuple(cells)) for number, cells in enumerate(parser.rows, start=1)]


def _xlsx_sheets(data: bytes) -> list[Sheet]:
    import openpyxl  # type: ignore[import-untyped]

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles banks' tools leave out
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheets: list[Sheet] = []
            for sheet in book.worksheets:
                sheet.reset_dimensions()  # some exporters write a wrong <dimension>; read every row there is
                rows = [
                    (number, tuple(_xlsx_cell(v) for v in values))
                    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                ]
                sheets.append((str(sheet.title), rows))
            book.close()
    except Exception as e:  # a damaged or foreign zip: zipfile, KeyError, XML errors all say the same
        raise UnreadableFile(f"not a readable XLSX workbook: {type(e).__name__}: {e}") from None
    return sheets


def _xlsx_cell(value: object) -> Cell:
    if isinstance(value, str) and value.startswith("#") and value.endswith(("!", "?", "A")) and len(value) <= 7:
        return CellError(value)  # data_only=True gives #N/A, #VALUE! ... as text
    if value is None or isinstance(value, str | int | float | Decimal | datetime | date | time | bool):
        return value
    return str(value)


def _xls_sheets(data: bytes) -> list[Sheet]:
    import xlrd  # type: ignore[import-untyped]
    from xlrd.biffh import error_text_from_code  # type: ignore[import-untyped]
    from xlrd.xldate import xldate_as_datetime  # type: ignore[import-untyped]

    def cell(kind: int, value: object, datemode: int) -> Cell:
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if kind == xlrd.XL_CELL_DATE:  # a number shown under a date format
            try:
                return xldate_as_datetime(value, datemode)  # type: ignore[no-any-return]
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                return CellError(f"#DATE({value})")
        if kind == xlrd.XL_CELL_BOOLEAN:
            return bool(value)
        if kind == xlrd.XL_CELL_ERROR:
            return CellError(error_text_from_code.get(value, f"#ERR({value})"))
        return value if isinstance(value, float | str) else str(value)

    try:
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO())
        sheets: list[Sheet] = []
        for sheet in book.sheets():
            rows: list[Row] = [
                (
                    r + 1,
                    tuple(
                        cell(sheet.cell_type(r, c), sheet.cell_value(r, c), book.datemode) for c in range(sheet.ncols)
                    ),
                )
                for r in range(sheet.nrows)
            ]
            sheets.append((str(sheet.name), rows))
    except Exception as e:  # xlrd raises XLRDError, CompDocError, struct.error ... on a damaged file
        raise UnreadableFile(f"not a readable XLS workbook: {type(e).__name__}: {e}") from None
    return sheets
