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

use crate::error::{Error, Result};
use crate::model::Model;
use crate::model::field_names::listed;
use crate::model::record::Record;
use crate::pack::Pack;
use std::collections::HashSet;

/// The columns of one input (a file, a stream, a table) checked against a pack, each name
/// once however many rows carry it: lookalikes of a field are an error, other unknown
/// columns are collected for one warning (or are an error too when `strict`).
#[derive(Debug)]
pub struct ColumnCheck<'p> {
    pack: &'p Model,
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
            pack: pack.model(),
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
        let (problems, warning) = self.model().record_columns(record, strict);
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
            assert_eq!(p.model().looks_like(column), want, "{column}");
        }
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
