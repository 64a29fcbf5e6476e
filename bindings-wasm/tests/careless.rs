//! Careless records through the JS-facing API: a misnamed key throws with a suggestion,
//! other unknown keys are named in the result's `warnings` (or throw with `strict`), and
//! an id is ranked once. Run as `node.rs` is (wasm-bindgen-test in Node).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use matang_wasm::Pack;
use serde_json::{Value as Json, json};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

fn js(v: &Json) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap()
}

fn rs(v: &JsValue) -> Json {
    serde_json::from_str(&js_sys::JSON::stringify(v).unwrap().as_string().unwrap()).unwrap()
}

fn message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .unwrap()
        .as_string()
        .unwrap()
}

fn kind(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"kind".into())
        .unwrap()
        .as_string()
        .unwrap()
}

fn record(id: &str) -> Json {
    json!({"id": id, "assessed_on": "2019-10-01", "stage": "live", "go_live_date": "2018-01-01"})
}

const SUGGESTION: &str =
    "column 'go_live' is not a field of pack 'smart-city-quickwin'; did you mean 'go_live_date'?";

#[wasm_bindgen_test]
fn a_misnamed_key_throws_with_a_suggestion() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let bad =
        json!({"id": "a", "assessed_on": "2019-10-01", "stage": "live", "go_live": "2018-01-01"});
    let e = pack.assess(js(&bad), None).unwrap_err();
    assert_eq!(kind(&e), "evidence");
    assert!(message(&e).contains(SUGGESTION), "{}", message(&e));
    let e = pack
        .assess_many(js(&json!([record("b"), bad])), None)
        .unwrap_err();
    assert_eq!(
        (kind(&e), message(&e)),
        ("input".to_string(), SUGGESTION.to_string())
    );
    let e = pack.rank(js(&json!([record("b"), bad])), None).unwrap_err();
    assert_eq!(message(&e), SUGGESTION);
    let options = js(&json!({"previous": [bad]}));
    let e = pack
        .rank(js(&json!([record("b")])), Some(options))
        .unwrap_err();
    assert_eq!(message(&e), SUGGESTION);
    let e = pack
        .what_if(
            js(&record("b")),
            js(&json!({"go_live": "2019-01-01"})),
            None,
        )
        .unwrap_err();
    assert!(message(&e).contains(SUGGESTION), "{}", message(&e));
}

#[wasm_bindgen_test]
fn other_unknown_keys_are_warnings_or_refused_when_strict() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let mut extra = record("a");
    extra["colour"] = json!("red");
    let want = "column 'colour' is not a field of pack 'smart-city-quickwin' and is ignored";
    let a = rs(&pack.assess(js(&extra), None).unwrap());
    assert_eq!(a["warnings"], json!([want]));
    let many = rs(&pack
        .assess_many(js(&json!([extra, record("b")])), None)
        .unwrap()
        .into());
    assert_eq!(many[0]["value"]["warnings"], json!([want]));
    let ranking = rs(&pack.rank(js(&json!([extra, record("b")])), None).unwrap());
    assert_eq!(ranking["warnings"], json!([want]));
    let strict = || Some(js(&json!({"strict": true})));
    for e in [
        pack.assess(js(&extra), strict()).unwrap_err(),
        pack.assess_many(js(&json!([extra])), strict()).unwrap_err(),
        pack.rank(js(&json!([extra])), strict()).unwrap_err(),
        pack.what_if(js(&record("a")), js(&json!({"colour": "red"})), strict())
            .unwrap_err(),
    ] {
        assert!(
            message(&e).contains("column 'colour' is not a field"),
            "{}",
            message(&e)
        );
    }
    assert!(pack.assess(js(&record("a")), strict()).is_ok());
    let e = pack
        .assess(js(&record("a")), Some(js(&json!({"strict": "yes"}))))
        .unwrap_err();
    assert_eq!(kind(&e), "usage");
}

#[wasm_bindgen_test]
fn rank_selects_an_id_once_and_names_both_items() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let records = json!([record("QW-A"), record("QW-B"), record("QW-A")]);
    let ranking = rs(&pack
        .rank(js(&records), Some(js(&json!({"top": 4}))))
        .unwrap());
    let items = ranking["ranking"].as_array().unwrap();
    let ranked_a = items
        .iter()
        .filter(|r| r["id"] == "QW-A" && r["error"].is_null());
    assert_eq!(ranked_a.count(), 1, "{items:?}");
    let errors: Vec<&str> = items.iter().filter_map(|r| r["error"].as_str()).collect();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains("id 'QW-A' appears twice: item 1 and item 3"),
        "{}",
        errors[0]
    );
}
