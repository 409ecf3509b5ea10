"""CATALOGUE: every command of fundtrail, and every rule, declared once (docs/commands.md, docs/rules.md).

``ledger/`` dispatches on this and nothing else; ``fundtrail`` generates its write commands, the
``apply`` line format and both documents from it. It refuses duplicate command names and rule ids,
a command without roles, and a command that enforces an undeclared rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from domain.actors import commands as actor_commands
from domain.actors import rules as actor_rules
from domain.approval import commands as approval_commands
from domain.approval import rules as approval_rules
from domain.audit import commands as audit_commands
from domain.audit import rules as audit_rules
from domain.award import commands as award_commands
from domain.award import rules as award_rules
from domain.clawback import commands as clawback_commands
from domain.clawback import rules as clawback_rules
from domain.documents import commands as document_commands
from domain.documents import rules as document_rules
from domain.enterprise import commands as enterprise_commands
from domain.enterprise import rules as enterprise_rules
from domain.kernel import admission
from domain.kernel import cosign
from domain.kernel import dates
from domain.ledger import commands as ledger_commands
from domain.payment import commands as payment_commands
from domain.payment import rules as payment_rules
from domain.performance import commands as performance_commands
from domain.performance import rules as performance_rules
from domain.policy import commands as policy_commands
from domain.policy import rules as policy_rules
from domain.procurement import commands as procurement_commands
from domain.procurement import rules as procurement_rules
from domain.programme import commands as programme_commands
from domain.programme import rules as programme_rules
from domain.project import commands as project_commands
from domain.project import rules as project_rules
from domain.province import commands as province_commands
from domain.province import rules as province_rules
from domain.publicity import commands as publicity_commands
from domain.publicity import rules as publicity_rules

if TYPE_CHECKING:
    from collections.abc import Iterable
    from collections.abc import Iterator

    from domain.kernel.commands import Command
    from domain.kernel.rules import Rule


class CatalogueError(Exception):
    """The catalogue itself is inconsistent (a programming error, found at import)."""


class Catalogue:
    def __init__(self, commands: Iterable[Command[Any]], rules: Iterable[Rule]) -> None:
        self.commands: dict[str, Command[Any]] = {}
        self.rules: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in self.rules:
                raise CatalogueError(f"rule id {rule.id} is declared twice")
            self.rules[rule.id] = rule
        for command in commands:
            if command.name in self.commands:
                raise CatalogueError(f"command {command.name} is declared twice")
            if not command.roles:
                raise CatalogueError(f"command {command.name} names no role that may give it")
            for rule in command.enforces:
                if self.rules.get(rule.id) is not rule:
                    raise CatalogueError(f"{command.name} enforces {rule.id}, which no feature declares")
            self.commands[command.name] = command
        paths = [c.cli for c in self.commands.values() if c.cli]
        if len(set(paths)) != len(paths):
            raise CatalogueError("two commands share a CLI path")

    def get(self, name: str) -> Command[Any] | None:
        return self.commands.get(name)

    def __iter__(self) -> Iterator[Command[Any]]:
        return iter(self.commands.values())

    def __len__(self) -> int:
        return len(self.commands)


# One line per feature folder, in the order of the process (docs/commands.md follows it).
FEATURES = (
    ledger_commands,
    actor_commands,
    document_commands,
    policy_commands,
    programme_commands,
    enterprise_commands,
    project_commands,
    publicity_commands,
    approval_commands,
    payment_commands,
    clawback_commands,
    award_commands,
    procurement_commands,
    performance_commands,
    province_commands,
    audit_commands,
)
RULE_SETS = (
    admission.RULES,
    dates.RULES,
    cosign.RULES,
    actor_rules.RULES,
    document_rules.RULES,
    policy_rules.RULES,
    programme_rules.RULES,
    enterprise_rules.RULES,
    project_rules.RULES,
    publicity_rules.RULES,
    approval_rules.RULES,
    payment_rules.RULES,
    clawback_rules.RULES,
    award_rules.RULES,
    procurement_rules.RULES,
    performance_rules.RULES,
    province_rules.RULES,
    audit_rules.RULES,
)

CATALOGUE = Catalogue(
    (command for feature in FEATURES for command in feature.COMMANDS),
    (rule for rules in RULE_SETS for rule in rules),
)
