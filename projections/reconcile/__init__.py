"""Bank statement import and three-way reconciliation (approval ↔ payment order ↔ bank settlement).

``accounts`` defines the keyed account hash the ledger records for bank accounts; ``statement`` reads the
CSV, XLSX, XLS and HTML statements Chinese banks export (``sheets`` tells the format and reads the tables,
``cells`` turns cells into exact 分, dates, serials and accounts); ``match`` reconciles, purely.
"""

from __future__ import annotations

from projections.reconcile.accounts import AccountNumberError
from projections.reconcile.accounts import account_hash
from projections.reconcile.accounts import last4
from projections.reconcile.accounts import normalise_account
from projections.reconcile.cells import parse_amount
from projections.reconcile.match import Approved
from projections.reconcile.match import Finding
from projections.reconcile.match import HashedLine
from projections.reconcile.match import Kind
from projections.reconcile.match import Order
from projections.reconcile.match import Reconciliation
from projections.reconcile.match import hash_lines
from projections.reconcile.match import reconcile
from projections.reconcile.statement import Statement
from projections.reconcile.statement import StatementError
from projections.reconcile.statement import StatementLine
from projections.reconcile.statement import parse_statement
from projections.reconcile.statement import read_statement

__all__ = [
    "AccountNumberError",
    "Approved",
    "Finding",
    "HashedLine",
    "Kind",
    "Order",
    "Reconciliation",
    "Statement",
    "StatementError",
    "StatementLine",
    "account_hash",
    "hash_lines",
    "last4",
    "normalise_account",
    "parse_amount",
    "parse_statement",
    "read_statement",
    "reconcile",
]
