"""Table input and output for batch calls.

Input: a list (or any iterable) of dicts, a dict of equal-length columns, a pandas
DataFrame, a pyarrow Table or RecordBatch, a polars DataFrame, or any object with the Arrow
PyCapsule interface (``__arrow_c_stream__``, read through pyarrow).

For scoring (``score_many``, ``assess_arrow``), tables go to the native module column by
column in a compact typed form chosen from the column's dtype (:func:`typed_columns`):
float64, int64, bool and day-number numpy arrays with a validity mask, read by the native
module through the buffer protocol without a copy here; Arrow-backed text as views of its
UTF-8 bytes and offsets; categorical and dictionary columns as integer codes plus
their few distinct values. Object columns go cell by cell (``tolist()``), each cell
converted like a dict value; the native module then keeps all-boolean or all-text cells
compactly. Every form stands for exactly the values ``tolist()`` gives, so results and
per-row errors are those of scoring the rows one by one.
``assess_many`` and ``rank`` take rows or lists of cells (:func:`native_input`).

Output: compact result columns from the native module, as a pandas DataFrame or a pyarrow
Table.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Union

from ._optional import require

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

#: What batch methods accept.
TableLike = Union[Iterable[Mapping[str, Any]], Mapping[str, Any], Any]

def _is_instance(obj: object, module: str, names: tuple[str, ...]) -> bool:
    """isinstance against a class of an optional library, without importing it."""
    mod = sys.modules.get(module)
    if mod is None:
        return False
    classes = tuple(getattr(mod, n) for n in names if hasattr(mod, n))
    return bool(classes) and isinstance(obj, classes)


#: What the batch methods accept, for error messages.
ACCEPTED = (
    "a list of dicts, a dict of columns, a pandas DataFrame (or a Series for one record), "
    "a pyarrow Table or RecordBatch, a polars DataFrame, or any Arrow PyCapsule object"
)


def _shape(data: Any) -> str:
    """The type of ``data`` in an error message, with the shape of an array."""
    shape = getattr(data, "shape", None)
    name = f"{type(data).__module__.split('.')[0]}.{type(data).__name__}"
    return f"{name} of shape {shape}" if shape is not None else type(data).__name__


def series_record(s: Any) -> dict[str, Any]:
    """A pandas Series as one record: its index labels are the fields (``tolist()``
    turns numpy scalars into Python values). A row of a frame indexed by id
    (``df.set_index("id").loc["QW-02"]``) has its id as its name: that is the record's id."""
    record = {str(k): v for k, v in zip(s.index, s.tolist())}
    if "id" not in record and isinstance(s.name, str):
        record["id"] = s.name
    return record


def as_table(data: Any) -> Any:
    """``data`` as a batch method reads it: a pandas Series is a one-row DataFrame (its
    name the row's index label); an array, a string, a number or None is refused here
    with what is accepted instead, before anything is read."""
    if _is_instance(data, "pandas", ("Series",)):
        import pandas as pd

        return pd.DataFrame([series_record(data)], index=[0 if data.name is None else data.name])
    if (
        data is None
        or isinstance(data, (str, bytes, int, float))
        or _is_instance(data, "numpy", ("ndarray", "generic"))
    ):
        raise TypeError(f"expected {ACCEPTED}; got {_shape(data)}")
    if (
        isinstance(data, Iterable)
        and not isinstance(data, (list, Mapping))
        and typed_columns_kind(data) is None
    ):
        return list(data)  # read twice when insufficient dimensions are looked up
    return data


def typed_columns_kind(data: Any) -> str | None:
    """Which kind of table ``data`` is: "pandas", "arrow", "polars", or None."""
    if _is_instance(data, "pandas", ("DataFrame",)):
        return "pandas"
    if _is_instance(data, "polars", ("DataFrame",)):
        return "polars"
    if hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__"):
        return "arrow"
    return None


def take_rows(data: Any, rows: list[int]) -> Any:
    """The rows ``rows`` (positions) of a table that :func:`as_table` returned."""
    kind = typed_columns_kind(data)
    if kind == "pandas":
        try:
            return data.iloc[rows]
        except ValueError:  # a column pandas cannot take from (a big-endian array): by cells
            data = native_input(data)
    if kind == "polars":
        return data[rows]
    if kind == "arrow":
        import pyarrow as pa

        table = pa.table(data)  # slices, as "take" has no kernel for some types (string_view)
        return pa.concat_tables([table.slice(i, 1) for i in rows])
    if isinstance(data, Mapping):
        return {k: [col[i] for i in rows] for k, col in ((k, _column_list(v)) for k, v in data.items())}
    return [data[i] for i in rows]


