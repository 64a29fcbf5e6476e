//! Streaming input: records are read and handed over one at a time, so a portfolio of any
//! size is assessed in bounded memory (CSV and JSON Lines; a JSON array is read whole).
//!
//! ```
//! use matang::{Lang, Pack, input::Format, stream};
//! let pack = Pack::builtin("smart-city-quickwin")?;
//! let csv = "id,assessed_on,stage\nQW-1,2019-10-01,live\nQW-2,2019-10-01,idea\n";
//! let mut levels = Vec::new();
//! let n = stream::for_each_record(csv.as_bytes(), "p.csv", Some(Format::Csv), |r| {
//!     levels.push(pack.assess(&r, Lang::En)?.level.rank);
//!     Ok(())
//! })?;
//! assert_eq!((n, levels.len()), (2, 2));
//! # Ok::<(), matang::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::input::columns::ColumnCheck;
use crate::input::{self, Format};
use crate::model::record::Record;
use std::io::{BufRead, BufReader, Read};

/// Reads records from `reader` and calls `f` with each, in order, holding one at a time.
/// `format` is sniffed from the first bytes when `None` (as [`input::parse_bytes`] does).
/// Returns how many records were read. Errors (and the first error `f` returns) stop the
/// stream; they name `source_name` and the line like [`input::parse_bytes`].
///
/// # Errors
/// [`Error::Input`] for unreadable or malformed input, [`Error::Io`] if reading fails, or
/// whatever `f` returns.
pub fn for_each_record<R: Read>(
    reader: R,
    source_name: &str,
    format: Option<Format>,
    f: impl FnMut(Record) -> Result<()>,
) -> Result<usize> {
    read(reader, source_name, format, None, f)
}

/// [`for_each_record`] with the input's columns checked by `columns` as they come: the
/// CSV header once, a JSON Lines key on the line it first appears. A column that looks
/// like a field stops the stream before any record with it is handed over; the unknown
/// ones are in `columns` at the end for one warning.
///
/// ```
/// use matang::{ColumnCheck, Pack, stream};
/// let pack = Pack::builtin("smart-city-quickwin")?;
/// let mut columns = ColumnCheck::new(&pack, "p.jsonl", false);
/// let jsonl = "{\"id\": \"QW-1\", \"stage\": \"live\"}\n{\"id\": \"QW-2\", \"Stage\": \"idea\"}\n";
/// let e = stream::for_each_checked(jsonl.as_bytes(), "p.jsonl", None, &mut columns, |_| Ok(()));
/// assert!(e.unwrap_err().to_string().starts_with("p.jsonl:2: column 'Stage' is not a field"));
/// # Ok::<(), matang::Error>(())
/// ```
///
/// # Errors
/// As [`for_each_record`], and the error of [`ColumnCheck::check`].
pub fn for_each_checked<R: Read>(
    reader: R,
    source_name: &str,
    format: Option<Format>,
    columns: &mut ColumnCheck<'_>,
    f: impl FnMut(Record) -> Result<()>,
) -> Result<usize> {
    read(reader, source_name, format, Some(columns), f)
}

