"""Claims that make evidence single-use across the whole ledger (A16; red flags R2, R3).

Each claim is an aggregate in a stream named after the evidence's natural key: an invoice (数电票 number,
or legacy code + number), a bank voucher (bank + serial) or an evidence file (content hash). The first
project to record the evidence creates the stream; a second use, even racing, conflicts on that stream,
and the refusal names the project that used it first (like DocumentContent in domain/documents).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID


def invoice_key(kind: str, code: str | None, number: str) -> str:
    """``digital:<20 digits>`` or ``legacy:<code>:<number>``: one key per real invoice."""
    return f"digital:{number}" if kind == "digital" else f"legacy:{code}:{number}"


def voucher_key(bank: str, serial_no: str) -> str:
    """The bank's name without spaces (full or half width) and the serial, upper-cased."""
    return f"{''.join(bank.split())}:{''.join(serial_no.split()).upper()}"


def invoice_claim_stream(key: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"project-invoice:{key}")


def voucher_claim_stream(key: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"project-voucher:{key}")


def evidence_file_stream(sha256: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"project-evidence-file:{sha256}")


@pin_topic("fundtrail.project.InvoiceClaim")
class InvoiceClaim(LedgerAggregate):
    """Binds one invoice to the first project (and enterprise, programme) that claimed it."""

    @staticmethod
    def create_id(key: str, **_: Any) -> UUID:
        return invoice_claim_stream(key)

    @event("Claimed", topic="fundtrail.project.InvoiceClaimed")
    def __init__(self, key: str, project_id: str, enterprise_uscc: str, programme_id: str) -> None:
        self.key = key
        self.project_id = project_id
        self.enterprise_uscc = enterprise_uscc
        self.programme_id = programme_id


@pin_topic("fundtrail.project.VoucherClaim")
class VoucherClaim(LedgerAggregate):
    """Binds one bank voucher (bank + serial) to the first project that claimed it."""

    @staticmethod
    def create_id(key: str, **_: Any) -> UUID:
        return voucher_claim_stream(key)

    @event("Claimed", topic="fundtrail.project.VoucherClaimed")
    def __init__(self, key: str, project_id: str, enterprise_uscc: str, programme_id: str) -> None:
        self.key = key
        self.project_id = project_id
        self.enterprise_uscc = enterprise_uscc
        self.programme_id = programme_id


@pin_topic("fundtrail.project.EvidenceFileClaim")
class EvidenceFileClaim(LedgerAggregate):
    """Binds one evidence file (invoice or voucher, by content hash) to its first use."""

    @staticmethod
    def create_id(sha256: str, **_: Any) -> UUID:
        return evidence_file_stream(sha256)

    @event("Claimed", topic="fundtrail.project.EvidenceFileClaimed")
    def __init__(self, sha256: str, project_id: str, used_as: str) -> None:
        self.sha256 = sha256
        self.project_id = project_id
        self.used_as = used_as
