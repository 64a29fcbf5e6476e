//! The command line's conventions: enumerated options, refused formats, each error once,
//! the list of built-in packs, shell completions and help with examples and exit codes.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use cli_support::{PORTFOLIO, matang, temp_file};

#[test]
fn lang_and_format_are_enumerated() {
    let (code, _, err) = matang(&["assess", "--lang", "fr", PORTFOLIO]);
    assert_eq!(code, 2);
    assert!(err.contains("[possible values: id, en]"), "{err}");
    let (code, _, err) = matang(&["assess", "--format", "xml", PORTFOLIO]);
    assert_eq!(code, 2);
    assert!(
        err.contains("[possible values: table, json, csv, jsonl, xlsx]"),
        "{err}"
    );
}

#[test]
fn explain_refuses_csv_instead_of_printing_text() {
    let (code, out, err) = matang(&["explain", "--format", "csv", "--id", "QW-04", PORTFOLIO]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("assess --format csv"), "{err}");
}

#[test]
fn every_error_names_its_record_and_place_once() {
    let f = temp_file(
        "cli-conv",
        "bad.csv",
        b"id,assessed_on,stage,uptime_pct\nQW-1,2019-10-01,live,abc\n",
    );
    for args in [
        vec!["assess", f.as_str()],
        vec!["assess", "--format", "csv", f.as_str()],
        vec!["rank", f.as_str()],
        vec!["rank", "--format", "csv", f.as_str()],
    ] {
        let (code, out, _) = matang(&args);
        assert_eq!(code, 1, "{args:?}");
        assert_eq!(out.matches("line 2").count(), 1, "{args:?}:\n{out}");
        assert!(out.contains("uptime_pct"), "{out}");
    }
}

#[test]
fn packs_lists_id_version_and_fingerprint() {
    let (code, out, _) = matang(&["packs"]);
    assert_eq!(code, 0);
    let line = out
        .lines()
        .find(|l| l.starts_with("smart-city-quickwin\t"))
        .unwrap();
    let cells: Vec<&str> = line.split('\t').collect();
    let pack = matang::Pack::builtin("smart-city-quickwin").unwrap();
    assert_eq!(cells, [pack.id(), pack.version(), pack.fingerprint()]);
}

#[test]
fn completions_for_each_shell() {
    for (shell, mark) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef matang"),
        ("fish", "complete -c matang"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, out, err) = matang(&["completions", shell]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(mark), "{shell}: {out}");
        assert!(out.contains("explain"), "{shell}");
    }
}

#[test]
fn the_manual_page_is_roff_and_names_every_command() {
    let (code, out, err) = matang(&["manpage"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(".TH matang 1"), "{out}");
    for command in [
        "assess", "rank", "explain", "report", "plan", "check", "doc", "template",
    ] {
        assert!(
            out.contains(&format!("matang\\-{command}")),
            "{command} missing:\n{out}"
        );
    }
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let (code, out, _) = matang(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Examples:") && out.contains("matang rank --top 4"),
        "{out}"
    );
    assert!(
        out.contains("Exit codes:") && out.contains("  2  "),
        "{out}"
    );
}

#[test]
fn rank_json_names_the_engine_version() {
    let (code, out, _) = matang(&["rank", "--format", "json", PORTFOLIO]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["matang"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["pack"]["id"], "smart-city-quickwin");
}
