"""Givens for the project stories: actors, a Harbin batch, eligible enterprises, and steps to any state.

No tests here: the story modules (tests/domain/test_project_*.py) import these helpers. The batch is
placed in the store directly with the Harbin seed parameters (the programme feature opens batches
through its own commands); enterprises are registered through the enterprise commands.
"""

from __future__ import annotations

import hashlib
from typing import Any

from stdnum.cn import uscc as stdnum_uscc

from domain.clock import command_time
from domain.policy.params import SEED_PARAMS
from domain.policy.params import params_hash
from domain.programme.batch import Batch
from domain.project import Project
from domain.project import project_stream
from domain.roles import Role
from projections.reconcile import accounts as reconcile_accounts
from tests.domain.memory import World

WAN = 1_000_000  # 1万元 in 分
PROGRAMME = "HRB-PILOT"
BATCH = "HRB-2025-1"
BATCH_EXCL = "HRB-2025-X"  # the same programme, tax-exclusive basis (A7)
VERSION = "HRB-PV-1"


def uscc(body: str) -> str:
    return body + stdnum_uscc.calc_check_digit(body)


ENT_A = uscc("91230103MA1000001")
ENT_B = uscc("91230103MA1000002")
ENT_C = uscc("91230103MA1000003")
ENT_BAD = uscc("91230103MA1000009")  # a 酒 maker: industry outside the allow-list
PROVIDER = uscc("91230109MA3000001")
THIRD_PARTY_ORG = uscc("91110108MA2000001")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


ACCOUNT_SECRET = b"fundtrail-test-bank-account-secret"  # finance's secret in these stories


def account_number(uscc_: str) -> str:
    """A synthetic 19-digit bank account number of an organisation (its last four are ``1234``)."""
    return "6222" + str(int(sha(f"account:{uscc_}"), 16))[:11] + "1234"


def account_hash(uscc_: str) -> str:
    """The keyed hash the ledger records for the account (projections/reconcile/accounts.py)."""
    return reconcile_accounts.account_hash(ACCOUNT_SECRET, account_number(uscc_))


def world() -> World:
    """Actors of every role, the batches, and enterprises A, B, C (eligible) and BAD (out of scope)."""
    w = World()
    w.actor("district", Role.DISTRICT_MIIT, org_code="HRB-NG-MIIT", org_kind="district_miit")
    w.actor("miit", Role.CITY_MIIT, org_code="HRB-MIIT", org_kind="city_miit")
    w.actor("tp", Role.THIRD_PARTY, org_code=THIRD_PARTY_ORG, org_kind="third_party")
    w.actor("provider-tp", Role.THIRD_PARTY, org_code=PROVIDER, org_kind="provider")
    w.actor("applicant-a", Role.APPLICANT, org_code=ENT_A, org_kind="enterprise")
    w.actor("applicant-b", Role.APPLICANT, org_code=ENT_B, org_kind="enterprise")
    for batch_id, basis in ((BATCH, "tax_inclusive"), (BATCH_EXCL, "tax_exclusive")):
        with command_time(w.now):
            b = Batch(
                batch_id=batch_id,
                programme_id=PROGRAMME,
                kind="transformation",
                notice_doc_no=None,
                policy_version_id=VERSION,
                policy_hash=params_hash(SEED_PARAMS),
                params=SEED_PARAMS.to_dict(),
                investment_basis=basis,
                intake_from="2025-01-01",
                intake_to="2025-06-30",
                opened_by="miit",
            )
            b.collect_events()
        w.store[b.id] = b
    for code, industry in ((ENT_A, "3823"), (ENT_B, "2720"), (ENT_C, "1441"), (ENT_BAD, "1511")):
        register_enterprise(w, code, industry)
    return w


