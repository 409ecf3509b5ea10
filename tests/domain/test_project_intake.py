"""Intake and order (HRB 第八条, 第四条（一）, 第五条; A15): one story per rule."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from domain.enterprise.rules import CREDIT
from domain.enterprise.rules import INDUSTRY
from domain.project import EnterpriseAccount
from domain.project import enterprise_account_stream
from tests.domain.memory import topics
from tests.domain.test_project_given import ENT_A
from tests.domain.test_project_given import ENT_B
from tests.domain.test_project_given import ENT_BAD
from tests.domain.test_project_given import PROGRAMME
from tests.domain.test_project_given import WAN
from tests.domain.test_project_given import acceptance_args
from tests.domain.test_project_given import accepted
from tests.domain.test_project_given import assessment_args
from tests.domain.test_project_given import intake
from tests.domain.test_project_given import intake_args
from tests.domain.test_project_given import project
from tests.domain.test_project_given import to_pool
from tests.domain.test_project_given import track
from tests.domain.test_project_given import verified
from tests.domain.test_project_given import verify_args
from tests.domain.test_project_given import world


def account(w, ent: str = ENT_A) -> EnterpriseAccount:
    return w.get(EnterpriseAccount, enterprise_account_stream(PROGRAMME, ent))


def test_hrb_article_8_steps_out_of_order_are_refused_naming_the_state() -> None:
    """HRB 第八条 (HRB-8d): no tracking before 入库, no post assessment before tracking, no acceptance before
    the assessment, no claim before acceptance, no verification before the claim, no proposal before it."""
    w = world()
    intake(w, "P1")
    report = {
        "project_id": "P1",
        "report_id": "TR-1",
        "period": "2025Q1",
        "progress_pct": 10,
        "findings_sha256": "a" * 64,
        "reported_on": "2025-03-03",
    }
    e = w.refused("tp", "project.record_tracking_report", report, rule="FT-PRJ-ORDER", field="project_id")
    assert "'intake_requested'" in e.detail
    to_pool(w, "P1")
    w.refused("tp", "project.record_assessment", assessment_args("P1", "post", 2), rule="FT-PRJ-ORDER")
    w.refused("tp", "project.record_acceptance", acceptance_args("P1"), rule="FT-PRJ-ORDER")
    w.refused("district", "project.submit_claim", {"project_id": "P1"}, rule="FT-PRJ-ORDER")
    w.refused("miit", "project.verify_investment", verify_args("P1", [("L1", "software", WAN)]), rule="FT-PRJ-ORDER")
    e = w.refused("miit", "project.propose_subsidy", {"project_id": "P1", "amount_fen": WAN}, rule="FT-PRJ-ORDER")
    assert "'in_pool'" in e.detail
    # the intake is decided once
    decision = {"project_id": "P1", "decision": "approve", "decided_on": "2025-03-03"}
    w.refused("miit", "project.decide_intake", decision, rule="FT-PRJ-ORDER")
    track(w, "P1")
    # a baseline assessment comes before the post assessment, never after it
    w.when("tp", "project.record_assessment", assessment_args("P1", "post", 2))
    w.refused("tp", "project.record_assessment", assessment_args("P1", "baseline", 1), rule="FT-PRJ-ORDER")


def test_hrb_article_8_a_project_id_is_requested_once() -> None:
    """HRB 第八条: one project id, one intake request."""
    w = world()
    intake(w, "P1")
    w.refused("district", "project.request_intake", intake_args("P1", ENT_B), rule="FT-PRJ-UNIQUE", field="project_id")


def test_hrb_article_8_intake_only_while_the_batch_is_open() -> None:
    """HRB 第八条 (批次入库): a request after the intake window is refused under the record clock."""
    w = world()
    late = datetime(2025, 7, 1, 2, 0, tzinfo=UTC)
    w.refused(
        "district", "project.request_intake", intake_args("P1"), rule="FT-PRJ-INTAKE-OPEN", field="batch_id", at=late
    )


def test_hrb_article_5_an_ineligible_enterprise_is_refused_with_the_first_problem() -> None:
    """HRB 第五条（一）: an enterprise outside the pilot industries (a 酒 maker, GB/T 4754 1511) is refused under
    the enterprise register's rule, naming its field."""
    w = world()
    w.refused("district", "project.request_intake", intake_args("P1", ENT_BAD), rule=INDUSTRY.id, field="industry_code")


def test_hrb_article_5_3_an_applicant_acts_only_for_its_own_enterprise() -> None:
    """HRB 第五条（三）: applicant A may not request intake (or submit evidence) for enterprise B."""
    w = world()
    w.refused(
        "applicant-a",
        "project.request_intake",
        intake_args("P1", ENT_B),
        rule="FT-PRJ-OWN",
        field="enterprise_uscc",
    )
    intake(w, "P2", ENT_B)
    w.refused("applicant-a", "project.withdraw", {"project_id": "P2", "reason": "不做了"}, rule="FT-PRJ-OWN")


