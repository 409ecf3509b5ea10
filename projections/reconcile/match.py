"""Three-way reconciliation: 市政府 approval ↔ payment order ↔ bank settlement, as data.

Pure: the caller reads the approvals, orders and settlements from the ledger (with the ``seq`` of each record)
and the statement lines from a file, hashes the lines' payee accounts under the ledger secret
(``hash_lines``), and gets back a ``Reconciliation``: findings in a fixed order and totals in 分 per kind,
which ``Reconciliation.document()`` turns into canonical JSON the ledger can register by its hash.

How the three sides meet:

* an order belongs to the approval of its subject (``subject_id``); the orders of a subject that are not
  failed must not add up to more than the approved amount, and each pays an account recorded for the
  enterprise (``Approved.payee_account_hashes``);
* a settled order meets the statement by its bank serial (交易流水号), then amount and payee account hash
  must agree; the value date on the statement (else the ledger's) must be within ``late_after_days``
  calendar days of the day the order was issued;
* an order still awaiting its outcome is paired, if possible, with an unclaimed statement line of the same
  amount and payee (the bank paid it, the ledger has not recorded the settlement yet);
* every approved subject has an order that has not failed, or is reported as approved but unpaid (with
  the explanation finance gave, if any).

A settled order is ``matched`` when approval, order and bank agree on subject, amount and payee;
``late_settlement`` is reported besides (it is about timeliness, not about the three records disagreeing).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Any
from typing import Final

from ledger.canonical import canonical_bytes
from projections.reconcile.accounts import account_hash
from projections.reconcile.accounts import normalise_account

if TYPE_CHECKING:
    from collections.abc import Iterable
    from collections.abc import Mapping
    from datetime import date

    from projections.reconcile.statement import StatementLine

DOCUMENT_TYPE: Final = "fundtrail.reconciliation"
DOCUMENT_VERSION: Final = 1
ISSUED: Final = "issued"
SETTLED: Final = "settled"
FAILED: Final = "failed"
ORDER_STATUSES: Final = frozenset({ISSUED, SETTLED, FAILED})


class Kind(StrEnum):
    """What a finding says; ``Finding.amount_fen`` is the 分 at issue, as noted for each kind."""

    MATCHED = "matched"  # the order's amount
    APPROVED_UNPAID = "approved_unpaid"  # the approved amount; ``explanation`` says why, if finance said
    ORDER_WITHOUT_APPROVAL = "order_without_approval"  # the order's amount
    ORDER_OVER_APPROVED = "order_over_approved"  # the part of this order beyond the approved amount
    ORDER_UNSETTLED = "order_unsettled"  # the order's amount
    SETTLEMENT_WITHOUT_STATEMENT_LINE = "settlement_without_statement_line"  # the order's amount
    STATEMENT_LINE_WITHOUT_ORDER = "statement_line_without_order"  # the line's amount
    DUPLICATE_STATEMENT_LINE = "duplicate_statement_line"  # the repeated line's amount
    DUPLICATE_SERIAL = "duplicate_serial"  # the amount of the second line or order carrying the serial
    AMOUNT_MISMATCH = "amount_mismatch"  # |bank − order|; ``expected_fen`` and ``actual_fen`` give both
    PAYEE_MISMATCH = "payee_mismatch"  # the order's amount
    LATE_SETTLEMENT = "late_settlement"  # the order's amount


KINDS: Final = tuple(Kind)


@dataclass(frozen=True)
class Approved:
    """A subject approved by 市政府: the approval record's ``seq`` and the enterprise's recorded accounts."""

    subject_id: str
    approval_id: str
    amount_fen: int
    payee_uscc: str
    payee_account_hashes: frozenset[str]
    seq: int


@dataclass(frozen=True)
class Order:
    """A payment order and, once recorded, its settlement. ``status`` is issued | settled | failed (as the
    payment schedule keeps it); ``seq`` is the order's record, ``settled_seq`` the settlement's."""

    order_no: str
    subject_id: str
    tranche: int
    amount_fen: int
    payee_account_hash: str
    issued_on: date
    seq: int
    settled_serial: str | None
    value_date: date | None
    status: str
    settled_seq: int | None = None


@dataclass(frozen=True)
class HashedLine:
    """A statement line with its payee account hashed under the ledger secret (None: no payee account)."""

    line: StatementLine
    payee_account_hash: str | None


@dataclass(frozen=True)
class Finding:
    """One finding, naming the records it rests on: refs (subject, approval, order, bank serial, statement
    row) and the ledger ``seq`` of the approval, order and settlement records used."""

    kind: Kind
    amount_fen: int
    subject_id: str | None = None
    approval_id: str | None = None
    order_no: str | None = None
    serial: str | None = None
    row: int | None = None
    approval_seq: int | None = None
    order_seq: int | None = None
    settlement_seq: int | None = None
    expected_fen: int | None = None
    actual_fen: int | None = None
    explanation: str | None = None
    detail: str = ""

    def sort_key(self) -> tuple[object, ...]:
        """Kind (as listed in ``Kind``), then ledger order of the payment order, then statement row, then
        ledger order of the approval; the remaining fields only break ties."""
        return (
            KINDS.index(self.kind),
            self.order_seq is None,
            self.order_seq or 0,
            self.row is None,
            self.row or 0,
            self.approval_seq is None,
            self.approval_seq or 0,
            self.subject_id or "",
            self.order_no or "",
            self.serial or "",
            self.detail,
            self.amount_fen,
        )

    def document(self) -> dict[str, Any]:
        """The finding as the ledger document holds it (fields that are None are left out)."""
        out: dict[str, Any] = {"kind": self.kind.value, "amount_fen": self.amount_fen}
        for name in (
            "subject_id",
            "approval_id",
            "order_no",
            "serial",
            "row",
            "approval_seq",
            "order_seq",
            "settlement_seq",
            "expected_fen",
            "actual_fen",
            "explanation",
        ):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True)
class Reconciliation:
    """The findings in a fixed order (``Finding.sort_key``: kind, then the ledger order of the payment order,
    the statement row, the ledger order of the approval) and what the reconciliation was run on."""

    findings: tuple[Finding, ...]
    late_after_days: int
    period: tuple[date, date] | None = None
    statement_sha256: str | None = None
    as_of_seq: int | None = None
    _by_kind: dict[Kind, tuple[Finding, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped: dict[Kind, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            grouped[finding.kind].append(finding)
        object.__setattr__(self, "_by_kind", {kind: tuple(grouped[kind]) for kind in KINDS})

    def of_kind(self, kind: Kind) -> tuple[Finding, ...]:
        return self._by_kind[kind]

    @property
    def counts(self) -> dict[Kind, int]:
        """The number of findings of every kind (0 included), in ``Kind`` order."""
        return {kind: len(self._by_kind[kind]) for kind in KINDS}

    @property
    def totals_fen(self) -> dict[Kind, int]:
        """The 分 at issue per kind (0 included), in ``Kind`` order."""
        return {kind: sum(f.amount_fen for f in self._by_kind[kind]) for kind in KINDS}

    @property
    def unexplained(self) -> tuple[Finding, ...]:
        """Approved subjects with no payment and no explanation: what the completeness rule forbids."""
        return tuple(f for f in self._by_kind[Kind.APPROVED_UNPAID] if f.explanation is None)

    @property
    def clean(self) -> bool:
        """Nothing but matches: every approved subject paid or explained, every payment approved and settled
        as ordered, every statement line accounted for."""
        return all(
            not found or kind is Kind.MATCHED or (kind is Kind.APPROVED_UNPAID and not self.unexplained)
            for kind, found in self._by_kind.items()
        )

    def document(self) -> dict[str, Any]:
        """What the ledger holds: plain JSON (integers, strings, ISO dates), no account numbers or names."""
        return {
            "type": DOCUMENT_TYPE,
            "version": DOCUMENT_VERSION,
            "as_of_seq": self.as_of_seq,
            "statement_sha256": self.statement_sha256,
            "period": None if self.period is None else [d.isoformat() for d in self.period],
            "late_after_days": self.late_after_days,
            "counts": {kind.value: n for kind, n in self.counts.items()},
            "totals_fen": {kind.value: n for kind, n in self.totals_fen.items()},
            "findings": [f.document() for f in self.findings],
        }

    def document_bytes(self) -> bytes:
        """The document in the ledger's canonical JSON (docs/ledger-format.md §2)."""
        return canonical_bytes(self.document())

    def document_sha256(self) -> str:
        return hashlib.sha256(self.document_bytes()).hexdigest()


