"""The two command-line tools as a user drives them: exit codes, key files, apply, reading."""

from __future__ import annotations

import base64
import hashlib
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from fundtrail.cli import main as fundtrail
from verify.cli import main as verify

AT = "2025-03-03T02:00:00Z"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"FUNDTRAIL_LEDGER": f"sqlite:///{tmp_path}/l.sqlite", "FUNDTRAIL_AT": AT, "LANG": "en_US.UTF-8"}


def run(args: list[str], env: dict[str, str], key: Path | None = None, code: int = 0) -> str:
    full = dict(env)
    if key is not None:
        full["FUNDTRAIL_KEY"] = str(key)
    result = CliRunner().invoke(fundtrail, args, env=full)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    # On success what the command printed (stdout; notices go to stderr); on failure all of it.
    return result.stdout if code == 0 else result.output


@pytest.fixture
def ledger(tmp_path: Path, env: dict[str, str]) -> dict[str, Path]:
    return make_ledger(tmp_path, env)


def make_ledger(tmp_path: Path, env: dict[str, str]) -> dict[str, Path]:
    """A small initialised ledger in tmp_path: operator, miit-zhang and ent-hongxing; sets the log key in env."""
    keys = {name: tmp_path / f"{name}.json" for name in ("operator", "miit-zhang", "ent-hongxing")}
    for name, path in keys.items():
        run(["keys", "new", name, "-o", str(path)], env)
    # The log key seals every commit; a deployment hands it to the ledger process by file.
    run(["keys", "new", "log", "-o", str(tmp_path / "log.json")], env)
    env["FUNDTRAIL_LOG_KEY"] = str(tmp_path / "log.json")
    run(["init", "--origin", "fundtrail.example/cli"], env, keys["operator"])
    run(
        [
            "actor",
            "register",
            "miit-zhang",
            "--name",
            "张伟",
            "--organisation-code",
            "HRB-MIIT",
            "--organisation-name",
            "市工信局",
            "--organisation-kind",
            "city_miit",
            "--role",
            "city_miit",
            "--public-key",
            str(keys["miit-zhang"]),
        ],
        env,
        keys["operator"],
    )
    run(
        [
            "actor",
            "register",
            "ent-hongxing",
            "--name",
            "红星",
            "--organisation-code",
            "91230100MA1B2C3D4X",
            "--organisation-name",
            "红星",
            "--organisation-kind",
            "enterprise",
            "--role",
            "applicant",
            "--public-key",
            str(keys["ent-hongxing"]),
        ],
        env,
        keys["operator"],
    )
    return keys


def test_key_files_are_private_and_never_overwritten(tmp_path: Path, env: dict[str, str]) -> None:
    path = tmp_path / "k.json"
    run(["keys", "new", "someone", "-o", str(path)], env)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "private_key" not in run(["keys", "show", str(path)], env)
    assert "never overwritten" in run(["keys", "new", "someone", "-o", str(path)], env, code=2)
    assert "not an actor id" in run(["keys", "new", "Some One", "-o", str(tmp_path / "k2.json")], env, code=2)
    path.chmod(0o644)
    out = run(
        [
            "document",
            "register",
            "x",
            "--doc-type",
            "t",
            "--number",
            "n",
            "--title",
            "t",
            "--issued-on",
            "2025-01-01",
            "--sha256",
            "00" * 32,
            "--issuer",
            "i",
        ],
        env,
        path,
        code=3,
    )
    assert "readable by others" in out


def test_apply_skips_applied_and_stops_at_the_first_refusal(
    tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]
) -> None:
    lines = []
    for i, (doc_id, date) in enumerate([("A", "2025-03-01"), ("B", "2025-02-30"), ("C", "2025-03-02")]):
        args = json.dumps(
            {
                "doc_id": doc_id,
                "doc_type": "invoice",
                "number": doc_id,
                "title": "发票",
                "issued_on": date,
                "sha256": f"{i:02x}" * 32,
                "issuer": "红星",
                "amount_fen": 1000 + i,
            }
        )
        lines.append(
            run(
                ["sign", "document.register", "--args", args, "--command-id", f"b-{i}"], env, ledger["ent-hongxing"]
            ).strip()
        )
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n")
    before = run(["log"], env).count("\n")
    out = run(["apply", str(batch)], env, code=1)
    assert "line 1: document.register b-0" in out and "line 2 refused: issued_on" in out and "FT-FIELD" in out
    assert run(["log"], env).count("\n") == before + 3  # line 1 applied (3 records); nothing of line 2 or 3
    out = run(["apply", str(batch)], env, code=1)
    assert "skipped 1 already applied" in out


def test_refusal_exit_code_and_message(env: dict[str, str], ledger: dict[str, Path]) -> None:
    out = run(["role", "grant", "ent-hongxing", "city_finance"], env, ledger["ent-hongxing"], code=1)
    assert "refused: envelope.actor" in out and "FT-ROLE" in out


def test_log_show_history(env: dict[str, str], ledger: dict[str, Path]) -> None:
    log = run(["log"], env).splitlines()
    assert log[0].split()[0] == "1" and "ledger initialised" in log[0]
    assert all(" G " in line for line in log)  # every record signed with a good key
    shown = json.loads(run(["show", "1"], env))
    assert shown["topic"] == "fundtrail.ledger.Initialised" and shown["state"]["origin"] == "fundtrail.example/cli"
    raw = CliRunner().invoke(fundtrail, ["show", "1", "--raw"], env=env).stdout_bytes
    assert raw.startswith(b'{"clock_skew":300,"hash_algorithm":"sha256"')
    history = run(["history", "actor:miit-zhang"], env)
    assert "actor registered" in history and "role granted" in history
    assert run(["show", "99999"], env, code=1)


