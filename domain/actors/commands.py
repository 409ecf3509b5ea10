"""The registry commands: actors, roles and keys (docs/ledger-format.md §6.4 generates its table from these)."""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from domain import ids
from domain.actors.aggregate import Actor
from domain.actors.aggregate import KeyClaim
from domain.actors.aggregate import organisation
from domain.actors.rules import ACTOR_EXISTS
from domain.actors.rules import ACTOR_UNIQUE
from domain.actors.rules import KEY_REVOKE
from domain.actors.rules import KEY_ROTATE
from domain.actors.rules import KEY_UNIQUE
from domain.actors.rules import ORG
from domain.actors.rules import ROLE_GRANT
from domain.actors.rules import ROLE_REVOKE
from domain.kernel.admission import ROLE
from domain.kernel.commands import Command
from domain.kernel.fields import ActorId
from domain.kernel.fields import Name
from domain.kernel.fields import PublicKey
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.roles import OrgKind
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader

ADMIN = frozenset({Role.LEDGER_ADMIN})
RoleField = Annotated[Role, enum_parser(Role, ROLE.id)]
OrgKindField = Annotated[OrgKind, enum_parser(OrgKind, ORG.id)]


class Organisation(StrictModel):
    code: str = Field(min_length=1, max_length=40)
    name: Name
    kind: OrgKindField


def key_id(public_key_b64: str) -> str:
    """docs/ledger-format.md §6.2: a key's id is the SHA-256 of its 32 raw bytes, in hex."""
    return hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()


def actor_named(ctx: Reader, actor_id: str, field: str = "actor_id") -> Actor:
    """The actor ``actor_id``; the acting actor itself is the same object, so its changes save once."""
    if actor_id == ctx.actor.actor_id:
        return ctx.actor
    found = ctx.find(Actor, ids.actor_stream(actor_id))
    if found is None:
        ACTOR_EXISTS.refuse(field, f"no actor {actor_id!r} is registered")
    return found


def claim_key(ctx: Reader, actor: Actor, public_key: str, field: str = "public_key") -> KeyClaim:
    kid = key_id(public_key)
    if ctx.exists(ids.key_stream(kid)):
        KEY_UNIQUE.refuse(field, f"key {kid[:16]} is already registered to an actor")
    return KeyClaim(key_id=kid, actor_id=actor.actor_id)


class RegisterActorArgs(StrictModel):
    actor_id: ActorId
    name: Name
    organisation: Organisation
    roles: list[RoleField] = Field(default_factory=list, max_length=len(Role))
    public_key: PublicKey

    @field_validator("roles")
    @classmethod
    def _distinct(cls, value: list[Role]) -> list[Role]:
        if len(set(value)) != len(value):
            raise PydanticCustomError(ROLE.id, "expected a list of distinct roles", {})
        return value


class RegisterActor(Command[RegisterActorArgs]):
    """登记操作人 / Register an actor with its organisation, roles and first key."""

    name = "actor.register"
    zh, en = "登记操作人（机构、角色、首把密钥）", "register an actor with its organisation, roles and first key"
    roles = ADMIN
    registry = ("Registered; KeyRegistered; one RoleGranted per role; Claimed", "actor new, key new")
    enforces = (ACTOR_UNIQUE, KEY_UNIQUE, ORG, ROLE)
    args = RegisterActorArgs
    cli = ("actor", "register")
    cli_arguments = ("actor_id",)

    def execute(self, args: RegisterActorArgs, ctx: Reader) -> Sequence[Aggregate]:
        if ctx.exists(ids.actor_stream(args.actor_id)):
            ACTOR_UNIQUE.refuse("actor_id", f"actor {args.actor_id!r} is already registered")
        org = args.organisation
        actor = Actor(
            actor_id=args.actor_id, name=args.name, organisation=organisation(org.code, org.name, org.kind.value)
        )
        claim = claim_key(ctx, actor, args.public_key)
        actor.register_key(claim.key_id, args.public_key)
        for role in args.roles:
            actor.grant_role(role)
        return [actor, claim]


class RoleArgs(StrictModel):
    actor_id: ActorId
    role: RoleField


