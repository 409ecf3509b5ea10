"""`make demo`, the story: one Harbin batch of transformation subsidies (哈工信联规〔2024〕1号), told through the CLI.

Four enterprises, five projects in the three brackets of 第四条（一）, one enterprise splitting its
transformation into two projects that together reach the 50万 enterprise cap, an invoice offered a
second time and refused, a publicity whose one objection is upheld and lowers an amount, the 市政府
decision, both tranches behind their gates, and a clawback with a partial repayment. The amounts the
officers type are their inputs; every amount the story reports is read back from the ledger
(``fundtrail city explain``, or the recorded aggregates).

The programme's other directions run alongside, in lettered sections at their own dates (the numbers
after 14 belong to fundtrail/demo.py): a procured training contract (3a, demo_procurement.py), product
and diagnosis awards (6a, demo_awards.py), and D-1's performance targets, monitoring and evaluation
(11a, 12a, 13a, demo_performance.py). Section 3 shows the budget waiting for the approved targets.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar

from stdnum.cn import uscc as stdnum_uscc

from domain.enterprise.examples import commitment_args
from domain.enterprise.examples import credit_check_args
from domain.enterprise.examples import evidence
from domain.enterprise.examples import register_args
from domain.policy.ceiling import percent
from domain.policy.ceiling import yuan
from domain.policy.params import SEED_PARAMS
from projections.reconcile.accounts import account_hash

if TYPE_CHECKING:
    from uuid import UUID

    from fundtrail.demo_shell import Shell

WAN = 1_000_000  # 1万元 in 分
ORIGIN = "fundtrail.example/harbin-pilot-2025"
PROGRAMME = "HRB-PILOT-2024"
VERSION = "HRB-PV-2024-1"
BATCH = "HRB-2025-1"
PUBLICITY = "HRB-GS-2025-1"
APPROVAL = "HRB-SP-2025-1"
CASE = "HRB-ZH-2025-1"
MEASURES = {"doc_no": "哈工信联规〔2024〕1号", "title": "哈尔滨市中小企业数字化转型城市试点专项资金管理办法（暂行）"}
BANK = "中国工商银行哈尔滨分行"
BANK_SECRET = b"harbin-finance-demo-account-secret"  # held by 市财政局 (a file of its own in a deployment)
LOWERED_B1 = 324_000_00  # the objection on B-1 upheld: 54万 × 60%

Option = str | int | bool | list[str]
A = TypeVar("A")


def uscc(body: str) -> str:
    """A 统一社会信用代码 with its GB 32100-2015 check character (python-stdnum)."""
    return body + stdnum_uscc.calc_check_digit(body)


PROVIDER = uscc("91230109MA1D7Y3K5")  # the service provider of every project
PROVIDER_NAME = "哈尔滨云启数字科技有限公司"
THIRD_PARTY = uscc("91230103MA1B8P2N6")  # the independent third party (跟踪监测、测评、验收)


@dataclass(frozen=True)
class Person:
    actor: str
    name: str
    org_code: str
    org_name: str
    kind: str
    role: str
    duty: str


@dataclass(frozen=True)
class Firm:
    actor: str
    body: str  # the USCC without its check character
    name: str
    contact: str
    industry: str
    industry_name: str
    employees: int
    revenue_fen: int
    size: str
    address: str
    account_no: str

    @property
    def uscc(self) -> str:
        return uscc(self.body)

    @property
    def last4(self) -> str:
        return self.account_no[-4:]

    @property
    def account_hash(self) -> str:
        """The bank account as the ledger keeps it: finance's keyed hash and the last four digits
        (projections/reconcile/accounts.py), never the number."""
        return account_hash(BANK_SECRET, self.account_no)


@dataclass(frozen=True)
class Line:
    line_id: str
    cost_type: str
    description: str
    incl_fen: int
    excluded: str | None = None  # why 市工信局 does not count it


@dataclass(frozen=True)
class Plan:
    pid: str
    firm: Firm
    scope: str
    lines: tuple[Line, ...]
    invoice_no: str  # a 数电票 number: 20 digits
    post_level: int
    proposed_fen: int  # what 市工信局 types in: the ceiling `city explain` then shows, computed by the ledger
    why: str

    @property
    def total_fen(self) -> int:
        return sum(line.incl_fen for line in self.lines)


def person(actor: str, name: str, org: tuple[str, str, str], role: str, duty: str) -> Person:
    return Person(actor, name, org[0], org[1], org[2], role, duty)


CITY_MIIT = ("HRB-MIIT", "哈尔滨市工业和信息化局", "city_miit")
PEOPLE = (
    person("miit-zhang", "张伟", CITY_MIIT, "city_miit", "市工信局 经办"),
    person("miit-chen", "陈静", CITY_MIIT, "city_miit", "市工信局 复核"),
    person(
        "district-liu",
        "刘洋",
        ("HRB-NG-MIIT", "哈尔滨市南岗区工业和信息化局", "district_miit"),
        "district_miit",
        "区县工信",
    ),
    person("tp-gao", "高峰", (THIRD_PARTY, "黑龙江数智评估咨询有限公司", "third_party"), "third_party", "第三方机构"),
    person("fin-li", "李娜", ("HRB-FIN", "哈尔滨市财政局", "city_finance"), "city_finance", "市财政局"),
    person(
        "dfin-zhou", "周敏", ("HRB-NG-FIN", "哈尔滨市南岗区财政局", "district_finance"), "district_finance", "区县财政"
    ),
    person(
        "clerk-wang", "王芳", ("HRB-GOV", "哈尔滨市人民政府办公厅", "city_gov"), "city_gov_clerk", "市政府办公厅 录入"
    ),
    person("inspector-sun", "孙丽", ("HRB-DUCHA", "督察联合工作组", "task_force"), "inspector", "督察联合工作组"),
)
WITNESS = person("witness-hlj", "省财政厅见证节点", ("HLJ-FIN", "黑龙江省财政厅", "prov_finance"), "witness", "见证")

SONGJIANG = Firm(
    "ent-songjiang",
    "91230103MA1C2K7Q4",
    "哈尔滨松江速冻食品有限公司",
    "赵敏",
    "1431",
    "速冻食品制造",
    180,
    12_000 * WAN,
    "small",
    "哈尔滨市南岗区红旗大街 188 号",
    "3500041109001234",
)
BEIYAO = Firm(
    "ent-beiyao",
    "91230103MA1C3L8R5",
    "哈尔滨北药制剂有限公司",
    "钱雪梅",
    "2720",
    "化学药品制剂制造",
    420,
    35_000 * WAN,
    "medium",
    "哈尔滨市南岗区学府路 372 号",
    "3500041109002345",
)
LONGDIAN = Firm(
    "ent-longdian",
    "91230103MA1C4M9W6",
    "哈尔滨龙电电机有限公司",
    "孙国强",
    "3811",
    "发电机及发电机组制造",
    650,
    38_000 * WAN,
    "medium",
    "哈尔滨市南岗区长江路 99 号",
    "3500041109003456",
)
BINGCHENG = Firm(
    "ent-bingcheng",
    "91230103MA1C5N1T7",
    "哈尔滨冰城输配电设备有限公司",
    "李春生",
    "3823",
    "配电开关控制设备制造",
    95,
    6_000 * WAN,
    "small",
    "哈尔滨市南岗区哈平路 160 号",
    "3500041109004567",
)
FIRMS = (SONGJIANG, BEIYAO, LONGDIAN, BINGCHENG)

PLANS = (
    Plan(
        "A-1",
        SONGJIANG,
        "速冻生产线 MES 与冷库温控数据采集上云",
        (
            Line("L1", "software", "生产执行系统（MES）", 18 * WAN),
            Line("L2", "data_equipment", "冷库温湿度采集终端", 7 * WAN),
        ),
        "25232000000012100001",
        2,
        175_000_00,
        "30万以下一档：25 万元 × 70%，未超过本档 18 万元上限",
    ),
    Plan(
        "B-1",
        BEIYAO,
        "GMP 车间设备联网与药品质量追溯系统",
        (Line("L1", "software", "药品质量追溯系统", 40 * WAN), Line("L2", "cloud", "私有云资源（三年）", 20 * WAN)),
        "25232000000012100002",
        3,
        360_000_00,
        "30万至80万一档：60 万元 × 60%，未超过本档 40 万元上限",
    ),
    Plan(
        "C-1",
        LONGDIAN,
        "电机装配车间数字化改造（PLM、MES 与设备数据采集）",
        (
            Line("L1", "software", "PLM 与 MES 软件", 120 * WAN),
            Line("L2", "data_equipment", "装配线设备数据采集网关", 80 * WAN),
            Line("L3", "office_equipment", "办公电脑", 10 * WAN, "办公电脑不属于数字化改造支出范围"),
        ),
        "25232000000012100003",
        3,
        500_000_00,
        "80万以上一档：核定 200 万元 × 50% = 100 万元，以本档上限 50 万元为限",
    ),
    Plan(
        "D-1",
        BINGCHENG,
        "开关柜生产 MES（一期）",
        (
            Line("L1", "software", "生产执行系统（MES）", 50 * WAN),
            Line("L2", "data_equipment", "开关柜试验台数据采集", 30 * WAN),
        ),
        "25232000000012100004",
        2,
        400_000_00,
        "30万至80万一档：80 万元 × 60% = 48 万元，以本档上限 40 万元为限",
    ),
    Plan(
        "D-2",
        BINGCHENG,
        "供应链协同云平台（二期）",
        (Line("M1", "cloud", "供应链协同云平台订阅（三年）", 30 * WAN),),
        "25232000000012100005",
        2,
        100_000_00,
        "30万以下一档：30 万元 × 70% = 21 万元，本档上限 18 万元；企业累计 50 万元已被 D-1 占用 40 万元，只余 10 万元",
    ),
)
PLAN = {p.pid: p for p in PLANS}


def opts(options: dict[str, Option]) -> list[str]:
    """Keyword arguments as the generated CLI's options: ``batch_id=X`` → ``--batch-id X``; a list repeats
    the option; True/False → ``--flag``/``--no-flag``."""
    out: list[str] = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            out.append(flag if value else "--no-" + flag[2:])
        elif isinstance(value, list):
            for v in value:
                out += [flag, v]
        else:
            out += [flag, str(value)]
    return out


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad to a terminal width, counting CJK characters as two columns."""
    from rich.cells import cell_len

    space = " " * max(0, width - cell_len(text))
    return space + text if right else text + space


