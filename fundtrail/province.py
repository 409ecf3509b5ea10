"""The provincial award's read commands: ``fundtrail province ranking CALL`` and ``… legs CALL``.

Both read the province view (projections/province.py) caught up to the head, or rebuilt as the log stood
at ``--as-of``; both name the position, head hash and seal they were computed from. ``ranking`` prints the
list as 省工信厅 signed it, each application's points per criterion and the trail behind them — every
opening of a material, score, change, recusal and 复核, with its ``seq`` — and then ranks again from the
stored scores and names any difference. ``legs`` follows the money from 省财政厅 to the enterprise.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

import click

from fundtrail.cli import Ctx
from fundtrail.cli import Refused
from fundtrail.cli import _pad
from fundtrail.cli import main
from fundtrail.cli import pass_ctx
from fundtrail.finance import AS_OF_HELP
from fundtrail.finance import _projector
from fundtrail.finance import _yuan

if TYPE_CHECKING:
    from ledger.store import Position

province = main.commands["province"]
assert isinstance(province, click.Group)
_TAKEN = frozenset(province.commands)

OPERATION_ZH = {
    "assigned": "分配",
    "recused": "回避",
    "opened": "查阅材料",
    "scored": "评分",
    "changed": "改分",
    "rechecked": "复核",
}


def _stamp(at: Position, zh: bool) -> str:
    return (
        f"账本位置 序号 {at.seq}，头哈希 {at.head_hash[:16]}…，{at.recorded_at}"
        if zh
        else f"ledger position seq {at.seq}, head {at.head_hash[:16]}…, {at.recorded_at}"
    )


def _points(value: int | None) -> str:
    return "—" if value is None else f"{value // 100}.{value % 100:02d}"


def _tables(c: Ctx, as_of: str | None, names: tuple[str, ...]) -> tuple[dict[str, list[dict[str, Any]]], Position]:
    from projections import province as view
    from projections.core import rows

    with tempfile.TemporaryDirectory() as scratch:
        projector, at = _projector(c, as_of, Path(scratch))
        out = {n: rows(projector.engine, getattr(view, n)) for n in names}
        projector.engine.dispose()
    return out, at


@province.command("ranking")
@click.argument("call_id")
@click.option("--as-of", help=AS_OF_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@pass_ctx
def ranking(c: Ctx, call_id: str, as_of: str | None, as_json: bool) -> None:
    """拟认定名单及评分留痕 / The signed ranking of a call, each score with its trail, and a recomputation."""
    from projections.province import differences
    from projections.province import recompute

    t, at = _tables(c, as_of, ("CALLS", "APPLICATIONS", "RANKING", "RESULTS", "TRAIL"))
    call = next((r for r in t["CALLS"] if r["call_id"] == call_id), None)
    if call is None:
        raise Refused(f"no provincial call {call_id[:100]!r} is recorded at seq {at.seq}")
    apps = {r["application_id"]: r for r in t["APPLICATIONS"] if r["call_id"] == call_id}
    version = int(call["rankings"])
    signed = sorted(
        (r for r in t["RANKING"] if r["call_id"] == call_id and r["version"] == version),
        key=lambda r: (r["rank"] is None, r["rank"] or 0, r["application_id"]),
    )
    now = recompute(list(apps.values()), t["RESULTS"], call)
    diff = differences(signed, now) if signed else []
    trail = [r for r in t["TRAIL"] if r["application_id"] in apps]
    if as_json:
        out = {
            "position": {"seq": at.seq, "head_hash": at.head_hash, "seal": at.seal, "recorded_at": at.recorded_at},
            "call": call,
            "version": version,
            "signed": signed,
            "recomputed": now,
            "differences": diff,
            "trail": trail,
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return
    zh = c.lang == "zh"
    click.echo(_stamp(at, zh))
    _print_signed(call_id, version, call, signed, apps, zh)
    for aid, app in sorted(apps.items()):
        _print_trail(aid, app, signed, [r for r in trail if r["application_id"] == aid], zh)
    if signed:
        if diff:
            click.echo(
                "\n按现存评分重新排序，与签名名单不同：" if zh else "\nRanked again from the scores, it differs:"
            )
            for d in diff:
                click.echo(f"  !! {d}")
        else:
            click.echo(
                "\n按现存评分重新排序，与签名名单一致" if zh else "\nRanked again from the scores: the same list"
            )


def _print_signed(
    call_id: str,
    version: int,
    call: dict[str, Any],
    signed: list[dict[str, Any]],
    apps: dict[str, dict[str, Any]],
    zh: bool,
) -> None:
    if not signed:
        click.echo("名单尚未提出" if zh else "no list has been proposed yet")
        return
    click.echo(
        f"{call_id} 第 {version} 版拟认定名单（名额 {call['quota']}；同分依次比较财务审核得分、申报时间、编号）"
        if zh
        else f"{call_id} list version {version} (quota {call['quota']}; ties: financial score, then time, then id)"
    )
    for r in signed:
        name = apps.get(r["application_id"], {}).get("enterprise_name", "")
        mark = ("列入" if zh else "listed") if r["listed"] else ""
        tie = ("同分" if zh else "tie") if r["tie"] else ""
        click.echo(
            f"  {r['rank'] or '—':>3}  {_pad(r['application_id'], 16)}{_pad(name, 30)}"
            f"{_points(r['total']):>7}  {('财务' if zh else 'fin.')} {_points(r['financial']):>6}  "
            f"{_pad(tie, 5)}{_pad(mark, 7)}{_yuan(r['award_fen']) if r['award_fen'] else ''}"
        )


def _print_trail(
    aid: str, app: dict[str, Any], signed: list[dict[str, Any]], trail: list[dict[str, Any]], zh: bool
) -> None:
    signed_points: dict[str, int] = next((json.loads(r["points"]) for r in signed if r["application_id"] == aid), {})
    scores = " ".join(f"{k} {_points(v)}" for k, v in sorted(signed_points.items()))
    click.echo(f"\n{aid} {app['enterprise_name']}  {scores}")
    for w in json.loads(app["warnings"]):
        click.echo(f"  ! [{w['rule']}] {w['detail']}")
    for r in trail:
        op = OPERATION_ZH.get(r["operation"], r["operation"]) if zh else r["operation"]
        what = ""
        if r["criterion"] is not None:
            before = f"{_points(r['before'])} → " if r["before"] is not None else ""
            what = f"{r['criterion']} {before}{_points(r['points'])}"
        detail = r["detail"] or ""
        if r["operation"] == "opened":
            found = json.loads(detail)
            detail = f"{found['sha256'][:12]}… {found['purpose']}"
        elif r["operation"] == "rechecked":
            found = json.loads(detail)
            detail = f"{found['outcome']} {found['reasons']}"
        flag = (" [名单后更正]" if zh else " [after the list]") if r["flagged"] else ""
        click.echo(f"  #{r['seq']:<6} {r['at'][:16]}  {_pad(r['actor_id'], 12)}{_pad(op, 9)}{what}  {detail}{flag}")


@province.command("legs")
@click.argument("call_id")
@click.option("--as-of", help=AS_OF_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@pass_ctx
def legs(c: Ctx, call_id: str, as_of: str | None, as_json: bool) -> None:
    """奖励资金拨付段 / Each leg of a call's awards: 省财政厅 → 市县财政 → enterprise, ageing and holdings."""
    t, at = _tables(c, as_of, ("APPLICATIONS", "LEGS", "FRAUD"))
    apps = {r["application_id"]: r for r in t["APPLICATIONS"] if r["call_id"] == call_id}
    mine = [r for r in t["LEGS"] if r["call_id"] == call_id]
    fraud = [r for r in t["FRAUD"] if r["application_id"] in apps]
    if as_json:
        out = {
            "position": {"seq": at.seq, "head_hash": at.head_hash, "seal": at.seal, "recorded_at": at.recorded_at},
            "legs": mine,
            "fraud": fraud,
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return
    zh = c.lang == "zh"
    click.echo(_stamp(at, zh))
    head = (
        ("企业", "拨付段", "市县财政", "拨付日", "金额（元）", "已转拨", "滞留", "到账日", "应转拨日", "")
        if zh
        else ("enterprise", "leg", "bureau", "disbursed", "amount", "forwarded", "held", "settled", "due", "")
    )
    widths = (30, 20, 12, 12, 14, 14, 14, 12, 12, 6)
    click.echo("".join(_pad(h, w) for h, w in zip(head, widths, strict=True)))
    for r in mine:
        late = ("超期" if zh else "LATE") if r["late"] else ""
        if r["frozen_by"]:
            late = f"{'冻结' if zh else 'frozen'} {r['frozen_by']}"
        cells = (
            apps.get(r["application_id"], {}).get("enterprise_name", r["application_id"]),
            r["leg_id"],
            r["to_org"],
            r["disbursed_on"],
            _yuan(r["amount_fen"]),
            _yuan(r["forwarded_fen"]),
            _yuan(r["held_fen"]),
            r["last_settled_on"] or "—",
            r["due_on"] or "—",
            late,
        )
        click.echo("".join(_pad(str(v), w) for v, w in zip(cells, widths, strict=True)))
    total = sum(int(r["amount_fen"]) for r in mine)
    held = sum(int(r["held_fen"]) for r in mine)
    click.echo(
        f"合计拨付 {_yuan(total)} 元，市县财政滞留 {_yuan(held)} 元"
        if zh
        else f"disbursed {_yuan(total)}, held {_yuan(held)}"
    )
    for r in fraud:
        click.echo(
            f"  追回 {r['case_id']} {r['debtor']}：应收 {_yuan(r['receivable_fen'])}，已收 {_yuan(r['recovered_fen'])}"
            if zh
            else f"  recovery {r['case_id']} {r['debtor']}: due {_yuan(r['receivable_fen'])}, received "
            f"{_yuan(r['recovered_fen'])}"
        )


if {"ranking", "legs"} & _TAKEN:  # pragma: no cover - a programming error, found at import
    msg = "fundtrail province ranking/legs would replace a generated command"
    raise RuntimeError(msg)
