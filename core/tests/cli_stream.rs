//! Streaming: `assess --format csv|jsonl` and `rank` read, score and write in chunks and
//! give what the whole-file path gives; a 200,000-row CSV is assessed in bounded memory.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use cli_support::{PORTFOLIO, generated, matang, matang_bytes, run_with_peak, temp_file};
use matang::{Lang, Pack, input, text};

/// The whole-file path, in this process: every record assessed in full.
fn whole_file_csv(csv: &str, dialect: text::CsvDialect) -> String {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let records = input::parse_bytes(csv.as_bytes(), "g.csv", None).unwrap();
    text::assessments_csv_in(&pack, &pack.assess_many(&records, Lang::Id), dialect)
}

#[test]
fn streamed_csv_is_the_whole_file_csv() {
    // More rows than a chunk, with errors, capped levels and verified values among them.
    let csv = generated(5000, true);
    let path = temp_file("stream", "g.csv", csv.as_bytes());
    let (code, out, err) = matang(&["assess", "--format", "csv", &path]);
    assert_eq!(code, 1, "{err}");
    let expected = whole_file_csv(&csv, text::CsvDialect::Plain);
    // Error rows name the file as the CLI read it; the rest is byte for byte the same.
    assert_eq!(out, expected.replace("g.csv", &path));
    let (code, out, err) =
        matang_bytes(&["assess", "--format", "csv", "--csv-dialect", "id", &path]);
    assert_eq!(code, 1, "{err}");
    let expected = whole_file_csv(&csv, text::CsvDialect::Indonesian).replace("g.csv", &path);
    assert_eq!(String::from_utf8(out).unwrap(), expected);
}

#[test]
fn jsonl_has_one_full_assessment_per_line() {
    let csv = generated(3000, true);
    let path = temp_file("stream", "j.csv", csv.as_bytes());
    let (code, out, err) = matang(&["assess", "--format", "jsonl", &path]);
    assert_eq!(code, 1, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3000);
    assert_eq!(lines[1]["id"], "G0000001");
    assert!(
        lines[1]["indicators"].as_array().unwrap().len() > 5,
        "{}",
        lines[1]
    );
    assert!(
        lines[997]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("'many'"),
        "{}",
        lines[997]
    );
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let records = input::parse_bytes(csv.as_bytes(), "j.csv", None).unwrap();
    let a = pack.assess(&records[2500], Lang::Id).unwrap();
    assert_eq!(lines[2500], serde_json::to_value(&a).unwrap());
}

#[test]
fn streamed_rank_is_the_whole_file_rank() {
    let csv = generated(5000, false);
    let path = temp_file("stream", "r.csv", csv.as_bytes());
    let (code, out, err) = matang(&["rank", "--top", "4", "--format", "csv", &path]);
    assert_eq!(code, 0, "{err}");
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let records = input::parse_bytes(csv.as_bytes(), "r.csv", None).unwrap();
    let results = pack.assess_portfolio(&records, Lang::Id);
    let ranking = pack.rank(&results, Some(4), None, Lang::Id);
    assert_eq!(out, text::ranking_csv(&ranking));
    let (code, out, err) = matang(&["rank", "--top", "4", "--format", "jsonl", PORTFOLIO]);
    assert_eq!(code, 0, "{err}");
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["position"], 1);
}

#[test]
#[cfg(target_os = "linux")]
fn assess_of_200k_rows_stays_under_100_mb() {
    let rows = 200_000;
    let path = temp_file("stream", "big.csv", generated(rows, false).as_bytes());
    let out = temp_file("stream", "big-scores.csv", b"");
    let peak = run_with_peak(&["assess", "--format", "csv", "-o", &out, &path]);
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), rows + 1);
    assert!(written.lines().nth(rows).unwrap().starts_with("G0199999,"));
    let _ = (std::fs::remove_file(&path), std::fs::remove_file(&out));
    assert!(peak > 0, "no memory reading");
    assert!(
        peak < 100 * 1024,
        "peak resident memory {peak} kB for {rows} rows"
    );
}
