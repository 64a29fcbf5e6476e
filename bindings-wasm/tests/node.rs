//! The binding in Node (wasm-bindgen-test's default runner), through the same JS-facing
//! methods a web page calls:
//!
//! ```sh
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test -p matang-wasm --target wasm32-unknown-unknown
//! ```
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::float_cmp)]

use matang_wasm::Pack;
use serde_json::{Value as Json, json};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

/// Records assessed both here and by the native Rust core (see `expected.json`).
const RECORDS: &str = include_str!("data/records.json");
/// Native results for `RECORDS` (`matang assess --format json`), per id: total, score_100, level id.
const EXPECTED: &str = include_str!("data/expected.json");

fn js(v: &Json) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap()
}

fn rs(v: &JsValue) -> Json {
    serde_json::from_str(&js_sys::JSON::stringify(v).unwrap().as_string().unwrap()).unwrap()
}

fn prop(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn lang(l: &str) -> Option<JsValue> {
    Some(js(&json!({ "lang": l })))
}

#[wasm_bindgen_test]
fn every_builtin_pack_passes_its_vectors_through_the_js_api() {
    let ids = Pack::builtin_ids();
    assert!(!ids.is_empty());
    for id in ids {
        let pack = Pack::builtin(&id).unwrap();
        let report = rs(&pack.check().unwrap());
        // The same report as the native core gives (vectors run inside the same engine).
        let native =
            serde_json::to_value(matang::Pack::builtin(&id).unwrap().check().unwrap()).unwrap();
        assert_eq!(report, native, "pack {id}");
        let failures = report["failures"].as_array().unwrap();
        let missing =
            failures.len() == 1 && failures[0].as_str().unwrap().contains("no test vectors");
        if missing {
            // Not a binding failure: the pack ships no vectors.toml yet.
            continue;
        }
        assert!(failures.is_empty(), "pack {id}: {failures:#?}");
        assert!(
            report["ran"].as_u64().unwrap() > 0,
            "pack {id} ran no vectors"
        );
        // And every vector record assesses through `assess` exactly as through `assessMany`.
        let vectors = rs(&pack.vector_records().unwrap());
        let records: Vec<Json> = vectors
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["record"].clone())
            .collect();
        let many = rs(&pack
            .assess_many(js(&Json::Array(records.clone())), lang("en"))
            .unwrap()
            .into());
        for (r, env) in records.iter().zip(many.as_array().unwrap()) {
            match pack.assess(js(r), lang("en")) {
                Ok(a) => assert_eq!(rs(&a), env["value"]),
                Err(_) => assert_eq!(env["ok"], json!(false)),
            }
        }
    }
}

#[wasm_bindgen_test]
fn assessments_match_the_native_results() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let expected: Json = serde_json::from_str(EXPECTED).unwrap();
    let records: Json = serde_json::from_str(RECORDS).unwrap();
    for r in records.as_array().unwrap() {
        let a = rs(&pack.assess(js(r), lang("en")).unwrap());
        let id = a["id"].as_str().unwrap();
        let e = &expected[id];
        assert!(
            (a["total"].as_f64().unwrap() - e["total"].as_f64().unwrap()).abs() < 1e-9,
            "{id}: {a:#}"
        );
        assert!(
            (a["score_100"].as_f64().unwrap() - e["score_100"].as_f64().unwrap()).abs() < 1e-9,
            "{id}"
        );
        assert_eq!(a["level"]["id"], e["level"], "{id}");
        assert_eq!(a["lang"], json!("en"));
        assert_eq!(a["pack"]["id"], json!("smart-city-quickwin"));
        // Indonesian labels come from the same pack.
        let id_a = rs(&pack.assess(js(r), lang("id")).unwrap());
        assert_eq!(id_a["total"], a["total"]);
        assert_eq!(id_a["lang"], json!("id"));
    }
}

