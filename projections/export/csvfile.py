"""CSV for machines: one header row, then data rows, nothing else; the stamp in a text file beside it.

Conventions (docs for whoever reads these files):

- ``<name>.csv`` is UTF-8 with a byte-order mark (Excel and WPS on Chinese Windows need it to read Chinese),
  RFC 4180: comma, ``"`` quoting only where needed, CRLF line ends. The first row is the header (per
  ``lang``), every other row is data. There is no totals row and no comment line, so any CSV reader takes
  the table as it is.
- Money: a FEN column is two fields, 元 as plain decimal text with two decimals (``1234567.89``, no
  separators) and the integer 分 beside it; 万元 is exact text (``123.456789``); 大写 is text.
- Ids are plain text (``914401017083418812``). A spreadsheet that opens a CSV by double-click turns digit
  runs longer than 15 digits into rounded numbers; people get the XLSX, where ids are text cells. No
  ``="..."`` wrapping: it would change the value a machine reads.
- Formula-injection guard: a text or id field that starts with ``= + - @``, a tab, a CR or ``'`` gets one
  ``'`` in front. To read it, drop one leading ``'`` from text and id fields (:func:`unguard`,
  :func:`read_csv`); the rule is reversible because a leading ``'`` is itself always guarded.
- ``<name>.stamp.txt`` beside it (UTF-8 with BOM): the format line ``fundtrail-export-stamp/1``, then
  ``key: value`` lines (the CSV's file name and SHA-256, table, row count, control totals in 分 and 元,
  origin, seq, head, as_of, made_at, command), then a ``checkpoint:`` line followed by the checkpoint note
  verbatim to the end of the file. The SHA-256 binds the two files: a stamp beside another CSV says so.
  A stamp row inside the CSV would break every reader that expects rows of one shape; a side file does not.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from projections.export.table import Kind
from projections.export.table import as_int
from projections.export.table import yuan_plain

if TYPE_CHECKING:
    from pathlib import Path

    from projections.export.stamp import Stamp
    from projections.export.table import Column
    from projections.export.table import Lang
    from projections.export.table import Table
    from projections.export.table import Value

STAMP_FORMAT = "fundtrail-export-stamp/1"
_GUARDED = ("=", "+", "-", "@", "\t", "\r", "'")
_NOTE = {
    "zh": "本文件说明同名 CSV 的来源（账本、序号、链头、检查点）；CSV 只有表头行和数据行，合计在此（按分求和）。",
    "en": "Provenance of the CSV named above (ledger, position, head, checkpoint); the CSV holds a header row "
    "and data rows only, its totals are here (summed in fen).",
}


@dataclass(frozen=True)
class CsvExport:
    """What :func:`write_csv` wrote: the CSV, its stamp file, and the CSV's SHA-256 (hex)."""

    csv: Path
    stamp: Path
    sha256: str


def guard(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would take for a formula (and to text already starting with ``'``)."""
    return "'" + text if text.startswith(_GUARDED) else text


def unguard(text: str) -> str:
    """The inverse of :func:`guard`."""
    return text[1:] if text.startswith("'") else text


def _fields(column: Column, value: Value) -> list[str]:
    if column.kind is Kind.FEN:
        return ["", ""] if value is None else [yuan_plain(as_int(value)), str(as_int(value))]
    text = column.text(value)
    return [guard(text)] if column.kind in (Kind.TEXT, Kind.ID) else [text]


def csv_bytes(table: Table, lang: Lang = "zh") -> bytes:
    """The CSV file's bytes: BOM, header row, data rows, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([guard(h) for h in table.headers(lang)])
    for row in table.rows:
        writer.writerow([f for c in table.columns for f in _fields(c, row[c.key])])
    return buffer.getvalue().encode("utf-8-sig")


def stamp_text(table: Table, stamp: Stamp, csv_name: str, digest: str, lang: Lang = "zh") -> str:
    lines = [
        STAMP_FORMAT,
        f"note: {_NOTE[lang]}",
        f"file: {csv_name}",
        f"sha256: {digest}",
        f"table: {table.name}",
        f"title: {table.title(lang)}",
        f"rows: {len(table.rows)}",
    ]
    for key in table.totals:
        lines += [f"total.{key}.fen: {table.total(key)}", f"total.{key}.yuan: {yuan_plain(table.total(key))}"]
    lines += [f"{k}: {v}" for k, v in stamp.fields()]
    lines += ["guard: a text or id field starting with = + - @ TAB CR or ' has one ' in front; drop it to read"]
    return "\n".join([*lines, "checkpoint:", stamp.checkpoint])


def write_csv(target: Path, table: Table, stamp: Stamp, lang: Lang = "zh") -> CsvExport:
    """Write ``table`` as CSV at ``target`` (a file path, or a directory: ``<dir>/<table.name>.csv``), and its
    stamp as ``<stem>.stamp.txt`` beside it."""
    path = target / f"{table.name}.csv" if target.is_dir() else target
    if path.suffix.lower() != ".csv":
        msg = f"expected a .csv path or a directory, got {target}"
        raise ValueError(msg)
    data = csv_bytes(table, lang)
    digest = hashlib.sha256(data).hexdigest()
    path.write_bytes(data)
    stamp_path = path.with_name(f"{path.stem}.stamp.txt")
    stamp_path.write_bytes(stamp_text(table, stamp, path.name, digest, lang).encode("utf-8-sig"))
    return CsvExport(csv=path, stamp=stamp_path, sha256=digest)


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV written here, unguarded: only text and id fields can start with ``'``."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = [[unguard(field) for field in row] for row in csv.reader(f)]
    if not rows:
        msg = f"{path}: empty, expected a header row"
        raise ValueError(msg)
    return rows[0], rows[1:]


def read_stamp(path: Path) -> tuple[dict[str, str], str]:
    """The ``key: value`` fields of a stamp file and the checkpoint note, verbatim."""
    text = path.read_bytes().decode("utf-8-sig")
    head, sep, checkpoint = text.partition("\ncheckpoint:\n")
    lines = head.split("\n")
    if not sep or lines[0] != STAMP_FORMAT:
        msg = f"{path}: expected a {STAMP_FORMAT} file"
        raise ValueError(msg)
    fields = dict(line.split(": ", 1) for line in lines[1:])
    return fields, checkpoint
