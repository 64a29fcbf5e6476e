//! Batches: many records held as typed columns. Evidence is validated and converted once,
//! column by column, and the pack's rules then run over chunks of rows at a time (see
//! `fast::vector`); a row the column evaluator cannot finish is evaluated row by row, so
//! every result is the one [`Pack::score`] gives for that record.

use crate::error::{Error, FieldProblem, Result};
use crate::fast::{Store, Symbols};
use crate::pack::Pack;
use crate::record::Record;
use crate::schema::{Field, FieldKind, NumberFormat, Value};
use serde_json::Value as Json;

/// One column of input, as a table library holds it. Every form means the same as the JSON
/// value it stands for (shown for each), so a batch gives the results its rows would give
/// one by one.
///
/// ```
/// use matang::{Batch, Column, Pack, Record};
/// let pack = Pack::builtin("smart-city-quickwin")?;
/// let batch = Batch::from_columns(&pack, vec![
///     ("id".into(), Column::Json(vec!["QW-1".into(), "QW-2".into()])),
///     ("assessed_on".into(), Column::Date { days: vec![18_170, 18_170], valid: None }),
///     ("stage".into(), Column::Coded { codes: vec![0, 1], values: vec!["live".into(), "pilot".into()] }),
///     ("trained_staff".into(), Column::Float(vec![4.0, f64::NAN])),
/// ])?;
/// let scores = pack.score_batch(&batch)?;
/// assert!(scores.errors.is_empty());
/// // The same numbers as scoring the first row on its own:
/// let one = pack.score(&Record::from_json(serde_json::json!({
///     "id": "QW-1", "assessed_on": "2019-10-01", "stage": "live", "trained_staff": 4
/// }))?)?;
/// assert_eq!((scores.total[0], scores.level[0]), (one.total, one.level));
/// # Ok::<(), matang::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Real numbers (a `float64` array): NaN is missing (`null`), infinities are refused.
    Float(Vec<f64>),
    /// Whole numbers; where `valid` is given, `false` is missing.
    Int {
        /// The values.
        values: Vec<i64>,
        /// Which values are present (all when `None`).
        valid: Option<Vec<bool>>,
    },
    /// Booleans; where `valid` is given, `false` is missing.
    Bool {
        /// The values.
        values: Vec<bool>,
        /// Which values are present (all when `None`).
        valid: Option<Vec<bool>>,
    },
    /// Dates as day numbers since 1970-01-01 (`"YYYY-MM-DD"`); where `valid` is given,
    /// `false` is missing.
    Date {
        /// The day numbers.
        days: Vec<i64>,
        /// Which values are present (all when `None`).
        valid: Option<Vec<bool>>,
    },
    /// Dictionary-encoded values (a factorized or categorical column): row `i` holds
    /// `values[codes[i]]`, and a negative code is missing. Each distinct value is checked once.
    Coded {
        /// One code per row.
        codes: Vec<i64>,
        /// The distinct values.
        values: Vec<Json>,
    },
    /// One JSON value per row.
    Json(Vec<Json>),
}

impl Column {
    /// Number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        match self {
            Column::Float(v) => v.len(),
            Column::Int { values, .. } => values.len(),
            Column::Bool { values, .. } => values.len(),
            Column::Date { days, .. } => days.len(),
            Column::Coded { codes, .. } => codes.len(),
            Column::Json(v) => v.len(),
        }
    }

    /// Whether the column has no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i` as the JSON value it stands for, or why it cannot be one.
    fn json(&self, i: usize) -> std::result::Result<Json, String> {
        let valid = |v: &Option<Vec<bool>>| v.as_ref().is_none_or(|v| v[i]);
        Ok(match self {
            Column::Float(v) => return float_json(v[i]),
            Column::Int { values, valid: m } if valid(m) => Json::from(values[i]),
            Column::Bool { values, valid: m } if valid(m) => Json::Bool(values[i]),
            Column::Date { days, valid: m } if valid(m) => {
                Json::String(crate::date::format(days[i]))
            }
            Column::Int { .. } | Column::Bool { .. } | Column::Date { .. } => Json::Null,
            Column::Coded { codes, values } => usize::try_from(codes[i])
                .ok()
                .and_then(|c| values.get(c).cloned())
                .unwrap_or(Json::Null),
            Column::Json(v) => v[i].clone(),
        })
    }
}

