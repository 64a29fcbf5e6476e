//! Action plans for the people assessed: each item's next-level plan (see
//! [`Pack::next_level_plan`]) as a checklist of evidence changes, grouped by a field such
//! as the responsible office, in Markdown (to print or paste) or CSV (to track).
//!
//! ```
//! use matang::{input, render::action_plan, Lang, Pack};
//! # std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).unwrap();
//! let pack = Pack::builtin("smart-city-quickwin")?;
//! let records = input::read_path("rules/smart-city-quickwin/examples/portfolio.csv")?;
//! let mut results = pack.assess_portfolio(&records, Lang::Id);
//! pack.attach_plans(&records, &mut results, Lang::Id);
//! let md = action_plan::markdown(&pack, &results, Some("opd"), Lang::Id)?;
//! assert!(md.contains("## Dinas Perikanan") && md.contains("- [ ] naikkan"));
//! # Ok::<(), matang::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::label::Lang;
use crate::pack::Pack;
use crate::render::safe::{csv_cell, terminal_line};
use crate::results::assessment::Assessment;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Items by the value of `by` (one group, named "", without it), in the order given.
pub(crate) fn grouped<'a>(
    pack: &Pack,
    results: &'a [Result<Assessment>],
    by: Option<&str>,
) -> Result<BTreeMap<String, Vec<&'a Result<Assessment>>>> {
    if let Some(field) = by
        && pack.field(field).is_none()
    {
        let known: Vec<&str> = pack.fields().iter().map(|f| f.id.as_str()).collect();
        return Err(Error::Usage(format!(
            "--by {field}: not a field of pack '{}' (fields: {})",
            pack.id(),
            known.join(", ")
        )));
    }
    let mut groups: BTreeMap<String, Vec<&Result<Assessment>>> = BTreeMap::new();
    for r in results {
        let key = match (by, r) {
            (Some(field), Ok(a)) => match a.evidence.get(field) {
                Some(Json::String(s)) => s.clone(),
                Some(Json::Null) | None => String::new(),
                Some(other) => other.to_string(),
            },
            _ => String::new(),
        };
        groups.entry(key).or_default().push(r);
    }
    Ok(groups)
}

fn words(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The checklist lines of one item, or the one line that says why it has none.
pub(crate) fn steps(pack: &Pack, a: &Assessment, lang: Lang) -> (Option<String>, Vec<String>) {
    let Some(next) = &a.next_level else {
        return (None, vec![pack.messages().get("top_level", lang)]);
    };
    let target = format!("{} {}", next.level.rank, next.level.label);
    match &next.plan {
        Some(plan) if plan.reached => (
            Some(target),
            plan.changes.iter().map(|c| c.text.clone()).collect(),
        ),
        Some(plan) => (Some(target), vec![plan.text.clone()]),
        None => (Some(target), next.summary.clone()),
    }
}

/// The plans as Markdown: a heading per group (`by`), an item per heading, a checkbox per
/// evidence change. Items need their plans attached ([`Pack::attach_plans`]); without one
/// the next level's summary is listed instead.
///
/// # Errors
/// [`Error::Usage`] when `by` is not a field of the pack.
pub fn markdown(
    pack: &Pack,
    results: &[Result<Assessment>],
    by: Option<&str>,
    lang: Lang,
) -> Result<String> {
    let mut out = String::new();
    let title = words(
        lang,
        "Rencana aksi menuju level berikutnya",
        "Action plans towards the next level",
    );
    let _ = writeln!(out, "# {title}\n");
    let _ = writeln!(
        out,
        "{} {} ({})\n",
        terminal_line(pack.name().get(lang)),
        pack.version(),
        &pack.fingerprint()[..12]
    );
    let grouping = by.is_some();
    for (group, items) in grouped(pack, results, by)? {
        if grouping {
            let value = if group.is_empty() {
                "–"
            } else {
                group.as_str()
            };
            let _ = writeln!(out, "## {}\n", terminal_line(value));
        }
        for r in items {
            match r {
                Ok(a) => {
                    let name = a
                        .name
                        .as_deref()
                        .map(|n| format!(" {n}"))
                        .unwrap_or_default();
                    let (target, lines) = steps(pack, a, lang);
                    let now = format!("{} {}", a.level.rank, a.level.label);
                    let head = match &target {
                        Some(t) => format!("{}{name}: level {now} → {t}", a.id),
                        None => format!("{}{name}: level {now}", a.id),
                    };
                    let _ = writeln!(out, "### {}\n", terminal_line(&head));
                    let mark = if target.is_some() { "- [ ] " } else { "- " };
                    for l in lines {
                        let _ = writeln!(out, "{mark}{}", terminal_line(&l));
                    }
                    out.push('\n');
                }
                Err(e) => {
                    let id = e.record_id().unwrap_or("?");
                    let _ = writeln!(out, "### {}\n", terminal_line(id));
                    let _ = writeln!(out, "- {}\n", terminal_line(&e.detail()));
                }
            }
        }
    }
    Ok(out)
}

/// The plans as CSV, one row per evidence change (and one per item without changes):
/// group, id, name, level now, target level, field, from, to, step (text cells are never
/// read as formulas).
///
/// # Errors
/// [`Error::Usage`] when `by` is not a field of the pack.
pub fn csv(
    pack: &Pack,
    results: &[Result<Assessment>],
    by: Option<&str>,
    lang: Lang,
) -> Result<String> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let head = [
        by.unwrap_or("group"),
        "id",
        "name",
        "level",
        "target_level",
        "field",
        "from",
        "to",
        "step",
    ];
    let _ = w.write_record(head);
    let cell = |s: &str| csv_cell(s).into_owned();
    let value = |v: &Json| match v {
        Json::String(s) => cell(s),
        Json::Null => String::new(),
        other => other.to_string(),
    };
    for (group, items) in grouped(pack, results, by)? {
        for r in items {
            let Ok(a) = r else { continue };
            let name = cell(a.name.as_deref().unwrap_or(""));
            let target = a.next_level.as_ref().map(|n| n.level.rank.to_string());
            let base = [
                cell(&group),
                cell(&a.id),
                name,
                a.level.rank.to_string(),
                target.clone().unwrap_or_default(),
            ];
            let plan = (a.next_level.as_ref()).and_then(|n| n.plan.as_ref().filter(|p| p.reached));
            match plan {
                Some(p) => {
                    for c in &p.changes {
                        let mut row = base.to_vec();
                        row.extend([cell(&c.field), value(&c.from), value(&c.to), cell(&c.text)]);
                        let _ = w.write_record(&row);
                    }
                }
                None => {
                    let (_, lines) = steps(pack, a, lang);
                    let mut row = base.to_vec();
                    row.extend([
                        String::new(),
                        String::new(),
                        String::new(),
                        cell(&lines.join("; ")),
                    ]);
                    let _ = w.write_record(&row);
                }
            }
        }
    }
    Ok(String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default())
}
