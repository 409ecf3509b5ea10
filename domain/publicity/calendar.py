"""Working days on the statutory calendar, 调休 included (domain rules A5, §4; docs/decisions.md §10).

``chinese_calendar`` (PyPI ``chinesecalendar``) knows the State Council's holiday schedule for the
years it was released with and raises ``NotImplementedError`` for any other year: that loudness is
why it was chosen. A year it does not know needs the official schedule (国务院办公厅 notice)
registered in the ledger (``publicity.register_schedule``); a registered schedule is the official
text and wins over the package for its year. Without one the calculation is refused, never guessed.

A period of N working days starts the day after its start (民法典 第二百零一条) and ends at 24:00
Asia/Shanghai of the N-th working day, so the earliest end is the next day at 00:00 +08:00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Any

import chinese_calendar  # type: ignore[import-untyped]

from domain.kernel.dates import SHANGHAI
from domain.publicity.rules import CALENDAR

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable

PACKAGE = "chinesecalendar"
MAX_WORKING_DAYS = 100  # a publicity of more than 100 working days is a typing error, not a policy


@dataclass(frozen=True)
class Schedule:
    """An official year schedule: holidays (rest days, weekends inside a holiday included) and the
    weekend days that are adjusted to workdays (调休上班), from one State Council notice."""

    year: int
    holidays: frozenset[date]
    adjusted_workdays: frozenset[date]
    notice_no: str
    notice_sha256: str

    def is_workday(self, day: date) -> bool:
        return day in self.adjusted_workdays or (day.weekday() < 5 and day not in self.holidays)

    def ref(self) -> dict[str, Any]:
        """What a deadline-bearing event records of the schedule it used."""
        return {"year": self.year, "notice_no": self.notice_no, "notice_sha256": self.notice_sha256}


def package_version() -> str:
    return str(chinese_calendar.__version__)


def package_knows(year: int) -> bool:
    """Whether the installed package carries the official schedule of ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def package_is_workday(day: date) -> bool:
    """The package's answer; raises NotImplementedError for a year it does not know."""
    return bool(chinese_calendar.is_workday(day))


class WorkingCalendar:
    """Working days from the package, or from official schedules registered in the ledger.

    Args:
        schedule_for: returns the registered schedule of a year, or None (the command reads the
            ``OfficialSchedule`` aggregate of each year the window touches, so that read is part of
            the command's consistency check).
    """

    def __init__(self, schedule_for: Callable[[int], Schedule | None] | None = None) -> None:
        self._schedule_for = schedule_for
        self._used: dict[int, Schedule] = {}

    @classmethod
    def with_schedules(cls, schedules: Iterable[Schedule]) -> WorkingCalendar:
        by_year = {s.year: s for s in schedules}
        return cls(by_year.get)

    @property
    def version(self) -> str:
        """The package and its version, recorded as ``calendar_version`` in every deadline-bearing event."""
        return f"{PACKAGE}=={package_version()}"

    @property
    def schedules_used(self) -> list[dict[str, Any]]:
        """The registered schedules consulted so far, recorded beside ``calendar_version``."""
        return [self._used[y].ref() for y in sorted(self._used)]

    def is_workday(self, day: date, field: str = "start_on") -> bool:
        schedule = self._schedule_for(day.year) if self._schedule_for else None
        if schedule is not None:
            self._used[day.year] = schedule
            return schedule.is_workday(day)
        try:
            return package_is_workday(day)
        except NotImplementedError:
            CALENDAR.refuse(
                field,
                f"{PACKAGE} {package_version()} has no holiday schedule for {day.year} and none is registered; "
                f"register the State Council's schedule for {day.year} (publicity.register_schedule)",
            )

    def add_working_days(self, start: date, n: int, field: str = "start_on") -> date:
        """The N-th working day after ``start`` (``start`` itself is not counted, A5)."""
        if not 1 <= n <= MAX_WORKING_DAYS:
            msg = f"expected 1..{MAX_WORKING_DAYS} working days, got {n}"
            raise ValueError(msg)
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_workday(day, field):
                counted += 1
        return day

    def window_end(self, start: date, n: int, field: str = "start_on") -> tuple[date, str]:
        """(the last working day, the earliest end as ISO UTC text: the next day 00:00 Asia/Shanghai)."""
        last = self.add_working_days(start, n, field)
        return last, end_at(last)


def end_at(last_working_day: date) -> str:
    """24:00 Asia/Shanghai of ``last_working_day``, as ISO UTC text."""
    midnight = datetime.combine(last_working_day + timedelta(days=1), time(0, 0), tzinfo=SHANGHAI)
    return midnight.astimezone(UTC).isoformat()
