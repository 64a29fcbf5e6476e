"""The command line on a large CSV beside a hand-written polars pipeline (bench/cli_polars.py):
`matang assess --format csv` and `matang rank --top 4` against polars reading, scoring and
writing the same file, both with `smart-city-quickwin` 1.0.0 (the pack the polars pipeline
implements, read from git as bench/run.py does), every row's total and level checked equal.
Wall time (median of --repeat runs, the tools alternating) and peak
resident memory (VmHWM polled from /proc). Not run in CI; the machine is shared, so quote
the ratios of one run.

    cargo build --release -p matang --features cli
    .venv/bin/pip install polars
    .venv/bin/python bench/cli_million.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from run import pack_dir  # noqa: E402
MATANG = os.environ.get("MATANG_BIN", os.path.join(ROOT, "target", "release", "matang"))


def peak_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident kB of `cmd` (its output goes to files it names)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while p.poll() is None:
        peak = max(peak, peak_kb(p.pid) or 0)
        time.sleep(0.005)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode() if p.stderr else ""
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}): {err}")
    return wall, peak


def agreement(matang_csv: str, polars_csv: str) -> list[str]:
    """Rows where the polars pipeline differs from matang: a different level, eligibility or
    total (matang writes 6 decimals, so polars's total rounded to 6 must be within 1e-9), or
    a row only one of them wrote."""
    import polars as pl

    m = pl.read_csv(matang_csv, schema_overrides={"id": pl.String}).select(
        "id", "total", pl.col("level_rank").alias("level"), "eligible", "error")
    p = pl.read_csv(polars_csv, schema_overrides={"id": pl.String}).select(
        "id", pl.col("total").alias("p_total"), pl.col("level").alias("p_level"), pl.col("eligible").alias("p_eligible"))
    problems = [f"matang: {e}" for e in m["error"].drop_nulls().head(5)]
    if m.height != p.height:
        problems.append(f"matang wrote {m.height} rows, polars {p.height}")
    j = m.join(p, on="id", how="full", coalesce=True)
    bad = j.filter(
        pl.col("total").is_null() | pl.col("p_total").is_null()
        | ((pl.col("total") - pl.col("p_total").round(6)).abs() > 1e-9)
        | (pl.col("level") != pl.col("p_level")) | (pl.col("eligible") != pl.col("p_eligible"))
    )
    if bad.height:
        problems.append(f"{bad.height} of {j.height} rows differ; first ones:\n{bad.head(10)}")
    return problems


def ranking(matang_csv: str, polars_csv: str) -> list[str]:
    """Differences in the selection (ids in order) or in the ranking order itself."""
    import polars as pl

    m = pl.read_csv(matang_csv, schema_overrides={"id": pl.String}).sort("position")
    p = pl.read_csv(polars_csv, schema_overrides={"id": pl.String}).sort("position")
    problems = []
    ms = m.filter(pl.col("selected"))["id"].to_list()
    ps = p.filter(pl.col("selected"))["id"].to_list()
    if ms != ps:
        problems.append(f"selection differs: matang {ms}, polars {ps}")
    mo, po = m["id"].to_list(), p["id"].to_list()
    if mo != po:
        first = next((i for i, (x, y) in enumerate(zip(mo, po)) if x != y), min(len(mo), len(po)))
        problems.append(f"ranking order differs first at position {first + 1}: "
                        f"matang {mo[first:first + 3]}, polars {po[first:first + 3]}")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "matang-bench"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    data = os.path.join(a.out, f"portfolio-{a.rows}.csv")
    if not os.path.exists(data):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "data.py"),
                        "--rows", str(a.rows), "--out", data], check=True)
    if not os.path.exists(MATANG):
        sys.exit("build the CLI first: cargo build --release -p matang --features cli")
    polars = [sys.executable, os.path.join(ROOT, "bench", "cli_polars.py")]
    o = lambda name: os.path.join(a.out, name)  # noqa: E731
    pack = ["--pack", pack_dir()]
    cases = {
        "matang assess --format csv": [MATANG, "assess", *pack, "--format", "csv", "-o", o("m-assess.csv"), data],
        "polars assess": [*polars, "assess", data, o("p-assess.csv")],
        "matang rank --top 4": [MATANG, "rank", *pack, "--top", "4", "--format", "csv", "-o", o("m-rank.csv"), data],
        "polars rank --top 4": [*polars, "rank", data, o("p-rank.csv"), "--top", "4"],
    }
    times: dict[str, list[float]] = {k: [] for k in cases}
    peaks: dict[str, int] = {k: 0 for k in cases}
    loads: list[float] = []
    for _ in range(a.repeat):
        for name, cmd in cases.items():
            loads.append(os.getloadavg()[0])
            wall, peak = run(cmd)
            times[name].append(wall)
            peaks[name] = max(peaks[name], peak)
    load = " to ".join(f"{x:.1f}" for x in sorted({round(os.getloadavg()[0], 1), *loads}))
    print(f"{a.rows:,} rows, {os.cpu_count()} cores, median of {a.repeat}, load average {load}\n")
    print("| run | wall time (s) | peak memory (MiB) |")
    print("|---|---:|---:|")
    for name in cases:
        print(f"| {name} | {statistics.median(times[name]):.2f} | {peaks[name] / 1024:.0f} |")
    print()
    problems = agreement(o("m-assess.csv"), o("p-assess.csv"))
    problems += ranking(o("m-rank.csv"), o("p-rank.csv"))
    if problems:
        print("\nCHECK FAILED: the polars pipeline differs from matang:", file=sys.stderr)
        for x in problems:
            print("  " + x, file=sys.stderr)
        sys.exit(1)
    print(f"check ok: every row's total (to matang's 6 printed decimals), level and eligibility agree "
          f"({a.rows:,} rows); rank --top 4 selects the same ids in the same order, and the whole "
          "ranking order is the same")


if __name__ == "__main__":
    main()
