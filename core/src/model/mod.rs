//! The model: what a rule pack says, as plain data. Read this first; every other layer
//! stands on it.
//!
//! | concept | file | what it is |
//! |---|---|---|
//! | scale, missing evidence | `scale.rs` | the range every score lies in; what an indicator without evidence counts as |
//! | fields, values | `field.rs` | the evidence schema: each input column's type and range, and typed values |
//! | record | `record.rs` | one item as it arrives, untyped |
//! | field names | `field_names.rs` | input columns against fields: exact, or a lookalike to report |
//! | evidence | `evidence.rs` | a record's raw values checked against the schema, becoming typed evidence |
//! | dimension, indicator, derived value | `dimension.rs` | weighted dimensions of scored indicators; values computed first |
//! | level, gate | `level.rs` | the level scale and the conditions that cap it |
//! | selection | `selection.rs` | the order, eligibility conditions and diversity limit of a ranking |
//! | progress rules | `progress.rs` | plus / minus / flat against a previous assessment |
//! | rule | `rule.rs` | a rule's source text, where it stands in the files, what it reads |
//! | aggregation | `aggregate.rs` | the formulas: coverage, dimension score, total, level, gate cap, 0-100 |

pub(crate) mod aggregate;
pub(crate) mod dimension;
pub(crate) mod evidence;
pub mod field;
pub(crate) mod field_names;
pub(crate) mod level;
pub(crate) mod progress;
pub(crate) mod record;
pub(crate) mod rule;
pub(crate) mod scale;
pub(crate) mod selection;

use crate::label::Label;
use crate::messages::Messages;
use dimension::{Derived, Dimension, Indicator};
use field::Field;
use level::{Gate, Level};
use progress::ProgressRules;
use scale::{MissingPolicy, Scale};
use selection::Selection;
use serde::Serialize;
use std::collections::BTreeMap;

/// The file every pack folder must have.
pub const MANIFEST: &str = "pack.toml";

/// Names a rule may read besides evidence fields, in selection conditions only.
pub(crate) const SELECTION_VARS: &[&str] = &["level", "total", "score_100", "insufficient"];

/// Identity of a pack: what every result carries so it can be traced to its rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PackRef {
    /// The pack id.
    pub id: String,
    /// The pack version.
    pub version: String,
    /// SHA-256 of the pack's files (hex).
    pub fingerprint: String,
    /// The version of matang that evaluated the rules: with the fingerprint, what a result
    /// needs to be reproduced.
    #[serde(default)]
    pub matang: String,
}

/// Everything a pack says, validated, with its rules as source text (the engine compiles
/// them).
#[derive(Debug)]
pub(crate) struct Model {
    pub reference: PackRef,
    pub name: Label,
    pub description: Label,
    pub sources: Vec<String>,
    pub scale: Scale,
    pub policy: MissingPolicy,
    pub fields: Vec<Field>,
    /// The field names as input columns are compared with them.
    pub field_names: field_names::FieldNames,
    pub derived: Vec<Derived>,
    /// Fields then derived values: the variables every rule sees, in this order.
    pub names: Vec<String>,
    pub dimensions: Vec<Dimension>,
    pub indicators: Vec<Indicator>,
    pub levels: Vec<Level>,
    pub gates: Vec<Gate>,
    pub selection: Selection,
    pub progress: ProgressRules,
    pub messages: Messages,
    /// The pack's source files (relative path to text).
    pub files: BTreeMap<String, String>,
    pub vectors_file: Option<String>,
}

impl Model {
    /// Whether indicator `i`, left without a score, counts as not shown: a field it reads,
    /// whose blank means unmet, is blank (`blank(field)`). It then scores the scale's minimum.
    pub(crate) fn not_shown(&self, i: usize, blank: impl Fn(usize) -> bool) -> bool {
        self.indicators[i]
            .evidence
            .iter()
            .any(|&f| self.fields[f].when_blank == field::WhenBlank::Unmet && blank(f))
    }

    /// Whether any field indicator `i` reads has the unmet policy.
    #[cfg(feature = "columns")]
    pub(crate) fn reads_unmet(&self, i: usize) -> bool {
        self.not_shown(i, |_| true)
    }

    /// The test vectors file's name and text, when the pack has one.
    pub(crate) fn vectors(&self) -> Option<(&str, &str)> {
        let f = self.vectors_file.as_deref()?;
        Some((f, self.files.get(f)?.as_str()))
    }
}
