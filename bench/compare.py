"""Prints the before/after table of BENCHMARKS.md from two `bench/run.py --json` files:

    .venv/bin/python bench/compare.py /tmp/bench-before.json /tmp/bench-after.json

Each ratio is taken within one run (both sides timed side by side), then the two runs'
ratios are compared: absolute times on a shared machine move too much between runs.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def ratios(d: dict[str, Any]) -> dict[str, float]:
    us = d["us_per_record"]
    threads = d["rust"]["threads_all"]
    batch = us["matang Rust Pack::score_batch (typed batch), 1 thread"]
    loop = us["hand-written Python loop"]
    frame = us["matang from Python: score_many(DataFrame), 1 thread"]
    interleaved = next(t["value"] for t in d["targets"] if "timed in turn" in t["target"])
    return {
        "`score_batch` (1 thread) / hand-written Rust, time (lower is better)":
            batch / us["hand-written Rust (typed struct)"],
        "hand-written Python loop / `score_batch` (1 thread), speed-up": loop / batch,
        "hand-written Python loop / `score_many(DataFrame)` (1 thread), speed-up": loop / frame,
        "the same, loop and `score_many` timed in turn in one process, speed-up": interleaved,
        f"hand-written Python loop / `score_many(DataFrame)` (all {threads} threads), speed-up":
            loop / us[f"matang from Python: score_many(DataFrame), all threads ({threads})"],
        "loop over `pack.assess` / `score_many(DataFrame)` (1 thread), speed-up":
            us["matang from Python: loop over pack.assess"] / frame,
        "pack load + compile, Rust `Pack::builtin` (ms)": d["rust"]["pack_load"]["builtin_ms"],
        "pack load + compile, Python `Pack.builtin` (ms)": d["python_pack_builtin_ms"],
        "peak memory of `score_many(DataFrame)`, fresh process (MiB)":
            d["peak_rss_mib_per_method"]["score_many(DataFrame)"]["peak"],
    }


def main() -> None:
    before, after = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
    rb, ra = ratios(before), ratios(after)
    print("| measure | before | after | after / before |")
    print("|---|---:|---:|---:|")
    for k in rb:
        print(f"| {k} | {rb[k]:.2f} | {ra[k]:.2f} | {ra[k] / rb[k]:.2f} |")
    for name, d in (("before", before), ("after", after)):
        m = d["machine"]
        print(f"\n{name}: load average {m['load_average'][0]:.1f} at the start; {d['command']}")


if __name__ == "__main__":
    main()