/// A float as evidence: NaN is missing, infinities are refused (as bindings read them).
///
/// # Errors
/// A message for an infinite value.
pub fn float_json(f: f64) -> std::result::Result<Json, String> {
    if f.is_nan() {
        return Ok(Json::Null);
    }
    serde_json::Number::from_f64(f)
        .map(Json::Number)
        .ok_or_else(|| format!("expected a finite number, got {f}"))
}

/// Many records as typed columns for one pack, ready to score.
#[derive(Debug, Clone)]
pub struct Batch {
    pub(crate) pack: Pack,
    pub(crate) ids: Vec<String>,
    pub(crate) names: Vec<Option<String>>,
    /// Typed evidence per field, in the pack's field order.
    pub(crate) stores: Vec<Store>,
    /// Free text of this batch, numbered after the pack's symbols.
    pub(crate) text: Symbols,
    /// Rows whose evidence does not fit the schema, with their error.
    pub(crate) invalid: Vec<Option<Box<Error>>>,
}

impl Batch {
    /// A batch of records (each validated as [`Pack::score`] would).
    #[must_use]
    pub fn from_records(pack: &Pack, records: &[Record]) -> Batch {
        let inner = &pack.inner;
        let parsed: Vec<Result<Vec<Value>>> = par_map(records, |r| {
            inner.parse_evidence(r).map(|(values, _)| values)
        });
        let mut b = Batch::empty(pack, records.len());
        for (i, (r, p)) in records.iter().zip(parsed).enumerate() {
            b.ids.push(r.id());
            b.names.push(r.name());
            match p {
                Ok(values) => {
                    for (f, v) in values.iter().enumerate() {
                        b.push_value(f, v);
                    }
                }
                Err(e) => {
                    for f in 0..inner.fields.len() {
                        b.push_value(f, &Value::Missing);
                    }
                    b.invalid[i] = Some(Box::new(e));
                }
            }
        }
        b
    }

    /// A batch from named columns of equal length (`id` and `name` are the items' identity;
    /// columns the pack does not know are ignored). Records without an id are named by
    /// their row, counted from 0.
    ///
    /// # Errors
    /// [`Error::Usage`] if the columns differ in length or a name appears twice.
    pub fn from_columns(pack: &Pack, columns: Vec<(String, Column)>) -> Result<Batch> {
        let rows = columns.first().map_or(0, |(_, c)| c.len());
        if let Some((name, c)) = columns.iter().find(|(_, c)| c.len() != rows) {
            return Err(Error::Usage(format!(
                "column '{name}' has {} values, expected {rows}",
                c.len()
            )));
        }
        for (i, (name, _)) in columns.iter().enumerate() {
            if columns[..i].iter().any(|(n, _)| n == name) {
                return Err(Error::Usage(format!(
                    "column '{name}' appears twice; give each column one name"
                )));
            }
        }
        let inner = &pack.inner;
        let mut b = Batch::empty(pack, rows);
        let find = |name: &str| columns.iter().find(|(n, _)| n == name).map(|(_, c)| c);
        let origin = |i: usize| format!("row {i}");
        let (id_col, name_col) = (find("id"), find("name"));
        for i in 0..rows {
            b.ids.push(
                id_col
                    .and_then(|c| identity(c, i, true))
                    .unwrap_or_else(|| origin(i)),
            );
            b.names.push(name_col.and_then(|c| identity(c, i, false)));
        }
        let mut problems: Vec<Vec<FieldProblem>> = vec![Vec::new(); rows];
        for (f, field) in inner.fields.iter().enumerate() {
            let col = find(&field.id);
            // Enum and text columns given as codes: each distinct value is read once.
            let symbolic = matches!(b.stores[f], Store::Sym(_));
            if let (Some(Column::Coded { codes, values }), true) = (col, symbolic) {
                let distinct: Vec<std::result::Result<u32, String>> = values
                    .iter()
                    .map(|v| field.parse(v, NumberFormat::Point).map(|v| b.sym_of(f, &v)))
                    .collect();
                let missing = crate::fast::MISSING_SYM;
                for (i, &k) in codes.iter().enumerate() {
                    let sym = match usize::try_from(k).ok().and_then(|k| distinct.get(k)) {
                        Some(Ok(s)) => *s,
                        Some(Err(message)) => {
                            problems[i].push(FieldProblem {
                                field: field.id.clone(),
                                message: message.clone(),
                            });
                            missing
                        }
                        None => missing,
                    };
                    if sym == missing
                        && field.required
                        && !problems[i].iter().any(|p| p.field == field.id)
                    {
                        problems[i].push(FieldProblem {
                            field: field.id.clone(),
                            message: "required, but missing".to_string(),
                        });
                    }
                    if let Store::Sym(s) = &mut b.stores[f] {
                        s.push(sym);
                    }
                }
                continue;
            }
            let values = match col {
                Some(c) => convert(field, c),
                None => vec![Ok(Value::Missing); rows],
            };
            for (i, v) in values.into_iter().enumerate() {
                let v = v.unwrap_or_else(|message| {
                    problems[i].push(FieldProblem {
                        field: field.id.clone(),
                        message,
                    });
                    Value::Missing
                });
                if field.required
                    && v == Value::Missing
                    && !problems[i].iter().any(|p| p.field == field.id)
                {
                    problems[i].push(FieldProblem {
                        field: field.id.clone(),
                        message: "required, but missing".to_string(),
                    });
                }
                b.push_value(f, &v);
            }
        }
        for (i, p) in problems.into_iter().enumerate() {
            if !p.is_empty() {
                let o = origin(i);
                let record = if b.ids[i] == o {
                    format!("'{o}'")
                } else {
                    format!("'{}' ({o})", b.ids[i])
                };
                b.invalid[i] = Some(Box::new(Error::Evidence {
                    record,
                    problems: p,
                }));
            }
        }
        Ok(b)
    }

