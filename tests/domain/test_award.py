"""Awards (以奖代补), story by story: HRB 第四条（二）（三）2, 第五条（A12）, 第七条, 第九条.

Given the programme of tests/domain/test_approval.py, a product-award batch and a diagnosis batch whose
selection criteria are registered, two providers and a lead unit: providers apply, 市工信局 records the
review and proposes amounts within the caps of 第四条 — each product, each provider, each category, each
lead unit — and lead units are rewarded only when their diagnoses met the expected indicators. The givens
at the top are shared with the award stories of publicity, approval and payment.
"""

from __future__ import annotations

from typing import Any

from stdnum.cn import uscc as stdnum_uscc

from domain.award.aggregate import Award
from domain.award.aggregate import award_stream
from domain.award.caps import AwardCap
from domain.award.caps import award_cap_stream
from domain.clock import command_time
from domain.enterprise.examples import credit_check_args
from domain.enterprise.examples import evidence
from domain.policy.params import params_hash
from domain.programme.batch import Batch
from domain.roles import Role
from tests.domain import test_approval as apr
from tests.domain import test_project_given as given
from tests.domain.memory import World
from tests.domain.memory import topics

WAN = given.WAN
PROGRAMME = given.PROGRAMME
PRODUCT_BATCH = "HRB-AWD-2025-1"
DIAGNOSIS_BATCH = "HRB-DIAG-2025-1"
CRITERIA = "HRB-AWD-CRITERIA-2025"
DIAG_CRITERIA = "HRB-DIAG-CRITERIA-2025"
INDUSTRY = "食品精深加工"
AT = apr.beijing(2025, 4, 1)


def uscc(body: str) -> str:
    return body + stdnum_uscc.calc_check_digit(body)


PROV_A = uscc("91230109MA4000001")
PROV_B = uscc("91230109MA4000002")
LEAD_A = uscc("91230109MA4000003")


def criteria(w: World, doc_id: str, title: str) -> None:
    w.when(
        "miit",
        "document.register",
        {
            "doc_id": doc_id,
            "doc_type": "notice",
            "number": f"哈工信发〔2025〕{len(doc_id)}号",
            "title": title,
            "issued_on": "2025-03-20",
            "sha256": given.sha(doc_id),
            "issuer": "哈尔滨市工业和信息化局",
        },
    )


def open_batch(w: World, batch_id: str, kind: str, notice: str | None) -> None:
    args = {
        "batch_id": batch_id,
        "programme_id": PROGRAMME,
        "policy_version_id": given.VERSION,
        "intake_from": "2025-03-25",
        "intake_to": "2025-06-30",
        "kind": kind,
    }
    w.when("miit", "batch.open", args | ({"notice_doc_no": notice} if notice else {}))


def register_provider(w: World, code: str, actor: str, role: Role = Role.PROVIDER) -> None:
    w.when(
        "miit",
        "award.register_provider",
        {
            "uscc": code,
            "name": f"示例数字科技有限公司{code[-4:]}",
            "registry": {
                "shareholders": evidence(["李四"]),
                "legal_representative": evidence("李四"),
                "address": evidence("北京市海淀区示例路2号"),  # A12: no Harbin location required
                "phone": evidence("010-80000000"),
            },
            "bank_accounts": [{"bank": "招商银行", "account_hash": given.account_hash(code), "last4": "5678"}],
        },
    )
    w.when("miit", "award.record_provider_credit_check", credit_check_args(code))
    w.actor(actor, role, org_code=code, org_kind="provider")


def world() -> World:
    """apr.world() at 2025-04-01, with both award batches open on registered criteria, providers A and B, and
    lead unit L appointed for 食品精深加工."""
    w = apr.world()
    setup(w)
    return w


def setup(w: Any) -> None:
    """The award givens on any world with the programme set up (tests/domain/memory.py or tests/ledger_world.py)."""
    w.now = AT
    criteria(w, CRITERIA, "数字化服务商和产品服务培育奖补遴选评审标准")
    criteria(w, DIAG_CRITERIA, "数字化转型诊断咨询服务奖励评审标准")
    open_batch(w, PRODUCT_BATCH, "product_award", CRITERIA)
    open_batch(w, DIAGNOSIS_BATCH, "diagnosis", DIAG_CRITERIA)
    register_provider(w, PROV_A, "prov-a")
    register_provider(w, PROV_B, "prov-b")
    register_provider(w, LEAD_A, "lead-a", Role.LEAD_UNIT)
    w.when(
        "miit",
        "award.appoint_lead_unit",
        {
            "programme_id": PROGRAMME,
            "industry": INDUSTRY,
            "provider_uscc": LEAD_A,
            "doc_no": "哈工信函〔2025〕8号",
            "decided_on": "2025-03-28",
        },
    )


