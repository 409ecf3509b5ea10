"""Bank statement import and three-way reconciliation (projections/reconcile): the keyed account hash, the
statement readers on every sample format in tests/data/bank/, exact amounts, errors that name row and
column, and each kind of finding of approval ↔ payment order ↔ bank settlement."""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import sys
from dataclasses import replace
from datetime import date
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

import pytest
import xlrd  # type: ignore[import-untyped]
import xlsxwriter  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from domain.enterprise.fields import BankAccount
from ledger.canonical import parse_canonical
from projections.reconcile import AccountNumberError
from projections.reconcile import Approved
from projections.reconcile import HashedLine
from projections.reconcile import Kind
from projections.reconcile import Order
from projections.reconcile import StatementError
from projections.reconcile import StatementLine
from projections.reconcile import account_hash
from projections.reconcile import hash_lines
from projections.reconcile import last4
from projections.reconcile import normalise_account
from projections.reconcile import parse_amount
from projections.reconcile import parse_statement
from projections.reconcile import read_statement
from projections.reconcile import reconcile
from projections.reconcile.cells import amount_of_number

if TYPE_CHECKING:
    import random
    from types import ModuleType

BANK = Path(__file__).parent / "data" / "bank"
SECRET = b"harbin-finance-ledger-secret-2025"


def _load_samples() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bank_samples", BANK / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


ms = _load_samples()


def digits(party: Any) -> str:
    return str(party.account).replace(" ", "")


def h(party: Any) -> str:
    return account_hash(SECRET, party.account)


# -- the keyed account hash -------------------------------------------------------------------------------------


def test_account_hash_is_hmac_sha256_of_the_digits_under_the_ledger_secret() -> None:
    expected = hmac.new(SECRET, b"3500041609100056789", hashlib.sha256).hexdigest()
    for written in (
        "3500041609100056789",
        "3500 0416 0910 0056 789",
        "3500-0416-0910-0056-789",
        "3500\u30000416 0910-0056 789",
    ):
        assert account_hash(SECRET, written) == expected
    assert account_hash(SECRET + b"!", "3500041609100056789") != expected  # keyed: another secret, another hash
    assert last4("3500 0416 0910 0056 789") == "6789"
    # the two values the ledger records for a bank account are accepted by the domain's own field
    recorded = BankAccount.model_validate({"bank": "中国银行哈尔滨分行", "account_hash": expected, "last4": "6789"})
    assert recorded.account_hash == expected


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("", "empty"),
        ("6228 48OO 1234 5678", "'O'"),  # letter O for zero
        ("6.22848E+18", "lost digits"),  # what a spreadsheet makes of a 19-digit account
        ("６２２８４８００１２３４", "digits only"),  # full-width digits are not silently converted
        ("1234567", "8 to 32 digits"),
        ("1" * 33, "8 to 32 digits"),
    ],
)
def test_an_account_number_is_digits_only(written: str, why: str) -> None:
    with pytest.raises(AccountNumberError, match=why):
        normalise_account(written)


def test_the_ledger_secret_has_at_least_16_bytes() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        account_hash(b"short", "3500041609100056789")


# -- the sample statements --------------------------------------------------------------------------------------


def expected_lines() -> list[tuple[object, ...]]:
    """The samples' transactions as every reader must give them: money moves payer -> payee, never negative."""
    out: list[tuple[object, ...]] = []
    for t in ms.TRANSACTIONS:
        payer, payee = (t.payer, t.payee) if t.amount_fen >= 0 else (t.payee, t.payer)
        out.append(
            (t.value_date, t.serial, payer.name, digits(payer), payee.name, digits(payee), abs(t.amount_fen), t.summary)
        )
    return out


def content(line: StatementLine) -> tuple[object, ...]:
    return (
        line.value_date,
        line.serial,
        line.payer_name,
        line.payer_account,
        line.payee_name,
        line.payee_account,
        line.amount_fen,
        line.summary,
    )


