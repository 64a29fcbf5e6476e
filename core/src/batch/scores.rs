//! Scoring a [`Batch`]: the pack's rules over chunks of rows with the column evaluator,
//! aggregation row by row, and the row path for every row the column evaluator hands back.

use crate::batch::Batch;
use crate::engine::Compiled;
#[cfg(feature = "columns")]
use crate::engine::fast::{ColumnValue, Machine, Strs};
use crate::engine::row::with_state;
use crate::error::{Error, Result};
#[cfg(feature = "columns")]
use crate::model::aggregate::{Acc, ChunkAgg};
use crate::model::record::Record;
use crate::pack::Pack;
use crate::parallel::{self, Cancel};
use crate::results::assessment::Score;
use crate::text_column::Texts;

/// The number an indicator's value scores: `None` for no score, NaN for a value that is
/// not a number at all.
#[cfg(feature = "columns")]
#[inline(always)]
#[allow(clippy::cast_precision_loss)]
fn number(v: ColumnValue) -> Option<f64> {
    match v {
        ColumnValue::Unit | ColumnValue::MapUnit => None,
        ColumnValue::Int(x) | ColumnValue::MapInt(x) => Some(x as f64),
        ColumnValue::Float(x) | ColumnValue::MapFloat(x) => Some(x),
        _ => Some(f64::NAN),
    }
}

/// Rows evaluated together: large enough to spread the cost of walking the rules, small
/// enough for the working columns to stay in cache.
const CHUNK: usize = 1024;

/// Scores of a batch, one entry per record in every column (see [`Score`] for each).
/// Records that could not be scored have an entry in `errors`, NaN totals, level 0 and
/// `eligible == false`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Weighted mean on the pack's scale.
    pub total: Vec<f64>,
    /// The total on a 0 to 100 scale.
    pub score_100: Vec<f64>,
    /// The level reached (after gates).
    pub level: Vec<u32>,
    /// The level the score alone would give.
    pub score_level: Vec<u32>,
    /// Dimension scores: one column per dimension, in the pack's order.
    pub dimensions: Vec<Vec<Option<f64>>>,
    /// Whether a dimension's evidence is insufficient (under the pack's minimum coverage,
    /// so it scores the scale's minimum): one column per dimension, as
    /// `DimensionScore::insufficient` of [`Pack::assess`]; `false` on failed records.
    pub insufficient: Vec<Vec<bool>>,
    /// Meets every selection condition.
    pub eligible: Vec<bool>,
    /// Roadmap realisation ratio, when known.
    pub progress_ratio: Vec<Option<f64>>,
    /// Records that could not be scored (row, error), by row.
    pub errors: Vec<(usize, Error)>,
    /// How many records were evaluated row by row rather than column by column (because a
    /// rule uses something only the interpreter evaluates, or failed on them): a measure
    /// of speed, never of results.
    pub row_path: usize,
}

impl Scores {
    /// Number of records.
    #[must_use]
    pub fn len(&self) -> usize {
        self.total.len()
    }

