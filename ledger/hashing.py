"""Hash algorithms and the hash inputs of docs/ledger-format.md §4–§6.

The ledger picks SHA-256 (default) or SM3 (GB/T 32905) once, at ``init``; the
chain, the command hashes and the Merkle tree all use it. Key ids are always the
SHA-256 of the raw public key (docs/decisions.md §6).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from cryptography.hazmat.primitives import hashes

HashFn = Callable[[bytes], bytes]

RECORD_TAG = b"fundtrail/record/v2\n"
COMMAND_TAG = b"fundtrail/command/v2\n"
SIGNATURE_TAG = b"fundtrail/command-signature/v2\n"
LOG_KEY_TAG = b"fundtrail/log-key/v2\n"  # possession proof of a new log key (docs/ledger-format.md §6.5)
HASH_SIZE = 32


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _sm3(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


ALGORITHMS: dict[str, HashFn] = {"sha256": _sha256, "sm3": _sm3}


def hash_function(name: str) -> HashFn:
    try:
        return ALGORITHMS[name]
    except KeyError:
        msg = f"unknown hash algorithm {name!r}; choose one of {', '.join(ALGORITHMS)}"
        raise ValueError(msg) from None


def key_id(public_key: bytes) -> bytes:
    return hashlib.sha256(public_key).digest()


def lp(data: bytes) -> bytes:
    """Length-prefixed field: 4-byte big-endian length, then the bytes."""
    return len(data).to_bytes(4, "big") + data


def u64(n: int) -> bytes:
    return n.to_bytes(8, "big")


def command_hash(h: HashFn, envelope: bytes) -> bytes:
    return h(COMMAND_TAG + envelope)


def signed_message(cmd_hash: bytes) -> bytes:
    """What the actor's Ed25519 key signs for a command."""
    return SIGNATURE_TAG + cmd_hash


def log_key_proof_message(origin: str, public_key: bytes) -> bytes:
    """What a new log key signs to prove it is held by whoever rotates to it (§6.5)."""
    return LOG_KEY_TAG + origin.encode() + b"\n" + public_key


def record_hash(
    h: HashFn,
    *,
    seq: int,
    prev_hash: bytes,
    stream_id: str,
    version: int,
    topic: str,
    recorded_at: str,
    state: bytes,
    actor_id: str,
    key_id: bytes,
    command_hash: bytes,
    signature: bytes,
) -> bytes:
    """The chain hash of one record (docs/ledger-format.md §4)."""
    return h(
        RECORD_TAG
        + u64(seq)
        + lp(prev_hash)
        + lp(stream_id.encode())
        + u64(version)
        + lp(topic.encode())
        + lp(recorded_at.encode())
        + lp(h(state))
        + lp(actor_id.encode())
        + lp(key_id)
        + lp(command_hash)
        + lp(signature)
    )
