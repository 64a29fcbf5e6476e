//! A record as it arrives: untyped field values from JSON, CSV, Python or JavaScript,
//! plus where it came from so errors can name it.

use crate::model::field::NumberFormat;
use serde_json::{Map, Value as Json};

/// One item to assess (one quickwin): field name to raw value.
///
/// ```
/// let r = matang::Record::from_json(serde_json::json!({"id": "QW-1", "stage": "live"})).unwrap();
/// assert_eq!(r.id(), "QW-1");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// Field values (`id` and `name` are the item's identity, not evidence).
    pub fields: Map<String, Json>,
    /// How numbers written as text are to be read.
    pub numbers: NumberFormat,
    /// Where the record came from, e.g. `portfolio.csv line 4`, used when it has no id.
    pub origin: Option<String>,
}

impl Record {
    /// A record from a JSON object.
    ///
    /// # Errors
    /// [`crate::error::Error::Usage`] if `value` is not an object.
    pub fn from_json(value: Json) -> crate::error::Result<Record> {
        match value {
            Json::Object(fields) => Ok(Record {
                fields,
                numbers: NumberFormat::Point,
                origin: None,
            }),
            other => Err(crate::error::Error::Usage(format!(
                "a record must be an object of fields, got {other}"
            ))),
        }
    }

    /// A record from a map of fields.
    #[must_use]
    pub fn new(fields: Map<String, Json>) -> Record {
        Record {
            fields,
            numbers: NumberFormat::Point,
            origin: None,
        }
    }

    /// The record, or the evidence error naming it (by id, and origin when that differs)
    /// for `problems`: values that could not be read as evidence.
    ///
    /// # Errors
    /// [`crate::error::Error::Evidence`] when `problems` is not empty.
    pub fn checked(
        self,
        problems: Vec<crate::error::FieldProblem>,
    ) -> crate::error::Result<Record> {
        if problems.is_empty() {
            return Ok(self);
        }
        let id = self.id();
        let record = match &self.origin {
            Some(o) if o != &id => format!("'{id}' ({o})"),
            _ => format!("'{id}'"),
        };
        Err(crate::error::Error::Evidence { record, problems })
    }

    /// The record's id: its `id` field, else its origin, else `?`.
    #[must_use]
    pub fn id(&self) -> String {
        match self.fields.get("id") {
            Some(Json::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Json::Number(n)) => n.to_string(),
            _ => self.origin.clone().unwrap_or_else(|| "?".to_string()),
        }
    }

    /// The record as errors name it: `'QW-07' (portfolio.csv line 8)`, or `'QW-07'`.
    pub(crate) fn describe(&self) -> String {
        let id = self.id();
        match &self.origin {
            Some(o) if o != &id => format!("'{id}' ({o})"),
            _ => format!("'{id}'"),
        }
    }

    /// The record's display name, if it has one.
    #[must_use]
    pub fn name(&self) -> Option<String> {
        match self.fields.get("name") {
            Some(Json::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        }
    }

    /// A copy with some fields replaced (`null` removes the evidence).
    #[must_use]
    pub fn with_changes(&self, changes: &Map<String, Json>) -> Record {
        let mut r = self.clone();
        for (k, v) in changes {
            r.fields.insert(k.clone(), v.clone());
        }
        r
    }
}
