"""One URL selects the backend: ``sqlite:///path`` (default, embedded) or ``postgresql://…``."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs
from urllib.parse import unquote
from urllib.parse import urlsplit

APP_NAME = "fundtrail"
SQLITE_EVENTS_TABLE = "stored_events"
POSTGRES_EVENTS_TABLE = f"{APP_NAME}_events"


class LedgerUrlError(ValueError):
    """The ledger URL names no backend fundtrail supports."""


@dataclass(frozen=True)
class LedgerUrl:
    backend: str  # "sqlite" | "postgres"
    env: dict[str, str]
    display: str


def parse_url(url: str, *, create_tables: bool = True) -> LedgerUrl:
    parts = urlsplit(url)
    create = "y" if create_tables else "n"
    if parts.scheme == "sqlite":
        path = unquote(url[len("sqlite:///") :]) if url.startswith("sqlite:///") else ""
        if not path:
            msg = f"expected sqlite:///PATH, got {url!r}"
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
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_SCHEMA": query.get("schema", ["public"])[0],
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_LOCK_TIMEOUT": "30",
            # Never the plpgsql insert function: it skips the table lock (eventsourcing.md §1).
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "APPLICATION_RECORDER_TOPIC": "ledger.recorder:ChainedPostgresApplicationRecorder",
            "CREATE_TABLE": create,
        }
        shown = f"postgresql://{env['POSTGRES_USER']}@{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}/{env['POSTGRES_DBNAME']}"
        return LedgerUrl("postgres", env, shown)
    msg = f"unsupported ledger URL {url!r}: use sqlite:///PATH or postgresql://USER@HOST:PORT/DB"
    raise LedgerUrlError(msg)
