//! The scale every score lies on, and what missing evidence means for it.

use serde::Serialize;

/// The pack's scale: every indicator, dimension and total lies in `[min, max]`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Scale {
    /// Lowest score.
    pub min: f64,
    /// Highest score.
    pub max: f64,
    /// Step used when proposing improvements (1 for a 0 to 5 integer scale).
    pub step: f64,
    /// Decimals shown to people.
    pub decimals: usize,
    /// Decimals the total is rounded to before it is banded into a level, as an official
    /// index is published (`None`: the exact total is banded).
    pub round_before_level: Option<usize>,
}

impl Scale {
    /// `total` as the pack publishes it: rounded half away from zero to
    /// `round_before_level` decimals (2.595 to 2.60, although 2.595 is stored as a binary
    /// number a hair below it), or unchanged.
    #[must_use]
    pub fn published(&self, total: f64) -> f64 {
        match self.round_before_level {
            None => total,
            Some(d) => {
                let f = 10f64.powi(i32::try_from(d).unwrap_or(6));
                // The nudge makes a decimal half (x.xx5, stored a hair low) round up.
                (total * f * (1.0 + 1e-12)).round() / f
            }
        }
    }
}

/// What to do with an indicator that has no evidence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum MissingPolicy {
    /// Leave it out of its dimension's mean (a dimension with no evidence at all is left out of the total).
    Exclude,
    /// Count it as the scale's minimum.
    Zero,
    /// Leave it out, but a dimension whose share of indicators with evidence is below
    /// `min_coverage` is "insufficient evidence" and scores the scale's minimum.
    MinCoverage {
        /// Share of indicators (0 to 1) that must have evidence.
        min_coverage: f64,
    },
}

impl MissingPolicy {
    /// The policy's name as written in `pack.toml`.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            MissingPolicy::Exclude => "exclude",
            MissingPolicy::Zero => "zero",
            MissingPolicy::MinCoverage { .. } => "min_coverage",
        }
    }
}