fn read<R: Read>(
    reader: R,
    source_name: &str,
    format: Option<Format>,
    mut columns: Option<&mut ColumnCheck<'_>>,
    mut f: impl FnMut(Record) -> Result<()>,
) -> Result<usize> {
    let err = |line: usize, message: String| Error::Input {
        source_name: source_name.to_string(),
        line,
        message,
    };
    let io = |e: &std::io::Error| Error::Io {
        path: source_name.to_string(),
        message: e.to_string(),
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    // The first line, with a UTF-8 BOM dropped: it decides the format and the CSV separator.
    let mut first = Vec::new();
    reader.read_until(b'\n', &mut first).map_err(|e| io(&e))?;
    if first.starts_with(&[0xFF, 0xFE]) || first.starts_with(&[0xFE, 0xFF]) {
        return Err(err(
            1,
            "the file is UTF-16; save it as UTF-8 (in Excel: 'CSV UTF-8')".into(),
        ));
    }
    if first.starts_with(&[0xEF, 0xBB, 0xBF]) {
        first.drain(..3);
    }
    let first_text = std::str::from_utf8(&first).map_err(|_| {
        err(
            1,
            "the file is not UTF-8 text; save it as UTF-8 (in Excel: 'CSV UTF-8')".into(),
        )
    })?;
    let format = match format {
        Some(f) => f,
        None => match first_text.trim_start().chars().next() {
            Some('[') => Format::Json,
            Some('{') => Format::JsonLines,
            _ => Format::Csv,
        },
    };
    match format {
        Format::Json => {
            // A JSON array cannot be split into records without reading it: read it whole.
            let mut bytes = first;
            reader.read_to_end(&mut bytes).map_err(|e| io(&e))?;
            let records = input::parse_bytes(&bytes, source_name, Some(Format::Json))?;
            if let Some(c) = columns {
                c.check_records(&records)?;
            }
            let n = records.len();
            for r in records {
                f(r)?;
            }
            Ok(n)
        }
        Format::JsonLines => {
            let mut n = 0;
            let mut line_no = 1;
            let mut line = first;
            loop {
                let text = std::str::from_utf8(&line).map_err(|_| {
                    err(
                        line_no,
                        "the file is not UTF-8 text; save it as UTF-8 (in Excel: 'CSV UTF-8')"
                            .into(),
                    )
                })?;
                if !text.trim().is_empty() {
                    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| {
                        err(
                            line_no,
                            format!("invalid JSON at column {}: {e}", e.column()),
                        )
                    })?;
                    let r = input::object(v, source_name, line_no, "line")?;
                    if let Some(c) = columns.as_deref_mut() {
                        c.check(r.fields.keys().map(String::as_str), line_no)?;
                    }
                    f(r)?;
                    n += 1;
                }
                line.clear();
                if reader.read_until(b'\n', &mut line).map_err(|e| io(&e))? == 0 {
                    break;
                }
                line_no += 1;
            }
            if n == 0 {
                return Err(err(
                    0,
                    "the file is empty: expected a header row or JSON records".into(),
                ));
            }
            Ok(n)
        }
        Format::Csv => {
            if first_text.trim().is_empty() {
                return Err(err(
                    0,
                    "the file is empty: expected a header row or JSON records".into(),
                ));
            }
            let header = first_text.trim_end_matches(['\r', '\n']).to_string();
            let (mut csv, numbers) =
                input::csv_reader(&header, std::io::Cursor::new(first).chain(reader));
            let headers = input::csv_headers(&mut csv, source_name)?;
            if let Some(c) = columns {
                c.check(headers.iter().map(String::as_str), 1)?;
            }
            let mut n = 0;
            let mut row = csv::StringRecord::new();
            while let Some(r) = input::csv_next(&mut csv, &headers, numbers, source_name, &mut row)?
            {
                if let Some(r) = r {
                    f(r)?;
                    n += 1;
                }
            }
            Ok(n)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(bytes: &[u8], name: &str) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        for_each_record(bytes, name, Format::from_name(name), |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn streams_the_same_records_as_the_whole_file_reader() {
        let cases: [(&[u8], &str); 5] = [
            (b"id,a,b\nx,1,2\n\ny,3,\n", "f.csv"),
            ("\u{feff}id;a\nx;1,5\ny;2\n".as_bytes(), "f.csv"),
            (b"id\ta\nx\t1\n", "f.tsv"),
            (b"{\"id\":\"x\",\"a\":1}\n\n{\"id\":\"y\"}", "f.jsonl"),
            (b"[{\"id\":\"x\"},{\"id\":\"y\",\"a\":2}]", "f.json"),
        ];
        for (bytes, name) in cases {
            assert_eq!(
                collect(bytes, name).unwrap(),
                input::parse_bytes(bytes, name, None).unwrap(),
                "{name}"
            );
        }
    }

    #[test]
    fn errors_name_the_line_like_the_whole_file_reader() {
        let cases: [(&[u8], &str); 6] = [
            (b"", "f.csv"),
            (b"id,a,a\n1,2,3\n", "f.csv"),
            (b"id,a\n1,2\n3,4,5\n", "f.csv"),
            (b"{\"a\":1}\n[1]\n", "f.jsonl"),
            (b"{\"a\":1}\n{oops\n", "f.jsonl"),
            (&[0xff, 0xfe, 0x41], "f.csv"),
        ];
        for (bytes, name) in cases {
            let a = collect(bytes, name).unwrap_err().to_string();
            let b = input::parse_bytes(bytes, name, None)
                .unwrap_err()
                .to_string();
            assert_eq!(a, b, "{name}");
        }
    }

    #[test]
    fn an_error_from_the_callback_stops_the_stream() {
        let mut seen = 0;
        let e = for_each_record(&b"id\na\nb\nc\n"[..], "f.csv", None, |_| {
            seen += 1;
            Err(Error::Usage("stop".into()))
        });
        assert!(e.is_err());
        assert_eq!(seen, 1);
    }
}
