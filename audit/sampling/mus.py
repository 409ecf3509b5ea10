"""Monetary-unit sampling: sizing, certainty stratum, systematic selection, Stringer bound (docs/sampling.md §6–§8).

Sizing follows the AICPA Audit Sampling guide's conservative Poisson approach:
n = ⌈BV · F(c, 0) / (TM − EM · EF(c))⌉, interval J = ⌊BV / n⌋ 分 (rounded down, so that at least n units are
hit). Items of book value ≥ J form the certainty stratum and are all examined; the others are sampled
systematically from a random start s ∈ [1, J] over their cumulative 分 in the recorded order. Evaluation is the
Stringer bound: J · F(c, 0) + Σ_i J · t_(i) · (F(c, i) − F(c, i−1)) over the taintings ranked from the largest,
plus the certainty stratum's known overstatements. Exact Fractions throughout; 分 figures are rounded up.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from audit.sampling.errors import SamplingError
from audit.sampling.poisson import confidence_factor
from audit.sampling.poisson import expansion_factor
from audit.sampling.rates import ceil_fraction
from audit.sampling.rates import check_confidence
from audit.sampling.rates import check_fen
from audit.sampling.rates import floor_fraction

if TYPE_CHECKING:
    from collections.abc import Iterable

    from audit.sampling.population import Item
    from audit.sampling.population import Population
    from audit.sampling.stream import RandomStream


@dataclass(frozen=True)
class MusPlan:
    """The plan's figures (§6). ``sample_size`` is n; ``interval`` is J in 分."""

    book_value: int
    tolerable: int
    expected: int
    confidence: Fraction
    reliability_factor: Fraction
    expansion_factor: Fraction
    sample_size: int
    interval: int


def mus_plan(book_value: int, tolerable: int, expected: int, confidence: Fraction) -> MusPlan:
    """Size a monetary-unit sample (§6)."""
    bv = check_fen("book_value", book_value, minimum=1, rule="FT-SAMPLE-MUS-PLAN", section="§6")
    tm = check_fen("tolerable", tolerable, minimum=1, rule="FT-SAMPLE-MUS-PLAN", section="§6")
    em = check_fen("expected", expected, minimum=0, rule="FT-SAMPLE-MUS-PLAN", section="§6")
    conf = check_confidence(confidence)
    rf = confidence_factor(0, conf)
    ef = expansion_factor(conf) if em else Fraction(1)
    room = tm - em * ef
    if room <= 0:
        raise SamplingError(
            "expected",
            "FT-SAMPLE-MUS-PLAN",
            f"expected misstatement × expansion factor ({em} × {ef}) must stay below the tolerable {tm} 分",
            "§6",
        )
    n = ceil_fraction(bv * rf / room)
    if n > bv:
        raise SamplingError(
            "tolerable",
            "FT-SAMPLE-MUS-PLAN",
            f"the sample size {n} exceeds the {bv} 分 of the population: examine every item instead",
            "§6",
        )
    return MusPlan(bv, tm, em, conf, rf, ef, n, floor_fraction(Fraction(bv, n)))


@dataclass(frozen=True)
class MusHit:
    """A selection point p (a 分 of the sampled stratum's cumulative total) and the item it falls in."""

    point: int
    position: int  # the item's index in the population document (0-based)
    item_id: str
    book_value: int


@dataclass(frozen=True)
class MusSelection:
    interval: int
    random_start: int
    certainty: tuple[Item, ...]  # book value ≥ J, in the recorded order: all examined
    sampled_total: int  # Σ book values of the other items
    hits: tuple[MusHit, ...]  # in the order of their points

    @property
    def selected_ids(self) -> tuple[str, ...]:
        """Certainty items then sampled items, each in the recorded order."""
        return tuple(i.item_id for i in self.certainty) + tuple(h.item_id for h in self.hits)


def draw_random_start(stream: RandomStream, interval: int) -> int:
    """The random start: the stream's first draw, uniform in [1, J] (§7)."""
    j = check_fen("interval", interval, minimum=1, rule="FT-SAMPLE-MUS-SELECT", section="§7")
    return stream.uniform(j)


def mus_select(pop: Population, interval: int, random_start: int) -> MusSelection:
    """Certainty stratum and systematic selection at points s, s + J, s + 2J, … ≤ the sampled total (§7)."""
    j = check_fen("interval", interval, minimum=1, rule="FT-SAMPLE-MUS-SELECT", section="§7")
    s = check_fen("random_start", random_start, minimum=1, rule="FT-SAMPLE-MUS-SELECT", section="§7")
    if s > j:
        raise SamplingError("random_start", "FT-SAMPLE-MUS-SELECT", f"must lie in [1, {j}], got {s}", "§7")
    certainty = tuple(i for i in pop.items if i.book_value >= j)
    hits: list[MusHit] = []
    cumulative = 0
    point = s
    for position, item in enumerate(pop.items):
        if item.book_value >= j:
            continue
        cumulative += item.book_value
        # an item below J holds at most one point: the next point is J past this one
        if point <= cumulative:
            hits.append(MusHit(point, position, item.item_id, item.book_value))
            point += j
    return MusSelection(j, s, certainty, cumulative, tuple(hits))


