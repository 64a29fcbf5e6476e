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
use crate::input::csv_columns::{Chunk, CsvChunk};
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
    let mut f = f;
    read(reader, source_name, format, None, &mut Sink::One(&mut f))
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
    let mut f = f;
    read(
        reader,
        source_name,
        format,
        Some(columns),
        &mut Sink::One(&mut f),
    )
}

/// [`for_each_checked`] that hands records over `size` at a time (the last chunk may be
/// smaller). CSV rows are turned into records on all cores, so reading a large file is
/// not held up by building one record after another.
///
/// ```
/// use matang::{ColumnCheck, Pack, stream};
/// let pack = Pack::builtin("smart-city-quickwin")?;
/// let mut columns = ColumnCheck::new(&pack, "p.csv", false);
/// let csv = "id,stage\nQW-1,live\n\nQW-2,idea\nQW-3,pilot\n";
/// let mut sizes = Vec::new();
/// stream::for_each_chunk(csv.as_bytes(), "p.csv", None, &mut columns, 2, |chunk| {
///     sizes.push(chunk.len());
///     Ok(())
/// })?;
/// assert_eq!(sizes, [2, 1]);
/// # Ok::<(), matang::Error>(())
/// ```
///
/// # Errors
/// As [`for_each_checked`].
pub fn for_each_chunk<R: Read>(
    reader: R,
    source_name: &str,
    format: Option<Format>,
    columns: &mut ColumnCheck<'_>,
    size: usize,
    f: impl FnMut(Vec<Record>) -> Result<()>,
) -> Result<usize> {
    let mut f = f;
    let sink = Sink::Chunks {
        size: size.max(1),
        held: Vec::new(),
        f: &mut f,
    };
    read_chunks(reader, source_name, format, columns, sink)
}

/// [`for_each_chunk`] that hands CSV rows over as text columns ([`Chunk::Csv`]), with no
/// record per row; other formats come as [`Chunk::Records`]. Chunks, blank rows, lines and
/// errors are those of [`for_each_chunk`].
///
/// ```
/// use matang::{ColumnCheck, Pack, stream, input::csv_columns::Chunk};
/// let pack = Pack::builtin("smart-city-quickwin")?;
/// let mut columns = ColumnCheck::new(&pack, "p.csv", false);
/// let csv = "id;trained_staff\nQW-1;4\n\nQW-2;2,5\n";
/// let mut lines = Vec::new();
/// stream::for_each_column_chunk(csv.as_bytes(), "p.csv", None, &mut columns, 8, |chunk| {
///     let Chunk::Csv(c) = chunk else { unreachable!() };
///     lines.extend((0..c.len()).map(|i| c.origin(i)));
///     Ok(())
/// })?;
/// assert_eq!(lines, ["p.csv line 2", "p.csv line 4"]);
/// # Ok::<(), matang::Error>(())
/// ```
///
/// # Errors
/// As [`for_each_chunk`].
pub fn for_each_column_chunk<R: Read>(
    reader: R,
    source_name: &str,
    format: Option<Format>,
    columns: &mut ColumnCheck<'_>,
    size: usize,
    f: impl FnMut(Chunk) -> Result<()>,
) -> Result<usize> {
    let mut f = f;
    let sink = Sink::Columns {
        size: size.max(1),
        held: Vec::new(),
        f: &mut f,
    };
    read_chunks(reader, source_name, format, columns, sink)
}

/// [`read`] into a chunked `sink`, then hands over the last, smaller chunk.
fn read_chunks<R: Read>(
    reader: R,
    source_name: &str,
    format: Option<Format>,
    columns: &mut ColumnCheck<'_>,
    mut sink: Sink<'_>,
) -> Result<usize> {
    let n = read(reader, source_name, format, Some(columns), &mut sink)?;
    sink.flush()?;
    Ok(n)
}

/// Where [`read`] hands records: one at a time, or in chunks.
enum Sink<'a> {
    One(&'a mut dyn FnMut(Record) -> Result<()>),
    Chunks {
        size: usize,
        held: Vec<Record>,
        f: &'a mut dyn FnMut(Vec<Record>) -> Result<()>,
    },
    Columns {
        size: usize,
        held: Vec<Record>,
        f: &'a mut dyn FnMut(Chunk) -> Result<()>,
    },
}

