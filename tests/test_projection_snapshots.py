"""Stored snapshots of the views (issue 9: as-of queries) and the batched catch-up, on SQLite and PostgreSQL.

An as-of view started from a stored snapshot equals the one replayed from the first record, at every
position tried; a snapshot is named by its seq and the chain's head hash there, and is never used blindly: an
edited row (its digest no longer matching) or a snapshot of another ledger is set aside and the answer stays
right, and ``fundtrail projections check`` rebuilds the views to each snapshot's seq and names the row that
differs — even one whose digest was rewritten to match. Snapshots are thinned to ``keep``. A batch is written
whole or not at all: a view failing half way through leaves every view's rows and position as they were.
"""

from __future__ import annotations

import hashlib
import json
from itertools import takewhile
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar

import pytest
from click.testing import CliRunner
from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import MetaData
from sqlalchemy import Table
from sqlalchemy import select
from sqlalchemy import update

from fundtrail.cli import main as fundtrail
from ledger.store import LedgerStore
from projections.balances import SCHEDULES
from projections.balances import TABLES
from projections.balances import Balances
from projections.core import Projector
from projections.core import View
from projections.core import engine_for
from projections.core import rows
from projections.snapshots import SNAPSHOTS
from projections.snapshots import Snapshots
from projections.snapshots import as_of
from projections.snapshots import copy_of
from projections.snapshots import grid
from projections.views import all_views
from tests.test_projections import lifecycle

if TYPE_CHECKING:
    from pathlib import Path

    from ledger.store import Record
    from projections.core import Rows
    from tests.ledger_world import LedgerWorld


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/snapshots.sqlite"
    return str(request.getfixturevalue("pg_ledger_url"))


def built(url: str, min_gap: int = 40) -> tuple[LedgerWorld, Projector, Snapshots]:
    """The lifecycle ledger of tests/test_projections.py with every view, then caught up again from zero in the
    ledger's database taking a snapshot every ``min_gap`` records."""
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), all_views())
    w = lifecycle(url, live)
    for view in live.views:
        live.rebuild(view)
    snapshots = Snapshots(live.store, live.engine, live.views, min_gap=min_gap, keep=100)
    live.catch_up(snapshots=snapshots)
    return w, live, snapshots


def every_row(projector: Projector) -> dict[str, list[dict[str, Any]]]:
    return {t.name: rows(projector.engine, t) for v in projector.views for t in v.tables()}


