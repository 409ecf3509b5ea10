"""The genesis of a ledger (decisions.md §1, §4)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID


@pin_topic("fundtrail.ledger.Ledger")
class Ledger(LedgerAggregate):
    """The genesis of a ledger: its origin, hash algorithm and operator key (decisions.md §1, §4)."""

    @staticmethod
    def create_id(origin: str, **_: Any) -> UUID:
        return ids.ledger_stream(origin)

    @event("Initialised", topic="fundtrail.ledger.Initialised")
    def __init__(self, origin: str, hash_algorithm: str, spec: str, operator: dict[str, str]) -> None:
        self.origin = origin
        self.hash_algorithm = hash_algorithm
        self.spec = spec
        self.operator = operator
