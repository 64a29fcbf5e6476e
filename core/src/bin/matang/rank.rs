//! `matang rank` in bounded memory: each item is kept only as what ranking reads, in runs
//! sorted in memory up to a budget and spilled to temporary files beyond it, then merged
//! in the ranking's order and written row by row (CSV, JSON Lines) as the selection walks
//! down it. Ties keep the input order, so the output is the in-memory ranking's.

use crate::{OutFormat, stream};
use matang::text::{self, CsvDialect};
use matang::{Error, Lang, Pack, Previous, RankEntry, RankWalk, RankedItem};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Seek, Write};
use std::process::ExitCode;

/// Bytes of entries held in memory before a sorted run is spilled to a file.
const RUN_BYTES: usize = 12 << 20;
/// Runs merged into one when more are open (bounds open files and the merge's width).
const MAX_RUNS: usize = 64;
/// CSV rows written at once.
const CSV_PIECE: usize = 1024;
/// Hidden: the run budget in bytes (tests force spilling with a tiny one).
const RUN_BYTES_VAR: &str = "MATANG_RANK_RUN_BYTES";

fn io(e: impl std::fmt::Display) -> Error {
    Error::Io {
        path: "temporary file".into(),
        message: e.to_string(),
    }
}

/// Items sorted by a comparator in runs of at most `budget` bytes: held in memory, or
/// spilled as JSON Lines (floats round-trip exactly) to temporary files and merged back.
struct Runs<T> {
    held: Vec<T>,
    bytes: usize,
    budget: usize,
    files: Vec<File>,
}

impl<T: Serialize + DeserializeOwned> Runs<T> {
    fn new(budget: usize) -> Self {
        Runs {
            held: Vec::new(),
            bytes: 0,
            budget,
            files: Vec::new(),
        }
    }

    fn push(
        &mut self,
        item: T,
        size: usize,
        cmp: &dyn Fn(&T, &T) -> Ordering,
    ) -> Result<(), Error> {
        self.held.push(item);
        self.bytes += size;
        if self.bytes >= self.budget {
            self.spill(cmp)?;
        }
        Ok(())
    }

    /// Writes the held items, sorted (stable), as one more run.
    fn spill(&mut self, cmp: &dyn Fn(&T, &T) -> Ordering) -> Result<(), Error> {
        if self.files.len() >= MAX_RUNS {
            // The runs so far are all earlier items: merged first, ties still keep input order.
            let files = std::mem::take(&mut self.files);
            let merged = write_run(Merge::new(files, cmp)?)?;
            self.files.push(merged);
        }
        self.held.sort_by(cmp);
        let held = std::mem::take(&mut self.held);
        self.files.push(write_run(held.into_iter().map(Ok))?);
        self.bytes = 0;
        Ok(())
    }

    /// Every item pushed, in `cmp` order (ties in the order pushed).
    fn sorted<'c>(
        mut self,
        cmp: &'c dyn Fn(&T, &T) -> Ordering,
    ) -> Result<Box<dyn Iterator<Item = Result<T, Error>> + 'c>, Error>
    where
        T: 'c,
    {
        if self.files.is_empty() {
            self.held.sort_by(cmp);
            return Ok(Box::new(self.held.into_iter().map(Ok)));
        }
        if !self.held.is_empty() {
            self.spill(cmp)?;
        }
        Ok(Box::new(Merge::new(self.files, cmp)?))
    }
}

/// A new temporary file (removed when closed) holding `items`, read back from its start.
fn write_run<T: Serialize>(items: impl Iterator<Item = Result<T, Error>>) -> Result<File, Error> {
    let mut w = BufWriter::new(tempfile::tempfile().map_err(io)?);
    for item in items {
        serde_json::to_writer(&mut w, &item?).map_err(io)?;
        w.write_all(b"\n").map_err(io)?;
    }
    let mut file = w.into_inner().map_err(io)?;
    file.rewind().map_err(io)?;
    Ok(file)
}

type RunReader<T> =
    serde_json::StreamDeserializer<'static, serde_json::de::IoRead<BufReader<File>>, T>;

/// The k-way merge of sorted runs; on ties the earlier run (earlier items) comes first.
struct Merge<'c, T> {
    runs: Vec<(Option<T>, RunReader<T>)>,
    cmp: &'c dyn Fn(&T, &T) -> Ordering,
}