def as_previous(previous: Any) -> tuple[dict[str, float] | None, Any]:
    """Last year's results for ``rank`` as ``(totals, records)``: a ``{id: total}`` dict
    or a numeric pandas Series of totals indexed by id gives totals; a table of last year's
    evidence (or with ``id`` and ``total`` columns) gives records."""
    if isinstance(previous, Mapping) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in previous.values()
    ):
        return {str(k): float(v) for k, v in previous.items()}, None
    if _is_instance(previous, "pandas", ("Series",)):
        import pandas as pd

        if not pd.api.types.is_numeric_dtype(previous.dtype) or pd.api.types.is_bool_dtype(previous.dtype):
            raise TypeError(
                "previous= as a Series must hold last year's totals indexed by id "
                f"(a numeric Series); got dtype {previous.dtype}"
            )
        return {str(k): float(v) for k, v in previous.items() if not pd.isna(v)}, None
    try:
        return None, native_input(as_table(previous))
    except TypeError:
        raise TypeError(
            "previous= takes last year's results: a dict {id: total}, a pandas Series of "
            "totals indexed by id, or a table of last year's records (with their evidence, "
            f"or just 'id' and 'total' columns); got {_shape(previous)}"
        ) from None


def _column_list(values: Any) -> list[Any]:
    if isinstance(values, list):
        return values
    if isinstance(values, tuple):
        return list(values)
    if hasattr(values, "tolist"):
        out = values.tolist()
        if isinstance(out, list):
            return out
    if hasattr(values, "to_pylist"):
        return list(values.to_pylist())
    if hasattr(values, "to_list"):  # polars Series
        return list(values.to_list())
    raise TypeError(
        "a dict passed to a batch method must map column names to lists of values; "
        "use Pack.assess() for a single record"
    )


