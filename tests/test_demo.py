"""`make demo` as a test: the Harbin batch runs to the end and its transcript shows the key facts.

Besides the transformation batch, the programme's other directions at their own dates: the budget
waiting for the approved targets, a procured training contract, two provider awards (the second refused
over the provider's 50万, then proposed at what is left), a lead unit's diagnosis award, and D-1's targets,
its monitoring deviation and corrective action, and the poor evaluation that opens a C5 clawback case.

One test, so that the demo runs once however the suite is distributed. It runs every command inside
the test process (``--inprocess``: the same click commands, arguments and environment as the real
processes `make demo` starts) to stay fast; the amounts below follow from the seed policy parameters.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fundtrail.demo import cli

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_the_demo_tells_the_batch_and_catches_every_tamper(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "demo-out"
    assert cli(["--out", str(out_dir), "--inprocess"]) == 0
    out = capsys.readouterr().out

    # targets before the budget: no budget line while the programme's targets wait for approval
    assert "[rule FT-PRG-TARGETS (哈工信联规〔2024〕1号 第十三条)]" in out
    # the reused invoice and the award over the provider cap: refused with rule and article, nothing appended
    assert "FT-PRJ-INVOICE-REUSE (哈工信联规〔2024〕1号" in out
    assert "[rule FT-AWD-PROVIDER-CAP (哈工信联规〔2024〕1号 第四条（二）)]" in out
    heads = re.findall(r"拒绝前 (\d+)，拒绝后 (\d+)", out)
    assert (
        len(heads) == 5
    )  # the invoice, the provider cap; the provincial call's 200万, a related reviewer, a late score
    assert all(before == after for before, after in heads)
    # the brackets, and the split project capped by what is left of the enterprise's 50万
    assert "2. 按比例 250,000.00 × 70% = 175,000.00 元" in out
    assert "3. 本档金额上限 500,000.00 元（适用）：500,000.00 元" in out  # C-1: 200万 × 50% capped at 50万
    assert "已占用 400,000.00 元，尚余 100,000.00 元（适用）" in out  # D-2 after D-1's 40万
    assert "at most 10000000 分 is left [rule FT-PRJ-ENTERPRISE-CAP" in out
    # the upheld objection lowers B-1, and 市政府 approves the lowered amount
    assert "公示名单上 B-1 的金额现为 324,000.00 元" in out
    assert "B-1 批准 324,000.00 元：第一批 226,800.00 元，第二批 97,200.00 元" in out
    # the procured training contract commits the training line; its first session accepted and paid
    assert "培训类别预算 700,000.00 元：合同 HT-ZC-2025-01 占用 580,000.00 元，尚余 120,000.00 元" in out
    assert "合同 580,000.00 元，已验收 200,000.00 元，已付款 200,000.00 元" in out
    # the awards: the second product within what the provider cap leaves; the diagnosis award; Labour Day skipped
    assert "服务商 哈尔滨云启数字科技有限公司：上限 500,000.00 元，已占用 300,000.00 元，尚余 200,000.00 元" in out
    assert "上限取其小 = 200,000.00 元；拟定 200,000.00 元" in out
    assert "2025-04-30 发布，最后一个工作日 2025-05-12" in out
    assert "AW-2025-02 哈尔滨云启数字科技有限公司：批准 200,000.00 元，已拨付到账 200,000.00 元" in out
    assert "ZD-2025-01 黑龙江电装智联科技有限公司：批准 1,200,000.00 元，已拨付到账 1,200,000.00 元" in out
    # D-1's performance: a deviation beyond 20%, its corrective action, a 差 evaluation opening a C5 case
    assert "I1 MES 上线工位数：目标 40 个，实际 26 个，偏离 35%  ← 超过阈值" in out
    assert "纠偏措施已登记：2025-Q3 的偏离于 2025-10-31 答复" in out
    assert "55.0 分 → 差（poor）" in out
    assert "追回案件 HRB-ZH-2025-2：D-1（哈尔滨冰城输配电设备有限公司），事由 C5 第十七条（五）" in out
    assert "来源 performance_evaluation，立案 miit-chen，状态 open" in out
    # both tranches behind their gates; the clawback with a partial repayment
    assert "[rule FT-PAY-GATE" in out
    assert "A-1 已拨付到账 175,000.00 元" in out
    assert "应追回 70,000.00 元，已退回 30,000.00 元，尚欠 40,000.00 元" in out
    assert "entitlement after revision 105,000.00 yuan" in out
    # the provincial year: 第三条's amounts, a recusal, the frozen scores; the ranked list with its trail; the legs
    province = out[out.index("== 14a.") : out.index("== 15.")]
    assert "[rule FT-HLJ-AMOUNT (黑工信企业联规〔2024〕19号 第三条)]" in province
    assert "[rule FT-HLJ-RECUSAL (黑工信企业联规〔2024〕19号 第五条（三）)]" in province
    assert "[rule FT-HLJ-FROZEN (黑工信企业联规〔2024〕19号 第五条（三）)]" in province
    assert re.search(r"1  HLJ-BM-2025-02  哈尔滨龙电电机有限公司 +80\.00  财务  24\.00  同分 列入", province)
    assert "改分     T1 34.00 → 36.00  补充核实冷链 MES 上线报告后上调" in province
    assert "按现存评分重新排序，与签名名单一致" in province
    assert re.search(
        r"HLJ-BM-2025-01-L1 +HRB-NG-FIN +2026-02-11 +500,000\.00 .* 2026-03-10 +2026-03-03 +超期", province
    )
    # the log: re-executed, evidence intact, verified, witnessed, receipted; every tamper caught
    assert re.search(r"\d+ commands re-executed over \d+ records; 0 mismatches", out)
    assert re.search(r"(\d+) content hashes recorded; \1 files present and intact", out)
    assert "核验通过" in out
    assert "通过：序号" in out  # the enterprise's receipt
    tampering = out[out.index("== 19.") : out.index("== 21.")]
    assert tampering.count("[exit 1]") == 6  # edited (chain, record), truncated, appended, injected key, replayed
    # finance: balances and budget from the log, a past day's balances, a stamped spreadsheet, reconciliation
    finance = out[out.index("== 21.") :]
    assert "第一批已付" in finance and "HRB-ZH-2025-1  A-1        70,000.00  30,000.00" in finance
    assert "transformation  120,000,000.00  1,469,000.00 (1.22%)   1,469,000.00 (100.00%)  80.00%" in finance
    assert "账本位置 序号" in finance.split("--as-of 2025-07-31")[1]
    assert "PT-D-1-2025 2025-Q3 I1: 26 / 40 (at_least, 10^-0), 35.00% 超出偏差阈值" in finance
    assert (out_dir / "资金台账.xlsx").is_file()
    assert re.search(r"matched\s+13\s+3,199,000.00", finance)
    assert "!! statement_line_without_order: serial=FEE-202511" in finance
    assert "demo complete" in out
    assert (out_dir / "receipt-longdian.json").is_file()
