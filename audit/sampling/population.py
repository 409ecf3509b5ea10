"""The population document: the items (id, book value in 分) in the recorded order, hashed (docs/sampling.md §2).

Bytes (ASCII, every line ends in ``\\n``, nothing else)::

    fundtrail/population/v1
    count <N>
    total <Σ book values>
    <id> <book value>        (N lines, in the recorded order)

Numbers are decimal without sign or leading zeros (``0`` itself is allowed for a book value). Ids match
``[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}`` and are distinct. The document's hash is SHA-256 of exactly these bytes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from audit.sampling.errors import SamplingError
from audit.sampling.rates import check_fen

if TYPE_CHECKING:
    from collections.abc import Iterable

HEADER = "fundtrail/population/v1"
ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}")
NUMBER = re.compile(r"0|[1-9][0-9]*")


@dataclass(frozen=True)
class Item:
    """One population item: its id and its book value in 分."""

    item_id: str
    book_value: int


@dataclass(frozen=True)
class Population:
    """Items in the recorded order (build with :func:`population`; parse with :func:`parse_population`)."""

    items: tuple[Item, ...]

    @property
    def total(self) -> int:
        return sum(i.book_value for i in self.items)

    def encode(self) -> bytes:
        lines = [HEADER, f"count {len(self.items)}", f"total {self.total}"]
        lines += [f"{i.item_id} {i.book_value}" for i in self.items]
        return "".join(line + "\n" for line in lines).encode("ascii")

    def sha256(self) -> str:
        """The hex SHA-256 of :meth:`encode` (the plan records it before the checkpoint exists)."""
        return hashlib.sha256(self.encode()).hexdigest()


def population(items: Iterable[tuple[str, int]]) -> Population:
    """A population from (id, book value in 分) pairs, in the recorded order."""
    out: list[Item] = []
    seen: set[str] = set()
    for n, (item_id, book_value) in enumerate(items):
        field = f"items[{n}]"
        if not isinstance(item_id, str) or not ITEM_ID.fullmatch(item_id):
            raise SamplingError(
                f"{field}.id", "FT-SAMPLE-POPULATION", f"must match {ITEM_ID.pattern}, got {item_id!r}", "§2"
            )
        if item_id in seen:
            raise SamplingError(f"{field}.id", "FT-SAMPLE-POPULATION", f"{item_id} is listed twice", "§2")
        seen.add(item_id)
        check_fen(f"{field}.book_value", book_value, minimum=0, rule="FT-SAMPLE-POPULATION", section="§2")
        out.append(Item(item_id, book_value))
    return Population(tuple(out))


def _bad(detail: str) -> SamplingError:
    return SamplingError("population", "FT-SAMPLE-POPULATION", detail, "§2")


MAX_NUMBER = 2**53  # §2: every number of the document, as every amount of the ledger (docs/decisions.md §9)


def _number(text: str, what: str) -> int:
    if not NUMBER.fullmatch(text):
        raise _bad(f"{what} must be a decimal number without sign or leading zeros, got {text!r}")
    if len(text) > len(str(MAX_NUMBER)) or int(text) > MAX_NUMBER:
        raise _bad(f"{what} must be at most 2^53, got {text[:40]}{'…' if len(text) > 40 else ''}")
    return int(text)


def parse_population(data: bytes) -> Population:
    """Parse a population document strictly: the result re-encodes to exactly ``data``."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise _bad("the document is not ASCII") from None
    if not text.endswith("\n"):
        raise _bad("the last line does not end in \\n")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or lines[0] != HEADER:
        raise _bad(f"the first line must be {HEADER!r}, then count and total")
    count_line, total_line = lines[1], lines[2]
    if not count_line.startswith("count ") or not total_line.startswith("total "):
        raise _bad("the second and third lines must be 'count <N>' and 'total <分>'")
    count = _number(count_line[len("count ") :], "count")
    total = _number(total_line[len("total ") :], "total")
    body = lines[3:]
    if len(body) != count:
        raise _bad(f"count says {count} items, the document lists {len(body)}")
    pairs: list[tuple[str, int]] = []
    for n, line in enumerate(body):
        parts = line.split(" ")
        if len(parts) != 2:
            raise _bad(f"item line {n} must be '<id> <book value>', got {line!r}")
        pairs.append((parts[0], _number(parts[1], f"item line {n} book value")))
    pop = population(pairs)
    if pop.total != total:
        raise _bad(f"total says {total} 分, the items sum to {pop.total} 分")
    if pop.encode() != data:
        raise _bad("the document is not in canonical form")
    return pop
