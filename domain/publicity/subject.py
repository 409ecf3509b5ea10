"""The claim of a subject by the publicity that lists it: one open publicity per subject (FT-PUB-OPEN).

A second list started at the same time conflicts on this stream's version, as a second document with
the same content conflicts on its content claim (domain/documents).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.domain import event

from domain import ids
from domain.base import LedgerAggregate
from domain.topics import label_topics
from domain.topics import pin_topic

if TYPE_CHECKING:
    from uuid import UUID


def publicity_subject_stream(subject_id: str) -> UUID:
    """The claim of a subject by the publicity that lists it (one open publicity per subject)."""
    return uuid.uuid5(ids.NAMESPACE, f"publicity-subject:{subject_id}")


@pin_topic("fundtrail.publicity.PublicitySubject")
class PublicitySubject(LedgerAggregate):
    """The publicities that listed a subject, latest last: a second list started at the same time
    conflicts on this stream (race-safe ``FT-PUB-OPEN``)."""

    @staticmethod
    def create_id(subject_id: str, **_: Any) -> UUID:
        return publicity_subject_stream(subject_id)

    @event("PublicitySubjectListed", topic="fundtrail.publicity.PublicitySubjectListed")
    def __init__(self, subject_id: str, publicity_id: str) -> None:
        self.subject_id = subject_id
        self.publicity_id = publicity_id
        self.publicity_ids = [publicity_id]
        self.withdrawn_from: str | None = None
        self.withdrawn_at_proposal: int | None = None

    def withdraw(self, publicity_id: str, proposal: int) -> None:
        """An upheld objection withdrew the subject from ``publicity_id``: until it is proposed again (its
        proposal count passes ``proposal``), no list takes it again."""
        self._withdrawn(publicity_id=publicity_id, proposal=proposal)

    def list_again(self, publicity_id: str) -> None:
        self._listed_again(publicity_id=publicity_id)

    @event("PublicitySubjectWithdrawn", topic="fundtrail.publicity.PublicitySubjectWithdrawn")
    def _withdrawn(self, publicity_id: str, proposal: int) -> None:
        self.withdrawn_from = publicity_id
        self.withdrawn_at_proposal = proposal

    @event("PublicitySubjectListedAgain", topic="fundtrail.publicity.PublicitySubjectListedAgain")
    def _listed_again(self, publicity_id: str) -> None:
        self.publicity_id = publicity_id
        self.publicity_ids = [*self.publicity_ids, publicity_id]


label_topics(
    {
        "fundtrail.publicity.PublicitySubjectListed": ("公示对象登记", "publicity subject listed"),
        "fundtrail.publicity.PublicitySubjectListedAgain": ("公示对象再次列入", "publicity subject listed again"),
        "fundtrail.publicity.PublicitySubjectWithdrawn": ("异议成立撤出公示", "withdrawn on an upheld objection"),
    }
)