SAMPLES = [
    # file, format, encoding, header row, account named above the header, rows skipped below (totals, notes)
    ("icbc_utf8_bom.csv", "csv", "utf-8-sig", 1, None, ()),
    ("ccb_gbk.csv", "csv", "gbk", 5, digits(ms.BUREAU), (14, 15)),
    ("boc.xlsx", "xlsx", None, 5, digits(ms.BUREAU), (14,)),
    ("abc.xls", "xls", None, 4, digits(ms.BUREAU), ()),
    ("psbc_html.xls", "html", "gbk", 2, None, ()),
]


@pytest.mark.parametrize(("name", "fmt", "encoding", "header_row", "account", "skipped"), SAMPLES)
def test_every_sample_format_reads_to_the_same_lines(
    name: str, fmt: str, encoding: str | None, header_row: int, account: str | None, skipped: tuple[int, ...]
) -> None:
    path = BANK / name
    statement = read_statement(path)
    assert statement.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # recorded by content hash
    assert (statement.format, statement.encoding, statement.header_row) == (fmt, encoding, header_row)
    assert statement.account == account
    assert statement.skipped_rows == skipped
    assert [content(line) for line in statement.lines] == expected_lines()
    assert [line.row for line in statement.lines] == list(range(header_row + 1, header_row + 1 + len(ms.TRANSACTIONS)))
    assert statement.period == (date(2025, 3, 3), date(2025, 3, 27))


def test_the_samples_are_what_make_samples_writes(tmp_path: Path) -> None:
    ms.main(tmp_path)
    for name, *_ in SAMPLES:
        made, kept = (tmp_path / name).read_bytes(), (BANK / name).read_bytes()
        if name.endswith(".xlsx"):  # xlsxwriter's bytes may change with its version; the content may not
            assert parse_statement(made).lines == parse_statement(kept).lines
        else:
            assert made == kept, name


def test_the_samples_are_what_they_claim_to_be() -> None:
    gbk = (BANK / "ccb_gbk.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")  # really GBK, as the bank exports it
    assert "账号：2302 0112 0902 6000 018" in gbk.decode("gbk")
    assert (BANK / "icbc_utf8_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    xls = (BANK / "abc.xls").read_bytes()
    assert xls.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    book = xlrd.open_workbook(file_contents=xls)
    assert book.biff_version == 80  # BIFF8, Excel 97-2003
    assert book.sheet_by_index(0).cell_type(4, 0) == xlrd.XL_CELL_DATE  # dates stored as Excel stores them


def test_the_format_is_told_by_content_not_by_name(tmp_path: Path) -> None:
    renamed = tmp_path / "statement.csv"
    renamed.write_bytes((BANK / "boc.xlsx").read_bytes())
    assert read_statement(renamed).format == "xlsx"


# -- amounts, exactly -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1,234.56", 123_456),
        ("¥1,234.56", 123_456),
        ("￥1,234.56", 123_456),
        ("1234.5", 123_450),
        ("-2,000.00", -200_000),
        ("¥-2,000.00", -200_000),
        ("-¥2,000.00", -200_000),
        ("(12.00)", -1_200),
        ("RMB 1,000,000.01", 100_000_001),
        ("350,000.00元", 35_000_000),
        ("0.07", 7),
        (" 12 ", 1_200),
    ],
)
def test_amount_text_to_fen(text: str, fen: int) -> None:
    assert parse_amount(text) == fen


@pytest.mark.parametrize(
    "text", ["", "abc", "12.345", "1,23.45", "1234,567.00", "1e5", "1.2.3", "--5", "¥", ".5", "5."]
)
def test_amount_text_that_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError, match="amount"):
        parse_amount(text)


@st.composite
def bank_text(draw: st.DrawFn) -> tuple[int, str]:
    """An amount in 分 and one way a bank prints it."""
    fen = draw(st.integers(min_value=-(10**13), max_value=10**13))
    whole, cents = divmod(abs(fen), 100)
    body = f"{whole:,}" if draw(st.booleans()) else str(whole)
    style = draw(st.sampled_from(["two", "trimmed"]))
    if style == "two":
        body += f".{cents:02d}"
    elif cents:
        body += "." + f"{cents:02d}".rstrip("0")  # 1234.5, or none at all for whole 元
    symbol = draw(st.sampled_from(["", "¥", "￥", "RMB"]))
    suffix = draw(st.sampled_from(["", "元"]))
    if fen >= 0:
        text = symbol + body
    else:
        text = draw(st.sampled_from([f"-{symbol}{body}", f"{symbol}-{body}", f"({symbol}{body})"]))
    return fen, draw(st.sampled_from(["", " "])) + text + suffix


