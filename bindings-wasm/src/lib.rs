//! WebAssembly binding of [`matang`]: a thin `Pack` class for JavaScript.
//!
//! ```js
//! import init, { Pack } from "./pkg/matang.js";
//! await init();
//! const pack = Pack.builtin("smart-city-quickwin");
//! const a = pack.assess({ id: "QW-1", assessed_on: "2019-10-01", stage: "live" }, { lang: "en" });
//! console.log(a.total, a.level.label);
//! ```
//!
//! All logic lives in the core; values cross as JSON (see `convert.rs`), errors as JS
//! `Error`s with the Rust error's fields (see `errors.rs`).

mod convert;
mod entry;
mod errors;
#[cfg(feature = "test-trap")]
mod test_trap;
mod types;

use convert::{from_js, lang, option, record as to_record, records as to_records, strict, to_js};
use errors::{to_js_error, usage};
use js_sys::{Array, Object, Reflect};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

type JsResult<T = JsValue> = Result<T, JsValue>;

/// A compiled rule pack.
#[wasm_bindgen]
pub struct Pack {
    inner: matang::Pack,
}

/// One `{ok: true, value}` or `{ok: false, error}` per result, in order.
fn envelopes<T: serde::Serialize>(results: Vec<matang::Result<T>>) -> JsResult<Array> {
    let out = Array::new();
    for r in results {
        let env = Object::new();
        match r {
            Ok(v) => {
                Reflect::set(&env, &"ok".into(), &JsValue::TRUE)?;
                Reflect::set(&env, &"value".into(), &to_js(&v)?)?;
            }
            Err(e) => {
                Reflect::set(&env, &"ok".into(), &JsValue::FALSE)?;
                Reflect::set(&env, &"error".into(), &to_js_error(&e))?;
            }
        }
        out.push(&env);
    }
    Ok(out)
}

fn ok<T: serde::Serialize>(r: matang::Result<T>) -> JsResult {
    match r {
        Ok(v) => to_js(&v),
        Err(e) => Err(to_js_error(&e)),
    }
}

#[wasm_bindgen(js_class = Pack)]
impl Pack {
    /// A pack bundled into the library, e.g. `"smart-city-quickwin"`.
    ///
    /// # Errors
    /// A `usage` error naming the built-in packs when `id` is unknown.
    pub fn builtin(id: &str) -> JsResult<Pack> {
        matang::Pack::builtin(id)
            .map(|inner| Pack { inner })
            .map_err(|e| to_js_error(&e))
    }

    /// Ids of the built-in packs.
    #[wasm_bindgen(js_name = builtinIds)]
    #[must_use]
    pub fn builtin_ids() -> Vec<String> {
        matang::Pack::builtin_ids()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// Compiles a pack from its files: an object (or `Map`) of relative path to text,
    /// e.g. `{"pack.toml": "...", "indicators/usage.rhai": "..."}`.
    ///
    /// # Errors
    /// A `pack` error with `file`, `line` and `column` for any mistake in the pack.
    #[wasm_bindgen(js_name = fromFiles)]
    pub fn from_files(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string> | Map<string, string>")]
        files: JsValue,
    ) -> JsResult<Pack> {
        let files = if files.is_instance_of::<js_sys::Map>() {
            Object::from_entries(&files)?.into()
        } else {
            files
        };
        let Json::Object(map) = from_js(&files)? else {
            return Err(usage(
                "Pack.fromFiles expects an object of file path to text",
            ));
        };
        let mut out = BTreeMap::new();
        for (k, v) in map {
            match v {
                Json::String(s) => {
                    out.insert(k, s);
                }
                _ => {
                    return Err(usage(&format!(
                        "Pack.fromFiles: the content of '{k}' must be a string"
                    )));
                }
            }
        }
        let inner = matang::Pack::from_files(out).map_err(|e| to_js_error(&e))?;
        #[cfg(feature = "test-trap")]
        test_trap::on_load(&inner);
        Ok(Pack { inner })
    }

    /// The pack id.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    /// The pack version.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn version(&self) -> String {
        self.inner.version().to_string()
    }

