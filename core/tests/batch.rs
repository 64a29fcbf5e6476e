//! Typed batches: every column form means the JSON value it stands for, so a batch scores
//! each record exactly as `Pack::score` scores it on its own.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use matang::{Batch, Column, Error, Pack, Record};
use serde_json::{Value as Json, json};

fn pack() -> Pack {
    Pack::builtin("smart-city-quickwin").unwrap()
}

/// The records the columns stand for, one JSON object per row (nulls left out).
fn rows(columns: &[(String, Vec<Json>)]) -> Vec<Record> {
    let n = columns[0].1.len();
    (0..n)
        .map(|i| {
            let mut m = serde_json::Map::new();
            for (k, v) in columns {
                if !v[i].is_null() {
                    m.insert(k.clone(), v[i].clone());
                }
            }
            Record::new(m)
        })
        .collect()
}

/// Scores from the batch equal `score` of each record; evidence errors list the same problems.
fn same(pack: &Pack, columns: Vec<(String, Column)>, json: &[(String, Vec<Json>)]) {
    let batch = Batch::from_columns(pack, columns).unwrap();
    let scores = pack.score_batch(&batch).unwrap();
    same_insufficient(pack, &scores, &rows(json));
    let got = scores.into_results(batch.ids());
    for (r, got) in rows(json).iter().zip(got) {
        match (pack.score(r), got) {
            (
                Err(Error::Evidence { problems: a, .. }),
                Err(Error::Evidence { problems: b, .. }),
            ) => {
                assert_eq!(a, b, "record {r:?}");
            }
            (want, got) => assert_eq!(format!("{got:?}"), format!("{want:?}"), "record {r:?}"),
        }
    }
}

/// Each dimension's insufficient flag in the batch equals the one `Pack::assess` gives.
fn same_insufficient(pack: &Pack, scores: &matang::Scores, records: &[Record]) {
    for (i, r) in records.iter().enumerate() {
        let want: Vec<bool> = match pack.assess(r, matang::Lang::En) {
            Ok(a) => a.dimensions.iter().map(|d| d.insufficient).collect(),
            Err(_) => vec![false; scores.insufficient.len()],
        };
        let got: Vec<bool> = scores.insufficient.iter().map(|d| d[i]).collect();
        assert_eq!(got, want, "insufficient flags of record {r:?}");
    }
}

type Columns = Vec<(String, Column)>;
type JsonColumns = Vec<(String, Vec<Json>)>;

fn base(n: usize) -> (Columns, JsonColumns) {
    let ids: Vec<Json> = (0..n).map(|i| json!(format!("QW-{i}"))).collect();
    let dates: Vec<Json> = (0..n).map(|_| json!("2019-10-01")).collect();
    (
        vec![
            ("id".into(), Column::Json(ids.clone())),
            ("assessed_on".into(), Column::Json(dates.clone())),
        ],
        vec![("id".into(), ids), ("assessed_on".into(), dates)],
    )
}