@given(bank_text())
def test_formatting_any_fen_as_bank_text_and_parsing_it_back_gives_the_same_fen(case: tuple[int, str]) -> None:
    fen, text = case
    assert parse_amount(text) == fen


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
def test_a_spreadsheet_number_in_yuan_reads_back_to_the_same_fen(fen: int) -> None:
    stored = float(Decimal(fen).scaleb(-2))  # the double a spreadsheet keeps for the 元 amount
    assert amount_of_number(stored) == fen


def test_a_computed_number_with_more_than_two_decimals_is_refused() -> None:
    with pytest.raises(ValueError, match="more than two decimals"):
        amount_of_number(0.1 + 0.2)
    with pytest.raises(ValueError, match="not an amount"):
        amount_of_number(float("nan"))


# -- bad input: StatementError names the row and the column -----------------------------------------------------

HEADER = "交易日期,交易流水号,付款人名称,付款人账号,收款人名称,收款人账号,金额,摘要\r\n"


def test_bad_cells_are_reported_by_row_and_column_all_at_once() -> None:
    text = (
        "哈尔滨银行 账户明细\r\n"
        + HEADER
        + '2025-03-05,S1,哈尔滨市财政局,230201120902600001,云启,3500041609100056789,"1,000.00",ok\r\n'
        + "2025-03-06,S2,哈尔滨市财政局,230201120902600001,云启,3500041609100056789,12.345,bad amount\r\n"
        + "2025-02-30,S3,哈尔滨市财政局,230201120902600001,云启,35000416O9100056789,1.00,bad date and account\r\n"
        + ",S4,哈尔滨市财政局,230201120902600001,云启,3500041609100056789,1.00,no date\r\n"
    )
    with pytest.raises(StatementError) as caught:
        parse_statement(text.encode("gbk"))
    error = caught.value
    assert (error.row, error.column) == (4, "金额")
    assert "row 4, column 金额" in str(error) and "12.345" in str(error) and "3 more" in str(error)
    assert [(e.row, e.column) for e in error.errors] == [
        (4, "金额"),
        (5, "交易日期"),
        (5, "收款人账号"),
        (6, "交易日期"),
    ]
    assert "not a calendar date" in error.errors[1].message
    assert "'O'" in error.errors[2].message


def test_an_account_a_spreadsheet_stored_as_a_number_is_refused_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "numbers.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for col, name in enumerate(["交易日期", "流水号", "收款人名称", "收款人账号", "交易金额（元）"]):
        sheet.write_string(0, col, name)
    sheet.write_string(1, 0, "2025-03-05")
    sheet.write_number(1, 1, 3101250305000123)  # 16 digits: more than a spreadsheet number keeps
    sheet.write_string(1, 2, "云启")
    sheet.write_number(1, 3, 6228480012345678901)  # 19 digits: Excel shows 6.22848E+18
    sheet.write_number(1, 4, 1234.567)
    book.close()
    with pytest.raises(StatementError) as caught:
        read_statement(path)
    found = {(e.row, e.column): e.message for e in caught.value.errors}
    assert set(found) == {(2, "流水号"), (2, "收款人账号"), (2, "交易金额（元）")}
    assert "lost digits" in found[(2, "收款人账号")] and "lost digits" in found[(2, "流水号")]
    assert "more than two decimals" in found[(2, "交易金额（元）")]


