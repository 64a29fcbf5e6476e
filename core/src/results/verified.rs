//! Where an assessor's verified evidence differs from the office's own (SPBE practice:
//! self-assessment, then evaluation), in data and in words.

use crate::engine::row::Evaluation;
use crate::label::{Lang, format_number};
use crate::model::Model;
use crate::model::field::Value;
use crate::results::assessment::VerifiedValue;

impl Model {
    pub(crate) fn verified_values(&self, ev: &Evaluation, lang: Lang) -> Vec<VerifiedValue> {
        ev.verified
            .iter()
            .map(|(f, own)| {
                let field = &self.fields[*f];
                let checked = &ev.values[*f];
                let difference = match (own, checked) {
                    (Value::Int(a), Value::Int(b)) =>
                    {
                        #[allow(clippy::cast_precision_loss)]
                        Some(*b as f64 - *a as f64)
                    }
                    (Value::Float(a), Value::Float(b)) => Some(b - a),
                    _ => None,
                };
                let label = field.label.get(lang).to_string();
                let mut text = format!(
                    "{label}: {} → {}",
                    self.format_value(*f, own, None, lang),
                    self.format_value(*f, checked, None, lang)
                );
                if let Some(d) = difference {
                    let sign = if d > 0.0 { "+" } else { "−" };
                    let unit = field
                        .unit
                        .as_ref()
                        .map(|u| format!(" {}", u.get(lang)))
                        .unwrap_or_default();
                    let size = format_number(d.abs(), 2, lang);
                    text.push_str(&format!(" ({sign}{size}{unit})"));
                }
                VerifiedValue {
                    field: field.id.clone(),
                    label,
                    own: own.to_json(),
                    verified: checked.to_json(),
                    difference,
                    text,
                }
            })
            .collect()
    }
}