    /// Whether there are no records.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.total.is_empty()
    }

    /// The error of record `row`, if it could not be scored.
    #[must_use]
    pub fn error(&self, row: usize) -> Option<&Error> {
        self.errors
            .binary_search_by_key(&row, |(r, _)| *r)
            .ok()
            .map(|i| &self.errors[i].1)
    }

    /// Marks `rows` (ascending) as failed with these errors, for records a caller could
    /// not read (scored as empty placeholders): their numbers become missing, and an
    /// earlier error of the same row is replaced.
    pub fn fail(&mut self, rows: Vec<(usize, Error)>) {
        for (i, _) in &rows {
            let i = *i;
            self.total[i] = f64::NAN;
            self.score_100[i] = f64::NAN;
            self.level[i] = 0;
            self.score_level[i] = 0;
            for d in &mut self.dimensions {
                d[i] = None;
            }
            for d in &mut self.insufficient {
                d[i] = false;
            }
            self.eligible[i] = false;
            self.progress_ratio[i] = None;
        }
        let mut merged = Vec::with_capacity(self.errors.len() + rows.len());
        let mut ours = rows.into_iter().peekable();
        for (i, e) in std::mem::take(&mut self.errors) {
            while let Some(o) = ours.next_if(|(j, _)| *j <= i) {
                merged.push(o);
            }
            if merged.last().is_none_or(|(j, _): &(usize, Error)| *j != i) {
                merged.push((i, e));
            }
        }
        merged.extend(ours);
        self.errors = merged;
    }

    /// One result per record, as [`Pack::score`] gives it; `ids` are the records' ids.
    #[must_use]
    pub fn into_results(self, ids: &Texts) -> Vec<Result<Score>> {
        let mut errors = self.errors.into_iter().peekable();
        (0..self.total.len())
            .map(|i| {
                if errors.peek().is_some_and(|(r, _)| *r == i) {
                    return Err(errors.next().map_or(Error::Usage(String::new()), |e| e.1));
                }
                Ok(Score {
                    id: ids.get(i).unwrap_or_default().to_string(),
                    total: self.total[i],
                    score_100: self.score_100[i],
                    level: self.level[i],
                    score_level: self.score_level[i],
                    dimensions: self.dimensions.iter().map(|d| d[i]).collect(),
                    eligible: self.eligible[i],
                    progress_ratio: self.progress_ratio[i],
                })
            })
            .collect()
    }

    /// `n` records, every one with no numbers yet (as an error row has them).
    fn sized(dimensions: usize, n: usize) -> Scores {
        Scores {
            total: vec![f64::NAN; n],
            score_100: vec![f64::NAN; n],
            level: vec![0; n],
            score_level: vec![0; n],
            dimensions: vec![vec![None; n]; dimensions],
            insufficient: vec![vec![false; n]; dimensions],
            eligible: vec![false; n],
            progress_ratio: vec![None; n],
            errors: Vec::new(),
            row_path: 0,
        }
    }

    /// Every column cut into chunks of [`CHUNK`] rows, each with its first row.
    fn numbered_chunks(&mut self) -> Vec<(usize, ChunkOut<'_>)> {
        (0..).step_by(CHUNK).zip(self.chunks(CHUNK)).collect()
    }

    /// These scores with the errors and row-path counts of every chunk.
    fn with_parts(mut self, parts: Vec<(Vec<(usize, Error)>, usize)>) -> Scores {
        for (mut errors, row_path) in parts {
            self.errors.append(&mut errors);
            self.row_path += row_path;
        }
        self
    }

    /// Every column cut into chunks of `size` rows, to be filled in place.
    fn chunks(&mut self, size: usize) -> Vec<ChunkOut<'_>> {
        let mut dims: Vec<_> = self
            .dimensions
            .iter_mut()
            .map(|d| d.chunks_mut(size))
            .collect();
        let mut flags: Vec<_> = self
            .insufficient
            .iter_mut()
            .map(|d| d.chunks_mut(size))
            .collect();
        let columns = self
            .total
            .chunks_mut(size)
            .zip(self.score_100.chunks_mut(size))
            .zip(self.level.chunks_mut(size))
            .zip(self.score_level.chunks_mut(size))
            .zip(self.eligible.chunks_mut(size))
            .zip(self.progress_ratio.chunks_mut(size));
        let mut out = Vec::new();
        for (((((total, score_100), level), score_level), eligible), ratio) in columns {
            out.push(ChunkOut {
                total,
                score_100,
                level,
                score_level,
                dims: dims.iter_mut().filter_map(Iterator::next).collect(),
                insufficient: flags.iter_mut().filter_map(Iterator::next).collect(),
                eligible,
                ratio,
            });
        }
        out
    }
}

/// One chunk's rows of a [`Scores`], filled in place.
struct ChunkOut<'a> {
    total: &'a mut [f64],
    score_100: &'a mut [f64],
    level: &'a mut [u32],
    score_level: &'a mut [u32],
    dims: Vec<&'a mut [Option<f64>]>,
    insufficient: Vec<&'a mut [bool]>,
    eligible: &'a mut [bool],
    ratio: &'a mut [Option<f64>],
}

impl ChunkOut<'_> {
    /// Row `r`'s numbers from the row path, with each dimension's insufficient flag.
    fn set(&mut self, r: usize, s: &Score, insufficient: &[bool]) {
        self.total[r] = s.total;
        self.score_100[r] = s.score_100;
        self.level[r] = s.level;
        self.score_level[r] = s.score_level;
        for (d, v) in self.dims.iter_mut().zip(&s.dimensions) {
            d[r] = *v;
        }
        for (d, v) in self.insufficient.iter_mut().zip(insufficient) {
            d[r] = *v;
        }
        self.eligible[r] = s.eligible;
        self.ratio[r] = s.progress_ratio;
    }
}