def hash_lines(
    lines: Iterable[StatementLine], secret: bytes, *, paid_from: str | None = None
) -> tuple[HashedLine, ...]:
    """The lines with their payee accounts hashed under the ledger secret. With ``paid_from`` (an account
    number), only the lines paid from that account are kept: a statement also lists money coming in."""
    source = None if paid_from is None else normalise_account(paid_from)
    return tuple(
        HashedLine(line, None if line.payee_account is None else account_hash(secret, line.payee_account))
        for line in lines
        if source is None or line.payer_account == source
    )


def _identity(line: StatementLine) -> tuple[object, ...]:
    """A line's content without its row: the same transaction exported twice has the same identity."""
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


def _check_inputs(approved: list[Approved], orders: list[Order], late_after_days: int) -> None:
    if late_after_days < 0:
        msg = f"late_after_days must be 0 or more, got {late_after_days}"
        raise ValueError(msg)
    subjects = [a.subject_id for a in approved]
    if len(set(subjects)) != len(subjects):
        msg = "a subject is approved once: the approved list names one twice"
        raise ValueError(msg)
    numbers = [o.order_no for o in orders]
    if len(set(numbers)) != len(numbers):
        msg = "an order number is used once: the order list names one twice"
        raise ValueError(msg)
    for order in orders:
        if order.status not in ORDER_STATUSES:
            msg = f"order {order.order_no}: status {order.status!r} is not one of {sorted(ORDER_STATUSES)}"
            raise ValueError(msg)
        if order.status == SETTLED and (order.settled_serial is None or order.value_date is None):
            msg = f"order {order.order_no} is settled without a bank serial and value date"
            raise ValueError(msg)


