//! The native `NativePack` class: a compiled, immutable rule pack. The public
//! `matang.Pack` (Python) wraps it and adds DataFrame input and output.

use crate::assessment::Assessment;
use crate::convert::{self, ser_to_py};
use crate::errors::{guard, map};
use crate::interrupt;
use crate::table;
use matang::{Lang, Previous};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use pyo3_arrow::PyTable;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A compiled rule pack. Immutable and thread-safe; pickles by its source files.
#[pyclass(frozen, module = "matang._matang")]
pub struct NativePack {
    inner: matang::Pack,
}

fn lang(py: Python<'_>, code: &str) -> PyResult<Lang> {
    map(py, code.parse::<Lang>())
}

fn one_record(obj: &Bound<'_, PyAny>) -> PyResult<matang::Record> {
    let (rec, problems) = convert::record(obj, None)?;
    map(obj.py(), rec.checked(problems))
}

#[pymethods]
impl NativePack {
    /// Loads and compiles the pack in folder `path`.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = interrupt::detached(py, || matang::Pack::load(&path))?;
        map(py, inner).map(|inner| NativePack { inner })
    }

    /// A pack built into the library, e.g. `"smart-city-quickwin"`.
    #[staticmethod]
    fn builtin(py: Python<'_>, id: &str) -> PyResult<Self> {
        guard(py, || {
            map(py, matang::Pack::builtin(id)).map(|inner| NativePack { inner })
        })
    }

    /// Ids of the built-in packs.
    #[staticmethod]
    fn builtin_ids() -> Vec<&'static str> {
        matang::Pack::builtin_ids()
    }

    /// Compiles a pack from its files: `{"pack.toml": ..., "indicators/x.rhai": ...}`.
    #[staticmethod]
    fn from_files(py: Python<'_>, files: BTreeMap<String, String>) -> PyResult<Self> {
        let inner = interrupt::detached(py, || matang::Pack::from_files(files))?;
        map(py, inner).map(|inner| NativePack { inner })
    }

    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    #[getter]
    fn version(&self) -> &str {
        self.inner.version()
    }

    #[getter]
    fn fingerprint(&self) -> &str {
        self.inner.fingerprint()
    }

    /// One part of the pack's model as plain Python data: `"reference"`, `"name"`,
    /// `"description"`, `"scale"`, `"schema"`, `"dimensions"`, `"indicators"`, `"levels"`
    /// or `"gates"`.
    fn part<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let p = &self.inner;
        match name {
            "reference" => ser_to_py(py, p.reference()),
            "name" => ser_to_py(py, p.name()),
            "description" => ser_to_py(py, p.description()),
            "scale" => ser_to_py(py, &p.scale()),
            "schema" => ser_to_py(py, p.fields()),
            "dimensions" => ser_to_py(py, p.dimensions()),
            "indicators" => ser_to_py(py, p.indicators()),
            "levels" => ser_to_py(py, p.levels()),
            "gates" => ser_to_py(py, p.gates()),
            _ => Err(PyValueError::new_err(format!(
                "a pack has no part {name:?}"
            ))),
        }
    }

    #[getter]
    fn files(&self) -> BTreeMap<String, String> {
        self.inner.files().clone()
    }

    /// Assesses one record (a dict of evidence fields); `strict` refuses unknown columns.
    #[pyo3(signature = (record, lang="id", strict=false))]
    fn assess(
        &self,
        py: Python<'_>,
        record: &Bound<'_, PyAny>,
        lang: &str,
        strict: bool,
    ) -> PyResult<Assessment> {
        guard(py, || {
            let l = self::lang(py, lang)?;
            let rec = one_record(record)?;
            if strict {
                map(py, self.inner.check_record_columns(&rec, true))?;
            }
            // One record: its next-level plan in evidence terms is worth the search.
            map(py, self.inner.assess_with_plan(&rec, l)).map(|a| Assessment::new(a, &self.inner))
        })
    }

    /// Assesses many records: `(results, column_warnings)` with one item per input in
    /// `results`, an `Assessment` or the error instance.
    #[pyo3(signature = (data, lang="id", strict=false))]
    fn assess_many<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        lang: &str,
        strict: bool,
    ) -> PyResult<(Bound<'py, PyList>, Vec<String>)> {
        guard(py, || {
            let l = self::lang(py, lang)?;
            let records = table::collect(data)?.records;
            let warning = table::check_columns(py, &self.inner, &records, strict)?;
            let results = table::assess_all(py, &self.inner, records, l)?;
            Ok((
                table::results_list(py, &self.inner, results)?,
                warning.into_iter().collect(),
            ))
        })
    }

    /// Scores many records (an iterable of dicts, or a dict of equal-length lists), each
    /// read as `assess` reads a record, into an Arrow score table (the core's batch
    /// scoring, the numbers of `assess` without the explanation): `(table, column_warnings)`.
    #[pyo3(signature = (data, lang="id", strict=false))]
    fn score_records(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        lang: &str,
        strict: bool,
    ) -> PyResult<(PyTable, Vec<String>)> {
        guard(py, || {
            let l = self::lang(py, lang)?;
            let batch = table::collect(data)?;
            let warning = table::check_columns(py, &self.inner, &batch.records, strict)?;
            let out = table::score_records(py, &self.inner, batch, l)?;
            Ok((out, warning.into_iter().collect()))
        })
    }

    /// Scores an Arrow table or record batch (any object with `__arrow_c_stream__` or
    /// `__arrow_c_array__`) into an Arrow score table: `(table, column_warnings)`, or
    /// `None` when a column the pack reads has a type that must be read cell by cell.
    #[pyo3(signature = (data, lang="id", strict=false))]
    fn score_arrow(
        &self,
        py: Python<'_>,
        data: pyo3_arrow::input::AnyRecordBatch,
        lang: &str,
        strict: bool,
    ) -> PyResult<Option<(PyTable, Vec<String>)>> {
        guard(py, || {
            let l = self::lang(py, lang)?;
            crate::arrow::score(py, &self.inner, data, l, strict)
        })
    }

    /// Reads a workbook (`sheet`), CSV (either number convention), JSON or JSON Lines file
    /// with the core's readers and scores every record: `(table, column_warnings)`.
    #[pyo3(signature = (path, lang="id", strict=false, sheet=None))]
    fn score_file(
        &self,
        py: Python<'_>,
        path: PathBuf,
        lang: &str,
        strict: bool,
        sheet: Option<String>,
    ) -> PyResult<(PyTable, Vec<String>)> {
        guard(py, || {
            let l = self::lang(py, lang)?;
            let name = path.to_string_lossy().into_owned();
            let read = interrupt::detached(py, || {
                let table = matang::input::read_for(&self.inner, &name, sheet.as_deref())?;
                let warning = table.check_columns(&self.inner, strict)?;
                Ok::<_, matang::Error>((table.records, warning))
            })?;
            let (records, warning) = map(py, read)?;
            let batch = table::Batch::from_records(records);
            let out = table::score_records(py, &self.inner, batch, l)?;
            Ok((out, warning.into_iter().collect()))
        })
    }

    /// Ranks records and picks the top N. `previous_totals` maps ids to last year's totals;
    /// `previous_records` are last year's records (rows or columns), assessed with this pack.
    /// Each id is ranked once (`Pack::assess_portfolio`). The result has
    /// `column_warnings` for the columns ignored in `data` and `previous_records`.
    #[pyo3(signature = (data, top=None, previous_totals=None, previous_records=None, lang="id", strict=false))]
    #[allow(clippy::too_many_arguments)] // the Python signature, keyword arguments
    fn rank<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        top: Option<usize>,
        previous_totals: Option<BTreeMap<String, f64>>,
        previous_records: Option<&Bound<'py, PyAny>>,
        lang: &str,
        strict: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let l = self::lang(py, lang)?;
            let records = table::collect(data)?.records;
            let mut warnings: Vec<String> = Vec::new();
            warnings.extend(table::check_columns(py, &self.inner, &records, strict)?);
            let results = table::assess_portfolio(py, &self.inner, records, l)?;
            let previous = match (previous_totals, previous_records) {
                (Some(_), Some(_)) => {
                    return Err(PyTypeError::new_err(
                        "give previous_totals or previous_records, not both",
                    ));
                }
                (Some(totals), None) => Some(Previous {
                    totals,
                    ..Previous::default()
                }),
                (None, Some(prev)) => {
                    let records = table::collect(prev)?.records;
                    warnings.extend(table::check_columns(py, &self.inner, &records, strict)?);
                    Some(interrupt::run(py, records.len(), |cancel| {
                        self.inner.previous_totals_readable(records, cancel)
                    })?)
                }
                (None, None) => None,
            };
            let ranking =
                interrupt::detached(py, || self.inner.rank(&results, top, previous.as_ref(), l))?;
            let out = ser_to_py(py, &ranking)?;
            out.set_item("column_warnings", warnings)?;
            Ok(out)
        })
    }

    /// The effect of changing some evidence: `(summary, before, after)` where `summary` has
    /// changes, total_delta, level_delta, dimensions and column_warnings.
    #[pyo3(signature = (record, changes, lang="id", strict=false))]
    fn what_if<'py>(
        &self,
        py: Python<'py>,
        record: &Bound<'py, PyAny>,
        changes: &Bound<'py, PyAny>,
        lang: &str,
        strict: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        guard(py, || {
            let l = self::lang(py, lang)?;
            let rec = one_record(record)?;
            let ch = one_record(changes)?.fields;
            let warning = map(
                py,
                self.inner
                    .check_record_columns(&rec.with_changes(&ch), strict),
            )?;
            let w = map(py, self.inner.what_if(&rec, &ch, l))?;
            let summary = PyDict::new(py);
            summary.set_item("changes", ser_to_py(py, &w.changes)?)?;
            summary.set_item("total_delta", w.total_delta)?;
            summary.set_item("level_delta", w.level_delta)?;
            summary.set_item("dimensions", ser_to_py(py, &w.dimensions)?)?;
            summary.set_item("column_warnings", warning.into_iter().collect::<Vec<_>>())?;
            let before = Bound::new(py, Assessment::new(w.before, &self.inner))?.into_any();
            let after = Bound::new(py, Assessment::new(w.after, &self.inner))?.into_any();
            PyTuple::new(py, [summary.into_any(), before, after])
        })
    }

    /// Runs the pack's test vectors: `{"pack", "ran", "failures", "passed"}`.
    fn check<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let report = map(py, interrupt::detached(py, || self.inner.check())?)?;
        let d = ser_to_py(py, &report)?;
        d.set_item("passed", report.passed())?;
        Ok(d)
    }
    /// Each item's action plan (`matang plan`): the evidence changes that reach its next
    /// level, grouped by the field `by`, as Markdown or as CSV text (one row per change).
    #[pyo3(signature = (data, by=None, lang="id", markdown=false))]
    fn action_plan(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        by: Option<String>,
        lang: &str,
        markdown: bool,
    ) -> PyResult<String> {
        guard(py, || {
            let l = self::lang(py, lang)?;
            let records = table::collect(data)?.records;
            let plain: Vec<matang::Record> = (records.iter())
                .map(|r| r.clone().unwrap_or_default())
                .collect();
            let mut results = table::assess_portfolio(py, &self.inner, records, l)?;
            interrupt::detached(py, || self.inner.attach_plans(&plain, &mut results, l))?;
            let render = if markdown {
                matang::render::action_plan::markdown
            } else {
                matang::render::action_plan::csv
            };
            map(py, render(&self.inner, &results, by.as_deref(), l))
        })
    }
    /// The pack's methodology document (self-contained HTML), as `matang doc` writes it.
    #[pyo3(signature = (lang="id"))]
    fn methodology_html(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        let l = self::lang(py, lang)?;
        Ok(matang::render::method_html(&self.inner, l))
    }
    /// The records of the pack's test vectors: a list of `(case_id, record_dict)`.
    fn vector_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let list = PyList::empty(py);
            for (id, rec) in map(py, self.inner.vector_records())? {
                list.append((id, ser_to_py(py, &rec.fields)?))?;
            }
            Ok(list)
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let ctor = py.get_type::<NativePack>().getattr("from_files")?;
        let files = slf.get().files().into_pyobject(py)?.into_any();
        PyTuple::new(py, [ctor, PyTuple::new(py, [files])?.into_any()])
    }

    fn __repr__(&self) -> String {
        format!(
            "<NativePack id={:?} version={:?}>",
            self.inner.id(),
            self.inner.version()
        )
    }
}
