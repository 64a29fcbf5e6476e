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