def test_a_bad_cell_in_a_legacy_xls_names_its_row_and_column() -> None:
    cells: dict[tuple[int, int], object] = {
        (0, c): n for c, n in enumerate(["交易日期", "交易流水号", "收款人账号", "金额"])
    }
    cells.update({(1, 0): date(2025, 3, 5), (1, 1): "S1", (1, 2): "3500041609100056789", (1, 3): 700000.0})
    cells.update({(2, 0): "2025-03-32", (2, 1): "S2", (2, 2): "3500041609100056789", (2, 3): 1.0})
    data = ms.ole2("Workbook", ms.biff8_workbook("明细", cells))
    with pytest.raises(StatementError) as caught:
        parse_statement(data)
    assert (caught.value.row, caught.value.column) == (3, "交易日期")
    fixed = dict(cells) | {(2, 0): "2025-03-31"}
    lines = parse_statement(ms.ole2("Workbook", ms.biff8_workbook("明细", fixed))).lines
    assert [(ln.value_date, ln.amount_fen) for ln in lines] == [
        (date(2025, 3, 5), 70_000_000),
        (date(2025, 3, 31), 100),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        ("说明,无表头\r\n1,2\r\n".encode("gbk"), "no header row"),
        (b"PK\x03\x04not really a zip", "not a readable XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "not a readable XLS"),
        (b"\x81\x30\x81", "cannot decode"),  # invalid in UTF-8, GBK and GB18030
    ],
)
def test_an_unreadable_file_is_a_statement_error_for_the_whole_file(data: bytes, message: str) -> None:
    with pytest.raises(StatementError, match=message) as caught:
        parse_statement(data)
    assert caught.value.row is None and caught.value.column is None


def test_a_missing_file_is_a_statement_error(tmp_path: Path) -> None:
    with pytest.raises(StatementError, match="cannot read"):
        read_statement(tmp_path / "nowhere.csv")


def test_debit_and_credit_on_one_line_and_an_unknown_flag_are_refused() -> None:
    both = "交易日期,流水号,对方户名,对方账号,借方发生额,贷方发生额\r\n2025-03-05,S1,云启,3500041609100056789,1.00,2.00\r\n"
    with pytest.raises(StatementError, match="both 借方 and 贷方") as caught:
        parse_statement(both.encode())
    assert (caught.value.row, caught.value.column) == (2, "借方发生额")
    flag = "交易日期,流水号,对方账号,交易金额,借贷标志\r\n2025-03-05,S1,3500041609100056789,1.00,转\r\n"
    with pytest.raises(StatementError, match="借/贷") as caught:
        parse_statement(flag.encode())
    assert (caught.value.row, caught.value.column) == (2, "借贷标志")


def test_a_tab_separated_utf16_export_reads_too() -> None:
    text = "交易日期\t交易流水号\t收款人账号\t金额\r\n2025年3月5日\tS1\t3500 0416 0910 0056 789\t700,000.00\r\n"
    statement = parse_statement(text.encode("utf-16"))
    assert statement.encoding == "utf-16"
    assert [(ln.value_date, ln.payee_account, ln.amount_fen) for ln in statement.lines] == [
        (date(2025, 3, 5), "3500041609100056789", 70_000_000)
    ]


def test_a_name_outside_gbk_decodes_as_gb18030() -> None:
    text = "交易日期,交易流水号,收款人名称,收款人账号,金额\r\n2025-03-05,S1,𠮷野数控,3500041609100056789,1.00\r\n"
    statement = parse_statement(text.encode("gb18030"))
    assert (statement.encoding, statement.lines[0].payee_name) == ("gb18030", "𠮷野数控")


# -- three-way matching -----------------------------------------------------------------------------------------

ISSUED = date(2025, 3, 3)


def approved(subject: str, amount_fen: int, party: Any = ms.YUNQI, *, seq: int = 10) -> Approved:
    return Approved(subject, f"AP-{subject}", amount_fen, f"USCC-{subject}", frozenset({h(party)}), seq)