def test_verifier_exit_codes(tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]) -> None:
    db = env["FUNDTRAIL_LEDGER"]
    ok = CliRunner().invoke(verify, ["chain", db])
    assert ok.exit_code == 0, ok.output
    assert CliRunner().invoke(verify, ["chain", f"sqlite:///{tmp_path}/nope.sqlite"]).exit_code == 3
    assert CliRunner().invoke(verify, ["chain"]).exit_code == 2
    bad = tmp_path / "bad.cp"
    bad.write_text("not a checkpoint")
    assert CliRunner().invoke(verify, ["chain", db, "--checkpoint", str(bad)]).exit_code == 3
    wrong = tmp_path / "wrong.vkey"
    wrong.write_text("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")  # 32 zero bytes
    for pin in ("--admin-key", "--log-key"):
        mismatch = CliRunner().invoke(verify, ["chain", db, pin, str(wrong), "--format", "json"])
        assert mismatch.exit_code == 1
        assert json.loads(mismatch.stdout)["findings"][0]["code"] == "GENESIS_KEY_MISMATCH"


def test_export_bundle_verifies_without_the_database(
    tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]
) -> None:
    run(["checkpoint", "-o", str(tmp_path / "cp")], env)
    vkey = tmp_path / "log.vkey"
    vkey.write_text(run(["vkey"], env))
    for name in ("bundle.zip", "bundle-dir"):
        run(["export", "-o", str(tmp_path / name)], env)
        result = CliRunner().invoke(
            verify,
            [
                "chain",
                str(tmp_path / name),
                "--log-key",
                str(vkey),
                "--checkpoint",
                str(tmp_path / "cp"),
                "--format",
                "json",
            ],
        )
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        assert report["summary"]["result"] == "verified" and report["checkpoints"][0]["consistent"]
    manifest = json.loads((tmp_path / "bundle-dir" / "manifest.json").read_text())
    assert sorted(k["actor"] for k in manifest["keys"]) == ["ent-hongxing", "miit-zhang", "operator"]
    assert all(k["registered_seq"] > 0 and k["revoked_seq"] is None for k in manifest["keys"])


def test_checkpoint_is_the_head_seal_and_needs_no_key(env: dict[str, str], ledger: dict[str, Path]) -> None:
    read_only = {k: v for k, v in env.items() if k != "FUNDTRAIL_LOG_KEY"}
    note = run(["checkpoint"], read_only)
    size = int(note.splitlines()[1])
    assert note.splitlines()[0] == "fundtrail.example/cli" and "— fundtrail.example/cli " in note
    assert "inside a command group" in run(["checkpoint", "--size", str(size - 1)], read_only, code=1)


def test_without_the_log_key_the_ledger_is_read_only(env: dict[str, str], ledger: dict[str, Path]) -> None:
    read_only = {k: v for k, v in env.items() if k != "FUNDTRAIL_LOG_KEY"}
    before = run(["log"], read_only)
    out = run(["role", "grant", "miit-zhang", "inspector"], read_only, ledger["operator"], code=1)
    assert "read-only" in out and "FT-LOG-KEY" in out
    assert run(["log"], read_only) == before


def test_chinese_text_output(env: dict[str, str], ledger: dict[str, Path]) -> None:
    result = CliRunner().invoke(verify, ["chain", env["FUNDTRAIL_LEDGER"], "--lang", "zh"])
    assert result.exit_code == 0 and "核验通过" in result.output


def test_uninitialised_ledger_and_float_money_are_refused_cleanly(tmp_path: Path, env: dict[str, str]) -> None:
    key = tmp_path / "k.json"
    run(["keys", "new", "someone", "-o", str(key)], env)
    run(["keys", "new", "log", "-o", str(tmp_path / "log.json")], env)
    env["FUNDTRAIL_LOG_KEY"] = str(tmp_path / "log.json")
    out = run(["sign", "document.register", "--args", "{}", "--command-id", "x"], env, key, code=3)
    assert "no ledger at" in out and "fundtrail init" in out
    # Tables without a genesis: init refused for want of the log key leaves nothing behind...
    no_log_key = {k: v for k, v in env.items() if k != "FUNDTRAIL_LOG_KEY"}
    assert "log key" in run(["init", "--origin", "fundtrail.example/cli2"], no_log_key, key, code=1)
    assert not (tmp_path / "l.sqlite").exists()
    # ...so an uninitialised ledger is made by hand: the tables, no genesis.
    from domain.clock import SystemClock
    from ledger.app import FundtrailLedger

    FundtrailLedger(env["FUNDTRAIL_LEDGER"], SystemClock()).close()
    out = run(["sign", "document.register", "--args", "{}", "--command-id", "x"], env, key, code=1)
    assert "not initialised" in out and "fundtrail init" in out  # the domain's refusal, as is
    for command in (
        ["log"],
        ["vkey"],
        ["checkpoint"],
        ["show", "1"],
        ["export", "-o", str(tmp_path / "b")],
        ["proof", "consistency", "1", "2"],
        ["receipt", "1", "-o", str(tmp_path / "r.json")],
    ):
        assert "not initialised" in error_line(run(command, env, code=3))
    run(["init", "--origin", "fundtrail.example/cli2"], env, key)
    out = run(["sign", "document.register", "--args", '{"amount_fen": 1.5}', "--command-id", "y"], env, key, code=1)
    assert "floats are not allowed" in out


@pytest.mark.postgres
def test_postgres_ledger_through_the_cli(tmp_path: Path, pg_ledger_url: str) -> None:
    pg_env = {"FUNDTRAIL_LEDGER": pg_ledger_url, "FUNDTRAIL_AT": AT, "LANG": "en_US.UTF-8"}
    key = tmp_path / "op.json"
    run(["keys", "new", "operator", "-o", str(key)], pg_env)
    run(["keys", "new", "log", "-o", str(tmp_path / "log.json")], pg_env)
    pg_env["FUNDTRAIL_LOG_KEY"] = str(tmp_path / "log.json")
    assert run(["log"], pg_env, code=3)  # tables not created yet: could not run, one line
    run(["init", "--origin", "fundtrail.example/pg"], pg_env, key)
    assert "ledger initialised" in run(["log"], pg_env)
    result = CliRunner().invoke(verify, ["chain", pg_ledger_url])
    assert result.exit_code == 0, result.output


