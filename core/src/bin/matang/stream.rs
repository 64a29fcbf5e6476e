//! Large inputs in bounded memory: records are read in chunks of [`CHUNK`], each chunk is
//! scored on all cores and written (or, for `rank`, cut down to what ranking reads) before
//! the next is read. A progress bar goes to standard error when it is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use matang::text::{self, CsvDialect};
use matang::{
    Assessment, ColumnCheck, DimensionScore, Error, Lang, LevelRef, Pack, Record, SortSource,
    input, stream,
};
use rayon::prelude::*;
use serde_json::Map;
use std::io::{IsTerminal, Read, Write};

/// Records per chunk: enough to keep every core busy; a chunk in flight costs ~10 MB.
pub(crate) const CHUNK: usize = 2048;

/// How `assess` writes a stream.
#[derive(Clone, Copy)]
pub(crate) enum Lines {
    /// One CSV row per item (only the numbers: no explanation is built for most rows).
    Csv(CsvDialect),
    /// One full assessment (with reasons) per line as JSON.
    Json,
}

/// A progress bar over the bytes of `path`, or `None` when standard error is not a terminal.
fn progress(path: &str) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() || path == "-" {
        return None;
    }
    let len = std::fs::metadata(path).ok()?.len();
    let style = ProgressStyle::with_template(
        "{bar:40} {percent:>3}% {binary_bytes}/{binary_total_bytes}, {elapsed} ({eta} left)",
    )
    .ok()?;
    Some(ProgressBar::new(len).with_style(style))
}

/// Calls `each` with the records of `path` (a workbook's `sheet`), [`CHUNK`] at a time, in
/// order. The columns are checked once; the warning for ignored ones goes to `warn`.
pub(crate) fn for_each_chunk(
    pack: &Pack,
    path: &str,
    sheet: Option<&str>,
    warn: &dyn Fn(&str),
    mut each: impl FnMut(Vec<Record>) -> Result<(), Error>,
) -> Result<(), Error> {
    if input::xlsx::is_workbook(path) || sheet.is_some() {
        // A workbook is a zip archive: read whole (cells are small; rows far fewer than CSV).
        let records = crate::read(pack, path, sheet)?;
        for chunk in records.chunks(CHUNK) {
            each(chunk.to_vec())?;
        }
        return Ok(());
    }
    let reader: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        input::decode::open_utf8(path)?
    };
    let bar = progress(path);
    let reader: Box<dyn Read> = match &bar {
        Some(b) => Box::new(b.wrap_read(reader)),
        None => reader,
    };
    let name = if path == "-" { "<stdin>" } else { path };
    let mut columns = ColumnCheck::new(pack, name, false);
    let mut chunk = Vec::with_capacity(CHUNK);
    let format = input::Format::from_name(name);
    let read = stream::for_each_checked(reader, name, format, &mut columns, |r| {
        chunk.push(r);
        if chunk.len() == CHUNK {
            each(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))?;
        }
        Ok(())
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    read?;
    if let Some(w) = columns.warning() {
        warn(&format!("warning: {name}: {w}"));
    }
    if !chunk.is_empty() {
        each(chunk)?;
    }
    Ok(())
}

/// `assess` of a stream: writes `path`'s results to `out` chunk by chunk. Returns whether
/// any item could not be assessed.
pub(crate) fn assess(
    pack: &Pack,
    lang: Lang,
    path: &str,
    sheet: Option<&str>,
    lines: Lines,
    warn: &dyn Fn(&str),
    out: &mut dyn Write,
) -> Result<bool, Error> {
    let io = |e: std::io::Error| Error::Io {
        path: "output".into(),
        message: e.to_string(),
    };
    let mut failed = false;
    let mut first = true;
    for_each_chunk(pack, path, sheet, warn, |records| {
        match lines {
            Lines::Csv(dialect) => {
                let results = numbers_only(pack, &records, lang);
                failed |= results.iter().any(Result::is_err);
                let csv = text::assessments_csv_in(pack, &results, dialect);
                // Every chunk's text starts with the header row (after any BOM): written once.
                let body = if first {
                    csv.as_str()
                } else {
                    csv.split_once('\n').map_or("", |(_, rest)| rest)
                };
                out.write_all(body.as_bytes()).map_err(io)?;
            }
            Lines::Json => {
                for r in pack.assess_many(&records, lang) {
                    match r {
                        Ok(a) => serde_json::to_writer(&mut *out, &a).map_err(|e| io(e.into()))?,
                        Err(e) => {
                            failed = true;
                            serde_json::to_writer(&mut *out, &crate::error_json(&e))
                                .map_err(|e| io(e.into()))?;
                        }
                    }
                    out.write_all(b"\n").map_err(io)?;
                }
            }
        }
        first = false;
        Ok(())
    })?;
    out.flush().map_err(io)?;
    Ok(failed)
}

