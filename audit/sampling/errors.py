"""The typed refusal of the sampling core: it names the field and the rule, with its section of docs/sampling.md."""

from __future__ import annotations

from domain.errors import InvalidField

SPEC = "docs/sampling.md"


class SamplingError(InvalidField):
    """A sampling input broke a rule of docs/sampling.md; nothing was computed."""

    code = "SAMPLING_INVALID"

    def __init__(self, field: str, rule: str, detail: str, section: str) -> None:
        super().__init__(field, rule, detail, f"{SPEC} {section}")
