"""`make demo`, section 14a: one year of the Heilongjiang benchmark-enterprise award (黑工信企业联规〔2024〕19号).

In January 2026 省工信厅 calls for the 2025 benchmark enterprises (quota 2). Four Harbin firms
apply; 龙电 is a national 小巨人 and a 单项冠军 (100万, not 200万) and needs no extra materials (A20);
all four hold subsidies of the city fund, so the overlap flag of 第十一条 (错位支持) is recorded on
each application. Two experts and a third party declare their interests; the expert related
to 冰城 is refused as its reviewer. Every opening of a material and every score is a signed
record; one score is changed with its reason; 省工信厅 re-checks (复核) every application. The
ranking has a tie, broken by the financial score. After the list is proposed a reviewer's
late change is refused. The list is published for 5 working days, an objection is dismissed,
the 党组会 reviews it, 省工信厅 and 省财政厅 request the funds together (co-signed), 省政府 replies, and
省财政厅 disburses with the indicators to 哈尔滨市财政局 and 南岗区财政局; the district passes its leg on
after the Spring Festival, later than the call's 10 working days, and the record says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fundtrail.demo_batch import BANK_SECRET
from fundtrail.demo_batch import BEIYAO
from fundtrail.demo_batch import BINGCHENG
from fundtrail.demo_batch import LONGDIAN
from fundtrail.demo_batch import PROGRAMME
from fundtrail.demo_batch import SONGJIANG
from fundtrail.demo_batch import WAN
from fundtrail.demo_batch import Firm
from fundtrail.demo_batch import amount
from fundtrail.demo_batch import person
from fundtrail.demo_batch import uscc
from projections.reconcile.accounts import account_hash

if TYPE_CHECKING:
    from fundtrail.demo_batch import Story

CALL = "HLJ-BM-2025"
PUBLICITY = "HLJ-GS-BM-2025"
APPROVAL = "HLJ-SP-BM-2025"
INDICATORS = "HLJ-ZB-BM-2025"
PROV_MIIT = ("HLJ-MIIT", "黑龙江省工业和信息化厅", "prov_miit")
PEOPLE = (
    person("pmiit-zhao", "赵立新", PROV_MIIT, "prov_miit", "省工信厅 经办"),
    person("pmiit-qian", "钱文博", PROV_MIIT, "prov_miit", "省工信厅 复核"),
    person("pfin-sun", "孙红梅", ("HLJ-FIN", "黑龙江省财政厅", "prov_finance"), "prov_finance", "省财政厅"),
    person(
        "dzh-clerk",
        "刘思远",
        ("HLJ-MIIT-DZ", "省工信厅党组办公室", "prov_miit"),
        "prov_party_group_clerk",
        "党组会 记录",
    ),
    person(
        "pgov-clerk", "周婷", ("HLJ-GOV", "黑龙江省人民政府办公厅", "prov_gov"), "prov_gov_clerk", "省政府办公厅 录入"
    ),
    person("hfin-wu", "吴刚", ("HRB-FIN", "哈尔滨市财政局", "county_finance"), "county_finance", "市财政 转拨"),
    person(
        "ngfin-he", "何静", ("HRB-NG-FIN", "哈尔滨市南岗区财政局", "county_finance"), "county_finance", "区财政 转拨"
    ),
    person("expert-ma", "马晓峰", ("HLJ-EXPERTS", "省数字化转型专家库", "expert_panel"), "expert_reviewer", "评审专家"),
    person("expert-lin", "林雪", ("HLJ-EXPERTS", "省数字化转型专家库", "expert_panel"), "expert_reviewer", "评审专家"),
    person(
        "tp-caishen",
        "沈楠",
        ("91230100MA1D7X2P3", "黑龙江财审会计师事务所", "third_party"),
        "third_party",
        "第三方（财务审核）",
    ),
)
CRITERIA = [
    {"code": "T1", "name": "设计、装备、生产管理数字化水平", "kind": "technical", "max_points": 4000},
    {"code": "T2", "name": "典型示范和带动作用", "kind": "technical", "max_points": 3000},
    {"code": "F1", "name": "财务状况与投入真实性", "kind": "financial", "max_points": 3000},
]
# (firm, expert-ma, tp-caishen): 龙电 and 松江 tie on 80.00 points; 龙电's financial score is higher
SCORES: dict[str, tuple[Firm, dict[str, int], dict[str, int]]] = {
    "HLJ-BM-2025-01": (SONGJIANG, {"T1": 3600, "T2": 2400, "F1": 2000}, {"T1": 3600, "T2": 2400, "F1": 2000}),
    "HLJ-BM-2025-02": (LONGDIAN, {"T1": 3200, "T2": 2400, "F1": 2400}, {"T1": 3200, "T2": 2400, "F1": 2400}),
    "HLJ-BM-2025-03": (BEIYAO, {"T1": 3000, "T2": 2000, "F1": 2200}, {"T1": 3000, "T2": 2000, "F1": 2200}),
    "HLJ-BM-2025-04": (BINGCHENG, {"T1": 2800, "T2": 2000, "F1": 2000}, {"T1": 2800, "T2": 2000, "F1": 2000}),
}
RELATED_TO_BINGCHENG = uscc("91230103MA1D9Y3Q8")  # 冰城's shareholder, in which expert-lin holds shares


def province(story: Story) -> None:
    """Section 14a, 2026-01-05 to 2026-03-10."""
    story.section("14a. 省级示范标杆企业奖励（黑工信企业联规〔2024〕19号）", "the provincial benchmark award")
    actors(story)
    call(story)
    applications(story)
    review(story)
    ranking(story)
    publicity(story)
    decisions(story)
    money(story)
    story.keep_evidence("申报通知、申报材料、利益声明、复核记录、公示名单、纪要、请示、批复与绩效指标存入证据库")


def actors(story: Story) -> None:
    sh = story.sh
    sh.day("2026-01-05 09:00")
    story.say("-- 运营方登记省级各方操作人（省工信厅、省财政厅、党组办公室、省政府办公厅、市县财政、评审专家、第三方）")
    for n, p in enumerate(PEOPLE):
        sh.run("fundtrail", "keys", "new", p.actor, "-o", str(sh.keys / f"{p.actor}.json"), clock=False, fast=True)
        story.register(p, fast=n > 0)


def call(story: Story) -> None:
    sh = story.sh
    sh.day("2026-01-05 10:00")
    story.say(
        "-- 省工信厅发布 2025 年度申报通知：名额 2 户；奖励 50 万元，国家级“小巨人”或单项冠军 100 万元（第三条，"
        "通知中的金额与条款不符即被拒绝）；公示不少于 5 个工作日；市县财政 10 个工作日内转拨（A21）"
    )
    notice = story.file(
        "hlj-call-2025.txt", "黑工信企业函〔2026〕3号 关于组织申报2025年度省级中小企业数字化示范标杆企业的通知"
    )

    def publish(national_fen: int, refused: str | None, command_id: str) -> None:
        story.cmd(
            "province call publish",
            CALL,
            by="pmiit-zhao",
            refused=refused,
            programme_id="HLJ-BENCHMARK",
            year="2025",
            notice_doc_no="黑工信企业函〔2026〕3号",
            notice_sha256=notice,
            published_on=sh.today,
            deadline="2026-01-16",
            quota="2",
            criteria=story.json_arg("hlj-criteria", CRITERIA),
            national_fen=str(national_fen),
            reviewers_per_application="2",
            forward_sla_working_days="10",
            overlap_programme=[PROGRAMME],
            command_id=command_id,
        )

    before = story.head()
    publish(200 * WAN, "FT-HLJ-AMOUNT", "hlj-call-wrong")
    story.nothing_appended(before)
    publish(100 * WAN, None, "hlj-call")


def applications(story: Story) -> None:
    sh = story.sh
    for n, (aid, (firm, _, _)) in enumerate(SCORES.items()):
        sh.day(f"2026-01-{6 + n:02d}")
        national = firm is LONGDIAN
        status = [
            {
                "kind": kind,
                "list_title": title,
                "list_batch": batch,
                "list_year": 2024,
                "published_on": "2024-08-15",
                "sha256": story.sha_of(story.file(f"{kind}-list.txt", f"工业和信息化部 {title}（节选）")),
            }
            for kind, title, batch in (
                ("little_giant", "第六批专精特新“小巨人”企业名单", "第六批"),
                ("single_champion", "第八批制造业单项冠军企业名单", "第八批"),
            )
        ]
        materials = (
            []
            if national
            else [story.sha_of(story.file(f"{aid}-evidence-{i}.txt", f"{firm.name} 佐证材料 {i}")) for i in (1, 2)]
        )
        story.say(
            f"-- {firm.name} 申报"
            + (
                "：国家级“小巨人”且为单项冠军 —— 免于额外佐证材料，但照常评审（A20），奖励 100 万元而非 200 万元"
                if national
                else ""
            )
        )
        parties = {
            "providers": [],
            "shareholders": [RELATED_TO_BINGCHENG] if firm is BINGCHENG else [],
            "legal_representative": story.sha_of(
                story.file(f"{aid}-legal-rep.txt", f"{firm.contact} 身份证号（加盐哈希）")
            ),
        }
        story.cmd(
            "province apply",
            aid,
            by=firm.actor,
            fast=n > 0,
            call_id=CALL,
            uscc=firm.uscc,
            name=firm.name,
            city="哈尔滨市",
            county="南岗区",
            national_status=story.json_arg(f"{aid}-status", status if national else []),
            form_sha256=story.file(f"{aid}-form.txt", f"{firm.name} 2025年度省级示范标杆企业申报书"),
            material=materials,
            parties=story.json_arg(f"{aid}-parties", parties),
            payee_account_hash=account_hash(BANK_SECRET, firm.account_no),
            command_id=f"{aid}-apply",
        )
    from domain.province.application import BenchmarkApplication
    from domain.province.application import application_stream

    for aid, (firm, _, _) in SCORES.items():
        for w in story.get(BenchmarkApplication, application_stream(aid)).warnings:
            story.say(f"   {firm.name} 申报记录中的提示 [{w['rule']}]：{w['detail']}（第十一条“错位支持”）")


def review(story: Story) -> None:
    sh = story.sh
    sh.day("2026-01-19")
    story.say("-- 评审人员先作利益关系声明（林雪声明持有冰城股东的股份），省工信厅再分配评审")
    for n, actor in enumerate(("expert-ma", "expert-lin", "tp-caishen")):
        related = [{"party": RELATED_TO_BINGCHENG, "relation": "shareholder"}] if actor == "expert-lin" else []
        story.cmd(
            "province review declare",
            CALL,
            by=actor,
            fast=n > 0,
            related=story.json_arg(f"declare-{actor}", related),
            sha256=story.file(f"declare-{actor}.txt", f"{actor} 利益关系声明"),
            command_id=f"declare-{actor}",
        )
    before = story.head()
    story.say("-- 林雪与冰城存在关联，分配即被拒绝（第五条（三）回避）")
    story.cmd(
        "province review assign",
        "HLJ-BM-2025-04",
        "expert-lin",
        by="pmiit-zhao",
        refused="FT-HLJ-RECUSAL",
        kind="expert",
        command_id="assign-lin-04",
    )
    story.nothing_appended(before)
    for aid in SCORES:
        for reviewer, kind in (("expert-ma", "expert"), ("tp-caishen", "third_party")):
            story.cmd(
                "province review assign",
                aid,
                reviewer,
                by="pmiit-zhao",
                fast=True,
                kind=kind,
                command_id=f"assign-{reviewer}-{aid}",
            )
    sh.day("2026-01-20")
    story.say("-- 评审全程留痕：每次查阅材料、每项评分都是各自签名的一条记录")
    for aid, (_, ma, cs) in SCORES.items():
        for reviewer, points in (("expert-ma", ma), ("tp-caishen", cs)):
            story.cmd(
                "province review open",
                aid,
                story.sha_of(str(story.files / f"{aid}-form.txt")),
                by=reviewer,
                fast=True,
                purpose="技术审核" if reviewer == "expert-ma" else "财务审核",
                command_id=f"open-{reviewer}-{aid}",
            )
            first = (
                {**points, "T1": points["T1"] - 200} if (aid, reviewer) == ("HLJ-BM-2025-01", "expert-ma") else points
            )
            for code, value in first.items():
                story.cmd(
                    "province review score",
                    aid,
                    code,
                    by=reviewer,
                    fast=True,
                    points=str(value),
                    command_id=f"score-{reviewer}-{aid}-{code}",
                )
    sh.day("2026-01-21")
    story.say("-- 马晓峰改分须说明理由，改分前后的分值都在记录里")
    story.cmd(
        "province review score",
        "HLJ-BM-2025-01",
        "T1",
        by="expert-ma",
        points="3600",
        reason="补充核实冷链 MES 上线报告后上调",
        command_id="rescore-ma-01-T1",
    )
    sh.day("2026-01-23")
    story.say("-- 钱文博（省工信厅，未参与评审）逐件复核专家和第三方的结果（第五条（三））")
    for aid in SCORES:
        story.cmd(
            "province review recheck",
            aid,
            by="pmiit-qian",
            fast=True,
            outcome="confirmed",
            reasons="评分与申报材料、财务报表一致",
            sha256=story.file(f"{aid}-recheck.txt", f"{aid} 复核记录"),
            command_id=f"recheck-{aid}",
        )


def ranking(story: Story) -> None:
    sh = story.sh
    sh.day("2026-01-26")
    story.say("-- 省工信厅按评分从高到低排序并按名额提出拟认定名单（同分者财务审核得分高者在前，规则记入排序）")
    story.cmd("province propose-list", CALL, by="pmiit-zhao", doc_no="黑工信企业函〔2026〕9号", command_id="hlj-list")
    story.say("-- 每项评分及其留痕（可按任一账本位置重建：--as-of）")
    sh.run("fundtrail", "--lang", "zh", "province", "ranking", CALL, clock=False)
    sh.day("2026-01-27")
    before = story.head()
    story.say("-- 名单提出后，评审人员再改分被拒绝；只能由省工信厅复核更正并标记")
    story.cmd(
        "province review score",
        "HLJ-BM-2025-03",
        "T1",
        by="expert-ma",
        refused="FT-HLJ-FROZEN",
        points="3900",
        reason="重新评估",
        command_id="rescore-late",
    )
    story.nothing_appended(before)


def publicity(story: Story) -> None:
    from domain.province.call import AnnualCall
    from domain.province.call import call_stream

    sh = story.sh
    listed = story.get(AnnualCall, call_stream(CALL)).listed
    story.say(
        "-- 省工信厅网站公示拟认定名单 5 个工作日（市工信局不能公示省级名单：FT-PUB-LEVEL）："
        + "，".join(f"{SCORES[a][0].name} {amount(f)}" for a, f in listed.items())
    )
    story.cmd(
        "city publicity start",
        PUBLICITY,
        by="pmiit-zhao",
        batch_id=CALL,
        list_kind="benchmark_award",
        entries=story.json_arg("hlj-entries", [{"subject_id": a, "amount_fen": f} for a, f in listed.items()]),
        channel_url="https://gxt.hlj.gov.cn/gsgg/2026/benchmark-2025",
        content_sha256=story.file("hlj-list.txt", "2025年度省级中小企业数字化示范标杆企业拟认定名单"),
        start_on=sh.today,
        command_id="hlj-pub-start",
    )
    sh.day("2026-01-28")
    story.say("-- 收到异议（异议人身份以加盐哈希记录），省工信厅核查后不予采信并说明理由")
    story.cmd(
        "city publicity receive-objection",
        PUBLICITY,
        "HLJ-OBJ-1",
        by="pmiit-zhao",
        subject_id="HLJ-BM-2025-01",
        channel="省工信厅网站留言",
        content_sha256=story.file("hlj-objection.txt", "反映松江速冻示范案例夸大"),
        objector_commitment=story.sha_of(story.file("hlj-objector.txt", "异议人身份承诺（加盐）")),
        received_on=sh.today,
        command_id="hlj-obj-1",
    )
    sh.day("2026-01-30")
    story.cmd(
        "city publicity resolve-objection",
        PUBLICITY,
        "HLJ-OBJ-1",
        by="pmiit-zhao",
        outcome="dismissed",
        reasons="现场核查 MES 与冷库温控系统运行记录，示范案例属实",
        investigation_sha256=story.file("hlj-investigation.txt", "异议核查报告"),
        command_id="hlj-obj-1-resolve",
    )
    sh.day("2026-02-04")
    story.cmd("city publicity complete", PUBLICITY, by="pmiit-zhao", command_id="hlj-pub-done")


def decisions(story: Story) -> None:
    from domain.kernel.cosign import Proposal
    from domain.kernel.cosign import proposal_stream
    from domain.province.call import AnnualCall
    from domain.province.call import call_stream

    sh = story.sh
    listed = story.get(AnnualCall, call_stream(CALL)).listed
    sh.day("2026-02-05")
    story.say("-- 公示期满无异议，提请省工信厅党组会审议（记录人员登记纪要）")
    story.cmd(
        "province party-review",
        APPROVAL,
        by="dzh-clerk",
        call_id=CALL,
        publicity_id=PUBLICITY,
        meeting_date=sh.today,
        minutes_ref="省工信厅党组会2026年第3次会议纪要",
        sha256=story.file("hlj-minutes.txt", "党组会纪要（节选）：同意拟认定名单"),
        approved=list(listed),
        command_id="hlj-party",
    )
    sh.day("2026-02-06")
    story.say(
        "-- 省工信厅会同省财政厅呈报资金拨付请示：省工信厅提出，省财政厅会签后生效（两个单位的签名在同一份请示上）"
    )
    story.cmd(
        "province request",
        APPROVAL,
        by="pmiit-zhao",
        request_doc_no="黑工信呈〔2026〕5号",
        sha256=story.file("hlj-request.txt", "关于拨付2025年度省级示范标杆企业奖励资金的请示"),
        items=story.json_arg("hlj-items", [{"application_id": a, "amount_fen": f} for a, f in listed.items()]),
        command_id="hlj-request",
    )
    sh.day("2026-02-09")
    sh.run("fundtrail", "proposal", "province.request_disbursement", APPROVAL, clock=False, max_lines=8)
    digest = story.get(Proposal, proposal_stream("province.request_disbursement", APPROVAL)).args_sha256
    story.cmd("province request-countersign", APPROVAL, by="pfin-sun", args_sha256=digest, command_id="hlj-request-cs")
    sh.day("2026-02-10")
    story.say("-- 省政府批复同意（省政府办公厅录入文号、日期与内容哈希）")
    story.cmd(
        "province reply",
        APPROVAL,
        by="pgov-clerk",
        reply_doc_no="黑政函〔2026〕12号",
        decided_on=sh.today,
        sha256=story.file("hlj-reply.txt", "省政府关于拨付省级示范标杆企业奖励资金的批复"),
        approved=story.json_arg("hlj-approved", [{"application_id": a, "amount_fen": f} for a, f in listed.items()]),
        command_id="hlj-reply",
    )


def money(story: Story) -> None:
    from domain.province.call import AnnualCall
    from domain.province.call import call_stream

    sh = story.sh
    listed = story.get(AnnualCall, call_stream(CALL)).listed
    bureaus = (("HRB-FIN", "hfin-wu", "哈尔滨市财政局"), ("HRB-NG-FIN", "ngfin-he", "南岗区财政局"))
    legs = dict(zip(listed, bureaus, strict=True))
    sh.day("2026-02-11")
    story.say(
        "-- 省工信厅设定本年度绩效目标（与市级资金同一套绩效功能，范围 provincial_award），另一名经办人审核通过；"
        "省财政厅按批复拨付，同步下达经确认的目标（第四条（四）、第七条）"
    )
    targets = [
        {
            "id": "DL",
            "family": "outcome",
            "sub_kind": "sustainable",
            "metric": "示范企业数字化水平评测提升等级",
            "unit": "级",
            "target": 1,
            "direction": "at_least",
            "weight_bp": 6000,
        },
        {
            "id": "DEMO",
            "family": "output",
            "sub_kind": "quantity",
            "metric": "带动同行业企业数字化改造",
            "unit": "户",
            "target": 10,
            "direction": "at_least",
            "weight_bp": 4000,
        },
    ]
    story.cmd(
        "city performance propose",
        INDICATORS,
        by="pmiit-zhao",
        programme_id="HLJ-BENCHMARK",
        scope="provincial_award",
        scope_ref=CALL,
        indicators=story.json_arg("hlj-targets", targets),
        command_id="hlj-targets",
    )
    story.cmd(
        "city performance approve",
        INDICATORS,
        by="pmiit-qian",
        decided_on=sh.today,
        doc_no="黑工信企业函〔2026〕15号",
        command_id="hlj-targets-approve",
    )
    for n, (aid, (org, _, _)) in enumerate(legs.items()):
        story.cmd(
            "province disburse",
            f"{aid}-L1",
            by="pfin-sun",
            fast=n > 0,
            application_id=aid,
            to_org=org,
            amount_fen=str(listed[aid]),
            doc_no="黑财指〔2026〕21号",
            disbursed_on=sh.today,
            target_set_id=INDICATORS,
            bank_serial=f"HLJGK2026021100{n + 1}",
            command_id=f"{aid}-disburse",
        )
    forwards = {0: "2026-02-13", 1: "2026-03-10"}
    for n, (aid, (_, actor, bureau)) in enumerate(legs.items()):
        sh.day(forwards[n])
        firm = SCORES[aid][0]
        story.say(
            f"-- {bureau}转拨至{firm.name}"
            + (
                "（春节假期不计工作日，但 2 月 14 日、28 日调休上班计入；已超过 10 个工作日，记录带超期提示）"
                if n
                else ""
            )
        )
        story.cmd(
            "province forward",
            aid,
            f"{aid}-L1",
            by=actor,
            amount_fen=str(listed[aid]),
            settled_on=sh.today,
            bank_serial=f"ZB{forwards[n].replace('-', '')}{n + 1}",
            payee_account_hash=account_hash(BANK_SECRET, firm.account_no),
            command_id=f"{aid}-forward",
        )
    story.say("-- 奖励资金逐级到企业：省 → 市县 → 企业，每段的日期、到期日与是否超期")
    sh.run("fundtrail", "--lang", "zh", "province", "legs", CALL, clock=False)
