//! Indonesian spreadsheets both ways: `--csv-dialect id` output read back with the same
//! totals, windows-1252 input, and `dd/mm/yyyy` dates in `;`-separated files only.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::process::Command;

fn matang(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_matang"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

const PORTFOLIO: &str = "rules/smart-city-quickwin/examples/portfolio.csv";

fn temp_file(name: &str, content: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("matang-cli-dialect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.to_string_lossy().into_owned()
}

/// (id, total) of each row of an assessments CSV, the total as written.
fn totals(csv: &[u8], name: &str) -> Vec<(String, String)> {
    matang::input::parse_bytes(csv, name, None)
        .unwrap()
        .iter()
        .map(|r| (r.id(), r.fields["total"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn indonesian_dialect_round_trip_keeps_the_totals() {
    let (code, plain, err) = matang(&["assess", "--format", "csv", PORTFOLIO]);
    assert_eq!(code, 0, "{err}");
    let (code, local, err) = matang(&[
        "assess",
        "--format",
        "csv",
        "--csv-dialect",
        "id",
        PORTFOLIO,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(local.starts_with("\u{feff}id;name;total;".as_bytes()));
    let plain = totals(&plain, "plain.csv");
    let local = totals(&local, "local.csv");
    assert_eq!(plain.len(), 14);
    assert!(local.iter().any(|(_, t)| t.contains(',')), "{local:?}");
    let local: Vec<(String, String)> = local
        .into_iter()
        .map(|(id, t)| (id, t.replace(',', ".")))
        .collect();
    assert_eq!(plain, local);

    // matang reads its own Indonesian output back as last year's totals: no change at all.
    let (_, local, _) = matang(&[
        "assess",
        "--format",
        "csv",
        "--csv-dialect",
        "id",
        PORTFOLIO,
    ]);
    let previous = temp_file("previous-id.csv", &local);
    let (code, out, err) = matang(&[
        "rank",
        "--format",
        "json",
        "--previous",
        &previous,
        PORTFOLIO,
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for r in v["ranking"].as_array().unwrap() {
        let delta = r["progress"]["delta"].as_f64().unwrap();
        assert!(delta.abs() < 1e-5, "{r}");
    }
}

#[test]
fn indonesian_dialect_for_rank_and_refused_without_csv() {
    let (code, out, _) = matang(&["rank", "--format", "csv", "--csv-dialect", "id", PORTFOLIO]);
    assert_eq!(code, 0);
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("\u{feff}position;id;name;total;"), "{out}");
    assert!(
        out.contains(";progress_reason;capped_by;verified;"),
        "{out}"
    );
    let (code, _, err) = matang(&["rank", "--csv-dialect", "id", PORTFOLIO]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--csv-dialect id is for --format csv"),
        "{err}"
    );
}

#[test]
fn windows_1252_file_with_an_accent_is_read() {
    let f = temp_file(
        "cp1252.csv",
        b"id,name,assessed_on,stage\nQW-1,Caf\xe9 Kota,2019-10-01,live\n",
    );
    let (code, out, err) = matang(&["assess", "--format", "csv", &f]);
    assert_eq!(code, 0, "{err}");
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("QW-1,Café Kota,"), "{out}");
}

#[test]
fn day_first_dates_in_semicolon_files_only() {
    let iso = temp_file("iso.csv", b"id;assessed_on;stage\nQW-1;2019-10-03;live\n");
    let local = temp_file("local.csv", b"id;assessed_on;stage\nQW-1;03/10/2019;live\n");
    let (code, want, err) = matang(&["assess", "--format", "csv", &iso]);
    assert_eq!(code, 0, "{err}");
    let (code, got, err) = matang(&["assess", "--format", "csv", &local]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(got, want);

    // In a comma-separated file 03/10/2019 may be month first: refused with file and line.
    let ambiguous = temp_file(
        "ambiguous.csv",
        b"id,assessed_on,stage\nQW-1,03/10/2019,live\n",
    );
    let (code, out, _) = matang(&["assess", "--format", "csv", &ambiguous]);
    assert_eq!(code, 1);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("ambiguous.csv line 2"), "{out}");
    assert!(out.contains("'03/10/2019' is not a date"), "{out}");
    // A day-first date that no calendar has is refused, not rolled over.
    let bad = temp_file("bad.csv", b"id;assessed_on;stage\nQW-1;31/02/2019;live\n");
    let (code, out, _) = matang(&["assess", "--format", "csv", &bad]);
    assert_eq!(code, 1);
    assert!(
        String::from_utf8(out)
            .unwrap()
            .contains("not a real calendar date")
    );
}