def product_args(award_id: str, provider: str = PROV_A, category: str = "product_xkqz", **over: Any) -> dict[str, Any]:
    return {
        "award_id": award_id,
        "batch_id": PRODUCT_BATCH,
        "provider_uscc": provider,
        "category": category,
        "product_name": f"设备联网小快轻准套件-{award_id}",
        "description_sha256": given.sha(award_id),
        "list_price_fen": 3 * WAN,
    } | over


def diagnosis_args(award_id: str = "DG-1", **over: Any) -> dict[str, Any]:
    return {
        "award_id": award_id,
        "batch_id": DIAGNOSIS_BATCH,
        "industry": INDUSTRY,
        "lead_uscc": LEAD_A,
        "enterprises_diagnosed": 120,
        "indicators": [
            {"id": "D1", "metric": "完成诊断企业数", "unit": "家", "target": 100, "actual": 120},
            {"id": "D2", "metric": "诊断后实施改造比例", "unit": "bp", "target": 3000, "actual": 3500},
        ],
        "report_sha256": given.sha(f"report:{award_id}"),
    } | over


def review_args(award_id: str, rank: int, selected: bool = True, score: int = 88) -> dict[str, Any]:
    return {
        "award_id": award_id,
        "score": score,
        "rank": rank,
        "selected": selected,
        "panel_id": "PANEL-2025-1",
        "review_sha256": given.sha(f"review:{award_id}"),
        "reviewed_on": "2025-04-01",
    }


def applied(w: World, award_id: str, actor: str = "prov-a", provider: str = PROV_A, **over: Any) -> None:
    w.when(actor, "award.apply_product", product_args(award_id, provider, **over))


def selected(w: World, award_id: str, rank: int, actor: str = "prov-a", provider: str = PROV_A, **over: Any) -> None:
    applied(w, award_id, actor, provider, **over)
    w.when("miit", "award.record_review", review_args(award_id, rank))


def proposed(w: World, award_id: str, amount_fen: int, rank: int, **over: Any) -> None:
    selected(w, award_id, rank, **over)
    w.when("miit", "award.propose", {"award_id": award_id, "amount_fen": amount_fen})


def award(w: World, award_id: str) -> Award:
    return w.get(Award, award_stream(award_id))


def cap(w: World, scope: str) -> AwardCap:
    return w.get(AwardCap, award_cap_stream(PROGRAMME, scope))


# -- providers and the order of 第九条 -------------------------------------------------------------------


def test_a12_a_provider_outside_harbin_is_registered_and_applies_for_itself() -> None:
    w = world()
    events = w.when("prov-a", "award.apply_product", product_args("AW-1"))
    assert topics(events) == ["fundtrail.award.AwardApplied", *["fundtrail.award.ProductClaimed"] * 2]
    a = award(w, "AW-1")
    assert (a.state, a.category, a.provider_uscc, a.support_mode) == (
        "applied",
        "product_xkqz",
        PROV_A,
        "reward_in_lieu_of_subsidy",
    )


def test_hrb_article_7_every_award_records_its_support_mode() -> None:
    """第七条 (HRB-7): 以奖代补 is recorded on the award from its application."""
    w = world()
    events = w.when("prov-a", "award.apply_product", product_args("AW-1"))
    assert events[0].support_mode == "reward_in_lieu_of_subsidy"  # 以奖代补 (decisions §23: codes stay English)


def test_hrb_article_5_a_provider_applies_only_for_its_own_organisation() -> None:
    w = world()
    w.refused("prov-b", "award.apply_product", product_args("AW-1"), rule="FT-AWD-PROVIDER", field="provider_uscc")


def test_hrb_article_5_an_unregistered_provider_cannot_apply() -> None:
    w = world()
    other = uscc("91230109MA4000009")
    w.actor("prov-x", Role.PROVIDER, org_code=other, org_kind="provider")
    w.refused("prov-x", "award.apply_product", product_args("AW-1", other), rule="FT-AWD-PROVIDER")


