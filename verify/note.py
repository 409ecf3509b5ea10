"""C2SP signed-note, tlog-checkpoint and tlog-cosignature/v1 (docs/ledger-format.md §8).

Text formats with strict rules, written from the C2SP specs: a note is text
ending in a newline, a blank line, and signature lines ``— <name> <base64>``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from dataclasses import field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

ALG_ED25519 = 0x01
ALG_COSIGNATURE_V1 = 0x04
_DASH = "\u2014"  # em dash, as C2SP signed-note requires
_NAME = re.compile(r"^[^\s+]+$")
_SIZE = re.compile(r"^(0|[1-9][0-9]{0,19})$", re.ASCII)  # a uint64 in decimal; str.isdigit() admits "²" and "١"
MAX_SIZE = 2**64 - 1


class NoteError(ValueError):
    """A note, checkpoint, key or signature line is malformed."""


def key_hash(name: str, alg: int, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + public_key).digest()[:4]


@dataclass(frozen=True)
class Verifier:
    """A named Ed25519 public key, as in a C2SP verifier key ``name+hash+base64(alg||key)``."""

    name: str
    public_key: bytes
    alg: int = ALG_ED25519

    @property
    def hash(self) -> bytes:
        return key_hash(self.name, self.alg, self.public_key)

    def vkey(self) -> str:
        return f"{self.name}+{self.hash.hex()}+{base64.b64encode(bytes([self.alg]) + self.public_key).decode()}"

    @classmethod
    def parse(cls, text: str) -> Verifier:
        parts = text.strip(" \t\r\n").split("+", 2)  # ASCII blanks only; the base64 key may contain "+"
        if len(parts) != 3 or not _NAME.match(parts[0]):
            msg = f"not a verifier key name+hash+key: {text[:80]!r}"
            raise NoteError(msg)
        name, hex_hash, b64 = parts
        try:
            raw = base64.b64decode(b64, validate=True)
        except ValueError:  # binascii.Error, or text that is not ASCII
            msg = f"verifier key {name[:80]}: bad base64"
            raise NoteError(msg) from None
        if len(raw) != 33 or raw[0] not in (ALG_ED25519, ALG_COSIGNATURE_V1):
            msg = f"verifier key {name[:80]}: expected an Ed25519 key (type 0x01 or 0x04)"
            raise NoteError(msg)
        verifier = cls(name, raw[1:], raw[0])
        if len(hex_hash) != 8 or verifier.hash.hex() != hex_hash.lower():
            msg = f"verifier key {name[:80]}: key hash {hex_hash[:16]} does not match the key"
            raise NoteError(msg)
        return verifier


@dataclass(frozen=True)
class Signature:
    name: str
    key_hash: bytes
    payload: bytes  # everything after the 4-byte key hash

    def line(self) -> str:
        return f"{_DASH} {self.name} {base64.b64encode(self.key_hash + self.payload).decode()}\n"


@dataclass
class Note:
    text: str
    signatures: list[Signature] = field(default_factory=list)

    def render(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)


def parse_note(data: str) -> Note:
    if "\n\n" not in data:
        msg = "a signed note needs a blank line between text and signatures"
        raise NoteError(msg)
    cut = data.rindex("\n\n")
    # The text is everything up to and including the newline before the blank line.
    text, sigs = data[: cut + 1], data[cut + 2 :]
    if not sigs.endswith("\n"):
        msg = "signature block must end with a newline"
        raise NoteError(msg)
    signatures = []
    for line in sigs[:-1].split("\n"):
        if not line.startswith(_DASH + " "):
            msg = f"not a signature line: {line[:80]!r}"
            raise NoteError(msg)
        parts = line[2:].split(" ")
        if len(parts) != 2 or not _NAME.match(parts[0]):
            msg = f"malformed signature line: {line[:80]!r}"
            raise NoteError(msg)
        try:
            raw = base64.b64decode(parts[1], validate=True)
        except ValueError:  # binascii.Error, or text that is not ASCII
            msg = f"signature of {parts[0][:80]} is not base64"
            raise NoteError(msg) from None
        if len(raw) < 5:
            msg = f"signature of {parts[0][:80]} is too short"
            raise NoteError(msg)
        signatures.append(Signature(parts[0], raw[:4], raw[4:]))
    if not signatures:
        msg = "a signed note needs at least one signature"
        raise NoteError(msg)
    return Note(text, signatures)


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def body(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def parse_checkpoint(text: str) -> Checkpoint:
    """C2SP tlog-checkpoint, strictly: exactly origin, size, root; no extension lines here."""
    lines = text.split("\n")
    if len(lines) != 4 or lines[3] != "":
        msg = "a fundtrail checkpoint has exactly three lines: origin, size, root"
        raise NoteError(msg)
    origin, size_text, root_text = lines[:3]
    if not origin or any(ord(c) < 0x20 for c in origin):
        msg = "checkpoint origin is empty or has control characters"
        raise NoteError(msg)
    if not _SIZE.match(size_text) or int(size_text) > MAX_SIZE:
        msg = f"checkpoint size {size_text[:30]!r} is not a 64-bit decimal without leading zeros"
        raise NoteError(msg)
    try:
        root = base64.b64decode(root_text, validate=True)
    except ValueError:  # binascii.Error, or text that is not ASCII
        msg = "checkpoint root is not base64"
        raise NoteError(msg) from None
    if len(root) != 32 or base64.b64encode(root).decode() != root_text:
        msg = "checkpoint root is not the canonical base64 of 32 bytes"
        raise NoteError(msg)
    return Checkpoint(origin, int(size_text), root)


def sign_note(text: str, name: str, key: Ed25519PrivateKey) -> Signature:
    public = _raw_public(key)
    return Signature(name, key_hash(name, ALG_ED25519, public), key.sign(text.encode()))


def cosign(checkpoint_text: str, name: str, key: Ed25519PrivateKey, timestamp: int) -> Signature:
    """tlog-cosignature/v1: Ed25519 over "cosignature/v1\\ntime T\\n" and the checkpoint body."""
    public = _raw_public(key)
    message = f"cosignature/v1\ntime {timestamp}\n{checkpoint_text}".encode()
    return Signature(name, key_hash(name, ALG_COSIGNATURE_V1, public), timestamp.to_bytes(8, "big") + key.sign(message))


def verify_signature(note: Note, verifier: Verifier) -> bool | None:
    """True or False for the verifier's signature line; None if the note has none for it."""
    for sig in note.signatures:
        if sig.name != verifier.name or sig.key_hash != verifier.hash:
            continue
        public = Ed25519PublicKey.from_public_bytes(verifier.public_key)
        try:
            if verifier.alg == ALG_COSIGNATURE_V1:
                if len(sig.payload) != 72:
                    return False
                t = int.from_bytes(sig.payload[:8], "big")
                public.verify(sig.payload[8:], f"cosignature/v1\ntime {t}\n{note.text}".encode())
            else:
                if len(sig.payload) != 64:
                    return False
                public.verify(sig.payload, note.text.encode())
        except InvalidSignature:
            return False
        return True
    return None


def cosignature_time(note: Note, verifier: Verifier) -> int | None:
    for sig in note.signatures:
        if sig.name == verifier.name and sig.key_hash == verifier.hash and len(sig.payload) == 72:
            return int.from_bytes(sig.payload[:8], "big")
    return None


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
