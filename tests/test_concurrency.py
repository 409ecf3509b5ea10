"""At least four writer processes on each backend leave one linear chain: no gap, no
duplicate, no broken link, and one Merkle tree (the verifier's full check)."""

from __future__ import annotations

import hashlib
import multiprocessing
from datetime import UTC
from datetime import datetime
from typing import Any

import pytest

from domain.clock import FixedClock
from ledger.app import FundtrailLedger
from tests.helpers import LOG_KEY
from tests.helpers import ORG
from tests.helpers import build_world
from tests.helpers import seed_key
from verify.checks import ChainVerifier
from verify.sources import open_source

WRITERS = 4
COMMANDS_PER_WRITER = 60


def writer(url: str, n: int, barrier: Any) -> int:
    app = FundtrailLedger(
        url, FixedClock(datetime(2025, 4, 1, tzinfo=UTC)), log_key=LOG_KEY.private_key, create_tables=False
    )
    key = seed_key(f"writer-{n}", 100 + n)
    barrier.wait()
    for i in range(COMMANDS_PER_WRITER):
        args = {
            "doc_id": f"W{n}-{i}",
            "doc_type": "evidence",
            "number": f"{n}-{i}",
            "title": "并发写入",
            "issued_on": "2025-04-01",
            "sha256": hashlib.sha256(f"W{n}-{i}".encode()).hexdigest(),
            "issuer": "x",
            "amount_fen": i,
        }
        app.submit(app.envelope(key, "document.register", args, f"w{n}-{i}"))
    app.close()
    return n


def run_writers(url: str) -> None:
    w = build_world(url)
    for n in range(WRITERS):
        key = seed_key(f"writer-{n}", 100 + n)
        w.app.submit(
            w.app.envelope(
                w.operator,
                "actor.register",
                {
                    "actor_id": f"writer-{n}",
                    "name": f"写入者{n}",
                    "organisation": ORG,
                    "roles": ["city_miit"],
                    "public_key": key.public_b64,
                },
                w.cid(),
            )
        )
    before = w.app.chain.chain_size()
    w.app.close()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Manager().Barrier(WRITERS)
    with ctx.Pool(WRITERS) as pool:
        done = pool.starmap(writer, [(url, n, barrier) for n in range(WRITERS)])
    assert sorted(done) == list(range(WRITERS))
    source = open_source(url)
    try:
        report = ChainVerifier(source, jobs=1).run()
    finally:
        source.close()
    assert report.findings == []
    assert report.records == before + WRITERS * COMMANDS_PER_WRITER * 3  # command, document, content claim
    assert report.head_seq == report.records


def test_four_sqlite_writer_processes_make_one_chain(tmp_path: Any) -> None:
    run_writers(f"sqlite:///{tmp_path}/concurrent.sqlite")


@pytest.mark.postgres
def test_four_postgres_writer_processes_make_one_chain(pg_ledger_url: str) -> None:
    run_writers(pg_ledger_url)


def test_two_ledger_objects_on_one_sqlite_file_interleave_into_one_chain(tmp_path: Any) -> None:
    """Each object's cached head goes stale when the other appends: the insert detects it. The two
    clocks trail each other by seconds; the later writer records the head's time (§4.2)."""
    url = f"sqlite:///{tmp_path}/shared.sqlite"
    w = build_world(url)
    other = FundtrailLedger(
        url, FixedClock(datetime(2025, 3, 3, 1, 0, tzinfo=UTC)), log_key=LOG_KEY.private_key, create_tables=False
    )
    for i in range(10):
        app = w.app if i % 2 else other
        key = w.miit if i % 2 else w.ent
        args = {
            "doc_id": f"I-{i}",
            "doc_type": "evidence",
            "number": str(i),
            "title": "交替写入",
            "issued_on": "2025-04-01",
            "sha256": hashlib.sha256(f"I-{i}".encode()).hexdigest(),
            "issuer": "x",
            "amount_fen": i,
        }
        app.submit(app.envelope(key, "document.register", args, f"i-{i}"))
    assert w.app.chain.stale_heads > 0 and other.chain.stale_heads > 0  # the stale-head path really ran
    source = open_source(url)
    try:
        report = ChainVerifier(source, jobs=1).run()
    finally:
        source.close()
    assert report.findings == [] and report.head_seq == report.records