    /// SHA-256 fingerprint of the pack's files.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn fingerprint(&self) -> String {
        self.inner.fingerprint().to_string()
    }

    /// The pack's name in both languages (`{id, en}`).
    ///
    /// # Errors
    /// Never in practice (serialisation of a plain struct).
    #[wasm_bindgen(getter, unchecked_return_type = "Label")]
    pub fn name(&self) -> JsResult {
        to_js(self.inner.name())
    }

    /// The pack's description in both languages (`{id, en}`).
    ///
    /// # Errors
    /// Never in practice.
    #[wasm_bindgen(getter, unchecked_return_type = "Label")]
    pub fn description(&self) -> JsResult {
        to_js(self.inner.description())
    }

    /// The evidence fields: types, ranges, units, bilingual labels and help.
    ///
    /// # Errors
    /// Never in practice.
    #[wasm_bindgen(unchecked_return_type = "Field[]")]
    pub fn schema(&self) -> JsResult {
        to_js(self.inner.fields())
    }

    /// The dimensions, with weights and bilingual labels.
    ///
    /// # Errors
    /// Never in practice.
    #[wasm_bindgen(unchecked_return_type = "Dimension[]")]
    pub fn dimensions(&self) -> JsResult {
        to_js(self.inner.dimensions())
    }

    /// The indicators.
    ///
    /// # Errors
    /// Never in practice.
    #[wasm_bindgen(unchecked_return_type = "Indicator[]")]
    pub fn indicators(&self) -> JsResult {
        to_js(self.inner.indicators())
    }

    /// The levels, lowest first, with thresholds and colours. A `color` that is not a plain
    /// CSS colour (`matang::css::css_color`) is `null`, so it is safe in a `style` attribute.
    ///
    /// # Errors
    /// Never in practice.
    #[wasm_bindgen(unchecked_return_type = "Level[]")]
    pub fn levels(&self) -> JsResult {
        let levels: Vec<matang::Level> = self
            .inner
            .levels()
            .iter()
            .map(|level| matang::Level {
                color: level
                    .color
                    .as_deref()
                    .and_then(matang::css::css_color)
                    .map(str::to_string),
                ..level.clone()
            })
            .collect();
        to_js(&levels)
    }

    /// The gates that cap levels.
    ///
    /// # Errors
    /// Never in practice.
    #[wasm_bindgen(unchecked_return_type = "Gate[]")]
    pub fn gates(&self) -> JsResult {
        to_js(self.inner.gates())
    }

    /// The score scale (`min`, `max`, `step`, `decimals`).
    ///
    /// # Errors
    /// Never in practice.
    #[wasm_bindgen(unchecked_return_type = "Scale")]
    pub fn scale(&self) -> JsResult {
        to_js(&self.inner.scale())
    }

    /// Assesses one record. A key that is not a field is ignored (named in the result's
    /// `warnings`), unless it looks like one (`go_live` for `go_live_date`): then an
    /// `evidence` error with the suggestion; `options.strict` refuses every unknown key.
    ///
    /// # Errors
    /// An `evidence` error with `record` and `problems`, or a `rule` error.
    #[wasm_bindgen(unchecked_return_type = "Assessment")]
    pub fn assess(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EvidenceRecord")] record: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: Option<JsValue>,
    ) -> JsResult {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let lang = lang(&options)?;
        let record = to_record(&record)?;
        #[cfg(feature = "test-trap")]
        test_trap::on_assess(&self.inner, &record);
        if strict(&options)? {
            ok(self.inner.check_record_columns(&record, true))?;
        }
        ok(self.inner.assess(&record, lang))
    }

    /// Assesses many records; each item is `{ok: true, value}` or `{ok: false, error}`.
    /// The keys are checked once for all records: one that looks like a field throws an
    /// `input` error with the suggestion (every unknown one with `options.strict`).
    ///
    /// # Errors
    /// When `records` is not an array of objects, or a key looks like a field.
    #[wasm_bindgen(js_name = assessMany, unchecked_return_type = "Envelope<Assessment>[]")]
    pub fn assess_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EvidenceRecord[]")] records: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: Option<JsValue>,
    ) -> JsResult<Array> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let lang = lang(&options)?;
        let records = to_records(&records)?;
        self.check_columns(&records, strict(&options)?)?;
        envelopes(self.inner.assess_many(&records, lang))
    }

    /// The numbers of one record's assessment without its explanation (total, `score_100`,
    /// level, dimension scores, eligibility), as Rust's and Python's `score`.
    ///
    /// # Errors
    /// As `assess`.
    #[wasm_bindgen(unchecked_return_type = "Score")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EvidenceRecord")] record: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: Option<JsValue>,
    ) -> JsResult {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let record = to_record(&record)?;
        if strict(&options)? {
            ok(self.inner.check_record_columns(&record, true))?;
        }
        ok(self.inner.score(&record))
    }

    /// `score` for many records, column by column: the numbers table, one envelope per
    /// record (as `assessMany`'s, without the explanation).
    ///
    /// # Errors
    /// As `assessMany`.
    #[wasm_bindgen(js_name = scoreMany, unchecked_return_type = "Envelope<Score>[]")]
    pub fn score_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EvidenceRecord[]")] records: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: Option<JsValue>,
    ) -> JsResult<Array> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let records = to_records(&records)?;
        self.check_columns(&records, strict(&options)?)?;
        envelopes(self.inner.score_many(&records))
    }

    /// Ranks records and selects the top N (`options.top`, else the pack's default).
    /// `options.previous` is last year's records (assessed with this pack, or carrying a
    /// numeric `total`), or an object of id to previous total. An id is ranked once (a
    /// later record with the same id is an item with an `error`); keys are checked as in
    /// `assessMany`, and the ignored ones are named in the ranking's `warnings`.
    ///
    /// # Errors
    /// When `records` is not an array of objects, an option has the wrong type, or a key
    /// looks like a field.
    #[wasm_bindgen(unchecked_return_type = "Ranking")]
    pub fn rank(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EvidenceRecord[]")] records: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RankOptions")] options: Option<JsValue>,
    ) -> JsResult {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let lang = lang(&options)?;
        let top = option(&options, "top");
        let top = if top.is_undefined() || top.is_null() {
            None
        } else {
            match top.as_f64() {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Some(n) if n >= 0.0 && n.fract() == 0.0 => Some(n as usize),
                _ => return Err(usage("options.top must be a whole number")),
            }
        };
        let strict = strict(&options)?;
        let records = to_records(&records)?;
        let mut warnings: Vec<String> = self.check_columns(&records, strict)?.into_iter().collect();
        let previous = previous(self, &option(&options, "previous"), strict, &mut warnings)?;
        let results = self.inner.assess_portfolio(&records, lang);
        let mut ranking = self.inner.rank(&results, top, previous.as_ref(), lang);
        ranking.warnings.extend(warnings);
        to_js(&ranking)
    }

    /// Assesses a record before and after some changes (`null` removes a field).
    ///
    /// # Errors
    /// As `assess`, for either record.
    #[wasm_bindgen(js_name = whatIf, unchecked_return_type = "WhatIf")]
    pub fn what_if(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EvidenceRecord")] record: JsValue,
        #[wasm_bindgen(unchecked_param_type = "EvidenceRecord")] changes: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: Option<JsValue>,
    ) -> JsResult {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let lang = lang(&options)?;
        let Json::Object(changes) = from_js(&changes)? else {
            return Err(usage(
                "whatIf: changes must be an object of field to new value",
            ));
        };
        let record = to_record(&record)?;
        if strict(&options)? {
            ok(self
                .inner
                .check_record_columns(&record.with_changes(&changes), true))?;
        }
        ok(self.inner.what_if(&record, &changes, lang))
    }

    /// Runs the pack's test vectors: `{pack, ran, failures}`.
    ///
    /// # Errors
    /// A `pack` error when the vectors file cannot be read.
    #[wasm_bindgen(unchecked_return_type = "CheckReport")]
    pub fn check(&self) -> JsResult {
        ok(self.inner.check())
    }

    /// An assessment (as returned by `assess`) as an SVG radar chart: the core's renderer,
    /// so the picture is the one in `matang report`. `options.previous` is last year's
    /// assessment of the item, drawn dashed.
    ///
    /// # Errors
    /// A `usage` error when `assessment` (or `options.previous`) is not an assessment.
    #[wasm_bindgen(js_name = radarSvg)]
    pub fn radar_svg(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Assessment")] assessment: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RadarOptions")] options: Option<JsValue>,
    ) -> JsResult<String> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let lang = lang(&options)?;
        let parse = |v: &JsValue| -> JsResult<matang::Assessment> {
            serde_json::from_value(from_js(v)?)
                .map_err(|e| usage(&format!("radarSvg: not an assessment: {e}")))
        };
        let a = parse(&assessment)?;
        let prev = option(&options, "previous");
        let prev = if prev.is_undefined() || prev.is_null() {
            None
        } else {
            Some(parse(&prev)?)
        };
        Ok(matang::svg::radar_svg(&self.inner, &a, prev.as_ref(), lang))
    }

    /// The pack's methodology document, as `matang doc` writes it: a self-contained HTML page
    /// (printable on A4) saying how items are scored. `options.lang`: "id" (default) or "en".
    ///
    /// # Errors
    /// A `usage` error when `options.lang` is not a language.
    #[wasm_bindgen(js_name = methodologyHtml)]
    pub fn methodology_html(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "LangOptions")] options: Option<JsValue>,
    ) -> JsResult<String> {
        let lang = lang(&options.unwrap_or(JsValue::UNDEFINED))?;
        Ok(matang::render::method_html(&self.inner, lang))
    }

    /// The records of the pack's test vectors, as `[{id, record}]`.
    ///
    /// # Errors
    /// A `pack` error when the vectors file cannot be read.
    #[wasm_bindgen(js_name = vectorRecords, unchecked_return_type = "{ id: string; record: EvidenceRecord }[]")]
    pub fn vector_records(&self) -> JsResult {
        let list = self.inner.vector_records().map_err(|e| to_js_error(&e))?;
        let items: Vec<Json> = list
            .into_iter()
            .map(|(id, r)| serde_json::json!({ "id": id, "record": Json::Object(r.fields) }))
            .collect();
        to_js(&items)
    }
}

