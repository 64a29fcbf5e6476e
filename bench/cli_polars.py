"""The `smart-city-quickwin` pack 1.0.0 hand-written as a polars pipeline: read a portfolio
CSV, score every row with column expressions (bench/quickwin_polars.py), and write the scores
(`assess`) or the ranking with the top N selected (`rank`). The peer of
`matang assess --format csv` and `matang rank --top 4` in bench/cli_million.py.

    .venv/bin/python bench/cli_polars.py assess INPUT.csv OUTPUT.csv
    .venv/bin/python bench/cli_polars.py rank INPUT.csv OUTPUT.csv [--top 4]
"""

from __future__ import annotations

import argparse
import os
import sys

import polars as pl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quickwin_polars import DIM_WEIGHTS, SCHEMA, ranked, scored  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["assess", "rank"])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--top", type=int, default=4)
    a = ap.parse_args()
    df = scored(pl.scan_csv(a.input, schema_overrides=SCHEMA))
    out = ["id", "name", "total", "level", *DIM_WEIGHTS, "eligible"]
    if a.command == "assess":
        df.select(out).sink_csv(a.output)
    else:
        ranked(df.select(*out, "go_live_date", "opd"), a.top).select(*out, "position", "selected") \
            .collect().write_csv(a.output)


if __name__ == "__main__":
    main()
