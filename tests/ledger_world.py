"""The domain's given/when/then World, run through a real ledger: signed envelopes, chain, seals.

Same interface as tests/domain/memory.py ``World`` (``actor``, ``when``, ``refused``, ``get``, ``now``),
so a story written for the domain runs unchanged on SQLite and PostgreSQL. Actors are registered by
the operator with their own keys; every ``when`` is a signed command submitted at the world's time.
"""

from __future__ import annotations

import json
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar

import pytest

from domain.clock import FixedClock
from domain.errors import RuleViolation
from ledger import keys
from tests.helpers import open_ledger

if TYPE_CHECKING:
    from uuid import UUID

    from domain.roles import Role

A = TypeVar("A")


class LedgerWorld:
    def __init__(self, url: str, now: datetime | None = None) -> None:
        self.clock = FixedClock(now or datetime(2025, 3, 3, 2, 0, tzinfo=UTC), tick=timedelta(0))
        self.app = open_ledger(url, self.clock)
        self.keys: dict[str, keys.ActorKey] = {}
        self.operator = self._key("operator")
        self.app.initialise(
            origin="fundtrail.test/lifecycle",
            operator=self.operator,
            operator_name="运营方",
            organisation={"code": "OP", "name": "运营方", "kind": "operator"},
        )
        self.counter = 0

    @property
    def now(self) -> datetime:
        return self.clock.now()

    @now.setter
    def now(self, when: datetime) -> None:
        self.clock.set(when)

    def _key(self, actor_id: str) -> keys.ActorKey:
        key = keys.from_seed(actor_id, actor_id.encode().ljust(32, b"\0")[:32])
        self.keys[actor_id] = key
        return key

    def _cid(self) -> str:
        self.counter += 1
        return f"c-{self.counter}"

    def actor(self, actor_id: str, *roles: Role, org_code: str = "ORG", org_kind: str = "operator") -> None:
        key = self._key(actor_id)
        args = {
            "actor_id": actor_id,
            "name": actor_id,
            "organisation": {"code": org_code, "name": org_code, "kind": org_kind},
            "roles": [r.value for r in roles],
            "public_key": key.public_b64,
        }
        self.app.submit(self.app.envelope(self.operator, "actor.register", args, self._cid()))

    def when(self, actor_id: str, command: str, args: dict[str, Any], *, at: datetime | None = None) -> list[Any]:
        """Submit the signed command; return the states of the records it appended (command record first)."""
        if at is not None:
            self.now = at
        applied = self.app.submit(self.app.envelope(self.keys[actor_id], command, args, self._cid()))
        rows = self.app.chain.records(applied.first_seq, applied.last_seq)
        return [json.loads(r["state"]) | {"topic": r["topic"]} for r in rows]

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
        before = self.app.chain.chain_head()
        with pytest.raises(RuleViolation) as info:
            self.when(actor_id, command, args, at=at)
        assert info.value.rule == rule, str(info.value)
        if field is not None:
            assert info.value.field == field, str(info.value)
        assert self.app.chain.chain_head() == before, "a refused command appended something"
        return info.value

    def get(self, cls: type[A], stream: UUID) -> A:
        found = self.app.repository.get(stream)
        assert isinstance(found, cls)
        return found
