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

/// Whether a float column of `batch` holds an infinity: read cell by cell, as a record
/// with one is, so that its message is the one `assess` gives.
fn has_infinity(batch: &RecordBatch) -> bool {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float32Type, Float64Type};
    batch.columns().iter().any(|c| match c.data_type() {
        arrow_schema::DataType::Float64 => c
            .as_primitive::<Float64Type>()
            .values()
            .iter()
            .any(|v| v.is_infinite()),
        arrow_schema::DataType::Float32 => c
            .as_primitive::<Float32Type>()
            .values()
            .iter()
            .any(|v| v.is_infinite()),
        _ => false,
    })
}

/// The score table of `data` and the warning for its ignored columns, or `None` when a
/// column the pack reads has a type the core does not read (the caller then reads the
/// table cell by cell, so each row gets its own message).
pub(crate) fn score(
    py: Python<'_>,
    pack: &matang::Pack,
    data: AnyRecordBatch,
    lang: Lang,
    strict: bool,
) -> PyResult<Option<(PyTable, Vec<String>)>> {
    let reader = data.into_reader()?;
    let schema = reader.schema();
    let typed =
        matang::arrow::record_batch_columns(pack, &RecordBatch::new_empty(schema.clone())).is_ok();
    if !typed {
        return Ok(None);
    }
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    if batches.iter().any(has_infinity) {
        return Ok(None);
    }
    let mut check = matang::ColumnCheck::new(pack, "", strict);
    map(
        py,
        check.check(schema.fields().iter().map(|f| f.name().as_str()), 0),
    )?;
    let warning = check.warning();
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let out = interrupt::run(py, rows, |cancel| {
        let one = match batches.as_slice() {
            [only] => only.clone(),
            _ => match arrow_select::concat::concat_batches(&schema, &batches) {
                Ok(b) => b,
                Err(e) => return Some(Err(matang::Error::Usage(e.to_string()))),
            },
        };
        let columns = match matang::arrow::record_batch_columns(pack, &one) {
            Ok(c) => c,
            Err(e) => return Some(Err(e)),
        };
        let batch = match matang::Batch::from_columns_cancellable(pack, columns, cancel) {
            Ok(b) => b?,
            Err(e) => return Some(Err(e)),
        };
        let scores = match pack.score_batch_cancellable(&batch, cancel).transpose()? {
            Ok(s) => s,
            Err(e) => return Some(Err(e)),
        };
        Some(matang::arrow::scores_record_batch(
            pack,
            batch.ids(),
            batch.names(),
            &scores,
            lang,
        ))
    })?;
    let out = map(py, out)?;
    let schema = out.schema();
    Ok(Some((
        PyTable::try_new(vec![out], schema)?,
        warning.into_iter().collect(),
    )))
}
