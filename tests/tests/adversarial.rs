//! Adversarial inputs: hostile rule scripts (wrong return types, huge data, deep nesting),
//! hostile pack and record files, the fuzz targets on their seeds and on every crash the
//! fuzzers found, and the streaming reader against the whole-file reader.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod support;

use matang::input::{Format, parse_bytes};
use matang::{Error, Lang, Pack, Record, stream};
use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// A valid pack whose one indicator runs `rule` from `rules/i.rhai`, and a gate `gate`.
fn host(rule: &str, gate: &str) -> matang::Result<Pack> {
    let toml = format!(
        "[pack]\nid = \"t\"\nversion = \"0\"\nname = \"t\"\n\
         [[field]]\nid = \"x\"\ntype = \"number\"\nlabel = \"x\"\n\
         [[dimension]]\nid = \"D\"\nweight = 1\nlabel = \"D\"\n\
         [[indicator]]\nid = \"i\"\ndimension = \"D\"\nlabel = \"i\"\nfile = \"rules/i.rhai\"\n\
         [[level]]\nrank = 1\nid = \"l1\"\nmin = 0\nlabel = \"L1\"\n\
         [[level]]\nrank = 2\nid = \"l2\"\nmin = 2\nlabel = \"L2\"\n\
         [[gate]]\nid = \"g\"\nlevel = 2\nrequire = '{gate}'\nlabel = \"g\"\n"
    );
    Pack::from_files(BTreeMap::from([
        ("pack.toml".to_string(), toml),
        ("rules/i.rhai".to_string(), rule.to_string()),
    ]))
}

fn run(p: &Pack) -> (matang::Result<matang::Assessment>, Duration) {
    let r = Record::from_json(json!({"id": "r", "x": 3})).unwrap();
    let t = Instant::now();
    let out = p.assess(&r, Lang::En);
    (out, t.elapsed())
}

/// Runtime failures: a rule error naming the record, the rule's file and the problem.
#[test]
fn hostile_rules_end_in_clear_errors_naming_file_and_record() {
    let cases = [
        // Wrong return types.
        ("[1, 2, 3]", "returned a array"),
        ("true", "returned a bool"),
        ("#{ score: \"high\" }", "'score' must be a number"),
        ("#{ score: [5] }", "'score' must be a number"),
        ("#{ score: 1.0 / 0.0 }", "division by zero"),
        ("#{ score: 0.0 - 1e308 * 10.0 }", "outside the scale"),
        ("-1", "outside the scale"),
        ("6", "outside the scale"),
        ("fn f() { } f()", "no evidence"), // () is "no evidence": not an error (checked below)
        // Huge data.
        (
            "let a = []; for i in 0..5000 { a.push(i); } 1",
            "sandbox limit",
        ),
        // Rhai checks map sizes on values it returns, not on index assignment: the
        // operation or time limit (whichever comes first) bounds a map grown in place.
        (
            "let m = #{}; for i in 0..1000000 { m[`k${i}`] = i; } 1",
            "stopped after",
        ),
        (
            "let s = \"ab\"; for i in 0..20 { s += s; } 1",
            "sandbox limit",
        ),
        ("let a = [1]; for i in 0..20 { a += a; } 1", "sandbox limit"),
        ("\"x\".pad(100000, \"y\"); 1", "sandbox limit"),
        // Endless work and recursion.
        ("let n = 0; while true { n += 1; } n", "stopped after"),
        ("fn f(n) { f(n + 1) + f(n + 2) } f(0)", "nested too deeply"),
        // Calling what does not exist, with the wrong arguments.
        ("no_such_fn(x)", "Function not found"),
        ("band(x)", "Function not found"),
        ("band(\"x\", [1])", "must be a number"),
        ("clamp(x, \"a\", 2)", "Function not found"),
        ("date(2019, 13, 1)", "not a real calendar date"),
    ];
    for (rule, want) in cases {
        let p = host(rule, "x > 0").unwrap_or_else(|e| panic!("{rule}: does not load: {e}"));
        let (out, took) = run(&p);
        assert!(took < Duration::from_secs(5), "{rule} took {took:?}");
        if want == "no evidence" {
            assert_eq!(out.unwrap().indicators[0].score, None, "{rule}");
            continue;
        }
        match out {
            Err(Error::Rule {
                record,
                location,
                message,
            }) => {
                assert_eq!(record, "r", "{rule}");
                assert_eq!(location.file, "rules/i.rhai", "{rule}");
                assert!(
                    message.contains(want),
                    "{rule}: wanted '{want}' in: {message}"
                );
            }
            other => panic!("{rule}: expected a rule error, got {other:?}"),
        }
    }
}

