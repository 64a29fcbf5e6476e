//! CSV read straight into batch columns gives, byte for byte, what reading it as records
//! gives (`MATANG_RECORD_PATH=1`): every row, every error, both dialects.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use cli_support::{ROOT, generated, temp_file};
use std::process::Command;

/// Exit code, standard output and standard error of `matang args`, by columns or records.
fn run(args: &[&str], records: bool) -> (Option<i32>, Vec<u8>, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_matang"));
    cmd.args(args).current_dir(ROOT);
    if records {
        cmd.env("MATANG_RECORD_PATH", "1");
    } else {
        cmd.env_remove("MATANG_RECORD_PATH");
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into();
    (out.status.code(), out.stdout, err)
}

/// `csv` with blank lines, a row of empty cells and padded ids here and there.
fn with_blanks(csv: &str, separator: char) -> String {
    let mut out = String::new();
    for (i, line) in csv.lines().enumerate() {
        if i > 0 && i % 301 == 0 {
            out.push('\n');
        }
        if i > 0 && i % 777 == 0 {
            let cells = line.matches(separator).count();
            out.push_str(&separator.to_string().repeat(cells));
            out.push('\n');
        }
        if i > 0 && i % 433 == 0 {
            out.push(' ');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `csv` as Indonesian Excel writes it: `;`, decimal commas, most dates `dd/mm/yyyy`.
fn indonesian(csv: &str) -> String {
    let mut out = String::new();
    for (i, line) in csv.lines().enumerate() {
        let cells: Vec<String> = line
            .split(',')
            .map(|c| {
                let b = c.as_bytes();
                if i > 0 && b.len() == 10 && b[4] == b'-' && b[7] == b'-' && i % 5 != 0 {
                    format!("{}/{}/{}", &c[8..10], &c[5..7], &c[..4])
                } else if i > 0 && c.parse::<f64>().is_ok() {
                    c.replace('.', ",")
                } else {
                    c.to_string()
                }
            })
            .collect();
        out.push_str(&cells.join(";"));
        out.push('\n');
    }
    out
}

/// Both paths on `csv` for assess (both output dialects) and rank; gives how many
/// commands succeeded.
fn same_both_ways(name: &str, csv: &str) -> usize {
    let path = temp_file("columns", name, csv.as_bytes());
    let mut fine = 0;
    for args in [
        &["assess", "--format", "csv", &path][..],
        &["assess", "--format", "csv", "--csv-dialect", "id", &path],
        &["rank", "--top", "4", "--format", "csv", &path],
        &["rank", "--format", "csv", "--lang", "en", &path],
    ] {
        let columns = run(args, false);
        let records = run(args, true);
        assert!(
            columns == records,
            "{name} {args:?}: the column path differs from the record path{}",
            first_difference(&columns, &records)
        );
        fine += usize::from(columns.0 == Some(0));
    }
    fine
}

fn first_difference(
    a: &(Option<i32>, Vec<u8>, String),
    b: &(Option<i32>, Vec<u8>, String),
) -> String {
    let (a1, b1) = (String::from_utf8_lossy(&a.1), String::from_utf8_lossy(&b.1));
    let line = a1.lines().zip(b1.lines()).find(|(x, y)| x != y);
    format!(
        "\ncode {:?} vs {:?}\nstderr {:?} vs {:?}\nfirst different line: {line:?}\nlines {} vs {}",
        a.0,
        b.0,
        a.2.lines().next(),
        b.2.lines().next(),
        a1.lines().count(),
        b1.lines().count()
    )
}

#[test]
fn columns_give_the_record_paths_output_in_both_dialects() {
    let clean = with_blanks(&generated(5000, false), ',');
    assert_eq!(same_both_ways("clean.csv", &clean), 4);
    let id = with_blanks(&indonesian(&generated(5000, false)), ';');
    assert_eq!(same_both_ways("id.csv", &id), 4);
}

#[test]
fn columns_give_the_record_paths_errors() {
    // Unreadable cells ("many") in every chunk, and ids repeated.
    let bad = with_blanks(&generated(5000, true), ',');
    let bad = bad.replacen("G0000010,", "G0000009,", 1);
    same_both_ways("bad.csv", &bad);
    // An impossible date and an ambiguous one in a `;` file, a row with a cell too many.
    let mut id = indonesian(&generated(3000, false));
    let mut lines: Vec<String> = id.lines().map(str::to_string).collect();
    lines[40] = lines[40].replacen("/10/", "/13/", 1);
    lines[2500] = format!("{};x", lines[2500]);
    id = lines.join("\n");
    same_both_ways("bad-id.csv", &id);
}
