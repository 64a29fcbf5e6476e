//! Scoring a [`Batch`]: the pack's rules over chunks of rows with the column evaluator,
//! aggregation row by row, and the row path for every row the column evaluator hands back.

use crate::assess::{ChunkAgg, EPS, with_state};
use crate::assessment::Score;
use crate::batch::{Batch, par_map};
use crate::error::{Error, Result};
use crate::fast::{Cv, Machine, Prog, Strs, Symbols, lower};
use crate::pack::{Pack, PackInner};
use std::sync::Arc;

/// Rows evaluated together: large enough to spread the cost of walking the rules, small
/// enough for the working columns to stay in cache.
const CHUNK: usize = 512;

/// The pack's scripts lowered for the column evaluator (all of them, or the pack has none).
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    derived: Vec<Prog>,
    indicators: Vec<Prog>,
    gates: Vec<Prog>,
    ratio: Option<Prog>,
    requires: Vec<Prog>,
    locals: usize,
}

impl Plan {
    /// Interns every enum value, then lowers every script; `None` if one does not lower.
    pub(crate) fn build(inner: &PackInner, symbols: &mut Symbols) -> Option<Plan> {
        for f in &inner.fields {
            for v in &f.interned {
                symbols.intern(v);
            }
        }
        let nf = inner.fields.len();
        let mut one = |s: &crate::script::Script| lower(s.fast.as_ref()?, nf, symbols);
        let mut all = |v: Vec<&crate::script::Script>| -> Option<Vec<Prog>> {
            v.into_iter().map(&mut one).collect()
        };
        let derived = all(inner.derived.iter().map(|d| &d.script).collect())?;
        let indicators = all(inner.indicators.iter().map(|d| &d.script).collect())?;
        let gates = all(inner.gates.iter().map(|d| &d.script).collect())?;
        let requires = all(inner.selection.requires.iter().map(|d| &d.script).collect())?;
        let ratio = match &inner.progress.ratio {
            Some(s) => Some(all(vec![s])?.remove(0)),
            None => None,
        };
        let locals = derived
            .iter()
            .chain(&indicators)
            .chain(&gates)
            .chain(&requires)
            .chain(&ratio)
            .map(|p| p.locals)
            .max()
            .unwrap_or(0);
        Some(Plan {
            derived,
            indicators,
            gates,
            ratio,
            requires,
            locals,
        })
    }
}

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

    /// One result per record, as [`Pack::score`] gives it; `ids` are the records' ids.
    #[must_use]
    pub fn into_results(self, ids: &[String]) -> Vec<Result<Score>> {
        let mut errors = self.errors.into_iter().peekable();
        (0..self.total.len())
            .map(|i| {
                if errors.peek().is_some_and(|(r, _)| *r == i) {
                    return Err(errors.next().map_or(Error::Usage(String::new()), |e| e.1));
                }
                Ok(Score {
                    id: ids.get(i).cloned().unwrap_or_default(),
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

    /// Appends one record's numbers (`dims` in the pack's dimension order).
    fn push_row(&mut self, row: &Row, dims: impl IntoIterator<Item = Option<f64>>) {
        self.total.push(row.total);
        self.score_100.push(row.score_100);
        self.level.push(row.level);
        self.score_level.push(row.score_level);
        for (d, v) in self.dimensions.iter_mut().zip(dims) {
            d.push(v);
        }
        self.eligible.push(row.eligible);
        self.progress_ratio.push(row.ratio);
    }

    fn push(&mut self, s: &Score) {
        let row = Row {
            total: s.total,
            score_100: s.score_100,
            level: s.level,
            score_level: s.score_level,
            eligible: s.eligible,
            ratio: s.progress_ratio,
        };
        self.push_row(&row, s.dimensions.iter().copied());
    }

    fn push_error(&mut self, row: usize, e: Error) {
        let nothing = Row {
            total: f64::NAN,
            score_100: f64::NAN,
            level: 0,
            score_level: 0,
            eligible: false,
            ratio: None,
        };
        self.push_row(&nothing, std::iter::repeat(None));
        self.errors.push((row, e));
    }

    fn reserve(&mut self, rows: usize) {
        self.total.reserve(rows);
        self.score_100.reserve(rows);
        self.level.reserve(rows);
        self.score_level.reserve(rows);
        for d in &mut self.dimensions {
            d.reserve(rows);
        }
        self.eligible.reserve(rows);
        self.progress_ratio.reserve(rows);
    }

    fn append(&mut self, mut other: Scores) {
        self.total.append(&mut other.total);
        self.score_100.append(&mut other.score_100);
        self.level.append(&mut other.level);
        self.score_level.append(&mut other.score_level);
        for (d, o) in self.dimensions.iter_mut().zip(&mut other.dimensions) {
            d.append(o);
        }
        self.eligible.append(&mut other.eligible);
        self.progress_ratio.append(&mut other.progress_ratio);
        self.errors.append(&mut other.errors);
        self.row_path += other.row_path;
    }
}

impl Pack {
    /// Scores every record of `batch` (built for this pack): the numbers of
    /// [`Pack::score`], computed column by column on all cores with the `parallel` feature.
    ///
    /// # Errors
    /// [`Error::Usage`] if `batch` was built for another pack (one with other files). A record that cannot be
    /// scored does not stop the batch: its error is in [`Scores::errors`].
    pub fn score_batch(&self, batch: &Batch) -> Result<Scores> {
        // Packs compiled from the same files number their symbols the same way.
        if !Arc::ptr_eq(&self.inner, &batch.pack.inner)
            && self.inner.reference.fingerprint != batch.pack.inner.reference.fingerprint
        {
            return Err(Error::Usage(
                "this batch was built for another pack (build it with this pack)".to_string(),
            ));
        }
        let starts: Vec<usize> = (0..batch.len()).step_by(CHUNK).collect();
        let parts = par_map(&starts, |&start| {
            let n = CHUNK.min(batch.len() - start);
            self.inner.score_chunk(batch, start, n)
        });
        let mut all = self.inner.empty_scores();
        all.reserve(batch.len());
        for p in parts {
            all.append(p);
        }
        Ok(all)
    }
}

/// One record's numbers, apart from its dimension scores.
struct Row {
    total: f64,
    score_100: f64,
    level: u32,
    score_level: u32,
    eligible: bool,
    ratio: Option<f64>,
}

impl PackInner {
    fn empty_scores(&self) -> Scores {
        Scores {
            dimensions: vec![Vec::new(); self.dimensions.len()],
            ..Scores::default()
        }
    }

    /// The indicator's score from its value, or `Err` where the row path must report.
    fn cell_score(&self, v: Cv) -> std::result::Result<Option<f64>, ()> {
        #[allow(clippy::cast_precision_loss)]
        let s = match v {
            Cv::Unit | Cv::MapUnit => return Ok(None),
            Cv::Int(i) | Cv::MapInt(i) => i as f64,
            Cv::Float(f) | Cv::MapFloat(f) => f,
            _ => return Err(()),
        };
        if s.is_finite() && s >= self.scale.min - EPS && s <= self.scale.max + EPS {
            Ok(Some(s))
        } else {
            Err(())
        }
    }

    #[allow(clippy::too_many_lines)]
    fn score_chunk(&self, batch: &Batch, start: usize, n: usize) -> Scores {
        let mut out = self.empty_scores();
        // Per row: scored here (else by the row path), and its numbers.
        let mut done = vec![false; n];
        let mut agg = ChunkAgg::default();
        let (mut level, mut score_level) = (vec![0u32; n], vec![0u32; n]);
        let mut score_100 = vec![0.0; n];
        let mut eligible = vec![true; n];
        let mut ratio: Vec<Option<f64>> = vec![None; n];
        if let Some(plan) = &self.plan {
            let (nd, ni) = (self.derived.len(), self.indicators.len());
            let strs = Strs {
                pack: &self.symbols,
                batch: &batch.text,
            };
            let mut m = Machine::new(&batch.stores, strs, start, n, nd + 4, plan.locals);
            let mut sel: Vec<u32> = Vec::with_capacity(n);
            for r in 0..n as u32 {
                if batch.invalid[start + r as usize].is_some() {
                    m.bails.set(r);
                } else {
                    sel.push(r);
                }
            }
            let mut col = vec![Cv::Unit; n];
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
            // Indicator-major, NaN where an indicator has no score.
            let mut scores = vec![f64::NAN; n * ni];
            for (i, p) in plan.indicators.iter().enumerate() {
                m.run(p, &sel, &mut col);
                let row_scores = &mut scores[i * n..(i + 1) * n];
                for &r in &sel {
                    match self.cell_score(col[r as usize]) {
                        Ok(Some(s)) => row_scores[r as usize] = s,
                        Ok(None) => {}
                        Err(()) => m.bails.set(r),
                    }
                }
                settle(&m, &mut sel);
            }
            // A failing gate caps the level one below its own (as `capped_rank` does).
            let mut cap = vec![u32::MAX; n];
            for (g, p) in plan.gates.iter().enumerate() {
                m.run(p, &sel, &mut col);
                let below = self.gates[g].level - 1;
                for &r in &sel {
                    match col[r as usize] {
                        Cv::Bool(true) => {}
                        Cv::Unit | Cv::Bool(false) => {
                            cap[r as usize] = cap[r as usize].min(below);
                        }
                        _ => m.bails.set(r),
                    }
                }
                settle(&m, &mut sel);
            }
            if let Some(p) = &plan.ratio {
                m.run(p, &sel, &mut col);
                #[allow(clippy::cast_precision_loss)]
                for &r in &sel {
                    ratio[r as usize] = match col[r as usize] {
                        Cv::Int(i) => Some(i as f64),
                        Cv::Float(f) => Some(f),
                        _ => None,
                    };
                }
                settle(&m, &mut sel);
            }
            self.aggregate_chunk(&scores, n, &sel, &mut agg);
            for &r in &sel {
                let r = r as usize;
                let total = agg.total[r];
                score_level[r] = self.score_rank(total);
                level[r] = score_level[r].min(cap[r]);
                score_100[r] = self.score_100(total);
            }
            if !plan.requires.is_empty() {
                for &r in &sel {
                    let r = r as usize;
                    m.comp[nd][r] = Cv::Int(i64::from(level[r]));
                    m.comp[nd + 1][r] = Cv::Float(agg.total[r]);
                    m.comp[nd + 2][r] = Cv::Float(score_100[r]);
                    m.comp[nd + 3][r] = Cv::Bool(agg.insufficient[r]);
                }
            }
            for p in &plan.requires {
                m.run(p, &sel, &mut col);
                for &r in &sel {
                    match col[r as usize] {
                        Cv::Bool(true) => {}
                        Cv::Unit | Cv::Bool(false) => eligible[r as usize] = false,
                        _ => m.bails.set(r),
                    }
                }
                settle(&m, &mut sel);
            }
            for &r in &sel {
                done[r as usize] = true;
            }
        }
        for r in 0..n {
            let i = start + r;
            if done[r] {
                let row = Row {
                    total: agg.total[r],
                    score_100: score_100[r],
                    level: level[r],
                    score_level: score_level[r],
                    eligible: eligible[r],
                    ratio: ratio[r],
                };
                out.push_row(&row, agg.dims.iter().map(|d| d[r]));
            } else {
                out.row_path += usize::from(batch.invalid[i].is_none());
                match self.score_row(batch, i) {
                    Ok(s) => out.push(&s),
                    Err(e) => out.push_error(i, e),
                }
            }
        }
        out
    }

    /// The row path for record `i` of `batch`.
    fn score_row(&self, batch: &Batch, i: usize) -> Result<Score> {
        if let Some(e) = &batch.invalid[i] {
            return Err((**e).clone());
        }
        let values = batch.values(i);
        let ev = with_state(|st| {
            self.evaluate_values(values, batch.ids[i].clone(), None, Vec::new(), st)
        })?;
        Ok(self.score_of(ev))
    }
}
