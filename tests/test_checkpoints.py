"""Checkpoints against history rewrites: a kept checkpoint catches a cut tail, a consistent
rewrite (even one the operator re-signs) and a rollback. Proofs come from the stored tree."""

from __future__ import annotations

import base64
import json
import sqlite3
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ledger.canonical import canonical_bytes
from ledger.checkpoints import checkpoint_body
from ledger.checkpoints import receipt
from ledger.checkpoints import seal_note
from ledger.checkpoints import tree
from ledger.checkpoints import vkey
from ledger.hashing import hash_function
from ledger.merkle import CompactRange
from tests.helpers import LOG_KEY
from tests.helpers import World
from tests.helpers import build_world
from tests.helpers import open_ledger
from tests.helpers import rehash
from verify import note as notes
from verify import spec
from verify.cli import main as verify_main
from verify.receipts import check_receipt


def grow(w: World, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        w.app.submit(w.app.envelope(w.miit, "document.register", w.doc(w.miit, i), w.cid()))


@pytest.fixture(params=["sha256", "sm3"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> World:
    w = build_world(f"sqlite:///{tmp_path}/l.sqlite", hash_algorithm=request.param)
    grow(w, 40)
    return w


def log_vkey(w: World, tmp_path: Path) -> str:
    path = tmp_path / "log.vkey"
    path.write_text(vkey(w.app.info().origin, LOG_KEY.public_bytes) + "\n")
    return str(path)


def keep(w: World, tmp_path: Path, name: str) -> Path:
    issued = seal_note(w.app)
    path = tmp_path / name
    path.write_text(issued.note)
    return path


def verify_chain(db: Path, *args: str) -> Any:
    return CliRunner().invoke(verify_main, ["chain", f"sqlite:///{db}", "--format", "json", *args])


def test_checkpoint_roots_match_the_verifier_and_never_fork(world: World, tmp_path: Path) -> None:
    w = world
    cp = keep(w, tmp_path, "a.cp")
    parsed = notes.parse_checkpoint(notes.parse_note(cp.read_text()).text)
    h = spec.HASHES[w.app.info().hash_algorithm]
    frontier = spec.Frontier(h)
    for row in w.app.chain.records():
        frontier.append(row["hash"])
    assert frontier.root() == parsed.root and frontier.size == parsed.size
    # A checkpoint is the head's seal, signed once inside its commit: asking again gives the same note.
    assert keep(w, tmp_path, "b.cp").read_text() == cp.read_text()
    assert notes.verify_signature(notes.parse_note(cp.read_text()), notes.Verifier(parsed.origin, LOG_KEY.public_bytes))


def test_inclusion_and_consistency_proofs_from_the_database(world: World) -> None:
    w = world
    h = spec.HASHES[w.app.info().hash_algorithm]
    reader = tree(w.app)
    size = w.app.chain.chain_size()
    rows = list(w.app.chain.records())
    roots = {n: reader.root(n) for n in range(size + 1)}
    for seq in (1, 2, 7, 64, size):
        spec.verify_inclusion(
            h, seq - 1, size, rows[seq - 1]["hash"], reader.inclusion_proof(seq - 1, size), roots[size]
        )
    for old in (0, 1, 5, 32, 64, size):
        spec.verify_consistency(h, old, size, roots[old], roots[size], reader.consistency_proof(old, size))


def test_receipt_verifies_offline_and_fails_when_altered(world: World, tmp_path: Path) -> None:
    w = world
    cp = keep(w, tmp_path, "cp")
    size = w.app.chain.chain_size()
    doc = receipt(w.app, size - 1, cp.read_text(), size)
    result = check_receipt(json.loads(json.dumps(doc)), LOG_KEY.public_bytes, [], 0)
    assert result["problems"] == []
    doc["record"]["record"]["state"] = base64.b64encode(b'{"amount_fen":1}').decode()
    assert any("HASH_MISMATCH" in p for p in check_receipt(doc, LOG_KEY.public_bytes, [], 0)["problems"])
    assert check_receipt(receipt(w.app, 3, cp.read_text(), size), bytes(32), [], 0)["problems"]


def _cut(db: Path, n: int) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(
            "DELETE FROM stored_events WHERE (originator_id, originator_version) IN (SELECT "
            f"replace(originator_id, '-', ''), originator_version FROM stored_events_chain ORDER BY seq DESC LIMIT {n})"
        )
        conn.execute(f"DELETE FROM stored_events_chain WHERE seq > (SELECT MAX(seq) - {n} FROM stored_events_chain)")


def test_a_cut_inside_a_group_leaves_an_unsealed_tail(world: World) -> None:
    w = world
    size = w.app.chain.chain_size()
    db = Path(w.app.url.env["SQLITE_DBNAME"])
    _cut(db, 1)  # the last content claim, leaving the group's command record and document unsealed
    result = verify_chain(db)
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == 1
    assert [(f["code"], f["seq"]) for f in findings] == [("UNSEALED_TAIL", size - 2)]


def test_cut_tail_is_caught_against_a_kept_checkpoint(world: World, tmp_path: Path) -> None:
    w = world
    cp = keep(w, tmp_path, "kept.cp")
    db = Path(w.app.url.env["SQLITE_DBNAME"])
    _cut(db, 6)  # two whole command groups
    plain = verify_chain(db)
    assert plain.exit_code == 0, plain.output  # without a checkpoint a cut at a seal is invisible...
    result = verify_chain(db, "--checkpoint", str(cp), "--log-key", log_vkey(w, tmp_path))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [f["code"] for f in report["findings"]] == ["CHECKPOINT_TRUNCATED"]  # ...with one, it is named
    assert report["checkpoints"][0]["consistent"] is False


def _rewrite_from(db: Path, alg: str, seq: int, origin: str, log_key: Any = None) -> None:
    """Change a payload at ``seq`` and recompute every later hash, link and node consistently;
    re-seal the groups too when given the log key (an operator who holds it)."""
    h = hash_function(alg)
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = [
            dict(r)
            for r in conn.execute(
                "SELECT c.*, e.state, e.rowid AS notification_id FROM stored_events_chain c JOIN stored_events e "
                "ON e.originator_id = replace(c.originator_id, '-', '') AND e.originator_version = c.originator_version "
                "ORDER BY seq"
            )
        ]
        tree_ = CompactRange(h)
        prev = bytes(32)
        for r in rows:
            if r["seq"] == seq:
                body = json.loads(r["state"])
                body["amount_fen"] = 1
                r["state"] = canonical_bytes(body)
                conn.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (r["state"], r["notification_id"]))
            if r["seq"] >= seq:
                r["prev_hash"] = prev
                r["hash"] = rehash(h, r)
            nodes = b"".join(tree_.append(r["hash"]))
            if r["seq"] >= seq:
                seal = r["seal"]
                if seal and log_key is not None:
                    seal = log_key.sign(checkpoint_body(origin, r["seq"], tree_.root()).encode())
                conn.execute(
                    "UPDATE stored_events_chain SET prev_hash = ?, hash = ?, nodes = ?, seal = ? WHERE seq = ?",
                    (r["prev_hash"], r["hash"], nodes, seal, r["seq"]),
                )
            prev = r["hash"]


def test_a_rewrite_without_the_log_key_breaks_every_later_seal(world: World, tmp_path: Path) -> None:
    w = world
    db = Path(w.app.url.env["SQLITE_DBNAME"])
    target = next(r["seq"] for r in w.app.chain.records(30) if r["topic"] == "fundtrail.document.Registered")
    _rewrite_from(db, w.app.info().hash_algorithm, target, w.app.info().origin)
    result = verify_chain(db)
    findings = json.loads(result.stdout)["findings"]
    sealed = [r["seq"] for r in w.app.chain.records(target) if r["seal"]]
    assert result.exit_code == 1
    assert [(f["code"], f["seq"]) for f in findings] == [("SEAL_INVALID", s) for s in sealed]


def test_consistent_rewrite_and_re_signed_history_are_caught(world: World, tmp_path: Path) -> None:
    w = world
    kept = keep(w, tmp_path, "kept.cp")
    db = Path(w.app.url.env["SQLITE_DBNAME"])
    target = next(r["seq"] for r in w.app.chain.records(30) if r["topic"] == "fundtrail.document.Registered")
    # The holder of the log key rewrites and re-seals: what remains trusted (docs/ledger-format.md §1).
    _rewrite_from(db, w.app.info().hash_algorithm, target, w.app.info().origin, LOG_KEY.private_key)
    plain = verify_chain(db)
    assert plain.exit_code == 0, plain.output  # every hash, link, node, signature and seal checks out...
    vk = log_vkey(w, tmp_path)
    result = verify_chain(db, "--checkpoint", str(kept), "--log-key", vk)
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == 1 and [f["code"] for f in findings] == ["CHECKPOINT_ROOT_MISMATCH"]
    # The re-sealed head, read by a fresh process from the rewritten database: two signed roots
    # for one size.
    from domain.clock import FixedClock

    rewritten = open_ledger(f"sqlite:///{db}", FixedClock(datetime(2025, 6, 1, tzinfo=UTC)))
    resigned = tmp_path / "resigned.cp"
    resigned.write_text(seal_note(rewritten).note)
    out = CliRunner().invoke(
        verify_main,
        ["consistency", str(kept), str(resigned), "--log-key", vk, "--hash", w.app.info().hash_algorithm],
    )
    assert out.exit_code == 1 and "EQUIVOCATION" in out.output
    # An auditor holding both checkpoints sees the fork named in the chain report too.
    both = verify_chain(db, "--checkpoint", str(kept), "--checkpoint", str(resigned), "--log-key", vk)
    codes = sorted(f["code"] for f in json.loads(both.stdout)["findings"])
    assert both.exit_code == 1 and codes == ["CHECKPOINT_EQUIVOCATION", "CHECKPOINT_ROOT_MISMATCH"]


def test_rollback_to_an_older_state_is_caught(world: World, tmp_path: Path) -> None:
    w = world
    db = Path(w.app.url.env["SQLITE_DBNAME"])
    old_copy = tmp_path / "old.sqlite"  # a backup, restored later by a dishonest operator
    with sqlite3.connect(db) as src, sqlite3.connect(old_copy) as dst:
        src.backup(dst)
    grow(w, 5, start=1000)
    kept = keep(w, tmp_path, "kept.cp")
    result = verify_chain(old_copy, "--checkpoint", str(kept), "--log-key", log_vkey(w, tmp_path))
    assert result.exit_code == 1
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["CHECKPOINT_TRUNCATED"]


def witness(w: World, tmp_path: Path) -> tuple[list[str], notes.Verifier]:
    """A witness's `cosign` arguments (key file, state file, name) and its cosignature verifier."""
    from ledger import keys as keyfiles

    key = keyfiles.from_seed("witness", bytes([9]) * 32)
    path = tmp_path / "witness.json"
    keyfiles.write(key, path)
    args = [
        "--state",
        str(tmp_path / "w.json"),
        "--key",
        str(path),
        "--name",
        "w.example",
        "--log-key",
        log_vkey(w, tmp_path),
        "--hash",
        w.app.info().hash_algorithm,
    ]
    return args, notes.Verifier("w.example", key.public_bytes, notes.ALG_COSIGNATURE_V1)


def test_witness_cosigns_only_append_only_growth(world: World, tmp_path: Path) -> None:
    w = world
    args, wv = witness(w, tmp_path)
    args += ["--time", "1743476400"]
    cp1 = keep(w, tmp_path, "1.cp")
    r = CliRunner().invoke(verify_main, ["witness", "cosign", str(cp1), *args])
    assert r.exit_code == 0, r.output
    grow(w, 3, start=2000)
    cp2 = keep(w, tmp_path, "2.cp")
    size1 = notes.parse_checkpoint(notes.parse_note(cp1.read_text()).text).size
    size2 = w.app.chain.chain_size()
    proof = tmp_path / "p"
    proof.write_text("".join(base64.b64encode(p).decode() + "\n" for p in tree(w.app).consistency_proof(size1, size2)))
    bad = tmp_path / "bad"
    bad.write_text(base64.b64encode(bytes(32)).decode() + "\n")
    r = CliRunner().invoke(verify_main, ["witness", "cosign", str(cp2), "--proof", str(bad), *args])
    assert r.exit_code == 1 and "CONSISTENCY_PROOF_INVALID" in r.output
    r = CliRunner().invoke(verify_main, ["witness", "cosign", str(cp2), "--proof", str(proof), *args])
    assert r.exit_code == 0, r.output
    cosigned = notes.parse_note(cp2.read_text())
    assert notes.verify_signature(cosigned, wv) is True
    # k-of-n policy on a receipt: one real witness, two required.
    doc = receipt(w.app, 5, cp2.read_text(), size2)
    assert check_receipt(doc, LOG_KEY.public_bytes, [wv], 1)["problems"] == []
    assert any("WITNESS_QUORUM" in p for p in check_receipt(doc, LOG_KEY.public_bytes, [wv], 2)["problems"])


def test_chain_verification_policy_requires_k_witnesses(world: World, tmp_path: Path) -> None:
    w = world
    vk = log_vkey(w, tmp_path)
    args, wv = witness(w, tmp_path)
    cp = keep(w, tmp_path, "1.cp")
    assert CliRunner().invoke(verify_main, ["witness", "cosign", str(cp), *args]).exit_code == 0
    db = Path(w.app.url.env["SQLITE_DBNAME"])
    one = verify_chain(db, "--checkpoint", str(cp), "--log-key", vk, "--witness", wv.vkey(), "--min-witnesses", "1")
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["checkpoints"][0]["witnesses"] == ["w.example"]
    two = verify_chain(db, "--checkpoint", str(cp), "--log-key", vk, "--witness", wv.vkey(), "--min-witnesses", "2")
    assert two.exit_code == 1
    assert [f["code"] for f in json.loads(two.stdout)["findings"]] == ["WITNESS_QUORUM"]


def test_receipts_verify_for_every_record_including_the_genesis_group(world: World, tmp_path: Path) -> None:
    w = world
    cp = keep(w, tmp_path, "cp").read_text()
    size = w.app.chain.chain_size()
    for seq in range(1, size + 1):
        doc = json.loads(json.dumps(receipt(w.app, seq, cp, size)))
        assert check_receipt(doc, LOG_KEY.public_bytes, [], 0)["problems"] == [], seq
    # The key record must register the signer's key before its group: a receipt whose key record is
    # swapped for another actor's registration is refused.
    doc = receipt(w.app, size, cp, size)
    other = receipt(w.app, 12, cp, size)["key_record"]
    doc["key_record"] = other
    assert any(p.startswith("KEY_UNKNOWN") for p in check_receipt(doc, LOG_KEY.public_bytes, [], 0)["problems"])
