"""Text and JSON renderings of a Report (docs/decisions.md §23: findings on stdout, summary on stderr)."""

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
    if f.expected:  # a finding may name only what it found (an unknown key has nothing "expected")
        lines.append(f"    {'应为' if zh else 'expected'}  {f.expected}")
    if f.actual:
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


_CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","PingFang SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.ok{color:#15692b;font-weight:bold}.bad{color:#a4161a;font-weight:bold}
code{font-family:monospace;word-break:break-all}@media print{body{margin:0}}
"""


def report_html(report: Report, lang: str) -> str:
    """A self-contained page (no script, inline style) to file with the audit's working papers."""
    from html import escape

    zh = lang == "zh"

    def t(zh_text: str, en_text: str) -> str:
        return zh_text if zh else en_text

    result = (
        f'<span class="ok">{t("核验通过", "VERIFIED")}</span>'
        if report.ok
        else f'<span class="bad">{t("核验未通过", "NOT VERIFIED")}</span>'
    )
    rows = "".join(
        f'<tr id="seq-{f.seq}"><td>{f.seq if f.seq is not None else ""}</td><td><code>{escape(f.code)}</code></td>'
        f"<td>{escape(f.message(lang))}<br><small>{escape(f.detail)}</small></td>"
        f"<td><code>{escape(f.stream)}</code> {'' if f.version is None else f'v{f.version}'}<br>{escape(f.topic)}</td>"
        f"<td><code>{escape(f.expected)}</code></td><td><code>{escape(f.actual)}</code></td></tr>"
        for f in report.findings
    )
    checkpoints = "".join(
        f"<tr><td>{escape(str(c.get('file', '')))}</td><td>{c.get('size')}</td>"
        f"<td><code>{escape(str(c.get('root')))}</code></td>"
        f"<td>{'✓' if c.get('operator_signature') else '✗'}</td>"
        f"<td>{escape(', '.join(c.get('witnesses', [])))}</td></tr>"
        for c in report.checkpoints
    )
    findings_table = (
        f"<table><tr><th>{t('序号', 'seq')}</th><th>{t('代码', 'code')}</th><th>{t('说明', 'what')}</th>"
        f"<th>{t('流 / 主题', 'stream / topic')}</th><th>{t('应为', 'expected')}</th>"
        f"<th>{t('实际', 'actual')}</th></tr>"
        f"{rows}</table>"
        if report.findings
        else f"<p>{t('未发现问题。', 'No findings.')}</p>"
    )
    checkpoint_table = (
        f"<h2>{t('检查点', 'Checkpoints')}</h2><table><tr><th>{t('文件', 'file')}</th><th>{t('规模', 'size')}</th>"
        f"<th>{t('树根', 'root')}</th><th>{t('运营方签名', 'operator')}</th><th>{t('见证人', 'witnesses')}</th></tr>"
        f"{checkpoints}</table>"
        if report.checkpoints
        else ""
    )
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">'
        f"<title>{t('账本核验报告', 'Ledger verification report')}</title><style>{_CSS}</style></head><body>"
        f"<h1>{t('账本核验报告', 'Ledger verification report')}: {result}</h1>"
        f"<table><tr><th>{t('来源', 'source')}</th><td><code>{escape(report.source)}</code></td></tr>"
        f"<tr><th>{t('账本', 'origin')}</th><td>{escape(report.origin)} ({escape(report.hash_algorithm)})</td></tr>"
        f"<tr><th>{t('记录', 'records')}</th><td>1–{report.head_seq:,} ({report.records:,}), "
        f"{t('签名', 'signatures')} {report.signatures_checked:,}</td></tr>"
        f"<tr><th>{t('链头', 'head')}</th><td><code>{escape(report.head_hash)}</code></td></tr>"
        f"<tr><th>{t('树根', 'root')}</th><td><code>{escape(report.root)}</code></td></tr>"
        f"<tr><th>{t('工具', 'tool')}</th><td>{TOOL['name']} {TOOL['version']}</td></tr></table>"
        f"<h2>{t('发现', 'Findings')} ({len(report.findings)})</h2>{findings_table}{checkpoint_table}"
        f"</body></html>\n"
    )
