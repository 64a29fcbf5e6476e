"""Tables are scored column by column in typed form (numpy buffers, Arrow text, codes);
the result must be exactly what scoring each row on its own gives: the same columns,
dtypes, numbers, levels and per-row error messages."""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matang
from conftest import PACK_ID, REPO, as_pandas, strong_record, weak_record

PACK = matang.Pack.builtin(PACK_ID)
DIMS = [f"dim_{d}" for d in PACK.dimension_ids]
FLAGS = [f"insufficient_{d}" for d in PACK.dimension_ids]


def expected_frame(rows: list[Any], index: Any = None, lang: str = "id") -> pd.DataFrame:
    """The result frame built from ``assess_many``, one row at a time."""
    out: dict[str, list[Any]] = {c: [] for c in ["id", "name", "total", "score_100", "level_rank",
                                                  "level_id", "level_label", *DIMS, *FLAGS, "eligible", "error"]}
    for i, r in enumerate(PACK.assess_many(rows, lang)):
        if isinstance(r, matang.Assessment):
            dims = {d["id"]: d["score"] for d in r.dimensions}
            values: dict[str, Any] = {
                "id": r.id, "name": r.name, "total": r.total, "score_100": r.score_100,
                "level_rank": r.level["rank"], "level_id": r.level["id"], "level_label": r.level["label"],
                "eligible": r.eligible, "error": None,
            }
            values.update({f"dim_{k}": (math.nan if v is None else v) for k, v in dims.items()})
            # An insufficient dimension is missing, not the minimum, and flagged.
            for d in r.dimensions:
                values[f"insufficient_{d['id']}"] = d["insufficient"]
                if d["insufficient"]:
                    values[f"dim_{d['id']}"] = math.nan
        else:
            values = {c: None for c in out}
            row_id, row_name = _identity(rows[i], i)
            values.update({"id": row_id, "name": row_name, "total": math.nan,
                           "score_100": math.nan, "error": str(r)})
            values.update({d: math.nan for d in DIMS})
            values.update({f: None for f in FLAGS})
        for c in out:
            out[c].append(values[c])
    frame = pd.DataFrame({
        c: pd.array(v, dtype="string" if c in ("id", "name", "level_id", "level_label", "error")
                    else "Int64" if c == "level_rank" else "boolean" if c == "eligible" or c in FLAGS else "float64")
        for c, v in out.items()
    })
    if index is not None:
        frame.index = index
    return frame


def _identity(row: Any, i: int) -> tuple[str, str | None]:
    """The id and name a row that fails gets: those of a valid record with its id and name
    (assessed on its own), or ``row i``."""
    if not isinstance(row, dict):
        return f"row {i}", None
    probe = {"stage": "live", "assessed_on": "2019-10-01"}
    out_id, out_name = f"row {i}", None
    try:
        a = PACK.assess({**probe, "id": row.get("id")})
        out_id = f"row {i}" if a.id == "?" else a.id
    except matang.MatangError:
        pass
    try:
        out_name = PACK.assess({**probe, "name": row.get("name")}).name
    except matang.MatangError:
        pass
    return out_id, out_name


