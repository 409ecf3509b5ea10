"""The pure sampling core of the task force's audit (issue 11 item 3; the spec is docs/sampling.md).

No I/O: the plan, the population document and the selection become signed events elsewhere; this package
only computes them, byte for byte as the spec says, so that ``fundtrail-verify`` can re-derive them.
"""

from __future__ import annotations

from audit.sampling.attribute import AttributeEvaluation
from audit.sampling.attribute import AttributePlan
from audit.sampling.attribute import attribute_draw
from audit.sampling.attribute import attribute_evaluate
from audit.sampling.attribute import attribute_plan
from audit.sampling.attribute import select_distinct
from audit.sampling.errors import SamplingError
from audit.sampling.mus import Examined
from audit.sampling.mus import MusEvaluation
from audit.sampling.mus import MusHit
from audit.sampling.mus import MusPlan
from audit.sampling.mus import MusSelection
from audit.sampling.mus import draw_random_start
from audit.sampling.mus import mus_draw
from audit.sampling.mus import mus_evaluate
from audit.sampling.mus import mus_plan
from audit.sampling.mus import mus_select
from audit.sampling.poisson import confidence_factor
from audit.sampling.poisson import expansion_factor
from audit.sampling.poisson import poisson_upper_limit
from audit.sampling.population import Item
from audit.sampling.population import Population
from audit.sampling.population import parse_population
from audit.sampling.population import population
from audit.sampling.stream import RandomStream
from audit.sampling.stream import check_reveal
from audit.sampling.stream import commitment
from audit.sampling.stream import derive_seed
from audit.sampling.stream import reveal_matches
from audit.sampling.stream import stream_for

__all__ = [
    "AttributeEvaluation",
    "AttributePlan",
    "Examined",
    "Item",
    "MusEvaluation",
    "MusHit",
    "MusPlan",
    "MusSelection",
    "Population",
    "RandomStream",
    "SamplingError",
    "attribute_draw",
    "attribute_evaluate",
    "attribute_plan",
    "check_reveal",
    "commitment",
    "confidence_factor",
    "derive_seed",
    "draw_random_start",
    "expansion_factor",
    "mus_draw",
    "mus_evaluate",
    "mus_plan",
    "mus_select",
    "parse_population",
    "poisson_upper_limit",
    "population",
    "reveal_matches",
    "select_distinct",
    "stream_for",
]