impl<'c, T: DeserializeOwned> Merge<'c, T> {
    fn new(files: Vec<File>, cmp: &'c dyn Fn(&T, &T) -> Ordering) -> Result<Self, Error> {
        let mut runs = Vec::with_capacity(files.len());
        for f in files {
            let mut reader =
                serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 16, f))
                    .into_iter::<T>();
            let head = reader.next().transpose().map_err(io)?;
            runs.push((head, reader));
        }
        Ok(Merge { runs, cmp })
    }
}

impl<T: DeserializeOwned> Iterator for Merge<'_, T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut best: Option<usize> = None;
        for (i, (head, _)) in self.runs.iter().enumerate() {
            let Some(h) = head else { continue };
            let better = match best.and_then(|b| self.runs[b].0.as_ref()) {
                Some(b) => (self.cmp)(h, b).is_lt(),
                None => true,
            };
            if better {
                best = Some(i);
            }
        }
        let (head, reader) = &mut self.runs[best?];
        let next = match reader.next().transpose() {
            Ok(n) => n,
            Err(e) => return Some(Err(io(e))),
        };
        std::mem::replace(head, next).map(Ok)
    }
}

/// Roughly the bytes an entry holds (its struct and its heap parts).
fn entry_bytes(e: &RankEntry) -> usize {
    std::mem::size_of::<(usize, RankEntry)>()
        + e.id.len()
        + e.name.as_ref().map_or(0, String::len)
        + e.unmet.len()
        + (e.capped_by.iter())
            .map(|u| u.id.len() + u.label.len() + 48)
            .sum::<usize>()
        + e.verified.iter().map(|v| v.len() + 24).sum::<usize>()
        + e.dimensions.len() * 16
        + e.fields.len() * 96
}

/// What `rank` was asked for.
pub(crate) struct Request<'a> {
    pub(crate) pack: &'a Pack,
    pub(crate) lang: Lang,
    pub(crate) input: &'a str,
    pub(crate) sheet: Option<&'a str>,
    pub(crate) top: Option<usize>,
    pub(crate) previous: Option<&'a Previous>,
    pub(crate) format: OutFormat,
    pub(crate) dialect: CsvDialect,
}

