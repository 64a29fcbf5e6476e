//! Test vectors stored inside a pack (`vectors.toml`): records with their expected scores,
//! levels, gates and selections. `matang check` and every binding run them.

pub(crate) mod coverage;
pub(crate) mod lint;
pub use lint::LintFinding;
mod numbers;
pub(crate) mod probe;

use crate::error::{Error, Result};
use crate::label::Lang;
use crate::model::record::Record;
use crate::pack::Pack;
use crate::portfolio::Previous;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VectorFile {
    #[serde(default, rename = "case")]
    cases: Vec<Case>,
    #[serde(default, rename = "selection")]
    selections: Vec<SelectionCase>,
}

/// One expected assessment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    source: Option<String>,
    record: Table,
    #[serde(default)]
    total: Option<f64>,
    #[serde(default)]
    tolerance: Option<f64>,
    #[serde(default)]
    level: Option<u32>,
    #[serde(default)]
    score_level: Option<u32>,
    #[serde(default)]
    dimensions: BTreeMap<String, f64>,
    #[serde(default)]
    indicators: BTreeMap<String, f64>,
    #[serde(default)]
    gates_failed: Option<Vec<String>>,
    #[serde(default)]
    eligible: Option<bool>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SelectionCase {
    id: String,
    cases: Vec<String>,
    #[serde(default)]
    top: Option<usize>,
    selected: Vec<String>,
    #[serde(default)]
    previous: BTreeMap<String, f64>,
    #[serde(default)]
    progress: BTreeMap<String, String>,
}

/// What running a pack's vectors found.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CheckReport {
    /// The pack id.
    pub pack: String,
    /// Vectors run (cases and selections).
    pub ran: usize,
    /// One readable diff per failed expectation.
    pub failures: Vec<String>,
    /// Every vector run, in file order, with its own failures (for CI reports such as JUnit).
    #[serde(default)]
    pub vectors: Vec<VectorResult>,
}

/// One vector (an assessment case or a selection case) and what it found.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct VectorResult {
    /// The case's id in `vectors.toml`.
    pub id: String,
    /// `case` or `selection`.
    pub kind: String,
    /// Its failed expectations (empty: passed).
    pub failures: Vec<String>,
}

impl CheckReport {
    /// No failures.
    #[must_use]
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

#[cfg(feature = "toml")]
type Table = toml::Table;
#[cfg(not(feature = "toml"))]
type Table = serde_json::Map<String, serde_json::Value>;

#[cfg(feature = "toml")]
fn parse_vectors(file: &str, text: &str) -> Result<VectorFile> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map_or((0, 0), |s| crate::model::rule::line_col(text, s.start));
        Error::pack(file, line, column, e.message().trim().to_string())
    })
}

#[cfg(not(feature = "toml"))]
fn parse_vectors(file: &str, text: &str) -> Result<VectorFile> {
    serde_json::from_str(text).map_err(|e| Error::pack(file, 0, 0, e.to_string()))
}

/// A vector case's record as JSON (dates and numbers kept as TOML wrote them).
fn record_of(case: &Case) -> Record {
    let mut json = serde_json::to_value(&case.record).unwrap_or_default();
    if let Some(obj) = json.as_object_mut() {
        obj.entry("id")
            .or_insert_with(|| serde_json::Value::String(case.id.clone()));
    }
    let mut r = Record::from_json(json).unwrap_or_default();
    r.origin = Some(format!("vector '{}'", case.id));
    r
}

impl Pack {
    /// The records of the pack's vector cases, by case id (for bindings and examples).
    ///
    /// # Errors
    /// [`Error::Pack`] if the vectors file does not parse.
    pub fn vector_records(&self) -> Result<Vec<(String, Record)>> {
        Ok(self
            .vector_file()?
            .map(|v| {
                v.cases
                    .iter()
                    .map(|c| (c.id.clone(), record_of(c)))
                    .collect()
            })
            .unwrap_or_default())
    }

    fn vector_file(&self) -> Result<Option<VectorFile>> {
        let Some((file, text)) = self.model().vectors() else {
            return Ok(None);
        };
        // Without the TOML parser: the JSON build.rs parsed the built-in pack's file into.
        #[cfg(not(feature = "toml"))]
        let text = match crate::load::builtin::precompiled_by_fingerprint(self.fingerprint()) {
            Some(p) => p.vectors(),
            None => text,
        };
        parse_vectors(file, text).map(Some)
    }

