"""Write the sample bank statements of tests/data/bank/ (run: .venv/bin/python tests/data/bank/make_samples.py).

One month (March 2025) of the account 哈尔滨市财政局 pays subsidies from, exported the ways Chinese banks do:

* ``icbc_utf8_bom.csv``: UTF-8 with BOM, payer and payee columns (交易日期, 交易流水号, 付款人名称/账号,
  收款人名称/账号, 金额, 摘要), amounts like ``700,000.00`` and ``-1,280.00`` (a returned payment), accounts
  behind a leading tab so Excel keeps their digits;
* ``ccb_gbk.csv``: GBK, title rows above the header (bank, 账号：…, 户名：…, period), variant names (记账日期,
  流水号, 付款方户名/账号, 收款方户名/账号, 交易金额(元), 用途), ``￥`` amounts, serials and accounts guarded
  as ``="…"``, dates as ``2025/03/05``, a 合计 row and a print line below;
* ``boc.xlsx``: the holder's own statement with counterparty columns (对方户名/账号) and 借方/贷方发生额 as
  numbers, dates as date cells, a balance column, 账号/户名 as label and value cells above the header;
* ``abc.xls``: a legacy BIFF8 workbook (written by the small writer below, since no .xls writer is installed),
  counterparty columns with a 借贷标志 column, dates as date-formatted numbers, amounts as numbers;
* ``psbc_html.xls``: an HTML table saved as ``.xls``, as some banks' online banking does, in GBK.

Every file carries the same eight transactions (``TRANSACTIONS``), so each reader can be checked against
the same truth. The output is byte-for-byte reproducible (fixed workbook timestamps, no randomness).
"""

from __future__ import annotations

import csv
import io
import math
import struct
import sys
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Party:
    name: str
    account: str  # as printed: with spaces


@dataclass(frozen=True)
class Txn:
    value_date: date
    serial: str
    payer: Party
    payee: Party
    amount_fen: int  # from payer to payee (negative: the money came back)
    summary: str


BUREAU = Party("哈尔滨市财政局", "2302 0112 0902 6000 018")
PROVINCE = Party("黑龙江省财政厅", "0802 0100 0900 1234 567")
YUNQI = Party("哈尔滨云启智能制造有限公司", "3500 0416 0910 0056 789")
BEICHEN = Party("黑龙江北辰数控机械有限公司", "0801 2360 0112 0034 5")
SONGJIANG = Party("哈尔滨松江食品科技有限公司", "2301 6602 0100 0123 456")
LONGJIANG = Party("哈尔滨龙江云数据服务有限公司", "4401 0001 2345 6789 0012")
SUPPLIER = Party("哈尔滨市道里区晨光办公用品商店", "6228 4800 1234 5678 901")

TRANSACTIONS = (
    Txn(date(2025, 3, 3), "3101250303000018", PROVINCE, BUREAU, 500_000_000, "中央财政数字化转型专项资金"),
    Txn(date(2025, 3, 5), "3101250305000123", BUREAU, YUNQI, 70_000_000, "数字化转型补助第一批 ZF-2025-001"),
    Txn(date(2025, 3, 7), "3101250307000456", BUREAU, BEICHEN, 35_000_000, "数字化转型补助第一批 ZF-2025-002"),
    Txn(date(2025, 3, 12), "3101250312000789", BUREAU, SONGJIANG, 21_000_007, "数字化转型补助第一批 ZF-2025-003"),
    Txn(date(2025, 3, 12), "3101250312000790", BUREAU, LONGJIANG, 14_350_050, "服务商奖励 ZF-2025-004"),
    Txn(date(2025, 3, 20), "3101250320001024", BUREAU, SUPPLIER, 128_000, "办公用品"),
    Txn(date(2025, 3, 26), "3101250326000077", BUREAU, YUNQI, 30_000_000, "数字化转型补助第二批 ZF-2025-005"),
    Txn(date(2025, 3, 27), "3101250327000311", BUREAU, SUPPLIER, -128_000, "退汇 原流水3101250320001024"),
)


def yuan(fen: int, *, commas: bool = True, symbol: str = "") -> str:
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    body = f"{whole:,}" if commas else str(whole)
    return f"{sign}{symbol}{body}.{cents:02d}"