    fn empty(pack: &Pack, rows: usize) -> Batch {
        let stores = pack
            .inner
            .fields
            .iter()
            .map(|f| match f.kind {
                FieldKind::Number => Store::F64(Vec::with_capacity(rows)),
                FieldKind::Integer | FieldKind::Date => Store::I64(Vec::with_capacity(rows)),
                FieldKind::Boolean => Store::Flag(Vec::with_capacity(rows)),
                FieldKind::Enum | FieldKind::Text => Store::Sym(Vec::with_capacity(rows)),
            })
            .collect();
        Batch {
            pack: pack.clone(),
            ids: Vec::with_capacity(rows),
            names: Vec::with_capacity(rows),
            stores,
            text: Symbols::default(),
            invalid: vec![None; rows],
        }
    }

    /// The symbol of an enum value or text of `field` (`MISSING_SYM` when missing).
    fn sym_of(&mut self, field: usize, v: &Value) -> u32 {
        let inner = &self.pack.inner;
        let Value::Text(t) = v else {
            return crate::fast::MISSING_SYM;
        };
        // An enum value is one of the field's own strings: found by pointer, no hashing.
        let f = &inner.fields[field];
        if let Some(i) = f.interned.iter().position(|x| x.ptr_eq(t)) {
            return inner.enum_syms[field][i];
        }
        match inner.symbols.find(t) {
            Some(i) => i,
            None => {
                let base = u32::try_from(inner.symbols.len()).unwrap_or(u32::MAX);
                base.saturating_add(self.text.intern(t))
            }
        }
    }

    fn push_value(&mut self, field: usize, v: &Value) {
        if matches!(self.stores[field], Store::Sym(_)) {
            let sym = self.sym_of(field, v);
            if let Store::Sym(s) = &mut self.stores[field] {
                s.push(sym);
            }
            return;
        }
        match (&mut self.stores[field], v) {
            (Store::F64(s), Value::Float(x)) => s.push(*x),
            #[allow(clippy::cast_precision_loss)]
            (Store::F64(s), Value::Int(x)) => s.push(*x as f64),
            (Store::F64(s), _) => s.push(f64::NAN),
            (Store::I64(s), Value::Int(x) | Value::Date(x)) => s.push(*x),
            (Store::I64(s), _) => s.push(crate::fast::MISSING_I64),
            (Store::Flag(s), Value::Bool(b)) => s.push(u8::from(*b)),
            (Store::Flag(s), _) => s.push(2),
            (Store::Sym(_), _) => {}
        }
    }

