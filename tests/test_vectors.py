"""Golden vectors (tests/vectors/ledger-*.json) checked by both implementations.

The ledger side recomputes every record hash, link and Merkle node with
ledger/; the verifier side re-verifies the same bytes with verify/ alone.
A deliberate one-byte change must be caught by both.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from ledger.hashing import hash_function
from ledger.merkle import CompactRange
from tests.helpers import rehash
from verify import spec
from verify.checks import ChainVerifier
from verify.sources import Source

VECTORS = Path(__file__).parent / "vectors"
BYTES = ("key_id", "command_hash", "signature", "prev_hash", "hash", "nodes", "seal", "state")


def load(alg: str) -> dict[str, Any]:
    doc = json.loads((VECTORS / f"ledger-{alg}.json").read_text(encoding="utf-8"))
    for r in doc["records"]:
        for name in BYTES:
            r[name] = base64.b64decode(r[name])
    return doc


class ListSource(Source):
    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.name = "vectors"
        self._records = records

    def records(self):  # type: ignore[no-untyped-def]
        yield from (dict(r) for r in self._records)


@pytest.mark.parametrize("alg", ["sha256", "sm3"])
def test_ledger_side_reproduces_every_hash_link_and_node(alg: str) -> None:
    doc = load(alg)
    h = hash_function(alg)
    tree = CompactRange(h)
    prev = bytes(32)
    for r in doc["records"]:
        digest = rehash(h, r)
        assert digest == r["hash"], r["seq"]
        assert r["prev_hash"] == prev
        assert b"".join(tree.append(digest)) == r["nodes"]
        prev = digest
    assert base64.b64encode(tree.root()).decode() == doc["root"]


@pytest.mark.parametrize("alg", ["sha256", "sm3"])
def test_verifier_side_verifies_the_vectors(alg: str) -> None:
    doc = load(alg)
    report = ChainVerifier(ListSource(doc["records"]), jobs=1).run()
    assert report.ok, report.findings
    assert report.records == doc["size"] == 19
    assert report.hash_algorithm == alg
    assert report.root == doc["root"]
    # init, actor.register, document.register, ledger.rotate_log_key, document.register: a command
    # signature and a seal each; the last seal is the new log key's.
    assert report.signatures_checked == 10


@pytest.mark.parametrize("alg", ["sha256", "sm3"])
def test_both_sides_catch_a_one_byte_change(alg: str) -> None:
    doc = load(alg)
    target = doc["records"][12]  # the document of 50万
    target["state"] = target["state"].replace(b"50000000", b"50000001")
    h = hash_function(alg)
    ledger_digest = rehash(h, target)
    assert ledger_digest != target["hash"]
    report = ChainVerifier(ListSource(doc["records"]), jobs=1).run()
    assert [(f.code, f.seq) for f in report.findings] == [("HASH_MISMATCH", 13)]


def test_sm3_matches_gbt_32905_abc_vector() -> None:
    # GB/T 32905-2016 Appendix A.1: SM3("abc").
    expected = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert spec.sm3(b"abc").hex() == expected
    assert hash_function("sm3")(b"abc").hex() == expected


def test_sm3_and_sha256_ledgers_differ_in_every_hash() -> None:
    a, b = load("sha256"), load("sm3")
    assert all(x["hash"] != y["hash"] for x, y in zip(a["records"], b["records"], strict=True))


def _tree_reader(doc: dict[str, Any], alg: str) -> Any:
    """The write side's proof code over the vector records' own hashes (no database)."""
    from ledger.merkle import TreeReader
    from ledger.merkle import leaf_hash

    h = hash_function(alg)
    hashes = [r["hash"] for r in doc["records"]]
    nodes: dict[tuple[int, int], bytes] = {}
    for r in doc["records"]:
        seq, stored = r["seq"], r["nodes"]
        for level in range(1, len(stored) // 32 + 1):
            nodes[(level, seq // (1 << level) - 1)] = stored[(level - 1) * 32 : level * 32]

    def fetch(keys: list[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        return {k: leaf_hash(h, hashes[k[1]]) if k[0] == 0 else nodes[k] for k in keys}

    return TreeReader(h, fetch)


@pytest.mark.parametrize("alg", ["sha256", "sm3"])
def test_proofs_checkpoint_receipt_both_sides(alg: str) -> None:
    from verify import note as notes
    from verify.receipts import check_receipt

    doc = load(alg)
    h = spec.HASHES[alg]
    reader = _tree_reader(doc, alg)
    roots = {n: reader.root(n) for n in range(doc["size"] + 1)}
    assert base64.b64encode(roots[doc["size"]]).decode() == doc["root"]
    for case in doc["inclusion"]:
        proof = [base64.b64decode(p) for p in case["proof"]]
        assert reader.inclusion_proof(case["index"], case["size"]) == proof  # ledger side reproduces it
        leaf = doc["records"][case["index"]]["hash"]
        spec.verify_inclusion(h, case["index"], case["size"], leaf, proof, roots[case["size"]])  # verifier side
    for case in doc["consistency"]:
        proof = [base64.b64decode(p) for p in case["proof"]]
        assert reader.consistency_proof(case["old"], case["new"]) == proof
        spec.verify_consistency(h, case["old"], case["new"], roots[case["old"]], roots[case["new"]], proof)
    # The checkpoint is the head's seal, signed by the rotated log key and cosigned by a witness.
    note = notes.parse_note(doc["checkpoint"])
    cp = notes.parse_checkpoint(note.text)
    assert (cp.size, base64.b64encode(cp.root).decode()) == (doc["size"], doc["root"])
    log_key = notes.Verifier.parse(doc["log_vkey"])
    witness = notes.Verifier.parse(doc["witness_vkey"])
    assert notes.verify_signature(note, log_key) is True
    assert notes.verify_signature(note, witness) is True
    assert notes.verify_signature(note, notes.Verifier.parse(doc["genesis_log_vkey"])) is None
    assert note.signatures[0].payload == doc["records"][-1]["seal"]  # the note's signature is the seal
    result = check_receipt(doc["receipt"], log_key.public_key, [witness], 1)
    assert result["problems"] == [] and result["seq"] == 13
