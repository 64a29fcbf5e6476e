//! Bad packs, hostile scripts and bad records: each gives a clear error that says where,
//! and nothing panics or hangs.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;
use common::{files, pack, record};
use matang::{Error, Lang};
use serde_json::json;

fn pack_error(toml: &str) -> (String, usize, usize, String) {
    match files(&[("pack.toml", toml)]) {
        Err(Error::Pack { location, message }) => {
            (location.file, location.line, location.column, message)
        }
        Err(other) => panic!("expected a pack error, got {other}"),
        Ok(_) => panic!("expected a pack error for:\n{toml}"),
    }
}

/// A valid minimal pack with `rule` as the one indicator's rule.
fn with_rule(rule: &str) -> String {
    format!(
        "[pack]\nid = \"t\"\nversion = \"0\"\nname = \"t\"\n[[field]]\nid = \"x\"\ntype = \"number\"\nlabel = \"x\"\n\
         [[dimension]]\nid = \"D\"\nweight = 1\nlabel = \"D\"\n[[indicator]]\nid = \"i\"\ndimension = \"D\"\nlabel = \"i\"\n\
         rule = '''\n{rule}'''\n[[level]]\nrank = 1\nid = \"l\"\nmin = 0\nlabel = \"L\"\n"
    )
}

#[test]
fn toml_syntax_errors_have_line_and_column() {
    let (file, line, col, msg) = pack_error("[pack]\nid = \"t\"\nversion = 1.0.0\n");
    assert_eq!(file, "pack.toml");
    assert_eq!(line, 3);
    assert!(col > 0, "{msg}");
}

#[test]
fn unknown_keys_and_missing_sections_are_named() {
    let (_, line, _, msg) =
        pack_error(&with_rule("x").replace("weight = 1", "weight = 1\nwieght = 2"));
    assert!(msg.contains("wieght"), "{msg}");
    assert!(line > 0);
    let (_, _, _, msg) = pack_error("[pack]\nid = \"t\"\nversion = \"0\"\nname = \"t\"\n");
    assert!(msg.contains("dimension"), "{msg}");
}

#[test]
fn a_misspelled_field_in_a_rule_is_a_load_error_at_its_position() {
    let toml = with_rule("let y = 2;\nx + xx");
    let (file, line, col, msg) = pack_error(&toml);
    assert_eq!(file, "pack.toml");
    let expected_line = toml.lines().position(|l| l.starts_with("x + xx")).unwrap() + 1;
    assert_eq!((line, col), (expected_line, 5), "{msg}");
    assert!(msg.contains("'xx' is not an evidence field"), "{msg}");
}

#[test]
fn script_syntax_errors_in_rhai_files_name_the_file() {
    let toml = with_rule("x").replace("rule = '''\nx'''", "file = \"rules/i.rhai\"");
    let err = files(&[
        ("pack.toml", &toml),
        ("rules/i.rhai", "// ok\nif x > { 1 }"),
    ])
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("rules/i.rhai:2:"), "{err}");
    let err = files(&[("pack.toml", &toml)]).unwrap_err().to_string();
    assert!(
        err.contains("rules/i.rhai") && err.contains("not in the pack"),
        "{err}"
    );
}

#[test]
fn semantic_mistakes_are_caught_at_load() {
    let base = with_rule("x");
    let cases = [
        (
            base.replace("dimension = \"D\"", "dimension = \"Q\""),
            "unknown dimension 'Q'",
        ),
        (
            base.replace("type = \"number\"", "type = \"float\""),
            "unknown field type 'float'",
        ),
        (base.replace("rank = 1", "rank = 2"), "expected 1"),
        (
            base.replace("min = 0\nlabel = \"L\"", "min = 1\nlabel = \"L\""),
            "scale minimum",
        ),
        (
            base.replace("id = \"x\"", "id = \"total\"")
                .replace("rule = '''\nx'''", "rule = '''\ntotal'''"),
            "reserved",
        ),
        (base.replace("weight = 1", "weight = -1"), "weight"),
        (
            format!("{base}[[gate]]\nid = \"g\"\nlevel = 1\nrequire = \"true\"\nlabel = \"g\"\n"),
            "gates guard levels 2",
        ),
        (
            format!("{base}[selection]\norder = [\"size desc\"]\n"),
            "'size' is not",
        ),
        (
            format!("{base}[aggregation]\nmissing = \"drop\"\n"),
            "unknown missing-evidence policy",
        ),
        (
            format!("{base}[messages]\nnonsense = \"x\"\n"),
            "unknown key 'nonsense'",
        ),
        (base.replace("id = \"i\"", "id = \"x y\""), "must be a name"),
    ];
    for (toml, want) in cases {
        let (_, line, _, msg) = pack_error(&toml);
        assert!(msg.contains(want), "wanted '{want}' in: {msg}");
        let _ = line;
    }
}

