//! The level scale and the gates that cap it.

use super::rule::Rule;
use crate::label::Label;
use serde::{Deserialize, Serialize};

/// A step of the level scale.
#[derive(Debug, Clone, Serialize)]
pub struct Level {
    /// 1 for the lowest level.
    pub rank: u32,
    /// Identifier, e.g. `rintisan`.
    pub id: String,
    /// Lowest total that reaches it.
    pub min: f64,
    /// Name shown to people.
    pub label: Label,
    /// Colour for charts and badges (CSS colour).
    pub color: Option<String>,
}

/// A condition an item must meet to reach `level` (and every level above it).
#[derive(Debug, Clone, Serialize)]
pub struct Gate {
    /// Identifier.
    pub id: String,
    /// The level this gate guards: failing it caps the item at `level - 1`.
    pub level: u32,
    /// The requirement in words.
    pub label: Label,
    #[serde(skip)]
    pub(crate) rule: Rule,
}

/// A level as it appears in results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelRef {
    /// 1 for the lowest level.
    pub rank: u32,
    /// The level's id.
    pub id: String,
    /// The level's label in the requested language.
    pub label: String,
}
