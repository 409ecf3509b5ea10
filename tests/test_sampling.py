"""The sampling core (audit/sampling, docs/sampling.md): factors against the published table, a MUS example worked
by hand, the golden vectors of the spec (also re-derived by a minimal second implementation written from the spec
alone), determinism, seed sensitivity, rejection sampling without modulo bias, commitments and refusals."""

from __future__ import annotations

import hashlib
from fractions import Fraction
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from audit.sampling import Examined
from audit.sampling import RandomStream
from audit.sampling import SamplingError
from audit.sampling import attribute_draw
from audit.sampling import attribute_evaluate
from audit.sampling import attribute_plan
from audit.sampling import check_reveal
from audit.sampling import commitment
from audit.sampling import confidence_factor
from audit.sampling import derive_seed
from audit.sampling import expansion_factor
from audit.sampling import mus_draw
from audit.sampling import mus_evaluate
from audit.sampling import mus_plan
from audit.sampling import mus_select
from audit.sampling import parse_population
from audit.sampling import poisson_upper_limit
from audit.sampling import population
from audit.sampling import reveal_matches
from audit.sampling import select_distinct
from audit.sampling import stream_for
from audit.sampling.stream import accepted
from audit.sampling.stream import block
from audit.sampling.stream import width

if TYPE_CHECKING:
    from collections.abc import Callable

P95 = Fraction(95, 100)
P90 = Fraction(90, 100)

# ---------------------------------------------------------------- §5 Poisson factors


def test_factors_match_the_published_table() -> None:
    # AICPA Audit Sampling guide, factors for 0..4 overstatements, as published (two decimals)
    published = {
        P95: ["3.00", "4.75", "6.30", "7.76", "9.16"],
        P90: ["2.31", "3.89", "5.33", "6.69", "8.00"],
        Fraction(99, 100): ["4.61", "6.64", "8.41", "10.05", "11.61"],
    }
    for conf, row in published.items():
        assert [confidence_factor(k, conf) for k in range(5)] == [Fraction(v) for v in row]


def test_factors_are_the_poisson_upper_limits_rounded_up() -> None:
    # λ* to six decimals (rounded up): 2.995733, 4.743865, … — the table rounds 4.7439 up to 4.75, not to 4.74
    assert [poisson_upper_limit(k, P95, 6) for k in range(5)] == [
        Fraction(v) for v in ["2.995733", "4.743865", "6.295794", "7.753657", "9.153520"]
    ]
    assert poisson_upper_limit(0, P95, 12) == Fraction("2.995732273554")  # ln 20 = 2.99573227355399…


def test_expansion_factor_only_at_published_confidences() -> None:
    assert expansion_factor(P95) == Fraction("1.6")
    assert expansion_factor(P90) == Fraction("1.5")
    with pytest.raises(SamplingError) as e:
        expansion_factor(Fraction(96, 100))
    assert e.value.field == "confidence"
    assert e.value.rule == "FT-SAMPLE-EXPANSION"


def test_a_float_confidence_is_refused() -> None:
    with pytest.raises(SamplingError) as e:
        confidence_factor(0, 0.95)  # type: ignore[arg-type]
    assert e.value.rule == "FT-SAMPLE-CONFIDENCE"
    assert "docs/sampling.md §5" in str(e.value)


# ---------------------------------------------------------------- §6–§8 MUS worked by hand (docs §14.1)

HAND = [
    ("A01", 20_000),
    ("A02", 150_000),
    ("A03", 30_000),
    ("A04", 71_428),  # exactly the interval: certainty
    ("A05", 71_427),  # one 分 below: sampled
    ("A06", 5_000),
    ("A07", 400_000),
    ("A08", 60_000),
    ("A09", 100_000),
    ("A10", 50_000),
    ("A11", 42_145),
]


