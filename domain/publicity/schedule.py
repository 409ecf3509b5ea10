"""Official holiday schedules registered in the ledger, one stream per year (docs/decisions.md §10).

The State Council's office publishes next year's schedule (节假日安排通知), normally in November,
sometimes before a release of the calendar package. Registering it lets deadlines be computed for
that year without a guess; the notice's number and hash are recorded in every deadline that used it.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.publicity.calendar import Schedule
from domain.publicity.calendar import package_is_workday
from domain.publicity.calendar import package_knows
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID


def schedule_stream(year: int) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"publicity-schedule:{year}")


def package_differences(schedule: Schedule) -> list[str]:
    """The days of ``schedule.year`` on which the package and the schedule disagree (ISO dates);
    empty when the package does not know the year."""
    if not package_knows(schedule.year):
        return []
    out: list[str] = []
    day = date(schedule.year, 1, 1)
    while day.year == schedule.year:
        if package_is_workday(day) != schedule.is_workday(day):
            out.append(day.isoformat())
        day = date.fromordinal(day.toordinal() + 1)
    return out


@pin_topic("fundtrail.publicity.OfficialSchedule")
class OfficialSchedule(LedgerAggregate):
    """One year's official schedule of holidays and adjusted workdays (调休上班日)."""

    @staticmethod
    def create_id(year: int, **_: Any) -> UUID:
        return schedule_stream(year)

    @event("OfficialScheduleRegistered", topic="fundtrail.publicity.OfficialScheduleRegistered")
    def __init__(
        self,
        year: int,
        holidays: list[str],
        adjusted_workdays: list[str],
        notice_no: str,
        notice_sha256: str,
        package_knows_year: bool,
        warnings: list[dict[str, str]],
        registered_by: str,
    ) -> None:
        self.year = year
        self.holidays = holidays
        self.adjusted_workdays = adjusted_workdays
        self.notice_no = notice_no
        self.notice_sha256 = notice_sha256
        self.package_knows_year = package_knows_year
        self.warnings = warnings
        self.registered_by = registered_by

    def schedule(self) -> Schedule:
        return Schedule(
            year=self.year,
            holidays=frozenset(date.fromisoformat(d) for d in self.holidays),
            adjusted_workdays=frozenset(date.fromisoformat(d) for d in self.adjusted_workdays),
            notice_no=self.notice_no,
            notice_sha256=self.notice_sha256,
        )


label_topics(
    {
        "fundtrail.publicity.OfficialScheduleRegistered": ("节假日安排登记", "official holiday schedule registered"),
    }
)
