//! Typed table columns from Python to the core's `matang::Column`s, with the per-row
//! problems of values that cannot be evidence. No scoring logic here.
//!
//! `matang/_frames.py` picks a form for each column from its dtype and passes a list of
//! `(name, kind, data, extra)` tuples:
//!
//! | kind      | data                              | extra                                 |
//! | --------- | --------------------------------- | ------------------------------------- |
//! | `"float"` | float64 values, NaN missing       | `None`                                |
//! | `"int"`   | int64 values                      | `None` or validity (uint8 per row)    |
//! | `"bool"`  | booleans (uint8 per row)          | `None` or validity                    |
//! | `"date"`  | int64 days since 1970-01-01       | `None` or validity                    |
//! | `"coded"` | int64 codes (negative: missing)   | the distinct values (a list)          |
//! | `"strings"` | UTF-8 text of all rows (uint8)  | `(offsets, validity)`: rows + 1 int64 byte offsets (Arrow's `large_string` layout), validity as above |
//! | `"cells"` | one Python value per row (a list) | `None`                                |
//!
//! Arrays are anything with the buffer protocol and that element type, in the machine's
//! byte order (numpy arrays, Arrow buffers viewed through numpy); see [`buffers`].
//! Distinct values and cells go through [`convert::to_json`], so they mean exactly what
//! they mean in a dict; a value that cannot be evidence (an unsupported Python type, an
//! infinite float) is a problem of its row, as it is for a record. Cells that turn out to
//! be all booleans or all text (or missing) are handed to the core as a boolean or a coded
//! column, and text is coded with each distinct string once.

use crate::buffers;
use crate::convert;
use crate::text::{compact, strings};
use matang::{Column, FieldProblem};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList, PyString};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};

/// Conversion problems by row, each in column order.
pub(crate) type Problems = BTreeMap<usize, Vec<FieldProblem>>;

/// Columns ready for `matang::Batch::from_columns`, and the rows' conversion problems.
pub(crate) struct Columns {
    pub(crate) columns: Vec<(String, Column)>,
    pub(crate) problems: Problems,
    /// Rows that are not records at all (not a mapping), with their error, by row.
    pub(crate) not_records: Vec<(usize, matang::Error)>,
    /// Every column's name, the unused ones too, in input order.
    pub(crate) names: Vec<String>,
}

impl Columns {
    /// Checks the column names once with the core (`matang::ColumnCheck`): an error for
    /// one that looks like a field (any unknown one when `strict`), else the warning for
    /// the ignored ones.
    pub(crate) fn check(
        &self,
        py: Python<'_>,
        pack: &matang::Pack,
        strict: bool,
    ) -> PyResult<Option<String>> {
        let mut check = matang::ColumnCheck::new(pack, "", strict);
        crate::errors::map(py, check.check(self.names.iter().map(String::as_str), 0))?;
        Ok(check.warning())
    }
}

fn problem(problems: &mut Problems, row: usize, field: &str, message: String) {
    problems.entry(row).or_default().push(FieldProblem {
        field: field.to_string(),
        message,
    });
}

fn validity(obj: &Bound<'_, PyAny>, rows: usize, name: &str) -> PyResult<Option<Vec<bool>>> {
    if obj.is_none() {
        Ok(None)
    } else {
        buffers::flags(obj, Some(rows), name).map(Some)
    }
}

/// What the pack makes of a column.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Evidence for one of the pack's fields.
    Field,
    /// Evidence for a date field (not named `id` or `name`, whose text is kept as given):
    /// text goes to the core as it is, which reads the usual dates without coding them.
    Date,
    /// `id` or `name` (and not a field): read once per row, never parsed.
    Identity,
    /// Not used by the pack: read only for the problems of its values.
    Unused,
}

