"""Tamper battery: edit the stored data directly with SQL, as a database administrator could,
at random positions in ledgers of over 2,000 records, on SQLite and PostgreSQL. The
independent verifier must name the exact sequence number each time."""

from __future__ import annotations

import base64
import json
import os
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from domain import ids
from ledger.canonical import canonical_bytes
from ledger.envelope import make_envelope
from ledger.envelope import sign
from ledger.hashing import command_hash
from ledger.hashing import hash_function
from ledger.merkle import CompactRange
from tests.helpers import World
from tests.helpers import build_world
from tests.helpers import rehash
from verify.checks import ChainVerifier
from verify.sources import open_source

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterator

    from verify.findings import Finding

COMMANDS = 700  # each appends 3 records (command, document, content claim): the ledger holds 2,120
H = hash_function("sha256")
SETTINGS = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@dataclass
class Copy:
    """One tampered copy of the base ledger: an SQL connection and the verifier's URL."""

    url: str
    execute: Callable[..., list[tuple[Any, ...]]]
    events: str
    chain: str
    key: str
    close: Callable[[], None]
    size: int
    world: World

    def row(self, seq: int) -> dict[str, Any]:
        cols = [
            "seq",
            "originator_id",
            "originator_version",
            "topic",
            "recorded_at",
            "actor_id",
            "key_id",
            "command_hash",
            "signature",
            "prev_hash",
            "hash",
            "nodes",
            "seal",
        ]
        (values,) = self.execute(f"SELECT {', '.join(cols)} FROM {self.chain} WHERE seq = ?", (seq,))
        row = {c: (bytes(v) if isinstance(v, memoryview) else v) for c, v in zip(cols, values, strict=True)}
        # The event row is found by its primary key (stream, version), as the verifier finds it (§3.1).
        (found,) = self.execute(
            f"SELECT {self.key}, state FROM {self.events} WHERE originator_id = ? AND originator_version = ?",
            (self.stream_param(row["originator_id"]), row["originator_version"]),
        )
        row["notification_id"], row["state"] = found[0], bytes(found[1])
        return row

    def stream_param(self, stream: str) -> Any:
        return uuid.UUID(stream).hex if self.key == "rowid" else uuid.UUID(stream)

    def rehash(self, row: dict[str, Any]) -> bytes:
        return rehash(H, row)

    def verify(self) -> list[Finding]:
        source = open_source(self.url)
        try:
            return ChainVerifier(source, jobs=1).run().findings
        finally:
            source.close()


def build_base(url: str) -> World:
    w = build_world(url)
    for i in range(COMMANDS):
        key = w.miit if i % 2 else w.ent
        w.app.submit(w.app.envelope(key, "document.register", w.doc(key, i), w.cid()))
    return w


@pytest.fixture(scope="module")
def sqlite_base(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, World]:
    path = tmp_path_factory.mktemp("base") / "base.sqlite"
    w = build_base(f"sqlite:///{path}")
    w.app.close()
    return str(path), w


