"""verify.sampling, the second implementation of docs/sampling.md: the document's golden vectors, refusals,
and, at the end, a cross-check against the reference implementation (audit.sampling) on random plans."""

from __future__ import annotations

import hashlib
from fractions import Fraction

import pytest
from hypothesis import event
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from verify import sampling as vs

ROOT = hashlib.sha256(b"golden checkpoint root").digest()
OTHER_ROOT = hashlib.sha256(b"another checkpoint root").digest()
SECRET = b"inspector-secret-2025-0001"
MUS_PLAN = "SP-2025-MUS-001"
ATTR_PLAN = "SP-2025-ATTR-003"

# §13, the population document, byte for byte.
GOLDEN_DOCUMENT = b"""fundtrail/population/v1
count 16
total 10015000
HRB-2025-0001 125000
HRB-2025-0002 480000
HRB-2025-0003 1360000
HRB-2025-0004 95000
HRB-2025-0005 210000
HRB-2025-0006 730000
HRB-2025-0007 3000000
HRB-2025-0008 260000
HRB-2025-0009 184000
HRB-2025-0010 550000
HRB-2025-0011 620000
HRB-2025-0012 0
HRB-2025-0013 415000
HRB-2025-0014 1005000
HRB-2025-0015 38000
HRB-2025-0016 943000
"""
GOLDEN_HASH = "8b3440cfb4a25186fbf364ed688e270b056fe6fb7cac6402b8d01a42189cae7c"
MUS_COMMIT = "9a013b1de56a54eb049e8fa95bb8c318103b969e0484e8dc3d4d4059b349a58f"
ATTR_COMMIT = "e058c653de1c8546dc04aa5fd46ccd23c746a12c5ba4ef9e0bad89024809b931"


def reveal(plan_id: str = MUS_PLAN, root: bytes = ROOT, secret: bytes = SECRET, commit: str | None = None) -> vs.Reveal:
    recorded = commit if commit is not None else (MUS_COMMIT if plan_id == MUS_PLAN else ATTR_COMMIT)
    return vs.Reveal(plan_id, GOLDEN_HASH, root, recorded, secret)


def ids(items: tuple[vs.Item, ...] | tuple[vs.Hit, ...]) -> list[str]:
    return [i.id for i in items]


# --- §13 golden vectors ------------------------------------------------------------------------------------


def test_golden_population_document_and_hash() -> None:
    assert ROOT.hex() == "1269fcce386144722ec7b2f9d5846e5b3af6090998cd2692b7142033df5cdc7c"
    population = vs.parse_population(GOLDEN_DOCUMENT, GOLDEN_HASH)
    assert population.hash == GOLDEN_HASH
    assert population.count == 16
    assert population.total == 10_015_000
    assert population.items[11] == vs.Item(11, "HRB-2025-0012", 0)
    assert vs.encode_population([(i.id, i.book_value) for i in population.items]) == GOLDEN_DOCUMENT


def test_golden_commitments_seeds_and_blocks() -> None:
    assert vs.commitment(SECRET, MUS_PLAN).hex() == MUS_COMMIT
    assert vs.commitment(SECRET, ATTR_PLAN).hex() == ATTR_COMMIT
    seed = vs.derive_seed(ROOT, SECRET, MUS_PLAN)
    assert seed.hex() == "569415518ceb70c4feeb8c5a4969abdf340cb7fda44d4d197e229379eee536ab"
    assert vs.stream_block(seed, 0).hex() == "3b85f8fb964500c9d3554d851a05ee543bc48d39ec7d05f88e5d2681a9e72390"
    assert vs.stream_block(seed, 1).hex() == "7eda1639e23123355e9ad64b2fc65cec134f1799f3829e16bf12930b55bf1f23"
    seed = vs.derive_seed(ROOT.hex(), SECRET, ATTR_PLAN)  # the root as hex gives the same seed
    assert seed.hex() == "db2eb727ece376ae5583dddecd4029346d79d4e1aa3d53d5c9cc72e7e4b3ba0a"
    assert vs.stream_block(seed, 0).hex() == "6e334a5e5798ff4b5dd5a1dbbf7915d1add5344b1b55ba8aafdc981a474c52a8"


