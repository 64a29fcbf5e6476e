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

mod assess;
mod assessment;
mod batch;
mod budget;
mod builtin;
mod columns;
pub mod css;
pub mod date;
mod error;
pub mod evidence_needed;
mod excerpt;
#[doc(hidden)]
pub mod fast;
pub mod input;
mod label;
mod manifest;
mod messages;
mod next_level;
mod pack;
mod parallel;
mod portfolio;
mod record;
pub mod report;
pub mod safe;
pub mod schema;
mod scores;
mod script;
pub mod stream;
pub mod svg;
pub mod text;
mod texts;
pub mod typed_entry;
mod vectors;

pub use assessment::{
    Assessment, DimensionChange, DimensionScore, GateResult, Improvement, IndicatorScore, LevelRef,
    NextLevel, Score, Unmet, WhatIf,
};
pub use batch::{Batch, Column, float_json};
pub use columns::ColumnCheck;
pub use error::{Error, FieldProblem, Location, Result};
pub use label::{Label, Lang, format_number};
pub use messages::Messages;
pub use pack::{
    Condition, Derived, Dimension, Gate, Indicator, Level, MANIFEST, MissingPolicy, Pack, PackRef,
    Progress as ProgressRules, Scale, Selection, SortKey, SortSource,
};
pub use parallel::{Cancel, run_polled};
pub use portfolio::{Previous, Progress, ProgressStatus, RankedItem, Ranking};
pub use record::Record;
pub use schema::{Field, FieldKind, NumberFormat, Value};
pub use scores::Scores;
pub use script::Limits;
pub use texts::Texts;
pub use vectors::CheckReport;

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
