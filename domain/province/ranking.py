"""The ranking (排序, HLJ 第四条（二）; A22), as a pure function of the recorded scores.

From high to low on the total of the published criteria; a tie is broken by the higher financial-review
score, then by the earlier application (the ledger time it was recorded), then by the application id —
so the order never depends on anything unrecorded. The first ``quota`` eligible applications are listed,
each at the amount 第三条 gives it. The domain records the result in the signed list; the projections
recompute it from the scores and name any difference (a 复核 correction after the list, for instance).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

TIE_BREAK = ("total desc", "financial desc", "submitted_at asc", "application_id asc")


@dataclass(frozen=True)
class Scored:
    """One application as the ranking sees it."""

    application_id: str
    eligible: bool
    ceiling_fen: int
    submitted_at: str
    points: dict[str, int]  # criterion code → points (hundredths)


def rank(scored: list[Scored], financial: list[str], quota: int) -> list[dict[str, Any]]:
    """The ranked entries: rank (1-based, over eligible ones), totals, tie-break keys, listed, award."""
    rows = []
    for s in scored:
        total = sum(s.points.values())
        fin = sum(v for k, v in s.points.items() if k in financial)
        rows.append((s, total, fin))
    eligible = sorted(
        (r for r in rows if r[0].eligible), key=lambda r: (-r[1], -r[2], r[0].submitted_at, r[0].application_id)
    )
    totals = Counter(total for _, total, _ in eligible)
    out: list[dict[str, Any]] = []
    for i, (s, total, fin) in enumerate(eligible):
        out.append(
            {
                "application_id": s.application_id,
                "rank": i + 1,
                "total": total,
                "financial": fin,
                "submitted_at": s.submitted_at,
                "points": dict(sorted(s.points.items())),
                "tie": totals[total] > 1,  # the tie-break, not the total, placed it among equals
                "listed": i < quota,
                "award_fen": s.ceiling_fen if i < quota else None,
            }
        )
    for s, total, fin in sorted((r for r in rows if not r[0].eligible), key=lambda r: r[0].application_id):
        out.append(
            {
                "application_id": s.application_id,
                "rank": None,
                "total": total,
                "financial": fin,
                "submitted_at": s.submitted_at,
                "points": dict(sorted(s.points.items())),
                "tie": False,
                "listed": False,
                "award_fen": None,
            }
        )
    return out