/// Gates and conditions must give true or false: anything else is a clear error.
#[test]
fn gates_of_the_wrong_type_are_rule_errors() {
    for (gate, want) in [("x", "true or false"), ("\"yes\"", "true or false")] {
        let p = host("x", gate).unwrap();
        let e = run(&p).0.unwrap_err().to_string();
        assert!(e.contains("gate 'g'") && e.contains(want), "{gate}: {e}");
        assert!(e.contains("pack.toml"), "{gate}: {e}");
    }
    // () (no value) counts as not met, not as an error.
    let p = host("x", "()").unwrap();
    assert_eq!(run(&p).0.unwrap().level.rank, 1);
}

/// Too deep to compile: a load error with the file and position, never a stack overflow.
#[test]
fn deeply_nested_rules_are_load_errors() {
    for depth in [60usize, 1_000, 100_000] {
        let cases = [
            format!("{}x{}", "(".repeat(depth), ")".repeat(depth)),
            format!("{}x{}", "[".repeat(depth), "]".repeat(depth)),
            format!("{}x{}", "{ ".repeat(depth), " }".repeat(depth)),
            format!("{}1", "-".repeat(depth)),
            format!("{}x", "!".repeat(depth)),
            format!("x{}", " + x".repeat(depth)),
            format!("{} x {}", "if true {".repeat(depth), "}".repeat(depth)),
        ];
        for rule in cases {
            let t = Instant::now();
            match host(&rule, "true") {
                Err(Error::Pack { location, message }) => {
                    assert_eq!(location.file, "rules/i.rhai", "{message}");
                }
                // Long flat sums are fine to load; they must still run within the limits.
                Ok(p) => {
                    let _ = run(&p);
                }
                Err(other) => panic!("depth {depth}: unexpected {other}"),
            }
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "depth {depth} too slow"
            );
        }
    }
}

/// A pack.toml nested, long or broken in hostile ways is a load error, never a crash.
#[test]
fn hostile_pack_files_are_load_errors() {
    let base = "[pack]\nid = \"t\"\nversion = \"0\"\nname = \"t\"\n";
    let cases = [
        format!("{base}x = {}1{}\n", "[".repeat(50_000), "]".repeat(50_000)),
        format!("{base}x = {}\n", "{ a = ".repeat(20_000)),
        format!(
            "{base}{}",
            "[[field]]\nid = \"f\"\ntype = \"number\"\nlabel = \"f\"\n".repeat(2_000)
        ),
        format!("{base}name = \"{}\"\n", "x".repeat(5_000_000)),
        "\u{feff}[pack]\0".to_string(),
        String::new(),
    ];
    for toml in cases {
        let t = Instant::now();
        let r = Pack::from_files(BTreeMap::from([("pack.toml".to_string(), toml.clone())]));
        assert!(
            matches!(r, Err(Error::Pack { .. })),
            "{}...: {r:?}",
            &toml[..toml.len().min(80)]
        );
        assert!(t.elapsed() < Duration::from_secs(10));
    }
}

/// Hostile record files: each is read or refused with the file and line, never a crash.
#[test]
fn hostile_record_files_are_read_or_refused() {
    let cases: Vec<(Vec<u8>, Option<Format>)> = vec![
        (
            format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            Some(Format::Json),
        ),
        (
            format!("{}\n", "{\"a\":".repeat(100_000)).into_bytes(),
            Some(Format::JsonLines),
        ),
        (
            format!(
                "id,{}\n",
                (0..20_000)
                    .map(|i| format!("c{i}"))
                    .collect::<Vec<_>>()
                    .join(",")
            )
            .into_bytes(),
            Some(Format::Csv),
        ),
        (
            format!("id\n\"{}\n", "x".repeat(1_000_000)).into_bytes(),
            Some(Format::Csv),
        ),
        (b"id,a\n\"unterminated,1\n".to_vec(), Some(Format::Csv)),
        (b"\xef\xbb\xbf\xef\xbb\xbfid\nx\n".to_vec(), None),
        (b"id\r\nx\r\n\r\n".to_vec(), None),
        (b"[{\"id\": 1e400}]".to_vec(), None),
        (b"{\"id\": \"\\ud800\"}".to_vec(), None),
    ];
    let pack = support::quickwin();
    for (n, (bytes, format)) in cases.into_iter().enumerate() {
        let t = Instant::now();
        if let Ok(records) = parse_bytes(&bytes, "hostile", format) {
            for r in records.iter().take(10) {
                let _ = pack.assess(r, Lang::En);
            }
        }
        let _ = stream::for_each_record(&bytes[..], "hostile", format, |_| Ok(()));
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "case {n}: {:?}",
            t.elapsed()
        );
    }
}

