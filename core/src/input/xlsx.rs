//! Reading portfolios from workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) with `calamine`.
//! Cells arrive typed: numbers and dates are values, so nothing depends on the locale the
//! workbook was written in. The first row of the sheet names the fields; errors name the
//! file, sheet and cell (`portfolio.xlsx, sheet Data, cell C7`).
//!
//! ```no_run
//! use matang::{Pack, input::xlsx};
//! let pack = Pack::builtin("smart-city-quickwin")?;
//! let table = xlsx::read_workbook("portfolio.xlsx", Some("Data"), &pack)?;
//! println!("{} records", table.records.len());
//! # Ok::<(), matang::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::input::Table;
use crate::model::field::{FieldKind, NumberFormat};
use crate::model::record::Record;
use crate::pack::Pack;
use calamine::{Data, Range, Reader};
use serde_json::{Map, Value as Json};
use std::io::Cursor;

/// File name endings read as workbooks.
const ENDINGS: &[&str] = &[".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"];

/// Whether `path` names a workbook (by its ending, any case).
#[must_use]
pub fn is_workbook(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    ENDINGS.iter().any(|e| lower.ends_with(e))
}

/// Reads the records of one sheet of the workbook at `path` (the first sheet when `sheet`
/// is `None`), with the cells of `pack`'s fields checked against their types.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::Input`] naming the file, sheet and
/// cell for a workbook that cannot be read, an unknown sheet, or a cell that cannot be
/// evidence (text in a number column, an error cell such as `#DIV/0!`, a duration).
pub fn read_workbook(path: &str, sheet: Option<&str>, pack: &Pack) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(std::path::Path::new(path), &e))?;
    parse_workbook(bytes, path, sheet, pack)
}

/// [`read_workbook`] from the bytes of a workbook named `source_name`.
///
/// # Errors
/// As [`read_workbook`].
pub fn parse_workbook(
    bytes: Vec<u8>,
    source_name: &str,
    sheet: Option<&str>,
    pack: &Pack,
) -> Result<Table> {
    let whole = |message: String| Error::Input {
        source_name: source_name.to_string(),
        line: 0,
        message,
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| whole(format!("cannot read the workbook: {e}")))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                whole(format!(
                    "no sheet '{s}'; the sheets are: {}",
                    names.join(", ")
                ))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| whole("the workbook has no sheets".into()))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| whole(format!("cannot read sheet '{name}': {e}")))?;
    read_range(&range, source_name, &name, pack)
}

/// `C7` for the 0-based row 6, column 2.
#[must_use]
pub fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    let letters: String = letters.iter().rev().collect();
    format!("{letters}{}", row + 1)
}

