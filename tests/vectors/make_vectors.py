"""Regenerate tests/vectors/*.json from deterministic keys and a fixed clock.

Run: .venv/bin/python -m tests.vectors.make_vectors. The vectors are committed;
tests on both sides (ledger/ and verify/) check them, so a change to either
implementation that alters a byte fails loudly.
"""

from __future__ import annotations

import base64
import json
import tempfile
from datetime import UTC
from datetime import datetime
from pathlib import Path

from domain.clock import FixedClock
from ledger import keys
from ledger.app import FundtrailLedger

HERE = Path(__file__).parent


def build(alg: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        log = keys.from_seed("log", bytes(range(64, 96)))
        app = FundtrailLedger(
            f"sqlite:///{tmp}/v.sqlite", FixedClock(datetime(2025, 3, 3, 1, 0, tzinfo=UTC)), log_key=log.private_key
        )
        op = keys.from_seed("operator", bytes(range(32)))
        clerk = keys.from_seed("clerk-wang", bytes(range(32, 64)))
        app.initialise(
            origin="fundtrail.example/vectors",
            operator=op,
            operator_name="运营方",
            organisation={"code": "OP", "name": "运营方", "kind": "operator"},
            hash_algorithm=alg,
        )
        app.submit(
            app.envelope(
                op,
                "actor.register",
                {
                    "actor_id": "clerk-wang",
                    "name": "王芳",
                    "roles": ["city_gov_clerk"],
                    "public_key": clerk.public_b64,
                    "organisation": {"code": "HRB-GOV", "name": "哈尔滨市人民政府办公厅", "kind": "city_gov"},
                },
                "v-1",
            )
        )
        app.submit(
            app.envelope(
                clerk,
                "document.register",
                {
                    "doc_id": "HZ-2025-7",
                    "doc_type": "decision",
                    "number": "哈政批〔2025〕7号",
                    "title": "市政府批复",
                    "issued_on": "2025-03-01",
                    "sha256": "ab" * 32,
                    "issuer": "哈尔滨市人民政府",
                    "amount_fen": 50_000_000,
                },
                "v-2",
            )
        )
        new_log = keys.from_seed("log", bytes(range(96, 128)))
        app.rotate_log_key(op, new_log.private_key, "v-3")
        app.submit(
            app.envelope(
                clerk,
                "document.register",
                {
                    "doc_id": "HZ-2025-8",
                    "doc_type": "decision",
                    "number": "哈政批〔2025〕8号",
                    "title": "市政府批复",
                    "issued_on": "2025-03-02",
                    "sha256": "cd" * 32,
                    "issuer": "哈尔滨市人民政府",
                },
                "v-4",
            )
        )
        records = []
        for row in app.chain.records():
            records.append({k: (base64.b64encode(v).decode() if isinstance(v, bytes) else v) for k, v in row.items()})
        from ledger.checkpoints import receipt
        from ledger.checkpoints import seal_note
        from ledger.checkpoints import tree
        from verify import note as notes

        size = len(records)
        reader = tree(app)
        b64 = base64.b64encode
        # The head's seal as a checkpoint, cosigned by a witness (seed 80..9f) at a fixed time.
        witness = keys.from_seed("witness", bytes(range(128, 160)))
        note = notes.parse_note(seal_note(app).note)
        note.signatures.append(notes.cosign(note.text, "witness.example", witness.private_key, 1_743_476_400))
        checkpoint = note.render()
        return {
            "description": "fundtrail-ledger/2 golden records; keys from seeds 00..1f (first administrator), "
            "20..3f (clerk-wang), 40..5f (genesis log key), 60..7f (log key after the rotation of v-3)",
            "hash_algorithm": alg,
            "records": records,
            "root": base64.b64encode(tree(app).root(size)).decode(),
            "size": size,
            "checkpoint": checkpoint,
            "log_vkey": notes.Verifier("fundtrail.example/vectors", new_log.public_bytes).vkey(),
            "genesis_log_vkey": notes.Verifier("fundtrail.example/vectors", log.public_bytes).vkey(),
            "witness_vkey": notes.Verifier("witness.example", witness.public_bytes, notes.ALG_COSIGNATURE_V1).vkey(),
            "inclusion": [
                {"index": i, "size": n, "proof": [b64(p).decode() for p in reader.inclusion_proof(i, n)]}
                for i, n in ((0, 19), (12, 19), (5, 6), (18, 19), (7, 13))
            ],
            "consistency": [
                {"old": m, "new": n, "proof": [b64(p).decode() for p in reader.consistency_proof(m, n)]}
                for m, n in ((6, 19), (11, 14), (14, 19), (16, 19), (19, 19))
            ],
            "receipt": receipt(app, 13, checkpoint, size),
        }


def main() -> None:
    for alg in ("sha256", "sm3"):
        (HERE / f"ledger-{alg}.json").write_text(
            json.dumps(build(alg), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
