//! Batch input and output shapes: rows (a list of dicts) or columns (a dict of equal-length
//! lists) in, per-item results or flat result columns out.

use crate::assessment::Assessment;
use crate::convert;
use crate::errors;
use matang::{Error, Record};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// A batch as read from Python: each item's id and name, and its record or the reason it
/// cannot be assessed.
pub(crate) struct Batch {
    pub(crate) ids: Vec<String>,
    pub(crate) names: Vec<Option<String>>,
    pub(crate) records: Vec<Result<Record, Error>>,
}

impl Batch {
    /// A batch of records read by the core (no conversion problems).
    pub(crate) fn from_records(records: Vec<Record>) -> Batch {
        let mut batch = Batch {
            ids: Vec::new(),
            names: Vec::new(),
            records: Vec::new(),
        };
        for rec in records {
            batch.push(rec, Vec::new());
        }
        batch
    }

    fn push(&mut self, rec: Record, problems: Vec<matang::FieldProblem>) {
        self.ids.push(rec.id());
        self.names.push(rec.name());
        self.records.push(convert::checked((rec, problems)));
    }
}

/// Records from rows or columns; a row that cannot be read is an error for that row only.
pub(crate) fn collect(data: &Bound<'_, PyAny>) -> PyResult<Batch> {
    let mut batch = Batch {
        ids: Vec::new(),
        names: Vec::new(),
        records: Vec::new(),
    };
    if let Ok(columns) = data.cast::<PyDict>() {
        let rows = match columns.values().iter().next() {
            Some(first) => first.len()?,
            None => 0,
        };
        for (rec, problems) in convert::records_from_columns(columns, rows)? {
            batch.push(rec, problems);
        }
        return Ok(batch);
    }
    let iter = data.try_iter().map_err(|_| {
        PyTypeError::new_err("expected a list of dicts (records) or a dict of columns")
    })?;
    for (i, item) in iter.enumerate() {
        let item = item?;
        let origin = format!("row {i}");
        if convert::is_mapping(&item) {
            let (rec, problems) = convert::record(&item, Some(origin))?;
            batch.push(rec, problems);
        } else {
            let e = convert::record(&item, None)
                .err()
                .map(|e| e.value(item.py()).to_string())
                .unwrap_or_default();
            batch.ids.push(origin.clone());
            batch.names.push(None);
            batch
                .records
                .push(Err(Error::Usage(format!("{origin}: {e}"))));
        }
    }
    Ok(batch)
}

/// Runs `batch` on the readable records outside the GIL (on all cores in the core), and
/// puts each result back in its input position next to the rows that could not be read.
fn run_batch<T: Send>(
    py: Python<'_>,
    records: Vec<Result<Record, Error>>,
    batch: impl FnOnce(&[Record]) -> Vec<matang::Result<T>> + Send,
) -> PyResult<Vec<matang::Result<T>>> {
    let mut ok = Vec::with_capacity(records.len());
    let mut slots: Vec<Result<usize, Error>> = Vec::with_capacity(records.len());
    for r in records {
        slots.push(r.map(|rec| {
            ok.push(rec);
            ok.len() - 1
        }));
    }
    let done = py.detach(|| errors::guard(|| batch(&ok)))?;
    let mut done: Vec<Option<matang::Result<T>>> = done.into_iter().map(Some).collect();
    Ok(slots
        .into_iter()
        .map(|s| match s {
            Ok(i) => done[i]
                .take()
                .unwrap_or_else(|| Err(Error::Usage("internal: result taken twice".into()))),
            Err(e) => Err(e),
        })
        .collect())
}

/// Full assessments (with explanations) of the readable records, in input order.
pub(crate) fn assess_all(
    py: Python<'_>,
    pack: &matang::Pack,
    records: Vec<Result<Record, Error>>,
    lang: matang::Lang,
) -> PyResult<Vec<matang::Result<matang::Assessment>>> {
    run_batch(py, records, |ok| pack.assess_many(ok, lang))
}

/// Scores (the numbers, no explanation) of the readable records, in input order.
pub(crate) fn score_all(
    py: Python<'_>,
    pack: &matang::Pack,
    records: Vec<Result<Record, Error>>,
) -> PyResult<Vec<matang::Result<matang::Score>>> {
    run_batch(py, records, |ok| pack.score_many(ok))
}

/// Per-item results: an `Assessment` or the exception object for that item.
pub(crate) fn results_list<'py>(
    py: Python<'py>,
    results: Vec<matang::Result<matang::Assessment>>,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for r in results {
        match r {
            Ok(a) => list.append(Bound::new(py, Assessment::new(a))?)?,
            Err(e) => list.append(errors::error_object(py, &e)?)?,
        }
    }
    Ok(list)
}

/// Flat result columns from scores (no explanation needed): id, name, total, score_100,
/// level_rank, level_id, level_label, `dim_<ID>` per dimension, eligible, error.
pub(crate) fn columns<'py>(
    py: Python<'py>,
    pack: &matang::Pack,
    ids: Vec<String>,
    names: Vec<Option<String>>,
    results: &[matang::Result<matang::Score>],
    lang: matang::Lang,
) -> PyResult<Bound<'py, PyDict>> {
    let n = results.len();
    let mut total = Vec::with_capacity(n);
    let mut score_100 = Vec::with_capacity(n);
    let mut level_rank = Vec::with_capacity(n);
    let mut level_id = Vec::with_capacity(n);
    let mut level_label = Vec::with_capacity(n);
    let mut eligible = Vec::with_capacity(n);
    let mut error = Vec::with_capacity(n);
    let dims: Vec<&str> = pack.dimensions().iter().map(|d| d.id.as_str()).collect();
    let mut dim_cols: Vec<Vec<Option<f64>>> = dims.iter().map(|_| Vec::with_capacity(n)).collect();
    for r in results {
        match r {
            Ok(s) => {
                let level = pack.level(s.level);
                total.push(Some(s.total));
                score_100.push(Some(s.score_100));
                level_rank.push(Some(s.level));
                level_id.push(level.map(|l| l.id.as_str()));
                level_label.push(level.map(|l| l.label.get(lang)));
                eligible.push(Some(s.eligible));
                error.push(None);
                for (k, col) in dim_cols.iter_mut().enumerate() {
                    col.push(s.dimensions.get(k).copied().flatten());
                }
            }
            Err(e) => {
                total.push(None);
                score_100.push(None);
                level_rank.push(None);
                level_id.push(None);
                level_label.push(None);
                eligible.push(None);
                error.push(Some(e.to_string()));
                for col in &mut dim_cols {
                    col.push(None);
                }
            }
        }
    }
    let out = PyDict::new(py);
    out.set_item("id", ids)?;
    out.set_item("name", names)?;
    out.set_item("total", total)?;
    out.set_item("score_100", score_100)?;
    out.set_item("level_rank", level_rank)?;
    out.set_item("level_id", level_id)?;
    out.set_item("level_label", level_label)?;
    for (col, id) in dim_cols.into_iter().zip(&dims) {
        out.set_item(format!("dim_{id}"), col)?;
    }
    out.set_item("eligible", eligible)?;
    out.set_item("error", error)?;
    Ok(out)
}
