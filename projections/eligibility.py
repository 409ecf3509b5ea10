"""Eligibility (申报资格): per enterprise and per project, the status, what decided it, and its evidence.

An enterprise's row is judged when a record changes it, on that record's day (北京时间), by the domain's
own rules of HRB 第五条 and 第六条 (``Enterprise.eligibility_problems``) under the parameters of the policy
version in force at that record; it names the record (``seq``, topic) and every failed rule with its
article, and the snapshots the facts rest on. A credit check vouches for its window only (A13), so a row
says the day it was judged: finance re-checks before each payment order, which the payment command does.
A project's row is its state and the intake decision of 市工信局 with the reasons, and the record behind it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from typing import Any
from typing import ClassVar

from sqlalchemy import BigInteger
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import MetaData
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import Text

from domain.enterprise.aggregate import Enterprise
from domain.kernel.dates import local_date
from domain.policy.aggregate import ACTIVE
from domain.policy.aggregate import PolicyVersion
from domain.project.aggregate import Project
from projections.core import View

if TYPE_CHECKING:
    from ledger.store import Record
    from projections.core import Rows

META = MetaData()
POLICY = Table(
    "ft_elig_policy",
    META,
    Column("programme_id", String(100), primary_key=True),
    Column("version_id", String(100), nullable=False),
    Column("params", Text, nullable=False),
    Column("seq", BigInteger, nullable=False),
)
ENTERPRISES = Table(
    "ft_elig_enterprise",
    META,
    Column("uscc", String(18), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("eligible", Boolean, nullable=True),  # None: no policy version in force to judge by yet
    Column("judged_on", String(10), nullable=False),
    Column("policy_version_id", String(100), nullable=True),
    Column("problems", Text, nullable=False),  # JSON: [{rule, article, field, detail}]
    Column("evidence", Text, nullable=False),  # JSON: snapshot hashes of the credit checks and registry facts
    Column("decided_by_topic", String(200), nullable=False),
    Column("seq", BigInteger, nullable=False),
)
PROJECTS = Table(
    "ft_elig_project",
    META,
    Column("project_id", String(100), primary_key=True),
    Column("enterprise_uscc", String(18), nullable=False),
    Column("state", String(40), nullable=False),
    Column("intake", String(20), nullable=False),  # requested | approved | rejected
    Column("intake_decided_on", String(10), nullable=True),
    Column("intake_reasons", Text, nullable=False),
    Column("decided_by_topic", String(200), nullable=False),
    Column("seq", BigInteger, nullable=False),
)


def _evidence(e: Enterprise) -> list[str]:
    found = [c.get("snapshot_sha256") for c in e.credit_checks]
    for fact in e.registry.values():
        if isinstance(fact, dict):
            found.append(fact.get("snapshot_sha256"))
    return sorted({h for h in found if isinstance(h, str)})


class Eligibility(View):
    name: ClassVar[str] = "eligibility"
    version: ClassVar[int] = 1
    metadata: ClassVar[MetaData] = META
    loaded: ClassVar[tuple[Table, ...]] = (POLICY,)
    aggregates: ClassVar[tuple[type, ...] | None] = (PolicyVersion, Enterprise, Project)

    def __init__(self) -> None:
        self._params: dict[str, Any] = {}  # a policy row's params as stored -> PolicyParams

    def apply(self, rows: Rows, record: Record, aggregate: Any) -> None:
        if isinstance(aggregate, PolicyVersion) and aggregate.status == ACTIVE:
            values = {
                "programme_id": aggregate.programme_id,
                "version_id": aggregate.version_id,
                "params": json.dumps(aggregate.params, sort_keys=True, ensure_ascii=False),
                "seq": record.seq,
            }
            rows.put(POLICY, values)
        elif isinstance(aggregate, Enterprise):
            rows.put(ENTERPRISES, self._enterprise(rows, record, aggregate))
        elif isinstance(aggregate, Project):
            intake = aggregate.intake
            values = {
                "project_id": aggregate.project_id,
                "enterprise_uscc": aggregate.enterprise_uscc,
                "state": aggregate.state,
                "intake": "requested" if intake is None else ("approved" if intake["approved"] else "rejected"),
                "intake_decided_on": None if intake is None else intake["decided_on"],
                "intake_reasons": json.dumps([] if intake is None else intake["reasons"], ensure_ascii=False),
                "decided_by_topic": record.topic,
                "seq": record.seq,
            }
            rows.put(PROJECTS, values)

    def _enterprise(self, rows: Rows, record: Record, e: Enterprise) -> dict[str, Any]:
        from domain.policy.params import PolicyParams

        on = local_date(record.event.timestamp)
        # the city fund's version in force: the most recently activated one (one programme per ledger today)
        policy = max(rows.every(POLICY), key=lambda r: int(r["seq"]), default=None)
        problems: list[dict[str, str]] = []
        eligible: bool | None = None
        if policy is not None:
            params = self._params.get(policy["params"])
            if params is None:
                params = self._params[policy["params"]] = PolicyParams.from_dict(json.loads(policy["params"]))
            found = e.eligibility_problems(on, params)
            problems = [
                {"rule": r.id, "article": r.citation, "field": field, "detail": detail} for r, field, detail in found
            ]
            eligible = not found
        return {
            "uscc": e.uscc,
            "name": e.name,
            "eligible": eligible,
            "judged_on": on.isoformat(),
            "policy_version_id": None if policy is None else policy["version_id"],
            "problems": json.dumps(problems, ensure_ascii=False),
            "evidence": json.dumps(_evidence(e)),
            "decided_by_topic": record.topic,
            "seq": record.seq,
        }
