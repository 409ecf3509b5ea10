"""Admission: the ordered checks every signed command passes before its own rules run.

Origin, seal, time, command, actor, key, signature, role — each a small function over one
``Admission`` that fills in what later checks need. The first failing check refuses the command
with its rule (domain/kernel/admission.py) and nothing is appended. The order is part of the
contract: a command signed for another ledger is refused for its origin, whatever else is wrong.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Any

from domain.catalogue import CATALOGUE
from domain.kernel.admission import ACTOR
from domain.kernel.admission import COMMAND
from domain.kernel.admission import KEY_REVOKED
from domain.kernel.admission import KEY_UNKNOWN
from domain.kernel.admission import ORIGIN
from domain.kernel.admission import ROLE
from domain.kernel.admission import SIG
from domain.kernel.admission import TIME
from ledger.canonical import format_time
from ledger.canonical import parse_time

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from domain.actors import Actor
    from domain.kernel.commands import Command
    from ledger.app import FundtrailLedger
    from ledger.app import LedgerInfo
    from ledger.envelope import SignedCommand


@dataclass
class Admission:
    """One command on its way in; each check reads what earlier checks set."""

    app: FundtrailLedger
    signed: SignedCommand
    now: datetime
    info: LedgerInfo | None = None
    sealer: Callable[[int, bytes], bytes] | None = None
    command: Command[Any] | None = None
    actor: Actor | None = None
    public_key: bytes = b""


def check_origin(a: Admission) -> None:
    a.info = a.app.info()
    signed_for = a.signed.fields["origin"]
    if signed_for != a.info.origin:
        ORIGIN.refuse("envelope.origin", f"signed for {signed_for!r}, this ledger is {a.info.origin!r}")


def check_sealer(a: Admission) -> None:
    """This process holds the current log key (else the ledger is read-only here)."""
    assert a.info is not None
    a.sealer = a.app._sealer(a.info.origin, a.app.current_log_key())


def check_time(a: Admission) -> None:
    assert a.info is not None
    issued_in_window(a.signed, a.now, a.info.max_command_age, a.info.clock_skew)


def issued_in_window(signed: SignedCommand, now: datetime, max_age: int, skew: int) -> None:
    """``issued_at`` within [now - max_age, now + skew] (docs/ledger-format.md §5.5)."""
    issued = parse_time(signed.fields["issued_at"])  # well-formed: checked_command
    if issued > now + timedelta(seconds=skew):
        TIME.refuse("envelope.issued_at", f"{format_time(issued)} is after the ledger's time {format_time(now)}")
    if issued < now - timedelta(seconds=max_age):
        TIME.refuse(
            "envelope.issued_at",
            f"{format_time(issued)} is more than {max_age} s before the ledger's time {format_time(now)} "
            "(the window the genesis fixes)",
        )


def check_command(a: Admission) -> None:
    command = CATALOGUE.get(a.signed.command)
    if command is None or command.name == "ledger.init":
        known = ", ".join(sorted(c.name for c in CATALOGUE if c.name != "ledger.init"))
        COMMAND.refuse("envelope.command", f"unknown command {a.signed.command!r}; known: {known}")
    a.command = command


def check_actor(a: Admission) -> None:
    actor = a.app.cached_actor(a.signed.actor)
    if actor is None:
        ACTOR.refuse("envelope.actor", f"no actor {a.signed.actor!r} is registered")
    a.actor = actor


def check_key(a: Admission) -> None:
    assert a.actor is not None
    key = a.actor.keys.get(a.signed.key_id)
    if key is None:
        KEY_UNKNOWN.refuse("envelope.key_id", f"{a.signed.actor} holds no key {a.signed.key_id[:16]}")
    if key["status"] != "active":
        KEY_REVOKED.refuse("envelope.key_id", f"key {a.signed.key_id[:16]} of {a.signed.actor} is revoked")
    a.public_key = base64.b64decode(key["public_key"])


def check_signature(a: Admission) -> None:
    if not a.app.signature_ok(a.signed, a.public_key):
        SIG.refuse("signature", f"the Ed25519 signature does not verify for key {a.signed.key_id[:16]}")


def check_role(a: Admission) -> None:
    assert a.actor is not None
    assert a.command is not None
    command, actor = a.command, a.actor
    if any(actor.has_role(r) for r in command.roles):
        return
    if command.self_service and a.signed.args.get(command.self_service) == actor.actor_id:
        return
    needs = ", ".join(sorted(r.value for r in command.roles))
    ROLE.refuse(
        "envelope.actor", f"{actor.actor_id} holds {actor.roles or 'no roles'}; {command.name} needs one of: {needs}"
    )


CHECKS: tuple[Callable[[Admission], None], ...] = (
    check_origin,
    check_sealer,
    check_time,
    check_command,
    check_actor,
    check_key,
    check_signature,
    check_role,
)


def admit(app: FundtrailLedger, signed: SignedCommand, now: datetime) -> Admission:
    admission = Admission(app=app, signed=signed, now=now)
    for check in CHECKS:
        check(admission)
    return admission
