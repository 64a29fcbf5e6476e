//! `matang::Error` as a JS `Error` carrying the same fields as in Rust:
//! `kind` always; `file`/`line`/`column` for pack and rule errors; `record` for evidence
//! and rule errors; `problems` (`[{field, message}]`) for evidence errors;
//! `source`/`line` for input errors and `path` for io errors.

use js_sys::{Array, Object, Reflect};
use matang::Error;
use wasm_bindgen::prelude::*;

fn set(target: &JsValue, key: &str, value: impl Into<JsValue>) {
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), &value.into());
}

fn error(kind: &str, message: &str) -> JsValue {
    let e = js_sys::Error::new(message);
    e.set_name("MatangError");
    let v: JsValue = e.into();
    set(&v, "kind", kind);
    v
}

/// A usage error raised by the binding itself (a wrong argument type).
pub(crate) fn usage(message: &str) -> JsValue {
    error("usage", message)
}

fn location(v: &JsValue, location: &matang::Location) {
    set(v, "file", location.file.as_str());
    #[allow(clippy::cast_precision_loss)]
    {
        set(v, "line", location.line as f64);
        set(v, "column", location.column as f64);
    }
}

/// The JS `Error` for a matang error.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn to_js_error(e: &Error) -> JsValue {
    let v = error(e.kind(), &e.to_string());
    match e {
        Error::Pack {
            location: loc,
            message,
        } => {
            location(&v, loc);
            set(&v, "detail", message.as_str());
        }
        Error::Evidence { record, problems } => {
            set(&v, "record", record.as_str());
            let list = Array::new();
            for p in problems {
                let o = Object::new();
                set(&o, "field", p.field.as_str());
                set(&o, "message", p.message.as_str());
                list.push(&o);
            }
            set(&v, "problems", list);
        }
        Error::Rule {
            record,
            location: loc,
            message,
        } => {
            set(&v, "record", record.as_str());
            location(&v, loc);
            set(&v, "detail", message.as_str());
        }
        Error::Input {
            source_name,
            line,
            message,
        } => {
            set(&v, "source", source_name.as_str());
            set(&v, "line", *line as f64);
            set(&v, "detail", message.as_str());
        }
        Error::Io { path, message } => {
            set(&v, "path", path.as_str());
            set(&v, "detail", message.as_str());
        }
        Error::Usage(_) => {}
    }
    v
}
