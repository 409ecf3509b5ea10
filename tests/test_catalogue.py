"""The catalogue is consistent, and the documents generated from it are current."""

from __future__ import annotations

import pytest
from eventsourcing import utils

from domain.catalogue import CATALOGUE
from domain.catalogue import Catalogue
from domain.catalogue import CatalogueError
from domain.coverage import RULE_TABLE
from domain.kernel.rules import SOURCES
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule
from domain.topics import LABELS
from fundtrail import docs


def test_every_command_has_roles_rules_from_the_catalogue_and_a_summary_in_both_languages() -> None:
    for command in CATALOGUE:
        assert command.roles, command.name
        assert command.zh and command.en, command.name
        for rule in command.enforces:
            assert CATALOGUE.rules[rule.id] is rule
        assert set(command.cli_arguments) <= set(command.args.model_fields), command.name
        assert command.args.model_config.get("extra") == "forbid" and command.args.model_config.get("strict")


def test_rule_ids_are_unique_and_legal_rules_cite_their_article() -> None:
    for rule in CATALOGUE.rules.values():
        assert rule.id.startswith("FT-"), rule.id
        assert rule.zh and rule.en and rule.article, rule.id
        if rule.source in SOURCES:
            assert rule.implements, f"{rule.id} cites {rule.source} but implements no rule-table id"
            assert all(i.split("-")[0] == rule.source for i in rule.implements), rule.id
            assert any(ch in rule.article for ch in "条"), rule.id
        assert all(i in RULE_TABLE or i.startswith(("HRB-", "HLJ-")) for i in rule.implements), rule.id


def test_the_catalogue_refuses_duplicates_and_commands_without_roles() -> None:
    first = next(iter(CATALOGUE))
    with pytest.raises(CatalogueError, match="declared twice"):
        Catalogue([first, first], CATALOGUE.rules.values())
    twin = Rule("FT-FIELD", Kind.BLOCK, "docs/decisions.md", "§24", "x", "x")
    with pytest.raises(CatalogueError, match="declared twice"):
        Catalogue([], [*CATALOGUE.rules.values(), twin])
    nobody = type(first)()
    nobody.roles = frozenset()  # type: ignore[misc]
    with pytest.raises(CatalogueError, match="no role"):
        Catalogue([nobody], CATALOGUE.rules.values())


def test_every_fundtrail_topic_is_pinned_and_labelled_in_both_languages() -> None:
    topics = {t for t in utils._topic_cache if t.startswith("fundtrail.")}  # pinned by domain/topics.py
    event_topics = {t for t in topics if t.rsplit(".", 1)[1][0].isupper() and t not in _aggregate_topics()}
    assert "fundtrail.actor.Registered" in event_topics
    missing = sorted(t for t in event_topics if t not in LABELS)
    assert not missing, f"topics without labels: {missing}"
    assert all(zh and en and zh != en for zh, en in LABELS.values())


def _aggregate_topics() -> set[str]:
    from eventsourcing.domain import Aggregate

    return {t for t, cls in utils._topic_cache.items() if isinstance(cls, type) and issubclass(cls, Aggregate)}


def test_generated_documents_are_current() -> None:
    stale = [str(p.name) for p, text in docs.documents().items() if p.read_text(encoding="utf-8") != text]
    assert not stale, f"run `python -m fundtrail.docs`: stale {stale}"


def test_every_command_name_can_be_signed() -> None:
    """A command name the envelope's pattern refuses could never reach the ledger (docs/ledger-format.md §5.1)."""
    from ledger.envelope import _COMMAND

    assert [c.name for c in CATALOGUE if not _COMMAND.match(c.name)] == []


def test_every_rule_of_the_harbin_table_is_implemented_or_said_why_not() -> None:
    """The Done-when of issues 7 and 8: each §1.9 id in scope has a rule of the catalogue implementing it,
    or a reason in domain/coverage.py NOT_BY_SOFTWARE (docs/rules.md shows the table)."""
    from domain.coverage import NOT_BY_SOFTWARE

    implemented = {i for r in CATALOGUE.rules.values() for i in r.implements}
    assert [i for i in RULE_TABLE if i not in implemented and i not in NOT_BY_SOFTWARE] == []