#[wasm_bindgen_test]
fn results_are_plain_objects_with_rust_field_names() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let records: Json = serde_json::from_str(RECORDS).unwrap();
    let a = pack.assess(js(&records[0]), None).unwrap();
    assert!(!a.is_instance_of::<js_sys::Map>());
    for key in [
        "total",
        "score_100",
        "level",
        "dimensions",
        "gates",
        "next_level",
        "evidence",
        "pack",
    ] {
        assert!(
            js_sys::Reflect::has(&a, &JsValue::from_str(key)).unwrap(),
            "{key}"
        );
    }
    // Default language is Indonesian.
    assert_eq!(prop(&a, "lang").as_string().unwrap(), "id");
    let schema = rs(&pack.schema().unwrap());
    let stage = schema
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "stage")
        .unwrap();
    assert_eq!(stage["type"], json!("enum"));
    assert_eq!(stage["label"]["en"], json!("Stage"));
    assert_eq!(rs(&pack.levels().unwrap()).as_array().unwrap().len(), 5);
    assert_eq!(rs(&pack.dimensions().unwrap()).as_array().unwrap().len(), 5);
    assert_eq!(pack.id(), "smart-city-quickwin");
    assert_eq!(pack.fingerprint().len(), 64);
}

#[wasm_bindgen_test]
fn evidence_errors_are_js_errors_with_record_and_problems() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let e = pack
        .assess(js(&json!({"id": "X", "assessed_on": "2019-10-01", "stage": "nope", "trained_staff": -3})), lang("en"))
        .unwrap_err();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(prop(&e, "kind").as_string().unwrap(), "evidence");
    // The core quotes the id in `record` ("'X'"); the binding passes it through unchanged.
    assert!(prop(&e, "record").as_string().unwrap().contains('X'));
    let problems = rs(&prop(&e, "problems"));
    let fields: Vec<&str> = problems
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["stage", "trained_staff"]);
}

// Custom packs need the TOML parser (`--features toml`, matang_toml_bg.wasm); run-tests.sh
// runs this file with and without it.
#[cfg(feature = "toml")]
#[wasm_bindgen_test]
fn pack_errors_carry_file_line_and_column() {
    let files = js(&json!({"pack.toml": "[pack]\nid = 3\n"}));
    let e = Pack::from_files(files).err().unwrap();
    assert_eq!(prop(&e, "kind").as_string().unwrap(), "pack");
    assert_eq!(prop(&e, "file").as_string().unwrap(), "pack.toml");
    assert_eq!(prop(&e, "line").as_f64().unwrap(), 2.0);
    assert!(prop(&e, "column").as_f64().unwrap() > 0.0);
    let e = Pack::builtin("nope").err().unwrap();
    assert_eq!(prop(&e, "kind").as_string().unwrap(), "usage");
}

#[cfg(not(feature = "toml"))]
#[wasm_bindgen_test]
fn without_the_toml_parser_only_builtin_packs_load() {
    let e = Pack::from_files(js(&json!({"pack.toml": "[pack]\nid = 3\n"})))
        .err()
        .unwrap();
    assert_eq!(prop(&e, "kind").as_string().unwrap(), "pack");
    let message = prop(&e, "message").as_string().unwrap();
    assert!(message.contains("matang_toml_bg.wasm"), "{message}");
}

#[wasm_bindgen_test]
fn from_files_accepts_an_object_and_a_map() {
    let builtin = matang::Pack::builtin("smart-city-quickwin").unwrap();
    let files: serde_json::Map<String, Json> = builtin
        .files()
        .iter()
        .map(|(k, v)| (k.clone(), Json::String(v.clone())))
        .collect();
    let pack = Pack::from_files(js(&Json::Object(files.clone()))).unwrap();
    assert_eq!(pack.fingerprint(), builtin.fingerprint());
    let map = js_sys::Map::new();
    for (k, v) in &files {
        map.set(
            &JsValue::from_str(k),
            &JsValue::from_str(v.as_str().unwrap()),
        );
    }
    assert_eq!(
        Pack::from_files(map.into()).unwrap().fingerprint(),
        builtin.fingerprint()
    );
}

