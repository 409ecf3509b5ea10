"""The enterprise register and its eligibility (HRB 第五条, 第六条, 第十七条; domain rules §2.4, §5.1, §5.4).

Stories run the catalogue's commands against tests/domain/memory.py (no database, no keys).
"""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from pydantic import ValidationError
from stdnum.cn import uscc as stdnum_uscc

from domain.clock import command_time
from domain.enterprise.aggregate import Enterprise
from domain.enterprise.aggregate import enterprise_stream
from domain.enterprise.eligibility import disqualified_on
from domain.enterprise.examples import USCC_A
from domain.enterprise.examples import USCC_B
from domain.enterprise.examples import USCC_STANDARD_EXAMPLE
from domain.enterprise.examples import commitment_args
from domain.enterprise.examples import credit_check_args
from domain.enterprise.examples import register_args
from domain.enterprise.facts import LARGE
from domain.enterprise.facts import WAN
from domain.enterprise.facts import industrial_size_class
from domain.enterprise.fields import Uscc
from domain.policy.params import SEED_PARAMS
from domain.roles import Role
from tests.domain.memory import World
from tests.domain.memory import topics

DAY = date(2025, 3, 3)  # World's default ledger day (北京时间)
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def world() -> World:
    w = World()
    w.actor("district", Role.DISTRICT_MIIT, org_code="HRB-NG-MIIT", org_kind="district_miit")
    w.actor("city", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor("reviewer", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor("inspector", Role.INSPECTOR, org_code="HRB-DUCHA", org_kind="task_force")
    w.actor("applicant", Role.APPLICANT, org_code=USCC_A, org_kind="enterprise")
    w.actor("stranger", Role.APPLICANT, org_code=USCC_B, org_kind="enterprise")
    return w


def registered(uscc: str = USCC_A, **overrides: Any) -> World:
    w = world()
    w.when("district", "enterprise.register", register_args(uscc, **overrides))
    return w


def eligible(uscc: str = USCC_A, **overrides: Any) -> World:
    w = registered(uscc, **overrides)
    w.when("district", "enterprise.record_commitment", commitment_args(uscc))
    w.when("district", "enterprise.record_credit_check", credit_check_args(uscc))
    return w


def ent(w: World, uscc: str = USCC_A) -> Enterprise:
    return w.get(Enterprise, enterprise_stream(uscc))


def problems(w: World, on: date = DAY, uscc: str = USCC_A) -> list[tuple[str, str]]:
    return [(rule.id, field) for rule, field, _ in ent(w, uscc).eligibility_problems(on, SEED_PARAMS)]


# -- registration -------------------------------------------------------------------------------------


def test_a_district_bureau_registers_an_enterprise_with_checked_facts() -> None:
    w = world()
    events = w.when("district", "enterprise.register", register_args())
    assert topics(events) == ["fundtrail.enterprise.Registered"]
    e = ent(w)
    assert (e.uscc, e.harbin, e.independent_legal_person, e.industry_code) == (USCC_A, True, True, "1431")
    assert e.industry_standard == "GB/T 4754-2017"
    assert e.bank_accounts == [{"bank": "中国工商银行哈尔滨南岗支行", "account_hash": "a" * 64, "last4": "1234"}]
    assert e.registry["phone"]["queried_at"] == "2025-03-03T01:00:00+00:00"
    assert e.disqualifications == []
    assert e.registered_by == "district"
    assert e.warnings == []


def test_the_applicant_may_not_register_itself() -> None:
    """HRB 第三条（三）: the bureau checks and enters the facts; the applicant does not self-register."""
    w = world()
    w.refused("applicant", "enterprise.register", register_args(), rule="FT-ROLE")


def test_gb32100_standard_example_is_valid_and_a_changed_check_character_is_refused() -> None:
    """GB 32100-2015 (domain rules §5.1): 91350100M000100Y43 is valid; 91350100M000100Y4Z is not."""
    w = world()
    w.when("city", "enterprise.register", register_args(USCC_STANDARD_EXAMPLE))
    # registered by a Fuzhou authority: accepted (市域 is the bureau's finding), with a warning
    assert {x["rule"] for x in ent(w, USCC_STANDARD_EXAMPLE).warnings} == {"FT-ENT-DIVISION"}
    for bad in ("91350100M000100Y4Z", "91350100M000100Y44", "91350100M000100Y4", 91350100):
        w.refused("city", "enterprise.register", register_args(bad), rule="FT-ENT-USCC", field="uscc")


USCC_FIELD: TypeAdapter[str] = TypeAdapter(Uscc)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=8, max_size=8), st.text(alphabet=ALPHABET, min_size=9, max_size=9))
def test_synthetic_codes_with_stdnum_check_characters_pass_and_any_other_check_character_fails(
    head: str, body: str
) -> None:
    """GB 32100-2015: the check character is stdnum's calc_check_digit; every other one is refused."""
    base = head + body
    good = base + stdnum_uscc.calc_check_digit(base)
    assert USCC_FIELD.validate_python(good) == good
    for wrong in ALPHABET.replace(good[-1], ""):
        with pytest.raises(ValidationError) as info:
            USCC_FIELD.validate_python(base + wrong)
        assert info.value.errors()[0]["type"] == "FT-ENT-USCC"


