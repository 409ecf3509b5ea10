"""Poisson confidence factors in pure Python (docs/sampling.md §5).

The factor for k errors at confidence c is the upper limit λ of a Poisson mean: the λ with
P(X ≤ k; λ) = 1 − c. The AICPA Audit Sampling guide publishes it rounded **up** to two decimals
(95%: 3.00, 4.75, 6.30, 7.76, 9.16); :func:`confidence_factor` returns exactly that number, as a Fraction:
the least multiple h/100 with P(X ≤ k; h/100) ≤ 1 − c, found by bisection over the integers h.

P(X ≤ k; λ) = e^{−λ} · Σ_{j≤k} λ^j / j!: the sum is exact (a Fraction), e^{−λ} is computed by ``decimal`` at 60
significant digits (correctly rounded), and a comparison closer than 10^-40 to 1 − c is refused rather than
guessed (e^{−λ} is transcendental for rational λ ≠ 0, so it never equals a rational; none of the published
cells comes anywhere near the margin).
"""

from __future__ import annotations

import decimal
from fractions import Fraction
from functools import cache

from audit.sampling.errors import SamplingError
from audit.sampling.rates import check_confidence
from audit.sampling.rates import check_count

PRECISION = 60
MARGIN = decimal.Decimal("1e-40")
FACTOR_PLACES = 2

# The AICPA guide's expansion factors for expected misstatement, by risk of incorrect acceptance (1 − confidence).
EXPANSION_FACTORS: dict[Fraction, Fraction] = {
    Fraction(1, 100): Fraction("1.9"),
    Fraction(5, 100): Fraction("1.6"),
    Fraction(10, 100): Fraction("1.5"),
    Fraction(15, 100): Fraction("1.4"),
    Fraction(20, 100): Fraction("1.3"),
    Fraction(25, 100): Fraction("1.25"),
    Fraction(30, 100): Fraction("1.2"),
    Fraction(37, 100): Fraction("1.15"),
    Fraction(50, 100): Fraction("1.0"),
}


def _decimal(x: Fraction, ctx: decimal.Context) -> decimal.Decimal:
    return ctx.divide(decimal.Decimal(x.numerator), decimal.Decimal(x.denominator))


def poisson_cdf_exceeds(k: int, lam: Fraction, alpha: Fraction) -> bool:
    """Whether P(X ≤ k; λ) > α, decided with 60 significant digits and a 10^-40 margin (§5)."""
    if lam == 0:
        return alpha < 1
    partial = Fraction(0)
    term = Fraction(1)
    for j in range(k + 1):
        if j:
            term = term * lam / j
        partial += term
    ctx = decimal.Context(prec=PRECISION, rounding=decimal.ROUND_HALF_EVEN)
    cdf = ctx.multiply(ctx.exp(ctx.minus(_decimal(lam, ctx))), _decimal(partial, ctx))
    diff = ctx.subtract(cdf, _decimal(alpha, ctx))
    if ctx.abs(diff) < MARGIN:
        raise SamplingError(
            "confidence",
            "FT-SAMPLE-FACTOR",
            f"P(X ≤ {k}; {lam}) lies within 1e-40 of {alpha}: the factor cannot be decided safely",
            "§5",
        )
    return diff > 0


@cache
def poisson_upper_limit(k: int, confidence: Fraction, places: int) -> Fraction:
    """The least multiple λ of 10^-places with P(X ≤ k; λ) ≤ 1 − confidence (the upper limit rounded up)."""
    check_count("errors", k, minimum=0, rule="FT-SAMPLE-FACTOR", section="§5")
    check_count("places", places, minimum=0, rule="FT-SAMPLE-FACTOR", section="§5")
    conf = check_confidence(confidence)
    alpha = 1 - conf
    scale = 10**places
    lo = 0  # P(X ≤ k; 0) = 1 > α
    hi = (k + 1) * scale
    while poisson_cdf_exceeds(k, Fraction(hi, scale), alpha):
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if poisson_cdf_exceeds(k, Fraction(mid, scale), alpha):
            lo = mid
        else:
            hi = mid
    return Fraction(hi, scale)


def confidence_factor(k: int, confidence: Fraction) -> Fraction:
    """The published reliability (confidence) factor for k errors: the Poisson upper limit rounded up to 0.01."""
    return poisson_upper_limit(k, confidence, FACTOR_PLACES)


def expansion_factor(confidence: Fraction) -> Fraction:
    """The AICPA expansion factor for expected misstatement at this confidence (only the published risks)."""
    conf = check_confidence(confidence)
    try:
        return EXPANSION_FACTORS[1 - conf]
    except KeyError:
        known = ", ".join(str(1 - r) for r in sorted(EXPANSION_FACTORS))
        raise SamplingError(
            "confidence",
            "FT-SAMPLE-EXPANSION",
            f"no published expansion factor at confidence {conf}; with expected misstatement use one of {known}",
            "§6",
        ) from None
