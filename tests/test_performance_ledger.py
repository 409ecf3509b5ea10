"""Performance management through a real ledger, on SQLite and PostgreSQL (HRB 第十二–十四条, 第十七条（五）).

The stories of tests/domain/test_performance.py on tests/ledger_world.py: targets for P-1's award, a
snapshot deviating beyond the threshold, its corrective action (given through the generated CLI), a
self-evaluation graded 差 (a signed line through ``fundtrail apply``), and the result application that
opens a clawback case on ground C5. Refusals append nothing; afterwards the verifier finds nothing and
re-execution reproduces every record.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING
from typing import Any

import pytest
from click.testing import CliRunner

from domain.clawback.aggregate import ClawbackCase
from domain.clawback.aggregate import clawback_case_stream
from domain.performance.aggregate import TargetSet
from domain.performance.aggregate import target_set_stream
from fundtrail.cli import main as fundtrail
from ledger import keys
from ledger.recheck import Summary
from ledger.recheck import recheck
from tests.domain import test_approval as apr
from tests.domain import test_payment as pay
from tests.domain import test_performance as prf
from tests.helpers import LOG_KEY
from tests.test_lifecycle import harbin
from verify.checks import ChainVerifier
from verify.sources import open_source

if TYPE_CHECKING:
    from pathlib import Path

WAN = apr.WAN


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/l.sqlite"
    return str(request.getfixturevalue("pg_ledger_url"))


def cli(args: list[str], env: dict[str, str], code: int = 0) -> str:
    result = CliRunner().invoke(fundtrail, args, env=env)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def target_set(w: Any) -> TargetSet:
    found = w.get(TargetSet, target_set_stream(prf.SET))
    assert isinstance(found, TargetSet)
    return found


def test_performance_from_targets_to_a_clawback_case_on_ground_c5(url: str, tmp_path: Path) -> None:
    w = harbin(url)
    prf.actors(w)
    apr.approved(w, "P-1", 20 * WAN, 14 * WAN)
    pay.paid_first(w)  # tranche 1: 9.8万 settled on 2025-03-12
    w.now = prf.APRIL
    prf.approved_set(w)
    head = w.app.chain.chain_head()
    w.refused(
        "miit", "performance.approve_targets", {"set_id": prf.SET, "decided_on": "2025-04-02"}, rule="FT-PRF-STATE"
    )
    assert w.app.chain.chain_head() == head
    weights = prf.propose_args("PT-X")
    weights["indicators"][0]["weight_bp"] = 1000
    district = prf.propose_args("PT-X", scope="district", scope_ref="南岗区")
    centre = prf.propose_args("PT-X", scope="category", scope_ref="centre")
    refusals: list[tuple[str, str, dict[str, Any], str, str]] = [
        ("miit", "performance.propose_targets", district, "FT-PRF-OWNER", "envelope.actor"),
        ("miit", "performance.propose_targets", weights, "FT-PRF-INDICATORS", "indicators"),
        ("miit", "performance.propose_targets", centre, "FT-PRF-SCOPE", "scope_ref"),
        ("miit", "performance.propose_targets", prf.propose_args("PT-X"), "FT-PRF-SCOPE", "scope_ref"),
        ("miit", "performance.record_snapshot", prf.snapshot_args(paid_fen=0), "FT-PRF-BUDGET", "paid_fen"),
        ("miit", "performance.record_snapshot", prf.snapshot_args(paid_fen="9.8万"), "FT-MONEY", "paid_fen"),
        ("miit", "performance.submit_self_evaluation", prf.evaluate_args(550), "FT-PRF-MONITORED", "set_id"),
        ("miit-2", "performance.apply_result", prf.apply_args([{"kind": "continue"}]), "FT-PRF-STATE", "set_id"),
    ]
    for actor, command, args, rule, field in refusals:
        w.refused(actor, command, args, rule=rule, field=field)  # each asserts the chain head is unchanged

    # 事中: I1 (10 of 40 short) deviates beyond 20%; the next snapshot waits for the corrective action
    rows = w.when("miit", "performance.record_snapshot", prf.snapshot_args(actual=(30, 960, 92)))
    deviation = next(r for r in rows if r["topic"] == "fundtrail.performance.DeviationDetected")
    assert deviation["deviations"] == [{"indicator_id": "I1", "deviation_bp": 2500}]
    q2 = prf.snapshot_args("2025-Q2", "2025-06-30")
    w.refused("miit", "performance.record_snapshot", q2, rule="FT-PRF-DEVIATION", field="set_id", at=prf.JULY)
    w.refused("miit", "performance.submit_self_evaluation", prf.evaluate_args(550), rule="FT-PRF-DEVIATION")

    # the corrective action through the generated CLI, as an officer of 市工信局 gives it
    keys.write(w.keys["miit"], tmp_path / "miit.json")
    keys.write(LOG_KEY, tmp_path / "log.json")
    env = {
        "FUNDTRAIL_LEDGER": url,
        "FUNDTRAIL_KEY": str(tmp_path / "miit.json"),
        "FUNDTRAIL_LOG_KEY": str(tmp_path / "log.json"),
        "FUNDTRAIL_AT": "2025-07-03T01:00:00Z",  # before the world's next command (record times never go back)
        "LANG": "en_US.UTF-8",
    }
    action = [{"indicator_id": "I2", "measure": "督促服务商增派实施人员", "due_on": "2025-07-31"}]
    correct = ["city", "performance", "correct", prf.SET, "2025-Q1", "--decided-on", "2025-07-03"]
    head = w.app.chain.chain_head()
    refused = cli([*correct, "--actions", json.dumps(action, ensure_ascii=False)], env, code=1)
    assert "actions[0].indicator_id" in refused and "FT-PRF-CORRECTIVE" in refused and "第十四条" in refused
    assert w.app.chain.chain_head() == head
    action[0]["indicator_id"] = "I1"
    cli([*correct, "--actions", json.dumps(action, ensure_ascii=False)], env)
    assert target_set(w).open_period is None
    w.when("miit", "performance.record_snapshot", q2)

    # 事后: the self-evaluation as a signed line through `fundtrail apply`; graded 差 by the ledger
    evaluation = json.dumps(prf.evaluate_args(550), ensure_ascii=False)
    line = cli(["sign", "performance.submit_self_evaluation", "--args", evaluation, "--command-id", "se-1"], env)
    batch = tmp_path / "evaluation.jsonl"
    batch.write_text(line.strip().splitlines()[-1] + "\n", encoding="utf-8")
    cli(["apply", str(batch)], {**env, "FUNDTRAIL_AT": "2025-07-03T03:00:00Z"})
    w.now = prf.JULY + timedelta(hours=2)
    evaluated = target_set(w).evaluation
    assert evaluated is not None and (evaluated["grade"], evaluated["score_tenths"]) == ("poor", 550)

    # 结果应用: 市工信局 (not the self-evaluator) opens a case on ground C5 and records it
    decisions = [{"kind": "open_clawback"}, {"kind": "adjust_budget", "note": "下一年度压减该类预算"}]
    applied = prf.apply_args(decisions, prf.case_args())
    w.refused("miit", "performance.apply_result", applied, rule="FT-PRF-SOD", field="envelope.actor")
    good = prf.apply_args([{"kind": "open_clawback"}], prf.case_args(project_id="P-404"))
    w.refused("miit-2", "performance.apply_result", good, rule="FT-PRF-CASE-SUBJECT", field="clawback.project_id")
    w.when("miit-2", "performance.apply_result", applied)
    case = w.get(ClawbackCase, clawback_case_stream("CASE-PRF-1"))
    assert (case.grounds, case.source, case.project_id, case.frozen_unpaid_fen) == (
        ["C5"],
        "performance_evaluation",
        "P-1",
        4_200_000,
    )
    applied_set = target_set(w)
    assert applied_set.application is not None
    assert applied_set.application["refs"] == ["clawback-case:CASE-PRF-1"]
    w.refused("miit-2", "performance.apply_result", applied, rule="FT-PRF-UNIQUE", field="set_id")

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
