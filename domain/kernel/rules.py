"""Rules as declared objects: an id, the rule-table ids they implement, the article, a kind, two texts.

A refusal is raised through the rule (``RULE.refuse(field, detail)``), so the error always names the
field, the rule id and the article, and the user's language can be chosen at the edge from the rule's
own texts. Rule ids are stable: tests, docs and stored findings refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from enum import StrEnum
from typing import NoReturn

from domain.errors import Conflict
from domain.errors import InvalidField
from domain.errors import NotFound
from domain.errors import RuleViolation
from domain.errors import Unauthorised

# The legal sources a rule may cite. Rules of the format cite the repository's own documents.
HRB = "哈工信联规〔2024〕1号"  # 哈尔滨市中小企业数字化转型城市试点专项资金管理办法（暂行）
HLJ = "黑工信企业联规〔2024〕19号"  # 黑龙江省中小企业数字化示范标杆企业奖励政策实施细则
SOURCES = {"HRB": HRB, "HLJ": HLJ}


class Kind(StrEnum):
    """docs/rules.md: BLOCK refuses the command; GATE is a precondition of a transition; WARN raises a
    flag for a person to decide; RECORD must be captured, with no automated decision."""

    BLOCK = "BLOCK"
    GATE = "GATE"
    WARN = "WARN"
    RECORD = "RECORD"


class Clock(StrEnum):
    """Which time a rule judges by (decisions: business dates are checked against the ledger clock)."""

    RECORD = "record"  # the ledger clock at the moment of recording
    BUSINESS = "business"  # a business date carried by the command, checked against the ledger clock
    NONE = "none"  # the rule does not depend on time


ERRORS: dict[str, type[RuleViolation]] = {
    "invalid": InvalidField,
    "not_found": NotFound,
    "conflict": Conflict,
    "unauthorised": Unauthorised,
}


@dataclass(frozen=True)
class Rule:
    """One enforceable or recordable rule.

    Attributes:
        id: stable id, ``FT-<FEATURE>-<NAME>`` (``FT-DOC-UNIQUE``, ``FT-PRJ-ORDER``).
        kind: BLOCK, GATE, WARN or RECORD.
        source: ``HRB``, ``HLJ`` or a repository document such as ``docs/decisions.md``.
        article: the article within the source (``第八条``, ``§11``), or "".
        zh, en: what the rule demands, in Chinese and English.
        implements: ids of the rule table (domain rules §1.9, e.g. ``HRB-8d``) this rule implements.
        clock: which time the rule judges by.
        error: the refusal type: invalid, not_found, conflict or unauthorised.
    """

    id: str
    kind: Kind
    source: str
    article: str
    zh: str
    en: str
    implements: tuple[str, ...] = ()
    clock: Clock = Clock.NONE
    error: str = "conflict"
    ambiguity: tuple[str, ...] = field(default=())  # decided ambiguities (A1..A28) the rule follows

    @property
    def citation(self) -> str:
        """The legal citation: ``哈工信联规〔2024〕1号 第八条`` or ``docs/decisions.md §11``."""
        source = SOURCES.get(self.source, self.source)
        return f"{source} {self.article}".strip()

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def refuse(self, field: str, detail: str, *, error: str | None = None) -> NoReturn:
        """Raise the typed refusal for this rule, naming ``field`` (a dotted path) and the article."""
        cls = ERRORS[error or self.error]
        raise cls(field, self.id, detail, self.citation)

    def check(self, ok: bool, field: str, detail: str, *, error: str | None = None) -> None:
        """Refuse unless ``ok`` (a one-line guard for simple conditions)."""
        if not ok:
            self.refuse(field, detail, error=error)


def rule_text(rule_id: str, rules: dict[str, Rule], lang: str) -> str:
    found = rules.get(rule_id)
    return found.text(lang) if found else ""
