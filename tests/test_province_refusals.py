"""Every provincial-award command (黑工信企业联规〔2024〕19号) refused through the real ledger, on SQLite and PostgreSQL.

One world per backend (module scope): the Harbin city programme with a project P-1 whose invoice and bank
voucher are claimed (tests/test_lifecycle.py ``harbin``), and the provincial award with applications standing
in every state the table needs:

- HLJ-2025 (quota 3, two reviewers, criteria T1 T2 F1): A, B (小巨人 and 单项冠军, 100万), D listed, published,
  reviewed by the 党组会, requested (co-signed), approved by 省政府 and disbursed — A fully, then forwarded and
  cancelled for fraud (FRAUD-A, 20万 of 50万 recovered); B half (LEG-B1, held by 哈尔滨市财政局); D fully
  (LEG-D, held by 齐齐哈尔市财政局), then cancelled (FRAUD-D, the leg frozen). C ranked off the quota.
- HLJ-2025S (one reviewer, T1 F1), proposed by ``miit-clerk`` (省工信厅 who also clerks the 党组会): S1 … S10 on
  their own publicities — S1 party-approved; S2 (an objection on it dismissed) and S3
  (cancelled after the 党组会) party-approved together; S4 and S5 requested, pending countersignature (S5
  cancelled since); S6 requested by ``miit-gov`` (省工信厅 who also clerks for 省政府), countersigned; S7
  requested, countersigned, cancelled since; S8 and S9 on one publicity with an objection on S9 still open;
  S10 proposed, on no publicity.
- Closed calls that cannot be listed for one reason each: HLJ-EMPTY (no application), HLJ-NR (scored, not
  re-checked), HLJ-NS (re-checked, then a reviewer assigned who has not scored), HLJ-X (its application
  cancelled for fraud); HLJ-R, ready to be listed.
- HLJ-2026, open at the world's time (2026-04-10): B again (flagged, ineligible: once per enterprise), E
  (expert-1 opened and scored T1, tp-1 assigned, expert-3 recused), F (reviewed by expert-1 and tp-1),
  G (reviewed by ``prov-miit-expert``, 省工信厅 who also holds the expert role, alone; related to expert-2).

Then a table of refusals runs against it: for each command, every BLOCK or GATE rule it declares where
the world reaches it (NOT_REACHED gives the reason where it cannot), and bad input (malformed ids, money as
a float, a string, a negative number or a bool, unknown fields, unknown ids, the wrong role, a forged
signature). Each case asserts the typed error (rule id and field) and that the chain head is unchanged.
FT-DATE is left out, as in tests/test_domain_refusals.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

import pytest

from domain.catalogue import CATALOGUE
from domain.kernel.digest import digest
from domain.province.application import BenchmarkApplication
from domain.province.application import application_stream
from domain.province.call import AnnualCall
from domain.province.call import ProvincialEnterprise
from domain.province.call import call_stream
from domain.province.call import provincial_enterprise_stream
from domain.province.decision import ProvincialApproval
from domain.province.decision import provincial_approval_stream
from domain.province.money import Disbursement
from domain.province.money import FraudCase
from domain.province.money import disbursement_stream
from domain.province.money import fraud_case_stream
from domain.province.review import ReviewFile
from domain.province.review import review_file_stream
from domain.publicity.aggregate import Publicity
from domain.publicity.aggregate import publicity_stream
from domain.roles import Role
from tests.domain import province_given as g
from tests.domain import test_project_given as city
from tests.domain_setup import given_world
from tests.refusal_table import Built
from tests.refusal_table import Case
from tests.refusal_table import Table
from tests.refusal_table import assert_refused
from tests.refusal_table import assert_verifies
from tests.refusal_table import backends
from tests.refusal_table import without
from tests.refusal_table import wrong_office
from tests.test_lifecycle import harbin

if TYPE_CHECKING:
    from tests.domain.province_given import AnyWorld
    from tests.ledger_world import LedgerWorld

WAN = g.WAN
sha = g.sha
beijing = g.beijing
uscc = g.uscc
S = "HLJ-2025S"
Y26 = "HLJ-2026"
TODAY = "2026-04-10"  # the world's local date once built
NOW = beijing(2026, 4, 10)
SMALL = [  # the one-reviewer calls: one technical, one financial criterion
    {"code": "T1", "name": "数字化水平", "kind": "technical", "max_points": 6000},
    {"code": "F1", "name": "财务状况", "kind": "financial", "max_points": 4000},
]
ENT = {key: uscc(f"91230103MA51000{i:02d}") for i, key in enumerate(["E", "F", "G", "R", "X"], start=1)}
ENT |= {f"S{i}": uscc(f"91230103MA52000{i:02d}") for i in range(1, 11)}
RELATED = uscc("91230103MA7000009")  # expert-2 declared a shareholding in it
VOUCHER_D = {"bank": "中国建设银行黑龙江省分行", "serial_no": "VD-2025-0001"}
CITY_LINES = [("L1", "software", 20 * WAN)]
CITY_INVOICE = {"kind": "digital", "number": city.digital_number("invoice:P-1")}
CITY_VOUCHER = {"bank": "中国工商银行哈尔滨分行", "serial_no": "SNP-1"}
REFERRAL = {"authority": "省纪委监委驻厅纪检监察组", "ref": "移送〔2025〕3号"}


# -- the world ----------------------------------------------------------------------------------------


def gw(w: LedgerWorld) -> AnyWorld:
    return given_world(w)


def at(w: LedgerWorld, *day: int) -> None:
    w.now = beijing(*day)


def publish(w: LedgerWorld, call_id: str, *, small: bool = True, actor: str = "prov-miit", **over: Any) -> None:
    args = g.call_args(call_id=call_id, notice_sha256=sha(f"call:{call_id}"), **over)
    if small:
        args |= {"criteria": SMALL, "reviewers_per_application": 1, "quota": 10}
    w.when(actor, "province.publish_call", args)


def apply_args(aid: str, call_id: str, code: str, *, shareholders: tuple[str, ...] = (), **over: Any) -> dict[str, Any]:
    return {
        "application_id": aid,
        "call_id": call_id,
        "uscc": code,
        "name": f"黑龙江{code[-5:]}科技有限公司",
        "city": "哈尔滨市",
        "county": "南岗区",
        "national_status": [],
        "form_sha256": sha(f"form:{aid}"),
        "materials": [sha(f"material:{aid}:1"), sha(f"material:{aid}:2")],
        "parties": {
            "providers": [city.PROVIDER],
            "shareholders": list(shareholders),
            "legal_representative": sha(f"person:{code}"),
        },
        "invoices": [],
        "vouchers": [],
        "payee_account_hash": g.account_hash(code),
        **over,
    }


def apply(w: LedgerWorld, actor: str, aid: str, call_id: str, code: str, **over: Any) -> None:
    w.when(actor, "province.apply", apply_args(aid, call_id, code, **over))


def declare(w: LedgerWorld, reviewer: str, call_id: str, related: list[dict[str, str]] | None = None) -> None:
    args = {"call_id": call_id, "related": related or [], "sha256": sha(f"{reviewer}:{call_id}")}
    w.when(reviewer, "province.declare_interests", args)


def assign(w: LedgerWorld, aid: str, reviewer: str, kind: str = "expert") -> None:
    w.when("prov-miit", "province.assign_reviewer", {"application_id": aid, "reviewer": reviewer, "kind": kind})


def review(w: LedgerWorld, aid: str, reviewer: str, points: dict[str, int], form: str | None = None) -> None:
    opened = {"application_id": aid, "sha256": form or sha(f"form:{aid}"), "purpose": "技术审核"}
    w.when(reviewer, "province.open_material", opened)
    for code, value in points.items():
        w.when(reviewer, "province.score", {"application_id": aid, "criterion": code, "points": value})


def recheck(w: LedgerWorld, aid: str) -> None:
    args = {
        "application_id": aid,
        "outcome": "confirmed",
        "corrections": [],
        "reasons": "复核评分与材料一致",
        "sha256": sha(f"recheck:{aid}"),
    }
    w.when("prov-miit-2", "province.recheck", args)


def publicise(w: LedgerWorld, publicity_id: str, call_id: str, entries: list[tuple[str, int]]) -> None:
    w.when("prov-miit", "publicity.start", start_args(publicity_id, call_id, entries, "2025-05-21"))


def start_args(publicity_id: str, call_id: str, entries: list[tuple[str, int]], day: str) -> dict[str, Any]:
    return {
        "publicity_id": publicity_id,
        "batch_id": call_id,
        "list_kind": "benchmark_award",
        "entries": [{"subject_id": s, "amount_fen": a} for s, a in entries],
        "channel_url": "https://gxt.hlj.gov.cn/gsgg/2025-benchmark",
        "content_sha256": sha(f"list:{publicity_id}"),
        "start_on": day,
    }


def objection_args(publicity_id: str, objection_id: str, subject: str, **over: Any) -> dict[str, Any]:
    return {
        "publicity_id": publicity_id,
        "objection_id": objection_id,
        "subject_id": subject,
        "channel": "省工信厅网站",
        "content_sha256": sha(f"objection:{objection_id}"),
        "objector_commitment": sha(f"objector:{objection_id}"),
        "received_on": "2025-05-23",
        **over,
    }


def party_args(
    approval_id: str, call_id: str, publicity_id: str, approved: list[str], not_approved: list[str] | None = None
) -> dict[str, Any]:
    return {
        "approval_id": approval_id,
        "call_id": call_id,
        "publicity_id": publicity_id,
        "meeting_date": "2025-05-29",
        "minutes_ref": "省工信厅党组会2025年第12次会议纪要",
        "sha256": sha(f"minutes:{approval_id}"),
        "approved": approved,
        "not_approved": [{"application_id": a, "reason": "未通过"} for a in not_approved or []],
    }


def request_args(approval_id: str, items: list[tuple[str, int]]) -> dict[str, Any]:
    return {
        "approval_id": approval_id,
        "request_doc_no": f"黑工信呈〔2025〕{approval_id}",
        "sha256": sha(f"request:{approval_id}"),
        "items": [{"application_id": a, "amount_fen": f} for a, f in items],
    }


def countersign_args(approval_id: str, items: list[tuple[str, int]], **over: Any) -> dict[str, Any]:
    return {"key": approval_id, "args_sha256": digest(request_args(approval_id, items)), **over}


def request(
    w: LedgerWorld, approval_id: str, items: list[tuple[str, int]], *, by: str = "prov-miit", countersign: bool = True
) -> None:
    w.when(by, "province.request_disbursement", request_args(approval_id, items))
    if countersign:
        w.when("prov-fin", "province.countersign_request_disbursement", countersign_args(approval_id, items))


def reply_args(approval_id: str, approved: list[tuple[str, int]], day: str = "2025-06-10") -> dict[str, Any]:
    return {
        "approval_id": approval_id,
        "reply_doc_no": f"黑政函〔2025〕{approval_id}",
        "decided_on": day,
        "sha256": sha(f"reply:{approval_id}"),
        "approved": [{"application_id": a, "amount_fen": f} for a, f in approved],
        "rejected": [],
    }


def fraud_args(case_id: str, aid: str, day: str) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "application_id": aid,
        "evidence": [sha(f"audit:{case_id}")],
        "summary": "申报材料弄虚作假",
        "decided_on": day,
        "referral": REFERRAL,
    }


def disburse_args(
    leg: str, aid: str, to_org: str, amount: int, day: str, indicators: str = g.INDICATORS
) -> dict[str, Any]:
    return {
        "leg_id": leg,
        "application_id": aid,
        "to_org": to_org,
        "amount_fen": amount,
        "doc_no": "黑财指〔2025〕101号",
        "disbursed_on": day,
        "target_set_id": indicators,
        "bank_serial": f"HLJFIN{leg}",
    }


def forward_args(aid: str, leg: str, amount: int, day: str, code: str) -> dict[str, Any]:
    return {
        "application_id": aid,
        "leg_id": leg,
        "amount_fen": amount,
        "settled_on": day,
        "bank_serial": f"FWD{leg}{day}",
        "payee_account_hash": g.account_hash(code),
    }


def recovery_args(case_id: str, debtor: str, amount: int, day: str, serial: str) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "debtor": debtor,
        "amount_fen": amount,
        "receipt_no": f"黑财收〔2025〕{serial}",
        "received_on": day,
        "bank_serial": serial,
    }


def targets(w: LedgerWorld, set_id: str, call_id: str) -> None:
    """The call's performance targets (domain/performance, scope provincial_award), approved by another officer."""
    args = {"set_id": set_id, "programme_id": g.PROGRAMME, "scope": "provincial_award", "scope_ref": call_id}
    w.when("prov-miit", "performance.propose_targets", args | {"indicators": g.TARGETS})
    w.when("prov-miit-2", "performance.approve_targets", {"set_id": set_id, "decided_on": w.now.date().isoformat()})


