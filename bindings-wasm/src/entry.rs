//! The calculator's path: a form's entries as typed (read by the core in the form's
//! language, see `matang::typed_entry`), assessed in one call, with what is still needed.

use crate::convert::{from_js, lang, option, to_js};
use crate::errors::{to_js_error, usage};
use crate::{JsResult, Pack};
use matang::evidence_needed::{NeededEvidence, evidence_needed};
use matang::typed_entry::{Entry, read_entry};
use serde::Serialize;
use serde_json::Value as Json;
use wasm_bindgen::prelude::*;

/// What `assessEntry` gives: the entry as read, and its assessment when no required field
/// is missing.
#[derive(Serialize)]
struct EntryAssessment {
    #[serde(flatten)]
    entry: Entry,
    assessment: Option<matang::Assessment>,
    needed: Vec<NeededEvidence>,
    /// The next-level plan's changes, when one reaches the next level: the widget's advice.
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<Vec<matang::PlanChange>>,
}

fn entries(values: &JsValue) -> JsResult<serde_json::Map<String, Json>> {
    match from_js(values)? {
        Json::Object(map) => Ok(map),
        Json::Null => Ok(serde_json::Map::new()),
        _ => Err(usage("entries must be an object of field id to text")),
    }
}

#[wasm_bindgen(js_class = Pack)]
impl Pack {
    /// Reads a form's entries (field id to the text typed, or a typed value) with numbers
    /// written the way `options.lang` writes them (`99,5` and `1.200` in Indonesian):
    /// `{record, texts, problems, missing}`, messages in that language.
    ///
    /// # Errors
    /// A `usage` error when `values` is not an object or `options.lang` is unknown.
    #[wasm_bindgen(js_name = readEntry, unchecked_return_type = "Entry")]
    pub fn read_entry(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EvidenceRecord")] values: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LangOptions")] options: Option<JsValue>,
    ) -> JsResult {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        to_js(&read_entry(
            &self.inner,
            &entries(&values)?,
            lang(&options)?,
        ))
    }

    /// `readEntry`, then, when no required field is missing, the assessment of the valid
    /// entries (fields in error left out) under the id `options.id` (default `calculator`),
    /// and the dimensions that still lack evidence (`needed`).
    ///
    /// # Errors
    /// A `rule` error when a rule fails on these entries; `usage` as `readEntry`.
    #[wasm_bindgen(js_name = assessEntry, unchecked_return_type = "EntryAssessment")]
    pub fn assess_entry(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EvidenceRecord")] values: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EntryOptions")] options: Option<JsValue>,
    ) -> JsResult {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let lang = lang(&options)?;
        let entry = read_entry(&self.inner, &entries(&values)?, lang);
        let id = option(&options, "id")
            .as_string()
            .unwrap_or_else(|| "calculator".to_string());
        let assessment = if entry.missing.is_empty() {
            let mut fields = entry.record.clone();
            fields.insert("id".to_string(), Json::String(id));
            let record = matang::Record::new(fields);
            #[cfg(feature = "test-trap")]
            crate::test_trap::on_assess(&self.inner, &record);
            Some(
                self.inner
                    .assess_with_plan(&record, lang)
                    .map_err(|e| to_js_error(&e))?,
            )
        } else {
            None
        };
        let needed = assessment
            .as_ref()
            .map(|a| evidence_needed(&self.inner, a))
            .unwrap_or_default();
        let plan = (assessment.as_ref())
            .and_then(|a| a.next_level.as_ref()?.plan.as_ref())
            .filter(|p| p.reached)
            .map(|p| p.changes.clone());
        to_js(&EntryAssessment {
            entry,
            assessment,
            needed,
            plan,
        })
    }
}
