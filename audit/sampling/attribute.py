"""Attribute sampling for compliance tests, on the Poisson model (docs/sampling.md §9–§11).

Size: the least n ≥ ⌈F(c, 0) / TDR⌉ with F(c, k) ≤ n · TDR, where k = ⌈n · EDR⌉ is the number of deviations the
sample may show (F the published factor of §5). Selection: k distinct items by a partial Fisher–Yates shuffle
driven by the stream. Evaluation: upper deviation limit F(c, d) / n for d deviations found.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from audit.sampling.errors import SamplingError
from audit.sampling.poisson import confidence_factor
from audit.sampling.rates import ceil_fraction
from audit.sampling.rates import ceil_to
from audit.sampling.rates import check_confidence
from audit.sampling.rates import check_count
from audit.sampling.rates import check_rate

if TYPE_CHECKING:
    from audit.sampling.population import Item
    from audit.sampling.population import Population
    from audit.sampling.stream import RandomStream

RATE_PLACES = 4  # reported rates are rounded up to 0.0001 (0.01%)


@dataclass(frozen=True)
class AttributePlan:
    tolerable_rate: Fraction
    expected_rate: Fraction
    confidence: Fraction
    population_size: int
    sample_size: int  # n (= the population size when every item is examined)
    allowed_deviations: int  # k = ⌈n · EDR⌉
    factor: Fraction  # F(c, k)
    census: bool  # the Poisson size reached the population: every item is examined


def attribute_plan(
    tolerable_rate: Fraction, expected_rate: Fraction, confidence: Fraction, population_size: int
) -> AttributePlan:
    """Size a compliance test (§9)."""
    tdr = check_rate("tolerable_rate", tolerable_rate, allow_zero=False, rule="FT-SAMPLE-ATTR-PLAN", section="§9")
    edr = check_rate("expected_rate", expected_rate, allow_zero=True, rule="FT-SAMPLE-ATTR-PLAN", section="§9")
    conf = check_confidence(confidence)
    size = check_count("population_size", population_size, minimum=1, rule="FT-SAMPLE-ATTR-PLAN", section="§9")
    if edr >= tdr:
        raise SamplingError(
            "expected_rate",
            "FT-SAMPLE-ATTR-PLAN",
            f"the expected deviation rate {edr} must be below the tolerable rate {tdr}",
            "§9",
        )
    n = ceil_fraction(confidence_factor(0, conf) / tdr)
    while n < size:
        k = ceil_fraction(n * edr)
        factor = confidence_factor(k, conf)
        if factor <= n * tdr:
            return AttributePlan(tdr, edr, conf, size, n, k, factor, census=False)
        n += 1
    k = ceil_fraction(size * edr)
    return AttributePlan(tdr, edr, conf, size, size, k, confidence_factor(k, conf), census=True)


def select_distinct(pop: Population, count: int, stream: RandomStream) -> tuple[Item, ...]:
    """``count`` distinct items by a partial Fisher–Yates shuffle, in draw order (§10).

    a = [0, 1, …, N − 1]; for i = 0 … count − 1: r = uniform(N − i) from the stream; j = i + r − 1; swap a[i], a[j].
    The selection is pop.items[a[0]], …, pop.items[a[count − 1]].
    """
    size = len(pop.items)
    k = check_count("count", count, minimum=0, rule="FT-SAMPLE-ATTR-SELECT", section="§10")
    if k > size:
        raise SamplingError("count", "FT-SAMPLE-ATTR-SELECT", f"cannot draw {k} distinct items from {size}", "§10")
    order = list(range(size))
    for i in range(k):
        j = i + stream.uniform(size - i) - 1
        order[i], order[j] = order[j], order[i]
    return tuple(pop.items[p] for p in order[:k])


@dataclass(frozen=True)
class AttributeEvaluation:
    sample_size: int
    deviations: int
    confidence: Fraction
    sample_rate: Fraction  # d / n
    upper_limit: Fraction  # F(c, d) / n, exact
    tolerable_rate: Fraction

    @property
    def upper_limit_reported(self) -> Fraction:
        """The upper deviation limit rounded up to 0.0001."""
        return ceil_to(self.upper_limit, RATE_PLACES)

    @property
    def accepted(self) -> bool:
        """The control is relied on when the exact upper limit does not exceed the tolerable rate."""
        return self.upper_limit <= self.tolerable_rate


def attribute_evaluate(
    sample_size: int, deviations: int, confidence: Fraction, tolerable_rate: Fraction
) -> AttributeEvaluation:
    """The upper deviation limit for d deviations in a sample of n (§11)."""
    n = check_count("sample_size", sample_size, minimum=1, rule="FT-SAMPLE-ATTR-EVAL", section="§11")
    d = check_count("deviations", deviations, minimum=0, rule="FT-SAMPLE-ATTR-EVAL", section="§11")
    if d > n:
        raise SamplingError("deviations", "FT-SAMPLE-ATTR-EVAL", f"{d} deviations in a sample of {n}", "§11")
    conf = check_confidence(confidence)
    tdr = check_rate("tolerable_rate", tolerable_rate, allow_zero=False, rule="FT-SAMPLE-ATTR-EVAL", section="§11")
    upper = confidence_factor(d, conf) / n
    return AttributeEvaluation(n, d, conf, Fraction(d, n), min(upper, Fraction(1)), tdr)


def attribute_draw(pop: Population, plan: AttributePlan, stream: RandomStream) -> tuple[Item, ...]:
    """The plan's selection: ``plan.sample_size`` distinct items of the population it was sized for (§10)."""
    if len(pop.items) != plan.population_size:
        raise SamplingError(
            "population",
            "FT-SAMPLE-ATTR-SELECT",
            f"the plan was sized for {plan.population_size} items, the population lists {len(pop.items)}",
            "§10",
        )
    return select_distinct(pop, plan.sample_size, stream)
