"""`make demo`, section 6a: awards (以奖代补) of the same programme, HRB 第四条（二）（三）2, 第五条, 第七条, 第九条.

The selection criteria are registered before the batches open (第九条). 云启, the provider of every
transformation project, applies with two 链式 products: the first is proposed at the 30万 item cap; the
second, proposed at 30万 too, is refused under the provider's 50万 (FT-AWD-PROVIDER-CAP) with nothing
appended, then proposed at the 20万 left, and its recorded ceiling is shown. The lead unit of the 电力装备
pilot industry is awarded for its diagnoses, gated on the indicators it met. Both lists are publicised
(劳动节 is not a working day), approved by 市政府 and paid in one tranche to the recorded accounts. The
amounts the story reports are read back from the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from domain.enterprise.examples import credit_check_args
from domain.enterprise.examples import evidence
from domain.policy.ceiling import yuan
from fundtrail.demo_batch import BANK_SECRET
from fundtrail.demo_batch import PROGRAMME
from fundtrail.demo_batch import PROVIDER
from fundtrail.demo_batch import PROVIDER_NAME
from fundtrail.demo_batch import VERSION
from fundtrail.demo_batch import WAN
from fundtrail.demo_batch import amount
from fundtrail.demo_batch import pad
from fundtrail.demo_batch import uscc
from projections.reconcile.accounts import account_hash

if TYPE_CHECKING:
    from fundtrail.demo_batch import Story

INDUSTRY = "电力装备"  # the pilot industry whose lead unit diagnoses its enterprises
AWARD_BANK = "招商银行哈尔滨分行"


@dataclass(frozen=True)
class Org:
    """A provider or lead unit: its actor, code, name, contact and the account its award is paid to."""

    actor: str
    uscc: str
    name: str
    contact: str
    address: str
    role: str
    account_no: str

    @property
    def account_hash(self) -> str:
        return account_hash(BANK_SECRET, self.account_no)


YUNQI = Org(
    "prov-yunqi", PROVIDER, PROVIDER_NAME, "吴晓东", "哈尔滨市松北区创新路 1688 号", "provider", "451900112210501"
)
LEAD = Org(
    "lead-dianzhuang",
    uscc("91230109MA1E2H4R8"),
    "黑龙江电装智联科技有限公司",
    "郑海波",
    "北京市海淀区中关村南大街 5 号",  # A12: a provider need not be registered in Harbin
    "lead_unit",
    "451900112210602",
)


@dataclass(frozen=True)
class Batch:
    batch_id: str
    kind: str
    list_kind: str
    criteria_id: str  # the registered 遴选评审标准, named by the batch's notice_doc_no
    criteria_no: str
    criteria_title: str
    publicity_id: str
    approval_id: str
    request_no: str
    decision_no: str


PRODUCTS = Batch(
    "HRB-AWD-2025-1",
    "product_award",
    "product_award",
    "HRB-AWD-CRITERIA-2025",
    "哈工信发〔2025〕21号",
    "数字化服务商和产品服务培育奖补遴选评审标准",
    "HRB-GS-AWD-2025-1",
    "HRB-SP-AWD-2025-1",
    "哈工信呈〔2025〕28号",
    "哈政批〔2025〕33号",
)
DIAGNOSES = Batch(
    "HRB-ZD-2025-1",
    "diagnosis",
    "diagnosis_award",
    "HRB-ZD-CRITERIA-2025",
    "哈工信发〔2025〕22号",
    "试点行业组长单位诊断咨询服务奖励评审标准",
    "HRB-GS-ZD-2025-1",
    "HRB-SP-ZD-2025-1",
    "哈工信呈〔2025〕29号",
    "哈政批〔2025〕34号",
)


@dataclass(frozen=True)
class Award:
    award_id: str
    batch: Batch
    org: Org
    title: str  # the product, or the diagnoses
    score: int
    rank: int


AW1 = Award("AW-2025-01", PRODUCTS, YUNQI, "电力装备产业链协同云平台（链式）", 91, 1)
AW2 = Award("AW-2025-02", PRODUCTS, YUNQI, "开关柜行业供需对接与协同制造平台（链式）", 86, 2)
ZD1 = Award("ZD-2025-01", DIAGNOSES, LEAD, f"{INDUSTRY}行业中小企业数字化转型诊断（120 家）", 88, 1)
AWARDS = (AW1, AW2, ZD1)
DIAGNOSED = 120
DIAGNOSIS_FEN = DIAGNOSED * WAN  # 1万 per enterprise diagnosed, below the lead unit's 150万
DIAGNOSIS_BASIS = f"按诊断企业数每户 1 万元核定（{DIAGNOSED} 户），低于组长单位上限"


def awards(story: Story) -> None:
    """Section 6a, 2025-04-16 to 2025-05-19: between tracking (04-15) and the invoices (05-20)."""
    story.section("6a. 以奖代补：服务商产品奖补、组长单位诊断奖励", "awards: provider products and diagnoses")
    criteria_and_batches(story)
    providers(story)
    applications(story)
    proposals(story)
    publicity_and_approval(story)
    payment(story)
    story.keep_evidence("遴选评审标准、服务商登记与信用快照、申报与评审材料、公示名单与批复存入证据库")


def criteria_and_batches(story: Story) -> None:
    sh = story.sh
    sh.day("2025-04-16")
    story.say(
        "-- 市财政局在 80% 之外的 20% 内再切块：链式产品服务奖补 150 万元（第四条（二）类别上限）、"
        "诊断咨询服务奖励 150 万元（第四条（三）2）"
    )
    story.cmd(
        "city programme open-budget-line",
        PROGRAMME,
        "product_chain",
        by="fin-li",
        amount_fen=150 * WAN,
        command_id="prg-line-chain",
    )
    story.cmd(
        "city programme open-budget-line",
        PROGRAMME,
        "diagnosis",
        by="fin-li",
        fast=True,
        amount_fen=150 * WAN,
        command_id="prg-line-diagnosis",
    )
    story.say("-- 第九条：先制定并登记遴选评审标准，再开启批次受理申报；批次的 --notice-doc-no 指向已登记的标准文件")
    for b in (PRODUCTS, DIAGNOSES):
        story.cmd(
            "document register",
            b.criteria_id,
            by="miit-zhang",
            fast=True,
            doc_type="notice",
            number=b.criteria_no,
            title=b.criteria_title,
            issued_on="2025-04-15",
            sha256=story.file(f"{b.criteria_id}.txt", f"{b.criteria_no}\n{b.criteria_title}"),
            issuer="哈尔滨市工业和信息化局",
            command_id=f"doc-{b.criteria_id}",
        )
    for b in (PRODUCTS, DIAGNOSES):
        story.cmd(
            "city batch open",
            b.batch_id,
            by="miit-zhang",
            fast=b is DIAGNOSES,
            programme_id=PROGRAMME,
            policy_version_id=VERSION,
            kind=b.kind,
            notice_doc_no=b.criteria_id,
            intake_from=sh.today,
            intake_to="2025-04-30",
            command_id=f"batch-{b.batch_id}",
        )


def providers(story: Story) -> None:
    sh = story.sh
    story.say(
        f"-- 服务商 {YUNQI.name}（本批改造项目的服务商）与 {INDUSTRY} 行业组长单位 {LEAD.name}："
        "运营方登记其操作人；市工信局登记两家机构（不要求注册在哈尔滨，A12）并核查信用（第五条（二））"
    )
    for org in (YUNQI, LEAD):
        sh.run("fundtrail", "keys", "new", org.actor, "-o", str(sh.keys / f"{org.actor}.json"), clock=False, fast=True)
        story.cmd(
            "actor register",
            org.actor,
            by="operator",
            fast=True,
            name=org.contact,
            organisation_code=org.uscc,
            organisation_name=org.name,
            organisation_kind="provider",
            role=[org.role],
            public_key=str(sh.keys / f"{org.actor}.json"),
            command_id=f"reg-{org.actor}",
        )
    for org in (YUNQI, LEAD):
        snapshot = story.file(f"{org.actor}-registry.txt", f"国家企业信用信息公示系统 查询结果\n{org.name}\n{org.uscc}")
        queried_at = f"{sh.today}T09:00:00+08:00"

        def fact(value: Any, ref: str = snapshot, at: str = queried_at) -> dict[str, Any]:
            return evidence(value, at) | {"snapshot_sha256": story.sha_of(ref)}

        registry = {
            "shareholders": fact([org.contact]),
            "legal_representative": fact(org.contact),
            "address": fact(org.address),
            "phone": fact(f"0451-8{org.account_no[-7:]}"),
        }
        accounts = [{"bank": AWARD_BANK, "account_hash": org.account_hash, "last4": org.account_no[-4:]}]
        story.cmd(
            "city award register-provider",
            org.uscc,
            by="miit-zhang",
            fast=True,
            name=org.name,
            registry=story.json_arg(f"provider-{org.actor}-registry", registry),
            bank_accounts=story.json_arg(f"provider-{org.actor}-accounts", accounts),
            command_id=f"provider-{org.actor}",
        )
        credit_check(story, org, "miit-zhang", "register")
    story.cmd(
        "city award appoint-lead-unit",
        PROGRAMME,
        INDUSTRY,
        by="miit-zhang",
        fast=True,
        provider_uscc=LEAD.uscc,
        doc_no="哈工信函〔2025〕15号",
        decided_on=sh.today,
        command_id="lead-dianzhuang",
    )


def credit_check(story: Story, org: Org, by: str, label: str) -> None:
    """第五条（二） for a provider (A12): a check covering the three years up to today."""
    today = story.sh.today
    snapshot = story.file(f"{org.actor}-credit-{today}.txt", f"信用中国 查询结果 {today}\n{org.name}\n未见异常")
    check = credit_check_args(
        org.uscc,
        queried_at=f"{today}T09:00:00+08:00",
        window_from=f"{int(today[:4]) - 3}{today[4:]}",
        window_to=today,
        snapshot_sha256=snapshot,
    )
    del check["uscc"]
    story.cmd(
        "city award provider-credit-check",
        org.uscc,
        by=by,
        fast=True,
        **check,
        command_id=f"credit-{org.actor}-{label}",
    )


def applications(story: Story) -> None:
    sh = story.sh
    sh.day("2025-04-22")
    story.say("-- 云启以两款链式产品申报产品服务奖补；组长单位以诊断企业数与成效指标申报诊断咨询服务奖励")
    for n, a in enumerate((AW1, AW2)):
        story.cmd(
            "city award apply-product",
            a.award_id,
            by=a.org.actor,
            fast=n > 0,
            batch_id=PRODUCTS.batch_id,
            provider_uscc=a.org.uscc,
            category="product_chain",
            product_name=a.title,
            description_sha256=story.file(
                f"{a.award_id}-application.txt", f"产品服务奖补申报书 {a.award_id}\n{a.title}"
            ),
            list_price_fen=40 * WAN,
            command_id=f"{a.award_id}-apply",
        )
    indicators = [
        {"id": "D1", "metric": "完成诊断的企业数", "unit": "家", "target": 100, "actual": DIAGNOSED},
        {"id": "D2", "metric": "诊断后实施数字化改造的企业占比", "unit": "%", "target": 30, "actual": 35},
    ]
    story.cmd(
        "city award apply-diagnosis",
        ZD1.award_id,
        by=LEAD.actor,
        fast=True,
        batch_id=DIAGNOSES.batch_id,
        industry=INDUSTRY,
        lead_uscc=LEAD.uscc,
        enterprises_diagnosed=DIAGNOSED,
        indicators=story.json_arg(f"{ZD1.award_id}-indicators", indicators),
        report_sha256=story.file(f"{ZD1.award_id}-report.txt", f"{INDUSTRY}行业诊断咨询服务总结报告：诊断 120 家"),
        command_id=f"{ZD1.award_id}-apply",
    )
    sh.day("2025-04-28")
    story.say("-- 专家评审（按已登记的评审标准打分、排序、确定入选）")
    for a in AWARDS:
        story.cmd(
            "city award review",
            a.award_id,
            by="miit-zhang",
            fast=True,
            score=a.score,
            rank=a.rank,
            selected=True,
            panel_id=f"PANEL-{a.batch.batch_id}",
            review_sha256=story.file(
                f"{a.award_id}-review.txt", f"评审意见 {a.award_id}：{a.score} 分，第 {a.rank} 名"
            ),
            reviewed_on=sh.today,
            command_id=f"{a.award_id}-review",
        )


def proposals(story: Story) -> None:
    from domain.award.aggregate import Award as Recorded
    from domain.award.aggregate import award_stream

    sh = story.sh
    sh.day("2025-04-29")
    story.say("-- 拟定金额：链式产品每项最高 30 万元；同一服务商两类产品合计最高 50 万元（第四条（二））")
    story.cmd(
        "city award propose", AW1.award_id, by="miit-zhang", amount_fen=30 * WAN, command_id=f"{AW1.award_id}-propose"
    )
    story.say(
        f"-- 经办人把 {AW2.award_id} 也按单项上限 30 万元拟定：云启已占用 30 万元，合计将达 60 万元，"
        "超过服务商上限，账本拒绝"
    )
    before = story.head()
    story.cmd(
        "city award propose",
        AW2.award_id,
        by="miit-zhang",
        refused="FT-AWD-PROVIDER-CAP",
        amount_fen=30 * WAN,
        command_id=f"{AW2.award_id}-propose-30",
    )
    story.nothing_appended(before)
    sh.run("fundtrail", "rules", "FT-AWD-PROVIDER-CAP", clock=False, fast=True)
    story.say(
        f"-- 按服务商上限内尚余的 20 万元拟定 {AW2.award_id}；账本记录其上限的计算 (the explanation, as recorded)"
    )
    out = story.cmd(
        "city award propose", AW2.award_id, by="miit-zhang", amount_fen=20 * WAN, command_id=f"{AW2.award_id}-propose"
    )
    seq = story.records(out, "fundtrail.award.AwardProposed")[0][0]
    sh.run("fundtrail", "show", str(seq), clock=False, fast=True)
    explain(story, story.get(Recorded, award_stream(AW2.award_id)))
    story.say(f"-- 组长单位：诊断指标均已达到方可奖励；{DIAGNOSIS_BASIS}，须说明依据（FT-AWD-REASON）")
    story.cmd(
        "city award propose",
        ZD1.award_id,
        by="miit-zhang",
        fast=True,
        amount_fen=DIAGNOSIS_FEN,
        reason=DIAGNOSIS_BASIS,
        command_id=f"{ZD1.award_id}-propose",
    )
    explain(story, story.get(Recorded, award_stream(ZD1.award_id)))


SCOPES = {"provider": "服务商", "lead_unit": "组长单位", "category": "类别"}
NAMES = {YUNQI.uscc: YUNQI.name, LEAD.uscc: LEAD.name, "product_chain": "链式产品服务", "diagnosis": "诊断咨询服务"}


def explain(story: Story, award: Any) -> None:
    """The ceiling an award was proposed under, as the ledger recorded it: each running total it falls under."""
    c = award.ceiling
    story.say(f"   {award.award_id} 的上限（从账本读出）：")
    if c["category"] != "diagnosis":  # a diagnosis award's own cap is its lead unit's, shown below
        story.say(f"   单项上限 {amount(c['item_cap_fen'])}")
    for cap in c["caps"]:
        kind, _, ref = str(cap["scope"]).partition(":")
        story.say(
            f"   {SCOPES.get(kind, kind)} {NAMES.get(ref, ref)}：上限 {amount(cap['cap_fen'])}，"
            f"已占用 {amount(cap['before_fen'])}，尚余 {amount(cap['left_fen'])}"
        )
    story.say(
        f"   上限取其小 = {amount(c['ceiling_fen'])}；拟定 {amount(award.proposed_fen)}"
        f"（{c['policy_version_id']}，{'、'.join(c['articles'])}）"
    )


def publicity_and_approval(story: Story) -> None:
    from domain.award.aggregate import Award as Recorded
    from domain.award.aggregate import award_stream
    from domain.publicity.aggregate import Publicity
    from domain.publicity.aggregate import publicity_stream

    sh = story.sh
    sh.day("2025-04-30")
    story.say("-- 两份名单分别公示（名单类型须与批次类型一致），5 个工作日；劳动节假期（5 月 1 日至 5 日）不计入")
    proposed: dict[str, int] = {}
    for a in AWARDS:
        fen = story.get(Recorded, award_stream(a.award_id)).proposed_fen
        assert fen is not None, f"{a.award_id} was proposed above"
        proposed[a.award_id] = fen
    for b in (PRODUCTS, DIAGNOSES):
        mine = [a for a in AWARDS if a.batch is b]
        listing = "\n".join(f"{a.award_id} {a.org.name} {a.title} {amount(proposed[a.award_id])}" for a in mine)
        story.cmd(
            "city publicity start",
            b.publicity_id,
            by="miit-zhang",
            fast=b is DIAGNOSES,
            batch_id=b.batch_id,
            list_kind=b.list_kind,
            entries=story.json_arg(
                f"{b.publicity_id}-entries",
                [{"subject_id": a.award_id, "amount_fen": proposed[a.award_id]} for a in mine],
            ),
            channel_url=f"https://gxj.harbin.gov.cn/gsgg/2025/{b.publicity_id}",
            content_sha256=story.file(f"{b.publicity_id}.txt", f"{b.criteria_title} 拟奖励名单\n{listing}"),
            start_on=sh.today,
            command_id=f"{b.publicity_id}-start",
        )
    pub = story.get(Publicity, publicity_stream(PRODUCTS.publicity_id))
    story.say(f"   {pub.start_on} 发布，最后一个工作日 {pub.last_working_day}，当日 24:00 期满")
    sh.day("2025-05-13")
    story.say("-- 公示期满无异议；市工信局按批次分别报市政府审定")
    for b in (PRODUCTS, DIAGNOSES):
        story.cmd(
            "city publicity complete", b.publicity_id, by="miit-zhang", fast=True, command_id=f"{b.publicity_id}-done"
        )
    for b in (PRODUCTS, DIAGNOSES):
        story.cmd(
            "city approval request",
            b.approval_id,
            by="miit-zhang",
            fast=True,
            batch_id=b.batch_id,
            publicity_id=b.publicity_id,
            request_doc_no=b.request_no,
            items=items(story, b, proposed),
            command_id=f"{b.approval_id}-request",
        )
    sh.day("2025-05-15")
    story.say("-- 市政府批复全部按报送金额奖励；批准即占用各自类别的预算切块")
    for b in (PRODUCTS, DIAGNOSES):
        story.cmd(
            "city approval record-decision",
            b.approval_id,
            by="clerk-wang",
            fast=True,
            decision_doc_no=b.decision_no,
            decided_on=sh.today,
            approved=items(story, b, proposed),
            sha256=story.file(f"{b.approval_id}-decision.txt", f"{b.decision_no} 关于{b.criteria_title}奖励名单的批复"),
            command_id=f"{b.approval_id}-decision",
        )


def items(story: Story, b: Batch, proposed: dict[str, int]) -> str:
    """An approval's items: an award is named in the ``project_id`` field, as the shared approval names subjects."""
    chosen = [{"project_id": a.award_id, "amount_fen": proposed[a.award_id]} for a in AWARDS if a.batch is b]
    return story.json_arg(f"{b.approval_id}-items", chosen)


