"""The ledger application: one eventsourcing Application, one global chain (docs/decisions.md §1).

``submit`` is the only way in: it checks a signed command (origin, envelope,
key validity, signature, role, arguments), runs its handler, and saves the
command record and every event it caused in one transaction. A refusal raises
a typed error naming the field and the rule, and appends nothing.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any
from typing import cast
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError
from eventsourcing.persistence import Mapper
from eventsourcing.persistence import StoredEvent
from eventsourcing.persistence import Transcoder

from domain import ids
from domain.actors import Actor
from domain.actors import KeyClaim
from domain.actors import organisation
from domain.actors.commands import Organisation
from domain.clock import Clock
from domain.clock import command_time
from domain.commands_log import CommandAccepted
from domain.errors import Conflict
from domain.errors import InvalidField
from domain.errors import NotFound
from domain.errors import RuleViolation
from domain.errors import Unauthorised
from domain.kernel.fields import parse_args
from domain.ledger import Ledger
from domain.roles import Role
from domain.validation import get_public_key
from domain.validation import get_str
from domain.validation import only_fields
from ledger.admission import admit
from ledger.admission import issued_in_window
from ledger.canonical import CanonicalTranscoder
from ledger.canonical import format_time
from ledger.canonical import parse_time
from ledger.chain import GENESIS_HASH_KWARG
from ledger.chain import GUARDS_KWARG
from ledger.chain import META_KWARG
from ledger.chain import ClockBehindError
from ledger.chain import ClockTrailsHead
from ledger.chain import Guard
from ledger.chain import RecordMeta
from ledger.chain import StaleReadError
from ledger.checkpoints import checkpoint_body
from ledger.config import APP_NAME
from ledger.config import parse_url
from ledger.envelope import SignedCommand
from ledger.envelope import checked_command
from ledger.envelope import make_envelope
from ledger.envelope import sign
from ledger.hashing import HashFn
from ledger.hashing import hash_function
from ledger.hashing import log_key_proof_message
from ledger.hashing import signed_message
from ledger.reader import LedgerReader
from ledger.recorder import ChainStore
from ledger.recorder import CommandAlreadyApplied
from ledger.recorder import CommandIdConflict

if TYPE_CHECKING:
    from collections.abc import Callable

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from eventsourcing.domain import DomainEventProtocol

    from ledger.keys import ActorKey

SPEC = "fundtrail-ledger/2"
# C2SP tlog-checkpoint: the origin is one line of printable text; we keep it to a
# schema-less host/path form so it doubles as the signed-note key name.
_ORIGIN = re.compile(r"^[a-z0-9][a-z0-9.-]*(/[A-Za-z0-9._-]+)*$")
GENESIS_COMMAND_ID = "init"
# docs/ledger-format.md §5.5: a command may be issued at most CLOCK_SKEW after the record time and
# at most max_command_age before it; the genesis fixes the age within these bounds.
CLOCK_SKEW = 300
DEFAULT_MAX_COMMAND_AGE = 30 * 86400
MAX_COMMAND_AGE_BOUNDS = (60, 366 * 86400)
RETRIES = 5
MAX_CLOCK_RETRIES = 100  # re-runs at the head's time when other writers keep recording later times
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class AlreadyApplied(Conflict):
    """This very signed command is already in the ledger (re-running a batch file is safe)."""

    def __init__(self, command_id: str, seq: int) -> None:
        self.seq = seq
        super().__init__("envelope.command_id", "FT-IDEMPOTENT", f"command {command_id} was applied at seq {seq}")


class ReadOnlyLedger(Unauthorised):
    """This process holds no (current) log key, so it cannot seal commits (docs/ledger-format.md §7.4)."""

    def __init__(self, detail: str) -> None:
        super().__init__("log_key", "FT-LOG-KEY", detail, "docs/ledger-format.md §6.5")


@dataclass(frozen=True)
class Applied:
    """What one accepted command appended."""

    command_id: str
    command: str
    first_seq: int
    last_seq: int

    @property
    def count(self) -> int:
        return self.last_seq - self.first_seq + 1


@dataclass(frozen=True)
class LedgerInfo:
    origin: str
    hash_algorithm: str
    operator_actor: str
    operator_key_id: str
    operator_public_key: bytes  # the first administrator's genesis key
    genesis_log_key: bytes  # the log key named by the genesis (seals and checkpoints)
    max_command_age: int
    clock_skew: int


class FundtrailMapper(Mapper[UUID]):
    """Restores the one typed field the canonical encoding turns into text: ``timestamp``."""

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        event = super().to_domain_event(stored_event)
        state = event.__dict__
        if isinstance(state.get("timestamp"), str):
            state["timestamp"] = parse_time(state["timestamp"])
        return event


class FundtrailLedger(Application[UUID]):
    """The one Application of a fundtrail ledger."""

    name = APP_NAME

    def __init__(
        self, url: str, clock: Clock, *, log_key: Ed25519PrivateKey | None = None, create_tables: bool = True
    ) -> None:
        self.url = parse_url(url, create_tables=create_tables)
        self.clock = clock
        self.log_key = log_key
        self._log_public = _raw_public(log_key) if log_key is not None else b""
        self._ledger: Ledger | None = None
        self._info: LedgerInfo | None = None
        self._actors: dict[str, Actor] = {}
        self._command_versions: dict[str, int] = {}
        super().__init__(env=self.url.env)

    def construct_transcoder(self) -> Transcoder:
        return CanonicalTranscoder()

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=FundtrailMapper)

    @property
    def chain(self) -> ChainStore:
        return cast("ChainStore", self.recorder)

    # -- identity ---------------------------------------------------------------
    def info(self) -> LedgerInfo:
        if self._info is None:
            genesis = next(iter(self.chain.records(1, 1)), None)
            if genesis is None or genesis["state"] is None:
                raise NotFound("origin", "FT-INIT", "the ledger is not initialised: run `fundtrail init`")
            state = json.loads(genesis["state"])
            self._info = LedgerInfo(
                origin=state["origin"],
                hash_algorithm=state["hash_algorithm"],
                operator_actor=state["operator"]["actor_id"],
                operator_key_id=state["operator"]["key_id"],
                operator_public_key=base64.b64decode(state["operator"]["public_key"]),
                genesis_log_key=base64.b64decode(state["log_key"]["public_key"]),
                max_command_age=int(state["max_command_age"]),
                clock_skew=int(state["clock_skew"]),
            )
        return self._info

    def ledger(self) -> Ledger:
        """The Ledger aggregate (its current log key); cached, guarded on every save."""
        if self._ledger is None:
            self._ledger = cast("Ledger", self.repository.get(ids.ledger_stream(self.info().origin)))
        return self._ledger

    def current_log_key(self) -> bytes:
        return base64.b64decode(self.ledger().log_key["public_key"])

    def _sealer(self, origin: str, expected: bytes) -> Callable[[int, bytes], bytes]:
        """Signs the checkpoint body of each commit with this process's log key (§7.4)."""
        key = self.log_key
        if key is None:
            raise ReadOnlyLedger(
                "this process holds no log key, so the ledger is read-only here: "
                "pass --log-key FILE or set FUNDTRAIL_LOG_KEY"
            )
        if self._log_public != expected:
            raise ReadOnlyLedger(
                f"the log key given ({_key_id(self._log_public)[:16]}) is not the ledger's current log key "
                f"({_key_id(expected)[:16]}); it cannot seal commits"
            )

        def seal(size: int, root: bytes) -> bytes:
            return key.sign(checkpoint_body(origin, size, root).encode())

        return seal

    @property
    def hash(self) -> HashFn:
        return hash_function(self.info().hash_algorithm)

    def envelope(
        self, key: ActorKey, command: str, args: dict[str, Any], command_id: str, issued_at: datetime | None = None
    ) -> SignedCommand:
        """Build and sign an envelope for this ledger (a convenience for the CLI and tests)."""
        fields = make_envelope(
            origin=self.info().origin,
            command=command,
            args=args,
            actor=key.actor,
            key_id=key.key_id,
            issued_at=issued_at or self.clock.now(),
            command_id=command_id,
        )
        return sign(fields, key.private_key, self.hash)

    # -- writing ----------------------------------------------------------------
    def initialise(
        self,
        *,
        origin: str,
        operator: ActorKey,
        operator_name: str,
        organisation: dict[str, str],
        hash_algorithm: str = "sha256",
        max_command_age: int = DEFAULT_MAX_COMMAND_AGE,
    ) -> Applied:
        """Write the genesis: origin, hash algorithm, the first administrator and the log key."""
        if self.log_key is None:
            raise ReadOnlyLedger("initialising a ledger needs its log key: pass --log-key FILE")
        args = {
            "hash_algorithm": hash_algorithm,
            "operator": {"actor_id": operator.actor, "name": operator_name, "organisation": organisation},
            "public_key": operator.public_b64,
            "log_key": base64.b64encode(self._log_public).decode(),
            "max_command_age": max_command_age,
        }
        fields = make_envelope(
            origin=origin,
            command="ledger.init",
            args=args,
            actor=operator.actor,
            key_id=operator.key_id,
            issued_at=self.clock.now(),
            command_id=GENESIS_COMMAND_ID,
        )
        if hash_algorithm not in ("sha256", "sm3"):
            raise InvalidField("hash_algorithm", "FT-HASH", f"choose sha256 or sm3, got {hash_algorithm!r}")
        return self.submit(sign(fields, operator.private_key, hash_function(hash_algorithm)))

    def submit(self, signed: SignedCommand) -> Applied:
        """Check and apply one signed command; raise a typed refusal and append nothing otherwise."""
        signed = checked_command(signed)
        floor = EPOCH  # the head's time, once our clock was found trailing it
        conflicts = 0
        for _ in range(RETRIES + MAX_CLOCK_RETRIES):
            now = max(self.clock.now(), floor)
            try:
                with command_time(now):
                    if signed.command == "ledger.init":
                        return self._initialise(signed, now)
                    return self._apply(signed, now)
            except CommandAlreadyApplied as e:
                self._forget()
                raise AlreadyApplied(signed.command_id, e.seq) from None
            except CommandIdConflict as e:
                self._forget()
                raise Conflict(
                    "envelope.command_id",
                    "FT-COMMAND-ID-CONFLICT",
                    f"{signed.actor} already used command id {signed.command_id!r} for another command "
                    f"(seq {e.seq}); a command id names one command of its actor",
                    "docs/ledger-format.md §5.4",
                ) from None
            except ClockBehindError as e:
                self._forget()
                raise InvalidField(
                    "clock",
                    "FT-CLOCK",
                    f"the ledger clock reads {e.recorded_at}, earlier than record {e.head_seq} "
                    f"({e.head_recorded_at}); record times never go back",
                    "docs/ledger-format.md §4.2",
                ) from None
            except (StaleReadError, IntegrityError, ClockTrailsHead) as e:
                # A concurrent command moved a stream this one read, or our cached view was stale, or
                # another writer recorded a later time while we ran: forget what we read and check the
                # command again against fresh state (at the head's time, if our clock trails it).
                self._forget()
                if isinstance(e, ClockTrailsHead):
                    # not a conflict: busy writers overtake a trailing one often; the loop bounds it
                    floor = parse_time(e.head_recorded_at)
                else:
                    conflicts += 1
                if conflicts == RETRIES:
                    raise
            except RuleViolation:
                self._forget()
                self._raise_if_applied_before(signed)
                raise
            except BaseException:
                self._forget()
                raise
        raise Conflict(
            "clock",
            "FT-CLOCK",
            f"other writers kept recording times later than this one's clock ({format_time(now)}); try again",
            "docs/ledger-format.md §4.2",
        )

    def _raise_if_applied_before(self, signed: SignedCommand) -> None:
        """This very command applied before is reported as such even if it would now be refused (its key
        revoked since, its document now existing): re-running a batch file stays safe. Anything else
        refused stays refused, whatever its id. Checked only on refusal, off the fast path."""
        if self.chain.chain_size() > 0:
            found = self.chain.command_seq(signed.actor, signed.command_id)
            if found is not None and found[1] == signed.hash(self.hash):
                raise AlreadyApplied(signed.command_id, found[0]) from None

    def _forget(self) -> None:
        """Drop cached actors, command-stream versions and the ledger (they may hold unsaved changes)."""
        self._actors.clear()
        self._command_versions.clear()
        self._ledger = None

    def _initialise(self, signed: SignedCommand, now: datetime) -> Applied:
        if self.chain.chain_size() > 0:
            raise Conflict("envelope.command", "FT-INIT", "the ledger is already initialised")
        origin = signed.fields["origin"]
        if not _ORIGIN.match(origin) or len(origin) > 200:
            raise InvalidField(
                "origin", "FT-ORIGIN", f"expected host/path text such as fundtrail.example/harbin, got {origin!r}"
            )
        if signed.command_id != GENESIS_COMMAND_ID:
            raise InvalidField("envelope.command_id", "FT-INIT", f"the genesis command id is {GENESIS_COMMAND_ID!r}")
        args = signed.args
        only_fields(args, {"hash_algorithm", "operator", "public_key", "log_key", "max_command_age"})
        alg = get_str(args, "hash_algorithm", max_len=10)
        if alg not in ("sha256", "sm3"):
            raise InvalidField("hash_algorithm", "FT-HASH", f"choose sha256 or sm3, got {alg!r}")
        public_key = get_public_key(args, "public_key")
        log_public = get_public_key(args, "log_key")
        if log_public == public_key:
            raise InvalidField(
                "log_key",
                "FT-LOG-KEY",
                "the log key must not be the administrator's key (they are trusted for different things)",
                "docs/ledger-format.md §1.1",
            )
        max_age = args.get("max_command_age")
        lo, hi = MAX_COMMAND_AGE_BOUNDS
        if type(max_age) is not int or not lo <= max_age <= hi:
            raise InvalidField(
                "max_command_age", "FT-TIME", f"seconds, an integer from {lo} to {hi}", "docs/ledger-format.md §5.5"
            )
        issued_in_window(signed, now, max_age, CLOCK_SKEW)
        operator = args.get("operator")
        if not isinstance(operator, dict):
            raise InvalidField("operator", "FT-FIELD", "expected {actor_id, name, organisation}")
        only_fields(operator, {"actor_id", "name", "organisation"})
        actor_id = get_str(operator, "actor_id", pattern=ids.ACTOR_ID)
        if actor_id != signed.actor:
            raise Unauthorised("envelope.actor", "FT-INIT", "the first administrator must sign its own genesis")
        h = hash_function(alg)
        self._check_signature(signed, public_key, h)
        key_hex = _key_id(public_key)
        if signed.key_id != key_hex:
            raise Unauthorised("envelope.key_id", "FT-KEY-UNKNOWN", "key_id is not the SHA-256 of public_key")
        sealer = self._sealer(origin, log_public)
        ledger = Ledger(
            origin=origin,
            hash_algorithm=alg,
            spec=SPEC,
            operator={"actor_id": actor_id, "key_id": key_hex, "public_key": args["public_key"]},
            log_key={"key_id": _key_id(log_public), "public_key": args["log_key"]},
            max_command_age=max_age,
            clock_skew=CLOCK_SKEW,
        )
        org = parse_args(Organisation, operator.get("organisation"), "operator.organisation")
        name = get_str(operator, "name", max_len=100)
        actor = Actor(actor_id=actor_id, name=name, organisation=organisation(org.code, org.name, org.kind.value))
        actor.register_key(key_hex, args["public_key"])
        actor.grant_role(Role.LEDGER_ADMIN)
        claim = KeyClaim(key_id=key_hex, actor_id=actor_id)
        record = self._command_record(signed, now)
        self._save(signed, h, now, [ledger, record, actor, claim], guards=[], sealer=sealer, genesis=alg)
        return self._applied(signed)

    def _apply(self, signed: SignedCommand, now: datetime) -> Applied:
        admission = admit(self, signed, now)
        command, actor, sealer, info = admission.command, admission.actor, admission.sealer, admission.info
        assert command is not None
        assert actor is not None
        assert sealer is not None
        assert info is not None
        args = command.parse(signed.args)
        reader = LedgerReader(
            get=self.repository.get,
            existing=self.chain.existing_streams,
            actor=actor,
            now=now,
            command_id=signed.command_id,
            origin=info.origin,
            possession=self._proves_possession,
            preloaded=[actor, self.ledger()],
        )
        changed = list(command.execute(args, reader))
        record = self._command_record(signed, now)
        # Guarded: every stream read and not written (the acting actor's keys and roles, the
        # ledger's log key, whatever the command's rules judged) is as read (ledger/reader.py).
        self._save(signed, self.hash, now, [record, *changed], guards=reader.guards(changed), sealer=sealer)
        return self._applied(signed)

    def _proves_possession(self, public_key: bytes, proof: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(
                proof, log_key_proof_message(self.info().origin, public_key)
            )
        except (InvalidSignature, ValueError):
            return False
        return True

    def signature_ok(self, signed: SignedCommand, public_key: bytes) -> bool:
        return _signature_ok(public_key, signed.signature, signed.hash(self.hash))

    def rotate_log_key(self, admin: ActorKey, new_key: Ed25519PrivateKey, command_id: str) -> Applied:
        """Replace the log key: an administrator's signed command, sealed by the old log key (§6.5).

        This process must hold the old log key (it seals the rotation) and is handed the new one,
        with which it seals every later commit.
        """
        origin = self.info().origin
        public = _raw_public(new_key)
        proof = new_key.sign(log_key_proof_message(origin, public))
        args = {"public_key": base64.b64encode(public).decode(), "proof": base64.b64encode(proof).decode()}
        applied = self.submit(self.envelope(admin, "ledger.rotate_log_key", args, command_id))
        self.log_key = new_key
        self._log_public = public
        self._ledger = None
        return applied

    def cached_actor(self, actor_id: str) -> Actor | None:
        """The actor, cached between commands; safe because the save is guarded by the actor's
        version (StaleReadError on any change since), which then refreshes the cache."""
        actor = self._actors.get(actor_id) or self.find_actor(actor_id)
        if actor is not None:
            self._actors[actor_id] = actor
        return actor

    def find_actor(self, actor_id: str) -> Actor | None:
        """The actor's current state, replayed from its stream; None if never registered."""
        try:
            found: Actor = self.repository.get(ids.actor_stream(actor_id))
        except AggregateNotFoundError:
            return None
        return found

    def signature_at(self, row: dict[str, Any]) -> str:
        """The admission check of ``submit`` replayed for a stored record, by position (§6.3):
        G good, B bad signature, R key revoked before the record's group, E key not the actor's
        then, N unsigned. The actor is taken as it stood before the group began."""
        if not row["signature"]:
            return "N"
        bounds = self.chain.group_bounds(row["seq"])
        start = bounds[0] if bounds else int(row["seq"])
        key_hex = row["key_id"].hex()
        if start == 1:  # the genesis group: signed by the key the genesis names
            info = self.info()
            if key_hex != info.operator_key_id or row["actor_id"] != info.operator_actor:
                return "E"
            public = info.operator_public_key
        else:
            stream = ids.actor_stream(row["actor_id"])
            version = self.chain.stream_version_before(stream, start)
            actor: Actor | None = self.repository.get(stream, version=version) if version else None
            key = actor.keys.get(key_hex) if actor is not None else None
            if key is None:
                return "E"
            if key["status"] != "active":
                return "R"
            public = base64.b64decode(key["public_key"])
        return "G" if _signature_ok(public, row["signature"], row["command_hash"]) else "B"

    @staticmethod
    def _check_signature(signed: SignedCommand, public_key: bytes, h: HashFn) -> None:
        if not _signature_ok(public_key, signed.signature, signed.hash(h)):
            raise Unauthorised(
                "signature",
                "FT-SIG",
                f"the Ed25519 signature does not verify for key {signed.key_id[:16]}",
                "docs/decisions.md §6",
            )

    def _command_record(self, signed: SignedCommand, now: datetime) -> CommandAccepted:
        stream = ids.command_stream(signed.actor)
        known = self._command_versions.get(signed.actor)
        if known is None:
            last = self.recorder.select_events(stream, desc=True, limit=1)
            known = last[0].originator_version if last else 0
        version = known + 1  # a stale guess fails on the unique (stream, version) key and is retried
        self._command_versions[signed.actor] = version
        return CommandAccepted(
            originator_id=stream,
            originator_version=version,
            timestamp=now,
            command=signed.command,
            command_id=signed.command_id,
            envelope=signed.envelope.decode("utf-8"),
            signature=base64.b64encode(signed.signature).decode(),
        )

    def _save(
        self,
        signed: SignedCommand,
        h: HashFn,
        now: datetime,
        objs: list[Any],
        guards: list[Guard],
        sealer: Callable[[int, bytes], bytes],
        genesis: str | None = None,
    ) -> None:
        meta = RecordMeta(
            sealer=sealer,
            max_clock_lag=CLOCK_SKEW,
            recorded_at=format_time(now),
            actor_id=signed.actor,
            key_id=bytes.fromhex(signed.key_id),
            command_hash=signed.hash(h),
            signature=signed.signature,
            command_id=signed.command_id,
        )
        kwargs: dict[str, Any] = {META_KWARG: meta, GUARDS_KWARG: guards}
        if genesis:
            kwargs[GENESIS_HASH_KWARG] = genesis
        self.save(*objs, **kwargs)

    def _applied(self, signed: SignedCommand) -> Applied:
        first, last = self.chain.last_appended
        return Applied(signed.command_id, signed.command, first, last)


def _signature_ok(public_key: bytes, signature: bytes, command_hash: bytes) -> bool:
    """docs/ledger-format.md §5.2: Ed25519 over the tagged command hash."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, signed_message(command_hash))
    except (InvalidSignature, ValueError):
        return False
    return True


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _key_id(public_key: bytes) -> str:
    from ledger.hashing import key_id

    return key_id(public_key).hex()
