//! What ranking reads of one assessed item: its numbers, whether it is eligible, and the
//! words a ranking shows beside it, without its explanation. A ranking of a million items
//! keeps these, not a million explained assessments.

use crate::model::selection::SortSource;
use crate::pack::Pack;
use crate::results::assessment::{Assessment, Unmet};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// One item as ranking reads it (see [`Pack::rank_entries`]).
// Serialize: the CLI spills entries to files to rank more items than memory holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankEntry {
    /// Item id.
    pub id: String,
    /// Item name.
    pub name: Option<String>,
    /// Total on the pack's scale.
    pub total: f64,
    /// Total on 0 to 100.
    pub score_100: f64,
    /// The level reached (1-based rank of the pack's levels).
    pub level: u32,
    /// Each dimension's score, in the pack's order.
    pub dimensions: Box<[Option<f64>]>,
    /// Meets the selection conditions.
    pub eligible: bool,
    /// The unmet selection conditions, in words ("" when eligible).
    pub unmet: String,
    /// The gates that hold its level below what its score reaches.
    pub capped_by: Vec<Unmet>,
    /// Verified values that differ from the office's own, in words.
    pub verified: Vec<String>,
    /// Roadmap realisation ratio, when the pack computes one.
    pub progress_ratio: Option<f64>,
    /// The evidence of the fields ranking sorts or groups by, by field index.
    pub fields: Box<[(usize, Json)]>,
}

impl Pack {
    /// The fields a ranking reads besides scores (indices into [`Pack::fields`]): its sort
    /// fields and its group field, each once.
    #[must_use]
    pub fn ranking_fields(&self) -> Vec<usize> {
        let sel = self.selection();
        let mut out: Vec<usize> = (sel.order.iter())
            .filter_map(|k| match k.source {
                SortSource::Field(f) => Some(f),
                _ => None,
            })
            .chain(sel.group)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// What ranking reads of `a` (an assessment by this pack).
    #[must_use]
    pub fn rank_entry(&self, a: &Assessment) -> RankEntry {
        let fields = self.model().fields.as_slice();
        RankEntry {
            id: a.id.clone(),
            name: a.name.clone(),
            total: a.total,
            score_100: a.score_100,
            level: a.level.rank,
            dimensions: a.dimensions.iter().map(|d| d.score).collect(),
            eligible: a.eligible,
            unmet: if a.eligible {
                String::new()
            } else {
                a.unmet_words()
            },
            capped_by: (a.gates.iter())
                .filter(|g| a.capped_by.contains(&g.id))
                .map(|g| Unmet {
                    id: g.id.clone(),
                    label: g.label.clone(),
                })
                .collect(),
            verified: a.verified.iter().map(|v| v.text.clone()).collect(),
            progress_ratio: a.progress_ratio,
            fields: (self.ranking_fields().into_iter())
                .filter_map(|f| Some((f, a.evidence.get(&fields.get(f)?.id)?.clone())))
                .filter(|(_, v)| !v.is_null())
                .collect(),
        }
    }
}

impl RankEntry {
    /// The evidence of field `f`, when ranking keeps it and it is given.
    pub(crate) fn field(&self, f: usize) -> Option<&Json> {
        self.fields.iter().find(|(i, _)| *i == f).map(|(_, v)| v)
    }
}
