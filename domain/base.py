"""Base classes that take event times from the command being executed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate
from eventsourcing.domain import DomainEvent

from domain.clock import current_command_time

if TYPE_CHECKING:
    from datetime import datetime


class LedgerAggregate(Aggregate):
    """An aggregate whose events carry the ledger clock's time, never the wall clock's."""

    class Event(Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return current_command_time()

    class Created(Event, Aggregate.Created):
        pass


class LedgerEvent(DomainEvent):
    """A free-standing event (not applied to an aggregate), e.g. a command record."""

    @staticmethod
    def create_timestamp() -> datetime:
        return current_command_time()
