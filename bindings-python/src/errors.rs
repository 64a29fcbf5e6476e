//! The one place where core errors become Python exceptions.
//!
//! The exception classes are defined in Python (`matang/_errors.py`) so that they are easy
//! to document and type; this module picks the class by [`matang::Error::kind`] and fills
//! its structured attributes ([`matang::Error::attributes`]).

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Python class name for a core error kind.
fn class_name(kind: &str) -> &'static str {
    match kind {
        "pack" => "PackError",
        "evidence" => "EvidenceError",
        "rule" => "RuleError",
        "input" => "InputError",
        "io" => "FileError",
        _ => "UsageError",
    }
}

/// Builds the Python exception instance for a core error (used for raising and for
/// per-item results of batch calls).
pub(crate) fn error_object<'py>(
    py: Python<'py>,
    err: &matang::Error,
) -> PyResult<Bound<'py, PyAny>> {
    let module = py.import("matang._errors")?;
    let cls = module.getattr(class_name(err.kind()))?;
    let kwargs = PyDict::new(py);
    for (name, value) in err.attributes() {
        kwargs.set_item(name, crate::convert::ser_to_py(py, &value)?)?;
    }
    cls.call((err.to_string(),), Some(&kwargs))
}

/// Converts a core error into a raisable `PyErr`.
pub(crate) fn to_py(py: Python<'_>, err: &matang::Error) -> PyErr {
    match error_object(py, err) {
        Ok(obj) => PyErr::from_value(obj),
        Err(e) => e,
    }
}

/// `Result<T, matang::Error>` to `PyResult<T>`.
pub(crate) fn map<T>(py: Python<'_>, r: matang::Result<T>) -> PyResult<T> {
    r.map_err(|e| to_py(py, &e))
}

/// A panic caught in native code: a bug in matang. Python sees it as `InternalError`
/// (a `MatangError` and a `RuntimeError`), never as PyO3's `PanicException`, which
/// derives from `BaseException` and so escapes `except Exception` and `except MatangError`.
pub(crate) struct Panic(String);

impl Panic {
    /// The `InternalError` for this panic (a `RuntimeError` if the class cannot be found).
    pub(crate) fn into_py(self, py: Python<'_>) -> PyErr {
        let message = format!("internal error in matang (please report): {}", self.0);
        let internal = py
            .import("matang._errors")
            .and_then(|m| m.getattr("InternalError"))
            .and_then(|cls| cls.call1((message.as_str(),)));
        match internal {
            Ok(obj) => PyErr::from_value(obj),
            Err(_) => PyRuntimeError::new_err(message),
        }
    }
}

/// Runs core code, without needing the GIL, and catches a panic.
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, Panic> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_string()))
            .unwrap_or_else(|| "unknown panic".to_string());
        Panic(msg)
    })
}

/// Runs the body of a Python method and turns a panic into `InternalError`.
pub(crate) fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch(f).unwrap_or_else(|p| Err(p.into_py(py)))
}
