"""Table input and output for batch calls.

Input: a list (or any iterable) of dicts, a dict of equal-length columns, a pandas
DataFrame, a pyarrow Table or RecordBatch, a polars DataFrame, or any object with the Arrow
PyCapsule interface (``__arrow_c_stream__``).

Tables go to the core's Arrow reader: Arrow objects (polars included) through the
PyCapsule interface, pandas frames converted column by column with pyarrow
(:func:`pandas_to_arrow`). A table the core cannot read column by column (a mixed object
column, a column type that is not evidence, an infinite number) and lists and dicts are
read row by row, each row as :meth:`Pack.assess` reads a dict (:func:`native_input`).

Output: the core's Arrow score table, in the input's frame type.
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
        return list(data)  # an iterator, read once here for every later step
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


def _columns(data: Any) -> dict[str, list[Any]] | None:
    """The columns of a table as lists of Python values, or None for rows."""
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
    if _is_instance(data, "polars", ("DataFrame",)):
        return {str(k): v for k, v in data.to_dict(as_series=False).items()}
    if hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__"):
        import pyarrow as pa

        return {str(k): v for k, v in pa.table(data).to_pydict().items()}
    return None


def native_input(data: Any) -> list[Any]:
    """Rows (a list of dicts, one per row of a table) for the native module."""
    columns = _columns(data)
    if columns is not None:
        names = list(columns)
        return [dict(zip(names, values)) for values in zip(*columns.values())]
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


def pandas_to_arrow(frame: Any) -> pa.Table | None:
    """A pandas DataFrame as a pyarrow Table, column by column (``pa.array(...,
    from_pandas=True)``: NaN, None, NA and NaT are null; categoricals are dictionaries;
    a time-zone-aware column keeps its local date, as ``Timestamp.date()`` does; a column
    in many chunks is made one), for the core's Arrow reader. None when a column holds
    values Arrow cannot type as one (an object column of mixed types, or of objects that
    are not evidence): then the frame is read row by row, as a list of its rows' dicts
    would be."""
    pa = require("pyarrow", "Reading a pandas DataFrame")
    import pandas as pd

    if not frame.columns.is_unique:
        dupes = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
        raise ValueError(f"duplicate column names: {dupes}")
    columns: dict[str, Any] = {}  # a later column of the same str() name wins, as in a dict
    for c in frame.columns:
        s = frame[c]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            s = s.dt.tz_localize(None)
        try:
            columns.pop(str(c), None)
            column = pa.array(s, from_pandas=True)
            if isinstance(column, pa.ChunkedArray) and column.num_chunks > 1:
                # `pd.concat` leaves text in one chunk per piece: one batch each, slowly.
                column = column.combine_chunks()
            columns[str(c)] = column
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            return None
    return pa.table(columns) if columns else pa.table({})


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


def to_pandas(table: Any, index: Any = None, what: str = "Pack.score_many") -> pd.DataFrame:
    """An Arrow score table as a pandas DataFrame with stable dtypes (also for zero rows):
    text as ``string``, ``level_rank`` as ``Int64``, ``eligible`` as ``boolean``, numbers
    as ``float64`` (NaN where missing); ``index`` (the input's) kept."""
    pd = require("pandas", what)
    import pyarrow as pa

    table = pa.table(table)
    i = table.schema.get_field_index("level_rank")
    table = table.set_column(i, "level_rank", table.column(i).cast(pa.int64()))
    dtypes = {pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    frame = table.to_pandas(types_mapper=dtypes.get)
    if index is not None and len(index) == len(frame):
        frame.index = index
    return frame


def arrow_schema(dimension_ids: list[str]) -> pa.Schema:
    """The pyarrow schema of result tables, as the core's ``matang::arrow::result_schema``."""
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
    fields += [pa.field(f"insufficient_{d}", pa.bool_()) for d in dimension_ids]
    fields += [pa.field("eligible", pa.bool_()), pa.field("error", pa.string())]
    return pa.schema(fields)


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
