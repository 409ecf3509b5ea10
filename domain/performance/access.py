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


PROVINCIAL = "provincial_award"  # domain/performance/measure.py Scope.PROVINCIAL_AWARD


def provincial(target_set: TargetSet) -> bool:
    """A set of the provincial award (HLJ 第六–九条): 省工信厅's, evaluated by 市县工信."""
    return target_set.scope == PROVINCIAL


def check_proposer(ctx: Reader, district: bool, provincial_award: bool = False) -> None:
    """A district's set is proposed by its 区县人民政府; a provincial award's by 省工信厅 (HLJ 第七条); every
    other scope's by 市工信局."""
    actor = ctx.actor
    if provincial_award:
        OWNER.check(actor.has_role(Role.PROV_MIIT), ACTOR, f"{actor.actor_id} is not of 省工信厅, who sets these")
        return
    if district:
        is_gov = actor.has_role(Role.DISTRICT_GOV) and actor.organisation.get("kind") == OrgKind.DISTRICT_GOV.value
        OWNER.check(is_gov, ACTOR, f"{actor.actor_id} is not of a 区县人民政府; a district's targets are its own")
    else:
        OWNER.check(actor.has_role(Role.CITY_MIIT), ACTOR, f"{actor.actor_id} is not of 市工信局, who proposes these")


def check_monitor(ctx: Reader, target_set: TargetSet) -> None:
    """Monitoring and correcting: 市工信局 for any set (第十四条 "市工信局和相关部门"), a district government
    for the sets it owns."""
    if ctx.actor.has_role(Role.PROV_MIIT if provincial(target_set) else Role.CITY_MIIT):
        return
    org = org_of(ctx)
    OWNER.check(
        org == target_set.owner_org,
        ACTOR,
        f"{ctx.actor.actor_id} ({org}) does not own target set {target_set.set_id} ({target_set.owner_org})",
    )


def check_level(ctx: Reader, target_set: TargetSet) -> None:
    """Approving targets and applying results: 省工信厅 for a provincial award's set, 市工信局 for the city's."""
    needed = Role.PROV_MIIT if provincial(target_set) else Role.CITY_MIIT
    OWNER.check(
        ctx.actor.has_role(needed), ACTOR, f"{target_set.set_id} is decided by {needed.value}, not {ctx.actor.actor_id}"
    )


def check_self(ctx: Reader, target_set: TargetSet) -> None:
    """A self-evaluation (自评) is the owner's own; a provincial award's is made by 市县工信 against the targets
    (HLJ 第六条) or by 省工信厅 itself (第九条)."""
    if provincial(target_set):
        OWNER.check(
            ctx.actor.has_role(Role.COUNTY_MIIT) or ctx.actor.has_role(Role.PROV_MIIT),
            ACTOR,
            f"{ctx.actor.actor_id} is neither of 市县工信 nor of 省工信厅, who evaluate {target_set.set_id}",
        )
        return
    org = org_of(ctx)
    OWNER.check(
        org == target_set.owner_org,
        ACTOR,
        f"{ctx.actor.actor_id} ({org}) is not of {target_set.owner_org}, whose self-evaluation it is",
    )
