//! CSV rows held as text columns, one per header, so a chunk of a large file becomes a
//! [`Batch`](crate::Batch) without a [`Record`] (a map of strings) per row. A row is made into its
//! record only when asked, e.g. to explain it or to report what is wrong with it.

use crate::model::evidence::VERIFIED_PREFIX;
use crate::model::field::NumberFormat;
use crate::model::record::Record;
use crate::text_column::Texts;

use serde_json::{Map, Value as Json};
use std::sync::Arc;

/// Non-blank rows of one CSV file, as text columns.
#[derive(Debug, Clone)]
pub struct CsvChunk {
    headers: Arc<[String]>,
    /// One column of cells (as written, untrimmed) per header.
    cells: Vec<Texts>,
    /// The line each row starts on.
    lines: Vec<usize>,
    numbers: NumberFormat,
    source_name: Arc<str>,
    /// The `name` column, and the columns of verified values: looked up once, not per row.
    name: Option<usize>,
    verified: Vec<usize>,
}

/// What a chunked reader hands over: CSV rows as columns, or records (other formats).
#[derive(Debug, Clone)]
pub enum Chunk {
    /// Rows of a CSV file.
    Csv(CsvChunk),
    /// Records of JSON or JSON Lines.
    Records(Vec<Record>),
}

impl Chunk {
    /// The chunk's records, in order.
    #[must_use]
    pub fn into_records(self) -> Vec<Record> {
        match self {
            Chunk::Csv(c) => c.records(),
            Chunk::Records(r) => r,
        }
    }
}

impl CsvChunk {
    pub(crate) fn new(
        headers: Arc<[String]>,
        source_name: Arc<str>,
        numbers: NumberFormat,
    ) -> CsvChunk {
        let cells = headers.iter().map(|_| Texts::new()).collect();
        let name = headers.iter().position(|h| h == "name");
        let verified = (headers.iter().enumerate())
            .filter(|(_, h)| h.starts_with(VERIFIED_PREFIX))
            .map(|(c, _)| c)
            .collect();
        CsvChunk {
            headers,
            cells,
            lines: Vec::new(),
            numbers,
            source_name,
            name,
            verified,
        }
    }

    /// Appends a row that starts on `line`.
    pub(crate) fn push(&mut self, line: usize, row: &csv::StringRecord) {
        for (column, cell) in self.cells.iter_mut().zip(row.iter()) {
            column.push(Some(cell));
        }
        self.lines.push(line);
    }

    /// Number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether there are no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The file's number convention (decimal comma in `;` files).
    #[must_use]
    pub fn numbers(&self) -> NumberFormat {
        self.numbers
    }

    /// Row `i` as errors name it: `f.csv line 12`.
    #[must_use]
    pub fn origin(&self, i: usize) -> String {
        format!("{} line {}", self.source_name, self.lines[i])
    }

    /// Row `i`'s cell of `column`, `None` when blank or there is no such column.
    #[must_use]
    pub fn cell(&self, i: usize, column: &str) -> Option<&str> {
        let c = self.headers.iter().position(|h| h == column)?;
        self.filled(i, c)
    }

    /// Row `i`'s cell of column number `c`, `None` when blank.
    fn filled(&self, i: usize, c: usize) -> Option<&str> {
        self.cells[c].get(i).filter(|s| !s.trim().is_empty())
    }

    /// Row `i`'s display name (trimmed), as [`Record::name`] gives it.
    #[must_use]
    pub fn name(&self, i: usize) -> Option<String> {
        let c = self.name?;
        self.filled(i, c).map(|s| s.trim().to_string())
    }

    /// Whether row `i` has a verified value (which only the row path reads).
    #[must_use]
    pub fn verified(&self, i: usize) -> bool {
        self.verified.iter().any(|&c| self.filled(i, c).is_some())
    }

    /// Row `i` as the record the record reader makes of it.
    #[must_use]
    pub fn record(&self, i: usize) -> Record {
        let mut fields = Map::new();
        for (h, column) in self.headers.iter().zip(&self.cells) {
            if let Some(cell) = column.get(i).filter(|s| !s.trim().is_empty()) {
                fields.insert(h.clone(), Json::String(cell.to_string()));
            }
        }
        Record {
            fields,
            numbers: self.numbers,
            origin: Some(self.origin(i)),
        }
    }

    /// Every row's record, in order.
    #[must_use]
    pub fn records(&self) -> Vec<Record> {
        (0..self.len()).map(|i| self.record(i)).collect()
    }

    /// The columns by header, for [`Batch::from_text_columns`](crate::Batch::from_text_columns).
    #[must_use]
    pub fn columns(&self) -> Vec<(&str, &Texts)> {
        (self.headers.iter().map(String::as_str))
            .zip(&self.cells)
            .collect()
    }
}
