"""`make demo`: one Harbin subsidy batch end to end through the real CLIs, on an embedded SQLite ledger.

The story (fundtrail/demo_batch.py): actors of every role, the programme with its policy version,
budget line and batch; four enterprises and five projects in the three brackets of 第四条（一）, one
enterprise's two projects capped together at 50万; an invoice offered twice and refused; a publicity
with an upheld objection; the 市政府 decision; both tranches behind their gates; a clawback with a
partial repayment; each amount printed with its explanation. Then the log itself: every command
re-executed, the evidence store checked, the ledger verified with ``fundtrail-verify``, checkpoints a
witness cosigns, an enterprise's receipt, and tampered copies and insider attacks each caught.
Runs at fixed dates inside the measures' validity (docs/decisions.md §10); output under demo-out/.
"""

from __future__ import annotations

import argparse
import base64
import json
import shutil
import sqlite3
import sys
import time
from datetime import UTC
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from domain.policy.ceiling import yuan
from fundtrail.demo_batch import BANK_SECRET
from fundtrail.demo_batch import ORIGIN
from fundtrail.demo_batch import Story
from fundtrail.demo_province import province
from fundtrail.demo_shell import DemoFailed
from fundtrail.demo_shell import Shell

if TYPE_CHECKING:
    from collections.abc import Callable

OUT = Path("demo-out")
WITNESS_NAME = "witness.hlj-finance.example"


def main(out: Path = OUT, *, all_inprocess: bool = False, echo: Callable[[str], None] = print) -> Shell:
    """Run the whole demo under ``out`` (deleted first); raise DemoFailed if a step ends unexpectedly."""
    started = time.monotonic()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    sh = Shell(out, all_inprocess=all_inprocess, echo=echo)
    story = Story(sh)
    echo("fundtrail 演示：哈尔滨市中小企业数字化转型城市试点专项资金 2025 年第一批（哈工信联规〔2024〕1号）")
    echo("A Harbin subsidy batch through the real CLIs.")
    echo("  `$` 以独立进程运行命令；`›` 在本进程内运行同一命令（例行步骤，以缩短演示时间）。")
    echo("  `$` runs a command as its own process; `›` runs the same command inside this process (routine steps).")
    echo("  每条命令都以固定的账本时钟运行（FUNDTRAIL_AT，行尾注明北京时间与操作人）；金额以元显示，账本以整数分记账。")
    echo("  Every command runs with the ledger clock fixed; amounts are shown in 元, kept in integer 分.")
    echo("  被拒绝的命令显示其错误（规则编号与条款）和 [exit 1]；未显示退出码的命令均以 0 结束。")
    story.keys_and_ledger()
    story.actors()
    story.programme()
    story.enterprises()
    story.intake()
    story.implementation()
    story.invoices()
    story.acceptance()
    story.proposals()
    story.publicity()
    story.approval()
    cp1 = first_checkpoint(sh)
    story.payments()
    story.clawback()
    story.summary()
    province(story)
    rechecks(sh)
    cp2 = verification(sh, story, cp1)
    read_only(sh)
    tampered_copies(sh, cp2)
    insider_attacks(sh)
    finance(sh)
    elapsed = time.monotonic() - started
    echo(
        f"\n演示完成 demo complete in {elapsed:.0f} s: {sh.processes} commands run as processes, "
        f"{sh.inprocess} in this process; the ledger verified, witnessed, receipted, and every tamper caught."
    )
    return sh