impl Pack {
    /// [`Pack::score`] for many records: one [`Batch`], scored column by column on
    /// all cores with the `parallel` feature. One result per record, in order.
    #[must_use]
    pub fn score_many(&self, records: &[Record]) -> Vec<Result<Score>> {
        let batch = Batch::from_records(self, records);
        match self.score_batch(&batch) {
            Ok(scores) => scores.into_results(batch.ids()),
            Err(e) => records.iter().map(|_| Err(e.clone())).collect(),
        }
    }

    /// Scores every record of `batch` (built for this pack): the numbers of
    /// [`Pack::score`], computed column by column on all cores with the `parallel` feature.
    ///
    /// # Errors
    /// [`Error::Usage`] if `batch` was built for another pack (one with other files). A record that cannot be
    /// scored does not stop the batch: its error is in [`Scores::errors`].
    pub fn score_batch(&self, batch: &Batch) -> Result<Scores> {
        self.check_batch(batch)?;
        let mut all = Scores::sized(self.model().dimensions.len(), batch.len());
        let chunks = all.numbered_chunks();
        let never = Cancel::new();
        let parts = parallel::map_owned(chunks, |(start, mut out)| {
            self.compiled().score_chunk(batch, start, &mut out, &never)
        });
        Ok(all.with_parts(parts))
    }

    /// [`Pack::score_batch`] that stops between chunks of rows once `cancel` is set, and
    /// then gives `Ok(None)`.
    ///
    /// # Errors
    /// As [`Pack::score_batch`].
    pub fn score_batch_cancellable(
        &self,
        batch: &Batch,
        cancel: &Cancel,
    ) -> Result<Option<Scores>> {
        self.check_batch(batch)?;
        let mut all = Scores::sized(self.model().dimensions.len(), batch.len());
        let chunks = all.numbered_chunks();
        let parts = parallel::map_owned_until(chunks, cancel, |(start, mut out)| {
            self.compiled().score_chunk(batch, start, &mut out, cancel)
        });
        Ok(parts.map(|parts| all.with_parts(parts)))
    }

    fn check_batch(&self, batch: &Batch) -> Result<()> {
        // Packs compiled from the same files number their symbols the same way.
        if !self.same_as(&batch.pack) && self.fingerprint() != batch.pack.fingerprint() {
            return Err(Error::Usage(
                "this batch was built for another pack (build it with this pack)".to_string(),
            ));
        }
        Ok(())
    }
}

