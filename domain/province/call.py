"""The annual call (申报通知, HLJ 第四条（一）) and an enterprise's provincial record (第三条, 第五条（一）).

A call fixes, for one year, everything the later steps judge by: the award amounts of 第三条 as policy
data (checked against the article when the call is published), the quota and the published criteria the
ranking follows (A22), the deadline that dates a national status (A19), the publicity floor (第四条（三）),
the working days within which city and county finance must pass money on (A21) and the city programmes
whose funding raises the overlap flag (A16). It also carries the proposed list: the ranking 省工信厅 signs.

``ProvincialEnterprise`` is one enterprise's file across all years: its applications, the award it was
recognised for (once for the programme's lifetime, A18) and an exclusion after fraud (第五条（一）).
Two applications of one enterprise racing each other conflict on this stream.
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

TECHNICAL = "technical"
FINANCIAL = "financial"


def call_stream(call_id: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"hlj-call:{call_id}")


def provincial_enterprise_stream(uscc: str) -> UUID:
    return uuid.uuid5(ids.NAMESPACE, f"hlj-enterprise:{uscc}")


@pin_topic("fundtrail.province.AnnualCall")
class AnnualCall(LedgerAggregate):
    """One year's call and, once proposed, its ranked list.

    Attributes:
        call_id, programme_id, year, notice_doc_no, notice_sha256, published_on, deadline (ISO dates).
        quota, criteria ([{code, name, kind technical|financial, max_points}] in hundredths of a point),
        normal_fen, national_fen (第三条), publicity_working_days, forward_sla_working_days,
        reviewers_per_application, once_per_lifetime, overlap_programmes.
        rankings: every ranking proposed, in order ({version, entries, quota, tie_break, proposed_by …});
        listed: application id → amount of the current list; proposer: who proposed the current list.
    """

    @staticmethod
    def create_id(call_id: str, **_: Any) -> UUID:
        return call_stream(call_id)

    @event("CallPublished", topic="fundtrail.province.CallPublished")
    def __init__(
        self,
        call_id: str,
        programme_id: str,
        year: int,
        notice_doc_no: str,
        notice_sha256: str,
        published_on: str,
        deadline: str,
        quota: int,
        criteria: list[dict[str, Any]],
        normal_fen: int,
        national_fen: int,
        publicity_working_days: int,
        forward_sla_working_days: int,
        reviewers_per_application: int,
        once_per_lifetime: bool,
        overlap_programmes: list[str],
        published_by: str,
    ) -> None:
        self.call_id = call_id
        self.programme_id = programme_id
        self.year = year
        self.notice_doc_no = notice_doc_no
        self.notice_sha256 = notice_sha256
        self.published_on = published_on
        self.deadline = deadline
        self.quota = quota
        self.criteria = criteria
        self.normal_fen = normal_fen
        self.national_fen = national_fen
        self.publicity_working_days = publicity_working_days
        self.forward_sla_working_days = forward_sla_working_days
        self.reviewers_per_application = reviewers_per_application
        self.once_per_lifetime = once_per_lifetime
        self.overlap_programmes = overlap_programmes
        self.published_by = published_by
        self.applications: list[str] = []
        self.rankings: list[dict[str, Any]] = []
        self.listed: dict[str, int] = {}
        self.proposer: str | None = None

    # the round interface publicity reads (domain/publicity/commands.py ``load_round``)
    @property
    def batch_id(self) -> str:
        return self.call_id

    @property
    def kind(self) -> str:
        return "provincial_benchmark"

    def criterion(self, code: str) -> dict[str, Any] | None:
        return next((c for c in self.criteria if c["code"] == code), None)

    def codes(self, kind: str | None = None) -> list[str]:
        return [str(c["code"]) for c in self.criteria if kind is None or c["kind"] == kind]

    @property
    def ranked(self) -> bool:
        return bool(self.rankings)

    def take(self, application_id: str) -> None:
        self._application_taken(application_id=application_id)

    def propose(self, ranking: dict[str, Any]) -> None:
        self._list_proposed(ranking=ranking)

    @event("ApplicationTaken", topic="fundtrail.province.ApplicationTaken")
    def _application_taken(self, application_id: str) -> None:
        self.applications = [*self.applications, application_id]

    @event("ListProposed", topic="fundtrail.province.ListProposed")
    def _list_proposed(self, ranking: dict[str, Any]) -> None:
        self.rankings = [*self.rankings, ranking]
        self.listed = {str(e["application_id"]): int(e["award_fen"]) for e in ranking["entries"] if e["listed"]}
        self.proposer = str(ranking["proposed_by"])


@pin_topic("fundtrail.province.ProvincialEnterprise")
class ProvincialEnterprise(LedgerAggregate):
    """An enterprise's file in the provincial programme: applications, recognition, exclusion."""

    @staticmethod
    def create_id(uscc: str, **_: Any) -> UUID:
        return provincial_enterprise_stream(uscc)

    @event("ProvincialEnterpriseOpened", topic="fundtrail.province.ProvincialEnterpriseOpened")
    def __init__(self, uscc: str) -> None:
        self.uscc = uscc
        self.applications: dict[str, str] = {}  # application id → call id
        self.recognised: dict[str, str] | None = None  # {call_id, application_id, approval_id}
        self.excluded: dict[str, str] | None = None  # {case_id, decided_on}

    def applied_in(self, call_id: str) -> str | None:
        return next((a for a, c in self.applications.items() if c == call_id), None)

    def apply(self, application_id: str, call_id: str) -> None:
        self._applied(application_id=application_id, call_id=call_id)

    def recognise(self, call_id: str, application_id: str, approval_id: str) -> None:
        self._recognised(call_id=call_id, application_id=application_id, approval_id=approval_id)

    def exclude(self, case_id: str, decided_on: str) -> None:
        self._excluded(case_id=case_id, decided_on=decided_on)

    @event("ProvincialApplicationFiled", topic="fundtrail.province.ProvincialApplicationFiled")
    def _applied(self, application_id: str, call_id: str) -> None:
        self.applications = {**self.applications, application_id: call_id}

    @event("BenchmarkRecognised", topic="fundtrail.province.BenchmarkRecognised")
    def _recognised(self, call_id: str, application_id: str, approval_id: str) -> None:
        self.recognised = {"call_id": call_id, "application_id": application_id, "approval_id": approval_id}

    @event("ProvincialEnterpriseExcluded", topic="fundtrail.province.ProvincialEnterpriseExcluded")
    def _excluded(self, case_id: str, decided_on: str) -> None:
        self.excluded = {"case_id": case_id, "decided_on": decided_on}


label_topics(
    {
        "fundtrail.province.AnnualCall": ("省级标杆企业申报通知", "provincial benchmark call"),
        "fundtrail.province.CallPublished": ("发布申报通知", "call published"),
        "fundtrail.province.ApplicationTaken": ("受理申报", "application taken"),
        "fundtrail.province.ListProposed": ("提出拟认定名单", "list proposed"),
        "fundtrail.province.ProvincialEnterprise": ("省级奖励企业档案", "provincial enterprise file"),
        "fundtrail.province.ProvincialEnterpriseOpened": ("建立企业档案", "enterprise file opened"),
        "fundtrail.province.ProvincialApplicationFiled": ("企业申报记录", "application filed"),
        "fundtrail.province.BenchmarkRecognised": ("认定为示范标杆企业", "recognised as a benchmark enterprise"),
        "fundtrail.province.ProvincialEnterpriseExcluded": ("取消资格并不得再申报", "excluded after fraud"),
    }
)
