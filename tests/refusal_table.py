"""The machinery of a refusal table run through the real ledger (tests/test_domain_refusals.py, city commands;
tests/test_province_refusals.py, provincial commands).

A table module builds one world per backend (``backends``: a SQLite file, or a schema of its own in the run's
PostgreSQL database, dropped afterwards), declares per command a ``base`` (an actor and arguments the command
would accept, and the paths of its money fields) and then its ``case``s: that base changed so that the ledger
refuses it. ``assert_refused`` submits one case and asserts the typed error (rule id and field) and that the
chain head is unchanged; a refusal appends nothing, so the cases are independent of each other.
"""

from __future__ import annotations

import copy
import itertools
import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

import psycopg
import pytest

from domain.catalogue import CATALOGUE
from domain.errors import RuleViolation
from domain.kernel.rules import ERRORS
from ledger.envelope import SignedCommand
from ledger.envelope import make_envelope
from ledger.envelope import sign
from ledger.hashing import command_hash
from ledger.hashing import signed_message
from ledger.keys import from_seed
from tests.conftest import pg_url
from tests.domain_setup import verify_chain

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Collection
    from collections.abc import Iterator
    from collections.abc import Mapping
    from collections.abc import Sequence
    from datetime import datetime
    from pathlib import Path

    from domain.roles import Role
    from tests.ledger_world import LedgerWorld

FORGER = from_seed("forger", b"forger".ljust(32, b"\0"))
COUNTER = itertools.count(1)


# -- the backends ------------------------------------------------------------------------------------


@dataclass
class Built:
    url: str
    w: LedgerWorld


