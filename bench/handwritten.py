"""The `smart-city-quickwin` pack hand-written in plain Python, the way a notebook user
would write it: a function per indicator (following rules/smart-city-quickwin/indicators/
*.rhai), the derived values, gates and selection conditions of pack.toml, a weighted mean
per dimension and over dimensions with the pack's `min_coverage` 0.5 policy, the SPBE level
bands 1.8 / 2.6 / 3.5 / 4.2 and gates capping the level. A loop over rows (dicts, None for
missing evidence).

`score(row)` returns (total, level, eligible). The level bands use the same 1e-9 tolerance
as matang (a total of 4.199999999 counts as 4.2).
"""

from __future__ import annotations

from typing import Any

EPS = 1e-9
STAGE_RANK = {"idea": 0, "design": 1, "pilot": 2, "live": 3, "integrated": 4, "replicated": 5}


def band(x, thresholds):
    return sum(1 for t in thresholds if x >= t)


def days(iso):
    return int(iso[0:4]), int(iso[5:7]), int(iso[8:10])


def months_between(a, b):
    y1, m1, d1 = days(a)
    y2, m2, d2 = days(b)
    months = (y2 - y1) * 12 + m2 - m1
    if months > 0 and d2 < d1:
        months -= 1
    elif months < 0 and d2 > d1:
        months += 1
    return months


# ---------------------------------------------------------------- indicators
def roadmap(r):
    planned, realised = r["roadmap_planned"], r["roadmap_realised"]
    if planned is None or realised is None or planned == 0:
        return None
    pct = 100 * realised / planned
    return 1 + band(pct, (50, 70, 80, 95))


def followups(r):
    total, done = r["followups_total"], r["followups_done"]
    if total is None or done is None or total == 0:
        return None
    pct = 100 * done / total
    return 5 if done >= total else 1 + band(pct, (25, 50, 75))


def legal_basis(r):
    return {"none": 0, "draft": 2, "sk_opd": 3, "perbup": 5}.get(r["legal_basis"])


def sop(r):
    v = r["sop_available"]
    return None if v is None else (4 if v else 1)


def trained_staff(r):
    n = r["trained_staff"]
    if n is None:
        return None
    if n == 0:
        return 0
    if n == 1:
        return 2
    if n <= 3:
        return 3
    if n <= 6:
        return 4
    return 5


def admin(r):
    v = r["dedicated_admin"]
    return None if v is None else (5 if v else 1)


def budget(r):
    idr, nxt = r["budget_idr"], r["budget_next_year"]
    if idr is None and nxt is None:
        return None
    if not (idr is not None and idr > 0):
        return 1
    return 5 if nxt is True else 3


def stage(r, stage_rank):
    return stage_rank


def months_live_score(stage_rank, months_live):
    if stage_rank < 3:
        return 0
    if months_live is None:
        return None
    return 1 + band(months_live, (1, 3, 6, 12))


def milestones(r):
    due, on_time = r["milestones_due"], r["milestones_on_time"]
    if due is None or on_time is None or due == 0:
        return None
    pct = 100 * min(on_time, due) / due
    return 5 if on_time >= due else 1 + band(pct, (33, 66, 95))


def uptime(r):
    u = r["uptime_pct"]
    return None if u is None else 1 + band(u, (90, 95, 98, 99.5))


def integration(r):
    return {"standalone": 1, "sso": 2, "satu_data": 4, "api": 5}.get(r["spbe_integration"])


def usage(r):
    target, active = r["target_users"], r["active_users_month"]
    if target is None or active is None or target == 0:
        return None
    pct = 100 * active / target
    return 1 + band(pct, (5, 20, 40, 70))


def transactions(r):
    t = r["transactions_month"]
    return None if t is None else 1 + band(t, (10, 100, 1000, 10001))


def satisfaction(r):
    s = r["ikm_score"]
    if s is None:
        return None
    if s < 65:
        return 1
    if s < 76.61:
        return 2
    if s < 88.31:
        return 3
    if s <= 94:
        return 4
    return 5


def interviews(r):
    n = r["beneficiary_interviews"]
    if n is None:
        return None
    if n == 0:
        return 0
    if n <= 2:
        return 2
    if n <= 4:
        return 3
    return 5


def novelty(r):
    return {"copied": 1, "adapted": 2, "new_regional": 4, "new_national": 5}.get(r["novelty"])


def competition(r):
    return {"none": 5, "exists_differentiated": 3, "exists_not_differentiated": 1}.get(r["private_substitute"])


def replication(r):
    n = r["replicated_units"]
    if n is None:
        return None
    if n == 0:
        return 1
    if n == 1:
        return 3
    if n <= 4:
        return 4
    return 5


# ---------------------------------------------------------------- aggregation
DIM_WEIGHTS = (("PRG", 10.0), ("KSP", 20.0), ("IMP", 30.0), ("DMP", 20.0), ("INV", 20.0))
LEVEL_MINS = ((5, 4.2), (4, 3.5), (3, 2.6), (2, 1.8), (1, 0.0))


def dimension(scores, min_coverage=0.5):
    """Mean of the present scores; 0 (the scale minimum) and insufficient when fewer than
    half of the indicators have evidence."""
    s = 0.0
    n = 0
    for x in scores:
        if x is not None:
            s += x
            n += 1
    if n / len(scores) + EPS < min_coverage:
        return 0.0, True
    return s / n, False


def score(r: dict[str, Any]) -> tuple[float, int, bool]:
    stage_rank = STAGE_RANK.get(r["stage"])
    months_live = None
    if stage_rank >= 3 and r["go_live_date"] is not None:
        months_live = max(0, months_between(r["go_live_date"], r["assessed_on"]))

    dims = (
        dimension((roadmap(r), followups(r))),
        dimension((legal_basis(r), sop(r), trained_staff(r), admin(r), budget(r))),
        dimension((stage(r, stage_rank), months_live_score(stage_rank, months_live), milestones(r), uptime(r), integration(r))),
        dimension((usage(r), transactions(r), satisfaction(r), interviews(r))),
        dimension((novelty(r), competition(r), replication(r))),
    )
    total_sum = 0.0
    weight_sum = 0.0
    for (_, w), (d, _) in zip(DIM_WEIGHTS, dims):
        total_sum += w * d
        weight_sum += w
    total = min(5.0, max(0.0, total_sum / weight_sum))
    level = next(rank for rank, lo in LEVEL_MINS if total + EPS >= lo)

    # gates: level N needs every gate up to N
    if not stage_rank >= 3:
        level = min(level, 2)
    lb, ts = r["legal_basis"], r["trained_staff"]
    if not (lb is not None and lb != "none") or not (ts is not None and ts > 0) or (
        r["active_users_month"] is None and r["transactions_month"] is None
    ):
        level = min(level, 3)
    bi, ru = r["beneficiary_interviews"], r["replicated_units"]
    if (
        not (months_live is not None and months_live >= 3)
        or not (r["ikm_score"] is not None or (bi is not None and bi > 0))
        or not (r["budget_next_year"] is True and ((ru is not None and ru >= 1) or r["spbe_integration"] == "api"))
    ):
        level = min(level, 4)

    # expo selection conditions
    eligible = (
        stage_rank >= 3
        and months_live is not None
        and months_live >= 1
        and level >= 3
        and not any(insufficient for _, insufficient in dims)
    )
    return total, level, eligible


def score_all(rows: list[dict[str, Any]]) -> list[tuple[float, int, bool]]:
    return [score(r) for r in rows]
