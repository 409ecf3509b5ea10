"""The award's money after the reply (HLJ 第四条（四）, 第五条（一）（二）): indicators, legs, fraud.

The performance indicators 省工信厅 confirms for a call are a target set of domain/performance (scope
``provincial_award``); 省财政厅 issues them with the money (同步分解下达), so a disbursement names an approved set.

``Disbursement``: one award's money, leg by leg: 省财政厅 → a city or county finance bureau (a leg, with
its date and document) → the enterprise (each forward, with its date, bank serial and payee account).
A leg's ``held_fen`` is what the bureau received and has not passed on; an aged leg is one held beyond the
call's working days (A21). Money held back, encroached on or diverted (截留、挤占、挪用) is exactly a leg
that is never matched by forwards.

``FraudCase``: 第五条（一）'s mandatory consequences in one decision — the award cancelled, the enterprise
excluded, liability referred, and a receivable of everything paid out (from the enterprise what it
received, from each bureau what it still holds) — then recoveries with receipts until nothing is owed.
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

ENTERPRISE = "enterprise"


def disbursement_stream(application_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"hlj-disbursement:{application_id}")


def fraud_case_stream(case_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"hlj-fraud:{case_id}")


@pin_topic("fundtrail.province.Disbursement")
class Disbursement(LedgerAggregate):
    """One award's legs: 省财政厅 → 市县财政 → enterprise.

    Attributes:
        application_id, call_id, approval_id, approved_fen.
        legs: leg id → {to_org, amount_fen, doc_no, disbursed_on, target_set_id, indicators, forwarded_fen,
            forwards [{amount_fen, settled_on, bank_serial, working_days, late}]}.
        frozen_by: a fraud case that stopped the money.
    """

    @staticmethod
    def create_id(application_id: str, **_: Any) -> UUID:
        return disbursement_stream(application_id)

    @event("DisbursementOpened", topic="fundtrail.province.DisbursementOpened")
    def __init__(self, application_id: str, call_id: str, approval_id: str, approved_fen: int) -> None:
        self.application_id = application_id
        self.call_id = call_id
        self.approval_id = approval_id
        self.approved_fen = approved_fen
        self.legs: dict[str, dict[str, Any]] = {}
        self.frozen_by: str | None = None

    @property
    def disbursed_fen(self) -> int:
        return sum(int(leg["amount_fen"]) for leg in self.legs.values())

    @property
    def forwarded_fen(self) -> int:
        return sum(int(leg["forwarded_fen"]) for leg in self.legs.values())

    def held(self) -> dict[str, int]:
        """Each bureau's money received and not passed on."""
        out: dict[str, int] = {}
        for leg in self.legs.values():
            left = int(leg["amount_fen"]) - int(leg["forwarded_fen"])
            if left:
                out[str(leg["to_org"])] = out.get(str(leg["to_org"]), 0) + left
        return out

    def disburse(self, leg_id: str, leg: dict[str, Any]) -> None:
        self._leg_disbursed(leg_id=leg_id, leg=leg)

    def forward(self, leg_id: str, forward: dict[str, Any]) -> None:
        self._forwarded(leg_id=leg_id, forward=forward)

    def freeze(self, case_id: str) -> None:
        self._frozen(case_id=case_id, held=self.held(), forwarded_fen=self.forwarded_fen)

    @event("AwardDisbursed", topic="fundtrail.province.AwardDisbursed")
    def _leg_disbursed(self, leg_id: str, leg: dict[str, Any]) -> None:
        self.legs = {**self.legs, leg_id: {**leg, "forwarded_fen": 0, "forwards": []}}

    @event("AwardForwardedByCounty", topic="fundtrail.province.AwardForwardedByCounty")
    def _forwarded(self, leg_id: str, forward: dict[str, Any]) -> None:
        leg = self.legs[leg_id]
        self.legs = {
            **self.legs,
            leg_id: {
                **leg,
                "forwarded_fen": int(leg["forwarded_fen"]) + int(forward["amount_fen"]),
                "forwards": [*leg["forwards"], forward],
            },
        }

    @event("DisbursementFrozen", topic="fundtrail.province.DisbursementFrozen")
    def _frozen(self, case_id: str, held: dict[str, int], forwarded_fen: int) -> None:  # noqa: ARG002 - recorded
        self.frozen_by = case_id


@pin_topic("fundtrail.province.FraudCase")
class FraudCase(LedgerAggregate):
    """A fraud decision and its receivable (第五条（一）).

    Attributes:
        case_id, application_id, enterprise_uscc, call_id, evidence, summary, decided_on, referral.
        receivable: debtor (``enterprise`` or a bureau's org code) → amount due; recovered: debtor → amount.
    """

    @staticmethod
    def create_id(case_id: str, **_: Any) -> UUID:
        return fraud_case_stream(case_id)

    @event("FraudDecided", topic="fundtrail.province.FraudDecided")
    def __init__(
        self,
        case_id: str,
        application_id: str,
        enterprise_uscc: str,
        call_id: str,
        evidence: list[str],
        summary: str,
        decided_on: str,
        referral: dict[str, str],
        receivable: dict[str, int],
        decided_by: str,
    ) -> None:
        self.case_id = case_id
        self.application_id = application_id
        self.enterprise_uscc = enterprise_uscc
        self.call_id = call_id
        self.evidence = evidence
        self.summary = summary
        self.decided_on = decided_on
        self.referral = referral
        self.receivable = receivable
        self.decided_by = decided_by
        self.recovered: dict[str, int] = {}

    def outstanding(self, debtor: str) -> int:
        return self.receivable.get(debtor, 0) - self.recovered.get(debtor, 0)

    def recover(self, debtor: str, receipt: dict[str, Any]) -> None:
        self._recovered(debtor=debtor, receipt=receipt)

    @event("FraudRecoveryReceived", topic="fundtrail.province.FraudRecoveryReceived")
    def _recovered(self, debtor: str, receipt: dict[str, Any]) -> None:
        self.recovered = {**self.recovered, debtor: self.recovered.get(debtor, 0) + int(receipt["amount_fen"])}


label_topics(
    {
        "fundtrail.province.Disbursement": ("奖励资金拨付", "award disbursement"),
        "fundtrail.province.DisbursementOpened": ("开立拨付记录", "disbursement opened"),
        "fundtrail.province.AwardDisbursed": ("省财政厅拨付", "disbursed by 省财政厅"),
        "fundtrail.province.AwardForwardedByCounty": ("市县财政拨付至企业", "forwarded by city or county finance"),
        "fundtrail.province.DisbursementFrozen": ("冻结拨付", "disbursement frozen"),
        "fundtrail.province.FraudCase": ("弄虚作假追回", "fraud case"),
        "fundtrail.province.FraudDecided": ("认定弄虚作假并取消资格", "fraud decided"),
        "fundtrail.province.FraudRecoveryReceived": ("追回款到账", "recovery received"),
    }
)