def order(
    no: str,
    subject: str,
    amount_fen: int,
    *,
    seq: int,
    party: Any = ms.YUNQI,
    serial: str | None = None,
    value_date: date | None = None,
    issued_on: date = ISSUED,
    status: str | None = None,
    tranche: int = 1,
) -> Order:
    settled = serial is not None
    return Order(
        order_no=no,
        subject_id=subject,
        tranche=tranche,
        amount_fen=amount_fen,
        payee_account_hash=h(party),
        issued_on=issued_on,
        seq=seq,
        settled_serial=serial,
        value_date=value_date or (ISSUED + timedelta(days=2) if settled else None),
        status=status or ("settled" if settled else "issued"),
        settled_seq=seq + 1 if settled else None,
    )


def bank(row: int, serial: str, amount_fen: int, party: Any = ms.YUNQI, value_date: date | None = None) -> HashedLine:
    line = StatementLine(
        row=row,
        value_date=value_date or ISSUED + timedelta(days=2),
        serial=serial,
        payer_name=ms.BUREAU.name,
        payer_account=digits(ms.BUREAU),
        payee_name=party.name,
        payee_account=digits(party),
        amount_fen=amount_fen,
        summary=f"row {row}",
    )
    return hash_lines([line], SECRET)[0]


def kinds(result: Any) -> list[tuple[str, str | None, int | None]]:
    return [(f.kind.value, f.order_no or f.subject_id, f.row) for f in result.findings]


def test_a_month_of_the_gbk_sample_reconciled_against_the_ledger() -> None:
    statement = read_statement(BANK / "ccb_gbk.csv")
    lines = hash_lines(statement.lines, SECRET, paid_from=statement.account)
    assert all(ln.line.payer_account == digits(ms.BUREAU) for ln in lines)  # money coming in is left out
    serial = {t.summary.split()[-1]: t.serial for t in ms.TRANSACTIONS}
    result = reconcile(
        [
            approved("P-YUNQI", 100_000_000, ms.YUNQI, seq=101),
            approved("P-BEICHEN", 50_000_000, ms.BEICHEN, seq=102),
            approved("P-SONGJIANG", 30_000_010, ms.SONGJIANG, seq=103),
            approved("A-LONGJIANG", 14_350_050, ms.LONGJIANG, seq=104),
            approved("P-NORTH", 20_000_000, seq=105),
            approved("P-EAST", 8_000_000, seq=106),
        ],
        [
            order(
                "ZF-2025-001", "P-YUNQI", 70_000_000, seq=201, serial=serial["ZF-2025-001"], value_date=date(2025, 3, 5)
            ),
            order(
                "ZF-2025-002",
                "P-BEICHEN",
                35_000_000,
                seq=203,
                party=ms.BEICHEN,
                serial=serial["ZF-2025-002"],
                value_date=date(2025, 3, 7),
            ),
            order(
                "ZF-2025-003",
                "P-SONGJIANG",
                21_000_007,
                seq=205,
                party=ms.SONGJIANG,
                serial=serial["ZF-2025-003"],
                value_date=date(2025, 3, 12),
            ),
            order("ZF-2025-004", "A-LONGJIANG", 14_350_050, seq=207, party=ms.LONGJIANG, issued_on=date(2025, 3, 10)),
            order(
                "ZF-2025-005",
                "P-YUNQI",
                30_000_000,
                seq=209,
                serial=serial["ZF-2025-005"],
                value_date=date(2025, 3, 26),
                issued_on=date(2025, 3, 6),
                tranche=2,
            ),
        ],
        lines,
        explanations={"P-NORTH": "第二批待省级验收，首批拨付计划未下达"},
        late_after_days=15,
        period=(date(2025, 3, 1), date(2025, 3, 31)),
        statement_sha256=statement.sha256,
        as_of_seq=300,
    )
    assert kinds(result) == [
        ("matched", "ZF-2025-001", 7),
        ("matched", "ZF-2025-002", 8),
        ("matched", "ZF-2025-003", 9),
        ("matched", "ZF-2025-005", 12),
        ("approved_unpaid", "P-NORTH", None),
        ("approved_unpaid", "P-EAST", None),
        ("order_unsettled", "ZF-2025-004", 10),  # the bank paid it; the settlement is to be recorded
        ("statement_line_without_order", None, 11),  # 办公用品: not a subsidy payment
        ("late_settlement", "ZF-2025-005", 12),  # 20 days after its order
    ]
    assert [f.explanation for f in result.of_kind(Kind.APPROVED_UNPAID)] == [
        "第二批待省级验收，首批拨付计划未下达",
        None,
    ]
    assert [f.subject_id for f in result.unexplained] == ["P-EAST"]
    assert not result.clean
    assert result.totals_fen[Kind.MATCHED] == 70_000_000 + 35_000_000 + 21_000_007 + 30_000_000
    assert result.counts[Kind.MATCHED] == 4 and result.counts[Kind.AMOUNT_MISMATCH] == 0
    first = result.of_kind(Kind.MATCHED)[0]
    assert (first.approval_seq, first.order_seq, first.settlement_seq, first.serial) == (
        101,
        201,
        202,
        serial["ZF-2025-001"],
    )
    unsettled = result.of_kind(Kind.ORDER_UNSETTLED)[0]
    assert (unsettled.serial, unsettled.settlement_seq) == (serial["ZF-2025-004"], None)


