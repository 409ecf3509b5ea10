"""`fundtrail-verify record SOURCE SEQ`: one record, with its arithmetic shown (docs/decisions.md §23, after rekor-cli).

Runs the chain verifier itself up to the end (the seal) of the record's command group, so that
keys by position and the registry are derived exactly as `chain` derives them, then shows each
input of the record hash (§4), the link, the command record, the signature and the seal, each
with ✓ or ✗, and any other finding the group drew.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import cast

from verify import registry
from verify import spec
from verify.checks import ChainVerifier
from verify.checks import parse_command
from verify.checks import verify_signatures

if TYPE_CHECKING:
    from collections.abc import Iterator

    from verify.sources import Source


@dataclass
class Explanation:
    lines: list[str] = field(default_factory=list)
    ok: bool = True

    def check(self, label: str, good: bool, detail: str = "") -> None:
        self.ok &= good
        self.lines.append(f"  {label:<12} {detail}  {'✓' if good else '✗'}")


class _UpTo(ChainVerifier):
    """The chain verifier itself, stopped at the end of the target's group, remembering that group."""

    def __init__(self, source: Source, seq: int) -> None:
        super().__init__(source, jobs=1)
        self.target_seq = seq
        self.group_rows: list[dict[str, Any]] = []
        self.key_then: registry.KeyInfo | None = None
        self.log_key_then = b""
        self.prev_row: dict[str, Any] | None = None

    def _open_group(self, r: dict[str, Any]) -> None:
        if r["seq"] <= self.target_seq:
            self.group_rows = []
            known = self.keys.get(r["key_id"])
            self.key_then = None if known is None else registry.KeyInfo(**vars(known))
            self.log_key_then = self.registry.log_key
        super()._open_group(r)

    def _judge(self, r: dict[str, Any], a: Any) -> None:
        if r["seq"] == self.target_seq:
            self.prev_row = self._prev
        super()._judge(r, a)  # a group opening here empties group_rows
        self.group_rows.append(r)


class _Limited:
    """A source read only up to the end (the seal) of the group holding ``seq``."""

    def __init__(self, source: Source, seq: int) -> None:
        self.source, self.seq = source, seq
        self.name, self.has_nodes = source.name, source.has_nodes

    def records(self) -> Iterator[dict[str, Any]]:
        for r in self.source.records():
            yield r
            if r["seq"] >= self.seq and r["seal"]:
                return

    def unchained_events(self) -> Iterator[dict[str, Any]]:
        return iter(())

    def total(self) -> int | None:
        return None

    def close(self) -> None:
        self.source.close()


def explain(source: Source, seq: int) -> Explanation | None:
    """None if the source holds no record ``seq``."""
    run = _UpTo(cast("Source", _Limited(source, seq)), seq)
    report = run.run()
    rows = run.group_rows
    target = next((r for r in rows if r["seq"] == seq), None)
    if target is None:
        return None
    return _render(run.h, target, run.prev_row, rows, run.key_then, run.log_key_then, report.origin, report.findings)


def _render(
    h: spec.HashFn,
    r: dict[str, Any],
    prev: dict[str, Any] | None,
    group: list[dict[str, Any]],
    key: registry.KeyInfo | None,
    log_key: bytes,
    origin: str,
    findings: list[Any],
) -> Explanation:
    start = group[0]
    out = Explanation()
    out.lines.append(f"seq {r['seq']}  {r['topic']}  stream {r['originator_id']}  version {r['originator_version']}")
    out.lines.append(
        '  hash = H("fundtrail/record/v2\\n" ‖ seq ‖ lp(prev) ‖ lp(stream) ‖ version ‖ lp(topic)'
        " ‖ lp(recorded_at) ‖ lp(H(state)) ‖ lp(actor) ‖ lp(key_id) ‖ lp(command_hash) ‖ lp(signature))"
    )
    expected_prev = bytes(32) if r["seq"] == 1 else (prev["hash"] if prev and prev["seq"] == r["seq"] - 1 else None)
    out.check(
        "prev",
        expected_prev is not None and r["prev_hash"] == expected_prev,
        f"{r['prev_hash'].hex()} (hash of seq {r['seq'] - 1})",
    )
    out.lines.append(f"  {'recorded_at':<12} {r['recorded_at']} (asserted by the operator, never decreasing)")
    state = r.get("state")
    if state is None:
        out.check("state", False, "the stored event is missing")
        return out
    out.check("state", spec.is_canonical(state), f"{len(state)} bytes, H = {h(state).hex()}, canonical JSON")
    out.lines.append(f"  {'actor':<12} {r['actor_id']}  key {r['key_id'].hex()[:16]}…")
    computed = spec.record_hash(h, r, state)
    out.check("= hash", computed == r["hash"], f"{computed.hex()}  stored {r['hash'].hex()}")
    commands = [g for g in group if g["topic"] == spec.COMMAND_TOPIC and g.get("state")]
    parsed = parse_command(h, commands[0]["state"]) if len(commands) == 1 else None
    out.check(
        "command",
        parsed is not None and parsed.hash == r["command_hash"] and parsed.signature == r["signature"],
        f"group seq {start['seq']}–{group[-1]['seq']}, command record "
        f"{commands[0]['seq'] if commands else 'missing'}, envelope hashes to {r['command_hash'].hex()[:16]}…",
    )
    if key is None:
        out.check("signature", False, "the key was never registered before this group")
    else:
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
        out.check("signature", good, 'Ed25519 over "fundtrail/command-signature/v2\\n" ‖ command_hash')
    end = group[-1]
    sealed = [
        f for f in findings if f.code in ("SEAL_INVALID", "UNSEALED_TAIL") and f.seq in (end["seq"], start["seq"])
    ]
    out.check(
        "seal",
        bool(end["seal"]) and not sealed,
        f"log key {spec.sha256(log_key).hex()[:16]}… signed {origin} size {end['seq']} at the group's end",
    )
    mine = [f for f in findings if f.seq is not None and start["seq"] <= f.seq <= end["seq"]]
    for f in mine:
        if f.code not in ("SEAL_INVALID", "UNSEALED_TAIL", "SIG_INVALID", "HASH_MISMATCH", "LINK_MISMATCH"):
            out.check(f.code, False, f"seq {f.seq}: {f.detail or f.message()}")
    return out
