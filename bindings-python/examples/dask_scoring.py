"""Score a Dask DataFrame on a local cluster of worker processes.

The pack pickles by its source files and is recompiled once per task on each worker;
`score_many` then scores each partition in Rust on the worker's cores.

    python examples/dask_scoring.py [CSV]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

import matang

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CSV = REPO / "rules" / "smart-city-quickwin" / "examples" / "portfolio.csv"


def score(csv: Path, copies: int = 50, partitions: int = 4) -> pd.DataFrame:
    """Scores `copies` copies of the portfolio on a two-process local cluster."""
    pack = matang.Pack.builtin("smart-city-quickwin")
    portfolio = pd.read_csv(csv)
    big = pd.concat([portfolio] * copies, ignore_index=True)
    big["id"] = [f"{i}-{n}" for n, i in enumerate(big["id"])]

    # One rayon thread per worker process: the cluster provides the parallelism.
    os.environ.setdefault("RAYON_NUM_THREADS", "1")
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster):
            ddf = dd.from_pandas(big, npartitions=partitions)
            scored = ddf.map_partitions(pack.score_many, meta=pack.score_many([]))
            return scored.compute()


def main() -> None:
    csv = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV
    result = score(csv)
    print(result.groupby("level_label")["id"].count().sort_index())
    print(f"{len(result)} rows scored, {int(result['error'].notna().sum())} errors")


if __name__ == "__main__":
    main()
