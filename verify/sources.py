"""Where records come from: a database opened read-only, or an export bundle (§9).

Every source yields records as dicts with the fields of docs/ledger-format.md §3
in seq order, one batch at a time (constant memory), and lists stored events
that have no chain record.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import IO
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import unquote
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Iterator

BYTES_FIELDS = ("key_id", "command_hash", "signature", "prev_hash", "hash", "nodes", "seal", "state")
BATCH = 2000


class SourceError(Exception):
    """The source cannot be opened or read: "could not verify", never "verified false"."""


class Source:
    name: str
    has_nodes = True

    def records(self) -> Iterator[dict[str, Any]]:
        raise NotImplementedError

    def unchained_events(self) -> Iterator[dict[str, Any]]:
        return iter(())

    def total(self) -> int | None:
        """How many records to expect, for a progress display; None if unknown."""
        return None

    def close(self) -> None:
        pass


class SQLSource(Source):
    """A database: chain rows joined with their stored events, read in pages of BATCH."""

    events: str
    chain: str
    key: str  # the events table's notification id column
    join: str  # the event row of chain row c: by the event's primary key (stream, version), §3.1
    mark = "?"

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
        raise NotImplementedError

    def total(self) -> int | None:
        rows = self._query(f"SELECT MAX(seq) AS n FROM {self.chain}", ())
        return int(rows[0]["n"]) if rows and rows[0]["n"] is not None else 0

    def records(self) -> Iterator[dict[str, Any]]:
        pos = -(2**62)
        sql = (
            f"SELECT c.*, e.state AS state, e.topic AS event_topic, e.{self.key} AS notification_id "
            f"FROM {self.chain} c LEFT JOIN {self.events} e "
            f"ON {self.join} WHERE c.seq > {self.mark} ORDER BY c.seq LIMIT {self.mark}"
        )
        while True:
            rows = self._query(sql, (pos, BATCH))
            yield from (_bytes(r) for r in rows)
            if len(rows) < BATCH:
                return
            pos = rows[-1]["seq"]


class SQLiteSource(SQLSource):
    """SQLite file, opened with mode=ro: the verifier cannot write to what it checks."""

    def __init__(self, path: str) -> None:
        self.name = f"sqlite:///{path}"
        if not Path(path).exists():
            msg = f"no SQLite ledger at {path}"
            raise SourceError(msg)
        self.conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        self.conn.row_factory = sqlite3.Row
        self.events, self.chain, self.key = "stored_events", "stored_events_chain", "rowid"
        # SQLite's events table holds a stream id as 32 hex digits, the chain as canonical text.
        self.join = (
            "e.originator_id = replace(c.originator_id, '-', '') AND e.originator_version = c.originator_version"
        )
        try:
            self.conn.execute(f"SELECT 1 FROM {self.chain} LIMIT 1")
        except sqlite3.Error as e:
            msg = f"{path} holds no fundtrail chain: {e}"
            raise SourceError(msg) from None

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, params).fetchall()]

    def unchained_events(self) -> Iterator[dict[str, Any]]:
        dashed = (
            "lower(substr(e.originator_id, 1, 8) || '-' || substr(e.originator_id, 9, 4) || '-' || "
            "substr(e.originator_id, 13, 4) || '-' || substr(e.originator_id, 17, 4) || '-' || "
            "substr(e.originator_id, 21))"
        )
        rows = self._query(
            f"SELECT e.{self.key} AS notification_id, {dashed} AS originator_id, e.originator_version, e.topic "
            f"FROM {self.events} e WHERE NOT EXISTS (SELECT 1 FROM {self.chain} c "
            f"WHERE c.originator_id = {dashed} AND c.originator_version = e.originator_version) ORDER BY e.rowid",
            (),
        )
        yield from rows

    def close(self) -> None:
        self.conn.close()


class PostgresSource(SQLSource):
    """PostgreSQL, in READ ONLY transactions."""

    mark = "%s"
    key = "notification_id"
    join = "e.originator_id = c.originator_id::uuid AND e.originator_version = c.originator_version"

    def __init__(self, url: str) -> None:
        import psycopg
        from psycopg.rows import dict_row

        parts = urlsplit(url)
        schema = parse_qs(parts.query).get("schema", ["public"])[0]
        self.name = f"postgresql://{parts.hostname}:{parts.port or 5432}{parts.path}"
        try:
            self.conn = psycopg.connect(
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 5432,
                user=unquote(parts.username or "postgres"),
                password=unquote(parts.password or ""),
                dbname=unquote(parts.path.lstrip("/")),
                connect_timeout=10,
                row_factory=dict_row,
            )
            self.conn.read_only = True
        except psycopg.Error as e:
            msg = f"cannot connect to {self.name}: {e}"
            raise SourceError(msg) from None
        self.events = f'"{schema}"."fundtrail_events"'
        self.chain = f'"{schema}"."fundtrail_events_chain"'

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
        import psycopg

        try:
            with self.conn.transaction():
                return list(self.conn.execute(sql, params).fetchall())
        except psycopg.Error as e:
            msg = f"cannot read {self.name}: {e}"
            raise SourceError(msg) from None

    def unchained_events(self) -> Iterator[dict[str, Any]]:
        yield from self._query(
            f"SELECT e.notification_id, e.originator_id::text AS originator_id, e.originator_version, e.topic "
            f"FROM {self.events} e WHERE NOT EXISTS (SELECT 1 FROM {self.chain} c "
            "WHERE c.originator_id = e.originator_id::text AND c.originator_version = e.originator_version) "
            "ORDER BY e.notification_id",
            (),
        )

    def close(self) -> None:
        self.conn.close()


class BundleSource(Source):
    """An export bundle: a directory or .zip with manifest.json and records.jsonl (§9)."""

    has_nodes = False

    def __init__(self, path: str) -> None:
        self.name = path
        self.path = Path(path)
        if not self.path.exists():
            msg = f"no bundle at {path}"
            raise SourceError(msg)
        try:
            with self._open("manifest.json") as f:
                self.manifest = json.loads(f.read().decode())
            if type(self.manifest) is not dict:
                raise ValueError("manifest.json is not a JSON object")
        except (OSError, KeyError, ValueError, RecursionError, zipfile.BadZipFile) as e:
            msg = f"{path} is not a fundtrail bundle: {e}"
            raise SourceError(msg) from None

    def total(self) -> int | None:
        records = self.manifest.get("records")
        return records if isinstance(records, int) else None

    def _open(self, name: str) -> IO[bytes]:
        if self.path.is_dir():
            return (self.path / name).open("rb")
        archive = zipfile.ZipFile(self.path)
        member = archive.open(name)
        archive.close()  # the member keeps its own handle to the file
        return member

    def records(self) -> Iterator[dict[str, Any]]:
        with self._open("records.jsonl") as f:
            for number, line in enumerate(f, start=1):
                try:
                    row = json.loads(line)
                    if type(row) is not dict:
                        raise TypeError("not a JSON object")
                    for name in BYTES_FIELDS:
                        if row.get(name) is not None:
                            row[name] = base64.b64decode(row[name], validate=True)
                    row.setdefault("state", None)
                    for name in ("seq", "originator_version"):
                        if type(row.get(name)) is not int or not 0 <= row[name] < 2**64:
                            raise TypeError(f"{name} must be an integer from 0 to 2^64 - 1")
                    for name in _TEXT_FIELDS:
                        if isinstance(row.get(name), str):
                            row[name].encode()  # a lone surrogate (an escaped \ud800) is not UTF-8 text
                except (ValueError, TypeError, RecursionError) as e:  # UnicodeEncodeError is a ValueError
                    msg = f"records.jsonl line {number} is malformed: {e}"
                    raise SourceError(msg) from None
                yield _bytes(row)


_TEXT_FIELDS = ("originator_id", "topic", "recorded_at", "actor_id")


def _bytes(row: dict[str, Any]) -> dict[str, Any]:
    """Normalise a row so that tampered types or NULLs become findings, not crashes."""
    for name in _TEXT_FIELDS:
        value = row.get(name)
        if type(value) is not str:
            row[name] = "" if value is None else str(value)
    if type(row.get("originator_version")) is not int:
        try:
            row["originator_version"] = int(row.get("originator_version") or 0)
        except (TypeError, ValueError):
            row["originator_version"] = 0
    for name in BYTES_FIELDS:
        value = row.get(name)
        if type(value) is bytes:
            continue
        if value is None and name != "state":
            row[name] = b""
            continue
        if isinstance(value, str):  # a hand-edited row may hold TEXT where BLOB belongs
            row[name] = value.encode("utf-8")
        elif value is not None:
            row[name] = bytes(value)
    return row


def open_source(location: str) -> Source:
    if location.startswith("sqlite:///"):
        return SQLiteSource(location[len("sqlite:///") :])
    if location.startswith(("postgresql://", "postgres://")):
        return PostgresSource(location)
    return BundleSource(location)
