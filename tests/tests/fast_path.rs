//! Differential tests: the fast path and the Rhai interpreter give identical results
//! (scores, reasons, levels, errors) on generated rule scripts and generated records.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use matang::{Batch, Column, Lang, Pack, Record};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::json;
use std::collections::BTreeMap;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256)
}

const FIELDS: &str = r#"
[[field]]
id = "a"
type = "integer"
label = "a"
[[field]]
id = "b"
type = "number"
label = "b"
[[field]]
id = "s"
type = "enum"
values = ["x", "y", "z"]
label = "s"
[[field]]
id = "t"
type = "boolean"
label = "t"
[[field]]
id = "d"
type = "date"
label = "d"
[[field]]
id = "n"
type = "text"
label = "n"
"#;

/// How a pack treats missing evidence (`[aggregation]`), by number.
const POLICIES: [&str; 3] = [
    "missing = \"exclude\"",
    "missing = \"zero\"",
    "missing = \"min_coverage\"\nmin_coverage = 0.6",
];

/// A pack whose derived value, indicator, gate and selection condition are generated,
/// with two fixed indicators beside the generated one (in its dimension and in another),
/// so that batches aggregate more than one score under missing-evidence policy `policy`.
fn pack_with(derived: &str, indicator: &str, gate: &str, policy: usize) -> Option<(Pack, Pack)> {
    // The derived value `k` cannot read itself.
    let derived: String = derived
        .split(' ')
        .map(|w| w.replace("(k", "(a").replace("k)", "a)"))
        .map(|w| if w == "k" { "a".into() } else { w })
        .collect::<Vec<_>>()
        .join(" ");
    let toml = format!(
        "[pack]\nid = \"g\"\nversion = \"0\"\nname = \"g\"\nscale = {{ min = -1e6, max = 1e6, step = 10 }}\n{FIELDS}\n\
         [aggregation]\n{}\n\
         [[derive]]\nid = \"k\"\nrule = '''\n{derived}\n'''\n\
         [[dimension]]\nid = \"D\"\nweight = 1\nlabel = \"D\"\n\
         [[dimension]]\nid = \"E\"\nweight = 3\nlabel = \"E\"\n\
         [[indicator]]\nid = \"j\"\ndimension = \"E\"\nlabel = \"j\"\nrule = \"if t == () {{ () }} else if t {{ 4.5 }} else {{ -2 }}\"\n\
         [[indicator]]\nid = \"i\"\ndimension = \"D\"\nlabel = \"i\"\nrule = '''\n{indicator}\n'''\n\
         reason = {{ id = \"{{v}} {{w:2}} {{a}} {{k}}\", en = \"{{v}} / {{w}} / {{s}} / {{t}}\" }}\n\
         [[indicator]]\nid = \"h\"\ndimension = \"D\"\nweight = 2\nlabel = \"h\"\nrule = \"if a == () {{ () }} else {{ a % 7 }}\"\n\
         [[level]]\nrank = 1\nid = \"l1\"\nmin = -1e6\nlabel = \"L1\"\n\
         [[level]]\nrank = 2\nid = \"l2\"\nmin = 0\nlabel = \"L2\"\n\
         [[gate]]\nid = \"g\"\nlevel = 2\nrequire = '''\n{gate}\n'''\nlabel = \"g\"\n\
         [selection]\n[[selection.require]]\nid = \"c\"\nwhen = '''\n({gate}) || level > 1\n'''\nlabel = \"c\"\n",
        POLICIES[policy % POLICIES.len()]
    );
    let files: BTreeMap<String, String> = [("pack.toml".to_string(), toml)].into();
    // Scripts Rhai itself refuses (e.g. a type error the optimizer finds) are not a test case.
    let fast = match Pack::from_files(files) {
        Ok(p) => p,
        Err(e) => {
            if std::env::var("SHOW_LOAD_ERRORS").is_ok() {
                eprintln!("LOAD {e}");
            }
            return None;
        }
    };
    let slow = fast.interpreted().unwrap();
    Some((fast, slow))
}

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        (-3i64..20).prop_map(|i| i.to_string()),
        Just("9223372036854775807".to_string()),
        (-50.0f64..50.0).prop_map(|f| format!("{f:.2}")),
        Just("()".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        Just("\"x\"".to_string()),
        Just("\"y\"".to_string()),
        prop::sample::select(vec!["a", "b", "s", "t", "d", "k", "n"]).prop_map(String::from),
    ]
}

