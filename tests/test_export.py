"""Exports for people and machines (projections/export): XLSX read back with openpyxl, CSV with the csv
module. Ids stay text, 元 is 分/100 exactly, 分 an integer, totals the integer sum, no formulas, 万元 exact
text, 大写 from domain.kernel.money, and the stamp of the ledger state on every export."""

from __future__ import annotations

import base64
import csv
import hashlib
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import openpyxl  # type: ignore[import-untyped]
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.kernel.money import daxie
from ledger.checkpoints import checkpoint_body
from ledger.checkpoints import seal_note
from ledger.checkpoints import signed_note
from projections.export import Column
from projections.export import Kind
from projections.export import PaymentOrder
from projections.export import Stamp
from projections.export import Table
from projections.export import payment_orders_table
from projections.export import read_csv
from projections.export import read_stamp
from projections.export import wan
from projections.export import write_csv
from projections.export import write_xlsx
from tests.helpers import build_world

if TYPE_CHECKING:
    from pathlib import Path

ORIGIN = "fundtrail.example/harbin"
SEQ = 12_408
HEAD = hashlib.sha256(b"head").hexdigest()
USCC = "912301000000000017"  # 18 characters, all digits: a number to a spreadsheet that guesses
INVOICE = "25232000000012345678"  # a 20-digit 全电发票 number
SERIAL = "0012024093000000000001"  # a bank serial with leading zeros
OFFICIAL = [140_950, 600_714, 168_032, 10_700_053, 1_640_902, 32_504]  # 《正确填写票据和结算凭证的基本规定》


def note(origin: str = ORIGIN, size: int = SEQ) -> str:
    key = Ed25519PrivateKey.from_private_bytes(bytes(32))
    body = checkpoint_body(origin, size, hashlib.sha256(b"root").digest())
    return signed_note(origin, body, key.public_key().public_bytes_raw(), key.sign(body.encode()))


def stamp(**changes: object) -> Stamp:
    fields: dict[str, object] = {
        "origin": ORIGIN,
        "seq": SEQ,
        "head_hash_hex": HEAD,
        "checkpoint": note(),
        "made_at": datetime(2025, 7, 1, 2, 31, tzinfo=UTC),
        "as_of": "2025-06-30",
        "command_line": "fundtrail export balances --format xlsx -o balances.xlsx",
        "made_by": "财务 王芳",
    }
    return Stamp(**{**fields, **changes})  # type: ignore[arg-type]


COLUMNS = [
    Column("enterprise", "企业名称", "Enterprise", Kind.TEXT),
    Column("uscc", "统一社会信用代码", "USCC", Kind.ID),
    Column("invoice", "发票号码", "Invoice no.", Kind.ID),
    Column("serial", "银行流水号", "Bank serial", Kind.ID),
    Column("paid_on", "付款日期", "Paid on", Kind.DATE),
    Column("approved", "核定金额", "Approved", Kind.FEN),
    Column("approved_wan", "核定金额", "Approved", Kind.WAN),
    Column("approved_daxie", "核定金额大写", "Approved in words", Kind.DAXIE),
    Column("tranche", "批次", "Tranche", Kind.INT),
    Column("cleared", "已结清", "Cleared", Kind.BOOL),
    Column("paid", "已拨付", "Paid", Kind.FEN),
]
AMOUNTS = [1, 10_000_000, 123_456_789, *OFFICIAL, 99_999_999_999_999]  # the last: 14 digits, the total 15


def balances() -> Table:
    rows = [
        {
            "enterprise": f"哈尔滨红星科技有限公司{i}",
            "uscc": USCC,
            "invoice": INVOICE,
            "serial": SERIAL,
            "paid_on": date(2025, 6, i + 1),
            "approved": fen,
            "approved_wan": fen,
            "approved_daxie": fen,
            "tranche": i,
            "cleared": i % 2 == 0,
            "paid": None if i == 0 else fen // 2,
        }
        for i, fen in enumerate(AMOUNTS)
    ]
    return Table("balances", "资金余额", "Balances", COLUMNS, rows, totals=["approved", "paid"])