def actors(w: LedgerWorld) -> None:
    g.actors(gw(w))
    w.actor("prov-miit-expert", Role.PROV_MIIT, Role.EXPERT_REVIEWER, org_code="HLJ-MIIT", org_kind="prov_miit")
    w.actor("miit-clerk", Role.PROV_MIIT, Role.PROV_PARTY_GROUP_CLERK, org_code="HLJ-MIIT", org_kind="prov_miit")
    w.actor("miit-gov", Role.PROV_MIIT, Role.PROV_GOV_CLERK, org_code="HLJ-MIIT", org_kind="prov_miit")
    w.actor("prov-fin-miit", Role.PROV_FINANCE, org_code="HLJ-MIIT", org_kind="prov_finance")  # the proposer's org
    w.actor("expert-3", Role.EXPERT_REVIEWER, org_code=g.EXPERT_ORG, org_kind="expert_panel")
    w.actor("expert-4", Role.EXPERT_REVIEWER, org_code=g.EXPERT_ORG, org_kind="expert_panel")  # never declares
    w.actor("tp-2", Role.THIRD_PARTY, org_code=city.PROVIDER, org_kind="third_party")  # every applicant's provider
    w.actor("nobody")  # registered, holds no role
    for key, code in ENT.items():
        w.actor(f"ent-{key.lower()}", Role.APPLICANT, org_code=code, org_kind="enterprise")


def main_call(w: LedgerWorld) -> None:
    """HLJ-2025: A, B, C, D through 复核 (D first, B and A tied, C off the quota of 3)."""
    g.publish_call(gw(w), quota=3)
    for key in ("A", "B", "C"):
        g.apply(gw(w), key)
    g.apply(gw(w), "D", vouchers=[VOUCHER_D])


