"""The provenance every export carries: which ledger, at which position and head, under which seal.

A person reads it to know what the numbers came from; a verifier re-checks it with the checkpoint, which is
kept verbatim (the head's seal as a C2SP signed note, docs/ledger-format.md §7.4 and §8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC
from datetime import timedelta
from datetime import timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from projections.export.table import Lang

BEIJING = timezone(timedelta(hours=8), "北京时间")
_HEX = re.compile(r"[0-9a-f]{64}")  # a 32-byte record hash (sha256 or sm3), lowercase
_SIGNATURE_LINE = "\n\n\u2014 "  # a signed note: body, blank line, then "— <name> <signature>"


@dataclass(frozen=True, kw_only=True)
class Stamp:
    """Where an export was made from. ``checkpoint`` is the signed note of the head's seal, for ``seq``.

    ``as_of`` is the business date the figures are as of, when the export has one; ``made_at`` is an aware
    time (from the injected clock); ``command_line`` is the command that made the export.
    """

    origin: str
    seq: int
    head_hash_hex: str
    checkpoint: str
    made_at: datetime
    command_line: str
    as_of: str | None = None
    made_by: str | None = None

    def __post_init__(self) -> None:
        for name in ("origin", "command_line", "as_of", "made_by"):
            value = getattr(self, name)
            if value is not None and (not value or "\n" in value or "\r" in value):
                msg = f"stamp {name}: expected one non-empty line, got {value!r}"
                raise ValueError(msg)
        if isinstance(self.seq, bool) or not isinstance(self.seq, int) or self.seq < 1:
            msg = f"stamp seq: expected a ledger position from 1, got {self.seq!r}"
            raise ValueError(msg)
        if not _HEX.fullmatch(self.head_hash_hex):
            msg = f"stamp head_hash_hex: expected 64 lowercase hex digits, got {self.head_hash_hex!r}"
            raise ValueError(msg)
        if self.made_at.tzinfo is None:
            msg = "stamp made_at: expected an aware time"
            raise ValueError(msg)
        # the seal names its own origin and tree size: a checkpoint of another ledger or position is a mix-up
        lines = self.checkpoint.split("\n")
        if len(lines) < 3 or lines[0] != self.origin or lines[1] != str(self.seq):
            msg = f"stamp checkpoint: expected the signed note of {self.origin} at size {self.seq}, got {lines[:2]}"
            raise ValueError(msg)
        if _SIGNATURE_LINE not in self.checkpoint or not self.checkpoint.endswith("\n"):
            msg = "stamp checkpoint: expected a signed note (body, blank line, signature lines)"
            raise ValueError(msg)

    def made_at_utc(self) -> str:
        """The time as the ledger writes times: ``2025-07-01T02:31:00.000000Z``."""
        return self.made_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def made_at_beijing(self) -> str:
        """The time people read (docs/decisions.md §23): ``2025-07-01 10:31:00``, 北京时间."""
        return self.made_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")

    def fields(self) -> list[tuple[str, str]]:
        """Machine keys and one-line values, in a fixed order (the checkpoint, several lines, is apart)."""
        out = [
            ("origin", self.origin),
            ("seq", str(self.seq)),
            ("head", self.head_hash_hex),
            ("as_of", self.as_of or ""),
            ("made_at", self.made_at_utc()),
            ("made_at_beijing", self.made_at_beijing()),
            ("made_by", self.made_by or ""),
            ("command", self.command_line),
        ]
        return [(k, v) for k, v in out if v]

    def labelled(self, lang: Lang) -> list[tuple[str, str]]:
        """The same fields under people's labels, the checkpoint last."""
        labels = _LABELS_ZH if lang == "zh" else _LABELS_EN
        made_at = f"{self.made_at_beijing()}（北京时间）" if lang == "zh" else f"{self.made_at_beijing()} (UTC+8)"
        values = {
            "origin": self.origin,
            "seq": f"{self.seq}",
            "head": self.head_hash_hex,
            "as_of": self.as_of or "",
            "made_at": made_at,
            "made_by": self.made_by or "",
            "command": self.command_line,
            "checkpoint": self.checkpoint,
        }
        return [(labels[k], v) for k, v in values.items() if v]

    def line(self, lang: Lang) -> str:
        """One line for the top of a sheet or document: position, head, date, time of making."""
        if lang == "zh":
            parts = [f"数据截至：账本 {self.origin} 序号 {self.seq}", f"链头 {self.head_hash_hex}"]
            parts += [f"截至日期 {self.as_of}"] if self.as_of else []
            parts += [f"生成于 {self.made_at_beijing()}（北京时间）", "检查点见「说明」"]
        else:
            parts = [f"As of ledger {self.origin} position {self.seq}", f"head {self.head_hash_hex}"]
            parts += [f"as of date {self.as_of}"] if self.as_of else []
            parts += [f"made {self.made_at_beijing()} (UTC+8)", "checkpoint on the About sheet"]
        return " · ".join(parts)


_LABELS_ZH = {
    "origin": "账本",
    "seq": "账本序号",
    "head": "链头哈希",
    "as_of": "截至日期",
    "made_at": "生成时间",
    "made_by": "生成人",
    "command": "生成命令",
    "checkpoint": "检查点（签名）",
}
_LABELS_EN = {
    "origin": "Ledger",
    "seq": "Ledger position (seq)",
    "head": "Head hash",
    "as_of": "As of",
    "made_at": "Made at",
    "made_by": "Made by",
    "command": "Command",
    "checkpoint": "Checkpoint (signed)",
}