fn expr() -> impl Strategy<Value = String> {
    leaf().prop_recursive(4, 48, 3, |inner| {
        let ops = prop::sample::select(vec![
            "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=",
        ]);
        let cmp = prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]);
        // Rhai refuses literal non-booleans next to `&&`, `||`, `!` and `if` when it parses,
        // so conditions are comparisons, calls or variables (whose type is only known at run time).
        let cond = prop_oneof![
            (inner.clone(), cmp, inner.clone()).prop_map(|(l, o, r)| format!("({l} {o} {r})")),
            prop::sample::select(vec![
                "t",
                "a",
                "s",
                "k",
                "true",
                "false",
                "present(b)",
                "missing(d)"
            ])
            .prop_map(String::from),
        ]
        .boxed();
        prop_oneof![
            (inner.clone(), ops, inner.clone()).prop_map(|(l, o, r)| format!("({l} {o} {r})")),
            (
                cond.clone(),
                prop::sample::select(vec!["&&", "||"]),
                cond.clone()
            )
                .prop_map(|(l, o, r)| format!("({l} {o} {r})")),
            inner.clone().prop_map(|e| format!("(- {e})")),
            cond.clone().prop_map(|e| format!("(!{e})")),
            (cond.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, t, e)| format!("if {c} {{ {t} }} else {{ {e} }}")),
            (cond.clone(), inner.clone()).prop_map(|(c, t)| format!("if {c} {{ {t} }}")),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(x, y, z)| format!(
                "switch s {{ \"x\" => {x}, \"y\" | \"z\" => {y}, _ => {z} }}"
            )),
            (inner.clone(), inner.clone())
                .prop_map(|(x, y)| format!("switch a {{ 1 => {x}, 2 | 3 => {y}, _ => () }}")),
            // Free text (the batch's own symbols, often missing) against literals.
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(x, y, z)| format!(
                "switch n {{ \"free text\" => {x}, \"?\" | \"x\" => {y}, _ => {z} }}"
            )),
            inner
                .clone()
                .prop_map(|e| format!("band({e}, [1, 2.5, 7])")),
            (
                prop::sample::select(vec!["min", "max", "months_between", "days_between"]),
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(f, x, y)| format!("{f}({x}, {y})")),
            (
                prop::sample::select(vec!["present", "missing", "abs", "to_float"]),
                inner.clone()
            )
                .prop_map(|(f, x)| format!("{f}({x})")),
            inner.clone().prop_map(|e| format!("({e}).to_float()")),
            (inner.clone(), inner.clone())
                .prop_map(|(x, y)| format!("{{ let v = {x}; let w = v; {y} }}")),
            (cond, inner.clone()).prop_map(|(c, x)| format!("{{ if {c} {{ return {x}; }} 1 }}")),
        ]
    })
}

