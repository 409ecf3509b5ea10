"""The views fundtrail keeps, and the deep check: rebuild every view from the log into an empty database
and compare it row by row with the live tables, and with every stored snapshot of them on the way
(``fundtrail projections check``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from projections.attainment import Attainment
from projections.audit_facts import AuditFacts
from projections.balances import Balances
from projections.core import Projector
from projections.core import engine_for
from projections.core import rows
from projections.eligibility import Eligibility
from projections.province import Province
from projections.snapshots import Snapshots
from projections.worklist import Worklist

if TYPE_CHECKING:
    from typing import Any

    from sqlalchemy import Table

    from ledger.store import LedgerStore
    from projections.core import View


def all_views() -> list[View]:
    return [Balances(), Eligibility(), Worklist(), Attainment(), Province(), AuditFacts()]


@dataclass(frozen=True)
class Divergence:
    """A live row that differs from the row rebuilt from the log (or exists on one side only)."""

    table: str
    key: str
    live: str
    rebuilt: str


def deep_check(store: LedgerStore, live: Projector, scratch_url: str) -> list[Divergence]:
    """Catch the live views up, rebuild them in ``scratch_url`` (an empty database) and name every difference:
    first with each stored snapshot of them (rebuilt to its seq; its head hash and digest checked too), then
    with the live tables."""
    live.catch_up()
    head = min(live.position(v) for v in live.views)
    rebuilt = Projector(store, engine_for(scratch_url), all_views())
    out: list[Divergence] = []
    snapshots = Snapshots(store, live.engine, live.views, create=False)
    if snapshots.stored():
        for snapshot in snapshots.usable():
            if snapshot.seq > head:
                out.append(Divergence("ft_snapshot", str(snapshot.seq), "a snapshot", f"beyond the views at {head}"))
                continue
            rebuilt.catch_up(until=snapshot.seq)
            with live.engine.connect() as conn:
                kept = {t.name: snapshots.rows(conn, snapshot, t) for t in snapshots.tables}
            for problem in snapshots.problems(snapshot, kept):
                out.append(Divergence("ft_snapshot", str(snapshot.seq), problem, "(checked against the ledger)"))
            for table in snapshots.tables:
                name = snapshots.copies[table.name].name
                out += _compare(table, kept[table.name], rows(rebuilt.engine, table), name, f"{snapshot.seq}/")
    rebuilt.catch_up(until=head)
    for view in live.views:
        for table in view.tables():
            out += _compare(table, rows(live.engine, table), rows(rebuilt.engine, table), table.name, "")
    rebuilt.engine.dispose()
    return out


def _compare(
    table: Table, mine: list[dict[str, Any]], theirs: list[dict[str, Any]], name: str, prefix: str
) -> list[Divergence]:
    keys = [c.name for c in table.primary_key.columns]
    a = {tuple(r[k] for k in keys): r for r in mine}
    b = {tuple(r[k] for k in keys): r for r in theirs}
    out = []
    for key in sorted(set(a) | set(b), key=str):
        if a.get(key) != b.get(key):
            out.append(Divergence(name, prefix + "/".join(map(str, key)), str(a.get(key)), str(b.get(key))))
    return out
