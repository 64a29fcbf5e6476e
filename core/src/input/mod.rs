//! Reading portfolios: CSV (comma, or semicolon with decimal commas as an Indonesian
//! spreadsheet exports it, with or without a BOM; UTF-8, or windows-1252 as Excel on Windows
//! writes it), a JSON array of objects, or JSON Lines.
//! Anything that cannot be read for sure is refused with the file and line.

pub mod columns;
pub mod csv_columns;
pub mod decode;
pub mod stream;
pub mod typed_entry;
#[cfg(feature = "xlsx")]
pub mod xlsx;

use crate::error::{Error, Result};
use crate::model::field::NumberFormat;
use crate::model::record::Record;
use serde_json::{Map, Value as Json};
use std::io::Read;
use std::path::Path;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-, semicolon- or tab-separated values with a header row.
    Csv,
    /// A JSON array of objects (or one object).
    Json,
    /// One JSON object per line.
    JsonLines,
}

impl Format {
    /// Guesses the format from a file name's extension.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") || lower.ends_with(".tsv") || lower.ends_with(".txt") {
            Some(Format::Csv)
        } else if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Some(Format::JsonLines)
        } else if lower.ends_with(".json") {
            Some(Format::Json)
        } else {
            None
        }
    }
}

/// Records read from one input, with its column names.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The records, in order.
    pub records: Vec<Record>,
    /// The CSV header's names; empty for JSON, whose records each carry their own keys.
    pub header: Vec<String>,
    /// The file name, or `<stdin>`.
    pub source_name: String,
}

impl Table {
    /// Checks the input's columns against `pack` once (the CSV header, or every key of
    /// the JSON records) and returns the warning for the columns it ignores.
    ///
    /// # Errors
    /// [`Error::Input`] when a column looks like a field, or is unknown and `strict` (see
    /// [`crate::input::columns::ColumnCheck`]).
    pub fn check_columns(&self, pack: &crate::pack::Pack, strict: bool) -> Result<Option<String>> {
        let mut check = crate::input::columns::ColumnCheck::new(pack, &self.source_name, strict);
        if self.header.is_empty() {
            check.check_records(&self.records)?;
        } else {
            check.check(self.header.iter().map(String::as_str), 1)?;
        }
        Ok(check.warning())
    }
}

/// Reads records from a file, or standard input when `path` is `-`.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read, [`Error::Input`] with the line if it cannot be parsed.
pub fn read_path(path: &str) -> Result<Vec<Record>> {
    read_table(path).map(|t| t.records)
}

/// The records of `path` for `pack`: a workbook (`.xlsx`, `.xls`, `.ods`; feature `xlsx`)
/// from `sheet` or its first sheet, with typed cells; otherwise CSV, JSON or JSON Lines.
///
/// # Errors
/// As [`read_table`] and [`xlsx::read_workbook`]; [`Error::Usage`] for a `sheet` of a file
/// that is not a workbook.
pub fn read_for(pack: &crate::pack::Pack, path: &str, sheet: Option<&str>) -> Result<Table> {
    #[cfg(feature = "xlsx")]
    if xlsx::is_workbook(path) {
        return xlsx::read_workbook(path, sheet, pack);
    }
    let _ = pack;
    if let Some(s) = sheet {
        return Err(Error::Usage(format!(
            "sheet {s}: {path} is not a workbook (.xlsx, .xls, .ods)"
        )));
    }
    read_table(path)
}

/// [`read_path`] with the input's column names.
///
/// # Errors
/// As [`read_path`].
pub fn read_table(path: &str) -> Result<Table> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Error::Io {
                path: "<stdin>".into(),
                message: e.to_string(),
            })?;
        buf
    } else {
        std::fs::read(Path::new(path)).map_err(|e| Error::io(Path::new(path), &e))?
    };
    let name = if path == "-" { "<stdin>" } else { path };
    parse_table(&bytes, name, Format::from_name(name))
}

