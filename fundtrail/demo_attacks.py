"""The demo's insider: someone with write access to an SQLite ledger copy, and the log key.

Used by `make demo` only, to show that format v2 names what such an insider does even though they
can recompute every hash, link and Merkle node and re-seal every group (docs/ledger-format.md §1):
an injected key, a replayed command and an appended record. It writes rows with plain SQL, as an
attacker would, never through the ledger's own checks.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from ledger.checkpoints import checkpoint_body
from ledger.hashing import hash_function
from ledger.hashing import record_hash
from ledger.merkle import CompactRange

if TYPE_CHECKING:
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

_COLUMNS = (
    "seq, originator_id, originator_version, topic, recorded_at, actor_id, key_id, command_hash, "
    "signature, prev_hash, hash, nodes, seal"
)


@dataclass
class Row:
    """One record as the insider wants it; hashes, links, nodes and seals are recomputed."""

    originator_id: str
    originator_version: int
    topic: str
    state: bytes
    recorded_at: str
    actor_id: str
    key_id: bytes
    command_hash: bytes
    signature: bytes
    sealed: bool


class Insider:
    def __init__(self, db: Path, log_key: Ed25519PrivateKey | None) -> None:
        self.conn = sqlite3.connect(db, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.log_key = log_key
        genesis = self.record(1)
        state = json.loads(genesis["state"])
        self.origin = state["origin"]
        self.h = hash_function(state["hash_algorithm"])

    def close(self) -> None:
        self.conn.close()

    def record(self, seq: int) -> dict[str, Any]:
        row = self.conn.execute(
            "SELECT c.*, e.state FROM stored_events_chain c JOIN stored_events e "
            "ON e.originator_id = replace(c.originator_id, '-', '') AND e.originator_version = c.originator_version "
            "WHERE c.seq = ?",
            (seq,),
        ).fetchone()
        return {k: row[k] for k in row.keys()}  # noqa: SIM118 - sqlite3.Row is not a mapping

    def head(self) -> int:
        return int(self.conn.execute("SELECT MAX(seq) FROM stored_events_chain").fetchone()[0])

    def next_version(self, stream: str) -> int:
        found = self.conn.execute(
            "SELECT MAX(originator_version) FROM stored_events WHERE originator_id = ?", (uuid.UUID(stream).hex,)
        ).fetchone()[0]
        return int(found or 0) + 1

    def unseal_head(self) -> None:
        """Open the last group again, as if it had not ended (its seal is re-made later)."""
        self.conn.execute("UPDATE stored_events_chain SET seal = x'' WHERE seq = ?", (self.head(),))

    def append(self, rows: list[Row]) -> int:
        """Append records after the head, linked and noded; seal those marked sealed if the insider
        holds the log key. Returns the first appended seq."""
        tree = CompactRange(self.h)
        prev = b""
        for (digest,) in self.conn.execute("SELECT hash FROM stored_events_chain ORDER BY seq"):
            tree.append(bytes(digest))
            prev = bytes(digest)
        head = self.head()
        for n, r in enumerate(rows, start=head + 1):
            self.conn.execute(
                "INSERT INTO stored_events (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
                (uuid.UUID(r.originator_id).hex, r.originator_version, r.topic, r.state),
            )
            digest = record_hash(
                self.h,
                seq=n,
                prev_hash=prev,
                stream_id=r.originator_id,
                version=r.originator_version,
                topic=r.topic,
                recorded_at=r.recorded_at,
                state=r.state,
                actor_id=r.actor_id,
                key_id=r.key_id,
                command_hash=r.command_hash,
                signature=r.signature,
            )
            nodes = b"".join(tree.append(digest))
            seal = b""
            if r.sealed and self.log_key is not None:
                seal = self.log_key.sign(checkpoint_body(self.origin, n, tree.root()).encode())
            self.conn.execute(
                f"INSERT INTO stored_events_chain ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    n,
                    r.originator_id,
                    r.originator_version,
                    r.topic,
                    r.recorded_at,
                    r.actor_id,
                    r.key_id,
                    r.command_hash,
                    r.signature,
                    prev,
                    digest,
                    nodes,
                    seal,
                ),
            )
            prev = digest
        return head + 1

    def copy_of(self, seq: int, **change: Any) -> Row:
        """Record ``seq`` as a Row, with fields changed."""
        r = self.record(seq)
        fields = {
            "originator_id": r["originator_id"],
            "originator_version": r["originator_version"],
            "topic": r["topic"],
            "state": bytes(r["state"]),
            "recorded_at": r["recorded_at"],
            "actor_id": r["actor_id"],
            "key_id": bytes(r["key_id"]),
            "command_hash": bytes(r["command_hash"]),
            "signature": bytes(r["signature"]),
            "sealed": bool(r["seal"]),
        }
        fields.update(change)
        return Row(**fields)

    def group_of(self, seq: int) -> list[int]:
        """The seqs of the group holding ``seq`` (groups end at seals)."""
        start = self.conn.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM stored_events_chain WHERE seq < ? AND length(seal) > 0", (seq,)
        ).fetchone()[0]
        end = self.conn.execute(
            "SELECT MIN(seq) FROM stored_events_chain WHERE seq >= ? AND length(seal) > 0", (seq,)
        ).fetchone()[0]
        return list(range(int(start), int(end) + 1))
