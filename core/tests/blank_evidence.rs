//! What a blank field means, per field: `missing = "unmet"` (not shown: the indicator scores
//! the minimum, so leaving evidence out never raises a score), `"not_applicable"` (left out,
//! with the pack's stated reason shown) or the default (left out).
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;
use common::{files, record};
use matang::{Lang, Pack};
use serde_json::json;

fn pack(x2_policy: &str) -> matang::Result<Pack> {
    let toml = format!(
        r#"
[pack]
id = "t"
version = "0"
name = "t"
scale = {{ min = 1, max = 5, decimals = 2 }}
[aggregation]
missing = "exclude"
[[field]]
id = "x1"
type = "number"
label = "x1"
[[field]]
id = "x2"
type = "number"
label = {{ id = "bukti dua", en = "evidence two" }}
{x2_policy}
[[field]]
id = "y"
type = "number"
missing = "unmet"
label = "y"
[[derive]]
id = "y2"
rule = "if y == () {{ () }} else {{ y }}"
[[dimension]]
id = "A"
weight = 1
label = "A"
[[dimension]]
id = "B"
weight = 1
label = "B"
[[indicator]]
id = "a1"
dimension = "A"
label = "a1"
rule = "x1"
[[indicator]]
id = "a2"
dimension = "A"
label = "a2"
rule = "x2"
[[indicator]]
id = "a3"
dimension = "A"
label = "a3"
rule = "if x2 == () {{ 5 }} else {{ 1 }}"
[[indicator]]
id = "b1"
dimension = "B"
label = "b1"
rule = "y2"
[[level]]
rank = 1
id = "l1"
min = 0
label = "L1"
"#
    );
    files(&[("pack.toml", &toml)])
}

fn indicator<'a>(a: &'a matang::Assessment, id: &str) -> &'a matang::IndicatorScore {
    a.indicators.iter().find(|i| i.id == id).unwrap()
}

#[test]
fn unmet_blank_scores_the_minimum_with_a_reason() {
    let p = pack("missing = \"unmet\"").unwrap();
    let a = p
        .assess(&record(json!({"x1": 5, "y": 5})), Lang::Id)
        .unwrap();
    let a2 = indicator(&a, "a2");
    assert_eq!(a2.score, Some(1.0));
    assert!(
        a2.reason.contains("belum ditunjukkan: bukti dua"),
        "{}",
        a2.reason
    );
    // A rule that scores the blank itself keeps its own score.
    assert_eq!(indicator(&a, "a3").score, Some(5.0));
    // A = (5 + 1 + 5) / 3, B = 5.
    assert!((a.dimensions[0].score.unwrap() - 11.0 / 3.0).abs() < 1e-12);
    assert_eq!(a.dimensions[0].present, 3);
}

#[test]
fn unmet_reaches_through_derived_values() {
    let p = pack("").unwrap();
    let a = p
        .assess(&record(json!({"x1": 5, "x2": 5})), Lang::En)
        .unwrap();
    let b1 = indicator(&a, "b1");
    assert_eq!(b1.score, Some(1.0));
    assert!(b1.reason.contains("not shown: y"), "{}", b1.reason);
    assert_eq!(a.dimensions[1].score, Some(1.0));
}

#[test]
fn default_and_not_applicable_leave_the_indicator_out() {
    let left_out = pack("").unwrap();
    let a = left_out
        .assess(&record(json!({"x1": 5, "y": 5})), Lang::En)
        .unwrap();
    assert_eq!(indicator(&a, "a2").score, None);
    assert!(indicator(&a, "a2").reason.starts_with("no evidence"));

    let na = pack(
        "missing = \"not_applicable\"\nmissing_reason = { id = \"tidak ada evaluasi lalu\", en = \"no earlier evaluation\" }",
    )
    .unwrap();
    let a = na
        .assess(&record(json!({"x1": 5, "y": 5})), Lang::En)
        .unwrap();
    let a2 = indicator(&a, "a2");
    assert_eq!(a2.score, None);
    assert_eq!(
        a2.reason,
        "not applicable: evidence two (no earlier evaluation)"
    );
    let a = na
        .assess(&record(json!({"x1": 5, "y": 5})), Lang::Id)
        .unwrap();
    assert_eq!(
        indicator(&a, "a2").reason,
        "tidak berlaku: bukti dua (tidak ada evaluasi lalu)"
    );
}

#[test]
fn blanking_an_unmet_field_never_raises_the_total() {
    let p = pack("missing = \"unmet\"").unwrap();
    let full = p.score(&record(json!({"x1": 5, "x2": 1, "y": 1}))).unwrap();
    let blank = p.score(&record(json!({"x1": 5, "y": 1}))).unwrap();
    // a2 falls to 1 either way, but a3 (which rewards a blank) rises: the pack's own rule.
    assert!(blank.total >= full.total);
    let left_out = pack("").unwrap();
    let blank_left_out = left_out.score(&record(json!({"x1": 5, "y": 1}))).unwrap();
    assert!(blank.total < blank_left_out.total);
}

#[test]
fn batch_and_row_paths_agree_on_blanks() {
    let p = pack("missing = \"unmet\"").unwrap();
    let records: Vec<_> = [
        json!({"id": "a", "x1": 5}),
        json!({"id": "b", "x1": 5, "x2": 4}),
        json!({"id": "c", "y": 3}),
        json!({"id": "d"}),
        json!({"id": "e", "x1": 2, "x2": 3, "y": 4}),
    ]
    .into_iter()
    .map(record)
    .collect();
    let many = p.score_many(&records);
    for (r, s) in records.iter().zip(many) {
        let s = s.unwrap();
        let one = p.assess(r, Lang::En).unwrap();
        assert_eq!(s.total.to_bits(), one.total.to_bits(), "{}", one.id);
        assert_eq!(s.level, one.level.rank);
    }
}

#[test]
fn a_policy_is_checked_where_it_is_written() {
    let e = pack("missing = \"not_applicable\"")
        .unwrap_err()
        .to_string();
    assert!(e.contains("needs missing_reason"), "{e}");
    assert!(e.contains("pack.toml"), "{e}");
    let e = pack("missing = \"skip\"").unwrap_err().to_string();
    assert!(e.contains("\"skip\" is unknown"), "{e}");
    let e = pack("missing_reason = { id = \"a\", en = \"b\" }")
        .unwrap_err()
        .to_string();
    assert!(e.contains("needs missing = \"not_applicable\""), "{e}");
}
