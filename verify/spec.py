"""docs/ledger-format.md, re-implemented from the text alone (no import of ledger/).

Everything here is a pure function of bytes: canonical JSON (§2), record
hashes (§4), command hashes and signatures (§5), the RFC 6962 tree (§7) and
RFC 9162 proof verification (§7.3).
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import uuid
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives import hashes

HashFn = Callable[[bytes], bytes]

RECORD_TAG = b"fundtrail/record/v2\n"
COMMAND_TAG = b"fundtrail/command/v2\n"
SIGNATURE_TAG = b"fundtrail/command-signature/v2\n"
LOG_KEY_TAG = b"fundtrail/log-key/v2\n"
GENESIS_TOPIC = "fundtrail.ledger.Initialised"
LOG_KEY_ROTATED_TOPIC = "fundtrail.ledger.LogKeyRotated"
COMMAND_TOPIC = "fundtrail.command.Accepted"
ACTOR_REGISTERED_TOPIC = "fundtrail.actor.Registered"
KEY_REGISTERED_TOPIC = "fundtrail.actor.KeyRegistered"
KEY_REVOKED_TOPIC = "fundtrail.actor.KeyRevoked"
ROLE_GRANTED_TOPIC = "fundtrail.actor.RoleGranted"
ROLE_REVOKED_TOPIC = "fundtrail.actor.RoleRevoked"
KEY_CLAIMED_TOPIC = "fundtrail.key.Claimed"
SPEC_VERSION = "fundtrail-ledger/2"
GENESIS_COMMAND_ID = "init"
ENVELOPE_FIELDS = frozenset({"v", "origin", "command", "args", "actor", "key_id", "issued_at", "command_id"})
# §3.2 identifier grammars (ASCII).
COMMAND_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$", re.ASCII)
COMMAND_NAME = re.compile(r"^[a-z]+(\.[a-z_]+)+$", re.ASCII)
ACTOR_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$", re.ASCII)
HEX64 = re.compile(r"^[0-9a-f]{64}$", re.ASCII)
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$", re.ASCII)
# §3.3 stream ids: RFC 9562 name-based UUIDs (v5) in this namespace.
STREAM_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:fundtrail:stream")
_U64 = struct.Struct(">Q")
_U32 = struct.Struct(">I")


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def sm3(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


HASHES: dict[str, HashFn] = {"sha256": sha256, "sm3": sm3}


def record_hash(h: HashFn, r: dict[str, Any], state: bytes) -> bytes:
    """§4: the chain hash over the record's fields and the hash of its stored bytes."""
    stream = r["originator_id"].encode()
    topic = r["topic"].encode()
    recorded = r["recorded_at"].encode()
    actor = r["actor_id"].encode()
    state_hash = h(state)
    return h(
        b"".join(
            (
                RECORD_TAG,
                _U64.pack(r["seq"]),
                _U32.pack(len(r["prev_hash"])),
                r["prev_hash"],
                _U32.pack(len(stream)),
                stream,
                _U64.pack(r["originator_version"]),
                _U32.pack(len(topic)),
                topic,
                _U32.pack(len(recorded)),
                recorded,
                _U32.pack(len(state_hash)),
                state_hash,
                _U32.pack(len(actor)),
                actor,
                _U32.pack(len(r["key_id"])),
                r["key_id"],
                _U32.pack(len(r["command_hash"])),
                r["command_hash"],
                _U32.pack(len(r["signature"])),
                r["signature"],
            )
        )
    )


def stream_id(kind: str, name: str) -> str:
    """§3.3: the stream of ``kind:name`` (actor, actor-commands, key, ledger, document) as canonical text."""
    return str(uuid.uuid5(STREAM_NAMESPACE, f"{kind}:{name}"))


def parse_time(text: Any) -> datetime | None:
    """§2 time text to a UTC datetime; None if it is not exactly that form."""
    if type(text) is not str or not TIME.match(text):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def checkpoint_body(origin: str, size: int, root: bytes) -> bytes:
    """§7.4 / §8: the C2SP tlog-checkpoint body a seal signs."""
    import base64

    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n".encode()


def log_key_proof_message(origin: str, public_key: bytes) -> bytes:
    return LOG_KEY_TAG + origin.encode() + b"\n" + public_key


def envelope_problem(envelope: bytes, fields: Any) -> str:  # noqa: PLR0911 - one return per §5.1 rule
    """§5.1: why an envelope is not well-formed, or "" if it is."""
    if type(fields) is not dict:
        return "the envelope is not a JSON object"
    if set(fields) != ENVELOPE_FIELDS:
        return f"fields {sorted(fields)} are not exactly {sorted(ENVELOPE_FIELDS)}"
    if type(fields["v"]) is not int or fields["v"] != 1:
        return f"v is {fields['v']!r}, not the integer 1"
    for name in ("origin", "command", "actor", "key_id", "issued_at", "command_id"):
        if type(fields[name]) is not str:
            return f"{name} is not a string"
    if type(fields["args"]) is not dict:
        return "args is not an object"
    checks = (
        ("command", COMMAND_NAME),
        ("command_id", COMMAND_ID),
        ("actor", ACTOR_ID),
        ("key_id", HEX64),
        ("issued_at", TIME),
    )
    for name, pattern in checks:
        if not pattern.match(fields[name]):
            return f"{name} {fields[name]!r} does not match its grammar"
    if not is_canonical(envelope):
        return "the envelope bytes are not canonical JSON"
    return ""


