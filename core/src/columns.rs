//! Input columns against a pack's fields. A column that is not a field but looks like one
//! (the same name in other case, a word cut short such as `go_live` for `go_live_date`,
//! or one or two letters off) is a mistake that would silently drop evidence: an error
//! with a suggestion. Any other unknown column is ignored with a warning, or refused
//! in strict mode. Every input path asks [`ColumnCheck`], so they all decide alike.
//!
//! ```
//! use matang::{ColumnCheck, Pack};
//! let pack = Pack::builtin("smart-city-quickwin")?;
//! let mut check = ColumnCheck::new(&pack, "portfolio.csv", false);
//! let e = check.check(["id", "go_live", "stage"], 1).unwrap_err();
//! assert_eq!(
//!     e.to_string(),
//!     "portfolio.csv:1: column 'go_live' is not a field of pack 'smart-city-quickwin'; \
//!      did you mean 'go_live_date'?"
//! );
//! check.check(["colour"], 1)?;
//! assert_eq!(check.unknown(), ["colour"]);
//! # Ok::<(), matang::Error>(())
//! ```

use crate::error::{Error, FieldProblem, Result};
use crate::pack::{Pack, PackInner};
use crate::record::Record;
use std::borrow::Cow;
use std::collections::HashSet;

/// Columns that are the items' identity, or a previous total, not evidence.
const IDENTITY: [&str; 3] = ["id", "name", "total"];

/// How many problems or names one message lists before it counts the rest.
const LISTED: usize = 5;

/// The pack's field names in the forms the look-alike test compares, built once per pack.
#[derive(Debug, Default)]
pub(crate) struct FieldNames {
    /// Every field id and identity column as it is.
    exact: HashSet<String>,
    /// Each field's id, folded id and the set of its characters (see [`mask`]).
    fields: Vec<(String, String, u64)>,
}

impl FieldNames {
    pub(crate) fn new(fields: &[crate::schema::Field]) -> FieldNames {
        let ids = fields.iter().map(|f| f.id.as_str());
        let exact = ids.clone().chain(IDENTITY).map(String::from).collect();
        let fields = ids
            .map(|n| {
                let f = fold(n).into_owned();
                let m = mask(&f);
                (n.to_string(), f, m)
            })
            .collect();
        FieldNames { exact, fields }
    }
}

/// Lower case, with spaces, dashes and dots as `_`, and outer `_` trimmed: `Go-Live ` and
/// `go_live` fold alike. Most names are folded already and are not copied.
fn fold(name: &str) -> Cow<'_, str> {
    let name = name.trim().trim_matches('_');
    let folded = |b: u8| !(b.is_ascii_uppercase() || matches!(b, b' ' | b'-' | b'.') || b >= 0x80);
    if name.bytes().all(folded) {
        return Cow::Borrowed(name);
    }
    let lower: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if matches!(c, ' ' | '-' | '.') { '_' } else { c })
        .collect();
    Cow::Owned(lower.trim_matches('_').to_string())
}

/// The set of characters of `s` as bits (letters, digits and `_` each their own bit).
fn mask(s: &str) -> u64 {
    s.bytes().fold(0, |m, b| {
        let bit = match b {
            b'a'..=b'z' => b - b'a',
            b'0'..=b'9' => 26 + b - b'0',
            b'_' => 36,
            _ => 37 + b % 27,
        };
        m | 1 << bit
    })
}

/// The edits (insert, delete, change, swap two neighbours) from `a` to `b`, if at most `k`.
fn distance(a: &[u8], b: &[u8], k: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > k {
        return None;
    }
    // Three rows of the optimal-string-alignment table; names are short (checked by callers).
    let mut before = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        let mut best = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
            best = best.min(d);
        }
        if best > k {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    Some(prev[b.len()]).filter(|&d| d <= k)
}

impl PackInner {
    /// Whether `name` is a field or an identity column.
    pub(crate) fn knows_column(&self, name: &str) -> bool {
        self.field_names.exact.contains(name)
    }

