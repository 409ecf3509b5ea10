"""``fundtrail check commands``: re-execution reproduces every honest record and names a forged one."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from domain.catalogue import CATALOGUE
from domain.documents.aggregate import Document
from ledger.recheck import Summary
from ledger.recheck import recheck
from tests.helpers import build_world

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_honest_ledger_is_reproduced_record_for_record(tmp_path: Path) -> None:
    w = build_world(f"sqlite:///{tmp_path}/l.sqlite")
    for n in range(3):
        w.app.submit(w.app.envelope(w.miit, "document.register", w.doc(w.miit, n), w.cid()))
    w.app.submit(w.app.envelope(w.operator, "role.grant", {"actor_id": "miit-zhang", "role": "inspector"}, w.cid()))
    summary = Summary()
    assert list(recheck(w.app, summary)) == []
    assert summary.commands >= 5
    assert summary.records == w.app.chain.chain_size()


def test_a_record_the_command_did_not_produce_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A log-key holder runs a doctored ledger that adds a document nobody signed for."""
    w = build_world(f"sqlite:///{tmp_path}/l.sqlite")
    command = CATALOGUE.get("document.register")
    assert command is not None
    honest = type(command).execute

    def doctored(self: Any, args: Any, ctx: Any) -> list[Any]:
        extra = Document(
            doc_id="FORGED",
            doc_type="t",
            number="n",
            title="t",
            issued_on="2025-01-01",
            sha256="ab" * 32,
            issuer="x",
            amount_fen=1,
            registered_by="nobody",
        )
        return [*honest(self, args, ctx), extra]

    monkeypatch.setattr(type(command), "execute", doctored)
    applied = w.app.submit(w.app.envelope(w.miit, "document.register", w.doc(w.miit, 1), w.cid()))
    monkeypatch.setattr(type(command), "execute", honest)
    found = list(recheck(w.app))
    assert [(m.code, m.seq) for m in found] == [("UNBACKED", applied.last_seq)]
    assert "fundtrail.document.Registered" in found[0].detail


def test_a_writer_whose_clock_trails_the_head_runs_again_at_the_heads_time(tmp_path: Path) -> None:
    """docs/ledger-format.md §4.2: a writer whose clock is a little behind the head (another process recorded a
    later time) records the head's time — and its events carry that same time, so re-execution reproduces them."""
    from datetime import UTC
    from datetime import datetime
    from datetime import timedelta

    from domain.clock import FixedClock
    from tests.helpers import open_ledger

    url = f"sqlite:///{tmp_path}/l.sqlite"
    w = build_world(url)
    ahead = open_ledger(url, FixedClock(datetime(2025, 3, 3, 2, 0, 5, tzinfo=UTC), tick=timedelta(0)))
    ahead.submit(ahead.envelope(w.miit, "document.register", w.doc(w.miit, 1), w.cid()))
    ahead.close()
    behind = w.app
    behind.clock = FixedClock(datetime(2025, 3, 3, 2, 0, 0, tzinfo=UTC), tick=timedelta(0))  # 5 s behind the head
    applied = behind.submit(behind.envelope(w.miit, "document.register", w.doc(w.miit, 2), w.cid()))
    rows = behind.chain.records(applied.first_seq, applied.last_seq)
    assert {r["recorded_at"] for r in rows} == {"2025-03-03T02:00:05.000000Z"}
    assert all('"2025-03-03T02:00:05' in r["state"] for r in rows if "Registered" in r["topic"])
    summary = Summary()
    assert list(recheck(behind, summary)) == []
