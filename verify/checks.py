"""The chain verifier: one pass over the records, constant memory, every finding kept.

Checks per record (docs/ledger-format.md §4–§7): sequence (gaps, duplicates), the event row
bound to the chain row (§3), canonical state, hash, link, record time, Merkle nodes; and per
command group (the records from one seal to the next, §5.3): the group's shared fields, its
command record and envelope, replay, the issue-time window, the actor's Ed25519 signature, the
key's validity by position, the registry facts against the signed registry command (§6), and
the log key's seal over the tree at the group's end (§7.4).

Work that needs no order — recomputing record hashes, checking canonical form,
parsing command and key records, verifying signatures — runs in a process pool
over batches; the main process judges the results in seq order (links, the tree,
groups, key validity), so all cores are used and memory stays bounded.
"""

from __future__ import annotations

import base64
import json
import os
from collections import Counter
from collections import deque
from concurrent.futures import Future
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from verify import registry
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
class Group:
    """The records from one seal to the next: one signed command and what it caused (§5.3)."""

    start: dict[str, Any]
    ident: tuple[bytes, bytes, bytes, str, str]
    records: int = 0
    command: CommandInfo | None = None
    command_records: int = 0
    command_position_ok: bool = True
    facts: list[tuple[registry.Fact, dict[str, Any]]] = field(default_factory=list)
    inconsistent: bool = False
    signer: registry.KeyInfo | None = None  # the signing key, if valid at the group's start (§6.2)
    command_stream_ok: bool = False


@dataclass(frozen=True)
class CommandInfo:
    """A command record's envelope, parsed (§5.1)."""

    hash: bytes  # H(tag || envelope)
    fields: dict[str, Any]
    signature: bytes
    problem: str  # "" if the envelope is well-formed
    copied: tuple[Any, Any] = (None, None)  # the record's own `command` and `command_id` (§5.3)


@dataclass(frozen=True)
class Analysis:
    """What can be learnt from one record alone."""

    computed: bytes | None  # §4 recomputed; None when the stored event is missing
    canonical: bool
    command: CommandInfo | None = None
    command_malformed: bool = False
    fact: registry.Fact | None = None  # for a registry event (§6.4)
    fact_malformed: bool = False


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
            command = parse_command(h, state)
            out.append(Analysis(computed, canonical, command, command is None))
        elif registry.is_registry_topic(topic):
            found = _parse_fact(topic, r["originator_id"], state)
            out.append(Analysis(computed, canonical, fact=found, fact_malformed=found is None))
        else:
            out.append(Analysis(computed, canonical))
    return out


def parse_command(h: spec.HashFn, state: bytes) -> CommandInfo | None:
    """§5.3: the command record's envelope (as the exact signed bytes) and signature."""
    try:
        body = json.loads(state)
        envelope = body["envelope"].encode("utf-8")
        signature = base64.b64decode(body["signature"], validate=True)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    copied = (body.get("command"), body.get("command_id"))
    try:
        fields = json.loads(envelope, object_pairs_hook=_no_duplicates)
    except ValueError as e:
        return CommandInfo(spec.command_hash(h, envelope), {}, signature, f"not JSON: {e}", copied)
    return CommandInfo(
        spec.command_hash(h, envelope), fields, signature, spec.envelope_problem(envelope, fields), copied
    )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        msg = "duplicate keys"
        raise ValueError(msg)
    return out