#[test]
fn every_column_form_means_its_json_value() {
    let (mut cols, mut json) = base(6);
    let stage = ["live", "pilot", "Live", "launched", "integrated", "live"];
    cols.push((
        "stage".into(),
        Column::Coded {
            codes: vec![0, 1, 2, 3, 4, 0],
            values: stage[..5].iter().map(|s| json!(s)).collect(),
        },
    ));
    json.push(("stage".into(), stage.iter().map(|s| json!(s)).collect()));
    // Floats: NaN is missing, a fraction in an integer field and a negative value are errors.
    let staff = [4.0, f64::NAN, 2.5, -1.0, 7.0, 3.0];
    cols.push(("trained_staff".into(), Column::Float(staff.to_vec())));
    json.push((
        "trained_staff".into(),
        staff
            .iter()
            .map(|&x| matang::float_json(x).unwrap())
            .collect(),
    ));
    let users = [5000, 0, 10, 20, 40_000, 1];
    let valid = [true, true, false, true, true, true];
    cols.push((
        "target_users".into(),
        Column::Int {
            values: users.to_vec(),
            valid: Some(valid.to_vec()),
        },
    ));
    json.push((
        "target_users".into(),
        users
            .iter()
            .zip(valid)
            .map(|(&u, ok)| if ok { json!(u) } else { Json::Null })
            .collect(),
    ));
    let sop = [true, false, true, false, true, true];
    cols.push((
        "sop_available".into(),
        Column::Bool {
            values: sop.to_vec(),
            valid: Some(vec![true, true, true, false, true, true]),
        },
    ));
    json.push((
        "sop_available".into(),
        vec![
            json!(true),
            json!(false),
            json!(true),
            Json::Null,
            json!(true),
            json!(true),
        ],
    ));
    // 2019-01-15 is day 17,911; a boolean column in a date field is an error of that row.
    cols.push((
        "go_live_date".into(),
        // A missing value may hold anything (here a day no date has).
        Column::Date {
            days: vec![17_911, 17_000, 0, 17_911, i64::MIN, 18_000],
            valid: Some(vec![true, true, true, true, false, true]),
        },
    ));
    json.push((
        "go_live_date".into(),
        [
            "2019-01-15",
            "2016-07-18",
            "1970-01-01",
            "2019-01-15",
            "",
            "2019-04-14",
        ]
        .iter()
        .map(|s| if s.is_empty() { Json::Null } else { json!(s) })
        .collect(),
    ));
    cols.push(("legal_basis".into(), Column::Float(vec![1.0; 6])));
    json.push(("legal_basis".into(), vec![json!(1.0); 6]));
    same(&pack(), cols, &json);
}

#[test]
fn infinities_and_missing_required_fields_are_errors_of_their_row() {
    let (mut cols, json) = base(3);
    cols.push((
        "stage".into(),
        Column::Coded {
            codes: vec![0, -1, 0],
            values: vec![json!("live")],
        },
    ));
    cols.push((
        "uptime_pct".into(),
        Column::Float(vec![99.0, 98.0, f64::INFINITY]),
    ));
    let batch = Batch::from_columns(&pack(), cols).unwrap();
    let scores = pack().score_batch(&batch).unwrap();
    assert!(scores.error(0).is_none());
    let Some(Error::Evidence { record, problems }) = scores.error(1) else {
        panic!("{:?}", scores.error(1))
    };
    assert_eq!(record, "'QW-1' (row 1)");
    assert_eq!(problems[0].field, "stage");
    assert_eq!(problems[0].message, "required, but missing");
    let Some(Error::Evidence { problems, .. }) = scores.error(2) else {
        panic!("{:?}", scores.error(2))
    };
    assert_eq!(problems[0].field, "uptime_pct");
    assert_eq!(problems[0].message, "expected a finite number, got inf");
    assert!(scores.total[2].is_nan() && scores.level[2] == 0 && !scores.eligible[2]);
    assert_eq!(json.len(), 2);
}

#[test]
fn rows_with_several_problems_list_them_in_field_order() {
    // Fields in pack order: assessed_on (required), stage (required), trained_staff.
    let n = 8;
    let ids: Vec<Json> = (0..n).map(|i| json!(format!("QW-{i}"))).collect();
    let dates = [
        "2019-10-01",
        "",
        "2019-13-45",
        "x",
        "2019-10-01",
        "",
        "2019-10-01",
        "2019-02-30",
    ];
    let dates: Vec<Json> = dates
        .iter()
        .map(|s| if s.is_empty() { Json::Null } else { json!(s) })
        .collect();
    let stage = ["live", "launched", "", "live", "", "pilot", "nope", ""];
    let stage: Vec<Json> = stage
        .iter()
        .map(|s| if s.is_empty() { Json::Null } else { json!(s) })
        .collect();
    let staff = [1.0, 2.5, -1.0, f64::NAN, 3.0, 9.5, 0.5, 4.0];
    let mut cols: Columns = vec![
        ("id".into(), Column::Json(ids.clone())),
        ("trained_staff".into(), Column::Float(staff.to_vec())),
    ];
    let staff_json: Vec<Json> = staff
        .iter()
        .map(|&x| matang::float_json(x).unwrap())
        .collect();
    cols.push(("stage".into(), Column::Json(stage.clone())));
    cols.push(("assessed_on".into(), Column::Json(dates.clone())));
    let json = vec![
        ("id".to_string(), ids),
        ("trained_staff".to_string(), staff_json),
        ("stage".to_string(), stage),
        ("assessed_on".to_string(), dates),
    ];
    same(&pack(), cols.clone(), &json);
    let batch = Batch::from_columns(&pack(), cols).unwrap();
    let scores = pack().score_batch(&batch).unwrap();
    let failed: Vec<usize> = scores.errors.iter().map(|(i, _)| *i).collect();
    assert_eq!(failed, [1, 2, 3, 4, 5, 6, 7]);
    let Some(Error::Evidence { problems, .. }) = scores.error(2) else {
        panic!("{:?}", scores.error(2))
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["assessed_on", "stage", "trained_staff"]);
}