#[test]
fn hostile_scripts_end_in_clear_errors_within_the_sandbox() {
    let cases = [
        ("loop { }", "too many operations"),
        (
            "let s = \"x\"; loop { s += s; }",
            "exceeds the sandbox limit",
        ),
        (
            "let a = []; loop { a.push(1); }",
            "exceeds the sandbox limit",
        ),
        ("fn f(n) { f(n + 1) } f(1)", "nested too deeply"),
        ("\"five\"", "returned a string"),
        ("#{ points: 3 }", "without 'score'"),
        ("1 / 0", "division by zero"),
        ("undefined_fn(x)", "Function not found"),
    ];
    for (rule, want) in cases {
        let p = files(&[("pack.toml", &with_rule(rule))]).unwrap_or_else(|e| panic!("{rule}: {e}"));
        let started = std::time::Instant::now();
        let err = p
            .assess(&record(json!({"id": "r", "x": 1})), Lang::En)
            .unwrap_err();
        assert!(started.elapsed().as_secs() < 10, "{rule} took too long");
        let msg = err.to_string();
        assert!(msg.contains(want), "{rule}: wanted '{want}' in: {msg}");
        match err {
            Error::Rule {
                record, location, ..
            } => {
                assert_eq!(record, "r");
                assert_eq!(location.file, "pack.toml");
            }
            other => panic!("{rule}: expected a rule error, got {other}"),
        }
    }
}

#[test]
fn eval_and_modules_are_not_available() {
    for rule in ["eval(\"1\")", "import \"x\" as y; 1"] {
        assert!(
            files(&[("pack.toml", &with_rule(rule))]).is_err(),
            "{rule} should not load"
        );
    }
}

#[test]
fn bad_evidence_names_the_record_and_every_bad_field() {
    let p = matang::Pack::builtin("smart-city-quickwin").unwrap();
    let r = record(json!({
        "id": "QW-9", "assessed_on": "2019-13-01", "stage": "launched",
        "trained_staff": -1, "uptime_pct": "abc", "sop_available": "maybe", "ikm_score": 1e300
    }));
    match p.assess(&r, Lang::En).unwrap_err() {
        Error::Evidence { record, problems } => {
            assert!(record.contains("QW-9"));
            let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(
                fields,
                [
                    "assessed_on",
                    "stage",
                    "sop_available",
                    "trained_staff",
                    "uptime_pct",
                    "ikm_score"
                ]
            );
        }
        other => panic!("expected evidence error, got {other}"),
    }
}

#[test]
fn json_values_of_the_wrong_type_are_refused() {
    let p = pack("", 1.0, 1.0, "");
    for bad in [
        json!({"x1": "3,5"}),
        json!({"x1": true}),
        json!({"x1": [1]}),
        json!({"x1": {"a": 1}}),
        json!({"g": false}),
    ] {
        assert!(
            matches!(
                p.assess(&record(bad.clone()), Lang::En),
                Err(Error::Evidence { .. })
            ),
            "{bad}"
        );
    }
    assert!(matang::Record::from_json(json!([1, 2])).is_err());
}

#[test]
fn one_bad_record_never_stops_a_batch() {
    let p = pack("", 1.0, 1.0, "");
    let rs = vec![
        record(json!({"id": "a", "x1": 1})),
        record(json!({"id": "b", "x1": "NaN"})),
        record(json!({"id": "c", "y": 2})),
    ];
    let out = p.assess_many(&rs, Lang::En);
    assert!(out[0].is_ok() && out[1].is_err() && out[2].is_ok());
}

#[test]
fn bad_input_files_give_file_and_line() {
    use matang::input::parse_bytes;
    let cases: [(&[u8], &str, &str); 6] = [
        (b"", "x.csv", "empty"),
        (b"id,a,a\n1,2,3\n", "x.csv", "appears twice"),
        (b"id,a\n1,2\n3,4,5\n", "x.csv", "x.csv:3"),
        (b"[{\"a\": NaN}]", "x.json", "x.json:1"),
        (b"{\"a\":1}\n[1]\n", "x.jsonl", "x.jsonl:2"),
        (b"id,a\n\0\xfe\n", "x.csv", "not text"),
    ];
    for (bytes, name, want) in cases {
        let e = parse_bytes(bytes, name, None).unwrap_err().to_string();
        assert!(e.contains(want), "wanted '{want}' in: {e}");
    }
}

#[test]
fn indonesian_csv_is_read_the_same_as_the_plain_one() {
    let p = matang::Pack::builtin("smart-city-quickwin").unwrap();
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../rules/smart-city-quickwin/examples/"
    );
    let plain = matang::input::read_path(&format!("{dir}portfolio.csv")).unwrap();
    let local = matang::input::read_path(&format!("{dir}portfolio-id.csv")).unwrap();
    assert_eq!(
        p.assess_many(&plain, Lang::Id),
        p.assess_many(&local, Lang::Id)
            .into_iter()
            .map(|r| r.map(|mut a| {
                a.warnings.clear();
                a
            }))
            .collect::<Vec<_>>()
    );
    // A point-decimal number in a semicolon file is ambiguous and refused, not misread.
    let recs = matang::input::parse_bytes(
        b"id;assessed_on;stage;uptime_pct\nq;2019-10-01;live;99.5\n",
        "x.csv",
        None,
    )
    .unwrap();
    let e = p.assess(&recs[0], Lang::En).unwrap_err().to_string();
    assert!(
        e.contains("uptime_pct") && e.contains("ambiguous") && e.contains("x.csv line 2"),
        "{e}"
    );
}