def every_cell(book: openpyxl.Workbook) -> list[openpyxl.cell.Cell]:
    return [c for ws in book.worksheets for row in ws.iter_rows() for c in row]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("x") / "balances.xlsx"
    write_xlsx(path, [balances()], stamp())
    return openpyxl.load_workbook(path)


def test_xlsx_sheets_headers_and_frozen_header(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == ["说明", "资金余额"]
    ws = workbook["资金余额"]
    header = [c.value for c in ws[4]]
    assert header[:4] == ["企业名称", "统一社会信用代码", "发票号码", "银行流水号"]
    assert header[5:9] == ["核定金额（元）", "核定金额（分）", "核定金额（万元）", "核定金额大写"]
    assert all(c.font.b for c in ws[4])
    assert ws.freeze_panes == "A5"
    assert ws.column_dimensions["A"].width >= 2 * len("哈尔滨红星科技有限公司0")  # CJK counts double


def test_xlsx_ids_money_and_totals(workbook: openpyxl.Workbook) -> None:
    ws = workbook["资金余额"]
    data = list(ws.iter_rows(min_row=5, max_row=4 + len(AMOUNTS)))
    for row, fen in zip(data, AMOUNTS, strict=True):
        uscc, invoice, serial = row[1], row[2], row[3]
        for cell, expected in ((uscc, USCC), (invoice, INVOICE), (serial, SERIAL)):
            assert (cell.data_type, cell.value, cell.number_format) == ("s", expected, "@")
        yuan_cell, fen_cell = row[5], row[6]
        assert isinstance(yuan_cell.value, int | float) and not isinstance(yuan_cell.value, bool)
        assert Decimal(repr(yuan_cell.value)) == Decimal(fen) / 100  # exact: 分/100, two decimals at most
        assert yuan_cell.number_format == "#,##0.00"
        assert type(fen_cell.value) is int and fen_cell.value == fen
        assert (row[7].data_type, row[7].value) == ("s", wan(fen))
        assert row[8].value == daxie(fen)
    totals = ws[5 + len(AMOUNTS)]
    assert totals[0].value == "合计" and totals[0].font.b
    assert type(totals[6].value) is int and totals[6].value == sum(AMOUNTS)
    assert Decimal(repr(totals[5].value)) == Decimal(sum(AMOUNTS)) / 100 and totals[5].font.b
    paid = sum(fen // 2 for fen in AMOUNTS[1:])
    assert (totals[12].value, Decimal(repr(totals[11].value))) == (paid, Decimal(paid) / 100)
    first = data[0]
    assert first[11].value is None and first[12].value is None  # no amount: both cells empty


def test_xlsx_dates_ints_bools(workbook: openpyxl.Workbook) -> None:
    ws = workbook["资金余额"]
    row = next(ws.iter_rows(min_row=6, max_row=6))
    assert row[4].value == datetime(2025, 6, 2) and row[4].number_format == "yyyy-mm-dd"
    assert type(row[9].value) is int and row[9].value == 1
    assert row[10].data_type == "b" and row[10].value is False


def test_xlsx_has_no_formula_and_carries_the_stamp(workbook: openpyxl.Workbook) -> None:
    cells = every_cell(workbook)
    assert cells and all(c.data_type != "f" for c in cells)
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in cells)
    about = {r[0]: r[1] for r in workbook["说明"].iter_rows(values_only=True) if r[0]}
    assert about["账本"] == ORIGIN and about["账本序号"] == str(SEQ) and about["链头哈希"] == HEAD
    assert about["检查点（签名）"] == note()  # verbatim, to be re-verified
    assert about["截至日期"] == "2025-06-30" and about["生成时间"] == "2025-07-01 10:31:00（北京时间）"
    tables = list(workbook["说明"].iter_rows(values_only=True))
    assert ("资金余额", len(AMOUNTS), "核定金额（元）", sum(AMOUNTS)) in [r[:4] for r in tables]
    line = workbook["资金余额"]["A2"].value
    assert f"序号 {SEQ}" in line and HEAD in line and "2025-06-30" in line
    assert workbook.properties.creator == "财务 王芳"


def test_xlsx_strings_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    texts = ["=1+1", "+86 451", "-", "@SUM(A1)", "'quoted"]
    table = Table("t", "文本", "Text", [Column("x", "文本", "Text")], [{"x": t} for t in texts])
    write_xlsx(tmp_path / "t.xlsx", [table], stamp())
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["文本"]
    cells = [r[0] for r in ws.iter_rows(min_row=5)]
    assert [(c.data_type, c.value) for c in cells] == [("s", t) for t in texts]


def test_xlsx_is_the_same_bytes_for_the_same_input(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "a.xlsx", [balances()], stamp())
    write_xlsx(tmp_path / "b.xlsx", [balances()], stamp())
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_xlsx_english(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "en.xlsx", [balances()], stamp(), "en")
    book = openpyxl.load_workbook(tmp_path / "en.xlsx")
    assert book.sheetnames == ["About", "Balances"]
    header = [c.value for c in book["Balances"][4]]
    assert header[5:9] == ["Approved (yuan)", "Approved (fen)", "Approved (10k yuan)", "Approved in words"]
    assert book["Balances"].cell(5 + len(AMOUNTS), 1).value == "Total"


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (1, "0.000001"),
        (10_000_000, "10"),  # 10万元
        (123_456_789, "123.456789"),
        (0, "0"),
        (100, "0.0001"),
        (12_345_600, "12.3456"),
        (1_000_000, "1"),
        (-1, "-0.000001"),
        (15_000 * 1_000_000, "15000"),
    ],
)
def test_wan_is_exact_text(fen: int, text: str) -> None:
    assert wan(fen) == text


