"""Payment orders for finance: the amount in 元 and in 人民币大写, the payee, the last four digits of the
account, the order number and the approval reference, as a table (XLSX or CSV) and as printable forms
(:func:`projections.export.xlsx.write_xlsx` with ``payment_orders``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from projections.export.table import MAX_FEN
from projections.export.table import Column
from projections.export.table import Kind
from projections.export.table import Table

if TYPE_CHECKING:
    from collections.abc import Sequence

_LAST4 = re.compile(r"[0-9]{4}")


@dataclass(frozen=True, kw_only=True)
class PaymentOrder:
    """One payment to one payee. Only the account's last four digits travel: a full account number has no
    place on a sheet that is printed and passed around."""

    order_no: str
    payee_name: str
    account_last4: str
    amount_fen: int
    approval_ref: str
    payee_uscc: str | None = None
    purpose: str | None = None

    def __post_init__(self) -> None:
        if not _LAST4.fullmatch(self.account_last4):
            msg = f"payment order {self.order_no}: account_last4 is four digits, got {self.account_last4!r}"
            raise ValueError(msg)
        amount = self.amount_fen
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_FEN:
            msg = f"payment order {self.order_no}: expected an amount in 分 above 0, got {amount!r}"
            raise ValueError(msg)
        for name in ("order_no", "payee_name", "approval_ref"):
            if not getattr(self, name):
                msg = f"payment order: {name} is empty"
                raise ValueError(msg)


PAYMENT_COLUMNS = (
    Column("order_no", "付款凭证编号", "Order no.", Kind.ID),
    Column("payee_name", "收款人", "Payee", Kind.TEXT),
    Column("payee_uscc", "收款人统一社会信用代码", "Payee USCC", Kind.ID),
    Column("account_last4", "收款账号后四位", "Account (last 4)", Kind.ID),
    Column("amount", "金额", "Amount", Kind.FEN),
    Column("amount_daxie", "金额大写", "Amount in words (大写)", Kind.DAXIE),
    Column("approval_ref", "审批文号", "Approval ref.", Kind.ID),
    Column("purpose", "用途", "Purpose", Kind.TEXT),
)


def payment_orders_table(orders: Sequence[PaymentOrder], name: str = "payment_orders") -> Table:
    """The orders as a table, one row each, the amount totalled in 分."""
    rows = [
        {
            "order_no": o.order_no,
            "payee_name": o.payee_name,
            "payee_uscc": o.payee_uscc,
            "account_last4": o.account_last4,
            "amount": o.amount_fen,
            "amount_daxie": o.amount_fen,
            "approval_ref": o.approval_ref,
            "purpose": o.purpose,
        }
        for o in orders
    ]
    return Table(name, "付款凭证", "Payment orders", PAYMENT_COLUMNS, rows, totals=["amount"])
