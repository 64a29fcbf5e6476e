//! The formulas of a pack, in one place for the row path and the batch path alike:
//! coverage, a dimension's score, the total, the level a total reaches, the cap of failing
//! gates, and the 0 to 100 score. The batch path adds a chunk's scores column by column
//! (`add_scores`, `aggregate_chunk`) with the same operations in the same order as the row
//! path (`aggregate_into`), so both give the same numbers to the last bit.

use super::Model;
use super::level::LevelRef;
use super::scale::MissingPolicy;
use crate::label::Lang;

/// Tolerance for comparing a total with a level threshold (float sums such as 4.199999...).
pub(crate) const EPS: f64 = 1e-9;

/// Dimension scores and total for a set of indicator scores.
pub(crate) struct Aggregate {
    pub dims: Vec<DimAgg>,
    pub total: f64,
}

pub(crate) struct DimAgg {
    pub score: Option<f64>,
    pub present: usize,
    pub count: usize,
    pub insufficient: bool,
}

/// One row's running sums for one dimension of a chunk: the weighted sum and the weight
/// of its indicators with a score so far, and how many they are.
#[cfg(feature = "columns")]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Acc {
    sum: f64,
    wsum: f64,
    present: u32,
}

/// The sums of a dimension without indicators.
#[cfg(feature = "columns")]
const EMPTY: Acc = Acc {
    sum: 0.0,
    wsum: 0.0,
    present: 0,
};

/// Where [`Model::aggregate_chunk`] writes a chunk's rows: per row, the total; per
/// dimension, each row's score and whether its evidence is insufficient.
#[cfg(feature = "columns")]
pub(crate) struct ChunkAgg<'a, 'b> {
    pub total: &'a mut [f64],
    pub dims: &'a mut [&'b mut [Option<f64>]],
    pub insufficient: &'a mut [&'b mut [bool]],
}

impl Model {
    pub(crate) fn aggregate(&self, scores: &[Option<f64>]) -> Aggregate {
        let mut dims = Vec::with_capacity(self.dimensions.len());
        let total = self.aggregate_into(scores, &mut dims);
        Aggregate { dims, total }
    }

    /// Dimension scores into `dims` (cleared first), and the total.
    pub(crate) fn aggregate_into(&self, scores: &[Option<f64>], dims: &mut Vec<DimAgg>) -> f64 {
        dims.clear();
        dims.extend(self.dimensions.iter().map(|d| {
            let (mut sum, mut wsum, mut present, mut wall) = (0.0, 0.0, 0, 0.0);
            for &i in &d.indicators {
                let w = self.indicators[i].weight;
                wall += w;
                if let Some(s) = scores[i] {
                    sum += w * s;
                    wsum += w;
                    present += 1;
                }
            }
            let count = d.indicators.len();
            let insufficient = self.insufficient(present, count);
            let score = self.dimension_score(sum, wsum, insufficient, wall);
            DimAgg {
                score,
                present,
                count,
                insufficient,
            }
        }));
        let (mut sum, mut wsum) = (0.0, 0.0);
        for (d, a) in self.dimensions.iter().zip(dims.iter()) {
            if let Some(s) = a.score {
                sum += d.weight * s;
                wsum += d.weight;
            }
        }
        self.total_of(sum, wsum)
    }

    /// The total of `scores` with indicator `i`'s score set to `s`, given `dims` (the
    /// [`Self::aggregate_into`] of `scores`): only `i`'s dimension is summed again, with the
    /// operations of [`Self::aggregate_into`] in the same order (so the same total).
    pub(crate) fn total_with(
        &self,
        scores: &[Option<f64>],
        dims: &[DimAgg],
        i: usize,
        s: Option<f64>,
    ) -> f64 {
        let at = self.indicators[i].dimension;
        let d = &self.dimensions[at];
        let (mut sum, mut wsum, mut present, mut wall) = (0.0, 0.0, 0, 0.0);
        for &k in &d.indicators {
            let w = self.indicators[k].weight;
            wall += w;
            if let Some(v) = if k == i { s } else { scores[k] } {
                sum += w * v;
                wsum += w;
                present += 1;
            }
        }
        let insufficient = self.insufficient(present, d.indicators.len());
        let changed = self.dimension_score(sum, wsum, insufficient, wall);
        let (mut sum, mut wsum) = (0.0, 0.0);
        for (k, (d, a)) in self.dimensions.iter().zip(dims).enumerate() {
            if let Some(v) = if k == at { changed } else { a.score } {
                sum += d.weight * v;
                wsum += d.weight;
            }
        }
        self.total_of(sum, wsum)
    }

    /// Whether `present` of a dimension's `count` indicators with a score leave its
    /// evidence insufficient (only under a minimum coverage).
    #[inline]
    fn insufficient(&self, present: usize, count: usize) -> bool {
        #[allow(clippy::cast_precision_loss)]
        let coverage = present as f64 / count as f64;
        match self.policy {
            MissingPolicy::MinCoverage { min_coverage } => coverage + EPS < min_coverage,
            MissingPolicy::Exclude | MissingPolicy::Zero => false,
        }
    }

