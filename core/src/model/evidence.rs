//! A record's raw values checked against the schema: typed evidence, or every problem of
//! the record at once.

use super::Model;
use super::field::Value;
use super::record::Record;
use crate::error::{Error, FieldProblem, Result};

impl Model {
    pub(crate) fn parse_evidence(&self, record: &Record) -> Result<(Vec<Value>, Vec<String>)> {
        let mut problems = Vec::new();
        let mut values = Vec::with_capacity(self.fields.len());
        for f in &self.fields {
            let v = match record.fields.get(&f.id) {
                Some(raw) => f.parse(raw, record.numbers).unwrap_or_else(|message| {
                    problems.push(FieldProblem {
                        field: f.id.clone(),
                        message,
                    });
                    Value::Missing
                }),
                None => Value::Missing,
            };
            if f.required && v == Value::Missing && !problems.iter().any(|p| p.field == f.id) {
                problems.push(FieldProblem {
                    field: f.id.clone(),
                    message: "required, but missing".to_string(),
                });
            }
            values.push(v);
        }
        // Every key is a field, `id` or `name` unless the counts say otherwise (no search needed).
        let known = values
            .iter()
            .zip(&self.fields)
            .filter(|(_, f)| record.fields.contains_key(&f.id))
            .count()
            + usize::from(record.fields.contains_key("id"))
            + usize::from(record.fields.contains_key("name"));
        let mut warnings = Vec::new();
        if known != record.fields.len() {
            let (columns, warning) = self.record_columns(record, false);
            problems.extend(columns);
            warnings.extend(warning);
        }
        if !problems.is_empty() {
            let record = record.describe();
            return Err(Error::Evidence { record, problems });
        }
        Ok((values, warnings))
    }
}
