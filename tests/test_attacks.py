"""Attacks by someone with write access to the database, on SQLite and PostgreSQL.

Two attacker profiles:

(a) holds no key at all: edits rows, recomputes hashes, links and Merkle nodes, but cannot seal;
(b) an insider who also holds the log key (tests/helpers.py LOG_KEY): recomputes everything from
    the tampered point on and re-seals every group (``reseal_from``). What such an insider does
    must still be named by a code other than SEAL_INVALID.

Each verifier attack asserts the finding code and the exact seq the independent verifier names
(``verify.checks.ChainVerifier``); each write-time attack through the ledger API asserts the typed
refusal (class, rule, field) and that the chain head is the same before and after.

One small base ledger is built per module and backend; every test edits a fresh copy of it.
"""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from domain import ids
from domain.clock import FixedClock
from domain.errors import Conflict
from domain.errors import InvalidField
from domain.errors import RuleViolation
from domain.errors import Unauthorised
from ledger import keys
from ledger.app import AlreadyApplied
from ledger.app import FundtrailLedger
from ledger.canonical import canonical_bytes
from ledger.canonical import format_time
from ledger.canonical import parse_time
from ledger.chain import GENESIS_PREV
from ledger.checkpoints import checkpoint_body
from ledger.envelope import SignedCommand
from ledger.envelope import from_line
from ledger.envelope import make_envelope
from ledger.envelope import sign
from ledger.hashing import command_hash
from ledger.hashing import hash_function
from ledger.hashing import signed_message
from ledger.merkle import CompactRange
from tests.helpers import LOG_KEY
from tests.helpers import ORG
from tests.helpers import ORIGIN
from tests.helpers import World
from tests.helpers import build_world
from tests.helpers import open_ledger
from tests.helpers import rehash
from tests.helpers import seed_key
from verify.checks import ChainVerifier
from verify.sources import open_source

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterator
    from pathlib import Path

    from verify.findings import Finding

H = hash_function("sha256")
LATER = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)  # after every record of the base ledger
COMMAND_TOPIC = "fundtrail.command.Accepted"
DOC_TOPIC = "fundtrail.document.Registered"
KEY_REGISTERED = "fundtrail.actor.KeyRegistered"
KEY_CLAIMED = "fundtrail.key.Claimed"
ROLE_GRANTED = "fundtrail.actor.RoleGranted"
LOG_KEY_ROTATED = "fundtrail.ledger.LogKeyRotated"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
TABLES = ("fundtrail_events", "fundtrail_events_chain", "fundtrail_events_commands", "fundtrail_events_meta")

# The base ledger: build_world (records 1..20: genesis, two actor registrations, a key rotation),
# then DOCS document.register groups of three records each (command record, document event, the
# claim of its content hash), alternately by ent-hongxing and miit-zhang: group i holds seqs
# 21 + 3i to 23 + 3i.
DOCS = 6
WORLD_SIZE = 20
PER_DOC = 3
SIZE = WORLD_SIZE + PER_DOC * DOCS


def doc_group(i: int) -> int:
    """The first seq of document group i (ent-hongxing for even i, miit-zhang for odd i)."""
    return WORLD_SIZE + 1 + PER_DOC * i


CHAIN_FIELDS = (
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
)


@dataclass(frozen=True)
class NewEvent:
    """An event row an attacker writes: stream as canonical UUID text, canonical state bytes."""

    stream: str
    version: int
    topic: str
    state: bytes