def native_input(data: Any) -> list[Any] | dict[str, list[Any]]:
    """Rows (list of dicts) or columns (dict of lists) for the native module."""
    if isinstance(data, Mapping):
        columns = {str(k): _column_list(v) for k, v in data.items()}
        lengths = {len(v) for v in columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns have different lengths: {sorted(lengths)}")
        return columns
    if _is_instance(data, "pandas", ("DataFrame",)):
        if not data.columns.is_unique:
            dupes = sorted({str(c) for c in data.columns[data.columns.duplicated()]})
            raise ValueError(f"duplicate column names: {dupes}")
        return {str(c): data[c].tolist() for c in data.columns}
    if _is_instance(data, "pyarrow", ("Table", "RecordBatch")):
        return {str(k): v for k, v in data.to_pydict().items()}
    if _is_instance(data, "polars", ("DataFrame",)):
        return {str(k): v for k, v in data.to_dict(as_series=False).items()}
    if hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__"):
        import pyarrow as pa

        return {str(k): v for k, v in pa.table(data).to_pydict().items()}
    if isinstance(data, (str, bytes)):
        raise TypeError("expected records (a list of dicts or a table), got a string")
    if isinstance(data, list):
        return data
    if isinstance(data, Iterable):
        return list(data)
    raise TypeError(
        "expected a list of dicts, a dict of columns, or a pandas/pyarrow/polars table, "
        f"got {type(data).__name__}"
    )


#: One column for the native module: ``(name, kind, data, extra)`` (see ``columns.rs``).
Spec = tuple[str, str, Any, Any]

_I64_MAX = 2**63 - 1
#: Day numbers of 0001-01-01 and 9999-12-31: the dates a ``datetime.date`` can hold.
_DAY_MIN, _DAY_MAX = -719_162, 2_932_896


def _has_pyarrow() -> bool:
    if "pyarrow" in sys.modules:
        return True
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _cells(name: str, values: Any) -> Spec:
    """One Python value per row, converted like a dict value (the fallback form)."""
    return (name, "cells", _column_list(values), None)


def _flags(values: Any) -> Any:
    """Booleans as one uint8 per row, without a copy when they already are numpy booleans:
    the native module reads flags as bytes (the buffer protocol has no boolean element in
    PyO3)."""
    import numpy as np

    return np.asarray(values, dtype=np.bool_).view(np.uint8)


def _mask(valid: Any) -> Any:
    """A validity array (one byte per row), or None when every value is present."""
    return None if bool(valid.all()) else _flags(valid)


def _numpy_column(name: str, arr: Any) -> Spec | None:
    """A numpy array of plain numbers or booleans; None for any other dtype."""
    import numpy as np

    kind = arr.dtype.kind
    if kind == "f":
        return (name, "float", np.asarray(arr, dtype=np.float64), None)
    if kind == "i" or (kind == "u" and (arr.dtype.itemsize < 8 or not len(arr) or arr.max() <= _I64_MAX)):
        return (name, "int", np.asarray(arr, dtype=np.int64), None)
    if kind == "b":
        return (name, "bool", _flags(arr), None)
    return None


def _days(name: str, days: Any, valid: Any) -> Spec | None:
    """Day numbers since 1970-01-01 with validity; None if a date is outside years 1 to
    9999 (which only the cell-by-cell path describes exactly)."""
    import numpy as np

    present = days[valid]
    if len(present) and (present.min() < _DAY_MIN or present.max() > _DAY_MAX):
        return None
    return (name, "date", np.asarray(days, dtype=np.int64), _mask(valid))


def _coded(name: str, codes: Any, uniques: list[Any]) -> Spec:
    """Codes (negative: missing) into a list of distinct values."""
    import numpy as np

    return (name, "coded", np.asarray(codes, dtype=np.int64), uniques)


def _pandas_column(name: str, s: Any) -> Spec:
    """One pandas Series in the most compact form that means what ``s.tolist()`` means."""
    import numpy as np
    import pandas as pd

    dtype = s.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _coded(name, s.cat.codes.to_numpy(), s.cat.categories.tolist())
    if isinstance(dtype, np.dtype):
        arr = s.to_numpy()
        spec = _numpy_column(name, arr)
        if spec is None and dtype.kind == "M":
            spec = _days(name, arr.astype("datetime64[D]").view(np.int64), ~np.isnat(arr))
        return spec or _cells(name, s)  # object columns: cells, made compact natively
    array = s.array
    if isinstance(array, pd.arrays.FloatingArray):
        return (name, "float", s.to_numpy(dtype=np.float64, na_value=np.nan), None)
    if isinstance(array, pd.arrays.BooleanArray):
        valid = _mask(~s.isna().to_numpy())
        return (name, "bool", _flags(s.to_numpy(dtype=np.bool_, na_value=False)), valid)
    if isinstance(array, pd.arrays.IntegerArray):
        valid = ~s.isna().to_numpy()
        if dtype.kind == "u" and valid.any() and s.max() > _I64_MAX:
            return _cells(name, s)
        return (name, "int", s.to_numpy(dtype=np.int64, na_value=0), _mask(valid))
    if isinstance(dtype, pd.DatetimeTZDtype):
        return _pandas_column(name, s.dt.tz_localize(None))  # the local date, as .date() gives
    if isinstance(dtype, pd.StringDtype):
        if dtype.storage == "pyarrow" and _has_pyarrow():
            import pyarrow as pa

            return _arrow_column(name, pa.array(array))
        return _cells(name, s)
    if type(dtype).__name__ == "ArrowDtype" and _has_pyarrow():
        import pyarrow as pa

        return _arrow_column(name, pa.array(array))
    return _cells(name, s)


def _arrow_text(name: str, col: Any) -> Spec:
    """An Arrow text array as a view of its UTF-8 bytes and its int64 offsets (a view too,
    unless the array starts inside its text and they must be shifted)."""
    import numpy as np
    import pyarrow as pa

    if col.type != pa.large_string():
        col = col.cast(pa.large_string())
    n = len(col)
    _, offsets_buf, data_buf = col.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64, count=n + 1, offset=col.offset * 8)
    start, end = int(offsets[0]), int(offsets[-1])
    if data_buf is not None and end > start:
        data = np.frombuffer(data_buf, dtype=np.uint8, count=end - start, offset=start)
    else:
        data = np.zeros(0, dtype=np.uint8)
    valid = _mask(col.is_valid().to_numpy(zero_copy_only=False)) if col.null_count else None
    return (name, "strings", data, (offsets - start if start else offsets, valid))


