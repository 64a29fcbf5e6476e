//! The sandbox holds against a hostile rule author: one budget per evaluation that callbacks
//! cannot escape, a deadline per record, no clock or `sleep`, checked arithmetic, and the
//! same bytes out for the same input.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use matang::{Lang, Limits, Pack, Record};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// A valid pack whose one indicator runs `rule` from `rules/i.rhai`.
fn pack(rule: &str, limits: Limits) -> matang::Result<Pack> {
    let toml = "[pack]\nid = \"t\"\nversion = \"0\"\nname = \"t\"\n\
         [[field]]\nid = \"x\"\ntype = \"number\"\nlabel = \"x\"\n\
         [[dimension]]\nid = \"D\"\nweight = 1\nlabel = \"D\"\n\
         [[indicator]]\nid = \"i\"\ndimension = \"D\"\nlabel = \"i\"\nfile = \"rules/i.rhai\"\n\
         [[level]]\nrank = 1\nid = \"l1\"\nmin = 0\nlabel = \"L1\"\n";
    Pack::from_files_with_limits(
        BTreeMap::from([
            ("pack.toml".to_string(), toml.to_string()),
            ("rules/i.rhai".to_string(), rule.to_string()),
        ]),
        limits,
    )
}

/// Assesses one record with `rule`; the error text (or "ok") and the time it took.
fn outcome(rule: &str, limits: Limits) -> (String, Duration) {
    let p = pack(rule, limits).unwrap_or_else(|e| panic!("{rule}: does not load: {e}"));
    let r = Record::from_json(json!({"id": "r", "x": 3})).unwrap();
    let t = Instant::now();
    let out = p.assess(&r, Lang::En);
    let took = t.elapsed();
    (
        out.map_or_else(|e| e.to_string(), |_| "ok".to_string()),
        took,
    )
}

/// Work multiplied through callbacks stays under the one budget: each of these ran for
/// seconds to hours under the old per-call count (the time bounds are loose on purpose:
/// a loaded machine and a debug build must still pass, a missing budget must not).
#[test]
fn callbacks_and_nested_calls_share_one_operation_budget() {
    let spin = "let s = 0; for j in 0..10000 { s += j; }";
    let cases = [
        format!(
            "let a = []; for i in 0..100 {{ a.push(i); }} for k in 0..10 {{ a.map(|v| {{ {spin} s }}); }} 1"
        ),
        format!("let a = [1, 2, 3]; for k in 0..10 {{ a.filter(|v| {{ {spin} true }}); }} 1"),
        format!("let a = [3, 2, 1]; for k in 0..10 {{ a.sort(|x, y| {{ {spin} 0 }}); }} 1"),
        format!("let a = [3, 2, 1]; for k in 0..10 {{ a.reduce(|acc, v| {{ {spin} 0 }}, 0); }} 1"),
        format!("let a = [1, 2]; a.map(|v| [1, 2].map(|w| [1, 2].map(|z| {{ {spin} 0 }}))); 1"),
        format!(
            "fn f(v) {{ {spin} v }} let a = [1, 2, 3]; for k in 0..10 {{ a.map(Fn(\"f\")); }} 1"
        ),
    ];
    for rule in &cases {
        let (out, took) = outcome(rule, Limits::default());
        assert!(
            out.contains("rules/i.rhai:1:")
                && out.contains("record r")
                && out.contains("too many operations (50000"),
            "{rule}: {out}"
        );
        assert!(took < Duration::from_secs(10), "{rule}: took {took:?}");
    }
}