    /// A dimension's score from the weighted sum and weight of its indicators with
    /// evidence, whether that evidence is [`Self::insufficient`], and the weight of all its
    /// indicators.
    #[inline(always)]
    fn dimension_score(&self, sum: f64, wsum: f64, insufficient: bool, wall: f64) -> Option<f64> {
        let min = self.scale.min;
        match self.policy {
            MissingPolicy::Zero => Some((sum + (wall - wsum) * min) / wall),
            _ if insufficient => Some(min),
            _ => (wsum > 0.0).then(|| sum / wsum),
        }
    }

    /// The total from the weighted sum and weight of the dimensions with a score.
    #[inline]
    fn total_of(&self, sum: f64, wsum: f64) -> f64 {
        if wsum > 0.0 {
            self.scale
                .published((sum / wsum).clamp(self.scale.min, self.scale.max))
        } else {
            self.scale.min
        }
    }

    /// Adds indicator `i`'s values `col` (every row of a chunk) to its dimension's sums in
    /// `acc` (empty until its first indicator), in indicator order as
    /// [`Self::aggregate_into`] adds them, so the same numbers; `bad(row)` for each row
    /// whose value is not a score on the scale, which the row path must report. Rows
    /// already handed back are added too: they are never read.
    #[cfg(feature = "columns")]
    #[inline(always)]
    pub(crate) fn add_scores<T: Copy>(
        &self,
        i: usize,
        col: &[T],
        number: impl Fn(T) -> Option<f64>,
        acc: &mut [Vec<Acc>],
        mut bad: impl FnMut(u32),
    ) {
        let (lo, hi) = (self.scale.min - EPS, self.scale.max + EPS);
        let ind = &self.indicators[i];
        let w = ind.weight;
        let acc = &mut acc[ind.dimension];
        if acc.is_empty() {
            // The first indicator starts the sums, as from zero (`0.0 + x` is never -0.0).
            acc.extend((0..).zip(col).map(|(r, &v)| match number(v) {
                Some(s) if s >= lo && s <= hi => Acc {
                    sum: 0.0 + w * s,
                    wsum: 0.0 + w,
                    present: 1,
                },
                None => EMPTY,
                Some(_) => {
                    bad(r);
                    EMPTY
                }
            }));
            return;
        }
        for (r, (&v, a)) in (0..).zip(col.iter().zip(acc.iter_mut())) {
            let Some(s) = number(v) else { continue };
            if s >= lo && s <= hi {
                a.sum += w * s;
                a.wsum += w;
                a.present += 1;
            } else {
                bad(r);
            }
        }
    }

    /// Dimension scores and totals of the rows `sel` of a chunk from the sums that
    /// [`Self::add_scores`] left in `acc`, with the operations of
    /// [`Self::aggregate_into`] in the same order (so the same numbers).
    #[cfg(feature = "columns")]
    pub(crate) fn aggregate_chunk(
        &self,
        acc: &[Vec<Acc>],
        sel: &[u32],
        out: &mut ChunkAgg<'_, '_>,
    ) {
        let n = out.total.len();
        let (mut tsum, mut twsum) = (vec![0.0; n], vec![0.0; n]);
        for (d, dim) in self.dimensions.iter().enumerate() {
            let count = dim.indicators.len();
            let wall: f64 = dim
                .indicators
                .iter()
                .fold(0.0, |w, &i| w + self.indicators[i].weight);
            // Decided once per number of indicators with a score rather than once per row.
            let thin: Vec<bool> = (0..=count).map(|p| self.insufficient(p, count)).collect();
            let (acc, scores, flags) = (&acc[d], &mut *out.dims[d], &mut *out.insufficient[d]);
            for &r in sel {
                let r = r as usize;
                let Acc { sum, wsum, present } = acc.get(r).copied().unwrap_or(EMPTY);
                let insufficient = thin[present as usize];
                let score = self.dimension_score(sum, wsum, insufficient, wall);
                scores[r] = score;
                flags[r] = insufficient;
                if let Some(s) = score {
                    tsum[r] += dim.weight * s;
                    twsum[r] += dim.weight;
                }
            }
        }
        for &r in sel {
            let r = r as usize;
            out.total[r] = self.total_of(tsum[r], twsum[r]);
        }
    }

    pub(crate) fn score_rank(&self, total: f64) -> u32 {
        self.levels
            .iter()
            .rev()
            .find(|l| total + EPS >= l.min)
            .map_or(1, |l| l.rank)
    }

    pub(crate) fn capped_rank(&self, score_rank: u32, gates: &[bool]) -> u32 {
        self.gates
            .iter()
            .zip(gates)
            .filter(|(_, passed)| !**passed)
            .map(|(g, _)| g.level - 1)
            .fold(score_rank, u32::min)
    }

    pub(crate) fn level_ref(&self, rank: u32, lang: Lang) -> LevelRef {
        let l = &self.levels[(rank as usize).saturating_sub(1).min(self.levels.len() - 1)];
        LevelRef {
            rank: l.rank,
            id: l.id.clone(),
            label: l.label.get(lang).to_string(),
        }
    }

    pub(crate) fn score_100(&self, total: f64) -> f64 {
        (total - self.scale.min) / (self.scale.max - self.scale.min) * 100.0
    }
}
