"""The genesis of a ledger and its log key (docs/decisions.md §1, §4; docs/ledger-format.md §6)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID


@pin_topic("fundtrail.ledger.Ledger")
class Ledger(LedgerAggregate):
    """A ledger's identity: origin, hash algorithm, first administrator, log key and time window.

    The log key seals every commit (docs/ledger-format.md §7.4); the administrators' keys sign
    commands. Only the log key changes after genesis, by a signed rotation.
    """

    @staticmethod
    def create_id(origin: str, **_: Any) -> UUID:
        return ids.ledger_stream(origin)

    @event("Initialised", topic="fundtrail.ledger.Initialised")
    def __init__(
        self,
        origin: str,
        hash_algorithm: str,
        spec: str,
        operator: dict[str, str],
        log_key: dict[str, str],
        max_command_age: int,
        clock_skew: int,
    ) -> None:
        self.origin = origin
        self.hash_algorithm = hash_algorithm
        self.spec = spec
        self.operator = operator
        self.log_key = log_key
        self.max_command_age = max_command_age
        self.clock_skew = clock_skew

    @event("LogKeyRotated", topic="fundtrail.ledger.LogKeyRotated")
    def rotate_log_key(self, key_id: str, public_key: str, previous_key_id: str) -> None:  # noqa: ARG002 - recorded for verifiers
        self.log_key = {"key_id": key_id, "public_key": public_key}


label_topics(
    {
        "fundtrail.ledger.Initialised": ("账本创建", "ledger initialised"),
        "fundtrail.ledger.LogKeyRotated": ("日志密钥轮换", "log key rotated"),
    }
)