@pytest.fixture(scope="module")
def pg_base(pg_database: dict[str, str]) -> Iterator[tuple[str, World]]:
    schema = f"base_{uuid.uuid4().hex[:8]}"
    conninfo = psycopg.conninfo.make_conninfo(**pg_database)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    w = build_base(
        f"postgresql://{pg_database['user']}@{pg_database['host']}:{pg_database['port']}/{pg_database['dbname']}?schema={schema}"
    )
    w.app.close()
    yield schema, w
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_copy(request: pytest.FixtureRequest, tmp_path: Any) -> Callable[[], Copy]:
    """A factory: each call makes a new, untampered copy of the base ledger."""
    if request.param == "sqlite":
        base, world = request.getfixturevalue("sqlite_base")

        def make_sqlite() -> Copy:
            path = tmp_path / f"copy-{uuid.uuid4().hex[:8]}.sqlite"
            shutil.copy(base, path)
            conn = sqlite3.connect(path, isolation_level=None)

            def execute(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
                return conn.execute(sql, params).fetchall()

            size = execute("SELECT MAX(seq) FROM stored_events_chain")[0][0]
            return Copy(
                f"sqlite:///{path}", execute, "stored_events", "stored_events_chain", "rowid", conn.close, size, world
            )

        return make_sqlite
    schema_base, world = request.getfixturevalue("pg_base")
    db = request.getfixturevalue("pg_database")
    conninfo = psycopg.conninfo.make_conninfo(**db)

    def make_pg() -> Copy:
        schema = f"cp_{uuid.uuid4().hex[:8]}"
        conn = psycopg.connect(conninfo, autocommit=True)
        conn.execute(f'CREATE SCHEMA "{schema}"')
        for table in ("fundtrail_events", "fundtrail_events_chain"):
            conn.execute(f'CREATE TABLE "{schema}".{table} AS TABLE "{schema_base}".{table}')

        def execute(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
            cur = conn.execute(sql.replace("?", "%s"), params)
            return cur.fetchall() if cur.description else []

        def close() -> None:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
            conn.close()

        size = execute(f'SELECT MAX(seq) FROM "{schema}".fundtrail_events_chain')[0][0]
        url = f"postgresql://{db['user']}@{db['host']}:{db['port']}/{db['dbname']}?schema={schema}"
        return Copy(
            url,
            execute,
            f'"{schema}".fundtrail_events',
            f'"{schema}".fundtrail_events_chain',
            "notification_id",
            close,
            size,
            world,
        )

    return make_pg


def named(findings: list[Finding], code: str, seq: int) -> bool:
    return any(f.code == code and f.seq == seq for f in findings)


# A broken group is judged as a whole: its group findings name its first record, and a broken
# registry command backs none of its registry events (docs/ledger-format.md §11.1), which are then
# named at their own records — possibly before the tampered one.
GROUP_CODES = (
    "COMMAND_MISMATCH",
    "REGISTRY_MISMATCH",
    "GENESIS_INVALID",
    "ACTOR_UNBACKED",
    "KEY_UNBACKED",
    "ROLE_UNBACKED",
    "LOG_KEY_UNBACKED",
)


def nothing_before(findings: list[Finding], seq: int) -> bool:
    """No false alarm before the tampered record. Group findings name the first record of the
    command's group, which may precede the record whose change broke the group."""
    return all(f.seq is None or f.seq >= seq or f.code in GROUP_CODES for f in findings)


def test_untampered_copy_verifies(fresh_copy: Callable[[], Copy]) -> None:
    copy = fresh_copy()
    try:
        assert copy.size == 3 * COMMANDS + 20
        assert copy.verify() == []
    finally:
        copy.close()


@SETTINGS
@given(data=st.data())
def test_flipped_payload_byte(fresh_copy: Callable[[], Copy], data: st.DataObject) -> None:
    copy = fresh_copy()
    try:
        seq = data.draw(st.integers(1, copy.size), label="seq")
        row = copy.row(seq)
        pos = data.draw(st.integers(0, len(row["state"]) - 1), label="byte")
        bit = data.draw(st.integers(0, 7), label="bit")
        state = bytearray(row["state"])
        state[pos] ^= 1 << bit
        copy.execute(f"UPDATE {copy.events} SET state = ? WHERE {copy.key} = ?", (bytes(state), row["notification_id"]))
        findings = copy.verify()
        assert named(findings, "HASH_MISMATCH", seq), findings
        assert nothing_before(findings, seq)
    finally:
        copy.close()


@SETTINGS
@given(data=st.data())
def test_amount_changed_and_own_hash_recomputed(fresh_copy: Callable[[], Copy], data: st.DataObject) -> None:
    copy = fresh_copy()
    try:
        # after the first 20 records, command i's document sits at 22 + 3i
        seq = 22 + 3 * data.draw(st.integers(0, COMMANDS - 1), label="command")
        row = copy.row(seq)
        assert row["topic"] == "fundtrail.document.Registered"
        body = json.loads(row["state"])
        body["amount_fen"] = body["amount_fen"] // 10
        row["state"] = canonical_bytes(body)
        row["hash"] = copy.rehash(row)
        copy.execute(f"UPDATE {copy.events} SET state = ? WHERE {copy.key} = ?", (row["state"], row["notification_id"]))
        copy.execute(f"UPDATE {copy.chain} SET hash = ? WHERE seq = ?", (row["hash"], seq))
        findings = copy.verify()
        assert not named(findings, "HASH_MISMATCH", seq)  # the record itself looks consistent...
        link = [f for f in findings if f.code == "LINK_MISMATCH"]
        assert link and link[0].seq == seq + 1 and link[0].related_seq == seq, findings  # ...its successor names it
        assert nothing_before(findings, seq)
    finally:
        copy.close()


@SETTINGS
@given(data=st.data())
def test_deleted_record(fresh_copy: Callable[[], Copy], data: st.DataObject) -> None:
    copy = fresh_copy()
    try:
        seq = data.draw(st.integers(2, copy.size - 1), label="seq")
        only_event = data.draw(st.booleans(), label="delete only the event row")
        row = copy.row(seq)
        copy.execute(f"DELETE FROM {copy.events} WHERE {copy.key} = ?", (row["notification_id"],))
        if not only_event:
            copy.execute(f"DELETE FROM {copy.chain} WHERE seq = ?", (seq,))
        findings = copy.verify()
        assert named(findings, "STATE_MISSING" if only_event else "SEQ_GAP", seq), findings
        assert nothing_before(findings, seq)
    finally:
        copy.close()


@SETTINGS
@given(data=st.data())
def test_swapped_records(fresh_copy: Callable[[], Copy], data: st.DataObject) -> None:
    copy = fresh_copy()
    try:
        a = data.draw(st.integers(1, copy.size - 1), label="a")
        b = data.draw(st.integers(a + 1, copy.size), label="b")
        if data.draw(st.booleans(), label="swap chain positions, not payloads"):
            copy.execute(f"UPDATE {copy.chain} SET seq = -1 WHERE seq = ?", (a,))
            copy.execute(f"UPDATE {copy.chain} SET seq = ? WHERE seq = ?", (a, b))
            copy.execute(f"UPDATE {copy.chain} SET seq = ? WHERE seq = -1", (b,))
        else:
            ra, rb = copy.row(a), copy.row(b)
            copy.execute(
                f"UPDATE {copy.events} SET state = ? WHERE {copy.key} = ?", (rb["state"], ra["notification_id"])
            )
            copy.execute(
                f"UPDATE {copy.events} SET state = ? WHERE {copy.key} = ?", (ra["state"], rb["notification_id"])
            )
        findings = copy.verify()
        assert named(findings, "HASH_MISMATCH", a) and named(findings, "HASH_MISMATCH", b), findings
        assert nothing_before(findings, a)
    finally:
        copy.close()


def _append_row(copy: Copy, row: dict[str, Any]) -> None:
    if copy.key == "rowid":
        copy.execute(
            f"INSERT INTO {copy.events} VALUES (?, ?, ?, ?)",
            (uuid.UUID(row["originator_id"]).hex, row["originator_version"], row["topic"], row["state"]),
        )
        nid = copy.execute("SELECT last_insert_rowid()")[0][0]
    else:
        nid = copy.execute(
            f"INSERT INTO {copy.events} (originator_id, originator_version, topic, state, notification_id) "
            f"VALUES (?, ?, ?, ?, (SELECT MAX(notification_id) + 1 FROM {copy.events})) RETURNING notification_id",
            (uuid.UUID(row["originator_id"]), row["originator_version"], row["topic"], row["state"]),
        )[0][0]
    del nid  # the chain binds the event by (stream, version), not by notification id
    copy.execute(
        f"INSERT INTO {copy.chain} (seq, originator_id, originator_version, topic, recorded_at, "
        "actor_id, key_id, command_hash, signature, prev_hash, hash, nodes, seal) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            row["seq"],
            row["originator_id"],
            row["originator_version"],
            row["topic"],
            row["recorded_at"],
            row["actor_id"],
            row["key_id"],
            row["command_hash"],
            row["signature"],
            row["prev_hash"],
            row["hash"],
            row["nodes"],
            row.get("seal", b""),
        ),
    )


def _forged_group(
    copy: Copy, key: Any, at_seq: int, prev_hash: bytes, tree: CompactRange | None
) -> list[dict[str, Any]]:
    """A well-formed command group (command record + document event) as an insider would write it."""
    w = copy.world
    fields = make_envelope(
        origin=w.app.info().origin,
        command="document.register",
        args=w.doc(key, 99_999),
        actor=key.actor,
        key_id=key.key_id,
        issued_at=__import__("datetime").datetime(2025, 5, 1, tzinfo=__import__("datetime").UTC),
        command_id=f"forged-{at_seq}",
    )
    signed = sign(fields, key.private_key, H)
    cmd = command_hash(H, signed.envelope)
    stream = str(uuid.uuid4())
    states = [
        (
            "fundtrail.command.Accepted",
            canonical_bytes(
                {
                    "command": "document.register",
                    "command_id": fields["command_id"],
                    "envelope": signed.envelope.decode(),
                    "signature": base64.b64encode(signed.signature).decode(),
                    "timestamp": "2025-05-01T00:00:00.000000Z",
                }
            ),
        ),
        (
            "fundtrail.document.Registered",
            canonical_bytes(
                {
                    **w.doc(key, 99_999),
                    "registered_by": key.actor,
                    "timestamp": "2025-05-01T00:00:00.000000Z",
                    "originator_topic": "fundtrail.document.Document",
                }
            ),
        ),
    ]
    # The command record goes to the actor's command journal, at its next version (§5.3).
    journal = str(ids.command_stream(key.actor))
    (top,) = copy.execute(
        f"SELECT MAX(originator_version) FROM {copy.events} WHERE originator_id = ?", (copy.stream_param(journal),)
    )
    rows = []
    for i, (topic, state) in enumerate(states):
        row = {
            "seq": at_seq + i,
            "originator_id": stream if i else journal,
            "originator_version": 1 if i else (top[0] or 0) + 1,
            "topic": topic,
            "recorded_at": "2025-05-01T00:00:00.000000Z",
            "actor_id": key.actor,
            "key_id": bytes.fromhex(key.key_id),
            "command_hash": cmd,
            "signature": signed.signature,
            "prev_hash": prev_hash,
            "state": state,
        }
        row["hash"] = copy.rehash(row)
        row["nodes"] = b"".join(tree.append(row["hash"])) if tree is not None else b""
        prev_hash = row["hash"]
        rows.append(row)
    return rows


def _tree_of(copy: Copy) -> CompactRange:
    tree = CompactRange(H)
    for (digest,) in copy.execute(f"SELECT hash FROM {copy.chain} ORDER BY seq"):
        tree.append(bytes(digest))
    return tree


def test_signed_with_a_revoked_key(fresh_copy: Callable[[], Copy]) -> None:
    copy = fresh_copy()
    try:
        head = copy.row(copy.size)
        for row in _forged_group(copy, copy.world.miit_old, copy.size + 1, head["hash"], _tree_of(copy)):
            _append_row(copy, row)
        findings = copy.verify()
        # The forger holds neither a valid key nor the log key: the group is named twice.
        assert [(f.code, f.seq) for f in findings] == [
            ("KEY_REVOKED", copy.size + 1),
            ("UNSEALED_TAIL", copy.size + 1),
        ], findings
    finally:
        copy.close()


@SETTINGS
@given(data=st.data())
def test_forged_record_inserted(fresh_copy: Callable[[], Copy], data: st.DataObject) -> None:
    """A forger without keys inserts a group at position k, renumbering everything after it."""
    from ledger import keys

    copy = fresh_copy()
    try:
        k = data.draw(st.integers(2, copy.size), label="k")
        forger = keys.from_seed("miit-zhang", bytes([42]) * 32)
        forger = keys.ActorKey("miit-zhang", forger.private_key)
        copy.execute(f"UPDATE {copy.chain} SET seq = -(seq + 2) WHERE seq >= ?", (k,))
        copy.execute(f"UPDATE {copy.chain} SET seq = -seq WHERE seq < 0")
        prev = copy.row(k - 1)["hash"]
        group = _forged_group(copy, forger, k, prev, None)
        # Pretend the forged record was signed by the actor's real key id.
        for row in group:
            row["key_id"] = bytes.fromhex(copy.world.miit.key_id)
            row["hash"] = copy.rehash(row)
        for row in group:
            _append_row(copy, row)
        findings = copy.verify()
        # Before the real key is registered the verifier cannot even try it: KEY_UNKNOWN. Inserted
        # inside a group (no seal between), it breaks that group's shared fields instead.
        assert (
            named(findings, "SIG_INVALID", k)
            or named(findings, "KEY_UNKNOWN", k)
            or named(findings, "GROUP_INCONSISTENT", k)
        ), findings
        assert nothing_before(findings, k)
    finally:
        copy.close()


@SETTINGS
@given(data=st.data())
def test_replaced_signature(fresh_copy: Callable[[], Copy], data: st.DataObject) -> None:
    copy = fresh_copy()
    try:
        seq = data.draw(st.integers(1, copy.size), label="seq")
        row = copy.row(seq)
        row["signature"] = os.urandom(64)
        row["hash"] = copy.rehash(row)
        copy.execute(
            f"UPDATE {copy.chain} SET signature = ?, hash = ? WHERE seq = ?", (row["signature"], row["hash"], seq)
        )
        findings = copy.verify()
        # At a group's first record the signature is checked; further in, the record no longer
        # carries its group's signature (one signature is verified per group, §5.3).
        assert named(findings, "SIG_INVALID", seq) or named(findings, "GROUP_INCONSISTENT", seq), findings
        assert nothing_before(findings, seq)
    finally:
        copy.close()


def test_verifier_never_crashes_on_a_tampered_genesis(tmp_path: Any) -> None:
    """Every single-byte change to record 1 — the root of trust — is a finding, never a crash."""
    w = build_world(f"sqlite:///{tmp_path}/g.sqlite")
    w.app.close()
    db = tmp_path / "g.sqlite"
    with sqlite3.connect(db) as conn:
        (state, rowid) = conn.execute(
            "SELECT e.state, e.rowid FROM stored_events e JOIN stored_events_chain c "
            "ON e.originator_id = replace(c.originator_id, '-', '') AND e.originator_version = c.originator_version "
            "WHERE c.seq = 1"
        ).fetchone()
    state = bytes(state)
    copy = tmp_path / "copy.sqlite"
    for pos in range(len(state)):
        tampered = bytearray(state)
        tampered[pos] ^= 0x01
        shutil.copy(db, copy)
        with sqlite3.connect(copy) as conn:
            conn.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (bytes(tampered), rowid))
        source = open_source(f"sqlite:///{copy}")
        try:
            findings = ChainVerifier(source, jobs=1).run().findings
        finally:
            source.close()
        assert named(findings, "HASH_MISMATCH", 1), (pos, findings)
