"""One URL selects the backend: ``sqlite:///path`` (default, embedded) or ``postgresql://…``.

A URL is shown only through ``redact`` or ``LedgerUrl.display``: never with its password.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs
from urllib.parse import unquote
from urllib.parse import urlsplit

APP_NAME = "fundtrail"
SQLITE_EVENTS_TABLE = "stored_events"
POSTGRES_EVENTS_TABLE = f"{APP_NAME}_events"
_NETLOC_END = re.compile(r"[/?#]")


class LedgerUrlError(ValueError):
    """The ledger URL names no backend fundtrail supports."""


class LedgerUnavailable(Exception):
    """The URL is well formed but no ledger can be reached there (the message says why)."""


@dataclass(frozen=True)
class LedgerUrl:
    backend: str  # "sqlite" | "postgres"
    env: dict[str, str]
    display: str

    def where(self) -> str:
        """The ledger's place for messages: a SQLite file says which file a relative URL meant."""
        if self.backend == "sqlite":
            return sqlite_where(self.env["SQLITE_DBNAME"])
        return self.display


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***``; splits as urlsplit does, without its errors."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    end = _NETLOC_END.search(rest)
    netloc, tail = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
    userinfo, at, host = netloc.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{host}{tail}"


def sqlite_where(path: str) -> str:
    """The file a ``sqlite:///`` path names: ``sqlite:///rel`` is relative to the current directory."""
    if os.path.isabs(path):
        return path
    return (
        f"{path} (sqlite:///{path} is relative to the current directory, so {Path.cwd() / path}; "
        f"write sqlite:////absolute/path for an absolute path)"
    )


def parse_url(url: str, *, create_tables: bool = True) -> LedgerUrl:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:  # a port that is not a number, a broken IPv6 address
        msg = f"malformed ledger URL {redact(url)!r}: {e}"
        raise LedgerUrlError(msg) from None
    create = "y" if create_tables else "n"
    if parts.scheme == "sqlite":
        path = unquote(url[len("sqlite:///") :]) if url.startswith("sqlite:///") else ""
        if not path or "\x00" in path:
            msg = f"expected sqlite:///PATH, got {redact(url)!r}"
            raise LedgerUrlError(msg)
        return LedgerUrl(
            "sqlite",
            {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": path,
                "SQLITE_LOCK_TIMEOUT": "30",
                "APPLICATION_RECORDER_TOPIC": "ledger.recorder:ChainedSQLiteApplicationRecorder",
                "CREATE_TABLE": create,
            },
            f"sqlite:///{path}",
        )
    if parts.scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        query = parse_qs(parts.query)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(parts.path.lstrip("/")) or "postgres",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_SCHEMA": query.get("schema", ["public"])[0],
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_LOCK_TIMEOUT": "30",
            # Never the plpgsql insert function: it skips the table lock (docs/decisions.md §25).
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "APPLICATION_RECORDER_TOPIC": "ledger.recorder:ChainedPostgresApplicationRecorder",
            "CREATE_TABLE": create,
        }
        auth = env["POSTGRES_USER"] + (":***" if parts.password else "")
        shown = f"postgresql://{auth}@{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}/{env['POSTGRES_DBNAME']}"
        return LedgerUrl("postgres", env, shown)
    msg = f"unsupported ledger URL {redact(url)!r}: use sqlite:///PATH or postgresql://USER@HOST:PORT/DB"
    raise LedgerUrlError(msg)


# psycopg passes on libpq's text; these phrases tell the three usual causes apart.
_UNREACHABLE = (
    "connection refused",
    "could not translate host name",
    "failed to resolve host",
    "name or service not known",
    "no route to host",
    "timeout expired",
    "timed out",
    "network is unreachable",
    "could not connect",
    "no such file or directory",  # a Unix socket that is not there
)
_REJECTED = ("password authentication failed", "no password supplied", "authentication failed", "role ")


def connection_problem(text: str, url: LedgerUrl) -> str:
    """One line saying why a PostgreSQL connection failed: host, credentials or database."""
    env = url.env
    low = text.lower()
    server = f"{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}"
    if "database" in low and "does not exist" in low:
        return f"database {env['POSTGRES_DBNAME']!r} does not exist on {server}"
    if any(p in low for p in _REJECTED):
        return f"{server} rejected user {env['POSTGRES_USER']!r}: wrong user name or password"
    if any(p in low for p in _UNREACHABLE):
        return f"cannot reach the database server {server}: is it running and accepting TCP connections?"
    first = redact(text.strip().splitlines()[0]) if text.strip() else "unknown error"
    return f"cannot connect to {url.display}: {first}"


def check_available(url: LedgerUrl, *, must_exist: bool) -> None:
    """Say in one line why no ledger can be opened at ``url`` before the library tries (and, for
    SQLite, before it creates an empty file); ``must_exist`` for every command but ``init``."""
    if url.backend == "sqlite":
        _check_sqlite(url.env["SQLITE_DBNAME"], must_exist=must_exist)
    else:
        _check_postgres(url, must_exist=must_exist)


def _check_sqlite(path: str, *, must_exist: bool) -> None:
    if path.startswith(":memory:") or path.startswith("file:"):
        return
    file = Path(path)
    if file.is_dir():
        msg = f"{sqlite_where(path)} is a directory, not a ledger file"
        raise LedgerUnavailable(msg)
    if not file.exists():
        if must_exist:
            msg = f"no ledger at {sqlite_where(path)}: run `fundtrail init` to create one"
            raise LedgerUnavailable(msg)
        if not file.parent.is_dir():
            msg = f"no folder {file.parent} for the ledger file {sqlite_where(path)}"
            raise LedgerUnavailable(msg)
        return
    try:
        conn = sqlite3.connect(f"file:{file.resolve()}?mode=ro", uri=True)
        try:
            found = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
                (f"{SQLITE_EVENTS_TABLE}_chain",),
            ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as e:
        msg = f"{sqlite_where(path)} is not a fundtrail ledger: {e}"
        raise LedgerUnavailable(msg) from None
    if must_exist and not found:
        msg = f"{sqlite_where(path)} holds no fundtrail ledger: run `fundtrail init` to create one"
        raise LedgerUnavailable(msg)


def _check_postgres(url: LedgerUrl, *, must_exist: bool) -> None:
    import psycopg

    env = url.env
    try:
        with psycopg.connect(
            host=env["POSTGRES_HOST"],
            port=int(env["POSTGRES_PORT"]),
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"],
            dbname=env["POSTGRES_DBNAME"],
            connect_timeout=int(env["POSTGRES_CONNECT_TIMEOUT"]),
        ) as conn:
            row = conn.execute(
                "SELECT to_regclass(%s)", (f'"{env["POSTGRES_SCHEMA"]}"."{POSTGRES_EVENTS_TABLE}_chain"',)
            ).fetchone()
    except psycopg.Error as e:
        raise LedgerUnavailable(connection_problem(str(e), url)) from None
    if must_exist and (row is None or row[0] is None):
        msg = f"no fundtrail ledger in {url.display} (schema {env['POSTGRES_SCHEMA']}): run `fundtrail init`"
        raise LedgerUnavailable(msg)