def mus_draw(pop: Population, plan: MusPlan, stream: RandomStream) -> MusSelection:
    """The whole draw: the random start from the stream, then :func:`mus_select`."""
    return mus_select(pop, plan.interval, draw_random_start(stream, plan.interval))


@dataclass(frozen=True)
class Examined:
    """An examined item: its book value and the audited value the inspector found, both in 分."""

    item_id: str
    book_value: int
    audited_value: int

    @property
    def misstatement(self) -> int:
        """Book − audited: positive is an overstatement."""
        return self.book_value - self.audited_value


@dataclass(frozen=True)
class Tainting:
    item_id: str
    tainting: Fraction  # (book − audited) / book
    rank: int  # 1 = largest
    factor_increment: Fraction  # F(c, rank) − F(c, rank − 1)
    projected: Fraction  # J · t
    contribution: Fraction  # J · t · increment


@dataclass(frozen=True)
class MusEvaluation:
    """The Stringer bound and its parts (§8). Fractions are exact; the ``*_fen`` figures are rounded up."""

    interval: int
    confidence: Fraction
    basic_precision: Fraction
    taintings: tuple[Tainting, ...]
    projected_misstatement: Fraction
    sampled_upper_bound: Fraction
    certainty_overstatement: int
    upper_bound: Fraction
    understatement: int  # Σ (audited − book) over understated items of both strata: reported, not netted
    tolerable: int

    @property
    def basic_precision_fen(self) -> int:
        return ceil_fraction(self.basic_precision)

    @property
    def projected_misstatement_fen(self) -> int:
        return ceil_fraction(self.projected_misstatement + self.certainty_overstatement)

    @property
    def upper_bound_fen(self) -> int:
        return ceil_fraction(self.upper_bound)

    @property
    def accepted(self) -> bool:
        """The population is accepted when the upper bound (rounded up to the 分) does not exceed TM."""
        return self.upper_bound_fen <= self.tolerable


def _examined(field: str, rows: Iterable[Examined]) -> list[Examined]:
    out = list(rows)
    for n, row in enumerate(out):
        check_fen(f"{field}[{n}].book_value", row.book_value, minimum=1, rule="FT-SAMPLE-MUS-EVAL", section="§8")
        check_fen(f"{field}[{n}].audited_value", row.audited_value, minimum=0, rule="FT-SAMPLE-MUS-EVAL", section="§8")
    return out


def mus_evaluate(
    interval: int,
    confidence: Fraction,
    tolerable: int,
    sampled: Iterable[Examined] = (),
    certainty: Iterable[Examined] = (),
) -> MusEvaluation:
    """The Stringer upper bound on overstatement from the examined items of both strata (§8)."""
    j = check_fen("interval", interval, minimum=1, rule="FT-SAMPLE-MUS-EVAL", section="§8")
    conf = check_confidence(confidence)
    tm = check_fen("tolerable", tolerable, minimum=1, rule="FT-SAMPLE-MUS-EVAL", section="§8")
    sampled_rows = _examined("sampled", sampled)
    certainty_rows = _examined("certainty", certainty)
    for n, row in enumerate(sampled_rows):
        if row.book_value >= j:
            raise SamplingError(
                f"sampled[{n}].book_value",
                "FT-SAMPLE-MUS-EVAL",
                f"{row.book_value} 分 ≥ the interval {j}: the item belongs to the certainty stratum",
                "§8",
            )
    for n, row in enumerate(certainty_rows):
        if row.book_value < j:
            raise SamplingError(
                f"certainty[{n}].book_value",
                "FT-SAMPLE-MUS-EVAL",
                f"{row.book_value} 分 < the interval {j}: the item belongs to the sampled stratum",
                "§8",
            )
    over = [(Fraction(r.misstatement, r.book_value), r.item_id) for r in sampled_rows if r.misstatement > 0]
    # largest tainting first; equal taintings by item id (the order does not change the sum)
    over.sort(key=lambda t: (-t[0], t[1]))
    basic = j * confidence_factor(0, conf)
    taintings: list[Tainting] = []
    for rank, (t, item_id) in enumerate(over, start=1):
        inc = confidence_factor(rank, conf) - confidence_factor(rank - 1, conf)
        taintings.append(Tainting(item_id, t, rank, inc, j * t, j * t * inc))
    projected = sum((t.projected for t in taintings), Fraction(0))
    sampled_bound = basic + sum((t.contribution for t in taintings), Fraction(0))
    certainty_over = sum(r.misstatement for r in certainty_rows if r.misstatement > 0)
    under = sum(-r.misstatement for r in (*sampled_rows, *certainty_rows) if r.misstatement < 0)
    return MusEvaluation(
        interval=j,
        confidence=conf,
        basic_precision=basic,
        taintings=tuple(taintings),
        projected_misstatement=projected,
        sampled_upper_bound=sampled_bound,
        certainty_overstatement=certainty_over,
        upper_bound=sampled_bound + certainty_over,
        understatement=under,
        tolerable=tm,
    )
