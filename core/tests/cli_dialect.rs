//! Indonesian spreadsheets both ways: `--csv-dialect id` output read back with the same
//! totals, windows-1252 input, and `dd/mm/yyyy` dates in `;`-separated files only.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use cli_support::{PORTFOLIO, matang_bytes, temp_file};

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
    let (code, plain, err) = matang_bytes(&["assess", "--format", "csv", PORTFOLIO]);
    assert_eq!(code, 0, "{err}");
    let (code, local, err) = matang_bytes(&[
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
    let (_, local, _) = matang_bytes(&[
        "assess",
        "--format",
        "csv",
        "--csv-dialect",
        "id",
        PORTFOLIO,
    ]);
    let previous = temp_file("cli-dialect", "previous-id.csv", &local);
    let (code, out, err) = matang_bytes(&[
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
    let (code, out, _) =
        matang_bytes(&["rank", "--format", "csv", "--csv-dialect", "id", PORTFOLIO]);
    assert_eq!(code, 0);
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("\u{feff}position;id;name;total;"), "{out}");
    assert!(
        out.contains(";progress_reason;capped_by;verified;"),
        "{out}"
    );
    let (code, _, err) = matang_bytes(&["rank", "--csv-dialect", "id", PORTFOLIO]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--csv-dialect id is for --format csv"),
        "{err}"
    );
}

#[test]
fn windows_1252_file_with_an_accent_is_read() {
    let f = temp_file(
        "cli-dialect",
        "cp1252.csv",
        b"id,name,assessed_on,stage\nQW-1,Caf\xe9 Kota,2019-10-01,live\n",
    );
    let (code, out, err) = matang_bytes(&["assess", "--format", "csv", &f]);
    assert_eq!(code, 0, "{err}");
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("QW-1,Café Kota,"), "{out}");
}

#[test]
fn day_first_dates_in_semicolon_files_only() {
    let iso = temp_file(
        "cli-dialect",
        "iso.csv",
        b"id;assessed_on;stage\nQW-1;2019-10-03;live\n",
    );
    let local = temp_file(
        "cli-dialect",
        "local.csv",
        b"id;assessed_on;stage\nQW-1;03/10/2019;live\n",
    );
    let (code, want, err) = matang_bytes(&["assess", "--format", "csv", &iso]);
    assert_eq!(code, 0, "{err}");
    let (code, got, err) = matang_bytes(&["assess", "--format", "csv", &local]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(got, want);

    // In a comma-separated file 03/10/2019 may be month first: refused with file and line.
    let ambiguous = temp_file(
        "cli-dialect",
        "ambiguous.csv",
        b"id,assessed_on,stage\nQW-1,03/10/2019,live\n",
    );
    let (code, out, _) = matang_bytes(&["assess", "--format", "csv", &ambiguous]);
    assert_eq!(code, 1);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("ambiguous.csv line 2"), "{out}");
    assert!(out.contains("'03/10/2019' is not a date"), "{out}");
    // A day-first date that no calendar has is refused, not rolled over.
    let bad = temp_file(
        "cli-dialect",
        "bad.csv",
        b"id;assessed_on;stage\nQW-1;31/02/2019;live\n",
    );
    let (code, out, _) = matang_bytes(&["assess", "--format", "csv", &bad]);
    assert_eq!(code, 1);
    assert!(
        String::from_utf8(out)
            .unwrap()
            .contains("not a real calendar date")
    );
}