/// `score` and `scoreMany` are the numbers of `assess` and `assessMany`, as in Rust and Python.
#[wasm_bindgen_test]
fn score_and_score_many_give_the_numbers_of_assess() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let mut records: Json = serde_json::from_str(RECORDS).unwrap();
    records
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "BAD", "stage": "live"}));
    let assessed = rs(&pack.assess_many(js(&records), lang("en")).unwrap().into());
    let scored = rs(&pack.score_many(js(&records), None).unwrap().into());
    for (a, s) in assessed
        .as_array()
        .unwrap()
        .iter()
        .zip(scored.as_array().unwrap())
    {
        assert_eq!(a["ok"], s["ok"]);
        if a["ok"] == json!(true) {
            let (a, s) = (&a["value"], &s["value"]);
            assert_eq!(a["total"], s["total"]);
            assert_eq!(a["level"]["rank"], s["level"]);
            assert_eq!(a["eligible"], s["eligible"]);
            let one = rs(&pack.score(js(&records[0]), None).unwrap());
            assert_eq!(one["total"], scored[0]["value"]["total"]);
        }
    }
    assert_eq!(scored[2]["ok"], json!(false));
}

#[wasm_bindgen_test]
fn assess_many_rank_and_what_if() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let mut records: Json = serde_json::from_str(RECORDS).unwrap();
    records
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "BAD", "stage": "live"}));
    let many = rs(&pack.assess_many(js(&records), lang("en")).unwrap().into());
    let oks: Vec<bool> = many
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["ok"].as_bool().unwrap())
        .collect();
    assert_eq!(oks, [true, true, false]);
    let env = pack.assess_many(js(&records), lang("en")).unwrap().get(2);
    let err = prop(&env, "error");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(prop(&err, "kind").as_string().unwrap(), "evidence");

    let ranking = rs(&pack
        .rank(
            js(&records),
            Some(js(
                &json!({"top": 1, "previous": {"QW-SATRIO": 3.0}, "lang": "en"}),
            )),
        )
        .unwrap());
    assert_eq!(ranking["top"], json!(1));
    assert_eq!(ranking["ranking"][0]["id"], json!("QW-SATRIO"));
    assert_eq!(
        ranking["ranking"][0]["progress"]["previous_total"].as_f64(),
        Some(3.0)
    );
    assert_eq!(ranking["ranking"].as_array().unwrap().len(), 3);
    // Previous as records gives the same totals as assessing them.
    let again = rs(&pack
        .rank(
            js(&records),
            Some(js(&json!({"previous": records.clone()}))),
        )
        .unwrap());
    for item in again["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["total"].is_null())
    {
        assert_eq!(
            item["progress"]["previous_total"], item["total"],
            "{item:#}"
        );
    }

    let w = rs(&pack
        .what_if(
            js(&records[1]),
            js(&json!({"stage": "live", "go_live_date": "2019-01-01"})),
            lang("en"),
        )
        .unwrap());
    assert!(w["total_delta"].as_f64().unwrap() > 0.0, "{w:#}");
    assert_eq!(
        w["before"]["total"],
        rs(&pack.assess(js(&records[1]), lang("en")).unwrap())["total"]
    );
}

#[wasm_bindgen_test]
fn bad_options_are_usage_errors() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let e = pack
        .assess(js(&json!({"id": "a"})), lang("fr"))
        .unwrap_err();
    assert_eq!(prop(&e, "kind").as_string().unwrap(), "usage");
    let e = pack.assess(js(&json!([1, 2])), None).unwrap_err();
    assert_eq!(prop(&e, "kind").as_string().unwrap(), "usage");
    let e = pack
        .rank(js(&json!([])), Some(js(&json!({"top": -1}))))
        .unwrap_err();
    assert_eq!(prop(&e, "kind").as_string().unwrap(), "usage");
}