def sha_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def amount(fen: int) -> str:
    return f"{yuan(fen)} 元"


class Story:
    """The batch, step by step; ``sh`` runs the commands, files go under its output folder."""

    def __init__(self, sh: Shell) -> None:
        self.sh = sh
        self.out = sh.out
        self.files = sh.out / "files"
        self.args = sh.out / "args"
        self.files.mkdir(parents=True, exist_ok=True)
        self.args.mkdir(parents=True, exist_ok=True)
        self.pending: list[Path] = []  # evidence written since the last `fundtrail evidence add`
        self.invoice_files: dict[str, str] = {}
        self.evidence_added = False
        self.settled: dict[tuple[str, int], int] = {}  # (project, tranche) -> seq of the settlement record

    # -- helpers ----------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        """Narration; a new step ("-- …") after a blank line."""
        self.sh.echo(("\n" if text.startswith("-- ") else "") + text)

    def section(self, zh: str, en: str) -> None:
        self.sh.echo(f"\n\n== {zh}  {en} ==")

    def cmd(
        self,
        path: str,
        *positional: str,
        by: str | None = None,
        fast: bool = False,
        refused: str | None = None,
        **options: Option,
    ) -> str:
        """``fundtrail PATH POSITIONAL… --option value…``, signed by ``by``'s key; ``refused``: the rule that
        must refuse it (exit 1)."""
        return self.sh.run(
            "fundtrail",
            *path.split(),
            *positional,
            *opts(options),
            key=by,
            fast=fast,
            expect=1 if refused else 0,
            caught=f"[rule {refused} " if refused else None,
        )

    def file(self, name: str, text: str) -> str:
        """Write an evidence file (a stand-in for the scanned original); ``@path`` hashes it on the CLI."""
        path = self.files / name
        path.write_text(text + "\n", encoding="utf-8")
        self.pending.append(path)
        return f"@{path}"

    @staticmethod
    def sha_of(ref: str) -> str:
        return hashlib.sha256(Path(ref.removeprefix("@")).read_bytes()).hexdigest()

    def json_arg(self, name: str, value: Any) -> str:
        path = self.args / f"{name}.json"
        path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return f"@{path}"

    def keep_evidence(self, what: str) -> None:
        """`fundtrail evidence add` for every file written since the last call."""
        self.say(f"-- {what}")
        files, self.pending = [str(p) for p in self.pending], []
        self.sh.run("fundtrail", "evidence", "add", *files, clock=False, max_lines=2, fast=self.evidence_added)
        self.evidence_added = True

    def head(self) -> int:
        with sqlite3.connect(self.sh.db) as conn:
            return int(conn.execute("SELECT COALESCE(MAX(seq), 0) FROM stored_events_chain").fetchone()[0])

    def nothing_appended(self, before: int) -> None:
        """After a refusal: the ledger's last record is still ``before`` (a refused command appends nothing)."""
        after = self.head()
        self.say(
            f"   账本末条记录序号：拒绝前 {before}，拒绝后 {after} —— 被拒绝的指令不追加任何记录 (nothing appended)"
        )
        if before != after:
            from fundtrail.demo_shell import DemoFailed

            raise DemoFailed(f"a refused command appended records {before + 1}..{after}")

    def records(self, out: str, topic: str) -> list[tuple[int, dict[str, Any]]]:
        """(seq, state) of each record of ``topic`` that a submitted command appended, read back from the ledger;
        ``out`` is the command's output ("<command> <command id>: seq a–b")."""
        first, last = out.split("seq ")[1].split(maxsplit=1)[0].split("–")
        with sqlite3.connect(self.sh.db) as conn:
            rows = conn.execute(
                "SELECT c.seq, e.state FROM stored_events_chain c JOIN stored_events e "
                "ON e.originator_id = replace(c.originator_id, '-', '') "
                "AND e.originator_version = c.originator_version "
                "WHERE c.topic = ? AND c.seq BETWEEN ? AND ? ORDER BY c.seq",
                (topic, int(first), int(last)),
            ).fetchall()
        return [(int(seq), json.loads(bytes(state))) for seq, state in rows]

    def get(self, kind: type[A], stream: UUID) -> A:
        """A recorded aggregate, read back from the ledger."""
        from domain.clock import FixedClock
        from ledger.app import FundtrailLedger

        assert self.sh.now is not None
        app = FundtrailLedger(f"sqlite:///{self.sh.db}", FixedClock(self.sh.now), create_tables=False)
        try:
            found: object = app.repository.get(stream)
        finally:
            app.close()
        assert isinstance(found, kind)
        return found

    # -- 1. keys and the ledger ---------------------------------------------------------------------
    def keys_and_ledger(self) -> None:
        self.section("1. 密钥与账本", "keys and the ledger")
        self.say("每个操作人持有自己的 Ed25519 密钥；账本另有一把日志密钥，为每次提交加封印。")
        sh = self.sh
        sh.keys.mkdir(parents=True, exist_ok=True)
        actors = ["operator", *(p.actor for p in PEOPLE), *(f.actor for f in FIRMS), WITNESS.actor, "log"]
        for n, actor in enumerate(actors):
            sh.run("fundtrail", "keys", "new", actor, "-o", str(sh.keys / f"{actor}.json"), clock=False, fast=n > 0)
        sh.day("2025-01-06")
        self.say("-- 运营方创建账本（创世记录：来源、哈希算法、首位管理员、日志密钥）")
        sh.run(
            "fundtrail",
            "init",
            "--origin",
            ORIGIN,
            "--name",
            "哈尔滨市数字化转型专项资金账本运营方",
            "--organisation-name",
            "哈尔滨市工业和信息化局信息中心",
            key="operator",
            full=True,
        )
        self.say(
            "   ↑ 每条指令入账后，账本打印日志密钥的封印（C2SP 检查点：来源、记录数、树根、签名），"
            "提交人可留存为凭证；以下只显示其第一行。"
        )
        vkey = sh.run("fundtrail", "vkey", clock=False).strip()
        (self.out / "log.vkey").write_text(vkey + "\n", encoding="utf-8")
        self.say(f"   运营方公布账本的核验公钥 (the published verifier key) → {self.out / 'log.vkey'}")

    # -- 2. actors ----------------------------------------------------------------------------------
    def actors(self) -> None:
        self.section("2. 登记操作人（运营方签名）", "register the actors of every role")
        self.sh.day("2025-01-06 10:00")
        firms = (person(f.actor, f.contact, (f.uscc, f.name, "enterprise"), "applicant", "申报企业") for f in FIRMS)
        for n, p in enumerate([*PEOPLE, *firms, WITNESS]):
            self.say(f"-- {p.duty}：{p.name}（{p.org_name}）")
            self.register(p, fast=n > 0)

    def register(self, p: Person, *, fast: bool) -> None:
        """The operator registers ``p`` with the public key of the key file made for it."""
        self.cmd(
            "actor register",
            p.actor,
            by="operator",
            fast=fast,
            name=p.name,
            organisation_code=p.org_code,
            organisation_name=p.org_name,
            organisation_kind=p.kind,
            role=[p.role],
            public_key=str(self.sh.keys / f"{p.actor}.json"),
            command_id=f"reg-{p.actor}",
        )

    # -- 3. programme ---------------------------------------------------------------------------------
    def programme(self) -> None:
        from domain.policy.aggregate import PolicyVersion
        from domain.policy.aggregate import policy_version_stream

        self.section(
            "3. 专项资金、政策参数版本、绩效目标、预算与批次",
            "programme, policy version, targets before the budget, batch",
        )
        sh = self.sh
        sh.day("2025-01-08")
        self.say("-- 市财政局设立专项资金（中央财政资金；依据 哈工信联规〔2024〕1号 第一条、第十八条）")
        self.cmd(
            "city programme establish",
            PROGRAMME,
            by="fin-li",
            name="哈尔滨市中小企业数字化转型城市试点专项资金",
            fund_source="central",
            legal_basis=self.json_arg("legal-basis", [{**MEASURES, "articles": ["第一条", "第十八条"]}]),
            valid_from="2024-10-15",
            valid_to="2025-12-31",
            command_id="prg-establish",
        )
        self.say("-- 张伟拟定政策参数版本（第四条（一）三档、企业累计上限、第十一条首批比例、公示工作日……）")
        draft = {
            "programme_id": PROGRAMME,
            "parameters": SEED_PARAMS.to_dict(),
            "source_documents": [{**MEASURES, "articles": ["第四条（一）", "第八条", "第十一条"]}],
            "effective_from": "2024-10-15",
        }
        self.cmd(
            "city policy draft",
            VERSION,
            by="miit-zhang",
            json=self.json_arg("policy-draft", draft),
            command_id="pv-draft",
        )
        params = self.get(PolicyVersion, policy_version_stream(VERSION)).parameters()
        self.say(f"   账本记录的参数 (as recorded)：{VERSION}")
        for b in params.brackets:
            self.say(f"   {b.label}：核定投入的 {percent(b.ratio_bp)}，最高 {amount(b.cap_fen)}")
        self.say(
            f"   同一企业累计最高 {amount(params.enterprise_cap_fen)}；第一批拨付不低于 "
            f"{percent(params.first_tranche_min_bp)}；公示 {params.publicity_working_days} 个工作日"
        )
        self.say("-- 陈静批准（拟定人与批准人须为不同的人），张伟启用")
        self.cmd(
            "city policy approve",
            VERSION,
            by="miit-chen",
            fast=True,
            decision_doc_no="哈工信发〔2025〕3号",
            decided_on=sh.today,
            command_id="pv-approve",
        )
        self.cmd("city policy activate", VERSION, by="miit-zhang", fast=True, command_id="pv-activate")
        self.say("-- 中央资金下达 1.5 亿元，首笔 5000 万元到位；张伟申报专项资金的总体绩效目标 T-2025")
        self.cmd(
            "city programme record-allocation",
            PROGRAMME,
            by="fin-li",
            fast=True,
            doc_no="财建〔2024〕512号",
            fiscal_year=2024,
            amount_fen=15_000 * WAN,
            command_id="prg-allocation",
        )
        self.cmd(
            "city programme record-funds-received",
            PROGRAMME,
            by="fin-li",
            fast=True,
            amount_fen=5_000 * WAN,
            treasury_ref="GK-2025-0008",
            received_on=sh.today,
            command_id="prg-funds-1",
        )
        indicators = [
            {
                "id": "I1",
                "family": "output",
                "metric": "完成数字化改造的中小企业数",
                "unit": "家",
                "target": "300",
                "direction": "at_least",
                "weight_bp": 6_000,
            },
            {
                "id": "I2",
                "family": "output",
                "metric": "改造后数字化水平达到二级及以上的企业占比",
                "unit": "%",
                "target": "90",
                "direction": "at_least",
                "weight_bp": 4_000,
            },
        ]
        self.cmd(
            "city programme set-targets",
            PROGRAMME,
            "T-2025",
            by="miit-zhang",
            fast=True,
            indicators=self.json_arg("targets", indicators),
            command_id="prg-targets",
        )
        self.say("-- 目标尚未审核：市财政局此时切块被拒绝。绩效目标是预算安排的依据（第十三条）：先有目标，后有预算")
        self.cmd(
            "city programme open-budget-line",
            PROGRAMME,
            "transformation",
            by="fin-li",
            refused="FT-PRG-TARGETS",
            amount_fen=12_000 * WAN,
            command_id="prg-line-early",
        )
        sh.day("2025-01-10")
        self.say("-- 两天后陈静审核通过绩效目标（审核人不得为申报人）")
        self.cmd(
            "city programme approve-targets",
            PROGRAMME,
            "T-2025",
            by="miit-chen",
            fast=True,
            decided_on=sh.today,
            command_id="prg-targets-ok",
        )
        self.say("-- 目标审核通过后，市财政局切块：数字化改造补助 1.2 亿元（占中央资金 80%，第八条）")
        self.cmd(
            "city programme open-budget-line",
            PROGRAMME,
            "transformation",
            by="fin-li",
            amount_fen=12_000 * WAN,
            command_id="prg-line",
        )
        self.say("-- 市工信局开启 2025 年第一批：固定政策参数版本及其哈希，按含税投入核定")
        self.cmd(
            "city batch open",
            BATCH,
            by="miit-zhang",
            programme_id=PROGRAMME,
            policy_version_id=VERSION,
            investment_basis="tax_inclusive",
            intake_from=sh.today,
            intake_to="2025-06-30",
            notice_doc_no="哈工信发〔2025〕6号",
            command_id="batch-open",
        )
        from fundtrail.demo_procurement import training

        training(self)

    # -- 4. enterprises -------------------------------------------------------------------------------
    def enterprises(self) -> None:
        self.section("4. 申报企业：登记事项、承诺书、信用核查", "applicant enterprises")
        sh = self.sh
        sh.day("2025-02-10")
        for n, f in enumerate(FIRMS):
            self.say(f"-- {f.name}  统一社会信用代码 {f.uscc}  行业 {f.industry} {f.industry_name}  {f.employees} 人")
            snapshot = self.file(f"{f.actor}-registry.txt", f"国家企业信用信息公示系统 查询结果\n{f.name}\n{f.uscc}")
            queried_at = f"{sh.today}T09:00:00+08:00"

            def fact(value: Any, ref: str = snapshot, at: str = queried_at) -> dict[str, Any]:
                return evidence(value, at) | {"snapshot_sha256": self.sha_of(ref)}

            facts = register_args(
                f.uscc,
                name=f.name,
                registered_address=f.address,
                industry_code=f.industry,
                size_class=f.size,
                size_basis={"employees": f.employees, "revenue_fen": f.revenue_fen, "data_year": 2024},
                registry={
                    "shareholders": fact([f.contact]),
                    "legal_representative": fact(f.contact),
                    "address": fact(f.address),
                    "phone": fact(f"0451-8{f.account_no[-7:]}"),
                },
                bank_accounts=[{"bank": BANK, "account_hash": f.account_hash, "last4": f.last4}],
            )
            del facts["uscc"]  # given as the command's argument
            self.cmd(
                "city enterprise register",
                f.uscc,
                by="district-liu",
                fast=n > 0,
                json=self.json_arg(f"enterprise-{f.actor}", facts),
                command_id=f"ent-{f.actor}",
            )
            text = f"承诺书\n{f.name}：材料真实、无重大事故、无偷税漏税、配合监督"
            commitment = commitment_args(f.uscc, text_sha256=self.file(f"{f.actor}-commitment.txt", text))
            del commitment["uscc"]
            self.cmd(
                "city enterprise commitment",
                f.uscc,
                by=f.actor,
                fast=True,
                cover=commitment.pop("covers"),
                **commitment | {"signed_on": sh.today},
                command_id=f"commit-{f.actor}",
            )
            self.credit_check(f, "district-liu", "intake")

    def credit_check(self, f: Firm, by: str, label: str, *, fast: bool = True) -> None:
        """第五条（二）: a query covering the three years up to today (A13: it vouches up to its own day)."""
        today = self.sh.today
        snapshot = self.file(f"{f.actor}-credit-{today}.txt", f"信用中国 查询结果 {today}\n{f.name}\n未见异常")
        check = credit_check_args(
            f.uscc,
            queried_at=f"{today}T09:00:00+08:00",
            window_from=f"{int(today[:4]) - 3}{today[4:]}",
            window_to=today,
            snapshot_sha256=snapshot,
        )
        del check["uscc"]
        self.cmd(
            "city enterprise credit-check", f.uscc, by=by, fast=fast, **check, command_id=f"credit-{f.actor}-{label}"
        )

    # -- 5. intake ------------------------------------------------------------------------------------
    def intake(self) -> None:
        self.section("5. 项目入库：企业申请，市工信局审核", "project intake")
        sh = self.sh
        self.say("-- 冰城输配电把改造分为两个项目（D-1、D-2）；同一企业在办项目不超过 3 个")
        for n, p in enumerate(PLANS):
            items = [
                {"cost_type": x.cost_type, "description": x.description, "amount_fen": x.incl_fen} for x in p.lines
            ]
            self.cmd(
                "city project intake",
                p.pid,
                by=p.firm.actor,
                fast=n > 0,
                batch_id=BATCH,
                enterprise_uscc=p.firm.uscc,
                provider_uscc=PROVIDER,
                district="南岗区",
                scope_summary=p.scope,
                planned_items=self.json_arg(f"{p.pid}-planned-items", items),
                planned_start="2025-03-01",
                planned_end="2025-05-31",
                command_id=f"{p.pid}-intake",
            )
        sh.day("2025-02-14")
        self.say("-- 入库审核当日，市工信局再次核查信用（第五条（二）：须覆盖审核日前三年）")
        for f in FIRMS:
            self.credit_check(f, "miit-chen", "pool")
        for p in PLANS:
            self.cmd(
                "city project decide-intake",
                p.pid,
                "approve",
                by="miit-zhang",
                fast=True,
                decided_on=sh.today,
                command_id=f"{p.pid}-pool",
            )

    # -- 6. implementation ----------------------------------------------------------------------------
    def implementation(self) -> None:
        self.section("6. 实施：改造前测评、服务合同、跟踪监测", "baseline assessment, contracts, tracking")
        sh = self.sh
        sh.day("2025-02-24")
        self.say("-- 第三方机构改造前测评（数字化水平一级）；企业登记与服务商签订的改造合同")
        for n, p in enumerate(PLANS):
            self.assessment(p, "baseline", 1, "38.5", fast=True)
            lines: list[dict[str, Any]] = [
                {
                    "line_id": x.line_id,
                    "cost_type": x.cost_type,
                    "description": x.description,
                    "incl_fen": x.incl_fen,
                    "excl_fen": x.incl_fen * 100 // 106,
                    "unit_price_fen": x.incl_fen,
                    "quantity": 1,
                }
                for x in p.lines
            ]
            contract = self.file(
                f"{p.pid}-contract.txt", f"数字化改造服务合同 HT-2025-{p.pid}\n{p.firm.name}\n{PROVIDER_NAME}"
            )
            self.cmd(
                "city project contract",
                p.pid,
                f"HT-2025-{p.pid}",
                by=p.firm.actor,
                fast=n > 0,
                buyer_uscc=p.firm.uscc,
                seller_uscc=PROVIDER,
                signed_on="2025-02-20",
                amount_incl_fen=p.total_fen,
                amount_excl_fen=sum(x["excl_fen"] for x in lines),
                tax_rate_bp=600,
                lines=self.json_arg(f"{p.pid}-contract-lines", lines),
                list_price_fen=p.total_fen + 2 * WAN,
                sha256=contract,
                command_id=f"{p.pid}-contract",
            )
            self.say(f"   {p.pid} 合同金额 {amount(p.total_fen)}（含税）")
        sh.day("2025-04-15")
        self.say("-- 第三方机构跟踪监测")
        for p in PLANS:
            report = self.file(f"{p.pid}-tracking.txt", f"跟踪监测报告 {p.pid} 2025年第一季度：进度 60%")
            self.cmd(
                "city project track",
                p.pid,
                by="tp-gao",
                fast=True,
                report_id=f"JC-{p.pid}-2025Q1",
                period="2025Q1",
                progress_pct=60,
                findings_sha256=report,
                reported_on=sh.today,
                command_id=f"{p.pid}-track",
            )
        self.keep_evidence(
            "登记与信用查询快照、承诺书、合同、测评与监测报告的原件存入证据库：账本只记其哈希，"
            "证据库按哈希保存文件 (the evidence store, by content hash)"
        )
        from fundtrail.demo_awards import awards

        awards(self)

    def assessment(self, p: Plan, kind: str, level: int, score: str, *, fast: bool) -> None:
        name = "改造前" if kind == "baseline" else "改造后"
        report = self.file(f"{p.pid}-{kind}.txt", f"{name}数字化水平评测报告 {p.pid}：{score} 分，{level} 级")
        self.cmd(
            "city project assess",
            p.pid,
            kind,
            by="tp-gao",
            fast=fast,
            index_version="中小企业数字化水平评测指标（2024年版）",
            mode="on-site",
            score=score,
            level=level,
            report_sha256=report,
            assessed_on=self.sh.today,
            command_id=f"{p.pid}-{kind}",
        )

    # -- 7. invoices and vouchers -----------------------------------------------------------------------
    def invoices(self) -> None:
        self.section("7. 发票与银行支付凭证；重复使用的发票被拒绝", "invoices, bank vouchers, a reused invoice refused")
        self.sh.day("2025-05-20")
        self.say("-- 企业登记数电票，以及从本企业登记账户付给服务商的银行回单")
        for n, p in enumerate(PLANS):
            text = (
                f"数电票 {p.invoice_no}\n销售方 {PROVIDER_NAME}\n购买方 {p.firm.name}\n价税合计 {amount(p.total_fen)}"
            )
            self.invoice_files[p.pid] = self.file(f"{p.pid}-invoice.txt", text)
            self.invoice(p, p.invoice_no, self.invoice_files[p.pid], p.total_fen, fast=n > 0, cid=f"{p.pid}-invoice")
            serial = f"ICBC-20250519-{n + 1:04d}"
            voucher = self.file(f"{p.pid}-voucher.txt", f"{BANK} 电子回单 {serial}\n{amount(p.total_fen)}")
            self.cmd(
                "city project voucher",
                p.pid,
                serial,
                by=p.firm.actor,
                fast=True,
                bank=BANK,
                payer_account_hash=p.firm.account_hash,
                payer_last4=p.firm.last4,
                payee_name=PROVIDER_NAME,
                payee_uscc=PROVIDER,
                amount_fen=p.total_fen,
                value_date="2025-05-19",
                sha256=voucher,
                command_id=f"{p.pid}-voucher",
            )
            if p.pid == "D-1":
                self.reused_invoice()

    def invoice(
        self, p: Plan, number: str, ref: str, total: int, *, fast: bool, cid: str, refused: str | None = None
    ) -> None:
        excl = total * 100 // 106
        self.cmd(
            "city project invoice",
            p.pid,
            number,
            by=p.firm.actor,
            fast=fast,
            refused=refused,
            invoice_kind="digital",
            issue_date="2025-05-16",
            seller_uscc=PROVIDER,
            buyer_uscc=p.firm.uscc,
            excl_fen=excl,
            tax_fen=total - excl,
            incl_fen=total,
            sha256=ref,
            command_id=cid,
        )

    def reused_invoice(self) -> None:
        d1, d2 = PLAN["D-1"], PLAN["D-2"]
        self.say(
            f"-- 冰城输配电为 D-2 提交 D-1 已使用的发票 {d1.invoice_no}（同一张发票、同一个文件）："
            "一张发票在整个账本中只能支持一次申领"
        )
        before = self.head()
        self.invoice(
            d2,
            d1.invoice_no,
            self.invoice_files["D-1"],
            d1.total_fen,
            fast=False,
            cid="D-2-reuse",
            refused="FT-PRJ-INVOICE-REUSE",
        )
        self.nothing_appended(before)
        self.sh.run("fundtrail", "rules", "FT-PRJ-INVOICE-REUSE", clock=False, fast=True)
        self.say("-- D-2 改用本项目自己的发票")

    # -- 8. acceptance and claims ---------------------------------------------------------------------------
    def acceptance(self) -> None:
        self.section("8. 改造后测评、验收、企业提交凭据", "post assessment, acceptance review, claims")
        sh = self.sh
        sh.day("2025-06-05")
        self.say("-- 第三方机构改造后测评：达到二级及以上方可通过验收")
        for p in PLANS:
            self.assessment(p, "post", p.post_level, "63.5" if p.post_level == 2 else "76.0", fast=True)
        sh.day("2025-06-12")
        self.say("-- 验收评审（三人专家组）")
        for p in PLANS:
            report = self.file(f"{p.pid}-acceptance.txt", f"验收报告 YS-2025-{p.pid}：通过")
            self.cmd(
                "city project accept",
                p.pid,
                "passed",
                by="tp-gao",
                fast=True,
                panel=["李明（高级工程师）", "王丽（注册会计师）", "陈刚（数字化转型专家）"],
                report_no=f"YS-2025-{p.pid}",
                reviewed_on=sh.today,
                report_sha256=report,
                command_id=f"{p.pid}-accept",
            )
        self.keep_evidence("发票、银行回单、测评与验收报告存入证据库")
        sh.day("2025-06-16")
        self.say(
            "-- 各企业在本单位电脑上用自己的密钥离线签名“提交凭据”（fundtrail sign --vkey：不连接账本），"
            "再把签名文件交区县工信局一次提交 (fundtrail apply)"
        )
        lines = [
            self.cmd(
                "sign project.submit_claim",
                by=p.firm.actor,
                fast=True,
                args=json.dumps({"project_id": p.pid}),
                command_id=f"{p.pid}-claim",
                vkey=str(self.out / "log.vkey"),
            ).strip()
            for p in PLANS
        ]
        claims = self.out / "claims.jsonl"
        claims.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.cmd("apply", str(claims))
        self.say("-- 同一文件再提交一次：已入账的签名指令被跳过，不会重复入账 (idempotent)")
        self.cmd("apply", str(claims), fast=True)

    # -- 9. verification and proposal -----------------------------------------------------------------------
    def proposals(self) -> None:
        self.section("9. 核定投入与拟补助额度：每个金额及其依据", "verified investment and proposed amounts")
        sh = self.sh
        sh.day("2025-06-23")
        self.say("-- 市工信局逐行核定：合同、开票、付款三者取小，只计软件、云服务、数据采集设备")
        for p in PLANS:
            decisions = [
                {
                    "line_id": x.line_id,
                    "eligible": x.excluded is None,
                    "invoiced_fen": x.incl_fen,
                    "paid_fen": x.incl_fen,
                    "counted_fen": 0 if x.excluded else x.incl_fen,
                }
                | ({"reason": x.excluded} if x.excluded else {})
                for x in p.lines
            ]
            lines = self.json_arg(f"{p.pid}-verification", decisions)
            self.cmd(
                "city project verify", p.pid, by="miit-zhang", fast=True, lines=lines, command_id=f"{p.pid}-verify"
            )
        sh.day("2025-06-25")
        for p in PLANS:
            self.say(f"-- {p.pid} {p.firm.name}：{p.scope}\n   {p.why}")
            if p.pid == "D-2":
                self.say("   经办人若按本档上限 18 万元拟定，账本拒绝（企业累计上限）：")
                self.cmd(
                    "city project propose",
                    p.pid,
                    str(18 * WAN),
                    by="miit-zhang",
                    command_id="D-2-propose-18",
                    refused="FT-PRJ-ENTERPRISE-CAP",
                )
            self.cmd(
                "city project propose",
                p.pid,
                str(p.proposed_fen),
                by="miit-zhang",
                fast=p.pid != "D-2",
                command_id=f"{p.pid}-propose",
            )
            self.sh.run("fundtrail", "city", "explain", p.pid, clock=False)

    # -- 10. publicity -------------------------------------------------------------------------------------
    def publicity(self) -> None:
        from domain.publicity.aggregate import Publicity
        from domain.publicity.aggregate import publicity_stream

        self.section("10. 公示（5 个工作日）与异议", "publicity and one upheld objection")
        sh = self.sh
        sh.day("2025-06-27")
        entries = [{"subject_id": p.pid, "amount_fen": p.proposed_fen} for p in PLANS]
        listing = "\n".join(f"{p.pid} {p.firm.name} {amount(p.proposed_fen)}" for p in PLANS)
        self.say("-- 6 月 27 日（周五）在市工信局网站公示拟补助名单")
        self.cmd(
            "city publicity start",
            PUBLICITY,
            by="miit-zhang",
            batch_id=BATCH,
            list_kind="transformation_subsidy",
            entries=self.json_arg("publicity-entries", entries),
            channel_url="https://gxj.harbin.gov.cn/gsgg/2025/HRB-GS-2025-1",
            content_sha256=self.file("publicity-list.txt", f"2025年第一批数字化改造补助拟支持名单\n{listing}"),
            start_on=sh.today,
            command_id="gs-start",
        )
        pub = self.get(Publicity, publicity_stream(PUBLICITY))
        self.say(
            f"   {pub.start_on} 发布，次日起算 {pub.min_working_days} 个工作日（法定节假日与调休依国务院安排）："
            f"最后一个工作日 {pub.last_working_day}，当日 24:00 期满"
        )
        sh.day("2025-07-02")
        b = PLAN["B-1"]
        self.say(
            f"-- 收到对 B-1（{b.firm.name}）的实名来信：追溯系统合同中 6 万元为集团总部 ERP 模块授权"
            "（账本只记录来信人身份的加盐哈希）"
        )
        self.cmd(
            "city publicity receive-objection",
            PUBLICITY,
            "YY-2025-01",
            by="miit-zhang",
            subject_id="B-1",
            channel="信函",
            content_sha256=self.file(
                "objection-1.txt", "异议书：B-1 合同中 6 万元为集团总部 ERP 模块授权，非本企业改造投入"
            ),
            objector_commitment=sha_text("salt:7f3a91:来信人身份"),
            received_on=sh.today,
            command_id="gs-objection-1",
        )
        sh.day("2025-07-04")
        self.say(
            f"-- 核查属实，异议成立：核减投入 6 万元，按 54 万元 × 60% 调减为 {amount(LOWERED_B1)}"
            "（调减不重新起算公示期；调增才须重新公示）"
        )
        self.cmd(
            "city publicity resolve-objection",
            PUBLICITY,
            "YY-2025-01",
            by="miit-chen",
            outcome="upheld",
            reasons=(
                "经核查，合同 L1 行中 6 万元为集团总部 ERP 模块授权，不属于本企业改造投入；"
                "按核减后投入 54 万元 × 60% 调减"
            ),
            investigation_sha256=self.file("objection-1-investigation.txt", "异议核查报告 YY-2025-01：反映属实"),
            action="change_amount",
            new_amount_fen=LOWERED_B1,
            command_id="gs-objection-1-upheld",
        )
        pub = self.get(Publicity, publicity_stream(PUBLICITY))
        self.say(f"   公示名单上 B-1 的金额现为 {amount(pub.entries['B-1'])}")
        sh.day("2025-07-07")
        self.say("-- 周一：公示期已满，异议均已办结，公示结束")
        self.cmd("city publicity complete", PUBLICITY, by="miit-zhang", command_id="gs-complete")
        self.keep_evidence("公示名单、异议书及核查报告存入证据库")

    # -- 11. approval ------------------------------------------------------------------------------------------
    def approval(self) -> None:
        from domain.publicity.aggregate import Publicity
        from domain.publicity.aggregate import publicity_stream

        self.section("11. 报市政府审定", "the 市政府 decision")
        sh = self.sh
        sh.day("2025-07-08")
        pub = self.get(Publicity, publicity_stream(PUBLICITY))
        items = {p.pid: int(pub.entries[p.pid]) for p in PLANS}
        self.say("-- 市工信局按公示通过的金额报市政府：")
        for pid, fen in items.items():
            self.say(f"   {pid} {PLAN[pid].firm.name}：{amount(fen)}")
        self.say(f"   合计 {amount(sum(items.values()))}")
        approved = self.json_arg("approval-items", [{"project_id": k, "amount_fen": v} for k, v in items.items()])
        self.cmd(
            "city approval request",
            APPROVAL,
            by="miit-zhang",
            batch_id=BATCH,
            publicity_id=PUBLICITY,
            request_doc_no="哈工信呈〔2025〕41号",
            items=approved,
            command_id="sp-request",
        )
        sh.day("2025-07-15")
        self.say("-- 市政府办公厅经办人录入审定结果：全部按报送金额批准")
        self.cmd(
            "city approval record-decision",
            APPROVAL,
            by="clerk-wang",
            decision_doc_no="哈政批〔2025〕57号",
            decided_on=sh.today,
            approved=approved,
            command_id="sp-decision",
            sha256=self.file(
                "approval-decision.txt", "哈政批〔2025〕57号 关于2025年第一批中小企业数字化改造补助的批复"
            ),
        )
        self.keep_evidence("市政府批复存入证据库")

    # -- 12. payments ------------------------------------------------------------------------------------------
    def payments(self) -> None:
        from domain.payment.aggregate import PaymentSchedule
        from domain.payment.aggregate import payment_schedule_stream
        from fundtrail.demo_performance import monitoring
        from fundtrail.demo_performance import targets

        targets(self)
        self.section("12. 拨付：拨付计划、第一批、试点验收与资金到位、第二批", "payment: schedule and both tranches")
        sh = self.sh
        sh.day("2025-07-21")
        self.say("-- 市财政局按市政府批复编制拨付计划：第一批不低于 70%（向上取整到分），余额为第二批")
        for p in PLANS:
            self.cmd(
                "city payment schedule",
                p.pid,
                by="fin-li",
                fast=True,
                approval_id=APPROVAL,
                command_id=f"{p.pid}-schedule",
            )
        tranches: dict[str, list[int]] = {}
        for p in PLANS:
            s = self.get(PaymentSchedule, payment_schedule_stream(p.pid))
            tranches[p.pid] = [int(t["amount_fen"]) for t in s.tranches]
            first, second = tranches[p.pid]
            self.say(f"   {p.pid} 批准 {amount(s.approved_fen)}：第一批 {amount(first)}，第二批 {amount(second)}")
        self.say("-- 支付前复核企业资格：市工信局当日核查信用；市财政局下达第一批支付指令")
        for f in FIRMS:
            self.credit_check(f, "miit-chen", "pay-1")
        for p in PLANS:
            self.order(p, 1, tranches[p.pid][0], fast=True)
        sh.day("2025-07-23")
        self.say("-- 区县财政登记银行到账")
        for p in PLANS:
            self.settle(p, 1, fast=True)
        sh.day("2025-09-15")
        self.say("-- 九月：城市试点尚未通过验收，第二批拨付被拒绝（第十一条）")
        self.order(PLAN["C-1"], 2, tranches["C-1"][1], fast=False, refused="FT-PAY-GATE", cid="C-1-t2-early")
        sh.day("2025-10-20")
        self.say("-- 十月：工业和信息化部、财政部验收通过城市试点；中央资金余额 1 亿元到位")
        self.cmd(
            "city programme record-pilot-acceptance",
            PROGRAMME,
            "passed",
            by="miit-zhang",
            doc_no="工信厅联企业函〔2025〕188号",
            decided_on=sh.today,
            command_id="prg-pilot-accepted",
        )
        self.cmd(
            "city programme record-funds-received",
            PROGRAMME,
            by="fin-li",
            fast=True,
            amount_fen=10_000 * WAN,
            treasury_ref="GK-2025-0131",
            received_on=sh.today,
            command_id="prg-funds-2",
        )
        sh.day("2025-10-27")
        self.say("-- 第二批：上次信用核查只覆盖到 7 月 21 日，支付前复核不通过，支付指令被拒绝")
        self.order(PLAN["A-1"], 2, tranches["A-1"][1], fast=False, refused="FT-PAY-ELIGIBLE", cid="A-1-t2-stale")
        self.say("-- 市工信局当日重新核查信用，市财政局再下达第二批")
        for f in FIRMS:
            self.credit_check(f, "miit-chen", "pay-2")
        for p in PLANS:
            self.order(p, 2, tranches[p.pid][1], fast=p.pid != "C-1")
        sh.day("2025-10-29")
        for p in PLANS:
            self.settle(p, 2, fast=p.pid != "C-1")
        for p in PLANS:
            s = self.get(PaymentSchedule, payment_schedule_stream(p.pid))
            self.say(f"   {p.pid} 已拨付到账 {amount(s.settled_fen)}（批准 {amount(s.approved_fen)}）")
        monitoring(self)

    def order(self, p: Plan, tranche: int, fen: int, *, fast: bool, refused: str | None = None, cid: str = "") -> None:
        self.cmd(
            "city payment order",
            f"ZF-2025-{cid or f'{p.pid}-{tranche}'}",
            by="fin-li",
            fast=fast,
            refused=refused,
            project_id=p.pid,
            tranche=tranche,
            amount_fen=fen,
            payee_account_hash=p.firm.account_hash,
            command_id=cid or f"{p.pid}-t{tranche}-order",
        )

    def settle(self, p: Plan, tranche: int, *, fast: bool) -> None:
        day = self.sh.today
        out = self.cmd(
            "city payment settle",
            f"ZF-2025-{p.pid}-{tranche}",
            by="dfin-zhou",
            fast=fast,
            bank_serial=f"GK-ZF-{day.replace('-', '')}-{p.pid}-{tranche}",
            value_date=day,
            command_id=f"{p.pid}-t{tranche}-settle",
        )
        self.settled[p.pid, tranche] = int(out.split("seq ")[1].split("–")[0])

    # -- 13. clawback ------------------------------------------------------------------------------------------
    def clawback(self) -> None:
        from domain.clawback.aggregate import ClawbackCase
        from domain.clawback.aggregate import clawback_case_stream

        self.section("13. 追回：督察立案、调查、处理决定、部分退回", "clawback with a partial repayment")
        sh = self.sh
        a = PLAN["A-1"]
        sh.day("2025-11-05")
        self.say(f"-- 督察联合工作组抽查 A-1（{a.firm.name}），以第十七条（三）“未按照资金支出范围使用”立案")
        record = self.file("A-1-inspection.txt", "督察记录：A-1 MES 软件 18 万元中 10 万元为所属贸易公司进销存模块")
        self.cmd(
            "city clawback open",
            CASE,
            by="inspector-sun",
            project_id="A-1",
            ground=["C3"],
            source="inspection",
            evidence=[self.sha_of(record)],
            command_id="zh-open",
            summary="抽查发现 MES 软件 18 万元中 10 万元用于企业所属贸易公司的进销存模块，未用于本项目改造",
        )
        sh.day("2025-11-12")
        self.cmd(
            "city clawback investigate",
            CASE,
            by="inspector-sun",
            fast=True,
            findings_sha256=self.file("A-1-findings.txt", "调查报告：A-1 可计改造投入 15 万元"),
            summary="核实：可计改造投入 15 万元（原核定 25 万元）",
            investigated_on=sh.today,
            command_id="zh-investigate",
        )
        sh.day("2025-11-20")
        self.say("-- 市工信局（非立案人）决定：按 15 万元重新核定投入、予以通报，并追回多拨的资金")
        self.cmd(
            "city clawback decide",
            CASE,
            by="miit-zhang",
            outcome="recover",
            verified_investment_fen=15 * WAN,
            sanctions=self.json_arg("clawback-sanctions", [{"kind": "notice"}, {"kind": "recover"}]),
            decision_doc_no="哈工信处〔2025〕9号",
            decided_on=sh.today,
            sha256=self.file("A-1-decision.txt", "哈工信处〔2025〕9号 处理决定"),
            command_id="zh-decide",
        )
        case = self.get(ClawbackCase, clawback_case_stream(CASE))
        self.say(f"   重新核定后应得 15 万 × 70%，已拨 {amount(a.proposed_fen)}：应追回 {amount(case.demanded_fen)}")
        sh.day("2025-12-01")
        self.say("-- 企业先退回 3 万元，区县财政登记到账")
        self.cmd(
            "city clawback repayment",
            CASE,
            by="dfin-zhou",
            amount_fen=3 * WAN,
            bank_serial="GK-TH-20251201-0001",
            value_date=sh.today,
            command_id="zh-repay-1",
        )
        case = self.get(ClawbackCase, clawback_case_stream(CASE))
        self.say(
            f"   应追回 {amount(case.demanded_fen)}，已退回 {amount(case.received_fen)}，"
            f"尚欠 {amount(case.outstanding_fen)}（案件状态 {case.status}）"
        )
        self.keep_evidence("信用查询快照、督察记录、调查报告、处理决定存入证据库")
        from fundtrail.demo_performance import evaluation

        evaluation(self)

    # -- 14. summary -------------------------------------------------------------------------------------------
    def summary(self) -> None:
        from domain.clawback.aggregate import ClawbackCase
        from domain.clawback.aggregate import clawback_case_stream
        from domain.payment.aggregate import PaymentSchedule
        from domain.payment.aggregate import payment_schedule_stream
        from domain.project import Project
        from domain.project import project_stream

        self.section("14. 结果一览（从账本读出，单位：元）", "the batch as the ledger records it (yuan)")
        case = self.get(ClawbackCase, clawback_case_stream(CASE))
        columns = ("核定投入", "补助上限", "拟补助", "批准", "已拨付", "应追回/已退回")
        self.say(
            pad("项目", 6) + "".join(pad(c, 16, right=True) for c in columns[:-1]) + pad(columns[-1], 22, right=True)
        )
        approved = paid = 0
        for p in PLANS:
            prj = self.get(Project, project_stream(p.pid))
            sched = self.get(PaymentSchedule, payment_schedule_stream(p.pid))
            back = f"{yuan(case.demanded_fen)}/{yuan(case.received_fen)}" if case.project_id == p.pid else "—"
            cells = (
                prj.verified_investment_fen,
                prj.ceiling_fen,
                prj.proposed_fen,
                prj.approved_fen,
                sched.settled_fen,
            )
            self.say(
                pad(p.pid, 6) + "".join(pad(yuan(c or 0), 16, right=True) for c in cells) + pad(back, 22, right=True)
            )
            approved += prj.approved_fen or 0
            paid += sched.settled_fen
        self.say(
            f"批准合计 {amount(approved)}；拨付合计 {amount(paid)}；已退回 {amount(case.received_fen)}；"
            f"净拨付 {amount(paid - case.received_fen)}；尚待追回 {amount(case.outstanding_fen)}"
        )
        self.part_two_summary()
        self.say("-- A-1 追回之后的说明（英文） the explanation of A-1 after the clawback, in English")
        self.sh.run("fundtrail", "--lang", "en", "city", "explain", "A-1", clock=False)

    def part_two_summary(self) -> None:
        """Awards, the procured training and the performance of D-1, read back from the ledger (yuan)."""
        from fundtrail.demo_awards import award_rows
        from fundtrail.demo_performance import performance_lines
        from fundtrail.demo_procurement import training_summary

        self.say("-- 以奖代补、政府采购与绩效管理 awards, procurement and performance")
        self.say(pad("奖补", 12) + "".join(pad(c, 16, right=True) for c in ("上限", "拟定", "批准", "已拨付")))
        for row in award_rows(self):
            self.say(row)
        self.say(training_summary(self))
        for line in performance_lines(self):
            self.say(line)