def digits(account: str) -> str:
    return account.replace(" ", "")


def holder_view(txn: Txn) -> tuple[Party, bool, int]:
    """(counterparty, money out of the bureau's account, amount) as the bureau's own statement shows it."""
    if txn.payer == BUREAU:
        return (txn.payee, txn.amount_fen > 0, abs(txn.amount_fen))
    return (txn.payer, txn.amount_fen < 0, abs(txn.amount_fen))


# -- CSV -------------------------------------------------------------------------------------------------------


def icbc_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["交易日期", "交易流水号", "付款人名称", "付款人账号", "收款人名称", "收款人账号", "金额", "摘要"])
    for t in TRANSACTIONS:
        writer.writerow(
            [
                t.value_date.isoformat(),
                t.serial,
                t.payer.name,
                "\t" + digits(t.payer.account),
                t.payee.name,
                "\t" + digits(t.payee.account),
                yuan(t.amount_fen),
                t.summary,
            ]
        )
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def ccb_csv() -> bytes:
    rows = [
        "中国建设银行单位客户账户交易明细",
        f"账号：{BUREAU.account},户名：{BUREAU.name}",
        "起止日期：2025-03-01 至 2025-03-31,币种：人民币",
        "",
        "记账日期,流水号,付款方户名,付款方账号,收款方户名,收款方账号,交易金额(元),用途",
    ]
    for t in TRANSACTIONS:
        rows.append(
            ",".join(
                [
                    t.value_date.strftime("%Y/%m/%d"),
                    f'="{t.serial}"',
                    t.payer.name,
                    f'="{digits(t.payer.account)}"',
                    t.payee.name,
                    f'="{digits(t.payee.account)}"',
                    f'"{yuan(t.amount_fen, symbol="￥")}"',
                    t.summary,
                ]
            )
        )
    total = sum(t.amount_fen for t in TRANSACTIONS)
    rows.append(f'合计,,,,,,"{yuan(total, symbol="￥")}",共{len(TRANSACTIONS)}笔')
    rows.append("打印日期：2025-04-01 09:12:45,,,,,,,")
    return ("\r\n".join(rows) + "\r\n").encode("gbk")


# -- XLSX ------------------------------------------------------------------------------------------------------


def boc_xlsx() -> bytes:
    import xlsxwriter  # type: ignore[import-untyped]

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": datetime(2025, 4, 1, 9, 0, 0), "author": "BOC"})
    sheet = book.add_worksheet("交易明细")
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "#,##0.00"})
    sheet.merge_range(0, 0, 0, 7, "中国银行对公账户交易明细", bold)
    sheet.write_string(1, 0, "账号")
    sheet.write_string(1, 1, BUREAU.account)
    sheet.write_string(1, 3, "户名")
    sheet.write_string(1, 4, BUREAU.name)
    sheet.write_string(2, 0, "查询期间：2025-03-01 至 2025-03-31")
    header = ["交易日期", "回单编号", "对方户名", "对方账号", "借方发生额", "贷方发生额", "余额", "附言"]
    for col, name in enumerate(header):
        sheet.write_string(4, col, name, bold)
    balance = 123_456_789  # opening balance in 分
    for i, t in enumerate(TRANSACTIONS):
        row = 5 + i
        other, out_going, amount = holder_view(t)
        balance += -amount if out_going else amount
        sheet.write_datetime(row, 0, datetime(t.value_date.year, t.value_date.month, t.value_date.day), day)
        sheet.write_string(row, 1, t.serial)
        sheet.write_string(row, 2, other.name)
        sheet.write_string(row, 3, digits(other.account))
        sheet.write_number(row, 4 if out_going else 5, amount / 100, money)  # as banks write: a number in 元
        sheet.write_number(row, 6, balance / 100, money)
        sheet.write_string(row, 7, t.summary)
    foot = 5 + len(TRANSACTIONS)
    sheet.write_string(foot, 0, "合计")
    debits = sum(holder_view(t)[2] for t in TRANSACTIONS if holder_view(t)[1])
    credits = sum(holder_view(t)[2] for t in TRANSACTIONS if not holder_view(t)[1])
    sheet.write_number(foot, 4, debits / 100, money)
    sheet.write_number(foot, 5, credits / 100, money)
    book.close()
    return out.getvalue()