def pandas_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts of the values ``Series.tolist()`` gives (the per-cell meaning)."""
    cols = {str(c): frame[c].tolist() for c in frame.columns}
    return [{c: cols[c][i] for c in cols} for i in range(len(frame))]


def check_pandas(frame: pd.DataFrame) -> pd.DataFrame:
    got = PACK.score_many(frame)
    rows = pandas_rows(frame)
    pd.testing.assert_frame_equal(got, expected_frame(rows, frame.index))
    # The records path (a list of dicts) agrees too.
    pd.testing.assert_frame_equal(got.reset_index(drop=True), PACK.score_many(rows))
    return got


def check_arrow(table: Any, rows: list[dict[str, Any]]) -> None:
    got = PACK.score_many(table)
    assert type(got).__module__.split(".")[0] == type(table).__module__.split(".")[0]
    pd.testing.assert_frame_equal(as_pandas(got), expected_frame(rows))
    arrow = PACK.score_arrow(table)
    assert arrow.schema == PACK.arrow_schema()
    want = pa.Table.from_pandas(expected_frame(rows), schema=PACK.arrow_schema(), preserve_index=False)
    assert arrow.equals(want), (arrow.to_pandas(), want.to_pandas())


def test_bundled_portfolio() -> None:
    frame = pd.read_csv(REPO / "rules" / PACK_ID / "examples" / "portfolio.csv")
    got = check_pandas(frame)
    assert got["error"].isna().all()
    check_arrow(pa.Table.from_pandas(frame, preserve_index=False), frame.to_dict("records"))
    en = PACK.score_many(frame, lang="en")
    pd.testing.assert_frame_equal(en, expected_frame(pandas_rows(frame), lang="en"))


def test_concatenated_frame_is_read_in_one_chunk_per_column() -> None:
    from matang import _frames

    frame = pd.read_csv(REPO / "rules" / PACK_ID / "examples" / "portfolio.csv")
    frame = pd.concat([frame] * 3, ignore_index=True)
    table = _frames.pandas_to_arrow(frame)
    assert table is not None
    assert {table.column(c).num_chunks for c in table.column_names} == {1}
    check_pandas(frame)


def test_benchmark_portfolio_sample() -> None:
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    try:
        import data as bench_data
    finally:
        sys.path.pop(0)
    rows = bench_data.generate(600, seed=11)
    frame = pd.DataFrame(rows, index=pd.RangeIndex(100, 700))
    check_pandas(frame)
    check_arrow(pa.Table.from_pylist(rows), rows)


def test_flags_with_nan_gaps_from_read_csv() -> None:
    """``read_csv`` gives a flag column with gaps as objects: True, False and float NaN
    (also numpy's). They are read as flags with missing values, as each cell means."""
    import io

    text = "id,assessed_on,stage,sop_available,dedicated_admin\nA,2019-10-01,live,True,\n" \
           "B,2019-10-01,live,,False\nC,2019-10-01,pilot,False,True\n"
    frame = pd.read_csv(io.StringIO(text))
    assert frame["sop_available"].dtype == object
    check_pandas(frame)
    frame["budget_next_year"] = pd.Series([np.float64("nan"), True, False], dtype=object)
    frame["opd"] = pd.Series([True, float("nan"), 1.5], dtype=object)  # not all flags: cells
    check_pandas(frame)
    frame["dedicated_admin"] = pd.Series([np.True_, pd.NA, np.float32("nan")], dtype=object)
    frame["sop_available"] = pd.Series([False, pd.NaT, True], dtype=object)  # NaT: cells
    check_pandas(frame)
    columns = {c: frame[c].to_numpy() for c in frame.columns}
    columns["budget_next_year"] = np.array([None, False, np.False_], dtype=object)
    rows = [{k: v[i] for k, v in columns.items()} for i in range(3)]
    pd.testing.assert_frame_equal(PACK.score_many(columns), expected_frame(rows))


def test_many_distinct_values() -> None:
    """Text with a distinct value in (nearly) every row is coded without look-ups after the
    first rows; the results do not change."""
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    try:
        import data as bench_data
    finally:
        sys.path.pop(0)
    rows = bench_data.generate(4500, seed=3)
    for i, r in enumerate(rows):
        r["opd"] = f"Dinas {i}" if i % 7 else None
        r["stage"] = r["stage"] if i % 11 else f"stage {i % 13}"  # some unknown values, repeated
    frame = pd.DataFrame(rows)
    check_pandas(frame)
    check_arrow(pa.Table.from_pylist(rows), rows)


def test_text_that_differs_only_inside() -> None:
    """Distinct text is told apart by every byte: values of 0 to 40 bytes sharing their
    first and last 8 bytes (what the dictionary looks up by) stay distinct values, each
    with its own error message, and equal values share one."""
    rows = []
    for i in range(600):
        n = i % 41
        middle = "xyz"[i % 3] * max(n - 16, 0)
        value = ("AAAAAAAA" + middle + "BBBBBBBB")[:n] if n > 16 else "é" * (n // 2) + "x" * (n % 2)
        rows.append({"id": f"QW-{i}", "assessed_on": f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}",
                     "stage": "live" if i % 5 == 0 else value, "trained_staff": i % 9})
    frame = pd.DataFrame(rows)
    got = check_pandas(frame)
    assert got["error"].nunique() > 40
    check_arrow(pa.Table.from_pylist(rows), rows)


def test_short_text_is_told_apart_by_every_byte() -> None:
    """Every string of 0 to 9 bytes over two letters is its own value: the dictionary's
    key reads short strings in overlapping pieces, and none may be confused."""
    import itertools

    values = ["".join(p) for n in range(10) for p in itertools.product("ab", repeat=n)]
    values = [v for v in values if len(v) < 6 or v.count("a") == 3]  # all short, some long
    rows = [{"id": f"QW-{i}", "assessed_on": "2019-10-01", "stage": v, "opd": v}
            for i, v in enumerate(values + values[::-1])]
    check_pandas(pd.DataFrame(rows))  # each row's message names its own value
    check_arrow(pa.Table.from_pylist(rows), rows)


def missing_everywhere() -> pd.DataFrame:
    """Every dtype, with every kind of missing value somewhere."""
    n = 8
    base = [strong_record(f"S{i}") if i % 2 else weak_record(f"W{i}") for i in range(n)]
    f = pd.DataFrame(base)
    f["id"] = pd.array(["A", None, " B ", "C", "", "E", "F", "G"], dtype="string")
    f["name"] = pd.Series(["x", None, float("nan"), pd.NA, "  ", "y", "z", "w"], dtype=object)
    f["assessed_on"] = pd.to_datetime(["2019-10-01"] * 7 + [None])
    f["go_live_date"] = pd.Series(pd.to_datetime(["2018-01-15 23:30", None, "2019-01-01 00:00", "1969-12-31 22:00",
                                                  "2018-06-01 00:00", None, "2017-01-01 05:00", "2018-02-02 00:00"])
                                  ).dt.tz_localize("Asia/Jakarta")
    f["stage"] = pd.Categorical(["live", None, "pilot", "integrated", "live", "idea", None, "replicated"])
    f["legal_basis"] = pd.array(["perbup", None, "draft", "none", pd.NA, "sk_opd", "perbup", None],
                                dtype=pd.StringDtype("python"))
    f["spbe_integration"] = pd.array(["api", None, "sso", "api", "satu_data", None, "api", "sso"],
                                     dtype=pd.StringDtype("pyarrow"))
    f["novelty"] = pd.Series(["new_national", None, float("nan"), pd.NA, "copied", "adapted", None, "copied"],
                             dtype=object)
    f["sop_available"] = pd.array([True, None, False, True, pd.NA, False, True, True], dtype="boolean")
    f["dedicated_admin"] = pd.Series([True, None, False, float("nan"), True, pd.NA, False, True], dtype=object)
    f["budget_next_year"] = np.array([True, False] * 4)
    f["trained_staff"] = pd.array([12, None, 3, 0, pd.NA, 7, 500, 1], dtype="Int64")
    f["milestones_due"] = np.arange(n, dtype=np.int64) + 2
    f["milestones_on_time"] = pd.array([1, 0, 2, None, 3, 4, 2, 1], dtype="UInt8")
    f["uptime_pct"] = pd.array([99.5, None, 97.0, np.nan, 12.25, 100.0, 0.0, 50.5], dtype="Float64")
    f["ikm_score"] = np.array([88.0, np.nan, 70.5, 90.0, np.nan, 60.0, 75.25, 99.0], dtype=np.float32)
    f["budget_idr"] = [450_000_000.0, np.nan, 0.0, 1e9, np.nan, 5.0, 7.0, 8.0]
    f["target_users"] = pd.Series([10_000, None, 5, 7, None, 9, 2**40, 3], dtype=object)
    f["active_users_month"] = pd.Series([8_000, None, 2.5, "4", True, None, 1, 2], dtype=object)  # mixed
    f["transactions_month"] = pd.Series([None] * n, dtype=object)  # all missing
    f["followups_total"] = pd.array([5, 4, None, 3, 2, 1, 0, 6], dtype=pd.ArrowDtype(pa.int64()))
    f["followups_done"] = pd.array([5, 1, None, 3, 2, 1, 0, 4], dtype="Int32")
    f["roadmap_planned"] = pd.array([10, 20, None, 5, 5, 5, 5, 5], dtype=pd.ArrowDtype(pa.float64()))
    f["opd"] = pd.array(["Diskominfo", None, "Bappeda", "RSUD", "Diskominfo", "BPBD", "RSUD", "X"],
                        dtype=pd.ArrowDtype(pa.string()))
    f["replicated_units"] = pd.Series([dt.date(2019, 1, 1), None, 3, 4, 5, 6, 7, 8], dtype=object)  # wrong type
    f["extra"] = pd.Categorical([1, 2, None, 1, 2, 1, 1, 2])  # not a field of the pack
    return f


def test_missing_values_in_every_dtype() -> None:
    frame = missing_everywhere()
    got = check_pandas(frame)
    assert got["error"].notna().any() and got["error"].isna().any()
    assert got.loc[1, "id"] == "row 1" and got.loc[2, "id"] == "B"


@pytest.mark.parametrize("column,bad,fragment", [
    ("stage", "finished", "stage"),                      # unknown enum value
    ("uptime_pct", 150.0, "uptime_pct"),                 # out of range
    ("trained_staff", 2.5, "trained_staff"),             # float in an integer field
    ("trained_staff", "lots", "trained_staff"),          # wrong type
    ("sop_available", "maybe", "sop_available"),         # not a boolean
    ("assessed_on", "2019-13-45", "assessed_on"),        # not a date
    ("uptime_pct", float("inf"), "finite"),              # infinite float
    ("uptime_pct", -float("inf"), "finite"),
    ("trained_staff", object(), "unsupported Python type"),  # cannot be evidence
    ("unknown_field", object(), "unsupported Python type"),  # even in a column the pack ignores
    ("stage", ["live"], "stage"),                        # a list where a value belongs
])
def test_bad_values_give_the_same_row_errors(column: str, bad: Any, fragment: str) -> None:
    rows = [strong_record(f"S{i}") if i % 2 else weak_record(f"W{i}") for i in range(5)]
    rows[2] = {**rows[2], column: bad}
    rows[4] = {**rows[4], "stage": "unheard_of", column: bad}  # two problems in one row
    for r in rows:
        r.setdefault(column, None)
    frame = pd.DataFrame(rows)
    got = check_pandas(frame)
    assert got["error"].notna().tolist() == [False, False, True, False, True]
    assert fragment in got.loc[2, "error"]
    # A typed column with an infinity: the same message as a dict value.
    if isinstance(bad, float):
        typed = pd.DataFrame(rows).astype({column: "float64"})
        check_pandas(typed)
        check_arrow(pa.Table.from_pandas(typed, preserve_index=False), pandas_rows(typed))


@pytest.mark.parametrize("bad", [None, "2019-02-30", "2019-1-01", "\u0661\u0669\u0669\u0669-01-01"])
def test_date_text_means_what_it_means_in_a_dict(bad: str | None) -> None:
    """Arrow text of a date field is read straight into day numbers: padded, blank and
    missing text and dates the core reads outside the usual shape mean what they mean in a
    dict; a column with text that is not a date gives that row its message."""
    dates = ["2019-10-01", " 2018-01-15\t", "", "  ", None, "0000-02-29", "9999-12-31", "2000-02-29",
             "1969-12-31", "+019-03-01", "1900-02-28", "2024-02-29", bad]
    rows = [{**strong_record(f"S{i}"), "assessed_on": d, "go_live_date": dates[-1 - i]}
            for i, d in enumerate(dates)]
    frame = pd.DataFrame(rows)
    for c in ("assessed_on", "go_live_date"):
        frame[c] = frame[c].astype(pd.StringDtype("pyarrow"))
    got = check_pandas(frame)
    assert got["error"].notna().sum() == (5 if bad else 4)  # blank or missing: required
    check_arrow(pa.Table.from_pylist(rows), rows)
    check_arrow(pa.Table.from_pylist(rows, schema=pa.schema(
        [(k, pa.large_string() if k.endswith(("_on", "_date")) else pa.array([v]).type)
         for k, v in rows[0].items()])), rows)


def test_arrow_tables_and_record_batches() -> None:
    frame = missing_everywhere().drop(columns=["replicated_units", "name", "extra", "active_users_month"])
    table = pa.Table.from_pandas(frame, preserve_index=False)
    check_arrow(table, table.to_pylist())
    # Several chunks, a slice with an offset, and a record batch.
    chunked = pa.concat_tables([table.slice(0, 3), table.slice(3)])
    assert chunked.column("id").num_chunks == 2
    check_arrow(chunked, chunked.to_pylist())
    sliced = table.slice(2, 5)
    check_arrow(sliced, sliced.to_pylist())
    batch = table.to_batches()[0].slice(1, 6)
    check_arrow(batch, batch.to_pylist())


def test_arrow_types() -> None:
    n = 6
    table = pa.table({
        "id": pa.array([f"Q{i}" for i in range(n)], type=pa.string_view()) if hasattr(pa, "string_view")
        else pa.array([f"Q{i}" for i in range(n)]),
        "name": pa.array(["a", None, "b", "c", None, "d"], type=pa.large_string()),
        "assessed_on": pa.array([dt.date(2019, 10, 1)] * (n - 1) + [None], type=pa.date32()),
        "go_live_date": pa.array([dt.datetime(2018, 1, 1, 23), None, dt.datetime(1969, 12, 31, 22),
                                  dt.datetime(2019, 2, 1), dt.datetime(2019, 3, 1), dt.datetime(2019, 4, 1)],
                                 type=pa.timestamp("ms", tz="Asia/Jakarta")),
        "stage": pa.array(["live", "pilot", None, "live", "idea", "integrated"]).dictionary_encode(),
        "legal_basis": pa.nulls(n),
        "trained_staff": pa.array([1, None, 3, 400, 5, 6], type=pa.uint64()),
        "budget_idr": pa.array([2**63 + 5, None, 3, 4, 5, 6], type=pa.uint64()),  # beyond int64
        "milestones_due": pa.array([1, 2, 3, None, 5, 6], type=pa.int8()),
        "uptime_pct": pa.array([99.0, None, float("nan"), 50.0, 1.5, 2.5], type=pa.float32()),
        "sop_available": pa.array([True, None, False, True, False, True]),
        "ikm_score": pa.array([decimal.Decimal("88.5"), None, decimal.Decimal("70"), None, None, None]),
        "opd": pa.array([["x"], None, [], ["y"], None, None]),  # a list: cells, an error per row
    })
    check_arrow(table, table.to_pylist())


def test_polars_frames() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({
        "id": ["A", "B", None, "D", "E"],
        "name": ["x", None, "y", "z", "w"],
        "assessed_on": [dt.date(2019, 10, 1)] * 4 + [None],
        "go_live_date": pl.Series([dt.datetime(2018, 1, 1, 23), None, dt.datetime(2019, 1, 1),
                                   dt.datetime(2017, 5, 5), dt.datetime(2016, 6, 6)]).dt.replace_time_zone("UTC"),
        "stage": pl.Series(["live", "pilot", None, "live", "finished"], dtype=pl.Categorical),
        "legal_basis": pl.Series(["perbup", None, "draft", "none", "none"],
                                 dtype=pl.Enum(["none", "draft", "sk_opd", "perbup"])),
        "trained_staff": [1, None, 3, 600, 5],
        "uptime_pct": [99.0, None, float("nan"), 50.0, float("inf")],
        "sop_available": [True, None, False, True, False],
        "dedicated_admin": pl.Series([None] * 5, dtype=pl.Null),
    })
    check_arrow(frame, frame.to_dicts())


def test_dicts_of_columns() -> None:
    frame = missing_everywhere()
    rows = pandas_rows(frame)
    as_series = {c: frame[c] for c in frame.columns}
    pd.testing.assert_frame_equal(PACK.score_many(as_series), expected_frame(rows))
    as_lists = {c: frame[c].tolist() for c in frame.columns}
    pd.testing.assert_frame_equal(PACK.score_many(as_lists), expected_frame(rows))
    arrays = {"id": np.array(["a", "b"], dtype=object), "assessed_on": ["2019-10-01", "2019-10-01"],
              "stage": pd.Series(["live", "pilot"]), "trained_staff": np.array([3, 4], dtype=np.uint16),
              "uptime_pct": np.array([99.0, np.inf]), "sop_available": np.array([True, False]),
              "budget_idr": pa.array([1, None]), "milestones_due": np.array([1, 2], dtype=np.uint64)}
    arows = [{k: (v.tolist() if hasattr(v, "tolist") else list(v))[i] for k, v in arrays.items()} for i in range(2)]
    pd.testing.assert_frame_equal(PACK.score_many(arrays), expected_frame(arows))


def test_strided_and_foreign_byte_order_arrays() -> None:
    # The native module reads numpy arrays through the buffer protocol: views with a
    # stride, big-endian arrays and columns of a 2-D block mean what their values mean.
    n = 6
    block = np.arange(3.0 * n).reshape(n, 3) * 10.0
    frame = pd.DataFrame(block, columns=["uptime_pct", "ikm_score", "trained_staff"])
    frame["id"] = [f"Q{i}" for i in range(n)]
    frame["assessed_on"] = "2019-10-01"
    frame["stage"] = ["live", "pilot", "idea", "live", "integrated", "replicated"]
    frame["milestones_due"] = np.arange(2 * n, dtype=">i8")[::2]
    frame["sop_available"] = np.array([True, False] * n)[::2]
    check_pandas(frame)
    columns = {c: frame[c].to_numpy() for c in frame.columns}
    columns["uptime_pct"] = block[:, 0]
    assert not columns["uptime_pct"].flags["C_CONTIGUOUS"]
    columns["budget_idr"] = np.arange(4 * n, dtype=np.int64)[::4]
    columns["sop_available"] = np.array([True, False] * n)[1::2]
    rows = [{k: v.tolist()[i] for k, v in columns.items()} for i in range(n)]
    pd.testing.assert_frame_equal(PACK.score_many(columns), expected_frame(rows))


def test_empty_tables() -> None:
    empty = PACK.score_many([])
    frames: list[Any] = [
        pd.DataFrame(columns=["id", "stage", "assessed_on"]),
        pd.DataFrame({"id": pd.Series([], dtype="string"), "trained_staff": pd.Series([], dtype="Int64")}),
        pd.DataFrame(),
        pa.table({"id": pa.array([], pa.string()), "uptime_pct": pa.array([], pa.float64())}),
        {"id": [], "stage": []},
        {},
    ]
    pl = None
    try:
        import polars as pl
    except ImportError:
        pass
    if pl is not None:
        frames.append(pl.DataFrame({"id": [], "stage": []}, schema={"id": pl.String, "stage": pl.Categorical}))
    for data in frames:
        got = as_pandas(PACK.score_many(data))
        assert len(got) == 0
        assert list(got.columns) == list(empty.columns)
        assert list(got.dtypes) == list(empty.dtypes)
        t = PACK.score_arrow(data)
        assert t.num_rows == 0 and t.schema == PACK.arrow_schema()


def test_duplicate_names_after_str_keep_the_last() -> None:
    frame = pd.DataFrame([[1, "live", "2019-10-01", "QW-1"]], columns=[1, "stage", "assessed_on", "id"])
    frame["1"] = ["x"]
    check_pandas(frame)


# -- random tables ------------------------------------------------------------------------

FIELDS = {f["id"]: f for f in PACK.schema}
ENUMS = {k: f["values"] for k, f in FIELDS.items() if f["type"] == "enum"}

missing = st.sampled_from([None, float("nan"), pd.NA])


def column_strategy(field: str, n: int) -> st.SearchStrategy[pd.Series]:
    kind = FIELDS[field]["type"] if field in FIELDS else "text"

    def series(values: st.SearchStrategy[Any], dtype: Any) -> st.SearchStrategy[pd.Series]:
        return st.lists(values, min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype=dtype))

    if kind == "enum":
        vals = st.sampled_from([*ENUMS[field], "bogus"])
        return st.one_of(
            series(st.one_of(vals, missing), object),
            series(st.one_of(vals, st.none()), "category"),
            series(st.one_of(vals, st.none()), "string"),
            series(st.one_of(vals, st.none(), st.integers(-1, 3)), object),
        )
    if kind == "boolean":
        return st.one_of(
            series(st.booleans(), bool),
            series(st.one_of(st.booleans(), st.none()), "boolean"),
            series(st.one_of(st.booleans(), missing), object),
            series(st.one_of(st.booleans(), st.sampled_from(["ya", "tidak", "x"]), st.none()), object),
        )
    if kind in ("integer", "number"):
        ints = st.integers(-5, 2_000)
        floats = st.floats(-5, 2_000) | st.sampled_from([math.nan, math.inf, 0.5, 1e300])
        return st.one_of(
            series(ints, np.int64),
            series(st.one_of(ints, st.none()), "Int64"),
            series(floats, np.float64),
            series(st.one_of(floats, st.none()), "Float64"),
            series(st.one_of(ints, missing, st.text(max_size=3)), object),
        )
    if kind == "date":
        dates = st.dates(dt.date(1960, 1, 1), dt.date(2030, 12, 31))
        return st.one_of(
            series(dates.map(lambda d: pd.Timestamp(d)) | st.none(), "datetime64[ns]"),
            series(dates.map(str) | st.none(), object),
            series(dates | missing | st.just("2019-02-30"), object),
        )
    return series(st.one_of(st.text(max_size=5), missing), object)


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 6))
    chosen = draw(st.lists(st.sampled_from(sorted(FIELDS)), max_size=8, unique=True))
    data: dict[str, Any] = {"id": pd.Series([f"R{i}" for i in range(n)], dtype=object)}
    for field in ["assessed_on", "stage", *chosen]:
        data[field] = draw(column_strategy(field, n))
    return pd.DataFrame(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames())
