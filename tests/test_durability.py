"""Durability is set and checked, not left to defaults (docs/ledger-format.md §3.4), and an intact
ledger stays intact through SQLite's VACUUM (§3.1: chain rows bind events by key, not rowid)."""

from __future__ import annotations

import sqlite3
from datetime import UTC
from datetime import datetime
from typing import TYPE_CHECKING

import pytest

from domain.clock import FixedClock
from ledger.recorder import DurabilityError
from tests.helpers import build_world
from tests.helpers import open_ledger
from verify.checks import ChainVerifier
from verify.sources import open_source

if TYPE_CHECKING:
    from pathlib import Path


def test_sqlite_connections_are_wal_and_synchronous_full(tmp_path: Path) -> None:
    w = build_world(f"sqlite:///{tmp_path}/d.sqlite")
    assert w.app.chain.durability() == {"journal_mode": "wal", "synchronous": "full"}


def test_vacuum_renumbering_rowids_leaves_the_ledger_intact(tmp_path: Path) -> None:
    db = tmp_path / "v.sqlite"
    w = build_world(f"sqlite:///{db}")
    for i in range(30):
        w.app.submit(w.app.envelope(w.miit, "document.register", w.doc(w.miit, i), w.cid()))
    w.app.close()
    with sqlite3.connect(db) as conn:
        before = [r[0] for r in conn.execute("SELECT rowid FROM stored_events ORDER BY rowid")]
        # Punch holes in the rowid sequence (as deleted rows would), then VACUUM, which may renumber
        # the rowids of a table without an INTEGER PRIMARY KEY: the order stays, the numbers change.
        conn.execute("UPDATE stored_events SET rowid = rowid * 7 + 1000")
    with sqlite3.connect(db) as conn:
        conn.execute("VACUUM")
        after = [r[0] for r in conn.execute("SELECT rowid FROM stored_events ORDER BY rowid")]
    assert after != before and len(after) == len(before)
    source = open_source(f"sqlite:///{db}")
    try:
        report = ChainVerifier(source, jobs=1).run()
    finally:
        source.close()
    assert report.findings == [] and report.records == len(before)


@pytest.mark.postgres
def test_postgres_reports_synchronous_commit(pg_ledger_url: str) -> None:
    w = build_world(pg_ledger_url)
    assert w.app.chain.durability() == {"synchronous_commit": "on"}


@pytest.mark.postgres
def test_postgres_refuses_to_write_with_synchronous_commit_off(
    pg_ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = build_world(pg_ledger_url)
    head = w.app.chain.chain_head()
    w.app.close()
    # libpq applies PGOPTIONS to every new connection: the server now acknowledges commits early.
    monkeypatch.setenv("PGOPTIONS", "-c synchronous_commit=off")
    app = open_ledger(pg_ledger_url, FixedClock(datetime(2025, 3, 3, 2, tzinfo=UTC)))
    assert app.chain.durability() == {"synchronous_commit": "off"}
    with pytest.raises(DurabilityError, match="synchronous_commit is off"):
        app.submit(app.envelope(w.miit, "document.register", w.doc(w.miit, 1), "off-1"))
    assert app.chain.chain_head() == head
    # An explicit test-rig switch allows it.
    monkeypatch.setenv("FUNDTRAIL_ALLOW_ASYNC_COMMIT", "y")
    rig = open_ledger(pg_ledger_url, FixedClock(datetime(2025, 3, 3, 2, tzinfo=UTC)))
    rig.submit(rig.envelope(w.miit, "document.register", w.doc(w.miit, 1), "off-1"))
    assert rig.chain.chain_head()[0] == head[0] + 3
