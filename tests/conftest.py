"""Shared fixtures: fixed clock, keys, SQLite files and one PostgreSQL database per test run.

PostgreSQL tests run whenever FUNDTRAIL_TEST_POSTGRES_URL is set. Each run (each
xdist worker) creates a database of its own and drops it afterwards. If the URL
is set and the server is unreachable, the tests fail; they skip only when the
URL is unset. The count of PostgreSQL tests that passed is written to
.pytest-postgres-count so .ci/run can check they ran.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

import psycopg
import pytest

from domain.clock import FixedClock

if TYPE_CHECKING:
    from collections.abc import Iterator

PG_ENV = "FUNDTRAIL_TEST_POSTGRES_URL"
START = datetime(2025, 3, 3, 1, 30, tzinfo=UTC)  # inside the measures' validity
_PG_PASSED = 0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(PG_ENV):
        return
    skip = pytest.mark.skip(reason=f"{PG_ENV} is not set")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    global _PG_PASSED  # noqa: PLW0603
    if report.when == "call" and report.passed and "postgres" in report.keywords:
        _PG_PASSED += 1


def pytest_sessionfinish(session: pytest.Session) -> None:
    if hasattr(session.config, "workerinput"):
        return  # only the controller (or a run without xdist) writes the count
    Path(session.config.rootpath, ".pytest-postgres-count").write_text(f"{_PG_PASSED}\n")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if os.environ.get(PG_ENV):
        terminalreporter.write_line(f"PostgreSQL tests passed: {_PG_PASSED}")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set")
    return url


@pytest.fixture(scope="session")
def pg_database(pg_server_url: str) -> Iterator[dict[str, str]]:
    """A fresh database for this run; fails (never skips) when the server is unreachable."""
    info = psycopg.conninfo.conninfo_to_dict(pg_server_url)
    name = f"fundtrail_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    params = {
        "host": str(info.get("host") or "127.0.0.1"),
        "port": str(info.get("port") or "5432"),
        "user": str(info.get("user") or "postgres"),
        "password": str(info.get("password") or ""),
        "dbname": name,
    }
    try:
        yield params
    finally:
        with psycopg.connect(pg_server_url, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_schema(pg_database: dict[str, str]) -> Iterator[dict[str, str]]:
    """A schema of its own for one test, inside the run's database."""
    schema = f"t_{uuid.uuid4().hex[:10]}"
    conninfo = psycopg.conninfo.make_conninfo(**pg_database)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield {**pg_database, "schema": schema}
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def pg_url(params: dict[str, str]) -> str:
    auth = params["user"] + (f":{params['password']}" if params.get("password") else "")
    url = f"postgresql://{auth}@{params['host']}:{params['port']}/{params['dbname']}"
    if params.get("schema"):
        url += f"?schema={params['schema']}"
    return url


@pytest.fixture
def pg_ledger_url(pg_schema: dict[str, str]) -> str:
    return pg_url(pg_schema)
