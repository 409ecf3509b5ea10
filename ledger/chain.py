"""Linking new records onto the global chain and the Merkle tree (docs/ledger-format.md §4, §7).

Backend-neutral: the recorders call :func:`link` inside their insert
transaction, after the lock that serialises inserts, with the head they read
under that lock.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any
from uuid import UUID

from ledger.canonical import format_time
from ledger.canonical import parse_time
from ledger.hashing import HASH_SIZE
from ledger.hashing import RECORD_TAG
from ledger.hashing import HashFn
from ledger.hashing import lp
from ledger.merkle import CompactRange

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Sequence

    from eventsourcing.persistence import StoredEvent

_U64 = struct.Struct(">Q")
_U32 = struct.Struct(">I")

META_KWARG = "fundtrail_meta"
GUARDS_KWARG = "fundtrail_guards"
GENESIS_HASH_KWARG = "fundtrail_genesis_hash"


@dataclass(frozen=True, kw_only=True)
class RecordMeta:
    """Who caused the records of one transaction, and when the operator says it was."""

    recorded_at: str
    actor_id: str = ""
    key_id: bytes = b""
    command_hash: bytes = b""
    signature: bytes = b""
    command_id: str = ""
    # Signs the checkpoint body of the tree after the group (docs/ledger-format.md §7.4): the
    # log key's seal, made inside the transaction so that every group boundary is signed.
    sealer: Callable[[int, bytes], bytes] | None = None
    max_clock_lag: int = 0  # seconds a writer's clock may trail the head (Head.record_time)


@dataclass(frozen=True)
class Guard:
    """A read the command depended on: ``stream`` had no version above ``version``.

    Checked under the insert lock, so a command authorised against an actor's
    keys and roles cannot land after a concurrent revocation (docs/decisions.md §7).
    """

    stream: UUID
    version: int


class StaleReadError(Exception):
    """A guarded stream moved between the command's read and its append."""


class ClockBehindError(Exception):
    """The record time is earlier than the head's: ``recorded_at`` never decreases (§4.2)."""

    def __init__(self, recorded_at: str, head_seq: int, head_recorded_at: str) -> None:
        self.recorded_at = recorded_at
        self.head_seq = head_seq
        self.head_recorded_at = head_recorded_at
        super().__init__(f"{recorded_at} is earlier than {head_recorded_at}, the time of record {head_seq}")


class ClockTrailsHead(Exception):
    """The writer's clock trails the head by no more than the allowed lag: the command runs again at the
    head's time, so that the times its events carry are the time its records are recorded at (§4.2)."""

    def __init__(self, head_recorded_at: str) -> None:
        self.head_recorded_at = head_recorded_at
        super().__init__(f"the writer's clock trails the head's time {head_recorded_at}")


CHAIN_COLUMNS = (
    "seq, originator_id, originator_version, topic, recorded_at, "
    "actor_id, key_id, command_hash, signature, prev_hash, hash, nodes, seal"
)


@dataclass
class Head:
    """The chain head and the tree's compact range after ``seq`` records."""

    seq: int
    hash: bytes
    tree: CompactRange
    recorded_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def record_time(self, recorded_at: str, max_lag: int) -> str:
        """The time to record after this head: never earlier than the head's (docs/ledger-format.md §4.2).

        Writers read their clocks before they wait for the write lock, so one may commit after a
        writer that read a later time: a clock up to ``max_lag`` seconds behind the head makes the
        command run again at the head's time (``ClockTrailsHead``: its events carry their command's
        time, which must be the record time, or re-execution would not reproduce them); one further
        behind (a clock set back) is refused.
        """
        # RFC 3339 with fixed-width fields (§2) orders as text.
        if recorded_at >= self.recorded_at:
            return recorded_at
        lag = (parse_time(self.recorded_at) - parse_time(recorded_at)).total_seconds()
        if lag > max_lag:
            raise ClockBehindError(recorded_at, self.seq, self.recorded_at)
        raise ClockTrailsHead(self.recorded_at)


def stream_text(originator_id: UUID | str) -> str:
    return str(originator_id) if isinstance(originator_id, UUID) else str(UUID(originator_id))


def meta_from(kwargs: dict[str, Any]) -> RecordMeta:
    meta = kwargs.get(META_KWARG)
    if isinstance(meta, RecordMeta):
        return meta
    # Records written without a command (the library's contract suite, raw
    # tooling) are chained but unsigned; the verifier reports SIG_MISSING.
    return RecordMeta(recorded_at=format_time(datetime.now(UTC)))


def link(
    h: HashFn,
    head: Head,
    stored_events: Sequence[StoredEvent],
    meta: RecordMeta,
    *,
    tree: bool = True,
) -> list[tuple[Any, ...]]:
    """Chain ``stored_events`` after ``head``: one parameter tuple per chain row (CHAIN_COLUMNS order).

    Mutates ``head`` to the new head. Refuses a record time earlier than the head's.
    """
    recorded_at = head.record_time(meta.recorded_at, meta.max_clock_lag)
    rows: list[tuple[Any, ...]] = []
    prev = head.hash
    seq = head.seq
    # record_hash() of ledger/hashing.py, unrolled: the fields every record of one command
    # shares are length-prefixed once (tests/test_vectors.py checks the bytes are identical).
    recorded = lp(recorded_at.encode())
    suffix = lp(meta.actor_id.encode()) + lp(meta.key_id) + lp(meta.command_hash) + lp(meta.signature)
    for event in stored_events:
        seq += 1
        stream = stream_text(event.originator_id)
        topic = event.topic.encode()
        digest = h(
            b"".join(
                (
                    RECORD_TAG,
                    _U64.pack(seq),
                    _U32.pack(len(prev)),
                    prev,
                    _U32.pack(len(stream)),
                    stream.encode(),
                    _U64.pack(event.originator_version),
                    _U32.pack(len(topic)),
                    topic,
                    recorded,
                    _U32.pack(len(state_hash := h(event.state))),
                    state_hash,
                    suffix,
                )
            )
        )
        nodes = b"".join(head.tree.append(digest)) if tree else b""
        # Column order of CHAIN_COLUMNS.
        rows.append(
            (
                seq,
                stream,
                event.originator_version,
                event.topic,
                recorded_at,
                meta.actor_id,
                meta.key_id,
                meta.command_hash,
                meta.signature,
                prev,
                digest,
                nodes,
                b"",
            )
        )
        prev = digest
    head.seq = seq
    head.hash = prev
    head.recorded_at = recorded_at
    if meta.sealer is not None and rows and tree:
        # The group's last record carries the seal over the tree that ends with it.
        rows[-1] = (*rows[-1][:-1], meta.sealer(seq, head.tree.root()))
    return rows


GENESIS_PREV = bytes(HASH_SIZE)


def empty_head(h: HashFn) -> Head:
    return Head(seq=0, hash=GENESIS_PREV, tree=CompactRange(h))


def node_from_row(h: HashFn, level: int, row_hash: bytes, nodes: bytes) -> bytes:
    from ledger.merkle import leaf_hash

    if level == 0:
        return leaf_hash(h, row_hash)
    return nodes[(level - 1) * HASH_SIZE : level * HASH_SIZE]
