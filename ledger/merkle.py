"""The RFC 6962 / RFC 9162 Merkle tree over the record hashes (docs/ledger-format.md §7).

Leaf i (0-based) is record seq i+1; its leaf data is the record hash. Each record
row stores the hashes of the perfect subtrees that its leaf completes (levels
1..k, where 2^k divides i+1), so every perfect subtree of the tree is stored in
exactly one row: node (level L, index j) lives in the row of seq (j+1)·2^L.
Appending needs only the compact range (at most log2 n hashes); a proof reads
O(log n) stored nodes.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ledger.hashing import HashFn

NodeKey = tuple[int, int]  # (level, index)


def leaf_hash(h: HashFn, data: bytes) -> bytes:
    return h(b"\x00" + data)


def node_hash(h: HashFn, left: bytes, right: bytes) -> bytes:
    return h(b"\x01" + left + right)


def largest_power_of_two_below(n: int) -> int:
    """The k of RFC 9162 §2.1.1: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def frontier_keys(size: int) -> list[NodeKey]:
    """The perfect subtrees that make up a tree of ``size`` leaves, left to right."""
    keys: list[NodeKey] = []
    start = 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size & (1 << level):
            keys.append((level, start >> level))
            start += 1 << level
    return keys


def row_of(key: NodeKey) -> int:
    """The seq of the row that stores node ``key``."""
    level, index = key
    return (index + 1) << level


class CompactRange:
    """The right edge of the tree: enough to append and to compute the root."""

    def __init__(self, h: HashFn, size: int = 0, hashes: Iterable[bytes] = ()) -> None:
        self.h = h
        self.size = size
        self.hashes = list(hashes)
        if len(self.hashes) != bin(size).count("1"):
            msg = f"a compact range of size {size} needs {bin(size).count('1')} hashes"
            raise ValueError(msg)

    def append(self, data: bytes) -> list[bytes]:
        """Add a leaf; return the hashes of the subtrees it completes, level 1 upwards."""
        node = leaf_hash(self.h, data)
        completed: list[bytes] = []
        index = self.size
        while index & 1:
            node = node_hash(self.h, self.hashes.pop(), node)
            completed.append(node)
            index >>= 1
        self.hashes.append(node)
        self.size += 1
        return completed

    def root(self) -> bytes:
        if self.size == 0:
            return self.h(b"")
        node = self.hashes[-1]
        for left in reversed(self.hashes[:-1]):
            node = node_hash(self.h, left, node)
        return node

    def copy(self) -> CompactRange:
        return CompactRange(self.h, self.size, self.hashes)


NodeFetcher = Callable[[list[NodeKey]], dict[NodeKey, bytes]]


class TreeReader:
    """Computes subtree hashes and proofs from stored perfect-subtree nodes."""

    def __init__(self, h: HashFn, fetch: NodeFetcher) -> None:
        self.h = h
        self.fetch = fetch

    def _run(self, compute: Callable[[Callable[[int, int], bytes]], list[bytes]]) -> list[bytes]:
        # Two passes: collect the perfect subtrees needed, read them in one
        # query, then compute. Reads stay O(log n) and round trips at one.
        wanted: list[NodeKey] = []

        def record(a: int, b: int) -> bytes:
            wanted.extend(_perfect_parts(a, b))
            return b""

        compute(record)
        nodes = self.fetch(sorted(set(wanted)))

        def mth(a: int, b: int) -> bytes:
            return self._combine(nodes, a, b)

        return compute(mth)

    def _combine(self, nodes: dict[NodeKey, bytes], a: int, b: int) -> bytes:
        n = b - a
        if n & (n - 1) == 0 and a % n == 0:
            return nodes[(n.bit_length() - 1, a // n)]
        k = largest_power_of_two_below(n)
        return node_hash(self.h, self._combine(nodes, a, a + k), self._combine(nodes, a + k, b))

    def root(self, size: int) -> bytes:
        if size == 0:
            return self.h(b"")
        return self._run(lambda mth: [mth(0, size)])[0]

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """PATH(m, D[n]) of RFC 9162 §2.1.3.1 for leaf ``index`` (0-based) in a tree of ``size``.

        Computed bottom-up without recursion: at level L the sibling of the node holding the
        leaf covers [s·2^L, min((s+1)·2^L, n)); it is absent when it starts at or past n (RFC
        6962 promotes the lone child), perfect when it ends by n, and otherwise the right edge
        of the tree, made of the perfect subtrees of its range.
        """
        if not 0 <= index < size:
            msg = f"leaf index {index} is outside a tree of size {size}"
            raise ValueError(msg)
        keys: list[NodeKey] = []
        spans: list[tuple[int, int]] = []  # each proof element: keys[a:b], left to right
        level = 0
        while (1 << level) < size:
            sibling = (index >> level) ^ 1
            start = sibling << level
            if start < size:
                first = len(keys)
                if start + (1 << level) <= size:
                    keys.append((level, sibling))
                else:  # the right edge [start, size): its perfect subtrees, largest first
                    remaining, pos = size - start, start
                    for lv in range(remaining.bit_length() - 1, -1, -1):
                        if remaining >> lv & 1:
                            keys.append((lv, pos >> lv))
                            pos += 1 << lv
                spans.append((first, len(keys)))
            level += 1
        nodes = self.fetch(keys)
        h = self.h
        proof = []
        for first, stop in spans:
            node = nodes[keys[stop - 1]]
            for i in range(stop - 2, first - 1, -1):
                node = h(b"\x01" + nodes[keys[i]] + node)  # node_hash, inlined: proofs are hot
            proof.append(node)
        return proof

    def consistency_proof(self, old: int, new: int) -> list[bytes]:
        """PROOF(m, D[n]) of RFC 9162 §2.1.4.1."""
        if not 0 <= old <= new:
            msg = f"no consistency proof from size {old} to size {new}"
            raise ValueError(msg)
        if old in (0, new):
            return []
        return self._run(lambda mth: _subproof(mth, old, 0, new, start=True))


def _perfect_parts(a: int, b: int) -> list[NodeKey]:
    parts: list[NodeKey] = []
    while a < b:
        n = b - a
        if n & (n - 1) == 0 and a % n == 0:
            parts.append((n.bit_length() - 1, a // n))
            break
        k = largest_power_of_two_below(n)
        parts.extend(_perfect_parts(a, a + k))
        a += k
    return parts


def _path(mth: Callable[[int, int], bytes], m: int, a: int, b: int) -> list[bytes]:
    n = b - a
    if n == 1:
        return []
    k = largest_power_of_two_below(n)
    if m < k:
        return [*_path(mth, m, a, a + k), mth(a + k, b)]
    return [*_path(mth, m - k, a + k, b), mth(a, a + k)]


def _subproof(mth: Callable[[int, int], bytes], m: int, a: int, b: int, *, start: bool) -> list[bytes]:
    n = b - a
    if m == n:
        return [] if start else [mth(a, b)]
    k = largest_power_of_two_below(n)
    if m <= k:
        return [*_subproof(mth, m, a, a + k, start=start), mth(a + k, b)]
    return [*_subproof(mth, m - k, a + k, b, start=False), mth(a, a + k)]
