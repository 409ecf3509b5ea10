"""The chain verifier: one pass over the records, constant memory, every finding kept.

Checks per record (docs/ledger-format.md §4–§7): sequence (gaps, duplicates),
canonical state, hash, link, Merkle nodes, and per command group (the run of
consecutive records caused by one signed command, §5): the command record,
the actor's Ed25519 signature and the key's validity by position (§6).

Work that needs no order — recomputing record hashes, checking canonical form,
parsing command and key records, verifying signatures — runs in a process pool
over batches; the main process judges the results in seq order (links, the tree,
groups, key validity), so all cores are used and memory stays bounded.
"""

from __future__ import annotations

import base64
import json
import os
from collections import deque
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
    from collections.abc import Iterator

    from verify.sources import Source

BATCH = 1000  # records per analysis job
SIG_BATCH = 256  # signatures per verification job


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


@dataclass(frozen=True)
class Analysis:
    """What can be learnt from one record alone."""

    computed: bytes | None  # §4 recomputed; None when the stored event is missing
    canonical: bool
    # For a command record: (H(tag || envelope), envelope actor, envelope key_id, envelope origin, signature).
    command: tuple[bytes, str, str, str, bytes] | None = None
    command_malformed: bool = False
    # For a key event: ("registered", key_id, actor, public_key) or ("revoked", key_id, "", b"").
    key_event: tuple[str, bytes, str, bytes] | None = None


def analyse(alg: str, rows: list[dict[str, Any]]) -> list[Analysis]:
    """Order-free checks of a batch of records; runs in a worker process."""
    h = spec.HASHES[alg]
    out = []
    for r in rows:
        state = r["state"]
        if state is None:
            out.append(Analysis(None, True))
            continue
        computed = spec.record_hash(h, r, state)
        canonical = spec.is_canonical(state)
        topic = r["topic"]
        if topic == spec.COMMAND_TOPIC:
            command = _parse_command(h, state)
            out.append(Analysis(computed, canonical, command, command is None))
        elif topic in (spec.KEY_REGISTERED_TOPIC, spec.KEY_REVOKED_TOPIC):
            out.append(Analysis(computed, canonical, key_event=_parse_key_event(topic, state)))
        else:
            out.append(Analysis(computed, canonical))
    return out