def test_golden_mus_plan_and_selection() -> None:
    plan, selection = vs.draw_mus(GOLDEN_DOCUMENT, reveal(), 3_000_000, 300_000, Fraction(19, 20))
    assert (plan.reliability_factor, plan.expansion_factor, plan.room) == (
        Fraction(3),
        Fraction(16, 10),
        Fraction(2_520_000),
    )
    assert (plan.sample_size, plan.interval) == (12, 834_583)
    assert selection.start == 562_589
    assert selection.bytes_read == 3
    assert ids(selection.certainty) == ["HRB-2025-0003", "HRB-2025-0007", "HRB-2025-0014", "HRB-2025-0016"]
    assert selection.sampled_total == 3_707_000
    assert selection.as_dict()["hits"] == [
        [562_589, 1, "HRB-2025-0002", 480_000],
        [1_397_172, 5, "HRB-2025-0006", 730_000],
        [2_231_755, 9, "HRB-2025-0010", 550_000],
        [3_066_338, 10, "HRB-2025-0011", 620_000],
    ]


def test_golden_mus_with_another_root() -> None:
    _, selection = vs.draw_mus(GOLDEN_DOCUMENT, reveal(root=OTHER_ROOT), 3_000_000, 300_000, "0.95")
    assert selection.start == 177_340
    assert ids(selection.hits) == ["HRB-2025-0002", "HRB-2025-0006", "HRB-2025-0008", "HRB-2025-0011", "HRB-2025-0013"]


def test_golden_attribute_plan_and_selection() -> None:
    plan, selection = vs.draw_attribute(GOLDEN_DOCUMENT, reveal(ATTR_PLAN), "0.20", "0", "0.90")
    assert (plan.sample_size, plan.allowed_deviations, plan.census) == (12, 0, False)
    assert selection.draws == (15, 7, 5, 4, 4, 10, 6, 4, 6, 1, 4, 2)
    assert [i.position for i in selection.items] == [14, 7, 6, 2, 1, 0, 11, 10, 13, 9, 8, 12]
    assert ids(selection.items)[:3] == ["HRB-2025-0015", "HRB-2025-0008", "HRB-2025-0007"]
    assert selection.array == (14, 7, 6, 2, 1, 0, 11, 10, 13, 9, 8, 12, 3, 4, 5, 15)
    assert selection.bytes_read == 13  # the seventh byte, ff, was rejected and stays consumed


# --- §5 factors, §6 and §9 planning, §14 worked examples ---------------------------------------------------


@pytest.mark.parametrize(
    ("confidence", "table"),
    [
        ("0.95", ["3.00", "4.75", "6.30", "7.76", "9.16"]),
        ("0.90", ["2.31", "3.89", "5.33", "6.69", "8.00"]),
        ("0.99", ["4.61", "6.64", "8.41", "10.05", "11.61"]),
        ("0.63", ["1.00", "2.14", "3.25", "4.35", "5.43"]),
    ],
)
def test_factors_are_the_published_table(confidence: str, table: list[str]) -> None:
    assert [vs.factor(confidence, k) for k in range(5)] == [Fraction(v) for v in table]


def test_upper_limits_to_six_decimals() -> None:
    got = [vs.poisson_upper_limit(k, Fraction(19, 20), 6) for k in range(5)]
    assert got == [Fraction(v) for v in ["2.995733", "4.743865", "6.295794", "7.753657", "9.153520"]]


