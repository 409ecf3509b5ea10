"""The production recorder classes pass the library's own recorder contract suite.

Each class below only says how to build the recorder; the test methods are
eventsourcing's own (ApplicationRecorderTestCase: insert/select, notification
order, concurrent writers without conflicts, throughput). After the suite's
inserts, a check reads the chain back and proves every row was chained.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from typing import Any

import psycopg
import pytest
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.tests.persistence import ApplicationRecorderTestCase

from ledger.hashing import hash_function
from ledger.merkle import CompactRange
from ledger.recorder import ChainedPostgresApplicationRecorder
from ledger.recorder import ChainedSQLiteApplicationRecorder
from tests.helpers import rehash


def assert_fully_chained(recorder: Any) -> int:
    """Every stored event has exactly one chain row, seqs are 1..n, and every link holds."""
    h = hash_function("sha256")
    prev = bytes(32)
    tree = CompactRange(h)
    count = 0
    for count, row in enumerate(recorder.records(), start=1):
        assert row["seq"] == count
        assert row["state"] is not None
        assert row["prev_hash"] == prev
        digest = rehash(h, row)
        assert digest == row["hash"]
        assert b"".join(tree.append(digest)) == row["nodes"]
        prev = digest
    assert count == recorder.max_notification_id() or count == _count_events(recorder)
    return count


def _count_events(recorder: Any) -> int:
    with recorder.datastore.transaction(commit=False) as c:
        c.execute(f"SELECT COUNT(*) AS n FROM {recorder.events_table}")
        return int(c.fetchone()["n"])


class TestChainedSQLiteRecorder(ApplicationRecorderTestCase[ChainedSQLiteApplicationRecorder]):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "contract.sqlite")

    def tearDown(self) -> None:
        if hasattr(self, "recorder"):
            assert_fully_chained(self.recorder)
        self.tmp.cleanup()

    def create_recorder(self) -> ChainedSQLiteApplicationRecorder:
        datastore = SQLiteDatastore(db_name=self.path)
        recorder = ChainedSQLiteApplicationRecorder(datastore)
        recorder.create_table()
        self.recorder = recorder
        return recorder

    def test_chain_after_inserts(self) -> None:
        self.test_insert_select()
        assert assert_fully_chained(self.recorder) > 0


@pytest.mark.postgres
class TestChainedPostgresRecorder(ApplicationRecorderTestCase[ChainedPostgresApplicationRecorder]):
    @pytest.fixture(autouse=True)
    def _schema(self, pg_schema: dict[str, str]) -> None:
        self.pg = pg_schema

    def tearDown(self) -> None:
        if hasattr(self, "recorder"):
            assert_fully_chained(self.recorder)
            self.recorder.datastore.close()

    def create_recorder(self) -> ChainedPostgresApplicationRecorder:
        datastore = PostgresDatastore(
            dbname=self.pg["dbname"],
            host=self.pg["host"],
            port=self.pg["port"],
            user=self.pg["user"],
            password=self.pg["password"],
            schema=self.pg["schema"],
            pool_size=12,
            max_overflow=12,
        )
        recorder = ChainedPostgresApplicationRecorder(
            datastore, events_table_name=f"contract_{uuid.uuid4().hex[:8]}_events"
        )
        recorder.create_table()
        self.recorder = recorder
        return recorder

    def test_chain_after_inserts(self) -> None:
        self.test_insert_select()
        assert assert_fully_chained(self.recorder) > 0

    def test_database_is_reachable(self) -> None:
        conninfo = psycopg.conninfo.make_conninfo(**{k: v for k, v in self.pg.items() if k != "schema"})
        with psycopg.connect(conninfo) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