def test_hrb_article_4_1_a_fourth_active_project_is_refused() -> None:
    """HRB 第四条（一） (HRB-4.1d, A15): at most 3 projects in flight or approved; a withdrawn or rejected one
    gives its slot back, so a 4th can then be requested."""
    w = world()
    for pid in ("P1", "P2", "P3"):
        intake(w, pid)
    e = w.refused(
        "district", "project.request_intake", intake_args("P4"), rule="FT-PRJ-ACTIVE-CAP", field="enterprise_uscc"
    )
    assert "P1, P2, P3" in e.detail
    # another enterprise is not affected
    intake(w, "Q1", ENT_B)
    # a rejection frees a slot
    reject = {"project_id": "P2", "decision": "reject", "decided_on": "2025-03-03", "reasons": ["改造范围不符"]}
    events = w.when("miit", "project.decide_intake", reject)
    assert topics(events) == ["fundtrail.project.IntakeRejected", "fundtrail.project.AccountProjectVacated"]
    assert project(w, "P2").state == "rejected"
    intake(w, "P4")
    # and so does a withdrawal
    w.refused("district", "project.request_intake", intake_args("P5"), rule="FT-PRJ-ACTIVE-CAP")
    w.when("applicant-a", "project.withdraw", {"project_id": "P3", "reason": "企业自愿撤回"})
    intake(w, "P5")
    assert account(w).active_projects == ["P1", "P4", "P5"]


def test_hrb_article_4_1_a_rejection_gives_its_reasons() -> None:
    """HRB 第四条（一）, A2: 不予入库 states why."""
    w = world()
    intake(w, "P1")
    reject = {"project_id": "P1", "decision": "reject", "decided_on": "2025-03-03"}
    w.refused("miit", "project.decide_intake", reject, rule="FT-PRJ-REASON", field="reasons")


def test_decisions_10_business_dates_are_not_after_the_ledger_day() -> None:
    """docs/decisions.md §10: a decision dated tomorrow is refused; a planned end before its start too."""
    w = world()
    w.refused(
        "district",
        "project.request_intake",
        intake_args("P1", planned_start="2025-09-30", planned_end="2025-03-01"),
        rule="FT-DATE",
        field="planned_end",
    )
    intake(w, "P1")
    tomorrow = {"project_id": "P1", "decision": "approve", "decided_on": "2025-03-04"}
    w.refused("miit", "project.decide_intake", tomorrow, rule="FT-DATE", field="decided_on")


def test_withdrawal_and_termination_release_the_reservation_and_the_slot() -> None:
    """HRB 第四条（一）, A15: a withdrawn proposal gives back its 50万 share and its slot; an approved project
    cannot be withdrawn; a terminated one (before approval) releases both too."""
    w = world()
    verified(w, "P1", 30 * WAN)
    w.when("miit", "project.propose_subsidy", {"project_id": "P1", "amount_fen": 18 * WAN})
    assert account(w).committed_fen == 18 * WAN
    events = w.when("miit", "project.withdraw", {"project_id": "P1", "reason": "企业放弃"})
    assert topics(events) == [
        "fundtrail.project.Withdrawn",
        "fundtrail.project.AccountAmountReleased",
        "fundtrail.project.AccountProjectVacated",
    ]
    assert (account(w).committed_fen, account(w).active_projects) == (0, [])
    w.refused("miit", "project.withdraw", {"project_id": "P1", "reason": "again"}, rule="FT-PRJ-ORDER")
    accepted(w, "P2")
    w.when(
        "miit",
        "project.terminate",
        {"project_id": "P2", "reason": "试点期结束未提交凭据", "legal_basis": "HRB 第六条（三）"},
    )
    assert project(w, "P2").state == "terminated"
    assert account(w).active_projects == []


def test_hrb_article_5_eligibility_is_judged_again_when_the_project_enters_the_pool() -> None:
    """HRB 第五条（二）, A13: a serious-dishonesty finding recorded after the request stops 入库 (the enterprise
    register's rule); the bureau can still reject the project with its reasons."""
    w = world()
    intake(w, "P1")
    w.when(
        "miit",
        "enterprise.record_credit_check",
        {
            "uscc": ENT_A,
            "source": "信用中国",
            "queried_at": "2025-03-03T09:00:00+08:00",
            "abnormal_operation_list": False,
            "serious_dishonesty": True,
            "major_accident": False,
            "tax_violation": False,
            "window_from": "2022-01-01",
            "window_to": "2025-03-03",
            "snapshot_sha256": "e" * 64,
        },
    )
    approve = {"project_id": "P1", "decision": "approve", "decided_on": "2025-03-03"}
    e = w.refused("miit", "project.decide_intake", approve, rule=CREDIT.id)
    assert "serious_dishonesty" in e.field
    reject = {**approve, "decision": "reject", "reasons": ["严重失信主体"]}
    w.when("miit", "project.decide_intake", reject)
    assert (project(w, "P1").state, account(w).active_projects) == ("rejected", [])
