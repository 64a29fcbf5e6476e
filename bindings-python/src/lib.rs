//! `matang._matang`: the native half of the `matang` Python package.
//!
//! Registration only. Conversion lives in `convert.rs`, error mapping in `errors.rs`,
//! the `Pack` class in `pack.rs` and the `Assessment` class in `assessment.rs`. All
//! scoring logic is in the `matang` core crate.

mod arrow;
mod assessment;
mod buffers;
mod columns;
mod convert;
mod errors;
mod interrupt;
mod pack;
mod table;
mod text;

use pyo3::prelude::*;

/// The module's own allocations (columns of a table, often megabytes each) come from
/// mimalloc, which keeps freed memory for the next call. glibc's `malloc` hands blocks
/// this large back to the kernel at once, so each call of `assess_many` on a large table
/// paid a page fault for every 4 KiB it touched again: about 12,700 faults and 0.44 µs of
/// kernel time per row on 100,000 rows, against about 400 faults with mimalloc (see
/// BENCHMARKS.md). Python's own objects are not affected. mimalloc hands memory that has
/// been free for a while back to the kernel too; `matang/_allocator.py` sets how long it
/// waits, before this module loads.
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