def test_one_enterprise_per_uscc_even_when_written_with_spaces_or_lowercase() -> None:
    w = registered()
    w.refused("city", "enterprise.register", register_args(), rule="FT-ENT-UNIQUE", field="uscc")
    spaced = f"{USCC_A[:6]} {USCC_A[6:]}".lower()
    w.refused("city", "enterprise.register", register_args(spaced), rule="FT-ENT-UNIQUE", field="uscc")


def test_a_branch_is_not_an_independent_legal_person_and_is_refused() -> None:
    """HRB 第五条（一）: 具有独立法人资格 — a 分公司 has a USCC but is not a legal person."""
    w = world()
    w.refused(
        "district",
        "enterprise.register",
        register_args(legal_form="branch", independent_legal_person=False),
        rule="FT-ENT-LEGAL-PERSON",
        field="independent_legal_person",
    )
    w.refused(
        "district",
        "enterprise.register",
        register_args(legal_form="branch"),
        rule="FT-ENT-LEGAL-PERSON",
        field="legal_form",
    )


def test_an_enterprise_registered_outside_harbin_is_refused() -> None:
    """HRB 第五条（一）: 在哈尔滨市域内登记注册."""
    w = world()
    w.refused("district", "enterprise.register", register_args(harbin=False), rule="FT-ENT-HARBIN", field="harbin")


def test_industry_codes_are_gbt_4754_2017_classes() -> None:
    """Domain rules §5.4: store code + version; 2011 codes differ (3742), so another version is refused."""
    w = world()
    w.refused(
        "district",
        "enterprise.register",
        register_args(industry_standard="GB/T 4754-2011"),
        rule="FT-ENT-INDUSTRY-CODE",
        field="industry_standard",
    )
    w.refused(
        "district",
        "enterprise.register",
        register_args(industry_code="374"),
        rule="FT-ENT-INDUSTRY-CODE",
        field="industry_code",
    )


def test_a_large_enterprise_is_refused_and_a_size_class_at_odds_with_its_basis_is_flagged() -> None:
    """HRB 第五条 (中小企业; 工信部联企业〔2011〕300号): the basis decides; a mismatch is a warning."""
    w = world()
    large = {"employees": 1200, "revenue_fen": 50_000 * WAN, "data_year": 2024}
    w.refused("district", "enterprise.register", register_args(size_basis=large), rule="FT-ENT-SIZE")
    w.when("district", "enterprise.register", register_args(size_class="micro"))
    assert ent(w).warnings == [{"rule": "FT-ENT-SIZE-CLASS", "detail": "declared micro, the basis implies small"}]
    future = {"employees": 10, "revenue_fen": 0, "data_year": 2026}
    w.refused("district", "enterprise.register", register_args(USCC_B, size_basis=future), rule="FT-DATE")


@given(st.integers(0, 5000), st.integers(0, 10**11), st.integers(0, 500), st.integers(0, 10**10))
def test_the_size_class_never_falls_as_employees_or_revenue_rise(e: int, r: int, de: int, dr: int) -> None:
    order = ["micro", "small", "medium", LARGE]
    assert order.index(industrial_size_class(e + de, r + dr)) >= order.index(industrial_size_class(e, r))