def test_record_shows_its_arithmetic(tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]) -> None:
    db = env["FUNDTRAIL_LEDGER"]
    good = CliRunner().invoke(verify, ["record", db, "8"])
    assert good.exit_code == 0, good.output
    assert "= hash" in good.output and "signature" in good.output and "✗" not in good.output
    assert CliRunner().invoke(verify, ["record", db, "9999"]).exit_code == 3
    import sqlite3

    path = db[len("sqlite:///") :]
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE stored_events SET state = CAST(REPLACE(CAST(state AS TEXT), '张伟', '李四') AS BLOB) "
            "WHERE (originator_id, originator_version) = (SELECT replace(originator_id, '-', ''), originator_version "
            "FROM stored_events_chain WHERE seq = 8)"
        )
    bad = CliRunner().invoke(verify, ["record", db, "8"])
    assert bad.exit_code == 1 and "✗" in bad.output


def test_verifier_report_formats_follow_the_output_file(
    tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]
) -> None:
    db = env["FUNDTRAIL_LEDGER"]
    for name, marker in (("r.json", '"schema": "fundtrail/verify-report@1"'), ("r.html", "<!DOCTYPE html>")):
        result = CliRunner().invoke(verify, ["chain", db, "-o", str(tmp_path / name), "--lang", "zh"])
        assert result.exit_code == 0, result.output
        assert marker in (tmp_path / name).read_text(encoding="utf-8")
    assert "核验通过" in (tmp_path / "r.html").read_text(encoding="utf-8")


# -- hardening: every input ends in one line and a documented exit code ---------------------------


def verify_run(args: list[str], code: int, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(verify, args, env=env or {"LANG": "en_US.UTF-8"})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result.output


def error_line(output: str) -> str:
    """The one line that says what went wrong (click prints usage hints above its own parse errors)."""
    errors = [line for line in output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, output
    return errors[0]


def signed_line(env: dict[str, str], key: Path, command_id: str, **args: Any) -> str:
    doc = {
        "doc_id": command_id,
        "doc_type": "invoice",
        "number": command_id,
        "title": "发票",
        "issued_on": "2025-03-01",
        "issuer": "红星",
        **args,
    }
    doc.setdefault("sha256", hashlib.sha256(str(doc["doc_id"]).encode()).hexdigest())  # one file, one document
    return run(["sign", "document.register", "--args", json.dumps(doc), "--command-id", command_id], env, key).strip()


def test_apply_refuses_lines_that_are_not_signed_commands(
    tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]
) -> None:
    for line in (b"\xff\xfe{}", b"[" * 100_000, b'{"envelope": ' + b"9" * 5000 + b"}", b"[1, 2]", b'"text"'):
        batch = tmp_path / "bad.jsonl"
        batch.write_bytes(line + b"\n")
        out = run(["apply", str(batch)], env, code=1)
        assert error_line(out).startswith("Error: line 1 refused: line: ") and "FT-ENVELOPE" in out
    # Integers beyond ±2^53 inside the envelope are refused by the canonical form, with the line named.
    good = json.loads(signed_line(env, ledger["ent-hongxing"], "big"))
    good["envelope"]["args"]["amount_fen"] = 10**30
    (tmp_path / "big.jsonl").write_text(json.dumps(good) + "\n")
    assert "line 1 refused" in run(["apply", str(tmp_path / "big.jsonl")], env, code=1)


def test_apply_prints_the_seal_and_skips_only_the_very_same_command(
    tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]
) -> None:
    ent = ledger["ent-hongxing"]
    first, second = signed_line(env, ent, "a-1"), signed_line(env, ent, "a-2")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(f"{first}\n{second}\n")
    out = run(["apply", str(batch)], env)
    lines = out.splitlines()
    assert lines[0].startswith("line 1:") and lines[1].startswith("line 2:")
    head = int(lines[1].rsplit("–", 1)[1])
    assert lines[2:4] == ["fundtrail.example/cli", str(head)]  # the seal of the last commit
    assert lines[5] == "" and lines[6].startswith("— fundtrail.example/cli ")
    again = CliRunner().invoke(fundtrail, ["apply", str(batch)], env=env)
    assert again.exit_code == 0 and "line 1: already applied at seq" in again.stderr
    # Another command under a used id is no repeat: FT-COMMAND-ID-CONFLICT stops the run.
    conflict = signed_line(env, ent, "a-1", doc_id="other")
    batch.write_text(f"{conflict}\n{signed_line(env, ent, 'a-3')}\n")
    out = run(["apply", str(batch)], env, code=1)
    assert "line 1 refused" in out and "FT-COMMAND-ID-CONFLICT" in out and "line 2" not in out


def test_sign_args_must_be_a_json_object(env: dict[str, str], ledger: dict[str, Path]) -> None:
    key = ledger["ent-hongxing"]
    base = ["sign", "document.register", "--command-id", "s-1", "--args"]
    for text in ("\udcff{}", "[" * 100_000, "9" * 5000, "[1]", "null", "{"):
        assert "--args" in error_line(run([*base, text], env, key, code=2))
    assert "floats are not allowed" in run([*base, '{"amount_fen": 1e400}'], env, key, code=1)
    assert "±2^53" in run([*base, json.dumps({"amount_fen": 10**30})], env, key, code=1)


