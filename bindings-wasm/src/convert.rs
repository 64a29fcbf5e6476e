//! Values across the boundary: JS values go in through `JSON.stringify` and come out
//! through `JSON.parse`, so results are plain objects with exactly the Rust JSON field
//! names (no `Map`s, `null` rather than `undefined`), and there is no logic here.

use crate::errors::usage;
use js_sys::{JSON, Reflect};
use matang::Lang;
use serde_json::Value as Json;
use wasm_bindgen::prelude::*;

/// A serde value as a plain JS value.
pub(crate) fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| usage(&format!("cannot serialise result: {e}")))?;
    JSON::parse(&text)
}

/// A JS value as JSON (`undefined` becomes `null`; `Date`s become ISO strings).
pub(crate) fn from_js(value: &JsValue) -> Result<Json, JsValue> {
    if value.is_undefined() {
        return Ok(Json::Null);
    }
    let text = JSON::stringify(value)?;
    let text = text.as_string().unwrap_or_else(|| "null".to_string());
    serde_json::from_str(&text).map_err(|e| usage(&format!("cannot read value: {e}")))
}

/// A JS object as a record.
pub(crate) fn record(value: &JsValue) -> Result<matang::Record, JsValue> {
    matang::Record::from_json(from_js(value)?).map_err(|e| crate::errors::to_js_error(&e))
}

/// A JS array of objects as records.
pub(crate) fn records(value: &JsValue) -> Result<Vec<matang::Record>, JsValue> {
    match from_js(value)? {
        Json::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let mut r =
                    matang::Record::from_json(v).map_err(|e| crate::errors::to_js_error(&e))?;
                r.origin = Some(format!("item {}", i + 1));
                Ok(r)
            })
            .collect(),
        other => Err(usage(&format!(
            "records must be an array of objects, got {other}"
        ))),
    }
}

/// A property of an options object (`undefined` when the options or the property are absent).
pub(crate) fn option(options: &JsValue, name: &str) -> JsValue {
    if options.is_object() {
        Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// `options.lang`: `"id"` (default) or `"en"`.
pub(crate) fn lang(options: &JsValue) -> Result<Lang, JsValue> {
    let v = option(options, "lang");
    if v.is_undefined() || v.is_null() {
        return Ok(Lang::default());
    }
    let s = v
        .as_string()
        .ok_or_else(|| usage("options.lang must be \"id\" or \"en\""))?;
    s.parse::<Lang>()
        .map_err(|e| crate::errors::to_js_error(&e))
}

/// `options.strict`: unknown columns are refused instead of ignored (default false).
pub(crate) fn strict(options: &JsValue) -> Result<bool, JsValue> {
    let v = option(options, "strict");
    if v.is_undefined() || v.is_null() {
        return Ok(false);
    }
    v.as_bool()
        .ok_or_else(|| usage("options.strict must be true or false"))
}