def test_mus_worked_example() -> None:
    pop = population(HAND)
    assert pop.total == 1_000_000

    # sizing: n = ⌈1,000,000 × 3.00 / (300,000 − 50,000 × 1.6)⌉ = ⌈3,000,000 / 220,000⌉ = ⌈13.63…⌉ = 14
    plan = mus_plan(1_000_000, 300_000, 50_000, P95)
    assert plan.reliability_factor == 3
    assert plan.expansion_factor == Fraction(16, 10)
    assert plan.sample_size == 14
    # interval: ⌊1,000,000 / 14⌋ = ⌊71,428.57…⌋ = 71,428 分
    assert plan.interval == 71_428

    # certainty stratum: A02 150,000, A04 71,428, A07 400,000, A09 100,000 (721,428 分)
    # sampled stratum cumulative: A01 20,000 | A03 50,000 | A05 121,427 | A06 126,427 | A08 186,427 |
    #                             A10 236,427 | A11 278,572
    # start 30,000: points 30,000 (A03), 101,428 (A05), 172,856 (A08), 244,284 (A11); 315,712 > 278,572
    sel = mus_select(pop, plan.interval, 30_000)
    assert [i.item_id for i in sel.certainty] == ["A02", "A04", "A07", "A09"]
    assert sel.sampled_total == 278_572
    assert [(h.point, h.item_id, h.position) for h in sel.hits] == [
        (30_000, "A03", 2),
        (101_428, "A05", 4),
        (172_856, "A08", 7),
        (244_284, "A11", 10),
    ]
    assert sel.selected_ids == ("A02", "A04", "A07", "A09", "A03", "A05", "A08", "A11")

    # two taintings: A03 30,000 → 27,000 (t = 0.1), A08 60,000 → 30,000 (t = 0.5); A07 overstated by 5,000
    ev = mus_evaluate(
        plan.interval,
        P95,
        300_000,
        sampled=[
            Examined("A03", 30_000, 27_000),
            Examined("A05", 71_427, 71_427),
            Examined("A08", 60_000, 30_000),
            Examined("A11", 42_145, 42_145),
        ],
        certainty=[
            Examined("A02", 150_000, 150_000),
            Examined("A04", 71_428, 71_428),
            Examined("A07", 400_000, 395_000),
            Examined("A09", 100_000, 100_000),
        ],
    )
    # basic precision 71,428 × 3.00 = 214,284
    assert ev.basic_precision == 214_284
    # rank 1: 71,428 × 0.5 × (4.75 − 3.00) = 62,499.5 ; rank 2: 71,428 × 0.1 × (6.30 − 4.75) = 11,071.34
    assert [(t.item_id, t.tainting, t.factor_increment) for t in ev.taintings] == [
        ("A08", Fraction(1, 2), Fraction("1.75")),
        ("A03", Fraction(1, 10), Fraction("1.55")),
    ]
    assert [t.contribution for t in ev.taintings] == [Fraction("62499.5"), Fraction("11071.34")]
    assert ev.sampled_upper_bound == Fraction("287854.84")
    # plus the certainty stratum's known 5,000: 292,854.84 → rounded up 292,855 分 ≤ 300,000
    assert ev.certainty_overstatement == 5_000
    assert ev.upper_bound == Fraction("292854.84")
    assert ev.upper_bound_fen == 292_855
    assert ev.basic_precision_fen == 214_284
    # projected: 35,714 + 7,142.8 + 5,000 = 47,856.8 → 47,857
    assert ev.projected_misstatement == Fraction("42856.8")
    assert ev.projected_misstatement_fen == 47_857
    assert ev.understatement == 0
    assert ev.accepted


def test_stringer_bound_without_errors_is_basic_precision_and_understatements_are_not_netted() -> None:
    ev = mus_evaluate(71_428, P95, 200_000, sampled=[Examined("A03", 30_000, 31_000)])
    assert ev.taintings == ()
    assert ev.upper_bound == 214_284
    assert ev.understatement == 1_000
    assert not ev.accepted  # 214,284 > 200,000


def test_upper_bound_rounds_up_to_the_fen() -> None:
    # 1,001 × 3.00 + 1,001 × (1/3) × 1.75 = 3,003 + 583.91666… → 3,586.91666… → 3,587
    ev = mus_evaluate(1_001, P95, 10_000, sampled=[Examined("x", 3, 2)])
    assert ev.upper_bound == Fraction(3003) + Fraction(1001 * 175, 300)
    assert ev.upper_bound_fen == 3_587


