//! `matang plan -o plan.xlsx`: the action plan as a workbook reads back with the same items,
//! evidence changes and target levels as the CSV.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use calamine::{Data, Reader};
use cli_support::{PORTFOLIO, matang};

/// A cell as the CSV writes it: numbers without a needless `.0`.
fn text(d: &Data) -> String {
    match d {
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{x:.0}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// A CSV value, its number written as [`text`] writes a cell's (the CSV has `84.0`).
fn same_number(s: &str) -> String {
    match s.parse::<f64>() {
        Ok(x) => text(&Data::Float(x)),
        Err(_) => s.to_string(),
    }
}

#[test]
fn workbook_has_the_rows_of_the_csv_grouped_by_office() {
    let dir = std::env::temp_dir().join(format!("matang-plan-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("rencana.xlsx");
    let out = path.to_str().unwrap();
    // The format follows the file's name.
    let (code, _, err) = matang(&["plan", "--by", "opd", "-o", out, PORTFOLIO]);
    assert_eq!(code, 0, "{err}");
    let (code, csv, err) = matang(&["plan", "--by", "opd", "--format", "csv", PORTFOLIO]);
    assert_eq!(code, 0, "{err}");

    let mut book = calamine::open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Rencana aksi"]);
    let range = book.worksheet_range("Rencana aksi").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let head: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(
        head[0], "OPD pengampu",
        "grouped by the field's label: {head:?}"
    );
    assert_eq!(head[12], "Selesai");

    // group, id, name, level, target level, field, from, to, step: as the CSV has them.
    let from_book: Vec<Vec<String>> = rows[1..]
        .iter()
        .map(|r| [0, 1, 2, 4, 6, 7, 9, 10, 11].map(|c| text(&r[c])).to_vec())
        .collect();
    let from_csv: Vec<Vec<String>> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(same_number).collect())
        .collect();
    assert!(from_csv.len() > 10, "{csv}");
    assert_eq!(from_book, from_csv);

    // Numbers stay numbers, and the levels are words as well as numbers.
    let sipipa = rows[1..].iter().find(|r| r[1] == "QW-02").unwrap();
    assert_eq!(sipipa[7], "transactions_month");
    assert_eq!(
        (&sipipa[9], &sipipa[10]),
        (&Data::Float(650.0), &Data::Float(1000.0))
    );
    assert_eq!(
        (&sipipa[5], &sipipa[6]),
        (&Data::from("Terpadu & Terukur"), &Data::Float(4.0))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn workbook_to_a_terminal_is_refused() {
    let (code, out, err) = matang(&["plan", "--format", "xlsx", PORTFOLIO]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("-o FILE.xlsx"), "{err}");
}
