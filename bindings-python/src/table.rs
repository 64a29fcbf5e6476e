//! Batch input and output shapes: rows (a list of dicts) or columns (a dict of equal-length
//! lists) in, per-item results or an Arrow score table out.

use crate::assessment::Assessment;
use crate::convert;
use crate::errors;
use crate::interrupt;
use matang::{Cancel, Error, Record, Texts};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyList;
use pyo3_arrow::PyTable;

/// A batch as read from Python: each item's id and name, and its record or the reason it
/// cannot be assessed.
#[derive(Default)]
pub(crate) struct Batch {
    pub(crate) ids: Vec<String>,
    pub(crate) names: Vec<Option<String>>,
    pub(crate) records: Vec<Result<Record, Error>>,
}

impl Batch {
    /// A batch of records read by the core (no conversion problems).
    pub(crate) fn from_records(records: Vec<Record>) -> Batch {
        let mut batch = Batch::default();
        for rec in records {
            batch.push(rec, Vec::new());
        }
        batch
    }

    fn push(&mut self, rec: Record, problems: Vec<matang::FieldProblem>) {
        self.ids.push(rec.id());
        self.names.push(rec.name());
        self.records.push(rec.checked(problems));
    }
}

/// Records from rows (an iterable of mappings); a row that cannot be read is an error for
/// that row only.
pub(crate) fn collect(data: &Bound<'_, PyAny>) -> PyResult<Batch> {
    let mut batch = Batch::default();
    let iter = data
        .try_iter()
        .map_err(|_| PyTypeError::new_err("expected a list of dicts (records)"))?;
    for (i, item) in iter.enumerate() {
        let item = item?;
        interrupt::check_row(item.py(), i)?;
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

/// Checks the columns of the readable records once with the core
/// (`matang::ColumnCheck`): an error for one that looks like a field (any unknown one
/// when `strict`), else the warning for the ignored ones.
pub(crate) fn check_columns(
    py: Python<'_>,
    pack: &matang::Pack,
    records: &[Result<Record, Error>],
    strict: bool,
) -> PyResult<Option<String>> {
    let mut check = matang::ColumnCheck::new(pack, "", strict);
    let readable = records.iter().filter_map(|r| r.as_ref().ok());
    errors::map(py, check.check_records(readable))?;
    Ok(check.warning())
}

/// Runs `batch` on the readable records outside the GIL (on all cores in the core,
/// interruptible: see `interrupt.rs`); unreadable rows keep their error in place.
fn run_batch<T: Send>(
    py: Python<'_>,
    records: Vec<Result<Record, Error>>,
    batch: impl FnOnce(&[Record], &Cancel) -> Option<Vec<matang::Result<T>>> + Send,
) -> PyResult<Vec<matang::Result<T>>> {
    interrupt::run(py, records.len(), |cancel| {
        matang::map_readable(records, |ok| batch(ok, cancel))
    })
}

/// Full assessments (with explanations) of the readable records, in input order.
pub(crate) fn assess_all(
    py: Python<'_>,
    pack: &matang::Pack,
    records: Vec<Result<Record, Error>>,
    lang: matang::Lang,
) -> PyResult<Vec<matang::Result<matang::Assessment>>> {
    run_batch(py, records, |ok, cancel| {
        pack.assess_many_cancellable(ok, lang, cancel)
    })
}

/// [`assess_all`] for ranking: each id once (`matang::Pack::assess_portfolio`).
pub(crate) fn assess_portfolio(
    py: Python<'_>,
    pack: &matang::Pack,
    records: Vec<Result<Record, Error>>,
    lang: matang::Lang,
) -> PyResult<Vec<matang::Result<matang::Assessment>>> {
    run_batch(py, records, |ok, cancel| {
        pack.assess_portfolio_cancellable(ok, lang, cancel)
    })
}

/// Per-item results: an `Assessment` or the exception object for that item.
pub(crate) fn results_list<'py>(
    py: Python<'py>,
    pack: &matang::Pack,
    results: Vec<matang::Result<matang::Assessment>>,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for r in results {
        match r {
            Ok(a) => list.append(Bound::new(py, Assessment::new(a, pack))?)?,
            Err(e) => list.append(errors::error_object(py, &e)?)?,
        }
    }
    Ok(list)
}

/// The score table (`matang::arrow::result_schema`) of the readable records of `batch`,
/// scored as the core's `score_many` does, outside the GIL; unreadable rows keep their
/// error.
pub(crate) fn score_records(
    py: Python<'_>,
    pack: &matang::Pack,
    batch: Batch,
    lang: matang::Lang,
) -> PyResult<PyTable> {
    let Batch {
        ids,
        names,
        records,
    } = batch;
    let mut failed = Vec::new();
    let records: Vec<Record> = records
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.unwrap_or_else(|e| {
                failed.push((i, e));
                Record::default()
            })
        })
        .collect();
    let scores = interrupt::run(py, records.len(), |cancel| {
        let batch = matang::Batch::from_records_cancellable(pack, &records, cancel)?;
        pack.score_batch_cancellable(&batch, cancel).transpose()
    })?;
    let mut scores = errors::map(py, scores)?;
    scores.fail(failed);
    let ids: Texts = ids.iter().map(|s| Some(s.as_str())).collect();
    let names: Texts = names.iter().map(Option::as_deref).collect();
    let table = matang::arrow::scores_record_batch(pack, &ids, &names, &scores, lang);
    let table = errors::map(py, table)?;
    let schema = table.schema();
    PyTable::try_new(vec![table], schema)
}
