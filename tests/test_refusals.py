"""Every refusal names the field and the rule, and appends nothing: the head is the same after.

Runs on SQLite and, when FUNDTRAIL_TEST_POSTGRES_URL is set, on PostgreSQL.
"""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

import pytest

from domain.errors import Conflict
from domain.errors import InvalidField
from domain.errors import NotFound
from domain.errors import RuleViolation
from domain.errors import Unauthorised
from ledger.app import AlreadyApplied
from ledger.canonical import canonical_bytes
from ledger.envelope import SignedCommand
from ledger.envelope import from_line
from ledger.envelope import make_envelope
from ledger.envelope import sign
from tests.helpers import ORG
from tests.helpers import World
from tests.helpers import build_world
from tests.helpers import open_ledger
from tests.helpers import seed_key


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path: Any) -> World:
    if request.param == "sqlite":
        return build_world(f"sqlite:///{tmp_path}/l.sqlite")
    return build_world(request.getfixturevalue("pg_ledger_url"))


def refused(w: World, signed: SignedCommand, kind: type[RuleViolation], field: str, rule: str) -> RuleViolation:
    before = w.app.chain.chain_head()
    with pytest.raises(kind) as info:
        w.app.submit(signed)
    assert w.app.chain.chain_head() == before, "a refused command appended something"
    assert info.value.field == field
    assert info.value.rule == rule
    assert field in str(info.value) and rule in str(info.value)
    return info.value


def test_accepted_command_appends_the_command_record_and_its_events(world: World) -> None:
    w = world
    seq_before, _ = w.app.chain.chain_head()
    applied = w.app.submit(w.app.envelope(w.miit, "document.register", w.doc(w.miit, 1), w.cid()))
    assert (applied.first_seq, applied.last_seq) == (seq_before + 1, seq_before + 3)
    topics = [r["topic"] for r in w.app.chain.records(applied.first_seq)]
    assert topics == [
        "fundtrail.command.Accepted",
        "fundtrail.document.Registered",
        "fundtrail.document.ContentClaimed",
    ]


def test_one_file_is_one_document_whatever_its_id(world: World) -> None:
    """A content hash already registered is refused under a new id, naming the first document."""
    w = world
    w.app.submit(w.app.envelope(w.miit, "document.register", w.doc(w.miit, 7), w.cid()))
    again = w.doc(w.ent, 8, sha256=w.doc(w.miit, 7)["sha256"])
    error = refused(w, w.app.envelope(w.ent, "document.register", again, w.cid()), Conflict, "sha256", "FT-DOC-CONTENT")
    assert "DOC-7" in error.detail
    batch = {"documents": [w.doc(w.ent, 9), w.doc(w.ent, 10, sha256=w.doc(w.ent, 9)["sha256"])]}
    error = refused(
        w,
        w.app.envelope(w.ent, "document.register_many", batch, w.cid()),
        Conflict,
        "documents[1].sha256",
        "FT-DOC-CONTENT",
    )
    assert "DOC-9" in error.detail


def test_bad_signature(world: World) -> None:
    w = world
    good = w.app.envelope(w.miit, "document.register", w.doc(w.miit, 2), w.cid())
    bad = dataclasses.replace(good, signature=bytes(64))
    refused(w, bad, Unauthorised, "signature", "FT-SIG")


def test_signature_over_other_bytes(world: World) -> None:
    w = world
    good = w.app.envelope(w.miit, "document.register", w.doc(w.miit, 3), w.cid())
    other = w.app.envelope(w.miit, "document.register", w.doc(w.miit, 4), w.cid())
    refused(w, dataclasses.replace(good, signature=other.signature), Unauthorised, "signature", "FT-SIG")


def test_unknown_key(world: World) -> None:
    w = world
    stranger = seed_key("miit-zhang", 99)
    refused(
        w,
        w.app.envelope(stranger, "document.register", w.doc(stranger, 5), w.cid()),
        Unauthorised,
        "envelope.key_id",
        "FT-KEY-UNKNOWN",
    )


