"""Re-execution: every signed command run again against the state before it (``fundtrail check commands``).

The verifier proves that nobody without the keys altered the log; it cannot tell whether the holder
of the log key recorded more (or other) events than a signed command produces, because it does not
run the domain. This check does: for each command group it rebuilds every aggregate the command reads
as it stood before the group, runs the catalogue's ``execute`` with the group's own record time, and
compares the stored events it would have written with those recorded, byte for byte.
Findings name the record: UNBACKED (recorded, not produced), MISSING (produced, not recorded),
REFUSED (the command would have been refused then, with its rule).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from domain import ids
from domain.actors import Actor
from domain.catalogue import CATALOGUE
from domain.clock import command_time
from domain.errors import RuleViolation
from domain.kernel.admission import ROLE
from ledger.canonical import parse_time
from ledger.envelope import from_line
from ledger.reader import LedgerReader

if TYPE_CHECKING:
    from collections.abc import Iterator
    from uuid import UUID

    from ledger.app import FundtrailLedger

COMMAND_TOPIC = "fundtrail.command.Accepted"


@dataclass(frozen=True)
class Mismatch:
    """One record (or command) that re-execution does not reproduce."""

    code: str
    seq: int
    command: str
    command_id: str
    detail: str


@dataclass
class Summary:
    commands: int = 0
    records: int = 0


def _groups(app: FundtrailLedger) -> Iterator[list[dict[str, Any]]]:
    group: list[dict[str, Any]] = []
    for row in app.chain.records():
        group.append(row)
        if row["seal"]:
            yield group
            group = []
    if group:
        yield group


def recheck(app: FundtrailLedger, summary: Summary | None = None) -> Iterator[Mismatch]:
    """Re-execute every command group after the genesis; yield what does not match."""
    summary = summary if summary is not None else Summary()
    for group in _groups(app):
        first = group[0]
        summary.records += len(group)
        if int(first["seq"]) == 1:
            continue  # the genesis: its facts are judged by the verifier (docs/ledger-format.md §6.1)
        if first["topic"] != COMMAND_TOPIC or first["state"] is None:
            yield Mismatch("UNBACKED", int(first["seq"]), "", "", "a group that does not begin with a command record")
            continue
        summary.commands += 1
        yield from _recheck_group(app, group)


def _recheck_group(app: FundtrailLedger, group: list[dict[str, Any]]) -> Iterator[Mismatch]:
    first = group[0]
    start = int(first["seq"])
    state = json.loads(first["state"])
    signed = from_line(json.dumps({"envelope": json.loads(state["envelope"]), "signature": state["signature"]}))
    name, cid = signed.command, signed.command_id
    command = CATALOGUE.get(name)
    if command is None:
        yield Mismatch("REFUSED", start, name, cid, "not a command of the catalogue")
        return
    now = parse_time(str(first["recorded_at"]))

    def before(stream: UUID) -> Any:
        version = app.chain.stream_version_before(stream, start)
        if version == 0:
            raise AggregateNotFoundError(stream)
        return app.repository.get(stream, version=version)

    try:
        actor = before(ids.actor_stream(signed.actor))
    except AggregateNotFoundError:
        yield Mismatch("REFUSED", start, name, cid, f"no actor {signed.actor} before the command")
        return
    assert isinstance(actor, Actor)
    reader = LedgerReader(
        get=before,
        existing=lambda streams: {s for s in streams if app.chain.stream_version_before(s, start) > 0},
        actor=actor,
        now=now,
        command_id=cid,
        origin=app.info().origin,
        possession=app._proves_possession,
    )
    try:
        if not any(actor.has_role(r) for r in command.roles) and not (
            command.self_service and signed.args.get(command.self_service) == actor.actor_id
        ):
            ROLE.refuse("envelope.actor", f"{actor.actor_id} held {actor.roles} then")
        with command_time(now):
            changed = list(command.execute(command.parse(signed.args), reader))
            events = [e for agg in changed for e in agg.collect_events()]
    except RuleViolation as e:
        yield Mismatch("REFUSED", start, name, cid, f"would have been refused: {e}")
        return
    produced = {}
    for event in events:
        stored = app.mapper.to_stored_event(event)
        produced[(str(stored.originator_id), int(stored.originator_version))] = (stored.topic, bytes(stored.state))
    for row in group[1:]:
        key = (str(row["originator_id"]), int(row["originator_version"]))
        made = produced.pop(key, None)
        if made is None:
            yield Mismatch("UNBACKED", int(row["seq"]), name, cid, f"{row['topic']} is not produced by the command")
        elif made != (row["topic"], row["state"]):
            yield Mismatch("UNBACKED", int(row["seq"]), name, cid, f"{row['topic']} differs from what it produces")
    for (stream, version), (topic, _) in sorted(produced.items()):
        yield Mismatch("MISSING", start, name, cid, f"{topic} of {stream} v{version} is produced but not recorded")