/// One column from its `(kind, data, extra)` form; `rows` is the table's length (`None`
/// for the first column, which sets it).
fn column(
    name: &str,
    role: Role,
    kind: &str,
    data: &Bound<'_, PyAny>,
    extra: &Bound<'_, PyAny>,
    rows: Option<usize>,
    problems: &mut Problems,
) -> PyResult<Column> {
    Ok(match kind {
        "float" => {
            let mut values = buffers::values::<f64>(data, rows, name)?;
            for (i, v) in values.iter_mut().enumerate() {
                if v.is_infinite() {
                    if let Err(message) = convert::float(*v) {
                        problem(problems, i, name, message);
                    }
                    *v = f64::NAN;
                }
            }
            Column::Float(values)
        }
        "int" => {
            let values = buffers::values::<i64>(data, rows, name)?;
            let valid = validity(extra, values.len(), name)?;
            Column::Int { values, valid }
        }
        "bool" => {
            let values = buffers::flags(data, rows, name)?;
            let valid = validity(extra, values.len(), name)?;
            Column::Bool { values, valid }
        }
        "date" => {
            // The core reads day numbers directly (exactly as their `YYYY-MM-DD` text).
            let days = buffers::values::<i64>(data, rows, name)?;
            let valid = validity(extra, days.len(), name)?;
            Column::Date { days, valid }
        }
        "coded" => {
            let codes = buffers::values::<i64>(data, rows, name)?;
            let distinct = extra.cast::<PyList>().map_err(|_| {
                PyValueError::new_err(format!("column '{name}': expected a list of values"))
            })?;
            let mut values = Vec::with_capacity(distinct.len());
            let mut bad: BTreeMap<usize, String> = BTreeMap::new();
            for (k, v) in distinct.iter().enumerate() {
                values.push(convert::to_json(&v).unwrap_or_else(|message| {
                    bad.insert(k, message);
                    Json::Null
                }));
            }
            if !bad.is_empty() {
                for (i, &c) in codes.iter().enumerate() {
                    if let Some(m) = usize::try_from(c).ok().and_then(|c| bad.get(&c)) {
                        problem(problems, i, name, m.clone());
                    }
                }
            }
            Column::Coded { codes, values }
        }
        "strings" => {
            let (offsets, valid): (Bound<'_, PyAny>, Bound<'_, PyAny>) = extra.extract()?;
            let offsets = buffers::values::<i64>(&offsets, rows.map(|n| n + 1), name)?;
            let valid = validity(&valid, offsets.len().saturating_sub(1), name)?;
            let text = buffers::values::<u8>(data, None, name)?;
            strings(text, &offsets, valid.as_deref(), name, role)?
        }
        "cells" => {
            let cells = data.cast::<PyList>().map_err(|_| {
                PyValueError::new_err(format!("column '{name}': expected a list of values"))
            })?;
            if let Some(n) = rows
                && cells.len() != n
            {
                return Err(PyValueError::new_err(format!(
                    "column '{name}' has {} values, expected {n}",
                    cells.len()
                )));
            }
            if matches!(role, Role::Field | Role::Date)
                && let Some(column) = booleans(cells)
            {
                return Ok(column);
            }
            let mut values = Vec::with_capacity(cells.len());
            for (i, v) in cells.iter().enumerate() {
                crate::interrupt::check_row(cells.py(), i)?;
                values.push(convert::to_json(&v).unwrap_or_else(|message| {
                    problem(problems, i, name, message);
                    Json::Null
                }));
            }
            compact(values, role)
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "column '{name}': unknown column form '{other}'"
            )));
        }
    })
}

/// Cells that are all `True`, `False` or gaps (`None`, NaN, `pandas.NA`: an object column
/// of flags with blanks, as `read_csv` gives) as a boolean column, found by identity
/// without converting each cell; `None` otherwise. Gaps are missing, as [`convert::to_json`]
/// makes them.
fn booleans(cells: &Bound<'_, PyList>) -> Option<Column> {
    let py = cells.py();
    let (yes, no, none) = (
        pyo3::types::PyBool::new(py, true),
        pyo3::types::PyBool::new(py, false),
        py.None(),
    );
    let mut values = Vec::with_capacity(cells.len());
    let mut valid = Vec::with_capacity(cells.len());
    for v in cells.iter() {
        // `|` rather than `||`: flags and gaps come in random order, and a branch per cell
        // on which one it is was mispredicted about half the time.
        let (t, f) = (v.is(&*yes), v.is(&*no));
        let gap = !(t | f)
            && (v.is(&none)
                || v.cast::<PyFloat>().is_ok_and(|x| x.value().is_nan())
                || convert::is_missing_marker(&v));
        if !(t | f | gap) {
            return None;
        }
        values.push(t);
        valid.push(!gap);
    }
    let all = valid.iter().all(|&v| v);
    Some(Column::Bool {
        values,
        valid: if all { None } else { Some(valid) },
    })
}