#[test]
fn dates_as_text_mean_their_json_strings() {
    let dates = [
        Some("2019-10-01"),
        Some(" 2019-10-01"),
        Some(""),
        Some("  "),
        None,
        Some("2019-02-29"),
        Some("2020-02-29"),
        Some("0000-01-01"),
        Some("+019-01-01"),
        Some("2019-13-01"),
        Some("2019-1-01"),
        Some("9999-12-31"),
    ];
    let n = dates.len();
    let texts: matang::Texts = dates.iter().copied().collect();
    let ids: Vec<Json> = (0..n).map(|i| json!(format!("QW-{i}"))).collect();
    let json_dates: Vec<Json> = dates
        .iter()
        .map(|d| d.map_or(Json::Null, |d| json!(d)))
        .collect();
    let stage: Vec<Json> = (0..n).map(|_| json!("live")).collect();
    for field in ["assessed_on", "go_live_date"] {
        let mut cols: Columns = vec![
            ("id".into(), Column::Json(ids.clone())),
            ("stage".into(), Column::Json(stage.clone())),
            (field.into(), Column::Text(texts.clone())),
        ];
        let mut json: JsonColumns = vec![
            ("id".into(), ids.clone()),
            ("stage".into(), stage.clone()),
            (field.into(), json_dates.clone()),
        ];
        if field == "go_live_date" {
            let on: Vec<Json> = (0..n).map(|_| json!("2021-06-30")).collect();
            cols.push(("assessed_on".into(), Column::Json(on.clone())));
            json.push(("assessed_on".into(), on));
        }
        same(&pack(), cols.clone(), &json);
        let batch = Batch::from_columns(&pack(), cols).unwrap();
        let failed = pack().score_batch(&batch).unwrap().errors.len();
        assert_eq!(
            failed,
            if field == "assessed_on" { 6 } else { 3 },
            "{field}"
        );
    }
}

#[test]
fn whole_numbers_near_the_float_limits_mean_their_json_value() {
    let two_52 = 4_503_599_627_370_496.0_f64;
    let values = [
        two_52 - 0.5,
        two_52 - 1.0,
        two_52,
        two_52 + 1.0,
        two_52 + 2.0,
        9.0e15,
        9.0e15 + 2.0,
        8_999_999_999_999_999.0,
        0.5,
        -0.0,
        -3.0,
        1e300,
        f64::NAN,
        0.999_999_999_999_999_9,
        123_456_789.000_000_1,
    ];
    let (mut cols, mut json) = base(values.len());
    let stage: Vec<Json> = values.iter().map(|_| json!("live")).collect();
    cols.push(("stage".into(), Column::Json(stage.clone())));
    json.push(("stage".into(), stage));
    for field in ["budget_idr", "trained_staff", "uptime_pct"] {
        cols.push((field.into(), Column::Float(values.to_vec())));
        let raw = values.iter().map(|&x| matang::float_json(x).unwrap());
        json.push((field.into(), raw.collect()));
    }
    same(&pack(), cols, &json);
}

