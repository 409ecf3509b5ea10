"""`make demo`: an end-to-end run of the real CLIs on an embedded SQLite ledger.

Registers a handful of actors of the Harbin programme, appends a realistic
stream of signed commands (also through `fundtrail apply`), verifies the ledger
with `fundtrail-verify`, issues a checkpoint that a witness cosigns, hands an
enterprise a receipt, then tampers with copies and shows each caught.
Runs at fixed dates inside the measures' validity (decisions.md §10).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

OUT = Path("demo-out")
DB = OUT / "ledger.sqlite"
BIN = Path(sys.executable).parent
ORIGIN = "fundtrail.example/harbin-pilot-2025"


def run(*args: str, at: str | None = None, key: str | None = None, expect: int = 0, db: Path = DB) -> str:
    # The log key reaches the ledger process as a real deployment hands it over: a key file named
    # by an environment variable, readable by the ledger's user only.
    env = dict(
        os.environ,
        FUNDTRAIL_LEDGER=f"sqlite:///{db}",
        LANG="zh_CN.UTF-8",
        FUNDTRAIL_LOG_KEY=str(OUT / "keys" / "log.json"),
    )
    if at:
        env["FUNDTRAIL_AT"] = at
    if key:
        env["FUNDTRAIL_KEY"] = str(OUT / "keys" / f"{key}.json")
    shown = " ".join(a if " " not in a else repr(a) for a in args)
    print(f"\n$ {shown}" + (f"    # as {key}" if key else ""))
    tool = BIN / args[0]
    command = [str(tool), *args[1:]]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - our own tools
    if proc.stdout:
        print(proc.stdout.rstrip())
    if proc.stderr:
        print(proc.stderr.rstrip())
    if proc.returncode != expect:
        print(f"!! exit {proc.returncode}, expected {expect}")
        raise SystemExit(1)
    print(f"[exit {proc.returncode}]")
    return proc.stdout


def main() -> None:  # noqa: PLR0915 - the demo is one story, told in order
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "keys").mkdir(parents=True)
    print("== 1. 密钥与账本 keys and the ledger ==")
    actors = [
        "operator",
        "miit-zhang",
        "fin-li",
        "clerk-wang",
        "expert-zhao",
        "ent-hongxing",
        "taskforce-sun",
        "witness-prov-fin",
    ]
    for a in actors:
        run("fundtrail", "keys", "new", a, "-o", str(OUT / "keys" / f"{a}.json"))
    run("fundtrail", "keys", "new", "miit-zhang", "-o", str(OUT / "keys" / "miit-zhang-2.json"))
    run("fundtrail", "keys", "new", "log", "-o", str(OUT / "keys" / "log.json"))
    run(
        "fundtrail",
        "init",
        "--origin",
        ORIGIN,
        "--name",
        "哈尔滨市数字化转型专项资金账本运营方",
        "--org-name",
        "哈尔滨市工业和信息化局信息中心",
        at="2025-03-03T01:00:00Z",
        key="operator",
    )
    print("\n== 2. 登记操作人 register actors (signed by the operator) ==")
    people = [
        ("miit-zhang", "张伟", "HRB-MIIT", "哈尔滨市工业和信息化局", "city_miit", ["city_miit"]),
        ("fin-li", "李娜", "HRB-FIN", "哈尔滨市财政局", "city_finance", ["city_finance"]),
        ("clerk-wang", "王芳", "HRB-GOV", "哈尔滨市人民政府办公厅", "city_gov", ["city_gov_clerk"]),
        ("expert-zhao", "赵强", "EXPERTS", "评审专家库", "expert_panel", ["expert_reviewer"]),
        (
            "ent-hongxing",
            "红星机械制造有限公司",
            "91230100MA1B2C3D4X",
            "红星机械制造有限公司",
            "enterprise",
            ["applicant"],
        ),
        ("taskforce-sun", "孙丽", "HRB-TASKFORCE", "督察联合工作组", "task_force", ["inspector"]),
        ("witness-prov-fin", "省财政厅见证节点", "HLJ-FIN", "黑龙江省财政厅", "prov_finance", ["witness"]),
    ]
    for i, (aid, name, code, org, kind, roles) in enumerate(people):
        args = [
            "fundtrail",
            "actor",
            "register",
            aid,
            "--name",
            name,
            "--org-code",
            code,
            "--org-name",
            org,
            "--org-kind",
            kind,
            "--public-key",
            str(OUT / "keys" / f"{aid}.json"),
            "--command-id",
            f"reg-{aid}",
        ]
        for r in roles:
            args += ["--role", r]
        run(*args, at=f"2025-03-03T02:{i:02d}:00Z", key="operator")
    print("\n== 3. 业务文件入账 documents, also via a signed batch file ==")
    run(
        "fundtrail",
        "document",
        "register",
        "HGXLG-2024-1",
        "--type",
        "measures",
        "--number",
        "哈工信联规〔2024〕1号",
        "--title",
        "哈尔滨市中小企业数字化转型城市试点专项资金管理办法（暂行）",
        "--issued-on",
        "2024-10-15",
        "--sha256",
        "9f" * 32,
        "--issuer",
        "哈尔滨市工业和信息化局",
        "--command-id",
        "doc-measures",
        at="2025-03-04T01:00:00Z",
        key="miit-zhang",
    )
    batch = OUT / "batch.jsonl"
    lines = []
    for n, (doc_id, title, amount) in enumerate(
        [
            ("HX-CONTRACT-001", "数字化改造服务合同", 128_000_000),
            ("HX-INVOICE-001", "增值税专用发票", 64_000_000),
            ("HX-BANK-001", "银行支付凭证", 64_000_000),
        ]
    ):
        lines.append(
            run(
                "fundtrail",
                "sign",
                "document.register",
                "--command-id",
                f"hx-{n}",
                "--args",
                f'{{"doc_id":"{doc_id}","doc_type":"evidence","number":"{doc_id}","title":"{title}",'
                f'"issued_on":"2025-03-0{n + 1}","sha256":"{n:02d}{"ab" * 31}",'
                f'"issuer":"红星机械制造有限公司","amount_fen":{amount}}}',
                at=f"2025-03-05T0{n}:00:00Z",
                key="ent-hongxing",
            ).strip()
        )
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run("fundtrail", "apply", str(batch), at="2025-03-05T06:00:00Z")
    run("fundtrail", "apply", str(batch), at="2025-03-05T06:05:00Z")  # re-run is safe: skipped
    print("\n== 4. 拒绝的指令 refused commands append nothing ==")
    run(
        "fundtrail",
        "role",
        "grant",
        "ent-hongxing",
        "city_finance",
        at="2025-03-06T01:00:00Z",
        key="ent-hongxing",
        expect=1,
    )
    run(
        "fundtrail",
        "document",
        "register",
        "BAD",
        "--type",
        "evidence",
        "--number",
        "X",
        "--title",
        "t",
        "--issued-on",
        "2025-02-30",
        "--sha256",
        "00" * 32,
        "--issuer",
        "x",
        at="2025-03-06T01:01:00Z",
        key="fin-li",
        expect=1,
    )
    print("\n== 5. 密钥轮换与吊销 key rotation and revocation ==")
    old = run("fundtrail", "keys", "show", str(OUT / "keys" / "miit-zhang.json"))
    old_id = old.split('"key_id": "')[1].split('"')[0]
    run(
        "fundtrail",
        "key",
        "rotate",
        "miit-zhang",
        "--public-key",
        str(OUT / "keys" / "miit-zhang-2.json"),
        "--revoke",
        old_id,
        "--command-id",
        "rotate-zhang",
        at="2025-04-01T01:00:00Z",
        key="miit-zhang",
    )
    run(
        "fundtrail",
        "document",
        "register",
        "late",
        "--type",
        "x",
        "--number",
        "x",
        "--title",
        "x",
        "--issued-on",
        "2025-04-01",
        "--sha256",
        "11" * 32,
        "--issuer",
        "x",
        at="2025-04-01T02:00:00Z",
        key="miit-zhang",
        expect=1,
    )
    run("fundtrail", "log", "--limit", "12")
    run("fundtrail", "history", "actor:miit-zhang")
    print("\n== 6. 独立核验 independent verification ==")
    vkey = run("fundtrail", "vkey").strip()
    (OUT / "log.vkey").write_text(vkey + "\n", encoding="utf-8")
    run("fundtrail-verify", "chain", f"sqlite:///{DB}", "--log-key", str(OUT / "log.vkey"), "--lang", "zh")
    print("\n== 7. 检查点、见证会签、回执 checkpoint, witness cosignature, receipt ==")
    cp1 = OUT / "checkpoint-1.txt"
    run("fundtrail", "checkpoint", "-o", str(cp1), at="2025-04-01T03:00:00Z")
    witness = [
        "--state",
        str(OUT / "witness-state.json"),
        "--key",
        str(OUT / "keys" / "witness-prov-fin.json"),
        "--name",
        "witness.hlj-finance.example",
        "--log-key",
        str(OUT / "log.vkey"),
        "--time",
        "1743476400",
    ]
    run("fundtrail-verify", "witness", "cosign", str(cp1), *witness)
    wvkey = run(
        "fundtrail-verify",
        "witness",
        "vkey",
        "--key",
        str(OUT / "keys" / "witness-prov-fin.json"),
        "--name",
        "witness.hlj-finance.example",
    ).strip()
    run(
        "fundtrail",
        "document",
        "register",
        "HX-ACCEPT-001",
        "--type",
        "acceptance",
        "--number",
        "HX-YS-001",
        "--title",
        "项目验收报告",
        "--issued-on",
        "2025-04-10",
        "--sha256",
        "22" * 32,
        "--issuer",
        "第三方评估机构",
        "--command-id",
        "doc-accept",
        at="2025-04-10T01:00:00Z",
        key="ent-hongxing",
    )
    cp2 = OUT / "checkpoint-2.txt"
    run("fundtrail", "checkpoint", "-o", str(cp2), at="2025-04-10T02:00:00Z")
    size1, size2 = int(cp1.read_text().split("\n")[1]), int(cp2.read_text().split("\n")[1])
    run("fundtrail", "proof", "consistency", str(size1), str(size2), "-o", str(OUT / "proof-1-2.txt"))
    run("fundtrail-verify", "witness", "cosign", str(cp2), "--proof", str(OUT / "proof-1-2.txt"), *witness)
    run(
        "fundtrail-verify",
        "consistency",
        str(cp1),
        str(cp2),
        "--proof",
        str(OUT / "proof-1-2.txt"),
        "--log-key",
        str(OUT / "log.vkey"),
    )
    seq = int(run("fundtrail", "log", "--stream", "document:HX-ACCEPT-001").split()[0])
    run("fundtrail", "receipt", str(seq), "--checkpoint", str(cp2), "-o", str(OUT / "receipt-hongxing.json"))
    run(
        "fundtrail-verify",
        "receipt",
        str(OUT / "receipt-hongxing.json"),
        "--log-key",
        str(OUT / "log.vkey"),
        "--witness",
        wvkey,
        "--min-witnesses",
        "1",
    )
    run("fundtrail", "export", "-o", str(OUT / "bundle.zip"))
    run(
        "fundtrail-verify",
        "chain",
        str(OUT / "bundle.zip"),
        "--log-key",
        str(OUT / "log.vkey"),
        "--checkpoint",
        str(cp2),
    )
    print("\n== 8. 篡改副本 tampered copies are caught ==")
    tampered = OUT / "tampered.sqlite"
    shutil.copy(DB, tampered)
    with sqlite3.connect(tampered) as conn:
        row = conn.execute(
            "SELECT c.seq, e.rowid, e.state FROM stored_events_chain c JOIN stored_events e "
            "ON e.originator_id = replace(c.originator_id, '-', '') AND e.originator_version = c.originator_version "
            "WHERE c.topic = 'fundtrail.document.Registered' "
            "AND CAST(e.state AS TEXT) LIKE '%128000000%'"
        ).fetchone()
        print(f"-- 改写序号 {row[0]} 的合同金额 128000000 分 → 12800000 分 (UPDATE stored_events …)")
        conn.execute(
            "UPDATE stored_events SET state = ? WHERE rowid = ?",
            (bytes(row[2]).replace(b"128000000", b"12800000"), row[1]),
        )
    run(
        "fundtrail-verify",
        "chain",
        f"sqlite:///{tampered}",
        "--log-key",
        str(OUT / "log.vkey"),
        "--lang",
        "zh",
        expect=1,
        db=tampered,
    )
    run("fundtrail-verify", "record", f"sqlite:///{tampered}", str(row[0]), expect=1, db=tampered)
    truncated = OUT / "truncated.sqlite"
    shutil.copy(DB, truncated)
    with sqlite3.connect(truncated) as conn:
        print(f"-- 删除最后 2 条记录 (一整组, tail cut at a seal) ; 检查点 size {size2}")
        conn.execute(
            "DELETE FROM stored_events WHERE (originator_id, originator_version) IN (SELECT "
            "replace(originator_id, '-', ''), originator_version FROM stored_events_chain ORDER BY seq DESC LIMIT 2)"
        )
        conn.execute("DELETE FROM stored_events_chain WHERE seq > (SELECT MAX(seq) - 2 FROM stored_events_chain)")
    run(
        "fundtrail-verify",
        "chain",
        f"sqlite:///{truncated}",
        "--log-key",
        str(OUT / "log.vkey"),
        "--checkpoint",
        str(cp2),
        "--lang",
        "zh",
        expect=1,
        db=truncated,
    )
    print("\n演示完成 demo complete: verified ledger, witness cosignatures, a receipt, and every tamper caught.")


if __name__ == "__main__":
    main()