def test_mus_worked_example() -> None:
    plan = vs.plan_mus(1_000_000, 300_000, 50_000, "0.95")
    assert (plan.room, plan.sample_size, plan.interval) == (Fraction(220_000), 14, 71_428)
    items = [
        ("A01", 20_000),
        ("A02", 150_000),
        ("A03", 30_000),
        ("A04", 71_428),
        ("A05", 71_427),
        ("A06", 5_000),
        ("A07", 400_000),
        ("A08", 60_000),
        ("A09", 100_000),
        ("A10", 50_000),
        ("A11", 42_145),
    ]
    population = vs.parse_population(vs.encode_population(items))
    selection = vs.select_mus_from_start(population, plan.interval, 30_000)
    assert ids(selection.certainty) == ["A02", "A04", "A07", "A09"]
    assert sum(i.book_value for i in selection.certainty) == 721_428
    assert selection.sampled_total == 278_572
    assert [(h.point, h.id) for h in selection.hits] == [
        (30_000, "A03"),
        (101_428, "A05"),
        (172_856, "A08"),
        (244_284, "A11"),
    ]


def test_attribute_worked_example() -> None:
    plan = vs.plan_attribute("0.05", "0.01", "0.95", 1000)
    assert (plan.sample_size, plan.allowed_deviations, plan.census) == (95, 1, False)


def test_attribute_census_when_n_reaches_the_population() -> None:
    plan = vs.plan_attribute("0.05", "0", "0.95", 40)  # start n = 60 ≥ N
    assert (plan.sample_size, plan.allowed_deviations, plan.census) == (40, 0, True)


def test_expansion_factor_only_at_published_risks() -> None:
    assert vs.expansion_factor("0.63") == Fraction(115, 100)
    with pytest.raises(vs.SampleError) as e:
        vs.plan_mus(1_000_000, 300_000, 1, "0.96")
    assert (e.value.rule, e.value.section) == ("FT-SAMPLE-EXPANSION", "§5")
    assert vs.plan_mus(1_000_000, 300_000, 0, "0.96").expansion_factor == 1  # EM = 0: any confidence


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((1_000_000, 300_000, 200_000, "0.95"), "expected_misstatement"),  # room = 300,000 − 320,000 ≤ 0
        ((10, 1, 0, "0.95"), "tolerable_misstatement"),  # n = 30 > BV
        ((0, 1, 0, "0.95"), "book_value"),
        ((1_000_000, 300_000, 0, 0.95), "confidence"),  # a float
        ((1_000_000, 300_000, 0, "1"), "confidence"),
        ((1_000_000, True, 0, "0.95"), "tolerable_misstatement"),
        ((1_000_000, 300_000, -1, "0.95"), "expected_misstatement"),
    ],
)
def test_mus_plan_refusals_name_the_field(args: tuple[object, ...], field: str) -> None:
    with pytest.raises(vs.SampleError) as e:
        vs.plan_mus(*args)  # type: ignore[arg-type]
    assert e.value.field == field
    assert e.value.rule.startswith("FT-SAMPLE-")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("0", "0", "0.95", 10), "tolerable_deviation_rate"),
        (("0.05", "0.05", "0.95", 10), "expected_deviation_rate"),
        (("0.05", "0", "0.95", 0), "population_size"),
        (("x", "0", "0.95", 10), "tolerable_deviation_rate"),
    ],
)
def test_attribute_plan_refusals_name_the_field(args: tuple[object, ...], field: str) -> None:
    with pytest.raises(vs.SampleError) as e:
        vs.plan_attribute(*args)  # type: ignore[arg-type]
    assert e.value.field == field


# --- §4 the stream -----------------------------------------------------------------------------------------


def test_uniform_reads_whole_draws_and_skips_rejections() -> None:
    seed = vs.derive_seed(ROOT, SECRET, ATTR_PLAN)
    stream = vs.Stream(seed)
    assert stream.uniform(1) == 1
    assert stream.consumed == 0  # m = 1 reads nothing
    block0 = vs.stream_block(seed, 0)
    assert stream.read(6) == block0[:6]
    assert stream.uniform(10) == 1 + 0x4B % 10  # ff (255 ≥ limit 250) is rejected, 4b accepted
    assert stream.consumed == 8
    assert stream.read(30) == block0[8:] + vs.stream_block(seed, 1)[:6]  # a read spans two blocks