def build(url: str) -> LedgerWorld:
    w: LedgerWorld = harbin(url)  # 2025-03-03: the city programme, its batch and enterprise
    city.accepted(given_world(w), "P-1")
    city.evidence(given_world(w), "P-1", CITY_LINES)  # claims CITY_INVOICE and CITY_VOUCHER
    actors(w)
    main_call(w)  # 04-01 … 04-13
    at(w, 2025, 4, 14)
    for call_id in (S, "HLJ-R", "HLJ-EMPTY", "HLJ-NR", "HLJ-NS", "HLJ-X"):
        publish(w, call_id, published_on="2025-04-14", deadline="2025-04-30")
    for i in range(1, 11):
        apply(w, f"ent-s{i}", f"S{i}", S, ENT[f"S{i}"])
    for call_id in ("HLJ-R", "HLJ-NR", "HLJ-NS"):
        apply(w, "ent-r", f"{call_id}-R", call_id, ENT["R"])
    apply(w, "ent-x", "HLJ-X-X", "HLJ-X", ENT["X"])

    at(w, 2025, 5, 6)
    for reviewer in ("expert-1", "tp-1"):
        declare(w, reviewer, g.CALL)
    declare(w, "expert-2", g.CALL, [{"party": RELATED, "relation": "shareholder"}])
    for call_id in (S, "HLJ-R", "HLJ-NR", "HLJ-NS"):
        declare(w, "expert-1", call_id)
    declare(w, "tp-1", "HLJ-NS")
    at(w, 2025, 5, 7)
    for key in "ABCD":
        assign(w, f"HLJ-2025-{key}", "expert-1")
        assign(w, f"HLJ-2025-{key}", "tp-1", "third_party")
    for i in range(1, 11):
        assign(w, f"S{i}", "expert-1")
    for call_id in ("HLJ-R", "HLJ-NR", "HLJ-NS"):
        assign(w, f"{call_id}-R", "expert-1")
    at(w, 2025, 5, 12)
    scores = {**g.SCORES, "D": ({"T1": 3800, "T2": 2800, "F1": 2800},) * 2}
    for key in "ABCD":
        for reviewer, points in zip(("expert-1", "tp-1"), scores[key], strict=True):
            review(w, f"HLJ-2025-{key}", reviewer, points, form=sha(f"form:{key}"))
    for i in range(1, 11):
        review(w, f"S{i}", "expert-1", {"T1": 5000 - 100 * i, "F1": 3000})
    for call_id in ("HLJ-R", "HLJ-NR", "HLJ-NS"):
        review(w, f"{call_id}-R", "expert-1", {"T1": 4000, "F1": 3000})
    at(w, 2025, 5, 16)
    for aid in [f"HLJ-2025-{k}" for k in "ABCD"] + [f"S{i}" for i in range(1, 11)] + ["HLJ-R-R", "HLJ-NS-R"]:
        recheck(w, aid)
    at(w, 2025, 5, 17)
    assign(w, "HLJ-NS-R", "tp-1", "third_party")  # after the 复核: not scored by every active reviewer

    at(w, 2025, 5, 20)
    w.when("prov-miit", "province.propose_list", {"call_id": g.CALL, "doc_no": "黑工信企业函〔2025〕40号"})
    w.when("miit-clerk", "province.propose_list", {"call_id": S, "doc_no": "黑工信企业函〔2025〕41号"})
    at(w, 2025, 5, 21)
    main = [("HLJ-2025-D", 50 * WAN), ("HLJ-2025-B", 100 * WAN), ("HLJ-2025-A", 50 * WAN)]
    publicise(w, g.PUBLICITY, g.CALL, main)
    publicise(w, "PUB-S1", S, [("S1", 50 * WAN)])
    publicise(w, "PUB-S2", S, [("S2", 50 * WAN), ("S3", 50 * WAN)])
    for i in (4, 5, 6, 7):
        publicise(w, f"PUB-S{i}", S, [(f"S{i}", 50 * WAN)])
    publicise(w, "PUB-S89", S, [("S8", 50 * WAN), ("S9", 50 * WAN)])
    at(w, 2025, 5, 23)
    w.when("prov-miit", "publicity.receive_objection", objection_args("PUB-S2", "OBJ-S2", "S2"))
    resolve = {
        "publicity_id": "PUB-S2",
        "objection_id": "OBJ-S2",
        "outcome": "dismissed",
        "reasons": "经核查，异议不成立",
        "investigation_sha256": sha("investigation:S2"),
    }
    w.when("prov-miit", "publicity.resolve_objection", resolve)
    w.when("prov-miit", "publicity.receive_objection", objection_args("PUB-S89", "OBJ-S9", "S9"))  # left open

    at(w, 2025, 5, 29)
    w.when(
        "party-clerk", "province.record_party_review", party_args(g.APPROVAL, g.CALL, g.PUBLICITY, [a for a, _ in main])
    )
    w.when("party-clerk", "province.record_party_review", party_args("AP-S1", S, "PUB-S1", ["S1"]))
    w.when("party-clerk", "province.record_party_review", party_args("AP-S2", S, "PUB-S2", ["S2", "S3"]))
    for i in (4, 5, 6, 7):
        w.when("party-clerk", "province.record_party_review", party_args(f"AP-S{i}", S, f"PUB-S{i}", [f"S{i}"]))
    at(w, 2025, 6, 1)
    w.when("prov-miit", "province.decide_fraud", fraud_args("FRAUD-S3", "S3", "2025-06-01"))
    at(w, 2025, 6, 3)
    request(w, g.APPROVAL, main)
    request(w, "AP-S4", [("S4", 50 * WAN)], countersign=False)
    request(w, "AP-S5", [("S5", 50 * WAN)], countersign=False)
    request(w, "AP-S6", [("S6", 50 * WAN)], by="miit-gov")
    request(w, "AP-S7", [("S7", 50 * WAN)])
    at(w, 2025, 6, 5)
    w.when("prov-miit", "province.decide_fraud", fraud_args("FRAUD-S5", "S5", "2025-06-05"))
    w.when("prov-miit", "province.decide_fraud", fraud_args("FRAUD-S7", "S7", "2025-06-05"))
    at(w, 2025, 6, 10)
    w.when("gov-clerk", "province.record_reply", reply_args(g.APPROVAL, main))
    at(w, 2025, 6, 12)
    targets(w, g.INDICATORS, g.CALL)
    at(w, 2025, 6, 16)
    w.when("prov-fin", "province.disburse", disburse_args("LEG-A", "HLJ-2025-A", g.HRB_FIN, 50 * WAN, "2025-06-16"))
    w.when("prov-fin", "province.disburse", disburse_args("LEG-B1", "HLJ-2025-B", g.HRB_FIN, 50 * WAN, "2025-06-16"))
    w.when("prov-fin", "province.disburse", disburse_args("LEG-D", "HLJ-2025-D", g.QQHR_FIN, 50 * WAN, "2025-06-16"))
    at(w, 2025, 6, 20)
    w.when("hrb-fin", "province.forward", forward_args("HLJ-2025-A", "LEG-A", 50 * WAN, "2025-06-20", g.ENT_A))
    at(w, 2025, 6, 25)
    for case_id, aid in (("FRAUD-X", "HLJ-X-X"), ("FRAUD-A", "HLJ-2025-A"), ("FRAUD-D", "HLJ-2025-D")):
        w.when("prov-miit", "province.decide_fraud", fraud_args(case_id, aid, "2025-06-25"))
    at(w, 2025, 7, 1)
    w.when(
        "prov-fin",
        "province.record_recovery",
        recovery_args("FRAUD-A", "enterprise", 20 * WAN, "2025-07-01", "REC-A-1"),
    )

    at(w, 2026, 4, 1)
    publish(w, Y26, small=False, year=2026, published_on="2026-04-01", deadline="2026-04-30")
    targets(w, "HLJ-IND-2026", Y26)
    at(w, 2026, 4, 8)
    w.when("ent-b", "province.apply", g.apply_args("B", application_id="HLJ-2026-B", call_id=Y26, invoices=[]))
    apply(w, "ent-e", "HLJ-2026-E", Y26, ENT["E"])
    apply(w, "ent-f", "HLJ-2026-F", Y26, ENT["F"])
    apply(w, "ent-g", "HLJ-2026-G", Y26, ENT["G"], shareholders=(RELATED,))
    at(w, 2026, 4, 9)
    for reviewer in ("expert-1", "expert-3", "tp-1", "tp-2", "prov-miit-expert"):
        declare(w, reviewer, Y26)
    declare(w, "expert-2", Y26, [{"party": RELATED, "relation": "shareholder"}])
    w.now = NOW
    assign(w, "HLJ-2026-E", "expert-1")
    assign(w, "HLJ-2026-E", "tp-1", "third_party")
    assign(w, "HLJ-2026-E", "expert-3")
    recuse = {"application_id": "HLJ-2026-E", "reviewer": "expert-3", "reason": "与申报企业存在业务往来"}
    w.when("expert-3", "province.recuse_reviewer", recuse)
    review(w, "HLJ-2026-E", "expert-1", {"T1": 3000})
    assign(w, "HLJ-2026-F", "expert-1")
    assign(w, "HLJ-2026-F", "tp-1", "third_party")
    for reviewer in ("expert-1", "tp-1"):
        review(w, "HLJ-2026-F", reviewer, {"T1": 3000, "T2": 2000, "F1": 2000})
    assign(w, "HLJ-2026-G", "prov-miit-expert")
    review(w, "HLJ-2026-G", "prov-miit-expert", {"T1": 3000, "T2": 2000, "F1": 2000})
    return w


