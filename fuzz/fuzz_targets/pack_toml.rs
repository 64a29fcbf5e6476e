//! cargo-fuzz target: see `matang_tests::fuzz::pack_toml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| matang_tests::fuzz::pack_toml(data));