@given(st.integers(min_value=1, max_value=2**40), st.binary(min_size=32, max_size=32))
@settings(max_examples=100, deadline=None)
def test_uniform_stays_in_range(m: int, seed: bytes) -> None:
    stream = vs.Stream(seed)
    r = stream.uniform(m)
    assert 1 <= r <= m
    assert stream.consumed % max(1, (m - 1).bit_length() + 7 >> 3) == 0


# --- §3 refusals: the secret, the seed inputs --------------------------------------------------------------


def test_a_wrong_secret_is_refused_and_no_draw_is_made() -> None:
    for bad in [b"inspector-secret-2025-0002", SECRET + b"\x00"]:
        with pytest.raises(vs.SampleError) as e:
            vs.draw_mus(GOLDEN_DOCUMENT, reveal(secret=bad), 3_000_000, 300_000, "0.95")
        assert (e.value.field, e.value.rule, e.value.section) == ("secret", "FT-SAMPLE-REVEAL", "§3")
    with pytest.raises(vs.SampleError) as e:  # the commitment binds the plan id too
        vs.verify_commitment(MUS_COMMIT, SECRET, ATTR_PLAN)
    assert e.value.rule == "FT-SAMPLE-REVEAL"
    vs.verify_commitment(bytes.fromhex(MUS_COMMIT), SECRET, MUS_PLAN)  # opens: no exception


@pytest.mark.parametrize(
    ("root", "secret", "plan_id", "field"),
    [
        (ROOT[:31], SECRET, MUS_PLAN, "checkpoint_root"),
        (ROOT.hex().upper(), SECRET, MUS_PLAN, "checkpoint_root"),
        (ROOT, b"x" * 15, MUS_PLAN, "secret"),
        (ROOT, b"x" * 1025, MUS_PLAN, "secret"),
        (ROOT, "inspector-secret-2025-0001", MUS_PLAN, "secret"),
        (ROOT, SECRET, "-SP", "plan_id"),
        (ROOT, SECRET, "SP/2025", "plan_id"),  # '/' is allowed in item ids, not in plan ids
        (ROOT, SECRET, "S" * 101, "plan_id"),
        (ROOT, SECRET, "SP-2025\n", "plan_id"),
    ],
)
def test_seed_inputs_are_checked(root: object, secret: object, plan_id: object, field: str) -> None:
    with pytest.raises(vs.SampleError) as e:
        vs.derive_seed(root, secret, plan_id)  # type: ignore[arg-type]
    assert (e.value.field, e.value.section) == (field, "§3")


# --- §2 refusals: the population document ------------------------------------------------------------------


def test_a_tampered_population_document_is_refused() -> None:
    tampered = GOLDEN_DOCUMENT.replace(b"HRB-2025-0007 3000000", b"HRB-2025-0007 2999999").replace(
        b"total 10015000", b"total 10014999"
    )
    vs.parse_population(tampered)  # canonical on its own, but not what the plan recorded
    with pytest.raises(vs.SampleError) as e:
        vs.draw_mus(tampered, reveal(), 3_000_000, 300_000, "0.95")
    assert (e.value.field, e.value.rule, e.value.section) == ("population", "FT-SAMPLE-POPULATION", "§2")
    reordered = GOLDEN_DOCUMENT.replace(
        b"HRB-2025-0001 125000\nHRB-2025-0002 480000", b"HRB-2025-0002 480000\nHRB-2025-0001 125000"
    )
    with pytest.raises(vs.SampleError):
        vs.parse_population(reordered, GOLDEN_HASH)