    /// The field (or identity column) an unknown column `name` looks like, if any.
    pub(crate) fn looks_like(&self, name: &str) -> Option<&str> {
        let names = &self.field_names;
        let f = fold(name);
        // The same name folded (a field before an identity column of that name).
        let same = names.fields.iter().find(|(_, folded, _)| *folded == f);
        if let Some((id, _, _)) = same {
            return Some(id);
        }
        if let Some(id) = IDENTITY.iter().find(|&&i| i == f) {
            return Some(id);
        }
        // Edits allowed grow with the length: short names differ by one letter legitimately.
        let allowed = |len: usize| match len {
            0..5 => 0,
            5..9 => 1,
            _ => 2,
        };
        let m = mask(&f);
        let mut best: Option<(usize, &str)> = None;
        for (id, folded, fm) in &names.fields {
            if f.len() >= 3
                && folded.len() > f.len()
                && folded.starts_with(f.as_ref())
                && folded.as_bytes()[f.len()] == b'_'
            {
                return Some(id);
            }
            let k = allowed(f.len().min(folded.len()));
            // Each edit adds or removes at most one kind of character: a cheap test first.
            // Names whose numbers differ (`d1`, `d2`; `year_2019`) are different columns.
            let digits = |s: &str| s.bytes().filter(u8::is_ascii_digit).collect::<Vec<_>>();
            if k == 0
                || f.len().max(folded.len()) > 64
                || (m & !fm).count_ones() as usize > k
                || (fm & !m).count_ones() as usize > k
                || digits(&f) != digits(folded)
            {
                continue;
            }
            if let Some(d) = distance(f.as_bytes(), folded.as_bytes(), k)
                && best.is_none_or(|(b, _)| d < b)
            {
                best = Some((d, id));
            }
        }
        best.map(|(_, id)| id)
    }

    /// "column 'go_live' is not a field of pack 'P'; did you mean 'go_live_date'?"
    pub(crate) fn lookalike_message(&self, column: &str, field: &str) -> String {
        format!(
            "column '{column}' is not a field of pack '{}'; did you mean '{field}'?",
            self.reference.id
        )
    }

    /// The problems of a record's columns: each that looks like a field, and in strict
    /// mode each unknown one; and the warning for the unknown ones otherwise.
    pub(crate) fn record_columns(
        &self,
        record: &Record,
        strict: bool,
    ) -> (Vec<FieldProblem>, Option<String>) {
        let mut problems = Vec::new();
        let mut unknown = Vec::new();
        for k in record.fields.keys().filter(|k| !self.knows_column(k)) {
            match self.looks_like(k) {
                Some(f) => problems.push(FieldProblem {
                    field: k.clone(),
                    message: self.lookalike_message(k, f),
                }),
                None if strict => problems.push(FieldProblem {
                    field: k.clone(),
                    message: self.strict_message(k),
                }),
                None => unknown.push(k.as_str()),
            }
        }
        (problems, self.ignored_message(&unknown))
    }

    fn strict_message(&self, column: &str) -> String {
        format!(
            "column '{column}' is not a field of pack '{}' (unknown columns are refused in strict mode)",
            self.reference.id
        )
    }

    /// The warning for columns that are ignored, `None` when there are none.
    pub(crate) fn ignored_message(&self, columns: &[&str]) -> Option<String> {
        let pack = &self.reference.id;
        match columns {
            [] => None,
            [one] => Some(format!(
                "column '{one}' is not a field of pack '{pack}' and is ignored"
            )),
            many => Some(format!(
                "{} columns are not fields of pack '{pack}' and are ignored: {}",
                many.len(),
                listed(many.iter().map(|c| format!("'{c}'")), many.len(), ", ")
            )),
        }
    }
}

/// The first [`LISTED`] of `items` joined by `sep`, and how many more there are.
fn listed(items: impl Iterator<Item = String>, count: usize, sep: &str) -> String {
    let mut text = items.take(LISTED).collect::<Vec<_>>().join(sep);
    if count > LISTED {
        text.push_str(&format!("{sep}and {} more", count - LISTED));
    }
    text
}

/// The columns of one input (a file, a stream, a table) checked against a pack, each name
/// once however many rows carry it: lookalikes of a field are an error, other unknown
/// columns are collected for one warning (or are an error too when `strict`).
#[derive(Debug)]
pub struct ColumnCheck<'p> {
    pack: &'p PackInner,
    source_name: String,
    strict: bool,
    seen: HashSet<String>,
    unknown: Vec<String>,
}

impl<'p> ColumnCheck<'p> {
    /// A check of the input `source_name` (a file name, or empty for a table in memory).
    #[must_use]
    pub fn new(pack: &'p Pack, source_name: &str, strict: bool) -> ColumnCheck<'p> {
        ColumnCheck {
            pack: &pack.inner,
            source_name: source_name.to_string(),
            strict,
            seen: HashSet::new(),
            unknown: Vec::new(),
        }
    }

    /// Checks the names not seen before, found at `line` of the input (0 when unknown).
    ///
    /// # Errors
    /// [`Error::Input`] naming every column that looks like a field (with the field it
    /// looks like) or, when strict, every unknown column; at most 5, then how many more.
    pub fn check<'a>(
        &mut self,
        names: impl IntoIterator<Item = &'a str>,
        line: usize,
    ) -> Result<()> {
        let mut problems = Vec::new();
        for name in names {
            if self.pack.knows_column(name) || !self.seen.insert(name.to_string()) {
                continue;
            }
            match self.pack.looks_like(name) {
                Some(f) => problems.push(self.pack.lookalike_message(name, f)),
                None if self.strict => problems.push(self.pack.strict_message(name)),
                None => self.unknown.push(name.to_string()),
            }
        }
        if problems.is_empty() {
            return Ok(());
        }
        let n = problems.len();
        Err(Error::Input {
            source_name: self.source_name.clone(),
            line,
            message: listed(problems.into_iter(), n, "; "),
        })
    }

