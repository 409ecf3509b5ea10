"""Domain tests without a database or keys: an in-memory Reader and given/when/then helpers.

``World`` keeps aggregates by stream. ``when`` runs one catalogue command as an actor at a fixed
ledger time, the way ledger/app.py does (parse, execute), and on success "saves" every returned
aggregate (collecting its pending events); on refusal nothing changes. ``then`` inspects events.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar

import pytest

from domain import ids
from domain.actors import Actor
from domain.actors import organisation
from domain.catalogue import CATALOGUE
from domain.clock import command_time
from domain.errors import RuleViolation
from domain.kernel.admission import NOT_FOUND
from domain.kernel.admission import ROLE
from ledger.canonical import canonical_bytes

if TYPE_CHECKING:
    from collections.abc import Sequence
    from uuid import UUID

    from domain.roles import Role

A = TypeVar("A")


@dataclass
class MemoryReader:
    """domain/kernel/commands.py ``Reader`` over a dict of aggregates (copies: a refusal changes nothing)."""

    store: dict[UUID, Any]
    actor: Actor
    now: datetime
    command_id: str = "cmd-1"
    origin: str = "fundtrail.test/domain"
    loaded: dict[UUID, Any] = field(default_factory=dict)

    def find(self, cls: type[A], stream: UUID) -> A | None:
        if stream == self.actor.id:
            return self.actor  # type: ignore[return-value]
        if stream not in self.loaded:
            found = self.store.get(stream)
            self.loaded[stream] = copy.deepcopy(found) if found is not None else None
        found = self.loaded[stream]
        return found if isinstance(found, cls) else None

    def get(self, cls: type[A], stream: UUID, *, field: str, what: str) -> A:
        found = self.find(cls, stream)
        if found is None:
            NOT_FOUND.refuse(field, f"no {what} with this id is recorded")
        return found

    def exists(self, stream: UUID) -> bool:
        return self.find(object, stream) is not None

    def prefetch(self, streams: Sequence[UUID]) -> None:
        return None

    def proves_possession(self, public_key: bytes, proof: bytes) -> bool:
        return False


@dataclass
class World:
    """Given: aggregates and actors. When: a command. Then: the events it caused, or a refusal."""

    now: datetime = field(default_factory=lambda: datetime(2025, 3, 3, 2, 0, tzinfo=UTC))
    store: dict[UUID, Any] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    log: list[Any] = field(default_factory=list)  # every event "saved", in order
    counter: int = 0

    def actor(self, actor_id: str, *roles: Role, org_code: str = "ORG", org_kind: str = "operator") -> Actor:
        with command_time(self.now):
            a = Actor(actor_id=actor_id, name=actor_id, organisation=organisation(org_code, org_code, org_kind))
            for r in roles:
                a.grant_role(r)
            a.collect_events()
        self.actors[actor_id] = a
        self.store[a.id] = a
        return a

    def when(self, actor_id: str, command: str, args: dict[str, Any], *, at: datetime | None = None) -> list[Any]:
        """Run ``command`` as ``actor_id``; return its events (refusals raise, changing nothing)."""
        cmd = CATALOGUE.get(command)
        assert cmd is not None, f"{command} is not in the catalogue"
        actor = copy.deepcopy(self.actors[actor_id])
        if not any(actor.has_role(r) for r in cmd.roles) and not (
            cmd.self_service and args.get(cmd.self_service) == actor_id
        ):
            ROLE.refuse("envelope.actor", f"{actor_id} may not give {command}")
        now = at or self.now
        self.counter += 1
        reader = MemoryReader(self.store, actor, now, command_id=f"cmd-{self.counter}")
        with command_time(now):
            changed = list(cmd.run(args, reader))
        events: list[Any] = []
        for agg in changed:
            collected = agg.collect_events()
            for event in collected:
                # what the ledger would refuse to store (a float, an int past ±2^53) fails here too
                canonical_bytes({k: v for k, v in vars(event).items() if not k.startswith("_")})
            events += collected
            self.store[agg.id] = agg
            if isinstance(agg, Actor):
                self.actors[agg.actor_id] = agg
        self.log += events
        return events

    def refused(
        self,
        actor_id: str,
        command: str,
        args: dict[str, Any],
        *,
        rule: str,
        field: str | None = None,
        at: datetime | None = None,
    ) -> RuleViolation:
        """The command is refused under ``rule`` (and ``field``), and nothing changes."""
        before = {k: copy.deepcopy(v.__dict__) for k, v in self.store.items()}
        with pytest.raises(RuleViolation) as info:
            self.when(actor_id, command, args, at=at)
        e = info.value
        assert e.rule == rule, f"expected rule {rule}, got {e.rule}: {e}"
        if field is not None:
            assert e.field == field, f"expected field {field}, got {e.field}: {e}"
        after = {k: v.__dict__ for k, v in self.store.items()}
        assert before == after, "a refused command changed the store"
        return e

    def get(self, cls: type[A], stream: UUID) -> A:
        found = self.store[stream]
        assert isinstance(found, cls)
        return found


def topics(events: Sequence[Any]) -> list[str]:
    from eventsourcing.utils import get_topic

    return [get_topic(type(e)) for e in events]


def actor_stream(actor_id: str) -> UUID:
    return ids.actor_stream(actor_id)