# -- the backends ------------------------------------------------------------------------------------

built = backends(build, "province-refusals")


# -- the table ---------------------------------------------------------------------------------------

TABLE = Table()  # BASE: per command an actor and arguments it would accept; MONEY: the paths of its money fields
CASES, BASE, MONEY = TABLE.cases, TABLE.bases, TABLE.money
base, case = TABLE.base, TABLE.case


# province.publish_call ------------------------------------------------------------------------------------

PUBLISH = g.call_args(
    call_id="HLJ-2026-B",
    year=2026,
    published_on=TODAY,
    deadline="2026-05-30",
    normal_fen=50 * WAN,
    national_fen=100 * WAN,
    notice_sha256=sha("call:HLJ-2026-B"),
)
base("province.publish_call", "prov-miit", PUBLISH, ("normal_fen", "national_fen"))
C = "province.publish_call"
case("call id twice", C, "FT-HLJ-UNIQUE", "call_id", call_id=g.CALL)
case("60万 for a benchmark", C, "FT-HLJ-AMOUNT", "normal_fen", normal_fen=60 * WAN)
case("200万 for a national status", C, "FT-HLJ-AMOUNT", "national_fen", national_fen=200 * WAN)
case("4 working days of publicity", C, "FT-HLJ-CALL", "publicity_working_days", publicity_working_days=4)
case("deadline on the day of publication", C, "FT-HLJ-CALL", "deadline", deadline=TODAY)
case("a call for 2024 published in 2026", C, "FT-HLJ-CALL", "year", year=2024)
case("a criterion code twice", C, "FT-HLJ-CALL", "criteria", criteria=[*g.CRITERIA, g.CRITERIA[0]])
case("technical criteria only", C, "FT-HLJ-CALL", "criteria", criteria=g.CRITERIA[:2])
case("no criterion", C, "FT-FIELD", "criteria", criteria=[])
case("unknown criterion kind", C, "FT-FIELD", "criteria[0].kind", criteria=[{**g.CRITERIA[0], "kind": "moral"}])
case("a criterion worth 0", C, "FT-FIELD", "criteria[0].max_points", criteria=[{**g.CRITERIA[0], "max_points": 0}])
case("quota 0", C, "FT-FIELD", "quota", quota=0)
case("malformed call id", C, "FT-FIELD", "call_id", call_id="HLJ 2026")
case("notice hash in capitals", C, "FT-FIELD", "notice_sha256", notice_sha256=sha("x").upper())

# province.apply -------------------------------------------------------------------------------------------

APPLY = apply_args("HLJ-2026-C", Y26, g.ENT_C, invoices=[{"kind": "digital", "number": "25232000000000009999"}])
base("province.apply", "ent-c", APPLY)
C = "province.apply"
case("application id twice", C, "FT-HLJ-UNIQUE", "application_id", application_id="HLJ-2025-C")
case("a city project's id", C, "FT-HLJ-UNIQUE", "application_id", application_id="P-1")
B26 = g.apply_args("B", application_id="HLJ-2026-B2", call_id=Y26, invoices=[])
case("a second application to one call", C, "FT-HLJ-UNIQUE", "call_id", B26, actor="ent-b")
case("for another enterprise", C, "FT-HLJ-APPLICANT", "uscc", uscc=g.ENT_D, payee_account_hash=g.account_hash(g.ENT_D))
case("after the deadline", C, "FT-HLJ-CALL", "call_id", call_id=g.CALL)
LG, SC = g.status("little_giant"), g.status("single_champion")
case("a status twice", C, "FT-HLJ-STATUS", "national_status", national_status=[LG, LG])
case(
    "a list published after the deadline",
    C,
    "FT-HLJ-STATUS",
    "national_status[1].published_on",
    national_status=[LG, {**SC, "published_on": "2026-05-10"}],
)
case("a list of 2027", C, "FT-HLJ-STATUS", "national_status[0].list_year", national_status=[{**LG, "list_year": 2027}])
case(
    "an unknown status",
    C,
    "FT-HLJ-STATUS",
    "national_status[0].kind",
    national_status=[{**LG, "kind": "gazelle"}],
    error="invalid",
)
case("no materials without a status", C, "FT-HLJ-MATERIALS", "materials", materials=[])
case("a material twice", C, "FT-HLJ-MATERIALS", "materials", materials=[sha("m"), sha("m")])
A26 = g.apply_args("A", application_id="HLJ-2026-A", call_id=Y26, invoices=[])
case("excluded after fraud", C, "FT-HLJ-EXCLUDED", "uscc", A26, actor="ent-a")
case("another application's invoice", C, "FT-HLJ-EVIDENCE", "invoices[0]", invoices=g.apply_args("A")["invoices"])
case("a city project's invoice", C, "FT-HLJ-EVIDENCE", "invoices[0]", invoices=[CITY_INVOICE])
case("an invoice twice", C, "FT-HLJ-EVIDENCE", "invoices[1]", invoices=[*APPLY["invoices"], *APPLY["invoices"]])
case("another application's voucher", C, "FT-HLJ-EVIDENCE", "vouchers[0]", vouchers=[VOUCHER_D])
case("a city project's voucher", C, "FT-HLJ-EVIDENCE", "vouchers[0]", vouchers=[CITY_VOUCHER])
case(
    "a voucher twice", C, "FT-HLJ-EVIDENCE", "vouchers[1]", vouchers=[{"bank": "中国银行", "serial_no": "VX-0001"}] * 2
)
case("unknown call", C, "FT-NOT-FOUND", "call_id", call_id="HLJ-1999")
case("a wrong check character", C, "FT-ENT-USCC", "uscc", uscc=g.ENT_C[:-1] + ("0" if g.ENT_C[-1] != "0" else "1"))
case("an account in clear", C, "FT-ENT-BANK", "payee_account_hash", payee_account_hash="6222020200001234567")
case("malformed application id", C, "FT-FIELD", "application_id", application_id="HLJ/2026 C")
case("unknown invoice kind", C, "FT-FIELD", "invoices[0].kind", invoices=[{"kind": "paper", "number": "12345678"}])
case(
    "shareholder malformed",
    C,
    "FT-FIELD",
    "parties.shareholders[0]",
    parties={**APPLY["parties"], "shareholders": ["x"]},
)