def test_sign_offline_needs_no_ledger(tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]) -> None:
    vkey = tmp_path / "log.vkey"
    vkey.write_text(run(["vkey"], env))
    offline = {**env, "FUNDTRAIL_LEDGER": f"sqlite:///{tmp_path}/absent.sqlite"}
    key = ledger["operator"]

    def sign(command_id: str, role: str, *how: str, code: int = 0) -> str:
        args = json.dumps({"actor_id": "miit-zhang", "role": role})
        return run(["sign", "role.grant", "--args", args, "--command-id", command_id, *how], offline, key, code=code)

    by_origin = sign("o-1", "inspector", "--origin", "fundtrail.example/cli")
    by_vkey = sign("o-2", "expert_reviewer", "--vkey", str(vkey))
    assert not (tmp_path / "absent.sqlite").exists()
    batch = tmp_path / "offline.jsonl"
    batch.write_text(by_origin + by_vkey)
    out = run(["apply", str(batch)], env)
    assert "line 1: role.grant o-1" in out and "line 2: role.grant o-2" in out
    assert "differ" in sign("o-3", "inspector", "--vkey", str(vkey), "--origin", "fundtrail.example/other", code=2)
    (tmp_path / "bad.vkey").write_bytes(b"\xff\x00")
    assert "--vkey" in error_line(sign("o-3", "inspector", "--vkey", str(tmp_path / "bad.vkey"), code=2))
    # An envelope signed with another hash algorithm does not verify on this (sha256) ledger.
    batch.write_text(sign("o-4", "third_party", "--origin", "fundtrail.example/cli", "--hash", "sm3"))
    assert "FT-SIG" in run(["apply", str(batch)], env, code=1)


def test_at_fixes_the_clock_with_a_notice_or_is_a_usage_error(env: dict[str, str], ledger: dict[str, Path]) -> None:
    result = CliRunner().invoke(fundtrail, ["--at", "2025-03-04T08:00:00+08:00", "log", "--limit", "1"], env=env)
    assert result.exit_code == 0
    assert result.stderr == "clock fixed at 2025-03-04T00:00:00Z (FUNDTRAIL_AT/--at)\n"
    for at in ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59Z", "garbage", "2025-13-01"):
        assert "--at" in error_line(run(["--at", at, "log"], env, code=2))
    assert "不是 ISO 8601 时间" in run(["--lang", "zh", "--at", "garbage", "log"], env, code=2)


def test_reading_commands_never_create_a_ledger(tmp_path: Path, env: dict[str, str]) -> None:
    missing = tmp_path / "missing.sqlite"
    absent = {**env, "FUNDTRAIL_LEDGER": f"sqlite:///{missing}"}
    for command in (
        ["vkey"],
        ["export", "-o", str(tmp_path / "b.zip")],
        ["checkpoint"],
        ["proof", "consistency", "1", "2"],
        ["receipt", "1", "-o", str(tmp_path / "r.json")],
        ["log"],
        ["show", "1"],
        ["history", "actor:x"],
        ["keys", "show", str(missing)],
    ):
        out = run(command, absent, code=2 if command[0] == "keys" else 3)
        assert "no ledger at" in out or command[0] == "keys"
        assert not missing.exists(), command
    assert list(tmp_path.iterdir()) == []


def test_a_relative_sqlite_path_is_explained(
    tmp_path: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = run(["--ledger", "sqlite:///rel.sqlite", "log"], env, code=3)
    assert "relative to the current directory" in out and str(tmp_path / "rel.sqlite") in out
    out = verify_run(["chain", "sqlite:///rel.sqlite"], 3)
    assert "relative to the current directory" in out and str(tmp_path / "rel.sqlite") in out
    assert "unsupported ledger URL" in error_line(run(["--ledger", "mysql://u:pw@h/db", "log"], env, code=2))


def test_bad_key_files_cannot_run(tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]) -> None:
    contents = {
        "binary": b"\xff\xfe\x00",
        "empty": b"",
        "list": b"[1]",
        "deep": b"[" * 100_000,
        "no-key": b'{"actor": "x"}',
    }
    for name, data in contents.items():
        path = tmp_path / f"{name}.key"
        path.write_bytes(data)
        path.chmod(0o600)
        out = run(["--key", str(path), "role", "grant", "miit-zhang", "inspector"], env, code=3)
        assert error_line(out).startswith("Error: --key: ") and "key file" in out, name
        out = run(["--log-key", str(path), "role", "grant", "miit-zhang", "inspector"], env, ledger["operator"], code=3)
        assert error_line(out).startswith("Error: --log-key: "), name
    loose = tmp_path / "loose.json"
    loose.write_bytes(Path(env["FUNDTRAIL_LOG_KEY"]).read_bytes())
    loose.chmod(0o644)
    out = run(["--log-key", str(loose), "role", "grant", "miit-zhang", "inspector"], env, ledger["operator"], code=3)
    assert "readable by others" in out


def test_sizes_and_streams(tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]) -> None:
    assert "larger than NEW_SIZE" in error_line(run(["proof", "consistency", "5", "3"], env, code=2))
    assert "OLD_SIZE 5 大于 NEW_SIZE 3" in run(["--lang", "zh", "proof", "consistency", "5", "3"], env, code=2)
    assert "the ledger holds" in run(["proof", "consistency", "3", "99999"], env, code=1)
    run(["proof", "consistency", "--", "-1", "3"], env, code=2)
    run(["proof", "consistency", "1", str(2**70)], env, code=2)
    assert run(["proof", "consistency", "0", "6"], env) == ""  # from the empty tree: nothing to prove
    run(["show", str(2**63)], env, code=2)
    assert "no record" in run(["checkpoint", "--size", "99999"], env, code=1)
    for command in (["history", "nonsense"], ["log", "--stream", "nonsense"], ["history", "actor:"]):
        assert "neither a stream UUID nor an alias" in error_line(run(command, env, code=2))
    for command in (["history", "actor:nobody"], ["log", "--stream", "document:none"]):
        assert "no stream" in error_line(run(command, env, code=1))
    assert "actor registered" in run(["history", "actor:miit-zhang"], env)
    bad = tmp_path / "bad.cp"
    for data in (b"\xff", b"not a checkpoint", b"fundtrail.example/cli\n99999\nAAAA\n\n\xe2\x80\x94 x y\n"):
        bad.write_bytes(data)
        run(
            ["receipt", "1", "--checkpoint", str(bad), "-o", str(tmp_path / "r.json")],
            env,
            code=2 if data[0] != 102 else 1,
        )


