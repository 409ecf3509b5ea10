"""What a flag is, and the facts the rules read (projections/audit_facts.py, loaded whole).

A ``Flag`` is data: the rule, the article or guidance it rests on, the version of the parameters it was
computed with, the subjects, the facts it used and the ``seq`` of every record those facts rest on, and a
one-line summary. Nothing here writes: raising a flag in the ledger is the task force's signed command
(domain/audit), which records the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

from projections import audit_facts as af
from projections.core import rows

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.engine import Engine

Row = dict[str, Any]


@dataclass(frozen=True)
class Flag:
    """One red flag, explained by its facts and the records they rest on."""

    rule_id: str
    article_or_guidance: str
    params_version: str
    subjects: tuple[str, ...]
    facts: dict[str, Any] = field(hash=False)
    seqs: tuple[int, ...]
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "article_or_guidance": self.article_or_guidance,
            "params_version": self.params_version,
            "subjects": list(self.subjects),
            "facts": self.facts,
            "seqs": list(self.seqs),
            "summary": self.summary,
        }


def seqs_of(*groups: Iterable[Row]) -> tuple[int, ...]:
    """The sorted, distinct ``seq`` of every row given."""
    return tuple(sorted({int(r["seq"]) for g in groups for r in g}))


@dataclass(frozen=True)
class Facts:
    """Every table of the audit-facts view as rows (dicts), read at one position of the views."""

    batches: list[Row]
    projects: list[Row]
    states: list[Row]
    amounts: list[Row]
    assessments: list[Row]
    acceptances: list[Row]
    contracts: list[Row]
    invoices: list[Row]
    vouchers: list[Row]
    files: list[Row]
    calls: list[Row]
    rankings: list[Row]
    scores: list[Row]
    rechecks: list[Row]
    legs: list[Row]
    forwards: list[Row]
    freezes: list[Row]
    schedules: list[Row]

    def amount(self, project_id: str, kind: str) -> Row | None:
        """The ``kind`` amount row of a project (verified, proposed, ceiling, approved, revised), if any."""
        return self._amounts().get((project_id, kind))

    def _amounts(self) -> dict[tuple[str, str], Row]:
        cached: dict[tuple[str, str], Row] | None = self.__dict__.get("_amount_index")
        if cached is None:
            cached = {(r["project_id"], r["kind"]): r for r in self.amounts}
            object.__setattr__(self, "_amount_index", cached)
        return cached


TABLES = {
    "batches": af.BATCHES,
    "projects": af.PROJECTS,
    "states": af.STATES,
    "amounts": af.AMOUNTS,
    "assessments": af.ASSESSMENTS,
    "acceptances": af.ACCEPTANCES,
    "contracts": af.CONTRACTS,
    "invoices": af.INVOICES,
    "vouchers": af.VOUCHERS,
    "files": af.FILES,
    "calls": af.CALLS,
    "rankings": af.RANKINGS,
    "scores": af.SCORES,
    "rechecks": af.RECHECKS,
    "legs": af.LEGS,
    "forwards": af.FORWARDS,
    "freezes": af.FREEZES,
    "schedules": af.SCHEDULES,
}


def load(engine: Engine) -> Facts:
    """The facts as the audit-facts view holds them in ``engine`` (catch the projector up first)."""
    return Facts(**{name: rows(engine, table) for name, table in TABLES.items()})
