//! Column data read through Python's buffer protocol (numpy arrays, Arrow buffers,
//! `bytes`), copied once into memory this module owns. No scoring logic.
//!
//! `_frames.py` used to turn every column into `bytes` first (`tobytes()`,
//! `to_pybytes()`): a second copy, into fresh memory that the kernel had to fault in page
//! by page on every call. Reading the arrays themselves removes that copy (see
//! BENCHMARKS.md). The buffer protocol is in the stable ABI from Python 3.11, which is why
//! the package needs 3.11.

use pyo3::buffer::{Element, PyBuffer};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// The element type a column form expects, named in errors as numpy names it.
pub(crate) trait Named: Element {
    const NAME: &'static str;
}

impl Named for f64 {
    const NAME: &'static str = "float64";
}

impl Named for i64 {
    const NAME: &'static str = "int64";
}

impl Named for u8 {
    const NAME: &'static str = "uint8";
}

fn buffer<T: Named>(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<PyBuffer<T>> {
    let wrong = || {
        PyValueError::new_err(format!(
            "column '{name}': expected a one-dimensional buffer of {}",
            T::NAME
        ))
    };
    let buf = PyBuffer::<T>::get(obj).map_err(|_| wrong())?;
    if buf.dimensions() != 1 {
        return Err(wrong());
    }
    Ok(buf)
}

/// How many values `obj` holds, without reading them.
pub(crate) fn count<T: Named>(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<usize> {
    Ok(buffer::<T>(obj, name)?.item_count())
}

/// The values of `obj` (any stride), checking there are `rows` of them when `rows` is
/// given.
pub(crate) fn values<T: Named>(
    obj: &Bound<'_, PyAny>,
    rows: Option<usize>,
    name: &str,
) -> PyResult<Vec<T>> {
    let buf = buffer::<T>(obj, name)?;
    if let Some(n) = rows
        && buf.item_count() != n
    {
        return Err(PyValueError::new_err(format!(
            "column '{name}': {} values for {n} rows",
            buf.item_count()
        )));
    }
    buf.to_vec(obj.py())
}

/// Flags given one byte each (numpy booleans viewed as `uint8`): nonzero is true.
pub(crate) fn flags(
    obj: &Bound<'_, PyAny>,
    rows: Option<usize>,
    name: &str,
) -> PyResult<Vec<bool>> {
    Ok(values::<u8>(obj, rows, name)?
        .into_iter()
        .map(|b| b != 0)
        .collect())
}
