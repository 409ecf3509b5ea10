"""Smoke test of the lifecycle benchmark's driver (bench/lifecycle.py) at a tiny size, on SQLite.

No timing is asserted (figures belong to bench/ only): the driver runs the whole lifecycle on both
sides without a refusal, both sides record the same domain events, and both fundtrail ledgers verify.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench import lifecycle
from verify.checks import ChainVerifier
from verify.sources import open_source

if TYPE_CHECKING:
    from pathlib import Path


class TmpStore:
    """bench/run.py ``Backend`` in a test's folder: a fresh SQLite file per call."""

    name = "sqlite"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made = 0

    def env(self, recorder_topic: str | None) -> tuple[dict[str, str], str]:
        self.made += 1
        path = self.root / f"{self.made}.sqlite"
        env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
        if recorder_topic:
            env["APPLICATION_RECORDER_TOPIC"] = recorder_topic
        return env, f"sqlite:///{path}"


def test_three_enterprises_through_the_lifecycle_on_both_sides(tmp_path: Path) -> None:
    run = lifecycle.run(TmpStore(tmp_path), enterprises=3, window=1, group=1)
    for timings in (run.small, run.big, run.growth):
        fundtrail, bare = timings["fundtrail"], timings["bare"]
        assert fundtrail.names == bare.names
        assert fundtrail.events == bare.events > 0
    assert run.small["fundtrail"].names == run.big["fundtrail"].names
    names = set(run.big["fundtrail"].names)
    assert {"publicity.start", "approval.record_decision", "payment.record_settlement"} <= names
    assert {"clawback.decide", "clawback.record_repayment"} <= names
    assert run.growth["fundtrail"].commands == 2 * 4  # two enterprises, early steps
    for size in ("small", "big"):
        source = open_source(run.urls[size])
        try:
            report = ChainVerifier(source, jobs=1).run()
        finally:
            source.close()
        assert report.findings == []
        assert report.records == run.records[size]
