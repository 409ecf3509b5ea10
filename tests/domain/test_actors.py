"""Registry commands through the catalogue, without a database or keys (tests/domain/memory.py)."""

from __future__ import annotations

import base64

from domain.actors import Actor
from domain.roles import Role
from tests.domain.memory import World
from tests.domain.memory import actor_stream
from tests.domain.memory import topics

ORG = {"code": "HRB-MIIT", "name": "哈尔滨市工业和信息化局", "kind": "city_miit"}
KEY = base64.b64encode(bytes(range(32))).decode()


def test_admin_registers_an_actor_with_roles() -> None:
    w = World()
    w.actor("admin", Role.LEDGER_ADMIN)
    events = w.when(
        "admin",
        "actor.register",
        {"actor_id": "miit-zhang", "name": "张伟", "organisation": ORG, "roles": ["city_miit"], "public_key": KEY},
    )
    assert topics(events) == [
        "fundtrail.actor.Registered",
        "fundtrail.actor.KeyRegistered",
        "fundtrail.actor.RoleGranted",
        "fundtrail.key.Claimed",
    ]
    assert w.get(Actor, actor_stream("miit-zhang")).roles == ["city_miit"]


def test_a_role_held_is_not_granted_twice_and_nothing_changes() -> None:
    w = World()
    w.actor("admin", Role.LEDGER_ADMIN)
    w.actor("miit-zhang", Role.CITY_MIIT)
    w.refused(
        "admin", "role.grant", {"actor_id": "miit-zhang", "role": "city_miit"}, rule="FT-ROLE-GRANT", field="role"
    )
    w.refused("miit-zhang", "role.grant", {"actor_id": "miit-zhang", "role": "inspector"}, rule="FT-ROLE")