# province.declare_interests -------------------------------------------------------------------------------

base("province.declare_interests", "expert-4", {"call_id": Y26, "related": [], "sha256": sha("expert-4")})
C = "province.declare_interests"
case("unknown call", C, "FT-NOT-FOUND", "call_id", call_id="HLJ-1999")
case("unknown relation", C, "FT-FIELD", "related[0].relation", related=[{"party": RELATED, "relation": "friend"}])
case("malformed party", C, "FT-FIELD", "related[0].party", related=[{"party": "张三", "relation": "other"}])

# province.assign_reviewer ---------------------------------------------------------------------------------

base(
    "province.assign_reviewer", "prov-miit", {"application_id": "HLJ-2026-F", "reviewer": "expert-2", "kind": "expert"}
)
C = "province.assign_reviewer"
case("not registered", C, "FT-HLJ-REVIEWER", "reviewer", reviewer="ghost-1")
case("an expert as a third party", C, "FT-HLJ-REVIEWER", "reviewer", kind="third_party")
case("assigning itself", C, "FT-HLJ-REVIEWER", "reviewer", actor="prov-miit-expert", reviewer="prov-miit-expert")
case("undeclared", C, "FT-HLJ-REVIEWER", "reviewer", reviewer="expert-4")
case("a declared shareholding", C, "FT-HLJ-RECUSAL", "reviewer", application_id="HLJ-2026-G")
case("of the applicant's provider", C, "FT-HLJ-RECUSAL", "reviewer", reviewer="tp-2", kind="third_party")
case("assigned twice", C, "FT-HLJ-UNIQUE", "reviewer", reviewer="expert-1")
case("after the list", C, "FT-HLJ-FROZEN", "application_id", application_id="HLJ-2025-C")
case("unknown application", C, "FT-NOT-FOUND", "application_id", application_id="HLJ-2026-Z")
case("unknown kind", C, "FT-FIELD", "kind", kind="friend")
case("malformed reviewer", C, "FT-FIELD", "reviewer", reviewer="Expert 2")

# province.recuse_reviewer ---------------------------------------------------------------------------------

RECUSE = {"application_id": "HLJ-2026-E", "reviewer": "expert-1", "reason": "与申报企业存在业务往来"}
base("province.recuse_reviewer", "prov-miit", RECUSE)
C = "province.recuse_reviewer"
case("a reviewer recusing another", C, "FT-HLJ-RECUSAL", "reviewer", actor="tp-1", error="unauthorised")
case("recused twice", C, "FT-HLJ-RECUSAL", "application_id", reviewer="expert-3")
case(
    "not assigned",
    C,
    "FT-HLJ-REVIEWER",
    "application_id",
    reviewer="expert-2",
    error="unauthorised",
)
case("after the list", C, "FT-HLJ-FROZEN", "application_id", application_id="HLJ-2025-C")
case("unknown application", C, "FT-NOT-FOUND", "application_id", application_id="HLJ-2026-Z")
case("no reason", C, "FT-FIELD", "reason", reason="")

# province.open_material -----------------------------------------------------------------------------------

OPEN = {"application_id": "HLJ-2026-E", "sha256": sha("form:HLJ-2026-E"), "purpose": "财务审核"}
base("province.open_material", "expert-1", OPEN)
C = "province.open_material"
case("not assigned", C, "FT-HLJ-REVIEWER", "application_id", actor="expert-2", error="unauthorised")
case("recused", C, "FT-HLJ-RECUSAL", "application_id", actor="expert-3")
case("another application's form", C, "FT-HLJ-MATERIALS", "sha256", sha256=sha("form:HLJ-2026-F"), error="not_found")
case("unknown application", C, "FT-NOT-FOUND", "application_id", application_id="HLJ-2026-Z")
case("malformed hash", C, "FT-FIELD", "sha256", sha256="form")

# province.score -------------------------------------------------------------------------------------------

base("province.score", "expert-1", {"application_id": "HLJ-2026-E", "criterion": "T2", "points": 2500})
C = "province.score"
case("not assigned", C, "FT-HLJ-REVIEWER", "application_id", actor="expert-2", error="unauthorised")
case("recused", C, "FT-HLJ-RECUSAL", "application_id", actor="expert-3")
case(
    "after the list",
    C,
    "FT-HLJ-FROZEN",
    "application_id",
    application_id="HLJ-2025-C",
    criterion="T1",
    points=4000,
    reason="重新评估",
)
case("unknown criterion", C, "FT-HLJ-SCORE", "criterion", criterion="X9")
case("above the criterion's maximum", C, "FT-HLJ-SCORE", "points", points=3001)
case("nothing opened", C, "FT-HLJ-SCORE", "application_id", actor="tp-1")
case("the same score again", C, "FT-HLJ-SCORE", "points", criterion="T1", points=3000, reason="复核")
case("a change without a reason", C, "FT-HLJ-SCORE", "reason", criterion="T1", points=3100)
case("unknown application", C, "FT-NOT-FOUND", "application_id", application_id="HLJ-2026-Z")
for label, bad in (("negative", -1), ("text", "2500"), ("bool", True), ("above 100 points", 10_001)):
    case(f"points {label}", C, "FT-FIELD", "points", points=bad)

# province.recheck -----------------------------------------------------------------------------------------

RECHECK = {
    "application_id": "HLJ-2026-F",
    "outcome": "confirmed",
    "corrections": [],
    "reasons": "复核评分与材料一致",
    "sha256": sha("recheck:HLJ-2026-F"),
}
FIX = {"criterion": "T1", "points": 3200, "reason": "复核发现漏计专利"}
base("province.recheck", "prov-miit-2", RECHECK)
C = "province.recheck"
case(
    "by its own reviewer",
    C,
    "FT-HLJ-RECHECK",
    "application_id",
    actor="prov-miit-expert",
    application_id="HLJ-2026-G",
    error="unauthorised",
)
case("a correction without corrections", C, "FT-HLJ-RECHECK", "corrections", outcome="corrected")
case("a confirmation with corrections", C, "FT-HLJ-RECHECK", "corrections", corrections=[FIX])
case("one reviewer of two", C, "FT-HLJ-RECHECK", "application_id", application_id="HLJ-2026-G")
case("not every reviewer scored", C, "FT-HLJ-RECHECK", "application_id", application_id="HLJ-2026-E")
case("unknown outcome", C, "FT-HLJ-RECHECK", "outcome", outcome="approved", error="invalid")
CORRECTED = {**RECHECK, "outcome": "corrected"}
case(
    "correcting an unknown criterion",
    C,
    "FT-HLJ-SCORE",
    "corrections[0].criterion",
    {**CORRECTED, "corrections": [{**FIX, "criterion": "X9"}]},
)
case(
    "a criterion corrected twice",
    C,
    "FT-HLJ-SCORE",
    "corrections[1].criterion",
    {**CORRECTED, "corrections": [FIX, FIX]},
)
case(
    "above the maximum",
    C,
    "FT-HLJ-SCORE",
    "corrections[0].points",
    {**CORRECTED, "corrections": [{**FIX, "points": 4001}]},
)
case("unknown application", C, "FT-NOT-FOUND", "application_id", application_id="HLJ-2026-Z")