/// Ranks `req.input` (not a workbook output) and writes it to `dest` (standard output when
/// `None`): CSV and JSON Lines row by row, table and JSON once the ranking is whole. Exit
/// code 1 when an item or a previous record could not be used.
pub(crate) fn run(
    req: &Request<'_>,
    warn: &dyn Fn(&str),
    dest: Option<&str>,
) -> Result<ExitCode, Error> {
    let pack = req.pack;
    let budget = std::env::var(RUN_BYTES_VAR)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(RUN_BYTES);
    let by_rank = |a: &(usize, RankEntry), b: &(usize, RankEntry)| pack.rank_order(&a.1, &b.1);
    let by_id = |a: &(String, usize), b: &(String, usize)| a.0.cmp(&b.0);
    let by_seq = |a: &(usize, RankedItem), b: &(usize, RankedItem)| a.0.cmp(&b.0);
    let mut entries = Runs::new(budget);
    let mut ids = Runs::new(budget / 4 + 1);
    let mut failed = Runs::new(budget / 4 + 1);
    let mut seq = 0;
    stream::rank_entries(pack, req.lang, req.input, req.sheet, warn, |chunk| {
        for r in chunk {
            match r {
                Ok(e) => {
                    ids.push((e.id.clone(), seq), e.id.len() + 48, &by_id)?;
                    let size = entry_bytes(&e);
                    entries.push((seq, e), size, &by_rank)?;
                }
                Err(e) => {
                    let item = pack.failed_item(&e, req.lang);
                    let size = std::mem::size_of::<RankedItem>() + 256;
                    failed.push((seq, item), size, &by_seq)?;
                }
            }
            seq += 1;
        }
        Ok(())
    })?;
    // An id is ranked once: a later item with an id already seen is an error in its place.
    let mut repeated: BTreeMap<usize, RankedItem> = BTreeMap::new();
    let mut first: Option<(String, usize)> = None;
    for item in ids.sorted(&by_id)? {
        let (id, at) = item?;
        match &first {
            Some((f, f_at)) if *f == id => {
                repeated.insert(at, pack.repeated_item(&id, *f_at, at, req.lang));
            }
            _ => first = Some((id, at)),
        }
    }
    let mut walk = RankWalk::new(pack, req.top, req.previous, req.lang);
    // The output is opened once the input is read: a bad input leaves no empty file.
    let (mut out, out_name): (Box<dyn Write>, &str) = match dest {
        Some(path) => {
            let file = File::create(path).map_err(|e| Error::Io {
                path: path.to_string(),
                message: e.to_string(),
            })?;
            (Box::new(BufWriter::new(file)), path)
        }
        None => (
            Box::new(BufWriter::new(std::io::stdout().lock())),
            "standard output",
        ),
    };
    let mut write = Rows::new(req.format, req.dialect, &mut *out, out_name)?;
    for item in entries.sorted(&by_rank)? {
        let (at, e) = item?;
        if !repeated.contains_key(&at) {
            write.row(walk.item(&e))?;
        }
    }
    let mut repeated = repeated.into_iter().peekable();
    for item in failed.sorted(&by_seq)? {
        let (at, f) = item?;
        while let Some((_, r)) = repeated.next_if(|(r_at, _)| *r_at < at) {
            write.row(walk.failed(r))?;
        }
        write.row(walk.failed(f))?;
    }
    for (_, r) in repeated {
        write.row(walk.failed(r))?;
    }
    let failures = write.failed || req.previous.is_some_and(|p| !p.warnings.is_empty());
    write.finish(pack, req.lang, walk)?;
    Ok(if failures {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes a ranking's rows as they come (CSV, JSON Lines) or holds them (table, JSON).
struct Rows<'w> {
    format: OutFormat,
    dialect: CsvDialect,
    out: &'w mut dyn Write,
    held: Vec<RankedItem>,
    failed: bool,
    /// The output as errors name it: its path, or "standard output".
    name: &'w str,
}

impl<'w> Rows<'w> {
    fn new(
        format: OutFormat,
        dialect: CsvDialect,
        out: &'w mut dyn Write,
        name: &'w str,
    ) -> Result<Self, Error> {
        let mut rows = Rows {
            format,
            dialect,
            out,
            held: Vec::new(),
            failed: false,
            name,
        };
        if format == OutFormat::Csv {
            rows.write(text::ranking_csv_header(dialect).as_bytes())?;
        }
        Ok(rows)
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.out.write_all(bytes).map_err(|e| self.error(e))
    }

    fn error(&self, e: impl std::fmt::Display) -> Error {
        Error::Io {
            path: self.name.to_string(),
            message: e.to_string(),
        }
    }

    fn row(&mut self, r: RankedItem) -> Result<(), Error> {
        self.failed |= r.error.is_some();
        match self.format {
            OutFormat::Csv => {
                // Written a piece at a time: one CSV writer for many rows.
                self.held.push(r);
                if self.held.len() >= CSV_PIECE {
                    self.write_csv()?;
                }
                Ok(())
            }
            OutFormat::Jsonl => {
                let mut line = serde_json::to_vec(&r).map_err(|e| self.error(e))?;
                line.push(b'\n');
                self.write(&line)
            }
            _ => {
                self.held.push(r);
                Ok(())
            }
        }
    }

    fn write_csv(&mut self) -> Result<(), Error> {
        let piece = text::ranking_csv_rows(&self.held, self.dialect);
        self.held.clear();
        self.write(piece.as_bytes())
    }

    /// Writes what is held (the whole ranking, for table and JSON) and flushes.
    fn finish(mut self, pack: &Pack, lang: Lang, walk: RankWalk<'_>) -> Result<(), Error> {
        if self.format == OutFormat::Csv {
            self.write_csv()?;
        }
        let held = std::mem::take(&mut self.held);
        let rest = match self.format {
            OutFormat::Table => text::ranking_table(pack, &walk.finish(held), lang),
            OutFormat::Json => {
                // The engine's version beside the pack's, so a saved ranking names both.
                let mut v = serde_json::to_value(walk.finish(held)).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("matang".into(), env!("CARGO_PKG_VERSION").into());
                }
                crate::json(&v)
            }
            // An empty ranking is still one line, as every command's output.
            OutFormat::Jsonl if walk.position() == 0 => "\n".into(),
            _ => String::new(),
        };
        self.write(rest.as_bytes())?;
        if !rest.is_empty() && !rest.ends_with('\n') {
            self.write(b"\n")?;
        }
        self.out.flush().map_err(|e| self.error(e))
    }
}
