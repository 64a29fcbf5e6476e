//! Running the `matang` binary from the repository root, for the command-line tests.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::fmt::Write as _;
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

/// A portfolio of `n` rows made from the example's, each with its own id and varied
/// evidence (levels, gates, verified values); `bad` puts an unreadable value in some rows.
pub fn generated(n: usize, bad: bool) -> String {
    let csv = std::fs::read_to_string(format!("{ROOT}/{PORTFOLIO}")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    let columns: Vec<&str> = header.split(',').collect();
    let col = |name: &str| columns.iter().position(|c| *c == name).unwrap();
    let (staff, uptime, users) = (
        col("trained_staff"),
        col("uptime_pct"),
        col("active_users_month"),
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let mut out = format!("{header}\n");
    for i in 0..n {
        let mut row: Vec<String> = rows[i % rows.len()]
            .iter()
            .map(ToString::to_string)
            .collect();
        row[0] = format!("G{i:07}");
        row[staff] = (i % 7).to_string();
        row[uptime] = format!("{}.{}", 90 + i % 10, i % 10);
        row[users] = if bad && i % 997 == 0 {
            "many".into()
        } else {
            (i % 5000).to_string()
        };
        let _ = writeln!(out, "{}", row.join(","));
    }
    out
}

/// Peak resident memory (kB) of `pid` so far, from `/proc` (`None` once it has exited).
pub fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `matang args` to its end, polling its peak resident memory; panics with its
/// standard error unless it succeeds. The peak in kB (0 when never read).
pub fn run_with_peak(args: &[&str]) -> u64 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_matang"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut peak = 0;
    // VmHWM only grows: the last reading before exit is the peak (up to the last poll).
    while child.try_wait().unwrap().is_none() {
        if let Some(kb) = peak_kb(child.id()) {
            peak = peak.max(kb);
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let status = child.wait_with_output().unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    peak
}