# province.propose_list ------------------------------------------------------------------------------------

base("province.propose_list", "prov-miit", {"call_id": "HLJ-R", "doc_no": "黑工信企业函〔2026〕1号"})
C = "province.propose_list"
case("the call is still open", C, "FT-HLJ-ORDER", "call_id", call_id=Y26)
case("no application", C, "FT-HLJ-ORDER", "call_id", call_id="HLJ-EMPTY")
case("an application cancelled", C, "FT-HLJ-ORDER", "call_id", call_id="HLJ-X")
case("not re-checked", C, "FT-HLJ-RECHECK", "call_id", call_id="HLJ-NR")
case("a reviewer assigned after the 复核", C, "FT-HLJ-RECHECK", "call_id", call_id="HLJ-NS")
case("a list on publicity", C, "FT-HLJ-LIST-LOCKED", "call_id", call_id=g.CALL)
case("unknown call", C, "FT-NOT-FOUND", "call_id", call_id="HLJ-1999")

# province.record_party_review -----------------------------------------------------------------------------

PARTY = party_args("AP-S89", S, "PUB-S89", ["S8"], ["S9"]) | {"meeting_date": TODAY}
base("province.record_party_review", "party-clerk", PARTY)
C = "province.record_party_review"
case("decision id twice", C, "FT-HLJ-UNIQUE", "approval_id", approval_id=g.APPROVAL)
case("by the list's proposer", C, "FT-HLJ-SOD", "approval_id", actor="miit-clerk")
case("another call's publicity", C, "FT-HLJ-PARTY", "publicity_id", publicity_id=g.PUBLICITY)
case("before the publicity", C, "FT-HLJ-PARTY", "meeting_date", meeting_date="2025-05-20")
case("an entry decided twice", C, "FT-HLJ-PARTY", "approved", approved=["S8", "S9"])
case("an entry left undecided", C, "FT-HLJ-PARTY", "approved", not_approved=[])
case("an objection open", C, "FT-HLJ-PARTY", "approved[1]", approved=["S8", "S9"], not_approved=[])
MAIN = ["HLJ-2025-D", "HLJ-2025-B", "HLJ-2025-A"]
case(
    "entries approved since",
    C,
    "FT-HLJ-ORDER",
    "approved[0]",
    party_args("AP-X", g.CALL, g.PUBLICITY, MAIN) | {"meeting_date": TODAY},
)
case("unknown call", C, "FT-NOT-FOUND", "call_id", call_id="HLJ-1999")
case("unknown publicity", C, "FT-NOT-FOUND", "publicity_id", publicity_id="PUB-NONE")
case("no minutes hash", C, "FT-FIELD", "sha256", sha256="")

# province.request_disbursement (co-signed) -----------------------------------------------------------------

base("province.request_disbursement", "prov-miit", request_args("AP-S1", [("S1", 50 * WAN)]), ("items[0].amount_fen",))
C = "province.request_disbursement"
case("an item twice", C, "FT-HLJ-REQUEST", "items", request_args("AP-S1", [("S1", 50 * WAN)] * 2))
case("not the 党组会's amount", C, "FT-HLJ-REQUEST", "items", request_args("AP-S1", [("S1", 100 * WAN)]))
case("not the 党组会's list", C, "FT-HLJ-REQUEST", "items", request_args("AP-S1", [("S1", 50 * WAN), ("S8", 50 * WAN)]))
AP_S2 = [("S2", 50 * WAN), ("S3", 50 * WAN)]
case("cancelled since the 党组会", C, "FT-HLJ-ORDER", "items[0].application_id", request_args("AP-S2", AP_S2[::-1]))
case("requested already", C, "FT-COSIGN-PROPOSAL", "key", request_args("AP-S4", [("S4", 50 * WAN)]), error="conflict")
case("unknown decision", C, "FT-NOT-FOUND", "approval_id", approval_id="AP-NONE")
case("no items", C, "FT-FIELD", "items", items=[])

# province.countersign_request_disbursement --------------------------------------------------------------

COUNTERSIGN = countersign_args("AP-S4", [("S4", 50 * WAN)])
base("province.countersign_request_disbursement", "prov-fin", COUNTERSIGN)
C = "province.countersign_request_disbursement"
case("in effect already", C, "FT-COSIGN-PROPOSAL", "key", countersign_args(g.APPROVAL, []) | {"key": g.APPROVAL})
case("by the proposer's organisation", C, "FT-COSIGN-DISTINCT", "key", actor="prov-fin-miit")
case("another digest", C, "FT-COSIGN-DIGEST", "args_sha256", args_sha256=sha("other"))
case("declined without a reason", C, "FT-COSIGN-REASON", "reason", decision="decline")
case(
    "cancelled since the request",
    C,
    "FT-HLJ-ORDER",
    "items[0].application_id",
    countersign_args("AP-S5", [("S5", 50 * WAN)]),
)
case("unknown decision", C, "FT-COSIGN-PROPOSAL", "decision", decision="maybe", error="invalid")
case("unknown proposal", C, "FT-NOT-FOUND", "key", key="AP-NONE")

# province.withdraw_request_disbursement -----------------------------------------------------------------

base("province.withdraw_request_disbursement", "prov-miit", {"key": "AP-S4", "reason": "名单有误，重新呈报"})
C = "province.withdraw_request_disbursement"
case("in effect already", C, "FT-COSIGN-PROPOSAL", "key", key=g.APPROVAL, error="conflict")
case("by another officer", C, "FT-COSIGN-WITHDRAW", "key", actor="prov-miit-2")
case("unknown proposal", C, "FT-NOT-FOUND", "key", key="AP-NONE")
case("no reason", C, "FT-FIELD", "reason", reason="")

# province.record_reply ------------------------------------------------------------------------------------

REPLY = reply_args("AP-S6", [("S6", 50 * WAN)], TODAY)
base("province.record_reply", "gov-clerk", REPLY, ("approved[0].amount_fen",))
C = "province.record_reply"
case("not requested", C, "FT-HLJ-ORDER", "approval_id", approval_id="AP-S1")
case("replied already", C, "FT-HLJ-ORDER", "approval_id", approval_id=g.APPROVAL)
case(
    "cancelled since the request",
    C,
    "FT-HLJ-ORDER",
    "approved[0].application_id",
    reply_args("AP-S7", [("S7", 50 * WAN)], TODAY),
)
case("by the requester", C, "FT-HLJ-SOD", "approval_id", actor="miit-gov")
case("an item twice", C, "FT-HLJ-REPLY", "approved", reply_args("AP-S6", [("S6", 50 * WAN)] * 2, TODAY))
case("an item undecided", C, "FT-HLJ-REPLY", "approved", approved=[])
case(
    "another amount than requested",
    C,
    "FT-HLJ-AMOUNT",
    "approved[0].amount_fen",
    reply_args("AP-S6", [("S6", 100 * WAN)], TODAY),
)
case("unknown decision", C, "FT-NOT-FOUND", "approval_id", approval_id="AP-NONE")

