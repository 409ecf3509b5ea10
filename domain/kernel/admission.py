"""The rules of admission: what every signed command must satisfy before its own rules run.

The ledger checks them in order (ledger/admission.py); they are declared here so that docs/rules.md
lists them beside the domain's rules and refusals cite one text.
"""

from __future__ import annotations

from domain.kernel.rules import Clock
from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

FMT = "docs/ledger-format.md"
DEC = "docs/decisions.md"

FIELD = Rule(
    "FT-FIELD",
    Kind.BLOCK,
    DEC,
    "§24",
    "每个字段有类型和边界；未知字段拒收",
    "every field is typed and bounded; unknown fields are refused",
    error="invalid",
)
MONEY = Rule(
    "FT-MONEY",
    Kind.BLOCK,
    DEC,
    "§9",
    "金额为整数分，不得为小数、字符串或负数",
    "money is an integer number of 分: never a float, a string or negative",
    error="invalid",
)
NOT_FOUND = Rule(
    "FT-NOT-FOUND",
    Kind.BLOCK,
    DEC,
    "§24",
    "指令引用的记录必须存在",
    "a command may refer only to records the ledger holds",
    error="not_found",
)
COMMAND = Rule(
    "FT-COMMAND", Kind.BLOCK, DEC, "§24", "指令须在指令目录中", "the command must be in the catalogue", error="invalid"
)
ENVELOPE = Rule(
    "FT-ENVELOPE",
    Kind.BLOCK,
    FMT,
    "§5.1",
    "签名信封须符合格式",
    "the signed envelope must have the format's shape",
    error="invalid",
)
ORIGIN = Rule(
    "FT-ORIGIN",
    Kind.BLOCK,
    FMT,
    "§5.1",
    "指令须为本账本签发",
    "a command must be signed for this ledger's origin",
    error="unauthorised",
)
TIME = Rule(
    "FT-TIME",
    Kind.BLOCK,
    FMT,
    "§5.5",
    "签发时间须在账本时钟允许的窗口内",
    "issued_at must lie within the window the genesis fixes around the ledger clock",
    clock=Clock.RECORD,
    error="invalid",
)
CLOCK = Rule(
    "FT-CLOCK",
    Kind.BLOCK,
    FMT,
    "§4.2",
    "记录时间不得倒退",
    "record times never go back",
    clock=Clock.RECORD,
    error="invalid",
)
ACTOR = Rule(
    "FT-ACTOR",
    Kind.BLOCK,
    DEC,
    "§5",
    "签名人须为已登记的操作人",
    "the signer must be a registered actor",
    error="unauthorised",
)
KEY_UNKNOWN = Rule(
    "FT-KEY-UNKNOWN",
    Kind.BLOCK,
    DEC,
    "§7",
    "签名密钥须属于该操作人",
    "the signing key must be one of the actor's keys",
    error="unauthorised",
)
KEY_REVOKED = Rule(
    "FT-KEY-REVOKED", Kind.BLOCK, DEC, "§7", "已吊销的密钥不得签名", "a revoked key signs nothing", error="unauthorised"
)
SIG = Rule(
    "FT-SIG",
    Kind.BLOCK,
    DEC,
    "§6",
    "签名须对指令哈希验证通过",
    "the Ed25519 signature must verify over the command hash",
    error="unauthorised",
)
ROLE = Rule(
    "FT-ROLE",
    Kind.BLOCK,
    "HRB",
    "第三条",
    "操作人须持有该指令要求的角色",
    "the actor must hold a role the command admits",
    implements=("HRB-3",),
    error="unauthorised",
)
IDEMPOTENT = Rule(
    "FT-IDEMPOTENT",
    Kind.RECORD,
    FMT,
    "§5.4",
    "同一已签指令只执行一次",
    "one signed command is applied once; re-running a batch is safe",
)
COMMAND_ID = Rule(
    "FT-COMMAND-ID-CONFLICT",
    Kind.BLOCK,
    FMT,
    "§5.4",
    "指令编号只能指一条指令",
    "a command id names one command of its actor",
)
INIT = Rule(
    "FT-INIT",
    Kind.BLOCK,
    FMT,
    "§6.1",
    "账本只创建一次，由首位管理员签署",
    "a ledger is initialised once, signed by its first administrator",
)
HASH = Rule(
    "FT-HASH", Kind.BLOCK, FMT, "§2", "哈希算法为 sha256 或 sm3", "the hash algorithm is sha256 or sm3", error="invalid"
)
LOG_KEY = Rule(
    "FT-LOG-KEY",
    Kind.BLOCK,
    FMT,
    "§6.5",
    "日志密钥须证明持有且不同于管理员密钥",
    "the log key proves possession and is not an administrator's key",
    error="invalid",
)

RULES = (
    FIELD,
    MONEY,
    NOT_FOUND,
    COMMAND,
    ENVELOPE,
    ORIGIN,
    TIME,
    CLOCK,
    ACTOR,
    KEY_UNKNOWN,
    KEY_REVOKED,
    SIG,
    ROLE,
    IDEMPOTENT,
    COMMAND_ID,
    INIT,
    HASH,
    LOG_KEY,
)