def _arrow_column(name: str, col: Any) -> Spec:
    """One pyarrow Array or ChunkedArray in the most compact form that means what
    ``col.to_pylist()`` means."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.types as pt

    if isinstance(col, pa.ChunkedArray):
        col = col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()
    t = col.type

    def valid() -> Any:
        return col.is_valid().to_numpy(zero_copy_only=False)

    def filled(arr: Any, value: Any) -> Any:
        return (pc.fill_null(arr, value) if arr.null_count else arr).to_numpy(zero_copy_only=False)

    if pt.is_floating(t):
        values = filled(col.cast(pa.float64()), np.nan)
        return (name, "float", values, None)
    if pt.is_integer(t):
        if pt.is_uint64(t) and col.null_count < len(col) and pc.max(col).as_py() > _I64_MAX:
            return _cells(name, col)
        values = filled(col.cast(pa.int64()), 0)
        return (name, "int", values, _mask(valid()) if col.null_count else None)
    if pt.is_boolean(t):
        values = _flags(filled(col, False))
        return (name, "bool", values, _mask(valid()) if col.null_count else None)
    if pt.is_date(t) or pt.is_timestamp(t):
        if pt.is_timestamp(t) and t.tz is not None:
            col = pc.local_timestamp(col)  # the local date, as datetime.date() gives
        try:
            days = filled(col.cast(pa.date32()).cast(pa.int32()), 0).astype(np.int64)
        except pa.ArrowInvalid:
            return _cells(name, col)
        return _days(name, days, valid()) or _cells(name, col)
    if pt.is_string(t) or pt.is_large_string(t) or getattr(pt, "is_string_view", bool)(t):
        return _arrow_text(name, col)
    if pt.is_dictionary(t):
        codes = filled(col.indices.cast(pa.int64()), -1)
        return _coded(name, codes, col.dictionary.to_pylist())
    if pt.is_null(t):
        return _coded(name, np.full(len(col), -1, dtype=np.int64), [])
    return _cells(name, col)


def _dict_column(name: str, values: Any) -> Spec:
    if isinstance(values, (list, tuple)):
        return _cells(name, values)
    if _is_instance(values, "pandas", ("Series",)):
        return _pandas_column(name, values)
    if _is_instance(values, "numpy", ("ndarray",)) and values.ndim == 1:
        return _numpy_column(name, values) or _cells(name, values)
    if _is_instance(values, "pyarrow", ("Array", "ChunkedArray")):
        return _arrow_column(name, values)
    if _is_instance(values, "polars", ("Series",)) and _has_pyarrow():
        return _arrow_column(name, values.to_arrow())
    return _cells(name, values)


def _spec_len(spec: Spec) -> int:
    _, kind, data, extra = spec
    if kind == "cells":
        return len(data)
    if kind == "strings":
        return len(extra[0]) - 1
    return len(data)


def _by_name(specs: list[Spec]) -> list[Spec]:
    """A later column replaces an earlier one of the same name, as in a dict."""
    named: dict[str, Spec] = {}
    for spec in specs:
        named[spec[0]] = spec
    return list(named.values())


def _arrow_table(table: Any) -> list[Spec]:
    return _by_name([_arrow_column(str(n), table.column(i)) for i, n in enumerate(table.schema.names)])


def typed_columns(data: Any) -> list[Spec] | None:
    """The columns of a table in typed form for ``NativePack.score_columns``, or None
    for input that is not a table (rows go through :func:`native_input`)."""
    if isinstance(data, Mapping):
        specs = [_dict_column(str(k), v) for k, v in data.items()]
        lengths = {_spec_len(s) for s in specs}
        if len(lengths) > 1:
            raise ValueError(f"columns have different lengths: {sorted(lengths)}")
        return _by_name(specs)
    if _is_instance(data, "pandas", ("DataFrame",)):
        if not data.columns.is_unique:
            dupes = sorted({str(c) for c in data.columns[data.columns.duplicated()]})
            raise ValueError(f"duplicate column names: {dupes}")
        return _by_name([_pandas_column(str(c), data[c]) for c in data.columns])
    if _is_instance(data, "pyarrow", ("Table", "RecordBatch")):
        return _arrow_table(data)
    if _is_instance(data, "polars", ("DataFrame",)):
        return _arrow_table(data.to_arrow()) if _has_pyarrow() else None
    if hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__"):
        import pyarrow as pa

        return _arrow_table(pa.table(data))
    return None


def is_arrow_table(data: Any) -> bool:
    """Whether ``data`` is read through the Arrow PyCapsule interface: a pyarrow Table or
    RecordBatch, a polars DataFrame, or any other object with ``__arrow_c_stream__`` or
    ``__arrow_c_array__`` (a pandas DataFrame is read column by column instead)."""
    if isinstance(data, Mapping) or _is_instance(data, "pandas", ("DataFrame",)):
        return False
    return hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__")


def like_input(table: Any, data: Any) -> Any:
    """The Arrow score ``table`` in the input's frame type: polars for polars, pyarrow
    otherwise."""
    if _is_instance(data, "polars", ("DataFrame",)):
        import polars as pl

        return pl.DataFrame(table)
    return pyarrow_table(table)


def pyarrow_table(table: Any) -> pa.Table:
    """An Arrow score table as a pyarrow Table."""
    pa = require("pyarrow", "An Arrow result as a pyarrow Table")
    return pa.table(table)


def input_index(data: Any) -> Any:
    """The pandas index of the input, kept on the output; None for other inputs."""
    if _is_instance(data, "pandas", ("DataFrame",)):
        return data.index
    return None


# -- output ----------------------------------------------------------------------------


def _arrow_strings(values: Any) -> Any:
    """A pyarrow ``large_string`` array from a list or the native ``(validity, offsets,
    data, null_count)`` layout."""
    import pyarrow as pa

    if isinstance(values, list):
        return pa.array(values, type=pa.large_string())
    validity, offsets, data, nulls = values
    buffers = [None if validity is None else pa.py_buffer(validity), pa.py_buffer(offsets), pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.large_string(), len(offsets) // 8 - 1, buffers, null_count=nulls)


class _Results:
    """The native module's compact result columns (see ``table::result_columns``)."""

    def __init__(self, raw: dict[str, Any]) -> None:
        import numpy as np

        self.raw = raw
        self.total = np.frombuffer(raw["total"], dtype=np.float64)
        self.score_100 = np.frombuffer(raw["score_100"], dtype=np.float64)
        self.level = np.frombuffer(raw["level_rank"], dtype=np.uint32)
        self.dims = [np.frombuffer(d, dtype=np.float64) for d in raw["dims"]]
        self.dim_ids: list[str] = raw["dim_ids"]
        self.eligible = np.frombuffer(raw["eligible"], dtype=np.bool_)
        self.n = n = len(self.total)
        self.error_rows: list[int] = raw["error_rows"]
        self.failed = np.zeros(n, dtype=bool)
        self.failed[self.error_rows] = True


