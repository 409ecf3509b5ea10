"""Signed checkpoints, proofs, receipts and export bundles (docs/ledger-format.md §8–§10).

The write side's own implementation of the C2SP formats; verify/ has the other.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import TextIO
from typing import cast

from ledger.merkle import TreeReader

if TYPE_CHECKING:
    from pathlib import Path

    from ledger.app import FundtrailLedger

RECEIPT_FORMAT = "fundtrail-receipt/2"
KEY_REGISTERED = "fundtrail.actor.KeyRegistered"
KEY_REVOKED = "fundtrail.actor.KeyRevoked"
LOG_KEY_ROTATED = "fundtrail.ledger.LogKeyRotated"
BUNDLE_FORMAT = "fundtrail-bundle/2"
_DASH = "\u2014"


def vkey(name: str, public_key: bytes, alg: int = 0x01) -> str:
    """The C2SP verifier key text ``name+hash+base64(alg||key)``."""
    h = hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + public_key).digest()[:4]
    return f"{name}+{h.hex()}+{base64.b64encode(bytes([alg]) + public_key).decode()}"


def checkpoint_body(origin: str, size: int, root: bytes) -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"


@dataclass(frozen=True)
class Issued:
    size: int
    root: bytes
    note: str


def tree(app: FundtrailLedger) -> TreeReader:
    return TreeReader(app.hash, app.chain.fetch_nodes)


def signed_note(origin: str, body: str, public_key: bytes, signature: bytes) -> str:
    """A C2SP signed note of ``body`` with one Ed25519 signature line; key name = origin."""
    key_hash = hashlib.sha256(origin.encode() + b"\n\x01" + public_key).digest()[:4]
    return f"{body}\n{_DASH} {origin} {base64.b64encode(key_hash + signature).decode()}\n"


def log_keys(app: FundtrailLedger) -> list[bytes]:
    """Every log key the ledger has had, oldest first (genesis, then each rotation)."""
    found = [app.info().genesis_log_key]
    for row in app.chain.records(topics=[LOG_KEY_ROTATED]):
        if row["state"]:
            found.append(base64.b64decode(json.loads(row["state"])["public_key"]))
    return found


def seal_note(app: FundtrailLedger, size: int | None = None) -> Issued:
    """The seal of the group ending at ``size`` (default: the head) as a C2SP checkpoint note.

    Every commit is sealed by the log key inside its own transaction (docs/ledger-format.md §7.4),
    so a checkpoint needs no key: it is the newest seal, which the log key signed once and for all.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    info = app.info()
    head = app.chain.chain_size()
    size = head if size is None else size
    if not 1 <= size <= head:
        msg = f"no record {size}: the ledger holds {head}"
        raise LookupError(msg)
    seal = app.chain.seal_at(size)
    if not seal:
        msg = f"record {size} is inside a command group; only group ends are sealed"
        raise LookupError(msg)
    root = tree(app).root(size)
    body = checkpoint_body(info.origin, size, root)
    for key in reversed(log_keys(app)):
        try:
            Ed25519PublicKey.from_public_bytes(key).verify(seal, body.encode())
        except InvalidSignature:
            continue
        return Issued(size, root, signed_note(info.origin, body, key, seal))
    msg = f"the seal of record {size} does not verify under any log key of this ledger"
    raise LookupError(msg)


