"""Smoke test of the projections benchmark (bench/projections.py) and its cached ledger (bench/ledger_cache.py)
at a tiny size, on SQLite.

No timing is asserted (figures belong to bench/ only): the cache builds a ledger once, finds it again, grows a
bigger one from it and declines a build over its budget; the section's measurements run end to end — the
rebuilt views break no balance invariant, the views from a snapshot equal the views built from zero, the
catch-up follows another process's signed appends to the head — and the report and its goals render.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench import ledger_cache
from bench import projections

if TYPE_CHECKING:
    from pathlib import Path

TINY = ledger_cache.Profile("tiny", per_day=2, group=2)


def test_the_cache_keeps_grows_and_declines(tmp_path: Path) -> None:
    cache = ledger_cache.Cache(key="0123456789ab", folder=tmp_path)
    first = cache.ensure("sqlite", 300, TINY, log=lambda _: None)
    assert isinstance(first, ledger_cache.Cached)
    assert first.records >= 300
    assert not first.reused
    again = cache.ensure("sqlite", 300, TINY, log=lambda _: None)
    assert isinstance(again, ledger_cache.Cached)
    assert again.reused
    assert again.records == first.records
    grown = cache.ensure("sqlite", 500, TINY, log=lambda _: None)
    assert isinstance(grown, ledger_cache.Cached)
    assert grown.steps > first.steps
    assert grown.records >= 500
    declined = cache.ensure("sqlite", 10**9, TINY, budget_s=1e-9, log=lambda _: None)
    assert isinstance(declined, ledger_cache.Skipped)
    assert "budget" in declined.reason


def test_the_section_runs_end_to_end(tmp_path: Path) -> None:
    cache = ledger_cache.Cache(key="0123456789ab", folder=tmp_path)
    result = projections.run(
        ["sqlite"], quick=True, sizes=(400,), window_s=0.5, cache=cache, profile=TINY, log=lambda _: None
    )
    (only,) = result.replays
    assert only.ledger.records >= 400
    assert only.read == only.ledger.records == only.notifications
    assert 0 < only.events < only.notifications  # command records are in the log, no aggregate's events
    assert only.breaches == 0
    assert only.snapshot_same
    assert only.snapshot_seq < only.as_of_seq <= only.ledger.records
    (caught,) = result.follows
    assert caught.errors == []
    assert caught.appended > 0
    assert caught.commands > 0
    lines = projections.section(result)
    assert any(line.startswith("| 4") for line in lines)  # the table row of the 4xx-record ledger
    rows = projections.goals(result)
    assert len(rows) == 3
    assert all(ok is not None for _, _, ok in rows)
