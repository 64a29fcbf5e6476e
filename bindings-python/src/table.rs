//! Batch input and output shapes: rows (a list of dicts) or columns (a dict of equal-length
//! lists) in, per-item results or flat result columns out.

use crate::assessment::Assessment;
use crate::buffers::{f64_bytes, keyed_text, text_column, texts_column};
use crate::convert;
use crate::errors;
use crate::interrupt;
use matang::{Cancel, Error, Record, Texts};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyDict, PyList};

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
/// interruptible: see `interrupt.rs`), and puts each result back in its input position
/// next to the rows that could not be read.
fn run_batch<T: Send>(
    py: Python<'_>,
    records: Vec<Result<Record, Error>>,
    batch: impl FnOnce(&[Record], &Cancel) -> Option<Vec<matang::Result<T>>> + Send,
) -> PyResult<Vec<matang::Result<T>>> {
    let mut ok = Vec::with_capacity(records.len());
    let mut slots: Vec<Result<usize, Error>> = Vec::with_capacity(records.len());
    for r in records {
        slots.push(r.map(|rec| {
            ok.push(rec);
            ok.len() - 1
        }));
    }
    let done = interrupt::run(py, ok.len(), |cancel| batch(&ok, cancel))?;
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

/// Scores of a whole batch (the core's `Scores`), with each item's id and name.
pub(crate) struct Scored {
    /// The scored batch, which holds the ids and names (or they are given as is).
    batch: Option<matang::Batch>,
    ids: Texts,
    names: Texts,
    scores: matang::Scores,
}

impl Scored {
    fn ids(&self) -> &Texts {
        self.batch.as_ref().map_or(&self.ids, |b| b.ids())
    }

    fn names(&self) -> &Texts {
        self.batch.as_ref().map_or(&self.names, |b| b.names())
    }
}

/// Makes `rows` errors (with these errors) in `scores`, as for a record the core never saw.
fn fail_rows(scores: &mut matang::Scores, rows: Vec<(usize, Error)>) {
    if rows.is_empty() {
        return;
    }
    for (i, _) in &rows {
        let i = *i;
        scores.total[i] = f64::NAN;
        scores.score_100[i] = f64::NAN;
        scores.level[i] = 0;
        scores.score_level[i] = 0;
        for d in &mut scores.dimensions {
            d[i] = None;
        }
        scores.eligible[i] = false;
        scores.progress_ratio[i] = None;
    }
    let mut merged: Vec<(usize, Error)> = Vec::with_capacity(scores.errors.len() + rows.len());
    let mut ours = rows.into_iter().peekable();
    for (i, e) in std::mem::take(&mut scores.errors) {
        while let Some(o) = ours.next_if(|(j, _)| *j <= i) {
            merged.push(o);
        }
        if merged.last().is_none_or(|(j, _)| *j != i) {
            merged.push((i, e));
        }
    }
    merged.extend(ours);
    scores.errors = merged;
}

/// Scores the readable records of `batch` (as the core's `score_many` does) outside the
/// GIL; unreadable rows keep their error.
pub(crate) fn score_records(py: Python<'_>, pack: &matang::Pack, batch: Batch) -> PyResult<Scored> {
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
    fail_rows(&mut scores, failed);
    Ok(Scored {
        batch: None,
        ids: ids.iter().map(|s| Some(s.as_str())).collect(),
        names: names.iter().map(Option::as_deref).collect(),
        scores,
    })
}

/// Scores typed columns (see `columns.rs`) outside the GIL. A row with a value that
/// cannot be evidence gets the evidence error naming those values, as its record would.
pub(crate) fn score_columns(
    py: Python<'_>,
    pack: &matang::Pack,
    columns: crate::columns::Columns,
) -> PyResult<Scored> {
    let crate::columns::Columns {
        columns,
        problems,
        not_records,
        ..
    } = columns;
    let rows = columns.first().map_or(0, |(_, c)| c.len());
    let done = interrupt::run(py, rows, |cancel| {
        let batch = match matang::Batch::from_columns_cancellable(pack, columns, cancel) {
            Ok(batch) => batch?,
            Err(e) => return Some(Err(e)),
        };
        let scores = pack.score_batch_cancellable(&batch, cancel).transpose()?;
        Some(scores.map(|scores| (batch, scores)))
    })?;
    let (batch, mut scores) = errors::map(py, done)?;
    let mut failed: Vec<(usize, Error)> = problems
        .into_iter()
        .map(|(i, problems)| {
            let origin = format!("row {i}");
            let record = if batch.id(i) == origin {
                format!("'{origin}'")
            } else {
                format!("'{}' ({origin})", batch.id(i))
            };
            (i, Error::Evidence { record, problems })
        })
        .collect();
    failed.extend(not_records);
    failed.sort_by_key(|(i, _)| *i);
    fail_rows(&mut scores, failed);
    Ok(Scored {
        batch: Some(batch),
        ids: Texts::new(),
        names: Texts::new(),
        scores,
    })
}

/// Result columns in compact form for `matang/_frames.py`, which builds the DataFrame or
/// Arrow table: text columns `id`, `name`, `level_id`, `level_label` and `error` (lists,
/// or with `arrow_strings` in Arrow's layout, see [`crate::buffers::arrow_text`]); `total`, `score_100`
/// and one entry of `dims` per dimension of `dim_ids` (float64 bytes, NaN where missing);
/// `level_rank` (uint32 bytes, 0 on error rows); `eligible` (one byte per row); and
/// `error_rows`, the rows that failed.
pub(crate) fn result_columns<'py>(
    py: Python<'py>,
    pack: &matang::Pack,
    scored: Scored,
    lang: matang::Lang,
    arrow_strings: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let (ids, names, scores) = (scored.ids(), scored.names(), &scored.scores);
    let n = ids.len();
    let out = PyDict::new(py);
    let text = |values: &mut dyn ExactSizeIterator<Item = Option<&str>>| {
        text_column(py, values, arrow_strings)
    };
    out.set_item("id", texts_column(py, ids, arrow_strings)?)?;
    out.set_item("name", texts_column(py, names, arrow_strings)?)?;
    out.set_item("total", f64_bytes(py, scores.total.iter().copied())?)?;
    out.set_item(
        "score_100",
        f64_bytes(py, scores.score_100.iter().copied())?,
    )?;
    let level = PyByteArray::new_with(py, n * 4, |out| {
        for (o, l) in out.chunks_exact_mut(4).zip(&scores.level) {
            o.copy_from_slice(&l.to_ne_bytes());
        }
        Ok(())
    })?;
    out.set_item("level_rank", level)?;
    // Each row's level by rank (the last key: none, on failed rows and for a rank without
    // a level).
    let top = scores.level.iter().copied().max().unwrap_or(0);
    let levels: Vec<Option<&matang::Level>> = (0..=top).map(|r| pack.level(r)).collect();
    let none = levels.len();
    let mut keys: Vec<usize> = scores
        .level
        .iter()
        .map(|&r| usize::try_from(r).map_or(none, |r| r.min(none)))
        .collect();
    for (i, _) in &scores.errors {
        keys[*i] = none;
    }
    let ids: Vec<Option<&str>> = levels.iter().map(|l| l.map(|l| l.id.as_str())).collect();
    let labels: Vec<Option<&str>> = levels
        .iter()
        .map(|l| l.map(|l| l.label.get(lang)))
        .collect();
    for (name, mut texts) in [("level_id", ids), ("level_label", labels)] {
        texts.push(None);
        out.set_item(name, keyed_text(py, &texts, &keys, arrow_strings)?)?;
    }
    // Messages by row (the last one for a row given twice), no list of n.
    let mut messages: Vec<(usize, String)> = scores
        .errors
        .iter()
        .rev()
        .map(|(i, e)| (*i, e.to_string()))
        .collect();
    messages.sort_by_key(|(i, _)| *i);
    messages.dedup_by_key(|(i, _)| *i);
    let mut next = messages.iter().peekable();
    let mut rows = (0..n).map(|i| next.next_if(|(j, _)| *j == i).map(|(_, m)| m.as_str()));
    out.set_item("error", text(&mut rows)?)?;
    let dims = PyList::empty(py);
    for d in &scores.dimensions {
        dims.append(f64_bytes(py, d.iter().map(|v| v.unwrap_or(f64::NAN)))?)?;
    }
    out.set_item("dims", dims)?;
    out.set_item(
        "dim_ids",
        pack.dimensions()
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
    )?;
    let eligible: Vec<u8> = scores.eligible.iter().map(|&e| u8::from(e)).collect();
    out.set_item("eligible", PyByteArray::new(py, &eligible))?;
    out.set_item(
        "error_rows",
        scores.errors.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
    )?;
    Ok(out)
}
