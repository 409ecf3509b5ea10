"""The RFC 6962 tree: published CT vectors, pymerkle as an independent oracle, and the
known traps of proof verifiers. Proofs come from ledger/ (stored nodes), verification
from verify/ (RFC 9162 §2.1.3.2, §2.1.4.2)."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ledger.merkle import CompactRange
from ledger.merkle import NodeKey
from ledger.merkle import TreeReader
from ledger.merkle import row_of
from verify import spec


def sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


# transparency-dev/merkle testonly (RFC 6962 reference tree).
LEAVES = [
    bytes.fromhex(x)
    for x in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = {  # (1-based leaf, size): path
    (1, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (6, 8): [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (3, 3): ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    (2, 5): [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}
CONSISTENCY = {
    (1, 8): INCLUSION[(1, 8)],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
    (6, 7): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
}


class MemoryTree:
    """The ledger's node layout (one row per leaf, completed subtrees in it), in memory."""

    def __init__(self, leaves: list[bytes]) -> None:
        self.range = CompactRange(sha)
        self.rows: dict[int, tuple[bytes, bytes]] = {}
        for i, leaf in enumerate(leaves, start=1):
            self.rows[i] = (leaf, b"".join(self.range.append(leaf)))
        self.reader = TreeReader(sha, self.fetch)

    def fetch(self, keys: list[NodeKey]) -> dict[NodeKey, bytes]:
        from ledger.chain import node_from_row

        return {k: node_from_row(sha, k[0], *self.rows[row_of(k)]) for k in keys}


def test_roots_match_rfc6962_vectors() -> None:
    for n in range(9):
        assert CompactRange(sha).root() == bytes.fromhex(ROOTS[0])
        tree = MemoryTree(LEAVES[:n])
        assert tree.reader.root(n).hex() == ROOTS[n]
        frontier = spec.Frontier(sha)
        for leaf in LEAVES[:n]:
            frontier.append(leaf)
        assert frontier.root().hex() == ROOTS[n]


@pytest.mark.parametrize(("leaf", "size"), sorted(INCLUSION))
def test_inclusion_proofs_match_vectors_and_verify(leaf: int, size: int) -> None:
    proof = MemoryTree(LEAVES[:size]).reader.inclusion_proof(leaf - 1, size)
    assert [p.hex() for p in proof] == INCLUSION[(leaf, size)]
    spec.verify_inclusion(sha, leaf - 1, size, LEAVES[leaf - 1], proof, bytes.fromhex(ROOTS[size]))


@pytest.mark.parametrize(("old", "new"), sorted(CONSISTENCY))
def test_consistency_proofs_match_vectors_and_verify(old: int, new: int) -> None:
    proof = MemoryTree(LEAVES[:new]).reader.consistency_proof(old, new)
    assert [p.hex() for p in proof] == CONSISTENCY[(old, new)]
    spec.verify_consistency(sha, old, new, bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new]), proof)


def test_roots_agree_with_pymerkle_at_many_sizes() -> None:
    from pymerkle import InmemoryTree

    oracle = InmemoryTree(algorithm="sha256")
    tree = CompactRange(sha)
    leaves = [f"record {i}".encode() for i in range(1, 1100)]
    checked = 0
    for i, leaf in enumerate(leaves, start=1):
        oracle.append_entry(leaf)
        tree.append(leaf)
        if i <= 70 or i in (127, 128, 129, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025, 1099):
            assert tree.root() == oracle.get_root(i), i
            checked += 1
    assert checked > 80


def test_traps_of_consistency_verifiers() -> None:
    tree = MemoryTree([bytes([i]) for i in range(16)])
    root = {n: tree.reader.root(n) for n in range(17)}
    # m = 0: the empty proof is the only valid one.
    spec.verify_consistency(sha, 0, 16, root[0], root[16], [])
    with pytest.raises(spec.ProofError):
        spec.verify_consistency(sha, 0, 16, root[0], root[16], [root[16]])
    # m = n: roots must be equal and the proof empty.
    spec.verify_consistency(sha, 7, 7, root[7], root[7], [])
    with pytest.raises(spec.ProofError):
        spec.verify_consistency(sha, 7, 7, root[7], root[7], [root[7]])
    with pytest.raises(spec.ProofError):
        spec.verify_consistency(sha, 7, 7, root[7], root[8], [])
    # m a power of two: the old root is implied, not sent.
    proof = tree.reader.consistency_proof(8, 13)
    spec.verify_consistency(sha, 8, 13, root[8], root[13], proof)
    with pytest.raises(spec.ProofError):
        spec.verify_consistency(sha, 8, 13, root[8], root[13], [root[8], *proof])
    # A proof not fully consumed, or with trailing garbage, fails.
    proof = tree.reader.consistency_proof(5, 13)
    with pytest.raises(spec.ProofError):
        spec.verify_consistency(sha, 5, 13, root[5], root[13], [*proof, root[1]])
    with pytest.raises(spec.ProofError):
        spec.verify_consistency(sha, 5, 13, root[5], root[13], proof[:-1])
    # Time travel: new smaller than old.
    with pytest.raises(spec.ProofError):
        spec.verify_consistency(sha, 13, 5, root[13], root[5], proof)