/// Work that is cheap per operation but slow in all stops at the deadline per record.
#[test]
fn slow_work_within_the_operation_limit_stops_at_the_deadline() {
    let rule = "let a = []; for i in 0..1000 { a.push(i); } let b = a; let n = 0; \
                for k in 0..100000 { if a == b { n += 1; } } 1";
    let limits = Limits {
        max_operations: 100_000_000,
        max_duration: Duration::from_millis(100),
        ..Limits::default()
    };
    let (out, took) = outcome(rule, limits);
    assert!(
        out.contains("stopped after 100 ms, the time limit per record")
            && out.contains("rules/i.rhai:1:"),
        "{out}"
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // Under the default limits the same rule stops too, one way or the other, quickly.
    let (out, took) = outcome(rule, Limits::default());
    assert!(out.contains("stopped after"), "{out}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

/// The deadline is per record: it spans every script of the record, not one script.
#[test]
fn the_deadline_covers_all_scripts_of_a_record() {
    let slow = "let a = []; for i in 0..1000 { a.push(i); } let b = a; let n = 0; \
                for k in 0..300 { if a == b { n += 1; } } 1";
    let mut toml = String::from(
        "[pack]\nid = \"t\"\nversion = \"0\"\nname = \"t\"\n\
         [[field]]\nid = \"x\"\ntype = \"number\"\nlabel = \"x\"\n\
         [[dimension]]\nid = \"D\"\nweight = 1\nlabel = \"D\"\n\
         [[level]]\nrank = 1\nid = \"l1\"\nmin = 0\nlabel = \"L1\"\n",
    );
    for i in 0..200 {
        toml.push_str(&format!(
            "[[indicator]]\nid = \"i{i}\"\ndimension = \"D\"\nlabel = \"i\"\nfile = \"s.rhai\"\n"
        ));
    }
    let limits = Limits {
        max_duration: Duration::from_millis(50),
        ..Limits::default()
    };
    let p = Pack::from_files_with_limits(
        BTreeMap::from([
            ("pack.toml".to_string(), toml),
            ("s.rhai".to_string(), slow.to_string()),
        ]),
        limits,
    )
    .unwrap();
    let r = Record::from_json(json!({"id": "r", "x": 3})).unwrap();
    let t = Instant::now();
    let e = p.assess(&r, Lang::En).unwrap_err().to_string();
    assert!(e.contains("the time limit per record"), "{e}");
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "took {:?}",
        t.elapsed()
    );
}

/// Nothing that reads the clock, sleeps or ends the process is callable from a rule.
#[test]
fn sleep_clock_and_process_functions_are_not_there() {
    for call in [
        "sleep(2)",
        "sleep(9223372036854775807)",
        "sleep(1e20)",
        "sleep(0.5)",
        "timestamp()",
        "exit(1)",
        "exit()",
        "parse_json(\"{}\")",
        "get_fn_metadata_list()",
    ] {
        let rule = format!("{call}; 1");
        let (out, took) = outcome(&rule, Limits::default());
        let name = call.split('(').next().unwrap();
        assert!(
            out.contains("Function not found") && out.contains(name),
            "{rule}: {out}"
        );
        assert!(took < Duration::from_secs(5), "{rule}: took {took:?}");
    }
}

/// Same input, same bytes out: nothing a rule can call differs between two runs.
#[test]
fn results_are_deterministic() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let records = matang::input::read_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../rules/smart-city-quickwin/examples/portfolio.csv"
    ))
    .unwrap();
    let run = || {
        let out: Vec<_> = pack
            .assess_many(&records, Lang::Id)
            .into_iter()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect();
        serde_json::to_string(&out).unwrap()
    };
    assert_eq!(run(), run());
}

/// Integer overflow is a rule error, at load (where the optimiser folds constants) and at
/// run time, never a panic.
#[test]
fn overflowing_arithmetic_is_a_rule_error() {
    let cases = [
        (
            "div(-9223372036854775807 - 1, -1)",
            "div: the result is too large",
        ),
        (
            "div(x.to_int() - 9223372036854775807 - 4, -1)",
            "div: the result is too large",
        ),
        ("9223372036854775807 + x.to_int()", "Addition overflow"),
        ("(-9223372036854775807 - 1) % -1", "overflow"),
        ("(-9223372036854775807 - 1).abs()", "overflow"),
        ("2 ** 64", "overflow"),
        (
            "days_between(-9223372036854775807, 9223372036854775807)",
            "overflow",
        ),
        ("months_between(0, 9223372036854775807)", "not a date"),
        ("date(9223372036854775807, 1, 1)", "date"),
    ];
    for (rule, want) in cases {
        let (out, _) = outcome(rule, Limits::default());
        assert!(out.contains(want), "{rule}: {out}");
    }
}