def payment(story: Story) -> None:
    from domain.payment.aggregate import PaymentSchedule
    from domain.payment.aggregate import payment_schedule_stream

    sh = story.sh
    sh.day("2025-05-16")
    story.say("-- 市财政局编制拨付计划：奖励一次拨付（A8）；支付前复核服务商信用，付至其登记账户")
    for a in AWARDS:
        story.cmd(
            "city payment schedule",
            a.award_id,
            by="fin-li",
            fast=True,
            approval_id=a.batch.approval_id,
            command_id=f"{a.award_id}-schedule",
        )
    for org in (YUNQI, LEAD):
        credit_check(story, org, "miit-chen", "pay")
    for a in AWARDS:
        s = story.get(PaymentSchedule, payment_schedule_stream(a.award_id))
        (tranche,) = s.tranches
        story.cmd(
            "city payment order",
            f"ZF-2025-{a.award_id}",
            by="fin-li",
            fast=True,
            project_id=a.award_id,
            tranche=1,
            amount_fen=int(tranche["amount_fen"]),
            payee_account_hash=a.org.account_hash,
            command_id=f"{a.award_id}-order",
        )
    sh.day("2025-05-19")
    for a in AWARDS:
        story.cmd(
            "city payment settle",
            f"ZF-2025-{a.award_id}",
            by="fin-li",
            fast=True,
            bank_serial=f"GK-ZF-20250519-{a.award_id}",
            value_date=sh.today,
            command_id=f"{a.award_id}-settle",
        )
    for a in AWARDS:
        s = story.get(PaymentSchedule, payment_schedule_stream(a.award_id))
        story.say(f"   {a.award_id} {a.org.name}：批准 {amount(s.approved_fen)}，已拨付到账 {amount(s.settled_fen)}")


def award_rows(story: Story) -> list[str]:
    """The awards for the summary, read back from the ledger (yuan)."""
    from domain.award.aggregate import Award as Recorded
    from domain.award.aggregate import award_stream
    from domain.payment.aggregate import PaymentSchedule
    from domain.payment.aggregate import payment_schedule_stream

    rows = []
    for a in AWARDS:
        rec = story.get(Recorded, award_stream(a.award_id))
        paid = story.get(PaymentSchedule, payment_schedule_stream(a.award_id)).settled_fen
        cells = (rec.ceiling_fen, rec.proposed_fen, rec.approved_fen, paid)
        rows.append(pad(a.award_id, 12) + "".join(pad(yuan(c or 0), 16, right=True) for c in cells))
    return rows
