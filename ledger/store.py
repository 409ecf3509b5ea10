"""The ledger read API for projections: records in ``seq`` order, decoded to domain events, and the head.

Projections read the log here and nowhere else (no writing, no log key): each record with its position,
stream, version, topic and record time, and — for a domain event — the event decoded by the ledger's own
mapper, so that a view can apply it to the aggregate it belongs to exactly as the write side did.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ledger.app import FundtrailLedger


@dataclass(frozen=True)
class Record:
    """One record of the log as a projection sees it."""

    seq: int
    stream: UUID
    version: int
    topic: str
    recorded_at: str
    actor_id: str
    event: Any  # the decoded domain event (None for a record that is not an aggregate's event)


@dataclass(frozen=True)
class Position:
    """Where the log stands: its size, the head hash and the seal the log key made over it."""

    seq: int
    head_hash: str
    seal: str
    recorded_at: str


class LedgerStore:
    """Read-only access to one ledger for projections."""

    def __init__(self, app: FundtrailLedger) -> None:
        self.app = app

    def position(self) -> Position:
        seq, head = self.app.chain.chain_head()
        sealed = self.app.chain.head_seal() if seq else None
        seal, at = (base64.b64encode(sealed[1]).decode(), sealed[2]) if sealed is not None else ("", "")
        return Position(seq=seq, head_hash=head.hex(), seal=seal, recorded_at=at)

    def group_end(self, seq: int) -> int:
        """The log never stood inside a command's group (it commits whole): the group's last record."""
        bounds = self.app.chain.group_bounds(seq) if seq > 0 else None
        return bounds[1] if bounds is not None else seq

    def position_at(self, seq: int) -> Position:
        """The log as it stood after record ``seq``, a group's last (an as-of view is stamped with it)."""
        rows = list(self.app.chain.records(seq, seq))
        if not rows:
            return Position(seq=0, head_hash="", seal="", recorded_at="")
        row = rows[0]
        seal = base64.b64encode(self.app.chain.seal_at(seq)).decode() if row["seal"] else ""
        return Position(seq=seq, head_hash=row["hash"].hex(), seal=seal, recorded_at=str(row["recorded_at"]))

    def records(self, after: int = 0, until: int | None = None, batch: int = 1000) -> Iterator[Record]:
        """Every record with ``after < seq <= until``, in order."""
        mapper = self.app.mapper
        for row in self.app.chain.records(after + 1, until, batch=batch):
            event = None
            if row["state"] is not None:
                stored = StoredEvent(
                    originator_id=UUID(str(row["originator_id"])),
                    originator_version=int(row["originator_version"]),
                    topic=str(row["event_topic"] or row["topic"]),
                    state=row["state"],
                )
                event = mapper.to_domain_event(stored)
            yield Record(
                seq=int(row["seq"]),
                stream=UUID(str(row["originator_id"])),
                version=int(row["originator_version"]),
                topic=str(row["topic"]),
                recorded_at=str(row["recorded_at"]),
                actor_id=str(row["actor_id"]),
                event=event,
            )
