"""The record of an accepted command, kept in the acting actor's own stream (docs/decisions.md §6)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.base import LedgerEvent
from domain.topics import label_topics
from domain.topics import pin_topic


@pin_topic("fundtrail.command.Accepted")
@dataclass(frozen=True)
class CommandAccepted(LedgerEvent):
    """Carries the exact signed envelope and its signature.

    ``envelope`` is the canonical envelope text, byte for byte as signed;
    ``signature`` is standard base64 of the 64-byte Ed25519 signature.
    """

    command: str
    command_id: str
    envelope: str
    signature: str


label_topics({"fundtrail.command.Accepted": ("指令已受理", "command accepted")})
