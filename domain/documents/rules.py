"""Rules of document registration (docs/decisions.md §11)."""

from __future__ import annotations

from domain.kernel.rules import Kind
from domain.kernel.rules import Rule

DOC_UNIQUE = Rule(
    "FT-DOC-UNIQUE", Kind.BLOCK, "docs/decisions.md", "§11", "文件编号唯一", "a document id is registered once"
)
DOC_CONTENT = Rule(
    "FT-DOC-CONTENT",
    Kind.BLOCK,
    "docs/decisions.md",
    "§11",
    "同一文件（内容哈希）只能登记一次",
    "one file is one document: a content hash is registered once, whatever the id",
    implements=("HRB-8c",),
)

RULES = (DOC_UNIQUE, DOC_CONTENT)
