"""A project from intake to the proposed subsidy (HRB 第八条: 入库 → 跟踪 → 测评 → 验收 → 凭据 → 确认)."""

from __future__ import annotations

from domain.project import EnterpriseAccount
from domain.project import enterprise_account_stream
from domain.project.explain import explain
from tests.domain.memory import topics
from tests.domain.test_project_given import ENT_A
from tests.domain.test_project_given import PROGRAMME
from tests.domain.test_project_given import VERSION
from tests.domain.test_project_given import WAN
from tests.domain.test_project_given import accept
from tests.domain.test_project_given import assess
from tests.domain.test_project_given import evidence
from tests.domain.test_project_given import intake_args
from tests.domain.test_project_given import project
from tests.domain.test_project_given import propose
from tests.domain.test_project_given import to_pool
from tests.domain.test_project_given import track
from tests.domain.test_project_given import verify_args
from tests.domain.test_project_given import world


def test_hrb_article_8_full_story_from_intake_to_the_proposed_subsidy() -> None:
    """HRB 第八条, 第四条（一）: a 40万 software + cloud project of an eligible enterprise → 24万 proposed."""
    w = world()
    # given an applicant enterprise asks for intake in an open batch
    events = w.when("applicant-a", "project.request_intake", intake_args("P1"))
    assert topics(events) == [
        "fundtrail.project.IntakeRequested",
        "fundtrail.project.AccountOpened",
        "fundtrail.project.AccountProjectAdmitted",
    ]
    p = project(w, "P1")
    assert (p.state, p.programme_id, p.policy_version_id) == ("intake_requested", PROGRAMME, VERSION)
    # when the city bureau takes it into the pool and the third party tracks, assesses and accepts it
    to_pool(w, "P1")
    assert project(w, "P1").state == "in_pool"
    track(w, "P1")
    assert project(w, "P1").state == "tracking"
    post = assess(w, "P1", pre=1, post=3)
    assert topics(post) == ["fundtrail.project.PostAssessmentRecorded"]
    assert post[0].warnings == []
    assert project(w, "P1").state == "assessed"
    accept(w, "P1")
    assert project(w, "P1").state == "accepted"
    # and the enterprise submits its contract, invoice and bank voucher
    lines = [("L1", "software", 25 * WAN), ("L2", "cloud", 15 * WAN)]
    evidence(w, "P1", lines, by="applicant-a")
    claimed = w.when("applicant-a", "project.submit_claim", {"project_id": "P1"})
    assert topics(claimed) == ["fundtrail.project.ClaimSubmitted"]
    assert project(w, "P1").state == "evidenced"
    # then the city bureau verifies 40万 and proposes the ceiling: 60% of 40万 = 24万
    verified = w.when("miit", "project.verify_investment", verify_args("P1", lines))
    assert verified[0].verified_investment_fen == 40 * WAN
    assert project(w, "P1").verified_investment_fen == 40 * WAN
    proposed = propose(w, "P1", 24 * WAN)
    assert topics(proposed) == ["fundtrail.project.SubsidyProposed", "fundtrail.project.AccountAmountReserved"]
    e = proposed[0].explanation
    assert (e["policy_version_id"], e["bracket_label"], e["ratio_bp"]) == (VERSION, "30万至80万", 6000)
    assert (e["raw_fen"], e["ceiling_fen"], e["proposed_fen"]) == (24 * WAN, 24 * WAN, 24 * WAN)
    assert (e["enterprise_total_before_fen"], e["enterprise_total_after_fen"]) == (0, 24 * WAN)
    assert [c["binding"] for c in e["caps_applied"]] == [False, False]
    assert "第四条（一）" in e["articles"]
    assert len(e["policy_hash"]) == 64
    p = project(w, "P1")
    assert (p.state, p.proposed_fen, p.ceiling_fen) == ("proposed", 24 * WAN, 24 * WAN)
    account = w.get(EnterpriseAccount, enterprise_account_stream(PROGRAMME, ENT_A))
    assert (account.committed_fen, account.active_projects) == (24 * WAN, ["P1"])
    # and the explanation reads step by step, in both languages
    zh, en = explain(p, "zh"), explain(p, "en")
    assert "30万至80万" in zh and "240,000.00" in zh and "哈工信联规〔2024〕1号" in zh
    assert "ceiling 240,000.00 yuan" in en


def test_approval_interface_approves_at_most_the_ceiling_and_revises_the_entitlement() -> None:
    """HRB 第四条（一）, A28, A4: Project.approve refuses above the ceiling; revise_entitlement records the new one."""
    import pytest

    from domain.clock import command_time
    from domain.errors import RuleViolation
    from domain.policy.ceiling import compute_ceiling
    from domain.policy.params import SEED_PARAMS
    from tests.domain.test_project_given import verified

    w = world()
    verified(w, "P1", 30 * WAN)
    propose(w, "P1", 18 * WAN)
    p = project(w, "P1")
    with command_time(w.now):
        with pytest.raises(RuleViolation) as info:
            p.approve("APR-1", 18 * WAN + 1)
        assert info.value.rule == "FT-PRJ-CEILING"
        p.approve("APR-1", 17 * WAN)
        lower = compute_ceiling(
            SEED_PARAMS,
            version_id=VERSION,
            version_hash="0" * 64,
            verified_investment_fen=20 * WAN,
            enterprise_prior_fen=0,
        )
        p.revise_entitlement(20 * WAN, lower.explanation(), "one invoice voided (作废)")
    assert (p.state, p.approved_fen, p.approval_id, p.entitlement_fen) == ("approved", 17 * WAN, "APR-1", 14 * WAN)
    assert "approved 170,000.00 yuan" in explain(p, "en")