def test_the_result_is_a_canonical_document_without_account_numbers() -> None:
    result = reconcile(
        [approved("P1", 1_000, seq=1)],
        [order("O1", "P1", 1_000, seq=2, serial="S1")],
        [bank(2, "S1", 1_000), bank(3, "S9", 5)],
        late_after_days=10,
        statement_sha256="ab" * 32,
        as_of_seq=9,
    )
    data = result.document_bytes()
    document = parse_canonical(data)  # the ledger's canonical JSON, refusing anything else
    assert document == result.document()
    assert document["statement_sha256"] == "ab" * 32 and document["as_of_seq"] == 9
    assert document["counts"]["matched"] == 1 and document["totals_fen"]["statement_line_without_order"] == 5
    assert len(document["counts"]) == len(Kind) == 12
    assert digits(ms.YUNQI).encode() not in data and digits(ms.BUREAU).encode() not in data
    assert result.document_sha256() == hashlib.sha256(data).hexdigest()


def test_approved_and_paid_or_explained_is_clean() -> None:
    result = reconcile(
        [approved("P1", 1_000, seq=1), approved("P2", 500, seq=2)],
        [order("O1", "P1", 700, seq=3, serial="S1"), order("O2", "P1", 300, seq=5, serial="S2", tranche=2)],
        [bank(2, "S1", 700), bank(3, "S2", 300)],
        explanations={"P2": "企业申请延期，待市政府决定"},
        late_after_days=10,
    )
    assert kinds(result) == [("matched", "O1", 2), ("matched", "O2", 3), ("approved_unpaid", "P2", None)]
    assert result.clean and result.unexplained == ()


def test_an_order_without_approval() -> None:
    result = reconcile([], [order("O1", "P9", 1_000, seq=3, serial="S1")], [bank(2, "S1", 1_000)], late_after_days=10)
    assert kinds(result) == [("order_without_approval", "O1", 2)]  # bank agrees, yet nothing approved it
    assert result.findings[0].settlement_seq == 4


def test_orders_beyond_the_approved_amount() -> None:
    result = reconcile(
        [approved("P1", 1_000, seq=1)],
        [
            order("O1", "P1", 700, seq=3, serial="S1"),
            order("O2", "P1", 200, seq=5, status="failed"),  # failed: paid nothing, counts for nothing
            order("O3", "P1", 500, seq=7, serial="S3", tranche=2),
        ],
        [bank(2, "S1", 700), bank(3, "S3", 500)],
        late_after_days=10,
    )
    assert kinds(result) == [("matched", "O1", 2), ("order_over_approved", "O3", 3)]
    over = result.findings[1]
    assert (over.amount_fen, over.expected_fen, over.actual_fen) == (200, 1_000, 1_200)


