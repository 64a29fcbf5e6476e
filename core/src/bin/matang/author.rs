//! Commands for pack authors: `check` with machine-readable results and coverage, `lint`,
//! and `new`.

use matang::{CheckReport, Coverage, Error, Pack};
use std::fmt::Write as _;

/// How `check` reports.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum CheckFormat {
    /// Readable text for a terminal.
    Table,
    /// JSON: one object per pack with every vector's result (and coverage).
    Json,
    /// JUnit XML for CI: a test suite per pack, a test case per vector.
    Junit,
}

/// One pack's outcome: loaded and run, or the error that stopped it.
pub(crate) struct Checked {
    spec: String,
    result: Result<(CheckReport, Option<Coverage>), Error>,
}

impl Checked {
    /// Vectors failed, the pack did not load, or coverage is under `threshold`.
    fn failed(&self, threshold: Option<f64>) -> bool {
        match &self.result {
            Err(_) => true,
            Ok((r, c)) => {
                !r.passed() || matches!((c, threshold), (Some(c), Some(t)) if c.percent + 1e-9 < t)
            }
        }
    }
}

/// Loads and checks every pack (with coverage when asked).
pub(crate) fn run_checks(
    packs: Vec<String>,
    coverage: bool,
    load: impl Fn(&str) -> Result<Pack, Error>,
) -> Vec<Checked> {
    packs
        .into_iter()
        .map(|spec| {
            let result = load(&spec).and_then(|p| {
                let report = p.check()?;
                let cov = coverage.then(|| p.coverage()).transpose()?;
                Ok((report, cov))
            });
            Checked { spec, result }
        })
        .collect()
}

/// The report in `format`, and whether any pack failed.
pub(crate) fn render(
    checked: &[Checked],
    format: CheckFormat,
    threshold: Option<f64>,
) -> (String, bool) {
    let failed = checked.iter().any(|c| c.failed(threshold));
    let out = match format {
        CheckFormat::Table => table(checked, threshold),
        CheckFormat::Json => json(checked, threshold),
        CheckFormat::Junit => junit(checked),
    };
    (out, failed)
}

fn table(checked: &[Checked], threshold: Option<f64>) -> String {
    let mut out = String::new();
    for c in checked {
        let spec = &c.spec;
        match &c.result {
            Ok((report, _)) if report.passed() => {
                let _ = writeln!(
                    out,
                    "ok    {spec} ({}): {} vectors passed",
                    report.pack, report.ran
                );
            }
            Ok((report, _)) => {
                let _ = writeln!(
                    out,
                    "FAIL  {spec} ({}): {} of {} vectors failed",
                    report.pack,
                    report.failures.len(),
                    report.ran
                );
                for f in &report.failures {
                    let _ = writeln!(out, "  {}", f.replace('\n', "\n  "));
                }
            }
            Err(e) => {
                let _ = writeln!(out, "FAIL  {spec}: {e}");
            }
        }
        if let Ok((_, Some(cov))) = &c.result {
            out.push_str(&coverage_table(cov, threshold));
        }
    }
    out
}

fn coverage_table(cov: &Coverage, threshold: Option<f64>) -> String {
    let mut out = String::new();
    let covered = cov.targets.iter().filter(|t| t.covered).count();
    let verdict = match threshold {
        Some(t) if cov.percent + 1e-9 < t => format!(" FAIL: under the threshold of {t} %"),
        Some(t) => format!(" (threshold {t} %)"),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "  coverage {:.1} %: {covered} of {} outcomes reached{verdict}",
        cov.percent,
        cov.targets.len()
    );
    for ind in &cov.indicators {
        let seen: Vec<String> = ind.seen.iter().map(|s| short(*s)).collect();
        let _ = writeln!(
            out,
            "    indicator {:<20} lowest {}, highest {}, seen: {}",
            ind.id,
            short(ind.lowest),
            short(ind.highest),
            if seen.is_empty() {
                "none".into()
            } else {
                seen.join(" ")
            }
        );
    }
    for t in cov.missed() {
        let _ = writeln!(out, "    not reached: {} {} {}", t.kind, t.id, t.outcome);
    }
    out
}

