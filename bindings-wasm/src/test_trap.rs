//! Test builds only (cargo feature `test-trap`, enabled by `run-tests.sh`): packs that crash
//! the WebAssembly instance on purpose, exactly as a panic in the core does under
//! `panic = "abort"` (a `RuntimeError: unreachable` trap), so the browser tests can prove
//! that a crash stays inside one widget without depending on a real core bug.
//!
//! * a pack whose id is `test-trap-on-load` crashes in `Pack.fromFiles`;
//! * a pack whose id is `test-trap` crashes in `assess` when the record's `trap` field is
//!   `true`, and scores normally otherwise (so recovery after a crash can be checked).

use serde_json::Value as Json;

/// Crashes when `pack` is the reserved load-time trap pack.
pub(crate) fn on_load(pack: &matang::Pack) {
    if pack.id() == "test-trap-on-load" {
        panic!("test-trap: crash on load");
    }
}

/// Crashes when `pack` is the reserved trap pack and `record` asks for it.
pub(crate) fn on_assess(pack: &matang::Pack, record: &matang::Record) {
    if pack.id() == "test-trap" && record.fields.get("trap") == Some(&Json::Bool(true)) {
        panic!("test-trap: crash on assess");
    }
}