def test_an_order_unsettled_with_and_without_a_bank_line() -> None:
    result = reconcile(
        [approved("P1", 1_000, seq=1), approved("P2", 300, ms.BEICHEN, seq=2)],
        [order("O1", "P1", 1_000, seq=3), order("O2", "P2", 300, seq=5, party=ms.BEICHEN)],
        [bank(2, "S7", 1_000, value_date=ISSUED - timedelta(days=1)), bank(3, "S8", 1_000)],
        late_after_days=10,
    )
    # row 2 predates the order, so it cannot be its payment; row 3 can
    assert kinds(result) == [
        ("order_unsettled", "O1", 3),
        ("order_unsettled", "O2", None),
        ("statement_line_without_order", None, 2),
    ]


def test_a_settlement_missing_from_the_statement_unless_outside_its_period() -> None:
    orders = [order("O1", "P1", 1_000, seq=3, serial="S1", value_date=date(2025, 3, 5))]
    result = reconcile([approved("P1", 1_000, seq=1)], orders, [], late_after_days=10)
    assert kinds(result) == [("settlement_without_statement_line", "O1", None)]
    march = (date(2025, 3, 1), date(2025, 3, 31))
    april = (date(2025, 4, 1), date(2025, 4, 30))
    assert kinds(reconcile([approved("P1", 1_000, seq=1)], orders, [], late_after_days=10, period=march)) == kinds(
        result
    )
    assert reconcile([approved("P1", 1_000, seq=1)], orders, [], late_after_days=10, period=april).findings == ()


def test_a_duplicated_statement_line_is_reported_and_matched_once() -> None:
    first = bank(2, "S1", 1_000)
    result = reconcile(
        [approved("P1", 1_000, seq=1)],
        [order("O1", "P1", 1_000, seq=3, serial="S1")],
        [first, replace(first, line=replace(first.line, row=5))],  # the same export pasted twice
        late_after_days=10,
    )
    assert kinds(result) == [("matched", "O1", 2), ("duplicate_statement_line", None, 5)]
    assert result.findings[1].detail == "row 5 repeats row 2"


def test_a_serial_twice_on_the_statement_and_twice_in_the_ledger() -> None:
    result = reconcile(
        [approved("P1", 2_000, seq=1)],
        [order("O1", "P1", 1_000, seq=3, serial="S1"), order("O2", "P1", 1_000, seq=5, serial="S1", tranche=2)],
        [bank(2, "S1", 999), bank(3, "S1", 1_000), bank(4, "S4", 8), bank(6, "S4", 9)],
        late_after_days=10,
    )
    assert kinds(result) == [
        ("matched", "O1", 3),  # the line that agrees is the one paired
        ("statement_line_without_order", None, 4),
        ("duplicate_serial", "O2", None),  # the ledger carries S1 on two orders
        ("duplicate_serial", None, 2),
        ("duplicate_serial", None, 6),
    ]


def test_an_amount_mismatch() -> None:
    result = reconcile(
        [approved("P1", 1_000, seq=1)],
        [order("O1", "P1", 1_000, seq=3, serial="S1")],
        [bank(2, "S1", 100)],
        late_after_days=10,
    )
    assert kinds(result) == [("amount_mismatch", "O1", 2)]
    mismatch = result.findings[0]
    assert (mismatch.amount_fen, mismatch.expected_fen, mismatch.actual_fen) == (900, 1_000, 100)


def test_payee_mismatches_between_approval_order_and_bank() -> None:
    result = reconcile(
        [approved("P1", 1_000, seq=1), approved("P2", 1_000, ms.BEICHEN, seq=2)],
        [
            order("O1", "P1", 1_000, seq=3, serial="S1"),  # the bank paid someone else
            order("O2", "P2", 1_000, seq=5, serial="S2", party=ms.SUPPLIER),  # not an account of the enterprise
        ],
        [bank(2, "S1", 1_000, ms.SUPPLIER), bank(3, "S2", 1_000, ms.SUPPLIER)],
        late_after_days=10,
    )
    assert kinds(result) == [("payee_mismatch", "O1", 2), ("payee_mismatch", "O2", 3)]
    assert "…8901" in result.findings[0].detail and "USCC-P2" in result.findings[1].detail


