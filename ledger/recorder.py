"""Chained application recorders: thin subclasses of the library's own (docs/decisions.md §12).

The chain link and the Merkle nodes are written in the insert transaction,
after the lock that already serialises inserts and makes notification ids
gap-free on SQLite: SQLite's single writer (the first statement is the INSERT,
so the write lock is held before the head is read) and PostgreSQL's
``LOCK TABLE … IN EXCLUSIVE MODE`` (the head is read in
``insert_events`` after ``_insert_stored_events`` took the lock). Reading the
head before that lock forks the chain under concurrent writers
(docs/decisions.md §25). PostgreSQL notification ids may have gaps, so the chain
keeps its own gapless ``seq``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import IntegrityError
from eventsourcing.persistence import InterfaceError
from eventsourcing.persistence import OperationalError
from eventsourcing.persistence import PersistenceError
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import retry

from ledger.chain import CHAIN_COLUMNS
from ledger.chain import GENESIS_HASH_KWARG
from ledger.chain import GUARDS_KWARG
from ledger.chain import Guard
from ledger.chain import Head
from ledger.chain import StaleReadError
from ledger.chain import empty_head
from ledger.chain import link
from ledger.chain import meta_from
from ledger.chain import node_from_row
from ledger.hashing import HashFn
from ledger.hashing import hash_function
from ledger.merkle import CompactRange
from ledger.merkle import NodeKey
from ledger.merkle import frontier_keys
from ledger.merkle import row_of

if TYPE_CHECKING:
    from collections.abc import Iterator
    from collections.abc import Sequence

    from eventsourcing.persistence import StoredEvent
    from eventsourcing.postgres import PostgresDatastore
    from eventsourcing.sqlite import SQLiteDatastore


_UNREAD: Any = object()


@dataclass
class Prefetched:
    """Reads made in the same pipeline round trip as the insert, after the table lock."""

    head: Any
    guards: list[Any]
    command: Any


NODE_CACHE_SIZE = 200_000  # tree nodes kept in memory for proofs (about 10 MB)


class CommandAlreadyApplied(IntegrityError):
    """This actor's command id is in the ledger with the same command hash; rolled back."""

    def __init__(self, seq: int) -> None:
        self.seq = seq
        super().__init__(f"already applied at seq {seq}")


class CommandIdConflict(IntegrityError):
    """This actor's command id is in the ledger with a different command hash; rolled back."""

    def __init__(self, seq: int) -> None:
        self.seq = seq
        super().__init__(f"the command id was used by another command of the same actor at seq {seq}")


