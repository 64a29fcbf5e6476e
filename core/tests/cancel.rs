//! Cancellable batch calls: with a `Cancel` never set they give exactly the results of the
//! plain calls; set before or during a call, they stop soon and say so with `None`.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use matang::{Batch, Cancel, Column, Lang, Pack, Record};
use serde_json::json;
use std::time::{Duration, Instant};

fn records(n: usize) -> Vec<Record> {
    (0..n)
        .map(|i| {
            let stage = ["idea", "pilot", "live", "integrated"][i % 4];
            let r = json!({"id": format!("QW-{i}"), "assessed_on": "2019-10-01",
                           "stage": stage, "trained_staff": i % 9, "total": i % 7});
            Record::from_json(r).unwrap()
        })
        .collect()
}

/// The quickwin pack with every indicator burning operations first (within the limits):
/// milliseconds per record, and no script lowers to the column evaluator.
fn slow_pack() -> Pack {
    let mut files = Pack::builtin("smart-city-quickwin")
        .unwrap()
        .files()
        .clone();
    for (name, text) in &mut files {
        if name.starts_with("indicators/") {
            *text = format!("let burn = 0;\nfor i in 0..1500 {{ burn += i; }}\n{text}");
        }
    }
    Pack::from_files(files).unwrap()
}

#[test]
fn never_cancelled_calls_give_the_plain_results() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let recs = records(3_000);
    let never = Cancel::new();
    let many = pack
        .assess_many_cancellable(&recs, Lang::En, &never)
        .unwrap();
    assert_eq!(many, pack.assess_many(&recs, Lang::En));
    let batch = Batch::from_records_cancellable(&pack, &recs, &never).unwrap();
    let scores = pack
        .score_batch_cancellable(&batch, &never)
        .unwrap()
        .unwrap();
    let plain = pack
        .score_batch(&Batch::from_records(&pack, &recs))
        .unwrap();
    assert_eq!(scores.total, plain.total);
    assert_eq!(scores.level, plain.level);
    let previous = pack.previous_totals_cancellable(&recs, &never).unwrap();
    assert_eq!(previous.totals, pack.previous_totals(&recs).totals);
    let from_columns = Batch::from_columns_cancellable(&pack, columns(3_000), &never);
    let plain = Batch::from_columns(&pack, columns(3_000)).unwrap();
    let (a, b) = (from_columns.unwrap().unwrap(), plain);
    assert_eq!(
        pack.score_batch(&a).unwrap().total,
        pack.score_batch(&b).unwrap().total
    );
}

/// Typed columns of `n` records.
fn columns(n: usize) -> Vec<(String, Column)> {
    let stages = vec!["idea".into(), "pilot".into(), "live".into()];
    vec![
        (
            "id".into(),
            Column::Json((0..n).map(|i| json!(format!("QW-{i}"))).collect()),
        ),
        (
            "assessed_on".into(),
            Column::Date {
                days: vec![18_170; n],
                valid: None,
            },
        ),
        (
            "stage".into(),
            Column::Coded {
                codes: (0..n as i64).map(|i| i % 3).collect(),
                values: stages,
            },
        ),
        (
            "trained_staff".into(),
            Column::Float((0..n).map(|i| (i % 9) as f64).collect()),
        ),
    ]
}

#[test]
fn calls_cancelled_before_they_start_give_none() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let recs = records(3_000);
    let cancel = Cancel::new();
    let batch = Batch::from_records(&pack, &recs);
    cancel.cancel();
    assert_eq!(pack.assess_many_cancellable(&recs, Lang::En, &cancel), None);
    assert!(Batch::from_records_cancellable(&pack, &recs, &cancel).is_none());
    assert!(
        pack.score_batch_cancellable(&batch, &cancel)
            .unwrap()
            .is_none()
    );
    assert_eq!(pack.previous_totals_cancellable(&recs, &cancel), None);
    let from_columns = Batch::from_columns_cancellable(&pack, columns(3_000), &cancel);
    assert!(from_columns.unwrap().is_none());
}

/// Runs `call` with a `Cancel` set 200 ms in, from another thread; returns its result and
/// how long it took.
fn cancelled_during<T>(call: impl FnOnce(&Cancel) -> T) -> (T, Duration) {
    let cancel = Cancel::new();
    let start = Instant::now();
    std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(Duration::from_millis(200));
            cancel.cancel();
        });
        let out = call(&cancel);
        (out, start.elapsed())
    })
}

#[test]
fn a_call_cancelled_midway_stops_within_a_few_records() {
    let pack = slow_pack();
    // Thousands of records at milliseconds each: half a minute and more in a debug build.
    let recs = records(3_000);
    let batch = Batch::from_records(&pack, &recs);
    let (scores, took) = cancelled_during(|c| pack.score_batch_cancellable(&batch, c).unwrap());
    assert!(scores.is_none());
    assert!(took < Duration::from_secs(3), "score_batch took {took:?}");
    let (many, took) = cancelled_during(|c| pack.assess_many_cancellable(&recs, Lang::En, c));
    assert!(many.is_none());
    assert!(took < Duration::from_secs(3), "assess_many took {took:?}");
    let no_totals: Vec<Record> = records(3_000)
        .into_iter()
        .map(|mut r| {
            r.fields.remove("total");
            r
        })
        .collect();
    let (previous, took) = cancelled_during(|c| pack.previous_totals_cancellable(&no_totals, c));
    assert!(previous.is_none());
    assert!(
        took < Duration::from_secs(3),
        "previous_totals took {took:?}"
    );
}