# -- XLS (BIFF8 in an OLE2 compound file) ----------------------------------------------------------------------


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _unicode(text: str, length_bytes: int) -> bytes:
    """A BIFF8 unicode string: its length (1 or 2 bytes), a flags byte, then Latin-1 or UTF-16LE characters."""
    head = struct.pack("<B" if length_bytes == 1 else "<H", len(text))
    if all(ord(c) < 256 for c in text):
        return head + b"\x00" + text.encode("latin-1")
    return head + b"\x01" + text.encode("utf-16-le")


XF_CELL, XF_DATE, XF_MONEY, XF_TEXT = 15, 16, 17, 18


def biff8_workbook(sheet_name: str, cells: dict[tuple[int, int], str | float | date]) -> bytes:
    """A one-sheet BIFF8 workbook stream: text through the shared string table, numbers as NUMBER records,
    dates as numbers under the built-in date format 14 (which is how Excel stores them)."""
    strings: list[str] = []
    index: dict[str, int] = {}
    body: list[bytes] = []
    nrows = max(r for r, _ in cells) + 1
    ncols = max(c for _, c in cells) + 1
    for (r, c), value in sorted(cells.items()):
        if isinstance(value, str):
            if value not in index:
                index[value] = len(strings)
                strings.append(value)
            body.append(_record(0x00FD, struct.pack("<HHHI", r, c, XF_TEXT, index[value])))
        elif isinstance(value, date):
            serial = (value - date(1899, 12, 30)).days  # the 1900 date system, past the 1900-02-29 bug
            body.append(_record(0x0203, struct.pack("<HHHd", r, c, XF_DATE, float(serial))))
        else:
            body.append(_record(0x0203, struct.pack("<HHHd", r, c, XF_MONEY, value)))
    sheet = b"".join(
        [
            _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6)),  # BOF: worksheet
            _record(0x0200, struct.pack("<IIHHH", 0, nrows, 0, ncols, 0)),  # DIMENSIONS
            *body,
            _record(0x023E, struct.pack("<HHHHHHHI", 0x06B6, 0, 0, 0x40, 0, 0, 0, 0)),  # WINDOW2
            _record(0x000A, b""),  # EOF
        ]
    )
    sst = struct.pack("<II", len(body), len(strings)) + b"".join(_unicode(s, 2) for s in strings)
    if len(sst) > 8224:
        msg = "the shared strings need CONTINUE records, which this small writer does not write"
        raise ValueError(msg)

    def style_xf(fmt: int) -> bytes:
        return _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, fmt, 0xFFF5, 0x20, 0, 0, 0xF4, 0, 0, 0x20C0))

    def cell_xf(fmt: int) -> bytes:
        used = 0x04 if fmt else 0x00  # "the number format differs from the style's"
        return _record(0x00E0, struct.pack("<HHHBBBBIIH", 0, fmt, 0x0001, 0x20, 0, 0, used, 0, 0, 0x20C0))

    font = _record(0x0031, struct.pack("<HHHHHBBBB", 220, 0, 0x7FFF, 400, 0, 0, 0, 0x86, 0) + _unicode("宋体", 1))

    def globals_stream(sheet_offset: int) -> bytes:
        return b"".join(
            [
                _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6)),  # BOF: globals
                _record(0x0042, struct.pack("<H", 1200)),  # CODEPAGE: UTF-16
                _record(0x003D, struct.pack("<HHHHHHHHH", 0, 0, 0x4000, 0x2000, 0x38, 0, 0, 1, 0x258)),  # WINDOW1
                _record(0x0022, struct.pack("<H", 0)),  # DATEMODE: 1900
                font * 4,  # Excel expects four fonts (index 4 is never used)
                *(style_xf(0) for _ in range(15)),
                cell_xf(0),  # 15: general
                cell_xf(14),  # 16: built-in date format
                cell_xf(4),  # 17: #,##0.00
                cell_xf(49),  # 18: text (@)
                _record(0x0293, struct.pack("<HBB", 0x8000, 0, 0xFF)),  # STYLE: built-in Normal on XF 0
                _record(0x0085, struct.pack("<IBB", sheet_offset, 0, 0) + _unicode(sheet_name, 1)),  # BOUNDSHEET
                _record(0x00FC, sst),  # SST
                _record(0x000A, b""),  # EOF
            ]
        )

    head = globals_stream(0)
    return globals_stream(len(head)) + sheet