def record_json(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k == "nodes":
            continue
        out[k] = base64.b64encode(v).decode() if isinstance(v, bytes) else v
    return out


def receipt(app: FundtrailLedger, seq: int, checkpoint_note: str, size: int) -> dict[str, Any]:
    """An offline receipt (docs/ledger-format.md §10): the record, its group's command record and
    the signing key's registration record, each with its inclusion proof under the checkpoint."""
    row = next(iter(app.chain.records(seq, seq)), None)
    bounds = app.chain.group_bounds(seq)
    if row is None or seq > size or bounds is None or bounds[1] > size:
        msg = f"no sealed record {seq} under a checkpoint of size {size}"
        raise LookupError(msg)
    start = bounds[0]
    command_seq = start + 1 if start == 1 else start  # §5.3: the genesis record comes first
    key_seq = key_record_seq(app, row["key_id"].hex(), before=start)
    reader = tree(app)

    def entry(at: int) -> dict[str, Any]:
        found = next(iter(app.chain.records(at, at)), None)
        if found is None:
            msg = f"record {at} is missing from the ledger"
            raise LookupError(msg)
        proof = reader.inclusion_proof(at - 1, size)
        return {"record": record_json(found), "inclusion_proof": [base64.b64encode(p).decode() for p in proof]}

    return {
        "format": RECEIPT_FORMAT,
        "hash_algorithm": app.info().hash_algorithm,
        "checkpoint": checkpoint_note,
        "record": entry(seq),
        "command_record": entry(command_seq),
        "key_record": entry(key_seq if key_seq is not None else 1),
    }


def key_record_seq(app: FundtrailLedger, key_id_hex: str, before: int) -> int | None:
    """The record that registered the key: a KeyRegistered record before the group, or the genesis
    record itself for the first administrator's key (None if neither)."""
    for row in app.chain.records(1, before - 1, topics=[KEY_REGISTERED]):
        if row["state"] and json.loads(row["state"]).get("key_id") == key_id_hex:
            return int(row["seq"])
    if app.info().operator_key_id == key_id_hex:
        return 1
    return None


def export_bundle(app: FundtrailLedger, path: Path, checkpoint_note: str | None = None) -> int:
    """Write an export bundle (.zip or directory): manifest, records.jsonl with exact stored bytes.

    Records stream to the file batch by batch, so memory stays flat however long the ledger.
    """
    info = app.info()
    count = 0
    with contextlib.ExitStack() as stack:
        if path.suffix == ".zip":
            archive = stack.enter_context(zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED))
            raw = stack.enter_context(archive.open("records.jsonl", "w", force_zip64=True))
            out: TextIO = stack.enter_context(cast("TextIO", io.TextIOWrapper(raw, encoding="utf-8", newline="\n")))
        else:
            archive = None
            path.mkdir(parents=True, exist_ok=True)
            out = stack.enter_context((path / "records.jsonl").open("w", encoding="utf-8", newline="\n"))
        keys: dict[str, dict[str, Any]] = {}  # every actor key, with the positions that bound it (§6.3)
        for row in app.chain.records():
            out.write(json.dumps(record_json(row), ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
            if row["topic"] in (KEY_REGISTERED, KEY_REVOKED) and row["state"]:
                body = json.loads(row["state"])
                if row["topic"] == KEY_REGISTERED:
                    keys.setdefault(
                        body["key_id"],
                        {
                            "actor": body["actor_id"],
                            "key_id": body["key_id"],
                            "public_key": body["public_key"],
                            "registered_seq": row["seq"],
                            "revoked_seq": None,
                        },
                    )
                elif body["key_id"] in keys and keys[body["key_id"]]["revoked_seq"] is None:
                    keys[body["key_id"]]["revoked_seq"] = row["seq"]
        out.flush()
        manifest = {
            "format": BUNDLE_FORMAT,
            "spec": "fundtrail-ledger/2",
            "origin": info.origin,
            "hash_algorithm": info.hash_algorithm,
            "records": count,
            "administrator_key": base64.b64encode(info.operator_public_key).decode(),
            "log_vkey": vkey(info.origin, app.current_log_key()),
            "genesis_log_vkey": vkey(info.origin, info.genesis_log_key),
            # Informational: a verifier takes keys from the records themselves (§6), never from here.
            "keys": list(keys.values()),
            "checkpoint": checkpoint_note or "",
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2)
        out.close()
        if archive is not None:
            archive.writestr("manifest.json", text)
        else:
            (path / "manifest.json").write_text(text, encoding="utf-8")
    return count


def consistency_proof(app: FundtrailLedger, old: int, new: int) -> list[bytes]:
    return tree(app).consistency_proof(old, new)
