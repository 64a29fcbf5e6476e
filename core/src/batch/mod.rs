//! Batches: many records held as typed columns. Evidence is validated and converted once,
//! column by column, and the pack's rules then run over chunks of rows at a time (see
//! `fast::vector`); a row the column evaluator cannot finish is evaluated row by row, so
//! every result is the one [`Pack::score`] gives for that record.

mod column;
pub(crate) mod explained;
pub(crate) mod scores;

pub use column::{Column, float_json};

use crate::engine::Compiled;
use crate::engine::fast::{Store, Symbols};
use crate::error::{Error, FieldProblem, Result};
use crate::model::evidence::VERIFIED_PREFIX;
use crate::model::field::{FieldKind, NumberFormat, Value};
use crate::model::record::Record;
use crate::pack::Pack;
use crate::parallel::{self, Cancel};
use crate::text_column::Texts;
use serde_json::Value as Json;

/// Many records as typed columns for one pack, ready to score.
#[derive(Debug, Clone)]
pub struct Batch {
    pub(crate) pack: Pack,
    /// Every record's id (text of the record, or its row).
    pub(crate) ids: Texts,
    pub(crate) names: Texts,
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
        let parsed = parallel::map(records, |r| parse(pack, r));
        Batch::from_parsed(pack, records, parsed)
    }

    /// [`Batch::from_records`] that stops early, with `None`, once `cancel` is set.
    #[must_use]
    pub fn from_records_cancellable(
        pack: &Pack,
        records: &[Record],
        cancel: &Cancel,
    ) -> Option<Batch> {
        let parsed = parallel::map_until(records, cancel, |r| parse(pack, r))?;
        Some(Batch::from_parsed(pack, records, parsed))
    }

    /// The batch of `records`, whose evidence was parsed into `parsed`.
    fn from_parsed(pack: &Pack, records: &[Record], parsed: Vec<Result<Vec<Value>>>) -> Batch {
        let inner = pack.compiled();
        let mut b = Batch::empty(pack, records.len());
        for (i, (r, p)) in records.iter().zip(parsed).enumerate() {
            b.ids.push(Some(&r.id()));
            b.names.push(r.name().as_deref());
            match p {
                Ok(values) => {
                    for (f, v) in values.iter().enumerate() {
                        b.push_value(f, v);
                    }
                }
                Err(e) => {
                    for f in 0..inner.model.fields.len() {
                        b.push_value(f, &Value::Missing);
                    }
                    b.invalid[i] = Some(Box::new(e));
                }
            }
        }
        b
    }

    /// A batch from named columns of equal length (`id` and `name` are the items' identity;
    /// other columns the pack does not know are ignored, see [`crate::input::columns::ColumnCheck`]).
    /// Records without an id are named by their row, counted from 0. Numbers given as
    /// text are read as [`NumberFormat::Unknown`]: a frame has no number convention, so
    /// `"4.000"` (4 or 4000?) is that row's error, never a guess.
    ///
    /// # Errors
    /// [`Error::Usage`] if the columns differ in length or a name appears twice;
    /// [`Error::Input`] if a column looks like a field (`go_live` for `go_live_date`).
    pub fn from_columns(pack: &Pack, columns: Vec<(String, Column)>) -> Result<Batch> {
        Batch::columns_until(pack, columns, &Cancel::new()).map(|(b, _)| b)
    }

    /// [`Batch::from_columns`] that stops between fields once `cancel` is set, and then
    /// gives `Ok(None)`.
    ///
    /// # Errors
    /// As [`Batch::from_columns`].
    pub fn from_columns_cancellable(
        pack: &Pack,
        columns: Vec<(String, Column)>,
        cancel: &Cancel,
    ) -> Result<Option<Batch>> {
        let (b, finished) = Batch::columns_until(pack, columns, cancel)?;
        Ok(finished.then_some(b))
    }

    /// The batch of `columns`, and whether every field was read (`cancel` stops it
    /// between fields).
    fn columns_until(
        pack: &Pack,
        mut columns: Vec<(String, Column)>,
        cancel: &Cancel,
    ) -> Result<(Batch, bool)> {
        let rows = columns.first().map_or(0, |(_, c)| c.len());
        if let Some((name, c)) = columns.iter().find(|(_, c)| c.len() != rows) {
            return Err(Error::Usage(format!(
                "column '{name}' has {} values, expected {rows}",
                c.len()
            )));
        }
        let mut seen = std::collections::HashSet::with_capacity(columns.len());
        if let Some((name, _)) = columns.iter().find(|(n, _)| !seen.insert(n.as_str())) {
            return Err(Error::Usage(format!(
                "column '{name}' appears twice; give each column one name"
            )));
        }
        let names = columns.iter().map(|(n, _)| n.as_str());
        crate::input::columns::ColumnCheck::new(pack, "", false).check(names, 0)?;
        let inner = pack.compiled();
        let mut b = Batch::empty(pack, rows);
        let origin = |i: usize| format!("row {i}");
        for (key, number) in [("id", true), ("name", false)] {
            // Text an evidence field does not read again is moved, not copied.
            let take = !inner.model.fields.iter().any(|f| f.id == key);
            let found = columns.iter_mut().find(|(n, _)| n == key);
            let got = match found {
                Some((_, c)) => identities(c, number, take),
                None => (0..rows).map(|_| None).collect(),
            };
            if number {
                b.ids = if got.has_missing() {
                    let mut ids = Texts::new();
                    for i in 0..rows {
                        match got.get(i) {
                            Some(id) => ids.push(Some(id)),
                            None => ids.push(Some(&origin(i))),
                        }
                    }
                    ids
                } else {
                    got
                };
            } else {
                b.names = got;
            }
        }
        let index: std::collections::HashMap<&str, &Column> =
            columns.iter().map(|(n, c)| (n.as_str(), c)).collect();
        let find = |name: &str| index.get(name).copied();
        // (row, problem) in field order: most rows have none, so no list per row.
        let mut problems: Vec<(usize, FieldProblem)> = Vec::new();
        let mut bad: Vec<(usize, String)> = Vec::new();
        for (f, field) in inner.model.fields.iter().enumerate() {
            if cancel.is_cancelled() {
                return Ok((b, false));
            }
            bad.clear();
            match find(&field.id) {
                Some(c) => b.fill(f, c, &mut bad),
                None => (0..rows).for_each(|_| b.push_value(f, &Value::Missing)),
            }
            let verified_column = format!("{VERIFIED_PREFIX}{}", field.id);
            if let Some(c) = find(&verified_column) {
                // Verified values where given, the office's own elsewhere.
                let own = std::mem::replace(&mut b.stores[f], store_for(field.kind, rows));
                let mut wrong = Vec::new();
                b.fill(f, c, &mut wrong);
                b.stores[f].fill_missing_from(&own);
                problems.extend(wrong.into_iter().map(|(i, message)| {
                    let field = verified_column.clone();
                    (i, FieldProblem { field, message })
                }));
            }
            // A value that cannot be evidence is stored as missing, but is reported as
            // itself, not as missing too; `bad` is in row order.
            let mut required = Vec::new();
            if field.required {
                let mut reported = bad.iter().map(|(i, _)| *i).peekable();
                required = (0..rows).filter(|&i| b.stores[f].is_missing(i)).collect();
                required.retain(|&i| reported.next_if(|&j| j <= i).is_none_or(|j| j != i));
            }
            let required = required
                .into_iter()
                .map(|i| (i, "required, but missing".to_string()));
            problems.extend(bad.drain(..).chain(required).map(|(i, message)| {
                let field = field.id.clone();
                (i, FieldProblem { field, message })
            }));
        }
        // Stable, and at most one problem per field and row: each row's stay in field order.
        problems.sort_by_key(|(i, _)| *i);
        let mut problems = problems.into_iter().peekable();
        while let Some((i, first)) = problems.next() {
            let mut p = vec![first];
            while let Some((_, q)) = problems.next_if(|(j, _)| *j == i) {
                p.push(q);
            }
            let o = origin(i);
            let record = if b.id(i) == o {
                format!("'{o}'")
            } else {
                format!("'{}' ({o})", b.id(i))
            };
            b.invalid[i] = Some(Box::new(Error::Evidence {
                record,
                problems: p,
            }));
        }
        Ok((b, true))
    }

    fn empty(pack: &Pack, rows: usize) -> Batch {
        let stores = pack
            .model()
            .fields
            .iter()
            .map(|f| store_for(f.kind, rows))
            .collect();
        Batch {
            pack: pack.clone(),
            ids: Texts::new(),
            names: Texts::new(),
            stores,
            text: Symbols::default(),
            invalid: vec![None; rows],
        }
    }

    /// Appends column `c` to the store of field `f`, each value checked as the record's
    /// would be; `bad` gets (row, message) for values that cannot be evidence (stored as
    /// missing). Typed columns go straight to the typed store, coded columns are read once
    /// per distinct value, anything else through each row's JSON value.
    fn fill(&mut self, f: usize, c: &Column, bad: &mut Vec<(usize, String)>) {
        let pack = self.pack.clone();
        let field = &pack.model().fields[f];
        let integer = field.kind == FieldKind::Integer;
        let present = |valid: &Option<Vec<bool>>, i: usize| valid.as_ref().is_none_or(|m| m[i]);
        let (lo, hi) = (
            field.min.unwrap_or(f64::NEG_INFINITY),
            field.max.unwrap_or(f64::INFINITY),
        );
        // `&` rather than `&&`: one flag per value and no branch on each test, since missing
        // (NaN) and present values come in random order.
        let accepts = |x: f64| {
            // Whole: from 2^52 on every float is; below, adding and taking away 2^52 rounds
            // to a whole number (cheaper than a round trip through i64).
            const TWO_52: f64 = 4_503_599_627_370_496.0;
            let a = x.abs();
            let whole = (a >= TWO_52) | ((a + TWO_52) - TWO_52 == a);
            (x >= lo)
                & (x <= hi)
                & if integer {
                    (a <= 9.0e15) & whole
                } else {
                    x.is_finite()
                }
        };
        // The message `field.number` (or, for infinities, `float_json`) gives.
        let reject = |x: f64, raw: &dyn Fn() -> Json| -> String {
            let e = if x.is_finite() {
                field.number(x, raw).err()
            } else {
                float_json(x).err()
            };
            e.unwrap_or_default()
        };
        let missing = (f64::NAN, crate::engine::fast::MISSING_I64);
        #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
        match (&mut self.stores[f], c) {
            // Floats are stored in one pass that only notes whether any failed, and the
            // messages found in a second pass if one did: no branch per value.
            (Store::F64(s), Column::Float(v)) => {
                let mut fine = true;
                s.extend(v.iter().map(|&x| {
                    let ok = x.is_nan() | accepts(x);
                    fine &= ok;
                    if ok { x } else { missing.0 }
                }));
                if !fine {
                    bad.extend(v.iter().enumerate().filter_map(|(i, &x)| {
                        let ok = x.is_nan() | accepts(x);
                        (!ok).then(|| (i, reject(x, &|| Json::from(x))))
                    }));
                }
            }
            (Store::I64(s), Column::Float(v)) if integer => {
                let mut fine = true;
                s.extend(v.iter().map(|&x| {
                    let ok = accepts(x);
                    fine &= ok | x.is_nan();
                    if ok { x as i64 } else { missing.1 }
                }));
                if !fine {
                    bad.extend(v.iter().enumerate().filter_map(|(i, &x)| {
                        let ok = accepts(x) | x.is_nan();
                        (!ok).then(|| (i, reject(x, &|| Json::from(x))))
                    }));
                }
            }
            (Store::F64(s), Column::Int { values, valid }) => {
                s.extend(values.iter().enumerate().map(|(i, &x)| {
                    if !present(valid, i) {
                        return missing.0;
                    }
                    if accepts(x as f64) {
                        return x as f64;
                    }
                    bad.push((i, reject(x as f64, &|| Json::from(x))));
                    missing.0
                }));
            }
            (Store::I64(s), Column::Int { values, valid }) if integer => {
                s.extend(values.iter().enumerate().map(|(i, &x)| {
                    if !present(valid, i) {
                        return missing.1;
                    }
                    if accepts(x as f64) {
                        return x;
                    }
                    bad.push((i, reject(x as f64, &|| Json::from(x))));
                    missing.1
                }));
            }
            (Store::Flag(s), Column::Bool { values, valid }) => {
                s.extend(
                    values.iter().enumerate().map(
                        |(i, &x)| {
                            if present(valid, i) { u8::from(x) } else { 2 }
                        },
                    ),
                );
            }
            // Day numbers of years 1 to 9999 are exactly the dates `YYYY-MM-DD` can write.
            (Store::I64(s), Column::Date { days, valid })
                if field.kind == FieldKind::Date
                    && days
                        .iter()
                        .enumerate()
                        .all(|(i, d)| !present(valid, i) || (-719_162..=2_932_896).contains(d)) =>
            {
                s.extend(
                    days.iter().enumerate().map(
                        |(i, &d)| {
                            if present(valid, i) { d } else { missing.1 }
                        },
                    ),
                );
            }
            // Dates as text (Arrow's strings): the usual `YYYY-MM-DD` is read here, any
            // other text as its JSON string.
            (Store::I64(s), Column::Text(t)) if field.kind == FieldKind::Date => {
                let (text, offsets, valid) = t.parts();
                s.extend(offsets.windows(2).enumerate().map(|(i, w)| {
                    let usual = valid
                        .is_none_or(|v| v[i])
                        .then(|| crate::date::iso_day(&text.as_bytes()[w[0]..w[1]]));
                    if let Some(Some(d)) = usual {
                        return d;
                    }
                    let raw = t.get(i).map_or(Json::Null, |s| Json::String(s.to_string()));
                    match field.parse(&raw, NumberFormat::Unknown) {
                        Ok(Value::Date(d)) => d,
                        Ok(_) => missing.1,
                        Err(m) => {
                            bad.push((i, m));
                            missing.1
                        }
                    }
                }));
            }
            (_, Column::Coded { codes, values }) => {
                let distinct: Vec<std::result::Result<Value, String>> = values
                    .iter()
                    .map(|v| field.parse(v, NumberFormat::Unknown))
                    .collect();
                // One stored value per distinct value (the last for missing), then a copy
                // per row.
                let mut d = store_for(field.kind, distinct.len() + 1);
                for v in &distinct {
                    let v = v.as_ref().unwrap_or(&Value::Missing);
                    push_to(pack.compiled(), &mut self.text, &mut d, f, v);
                }
                push_to(pack.compiled(), &mut self.text, &mut d, f, &Value::Missing);
                let none = distinct.len();
                // Rows are checked for a value that is not evidence only if there is one.
                let any_bad = distinct.iter().any(Result::is_err);
                let mut pick = |i: usize, k: i64| -> usize {
                    let k = usize::try_from(k)
                        .ok()
                        .filter(|&k| k < none)
                        .unwrap_or(none);
                    if any_bad && let Some(Err(m)) = distinct.get(k) {
                        bad.push((i, m.clone()));
                    }
                    k
                };
                match (&mut self.stores[f], &d) {
                    (Store::F64(s), Store::F64(d)) => {
                        s.extend(codes.iter().enumerate().map(|(i, &k)| d[pick(i, k)]));
                    }
                    (Store::I64(s), Store::I64(d)) => {
                        s.extend(codes.iter().enumerate().map(|(i, &k)| d[pick(i, k)]));
                    }
                    (Store::Flag(s), Store::Flag(d)) => {
                        s.extend(codes.iter().enumerate().map(|(i, &k)| d[pick(i, k)]));
                    }
                    (Store::Sym(s), Store::Sym(d)) => {
                        s.extend(codes.iter().enumerate().map(|(i, &k)| d[pick(i, k)]));
                    }
                    _ => {}
                }
            }
            _ => {
                for i in 0..c.len() {
                    let v = c
                        .json(i)
                        .and_then(|j| field.parse(&j, NumberFormat::Unknown));
                    let v = v.unwrap_or_else(|m| {
                        bad.push((i, m));
                        Value::Missing
                    });
                    self.push_value(f, &v);
                }
            }
        }
    }

    fn push_value(&mut self, field: usize, v: &Value) {
        push_to(
            self.pack.compiled(),
            &mut self.text,
            &mut self.stores[field],
            field,
            v,
        );
    }

    /// The typed evidence of row `i`, as the row path takes it.
    pub(crate) fn values(&self, i: usize) -> Vec<Value> {
        let inner = self.pack.compiled();
        let n = u32::try_from(inner.symbols.len()).unwrap_or(u32::MAX);
        self.stores
            .iter()
            .zip(&inner.model.fields)
            .map(|(s, f)| match s {
                Store::F64(v) if v[i].is_nan() => Value::Missing,
                Store::F64(v) => Value::Float(v[i]),
                Store::I64(v) if v[i] == crate::engine::fast::MISSING_I64 => Value::Missing,
                Store::I64(v) if f.kind == FieldKind::Date => Value::Date(v[i]),
                Store::I64(v) => Value::Int(v[i]),
                Store::Flag(v) => match v[i] {
                    0 => Value::Bool(false),
                    1 => Value::Bool(true),
                    _ => Value::Missing,
                },
                Store::Sym(v) if v[i] == crate::engine::fast::MISSING_SYM => Value::Missing,
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

    /// The records' ids, in order (every record has one).
    #[must_use]
    pub fn ids(&self) -> &Texts {
        &self.ids
    }

    /// Record `i`'s id (empty if there is no record `i`).
    #[must_use]
    pub fn id(&self, i: usize) -> &str {
        self.ids.get(i).unwrap_or_default()
    }

    /// The records' display names, in order (`None` where a record has none).
    #[must_use]
    pub fn names(&self) -> &Texts {
        &self.names
    }
}

/// Record `r`'s evidence as `pack` reads it.
fn parse(pack: &Pack, r: &Record) -> Result<Vec<Value>> {
    pack.model().parse_evidence(r).map(|e| e.values)
}

/// The id (or name) of each row: trimmed text, or a number for ids; `None` when absent.
/// With `take`, a text column is moved rather than copied.
fn identities(c: &mut Column, number: bool, take: bool) -> Texts {
    // Most ids start and end with a visible ASCII character: no trimming to do.
    let clean = |s: &str| {
        let b = s.as_bytes();
        matches!((b.first(), b.last()), (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic())
    };
    fn text(s: Option<&str>) -> Option<&str> {
        s.map(str::trim).filter(|s| !s.is_empty())
    }
    let push = |t: &mut Texts, j: &Json| match j {
        Json::String(s) => t.push(text(Some(s))),
        Json::Number(n) if number => t.push(Some(&n.to_string())),
        _ => t.push(None),
    };
    let mut out = Texts::new();
    match c {
        Column::Text(t) if t.iter().all(|s| s.is_none_or(clean)) => {
            return if take { std::mem::take(t) } else { t.clone() };
        }
        Column::Text(t) => return t.iter().map(text).collect(),
        Column::Json(values) => values.iter().for_each(|j| push(&mut out, j)),
        Column::Coded { codes, values } => {
            let distinct: Texts = values.iter().fold(Texts::new(), |mut t, j| {
                push(&mut t, j);
                t
            });
            for &k in codes.iter() {
                out.push(usize::try_from(k).ok().and_then(|k| distinct.get(k)));
            }
        }
        other => {
            (0..other.len()).for_each(|i| push(&mut out, &other.json(i).unwrap_or(Json::Null)))
        }
    }
    out
}

/// The store of a field of this kind, with room for `rows`.
fn store_for(kind: FieldKind, rows: usize) -> Store {
    match kind {
        FieldKind::Number => Store::F64(Vec::with_capacity(rows)),
        FieldKind::Integer | FieldKind::Date => Store::I64(Vec::with_capacity(rows)),
        FieldKind::Boolean => Store::Flag(Vec::with_capacity(rows)),
        FieldKind::Enum | FieldKind::Text => Store::Sym(Vec::with_capacity(rows)),
    }
}

/// The symbol of an enum value or text of `field` (`MISSING_SYM` when missing); text new
/// to the pack is numbered in `text`, after the pack's symbols.
fn sym_of(inner: &Compiled, text: &mut Symbols, field: usize, v: &Value) -> u32 {
    let Value::Text(t) = v else {
        return crate::engine::fast::MISSING_SYM;
    };
    // An enum value is one of the field's own strings: found by pointer, no hashing.
    let f = &inner.model.fields[field];
    if let Some(i) = f.interned.iter().position(|x| x.ptr_eq(t)) {
        return inner.enum_syms[field][i];
    }
    match inner.symbols.find(t) {
        Some(i) => i,
        None => {
            let base = u32::try_from(inner.symbols.len()).unwrap_or(u32::MAX);
            base.saturating_add(text.intern(t))
        }
    }
}

/// Appends `v` (evidence of `field`) to `store`.
fn push_to(inner: &Compiled, text: &mut Symbols, store: &mut Store, field: usize, v: &Value) {
    match (store, v) {
        (Store::Sym(s), v) => s.push(sym_of(inner, text, field, v)),
        (Store::F64(s), Value::Float(x)) => s.push(*x),
        #[allow(clippy::cast_precision_loss)]
        (Store::F64(s), Value::Int(x)) => s.push(*x as f64),
        (Store::F64(s), _) => s.push(f64::NAN),
        (Store::I64(s), Value::Int(x) | Value::Date(x)) => s.push(*x),
        (Store::I64(s), _) => s.push(crate::engine::fast::MISSING_I64),
        (Store::Flag(s), Value::Bool(b)) => s.push(u8::from(*b)),
        (Store::Flag(s), _) => s.push(2),
    }
}

impl Batch {
    /// A batch of text cells as a CSV file holds them (`columns` by header name, blank cells
    /// missing), each read as a record of the file would be: numbers in `numbers`, and a row
    /// without an id named by `origin(row)` (e.g. `f.csv line 12`). A row whose evidence does
    /// not fit the schema is invalid, with the problems its record would report.
    #[must_use]
    pub fn from_text_columns(
        pack: &Pack,
        columns: &[(&str, &Texts)],
        numbers: NumberFormat,
        origin: &(dyn Fn(usize) -> String + Sync),
    ) -> Batch {
        let rows = columns.first().map_or(0, |(_, t)| t.len());
        let find = |name: &str| columns.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
        fn cell(t: Option<&Texts>, i: usize) -> Option<&str> {
            t.and_then(|t| t.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        }
        let mut b = Batch::empty(pack, rows);
        let (ids, names) = (find("id"), find("name"));
        for i in 0..rows {
            match cell(ids, i) {
                Some(id) => b.ids.push(Some(id)),
                None => b.ids.push(Some(&origin(i))),
            }
            b.names.push(cell(names, i));
        }
        let fields = &pack.model().fields;
        // Cells are parsed field by field on all cores, then stored in order.
        let parsed = parallel::map(fields, |field| {
            let t = find(&field.id);
            (0..rows)
                .map(|i| match t.and_then(|t| t.get(i)) {
                    Some(s) if !s.trim().is_empty() => parse_text(field, s, numbers),
                    _ => Ok(Value::Missing),
                })
                .collect::<Vec<_>>()
        });
        let mut problems: Vec<Vec<FieldProblem>> = (0..rows).map(|_| Vec::new()).collect();
        for (f, (field, values)) in fields.iter().zip(parsed).enumerate() {
            for (i, v) in values.into_iter().enumerate() {
                let v = v.unwrap_or_else(|message| {
                    let field = field.id.clone();
                    problems[i].push(FieldProblem { field, message });
                    Value::Missing
                });
                if field.required
                    && v == Value::Missing
                    && problems[i].iter().all(|p| p.field != field.id)
                {
                    let (field, message) = (field.id.clone(), "required, but missing".into());
                    problems[i].push(FieldProblem { field, message });
                }
                b.push_value(f, &v);
            }
        }
        for (i, p) in problems.into_iter().enumerate() {
            if !p.is_empty() {
                let (id, o) = (b.id(i).to_string(), origin(i));
                let record = if id == o {
                    format!("'{o}'")
                } else {
                    format!("'{id}' ({o})")
                };
                b.invalid[i] = Some(Box::new(Error::Evidence {
                    record,
                    problems: p,
                }));
            }
        }
        b
    }
}

/// One non-blank text cell as evidence of `field`: what [`crate::Field::parse`] gives for
/// it as a JSON string, without making one for numbers and dates.
fn parse_text(
    field: &crate::model::field::Field,
    s: &str,
    numbers: NumberFormat,
) -> std::result::Result<Value, String> {
    match field.kind {
        FieldKind::Number | FieldKind::Integer => {
            let x = crate::model::field::parse_number_text(s, numbers)?;
            field.number(x, &|| Json::String(s.to_string()))
        }
        FieldKind::Date if numbers == NumberFormat::Comma => {
            crate::date::parse_day_first(s).map(Value::Date)
        }
        FieldKind::Date => crate::date::parse(s).map(Value::Date),
        _ => field.parse(&Json::String(s.to_string()), numbers),
    }
}
