"""Both command-line tools driven in process with mutated inputs (hypothesis).

Whatever the input, each run ends with a documented exit code and no traceback: no exception
escapes (CliRunner would hold it), no "internal error" line (the last-resort net of both tools),
and the code means what it should: a damaged file is never "verified" (0), a bad option value
is a usage error (2). One small real ledger is built per module; tests that write copy it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from click.testing import Result
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from fundtrail.cli import MAX_SEQ
from fundtrail.cli import main as fundtrail
from tests.test_cli import AT
from tests.test_cli import make_ledger
from tests.test_cli import run
from verify import note as notes
from verify.cli import main as verify
from verify.sources import BundleSource
from verify.sources import SourceError

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Inputs a careless or hostile file may hold, beside random bytes: deep nesting and long numbers
# (json's own limits), non-objects, invalid UTF-8, NULs, a stray signature line.
SPECIAL = [
    b"",
    b"\n",
    b"null",
    b"[]",
    b"{}",
    b'"text"',
    b"1",
    b"1e999",
    b"9" * 5000,
    b"[" * 100_000,
    b'{"a":' * 50_000,
    b"\xff\xfe\x00\x01",
    b"\xc3\x28\n",
    b"\x00" * 16,
    "\u2014 x AAAAAAAAAA==\n".encode(),
]
DEEP, HUGE = "@@deep@@", "@@huge@@"  # replaced in the JSON text: Python cannot dump them itself
WEIRD: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.just("A" * 300),
    st.just("\ud800"),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from([DEEP, HUGE]),
)


def _paths(doc: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*at, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*at, i))
    return out


def _replaced(doc: Any, path: tuple[Any, ...], value: Any) -> bytes:
    doc = json.loads(json.dumps(doc))
    if not path:
        doc = value
    else:
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = value
    text = json.dumps(doc)
    return text.replace(f'"{DEEP}"', "[" * 5000 + "]" * 5000).replace(f'"{HUGE}"', "9" * 5000).encode()


def mutated(original: bytes) -> st.SearchStrategy[bytes]:
    """The file as it might arrive damaged: replaced, truncated, overwritten, grown, or (for JSON)
    one value swapped for a strange one."""
    n = len(original)
    strategies = [
        st.sampled_from(SPECIAL),
        st.binary(max_size=200),
        st.integers(0, n).map(lambda i: original[:i]),
        st.tuples(st.integers(0, max(n - 1, 0)), st.binary(min_size=1, max_size=4)).map(
            lambda t: original[: t[0]] + t[1] + original[t[0] + len(t[1]) :]
        ),
        st.tuples(st.integers(0, n), st.binary(min_size=1, max_size=4)).map(
            lambda t: original[: t[0]] + t[1] + original[t[0] :]
        ),
    ]
    try:
        doc = json.loads(original)
    except ValueError:
        return st.one_of(strategies)
    json_mutations = st.tuples(st.sampled_from(_paths(doc)), WEIRD).map(lambda t: _replaced(doc, *t))
    return st.one_of(*strategies, json_mutations, json_mutations)  # JSON-aware mutations twice as often


def check(result: Result, allowed: set[int]) -> int:
    """No traceback, no internal error, a documented exit code among those ``allowed``."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in allowed, (result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output[-2000:]
    return result.exit_code


def same_json(a: bytes, b: bytes) -> bool:
    """The same JSON value (compared as text: in Python True == 1 and 1.0 == 1)."""
    try:
        return _canonical(json.loads(a)) == _canonical(json.loads(b))
    except (ValueError, RecursionError):
        return False


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