@pytest.mark.parametrize(
    "document",
    [
        b"",
        b"fundtrail/population/v1\ncount 0\ntotal 0",  # no final newline
        b"fundtrail/population/v1\r\ncount 0\r\ntotal 0\r\n",
        b"fundtrail/population/v2\ncount 0\ntotal 0\n",
        b"fundtrail/population/v1\ncount 1\ntotal 5\nA 5\n\n",  # blank line
        b"fundtrail/population/v1\ncount 1\ntotal 5\nA 5 \n",  # trailing space
        b"fundtrail/population/v1\ncount 1\ntotal 5\nA  5\n",
        b"fundtrail/population/v1\ncount 1\ntotal 5\nA 05\n",  # leading zero
        b"fundtrail/population/v1\ncount 1\ntotal 5\nA +5\n",
        b"fundtrail/population/v1\ncount 1\ntotal -5\nA -5\n",
        b"fundtrail/population/v1\ncount 01\ntotal 5\nA 5\n",
        b"fundtrail/population/v1\ncount 2\ntotal 5\nA 5\n",  # count disagrees
        b"fundtrail/population/v1\ncount 1\ntotal 6\nA 5\n",  # total disagrees
        b"fundtrail/population/v1\ncount 2\ntotal 10\nA 5\nA 5\n",  # duplicate id
        b"fundtrail/population/v1\ncount 1\ntotal 5\n-A 5\n",
        b"fundtrail/population/v1\ncount 1\ntotal 5\nA\xc3\xa9 5\n",  # not ASCII
        b"fundtrail/population/v1\ncount 1\ntotal 5\nA 5\xd9\xa1\n",
        b"fundtrail/population/v1\ncount 1\ntotal 5\n" + b"A" * 201 + b" 5\n",
        b"fundtrail/population/v1\ncount 1\ntotal 5\nA 5\n".replace(b"count", b"Count"),
        b"fundtrail/population/v1\ntotal 5\ncount 1\nA 5\n",
        b"fundtrail/population/v1\ncount 1\ntotal " + b"9" * 5000 + b"\nA " + b"9" * 5000 + b"\n",
    ],
)
def test_non_canonical_documents_are_refused(document: bytes) -> None:
    with pytest.raises(vs.SampleError) as e:
        vs.parse_population(document)
    assert (e.value.field, e.value.rule) == ("population", "FT-SAMPLE-POPULATION")


_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,12}", fullmatch=True)
_populations = st.lists(st.tuples(_ids, st.integers(0, 10**9)), max_size=30, unique_by=lambda t: t[0])


@given(_populations)
@settings(max_examples=100, deadline=None)
def test_population_documents_round_trip(items: list[tuple[str, int]]) -> None:
    document = vs.encode_population(items)
    population = vs.parse_population(document, hashlib.sha256(document).hexdigest())
    assert [(i.id, i.book_value) for i in population.items] == items


# --- every input moves the selection -----------------------------------------------------------------------


def test_a_different_root_or_plan_id_gives_a_different_selection() -> None:
    _, golden = vs.draw_mus(GOLDEN_DOCUMENT, reveal(), 3_000_000, 300_000, "0.95")
    _, other_root = vs.draw_mus(GOLDEN_DOCUMENT, reveal(root=OTHER_ROOT), 3_000_000, 300_000, "0.95")
    plan_id = "SP-2025-MUS-002"
    moved = vs.Reveal(plan_id, GOLDEN_HASH, ROOT, vs.commitment(SECRET, plan_id), SECRET)
    _, other_plan = vs.draw_mus(GOLDEN_DOCUMENT, moved, 3_000_000, 300_000, "0.95")
    assert len({golden.start, other_root.start, other_plan.start}) == 3
    assert ids(golden.hits) != ids(other_root.hits)
    assert golden.hits != other_plan.hits
    _, attr = vs.draw_attribute(GOLDEN_DOCUMENT, reveal(ATTR_PLAN), "0.20", "0", "0.90")
    _, attr_other = vs.draw_attribute(GOLDEN_DOCUMENT, reveal(ATTR_PLAN, root=OTHER_ROOT), "0.20", "0", "0.90")
    assert ids(attr.items) != ids(attr_other.items)


