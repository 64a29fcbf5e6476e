"""The `smart-city-quickwin` pack 1.0.0 as tuned pandas/numpy on a pandas DataFrame, with the
evidence checks matang makes before scoring: required fields present, enum values among the
pack's, integers whole and numbers within the pack's min/max, booleans true/false, dates
real ISO dates. A row that fails a check gets an error naming the field and no score.
Scoring follows bench/handwritten.py with matang's arithmetic in the same order, so totals
agree to the last bit.

`score_frame(frame)` returns (total, level, eligible, error) arrays, one entry per row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EPS = 1e-9
MIN_COVERAGE = 0.5
NAN = np.nan

# The evidence schema of pack 1.0.0's pack.toml.
REQUIRED = ("assessed_on", "stage")
ENUMS = {
    "stage": ("idea", "design", "pilot", "live", "integrated", "replicated"),
    "legal_basis": ("none", "draft", "sk_opd", "perbup"),
    "spbe_integration": ("standalone", "sso", "satu_data", "api"),
    "novelty": ("copied", "adapted", "new_regional", "new_national"),
    "private_substitute": ("none", "exists_differentiated", "exists_not_differentiated"),
}
INTEGERS = {
    "trained_staff": (0, 500), "budget_idr": (0, None), "milestones_due": (0, 1000),
    "milestones_on_time": (0, 1000), "target_users": (0, None), "active_users_month": (0, None),
    "transactions_month": (0, 100_000_000), "beneficiary_interviews": (0, 1000),
    "replicated_units": (0, 500), "roadmap_planned": (0, 1000), "roadmap_realised": (0, 1000),
    "followups_total": (0, 1000), "followups_done": (0, 1000),
}
NUMBERS = {"uptime_pct": (0, 100), "ikm_score": (25, 100)}
BOOLEANS = ("sop_available", "dedicated_admin", "budget_next_year")
DATES = ("assessed_on", "go_live_date")


class Checked:
    """The frame's columns as numpy arrays, and each row's first evidence error."""

    def __init__(self, frame: pd.DataFrame) -> None:
        n = len(frame)
        self.bad = np.zeros(n, dtype=bool)
        self.errors: dict[int, str] = {}
        self.num: dict[str, np.ndarray] = {}
        self.code: dict[str, np.ndarray] = {}
        self.flag: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.date: dict[str, np.ndarray] = {}
        for f in REQUIRED:
            self._fail(frame[f].isna().to_numpy() if f in frame else np.ones(n, dtype=bool), f"{f}: required")
        for f, values in ENUMS.items():
            col = frame[f] if f in frame else pd.Series([None] * n)
            codes = pd.Index(values).get_indexer(col)
            self._fail((codes < 0) & col.notna().to_numpy(), f"{f}: not one of {', '.join(values)}")
            self.code[f] = codes
        for f, (lo, hi) in {**INTEGERS, **NUMBERS}.items():
            x = pd.to_numeric(frame[f], errors="coerce").to_numpy(dtype=float, na_value=NAN) if f in frame \
                else np.full(n, NAN)
            given = frame[f].notna().to_numpy() if f in frame else np.zeros(n, dtype=bool)
            self._fail(given & np.isnan(x), f"{f}: not a number")
            if f in INTEGERS:
                self._fail(np.isfinite(x) & (x != np.floor(x)), f"{f}: not a whole number")
            self._fail(~np.isnan(x) & ~np.isfinite(x), f"{f}: not a finite number")
            self._fail(x < lo, f"{f}: below the minimum {lo}")
            if hi is not None:
                self._fail(x > hi, f"{f}: above the maximum {hi}")
            self.num[f] = x
        for f in BOOLEANS:
            v = frame[f].to_numpy() if f in frame else np.full(n, None)
            missing = pd.isna(v)
            true = v == True  # noqa: E712 (an object column of True/False/NaN)
            self._fail(~missing & ~true & ~(v == False), f"{f}: not true or false")  # noqa: E712
            self.flag[f] = (true, missing)
        for f in DATES:
            col = frame[f] if f in frame else pd.Series([None] * n)
            d = pd.to_datetime(col, format="%Y-%m-%d", errors="coerce").to_numpy().astype("datetime64[D]")
            self._fail(np.isnat(d) & col.notna().to_numpy(), f"{f}: not a date (YYYY-MM-DD)")
            self.date[f] = d

    def _fail(self, mask: np.ndarray, message: str) -> None:
        new = mask & ~self.bad
        if new.any():
            self.bad |= new
            for i in np.flatnonzero(new):
                self.errors[int(i)] = message


def band(x: np.ndarray, thresholds) -> np.ndarray:
    """How many thresholds x reaches; NaN where x is NaN."""
    out = np.zeros(len(x))
    for t in thresholds:
        out += x >= t
    return np.where(np.isnan(x), NAN, out)


def ratio(num: np.ndarray, den: np.ndarray, thresholds, full: bool) -> np.ndarray:
    blank = np.isnan(num) | np.isnan(den) | (den == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = 100 * (np.minimum(num, den) if full else num) / den
    out = 1 + band(pct, thresholds)
    if full:
        out = np.where(num >= den, 5.0, out)
    return np.where(blank, NAN, out)


def lookup(codes: np.ndarray, scores) -> np.ndarray:
    """Score per enum code; NaN for a missing value (code -1 picks the appended NaN)."""
    return np.asarray([*scores, NAN])[codes]


def steps(x: np.ndarray, cases, last) -> np.ndarray:
    conds = [np.isnan(x)] + [cond(x) for cond, _ in cases]
    return np.select(conds, [NAN] + [v for _, v in cases], last)


def yes_no(flag: tuple[np.ndarray, np.ndarray], yes: float, no: float) -> np.ndarray:
    true, missing = flag
    return np.where(missing, NAN, np.where(true, yes, no))


def ymd(d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    month = d.astype("datetime64[M]")
    y = month.astype("datetime64[Y]").astype(np.int64) + 1970
    m = month.astype(np.int64) % 12 + 1
    return y, m, (d - month).astype(np.int64) + 1


def months_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    (y1, m1, d1), (y2, m2, d2) = ymd(a), ymd(b)
    months = (y2 - y1) * 12 + m2 - m1
    months = months - ((months > 0) & (d2 < d1)) + ((months < 0) & (d2 > d1))
    return months.astype(float)


def dimension(scores: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the scores present, added in pack order; 0 and insufficient below half coverage."""
    total = np.zeros(len(scores[0]))
    present = np.zeros(len(scores[0]))
    for s in scores:
        has = ~np.isnan(s)
        total = total + np.where(has, s, 0.0)
        present += has
    insufficient = present / len(scores) + EPS < MIN_COVERAGE
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(insufficient, 0.0, total / present), insufficient


