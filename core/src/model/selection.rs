//! How the top N are picked: order, eligibility conditions and the diversity limit.

use super::rule::Rule;
use crate::label::Label;
use serde::Serialize;

/// A labelled eligibility condition of the selection.
#[derive(Debug, Clone, Serialize)]
pub struct Condition {
    /// Identifier.
    pub id: String,
    /// The condition in words.
    pub label: Label,
    #[serde(skip)]
    pub(crate) rule: Rule,
}

/// What a ranking is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortSource {
    /// The total score.
    Total,
    /// The level rank.
    Level,
    /// A dimension's score (index into the dimensions).
    Dimension(usize),
    /// An evidence field (index into the fields).
    Field(usize),
    /// The record id.
    Id,
}

/// One ordering key with its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SortKey {
    /// What to compare.
    pub source: SortSource,
    /// Largest first.
    pub descending: bool,
}

/// How the top N are picked.
#[derive(Debug, Clone, Serialize)]
pub struct Selection {
    /// Default N.
    pub top: usize,
    /// Ordering, tie-breaks in turn (always ending with the id, for a stable order).
    pub order: Vec<SortKey>,
    /// Field whose value forms groups for the diversity limit.
    pub group: Option<usize>,
    /// At most this many selected per group.
    pub max_per_group: Option<usize>,
    /// Every gate guarding a level up to this one must pass for an item to be eligible
    /// (each such gate is among `requires`, as `gate_<id>`).
    pub gates_up_to: Option<u32>,
    /// Conditions every selected item meets.
    pub requires: Vec<Condition>,
}