/// Numeric expressions that are mostly well-typed, so that many records score (the
/// chaotic `expr` mostly exercises errors).
fn num() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (-3i64..20).prop_map(|i| i.to_string()),
        (-50.0f64..50.0).prop_map(|f| format!("{f:.2}")),
        prop::sample::select(vec!["a", "b", "d"]).prop_map(String::from),
    ];
    leaf.prop_recursive(4, 40, 3, |inner| {
        let cmp = prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]);
        let simple = prop_oneof![
            (inner.clone(), cmp, inner.clone()).prop_map(|(l, o, r)| format!("({l} {o} {r})")),
            prop::sample::select(vec!["t", "present(b)", "missing(a)", "(s == \"x\")", "(s != ())", "(k >= 3)", "(k != ())"]).prop_map(String::from),
        ]
        .boxed();
        let cond = prop_oneof![
            3 => simple.clone(),
            1 => (simple.clone(), prop::sample::select(vec!["&&", "||"]), simple.clone()).prop_map(|(l, o, r)| format!("({l} {o} {r})")),
            1 => simple.clone().prop_map(|c| format!("(!{c})")),
        ]
        .boxed();
        prop_oneof![
            (inner.clone(), prop::sample::select(vec!["+", "-", "*", "/", "%"]), inner.clone()).prop_map(|(l, o, r)| format!("({l} {o} {r})")),
            (cond.clone(), inner.clone(), inner.clone()).prop_map(|(c, t, e)| format!("if {c} {{ {t} }} else {{ {e} }}")),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(x, y, z)| format!(
                "switch s {{ \"x\" => {x}, \"y\" | \"z\" => {y}, _ => {z} }}"
            )),
            inner.clone().prop_map(|e| format!("band({e}, [1, 2.5, 7])")),
            (prop::sample::select(vec!["min", "max", "months_between", "days_between"]), inner.clone(), inner.clone()).prop_map(|(f, x, y)| format!("{f}({x}, {y})")),
            (prop::sample::select(vec!["abs", "to_float"]), inner.clone()).prop_map(|(f, x)| format!("{f}({x})")),
            inner.clone().prop_map(|e| format!("(- {e})")),
            (inner.clone(), inner.clone()).prop_map(|(x, y)| format!("{{ let v = {x}; let w = v; {y} }}")),
            (cond, inner.clone()).prop_map(|(c, x)| format!("{{ if {c} {{ return {x}; }} 1 }}")),
        ]
    })
}

/// A gate or selection condition: mostly a comparison of numbers, sometimes anything.
fn condition() -> impl Strategy<Value = String> {
    let cmp = || prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]);
    prop_oneof![
        4 => (num(), cmp(), num()).prop_map(|(l, o, r)| format!("({l}) {o} ({r})")),
        1 => (expr(), cmp(), expr()).prop_map(|(l, o, r)| format!("({l}) {o} ({r})")),
    ]
}

/// An indicator rule: a number, `()`, or a map with a score and extra values.
fn rule() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => num(),
        2 => (num(), num(), expr()).prop_map(|(s, v, w)| format!("let v = {v};\nlet w = {w};\n#{{ score: {s}, v: v, w: w }}")),
        1 => expr(),
    ]
}

/// A derived value: mostly numeric, sometimes anything.
fn derived() -> impl Strategy<Value = String> {
    prop_oneof![4 => num(), 1 => expr()]
}

fn record() -> impl Strategy<Value = serde_json::Value> {
    let p = 0.85;
    (
        prop::option::weighted(p, -5i64..30),
        prop::option::weighted(p, -10.0f64..10.0),
        prop::option::weighted(p, prop::sample::select(vec!["x", "y", "z"])),
        prop::option::weighted(p, any::<bool>()),
        prop::option::weighted(p, prop::sample::select(vec!["2019-01-31", "2019-10-01", "2020-02-29"])),
        prop::option::weighted(0.5, prop::sample::select(vec!["x", "free text", "y", "?"])),
    )
        .prop_map(|(a, b, s, t, d, n)| serde_json::json!({"id": "r", "a": a, "b": b, "s": s, "t": t, "d": d, "n": n}))
}

static COMPILED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static GENERATED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static OK_RESULTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static RESULTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn same(fast: &Pack, slow: &Pack, r: &Record) {
    RESULTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    OK_RESULTS.fetch_add(
        usize::from(fast.score(r).is_ok()),
        std::sync::atomic::Ordering::Relaxed,
    );
    for lang in [Lang::Id, Lang::En] {
        let x = format!("{:?}", fast.assess(r, lang));
        let y = format!("{:?}", slow.assess(r, lang));
        assert_eq!(x, y, "record {r:?}");
    }
    assert_eq!(
        format!("{:?}", fast.score(r)),
        format!("{:?}", slow.score(r))
    );
}

/// The next-level plan, whose search re-runs only the rules a change reaches on the fast
/// path (`engine::rerun`), against the interpreter's full evaluations.
fn same_plan(fast: &Pack, slow: &Pack, r: &Record) {
    let x = format!("{:?}", fast.next_level_plan(r, Lang::En));
    let y = format!("{:?}", slow.next_level_plan(r, Lang::En));
    assert_eq!(x, y, "plan of {r:?}");
}