def test_mus_refusals_name_the_field() -> None:
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: mus_plan(1_000_000, 100_000, 70_000, P95), "expected"),  # 70,000 × 1.6 ≥ 100,000
        (lambda: mus_plan(100, 1, 0, P95), "tolerable"),  # n = 300 > 100 分
        (lambda: mus_plan(1_000_000, 100_000.0, 0, P95), "tolerable"),  # type: ignore[arg-type]
        (lambda: mus_plan(1_000_000, 100_000, 10, Fraction(96, 100)), "confidence"),
        (lambda: mus_select(population(HAND), 71_428, 71_429), "random_start"),
        (lambda: mus_evaluate(71_428, P95, 1, sampled=[Examined("A02", 150_000, 0)]), "sampled[0].book_value"),
        (lambda: mus_evaluate(71_428, P95, 1, certainty=[Examined("A03", 30_000, 0)]), "certainty[0].book_value"),
        (lambda: mus_evaluate(71_428, P95, 1, sampled=[Examined("A03", 30_000, -1)]), "sampled[0].audited_value"),
    ]
    for call, field in cases:
        with pytest.raises(SamplingError) as e:
            call()
        assert e.value.field == field
        assert e.value.rule.startswith("FT-SAMPLE-")


# ---------------------------------------------------------------- §9–§11 attribute sampling (docs §14.2)


def test_attribute_plan_and_evaluation() -> None:
    # n from ⌈3.00 / 0.05⌉ = 60 up: k = ⌈n × 0.01⌉ = 1 until n = 100, and 4.75 ≤ n × 0.05 first at n = 95
    plan = attribute_plan(Fraction(5, 100), Fraction(1, 100), P95, 1_000)
    assert (plan.sample_size, plan.allowed_deviations, plan.factor, plan.census) == (95, 1, Fraction("4.75"), False)
    # zero expected deviations at 90%: ⌈2.31 / 0.10⌉ = 24 (2.31 ≤ 2.4)
    assert attribute_plan(Fraction(1, 10), Fraction(0), P90, 500).sample_size == 24
    # a population smaller than the Poisson size is examined in full
    small = attribute_plan(Fraction(1, 10), Fraction(0), P90, 12)
    assert (small.sample_size, small.census) == (12, True)

    one = attribute_evaluate(95, 1, P95, Fraction(5, 100))
    assert one.upper_limit == Fraction(5, 100)  # 4.75 / 95
    assert one.accepted
    two = attribute_evaluate(95, 2, P95, Fraction(5, 100))
    assert two.upper_limit == Fraction("6.30") / 95  # 0.0663157…
    assert two.upper_limit_reported == Fraction("0.0664")
    assert not two.accepted
    with pytest.raises(SamplingError) as e:
        attribute_plan(Fraction(5, 100), Fraction(5, 100), P95, 1_000)
    assert e.value.field == "expected_rate"


# ---------------------------------------------------------------- §13 golden vectors

ROOT = hashlib.sha256(b"golden checkpoint root").digest()
SECRET = b"inspector-secret-2025-0001"
GOLDEN_ITEMS = [
    ("HRB-2025-0001", 125_000),
    ("HRB-2025-0002", 480_000),
    ("HRB-2025-0003", 1_360_000),
    ("HRB-2025-0004", 95_000),
    ("HRB-2025-0005", 210_000),
    ("HRB-2025-0006", 730_000),
    ("HRB-2025-0007", 3_000_000),
    ("HRB-2025-0008", 260_000),
    ("HRB-2025-0009", 184_000),
    ("HRB-2025-0010", 550_000),
    ("HRB-2025-0011", 620_000),
    ("HRB-2025-0012", 0),
    ("HRB-2025-0013", 415_000),
    ("HRB-2025-0014", 1_005_000),
    ("HRB-2025-0015", 38_000),
    ("HRB-2025-0016", 943_000),
]
GOLDEN_DOC = "fundtrail/population/v1\ncount 16\ntotal 10015000\n" + "".join(f"{i} {v}\n" for i, v in GOLDEN_ITEMS)
GOLDEN_MUS = ["HRB-2025-0002", "HRB-2025-0006", "HRB-2025-0010", "HRB-2025-0011"]
GOLDEN_ATTR = [f"HRB-2025-{n:04d}" for n in (15, 8, 7, 3, 2, 1, 12, 11, 14, 10, 9, 13)]


def test_golden_population_document() -> None:
    pop = population(GOLDEN_ITEMS)
    assert pop.encode() == GOLDEN_DOC.encode("ascii")
    assert pop.sha256() == "8b3440cfb4a25186fbf364ed688e270b056fe6fb7cac6402b8d01a42189cae7c"
    assert parse_population(GOLDEN_DOC.encode()) == pop


