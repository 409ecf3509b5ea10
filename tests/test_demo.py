"""`make demo` as a test: the Harbin batch runs to the end and its transcript shows the key facts.

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

    # the reused invoice: refused with its rule and article, and nothing appended
    assert "FT-PRJ-INVOICE-REUSE (哈工信联规〔2024〕1号" in out
    heads = re.search(r"拒绝前 (\d+)，拒绝后 (\d+)", out)
    assert heads is not None
    assert heads[1] == heads[2]
    # the brackets, and the split project capped by what is left of the enterprise's 50万
    assert "2. 按比例 250,000.00 × 70% = 175,000.00 元" in out
    assert "3. 本档金额上限 500,000.00 元（适用）：500,000.00 元" in out  # C-1: 200万 × 50% capped at 50万
    assert "已占用 400,000.00 元，尚余 100,000.00 元（适用）" in out  # D-2 after D-1's 40万
    assert "at most 10000000 分 is left [rule FT-PRJ-ENTERPRISE-CAP" in out
    # the upheld objection lowers B-1, and 市政府 approves the lowered amount
    assert "公示名单上 B-1 的金额现为 324,000.00 元" in out
    assert "B-1 批准 324,000.00 元：第一批 226,800.00 元，第二批 97,200.00 元" in out
    # both tranches behind their gates; the clawback with a partial repayment
    assert "[rule FT-PAY-GATE" in out
    assert "A-1 已拨付到账 175,000.00 元" in out
    assert "应追回 70,000.00 元，已退回 30,000.00 元，尚欠 40,000.00 元" in out
    assert "entitlement after revision 105,000.00 yuan" in out
    # the log: re-executed, evidence intact, verified, witnessed, receipted; every tamper caught
    assert re.search(r"\d+ commands re-executed over \d+ records; 0 mismatches", out)
    assert re.search(r"(\d+) content hashes recorded; \1 files present and intact", out)
    assert "核验通过" in out
    assert "通过：序号" in out  # the enterprise's receipt
    tampering = out[out.index("== 19.") :]
    assert tampering.count("[exit 1]") == 6  # edited (chain, record), truncated, appended, injected key, replayed
    assert "demo complete" in out
    assert (out_dir / "receipt-longdian.json").is_file()