def backends(build: Callable[[str], LedgerWorld], folder: str) -> Any:
    """The module-scoped ``built`` fixture of a table: ``build(url)`` once per backend, for the whole table.

    SQLite gets a file in a temporary ``folder``; PostgreSQL a schema of its own in the run's database
    (tests/conftest.py ``pg_database``): ``pg_ledger_url`` is per test, and building once is the point."""

    @pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
    def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
        if request.param == "sqlite":
            path: Path = tmp_path_factory.mktemp(folder) / "l.sqlite"
            url = f"sqlite:///{path}"
            w = build(url)
            yield Built(url, w)
            w.app.close()
            return
        database: dict[str, str] = request.getfixturevalue("pg_database")
        schema = f"t_{uuid.uuid4().hex[:10]}"
        conninfo = psycopg.conninfo.make_conninfo(**database)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        try:
            url = pg_url({**database, "schema": schema})
            w = build(url)
            yield Built(url, w)
            w.app.close()
        finally:
            with psycopg.connect(conninfo, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')

    return built


# -- the table ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One refused command: who gives it, its arguments, the rule and field of the refusal."""

    name: str
    actor: str
    command: str
    args: dict[str, Any]
    rule: str
    field: str
    at: datetime | None = None  # the ledger time of this command only (the world's time is restored)
    forged: bool = False  # signed by a key the actor does not hold, under the actor's own key id
    error: str | None = None  # the refusal's type when the rule raises another than its declared one
    raw: bool = False  # sent as envelope bytes the client did not check (sign() refuses what the ledger must)
    xfail: str | None = None  # a domain defect this case shows (the reason, with the suggested patch)

    @property
    def id(self) -> str:
        return f"{self.command}:{self.name}"


class Table:
    """The cases of one table, and per command the base they change."""

    def __init__(self) -> None:
        self.cases: list[Case] = []
        self.bases: dict[str, tuple[str, dict[str, Any]]] = {}  # per command: an actor and arguments it would accept
        self.money: dict[str, list[str]] = {}  # per command: paths of its money fields in the base's arguments

    def base(self, command: str, actor: str, args: dict[str, Any], money: tuple[str, ...] = ()) -> None:
        self.bases[command] = (actor, args)
        self.money[command] = list(money)

    def case(
        self,
        name: str,
        command: str,
        rule: str,
        field: str,
        args: dict[str, Any] | None = None,
        /,
        *,
        actor: str | None = None,
        at: datetime | None = None,
        error: str | None = None,
        xfail: str | None = None,
        **over: Any,
    ) -> None:
        """A case on ``command``: the base's arguments with ``over`` applied (or ``args``), by the base's actor
        (or ``actor``)."""
        base_actor, base_args = self.bases[command]
        given_args = args if args is not None else {**base_args, **over}
        self.cases.append(
            Case(name, actor or base_actor, command, given_args, rule, field, at, error=error, xfail=xfail)
        )

    def every_command_cases(
        self, command: str, *, roles: Sequence[tuple[str, str]], bad_money: Sequence[tuple[str, Any]]
    ) -> None:
        """The cases of any command, on its base: an unknown field, its first field missing, each ``(name, actor)``
        of ``roles`` refused under FT-ROLE, a forged signature, and each money field set to each ``(label, value)``
        of ``bad_money`` (FT-MONEY) and to a float."""
        actor, args = self.bases[command]
        first = next(iter(args))
        self.cases.append(Case("unknown field", actor, command, {**args, "surplus": 1}, "FT-FIELD", "surplus"))
        self.cases.append(Case(f"{first} missing", actor, command, without(args, first), "FT-FIELD", first))
        for name, other in roles:
            self.cases.append(Case(name, other, command, args, "FT-ROLE", "envelope.actor"))
        self.cases.append(Case("forged signature", actor, command, args, "FT-SIG", "signature", forged=True))
        for path in self.money[command]:
            for label, bad in bad_money:
                self.cases.append(Case(f"{path} {label}", actor, command, with_path(args, path, bad), "FT-MONEY", path))
            # A float is not canonical JSON: sign() will not sign it, and the ledger refuses such bytes itself.
            float_args = with_path(args, path, 1.5)
            self.cases.append(
                Case(f"{path} float", actor, command, float_args, "FT-ENVELOPE", "envelope.args", raw=True)
            )

    def params(self) -> list[Any]:
        """One parameter a case, under its id; a case naming a domain defect is a strict xfail."""

        def marks(c: Case) -> list[pytest.MarkDecorator]:
            return [pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else []

        return [pytest.param(c, id=c.id, marks=marks(c)) for c in self.cases]

    def assert_covers(
        self,
        commands: Collection[str],
        not_reached: Mapping[tuple[str, str], str],
        left_out: Callable[[str], bool],
    ) -> None:
        """Each BLOCK or GATE rule that one of ``commands`` declares (unless ``left_out``) is refused by a case, or
        is listed in ``not_reached``; no rule so listed has a case; case ids are unique. An xfail case counts: it
        names a rule the domain should refuse under."""
        covered = {(c.command, c.rule) for c in self.cases}
        missing = [
            (cmd.name, rule.id)
            for cmd in CATALOGUE
            if cmd.name in commands
            for rule in cmd.enforces
            if rule.kind.value in ("BLOCK", "GATE")
            and not left_out(rule.id)
            and (cmd.name, rule.id) not in covered
            and (cmd.name, rule.id) not in not_reached
        ]
        assert missing == []
        assert not set(not_reached) & covered, "a rule listed as not reached has a case"
        assert len({c.id for c in self.cases}) == len(self.cases), "case ids are unique"


def wrong_office(offices: Mapping[str, Role], command: str) -> str:
    """The first of ``offices`` (a registered actor and its one role) whose role ``command`` does not admit."""
    cmd = CATALOGUE.get(command)
    assert cmd is not None
    return next(actor for actor, role in offices.items() if role not in cmd.roles)


def with_path(args: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``args`` with ``path`` (``a.b[0].c``) set to ``value``."""
    out = copy.deepcopy(args)
    node: Any = out
    parts = path.replace("]", "").replace("[", ".").split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    node[int(last) if last.isdigit() else last] = value
    return out


def without(args: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in args.items() if k != key}


# -- running a case ----------------------------------------------------------------------------------


def envelope(w: LedgerWorld, c: Case) -> SignedCommand:
    key = w.keys[c.actor]
    command_id = f"refusal-{next(COUNTER)}"
    if c.raw:
        # What a client that skips sign()'s checks could send: the bytes it signed, as they are.
        fields = make_envelope(
            origin=w.app.info().origin,
            command=c.command,
            args=c.args,
            actor=key.actor,
            key_id=key.key_id,
            issued_at=w.now,
            command_id=command_id,
        )
        data = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        signature = key.private_key.sign(signed_message(command_hash(w.app.hash, data)))
        return SignedCommand(data, fields, signature)
    if not c.forged:
        return w.app.envelope(key, c.command, c.args, command_id)
    fields = make_envelope(
        origin=w.app.info().origin,
        command=c.command,
        args=c.args,
        actor=key.actor,
        key_id=key.key_id,  # the actor's own key id, signed by a key that is not that one
        issued_at=w.now,
        command_id=command_id,
    )
    return sign(fields, FORGER.private_key, w.app.hash)


def expected_type(c: Case) -> type[RuleViolation]:
    if c.error is not None:
        return ERRORS[c.error]
    return ERRORS[CATALOGUE.rules[c.rule].error]


def assert_refused(world: LedgerWorld, c: Case) -> None:
    """``c`` submitted at its time (the world's time is restored): refused with its rule, field and error type,
    and the chain head unchanged."""
    head = world.app.chain.chain_head()
    now = world.now
    if c.at is not None:
        world.now = c.at
    try:
        with pytest.raises(RuleViolation) as info:
            world.app.submit(envelope(world, c))
    finally:
        world.now = now
    e = info.value
    assert (e.rule, e.field) == (c.rule, c.field), f"{type(e).__name__} {e}"
    assert type(e) is expected_type(c), f"{type(e).__name__} {e}"
    assert world.app.chain.chain_head() == head, "a refused command appended something"


def assert_verifies(built: Built) -> None:
    """The independent verifier finds nothing in the built world, and counts every record of its chain."""
    findings, records = verify_chain(built.url)
    assert findings == []
    assert records == built.w.app.chain.chain_size()