def _parse_command(h: spec.HashFn, state: bytes) -> tuple[bytes, str, str, str, bytes] | None:
    try:
        body = json.loads(state)
        envelope = body["envelope"].encode("utf-8")
        fields = json.loads(envelope)
        signature = base64.b64decode(body["signature"], validate=True)
        return (
            spec.command_hash(h, envelope),
            str(fields.get("actor")),
            str(fields.get("key_id")),
            str(fields.get("origin")),
            signature,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _parse_key_event(topic: str, state: bytes) -> tuple[str, bytes, str, bytes] | None:
    try:
        body = json.loads(state)
        kid = bytes.fromhex(body["key_id"])
        if topic == spec.KEY_REVOKED_TOPIC:
            return ("revoked", kid, "", b"")
        public = base64.b64decode(body["public_key"], validate=True)
        if spec.sha256(public) != kid:
            return None
        return ("registered", kid, str(body["actor_id"]), public)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def verify_signatures(batch: list[tuple[bytes, bytes, bytes]]) -> list[bool]:
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
        self.alg = "sha256"
        self.h: spec.HashFn = spec.sha256
        self.keys: dict[bytes, KeyInfo] = {}
        self.tree: spec.Frontier | None = None
        self.group: Group | None = None
        self.roots: dict[int, bytes] = {}  # roots at sizes asked for by checkpoints
        self.want_roots: set[int] = set()
        self._operator: bytes | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._sigs: list[tuple[bytes, bytes, bytes]] = []
        self._sig_meta: list[dict[str, Any]] = []
        self._sig_jobs: deque[tuple[Future[list[bool]] | list[bool], list[dict[str, Any]]]] = deque()
        self._expected_seq = 1
        self._prev: dict[str, Any] | None = None

    def keys_operator(self) -> bytes | None:
        """The operator key read from the genesis (untrusted unless pinned)."""
        return self._operator

    def _find(self, code: str, r: dict[str, Any] | None, **kw: Any) -> None:
        if r is not None:
            kw.setdefault("seq", r.get("seq"))
            kw.setdefault("stream", r.get("originator_id", ""))
            kw.setdefault("version", r.get("originator_version"))
            kw.setdefault("topic", r.get("topic", ""))
        self.report.findings.append(Finding(code, **kw))

    # -- the pass ------------------------------------------------------------------------
    def run(self) -> Report:
        pending: deque[tuple[Future[list[Analysis]] | list[Analysis], list[dict[str, Any]]]] = deque()
        try:
            for n, rows in enumerate(_batches(self.source.records(), BATCH)):
                if n == 0 and rows[0]["seq"] == 1:
                    self._genesis(rows[0])
                if n == 1 and self.jobs > 1:
                    self._pool = ProcessPoolExecutor(max_workers=self.jobs)
                job = self._pool.submit(analyse, self.alg, rows) if self._pool else analyse(self.alg, rows)
                pending.append((job, rows))
                while len(pending) > 2 * self.jobs:
                    self._judge_batch(*pending.popleft())
            while pending:
                self._judge_batch(*pending.popleft())
            if self.report.records == 0:
                self._find("GENESIS_INVALID", None, detail="the ledger holds no records")
            self._close_group()
            self._drain_signatures(final=True)
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
        for event in self.source.unchained_events():
            self._find(
                "EVENT_NOT_CHAINED",
                None,
                stream=str(event["originator_id"]),
                version=event["originator_version"],
                topic=event["topic"],
                detail=f"notification id {event['notification_id']}",
            )
        if self._prev is not None:
            self.report.head_seq = self._prev["seq"]
            self.report.head_hash = self._prev["hash"].hex()
        if self.tree is not None:
            self.report.root = base64.b64encode(self.tree.root()).decode()
        self.report.findings.sort(key=lambda f: (f.seq or 0, f.code))
        return self.report

    def _judge_batch(self, job: Future[list[Analysis]] | list[Analysis], rows: list[dict[str, Any]]) -> None:
        results = job.result() if isinstance(job, Future) else job
        for r, a in zip(rows, results, strict=True):
            self._judge(r, a)
        if self.progress:
            self.progress(self.report.records)

    def _genesis(self, r: dict[str, Any]) -> None:
        # Anything in record 1 may have been tampered with: every field is checked, and a
        # malformed genesis is a finding, never a crash.
        try:
            state = json.loads(r["state"])
            alg = state["hash_algorithm"]
            operator = state["operator"]
            actor_id = operator["actor_id"]
            origin = state["origin"]
            public = base64.b64decode(operator["public_key"], validate=True)
            if r["topic"] != spec.GENESIS_TOPIC or alg not in spec.HASHES or len(public) != 32:
                raise ValueError(f"topic {r['topic']!r}, hash algorithm {alg!r}")
            if not isinstance(actor_id, str) or not isinstance(origin, str):
                raise TypeError("operator actor_id and origin must be strings")
            if bytes.fromhex(operator["key_id"]) != spec.sha256(public):
                raise ValueError("operator key_id is not SHA-256 of the key")
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            self._find("GENESIS_INVALID", r, detail=f"{type(e).__name__}: {e}")
            return
        self.alg = alg
        self.h = spec.HASHES[alg]
        self._operator = public
        self.report.hash_algorithm = alg
        self.report.origin = origin
        if self.trusted_operator is not None and public != self.trusted_operator:
            self._find("GENESIS_KEY_MISMATCH", r, expected=self.trusted_operator.hex(), actual=public.hex())
        # The genesis key signs the init command's group, which starts at seq 1.
        self.keys[spec.sha256(public)] = KeyInfo(actor_id, public, registered_seq=0)

    def _judge(self, r: dict[str, Any], a: Analysis) -> None:
        seq = r["seq"]
        if seq < self._expected_seq:
            self._find("SEQ_DUPLICATE", r, expected=str(self._expected_seq), actual=str(seq))
            return
        if seq > self._expected_seq:
            self._find(
                "SEQ_GAP",
                r,
                seq=self._expected_seq,
                expected=str(self._expected_seq),
                actual=str(seq),
                related_seq=seq,
                detail=f"records {self._expected_seq}..{seq - 1} are missing",
            )
        if self.tree is None:
            self.tree = spec.Frontier(self.h)
        if a.computed is None:
            self._find("STATE_MISSING", r)
        else:
            if not a.canonical:
                self._find("STATE_NOT_CANONICAL", r)
            if a.computed != r["hash"]:
                self._find("HASH_MISMATCH", r, expected=a.computed.hex(), actual=r["hash"].hex())
        prev = self._prev
        expected_prev = prev["hash"] if prev is not None and prev["seq"] == seq - 1 else None
        if seq == 1:
            expected_prev = bytes(len(r["hash"]))
        if expected_prev is not None and r["prev_hash"] != expected_prev:
            self._find(
                "LINK_MISMATCH",
                r,
                expected=expected_prev.hex(),
                actual=r["prev_hash"].hex(),
                related_seq=seq - 1,
                detail=f"prev_hash of seq {seq} does not match the hash of seq {seq - 1}",
            )
        nodes = self.tree.append(r["hash"])
        if self.source.has_nodes and "nodes" in r and r["nodes"] != b"".join(nodes):
            self._find("TREE_NODE_MISMATCH", r, expected=b"".join(nodes).hex(), actual=r["nodes"].hex())
        if self.tree.size in self.want_roots:
            self.roots[self.tree.size] = self.tree.root()
        self._group_step(r, a)
        self._prev = r
        self._expected_seq = seq + 1
        self.report.records += 1

    def _group_step(self, r: dict[str, Any], a: Analysis) -> None:
        ident = (r["command_hash"], r["signature"], r["key_id"], r["actor_id"])
        if self.group is None or self.group.ident != ident:
            self._close_group()
            self.group = Group(ident, r)
            self._open_group(r)
        group = self.group
        if r["topic"] == spec.COMMAND_TOPIC and a.computed is not None:
            group.command_records += 1
            cmd = a.command
            group.envelope_ok = cmd is not None and (
                cmd[0] == r["command_hash"]
                and cmd[4] == r["signature"]
                and cmd[1] == r["actor_id"]
                and cmd[2] == r["key_id"].hex()
                and cmd[3] == (self.report.origin or cmd[3])
            )
        if a.key_event is not None:
            kind, kid, actor, public = a.key_event
            known = self.keys.get(kid)
            if kind == "registered":
                if known is None or known.registered_seq == 0:
                    self.keys[kid] = KeyInfo(actor, public, registered_seq=r["seq"])
            elif known is not None and known.revoked_seq is None:
                known.revoked_seq = r["seq"]

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
        self._sigs.append((key.public_key, r["signature"], spec.signed_message(r["command_hash"])))
        self._sig_meta.append({k: r.get(k) for k in ("seq", "originator_id", "originator_version", "topic")})
        self.report.signatures_checked += 1
        if len(self._sigs) >= SIG_BATCH:
            self._drain_signatures()

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

    def _drain_signatures(self, *, final: bool = False) -> None:
        if self._sigs:
            batch, meta = self._sigs, self._sig_meta
            self._sigs, self._sig_meta = [], []
            job = self._pool.submit(verify_signatures, batch) if self._pool else verify_signatures(batch)
            self._sig_jobs.append((job, meta))
        while self._sig_jobs and (final or len(self._sig_jobs) > 2 * self.jobs):
            job, meta = self._sig_jobs.popleft()
            results = job.result() if isinstance(job, Future) else job
            for ok, m in zip(results, meta, strict=True):
                if not ok:
                    self._find("SIG_INVALID", m)


def _batches(records: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for r in records:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