def finance(sh: Shell) -> None:
    """What finance takes away: the balances and the budget's execution rebuilt from the log, a spreadsheet
    stamped with the ledger position it came from, and the check that the views equal a rebuild."""
    sh.echo("\n\n== 21. 资金台账、预算执行与财务报表  balances, budget execution, a spreadsheet for finance ==")
    sh.echo("\n-- 资金台账由账本日志重建（每行记有所依据的记录序号）  balances rebuilt from the log")
    sh.run("fundtrail", "--lang", "zh", "balances", clock=False)
    sh.echo("\n-- 预算执行（“双监控”）：各类别已承诺、已支付及改造补助占下达资金比例（≥80%，第八条）")
    sh.run("fundtrail", "--lang", "zh", "budget", clock=False)
    sh.echo("\n-- 年中某日的台账（按当日 24:00 北京时间的账本状态重建，并附该位置的签名检查点）")
    sh.run("fundtrail", "--lang", "zh", "balances", "--as-of", "2025-07-31", clock=False, max_lines=14)
    book = sh.out / "资金台账.xlsx"
    sh.echo("\n-- 财务报表：金额以元（两位小数）与整数分并列，合计由分求和，标注账本位置、头哈希与检查点")
    sh.run("fundtrail", "--lang", "zh", "report", "balances", "-o", str(book))
    sh.echo("\n-- 报表视图与从日志重建的结果逐行一致  the live views equal a rebuild from the log")
    sh.run("fundtrail", "projections", "check", clock=False)
    statement = bank_statement(sh)
    secret = sh.keys / "bank-account.secret"
    secret.write_bytes(BANK_SECRET)
    secret.chmod(0o600)
    sh.echo(
        "\n-- 三方对账：市政府批准 ↔ 支付指令 ↔ 银行对账单（开户行导出的 GBK 编码 CSV；收款账号以财政局持有的密钥"
        "\n   计算键控哈希后与账本所记账户比对）。对账单上有一笔没有支付指令的手续费，被指出："
        "（three-way reconciliation）"
    )
    sh.run(
        "fundtrail",
        "--lang",
        "zh",
        "reconcile",
        str(statement),
        "--secret-file",
        str(secret),
        clock=False,
        expect=1,
        caught="statement_line_without_order",
    )


TREASURY = ("哈尔滨市财政局国库支付中心", "6217000012345678901")


def bank_statement(sh: Shell) -> Path:
    """The treasury account's statement as the bank exports it (GBK CSV, a title above the header): one line
    per settled payment order, read from the views, plus one bank fee that nobody ordered."""
    from sqlalchemy import select

    from fundtrail.demo_awards import LEAD
    from fundtrail.demo_awards import YUNQI
    from fundtrail.demo_batch import FIRMS
    from projections.balances import ORDERS
    from projections.balances import SUBJECTS
    from projections.core import engine_for

    payees = {f.uscc: (f.name, f.account_no) for f in FIRMS} | {o.uscc: (o.name, o.account_no) for o in (YUNQI, LEAD)}
    engine = engine_for(f"sqlite:///{sh.db}")
    with engine.connect() as conn:
        payee_of = {r.subject_id: r.payee_uscc for r in conn.execute(select(SUBJECTS))}
        orders = [r for r in conn.execute(select(ORDERS).order_by(ORDERS.c.value_date, ORDERS.c.order_no))]
    engine.dispose()
    rows = [
        f"账号：{TREASURY[1]}",
        f"户名：{TREASURY[0]}",
        "交易日期,交易流水号,付款人名称,付款人账号,收款人名称,收款人账号,金额,摘要",
    ]
    for o in orders:
        if o.status != "settled":
            continue
        name, account = payees[payee_of[o.subject_id]]
        rows.append(
            f"{o.value_date},{o.bank_serial},{TREASURY[0]},{TREASURY[1]},{name},{account},"
            f'"{o.amount_fen // 100:,}.{o.amount_fen % 100:02d}",{o.order_no}'
        )
    rows.append(
        f"2025-11-28,FEE-202511,{TREASURY[0]},{TREASURY[1]},中国工商银行哈尔滨分行,6222000000000000088,35.00,手续费"
    )
    path = sh.out / "工行对账单-2025.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("gbk"))
    return path


