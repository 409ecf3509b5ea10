"""Read models in SQL tables beside the ledger, each tracking its own position in the log.

A view owns its tables (SQLAlchemy 2.0 Core) and a row in ``ft_projection`` (view, version, seq). Catching
up reads the records after that position in batches of ``BATCH``; within a batch every view changes its rows
in memory (``Rows``), and at the batch's end the changed rows are written in bulk together with the views'
new positions in ONE transaction, so a crash can neither skip a record nor apply one twice. A view whose
``version`` changed is dropped and rebuilt from zero, never migrated. Views see the log through
``ledger.store.LedgerStore`` as the write side produced it: each record's domain event is applied to the
aggregate it belongs to (the aggregate as it stood just before it, loaded once and kept while catching up),
and the view derives its rows from that aggregate. Every row names the ``seq`` of the record it last rests
on, so a flag or an export can cite it.

``Rows`` knows, per table, the rows written during the catch-up. A view that starts from zero (just rebuilt:
its tables empty) knows its whole tables, so it never reads the database; a view that starts from a position
knows only what it wrote, and the parts it cannot decide in memory are left to the database in the same
statements (a row written "only if changed" keeps its ``seq`` when the stored row holds the same values; a
group of rows replaced deletes the stored rows of the group first). The result is the same as applying the
records one by one, which tests/test_projection_state_machine.py checks against a rebuild on both backends.
(The library's tracking recorders keep one position per database, not one per view, so the views share a
small `(view, seq)` table of their own: docs/decisions.md §37.)
"""

from __future__ import annotations

from abc import ABC
from abc import abstractmethod
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar
from typing import Protocol
from urllib.parse import parse_qs
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import Integer
from sqlalchemy import MetaData
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import and_
from sqlalchemy import bindparam
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import inspect
from sqlalchemy import not_
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Hashable
    from collections.abc import Iterable
    from collections.abc import Iterator
    from collections.abc import Mapping
    from collections.abc import Sequence
    from uuid import UUID

    from sqlalchemy.engine import Connection
    from sqlalchemy.engine import Engine
    from sqlalchemy.sql.elements import ColumnElement

    from ledger.store import LedgerStore
    from ledger.store import Record