def test_size_class_boundaries_of_the_industrial_standard() -> None:
    assert industrial_size_class(19, 300 * WAN) == "micro"
    assert industrial_size_class(20, 300 * WAN) == "small"
    assert industrial_size_class(300, 2000 * WAN) == "medium"
    assert industrial_size_class(999, 10**12) == "medium"  # "1000人以下或40000万元以下" is an SME
    assert industrial_size_class(1000, 40_000 * WAN) == LARGE


def test_bank_accounts_are_keyed_hashes_with_last_four_digits_entered_once() -> None:
    w = world()
    account = {"bank": "建设银行", "account_hash": "A" * 64, "last4": "1234"}
    w.refused(
        "district",
        "enterprise.register",
        register_args(bank_accounts=[account]),
        rule="FT-ENT-BANK",
        field="bank_accounts[0].account_hash",
    )
    account = {"bank": "建设银行", "account_hash": "b" * 64, "last4": "12a4"}
    w.refused(
        "district",
        "enterprise.register",
        register_args(bank_accounts=[account]),
        rule="FT-ENT-BANK",
        field="bank_accounts[0].last4",
    )
    account = {"bank": "建设银行", "account_hash": "b" * 64, "last4": "1234"}
    w.refused(
        "district",
        "enterprise.register",
        register_args(bank_accounts=[account, account]),
        rule="FT-ENT-BANK",
        field="bank_accounts",
    )


def test_registry_facts_cannot_have_been_read_after_the_ledger_clock() -> None:
    w = world()
    args = register_args()
    args["registry"]["phone"]["queried_at"] = "2025-03-03T11:00:00+08:00"  # World stands at 10:00
    w.refused("district", "enterprise.register", args, rule="FT-DATE", field="registry.phone.queried_at")


# -- corrections and changes ------------------------------------------------------------------------------


def test_a_correction_names_the_field_and_the_version_it_corrects_and_edits_nothing() -> None:
    w = registered()
    events = w.when(
        "district",
        "enterprise.record_profile_change",
        {
            "uscc": USCC_A,
            "field": "name",
            "value": "哈尔滨示例食品股份有限公司",
            "kind": "correction",
            "reason": "录入错字",
        },
    )
    (changed,) = events
    assert (changed.field, changed.kind, changed.corrects_version) == ("name", "correction", 1)
    assert changed.old.startswith("哈尔滨示例食品有限公司")
    assert ent(w).name == "哈尔滨示例食品股份有限公司"
    assert ent(w).field_versions["name"] == 2
    w.refused(
        "district",
        "enterprise.record_profile_change",
        {"uscc": USCC_A, "field": "name", "value": "哈尔滨示例食品股份有限公司", "kind": "change", "reason": "x"},
        rule="FT-ENT-PROFILE",
        field="value",
    )


def test_a_change_is_typed_like_registration() -> None:
    w = registered()
    change = {"uscc": USCC_A, "kind": "change", "reason": "迁址"}
    w.refused(
        "district", "enterprise.record_profile_change", {**change, "field": "uscc", "value": USCC_B},
        rule="FT-ENT-PROFILE", field="field",
    )  # fmt: skip
    w.refused(
        "district", "enterprise.record_profile_change", {**change, "field": "division_code", "value": "2301"},
        rule="FT-FIELD", field="value",
    )  # fmt: skip
    w.refused(
        "district", "enterprise.record_profile_change",
        {**change, "field": "bank_accounts", "value": [{"bank": "x", "account_hash": "z", "last4": "1234"}]},
        rule="FT-ENT-BANK", field="value[0].account_hash",
    )  # fmt: skip
    phone = {
        "value": "0451-8",
        "source": "公示系统",
        "queried_at": "2025-03-02T09:00:00+08:00",
        "snapshot_sha256": "6" * 64,
    }
    w.when("district", "enterprise.record_profile_change", {**change, "field": "registry.phone", "value": phone})
    assert ent(w).registry["phone"]["value"] == "0451-8"


