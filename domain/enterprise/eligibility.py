"""Eligibility of an applicant enterprise as of a day (HRB 第五条, 第六条; A13, A14, A16, A25).

Pure functions over the recorded facts: no rule is re-run on replay, and the same facts judged as
of the same day under the same parameters give the same answer. Dates are ``YYYY-MM-DD`` local
(Asia/Shanghai) days; a credit check's query time is stored in UTC and judged by its local day.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any
from typing import Protocol

from domain.enterprise.facts import LARGE
from domain.enterprise.facts import LEGAL_PERSON_FORMS
from domain.enterprise.facts import Covers
from domain.enterprise.facts import LegalForm
from domain.enterprise.facts import PriorSupportKind
from domain.enterprise.facts import industrial_size_class
from domain.enterprise.rules import COMMITMENT
from domain.enterprise.rules import CREDIT
from domain.enterprise.rules import DISQUALIFIED
from domain.enterprise.rules import HARBIN
from domain.enterprise.rules import INDUSTRY
from domain.enterprise.rules import LEGAL_PERSON
from domain.enterprise.rules import LITTLE_GIANT
from domain.enterprise.rules import PILOT_2022
from domain.enterprise.rules import SIZE
from domain.kernel.dates import local_date

if TYPE_CHECKING:
    from domain.enterprise.aggregate import Enterprise
    from domain.kernel.rules import Rule
    from domain.policy.params import PolicyParams

Problem = tuple["Rule", str, str]
CREDIT_FLAGS = {
    "abnormal_operation_list": "listed in the abnormal-operation list (经营异常名录)",
    "serious_dishonesty": "serious dishonesty (严重失信) found",
    "major_accident": "a major safety or quality accident (重大安全、质量事故) found",
    "tax_violation": "tax evasion or another violation (偷税漏税等违法违规) found",
}


def local_day(utc_iso: str) -> date:
    """The Asia/Shanghai day of a stored UTC instant."""
    return local_date(datetime.fromisoformat(utc_iso))


def years_before(on: date, years: int) -> date:
    """``on`` moved back ``years`` calendar years (29 February → 28 February)."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def industry_in_list(code: str, allow_list: tuple[str, ...]) -> bool:
    """A GB/T 4754-2017 class code is in scope when some allow-list prefix starts it (§5.4: "374" holds 3741)."""
    return any(code.startswith(prefix) for prefix in allow_list)


def disqualified_on(d: dict[str, Any], on: date) -> bool:
    """A25: in force from ``from_on`` through ``until_on`` (None = permanent), until the day it is lifted."""
    day = on.isoformat()
    if day < d["from_on"]:
        return False
    if d["until_on"] is not None and day > d["until_on"]:
        return False
    return d["lifted_on"] is None or day < d["lifted_on"]


def problems(e: Enterprise, on: date, params: PolicyParams) -> list[Problem]:
    """Every failed HRB 第五条 / 第六条 condition of ``e`` as of ``on``; [] = eligible."""
    return [
        *_first_clause(e, params),
        *credit_problems(e, on, params.credit_lookback_years),
        *_commitment(e, on),
        *_exclusions(e, on),
    ]


def _first_clause(e: Enterprise, params: PolicyParams) -> list[Problem]:
    """第五条（一）: Harbin, an independent legal person, an SME, an industry in scope (or overridden, A14)."""
    out: list[Problem] = []
    if not e.harbin:
        out.append((HARBIN, "harbin", f"{e.uscc} is recorded as registered outside the Harbin city area"))
    if not e.independent_legal_person:
        detail = f"{e.uscc} is recorded as not an independent legal person"
        out.append((LEGAL_PERSON, "independent_legal_person", detail))
    elif LegalForm(e.legal_form) not in LEGAL_PERSON_FORMS:
        out.append((LEGAL_PERSON, "legal_form", f"a {e.legal_form} is not an independent legal person"))
    basis = e.size_basis
    if industrial_size_class(basis["employees"], basis["revenue_fen"]) == LARGE:
        detail = f"{basis['employees']} employees and {basis['revenue_fen']} 分 revenue make a large enterprise"
        out.append((SIZE, "size_basis", detail))
    if not industry_in_list(e.industry_code, params.industry_allow_list) and e.industry_overridden() is None:
        allowed = ", ".join(params.industry_allow_list)
        out.append(
            (
                INDUSTRY,
                "industry_code",
                f"GB/T 4754-2017 code {e.industry_code} is outside the allow-list ({allowed}) and no reviewer "
                "has accepted it",
            )
        )
    return out


