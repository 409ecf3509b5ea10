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
