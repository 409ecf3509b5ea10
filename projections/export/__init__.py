"""Exports for people (XLSX) and machines (CSV) of any table, stamped with the ledger state they came from.

A :class:`Table` is typed columns over plain rows; money enters as integer 分 and is written as 元 (an exact
two-decimal number), 分 (an integer), 万元 (exact text) or 人民币大写 (domain.kernel.money); ids are always
text. Totals are summed here in 分. A :class:`Stamp` (origin, seq, head hash, the head's signed checkpoint,
time, command) goes on every export: the 说明/About sheet and each sheet's header in XLSX, a
``<name>.stamp.txt`` beside each CSV (conventions in :mod:`projections.export.csvfile`).
"""

from __future__ import annotations

from projections.export.csvfile import CsvExport
from projections.export.csvfile import read_csv
from projections.export.csvfile import read_stamp
from projections.export.csvfile import write_csv
from projections.export.payment import PaymentOrder
from projections.export.payment import payment_orders_table
from projections.export.stamp import Stamp
from projections.export.table import Column
from projections.export.table import Kind
from projections.export.table import Lang
from projections.export.table import Table
from projections.export.table import wan
from projections.export.table import yuan_plain
from projections.export.xlsx import write_xlsx

__all__ = [
    "Column",
    "CsvExport",
    "Kind",
    "Lang",
    "PaymentOrder",
    "Stamp",
    "Table",
    "payment_orders_table",
    "read_csv",
    "read_stamp",
    "wan",
    "write_csv",
    "write_xlsx",
    "yuan_plain",
]