def test_csv_bom_rfc4180_and_the_same_strings(tmp_path: Path) -> None:
    out = write_csv(tmp_path, balances(), stamp())
    assert out.csv == tmp_path / "balances.csv" and out.stamp == tmp_path / "balances.stamp.txt"
    raw = out.csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 1 + len(AMOUNTS) and b"\n" not in raw.replace(b"\r\n", b"")
    with out.csv.open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header[5:9] == ["核定金额（元）", "核定金额（分）", "核定金额（万元）", "核定金额大写"]
    assert len(rows) == len(AMOUNTS)  # no totals row, no comment line: the table only
    for row, fen in zip(rows, AMOUNTS, strict=True):
        assert row[1:4] == [USCC, INVOICE, SERIAL]
        assert Decimal(row[5]) == Decimal(fen) / 100 and row[5] == f"{fen // 100}.{fen % 100:02d}"
        assert row[6] == str(fen) and row[7] == wan(fen) and row[8] == daxie(fen)
    assert rows[0][11:13] == ["", ""] and rows[1][4] == "2025-06-02" and rows[1][9:11] == ["1", "false"]
    assert read_csv(out.csv) == (header, rows)


def test_csv_stamp_file_binds_the_csv_and_the_ledger_state(tmp_path: Path) -> None:
    out = write_csv(tmp_path / "b.csv", balances(), stamp(), "en")
    assert out.stamp == tmp_path / "b.stamp.txt" and out.stamp.read_bytes().startswith(b"\xef\xbb\xbf")
    fields, checkpoint = read_stamp(out.stamp)
    assert fields["sha256"] == out.sha256 == hashlib.sha256(out.csv.read_bytes()).hexdigest()
    assert (fields["file"], fields["table"], fields["rows"]) == ("b.csv", "balances", str(len(AMOUNTS)))
    assert (fields["origin"], fields["seq"], fields["head"]) == (ORIGIN, str(SEQ), HEAD)
    assert fields["made_at"] == "2025-07-01T02:31:00.000000Z" and fields["as_of"] == "2025-06-30"
    assert fields["total.approved.fen"] == str(sum(AMOUNTS))
    assert Decimal(fields["total.approved.yuan"]) == Decimal(sum(AMOUNTS)) / 100
    assert checkpoint == note()
    header, _ = read_csv(out.csv)
    assert header[5:7] == ["Approved (yuan)", "Approved (fen)"]