/// Parses records from bytes; `format` is sniffed from the content when `None`.
///
/// ```
/// let csv = "\u{feff}id;uptime_pct\nQW-1;99,5\n";
/// let records = matang::input::parse_bytes(csv.as_bytes(), "x.csv", None).unwrap();
/// assert_eq!(records[0].id(), "QW-1");
/// ```
///
/// # Errors
/// [`Error::Input`] naming `source_name` and the line.
pub fn parse_bytes(bytes: &[u8], source_name: &str, format: Option<Format>) -> Result<Vec<Record>> {
    parse_table(bytes, source_name, format).map(|t| t.records)
}

/// [`parse_bytes`] with the input's column names.
///
/// # Errors
/// As [`parse_bytes`].
pub fn parse_table(bytes: &[u8], source_name: &str, format: Option<Format>) -> Result<Table> {
    let err = |line: usize, message: String| Error::Input {
        source_name: source_name.to_string(),
        line,
        message,
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(err(
            1,
            "the file is UTF-16; save it as UTF-8 (in Excel: 'CSV UTF-8')".into(),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.contains(&0) {
        return Err(err(
            1,
            "the file is not text (a workbook or other binary file); export it as CSV".into(),
        ));
    }
    // Excel's "CSV (Comma delimited)" on Windows writes windows-1252, not UTF-8.
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Err(err(
            0,
            "the file is empty: expected a header row or JSON records".into(),
        ));
    }
    let format = format.unwrap_or_else(|| match text.trim_start().chars().next() {
        Some('[') => Format::Json,
        Some('{') => Format::JsonLines,
        _ => Format::Csv,
    });
    let (records, header) = match format {
        Format::Csv => parse_csv(text, source_name)?,
        Format::Json => (parse_json(text, source_name)?, Vec::new()),
        Format::JsonLines => (parse_json_lines(text, source_name)?, Vec::new()),
    };
    Ok(Table {
        records,
        header,
        source_name: source_name.to_string(),
    })
}

pub(crate) fn object(v: Json, source_name: &str, line: usize, what: &str) -> Result<Record> {
    match v {
        Json::Object(fields) => {
            let mut r = Record::new(fields);
            r.origin = Some(if line > 0 {
                format!("{source_name} line {line}")
            } else {
                format!("{source_name} {what}")
            });
            Ok(r)
        }
        other => Err(Error::Input {
            source_name: source_name.to_string(),
            line,
            message: format!(
                "{what} is not an object of fields: {}",
                truncate(&other.to_string())
            ),
        }),
    }
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}...", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

fn parse_json(text: &str, source_name: &str) -> Result<Vec<Record>> {
    let v: Json = serde_json::from_str(text).map_err(|e| Error::Input {
        source_name: source_name.into(),
        line: e.line(),
        message: format!("invalid JSON at column {}: {e}", e.column()),
    })?;
    match v {
        Json::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| object(item, source_name, 0, &format!("record {}", i + 1)))
            .collect(),
        obj @ Json::Object(_) => Ok(vec![object(obj, source_name, 0, "record 1")?]),
        _ => Err(Error::Input {
            source_name: source_name.into(),
            line: 1,
            message: "expected an array of objects".into(),
        }),
    }
}

fn parse_json_lines(text: &str, source_name: &str) -> Result<Vec<Record>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Json = serde_json::from_str(line).map_err(|e| Error::Input {
            source_name: source_name.into(),
            line: n + 1,
            message: format!("invalid JSON at column {}: {e}", e.column()),
        })?;
        out.push(object(v, source_name, n + 1, "line")?);
    }
    Ok(out)
}

/// The separator used most often outside quotes in the header line.
pub(crate) fn sniff_delimiter(header: &str) -> u8 {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in &mut counts {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|c| c.1)
        .map_or(b',', |c| if c.1 == 0 { b',' } else { c.0 })
}

