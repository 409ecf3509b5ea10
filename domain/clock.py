"""The injected clock (docs/decisions.md §10).

Every date-dependent rule and every recorded time comes from a :class:`Clock`
that the composition root hands in. Tests and the demo run on a
:class:`FixedClock` inside the measures' validity (2024-10-15 to 2025-12-31).

Aggregate events take their ``timestamp`` from the clock of the command being
executed; the ledger sets it for the duration of one command with
:func:`using_clock`. Outside a command, event creation is refused rather than
silently reading the wall clock.
"""

from __future__ import annotations

import contextlib
import contextvars
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Protocol

if TYPE_CHECKING:
    from collections.abc import Iterator


class Clock(Protocol):
    """Tells the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock. Production only."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still unless told to move; each reading may tick.

    ``tick`` advances the clock after every reading so that successive records
    get distinct, increasing times, as they would in production.
    """

    def __init__(self, start: datetime, tick: timedelta = timedelta(seconds=1)) -> None:
        if start.tzinfo is None:
            msg = "FixedClock needs an aware datetime"
            raise ValueError(msg)
        self._now = start.astimezone(UTC)
        self._tick = tick

    def now(self) -> datetime:
        current = self._now
        self._now = current + self._tick
        return current

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(UTC)


_current: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("fundtrail_command_time", default=None)


@contextlib.contextmanager
def command_time(when: datetime) -> Iterator[None]:
    """Fix the time that aggregate events created inside the block carry."""
    token = _current.set(when.astimezone(UTC))
    try:
        yield
    finally:
        _current.reset(token)


def current_command_time() -> datetime:
    """The time of the command being executed; an error outside a command."""
    when = _current.get()
    if when is None:
        msg = "domain events can only be created inside a command (no command time set)"
        raise RuntimeError(msg)
    return when
