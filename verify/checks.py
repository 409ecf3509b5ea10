"""The chain verifier: one pass over the records, constant memory, every finding kept.

Checks per record (docs/ledger-format.md §4–§7): sequence (gaps, duplicates),
canonical state, hash, link, Merkle nodes, and per command group (the run of
consecutive records caused by one signed command, §5): the command record,
the actor's Ed25519 signature and the key's validity by position (§6).
Signature checks run in a process pool when there are many of them.
"""

from __future__ import annotations

import base64
import json
import os
from concurrent.futures import Future
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from verify import spec
from verify.findings import Finding
from verify.findings import Report

if TYPE_CHECKING:
    from collections.abc import Callable

    from verify.sources import Source

SIG_BATCH = 256
POOL_THRESHOLD = 2048  # below this many signatures a pool costs more than it saves


@dataclass
class KeyInfo:
    actor: str
    public_key: bytes
    registered_seq: int
    revoked_seq: int | None = None


@dataclass
class Group:
    """The records caused by one command: same command hash, signature, key and actor."""

    ident: tuple[bytes, bytes, bytes, str]
    start: dict[str, Any]
    command_records: int = 0
    envelope_ok: bool = False


def _verify_batch(batch: list[tuple[bytes, bytes, bytes]]) -> list[bool]:
    out = []
    for public, signature, message in batch:
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
            out.append(True)
        except (InvalidSignature, ValueError):
            out.append(False)
    return out


