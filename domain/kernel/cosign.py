"""Co-signature (会签): a command that takes effect only when a second, different actor countersigns it.

The pattern is defined once. A co-signed command (a subclass of ``CoSigned``) does not change anything
when it is given: it checks what can be checked now and records a ``Proposal`` holding its exact
arguments and their digest. It takes effect when a second actor, of one of the required roles and
never the proposer (nor, where the command asks, anyone of the proposer's organisation), gives the
matching countersign command naming the proposal and the digest of the arguments it agrees to; at
that moment every rule is checked again against the state of that moment (``take_effect``), so a
countersignature can never push through what has become wrong since. Before that, the proposer may
withdraw the proposal and the countersigner may decline it, with reasons. Each step is its own signed
command, so the ledger shows two signatures over the same arguments.

Each co-signed command gets its two companions from ``companions(...)``: ``<feature>.countersign_<verb>``
and ``<feature>.withdraw_<verb>`` (declined proposals are closed by the countersign command with ``decline``), all
declared in the catalogue like any other command. Used for a clawback write-off (市财政局 proposes,
市工信局 countersigns); issues to come use it for joint requests and for dismissing audit flags.
"""

from __future__ import annotations

import uuid
from abc import abstractmethod
from enum import StrEnum
from typing import TYPE_CHECKING
from typing import Annotated
from typing import Any
from typing import ClassVar
from typing import Generic

from eventsourcing.domain import event

from domain import ids
from domain.actors.aggregate import Actor
from domain.base import LedgerAggregate
from domain.kernel.commands import ArgsT
from domain.kernel.commands import Command
from domain.kernel.digest import digest
from domain.kernel.fields import LongText
from domain.kernel.fields import Sha256
from domain.kernel.fields import StrictModel
from domain.kernel.fields import Text
from domain.kernel.fields import enum_parser
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate

    from domain.kernel.commands import Reader
    from domain.roles import Role

DEC = "docs/decisions.md"
PENDING = "pending"
EFFECTIVE = "effective"
DECLINED = "declined"
WITHDRAWN = "withdrawn"

PROPOSAL = Rule(
    "FT-COSIGN-PROPOSAL",
    Kind.BLOCK,
    DEC,
    "§28",
    "会签事项每个编号只发起一次；会签、谢绝、撤回只对待会签事项",
    "a co-signed matter is proposed once per key; countersigning, declining and withdrawing apply to a pending one",
    error="conflict",
)
DISTINCT = Rule(
    "FT-COSIGN-DISTINCT",
    Kind.BLOCK,
    DEC,
    "§28",
    "会签人须是发起人以外的另一人；要求时须属另一单位",
    "the countersigner is another person than the proposer and, where required, of another organisation",
    error="unauthorised",
)
DIGEST = Rule(
    "FT-COSIGN-DIGEST",
    Kind.BLOCK,
    DEC,
    "§28",
    "会签人签署的内容摘要须与发起内容一致",
    "the countersigner signs the digest of exactly the proposed arguments",
)
WITHDRAW = Rule(
    "FT-COSIGN-WITHDRAW",
    Kind.BLOCK,
    DEC,
    "§28",
    "只有发起人可撤回会签事项",
    "only the proposer withdraws a proposal",
    error="unauthorised",
)
REASON = Rule(
    "FT-COSIGN-REASON",
    Kind.BLOCK,
    DEC,
    "§28",
    "谢绝会签须说明理由",
    "declining to countersign needs a reason",
)
RULES = (PROPOSAL, DISTINCT, DIGEST, WITHDRAW, REASON)


def proposal_stream(command: str, key: str) -> uuid.UUID:
    return uuid.uuid5(ids.NAMESPACE, f"cosign:{command}:{key}")


