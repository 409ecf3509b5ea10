"""Building ledgers for tests: deterministic keys, a fixed clock, both backends."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from typing import Any

from domain.clock import FixedClock
from ledger import keys
from ledger.app import FundtrailLedger
from ledger.hashing import HashFn
from ledger.hashing import record_hash

ORIGIN = "fundtrail.example/test"
ORG = {"code": "HRB-MIIT", "name": "哈尔滨市工业和信息化局", "kind": "city_miit"}


def seed_key(actor: str, n: int) -> keys.ActorKey:
    return keys.from_seed(actor, bytes([n]) * 32)


@dataclass
class World:
    app: FundtrailLedger
    operator: keys.ActorKey
    miit: keys.ActorKey
    miit_old: keys.ActorKey
    ent: keys.ActorKey
    counter: int = 0

    def cid(self) -> str:
        self.counter += 1
        return f"t-{self.counter}"

    def doc(self, key: keys.ActorKey, n: int, **over: Any) -> dict[str, Any]:
        args = {
            "doc_id": f"DOC-{n}",
            "doc_type": "evidence",
            "number": f"NO-{n}",
            "title": "合同",
            "issued_on": "2025-03-01",
            "sha256": hashlib.sha256(f"content-{n}".encode()).hexdigest(),  # one file, one document
            "issuer": "红星机械制造有限公司",
            "amount_fen": 128_000_000 + n,
        }
        args.update(over)
        return args


LOG_KEY = keys.from_seed("log", bytes([9]) * 32)


def open_ledger(url: str, clock: Any, *, log_key: Any = LOG_KEY) -> FundtrailLedger:
    """A ledger process holding the test log key (pass log_key=None for a read-only one)."""
    return FundtrailLedger(url, clock, log_key=None if log_key is None else log_key.private_key)


def build_world(url: str, hash_algorithm: str = "sha256") -> World:
    app = open_ledger(url, FixedClock(datetime(2025, 3, 3, 1, 0, tzinfo=UTC)))
    op, miit_old, miit, ent = (
        seed_key("operator", 1),
        seed_key("miit-zhang", 2),
        seed_key("miit-zhang", 3),
        seed_key("ent-hongxing", 4),
    )
    app.initialise(
        origin=ORIGIN,
        operator=op,
        operator_name="运营方",
        organisation={"code": "OP", "name": "运营方", "kind": "operator"},
        hash_algorithm=hash_algorithm,
    )
    w = World(app, op, miit, miit_old, ent)
    app.submit(
        app.envelope(
            op,
            "actor.register",
            {
                "actor_id": "miit-zhang",
                "name": "张伟",
                "organisation": ORG,
                "roles": ["city_miit"],
                "public_key": miit_old.public_b64,
            },
            w.cid(),
        )
    )
    app.submit(
        app.envelope(
            op,
            "actor.register",
            {
                "actor_id": "ent-hongxing",
                "name": "红星机械",
                "roles": ["applicant"],
                "public_key": ent.public_b64,
                "organisation": {"code": "91230100MA1B2C3D4X", "name": "红星机械制造有限公司", "kind": "enterprise"},
            },
            w.cid(),
        )
    )
    app.submit(
        app.envelope(
            miit_old,
            "key.rotate",
            {"actor_id": "miit-zhang", "public_key": miit.public_b64, "revoke_key_id": miit_old.key_id},
            w.cid(),
        )
    )
    return w


def rehash(h: HashFn, r: dict[str, Any]) -> bytes:
    """The record hash of a chain row dict (as records() yields it), by the ledger's own code."""
    return record_hash(
        h,
        seq=r["seq"],
        prev_hash=r["prev_hash"],
        stream_id=r["originator_id"],
        version=r["originator_version"],
        topic=r["topic"],
        recorded_at=r["recorded_at"],
        state=r["state"],
        actor_id=r["actor_id"],
        key_id=r["key_id"],
        command_hash=r["command_hash"],
        signature=r["signature"],
    )
