"""Loading a target set and judging who may act on it (HRB 第十二条: 市工信局 and the 区县人民政府 are the
responsible subjects; each district government acts on its own indicators only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.performance.aggregate import TargetSet
from domain.performance.aggregate import target_set_stream
from domain.performance.rules import OWNER
from domain.roles import OrgKind
from domain.roles import Role

if TYPE_CHECKING:
    from domain.kernel.commands import Reader

ACTOR = "envelope.actor"


def load_set(ctx: Reader, set_id: str) -> TargetSet:
    return ctx.get(TargetSet, target_set_stream(set_id), field="set_id", what="performance target set")


def org_of(ctx: Reader) -> str:
    return str(ctx.actor.organisation["code"])


def check_proposer(ctx: Reader, district: bool) -> None:
    """A district's set is proposed by its 区县人民政府; every other scope's by 市工信局."""
    actor = ctx.actor
    if district:
        is_gov = actor.has_role(Role.DISTRICT_GOV) and actor.organisation.get("kind") == OrgKind.DISTRICT_GOV.value
        OWNER.check(is_gov, ACTOR, f"{actor.actor_id} is not of a 区县人民政府; a district's targets are its own")
    else:
        OWNER.check(actor.has_role(Role.CITY_MIIT), ACTOR, f"{actor.actor_id} is not of 市工信局, who proposes these")


def check_monitor(ctx: Reader, target_set: TargetSet) -> None:
    """Monitoring and correcting: 市工信局 for any set (第十四条 "市工信局和相关部门"), a district government
    for the sets it owns."""
    if ctx.actor.has_role(Role.CITY_MIIT):
        return
    org = org_of(ctx)
    OWNER.check(
        org == target_set.owner_org,
        ACTOR,
        f"{ctx.actor.actor_id} ({org}) does not own target set {target_set.set_id} ({target_set.owner_org})",
    )


def check_self(ctx: Reader, target_set: TargetSet) -> None:
    """A self-evaluation (自评) is the owner's own."""
    org = org_of(ctx)
    OWNER.check(
        org == target_set.owner_org,
        ACTOR,
        f"{ctx.actor.actor_id} ({org}) is not of {target_set.owner_org}, whose self-evaluation it is",
    )