def test_hrb_article_9_no_application_before_the_selection_criteria_are_registered() -> None:
    """第九条: 制定遴选评审标准 comes before 申报."""
    w = world()
    open_batch(w, "HRB-AWD-NOCRIT", "product_award", "HRB-NOT-REGISTERED")
    args = product_args("AW-1", batch_id="HRB-AWD-NOCRIT")
    w.refused("prov-a", "award.apply_product", args, rule="FT-AWD-CRITERIA", field="batch_id")


def test_hrb_article_9_an_application_goes_to_an_open_batch_of_its_kind() -> None:
    w = world()
    args = product_args("AW-1", batch_id=DIAGNOSIS_BATCH)
    w.refused("prov-a", "award.apply_product", args, rule="FT-AWD-BATCH", field="batch_id")
    w.refused("prov-a", "award.apply_product", product_args("AW-2", batch_id=given.BATCH), rule="FT-AWD-BATCH")
    w.refused("prov-a", "award.apply_product", product_args("AW-3"), rule="FT-AWD-BATCH", at=apr.beijing(2025, 7, 1))


def test_one_id_one_subject_an_award_cannot_take_a_projects_id() -> None:
    w = world()
    apr.proposed(w, "P-1", 20 * WAN, 14 * WAN)
    w.refused("prov-a", "award.apply_product", product_args("P-1"), rule="FT-AWD-UNIQUE", field="award_id")
    applied(w, "AW-1")
    w.refused("prov-a", "award.apply_product", product_args("AW-1"), rule="FT-AWD-UNIQUE", field="award_id")


def test_hrb_article_9_review_comes_before_the_proposal_and_only_the_selected_are_proposed() -> None:
    w = world()
    applied(w, "AW-1")
    w.refused("miit", "award.propose", {"award_id": "AW-1", "amount_fen": 10 * WAN}, rule="FT-AWD-ORDER")
    w.when("miit", "award.record_review", review_args("AW-1", 1, selected=False, score=55))
    assert award(w, "AW-1").state == "not_selected"
    w.refused("miit", "award.propose", {"award_id": "AW-1", "amount_fen": 10 * WAN}, rule="FT-AWD-SELECTED")
    w.refused("miit", "award.record_review", review_args("AW-1", 2), rule="FT-AWD-ORDER")


def test_hrb_article_9_scores_are_0_to_100_and_a_rank_is_given_once_per_category() -> None:
    w = world()
    applied(w, "AW-1")
    applied(w, "AW-2")
    w.refused("miit", "award.record_review", review_args("AW-1", 1, score=101), rule="FT-AWD-SCORE", field="score")
    w.refused("miit", "award.record_review", review_args("AW-1", 0), rule="FT-AWD-SCORE", field="rank")
    w.when("miit", "award.record_review", review_args("AW-1", 1))
    w.refused("miit", "award.record_review", review_args("AW-2", 1), rule="FT-AWD-SCORE", field="rank")
    applied(w, "AW-3", category="product_chain")
    w.when("miit", "award.record_review", review_args("AW-3", 1))  # rank 1 of the other category


# -- caps of 第四条（二） -------------------------------------------------------------------------------------


def test_hrb_article_4_2_the_per_product_cap_is_per_product_not_per_application() -> None:
    """Found in review: the same product applied twice would hold two 15万. It applies once per programme,
    known by its description's hash and by its provider and (normalised) name."""
    w = world()
    applied(w, "AW-1")
    again = product_args("AW-2", description_sha256=product_args("AW-1")["description_sha256"])
    w.refused("prov-a", "award.apply_product", again, rule="FT-AWD-ITEM-CAP", field="description_sha256")
    renamed = product_args("AW-3", product_name=" 设备联网小快轻准套件-aw-1 ".upper())
    w.refused("prov-a", "award.apply_product", renamed, rule="FT-AWD-ITEM-CAP", field="product_name")