def score_frame(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str | None]]:
    k = Checked(frame)
    x, code, flag = k.num, k.code, k.flag
    stage_rank = lookup(code["stage"], range(6))
    live, assessed = k.date["go_live_date"], k.date["assessed_on"]
    has_live = (stage_rank >= 3) & ~np.isnat(live) & ~np.isnat(assessed)
    months_live = np.where(has_live, np.maximum(0.0, months_between(live, assessed)), NAN)

    budget = np.where(np.isnan(x["budget_idr"]) & flag["budget_next_year"][1], NAN,
                      np.where(~(x["budget_idr"] > 0), 1.0, np.where(flag["budget_next_year"][0], 5.0, 3.0)))
    dims = [
        dimension([ratio(x["roadmap_realised"], x["roadmap_planned"], (50, 70, 80, 95), False),
                   ratio(x["followups_done"], x["followups_total"], (25, 50, 75), True)]),
        dimension([lookup(code["legal_basis"], (0, 2, 3, 5)),
                   yes_no(flag["sop_available"], 4, 1),
                   steps(x["trained_staff"], [(lambda v: v == 0, 0), (lambda v: v == 1, 2),
                                              (lambda v: v <= 3, 3), (lambda v: v <= 6, 4)], 5),
                   yes_no(flag["dedicated_admin"], 5, 1),
                   budget]),
        dimension([stage_rank,
                   np.where(stage_rank < 3, 0.0, 1 + band(months_live, (1, 3, 6, 12))),
                   ratio(x["milestones_on_time"], x["milestones_due"], (33, 66, 95), True),
                   1 + band(x["uptime_pct"], (90, 95, 98, 99.5)),
                   lookup(code["spbe_integration"], (1, 2, 4, 5))]),
        dimension([ratio(x["active_users_month"], x["target_users"], (5, 20, 40, 70), False),
                   1 + band(x["transactions_month"], (10, 100, 1000, 10001)),
                   steps(x["ikm_score"], [(lambda v: v < 65, 1), (lambda v: v < 76.61, 2),
                                          (lambda v: v < 88.31, 3), (lambda v: v <= 94, 4)], 5),
                   steps(x["beneficiary_interviews"], [(lambda v: v == 0, 0), (lambda v: v <= 2, 2),
                                                       (lambda v: v <= 4, 3)], 5)]),
        dimension([lookup(code["novelty"], (1, 2, 4, 5)),
                   lookup(code["private_substitute"], (5, 3, 1)),
                   steps(x["replicated_units"], [(lambda v: v == 0, 1), (lambda v: v == 1, 3),
                                                 (lambda v: v <= 4, 4)], 5)]),
    ]
    total = np.zeros(len(frame))
    for w, (d, _) in zip((10.0, 20.0, 30.0, 20.0, 20.0), dims):
        total = total + w * d
    total = np.clip(total / 100.0, 0.0, 5.0)
    level = 1 + band(total + EPS, (1.8, 2.6, 3.5, 4.2))

    lb = code["legal_basis"]
    gate3 = stage_rank >= 3
    gate4 = ((lb > 0) & (x["trained_staff"] > 0)
             & ~(np.isnan(x["active_users_month"]) & np.isnan(x["transactions_month"])))
    gate5 = ((months_live >= 3) & ~(np.isnan(x["ikm_score"]) & ~(x["beneficiary_interviews"] > 0))
             & flag["budget_next_year"][0]
             & ((x["replicated_units"] >= 1) | (code["spbe_integration"] == 3)))
    level = np.where(gate3, level, np.minimum(level, 2))
    level = np.where(gate4, level, np.minimum(level, 3))
    level = np.where(gate5, level, np.minimum(level, 4))
    insufficient = np.logical_or.reduce([i for _, i in dims])
    eligible = gate3 & (months_live >= 1) & (level >= 3) & ~insufficient

    total[k.bad] = NAN
    level = np.where(k.bad, 0, level).astype(np.int64)
    eligible &= ~k.bad
    errors = [None] * len(frame)
    for i, e in k.errors.items():
        errors[i] = f"record {frame['id'].iat[i]!r}: {e}" if "id" in frame else e
    return total, level, eligible, errors
