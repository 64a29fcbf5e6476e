//! The result of assessing one item, as every binding and output format sees it.

use crate::label::Lang;
use crate::model::PackRef;
use crate::model::level::LevelRef;
use crate::results::plan::Plan;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

/// One dimension's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    /// Dimension id.
    pub id: String,
    /// Label in the requested language.
    pub label: String,
    /// Weight in the total.
    pub weight: f64,
    /// Score on the pack's scale; `None` when no indicator had evidence (policy `exclude`).
    pub score: Option<f64>,
    /// Share (0 to 1) of its indicators that had evidence.
    pub coverage: f64,
    /// Indicators with evidence.
    pub present: usize,
    /// Indicators in the dimension.
    pub count: usize,
    /// Coverage below the pack's minimum: scored at the scale minimum.
    pub insufficient: bool,
}

/// One indicator's score and the reason for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorScore {
    /// Indicator id.
    pub id: String,
    /// Its dimension's id.
    pub dimension: String,
    /// Label in the requested language.
    pub label: String,
    /// Score on the pack's scale, `None` for no evidence.
    pub score: Option<f64>,
    /// Why, in words (e.g. "1.200 dari 10.000 pengguna target (12%)").
    pub reason: String,
}

/// A gate and whether the item meets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateResult {
    /// Gate id.
    pub id: String,
    /// The level the gate guards.
    pub level: u32,
    /// Whether the requirement is met.
    pub passed: bool,
    /// The requirement in words.
    pub label: String,
}

/// A selection condition the item does not meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmet {
    /// Condition id.
    pub id: String,
    /// The condition in words.
    pub label: String,
}

/// Raising one indicator alone that would reach the next level's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Improvement {
    /// Indicator id.
    pub indicator: String,
    /// Indicator label.
    pub label: String,
    /// Its dimension's id.
    pub dimension: String,
    /// Current score (`None`: no evidence yet).
    pub from: Option<f64>,
    /// The smallest score that is enough.
    pub to: f64,
    /// The total it would give.
    pub total_after: f64,
}

/// What stands between the item and the next level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextLevel {
    /// The next level.
    pub level: LevelRef,
    /// The total it needs.
    pub min: f64,
    /// How far the total is below that (0 if the score is already enough).
    pub gap: f64,
    /// Ids of the gates that must still be met.
    pub gates: Vec<String>,
    /// Single-indicator improvements that close the score gap, smallest first.
    pub improvements: Vec<Improvement>,
    /// The same in plain words, one step per line.
    pub summary: Vec<String>,
    /// The evidence changes that reach the level, when asked for
    /// ([`crate::pack::Pack::assess_with_plan`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
}

/// An evidence value an assessor verified that differs from the office's own (the
/// `verified.<field>` column); the score uses the verified value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifiedValue {
    /// Field id.
    pub field: String,
    /// Field label in the requested language.
    pub label: String,
    /// The office's own value (`null` when it gave none).
    pub own: Json,
    /// The verified value, which the score uses.
    pub verified: Json,
    /// Verified minus own, for numbers given on both sides.
    pub difference: Option<f64>,
    /// In words, e.g. "SDM terlatih: 5 → 2 (−3 orang)".
    pub text: String,
}

