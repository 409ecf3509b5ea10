"""The views fundtrail keeps, and the deep check: rebuild every view from the log into an empty database
and compare it row by row with the live tables (``fundtrail projections check``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from projections.attainment import Attainment
from projections.balances import Balances
from projections.core import Projector
from projections.core import engine_for
from projections.core import rows
from projections.eligibility import Eligibility
from projections.worklist import Worklist

if TYPE_CHECKING:
    from ledger.store import LedgerStore
    from projections.core import View


def all_views() -> list[View]:
    return [Balances(), Eligibility(), Worklist(), Attainment()]


@dataclass(frozen=True)
class Divergence:
    """A live row that differs from the row rebuilt from the log (or exists on one side only)."""

    table: str
    key: str
    live: str
    rebuilt: str


def deep_check(store: LedgerStore, live: Projector, scratch_url: str) -> list[Divergence]:
    """Catch the live views up, rebuild them in ``scratch_url`` (an empty database) and name every difference."""
    live.catch_up()
    rebuilt = Projector(store, engine_for(scratch_url), all_views())
    rebuilt.catch_up(until=min(live.position(v) for v in live.views))
    out: list[Divergence] = []
    for view in live.views:
        for table in view.tables():
            keys = [c.name for c in table.primary_key.columns]
            mine = {tuple(r[k] for k in keys): r for r in rows(live.engine, table)}
            theirs = {tuple(r[k] for k in keys): r for r in rows(rebuilt.engine, table)}
            for key in sorted(set(mine) | set(theirs), key=str):
                a, b = mine.get(key), theirs.get(key)
                if a != b:
                    out.append(Divergence(table.name, "/".join(map(str, key)), str(a), str(b)))
    return out
