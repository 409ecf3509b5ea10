"""Findings are data (docs/decisions.md §24): stable codes, the record named, expected versus actual."""

from __future__ import annotations

from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from typing import Any

# code -> (English, Chinese) one-line meaning. Codes are stable; text is display only.
CODES: dict[str, tuple[str, str]] = {
    "GENESIS_INVALID": ("the genesis record is missing or malformed", "创世记录缺失或格式错误"),
    "GENESIS_KEY_MISMATCH": (
        "the genesis operator key is not the trusted operator key",
        "创世记录中的运营方公钥与受信任公钥不一致",
    ),
    "SEQ_GAP": ("records are missing from the sequence", "序号不连续，有记录缺失"),
    "SEQ_DUPLICATE": ("a sequence number appears twice or out of order", "序号重复或乱序"),
    "HASH_MISMATCH": ("the record's hash does not match its contents", "记录哈希与内容不一致"),
    "LINK_MISMATCH": (
        "prev_hash does not match the previous record's hash",
        "本条记录的 prev_hash 与上一条记录的哈希不一致",
    ),
    "STATE_MISSING": ("the chained record's stored event is missing", "链上记录对应的事件数据缺失"),
    "STATE_NOT_CANONICAL": ("the stored bytes are not canonical JSON", "存储字节不是规范 JSON"),
    "EVENT_NOT_CHAINED": ("a stored event has no chain record", "存在未入链的事件"),
    "SIG_MISSING": ("the record carries no actor signature", "记录缺少操作人签名"),
    "SIG_INVALID": ("the actor's signature does not verify", "操作人签名验证失败"),
    "KEY_UNKNOWN": ("the signing key was never registered", "签名密钥未登记"),
    "KEY_REVOKED": ("the signing key was revoked before this record", "签名密钥在本记录之前已被吊销"),
    "KEY_ACTOR_MISMATCH": ("the signing key belongs to another actor", "签名密钥属于其他操作人"),
    "COMMAND_MISMATCH": ("the command record does not match the records it caused", "指令记录与其产生的记录不一致"),
    "TREE_NODE_MISMATCH": ("a stored Merkle node does not match the records", "存储的默克尔树节点与记录不一致"),
    "CHECKPOINT_SIGNATURE_INVALID": (
        "the checkpoint's operator signature is missing or invalid",
        "检查点运营方签名缺失或无效",
    ),
    "CHECKPOINT_ORIGIN_MISMATCH": ("the checkpoint is for another ledger", "检查点属于其他账本"),
    "CHECKPOINT_TRUNCATED": (
        "the ledger is shorter than a kept checkpoint: its tail was cut",
        "账本短于已保存的检查点：尾部被截断",
    ),
    "CHECKPOINT_ROOT_MISMATCH": (
        "the ledger's root at the checkpoint's size differs: history was rewritten",
        "检查点规模下的树根不一致：历史被改写",
    ),
    "CHECKPOINT_NOT_SEALED": (
        "the ledger holds no seal at a kept checkpoint's size: that group was extended",
        "已保存检查点的规模处没有封印：该指令组被事后扩充",
    ),
    "CHECKPOINT_EQUIVOCATION": (
        "two signed checkpoints of one size have different roots: the operator forked the log",
        "同一规模的两个已签名检查点树根不同：运营方分叉了日志",
    ),
    "WITNESS_QUORUM": ("too few valid witness cosignatures", "见证人会签数量不足"),
    "EVENT_ROW_MISMATCH": (
        "the events table's row disagrees with its chain row (topic)",
        "事件表中的行与其链上记录不一致（主题）",
    ),
    "NOTIFICATION_ORDER": (
        "the events table's notification ids do not follow the chain's order",
        "事件表的通知序号与链上顺序不一致",
    ),
    "TIME_INVALID": ("the record time is not well-formed", "记录时间格式错误"),
    "TIME_NOT_MONOTONIC": ("the record time goes back", "记录时间倒退"),
    "ISSUED_OUT_OF_WINDOW": (
        "the command was issued outside the window the genesis allows",
        "指令签发时间超出创世记录规定的时间窗口",
    ),
    "GROUP_INCONSISTENT": (
        "records of one command group differ in actor, key, command, signature or time",
        "同一指令组内的记录在操作人、密钥、指令、签名或时间上不一致",
    ),
    "ENVELOPE_INVALID": ("the signed envelope is not well-formed", "签名信封格式错误"),
    "ORIGIN_MISMATCH": ("the command was signed for another ledger", "指令是为其他账本签署的"),
    "COMMAND_REPLAYED": ("a command was recorded twice", "同一指令被重复记录"),
    "COMMAND_UNAUTHORISED": (
        "the signer was not entitled to this registry command",
        "签名人无权发出此登记类指令",
    ),
    "REGISTRY_MISMATCH": (
        "a registry command's events are not what it produces",
        "登记类指令产生的事件与规范不符",
    ),
    "ACTOR_UNBACKED": ("an actor event that no signed command backs", "无签名指令支持的操作人事件"),
    "KEY_UNBACKED": ("a key event that no signed command backs", "无签名指令支持的密钥事件"),
    "ROLE_UNBACKED": ("a role event that no signed command backs", "无签名指令支持的角色事件"),
    "LOG_KEY_UNBACKED": ("a log-key event that no signed command backs", "无签名指令支持的日志密钥事件"),
    "INCLUSION_PROOF_INVALID": (
        "the inclusion proof does not lead to the checkpoint's root",
        "包含性证明不能推出检查点的树根",
    ),
    "CONSISTENCY_PROOF_INVALID": (
        "the consistency proof does not show that the newer checkpoint extends the older",
        "一致性证明不能说明新检查点是旧检查点的延伸",
    ),
    "SEAL_INVALID": ("the log key's seal over the group's end does not verify", "日志密钥对指令组结尾的封印无效"),
    "UNSEALED_TAIL": (
        "records after the last seal: appended without the log key",
        "最后封印之后仍有记录：未经日志密钥追加",
    ),
}

ERROR = "error"


@dataclass
class Finding:
    code: str
    seq: int | None = None
    stream: str = ""
    version: int | None = None
    topic: str = ""
    expected: str = ""
    actual: str = ""
    related_seq: int | None = None
    detail: str = ""
    severity: str = ERROR

    def message(self, lang: str = "en") -> str:
        en, zh = CODES.get(self.code, (self.code, self.code))
        return zh if lang == "zh" else en

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if v not in ("", None)}
        data["message"] = {"en": self.message("en"), "zh": self.message("zh")}
        return data


@dataclass
class Report:
    source: str
    records: int = 0
    signatures_checked: int = 0
    head_seq: int = 0
    head_hash: str = ""
    root: str = ""
    hash_algorithm: str = ""
    origin: str = ""
    findings: list[Finding] = field(default_factory=list)
    checkpoints: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings
