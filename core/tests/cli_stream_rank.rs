//! `rank` in bounded memory: items beyond a budget are spilled to sorted runs in files and
//! merged; the output is byte for byte the in-memory ranking's, and 200,000 rows rank in
//! under 100 MB.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use cli_support::{PREVIOUS, ROOT, generated, run_with_peak, temp_file};
use matang::{Lang, Pack, input, text};
use std::process::Command;

/// The hidden run budget (bytes): tiny forces many runs, and merges of runs.
const RUN_BYTES: &str = "MATANG_RANK_RUN_BYTES";

/// Exit code, standard output and standard error of `matang args` with the run budget.
fn rank(args: &[&str], budget: Option<&str>) -> (i32, Vec<u8>, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_matang"));
    cmd.arg("rank").args(args).current_dir(ROOT);
    if let Some(b) = budget {
        cmd.env(RUN_BYTES, b);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// [`generated`] with ids repeated within a chunk and across chunks, and unreadable rows.
fn with_repeats(n: usize) -> String {
    let csv = generated(n, true);
    let mut out = String::new();
    for (i, line) in csv.lines().enumerate() {
        let row = i.wrapping_sub(1);
        let line = if i > 0 && row % 1009 == 500 {
            line.replacen(&format!("G{row:07}"), &format!("G{:07}", row - 3), 1)
        } else if i > 0 && row % 2503 == 2400 {
            line.replacen(&format!("G{row:07}"), &format!("G{:07}", row - 2300), 1)
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn a_spilled_rank_is_the_in_memory_rank() {
    let csv = with_repeats(6000);
    let path = temp_file("stream-rank", "s.csv", csv.as_bytes());
    let cases: [&[&str]; 5] = [
        &["--top", "4", "--format", "csv"],
        &[
            "--format",
            "csv",
            "--csv-dialect",
            "id",
            "--previous",
            PREVIOUS,
        ],
        &["--top", "7", "--format", "jsonl"],
        &["--top", "3", "--format", "json"],
        &["--format", "table", "--lang", "en"],
    ];
    for case in cases {
        let args: Vec<&str> = case.iter().copied().chain([path.as_str()]).collect();
        let whole = rank(&args, None);
        assert_eq!(whole.0, 1, "{case:?}: {}", whole.2);
        // 2 kB runs: thousands of runs, merged 64 at a time before the last merge.
        let spilled = rank(&args, Some("2000"));
        assert_eq!(spilled.0, whole.0, "{case:?}: {}", spilled.2);
        assert!(
            spilled.1 == whole.1,
            "{case:?}: the spilled ranking differs:\n{}",
            first_difference(&spilled.1, &whole.1)
        );
    }
    // And both are the library's ranking of the whole file (ties in input order, repeated
    // ids and unreadable rows last, in input order).
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let records = input::parse_bytes(csv.as_bytes(), "s.csv", None).unwrap();
    let results = pack.assess_portfolio(&records, Lang::Id);
    let ranking = pack.rank(&results, Some(4), None, Lang::Id);
    assert!(ranking.ranking.iter().any(|r| r.error.is_some()));
    let (_, out, _) = rank(&["--top", "4", "--format", "csv", &path], Some("2000"));
    let out = String::from_utf8(out).unwrap();
    let expected = text::ranking_csv(&ranking);
    let expected = expected.replace("s.csv", &path);
    // Within-chunk repeats name lines; the library's whole-file pass names them too.
    let repeats = |s: &str| s.lines().filter(|l| l.contains("appears twice")).count();
    assert_eq!(repeats(&out), repeats(&expected));
    let ranked = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.contains("appears twice"))
            .map(String::from)
            .collect()
    };
    assert_eq!(ranked(&out), ranked(&expected));
}

#[test]
fn a_bad_input_leaves_no_output_file() {
    let path = temp_file(
        "stream-rank",
        "bad.csv",
        b"id,stage\nQW-1,live\nQW-2,idea,extra\n",
    );
    let out = format!("{path}.ranking.csv");
    let (code, _, err) = rank(&["--format", "csv", "-o", &out, &path], None);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.csv") && err.contains('3'), "{err}");
    assert!(!std::path::Path::new(&out).exists(), "{out} was written");
}

/// The first line where `a` and `b` differ.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let mut lines = a.lines().zip(b.lines()).enumerate();
    lines.find(|(_, (x, y))| x != y).map_or_else(
        || format!("{} vs {} lines", a.lines().count(), b.lines().count()),
        |(i, (x, y))| format!("line {}:\n{x}\n{y}", i + 1),
    )
}

#[test]
#[cfg(target_os = "linux")]
fn rank_of_200k_rows_stays_under_100_mb() {
    let rows = 200_000;
    let path = temp_file("stream-rank", "big.csv", generated(rows, false).as_bytes());
    let out = temp_file("stream-rank", "big-ranking.csv", b"");
    let peak = run_with_peak(&["rank", "--top", "4", "--format", "csv", "-o", &out, &path]);
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), rows + 1);
    assert!(written.lines().nth(1).unwrap().starts_with("1,"));
    assert!(written.lines().nth(rows).unwrap().starts_with("200000,"));
    let _ = (std::fs::remove_file(&path), std::fs::remove_file(&out));
    assert!(peak > 0, "no memory reading");
    assert!(
        peak < 100 * 1024,
        "peak resident memory {peak} kB for {rows} rows"
    );
}