def register_enterprise(w: World, code: str, industry: str) -> None:
    evidence = {
        "source": "国家企业信用信息公示系统",
        "queried_at": "2025-03-01T09:00:00+08:00",
        "snapshot_sha256": sha(code),
    }
    w.when(
        "district",
        "enterprise.register",
        {
            "uscc": code,
            "name": f"企业{code[-4:]}",
            "legal_form": "limited_liability_company",
            "independent_legal_person": True,
            "registered_address": "哈尔滨市南岗区学府路1号",
            "division_code": "230103",
            "harbin": True,
            "industry_code": industry,
            "size_class": "small",
            "size_basis": {"employees": 80, "revenue_fen": 5000 * WAN, "data_year": 2024},
            "registry": {
                "shareholders": {**evidence, "value": ["张三"]},
                "legal_representative": {**evidence, "value": "张三"},
                "address": {**evidence, "value": "哈尔滨市南岗区学府路1号"},
                "phone": {**evidence, "value": "0451-00000000"},
            },
            "bank_accounts": [{"bank": "中国工商银行哈尔滨分行", "account_hash": account_hash(code), "last4": "1234"}],
        },
    )
    w.when(
        "district",
        "enterprise.record_commitment",
        {
            "uscc": code,
            "text_sha256": sha(f"commitment:{code}"),
            "covers": ["truthfulness", "no_accidents", "no_tax_violation", "cooperation"],
            "signed_on": "2025-02-20",
        },
    )
    w.when(
        "miit",
        "enterprise.record_credit_check",
        {
            "uscc": code,
            "source": "信用中国",
            "queried_at": "2025-03-01T10:00:00+08:00",
            "abnormal_operation_list": False,
            "serious_dishonesty": False,
            "major_accident": False,
            "tax_violation": False,
            "window_from": "2022-01-01",
            "window_to": "2025-12-31",
            "snapshot_sha256": sha(f"credit:{code}"),
        },
    )


def project(w: World, pid: str) -> Project:
    return w.get(Project, project_stream(pid))


# -- steps ----------------------------------------------------------------------------------------


def intake_args(pid: str, ent: str = ENT_A, batch: str = BATCH, **over: Any) -> dict[str, Any]:
    return {
        "project_id": pid,
        "batch_id": batch,
        "enterprise_uscc": ent,
        "provider_uscc": PROVIDER,
        "district": "南岗区",
        "scope_summary": "生产管理系统上云与设备数据采集",
        "planned_items": [{"cost_type": "software", "description": "MES 软件", "amount_fen": 30 * WAN}],
        "planned_start": "2025-03-01",
        "planned_end": "2025-09-30",
        **over,
    }


def intake(w: World, pid: str, ent: str = ENT_A, batch: str = BATCH) -> None:
    w.when("district", "project.request_intake", intake_args(pid, ent, batch))


def to_pool(w: World, pid: str) -> None:
    w.when("miit", "project.decide_intake", {"project_id": pid, "decision": "approve", "decided_on": "2025-03-03"})


def track(w: World, pid: str) -> None:
    w.when(
        "tp",
        "project.record_tracking_report",
        {
            "project_id": pid,
            "report_id": f"TR-{pid}-1",
            "period": "2025Q1",
            "progress_pct": 60,
            "findings_sha256": sha(f"tracking:{pid}"),
            "reported_on": "2025-03-03",
        },
    )


def assessment_args(pid: str, kind: str, level: int, **over: Any) -> dict[str, Any]:
    return {
        "project_id": pid,
        "kind": kind,
        "index_version": "2024版",
        "mode": "on-site",
        "score": "62.5" if level >= 2 else "38",
        "level": level,
        "report_sha256": sha(f"assessment:{pid}:{kind}:{level}"),
        "assessed_on": "2025-03-03",
        **over,
    }


def assess(w: World, pid: str, pre: int = 1, post: int = 2) -> list[Any]:
    w.when("tp", "project.record_assessment", assessment_args(pid, "baseline", pre))
    track(w, pid)
    return w.when("tp", "project.record_assessment", assessment_args(pid, "post", post))


def acceptance_args(pid: str, result: str = "passed") -> dict[str, Any]:
    return {
        "project_id": pid,
        "panel": ["李工", "王工", "赵工"],
        "result": result,
        "report_no": f"YS-{pid}",
        "reviewed_on": "2025-03-03",
        "report_sha256": sha(f"acceptance:{pid}:{result}"),
    }


def accept(w: World, pid: str) -> None:
    w.when("tp", "project.record_acceptance", acceptance_args(pid))


