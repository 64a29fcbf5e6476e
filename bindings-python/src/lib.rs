//! `matang._matang`: the native half of the `matang` Python package.
//!
//! Registration only. Conversion lives in `convert.rs`, error mapping in `errors.rs`,
//! the `Pack` class in `pack.rs` and the `Assessment` class in `assessment.rs`. All
//! scoring logic is in the `matang` core crate.

mod assessment;
mod columns;
mod convert;
mod errors;
mod pack;
mod table;
mod text;

use pyo3::prelude::*;

/// The native module. Use the `matang` package instead of importing this directly.
#[pymodule]
fn _matang(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<pack::NativePack>()?;
    m.add_class::<assessment::Assessment>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
