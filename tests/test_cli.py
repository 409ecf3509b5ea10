"""The two command-line tools as a user drives them: exit codes, key files, apply, reading."""

from __future__ import annotations

import json
import stat
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from fundtrail.cli import main as fundtrail
from verify.cli import main as verify

if TYPE_CHECKING:
    from pathlib import Path

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
    return result.output


@pytest.fixture
def ledger(tmp_path: Path, env: dict[str, str]) -> dict[str, Path]:
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
            "--org-code",
            "HRB-MIIT",
            "--org-name",
            "市工信局",
            "--org-kind",
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
            "--org-code",
            "91230100MA1B2C3D4X",
            "--org-name",
            "红星",
            "--org-kind",
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
    run(["keys", "new", "someone", "-o", str(path)], env, code=3)
    path.chmod(0o644)
    out = run(
        [
            "document",
            "register",
            "x",
            "--type",
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
                "sha256": "ab" * 32,
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
    assert run(["log"], env).count("\n") == before + 2  # line 1 applied (2 records); nothing of line 2 or 3
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
    out = run(["sign", "document.register", "--args", "{}", "--command-id", "x"], env, key, code=1)
    assert "not initialised" in out and "fundtrail init" in out
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
