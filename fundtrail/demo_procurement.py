"""`make demo`, section 3a: a public service the city buys (政府采购), HRB 第四条（三）3, 第七条, 第十条.

Before the enterprises apply, 市工信局 buys training for them: 市财政局 opens the training line within
the 20% outside the 80% earmark, 市工信局 publishes a competitive-consultation notice, records the deal
and signs the contract, which commits the line; the first session is accepted and paid against its
acceptance. The amounts the story reports are read back from the ledger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fundtrail.demo_batch import PROGRAMME
from fundtrail.demo_batch import WAN
from fundtrail.demo_batch import amount
from fundtrail.demo_batch import uscc

if TYPE_CHECKING:
    from fundtrail.demo_batch import Story

TRAINING = "PX-2025-01"  # the procurement id
SUPPLIER = uscc("91230102MA1F3J6P9")
SUPPLIER_NAME = "哈尔滨智学数字化培训服务有限公司"
CONTRACT_NO = "HT-ZC-2025-01"
LINE_FEN = 70 * WAN  # 第四条（三）3: training at most 70万
DEAL_FEN = 58 * WAN
SESSION_FEN = 20 * WAN  # the first of three sessions


def training(story: Story) -> None:
    """Section 3a, 2025-01-13 to 2025-02-07 (the Spring Festival holiday between)."""
    from domain.procurement.aggregate import Procurement
    from domain.procurement.aggregate import procurement_stream
    from domain.programme.budget import BudgetLine
    from domain.programme.budget import budget_line_stream

    story.section("3a. 政府采购：数字化转型培训服务", "a procured training contract")
    sh = story.sh
    sh.day("2025-01-13")
    story.say(
        "-- 市财政局在 80% 的改造补助切块之外的 20% 内切块：培训 70 万元（第四条（三）3 的上限）；"
        "培训、公共服务等由市工信局政府采购（第七条、第十条）"
    )
    story.cmd(
        "city programme open-budget-line",
        PROGRAMME,
        "training",
        by="fin-li",
        amount_fen=LINE_FEN,
        command_id="prg-line-training",
    )
    story.say("-- 市工信局发布竞争性磋商公告：面向申报企业的政策解读、申报辅导与数字化转型培训，采购预算 70 万元")
    story.cmd(
        "city procure notice",
        TRAINING,
        by="miit-zhang",
        fast=True,
        programme_id=PROGRAMME,
        category="training",
        title="2025年哈尔滨市中小企业数字化转型培训服务",
        method="competitive_consultation",
        notice_ref="HRBZC-2025-0013",
        noticed_on=sh.today,
        budget_fen=LINE_FEN,
        command_id="px-notice",
    )
    sh.day("2025-01-24")
    story.say(f"-- 1 月 23 日磋商；成交供应商 {SUPPLIER_NAME}，成交金额 {amount(DEAL_FEN)}")
    story.cmd(
        "city procure award",
        TRAINING,
        by="miit-zhang",
        fast=True,
        award_ref="HRBZC-2025-0013-CJ",
        awarded_on=sh.today,
        supplier_uscc=SUPPLIER,
        supplier_name=SUPPLIER_NAME,
        amount_fen=DEAL_FEN,
        command_id="px-award",
    )
    sh.day("2025-01-27")
    story.say("-- 春节前签订采购合同（2 月至 11 月三期培训）：合同占用培训类别的预算切块，不得超过类别上限与切块")
    story.cmd(
        "city procure contract",
        TRAINING,
        by="miit-zhang",
        contract_no=CONTRACT_NO,
        contract_sha256=story.file(
            "training-contract.txt", f"政府采购合同 {CONTRACT_NO}\n哈尔滨市工业和信息化局\n{SUPPLIER_NAME}"
        ),
        amount_fen=DEAL_FEN,
        signed_on=sh.today,
        start_on="2025-02-01",
        end_on="2025-11-30",
        command_id="px-contract",
    )
    line = story.get(BudgetLine, budget_line_stream(PROGRAMME, "training"))
    held = line.commitments[f"procurement:{TRAINING}"]
    story.say(
        f"   培训类别预算 {amount(line.cap_fen)}：合同 {CONTRACT_NO} 占用 {amount(held)}，"
        f"尚余 {amount(line.cap_fen - line.committed_fen)}"
    )
    sh.day("2025-02-07")
    story.say(
        "-- 2 月 6 日第一期培训（政策解读与申报辅导，183 家企业参加）：市工信局验收，市财政局按验收合格的金额付款"
    )
    story.cmd(
        "city procure accept",
        TRAINING,
        "D1",
        by="miit-chen",
        fast=True,
        title="第一期：数字化转型政策解读与项目申报辅导",
        amount_fen=SESSION_FEN,
        result="passed",
        report_sha256=story.file("training-D1-acceptance.txt", "验收报告：第一期培训 183 家企业参加，合格"),
        accepted_on=sh.today,
        command_id="px-accept-D1",
    )
    story.cmd(
        "city procure pay",
        TRAINING,
        "F1",
        by="fin-li",
        fast=True,
        deliverable_id="D1",
        amount_fen=SESSION_FEN,
        bank_serial="GK-ZC-20250207-0001",
        value_date=sh.today,
        command_id="px-pay-F1",
    )
    p = story.get(Procurement, procurement_stream(TRAINING))
    story.say(
        f"   合同 {amount(p.contract_fen)}，已验收 {amount(p.accepted_fen)}，已付款 {amount(p.paid_fen)}"
        "（政府采购，付给供应商）"
    )
    story.keep_evidence("采购合同与验收报告存入证据库：账本只记其哈希，证据库按哈希保存文件 (the evidence store)")


def training_summary(story: Story) -> str:
    """One line for the summary, read back from the ledger."""
    from domain.procurement.aggregate import Procurement
    from domain.procurement.aggregate import procurement_stream

    p = story.get(Procurement, procurement_stream(TRAINING))
    return (
        f"培训采购 {TRAINING}（{SUPPLIER_NAME}）：合同 {amount(p.contract_fen)}，"
        f"已验收 {amount(p.accepted_fen)}，已付款 {amount(p.paid_fen)}"
    )
