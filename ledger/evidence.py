"""The content-addressed evidence store beside the ledger (issue 7 item 6).

The ledger holds each file's SHA-256 (documents, contracts, invoices, vouchers, reports); the files
themselves are kept here under ``<root>/<first two hex>/<sha256>``, written once and never changed.
``check`` walks every content hash recorded in the ledger (any event field named ``sha256`` or ending
in ``_sha256``, also inside lists and objects) and confirms that its file is present and hashes to
its name, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ledger.recorder import ChainStore

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Problem:
    code: str  # MISSING or ALTERED
    sha256: str
    seq: int  # the first record naming the hash
    detail: str


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def add(self, source: Path) -> tuple[str, bool]:
        """Copy ``source`` in under its hash; (hash, False) if an identical file was already kept."""
        sha = file_sha256(source)
        target = self.path(sha)
        if target.exists() and file_sha256(target) == sha:
            return sha, False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        os.close(fd)
        try:
            shutil.copyfile(source, tmp)
            if file_sha256(Path(tmp)) != sha:  # the source changed while it was copied
                msg = f"{source} changed while it was being copied"
                raise OSError(msg)
            Path(tmp).chmod(0o444)
            Path(tmp).replace(target)
        finally:
            Path(tmp).unlink(missing_ok=True)
        return sha, True

    def check(self, chain: ChainStore) -> tuple[int, list[Problem]]:
        """Every content hash recorded in the ledger has its file here, byte for byte."""
        seen: dict[str, int] = {}
        for row in chain.records():
            if not row["state"]:
                continue
            try:
                state = json.loads(row["state"])
            except ValueError:
                continue  # a damaged record is the verifier's finding, not this check's
            for sha in _hashes(state):
                seen.setdefault(sha, int(row["seq"]))
        problems = []
        for sha, seq in seen.items():
            target = self.path(sha)
            if not target.is_file():
                problems.append(Problem("MISSING", sha, seq, f"no file {target}"))
            elif file_sha256(target) != sha:
                problems.append(Problem("ALTERED", sha, seq, f"{target} no longer hashes to its name"))
        return len(seen), problems


# digests that name no file: a co-signed command's arguments (docs/decisions.md §28)
NOT_FILES = frozenset({"args_sha256"})


def _hashes(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "envelope":
                continue  # the command's own text: its hashes are those of the events it caused
            yield from _hashes(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _hashes(v, key)
    elif (
        isinstance(value, str)
        and (key == "sha256" or key.endswith("_sha256"))
        and key not in NOT_FILES
        and _HEX64.match(value)
    ):
        yield value
