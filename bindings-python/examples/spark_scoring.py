"""Score a PySpark DataFrame in local mode through `mapInArrow`.

Each Arrow record batch goes to `pack.score_arrow`, which scores it in Rust and returns
an Arrow table with the result schema: no per-row Python work.

    python examples/spark_scoring.py [CSV]
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
from pyspark.sql import SparkSession

import matang

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CSV = REPO / "rules" / "smart-city-quickwin" / "examples" / "portfolio.csv"


def spark_ddl(schema: pa.Schema) -> str:
    """The Spark DDL of an Arrow result schema."""
    types = {pa.string(): "string", pa.float64(): "double", pa.int32(): "int", pa.bool_(): "boolean"}
    return ", ".join(f"`{f.name}` {types[f.type]}" for f in schema)


def score(csv: Path, copies: int = 20) -> pd.DataFrame:
    pack = matang.Pack.builtin("smart-city-quickwin")
    portfolio = pd.read_csv(csv, dtype=str)  # every column as text: the pack parses it
    big = pd.concat([portfolio] * copies, ignore_index=True)
    big["id"] = [f"{i}-{n}" for n, i in enumerate(big["id"])]

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("matang-example")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "100")
        .config("spark.executorEnv.RAYON_NUM_THREADS", "1")
        .getOrCreate()
    )
    try:
        # Spark reads a dot in a column name as a struct path: `verified.uptime_pct` travels
        # as `verified__uptime_pct` and gets its name back inside each batch.
        sdf = spark.createDataFrame(big.rename(columns=lambda c: c.replace(".", "__")))

        def assess_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            for batch in batches:  # `pack` travels pickled, by its source files
                names = [n.replace("__", ".") for n in batch.schema.names]
                yield from pack.score_arrow(batch.rename_columns(names)).to_batches()

        scored = sdf.mapInArrow(assess_batches, spark_ddl(pack.arrow_schema()))
        return scored.toPandas()
    finally:
        spark.stop()


def main() -> None:
    csv = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV
    result = score(csv)
    print(result.groupby("level_label")["id"].count().sort_index())
    print(f"{len(result)} rows scored, {int(result['error'].notna().sum())} errors")


if __name__ == "__main__":
    main()
