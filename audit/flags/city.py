"""Red flags over the city fund's projects (HRB): R1, R2', R3, R7, R9, R11, R12. Pure functions of the facts
(audit/flags/model.py) and the parameters (audit/flags/params.py); each returns its flags as data."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING
from typing import Any

from audit.flags.model import Flag
from audit.flags.model import Row
from audit.flags.model import seqs_of
from audit.flags.sources import SOURCES
from domain.policy.params import PolicyParams

if TYPE_CHECKING:
    from datetime import date

    from audit.flags.model import Facts
    from audit.flags.params import Params

CLOSED = frozenset({"rejected", "withdrawn", "terminated"})


def _flag(rule: str, p: Params, subjects: list[str], facts: dict[str, Any], rows: list[Row], summary: str) -> Flag:
    return Flag(
        rule_id=rule,
        article_or_guidance=SOURCES[rule],
        params_version=p.version,
        subjects=tuple(sorted(set(subjects))),
        facts=facts,
        seqs=seqs_of(rows),
        summary=summary,
    )


def _active(f: Facts) -> list[Row]:
    closed = {s["project_id"] for s in f.states if s["state"] in CLOSED}
    return [r for r in f.projects if r["project_id"] not in closed]


def _investment(f: Facts, project: Row) -> tuple[int, str, Row]:
    """(the investment, its basis, the row it rests on): revised, else verified, else planned."""
    for kind in ("revised", "verified"):
        found = f.amount(project["project_id"], kind)
        if found is not None:
            return int(found["amount_fen"]), kind, found
    return int(project["planned_fen"]), "planned", project


# -- R1 split projects --------------------------------------------------------------------------------------


def r1_split_projects(f: Facts, p: Params, _today: date) -> list[Flag]:
    """One enterprise's projects that share a provider or overlap in time, whose subsidies apart exceed what
    the same investment would get as one project (bracket arbitrage)."""
    params = {b["batch_id"]: (PolicyParams.from_dict(json.loads(b["params"])), b) for b in f.batches}
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in _active(f):
        if r["batch_id"] in params:
            groups[(r["programme_id"], r["enterprise_uscc"])].append(r)
    out = []
    for (programme, enterprise), projects in sorted(groups.items()):
        for component in _linked(sorted(projects, key=lambda r: r["project_id"])):
            policy, batch = params[component[0]["batch_id"]]
            used: list[Row] = [batch]
            items = []
            for r in component:
                investment, basis, row = _investment(f, r)
                used += [r, row]
                apart = policy.bracket_for(investment).value(investment)
                approved = f.amount(r["project_id"], "approved")
                granted = int(approved["amount_fen"]) if approved is not None else apart
                if approved is not None:
                    used.append(approved)
                below = [b for b in p.r1_breakpoints_fen if 0 < b - investment <= p.r1_below_band_fen]
                items.append(
                    {
                        "project_id": r["project_id"],
                        "provider_uscc": r["provider_uscc"],
                        "planned": [r["planned_start"], r["planned_end"]],
                        "investment_fen": investment,
                        "basis": basis,
                        "subsidy_fen": granted,
                        "just_below_fen": below[0] if below else None,
                    }
                )
            merged_investment = sum(i["investment_fen"] for i in items)
            merged = min(policy.bracket_for(merged_investment).value(merged_investment), policy.enterprise_cap_fen)
            actual = min(sum(i["subsidy_fen"] for i in items), policy.enterprise_cap_fen)
            gain = actual - merged
            if gain <= 0:
                continue
            clustered = [i["project_id"] for i in items if i["just_below_fen"] is not None]
            facts = {
                "enterprise_uscc": enterprise,
                "programme_id": programme,
                "projects": items,
                "merged_investment_fen": merged_investment,
                "subsidy_if_merged_fen": merged,
                "subsidy_apart_fen": actual,
                "gain_fen": gain,
                "clustered_below_breakpoints": clustered,
                "enterprise_cap_fen": policy.enterprise_cap_fen,
            }
            ids = [i["project_id"] for i in items]
            summary = (
                f"{enterprise}: {len(ids)} linked projects get {actual} 分 apart, {merged} 分 as one "
                f"({gain} 分 more){'; amounts just below a breakpoint: ' + ', '.join(clustered) if clustered else ''}"
            )
            out.append(_flag("R1", p, [enterprise, *ids], facts, used, summary))
    return out


def _linked(projects: list[Row]) -> list[list[Row]]:
    """The groups (≥ 2) of projects joined by a shared provider or overlapping planned periods."""
    parent = list(range(len(projects)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(projects):
        for j in range(i + 1, len(projects)):
            b = projects[j]
            shared = a["provider_uscc"] == b["provider_uscc"]
            overlap = a["planned_start"] <= b["planned_end"] and b["planned_start"] <= a["planned_end"]
            if shared or overlap:
                parent[root(j)] = root(i)
    groups: dict[int, list[Row]] = defaultdict(list)
    for i, r in enumerate(projects):
        groups[root(i)].append(r)
    return [g for g in groups.values() if len(g) >= 2]


# -- R2' near-duplicate invoices ----------------------------------------------------------------------------


def r2_near_duplicate_invoices(f: Facts, p: Params, _today: date) -> list[Flag]:
    """Invoices the write-time refusal (one key, one use) let through: the same number after normalisation
    under another key; the same seller, amount and date under another number; the same file as another
    invoice or as a provincial application's material."""
    out = []
    by_number: dict[str, list[Row]] = defaultdict(list)
    by_terms: dict[tuple[str, int, str], list[Row]] = defaultdict(list)
    by_file: dict[str, list[Row]] = defaultdict(list)
    for r in f.invoices:
        by_number[r["normalised"]].append(r)
        if r["seller_uscc"] is not None and r["incl_fen"] is not None and r["issue_date"] is not None:
            by_terms[(r["seller_uscc"], int(r["incl_fen"]), r["issue_date"])].append(r)
        if r["sha256"] is not None:
            by_file[r["sha256"]].append(r)
    for number, group in sorted(by_number.items()):
        if len({r["key"] for r in group}) >= 2:
            facts = {"match": "normalised_number", "normalised": number, "invoices": [_inv(r) for r in group]}
            summary = f"invoice number {number} recorded under {len(group)} keys: {', '.join(r['key'] for r in group)}"
            out.append(_flag("R2", p, [r["subject_id"] for r in group], facts, group, summary))
    for (seller, amount, day), group in sorted(by_terms.items()):
        if len({r["normalised"] for r in group}) >= 2 and len({r["subject_id"] for r in group}) >= 2:
            facts = {"match": "seller_amount_date", "invoices": [_inv(r) for r in group]}
            summary = f"{len(group)} invoices of seller {seller} for {amount} 分 on {day} under different numbers"
            out.append(_flag("R2", p, [r["subject_id"] for r in group], facts, group, summary))
    files: dict[str, list[Row]] = defaultdict(list)
    for r in f.files:
        files[r["sha256"]].append(r)
    for sha256, group in sorted(by_file.items()):
        others = files.get(sha256, [])
        if len({r["key"] for r in group}) >= 2 or others:
            facts = {
                "match": "file_hash",
                "sha256": sha256,
                "invoices": [_inv(r) for r in group],
                "files": [{k: r[k] for k in ("subject_id", "programme_id", "used_as", "seq")} for r in others],
            }
            subjects = [r["subject_id"] for r in (*group, *others)]
            summary = f"the invoice file {sha256[:16]}… backs {len(group) + len(others)} uses: {', '.join(subjects)}"
            out.append(_flag("R2", p, subjects, facts, [*group, *others], summary))
    return out


