"""The `smart-city-quickwin` pack hand-written as a polars pipeline: read a portfolio CSV,
score every row with column expressions (bench/handwritten.py's rules, vectorised), and
write the scores (`assess`) or the ranking with the top N selected (`rank`). The peer of
`matang assess --format csv` and `matang rank --top 4` in bench/cli_million.py.

    .venv/bin/python bench/cli_polars.py assess INPUT.csv OUTPUT.csv
    .venv/bin/python bench/cli_polars.py rank INPUT.csv OUTPUT.csv [--top 4]
"""

from __future__ import annotations

import argparse

import polars as pl

EPS = 1e-9
STAGE_RANK = {"idea": 0, "design": 1, "pilot": 2, "live": 3, "integrated": 4, "replicated": 5}
DIM_WEIGHTS = {"PRG": 10.0, "KSP": 20.0, "IMP": 30.0, "DMP": 20.0, "INV": 20.0}


def c(name: str) -> pl.Expr:
    return pl.col(name)


def band(x: pl.Expr, thresholds) -> pl.Expr:
    return pl.sum_horizontal([(x >= t).cast(pl.Int32) for t in thresholds])


def mapped(name: str, table: dict) -> pl.Expr:
    return c(name).replace_strict(table, default=None, return_dtype=pl.Float64)


def ratio_score(num: str, den: str, thresholds, full: bool) -> pl.Expr:
    """1 + band of 100*num/den; None when either is missing or den is 0; 5 when num >= den
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
    """Pack 2.0.0: blank evidence counts as not shown (`missing = "unmet"`), so an
    indicator without a score scores the scale's minimum, 0, and coverage is always full."""
    total = pl.sum_horizontal([s.fill_null(0.0) for s in scores])
    return total / len(scores), pl.lit(False)


def scored(df: pl.LazyFrame) -> pl.LazyFrame:
    df = df.with_columns(
        stage_rank=mapped("stage", STAGE_RANK),
        assessed=c("assessed_on").str.to_date(),
        live=c("go_live_date").str.to_date(strict=False),
    )
    df = df.with_columns(
        months_live=pl.when((c("stage_rank") >= 3) & c("live").is_not_null())
        .then(pl.max_horizontal(pl.lit(0), months_between(c("live"), c("assessed"))))
        .otherwise(None)
    )
    dims = {
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
    cols = {}
    for d, scores in dims.items():
        cols[d], cols[f"{d}_insufficient"] = dimension(scores)
    df = df.with_columns(**cols)
    total = sum(w * c(d) for d, w in DIM_WEIGHTS.items()) / sum(DIM_WEIGHTS.values())
    df = df.with_columns(total=total.clip(0.0, 5.0))
    t = c("total") + EPS
    level = (pl.when(t >= 4.2).then(5).when(t >= 3.5).then(4).when(t >= 2.6).then(3)
             .when(t >= 1.8).then(2).otherwise(1))
    gate2 = c("stage_rank") >= 3
    gate3 = ((c("legal_basis").is_not_null() & (c("legal_basis") != "none"))
             & (c("trained_staff") > 0).fill_null(False)
             & ~(c("active_users_month").is_null() & c("transactions_month").is_null()))
    gate4 = ((c("months_live") >= 3).fill_null(False)
             & (c("ikm_score").is_not_null() | (c("beneficiary_interviews") > 0).fill_null(False))
             & (c("budget_next_year").fill_null(False)
                & ((c("replicated_units") >= 1).fill_null(False) | (c("spbe_integration") == "api").fill_null(False))))
    level = pl.when(~gate2).then(pl.min_horizontal(level, 2)).otherwise(level)
    level = pl.when(~gate3).then(pl.min_horizontal(level, 3)).otherwise(level)
    level = pl.when(~gate4).then(pl.min_horizontal(level, 4)).otherwise(level)
    df = df.with_columns(level=level)
    insufficient = pl.any_horizontal([c(f"{d}_insufficient") for d in DIM_WEIGHTS])
    return df.with_columns(
        eligible=(gate2 & (c("months_live") >= 1).fill_null(False) & (c("level") >= 3) & ~insufficient)
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["assess", "rank"])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--top", type=int, default=4)
    a = ap.parse_args()
    df = scored(pl.scan_csv(a.input, infer_schema_length=10000))
    out = ["id", "name", "total", "level", *DIM_WEIGHTS, "eligible"]
    if a.command == "assess":
        df.select(out).sink_csv(a.output)
    else:
        ranked = df.select(out).sort(
            ["level", "total", "DMP", "INV", "PRG", "id"],
            descending=[True, True, True, True, True, False],
        ).with_columns(position=pl.int_range(1, pl.len() + 1))
        ranked = ranked.with_columns(
            selected=c("eligible") & (c("eligible").cast(pl.Int32).cum_sum() <= a.top)
        )
        ranked.collect().write_csv(a.output)


if __name__ == "__main__":
    main()
