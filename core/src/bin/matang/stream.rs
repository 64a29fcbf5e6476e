//! Large inputs in bounded memory: records are read in chunks of [`CHUNK`], each chunk is
//! scored on all cores and written (or, for `rank`, cut down to what ranking reads) before
//! the next is read. A progress bar goes to standard error when it is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use matang::text::{self, CsvDialect};
use matang::{
    Assessment, ColumnCheck, DimensionScore, Error, Lang, LevelRef, Pack, RankEntry, Record, input,
    stream,
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
    let reader: Box<dyn Read + Send> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        input::decode::open_utf8(path)?
    };
    let bar = progress(path);
    let reader: Box<dyn Read + Send> = match &bar {
        Some(b) => Box::new(b.wrap_read(reader)),
        None => reader,
    };
    let name = if path == "-" { "<stdin>" } else { path };
    let mut columns = ColumnCheck::new(pack, name, false);
    let format = input::Format::from_name(name);
    let read = stream::for_each_chunk(reader, name, format, &mut columns, CHUNK, &mut each);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    read?;
    if let Some(w) = columns.warning() {
        warn(&format!("warning: {name}: {w}"));
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
                if first {
                    let header = text::assessments_csv_in(pack, &[], dialect);
                    out.write_all(header.as_bytes()).map_err(io)?;
                }
                // Rows are written as text on all cores, in order.
                let pieces: Vec<String> = results
                    .par_chunks(256)
                    .map(|part| text::assessments_csv_rows(pack, part, dialect))
                    .collect();
                for piece in &pieces {
                    out.write_all(piece.as_bytes()).map_err(io)?;
                }
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
            score
                .ok()
                .and_then(|s| from_score(pack, record, s, lang, false, &[]))
                .map_or_else(|| pack.assess(record, lang), Ok)
        })
        .collect()
}

/// An assessment with only the numbers of `s` (no reasons, gates or plan), or `None` when
/// the item needs the full one: a level held down by a gate, verified values, an unknown
/// level, or (`eligible_only`) an item not eligible, whose reasons ranking shows. `kept`
/// evidence fields are validated into it (the ones ranking sorts or groups by).
fn from_score(
    pack: &Pack,
    record: &Record,
    s: matang::Score,
    lang: Lang,
    eligible_only: bool,
    kept: &[&str],
) -> Option<Assessment> {
    let verified = record
        .fields
        .keys()
        .any(|k| k.starts_with(matang::VERIFIED_PREFIX));
    let level = pack.levels().get((s.level as usize).wrapping_sub(1))?;
    if verified || s.level != s.score_level || (eligible_only && !s.eligible) {
        return None;
    }
    let mut evidence = Map::new();
    for id in kept {
        let raw = record.fields.get(*id).unwrap_or(&serde_json::Value::Null);
        let value = pack.field(id)?.parse(raw, record.numbers).ok()?;
        evidence.insert((*id).to_string(), value.to_json());
    }
    Some(Assessment {
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
        evidence,
        warnings: Vec::new(),
        policy: String::new(),
        lang,
        pack: pack.reference().clone(),
    })
}

/// What ranking reads of each item of `path` ([`matang::RankEntry`]), read in chunks: eligible
/// items with nothing to explain from the fast scoring path, the others assessed in full,
/// each kept only as its entry. An id repeated across chunks is still ranked once:
/// [`Pack::rank_entries`] refuses the later one.
pub(crate) fn rank_entries(
    pack: &Pack,
    lang: Lang,
    path: &str,
    sheet: Option<&str>,
    warn: &dyn Fn(&str),
) -> Result<Vec<Result<RankEntry, Error>>, Error> {
    let fields = pack.fields();
    let kept: Vec<&str> = (pack.ranking_fields().into_iter())
        .filter_map(|f| fields.get(f).map(|f| f.id.as_str()))
        .collect();
    let mut all = Vec::new();
    for_each_chunk(pack, path, sheet, warn, |records| {
        let mut ids = std::collections::HashSet::with_capacity(records.len());
        if records
            .iter()
            .any(|r| r.fields.contains_key("id") && !ids.insert(r.id()))
        {
            // An id twice in the chunk: the portfolio path names both records' lines.
            let results = pack.assess_portfolio(&records, lang);
            let entries = results.into_iter().map(|r| r.map(|a| pack.rank_entry(&a)));
            all.extend(entries);
            return Ok(());
        }
        let scores = pack.score_many(&records);
        let entries: Vec<Result<RankEntry, Error>> = records
            .par_iter()
            .zip(scores)
            .map(|(record, score)| {
                match score
                    .ok()
                    .and_then(|s| from_score(pack, record, s, lang, true, &kept))
                {
                    Some(a) => Ok(pack.rank_entry(&a)),
                    None => pack.assess(record, lang).map(|a| pack.rank_entry(&a)),
                }
            })
            .collect();
        all.extend(entries);
        Ok(())
    })?;
    Ok(all)
}