class ChainVerifier:
    def __init__(
        self,
        source: Source,
        *,
        trusted_operator: bytes | None = None,
        jobs: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.source = source
        self.trusted_operator = trusted_operator
        self.jobs = jobs if jobs is not None else (os.cpu_count() or 1)
        self.progress = progress
        self.report = Report(source=source.name)
        self.h: spec.HashFn = spec.sha256
        self.keys: dict[bytes, KeyInfo] = {}
        self.tree: spec.Frontier | None = None
        self.group: Group | None = None
        self._pending: list[tuple[bytes, bytes, bytes]] = []
        self._pending_meta: list[dict[str, Any]] = []
        self._futures: list[tuple[Future[list[bool]], list[dict[str, Any]]]] = []
        self._pool: ProcessPoolExecutor | None = None
        self.roots: dict[int, bytes] = {}  # roots at sizes asked for by checkpoints
        self.want_roots: set[int] = set()
        self._operator: bytes | None = None

    def keys_operator(self) -> bytes | None:
        """The operator key read from the genesis (untrusted unless pinned)."""
        return self._operator

    # -- helpers -------------------------------------------------------------
    def _find(self, code: str, r: dict[str, Any] | None, **kw: Any) -> None:
        if r is not None:
            kw.setdefault("seq", r.get("seq"))
            kw.setdefault("stream", r.get("originator_id", ""))
            kw.setdefault("version", r.get("originator_version"))
            kw.setdefault("topic", r.get("topic", ""))
        self.report.findings.append(Finding(code, **kw))

    def run(self) -> Report:
        expected_seq = 1
        prev: dict[str, Any] | None = None
        for r in self.source.records():
            seq = r["seq"]
            if seq < expected_seq:
                self._find("SEQ_DUPLICATE", r, expected=str(expected_seq), actual=str(seq))
                continue
            if seq > expected_seq:
                self._find(
                    "SEQ_GAP",
                    r,
                    seq=expected_seq,
                    expected=str(expected_seq),
                    actual=str(seq),
                    related_seq=seq,
                    detail=f"records {expected_seq}..{seq - 1} are missing",
                )
            if seq == 1:
                self._genesis(r)
            self._record(r, prev)
            prev = r
            expected_seq = seq + 1
            self.report.records += 1
            if self.progress and self.report.records % 1000 == 0:
                self.progress(self.report.records)
        if self.report.records == 0:
            self._find("GENESIS_INVALID", None, detail="the ledger holds no records")
        self._close_group()
        self._drain(final=True)
        for event in self.source.unchained_events():
            self._find(
                "EVENT_NOT_CHAINED",
                None,
                stream=str(event["originator_id"]),
                version=event["originator_version"],
                topic=event["topic"],
                detail=f"notification id {event['notification_id']}",
            )
        if prev is not None:
            self.report.head_seq = prev["seq"]
            self.report.head_hash = prev["hash"].hex()
        if self.tree is not None:
            self.report.root = base64.b64encode(self.tree.root()).decode()
        self.report.findings.sort(key=lambda f: (f.seq or 0, f.code))
        if self._pool is not None:
            self._pool.shutdown()
        return self.report

    def _genesis(self, r: dict[str, Any]) -> None:
        try:
            state = json.loads(r["state"])
            alg = state["hash_algorithm"]
            operator = state["operator"]
            public = base64.b64decode(operator["public_key"], validate=True)
            if r["topic"] != spec.GENESIS_TOPIC or alg not in spec.HASHES or len(public) != 32:
                raise ValueError(r["topic"])
            if bytes.fromhex(operator["key_id"]) != spec.sha256(public):
                raise ValueError("operator key_id is not SHA-256 of the key")
        except (ValueError, KeyError, TypeError) as e:
            self._find("GENESIS_INVALID", r, detail=str(e))
            return
        self.h = spec.HASHES[alg]
        self._operator = public
        self.report.hash_algorithm = alg
        self.report.origin = state["origin"]
        if self.trusted_operator is not None and public != self.trusted_operator:
            self._find("GENESIS_KEY_MISMATCH", r, expected=self.trusted_operator.hex(), actual=public.hex())
        # The genesis key signs the init command's group, which starts at seq 1.
        self.keys[spec.sha256(public)] = KeyInfo(operator["actor_id"], public, registered_seq=0)

    def _record(self, r: dict[str, Any], prev: dict[str, Any] | None) -> None:
        if self.tree is None:
            self.tree = spec.Frontier(self.h)
        state = r.get("state")
        if state is None:
            self._find("STATE_MISSING", r)
        else:
            if not spec.is_canonical(state):
                self._find("STATE_NOT_CANONICAL", r)
            computed = spec.record_hash(self.h, r, state)
            if computed != r["hash"]:
                self._find("HASH_MISMATCH", r, expected=computed.hex(), actual=r["hash"].hex())
        expected_prev = prev["hash"] if prev is not None and prev["seq"] == r["seq"] - 1 else None
        if r["seq"] == 1:
            expected_prev = bytes(len(r["hash"]))
        if expected_prev is not None and r["prev_hash"] != expected_prev:
            self._find(
                "LINK_MISMATCH",
                r,
                expected=expected_prev.hex(),
                actual=r["prev_hash"].hex(),
                related_seq=r["seq"] - 1,
                detail=f"prev_hash of seq {r['seq']} does not match the hash of seq {r['seq'] - 1}",
            )
        nodes = self.tree.append(r["hash"])
        if self.source.has_nodes and "nodes" in r and r["nodes"] != b"".join(nodes):
            self._find("TREE_NODE_MISMATCH", r, expected=b"".join(nodes).hex(), actual=r["nodes"].hex())
        if self.tree.size in self.want_roots:
            self.roots[self.tree.size] = self.tree.root()
        self._group_step(r, state)

    # -- command groups, signatures, keys --------------------------------------
    def _group_step(self, r: dict[str, Any], state: bytes | None) -> None:
        ident = (r["command_hash"], r["signature"], r["key_id"], r["actor_id"])
        if self.group is None or self.group.ident != ident:
            self._close_group()
            self.group = Group(ident, r)
            self._open_group(r)
        group = self.group
        if r["topic"] == spec.COMMAND_TOPIC and state is not None:
            group.command_records += 1
            group.envelope_ok = self._check_command_record(r, state)
        if state is not None and r["topic"] in (spec.KEY_REGISTERED_TOPIC, spec.KEY_REVOKED_TOPIC):
            self._key_event(r, state)

    def _open_group(self, r: dict[str, Any]) -> None:
        if not r["signature"]:
            self._find("SIG_MISSING", r)
            return
        key = self.keys.get(r["key_id"])
        if key is None:
            self._find("KEY_UNKNOWN", r, actual=r["key_id"].hex())
            return
        if key.actor != r["actor_id"]:
            self._find("KEY_ACTOR_MISMATCH", r, expected=key.actor, actual=r["actor_id"])
        if key.registered_seq >= r["seq"]:
            self._find("KEY_NOT_YET_VALID", r, expected=f"after seq {key.registered_seq}", actual=str(r["seq"]))
        if key.revoked_seq is not None and key.revoked_seq < r["seq"]:
            self._find(
                "KEY_REVOKED",
                r,
                expected=f"before seq {key.revoked_seq}",
                actual=str(r["seq"]),
                related_seq=key.revoked_seq,
            )
        message = spec.signed_message(r["command_hash"])
        self._pending.append((key.public_key, r["signature"], message))
        self._pending_meta.append({k: r.get(k) for k in ("seq", "originator_id", "originator_version", "topic")})
        self.report.signatures_checked += 1
        if len(self._pending) >= SIG_BATCH:
            self._drain()

    def _close_group(self) -> None:
        group = self.group
        if group is None or not group.ident[1]:
            return
        if group.command_records != 1 or not group.envelope_ok:
            self._find(
                "COMMAND_MISMATCH",
                group.start,
                detail=f"{group.command_records} command records in the group starting here; "
                "exactly one whose envelope hashes to the command hash is required",
            )

    def _check_command_record(self, r: dict[str, Any], state: bytes) -> bool:
        try:
            body = json.loads(state)
            envelope = body["envelope"].encode("utf-8")
            fields = json.loads(envelope)
            signature = base64.b64decode(body["signature"], validate=True)
        except (ValueError, KeyError, TypeError, AttributeError):
            return False
        return bool(
            spec.command_hash(self.h, envelope) == r["command_hash"]
            and signature == r["signature"]
            and fields.get("actor") == r["actor_id"]
            and fields.get("key_id") == r["key_id"].hex()
            and fields.get("origin") == (self.report.origin or fields.get("origin"))
        )

    def _key_event(self, r: dict[str, Any], state: bytes) -> None:
        try:
            body = json.loads(state)
            kid = bytes.fromhex(body["key_id"])
            if r["topic"] == spec.KEY_REGISTERED_TOPIC:
                public = base64.b64decode(body["public_key"], validate=True)
                if spec.sha256(public) != kid:
                    return
                known = self.keys.get(kid)
                if known is None or known.registered_seq == 0:
                    self.keys[kid] = KeyInfo(body["actor_id"], public, registered_seq=r["seq"])
            else:
                known = self.keys.get(kid)
                if known is not None and known.revoked_seq is None:
                    known.revoked_seq = r["seq"]
        except (ValueError, KeyError, TypeError):
            return

    def _drain(self, *, final: bool = False) -> None:
        if self._pending:
            batch, meta = self._pending, self._pending_meta
            self._pending, self._pending_meta = [], []
            if self.jobs > 1 and (self._pool is not None or self.report.signatures_checked >= POOL_THRESHOLD):
                if self._pool is None:
                    self._pool = ProcessPoolExecutor(max_workers=self.jobs)
                self._futures.append((self._pool.submit(_verify_batch, batch), meta))
            else:
                self._collect(_verify_batch(batch), meta)
        # Bound the work in flight so memory stays constant.
        while self._futures and (final or len(self._futures) > 4 * self.jobs):
            future, meta = self._futures.pop(0)
            self._collect(future.result(), meta)

    def _collect(self, results: list[bool], meta: list[dict[str, Any]]) -> None:
        for ok, m in zip(results, meta, strict=True):
            if not ok:
                self._find("SIG_INVALID", m)
