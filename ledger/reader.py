"""The domain's Reader over the repository: what ``execute`` reads, and the guards that reads imply.

Every stream a command reads and does not itself write becomes a guard (ledger/chain.py ``Guard``):
the append fails with StaleReadError if any of them moved meanwhile, and ``submit`` checks the command
again against fresh state. Streams the command writes are protected by their own version numbers.
So a rule judged on one aggregate (an open clawback case, a closed publicity, an approval) cannot be
overtaken by a racing command on another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar

from eventsourcing.application import AggregateNotFoundError

from domain.kernel.admission import NOT_FOUND
from ledger.chain import Guard

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Sequence
    from datetime import datetime
    from uuid import UUID

    from eventsourcing.domain import Aggregate

    from domain.actors import Actor

A = TypeVar("A")
_MISSING = object()


class LedgerReader:
    """One command's view of the ledger (domain/kernel/commands.py ``Reader``)."""

    def __init__(
        self,
        *,
        get: Callable[[UUID], Any],
        existing: Callable[[Sequence[UUID]], set[UUID]],
        actor: Actor,
        now: datetime,
        command_id: str,
        origin: str,
        possession: Callable[[bytes, bytes], bool],
        preloaded: Sequence[Aggregate] = (),
    ) -> None:
        self._get = get
        self._existing = existing
        self._possession = possession
        self.actor = actor
        self.now = now
        self.command_id = command_id
        self.origin = origin
        self._loaded: dict[UUID, Any] = {a.id: a for a in preloaded}
        self._read_versions: dict[UUID, int] = {a.id: a.version for a in preloaded}
        self._known: dict[UUID, bool] = {}

    def find(self, cls: type[A], stream: UUID) -> A | None:
        found = self._loaded.get(stream, _MISSING)
        if found is _MISSING:
            if self._known.get(stream) is False:
                found = None
            else:
                try:
                    found = self._get(stream)
                except AggregateNotFoundError:
                    found = None
            self._loaded[stream] = found
            self._read_versions[stream] = found.version if found is not None else 0
        if found is not None and not isinstance(found, cls):
            return None  # a stream id of another kind: treated as absent, never as the wrong type
        return found

    def get(self, cls: type[A], stream: UUID, *, field: str, what: str) -> A:
        found = self.find(cls, stream)
        if found is None:
            NOT_FOUND.refuse(field, f"no {what} with this id is recorded")
        return found

    def exists(self, stream: UUID) -> bool:
        known = self._known.get(stream)
        if known is not None:
            self._read_versions.setdefault(stream, 0 if not known else -1)
            return known
        return self.find(object, stream) is not None

    def prefetch(self, streams: Sequence[UUID]) -> None:
        found = self._existing(list(streams))
        self._known.update({s: s in found for s in streams})

    def proves_possession(self, public_key: bytes, proof: bytes) -> bool:
        return self._possession(public_key, proof)

    def guards(self, saved: Sequence[Aggregate]) -> list[Guard]:
        """A guard for every stream read and not written; -1 marks 'known to exist' (any version is fine)."""
        written = {a.id for a in saved}
        return [Guard(s, v) for s, v in self._read_versions.items() if s not in written and v >= 0]