class World:
    """One small ledger and every file the tools exchange about it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {"FUNDTRAIL_LEDGER": f"sqlite:///{root}/l.sqlite", "FUNDTRAIL_AT": AT, "LANG": "en_US.UTF-8"}
        self.keys = make_ledger(root, self.env)
        self.log_key = Path(self.env["FUNDTRAIL_LOG_KEY"])
        ent = self.keys["ent-hongxing"]
        self.lines = [
            run(["sign", "document.register", "--args", json.dumps(_doc(i)), "--command-id", f"f-{i}"], self.env, ent)
            .strip()
            .encode()
            for i in range(2)
        ]
        self.vkey = root / "log.vkey"
        self.vkey.write_text(run(["vkey"], self.env))
        self.cp1 = root / "cp1"
        run(["checkpoint", "-o", str(self.cp1)], self.env)
        batch = root / "batch.jsonl"
        batch.write_bytes(b"\n".join(self.lines) + b"\n")
        run(["apply", str(batch)], self.env)
        self.cp2 = root / "cp2"
        self.size2 = int(run(["checkpoint", "-o", str(self.cp2)], self.env).split("\n")[1])
        self.size1 = int(self.cp1.read_text().split("\n")[1])
        self.head = self.size2
        self.proof = root / "proof"
        run(["proof", "consistency", str(self.size1), str(self.size2), "-o", str(self.proof)], self.env)
        self.receipt = root / "receipt.json"
        run(["receipt", str(self.size2), "--checkpoint", str(self.cp2), "-o", str(self.receipt)], self.env)
        self.bundle = root / "bundle"
        run(["export", "-o", str(self.bundle)], self.env)
        self.witness_key = root / "witness.json"
        run(["keys", "new", "witness", "-o", str(self.witness_key)], self.env)
        self.state = root / "state.json"
        cosigned = CliRunner().invoke(verify, [*self.cosign_args(self.state), "-o", str(root / "cp1w"), str(self.cp1)])
        assert cosigned.exit_code == 0, cosigned.output

    def cosign_args(self, state: Path, key: Path | None = None) -> list[str]:
        key = key or self.witness_key
        identity = ["--key", str(key), "--name", "w.example", "--log-key", str(self.vkey), "--time", "1743476400"]
        return ["witness", "cosign", "--state", str(state), *identity]

    def ledger_copy(self, into: Path) -> dict[str, str]:
        """A private copy of the ledger (sqlite backup) and an environment pointing at it."""
        with sqlite3.connect(self.root / "l.sqlite") as src, sqlite3.connect(into / "l.sqlite") as dst:
            src.backup(dst)
        return {**self.env, "FUNDTRAIL_LEDGER": f"sqlite:///{into}/l.sqlite"}


def _doc(i: int) -> dict[str, Any]:
    return {
        "doc_id": f"F-{i}",
        "doc_type": "invoice",
        "number": f"N-{i}",
        "title": "发票",
        "issued_on": "2025-03-01",
        "sha256": hashlib.sha256(f"F-{i}".encode()).hexdigest(),  # one file, one document
        "issuer": "红星",
        "amount_fen": 100 + i,
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World(tmp_path_factory.mktemp("fuzz"))


def _ft(args: list[str], env: dict[str, str]) -> Result:
    return CliRunner().invoke(fundtrail, args, env=env)


def _fv(args: list[str]) -> Result:
    return CliRunner().invoke(verify, args, env={"LANG": "en_US.UTF-8"})


def _private(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    path.chmod(0o600)
    return path


# -- fundtrail ----------------------------------------------------------------------------------


@SLOW
@given(data=st.data())
def test_apply_files_with_damaged_lines(world: World, data: st.DataObject) -> None:
    which = data.draw(st.integers(0, 1))
    line = data.draw(mutated(world.lines[which]))
    lines = list(world.lines)
    lines[which] = line
    with tempfile.TemporaryDirectory() as tmp:
        env = world.ledger_copy(Path(tmp))
        batch = Path(tmp) / "b.jsonl"
        batch.write_bytes(b"\n".join(lines) + b"\n")
        # Both lines are in the ledger already: unchanged ones are skipped, anything else refused.
        code = check(_ft(["apply", str(batch)], env), {0, 1})
        if not line.strip() or (b"\n" not in line and same_json(line, world.lines[which])):  # JSONL: one per line
            assert code == 0
        if code == 1:
            assert "refused" in _ft(["apply", str(batch)], env).output


@FAST
@given(
    text=st.one_of(
        st.text(max_size=60),
        mutated(json.dumps(_doc(0)).encode()).map(
            lambda b: b.decode("utf-8", "surrogateescape")  # what argv holds for bytes that are not UTF-8
        ),
    )
)
def test_sign_args_are_an_object_or_a_usage_error(world: World, text: str) -> None:
    result = _ft(
        ["sign", "document.register", "--args", text, "--command-id", "x", "--origin", "fundtrail.example/cli"],
        {**world.env, "FUNDTRAIL_KEY": str(world.keys["ent-hongxing"])},
    )
    code = check(result, {0, 1, 2})
    try:
        is_object = isinstance(json.loads(text), dict)
    except (ValueError, RecursionError):
        is_object = False
    assert (code == 2) == (not is_object), result.output


@FAST
@given(
    at=st.one_of(
        st.text(max_size=40),
        st.datetimes().map(lambda d: d.isoformat()),
        st.sampled_from(["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59+14:00", "2025-02-30"]),
    )
)
def test_at_values(world: World, at: str) -> None:
    result = _ft(["--at", at, "log", "--limit", "1"], world.env)
    code = check(result, {0, 2})
    if code == 0 and at.strip():
        assert "clock fixed at" in result.stderr
    if code == 2:
        assert "--at" in result.output


SIZES = st.one_of(st.integers(-2, 20), st.integers(0, 2**66), st.sampled_from([MAX_SEQ, MAX_SEQ + 1]))


@FAST
@given(old=SIZES, new=SIZES)
def test_proof_sizes(world: World, old: int, new: int) -> None:
    code = check(_ft(["proof", "consistency", "--", str(old), str(new)], world.env), {0, 1, 2})
    if min(old, new) < 0 or max(old, new) > MAX_SEQ or old > new:
        assert code == 2
    else:
        assert code == (1 if new > world.head else 0)


@FAST
@given(seq=SIZES, command=st.sampled_from(["show", "checkpoint", "receipt"]))
def test_record_numbers(world: World, seq: int, command: str) -> None:
    args = {
        "show": ["show", "--", str(seq)],
        "checkpoint": ["checkpoint", "--size", str(seq)],
        "receipt": ["receipt", "-o", os.devnull, "--force", "--", str(seq)],
    }[command]
    code = check(_ft(args, world.env), {0, 1, 2})
    if seq < 1 or seq > MAX_SEQ:
        assert code == 2
    elif seq > world.head:
        assert code == 1


@FAST
@given(stream=st.one_of(st.text(max_size=40), st.sampled_from(["actor:", "actor:nobody", "actor:ent-hongxing"])))
def test_stream_names(world: World, stream: str) -> None:
    check(_ft(["history", "--", stream], world.env), {0, 1, 2})
    check(_ft(["log", "--stream", stream], world.env), {0, 1, 2})


@SLOW
@given(data=st.data(), which=st.sampled_from(["--key", "--log-key"]))
def test_damaged_key_files(world: World, data: st.DataObject, which: str) -> None:
    original = (world.keys["operator"] if which == "--key" else world.log_key).read_bytes()
    damaged = data.draw(mutated(original))
    with tempfile.TemporaryDirectory() as tmp:
        key = _private(Path(tmp) / "k.json", damaged)
        if which == "--key":
            args = [
                "--key",
                str(key),
                "sign",
                "role.grant",
                "--args",
                "{}",
                "--command-id",
                "x",
                "--origin",
                "o.example",
            ]
            env = world.env
        else:  # a fresh ledger, so that any well-formed log key may start one
            args = ["--key", str(world.keys["operator"]), "--log-key", str(key), "init", "--origin", "o.example"]
            env = {**world.env, "FUNDTRAIL_LEDGER": f"sqlite:///{tmp}/new.sqlite"}
        result = _ft(args, env)
        code = check(result, {0, 1, 3})
        if code == 3:
            assert which in result.output and "key file" in result.output
        if same_json(damaged, original):
            assert code == 0


# -- fundtrail-verify ---------------------------------------------------------------------------


@SLOW
@given(data=st.data())
def test_bundle_records(world: World, data: st.DataObject) -> None:
    lines = (world.bundle / "records.jsonl").read_bytes().splitlines()
    which = data.draw(st.integers(0, len(lines) - 1))
    damaged = data.draw(mutated(lines[which]))
    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "b"
        shutil.copytree(world.bundle, bundle)
        (bundle / "records.jsonl").write_bytes(b"\n".join([*lines[:which], damaged, *lines[which + 1 :]]) + b"\n")
        code = check(_fv(["chain", str(bundle), "--jobs", "1", "--log-key", str(world.vkey)]), {0, 1, 3})
        if code == 0:  # then the verifier read the same records, up to what no hash covers
            before, after = _as_read(world.bundle), _as_read(bundle)
            assert before is not None and after is not None and len(before) == len(after)
            changed = _changed_paths(before[which], after[which])
            unknown = [p for p in changed if len(p) == 1 and isinstance(p[0], str) and p[0] not in before[which]]
            ignored = unknown + [p for p in changed if p[-1] in _INFORMATIONAL and p not in unknown]
            assert set(changed) == set(ignored), (changed, damaged[:300])


# The events table's own columns (§3.1): only their order and agreement are checked, so a bundle
# may drop event_topic or renumber notification ids without a finding; nothing else escapes.
_INFORMATIONAL = ("notification_id", "event_topic")


def _as_read(bundle: Path) -> list[dict[str, Any]] | None:
    """A bundle's records as the verifier's own reader yields them (lenient base64, empty bytes
    for null, text for numbers...), bytes as hex; None if it cannot read them."""
    try:
        rows = list(BundleSource(str(bundle)).records())
    except (SourceError, ValueError, TypeError, AttributeError, KeyError, RecursionError):
        return None
    return [{k: v.hex() if isinstance(v, bytes) else v for k, v in row.items()} for row in rows]


def _added(original: Any, path: tuple[Any, ...]) -> bool:
    """Whether ``path`` names a key that the original JSON value does not have."""
    node = original
    for key in path[:-1]:
        if (isinstance(node, dict) and key in node) or (
            isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
        ):
            node = node[key]
        else:
            return True
    return isinstance(node, dict) and path[-1] not in node


def _changed_paths(a: Any, b: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Where two JSON values differ: the paths of changed, added and removed values."""
    if isinstance(a, dict) and isinstance(b, dict):
        changed = [(*at, k) for k in a.keys() ^ b.keys()]
        return changed + [p for k in a.keys() & b.keys() for p in _changed_paths(a[k], b[k], (*at, k))]
    return [] if _canonical(a) == _canonical(b) else [at or (None,)]  # None: the whole value