def test_output_files_are_never_overwritten_without_force_and_never_a_key(
    tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]
) -> None:
    key = ledger["operator"]
    commands = {
        "checkpoint": ["checkpoint", "-o"],
        "proof": ["proof", "consistency", "1", "6", "-o"],
        "receipt": ["receipt", "6", "-o"],
        "export": ["export", "-o"],
    }
    for name, command in commands.items():
        target = tmp_path / f"{name}.out.zip" if name == "export" else tmp_path / f"{name}.out"
        run([*command, str(target)], env)
        assert "pass --force" in error_line(run([*command, str(target)], env, code=2))
        run([*command, str(target), "--force"], env)
        assert "no folder" in error_line(run([*command, str(tmp_path / "nowhere" / "x")], env, code=2))
        out = run([*command, str(key), "--force"], env, code=2)
        assert "never overwritten" in error_line(out), name
    directory = tmp_path / "bundle"
    run(["export", "-o", str(directory)], env)
    run(["export", "-o", str(directory)], env, code=2)
    run(["export", "-o", str(directory), "--force"], env)
    (directory / "manifest.json").write_bytes(key.read_bytes())  # a key file under the bundle's name
    assert "never overwritten" in run(["export", "-o", str(directory), "--force"], env, code=2)
    assert json.loads(key.read_text())["private_key"]
    # The verifier's report and a witness's cosigned checkpoint follow the same rules.
    db = env["FUNDTRAIL_LEDGER"]
    report = tmp_path / "report.json"
    verify_run(["chain", db, "-o", str(report)], 0)
    assert "pass --force" in verify_run(["chain", db, "-o", str(report)], 2)
    verify_run(["chain", db, "-o", str(report), "--force"], 0)
    assert "never overwritten" in verify_run(["chain", db, "-o", str(key), "--force"], 2)
    assert "no folder" in verify_run(["chain", db, "-o", str(tmp_path / "nowhere" / "r.json")], 2)
    assert json.loads(key.read_text())["private_key"]


@pytest.fixture
def files(tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]) -> dict[str, Path]:
    """What the verifier is handed: a log vkey, two checkpoints, their proof, a receipt, a bundle, a witness."""
    out = {"vkey": tmp_path / "log.vkey", "cp1": tmp_path / "cp1", "cp2": tmp_path / "cp2"}
    out["vkey"].write_text(run(["vkey"], env))
    run(["checkpoint", "-o", str(out["cp1"])], env)
    run(["role", "grant", "miit-zhang", "inspector"], env, ledger["operator"])
    size2 = run(["checkpoint", "-o", str(out["cp2"])], env).split("\n")[1]
    out["proof"] = tmp_path / "proof"
    run(["proof", "consistency", out["cp1"].read_text().split("\n")[1], size2, "-o", str(out["proof"])], env)
    out["receipt"] = tmp_path / "receipt.json"
    run(["receipt", size2, "-o", str(out["receipt"])], env)
    out["bundle"] = tmp_path / "bundle"
    run(["export", "-o", str(out["bundle"])], env)
    out["witness"] = tmp_path / "witness.json"
    run(["keys", "new", "witness", "-o", str(out["witness"])], env)
    out["state"] = tmp_path / "state.json"
    return out


def cosign(files: dict[str, Path], checkpoint: Path, code: int, *extra: str, name: str = "w.example") -> str:
    args = ["witness", "cosign", str(checkpoint), "--state", str(files["state"]), "--key", str(files["witness"])]
    return verify_run([*args, "--name", name, "--log-key", str(files["vkey"]), "--time", "1743476400", *extra], code)


