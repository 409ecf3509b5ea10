"""`make demo`: an end-to-end run of the real CLIs on an embedded SQLite ledger.

Registers a handful of actors of the Harbin programme, appends a realistic
stream of signed commands (also through `fundtrail apply`), verifies the ledger
with `fundtrail-verify`, issues a checkpoint that a witness cosigns, hands an
enterprise a receipt, then tampers with copies and shows each caught.
Runs at fixed dates inside the measures' validity (docs/decisions.md §10).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

OUT = Path("demo-out")
DB = OUT / "ledger.sqlite"
BIN = Path(sys.executable).parent
ORIGIN = "fundtrail.example/harbin-pilot-2025"


def run(
    *args: str, at: str | None = None, key: str | None = None, expect: int = 0, db: Path = DB, log_key: bool = True
) -> str:
    # The log key reaches the ledger process as a real deployment hands it over: a key file named
    # by an environment variable, readable by the ledger's user only.
    env = dict(
        os.environ,
        FUNDTRAIL_LEDGER=f"sqlite:///{db}",
        LANG="zh_CN.UTF-8",
        FUNDTRAIL_LOG_KEY=str(OUT / "keys" / "log.json"),
    )
    if not log_key:
        del env["FUNDTRAIL_LOG_KEY"]
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
        "--organisation-name",
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
            "--organisation-code",
            code,
            "--organisation-name",
            org,
            "--organisation-kind",
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
        "--doc-type",
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
        "--doc-type",
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
        "--revoke-key-id",
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
        "--doc-type",
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
        "--doc-type",
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
    print("\n== 8. 指令编号属于其操作人 command ids belong to their actor ==")
    doc = ["--doc-type", "evidence", "--number", "FIN-PAY-1", "--title", "拨付通知", "--issued-on", "2025-04-10"]
    doc += ["--sha256", "33" * 32, "--issuer", "哈尔滨市财政局", "--command-id", "doc-accept"]
    print("-- fin-li 使用 ent-hongxing 已用过的编号 doc-accept: 照常入账 (another actor's id does not interfere)")
    run("fundtrail", "document", "register", "FIN-PAY-1", *doc, at="2025-04-10T03:00:00Z", key="fin-li")
    print("-- ent-hongxing 以同一编号提交另一条指令: 拒绝 (a different command under a used id is refused)")
    doc2 = ["--doc-type", "evidence", "--number", "HX-X", "--title", "另一份文件", "--issued-on", "2025-04-10"]
    doc2 += ["--sha256", "44" * 32, "--issuer", "红星机械制造有限公司", "--command-id", "doc-accept"]
    run("fundtrail", "document", "register", "HX-X", *doc2, at="2025-04-10T03:01:00Z", key="ent-hongxing", expect=1)
    print("-- 没有日志密钥的进程只读 (a process without the log key cannot write)")
    run(
        "fundtrail",
        "role",
        "grant",
        "fin-li",
        "inspector",
        at="2025-04-10T03:02:00Z",
        key="operator",
        expect=1,
        log_key=False,
    )
    cp3 = OUT / "checkpoint-3.txt"
    run("fundtrail", "checkpoint", "-o", str(cp3), log_key=False)
    print("\n== 9. 篡改副本 tampered copies are caught ==")
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
        keep = size2 - 3  # the last document group: command record, document, content claim
        print(f"-- 回滚到序号 {keep} (最后几组被删除, tail cut at a seal) ; 检查点 size {size2}")
        conn.execute(
            "DELETE FROM stored_events WHERE (originator_id, originator_version) IN (SELECT "
            "replace(originator_id, '-', ''), originator_version FROM stored_events_chain WHERE seq > ?)",
            (keep,),
        )
        conn.execute("DELETE FROM stored_events_chain WHERE seq > ?", (keep,))
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
    insider_attacks()
    print("\n演示完成 demo complete: verified ledger, witness cosignatures, a receipt, and every tamper caught.")


def insider_attacks() -> None:  # noqa: PLR0915 - three attacks, told in order
    """Format v2 against a database insider (docs/ledger-format.md §1.3): appended records, an injected
    key and a replayed command, each named by fundtrail-verify at its seq."""
    import base64
    import json
    from datetime import UTC
    from datetime import datetime

    from domain import ids
    from fundtrail.demo_attacks import Insider
    from fundtrail.demo_attacks import Row
    from ledger import keys as keyfiles
    from ledger.canonical import canonical_bytes
    from ledger.canonical import format_time
    from ledger.envelope import make_envelope
    from ledger.envelope import sign
    from ledger.hashing import command_hash

    log_key = keyfiles.read(OUT / "keys" / "log.json").private_key

    def verify(db: Path) -> None:
        run(
            "fundtrail-verify",
            "chain",
            f"sqlite:///{db}",
            "--log-key",
            str(OUT / "log.vkey"),
            "--lang",
            "zh",
            expect=1,
            db=db,
        )

    print("\n-- (a) 无密钥者在最后一个封印之后追加一条记录 (an insider without keys appends a record)")
    appended = OUT / "appended.sqlite"
    shutil.copy(DB, appended)
    insider = Insider(appended, None)
    head = insider.head()
    stream = str(ids.document_stream("FORGED-1"))
    insider.append([insider.copy_of(head, originator_id=stream, originator_version=1, sealed=False)])
    insider.close()
    verify(appended)

    print("\n-- (b) 持有日志密钥的内部人员为 fin-li 注入一把密钥, 再以 fin-li 名义签名 (injected key, impersonation)")
    injected = OUT / "injected-key.sqlite"
    shutil.copy(DB, injected)
    insider = Insider(injected, log_key)
    attacker = keyfiles.generate("fin-li")
    head = insider.head()
    last = insider.record(head)
    when = last["recorded_at"]
    actor_stream = str(ids.actor_stream("fin-li"))
    key_stream = str(ids.key_stream(attacker.key_id))
    insider.unseal_head()
    key_event = canonical_bytes(
        {"actor_id": "fin-li", "key_id": attacker.key_id, "public_key": attacker.public_b64, "timestamp": when}
    )
    claim = canonical_bytes(
        {
            "actor_id": "fin-li",
            "key_id": attacker.key_id,
            "originator_topic": "fundtrail.key.KeyClaim",
            "timestamp": when,
        }
    )
    insider.append(
        [
            insider.copy_of(
                head,
                originator_id=actor_stream,
                originator_version=insider.next_version(actor_stream),
                topic="fundtrail.actor.KeyRegistered",
                state=key_event,
                sealed=False,
            ),
            insider.copy_of(
                head,
                originator_id=key_stream,
                originator_version=1,
                topic="fundtrail.key.Claimed",
                state=claim,
                sealed=True,
            ),
        ]
    )
    args: dict[str, Any] = {
        "doc_id": "FIN-FAKE-1",
        "doc_type": "payment",
        "number": "FAKE-1",
        "title": "伪造的拨付通知",
    }
    args |= {"issued_on": "2025-04-10", "sha256": "66" * 32, "issuer": "哈尔滨市财政局", "amount_fen": 500_000_000}
    fields = make_envelope(
        origin=ORIGIN,
        command="document.register",
        args=args,
        actor="fin-li",
        key_id=attacker.key_id,
        issued_at=datetime(2025, 4, 10, 4, tzinfo=UTC),
        command_id="fake-1",
    )
    signed = sign(fields, attacker.private_key, insider.h)
    later = format_time(datetime(2025, 4, 10, 4, 0, 1, tzinfo=UTC))
    record = canonical_bytes(
        {
            "command": "document.register",
            "command_id": "fake-1",
            "envelope": signed.envelope.decode(),
            "signature": base64.b64encode(signed.signature).decode(),
            "timestamp": later,
        }
    )
    document = canonical_bytes(
        {**args, "originator_topic": "fundtrail.document.Document", "registered_by": "fin-li", "timestamp": later}
    )
    journal = str(ids.command_stream("fin-li"))
    group = {
        "recorded_at": later,
        "actor_id": "fin-li",
        "key_id": bytes.fromhex(attacker.key_id),
        "command_hash": command_hash(insider.h, signed.envelope),
        "signature": signed.signature,
    }
    insider.append(
        [
            insider.copy_of(
                head,
                originator_id=journal,
                originator_version=insider.next_version(journal),
                topic="fundtrail.command.Accepted",
                state=record,
                sealed=False,
                **group,
            ),
            insider.copy_of(
                head,
                originator_id=str(ids.document_stream("FIN-FAKE-1")),
                originator_version=1,
                topic="fundtrail.document.Registered",
                state=document,
                sealed=True,
                **group,
            ),
        ]
    )
    insider.close()
    print("   (every hash, link, node and seal is recomputed: only the registry rule can name it)")
    verify(injected)

    print("\n-- (c) 持有日志密钥的内部人员重放一条已签名的指令 (a signed command replayed)")
    replayed = OUT / "replayed.sqlite"
    shutil.copy(DB, replayed)
    insider = Insider(replayed, log_key)
    target = next(
        seq
        for seq in range(insider.head(), 0, -1)
        if json.loads(insider.record(seq)["state"]).get("command_id") == "doc-accept"
        and insider.record(seq)["actor_id"] == "ent-hongxing"
    )
    head_time = insider.record(insider.head())["recorded_at"]
    copies: list[Row] = []
    versions: dict[str, int] = {}
    for seq in insider.group_of(target):
        stream = insider.record(seq)["originator_id"]
        versions[stream] = versions.get(stream) or insider.next_version(stream)
        copies.append(insider.copy_of(seq, originator_version=versions[stream], recorded_at=head_time))
        versions[stream] += 1
    insider.append(copies)
    insider.close()
    verify(replayed)


if __name__ == "__main__":
    main()
