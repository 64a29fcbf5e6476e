//! # matang
//!
//! Scores the **maturity** (*tingkat kematangan*) of public-sector digital initiatives,
//! such as the quickwins of Indonesia's *Gerakan Menuju 100 Smart City*, with rule packs
//! scripted in [Rhai](https://rhai.rs): per-dimension scores, a level with bilingual
//! labels, the gates that cap it, the gap to the next level, the top N for an expo, and
//! plus / minus progress against last year.
//!
//! ```
//! use matang::{input, Lang, Pack};
//!
//! let pack = Pack::builtin("smart-city-quickwin")?;
//! let csv = "id,name,assessed_on,stage,go_live_date,legal_basis,trained_staff\n\
//!            QW-1,Satrio Pasar,2019-10-01,live,2019-02-01,perbup,3\n";
//! let records = input::parse_bytes(csv.as_bytes(), "portfolio.csv", None)?;
//! let results = pack.assess_many(&records, Lang::Id);
//! let ranking = pack.rank(&results, Some(4), None, Lang::Id);
//! assert_eq!(ranking.ranking.len(), 1);
//! # Ok::<(), matang::Error>(())
//! ```
//!
//! ## Where each concept lives
//!
//! The crate stands in layers; a module imports only from the layers below it
//! (`ARCHITECTURE.md` in the repository says more).
//!
//! | layer | module | concepts |
//! |---|---|---|
//! | foundations | `error`, `label`, `messages`, `date`, `excerpt`, `contain`, `parallel`, `text_column`, [`css`] | [`Error`], [`Label`] and [`Lang`], the phrase catalogue, dates as day numbers, quoting untrusted text, the panic wall, the core's thread pool and [`Cancel`], [`Texts`] (many short strings in one buffer) |
//! | model | `model/` | what a pack says: [`Scale`], [`MissingPolicy`], [`Field`] and [`Value`], [`Record`], [`Dimension`], [`Indicator`], [`Derived`], [`Level`], [`Gate`], [`Selection`], [`ProgressRules`], and the formulas of `model/aggregate.rs` |
//! | load | `load/` | reading a pack folder safely, validating `pack.toml` into the model, the fingerprint, the built-in packs |
//! | engine | `engine/` | the Rhai sandbox and its [`Limits`], the budget per evaluation, evaluating one record, the fast path and its column plan |
//! | pack | `pack.rs` | [`Pack`]: a model compiled, ready to assess |
//! | input | [`input`], [`stream`], [`typed_entry`] | CSV, JSON and JSON Lines readers, [`ColumnCheck`], form entries typed by the UI language |
//! | results | `results/` | [`Assessment`], [`Score`], explanations, the next level and its [`Plan`], what-if |
//! | batch | `batch/` | [`Batch`], [`Column`], [`Scores`]: many records as typed columns, scored column by column |
//! | portfolio | `portfolio/` | [`Ranking`], selection of the top N, [`Progress`] against [`Previous`] |
//! | check | `check.rs`, `check/` | a pack's test vectors ([`CheckReport`]), their coverage, the probe of each rule's score bands |
//! | render | [`render`] | plain text and CSV, SVG charts, the HTML report, workbooks, the methodology document, the evidence form, neutralising output |
#![warn(missing_docs)]

// Foundations: errors, words, dates, text limits.
mod contain;
pub mod css;
pub mod date;
mod error;
mod excerpt;
mod label;
mod messages;
mod parallel;
mod text_column;

// The layers, each standing only on those above it in this list.
#[cfg(feature = "arrow")]
pub mod arrow;
mod batch;
mod check;
mod engine;
pub mod input;
mod load;
mod model;
mod pack;
mod portfolio;
pub mod render;
mod results;

/// Internals exposed for the repository's own benchmarks, not for use.
#[doc(hidden)]
pub mod fast {
    pub use crate::engine::bench_eval;
}
pub use input::{stream, typed_entry};
pub use model::field as schema;
pub use render::{report, safe, svg, text};
pub use results::evidence_needed;

pub use batch::scores::Scores;
pub use batch::{Batch, Column, float_json};
pub use check::coverage::{Coverage, IndicatorReach, Target};
pub use check::probe::{FieldEffect, IndicatorProbe, Span, Step};
pub use check::{CheckReport, LintFinding, VectorResult};
pub use engine::sandbox::Limits;
pub use error::{Error, FieldProblem, Location, Result};
pub use input::columns::ColumnCheck;
pub use label::{Label, Lang, format_fixed, format_number};
pub use messages::Messages;
pub use model::dimension::{Derived, Dimension, Indicator};
pub use model::evidence::VERIFIED_PREFIX;
pub use model::field::{Field, FieldKind, NumberFormat, Value, WhenBlank};
pub use model::level::{Gate, Level, LevelRef};
pub use model::progress::ProgressRules;
pub use model::record::Record;
pub use model::scale::{MissingPolicy, Scale};
pub use model::selection::{Condition, Selection, SortKey, SortSource};
pub use model::{MANIFEST, PackRef};
pub use pack::Pack;
pub use parallel::{Cancel, map_readable, run_polled};
pub use portfolio::{Previous, Progress, ProgressStatus, RankEntry, RankWalk, RankedItem, Ranking};
pub use results::assessment::{
    Assessment, DimensionChange, DimensionScore, GateResult, Improvement, IndicatorScore,
    NextLevel, Score, Unmet, VerifiedValue, WhatIf,
};
pub use results::plan::{PLAN_EVALUATIONS, Plan, PlanChange};
pub use text_column::Texts;

#[cfg(test)]
mod tests {
    #[test]
    fn pack_is_send_and_sync() {
        fn assert<T: Send + Sync>() {}
        assert::<crate::Pack>();
        assert::<crate::Assessment>();
    }
}

/// The repository README's Rust examples run as doctests, so the quick start cannot go stale.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
