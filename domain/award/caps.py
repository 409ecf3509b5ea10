"""Running totals under a cap: per provider, per lead unit, per category (HRB 第四条（二）（三）2).

One aggregate per (programme, scope) holds what each award has reserved. A proposal reserves its amount
in every cap it falls under, all saved in the same transaction as the award, so two proposals racing for
the last 10万 of a provider's 50万 conflict on this stream's version and the loser is judged again — a
cap is never enforced by reading a projection. The approval releases what it does not approve; a
withdrawal releases everything. Same interface as ``domain.project.account.EnterpriseAccount``
(``reserved_for`` / ``release``), so the approval decision treats both alike.
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

    from domain.kernel.rules import Rule


def award_cap_stream(programme_id: str, scope: str) -> UUID:
    """``scope``: ``provider:<uscc>``, ``lead_unit:<uscc>`` or ``category:<category>``."""
    return uuid.uuid5(ids.NAMESPACE, f"award-cap:{programme_id}|{scope}")


@pin_topic("fundtrail.award.AwardCap")
class AwardCap(LedgerAggregate):
    """What the awards of one scope have reserved against its cap.

    Attributes:
        programme_id, scope: whose running total this is.
        reservations: award id -> amount reserved (proposed, then approved), net of releases.
        committed_fen: their sum.
    """

    @staticmethod
    def create_id(programme_id: str, scope: str, **_: Any) -> UUID:
        return award_cap_stream(programme_id, scope)

    @event("Opened", topic="fundtrail.award.AwardCapOpened")
    def __init__(self, programme_id: str, scope: str) -> None:
        self.programme_id = programme_id
        self.scope = scope
        self.reservations: dict[str, int] = {}
        self.committed_fen = 0

    def reserved_for(self, award_id: str) -> int:
        return self.reservations.get(award_id, 0)

    def left(self, cap_fen: int, award_id: str) -> int:
        """What ``award_id`` may hold under ``cap_fen``, counting what it already holds."""
        return max(0, cap_fen - self.committed_fen + self.reserved_for(award_id))

    def reserve(self, award_id: str, amount_fen: int, cap_fen: int, rule: Rule, field: str) -> None:
        """Hold ``amount_fen`` for ``award_id`` (replacing what it held); refuse under ``rule`` past ``cap_fen``."""
        after = self.committed_fen - self.reserved_for(award_id) + amount_fen
        if after > cap_fen:
            rule.refuse(
                field,
                f"{self.scope} has {self.committed_fen - self.reserved_for(award_id)} 分 reserved in programme "
                f"{self.programme_id}; {amount_fen} 分 more would make {after} 分, above the cap of {cap_fen} 分: "
                f"at most {self.left(cap_fen, award_id)} 分 is left",
            )
        self._reserved(award_id=award_id, amount_fen=amount_fen, committed_after_fen=after, cap_fen=cap_fen)

    def release(self, award_id: str, amount_fen: int, reason: str = "") -> None:
        held = self.reserved_for(award_id)
        amount_fen = min(amount_fen, held)
        if amount_fen <= 0:
            return
        self._released(
            award_id=award_id, amount_fen=amount_fen, committed_after_fen=self.committed_fen - amount_fen, reason=reason
        )

    @event("Reserved", topic="fundtrail.award.AwardCapReserved")
    def _reserved(self, award_id: str, amount_fen: int, committed_after_fen: int, cap_fen: int) -> None:  # noqa: ARG002
        self.reservations = {**self.reservations, award_id: amount_fen}
        self.committed_fen = committed_after_fen

    @event("Released", topic="fundtrail.award.AwardCapReleased")
    def _released(self, award_id: str, amount_fen: int, committed_after_fen: int, reason: str) -> None:  # noqa: ARG002
        left = self.reserved_for(award_id) - amount_fen
        rest = {k: v for k, v in self.reservations.items() if k != award_id}
        self.reservations = {**rest, award_id: left} if left else rest
        self.committed_fen = committed_after_fen


@pin_topic("fundtrail.award.Ranking")
class Ranking(LedgerAggregate):
    """The review ranks given in one batch and category: a rank is given once (racing reviews conflict)."""

    @staticmethod
    def create_id(batch_id: str, category: str, **_: Any) -> UUID:
        return ranking_stream(batch_id, category)

    @event("Opened", topic="fundtrail.award.RankingOpened")
    def __init__(self, batch_id: str, category: str) -> None:
        self.batch_id = batch_id
        self.category = category
        self.ranks: dict[str, str] = {}  # rank (as text: JSON keys) -> award id

    def give(self, rank: int, award_id: str) -> None:
        self._given(rank=rank, award_id=award_id)

    @event("RankGiven", topic="fundtrail.award.RankGiven")
    def _given(self, rank: int, award_id: str) -> None:
        self.ranks = {**self.ranks, str(rank): award_id}


def ranking_stream(batch_id: str, category: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"award-ranking:{batch_id}|{category}")


def product_claim_stream(programme_id: str, key: str) -> UUID:
    """``key``: ``sha256:<description hash>`` or ``name:<provider>|<normalised product name>``."""
    return uuid.uuid5(ids.NAMESPACE, f"award-product:{programme_id}|{key}")


def product_name_key(provider_uscc: str, name: str) -> str:
    """The same product under another spacing or case is the same product."""
    return f"name:{provider_uscc}|{''.join(name.split()).casefold()}"


@pin_topic("fundtrail.award.ProductClaim")
class ProductClaim(LedgerAggregate):
    """A product applied for in a programme: its caps of 第四条（二） are per product, so it applies once
    (by its description's hash and by its provider and name); racing applications conflict here."""

    @staticmethod
    def create_id(programme_id: str, key: str, **_: Any) -> UUID:
        return product_claim_stream(programme_id, key)

    @event("ProductClaimed", topic="fundtrail.award.ProductClaimed")
    def __init__(self, programme_id: str, key: str, award_id: str) -> None:
        self.programme_id = programme_id
        self.key = key
        self.award_id = award_id


label_topics(
    {
        "fundtrail.award.ProductClaim": ("奖补产品登记", "awarded product claim"),
        "fundtrail.award.ProductClaimed": ("奖补产品申报登记", "product claimed by an application"),
        "fundtrail.award.AwardCap": ("奖补上限台账", "award cap ledger"),
        "fundtrail.award.AwardCapOpened": ("奖补上限台账建立", "award cap ledger opened"),
        "fundtrail.award.AwardCapReserved": ("奖补额度占用", "award amount reserved"),
        "fundtrail.award.AwardCapReleased": ("奖补额度释放", "award amount released"),
        "fundtrail.award.Ranking": ("评审排序", "review ranking"),
        "fundtrail.award.RankingOpened": ("评审排序建立", "review ranking opened"),
        "fundtrail.award.RankGiven": ("评审名次", "review rank given"),
    }
)
