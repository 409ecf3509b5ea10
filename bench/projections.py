"""The projections benchmark: rebuild, catch-up under concurrent appends and as-of queries, against the
bare eventsourcing replay of the same events, on the cached benchmark ledger (bench/ledger_cache.py).

Per backend and ledger size, in interleaved rounds (median reported):

- *bare replay*: the library's notification log (``recorder.select_notifications``, 1,000 at a time, as
  its ``ApplicationSubscription`` reads) decoded by the ledger's mapper (``mapper.to_domain_event``: the
  events are stored canonically, so the ledger's transcoder is needed to read them at all) and each
  aggregate event applied with ``mutate`` to its aggregate, kept in a dict. The library's
  ``ProjectionRunner`` cannot be used: its SQLite recorder has no subscriptions. This is the least any
  event-sourced read model must do — read every event in order, decode it, advance its aggregate — so
  the comparison is strict. ``repository.get`` of every aggregate is timed beside it, for reference.
- *full rebuild*: ``Projector(store, engine, all_views()).catch_up()`` into an empty database on the
  same backend (``fundtrail projections rebuild`` does the same in the ledger's own database).
- *as-of balance query*: what ``fundtrail balances --as-of SEQ`` does, for a position at 99% of the
  ledger: the position rounded to the end of its command group; the latest stored snapshot at or before it
  (projections/snapshots.py: taken by the product's policy while the views were built from zero in a
  database of the same backend, the product's layout) checked — head hash, versions, digest — and restored
  into a scratch SQLite file (on both backends, as the command does), the records after it applied; the
  position's seal read, the balance tables read and their invariants checked. Beside it the same query
  replaying the log from the first record (``--from-zero``), the views of both compared row by row, and the
  build of the live views while taking the snapshots (against the plain rebuild: what the snapshots cost).

Catch-up: on a copy of the cached ledger, the views are first caught up in the ledger's own database
(the product's layout); then another process appends the plan's next signed commands for a fixed
window while a ``Projector`` calls ``catch_up()`` in a loop; the lag (records between the head and the
views' position) is sampled after every call.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import queue
import shutil
import statistics
import tempfile
import time
import traceback
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from typing import cast

from sqlalchemy.exc import OperationalError

from bench import ledger_cache
from bench import lifecycle
from bench.ledger_cache import Cached
from bench.ledger_cache import Skipped
from domain.clock import FixedClock
from ledger.app import FundtrailLedger
from ledger.store import LedgerStore
from projections import balances
from projections.core import Projector
from projections.core import engine_for
from projections.core import rows
from projections.snapshots import Snapshots
from projections.snapshots import as_of as views_as_of
from projections.views import all_views

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

READ_BATCH = 1000  # the bare replay's page of notifications: LedgerStore.records reads 1,000 a time too
AS_OF_AT = 0.99  # the as-of position, as a share of the ledger
FULL_SIZES = (100_000, 1_000_000)
QUICK_SIZES = (10_000,)
BUILD_BUDGET_S = 20 * 60
KEEP_PACE_S = 2.0  # the views at most this many seconds of appending behind, and at the head this soon after
REBUILD_GOAL = 2.0  # a full rebuild within 2× the bare replay
AS_OF_GOAL = 0.10  # an as-of balance query at most 10% of a full rebuild
BALANCE_TABLES = (balances.PROGRAMMES, balances.LINES, balances.SUBJECTS, balances.SCHEDULES, balances.RECEIVABLES)


def label(backend: str) -> str:
    return "PostgreSQL" if backend == "postgres" else "SQLite"


# -- measurements ------------------------------------------------------------------------------------------
def open_reader(url: str) -> FundtrailLedger:
    """The cached ledger, read only: no log key, no tables created."""
    return FundtrailLedger(url, FixedClock(lifecycle.beijing("2025-12-31")), create_tables=False)


@dataclass
class Bare:
    notifications: int
    events: int  # those applied to an aggregate (the rest are command records)
    aggregates: dict[UUID | str, Any]


def bare_replay(app: FundtrailLedger) -> Bare:
    """Every stored event in notification order through the library's recorder and the ledger's mapper,
    each aggregate event applied to its aggregate."""
    recorder, mapper = app.recorder, app.mapper
    aggregates: dict[UUID | str, Any] = {}
    start, read, applied = 1, 0, 0
    while True:
        page = recorder.select_notifications(start, READ_BATCH)
        if not page:
            break
        for notification in page:
            event = mapper.to_domain_event(notification)
            mutate = getattr(event, "mutate", None)
            if mutate is None:  # a command record: in the log, no aggregate's event
                continue
            after = mutate(aggregates.get(notification.originator_id))
            applied += 1
            if after is None:
                aggregates.pop(notification.originator_id, None)
            else:
                aggregates[notification.originator_id] = after
        read += len(page)
        start = page[-1].id + 1
    return Bare(read, applied, aggregates)


def get_every(app: FundtrailLedger, streams: list[UUID | str]) -> None:
    for stream in streams:
        app.repository.get(cast("UUID", stream))  # the recorder's type says UUID | str; it is a UUID


class ViewDb:
    """An empty database for views on ``backend``, dropped afterwards."""

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend = backend
        if backend == "postgres":
            self.name = f"ftbviews_{time.time_ns():x}"
            ledger_cache.pg_admin(f'CREATE DATABASE "{self.name}"')
            self.url = ledger_cache.pg_url(self.name)
        else:
            self.path = folder / f"views-{time.time_ns():x}.sqlite"
            self.url = f"sqlite:///{self.path}"

    def drop(self) -> None:
        if self.backend == "postgres":
            ledger_cache.pg_admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            self.path.unlink(missing_ok=True)


def full_rebuild(app: FundtrailLedger, backend: str, folder: Path) -> tuple[float, int, int]:
    """(seconds, records read, balance breaches) of every view built from zero into an empty database."""
    db = ViewDb(backend, folder)
    try:
        engine = engine_for(db.url)
        start = time.perf_counter()
        projector = Projector(LedgerStore(app), engine, all_views())
        read = projector.catch_up()
        elapsed = time.perf_counter() - start
        breaches = len(balances.check(engine))
        engine.dispose()
    finally:
        db.drop()
    return elapsed, read, breaches


def balance_query(projector: Projector, store: LedgerStore, seq: int) -> int:
    """What ``fundtrail balances`` reads once the views stand at ``seq``: the stamp, the tables, the checks."""
    store.position_at(seq)
    for table in BALANCE_TABLES:
        rows(projector.engine, table)
    return len(balances.check(projector.engine))


@dataclass
class AsOf:
    seconds: float  # the product's as-of: from the latest stored snapshot at or before the position
    seq: int
    snapshot_seq: int  # the snapshot it started from (0: none stored before the position)
    zero_seconds: float  # the same query replaying the log from the first record (--from-zero)
    same: bool  # the views from the snapshot equal the views built from zero, row by row
    snapshots: int  # snapshots stored while the live views were built
    with_snapshots_s: float  # building the live views from zero while taking those snapshots


def as_of(app: FundtrailLedger, target: int, backend: str, folder: Path) -> AsOf:
    """``fundtrail balances --as-of SEQ`` on views kept in a database of ``backend`` (as in the ledger's own),
    whose snapshots were taken by the product's policy (projections/snapshots.py) while they were built."""
    store = LedgerStore(app)
    seq = store.group_end(target)
    db = ViewDb(backend, folder)
    try:
        engine = engine_for(db.url)
        start = time.perf_counter()
        live = Projector(store, engine, all_views())
        snapshots = Snapshots(store, engine, all_views())
        live.catch_up(snapshots=snapshots)
        with_snapshots = time.perf_counter() - start
        stored = len(snapshots.usable())
        start = time.perf_counter()
        fast = views_as_of(store, engine, f"sqlite:///{folder}/as-of.sqlite", seq, all_views())
        balance_query(fast.projector, store, seq)
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        zero = views_as_of(store, engine, f"sqlite:///{folder}/zero.sqlite", seq, all_views(), from_zero=True)
        balance_query(zero.projector, store, seq)
        zero_seconds = time.perf_counter() - start
        same = not fast.rejected and all(
            rows(fast.projector.engine, table) == rows(zero.projector.engine, table)
            for view in all_views()
            for table in view.tables()
        )
        used = fast.snapshot.seq if fast.snapshot is not None else 0
        for projector in (fast.projector, zero.projector):
            projector.engine.dispose()
        engine.dispose()
    finally:
        db.drop()
        for name in ("as-of.sqlite", "zero.sqlite"):
            (folder / name).unlink(missing_ok=True)
    return AsOf(seconds, seq, used, zero_seconds, same, stored, with_snapshots)


@dataclass
class Replay:
    """One ledger size on one backend."""

    backend: str
    ledger: Cached
    rounds: int
    notifications: int = 0
    events: int = 0
    aggregates: int = 0
    read: int = 0  # records the rebuild read
    breaches: int = 0
    bare_s: list[float] = field(default_factory=list)
    get_s: list[float] = field(default_factory=list)
    rebuild_s: list[float] = field(default_factory=list)
    as_of_s: list[float] = field(default_factory=list)  # from the latest stored snapshot (the product's path)
    zero_s: list[float] = field(default_factory=list)  # the same query from the first record
    with_snapshots_s: list[float] = field(default_factory=list)  # a rebuild taking the snapshots on the way
    as_of_seq: int = 0
    snapshot_seq: int = 0
    snapshots: int = 0
    snapshot_same: bool = True

    def median(self, name: str) -> float:
        values: list[float] = getattr(self, name)
        return statistics.median(values)


def replay(ledger: Cached, rounds: int, log: Callable[[str], None]) -> Replay:
    out = Replay(ledger.backend, ledger, rounds)
    app = open_reader(ledger.url)
    folder = Path(tempfile.mkdtemp(prefix="ftb-views-"))
    try:
        warm = bare_replay(app)  # untimed: the same pages in the OS cache for every contender
        out.notifications, out.events, out.aggregates = warm.notifications, warm.events, len(warm.aggregates)
        streams = list(warm.aggregates)
        del warm
        for r in range(rounds):
            log(f"  {ledger.backend} {ledger.records:,} records, round {r + 1} of {rounds}")
            start = time.perf_counter()
            bare_replay(app)
            out.bare_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            get_every(app, streams)
            out.get_s.append(time.perf_counter() - start)
            seconds, out.read, out.breaches = full_rebuild(app, ledger.backend, folder)
            out.rebuild_s.append(seconds)
            found = as_of(app, int(ledger.records * AS_OF_AT), ledger.backend, folder)
            out.as_of_s.append(found.seconds)
            out.zero_s.append(found.zero_seconds)
            out.with_snapshots_s.append(found.with_snapshots_s)
            out.as_of_seq, out.snapshot_seq, out.snapshots = found.seq, found.snapshot_seq, found.snapshots
            out.snapshot_same = out.snapshot_same and found.same
    finally:
        app.close()
        shutil.rmtree(folder, ignore_errors=True)
    return out


# -- catch-up under concurrent appends ----------------------------------------------------------------------
def _appender(url: str, profile: ledger_cache.Profile, skip: int, counter: int, seconds: float, out: Any) -> None:
    """In its own process: the plan's next signed commands for ``seconds``."""
    try:
        writer = ledger_cache.Writer(url, counter)
        # the plan's first ``skip`` steps are generated before the window opens, not during it
        steps = ledger_cache.plan(profile)
        for _ in range(skip):
            next(steps)
        out.put(("ready", time.time()))
        start = time.time()
        done = ledger_cache.Appended(0, 0, 0, 0, 0.0)
        current = None
        for at, step in steps:
            if at != current:
                writer.at(at)
                current = at
            signed = writer.prepare(step)
            t = time.perf_counter()
            applied = writer.app.submit(signed)
            done.seconds += time.perf_counter() - t
            done.commands += 1
            done.first_seq = done.first_seq or applied.first_seq
            done.last_seq = applied.last_seq
            if time.time() - start >= seconds:
                break
        end = time.time()
        writer.close()
        out.put(("done", asdict(done), start, end))
    except BaseException:
        out.put(("error", traceback.format_exc()))
        raise


@dataclass
class Follow:
    backend: str
    base_records: int
    window_s: float
    prepare_s: float  # catching the views up in the copy's own database before the window
    alone_rate: float  # records/s of the signed path with nothing else running: the ledger's build
    appended: int = 0  # records
    commands: int = 0
    append_s: float = 0.0  # wall time of the appending process's window
    applied: int = 0  # records the views advanced during the window
    lag_end: int = 0  # records behind the last append when it was made
    lag_max: int = 0
    drain_s: float = 0.0  # from the last append until the views stood at it
    calls: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def append_rate(self) -> float:
        return self.appended / self.append_s

    @property
    def catch_up_rate(self) -> float:
        return self.applied / self.append_s

    def seconds(self, lag: int) -> float:
        """A lag in records, as seconds of appending at the measured rate."""
        return lag / self.append_rate

    @property
    def keeps_pace(self) -> bool:
        return not self.errors and self.seconds(self.lag_end) <= KEEP_PACE_S and self.drain_s <= KEEP_PACE_S


def follow(ledger: Cached, profile: ledger_cache.Profile, window_s: float, log: Callable[[str], None]) -> Follow:
    with ledger_cache.copy_of(ledger) as url:
        app = open_reader(url)
        engine = engine_for(url)
        try:
            log(f"  {ledger.backend}: views caught up in a copy of the {ledger.records:,}-record ledger")
            start = time.perf_counter()
            projector = Projector(LedgerStore(app), engine, all_views())
            projector.catch_up()
            out = Follow(ledger.backend, ledger.records, window_s, time.perf_counter() - start, ledger.build_rate)
            _follow(out, app, projector, ledger, profile, url, log)
        finally:
            app.close()
            engine.dispose()
    return out


def _position(projector: Projector) -> int:
    return min(projector.position(v) for v in projector.views)


def _follow(
    out: Follow,
    app: FundtrailLedger,
    projector: Projector,
    ledger: Cached,
    profile: ledger_cache.Profile,
    url: str,
    log: Callable[[str], None],
) -> None:
    context = multiprocessing.get_context("spawn")  # no connection or engine of this process is inherited
    messages = context.Queue()
    child = context.Process(target=_appender, args=(url, profile, ledger.steps, ledger.counter, out.window_s, messages))
    child.start()
    try:
        first = messages.get(timeout=600)
        if first[0] != "ready":
            raise RuntimeError(first[1])
        log(f"  {ledger.backend}: appending for {out.window_s:.0f} s while the views follow")
        samples: list[tuple[float, int, int]] = []  # (wall time, head, views' position)
        start_position = _position(projector)
        done = None
        while done is None:
            try:
                projector.catch_up()
            except OperationalError as e:  # e.g. SQLite's write lock held by the appender too long
                out.errors.append(str(e.orig))
                time.sleep(0.05)
            out.calls += 1
            head, position = app.chain.chain_head()[0], _position(projector)
            samples.append((time.time(), head, position))
            with contextlib.suppress(queue.Empty):
                done = messages.get_nowait()
            if position >= head:
                time.sleep(0.01)
        if done[0] != "done":
            raise RuntimeError(done[1])
        appended, t0, t1 = ledger_cache.Appended(**done[1]), done[2], done[3]
        while _position(projector) < appended.last_seq:
            projector.catch_up()
        drained = time.time()
    finally:
        child.join(timeout=60)
    out.appended = appended.last_seq - appended.first_seq + 1
    out.commands = appended.commands
    out.append_s = t1 - t0
    window = [s for s in samples if t0 <= s[0] <= t1]
    at_end = max((s for s in samples if s[0] <= t1), key=lambda s: s[0])
    out.applied = at_end[2] - start_position
    out.lag_end = appended.last_seq - at_end[2]
    out.lag_max = max((head - pos for _, head, pos in window), default=0)
    out.drain_s = max(0.0, drained - t1)


# -- the whole section ------------------------------------------------------------------------------------------
@dataclass
class Result:
    quick: bool
    replays: list[Replay]
    skipped: list[Skipped]
    follows: list[Follow]
    views: list[str]
    wall_s: float
    load: tuple[float, float]  # the machine's 1-minute load average at the start and the end


def run(
    backends: list[str],
    *,
    quick: bool,
    rounds: int = 3,
    budget_s: float = BUILD_BUDGET_S,
    sizes: tuple[int, ...] | None = None,
    window_s: float | None = None,
    cache: ledger_cache.Cache | None = None,
    profile: ledger_cache.Profile | None = None,
    log: Callable[[str], None] = print,
) -> Result:
    """Every measurement of the section, per backend, the ledgers taken from (or added to) the cache
    (quick: one round, so that the section takes about a minute once its ledgers are cached)."""
    wall, load = time.perf_counter(), os.getloadavg()[0]
    cache = cache or ledger_cache.Cache()
    profile = profile or ledger_cache.PROFILES["quick" if quick else "full"]
    rounds = 1 if quick else rounds
    sizes = sizes or (QUICK_SIZES if quick else FULL_SIZES)
    window = window_s or (5.0 if quick else 30.0)
    replays, skipped, follows = [], [], []
    for backend in backends:
        ledgers: list[Cached] = []
        for size in sizes:
            found = cache.ensure(backend, size, profile, budget_s=budget_s, log=log)
            if isinstance(found, Skipped):
                skipped.append(found)
                log(f"  {backend} {size:,}: not measured — {found.reason}")
            else:
                ledgers.append(found)
        for ledger in ledgers:
            # a rebuild at 10^6 records takes minutes: one round there, ``rounds`` below
            replays.append(replay(ledger, 1 if ledger.records > 200_000 else rounds, log))
        if ledgers:
            follows.append(follow(ledgers[0], profile, window, log))
    views = [v.name for v in all_views()]
    return Result(quick, replays, skipped, follows, views, time.perf_counter() - wall, (load, os.getloadavg()[0]))


# -- the report ---------------------------------------------------------------------------------------------------
def fmt(x: float) -> str:
    return f"{x:,.0f}"


def secs(x: float) -> str:
    return f"{x:,.2f}" if x < 10 else f"{x:,.1f}"


def runs(values: list[float]) -> str:
    return ", ".join(secs(v) for v in values)


def section(result: Result) -> list[str]:
    """The projections section of docs/benchmarks.md, every figure from ``result``."""
    sizes = sorted({r.ledger.target for r in result.replays} | {s.target for s in result.skipped})
    lines = [
        "## Projections: rebuild, catch-up and as-of queries, against the bare eventsourcing replay",
        "",
        f"{'Quick mode' if result.quick else 'Full mode'}; the section took {result.wall_s / 60:.1f} min."
        f" Views: {', '.join(result.views)} (`projections.views.all_views()`). The ledger is the Harbin"
        " lifecycle of bench/lifecycle.py driven through signed commands by bench/ledger_cache.py, one round of"
        " enterprises started per working day from 2025-03-03 and completed six working days later (approval,"
        " both tranches, a clawback case for one project in 20), so most projects are paid and the latest are in"
        f" publicity; it is built once per code version and cached. Sizes: {', '.join(f'{s:,}' for s in sizes)}"
        " records (a ledger ends on the first command reaching the size; records are the chain's: command"
        " records and domain events).",
        "",
        "*Bare replay*: eventsourcing's notification log (`recorder.select_notifications`, pages of"
        f" {READ_BATCH:,}) decoded by the ledger's mapper and every aggregate event applied with `mutate` to its"
        " aggregate, kept in a dict — the least any event-sourced read model does, so the comparison is strict"
        " (the library's `ProjectionRunner` needs subscriptions, which its SQLite recorder lacks);"
        " `repository.get` of every aggregate is timed beside it. *Full rebuild*: `Projector(...).catch_up()`"
        " of every view into an empty database on the same backend. *As-of*: what `fundtrail balances --as-of"
        f" SEQ` does for a position at {AS_OF_AT:.0%} of the ledger — every view caught up to the end of its"
        " command group in a scratch SQLite file (on both backends, as the command does), the seal read, the"
        " balance tables read and checked — starting from the latest stored snapshot at or before the position"
        " (projections/snapshots.py: taken by the product's policy while the views were built from zero in a"
        " database of the same backend; its head hash, versions and digest checked before use). *From zero*: the"
        " same query replaying the log from the first record (`--from-zero`); its views are compared row by row"
        " with those from the snapshot. *Rebuild taking snapshots*: that build of the views, snapshots included."
        " Each round runs them in turn (bare, `repository.get`, rebuild, rebuild taking snapshots, as-of, from"
        " zero); the median is reported, the"
        " runs (seconds) listed. An untimed bare replay first puts the ledger in the OS cache for every contender."
        f" Load average (1 min) at the section's start and end: {result.load[0]:.2f}, {result.load[1]:.2f}.",
        "",
    ]
    for backend in ("sqlite", "postgres"):
        mine = [r for r in result.replays if r.backend == backend]
        gone = [s for s in result.skipped if s.backend == backend]
        if not mine and not gone:
            continue
        lines += [f"### Projections on {label(backend)}", ""]
        for r in mine:
            led = r.ledger
            how = "found in the cache" if led.reused else "built in this run"
            lines.append(
                f"- {led.records:,} records ({r.notifications:,} stored events, {r.events:,} of them applied to"
                f" {r.aggregates:,} aggregates, the rest command records): {how}; its build took"
                f" {led.build_s / 60:.1f} min in the signed path ({fmt(led.build_rate)} records/s). Rebuilt views:"
                f" {r.breaches} balance invariant breaches. Snapshots stored while the views were built:"
                f" {r.snapshots}. As-of at seq {r.as_of_seq:,}, from the snapshot at seq {r.snapshot_seq:,}"
                " (0: none); its views equal to the views built from zero:"
                f" {'yes' if r.snapshot_same else '**no**'}."
            )
        for s in gone:
            lines.append(f"- {s.target:,} records: **not measured** — {s.reason}.")
        lines += [
            "",
            "| records | rounds | bare replay (s) | records/s | `repository.get` of every aggregate (s) |"
            " full rebuild (s) | records/s | rebuild ÷ bare | rebuild ÷ `repository.get` | rebuild taking snapshots (s) |"
            " as-of (s) | as-of ÷ rebuild | as-of from zero (s) | from zero ÷ rebuild |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in mine:
            bare, rebuild = r.median("bare_s"), r.median("rebuild_s")
            asof, zero = r.median("as_of_s"), r.median("zero_s")
            lines.append(
                f"| {r.ledger.records:,} | {r.rounds} | {secs(bare)} | {fmt(r.notifications / bare)} |"
                f" {secs(r.median('get_s'))} | {secs(rebuild)} | {fmt(r.read / rebuild)} | {rebuild / bare:.1f}× |"
                f" {rebuild / r.median('get_s'):.1f}× | {secs(r.median('with_snapshots_s'))} |"
                f" {secs(asof)} | {asof / rebuild:.1%} | {secs(zero)} | {zero / rebuild:.0%} |"
            )
        lines += ["", "Runs (s):", ""]
        for r in mine:
            lines.append(
                f"- {r.ledger.records:,}: bare {runs(r.bare_s)}; `repository.get` {runs(r.get_s)}; rebuild"
                f" {runs(r.rebuild_s)}; taking snapshots {runs(r.with_snapshots_s)}; as-of {runs(r.as_of_s)};"
                f" from zero {runs(r.zero_s)}"
            )
        for f in (f for f in result.follows if f.backend == backend):
            same = next((r for r in mine if r.ledger.records == f.base_records), None)
            capacity = (
                f", and a full rebuild of its views ran at {fmt(same.read / same.median('rebuild_s'))} records/s"
                if same
                else ""
            )
            lines += [
                "",
                f"Catch-up under concurrent appends, on a copy of the {f.base_records:,}-record ledger (its views"
                f" first caught up in the ledger's own database: {secs(f.prepare_s)} s). Another process submitted"
                f" the plan's next signed commands for {f.append_s:.1f} s while a `Projector` in this one called"
                f" `catch_up()` in a loop ({f.calls:,} calls) with the views in the ledger's own database. Both share"
                f" the machine's cores (and PostgreSQL's server): alone, the signed path appended"
                f" {fmt(f.alone_rate)} records/s building this ledger{capacity}.",
                "",
                "| appended: commands/s | appended: records/s | views advanced: records/s | lag at the last append |"
                " largest lag | views at the head after the last append |",
                "| ---: | ---: | ---: | ---: | ---: | ---: |",
                f"| {fmt(f.commands / f.append_s)} | {fmt(f.append_rate)} | {fmt(f.catch_up_rate)} |"
                f" {f.lag_end:,} records ({f.seconds(f.lag_end):.2f} s of appending) |"
                f" {f.lag_max:,} records ({f.seconds(f.lag_max):.2f} s) | {f.drain_s:.2f} s |",
            ]
            if f.errors:
                lines += [
                    "",
                    f"{len(f.errors)} `catch_up()` call(s) failed and were retried; the first: `{f.errors[0]}`.",
                ]
        lines.append("")
    return lines


def goals(result: Result) -> list[tuple[str, str, bool | None]]:
    """(goal, measured, met — None when not measured) for the issue's three goals."""
    out: list[tuple[str, str, bool | None]] = []
    for r in result.replays:
        name, size = label(r.backend), f"{r.ledger.records:,}"
        ratio = r.median("rebuild_s") / r.median("bare_s")
        out.append(
            (
                f"{name}: full rebuild at {size} records within {REBUILD_GOAL:.0f}× the bare replay",
                f"{ratio:.1f}×",
                ratio <= REBUILD_GOAL,
            )
        )
    for s in result.skipped:
        out.append(
            (
                f"{label(s.backend)}: full rebuild at {s.target:,} records within {REBUILD_GOAL:.0f}× the bare replay",
                "not measured (no ledger: see above)",
                None,
            )
        )
    for f in result.follows:
        out.append(
            (
                f"{label(f.backend)}: catch-up keeps pace with the signed append rate (views ≤ {KEEP_PACE_S:.0f} s"
                " of appending behind at the last append, and at the head within"
                f" {KEEP_PACE_S:.0f} s of it)",
                f"{fmt(f.catch_up_rate)} vs {fmt(f.append_rate)} records/s; {f.seconds(f.lag_end):.2f} s behind,"
                f" at the head {f.drain_s:.2f} s later" + (f"; {len(f.errors)} failed calls" if f.errors else ""),
                f.keeps_pace,
            )
        )
    for r in result.replays:
        share = r.median("as_of_s") / r.median("rebuild_s")
        out.append(
            (
                f"{label(r.backend)}: as-of balance query at {r.ledger.records:,} records ≤ {AS_OF_GOAL:.0%} of a"
                " full rebuild",
                f"{share:.1%} (from the stored snapshot at seq {r.snapshot_seq:,}; from zero:"
                f" {r.median('zero_s') / r.median('rebuild_s'):.0%})",
                share <= AS_OF_GOAL,
            )
        )
    for s in result.skipped:
        out.append(
            (
                f"{label(s.backend)}: as-of balance query at {s.target:,} records ≤ {AS_OF_GOAL:.0%} of a full rebuild",
                "not measured (no ledger: see above)",
                None,
            )
        )
    return out


def main() -> None:
    """``python -m bench.projections [--quick]``: this section alone, printed (bench/run.py writes the docs)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--sizes", type=int, nargs="*")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--window", type=float)
    parser.add_argument("--build-minutes", type=float, default=BUILD_BUDGET_S / 60)
    args = parser.parse_args()
    names = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if not ledger_cache.pg_available():
        names = [n for n in names if n != "postgres"]
    result = run(
        names,
        quick=args.quick,
        rounds=args.rounds,
        budget_s=args.build_minutes * 60,
        sizes=tuple(args.sizes) if args.sizes else None,
        window_s=args.window,
    )
    print("\n".join(section(result)))
    for goal, measured, ok in goals(result):
        print(f"{goal}: {measured} {'not measured' if ok is None else 'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