def test_a_corrected_harbin_flag_makes_the_enterprise_ineligible() -> None:
    """HRB 第五条（一）: eligibility judges the facts as corrected, not as first entered."""
    w = eligible()
    assert problems(w) == []
    w.when(
        "city",
        "enterprise.record_profile_change",
        {"uscc": USCC_A, "field": "harbin", "value": False, "kind": "correction", "reason": "实为大庆注册"},
    )
    assert problems(w) == [("FT-ENT-HARBIN", "harbin")]


def test_facts_changed_after_registration_are_judged_at_eligibility() -> None:
    """HRB 第五条（一） (独立法人) and 第五条 (中小企业): a branch or a large enterprise on record is not eligible."""
    w = eligible()
    change = {"uscc": USCC_A, "kind": "change", "reason": "改制"}
    w.when("city", "enterprise.record_profile_change", {**change, "field": "legal_form", "value": "branch"})
    large = {"employees": 1500, "revenue_fen": 60_000 * WAN, "data_year": 2024}
    w.when("city", "enterprise.record_profile_change", {**change, "field": "size_basis", "value": large})
    assert problems(w) == [("FT-ENT-LEGAL-PERSON", "legal_form"), ("FT-ENT-SIZE", "size_basis")]


# -- industry (A14) ---------------------------------------------------------------------------------------


def test_an_out_of_list_industry_fails_eligibility_until_a_reviewer_overrides_it() -> None:
    """HRB 第五条（一）, A14: 1521 (酒的制造) is outside the default allow-list; a city reviewer may accept it."""
    w = eligible(industry_code="1521")
    assert problems(w) == [("FT-ENT-INDUSTRY", "industry_code")]
    events = w.when(
        "reviewer",
        "enterprise.override_industry",
        {
            "uscc": USCC_A,
            "industry_code": "1521",
            "reason": "黑龙江大豆酿造，属食品精深加工",
            "decision_ref": "HRB-REV-7",
        },
    )
    assert topics(events) == ["fundtrail.enterprise.IndustryOverridden"]
    assert problems(w) == []
    assert ent(w).industry_overridden() == {
        "industry_code": "1521",
        "reason": "黑龙江大豆酿造，属食品精深加工",
        "decision_ref": "HRB-REV-7",
        "reviewer": "reviewer",
    }


def test_an_override_covers_one_code_by_a_reviewer_who_did_not_enter_it() -> None:
    """HRB 第五条（一）, A14: the override is for the current code, given by someone other than its enterer."""
    w = world()
    w.when("city", "enterprise.register", register_args(industry_code="1521"))
    override = {"uscc": USCC_A, "industry_code": "1521", "reason": "理由"}
    w.refused("city", "enterprise.override_industry", override, rule="FT-ENT-OVERRIDE", field="industry_code")
    w.refused(
        "reviewer",
        "enterprise.override_industry",
        {**override, "industry_code": "1522"},
        rule="FT-ENT-OVERRIDE",
        field="industry_code",
    )
    w.refused("district", "enterprise.override_industry", override, rule="FT-ROLE")
    w.when("reviewer", "enterprise.override_industry", override)
    w.refused("reviewer", "enterprise.override_industry", override, rule="FT-ENT-OVERRIDE")
    # a later change of code is not covered by the old override
    w.when(
        "district",
        "enterprise.record_profile_change",
        {"uscc": USCC_A, "field": "industry_code", "value": "1512", "kind": "change", "reason": "主营变更"},
    )
    assert ("FT-ENT-INDUSTRY", "industry_code") in problems(w)


def test_an_allow_list_prefix_holds_its_classes() -> None:
    """Domain rules §5.4: "374" holds 3741 飞机制造; "341" holds 3411 锅炉."""
    for code in ("3741", "3411", "2710", "1431", "3823"):
        assert ("FT-ENT-INDUSTRY", "industry_code") not in problems(eligible(industry_code=code))


# -- credit (HRB 第五条（二）, A13) ----------------------------------------------------------------------------


def test_a_clean_enterprise_with_commitment_and_credit_check_is_eligible() -> None:
    """HRB 第五条（一）（二）（三）."""
    assert problems(eligible()) == []


def test_without_a_credit_check_or_a_commitment_the_enterprise_is_not_eligible() -> None:
    """HRB 第五条（二）（三）: both must be on record."""
    assert problems(registered()) == [("FT-ENT-CREDIT", "credit_checks"), ("FT-ENT-COMMITMENT", "commitments")]


