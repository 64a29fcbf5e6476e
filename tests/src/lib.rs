//! Cross-cutting tests live in `tests/tests/`. This library holds what they share with the
//! fuzz targets: [`fuzz`], the bodies of every fuzz target, run by cargo-fuzz (`fuzz/`, on
//! nightly) and by the stable mutation loop (`src/bin/fuzz.rs`, `scripts/fuzz.sh`).

pub mod fuzz;