TRACKING = MetaData()
POSITIONS = Table(
    "ft_projection",
    TRACKING,
    Column("view", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("seq", BigInteger, nullable=False),
)
BATCH = 5_000  # records per transaction: the rows they change are written together, with the positions
CACHE = 50_000  # aggregates kept while catching up (loaded again from the log when evicted)

Key = tuple[Any, ...]
Row = dict[str, Any]


def engine_for(url: str) -> Engine:
    """An SQLAlchemy engine on the ledger's own database (``postgresql://`` through psycopg 3; the ledger's
    ``?schema=NAME`` becomes the connection's search path, so the views sit beside the ledger's tables).

    A SQLite file is used in WAL mode (the ledger's own files are already) with ``synchronous=NORMAL`` on
    the views' connections: a power cut may lose the last batches written, never part of one — rows and
    position go together, and the log writes them again. (The ledger's connections keep ``FULL``.)"""
    if not url.startswith("postgresql://"):
        engine = create_engine(url)
        if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    parts = urlsplit(url)
    schema = parse_qs(parts.query).get("schema", [None])[0]
    base = urlunsplit(("postgresql+psycopg", parts.netloc, parts.path, "", ""))
    args = {"options": f"-csearch_path={schema}"} if schema else {}
    return create_engine(base, connect_args=args)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@dataclass(frozen=True)
class Group:
    """Some rows of one table: those ``match`` accepts, ``where()`` in SQL (asked only when stored rows the
    catch-up does not know may belong to it). Every such row falls in one of ``buckets`` of the table's index
    (``View.index``), so the rows in memory are found without a scan."""

    where: Callable[[], ColumnElement[bool]]
    match: Callable[[Row], bool]
    buckets: tuple[Hashable, ...]


class View(ABC):
    """One read model. Subclasses declare ``name``, ``version``, their tables in ``metadata`` and ``apply``;
    ``recalled``: the tables whose rows ``apply`` reads back (``Rows.replace``, ``Rows.put(only_if_changed=…)``,
    ``Rows.every``), kept in memory while catching up; ``loaded``: small tables read whole (``Rows.every``),
    loaded when a catch-up starts; ``index``: per table name, the bucket of a row for ``Rows.replace``;
    ``aggregates``: the aggregate classes ``apply`` derives rows from (it is not called for others; None:
    called for every record)."""

    name: ClassVar[str]
    version: ClassVar[int]
    metadata: ClassVar[MetaData]
    recalled: ClassVar[tuple[Table, ...]] = ()
    loaded: ClassVar[tuple[Table, ...]] = ()
    index: ClassVar[Mapping[str, Callable[[Row], Hashable]]] = {}
    aggregates: ClassVar[tuple[type, ...] | None] = None

    @abstractmethod
    def apply(self, rows: Rows, record: Record, aggregate: Any) -> None:
        """Change the rows that ``aggregate`` (as it stands after ``record``) determines."""

    def tables(self) -> list[Table]:
        return list(self.metadata.sorted_tables)


# what a catch-up writes for a key at the end of a batch
PUT, IF_CHANGED, DELETE = 1, 2, 3


class _TableRows:
    """One table's rows as a catch-up changes them (see ``Rows``)."""

    def __init__(self, table: Table, *, complete: bool, keep: bool, bucket: Callable[[Row], Hashable] | None) -> None:
        self.table = table
        self.key_names = tuple(c.name for c in table.primary_key.columns)
        self.width = len(table.columns)
        self.compared = tuple(c.name for c in table.columns if c.name != "seq")
        self.complete = complete  # the database holds no row of it that is not known here
        self.keep = keep  # rows stay known after they are written (the view reads them back)
        self.bucket = bucket
        self.known: dict[Key, Row | None] = {}  # None: known absent
        self.dirty: dict[Key, int] = {}
        self.stored: set[Key] = set()  # complete: the keys the database holds
        self.index: dict[Hashable, set[Key]] = {}
        self.wheres: list[ColumnElement[bool]] = []  # not complete: stored rows to delete before the rest

    def key(self, values: Row) -> Key:
        return tuple(values[k] for k in self.key_names)

    def _forget(self, key: Key) -> None:
        old = self.known.get(key)
        if old is not None and self.bucket is not None:
            self.index[self.bucket(old)].discard(key)

    def _set(self, key: Key, values: Row, mode: int) -> None:
        self._forget(key)
        self.known[key] = values
        self.dirty[key] = mode
        if self.bucket is not None:
            self.index.setdefault(self.bucket(values), set()).add(key)

    def put(self, values: Row, *, only_if_changed: bool) -> None:
        if len(values) != self.width:
            msg = f"{self.table.name}: a row names every column ({sorted(values)})"
            raise ValueError(msg)
        key = self.key(values)
        if only_if_changed:
            if not self.keep:
                msg = f"{self.table.name} is read back: declare it in the view's ``recalled``"
                raise ValueError(msg)
            old = self.known.get(key, self)
            if old is self and not self.complete:  # the stored row decides, when it is written
                self._set(key, values, IF_CHANGED)
                return
            if isinstance(old, dict) and all(old[c] == values[c] for c in self.compared):
                return  # unchanged: the row keeps its seq
        self._set(key, values, PUT)

    def delete(self, key: Key) -> None:
        self._forget(key)
        self.known[key] = None
        if self.complete and key not in self.stored:
            self.dirty.pop(key, None)  # never written: nothing to delete
        else:
            self.dirty[key] = DELETE

    def replace(self, group: Group, rows: Sequence[Row], *, only_if_changed: bool) -> None:
        if not self.keep or self.bucket is None:
            msg = f"{self.table.name} is read back by groups: declare it in ``recalled`` and ``index``"
            raise ValueError(msg)
        new = {self.key(r): r for r in rows}
        for r in rows:
            if self.bucket(r) not in group.buckets or not group.match(r):
                msg = f"{self.table.name}: row {self.key(r)} is not in the group it replaces"
                raise ValueError(msg)
        for bucket in group.buckets:
            for key in list(self.index.get(bucket, ())):
                if key not in new and group.match(self.known[key] or {}):
                    self.delete(key)
        if not self.complete:
            kept = [and_(*(self.table.c[n] == v for n, v in zip(self.key_names, k, strict=True))) for k in new]
            self.wheres.append(and_(group.where(), not_(or_(*kept))) if kept else group.where())
        for r in new.values():
            self.put(r, only_if_changed=only_if_changed)

    def every(self) -> Iterator[Row]:
        if not self.complete:
            msg = f"{self.table.name} is read whole: declare it in the view's ``loaded``"
            raise ValueError(msg)
        return (r for r in self.known.values() if r is not None)

    def load(self, conn: Connection) -> None:
        """Know every stored row (a small table read whole)."""
        for found in conn.execute(select(self.table)):
            row = dict(found._mapping)
            key = self.key(row)
            self._set(key, row, PUT)
            self.stored.add(key)
        self.dirty.clear()
        self.complete = True

    def flush(self, conn: Connection) -> None:
        """Write what changed: groups deleted first, then rows deleted, put, and put if changed."""
        table, dialect = self.table, conn.dialect.name
        for where in self.wheres:
            conn.execute(table.delete().where(where))
        by_mode: dict[int, list[Any]] = {PUT: [], IF_CHANGED: [], DELETE: []}
        for key, mode in self.dirty.items():
            if mode == DELETE:
                by_mode[DELETE].append({f"k_{n}": v for n, v in zip(self.key_names, key, strict=True)})
            else:
                by_mode[mode].append(self.known[key])
        if by_mode[DELETE]:
            conn.execute(_statement(table, dialect, DELETE), by_mode[DELETE])
        for mode in (PUT, IF_CHANGED):
            if by_mode[mode]:
                conn.execute(_statement(table, dialect, mode), by_mode[mode])
        if self.complete:
            for key, mode in self.dirty.items():
                if mode == DELETE:
                    self.stored.discard(key)
                else:
                    self.stored.add(key)
        if not self.keep or not self.complete:  # not read back; or stored rows may differ from what is known
            self.known.clear()
            self.index.clear()
            self.stored.clear()
        self.dirty.clear()
        self.wheres.clear()


_STATEMENTS: dict[tuple[Table, str, int], Any] = {}


def _statement(table: Table, dialect: str, mode: int) -> Any:
    """The bulk statement of ``mode`` for ``table`` (built once): an upsert keyed on the primary key; for
    IF_CHANGED one that leaves a stored row (and its seq) alone when its other columns are the same."""
    found = _STATEMENTS.get((table, dialect, mode))
    if found is not None:
        return found
    keys = list(table.primary_key.columns)
    if mode == DELETE:
        statement: Any = table.delete().where(*(c == bindparam(f"k_{c.name}") for c in keys))
    else:
        if dialect == "sqlite":
            insert: Any = sqlite.insert(table)
        elif dialect == "postgresql":
            insert = postgresql.insert(table)
        else:  # pragma: no cover - fundtrail's ledgers are on SQLite or PostgreSQL
            msg = f"views on {dialect} are not supported"
            raise NotImplementedError(msg)
        others = [c for c in table.columns if not c.primary_key]
        compared = [c for c in others if c.name != "seq"]
        where = or_(*(c.is_distinct_from(insert.excluded[c.name]) for c in compared)) if mode == IF_CHANGED else None
        if mode == IF_CHANGED and not compared:
            statement = insert.on_conflict_do_nothing(index_elements=keys)
        else:
            set_ = {c.name: insert.excluded[c.name] for c in others}
            statement = insert.on_conflict_do_update(index_elements=keys, set_=set_, where=where)
    _STATEMENTS[(table, dialect, mode)] = statement
    return statement


class Rows:
    """What one view reads and writes while catching up: its tables' rows in memory, written in bulk at the
    end of each batch (``flush``) in the transaction that moves its position."""

    def __init__(self, view: View, *, complete: bool) -> None:
        recalled = {t.name for t in (*view.recalled, *view.loaded)}
        self.tables = {
            t.name: _TableRows(t, complete=complete, keep=t.name in recalled, bucket=view.index.get(t.name))
            for t in view.tables()
        }
        self.loaded = [t.name for t in view.loaded]
        self.ready = complete  # the loaded tables are known (nothing to load in an empty view)

    def prepare(self, conn: Connection) -> None:
        if not self.ready:
            for name in self.loaded:
                self.tables[name].load(conn)
            self.ready = True

    def put(self, table: Table, values: Row, *, only_if_changed: bool = False) -> None:
        """Insert or replace a row. ``only_if_changed``: keep the row (and its ``seq``) when nothing else
        differs — for rows derived from one part of an aggregate, whose other parts change under later records."""
        self.tables[table.name].put(values, only_if_changed=only_if_changed)

    def replace(self, table: Table, group: Group, rows: Sequence[Row], *, only_if_changed: bool = False) -> None:
        """The rows of ``group`` become ``rows``: the others of the group are deleted."""
        self.tables[table.name].replace(group, rows, only_if_changed=only_if_changed)

    def every(self, table: Table) -> Iterator[Row]:
        """Every row of a table the view declares ``loaded``, as it stands now."""
        return self.tables[table.name].every()

    def flush(self, conn: Connection) -> None:
        for table in self.tables.values():
            table.flush(conn)


class Snapshotter(Protocol):
    """Stored snapshots of the views, taken while catching up (projections/snapshots.py)."""

    def due(self, position: int) -> int | None:
        """The next seq after ``position`` to take a snapshot at (None: none)."""

    def take(self, conn: Connection, seq: int) -> object:
        """Store the views as they stand at ``seq`` (every one of them), in ``conn``'s transaction."""


class Diverged(RuntimeError):
    """A view moved under a catch-up (another projector rebuilt it): catch up again."""


class Projector:
    """Keeps ``views`` in step with the log of ``store`` in the database behind ``engine``."""

    def __init__(self, store: LedgerStore, engine: Engine, views: Sequence[View]) -> None:
        self.store = store
        self.engine = engine
        self.views = list(views)
        self._cache: OrderedDict[UUID, Any] = OrderedDict()
        self._wanted: dict[tuple[type, type], bool] = {}  # (view, class of aggregate): does the view use it
        self._fresh: set[str] = set()  # tables this projector created and nothing wrote yet
        with engine.begin() as conn:
            existing = set(inspect(conn).get_table_names())
            for table in [POSITIONS, *(t for v in self.views for t in v.tables())]:
                if table.name not in existing:
                    table.create(conn)
                    existing.add(table.name)
                    self._fresh.add(table.name)

    # -- positions -------------------------------------------------------
    def position(self, view: View) -> int:
        with self.engine.connect() as conn:
            return self._positions(conn, [view])[view.name]

    @staticmethod
    def _positions(conn: Connection, views: Iterable[View]) -> dict[str, int]:
        """Each view's position (-1: unknown, or built by another version of the view: rebuild)."""
        chosen = {v.name: v for v in views}
        found = conn.execute(
            select(POSITIONS.c.view, POSITIONS.c.version, POSITIONS.c.seq).where(POSITIONS.c.view.in_(list(chosen)))
        )
        out = dict.fromkeys(chosen, -1)
        for name, version, seq in found:
            if version == chosen[name].version:
                out[name] = int(seq)
        return out

    def rebuild(self, view: View) -> None:
        """Drop the view's tables and set it back before the first record (``catch_up`` builds it again)."""
        with self.engine.begin() as conn:
            self._reset(conn, view)

    def _reset(self, conn: Connection, view: View) -> None:
        names = {t.name for t in view.tables()}
        if not names <= self._fresh:  # (tables this projector just created are empty and of this version)
            for table in reversed(view.tables()):
                table.drop(conn, checkfirst=True)
            for table in view.tables():
                table.create(conn)
        self._fresh -= names
        conn.execute(POSITIONS.delete().where(POSITIONS.c.view == view.name))
        conn.execute(POSITIONS.insert().values(view=view.name, version=view.version, seq=0))

    def catch_up(
        self,
        views: Iterable[View] | None = None,
        progress: Callable[[int], None] | None = None,
        until: int | None = None,
        snapshots: Snapshotter | None = None,
    ) -> int:
        """Apply every record after each view's position (up to ``until``, for an as-of view); returns how
        many records were read. ``snapshots``: a batch ends at each seq it says is ``due``, and once every view
        stands there it ``take``s a snapshot in that batch's transaction."""
        chosen = list(views) if views is not None else self.views
        if not chosen:
            return 0
        with self.engine.begin() as conn:
            positions = self._positions(conn, chosen)
            reset = [v for v in chosen if positions[v.name] < 0]
            for view in reset:
                self._reset(conn, view)  # then caught up with the rest below
                positions[view.name] = 0
            state = {v.name: Rows(v, complete=v in reset or self._empty(conn, v, positions[v.name])) for v in chosen}
        self._fresh -= {t.name for v in chosen for t in v.tables()}
        start = min(positions.values())
        point = snapshots.due(start) if snapshots is not None else None
        read = 0
        batch: list[Record] = []
        for record in self.store.records(after=start, until=until, batch=BATCH):
            batch.append(record)
            if len(batch) >= BATCH or record.seq == point:
                at = snapshots if record.seq == point else None
                read += self._apply_batch(chosen, batch, positions, state, at)
                if progress is not None:
                    progress(read)
                batch = []
                if snapshots is not None and record.seq == point:
                    point = snapshots.due(record.seq)
        if batch:
            read += self._apply_batch(chosen, batch, positions, state, None)
            if progress is not None:
                progress(read)
        return read

    @staticmethod
    def _empty(conn: Connection, view: View, position: int) -> bool:
        """A view before its first record with empty tables: everything it will hold is written from here."""
        if position != 0:
            return False
        return all(conn.execute(select(t).limit(1)).first() is None for t in view.tables())

    def _apply_batch(
        self,
        views: list[View],
        batch: list[Record],
        positions: dict[str, int],
        state: dict[str, Rows],
        snapshots: Snapshotter | None,
    ) -> int:
        # One transaction for the rows of every view and their positions: all of the batch or none of it.
        last = batch[-1].seq
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # as SQLite's synchronous=NORMAL (see engine_for)
                conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            stored = self._positions(conn, views)
            for view in views:
                if stored[view.name] != positions[view.name]:
                    if stored[view.name] < 0:
                        msg = f"view {view.name} was dropped or rebuilt by another version while catching up"
                        raise Diverged(msg)
                    # another projector moved it: what this one knows of its rows may be stale
                    positions[view.name] = stored[view.name]
                    state[view.name] = Rows(view, complete=False)
                state[view.name].prepare(conn)
            active = [(v, state[v.name], positions[v.name]) for v in views]
            wanted = self._wanted
            for record in batch:
                aggregate = self._advance(record)
                kind = type(aggregate)
                for view, rows_of, position in active:
                    use = wanted.get((type(view), kind))
                    if use is None:
                        use = wanted[(type(view), kind)] = view.aggregates is None or issubclass(kind, view.aggregates)
                    if use and record.seq > position:
                        view.apply(rows_of, record, aggregate)
            moved = [v.name for v in views if last > positions[v.name]]
            for name in moved:
                state[name].flush(conn)
            if moved:
                conn.execute(POSITIONS.update().where(POSITIONS.c.view.in_(moved)).values(seq=last))
            if snapshots is not None and all(positions[v.name] <= last for v in views):
                snapshots.take(conn, last)
        for name in moved:
            positions[name] = last
        return len(batch)

    def _advance(self, record: Record) -> Any:
        """The aggregate of ``record`` as it stands after it (None for a record that is no aggregate's event)."""
        if record.event is None or not hasattr(record.event, "mutate"):
            return None
        current = self._cache.pop(record.stream, None)
        if record.version <= 1:
            current = None  # the stream's first event (a projector rebuilt may hold a later state of it)
        elif current is None or current.version != record.version - 1:
            current = self.store.app.repository.get(record.stream, version=record.version - 1)
        after = record.event.mutate(current)
        if after is not None:
            self._cache[record.stream] = after
            if len(self._cache) > CACHE:
                self._cache.popitem(last=False)
        return after


def rows(engine: Engine, table: Table) -> list[dict[str, Any]]:
    """Every row of ``table`` in primary-key order (to compare a rebuilt view with the live one)."""
    key = list(table.primary_key.columns)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table).order_by(*key))]