def test_csv_guards_formula_text_reversibly(tmp_path: Path) -> None:
    texts = ["=1+1", "+86 451", "-", "@SUM(A1)", "'quoted", "\tx", "plain", '=HYPERLINK("x")']
    table = Table(
        "t",
        "文本",
        "Text",
        [Column("x", "文本", "Text"), Column("n", "金额", "Amount", Kind.FEN)],
        [{"x": t, "n": -150} for t in texts],
    )
    out = write_csv(tmp_path, table, stamp())
    with out.csv.open(encoding="utf-8-sig", newline="") as f:
        raw = [r[0] for r in list(csv.reader(f))[1:]]
    assert all(r[0] not in "=+-@\t" for r in raw)  # nothing a spreadsheet would take for a formula
    assert raw[-2] == "plain"
    _, rows = read_csv(out.csv)
    assert [r[0] for r in rows] == texts
    assert {tuple(r[1:]) for r in rows} == {("-1.50", "-150")}  # amounts are numbers, never guarded


def test_daxie_column_follows_domain_money(tmp_path: Path) -> None:
    table = Table(
        "d",
        "大写",
        "Words",
        [Column("a", "金额大写", "Words", Kind.DAXIE)],
        [{"a": fen} for fen in [*OFFICIAL, 18_000_000, 0]],
    )
    expected = [daxie(fen) for fen in [*OFFICIAL, 18_000_000, 0]]
    assert expected[:2] == ["人民币壹仟肆佰零玖元伍角", "人民币陆仟零柒元壹角肆分"]
    write_xlsx(tmp_path / "d.xlsx", [table], stamp())
    ws = openpyxl.load_workbook(tmp_path / "d.xlsx")["大写"]
    assert [r[0].value for r in ws.iter_rows(min_row=5)] == expected
    assert [r[0] for r in read_csv(write_csv(tmp_path, table, stamp()).csv)[1]] == expected


def test_payment_orders_table_and_forms(tmp_path: Path) -> None:
    orders = [
        PaymentOrder(
            order_no="FK-2025-0001",
            payee_name="哈尔滨红星科技有限公司",
            payee_uscc=USCC,
            account_last4="0012",
            amount_fen=10_700_053,
            approval_ref="哈工信发〔2025〕12号",
            purpose="数字化转型补助第一笔",
        ),
        PaymentOrder(
            order_no="FK-2025-0002",
            payee_name="松北数据有限公司",
            account_last4="9981",
            amount_fen=18_000_000,
            approval_ref="哈工信发〔2025〕13号",
        ),
    ]
    table = payment_orders_table(orders)
    assert table.total("amount") == 28_700_053
    write_xlsx(tmp_path / "p.xlsx", [table], stamp(), payment_orders=orders)
    book = openpyxl.load_workbook(tmp_path / "p.xlsx")
    assert book.sheetnames == ["说明", "付款凭证", "付款凭证（打印）"]
    listed = list(book["付款凭证"].iter_rows(min_row=5, values_only=True))
    assert listed[0][:3] == ("FK-2025-0001", "哈尔滨红星科技有限公司", USCC)
    assert listed[0][3] == "0012" and listed[0][6] == "人民币壹拾万零柒仟元零伍角叁分"
    assert listed[2][0] == "合计" and listed[2][5] == 28_700_053
    form = book["付款凭证（打印）"]
    first = {r[0].value: r[1] for r in form.iter_rows(max_row=12) if r[0].value}
    assert first["金额（大写）"].value == "人民币壹拾万零柒仟元零伍角叁分"
    assert Decimal(repr(first["金额（小写，元）"].value)) == Decimal("107000.53")
    assert first["金额（分）"].value == 10_700_053
    assert (first["收款账号后四位"].data_type, first["收款账号后四位"].value) == ("s", "0012")
    assert first["审批文号"].value == "哈工信发〔2025〕12号" and HEAD in first["数据来源"].value
    words = [r[1].value for r in form.iter_rows() if r[0].value == "金额（大写）"]
    assert words == ["人民币壹拾万零柒仟元零伍角叁分", "人民币壹拾捌万元整"]
    assert form.row_breaks.count == 1
    assert all(c.data_type != "f" for c in every_cell(book))


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        (Column("m", "金额", "Amount", Kind.FEN), 1.5, TypeError),  # no floats near money
        (Column("m", "金额", "Amount", Kind.FEN), Decimal("1.50"), TypeError),
        (Column("m", "金额", "Amount", Kind.FEN), True, TypeError),
        (Column("m", "金额", "Amount", Kind.FEN), 10**15, ValueError),  # beyond Excel's 15 digits
        (Column("i", "代码", "Code", Kind.ID), 912301000000000017, TypeError),  # an id as a number is already at risk
        (Column("d", "日期", "Date", Kind.DATE), datetime(2025, 6, 1, tzinfo=UTC), TypeError),
        (Column("w", "大写", "Words", Kind.DAXIE), -1, ValueError),
        (Column("n", "次数", "Count", Kind.INT), "3", TypeError),
    ],
)
def test_a_table_refuses_values_it_cannot_write_exactly(column: Column, value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=column.key):
        Table("t", "表", "Table", [column], [{column.key: value}])  # type: ignore[dict-item]