def test_verifier_bundles_with_damaged_lines_or_manifest(tmp_path: Path, files: dict[str, Path]) -> None:
    lines = (files["bundle"] / "records.jsonl").read_bytes().splitlines()
    for damaged in (b"[1, 2, 3]", b"\xff\xfe\x00", b"[" * 100_000, b'{"seq": ' + b"9" * 5000 + b"}", b"x" * 5_000_000):
        (files["bundle"] / "records.jsonl").write_bytes(b"\n".join([lines[0], damaged, *lines[2:]]) + b"\n")
        error_line(verify_run(["chain", str(files["bundle"])], 3))
    seq = json.loads(lines[1])
    for field, value in (("seq", 2**64), ("originator_version", -1), ("actor_id", "\ud800")):
        (files["bundle"] / "records.jsonl").write_bytes(
            b"\n".join([lines[0], json.dumps({**seq, field: value}).encode(), *lines[2:]]) + b"\n"
        )
        error_line(verify_run(["chain", str(files["bundle"])], 3))
    stateless = json.dumps({k: v for k, v in seq.items() if k != "state"}).encode()
    (files["bundle"] / "records.jsonl").write_bytes(b"\n".join([lines[0], stateless, *lines[2:]]) + b"\n")
    assert "STATE_MISSING" in verify_run(["chain", str(files["bundle"])], 1)
    (files["bundle"] / "records.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    verify_run(["chain", str(files["bundle"])], 0)
    manifest = files["bundle"] / "manifest.json"
    for damaged in (b"[1]", b"\xff", b"9" * 5000, b"[" * 100_000, b'{"pad": "' + b"x" * (17 * 1024 * 1024) + b'"}'):
        manifest.write_bytes(damaged)
        line = error_line(verify_run(["chain", str(files["bundle"])], 3))
        assert "manifest" in line or "not a fundtrail bundle" in line


def test_verifier_damaged_files_cannot_verify(tmp_path: Path, env: dict[str, str], files: dict[str, Path]) -> None:
    db = env["FUNDTRAIL_LEDGER"]
    bad = tmp_path / "bad"
    for data in (b"\xff\xfe", b"", b"just text\n", "x\n1\n\u00b2\n\n\u2014 x AAAAAAA=\n".encode()):
        bad.write_bytes(data)
        error_line(verify_run(["chain", db, "--checkpoint", str(bad)], 3))
        error_line(verify_run(["chain", db, "--log-key", str(bad)], 3))
        error_line(verify_run(["consistency", str(bad), str(files["cp2"]), "--log-key", str(files["vkey"])], 3))
        error_line(verify_run(["receipt", str(bad), "--log-key", str(files["vkey"])], 3))
        error_line(verify_run(["receipt", str(files["receipt"]), "--log-key", str(bad)], 3))
    malformed = json.loads(files["receipt"].read_text()) | {"hash_algorithm": []}
    for data in (
        b"[]",
        b"[" * 100_000,
        b'{"format": "fundtrail-receipt/2"}',
        b"9" * 5000,
        json.dumps(malformed).encode(),
    ):
        bad.write_bytes(data)
        error_line(verify_run(["receipt", str(bad), "--log-key", str(files["vkey"])], 3))
    receipt = json.loads(files["receipt"].read_text())
    receipt["record"]["record"]["seq"] = 2**64
    bad.write_text(json.dumps(receipt))
    error_line(verify_run(["receipt", str(bad), "--log-key", str(files["vkey"])], 3))
    verify_run(["receipt", str(files["receipt"]), "--log-key", str(files["vkey"])], 0)
    for jobs in ("-1", "0"):
        assert "--jobs" in verify_run(["chain", db, f"--jobs={jobs}"], 2)


def test_consistency_outcomes_are_findings_and_a_broken_proof_is_not(
    tmp_path: Path, env: dict[str, str], ledger: dict[str, Path], files: dict[str, Path]
) -> None:
    vkey = ["--log-key", str(files["vkey"])]
    cp1, cp2 = str(files["cp1"]), str(files["cp2"])
    ok = verify_run(["consistency", cp1, cp2, "--proof", str(files["proof"]), *vkey], 0)
    assert "consistent:" in ok
    assert "--proof FILE" in error_line(verify_run(["consistency", cp1, cp2, *vkey], 2))
    assert "does not exist" in verify_run(["consistency", cp1, cp2, "--proof", str(tmp_path / "absent"), *vkey], 2)
    assert "give the older checkpoint first" in verify_run(["consistency", cp2, cp1, *vkey], 2)
    broken = tmp_path / "broken.proof"
    for data in (b"\xff\xfe", b"not base64!\n", b"AAAA\n"):  # AAAA is base64 of 3 bytes, not a hash
        broken.write_bytes(data)
        line = error_line(verify_run(["consistency", cp1, cp2, "--proof", str(broken), *vkey], 3))
        assert line.startswith(f"Error: {broken}: ")
    wrong = tmp_path / "wrong.proof"
    wrong.write_text(base64.b64encode(bytes(32)).decode() + "\n")
    out = verify_run(["consistency", cp1, cp2, "--proof", str(wrong), *vkey], 1)
    assert out.startswith("error CONSISTENCY_PROOF_INVALID") and "NOT_APPEND_ONLY" not in out
    other = tmp_path / "other.vkey"
    run(["keys", "new", "other", "-o", str(tmp_path / "other.json")], env)
    from verify.note import Verifier

    public = base64.b64decode(json.loads((tmp_path / "other.json").read_text())["public_key"])
    other.write_text(Verifier("fundtrail.example/cli", public).vkey())
    out = verify_run(["consistency", cp1, cp2, "--proof", str(files["proof"]), "--log-key", str(other)], 1)
    assert "error CHECKPOINT_SIGNATURE_INVALID" in out
    other.write_text(Verifier("fundtrail.example/another", public).vkey())
    assert "error CHECKPOINT_ORIGIN_MISMATCH" in verify_run(["consistency", cp1, cp2, "--log-key", str(other)], 1)
    # Equivocation: a second ledger with the same origin, keys and log key, grown differently.
    twin = {**env, "FUNDTRAIL_LEDGER": f"sqlite:///{tmp_path}/twin.sqlite"}
    run(["init", "--origin", "fundtrail.example/cli"], twin, ledger["operator"])
    for actor, kind, role in (("miit-zhang", "city_miit", "city_miit"), ("ent-hongxing", "enterprise", "applicant")):
        org = ["--organisation-code", "X", "--organisation-name", "另一个", "--organisation-kind", kind, "--role", role]
        run(
            ["actor", "register", actor, "--name", "另一个", *org, "--public-key", str(ledger[actor])],
            twin,
            ledger["operator"],
        )
    run(["role", "grant", "miit-zhang", "inspector"], twin, ledger["operator"])
    size = files["cp2"].read_text().split("\n")[1]
    fork = tmp_path / "fork.cp"
    run(["checkpoint", "--size", size, "-o", str(fork)], twin)
    out = verify_run(["consistency", cp2, str(fork), *vkey], 1)
    assert out.startswith("error CHECKPOINT_EQUIVOCATION") and "EQUIVOCATION:" not in out
    assert "不一致" in CliRunner().invoke(verify, ["--lang", "zh", "consistency", cp2, str(fork), *vkey]).output
    # A witness refuses the fork with the same code, and keeps both notes as evidence.
    cosign(files, files["cp2"], 0, "-o", str(tmp_path / "cp2w"))
    out = cosign(files, fork, 1, "-o", str(tmp_path / "forkw"))
    assert "error CHECKPOINT_EQUIVOCATION" in out and not (tmp_path / "forkw").exists()
    assert (tmp_path / f"state.equivocation-{size}.txt").exists()


def test_witness_rules(tmp_path: Path, env: dict[str, str], files: dict[str, Path]) -> None:
    cosign(files, files["cp1"], 0, "-o", str(tmp_path / "cp1w"))
    assert "error CHECKPOINT_TRUNCATED" not in cosign(files, files["cp1"], 0, "-o", str(tmp_path / "again"))
    assert "pass --force" in cosign(files, files["cp2"], 2, "-o", str(tmp_path / "cp1w"))
    assert "never overwritten" in cosign(files, files["cp2"], 2, "-o", str(files["witness"]), "--force")
    assert "--proof FILE" in cosign(files, files["cp2"], 2, "-o", str(tmp_path / "cp2w"))
    wrong = tmp_path / "wrong.proof"
    wrong.write_text(base64.b64encode(bytes(32)).decode() + "\n")
    assert "error CONSISTENCY_PROOF_INVALID" in cosign(
        files, files["cp2"], 1, "--proof", str(wrong), "-o", str(tmp_path / "x")
    )
    cosign(files, files["cp2"], 0, "--proof", str(files["proof"]), "-o", str(tmp_path / "cp2w"))
    assert "error CHECKPOINT_TRUNCATED" in cosign(files, files["cp1"], 1, "-o", str(tmp_path / "old"))
    for name in ("Witness", "w", "见证人", "a b", "x" * 64):
        assert "not a witness name" in error_line(cosign(files, files["cp2"], 2, name=name))
    assert "witness.hlj-finance.example" in cosign(
        files, files["cp2"], 0, "-o", str(tmp_path / "h"), name="witness.hlj-finance.example"
    )
    files["witness"].chmod(0o644)
    assert "readable by others" in cosign(files, files["cp2"], 3, "-o", str(tmp_path / "y"))
    vkey_args = ["witness", "vkey", "--key", str(files["witness"]), "--name", "w.example"]
    assert "readable by others" in verify_run(vkey_args, 3)
    files["witness"].chmod(0o600)
    wvkey = verify_run(vkey_args, 0).strip()
    for data in (
        b"\xff",
        b"[]",
        b'{"fundtrail.example/cli": 5}',
        b'{"w.example": {"size": -1, "root": "", "note": ""}}',
    ):
        files["state"].write_bytes(data)
        error_line(cosign(files, files["cp2"], 3, "-o", str(tmp_path / "z")))
    # Cosignatures are counted per key: a witness given twice is still one of two.
    db, cp = env["FUNDTRAIL_LEDGER"], str(tmp_path / "cp2w")
    twice = ["--witness", wvkey, "--witness", wvkey, "--min-witnesses", "2"]
    report = CliRunner().invoke(verify, ["chain", db, "--checkpoint", cp, *twice, "--format", "json"])
    assert report.exit_code == 1 and [f["code"] for f in json.loads(report.stdout)["findings"]] == ["WITNESS_QUORUM"]
    verify_run(["chain", db, "--checkpoint", cp, "--witness", wvkey, "--min-witnesses", "1"], 0)
    assert "needs at least one --checkpoint" in error_line(verify_run(["chain", db, "--min-witnesses", "1"], 2))
    assert "需要至少一个 --checkpoint" in verify_run(["--lang", "zh", "chain", db, "--min-witnesses", "1"], 2)
    run(["receipt", "1", "--checkpoint", cp, "-o", str(tmp_path / "r.json")], env)
    receipt = ["receipt", str(tmp_path / "r.json"), "--log-key", str(files["vkey"])]
    assert "WITNESS_QUORUM" in verify_run([*receipt, *twice], 1)
    verify_run([*receipt, "--witness", wvkey, "--min-witnesses", "1"], 0)


def test_database_urls_are_shown_without_their_password(env: dict[str, str]) -> None:
    from ledger.config import parse_url
    from ledger.config import redact

    url = "postgresql://auditor:s3cret@127.0.0.1:1/ledger"
    assert parse_url(url).display == "postgresql://auditor:***@127.0.0.1:1/ledger"
    assert redact("postgresql://u:p@ss@h/db?schema=x") == "postgresql://u:***@h/db?schema=x"
    out = run(["--ledger", url, "log"], env, code=3)
    assert "cannot reach the database server 127.0.0.1:1" in error_line(out) and "s3cret" not in out
    out = verify_run(["chain", url], 3)
    assert "cannot reach the database server 127.0.0.1:1" in error_line(out) and "s3cret" not in out
    out = run(["--ledger", "mysql://u:s3cret@h/db", "log"], env, code=2)
    assert "s3cret" not in out and "u:***@h" in out


def test_connection_errors_name_their_cause() -> None:
    from ledger.config import connection_problem
    from ledger.config import parse_url

    url = parse_url("postgresql://auditor:pw@db.example:5432/ledger")
    texts = {
        'connection failed: connection to server at "10.0.0.1", port 5432 failed: FATAL:  database "ledger" '
        "does not exist": "database 'ledger' does not exist on db.example:5432",
        'connection failed: ... failed: FATAL:  password authentication failed for user "auditor"': "rejected user",
        'connection failed: ... failed: FATAL:  role "auditor" does not exist': "rejected user 'auditor'",
        "failed to resolve host 'db.example': [Errno -2] Name or service not known": "cannot reach",
        'connection failed: connection to server at "10.0.0.1", port 5432 failed: Connection refused': "cannot reach",
    }
    for text, said in texts.items():
        assert said in connection_problem(text, url), text


@pytest.mark.postgres
def test_postgres_connection_errors_through_the_cli(env: dict[str, str], pg_server_url: str) -> None:
    import psycopg

    info = psycopg.conninfo.conninfo_to_dict(pg_server_url)
    server = f"{info.get('host') or '127.0.0.1'}:{info.get('port') or 5432}"
    no_db = f"postgresql://{info.get('user') or 'postgres'}@{server}/fundtrail_no_such_db"
    assert "does not exist" in error_line(run(["--ledger", no_db, "log"], env, code=3))
    assert "does not exist" in error_line(verify_run(["chain", no_db], 3))
    no_user = f"postgresql://fundtrail_no_such_user:pw@{server}/postgres"
    assert "rejected" in error_line(run(["--ledger", no_user, "log"], env, code=3))


def test_help_lists_organisation_kinds_and_roles(env: dict[str, str]) -> None:
    from domain.roles import OrgKind
    from domain.roles import Role

    text = " ".join(run(["actor", "register", "--help"], env).split())  # help wraps lines
    assert all(kind.value in text for kind in OrgKind) and all(role.value in text for role in Role)


def test_log_letters_are_the_ledgers_own_admission_check(
    env: dict[str, str], ledger: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import fundtrail.cli
    from ledger.app import FundtrailLedger

    assert not hasattr(fundtrail.cli, "_SignatureGrades")
    seen: list[int] = []

    def letter(self: FundtrailLedger, row: dict[str, Any]) -> str:
        seen.append(row["seq"])
        return "R"

    monkeypatch.setattr(FundtrailLedger, "signature_at", letter)
    lines = run(["log"], env).splitlines()
    assert all(line.split()[3] == "R" for line in lines) and seen


def test_log_key_rotation_through_the_cli(tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]) -> None:
    """An administrator rotates the log key; the old key can no longer write, the new one can, and the
    verifier follows the rotation (docs/ledger-format.md §6.5)."""
    new = tmp_path / "log-2.json"
    run(["keys", "new", "log", "-o", str(new)], env)
    out = run(["ledger", "rotate-log-key", "--new-log-key", str(new)], env, ledger["operator"])
    assert "ledger.rotate_log_key" in out and "— fundtrail.example/cli " in out
    refused = run(["role", "grant", "miit-zhang", "inspector"], env, ledger["operator"], code=1)
    assert "FT-LOG-KEY" in refused
    rotated = dict(env, FUNDTRAIL_LOG_KEY=str(new))
    run(["role", "grant", "miit-zhang", "inspector"], rotated, ledger["operator"])
    vkey = tmp_path / "new.vkey"
    vkey.write_text(run(["vkey"], rotated))
    run(["checkpoint", "-o", str(tmp_path / "cp")], rotated)
    result = CliRunner().invoke(
        verify, ["chain", env["FUNDTRAIL_LEDGER"], "--checkpoint", str(tmp_path / "cp"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["checkpoints"][0]["consistent"]
    # Only an administrator may rotate it.
    assert "FT-ROLE" in run(
        ["ledger", "rotate-log-key", "--new-log-key", str(new)], rotated, ledger["miit-zhang"], code=1
    )


def test_evidence_store_keeps_files_by_hash_and_checks_every_recorded_hash(
    tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]
) -> None:
    store = tmp_path / "evidence"
    invoice = tmp_path / "invoice.pdf"
    invoice.write_bytes(b"%PDF-1.7 invoice 0001")
    env = {**env, "FUNDTRAIL_EVIDENCE": str(store)}
    sha = run(["evidence", "add", str(invoice)], env).split()[0]
    assert sha == hashlib.sha256(invoice.read_bytes()).hexdigest()
    assert "already kept" in run(["evidence", "add", str(invoice)], env)
    args = ["document", "register", "INV-1", "--doc-type", "invoice", "--number", "1", "--title", "发票"]
    args += ["--issued-on", "2025-03-01", "--sha256", f"@{invoice}", "--issuer", "红星"]
    run(args, env, ledger["ent-hongxing"])
    assert "1 content hashes recorded; 1 files present and intact" in run(["evidence", "check"], env)
    kept = store / sha[:2] / sha
    kept.chmod(0o644)
    kept.write_bytes(b"%PDF-1.7 invoice 0002")
    out = run(["evidence", "check"], env, code=1)
    assert "ALTERED" in out and sha in out
    kept.unlink()
    assert "MISSING" in run(["evidence", "check"], env, code=1)


def test_a_nested_object_is_given_whole_by_file_and_its_fields_override_it(
    tmp_path: Path, env: dict[str, str], ledger: dict[str, Path]
) -> None:
    """`--parameters @params.json` gives a policy version's whole parameter set; `--parameters-…` options
    override its fields (fundtrail/generated.py). The programme does not exist, so the command is refused
    after its arguments parsed — naming the programme, not a parameter."""
    from domain.policy.params import SEED_PARAMS

    params = tmp_path / "params.json"
    params.write_text(json.dumps(SEED_PARAMS.to_dict(), ensure_ascii=False), encoding="utf-8")
    args = ["city", "policy", "draft", "PV-X", "--programme-id", "NOPE", "--parameters", f"@{params}"]
    args += ["--source-documents", '[{"doc_no": "哈工信联规〔2024〕1号", "title": "办法", "articles": ["第四条"]}]']
    args += ["--effective-from", "2025-01-01"]
    out = run(args, env, ledger["miit-zhang"], code=1)
    assert "programme_id" in error_line(out) and "FT-NOT-FOUND" in out
    out = run([*args, "--parameters-earmark-min-bp", "70000000"], env, ledger["miit-zhang"], code=1)
    assert "parameters.earmark_min_bp" in error_line(out)
