//! What a partial entry still lacks: for each dimension scored at the minimum only because
//! too few of its indicators have evidence, how many more need it and which evidence
//! fields would give it, so a form can say "not enough evidence yet: fill in ..." instead
//! of showing a score of 0 as if it were a judgement.
//!
//! ```
//! use matang::{Lang, Pack, Record, evidence_needed::evidence_needed};
//! let pack = Pack::builtin("smart-city-quickwin").unwrap();
//! let record = Record::from_json(serde_json::json!(
//!     {"id": "QW-1", "assessed_on": "2019-10-01", "stage": "live"})).unwrap();
//! let a = pack.assess(&record, Lang::En).unwrap();
//! // The quickwin pack (v2) counts blank evidence as not shown (scored the minimum), so no
//! // dimension waits for evidence there; packs that leave blanks out list what is needed.
//! assert!(evidence_needed(&pack, &a).is_empty());
//! ```

use crate::model::scale::MissingPolicy;
use crate::pack::Pack;
use crate::results::assessment::Assessment;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeSet;

/// One dimension that cannot be scored on the evidence given so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NeededEvidence {
    /// The dimension's id.
    pub dimension: String,
    /// Its label, in the assessment's language.
    pub label: String,
    /// Its indicators that have evidence.
    pub present: usize,
    /// Its indicators.
    pub count: usize,
    /// How many more of its indicators need evidence before it is scored.
    pub indicators_needed: usize,
    /// Evidence fields, still empty, that would give evidence to one of its indicators
    /// without it, in schema order.
    pub fields: Vec<String>,
}

/// The dimensions of `a` that lack evidence (insufficient under `min_coverage`, or with no
/// evidence at all under `exclude`), with what would complete them. Empty when every
/// dimension is scored on evidence, and always under the `zero` policy.
#[must_use]
pub fn evidence_needed(pack: &Pack, a: &Assessment) -> Vec<NeededEvidence> {
    let mut out = Vec::new();
    for (d, score) in pack.dimensions().iter().zip(&a.dimensions) {
        let needed = match pack.missing_policy() {
            MissingPolicy::MinCoverage { min_coverage } if score.insufficient => {
                #[allow(
                    clippy::cast_precision_loss,
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss
                )]
                let required = (min_coverage * score.count as f64 - 1e-9).ceil().max(0.0) as usize;
                required.saturating_sub(score.present).max(1)
            }
            MissingPolicy::Exclude if score.score.is_none() => 1,
            _ => continue,
        };
        let mut fields = BTreeSet::new();
        for &i in &d.indicators {
            let indicator = &pack.indicators()[i];
            let without = a
                .indicators
                .iter()
                .any(|s| s.id == indicator.id && s.score.is_none());
            if without {
                for name in indicator.reads(pack) {
                    empty_fields(pack, a, name, &mut fields, 0);
                }
            }
        }
        out.push(NeededEvidence {
            dimension: score.id.clone(),
            label: score.label.clone(),
            present: score.present,
            count: score.count,
            indicators_needed: needed,
            fields: pack
                .fields()
                .iter()
                .enumerate()
                .filter(|(k, _)| fields.contains(k))
                .map(|(_, f)| f.id.clone())
                .collect(),
        });
    }
    out
}

/// Adds to `out` (as schema positions) the empty evidence fields behind `name`: the field
/// itself, or those a derived value reads (derived values may read derived values).
fn empty_fields(pack: &Pack, a: &Assessment, name: &str, out: &mut BTreeSet<usize>, depth: u32) {
    if let Some(k) = pack.fields().iter().position(|f| f.id == name) {
        if a.evidence.get(name).is_none_or(Json::is_null) {
            out.insert(k);
        }
        return;
    }
    // Derived values cannot read themselves; the depth only bounds a malformed pack.
    let Some(derived) = pack.derived().iter().find(|d| d.id == name) else {
        return;
    };
    if depth > 16 {
        return;
    }
    for &read in &derived.rule.reads {
        if let Some(inner) = pack.model().names.get(read) {
            empty_fields(pack, a, inner, out, depth + 1);
        }
    }
}