def ole2(stream_name: str, stream: bytes) -> bytes:
    """An OLE2 compound file (MS-CFB version 3, 512-byte sectors) holding one stream in the main FAT.

    Layout: sector 0 is the FAT, then the stream, then one directory sector. A stream under 4096 bytes would
    belong in the mini stream; it is padded to 4096 instead, as Excel pads its Workbook stream."""
    endofchain, freesect, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    stream = stream.ljust(max(4096, len(stream)), b"\x00")
    n = math.ceil(len(stream) / 512)
    if n + 2 > 128:
        msg = "one FAT sector maps 128 sectors; this writer needs no more"
        raise ValueError(msg)
    directory_sector = n + 1
    fat = [fatsect] + [i + 1 for i in range(1, n)] + [endofchain, endofchain]
    fat += [freesect] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)  # name length, type, colour black
            + struct.pack("<III", nostream, nostream, child)
            + bytes(16)  # CLSID
            + struct.pack("<I", 0)  # state bits
            + bytes(16)  # creation and modification times
            + struct.pack("<III", start, size, 0)
        )

    directory = (
        entry("Root Entry", 5, 1, endofchain, 0)
        + entry(stream_name, 2, nostream, 1, len(stream))
        + entry("", 0, nostream, 0, 0) * 2
    )
    difat = [0] + [freesect] * 108
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, directory_sector, 0, 4096, endofchain, 0, endofchain, 0)
        + struct.pack("<109I", *difat)
    )
    assert len(header) == 512 and len(directory) == 512
    body = stream.ljust(n * 512, b"\x00")
    return header + struct.pack("<128I", *fat) + body + directory


def abc_xls() -> bytes:
    cells: dict[tuple[int, int], str | float | date] = {
        (0, 0): "中国农业银行账户明细查询",
        (1, 0): f"账户：{digits(BUREAU.account)}    户名：{BUREAU.name}",
    }
    header = ["交易日期", "交易流水号", "对方户名", "对方账号", "交易金额", "借贷标志", "摘要"]
    for col, name in enumerate(header):
        cells[(3, col)] = name
    for i, t in enumerate(TRANSACTIONS):
        row = 4 + i
        other, out_going, amount = holder_view(t)
        cells[(row, 0)] = t.value_date
        cells[(row, 1)] = t.serial
        cells[(row, 2)] = other.name
        cells[(row, 3)] = digits(other.account)
        cells[(row, 4)] = amount / 100  # a double, as .xls keeps every number
        cells[(row, 5)] = "借" if out_going else "贷"
        cells[(row, 6)] = t.summary
    return ole2("Workbook", biff8_workbook("账户明细", cells))


# -- HTML saved as .xls ----------------------------------------------------------------------------------------


def psbc_html() -> bytes:
    header = ["交易日期", "交易流水号", "付款人名称", "付款人账号", "收款人名称", "收款人账号", "金额", "摘要"]
    rows = [
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>',
        '<table border="1">',
        '<tr><td colspan="8">中国邮政储蓄银行 单位账户交易明细</td></tr>',
        "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>",
    ]
    for t in TRANSACTIONS:
        cells = [
            f"{t.value_date.year}年{t.value_date.month:02d}月{t.value_date.day:02d}日",
            t.serial,
            t.payer.name,
            digits(t.payer.account),
            t.payee.name,
            t.payee.account,  # with the bank's spaces
            yuan(t.amount_fen, commas=False),
            t.summary,
        ]
        rows.append("<tr>" + "".join(f'<td style="mso-number-format:\\@">{c}</td>' for c in cells) + "</tr>")
    rows += ["</table></body></html>", ""]
    return "\r\n".join(rows).encode("gbk")


SAMPLES = {
    "icbc_utf8_bom.csv": icbc_csv,
    "ccb_gbk.csv": ccb_csv,
    "boc.xlsx": boc_xlsx,
    "abc.xls": abc_xls,
    "psbc_html.xls": psbc_html,
}


def main(target: Path = HERE) -> None:
    for name, make in SAMPLES.items():
        (target / name).write_bytes(make())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