# province.disburse ----------------------------------------------------------------------------------------

DISBURSE = disburse_args("LEG-B2", "HLJ-2025-B", g.HRB_FIN, 50 * WAN, TODAY)
base("province.disburse", "prov-fin", DISBURSE, ("amount_fen",))
C = "province.disburse"
case("not approved", C, "FT-HLJ-REPLY", "application_id", application_id="HLJ-2025-C")
case("proposed, not approved", C, "FT-HLJ-REPLY", "application_id", application_id="S1")
case("cancelled", C, "FT-HLJ-DISBURSE", "application_id", application_id="HLJ-2025-A")
case("beyond the reply", C, "FT-HLJ-DISBURSE", "amount_fen", amount_fen=50 * WAN + 1)
case("another call's targets", C, "FT-HLJ-INDICATORS", "target_set_id", target_set_id="HLJ-IND-2026")
case("leg id twice", C, "FT-HLJ-UNIQUE", "leg_id", leg_id="LEG-B1")
case("bank serial twice", C, "FT-PAY-SERIAL", "bank_serial", bank_serial="HLJFINLEG-B1")
case("unknown targets", C, "FT-NOT-FOUND", "target_set_id", target_set_id="NONE")
case("unknown application", C, "FT-NOT-FOUND", "application_id", application_id="HLJ-2025-Z")
case("malformed organisation", C, "FT-FIELD", "to_org", to_org="哈尔滨市财政局")

# province.forward -----------------------------------------------------------------------------------------

FORWARD = forward_args("HLJ-2025-B", "LEG-B1", 50 * WAN, TODAY, g.ENT_B)
base("province.forward", "hrb-fin", FORWARD, ("amount_fen",))
C = "province.forward"
case("unknown leg", C, "FT-HLJ-FORWARD", "leg_id", leg_id="LEG-B9", error="not_found")
case("another bureau's leg", C, "FT-HLJ-FORWARD", "leg_id", actor="qqhr-fin")
case("another account", C, "FT-HLJ-FORWARD", "payee_account_hash", payee_account_hash=g.account_hash(g.ENT_A))
case("more than the leg holds", C, "FT-HLJ-FORWARD", "amount_fen", amount_fen=50 * WAN + 1)
D_FWD = forward_args("HLJ-2025-D", "LEG-D", 50 * WAN, TODAY, g.ENT_D)
case("frozen by a fraud case", C, "FT-HLJ-DISBURSE", "application_id", D_FWD, actor="qqhr-fin")
case("bank serial twice", C, "FT-PAY-SERIAL", "bank_serial", bank_serial="HLJFINLEG-B1")
case("nothing disbursed", C, "FT-NOT-FOUND", "application_id", application_id="HLJ-2025-C")
case("unknown application", C, "FT-NOT-FOUND", "application_id", application_id="HLJ-2025-Z")

# province.decide_fraud ------------------------------------------------------------------------------------

base("province.decide_fraud", "prov-miit", fraud_args("FRAUD-C", "HLJ-2025-C", TODAY))
C = "province.decide_fraud"
case("case id twice", C, "FT-HLJ-UNIQUE", "case_id", case_id="FRAUD-A")
case("cancelled already", C, "FT-HLJ-ORDER", "application_id", application_id="HLJ-2025-A")
case("unknown application", C, "FT-NOT-FOUND", "application_id", application_id="HLJ-2025-Z")
case("no evidence", C, "FT-FIELD", "evidence", evidence=[])
case("no referral", C, "FT-FIELD", "referral", without(fraud_args("FRAUD-C", "HLJ-2025-C", TODAY), "referral"))

# province.record_recovery ---------------------------------------------------------------------------------

base(
    "province.record_recovery",
    "prov-fin",
    recovery_args("FRAUD-A", "enterprise", 10 * WAN, TODAY, "REC-A-2"),
    ("amount_fen",),
)
C = "province.record_recovery"
case("more than outstanding", C, "FT-HLJ-RECOVERY", "amount_fen", amount_fen=30 * WAN + 1)
case("from one who owes nothing", C, "FT-HLJ-RECOVERY", "amount_fen", debtor=g.QQHR_FIN)
case(
    "the bureau's more than it holds",
    C,
    "FT-HLJ-RECOVERY",
    "amount_fen",
    case_id="FRAUD-D",
    debtor=g.QQHR_FIN,
    amount_fen=50 * WAN + 1,
)
case("bank serial twice", C, "FT-PAY-SERIAL", "bank_serial", bank_serial="REC-A-1")
case("a disbursement's serial", C, "FT-PAY-SERIAL", "bank_serial", bank_serial="HLJFINLEG-A")
case("unknown case", C, "FT-NOT-FOUND", "case_id", case_id="FRAUD-NONE")

# the shared publicity on a provincial list (FT-PUB-LEVEL and the list kind): the city's department is refused

PUB_START = start_args("PUB-S10", S, [("S10", 50 * WAN)], TODAY)
base("publicity.start", "prov-miit", PUB_START, ("entries[0].amount_fen",))
case("by 市工信局", "publicity.start", "FT-PUB-LEVEL", "batch_id", actor="miit", error="unauthorised")
case("a city list kind", "publicity.start", "FT-PUB-KIND", "list_kind", list_kind="transformation_subsidy")
case("4 working days", "publicity.start", "FT-PUB-DAYS", "working_days", working_days=4)
case(
    "another amount",
    "publicity.start",
    "FT-PUB-AMOUNT",
    "entries[0].amount_fen",
    entries=[{"subject_id": "S10", "amount_fen": 100 * WAN}],
)
case(
    "another call's application",
    "publicity.start",
    "FT-PUB-SUBJECT",
    "entries[0].subject_id",
    entries=[{"subject_id": "HLJ-R-R", "amount_fen": 50 * WAN}],
)
case(
    "on another publicity",
    "publicity.start",
    "FT-PUB-OPEN",
    "entries[0].subject_id",
    entries=[{"subject_id": "S9", "amount_fen": 50 * WAN}],
)
base("publicity.receive_objection", "prov-miit", objection_args("PUB-S89", "OBJ-S8", "S8", received_on=TODAY))
case("by 市工信局", "publicity.receive_objection", "FT-PUB-LEVEL", "publicity_id", actor="miit", error="unauthorised")
case("objection id twice", "publicity.receive_objection", "FT-PUB-OBJECTION", "objection_id", objection_id="OBJ-S9")
RESOLVE = {
    "publicity_id": "PUB-S89",
    "objection_id": "OBJ-S9",
    "outcome": "dismissed",
    "reasons": "经核查，异议不成立",
    "investigation_sha256": sha("investigation:S9"),
}
base("publicity.resolve_objection", "prov-miit", RESOLVE)
case("by 市工信局", "publicity.resolve_objection", "FT-PUB-LEVEL", "publicity_id", actor="miit", error="unauthorised")
case(
    "above the 100万 ceiling",
    "publicity.resolve_objection",
    "FT-PUB-CEILING",
    "new_amount_fen",
    outcome="upheld",
    action="change_amount",
    new_amount_fen=100 * WAN + 1,
)
case(
    "40万 is no amount of 第三条",
    "publicity.resolve_objection",
    "FT-HLJ-AMOUNT",
    "new_amount_fen",
    outcome="upheld",
    action="change_amount",
    new_amount_fen=40 * WAN,
)
base("publicity.complete", "prov-miit", {"publicity_id": "PUB-S1"})
case("by 市工信局", "publicity.complete", "FT-PUB-LEVEL", "publicity_id", actor="miit", error="unauthorised")
case("an objection open", "publicity.complete", "FT-PUB-CLEAR", "publicity_id", publicity_id="PUB-S89")