def _parse_fact(topic: str, stream: str, state: bytes) -> registry.Fact | None:
    try:
        body = json.loads(state)
        if type(body) is not dict:
            return None
        return registry.fact(topic, stream, body)
    except (ValueError, KeyError, TypeError):
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
        trusted_log_key: bytes | None = None,
        jobs: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.source = source
        self.trusted_operator = trusted_operator
        self.trusted_log_key = trusted_log_key
        self.jobs = jobs if jobs is not None else (os.cpu_count() or 1)
        self.progress = progress
        self.report = Report(source=source.name)
        self.alg = "sha256"
        self.h: spec.HashFn = spec.sha256
        self.registry = registry.Registry()
        self.max_command_age = 0
        self.clock_skew = 0
        self.tree: spec.Frontier | None = None
        self.group: Group | None = None
        self.roots: dict[int, bytes] = {}  # roots at sizes asked for by checkpoints
        self.want_roots: set[int] = set()
        self.sealed: dict[int, bytes] = {}  # sealed sizes asked for by checkpoints -> the key that sealed them
        self._operator: bytes | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._sigs: list[tuple[bytes, bytes, bytes]] = []
        self._sig_meta: list[tuple[str, dict[str, Any]]] = []
        self._sig_jobs: deque[tuple[Future[list[bool]] | list[bool], list[tuple[str, dict[str, Any]]]]] = deque()
        self._expected_seq = 1
        self._prev: dict[str, Any] | None = None
        self._last_notification: int | None = None
        self._commands: set[tuple[str, str]] = set()  # (actor, command_id) seen (§5.4)
        self._genesis_state: dict[str, Any] = {}
        self._time_ok = False  # whether the previous record's recorded_at parsed

    @property
    def keys(self) -> dict[bytes, registry.KeyInfo]:
        return self.registry.keys

    def keys_operator(self) -> bytes | None:
        """The first administrator's key read from the genesis (untrusted unless pinned)."""
        return self._operator

    def log_keys(self) -> list[bytes]:
        """Every log key of the ledger as derived from signed commands, oldest first."""
        return list(self.registry.log_keys)

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
            if self.group is not None:
                # §7.4: every group ends at a sealed size; records after the last seal were appended
                # by someone without the log key, or the commit that wrote them never finished.
                self._find(
                    "UNSEALED_TAIL",
                    self.group.start,
                    detail=f"records {self.group.start['seq']}..{self._expected_seq - 1} follow the last seal",
                )
                self._close_group(None)
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
            log_public = base64.b64decode(state["log_key"]["public_key"], validate=True)
            if r["topic"] != spec.GENESIS_TOPIC or alg not in spec.HASHES or len(public) != 32 or len(log_public) != 32:
                raise ValueError(f"topic {r['topic']!r}, hash algorithm {alg!r}")
            if state.get("spec") != spec.SPEC_VERSION:
                raise ValueError(f"spec {state.get('spec')!r}, this verifier reads {spec.SPEC_VERSION}")
            if type(actor_id) is not str or type(origin) is not str:
                raise TypeError("operator actor_id and origin must be strings")
            if bytes.fromhex(operator["key_id"]) != spec.sha256(public):
                raise ValueError("operator key_id is not SHA-256 of the key")
            if bytes.fromhex(state["log_key"]["key_id"]) != spec.sha256(log_public):
                raise ValueError("log key_id is not SHA-256 of the key")
            max_age, skew = state["max_command_age"], state["clock_skew"]
            if type(max_age) is not int or type(skew) is not int or max_age < 0 or skew < 0:
                raise TypeError("max_command_age and clock_skew must be whole seconds")
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            self._find("GENESIS_INVALID", r, detail=f"{type(e).__name__}: {e}")
            return
        self.alg = alg
        self.h = spec.HASHES[alg]
        self._operator = public
        self._genesis_state = state
        self.max_command_age, self.clock_skew = max_age, skew
        self.report.hash_algorithm = alg
        self.report.origin = origin
        if self.trusted_operator is not None and public != self.trusted_operator:
            self._find("GENESIS_KEY_MISMATCH", r, expected=self.trusted_operator.hex(), actual=public.hex())
        if self.trusted_log_key is not None and log_public != self.trusted_log_key:
            self._find(
                "GENESIS_KEY_MISMATCH",
                r,
                expected=self.trusted_log_key.hex(),
                actual=log_public.hex(),
                detail="the genesis log key is not the pinned log key",
            )
        # The genesis group is signed by the first administrator's key, valid from seq 1 (§6.1);
        # the envelope of ledger.init must name the same keys (checked when the group closes).
        self.registry.start(origin, actor_id, public, log_public)

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
            self._event_row(r)
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
        self._time(r, prev)
        nodes = self.tree.append(r["hash"])
        if self.source.has_nodes and "nodes" in r and r["nodes"] != b"".join(nodes):
            self._find("TREE_NODE_MISMATCH", r, expected=b"".join(nodes).hex(), actual=r["nodes"].hex())
        if self.tree.size in self.want_roots:
            self.roots[self.tree.size] = self.tree.root()
        self._group_step(r, a)
        self._prev = r
        self._expected_seq = seq + 1
        self.report.records += 1

    def _event_row(self, r: dict[str, Any]) -> None:
        """§3.1: the event row found by the chain row's (stream, version) agrees with it, in order."""
        event_topic = r.get("event_topic")
        if event_topic is not None and event_topic != r["topic"]:
            self._find("EVENT_ROW_MISMATCH", r, expected=r["topic"], actual=str(event_topic), detail="topic")
        nid = r.get("notification_id")
        if type(nid) is int:
            last = self._last_notification
            if last is not None and nid <= last:
                self._find(
                    "NOTIFICATION_ORDER",
                    r,
                    expected=f"> {last}",
                    actual=str(nid),
                    detail="the events table's notification ids do not follow the chain's order",
                )
            self._last_notification = nid

    def _time(self, r: dict[str, Any], prev: dict[str, Any] | None) -> None:
        """§4.2: recorded_at is well-formed and never decreases along seq."""
        if prev is not None and r["recorded_at"] == prev["recorded_at"] and self._time_ok:
            return  # a group's records share one time: parsed once
        self._time_ok = spec.parse_time(r["recorded_at"]) is not None
        if not self._time_ok:
            self._find("TIME_INVALID", r, actual=r["recorded_at"], detail="recorded_at is not §2 time text")
        elif prev is not None and r["recorded_at"] < prev["recorded_at"]:
            self._find(
                "TIME_NOT_MONOTONIC",
                r,
                expected=f">= {prev['recorded_at']}",
                actual=r["recorded_at"],
                related_seq=prev["seq"],
            )

    def _group_step(self, r: dict[str, Any], a: Analysis) -> None:
        ident = (r["command_hash"], r["signature"], r["key_id"], r["actor_id"], r["recorded_at"])
        if self.group is None:
            self.group = Group(r, ident)
            self._open_group(r)
        group = self.group
        group.records += 1
        if ident != group.ident and not group.inconsistent:
            group.inconsistent = True
            self._find(
                "GROUP_INCONSISTENT",
                r,
                related_seq=group.start["seq"],
                detail="a record of the group differs from its first record in actor, key, command hash, "
                "signature or record time",
            )
        if r["topic"] == spec.COMMAND_TOPIC and a.computed is not None:
            group.command_records += 1
            # §5.3: the command record is the group's first record (its second in the genesis group).
            place = 2 if group.start["seq"] == 1 else 1
            group.command_position_ok = group.records == place
            group.command = a.command
            group.command_stream_ok = r["originator_id"] == spec.stream_id("actor-commands", r["actor_id"])
        if a.fact is not None:
            group.facts.append((a.fact, r))
        elif a.fact_malformed:
            self._find(registry.UNBACKED_CODE.get(r["topic"], "KEY_UNBACKED"), r, detail="malformed registry event")
        if r["seal"]:
            self._close_group(r)
            self.group = None

    def _open_group(self, r: dict[str, Any]) -> None:
        if not r["signature"]:
            self._find("SIG_MISSING", r)
            return
        key = self.keys.get(r["key_id"])
        if key is None:
            self._find("KEY_UNKNOWN", r, actual=r["key_id"].hex())
            return
        valid = key.actor == r["actor_id"] and (key.revoked_seq is None or key.revoked_seq >= r["seq"])
        if self.group is not None and valid:
            self.group.signer = key
        if key.actor != r["actor_id"]:
            self._find("KEY_ACTOR_MISMATCH", r, expected=key.actor, actual=r["actor_id"])
        if key.revoked_seq is not None and key.revoked_seq < r["seq"]:
            self._find(
                "KEY_REVOKED",
                r,
                expected=f"before seq {key.revoked_seq}",
                actual=str(r["seq"]),
                related_seq=key.revoked_seq,
            )
        self._queue_signature("SIG_INVALID", key.public_key, r["signature"], spec.signed_message(r["command_hash"]), r)

    def _queue_signature(self, code: str, public: bytes, signature: bytes, message: bytes, r: dict[str, Any]) -> None:
        self._sigs.append((public, signature, message))
        self._sig_meta.append((code, {k: r.get(k) for k in ("seq", "originator_id", "originator_version", "topic")}))
        self.report.signatures_checked += 1
        if len(self._sigs) >= SIG_BATCH:
            self._drain_signatures()

    def _close_group(self, end: dict[str, Any] | None) -> None:
        """Judge the group as a whole; ``end`` is its sealed last record (None for an unsealed tail)."""
        group = self.group
        if group is None:
            return
        start = group.start
        cmd = group.command
        ok = (
            group.command_records == 1
            and group.command_position_ok
            and group.command_stream_ok
            and cmd is not None
            and cmd.copied == (cmd.fields.get("command"), cmd.fields.get("command_id"))
            and cmd.hash == start["command_hash"]
            and cmd.signature == start["signature"]
            and cmd.fields.get("actor") == start["actor_id"]
            and cmd.fields.get("key_id") == start["key_id"].hex()
        )
        if start["signature"] and not ok:
            self._find(
                "COMMAND_MISMATCH",
                start,
                detail=f"{group.command_records} command records in the group starting here; exactly one, in its "
                "place and the signer's journal, whose envelope hashes to the command hash, names the signer and "
                "matches its copied command and id, is required",
            )
        if end is not None:
            self._judge_seal(end)  # by the log key in force before this group's own registry effects
        args: dict[str, Any] | None = None
        clean = False
        if cmd is not None and ok:
            args, clean = self._judge_envelope(start, cmd)
        # §6.4: only a well-formed, fresh command for this ledger, signed by a key valid at the
        # group's start, backs registry events (checked here in line: registry commands are few).
        signer = group.signer
        backed = (
            clean
            and signer is not None
            and verify_signatures(
                [(signer.public_key, start["signature"], spec.signed_message(start["command_hash"]))]
            )[0]
        )
        self._judge_registry(group, args if backed else None, cmd)

    def _judge_envelope(self, start: dict[str, Any], cmd: CommandInfo) -> tuple[dict[str, Any] | None, bool]:
        """§5.1, §5.4, §5.5: well-formed, this ledger's, not a replay, issued within the window.
        Returns the args (None if the envelope is malformed) and whether no check failed."""
        if cmd.problem:
            self._find("ENVELOPE_INVALID", start, detail=cmd.problem)
            return None, False
        before = len(self.report.findings)
        fields = cmd.fields
        if fields["origin"] != self.report.origin:
            self._find("ORIGIN_MISMATCH", start, expected=self.report.origin, actual=fields["origin"])
        ident = (fields["actor"], fields["command_id"])
        if ident in self._commands:
            self._find(
                "COMMAND_REPLAYED",
                start,
                actual=f"{ident[0]} {ident[1]}",
                detail="this actor's command id was recorded before: a command is recorded once",
            )
        self._commands.add(ident)
        issued = spec.parse_time(fields["issued_at"])
        recorded = spec.parse_time(start["recorded_at"])
        if issued is not None and recorded is not None:
            age = (recorded - issued).total_seconds()
            if age > self.max_command_age or -age > self.clock_skew:
                self._find(
                    "ISSUED_OUT_OF_WINDOW",
                    start,
                    expected=f"issued from {self.max_command_age} s before to {self.clock_skew} s after recorded_at",
                    actual=fields["issued_at"],
                )
        args: dict[str, Any] = fields["args"]
        return args, len(self.report.findings) == before

    def _judge_registry(  # noqa: PLR0912 - §6.4 step by step
        self, group: Group, args: dict[str, Any] | None, cmd: CommandInfo | None
    ) -> None:
        """§6.4: registry facts only from an entitled registry command, and exactly what it produces."""
        start = group.start
        command = cmd.fields.get("command") if cmd is not None and args is not None else None
        expected: list[registry.Fact] = []
        problem = ""
        is_genesis = start["seq"] == 1
        if command in registry.REGISTRY_COMMANDS:
            assert args is not None
            signer = str(cmd.fields["actor"]) if cmd is not None else ""
            if command == "ledger.init":
                problem = "" if is_genesis else "ledger.init outside the genesis group"
                if not problem:
                    problem = self._genesis_matches(args, cmd)
            elif is_genesis:
                self._find("GENESIS_INVALID", start, detail="the genesis group must hold ledger.init")
                problem = "genesis"
            elif not self.registry.entitled(command, signer, args):
                self._find(
                    "COMMAND_UNAUTHORISED",
                    start,
                    actual=signer,
                    detail=f"{signer} was not entitled to {command} at this position",
                )
                problem = "unauthorised"
            if not problem:
                found = self.registry.expected(command, args)
                if isinstance(found, str):
                    problem = found
                else:
                    expected = found
            if problem and problem not in ("unauthorised", "genesis"):
                self._find("REGISTRY_MISMATCH", start, detail=f"{command}: {problem}")
        elif is_genesis:
            self._find("GENESIS_INVALID", start, detail="the genesis group does not hold a valid ledger.init")
        actual = [f for f, _ in group.facts]
        _, missing = registry.compare(expected, actual)
        # The first copies of an expected fact are backed; any later copy is a surplus, named at its record.
        want = Counter(expected)
        for f, r in group.facts:
            if want[f] > 0:
                want[f] -= 1
                continue
            self._find(
                registry.UNBACKED_CODE[f[0]],
                r,
                detail=f"no entitled signed command backs this {f[0].rsplit('.', 1)[1]} event",
            )
        if missing and not problem:
            self._find(
                "REGISTRY_MISMATCH",
                start,
                detail=f"{command}: {len(missing)} event(s) the command produces are missing: "
                + ", ".join(f[0].rsplit(".", 1)[1] for f in missing),
            )
        if command in registry.REGISTRY_COMMANDS and not problem and command != "ledger.init":
            assert args is not None
            self.registry.apply(str(command), args, start["seq"])

    def _genesis_matches(self, args: dict[str, Any], cmd: CommandInfo | None) -> str:
        """§6.1: the genesis record says what the signed ledger.init says."""
        state = self._genesis_state
        if not state or cmd is None:
            return "no valid genesis record"
        try:
            wanted = {
                "origin": cmd.fields["origin"],
                "hash_algorithm": args["hash_algorithm"],
                "operator.actor_id": args["operator"]["actor_id"],
                "operator.public_key": args["public_key"],
                "log_key.public_key": args["log_key"],
                "max_command_age": args["max_command_age"],
                "command_id": cmd.fields["command_id"],
            }
            stored = {
                "origin": state["origin"],
                "hash_algorithm": state["hash_algorithm"],
                "operator.actor_id": state["operator"]["actor_id"],
                "operator.public_key": state["operator"]["public_key"],
                "log_key.public_key": state["log_key"]["public_key"],
                "max_command_age": state["max_command_age"],
                "command_id": spec.GENESIS_COMMAND_ID,
            }
        except (KeyError, TypeError) as e:
            return f"malformed: {e}"
        wrong = [k for k in wanted if wanted[k] != stored[k]]
        if cmd.fields["actor"] != stored["operator.actor_id"]:
            wrong.append("actor")
        return f"the genesis record disagrees with the signed ledger.init on {', '.join(wrong)}" if wrong else ""

    def _judge_seal(self, end: dict[str, Any]) -> None:
        """§7.4: the log key in force signed the checkpoint body of the tree ending here."""
        assert self.tree is not None
        size = self.tree.size
        body = spec.checkpoint_body(self.report.origin, size, self.tree.root())
        if len(end["seal"]) != 64:
            self._find(
                "SEAL_INVALID", end, detail=f"a seal is a 64-byte Ed25519 signature, got {len(end['seal'])} bytes"
            )
            return
        if size in self.want_roots:
            self.sealed[size] = self.registry.log_key
        self._queue_signature("SEAL_INVALID", self.registry.log_key, end["seal"], body, end)

    def _drain_signatures(self, *, final: bool = False) -> None:
        if self._sigs:
            batch, meta = self._sigs, self._sig_meta
            self._sigs, self._sig_meta = [], []
            job = self._pool.submit(verify_signatures, batch) if self._pool else verify_signatures(batch)
            self._sig_jobs.append((job, meta))
        while self._sig_jobs and (final or len(self._sig_jobs) > 2 * self.jobs):
            job, meta = self._sig_jobs.popleft()
            results = job.result() if isinstance(job, Future) else job
            for ok, (code, m) in zip(results, meta, strict=True):
                if not ok:
                    self._find(code, m)


def _batches(records: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for r in records:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
