"""The benchmark ledger: the Harbin lifecycle through signed commands, built once and cached.

One deterministic plan (bench/lifecycle.py's commands and signed side) grows the ledger working day by
working day from 2025-03-03: each day starts a *round* of enterprises (registration, commitment, credit
check, intake, assessments, contract, invoice, voucher, claim, verified investment, proposal, one
publicity list per group) and completes the round started six working days before (its 5 working days
of publicity over: completion, 市政府 approval, both tranches ordered and settled, one clawback case in
20). So a prefix of the plan is a realistic ledger — most projects paid, the latest ones still in
publicity — and a ledger of 10^6 records is its 10^5 prefix grown further.

A ledger of ``N`` records is the plan's shortest prefix that ends on a command holding at least ``N``
records (a command's group commits whole). It is cached per backend under a key of the code that
writes the ledger (every ``.py`` of ``domain/`` and ``ledger/``, bench/lifecycle.py, this file's
``PLAN_VERSION``, eventsourcing's and chinesecalendar's versions), the profile and ``N``: SQLite as a file in the cache
folder (``FUNDTRAIL_BENCH_CACHE``, default ``~/.cache/fundtrail-bench``), PostgreSQL as a database
``ftb_<key>_<profile>_<N>`` on the benchmark server. A bigger ledger is grown from a copy of the
biggest smaller one. Entries of another key are dropped when a new one is built. Nothing here ever
writes to a cached ledger once built: benchmarks read it, or write to a copy (``copy_of``).

For other benchmarks (the audit's): ``ensure(backend, records)`` returns the cached ledger (building it
if needed), ``copy_of(cached)`` a writable copy, ``Writer`` appends the plan's next commands to a copy.
``python -m bench.ledger_cache --backend sqlite --records 100000`` builds one and prints where it is.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
import uuid
from dataclasses import asdict
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

import psycopg

from bench import lifecycle
from domain.clock import FixedClock
from domain.publicity.calendar import WorkingCalendar
from ledger import keys
from ledger.app import FundtrailLedger

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterator
    from datetime import datetime

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("FUNDTRAIL_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
FIRST_DAY = date(2025, 3, 3)  # bench/lifecycle.py SETUP_DAY: the programme, policy and batch are set up then
LAST_DAY = date(2025, 12, 31)  # the Harbin measures end; the working-day calendar knows no later year
LAG = 6  # a list started on working day k is cleared on day k + 6 (5 working days, the start not counted)
SOURCES = ("domain", "ledger")
# Bump when ``plan`` (or anything else here that decides what the ledger holds) changes: this file's own
# text is not hashed, so that an edit elsewhere in it keeps the cached ledgers (a 10^6 build takes ~20 min).
PLAN_VERSION = 1


@dataclass(frozen=True)
class Profile:
    """How fast the plan grows: enterprises started per working day, enterprises per publicity list."""

    name: str
    per_day: int
    group: int


# quick: small rounds, so that a ledger of 10^4 records already holds paid projects and a clawback;
# full: 300 a day, so that 10^6 records are reached well inside the batch's intake window (to 06-30).
PROFILES = {"quick": Profile("quick", 20, 20), "full": Profile("full", 300, 100)}


@dataclass(frozen=True)
class Cached:
    """One cached ledger."""

    backend: str  # "sqlite" | "postgres"
    profile: str
    key: str
    target: int  # the N asked for
    url: str
    records: int  # its chain size (≥ target, by less than one command's group)
    steps: int  # plan steps applied (commands, setup included)
    counter: int  # the signed side's command-id counter after the last command
    build_s: float  # time in the signed path to build it, its prefixes included
    reused: bool = False  # found in the cache by this run

    @property
    def build_rate(self) -> float:
        return self.records / self.build_s if self.build_s else float("nan")


@dataclass(frozen=True)
class Skipped:
    """A ledger not built: building it would take longer than the budget."""

    backend: str
    target: int
    reason: str


# -- the plan ------------------------------------------------------------------------------------------
def working_days() -> list[date]:
    calendar = WorkingCalendar()  # the domain's own calendar (调休 included), as the publicity counts
    out, day = [], FIRST_DAY
    while day <= LAST_DAY:
        if calendar.is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def _intake_to() -> date:
    opened = next(s for s in lifecycle.setup_steps(1) if s.command == "batch.open")
    return date.fromisoformat(opened.args["intake_to"])


def plan_enterprises(profile: Profile) -> int:
    """Every enterprise the plan can start: one round per working day inside the batch's intake window."""
    last = _intake_to()
    return profile.per_day * sum(1 for d in working_days() if d <= last)


