"""The command base and the reader protocol through which ``execute`` sees the ledger.

A command is declared once, as a class in its feature folder: its wire name, the roles that may
give it, the rules it enforces, its arguments as a strict model, and ``execute``. The ledger
dispatches on the catalogue only; the CLI, the batch line format and docs/commands.md are derived
from the same declaration. ``execute`` is deterministic: time, the actor and the command id come
from the envelope and the ledger clock through the reader, never from the machine.
"""

from __future__ import annotations

from abc import ABC
from abc import abstractmethod
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar
from typing import Generic
from typing import Protocol
from typing import TypeVar

from domain.kernel.fields import StrictModel
from domain.kernel.fields import parse_args

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime
    from uuid import UUID

    from eventsourcing.domain import Aggregate

    from domain.actors import Actor
    from domain.kernel.rules import Rule
    from domain.roles import Role

A = TypeVar("A", bound="Aggregate")
ArgsT = TypeVar("ArgsT", bound=StrictModel)


class Reader(Protocol):
    """What ``execute`` may know: aggregates by stream, the acting actor, the ledger's time."""

    @property
    def now(self) -> datetime:
        """The ledger clock at this command (UTC)."""

    @property
    def actor(self) -> Actor:
        """The acting actor, as it stood when the command was admitted."""

    @property
    def command_id(self) -> str: ...

    @property
    def origin(self) -> str: ...

    def find(self, cls: type[A], stream: UUID) -> A | None:
        """The aggregate saved in ``stream``, or None; the same object on every call in one command."""

    def get(self, cls: type[A], stream: UUID, *, field: str, what: str) -> A:
        """Like ``find`` but refuses (NotFound FT-NOT-FOUND naming ``field``) when there is none."""

    def exists(self, stream: UUID) -> bool: ...

    def prefetch(self, streams: Sequence[UUID]) -> None:
        """Learn in one query which of ``streams`` exist (a batch command checks hundreds)."""

    def proves_possession(self, public_key: bytes, proof: bytes) -> bool:
        """A port to signature checking (the domain does no cryptography): does ``proof`` sign the
        log-key possession message for ``public_key`` on this ledger (docs/ledger-format.md §6.5)?"""


class Command(ABC, Generic[ArgsT]):
    """One command of the catalogue. Subclasses set the class attributes and ``execute``.

    Attributes:
        name: the wire name in the signed envelope; stable forever (``role.grant``).
        roles: the roles that may give the command (never empty: the catalogue refuses it).
        enforces: the rules this command checks.
        args: the strict model of its arguments.
        cli: the path of its ``fundtrail`` subcommand, e.g. ``("city", "project", "intake")``;
            None for the log operations whose CLI holds a log key (``ledger init``).
        cli_arguments: fields taken as positional CLI arguments, in order.
        self_service: an argument naming an actor who may give the command for itself
            (an actor may rotate or revoke its own key).
        zh, en: a one-line summary in both languages (docs and ``--help``).
    """

    name: ClassVar[str]
    roles: ClassVar[frozenset[Role]]
    enforces: ClassVar[tuple[Rule, ...]] = ()
    args: ClassVar[type[StrictModel]]
    cli: ClassVar[tuple[str, ...] | None] = None
    cli_arguments: ClassVar[tuple[str, ...]] = ()
    self_service: ClassVar[str | None] = None
    zh: ClassVar[str] = ""
    en: ClassVar[str] = ""
    registry: ClassVar[tuple[str, str] | None] = None
    """For the format's registry commands: (the registry facts it produces, when it applies);
    docs/ledger-format.md §6.4 generates its table from these (the verifier judges them)."""

    def parse(self, raw: Any) -> ArgsT:
        """The typed arguments, or InvalidField naming the first bad field and its rule."""
        parsed: ArgsT = parse_args(self.args, raw)  # type: ignore[assignment]
        return parsed

    @abstractmethod
    def execute(self, args: ArgsT, ctx: Reader) -> Sequence[Aggregate]:
        """Check the rules and ask aggregates to change; return every aggregate with new events."""

    def run(self, raw: Any, ctx: Reader) -> Sequence[Aggregate]:
        return self.execute(self.parse(raw), ctx)
