"""Publicity (公示): HRB 第八条 "经公示", HLJ 第四条（三） ≥ 5 working days, domain rules A5 and A6.

Given a batch and proposed projects, when the city lists them, objections arrive and are resolved,
then the window, the amounts and what has passed publicity (``cleared_amount``) follow A5 and A6.
The projects are built directly at "proposed" (the project feature's commands reach it in eleven steps).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from domain.clock import command_time
from domain.errors import NotFound
from domain.policy.params import SEED_PARAMS
from domain.programme.batch import Batch
from domain.project.aggregate import Project
from domain.project.aggregate import project_stream
from domain.publicity.aggregate import Publicity
from domain.publicity.aggregate import publicity_stream
from domain.publicity.calendar import Schedule
from domain.publicity.calendar import WorkingCalendar
from domain.publicity.schedule import OfficialSchedule
from domain.publicity.schedule import schedule_stream
from domain.roles import Role
from tests.domain.memory import World
from tests.domain.memory import topics

SH = ZoneInfo("Asia/Shanghai")
WAN = 1_000_000
SHA = "a" * 64
OBJECTOR = "b" * 64  # a salted commitment to the objector's identity (docs/decisions.md §8)
BATCH = "hrb-2025-1"


def beijing(y: int, m: int, d: int, h: int = 10, mi: int = 0) -> datetime:
    """A ledger time given in 北京时间."""
    return datetime(y, m, d, h, mi, tzinfo=SH).astimezone(UTC)


def given_batch(w: World, batch_id: str = BATCH, working_days: int = 5) -> Batch:
    params = dataclasses.replace(SEED_PARAMS, publicity_working_days=working_days)
    with command_time(w.now):
        batch = Batch(
            batch_id=batch_id,
            programme_id="hrb-pilot",
            kind="transformation",
            notice_doc_no=None,
            policy_version_id="hrb-2024-v1",
            policy_hash=SHA,
            params=params.to_dict(),
            investment_basis="tax_exclusive",
            intake_from="2024-10-15",
            intake_to="2025-06-30",
            opened_by="miit-wang",
        )
        batch.collect_events()
    w.store[batch.id] = batch
    return batch


def given_project(w: World, project_id: str, proposed_fen: int, ceiling_fen: int, batch_id: str = BATCH) -> Project:
    """A project proposed at ``proposed_fen`` under a ceiling of ``ceiling_fen``."""
    with command_time(w.now):
        project = Project(
            project_id=project_id,
            batch_id=batch_id,
            programme_id="hrb-pilot",
            policy_version_id="hrb-2024-v1",
            policy_hash=SHA,
            enterprise_uscc="91230100MA1B2C3D4E",
            provider_uscc="91230100MA1B2C3D5F",
            district="南岗区",
            scope_summary="MES 上云",
            planned_items=[],
            planned_start="2024-11-01",
            planned_end="2025-02-28",
            requested_by="ent-a",
            eligibility_on="2024-11-01",
        )
        if proposed_fen:
            project._subsidy_proposed(
                amount_fen=proposed_fen,
                ceiling_fen=ceiling_fen,
                reason_code=None if proposed_fen == ceiling_fen else "budget",
                reason=None,
                policy_version_id="hrb-2024-v1",
                policy_hash=SHA,
                explanation={"ceiling_fen": ceiling_fen},
            )
        project.collect_events()
    w.store[project.id] = project
    return project


def world(now: datetime | None = None) -> World:
    """Given: 市工信局 clerks, a batch of 5 working days, two proposed projects (12万 and 18万)."""
    w = World(now=now) if now else World()
    w.actor("miit-li", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor("miit-zhao", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor("ent-a", Role.APPLICANT, org_code="91230100MA1B2C3D4E", org_kind="enterprise")
    given_batch(w)
    given_project(w, "prj-1", 12 * WAN, 15 * WAN)
    given_project(w, "prj-2", 18 * WAN, 18 * WAN)
    return w


def start_args(**over: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "publicity_id": "pub-2025-1",
        "batch_id": BATCH,
        "list_kind": "transformation_subsidy",
        "entries": [{"subject_id": "prj-1", "amount_fen": 12 * WAN}, {"subject_id": "prj-2", "amount_fen": 18 * WAN}],
        "channel_url": "https://gxj.harbin.gov.cn/gs/2025-1",
        "content_sha256": SHA,
        "start_on": "2025-03-03",
    }
    return {**args, **over}


def objection(
    objection_id: str = "obj-1", subject_id: str = "prj-1", received_on: str = "2025-03-03"
) -> dict[str, Any]:
    return {
        "publicity_id": "pub-2025-1",
        "objection_id": objection_id,
        "subject_id": subject_id,
        "channel": "信函",
        "content_sha256": "c" * 64,
        "objector_commitment": OBJECTOR,
        "received_on": received_on,
    }


def resolution(objection_id: str = "obj-1", outcome: str = "dismissed", **over: Any) -> dict[str, Any]:
    args = {
        "publicity_id": "pub-2025-1",
        "objection_id": objection_id,
        "outcome": outcome,
        "reasons": "经核查，合同、发票与银行凭证一致",
        "investigation_sha256": "d" * 64,
    }
    return {**args, **over}


def publicity(w: World) -> Publicity:
    return w.get(Publicity, publicity_stream("pub-2025-1"))


# Monday 2025-03-03 + 5 working days (start day not counted) = Monday 2025-03-10; the window ends at 24:00.
END = beijing(2025, 3, 11, 0, 0)
JUST_BEFORE_END = beijing(2025, 3, 10, 23, 59)


# -- the calendar (A5, §4) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "last"),
    [
        ("2024-09-27", "2024-10-10"),  # 2024-09-29 (Sun) is a workday; 10-01..07 holiday
        ("2025-01-24", "2025-02-07"),  # Spring Festival, 01-26 (Sun) workday
        ("2025-09-26", "2025-10-10"),  # 09-28 (Sun) workday, National Day
        ("2025-12-26", "2026-01-05"),  # crosses the year; 2026-01-04 (Sun) is a workday
        ("2026-02-13", "2026-02-27"),  # 2026-02-14 (Sat) workday, long Spring Festival
    ],
)
def test_five_working_days_follow_the_statutory_calendar_start_day_not_counted(start: str, last: str) -> None:
    """A5 / domain rules §4 vectors: 调休 workdays count, holidays don't; the window ends 24:00 北京时间."""
    calendar = WorkingCalendar()
    day, end_at = calendar.window_end(date.fromisoformat(start), 5)
    assert day == date.fromisoformat(last)
    assert datetime.fromisoformat(end_at) == datetime.combine(day + timedelta(days=1), datetime.min.time(), SH)
    assert end_at.endswith("+00:00")
    assert calendar.version == f"chinesecalendar=={chinese_calendar.__version__}"


