"""Stable topics.

A stored event's topic is part of the hashed record (docs/ledger-format.md §4),
so it must never follow a module or class rename. Every event class carries an
explicit ``topic=`` and every aggregate class is pinned here to a stable name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import TypeVar

from eventsourcing import utils

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T", bound=type)


def pin_topic(topic: str) -> Callable[[T], T]:
    """Class decorator: make ``topic`` the class's topic in both directions."""

    def decorate(cls: T) -> T:
        utils.register_topic(topic, cls)
        # get_topic() consults this cache before building "module:qualname";
        # pinning it keeps originator_topic stable across refactors.
        utils._type_cache[cls] = topic
        # Event classes made by @event(..., topic=...) carry it as TOPIC; register
        # them now so a fresh process can resolve stored topics before any event
        # of that class has been triggered.
        for member in vars(cls).values():
            event_topic = member.__dict__.get("TOPIC") if isinstance(member, type) else None
            if isinstance(event_topic, str):
                utils.register_topic(event_topic, member)
                utils._type_cache[member] = event_topic
        return cls

    return decorate


# topic -> (中文, English): display labels (docs/decisions.md §23: topics stay English, labels are display).
LABELS: dict[str, tuple[str, str]] = {}


def label_topics(labels: dict[str, tuple[str, str]]) -> None:
    """Declare the labels of a feature's event topics (called once, beside the aggregates)."""
    for topic, pair in labels.items():
        if LABELS.get(topic, pair) != pair:
            msg = f"topic {topic} is labelled twice, differently"
            raise ValueError(msg)
        LABELS[topic] = pair
