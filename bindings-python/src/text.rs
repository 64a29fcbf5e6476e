//! Text columns for the core: distinct strings and a code per row, read from Arrow's
//! layout or from converted cells. No scoring logic.

use crate::columns::Role;
use matang::Column;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hash for short strings (FxHash, as in rustc); the keys are the caller's own data.
#[derive(Default)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_i64(&mut self, i: i64) {
        self.add(u64::from_ne_bytes(i.to_ne_bytes()));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Distinct strings and a code per row (`None` is missing, code -1). Hashing pays only
/// when values repeat: if nearly every one of the first rows is distinct (free text, ids),
/// the remaining rows get a code each without a look-up.
pub(crate) fn dictionary<'a>(rows: impl Iterator<Item = Option<&'a str>>, n: usize) -> Column {
    const TRY: usize = 4096;
    let mut codes = Vec::with_capacity(n);
    let mut values = Vec::new();
    let mut seen: HashMap<&str, i64, BuildHasherDefault<Fx>> = HashMap::default();
    let mut hashing = true;
    for (i, s) in rows.enumerate() {
        let Some(s) = s else {
            codes.push(-1);
            continue;
        };
        let next = i64::try_from(values.len()).unwrap_or(i64::MAX);
        if !hashing {
            values.push(Json::String(s.to_string()));
            codes.push(next);
            continue;
        }
        let code = *seen.entry(s).or_insert_with(|| {
            values.push(Json::String(s.to_string()));
            next
        });
        codes.push(code);
        if i + 1 == TRY && values.len() * 10 > TRY * 9 {
            hashing = false;
            seen = HashMap::default();
        }
    }
    Column::Coded { codes, values }
}

/// Values converted one by one, held as compactly as they allow: all booleans (or
/// missing) as a boolean column, all text (or missing) as distinct strings and codes.
pub(crate) fn compact(values: Vec<Json>, role: Role) -> Column {
    let n = values.len();
    if role == Role::Identity {
        return Column::Json(values); // read once per row, never parsed
    }
    if values
        .iter()
        .all(|v| matches!(v, Json::Bool(_) | Json::Null))
    {
        let valid: Vec<bool> = values.iter().map(|v| !v.is_null()).collect();
        let flags = values.iter().map(|v| v.as_bool() == Some(true)).collect();
        return Column::Bool {
            values: flags,
            valid: if valid.iter().all(|&v| v) {
                None
            } else {
                Some(valid)
            },
        };
    }
    if values
        .iter()
        .all(|v| matches!(v, Json::String(_) | Json::Null))
    {
        return dictionary(values.iter().map(Json::as_str), n);
    }
    Column::Json(values)
}

/// Text in Arrow's layout as a coded column: each distinct string once (for evidence), or
/// one string per row (ids and names, which are never parsed).
pub(crate) fn strings(
    text: &[u8],
    offsets: &[i64],
    valid: Option<&[bool]>,
    name: &str,
    role: Role,
) -> PyResult<Column> {
    let bad = || PyValueError::new_err(format!("column '{name}': bad text offsets"));
    let text = std::str::from_utf8(text)
        .map_err(|e| PyValueError::new_err(format!("column '{name}': {e}")))?;
    let rows = offsets.len().saturating_sub(1);
    let mut cells = Vec::with_capacity(rows);
    for (i, w) in offsets.windows(2).enumerate() {
        if valid.is_some_and(|v| !v[i]) {
            cells.push(None);
            continue;
        }
        let start = usize::try_from(w[0]).map_err(|_| bad())?;
        let end = usize::try_from(w[1]).map_err(|_| bad())?;
        cells.push(Some(text.get(start..end).ok_or_else(bad)?));
    }
    if role == Role::Field {
        return Ok(dictionary(cells.into_iter(), rows));
    }
    Ok(Column::Json(
        cells
            .into_iter()
            .map(|c| c.map_or(Json::Null, |s| Json::String(s.to_string())))
            .collect(),
    ))
}