def test_random_tables_match_row_by_row(frame: pd.DataFrame) -> None:
    check_pandas(frame)


# -- lists of dicts ----------------------------------------------------------------------

cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.sampled_from(["live", "pilot", "ya", "tidak", "1.200", "2019-10-01", "", "api", "perbup", " QW "]),
    st.lists(st.integers(), max_size=2),
    st.builds(object),
    st.just(pd.NA),
    st.just(decimal.Decimal("2.5")),
)
record_rows = st.lists(
    st.one_of(
        st.dictionaries(st.sampled_from([*FIELDS, "id", "name", "unknown"]), cell_values, max_size=10),
        st.just("not a record"),
        st.just({1: "x", "1": "y", "stage": "live", "assessed_on": "2019-10-01"}),
    ),
    max_size=8,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_rows)
def test_random_lists_of_dicts_match_row_by_row(rows: list[Any]) -> None:
    pd.testing.assert_frame_equal(PACK.score_many(rows), expected_frame(rows))


def test_lists_of_dicts_with_different_keys() -> None:
    rows: list[Any] = [strong_record("A"), {"stage": "live", "id": "B", "assessed_on": "2019-10-01"},
                       weak_record("C"), {}, 7, {"name": "only a name"}, strong_record("D")]
    rows[2] = dict(reversed(list(rows[2].items())))
    got = PACK.score_many(rows)
    pd.testing.assert_frame_equal(got, expected_frame(rows))
    assert got.loc[4, "error"].startswith("row 4: ")
    assert PACK.score_many([{}, {}])["id"].tolist() == ["row 0", "row 1"]


