"""`fundtrail-verify record SOURCE SEQ`: one record, with its arithmetic shown (ux.md, after rekor-cli).

Walks the log up to the record (collecting keys by position, docs/ledger-format.md §6.3) and to
the end of its command group, then shows each input of the record hash (§4), the link, the
command record and the signature check, each with ✓ or ✗.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

from verify import spec
from verify.checks import KeyInfo
from verify.checks import _parse_command
from verify.checks import _parse_key_event
from verify.checks import verify_signatures

if TYPE_CHECKING:
    from verify.sources import Source


@dataclass
class Explanation:
    lines: list[str] = field(default_factory=list)
    ok: bool = True

    def check(self, label: str, good: bool, detail: str = "") -> None:
        self.ok &= good
        self.lines.append(f"  {label:<12} {detail}  {'✓' if good else '✗'}")


def explain(source: Source, seq: int) -> Explanation | None:
    """None if the source holds no record ``seq``."""
    keys: dict[bytes, KeyInfo] = {}
    h: spec.HashFn = spec.sha256
    prev: dict[str, Any] | None = None
    target: dict[str, Any] | None = None
    group_start: dict[str, Any] | None = None
    group: list[dict[str, Any]] = []
    group_keys: dict[bytes, KeyInfo] = {}  # keys as of the group's first record (§6.3)
    for r in source.records():
        ident = (r["command_hash"], r["signature"], r["key_id"], r["actor_id"])
        if target is not None and ident != (
            target["command_hash"],
            target["signature"],
            target["key_id"],
            target["actor_id"],
        ):
            break  # past the target's command group
        if r["seq"] == 1 and r["state"]:
            _genesis_key(r, keys)
            h = spec.HASHES.get(_genesis_alg(r), spec.sha256)
        if target is None:
            if group_start is None or ident != (
                group_start["command_hash"],
                group_start["signature"],
                group_start["key_id"],
                group_start["actor_id"],
            ):
                group_start, group = r, []
                group_keys = {
                    k: KeyInfo(v.actor, v.public_key, v.registered_seq, v.revoked_seq) for k, v in keys.items()
                }
            group.append(r)
            if r["seq"] == seq:
                target = r
            else:
                prev = r
        else:
            group.append(r)
        if r["state"] and r["topic"] in (spec.KEY_REGISTERED_TOPIC, spec.KEY_REVOKED_TOPIC):
            _apply_key_event(r, keys)
    if target is None or group_start is None:
        return None
    return _render(h, target, prev, group_start, group, group_keys)


def _genesis_alg(r: dict[str, Any]) -> str:
    import json

    try:
        return str(json.loads(r["state"])["hash_algorithm"])
    except (ValueError, KeyError, TypeError):
        return "sha256"


def _genesis_key(r: dict[str, Any], keys: dict[bytes, KeyInfo]) -> None:
    import base64
    import json

    try:
        operator = json.loads(r["state"])["operator"]
        public = base64.b64decode(operator["public_key"])
        keys[spec.sha256(public)] = KeyInfo(str(operator["actor_id"]), public, registered_seq=0)
    except (ValueError, KeyError, TypeError):
        return


def _apply_key_event(r: dict[str, Any], keys: dict[bytes, KeyInfo]) -> None:
    event = _parse_key_event(r["topic"], r["state"])
    if event is None:
        return
    kind, kid, actor, public = event
    known = keys.get(kid)
    if kind == "registered":
        if known is None or known.registered_seq == 0:
            keys[kid] = KeyInfo(actor, public, registered_seq=r["seq"])
    elif known is not None and known.revoked_seq is None:
        known.revoked_seq = r["seq"]


def _render(
    h: spec.HashFn,
    r: dict[str, Any],
    prev: dict[str, Any] | None,
    start: dict[str, Any],
    group: list[dict[str, Any]],
    keys: dict[bytes, KeyInfo],
) -> Explanation:
    out = Explanation()
    out.lines.append(f"seq {r['seq']}  {r['topic']}  stream {r['originator_id']}  version {r['originator_version']}")
    out.lines.append(
        '  hash = H("fundtrail/record/v1\\n" ‖ seq ‖ lp(prev) ‖ lp(stream) ‖ version ‖ lp(topic)'
        " ‖ lp(recorded_at) ‖ lp(H(state)) ‖ lp(actor) ‖ lp(key_id) ‖ lp(command_hash) ‖ lp(signature))"
    )
    expected_prev = bytes(32) if r["seq"] == 1 else (prev["hash"] if prev and prev["seq"] == r["seq"] - 1 else None)
    out.check(
        "prev",
        expected_prev is not None and r["prev_hash"] == expected_prev,
        f"{r['prev_hash'].hex()} (hash of seq {r['seq'] - 1})",
    )
    out.lines.append(f"  {'recorded_at':<12} {r['recorded_at']} (asserted by the operator)")
    state = r.get("state")
    if state is None:
        out.check("state", False, "the stored event is missing")
        return out
    out.check("state", spec.is_canonical(state), f"{len(state)} bytes, H = {h(state).hex()}, canonical JSON")
    out.lines.append(f"  {'actor':<12} {r['actor_id']}  key {r['key_id'].hex()[:16]}…")
    computed = spec.record_hash(h, r, state)
    out.check("= hash", computed == r["hash"], f"{computed.hex()}  stored {r['hash'].hex()}")
    commands = [g for g in group if g["topic"] == spec.COMMAND_TOPIC and g.get("state")]
    parsed = _parse_command(h, commands[0]["state"]) if len(commands) == 1 else None
    out.check(
        "command",
        parsed is not None and parsed[0] == r["command_hash"] and parsed[4] == r["signature"],
        f"group seq {start['seq']}–{group[-1]['seq']}, command record "
        f"{commands[0]['seq'] if commands else 'missing'}, envelope hashes to {r['command_hash'].hex()[:16]}…",
    )
    key = keys.get(r["key_id"])
    if key is None:
        out.check("signature", False, "the key was never registered before this group")
        return out
    valid = (
        key.actor == r["actor_id"]
        and key.registered_seq < start["seq"]
        and (key.revoked_seq is None or key.revoked_seq >= start["seq"])
    )
    revoked = f", revoked at seq {key.revoked_seq}" if key.revoked_seq is not None else ""
    out.check(
        "key",
        valid,
        f"{key.actor}'s key registered at seq {key.registered_seq}{revoked}; group starts at {start['seq']}",
    )
    (good,) = verify_signatures([(key.public_key, r["signature"], spec.signed_message(r["command_hash"]))])
    out.check("signature", good, 'Ed25519 over "fundtrail/command-signature/v1\\n" ‖ command_hash')
    return out
