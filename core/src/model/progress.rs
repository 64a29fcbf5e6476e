//! Plus / minus / flat: the rules that compare an item with its previous assessment.

use super::rule::Rule;
use serde::Serialize;

/// Plus / minus / flat rules against a previous assessment.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressRules {
    /// Changes of the total within this tolerance are "flat".
    pub tolerance: f64,
    /// A roadmap ratio at or above this is needed for "plus".
    pub plus_min_ratio: f64,
    /// A roadmap ratio below this means "minus".
    pub minus_below_ratio: f64,
    #[serde(skip)]
    pub(crate) ratio: Option<Rule>,
}
