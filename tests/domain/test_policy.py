"""Policy versions (政策参数版本), story by story: HRB 第四条（一）, 第八条, 第十一条, 第十八条; A1, A3, A24.

Given a programme, 市工信局 drafts the parameters of the measures as a version, another person of
市工信局 records the approving decision, the version is activated, and later superseded.
"""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC
from datetime import datetime
from typing import Any

from domain.policy.aggregate import PolicyVersion
from domain.policy.aggregate import policy_version_stream
from domain.policy.ceiling import compute_ceiling
from domain.policy.params import SEED_PARAMS
from domain.policy.params import PolicyParams
from domain.programme.aggregate import Programme
from domain.programme.aggregate import programme_stream
from domain.roles import Role
from tests.domain.memory import World
from tests.domain.memory import topics

WAN = 1_000_000
PROGRAMME = "HRB-SZH-2024"
V1 = "HRB-2024-v1"
DRAFTER = "miit-li"
APPROVER = "miit-wang"
FINANCE = "fin-zhao"
CLERK = "gov-clerk"
MEASURES = {"doc_no": "哈工信联规〔2024〕1号", "title": "哈尔滨市中小企业数字化转型城市试点专项资金管理办法（暂行）"}


def seed_params(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(SEED_PARAMS.to_dict())
    data.update(changes)
    return data


def programme_args(programme_id: str = PROGRAMME) -> dict[str, Any]:
    return {
        "programme_id": programme_id,
        "name": "哈尔滨市中小企业数字化转型城市试点专项资金",
        "fund_source": "central",
        "legal_basis": [
            {**MEASURES, "articles": ["第一条", "第十八条"]},
            {
                "doc_no": "财建〔2023〕117号",
                "title": "关于开展中小企业数字化转型城市试点工作的通知",
                "articles": ["全文"],
            },
        ],
        "valid_from": "2024-10-15",
        "valid_to": "2025-12-31",
    }


def draft_args(version_id: str = V1, params: dict[str, Any] | None = None, **more: Any) -> dict[str, Any]:
    return {
        "version_id": version_id,
        "programme_id": PROGRAMME,
        "parameters": params if params is not None else seed_params(),
        "source_documents": [{**MEASURES, "articles": ["第四条（一）", "第八条", "第十一条"]}],
        "effective_from": "2024-10-15",
        **more,
    }


def approve_args(version_id: str = V1, **more: Any) -> dict[str, Any]:
    return {"version_id": version_id, "decision_doc_no": "哈工信发〔2024〕88号", "decided_on": "2024-11-01", **more}


def given_programme(w: World) -> None:
    """Given: the actors and an established programme (no money yet)."""
    w.actor(DRAFTER, Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor(APPROVER, Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor(FINANCE, Role.CITY_FINANCE, org_code="HRB-FIN", org_kind="city_finance")
    w.actor(CLERK, Role.CITY_GOV_CLERK, org_code="HRB-GOV", org_kind="city_gov")
    w.when(FINANCE, "programme.establish", programme_args())


def given_active_policy(w: World, version_id: str = V1, params: dict[str, Any] | None = None, **more: Any) -> None:
    """Given: a version drafted, approved by another person, and active."""
    w.when(DRAFTER, "policy.draft", draft_args(version_id, params, **more))
    w.when(APPROVER, "policy.approve", approve_args(version_id))
    w.when(DRAFTER, "policy.activate", {"version_id": version_id})


def version(w: World, version_id: str = V1) -> PolicyVersion:
    return w.get(PolicyVersion, policy_version_stream(version_id))


# -- drafting ---------------------------------------------------------------------------------------


def test_hrb_article_4_1_the_seed_is_drafted_with_its_canonical_hash_and_checks() -> None:
    """HRB 第四条（一）, A3: the parameters are stored with sha256 of their canonical JSON; A24: from 2024-10-15."""
    w = World()
    given_programme(w)
    events = w.when(DRAFTER, "policy.draft", draft_args())
    assert topics(events) == ["fundtrail.policy.Drafted"]
    v = version(w)
    canonical = json.dumps(SEED_PARAMS.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert v.params_hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert (v.status, v.programme_id, v.effective_from, v.effective_to) == (
        "drafted",
        PROGRAMME,
        "2024-10-15",
        "2025-12-31",
    )
    assert v.parameters() == SEED_PARAMS
    assert "FT-POL-MONOTONE" in v.checks and v.warnings == []


def test_the_seed_round_trips_through_to_dict() -> None:
    """HRB-4.1e: what a version stores is what a batch computes with."""
    assert PolicyParams.from_dict(json.loads(json.dumps(SEED_PARAMS.to_dict()))) == SEED_PARAMS
    labels = [(b.lower_fen, b.lower_inclusive, b.upper_fen, b.upper_inclusive) for b in SEED_PARAMS.brackets]
    assert labels == [(0, True, 30 * WAN, True), (30 * WAN, False, 80 * WAN, True), (80 * WAN, False, None, False)]


def test_a3_a_version_id_is_drafted_once() -> None:
    """A3: one version id, one set of parameters (they never change: a new version is a new id)."""
    w = World()
    given_programme(w)
    w.when(DRAFTER, "policy.draft", draft_args())
    w.refused(DRAFTER, "policy.draft", draft_args(), rule="FT-POL-UNIQUE", field="version_id")


def test_a_version_belongs_to_an_established_programme() -> None:
    w = World()
    given_programme(w)
    w.refused(
        DRAFTER, "policy.draft", {**draft_args(), "programme_id": "NOPE"}, rule="FT-NOT-FOUND", field="programme_id"
    )


def test_hrb_article_3_only_city_miit_drafts() -> None:
    """HRB 第三条（一）: 市工信局 sets the measures; 市财政局 does not draft them."""
    w = World()
    given_programme(w)
    w.refused(FINANCE, "policy.draft", draft_args(), rule="FT-ROLE")


def test_hrb_article_4_1_ratio_outside_0_to_10000_bp_is_refused() -> None:
    """HRB 第四条（一） 补贴比例: a ratio of 0 or above 100% is no ratio."""
    w = World()
    given_programme(w)
    for bad in (0, 10_001, -5):
        params = seed_params()
        params["brackets"][1]["ratio_bp"] = bad
        w.refused(
            DRAFTER,
            "policy.draft",
            draft_args(params=params),
            rule="FT-POL-RATIO",
            field="parameters.brackets[1].ratio_bp",
        )


def test_hrb_article_4_caps_must_be_positive() -> None:
    """HRB 第四条: a cap of 0 分 would forbid what the article supports."""
    w = World()
    given_programme(w)
    params = seed_params()
    params["brackets"][0]["cap_fen"] = 0
    w.refused(
        DRAFTER, "policy.draft", draft_args(params=params), rule="FT-POL-CAP", field="parameters.brackets[0].cap_fen"
    )
    w.refused(
        DRAFTER,
        "policy.draft",
        draft_args(params=seed_params(enterprise_cap_fen=0)),
        rule="FT-POL-CAP",
        field="parameters.enterprise_cap_fen",
    )
    caps = {**SEED_PARAMS.category_caps_fen, "training": 0}
    w.refused(
        DRAFTER,
        "policy.draft",
        draft_args(params=seed_params(category_caps_fen=caps)),
        rule="FT-POL-CAP",
        field="parameters.category_caps_fen.training",
    )


def test_a1_brackets_with_a_gap_an_overlap_or_a_bounded_end_are_refused() -> None:
    """A1: [0, 30万], (30万, 80万], (80万, ∞): each boundary belongs to exactly one bracket."""
    w = World()
    given_programme(w)
    gap = seed_params()
    gap["brackets"][1]["lower_fen"] = 31 * WAN
    w.refused(
        DRAFTER,
        "policy.draft",
        draft_args(params=gap),
        rule="FT-POL-BRACKETS",
        field="parameters.brackets[1].lower_fen",
    )
    overlap = seed_params()
    overlap["brackets"][1]["lower_inclusive"] = True  # 30万 in both brackets
    w.refused(
        DRAFTER,
        "policy.draft",
        draft_args(params=overlap),
        rule="FT-POL-BRACKETS",
        field="parameters.brackets[1].lower_fen",
    )
    neither = seed_params()
    neither["brackets"][0]["upper_inclusive"] = False  # 30万 in no bracket
    w.refused(
        DRAFTER,
        "policy.draft",
        draft_args(params=neither),
        rule="FT-POL-BRACKETS",
        field="parameters.brackets[1].lower_fen",
    )
    bounded = seed_params()
    bounded["brackets"][2]["upper_fen"] = 1000 * WAN
    w.refused(
        DRAFTER,
        "policy.draft",
        draft_args(params=bounded),
        rule="FT-POL-BRACKETS",
        field="parameters.brackets[2].upper_fen",
    )
    late_start = seed_params()
    late_start["brackets"][0]["lower_fen"] = 1
    w.refused(
        DRAFTER,
        "policy.draft",
        draft_args(params=late_start),
        rule="FT-POL-BRACKETS",
        field="parameters.brackets[0].lower_fen",
    )


def test_a1_a_ceiling_that_falls_at_a_boundary_is_refused() -> None:
    """A1 (HRB 第四条（一）): at 30万 + 1分 a 50% second bracket gives 15万 < 18万 at 30万: not monotone."""
    w = World()
    given_programme(w)
    params = seed_params()
    params["brackets"][1]["ratio_bp"] = 5000
    e = w.refused(
        DRAFTER, "policy.draft", draft_args(params=params), rule="FT-POL-MONOTONE", field="parameters.brackets[1]"
    )
    assert "18000000" in e.detail and "15000000" in e.detail


def test_a1_monotonicity_is_checked_exactly_to_the_fen_at_the_boundary() -> None:
    """A1: the seed is monotone with equality at 30万 (18万 = floor(60% × 300,000.01元)); one 分 more on the
    first cap makes 30万 worth more than 30万 + 1分, and the version is refused."""
    w = World()
    given_programme(w)
    params = seed_params()
    params["brackets"][0]["cap_fen"] = 18 * WAN + 1
    w.refused(
        DRAFTER, "policy.draft", draft_args(params=params), rule="FT-POL-MONOTONE", field="parameters.brackets[1]"
    )
    params["brackets"][1]["ratio_bp"] = 6001  # floor(60.01% × 30,000,001 分) = 18,003,000 ≥ 18,000,001
    w.when(DRAFTER, "policy.draft", draft_args(params=params))


def test_hrb_article_11_first_tranche_below_70_percent_is_refused() -> None:
    """HRB 第十一条 "不低于70%": a version cannot lower the first tranche."""
    w = World()
    given_programme(w)
    w.refused(
        DRAFTER,
        "policy.draft",
        draft_args(params=seed_params(first_tranche_min_bp=6999)),
        rule="FT-POL-TRANCHE",
        field="parameters.first_tranche_min_bp",
    )


def test_hrb_article_8_earmark_below_80_percent_is_refused() -> None:
    """HRB 第八条 "80%用于" (A10: a floor)."""
    w = World()
    given_programme(w)
    w.refused(
        DRAFTER,
        "policy.draft",
        draft_args(params=seed_params(earmark_min_bp=7999)),
        rule="FT-POL-EARMARK",
        field="parameters.earmark_min_bp",
    )


def test_hrb_article_4_categories_are_those_of_the_article() -> None:
    """HRB 第四条: category caps only for its directions."""
    w = World()
    given_programme(w)
    caps = {**SEED_PARAMS.category_caps_fen, "banquets": 1}
    w.refused(
        DRAFTER,
        "policy.draft",
        draft_args(params=seed_params(category_caps_fen=caps)),
        rule="FT-POL-PARAMS",
        field="parameters.category_caps_fen.banquets",
    )
    w.refused(DRAFTER, "policy.draft", draft_args(params=seed_params(max_active_projects=0)), rule="FT-POL-PARAMS")


def test_hrb_article_18_the_effective_window_lies_within_the_measures() -> None:
    """HRB 第十八条 (A23): the measures run to 2025-12-31; a version cannot reach beyond its parameters' validity."""
    w = World()
    given_programme(w)
    w.refused(
        DRAFTER, "policy.draft", draft_args(effective_to="2026-06-30"), rule="FT-POL-WINDOW", field="effective_to"
    )
    w.refused(
        DRAFTER, "policy.draft", draft_args(effective_from="2024-10-01"), rule="FT-POL-WINDOW", field="effective_from"
    )
    w.refused(
        DRAFTER,
        "policy.draft",
        draft_args(effective_from="2025-06-01", effective_to="2025-05-31"),
        rule="FT-POL-WINDOW",
        field="effective_to",
    )
    w.refused(
        DRAFTER,
        "policy.draft",
        draft_args(params=seed_params(valid_from="2026-01-01")),
        rule="FT-POL-WINDOW",
        field="parameters.valid_to",
    )


def test_a3_parameters_above_the_published_measures_are_drafted_with_a_warning() -> None:
    """A3 (WARN): fine-tuning above 70% is recorded with a warning for the task force, not refused."""
    w = World()
    given_programme(w)
    params = seed_params()
    params["brackets"][0]["ratio_bp"] = 7500
    params["brackets"][0]["cap_fen"] = 18 * WAN  # still monotone: 7500 bp reaches the cap sooner
    events = w.when(DRAFTER, "policy.draft", draft_args(params=params))
    assert events[0].warnings == [
        {
            "rule": "FT-POL-ABOVE-MEASURES",
            "field": "parameters.brackets[0].ratio_bp",
            "detail": "7500 bp is above the published 7000 bp",
        }
    ]


def test_money_in_parameters_is_integer_fen() -> None:
    """docs/decisions.md §9: a float cap is refused by the money rule."""
    w = World()
    given_programme(w)
    params = seed_params()
    params["brackets"][0]["cap_fen"] = 180000.0
    w.refused(
        DRAFTER, "policy.draft", draft_args(params=params), rule="FT-MONEY", field="parameters.brackets[0].cap_fen"
    )


# -- approval, activation, supersession -------------------------------------------------------------


def test_approval_records_the_decision_by_another_person_and_freezes_the_parameters() -> None:
    """A3: approving body, decision number and date; the parameters and their hash are those drafted."""
    w = World()
    given_programme(w)
    w.when(DRAFTER, "policy.draft", draft_args())
    drafted_hash = version(w).params_hash
    events = w.when(APPROVER, "policy.approve", approve_args(params_hash=drafted_hash))
    assert topics(events) == ["fundtrail.policy.Approved"]
    assert events[0].decision_doc_no == "哈工信发〔2024〕88号" and events[0].params_hash == drafted_hash
    v = version(w)
    assert (v.status, v.approved_by, v.decided_on, v.params_hash) == ("approved", APPROVER, "2024-11-01", drafted_hash)
    w.refused(APPROVER, "policy.approve", approve_args(), rule="FT-POL-STATE", field="version_id")
    w.refused(DRAFTER, "policy.draft", draft_args(params=seed_params(max_active_projects=2)), rule="FT-POL-UNIQUE")


def test_segregation_of_duties_the_drafter_does_not_approve() -> None:
    """docs/decisions.md §5 (HRB 第三条): the approver of a version is not its drafter."""
    w = World()
    given_programme(w)
    w.when(DRAFTER, "policy.draft", draft_args())
    w.refused(DRAFTER, "policy.approve", approve_args(), rule="FT-POL-SOD", field="envelope.actor")


def test_approval_names_the_hash_it_approves() -> None:
    """HRB-4.1e: an approval that quotes another hash is refused (the approver saw other parameters)."""
    w = World()
    given_programme(w)
    w.when(DRAFTER, "policy.draft", draft_args())
    w.refused(APPROVER, "policy.approve", approve_args(params_hash="0" * 64), rule="FT-POL-HASH", field="params_hash")


def test_a_decision_date_is_not_in_the_future() -> None:
    """docs/decisions.md §10 (business clock): decided 2025-03-04 cannot be recorded on 2025-03-03."""
    w = World()
    given_programme(w)
    w.when(DRAFTER, "policy.draft", draft_args())
    w.refused(APPROVER, "policy.approve", approve_args(decided_on="2025-03-04"), rule="FT-DATE", field="decided_on")
    w.when(APPROVER, "policy.approve", approve_args(decided_on="2025-03-03"))


def test_only_an_approved_version_activates_and_it_marks_the_programme() -> None:
    """A3: drafted → approved → active; the programme knows its active version."""
    w = World()
    given_programme(w)
    w.when(DRAFTER, "policy.draft", draft_args())
    w.refused(DRAFTER, "policy.activate", {"version_id": V1}, rule="FT-POL-STATE", field="version_id")
    w.when(APPROVER, "policy.approve", approve_args())
    events = w.when(DRAFTER, "policy.activate", {"version_id": V1})
    assert topics(events) == ["fundtrail.policy.Activated", "fundtrail.programme.PolicyActivated"]
    assert version(w).status == "active"
    assert w.get(Programme, programme_stream(PROGRAMME)).active_policy_version_id == V1
    w.refused(DRAFTER, "policy.activate", {"version_id": V1}, rule="FT-POL-STATE")


def test_one_active_version_per_programme() -> None:
    """domain rules §2.1: exactly one active version per programme; supersede before activating another."""
    w = World()
    given_programme(w)
    given_active_policy(w)
    w.when(DRAFTER, "policy.draft", draft_args("HRB-2025-v2", effective_from="2025-04-01"))
    w.when(APPROVER, "policy.approve", approve_args("HRB-2025-v2", decided_on="2025-03-01"))
    w.refused(DRAFTER, "policy.activate", {"version_id": "HRB-2025-v2"}, rule="FT-POL-ONE-ACTIVE", field="version_id")


def test_hrb_article_19_supersede_by_an_approved_version_then_activate_it() -> None:
    """HRB 第十九条: a newer policy prevails — the old version is superseded by an approved one, which then
    becomes the active one; the old version keeps its parameters for the batches that pinned it."""
    w = World()
    given_programme(w)
    given_active_policy(w)
    w.when(DRAFTER, "policy.draft", draft_args("HRB-2025-v2", effective_from="2025-04-01"))
    supersede = {"version_id": V1, "superseded_by": "HRB-2025-v2", "reason": "中央财政资金余额调整"}
    w.refused(DRAFTER, "policy.supersede", supersede, rule="FT-POL-SUPERSEDE", field="superseded_by")
    w.refused(
        DRAFTER, "policy.supersede", {**supersede, "superseded_by": V1}, rule="FT-POL-SUPERSEDE", field="superseded_by"
    )
    w.when(APPROVER, "policy.approve", approve_args("HRB-2025-v2", decided_on="2025-03-01"))
    events = w.when(DRAFTER, "policy.supersede", supersede)
    assert topics(events) == ["fundtrail.policy.Superseded", "fundtrail.programme.PolicyDeactivated"]
    v1 = version(w)
    assert (v1.status, v1.superseded_by, v1.parameters()) == ("superseded", "HRB-2025-v2", SEED_PARAMS)
    w.refused(DRAFTER, "policy.supersede", supersede, rule="FT-POL-STATE")
    w.when(DRAFTER, "policy.activate", {"version_id": "HRB-2025-v2"})
    assert w.get(Programme, programme_stream(PROGRAMME)).active_policy_version_id == "HRB-2025-v2"


def test_a_version_of_another_programme_does_not_supersede() -> None:
    """HRB 第十九条: supersession stays within one programme."""
    w = World()
    given_programme(w)
    w.when(FINANCE, "programme.establish", programme_args("HRB-OTHER"))
    given_active_policy(w)
    w.when(DRAFTER, "policy.draft", {**draft_args("OTHER-v1"), "programme_id": "HRB-OTHER"})
    w.when(APPROVER, "policy.approve", approve_args("OTHER-v1"))
    w.refused(
        DRAFTER,
        "policy.supersede",
        {"version_id": V1, "superseded_by": "OTHER-v1", "reason": "x"},
        rule="FT-POL-SUPERSEDE",
        field="superseded_by",
    )


def test_hrb_article_18_an_expired_version_is_not_activated() -> None:
    """HRB 第十八条 (record clock): a version in force until 2025-01-31 is not activated on 2025-03-03."""
    w = World()
    given_programme(w)
    w.when(DRAFTER, "policy.draft", draft_args(effective_to="2025-01-31"))
    w.when(APPROVER, "policy.approve", approve_args())
    w.refused(DRAFTER, "policy.activate", {"version_id": V1}, rule="FT-POL-EXPIRED", field="version_id")
    early = datetime(2025, 1, 31, 15, 59, tzinfo=UTC)  # 23:59 北京时间 on its last day
    w.when(DRAFTER, "policy.activate", {"version_id": V1}, at=early)


def test_the_stored_version_computes_the_ceiling_it_names() -> None:
    """HRB-4.1e: a ceiling computed from a stored version names its id and hash."""
    w = World()
    given_programme(w)
    given_active_policy(w)
    v = version(w)
    c = compute_ceiling(
        v.parameters(),
        version_id=v.version_id,
        version_hash=v.params_hash,
        verified_investment_fen=90 * WAN,
        enterprise_prior_fen=0,
    )
    assert (c.ceiling_fen, c.bracket_label, c.version_id, c.version_hash) == (45 * WAN, "80万以上", V1, v.params_hash)
