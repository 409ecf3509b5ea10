"""The provider register (数字化服务商、组长单位) and the lead unit of each pilot industry.

Providers apply for product awards and, as lead units (试点行业组长单位), for diagnosis awards. A12: no
Harbin location is required of them, but 第五条（二） (credit) applies, so a provider carries credit
checks as an enterprise does (judged by ``domain.enterprise.eligibility.credit_problems``) and the bank
accounts its award is paid to (as keyed hashes, never account numbers). A lead unit is appointed per
programme and pilot industry, once (第四条（三）2).
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


def provider_stream(uscc: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"award-provider:{uscc}")


def lead_unit_stream(programme_id: str, industry: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"award-lead-unit:{programme_id}|{industry}")


@pin_topic("fundtrail.award.Provider")
class Provider(LedgerAggregate):
    """A registered provider: code, name, registry facts, bank accounts, credit checks.

    Attributes:
        uscc, name: who it is; registry: the registry snapshot facts (shareholders, legal representative …).
        bank_accounts: [{bank, account_hash, last4}]; credit_checks: as an enterprise's (第五条（二）).
    """

    @staticmethod
    def create_id(uscc: str, **_: Any) -> UUID:
        return provider_stream(uscc)

    @event("ProviderRegistered", topic="fundtrail.award.ProviderRegistered")
    def __init__(
        self, uscc: str, name: str, registry: dict[str, Any], bank_accounts: list[dict[str, Any]], registered_by: str
    ) -> None:
        self.uscc = uscc
        self.name = name
        self.registry = registry
        self.bank_accounts = bank_accounts
        self.registered_by = registered_by
        self.credit_checks: list[dict[str, Any]] = []

    def record_credit_check(self, check: dict[str, Any]) -> None:
        self._credit_check_recorded(check=check)

    @event("ProviderCreditCheckRecorded", topic="fundtrail.award.ProviderCreditCheckRecorded")
    def _credit_check_recorded(self, check: dict[str, Any]) -> None:
        self.credit_checks = [*self.credit_checks, check]


@pin_topic("fundtrail.award.LeadUnit")
class LeadUnit(LedgerAggregate):
    """The lead unit (组长单位) of one pilot industry in a programme, appointed once by 市工信局."""

    @staticmethod
    def create_id(programme_id: str, industry: str, **_: Any) -> UUID:
        return lead_unit_stream(programme_id, industry)

    @event("LeadUnitAppointed", topic="fundtrail.award.LeadUnitAppointed")
    def __init__(
        self, programme_id: str, industry: str, provider_uscc: str, doc_no: str, decided_on: str, appointed_by: str
    ) -> None:
        self.programme_id = programme_id
        self.industry = industry
        self.provider_uscc = provider_uscc
        self.doc_no = doc_no
        self.decided_on = decided_on
        self.appointed_by = appointed_by


label_topics(
    {
        "fundtrail.award.Provider": ("数字化服务商", "provider"),
        "fundtrail.award.ProviderRegistered": ("服务商登记", "provider registered"),
        "fundtrail.award.ProviderCreditCheckRecorded": ("服务商信用核查", "provider credit check recorded"),
        "fundtrail.award.LeadUnit": ("试点行业组长单位", "lead unit"),
        "fundtrail.award.LeadUnitAppointed": ("确定组长单位", "lead unit appointed"),
    }
)
