"""Typed refusals. Each names the field and the rule (with its article where one applies)."""

from __future__ import annotations


class DomainError(Exception):
    """Root of every refusal raised by the domain."""


class RuleViolation(DomainError):
    """A command broke a rule; nothing was recorded.

    Attributes:
        field: the argument (dotted path) that broke the rule.
        rule: a stable rule id, e.g. ``FT-ROLE-GRANT`` or ``HRB-8``.
        article: the article of the measures the rule comes from, if any.
        detail: what was expected and what was given.
    """

    code = "RULE_VIOLATION"

    def __init__(self, field: str, rule: str, detail: str, article: str = "") -> None:
        self.field = field
        self.rule = rule
        self.article = article
        self.detail = detail
        where = f" ({article})" if article else ""
        super().__init__(f"{field}: {detail} [rule {rule}{where}]")


class InvalidField(RuleViolation):
    """A field is missing, of the wrong type or malformed."""

    code = "INVALID_FIELD"


class NotFound(RuleViolation):
    """The command refers to something the ledger does not hold."""

    code = "NOT_FOUND"


class Conflict(RuleViolation):
    """The command contradicts the current state (duplicate, already revoked, ...)."""

    code = "CONFLICT"


class Unauthorised(RuleViolation):
    """The acting actor lacks the role, or its key is not valid."""

    code = "UNAUTHORISED"