def first_checkpoint(sh: Shell) -> Path:
    """After the 市政府 decision: a checkpoint of the log that the province's witness cosigns."""
    sh.echo("\n-- 市政府审定后，账本出具检查点，省财政厅见证节点会签 (checkpoint, cosigned by a witness)")
    cp1 = sh.out / "checkpoint-1.txt"
    sh.run("fundtrail", "checkpoint", "-o", str(cp1))
    sh.run("fundtrail-verify", "witness", "cosign", str(cp1), *witness_args(sh), clock=False)
    return cp1


def witness_args(sh: Shell) -> list[str]:
    assert sh.now is not None
    return [
        "--state",
        str(sh.out / "witness-state.json"),
        "--key",
        str(sh.keys / "witness-hlj.json"),
        "--name",
        WITNESS_NAME,
        "--log-key",
        str(sh.out / "log.vkey"),
        "--time",
        str(int(sh.now.timestamp())),
    ]


def rechecks(sh: Shell) -> None:
    sh.echo("\n\n== 15. 复核：重新执行每条签名指令；证据库逐一核对  re-execution and the evidence store ==")
    sh.day("2026-03-11")
    sh.echo("\n-- 每条签名指令在它之前的账本状态上重新执行，所得记录须与账本中的记录逐字节一致")
    sh.run("fundtrail", "check", "commands", clock=False)
    sh.echo("\n-- 账本记录的每个内容哈希（合同、发票、回单、报告、批复……）在证据库中都有原文件，逐字节一致")
    sh.run("fundtrail", "evidence", "check", clock=False)


def verification(sh: Shell, story: Story, cp1: Path) -> Path:
    sh.echo("\n\n== 16. 独立核验  independent verification (fundtrail-verify needs no fundtrail code) ==")
    vkey = sh.out / "log.vkey"
    sh.run("fundtrail-verify", "chain", f"sqlite:///{sh.db}", "--log-key", str(vkey), "--lang", "zh", clock=False)
    sh.echo("\n\n== 17. 检查点、一致性证明、见证会签、企业回执  checkpoint, proof, witness, receipt ==")
    cp2 = sh.out / "checkpoint-2.txt"
    sh.run("fundtrail", "checkpoint", "-o", str(cp2))
    size1, size2 = int(cp1.read_text().split("\n")[1]), int(cp2.read_text().split("\n")[1])
    proof = sh.out / "proof-1-2.txt"
    sh.echo(f"\n-- 从 7 月的检查点（{size1} 条）到年末（{size2} 条）：只追加、未改写 (append-only)")
    sh.run("fundtrail", "proof", "consistency", str(size1), str(size2), "-o", str(proof), clock=False)
    sh.run("fundtrail-verify", "witness", "cosign", str(cp2), "--proof", str(proof), *witness_args(sh), clock=False)
    sh.run(
        "fundtrail-verify",
        "consistency",
        str(cp1),
        str(cp2),
        "--proof",
        str(proof),
        "--log-key",
        str(vkey),
        clock=False,
    )
    wvkey = sh.run(
        "fundtrail-verify",
        "witness",
        "vkey",
        "--key",
        str(sh.keys / "witness-hlj.json"),
        "--name",
        WITNESS_NAME,
        clock=False,
        fast=True,
    ).strip()
    seq = story.settled["C-1", 2] + 1  # the record after the command record: the settlement itself
    sh.echo(f"\n-- 龙电电机取得其第二批资金到账记录（序号 {seq}）的回执，可自行核验，无需访问账本")
    sh.run("fundtrail", "log", "--from", str(seq - 1), "--limit", "2", clock=False, fast=True)
    receipt = sh.out / "receipt-longdian.json"
    sh.run("fundtrail", "receipt", str(seq), "--checkpoint", str(cp2), "-o", str(receipt), clock=False)
    sh.run(
        "fundtrail-verify",
        "receipt",
        str(receipt),
        "--log-key",
        str(vkey),
        "--witness",
        wvkey,
        "--min-witnesses",
        "1",
        clock=False,
    )
    sh.echo("\n-- 导出核验包，脱离数据库核验 (an export bundle, verified without database access)")
    bundle = sh.out / "bundle.zip"
    sh.run("fundtrail", "export", "-o", str(bundle), clock=False)
    sh.run("fundtrail-verify", "chain", str(bundle), "--log-key", str(vkey), "--checkpoint", str(cp2), clock=False)
    return cp2


