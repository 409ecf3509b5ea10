"""The ceiling of HRB 第四条（一） and the tranche split of 第十一条: vectors of domain rules §5.2, and properties.

Every amount is integer 分: 1万元 = 1,000,000 分. The reference below computes with ``Fraction`` and the
published numbers in 元, independently of ``domain.policy``.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from domain.policy.ceiling import compute_ceiling
from domain.policy.ceiling import tranche_split
from domain.policy.checks import monotone_problems
from domain.policy.checks import param_problems
from domain.policy.params import SEED_PARAMS
from domain.policy.params import Bracket
from domain.policy.params import params_hash

WAN = 1_000_000
HASH = params_hash(SEED_PARAMS)


def ceiling(investment_fen: int, prior_fen: int = 0) -> int:
    return compute_ceiling(
        SEED_PARAMS,
        version_id="HRB-2024-v1",
        version_hash=HASH,
        verified_investment_fen=investment_fen,
        enterprise_prior_fen=prior_fen,
    ).ceiling_fen


def reference(investment_fen: int, prior_fen: int = 0) -> int:
    """第四条（一） read literally, in 元 with Fraction, A1 boundaries (以下 includes the number)."""
    yuan = Fraction(investment_fen, 100)
    if yuan <= 300_000:
        ratio, cap = Fraction(70, 100), Fraction(180_000)
    elif yuan <= 800_000:
        ratio, cap = Fraction(60, 100), Fraction(400_000)
    else:
        ratio, cap = Fraction(50, 100), Fraction(500_000)
    per_project = min(ratio * yuan, cap)
    remaining = max(Fraction(0), Fraction(500_000) - Fraction(prior_fen, 100))
    amount = min(per_project, remaining)
    return int(amount * 100 // 1)  # floor to the 分


@pytest.mark.parametrize(
    ("investment_fen", "expected_fen"),
    [
        (20 * WAN, 14 * WAN),
        (25 * WAN, 17_500_000),
        (26 * WAN, 18 * WAN),
        (30 * WAN, 18 * WAN),
        (30_000_100, 18_000_060),  # 300,001.00元 → 180,000.60元
        (33_333_333, 19_999_999),  # 333,333.33元 → 199,999.99元 (floor of 199,999.998)
        (50 * WAN, 30 * WAN),
        (70 * WAN, 40 * WAN),
        (80 * WAN, 40 * WAN),
        (90 * WAN, 45 * WAN),
        (100 * WAN, 50 * WAN),
        (200 * WAN, 50 * WAN),
        (0, 0),
    ],
)
def test_hrb_article_4_1_ceiling_vectors_of_domain_rules_5_2(investment_fen: int, expected_fen: int) -> None:
    """HRB 第四条（一）: min(floor_分(ratio × I), bracket cap), per domain rules §5.2."""
    assert ceiling(investment_fen) == expected_fen
    assert reference(investment_fen) == expected_fen


def test_hrb_article_4_1_enterprise_cap_leaves_5wan_after_45wan_approved() -> None:
    """HRB 第四条（一） 每家企业累计不超过50万 (A2): 45万 approved + an 18万 ceiling → 5万."""
    c = compute_ceiling(
        SEED_PARAMS, version_id="v1", version_hash=HASH, verified_investment_fen=30 * WAN, enterprise_prior_fen=45 * WAN
    )
    assert (c.after_bracket_fen, c.enterprise_remaining_fen, c.ceiling_fen) == (18 * WAN, 5 * WAN, 5 * WAN)
    assert ceiling(30 * WAN, prior_fen=60 * WAN) == 0  # never negative


def test_a1_a_boundary_belongs_to_the_lower_bracket() -> None:
    """A1: 30万 is "30万以下" and 80万 is "30万至80万"; one 分 more moves up a bracket."""
    labels = {
        i: compute_ceiling(
            SEED_PARAMS, version_id="v", version_hash=HASH, verified_investment_fen=i, enterprise_prior_fen=0
        ).bracket_label
        for i in (30 * WAN, 30 * WAN + 1, 80 * WAN, 80 * WAN + 1)
    }
    assert labels == {
        30 * WAN: "30万以下",
        30 * WAN + 1: "30万至80万",
        80 * WAN: "30万至80万",
        80 * WAN + 1: "80万以上",
    }


@pytest.mark.parametrize(
    ("approved_fen", "first_fen", "second_fen"),
    [(18 * WAN, 12_600_000, 5_400_000), (19_999_999, 14_000_000, 5_999_999), (0, 0, 0), (1, 1, 0)],
)
def test_hrb_article_11_tranche_split_vectors(approved_fen: int, first_fen: int, second_fen: int) -> None:
    """HRB 第十一条, A9: tranche 1 = ceil_分(70%), tranche 2 = the rest (180,000.00 → 126,000.00 + 54,000.00)."""
    assert tranche_split(approved_fen, 7000) == (first_fen, second_fen)


def test_ceiling_explains_each_step_with_its_article_and_version() -> None:
    """HRB 第四条（一）, HRB-4.1e: the explanation names the article, the version id and hash, every step."""
    c = compute_ceiling(
        SEED_PARAMS,
        version_id="HRB-2024-v1",
        version_hash=HASH,
        verified_investment_fen=33_333_333,
        enterprise_prior_fen=0,
    )
    zh, en = c.explain("zh"), c.explain("en")
    for text in (zh, en):
        assert "第四条（一）" in text and "HRB-2024-v1" in text and HASH[:16] in text
        assert "333,333.33" in text and "199,999.99" in text and "60%" in text
    assert "向下取整" in zh and "rounded down" in en
    data = c.explanation()
    assert data["ceiling_fen"] == 19_999_999 and data["version_hash"] == HASH and data["articles"] == ["第四条（一）"]
    assert all(isinstance(v, (str, int, list)) for v in data.values())


MONEY = st.integers(min_value=0, max_value=10**10)  # up to 1亿元
PRIOR = st.integers(min_value=0, max_value=60 * WAN)


@given(MONEY, PRIOR)
@settings(max_examples=400, deadline=None)
def test_property_never_above_any_cap_never_negative_and_exact_to_the_fen(investment: int, prior: int) -> None:
    """HRB 第四条（一） "最高不超过": never above the ratio, the bracket cap or the enterprise's remainder;
    never negative; exactly the Fraction reference floored to the 分."""
    c = compute_ceiling(
        SEED_PARAMS, version_id="v", version_hash=HASH, verified_investment_fen=investment, enterprise_prior_fen=prior
    )
    assert 0 <= c.ceiling_fen <= min(c.raw_fen, c.bracket_cap_fen, max(0, 50 * WAN - prior))
    assert c.ceiling_fen <= 50 * WAN
    assert c.raw_fen * 10_000 <= c.ratio_bp * investment < (c.raw_fen + 1) * 10_000
    assert c.ceiling_fen == reference(investment, prior)


@given(MONEY, MONEY, PRIOR)
@settings(max_examples=400, deadline=None)
def test_property_monotone_non_decreasing_in_investment(a: int, b: int, prior: int) -> None:
    """A1: a larger verified investment never yields a smaller ceiling under the seed."""
    low, high = min(a, b), max(a, b)
    assert ceiling(low, prior) <= ceiling(high, prior)


@given(st.integers(min_value=0, max_value=10**10), st.integers(min_value=7000, max_value=10_000))
@settings(max_examples=400, deadline=None)
def test_property_first_tranche_at_least_the_ratio_minimal_and_sums_exact(approved: int, bp: int) -> None:
    """HRB 第十一条 "不低于70%" (A9): tranche 1 ≥ bp of approved and is the least such 分; the parts sum exactly."""
    first, second = tranche_split(approved, bp)
    assert first + second == approved and second >= 0
    assert first * 10_000 >= bp * approved
    assert first == 0 or (first - 1) * 10_000 < bp * approved


@st.composite
def three_brackets(draw: st.DrawFn) -> tuple[Bracket, ...]:
    b1 = draw(st.integers(min_value=1, max_value=100 * WAN))
    b2 = draw(st.integers(min_value=b1 + 1, max_value=200 * WAN))
    ratios = [draw(st.integers(min_value=1, max_value=10_000)) for _ in range(3)]
    caps = [draw(st.integers(min_value=1, max_value=100 * WAN)) for _ in range(3)]
    return (
        Bracket("a", 0, True, b1, True, ratios[0], caps[0]),
        Bracket("b", b1, False, b2, True, ratios[1], caps[1]),
        Bracket("c", b2, False, None, False, ratios[2], caps[2]),
    )


@given(three_brackets(), st.lists(MONEY, min_size=2, max_size=6))
@settings(max_examples=300, deadline=None)
def test_property_a1_the_boundary_check_decides_monotonicity_exactly(
    brackets: tuple[Bracket, ...], points: list[int]
) -> None:
    """A1: the check at each boundary (last 分 of the lower bracket against the first of the upper) accepts
    exactly the parameter sets whose ceiling never falls."""
    params = replace(SEED_PARAMS, brackets=brackets)
    problems = monotone_problems(brackets)
    boundaries = [b.upper_fen for b in brackets if b.upper_fen is not None]
    if problems:
        falls = [params.bracket_for(x).value(x) > params.bracket_for(x + 1).value(x + 1) for x in boundaries]
        assert any(falls)
        assert param_problems(params)[0][0].id == "FT-POL-MONOTONE"
    else:
        xs = sorted({*points, *boundaries, *(x + 1 for x in boundaries)})
        values = [params.bracket_for(x).value(x) for x in xs]
        assert values == sorted(values)