def command_hash(h: HashFn, envelope: bytes) -> bytes:
    return h(COMMAND_TAG + envelope)


def signed_message(cmd_hash: bytes) -> bytes:
    return SIGNATURE_TAG + cmd_hash


def is_canonical(data: bytes) -> bool:
    """§2: UTF-8 JSON, sorted keys, no whitespace, no floats, |int| <= 2^53, ASCII keys."""
    try:
        value = json.loads(data.decode("utf-8"), parse_float=_no_float, parse_int=_safe_int, parse_constant=_no_float)
    except (ValueError, UnicodeDecodeError):
        return False
    # An all-ASCII document has ASCII keys; otherwise look at the keys (not the values).
    if not data.isascii() and not _ascii_keys(value):
        return False
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() == data


def _no_float(text: str) -> Any:
    raise ValueError(text)


def _safe_int(text: str) -> int:
    n = int(text)
    if not -(2**53) <= n <= 2**53:
        raise ValueError(text)
    return n


def _ascii_keys(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            for key, child in item.items():
                if not key.isascii():
                    return False
                if type(child) is dict or type(child) is list:
                    stack.append(child)
        elif type(item) is list:
            stack.extend(child for child in item if type(child) is dict or type(child) is list)
    return True


# -- §7 the RFC 6962 tree ---------------------------------------------------------
def leaf_hash(h: HashFn, data: bytes) -> bytes:
    return h(b"\x00" + data)


def node_hash(h: HashFn, left: bytes, right: bytes) -> bytes:
    return h(b"\x01" + left + right)


class Frontier:
    """Compact range: the roots of the perfect subtrees on the right edge."""

    def __init__(self, h: HashFn) -> None:
        self.h = h
        self.size = 0
        self.stack: list[bytes] = []

    def append(self, data: bytes) -> list[bytes]:
        node = leaf_hash(self.h, data)
        completed = []
        index = self.size
        while index & 1:
            node = node_hash(self.h, self.stack.pop(), node)
            completed.append(node)
            index >>= 1
        self.stack.append(node)
        self.size += 1
        return completed

    def root(self) -> bytes:
        if not self.stack:
            return self.h(b"")
        node = self.stack[-1]
        for left in reversed(self.stack[:-1]):
            node = node_hash(self.h, left, node)
        return node


class ProofError(ValueError):
    """A proof does not verify; the message says which check failed."""


def root_from_inclusion(h: HashFn, index: int, size: int, leaf: bytes, proof: list[bytes]) -> bytes:
    """RFC 9162 §2.1.3.2: recompute the root from leaf ``index`` (0-based) of ``size``."""
    if not 0 <= index < size:
        msg = f"leaf index {index} is not inside a tree of size {size}"
        raise ProofError(msg)
    fn, sn = index, size - 1
    r = leaf_hash(h, leaf)
    for p in proof:
        if sn == 0:
            msg = "inclusion proof is longer than the tree allows"
            raise ProofError(msg)
        if fn & 1 or fn == sn:
            r = node_hash(h, p, r)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            r = node_hash(h, r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        msg = "inclusion proof is shorter than the tree needs"
        raise ProofError(msg)
    return r


def verify_inclusion(h: HashFn, index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> None:
    if root_from_inclusion(h, index, size, leaf, proof) != root:
        msg = f"inclusion proof for leaf {index} does not lead to the root of size {size}"
        raise ProofError(msg)


def verify_consistency(  # noqa: PLR0912, PLR0915 - RFC 9162 §2.1.4.2 step by step, kept in one piece to compare
    h: HashFn, old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: list[bytes]
) -> None:
    """RFC 9162 §2.1.4.2, including its traps: m = 0, m = n, m a power of two, unconsumed proof."""
    if old_size > new_size:
        msg = f"size went down from {old_size} to {new_size}"
        raise ProofError(msg)
    if old_size == new_size:
        if proof:
            msg = "a proof between equal sizes must be empty"
            raise ProofError(msg)
        if old_root != new_root:
            msg = "same size, different roots"
            raise ProofError(msg)
        return
    if old_size == 0:
        if proof:
            msg = "a proof from the empty tree must be empty"
            raise ProofError(msg)
        return
    if not proof:
        msg = "empty consistency proof"
        raise ProofError(msg)
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        path = [old_root, *path]
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            msg = "consistency proof is longer than needed"
            raise ProofError(msg)
        if fn & 1 or fn == sn:
            fr = node_hash(h, c, fr)
            sr = node_hash(h, c, sr)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            sr = node_hash(h, sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        msg = "consistency proof was not fully consumed"
        raise ProofError(msg)
    if fr != old_root:
        msg = "consistency proof does not lead to the old root"
        raise ProofError(msg)
    if sr != new_root:
        msg = "consistency proof does not lead to the new root"
        raise ProofError(msg)