impl Sink<'_> {
    fn push(&mut self, r: Record) -> Result<()> {
        match self {
            Sink::One(f) => f(r),
            Sink::Chunks { size, held, f } => {
                held.push(r);
                if held.len() >= *size {
                    f(std::mem::take(held))?;
                }
                Ok(())
            }
            Sink::Columns { size, held, f } => {
                held.push(r);
                if held.len() >= *size {
                    f(Chunk::Records(std::mem::take(held)))?;
                }
                Ok(())
            }
        }
    }

    fn flush(&mut self) -> Result<()> {
        match self {
            Sink::Chunks { held, f, .. } if !held.is_empty() => f(std::mem::take(held)),
            Sink::Columns { held, f, .. } if !held.is_empty() => {
                f(Chunk::Records(std::mem::take(held)))
            }
            _ => Ok(()),
        }
    }

    fn chunk_size(&self) -> Option<usize> {
        match self {
            Sink::One(_) => None,
            Sink::Chunks { size, .. } | Sink::Columns { size, .. } => Some(*size),
        }
    }
}

fn read<R: Read>(
    reader: R,
    source_name: &str,
    format: Option<Format>,
    mut columns: Option<&mut ColumnCheck<'_>>,
    f: &mut Sink<'_>,
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
                f.push(r)?;
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
                    f.push(r)?;
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
            if let Sink::Columns { size, f, .. } = f {
                return read_columns(&mut csv, headers, numbers, source_name, *size, f);
            }
            let mut n = 0;
            if let Some(size) = f.chunk_size() {
                // Rows are read here and turned into records on all cores, a chunk at a time.
                let mut rows = Vec::with_capacity(size);
                loop {
                    let mut row = csv::StringRecord::new();
                    let more = input::csv_row(&mut csv, source_name, &mut row)?;
                    if let Some(line) = more {
                        rows.push((line, row));
                    }
                    if rows.len() == size || (more.is_none() && !rows.is_empty()) {
                        let records =
                            crate::parallel::map_owned(std::mem::take(&mut rows), |(line, row)| {
                                input::csv_record(&headers, &row, numbers, source_name, line)
                            });
                        for r in records.into_iter().flatten() {
                            f.push(r)?;
                            n += 1;
                        }
                    }
                    if more.is_none() {
                        break;
                    }
                }
                return Ok(n);
            }
            let mut row = csv::StringRecord::new();
            while let Some(r) = input::csv_next(&mut csv, &headers, numbers, source_name, &mut row)?
            {
                if let Some(r) = r {
                    f.push(r)?;
                    n += 1;
                }
            }
            Ok(n)
        }
    }
}

/// The rows of `csv` as text columns, `size` non-blank rows a chunk. Like the record
/// reader, rows are read `size` at a time (blank ones too) before any chunk among them is
/// handed over, so an error stops the stream at the same point.
fn read_columns<R: Read>(
    csv: &mut csv::Reader<input::Tap<R>>,
    headers: Vec<String>,
    numbers: crate::model::field::NumberFormat,
    source_name: &str,
    size: usize,
    f: &mut dyn FnMut(Chunk) -> Result<()>,
) -> Result<usize> {
    let headers: std::sync::Arc<[String]> = headers.into();
    let source: std::sync::Arc<str> = source_name.into();
    let fresh = || CsvChunk::new(headers.clone(), source.clone(), numbers);
    let mut chunk = fresh();
    let mut ready = Vec::new();
    let mut row = csv::StringRecord::new();
    let (mut n, mut read) = (0, 0);
    loop {
        let more = input::csv_row(csv, source_name, &mut row)?;
        if let Some(line) = more {
            read += 1;
            if !row.iter().all(|c| c.trim().is_empty()) {
                chunk.push(line, &row);
                n += 1;
                if chunk.len() == size {
                    ready.push(std::mem::replace(&mut chunk, fresh()));
                }
            }
        }
        if more.is_none() && !chunk.is_empty() {
            ready.push(std::mem::replace(&mut chunk, fresh()));
        }
        if read == size || more.is_none() {
            read = 0;
            for c in ready.drain(..) {
                f(Chunk::Csv(c))?;
            }
        }
        if more.is_none() {
            return Ok(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(bytes: &[u8], name: &str) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        let whole = for_each_record(bytes, name, Format::from_name(name), |r| {
            out.push(r);
            Ok(())
        })
        .map(|_| out);
        // Read in chunks of 1 and 2 as well: the same records, or the same error.
        let pack = crate::pack::Pack::builtin("smart-city-quickwin")?;
        for size in [1, 2] {
            let mut columns = ColumnCheck::new(&pack, name, false);
            let mut chunked = Vec::new();
            let read = for_each_chunk(
                bytes,
                name,
                Format::from_name(name),
                &mut columns,
                size,
                |c| {
                    assert!(c.len() <= size);
                    chunked.extend(c);
                    Ok(())
                },
            );
            assert_eq!(read.map(|_| chunked), whole, "{name} in chunks of {size}");
        }
        whole
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
