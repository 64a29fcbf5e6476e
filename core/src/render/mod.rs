//! Rendering results for people: plain text and CSV for the command line (`text`), SVG
//! charts (`svg`), the self-contained HTML report (`report`), a pack's methodology document
//! (`method`), a blank evidence form (`template`), and the neutralising of data on its way out (`safe`: formula cells, terminal
//! escapes).

pub mod action_plan;
pub mod method;
pub mod report;
pub mod safe;
pub mod scaffold;
pub mod svg;
pub mod template;
pub mod text;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use method::method_html;