@pin_topic("fundtrail.cosign.Proposal")
class Proposal(LedgerAggregate):
    """One co-signed matter: the proposed command's arguments, who proposed, and how it ended.

    Attributes:
        command, key: the co-signed command's name and the matter's key (its stream derives from both).
        args, args_sha256: the exact arguments and their digest (``domain.kernel.digest``).
        proposed_by, proposed_by_org, proposed_in: the proposer, its organisation and command id.
        countersign_roles, distinct_org: who may countersign.
        status: pending | effective | declined | withdrawn; ``closed_by`` and ``reason`` say how it ended.
    """

    @staticmethod
    def create_id(command: str, key: str, **_: Any) -> uuid.UUID:
        return proposal_stream(command, key)

    @event("Proposed", topic="fundtrail.cosign.Proposed")
    def __init__(
        self,
        command: str,
        key: str,
        args: dict[str, Any],
        args_sha256: str,
        proposed_by: str,
        proposed_by_org: str,
        proposed_in: str,
        countersign_roles: list[str],
        distinct_org: bool,
    ) -> None:
        self.command = command
        self.key = key
        self.args = args
        self.args_sha256 = args_sha256
        self.proposed_by = proposed_by
        self.proposed_by_org = proposed_by_org
        self.proposed_in = proposed_in
        self.countersign_roles = countersign_roles
        self.distinct_org = distinct_org
        self.status = PENDING
        self.closed_by: str | None = None
        self.reason: str | None = None

    def check_pending(self, field: str) -> None:
        if self.status != PENDING:
            PROPOSAL.refuse(field, f"{self.command} {self.key!r} is {self.status}, not pending")

    def check_countersigner(self, actor_id: str, org: str) -> None:
        if actor_id == self.proposed_by:
            DISTINCT.refuse("key", f"{actor_id} proposed {self.command} {self.key!r} and cannot countersign it")
        if self.distinct_org and org == self.proposed_by_org:
            DISTINCT.refuse("key", f"{actor_id} is of {org}, the proposer's organisation; another one must countersign")

    def countersign(self, by: str, org: str, command_id: str) -> None:
        self._countersigned(by=by, org=org, command_id=command_id)

    def decline(self, by: str, org: str, reason: str) -> None:
        self._declined(by=by, org=org, reason=reason)

    def withdraw(self, by: str, reason: str) -> None:
        if by != self.proposed_by:
            WITHDRAW.refuse("key", f"{self.command} {self.key!r} was proposed by {self.proposed_by}, not {by}")
        self._withdrawn(by=by, reason=reason)

    @event("Countersigned", topic="fundtrail.cosign.Countersigned")
    def _countersigned(self, by: str, org: str, command_id: str) -> None:  # noqa: ARG002 - recorded in the event
        self.status = EFFECTIVE
        self.closed_by = by

    @event("Declined", topic="fundtrail.cosign.Declined")
    def _declined(self, by: str, org: str, reason: str) -> None:  # noqa: ARG002 - recorded in the event
        self.status = DECLINED
        self.closed_by = by
        self.reason = reason

    @event("Withdrawn", topic="fundtrail.cosign.Withdrawn")
    def _withdrawn(self, by: str, reason: str) -> None:
        self.status = WITHDRAWN
        self.closed_by = by
        self.reason = reason


label_topics(
    {
        "fundtrail.cosign.Proposal": ("会签事项", "co-signed matter"),
        "fundtrail.cosign.Proposed": ("发起会签", "proposed for countersignature"),
        "fundtrail.cosign.Countersigned": ("会签生效", "countersigned, in effect"),
        "fundtrail.cosign.Declined": ("谢绝会签", "countersignature declined"),
        "fundtrail.cosign.Withdrawn": ("撤回会签", "proposal withdrawn"),
    }
)


class CoSigned(Command[ArgsT], Generic[ArgsT]):
    """A command that records a proposal; ``take_effect`` runs when another actor countersigns.

    Subclasses set the usual declaration plus ``countersign_roles`` (and ``distinct_org``), and define
    ``key`` (one matter per key), ``check`` (what can be refused at once) and ``take_effect``.
    """

    countersign_roles: ClassVar[frozenset[Role]]
    distinct_org: ClassVar[bool] = True

    @abstractmethod
    def key(self, args: ArgsT) -> str:
        """The matter's key: one proposal per key, ever."""

    def check(self, args: ArgsT, ctx: Reader) -> None:
        """Refuse now what would be refused at countersignature (it is checked again then)."""

    @abstractmethod
    def take_effect(self, args: ArgsT, ctx: Reader, proposal: Proposal) -> Sequence[Aggregate]:
        """The change, under every rule, against the state at the countersignature."""

    def execute(self, args: ArgsT, ctx: Reader) -> Sequence[Aggregate]:
        key = self.key(args)
        if ctx.exists(proposal_stream(self.name, key)):
            PROPOSAL.refuse("key", f"{self.name} {key!r} is already proposed")
        self.check(args, ctx)
        data = args.model_dump(mode="json")
        proposal = Proposal(
            command=self.name,
            key=key,
            args=data,
            args_sha256=digest(data),
            proposed_by=ctx.actor.actor_id,
            proposed_by_org=str(ctx.actor.organisation["code"]),
            proposed_in=ctx.command_id,
            countersign_roles=sorted(r.value for r in self.countersign_roles),
            distinct_org=self.distinct_org,
        )
        return [proposal]


