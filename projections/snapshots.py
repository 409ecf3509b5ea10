"""Stored snapshots of the views, for as-of queries (issue 9): the views as they stood at a ``seq``, kept
beside them in the same database, so that ``fundtrail balances --as-of`` replays only the records after
the latest snapshot at or before the position instead of the whole log.

A snapshot is a copy of every row of every view (``ft_snap_<table>``: the view's columns and
``snapshot_seq``) and a row of ``ft_snapshot`` naming it: its ``seq``, the chain's head hash at that seq,
the views and versions it holds, how many rows and a SHA-256 digest over them (table by table, in key
order). Catching up takes one at each point of a fixed grid (every ``min_gap`` records at first, then every
1/``share`` of the position) that the views pass; at most ``keep`` are kept, thinned where they lie closest
(never the newest), so that they stay spread about evenly over the log: an as-of query replays at most about
2/``keep`` of the log after the snapshot it starts from, and 1/``share`` near the head.

Snapshots are never trusted blindly. Before one is used, its head hash is compared with the ledger's at
its seq (a snapshot of another ledger, or of a log since replaced, is refused), its views' versions with
the views', and its rows, as read to restore them, against its digest and count: a snapshot that fails is
set aside (named on stderr) and the next older one, or the log from zero, is used instead. A digest kept
beside the rows cannot stop someone able to rewrite both; ``deep_check`` (``fundtrail projections check``)
therefore rebuilds the views from the log to each snapshot's seq and compares them row by row, as it does
the live tables, and names every row that differs. ``--from-zero`` builds an as-of view without them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import MetaData
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import Text
from sqlalchemy import insert
from sqlalchemy import inspect
from sqlalchemy import select

from projections.core import POSITIONS
from projections.core import Projector
from projections.core import engine_for

if TYPE_CHECKING:
    from collections.abc import Iterator
    from collections.abc import Sequence

    from sqlalchemy.engine import Connection
    from sqlalchemy.engine import Engine

    from ledger.store import LedgerStore
    from projections.core import View

META = MetaData()
SNAPSHOTS = Table(
    "ft_snapshot",
    META,
    Column("seq", BigInteger, primary_key=True),
    Column("head_hash", String(64), nullable=False),
    Column("views", Text, nullable=False),  # JSON: {view: version}
    Column("rows", BigInteger, nullable=False),
    Column("digest", String(64), nullable=False),  # SHA-256 over the rows, table by table in key order
)
MIN_GAP = 500  # records between snapshots at least
SHARE = 50  # and at least 1/50 of the position (2%): as-of replays at most that much of the log
KEEP = 24  # snapshots kept (thinned where they lie closest)


def copy_of(table: Table) -> Table:
    """The table holding ``table``'s rows in every snapshot."""
    name = "ft_snap_" + table.name.removeprefix("ft_")
    found = META.tables.get(name)
    if found is not None:
        return found
    columns = [Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable) for c in table.columns]
    return Table(name, META, Column("snapshot_seq", BigInteger, primary_key=True), *columns)


