"""The task force's cases (HRB 第十五条): flag → dismissed (co-signed) or finding → notice → rectification →
复核 → 销号, story by story, in memory over the provincial year of tests/domain/province_given.py."""

from __future__ import annotations

from typing import Any

from domain.audit.aggregate import Finding
from domain.audit.aggregate import Flag
from domain.audit.aggregate import finding_stream
from domain.audit.aggregate import flag_stream
from domain.kernel.digest import digest
from domain.roles import Role
from tests.domain import province_given as g
from tests.domain.memory import World


def world() -> World:
    w = World()
    g.year(w)
    w.actor("insp-1", Role.INSPECTOR, org_code="HRB-DUCHA", org_kind="task_force")
    w.actor("insp-2", Role.INSPECTOR, org_code="HRB-DUCHA", org_kind="task_force")
    w.now = g.beijing(2025, 7, 1)
    return w


def flag_args(flag_id: str = "FLAG-1", **over: Any) -> dict[str, Any]:
    return {
        "flag_id": flag_id,
        "rule_id": "R19",
        "parameters_version": "flags-2025.1",
        "subjects": ["HLJ-2025-A"],
        "facts": {"scores": [3500, 2000], "ratio_bp": 4286},
        "seqs": [41, 57],
        "summary": "两名评审对 T1 的评分相差超过较高分的 30%",
        **over,
    }


def promote_args(**over: Any) -> dict[str, Any]:
    return {
        "flag_id": "FLAG-1",
        "finding_id": "FND-1",
        "title": "示范案例材料与现场不符",
        "description": "现场核查发现示范产线尚未投运",
        "responsible_org": g.ENT_A,
        "severity": "high",
        **over,
    }


def notice_args(**over: Any) -> dict[str, Any]:
    return {
        "finding_id": "FND-1",
        "notice_no": "哈督整〔2025〕3号",
        "mode": "immediate",
        "working_days": 10,
        "requirements": "补充产线投运记录并说明",
        "sha256": g.sha("notice:3"),
        **over,
    }


def submit_args(day: str, **over: Any) -> dict[str, Any]:
    return {
        "finding_id": "FND-1",
        "summary": "产线已投运，附运行记录",
        "evidence": [g.sha(f"rectify:{day}")],
        "submitted_on": day,
        **over,
    }


def test_a_flag_cites_its_records_and_a_dismissal_needs_a_second_inspector() -> None:
    w = world()
    w.refused("insp-1", "audit.raise_flag", flag_args(seqs=[]), rule="FT-FIELD", field="seqs")
    w.refused("insp-1", "audit.raise_flag", flag_args(seqs=[41, 41]), rule="FT-AUD-FLAG", field="seqs")
    w.when("insp-1", "audit.raise_flag", flag_args())
    w.refused("ent-a", "audit.raise_flag", flag_args("FLAG-2"), rule="FT-ROLE", field="envelope.actor")
    dismiss = {"flag_id": "FLAG-1", "reasons": "第三名专家复评后分差已解释"}
    w.when("insp-1", "audit.dismiss_flag", dismiss)
    assert w.get(Flag, flag_stream("FLAG-1")).state == "open"  # a proposal changes nothing yet
    cs = {"key": "FLAG-1", "args_sha256": digest({**dismiss, "evidence": []})}
    w.refused("insp-1", "audit.countersign_dismiss_flag", cs, rule="FT-COSIGN-DISTINCT", field="key")
    w.when("insp-2", "audit.countersign_dismiss_flag", cs)
    assert w.get(Flag, flag_stream("FLAG-1")).state == "dismissed"
    w.refused("insp-1", "audit.promote_flag", promote_args(), rule="FT-AUD-ORDER", field="flag_id")


def test_a_finding_goes_from_notice_to_close_in_order_with_a_second_pair_of_eyes() -> None:
    w = world()
    w.when("insp-1", "audit.raise_flag", flag_args())
    w.when("insp-1", "audit.promote_flag", promote_args())
    w.refused("insp-1", "audit.close_finding", {"finding_id": "FND-1", "note": "x"}, rule="FT-AUD-ORDER")
    w.refused("insp-1", "audit.issue_notice", notice_args(working_days=11), rule="FT-AUD-NOTICE", field="working_days")
    w.when("insp-1", "audit.issue_notice", notice_args())
    finding = w.get(Finding, finding_stream("FND-1"))
    assert finding.notice["due_on"] == "2025-07-15"  # 10 working days after Tuesday 2025-07-01
    w.refused("ent-b", "audit.submit_rectification", submit_args("2025-07-10"), rule="FT-AUD-RECTIFIER")
    w.now = g.beijing(2025, 7, 10)
    w.when("ent-a", "audit.submit_rectification", submit_args("2025-07-10"))
    recheck = {"finding_id": "FND-1", "accepted": False, "reasons": "运行记录不完整", "sha256": g.sha("r1")}
    w.refused("insp-1", "audit.recheck_rectification", recheck, rule="FT-AUD-SOD", field="finding_id")
    w.when("insp-2", "audit.recheck_rectification", recheck)
    assert w.get(Finding, finding_stream("FND-1")).state == "notified"
    w.now = g.beijing(2025, 7, 20)
    events = w.when("ent-a", "audit.submit_rectification", submit_args("2025-07-20"))
    submission = events[0].submission
    assert submission["late"] is True and submission["warnings"][0]["rule"] == "FT-AUD-OVERDUE"
    w.when("insp-2", "audit.recheck_rectification", {**recheck, "accepted": True, "reasons": "已补齐"})
    w.when("insp-1", "audit.close_finding", {"finding_id": "FND-1", "note": "整改到位，销号"})
    assert w.get(Finding, finding_stream("FND-1")).state == "closed"


def test_a_finding_links_only_to_what_is_recorded() -> None:
    w = world()
    w.when("insp-1", "audit.raise_flag", flag_args())
    w.when("insp-1", "audit.promote_flag", promote_args())
    link = {"finding_id": "FND-1", "kind": "clawback_case", "ref": "HRB-ZH-NONE"}
    w.refused("insp-1", "audit.link_finding", link, rule="FT-AUD-LINK", field="ref")
    w.when(
        "prov-miit",
        "document.register",
        {
            "doc_id": "YS-2025-1",
            "doc_type": "notice",
            "number": "哈督移〔2025〕1号",
            "title": "移送函",
            "issued_on": "2025-07-01",
            "sha256": g.sha("referral"),
            "issuer": "督察联合工作组",
        },
    )
    w.when("insp-1", "audit.link_finding", {**link, "kind": "judicial_referral", "ref": "YS-2025-1"})
    assert w.get(Finding, finding_stream("FND-1")).links[0]["kind"] == "judicial_referral"