/// Every fuzz target on its seeds (a smoke run; `scripts/fuzz.sh` runs them for long).
#[test]
fn fuzz_targets_accept_their_seeds() {
    for t in matang_tests::fuzz::TARGETS {
        let seeds = (t.seeds)();
        assert!(!seeds.is_empty(), "{}", t.name);
        for s in seeds {
            (t.run)(&s);
        }
    }
}

/// Inputs the fuzzers found or that once misbehaved: each must stay harmless. Add every
/// crash from `fuzz/artifacts/` here.
#[test]
fn fuzz_regressions() {
    use matang_tests::fuzz::{pack_rhai, pack_toml, records};
    type Case = (fn(&[u8]), &'static [u8]);
    let cases: &[Case] = &[
        (records, b""),
        (records, b"\x00"),
        (records, b"\x00\xef\xbb\xbf"),
        (records, b"\x02\n\n\n"),
        (records, b"\x00id\n\r"),
        (pack_rhai, b""),
        (pack_rhai, b"#{ score: () }"),
        (pack_toml, b""),
    ];
    for (run, input) in cases {
        run(input);
    }
}

fn csv_cell(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

proptest! {
    #![proptest_config(support::config())]

    /// Streaming gives exactly the records of the whole-file reader, for CSV and JSON Lines.
    #[test]
    fn streaming_reads_what_the_whole_file_reader_reads(batch in support::qw_batch(20), jsonl in any::<bool>()) {
        let names: Vec<String> = support::quickwin().fields().iter().map(|f| f.id.clone()).collect();
        let text = if jsonl {
            batch.iter().map(|r| serde_json::to_string(&r.fields).unwrap() + "\n").collect::<String>()
        } else {
            let mut t = format!("id,{}\n", names.join(","));
            for r in &batch {
                let mut row = vec![csv_cell(&r.fields["id"])];
                row.extend(names.iter().map(|n| r.fields.get(n).map(csv_cell).unwrap_or_default()));
                t += &(row.join(",") + "\n");
            }
            t
        };
        let whole = parse_bytes(text.as_bytes(), "p", None);
        let mut streamed = Vec::new();
        let n = stream::for_each_record(text.as_bytes(), "p", None, |r| { streamed.push(r); Ok(()) });
        match (whole, n) {
            (Ok(w), Ok(n)) => {
                prop_assert_eq!(n, w.len());
                prop_assert_eq!(&streamed, &w);
                let p = support::quickwin();
                for (a, b) in w.iter().zip(&streamed) {
                    prop_assert_eq!(p.assess(a, Lang::En).ok(), p.assess(b, Lang::En).ok());
                }
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "readers disagree: {a:?} vs {b:?}"),
        }
    }

    /// Arbitrary small scripts never panic or hang: each gives a score, no evidence or an error.
    #[test]
    fn arbitrary_small_scripts_end_within_the_limits(
        tokens in prop::collection::vec(prop::sample::select(vec![
            "x", "1", "2.5", "()", "+", "-", "*", "/", "%", "(", ")", "[", "]", "{", "}", ";",
            "if", "else", "let a =", "a", "loop", "while", "true", "false", "break", "return",
            "#{ score:", "fn f(n)", "f(", ",", "band(", "clamp(", "==", ">=", "!", "\"s\"",
        ]), 0..30),
    ) {
        let rule = tokens.join(" ");
        let t = Instant::now();
        if let Ok(p) = host(&rule, "x > 0") {
            let (out, _) = run(&p);
            if let Ok(a) = out {
                prop_assert!(a.total >= 0.0 && a.total <= 5.0);
            }
        }
        prop_assert!(t.elapsed() < Duration::from_secs(5), "{rule}");
    }
}

/// The wall time of `f`.
fn timed(f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

/// Wide tables: the column checks (the duplicate-name check, the look-alike test, the
/// unknown-column list) take time linear in the number of columns.
#[test]
fn wide_tables_are_checked_in_linear_time() {
    let pack = support::quickwin();
    let names =
        |n: usize| -> Vec<String> { (0..n).map(|i| format!("extra_column_{i:07}")).collect() };
    let columns = |n: usize| -> Duration {
        let cols = names(n)
            .into_iter()
            .map(|c| (c, matang::Column::Json(vec![json!(1)])));
        let cols: Vec<(String, matang::Column)> = cols.collect();
        timed(|| {
            matang::Batch::from_columns(pack, cols).unwrap();
        })
    };
    let (small, large) = (columns(32_000), columns(320_000));
    assert!(
        large < small * 30 + Duration::from_secs(1),
        "Batch::from_columns: {small:?} then {large:?}"
    );
    let record = |n: usize| -> Duration {
        let fields: serde_json::Map<String, serde_json::Value> =
            names(n).into_iter().map(|c| (c, json!(1))).collect();
        let mut fields = fields;
        fields.insert("assessed_on".into(), json!("2019-10-01"));
        fields.insert("stage".into(), json!("live"));
        let records = vec![Record::new(fields)];
        timed(|| {
            assert_eq!(matang::input::unknown_columns(pack, &records).len(), n);
            let mut check = matang::ColumnCheck::new(pack, "wide", false);
            check.check_records(&records).unwrap();
            assert!(check.warning().unwrap().len() < 300);
            pack.assess(&records[0], Lang::En).unwrap();
        })
    };
    let (small, large) = (record(32_000), record(320_000));
    assert!(
        large < small * 30 + Duration::from_secs(1),
        "one wide record: {small:?} then {large:?}"
    );
}

/// A column that looks like a field is refused on every core path, with the suggestion.
#[test]
fn lookalike_columns_are_refused_on_every_core_path() {
    let pack = support::quickwin();
    let want = "column 'go_live' is not a field of pack 'smart-city-quickwin'; did you mean 'go_live_date'?";
    let record = Record::from_json(
        json!({"id": "a", "assessed_on": "2019-10-01", "stage": "live", "go_live": "2018-01-01"}),
    )
    .unwrap();
    let e = pack.assess(&record, Lang::En).unwrap_err();
    assert!(
        matches!(&e, Error::Evidence { problems, .. } if problems[0].field == "go_live" && problems[0].message == want),
        "{e}"
    );
    assert!(pack.score(&record).is_err());
    let e = matang::Batch::from_columns(
        pack,
        vec![(
            "go_live".into(),
            matang::Column::Json(vec![json!("2018-01-01")]),
        )],
    )
    .unwrap_err();
    assert_eq!(e.to_string(), want);
    let csv = "id,stage,go_live\na,live,2018-01-01\n";
    let table = matang::input::parse_table(csv.as_bytes(), "p.csv", None).unwrap();
    assert_eq!(
        table.check_columns(pack, false).unwrap_err().to_string(),
        format!("p.csv:1: {want}")
    );
    let mut check = matang::ColumnCheck::new(pack, "p.csv", false);
    let mut seen = 0;
    let e = stream::for_each_checked(csv.as_bytes(), "p.csv", None, &mut check, |_| {
        seen += 1;
        Ok(())
    });
    assert_eq!(e.unwrap_err().to_string(), format!("p.csv:1: {want}"));
    assert_eq!(seen, 0, "no record with the misnamed column is handed over");
    // Unknown columns that look like nothing are ignored, named once.
    let csv = "id,stage,colour\na,live,red\nb,live,blue\n";
    let table = matang::input::parse_table(csv.as_bytes(), "p.csv", None).unwrap();
    assert_eq!(
        table.check_columns(pack, false).unwrap().as_deref(),
        Some("column 'colour' is not a field of pack 'smart-city-quickwin' and is ignored")
    );
    assert!(table.check_columns(pack, true).is_err());
}

/// `Pack::rank` ranks an id once even from raw results; previous records keep the first
/// row of an id and report the others.
#[test]
fn an_id_is_ranked_once_and_counted_once_in_previous_records() {
    let pack = support::quickwin();
    let r = |id: &str| {
        Record::from_json(json!({"id": id, "assessed_on": "2019-10-01", "stage": "live"})).unwrap()
    };
    let results = pack.assess_many(&[r("A"), r("B"), r("A")], Lang::En);
    let ranking = pack.rank(&results, Some(3), None, Lang::En);
    assert_eq!(
        ranking
            .ranking
            .iter()
            .filter(|i| i.id == "A" && i.error.is_none())
            .count(),
        1
    );
    let errors: Vec<&str> = ranking
        .ranking
        .iter()
        .filter_map(|i| i.error.as_deref())
        .collect();
    assert_eq!(
        errors,
        ["record 'A': field 'id': id 'A' appears twice: results 1 and 3"]
    );
    let mut first = r("A");
    first.fields.insert("total".into(), json!(1.0));
    let mut second = r("A");
    second.fields.insert("total".into(), json!(4.0));
    let previous = pack.previous_totals(&[first, second]);
    assert_eq!(previous.totals.get("A"), Some(&1.0));
    assert_eq!(previous.warnings.len(), 1);
    assert!(
        previous.warnings[0].contains("id 'A' appears twice: records 1 and 2"),
        "{:?}",
        previous.warnings
    );
}
