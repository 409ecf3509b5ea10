"""The actor registry, derived only from signed registry commands (docs/ledger-format.md §6).

Keys, roles, actors and the log key come from the envelopes of the registry commands, each
checked against the registry as it stood at the command's position (was its signer entitled?).
The events those commands caused are then compared with what §6.4 says each command produces:
an event that no entitled, signed command backs changes nothing here and is a finding.
"""

from __future__ import annotations

import base64
import binascii
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from verify import spec

ADMIN = "ledger_admin"
# §6.4: the registry commands and who may give them. "self" = the actor named by args.actor_id.
REGISTRY_COMMANDS: dict[str, tuple[str, ...]] = {
    "ledger.init": (),  # only as the first group, by the administrator it names
    "actor.register": (ADMIN,),
    "role.grant": (ADMIN,),
    "role.revoke": (ADMIN,),
    "key.register": (ADMIN,),
    "key.rotate": (ADMIN, "self"),
    "key.revoke": (ADMIN, "self"),
    "ledger.rotate_log_key": (ADMIN,),
}

# The topic of each registry event, and the finding code for one that no command backs.
UNBACKED_CODE: dict[str, str] = {
    spec.ACTOR_REGISTERED_TOPIC: "ACTOR_UNBACKED",
    spec.KEY_REGISTERED_TOPIC: "KEY_UNBACKED",
    spec.KEY_REVOKED_TOPIC: "KEY_UNBACKED",
    spec.KEY_CLAIMED_TOPIC: "KEY_UNBACKED",
    spec.ROLE_GRANTED_TOPIC: "ROLE_UNBACKED",
    spec.ROLE_REVOKED_TOPIC: "ROLE_UNBACKED",
    spec.LOG_KEY_ROTATED_TOPIC: "LOG_KEY_UNBACKED",
    spec.GENESIS_TOPIC: "GENESIS_INVALID",
}

# A registry fact: (topic, stream id, the event's registry fields as sorted (name, value) pairs).
Fact = tuple[str, str, tuple[tuple[str, str], ...]]

_FACT_FIELDS: dict[str, tuple[str, ...]] = {
    spec.ACTOR_REGISTERED_TOPIC: ("actor_id", "name", "organisation"),
    spec.KEY_REGISTERED_TOPIC: ("actor_id", "key_id", "public_key"),
    spec.KEY_REVOKED_TOPIC: ("actor_id", "key_id", "reason"),
    spec.ROLE_GRANTED_TOPIC: ("role",),
    spec.ROLE_REVOKED_TOPIC: ("role",),
    spec.KEY_CLAIMED_TOPIC: ("key_id", "actor_id"),
    spec.LOG_KEY_ROTATED_TOPIC: ("key_id", "public_key", "previous_key_id"),
}


def _text(value: Any) -> str:
    """A field's value in a fact: strings as they are, anything else as canonical JSON."""
    import json

    return value if type(value) is str else json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fact(topic: str, stream: str, body: dict[str, Any]) -> Fact:
    names = _FACT_FIELDS[topic]
    return (topic, stream, tuple((n, _text(body.get(n))) for n in names))


def is_registry_topic(topic: str) -> bool:
    return topic in _FACT_FIELDS


@dataclass
class KeyInfo:
    actor: str
    public_key: bytes
    registered_seq: int  # the first seq of the group that registered it (0: the genesis key)
    revoked_seq: int | None = None