def test_duplicate_bank_accounts_and_indicators_are_refused_by_field() -> None:
    w = world()
    other = uscc("91230109MA4000007")
    account = {"bank": "招商银行", "account_hash": given.account_hash(other), "last4": "5678"}
    registry = {
        "shareholders": evidence(["王五"]),
        "legal_representative": evidence("王五"),
        "address": evidence("北京市"),
        "phone": evidence("010-1"),
    }
    args = {"uscc": other, "name": "示例", "registry": registry, "bank_accounts": [account, account]}
    w.refused("miit", "award.register_provider", args, rule="FT-ENT-BANK", field="bank_accounts")
    twice = diagnosis_args(indicators=[diagnosis_args()["indicators"][0]] * 2)
    w.refused("lead-a", "award.apply_diagnosis", twice, rule="FT-FIELD", field="indicators")


def test_hrb_article_4_2_each_xkqz_product_at_most_15_wan_and_each_chain_product_30_wan() -> None:
    w = world()
    selected(w, "AW-1", 1)
    selected(w, "AW-2", 1, category="product_chain")
    w.refused("miit", "award.propose", {"award_id": "AW-1", "amount_fen": 15 * WAN + 1}, rule="FT-AWD-ITEM-CAP")
    w.refused("miit", "award.propose", {"award_id": "AW-2", "amount_fen": 30 * WAN + 1}, rule="FT-AWD-ITEM-CAP")
    w.when("miit", "award.propose", {"award_id": "AW-1", "amount_fen": 15 * WAN})
    w.when("miit", "award.propose", {"award_id": "AW-2", "amount_fen": 30 * WAN})
    assert cap(w, f"provider:{PROV_A}").committed_fen == 45 * WAN


def test_hrb_article_4_2_a_provider_receives_at_most_50_wan_across_both_categories() -> None:
    w = world()
    proposed(w, "AW-1", 15 * WAN, 1)
    proposed(w, "AW-2", 30 * WAN, 1, category="product_chain")
    selected(w, "AW-3", 2)
    args = {"award_id": "AW-3", "amount_fen": 6 * WAN, "reason": "评审排序第二"}
    w.refused("miit", "award.propose", args, rule="FT-AWD-PROVIDER-CAP", field="amount_fen")
    w.when("miit", "award.propose", {"award_id": "AW-3", "amount_fen": 5 * WAN})  # the 5万 left is the ceiling
    a = award(w, "AW-3")
    assert a.ceiling_fen == 5 * WAN
    assert a.ceiling is not None and a.ceiling["caps"][0] == {
        "scope": f"provider:{PROV_A}",
        "before_fen": 45 * WAN,
        "cap_fen": 50 * WAN,
        "left_fen": 5 * WAN,
        "after_fen": 50 * WAN,
    }


def test_hrb_article_4_2_the_chain_category_total_is_at_most_150_wan() -> None:
    w = world()
    providers = [uscc(f"91230109MA41000{n:02d}") for n in range(6)]
    for n, code in enumerate(providers):
        register_provider(w, code, f"p{n}")
        selected(w, f"CH-{n}", n + 1, actor=f"p{n}", provider=code, category="product_chain")
    for n in range(5):
        w.when("miit", "award.propose", {"award_id": f"CH-{n}", "amount_fen": 30 * WAN})
    assert cap(w, "category:product_chain").committed_fen == 150 * WAN
    args = {"award_id": "CH-5", "amount_fen": 1, "reason": "类别总额已满"}
    w.refused("miit", "award.propose", args, rule="FT-AWD-CATEGORY-CAP", field="amount_fen")


def test_an_amount_below_the_ceiling_states_its_basis() -> None:
    w = world()
    selected(w, "AW-1", 1)
    w.refused("miit", "award.propose", {"award_id": "AW-1", "amount_fen": 10 * WAN}, rule="FT-AWD-REASON")
    w.when("miit", "award.propose", {"award_id": "AW-1", "amount_fen": 10 * WAN, "reason": "按评审得分分档"})
    assert award(w, "AW-1").proposed_fen == 10 * WAN


def test_a_withdrawn_award_releases_what_it_reserved() -> None:
    w = world()
    proposed(w, "AW-1", 15 * WAN, 1)
    w.refused("prov-b", "award.withdraw", {"award_id": "AW-1", "reason": "x"}, rule="FT-AWD-PROVIDER")
    w.when("prov-a", "award.withdraw", {"award_id": "AW-1", "reason": "产品下架"})
    assert award(w, "AW-1").state == "withdrawn"
    assert cap(w, f"provider:{PROV_A}").committed_fen == 0
    assert cap(w, "category:product_xkqz").committed_fen == 0