def plan(profile: Profile) -> Iterator[tuple[datetime, lifecycle.Step]]:
    """Every step of the plan, with the ledger time it runs at, in order (time never goes back)."""
    setup_at = lifecycle.beijing(lifecycle.SETUP_DAY, 9)
    for step in lifecycle.setup_steps(plan_enterprises(profile)):
        yield setup_at, step
    days, last_intake = working_days(), _intake_to()

    def phases(k: int) -> list[lifecycle.Phase]:
        members = range(k * profile.per_day, (k + 1) * profile.per_day)
        span = (days[k].isoformat(), days[k + LAG].isoformat())
        return lifecycle.lifecycle(members, profile.group, span, f"R{k}-")

    for k, day in enumerate(days):
        at = lifecycle.beijing(day.isoformat())
        if k >= LAG and days[k - LAG] <= last_intake:
            for step in phases(k - LAG)[1].steps:  # the round of six working days ago: approval, payment
                yield at, step
        if day <= last_intake and k + LAG < len(days):
            for step in phases(k)[0].steps:  # a new round: up to the proposal and its publicity list
                yield at, step


# -- the signed side ---------------------------------------------------------------------------------------
class _At:
    """bench/lifecycle.py ``Store`` for one given URL."""

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.url = url

    def env(self, recorder_topic: str | None) -> tuple[dict[str, str], str]:
        del recorder_topic
        return {}, self.url


class Writer(lifecycle.FundtrailSide):
    """bench/lifecycle.py's signed side on a ledger the plan has already begun (the same seeded keys; the
    command-id counter goes on from where the last writer left it, so no id is used twice)."""

    def __init__(self, url: str, counter: int) -> None:  # the ledger exists: no initialise, no actors
        self.url = url
        self.clock = FixedClock(lifecycle.beijing(lifecycle.SETUP_DAY, 9), tick=timedelta(0))
        log = keys.from_seed("log", bytes([9]) * 32)
        self.app = FundtrailLedger(url, self.clock, log_key=log.private_key, create_tables=False)
        self.keys: dict[str, keys.ActorKey] = {}
        for actor_id in ("operator", *(a[0] for a in lifecycle.ACTORS)):
            self._key(actor_id)
        self.counter = counter


def new_writer(backend: str, url: str) -> lifecycle.FundtrailSide:
    """A new ledger at ``url``: initialised, the lifecycle's actors registered (bench/lifecycle.py)."""
    return lifecycle.FundtrailSide(_At(backend, url))


@dataclass
class Appended:
    steps: int
    commands: int
    first_seq: int
    last_seq: int
    seconds: float  # in submit, the client's signing excluded (as in bench/lifecycle.py)


