"""Assessment and acceptance (HRB 第四条（一）, 第四条（四）; A17, A26)."""

from __future__ import annotations

from tests.domain.test_project_given import acceptance_args
from tests.domain.test_project_given import assess
from tests.domain.test_project_given import assessment_args
from tests.domain.test_project_given import intake
from tests.domain.test_project_given import project
from tests.domain.test_project_given import to_pool
from tests.domain.test_project_given import track
from tests.domain.test_project_given import world


def in_pool(pid: str = "P1"):
    w = world()
    intake(w, pid)
    to_pool(w, pid)
    return w


def test_hrb_article_4_1_post_level_1_cannot_pass_acceptance() -> None:
    """HRB 第四条（一） (HRB-4.1b): "改造后达到数字化水平评测二级水平" — a level-1 post assessment is recorded,
    but an acceptance review saying passed is refused; a failed review is recorded and the project stays."""
    w = in_pool()
    assess(w, "P1", pre=1, post=1)
    e = w.refused("tp", "project.record_acceptance", acceptance_args("P1"), rule="FT-PRJ-POST-LEVEL", field="result")
    assert "level is 1" in e.detail
    w.when("tp", "project.record_acceptance", acceptance_args("P1", "failed"))
    assert project(w, "P1").state == "assessed"
    # a re-assessment at level 2 opens the way
    w.when("tp", "project.record_assessment", assessment_args("P1", "post", 2, report_sha256="b" * 64))
    w.when("miit", "project.record_acceptance", acceptance_args("P1"))
    assert project(w, "P1").state == "accepted"
    assert [a["result"] for a in project(w, "P1").acceptances] == ["failed", "passed"]


def test_a17_warns_when_the_post_level_is_not_above_the_baseline_or_the_baseline_is_already_level_2() -> None:
    """HRB 第四条（一）, A17 (WARN, R12): pre 2 → post 2 is recorded with two warnings for the task force."""
    w = in_pool()
    baseline = w.when("tp", "project.record_assessment", assessment_args("P1", "baseline", 2))
    assert [x["rule"] for x in baseline[0].warnings] == ["FT-PRJ-LEVEL-TREND"]
    track(w, "P1")
    post = w.when("tp", "project.record_assessment", assessment_args("P1", "post", 2, mode="self"))
    details = [x["detail"] for x in post[0].warnings]
    assert {x["rule"] for x in post[0].warnings} == {"FT-PRJ-LEVEL-TREND"}
    assert any("self-assessment" in d for d in details)
    assert any("already level 2" in d for d in details)
    assert any("not above the baseline" in d for d in details)
    assert project(w, "P1").state == "assessed"


def test_a26_the_provider_cannot_accept_its_own_project() -> None:
    """HRB 第四条（四）, A26: the acceptance third party is not the project's provider (same organisation code);
    neither may it track or assess the project."""
    w = in_pool()
    w.refused(
        "provider-tp",
        "project.record_assessment",
        assessment_args("P1", "baseline", 1),
        rule="FT-PRJ-INDEPENDENT",
        field="envelope.actor",
    )
    assess(w, "P1")
    e = w.refused("provider-tp", "project.record_acceptance", acceptance_args("P1"), rule="FT-PRJ-INDEPENDENT")
    assert "own provider" in e.detail
