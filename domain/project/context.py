"""What the project commands share: loading the project and its account, the local day, who may act."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Annotated

from pydantic import Field

from domain.enterprise import fields as enterprise_fields
from domain.project.account import EnterpriseAccount
from domain.project.account import enterprise_account_stream
from domain.project.aggregate import Project
from domain.project.aggregate import project_stream
from domain.project.rules import INDEPENDENT
from domain.project.rules import OWN
from domain.roles import Role

if TYPE_CHECKING:
    from domain.kernel.commands import Reader

CostType = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
"""A cost type (software, cloud, data_equipment, or any other recorded type that will not count)."""
Uscc = enterprise_fields.Uscc
"""统一社会信用代码 (the enterprise register's field: GB 32100-2015 via python-stdnum)."""
DocNo = Annotated[str, Field(min_length=1, max_length=100)]
"""A document's own number as printed (contract no., report no., serial no.)."""


def load_project(ctx: Reader, project_id: str) -> Project:
    return ctx.get(Project, project_stream(project_id), field="project_id", what="project")


def load_account(ctx: Reader, project: Project) -> EnterpriseAccount:
    stream = enterprise_account_stream(project.programme_id, project.enterprise_uscc)
    return ctx.get(EnterpriseAccount, stream, field="project_id", what="enterprise account")


def own_enterprise(ctx: Reader, uscc: str, field: str) -> None:
    """FT-PRJ-OWN: an actor acting only as an applicant acts for the enterprise its organisation is."""
    actor = ctx.actor
    acting_as_official = actor.has_role(Role.DISTRICT_MIIT) or actor.has_role(Role.CITY_MIIT)
    if actor.has_role(Role.APPLICANT) and not acting_as_official and actor.organisation.get("code") != uscc:
        OWN.refuse(field, f"{actor.actor_id} acts for {actor.organisation.get('code')!r}, not enterprise {uscc}")


def independent(ctx: Reader, project: Project, step: str) -> str:
    """FT-PRJ-INDEPENDENT (A26): the reviewing organisation is neither the provider nor the enterprise."""
    org = str(ctx.actor.organisation.get("code", ""))
    if org == project.provider_uscc:
        INDEPENDENT.refuse("envelope.actor", f"{step}: {org} is the project's own provider")
    if org == project.enterprise_uscc:
        INDEPENDENT.refuse("envelope.actor", f"{step}: {org} is the applicant enterprise itself")
    return org
