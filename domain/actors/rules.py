"""Rules of the actor registry (docs/decisions.md §5, §7)."""

from __future__ import annotations

from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DEC = "docs/decisions.md"

ACTOR_UNIQUE = Rule("FT-ACTOR-UNIQUE", Kind.BLOCK, DEC, "§5", "操作人编号唯一", "an actor id is registered once")
ACTOR_EXISTS = Rule(
    "FT-ACTOR-EXISTS",
    Kind.BLOCK,
    DEC,
    "§5",
    "所指操作人须已登记",
    "the actor named must be registered",
    error="not_found",
)
ORG = Rule(
    "FT-ORG",
    Kind.BLOCK,
    DEC,
    "§26",
    "机构类别须为已知类别",
    "the organisation kind must be a known kind",
    error="invalid",
)
KEY_UNIQUE = Rule(
    "FT-KEY-UNIQUE", Kind.BLOCK, DEC, "§7", "一把密钥只属于一个操作人", "a key belongs to one actor for ever"
)
KEY_ROTATE = Rule(
    "FT-KEY-ROTATE",
    Kind.BLOCK,
    DEC,
    "§5",
    "轮换时被替换的密钥须为有效密钥",
    "a rotation retires one of the actor's active keys",
    error="not_found",
)
KEY_REVOKE = Rule(
    "FT-KEY-REVOKE",
    Kind.BLOCK,
    DEC,
    "§7",
    "只能吊销该操作人的有效密钥",
    "only an active key of the actor can be revoked",
)
ROLE_GRANT = Rule(
    "FT-ROLE-GRANT", Kind.BLOCK, DEC, "§5", "不得重复授予已持有的角色", "a role already held is not granted again"
)
ROLE_REVOKE = Rule("FT-ROLE-REVOKE", Kind.BLOCK, DEC, "§5", "只能撤销已持有的角色", "only a role held can be revoked")

RULES = (ACTOR_UNIQUE, ACTOR_EXISTS, ORG, KEY_UNIQUE, KEY_ROTATE, KEY_REVOKE, ROLE_GRANT, ROLE_REVOKE)
