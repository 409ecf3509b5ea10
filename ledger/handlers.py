"""Command handlers: one function per command, listed in one dict (docs/decisions.md §24).

A handler checks the arguments and asks aggregates to change; it returns the
aggregates with pending events. It never saves: the application saves them
together with the command record, in one transaction.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.application import AggregateNotFoundError

from domain import ids
from domain.actors import Actor
from domain.actors import KeyClaim
from domain.actors import organisation
from domain.documents import Document
from domain.documents import DocumentContent
from domain.errors import Conflict
from domain.errors import InvalidField
from domain.errors import NotFound
from domain.roles import OrgKind
from domain.roles import Role
from domain.validation import get_date
from domain.validation import get_fen
from domain.validation import get_hex64
from domain.validation import get_public_key
from domain.validation import get_str
from domain.validation import only_fields
from ledger.hashing import key_id as compute_key_id
from ledger.hashing import log_key_proof_message

if TYPE_CHECKING:
    from uuid import UUID

    from domain.ledger import Ledger

_DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$")


@dataclass
class Context:
    """What a handler may read: aggregates by id, and the acting actor."""

    get: Callable[[UUID], Any]
    actor: Actor
    existing: Callable[[list[UUID]], set[UUID]] | None = None
    ledger: Ledger | None = None
    origin: str = ""
    _known: dict[UUID, bool] = field(default_factory=dict)

    def prefetch(self, streams: list[UUID]) -> None:
        """Learn in one query which of ``streams`` exist (a batch command checks hundreds)."""
        if self.existing is None:
            return
        found = self.existing(streams)
        self._known.update({s: s in found for s in streams})

    def exists(self, stream: UUID) -> bool:
        known = self._known.get(stream)
        if known is not None:
            return known
        return self.find(stream) is not None

    def find(self, stream: UUID) -> Any | None:
        try:
            return self.get(stream)
        except AggregateNotFoundError:
            return None

    def actor_named(self, args: dict[str, Any], field: str = "actor_id") -> Actor:
        actor_id = get_str(args, field, pattern=ids.ACTOR_ID)
        if actor_id == self.actor.actor_id:
            return self.actor  # one object, so the command's own changes are saved once
        found = self.find(ids.actor_stream(actor_id))
        if found is None:
            raise NotFound(field, "FT-ACTOR-EXISTS", f"no actor {actor_id!r} is registered")
        assert isinstance(found, Actor)
        return found


Handler = Callable[[Context, dict[str, Any]], list[Any]]


def _role(value: Any, field: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise InvalidField(
            field, "FT-ROLE", f"unknown role {value!r}; known: {', '.join(r.value for r in Role)}"
        ) from None


def _claim_key(ctx: Context, actor: Actor, public_key: bytes, field: str) -> KeyClaim:
    kid = compute_key_id(public_key).hex()
    if ctx.find(ids.key_stream(kid)) is not None:
        raise Conflict(field, "FT-KEY-UNIQUE", f"key {kid[:16]} is already registered to an actor")
    return KeyClaim(key_id=kid, actor_id=actor.actor_id)


def register_actor(ctx: Context, args: dict[str, Any]) -> list[Any]:
    only_fields(args, {"actor_id", "name", "organisation", "roles", "public_key"})
    actor_id = get_str(args, "actor_id", max_len=63, pattern=ids.ACTOR_ID)
    name = get_str(args, "name", max_len=100)
    org = parse_organisation(args.get("organisation"), "organisation")
    roles = args.get("roles", [])
    if not isinstance(roles, list) or len(set(map(str, roles))) != len(roles):
        raise InvalidField("roles", "FT-ROLE", "expected a list of distinct roles")
    parsed = [_role(r, f"roles[{i}]") for i, r in enumerate(roles)]
    public_key = get_public_key(args, "public_key")
    if ctx.find(ids.actor_stream(actor_id)) is not None:
        raise Conflict("actor_id", "FT-ACTOR-UNIQUE", f"actor {actor_id!r} is already registered")
    actor = new_actor(actor_id, name, org)
    claim = _claim_key(ctx, actor, public_key, "public_key")
    actor.register_key(claim.key_id, args["public_key"])
    for role in parsed:
        actor.grant_role(role)
    return [actor, claim]


def parse_organisation(org: Any, field: str) -> dict[str, Any]:
    """``{code, name, kind}`` with a known kind (domain/roles.py OrgKind)."""
    if not isinstance(org, dict):
        raise InvalidField(field, "FT-FIELD", "expected {code, name, kind}")
    only_fields(org, {"code", "name", "kind"})
    code = get_str(org, "code", max_len=40)
    name = get_str(org, "name", max_len=100)
    kind = get_str(org, "kind", max_len=40)
    if kind not in {k.value for k in OrgKind}:
        raise InvalidField(f"{field}.kind", "FT-ORG", f"unknown organisation kind {kind!r}")
    return organisation(code, name, kind)


def new_actor(actor_id: str, name: str, org: dict[str, Any]) -> Actor:
    return Actor(actor_id=actor_id, name=name, organisation=org)


def grant_role(ctx: Context, args: dict[str, Any]) -> list[Any]:
    only_fields(args, {"actor_id", "role"})
    target = ctx.actor_named(args)
    target.grant_role(_role(args.get("role"), "role"))
    return [target]


def revoke_role(ctx: Context, args: dict[str, Any]) -> list[Any]:
    only_fields(args, {"actor_id", "role"})
    target = ctx.actor_named(args)
    target.revoke_role(_role(args.get("role"), "role"))
    return [target]


def register_key(ctx: Context, args: dict[str, Any]) -> list[Any]:
    only_fields(args, {"actor_id", "public_key"})
    target = ctx.actor_named(args)
    public_key = get_public_key(args, "public_key")
    claim = _claim_key(ctx, target, public_key, "public_key")
    target.register_key(claim.key_id, args["public_key"])
    return [target, claim]


def rotate_key(ctx: Context, args: dict[str, Any]) -> list[Any]:
    """Register a new key and revoke an old one in one command (docs/decisions.md §5)."""
    only_fields(args, {"actor_id", "public_key", "revoke_key_id"})
    target = ctx.actor_named(args)
    old = get_hex64(args, "revoke_key_id")
    if target.active_key(old) is None:
        raise NotFound("revoke_key_id", "FT-KEY-ROTATE", f"{target.actor_id} has no active key {old[:16]}")
    public_key = get_public_key(args, "public_key")
    claim = _claim_key(ctx, target, public_key, "public_key")
    target.register_key(claim.key_id, args["public_key"])
    target.revoke_key(old, reason="rotated")
    return [target, claim]


def revoke_key(ctx: Context, args: dict[str, Any]) -> list[Any]:
    only_fields(args, {"actor_id", "key_id", "reason"})
    target = ctx.actor_named(args)
    reason = get_str(args, "reason", max_len=200)
    target.revoke_key(get_hex64(args, "key_id"), reason=reason)
    return [target]


def register_document(ctx: Context, args: dict[str, Any]) -> list[Any]:
    """Enter a document by content hash, number, date and amount (docs/decisions.md §11)."""
    only_fields(args, {"doc_id", "doc_type", "number", "title", "issued_on", "sha256", "issuer", "amount_fen"})
    doc_id = get_str(args, "doc_id", max_len=100, pattern=_DOC_ID)
    doc_type = get_str(args, "doc_type", max_len=40)
    number = get_str(args, "number", max_len=100)
    title = get_str(args, "title", max_len=200)
    issued_on = get_date(args, "issued_on")
    sha256 = get_hex64(args, "sha256")
    issuer = get_str(args, "issuer", max_len=100)
    amount = get_fen(args, "amount_fen")
    stream = ids.document_stream(doc_id)
    if ctx.exists(stream):
        raise Conflict("doc_id", "FT-DOC-UNIQUE", f"document {doc_id!r} is already registered")
    content = ids.document_content_stream(sha256)
    if ctx.exists(content):
        first = ctx.find(content)
        named = f"document {first.doc_id!r}" if isinstance(first, DocumentContent) else "another document"
        raise Conflict(
            "sha256",
            "FT-DOC-CONTENT",
            f"this content ({sha256[:16]}…) is already registered as {named}",
            "docs/decisions.md §11",
        )
    doc = Document(
        doc_id=doc_id,
        doc_type=doc_type,
        number=number,
        title=title,
        issued_on=issued_on.isoformat(),
        sha256=sha256,
        issuer=issuer,
        amount_fen=amount,
        registered_by=ctx.actor.actor_id,
    )
    return [doc, DocumentContent(sha256=sha256, doc_id=doc_id)]


MAX_BATCH = 500


def register_documents(ctx: Context, args: dict[str, Any]) -> list[Any]:
    """Enter up to 500 documents in one signed command (an enterprise's invoices, a bank statement)."""
    only_fields(args, {"documents"})
    docs = args.get("documents")
    if not isinstance(docs, list) or not 1 <= len(docs) <= MAX_BATCH:
        raise InvalidField("documents", "FT-FIELD", f"expected a list of 1 to {MAX_BATCH} documents")
    out: list[Any] = []
    seen: set[str] = set()
    contents: dict[str, str] = {}
    ctx.prefetch(
        [ids.document_stream(d["doc_id"]) for d in docs if isinstance(d, dict) and isinstance(d.get("doc_id"), str)]
        + [
            ids.document_content_stream(d["sha256"])
            for d in docs
            if isinstance(d, dict) and isinstance(d.get("sha256"), str)
        ]
    )
    for i, doc in enumerate(docs):
        if not isinstance(doc, dict):
            raise InvalidField(f"documents[{i}]", "FT-FIELD", "expected an object")
        try:
            made, claim = register_document(ctx, doc)
        except InvalidField as e:
            raise InvalidField(f"documents[{i}].{e.field}", e.rule, e.detail, e.article) from None
        except Conflict as e:
            raise Conflict(f"documents[{i}].{e.field}", e.rule, e.detail, e.article) from None
        if made.doc_id in seen:
            raise Conflict(f"documents[{i}].doc_id", "FT-DOC-UNIQUE", f"document {made.doc_id!r} appears twice")
        if made.sha256 in contents:
            raise Conflict(
                f"documents[{i}].sha256",
                "FT-DOC-CONTENT",
                f"this content is already registered as document {contents[made.sha256]!r} in this batch",
                "docs/decisions.md §11",
            )
        seen.add(made.doc_id)
        contents[made.sha256] = made.doc_id
        out += [made, claim]
    return out


def rotate_log_key(ctx: Context, args: dict[str, Any]) -> list[Any]:
    """A new log key, with its holder's proof of possession (docs/ledger-format.md §6.5)."""
    only_fields(args, {"public_key", "proof"})
    ledger = ctx.ledger
    assert ledger is not None
    public_key = get_public_key(args, "public_key")
    proof = args.get("proof")
    try:
        raw_proof = base64.b64decode(proof, validate=True) if isinstance(proof, str) else b""
        Ed25519PublicKey.from_public_bytes(public_key).verify(raw_proof, log_key_proof_message(ctx.origin, public_key))
    except (InvalidSignature, ValueError, binascii.Error):
        raise InvalidField(
            "proof",
            "FT-LOG-KEY",
            "expected base64 of the new log key's signature over its possession message",
            "docs/ledger-format.md §6.5",
        ) from None
    kid = compute_key_id(public_key).hex()
    if kid == ledger.log_key["key_id"]:
        raise Conflict("public_key", "FT-LOG-KEY", "this is already the ledger's log key", "docs/ledger-format.md §6.5")
    ledger.rotate_log_key(key_id=kid, public_key=args["public_key"], previous_key_id=ledger.log_key["key_id"])
    return [ledger]


HANDLERS: dict[str, Handler] = {
    "ledger.rotate_log_key": rotate_log_key,
    "document.register_many": register_documents,
    "actor.register": register_actor,
    "role.grant": grant_role,
    "role.revoke": revoke_role,
    "key.register": register_key,
    "key.rotate": rotate_key,
    "key.revoke": revoke_key,
    "document.register": register_document,
}


def target_actor_id(args: dict[str, Any]) -> str | None:
    value = args.get("actor_id")
    return value if isinstance(value, str) else None