def _inv(r: Row) -> dict[str, Any]:
    keys = ("subject_id", "key", "source", "programme_id", "enterprise_uscc", "incl_fen", "issue_date", "seq")
    return {k: r[k] for k in (*keys, "seller_uscc")}


# -- R3 duplicate vouchers ----------------------------------------------------------------------------------


def r3_duplicate_vouchers(f: Facts, p: Params, _today: date) -> list[Flag]:
    """Bank vouchers of different claims with the same payer account, payee, amount and value date."""
    groups: dict[tuple[str, str, int, str], list[Row]] = defaultdict(list)
    for r in f.vouchers:
        if None not in (r["payer_account_hash"], r["payee_uscc"], r["amount_fen"], r["value_date"]):
            groups[(r["payer_account_hash"], r["payee_uscc"], int(r["amount_fen"]), r["value_date"])].append(r)
    out = []
    for (payer, payee, amount, day), group in sorted(groups.items()):
        if len({r["subject_id"] for r in group}) < 2:
            continue
        facts = {
            "payer_account_hash": payer,
            "payee_uscc": payee,
            "amount_fen": amount,
            "value_date": day,
            "vouchers": [{k: r[k] for k in ("subject_id", "key", "enterprise_uscc", "seq")} for r in group],
        }
        summary = f"{len(group)} vouchers of {amount} 分 to {payee} on {day} from one account, in different claims"
        out.append(_flag("R3", p, [r["subject_id"] for r in group], facts, group, summary))
    return out