def test_a_table_refuses_bad_shapes() -> None:
    text = Column("x", "文本", "Text")
    with pytest.raises(ValueError, match="no value for column 'x'"):
        Table("t", "表", "Table", [text], [{"y": "a"}])
    with pytest.raises(ValueError, match="fen column"):
        Table("t", "表", "Table", [text], [], totals=["x"])
    with pytest.raises(ValueError, match="distinct"):
        Table("t", "表", "Table", [text, text], [])
    with pytest.raises(ValueError, match="names files"):
        Table("../t", "表", "Table", [text], [])
    big = Column("m", "金额", "Amount", Kind.FEN)
    with pytest.raises(ValueError, match="total of 'm'"):  # each amount fits, their sum would not
        Table("t", "表", "Table", [big], [{"m": 10**15 - 1}, {"m": 1}], totals=["m"])
    with pytest.raises(ValueError, match="four digits"):
        PaymentOrder(order_no="F", payee_name="P", account_last4="123", amount_fen=1, approval_ref="R")


def test_a_stamp_refuses_another_position_or_a_bare_body() -> None:
    with pytest.raises(ValueError, match="size 12408"):
        stamp(checkpoint=note(size=SEQ - 1))
    with pytest.raises(ValueError, match="size"):
        stamp(checkpoint=note(origin="fundtrail.example/other"))
    with pytest.raises(ValueError, match="signed note"):
        stamp(checkpoint=checkpoint_body(ORIGIN, SEQ, bytes(32)))
    with pytest.raises(ValueError, match="aware"):
        stamp(made_at=datetime(2025, 7, 1))
    with pytest.raises(ValueError, match="hex"):
        stamp(head_hash_hex=HEAD.upper())


def test_the_stamp_takes_a_real_ledger_seal(tmp_path: Path) -> None:
    w = build_world(f"sqlite:///{tmp_path}/l.sqlite")
    seq, head = w.app.chain.chain_head()
    issued = seal_note(w.app)
    s = Stamp(
        origin=w.app.info().origin,
        seq=seq,
        head_hash_hex=head.hex(),
        checkpoint=issued.note,
        made_at=datetime(2025, 3, 3, 2, 0, tzinfo=UTC),
        command_line="fundtrail export balances --format csv",
    )
    w.app.close()
    out = write_csv(tmp_path, balances(), s)
    fields, checkpoint = read_stamp(out.stamp)
    assert checkpoint == issued.note and fields["seq"] == str(issued.size)
    assert base64.b64decode(checkpoint.split("\n")[2]) == issued.root