@SLOW
@given(data=st.data())
def test_bundle_manifest(world: World, data: st.DataObject) -> None:
    original = (world.bundle / "manifest.json").read_bytes()
    damaged = data.draw(mutated(original))
    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "b"
        shutil.copytree(world.bundle, bundle)
        (bundle / "manifest.json").write_bytes(damaged)
        code = check(_fv(["chain", str(bundle), "--jobs", "1", "--progress"]), {0, 3})
        try:
            is_object = isinstance(json.loads(damaged), dict)
        except (ValueError, RecursionError):
            is_object = False
        # The manifest is informational (keys come from the records): any object will do.
        assert (code == 0) == is_object


def _unchanged_checkpoint(damaged: bytes, original: bytes) -> bool:
    """Still the same checkpoint with the log's signature: extra signature lines are allowed (C2SP)."""
    try:
        was, now = notes.parse_note(original.decode()), notes.parse_note(damaged.decode())
    except (ValueError, notes.NoteError):
        return False
    return now.text == was.text and was.signatures[0] in now.signatures


@SLOW
@given(data=st.data())
def test_kept_checkpoints(world: World, data: st.DataObject) -> None:
    original = world.cp2.read_bytes()
    damaged = data.draw(mutated(original))
    with tempfile.TemporaryDirectory() as tmp:
        cp = Path(tmp) / "cp"
        cp.write_bytes(damaged)
        result = _fv(["chain", world.env["FUNDTRAIL_LEDGER"], "--jobs", "1", "--checkpoint", str(cp)])
        code = check(result, {0, 1, 3})
        assert (code == 0) == _unchanged_checkpoint(damaged, original), result.output


