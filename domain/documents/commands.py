"""Enter documents by content hash, number, date and amount (docs/decisions.md §11)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from domain import ids
from domain.documents.aggregate import Document
from domain.documents.aggregate import DocumentContent
from domain.documents.rules import DOC_CONTENT
from domain.documents.rules import DOC_UNIQUE
from domain.kernel.commands import Command
from domain.kernel.fields import Fen
from domain.kernel.fields import Id
from domain.kernel.fields import IsoDate
from domain.kernel.fields import Name
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

REGISTRARS = frozenset(
    {
        Role.CITY_MIIT,
        Role.CITY_FINANCE,
        Role.CITY_GOV_CLERK,
        Role.PROV_MIIT,
        Role.PROV_FINANCE,
        Role.PROV_GOV_CLERK,
        Role.PROV_PARTY_GROUP_CLERK,
        Role.INSPECTOR,
        Role.APPLICANT,
        Role.PROVIDER,
        Role.THIRD_PARTY,
        Role.DISTRICT_MIIT,
        Role.DISTRICT_FINANCE,
        Role.COUNTY_FINANCE,
    }
)
MAX_BATCH = 500


class RegisterDocumentArgs(StrictModel):
    doc_id: Id
    doc_type: str = Field(min_length=1, max_length=40)
    number: str = Field(min_length=1, max_length=100)
    title: Text
    issued_on: IsoDate
    sha256: Sha256
    issuer: Name
    amount_fen: Fen | None = None


def new_document(args: RegisterDocumentArgs, ctx: Reader, field: str = "") -> tuple[Document, DocumentContent]:
    at = f"{field}." if field else ""
    if ctx.exists(ids.document_stream(args.doc_id)):
        DOC_UNIQUE.refuse(f"{at}doc_id", f"document {args.doc_id!r} is already registered")
    content = ids.document_content_stream(args.sha256)
    if ctx.exists(content):
        first = ctx.find(DocumentContent, content)
        named = f"document {first.doc_id!r}" if first is not None else "another document"
        DOC_CONTENT.refuse(f"{at}sha256", f"this content ({args.sha256[:16]}…) is already registered as {named}")
    doc = Document(
        doc_id=args.doc_id,
        doc_type=args.doc_type,
        number=args.number,
        title=args.title,
        issued_on=args.issued_on.isoformat(),
        sha256=args.sha256,
        issuer=args.issuer,
        amount_fen=args.amount_fen,
        registered_by=ctx.actor.actor_id,
    )
    return doc, DocumentContent(sha256=args.sha256, doc_id=args.doc_id)


class RegisterDocument(Command[RegisterDocumentArgs]):
    """登记文件 / Enter a document by content hash, number, date and amount."""

    name = "document.register"
    zh, en = "登记文件（内容哈希、文号、日期、金额）", "enter a document by content hash, number, date and amount"
    roles = REGISTRARS
    enforces = (DOC_UNIQUE, DOC_CONTENT)
    args = RegisterDocumentArgs
    cli = ("document", "register")
    cli_arguments = ("doc_id",)

    def execute(self, args: RegisterDocumentArgs, ctx: Reader) -> Sequence[Aggregate]:
        return new_document(args, ctx)


class RegisterDocumentsArgs(StrictModel):
    documents: list[RegisterDocumentArgs] = Field(min_length=1, max_length=MAX_BATCH)


class RegisterDocuments(Command[RegisterDocumentsArgs]):
    """成批登记文件 / Enter up to 500 documents in one signed command (an enterprise's invoices, a statement)."""

    name = "document.register_many"
    zh, en = "成批登记文件（至多 500 份）", "enter up to 500 documents in one signed command"
    roles = REGISTRARS
    enforces = (DOC_UNIQUE, DOC_CONTENT)
    args = RegisterDocumentsArgs
    cli = ("document", "register-many")

    def execute(self, args: RegisterDocumentsArgs, ctx: Reader) -> Sequence[Aggregate]:
        docs = args.documents
        ctx.prefetch(
            [ids.document_stream(d.doc_id) for d in docs] + [ids.document_content_stream(d.sha256) for d in docs]
        )
        out: list[Aggregate] = []
        seen: set[str] = set()
        contents: dict[str, str] = {}
        for i, doc in enumerate(docs):
            made, claim = new_document(doc, ctx, f"documents[{i}]")
            if doc.doc_id in seen:
                DOC_UNIQUE.refuse(f"documents[{i}].doc_id", f"document {doc.doc_id!r} appears twice")
            if doc.sha256 in contents:
                DOC_CONTENT.refuse(
                    f"documents[{i}].sha256",
                    f"this content is already registered as document {contents[doc.sha256]!r} in this batch",
                )
            seen.add(doc.doc_id)
            contents[doc.sha256] = doc.doc_id
            out += [made, claim]
        return out


COMMANDS = (RegisterDocument(), RegisterDocuments())
