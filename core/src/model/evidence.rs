//! A record's raw values checked against the schema: typed evidence, or every problem of
//! the record at once.

use super::Model;
use super::field::Value;
use super::record::Record;
use crate::error::{Error, FieldProblem, Result};

/// The column holding an assessor's verified value of a field: `verified.<field>`. Where it
/// has a value, the score uses it instead of the office's own.
pub const VERIFIED_PREFIX: &str = "verified.";

/// A record's typed evidence (verified values where given), with notes about its input.
pub(crate) struct Evidence {
    pub values: Vec<Value>,
    pub warnings: Vec<String>,
    /// Fields whose verified value differs from the office's own: (field, own value).
    pub verified: Vec<(usize, Value)>,
}

impl Model {
    pub(crate) fn parse_evidence(&self, record: &Record) -> Result<Evidence> {
        let mut problems = Vec::new();
        let mut values = Vec::with_capacity(self.fields.len());
        let mut verified = Vec::new();
        // Every key is a field, `id` or `name` unless the counts say otherwise (no search needed).
        let known = self
            .fields
            .iter()
            .filter(|f| record.fields.contains_key(&f.id))
            .count()
            + usize::from(record.fields.contains_key("id"))
            + usize::from(record.fields.contains_key("name"));
        let others = known != record.fields.len();
        let any_verified = others && record.fields.keys().any(|k| k.starts_with(VERIFIED_PREFIX));
        for (n, f) in self.fields.iter().enumerate() {
            let mut parse = |column: &str| match record.fields.get(column) {
                Some(raw) => f.parse(raw, record.numbers).unwrap_or_else(|message| {
                    problems.push(FieldProblem {
                        field: column.to_string(),
                        message,
                    });
                    Value::Missing
                }),
                None => Value::Missing,
            };
            let mut v = parse(&f.id);
            if any_verified {
                let checked = parse(&format!("{VERIFIED_PREFIX}{}", f.id));
                if checked != Value::Missing {
                    let own = std::mem::replace(&mut v, checked);
                    if own != v {
                        verified.push((n, own));
                    }
                }
            }
            if f.required && v == Value::Missing && !problems.iter().any(|p| p.field == f.id) {
                problems.push(FieldProblem {
                    field: f.id.clone(),
                    message: "required, but missing".to_string(),
                });
            }
            values.push(v);
        }
        let mut warnings = Vec::new();
        if others {
            let (columns, warning) = self.record_columns(record, false);
            problems.extend(columns);
            warnings.extend(warning);
        }
        if !problems.is_empty() {
            let record = record.describe();
            return Err(Error::Evidence { record, problems });
        }
        Ok(Evidence {
            values,
            warnings,
            verified,
        })
    }
}
