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

// Foundations: errors, words, dates, text limits.
mod contain;
pub mod css;
pub mod date;
mod error;
mod excerpt;
mod label;
mod messages;
mod parallel;

// The layers, each standing only on those above it in this list.
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
pub use batch::texts::Texts;
pub use batch::{Batch, Column, float_json};
pub use check::CheckReport;
pub use engine::sandbox::Limits;
pub use error::{Error, FieldProblem, Location, Result};
pub use input::columns::ColumnCheck;
pub use label::{Label, Lang, format_number};
pub use messages::Messages;
pub use model::dimension::{Derived, Dimension, Indicator};
pub use model::field::{Field, FieldKind, NumberFormat, Value};
pub use model::level::{Gate, Level, LevelRef};
pub use model::progress::ProgressRules;
pub use model::record::Record;
pub use model::scale::{MissingPolicy, Scale};
pub use model::selection::{Condition, Selection, SortKey, SortSource};
pub use model::{MANIFEST, PackRef};
pub use pack::Pack;
pub use parallel::{Cancel, run_polled};
pub use portfolio::{Previous, Progress, ProgressStatus, RankedItem, Ranking};
pub use results::assessment::{
    Assessment, DimensionChange, DimensionScore, GateResult, Improvement, IndicatorScore,
    NextLevel, Score, Unmet, WhatIf,
};

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