def test_a_credit_check_showing_abnormal_operation_makes_eligibility_fail() -> None:
    """HRB 第五条（二）: 未被列入经营异常名录."""
    w = registered()
    w.when("district", "enterprise.record_commitment", commitment_args())
    w.when("inspector", "enterprise.record_credit_check", credit_check_args(abnormal_operation_list=True))
    assert problems(w) == [("FT-ENT-CREDIT", "credit_checks[0].abnormal_operation_list")]
    # a later clean check is the latest and decides
    later = credit_check_args(queried_at="2025-03-03T09:30:00+08:00")
    w.when("city", "enterprise.record_credit_check", later)
    assert problems(w) == []


def test_each_credit_finding_fails_eligibility() -> None:
    """HRB 第五条（二）: 严重失信、重大安全质量事故、偷税漏税."""
    for flag in ("serious_dishonesty", "major_accident", "tax_violation"):
        w = registered()
        w.when("district", "enterprise.record_commitment", commitment_args())
        w.when("district", "enterprise.record_credit_check", credit_check_args(**{flag: True}))
        assert problems(w) == [("FT-ENT-CREDIT", f"credit_checks[0].{flag}")]


def test_the_latest_check_must_cover_three_years_up_to_the_day_judged() -> None:
    """HRB 第五条（二） "近三年内", A13: the look-back is [on − 3 years, on]; a check speaks for its window only."""
    w = registered()
    w.when("district", "enterprise.record_commitment", commitment_args())
    w.when("district", "enterprise.record_credit_check", credit_check_args(window_from="2023-01-01"))
    assert problems(w) == [("FT-ENT-CREDIT", "credit_checks[0].window_from")]
    w = eligible()
    assert problems(w, on=DAY + timedelta(days=7)) == [("FT-ENT-CREDIT", "credit_checks[0].window_to")]
    # judged on an earlier day, a check made later does not count (as of that day there was none)
    assert ("FT-ENT-CREDIT", "credit_checks") in problems(w, on=DAY - timedelta(days=1))


def test_a_credit_check_is_recorded_as_queried_and_its_window_runs_forward() -> None:
    """HRB 第五条（二）: query time not after the ledger clock; window from ≤ to; vouching ahead is flagged."""
    w = registered()
    w.refused(
        "district",
        "enterprise.record_credit_check",
        credit_check_args(queried_at="2025-03-04T09:00:00+08:00"),
        rule="FT-DATE",
        field="queried_at",
    )
    w.refused(
        "district",
        "enterprise.record_credit_check",
        credit_check_args(window_from="2025-03-04"),
        rule="FT-ENT-CREDIT-WINDOW",
        field="window_to",
    )
    w.refused("applicant", "enterprise.record_credit_check", credit_check_args(), rule="FT-ROLE")
    w.when("district", "enterprise.record_credit_check", credit_check_args(window_to="2025-03-10"))
    (check,) = ent(w).credit_checks
    assert check["queried_at"] == "2025-03-03T01:00:00+00:00"
    assert [x["rule"] for x in check["warnings"]] == ["FT-ENT-CREDIT-AHEAD"]
    assert check["recorded_by"] == "district"


# -- commitment (HRB 第五条（三）) ---------------------------------------------------------------------------


def test_an_applicant_records_its_own_commitment_but_not_another_enterprises() -> None:
    """HRB 第五条（三）: the enterprise signs its own 承诺书."""
    w = registered()
    w.refused("stranger", "enterprise.record_commitment", commitment_args(), rule="FT-ENT-COMMIT-SELF", field="uscc")
    w.when("applicant", "enterprise.record_commitment", commitment_args())
    assert ent(w).commitments[0]["recorded_by"] == "applicant"
    w.refused("applicant", "enterprise.record_commitment", commitment_args(signed_on="2025-03-04"), rule="FT-DATE")


