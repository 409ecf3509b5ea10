"""Documents entered by content hash, number, date and amount (docs/decisions.md §11)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID


@pin_topic("fundtrail.document.Document")
class Document(LedgerAggregate):
    """A document entered by its content hash, number, date and amount (docs/decisions.md §11)."""

    @staticmethod
    def create_id(doc_id: str, **_: Any) -> UUID:
        return ids.document_stream(doc_id)

    @event("Registered", topic="fundtrail.document.Registered")
    def __init__(
        self,
        doc_id: str,
        doc_type: str,
        number: str,
        title: str,
        issued_on: str,
        sha256: str,
        issuer: str,
        amount_fen: int | None,
        registered_by: str,
    ) -> None:
        self.doc_id = doc_id
        self.doc_type = doc_type
        self.number = number
        self.title = title
        self.issued_on = issued_on
        self.sha256 = sha256
        self.issuer = issuer
        self.amount_fen = amount_fen
        self.registered_by = registered_by


@pin_topic("fundtrail.document.DocumentContent")
class DocumentContent(LedgerAggregate):
    """Binds a content hash to the first document registered with it: one file, one document.

    A second document with the same bytes conflicts on this stream's first version, so even racing
    commands cannot register one file twice under two ids (docs/decisions.md §11).
    """

    @staticmethod
    def create_id(sha256: str, **_: Any) -> UUID:
        return ids.document_content_stream(sha256)

    @event("Claimed", topic="fundtrail.document.ContentClaimed")
    def __init__(self, sha256: str, doc_id: str) -> None:
        self.sha256 = sha256
        self.doc_id = doc_id


label_topics(
    {
        "fundtrail.document.Registered": ("文件登记", "document registered"),
        "fundtrail.document.ContentClaimed": ("文件内容认领", "document content claimed"),
    }
)
