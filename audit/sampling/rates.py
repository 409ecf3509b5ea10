"""Checks and roundings shared by the sampling modules (docs/sampling.md §1, §12)."""

from __future__ import annotations

from fractions import Fraction

from audit.sampling.errors import SamplingError


def ceil_fraction(x: Fraction) -> int:
    """The least integer ≥ x (every 分 figure the core reports from an exact bound)."""
    return -((-x.numerator) // x.denominator)


def floor_fraction(x: Fraction) -> int:
    """The greatest integer ≤ x."""
    return x.numerator // x.denominator


def ceil_to(x: Fraction, places: int) -> Fraction:
    """x rounded up to a multiple of 10^-places."""
    scale = 10**places
    return Fraction(ceil_fraction(x * scale), scale)


def check_fen(field: str, value: object, *, minimum: int, rule: str, section: str) -> int:
    """An amount in 分: a plain int (never bool, float or Fraction) at least ``minimum``."""
    if type(value) is not int:
        raise SamplingError(field, rule, f"an integer number of 分 is required, got {value!r}", section)
    if value < minimum:
        raise SamplingError(field, rule, f"must be at least {minimum} 分, got {value}", section)
    return value


def check_count(field: str, value: object, *, minimum: int, rule: str, section: str) -> int:
    """A count: a plain int at least ``minimum``."""
    if type(value) is not int:
        raise SamplingError(field, rule, f"an integer is required, got {value!r}", section)
    if value < minimum:
        raise SamplingError(field, rule, f"must be at least {minimum}, got {value}", section)
    return value


def check_confidence(value: object, field: str = "confidence") -> Fraction:
    """A confidence level: an exact Fraction strictly between 0 and 1 (0.95 is ``Fraction(95, 100)``)."""
    if not isinstance(value, Fraction):
        raise SamplingError(field, "FT-SAMPLE-CONFIDENCE", f"an exact Fraction is required, got {value!r}", "§5")
    if not 0 < value < 1:
        raise SamplingError(field, "FT-SAMPLE-CONFIDENCE", f"must lie strictly between 0 and 1, got {value}", "§5")
    return value


def check_rate(field: str, value: object, *, allow_zero: bool, rule: str, section: str) -> Fraction:
    """A rate: an exact Fraction in [0, 1) (or (0, 1) when zero is not allowed)."""
    if not isinstance(value, Fraction):
        raise SamplingError(field, rule, f"an exact Fraction is required, got {value!r}", section)
    low_ok = value >= 0 if allow_zero else value > 0
    if not (low_ok and value < 1):
        bounds = "[0, 1)" if allow_zero else "(0, 1)"
        raise SamplingError(field, rule, f"must lie in {bounds}, got {value}", section)
    return value