def grid(min_gap: int = MIN_GAP, share: int = SHARE) -> Iterator[int]:
    """The positions snapshots are taken at: every ``min_gap`` records, then every 1/``share`` of the position."""
    point = min_gap
    while True:
        yield point
        point += max(min_gap, point // share)


@dataclass(frozen=True)
class Snapshot:
    seq: int
    head_hash: str
    views: dict[str, int]
    rows: int
    digest: str


class Rejected(ValueError):
    """A snapshot that failed a check before use (its head hash, versions, digest or row count)."""


def _line(name: str, row: dict[str, Any], columns: Sequence[str]) -> bytes:
    values = [name, *(row[c] for c in columns)]
    return json.dumps(values, default=str, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


class Snapshots:
    """The snapshots of ``views`` stored in the database behind ``engine`` (``create``: make their tables)."""

    def __init__(
        self,
        store: LedgerStore,
        engine: Engine,
        views: Sequence[View],
        *,
        min_gap: int = MIN_GAP,
        share: int = SHARE,
        keep: int = KEEP,
        create: bool = True,
    ) -> None:
        self.store = store
        self.engine = engine
        self.views = list(views)
        self.min_gap, self.share, self.keep = min_gap, share, keep
        self.tables = sorted((t for v in self.views for t in v.tables()), key=lambda t: t.name)
        self.copies = {t.name: copy_of(t) for t in self.tables}
        self.versions = {v.name: v.version for v in self.views}
        if create:
            with engine.begin() as conn:
                existing = set(inspect(conn).get_table_names())
                for table in [SNAPSHOTS, *self.copies.values()]:
                    if table.name not in existing:
                        table.create(conn)

    def stored(self) -> bool:
        """Whether this database holds snapshot tables at all."""
        with self.engine.connect() as conn:
            existing = set(inspect(conn).get_table_names())
        return SNAPSHOTS.name in existing and all(c.name in existing for c in self.copies.values())

    # -- listing ----------------------------------------------------------------------------------------------
    def listing(self, conn: Connection | None = None) -> list[Snapshot]:
        """Every stored snapshot, oldest first (of these views or not)."""
        if conn is None:
            with self.engine.connect() as c:
                return self.listing(c)
        found = conn.execute(select(SNAPSHOTS).order_by(SNAPSHOTS.c.seq))
        return [Snapshot(int(r.seq), r.head_hash, json.loads(r.views), int(r.rows), r.digest) for r in found]

    def usable(self, conn: Connection | None = None) -> list[Snapshot]:
        """The snapshots of exactly these views at their current versions, oldest first."""
        return [s for s in self.listing(conn) if s.views == self.versions]

    # -- taking (projections.core.Snapshotter) ----------------------------------------------------------------
    def due(self, position: int) -> int | None:
        latest = max((s.seq for s in self.usable()), default=0)
        return next(p for p in grid(self.min_gap, self.share) if p > max(position, latest))

    def take(self, conn: Connection, seq: int) -> Snapshot:
        """Copy every row of the views, which stand at ``seq``, into a snapshot named by ``seq`` and the head hash."""
        conn.execute(SNAPSHOTS.delete().where(SNAPSHOTS.c.seq == seq))
        for copy in self.copies.values():
            conn.execute(copy.delete().where(copy.c.snapshot_seq == seq))
        digest, count = hashlib.sha256(), 0
        for table in self.tables:
            columns = [c.name for c in table.columns]
            found = [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
            for row in found:
                digest.update(_line(table.name, row, columns))
            if found:
                conn.execute(insert(self.copies[table.name]), [{"snapshot_seq": seq, **row} for row in found])
            count += len(found)
        head = self.store.position_at(seq).head_hash
        made = Snapshot(seq, head, dict(self.versions), count, digest.hexdigest())
        conn.execute(
            SNAPSHOTS.insert().values(
                seq=seq, head_hash=head, views=json.dumps(made.views, sort_keys=True), rows=count, digest=made.digest
            )
        )
        self.prune(conn)
        return made

    def prune(self, conn: Connection) -> None:
        """Drop the snapshots of older versions of these views, then thin the rest to ``keep``."""
        mine = []
        for s in self.listing(conn):
            if any(s.views.get(name, version) != version for name, version in self.versions.items()):
                self._drop(conn, s.seq)
            elif s.views == self.versions:
                mine.append(s.seq)
        while len(mine) > self.keep:
            # drop the one whose neighbours lie closest (never the newest): the gap it leaves is the smallest
            gaps = [(mine[i + 1] - (mine[i - 1] if i else 0), mine[i], i) for i in range(len(mine) - 1)]
            _, seq, i = min(gaps)
            self._drop(conn, seq)
            del mine[i]

    def _drop(self, conn: Connection, seq: int) -> None:
        conn.execute(SNAPSHOTS.delete().where(SNAPSHOTS.c.seq == seq))
        for copy in self.copies.values():
            conn.execute(copy.delete().where(copy.c.snapshot_seq == seq))

    # -- reading and checking ---------------------------------------------------------------------------------
    def rows(self, conn: Connection, snapshot: Snapshot, table: Table) -> list[dict[str, Any]]:
        """The rows of ``table`` in ``snapshot``, in key order (without ``snapshot_seq``)."""
        copy = self.copies[table.name]
        found = conn.execute(
            select(*(copy.c[c.name] for c in table.columns))
            .where(copy.c.snapshot_seq == snapshot.seq)
            .order_by(*(copy.c[c.name] for c in table.primary_key.columns))
        )
        return [dict(r._mapping) for r in found]

    def problems(self, snapshot: Snapshot, rows: dict[str, list[dict[str, Any]]] | None = None) -> list[str]:
        """What is wrong with ``snapshot`` short of a rebuild: its head hash against the ledger's at its seq,
        its views' versions, its rows (``rows``, or read now) against its count and digest."""
        out = []
        at = self.store.position_at(snapshot.seq) if snapshot.seq <= self.store.position().seq else None
        if at is None or at.head_hash != snapshot.head_hash:
            found = "no record" if at is None else at.head_hash
            out.append(f"head hash {snapshot.head_hash}, the ledger's at seq {snapshot.seq}: {found}")
        if snapshot.views != self.versions:
            out.append(f"views {snapshot.views}, these are {self.versions}")
        if rows is None:
            with self.engine.connect() as conn:
                rows = {t.name: self.rows(conn, snapshot, t) for t in self.tables}
        digest, count = hashlib.sha256(), 0
        for table in self.tables:
            columns = [c.name for c in table.columns]
            for row in rows[table.name]:
                digest.update(_line(table.name, row, columns))
            count += len(rows[table.name])
        if count != snapshot.rows or digest.hexdigest() != snapshot.digest:
            out.append(
                f"rows {count} with digest {digest.hexdigest()}, recorded {snapshot.rows} with {snapshot.digest}"
            )
        return out

    def restore(self, snapshot: Snapshot, target: Projector) -> None:
        """Write ``snapshot`` into ``target``'s empty views and set their positions to its seq, once it passes
        ``problems`` (``Rejected`` otherwise: nothing is written)."""
        with self.engine.connect() as conn:
            rows = {t.name: self.rows(conn, snapshot, t) for t in self.tables}
        found = self.problems(snapshot, rows)
        if found:
            raise Rejected("; ".join(found))
        with target.engine.begin() as conn:
            for table in self.tables:
                if rows[table.name]:
                    conn.execute(insert(table), rows[table.name])
            names = list(self.versions)
            conn.execute(POSITIONS.delete().where(POSITIONS.c.view.in_(names)))
            conn.execute(
                insert(POSITIONS),
                [{"view": n, "version": v, "seq": snapshot.seq} for n, v in self.versions.items()],
            )


@dataclass
class AsOf:
    """Views caught up to ``seq`` in a scratch database, from ``snapshot`` (None: from the first record)."""

    projector: Projector
    seq: int
    snapshot: Snapshot | None
    rejected: list[tuple[Snapshot, str]] = field(default_factory=list)


def as_of(
    store: LedgerStore, live: Engine, scratch_url: str, seq: int, views: Sequence[View], *, from_zero: bool = False
) -> AsOf:
    """``views`` as the log stood at ``seq`` (a group's end), built in ``scratch_url`` (an empty database):
    from the latest usable snapshot at or before ``seq`` stored beside the live views in ``live``, then the
    records after it (``from_zero``: from the first record)."""
    projector = Projector(store, engine_for(scratch_url), views)
    out = AsOf(projector, seq, None)
    snapshots = Snapshots(store, live, views, create=False)
    if not from_zero and snapshots.stored():
        for snapshot in reversed([s for s in snapshots.usable() if s.seq <= seq]):
            try:
                snapshots.restore(snapshot, projector)
            except Rejected as e:
                out.rejected.append((snapshot, str(e)))
                continue
            out.snapshot = snapshot
            break
    projector.catch_up(until=seq)
    return out
