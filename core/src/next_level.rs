//! The next-level gap: which gates and which single-indicator improvements stand between an
//! item and the level above it. Found by re-aggregating, so it is exact under every policy.

use crate::assess::EPS;
use crate::assessment::{Improvement, NextLevel};
use crate::label::{Lang, format_number};
use crate::pack::PackInner;

impl PackInner {
    pub(crate) fn next_level(
        &self,
        scores: &[Option<f64>],
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
            let mut trial = scores.to_vec();
            for (i, ind) in self.indicators.iter().enumerate() {
                if self.dimensions[ind.dimension].weight <= 0.0 {
                    continue;
                }
                let current = scores[i];
                let mut v = self.scale.min;
                while v <= self.scale.max + EPS {
                    if current.is_none_or(|c| v > c + EPS) {
                        trial[i] = Some(v);
                        let after = self.aggregate(&trial).total;
                        if after + EPS >= next.min {
                            improvements.push(Improvement {
                                indicator: ind.id.clone(),
                                label: ind.label.get(lang).to_string(),
                                dimension: self.dimensions[ind.dimension].id.clone(),
                                from: current,
                                to: v,
                                total_after: after,
                            });
                            break;
                        }
                    }
                    v += self.scale.step;
                }
                trial[i] = current;
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
                    ("gap", format_number(gap, d, lang)),
                    ("min", format_number(next.min, d, lang)),
                ],
            ));
            if improvements.is_empty() {
                summary.push(m.get("next_none", lang));
            }
            for imp in improvements.iter().take(3) {
                let from = imp.from.map_or_else(
                    || m.get("missing_value", lang),
                    |f| format_number(f, d, lang),
                );
                summary.push(m.format(
                    "next_improve",
                    lang,
                    &[
                        ("indicator", imp.label.clone()),
                        ("from", from),
                        ("to", format_number(imp.to, d, lang)),
                        ("total", format_number(imp.total_after, d, lang)),
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
        })
    }
}