def _string_array(values: Any) -> Any:
    """A pandas ``"string"`` array (the default storage) from a list, an object array or a
    pyarrow array."""
    import pandas as pd

    dtype = pd.StringDtype()
    if hasattr(values, "to_numpy") and not isinstance(values, (list, tuple)):
        if getattr(dtype, "storage", None) == "pyarrow":
            return pd.array(values, dtype=dtype)
        values = values.to_numpy(zero_copy_only=False)
    return pd.array(values, dtype=dtype)


def to_pandas(raw: dict[str, Any], index: Any = None, what: str = "Pack.score_many") -> pd.DataFrame:
    """Result columns as a pandas DataFrame with stable dtypes (also for zero rows)."""
    pd = require("pandas", what)
    r = _Results(raw)
    arrow = getattr(pd.StringDtype(), "storage", None) == "pyarrow"

    def text(key: str) -> Any:
        values = raw[key]
        if arrow or not isinstance(values, list):
            values = _arrow_strings(values)
        return _string_array(values)

    failed = r.failed
    data: dict[str, Any] = {
        "id": text("id"),
        "name": text("name"),
        "total": pd.array(r.total.copy(), dtype="float64"),
        "score_100": pd.array(r.score_100.copy(), dtype="float64"),
        "level_rank": pd.arrays.IntegerArray(r.level.astype("int64"), failed.copy()),
        "level_id": text("level_id"),
        "level_label": text("level_label"),
    }
    for dim, values in zip(r.dim_ids, r.dims):
        data[f"dim_{dim}"] = pd.array(values.copy(), dtype="float64")
    data["eligible"] = pd.arrays.BooleanArray(r.eligible.copy(), failed.copy())
    data["error"] = text("error")
    frame = pd.DataFrame(data, copy=False)
    if index is not None and len(index) == len(frame):
        frame.index = index
    return frame


