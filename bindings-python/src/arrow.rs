//! Arrow tables in and out through the Arrow PyCapsule interface (`pyo3-arrow`): any
//! object with `__arrow_c_stream__` or `__arrow_c_array__` (pyarrow, polars, arro3...)
//! is read without pyarrow, scored by the core's `matang::arrow`, and returned as an
//! Arrow table the caller's library imports.

use crate::errors::map;
use crate::interrupt;
use arrow_array::RecordBatch;
use matang::Lang;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use pyo3_arrow::input::AnyRecordBatch;

/// The score table of `data` and the warning for its ignored columns, or `None` when the
/// core reads it cell by cell (`matang::arrow::reads_by_columns`, `has_infinity`).
pub(crate) fn score(
    py: Python<'_>,
    pack: &matang::Pack,
    data: AnyRecordBatch,
    lang: Lang,
    strict: bool,
) -> PyResult<Option<(PyTable, Vec<String>)>> {
    let reader = data.into_reader()?;
    let schema = reader.schema();
    if !matang::arrow::reads_by_columns(pack, &schema) {
        return Ok(None);
    }
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    if batches.iter().any(matang::arrow::has_infinity) {
        return Ok(None);
    }
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let out = interrupt::run(py, rows, |cancel| {
        matang::arrow::score_record_batches(pack, &schema, &batches, lang, strict, cancel)
    })?;
    let (out, warning) = map(py, out)?;
    let schema = out.schema();
    Ok(Some((
        PyTable::try_new(vec![out], schema)?,
        warning.into_iter().collect(),
    )))
}