def test_a_commitment_must_cover_all_four_undertakings() -> None:
    """HRB 第五条（二）（三）: truthfulness, no accidents, no tax violation, cooperation."""
    w = registered()
    w.when("district", "enterprise.record_credit_check", credit_check_args())
    w.when("district", "enterprise.record_commitment", commitment_args(covers=["truthfulness", "cooperation"]))
    assert problems(w) == [("FT-ENT-COMMITMENT", "commitments")]
    w.refused(
        "district",
        "enterprise.record_commitment",
        commitment_args(covers=["truthfulness", "truthfulness"]),
        rule="FT-FIELD",
        field="covers",
    )


# -- exclusions (HRB 第六条) --------------------------------------------------------------------------------


def support(kind: str, year: int = 2023) -> dict[str, Any]:
    evidence = {"source": "工业和信息化部", "reference": "第五批专精特新小巨人名单", "sha256": "e" * 64}
    return {"uscc": USCC_A, "kind": kind, "year": year, "evidence": evidence}


def test_a_little_giant_funded_by_the_central_sme_fund_is_excluded() -> None:
    """HRB 第六条（一）."""
    w = eligible()
    w.when("city", "enterprise.record_prior_support", support("central_sme_fund_little_giant"))
    assert problems(w) == [("FT-ENT-LITTLE-GIANT", "prior_support[0]")]


def test_a_2022_pilot_enterprise_is_excluded_and_a_provincial_award_is_not() -> None:
    """HRB 第六条（二） (工信厅联企业〔2022〕22号); A16: other programmes do not exclude."""
    w = eligible()
    w.when("district", "enterprise.record_prior_support", support("provincial_award", 2024))
    assert problems(w) == []
    w.when("district", "enterprise.record_prior_support", support("pilot_2022", 2022))
    assert problems(w) == [("FT-ENT-PILOT-2022", "prior_support[1]")]
    w.refused("district", "enterprise.record_prior_support", support("other", 2026), rule="FT-DATE", field="year")


def test_a_disqualification_window_excludes_the_enterprise_only_while_in_force() -> None:
    """HRB 第六条（四）, 第十七条, A25: from and until are inclusive days."""
    w = eligible()
    events = w.when(
        "city",
        "enterprise.disqualify",
        {
            "uscc": USCC_A,
            "decision_ref": "HGX-2025-17",
            "grounds": "虚报投入",
            "from_on": "2025-03-10",
            "until_on": "2025-06-30",
        },
    )
    assert topics(events) == ["fundtrail.enterprise.Disqualified"]
    e = ent(w)
    assert not e.is_disqualified(date(2025, 3, 9))
    assert e.is_disqualified(date(2025, 3, 10))
    assert e.is_disqualified(date(2025, 6, 30))
    assert not e.is_disqualified(date(2025, 7, 1))
    assert ("FT-ENT-DISQUALIFIED", "disqualifications[0]") in problems(w, on=date(2025, 4, 1))
    assert ("FT-ENT-DISQUALIFIED", "disqualifications[0]") not in problems(w, on=date(2025, 7, 1))


def test_a_permanent_disqualification_lasts_until_it_is_lifted() -> None:
    """HRB 第十七条, A25: no until = permanent within the programme; a lift decision ends it from its day."""
    w = eligible()
    disqualify = {"uscc": USCC_A, "decision_ref": "HGX-2025-3", "grounds": "骗取资金", "from_on": "2025-01-01"}
    w.when("city", "enterprise.disqualify", disqualify)
    w.refused("city", "enterprise.disqualify", disqualify, rule="FT-ENT-DISQUALIFY", field="decision_ref")
    assert ent(w).is_disqualified(date(2030, 1, 1))
    lift = {
        "uscc": USCC_A,
        "decision_ref": "HGX-2025-3",
        "lift_decision_ref": "HGX-2025-9",
        "reason": "复议撤销",
        "lifted_on": "2025-03-03",
    }
    w.refused("city", "enterprise.lift_disqualification", {**lift, "lifted_on": "2025-03-04"}, rule="FT-DATE")
    w.refused(
        "city",
        "enterprise.lift_disqualification",
        {**lift, "decision_ref": "HGX-1"},
        rule="FT-ENT-LIFT",
        field="decision_ref",
    )
    events = w.when("city", "enterprise.lift_disqualification", lift)
    assert topics(events) == ["fundtrail.enterprise.DisqualificationLifted"]
    assert ent(w).is_disqualified(date(2025, 3, 2))
    assert not ent(w).is_disqualified(date(2025, 3, 3))
    w.refused("city", "enterprise.lift_disqualification", lift, rule="FT-ENT-LIFT", field="decision_ref")