fn parse_csv(text: &str, source_name: &str) -> Result<(Vec<Record>, Vec<String>)> {
    let header_line = text.lines().next().unwrap_or("");
    let (mut reader, numbers) = csv_reader(header_line, text.as_bytes());
    let headers = csv_headers(&mut reader, source_name)?;
    let mut out = Vec::new();
    let mut row = csv::StringRecord::new();
    while let Some(r) = csv_next(&mut reader, &headers, numbers, source_name, &mut row)? {
        out.extend(r);
    }
    Ok((out, headers))
}

/// A CSV reader with the delimiter sniffed from the header line, and the number convention
/// that goes with it (semicolons: decimal commas).
pub(crate) fn csv_reader<R: Read>(
    header_line: &str,
    input: R,
) -> (csv::Reader<Tap<R>>, NumberFormat) {
    let delimiter = sniff_delimiter(header_line);
    let numbers = if delimiter == b';' {
        NumberFormat::Comma
    } else {
        NumberFormat::Point
    };
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(Tap::new(input));
    (reader, numbers)
}

/// An input that remembers the last bytes the CSV reader took from it (the reader's own
/// buffer is smaller), so a record's line can be counted: see [`record_line`].
pub(crate) struct Tap<R> {
    input: R,
    /// The last [`RECENT`] bytes read, byte `i` of the input at `i % RECENT`.
    recent: Vec<u8>,
    read: u64,
}

const RECENT: usize = 1 << 16;

impl<R> Tap<R> {
    fn new(input: R) -> Tap<R> {
        Tap {
            input,
            recent: vec![0; RECENT],
            read: 0,
        }
    }

    /// Byte `offset` of the input, if it is among the recent ones.
    fn byte_at(&self, offset: u64) -> Option<u8> {
        let back = self.read.checked_sub(offset)?;
        (back > 0 && back <= RECENT as u64).then(|| self.recent[(offset % RECENT as u64) as usize])
    }
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.input.read(buf)?;
        for (i, &b) in (self.read..).zip(&buf[n.saturating_sub(RECENT)..n]) {
            self.recent[(i % RECENT as u64) as usize] = b;
        }
        self.read += n as u64;
        Ok(n)
    }
}

/// The 1-based line where the record just read into `row` starts. The csv crate dates a
/// record from the end of the one before it, which is one line early after a CRLF (its
/// `\n` not yet read) and after blank lines; its count at the record's end is right, so
/// this counts back from there over the line breaks inside the record's quoted cells.
fn record_line<R: Read>(reader: &csv::Reader<Tap<R>>, row: &csv::StringRecord) -> usize {
    let end = reader.position();
    let mut line = usize::try_from(end.line()).unwrap_or(usize::MAX);
    // A record ended by LF has its line break counted; one ended by CR (of a CRLF) not yet.
    let tap = reader.get_ref();
    if end.byte() > 0 && tap.byte_at(end.byte() - 1) == Some(b'\n') {
        line -= 1;
    }
    let inside = row.as_slice().bytes().filter(|&b| b == b'\n').count();
    line.saturating_sub(inside).max(1)
}

/// The next CSV row: `None` at the end, `Some(None)` for a blank row, or its record; an
/// error names the row's line.
pub(crate) fn csv_next<R: Read>(
    reader: &mut csv::Reader<Tap<R>>,
    headers: &[String],
    numbers: NumberFormat,
    source_name: &str,
    row: &mut csv::StringRecord,
) -> Result<Option<Option<Record>>> {
    Ok(csv_row(reader, source_name, row)?
        .map(|line| csv_record(headers, row, numbers, source_name, line)))
}