/// A full assessment of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// The item's id.
    pub id: String,
    /// The item's name.
    pub name: Option<String>,
    /// Weighted mean on the pack's scale.
    pub total: f64,
    /// The total on a 0 to 100 scale.
    pub score_100: f64,
    /// The level reached (after gates).
    pub level: LevelRef,
    /// The level the score alone would give.
    pub score_level: u32,
    /// Per dimension.
    pub dimensions: Vec<DimensionScore>,
    /// Per indicator.
    pub indicators: Vec<IndicatorScore>,
    /// Every gate, met or not.
    pub gates: Vec<GateResult>,
    /// Ids of the gates that lowered the level.
    pub capped_by: Vec<String>,
    /// Evidence fields used by the rules but missing in the record.
    pub missing: Vec<String>,
    /// The gap to the next level, `None` at the top level.
    pub next_level: Option<NextLevel>,
    /// Meets every selection condition.
    pub eligible: bool,
    /// The selection conditions it does not meet.
    pub unmet: Vec<Unmet>,
    /// Roadmap realisation ratio, when the pack defines one and the evidence has it.
    pub progress_ratio: Option<f64>,
    /// Verified values that differ from the office's own, in schema order.
    #[serde(default)]
    pub verified: Vec<VerifiedValue>,
    /// The validated evidence the score used (verified values where given; dates as
    /// `YYYY-MM-DD`, missing as `null`).
    pub evidence: Map<String, Json>,
    /// Notes about the input (e.g. ignored unknown fields).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The missing-evidence policy applied.
    pub policy: String,
    /// Language of labels and reasons.
    pub lang: Lang,
    /// The pack that produced it.
    pub pack: PackRef,
}

impl Assessment {
    /// The built-in pack that produced this assessment (same id and fingerprint), if any.
    #[must_use]
    pub fn builtin_pack(&self) -> Option<crate::pack::Pack> {
        crate::pack::Pack::builtin(&self.pack.id)
            .ok()
            .filter(|p| p.fingerprint() == self.pack.fingerprint)
    }

    /// The error for drawing this assessment when its pack is not loaded (naming the pack).
    #[must_use]
    pub fn pack_not_loaded(&self) -> crate::error::Error {
        let fingerprint = &self.pack.fingerprint[..12.min(self.pack.fingerprint.len())];
        crate::error::Error::Usage(format!(
            "pack '{}' ({fingerprint}) is not loaded in this process: load it first",
            self.pack.id
        ))
    }

    /// The score of a dimension by id.
    #[must_use]
    pub fn dimension(&self, id: &str) -> Option<&DimensionScore> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    /// The score of an indicator by id.
    #[must_use]
    pub fn indicator(&self, id: &str) -> Option<&IndicatorScore> {
        self.indicators.iter().find(|d| d.id == id)
    }

    /// The selection conditions it does not meet, in words, joined with "; ".
    #[must_use]
    pub fn unmet_words(&self) -> String {
        self.unmet
            .iter()
            .map(|u| u.label.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Whether any dimension is marked as having insufficient evidence.
    #[must_use]
    pub fn insufficient(&self) -> bool {
        self.dimensions.iter().any(|d| d.insufficient)
    }
}

/// One dimension before and after a what-if change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionChange {
    /// Dimension id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Score before.
    pub before: Option<f64>,
    /// Score after.
    pub after: Option<f64>,
    /// After minus before (0 when either is missing).
    pub delta: f64,
}

/// The effect of changing some evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    /// The fields changed and their new values.
    pub changes: Map<String, Json>,
    /// The assessment as the record is.
    pub before: Assessment,
    /// The assessment with the changes.
    pub after: Assessment,
    /// Change of the total.
    pub total_delta: f64,
    /// Change of the level rank.
    pub level_delta: i64,
    /// Per dimension.
    pub dimensions: Vec<DimensionChange>,
}

/// The numbers of an assessment without its explanation: what a batch over a large table
/// needs, at a fraction of the cost. [`crate::pack::Pack::assess`] gives the full explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// The item's id.
    pub id: String,
    /// Weighted mean on the pack's scale.
    pub total: f64,
    /// The total on a 0 to 100 scale.
    pub score_100: f64,
    /// The level reached (after gates).
    pub level: u32,
    /// The level the score alone would give.
    pub score_level: u32,
    /// Dimension scores, in the pack's order.
    pub dimensions: Vec<Option<f64>>,
    /// Meets every selection condition.
    pub eligible: bool,
    /// Roadmap realisation ratio, when known.
    pub progress_ratio: Option<f64>,
}