# -- R7 sequence anomalies ----------------------------------------------------------------------------------


def r7_sequence_anomalies(f: Facts, p: Params, _today: date) -> list[Flag]:
    """Within a project: an invoice or a payment dated before the earliest contract; an acceptance review
    dated before an invoice or a payment it should rest on."""
    contracts: dict[str, list[Row]] = defaultdict(list)
    for c in f.contracts:
        contracts[c["project_id"]].append(c)
    invoices: dict[str, list[Row]] = defaultdict(list)
    for i in f.invoices:
        if i["source"] == "city":
            invoices[i["subject_id"]].append(i)
    vouchers: dict[str, list[Row]] = defaultdict(list)
    for v in f.vouchers:
        if v["source"] == "city":
            vouchers[v["subject_id"]].append(v)
    acceptance = {a["project_id"]: a for a in f.acceptances}
    out = []
    for pid in sorted({*contracts, *acceptance}):
        if contracts[pid]:
            first = min(contracts[pid], key=lambda c: (c["signed_on"], c["seq"]))
            out += _before_contract(p, pid, first, invoices[pid], vouchers[pid])
        review = acceptance.get(pid)
        if review is None:
            continue
        later = [i for i in invoices[pid] if i["issue_date"] > review["reviewed_on"]]
        later_paid = [v for v in vouchers[pid] if v["value_date"] > review["reviewed_on"]]
        if later or later_paid:
            facts = {
                "anomaly": "acceptance_before_evidence",
                "acceptance": {k: review[k] for k in ("report_no", "result", "reviewed_on", "seq")},
                "invoices": [_inv(i) for i in later],
                "vouchers": [_voucher(v) for v in later_paid],
            }
            summary = (
                f"{pid}: accepted on {review['reviewed_on']}, before {len(later)} invoice(s) and "
                f"{len(later_paid)} payment(s) dated later"
            )
            out.append(_flag("R7", p, [pid], facts, [review, *later, *later_paid], summary))
    return out


def _before_contract(p: Params, pid: str, first: Row, invoices: list[Row], vouchers: list[Row]) -> list[Flag]:
    out = []
    for i in invoices:
        if i["issue_date"] < first["signed_on"]:
            facts = {"anomaly": "invoice_before_contract", "invoice": _inv(i), "contract": _contract(first)}
            summary = f"{pid}: invoice {i['key']} of {i['issue_date']} before contract of {first['signed_on']}"
            out.append(_flag("R7", p, [pid], facts, [i, first], summary))
    for v in vouchers:
        if v["value_date"] < first["signed_on"]:
            facts = {"anomaly": "payment_before_contract", "voucher": _voucher(v), "contract": _contract(first)}
            summary = f"{pid}: payment {v['key']} of {v['value_date']} before contract of {first['signed_on']}"
            out.append(_flag("R7", p, [pid], facts, [v, first], summary))
    return out


def _contract(c: Row) -> dict[str, Any]:
    return {k: c[k] for k in ("contract_no", "signed_on", "amount_incl_fen", "seq")}


def _voucher(v: Row) -> dict[str, Any]:
    return {k: v[k] for k in ("key", "amount_fen", "value_date", "seq")}


# -- R9 thresholds and round numbers ------------------------------------------------------------------------