class _Key:
    """A column key that is not a str but reads as one."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def test_native_dict_with_keys_equal_after_str() -> None:
    data = {_Key("stage"): ["idea", "finished"], "stage": ["live", "pilot"], "assessed_on": ["2019-10-01"] * 2}
    # The last "stage" column wins, as in a dict.
    pd.testing.assert_frame_equal(PACK.score_many(data), expected_frame([
        {"stage": "live", "assessed_on": "2019-10-01"},
        {"stage": "pilot", "assessed_on": "2019-10-01"},
    ]))


def test_table_benchmark_script_runs() -> None:
    import subprocess
    import sys

    from conftest import BINDING

    out = subprocess.run(
        [sys.executable, "bench/bench_tables.py", "--rows", "300", "--repeat", "1"],
        cwd=BINDING, capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr
    assert "python loop / score_many(pandas)" in out.stdout


def test_text_numbers_are_read_as_cells_of_unknown_convention() -> None:
    """A text column "4.000" is never read as 4: refused as ambiguous naming the column
    and the row's index label; "99,5" is 99.5, in pandas, pyarrow and polars alike."""
    rows = [{**strong_record(f"S{i}"), "uptime_pct": u, "budget_idr": b}
            for i, (u, b) in enumerate([("99,5", "1.200.000"), ("99.5", "4.000"), ("97", "1,200")])]
    want = PACK.score_many([{**rows[0], "uptime_pct": 99.5, "budget_idr": 1_200_000}])
    frame = pd.DataFrame(rows, index=["a", "b", "c"])
    tables: list[Any] = [frame, pa.Table.from_pylist(rows)]
    try:
        import polars as pl

        tables.append(pl.DataFrame(rows))
    except ImportError:
        pass
    for table in tables:
        got = as_pandas(PACK.score_many(table))
        assert got["total"].iloc[0] == want["total"].iloc[0]
        assert pd.isna(got["error"].iloc[0]), got["error"].iloc[0]
        for i, text in ((1, "'4.000' is ambiguous"), (2, "'1,200' is ambiguous")):
            error = got["error"].iloc[i]
            assert text in error and "budget_idr" in error, error
            assert "file" not in error and "export" not in error, error
    assert "index 'b'" in PACK.score_many(frame).loc["b", "error"]
    with pytest.raises(matang.EvidenceError, match="ambiguous"):
        PACK.assess(rows[1])
