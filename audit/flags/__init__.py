"""Red flags as small, explainable rules (issue 11 item 1; docs/decisions.md §52).

Each rule is a pure function over the audit-facts view (projections/audit_facts.py) and a versioned
parameter set; each flag names its rule, the article or guidance, the parameters' version, the facts and
the ``seq`` of every record they rest on. Rules sit in tiers (``registry``): cheap always-on checks and
heavier on-demand ones.
"""

from __future__ import annotations

from audit.flags.model import Facts
from audit.flags.model import Flag
from audit.flags.model import load
from audit.flags.params import DEFAULT
from audit.flags.params import Params
from audit.flags.registry import ALWAYS
from audit.flags.registry import ON_DEMAND
from audit.flags.registry import RULES
from audit.flags.registry import Rule
from audit.flags.registry import run

__all__ = ["ALWAYS", "DEFAULT", "ON_DEMAND", "RULES", "Facts", "Flag", "Params", "Rule", "load", "run"]