def test_the_caps_come_from_the_pinned_policy_version() -> None:
    """HRB-4.1e: a batch pinned to a version without award caps cannot judge an award (the batch is placed in
    the store directly: one version is active at a time, FT-POL-ONE-ACTIVE)."""
    w = world()
    params = {k: v for k, v in given.SEED_PARAMS.to_dict().items() if k != "award_caps_fen"}
    with command_time(w.now):
        b = Batch(
            batch_id="HRB-AWD-NOCAPS",
            programme_id=PROGRAMME,
            kind="product_award",
            notice_doc_no=CRITERIA,
            policy_version_id="HRB-PV-OLD",
            policy_hash=params_hash(params),
            params=params,
            investment_basis=None,
            intake_from="2025-03-25",
            intake_to="2025-06-30",
            opened_by="miit",
        )
        b.collect_events()
    w.store[b.id] = b
    selected(w, "AW-9", 1, batch_id="HRB-AWD-NOCAPS")
    w.refused("miit", "award.propose", {"award_id": "AW-9", "amount_fen": WAN}, rule="FT-AWD-CAP-SET")


# -- diagnosis awards, 第四条（三）2 ----------------------------------------------------------------------------


def test_hrb_article_4_3_2_one_lead_unit_per_industry_and_only_it_applies() -> None:
    w = world()
    appoint = {
        "programme_id": PROGRAMME,
        "industry": INDUSTRY,
        "provider_uscc": PROV_B,
        "doc_no": "哈工信函〔2025〕9号",
        "decided_on": "2025-03-28",
    }
    w.refused("miit", "award.appoint_lead_unit", appoint, rule="FT-AWD-LEAD", field="industry")
    w.actor("lead-b", Role.LEAD_UNIT, org_code=PROV_B, org_kind="provider")
    args = diagnosis_args(lead_uscc=PROV_B)
    w.refused("lead-b", "award.apply_diagnosis", args, rule="FT-AWD-LEAD", field="lead_uscc")
    w.when("lead-a", "award.apply_diagnosis", diagnosis_args())
    assert award(w, "DG-1").details["enterprises_diagnosed"] == 120


def test_hrb_article_4_3_2_the_award_is_gated_on_the_expected_indicators_being_met() -> None:
    w = world()
    missed = diagnosis_args(
        indicators=[{"id": "D1", "metric": "完成诊断企业数", "unit": "家", "target": 100, "actual": 80}]
    )
    w.when("lead-a", "award.apply_diagnosis", missed)
    w.when("miit", "award.record_review", review_args("DG-1", 1))
    e = w.refused("miit", "award.propose", {"award_id": "DG-1", "amount_fen": 100 * WAN}, rule="FT-AWD-INDICATORS")
    assert "D1" in str(e)


def test_hrb_article_4_3_2_at_most_150_wan_per_lead_unit() -> None:
    w = world()
    w.when("lead-a", "award.apply_diagnosis", diagnosis_args())
    w.when("miit", "award.record_review", review_args("DG-1", 1))
    w.refused("miit", "award.propose", {"award_id": "DG-1", "amount_fen": 150 * WAN + 1}, rule="FT-AWD-LEAD-CAP")
    events = w.when("miit", "award.propose", {"award_id": "DG-1", "amount_fen": 150 * WAN})
    assert "fundtrail.award.AwardProposed" in topics(events)
    a = award(w, "DG-1")
    assert a.ceiling is not None and a.ceiling["articles"][0] == "第四条（三）2"
    assert cap(w, "category:diagnosis").committed_fen == 150 * WAN


# -- through the shared steps: publicity, 市政府 approval, payment (第九条) ---------------------------------------


def product_line(w: World, amount_fen: int = 450 * WAN) -> None:
    w.when(
        "finance",
        "programme.open_budget_line",
        {"programme_id": PROGRAMME, "category": "product_xkqz", "amount_fen": amount_fen},
    )