/// The explained batches (`assess_many` on records, `assess_batch` on a batch) against
/// `assess` record by record, in both languages: reasons, gates, missing evidence and next
/// level alike. A batch keeps no warnings about unknown keys and no verified differences.
fn same_explained(fast: &Pack, records: &[Record], batch: &Batch) {
    for lang in [Lang::Id, Lang::En] {
        let want: Vec<Result<matang::Assessment, matang::Error>> =
            records.iter().map(|r| fast.assess(r, lang)).collect();
        let many = fast.assess_many(records, lang);
        assert_eq!(
            format!("{many:?}"),
            format!("{want:?}"),
            "records {records:?}"
        );
        let got = fast.assess_batch(batch, lang).unwrap();
        assert_eq!(got.len(), want.len());
        for (r, (got, want)) in records.iter().zip(got.into_iter().zip(want)) {
            let want = want.map(|mut a| {
                a.warnings.clear();
                a.verified.clear();
                a
            });
            match (want, got) {
                (
                    Err(matang::Error::Evidence { problems: a, .. }),
                    Err(matang::Error::Evidence { problems: b, .. }),
                ) => assert_eq!(a, b),
                (want, got) => assert_eq!(format!("{got:?}"), format!("{want:?}"), "record {r:?}"),
            }
        }
    }
}

static BATCH_ROWS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static BATCH_ROW_PATH: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The column evaluator (`score_many`, `score_batch`) against the interpreter, record by
/// record: from records, and from JSON columns.
fn same_batch(fast: &Pack, slow: &Pack, records: &[Record]) {
    let want: Vec<String> = records
        .iter()
        .map(|r| format!("{:?}", slow.score(r)))
        .collect();
    let got: Vec<String> = fast
        .score_many(records)
        .iter()
        .map(|r| format!("{r:?}"))
        .collect();
    assert_eq!(got, want, "records {records:?}");
    let batch = Batch::from_records(fast, records);
    same_explained(fast, records, &batch);
    let scores = fast.score_batch(&batch).unwrap();
    same_insufficient(slow, &scores, records);
    BATCH_ROWS.fetch_add(records.len(), std::sync::atomic::Ordering::Relaxed);
    BATCH_ROW_PATH.fetch_add(scores.row_path, std::sync::atomic::Ordering::Relaxed);
    // The same records as columns: equal results (an evidence error names the row as well).
    let mut keys: Vec<String> = records
        .iter()
        .flat_map(|r| r.fields.keys().cloned())
        .collect();
    keys.sort();
    keys.dedup();
    let columns = keys
        .into_iter()
        .map(|k| {
            let values: Vec<serde_json::Value> = records
                .iter()
                .map(|r| r.fields.get(&k).cloned().unwrap_or(serde_json::Value::Null))
                .collect();
            // Text columns as codes into their distinct values (as a table library gives them).
            if values.iter().all(|v| v.is_string() || v.is_null()) {
                let mut distinct: Vec<serde_json::Value> = Vec::new();
                let codes = values
                    .iter()
                    .map(|v| {
                        if v.is_null() {
                            return -1;
                        }
                        let at = distinct.iter().position(|d| d == v).unwrap_or_else(|| {
                            distinct.push(v.clone());
                            distinct.len() - 1
                        });
                        i64::try_from(at).unwrap()
                    })
                    .collect();
                return (
                    k,
                    Column::Coded {
                        codes,
                        values: distinct,
                    },
                );
            }
            (k, Column::Json(values))
        })
        .collect();
    let batch = Batch::from_columns(fast, columns).unwrap();
    same_explained(fast, records, &batch);
    let by_columns = fast.score_batch(&batch).unwrap();
    same_insufficient(slow, &by_columns, records);
    let by_columns = by_columns.into_results(batch.ids());
    for (r, got) in records.iter().zip(by_columns) {
        match (slow.score(r), got) {
            (
                Err(matang::Error::Evidence { problems: a, .. }),
                Err(matang::Error::Evidence { problems: b, .. }),
            ) => assert_eq!(a, b),
            (want, got) => assert_eq!(format!("{got:?}"), format!("{want:?}")),
        }
    }
}

