"""Documents entered by content hash (docs/decisions.md §11)."""

from __future__ import annotations

from domain.documents.aggregate import Document
from domain.documents.aggregate import DocumentContent

__all__ = ["Document", "DocumentContent"]