#[wasm_bindgen_test]
fn radar_svg_is_the_cores_picture() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let now = json!({"id": "QW-1", "name": "Pasar <&>", "assessed_on": "2019-10-01", "stage": "live",
        "go_live_date": "2019-02-01", "legal_basis": "perbup", "trained_staff": 3});
    let before = json!({"id": "QW-1", "assessed_on": "2018-10-01", "stage": "pilot"});
    let a = pack.assess(js(&now), lang("en")).unwrap();
    let prev = pack.assess(js(&before), lang("en")).unwrap();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"lang".into(), &"en".into()).unwrap();
    js_sys::Reflect::set(&options, &"previous".into(), &prev).unwrap();
    let svg = pack.radar_svg(a.clone(), Some(options.into())).unwrap();
    // Identical to the native renderer's output for the same assessment.
    let native_pack = matang::Pack::builtin("smart-city-quickwin").unwrap();
    let native: matang::Assessment = serde_json::from_value(rs(&a)).unwrap();
    let native_prev: matang::Assessment = serde_json::from_value(rs(&prev)).unwrap();
    assert_eq!(
        svg,
        matang::svg::radar_svg(&native_pack, &native, Some(&native_prev), matang::Lang::En)
    );
    assert!(svg.starts_with("<svg") && svg.contains(r#"class="previous""#));
    assert!(svg.contains("Pasar &lt;&amp;&gt;") && svg.contains("Readiness"));
    assert!(pack.radar_svg(js(&json!({"id": 1})), None).is_err());
}

/// A pack whose three levels have `colors`, for the colour tests.
#[cfg(feature = "toml")]
fn pack_with_colors(colors: [&str; 3]) -> Pack {
    let mut toml = String::from(
        "[pack]\nid = \"c\"\nversion = \"0\"\nname = \"c\"\n\
         [[field]]\nid = \"x\"\ntype = \"number\"\nlabel = \"x\"\n\
         [[dimension]]\nid = \"D\"\nweight = 1\nlabel = \"D\"\n\
         [[indicator]]\nid = \"i\"\ndimension = \"D\"\nlabel = \"i\"\nrule = \"x\"\n",
    );
    for (i, color) in colors.iter().enumerate() {
        toml.push_str(&format!(
            "[[level]]\nrank = {r}\nid = \"l{r}\"\nmin = {i}\nlabel = \"L{r}\"\ncolor = '{color}'\n",
            r = i + 1
        ));
    }
    Pack::from_files(js(&json!({ "pack.toml": toml }))).unwrap()
}

#[cfg(feature = "toml")]
#[wasm_bindgen_test]
fn level_colors_that_are_not_plain_css_colors_are_null() {
    let pack = pack_with_colors(["red;background:url(//evil)", "#1a5276", "rgb(1 2 3 / 50%)"]);
    let colors: Vec<Json> = rs(&pack.levels().unwrap())
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["color"].clone())
        .collect();
    assert_eq!(
        colors,
        [Json::Null, json!("#1a5276"), json!("rgb(1 2 3 / 50%)")]
    );
}

