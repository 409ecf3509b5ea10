"""Red flags over the provincial award (HLJ): R14 and R19 (the review), R16 (the legs of the money)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING
from typing import Any

from audit.flags.model import Flag
from audit.flags.model import Row
from audit.flags.model import seqs_of
from audit.flags.sources import SOURCES
from domain.publicity.calendar import Schedule
from domain.publicity.calendar import WorkingCalendar

if TYPE_CHECKING:
    from audit.flags.model import Facts
    from audit.flags.params import Params


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


def current_scores(f: Facts) -> dict[tuple[str, str], dict[str, Row]]:
    """(application, criterion) → reviewer → the row of the reviewer's current points (the latest operation)."""
    out: dict[tuple[str, str], dict[str, Row]] = defaultdict(dict)
    for s in sorted(f.scores, key=lambda r: r["seq"]):
        out[(s["application_id"], s["criterion"])][s["reviewer"]] = s
    return out


def r19_score_divergence(f: Facts, p: Params, _today: date) -> list[Flag]:
    """Two reviewers' current points on one criterion differing by more than the share of the higher: a third
    review is required."""
    out = []
    for (aid, criterion), by_reviewer in sorted(current_scores(f).items()):
        rows = sorted(by_reviewer.values(), key=lambda r: r["reviewer"])
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                high, low = max(a["points"], b["points"]), min(a["points"], b["points"])
                if (high - low) * 10_000 <= p.r19_divergence_bp * high:
                    continue
                facts = {
                    "application_id": aid,
                    "criterion": criterion,
                    "scores": {a["reviewer"]: a["points"], b["reviewer"]: b["points"]},
                    "difference": high - low,
                    "threshold_bp": p.r19_divergence_bp,
                }
                summary = (
                    f"{aid} {criterion}: {a['reviewer']} gave {a['points']}, {b['reviewer']} {b['points']} "
                    f"(differ by {high - low}, over {p.r19_divergence_bp / 100:.0f}% of {high}): a third review"
                )
                out.append(_flag("R19", p, [aid, a["reviewer"], b["reviewer"]], facts, [a, b], summary))
    return out


def r14_amended_after_ranking(f: Facts, p: Params, _today: date) -> list[Flag]:
    """A score changed after the call's first ranked list, or a 复核 correction after the list."""
    first: dict[str, Row] = {}
    for r in sorted(f.rankings, key=lambda r: r["seq"]):
        first.setdefault(r["call_id"], r)
    out = []
    for s in f.scores:
        ranking = first.get(s["call_id"])
        if ranking is not None and s["seq"] > ranking["seq"]:
            facts = {"amendment": "score_after_ranking", "score": _score(s), "ranking_seq": ranking["seq"]}
            summary = f"{s['application_id']}: {s['reviewer']} scored {s['criterion']} after the list was proposed"
            out.append(_flag("R14", p, [s["application_id"], s["reviewer"]], facts, [s, ranking], summary))
    for c in f.rechecks:
        corrections = json.loads(c["corrections"])
        ranking = first.get(c["call_id"])
        after = bool(c["after_list"]) or (ranking is not None and c["seq"] > ranking["seq"])
        if not corrections or not after:
            continue
        facts = {
            "amendment": "recheck_after_list",
            "application_id": c["application_id"],
            "corrections": corrections,
            "ranking_seq": None if ranking is None else ranking["seq"],
        }
        summary = f"{c['application_id']}: a 复核 corrected {len(corrections)} score(s) after the list was proposed"
        used = [c] if ranking is None else [c, ranking]
        out.append(_flag("R14", p, [c["application_id"]], facts, used, summary))
    return out


def _score(s: Row) -> dict[str, Any]:
    return {k: s[k] for k in ("reviewer", "criterion", "operation", "points", "before", "at", "seq")}


def calendar(f: Facts) -> WorkingCalendar:
    """The working calendar the domain counts with: registered schedules first, the package otherwise."""
    schedules = [
        Schedule(
            year=int(s["year"]),
            holidays=frozenset(date.fromisoformat(d) for d in json.loads(s["holidays"])),
            adjusted_workdays=frozenset(date.fromisoformat(d) for d in json.loads(s["adjusted_workdays"])),
            notice_no=s["notice_no"],
            notice_sha256=s["notice_sha256"],
        )
        for s in f.schedules
    ]
    return WorkingCalendar.with_schedules(schedules)


def r16_pass_through_held(f: Facts, p: Params, today: date) -> list[Flag]:
    """A leg of the provincial award that city or county finance held beyond its due date (the call's SLA in
    working days after the disbursement): forwarded late, or still not forwarded in full today. A leg frozen
    by a fraud case is held by decision and not flagged."""
    sla = {c["call_id"]: (int(c["forward_sla_working_days"]), c) for c in f.calls}
    forwards: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for fw in sorted(f.forwards, key=lambda r: r["seq"]):
        forwards[(fw["application_id"], fw["leg_id"])].append(fw)
    frozen = {z["application_id"]: z for z in f.freezes}
    days = calendar(f)
    out = []
    for leg in sorted(f.legs, key=lambda r: (r["application_id"], r["leg_id"])):
        if leg["call_id"] not in sla:
            continue
        n, call = sla[leg["call_id"]]
        due = days.add_working_days(date.fromisoformat(leg["disbursed_on"]), n, "disbursed_on").isoformat()
        mine = forwards[(leg["application_id"], leg["leg_id"])]
        late = [fw for fw in mine if fw["late"] or fw["settled_on"] > due]
        held = int(leg["amount_fen"]) - sum(int(fw["amount_fen"]) for fw in mine)
        overdue = held > 0 and today.isoformat() > due and leg["application_id"] not in frozen
        if not late and not overdue:
            continue
        facts = {
            "application_id": leg["application_id"],
            "leg_id": leg["leg_id"],
            "to_org": leg["to_org"],
            "disbursed_fen": leg["amount_fen"],
            "disbursed_on": leg["disbursed_on"],
            "sla_working_days": n,
            "due_on": due,
            "forwarded": [{k: fw[k] for k in ("amount_fen", "settled_on", "seq")} for fw in mine],
            "held_fen": held,
            "as_of": today.isoformat(),
            "late_forwards": len(late),
        }
        what = f"{held} 分 still held on {today.isoformat()}" if overdue else f"{len(late)} forward(s) after it"
        summary = f"{leg['application_id']} leg {leg['leg_id']} to {leg['to_org']}: due {due}, {what}"
        out.append(_flag("R16", p, [leg["application_id"], leg["to_org"]], facts, [leg, call, *mine], summary))
    return out