def test_golden_mus_selection() -> None:
    plan_id = "SP-2025-MUS-001"
    assert ROOT.hex() == "1269fcce386144722ec7b2f9d5846e5b3af6090998cd2692b7142033df5cdc7c"
    assert commitment(SECRET, plan_id).hex() == "9a013b1de56a54eb049e8fa95bb8c318103b969e0484e8dc3d4d4059b349a58f"
    seed = derive_seed(ROOT, SECRET, plan_id)
    assert seed.hex() == "569415518ceb70c4feeb8c5a4969abdf340cb7fda44d4d197e229379eee536ab"
    assert block(seed, 0).hex() == "3b85f8fb964500c9d3554d851a05ee543bc48d39ec7d05f88e5d2681a9e72390"
    assert block(seed, 1).hex() == "7eda1639e23123355e9ad64b2fc65cec134f1799f3829e16bf12930b55bf1f23"
    pop = population(GOLDEN_ITEMS)
    plan = mus_plan(pop.total, 3_000_000, 300_000, P95)
    assert (plan.sample_size, plan.interval) == (12, 834_583)
    stream = RandomStream(seed)
    sel = mus_draw(pop, plan, stream)
    assert stream.bytes_read == 3
    assert sel.random_start == 562_589
    assert [i.item_id for i in sel.certainty] == ["HRB-2025-0003", "HRB-2025-0007", "HRB-2025-0014", "HRB-2025-0016"]
    assert sel.sampled_total == 3_707_000
    assert [(h.point, h.position, h.item_id) for h in sel.hits] == [
        (562_589, 1, "HRB-2025-0002"),
        (1_397_172, 5, "HRB-2025-0006"),
        (2_231_755, 9, "HRB-2025-0010"),
        (3_066_338, 10, "HRB-2025-0011"),
    ]
    other = mus_draw(pop, plan, stream_for(hashlib.sha256(b"another checkpoint root").digest(), SECRET, plan_id))
    assert other.random_start == 177_340
    assert [h.item_id for h in other.hits] == [f"HRB-2025-{n:04d}" for n in (2, 6, 8, 11, 13)]


def test_golden_attribute_selection() -> None:
    plan_id = "SP-2025-ATTR-003"
    assert commitment(SECRET, plan_id).hex() == "e058c653de1c8546dc04aa5fd46ccd23c746a12c5ba4ef9e0bad89024809b931"
    seed = derive_seed(ROOT, SECRET, plan_id)
    assert seed.hex() == "db2eb727ece376ae5583dddecd4029346d79d4e1aa3d53d5c9cc72e7e4b3ba0a"
    pop = population(GOLDEN_ITEMS)
    plan = attribute_plan(Fraction(20, 100), Fraction(0), P90, 16)
    assert (plan.sample_size, plan.allowed_deviations) == (12, 0)
    stream = RandomStream(seed)
    assert [i.item_id for i in attribute_draw(pop, plan, stream)] == GOLDEN_ATTR
    assert stream.bytes_read == 13  # twelve draws and one rejected byte (0xff for m = 10)


def _spec_only_uniform(stream: bytes, at: int, m: int) -> tuple[int, int]:
    """docs/sampling.md §4, from the text alone: (value, next offset)."""
    w = 0
    while 256**w < m:
        w += 1
    limit = 256**w - 256**w % m
    while True:
        x = int.from_bytes(stream[at : at + w], "big")
        at += w
        if x < limit:
            return 1 + x % m, at