    /// The typed evidence of row `i`, as the row path takes it.
    pub(crate) fn values(&self, i: usize) -> Vec<Value> {
        let inner = &self.pack.inner;
        let n = u32::try_from(inner.symbols.len()).unwrap_or(u32::MAX);
        self.stores
            .iter()
            .zip(&inner.fields)
            .map(|(s, f)| match s {
                Store::F64(v) if v[i].is_nan() => Value::Missing,
                Store::F64(v) => Value::Float(v[i]),
                Store::I64(v) if v[i] == crate::fast::MISSING_I64 => Value::Missing,
                Store::I64(v) if f.kind == FieldKind::Date => Value::Date(v[i]),
                Store::I64(v) => Value::Int(v[i]),
                Store::Flag(v) => match v[i] {
                    0 => Value::Bool(false),
                    1 => Value::Bool(true),
                    _ => Value::Missing,
                },
                Store::Sym(v) if v[i] == crate::fast::MISSING_SYM => Value::Missing,
                Store::Sym(v) => {
                    let s = if v[i] < n {
                        inner.symbols.get(v[i])
                    } else {
                        self.text.get(v[i] - n)
                    };
                    s.map_or(Value::Missing, |s| Value::Text(s.clone()))
                }
            })
            .collect()
    }

    /// Number of records.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the batch has no records.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The records' ids, in order.
    #[must_use]
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The records' display names, in order.
    #[must_use]
    pub fn names(&self) -> &[Option<String>] {
        &self.names
    }
}

/// The id (or name) of row `i`: trimmed text, or a number for ids; `None` when absent.
fn identity(c: &Column, i: usize, number: bool) -> Option<String> {
    let v;
    let j = match c {
        Column::Json(values) => &values[i],
        Column::Coded { codes, values } => usize::try_from(codes[i])
            .ok()
            .and_then(|k| values.get(k))
            .unwrap_or(&Json::Null),
        other => {
            v = other.json(i).unwrap_or(Json::Null);
            &v
        }
    };
    match j {
        Json::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Json::Number(n) if number => Some(n.to_string()),
        _ => None,
    }
}

/// Converts a whole column for `field`: each distinct value of a coded column once, plain
/// numbers and booleans directly, anything else through its JSON value.
fn convert(field: &Field, c: &Column) -> Vec<std::result::Result<Value, String>> {
    let numeric = matches!(field.kind, FieldKind::Number | FieldKind::Integer);
    let via_json = |i: usize| c.json(i).and_then(|j| field.parse(&j, NumberFormat::Point));
    match c {
        Column::Float(v) if numeric => v
            .iter()
            .map(|&x| {
                if x.is_nan() {
                    Ok(Value::Missing)
                } else if x.is_finite() {
                    field.number(x, &|| Json::from(x))
                } else {
                    float_json(x).map(|_| Value::Missing)
                }
            })
            .collect(),
        Column::Int { values, valid } if numeric => values
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                if valid.as_ref().is_some_and(|m| !m[i]) {
                    return Ok(Value::Missing);
                }
                #[allow(clippy::cast_precision_loss)]
                field.number(x as f64, &|| Json::from(x))
            })
            .collect(),
        Column::Bool { values, valid } if field.kind == FieldKind::Boolean => values
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                Ok(if valid.as_ref().is_some_and(|m| !m[i]) {
                    Value::Missing
                } else {
                    Value::Bool(b)
                })
            })
            .collect(),
        // Day numbers of years 1 to 9999 are exactly the dates `YYYY-MM-DD` can write.
        Column::Date { days, valid } if field.kind == FieldKind::Date => days
            .iter()
            .enumerate()
            .map(|(i, &d)| {
                if valid.as_ref().is_some_and(|m| !m[i]) {
                    Ok(Value::Missing)
                } else if (-719_162..=2_932_896).contains(&d) {
                    Ok(Value::Date(d))
                } else {
                    via_json(i)
                }
            })
            .collect(),
        Column::Coded { codes, values } => {
            let distinct: Vec<_> = values
                .iter()
                .map(|v| field.parse(v, NumberFormat::Point))
                .collect();
            codes
                .iter()
                .map(
                    |&k| match usize::try_from(k).ok().and_then(|k| distinct.get(k)) {
                        Some(v) => v.clone(),
                        None => Ok(Value::Missing),
                    },
                )
                .collect()
        }
        _ => (0..c.len()).map(via_json).collect(),
    }
}

/// `f` over `items`, on all cores with the `parallel` feature, results in order.
pub(crate) fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}