def publicised_awards(w: World, entries: dict[str, int]) -> None:
    """Listed on Wednesday 2025-04-02 (a product-award list); completed after its 5 working days."""
    w.now = apr.beijing(2025, 4, 2)
    w.when(
        "miit",
        "publicity.start",
        {
            "publicity_id": "PUB-AWD-1",
            "batch_id": PRODUCT_BATCH,
            "list_kind": "product_award",
            "entries": [{"subject_id": s, "amount_fen": a} for s, a in entries.items()],
            "channel_url": "https://gxj.harbin.gov.cn/gs/awd-1",
            "content_sha256": given.sha("list:PUB-AWD-1"),
            "start_on": "2025-04-02",
        },
    )
    w.now = apr.beijing(2025, 4, 14)  # 清明 (04-04) is a holiday: 5 working days end 24:00 on 04-10
    w.when("miit", "publicity.complete", {"publicity_id": "PUB-AWD-1"})


def award_approved(w: World, entries: dict[str, int], approve: dict[str, int] | None = None) -> None:
    publicised_awards(w, entries)
    items = [{"project_id": a, "amount_fen": n} for a, n in entries.items()]
    request = {
        "approval_id": "APR-AWD-1",
        "batch_id": PRODUCT_BATCH,
        "publicity_id": "PUB-AWD-1",
        "request_doc_no": "哈工信呈〔2025〕21号",
        "items": items,
    }
    w.when("miit", "approval.request", request)
    decided = approve or entries
    w.when(
        "clerk",
        "approval.record_decision",
        {
            "approval_id": "APR-AWD-1",
            "decision_doc_no": "哈政批〔2025〕30号",
            "decided_on": "2025-04-14",
            "sha256": given.sha("decision:APR-AWD-1"),
            "approved": [{"project_id": a, "amount_fen": n} for a, n in decided.items()],
            "rejected": [],
        },
    )


def fresh(w: World, code: str) -> None:
    """A credit check made on the payment day, covering the three years before it."""
    check = credit_check_args(code, queried_at="2025-04-14T09:00:00+08:00", window_to="2025-04-14")
    w.when("miit", "award.record_provider_credit_check", check)


def test_hrb_article_9_the_list_kind_is_the_batchs() -> None:
    w = world()
    proposed(w, "AW-1", 15 * WAN, 1)
    w.refused(
        "miit",
        "publicity.start",
        {
            "publicity_id": "PUB-AWD-X",
            "batch_id": PRODUCT_BATCH,
            "list_kind": "transformation_subsidy",
            "entries": [{"subject_id": "AW-1", "amount_fen": 15 * WAN}],
            "channel_url": "https://gxj.harbin.gov.cn/gs/awd-x",
            "content_sha256": given.sha("x"),
            "start_on": "2025-04-01",
        },
        rule="FT-PUB-KIND",
        field="list_kind",
    )


def test_hrb_article_9_an_award_is_publicised_approved_and_paid_in_one_tranche() -> None:
    """标准 → 申报 → 评审 → 公示 → 批准 → 发放, through the same publicity, approval and payment as a project;
    A8: an award is paid in one tranche, to the provider's recorded account."""
    w = world()
    product_line(w)
    proposed(w, "AW-1", 15 * WAN, 1)
    award_approved(w, {"AW-1": 15 * WAN}, approve={"AW-1": 12 * WAN})
    a = award(w, "AW-1")
    assert (a.state, a.approved_fen, a.approval_id) == ("approved", 12 * WAN, "APR-AWD-1")
    assert cap(w, f"provider:{PROV_A}").committed_fen == 12 * WAN  # the 3万 not approved is released
    assert cap(w, "category:product_xkqz").committed_fen == 12 * WAN
    from domain.programme.budget import BudgetLine
    from domain.programme.budget import budget_line_stream

    line = w.get(BudgetLine, budget_line_stream(PROGRAMME, "product_xkqz"))
    assert line.committed_fen == 12 * WAN
    w.when("finance", "payment.create_schedule", {"project_id": "AW-1", "approval_id": "APR-AWD-1"})
    from domain.payment.aggregate import PaymentSchedule
    from domain.payment.aggregate import payment_schedule_stream

    schedule = w.get(PaymentSchedule, payment_schedule_stream("AW-1"))
    assert [t["amount_fen"] for t in schedule.tranches] == [12 * WAN]
    order = {
        "order_no": "ZF-AW-1",
        "project_id": "AW-1",
        "tranche": 1,
        "amount_fen": 12 * WAN,
        "payee_account_hash": given.account_hash(PROV_A),
    }
    fresh(w, PROV_A)
    w.refused(
        "finance",
        "payment.issue_order",
        order | {"payee_account_hash": given.account_hash(PROV_B)},
        rule="FT-PAY-PAYEE",
    )
    w.when("finance", "payment.issue_order", order)
    w.when(
        "finance",
        "payment.record_settlement",
        {"order_no": "ZF-AW-1", "bank_serial": "BS-AW-1", "value_date": "2025-04-14"},
    )
    assert w.get(PaymentSchedule, payment_schedule_stream("AW-1")).unpaid_fen == 0