def test_golden_vectors_from_a_second_implementation_of_the_spec() -> None:
    """§3, §4, §7 and §10 re-implemented here from the document with hashlib alone."""

    def lp(b: bytes) -> bytes:
        return len(b).to_bytes(4, "big") + b

    def seed_of(plan_id: str) -> bytes:
        return hashlib.sha256(b"fundtrail/sample-seed/v1\n" + lp(ROOT) + lp(SECRET) + lp(plan_id.encode())).digest()

    def stream_bytes(seed: bytes, blocks: int) -> bytes:
        return b"".join(
            hashlib.sha256(b"fundtrail/sample-stream/v1\n" + seed + i.to_bytes(8, "big")).digest()
            for i in range(blocks)
        )

    # MUS: J = ⌊BV / ⌈BV·3/(TM − EM·1.6)⌉⌋
    total = sum(v for _, v in GOLDEN_ITEMS)
    n = -(-total * 3 * 10 // (3_000_000 * 10 - 300_000 * 16))
    interval = total // n
    s, _ = _spec_only_uniform(stream_bytes(seed_of("SP-2025-MUS-001"), 1), 0, interval)
    hits, cumulative, point = [], 0, s
    for item_id, value in GOLDEN_ITEMS:
        if value >= interval:
            continue
        cumulative += value
        if point <= cumulative:
            hits.append(item_id)
            point += interval
    assert hits == GOLDEN_MUS

    # attribute: partial Fisher–Yates
    data, at, order = stream_bytes(seed_of("SP-2025-ATTR-003"), 1), 0, list(range(16))
    for i in range(12):
        r, at = _spec_only_uniform(data, at, 16 - i)
        j = i + r - 1
        order[i], order[j] = order[j], order[i]
    assert [GOLDEN_ITEMS[p][0] for p in order[:12]] == GOLDEN_ATTR
    assert order == [14, 7, 6, 2, 1, 0, 11, 10, 13, 9, 8, 12, 3, 4, 5, 15]


# ---------------------------------------------------------------- determinism and seeds


@settings(max_examples=25, deadline=None)
@given(root=st.binary(min_size=32, max_size=32), secret=st.binary(min_size=16, max_size=64))
def test_the_draw_is_deterministic(root: bytes, secret: bytes) -> None:
    pop = population(GOLDEN_ITEMS)
    plan = mus_plan(pop.total, 3_000_000, 300_000, P95)
    first = mus_draw(pop, plan, stream_for(root, secret, "SP-X"))
    again = mus_draw(pop, plan, stream_for(root, secret, "SP-X"))
    assert first == again
    a = select_distinct(pop, 8, stream_for(root, secret, "SP-X"))
    b = select_distinct(pop, 8, stream_for(root, secret, "SP-X"))
    assert a == b
    assert len({i.item_id for i in a}) == 8


def test_a_different_seed_gives_a_different_selection() -> None:
    pop = population(GOLDEN_ITEMS)
    base = [i.item_id for i in select_distinct(pop, 12, stream_for(ROOT, SECRET, "SP-2025-ATTR-003"))]
    other_root = hashlib.sha256(b"a later checkpoint").digest()
    assert [i.item_id for i in select_distinct(pop, 12, stream_for(other_root, SECRET, "SP-2025-ATTR-003"))] != base
    assert [i.item_id for i in select_distinct(pop, 12, stream_for(ROOT, SECRET + b"!", "SP-2025-ATTR-003"))] != base
    assert [i.item_id for i in select_distinct(pop, 12, stream_for(ROOT, SECRET, "SP-2025-ATTR-004"))] != base


def test_every_input_moves_the_seed() -> None:
    seed = derive_seed(ROOT, SECRET, "SP-1")
    assert derive_seed(bytes(32), SECRET, "SP-1") != seed
    assert derive_seed(ROOT, SECRET[:-1] + b"x", "SP-1") != seed
    assert derive_seed(ROOT, SECRET, "SP-2") != seed


# ---------------------------------------------------------------- §4 rejection sampling


@settings(max_examples=50, deadline=None)
@given(m=st.integers(min_value=1, max_value=300))
def test_accepted_values_cover_each_result_equally(m: int) -> None:
    """Exhaustively over every w-byte value the stream can yield: the accepted ones give each of 1..m equally often."""
    space = 256 ** width(m)
    counts = [0] * (m + 1)
    rejected = 0
    for x in range(space):
        value = accepted(x, m)
        if value is None:
            rejected += 1
        else:
            counts[value] += 1
    assert counts[0] == 0
    assert counts[1:] == [(space - rejected) // m] * m
    assert rejected == space % m  # fewer than m values are rejected, all of them at the top
    assert all(accepted(x, m) is None for x in range(space - rejected, space))


@settings(max_examples=60, deadline=None)
@given(m=st.integers(min_value=1, max_value=300), seed=st.binary(min_size=32, max_size=32))
def test_uniform_stays_in_range_and_consumes_whole_draws(m: int, seed: bytes) -> None:
    stream = RandomStream(seed)
    values = [stream.uniform(m) for _ in range(20)]
    assert all(1 <= v <= m for v in values)
    w = width(m)
    assert stream.bytes_read >= 20 * w
    assert stream.bytes_read % w == 0 if w else stream.bytes_read == 0  # m = 1 reads nothing


def test_uniform_spreads_evenly_over_a_small_range() -> None:
    # m = 3: 255 is rejected (limit 255); 6,000 draws should give each value about 2,000
    stream = RandomStream(hashlib.sha256(b"spread").digest())
    counts = [0, 0, 0]
    for _ in range(6_000):
        counts[stream.uniform(3) - 1] += 1
    assert all(1_800 < c < 2_200 for c in counts), counts


def test_a_rejected_byte_is_skipped() -> None:
    # the golden attribute seed's byte 6 is 0xff: for m = 10 it is rejected (limit 250) and 0x4b = 75 → 6
    stream = RandomStream(derive_seed(ROOT, SECRET, "SP-2025-ATTR-003"))
    assert [stream.uniform(m) for m in (16, 15, 14, 13, 12, 11)] == [15, 7, 5, 4, 4, 10]
    assert stream.uniform(10) == 6
    assert stream.bytes_read == 8


# ---------------------------------------------------------------- §3 commitments


def test_commitment_opens_only_with_the_right_secret_and_plan() -> None:
    commit = commitment(SECRET, "SP-2025-MUS-001")
    assert reveal_matches(commit, SECRET, "SP-2025-MUS-001")
    check_reveal(commit, SECRET, "SP-2025-MUS-001")
    assert not reveal_matches(commit, b"inspector-secret-2025-0002", "SP-2025-MUS-001")
    assert not reveal_matches(commit, SECRET, "SP-2025-MUS-002")
    with pytest.raises(SamplingError) as e:
        check_reveal(commit, b"inspector-secret-2025-0002", "SP-2025-MUS-001")
    assert (e.value.field, e.value.rule) == ("secret", "FT-SAMPLE-REVEAL")


def test_seed_inputs_are_checked() -> None:
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: derive_seed(ROOT[:31], SECRET, "SP-1"), "checkpoint_root"),
        (lambda: derive_seed(ROOT, b"short", "SP-1"), "secret"),
        (lambda: derive_seed(ROOT, SECRET, "计划-1"), "plan_id"),
        (lambda: commitment(SECRET, ""), "plan_id"),
    ]
    for call, field in cases:
        with pytest.raises(SamplingError) as e:
            call()
        assert e.value.field == field


