"""Read models in SQL tables beside the ledger, each tracking its own position in the log.

A view owns its tables (SQLAlchemy 2.0 Core) and a row in ``ft_projection`` (view, version, seq). Catching
up applies the records after that position and moves it in the same transaction, batch by batch, so a
crash can neither skip nor apply twice. A view whose ``version`` changed is dropped and rebuilt from zero,
never migrated. Views see the log through ``ledger.store.LedgerStore`` as the write side produced it: each
record's domain event is applied to the aggregate it belongs to (the aggregate as it stood just before it,
loaded once and kept while catching up), and the view derives its rows from that aggregate. Every row
names the ``seq`` of the record it last rests on, so a flag or an export can cite it.
(The library's tracking recorders do not fit several views in one SQLite file: eventsourcing.md §2.)
"""

from __future__ import annotations

from abc import ABC
from abc import abstractmethod
from collections import OrderedDict
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar
from urllib.parse import parse_qs
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import Integer
from sqlalchemy import MetaData
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import create_engine
from sqlalchemy import select

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    from collections.abc import Sequence
    from uuid import UUID

    from sqlalchemy.engine import Connection
    from sqlalchemy.engine import Engine

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
BATCH = 500
CACHE = 20_000  # aggregates kept while catching up (loaded again from the log when evicted)


def engine_for(url: str) -> Engine:
    """An SQLAlchemy engine on the ledger's own database (``postgresql://`` through psycopg 3; the ledger's
    ``?schema=NAME`` becomes the connection's search path, so the views sit beside the ledger's tables)."""
    if not url.startswith("postgresql://"):
        return create_engine(url)
    parts = urlsplit(url)
    schema = parse_qs(parts.query).get("schema", [None])[0]
    base = urlunsplit(("postgresql+psycopg", parts.netloc, parts.path, "", ""))
    args = {"options": f"-csearch_path={schema}"} if schema else {}
    return create_engine(base, connect_args=args)


class View(ABC):
    """One read model. Subclasses declare ``name``, ``version``, their tables in ``metadata`` and ``apply``."""

    name: ClassVar[str]
    version: ClassVar[int]
    metadata: ClassVar[MetaData]

    @abstractmethod
    def apply(self, conn: Connection, record: Record, aggregate: Any) -> None:
        """Update the rows that ``aggregate`` (as it stands after ``record``) determines."""

    def tables(self) -> list[Table]:
        return list(self.metadata.sorted_tables)


class Projector:
    """Keeps ``views`` in step with the log of ``store`` in the database behind ``engine``."""

    def __init__(self, store: LedgerStore, engine: Engine, views: Sequence[View]) -> None:
        self.store = store
        self.engine = engine
        self.views = list(views)
        self._cache: OrderedDict[UUID, Any] = OrderedDict()
        TRACKING.create_all(engine)
        for view in self.views:
            view.metadata.create_all(engine)

    # -- positions -------------------------------------------------------
    def position(self, view: View) -> int:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(POSITIONS.c.version, POSITIONS.c.seq).where(POSITIONS.c.view == view.name)
            ).first()
        if row is None or row.version != view.version:
            return -1  # unknown, or built by another version of the view: rebuild
        return int(row.seq)

    def rebuild(self, view: View) -> None:
        """Drop the view's tables and set it back before the first record (``catch_up`` builds it again)."""
        with self.engine.begin() as conn:
            for table in reversed(view.tables()):
                table.drop(conn, checkfirst=True)
            for table in view.tables():
                table.create(conn)
            conn.execute(POSITIONS.delete().where(POSITIONS.c.view == view.name))
            conn.execute(POSITIONS.insert().values(view=view.name, version=view.version, seq=0))

    def catch_up(
        self,
        views: Iterable[View] | None = None,
        progress: Callable[[int], None] | None = None,
        until: int | None = None,
    ) -> int:
        """Apply every record after each view's position (up to ``until``, for an as-of view); returns how
        many records were read."""
        chosen = list(views) if views is not None else self.views
        for view in chosen:
            if self.position(view) < 0:
                self.rebuild(view)  # then caught up with the rest below
        if not chosen:
            return 0
        start = min(self.position(v) for v in chosen)
        read = 0
        batch: list[Record] = []
        for record in self.store.records(after=start, until=until):
            batch.append(record)
            if len(batch) >= BATCH:
                read += self._apply_batch(chosen, batch)
                if progress is not None:
                    progress(read)
                batch = []
        if batch:
            read += self._apply_batch(chosen, batch)
            if progress is not None:
                progress(read)
        return read

    def _apply_batch(self, views: list[View], batch: list[Record]) -> int:
        # One transaction for the rows of every view and their positions: all of the batch or none of it.
        positions = {v.name: self.position(v) for v in views}
        with self.engine.begin() as conn:
            for record in batch:
                aggregate = self._advance(record)
                for view in views:
                    if record.seq > positions[view.name]:
                        view.apply(conn, record, aggregate)
            last = batch[-1].seq
            for view in views:
                if last > positions[view.name]:
                    conn.execute(POSITIONS.update().where(POSITIONS.c.view == view.name).values(seq=last))
        return len(batch)

    def _advance(self, record: Record) -> Any:
        """The aggregate of ``record`` as it stands after it (None for a record that is no aggregate's event)."""
        if record.event is None or not hasattr(record.event, "mutate"):
            return None
        current = self._cache.pop(record.stream, None)
        if (current is None and record.version > 1) or (current is not None and current.version != record.version - 1):
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