class GrantRole(Command[RoleArgs]):
    """授予角色 / Grant a role."""

    name = "role.grant"
    zh, en = "授予角色", "grant a role to an actor"
    roles = ADMIN
    registry = ("RoleGranted(role)", "actor exists; role not held")
    enforces = (ACTOR_EXISTS, ROLE_GRANT)
    args = RoleArgs
    cli = ("role", "grant")
    cli_arguments = ("actor_id", "role")

    def execute(self, args: RoleArgs, ctx: Reader) -> Sequence[Aggregate]:
        target = actor_named(ctx, args.actor_id)
        target.grant_role(args.role)
        return [target]


class RevokeRole(Command[RoleArgs]):
    """撤销角色 / Revoke a role."""

    name = "role.revoke"
    zh, en = "撤销角色", "revoke a role from an actor"
    roles = ADMIN
    registry = ("RoleRevoked(role)", "actor exists; role held")
    enforces = (ACTOR_EXISTS, ROLE_REVOKE)
    args = RoleArgs
    cli = ("role", "revoke")
    cli_arguments = ("actor_id", "role")

    def execute(self, args: RoleArgs, ctx: Reader) -> Sequence[Aggregate]:
        target = actor_named(ctx, args.actor_id)
        target.revoke_role(args.role)
        return [target]


class RegisterKeyArgs(StrictModel):
    actor_id: ActorId
    public_key: PublicKey


class RegisterKey(Command[RegisterKeyArgs]):
    """登记密钥 / Register another key for an actor."""

    name = "key.register"
    zh, en = "为操作人登记新密钥", "register another key for an actor"
    roles = ADMIN
    registry = ("KeyRegistered; Claimed", "actor exists, key new")
    enforces = (ACTOR_EXISTS, KEY_UNIQUE)
    args = RegisterKeyArgs
    cli = ("key", "register")
    cli_arguments = ("actor_id",)

    def execute(self, args: RegisterKeyArgs, ctx: Reader) -> Sequence[Aggregate]:
        target = actor_named(ctx, args.actor_id)
        claim = claim_key(ctx, target, args.public_key)
        target.register_key(claim.key_id, args.public_key)
        return [target, claim]


class RotateKeyArgs(StrictModel):
    actor_id: ActorId
    public_key: PublicKey
    revoke_key_id: str = Field(pattern=r"^[0-9a-f]{64}$")


class RotateKey(Command[RotateKeyArgs]):
    """轮换密钥 / Register a new key and revoke an old one in one command (docs/decisions.md §5)."""

    name = "key.rotate"
    zh, en = "轮换密钥（登记新钥并吊销旧钥）", "register a new key and revoke an old one in one command"
    roles = ADMIN
    self_service = "actor_id"
    registry = (
        "KeyRegistered; KeyRevoked(actor, revoke_key_id, `rotated`); Claimed",
        "key new; `revoke_key_id` an active key of the actor",
    )
    enforces = (ACTOR_EXISTS, KEY_ROTATE, KEY_UNIQUE)
    args = RotateKeyArgs
    cli = ("key", "rotate")
    cli_arguments = ("actor_id",)

    def execute(self, args: RotateKeyArgs, ctx: Reader) -> Sequence[Aggregate]:
        target = actor_named(ctx, args.actor_id)
        old = args.revoke_key_id
        if target.active_key(old) is None:
            KEY_ROTATE.refuse("revoke_key_id", f"{target.actor_id} has no active key {old[:16]}")
        claim = claim_key(ctx, target, args.public_key)
        target.register_key(claim.key_id, args.public_key)
        target.revoke_key(old, reason="rotated")
        return [target, claim]


class RevokeKeyArgs(StrictModel):
    actor_id: ActorId
    key_id: str = Field(pattern=r"^[0-9a-f]{64}$")
    reason: Text


class RevokeKey(Command[RevokeKeyArgs]):
    """吊销密钥 / Revoke a key."""

    name = "key.revoke"
    zh, en = "吊销密钥", "revoke a key"
    roles = ADMIN
    self_service = "actor_id"
    registry = ("KeyRevoked(actor, key_id, reason)", "an active key of the actor")
    enforces = (ACTOR_EXISTS, KEY_REVOKE)
    args = RevokeKeyArgs
    cli = ("key", "revoke")
    cli_arguments = ("actor_id", "key_id")

    def execute(self, args: RevokeKeyArgs, ctx: Reader) -> Sequence[Aggregate]:
        target = actor_named(ctx, args.actor_id)
        target.revoke_key(args.key_id, reason=args.reason)
        return [target]


COMMANDS = (RegisterActor(), GrantRole(), RevokeRole(), RegisterKey(), RotateKey(), RevokeKey())
