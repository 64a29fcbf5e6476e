"""Every built-in pack's test vectors, run through Python, agree with the pack's own
expectations (``pack.check()``) and with the Rust command-line tool's JSON output."""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import matang
from conftest import REPO

PACK_IDS = matang.Pack.builtin_ids()


@functools.lru_cache(maxsize=1)
def cli() -> list[str] | str:
    """The CLI command, or the reason it cannot be built."""
    build = subprocess.run(
        ["cargo", "build", "-q", "-p", "matang", "--features", "cli", "--bin", "matang"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        return f"the matang CLI does not build: {build.stderr[-2000:]}"
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=REPO, capture_output=True, text=True
    )
    target = json.loads(meta.stdout)["target_directory"]
    return [str(Path(target) / "debug" / "matang")]


def cli_assess(pack_id: str, path: Path) -> list[dict[str, Any]]:
    cmd = cli()
    if isinstance(cmd, str):
        pytest.skip(cmd)
    out = subprocess.run(
        [*cmd, "assess", "--format", "json", "--pack", pack_id, str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    try:
        items = json.loads(out.stdout)["results"]
    except json.JSONDecodeError:
        pytest.fail(f"the CLI did not print JSON (exit {out.returncode}): {out.stdout[:500]} {out.stderr[:500]}")
    assert isinstance(items, list)
    return items


def same(py: matang.Assessment | matang.MatangError, rust: dict[str, Any]) -> None:
    if isinstance(py, matang.MatangError):
        assert "total" not in rust, f"Python failed ({py}) but Rust assessed {rust.get('id')}"
        return
    assert "total" in rust, f"Rust failed ({rust}) but Python assessed {py.id}"
    assert py.id == rust["id"]
    assert py.total == pytest.approx(rust["total"], abs=1e-9)
    assert py.level == rust["level"]
    assert [d["score"] for d in py.dimensions] == [d["score"] for d in rust["dimensions"]]
    assert py.eligible == rust["eligible"]


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_check_passes(pack_id: str) -> None:
    pack = matang.Pack.builtin(pack_id)
    if not pack.vector_records():
        pytest.skip(f"{pack_id} has no test vectors yet (vectors.toml)")
    report = pack.check()
    assert report["ran"] > 0
    assert report["passed"], "\n".join(report["failures"])


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_vectors_match_rust_cli(pack_id: str, tmp_path: Path) -> None:
    pack = matang.Pack.builtin(pack_id)
    cases = pack.vector_records()
    if not cases:
        pytest.skip(f"{pack_id} has no test vectors yet (vectors.toml)")
    records = [rec for _, rec in cases]
    path = tmp_path / "vectors.json"
    path.write_text(json.dumps(records))
    rust = cli_assess(pack_id, path)
    assert len(rust) == len(records)
    for rec, r in zip(records, rust):
        one: matang.Assessment | matang.MatangError
        try:
            one = pack.assess(rec)
        except matang.MatangError as e:
            one = e
        same(one, r)
    for item, r in zip(pack.assess_many(records), rust):
        same(item, r)


def example_csvs() -> list[Path]:
    return sorted((REPO / "rules").glob("*/examples/portfolio.csv"))


@pytest.mark.parametrize("csv", example_csvs(), ids=lambda p: p.parent.parent.name)
def test_example_portfolio_matches_rust_cli(csv: Path) -> None:
    pack_id = csv.parent.parent.name
    pack = matang.Pack.builtin(pack_id)
    frame = pd.read_csv(csv)
    py = pack.assess_many(frame)
    rust = cli_assess(pack_id, csv)
    assert len(py) == len(rust) == len(frame)
    for item, r in zip(py, rust):
        same(item, r)
