//! The `matang` binary against careless or hostile data: duplicate ids, misnamed columns,
//! exit codes, write errors, very wide rows, formula cells and terminal escapes.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PORTFOLIO: &str = "rules/smart-city-quickwin/examples/portfolio.csv";

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn matang(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_matang"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// A file in the temporary folder, removed when dropped.
struct Temp(PathBuf);

impl Temp {
    fn new(name: &str, text: &str) -> Temp {
        let path = std::env::temp_dir().join(format!("matang-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        Temp(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The bundled portfolio with QW-04's row given again at the end (line 16).
fn portfolio_with_qw04_twice() -> Temp {
    let text = std::fs::read_to_string(root().join(PORTFOLIO)).unwrap();
    let qw04 = text.lines().find(|l| l.starts_with("QW-04,")).unwrap();
    let mut twice = text.clone();
    if !twice.ends_with('\n') {
        twice.push('\n');
    }
    twice.push_str(qw04);
    twice.push('\n');
    Temp::new("twice.csv", &twice)
}

#[test]
fn rank_never_selects_a_duplicate_id_and_names_both_lines() {
    let file = portfolio_with_qw04_twice();
    let (code, out, err) = matang(&["rank", "--format", "json", "--top", "4", file.path()]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let selected: Vec<&str> = v["selected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(
        selected.iter().filter(|s| **s == "QW-04").count(),
        1,
        "{selected:?}"
    );
    assert_eq!(selected.len(), 4);
    let errors: Vec<&str> = v["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["error"].as_str())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("id 'QW-04' appears twice: ")
            && errors[0].contains("twice.csv line 5 and line 16"),
        "{}",
        errors[0]
    );
    // The table and the HTML report say the same, and exit 1 too.
    let (code, out, _) = matang(&["rank", file.path()]);
    assert_eq!(code, 1);
    // The table wraps long reasons at 80 columns: compare its words.
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("id 'QW-04' appears twice"), "{out}");
    let html = Temp::new("twice.html", "");
    let (code, _, err) = matang(&["report", file.path(), "-o", html.path()]);
    assert_eq!(code, 1, "{err}");
    let report = std::fs::read_to_string(&html.0).unwrap();
    assert!(report.contains("appears twice"));
}

#[test]
fn a_duplicate_id_in_the_previous_file_is_reported_not_overwritten() {
    let previous = Temp::new("prev.csv", "id,total\nQW-04,1\nQW-01,2\nQW-04,4.5\n");
    let (code, out, err) = matang(&[
        "rank",
        "--format",
        "json",
        "--previous",
        previous.path(),
        PORTFOLIO,
    ]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let warnings = v["warnings"].to_string();
    assert!(
        warnings.contains("id 'QW-04' appears twice: ")
            && warnings.contains("prev.csv line 2 and line 4"),
        "{warnings}"
    );
    // The first row counts (total 1), not the last one (4.5).
    let qw04 = v["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "QW-04")
        .unwrap();
    assert_eq!(qw04["progress"]["previous_total"], 1.0);
}

#[test]
fn explain_refuses_an_ambiguous_id() {
    let file = portfolio_with_qw04_twice();
    let (code, _, err) = matang(&["explain", "--id", "QW-04", file.path()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("id 'QW-04' appears twice") && err.contains("line 16"),
        "{err}"
    );
}

#[test]
fn rank_and_report_exit_1_when_a_record_cannot_be_assessed() {
    let file = Temp::new(
        "bad.csv",
        "id,assessed_on,stage\nQW-1,2019-10-01,live\nQW-2,2019-10-01,launched\n",
    );
    for args in [
        vec!["assess", file.path()],
        vec!["rank", file.path()],
        vec!["report", file.path()],
    ] {
        let (code, out, err) = matang(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(
            out.contains("QW-1"),
            "{args:?}: the others are still printed"
        );
    }
    let good = Temp::new("good.csv", "id,assessed_on,stage\nQW-1,2019-10-01,live\n");
    for command in ["assess", "rank", "report"] {
        assert_eq!(matang(&[command, good.path()]).0, 0, "{command}");
    }
}

#[test]
fn write_errors_exit_2_with_a_message() {
    for args in [
        vec!["assess", PORTFOLIO],
        vec!["rank", "--format", "csv", PORTFOLIO],
        vec!["check", "rules/spbe"],
        vec!["report", PORTFOLIO],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_matang"))
            .args(&args)
            .current_dir(root())
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("standard output") && err.contains("No space left"),
            "{err}"
        );
    }
    let (code, _, err) = matang(&["report", PORTFOLIO, "-o", "/dev/full"]);
    assert_eq!(code, 2);
    assert!(err.contains("/dev/full"), "{err}");
}

#[test]
fn a_column_that_looks_like_a_field_is_an_error_with_a_suggestion() {
    let file = Temp::new(
        "golive.csv",
        "id,assessed_on,stage,go_live,colour\nQW-1,2019-10-01,live,2019-01-01,red\n",
    );
    for command in ["assess", "rank", "report"] {
        let (code, out, err) = matang(&[command, file.path()]);
        assert_eq!(code, 2, "{command}: {out}");
        assert!(
            err.contains(
                "golive.csv:1: column 'go_live' is not a field of pack 'smart-city-quickwin'; \
                 did you mean 'go_live_date'?"
            ),
            "{command}: {err}"
        );
    }
    let jsonl = Temp::new(
        "case.jsonl",
        "{\"id\": \"a\", \"stage\": \"live\"}\n{\"id\": \"b\", \"Stage\": \"idea\"}\n",
    );
    let (code, _, err) = matang(&["assess", jsonl.path()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("column 'Stage' is not a field") && err.contains("did you mean 'stage'?"),
        "{err}"
    );
}

#[test]
fn other_unknown_columns_warn_once_per_file() {
    let mut text = String::from("id,assessed_on,stage,colour,notes\n");
    for i in 0..50 {
        text.push_str(&format!("QW-{i},2019-10-01,live,red,n\n"));
    }
    let file = Temp::new("extra.csv", &text);
    let (code, _, err) = matang(&["assess", file.path()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("2 columns are not fields of pack 'smart-city-quickwin' and are ignored: 'colour', 'notes'"), "{err}");
}

/// Runs `matang assess` on one record with `n` unknown columns; its time, or a failure
/// when it takes longer than `limit`.
fn wide_row(n: usize, limit: Duration) -> Duration {
    let mut header = String::from("id,assessed_on,stage");
    let mut row = String::from("QW-1,2019-10-01,live");
    for i in 0..n {
        header.push_str(&format!(",extra_column_{i:07}"));
        row.push_str(",1");
    }
    let file = Temp::new(&format!("wide-{n}.csv"), &format!("{header}\n{row}\n"));
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_matang"))
        .args(["assess", "--format", "csv", file.path()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{n} columns took more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{n} columns are not fields")),
        "{err}"
    );
    assert!(err.len() < 1000, "one bounded warning, not one per column");
    start.elapsed()
}

#[test]
fn a_row_of_320_000_columns_is_read_in_linear_time() {
    // Generous for an unoptimised build on a busy machine; the quadratic check took 106 s.
    let small = wide_row(32_000, Duration::from_secs(20));
    let large = wide_row(320_000, Duration::from_secs(20));
    // Ten times the columns: about ten times the time (a quadratic step would be 100).
    assert!(
        large < small * 30 + Duration::from_secs(1),
        "32,000 columns: {small:?}, 320,000 columns: {large:?}"
    );
}

#[test]
fn csv_output_neutralises_formula_cells_but_keeps_negative_numbers() {
    let file = Temp::new(
        "formula.csv",
        "id,name,assessed_on,stage\n\
         QW-1,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",2019-10-01,live\n\
         @SUM(A1),+cmd,2019-10-01,live\n\
         QW-3,-2+3,2019-10-01,live\n",
    );
    let (_, out, _) = matang(&["assess", "--format", "csv", file.path()]);
    assert!(
        out.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""),
        "{out}"
    );
    assert!(out.contains("'@SUM(A1),'+cmd,"), "{out}");
    assert!(out.contains("'-2+3"), "{out}");
    for line in out.lines().skip(1) {
        let first = line.trim_start_matches('"').chars().next().unwrap();
        assert!(!"=+-@".contains(first), "{line}");
    }
    // A fall against last year is a plain negative number in the delta column.
    let previous = Temp::new("high.csv", "id,total\nQW-04,5\n");
    let (_, out, _) = matang(&[
        "rank",
        "--format",
        "csv",
        "--previous",
        previous.path(),
        PORTFOLIO,
    ]);
    let qw04 = out.lines().find(|l| l.contains(",QW-04,")).unwrap();
    let delta = qw04.split(',').nth(7).unwrap();
    assert!(
        delta.starts_with('-') && delta.parse::<f64>().unwrap() < 0.0,
        "{qw04}"
    );
}

#[test]
fn terminal_output_has_no_escape_sequences_from_the_data() {
    let esc = "\u{1b}[2J\u{1b}]0;pwned\u{7}";
    let file = Temp::new(
        "escape.csv",
        &format!(
            "id,name,assessed_on,stage,note{esc}\n\
             QW-1,\"Pasar{esc} Satrio\nfake line\",2019-10-01,live,x\n\
             QW-2{esc},x,2019-10-01,launched{esc},y\n"
        ),
    );
    for args in [
        vec!["assess", file.path()],
        vec!["rank", file.path()],
        vec!["explain", "--id", "QW-1", file.path()],
    ] {
        let (_, out, err) = matang(&args);
        assert!(
            !out.contains('\u{1b}') && !err.contains('\u{1b}'),
            "{args:?}: {out:?} {err:?}"
        );
        assert!(!out.contains('\u{7}') && !err.contains('\u{7}'), "{args:?}");
        assert!(out.contains("Satrio"), "{args:?}: {out}");
        // A line break in a name does not start a line of its own.
        assert!(
            !out.lines().any(|l| l.starts_with("fake line")),
            "{args:?}: {out}"
        );
    }
    let (code, _, err) = matang(&["explain", "--id", "QW-2\u{1b}[2J", file.path()]);
    assert_eq!(code, 2);
    assert!(!err.contains('\u{1b}'), "{err:?}");
}