class Decision(StrEnum):
    COUNTERSIGN = "countersign"
    DECLINE = "decline"


class CountersignArgs(StrictModel):
    key: Text
    args_sha256: Sha256
    decision: Annotated[Decision, enum_parser(Decision, PROPOSAL.id)] = Decision.COUNTERSIGN
    reason: LongText | None = None


class WithdrawArgs(StrictModel):
    key: Text
    reason: LongText


def companions(
    proposing: type[CoSigned[Any]], cli_group: tuple[str, ...]
) -> tuple[type[Command[CountersignArgs]], type[Command[WithdrawArgs]]]:
    """The countersign and withdraw commands of a co-signed command, declared from it.

    ``cli_group`` is the CLI path they live under, e.g. ``("city", "clawback")`` gives
    ``… write-off-countersign`` and ``… write-off-withdraw`` beside ``… write-off``.
    """
    feature, verb = proposing.name.split(".", 1)
    base = proposing.cli[-1] if proposing.cli else verb.replace("_", "-")

    class Countersign(Command[CountersignArgs]):
        __doc__ = f"会签 / Countersign (or decline) a proposed {proposing.name}: it takes effect now, under every rule."
        name = f"{feature}.countersign_{verb}"
        zh = f"会签（或谢绝）：{proposing.zh}"
        en = f"countersign (or decline): {proposing.en}"
        roles = proposing.countersign_roles
        enforces = tuple(dict.fromkeys((PROPOSAL, DISTINCT, DIGEST, REASON, *proposing.enforces)))
        args = CountersignArgs
        cli = (*cli_group, f"{base}-countersign")
        cli_arguments = ("key",)

        def execute(self, args: CountersignArgs, ctx: Reader) -> Sequence[Aggregate]:
            proposal = ctx.get(Proposal, proposal_stream(proposing.name, args.key), field="key", what="proposal")
            proposal.check_pending("key")
            org = str(ctx.actor.organisation["code"])
            proposal.check_countersigner(ctx.actor.actor_id, org)
            proposer = ctx.find(Actor, ids.actor_stream(proposal.proposed_by))
            if proposer is None or not any(proposer.has_role(r) for r in proposing.roles):
                # a proposer who has lost the role since cannot have a proposal carried out in their name
                lost = f"the proposer {proposal.proposed_by} no longer holds a role for {proposing.name}"
                PROPOSAL.refuse("key", lost)
            if args.args_sha256 != proposal.args_sha256:
                DIGEST.refuse("args_sha256", f"the proposal's arguments digest to {proposal.args_sha256}")
            if args.decision is Decision.DECLINE:
                if not args.reason:
                    REASON.refuse("reason", "say why the proposal is declined")
                proposal.decline(ctx.actor.actor_id, org, args.reason)
                return [proposal]
            command = proposing()
            changed = command.take_effect(command.parse(proposal.args), ctx, proposal)
            proposal.countersign(ctx.actor.actor_id, org, ctx.command_id)
            return [proposal, *changed]

    class Withdraw(Command[WithdrawArgs]):
        __doc__ = f"撤回 / Withdraw one's own pending proposal of {proposing.name}."
        name = f"{feature}.withdraw_{verb}"
        zh = f"撤回待会签事项：{proposing.zh}"
        en = f"withdraw a pending proposal: {proposing.en}"
        roles = proposing.roles
        enforces = (PROPOSAL, WITHDRAW)
        args = WithdrawArgs
        cli = (*cli_group, f"{base}-withdraw")
        cli_arguments = ("key",)

        def execute(self, args: WithdrawArgs, ctx: Reader) -> Sequence[Aggregate]:
            proposal = ctx.get(Proposal, proposal_stream(proposing.name, args.key), field="key", what="proposal")
            proposal.check_pending("key")
            proposal.withdraw(ctx.actor.actor_id, args.reason)
            return [proposal]

    Countersign.__name__ = Countersign.__qualname__ = f"{proposing.__name__}Countersign"
    Withdraw.__name__ = Withdraw.__qualname__ = f"{proposing.__name__}Withdraw"
    return Countersign, Withdraw
