//! Dimensions, the indicators scored inside them, and the values derived from the evidence
//! before any indicator runs.

use super::rule::Rule;
use crate::label::Label;
use serde::Serialize;

/// A weighted dimension of maturity, scored as the weighted mean of its indicators.
#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    /// Short code, e.g. `KSP`.
    pub id: String,
    /// Relative weight in the total.
    pub weight: f64,
    /// Name shown to people.
    pub label: Label,
    /// Longer explanation.
    pub description: Option<Label>,
    /// Indexes of its indicators in `Pack::indicators`.
    pub indicators: Vec<usize>,
}

/// One scored indicator: a Rhai rule over the evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Identifier.
    pub id: String,
    /// Index of its dimension in `Pack::dimensions`.
    pub dimension: usize,
    /// Weight inside its dimension.
    pub weight: f64,
    /// Name shown to people.
    pub label: Label,
    /// Template of the reason shown with the score.
    pub reason: Option<Label>,
    /// Evidence fields whose increase never lowers this indicator.
    pub monotone: Vec<String>,
    #[serde(skip)]
    pub(crate) rule: Rule,
    /// Evidence fields it reads, directly or through derived values, in schema order.
    #[serde(skip)]
    pub(crate) evidence: Vec<usize>,
}

/// A value computed from the evidence before the indicators run (e.g. months live).
#[derive(Debug, Clone, Serialize)]
pub struct Derived {
    /// Name the rules use.
    pub id: String,
    /// Name shown to people.
    pub label: Option<Label>,
    #[serde(skip)]
    pub(crate) rule: Rule,
}
