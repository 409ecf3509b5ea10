"""The province view (projections/province.py) on SQLite and PostgreSQL: kept up through the 2025 year of
tests/domain/province_given.py it equals a rebuild from zero; it holds the signed ranking, the trail of every
reviewer operation, each leg down to the enterprise; a 复核 correction after the list makes the recomputed
ranking differ and the difference is named; ``fundtrail province ranking`` and ``legs`` show it, as of any
position."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from fundtrail.cli import main as fundtrail
from ledger.store import LedgerStore
from projections import province as view
from projections.core import Projector
from projections.core import engine_for
from projections.core import rows
from projections.views import all_views
from tests.domain import province_given as g
from tests.ledger_world import LedgerWorld

if TYPE_CHECKING:
    from pathlib import Path

WAN = g.WAN
TABLES = (view.CALLS, view.APPLICATIONS, view.RANKING, view.RESULTS, view.TRAIL, view.LEGS, view.FRAUD)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/province.sqlite"
    return str(request.getfixturevalue("pg_ledger_url"))


def year(url: str) -> tuple[LedgerWorld, Projector]:
    """The year with the views caught up after the list, after the reply and at the end."""
    w = LedgerWorld(url)
    live = Projector(LedgerStore(w.app), engine_for(url), all_views())
    g.actors(w)
    g.publish_call(w)
    for key in ("A", "B", "C"):
        g.apply(w, key)
    g.reviewed(w)
    g.propose(w)
    live.catch_up()
    g.publicise(w, [("B", 100 * WAN), ("A", 50 * WAN)])
    g.party_review(w, ["A", "B"])
    g.request(w, [("A", 50 * WAN), ("B", 100 * WAN)])
    g.reply(w, [("A", 50 * WAN), ("B", 100 * WAN)])
    live.catch_up()
    g.indicators(w)
    g.disburse(w, "A", "LEG-A", g.HRB_FIN, 50 * WAN)
    g.disburse(w, "B", "LEG-B", g.HRB_FIN, 100 * WAN)
    g.forward(w, "hrb-fin", "A", "LEG-A", 50 * WAN, (2025, 6, 20))
    g.forward(w, "hrb-fin", "B", "LEG-B", 100 * WAN, (2025, 7, 20))  # after the 10 working days
    g.recheck(w, "C", [{"criterion": "T1", "points": 4000, "reason": "复核发现漏计专利"}])
    w.now = g.beijing(2025, 9, 1)
    w.when(
        "prov-miit",
        "province.decide_fraud",
        {
            "case_id": "HLJ-FRAUD-1",
            "application_id": "HLJ-2025-A",
            "evidence": [g.sha("audit:A")],
            "summary": "示范案例数据造假",
            "decided_on": "2025-09-01",
            "referral": {"authority": "省纪委监委驻厅纪检监察组", "ref": "移送〔2025〕3号"},
        },
    )
    live.catch_up()
    return w, live


def test_kept_up_equals_rebuilt_and_holds_the_year(url: str, tmp_path: Path) -> None:
    w, live = year(url)
    rebuilt = Projector(LedgerStore(w.app), engine_for(f"sqlite:///{tmp_path}/rebuilt.sqlite"), all_views())
    rebuilt.catch_up()
    for table in TABLES:
        assert rows(live.engine, table) == rows(rebuilt.engine, table), table.name
    ranking = {r["application_id"]: r for r in rows(live.engine, view.RANKING)}
    assert (ranking["HLJ-2025-B"]["rank"], ranking["HLJ-2025-A"]["rank"], ranking["HLJ-2025-C"]["rank"]) == (1, 2, 3)
    assert ranking["HLJ-2025-A"]["tie"] and not ranking["HLJ-2025-C"]["listed"]
    trail = rows(live.engine, view.TRAIL)
    ops = [r["operation"] for r in trail if r["application_id"] == "HLJ-2025-A"]
    assert ops.count("scored") == 6 and ops.count("opened") == 2 and ops.count("rechecked") == 1
    assert [r["flagged"] for r in trail if r["operation"] == "rechecked" and r["application_id"] == "HLJ-2025-C"] == [
        False,
        True,
    ]
    legs = {r["leg_id"]: r for r in rows(live.engine, view.LEGS)}
    assert (legs["LEG-A"]["late"], legs["LEG-B"]["late"]) == (False, True)
    assert legs["LEG-A"]["frozen_by"] == "HLJ-FRAUD-1" and legs["LEG-B"]["held_fen"] == 0
    fraud = rows(live.engine, view.FRAUD)
    assert [(r["debtor"], r["receivable_fen"], r["recovered_fen"]) for r in fraud] == [("enterprise", 50 * WAN, 0)]
    # the correction after the list: C now totals 80.00 — the recomputed ranking differs and says so
    call = rows(live.engine, view.CALLS)[0]
    now = view.recompute(rows(live.engine, view.APPLICATIONS), rows(live.engine, view.RESULTS), call)
    diff = view.differences(list(ranking.values()), now)
    assert any(d.startswith("HLJ-2025-C: total 7000 signed, 8000") for d in diff), diff
    live.engine.dispose()
    rebuilt.engine.dispose()


def test_the_cli_shows_the_ranking_with_its_trail_and_the_legs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.sqlite"
    w, live = year(url)
    live.engine.dispose()
    env = {"FUNDTRAIL_LEDGER": url}
    out = CliRunner().invoke(fundtrail, ["--lang", "en", "province", "ranking", g.CALL], env=env)
    assert out.exit_code == 0, out.output
    assert "HLJ-2025-B" in out.output and "tie" in out.output and "listed" in out.output
    assert "changed" not in out.output or "→" in out.output
    assert "[after the list]" in out.output
    assert "HLJ-2025-C: total 7000 signed, 8000 from the scores now" in out.output
    legs = CliRunner().invoke(fundtrail, ["--lang", "en", "province", "legs", g.CALL, "--json"], env=env)
    assert legs.exit_code == 0, legs.output
    data = json.loads(legs.output)
    assert {r["leg_id"]: r["late"] for r in data["legs"]} == {"LEG-A": False, "LEG-B": True}
    # as of the list: nothing disbursed, and the signed list equals the scores then
    seq = max(r["seq"] for r in rows(engine_for(url), view.RANKING))
    early = CliRunner().invoke(fundtrail, ["--lang", "en", "province", "ranking", g.CALL, "--as-of", str(seq)], env=env)
    assert early.exit_code == 0, early.output
    assert "Ranked again from the scores: the same list" in early.output
    none = CliRunner().invoke(
        fundtrail, ["--lang", "en", "province", "legs", g.CALL, "--as-of", str(seq), "--json"], env=env
    )
    assert json.loads(none.output)["legs"] == []
    w.app.close()