/// Reads the `(name, kind, data, extra)` tuples built by `matang/_frames.py` for `pack`.
/// Columns the pack does not use are read for the problems of their values (as every
/// value of a record is), then left out.
///
/// # Errors
/// `ValueError` for a malformed tuple or columns of different lengths (a bug in the
/// caller, not in the data).
pub(crate) fn read(specs: &Bound<'_, PyList>, pack: &matang::Pack) -> PyResult<Columns> {
    let fields = fields(pack);
    let mut columns = Vec::with_capacity(specs.len());
    let mut problems = Problems::new();
    let mut rows = None;
    let mut unused = None;
    let mut names = Vec::with_capacity(specs.len());
    for spec in specs.iter() {
        let (name, kind, data, extra): (
            Bound<'_, PyString>,
            String,
            Bound<'_, PyAny>,
            Bound<'_, PyAny>,
        ) = spec.extract()?;
        let name = name.to_str()?.to_string();
        names.push(name.clone());
        let role = role(&fields, &name);
        if role == Role::Unused && matches!(kind.as_str(), "int" | "bool" | "date" | "strings") {
            // Nothing in these can be a problem: only the length matters.
            let n = match kind.as_str() {
                "strings" => buffers::count::<i64>(&extra.get_item(0)?, &name)?.saturating_sub(1),
                "bool" => buffers::count::<u8>(&data, &name)?,
                _ => buffers::count::<i64>(&data, &name)?,
            };
            if rows.is_some_and(|r| r != n) {
                return Err(PyValueError::new_err(format!(
                    "column '{name}' has {n} values, expected {}",
                    rows.unwrap_or(0)
                )));
            }
            rows.get_or_insert(n);
            unused.get_or_insert((name, n));
            continue;
        }
        let col = column(&name, role, &kind, &data, &extra, rows, &mut problems)?;
        let n = *rows.get_or_insert(col.len());
        if role == Role::Unused {
            unused.get_or_insert((name, n));
        } else if let Some(slot) = columns.iter_mut().find(|(c, _)| *c == name) {
            slot.1 = col; // the same name twice (`1` and `"1"`): the last one wins, as in a dict
        } else {
            columns.push((name, col));
        }
    }
    // Only unused columns: one stands in (empty) so the batch keeps its rows.
    if columns.is_empty()
        && let Some((name, n)) = unused
    {
        columns.push((name, Column::Json(vec![Json::Null; n])));
    }
    move_identity_first(&mut columns);
    Ok(Columns {
        columns,
        problems,
        not_records: Vec::new(),
        names,
    })
}

/// Puts `id` and `name` first: the core looks them up for every row.
fn move_identity_first(columns: &mut [(String, Column)]) {
    let mut front = 0;
    for key in ["id", "name"] {
        if let Some(i) = columns.iter().position(|(n, _)| n == key) {
            columns[front..=i].rotate_right(1);
            front += 1;
        }
    }
}

/// Each field's name, and whether it is a date.
fn fields(pack: &matang::Pack) -> HashMap<&str, bool> {
    let fields = pack.fields().iter();
    fields
        .map(|f| (f.id.as_str(), f.kind == matang::FieldKind::Date))
        .collect()
}

fn role(fields: &HashMap<&str, bool>, name: &str) -> Role {
    let identity = name == "id" || name == "name";
    // A checked value (`verified.<field>`) is read as the field it checks.
    let field = name.strip_prefix(matang::VERIFIED_PREFIX).unwrap_or(name);
    if let Some(&date) = fields.get(field) {
        if date && !identity {
            Role::Date
        } else {
            Role::Field
        }
    } else if identity {
        Role::Identity
    } else {
        Role::Unused
    }
}