# ---------------------------------------------------------------- §2 population document


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,12}", fullmatch=True), st.integers(0, 10**12)),
        unique_by=lambda t: t[0],
        max_size=20,
    )
)
def test_population_document_round_trips(items: list[tuple[str, int]]) -> None:
    pop = population(items)
    data = pop.encode()
    assert parse_population(data) == pop
    assert pop.sha256() == hashlib.sha256(data).hexdigest()


def test_population_documents_out_of_canonical_form_are_refused() -> None:
    good = GOLDEN_DOC.encode()
    bad = [
        good.replace(b"total 10015000", b"total 10015001"),
        good.replace(b"count 16", b"count 15"),
        good.replace(b"HRB-2025-0004 95000", b"HRB-2025-0004 095000"),
        good.replace(b"HRB-2025-0004 95000", b"HRB-2025-0004  95000"),
        good.replace(b"HRB-2025-0002", b"HRB-2025-0001"),
        good.replace(b"\n", b"\r\n"),
        good[:-1],
    ]
    for data in bad:
        with pytest.raises(SamplingError) as e:
            parse_population(data)
        assert e.value.rule == "FT-SAMPLE-POPULATION"
    with pytest.raises(SamplingError) as e:
        population([("a", -1)])
    assert e.value.field == "items[0].book_value"
    with pytest.raises(SamplingError) as e:
        population([("a", 1), ("a", 2)])
    assert e.value.field == "items[1].id"


@pytest.mark.parametrize("number", [str(2**53 + 1), "9" * 5000])
def test_a_number_beyond_2_to_the_53_is_a_typed_refusal(number: str) -> None:
    """§2: every number is at most 2^53 — a huge one is refused by rule, never a ValueError of int()."""
    document = f"fundtrail/population/v1\ncount 1\ntotal {number}\nA {number}\n".encode()
    with pytest.raises(SamplingError) as e:
        parse_population(document)
    assert e.value.rule == "FT-SAMPLE-POPULATION"