def result_dims(table: Any, dim_ids: list[str]) -> tuple[Any, list[Any]]:
    """Of a result table (pandas, pyarrow or polars): which rows failed, and each
    dimension's scores as float64 (NaN where missing)."""
    import numpy as np

    if _is_instance(table, "pandas", ("DataFrame",)):
        failed = table["error"].notna().to_numpy()
        return failed, [table[f"dim_{d}"].to_numpy(dtype=np.float64, na_value=np.nan) for d in dim_ids]
    if _is_instance(table, "polars", ("DataFrame",)):
        failed = table["error"].is_not_null().to_numpy()
        return failed, [table[f"dim_{d}"].cast(float).fill_null(float("nan")).to_numpy() for d in dim_ids]
    import pyarrow as pa

    table = pa.table(table)
    failed = table.column("error").is_valid().to_numpy(zero_copy_only=False)
    dims = [table.column(f"dim_{d}").to_numpy() for d in dim_ids]
    return failed, [np.asarray(d, dtype=np.float64) for d in dims]


def arrow_schema(dimension_ids: list[str], insufficient: bool = True) -> pa.Schema:
    """The pyarrow schema of result tables (with ``insufficient_<ID>`` columns, which
    :func:`mark_insufficient` adds)."""
    import pyarrow as pa

    fields = [
        pa.field("id", pa.string()),
        pa.field("name", pa.string()),
        pa.field("total", pa.float64()),
        pa.field("score_100", pa.float64()),
        pa.field("level_rank", pa.int32()),
        pa.field("level_id", pa.string()),
        pa.field("level_label", pa.string()),
    ]
    fields += [pa.field(f"dim_{d}", pa.float64()) for d in dimension_ids]
    if insufficient:
        fields += [pa.field(f"insufficient_{d}", pa.bool_()) for d in dimension_ids]
    fields += [pa.field("eligible", pa.bool_()), pa.field("error", pa.string())]
    return pa.schema(fields)


def to_arrow(raw: dict[str, Any], dimension_ids: list[str]) -> pa.Table:
    """Result columns as a pyarrow Table: null where the DataFrame has NaN or NA."""
    import numpy as np
    import pyarrow as pa

    r = _Results(raw)
    failed = r.failed if r.error_rows else None

    def strings(values: Any) -> Any:
        return _arrow_strings(values).cast(pa.string())

    columns = [
        strings(raw["id"]),
        strings(raw["name"]),
        pa.array(r.total, type=pa.float64(), mask=failed),
        pa.array(r.score_100, type=pa.float64(), mask=failed),
        pa.array(r.level.astype(np.int32), type=pa.int32(), mask=failed),
        strings(raw["level_id"]),
        strings(raw["level_label"]),
    ]
    columns += [pa.array(d, type=pa.float64(), mask=np.isnan(d)) for d in r.dims]
    columns += [pa.array(r.eligible, type=pa.bool_(), mask=failed), strings(raw["error"])]
    return pa.Table.from_arrays(columns, schema=arrow_schema(dimension_ids, insufficient=False))


# -- insufficient dimensions -----------------------------------------------------------