def r9_round_numbers(f: Facts, p: Params, _today: date) -> list[Flag]:
    """A verified investment exactly at a threshold or a round multiple; identical verified investments across
    several enterprises of one provider."""
    out = []
    projects = {r["project_id"]: r for r in f.projects}
    identical: dict[tuple[str, int], list[tuple[Row, Row]]] = defaultdict(list)
    for a in f.amounts:
        if a["kind"] != "verified" or a["project_id"] not in projects:
            continue
        r, amount = projects[a["project_id"]], int(a["amount_fen"])
        identical[(r["provider_uscc"], amount)].append((r, a))
        if amount in p.r9_thresholds_fen:
            kind = "at_threshold"
        elif amount % p.r9_round_unit_fen == 0:
            kind = "round"
        else:
            continue
        facts = {"pattern": kind, "verified_investment_fen": amount, "round_unit_fen": p.r9_round_unit_fen}
        summary = f"{a['project_id']}: verified investment {amount} 分 is {kind.replace('_', ' ')}"
        out.append(_flag("R9", p, [a["project_id"]], facts, [a], summary))
    for (provider, amount), pairs in sorted(identical.items()):
        enterprises = sorted({r["enterprise_uscc"] for r, _ in pairs})
        if len(enterprises) < p.r9_identical_min_enterprises:
            continue
        facts = {
            "pattern": "identical_across_enterprises",
            "provider_uscc": provider,
            "verified_investment_fen": amount,
            "projects": [r["project_id"] for r, _ in pairs],
            "enterprises": enterprises,
        }
        summary = f"provider {provider}: {len(enterprises)} enterprises verified at exactly {amount} 分"
        used = [row for pair in pairs for row in pair]
        out.append(_flag("R9", p, [provider, *(r["project_id"] for r, _ in pairs)], facts, used, summary))
    return out


# -- R11 provider concentration -----------------------------------------------------------------------------


def r11_provider_concentration(f: Facts, p: Params, _today: date) -> list[Flag]:
    """One provider's share of a batch's projects, or of its planned money, above the threshold."""
    batches: dict[str, list[Row]] = defaultdict(list)
    for r in _active(f):
        batches[r["batch_id"]].append(r)
    out = []
    for batch, projects in sorted(batches.items()):
        if len(projects) < p.r11_min_projects:
            continue
        total_fen = sum(int(r["planned_fen"]) for r in projects)
        providers: dict[str, list[Row]] = defaultdict(list)
        for r in projects:
            providers[r["provider_uscc"]].append(r)
        for provider, mine in sorted(providers.items()):
            count_bp = len(mine) * 10_000 // len(projects)
            money_bp = sum(int(r["planned_fen"]) for r in mine) * 10_000 // total_fen if total_fen else 0
            if max(count_bp, money_bp) <= p.r11_share_bp:
                continue
            facts = {
                "batch_id": batch,
                "provider_uscc": provider,
                "projects": len(mine),
                "batch_projects": len(projects),
                "share_of_projects_bp": count_bp,
                "share_of_money_bp": money_bp,
                "threshold_bp": p.r11_share_bp,
            }
            summary = (
                f"provider {provider} holds {len(mine)} of {len(projects)} projects of batch {batch} "
                f"({count_bp / 100:.2f}% of projects, {money_bp / 100:.2f}% of the planned money)"
            )
            out.append(_flag("R11", p, [provider, batch], facts, projects, summary))
    return out


# -- R12 digital-level anomalies ----------------------------------------------------------------------------


def r12_level_anomalies(f: Facts, p: Params, _today: date) -> list[Flag]:
    """A jump of several levels for a small investment; a baseline already at level 2 or above."""
    found: dict[str, dict[str, Row]] = defaultdict(dict)
    for a in f.assessments:
        found[a["project_id"]][a["kind"]] = a
    projects = {r["project_id"]: r for r in f.projects}
    out = []
    for pid, kinds in sorted(found.items()):
        pre, post = kinds.get("baseline"), kinds.get("post")
        if pre is not None and int(pre["level"]) >= p.r12_high_baseline_level:
            facts = {"anomaly": "high_baseline", "baseline_level": pre["level"], "assessor": pre["assessor"]}
            summary = f"{pid}: baseline level {pre['level']} was already level {p.r12_high_baseline_level} or above"
            out.append(_flag("R12", p, [pid], facts, [pre], summary))
        if pre is None or post is None or pid not in projects:
            continue
        jump = int(post["level"]) - int(pre["level"])
        investment, basis, row = _investment(f, projects[pid])
        if jump >= p.r12_jump_levels and investment < p.r12_small_investment_fen:
            facts = {
                "anomaly": "jump_with_small_investment",
                "baseline_level": pre["level"],
                "post_level": post["level"],
                "investment_fen": investment,
                "basis": basis,
                "assessors": sorted({pre["assessor"], post["assessor"]}),
            }
            summary = f"{pid}: level {pre['level']} → {post['level']} for an investment of {investment} 分 ({basis})"
            out.append(_flag("R12", p, [pid], facts, [pre, post, row], summary))
    return out
