"""Givens of the provincial benchmark award (黑工信企业联规〔2024〕19号), for the in-memory World and the
LedgerWorld alike (both have ``actor``, ``when``, ``refused`` and a settable ``now``).

The year 2025: 省工信厅 publishes the call on 04-01 (deadline 04-30, quota 2, two technical and one
financial criterion, two reviewers per application); four enterprises apply — A plain (50万), B a national
小巨人 that is also a 单项冠军 (100万, never 200万), C plain, D plain; two experts and a third party declare
their interests (expert-2 is a shareholder of C); the reviews run in May, 复核 follows, the list is
proposed on 05-20, published 05-21 for 5 working days, reviewed by the 党组会 on 05-29, requested jointly
(省工信厅 proposes, 省财政厅 countersigns), approved by 省政府 on 06-10 and disbursed on 06-16 to the
city finance bureaus, who pass it on.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import Any
from typing import Protocol
from zoneinfo import ZoneInfo

from domain.kernel.digest import digest
from domain.roles import Role
from tests.domain import test_project_given as given

WAN = given.WAN
sha = given.sha
uscc = given.uscc
account_hash = given.account_hash
SH = ZoneInfo("Asia/Shanghai")
PROGRAMME = "HLJ-BENCHMARK"
CALL = "HLJ-2025"
ENT_A = uscc("91230103MA5000001")
ENT_B = uscc("91230103MA5000002")
ENT_C = uscc("91230103MA5000003")
ENT_D = uscc("91230103MA5000004")
EXPERT_ORG = uscc("91230100MA6000001")
TP_ORG = uscc("91230100MA6000002")
HRB_FIN = "HRB-FIN-CITY"  # 哈尔滨市财政局 as the provincial award's pass-through
QQHR_FIN = "QQHR-FIN"  # 齐齐哈尔市财政局
PUBLICITY = "HLJ-PUB-2025"
APPROVAL = "HLJ-APR-2025"
INDICATORS = "HLJ-IND-2025"
CRITERIA = [
    {"code": "T1", "name": "数字化设计与生产管控", "kind": "technical", "max_points": 4000},
    {"code": "T2", "name": "示范带动作用", "kind": "technical", "max_points": 3000},
    {"code": "F1", "name": "财务状况与投入真实性", "kind": "financial", "max_points": 3000},
]
APPS = {"A": ENT_A, "B": ENT_B, "C": ENT_C, "D": ENT_D}


class AnyWorld(Protocol):
    now: datetime

    def actor(self, actor_id: str, *roles: Role, org_code: str = ..., org_kind: str = ...) -> Any: ...
    def when(self, actor_id: str, command: str, args: dict[str, Any], *, at: datetime | None = ...) -> Any: ...


def beijing(y: int, m: int, d: int, h: int = 10, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=SH).astimezone(UTC)


def at(w: AnyWorld, when: datetime) -> None:
    """Move the ledger clock to ``when``, never back (the ledger refuses a clock that goes back, FT-CLOCK)."""
    w.now = max(w.now, when)


def actors(w: AnyWorld) -> None:
    w.actor("prov-miit", Role.PROV_MIIT, org_code="HLJ-MIIT", org_kind="prov_miit")
    w.actor("prov-miit-2", Role.PROV_MIIT, org_code="HLJ-MIIT", org_kind="prov_miit")
    w.actor("prov-fin", Role.PROV_FINANCE, org_code="HLJ-FIN", org_kind="prov_finance")
    w.actor("party-clerk", Role.PROV_PARTY_GROUP_CLERK, org_code="HLJ-MIIT-DZ", org_kind="prov_miit")
    w.actor("gov-clerk", Role.PROV_GOV_CLERK, org_code="HLJ-GOV", org_kind="prov_gov")
    w.actor("hrb-fin", Role.COUNTY_FINANCE, org_code=HRB_FIN, org_kind="county_finance")
    w.actor("qqhr-fin", Role.COUNTY_FINANCE, org_code=QQHR_FIN, org_kind="county_finance")
    w.actor("hrb-miit-c", Role.COUNTY_MIIT, org_code="HRB-MIIT-C", org_kind="county_miit")
    w.actor("expert-1", Role.EXPERT_REVIEWER, org_code=EXPERT_ORG, org_kind="expert_panel")
    w.actor("expert-2", Role.EXPERT_REVIEWER, org_code=EXPERT_ORG, org_kind="expert_panel")
    w.actor("tp-1", Role.THIRD_PARTY, org_code=TP_ORG, org_kind="third_party")
    for key, code in APPS.items():
        w.actor(f"ent-{key.lower()}", Role.APPLICANT, org_code=code, org_kind="enterprise")


def call_args(**over: Any) -> dict[str, Any]:
    return {
        "call_id": CALL,
        "programme_id": PROGRAMME,
        "year": 2025,
        "notice_doc_no": "黑工信企业函〔2025〕18号",
        "notice_sha256": sha("call:2025"),
        "published_on": "2025-04-01",
        "deadline": "2025-04-30",
        "quota": 2,
        "criteria": CRITERIA,
        "reviewers_per_application": 2,
        "forward_sla_working_days": 10,
        **over,
    }


def publish_call(w: AnyWorld, **over: Any) -> None:
    at(w, beijing(2025, 4, 1))
    w.when("prov-miit", "province.publish_call", call_args(**over))


def status(kind: str) -> dict[str, Any]:
    title = "第五批专精特新“小巨人”企业名单" if kind == "little_giant" else "第八批制造业单项冠军企业名单"
    return {
        "kind": kind,
        "list_title": title,
        "list_batch": "第五批" if kind == "little_giant" else "第八批",
        "list_year": 2024,
        "published_on": "2024-08-01",
        "sha256": sha(f"list:{kind}"),
    }


def apply_args(key: str, **over: Any) -> dict[str, Any]:
    code = APPS[key]
    national = [status("little_giant"), status("single_champion")] if key == "B" else []
    return {
        "application_id": f"HLJ-2025-{key}",
        "call_id": CALL,
        "uscc": code,
        "name": f"黑龙江{key}智能制造有限公司",
        "city": "齐齐哈尔市" if key == "D" else "哈尔滨市",
        "county": "建华区" if key == "D" else "南岗区",
        "national_status": national,
        "form_sha256": sha(f"form:{key}"),
        "materials": [] if key == "B" else [sha(f"material:{key}:1"), sha(f"material:{key}:2")],
        "parties": {
            "providers": [given.PROVIDER],
            "shareholders": [uscc("91230103MA7000009")] if key == "C" else [],
            "legal_representative": sha(f"person:{key}"),
        },
        "invoices": [{"kind": "digital", "number": f"2523200000000000{ord(key):04d}"}],
        "vouchers": [],
        "payee_account_hash": account_hash(code),
        **over,
    }


def apply(w: AnyWorld, key: str, **over: Any) -> None:
    at(w, beijing(2025, 4, 10 + ord(key) - ord("A")))  # A applies first: the tie-break's second key
    w.when(f"ent-{key.lower()}", "province.apply", apply_args(key, **over))


def declare(w: AnyWorld, reviewer: str, related: list[dict[str, str]] | None = None) -> None:
    at(w, beijing(2025, 5, 6))
    w.when(reviewer, "province.declare_interests", {"call_id": CALL, "related": related or [], "sha256": sha(reviewer)})


def assign(w: AnyWorld, key: str, reviewer: str, kind: str = "expert") -> None:
    at(w, beijing(2025, 5, 7))
    w.when(
        "prov-miit",
        "province.assign_reviewer",
        {"application_id": f"HLJ-2025-{key}", "reviewer": reviewer, "kind": kind},
    )


def review(w: AnyWorld, key: str, reviewer: str, points: dict[str, int]) -> None:
    """The reviewer opens the form and scores every criterion."""
    at(w, beijing(2025, 5, 12))
    aid = f"HLJ-2025-{key}"
    w.when(
        reviewer, "province.open_material", {"application_id": aid, "sha256": sha(f"form:{key}"), "purpose": "技术审核"}
    )
    for code, value in points.items():
        w.when(reviewer, "province.score", {"application_id": aid, "criterion": code, "points": value})


def recheck(w: AnyWorld, key: str, corrections: list[dict[str, Any]] | None = None) -> None:
    at(w, beijing(2025, 5, 16))
    w.when(
        "prov-miit-2",
        "province.recheck",
        {
            "application_id": f"HLJ-2025-{key}",
            "outcome": "corrected" if corrections else "confirmed",
            "corrections": corrections or [],
            "reasons": "复核评分与材料一致" if not corrections else "复核更正",
            "sha256": sha(f"recheck:{key}"),
        },
    )


# A and B tie on 8,000 points; B's financial score is higher, so B ranks first; C is third (off the quota).
SCORES = {
    "A": ({"T1": 3500, "T2": 2500, "F1": 2000}, {"T1": 3500, "T2": 2500, "F1": 2000}),
    "B": ({"T1": 3000, "T2": 2500, "F1": 2500}, {"T1": 3000, "T2": 2500, "F1": 2500}),
    "C": ({"T1": 3000, "T2": 2000, "F1": 2000}, {"T1": 3000, "T2": 2000, "F1": 2000}),
}


def reviewed(w: AnyWorld, keys: tuple[str, ...] = ("A", "B", "C")) -> None:
    """Declarations, assignments (expert-1 and tp-1 on every application), scores and 复核."""
    declare(w, "expert-1")
    declare(w, "expert-2", [{"party": uscc("91230103MA7000009"), "relation": "shareholder"}])
    declare(w, "tp-1")
    for key in keys:
        assign(w, key, "expert-1")
        assign(w, key, "tp-1", "third_party")
    for key in keys:
        first, second = SCORES[key]
        review(w, key, "expert-1", first)
        review(w, key, "tp-1", second)
    for key in keys:
        recheck(w, key)


def propose(w: AnyWorld) -> None:
    at(w, beijing(2025, 5, 20))
    w.when("prov-miit", "province.propose_list", {"call_id": CALL, "doc_no": "黑工信企业函〔2025〕40号"})


def publicise(w: AnyWorld, entries: list[tuple[str, int]]) -> None:
    at(w, beijing(2025, 5, 21))
    w.when(
        "prov-miit",
        "publicity.start",
        {
            "publicity_id": PUBLICITY,
            "batch_id": CALL,
            "list_kind": "benchmark_award",
            "entries": [{"subject_id": f"HLJ-2025-{k}", "amount_fen": a} for k, a in entries],
            "channel_url": "https://gxt.hlj.gov.cn/gsgg/2025-benchmark",
            "content_sha256": sha("list:2025"),
            "start_on": "2025-05-21",
        },
    )


def party_review(w: AnyWorld, approved: list[str], not_approved: list[str] | None = None) -> None:
    at(w, beijing(2025, 5, 29))
    w.when(
        "party-clerk",
        "province.record_party_review",
        {
            "approval_id": APPROVAL,
            "call_id": CALL,
            "publicity_id": PUBLICITY,
            "meeting_date": "2025-05-29",
            "minutes_ref": "省工信厅党组会2025年第12次会议纪要",
            "sha256": sha("minutes:12"),
            "approved": [f"HLJ-2025-{k}" for k in approved],
            "not_approved": [{"application_id": f"HLJ-2025-{k}", "reason": "未通过"} for k in not_approved or []],
        },
    )


def request_args(items: list[tuple[str, int]]) -> dict[str, Any]:
    return {
        "approval_id": APPROVAL,
        "request_doc_no": "黑工信呈〔2025〕7号",
        "sha256": sha("request:2025"),
        "items": [{"application_id": f"HLJ-2025-{k}", "amount_fen": a} for k, a in items],
    }


def request(w: AnyWorld, items: list[tuple[str, int]]) -> None:
    at(w, beijing(2025, 6, 3))
    args = request_args(items)
    w.when("prov-miit", "province.request_disbursement", args)
    w.when(
        "prov-fin",
        "province.countersign_request_disbursement",
        {"key": APPROVAL, "args_sha256": digest(args)},
    )


def reply(w: AnyWorld, approved: list[tuple[str, int]]) -> None:
    at(w, beijing(2025, 6, 10))
    w.when(
        "gov-clerk",
        "province.record_reply",
        {
            "approval_id": APPROVAL,
            "reply_doc_no": "黑政函〔2025〕55号",
            "decided_on": "2025-06-10",
            "sha256": sha("reply:2025"),
            "approved": [{"application_id": f"HLJ-2025-{k}", "amount_fen": a} for k, a in approved],
        },
    )


TARGETS = [
    {
        "id": "DL",
        "family": "outcome",
        "sub_kind": "sustainable",
        "metric": "数字化水平评测提升等级",
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


def indicators(w: AnyWorld) -> None:
    """第四条（四）, 第七条: 省工信厅 sets the year's targets (scope provincial_award) and another officer approves them."""
    at(w, beijing(2025, 6, 12))
    w.when(
        "prov-miit",
        "performance.propose_targets",
        {
            "set_id": INDICATORS,
            "programme_id": PROGRAMME,
            "scope": "provincial_award",
            "scope_ref": CALL,
            "indicators": TARGETS,
        },
    )
    w.when("prov-miit-2", "performance.approve_targets", {"set_id": INDICATORS, "decided_on": "2025-06-12"})


