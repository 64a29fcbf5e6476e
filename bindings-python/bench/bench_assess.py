"""Throughput of Pack.score_many against a plain Python loop over Pack.assess.

    ../.venv/bin/python bench/bench_assess.py [--rows 100000] [--repeat 3]

Both sides score the same synthetic rows (seeded, every field of the pack filled at
random, some left missing). Timings are medians of --repeat runs taken side by side in one
process; quote the ratio, not the absolute times, on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from typing import Any, Callable

import pandas as pd

import matang


def synthetic_rows(pack: matang.Pack, n: int, seed: int = 7) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        row: dict[str, Any] = {"id": f"QW-{i:06d}", "name": f"Quickwin {i}"}
        for f in pack.schema:
            if not f["required"] and rnd.random() < 0.1:
                continue  # missing evidence
            kind = f["type"]
            lo = f["min"] if f["min"] is not None else 0
            hi = f["max"] if f["max"] is not None else 1_000_000
            if kind == "enum":
                row[f["id"]] = rnd.choice(f["values"])
            elif kind == "boolean":
                row[f["id"]] = rnd.random() < 0.6
            elif kind == "integer":
                row[f["id"]] = rnd.randint(int(lo), int(min(hi, 1_000_000)))
            elif kind == "number":
                row[f["id"]] = round(rnd.uniform(lo, min(hi, 1_000_000)), 2)
            elif kind == "date":
                row[f["id"]] = f"{rnd.randint(2015, 2019)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            else:
                row[f["id"]] = "Dinas Kominfo"
        if "assessed_on" in row:
            row["assessed_on"] = "2019-10-01"
        rows.append(row)
    return rows


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pack", default="smart-city-quickwin")
    args = ap.parse_args()

    pack = matang.Pack.builtin(args.pack)
    rows = synthetic_rows(pack, args.rows)
    frame = pd.DataFrame(rows)

    out = pack.score_many(rows)
    errors = int(out["error"].notna().sum())
    assert len(out) == args.rows

    def loop() -> list[Any]:
        results = []
        for r in rows:
            try:
                results.append(pack.assess(r))
            except matang.MatangError as e:
                results.append(e)
        return results

    t_loop = median_time(loop, args.repeat)
    t_many = median_time(lambda: pack.score_many(rows), args.repeat)
    t_frame = median_time(lambda: pack.score_many(frame), args.repeat)
    t_list = median_time(lambda: pack.assess_many(rows), args.repeat)

    n = args.rows
    print(f"pack {pack.id} {pack.version}, {n} rows ({errors} rows with errors), "
          f"{os.cpu_count()} CPUs, RAYON_NUM_THREADS={os.environ.get('RAYON_NUM_THREADS', 'unset')}, "
          f"median of {args.repeat}")
    print(f"{'method':<34}{'seconds':>10}{'rows/s':>12}{'vs loop':>10}")
    for name, t in [
        ("python loop over pack.assess", t_loop),
        ("pack.assess_many(list of dicts)", t_list),
        ("pack.score_many(list of dicts)", t_many),
        ("pack.score_many(pandas frame)", t_frame),
    ]:
        print(f"{name:<34}{t:>10.3f}{n / t:>12,.0f}{t_loop / t:>9.2f}x")


if __name__ == "__main__":
    main()
