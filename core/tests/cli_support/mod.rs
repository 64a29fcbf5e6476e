//! Running the `matang` binary from the repository root, for the command-line tests.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::process::{Command, Output};

pub const PORTFOLIO: &str = "rules/smart-city-quickwin/examples/portfolio.csv";
pub const PREVIOUS: &str = "rules/smart-city-quickwin/examples/previous-2018.csv";

/// The repository root, where the tests run the binary.
pub const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The binary's output for `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_matang"))
        .args(args)
        .current_dir(ROOT)
        .output()
        .unwrap()
}

/// Exit code, standard output and standard error (as text).
pub fn matang(args: &[&str]) -> (i32, String, String) {
    let out = run(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Exit code, standard output as bytes, and standard error.
pub fn matang_bytes(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = run(args);
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Writes `content` to `name` in a folder of this test process (`suite` keeps test files
/// of different suites apart) and gives its path.
pub fn temp_file(suite: &str, name: &str, content: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("matang-{suite}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.to_string_lossy().into_owned()
}
