"""Text and JSON renderings of a Report (ux.md: findings on stdout, summary on stderr)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from verify.findings import Finding
    from verify.findings import Report

TOOL = {"name": "fundtrail-verify", "version": "0.1.0"}


def finding_text(f: Finding, lang: str, source: str = "SOURCE") -> str:
    zh = lang == "zh"
    where = []
    if f.seq is not None:
        where.append(f"序号 {f.seq}" if zh else f"seq {f.seq}")
    if f.stream:
        where.append(f"流 {f.stream}" if zh else f"stream {f.stream}")
    if f.version is not None:
        where.append(f"第 {f.version} 版" if zh else f"version {f.version}")
    if f.topic:
        where.append(f.topic)
    lines = [f"{'错误' if zh else 'error'} {f.code}  {' · '.join(where)}", f"  {f.message(lang)}"]
    if f.expected or f.actual:
        lines.append(f"    {'应为' if zh else 'expected'}  {f.expected}")
        lines.append(f"    {'实际' if zh else 'actual  '}  {f.actual}")
    if f.detail:
        lines.append(f"  {f.detail}")
    nxt = ""
    if f.code.startswith("CHECKPOINT_"):
        nxt = "fundtrail-verify consistency OLD.checkpoint NEW.checkpoint --proof FILE"
    elif f.seq is not None and f.code not in ("SEQ_GAP",):
        nxt = f"fundtrail-verify record {source} {f.seq}"
    if nxt:
        lines.append(f"  {'下一步' if zh else 'next'}: {nxt}")
    return "\n".join(lines)


def summary_text(report: Report, lang: str) -> str:
    zh = lang == "zh"
    head = report.head_hash[:12]
    if report.ok:
        cps = (
            f"，检查点 {len(report.checkpoints)} 个 ✓"
            if zh and report.checkpoints
            else (f", {len(report.checkpoints)} checkpoint(s) ✓" if report.checkpoints else "")
        )
        if zh:
            return f"核验通过  序号 1–{report.head_seq:,}  链头 {head}  树根 {report.root[:16]}{cps}"
        return f"verified  seq 1–{report.head_seq:,}  head {head}  root {report.root[:16]}{cps}"
    if zh:
        return f"核验未通过：发现 {len(report.findings)} 处完整性问题（共 {report.records:,} 条记录）"
    return f"NOT verified: {len(report.findings)} finding(s) in {report.records:,} records"


def report_json(report: Report) -> str:
    doc = {
        "schema": "fundtrail/verify-report@1",
        "tool": TOOL,
        "source": report.source,
        "origin": report.origin,
        "hash_algorithm": report.hash_algorithm,
        "summary": {
            "records": report.records,
            "signatures_checked": report.signatures_checked,
            "findings": len(report.findings),
            "result": "verified" if report.ok else "failed",
        },
        "head": {"seq": report.head_seq, "hash": report.head_hash, "root": report.root},
        "checkpoints": report.checkpoints,
        "findings": [f.to_json() for f in report.findings],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