def append(
    writer: lifecycle.FundtrailSide,
    profile: Profile,
    skip: int,
    *,
    until_records: int | None = None,
    until_s: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> Appended:
    """Submit the plan's steps after the first ``skip``, signed by the client before the clock starts,
    until the chain holds ``until_records`` or ``until_s`` seconds have passed (wall time)."""
    done = Appended(0, 0, 0, 0, 0.0)
    current: datetime | None = None
    wall = time.perf_counter()
    for at, step in itertools.islice(plan(profile), skip, None):
        if at != current:
            writer.at(at)
            current = at
        signed = writer.prepare(step)
        start = time.perf_counter()
        applied = writer.app.submit(signed)
        done.seconds += time.perf_counter() - start
        done.steps += 1
        done.commands += 1
        done.first_seq = done.first_seq or applied.first_seq
        done.last_seq = applied.last_seq
        if progress is not None and done.steps % 2000 == 0:
            progress(done.last_seq)
        if until_records is not None and applied.last_seq >= until_records:
            return done
        if until_s is not None and time.perf_counter() - wall >= until_s:
            return done
    if until_records is not None:
        msg = f"the plan ends at {done.last_seq:,} records, before {until_records:,}: give the profile more per day"
        raise RuntimeError(msg)
    return done


# -- where ledgers are kept ---------------------------------------------------------------------------------
def cache_dir() -> Path:
    path = Path(os.environ.get("FUNDTRAIL_BENCH_CACHE", Path.home() / ".cache" / "fundtrail-bench"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def code_key() -> str:
    """A digest of the code that decides what the ledger holds, byte for byte."""
    h = hashlib.sha256()
    files = [p for d in SOURCES for p in sorted((ROOT / d).rglob("*.py"))]
    files.append(ROOT / "bench" / "lifecycle.py")
    for path in files:
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(f"plan {PLAN_VERSION}\0".encode())
    for package in ("eventsourcing", "chinesecalendar"):
        h.update(f"{package}=={version(package)}\0".encode())
    return h.hexdigest()[:12]


def pg_url(dbname: str) -> str:
    parts = urlsplit(PG_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", "", ""))


def pg_admin(sql: str, *, attempts: int = 20) -> None:
    """One statement on the admin database (CREATE/DROP/ALTER DATABASE), retried while a database that
    is copied or renamed still has a session closing."""
    for attempt in range(attempts):
        try:
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(sql)
            return
        except psycopg.errors.ObjectInUse:
            if attempt == attempts - 1:
                raise
            time.sleep(0.25)


def pg_databases(prefix: str) -> list[str]:
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        found = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "%",)).fetchall()
    return [str(r[0]) for r in found]


def pg_available() -> bool:
    try:
        with psycopg.connect(PG_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error:
        return False
    return True


class Cache:
    """The cached ledgers of one key."""

    def __init__(self, key: str | None = None, folder: Path | None = None) -> None:
        self.key = key or code_key()
        self.folder = folder or cache_dir()

    def _name(self, backend: str, profile: str, target: int) -> str:
        return f"ftb_{self.key}_{profile}_{target}" if backend == "postgres" else f"ftb-{self.key}-{profile}-{target}"

    def _meta(self, backend: str, profile: str, target: int) -> Path:
        return self.folder / f"{self._name(backend, profile, target)}.{backend}.json"

    def _sqlite(self, name: str) -> Path:
        return self.folder / f"{name}.sqlite"

    def _url(self, backend: str, name: str) -> str:
        return pg_url(name) if backend == "postgres" else f"sqlite:///{self._sqlite(name)}"

    def entries(self, backend: str, profile: str) -> list[Cached]:
        """Every complete ledger of this key, backend and profile, smallest first."""
        out = []
        for path in self.folder.glob(f"ftb*{self.key}*.{backend}.json"):
            meta = Cached(**json.loads(path.read_text()))
            if meta.profile != profile or meta.key != self.key:
                continue
            name = self._name(backend, profile, meta.target)
            there = name in pg_databases(name) if backend == "postgres" else self._sqlite(name).exists()
            if there:
                out.append(meta)
        return sorted(out, key=lambda m: m.target)

    def prune(self, backend: str) -> None:
        """Drop the ledgers of other keys (and half-built ones of this key): the cache keeps one code version."""
        if backend == "postgres":
            for name in pg_databases("ftb_"):
                if not re.fullmatch(r"ftb_[0-9a-f]{12}_\w+", name):
                    continue  # not a cache entry
                if not name.startswith(f"ftb_{self.key}_") or name.endswith("_building"):
                    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            for path in self.folder.glob("ftb-*.sqlite*"):
                if not path.name.startswith(f"ftb-{self.key}-") or ".building" in path.name:
                    path.unlink(missing_ok=True)
        for meta in self.folder.glob(f"ftb*.{backend}.json"):
            if self.key not in meta.name:
                meta.unlink()

    def ensure(
        self,
        backend: str,
        target: int,
        profile: Profile,
        *,
        budget_s: float | None = None,
        log: Callable[[str], None] = print,
    ) -> Cached | Skipped:
        """The cached ledger of ``target`` records, built (from the biggest smaller one) if missing — unless
        its build, estimated at the rate the smaller one was built, would take longer than ``budget_s`` (without
        a smaller one to estimate from, it is built)."""
        known = self.entries(backend, profile.name)
        for meta in known:
            if meta.target == target:
                return Cached(**{**asdict(meta), "reused": True})
        self.prune(backend)
        base = max((m for m in known if m.target < target), key=lambda m: m.target, default=None)
        if budget_s is not None and base is not None:
            estimate = (target - base.records) / base.build_rate
            if estimate > budget_s:
                return Skipped(
                    backend,
                    target,
                    f"building it through signed commands at the {base.build_rate:,.0f} records/s measured for"
                    f" the {base.records:,}-record ledger would take about {estimate / 60:.0f} min, over the"
                    f" run's budget of {budget_s / 60:.0f} min for a ledger build",
                )
        name = self._name(backend, profile.name, target)
        building = f"{name}_building" if backend == "postgres" else f"{name}.building"
        url = self._url(backend, building)
        if backend == "postgres":
            pg_admin(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        else:
            for leftover in self.folder.glob(f"{building}.sqlite*"):
                leftover.unlink()
        if base is not None:
            copy_ledger(backend, base.url, url)
            writer: lifecycle.FundtrailSide = Writer(url, base.counter)
            steps, before_s = base.steps, base.build_s
        else:
            if backend == "postgres":
                pg_admin(f'CREATE DATABASE "{building}"')
            writer = new_writer(backend, url)
            steps, before_s = 0, 0.0
        start = time.perf_counter()
        last = [start, base.records if base else 0]

        def progress(seq: int) -> None:
            now = time.perf_counter()
            if now - last[0] >= 60:
                rate = (seq - last[1]) / (now - last[0])
                log(f"  {backend} ledger: {seq:,} of {target:,} records, {rate:,.0f} records/s")
                last[0], last[1] = now, seq

        log(f"building the {backend} benchmark ledger of {target:,} records ({profile.name} plan, key {self.key})")
        try:
            done = append(writer, profile, steps, until_records=target, progress=progress)
            counter = writer.counter
        finally:
            writer.close()
        wall = time.perf_counter() - start
        log(f"  built in {wall / 60:.1f} min ({done.last_seq:,} records)")
        meta = Cached(
            backend=backend,
            profile=profile.name,
            key=self.key,
            target=target,
            url=self._url(backend, name),
            records=done.last_seq,
            steps=steps + done.steps,
            counter=counter,
            build_s=before_s + done.seconds,
        )
        if backend == "postgres":
            # a database of that name without its record in this folder (another cache folder's) is replaced
            pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            pg_admin(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        else:
            _checkpoint(self._sqlite(building))
            os.replace(self._sqlite(building), self._sqlite(name))
        self._meta(backend, profile.name, target).write_text(json.dumps(asdict(meta), indent=1))
        return meta


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the file, so that the file alone is the ledger (it is renamed and copied)."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")  # the WAL mode is set again by whoever opens it
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_ledger(backend: str, source_url: str, target_url: str) -> None:
    """A byte-for-byte copy of a ledger: SQLite's online backup, or a PostgreSQL database from a template."""
    if backend == "postgres":
        source, target = (urlsplit(u).path.lstrip("/") for u in (source_url, target_url))
        pg_admin(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
        return
    source = source_url.removeprefix("sqlite:///")
    with (
        contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        contextlib.closing(sqlite3.connect(target_url.removeprefix("sqlite:///"))) as dst,
    ):
        src.backup(dst)


@contextlib.contextmanager
def copy_of(cached: Cached) -> Iterator[str]:
    """A writable copy of a cached ledger, removed afterwards: its URL."""
    if cached.backend == "postgres":
        name = f"ftbcopy_{uuid.uuid4().hex[:12]}"
        url = pg_url(name)
        copy_ledger("postgres", cached.url, url)
        try:
            yield url
        finally:
            pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    folder = Path(tempfile.mkdtemp(prefix="ftb-copy-"))
    url = f"sqlite:///{folder / 'ledger.sqlite'}"
    try:
        copy_ledger("sqlite", cached.url, url)
        yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def ensure(backend: str, records: int, *, quick: bool = False, budget_s: float | None = None) -> Cached | Skipped:
    return Cache().ensure(backend, records, PROFILES["quick" if quick else "full"], budget_s=budget_s)


def main() -> None:
    parser = argparse.ArgumentParser(description="Build (or find) the cached benchmark ledger and print its URL.")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="the quick plan (small rounds)")
    args = parser.parse_args()
    found = ensure(args.backend, args.records, quick=args.quick)
    print(json.dumps(asdict(found), indent=1))


if __name__ == "__main__":
    main()