#[wasm_bindgen_test]
fn entries_are_read_in_the_forms_language_by_the_core() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let typed = json!({"uptime_pct": "99,5", "budget_idr": "150.000.000", "sop_available": "ya",
        "dedicated_admin": "0", "trained_staff": "1.5"});
    let id = rs(&pack.read_entry(js(&typed), lang("id")).unwrap());
    assert_eq!(id["record"]["uptime_pct"], json!(99.5));
    assert_eq!(id["record"]["budget_idr"], json!(150_000_000));
    assert_eq!(id["record"]["sop_available"], json!(true));
    assert_eq!(id["record"]["dedicated_admin"], json!(false));
    assert_eq!(id["texts"]["uptime_pct"], json!("99,5"));
    assert_eq!(id["problems"][0]["field"], json!("trained_staff"));
    assert!(
        id["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("tidak jelas")
    );
    assert_eq!(id["missing"], json!(["assessed_on", "stage"]));
    // The same text in the English form: `99,5` and `150.000.000` are refused, never misread.
    let en = rs(&pack.read_entry(js(&typed), lang("en")).unwrap());
    let fields: Vec<&str> = en["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    // Schema order; `1.5` is read in English, but staff are counted in whole people.
    assert_eq!(fields, ["trained_staff", "budget_idr", "uptime_pct"]);
    assert!(
        en["problems"][1]["message"]
            .as_str()
            .unwrap()
            .contains("ambiguous")
    );
    assert_eq!(en["record"]["dedicated_admin"], json!(false));
}

#[wasm_bindgen_test]
fn assess_entry_scores_what_is_valid_and_says_what_is_still_needed() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let incomplete = rs(&pack
        .assess_entry(js(&json!({"stage": "live"})), lang("en"))
        .unwrap());
    assert_eq!(incomplete["assessment"], Json::Null);
    assert_eq!(incomplete["missing"], json!(["assessed_on"]));
    let partial = rs(&pack
        .assess_entry(
            js(&json!({"assessed_on": "2019-10-01", "stage": "live", "trained_staff": "-3"})),
            Some(js(&json!({"lang": "en", "id": "QW-9"}))),
        )
        .unwrap());
    assert_eq!(partial["assessment"]["id"], json!("QW-9"));
    assert_eq!(partial["problems"][0]["field"], json!("trained_staff"));
    // The quickwin pack (v2) scores blank evidence as not shown: nothing waits for evidence.
    assert_eq!(partial["needed"], json!([]));
    // A pack that leaves blanks out says which dimensions still wait, and for what.
    let spbe = Pack::builtin("spbe").unwrap();
    let partial = rs(&spbe
        .assess_entry(js(&json!({"year": 2023, "d1": 2.5})), lang("en"))
        .unwrap());
    let needed = partial["needed"].as_array().unwrap();
    let dims: Vec<_> = needed
        .iter()
        .map(|n| n["dimension"].as_str().unwrap())
        .collect();
    assert_eq!(dims, ["D2", "D3", "D4"], "{needed:#?}");
    assert_eq!(needed[0]["indicators_needed"], json!(1));
    assert!(
        needed[0]["fields"]
            .as_array()
            .unwrap()
            .contains(&json!("d2"))
    );
    let records: Json = serde_json::from_str(RECORDS).unwrap();
    let full = rs(&pack.assess_entry(js(&records[0]), lang("en")).unwrap());
    assert_eq!(full["needed"], json!([]));
    // The widget's advice: the next-level plan in evidence terms, as the core finds it.
    let native = matang::Pack::builtin("smart-city-quickwin").unwrap();
    let mut record = records[0].clone();
    record["id"] = json!("calculator");
    let record = matang::Record::from_json(record).unwrap();
    if let Some(plan) = native.next_level_plan(&record, matang::Lang::En).unwrap()
        && plan.reached
    {
        assert_eq!(full["plan"], serde_json::to_value(&plan.changes).unwrap());
        assert_eq!(
            full["assessment"]["next_level"]["plan"]["text"],
            json!(plan.text)
        );
    }
    assert_eq!(
        full["assessment"]["total"],
        rs(&pack.assess(js(&records[0]), lang("en")).unwrap())["total"]
    );
}

#[wasm_bindgen_test]
fn every_builtin_packs_examples_give_a_score_on_evidence() {
    // What the calculator's "Fill example" button enters: every field's example.
    for id in Pack::builtin_ids() {
        let pack = Pack::builtin(&id).unwrap();
        let mut examples = serde_json::Map::new();
        for f in rs(&pack.schema().unwrap()).as_array().unwrap() {
            if !f["example"].is_null() {
                examples.insert(f["id"].as_str().unwrap().to_string(), f["example"].clone());
            }
        }
        for lang_code in ["id", "en"] {
            let r = rs(&pack
                .assess_entry(js(&Json::Object(examples.clone())), lang(lang_code))
                .unwrap());
            assert_eq!(r["problems"], json!([]), "pack {id}");
            assert_eq!(
                r["missing"],
                json!([]),
                "pack {id}: required fields without an example"
            );
            assert!(r["assessment"].is_object(), "pack {id}");
            assert_eq!(
                r["needed"],
                json!([]),
                "pack {id}: the example leaves dimensions without evidence"
            );
        }
    }
}

#[wasm_bindgen_test]
fn the_methodology_document_is_the_cores() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let native = matang::Pack::builtin("smart-city-quickwin").unwrap();
    for (l, native_lang) in [("id", matang::Lang::Id), ("en", matang::Lang::En)] {
        let html = pack.methodology_html(lang(l)).unwrap();
        assert_eq!(html, matang::render::method_html(&native, native_lang));
    }
    assert!(
        pack.methodology_html(lang("en"))
            .unwrap()
            .contains("Trained staff")
    );
    assert!(pack.methodology_html(lang("fr")).is_err());
}
