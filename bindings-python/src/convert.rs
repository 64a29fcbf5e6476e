//! Python objects to and from `serde_json` values. No scoring logic here.
//!
//! Python to JSON (evidence):
//! - `None`, `float('nan')`, `pandas.NA` and `pandas.NaT` become missing evidence (`null`);
//! - `bool`, `int`, `float` and `str` map directly; infinite floats are an evidence problem;
//! - `datetime.date` becomes `"YYYY-MM-DD"`; a `datetime.datetime` (and a pandas
//!   `Timestamp`) keeps only its date part;
//! - `decimal.Decimal` becomes a float; numpy scalars are read through `.item()`;
//! - `dict` and `list`/`tuple` map to objects and arrays;
//! - anything else is an evidence problem naming the Python type.

use matang::{FieldProblem, NumberFormat, Record};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value as Json};

static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// One Python value to JSON, or a message saying why it cannot be evidence.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>) -> Result<Json, String> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(Json::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_str()
            .map(|s| Json::String(s.to_string()))
            .map_err(|e| e.to_string());
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Json::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Json::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Json::Number(u.into()));
        }
        let f: f64 = obj.extract().map_err(|e: PyErr| e.to_string())?;
        return float(f);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return float(f.value());
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| format!("dict keys must be str, got {}", type_name(&k)))?;
            map.insert(key.to_string(), to_json(&v)?);
        }
        return Ok(Json::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let items = obj.try_iter().map_err(|e| e.to_string())?;
        return items
            .map(|v| to_json(&v.map_err(|e| e.to_string())?))
            .collect::<Result<Vec<_>, _>>()
            .map(Json::Array);
    }
    let err = |e: PyErr| e.to_string();
    let datetime = DATETIME.import(py, "datetime", "datetime").map_err(err)?;
    if obj.is_instance(datetime).map_err(err)? {
        if is_missing_marker(obj) {
            return Ok(Json::Null);
        }
        let date = obj.call_method0("date").map_err(err)?;
        return Ok(Json::String(
            date.call_method0("isoformat").map_err(err)?.to_string(),
        ));
    }
    let date = DATE.import(py, "datetime", "date").map_err(err)?;
    if obj.is_instance(date).map_err(err)? {
        return Ok(Json::String(
            obj.call_method0("isoformat").map_err(err)?.to_string(),
        ));
    }
    if is_missing_marker(obj) {
        return Ok(Json::Null);
    }
    let decimal = DECIMAL.import(py, "decimal", "Decimal").map_err(err)?;
    if obj.is_instance(decimal).map_err(err)? {
        let f: f64 = obj
            .call_method0("__float__")
            .and_then(|f| f.extract())
            .map_err(err)?;
        return float(f);
    }
    // numpy scalars (int64, bool_, float32, str_ ...) and 0-d arrays.
    if obj.hasattr("item").unwrap_or(false) && obj.hasattr("dtype").unwrap_or(false) {
        let item = obj.call_method0("item").map_err(err)?;
        if !item.is(obj) {
            return to_json(&item);
        }
    }
    Err(format!("unsupported Python type {}", type_name(obj)))
}

pub(crate) fn float(f: f64) -> Result<Json, String> {
    if f.is_nan() {
        return Ok(Json::Null);
    }
    Number::from_f64(f)
        .map(Json::Number)
        .ok_or_else(|| format!("expected a finite number, got {f}"))
}

/// `pandas.NA` and `pandas.NaT` (checked by type name, so pandas need not be installed).
pub(crate) fn is_missing_marker(obj: &Bound<'_, PyAny>) -> bool {
    obj.get_type()
        .name()
        .map(|n| n == "NAType" || n == "NaTType")
        .unwrap_or(false)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Is `obj` a mapping (a dict or anything registered as `collections.abc.Mapping`)?
pub(crate) fn is_mapping(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyDict>() || obj.cast::<PyMapping>().is_ok()
}

/// The `(key, value)` pairs of a mapping (a dict directly, any other mapping by `items()`).
pub(crate) fn items<'py>(
    obj: &Bound<'py, PyAny>,
) -> PyResult<Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>> {
    if let Ok(d) = obj.cast::<PyDict>() {
        return Ok(d.iter().collect());
    }
    let mut out = Vec::new();
    for kv in obj.call_method0("items")?.try_iter()? {
        out.push(kv?.extract()?);
    }
    Ok(out)
}

/// A record from a Python mapping, with the problems of values that cannot be evidence
/// (those fields are left out). `origin` names it in errors when it has no `id`.
///
/// # Errors
/// `TypeError` when `obj` is not a mapping; any error raised while iterating it.
pub(crate) fn record(
    obj: &Bound<'_, PyAny>,
    origin: Option<String>,
) -> PyResult<(Record, Vec<FieldProblem>)> {
    if !is_mapping(obj) {
        return Err(PyTypeError::new_err(format!(
            "a record must be a dict of fields, got {}",
            type_name(obj)
        )));
    }
    let mut fields = Map::new();
    let mut problems = Vec::new();
    for (k, v) in items(obj)? {
        let key = match k.cast::<PyString>() {
            Ok(s) => s.to_cow()?.into_owned(),
            Err(_) => k.str()?.to_string(),
        };
        match to_json(&v) {
            Ok(j) => {
                fields.insert(key, j);
            }
            Err(message) => problems.push(FieldProblem {
                field: key,
                message,
            }),
        }
    }
    let mut rec = Record::new(fields);
    rec.origin = origin;
    rec.numbers = NumberFormat::Unknown; // Python text has no number convention
    Ok((rec, problems))
}

/// Any serde-serialisable core value as a Python object (`pythonize`, no JSON text).
pub(crate) fn ser_to_py<'py, T: serde::Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| PyTypeError::new_err(e.to_string()))
}