@settings(max_examples=200, deadline=None)
@given(start=st.dates(date(2024, 1, 1), date(2026, 10, 31)), n=st.integers(1, 30))
def test_the_nth_working_day_after_the_start_has_exactly_n_working_days_after_the_start(start: date, n: int) -> None:
    """A5: counting starts the day after; the result is itself a working day."""
    last = WorkingCalendar().add_working_days(start, n)
    assert last > start
    assert chinese_calendar.is_workday(last)
    assert len(chinese_calendar.get_workdays(start + timedelta(days=1), last)) == n


def test_a_year_the_package_does_not_know_is_refused_naming_the_field() -> None:
    """docs/decisions.md §10: never a guess; the refusal names the field and asks for the schedule."""
    with pytest.raises(NotFound) as info:
        WorkingCalendar().add_working_days(date(2026, 12, 28), 5)
    assert info.value.rule == "FT-PUB-CALENDAR"
    assert info.value.field == "start_on"
    assert "2027" in info.value.detail


def test_a_registered_schedule_supplies_a_year_the_package_does_not_know() -> None:
    """A fictitious 2027 schedule (a test fixture, not the State Council's) fills the gap."""
    schedule = Schedule(2027, frozenset({date(2027, 1, 1)}), frozenset({date(2027, 1, 9)}), "测试〔2026〕1号", SHA)
    calendar = WorkingCalendar.with_schedules([schedule])
    # 2026-12-31 (Thu) → 2027-01-01 holiday, 01-04..01-08 workdays, 01-09 (Sat) adjusted workday
    assert calendar.add_working_days(date(2026, 12, 31), 6) == date(2027, 1, 9)
    assert calendar.schedules_used == [{"year": 2027, "notice_no": "测试〔2026〕1号", "notice_sha256": SHA}]


# -- official schedules ---------------------------------------------------------------------------------