@dataclass
class Copy:
    """A fresh copy of the base ledger, with the SQL access of a database administrator."""

    url: str
    backend: str
    conn_execute: Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]
    events: str
    chain: str
    commands: str
    key: str  # the events table's notification id column
    join: str  # the event row of chain row c, by its primary key (stream, version)
    drop: Callable[[], None]
    world: World
    sequence: str = ""  # PostgreSQL: this copy's own notification id sequence
    apps: list[FundtrailLedger] = field(default_factory=list)
    closed: bool = False

    def sql(self, text: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.conn_execute(text, params)

    def stream_param(self, stream: str) -> Any:
        return uuid.UUID(stream).hex if self.backend == "sqlite" else uuid.UUID(stream)

    def size(self) -> int:
        return int(self.sql(f"SELECT MAX(seq) FROM {self.chain}")[0][0])

    def rows(self) -> list[dict[str, Any]]:
        cols = ", ".join(f"c.{c}" for c in CHAIN_FIELDS)
        found = self.sql(
            f"SELECT {cols}, e.state, e.{self.key} FROM {self.chain} c "
            f"LEFT JOIN {self.events} e ON {self.join} ORDER BY c.seq"
        )
        out = []
        for values in found:
            row = dict(zip((*CHAIN_FIELDS, "state", "notification_id"), values, strict=True))
            for name, value in row.items():
                if isinstance(value, memoryview):
                    row[name] = bytes(value)
            out.append(row)
        return out

    def row(self, seq: int) -> dict[str, Any]:
        (found,) = [r for r in self.rows() if r["seq"] == seq]
        return found

    def next_version(self, stream: str) -> int:
        (value,) = self.sql(f"SELECT MAX(originator_version) FROM {self.chain} WHERE originator_id = ?", (stream,))[0]
        return int(value or 0) + 1

    def update_chain(self, seq: int, **cols: Any) -> None:
        sets = ", ".join(f"{c} = ?" for c in cols)
        self.sql(f"UPDATE {self.chain} SET {sets} WHERE seq = ?", (*cols.values(), seq))

    def set_state(self, stream: str, version: int, state: bytes) -> None:
        self.sql(
            f"UPDATE {self.events} SET state = ? WHERE originator_id = ? AND originator_version = ?",
            (state, self.stream_param(stream), version),
        )

    def insert_event(self, event: NewEvent) -> None:
        if self.backend == "sqlite":
            self.sql(
                f"INSERT INTO {self.events} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
                (self.stream_param(event.stream), event.version, event.topic, event.state),
            )
        else:
            self.sql(
                f"INSERT INTO {self.events} (originator_id, originator_version, topic, state, notification_id) "
                f"VALUES (?, ?, ?, ?, (SELECT MAX(notification_id) + 1 FROM {self.events}))",
                (self.stream_param(event.stream), event.version, event.topic, event.state),
            )
            self._sync_sequence()

    def insert_chain(self, row: dict[str, Any]) -> None:
        marks = ", ".join("?" for _ in CHAIN_FIELDS)
        self.sql(
            f"INSERT INTO {self.chain} ({', '.join(CHAIN_FIELDS)}) VALUES ({marks})",
            tuple(row[c] for c in CHAIN_FIELDS),
        )

    def shift(self, start: int, by: int) -> None:
        """Renumber the chain rows from ``start`` on by ``by`` (making room for injected rows)."""
        self.sql(f"UPDATE {self.chain} SET seq = -(seq + ?) WHERE seq >= ?", (by, start))
        self.sql(f"UPDATE {self.chain} SET seq = -seq WHERE seq < 0")

    def renumber_notifications(self) -> None:
        """Give every event the notification id of its chain seq, as a careful insider would."""
        self.sql(f"UPDATE {self.events} SET {self.key} = {self.key} + 1000000")
        for r in self.rows():
            self.sql(
                f"UPDATE {self.events} SET {self.key} = ? WHERE originator_id = ? AND originator_version = ?",
                (r["seq"], self.stream_param(r["originator_id"]), r["originator_version"]),
            )
        if self.backend != "sqlite":
            self._sync_sequence()

    def _sync_sequence(self) -> None:
        self.sql(f"SELECT setval('{self.sequence}', (SELECT MAX(notification_id) FROM {self.events}))")

    def open_app(self, clock: Any, *, log_key: keys.ActorKey | None = LOG_KEY) -> FundtrailLedger:
        """The ledger API on this copy (the insider may run the ledger's own code on it)."""
        app = open_ledger(self.url, clock, log_key=log_key)
        self.apps.append(app)
        return app

    def verify(self) -> list[Finding]:
        return self.verify_with_roots(set())[0]

    def verify_with_roots(self, sizes: set[int]) -> tuple[list[Finding], dict[int, bytes]]:
        """Findings, and the tree roots at ``sizes`` (what a kept checkpoint is compared with)."""
        source = open_source(self.url)
        try:
            verifier = ChainVerifier(source, jobs=1)
            verifier.want_roots = sizes
            return verifier.run().findings, verifier.roots
        finally:
            source.close()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for app in self.apps:
            app.close()
        self.drop()


def build_base(url: str) -> World:
    w = build_world(url)
    for i in range(DOCS):
        key = w.miit if i % 2 else w.ent
        w.app.submit(w.app.envelope(key, "document.register", w.doc(key, i), w.cid()))
    w.app.close()
    return w


@pytest.fixture(scope="module")
def sqlite_base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    path = tmp_path_factory.mktemp("attacks") / "base.sqlite"
    w = build_base(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path, w


@pytest.fixture(scope="module")
def pg_base(pg_database: dict[str, str]) -> Iterator[tuple[str, World]]:
    schema = f"atk_base_{uuid.uuid4().hex[:8]}"
    conninfo = psycopg.conninfo.make_conninfo(**pg_database)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    db = pg_database
    w = build_base(f"postgresql://{db['user']}@{db['host']}:{db['port']}/{db['dbname']}?schema={schema}")
    yield schema, w
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _sqlite_copy(base: Path, world: World, tmp_path: Path) -> Copy:
    path = tmp_path / f"copy-{uuid.uuid4().hex[:8]}.sqlite"
    shutil.copy(base, path)
    conn = sqlite3.connect(path, isolation_level=None)

    def execute(text: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        return conn.execute(text, params).fetchall()

    return Copy(
        url=f"sqlite:///{path}",
        backend="sqlite",
        conn_execute=execute,
        events="stored_events",
        chain="stored_events_chain",
        commands="stored_events_commands",
        key="rowid",
        join="e.originator_id = replace(c.originator_id, '-', '') AND e.originator_version = c.originator_version",
        drop=conn.close,
        world=world,
    )


def _pg_copy(base_schema: str, world: World, db: dict[str, str]) -> Copy:
    """A writable copy in a schema of its own: same tables, indexes and data as the base."""
    schema = f"atk_{uuid.uuid4().hex[:10]}"
    conn = psycopg.connect(psycopg.conninfo.make_conninfo(**db), autocommit=True)
    conn.execute(f'CREATE SCHEMA "{schema}"')
    for table in TABLES:
        conn.execute(f'CREATE TABLE "{schema}".{table} (LIKE "{base_schema}".{table} INCLUDING ALL)')
        conn.execute(f'INSERT INTO "{schema}".{table} SELECT * FROM "{base_schema}".{table}')
    sequence = f'"{schema}".notification_ids'
    conn.execute(f"CREATE SEQUENCE {sequence}")
    conn.execute(
        f"ALTER TABLE \"{schema}\".fundtrail_events ALTER COLUMN notification_id SET DEFAULT nextval('{sequence}')"
    )

    def execute(text: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        cur = conn.execute(text.replace("?", "%s"), params)
        return cur.fetchall() if cur.description else []

    def drop() -> None:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        conn.close()

    copy = Copy(
        url=f"postgresql://{db['user']}@{db['host']}:{db['port']}/{db['dbname']}?schema={schema}",
        backend="postgres",
        conn_execute=execute,
        events=f'"{schema}".fundtrail_events',
        chain=f'"{schema}".fundtrail_events_chain',
        commands=f'"{schema}".fundtrail_events_commands',
        key="notification_id",
        join="e.originator_id = c.originator_id::uuid AND e.originator_version = c.originator_version",
        drop=drop,
        world=world,
        sequence=sequence,
    )
    copy._sync_sequence()
    return copy


@pytest.fixture(params=BACKENDS)
def new_copy(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Copy]]:
    """A factory: each call makes a new, untampered copy of the base ledger."""
    made: list[Copy] = []

    def make() -> Copy:
        if request.param == "sqlite":
            base, world = request.getfixturevalue("sqlite_base")
            copy = _sqlite_copy(base, world, tmp_path)
        else:
            schema, world = request.getfixturevalue("pg_base")
            copy = _pg_copy(schema, world, request.getfixturevalue("pg_database"))
        made.append(copy)
        return copy

    yield make
    for copy in made:
        copy.close()


@pytest.fixture
def copy(new_copy: Callable[[], Copy]) -> Copy:
    return new_copy()


# -- the attacker's tools -------------------------------------------------------------------


def reseal_from(copy: Copy, seq: int, log_key: keys.ActorKey) -> None:
    """Profile (b): recompute prev_hash, hash and nodes of every record from ``seq`` on, and
    re-sign every non-empty seal with the checkpoint body of the tree after its record."""
    tree = CompactRange(H)
    prev = GENESIS_PREV
    for r in copy.rows():
        if r["seq"] >= seq:
            assert r["state"] is not None, f"record {r['seq']} has no event row to hash"
            r["prev_hash"] = prev
            r["hash"] = rehash(H, r)
            nodes = b"".join(tree.append(r["hash"]))
            seal = r["seal"]
            if seal:
                seal = log_key.private_key.sign(checkpoint_body(ORIGIN, r["seq"], tree.root()).encode())
            copy.update_chain(r["seq"], prev_hash=r["prev_hash"], hash=r["hash"], nodes=nodes, seal=seal)
        else:
            tree.append(r["hash"])
        prev = r["hash"]


def append_records(
    copy: Copy, events: list[NewEvent], meta: dict[str, Any], seal_key: keys.ActorKey | None
) -> list[int]:
    """Append ``events`` at the head with the chain fields ``meta`` (actor_id, key_id, command_hash,
    signature, recorded_at); hashes, links and nodes recomputed; the last sealed by ``seal_key``."""
    rows = copy.rows()
    tree = CompactRange(H)
    for r in rows:
        tree.append(r["hash"])
    prev, seq = rows[-1]["hash"], rows[-1]["seq"]
    seqs = []
    for i, event in enumerate(events):
        seq += 1
        row = {
            "seq": seq,
            "originator_id": event.stream,
            "originator_version": event.version,
            "topic": event.topic,
            "state": event.state,
            "prev_hash": prev,
            **meta,
        }
        row["hash"] = rehash(H, row)
        row["nodes"] = b"".join(tree.append(row["hash"]))
        row["seal"] = b""
        if seal_key is not None and i == len(events) - 1:
            row["seal"] = seal_key.private_key.sign(checkpoint_body(ORIGIN, seq, tree.root()).encode())
        copy.insert_event(event)
        copy.insert_chain(row)
        prev = row["hash"]
        seqs.append(seq)
    return seqs


def group_meta(signed: SignedCommand, recorded_at: str) -> dict[str, Any]:
    return {
        "actor_id": signed.actor,
        "key_id": bytes.fromhex(signed.key_id),
        "command_hash": signed.hash(H),
        "signature": signed.signature,
        "recorded_at": recorded_at,
    }


def meta_of(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("actor_id", "key_id", "command_hash", "signature", "recorded_at")}


def command_event(copy: Copy, signed: SignedCommand, recorded_at: str) -> NewEvent:
    """The command record of ``signed`` in its actor's command stream (docs/ledger-format.md §5.3)."""
    stream = str(ids.command_stream(signed.actor))
    body = {
        "command": signed.command,
        "command_id": signed.command_id,
        "envelope": signed.envelope.decode(),
        "signature": base64.b64encode(signed.signature).decode(),
        "timestamp": recorded_at,
    }
    return NewEvent(stream, copy.next_version(stream), COMMAND_TOPIC, canonical_bytes(body))


def append_group(
    copy: Copy,
    signed: SignedCommand,
    events: list[NewEvent],
    recorded_at: str,
    seal_key: keys.ActorKey | None = LOG_KEY,
) -> int:
    """Append a whole command group (command record first); returns its first seq."""
    seqs = append_records(
        copy, [command_event(copy, signed, recorded_at), *events], group_meta(signed, recorded_at), seal_key
    )
    return seqs[0]


def inject(copy: Copy, at: int, events: list[NewEvent]) -> list[int]:
    """Insert ``events`` as records at ``at`` inside the group holding ``at`` (which must not be its
    first record), renumbering later records and notification ids; hashes are left for reseal_from."""
    like = meta_of(copy.row(at))
    copy.shift(at, len(events))
    seqs = []
    for i, event in enumerate(events):
        row = {
            "seq": at + i,
            "originator_id": event.stream,
            "originator_version": event.version,
            "topic": event.topic,
            "prev_hash": b"",
            "hash": b"",
            "nodes": b"",
            "seal": b"",
            **like,
        }
        copy.insert_event(event)
        copy.insert_chain(row)
        seqs.append(at + i)
    copy.renumber_notifications()
    return seqs


def envelope(
    key: keys.ActorKey,
    command: str,
    args: dict[str, Any],
    command_id: str,
    issued_at: datetime,
    *,
    actor: str | None = None,
    origin: str = ORIGIN,
) -> SignedCommand:
    fields = make_envelope(
        origin=origin,
        command=command,
        args=args,
        actor=actor or key.actor,
        key_id=key.key_id,
        issued_at=issued_at,
        command_id=command_id,
    )
    return sign(fields, key.private_key, H)


def doc_event(copy: Copy, args: dict[str, Any], by: str, recorded_at: str) -> NewEvent:
    stream = str(ids.document_stream(args["doc_id"]))
    body = {**args, "registered_by": by, "timestamp": recorded_at, "originator_topic": "fundtrail.document.Document"}
    return NewEvent(stream, copy.next_version(stream), DOC_TOPIC, canonical_bytes(body))


def later(row: dict[str, Any], seconds: int = 60) -> str:
    return format_time(parse_time(row["recorded_at"]) + timedelta(seconds=seconds))


def pairs(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(f.code, f.seq) for f in findings]


def named(findings: list[Finding], code: str, seq: int) -> bool:
    return (code, seq) in pairs(findings)


def nothing_before(findings: list[Finding], seq: int) -> bool:
    return all(f.seq is None or f.seq >= seq for f in findings)


def refused(
    app: FundtrailLedger, submit: Callable[[], Any], kind: type[RuleViolation], rule: str, field_name: str
) -> RuleViolation:
    """The typed refusal of a write, with the head the same before and after."""
    before = app.chain.chain_head()
    with pytest.raises(kind) as info:
        submit()
    assert (info.value.rule, info.value.field) == (rule, field_name), info.value
    assert app.chain.chain_head() == before
    return info.value


# -- the base --------------------------------------------------------------------------------


def test_base_copy_is_intact(copy: Copy) -> None:
    rows = copy.rows()
    assert len(rows) == SIZE
    assert [r["seq"] for r in rows if r["seal"]] == [6, 11, 16, 20, *(doc_group(i) + PER_DOC - 1 for i in range(DOCS))]
    assert all(rows[doc_group(i) - 1]["topic"] == COMMAND_TOPIC for i in range(DOCS))
    assert copy.verify() == []


# -- 1. records appended to the last group ------------------------------------------------------


def _extra_docs(copy: Copy, n: int) -> list[NewEvent]:
    last = copy.row(SIZE)
    return [
        doc_event(copy, copy.world.doc(copy.world.miit, 900 + i), "miit-zhang", last["recorded_at"]) for i in range(n)
    ]


def test_1a_records_appended_to_the_last_group_unsealed(copy: Copy) -> None:
    """Profile (a): two document records join the last group, hashes and nodes recomputed, no seal."""
    seqs = append_records(copy, _extra_docs(copy, 2), meta_of(copy.row(SIZE)), seal_key=None)
    assert seqs == [SIZE + 1, SIZE + 2]
    findings = copy.verify()
    assert named(findings, "UNSEALED_TAIL", SIZE + 1), findings
    assert nothing_before(findings, SIZE + 1), findings
    assert "SEAL_INVALID" not in {f.code for f in findings}, findings


def test_1a_seal_moved_to_the_appended_record(copy: Copy) -> None:
    """Profile (a): as above, and the last group's seal moved onto the new last record."""
    seal = copy.row(SIZE)["seal"]
    append_records(copy, _extra_docs(copy, 2), meta_of(copy.row(SIZE)), seal_key=None)
    copy.update_chain(SIZE, seal=b"")
    copy.update_chain(SIZE + 2, seal=seal)
    findings = copy.verify()
    assert pairs(findings) == [("SEAL_INVALID", SIZE + 2)], findings


def _kept_root(copy: Copy) -> bytes:
    """The root a checkpoint kept before the tampering holds (the head's seal, §7.4)."""
    return copy.verify_with_roots({SIZE})[1][SIZE]


def test_1b_records_appended_to_the_last_group_and_resealed(copy: Copy, tmp_path: Any) -> None:
    """Profile (b): the records join the last group and the holder of the log key re-seals it at the
    new end. The chain alone verifies (docs/ledger-format.md §1.2); the last submitter's seal, kept as
    a checkpoint, names it: the root still matches, but no seal ends a group at its size any more."""
    from click.testing import CliRunner

    from ledger.checkpoints import seal_note
    from verify.cli import main as verify_main

    reader = copy.open_app(FixedClock(LATER), log_key=None)
    kept = tmp_path / "seal.cp"
    kept.write_text(seal_note(reader).note)  # what the submitter of the last command was handed
    reader.close()
    append_records(copy, _extra_docs(copy, 2), meta_of(copy.row(SIZE)), seal_key=None)
    copy.update_chain(SIZE + 2, seal=copy.row(SIZE)["seal"])
    copy.update_chain(SIZE, seal=b"")
    reseal_from(copy, SIZE + 1, LOG_KEY)
    assert copy.verify() == []  # the chain alone cannot show it...
    result = CliRunner().invoke(verify_main, ["chain", copy.url, "--checkpoint", str(kept), "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == 1
    assert [(f["code"], f.get("seq")) for f in findings] == [("CHECKPOINT_NOT_SEALED", SIZE)]  # ...the seal can


def test_1b_document_rewritten_and_resealed(copy: Copy) -> None:
    """Profile (b): a document's amount divided by ten, everything from it re-sealed. The chain alone
    verifies (§1.2 "what it cannot prove"); a checkpoint kept before names it (CHECKPOINT_ROOT_MISMATCH)."""
    kept = _kept_root(copy)
    seq = doc_group(1) + 1
    r = copy.row(seq)
    body = json.loads(r["state"])
    body["amount_fen"] //= 10
    copy.set_state(r["originator_id"], r["originator_version"], canonical_bytes(body))
    reseal_from(copy, seq, LOG_KEY)
    findings, roots = copy.verify_with_roots({SIZE})
    assert findings == []
    assert roots[SIZE] != kept


# -- 2. impersonation ----------------------------------------------------------------------------

ATTACKER = seed_key("ent-hongxing", 66)  # the attacker's own key, named for the actor it impersonates


def test_2_impersonation_with_an_injected_key(copy: Copy) -> None:
    """Profile (b): a KeyRegistered (attacker's key for ent-hongxing) and its Claimed are injected into
    a document group, everything re-sealed; then a document group signed by the attacker's key "as"
    ent-hongxing is appended and sealed."""
    when = copy.row(doc_group(2))["recorded_at"]
    actor_stream = str(ids.actor_stream("ent-hongxing"))
    key_stream = str(ids.key_stream(ATTACKER.key_id))
    registered = {"actor_id": "ent-hongxing", "key_id": ATTACKER.key_id, "public_key": ATTACKER.public_b64}
    claimed = {"actor_id": "ent-hongxing", "key_id": ATTACKER.key_id, "originator_topic": "fundtrail.key.KeyClaim"}
    at = doc_group(2) + 1
    injected = inject(
        copy,
        at,
        [
            NewEvent(
                actor_stream,
                copy.next_version(actor_stream),
                KEY_REGISTERED,
                canonical_bytes({**registered, "timestamp": when}),
            ),
            NewEvent(key_stream, 1, KEY_CLAIMED, canonical_bytes({**claimed, "timestamp": when})),
        ],
    )
    reseal_from(copy, at, LOG_KEY)
    assert pairs(copy.verify()) == [("KEY_UNBACKED", s) for s in injected]  # the injection alone, so far
    head = copy.row(copy.size())
    recorded = later(head)
    args = copy.world.doc(ATTACKER, 666)
    signed = envelope(ATTACKER, "document.register", args, "forged-1", parse_time(recorded) - timedelta(seconds=1))
    start = append_group(copy, signed, [doc_event(copy, args, "ent-hongxing", recorded)], recorded)
    findings = copy.verify()
    assert named(findings, "KEY_UNBACKED", injected[0]), findings
    assert named(findings, "KEY_UNBACKED", injected[1]), findings
    assert named(findings, "KEY_UNKNOWN", start), findings
    assert nothing_before(findings, injected[0]), findings
    assert "SEAL_INVALID" not in {f.code for f in findings}, findings


# -- 3. an injected role ---------------------------------------------------------------------------


def test_3_injected_admin_role_then_actor_register(copy: Copy) -> None:
    """Profile (b): RoleGranted(ledger_admin) injected for ent-hongxing and re-sealed; then ent-hongxing
    signs an actor.register, which the ledger (reading its poisoned state) accepts and seals."""
    at = doc_group(4) + 1
    actor_stream = str(ids.actor_stream("ent-hongxing"))
    when = copy.row(at)["recorded_at"]
    body = canonical_bytes({"role": "ledger_admin", "timestamp": when})
    (injected,) = inject(copy, at, [NewEvent(actor_stream, copy.next_version(actor_stream), ROLE_GRANTED, body)])
    reseal_from(copy, at, LOG_KEY)
    app = copy.open_app(FixedClock(LATER))
    w = copy.world
    mallory = seed_key("mallory", 77)
    args = {
        "actor_id": "mallory",
        "name": "Mallory",
        "organisation": ORG,
        "roles": ["ledger_admin"],
        "public_key": mallory.public_b64,
    }
    applied = app.submit(app.envelope(w.ent, "actor.register", args, "evil-1"))
    findings = copy.verify()
    assert named(findings, "ROLE_UNBACKED", injected), findings
    assert named(findings, "COMMAND_UNAUTHORISED", applied.first_seq), findings
    assert nothing_before(findings, injected), findings
    assert "SEAL_INVALID" not in {f.code for f in findings}, findings


# -- 4. replay -------------------------------------------------------------------------------------


def _signed_of(row: dict[str, Any]) -> SignedCommand:
    body = json.loads(row["state"])
    raw = body["envelope"].encode()
    return SignedCommand(raw, json.loads(raw), base64.b64decode(body["signature"]))


def test_4_replayed_group(copy: Copy) -> None:
    """Profile (b): a signed group copied to the end (new seqs and stream versions), its idempotency
    row deleted, sealed."""
    cmd = copy.row(doc_group(0))
    doc = copy.row(doc_group(0) + 1)
    signed = _signed_of(cmd)
    copy.sql(f"DELETE FROM {copy.commands} WHERE actor_id = ? AND command_id = ?", (signed.actor, signed.command_id))
    recorded = later(copy.row(SIZE))
    stream = doc["originator_id"]
    replay = NewEvent(stream, copy.next_version(stream), DOC_TOPIC, doc["state"])
    start = append_group(copy, signed, [replay], recorded)
    findings = copy.verify()
    assert pairs(findings) == [("COMMAND_REPLAYED", start)], findings


def test_4_replay_through_the_api(copy: Copy) -> None:
    app = copy.open_app(FixedClock(LATER))
    w = copy.world
    signed = app.envelope(w.ent, "document.register", w.doc(w.ent, 500), "r-1")
    first = app.submit(signed)
    refused(app, lambda: app.submit(signed), AlreadyApplied, "FT-IDEMPOTENT", "envelope.command_id")
    other = app.envelope(w.ent, "document.register", w.doc(w.ent, 501), "r-1")
    refused(app, lambda: app.submit(other), Conflict, "FT-COMMAND-ID-CONFLICT", "envelope.command_id")
    same_id = app.submit(app.envelope(w.miit, "document.register", w.doc(w.miit, 502), "r-1"))
    assert same_id.first_seq == first.last_seq + 1
    assert copy.verify() == []


def test_4_replay_through_the_api_after_the_idempotency_row_is_deleted(copy: Copy) -> None:
    """The insider deletes a command's idempotency row and submits the same signed envelope again;
    its effect is repeatable (a role granted again after a revoke), so the ledger applies it."""
    app = copy.open_app(FixedClock(LATER))
    w = copy.world
    grant = app.envelope(w.operator, "role.grant", {"actor_id": "ent-hongxing", "role": "inspector"}, "g-1")
    app.submit(grant)
    app.submit(app.envelope(w.operator, "role.revoke", {"actor_id": "ent-hongxing", "role": "inspector"}, "g-2"))
    copy.sql(f"DELETE FROM {copy.commands} WHERE actor_id = ? AND command_id = ?", ("operator", "g-1"))
    replayed = app.submit(grant)
    findings = copy.verify()
    assert named(findings, "COMMAND_REPLAYED", replayed.first_seq), findings
    assert nothing_before(findings, replayed.first_seq), findings
    assert "SEAL_INVALID" not in {f.code for f in findings}, findings


# -- 5. column binding -------------------------------------------------------------------------------


def test_5_topic_changed_in_the_events_table(copy: Copy) -> None:
    seq = doc_group(1) + 1
    r = copy.row(seq)
    copy.sql(
        f"UPDATE {copy.events} SET topic = ? WHERE originator_id = ? AND originator_version = ?",
        ("fundtrail.document.Withdrawn", copy.stream_param(r["originator_id"]), r["originator_version"]),
    )
    findings = copy.verify()
    assert pairs(findings) == [("EVENT_ROW_MISMATCH", seq)], findings


def test_5_event_row_moved_to_another_stream(copy: Copy) -> None:
    seq = doc_group(1) + 1
    r = copy.row(seq)
    other = str(uuid.uuid4())
    copy.sql(
        f"UPDATE {copy.events} SET originator_id = ? WHERE originator_id = ? AND originator_version = ?",
        (copy.stream_param(other), copy.stream_param(r["originator_id"]), r["originator_version"]),
    )
    findings = copy.verify()
    assert named(findings, "STATE_MISSING", seq), findings
    unchained = [f for f in findings if f.code == "EVENT_NOT_CHAINED"]
    # SQLite names the stream as stored (32 hex), PostgreSQL as canonical text: compare as UUIDs.
    got = [(f.seq, uuid.UUID(f.stream), f.version) for f in unchained]
    assert got == [(None, uuid.UUID(other), r["originator_version"])], findings
    assert nothing_before(findings, seq), findings


def test_5_notification_ids_swapped(copy: Copy) -> None:
    a, b = copy.row(doc_group(1)), copy.row(doc_group(1) + 1)
    where = "WHERE originator_id = ? AND originator_version = ?"
    copy.sql(
        f"UPDATE {copy.events} SET {copy.key} = -1 {where}",
        (copy.stream_param(a["originator_id"]), a["originator_version"]),
    )
    copy.sql(
        f"UPDATE {copy.events} SET {copy.key} = ? {where}",
        (a["notification_id"], copy.stream_param(b["originator_id"]), b["originator_version"]),
    )
    copy.sql(f"UPDATE {copy.events} SET {copy.key} = ? WHERE {copy.key} = -1", (b["notification_id"],))
    findings = copy.verify()
    assert pairs(findings) == [("NOTIFICATION_ORDER", b["seq"])], findings


def test_5_event_without_a_chain_row(copy: Copy) -> None:
    """An event row added to the events table alone (no chain row)."""
    stream = str(uuid.uuid4())
    copy.insert_event(NewEvent(stream, 1, DOC_TOPIC, canonical_bytes({"doc_id": "DOC-X"})))
    findings = copy.verify()
    assert [(f.code, f.seq, uuid.UUID(f.stream)) for f in findings] == [("EVENT_NOT_CHAINED", None, uuid.UUID(stream))]


@pytest.mark.parametrize("how", ["offset", "vacuum"])
def test_5_events_table_rebuilt_with_new_notification_ids(copy: Copy, how: str) -> None:
    """An intact ledger whose events table was rebuilt (ids changed, order kept) is not tampered."""
    before = [r["notification_id"] for r in copy.rows()]
    if copy.backend == "sqlite" and how == "offset":
        # Copied into a new table with rowids offset by 1000, in rowid order.
        copy.sql("CREATE TABLE rebuilt AS SELECT rowid AS old_rowid, * FROM stored_events")
        copy.sql("DELETE FROM stored_events")
        copy.sql(
            "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) "
            "SELECT old_rowid + 1000, originator_id, originator_version, topic, state FROM rebuilt ORDER BY old_rowid"
        )
        copy.sql("DROP TABLE rebuilt")
    elif copy.backend == "sqlite":
        # Gaps made by deleting and reinserting rows, then VACUUM renumbers the rowids.
        copy.sql("UPDATE stored_events SET rowid = rowid * 10 + 100000")
        copy.sql("VACUUM")
    else:
        step = 1000 if how == "offset" else 7
        copy.sql(f"UPDATE {copy.events} SET notification_id = notification_id * ? + 100000", (step,))
    after = [r["notification_id"] for r in copy.rows()]
    assert after != before and after == sorted(after)
    assert copy.verify() == []


# -- 6. time -----------------------------------------------------------------------------------------


def test_6_recorded_time_set_back_and_resealed(copy: Copy) -> None:
    """Profile (b): one group's recorded_at set earlier than its predecessor's, everything re-sealed."""
    start = doc_group(2)
    earlier = format_time(parse_time(copy.row(start - 1)["recorded_at"]) - timedelta(seconds=1))
    for seq in range(start, start + PER_DOC):
        copy.update_chain(seq, recorded_at=earlier)
    reseal_from(copy, start, LOG_KEY)
    findings = copy.verify()
    assert pairs(findings) == [("TIME_NOT_MONOTONIC", start)], findings


def test_6_ledger_clock_set_back_to_1970(copy: Copy) -> None:
    clock = FixedClock(datetime(1970, 1, 2, tzinfo=UTC))
    app = copy.open_app(clock)
    w = copy.world
    signed = app.envelope(w.ent, "document.register", w.doc(w.ent, 600), "clock-1")
    refused(app, lambda: app.submit(signed), InvalidField, "FT-CLOCK", "clock")
    assert copy.verify() == []


def test_6_issued_too_long_ago(copy: Copy) -> None:
    app = copy.open_app(FixedClock(LATER))
    w = copy.world
    age = app.info().max_command_age
    old = LATER - timedelta(seconds=age + 3600)
    signed = app.envelope(w.ent, "document.register", w.doc(w.ent, 601), "old-1", issued_at=old)
    refused(app, lambda: app.submit(signed), InvalidField, "FT-TIME", "envelope.issued_at")


def test_6_issued_in_the_future(copy: Copy) -> None:
    app = copy.open_app(FixedClock(LATER))
    w = copy.world
    ahead = LATER + timedelta(seconds=app.info().clock_skew + 3600)
    signed = app.envelope(w.ent, "document.register", w.doc(w.ent, 603), "future-1", issued_at=ahead)
    refused(app, lambda: app.submit(signed), InvalidField, "FT-TIME", "envelope.issued_at")


def test_6_recorded_long_after_issue_and_resealed(copy: Copy) -> None:
    """Profile (b): the last group's recorded_at moved 40 days on (still never going back), re-sealed."""
    start = doc_group(DOCS - 1)
    moved = later(copy.row(start), 40 * 86400)
    for seq in range(start, start + PER_DOC):
        copy.update_chain(seq, recorded_at=moved)
    reseal_from(copy, start, LOG_KEY)
    findings = copy.verify()
    assert pairs(findings) == [("ISSUED_OUT_OF_WINDOW", start)], findings


def test_6_recorded_at_malformed_and_resealed(copy: Copy) -> None:
    """Profile (b): the last group's recorded_at rewritten as malformed time text, re-sealed."""
    start = doc_group(DOCS - 1)
    for seq in range(start, start + PER_DOC):
        copy.update_chain(seq, recorded_at="2025-3-4T1:2:3.5Z")
    reseal_from(copy, start, LOG_KEY)
    findings = copy.verify()
    assert named(findings, "TIME_INVALID", start), findings
    assert {f.code for f in findings} == {"TIME_INVALID"} and nothing_before(findings, start), findings


def _malformed_time_command(w: World) -> SignedCommand:
    fields = make_envelope(
        origin=ORIGIN,
        command="document.register",
        args=w.doc(w.ent, 602),
        actor="ent-hongxing",
        key_id=w.ent.key_id,
        issued_at=LATER,
        command_id="bad-time-1",
    )
    fields["issued_at"] = "2025-3-1T1:2:3.5Z"
    # sign() refuses a malformed envelope, so the attacker signs the bytes by hand.
    raw = canonical_bytes(fields)
    return SignedCommand(raw, fields, w.ent.private_key.sign(signed_message(command_hash(H, raw))))


def test_6_malformed_issued_at_from_a_line(copy: Copy) -> None:
    """The apply path: a JSONL line whose envelope's issued_at is not §2 time text."""
    app = copy.open_app(FixedClock(LATER))
    line = _malformed_time_command(copy.world).to_line()
    refused(app, lambda: app.submit(from_line(line)), InvalidField, "FT-ENVELOPE", "envelope.issued_at")


def test_6_malformed_issued_at_submitted_directly(copy: Copy) -> None:
    app = copy.open_app(FixedClock(LATER))
    signed = _malformed_time_command(copy.world)
    before = app.chain.chain_head()
    with pytest.raises(InvalidField) as info:
        app.submit(signed)
    assert info.value.rule in ("FT-TIME", "FT-ENVELOPE") and info.value.field == "envelope.issued_at"
    assert app.chain.chain_head() == before


# -- 7. envelope forms in a stored command record --------------------------------------------------


def _envelope_variant(text: str, how: str) -> str:
    fields = json.loads(text)
    if how == "spaced":
        return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
    if how == "unsorted":
        return json.dumps(dict(reversed(list(fields.items()))), ensure_ascii=False, separators=(",", ":"))
    if how == "escaped":
        return json.dumps(fields, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    if how == "extra_field":
        return canonical_bytes({**fields, "note": "x"}).decode()
    if how == "missing_field":
        return canonical_bytes({k: v for k, v in fields.items() if k != "v"}).decode()
    if how == "v_true":
        return json.dumps({**fields, "v": True}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if how == "duplicate_key":
        return text[:-1] + ',"v":1}'
    raise AssertionError(how)


ENVELOPE_CODES = {"COMMAND_MISMATCH", "SIG_INVALID", "ENVELOPE_INVALID"}


@pytest.mark.parametrize(
    "how", ["spaced", "unsorted", "escaped", "extra_field", "missing_field", "v_true", "duplicate_key"]
)
def test_7_envelope_rewritten_in_a_command_record(copy: Copy, how: str) -> None:
    """Profile (b): a command record's envelope rewritten, command_hash and hashes recomputed, re-sealed."""
    start = doc_group(1)
    r = copy.row(start)
    body = json.loads(r["state"])
    body["envelope"] = _envelope_variant(body["envelope"], how)
    assert body["envelope"] != json.loads(r["state"])["envelope"]
    copy.set_state(r["originator_id"], r["originator_version"], canonical_bytes(body))
    new_hash = command_hash(H, body["envelope"].encode())
    for seq in range(start, start + PER_DOC):
        copy.update_chain(seq, command_hash=new_hash)
    reseal_from(copy, start, LOG_KEY)
    findings = copy.verify()
    # The actor's signature covers the old command hash: SIG_INVALID always; and the envelope's own fault.
    assert named(findings, "SIG_INVALID", start), findings
    assert {f.code for f in findings} <= ENVELOPE_CODES and {f.seq for f in findings} == {start}, findings


# -- 8. origin ---------------------------------------------------------------------------------------


def test_8_command_signed_for_another_origin(copy: Copy) -> None:
    """Profile (b): a command the actor signed for another ledger is appended here and sealed."""
    w = copy.world
    recorded = later(copy.row(SIZE))
    args = w.doc(w.ent, 700)
    signed = envelope(
        w.ent,
        "document.register",
        args,
        "o-1",
        parse_time(recorded) - timedelta(seconds=1),
        origin="fundtrail.example/other",
    )
    start = append_group(copy, signed, [doc_event(copy, args, "ent-hongxing", recorded)], recorded)
    findings = copy.verify()
    assert pairs(findings) == [("ORIGIN_MISMATCH", start)], findings  # and no SIG_INVALID: the signature is good


def test_8_command_for_another_origin_through_the_api(copy: Copy) -> None:
    app = copy.open_app(FixedClock(LATER))
    w = copy.world
    signed = envelope(w.ent, "document.register", w.doc(w.ent, 701), "o-2", LATER, origin="fundtrail.example/other")
    refused(app, lambda: app.submit(signed), Unauthorised, "FT-ORIGIN", "envelope.origin")


# -- 9. log key ----------------------------------------------------------------------------------------

NEW_LOG_KEY = keys.from_seed("log", bytes([10]) * 32)


def test_9_groups_resealed_with_the_old_log_key_after_a_rotation(copy: Copy) -> None:
    """An insider who holds only the old log key rewrites a document after the rotation and re-seals."""
    app = copy.open_app(FixedClock(LATER))
    w = copy.world
    rotation = app.rotate_log_key(w.operator, NEW_LOG_KEY.private_key, "rot-1")
    docs = [
        app.submit(app.envelope(w.miit, "document.register", w.doc(w.miit, 800 + i), f"rot-doc-{i}")) for i in range(2)
    ]
    assert copy.verify() == []
    target = copy.row(docs[0].first_seq + 1)  # the document event (its content claim follows)
    body = json.loads(target["state"])
    body["amount_fen"] //= 10
    copy.set_state(target["originator_id"], target["originator_version"], canonical_bytes(body))
    reseal_from(copy, docs[0].first_seq + 1, LOG_KEY)
    findings = copy.verify()
    assert rotation.last_seq < docs[0].first_seq
    assert pairs(findings) == [("SEAL_INVALID", d.last_seq) for d in docs], findings
    # Through the API, a process holding only the old log key cannot append at all.
    old = copy.open_app(FixedClock(LATER + timedelta(hours=1)))
    signed = old.envelope(w.miit, "document.register", w.doc(w.miit, 810), "rot-doc-old")
    refused(old, lambda: old.submit(signed), Unauthorised, "FT-LOG-KEY", "log_key")


def test_9_log_key_rotation_injected_without_a_command(copy: Copy) -> None:
    """Profile (b): a LogKeyRotated event injected into a document group, everything re-sealed."""
    at = doc_group(3) + 1
    stream = str(ids.ledger_stream(ORIGIN))
    body = {
        "key_id": NEW_LOG_KEY.key_id,
        "public_key": NEW_LOG_KEY.public_b64,
        "previous_key_id": LOG_KEY.key_id,
        "timestamp": copy.row(at)["recorded_at"],
    }
    (injected,) = inject(
        copy, at, [NewEvent(stream, copy.next_version(stream), LOG_KEY_ROTATED, canonical_bytes(body))]
    )
    reseal_from(copy, at, LOG_KEY)
    findings = copy.verify()
    assert pairs(findings) == [("LOG_KEY_UNBACKED", injected)], findings


# -- 10. differential: whatever the ledger accepted verifies ----------------------------------------

NAMES = ("operator", "miit-zhang", "ent-hongxing", "new-a", "new-b")
# Each op names its target by index; index 0, which hypothesis draws most, is the likeliest to succeed.
DOC_TARGETS = ("ent-hongxing", "miit-zhang", "new-a", "new-b", "operator")
TARGETS: dict[str, tuple[str, ...]] = {
    "register": ("new-c", "new-d", "new-a", "new-b", "operator"),
    "grant": ("new-a", "ent-hongxing", "miit-zhang", "new-b", "operator"),
    "revoke_role": ("new-a", "ent-hongxing", "miit-zhang", "new-b", "operator"),
}
ROLES = ("inspector", "applicant", "city_miit", "ledger_admin")
ROLE_SETS = ((), ("applicant",), ("city_miit", "inspector"), ("ledger_admin",))
# Repeated names weigh the draw towards commands that can succeed.
OPS = (
    "register",
    "register",
    "grant",
    "revoke_role",
    "rotate",
    "revoke_key",
    "document",
    "document",
    "document",
    "replay",
    "log_rotate",
    "reuse_id",
    "stale",
)
ADMIN_OPS = ("register", "grant", "revoke_role", "log_rotate")
Op = tuple[str, int, int, int]


@dataclass
class Model:
    """What the test believes each actor's current key is (updated only when a command is accepted)."""

    current: dict[str, keys.ActorKey]
    seeds: int = 100
    ids: int = 0
    sent: list[SignedCommand] = field(default_factory=list)

    def fresh(self, actor: str) -> keys.ActorKey:
        self.seeds += 1
        return seed_key(actor, self.seeds)

    def key(self, actor: str) -> keys.ActorKey:
        return self.current.get(actor) or self.fresh(actor)

    def cid(self) -> str:
        self.ids += 1
        return f"h-{self.ids}"


def _signer(kind: str, a: int, target: str) -> str:
    """Mostly the actor entitled to the command (the administrator, the key's holder), else anyone."""
    if kind in ADMIN_OPS:
        return "operator" if a < 4 else NAMES[a - 4]
    if kind in ("rotate", "revoke_key"):
        return target if a < 4 else NAMES[a - 4]
    return target


def _run_op(app: FundtrailLedger, w: World, m: Model, op: Op) -> Callable[[], Any] | None:
    """The submission an op stands for (None if it has nothing to do), with the model's update."""
    kind, a, b, c = op
    target = TARGETS.get(kind, DOC_TARGETS)[b]
    signer = m.key(_signer(kind, a, target))
    if kind == "replay":
        if not m.sent:
            return None
        return lambda: app.submit(m.sent[(a * 5 + b + c) % len(m.sent)])
    if kind == "log_rotate":
        new_log = m.fresh("log")
        return lambda: app.rotate_log_key(signer, new_log.private_key, m.cid())
    on_ok: dict[str, keys.ActorKey] = {}
    if kind == "register":
        new = m.fresh(target)
        args = {
            "actor_id": target,
            "name": target,
            "organisation": ORG,
            "roles": list(ROLE_SETS[c]),
            "public_key": new.public_b64,
        }
        signed, on_ok = app.envelope(signer, "actor.register", args, m.cid()), {target: new}
    elif kind in ("grant", "revoke_role"):
        command = "role.grant" if kind == "grant" else "role.revoke"
        signed = app.envelope(signer, command, {"actor_id": target, "role": ROLES[c]}, m.cid())
    elif kind == "rotate":
        new = m.fresh(target)
        args = {"actor_id": target, "public_key": new.public_b64, "revoke_key_id": m.key(target).key_id}
        signed, on_ok = app.envelope(signer, "key.rotate", args, m.cid()), {target: new}
    elif kind == "revoke_key":
        args = {"actor_id": target, "key_id": m.key(target).key_id, "reason": "lost"}
        signed = app.envelope(signer, "key.revoke", args, m.cid())
    elif kind == "reuse_id":
        used = [s.command_id for s in m.sent if s.actor == signer.actor]
        cid = used[c % len(used)] if used else m.cid()
        signed = app.envelope(signer, "document.register", w.doc(signer, 1000 + a * 4 + c), cid)
    else:
        issued = LATER - timedelta(days=40) if kind == "stale" else None
        args = w.doc(signer, 1000 + a * 4 + c)
        signed = app.envelope(signer, "document.register", args, m.cid(), issued_at=issued)

    def submit() -> None:
        m.sent.append(signed)
        app.submit(signed)
        m.current.update(on_ok)

    return submit


OP = st.tuples(st.sampled_from(OPS), st.integers(0, 7), st.integers(0, 4), st.integers(0, 3))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(OP, min_size=1, max_size=12))
def test_10_whatever_the_ledger_accepts_verifies(new_copy: Callable[[], Copy], ops: list[Op]) -> None:
    copy = new_copy()
    try:
        app = copy.open_app(FixedClock(LATER))
        w = copy.world
        m = Model({"operator": w.operator, "miit-zhang": w.miit, "ent-hongxing": w.ent})
        prelude: list[Op] = [("register", 0, 2, 1), ("register", 0, 3, 2)]  # new-a (applicant), new-b
        for op in [*prelude, *ops]:
            submit = _run_op(app, w, m, op)
            if submit is None:
                continue
            before = app.chain.chain_head()
            try:
                submit()
            except RuleViolation:
                assert app.chain.chain_head() == before, op
            else:
                assert app.chain.chain_head()[0] > before[0], op
        findings = copy.verify()
        assert findings == [], (ops, findings)
    finally:
        copy.close()