/// A dict of equal-length lists (or other sequences) as columns of cells.
///
/// # Errors
/// `TypeError` if the columns differ in length; any error raised while reading them.
pub(crate) fn from_lists(data: &Bound<'_, PyDict>, pack: &matang::Pack) -> PyResult<Columns> {
    let specs = PyList::empty(data.py());
    let mut rows = None;
    for (k, v) in data.iter() {
        let name = match k.cast::<PyString>() {
            Ok(s) => s.clone(),
            Err(_) => k.str()?,
        };
        let list = match v.cast::<PyList>() {
            Ok(l) => l.clone(),
            Err(_) => v
                .try_iter()?
                .collect::<PyResult<Vec<_>>>()
                .and_then(|items| PyList::new(data.py(), items))?,
        };
        let n = list.len();
        if *rows.get_or_insert(n) != n {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "column '{name}' has {n} values, expected {}",
                rows.unwrap_or(0)
            )));
        }
        specs.append((name, "cells", list, data.py().None()))?;
    }
    read(&specs, pack)
}

/// Rows (an iterable of dicts) as columns of cells, converted like [`convert::record`]
/// converts each record: a key that is not a `str` is named by `str(key)`, an absent key is
/// missing evidence, a value that cannot be evidence is a problem of its row, and an item
/// that is not a mapping is an error for its row only.
///
/// # Errors
/// Any error raised while iterating `data` or a mapping.
pub(crate) fn from_rows(data: &Bound<'_, PyAny>, pack: &matang::Pack) -> PyResult<Columns> {
    let fields = fields(pack);
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut cells: Vec<Vec<Json>> = Vec::new();
    let mut problems = Problems::new();
    let mut not_records = Vec::new();
    // The previous row's keys and their columns: rows built alike share key objects, so a
    // key is usually found by identity, without hashing.
    let mut previous: Vec<(Bound<'_, PyAny>, usize)> = Vec::new();
    let mut rows = 0;
    let iter = data.try_iter().map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err(
            "expected a list of dicts (records) or a dict of columns",
        )
    })?;
    for (i, item) in iter.enumerate() {
        let item = item?;
        crate::interrupt::check_row(item.py(), i)?;
        rows = i + 1;
        if !convert::is_mapping(&item) {
            let e = convert::record(&item, None)
                .err()
                .map(|e| e.value(item.py()).to_string())
                .unwrap_or_default();
            not_records.push((i, matang::Error::Usage(format!("row {i}: {e}"))));
            continue;
        }
        let items = convert::items(&item)?;
        let mut keys = Vec::with_capacity(items.len());
        for (pos, (k, v)) in items.into_iter().enumerate() {
            let col = match previous.get(pos) {
                Some((pk, c)) if pk.is(&k) => *c,
                _ => {
                    let key = match k.cast::<PyString>() {
                        Ok(s) => s.to_str()?.to_string(),
                        Err(_) => k.str()?.to_string(),
                    };
                    match index.get(&key) {
                        Some(&c) => c,
                        None => {
                            index.insert(key.clone(), names.len());
                            names.push(key);
                            cells.push(Vec::new());
                            names.len() - 1
                        }
                    }
                }
            };
            let value = convert::to_json(&v).unwrap_or_else(|message| {
                problem(&mut problems, i, &names[col], message);
                Json::Null
            });
            let column = &mut cells[col];
            if column.len() > i {
                column[i] = value; // the same key twice (`1` and `"1"`): the last one wins
            } else {
                column.resize(i, Json::Null);
                column.push(value);
            }
            keys.push((k, col));
        }
        previous = keys;
    }
    let mut columns = Vec::with_capacity(names.len());
    let all = names.clone();
    for (name, mut values) in names.into_iter().zip(cells) {
        data.py().check_signals()?;
        let role = role(&fields, &name);
        if role == Role::Unused {
            continue;
        }
        values.resize(rows, Json::Null);
        columns.push((name, compact(values, role)));
    }
    if columns.is_empty() && rows > 0 {
        // No column the pack uses: every row is still a (empty) record.
        columns.push(("id".to_string(), Column::Json(vec![Json::Null; rows])));
    }
    move_identity_first(&mut columns);
    Ok(Columns {
        columns,
        problems,
        not_records,
        names: all,
    })
}