def schedule_args(**over: Any) -> dict[str, Any]:
    args = {
        "year": 2027,
        "holidays": ["2027-01-01", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10"],
        "adjusted_workdays": ["2027-02-13"],
        "notice_no": "测试〔2026〕1号",
        "notice_sha256": SHA,
    }
    return {**args, **over}


def test_publicity_in_an_unknown_year_is_refused_then_accepted_once_its_schedule_is_registered() -> None:
    """docs/decisions.md §10, A5: a 2027 start is refused (FT-PUB-CALENDAR) until a schedule for 2027 is
    registered; the deadline then records the notice it used."""
    w = world(now=beijing(2027, 3, 1))
    w.refused("miit-li", "publicity.start", start_args(start_on="2027-03-01"), rule="FT-PUB-CALENDAR", field="start_on")
    events = w.when("miit-li", "publicity.register_schedule", schedule_args())
    assert topics(events) == ["fundtrail.publicity.OfficialScheduleRegistered"]
    assert events[0].package_knows_year is False
    assert w.get(OfficialSchedule, schedule_stream(2027)).notice_no == "测试〔2026〕1号"
    started = w.when("miit-li", "publicity.start", start_args(start_on="2027-03-01"))[0]
    assert started.last_working_day == "2027-03-08"
    assert started.calendar_schedules == [{"year": 2027, "notice_no": "测试〔2026〕1号", "notice_sha256": SHA}]


def test_a_schedule_is_registered_once_with_its_dates_in_its_year_and_workdays_on_weekends() -> None:
    """docs/decisions.md §10: FT-PUB-SCHEDULE names the offending date."""
    w = world()
    w.refused(
        "miit-li",
        "publicity.register_schedule",
        schedule_args(holidays=["2027-01-01", "2028-01-01"]),
        rule="FT-PUB-SCHEDULE",
        field="holidays[1]",
    )
    w.refused(
        "miit-li",
        "publicity.register_schedule",
        schedule_args(adjusted_workdays=["2027-02-15"]),  # a Monday
        rule="FT-PUB-SCHEDULE",
        field="adjusted_workdays[0]",
    )
    w.refused(
        "miit-li",
        "publicity.register_schedule",
        schedule_args(adjusted_workdays=["2027-02-06"]),
        rule="FT-PUB-SCHEDULE",
        field="adjusted_workdays[0]",
    )
    w.when("miit-li", "publicity.register_schedule", schedule_args())
    w.refused("miit-li", "publicity.register_schedule", schedule_args(), rule="FT-PUB-SCHEDULE", field="year")


def test_a_schedule_that_differs_from_the_package_is_flagged_and_prevails() -> None:
    """FT-PUB-SCHEDULE-DIFF (WARN): a 2025 schedule missing 2025-01-26 (Sun, a workday) is recorded with a
    warning naming the day, and deadlines then follow the registered schedule."""
    holidays = [d.isoformat() for d in sorted(chinese_calendar.holidays) if d.year == 2025]
    workdays = [d.isoformat() for d in sorted(chinese_calendar.workdays) if d.year == 2025]
    w = world()
    args = schedule_args(year=2025, holidays=holidays, adjusted_workdays=[d for d in workdays if d != "2025-01-26"])
    event = w.when("miit-li", "publicity.register_schedule", args)[0]
    assert event.package_knows_year is True
    assert [x["rule"] for x in event.warnings] == ["FT-PUB-SCHEDULE-DIFF"]
    assert "2025-01-26" in event.warnings[0]["detail"]
    exact = world()
    event = exact.when(
        "miit-li",
        "publicity.register_schedule",
        schedule_args(year=2025, holidays=holidays, adjusted_workdays=workdays),
    )[0]
    assert event.warnings == []


# -- start (HRB 第八条) ---------------------------------------------------------------------------------


def test_a_list_of_proposed_amounts_starts_with_its_window_and_calendar_version() -> None:
    """HRB 第八条 经公示; A5: start_at, min_working_days, calendar_version, earliest_end_at are recorded."""
    w = world()
    events = w.when("miit-li", "publicity.start", start_args())
    assert topics(events) == [
        "fundtrail.publicity.PublicityStarted",
        "fundtrail.publicity.PublicitySubjectListed",
        "fundtrail.publicity.PublicitySubjectListed",
    ]
    started = events[0]
    assert started.min_working_days == 5
    assert started.last_working_day == "2025-03-10"
    assert started.earliest_end_at == "2025-03-10T16:00:00+00:00"
    assert started.start_at == w.now.isoformat()
    assert started.calendar_version.startswith("chinesecalendar==")
    p = publicity(w)
    assert p.entries == {"prj-1": 12 * WAN, "prj-2": 18 * WAN}
    assert p.open_objections == 0
    assert p.cleared_amount("prj-1", JUST_BEFORE_END) is None
    assert p.cleared_amount("prj-1", END) == 12 * WAN


def test_the_amount_on_the_list_must_equal_the_proposal() -> None:
    """HRB 第八条: FT-PUB-AMOUNT names the entry whose amount differs from the project's proposal."""
    w = world()
    entries = [{"subject_id": "prj-1", "amount_fen": 12 * WAN}, {"subject_id": "prj-2", "amount_fen": 17 * WAN}]
    w.refused(
        "miit-li", "publicity.start", start_args(entries=entries), rule="FT-PUB-AMOUNT", field="entries[1].amount_fen"
    )


def test_each_subject_is_a_proposed_project_of_the_batch_listed_once() -> None:
    """HRB 第八条 (HRB-8d order): only a proposed project of this batch, once on the list."""
    w = world()
    given_project(w, "prj-3", 0, 0)  # still at intake
    given_batch(w, "hrb-2025-2")
    given_project(w, "prj-4", 10 * WAN, 10 * WAN, batch_id="hrb-2025-2")
    twice = [{"subject_id": "prj-1", "amount_fen": 12 * WAN}, {"subject_id": "prj-1", "amount_fen": 12 * WAN}]
    w.refused(
        "miit-li", "publicity.start", start_args(entries=twice), rule="FT-PUB-SUBJECT", field="entries[1].subject_id"
    )
    for entry in ({"subject_id": "prj-3", "amount_fen": WAN}, {"subject_id": "prj-4", "amount_fen": 10 * WAN}):
        w.refused(
            "miit-li",
            "publicity.start",
            start_args(entries=[entry]),
            rule="FT-PUB-SUBJECT",
            field="entries[0].subject_id",
        )
    w.refused(
        "miit-li",
        "publicity.start",
        start_args(entries=[{"subject_id": "prj-9", "amount_fen": WAN}]),
        rule="FT-NOT-FOUND",
        field="entries[0].subject_id",
    )


def test_working_days_default_to_the_batch_and_may_not_be_lower() -> None:
    """HLJ 第四条（三） (≥ 5 working days), A5 configurable per batch: FT-PUB-DAYS."""
    w = world()
    w.refused("miit-li", "publicity.start", start_args(working_days=4), rule="FT-PUB-DAYS", field="working_days")
    started = w.when("miit-li", "publicity.start", start_args(working_days=7))[0]
    assert started.min_working_days == 7
    assert started.last_working_day == "2025-03-12"


def test_the_list_kind_must_be_known() -> None:
    """docs/decisions.md §24: FT-PUB-KIND names the field and the known kinds."""
    w = world()
    e = w.refused("miit-li", "publicity.start", start_args(list_kind="award"), rule="FT-PUB-KIND", field="list_kind")
    assert "transformation_subsidy" in e.detail


def test_the_start_date_is_the_day_the_list_is_recorded() -> None:
    """A5 (the window counts from the day the list goes up) and docs/decisions.md §10: FT-DATE. A start typed
    earlier than the recording day would shorten the public's window, or skip it (found in review)."""
    w = world()
    w.refused("miit-li", "publicity.start", start_args(start_on="2025-03-04"), rule="FT-DATE", field="start_on")
    w.refused("miit-li", "publicity.start", start_args(start_on="2025-02-24"), rule="FT-DATE", field="start_on")


def test_a_publicity_id_is_used_once_and_only_the_city_starts_one() -> None:
    """HRB 第八条 / 第三条（一）: FT-PUB-UNIQUE; an applicant lacks the role (FT-ROLE)."""
    w = world()
    w.refused("ent-a", "publicity.start", start_args(), rule="FT-ROLE")
    w.when("miit-li", "publicity.start", start_args())
    w.refused("miit-li", "publicity.start", start_args(), rule="FT-PUB-UNIQUE", field="publicity_id")


def test_a_subject_on_an_open_publicity_is_not_listed_again_until_it_is_released() -> None:
    """HRB 第八条: FT-PUB-OPEN while the first list holds the subject; allowed after it completed."""
    w = world()
    w.when("miit-li", "publicity.start", start_args())
    second = start_args(publicity_id="pub-2025-2", entries=[{"subject_id": "prj-2", "amount_fen": 18 * WAN}])
    w.refused("miit-li", "publicity.start", second, rule="FT-PUB-OPEN", field="entries[0].subject_id")
    w.when("miit-li", "publicity.complete", {"publicity_id": "pub-2025-1"}, at=END)
    events = w.when("miit-li", "publicity.start", {**second, "start_on": "2025-03-11"}, at=END + timedelta(hours=10))
    assert "fundtrail.publicity.PublicitySubjectListedAgain" in topics(events)


# -- completion ---------------------------------------------------------------------------------------


def test_completion_waits_for_the_end_of_the_last_working_day() -> None:
    """HRB 第八条, A5: FT-PUB-WINDOW before 24:00 of the 5th working day (ledger clock); then completes."""
    w = world()
    w.when("miit-li", "publicity.start", start_args())
    w.refused("miit-li", "publicity.complete", {"publicity_id": "pub-2025-1"}, rule="FT-PUB-WINDOW", at=JUST_BEFORE_END)
    done = w.when("miit-li", "publicity.complete", {"publicity_id": "pub-2025-1"}, at=END)[0]
    assert done.result == "no_objection"
    assert done.objections_total == 0
    assert done.ended_at == END.isoformat()
    w.refused("miit-li", "publicity.complete", {"publicity_id": "pub-2025-1"}, rule="FT-PUB-COMPLETED", at=END)


def test_completion_is_refused_while_an_objection_is_open() -> None:
    """HRB 第八条 "公示期满无异议", A6: FT-PUB-CLEAR; the subject is not cleared while its objection is open."""
    w = world()
    w.when("miit-li", "publicity.start", start_args())
    received = w.when("miit-li", "publicity.receive_objection", objection())[0]
    assert received.within_window is True
    assert received.objector_commitment == OBJECTOR
    assert publicity(w).open_objections == 1
    w.refused("miit-li", "publicity.complete", {"publicity_id": "pub-2025-1"}, rule="FT-PUB-CLEAR", at=END)
    assert publicity(w).cleared_amount("prj-1", END) is None
    assert publicity(w).cleared_amount("prj-2", END) == 18 * WAN
    w.when("miit-zhao", "publicity.resolve_objection", resolution())
    assert publicity(w).cleared_amount("prj-1", END) == 12 * WAN
    done = w.when("miit-li", "publicity.complete", {"publicity_id": "pub-2025-1"}, at=END)[0]
    assert (done.result, done.objections_total, done.objections_dismissed) == ("objections_resolved", 1, 1)


# -- objections (A6) ---------------------------------------------------------------------------------------


def test_an_upheld_decrease_changes_the_amount_without_restarting() -> None:
    """A6: a decrease needs no restart; the lower amount clears at the list's own end."""
    w = world()
    w.when("miit-li", "publicity.start", start_args())
    w.when("miit-li", "publicity.receive_objection", objection())
    events = w.when(
        "miit-zhao",
        "publicity.resolve_objection",
        resolution(outcome="upheld", action="change_amount", new_amount_fen=10 * WAN),
        at=beijing(2025, 3, 6),
    )
    assert topics(events) == [
        "fundtrail.publicity.ObjectionResolved",
        "fundtrail.publicity.PublicityEntryAmountChanged",
    ]
    assert events[1].restarted is False
    p = publicity(w)
    assert p.entries["prj-1"] == 10 * WAN
    assert p.earliest_end_at == "2025-03-10T16:00:00+00:00"
    assert p.cleared_amount("prj-1", END) == 10 * WAN
    w.when("miit-li", "publicity.complete", {"publicity_id": "pub-2025-1"}, at=END)


def test_an_upheld_increase_restarts_that_entry_from_the_resolutions_local_date() -> None:
    """A6 (FT-PUB-RESTART): an increase restarts publicity for that entry only; its own end is recomputed
    (resolved Thu 2025-03-06 → 5 working days → Thu 03-13, ends 24:00)."""
    w = world()
    w.when("miit-li", "publicity.start", start_args())
    w.when("miit-li", "publicity.receive_objection", objection())
    events = w.when(
        "miit-zhao",
        "publicity.resolve_objection",
        resolution(outcome="upheld", action="change_amount", new_amount_fen=15 * WAN),
        at=beijing(2025, 3, 6),
    )
    changed = events[1]
    assert changed.restarted is True
    assert changed.restart["restart_on"] == "2025-03-06"
    assert changed.restart["calendar_version"].startswith("chinesecalendar==")
    assert changed.entry_last_working_day == "2025-03-13"
    restarted_end = beijing(2025, 3, 14, 0, 0)
    p = publicity(w)
    assert p.earliest_end_at == restarted_end.isoformat()
    assert p.cleared_amount("prj-1", END) is None
    assert p.cleared_amount("prj-2", END) == 18 * WAN
    assert p.cleared_amount("prj-1", restarted_end) == 15 * WAN
    w.refused("miit-li", "publicity.complete", {"publicity_id": "pub-2025-1"}, rule="FT-PUB-WINDOW", at=END)
    w.when("miit-li", "publicity.complete", {"publicity_id": "pub-2025-1"}, at=restarted_end)


def test_an_increase_may_not_exceed_the_projects_ceiling() -> None:
    """HRB 第四条（一） (HRB-4.1c): FT-PUB-CEILING (prj-1's ceiling is 15万)."""
    w = world()
    w.when("miit-li", "publicity.start", start_args())
    w.when("miit-li", "publicity.receive_objection", objection())
    w.refused(
        "miit-zhao",
        "publicity.resolve_objection",
        resolution(outcome="upheld", action="change_amount", new_amount_fen=15 * WAN + 1),
        rule="FT-PUB-CEILING",
        field="new_amount_fen",
    )


def test_an_upheld_withdrawal_removes_the_entry_and_moots_its_other_objections() -> None:
    """A6: withdrawn entries leave the list (no restart); the subject is listed again only once proposed again."""
    w = world()
    w.when("miit-li", "publicity.start", start_args())
    w.when("miit-li", "publicity.receive_objection", objection("obj-1"))
    w.when("miit-li", "publicity.receive_objection", objection("obj-2"))
    events = w.when(
        "miit-zhao", "publicity.resolve_objection", resolution("obj-1", outcome="upheld", action="withdraw")
    )
    assert topics(events) == [
        "fundtrail.publicity.ObjectionResolved",
        "fundtrail.publicity.PublicityEntryWithdrawn",
        "fundtrail.publicity.PublicitySubjectWithdrawn",  # no list takes it again until it is proposed again
    ]
    assert events[1].moot_objections == ["obj-2"]
    p = publicity(w)
    assert p.entries == {"prj-2": 18 * WAN}
    assert p.open_objections == 0
    assert p.cleared_amount("prj-1", END) is None
    w.refused("miit-li", "publicity.receive_objection", objection("obj-3"), rule="FT-PUB-ON-LIST", field="subject_id")
    relist = start_args(publicity_id="pub-2025-2", entries=[{"subject_id": "prj-1", "amount_fen": 12 * WAN}])
    w.refused("miit-li", "publicity.start", relist, rule="FT-PUB-SUBJECT", field="entries[0].subject_id")
    again = w.store[project_stream("prj-1")]  # proposed again (as project.propose_subsidy would)
    with command_time(w.now):
        again._subsidy_proposed(
            amount_fen=12 * WAN,
            ceiling_fen=12 * WAN,
            reason_code=None,
            reason=None,
            policy_version_id="hrb-2024-v1",
            policy_hash=SHA,
            explanation={"ceiling_fen": 12 * WAN},
        )
        again.collect_events()
    w.when("miit-li", "publicity.start", relist)
    done = w.when("miit-li", "publicity.complete", {"publicity_id": "pub-2025-1"}, at=END)[0]
    assert done.withdrawn == ["prj-1"]
    assert done.entries == [{"subject_id": "prj-2", "amount_fen": 18 * WAN}]


def test_a_late_objection_is_recorded_flagged_and_must_still_be_resolved() -> None:
    """A6 (FT-PUB-LATE): received after the last working day → within_window false; it blocks clearing
    and completion until resolved."""
    w = world()
    w.when("miit-li", "publicity.start", start_args())
    on_last_day = w.when(
        "miit-li",
        "publicity.receive_objection",
        objection("obj-1", received_on="2025-03-10"),
        at=beijing(2025, 3, 10, 17),
    )[0]
    assert on_last_day.within_window is True
    w.when("miit-zhao", "publicity.resolve_objection", resolution("obj-1"), at=beijing(2025, 3, 10, 18))
    late = w.when(
        "miit-li",
        "publicity.receive_objection",
        objection("obj-2", subject_id="prj-2", received_on="2025-03-11"),
        at=beijing(2025, 3, 11, 9),
    )[0]
    assert late.within_window is False
    assert late.window_last_day == "2025-03-10"
    p = publicity(w)
    assert p.cleared_amount("prj-2", beijing(2025, 3, 11, 9)) is None
    w.refused(
        "miit-li", "publicity.complete", {"publicity_id": "pub-2025-1"}, rule="FT-PUB-CLEAR", at=beijing(2025, 3, 11, 9)
    )
    w.when("miit-zhao", "publicity.resolve_objection", resolution("obj-2"), at=beijing(2025, 3, 11, 10))
    done = w.when("miit-li", "publicity.complete", {"publicity_id": "pub-2025-1"}, at=beijing(2025, 3, 11, 11))[0]
    assert (done.objections_total, done.objections_late) == (2, 1)


def test_objection_dates_lie_between_the_start_and_the_ledgers_local_date() -> None:
    """docs/decisions.md §10: FT-DATE for a received_on before the start or after today."""
    w = world()
    w.when("miit-li", "publicity.start", start_args())
    w.refused(
        "miit-li",
        "publicity.receive_objection",
        objection(received_on="2025-03-02"),
        rule="FT-DATE",
        field="received_on",
    )
    w.refused(
        "miit-li",
        "publicity.receive_objection",
        objection(received_on="2025-03-04"),
        rule="FT-DATE",
        field="received_on",
    )


def test_objections_are_recorded_once_and_resolved_once_with_a_consistent_action() -> None:
    """HRB 第八条, A6: FT-PUB-OBJECTION (duplicate id, unknown id, action without upholding, upheld without
    action, a second resolution); FT-PUB-ON-LIST for a subject not on the list."""
    w = world()
    given_project(w, "prj-3", 5 * WAN, 5 * WAN)
    w.when("miit-li", "publicity.start", start_args())
    w.refused(
        "miit-li",
        "publicity.receive_objection",
        objection(subject_id="prj-3"),
        rule="FT-PUB-ON-LIST",
        field="subject_id",
    )
    w.when("miit-li", "publicity.receive_objection", objection())
    w.refused("miit-li", "publicity.receive_objection", objection(), rule="FT-PUB-OBJECTION", field="objection_id")
    w.refused(
        "miit-zhao", "publicity.resolve_objection", resolution("obj-9"), rule="FT-PUB-OBJECTION", field="objection_id"
    )
    w.refused(
        "miit-zhao",
        "publicity.resolve_objection",
        resolution(action="withdraw"),
        rule="FT-PUB-OBJECTION",
        field="action",
    )
    w.refused(
        "miit-zhao",
        "publicity.resolve_objection",
        resolution(outcome="upheld"),
        rule="FT-PUB-OBJECTION",
        field="action",
    )
    w.refused(
        "miit-zhao",
        "publicity.resolve_objection",
        resolution(outcome="upheld", action="change_amount", new_amount_fen=12 * WAN),
        rule="FT-PUB-OBJECTION",
        field="new_amount_fen",
    )
    w.refused(
        "miit-zhao",
        "publicity.resolve_objection",
        resolution(outcome="maybe"),
        rule="FT-PUB-OBJECTION",
        field="outcome",
    )
    w.when("miit-zhao", "publicity.resolve_objection", resolution())
    w.refused("miit-zhao", "publicity.resolve_objection", resolution(), rule="FT-PUB-OBJECTION", field="objection_id")


def test_replay_restores_the_stored_deadlines_without_consulting_the_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    """A5: deadlines are stored in the events and never recomputed on replay."""
    w = world()
    w.when("miit-li", "publicity.start", start_args())
    w.when("miit-li", "publicity.receive_objection", objection())
    w.when(
        "miit-zhao",
        "publicity.resolve_objection",
        resolution(outcome="upheld", action="change_amount", new_amount_fen=15 * WAN),
        at=beijing(2025, 3, 6),
    )
    stored = publicity(w)

    def no_calendar(day: date) -> bool:
        raise AssertionError(f"replay consulted the calendar for {day}")

    monkeypatch.setattr(chinese_calendar, "is_workday", no_calendar)
    replayed = None
    for e in [e for e in w.log if e.originator_id == stored.id]:
        replayed = e.mutate(replayed)
    assert isinstance(replayed, Publicity)
    assert replayed.__dict__ == stored.__dict__
