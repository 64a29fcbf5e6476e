//! The next-level gap: which gates and which single-indicator improvements stand between an
//! item and the level above it. Found by re-aggregating (the raised indicator's dimension
//! and the total), so it is exact under every policy.

use crate::label::{Lang, format_fixed};
use crate::model::Model;
use crate::model::aggregate::{DimAgg, EPS};
use crate::results::assessment::{Improvement, NextLevel};

impl Model {
    /// The smallest score on the scale's steps, above `current`, that alone lifts the total
    /// to `target`, with the total it gives. The total never falls as one score rises, so a
    /// binary search over the steps finds it; each step re-sums only indicator `i`'s
    /// dimension (`dims` is the aggregate of `scores`).
    fn smallest_raise(
        &self,
        scores: &[Option<f64>],
        dims: &[DimAgg],
        i: usize,
        target: f64,
    ) -> Option<(f64, f64)> {
        let s = self.scale;
        let value = |k: u64| {
            #[allow(clippy::cast_precision_loss)]
            let v = s.min + k as f64 * s.step;
            v.min(s.max)
        };
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let steps = ((s.max - s.min) / s.step + EPS).floor().max(0.0) as u64;
        let mut lo = match scores[i] {
            None => 0,
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Some(c) => {
                let mut k = ((c - s.min) / s.step).floor().max(0.0) as u64;
                while k <= steps && value(k) <= c + EPS {
                    k += 1;
                }
                k
            }
        };
        let total_at = |k: u64| self.total_with(scores, dims, i, Some(value(k)));
        if lo > steps || total_at(steps) + EPS < target {
            return None;
        }
        let mut hi = steps;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if total_at(mid) + EPS >= target {
                hi = mid
            } else {
                lo = mid + 1
            }
        }
        Some((value(lo), total_at(lo)))
    }

    pub(crate) fn next_level(
        &self,
        scores: &[Option<f64>],
        dims: &[DimAgg],
        gates: &[bool],
        total: f64,
        rank: u32,
        lang: Lang,
    ) -> Option<NextLevel> {
        let next = self.levels.iter().find(|l| l.rank == rank + 1)?;
        let blocking: Vec<usize> = self
            .gates
            .iter()
            .enumerate()
            .filter(|(i, g)| !gates[*i] && g.level <= next.rank)
            .map(|(i, _)| i)
            .collect();
        let gap = (next.min - total).max(0.0);
        let mut improvements = Vec::new();
        if gap > EPS {
            for (i, ind) in self.indicators.iter().enumerate() {
                if self.dimensions[ind.dimension].weight <= 0.0 {
                    continue;
                }
                let current = scores[i];
                if let Some((to, after)) = self.smallest_raise(scores, dims, i, next.min) {
                    improvements.push(Improvement {
                        indicator: ind.id.clone(),
                        label: ind.label.get(lang).to_string(),
                        dimension: self.dimensions[ind.dimension].id.clone(),
                        from: current,
                        to,
                        total_after: after,
                    });
                }
            }
            improvements.sort_by(|a, b| {
                let da = a.to - a.from.unwrap_or(self.scale.min);
                let db = b.to - b.from.unwrap_or(self.scale.min);
                da.total_cmp(&db)
                    .then(b.total_after.total_cmp(&a.total_after))
            });
        }
        let level = self.level_ref(next.rank, lang);
        let d = self.scale.decimals;
        let m = &self.messages;
        let mut summary = vec![m.format(
            "next_level",
            lang,
            &[
                ("rank", next.rank.to_string()),
                ("level", level.label.clone()),
            ],
        )];
        if gap > EPS {
            summary.push(m.format(
                "next_gap",
                lang,
                &[
                    ("gap", format_fixed(shown_gap(gap, d), d, lang)),
                    ("min", format_fixed(next.min, d, lang)),
                ],
            ));
            if improvements.is_empty() {
                summary.push(m.get("next_none", lang));
            }
            for imp in improvements.iter().take(3) {
                let from = imp.from.map_or_else(
                    || m.get("missing_value", lang),
                    |f| format_fixed(f, d, lang),
                );
                summary.push(m.format(
                    "next_improve",
                    lang,
                    &[
                        ("indicator", imp.label.clone()),
                        ("from", from),
                        ("to", format_fixed(imp.to, d, lang)),
                        ("total", format_fixed(imp.total_after, d, lang)),
                    ],
                ));
            }
        }
        for &g in &blocking {
            summary.push(m.format(
                "next_gate",
                lang,
                &[("gate", self.gates[g].label.get(lang).to_string())],
            ));
        }
        Some(NextLevel {
            level,
            min: next.min,
            gap,
            gates: blocking.iter().map(|&g| self.gates[g].id.clone()).collect(),
            improvements,
            summary,
            plan: None,
        })
    }
}

/// A gap as shown at `decimals` decimals: rounded up, so a gap that remains is never
/// shown as 0 ("naik 0,01", not "naik 0,00").
fn shown_gap(gap: f64, decimals: usize) -> f64 {
    let f = 10f64.powi(i32::try_from(decimals).unwrap_or(6));
    ((gap * f) - 1e-9).ceil().max(1.0) / f
}

#[cfg(test)]
mod tests {
    use super::shown_gap;

    #[test]
    fn a_remaining_gap_never_shows_as_zero() {
        assert!((shown_gap(0.004, 2) - 0.01).abs() < 1e-12);
        assert!((shown_gap(0.0001, 1) - 0.1).abs() < 1e-12);
        assert!((shown_gap(0.25, 2) - 0.25).abs() < 1e-12);
        assert!((shown_gap(0.251, 2) - 0.26).abs() < 1e-12);
    }
}