def test_as_of_from_a_snapshot_equals_as_of_from_the_first_record(url: str, tmp_path: Path) -> None:
    w, live, snapshots = built(url)
    head = w.app.chain.chain_size()
    taken = snapshots.usable()
    assert [s.seq for s in taken] == list(takewhile(lambda p: p <= head, grid(40)))
    for s in taken:  # each named by its seq and the chain's head hash there
        assert s.head_hash == live.store.position_at(s.seq).head_hash
    assert taken[-1].rows > 0
    store = live.store
    for i, target in enumerate(sorted({store.group_end(p) for p in (41, head // 2, head - 3, head)})):
        fast = as_of(store, live.engine, f"sqlite:///{tmp_path}/fast{i}.sqlite", target, all_views())
        slow = as_of(store, live.engine, f"sqlite:///{tmp_path}/slow{i}.sqlite", target, all_views(), from_zero=True)
        assert fast.snapshot is not None and fast.snapshot.seq <= target and fast.rejected == []
        assert slow.snapshot is None
        assert every_row(fast.projector) == every_row(slow.projector), target
        assert [fast.projector.position(v) for v in fast.projector.views] == [target] * len(all_views())
        fast.projector.engine.dispose()
        slow.projector.engine.dispose()


def test_an_edited_snapshot_is_set_aside_and_the_check_names_its_row(url: str, tmp_path: Path) -> None:
    w, live, snapshots = built(url)
    store, head = live.store, w.app.chain.chain_size()
    latest = snapshots.usable()[-1]
    copy = copy_of(SCHEDULES)
    with live.engine.begin() as conn:  # someone edits a row of the latest snapshot
        conn.execute(update(copy).where(copy.c.snapshot_seq == latest.seq).values(paid_fen=1))
    truth = as_of(store, live.engine, f"sqlite:///{tmp_path}/zero.sqlite", head, all_views(), from_zero=True)
    found = as_of(store, live.engine, f"sqlite:///{tmp_path}/asof.sqlite", head, all_views())
    assert [(s.seq, "digest" in why) for s, why in found.rejected] == [(latest.seq, True)]
    assert found.snapshot is not None and found.snapshot.seq < latest.seq  # the one before it, checked
    assert every_row(found.projector) == every_row(truth.projector)
    # the CLI says so, and its answer is still the log's
    env = {"FUNDTRAIL_LEDGER": url}
    shown = CliRunner().invoke(fundtrail, ["balances", "--json", "--as-of", str(head)], env=env)
    assert f"snapshot at seq {latest.seq} set aside" in shown.stderr
    body = json.loads(shown.stdout)
    assert body["from_snapshot"] == found.snapshot.seq
    assert body["tables"]["ft_bal_schedule"] == rows(truth.projector.engine, SCHEDULES)
    bad = CliRunner().invoke(fundtrail, ["projections", "check"], env=env)
    assert bad.exit_code == 1
    assert f"DIVERGED ft_snap_bal_schedule {latest.seq}/P-1" in bad.output
    assert f"DIVERGED ft_snapshot {latest.seq}" in bad.output  # its digest no longer matches
    truth.projector.engine.dispose()
    found.projector.engine.dispose()


def test_an_edit_that_rewrites_the_digest_too_is_named_by_the_check(tmp_path: Path) -> None:
    """A digest kept beside the rows cannot stop someone able to rewrite both: the check rebuilds and compares."""
    url = f"sqlite:///{tmp_path}/l.sqlite"
    _, live, snapshots = built(url)
    latest = snapshots.usable()[-1]
    copy = copy_of(SCHEDULES)
    with live.engine.begin() as conn:
        conn.execute(update(copy).where(copy.c.snapshot_seq == latest.seq).values(paid_fen=1))
    with live.engine.connect() as conn:
        kept = {t.name: snapshots.rows(conn, latest, t) for t in snapshots.tables}
    digest = hashlib.sha256()
    for table in snapshots.tables:
        for row in kept[table.name]:
            values = [table.name, *(row[c.name] for c in table.columns)]
            line = json.dumps(values, default=str, ensure_ascii=False, separators=(",", ":"))
            digest.update(line.encode() + b"\n")
    with live.engine.begin() as conn:
        conn.execute(update(SNAPSHOTS).where(SNAPSHOTS.c.seq == latest.seq).values(digest=digest.hexdigest()))
    assert snapshots.problems(snapshots.usable()[-1]) == []  # it passes the checks made before use
    bad = CliRunner().invoke(fundtrail, ["projections", "check"], env={"FUNDTRAIL_LEDGER": url})
    assert bad.exit_code == 1
    assert f"DIVERGED ft_snap_bal_schedule {latest.seq}/P-1" in bad.output
    assert "DIVERGED ft_snapshot" not in bad.output


def test_a_snapshot_of_another_ledger_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/l.sqlite"
    w, live, snapshots = built(url)
    latest = snapshots.usable()[-1]
    with live.engine.begin() as conn:
        conn.execute(update(SNAPSHOTS).where(SNAPSHOTS.c.seq == latest.seq).values(head_hash="00" * 32))
    head = w.app.chain.chain_size()
    found = as_of(live.store, live.engine, f"sqlite:///{tmp_path}/asof.sqlite", head, all_views())
    assert [s.seq for s, why in found.rejected if "head hash" in why] == [latest.seq]
    found.projector.engine.dispose()


def test_the_cli_takes_a_snapshot_and_the_check_passes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/l.sqlite"
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), all_views())
    w = lifecycle(url, live)
    env = {"FUNDTRAIL_LEDGER": url}
    out = CliRunner().invoke(fundtrail, ["projections", "snapshot"], env=env)
    head = w.app.chain.chain_size()
    assert out.exit_code == 0, out.output
    assert out.output.startswith(f"snapshot at seq {head}, head {live.store.position().head_hash[:16]}")
    ok = CliRunner().invoke(fundtrail, ["projections", "check"], env=env)
    assert ok.exit_code == 0, ok.output
    shown = json.loads(CliRunner().invoke(fundtrail, ["balances", "--json", "--as-of", str(head)], env=env).output)
    assert shown["from_snapshot"] == head
    again = json.loads(
        CliRunner().invoke(fundtrail, ["balances", "--json", "--as-of", str(head), "--from-zero"], env=env).output
    )
    assert again["from_snapshot"] is None and again["tables"] == shown["tables"]


def test_snapshots_are_thinned_where_they_lie_closest(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/l.sqlite"
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), [Balances()])
    w = lifecycle(url, live)
    snapshots = Snapshots(live.store, live.engine, live.views, min_gap=10, keep=4)
    live.rebuild(live.views[0])
    live.catch_up(snapshots=snapshots)
    kept = [s.seq for s in snapshots.usable()]
    points = [p for p in (10 * k for k in range(1, 1000)) if p <= w.app.chain.chain_size()]
    assert len(points) > 4 and len(kept) == 4
    assert kept[-1] == points[-1] and set(kept) <= set(points)
    gaps = [b - a for a, b in zip([0, *kept], kept, strict=False)]
    assert max(gaps) <= 2 * points[-1] // 4 + 10  # spread about evenly over the log
    with live.engine.connect() as conn:  # nothing of a dropped snapshot is left behind
        held = {r.snapshot_seq for t in TABLES for r in conn.execute(select(copy_of(t).c.snapshot_seq))}
    assert held <= set(kept)


NOTES = MetaData()
NOTED = Table("ft_test_noted", NOTES, Column("seq", BigInteger, primary_key=True))


class Failing(View):
    """A view failing at one record (a bug, a full disk): nothing of its batch may remain, in any view."""

    name: ClassVar[str] = "failing"
    version: ClassVar[int] = 1
    metadata: ClassVar[MetaData] = NOTES

    def __init__(self, fail_at: int) -> None:
        self.fail_at = fail_at

    def apply(self, rows: Rows, record: Record, aggregate: Any) -> None:
        if record.seq == self.fail_at:
            msg = f"failed at {record.seq}"
            raise RuntimeError(msg)
        rows.put(NOTED, {"seq": record.seq})


def test_a_batch_is_written_whole_or_not_at_all(url: str, tmp_path: Path) -> None:
    live = Projector(LedgerStore.__new__(LedgerStore), engine_for(url), [Balances()])
    w = lifecycle(url, live)
    store, head = LedgerStore(w.app), w.app.chain.chain_size()
    first = store.group_end(head // 3)
    live.rebuild(live.views[0])
    live.catch_up(until=first)
    before = {t.name: rows(live.engine, t) for t in TABLES}
    both = Projector(store, live.engine, [Balances(), Failing(head - 1)])
    with pytest.raises(RuntimeError, match=f"failed at {head - 1}"):
        both.catch_up()
    # one batch held every record after ``first``: neither view kept any of it
    assert [both.position(v) for v in both.views] == [first, 0]
    assert {t.name: rows(live.engine, t) for t in TABLES} == before
    assert rows(live.engine, NOTED) == []
    assert Projector(store, live.engine, [Balances()]).catch_up() == head - first
    rebuilt = Projector(store, engine_for(f"sqlite:///{tmp_path}/rebuilt.sqlite"), [Balances()])
    rebuilt.catch_up()
    assert {t.name: rows(rebuilt.engine, t) for t in TABLES} == {t.name: rows(live.engine, t) for t in TABLES}
    rebuilt.engine.dispose()