@FAST
@given(data=st.data(), target=st.sampled_from(["proof", "old", "new", "key"]))
def test_consistency_inputs(world: World, data: st.DataObject, target: str) -> None:
    files = {"proof": world.proof, "old": world.cp1, "new": world.cp2, "key": world.vkey}
    original = files[target].read_bytes()
    damaged = data.draw(mutated(original))
    with tempfile.TemporaryDirectory() as tmp:
        files[target] = Path(tmp) / target
        files[target].write_bytes(damaged)
        args = ["consistency", str(files["old"]), str(files["new"]), "--proof", str(files["proof"])]
        result = _fv([*args, "--log-key", str(files["key"])])
        code = check(result, {0, 1, 2, 3})
        if target == "proof":
            lines = [x.strip(b" \t\r") for x in damaged.split(b"\n")]
            try:
                nodes = [base64.b64decode(x, validate=True) for x in lines if x]
                well_formed = all(len(x) == 32 for x in nodes)
            except ValueError:
                well_formed, nodes = False, []
            # A proof that is not base64 hashes is a broken file (3), never a finding.
            expected = {3} if not well_formed else ({0} if nodes == _proof(original) else {1})
            assert code in expected, result.output
        elif target in ("old", "new"):
            assert code != 0 or _unchanged_checkpoint(damaged, original), result.output
        elif code == 0:
            assert damaged.strip() == original.strip()


