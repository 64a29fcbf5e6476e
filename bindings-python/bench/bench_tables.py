"""Pack.score_many on the benchmark portfolio as a pandas DataFrame, a pyarrow Table, a
polars DataFrame and a list of dicts, against bench/handwritten.py's plain Python loop.

    RAYON_NUM_THREADS=1 ../.venv/bin/python bench/bench_tables.py [--rows 20000] [--repeat 7]

The rows come from the repository's bench/data.py (the portfolio of BENCHMARKS.md). Each
timing is the best of --repeat runs, taken in turns in one process; the pandas time is
also split into the Python conversion of the columns, the native call (reading the
columns, Batch::from_columns and Pack::score_batch, the result columns) and building the
DataFrame. Set RAYON_NUM_THREADS before starting to choose the cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pandas as pd

import matang
from matang import _frames

BENCH = Path(__file__).resolve().parents[2] / "bench"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()

    sys.path.insert(0, str(BENCH))
    import data as bench_data  # noqa: PLC0415 - the repository's bench/ folder
    import handwritten  # noqa: PLC0415

    n = args.rows
    rows = bench_data.generate(n)
    frame = pd.DataFrame(rows)
    pack = matang.Pack.builtin("smart-city-quickwin")
    table = _frames.pandas_to_arrow(frame)
    assert table is not None
    scores, _ = pack._native.score_arrow(table, "id")

    runs: dict[str, Callable[[], Any]] = {
        "python loop (handwritten)": lambda: handwritten.score_all(rows),
        "score_many(pandas)": lambda: pack.score_many(frame),
        "  python: pandas to Arrow": lambda: _frames.pandas_to_arrow(frame),
        "  native: score_arrow": lambda: pack._native.score_arrow(table, "id"),
        "  python: DataFrame": lambda: _frames.to_pandas(scores, frame.index),
        "score_many(list of dicts)": lambda: pack.score_many(rows),
        "score_many(pyarrow)": lambda: pack.score_many(table),
        "score_arrow(pyarrow)": lambda: pack.score_arrow(table),
    }
    try:
        import polars as pl

        polars_frame = pl.DataFrame(rows)
        runs["score_many(polars)"] = lambda: pack.score_many(polars_frame)
    except ImportError:
        pass

    best = {k: float("inf") for k in runs}
    for _ in range(args.repeat):
        for k, fn in runs.items():
            t = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t)

    threads = os.environ.get("RAYON_NUM_THREADS", "all")
    print(f"{n} rows, RAYON_NUM_THREADS={threads}, best of {args.repeat}")
    for k, v in best.items():
        print(f"{k:30s} {v / n * 1e6:7.2f} us/row {v * 1e3:9.1f} ms")
    loop = best["python loop (handwritten)"]
    print(f"python loop / score_many(pandas): {loop / best['score_many(pandas)']:.1f}x")


if __name__ == "__main__":
    main()