def read_only(sh: Shell) -> None:
    sh.echo("\n\n== 18. 没有日志密钥的进程只能读  a process without the log key cannot write ==")
    sh.run(
        "fundtrail",
        "role",
        "grant",
        "fin-li",
        "inspector",
        key="operator",
        expect=1,
        caught="[rule FT-LOG-KEY ",
        log_key=False,
    )
    sh.run("fundtrail", "checkpoint", "-o", str(sh.out / "checkpoint-3.txt"), log_key=False, fast=True)


def tampered_copies(sh: Shell, cp2: Path) -> None:
    sh.echo("\n\n== 19. 篡改副本  tampered copies are caught ==")
    tampered = sh.out / "tampered.sqlite"
    shutil.copy(sh.db, tampered)
    with sqlite3.connect(tampered) as conn:
        row = conn.execute(
            "SELECT c.seq, e.rowid, e.state FROM stored_events_chain c JOIN stored_events e "
            "ON e.originator_id = replace(c.originator_id, '-', '') AND e.originator_version = c.originator_version "
            "WHERE c.topic = 'fundtrail.payment.OrderIssued' AND CAST(e.state AS TEXT) LIKE ?",
            ('%"order_no":"ZF-2025-C-1-1"%',),
        ).fetchone()
        state = bytes(row[2])
        paid = int(json.loads(state)["amount_fen"])
        forged = paid + 18_000_000
        sh.echo(
            f"\n-- 在副本中把序号 {row[0]} 的 C-1 第一批支付指令金额 {yuan(paid)} 元 改为 {yuan(forged)} 元"
            " (UPDATE stored_events …)"
        )
        changed = state.replace(f'"amount_fen":{paid},'.encode(), f'"amount_fen":{forged},'.encode())
        assert changed != state
        conn.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (changed, row[1]))
    caught_by_verifier(sh, tampered, "HASH_MISMATCH")
    sh.run(
        "fundtrail-verify",
        "record",
        f"sqlite:///{tampered}",
        str(row[0]),
        expect=1,
        caught="✗",
        db=tampered,
        clock=False,
        fast=True,
    )
    truncated = sh.out / "truncated.sqlite"
    shutil.copy(sh.db, truncated)
    size2 = int(cp2.read_text().split("\n")[1])
    with sqlite3.connect(truncated) as conn:
        keep = int(
            conn.execute(
                "SELECT MAX(seq) FROM stored_events_chain WHERE length(seal) > 0 AND seq < ?", (size2,)
            ).fetchone()[0]
        )
        sh.echo(f"\n-- 在副本中删去序号 {keep} 之后的记录（在一个封印处截断）；检查点记录数为 {size2}")
        conn.execute(
            "DELETE FROM stored_events WHERE (originator_id, originator_version) IN (SELECT "
            "replace(originator_id, '-', ''), originator_version FROM stored_events_chain WHERE seq > ?)",
            (keep,),
        )
        conn.execute("DELETE FROM stored_events_chain WHERE seq > ?", (keep,))
    caught_by_verifier(sh, truncated, "CHECKPOINT_TRUNCATED", "--checkpoint", str(cp2))


def caught_by_verifier(sh: Shell, db: Path, finding: str, *more: str) -> None:
    """fundtrail-verify on a damaged copy: exit 1, naming ``finding``."""
    log_key = str(sh.out / "log.vkey")
    args = ("fundtrail-verify", "chain", f"sqlite:///{db}", "--log-key", log_key, *more, "--lang", "zh")
    sh.run(*args, expect=1, caught=finding, db=db, clock=False)