def test_revoked_key(world: World) -> None:
    w = world
    refused(
        w,
        w.app.envelope(w.miit_old, "document.register", w.doc(w.miit_old, 6), w.cid()),
        Unauthorised,
        "envelope.key_id",
        "FT-KEY-REVOKED",
    )


def test_unknown_actor(world: World) -> None:
    w = world
    ghost = seed_key("ghost", 98)
    refused(
        w,
        w.app.envelope(ghost, "document.register", w.doc(ghost, 7), w.cid()),
        Unauthorised,
        "envelope.actor",
        "FT-ACTOR",
    )


def test_wrong_role(world: World) -> None:
    w = world
    refused(
        w,
        w.app.envelope(w.ent, "role.grant", {"actor_id": "ent-hongxing", "role": "city_finance"}, w.cid()),
        Unauthorised,
        "envelope.actor",
        "FT-ROLE",
    )


def test_may_not_rotate_someone_elses_key(world: World) -> None:
    w = world
    new = seed_key("miit-zhang", 50)
    refused(
        w,
        w.app.envelope(
            w.ent,
            "key.rotate",
            {"actor_id": "miit-zhang", "public_key": new.public_b64, "revoke_key_id": w.miit.key_id},
            w.cid(),
        ),
        Unauthorised,
        "envelope.actor",
        "FT-ROLE",
    )


def test_wrong_origin(world: World) -> None:
    w = world
    fields = make_envelope(
        origin="fundtrail.example/other",
        command="document.register",
        args=w.doc(w.miit, 8),
        actor="miit-zhang",
        key_id=w.miit.key_id,
        issued_at=w.app.clock.now(),
        command_id=w.cid(),
    )
    refused(w, sign(fields, w.miit.private_key, w.app.hash), Unauthorised, "envelope.origin", "FT-ORIGIN")


def test_issued_in_the_future(world: World) -> None:
    w = world
    from datetime import UTC
    from datetime import datetime

    signed = w.app.envelope(
        w.miit, "document.register", w.doc(w.miit, 9), w.cid(), issued_at=datetime(2025, 6, 1, tzinfo=UTC)
    )
    refused(w, signed, InvalidField, "envelope.issued_at", "FT-TIME")


def test_unknown_command(world: World) -> None:
    w = world
    refused(
        w, w.app.envelope(w.miit, "subsidy.pay_everyone", {}, w.cid()), InvalidField, "envelope.command", "FT-COMMAND"
    )


@pytest.mark.parametrize(
    ("override", "field", "rule"),
    [
        ({"issued_on": "2025-02-30"}, "issued_on", "FT-FIELD"),
        ({"sha256": "XYZ"}, "sha256", "FT-FIELD"),
        ({"amount_fen": "1280000.00"}, "amount_fen", "FT-MONEY"),
        ({"amount_fen": -1}, "amount_fen", "FT-MONEY"),
        ({"amount_fen": True}, "amount_fen", "FT-MONEY"),
        ({"title": ""}, "title", "FT-FIELD"),
        ({"colour": "red"}, "colour", "FT-FIELD"),
        ({"doc_id": "a b"}, "doc_id", "FT-FIELD"),
    ],
)
def test_malformed_document_fields(world: World, override: dict[str, Any], field: str, rule: str) -> None:
    w = world
    refused(
        w,
        w.app.envelope(w.miit, "document.register", w.doc(w.miit, 10, **override), w.cid()),
        InvalidField,
        field,
        rule,
    )


def test_float_money_cannot_even_be_enveloped(world: World) -> None:
    w = world
    with pytest.raises(InvalidField, match="floats") as info:
        w.app.envelope(w.miit, "document.register", w.doc(w.miit, 11, amount_fen=1.5), w.cid())
    assert (info.value.field, info.value.rule) == ("envelope.args", "FT-ENVELOPE")


def test_duplicate_document(world: World) -> None:
    w = world
    w.app.submit(w.app.envelope(w.miit, "document.register", w.doc(w.miit, 12), w.cid()))
    refused(
        w, w.app.envelope(w.miit, "document.register", w.doc(w.miit, 12), w.cid()), Conflict, "doc_id", "FT-DOC-UNIQUE"
    )