/// Each dimension's insufficient flag of a batch against the interpreter's `assess`.
fn same_insufficient(slow: &Pack, scores: &matang::Scores, records: &[Record]) {
    for (i, r) in records.iter().enumerate() {
        let want: Vec<bool> = match slow.assess(r, Lang::En) {
            Ok(a) => a.dimensions.iter().map(|d| d.insufficient).collect(),
            Err(_) => vec![false; scores.insufficient.len()],
        };
        let got: Vec<bool> = scores.insufficient.iter().map(|d| d[i]).collect();
        assert_eq!(got, want, "insufficient flags of record {r:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn generated_scripts_agree(derived in derived(), indicator in rule(), gate in condition(), policy in 0..POLICIES.len(), records in prop::collection::vec(record(), 1..6)) {
        let built = pack_with(&derived, &indicator, &gate, policy);
        COMPILED.fetch_add(usize::from(built.is_some()), std::sync::atomic::Ordering::Relaxed);
        GENERATED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Some((fast, slow)) = built {
            let records: Vec<Record> = records.into_iter().map(|r| Record::from_json(r).unwrap()).collect();
            for r in &records {
                same(&fast, &slow, r);
            }
            same_batch(&fast, &slow, &records);
        }
    }

    #[test]
    fn quickwin_pack_agrees_on_generated_records(
        stage in prop::sample::select(vec!["idea", "design", "pilot", "live", "integrated", "replicated", "launched"]),
        staff in prop::option::of(-1i64..12),
        active in prop::option::of(0i64..20_000),
        target in prop::option::of(0i64..20_000),
        uptime in prop::option::of(80.0f64..101.0),
        ikm in prop::option::of(20.0f64..100.0),
        done in prop::option::of(0i64..12),
        planned in prop::option::of(0i64..12),
        golive in prop::option::of(prop::sample::select(vec!["2018-01-15", "2019-09-20", "2019-12-01", "2019-02-30"])),
        legal in prop::option::of(prop::sample::select(vec!["none", "draft", "sk_opd", "perbup"])),
        next in prop::option::of(any::<bool>()),
    ) {
        let fast = Pack::builtin("smart-city-quickwin").unwrap();
        let slow = fast.interpreted().unwrap();
        let r = serde_json::json!({
            "id": "q", "assessed_on": "2019-10-01", "stage": stage, "trained_staff": staff,
            "active_users_month": active, "target_users": target, "uptime_pct": uptime, "ikm_score": ikm,
            "roadmap_realised": done, "roadmap_planned": planned, "milestones_due": planned,
            "milestones_on_time": done, "go_live_date": golive, "legal_basis": legal,
            "budget_next_year": next, "budget_idr": staff.map(|s| s * 1_000_000),
        });
        let r = Record::from_json(r).unwrap();
        same(&fast, &slow, &r);
        same_plan(&fast, &slow, &r);
        same_batch(&fast, &slow, &[r]);
    }
}

#[test]
fn every_bundled_vector_agrees() {
    for id in Pack::builtin_ids() {
        let fast = Pack::builtin(id).unwrap();
        let slow = fast.interpreted().unwrap();
        let records: Vec<Record> = fast
            .vector_records()
            .unwrap()
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        for r in &records {
            same(&fast, &slow, r);
            same_plan(&fast, &slow, r);
        }
        same_batch(&fast, &slow, &records);
        assert_eq!(fast.check().unwrap(), slow.check().unwrap());
    }
}

/// The generators must produce scripts that load and records that score, or the
/// differential test above would compare nothing but errors.
#[test]
fn generators_exercise_the_fast_path() {
    use std::sync::atomic::Ordering::Relaxed;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut loaded, mut ok, mut total, mut columnar) = (0, 0, 0, 0);
    for k in 0..200 {
        let d = derived().new_tree(&mut runner).unwrap().current();
        let i = rule().new_tree(&mut runner).unwrap().current();
        let g = condition().new_tree(&mut runner).unwrap().current();
        if let Some((fast, _)) = pack_with(&d, &i, &g, k) {
            loaded += 1;
            let records: Vec<Record> = (0..3)
                .map(|_| {
                    Record::from_json(record().new_tree(&mut runner).unwrap().current()).unwrap()
                })
                .collect();
            let batch = Batch::from_records(&fast, &records);
            let scores = fast.score_batch(&batch).unwrap();
            columnar += records.len() - scores.row_path;
            for r in records {
                total += 1;
                let res = fast.score(&r);
                if std::env::var("SHOW_LOAD_ERRORS").is_ok()
                    && let Err(e) = &res
                {
                    eprintln!("SCORE {e}");
                }
                ok += usize::from(res.is_ok());
            }
        }
    }
    let _ = (
        COMPILED.load(Relaxed),
        GENERATED.load(Relaxed),
        OK_RESULTS.load(Relaxed),
        RESULTS.load(Relaxed),
    );
    assert!(loaded >= 100, "only {loaded} of 200 generated packs loaded");
    // Records that score must be finished by the column evaluator (errors are reported by
    // the row path), or `same_batch` would only compare the row path with itself.
    assert!(
        columnar * 10 >= ok * 9,
        "only {columnar} of {total} generated records finished by the column evaluator ({ok} scored)"
    );
    assert!(
        ok * 5 >= total,
        "only {ok} of {total} generated records scored without an error"
    );
}

