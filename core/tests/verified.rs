//! An assessor's verified values (`verified.<field>`) beside the office's own: the score
//! uses the verified value, and the result shows where the two differ and by how much.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use matang::{Batch, Column, Lang, Pack, Record};
use serde_json::json;

fn quickwin() -> Pack {
    Pack::builtin("smart-city-quickwin").unwrap()
}

fn base() -> serde_json::Value {
    json!({"id": "QW-1", "assessed_on": "2019-10-01", "stage": "live", "go_live_date": "2019-03-01",
           "legal_basis": "perbup", "trained_staff": 6, "staff_needed": 6, "sop_available": true, "dedicated_admin": true, "uptime_pct": 99.5, "target_users": 1000,
           "active_users_month": 900})
}

fn with(extra: serde_json::Value) -> Record {
    let mut v = base();
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    Record::from_json(v).unwrap()
}

#[test]
fn the_score_uses_the_verified_value_and_shows_the_difference() {
    let p = quickwin();
    let own = p.assess(&with(json!({})), Lang::Id).unwrap();
    let checked = p
        .assess(&with(json!({"verified.trained_staff": 1})), Lang::Id)
        .unwrap();
    let same = p
        .assess(&with(json!({"trained_staff": 1})), Lang::Id)
        .unwrap();
    assert_eq!(checked.total.to_bits(), same.total.to_bits());
    assert!(checked.total < own.total);
    assert_eq!(checked.verified.len(), 1);
    let v = &checked.verified[0];
    assert_eq!(v.field, "trained_staff");
    assert_eq!((v.own.clone(), v.verified.clone()), (json!(6), json!(1)));
    assert_eq!(v.difference, Some(-5.0));
    assert_eq!(v.text, "SDM terlatih: 6 → 1 (−5 orang)");
    assert_eq!(checked.evidence["trained_staff"], json!(1));
    assert!(checked.warnings.is_empty(), "{:?}", checked.warnings);
}

#[test]
fn an_equal_or_blank_verified_value_changes_nothing() {
    let p = quickwin();
    let own = p.assess(&with(json!({})), Lang::En).unwrap();
    for extra in [
        json!({"verified.trained_staff": 6}),
        json!({"verified.trained_staff": null}),
        json!({"verified.trained_staff": ""}),
    ] {
        let a = p.assess(&with(extra.clone()), Lang::En).unwrap();
        assert_eq!(a.total.to_bits(), own.total.to_bits(), "{extra}");
        assert!(a.verified.is_empty(), "{extra}");
    }
    // A value the office left blank and the assessor found.
    let a = p
        .assess(
            &with(json!({"ikm_score": null, "verified.ikm_score": 80.5})),
            Lang::En,
        )
        .unwrap();
    assert_eq!(a.verified[0].own, json!(null));
    assert_eq!(a.verified[0].difference, None);
    assert!(
        a.verified[0]
            .text
            .starts_with("Public satisfaction index (IKM): "),
        "{}",
        a.verified[0].text
    );
}

#[test]
fn a_wrong_verified_value_is_named_by_its_column() {
    let e = quickwin()
        .assess(&with(json!({"verified.trained_staff": "many"})), Lang::En)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("verified.trained_staff") && e.contains("QW-1"),
        "{e}"
    );
}

#[test]
fn the_numbers_table_uses_verified_values_from_records_and_columns() {
    let p = quickwin();
    let records = vec![
        with(json!({"id": "a", "verified.trained_staff": 1})),
        with(json!({"id": "b"})),
        with(json!({"id": "c", "trained_staff": null, "verified.trained_staff": 0})),
    ];
    let one: Vec<f64> = records
        .iter()
        .map(|r| p.assess(r, Lang::En).unwrap().total)
        .collect();
    let many: Vec<f64> = p
        .score_many(&records)
        .into_iter()
        .map(|s| s.unwrap().total)
        .collect();
    assert_eq!(one, many);
    // The same as columns.
    let mut columns: Vec<(String, Column)> = Vec::new();
    let keys: std::collections::BTreeSet<&String> =
        records.iter().flat_map(|r| r.fields.keys()).collect();
    for key in keys {
        columns.push((
            key.to_string(),
            Column::Json(
                records
                    .iter()
                    .map(|r| r.fields.get(key.as_str()).cloned().unwrap_or(json!(null)))
                    .collect(),
            ),
        ));
    }
    let batch = Batch::from_columns(&p, columns).unwrap();
    let scores = p.score_batch(&batch).unwrap();
    assert_eq!(scores.total, one);
}

#[test]
fn every_output_shows_where_verified_values_differ() {
    let p = quickwin();
    let results = vec![
        p.assess(
            &with(json!({"id": "a", "verified.trained_staff": 1})),
            Lang::Id,
        ),
        p.assess(&with(json!({"id": "b"})), Lang::Id),
    ];
    let a = results[0].as_ref().unwrap();
    let explained = matang::text::explanation(&p, a, Lang::Id);
    assert!(
        explained.contains("SDM terlatih: 6 → 1 (−5 orang)"),
        "{explained}"
    );
    let csv = matang::text::assessments_csv(&p, &results);
    assert!(csv.contains("trained_staff:6>1"), "{csv}");
    let ranking = p.rank(&results, None, None, Lang::Id);
    let item = ranking.ranking.iter().find(|r| r.id == "a").unwrap();
    assert_eq!(item.verified, ["SDM terlatih: 6 → 1 (−5 orang)"]);
    let table = matang::text::ranking_table(&p, &ranking, Lang::Id);
    assert!(
        table.contains("diverifikasi: SDM terlatih: 6 → 1"),
        "{table}"
    );
    assert!(matang::text::ranking_csv(&ranking).contains("SDM terlatih: 6 → 1"));
}

#[test]
fn the_report_shows_verified_values() {
    let p = quickwin();
    let results = vec![p.assess(
        &with(json!({"id": "a", "verified.trained_staff": 1})),
        Lang::En,
    )];
    let ranking = p.rank(&results, None, None, Lang::En);
    let html = matang::report::html_report(&p, &results, &ranking, None, Lang::En);
    assert!(
        html.contains("Trained staff: 6 → 1 (−5 people)"),
        "report lacks the change"
    );
    assert!(html.contains("Verified values that differ"));
}