def mark_insufficient(table: Any, flags: dict[str, Any]) -> Any:
    """``table`` (pandas, pyarrow or polars) with ``dim_<ID>`` missing where ``flags[ID]``
    (one boolean per row) is set and an ``insufficient_<ID>`` column after the dimension
    columns: missing on rows that failed, as ``eligible`` is."""
    import numpy as np

    dim_ids = list(flags)
    after = f"dim_{dim_ids[-1]}" if dim_ids else None
    if _is_instance(table, "pandas", ("DataFrame",)):
        import pandas as pd

        failed = table["error"].notna().to_numpy()
        at = table.columns.get_loc(after) + 1 if after else len(table.columns)
        for i, d in enumerate(dim_ids):
            col = f"dim_{d}"
            values = table[col].to_numpy(dtype=np.float64, copy=True)
            values[flags[d]] = np.nan
            table[col] = pd.array(values, dtype="float64")
            table.insert(at + i, f"insufficient_{d}", pd.arrays.BooleanArray(flags[d].copy(), failed.copy()))
        return table
    if _is_instance(table, "polars", ("DataFrame",)):
        import polars as pl

        failed = table["error"].is_not_null().to_numpy()
        columns = list(table.columns)
        at = columns.index(after) + 1 if after else len(columns)
        new = []
        for d in dim_ids:
            col = f"dim_{d}"
            table = table.with_columns(
                pl.when(pl.lit(pl.Series(flags[d]))).then(None).otherwise(pl.col(col)).alias(col)
            )
            flag = pl.when(pl.lit(pl.Series(failed))).then(None).otherwise(pl.lit(pl.Series(flags[d])))
            table = table.with_columns(flag.cast(pl.Boolean).alias(f"insufficient_{d}"))
            new.append(f"insufficient_{d}")
        return table.select(columns[:at] + new + columns[at:])
    import pyarrow as pa
    import pyarrow.compute as pc

    table = pa.table(table)
    failed = table.column("error").is_valid().to_numpy(zero_copy_only=False)
    for d in dim_ids:
        col = f"dim_{d}"
        i = table.schema.get_field_index(col)
        values = pc.if_else(pa.array(flags[d]), pa.scalar(None, pa.float64()), table.column(col))
        table = table.set_column(i, pa.field(col, pa.float64()), values)
    at = table.schema.get_field_index(after) + 1 if after else table.num_columns
    for i, d in enumerate(dim_ids):
        table = table.add_column(
            at + i, pa.field(f"insufficient_{d}", pa.bool_()), pa.array(flags[d], mask=failed)
        )
    return table


# -- structural problems and row names ---------------------------------------------------


def column_names(data: Any) -> list[str] | None:
    """The column names of a table that :func:`as_table` returned; None for records and
    for a table without rows (nothing is read from it)."""
    kind = typed_columns_kind(data)
    rows = getattr(data, "num_rows", None)
    if rows is None and kind in ("pandas", "polars"):
        rows = len(data)
    if rows is None and isinstance(data, Mapping):
        rows = max((len(_column_list(v)) for v in data.values()), default=0)
    if rows == 0:
        return None
    if kind == "pandas":
        return [str(c) for c in data.columns]
    if kind == "polars":
        return [str(c) for c in data.columns]
    if isinstance(data, Mapping):
        return [str(k) for k in data]
    names = getattr(getattr(data, "schema", None), "names", None)
    return [str(n) for n in names] if isinstance(names, list) else None


def close_matches(name: str, names: list[str]) -> list[str]:
    """The names in ``names`` that look like ``name`` (case ignored), best first."""
    lowered = {n.lower(): n for n in names}
    return [lowered[m] for m in difflib.get_close_matches(name.lower(), list(lowered), n=3, cutoff=0.6)]


def missing_columns_message(pack_id: str, required: list[str], names: list[str]) -> str | None:
    """One message for the required fields that have no column in a table (with the
    columns that look like them), or None when every one has a column."""
    have = set(names)
    absent = [f for f in required if f not in have]
    if not absent:
        return None
    parts = []
    for f in absent:
        close = close_matches(f, names)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        parts.append(f"{f!r}{hint}")
    s = "s" if len(absent) > 1 else ""
    return (
        f"the table has no column for the required field{s} {', '.join(parts)} of pack "
        f"{pack_id!r}: no record can be assessed without it"
    )


_ROW = re.compile(r"\brow (\d+)\b")


def row_labels(data: Any) -> list[Any] | None:
    """The index labels of a pandas input's rows, when they differ from positions 0, 1,
    2...; None otherwise (messages then name rows by position)."""
    if typed_columns_kind(data) != "pandas":
        return None
    import pandas as pd

    index = data.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return None
    return list(index.tolist())


def relabel(text: str, labels: list[Any]) -> str:
    """``text`` with each ``row N`` (a position) as ``index <label>``."""

    def label(m: re.Match[str]) -> str:
        i = int(m[1])
        if i >= len(labels):
            return m[0]
        value = labels[i]
        return f"index {value}" if isinstance(value, int) else f"index {str(value)!r}"

    return _ROW.sub(label, text)