/// Found by `generated_scripts_agree`: Rhai compares floats relative to the larger
/// magnitude (differences within `f64::EPSILON` are equal), and NaN follows the same
/// formula: `NaN != 1.0` is false, `NaN == 0` and `NaN >= 0` are true, `NaN == NaN` false.
#[test]
fn nan_compares_as_rhai_does() {
    for gate in [
        "(b % 0) != 1.0",
        "(b % 0) == 0",
        "(b % 0.0) >= 0",
        "(b % 0.0) <= a - a",
        "(b % 0.0) < 0",
        "(b % 0.0) > 0.0",
        "(b % 0) == (b % 0)",
        "(b % 0) != a",
        "!((b % 0) != 2)",
    ] {
        gate_agrees(
            gate,
            vec![
                json!({"id": "r", "a": 1, "b": 1.5}),
                json!({"id": "q", "a": 2, "b": -3.5}),
            ],
        );
    }
}

/// A pack with `gate` gives the interpreter's results on `records`, one by one and as a
/// batch.
fn gate_agrees(gate: &str, records: Vec<serde_json::Value>) {
    let (fast, slow) = pack_with("a", "b", gate, 0).unwrap();
    let records: Vec<Record> = records
        .into_iter()
        .map(|r| Record::from_json(r).unwrap())
        .collect();
    for r in &records {
        same(&fast, &slow, r);
    }
    same_batch(&fast, &slow, &records);
}

/// Rhai's float comparisons treat differences within `f64::EPSILON` (relative) as equal:
/// `94.99999999999999` against 95 and `0.1 + 0.2` against 0.3 are ties, in every evaluator,
/// whether the value comes from evidence, arithmetic or a constant.
#[test]
fn near_ties_compare_as_rhai_does() {
    for gate in [
        "a * 0.1 + 0.2 == 0.3",
        "a * 0.1 + 0.2 >= 0.3",
        "a * 0.1 + 0.2 <= 0.3",
        "a * 0.1 + 0.2 != 0.3",
        "a * 0.1 + 0.2 > 0.3",
        "a * 0.1 + 0.2 < 0.3",
        "b >= 95",
        "b < 95",
        "b == 95",
        "b != 95.0",
        "b > 94.99999999999999",
        "b <= 94.99999999999999",
        "{ let p = 100 * b / 100; p >= 95 }",
    ] {
        gate_agrees(
            gate,
            vec![
                json!({"id": "r", "a": 1, "b": 94.99999999999999}),
                json!({"id": "q", "a": 2, "b": 95.00000000000001}),
                json!({"id": "p", "a": 1, "b": 95}),
                json!({"id": "o", "a": 3, "b": 94.9}),
            ],
        );
    }
}

/// Rhai's unary `+` is defined on numbers only: on text or `()` it is an error, which the
/// fast path must not turn into a value.
#[test]
fn unary_plus_errs_as_rhai_does() {
    for gate in ["+s == \"x\"", "+a > 1", "+b >= 0", "(+ (a + b)) > 0"] {
        gate_agrees(
            gate,
            vec![
                json!({"id": "r", "a": 1, "b": 1.5, "s": "x"}),
                json!({"id": "q", "b": -3.5}),
            ],
        );
    }
}
