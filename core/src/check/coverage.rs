//! Which outcomes a pack's test vectors reach: each indicator's lowest and highest score
//! (as far as probing its rule finds), each gate passed and failed, each level reached (as `opa test --coverage`).

use crate::error::Result;
use crate::label::Lang;
use crate::pack::Pack;
use serde::{Deserialize, Serialize};

/// One outcome the vectors should reach.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Target {
    /// `indicator`, `gate` or `level`.
    pub kind: String,
    /// The indicator's or gate's id, or the level's rank.
    pub id: String,
    /// `lowest X` / `highest X` (an indicator's score), `pass` / `fail`, `reached`.
    pub outcome: String,
    /// Some vector reaches it.
    pub covered: bool,
}

/// The scores one indicator gets across the vectors.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IndicatorReach {
    /// The indicator's id.
    pub id: String,
    /// Distinct scores seen, lowest first (no evidence is not a score).
    pub seen: Vec<f64>,
    /// The lowest score its rule gives, found by probing it (see [`Pack::probe`]).
    pub lowest: f64,
    /// The highest score its rule gives.
    pub highest: f64,
}

/// A pack's vector coverage.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Coverage {
    /// The pack id.
    pub pack: String,
    /// Every outcome, covered or not.
    pub targets: Vec<Target>,
    /// Per indicator, the scores seen.
    pub indicators: Vec<IndicatorReach>,
    /// Covered targets as a percentage of all (100 for a pack with none).
    pub percent: f64,
}

impl Coverage {
    /// The targets no vector reaches.
    pub fn missed(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(|t| !t.covered)
    }
}

/// Scores closer than this count as the same (scores are rounded to the pack's decimals).
const SAME: f64 = 1e-9;

impl Pack {
    /// Measures which indicator scores, gate outcomes and levels the pack's vectors reach.
    ///
    /// ```
    /// let c = matang::Pack::builtin("smart-city-quickwin").unwrap().coverage().unwrap();
    /// assert!(c.percent > 0.0 && c.percent <= 100.0);
    /// ```
    ///
    /// # Errors
    /// [`crate::Error::Pack`] if the vectors file is malformed.
    pub fn coverage(&self) -> Result<Coverage> {
        let scale = self.scale();
        let assessed: Vec<_> = self
            .vector_records()?
            .iter()
            .filter_map(|(_, r)| self.assess(r, Lang::En).ok())
            .collect();
        let mut targets = Vec::new();
        let mut indicators = Vec::new();
        let target = |kind: &str, id: &str, outcome: &str, covered: bool| Target {
            kind: kind.into(),
            id: id.into(),
            outcome: outcome.into(),
            covered,
        };
        let probes = self.probe();
        for (ind, probe) in self.indicators().iter().zip(&probes) {
            let mut seen: Vec<f64> = assessed
                .iter()
                .filter_map(|a| a.indicator(&ind.id).and_then(|s| s.score))
                .collect();
            seen.sort_by(f64::total_cmp);
            seen.dedup_by(|a, b| (*a - *b).abs() < SAME);
            // The ends the rule can reach, else the scale's.
            let (lo, hi) = (
                probe.lowest.unwrap_or(scale.min),
                probe.highest.unwrap_or(scale.max),
            );
            let below = seen.first().is_some_and(|s| *s <= lo + SAME);
            let above = seen.last().is_some_and(|s| *s >= hi - SAME);
            targets.push(target("indicator", &ind.id, &format!("lowest {lo}"), below));
            targets.push(target(
                "indicator",
                &ind.id,
                &format!("highest {hi}"),
                above,
            ));
            indicators.push(IndicatorReach {
                id: ind.id.clone(),
                seen,
                lowest: lo,
                highest: hi,
            });
        }
        for gate in self.gates() {
            let outcomes = || {
                assessed
                    .iter()
                    .filter_map(|a| a.gates.iter().find(|g| g.id == gate.id))
            };
            targets.push(target(
                "gate",
                &gate.id,
                "pass",
                outcomes().any(|g| g.passed),
            ));
            targets.push(target(
                "gate",
                &gate.id,
                "fail",
                outcomes().any(|g| !g.passed),
            ));
        }
        for level in self.levels() {
            let reached = assessed.iter().any(|a| a.level.rank == level.rank);
            targets.push(target("level", &level.rank.to_string(), "reached", reached));
        }
        let covered = targets.iter().filter(|t| t.covered).count();
        #[allow(clippy::cast_precision_loss)] // counts of a pack's outcomes are small
        let percent = if targets.is_empty() {
            100.0
        } else {
            100.0 * covered as f64 / targets.len() as f64
        };
        Ok(Coverage {
            pack: self.id().to_string(),
            targets,
            indicators,
            percent,
        })
    }
}