def test_a12_a_provider_is_checked_again_before_payment_on_its_credit() -> None:
    """第五条（二） applies to providers (A12): a check whose window no longer reaches the payment day refuses it."""
    w = world()
    product_line(w)
    proposed(w, "AW-1", 15 * WAN, 1)
    award_approved(w, {"AW-1": 15 * WAN})
    w.when("finance", "payment.create_schedule", {"project_id": "AW-1", "approval_id": "APR-AWD-1"})
    order = {
        "order_no": "ZF-AW-1",
        "project_id": "AW-1",
        "tranche": 1,
        "amount_fen": 15 * WAN,
        "payee_account_hash": given.account_hash(PROV_A),
    }
    w.refused("finance", "payment.issue_order", order, rule="FT-PAY-ELIGIBLE")
    fresh(w, PROV_A)
    w.when("finance", "payment.issue_order", order)


# -- the provider's concession on the projects that use an awarded product (第二条, HRB-2b) -------------------------


def test_hrb_article_2_a_project_buying_an_awarded_product_records_the_providers_concession() -> None:
    """企业出一点、服务商让一点、政府补一点: the contract names the awarded product; the concession is list price
    minus contract price; a zero concession raises FT-PRJ-CONCESSION (WARN) and is recorded."""
    w = world()
    register_provider(w, given.PROVIDER, "prov-p")
    selected(w, "AW-P", 1, actor="prov-p", provider=given.PROVIDER, list_price_fen=25 * WAN)
    w.now = apr.beijing(2025, 4, 1)
    given.intake(w, "P-9")
    given.to_pool(w, "P-9")
    given.track(w, "P-9")
    given.assess(w, "P-9")
    given.accept(w, "P-9")
    args = given.contract_args(w, "P-9", [("L1", "software", 20 * WAN)]) | {
        "product_award_id": "AW-P",
        "list_price_fen": None,  # taken from the award's application
    }
    w.when("district", "project.record_contract", args)
    contract = given.project(w, "P-9").contracts["HT-P-9"]
    assert (contract["product_award_id"], contract["list_price_fen"], contract["concession_fen"]) == (
        "AW-P",
        25 * WAN,
        5 * WAN,
    )
    same = given.contract_args(w, "P-9", [("L2", "cloud", 25 * WAN)]) | {
        "product_award_id": "AW-P",
        "contract_no": "HT-P-9-2",
        "list_price_fen": None,
    }
    events = w.when("district", "project.record_contract", same)
    assert [x["rule"] for x in events[0].warnings] == ["FT-PRJ-CONCESSION"]
    other = given.contract_args(w, "P-9", [("L3", "cloud", WAN)]) | {"product_award_id": "AW-1", "contract_no": "X"}
    applied(w, "AW-1")
    w.refused("district", "project.record_contract", other, rule="FT-PRJ-PARTIES", field="product_award_id")


def test_hrb_article_18_no_award_is_approved_after_2025_12_31_without_a_successor_policy() -> None:
    """第十八条 (HRB-18): the shared approval refuses awards as it refuses projects, after the measures end."""
    w = world()
    product_line(w)
    proposed(w, "AW-1", 15 * WAN, 1)
    publicised_awards(w, {"AW-1": 15 * WAN})
    w.now = apr.beijing(2026, 1, 5)
    request = {
        "approval_id": "APR-AWD-9",
        "batch_id": PRODUCT_BATCH,
        "publicity_id": "PUB-AWD-1",
        "request_doc_no": "哈工信呈〔2026〕1号",
        "items": [{"project_id": "AW-1", "amount_fen": 15 * WAN}],
    }
    w.refused("miit", "approval.request", request, rule="FT-APR-VALIDITY")