fn read_range(range: &Range<Data>, source_name: &str, sheet: &str, pack: &Pack) -> Result<Table> {
    let place = format!("{source_name}, sheet {sheet}");
    let at = |row: u32, column: u32, message: String| Error::Input {
        source_name: format!("{place}, cell {}", cell_name(row, column)),
        line: 0,
        message,
    };
    let Some((top, left)) = range.start() else {
        return Err(Error::Input {
            source_name: place,
            line: 0,
            message: "the sheet is empty: expected a header row of field ids".into(),
        });
    };
    let mut rows = range.rows();
    let header_row = rows.next().unwrap_or_default();
    let width = range.width();
    // A column with neither a header nor data is spreadsheet formatting, not a column.
    let used = |c: usize| range.rows().skip(1).any(|r| !is_blank(&r[c]));
    let mut columns: Vec<Option<(String, Option<FieldKind>)>> = Vec::with_capacity(width);
    let mut seen = std::collections::HashSet::new();
    for (c, cell) in header_row.iter().enumerate() {
        let column = left + u32::try_from(c).unwrap_or(u32::MAX);
        let name = match cell {
            Data::String(s) => s.trim().to_string(),
            Data::Empty => String::new(),
            other => other.to_string().trim().to_string(),
        };
        if name.is_empty() {
            if used(c) {
                return Err(at(
                    top,
                    column,
                    "this column has data but no header (the first row names the fields)".into(),
                ));
            }
            columns.push(None);
            continue;
        }
        if !seen.insert(name.clone()) {
            return Err(at(
                top,
                column,
                format!("column '{name}' appears twice in the header"),
            ));
        }
        let kind = pack.field(&name).map(|f| f.kind);
        columns.push(Some((name, kind)));
    }
    let header: Vec<String> = columns.iter().flatten().map(|(n, _)| n.clone()).collect();
    let mut records = Vec::new();
    for (i, row) in rows.enumerate() {
        let r = top + 1 + u32::try_from(i).unwrap_or(u32::MAX);
        if row.iter().all(is_blank) {
            continue;
        }
        let mut fields = Map::new();
        for (c, cell) in row.iter().enumerate() {
            let Some((name, kind)) = &columns[c] else {
                continue;
            };
            let column = left + u32::try_from(c).unwrap_or(u32::MAX);
            if let Some(v) = cell_value(cell, name, *kind).map_err(|m| at(r, column, m))? {
                fields.insert(name.clone(), v);
            }
        }
        records.push(Record {
            fields,
            numbers: NumberFormat::Point,
            origin: Some(format!("{place}, row {}", r + 1)),
        });
    }
    Ok(Table {
        records,
        header,
        source_name: place,
    })
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A cell as a JSON value for the field `kind` of column `name` (`None`: blank).
fn cell_value(
    cell: &Data,
    name: &str,
    kind: Option<FieldKind>,
) -> std::result::Result<Option<Json>, String> {
    let number_column = matches!(kind, Some(FieldKind::Number | FieldKind::Integer));
    Ok(Some(match cell {
        Data::Empty => return Ok(None),
        Data::String(s) if s.trim().is_empty() => return Ok(None),
        Data::String(s) if number_column => {
            return Err(format!(
                "text '{}' in number column '{name}': type the number into the cell as a \
                 number (text is not read as a number, so no locale is guessed)",
                crate::excerpt::token(s)
            ));
        }
        Data::String(s) => Json::String(s.clone()),
        Data::Int(i) => Json::from(*i),
        Data::Float(f) => number(*f),
        Data::Bool(b) => Json::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => {
            if number_column {
                return Err(format!(
                    "a date in number column '{name}': type the number into the cell"
                ));
            }
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            Json::String(format!("{y:04}-{m:02}-{day:02}"))
        }
        Data::DateTimeIso(s) if !number_column && is_iso_date(s) => Json::String(s[..10].into()),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            return Err(format!(
                "a time or duration in column '{name}' is not evidence: give a date or a number"
            ));
        }
        Data::Error(e) => {
            return Err(format!(
                "the cell holds the spreadsheet error {e}; fix the formula or clear the cell"
            ));
        }
    }))
}

/// A number cell: whole numbers as integers, so an id typed as `7` stays `7`.
fn number(f: f64) -> Json {
    // Whole numbers within the exact range of f64 convert without loss.
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation)]
        return Json::from(f as i64);
    }
    serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && (b.len() == 10 || b[10] == b'T')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_like_a_spreadsheet() {
        assert_eq!(cell_name(6, 2), "C7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 701), "ZZ10");
        assert_eq!(cell_name(0, 702), "AAA1");
    }

    #[test]
    fn text_in_a_number_column_is_refused() {
        let e = cell_value(
            &Data::String("1.200".into()),
            "budget_idr",
            Some(FieldKind::Number),
        );
        assert!(e.unwrap_err().contains("number column 'budget_idr'"));
        let v = cell_value(&Data::String("live".into()), "stage", Some(FieldKind::Enum));
        assert_eq!(v.unwrap(), Some(Json::String("live".into())));
        assert_eq!(number(7.0), Json::from(7));
        assert!(is_iso_date("2019-10-01T00:00:00") && !is_iso_date("01/10/2019"));
    }
}