class ChainStore:
    """SQL shared by both backends; subclasses say how tables are named and typed."""

    p = "?"  # parameter placeholder
    # SQLite statements fail alone (the transaction goes on), so a stale cached head can be
    # detected by the insert itself; PostgreSQL aborts the transaction, so it reads the head.
    optimistic_head = False
    # Benchmarks switch the tree off to measure its share of the append time; never in production.
    tree_enabled = True
    blob = "BLOB"
    bigint = "INTEGER"
    events_table: str
    chain_table: str
    commands_table: str
    meta_table: str
    event_key: str  # the events table's notification id column
    event_join: str  # joins a chain row c to its event e by the event's primary key

    def _init_chain(self, events_table: str, qualify: Any) -> None:
        self.events_table = qualify(events_table)
        self.chain_table = qualify(f"{events_table}_chain")
        self.commands_table = qualify(f"{events_table}_commands")
        self.meta_table = qualify(f"{events_table}_meta")
        self.chain_index = f"{events_table}_chain_event"
        self.chain_table_bare = self.chain_table
        self._head: Head | None = None
        self._hash: HashFn | None = None
        self.head_sql = f"SELECT seq, hash, recorded_at FROM {self.chain_table} ORDER BY seq DESC LIMIT 1"
        self.command_sql = (
            f"SELECT seq, command_hash FROM {self.commands_table} WHERE actor_id = {self.p} AND command_id = {self.p}"
        )
        self.hash_algorithm = ""
        self.last_appended: tuple[int, int] = (0, 0)
        self._pending_head: Head | None = None  # set in the transaction, kept only once it commits
        self._pending_range: tuple[int, int] = (0, 0)
        self._node_cache: dict[NodeKey, bytes] = {}
        self.stale_heads = 0

    def chain_ddl(self) -> list[str]:
        b, i = self.blob, self.bigint
        return [
            f"CREATE TABLE IF NOT EXISTS {self.chain_table} ("
            f"seq {i} PRIMARY KEY, "
            "originator_id TEXT NOT NULL, originator_version INTEGER NOT NULL, "
            "topic TEXT NOT NULL, recorded_at TEXT NOT NULL, actor_id TEXT NOT NULL, "
            f"key_id {b} NOT NULL, command_hash {b} NOT NULL, signature {b} NOT NULL, "
            f"prev_hash {b} NOT NULL, hash {b} NOT NULL, nodes {b} NOT NULL, seal {b} NOT NULL)",
            # A chain row binds its event by the event's own primary key (stream, version), never
            # by a notification id that VACUUM may renumber (docs/ledger-format.md §3).
            f"CREATE UNIQUE INDEX IF NOT EXISTS {self.chain_index} ON {self.chain_table_bare} "
            "(originator_id, originator_version)",
            f"CREATE TABLE IF NOT EXISTS {self.commands_table} (actor_id TEXT NOT NULL, command_id TEXT NOT NULL, "
            f"command_hash {b} NOT NULL, seq {i} NOT NULL, PRIMARY KEY (actor_id, command_id))",
            f"CREATE TABLE IF NOT EXISTS {self.meta_table} (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ]

    # -- inside the insert transaction ---------------------------------------
    def _hash_fn(self, c: Any, genesis: str | None) -> HashFn:
        if self._hash is None:
            c.execute(f"SELECT value FROM {self.meta_table} WHERE name = 'hash_algorithm'")
            row = c.fetchone()
            if row is not None:
                self.hash_algorithm = row["value"]
            else:
                self.hash_algorithm = genesis or "sha256"
                c.execute(
                    f"INSERT INTO {self.meta_table} (name, value) VALUES ({self.p}, {self.p})",
                    ("hash_algorithm", self.hash_algorithm),
                )
            self._hash = hash_function(self.hash_algorithm)
        return self._hash

    def _read_head(self, c: Any, h: HashFn, row: Any = _UNREAD) -> Head:
        if row is _UNREAD:
            c.execute(self.head_sql)
            row = c.fetchone()
        if row is None:
            return empty_head(h)
        seq, digest, recorded_at = int(row["seq"]), bytes(row["hash"]), str(row["recorded_at"])
        cached = self._head
        if cached is not None and cached.seq == seq and cached.hash == digest:
            return Head(seq, digest, cached.tree.copy(), recorded_at)
        keys = frontier_keys(seq)
        nodes = self._fetch_nodes(c, h, keys)
        return Head(seq, digest, CompactRange(h, seq, [nodes[k] for k in keys]), recorded_at)

    def _fetch_nodes(self, c: Any, h: HashFn, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        if not keys:
            return {}
        seqs = sorted({row_of(k) for k in keys})
        marks = ", ".join([self.p] * len(seqs))
        c.execute(f"SELECT seq, hash, nodes FROM {self.chain_table} WHERE seq IN ({marks})", seqs)
        rows = {int(r["seq"]): (bytes(r["hash"]), bytes(r["nodes"])) for r in c.fetchall()}
        out: dict[NodeKey, bytes] = {}
        for key in keys:
            row = rows.get(row_of(key))
            if row is None:
                msg = f"tree node {key} is missing: chain row seq {row_of(key)} not found"
                raise LookupError(msg)
            out[key] = node_from_row(h, key[0], *row)
        return out

    def _guard_sql(self) -> str:
        return f"SELECT MAX(originator_version) AS v FROM {self.events_table} WHERE originator_id = {self.p}"

    def _check_guards(
        self, c: Any, guards: Sequence[Guard], stored_events: Sequence[StoredEvent], rows: Sequence[Any] | None = None
    ) -> None:
        for i, guard in enumerate(guards):
            added = sum(1 for e in stored_events if e.originator_id == guard.stream)
            if rows is None:
                c.execute(self._guard_sql(), (self._id_param(guard.stream),))
                row = c.fetchone()
            else:
                row = rows[i]
            current = int(row["v"]) if row is not None and row["v"] is not None else 0
            if current > guard.version + added:
                msg = (
                    f"stream {guard.stream} moved from version {guard.version} to "
                    f"{current - added} while the command was checked"
                )
                raise StaleReadError(msg)

    def _id_param(self, stream: UUID) -> Any:
        return stream

    def _append_chain(
        self,
        c: Any,
        stored_events: Sequence[StoredEvent],
        kwargs: dict[str, Any],
        pre: Prefetched | None = None,
    ) -> None:
        """Link the inserted events; ``pre`` holds reads already made under the lock (PostgreSQL)."""
        self._check_guards(c, kwargs.get(GUARDS_KWARG, ()), stored_events, pre.guards if pre else None)
        h = self._hash_fn(c, kwargs.get(GENESIS_HASH_KWARG))
        meta = meta_from(kwargs)
        if meta.command_id:
            if pre is None:
                c.execute(self.command_sql, (meta.actor_id, meta.command_id))
                applied = c.fetchone()
            else:
                applied = pre.command
            if applied is not None:
                # A command id belongs to its actor: the same signed command again is skipped,
                # another command under a used id is refused (docs/ledger-format.md §5.4).
                if bytes(applied["command_hash"]) == meta.command_hash:
                    raise CommandAlreadyApplied(int(applied["seq"]))
                raise CommandIdConflict(int(applied["seq"]))
        cached = self._head
        if self.optimistic_head and cached is not None:
            # Under the write lock, a head cached from this process's last append is
            # current unless another process appended since; then seq cached+1 exists and
            # the insert fails on the primary key (seqs are gapless and never reused), so
            # we read the head and link again. Saves a query per append on SQLite.
            head = Head(cached.seq, cached.hash, cached.tree.copy(), cached.recorded_at)
            rows = link(h, head, stored_events, meta, tree=self.tree_enabled)
            try:
                self._insert_chain_rows(c, rows)
            except (sqlite3.IntegrityError, IntegrityError):
                self.stale_heads += 1  # another process appended since our last append
                head = self._read_head(c, h)
                rows = link(h, head, stored_events, meta, tree=self.tree_enabled)
                self._insert_chain_rows(c, rows)
        else:
            head = self._read_head(c, h, pre.head if pre else _UNREAD)
            rows = link(h, head, stored_events, meta, tree=self.tree_enabled)
            self._insert_chain_rows(c, rows)
        if meta.command_id:
            c.execute(
                f"INSERT INTO {self.commands_table} (actor_id, command_id, command_hash, seq) "
                f"VALUES ({self.p}, {self.p}, {self.p}, {self.p})",
                (meta.actor_id, meta.command_id, meta.command_hash, rows[0][0]),
            )
        self._pending_head = head
        self._pending_range = (rows[0][0], rows[-1][0])

    def _insert_chain_rows(self, c: Any, rows: list[tuple[Any, ...]]) -> None:
        insert = f"INSERT INTO {self.chain_table} ({CHAIN_COLUMNS}) VALUES ({', '.join([self.p] * 13)})"
        if len(rows) == 1:
            c.execute(insert, rows[0])
        else:
            c.executemany(insert, rows)

    def _commit_head(self) -> None:
        self._head = self._pending_head
        self.last_appended = self._pending_range

    # -- reads ----------------------------------------------------------------
    def _reader(self) -> Any:
        raise NotImplementedError

    def chain_size(self) -> int:
        with self._reader() as c:
            c.execute(f"SELECT MAX(seq) AS n FROM {self.chain_table}")
            row = c.fetchone()
            return int(row["n"]) if row is not None and row["n"] is not None else 0

    def chain_head(self) -> tuple[int, bytes]:
        with self._reader() as c:
            c.execute(f"SELECT seq, hash FROM {self.chain_table} ORDER BY seq DESC LIMIT 1")
            row = c.fetchone()
            if row is None:
                return 0, b""
            return int(row["seq"]), bytes(row["hash"])

    def existing_streams(self, streams: Sequence[UUID]) -> set[UUID]:
        """Which of ``streams`` hold at least one event: one query for a whole batch."""
        if not streams:
            return set()
        marks = ", ".join([self.p] * len(streams))
        with self._reader() as c:
            c.execute(
                f"SELECT DISTINCT originator_id FROM {self.events_table} WHERE originator_id IN ({marks})",
                [self._id_param(s) for s in streams],
            )
            return {UUID(str(r["originator_id"])) for r in c.fetchall()}

    def meta(self) -> dict[str, str]:
        with self._reader() as c:
            c.execute(f"SELECT name, value FROM {self.meta_table}")
            return {r["name"]: r["value"] for r in c.fetchall()}

    def command_seq(self, actor_id: str, command_id: str) -> tuple[int, bytes] | None:
        """Where this actor's command id was applied, and the hash of the command applied there."""
        with self._reader() as c:
            c.execute(self.command_sql, (actor_id, command_id))
            row = c.fetchone()
            return None if row is None else (int(row["seq"]), bytes(row["command_hash"]))

    def fetch_nodes(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        """Stored tree nodes by (level, index). A node never changes once its subtree is full,
        so nodes read once are kept (bounded): the upper levels serve every later proof."""
        cache = self._node_cache
        found: dict[NodeKey, bytes] = {}
        missing: list[NodeKey] = []
        for key in keys:
            node = cache.get(key)
            if node is None:
                missing.append(key)
            else:
                found[key] = node
        if missing:
            with self._single_read() as c:
                if self._hash is None:
                    self._hash = hash_function(self._algorithm(c))
                read = self._fetch_nodes(c, self._hash, missing)
            if len(cache) + len(read) > NODE_CACHE_SIZE:
                cache.clear()
            cache.update(read)
            found.update(read)
        return found

    def _algorithm(self, c: Any) -> str:
        c.execute(f"SELECT value FROM {self.meta_table} WHERE name = 'hash_algorithm'")
        row = c.fetchone()
        return "sha256" if row is None else str(row["value"])

    def records(
        self,
        start: int = 1,
        stop: int | None = None,
        *,
        streams: Sequence[str] = (),
        topics: Sequence[str] = (),
        batch: int = 1000,
    ) -> Iterator[dict[str, Any]]:
        """Chain rows joined with their stored state, in seq order, batch by batch."""
        pos = start
        while True:
            where = [f"c.seq >= {self.p}"]
            params: list[Any] = [pos]
            if stop is not None:
                where.append(f"c.seq <= {self.p}")
                params.append(stop)
            if streams:
                where.append(f"c.originator_id IN ({', '.join([self.p] * len(streams))})")
                params.extend(streams)
            if topics:
                where.append(f"c.topic IN ({', '.join([self.p] * len(topics))})")
                params.extend(topics)
            params.append(batch)
            sql = (
                f"SELECT c.*, e.state AS state, e.{self.event_key} AS notification_id, e.topic AS event_topic "
                f"FROM {self.chain_table} c LEFT JOIN {self.events_table} e ON {self.event_join} "
                f"WHERE {' AND '.join(where)} ORDER BY c.seq LIMIT {self.p}"
            )
            with self._reader() as c:
                c.execute(sql, params)
                rows = [dict(r) for r in c.fetchall()]
            for row in rows:
                row["state"] = None if row["state"] is None else bytes(row["state"])
                for name in ("key_id", "command_hash", "signature", "prev_hash", "hash", "nodes", "seal"):
                    row[name] = bytes(row[name])
                yield row
            if len(rows) < batch:
                return
            pos = int(rows[-1]["seq"]) + 1

    def head_seal(self) -> tuple[int, bytes, str] | None:
        """The newest sealed size, its seal and the record time: the checkpoint the log key signed last."""
        with self._reader() as c:
            c.execute(
                f"SELECT seq, seal, recorded_at FROM {self.chain_table} ORDER BY seq DESC LIMIT 1",
            )
            row = c.fetchone()
            if row is None:
                return None
            return int(row["seq"]), bytes(row["seal"]), str(row["recorded_at"])

    def group_bounds(self, seq: int) -> tuple[int, int] | None:
        """First and last seq of the command group holding ``seq``: groups end at seals (§5.3)."""
        with self._reader() as c:
            c.execute(f"SELECT MAX(seq) AS s FROM {self.chain_table} WHERE seq < {self.p} AND length(seal) > 0", (seq,))
            row = c.fetchone()
            start = (int(row["s"]) if row is not None and row["s"] is not None else 0) + 1
            c.execute(
                f"SELECT MIN(seq) AS e FROM {self.chain_table} WHERE seq >= {self.p} AND length(seal) > 0", (seq,)
            )
            row = c.fetchone()
            if row is None or row["e"] is None:
                return None
            return start, int(row["e"])

    def stream_version_before(self, stream: UUID, seq: int) -> int:
        """The version ``stream`` had reached before record ``seq`` (0: not yet begun)."""
        with self._reader() as c:
            c.execute(
                f"SELECT MAX(originator_version) AS v FROM {self.chain_table} "
                f"WHERE originator_id = {self.p} AND seq < {self.p}",
                (str(stream), seq),
            )
            row = c.fetchone()
            return int(row["v"]) if row is not None and row["v"] is not None else 0

    def seal_at(self, size: int) -> bytes:
        """The seal stored with record ``size`` (empty inside a group)."""
        with self._reader() as c:
            c.execute(f"SELECT seal FROM {self.chain_table} WHERE seq = {self.p}", (size,))
            row = c.fetchone()
            return b"" if row is None else bytes(row["seal"])

    def _writer(self) -> Any:
        raise NotImplementedError

    def _single_read(self) -> Any:
        """A cursor for one read statement (a statement is its own snapshot)."""
        return self._reader()


class ChainedSQLiteApplicationRecorder(ChainStore, SQLiteApplicationRecorder):
    """The library's SQLite recorder, with the chain written under SQLite's write lock."""

    optimistic_head = True
    event_key = "rowid"
    # The library stores a stream id as 32 hex digits; the chain as canonical UUID text (§3).
    event_join = "e.originator_id = replace(c.originator_id, '-', '') AND e.originator_version = c.originator_version"

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events") -> None:
        self._init_chain(events_table_name, lambda name: name)
        _durable_connections(datastore)
        super().__init__(datastore, events_table_name)

    def durability(self) -> dict[str, str]:
        """The journal and sync modes in force on a connection of this recorder."""
        with self.datastore.transaction(commit=False) as c:
            c.execute("PRAGMA journal_mode")
            journal = str(c.fetchone()[0])
            c.execute("PRAGMA synchronous")
            sync = int(c.fetchone()[0])
        return {"journal_mode": journal.lower(), "synchronous": {0: "off", 1: "normal", 2: "full", 3: "extra"}[sync]}

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *self.chain_ddl()]

    def _id_param(self, stream: UUID) -> Any:
        return stream.hex

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        try:
            ids = super().insert_events(stored_events, **kwargs)
        except Exception:
            self._head = None
            raise
        self._commit_head()
        return ids

    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        # The INSERT of super() takes SQLite's write lock; only then is the head read.
        ids = super()._insert_events(c, stored_events, **kwargs)
        if stored_events:
            self._append_chain(c, stored_events, kwargs)
        return ids

    def _reader(self) -> Any:
        return self.datastore.transaction(commit=False)

    def _writer(self) -> Any:
        return self.datastore.transaction(commit=True)

    @contextlib.contextmanager
    def _single_read(self) -> Iterator[Any]:
        # Skips the library's BEGIN/ROLLBACK around a lone SELECT: proofs read O(log n)
        # nodes in one statement and are latency-bound.
        with self.datastore.get_connection(commit=False) as conn:
            cursor = conn.cursor()
            try:
                yield cursor
            finally:
                cursor.sqlite_cursor.close()


def _durable_connections(datastore: SQLiteDatastore) -> None:
    """Every connection the library opens runs in WAL mode with synchronous=FULL, set here rather
    than left to compile-time defaults: a commit that returned is on disk (docs/ledger-format.md §3)."""
    pool = datastore.pool
    if getattr(pool, "_fundtrail_durable", False):
        return
    create = pool._create_connection

    def durable() -> Any:
        conn = create()
        raw = conn._sqlite_conn
        if not pool.is_sqlite_memory_mode:
            raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        return conn

    pool._create_connection = durable  # type: ignore[method-assign]
    pool._fundtrail_durable = True  # type: ignore[attr-defined]


class DurabilityError(PersistenceError):
    """The database would acknowledge commits it may lose; the ledger refuses to write (not retried)."""


class ChainedPostgresApplicationRecorder(ChainStore, PostgresApplicationRecorder):
    """The library's PostgreSQL recorder, with the chain written under its table lock."""

    p = "%s"
    blob = "BYTEA"
    bigint = "BIGINT"
    event_key = "notification_id"
    event_join = "e.originator_id = c.originator_id::uuid AND e.originator_version = c.originator_version"
    # Set FUNDTRAIL_ALLOW_ASYNC_COMMIT=y to write although synchronous_commit is off (a test rig).
    allow_async_commit = False

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        schema = datastore.schema

        def qualify(name: str) -> str:
            return f'"{schema}"."{name}"'

        self._init_chain(events_table_name, qualify)
        self.chain_table_bare = self.chain_table
        self.chain_index = f"{events_table_name}_chain_event"
        self._durability_checked = False
        self.allow_async_commit = os.environ.get("FUNDTRAIL_ALLOW_ASYNC_COMMIT", "") == "y"
        super().__init__(datastore, events_table_name=events_table_name)
        for statement in self.chain_ddl():
            self.sql_create_statements.append(psycopg.sql.SQL(statement))  # type: ignore[arg-type]

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)  # as the library's own
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        # As the library's insert_events, plus the chain. An error anywhere rolls
        # the whole transaction back (the library's version commits what it
        # can after swallowing a Python-level error inside the pipeline).
        if self.datastore.enable_db_functions:
            msg = "POSTGRES_ENABLE_DB_FUNCTIONS bypasses the table lock and the chain; leave it off"
            raise IntegrityError(msg)
        if not self._durability_checked:
            self._check_durability()
        exc: Exception | None = None
        ids: Sequence[int] | None = None
        with self.datastore.get_connection() as conn:
            with conn.pipeline() as pipeline, conn.transaction():
                if stored_events:
                    with conn.cursor() as curs:
                        try:
                            self._insert_stored_events(curs, stored_events, **kwargs)
                            # Queued behind LOCK TABLE and the INSERT in the same round trip:
                            # the head, the guarded streams and the command id, read under the lock.
                            guards = kwargs.get(GUARDS_KWARG, ())
                            meta = meta_from(kwargs)
                            queries: list[tuple[str, tuple[Any, ...]]] = [(self.head_sql, ())]
                            queries += [(self._guard_sql(), (g.stream,)) for g in guards]
                            if meta.command_id:
                                queries.append((self.command_sql, (meta.actor_id, meta.command_id)))
                            reads = [conn.cursor() for _ in queries]
                            for cursor, (sql, params) in zip(reads, queries, strict=True):
                                cursor.execute(sql, params)
                            pipeline.sync()
                            ids = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
                            assert ids is not None
                            results = [cursor.fetchone() for cursor in reads]
                            for cursor in reads:
                                cursor.close()
                            pre = Prefetched(
                                head=results[0],
                                guards=results[1 : 1 + len(guards)],
                                command=results[1 + len(guards)] if meta.command_id else None,
                            )
                            # No sync after the chain INSERT: COMMIT reports any error, and an
                            # error there rolls the whole transaction back.
                            self._append_chain(curs, stored_events, kwargs, pre)
                        except Exception as e:
                            exc = e
                    if exc is not None:
                        raise psycopg.Rollback
            if exc is not None:
                self._head = None
                raise exc
        self._commit_head()
        return ids

    def _reader(self) -> Any:
        return self.datastore.transaction(commit=False)

    def _writer(self) -> Any:
        return self.datastore.transaction(commit=True)

    def durability(self) -> dict[str, str]:
        with self._reader() as c:
            c.execute("SHOW synchronous_commit")
            row = c.fetchone()
        return {"synchronous_commit": str(row["synchronous_commit"])}

    def _check_durability(self) -> None:
        """Refuse to write when the server may lose acknowledged commits (docs/ledger-format.md §3)."""
        if self.durability()["synchronous_commit"] == "off" and not self.allow_async_commit:
            msg = (
                "PostgreSQL synchronous_commit is off: a commit could be acknowledged and then lost. "
                "Turn it on, or set FUNDTRAIL_ALLOW_ASYNC_COMMIT=y for a test rig"
            )
            raise DurabilityError(msg)
        self._durability_checked = True

    _UNNEST_TYPES = (
        "bigint",
        "text",
        "integer",
        "text",
        "text",
        "text",
        "bytea",
        "bytea",
        "bytea",
        "bytea",
        "bytea",
        "bytea",
        "bytea",
    )

    def _insert_chain_rows(self, c: Any, rows: list[tuple[Any, ...]]) -> None:
        if len(rows) == 1:
            # Byte columns go in binary (%b): no escaping of hashes and signatures as text.
            marks = ", ".join("%b" if t == "bytea" else "%s" for t in self._UNNEST_TYPES)
            c.execute(f"INSERT INTO {self.chain_table} ({CHAIN_COLUMNS}) VALUES ({marks})", rows[0])
            return
        # One statement for a batch, as the library inserts events: a row per array element.
        arrays = [list(column) for column in zip(*rows, strict=True)]
        unnest = ", ".join(f"%b::{t}[]" for t in self._UNNEST_TYPES)  # binary: no per-byte escaping
        c.execute(f"INSERT INTO {self.chain_table} ({CHAIN_COLUMNS}) SELECT * FROM unnest({unnest})", arrays)
