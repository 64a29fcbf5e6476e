"""Deterministic synthetic portfolio for the `smart-city-quickwin` pack.

    .venv/bin/python bench/data.py [--rows 200000] [--seed 2019] [--out bench/out/portfolio.csv]

Every row is valid evidence for the pack (required fields always present, every value in
its range and of its type). Each optional field is missing in about 10% of the rows.
Values follow realistic spreads for Indonesian regency quickwins: most services are small
(a few trained staff, thousands of target users), a long tail is large; ratios such as
milestones on time / due stay mostly at or below 1. The same seed gives the same rows on
every machine (only `random.Random` is used).

In memory a row is a dict with every field of the pack (None for missing evidence); the
CSV has the same columns, an empty cell for missing, `true`/`false` for booleans and
Python's shortest round-trip text for floats (so a reader gets the same doubles back).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
from typing import Any

FIELDS = [
    "opd", "assessed_on", "stage", "go_live_date", "legal_basis", "sop_available",
    "trained_staff", "dedicated_admin", "budget_idr", "budget_next_year", "milestones_due",
    "milestones_on_time", "uptime_pct", "spbe_integration", "target_users",
    "active_users_month", "transactions_month", "ikm_score", "beneficiary_interviews",
    "novelty", "private_substitute", "replicated_units", "roadmap_planned",
    "roadmap_realised", "followups_total", "followups_done",
]
REQUIRED = {"assessed_on", "stage"}
COLUMNS = ["id", "name", *FIELDS]

OPDS = [
    "Diskominfo", "Dinas Kesehatan", "Dinas Pendidikan", "Disdukcapil", "DPMPTSP", "Bappeda",
    "Dinas Perhubungan", "Dinas Sosial", "Dinas Pertanian", "Disperindag", "BPBD", "Dinas PUPR",
    "Dinas Lingkungan Hidup", "Bapenda", "RSUD", "Satpol PP", "Dinas Pariwisata", "BKPSDM",
    "Dinas Koperasi dan UMKM", "Kecamatan Kota",
]
SERVICES = ["Pasar", "Sehat", "Sekolah", "Lapor", "Izin", "Pajak", "Bansos", "Tani", "Wisata", "Data"]
STAGES = ["idea", "design", "pilot", "live", "integrated", "replicated"]
STAGE_W = [4, 8, 18, 40, 20, 10]
LEGAL = ["none", "draft", "sk_opd", "perbup"]
LEGAL_W = [20, 20, 35, 25]
SPBE = ["standalone", "sso", "satu_data", "api"]
SPBE_W = [40, 25, 20, 15]
NOVELTY = ["copied", "adapted", "new_regional", "new_national"]
NOVELTY_W = [25, 40, 25, 10]
SUBST = ["none", "exists_differentiated", "exists_not_differentiated"]
SUBST_W = [45, 35, 20]
MISSING = 0.10
EPOCH = dt.date(1970, 1, 1)


def _date(days: int) -> str:
    return (EPOCH + dt.timedelta(days=days)).isoformat()


def _row(rnd: random.Random, i: int) -> dict[str, Any]:
    r: dict[str, Any] = {"id": f"QW-{i:07d}"}
    r["name"] = f"{rnd.choice(SERVICES)} {rnd.choice(['Online', 'Pintar', 'Kita', 'Cepat', 'Terpadu'])} {i}"
    r["opd"] = rnd.choice(OPDS)
    assessed = (dt.date(2019, 1, 1) - EPOCH).days + rnd.randrange(0, 6 * 365)
    r["assessed_on"] = _date(assessed)
    m = rnd.betavariate(2.0, 2.0)  # how mature this quickwin is overall (correlates evidence)
    stage = rnd.choices(STAGES, STAGE_W)[0] if m < 0.75 else rnd.choice(STAGES[3:])
    r["stage"] = stage
    rank = STAGES.index(stage)
    if rank >= 3:
        # live for 0 to about 5 years, skewed to recent
        r["go_live_date"] = _date(assessed - int(rnd.expovariate(1 / 420)) % 1900)
    else:
        # planned go-live (in the future) or a pilot start in the past
        r["go_live_date"] = _date(assessed + rnd.randrange(-200, 400))
    r["legal_basis"] = (rnd.choices(LEGAL, LEGAL_W)[0] if rnd.random() > m else rnd.choice(LEGAL[2:]))
    r["sop_available"] = rnd.random() < 0.2 + 0.7 * m
    r["trained_staff"] = min(500, int(rnd.lognormvariate(0.5 + 1.5 * m, 0.8)) if rnd.random() > 0.12 else 0)
    r["dedicated_admin"] = rnd.random() < 0.15 + 0.8 * m
    r["budget_idr"] = 0 if rnd.random() < 0.2 else int(rnd.lognormvariate(18.5, 1.2)) // 1000 * 1000
    r["budget_next_year"] = rnd.random() < 0.1 + 0.85 * m
    due = rnd.randrange(0, 25)
    r["milestones_due"] = due
    r["milestones_on_time"] = min(1000, max(0, due - int(rnd.expovariate(0.3 + 3 * m))) if rnd.random() > 0.03 else due + rnd.randrange(0, 3))
    r["uptime_pct"] = round(min(100.0, max(0.0, 100 - rnd.expovariate(1 / (0.2 + 6 * (1 - m))))), 2)
    r["spbe_integration"] = rnd.choices(SPBE, SPBE_W)[0]
    target = 0 if rnd.random() < 0.02 else int(rnd.lognormvariate(9.0, 1.5))
    r["target_users"] = target
    r["active_users_month"] = int(target * min(1.5, rnd.betavariate(1.0 + 2 * m, 4.0)))
    r["transactions_month"] = min(100_000_000, int(rnd.lognormvariate(3.0 + 6 * m, 2.0)))
    r["ikm_score"] = round(rnd.triangular(55.0, 100.0, 65.0 + 30 * m), 2)
    r["beneficiary_interviews"] = rnd.choice([0, 1, 2, 3, 4, 5, 5, 5, 6, 8, 10])
    r["novelty"] = (rnd.choices(NOVELTY, NOVELTY_W)[0] if rnd.random() > m else rnd.choice(NOVELTY[2:]))
    r["private_substitute"] = rnd.choices(SUBST, SUBST_W)[0]
    r["replicated_units"] = min(500, int(rnd.expovariate(1.5 - 1.3 * m))) if rank >= 3 else 0
    planned = rnd.randrange(0, 30)
    r["roadmap_planned"] = planned
    r["roadmap_realised"] = min(1000, int(planned * rnd.betavariate(2.0 + 6 * m, 1.8) * 1.1))
    total = rnd.randrange(0, 15)
    r["followups_total"] = total
    r["followups_done"] = min(total, int(total * rnd.betavariate(1.0 + 4 * m, 1.5) + 0.5))
    for f in FIELDS:
        if f not in REQUIRED and rnd.random() < MISSING:
            r[f] = None
    return r


def generate(rows: int = 200_000, seed: int = 2019) -> list[dict[str, Any]]:
    """`rows` records as dicts (every column of COLUMNS; None for missing evidence)."""
    rnd = random.Random(seed)
    return [_row(rnd, i) for i in range(rows)]


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def write_csv(rows: list[dict[str, Any]], path: str) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([_cell(r[c]) for c in COLUMNS])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "out", "portfolio.csv"))
    a = ap.parse_args()
    write_csv(generate(a.rows, a.seed), a.out)
    print(a.out)


if __name__ == "__main__":
    main()