# every command: an unknown field, a required field missing, no role, another office's role, a forged signature,
# and each money field as a float, a string, a negative number and a bool --------------------------------------

ROLES = {  # a registered provincial officer of each role, in the order a wrong office is looked for
    "prov-miit": Role.PROV_MIIT,
    "prov-fin": Role.PROV_FINANCE,
    "party-clerk": Role.PROV_PARTY_GROUP_CLERK,
    "gov-clerk": Role.PROV_GOV_CLERK,
    "hrb-fin": Role.COUNTY_FINANCE,
    "expert-1": Role.EXPERT_REVIEWER,
    "tp-1": Role.THIRD_PARTY,
    "ent-a": Role.APPLICANT,
}


for command in list(BASE):
    if not command.startswith("province."):
        continue
    roles = [
        ("no role", "nobody"),
        ("another office's role", wrong_office(ROLES, command)),
        ("the city's department", "miit"),
    ]
    bad_money = (("text", "500000"), ("negative", -1), ("zero", 0), ("bool", True))
    TABLE.every_command_cases(command, roles=roles, bad_money=bad_money)

# BLOCK or GATE rules a province.* command declares that no case reaches, and why.
NOT_REACHED = {
    ("province.request_disbursement", "FT-HLJ-AMOUNT"): (
        "the 党组会 approves only amounts that passed publicity, and publicity takes only the call's two amounts"
        " (FT-HLJ-AMOUNT on publicity.resolve_objection): the request's own check is a second line of defence"
    ),
    ("province.countersign_request_disbursement", "FT-HLJ-REQUEST"): (
        "checked at the proposal against the 党组会's list, which no command changes afterwards"
    ),
    ("province.countersign_request_disbursement", "FT-HLJ-AMOUNT"): (
        "checked at the proposal against the call's amounts and the ceiling, which no command changes afterwards"
    ),
}


# -- the tests ---------------------------------------------------------------------------------------


def app(w: LedgerWorld, aid: str) -> BenchmarkApplication:
    return w.get(BenchmarkApplication, application_stream(aid))


def test_the_world_stands_as_the_cases_assume(built: Built) -> None:
    """The states the table relies on (so that each refusal is the one its name says)."""
    w = built.w
    assert w.now == NOW
    states = {aid: app(w, aid).state for aid in [*MAIN, "HLJ-2025-C", "HLJ-X-X", "HLJ-2026-B"]}
    assert states == {
        "HLJ-2025-D": "cancelled",
        "HLJ-2025-B": "approved",
        "HLJ-2025-A": "cancelled",
        "HLJ-2025-C": "not_listed",
        "HLJ-X-X": "cancelled",
        "HLJ-2026-B": "ineligible",
    }
    assert [x["rule"] for x in app(w, "HLJ-2026-B").warnings] == ["FT-HLJ-ONCE"]
    s_states = [app(w, f"S{i}").state for i in range(1, 11)]
    assert s_states == [
        "proposed",
        "proposed",
        "cancelled",
        "proposed",
        "cancelled",
        "proposed",
        "cancelled",
        *["proposed"] * 3,
    ]
    approvals = {
        a: w.get(ProvincialApproval, provincial_approval_stream(a)).state
        for a in (g.APPROVAL, "AP-S1", "AP-S2", "AP-S4", "AP-S6", "AP-S7")
    }
    assert approvals == {
        g.APPROVAL: "replied",
        "AP-S1": "party_approved",
        "AP-S2": "party_approved",
        "AP-S4": "party_approved",
        "AP-S6": "requested",
        "AP-S7": "requested",
    }
    assert w.get(ProvincialApproval, provincial_approval_stream("AP-S2")).party_approved() == {
        "S2": 50 * WAN,
        "S3": 50 * WAN,
    }
    b = w.get(Disbursement, disbursement_stream("HLJ-2025-B"))
    assert (b.disbursed_fen, b.held()) == (50 * WAN, {g.HRB_FIN: 50 * WAN})
    assert w.get(Disbursement, disbursement_stream("HLJ-2025-D")).frozen_by == "FRAUD-D"
    fraud_a = w.get(FraudCase, fraud_case_stream("FRAUD-A"))
    assert (fraud_a.receivable, fraud_a.outstanding("enterprise")) == ({"enterprise": 50 * WAN}, 30 * WAN)
    assert w.get(FraudCase, fraud_case_stream("FRAUD-D")).receivable == {g.QQHR_FIN: 50 * WAN}
    assert w.get(ProvincialEnterprise, provincial_enterprise_stream(g.ENT_A)).excluded is not None
    e = w.get(ReviewFile, review_file_stream("HLJ-2026-E"))
    assert (e.active(), e.reviewers["expert-3"]["recused"] is not None, e.opened.get("tp-1")) == (
        ["expert-1", "tp-1"],
        True,
        None,
    )
    assert w.get(ReviewFile, review_file_stream("HLJ-NS-R")).rechecked()
    assert not w.get(ReviewFile, review_file_stream("HLJ-NR-R")).rechecked()
    calls = {c: w.get(AnnualCall, call_stream(c)) for c in (g.CALL, S, "HLJ-R", "HLJ-EMPTY", Y26)}
    assert [calls[c].ranked for c in calls] == [True, True, False, False, False]
    assert calls["HLJ-EMPTY"].applications == []
    pubs = {p: w.get(Publicity, publicity_stream(p)) for p in ("PUB-S2", "PUB-S89")}
    assert pubs["PUB-S2"].entries == {"S2": 50 * WAN, "S3": 50 * WAN}
    assert pubs["PUB-S89"].open_objections_on("S9") == ["OBJ-S9"]


@pytest.mark.parametrize("c", TABLE.params())
def test_refused_and_nothing_appended(built: Built, c: Case) -> None:
    assert_refused(built.w, c)


def test_every_rule_of_every_command_has_a_case() -> None:
    """Each BLOCK or GATE rule a province.* command declares is refused in the table, or is listed in
    NOT_REACHED with the reason (FT-DATE is left out)."""
    commands = [cmd.name for cmd in CATALOGUE if cmd.name.startswith("province.")]
    assert set(commands) <= set(BASE)
    TABLE.assert_covers(commands, NOT_REACHED, lambda rule: rule == "FT-DATE")
    assert all(reason for reason in NOT_REACHED.values())


GENERIC = {"FT-FIELD", "FT-MONEY", "FT-ROLE", "FT-SIG", "FT-ENVELOPE", "FT-NOT-FOUND", "FT-ENT-USCC", "FT-ENT-BANK"}


def test_every_refusal_is_under_a_rule_its_command_declares() -> None:
    """Apart from the typed fields, roles, signatures and unknown ids, a command refuses only under its own rules."""
    undeclared = {
        (c.command, c.rule)
        for c in CASES
        if c.rule not in GENERIC and c.rule not in {r.id for r in CATALOGUE.get(c.command).enforces}  # type: ignore[union-attr]
    }
    assert undeclared == set()


def test_the_world_after_every_refusal_verifies(built: Built) -> None:
    """After the table (on this worker, under xdist): the independent verifier finds nothing in the world."""
    assert_verifies(built)