/// A score in at most four decimals, without trailing zeros.
fn short(x: f64) -> String {
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn json(checked: &[Checked], threshold: Option<f64>) -> String {
    let items: Vec<serde_json::Value> = checked
        .iter()
        .map(|c| {
            let mut v = match &c.result {
                Ok((report, cov)) => {
                    let mut v = serde_json::to_value(report).unwrap_or_default();
                    v["passed"] = report.passed().into();
                    if let Some(cov) = cov {
                        v["coverage"] = serde_json::to_value(cov).unwrap_or_default();
                    }
                    v
                }
                Err(e) => serde_json::json!({"passed": false, "error": {"kind": e.kind(), "message": e.to_string()}}),
            };
            v["spec"] = c.spec.clone().into();
            v["ok"] = (!c.failed(threshold)).into();
            v
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_default()
}

/// Text made safe for XML 1.0: markup escaped, characters XML cannot hold dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn junit(checked: &[Checked]) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for c in checked {
        let name = xml(&c.spec);
        match &c.result {
            Ok((report, _)) => {
                let failed = report
                    .vectors
                    .iter()
                    .filter(|v| !v.failures.is_empty())
                    .count();
                // Failures outside any vector (no vectors file at all) get a case of their own.
                let loose = report.vectors.is_empty() && !report.passed();
                let n = report.vectors.len() + usize::from(loose);
                let f = failed + usize::from(loose);
                tests += n;
                failures += f;
                let _ = writeln!(
                    suites,
                    "  <testsuite name=\"{name}\" tests=\"{n}\" failures=\"{f}\" errors=\"0\">"
                );
                let pack = xml(&report.pack);
                for v in &report.vectors {
                    let case = format!(
                        "    <testcase classname=\"{pack}.{}\" name=\"{}\"",
                        xml(&v.kind),
                        xml(&v.id)
                    );
                    if v.failures.is_empty() {
                        let _ = writeln!(suites, "{case}/>");
                    } else {
                        let first = v.failures[0].lines().next().unwrap_or_default();
                        let _ = writeln!(
                            suites,
                            "{case}>\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                            xml(first),
                            xml(&v.failures.join("\n"))
                        );
                    }
                }
                if loose {
                    let _ = writeln!(
                        suites,
                        "    <testcase classname=\"{pack}\" name=\"vectors\">\n      <failure message=\"{0}\">{0}</failure>\n    </testcase>",
                        xml(&report.failures.join("\n"))
                    );
                }
            }
            Err(e) => {
                tests += 1;
                errors += 1;
                let _ = writeln!(
                    suites,
                    "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase classname=\"{name}\" name=\"load\">\n      <error type=\"{}\" message=\"{1}\">{1}</error>\n    </testcase>",
                    e.kind(),
                    xml(&e.to_string())
                );
            }
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"matang check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n"
    )
}

/// `matang lint`: each pack's findings, and whether any pack has one.
pub(crate) fn lint(
    packs: &[String],
    load: impl Fn(&str) -> Result<Pack, Error>,
) -> Result<(String, bool), Error> {
    let (mut out, mut found) = (String::new(), false);
    for spec in packs {
        let pack = load(spec)?;
        let findings = pack.lint();
        if findings.is_empty() {
            let _ = writeln!(out, "ok    {spec} ({}): nothing found", pack.id());
            continue;
        }
        found = true;
        let _ = writeln!(
            out,
            "lint  {spec} ({}): {} found",
            pack.id(),
            findings.len()
        );
        for f in findings {
            let _ = writeln!(
                out,
                "  {:<18} {}",
                f.code,
                matang::safe::terminal_line(&f.message)
            );
        }
    }
    Ok((out, found))
}

/// `matang new DIR`: a new pack's files written into DIR, which must not exist.
pub(crate) fn new_pack(dir: &str) -> Result<String, Error> {
    let path = std::path::Path::new(dir);
    if path.exists() {
        return Err(Error::Usage(format!(
            "{dir} exists already: name a new folder"
        )));
    }
    let id = (path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let io = |e: std::io::Error| Error::Io {
        path: dir.to_string(),
        message: e.to_string(),
    };
    for (file, text) in matang::render::scaffold::new_pack_files(&id) {
        let target = path.join(file);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&target, text).map_err(io)?;
    }
    Ok(format!(
        "wrote pack '{id}' in {dir}; check it with: matang check --coverage {dir}"
    ))
}