def test_a_disqualification_cannot_end_before_it_starts_and_only_the_city_bureau_decides() -> None:
    """HRB 第十七条, A25."""
    w = eligible()
    args = {"uscc": USCC_A, "decision_ref": "D-1", "grounds": "g", "from_on": "2025-05-01", "until_on": "2025-04-30"}
    w.refused("city", "enterprise.disqualify", args, rule="FT-ENT-DISQUALIFY", field="until_on")
    w.refused("district", "enterprise.disqualify", {**args, "until_on": None}, rule="FT-ROLE")


def test_clawback_disqualifies_through_the_aggregate_method() -> None:
    """HRB 第十七条: a clawback decision records EnterpriseDisqualified on the enterprise's stream."""
    w = eligible()
    e = ent(w)
    with command_time(w.now):
        e.disqualify(case_id="CLB-1", grounds="虚报", from_on="2025-03-03", until_on=None, decision_ref="HGX-CLB-1")
    (made,) = e.collect_events()
    assert made.case_id == "CLB-1"
    assert e.is_disqualified(DAY)


@given(
    st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    st.integers(0, 400),
    st.one_of(st.none(), st.integers(0, 400)),
    st.dates(date(2023, 1, 1), date(2028, 12, 31)),
)
def test_a_disqualification_is_in_force_exactly_between_its_days(
    start: date, length: int, lift_after: int | None, on: date
) -> None:
    """A25: from ≤ on ≤ until, and before the lift day."""
    until = start + timedelta(days=length)
    lifted = None if lift_after is None else start + timedelta(days=min(lift_after, length))
    d = {"from_on": start.isoformat(), "until_on": until.isoformat(), "lifted_on": lifted and lifted.isoformat()}
    assert disqualified_on(d, on) == (start <= on <= until and (lifted is None or on < lifted))


def test_every_enterprise_rule_is_in_the_catalogue() -> None:
    from domain.catalogue import CATALOGUE
    from domain.enterprise.rules import RULES

    for rule in RULES:
        assert CATALOGUE.rules[rule.id] is rule
        assert rule.id.startswith("FT-ENT-")


def test_a_full_history_replays_to_the_same_state_and_every_event_is_canonical_json() -> None:
    """Replay never re-runs rules: the events alone rebuild the enterprise (docs/decisions.md §24)."""
    from functools import reduce

    from ledger.canonical import canonical_bytes

    w = eligible(industry_code="1521")
    w.when("reviewer", "enterprise.override_industry", {"uscc": USCC_A, "industry_code": "1521", "reason": "r"})
    w.when("city", "enterprise.record_prior_support", support("provincial_award", 2024))
    w.when(
        "city",
        "enterprise.record_profile_change",
        {
            "uscc": USCC_A,
            "field": "size_basis",
            "value": {"employees": 90, "revenue_fen": 1600 * WAN, "data_year": 2024},
            "kind": "correction",
            "reason": "年报更正",
            "evidence": {"source": "年报", "queried_at": "2025-03-03T08:00:00+08:00", "snapshot_sha256": "7" * 64},
        },
    )
    w.when(
        "city",
        "enterprise.disqualify",
        {"uscc": USCC_A, "decision_ref": "D-1", "grounds": "g", "from_on": "2025-01-01"},
    )
    w.when(
        "city",
        "enterprise.lift_disqualification",
        {"uscc": USCC_A, "decision_ref": "D-1", "lift_decision_ref": "D-2", "reason": "r", "lifted_on": "2025-03-01"},
    )
    mine = [e for e in w.log if e.originator_id == enterprise_stream(USCC_A)]
    assert len(mine) == 8
    envelope = {"originator_id", "originator_version", "timestamp", "originator_topic"}
    for e in mine:
        canonical_bytes({k: v for k, v in e.__dict__.items() if k not in envelope})
    rebuilt = reduce(lambda agg, e: e.mutate(agg), mine, None)
    assert rebuilt is not None
    assert rebuilt.__dict__ == ent(w).__dict__
    assert problems(w) == []
