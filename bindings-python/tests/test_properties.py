"""Property tests: arbitrary Python values never crash matang; they give an Assessment
or a documented error, and a batch always has one result per row."""

from __future__ import annotations

import datetime
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

import matang
from conftest import BINDING, PACK_ID

PACK = matang.Pack.builtin(PACK_ID)
FIELDS = [f["id"] for f in PACK.schema]

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.dates(min_value=datetime.date(1900, 1, 1)),
    st.sampled_from(["live", "ya", "tidak", "1.200", "2019-10-01", "", "pilot", "api"]),
    st.lists(st.integers(), max_size=2),
    st.builds(object),
)
records = st.dictionaries(st.sampled_from(FIELDS + ["id", "name", "unknown_field"]), values, max_size=12)


@settings(max_examples=150, deadline=None)
@given(records)
def test_assess_never_crashes(record: dict[str, object]) -> None:
    try:
        a = PACK.assess(record)
    except matang.MatangError:
        return
    assert isinstance(a, matang.Assessment)


@settings(max_examples=40, deadline=None)
@given(st.lists(records, max_size=8))
def test_batch_has_one_result_per_row(rows: list[dict[str, object]]) -> None:
    listed = PACK.assess_many(rows)
    assert len(listed) == len(rows)
    assert all(isinstance(x, (matang.Assessment, matang.MatangError)) for x in listed)
    frame = PACK.score_many(rows)
    assert len(frame) == len(rows)
    ok = [isinstance(x, matang.Assessment) for x in listed]
    assert frame["error"].isna().tolist() == ok


def test_benchmark_script_runs() -> None:
    out = subprocess.run(
        [sys.executable, "bench/bench_assess.py", "--rows", "200", "--repeat", "1"],
        cwd=BINDING, capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr
    assert "vs loop" in out.stdout
