//! The raw shape of `pack.toml` as an analyst writes it. [`crate::pack::Pack`] validates and
//! compiles it; nothing here runs rules.
//!
//! `build.rs` includes this file too: it parses each built-in `pack.toml` into these types
//! and writes them as JSON with their spans, which builds without the `toml` feature read.

use crate::label::Label;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A value with its byte range in `pack.toml`. Read from TOML (the `toml` crate fills the
/// span) or from the JSON `build.rs` writes: `[start, end, value]`.
#[derive(Debug, Clone)]
pub(crate) struct Spanned<T>(serde_spanned::Spanned<T>);

impl<T> std::ops::Deref for Spanned<T> {
    type Target = serde_spanned::Spanned<T>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.0.span().start, self.0.span().end, self.0.get_ref()).serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, SeqAccess, Visitor, value::MapAccessDeserializer};
        struct Span<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Span<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a spanned value")
            }
            // The `toml` crate's spanned value, read by `serde_spanned` itself.
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                serde_spanned::Spanned::deserialize(MapAccessDeserializer::new(map)).map(Spanned)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let start = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let end = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(1, &self))?;
                let value = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(2, &self))?;
                Ok(Spanned(serde_spanned::Spanned::new(start..end, value)))
            }
        }
        // The names by which the `toml` crate recognises a spanned value.
        const FIELDS: &[&str] = &[
            "$__serde_spanned_private_start",
            "$__serde_spanned_private_end",
            "$__serde_spanned_private_value",
        ];
        deserializer.deserialize_struct(
            "$__serde_spanned_private_Spanned",
            FIELDS,
            Span(std::marker::PhantomData),
        )
    }
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    pub pack: PackMeta,
    #[serde(default)]
    pub aggregation: Aggregation,
    #[serde(default, rename = "field")]
    pub fields: Vec<FieldDef>,
    #[serde(default, rename = "derive")]
    pub derived: Vec<DeriveDef>,
    #[serde(default, rename = "dimension")]
    pub dimensions: Vec<DimensionDef>,
    #[serde(default, rename = "indicator")]
    pub indicators: Vec<IndicatorDef>,
    #[serde(default, rename = "level")]
    pub levels: Vec<LevelDef>,
    #[serde(default, rename = "gate")]
    pub gates: Vec<GateDef>,
    #[serde(default)]
    pub selection: Option<SelectionDef>,
    #[serde(default)]
    pub progress: Option<ProgressDef>,
    #[serde(default)]
    pub messages: BTreeMap<String, Label>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackMeta {
    pub id: Spanned<String>,
    pub version: String,
    pub name: Label,
    #[serde(default)]
    pub description: Label,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub scale: ScaleDef,
    #[serde(default)]
    pub vectors: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScaleDef {
    pub min: f64,
    pub max: f64,
    #[serde(default = "one")]
    pub step: f64,
    #[serde(default = "two")]
    pub decimals: usize,
    #[serde(default)]
    pub round_before_level: Option<usize>,
}

fn one() -> f64 {
    1.0
}
fn two() -> usize {
    2
}

impl Default for ScaleDef {
    fn default() -> Self {
        ScaleDef {
            min: 0.0,
            max: 5.0,
            step: 1.0,
            decimals: 2,
            round_before_level: None,
        }
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Aggregation {
    #[serde(default)]
    pub missing: Option<Spanned<String>>,
    #[serde(default)]
    pub min_coverage: Option<f64>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FieldDef {
    pub id: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub value_labels: BTreeMap<String, Label>,
    #[serde(default)]
    pub unit: Option<Label>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub missing: Option<Spanned<String>>,
    #[serde(default)]
    pub missing_reason: Option<Label>,
    pub label: Label,
    #[serde(default)]
    pub help: Option<Label>,
    #[serde(default)]
    pub example: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeriveDef {
    pub id: Spanned<String>,
    pub rule: Spanned<String>,
    #[serde(default)]
    pub label: Option<Label>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DimensionDef {
    pub id: Spanned<String>,
    pub weight: f64,
    pub label: Label,
    #[serde(default)]
    pub description: Option<Label>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IndicatorDef {
    pub id: Spanned<String>,
    pub dimension: Spanned<String>,
    #[serde(default = "one")]
    pub weight: f64,
    pub label: Label,
    #[serde(default)]
    pub rule: Option<Spanned<String>>,
    #[serde(default)]
    pub file: Option<Spanned<String>>,
    #[serde(default)]
    pub reason: Option<Label>,
    /// Fields whose increase never lowers this indicator (checked by property tests).
    #[serde(default)]
    pub monotone: Vec<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LevelDef {
    pub rank: u32,
    pub id: Spanned<String>,
    pub min: f64,
    pub label: Label,
    #[serde(default)]
    pub color: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GateDef {
    pub id: Spanned<String>,
    pub level: Spanned<u32>,
    pub require: Spanned<String>,
    pub label: Label,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SelectionDef {
    #[serde(default = "four")]
    pub top: usize,
    #[serde(default)]
    pub order: Vec<Spanned<String>>,
    #[serde(default)]
    pub group: Option<Spanned<String>>,
    #[serde(default)]
    pub max_per_group: Option<usize>,
    #[serde(default)]
    pub gates_up_to: Option<Spanned<u32>>,
    #[serde(default, rename = "require")]
    pub requires: Vec<ConditionDef>,
}

fn four() -> usize {
    4
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConditionDef {
    pub id: Spanned<String>,
    pub when: Spanned<String>,
    pub label: Label,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProgressDef {
    #[serde(default = "half_cent")]
    pub tolerance: f64,
    #[serde(default)]
    pub ratio: Option<Spanned<String>>,
    #[serde(default = "point_eight")]
    pub plus_min_ratio: f64,
    #[serde(default = "half")]
    pub minus_below_ratio: f64,
}

fn half_cent() -> f64 {
    0.005
}
fn point_eight() -> f64 {
    0.8
}
fn half() -> f64 {
    0.5
}