def _proof(text: bytes) -> list[bytes]:
    return [base64.b64decode(x) for x in text.split()]


@SLOW
@given(data=st.data())
def test_receipts(world: World, data: st.DataObject) -> None:
    original = world.receipt.read_bytes()
    damaged = data.draw(mutated(original))
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "r.json"
        file.write_bytes(damaged)
        result = _fv(["receipt", str(file), "--log-key", str(world.vkey)])
        code = check(result, {0, 1, 3})
        if code == 0 and not same_json(damaged, original):
            # A receipt proves records by their hashes; the seal (§7.4) is not in a record hash.
            # A key the format does not name is ignored by design ("fields besides those listed are
            # ignored", docs/ledger-format.md), so an added one (a renamed informational key) proves nothing.
            before = json.loads(original)
            changed = _changed_paths(before, json.loads(damaged))
            assert all(p[-1] in (*_INFORMATIONAL, "seal") or _added(before, p) for p in changed), changed


@SLOW
@given(data=st.data(), target=st.sampled_from(["state", "key"]))
def test_witness_files(world: World, data: st.DataObject, target: str) -> None:
    original = (world.state if target == "state" else world.witness_key).read_bytes()
    damaged = data.draw(mutated(original))
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state.json"
        shutil.copy(world.state, state)
        key = world.witness_key
        if target == "state":
            state.write_bytes(damaged)
        else:
            key = _private(Path(tmp) / "w.json", damaged)
        out = Path(tmp) / "cp2w"
        args = [*world.cosign_args(state, key), "--proof", str(world.proof), "-o", str(out), str(world.cp2)]
        result = _fv(args)
        code = check(result, {0, 1, 2, 3})
        if same_json(damaged, original):
            assert code == 0, result.output
        if code != 0:
            assert not out.exists()  # a refused or failed cosign writes nothing


@FAST
@given(jobs=st.integers(-3, 64), witnesses=st.integers(0, 3))
def test_verifier_options(world: World, jobs: int, witnesses: int) -> None:
    args = ["chain", world.env["FUNDTRAIL_LEDGER"], f"--jobs={jobs}", f"--min-witnesses={witnesses}"]
    code = check(_fv(args), {0, 2})
    assert code == (2 if jobs < 1 or witnesses > 0 else 0)


# -- the generated write commands (domain/catalogue.py -> fundtrail/generated.py) ----------------

CLI_COMMANDS = [c for c in __import__("domain.catalogue", fromlist=["CATALOGUE"]).CATALOGUE if c.cli]
OPTION_VALUES = st.one_of(
    st.text(max_size=20),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["@/nonexistent/file", "@", "-1", "1.5", "[]", "{}", '{"a":', "[" * 3000, "9" * 5000, "\x00"]),
    mutated(json.dumps(_doc(0)).encode()).map(lambda b: b.decode("utf-8", "surrogateescape")),
)


@pytest.fixture(scope="module")
def generated_env(world: World, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = world.ledger_copy(tmp_path_factory.mktemp("generated"))
    return {**env, "FUNDTRAIL_KEY": str(world.keys["operator"])}


@SLOW
@given(command=st.sampled_from(CLI_COMMANDS), data=st.data())
def test_generated_commands_take_any_option_value(
    generated_env: dict[str, str], command: Any, data: st.DataObject
) -> None:
    """Every generated write command, any value in any of its parameters: a documented exit code,
    no traceback; a value that is not JSON where JSON belongs is a usage error (2)."""
    result = CliRunner().invoke(fundtrail, ["--help"], env=generated_env)
    group = fundtrail
    for part in command.cli:
        group = group.commands[part]  # type: ignore[attr-defined]
    argv: list[str] = [*command.cli]
    for param in group.params:
        if param.name in ("help",) or not data.draw(st.booleans()):
            continue
        value = data.draw(OPTION_VALUES)
        if isinstance(param, __import__("click").Argument):
            argv += ["--", value] if value.startswith("-") else [value]
            continue
        argv += [param.opts[0], value] if not param.is_flag else [param.opts[0]]
    result = CliRunner().invoke(fundtrail, argv, env=generated_env)
    check(result, {0, 1, 2, 3})
