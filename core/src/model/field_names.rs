//! Input columns against a pack's fields: a column that is a field (or the items' identity),
//! one that looks like a field under another name (the same name in other case, a word cut
//! short such as `go_live` for `go_live_date`, or one or two letters off), or one that is
//! simply unknown. `ColumnCheck` (in `input`) applies this to a whole input at once.

use super::Model;
use super::record::Record;
use crate::error::FieldProblem;
use std::borrow::Cow;
use std::collections::HashSet;

/// Columns that are the items' identity, or a previous total, not evidence.
pub(crate) const IDENTITY: [&str; 3] = ["id", "name", "total"];

/// How many problems or names one message lists before it counts the rest.
pub(crate) const LISTED: usize = 5;

/// The pack's field names in the forms the look-alike test compares, built once per pack.
#[derive(Debug, Default)]
pub(crate) struct FieldNames {
    /// Every field id and identity column as it is.
    exact: HashSet<String>,
    /// Each field's id, folded id and the set of its characters (see [`mask`]).
    fields: Vec<(String, String, u64)>,
}

impl FieldNames {
    pub(crate) fn new(fields: &[crate::model::field::Field]) -> FieldNames {
        let ids = fields.iter().map(|f| f.id.as_str());
        let verified = ids
            .clone()
            .map(|id| format!("{}{id}", super::evidence::VERIFIED_PREFIX));
        let exact = ids
            .clone()
            .chain(IDENTITY)
            .map(String::from)
            .chain(verified)
            .collect();
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

impl Model {
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

    pub(crate) fn strict_message(&self, column: &str) -> String {
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
pub(crate) fn listed(items: impl Iterator<Item = String>, count: usize, sep: &str) -> String {
    let mut text = items.take(LISTED).collect::<Vec<_>>().join(sep);
    if count > LISTED {
        text.push_str(&format!("{sep}and {} more", count - LISTED));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_up_to_the_bound() {
        assert_eq!(distance(b"stage", b"stage", 1), Some(0));
        assert_eq!(distance(b"stgae", b"stage", 1), Some(1));
        assert_eq!(distance(b"stag", b"stage", 1), Some(1));
        assert_eq!(distance(b"sage", b"stage", 2), Some(1));
        assert_eq!(distance(b"abcdef", b"stage", 2), None);
        assert_eq!(distance(b"", b"ab", 2), Some(2));
    }
}