/// The assessments of `records` with what CSV output shows: items whose row needs more
/// than the numbers (an error, a level held down by a gate, verified values) are assessed
/// in full; the others come from the fast scoring path with no reasons built.
fn numbers_only(pack: &Pack, records: &[Record], lang: Lang) -> Vec<Result<Assessment, Error>> {
    let scores = pack.score_many(records);
    records
        .par_iter()
        .zip(scores)
        .map(|(record, score)| {
            let full = || pack.assess(record, lang);
            let Ok(s) = score else { return full() };
            let verified = record
                .fields
                .keys()
                .any(|k| k.starts_with(matang::VERIFIED_PREFIX));
            let Some(level) = pack.levels().get((s.level as usize).wrapping_sub(1)) else {
                return full();
            };
            if verified || s.level != s.score_level {
                return full();
            }
            Ok(Assessment {
                id: s.id,
                name: record.name(),
                total: s.total,
                score_100: s.score_100,
                level: LevelRef {
                    rank: level.rank,
                    id: level.id.clone(),
                    label: level.label.get(lang).to_string(),
                },
                score_level: s.score_level,
                dimensions: (pack.dimensions().iter().zip(s.dimensions))
                    .map(|(d, score)| DimensionScore {
                        id: d.id.clone(),
                        label: d.label.get(lang).to_string(),
                        weight: d.weight,
                        score,
                        coverage: 0.0,
                        present: 0,
                        count: 0,
                        insufficient: false,
                    })
                    .collect(),
                indicators: Vec::new(),
                gates: Vec::new(),
                capped_by: Vec::new(),
                missing: Vec::new(),
                next_level: None,
                eligible: s.eligible,
                unmet: Vec::new(),
                progress_ratio: s.progress_ratio,
                verified: Vec::new(),
                evidence: Map::new(),
                warnings: Vec::new(),
                policy: String::new(),
                lang,
                pack: pack.reference().clone(),
            })
        })
        .collect()
}

/// The results of `path` for `rank`, read in chunks, each assessed as a portfolio and cut
/// down to what ranking reads (no indicator reasons, plans or unused evidence). An id
/// repeated across chunks is still ranked once: [`Pack::rank`] refuses the later one.
pub(crate) fn rank_results(
    pack: &Pack,
    lang: Lang,
    path: &str,
    sheet: Option<&str>,
    warn: &dyn Fn(&str),
) -> Result<Vec<Result<Assessment, Error>>, Error> {
    let sel = pack.selection();
    let fields = pack.fields();
    let mut kept: Vec<&str> = sel
        .order
        .iter()
        .filter_map(|k| match k.source {
            SortSource::Field(f) => fields.get(f).map(|f| f.id.as_str()),
            _ => None,
        })
        .collect();
    kept.extend(sel.group.and_then(|g| fields.get(g)).map(|f| f.id.as_str()));
    let mut all = Vec::new();
    for_each_chunk(pack, path, sheet, warn, |records| {
        let results = pack.assess_portfolio(&records, lang);
        all.extend(results.into_iter().map(|r| {
            r.map(|mut a| {
                a.indicators = Vec::new();
                a.missing = Vec::new();
                a.next_level = None;
                a.warnings = Vec::new();
                a.gates.retain(|g| a.capped_by.contains(&g.id));
                a.evidence.retain(|k, _| kept.contains(&k.as_str()));
                a
            })
        }));
        Ok(())
    })?;
    Ok(all)
}
