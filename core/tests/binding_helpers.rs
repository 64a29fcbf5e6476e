//! Core functions the bindings call instead of deciding themselves: the evidence error of a
//! converted record, an error's attributes, and previous totals of records of which some could not be read.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use matang::{Cancel, Error, FieldProblem, Pack, Record};
use serde_json::json;

fn problem() -> Vec<FieldProblem> {
    vec![FieldProblem {
        field: "stage".into(),
        message: "unsupported Python type object".into(),
    }]
}

#[test]
fn checked_gives_the_record_without_problems() {
    let r = Record::from_json(json!({"id": "QW-1"})).unwrap();
    assert_eq!(r.clone().checked(Vec::new()).unwrap(), r);
}

#[test]
fn checked_names_the_record_by_id_and_origin() {
    let mut r = Record::from_json(json!({"id": "QW-1"})).unwrap();
    r.origin = Some("row 3".into());
    match r.checked(problem()) {
        Err(Error::Evidence { record, problems }) => {
            assert_eq!(record, "'QW-1' (row 3)");
            assert_eq!(problems, problem());
        }
        other => panic!("expected an evidence error, got {other:?}"),
    }
    let mut r = Record::from_json(json!({})).unwrap();
    r.origin = Some("row 4".into());
    match r.checked(problem()) {
        Err(Error::Evidence { record, .. }) => assert_eq!(record, "'row 4'"),
        other => panic!("expected an evidence error, got {other:?}"),
    }
}

#[test]
fn previous_totals_readable_warns_of_unreadable_records() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let rec = Record::from_json(json!({"id": "QW-1", "assessed_on": "2019-10-01",
                                       "stage": "live", "trained_staff": 3}))
    .unwrap();
    let unread = Err(Error::Usage("row 1: not a dict".into()));
    let prev = pack
        .previous_totals_readable(vec![Ok(rec.clone()), unread], &Cancel::new())
        .unwrap();
    assert_eq!(prev.totals, pack.previous_totals(&[rec]).totals);
    assert_eq!(
        prev.warnings,
        vec!["previous row 1: not a dict".to_string()]
    );
}

#[test]
fn attributes_name_the_parts_of_each_error() {
    let evidence = Record::from_json(json!({"id": "QW-1"}))
        .unwrap()
        .checked(problem())
        .unwrap_err();
    assert_eq!(
        serde_json::Value::Object(evidence.attributes()),
        json!({"record": "'QW-1'", "problems": [["stage", "unsupported Python type object"]]})
    );
    let input = Error::Input {
        source_name: "a.csv".into(),
        line: 4,
        message: "bad".into(),
    };
    assert_eq!(
        serde_json::Value::Object(input.attributes()),
        json!({"source": "a.csv", "line": 4})
    );
    assert!(Error::Usage("no".into()).attributes().is_empty());
}
