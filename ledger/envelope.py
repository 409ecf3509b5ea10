"""The signed command envelope (docs/decisions.md §6; docs/ledger-format.md §5).

An actor signs a command, not the events it causes. The envelope is the
canonical JSON of ``{v, origin, command, args, actor, key_id, issued_at,
command_id}``; the signature is Ed25519 over a domain tag and the envelope's
hash. One signed envelope per line is the format of ``fundtrail apply``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from domain.errors import InvalidField
from ledger.canonical import CanonicalError
from ledger.canonical import canonical_bytes
from ledger.canonical import format_time
from ledger.canonical import parse_time
from ledger.hashing import HashFn
from ledger.hashing import command_hash
from ledger.hashing import signed_message

if TYPE_CHECKING:
    from datetime import datetime

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ENVELOPE_VERSION = 1
FIELDS = ("v", "origin", "command", "args", "actor", "key_id", "issued_at", "command_id")
RULE = "FT-ENVELOPE"
ARTICLE = "docs/ledger-format.md §5.1"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_COMMAND_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")
_COMMAND = re.compile(r"^[a-z]+(\.[a-z_]+)+$")


@dataclass(frozen=True)
class SignedCommand:
    """Envelope bytes exactly as signed, its parsed fields and the signature."""

    envelope: bytes
    fields: dict[str, Any]
    signature: bytes
    # True when made by sign() or from_line(), which check the shape and derive the bytes from the
    # fields; the ledger checks any other SignedCommand itself (see checked_command).
    checked: bool = False

    @property
    def command(self) -> str:
        return str(self.fields["command"])

    @property
    def command_id(self) -> str:
        return str(self.fields["command_id"])

    @property
    def actor(self) -> str:
        return str(self.fields["actor"])

    @property
    def key_id(self) -> str:
        return str(self.fields["key_id"])

    @property
    def args(self) -> dict[str, Any]:
        args: dict[str, Any] = self.fields["args"]
        return args

    def hash(self, h: HashFn) -> bytes:
        return command_hash(h, self.envelope)

    def to_line(self) -> str:
        """One JSONL line: the envelope object and the base64 signature."""
        line = {"envelope": self.fields, "signature": base64.b64encode(self.signature).decode()}
        return canonical_bytes(line).decode()


def make_envelope(
    *,
    origin: str,
    command: str,
    args: dict[str, Any],
    actor: str,
    key_id: str,
    issued_at: datetime,
    command_id: str,
) -> dict[str, Any]:
    return {
        "v": ENVELOPE_VERSION,
        "origin": origin,
        "command": command,
        "args": args,
        "actor": actor,
        "key_id": key_id,
        "issued_at": format_time(issued_at),
        "command_id": command_id,
    }


def sign(fields: dict[str, Any], key: Ed25519PrivateKey, h: HashFn) -> SignedCommand:
    """Sign a well-formed envelope; a malformed one is refused before anything is signed."""
    envelope = canonical_bytes(parse_fields(fields))
    signature = key.sign(signed_message(command_hash(h, envelope)))
    return SignedCommand(envelope, fields, signature, checked=True)


def checked_command(signed: SignedCommand) -> SignedCommand:
    """The ledger's admission of the envelope itself (docs/ledger-format.md §5.1): well-formed, and the
    fields the ledger acts on are exactly the bytes that were signed."""
    if signed.checked:
        return signed
    fields = parse_fields(signed.fields)
    if canonical_bytes(fields) != signed.envelope:
        raise InvalidField(
            "envelope", RULE, "the fields are not the canonical form of the signed envelope bytes", ARTICLE
        )
    return SignedCommand(signed.envelope, fields, signed.signature, checked=True)


def parse_fields(fields: Any) -> dict[str, Any]:  # noqa: PLR0912 - one branch per §5.1 rule
    """Check the envelope's shape; each refusal names the field (docs/ledger-format.md §5)."""
    if not isinstance(fields, dict):
        raise InvalidField("envelope", RULE, "expected a JSON object", ARTICLE)
    missing = [f for f in FIELDS if f not in fields]
    if missing:
        raise InvalidField(f"envelope.{missing[0]}", RULE, "required field is missing", ARTICLE)
    extra = sorted(set(fields) - set(FIELDS))
    if extra:
        raise InvalidField(f"envelope.{extra[0]}", RULE, "unknown envelope field", ARTICLE)
    if type(fields["v"]) is not int or fields["v"] != ENVELOPE_VERSION:  # true is not 1
        raise InvalidField("envelope.v", RULE, f"expected {ENVELOPE_VERSION}, got {fields['v']!r}", ARTICLE)
    for name in ("origin", "command", "actor", "key_id", "issued_at", "command_id"):
        if not isinstance(fields[name], str):
            raise InvalidField(f"envelope.{name}", RULE, f"expected a string, got {fields[name]!r}", ARTICLE)
    if not _COMMAND.match(fields["command"]):
        raise InvalidField("envelope.command", RULE, f"malformed command name {fields['command']!r}", ARTICLE)
    if not isinstance(fields["args"], dict):
        raise InvalidField("envelope.args", RULE, "expected a JSON object", ARTICLE)
    if not _HEX64.match(fields["key_id"]):
        raise InvalidField("envelope.key_id", RULE, "expected the 64-hex SHA-256 of the public key", ARTICLE)
    if not _COMMAND_ID.match(fields["command_id"]):
        raise InvalidField("envelope.command_id", RULE, "1-100 characters of A-Z a-z 0-9 . _ : -", ARTICLE)
    try:
        parse_time(fields["issued_at"])
    except ValueError:
        raise InvalidField(
            "envelope.issued_at", RULE, "expected RFC 3339 UTC with microseconds and Z", ARTICLE
        ) from None
    try:
        canonical_bytes(fields)
    except CanonicalError as e:
        raise InvalidField("envelope.args", RULE, str(e), ARTICLE) from None
    except RecursionError:
        raise InvalidField("envelope.args", RULE, "nested too deeply", ARTICLE) from None
    return fields


def from_line(line: str) -> SignedCommand:
    """Parse one line of a ``fundtrail apply`` file."""
    try:
        obj = json.loads(line, object_pairs_hook=_no_duplicate_keys)
    except (ValueError, RecursionError) as e:  # bad JSON, duplicate keys, 4,300-digit integers, deep nesting
        raise InvalidField(
            "line", RULE, f"not a JSON object of the canonical subset: {str(e)[:200]}", ARTICLE
        ) from None
    if not isinstance(obj, dict) or set(obj) != {"envelope", "signature"}:
        raise InvalidField("line", RULE, 'expected {"envelope": {...}, "signature": "..."}', ARTICLE)
    fields = parse_fields(obj["envelope"])
    return SignedCommand(canonical_bytes(fields), fields, decode_signature(obj["signature"]), checked=True)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A signed object with a key twice means two readings of one signature: refused (§5.1)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        msg = f"duplicate key {twice!r}"
        raise ValueError(msg)
    return out


def decode_signature(text: Any) -> bytes:
    if not isinstance(text, str):
        raise InvalidField("signature", RULE, "expected base64 text", ARTICLE)
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise InvalidField("signature", RULE, "not valid base64", ARTICLE) from None
    if len(raw) != 64:
        raise InvalidField("signature", RULE, f"an Ed25519 signature has 64 bytes, got {len(raw)}", ARTICLE)
    return raw