#[test]
fn bad_batches_are_usage_errors() {
    let p = pack();
    let err = Batch::from_columns(
        &p,
        vec![
            ("id".into(), Column::Json(vec![json!("a")])),
            ("stage".into(), Column::Float(vec![1.0, 2.0])),
        ],
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("'stage' has 2 values, expected 1"),
        "{err}"
    );
    let err = Batch::from_columns(
        &p,
        vec![
            ("stage".into(), Column::Float(vec![1.0])),
            ("stage".into(), Column::Float(vec![2.0])),
        ],
    )
    .unwrap_err();
    assert!(err.to_string().contains("'stage' appears twice"), "{err}");
    // A batch belongs to the pack it was built for.
    let other = Pack::builtin("spbe").unwrap();
    let batch =
        Batch::from_columns(&p, vec![("id".into(), Column::Json(vec![json!("a")]))]).unwrap();
    assert!(matches!(other.score_batch(&batch), Err(Error::Usage(_))));
    // An empty batch scores to nothing.
    let empty = Batch::from_columns(&p, Vec::new()).unwrap();
    assert!(p.score_batch(&empty).unwrap().is_empty());
}

#[test]
fn records_without_an_id_are_named_by_their_row() {
    let p = pack();
    let batch = Batch::from_columns(
        &p,
        vec![
            (
                "stage".into(),
                Column::Json(vec![json!("live"), json!("pilot")]),
            ),
            ("id".into(), Column::Json(vec![json!(" "), json!(7)])),
        ],
    )
    .unwrap();
    let ids: Vec<_> = batch.ids().iter().flatten().collect();
    assert_eq!(ids, ["row 0", "7"]);
    let scores = p.score_batch(&batch).unwrap();
    let Some(Error::Evidence { record, .. }) = scores.error(0) else {
        panic!()
    };
    assert_eq!(record, "'row 0'");
}

#[test]
fn text_ids_and_names_mean_what_their_json_means() {
    // Padded, blank and missing ids and names in Arrow's layout: trimmed, or named by row,
    // exactly as the same values in JSON columns.
    let p = pack();
    let values = [Some(" QW-1 "), None, Some("  "), Some("QW-4"), Some("é-5")];
    let text = |v: &[Option<&str>]| Column::Text(v.iter().copied().collect());
    let json = |v: &[Option<&str>]| Column::Json(v.iter().map(|s| json!(s)).collect());
    let stage = || ("stage".to_string(), Column::Json(vec![json!("live"); 5]));
    let build = |c: &dyn Fn(&[Option<&str>]) -> Column| {
        Batch::from_columns(
            &p,
            vec![
                stage(),
                ("id".into(), c(&values)),
                ("name".into(), c(&values)),
            ],
        )
        .unwrap()
    };
    let (t, j) = (build(&text), build(&json));
    let ids: Vec<_> = t.ids().iter().collect();
    assert_eq!(
        ids,
        [
            Some("QW-1"),
            Some("row 1"),
            Some("row 2"),
            Some("QW-4"),
            Some("é-5")
        ]
    );
    assert_eq!(t.ids(), j.ids());
    let names: Vec<_> = t.names().iter().collect();
    assert_eq!(names, [Some("QW-1"), None, None, Some("QW-4"), Some("é-5")]);
    assert_eq!(names, j.names().iter().collect::<Vec<_>>());
    // Clean ids are kept as given, buffer and all.
    let clean = text(&[Some("a"), Some("b")]);
    let stage2 = ("stage".to_string(), Column::Json(vec![json!("live"); 2]));
    let b = Batch::from_columns(&p, vec![stage2, ("id".into(), clean)]).unwrap();
    assert_eq!((b.id(0), b.id(1), b.id(2)), ("a", "b", ""));
}

#[test]
fn packs_outside_the_subset_score_batches_row_by_row() {
    // spbe uses loops, which only the interpreter runs: same results, all on the row path.
    let p = Pack::builtin("spbe").unwrap();
    let records: Vec<Record> = p
        .vector_records()
        .unwrap()
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let batch = Batch::from_records(&p, &records);
    let scores = p.score_batch(&batch).unwrap();
    assert!(scores.row_path > 0);
    let want: Vec<String> = records
        .iter()
        .map(|r| format!("{:?}", p.score(r)))
        .collect();
    let got: Vec<String> = scores
        .into_results(batch.ids())
        .iter()
        .map(|r| format!("{r:?}"))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn batches_are_send_and_sync() {
    fn assert<T: Send + Sync>() {}
    assert::<Batch>();
    assert::<matang::Scores>();
}
