//! Workbooks both ways: the example portfolio typed into an xlsx (numbers and dates as
//! values) scores as the CSV does; the ranking workbook reads back with the same ids,
//! totals, levels and selection; a text cell in a number column names its sheet and cell.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod cli_support;
use calamine::{Data, Reader};
use cli_support::{PORTFOLIO, ROOT, matang, temp_file};
use matang::{FieldKind, Pack};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// The example portfolio as a workbook on sheet `sheet`, typed the way a person types it
/// into Excel: numbers as numbers, dates as dates, everything else as text.
fn portfolio_workbook(sheet: &str, edit: impl Fn(&str, &str) -> Option<String>) -> Vec<u8> {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let csv = std::fs::read(format!("{ROOT}/{PORTFOLIO}")).unwrap();
    let table = matang::input::parse_table(&csv, "portfolio.csv", None).unwrap();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in (0u16..).zip(&table.header) {
        ws.write_string(0, c, h).unwrap();
    }
    for (r, rec) in (1u32..).zip(&table.records) {
        for (c, h) in (0u16..).zip(&table.header) {
            let Some(raw) = rec.fields.get(h).and_then(|v| v.as_str()) else {
                continue;
            };
            if let Some(text) = edit(h, raw) {
                ws.write_string(r, c, text).unwrap();
                continue;
            }
            match pack.field(h).map(|f| f.kind) {
                Some(FieldKind::Number | FieldKind::Integer) => {
                    ws.write_number(r, c, raw.parse::<f64>().unwrap()).unwrap();
                }
                Some(FieldKind::Date) => {
                    let d = ExcelDateTime::parse_from_str(raw).unwrap();
                    ws.write_datetime_with_format(r, c, &d, &date).unwrap();
                }
                _ => {
                    ws.write_string(r, c, raw).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn typed_workbook_scores_as_the_csv() {
    let path = temp_file(
        "xlsx",
        "portfolio.xlsx",
        &portfolio_workbook("Data", |_, _| None),
    );
    let (code, from_csv, err) = matang(&["assess", "--format", "csv", PORTFOLIO]);
    assert_eq!(code, 0, "{err}");
    let (code, from_xlsx, err) = matang(&["assess", "--format", "csv", &path]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(from_xlsx, from_csv);
    let (code, by_name, err) = matang(&["assess", "--format", "csv", "--sheet", "Data", &path]);
    assert_eq!((code, by_name), (0, from_csv), "{err}");
    let (code, _, err) = matang(&["assess", "--sheet", "Nope", &path]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no sheet 'Nope'; the sheets are: Data"),
        "{err}"
    );
}

#[test]
fn text_in_a_number_column_names_sheet_and_cell() {
    // budget_idr typed as Indonesian text in the second item's row: not guessed at.
    let book = portfolio_workbook("Data", |h, raw| {
        (h == "budget_idr" && raw == "90000000").then(|| "90.000.000".into())
    });
    let path = temp_file("xlsx", "portfolio-text.xlsx", &book);
    let (code, out, err) = matang(&["rank", &path]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    // budget_idr is the 16th column (P); the second item is on row 3.
    assert!(
        err.contains("portfolio-text.xlsx, sheet Data, cell P3: text '90.000.000' in number column 'budget_idr'"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn xlsx_output_needs_a_file() {
    for cmd in ["assess", "rank"] {
        let (code, out, err) = matang(&[cmd, "--format", "xlsx", PORTFOLIO]);
        assert_eq!((code, out.as_str()), (2, ""), "{err}");
        assert!(err.contains("-o FILE.xlsx"), "{err}");
    }
    let (code, _, err) = matang(&["explain", "--id", "QW-01", "--format", "xlsx", PORTFOLIO]);
    assert_eq!(code, 2);
    assert!(err.contains("rank --format xlsx"), "{err}");
}

/// The rows of `sheet` of the workbook at `path`.
fn sheet_rows(path: &str, sheet: &str) -> Vec<Vec<Data>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn column(header: &[Data], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == &Data::String(name.into()))
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

#[test]
fn ranking_workbook_reads_back_as_the_ranking() {
    let out = temp_file("xlsx", "ranking.xlsx", b"");
    let (code, _, err) = matang(&["rank", "--format", "xlsx", "-o", &out, PORTFOLIO]);
    assert_eq!(code, 0, "{err}");
    let (code, json, err) = matang(&["rank", "--format", "json", PORTFOLIO]);
    assert_eq!(code, 0, "{err}");
    let ranking: matang::Ranking = serde_json::from_str(&json).unwrap();

    let rows = sheet_rows(&out, "Peringkat");
    let (header, body) = rows.split_first().unwrap();
    let (id, total, level, pick) = (
        column(header, "ID"),
        column(header, "Skor"),
        column(header, "Level"),
        column(header, "Pilih"),
    );
    assert_eq!(body.len(), ranking.ranking.len());
    for (row, item) in body.iter().zip(&ranking.ranking) {
        assert_eq!(row[id], Data::String(item.id.clone()));
        let Data::Float(t) = row[total] else {
            panic!("total of {} is not a number: {:?}", item.id, row[total]);
        };
        assert!(
            (t - item.total.unwrap()).abs() < 1e-9,
            "{t} vs {:?}",
            item.total
        );
        let label = item.level.as_ref().unwrap().label.clone();
        assert_eq!(row[level], Data::String(label));
        let picked = if item.selected { "ya" } else { "tidak" };
        assert_eq!(row[pick], Data::String(picked.into()));
    }
    let selected: Vec<Data> = sheet_rows(&out, "Pilihan")
        .iter()
        .skip(1)
        .map(|r| r[1].clone())
        .take_while(|c| c != &Data::Empty)
        .collect();
    let expected: Vec<Data> = ranking
        .selected
        .iter()
        .map(|s| Data::String(s.clone()))
        .collect();
    assert_eq!(selected, expected);
    // A sheet per dimension, in the language asked for.
    let book = calamine::open_workbook_auto(&out).unwrap();
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    assert_eq!(book.sheet_names().len(), 2 + pack.dimensions().len());
}

#[test]
fn assessment_workbook_in_english_and_previous_from_xlsx() {
    let out = temp_file("xlsx", "scores.xlsx", b"");
    let (code, _, err) = matang(&[
        "assess", "--format", "xlsx", "--lang", "en", "-o", &out, PORTFOLIO,
    ]);
    assert_eq!(code, 0, "{err}");
    let rows = sheet_rows(&out, "Assessment");
    assert_eq!(rows[1][0], Data::String("QW-01".into()));
    assert!(matches!(rows[1][2], Data::Float(_)), "{:?}", rows[1]);

    let previous = temp_file(
        "xlsx",
        "previous.xlsx",
        &portfolio_workbook("2018", |_, _| None),
    );
    let (code, with_xlsx, err) = matang(&[
        "rank",
        "--format",
        "csv",
        "--previous",
        &previous,
        PORTFOLIO,
    ]);
    assert_eq!(code, 0, "{err}");
    let (_, with_csv, _) = matang(&[
        "rank",
        "--format",
        "csv",
        "--previous",
        PORTFOLIO,
        PORTFOLIO,
    ]);
    assert_eq!(with_xlsx, with_csv);
}