def test_late_settlement_counts_calendar_days_after_the_order() -> None:
    def run(value_date: date) -> list[tuple[str, str | None, int | None]]:
        return kinds(
            reconcile(
                [approved("P1", 1_000, seq=1)],
                [order("O1", "P1", 1_000, seq=3, serial="S1", value_date=value_date)],
                [bank(2, "S1", 1_000, value_date=value_date)],
                late_after_days=15,
            )
        )

    assert run(ISSUED + timedelta(days=15)) == [("matched", "O1", 2)]
    assert run(ISSUED + timedelta(days=16)) == [("matched", "O1", 2), ("late_settlement", "O1", 2)]


def test_inputs_the_matcher_refuses() -> None:
    with pytest.raises(ValueError, match="approved once"):
        reconcile([approved("P1", 1, seq=1), approved("P1", 2, seq=2)], [], [], late_after_days=1)
    with pytest.raises(ValueError, match="without a bank serial"):
        reconcile([], [replace(order("O1", "P1", 1, seq=1, serial="S"), settled_serial=None)], [], late_after_days=1)
    with pytest.raises(ValueError, match="status"):
        reconcile([], [order("O1", "P1", 1, seq=1, status="paid")], [], late_after_days=1)
    with pytest.raises(ValueError, match="late_after_days"):
        reconcile([], [], [], late_after_days=-1)


# -- properties of the matcher: everything accounted for, whatever the input order -------------------------------

PARTIES = (ms.YUNQI, ms.BEICHEN)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[Approved], list[Order], list[HashedLine]]:
    subjects = ["P0", "P1", "P2", "P3"]
    approved_list = [
        approved(s, draw(st.sampled_from([500, 1_000, 2_000])), draw(st.sampled_from(PARTIES)), seq=i)
        for i, s in enumerate(subjects)
        if draw(st.booleans())
    ]
    orders = []
    for i in range(draw(st.integers(0, 6))):
        status = draw(st.sampled_from(["issued", "settled", "failed"]))
        orders.append(
            order(
                f"O{i}",
                draw(st.sampled_from(subjects)),
                draw(st.sampled_from([500, 1_000])),
                seq=100 + 2 * i,
                party=draw(st.sampled_from(PARTIES)),
                serial=draw(st.sampled_from(["S0", "S1", "S2", "S3"])) if status == "settled" else None,
                value_date=ISSUED + timedelta(days=draw(st.integers(0, 30))) if status == "settled" else None,
                status=status,
            )
        )
    lines: list[HashedLine] = []
    for row in range(2, 2 + draw(st.integers(0, 6))):
        if lines and draw(st.integers(0, 4)) == 0:
            lines.append(replace(lines[-1], line=replace(lines[-1].line, row=row)))  # the same line again
            continue
        lines.append(
            bank(
                row,
                draw(st.sampled_from(["S0", "S1", "S2", "S3", "S4"])),
                draw(st.sampled_from([500, 1_000])),
                draw(st.sampled_from(PARTIES)),
                value_date=ISSUED + timedelta(days=draw(st.integers(0, 30))),
            )
        )
    return approved_list, orders, lines


@settings(max_examples=150, deadline=None)
@given(worlds(), st.randoms(use_true_random=False))
def test_every_order_and_every_line_is_accounted_for_in_any_input_order(
    world: tuple[list[Approved], list[Order], list[HashedLine]], rnd: random.Random
) -> None:
    approved_list, orders, lines = world
    result = reconcile(approved_list, orders, lines, late_after_days=15)
    named_orders = {f.order_no for f in result.findings}
    named_rows = {f.row for f in result.findings}
    assert {o.order_no for o in orders if o.status != "failed"} <= named_orders
    assert {ln.line.row for ln in lines} <= named_rows
    assert {s.subject_id for s in approved_list} <= {f.subject_id for f in result.findings}
    assert sum(result.counts.values()) == len(result.findings)
    shuffled = [list(x) for x in world]
    for part in shuffled:
        rnd.shuffle(part)
    again = reconcile(*shuffled, late_after_days=15)  # type: ignore[arg-type]
    assert again.document_bytes() == result.document_bytes()
