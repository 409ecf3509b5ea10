"""The provincial benchmark award (黑工信企业联规〔2024〕19号) through a real ledger, on SQLite and PostgreSQL.

The givens of tests/domain/province_given.py run on a LedgerWorld: the 2025 cycle (申报通知 → 申报 → 评审
→ 复核 → 排序 → 公示 → 党组会 → 会签请示 → 批复 → 拨付 → 转拨), and a story with a tie, an upheld objection,
a reviewer refused a change after the ranking, a 小巨人 that is also a 单项冠军 (100万, never 200万), a
related reviewer refused, a county leg that ages and a fraud clawback after payment with its recovery.
Every step is a signed command; a refusal appends nothing; afterwards the independent verifier finds
nothing and re-execution reproduces every record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any
from typing import cast

import pytest

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
from ledger.recheck import Summary
from ledger.recheck import recheck
from tests.domain import province_given as g
from tests.ledger_world import LedgerWorld
from verify.checks import ChainVerifier
from verify.sources import open_source

if TYPE_CHECKING:
    from pathlib import Path

    from tests.domain.province_given import AnyWorld

WAN = g.WAN


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/province.sqlite"
    return str(request.getfixturevalue("pg_ledger_url"))


def given(w: LedgerWorld) -> AnyWorld:
    return cast("AnyWorld", w)


def application(w: LedgerWorld, key: str, year: int = 2025) -> BenchmarkApplication:
    return w.get(BenchmarkApplication, application_stream(f"HLJ-{year}-{key}"))


def topics(states: list[dict[str, Any]]) -> list[str]:
    return [str(s["topic"]) for s in states[1:]]  # the command record first, then the events


def verified_and_reproduced(w: LedgerWorld, url: str) -> None:
    """The independent verifier finds nothing; re-execution reproduces every record."""
    summary = Summary()
    assert list(recheck(w.app, summary)) == []
    assert summary.commands > 40
    source = open_source(url)
    try:
        report = ChainVerifier(source, jobs=1).run()
    finally:
        source.close()
    assert report.findings == []
    assert report.records == w.app.chain.chain_size()


def test_the_year_from_the_call_to_the_county_forward(url: str) -> None:
    w = LedgerWorld(url)
    g.year(given(w))
    call = w.get(AnnualCall, call_stream(g.CALL))
    assert (call.normal_fen, call.national_fen, call.quota, call.published_by) == (50 * WAN, 100 * WAN, 2, "prov-miit")
    assert call.listed == {"HLJ-2025-B": 100 * WAN, "HLJ-2025-A": 50 * WAN}
    states = {k: (application(w, k).state, application(w, k).approved_fen) for k in "ABC"}
    assert states == {"A": ("approved", 50 * WAN), "B": ("approved", 100 * WAN), "C": ("not_listed", None)}
    approval = w.get(ProvincialApproval, provincial_approval_stream(g.APPROVAL))
    assert approval.state == "replied"
    assert approval.request is not None
    assert (approval.request["proposed_by"], approval.request["countersigned_by"]) == ("prov-miit", "prov-fin")
    assert approval.reply is not None
    assert approval.reply["approved"] == {"HLJ-2025-A": 50 * WAN, "HLJ-2025-B": 100 * WAN}
    a = w.get(Disbursement, disbursement_stream("HLJ-2025-A"))
    b = w.get(Disbursement, disbursement_stream("HLJ-2025-B"))
    assert (a.disbursed_fen, a.forwarded_fen, a.held()) == (50 * WAN, 50 * WAN, {})
    assert (b.disbursed_fen, b.forwarded_fen, b.held()) == (100 * WAN, 0, {g.HRB_FIN: 100 * WAN})
    assert a.legs["LEG-A"]["target_set_id"] == g.INDICATORS
    forward = a.legs["LEG-A"]["forwards"][0]
    assert (forward["late"], forward["due_on"], forward["warnings"]) == (False, "2025-06-30", [])
    recognised = w.get(ProvincialEnterprise, provincial_enterprise_stream(g.ENT_B)).recognised
    assert recognised == {"call_id": g.CALL, "application_id": "HLJ-2025-B", "approval_id": g.APPROVAL}

    # a refusal appends nothing: a second leg beyond the reply
    head = w.app.chain.chain_head()
    size = w.app.chain.chain_size()
    w.now = g.beijing(2025, 6, 21)
    leg = {
        "leg_id": "LEG-A2",
        "application_id": "HLJ-2025-A",
        "to_org": g.HRB_FIN,
        "amount_fen": 1,
        "doc_no": "黑财指〔2025〕102号",
        "disbursed_on": "2025-06-21",
        "target_set_id": g.INDICATORS,
        "bank_serial": "HLJFINLEG-A2",
    }
    e = w.refused("prov-fin", "province.disburse", leg, rule="FT-HLJ-DISBURSE", field="amount_fen")
    assert "50000000" in e.detail
    assert (w.app.chain.chain_head(), w.app.chain.chain_size()) == (head, size)

    verified_and_reproduced(w, url)


def test_a_year_with_a_tie_an_objection_a_recusal_an_aged_leg_and_a_fraud(url: str) -> None:
    w = LedgerWorld(url)
    gw = given(w)
    g.actors(gw)
    g.publish_call(gw)
    for key in ("A", "B", "C"):
        g.apply(gw, key)

    # 第三条, A19: B is a national 小巨人 and a 单项冠军: 100万 once, never 200万; the waiver spares materials only
    b = application(w, "B")
    assert sorted(s["kind"] for s in b.national_status) == ["little_giant", "single_champion"]
    assert (b.ceiling_fen, b.evidence_waived, b.materials) == (100 * WAN, True, [])
    assert application(w, "A").ceiling_fen == 50 * WAN

    g.reviewed(gw)
    # 第五条（三）: expert-2 declared a shareholding in C's shareholder: it is refused on C
    w.now = g.beijing(2025, 5, 17)
    e = w.refused(
        "prov-miit",
        "province.assign_reviewer",
        {"application_id": "HLJ-2025-C", "reviewer": "expert-2", "kind": "expert"},
        rule="FT-HLJ-RECUSAL",
        field="reviewer",
    )
    assert "91230103MA7000009" in e.detail
    file_c = w.get(ReviewFile, review_file_stream("HLJ-2025-C"))
    assert sorted(file_c.reviewers) == ["expert-1", "tp-1"]
    assert file_c.rechecked()

    # A22: A and B tie on 8,000; B's financial score is higher, so B ranks first; C is off the quota of 2
    w.now = g.beijing(2025, 5, 20)
    proposed = w.when("prov-miit", "province.propose_list", {"call_id": g.CALL, "doc_no": "黑工信企业函〔2025〕40号"})
    assert topics(proposed)[0] == "fundtrail.province.ListProposed"
    ranking = proposed[1]["ranking"]
    assert [
        (x["application_id"], x["rank"], x["total"], x["financial"], x["tie"], x["listed"]) for x in ranking["entries"]
    ] == [
        ("HLJ-2025-B", 1, 8000, 2500, True, True),
        ("HLJ-2025-A", 2, 8000, 2000, True, True),
        ("HLJ-2025-C", 3, 7000, 2000, False, False),
    ]
    assert ranking["tie_break"] == ["total desc", "financial desc", "submitted_at asc", "application_id asc"]
    assert (application(w, "B").proposed_fen, application(w, "C").state) == (100 * WAN, "not_listed")

    # 第五条（三）: after the list a reviewer cannot change a score
    w.now = g.beijing(2025, 5, 20, 15)
    w.refused(
        "expert-1",
        "province.score",
        {"application_id": "HLJ-2025-C", "criterion": "T1", "points": 4000, "reason": "重新评估"},
        rule="FT-HLJ-FROZEN",
        field="application_id",
    )
    assert w.get(ReviewFile, review_file_stream("HLJ-2025-C")).scores["expert-1"]["T1"] == 3000

    # 第四条（三）: publicity; an upheld objection withdraws A, so the 党组会 can approve B only
    g.publicise(gw, [("B", 100 * WAN), ("A", 50 * WAN)])
    w.now = g.beijing(2025, 5, 23)
    w.when(
        "prov-miit",
        "publicity.receive_objection",
        {
            "publicity_id": g.PUBLICITY,
            "objection_id": "OBJ-A",
            "subject_id": "HLJ-2025-A",
            "channel": "省工信厅网站",
            "content_sha256": g.sha("objection:A"),
            "objector_commitment": g.sha("objector"),
            "received_on": "2025-05-23",
        },
    )
    w.when(
        "prov-miit",
        "publicity.resolve_objection",
        {
            "publicity_id": g.PUBLICITY,
            "objection_id": "OBJ-A",
            "outcome": "upheld",
            "reasons": "经核查，示范案例材料与实际不符",
            "investigation_sha256": g.sha("investigation:A"),
            "action": "withdraw",
        },
    )
    publicity = w.get(Publicity, publicity_stream(g.PUBLICITY))
    assert list(publicity.entries) == ["HLJ-2025-B"]
    assert "HLJ-2025-A" in publicity.withdrawn
    w.now = g.beijing(2025, 5, 29)
    party = {
        "approval_id": g.APPROVAL,
        "call_id": g.CALL,
        "publicity_id": g.PUBLICITY,
        "meeting_date": "2025-05-29",
        "minutes_ref": "纪要",
        "sha256": g.sha("m"),
        "approved": ["HLJ-2025-A", "HLJ-2025-B"],
    }
    w.refused("party-clerk", "province.record_party_review", party, rule="FT-HLJ-PARTY", field="approved")
    g.party_review(gw, ["B"])
    approval = w.get(ProvincialApproval, provincial_approval_stream(g.APPROVAL))
    assert approval.party_approved() == {"HLJ-2025-B": 100 * WAN}

    # 第四条（四）: the joint request carries 100万 for B (200万 is refused), then 批复, indicators, one leg
    w.now = g.beijing(2025, 6, 3)
    w.refused(
        "prov-miit",
        "province.request_disbursement",
        g.request_args([("B", 200 * WAN)]),
        rule="FT-HLJ-REQUEST",
        field="items",
    )
    g.request(gw, [("B", 100 * WAN)])
    g.reply(gw, [("B", 100 * WAN)])
    g.indicators(gw)
    g.disburse(gw, "B", "LEG-B", g.HRB_FIN, 100 * WAN)
    assert application(w, "B").approved_fen == 100 * WAN
    assert application(w, "A").state == "proposed"  # withdrawn from publicity: never approved, never paid

    # 第五条（二）, A21: 哈尔滨市财政局 forwards after the call's 10 working days: the record carries the warning
    g.forward(gw, "hrb-fin", "B", "LEG-B", 100 * WAN, (2025, 7, 20))
    late = w.get(Disbursement, disbursement_stream("HLJ-2025-B")).legs["LEG-B"]["forwards"][0]
    assert (late["late"], late["due_on"], late["settled_on"]) == (True, "2025-06-30", "2025-07-20")
    assert [x["rule"] for x in late["warnings"]] == ["FT-HLJ-AGEING"]

    # 第五条（一）: fraud after payment — cancelled, excluded, everything the enterprise received demanded back
    w.now = g.beijing(2025, 9, 1)
    decided = w.when(
        "prov-miit",
        "province.decide_fraud",
        {
            "case_id": "HLJ-FRAUD-B",
            "application_id": "HLJ-2025-B",
            "evidence": [g.sha("audit:B")],
            "summary": "国家级名单证明材料造假",
            "decided_on": "2025-09-01",
            "referral": {"authority": "省纪委监委驻厅纪检监察组", "ref": "移送〔2025〕3号"},
        },
    )
    assert topics(decided) == [
        "fundtrail.province.FraudDecided",
        "fundtrail.province.BenchmarkCancelled",
        "fundtrail.province.ProvincialEnterpriseExcluded",
        "fundtrail.province.DisbursementFrozen",
    ]
    case = w.get(FraudCase, fraud_case_stream("HLJ-FRAUD-B"))
    assert case.receivable == {"enterprise": 100 * WAN}
    assert (application(w, "B").state, application(w, "B").entitlement_fen) == ("cancelled", 0)
    excluded = w.get(ProvincialEnterprise, provincial_enterprise_stream(g.ENT_B)).excluded
    assert excluded == {"case_id": "HLJ-FRAUD-B", "decided_on": "2025-09-01"}
    recovery = {
        "case_id": "HLJ-FRAUD-B",
        "debtor": "enterprise",
        "amount_fen": 60 * WAN,
        "receipt_no": "黑财收〔2025〕9号",
        "received_on": "2025-09-05",
        "bank_serial": "HLJREC-B-1",
    }
    w.now = g.beijing(2025, 9, 5)
    w.when("prov-fin", "province.record_recovery", recovery)
    w.refused(
        "prov-fin",
        "province.record_recovery",
        {**recovery, "amount_fen": 40 * WAN + 1, "bank_serial": "HLJREC-B-2"},
        rule="FT-HLJ-RECOVERY",
        field="amount_fen",
    )
    w.when("prov-fin", "province.record_recovery", {**recovery, "amount_fen": 40 * WAN, "bank_serial": "HLJREC-B-2"})
    case = w.get(FraudCase, fraud_case_stream("HLJ-FRAUD-B"))
    assert (case.recovered, case.outstanding("enterprise")) == ({"enterprise": 100 * WAN}, 0)
    # the money is frozen: nothing more is forwarded or disbursed on B
    assert w.get(Disbursement, disbursement_stream("HLJ-2025-B")).frozen_by == "HLJ-FRAUD-B"

    # the next year's call: B may not apply again
    w.now = g.beijing(2026, 4, 1)
    w.when(
        "prov-miit",
        "province.publish_call",
        g.call_args(call_id="HLJ-2026", year=2026, published_on="2026-04-01", deadline="2026-04-30"),
    )
    w.now = g.beijing(2026, 4, 10)
    w.refused(
        "ent-b",
        "province.apply",
        g.apply_args("B", application_id="HLJ-2026-B", call_id="HLJ-2026", invoices=[]),
        rule="FT-HLJ-EXCLUDED",
        field="uscc",
    )

    verified_and_reproduced(w, url)


def listed(w: LedgerWorld) -> AnyWorld:
    """The 2025 call up to the list on publicity (B 100万, A 50万)."""
    gw = given(w)
    g.actors(gw)
    g.publish_call(gw)
    for key in ("A", "B", "C"):
        g.apply(gw, key)
    g.reviewed(gw)
    g.propose(gw)
    g.publicise(gw, [("B", 100 * WAN), ("A", 50 * WAN)])
    return gw


def test_an_objection_cannot_give_a_provincial_entry_an_amount_article_3_does_not_know(tmp_path: Path) -> None:
    w = LedgerWorld(f"sqlite:///{tmp_path}/amount.sqlite")
    listed(w)
    w.now = g.beijing(2025, 5, 23)
    objection = {
        "publicity_id": g.PUBLICITY,
        "objection_id": "OBJ-A",
        "subject_id": "HLJ-2025-A",
        "channel": "省工信厅网站",
        "content_sha256": g.sha("objection:A"),
        "objector_commitment": g.sha("objector"),
        "received_on": "2025-05-23",
    }
    w.when("prov-miit", "publicity.receive_objection", objection)
    resolve = {
        "publicity_id": g.PUBLICITY,
        "objection_id": "OBJ-A",
        "outcome": "upheld",
        "reasons": "核减",
        "investigation_sha256": g.sha("investigation:A"),
        "action": "change_amount",
        "new_amount_fen": 40 * WAN,
    }
    w.refused("prov-miit", "publicity.resolve_objection", resolve, rule="FT-HLJ-AMOUNT", field="new_amount_fen")


def test_a_forward_is_not_blocked_by_a_year_the_calendar_does_not_know(tmp_path: Path) -> None:
    w = LedgerWorld(f"sqlite:///{tmp_path}/calendar.sqlite")
    gw = listed(w)
    g.party_review(gw, ["A", "B"])
    g.request(gw, [("A", 50 * WAN), ("B", 100 * WAN)])
    g.reply(gw, [("A", 50 * WAN), ("B", 100 * WAN)])
    g.indicators(gw)
    w.now = g.beijing(2030, 12, 20)  # chinesecalendar has no 2031 schedule, and none is registered
    leg = {
        "leg_id": "LEG-A",
        "application_id": "HLJ-2025-A",
        "to_org": g.HRB_FIN,
        "amount_fen": 50 * WAN,
        "doc_no": "黑财指〔2030〕101号",
        "disbursed_on": "2030-12-20",
        "target_set_id": g.INDICATORS,
        "bank_serial": "HLJFINLEG-A",
    }
    w.when("prov-fin", "province.disburse", leg)
    g.forward(gw, "hrb-fin", "A", "LEG-A", 50 * WAN, (2030, 12, 23))
    forward = w.get(Disbursement, disbursement_stream("HLJ-2025-A")).legs["LEG-A"]["forwards"][0]
    assert forward["amount_fen"] == 50 * WAN
