"""Stream ids. Every stream id is a name-based UUID (RFC 9562 v5) so it can be recomputed."""

from __future__ import annotations

import re
import uuid
from functools import lru_cache

# Fixed forever: changing it would move every stream (docs/ledger-format.md §3).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:fundtrail:stream")

ACTOR_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")


@lru_cache(maxsize=65536)
def ledger_stream(origin: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"ledger:{origin}")


@lru_cache(maxsize=65536)
def actor_stream(actor_id: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"actor:{actor_id}")


@lru_cache(maxsize=65536)
def command_stream(actor_id: str) -> uuid.UUID:
    """The acting actor's own journal of accepted commands (docs/decisions.md §6)."""
    return uuid.uuid5(NAMESPACE, f"actor-commands:{actor_id}")


@lru_cache(maxsize=65536)
def document_stream(doc_id: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"document:{doc_id}")


@lru_cache(maxsize=65536)
def document_content_stream(sha256_hex: str) -> uuid.UUID:
    """The claim of a content hash by the first document that carried it."""
    return uuid.uuid5(NAMESPACE, f"document-content:{sha256_hex}")


def resolve_stream(alias: str) -> uuid.UUID:
    """Accept a UUID or an alias ``actor:ID``, ``commands:ID``, ``document:ID``, ``ledger:ORIGIN``."""
    kind, _, name = alias.partition(":")
    makers = {
        "actor": actor_stream,
        "commands": command_stream,
        "document": document_stream,
        "ledger": ledger_stream,
    }
    if name and kind in makers:
        return makers[kind](name)
    return uuid.UUID(alias)


@lru_cache(maxsize=65536)
def key_stream(key_id_hex: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"key:{key_id_hex}")
