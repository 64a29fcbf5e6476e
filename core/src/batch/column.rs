//! One column of input as a table library holds it, and what each of its values means as
//! evidence.

use crate::text_column::Texts;
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
    /// Text in Arrow's string layout (missing where [`Texts::get`] gives `None`): the cheap
    /// form for ids and names, which are read once per row and never parsed.
    Text(Texts),
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
            Column::Text(t) => t.len(),
        }
    }

    /// Whether the column has no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i` as the JSON value it stands for, or why it cannot be one.
    pub(crate) fn json(&self, i: usize) -> std::result::Result<Json, String> {
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
            Column::Text(t) => t.get(i).map_or(Json::Null, |s| Json::String(s.to_string())),
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
