//! Large inputs in bounded memory: records are read in chunks of [`CHUNK`], each chunk is
//! scored on all cores and written (or, for `rank`, cut down to what ranking reads) before
//! the next is read. A progress bar goes to standard error when it is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use matang::input::csv_columns::{Chunk, CsvChunk};
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

/// Calls `each` with the rows of `path` (a workbook's `sheet`), [`CHUNK`] at a time, in
/// order: CSV rows as text columns, other inputs as records. The columns are checked once;
/// the warning for ignored ones goes to `warn`. `MATANG_RECORD_PATH=1` (for tests) reads
/// CSV as records too, the path the columns must agree with.
pub(crate) fn for_each_chunk(
    pack: &Pack,
    path: &str,
    sheet: Option<&str>,
    warn: &dyn Fn(&str),
    mut each: impl FnMut(Chunk) -> Result<(), Error>,
) -> Result<(), Error> {
    if input::xlsx::is_workbook(path) || sheet.is_some() {
        // A workbook is a zip archive: read whole (cells are small; rows far fewer than CSV).
        let records = crate::read(pack, path, sheet)?;
        for chunk in records.chunks(CHUNK) {
            each(Chunk::Records(chunk.to_vec()))?;
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
    let read = if std::env::var_os("MATANG_RECORD_PATH").is_some_and(|v| v == "1") {
        stream::for_each_chunk(reader, name, format, &mut columns, CHUNK, |r| {
            each(Chunk::Records(r))
        })
    } else {
        stream::for_each_column_chunk(reader, name, format, &mut columns, CHUNK, &mut each)
    };
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
    for_each_chunk(pack, path, sheet, warn, |chunk| {
        match lines {
            Lines::Csv(dialect) => {
                let results = match chunk {
                    Chunk::Csv(c) => columns_numbers_only(pack, &c, lang)
                        .unwrap_or_else(|| numbers_only(pack, &c.records(), lang)),
                    Chunk::Records(records) => numbers_only(pack, &records, lang),
                };
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
                for r in pack.assess_many(&chunk.into_records(), lang) {
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
                .and_then(|s| from_record(pack, record, s, lang, false, &[]))
                .map_or_else(|| pack.assess(record, lang), Ok)
        })
        .collect()
}

/// The CSV rows of `c` as [`numbers_only`] gives them, scored as a batch of columns with
/// no record per row; `None` when a row cannot be scored (then the records give the
/// results, and the errors, as they always have).
fn columns_numbers_only(
    pack: &Pack,
    c: &CsvChunk,
    lang: Lang,
) -> Option<Vec<Result<Assessment, Error>>> {
    let scores = column_scores(pack, c)?;
    Some(
        (scores.into_par_iter().enumerate())
            .map(|(i, s)| {
                (!c.verified(i))
                    .then(|| from_score(pack, s, c.name(i), lang, false, Map::new()))
                    .flatten()
                    .map_or_else(|| pack.assess(&c.record(i), lang), Ok)
            })
            .collect(),
    )
}

/// The scores of the rows of `c`, or `None` when a row cannot be scored (its error comes
/// from the record path). Rows with verified values are scored without them: the caller
/// assesses those in full.
fn column_scores(pack: &Pack, c: &CsvChunk) -> Option<Vec<matang::Score>> {
    let batch = matang::Batch::from_text_columns(pack, &c.columns(), c.numbers(), &|i| c.origin(i));
    let scores = pack.score_batch(&batch).ok()?;
    if !scores.errors.is_empty() {
        return None;
    }
    scores
        .into_results(batch.ids())
        .into_iter()
        .collect::<Result<_, _>>()
        .ok()
}

/// [`from_score`] for `record`, with its `kept` evidence fields validated into it (the
/// ones ranking sorts or groups by).
fn from_record(
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
    if verified {
        return None;
    }
    let mut evidence = Map::new();
    for id in kept {
        let raw = record.fields.get(*id).unwrap_or(&serde_json::Value::Null);
        let value = pack.field(id)?.parse(raw, record.numbers).ok()?;
        evidence.insert((*id).to_string(), value.to_json());
    }
    from_score(pack, s, record.name(), lang, eligible_only, evidence)
}

/// An assessment with only the numbers of `s` (no reasons, gates or plan), or `None` when
/// the item needs the full one: a level held down by a gate, an unknown level, or
/// (`eligible_only`) an item not eligible, whose reasons ranking shows.
fn from_score(
    pack: &Pack,
    s: matang::Score,
    name: Option<String>,
    lang: Lang,
    eligible_only: bool,
    evidence: Map<String, serde_json::Value>,
) -> Option<Assessment> {
    let level = pack.levels().get((s.level as usize).wrapping_sub(1))?;
    if s.level != s.score_level || (eligible_only && !s.eligible) {
        return None;
    }
    Some(Assessment {
        id: s.id,
        name,
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

/// Calls `each` with what ranking reads of the items of `path` ([`matang::RankEntry`]), a
/// chunk at a time in order: eligible items with nothing to explain from the fast scoring
/// path, the others assessed in full. An id twice in one chunk is an error naming both
/// lines; the caller refuses an id repeated across chunks.
pub(crate) fn rank_entries(
    pack: &Pack,
    lang: Lang,
    path: &str,
    sheet: Option<&str>,
    warn: &dyn Fn(&str),
    mut each: impl FnMut(Vec<Result<RankEntry, Error>>) -> Result<(), Error>,
) -> Result<(), Error> {
    let fields = pack.fields();
    let kept: Vec<&str> = (pack.ranking_fields().into_iter())
        .filter_map(|f| fields.get(f).map(|f| f.id.as_str()))
        .collect();
    for_each_chunk(pack, path, sheet, warn, |chunk| {
        if let Chunk::Csv(c) = &chunk
            && let Some(entries) = column_entries(pack, c, lang, &kept)
        {
            return each(entries);
        }
        let records = chunk.into_records();
        let mut ids = std::collections::HashSet::with_capacity(records.len());
        if records
            .iter()
            .any(|r| r.fields.contains_key("id") && !ids.insert(r.id()))
        {
            // An id twice in the chunk: the portfolio path names both records' lines.
            let results = pack.assess_portfolio(&records, lang);
            let entries = results.into_iter().map(|r| r.map(|a| pack.rank_entry(&a)));
            return each(entries.collect());
        }
        let scores = pack.score_many(&records);
        let entries: Vec<Result<RankEntry, Error>> = records
            .par_iter()
            .zip(scores)
            .map(|(record, score)| {
                match score
                    .ok()
                    .and_then(|s| from_record(pack, record, s, lang, true, &kept))
                {
                    Some(a) => Ok(pack.rank_entry(&a)),
                    None => pack.assess(record, lang).map(|a| pack.rank_entry(&a)),
                }
            })
            .collect();
        each(entries)
    })
}

/// [`rank_entries`] of the CSV rows of `c` scored as columns, or `None` when a row cannot
/// be scored or an id appears twice (the record path names
/// both lines).
fn column_entries(
    pack: &Pack,
    c: &CsvChunk,
    lang: Lang,
    kept: &[&str],
) -> Option<Vec<Result<RankEntry, Error>>> {
    let mut ids = std::collections::HashSet::with_capacity(c.len());
    if (0..c.len()).any(|i| c.cell(i, "id").is_some_and(|id| !ids.insert(id.trim()))) {
        return None;
    }
    let scores = column_scores(pack, c)?;
    let entries = (scores.into_par_iter().enumerate())
        .map(|(i, s)| {
            if c.verified(i) {
                return None;
            }
            let mut evidence = Map::new();
            for id in kept {
                let raw = c.cell(i, id).map_or(serde_json::Value::Null, |v| v.into());
                let value = pack.field(id).and_then(|f| f.parse(&raw, c.numbers()).ok());
                evidence.insert((*id).to_string(), value?.to_json());
            }
            from_score(pack, s, c.name(i), lang, true, evidence)
        })
        .map(|a| a.map(|a| Ok(pack.rank_entry(&a))))
        .collect::<Vec<_>>();
    let entries = entries.into_iter().enumerate().map(|(i, e)| {
        e.unwrap_or_else(|| pack.assess(&c.record(i), lang).map(|a| pack.rank_entry(&a)))
    });
    Some(entries.collect())
}
