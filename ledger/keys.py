"""Ed25519 key files (written 0600) and key ids (SHA-256 of the raw public key)."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.hashing import key_id

if TYPE_CHECKING:
    from pathlib import Path


class KeyFileError(Exception):
    """A key file is missing, unreadable, too open or malformed."""


@dataclass(frozen=True)
class ActorKey:
    actor: str
    private_key: Ed25519PrivateKey

    @property
    def public_bytes(self) -> bytes:
        return self.private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_bytes).decode()

    @property
    def key_id(self) -> str:
        return key_id(self.public_bytes).hex()


def generate(actor: str) -> ActorKey:
    return ActorKey(actor, Ed25519PrivateKey.generate())


def from_seed(actor: str, seed: bytes) -> ActorKey:
    """Deterministic keys, for golden vectors and reproducible demos only."""
    return ActorKey(actor, Ed25519PrivateKey.from_private_bytes(seed))


def write(key: ActorKey, path: Path) -> None:
    """Write a key file readable by its owner only; never overwrite one."""
    raw = key.private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    doc = {
        "actor": key.actor,
        "key_id": key.key_id,
        "public_key": key.public_b64,
        "private_key": base64.b64encode(raw).decode(),
        "type": "ed25519",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


MAX_KEY_FILE = 64 * 1024  # a key file is a few hundred bytes; anything far larger is not one


def mode_problem(path: Path) -> str | None:
    """Why a private key file is too open (group or others may read it), or None if it is 0600 or stricter."""
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        return f"key file {path} is readable by others (mode {mode:o}); chmod 600 it"
    return None


def load_document(path: Path) -> object:
    """A small JSON file (a key file or a public key file), read with a size cap."""
    with path.open("rb") as f:
        data = f.read(MAX_KEY_FILE + 1)
    if len(data) > MAX_KEY_FILE:
        msg = f"larger than {MAX_KEY_FILE} bytes"
        raise ValueError(msg)
    if not data.strip():
        msg = "the file is empty"
        raise ValueError(msg)
    return json.loads(data.decode("utf-8"))


def is_key_file(path: Path) -> bool:
    """Whether ``path`` holds a private key (a JSON object with ``private_key``), judged by content."""
    try:
        doc = load_document(path)
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(doc, dict) and "private_key" in doc


def read(path: Path) -> ActorKey:
    try:
        problem = mode_problem(path)
        if problem:
            raise KeyFileError(problem)
        doc = load_document(path)
    except (OSError, ValueError, RecursionError) as e:  # missing, binary, not JSON, nested too deep
        msg = f"cannot read key file {path}: {type(e).__name__ if isinstance(e, RecursionError) else e}"
        raise KeyFileError(msg) from None
    if not isinstance(doc, dict):
        msg = f"key file {path} is malformed: expected a JSON object"
        raise KeyFileError(msg)
    try:
        actor, private = doc["actor"], doc["private_key"]
        if not isinstance(actor, str) or not isinstance(private, str):
            raise TypeError("actor and private_key must be strings")
        key = ActorKey(actor, Ed25519PrivateKey.from_private_bytes(base64.b64decode(private, validate=True)))
    except (KeyError, TypeError, ValueError) as e:
        msg = f"key file {path} is malformed: {type(e).__name__}: {e}"
        raise KeyFileError(msg) from None
    if doc.get("key_id") not in (None, key.key_id):
        msg = f"key file {path}: key_id does not match the private key"
        raise KeyFileError(msg)
    return key
