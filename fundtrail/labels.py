"""Chinese display labels of topics (docs/decisions.md §23: code and topics stay English; labels are display only)."""

from __future__ import annotations

TOPIC_LABELS = {
    "fundtrail.ledger.Initialised": ("账本创建", "ledger initialised"),
    "fundtrail.command.Accepted": ("指令已受理", "command accepted"),
    "fundtrail.actor.Registered": ("操作人登记", "actor registered"),
    "fundtrail.actor.KeyRegistered": ("密钥登记", "key registered"),
    "fundtrail.actor.KeyRevoked": ("密钥吊销", "key revoked"),
    "fundtrail.actor.RoleGranted": ("角色授予", "role granted"),
    "fundtrail.actor.RoleRevoked": ("角色撤销", "role revoked"),
    "fundtrail.key.Claimed": ("密钥归属", "key claimed"),
    "fundtrail.document.Registered": ("文件登记", "document registered"),
}


def label(topic: str, lang: str) -> str:
    zh, en = TOPIC_LABELS.get(topic, (topic, topic))
    return zh if lang == "zh" else en
