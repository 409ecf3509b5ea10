"""The rules, in tiers like beancount's validations: the always-on checks are cheap (one pass, grouping by
key) and run whenever flags are asked for; the on-demand ones (pairs within groups, simulations of merged
projects) run when named or when their tier is asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from audit.flags import city
from audit.flags import province
from audit.flags.params import DEFAULT
from audit.flags.sources import SOURCES

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Collection
    from datetime import date

    from audit.flags.model import Facts
    from audit.flags.model import Flag
    from audit.flags.params import Params

ALWAYS = "always"
ON_DEMAND = "on_demand"


@dataclass(frozen=True)
class Rule:
    rule_id: str
    title: str
    tier: str
    source: str
    check: Callable[[Facts, Params, date], list[Flag]]


RULES: tuple[Rule, ...] = (
    Rule("R1", "split projects (bracket arbitrage)", ON_DEMAND, SOURCES["R1"], city.r1_split_projects),
    Rule("R2", "near-duplicate invoices", ALWAYS, SOURCES["R2"], city.r2_near_duplicate_invoices),
    Rule("R3", "duplicate bank vouchers", ALWAYS, SOURCES["R3"], city.r3_duplicate_vouchers),
    Rule("R7", "sequence anomalies", ALWAYS, SOURCES["R7"], city.r7_sequence_anomalies),
    Rule("R9", "thresholds and round numbers", ALWAYS, SOURCES["R9"], city.r9_round_numbers),
    Rule("R11", "provider concentration", ALWAYS, SOURCES["R11"], city.r11_provider_concentration),
    Rule("R12", "digital-level anomalies", ALWAYS, SOURCES["R12"], city.r12_level_anomalies),
    Rule("R14", "scores amended after the ranking", ALWAYS, SOURCES["R14"], province.r14_amended_after_ranking),
    Rule("R16", "pass-through legs held", ALWAYS, SOURCES["R16"], province.r16_pass_through_held),
    Rule("R19", "reviewer score divergence", ON_DEMAND, SOURCES["R19"], province.r19_score_divergence),
)
BY_ID = {r.rule_id: r for r in RULES}


def run(
    facts: Facts,
    today: date,
    params: Params = DEFAULT,
    *,
    tiers: Collection[str] = (ALWAYS,),
    rules: Collection[str] | None = None,
) -> list[Flag]:
    """The flags of the chosen rules (by id) or, when none are named, of every rule in ``tiers``."""
    if rules is not None:
        unknown = sorted(set(rules) - set(BY_ID))
        if unknown:
            msg = f"no such rule: {', '.join(unknown)} (known: {', '.join(BY_ID)})"
            raise ValueError(msg)
        chosen = [r for r in RULES if r.rule_id in rules]
    else:
        chosen = [r for r in RULES if r.tier in tiers]
    return [flag for rule in chosen for flag in rule.check(facts, params, today)]