    /// Checks the keys of every record (see [`ColumnCheck::check`]); the error names the
    /// line of the first record with a bad column when the records came from lines.
    ///
    /// # Errors
    /// As [`ColumnCheck::check`].
    pub fn check_records<'r>(
        &mut self,
        records: impl IntoIterator<Item = &'r Record>,
    ) -> Result<()> {
        for r in records {
            if r.fields
                .keys()
                .all(|k| self.pack.knows_column(k) || self.seen.contains(k))
            {
                continue;
            }
            let line = r
                .origin
                .as_deref()
                .and_then(|o| o.rsplit_once(" line "))
                .and_then(|(_, n)| n.parse().ok())
                .unwrap_or(0);
            self.check(r.fields.keys().map(String::as_str), line)?;
        }
        Ok(())
    }

    /// The unknown columns found so far, in the order first seen.
    #[must_use]
    pub fn unknown(&self) -> &[String] {
        &self.unknown
    }

    /// One warning for every unknown column found so far, `None` when there is none.
    #[must_use]
    pub fn warning(&self) -> Option<String> {
        let names: Vec<&str> = self.unknown.iter().map(String::as_str).collect();
        self.pack.ignored_message(&names)
    }
}

impl Pack {
    /// Checks the columns of one record as [`Pack::assess`] does, and in `strict` mode
    /// refuses unknown columns too; returns the warning for the columns it ignores.
    ///
    /// # Errors
    /// [`Error::Evidence`] naming the record and each such column.
    pub fn check_record_columns(&self, record: &Record, strict: bool) -> Result<Option<String>> {
        let (problems, warning) = self.inner.record_columns(record, strict);
        if problems.is_empty() {
            return Ok(warning);
        }
        Err(Error::Evidence {
            record: record.describe(),
            problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack() -> Pack {
        Pack::builtin("smart-city-quickwin").unwrap()
    }

    #[test]
    fn lookalikes_are_found_and_others_are_not() {
        let p = pack();
        let long = "x".repeat(200);
        let cases = [
            ("go_live", Some("go_live_date")),
            ("Go Live Date", Some("go_live_date")),
            ("STAGE", Some("stage")),
            ("ID", Some("id")),
            ("trainedstaff", Some("trained_staff")),
            ("trained_stafff", Some("trained_staff")),
            ("uptmie_pct", Some("uptime_pct")),
            ("budget_idr_2019", None),
            ("uptime_pct2", None),
            ("target_users_2", None),
            ("colour", None),
            ("notes", None),
            ("nama", None),
            ("go", None),
            (long.as_str(), None),
        ];
        for (column, want) in cases {
            assert_eq!(p.inner.looks_like(column), want, "{column}");
        }
    }

    #[test]
    fn distance_counts_edits_up_to_the_bound() {
        assert_eq!(distance(b"stage", b"stage", 1), Some(0));
        assert_eq!(distance(b"stgae", b"stage", 1), Some(1));
        assert_eq!(distance(b"stag", b"stage", 1), Some(1));
        assert_eq!(distance(b"sage", b"stage", 2), Some(1));
        assert_eq!(distance(b"abcdef", b"stage", 2), None);
        assert_eq!(distance(b"", b"ab", 2), Some(2));
    }

    #[test]
    fn one_message_per_input_with_a_bounded_list() {
        let p = pack();
        let mut c = ColumnCheck::new(&p, "f.csv", false);
        let names: Vec<String> = (0..1000).map(|i| format!("extra{i}")).collect();
        c.check(names.iter().map(String::as_str), 1).unwrap();
        c.check(names.iter().map(String::as_str), 1).unwrap();
        assert_eq!(c.unknown().len(), 1000);
        let w = c.warning().unwrap();
        assert!(w.starts_with("1000 columns are not fields of pack 'smart-city-quickwin' and are ignored: 'extra0', 'extra1'"), "{w}");
        assert!(w.ends_with("and 995 more"), "{w}");
        let mut strict = ColumnCheck::new(&p, "f.csv", true);
        let e = strict
            .check(names.iter().map(String::as_str), 1)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("column 'extra0' is not a field") && e.ends_with("and 995 more"),
            "{e}"
        );
    }
}