def test_duplicate_actor_and_reused_key(world: World) -> None:
    w = world
    args = {
        "actor_id": "miit-zhang",
        "name": "x",
        "organisation": ORG,
        "roles": [],
        "public_key": seed_key("x", 60).public_b64,
    }
    refused(w, w.app.envelope(w.operator, "actor.register", args, w.cid()), Conflict, "actor_id", "FT-ACTOR-UNIQUE")
    args = {"actor_id": "fin-li", "name": "李娜", "organisation": ORG, "roles": [], "public_key": w.ent.public_b64}
    refused(w, w.app.envelope(w.operator, "actor.register", args, w.cid()), Conflict, "public_key", "FT-KEY-UNIQUE")


@pytest.mark.parametrize(
    ("args", "field", "rule"),
    [
        (
            {"actor_id": "Bad Id", "name": "x", "organisation": ORG, "roles": [], "public_key": "AAAA"},
            "actor_id",
            "FT-FIELD",
        ),
        (
            {"actor_id": "fin-li", "name": "x", "organisation": ORG, "roles": ["king"], "public_key": "AAAA"},
            "roles[0]",
            "FT-ROLE",
        ),
        (
            {
                "actor_id": "fin-li",
                "name": "x",
                "organisation": {**ORG, "kind": "mafia"},
                "roles": [],
                "public_key": "AAAA",
            },
            "organisation.kind",
            "FT-ORG",
        ),
        (
            {"actor_id": "fin-li", "name": "x", "organisation": ORG, "roles": [], "public_key": "AAAA"},
            "public_key",
            "FT-FIELD",
        ),
    ],
)
def test_malformed_actor_registration(world: World, args: dict[str, Any], field: str, rule: str) -> None:
    w = world
    refused(w, w.app.envelope(w.operator, "actor.register", args, w.cid()), InvalidField, field, rule)


def test_role_and_key_state_conflicts(world: World) -> None:
    w = world
    refused(
        w,
        w.app.envelope(w.operator, "role.grant", {"actor_id": "miit-zhang", "role": "city_miit"}, w.cid()),
        Conflict,
        "role",
        "FT-ROLE-GRANT",
    )
    refused(
        w,
        w.app.envelope(w.operator, "role.revoke", {"actor_id": "miit-zhang", "role": "inspector"}, w.cid()),
        Conflict,
        "role",
        "FT-ROLE-REVOKE",
    )
    refused(
        w,
        w.app.envelope(
            w.operator, "key.revoke", {"actor_id": "miit-zhang", "key_id": w.miit_old.key_id, "reason": "x"}, w.cid()
        ),
        Conflict,
        "key_id",
        "FT-KEY-REVOKE",
    )
    refused(
        w,
        w.app.envelope(w.operator, "role.grant", {"actor_id": "nobody", "role": "city_miit"}, w.cid()),
        NotFound,
        "actor_id",
        "FT-ACTOR-EXISTS",
    )


def test_replayed_command_id_is_not_applied_twice(world: World) -> None:
    w = world
    signed = w.app.envelope(w.miit, "document.register", w.doc(w.miit, 13), "same-id")
    first = w.app.submit(signed)
    before = w.app.chain.chain_head()
    with pytest.raises(AlreadyApplied) as info:
        w.app.submit(from_line(signed.to_line()))
    assert info.value.seq == first.first_seq
    assert w.app.chain.chain_head() == before


def test_malformed_envelope_lines() -> None:
    with pytest.raises(InvalidField) as info:
        from_line('{"envelope": {"v": 2}, "signature": "AA=="}')
    assert info.value.field.startswith("envelope.")
    with pytest.raises(InvalidField, match="signature"):
        from_line('{"envelope": ' + sign_fields_line() + ', "signature": "not base64!"}')


def sign_fields_line() -> str:
    import json

    fields = make_envelope(
        origin="o.example",
        command="document.register",
        args={},
        actor="a-b",
        key_id="0" * 64,
        issued_at=__import__("datetime").datetime(2025, 1, 1, tzinfo=__import__("datetime").UTC),
        command_id="c",
    )
    return json.dumps(fields)