def test_a_population_of_certainty_items_still_draws_the_start() -> None:
    population = vs.parse_population(vs.encode_population([("A", 10), ("B", 10)]))
    stream = vs.Stream(vs.derive_seed(ROOT, SECRET, MUS_PLAN))
    selection = vs.select_mus(population, 5, stream)
    assert ids(selection.certainty) == ["A", "B"]
    assert selection.hits == ()
    assert selection.sampled_total == 0
    assert 1 <= selection.start <= 5
    assert selection.bytes_read == 1


# --- cross-check with the reference implementation (audit.sampling), on random plans -----------------------
# Only here, at the end: verify/ itself never imports audit (lint-imports enforces it).

_CONFIDENCES = [Fraction(c, 100) for c in (99, 95, 90, 85, 80, 75, 70, 63, 50)]  # §5's expansion table
_plan_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,20}", fullmatch=True)
_values = st.one_of(st.integers(0, 1000), st.integers(0, 10**6), st.integers(0, 10**10))
_cross_populations = st.lists(st.tuples(_ids, _values), min_size=1, max_size=40, unique_by=lambda t: t[0])
_any_confidence = st.one_of(
    st.sampled_from(_CONFIDENCES), st.fractions(min_value=Fraction(1, 100), max_value=Fraction(999, 1000))
).filter(lambda c: 0 < c < 1)


def _both(f_verify: object, f_audit: object) -> tuple[object, object]:
    """Run both sides; a refusal is returned as the string 'refused' (the two name their rules differently)."""
    from audit.sampling import SamplingError

    results: list[object] = []
    for f, error in ((f_verify, vs.SampleError), (f_audit, SamplingError)):
        try:
            results.append(f())  # type: ignore[operator]
        except error:
            results.append("refused")
    return results[0], results[1]