def test_exhaustive_small_trees() -> None:
    leaves = [bytes([i, i]) for i in range(40)]
    tree = MemoryTree(leaves)
    roots = [tree.reader.root(n) for n in range(41)]
    for n in range(1, 41):
        for m in range(n):
            spec.verify_inclusion(sha, m, n, leaves[m], tree.reader.inclusion_proof(m, n), roots[n])
        for m in range(n + 1):
            spec.verify_consistency(sha, m, n, roots[m], roots[n], tree.reader.consistency_proof(m, n))


def _flip(data: bytes, bit: int) -> bytes:
    b = bytearray(data)
    b[bit // 8 % len(b)] ^= 1 << (bit % 8)
    return bytes(b)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_proof_verifies_and_every_bit_flip_fails(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 3000), label="n")
    tree = _cached_tree(n)
    m = data.draw(st.integers(0, n - 1), label="index")
    root = tree.reader.root(n)
    leaf = tree.rows[m + 1][0]
    proof = tree.reader.inclusion_proof(m, n)
    spec.verify_inclusion(sha, m, n, leaf, proof, root)
    bit = data.draw(st.integers(0, 255), label="bit")
    with pytest.raises(spec.ProofError):
        spec.verify_inclusion(sha, m, n, leaf, proof, _flip(root, bit))
    with pytest.raises(spec.ProofError):
        spec.verify_inclusion(sha, m, n, _flip(leaf, bit), proof, root)
    if proof:
        i = data.draw(st.integers(0, len(proof) - 1), label="proof element")
        bad = [*proof[:i], _flip(proof[i], bit), *proof[i + 1 :]]
        with pytest.raises(spec.ProofError):
            spec.verify_inclusion(sha, m, n, leaf, bad, root)
    for wrong_index, wrong_size in ((m + 1, n), (m ^ 2, n), (m, n * 2), (m, n // 2)):
        if (wrong_index, wrong_size) != (m, n) and 0 <= wrong_index < wrong_size:
            with pytest.raises(spec.ProofError):
                spec.verify_inclusion(sha, wrong_index, wrong_size, leaf, proof, root)
    old = data.draw(st.integers(1, n), label="old size")
    cproof = tree.reader.consistency_proof(old, n)
    old_root = tree.reader.root(old)
    spec.verify_consistency(sha, old, n, old_root, root, cproof)
    with pytest.raises(spec.ProofError):
        spec.verify_consistency(sha, old, n, _flip(old_root, bit), root, cproof)
    with pytest.raises(spec.ProofError):
        spec.verify_consistency(sha, old, n, old_root, _flip(root, bit), cproof)
    if cproof:
        i = data.draw(st.integers(0, len(cproof) - 1), label="consistency element")
        with pytest.raises(spec.ProofError):
            spec.verify_consistency(sha, old, n, old_root, root, [*cproof[:i], _flip(cproof[i], bit), *cproof[i + 1 :]])
    wrong_old = old + 1 if old + 1 < n else old - 1
    if old < n and wrong_old >= 1:
        with pytest.raises(spec.ProofError):
            spec.verify_consistency(sha, wrong_old, n, old_root, root, cproof)


_TREE: dict[str, MemoryTree] = {}


def _cached_tree(n: int) -> MemoryTree:
    if "t" not in _TREE:
        _TREE["t"] = MemoryTree([f"leaf {i}".encode() for i in range(3000)])
    big = _TREE["t"]
    if n == 3000:
        return big
    small = MemoryTree.__new__(MemoryTree)
    small.rows = {i: big.rows[i] for i in range(1, n + 1)}
    small.reader = TreeReader(sha, small.fetch)
    return small


def test_proof_generation_reads_log_n_nodes() -> None:
    tree = MemoryTree([bytes([i % 256, i // 256]) for i in range(4096 + 17)])
    seen: list[int] = []
    original = tree.fetch

    def counting(keys: list[NodeKey]) -> dict[NodeKey, bytes]:
        seen.append(len(keys))
        return original(keys)

    tree.reader.fetch = counting
    tree.reader.inclusion_proof(1234, 4113)
    tree.reader.consistency_proof(1000, 4113)
    assert seen and max(seen) <= 2 * 13 + 2