@dataclass
class Registry:
    keys: dict[bytes, KeyInfo] = field(default_factory=dict)
    roles: dict[str, set[str]] = field(default_factory=dict)
    log_key: bytes = b""
    log_keys: list[bytes] = field(default_factory=list)
    origin: str = ""

    # -- §6.1 the genesis ----------------------------------------------------------------
    def start(self, origin: str, admin: str, admin_key: bytes, log_key: bytes) -> None:
        self.origin = origin
        self.keys[spec.sha256(admin_key)] = KeyInfo(admin, admin_key, registered_seq=0)
        self.roles[admin] = {ADMIN}
        self.log_key = log_key
        self.log_keys = [log_key]

    # -- §6.4 who may give a registry command ----------------------------------------------
    def entitled(self, command: str, signer: str, args: dict[str, Any]) -> bool:
        allowed = REGISTRY_COMMANDS[command]
        if ADMIN in allowed and ADMIN in self.roles.get(signer, set()):
            return True
        return "self" in allowed and args.get("actor_id") == signer and signer in self.roles

    # -- §6.4 what each registry command produces ------------------------------------------
    def expected(self, command: str, args: dict[str, Any]) -> list[Fact] | str:
        """The registry facts the command must cause, or why its arguments cannot be applied."""
        try:
            return self._expected(command, args)
        except (KeyError, TypeError, ValueError, AttributeError, binascii.Error) as e:
            return f"malformed arguments: {type(e).__name__}: {e}"

    def _expected(self, command: str, args: dict[str, Any]) -> list[Fact] | str:  # noqa: PLR0911, PLR0912 - one branch per command
        actor: Any = args.get("actor_id")
        stream = spec.stream_id("actor", str(actor))
        if command == "ledger.init":
            op = args["operator"]
            actor, stream = op["actor_id"], spec.stream_id("actor", op["actor_id"])
            public = args["public_key"]
            kid = _kid(public)
            return [
                fact(spec.ACTOR_REGISTERED_TOPIC, stream, {"actor_id": actor, **_named(op)}),
                fact(spec.KEY_REGISTERED_TOPIC, stream, {"actor_id": actor, "key_id": kid, "public_key": public}),
                fact(spec.ROLE_GRANTED_TOPIC, stream, {"role": ADMIN}),
                fact(spec.KEY_CLAIMED_TOPIC, spec.stream_id("key", kid), {"key_id": kid, "actor_id": actor}),
            ]
        if command == "actor.register":
            if actor in self.roles:
                return f"actor {actor!r} is already registered"
            new = self._new_key(args["public_key"])
            if new is None:
                return "the key is already registered"
            kid = new
            return [
                fact(spec.ACTOR_REGISTERED_TOPIC, stream, {"actor_id": actor, **_named(args)}),
                fact(
                    spec.KEY_REGISTERED_TOPIC,
                    stream,
                    {"actor_id": actor, "key_id": kid, "public_key": args["public_key"]},
                ),
                *(fact(spec.ROLE_GRANTED_TOPIC, stream, {"role": r}) for r in args["roles"]),
                fact(spec.KEY_CLAIMED_TOPIC, spec.stream_id("key", kid), {"key_id": kid, "actor_id": actor}),
            ]
        if actor is not None and actor not in self.roles and command != "ledger.rotate_log_key":
            return f"no actor {actor!r} is registered"
        if command in ("role.grant", "role.revoke"):
            held = args["role"] in self.roles[actor]
            if held == (command == "role.grant"):
                return f"{actor} {'already holds' if held else 'does not hold'} role {args['role']!r}"
            topic = spec.ROLE_GRANTED_TOPIC if command == "role.grant" else spec.ROLE_REVOKED_TOPIC
            return [fact(topic, stream, {"role": args["role"]})]
        if command in ("key.register", "key.rotate"):
            new = self._new_key(args["public_key"])
            if new is None:
                return "the key is already registered"
            kid = new
            out = [
                fact(
                    spec.KEY_REGISTERED_TOPIC,
                    stream,
                    {"actor_id": actor, "key_id": kid, "public_key": args["public_key"]},
                ),
                fact(spec.KEY_CLAIMED_TOPIC, spec.stream_id("key", kid), {"key_id": kid, "actor_id": actor}),
            ]
            if command == "key.rotate":
                old = args["revoke_key_id"]
                if not self._active(old, actor):
                    return f"{actor} holds no active key {old[:16]}"
                out.append(
                    fact(spec.KEY_REVOKED_TOPIC, stream, {"actor_id": actor, "key_id": old, "reason": "rotated"})
                )
            return out
        if command == "key.revoke":
            if not self._active(args["key_id"], actor):
                return f"{actor} holds no active key {str(args['key_id'])[:16]}"
            body = {"actor_id": actor, "key_id": args["key_id"], "reason": args["reason"]}
            return [fact(spec.KEY_REVOKED_TOPIC, stream, body)]
        if command == "ledger.rotate_log_key":
            public = base64.b64decode(args["public_key"], validate=True)
            proof = base64.b64decode(args["proof"], validate=True)
            try:
                Ed25519PublicKey.from_public_bytes(public).verify(
                    proof, spec.log_key_proof_message(self.origin, public)
                )
            except InvalidSignature:
                return "the new log key's proof of possession does not verify"
            body = {
                "key_id": spec.sha256(public).hex(),
                "public_key": args["public_key"],
                "previous_key_id": spec.sha256(self.log_key).hex(),
            }
            return [fact(spec.LOG_KEY_ROTATED_TOPIC, spec.stream_id("ledger", self.origin), body)]
        return f"{command} is not a registry command"

    def _new_key(self, public_b64: str) -> str | None:
        kid = _kid(public_b64)
        return None if bytes.fromhex(kid) in self.keys else kid

    def _active(self, key_id_hex: Any, actor: Any) -> bool:
        try:
            info = self.keys.get(bytes.fromhex(key_id_hex))
        except (TypeError, ValueError):
            return False
        return info is not None and info.actor == actor and info.revoked_seq is None

    # -- applying a verified registry command ------------------------------------------------
    def apply(self, command: str, args: dict[str, Any], start_seq: int) -> None:
        """The command's effect, at the group starting at ``start_seq`` (valid for later groups)."""
        actor: Any = args.get("actor_id")
        if command == "actor.register":
            self.roles[actor] = set(args["roles"])
            self._register(args["public_key"], actor, start_seq)
        elif command == "role.grant":
            self.roles[actor].add(args["role"])
        elif command == "role.revoke":
            self.roles[actor].discard(args["role"])
        elif command == "key.register":
            self._register(args["public_key"], actor, start_seq)
        elif command == "key.rotate":
            self._register(args["public_key"], actor, start_seq)
            self.keys[bytes.fromhex(args["revoke_key_id"])].revoked_seq = start_seq
        elif command == "key.revoke":
            self.keys[bytes.fromhex(args["key_id"])].revoked_seq = start_seq
        elif command == "ledger.rotate_log_key":
            self.log_key = base64.b64decode(args["public_key"])
            self.log_keys.append(self.log_key)

    def _register(self, public_b64: str, actor: str, seq: int) -> None:
        public = base64.b64decode(public_b64, validate=True)
        self.keys[spec.sha256(public)] = KeyInfo(actor, public, registered_seq=seq)


def _kid(public_b64: Any) -> str:
    public = base64.b64decode(public_b64, validate=True)
    if len(public) != 32 or base64.b64encode(public).decode() != public_b64:
        msg = "expected canonical base64 of a 32-byte Ed25519 key"
        raise ValueError(msg)
    return spec.sha256(public).hex()


def _named(args: dict[str, Any]) -> dict[str, Any]:
    return {"name": args["name"], "organisation": args["organisation"]}


def compare(expected: list[Fact], actual: list[Fact]) -> tuple[list[Fact], list[Fact]]:
    """(facts the events hold that the command does not back, facts the command needs that are missing)."""
    want, have = Counter(expected), Counter(actual)
    return list((have - want).elements()), list((want - have).elements())