impl Pack {
    /// Checks the keys of `records` once (`matang::ColumnCheck`): the warning for the
    /// ignored ones.
    fn check_columns(&self, records: &[matang::Record], strict: bool) -> JsResult<Option<String>> {
        let mut check = matang::ColumnCheck::new(&self.inner, "", strict);
        check.check_records(records).map_err(|e| to_js_error(&e))?;
        Ok(check.warning())
    }
}

/// `options.previous` as previous totals (records checked as `rank`'s own, their
/// column warning added to `warnings`).
fn previous(
    pack: &Pack,
    value: &JsValue,
    strict: bool,
    warnings: &mut Vec<String>,
) -> JsResult<Option<matang::Previous>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if Array::is_array(value) {
        let records = to_records(value)?;
        warnings.extend(pack.check_columns(&records, strict)?);
        return Ok(Some(pack.inner.previous_totals(&records)));
    }
    let Json::Object(map) = from_js(value)? else {
        return Err(usage(
            "options.previous must be an array of records or an object of id to total",
        ));
    };
    let mut prev = matang::Previous::default();
    for (id, v) in map {
        match v.as_f64() {
            Some(t) => {
                prev.totals.insert(id, t);
            }
            None => prev
                .warnings
                .push(format!("previous total of '{id}' is not a number")),
        }
    }
    Ok(Some(prev))
}

/// Installs nothing; exists so `init()` callers can check the module version.
#[wasm_bindgen(js_name = version)]
#[must_use]
pub fn module_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
