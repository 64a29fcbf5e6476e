"""The `smart-city-quickwin` pack 1.0.0 as hand-written polars expressions: bench/handwritten.py's
rules vectorised, with the same arithmetic in the same order as matang (indicator scores
summed in pack order, dimension totals weighted in pack order), so totals agree to the last
bit and rankings tie-break the same way. Used by bench/cli_polars.py (the CLI's peer) and
bench/run.py (the DataFrame peer).

`scored(frame)` adds `total`, `level`, `eligible` and one column per dimension;
`ranked(frame, top)` sorts as pack.toml's `[selection]` and marks the selected items.
"""

from __future__ import annotations

import polars as pl

EPS = 1e-9
MIN_COVERAGE = 0.5
STAGE_RANK = {"idea": 0, "design": 1, "pilot": 2, "live": 3, "integrated": 4, "replicated": 5}
DIM_WEIGHTS = {"PRG": 10.0, "KSP": 20.0, "IMP": 30.0, "DMP": 20.0, "INV": 20.0}
# [selection] of pack 1.0.0
ORDER = [("total", True), ("DMP", True), ("INV", True), ("PRG", True), ("go_live_date", False), ("id", False)]
GROUP, MAX_PER_GROUP = "opd", 2
_INT = ["trained_staff", "budget_idr", "milestones_due", "milestones_on_time", "target_users",
        "active_users_month", "transactions_month", "beneficiary_interviews", "replicated_units",
        "roadmap_planned", "roadmap_realised", "followups_total", "followups_done"]
#: Column types by the pack's field types, so that reading does not guess them.
SCHEMA = {
    "id": pl.String, "name": pl.String, "opd": pl.String, "assessed_on": pl.String, "stage": pl.String,
    "go_live_date": pl.String, "legal_basis": pl.String, "sop_available": pl.Boolean,
    "dedicated_admin": pl.Boolean, "budget_next_year": pl.Boolean, "uptime_pct": pl.Float64,
    "spbe_integration": pl.String, "ikm_score": pl.Float64, "novelty": pl.String,
    "private_substitute": pl.String, **{f: pl.Int64 for f in _INT},
}


def c(name: str) -> pl.Expr:
    return pl.col(name)


def band(x: pl.Expr, thresholds) -> pl.Expr:
    """How many thresholds x reaches; null when x is null."""
    out = pl.lit(0, dtype=pl.Int32)
    for t in thresholds:
        out = out + (x >= t).cast(pl.Int32)
    return out


def mapped(name: str, table: dict) -> pl.Expr:
    return c(name).replace_strict(table, default=None, return_dtype=pl.Float64)


def ratio_score(num: str, den: str, thresholds, full: bool) -> pl.Expr:
    """1 + band of 100*num/den; null when either is missing or den is 0; 5 when num >= den
    (if `full`)."""
    n, d = c(num), c(den)
    blank = n.is_null() | d.is_null() | (d == 0)
    pct = 100 * pl.min_horizontal(n, d) / d if full else 100 * n / d
    e = pl.when(blank).then(None)
    if full:
        e = e.when(n >= d).then(5)
    return e.otherwise(1 + band(pct, thresholds)).cast(pl.Float64)


def steps(x: pl.Expr, cases, last) -> pl.Expr:
    e = pl.when(x.is_null()).then(None)
    for cond, v in cases:
        e = e.when(cond(x)).then(v)
    return e.otherwise(last).cast(pl.Float64)


def yes_no(name: str, yes: int, no: int) -> pl.Expr:
    return pl.when(c(name).is_null()).then(None).when(c(name)).then(yes).otherwise(no).cast(pl.Float64)


