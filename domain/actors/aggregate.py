"""Actors: people or systems of an organisation, with roles and Ed25519 keys (docs/decisions.md §5).

Commands (the undecorated methods) check; ``@event`` methods only assign, so that
replaying history never re-runs today's rules against yesterday's facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.actors.rules import KEY_REVOKE
from domain.actors.rules import KEY_UNIQUE
from domain.actors.rules import ROLE_GRANT
from domain.actors.rules import ROLE_REVOKE
from domain.base import LedgerAggregate
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID

    from domain.roles import Role

KEY_ACTIVE = "active"
KEY_REVOKED = "revoked"


@pin_topic("fundtrail.actor.Actor")
class Actor(LedgerAggregate):
    """An actor's registration, organisation, roles and keys."""

    @staticmethod
    def create_id(actor_id: str, **_: Any) -> UUID:
        return ids.actor_stream(actor_id)

    @event("Registered", topic="fundtrail.actor.Registered")
    def __init__(self, actor_id: str, name: str, organisation: dict[str, str]) -> None:
        self.actor_id = actor_id
        self.name = name
        self.organisation = organisation
        self.roles: list[str] = []
        self.keys: dict[str, dict[str, str]] = {}

    # -- queries ---------------------------------------------------------
    def has_role(self, role: Role) -> bool:
        return role.value in self.roles

    def active_key(self, key_id: str) -> dict[str, str] | None:
        key = self.keys.get(key_id)
        if key is None or key["status"] != KEY_ACTIVE:
            return None
        return key

    # -- commands --------------------------------------------------------
    def grant_role(self, role: Role) -> None:
        if role.value in self.roles:
            ROLE_GRANT.refuse("role", f"{self.actor_id} already holds role {role.value}")
        self._role_granted(role=role.value)

    def revoke_role(self, role: Role) -> None:
        if role.value not in self.roles:
            ROLE_REVOKE.refuse("role", f"{self.actor_id} does not hold role {role.value}")
        self._role_revoked(role=role.value)

    def register_key(self, key_id: str, public_key: str) -> None:
        if key_id in self.keys:
            KEY_UNIQUE.refuse("public_key", f"key {key_id[:16]} is already registered to {self.actor_id}")
        self._key_registered(actor_id=self.actor_id, key_id=key_id, public_key=public_key)

    def revoke_key(self, key_id: str, reason: str) -> None:
        key = self.keys.get(key_id)
        if key is None:
            KEY_REVOKE.refuse("key_id", f"{self.actor_id} holds no key {key_id[:16]}", error="not_found")
        if key["status"] == KEY_REVOKED:
            KEY_REVOKE.refuse("key_id", f"key {key_id[:16]} is already revoked")
        self._key_revoked(actor_id=self.actor_id, key_id=key_id, reason=reason)

    # -- events (assignment only) ------------------------------------------
    @event("RoleGranted", topic="fundtrail.actor.RoleGranted")
    def _role_granted(self, role: str) -> None:
        self.roles = sorted([*self.roles, role])

    @event("RoleRevoked", topic="fundtrail.actor.RoleRevoked")
    def _role_revoked(self, role: str) -> None:
        self.roles = [r for r in self.roles if r != role]

    @event("KeyRegistered", topic="fundtrail.actor.KeyRegistered")
    def _key_registered(self, actor_id: str, key_id: str, public_key: str) -> None:  # noqa: ARG002 - actor_id is recorded for verifiers
        self.keys = {**self.keys, key_id: {"public_key": public_key, "status": KEY_ACTIVE}}

    @event("KeyRevoked", topic="fundtrail.actor.KeyRevoked")
    def _key_revoked(self, actor_id: str, key_id: str, reason: str) -> None:  # noqa: ARG002 - recorded, not state
        entry = dict(self.keys[key_id], status=KEY_REVOKED)
        self.keys = {**self.keys, key_id: entry}


def organisation(code: str, name: str, kind: str) -> dict[str, Any]:
    return {"code": code, "name": name, "kind": kind}


@pin_topic("fundtrail.key.KeyClaim")
class KeyClaim(LedgerAggregate):
    """Binds a key id to one actor for ever: a second claim conflicts on the stream's version."""

    @staticmethod
    def create_id(key_id: str, **_: Any) -> UUID:
        return ids.key_stream(key_id)

    @event("Claimed", topic="fundtrail.key.Claimed")
    def __init__(self, key_id: str, actor_id: str) -> None:
        self.key_id = key_id
        self.actor_id = actor_id


label_topics(
    {
        "fundtrail.actor.Registered": ("操作人登记", "actor registered"),
        "fundtrail.actor.KeyRegistered": ("密钥登记", "key registered"),
        "fundtrail.actor.KeyRevoked": ("密钥吊销", "key revoked"),
        "fundtrail.actor.RoleGranted": ("角色授予", "role granted"),
        "fundtrail.actor.RoleRevoked": ("角色撤销", "role revoked"),
        "fundtrail.key.Claimed": ("密钥归属", "key claimed"),
    }
)