impl Compiled {
    /// Scores rows `start..start + out.len()` of `batch` into `out`; returns the errors of
    /// the rows that could not be scored (by row) and how many rows took the row path.
    /// Once `cancel` is set, the rows left for the row path are skipped (each can take as
    /// long as the rules' limits allow).
    #[allow(clippy::too_many_lines)]
    fn score_chunk(
        &self,
        batch: &Batch,
        start: usize,
        out: &mut ChunkOut<'_>,
        cancel: &Cancel,
    ) -> (Vec<(usize, Error)>, usize) {
        let n = out.total.len();
        // Rows scored here; every other row takes the row path.
        #[cfg_attr(not(feature = "columns"), allow(unused_mut))]
        let mut sel: Vec<u32> = Vec::new();
        #[cfg(feature = "columns")]
        if let Some(plan) = &self.plan {
            let nd = self.model.derived.len();
            let strs = Strs {
                pack: &self.symbols,
                batch: &batch.text,
            };
            let mut m = Machine::new(&batch.stores, strs, start, n, nd + 4, plan.locals);
            sel.reserve(n);
            for r in 0..n as u32 {
                if batch.invalid[start + r as usize].is_some() {
                    m.bails.set(r);
                } else {
                    sel.push(r);
                }
            }
            let mut col = vec![ColumnValue::Unit; n];
            let mut seen = m.bails.count;
            // Rows handed back are left out of every later script.
            let mut settle = |m: &Machine<'_>, sel: &mut Vec<u32>| {
                if m.bails.count != seen {
                    sel.retain(|&r| !m.bails.get(r));
                    seen = m.bails.count;
                }
            };
            for (k, p) in plan.derived.iter().enumerate() {
                m.run(p, &sel, &mut col);
                std::mem::swap(&mut m.comp[k], &mut col);
                settle(&m, &mut sel);
            }
            // Each indicator's scores go straight into its dimension's sums.
            let mut acc: Vec<Vec<Acc>> = self
                .model
                .dimensions
                .iter()
                .map(|_| Vec::with_capacity(n))
                .collect();
            for (i, p) in plan.indicators.iter().enumerate() {
                m.run(p, &sel, &mut col);
                if self.model.reads_unmet(i) {
                    self.fill_not_shown(i, batch, start, &sel, &mut col);
                }
                let bails = &mut m.bails;
                self.model
                    .add_scores(i, &col, number, &mut acc, |r| bails.set(r));
                settle(&m, &mut sel);
            }
            // A failing gate caps the level one below its own (as `capped_rank` does).
            let mut cap = vec![u32::MAX; n];
            for (g, p) in plan.gates.iter().enumerate() {
                let below = self.model.gates[g].level - 1;
                m.for_failing(p, &sel, &mut col, |r| cap[r] = cap[r].min(below));
                settle(&m, &mut sel);
            }
            if let Some(p) = &plan.ratio {
                m.run(p, &sel, &mut col);
                #[allow(clippy::cast_precision_loss)]
                for &r in &sel {
                    out.ratio[r as usize] = match col[r as usize] {
                        ColumnValue::Int(i) => Some(i as f64),
                        ColumnValue::Float(f) => Some(f),
                        _ => None,
                    };
                }
                settle(&m, &mut sel);
            }
            let mut agg = ChunkAgg {
                total: out.total,
                dims: &mut out.dims,
                insufficient: &mut out.insufficient,
            };
            self.model.aggregate_chunk(&acc, &sel, &mut agg);
            for &r in &sel {
                let r = r as usize;
                let total = out.total[r];
                out.score_level[r] = self.model.score_rank(total);
                out.level[r] = out.score_level[r].min(cap[r]);
                out.score_100[r] = self.model.score_100(total);
                out.eligible[r] = true;
            }
            if !plan.requires.is_empty() {
                for &r in &sel {
                    let r = r as usize;
                    m.comp[nd][r] = ColumnValue::Int(i64::from(out.level[r]));
                    m.comp[nd + 1][r] = ColumnValue::Float(out.total[r]);
                    m.comp[nd + 2][r] = ColumnValue::Float(out.score_100[r]);
                    let any = out.insufficient.iter().any(|d| d[r]);
                    m.comp[nd + 3][r] = ColumnValue::Bool(any);
                }
            }
            for p in &plan.requires {
                m.for_failing(p, &sel, &mut col, |r| out.eligible[r] = false);
                settle(&m, &mut sel);
            }
        }
        // Rows not in `sel` (in order) take the row path, which overwrites every number
        // the column evaluator may have left on them.
        let (mut errors, mut row_path) = (Vec::new(), 0);
        let mut scored = sel.iter().map(|&r| r as usize).peekable();
        for r in 0..n {
            if scored.next_if_eq(&r).is_some() {
                continue;
            }
            if cancel.is_cancelled() {
                break;
            }
            let i = start + r;
            row_path += usize::from(batch.invalid[i].is_none());
            match self.score_row(batch, i) {
                Ok((s, insufficient)) => out.set(r, &s, &insufficient),
                Err(e) => {
                    out.set(
                        r,
                        &Score {
                            id: String::new(),
                            total: f64::NAN,
                            score_100: f64::NAN,
                            level: 0,
                            score_level: 0,
                            dimensions: vec![None; self.model.dimensions.len()],
                            eligible: false,
                            progress_ratio: None,
                        },
                        &vec![false; self.model.dimensions.len()],
                    );
                    errors.push((i, e));
                }
            }
        }
        (errors, row_path)
    }

    /// Scores the scale's minimum where indicator `i` has no score because evidence it
    /// needs was not shown (as the row path does).
    #[cfg(feature = "columns")]
    fn fill_not_shown(
        &self,
        i: usize,
        batch: &Batch,
        start: usize,
        sel: &[u32],
        col: &mut [ColumnValue],
    ) {
        let min = ColumnValue::Float(self.model.scale.min);
        for &r in sel {
            let r = r as usize;
            if matches!(col[r], ColumnValue::Unit | ColumnValue::MapUnit)
                && self
                    .model
                    .not_shown(i, |f| batch.stores[f].is_missing(start + r))
            {
                col[r] = min;
            }
        }
    }

    /// The row path for record `i` of `batch`, with each dimension's insufficient flag.
    fn score_row(&self, batch: &Batch, i: usize) -> Result<(Score, Vec<bool>)> {
        if let Some(e) = &batch.invalid[i] {
            return Err((**e).clone());
        }
        let values = batch.values(i);
        let ev = with_state(|st| {
            self.evaluate_values(values, batch.id(i).to_string(), None, Vec::new(), st)
        })?;
        let insufficient = self.model.aggregate(&ev.scores).dims;
        let insufficient = insufficient.iter().map(|d| d.insufficient).collect();
        Ok((self.model.score_of(ev), insufficient))
    }
}