def contract_args(
    w: World, pid: str, lines: list[tuple[str, str, int]], list_price_fen: int | None = None
) -> dict[str, Any]:
    """``lines``: (line_id, cost_type, incl_fen); excl = incl / 1.06 rounded down, unit price = incl."""
    rows = [
        {
            "line_id": line_id,
            "cost_type": cost_type,
            "description": f"{cost_type} {line_id}",
            "incl_fen": incl,
            "excl_fen": incl * 100 // 106,
            "unit_price_fen": incl,
            "quantity": 1,
        }
        for line_id, cost_type, incl in lines
    ]
    total = sum(r["incl_fen"] for r in rows)
    return {
        "project_id": pid,
        "contract_no": f"HT-{pid}",
        "buyer_uscc": project(w, pid).enterprise_uscc,
        "seller_uscc": PROVIDER,
        "signed_on": "2025-02-15",
        "amount_incl_fen": total,
        "amount_excl_fen": sum(r["excl_fen"] for r in rows),
        "tax_rate_bp": 600,
        "lines": rows,
        "list_price_fen": list_price_fen if list_price_fen is not None else total + 2 * WAN,
        "sha256": sha(f"contract:{pid}"),
    }


def digital_number(seed: str) -> str:
    return str(int(sha(seed), 16))[:20].rjust(20, "1")


def invoice_args(w: World, pid: str, incl_fen: int, number: str | None = None, **over: Any) -> dict[str, Any]:
    excl = incl_fen * 100 // 106
    return {
        "project_id": pid,
        "invoice_kind": "digital",
        "invoice_number": number or digital_number(f"invoice:{pid}"),
        "issue_date": "2025-02-28",
        "seller_uscc": PROVIDER,
        "buyer_uscc": project(w, pid).enterprise_uscc,
        "excl_fen": excl,
        "tax_fen": incl_fen - excl,
        "incl_fen": incl_fen,
        "sha256": sha(f"invoice-file:{pid}:{number}"),
        **over,
    }


def voucher_args(w: World, pid: str, amount_fen: int, serial: str | None = None, **over: Any) -> dict[str, Any]:
    ent = project(w, pid).enterprise_uscc
    return {
        "project_id": pid,
        "bank": "中国工商银行哈尔滨分行",
        "serial_no": serial or f"SN{pid}",
        "payer_account_hash": account_hash(ent),
        "payer_last4": "1234",
        "payee_name": "哈尔滨某数字科技有限公司",
        "payee_uscc": PROVIDER,
        "amount_fen": amount_fen,
        "value_date": "2025-03-01",
        "sha256": sha(f"voucher-file:{pid}:{serial}"),
        **over,
    }


def evidence(w: World, pid: str, lines: list[tuple[str, str, int]], by: str = "district") -> None:
    total = sum(incl for _, _, incl in lines)
    w.when(by, "project.record_contract", contract_args(w, pid, lines))
    w.when(by, "project.record_invoice", invoice_args(w, pid, total))
    w.when(by, "project.record_bank_voucher", voucher_args(w, pid, total))


def verify_args(pid: str, lines: list[tuple[str, str, int]]) -> dict[str, Any]:
    return {
        "project_id": pid,
        "lines": [
            {"line_id": line_id, "eligible": True, "invoiced_fen": incl, "paid_fen": incl, "counted_fen": incl}
            for line_id, _, incl in lines
        ],
    }


def accepted(w: World, pid: str, ent: str = ENT_A, batch: str = BATCH) -> None:
    """A project taken into the pool, tracked, assessed (1 → 2) and accepted."""
    intake(w, pid, ent, batch)
    to_pool(w, pid)
    track(w, pid)
    assess(w, pid)
    accept(w, pid)


def verified(w: World, pid: str, investment_fen: int, ent: str = ENT_A) -> None:
    """A project whose claim is in and whose whole investment (one software line) is verified."""
    lines = [("L1", "software", investment_fen)]
    accepted(w, pid, ent)
    evidence(w, pid, lines)
    w.when("district", "project.submit_claim", {"project_id": pid})
    w.when("miit", "project.verify_investment", verify_args(pid, lines))


def propose(w: World, pid: str, amount_fen: int, reason_code: str | None = None) -> list[Any]:
    args: dict[str, Any] = {"project_id": pid, "amount_fen": amount_fen}
    if reason_code:
        args["reason_code"] = reason_code
    return w.when("miit", "project.propose_subsidy", args)
