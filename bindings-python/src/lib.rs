//! `matang._matang`: the native half of the `matang` Python package.
//!
//! Registration only. Conversion lives in `convert.rs`, error mapping in `errors.rs`,
//! the `Pack` class in `pack.rs` and the `Assessment` class in `assessment.rs`. All
//! scoring logic is in the `matang` core crate.

mod arrow;
mod assessment;
mod convert;
mod errors;
mod interrupt;
mod pack;
mod table;

use pyo3::prelude::*;

/// Result columns are megabytes each; mimalloc keeps freed memory for the next call
/// instead of faulting it in again (`matang/_allocator.py` sets how long).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The native module. Use the `matang` package instead of importing this directly.
#[pymodule]
fn _matang(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<pack::NativePack>()?;
    m.add_class::<assessment::Assessment>()?;
    m.add_function(wrap_pyfunction!(interrupt::_panic_for_tests, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
