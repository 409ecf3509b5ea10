"""Racing writers on the caps of the awards (HRB 第四条（二）（三）2), through the real ledger on both backends.

Two officers propose at once amounts that each fit alone and not together: under the provider's 50万,
under the 链式 category's 150万, under a lead unit's 150万. Both read and check, then meet at a barrier
before the save (tests/domain_setup.py ``Race``): exactly one applies, the other's save meets the conflict
on the running total both write, and checked again it is refused under the cap's rule. The cap holds and
the verifier finds nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

import pytest

from domain.award.caps import AwardCap
from domain.award.caps import award_cap_stream
from tests.domain import test_award as awd
from tests.domain_setup import Race
from tests.domain_setup import verify_chain
from tests.test_lifecycle import harbin

if TYPE_CHECKING:
    from pathlib import Path
    from uuid import UUID

    from tests.ledger_world import LedgerWorld

WAN = awd.WAN
PROGRAMME = awd.PROGRAMME


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/award-races.sqlite"
    return str(request.getfixturevalue("pg_ledger_url"))


def world(url: str) -> LedgerWorld:
    w = harbin(url)
    awd.setup(w)
    return w


def race(
    w: LedgerWorld,
    url: str,
    monkeypatch: pytest.MonkeyPatch,
    proposals: list[dict[str, Any]],
    shared: set[UUID],
    rule: str,
) -> str:
    """Both proposals at once (by two officers); returns the winner's award id."""
    r = Race(w, url, monkeypatch)
    try:
        writers = r.run([("miit", "award.propose", proposals[0]), ("miit-2", "award.propose", proposals[1])])
    finally:
        r.close()
    applied = [i for i, x in enumerate(writers) if x.applied]
    assert len(applied) == 1, [(x.name, x.applied, x.refusal) for x in writers]
    winner, loser = writers[applied[0]], writers[1 - applied[0]]
    assert winner.attempts == 1 and winner.conflicts == []
    assert loser.attempts == 1 and len(loser.conflicts) == 1, "the losing writer never met the conflict"
    assert loser.refusal is not None and (loser.refusal.rule, loser.refusal.field) == (rule, "amount_fen")
    assert winner.first_streams & loser.first_streams == shared  # the running totals, nothing else
    findings, records = verify_chain(url)
    assert findings == [] and records == w.app.chain.chain_size()
    return str(proposals[applied[0]]["award_id"])


def cap(w: LedgerWorld, scope: str) -> AwardCap:
    return w.get(AwardCap, award_cap_stream(PROGRAMME, scope))


def test_two_products_of_one_provider_racing_past_its_50_wan(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    w = world(url)
    awd.proposed(w, "AW-1", 15 * WAN, 1)  # provider A holds 15万
    awd.selected(w, "AW-2", 1, category="product_chain")
    awd.selected(w, "AW-3", 2)
    scope = f"provider:{awd.PROV_A}"
    won = race(
        w,
        url,
        monkeypatch,
        [{"award_id": "AW-2", "amount_fen": 30 * WAN}, {"award_id": "AW-3", "amount_fen": 15 * WAN}],
        {award_cap_stream(PROGRAMME, scope)},
        "FT-AWD-PROVIDER-CAP",
    )
    held = cap(w, scope)
    assert held.committed_fen <= 50 * WAN and set(held.reservations) == {"AW-1", won}


def test_two_chain_products_racing_past_the_category_total(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    w = world(url)
    codes = [awd.uscc(f"91230109MA42000{n:02d}") for n in range(6)]
    for n, code in enumerate(codes):
        awd.register_provider(w, code, f"p{n}")
        awd.selected(w, f"CH-{n}", n + 1, actor=f"p{n}", provider=code, category="product_chain")
    for n in range(4):
        w.when("miit", "award.propose", {"award_id": f"CH-{n}", "amount_fen": 30 * WAN})  # 120万 of 150万
    scope = "category:product_chain"
    race(
        w,
        url,
        monkeypatch,
        [{"award_id": "CH-4", "amount_fen": 30 * WAN}, {"award_id": "CH-5", "amount_fen": 30 * WAN}],
        {award_cap_stream(PROGRAMME, scope)},
        "FT-AWD-CATEGORY-CAP",
    )
    assert cap(w, scope).committed_fen == 150 * WAN


def test_two_diagnosis_awards_of_one_lead_unit_racing_past_its_150_wan(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lead unit leading two pilot industries: two awards of 100万 each fit alone, not together."""
    w = world(url)
    w.when(
        "miit",
        "award.appoint_lead_unit",
        {
            "programme_id": PROGRAMME,
            "industry": "电气装备",
            "provider_uscc": awd.LEAD_A,
            "doc_no": "哈工信函〔2025〕10号",
            "decided_on": "2025-03-28",
        },
    )
    w.when("lead-a", "award.apply_diagnosis", awd.diagnosis_args("DG-1"))
    w.when("lead-a", "award.apply_diagnosis", awd.diagnosis_args("DG-2", industry="电气装备"))
    w.when("miit", "award.record_review", awd.review_args("DG-1", 1))
    w.when("miit", "award.record_review", awd.review_args("DG-2", 2))
    reason = "按诊断企业数量及成效确定"
    race(
        w,
        url,
        monkeypatch,
        [
            {"award_id": "DG-1", "amount_fen": 100 * WAN, "reason": reason},
            {"award_id": "DG-2", "amount_fen": 100 * WAN, "reason": reason},
        ],
        {award_cap_stream(PROGRAMME, f"lead_unit:{awd.LEAD_A}"), award_cap_stream(PROGRAMME, "category:diagnosis")},
        "FT-AWD-LEAD-CAP",
    )
    assert cap(w, f"lead_unit:{awd.LEAD_A}").committed_fen == 100 * WAN
