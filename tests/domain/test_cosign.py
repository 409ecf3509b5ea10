"""Co-signature (会签, docs/decisions.md §28), told through its first user: a clawback write-off.

市财政局 proposes the write-off; it takes effect only when another person of 市工信局 — another
organisation — countersigns the digest of exactly the proposed arguments, and every rule of the
write-off is checked again at that moment.
"""

from __future__ import annotations

from typing import Any

from domain.kernel.cosign import Proposal
from domain.kernel.cosign import proposal_stream
from domain.kernel.digest import digest
from domain.roles import Role
from tests.domain import test_clawback as clb
from tests.domain import test_payment as pay
from tests.domain.memory import World
from tests.domain.memory import topics

WAN = 1_000_000
DEMANDED = 2_800_000
KEY = "CASE-1/哈财核〔2025〕2号"
PROPOSED = {
    "case_id": "CASE-1",
    "amount_fen": 300_000,
    "reason": "企业已注销，无财产可供执行",
    "doc_no": "哈财核〔2025〕2号",
    "decision_ref": clb.DECISION,
}


def receivable() -> World:
    """CASE-1 decided: 9.8万 paid, 7万 entitled, 2.8万 to recover; nothing received yet; the write-off proposed."""
    w = clb.first_paid()
    pay.open_case(w)
    w.when(
        "miit", "clawback.decide", clb.decide_args(verified_investment_fen=10 * WAN, sanctions=[{"kind": "recover"}])
    )
    w.when("finance", "clawback.write_off", PROPOSED)
    return w


def sha(raw: dict[str, Any] = PROPOSED) -> str:
    return digest(clb.proposed_args("clawback.write_off", raw))


def proposal(w: World) -> Proposal:
    return w.get(Proposal, proposal_stream("clawback.write_off", KEY))


def test_a_proposal_records_the_arguments_and_changes_nothing_else() -> None:
    w = receivable()
    p = proposal(w)
    assert (p.status, p.proposed_by, p.proposed_by_org, p.args_sha256) == ("pending", "finance", "HRB-FIN", sha())
    assert p.countersign_roles == ["city_miit"]
    assert clb.case(w).outstanding_fen == DEMANDED


def test_another_person_of_the_required_role_and_organisation_brings_it_into_effect() -> None:
    w = receivable()
    events = w.when("miit", "clawback.countersign_write_off", {"key": KEY, "args_sha256": sha()})
    assert topics(events) == ["fundtrail.cosign.Countersigned", "fundtrail.clawback.RecoveryWrittenOff"]
    assert proposal(w).status == "effective"
    assert clb.case(w).outstanding_fen == DEMANDED - 300_000


def test_the_proposer_cannot_countersign_even_holding_the_role() -> None:
    w = receivable()
    w.actor("finance", Role.CITY_FINANCE, Role.CITY_MIIT, org_code="HRB-FIN", org_kind="city_finance")
    args = {"key": KEY, "args_sha256": sha()}
    w.refused("finance", "clawback.countersign_write_off", args, rule="FT-COSIGN-DISTINCT", field="key")


def test_someone_of_the_proposers_organisation_cannot_countersign() -> None:
    w = receivable()
    w.actor("fin-miit", Role.CITY_MIIT, org_code="HRB-FIN", org_kind="city_finance")
    args = {"key": KEY, "args_sha256": sha()}
    w.refused("fin-miit", "clawback.countersign_write_off", args, rule="FT-COSIGN-DISTINCT", field="key")


def test_a_role_outside_the_countersigners_is_refused_at_admission() -> None:
    w = receivable()
    args = {"key": KEY, "args_sha256": sha()}
    w.refused("inspector", "clawback.countersign_write_off", args, rule="FT-ROLE")


def test_the_countersignature_covers_exactly_the_proposed_arguments() -> None:
    w = receivable()
    other = sha({**PROPOSED, "amount_fen": DEMANDED})
    args = {"key": KEY, "args_sha256": other}
    w.refused("miit", "clawback.countersign_write_off", args, rule="FT-COSIGN-DIGEST", field="args_sha256")


def test_every_rule_is_checked_again_when_it_takes_effect() -> None:
    """Repayments since the proposal leave less outstanding than it would write off: FT-CLB-OVERPAY, at the
    countersignature."""
    w = receivable()
    w.when("finance", "clawback.record_repayment", clb.repay_args(DEMANDED - 100_000, "TH-9"))
    args = {"key": KEY, "args_sha256": sha()}
    w.refused("miit", "clawback.countersign_write_off", args, rule="FT-CLB-OVERPAY", field="amount_fen")
    assert proposal(w).status == "pending"


def test_what_fails_at_once_is_not_proposed() -> None:
    w = receivable()
    bad = {**PROPOSED, "doc_no": "哈财核〔2025〕3号", "decision_ref": "哈工信处〔2025〕9号"}
    w.refused("finance", "clawback.write_off", bad, rule="FT-CLB-WRITE-OFF", field="decision_ref")


def test_a_key_is_proposed_once_and_countersigned_once() -> None:
    w = receivable()
    w.refused("finance", "clawback.write_off", PROPOSED, rule="FT-COSIGN-PROPOSAL", field="key")
    w.when("miit", "clawback.countersign_write_off", {"key": KEY, "args_sha256": sha()})
    args = {"key": KEY, "args_sha256": sha()}
    w.refused("miit-2", "clawback.countersign_write_off", args, rule="FT-COSIGN-PROPOSAL", field="key")


def test_a_decline_needs_a_reason_and_closes_the_proposal() -> None:
    w = receivable()
    decline = {"key": KEY, "args_sha256": sha(), "decision": "decline"}
    w.refused("miit", "clawback.countersign_write_off", decline, rule="FT-COSIGN-REASON", field="reason")
    w.when("miit", "clawback.countersign_write_off", {**decline, "reason": "尚有可执行财产，继续追缴"})
    assert (proposal(w).status, proposal(w).reason) == ("declined", "尚有可执行财产，继续追缴")
    assert clb.case(w).outstanding_fen == DEMANDED
    w.refused("finance", "clawback.withdraw_write_off", {"key": KEY, "reason": "x"}, rule="FT-COSIGN-PROPOSAL")


def test_only_the_proposer_withdraws_and_a_withdrawn_proposal_cannot_be_countersigned() -> None:
    w = receivable()
    w.actor("finance-2", Role.CITY_FINANCE, org_code="HRB-FIN", org_kind="city_finance")
    withdraw = {"key": KEY, "reason": "金额有误，重新发起"}
    w.refused("finance-2", "clawback.withdraw_write_off", withdraw, rule="FT-COSIGN-WITHDRAW", field="key")
    w.when("finance", "clawback.withdraw_write_off", withdraw)
    args = {"key": KEY, "args_sha256": sha()}
    w.refused("miit", "clawback.countersign_write_off", args, rule="FT-COSIGN-PROPOSAL", field="key")


def test_a_proposer_who_lost_the_role_cannot_have_the_proposal_carried_out() -> None:
    w = receivable()
    w.actor("finance", org_code="HRB-FIN", org_kind="city_finance")  # the role revoked since the proposal
    args = {"key": KEY, "args_sha256": sha()}
    w.refused("miit", "clawback.countersign_write_off", args, rule="FT-COSIGN-PROPOSAL", field="key")


def test_an_unknown_proposal_is_not_found() -> None:
    w = receivable()
    args = {"key": "CASE-1/nope", "args_sha256": sha()}
    w.refused("miit", "clawback.countersign_write_off", args, rule="FT-NOT-FOUND", field="key")
