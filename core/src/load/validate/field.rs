//! One evidence field of the manifest, checked: its type, range, enum labels and what a
//! blank value means.

use super::Builder;
use crate::error::Result;
use crate::label::Label;
use crate::load::manifest;
use crate::model::field::{Field, FieldKind, WhenBlank};

impl Builder<'_> {
    pub(super) fn field(&self, f: &manifest::FieldDef) -> Result<Field> {
        let Some(kind) = FieldKind::parse(f.kind.get_ref()) else {
            return self.err(
                f.kind.span(),
                format!(
                    "unknown field type '{}': use number, integer, boolean, enum, date or text",
                    f.kind.get_ref()
                ),
            );
        };
        if kind == FieldKind::Enum && f.values.is_empty() {
            return self.err(
                f.id.span(),
                format!("enum field '{}' needs values = [...]", f.id.get_ref()),
            );
        }
        if f.min.into_iter().chain(f.max).any(|x| !x.is_finite()) {
            return self.err(
                f.id.span(),
                format!(
                    "field '{}': min and max must be finite numbers",
                    f.id.get_ref()
                ),
            );
        }
        if let (Some(lo), Some(hi)) = (f.min, f.max)
            && lo > hi
        {
            return self.err(
                f.id.span(),
                format!("field '{}' has min above max", f.id.get_ref()),
            );
        }
        if let Some(k) = f.value_labels.keys().find(|k| !f.values.contains(k)) {
            return self.err(
                f.id.span(),
                format!(
                    "field '{}': value_labels names '{k}', which is not in values",
                    f.id.get_ref()
                ),
            );
        }
        let when_blank = self.when_blank(f)?;
        let value_labels = if f.value_labels.is_empty() {
            Vec::new()
        } else {
            f.values
                .iter()
                .map(|v| {
                    f.value_labels
                        .get(v)
                        .cloned()
                        .unwrap_or_else(|| Label::new(v, v))
                })
                .collect()
        };
        Ok(Field {
            id: f.id.get_ref().clone(),
            kind,
            values: f.values.clone(),
            value_labels,
            unit: f.unit.clone(),
            min: f.min,
            max: f.max,
            required: f.required,
            when_blank,
            label: f.label.clone(),
            help: f.help.clone(),
            example: f
                .example
                .as_ref()
                .and_then(|v| serde_json::to_value(v).ok()),
            interned: f.values.iter().map(|v| v.as_str().into()).collect(),
        })
    }

    /// A field's `missing` policy; `not_applicable` must say why.
    fn when_blank(&self, f: &manifest::FieldDef) -> Result<WhenBlank> {
        let id = f.id.get_ref();
        let Some(m) = &f.missing else {
            return match f.missing_reason {
                Some(_) => self.err(
                    f.id.span(),
                    format!("field '{id}': missing_reason needs missing = \"not_applicable\""),
                ),
                None => Ok(WhenBlank::LeftOut),
            };
        };
        match (m.get_ref().as_str(), &f.missing_reason) {
            ("left_out", None) => Ok(WhenBlank::LeftOut),
            ("unmet", None) => Ok(WhenBlank::Unmet),
            ("not_applicable", Some(reason)) => Ok(WhenBlank::NotApplicable(reason.clone())),
            ("not_applicable", None) => self.err(
                m.span(),
                format!("field '{id}': missing = \"not_applicable\" needs missing_reason = {{ id = \"...\", en = \"...\" }}, shown wherever the field is blank"),
            ),
            ("left_out" | "unmet", Some(_)) => self.err(
                m.span(),
                format!("field '{id}': missing_reason goes only with missing = \"not_applicable\""),
            ),
            (other, _) => self.err(
                m.span(),
                format!("field '{id}': missing = \"{other}\" is unknown: use \"unmet\", \"not_applicable\" or \"left_out\""),
            ),
        }
    }
}
