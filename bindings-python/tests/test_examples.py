"""The scale-out examples run on real local engines (Dask LocalCluster with worker
processes, PySpark local[2]) and agree with scoring in this process.

They run by default; set MATANG_SKIP_CLUSTER=1 to skip them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

import matang
from conftest import BINDING, REPO, cluster_enabled

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.skipif(not cluster_enabled(), reason="MATANG_SKIP_CLUSTER=1"),
]

CSV = REPO / "rules" / "smart-city-quickwin" / "examples" / "portfolio.csv"


def load(name: str) -> ModuleType:
    path = BINDING / "examples" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def expected(copies: int) -> pd.DataFrame:
    pack = matang.Pack.builtin("smart-city-quickwin")
    one = pack.score_many(pd.read_csv(CSV))
    return pd.concat([one] * copies, ignore_index=True)


def compare(got: pd.DataFrame, copies: int) -> None:
    want = expected(copies)
    assert len(got) == len(want)
    assert got["error"].isna().all()
    got = got.reset_index(drop=True)
    pd.testing.assert_series_equal(got["total"].astype(float), want["total"], check_names=False)
    assert got["level_rank"].astype(int).tolist() == want["level_rank"].astype(int).tolist()


def test_dask_example() -> None:
    got = load("dask_scoring").score(CSV, copies=10, partitions=4)
    compare(got, 10)


def test_spark_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    got = load("spark_scoring").score(CSV, copies=5)
    compare(got, 5)