@given(
    _cross_populations,
    st.binary(min_size=32, max_size=32),
    st.binary(min_size=16, max_size=64),
    _plan_ids,
    st.integers(1, 1500),  # TM in ‰ of BV
    st.integers(0, 450),  # EM in ‰ of TM
    _any_confidence,
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_cross_check_mus_with_the_reference(
    items: list[tuple[str, int]],
    root: bytes,
    secret: bytes,
    plan_id: str,
    tolerable_permille: int,
    expected_permille: int,
    confidence: Fraction,
    no_expected: bool,
) -> None:
    import audit.sampling as ref

    total = sum(v for _, v in items)
    tolerable = max(1, total * tolerable_permille // 1000)
    expected = 0 if no_expected else tolerable * expected_permille // 1000
    document = vs.encode_population(items)
    ref_population = ref.parse_population(document)
    assert ref_population.encode() == document
    assert ref_population.sha256() == hashlib.sha256(document).hexdigest()
    assert ref.commitment(secret, plan_id) == vs.commitment(secret, plan_id)
    assert ref.derive_seed(root, secret, plan_id) == vs.derive_seed(root, secret, plan_id)
    mine, theirs = _both(
        lambda: vs.plan_mus(total, tolerable, expected, confidence),
        lambda: ref.mus_plan(total, tolerable, expected, confidence),
    )
    event("both refused" if mine == theirs == "refused" else "planned")
    if mine == "refused" or theirs == "refused":
        assert mine == theirs
        return
    assert isinstance(mine, vs.MusPlan)
    event("with hits" if mine.sample_size > 1 else "one unit")
    assert isinstance(theirs, ref.MusPlan)
    assert (mine.reliability_factor, mine.expansion_factor, mine.sample_size, mine.interval) == (
        theirs.reliability_factor,
        theirs.expansion_factor,
        theirs.sample_size,
        theirs.interval,
    )
    reveal = vs.Reveal(plan_id, hashlib.sha256(document).digest(), root, vs.commitment(secret, plan_id), secret)
    _, selection = vs.draw_mus(document, reveal, tolerable, expected, confidence)
    stream = ref.stream_for(root, secret, plan_id)
    reference = ref.mus_draw(ref_population, theirs, stream)
    assert selection.start == reference.random_start
    assert selection.sampled_total == reference.sampled_total
    assert [(i.id, i.book_value) for i in selection.certainty] == [
        (i.item_id, i.book_value) for i in reference.certainty
    ]
    assert [(h.point, h.position, h.id, h.book_value) for h in selection.hits] == [
        (h.point, h.position, h.item_id, h.book_value) for h in reference.hits
    ]


@given(
    _cross_populations,
    st.binary(min_size=32, max_size=32),
    st.binary(min_size=16, max_size=64),
    _plan_ids,
    st.integers(1, 999),
    st.integers(0, 999),
    _any_confidence,
)
@settings(max_examples=300, deadline=None)
def test_cross_check_attribute_with_the_reference(
    items: list[tuple[str, int]],
    root: bytes,
    secret: bytes,
    plan_id: str,
    tolerable_permille: int,
    expected_permille: int,
    confidence: Fraction,
) -> None:
    import audit.sampling as ref

    tdr = Fraction(tolerable_permille, 1000)
    edr = Fraction(expected_permille % tolerable_permille, 1000)
    size = len(items)
    mine, theirs = _both(
        lambda: vs.plan_attribute(tdr, edr, confidence, size),
        lambda: ref.attribute_plan(tdr, edr, confidence, size),
    )
    event("both refused" if mine == theirs == "refused" else "planned")
    if mine == "refused" or theirs == "refused":
        assert mine == theirs
        return
    assert isinstance(mine, vs.AttributePlan)
    assert isinstance(theirs, ref.AttributePlan)
    assert (mine.sample_size, mine.allowed_deviations) == (theirs.sample_size, theirs.allowed_deviations)
    document = vs.encode_population(items)
    reveal = vs.Reveal(plan_id, hashlib.sha256(document).hexdigest(), root, vs.commitment(secret, plan_id), secret)
    _, selection = vs.draw_attribute(document, reveal, tdr, edr, confidence)
    reference = ref.attribute_draw(ref.parse_population(document), theirs, ref.stream_for(root, secret, plan_id))
    assert [i.id for i in selection.items] == [i.item_id for i in reference]


@given(st.integers(0, 12), _any_confidence, st.integers(0, 4))
@settings(max_examples=150, deadline=None)
def test_cross_check_factors_with_the_reference(k: int, confidence: Fraction, places: int) -> None:
    import audit.sampling as ref

    mine, theirs = _both(
        lambda: vs.poisson_upper_limit(k, confidence, places),
        lambda: ref.poisson_upper_limit(k, confidence, places),
    )
    assert mine == theirs


_EDITS = [
    (b"\n", b"\r\n"),
    (b" ", b"  "),
    (b" 0", b" 00"),
    (b"\n", b"\n\n"),
    (b"count ", b"count 0"),
    (b"total ", b"total +"),
    (b"1", b"\xd9\xa1"),
    (b"-", b"/"),
    (b"v1", b"V1"),
    (b"\n", b" \n"),
]


@given(_cross_populations, st.sampled_from(_EDITS), st.integers(0, 50))
@settings(max_examples=200, deadline=None)
def test_cross_check_population_refusals_with_the_reference(
    items: list[tuple[str, int]], edit: tuple[bytes, bytes], nth: int
) -> None:
    import audit.sampling as ref

    document = vs.encode_population(items)
    old, new = edit
    at = -1
    for _ in range(nth % max(1, document.count(old)) + 1):
        at = document.find(old, at + 1)
    edited = document if at < 0 else document[:at] + new + document[at + len(old) :]
    mine, theirs = _both(lambda: vs.parse_population(edited), lambda: ref.parse_population(edited))
    event("refused" if mine == "refused" else "accepted")
    assert (mine == "refused") == (theirs == "refused"), edited
