"""Process pools and Ctrl-C: a forked child can score after its parent did (the core's
thread pool is rebuilt in the child), a long call stops with ``KeyboardInterrupt`` soon
after Ctrl-C, and a panic in native code is a ``MatangError``."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import matang
from matang import _matang
from conftest import PACK_ID, strong_record, weak_record

# More rows than one chunk (1,024) of the core's batch scoring, so that calls go parallel.
ROWS = 3_000


def _frame(n: int) -> pd.DataFrame:
    rows = [strong_record(f"QW-{i}") if i % 2 else weak_record(f"QW-{i}") for i in range(n)]
    return pd.DataFrame(rows)


def _score_in_child(seed: int) -> tuple[int, float, int]:
    """Runs in a forked worker: every batch path of the binding, on more than one chunk."""
    pack = matang.Pack.builtin(PACK_ID)
    frame = _frame(ROWS + seed)
    scored = pack.score_many(frame)
    listed = pack.assess_many(frame.to_dict("records")[:2_000])
    ranking = pack.rank(frame.head(2_000))
    return len(scored), float(scored["total"].sum()), len(listed) + len(ranking.ranking)


def test_fork_pool_after_the_parent_scored_many_rows() -> None:
    pack = matang.Pack.builtin(PACK_ID)
    frame = _frame(ROWS)
    # The parent uses the pool on every path first: typed columns, rows, records, rank.
    expected = pack.score_many(frame)
    assert len(expected) == ROWS and expected["error"].isna().all()
    assert len(pack.score_many(frame.to_dict("records"))) == ROWS
    assert len(pack.assess_many(frame.to_dict("records"))) == ROWS
    assert len(pack.rank(frame).ranking) == ROWS

    with multiprocessing.get_context("fork").Pool(2) as pool:
        # A timeout, not a hang, when the child's pool is broken.
        results = pool.map_async(_score_in_child, [0, 0, 1, 2]).get(timeout=120)

    total = float(expected["total"].sum())
    assert results[0] == (ROWS, pytest.approx(total), 4_000)
    assert results[1] == results[0]
    assert [r[0] for r in results[2:]] == [ROWS + 1, ROWS + 2]


# --------------------------------------------------------------------------- Ctrl-C


def _slow_pack() -> matang.Pack:
    """The quickwin pack with every indicator burning operations first (well within the
    sandbox's limits): a few milliseconds per record, so a long call is a few thousand rows."""
    files = dict(matang.Pack.builtin(PACK_ID).files)
    burn = "let burn = 0;\nfor i in 0..1500 { burn += i; }\n"
    for name in files:
        if name.startswith("indicators/") and name.endswith(".rhai"):
            files[name] = burn + files[name]
    return matang.Pack.from_files(files)


@pytest.fixture(scope="module")
def slow_pack() -> matang.Pack:
    return _slow_pack()


@pytest.fixture(scope="module")
def per_row(slow_pack: matang.Pack) -> float:
    """Seconds per record of the slow pack on this machine, all cores (measured)."""
    sample = _frame(400)
    start = time.perf_counter()
    slow_pack.score_many(sample)
    return (time.perf_counter() - start) / len(sample)


def _interrupt(call: Callable[[], object]) -> float:
    """Sends SIGINT to this process 0.3 s into `call`, from another process as a terminal
    would (a Python thread could not run while the call holds the GIL), and returns how
    long `call` took to raise KeyboardInterrupt."""
    start = time.perf_counter()
    killer = subprocess.Popen(["sh", "-c", f"sleep 0.3; kill -INT {os.getpid()}"])
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
    finally:
        killer.kill()
        killer.wait()
    return time.perf_counter() - start


def _rows_for(per_row: float, seconds: float) -> int:
    return max(2_000, int(seconds / per_row))


@pytest.fixture(scope="module")
def long_frame(per_row: float) -> pd.DataFrame:
    """About 30 seconds of work for the slow pack."""
    return _frame(_rows_for(per_row, 30))


CALLS: dict[str, Callable[[matang.Pack, pd.DataFrame, Path], Any]] = {
    "score_many(DataFrame)": lambda p, f, _: p.score_many(f),
    "score_arrow(DataFrame)": lambda p, f, _: p.score_arrow(f),
    "score_many(list of dicts)": lambda p, f, _: p.score_many(f.to_dict("records")),
    "assess_many": lambda p, f, _: p.assess_many(f.to_dict("records")),
    "rank": lambda p, f, _: p.rank(f),
    "rank(previous records)": lambda p, f, _: p.rank(f.head(5), previous=f.assign(id=f["id"] + "-p")),
    "assess_file": lambda p, f, tmp: p.assess_file(tmp),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_ctrl_c_stops_a_long_call(
    name: str, slow_pack: matang.Pack, long_frame: pd.DataFrame, per_row: float, tmp_path: Path
) -> None:
    path = tmp_path / "portfolio.csv"
    if name == "assess_file":
        long_frame.to_csv(path, index=False)
    expected = per_row * len(long_frame)
    assert expected > 8, f"the call must be long enough to interrupt ({expected:.1f} s)"
    took = _interrupt(lambda: CALLS[name](slow_pack, long_frame, path))
    assert took < min(3.0, expected / 4), f"{name}: {took:.1f} s after Ctrl-C, full call {expected:.0f} s"
    # The pack and its pool still work afterwards.
    head = long_frame.head(10)
    again = slow_pack.score_many(head)
    assert again["error"].isna().all()
    assert list(again["total"]) == list(matang.Pack.builtin(PACK_ID).score_many(head)["total"])


def test_ctrl_c_stops_converting_a_long_list_of_dicts() -> None:
    """Reading Python dicts holds the GIL: the conversion itself checks for signals."""
    pack = matang.Pack.builtin(PACK_ID)
    sample = [strong_record()] * 20_000
    pack.score_many(sample[:10])  # imports what the first call imports
    start = time.perf_counter()
    pack.score_many(sample)
    per_row = (time.perf_counter() - start) / len(sample)
    # About 4 s of work, mostly converting cells; capped to bound memory on a slow machine.
    rows = [strong_record()] * min(800_000, int(4 / per_row))
    expected = per_row * len(rows)
    took = _interrupt(lambda: pack.score_many(rows))
    assert took < min(1.5, expected / 2), f"{took:.1f} s after Ctrl-C, full call {expected:.1f} s"


def test_a_signal_handler_exception_is_raised_as_is(slow_pack: matang.Pack, per_row: float) -> None:
    """Any exception a signal handler raises stops the call, not only KeyboardInterrupt."""

    class Alarm(Exception):
        pass

    def handler(signum: int, frame: object) -> None:
        raise Alarm

    frame = _frame(_rows_for(per_row, 30))
    previous = signal.signal(signal.SIGALRM, handler)
    start = time.perf_counter()
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with pytest.raises(Alarm):
            slow_pack.score_many(frame)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.perf_counter() - start < 3.0


# --------------------------------------------------------------------------- panics


@pytest.mark.parametrize("on_pool", [False, True])
def test_a_panic_is_a_matang_error(on_pool: bool) -> None:
    with pytest.raises(matang.InternalError, match="please report.*deliberate") as e:
        _matang._panic_for_tests("deliberate", on_pool)
    assert isinstance(e.value, matang.MatangError) and isinstance(e.value, RuntimeError)
    # Nothing is left broken: the pool scores the next batch.
    pack = matang.Pack.builtin(PACK_ID)
    assert pack.score_many(_frame(ROWS))["error"].isna().all()