def insider_attacks(sh: Shell) -> None:  # noqa: PLR0915 - three attacks, told in order
    """Format v2 against a database insider (docs/ledger-format.md §1.3): an appended record, an injected
    key and a replayed command, each named by fundtrail-verify at its seq."""
    from domain import ids
    from fundtrail.demo_attacks import Insider
    from fundtrail.demo_attacks import Row
    from ledger import keys as keyfiles
    from ledger.canonical import canonical_bytes
    from ledger.canonical import format_time
    from ledger.canonical import parse_time
    from ledger.envelope import make_envelope
    from ledger.envelope import sign
    from ledger.hashing import command_hash

    sh.echo("\n\n== 20. 数据库内部人员  insider attacks on copies of the database ==")
    log_key = keyfiles.read(sh.keys / "log.json").private_key

    sh.echo("\n-- (a) 无密钥者在最后一个封印之后追加一条记录 (an insider without keys appends a record)")
    appended = sh.out / "appended.sqlite"
    shutil.copy(sh.db, appended)
    insider = Insider(appended, None)
    head = insider.head()
    stream = str(ids.document_stream("FORGED-1"))
    insider.append([insider.copy_of(head, originator_id=stream, originator_version=1, sealed=False)])
    insider.close()
    caught_by_verifier(sh, appended, "UNSEALED_TAIL")

    sh.echo(
        "\n-- (b) 持有日志密钥的内部人员为 fin-li（市财政局）注入一把密钥，再以其名义签名一份 500 万元的“拨付通知”"
        " (an injected key, and a document signed with it)"
    )
    injected = sh.out / "injected-key.sqlite"
    shutil.copy(sh.db, injected)
    insider = Insider(injected, log_key)
    attacker = keyfiles.generate("fin-li")
    head = insider.head()
    when = insider.record(head)["recorded_at"]
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
    args: dict[str, Any] = {"doc_id": "FIN-FAKE-1", "doc_type": "payment", "number": "哈财企〔2025〕99号"}
    args |= {"title": "伪造的拨付通知", "sha256": "66" * 32, "issuer": "哈尔滨市财政局", "amount_fen": 500_000_000}
    issued = parse_time(when) + timedelta(minutes=1)
    args["issued_on"] = issued.astimezone(UTC).date().isoformat()
    fields = make_envelope(
        origin=ORIGIN,
        command="document.register",
        args=args,
        actor="fin-li",
        key_id=attacker.key_id,
        issued_at=issued,
        command_id="fake-1",
    )
    signed = sign(fields, attacker.private_key, insider.h)
    later = format_time(issued + timedelta(seconds=1))
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
    sh.echo("   (every hash, link, node and seal is recomputed: only the registry rule can name it)")
    caught_by_verifier(sh, injected, "KEY_UNBACKED")

    sh.echo("\n-- (c) 持有日志密钥的内部人员重放 C-1 第二批到账的签名指令（同一笔钱“到账”两次） (a replayed command)")
    replayed = sh.out / "replayed.sqlite"
    shutil.copy(sh.db, replayed)
    insider = Insider(replayed, log_key)
    target = next(
        seq
        for seq in range(insider.head(), 0, -1)
        if json.loads(insider.record(seq)["state"]).get("command_id") == "C-1-t2-settle"
        and insider.record(seq)["actor_id"] == "dfin-zhou"
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
    caught_by_verifier(sh, replayed, "COMMAND_REPLAYED")


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fundtrail.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (deleted first; default demo-out)")
    parser.add_argument(
        "--inprocess", action="store_true", help="run every command inside this process (faster; for tests)"
    )
    ns = parser.parse_args(argv)
    try:
        main(ns.out, all_inprocess=ns.inprocess)
    except DemoFailed as e:
        print(f"\n演示失败 demo failed: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(cli())
