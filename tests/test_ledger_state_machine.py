"""A hypothesis state machine drives the ledger with random commands, valid and invalid.

Invariants: a refused command leaves the head unchanged; an accepted one appends its group;
and whatever the ledger accepted, the independent verifier accepts too — in particular the
ledger's idea of key validity (by position) and the verifier's agree after any sequence of
registrations, rotations and revocations.
"""

from __future__ import annotations

import hashlib
import tempfile
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine
from hypothesis.stateful import invariant
from hypothesis.stateful import rule

from domain.clock import FixedClock
from domain.errors import RuleViolation
from ledger import keys
from ledger.app import AlreadyApplied
from tests.helpers import ORG
from tests.helpers import open_ledger
from verify.checks import ChainVerifier
from verify.sources import open_source

ACTORS = ["a-one", "a-two", "a-three"]
ACCEPTED: list[int] = []  # accepted commands per example, to show the machine did real work
ROLES = ["city_miit", "city_finance", "inspector", "ledger_admin"]


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        self.url = f"sqlite:///{self.tmp.name}/m.sqlite"
        self.app = open_ledger(self.url, FixedClock(datetime(2025, 3, 3, tzinfo=UTC)))
        self.operator = keys.from_seed("operator", bytes([1]) * 32)
        self.app.initialise(
            origin="fundtrail.example/machine",
            operator=self.operator,
            operator_name="运营方",
            organisation={"code": "OP", "name": "运营方", "kind": "operator"},
        )
        self.keys: dict[str, list[keys.ActorKey]] = {}  # every key ever issued per actor, newest last
        self.seed = 10
        self.n = 0
        self.accepted = 0
        self.applied: list[Any] = []  # accepted signed commands, for replays (§5.4)
        self.last_rule = ""  # the rule of the last refusal

    def teardown(self) -> None:
        ACCEPTED.append(self.accepted)
        self.app.close()
        self.tmp.cleanup()

    def _new_key(self, actor: str) -> keys.ActorKey:
        self.seed += 1
        return keys.from_seed(actor, self.seed.to_bytes(32, "big"))

    def _submit(self, key: keys.ActorKey, command: str, args: dict[str, Any]) -> bool:
        self.n += 1
        before = self.app.chain.chain_head()
        signed = self.app.envelope(key, command, args, f"m-{self.n}")
        self.last_rule = ""
        try:
            applied = self.app.submit(signed)
        except RuleViolation as e:
            assert self.app.chain.chain_head() == before, "a refusal appended records"
            self.last_rule = e.rule
            return False
        assert applied.first_seq == before[0] + 1
        self.accepted += 1
        self.applied.append(signed)
        return True

    @rule(data=st.data())
    def replay(self, data: st.DataObject) -> None:
        """The same signed command again is skipped, whatever happened since (§5.4)."""
        if not self.applied:
            return
        signed = data.draw(st.sampled_from(self.applied), label="replayed command")
        before = self.app.chain.chain_head()
        with pytest.raises(AlreadyApplied):
            self.app.submit(signed)
        assert self.app.chain.chain_head() == before

    @rule(data=st.data())
    def reuse_id(self, data: st.DataObject) -> None:
        """Another command under an actor's used id is refused; another actor may use it."""
        if not self.applied:
            return
        used = data.draw(st.sampled_from(self.applied), label="used id")
        key = next((k for ks in self.keys.values() for k in ks if k.actor == used.actor), self.operator)
        args = {"actor_id": "nobody-x", "role": "inspector"}
        before = self.app.chain.chain_head()
        with pytest.raises(RuleViolation) as refused:
            self.app.submit(self.app.envelope(key, "role.grant", args, used.command_id))
        assert self.app.chain.chain_head() == before
        if key.actor == used.actor and refused.value.rule not in ("FT-KEY-REVOKED", "FT-KEY-UNKNOWN", "FT-SIG"):
            assert refused.value.rule in ("FT-COMMAND-ID-CONFLICT", "FT-ACTOR-EXISTS", "FT-ROLE"), refused.value

    @rule(seconds=st.integers(-400, 3600))
    def clock(self, seconds: int) -> None:
        """The operator's clock steps, sometimes back: within 300 s the head's time is recorded, further
        back every command is refused (FT-CLOCK) until the clock catches up (§4.2)."""
        self.app.clock.advance(timedelta(seconds=seconds))  # type: ignore[attr-defined]

    @rule()
    def rotate_log_key(self) -> None:
        """The log key changes hands; later commits are sealed by the new one (§6.5)."""
        self.seed += 1
        new = keys.from_seed("log", self.seed.to_bytes(32, "big"))
        self.n += 1
        before = self.app.chain.chain_head()
        try:
            self.app.rotate_log_key(self.operator, new.private_key, f"m-{self.n}")
        except RuleViolation:
            assert self.app.chain.chain_head() == before
            return
        self.accepted += 1

    def _signer(self, actor: str, data: st.DataObject) -> keys.ActorKey:
        issued = self.keys.get(actor)
        if not issued:
            return self._new_key(actor)  # an actor never registered: must be refused
        return data.draw(st.sampled_from(issued), label="key (maybe revoked)")

    @rule(actor=st.sampled_from(ACTORS), roles=st.lists(st.sampled_from(ROLES), unique=True, max_size=2))
    def register(self, actor: str, roles: list[str]) -> None:
        key = self._new_key(actor)
        ok = self._submit(
            self.operator,
            "actor.register",
            {"actor_id": actor, "name": actor, "organisation": ORG, "roles": roles, "public_key": key.public_b64},
        )
        # Refused only if registered before, or while the clock trails the head by over 300 s (§4.2).
        assert ok == (actor not in self.keys) or self.last_rule == "FT-CLOCK", self.last_rule
        if ok:
            self.keys[actor] = [key]

    @rule(actor=st.sampled_from(ACTORS), role=st.sampled_from(ROLES), grant=st.booleans(), data=st.data())
    def change_role(self, actor: str, role: str, grant: bool, data: st.DataObject) -> None:
        by = self.operator if data.draw(st.booleans(), label="by operator") else self._signer(actor, data)
        self._submit(by, "role.grant" if grant else "role.revoke", {"actor_id": actor, "role": role})

    @rule(actor=st.sampled_from(ACTORS), data=st.data())
    def rotate(self, actor: str, data: st.DataObject) -> None:
        if actor not in self.keys:
            return
        signer = self._signer(actor, data)
        old = data.draw(st.sampled_from(self.keys[actor]), label="key to retire")
        new = self._new_key(actor)
        if self._submit(
            signer, "key.rotate", {"actor_id": actor, "public_key": new.public_b64, "revoke_key_id": old.key_id}
        ):
            self.keys[actor].append(new)

    @rule(actor=st.sampled_from(ACTORS), data=st.data())
    def revoke(self, actor: str, data: st.DataObject) -> None:
        if actor not in self.keys:
            return
        key = data.draw(st.sampled_from(self.keys[actor]), label="key to revoke")
        by = self.operator if data.draw(st.booleans(), label="by operator") else self._signer(actor, data)
        self._submit(by, "key.revoke", {"actor_id": actor, "key_id": key.key_id, "reason": "test"})

    @rule(actor=st.sampled_from(ACTORS), data=st.data(), amount=st.one_of(st.integers(-5, 10**9), st.floats(0, 1)))
    def document(self, actor: str, data: st.DataObject, amount: Any) -> None:
        key = self._signer(actor, data)
        args = {
            "doc_id": f"D-{self.n}",
            "doc_type": "invoice",
            "number": "1",
            "title": "发票",
            "issued_on": "2025-03-01",
            "sha256": hashlib.sha256(f"m-{self.n}".encode()).hexdigest(),
            "issuer": "x",
            "amount_fen": amount,
        }
        if isinstance(amount, float):
            self.n += 1
            return  # floats cannot even be enveloped (tests/test_refusals.py covers it)
        self._submit(key, "document.register", args)

    @invariant()
    def verifier_agrees(self) -> None:
        if self.n % 5:
            return  # checking after every step would be slow; every fifth step and at the end is plenty
        source = open_source(self.url)
        try:
            report = ChainVerifier(source, jobs=1).run()
        finally:
            source.close()
        assert report.findings == [], report.findings[:3]


TestLedgerMachine = LedgerMachine.TestCase
TestLedgerMachine.settings = settings(max_examples=25, stateful_step_count=30, deadline=None)


def test_the_machine_exercised_accepted_commands() -> None:
    """Guards against a machine that only ever hits refusals (a test that asserts nothing)."""
    machine = TestLedgerMachine("runTest")
    machine.runTest()
    assert sum(ACCEPTED) > 25, ACCEPTED