class CreditChecked(Protocol):
    """What the credit rule reads: an enterprise, or a provider (A12: 第五条（二） applies to providers too)."""

    uscc: str
    credit_checks: list[dict[str, Any]]


def credit_problems(e: CreditChecked, on: date, lookback_years: int) -> list[Problem]:
    """第五条（二）, A13: the latest check made by ``on`` covers [on − look-back, on] and finds nothing."""
    made = [(i, c) for i, c in enumerate(e.credit_checks) if local_day(c["queried_at"]) <= on]
    if not made:
        return [(CREDIT, "credit_checks", f"no credit check of {e.uscc} is recorded by {on.isoformat()}")]
    i, check = max(made, key=lambda ic: (datetime.fromisoformat(ic[1]["queried_at"]), ic[0]))
    at = f"credit_checks[{i}]"
    out: list[Problem] = []
    start = years_before(on, lookback_years)
    if check["window_from"] > start.isoformat():
        out.append(
            (
                CREDIT,
                f"{at}.window_from",
                f"the latest check starts on {check['window_from']}; the {lookback_years}-year look-back "
                f"starts on {start.isoformat()}",
            )
        )
    if check["window_to"] < on.isoformat():
        out.append(
            (
                CREDIT,
                f"{at}.window_to",
                f"the latest check covers only until {check['window_to']}, before {on.isoformat()}: check again",
            )
        )
    out += [
        (CREDIT, f"{at}.{flag}", f"{text} by {check['source']} at {check['queried_at']}")
        for flag, text in CREDIT_FLAGS.items()
        if check[flag]
    ]
    return out


def _commitment(e: Enterprise, on: date) -> list[Problem]:
    """第五条（三）: a 承诺书 signed by ``on`` that covers all four undertakings."""
    needed = {c.value for c in Covers}
    day = on.isoformat()
    if any(c["signed_on"] <= day and needed <= set(c["covers"]) for c in e.commitments):
        return []
    return [(COMMITMENT, "commitments", f"no commitment covering {', '.join(sorted(needed))} is signed by {day}")]


def _exclusions(e: Enterprise, on: date) -> list[Problem]:
    """第六条（一）（二）（四）: a funded 小巨人, a 2022 pilot enterprise, a disqualification in force."""
    out: list[Problem] = []
    for i, s in enumerate(e.prior_support):
        if s["year"] > on.year:
            continue
        if s["kind"] == PriorSupportKind.CENTRAL_SME_FUND_LITTLE_GIANT:
            detail = f"a 小巨人 supported by the central SME development fund in {s['year']}"
            out.append((LITTLE_GIANT, f"prior_support[{i}]", detail))
        elif s["kind"] == PriorSupportKind.PILOT_2022:
            detail = f"in the 2022 pilot (工信厅联企业〔2022〕22号), recorded for {s['year']}"
            out.append((PILOT_2022, f"prior_support[{i}]", detail))
    for i, d in enumerate(e.disqualifications):
        if disqualified_on(d, on):
            until = d["until_on"] or "permanently"
            detail = f"disqualified by {d['decision_ref']} from {d['from_on']} until {until}: {d['grounds']}"
            out.append((DISQUALIFIED, f"disqualifications[{i}]", detail))
    return out