def test_revocation_takes_effect_for_the_next_command(world: World) -> None:
    w = world
    w.app.submit(
        w.app.envelope(
            w.operator, "key.revoke", {"actor_id": "ent-hongxing", "key_id": w.ent.key_id, "reason": "lost"}, w.cid()
        )
    )
    refused(
        w,
        w.app.envelope(w.ent, "document.register", w.doc(w.ent, 14), w.cid()),
        Unauthorised,
        "envelope.key_id",
        "FT-KEY-REVOKED",
    )
    assert base64.b64decode(w.ent.public_b64)


def test_genesis_refusals_leave_the_ledger_empty(tmp_path: Any) -> None:
    from datetime import UTC
    from datetime import datetime

    from domain.clock import FixedClock

    app = open_ledger(f"sqlite:///{tmp_path}/g.sqlite", FixedClock(datetime(2025, 3, 3, tzinfo=UTC)))
    op = seed_key("operator", 7)
    cases = [
        ({"origin": "Not An Origin!"}, InvalidField, "origin", "FT-ORIGIN"),
        (
            {"organisation": {"code": "OP", "name": "x", "kind": "pirates"}},
            InvalidField,
            "operator.organisation.kind",
            "FT-ORG",
        ),
        ({"hash_algorithm": "md5"}, InvalidField, "hash_algorithm", "FT-HASH"),
    ]
    for override, kind, field, rule in cases:
        kwargs: dict[str, Any] = {
            "origin": "fundtrail.example/g",
            "operator": op,
            "operator_name": "运营方",
            "organisation": {"code": "OP", "name": "运营方", "kind": "operator"},
        }
        kwargs.update(override)
        with pytest.raises(kind) as info:
            app.initialise(**kwargs)
        assert (info.value.field, info.value.rule) == (field, rule)
        assert app.chain.chain_head() == (0, b"")
    app.initialise(
        origin="fundtrail.example/g",
        operator=op,
        operator_name="运营方",
        organisation={"code": "OP", "name": "运营方", "kind": "operator"},
    )
    head = app.chain.chain_head()
    with pytest.raises(Conflict) as info:
        app.initialise(
            origin="fundtrail.example/g2",
            operator=op,
            operator_name="运营方",
            organisation={"code": "OP", "name": "运营方", "kind": "operator"},
        )
    assert info.value.rule == "FT-INIT" and app.chain.chain_head() == head


def test_the_ledger_acts_only_on_the_bytes_that_were_signed(world: World) -> None:
    """A SignedCommand built by hand whose fields say more than its signed bytes is refused: the ledger
    never applies fields the actor did not sign (docs/ledger-format.md §5.1)."""
    w = world
    good = w.app.envelope(w.miit, "document.register", w.doc(w.miit, 20, amount_fen=100_000), w.cid())
    inflated = dict(good.fields, args=dict(good.fields["args"], amount_fen=1_000_000_000))
    forged = SignedCommand(good.envelope, inflated, good.signature)
    refused(w, forged, InvalidField, "envelope", "FT-ENVELOPE")
    # Built by hand but consistent, it is admitted like any other.
    applied = w.app.submit(SignedCommand(good.envelope, dict(good.fields), good.signature))
    assert applied.count == 3


def test_a_malformed_envelope_is_never_signed_nor_applied(world: World) -> None:
    """What the verifier would call ENVELOPE_INVALID, the ledger refuses first (§5.1)."""
    w = world
    before = w.app.chain.chain_head()
    with pytest.raises(InvalidField) as info:
        w.app.envelope(w.miit, "document.register", w.doc(w.miit, 21), "bad id!")
    assert (info.value.field, info.value.rule) == ("envelope.command_id", "FT-ENVELOPE")
    signed = w.app.envelope(w.miit, "document.register", w.doc(w.miit, 21), w.cid())
    raw = dict(signed.fields, command_id="bad id!")
    refused(
        w,
        SignedCommand(canonical_bytes(raw), raw, signed.signature),
        InvalidField,
        "envelope.command_id",
        "FT-ENVELOPE",
    )
    assert w.app.chain.chain_head() == before