class _Matcher:
    """One run of ``reconcile``: first pair orders with statement lines, then judge each side."""

    def __init__(
        self,
        approved: list[Approved],
        orders: list[Order],
        lines: list[HashedLine],
        explanations: Mapping[str, str],
        late_after_days: int,
        period: tuple[date, date] | None,
    ) -> None:
        self.approved = {a.subject_id: a for a in approved}
        self.live = sorted((o for o in orders if o.status != FAILED), key=lambda o: (o.seq, o.order_no))
        self.lines = sorted(lines, key=lambda h: h.line.row)
        self.explanations = explanations
        self.late_after_days = late_after_days
        self.period = period
        self.findings: list[Finding] = []
        self.by_serial: dict[str, list[HashedLine]] = {}  # distinct lines per serial, in row order
        self.first_settled: dict[str, Order] = {}  # the first settled order of each bank serial
        self.paired: dict[str, HashedLine] = {}  # order_no -> the statement line it is paired with
        self.claimed: set[int] = set()  # rows paired with an order

    def run(self) -> None:
        self.statement_duplicates()
        self.ledger_serials()
        self.pair_settled()
        self.pair_unsettled()
        ordered: dict[str, int] = defaultdict(int)  # running total of each subject's orders, in ledger order
        for order in self.live:
            approval_problem = self.approval_side(order, ordered[order.subject_id])
            ordered[order.subject_id] += order.amount_fen
            if order.status == SETTLED and self.first_settled[order.settled_serial or ""] is order:
                self.bank_side(order, approval_problem)
            elif order.status == ISSUED:
                self.unsettled(order)
        self.unclaimed_lines()
        self.unpaid_subjects()

    def add(self, kind: Kind, amount_fen: int, **refs: Any) -> None:
        self.findings.append(Finding(kind, amount_fen, **refs))

    def refs(self, order: Order) -> dict[str, Any]:
        """The records a finding on ``order`` rests on: its approval, itself, its settlement and bank line."""
        approval = self.approved.get(order.subject_id)
        hashed = self.paired.get(order.order_no)
        return {
            "subject_id": order.subject_id,
            "approval_id": None if approval is None else approval.approval_id,
            "order_no": order.order_no,
            "serial": order.settled_serial or (None if hashed is None else hashed.line.serial),
            "row": None if hashed is None else hashed.line.row,
            "approval_seq": None if approval is None else approval.seq,
            "order_seq": order.seq,
            "settlement_seq": order.settled_seq,
        }

    # -- pairing -----------------------------------------------------------------------------------------------

    def statement_duplicates(self) -> None:
        """The same line exported twice is reported as a duplicate and paired once."""
        seen: dict[tuple[object, ...], int] = {}
        for hashed in self.lines:
            line = hashed.line
            first = seen.setdefault(_identity(line), line.row)
            if first != line.row:
                self.add(
                    Kind.DUPLICATE_STATEMENT_LINE,
                    line.amount_fen,
                    serial=line.serial,
                    row=line.row,
                    detail=f"row {line.row} repeats row {first}",
                )
                continue
            self.by_serial.setdefault(line.serial, []).append(hashed)

    def ledger_serials(self) -> None:
        """A bank serial settles one order; a later order settled with the same serial is a duplicate."""
        for order in self.live:
            if order.status != SETTLED or order.settled_serial is None:
                continue
            earlier = self.first_settled.setdefault(order.settled_serial, order)
            if earlier is not order:
                self.add(
                    Kind.DUPLICATE_SERIAL,
                    order.amount_fen,
                    **self.refs(order),
                    detail=f"the ledger records serial {order.settled_serial} on {earlier.order_no} too",
                )

    def pair_settled(self) -> None:
        """A settled order meets the line of its serial: the one agreeing on amount and payee, else on amount,
        else the first."""
        for serial, order in self.first_settled.items():
            candidates = self.by_serial.get(serial)
            if not candidates:
                continue
            exact = [h for h in candidates if h.line.amount_fen == order.amount_fen]
            agreeing = [h for h in exact if h.payee_account_hash == order.payee_account_hash]
            hashed = (agreeing or exact or candidates)[0]
            self.paired[order.order_no] = hashed
            self.claimed.add(hashed.line.row)

    def pair_unsettled(self) -> None:
        """An order awaiting its outcome meets the first line no settlement accounts for that pays its amount
        to its payee on or after the day it was issued: the bank paid, the ledger has not recorded it."""
        for order in self.live:
            if order.status != ISSUED:
                continue
            for serial, serial_lines in self.by_serial.items():
                hashed = serial_lines[0]
                line = hashed.line
                if (
                    serial not in self.first_settled
                    and line.row not in self.claimed
                    and line.amount_fen == order.amount_fen
                    and hashed.payee_account_hash == order.payee_account_hash
                    and line.value_date >= order.issued_on
                ):
                    self.paired[order.order_no] = hashed
                    self.claimed.add(line.row)
                    break

    # -- judging -----------------------------------------------------------------------------------------------

    def approval_side(self, order: Order, before: int) -> bool:
        """Approval ↔ order: an approval exists, the subject's orders stay within it, the payee account is one
        recorded for the enterprise (``before``: what the subject's earlier orders add up to). Returns whether a
        problem was found."""
        approval = self.approved.get(order.subject_id)
        refs = self.refs(order)
        if approval is None:
            self.add(
                Kind.ORDER_WITHOUT_APPROVAL,
                order.amount_fen,
                **refs,
                detail=f"no 市政府 approval of {order.subject_id} is recorded",
            )
            return True
        problem = False
        after = before + order.amount_fen
        if after > approval.amount_fen:
            self.add(
                Kind.ORDER_OVER_APPROVED,
                after - max(before, approval.amount_fen),
                **refs,
                expected_fen=approval.amount_fen,
                actual_fen=after,
                detail=f"orders of {order.subject_id} reach {after} 分 against {approval.amount_fen} 分 approved",
            )
            problem = True
        if order.payee_account_hash not in approval.payee_account_hashes:
            self.add(
                Kind.PAYEE_MISMATCH,
                order.amount_fen,
                **refs,
                detail=f"the order pays an account not recorded for the enterprise {approval.payee_uscc}",
            )
            problem = True
        return problem

    def in_period(self, day: date | None) -> bool:
        return self.period is None or (day is not None and self.period[0] <= day <= self.period[1])

    def bank_side(self, order: Order, approval_problem: bool) -> None:
        """Order ↔ bank: the paired line agrees on amount and payee; the money arrived in time."""
        refs = self.refs(order)
        hashed = self.paired.get(order.order_no)
        if hashed is None:
            if self.in_period(order.value_date):
                self.add(
                    Kind.SETTLEMENT_WITHOUT_STATEMENT_LINE,
                    order.amount_fen,
                    **refs,
                    detail=f"settled on {order.value_date} in the ledger; serial {order.settled_serial} "
                    "is not on the statement",
                )
            self.late(order, order.value_date, refs)
            return
        line = hashed.line
        bank_problem = False
        if line.amount_fen != order.amount_fen:
            self.add(
                Kind.AMOUNT_MISMATCH,
                abs(line.amount_fen - order.amount_fen),
                **refs,
                expected_fen=order.amount_fen,
                actual_fen=line.amount_fen,
                detail=f"the order is {order.amount_fen} 分, the bank moved {line.amount_fen} 分",
            )
            bank_problem = True
        if hashed.payee_account_hash != order.payee_account_hash:
            shown = "no payee account" if line.payee_account is None else f"account …{line.payee_account[-4:]}"
            self.add(
                Kind.PAYEE_MISMATCH,
                order.amount_fen,
                **refs,
                detail=f"the bank paid {shown}, not the account the order names",
            )
            bank_problem = True
        if not (approval_problem or bank_problem):
            note = ""
            if order.value_date != line.value_date:
                note = f"value date {line.value_date} at the bank, {order.value_date} in the ledger"
            self.add(Kind.MATCHED, order.amount_fen, **refs, detail=note)
        self.late(order, line.value_date, refs)

    def late(self, order: Order, value_date: date | None, refs: dict[str, Any]) -> None:
        """The value date (the bank's when the statement has the line) more than N days after the order."""
        if value_date is None:
            return
        days = (value_date - order.issued_on).days
        if days > self.late_after_days:
            self.add(
                Kind.LATE_SETTLEMENT,
                order.amount_fen,
                **refs,
                detail=f"value date {value_date}, {days} days after the order of {order.issued_on} "
                f"(more than {self.late_after_days})",
            )

    def unsettled(self, order: Order) -> None:
        hashed = self.paired.get(order.order_no)
        if hashed is None:
            detail = f"issued on {order.issued_on}; no settlement or failure is recorded"
        else:
            detail = (
                f"the bank paid it on {hashed.line.value_date} (serial {hashed.line.serial}); "
                "the settlement is not recorded"
            )
        self.add(Kind.ORDER_UNSETTLED, order.amount_fen, **self.refs(order), detail=detail)

    def unclaimed_lines(self) -> None:
        """Lines no order accounts for, and further lines carrying a serial already seen."""
        for serial, serial_lines in self.by_serial.items():
            kept = next((h.line.row for h in serial_lines if h.line.row in self.claimed), serial_lines[0].line.row)
            for hashed in serial_lines:
                line = hashed.line
                if line.row != kept:
                    self.add(
                        Kind.DUPLICATE_SERIAL,
                        line.amount_fen,
                        serial=serial,
                        row=line.row,
                        detail=f"serial {serial} is on row {kept} too, with different content",
                    )
                elif line.row not in self.claimed:
                    self.add(
                        Kind.STATEMENT_LINE_WITHOUT_ORDER,
                        line.amount_fen,
                        serial=serial,
                        row=line.row,
                        detail=f"{line.value_date}: no payment order accounts for serial {serial}",
                    )

    def unpaid_subjects(self) -> None:
        """Every approved subject has an order that has not failed, or finance's explanation."""
        ordered = {o.subject_id for o in self.live}
        for subject_id, approval in self.approved.items():
            if subject_id in ordered:
                continue
            explanation = self.explanations.get(subject_id)
            self.add(
                Kind.APPROVED_UNPAID,
                approval.amount_fen,
                subject_id=subject_id,
                approval_id=approval.approval_id,
                approval_seq=approval.seq,
                explanation=explanation,
                detail="approved, no payment order" + ("" if explanation else " and no explanation"),
            )


def reconcile(
    approved: Iterable[Approved],
    orders: Iterable[Order],
    lines: Iterable[HashedLine],
    *,
    late_after_days: int,
    explanations: Mapping[str, str] | None = None,
    period: tuple[date, date] | None = None,
    statement_sha256: str | None = None,
    as_of_seq: int | None = None,
) -> Reconciliation:
    """Match approvals, orders and statement lines (see the module docstring).

    ``explanations`` maps a subject approved and not yet paid to finance's reason. ``period`` is what the
    statement covers: a settlement whose value date falls outside it is not expected on it. ``statement_sha256``
    and ``as_of_seq`` (the ledger position the approvals and orders were read at) go into the document."""
    approved_list, order_list, line_list = list(approved), list(orders), list(lines)
    _check_inputs(approved_list, order_list, late_after_days)
    matcher = _Matcher(approved_list, order_list, line_list, explanations or {}, late_after_days, period)
    matcher.run()
    return Reconciliation(
        findings=tuple(sorted(matcher.findings, key=Finding.sort_key)),
        late_after_days=late_after_days,
        period=period,
        statement_sha256=statement_sha256,
        as_of_seq=as_of_seq,
    )
