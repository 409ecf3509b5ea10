"""The log operations: the genesis and the log key's rotation (docs/ledger-format.md §6.1, §6.5).

Both need the log key itself at the CLI (the genesis names it, a rotation is sealed by the old key
and proves the new one), so their subcommands are written by hand in fundtrail/cli.py; they are
declared here like every other command so that roles, rules and docs come from one place.
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from pydantic import Field

from domain import ids
from domain.actors.commands import Organisation
from domain.actors.commands import key_id
from domain.kernel.admission import HASH
from domain.kernel.admission import INIT
from domain.kernel.admission import LOG_KEY
from domain.kernel.commands import Command
from domain.kernel.fields import ActorId
from domain.kernel.fields import Name
from domain.kernel.fields import PublicKey
from domain.kernel.fields import StrictModel
from domain.ledger.aggregate import Ledger
from domain.roles import Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader


class Operator(StrictModel):
    actor_id: ActorId
    name: Name
    organisation: Organisation


class InitArgs(StrictModel):
    hash_algorithm: str
    operator: Operator
    public_key: PublicKey
    log_key: PublicKey
    max_command_age: int = Field(ge=60, le=366 * 86400)


class InitLedger(Command[InitArgs]):
    """创建账本 / Write the genesis: origin, hash algorithm, the first administrator and the log key.

    Applied by the ledger itself (ledger/app.py ``initialise``), which checks the genesis's own
    signature against the key it names; never dispatched as an ordinary command.
    """

    name = "ledger.init"
    zh, en = "创建账本（创世记录）", "write the genesis: origin, hash algorithm, first administrator, log key"
    roles = frozenset({Role.LEDGER_ADMIN})
    registry = (
        "Registered(actor, name, organisation); KeyRegistered(actor, kid, public_key); RoleGranted(`ledger_admin`); "
        "Claimed(key:kid; kid, actor)",
        "seq 1",
    )
    enforces = (INIT, HASH, LOG_KEY)
    args = InitArgs

    def execute(self, args: InitArgs, ctx: Reader) -> Sequence[Aggregate]:  # noqa: ARG002 - see the docstring
        INIT.refuse("envelope.command", "the genesis is written only by `fundtrail init`, once")


class RotateLogKeyArgs(StrictModel):
    public_key: PublicKey
    proof: str = Field(max_length=200)


class RotateLogKey(Command[RotateLogKeyArgs]):
    """轮换日志密钥 / A new log key, with its holder's proof of possession (docs/ledger-format.md §6.5)."""

    name = "ledger.rotate_log_key"
    zh, en = "轮换日志密钥（附持有证明）", "replace the log key, with the new key's proof of possession"
    roles = frozenset({Role.LEDGER_ADMIN})
    registry = ("LogKeyRotated(ledger:origin; kid, public_key, previous_key_id)", "`proof` verifies (§6.5)")
    enforces = (LOG_KEY,)
    args = RotateLogKeyArgs

    def execute(self, args: RotateLogKeyArgs, ctx: Reader) -> Sequence[Aggregate]:
        public_key = base64.b64decode(args.public_key)
        try:
            proof = base64.b64decode(args.proof, validate=True)
        except (binascii.Error, ValueError):
            proof = b""
        if not ctx.proves_possession(public_key, proof):
            LOG_KEY.refuse("proof", "expected base64 of the new log key's signature over its possession message")
        ledger = ctx.get(Ledger, ids.ledger_stream(ctx.origin), field="envelope.origin", what="ledger")
        kid = key_id(args.public_key)
        if kid == ledger.log_key["key_id"]:
            LOG_KEY.refuse("public_key", "this is already the ledger's log key", error="conflict")
        ledger.rotate_log_key(key_id=kid, public_key=args.public_key, previous_key_id=ledger.log_key["key_id"])
        return [ledger]


COMMANDS = (InitLedger(), RotateLogKey())
