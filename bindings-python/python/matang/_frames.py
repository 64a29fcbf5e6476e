"""Table input and output for batch calls.

Input: a list (or any iterable) of dicts, a dict of equal-length columns, a pandas
DataFrame, a pyarrow Table or RecordBatch, a polars DataFrame, or any object with the Arrow
PyCapsule interface (``__arrow_c_stream__``, read through pyarrow). Tables are handed to
the native module column by column (``tolist()``/``to_pydict()``), never row by row in
Python.

Output: flat result columns, as a pandas DataFrame or a pyarrow Table.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

#: What batch methods accept.
TableLike = Union[Iterable[Mapping[str, Any]], Mapping[str, Any], Any]

_STRING_COLUMNS = ("id", "name", "level_id", "level_label", "error")
_FLOAT_COLUMNS = ("total", "score_100")


def _is_instance(obj: object, module: str, names: tuple[str, ...]) -> bool:
    """isinstance against a class of an optional library, without importing it."""
    mod = sys.modules.get(module)
    if mod is None:
        return False
    classes = tuple(getattr(mod, n) for n in names if hasattr(mod, n))
    return bool(classes) and isinstance(obj, classes)


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


def input_index(data: Any) -> Any:
    """The pandas index of the input, kept on the output; None for other inputs."""
    if _is_instance(data, "pandas", ("DataFrame",)):
        return data.index
    return None


def to_pandas(columns: dict[str, list[Any]], index: Any = None) -> pd.DataFrame:
    """Result columns as a pandas DataFrame with stable dtypes (also for zero rows)."""
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - exercised only without pandas
        raise ImportError(
            "Pack.assess_many returns a pandas DataFrame: install pandas, "
            "or use Pack.assess_list / Pack.assess_arrow"
        ) from e
    data: dict[str, Any] = {}
    for name, values in columns.items():
        if name in _STRING_COLUMNS:
            data[name] = pd.array(values, dtype="string")
        elif name == "level_rank":
            data[name] = pd.array(values, dtype="Int64")
        elif name == "eligible":
            data[name] = pd.array(values, dtype="boolean")
        else:  # total, score_100, dim_*
            data[name] = pd.array([float("nan") if v is None else v for v in values], dtype="float64")
    frame = pd.DataFrame(data)
    if index is not None and len(index) == len(frame):
        frame.index = index
    return frame


def arrow_schema(dimension_ids: list[str]) -> pa.Schema:
    """The pyarrow schema of result tables."""
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
    fields += [pa.field("eligible", pa.bool_()), pa.field("error", pa.string())]
    return pa.schema(fields)


def to_arrow(columns: dict[str, list[Any]], dimension_ids: list[str]) -> pa.Table:
    """Result columns as a pyarrow Table."""
    import pyarrow as pa

    return pa.table(columns, schema=arrow_schema(dimension_ids))
