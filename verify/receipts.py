"""Offline receipts (docs/ledger-format.md §10): one record proven against a signed checkpoint.

A receipt carries the record, its group's command record and the signing key's registration
record, each with an inclusion proof. It proves that the record is in the log the log key
signed at that size, that the actor signed the command that caused it, and that the key was
registered to that actor before the command. It does not prove that the key was still
unrevoked when the command was recorded: only a full `chain` verification shows that.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from verify import note as notes
from verify import spec
from verify.checks import parse_command
from verify.findings import Finding

RECEIPT_FORMAT = "fundtrail-receipt/2"
ENTRIES = ("record", "command_record", "key_record")
_BYTES = ("key_id", "command_hash", "signature", "prev_hash", "hash", "state")


class ReceiptError(ValueError):
    """The document is not a receipt this verifier can read (a usage problem, not a finding)."""


def _record_from(entry: Any, label: str) -> tuple[dict[str, Any], list[bytes]]:
    try:
        r = dict(entry["record"])
        for name in _BYTES:
            r[name] = base64.b64decode(r[name], validate=True)
        for name in ("originator_id", "topic", "recorded_at", "actor_id"):
            if type(r[name]) is not str:
                raise TypeError(f"{name} must be text")
        for name in ("seq", "originator_version"):
            if type(r[name]) is not int or not 1 <= r[name] < 2**64:
                raise TypeError(f"{name} must be an integer from 1 to 2^64 - 1")
        proof = [base64.b64decode(p, validate=True) for p in entry["inclusion_proof"]]
    except (KeyError, TypeError, ValueError) as e:
        msg = f"{label} is malformed: {e}"
        raise ReceiptError(msg) from None
    return r, proof


def check_receipt(doc: Any, log_key: bytes, witnesses: list[notes.Verifier], k: int) -> dict[str, Any]:
    """Verify a receipt; returns the work shown (``lines``) and the ``findings`` (codes of §11)."""
    if type(doc) is not dict or doc.get("format") != RECEIPT_FORMAT:
        msg = f"not a {RECEIPT_FORMAT} document"
        raise ReceiptError(msg)
    alg = doc.get("hash_algorithm")
    h = spec.HASHES.get(alg) if type(alg) is str else None
    if h is None:
        msg = f"unknown hash algorithm {doc.get('hash_algorithm')!r}"
        raise ReceiptError(msg)
    try:
        note = notes.parse_note(doc["checkpoint"])
        cp = notes.parse_checkpoint(note.text)
    except (KeyError, TypeError, notes.NoteError) as e:
        msg = f"checkpoint: {e}"
        raise ReceiptError(msg) from None
    entries = {label: _record_from(doc.get(label), label) for label in ENTRIES}
    findings: list[Finding] = []
    lines: list[str] = []
    if not notes.verify_signature(note, notes.Verifier(cp.origin, log_key)):
        findings.append(Finding("CHECKPOINT_SIGNATURE_INVALID", detail="the log key's signature does not verify"))
    good = sum(1 for w in witnesses if notes.verify_signature(note, w))
    if good < k:
        findings.append(Finding("WITNESS_QUORUM", expected=f"{k} cosignatures", actual=str(good)))
    for label, (r, proof) in entries.items():
        computed = spec.record_hash(h, r, r["state"])
        lines.append(f"{label} seq {r['seq']}  {r['topic']}")
        lines.append(f"  record hash {computed.hex()}  {'✓' if computed == r['hash'] else '✗'}")
        if computed != r["hash"]:
            findings.append(Finding("HASH_MISMATCH", seq=r["seq"], detail=label))
        try:
            spec.verify_inclusion(h, r["seq"] - 1, cp.size, computed, proof, cp.root)
            lines.append(f"  included in the tree of size {cp.size}: {len(proof)} hashes ✓")
        except spec.ProofError as e:
            findings.append(Finding("INCLUSION_PROOF_INVALID", seq=r["seq"], detail=f"{label}: {e}"))
    record, _ = entries["record"]
    command, _ = entries["command_record"]
    key_record, _ = entries["key_record"]
    findings += _check_command(h, record, command, cp.origin, lines)
    public = _check_key(record, command, key_record)
    if isinstance(public, Finding):
        findings.append(public)
    else:
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(
                record["signature"], spec.signed_message(record["command_hash"])
            )
            lines.append(f"  signed by {record['actor_id']} (key {record['key_id'].hex()[:16]}…) ✓")
        except (InvalidSignature, ValueError):
            findings.append(Finding("SIG_INVALID", seq=record["seq"]))
    return {
        "findings": findings,
        "problems": [f"{f.code}: {f.detail or f.message()}" for f in findings],
        "lines": lines,
        "seq": record["seq"],
        "origin": cp.origin,
        "size": cp.size,
    }


def _check_command(
    h: spec.HashFn, record: dict[str, Any], command: dict[str, Any], origin: str, lines: list[str]
) -> list[Finding]:
    """§5.3: the command record is of the record's group and its envelope is what was signed."""
    same_group = all(record[f] == command[f] for f in ("command_hash", "signature", "key_id", "actor_id"))
    parsed = parse_command(h, command["state"]) if command["topic"] == spec.COMMAND_TOPIC else None
    if (
        not same_group
        or parsed is None
        or parsed.problem
        or parsed.hash != record["command_hash"]
        or parsed.signature != record["signature"]
        or parsed.fields.get("actor") != record["actor_id"]
        or parsed.fields.get("key_id") != record["key_id"].hex()
    ):
        return [Finding("COMMAND_MISMATCH", seq=command["seq"], detail="not the command record of the record's group")]
    lines.append(f"  command {parsed.fields['command']} {parsed.fields['command_id']} by {parsed.fields['actor']} ✓")
    if parsed.fields["origin"] != origin:
        return [Finding("ORIGIN_MISMATCH", seq=command["seq"], expected=origin, actual=parsed.fields["origin"])]
    return []


def _check_key(record: dict[str, Any], command: dict[str, Any], key_record: dict[str, Any]) -> bytes | Finding:
    """§6: the key record registers the signing key to the signing actor before the group."""
    try:
        body = json.loads(key_record["state"])
        if key_record["topic"] == spec.GENESIS_TOPIC and key_record["seq"] == 1:
            # The first administrator's key is named by the genesis and signs the genesis group.
            entry = body["operator"]
            before = command["seq"] == 2
        else:
            entry = body
            before = key_record["topic"] == spec.KEY_REGISTERED_TOPIC and key_record["seq"] < command["seq"]
        public = base64.b64decode(entry["public_key"], validate=True)
        registered = spec.sha256(public) == record["key_id"] and entry["actor_id"] == record["actor_id"]
    except (ValueError, KeyError, TypeError):
        registered, before, public = False, False, b""
    if not (registered and before):
        return Finding(
            "KEY_UNKNOWN",
            seq=key_record["seq"],
            detail="the key record does not register the signing key to the signer before the command",
        )
    return public