/// Reads the next CSV row into `row`: `None` at the end, or the line it starts on; an
/// error names the row's line.
pub(crate) fn csv_row<R: Read>(
    reader: &mut csv::Reader<Tap<R>>,
    source_name: &str,
    row: &mut csv::StringRecord,
) -> Result<Option<usize>> {
    let err = |line: usize, message: String| Error::Input {
        source_name: source_name.to_string(),
        line,
        message,
    };
    match reader.read_record(row) {
        Ok(false) => Ok(None),
        Ok(true) => Ok(Some(record_line(reader, row))),
        Err(e) => {
            // The bad row is read whole (and kept in `row`) before the error.
            let line = record_line(reader, row);
            Err(err(
                line,
                match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!(
                        "this row has {len} cells but the header has {expected_len} (a separator inside a value needs quotes)"
                    ),
                    _ => e.to_string(),
                },
            ))
        }
    }
}

/// The header row, trimmed; empty or repeated names are refused.
pub(crate) fn csv_headers<R: Read>(
    reader: &mut csv::Reader<R>,
    source_name: &str,
) -> Result<Vec<String>> {
    let err = |line: usize, message: String| Error::Input {
        source_name: source_name.to_string(),
        line,
        message,
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| err(1, format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if let Some((i, _)) = headers.iter().enumerate().find(|(_, h)| h.is_empty()) {
        return Err(err(1, format!("column {} has an empty header", i + 1)));
    }
    let mut seen = std::collections::HashSet::with_capacity(headers.len());
    for h in &headers {
        if !seen.insert(h.as_str()) {
            return Err(err(1, format!("column '{h}' appears twice in the header")));
        }
    }
    Ok(headers)
}

/// One CSV row, read from `line`, as a record (`None` for a blank row).
pub(crate) fn csv_record(
    headers: &[String],
    row: &csv::StringRecord,
    numbers: NumberFormat,
    source_name: &str,
    line: usize,
) -> Option<Record> {
    if row.iter().all(|c| c.trim().is_empty()) {
        return None;
    }
    let mut fields = Map::new();
    for (h, cell) in headers.iter().zip(row.iter()) {
        if !cell.trim().is_empty() {
            fields.insert(h.clone(), Json::String(cell.to_string()));
        }
    }
    Some(Record {
        fields,
        numbers,
        origin: Some(format!("{source_name} line {line}")),
    })
}

/// The CSV header names (or JSON keys) of `records` that are not fields of `pack` (nor
/// `id`, `name` or `total`), each once, in the order first seen.
#[must_use]
pub fn unknown_columns(pack: &crate::pack::Pack, records: &[Record]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut unknown = Vec::new();
    for k in records.iter().flat_map(|r| r.fields.keys()) {
        if !pack.model().knows_column(k) && seen.insert(k.as_str()) {
            unknown.push(k.clone());
        }
    }
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_csv_with_bom_uses_decimal_commas() {
        let recs = parse_bytes("\u{feff}id;a\nx;1,5\n".as_bytes(), "f.csv", None).unwrap();
        assert_eq!(recs[0].numbers, NumberFormat::Comma);
        assert_eq!(recs[0].fields["a"], Json::String("1,5".into()));
    }

    #[test]
    fn windows_1252_is_decoded_when_not_utf8() {
        let recs = parse_bytes(b"id,name\nx,Caf\xe9\n", "f.csv", None).unwrap();
        assert_eq!(recs[0].fields["name"], Json::String("Caf\u{e9}".into()));
    }

    #[test]
    fn bad_inputs_name_the_line() {
        let e = parse_bytes(b"id,a\nx,1,2\n", "f.csv", None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("f.csv:2"), "{e}");
        let e = parse_bytes(b"{\"a\":1}\n{oops}\n", "f.jsonl", None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("f.jsonl:2"), "{e}");
        assert!(parse_bytes(b"", "f.csv", None).is_err());
        assert!(parse_bytes(&[0xff, 0xfe, 0x41], "f.csv", None).is_err());
        assert!(parse_bytes(b"PK\x03\x04\x14\0", "f.csv", None).is_err());
        assert!(parse_bytes(b"[1]", "f.json", None).is_err());
    }
}