def disburse(w: AnyWorld, key: str, leg: str, to_org: str, amount: int) -> None:
    at(w, beijing(2025, 6, 16))
    w.when(
        "prov-fin",
        "province.disburse",
        {
            "leg_id": leg,
            "application_id": f"HLJ-2025-{key}",
            "to_org": to_org,
            "amount_fen": amount,
            "doc_no": "黑财指〔2025〕101号",
            "disbursed_on": "2025-06-16",
            "target_set_id": INDICATORS,
            "bank_serial": f"HLJFIN{leg}",
        },
    )


def forward(w: AnyWorld, actor: str, key: str, leg: str, amount: int, day: tuple[int, int, int]) -> None:
    at(w, beijing(*day))
    w.when(
        actor,
        "province.forward",
        {
            "application_id": f"HLJ-2025-{key}",
            "leg_id": leg,
            "amount_fen": amount,
            "settled_on": f"{day[0]}-{day[1]:02d}-{day[2]:02d}",
            "bank_serial": f"FWD{leg}{day[2]}",
            "payee_account_hash": account_hash(APPS[key]),
        },
    )


def year(w: AnyWorld) -> None:
    """The whole 2025 cycle for A (50万, via Harbin) and B (100万, via Harbin): C is third, off the quota."""
    actors(w)
    publish_call(w)
    for key in ("A", "B", "C"):
        apply(w, key)
    reviewed(w)
    propose(w)
    publicise(w, [("B", 100 * WAN), ("A", 50 * WAN)])
    party_review(w, ["A", "B"])
    request(w, [("A", 50 * WAN), ("B", 100 * WAN)])
    reply(w, [("A", 50 * WAN), ("B", 100 * WAN)])
    indicators(w)
    disburse(w, "A", "LEG-A", HRB_FIN, 50 * WAN)
    disburse(w, "B", "LEG-B", HRB_FIN, 100 * WAN)
    forward(w, "hrb-fin", "A", "LEG-A", 50 * WAN, (2025, 6, 20))