def months_between(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    months = (b.dt.year() - a.dt.year()) * 12 + b.dt.month().cast(pl.Int32) - a.dt.month().cast(pl.Int32)
    d1, d2 = a.dt.day(), b.dt.day()
    return (
        pl.when((months > 0) & (d2 < d1)).then(months - 1)
        .when((months < 0) & (d2 > d1)).then(months + 1)
        .otherwise(months)
    )


def dimension(scores: list[pl.Expr]) -> tuple[pl.Expr, pl.Expr]:
    """`missing = "min_coverage"`: the mean of the scores present, added in pack order as
    matang adds them; the scale's minimum 0 and insufficient below half coverage."""
    total = scores[0].fill_null(0.0)
    present = scores[0].is_not_null().cast(pl.Int32)
    for s in scores[1:]:
        total = total + s.fill_null(0.0)
        present = present + s.is_not_null().cast(pl.Int32)
    insufficient = present / len(scores) + EPS < MIN_COVERAGE
    return pl.when(insufficient).then(0.0).otherwise(total / present), insufficient


def indicator_scores() -> dict[str, list[pl.Expr]]:
    """Each dimension's indicator scores, in pack order (needs `stage_rank`, `months_live`)."""
    return {
        "PRG": [ratio_score("roadmap_realised", "roadmap_planned", (50, 70, 80, 95), False),
                ratio_score("followups_done", "followups_total", (25, 50, 75), True)],
        "KSP": [mapped("legal_basis", {"none": 0, "draft": 2, "sk_opd": 3, "perbup": 5}),
                yes_no("sop_available", 4, 1),
                steps(c("trained_staff"), [(lambda x: x == 0, 0), (lambda x: x == 1, 2),
                                           (lambda x: x <= 3, 3), (lambda x: x <= 6, 4)], 5),
                yes_no("dedicated_admin", 5, 1),
                pl.when(c("budget_idr").is_null() & c("budget_next_year").is_null()).then(None)
                .when(~(c("budget_idr") > 0).fill_null(False)).then(1)
                .when(c("budget_next_year").fill_null(False)).then(5).otherwise(3).cast(pl.Float64)],
        "IMP": [c("stage_rank"),
                pl.when(c("stage_rank") < 3).then(0).when(c("months_live").is_null()).then(None)
                .otherwise(1 + band(c("months_live"), (1, 3, 6, 12))).cast(pl.Float64),
                ratio_score("milestones_on_time", "milestones_due", (33, 66, 95), True),
                (1 + band(c("uptime_pct"), (90, 95, 98, 99.5))).cast(pl.Float64),
                mapped("spbe_integration", {"standalone": 1, "sso": 2, "satu_data": 4, "api": 5})],
        "DMP": [ratio_score("active_users_month", "target_users", (5, 20, 40, 70), False),
                (1 + band(c("transactions_month"), (10, 100, 1000, 10001))).cast(pl.Float64),
                steps(c("ikm_score"), [(lambda x: x < 65, 1), (lambda x: x < 76.61, 2),
                                       (lambda x: x < 88.31, 3), (lambda x: x <= 94, 4)], 5),
                steps(c("beneficiary_interviews"), [(lambda x: x == 0, 0), (lambda x: x <= 2, 2),
                                                    (lambda x: x <= 4, 3)], 5)],
        "INV": [mapped("novelty", {"copied": 1, "adapted": 2, "new_regional": 4, "new_national": 5}),
                mapped("private_substitute", {"none": 5, "exists_differentiated": 3,
                                              "exists_not_differentiated": 1}),
                steps(c("replicated_units"), [(lambda x: x == 0, 1), (lambda x: x == 1, 3),
                                              (lambda x: x <= 4, 4)], 5)],
    }


def as_date(name: str) -> pl.Expr:
    """A date column as read by pl.read_csv (ISO text) or already a date."""
    return c(name).cast(pl.String).str.to_date("%Y-%m-%d", strict=False)


def scored(df: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    """`df` (the pack's fields as columns) with `total`, `level`, `eligible` and the
    dimension scores added."""
    df = df.lazy().with_columns(
        stage_rank=mapped("stage", STAGE_RANK),
        assessed=as_date("assessed_on"),
        live=as_date("go_live_date"),
    )
    df = df.with_columns(
        months_live=pl.when((c("stage_rank") >= 3) & c("live").is_not_null())
        .then(pl.max_horizontal(pl.lit(0), months_between(c("live"), c("assessed"))))
        .otherwise(None)
    )
    cols = {}
    for d, scores in indicator_scores().items():
        cols[d], cols[f"{d}_insufficient"] = dimension(scores)
    df = df.with_columns(**cols)
    # Divided by the weight of the dimensions with a score, as matang does, computed from
    # the scores: polars divides by a constant (or a column it finds constant) as a
    # multiplication by the inverse, which is a last bit off.
    total, weight = pl.lit(0.0), pl.lit(0.0)
    for d, w in DIM_WEIGHTS.items():
        total = total + w * c(d)
        weight = weight + (c(d) * 0.0 + w).fill_null(0.0)
    df = df.with_columns(total=(total / weight).clip(0.0, 5.0))
    t = c("total") + EPS
    level = (pl.when(t >= 4.2).then(5).when(t >= 3.5).then(4).when(t >= 2.6).then(3)
             .when(t >= 1.8).then(2).otherwise(1))
    # gates: level N needs every gate up to N
    gate3 = c("stage_rank") >= 3
    gate4 = ((c("legal_basis").is_not_null() & (c("legal_basis") != "none"))
             & (c("trained_staff") > 0).fill_null(False)
             & ~(c("active_users_month").is_null() & c("transactions_month").is_null()))
    gate5 = ((c("months_live") >= 3).fill_null(False)
             & (c("ikm_score").is_not_null() | (c("beneficiary_interviews") > 0).fill_null(False))
             & (c("budget_next_year").fill_null(False)
                & ((c("replicated_units") >= 1).fill_null(False) | (c("spbe_integration") == "api").fill_null(False))))
    level = pl.when(~gate3).then(pl.min_horizontal(level, 2)).otherwise(level)
    level = pl.when(~gate4).then(pl.min_horizontal(level, 3)).otherwise(level)
    level = pl.when(~gate5).then(pl.min_horizontal(level, 4)).otherwise(level)
    df = df.with_columns(level=level)
    insufficient = pl.any_horizontal([c(f"{d}_insufficient") for d in DIM_WEIGHTS])
    return df.with_columns(
        eligible=(gate3 & (c("months_live") >= 1).fill_null(False) & (c("level") >= 3) & ~insufficient)
    )


def ranked(df: pl.LazyFrame, top: int) -> pl.LazyFrame:
    """Scored rows in `[selection]` order (nulls last) with `position` and `selected`:
    the first `top` eligible rows, skipping an eligible row whose `opd` already has
    MAX_PER_GROUP eligible rows before it (while fewer than `top` are chosen, those rows
    are exactly the ones selected, so the group limit is the same as matang's walk)."""
    out = df.sort([k for k, _ in ORDER], descending=[d for _, d in ORDER], nulls_last=True)
    out = out.with_columns(position=pl.int_range(1, pl.len() + 1))
    in_group = c("eligible").cast(pl.Int32).cum_sum().over(GROUP, order_by="position")
    candidate = c("eligible") & (c(GROUP).is_null() | (in_group <= MAX_PER_GROUP))
    return out.with_columns(selected=candidate & (candidate.cast(pl.Int32).cum_sum() <= top))


def score_frame(df: pl.DataFrame) -> pl.DataFrame:
    """`id`, `total`, `level` and `eligible` of every row of `df`, in its order."""
    return scored(df).select("id", "total", "level", "eligible").collect()