    /// Runs the pack's test vectors and reports every difference.
    ///
    /// ```
    /// let report = matang::Pack::builtin("smart-city-quickwin").unwrap().check().unwrap();
    /// assert!(report.passed(), "{:?}", report.failures);
    /// assert!(report.ran > 0);
    /// ```
    ///
    /// # Errors
    /// [`Error::Pack`] if the vectors file itself is malformed.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport {
            pack: self.id().to_string(),
            ..CheckReport::default()
        };
        let Some(file) = self.vector_file()? else {
            report
                .failures
                .push("the pack has no test vectors (vectors.toml)".into());
            return Ok(report);
        };
        let mut results = BTreeMap::new();
        // Selection vectors may name items by case id or by record id.
        let item_id: BTreeMap<String, String> = file
            .cases
            .iter()
            .map(|c| (c.id.clone(), record_of(c).id()))
            .collect();
        let item = |k: &String| item_id.get(k).cloned().unwrap_or_else(|| k.clone());
        for case in &file.cases {
            report.ran += 1;
            let before = report.failures.len();
            let result = self.assess(&record_of(case), Lang::En);
            let fail = &mut report.failures;
            let id = &case.id;
            match (&result, &case.error) {
                (Err(e), Some(want)) if e.to_string().contains(want.as_str()) => {}
                (Err(e), Some(want)) => fail.push(format!(
                    "case '{id}': error\n    expected to contain: {want}\n    got: {e}"
                )),
                (Err(e), None) => fail.push(format!("case '{id}': unexpected error: {e}")),
                (Ok(a), Some(want)) => fail.push(format!(
                    "case '{id}': expected an error containing '{want}', got total {:.4}",
                    a.total
                )),
                (Ok(a), None) => {
                    let tol = case.tolerance.unwrap_or(0.005);
                    let mut num = |what: &str, want: f64, got: Option<f64>| {
                        match got {
                        Some(g) if (g - want).abs() <= tol => {}
                        got => fail.push(format!("case '{id}': {what}\n    expected: {want} (within {tol})\n    got:      {}", got.map_or("none".into(), |g| format!("{g:.4}")))),
                    }
                    };
                    if let Some(t) = case.total {
                        num("total", t, Some(a.total));
                    }
                    for (d, want) in &case.dimensions {
                        num(
                            &format!("dimension {d}"),
                            *want,
                            a.dimension(d).and_then(|x| x.score),
                        );
                    }
                    for (i, want) in &case.indicators {
                        num(
                            &format!("indicator {i}"),
                            *want,
                            a.indicator(i).and_then(|x| x.score),
                        );
                    }
                    if let Some(l) = case.level
                        && a.level.rank != l
                    {
                        fail.push(format!(
                            "case '{id}': level\n    expected: {l}\n    got:      {} ({})",
                            a.level.rank, a.level.id
                        ));
                    }
                    if let Some(l) = case.score_level
                        && a.score_level != l
                    {
                        fail.push(format!(
                            "case '{id}': score level\n    expected: {l}\n    got:      {}",
                            a.score_level
                        ));
                    }
                    if let Some(want) = &case.gates_failed {
                        let mut got: Vec<&str> = a
                            .gates
                            .iter()
                            .filter(|g| !g.passed)
                            .map(|g| g.id.as_str())
                            .collect();
                        let mut w: Vec<&str> = want.iter().map(String::as_str).collect();
                        got.sort_unstable();
                        w.sort_unstable();
                        if got != w {
                            fail.push(format!("case '{id}': failed gates\n    expected: {w:?}\n    got:      {got:?}"));
                        }
                    }
                    if let Some(e) = case.eligible
                        && a.eligible != e
                    {
                        fail.push(format!(
                            "case '{id}': eligible\n    expected: {e}\n    got:      {} {:?}",
                            a.eligible,
                            a.unmet.iter().map(|u| &u.id).collect::<Vec<_>>()
                        ));
                    }
                }
            }
            results.insert(case.id.clone(), result);
            report.vectors.push(VectorResult {
                id: case.id.clone(),
                kind: "case".into(),
                failures: report.failures[before..].to_vec(),
            });
        }
        for s in &file.selections {
            report.ran += 1;
            let before = report.failures.len();
            let mut items = Vec::new();
            for c in &s.cases {
                match results.get(c) {
                    Some(r) => items.push(r.clone()),
                    None => report
                        .failures
                        .push(format!("selection '{}': no case '{c}'", s.id)),
                }
            }
            let totals = s.previous.iter().map(|(k, v)| (item(k), *v)).collect();
            let previous = (!s.previous.is_empty()).then(|| Previous {
                totals,
                warnings: Vec::new(),
            });
            let expected: Vec<String> = s.selected.iter().map(item).collect();
            let ranking = self.rank(&items, s.top, previous.as_ref(), Lang::En);
            if ranking.selected != expected {
                let why: Vec<String> = ranking
                    .ranking
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {:.3} {}",
                            r.id,
                            r.total.unwrap_or(f64::NAN),
                            r.reason.clone().unwrap_or_else(|| "selected".into())
                        )
                    })
                    .collect();
                report.failures.push(format!(
                    "selection '{}'\n    expected: {:?}\n    got:      {:?}\n    ranking:  {}",
                    s.id,
                    expected,
                    ranking.selected,
                    why.join(" | ")
                ));
            }
            for (key, want) in &s.progress {
                let got = ranking
                    .ranking
                    .iter()
                    .find(|r| r.id == item(key))
                    .and_then(|r| r.progress.as_ref())
                    .map(|p| {
                        serde_json::to_value(p.status)
                            .ok()
                            .and_then(|v| v.as_str().map(String::from))
                            .unwrap_or_default()
                    });
                if got.as_deref() != Some(want.as_str()) {
                    report.failures.push(format!("selection '{}': progress of '{key}'\n    expected: {want}\n    got:      {got:?}", s.id));
                }
            }
            report.vectors.push(VectorResult {
                id: s.id.clone(),
                kind: "selection".into(),
                failures: report.failures[before..].to_vec(),
            });
        }
        Ok(report)
    }
}
