//! Plain-text and CSV renderings of results for the command line and reports: tables that
//! fit an 80-column terminal, with every word taken from the pack or the phrase catalogue.

use crate::error::Result;
use crate::label::{Lang, format_number};
use crate::pack::Pack;
use crate::portfolio::{RankedItem, Ranking};
use crate::render::safe::{csv_cell, terminal_line as line};
use crate::results::assessment::Assessment;
use std::fmt::Write as _;

/// Cuts or pads `s` to exactly `width` characters (an ellipsis marks a cut), shown on one
/// line without control characters.
fn cell(s: &str, width: usize) -> String {
    let s = line(s);
    let n = s.chars().count();
    if n > width {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

/// Wraps `text` at 80 columns; continuation lines start with `indent` spaces.
fn wrap(text: &str, indent: usize) -> String {
    let body = text.trim_start_matches(' ');
    let lead = text.len() - body.len();
    let mut out = " ".repeat(lead);
    let mut width = lead;
    for word in body.split(' ') {
        let n = word.chars().count();
        if width > indent && width + 1 + n > 80 {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            width = indent;
        } else if width > lead {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += n;
    }
    out
}

fn rcell(s: &str, width: usize) -> String {
    let s = line(s);
    let n = s.chars().count();
    if n >= width {
        cell(&s, width)
    } else {
        format!("{}{s}", " ".repeat(width - n))
    }
}

fn error_id(e: &crate::error::Error) -> String {
    e.record_id().unwrap_or("?").to_string()
}

/// One line per item: id, name, total, level and each dimension's score; errors after.
#[must_use]
pub fn assessments_table(pack: &Pack, results: &[Result<Assessment>], lang: Lang) -> String {
    let m = pack.messages();
    let dims = pack.dimensions();
    let dim_w = 5;
    let name_w = 80usize
        .saturating_sub(8 + 1 + 5 + 1 + 18 + 1 + dims.len() * dim_w + 2)
        .clamp(10, 30);
    let mut out = String::new();
    let _ = write!(
        out,
        "{} {} {} {}",
        cell(&m.get("col_id", lang), 8),
        cell(&m.get("col_name", lang), name_w),
        rcell(&m.get("col_total", lang), 5),
        cell(&m.get("col_level", lang), 18)
    );
    for d in dims {
        out.push_str(&rcell(&d.id, dim_w));
    }
    out.push('\n');
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(a) => {
                let level = format!("{} {}", a.level.rank, a.level.label);
                let _ = write!(
                    out,
                    "{} {} {} {}",
                    cell(&a.id, 8),
                    cell(a.name.as_deref().unwrap_or(""), name_w),
                    rcell(&pack.format_score(a.total, lang), 5),
                    cell(&level, 18)
                );
                for d in &a.dimensions {
                    let s = d
                        .score
                        .map_or_else(|| "-".to_string(), |s| pack.format_score(s, lang));
                    out.push_str(&rcell(&s, dim_w));
                }
                out.push('\n');
            }
            Err(e) => errors.push(line(&format!("{}: {}", error_id(e), e.detail())).into_owned()),
        }
    }
    for e in errors {
        let _ = writeln!(
            out,
            "! {}",
            line(&m.format("not_assessed", lang, &[("error", e)]))
        );
    }
    out
}

/// The ranking table, the selection and the reason for every item left out.
#[must_use]
pub fn ranking_table(pack: &Pack, ranking: &Ranking, lang: Lang) -> String {
    let m = pack.messages();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} {} {} {} {} {}",
        rcell(&m.get("col_position", lang), 3),
        cell(&m.get("col_id", lang), 8),
        cell(&m.get("col_name", lang), 20),
        rcell(&m.get("col_total", lang), 5),
        cell(&m.get("col_level", lang), 18),
        cell(&m.get("col_progress", lang), 11),
        m.get("col_selected", lang)
    );
    for r in &ranking.ranking {
        let level = r
            .level
            .as_ref()
            .map_or_else(String::new, |l| format!("{} {}", l.rank, l.label));
        let progress = r
            .progress
            .as_ref()
            .map_or_else(String::new, |p| match p.delta {
                Some(d) => format!(
                    "{} {}{}",
                    p.label,
                    if d >= 0.0 { "+" } else { "" },
                    pack.format_score(d, lang)
                ),
                None => p.label.clone(),
            });
        let _ = writeln!(
            out,
            "{} {} {} {} {} {} {}",
            rcell(&r.position.to_string(), 3),
            cell(&r.id, 8),
            cell(r.name.as_deref().unwrap_or(""), 20),
            rcell(
                &r.total
                    .map_or_else(|| "-".into(), |t| pack.format_score(t, lang)),
                5
            ),
            cell(&level, 18),
            cell(&progress, 11),
            if r.selected { "  ✓" } else { "" }
        );
    }
    out.push('\n');
    let heading = pack.selection_heading(ranking, lang);
    let _ = writeln!(
        out,
        "{}",
        wrap(
            &line(&format!("{heading}: {}", ranking.selected.join(", "))),
            2
        )
    );
    let left: Vec<_> = ranking.ranking.iter().filter(|r| !r.selected).collect();
    if !left.is_empty() {
        let _ = writeln!(out, "{}:", line(&m.get("heading_excluded", lang)));
        for r in left {
            let text = format!(
                "  {} {}: {}",
                r.id,
                r.name.as_deref().unwrap_or(""),
                r.reason.as_deref().unwrap_or("")
            );
            let _ = writeln!(out, "{}", wrap(&line(&text), 4));
        }
    }
    let notes: Vec<String> = ranking
        .ranking
        .iter()
        .filter_map(|r| note(pack, r, lang))
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "{}:", line(&m.get("heading_notes", lang)));
        for n in notes {
            let _ = writeln!(out, "{}", wrap(&line(&n), 4));
        }
    }
    for w in &ranking.warnings {
        let _ = writeln!(out, "! {}", line(w));
    }
    out
}

/// The labels of the gates that cap a ranked item, joined.
fn capped_labels(r: &RankedItem) -> String {
    r.capped_by
        .iter()
        .map(|g| g.label.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why an item's progress and level are what they are, when there is something to say:
/// "  QW-02 Sipipa: tetap: realisasi roadmap 60 % < 80 %; level dibatasi oleh: ...".
fn note(pack: &Pack, r: &RankedItem, lang: Lang) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(p) = r.progress.as_ref().filter(|p| p.previous_total.is_some()) {
        parts.push(format!("{}: {}", p.label, p.reason));
    }
    if !r.capped_by.is_empty() {
        let gates = capped_labels(r);
        parts.push(
            pack.messages()
                .format("note_capped", lang, &[("gates", gates)]),
        );
    }
    if !r.verified.is_empty() {
        let changes = r.verified.join("; ");
        parts.push(
            pack.messages()
                .format("note_verified", lang, &[("changes", changes)]),
        );
    }
    (!parts.is_empty()).then(|| {
        let name = r.name.as_deref().unwrap_or("");
        format!("  {} {name}: {}", r.id, parts.join("; "))
    })
}

/// The full explanation of one item: dimensions, indicators with reasons, gates, next level.
#[must_use]
pub fn explanation(pack: &Pack, a: &Assessment, lang: Lang) -> String {
    let m = pack.messages();
    let f = |x: f64| pack.format_score(x, lang);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        line(&format!("{} {}", a.id, a.name.as_deref().unwrap_or("")))
    );
    let _ = writeln!(
        out,
        "{}: {} / {}  ({}/100)  {}: {} {}",
        m.get("col_total", lang),
        f(a.total),
        f(pack.scale().max),
        format_number(a.score_100, 0, lang),
        m.get("col_level", lang),
        a.level.rank,
        line(&a.level.label)
    );
    let _ = writeln!(
        out,
        "{} {} ({})",
        line(&a.pack.id),
        line(&a.pack.version),
        &a.pack.fingerprint[..12.min(a.pack.fingerprint.len())]
    );
    out.push('\n');
    let _ = writeln!(
        out,
        "{} {} {} {}",
        cell(&m.get("col_dimension", lang), 40),
        rcell(&m.get("col_weight", lang), 6),
        rcell(&m.get("col_total", lang), 6),
        rcell(&m.get("col_coverage", lang), 8)
    );
    for d in &a.dimensions {
        let score = d.score.map_or_else(|| "-".into(), f);
        let mark = if d.insufficient { " !" } else { "" };
        let _ = writeln!(
            out,
            "{} {} {} {}{mark}",
            cell(&format!("{} {}", d.id, d.label), 40),
            rcell(&format_number(d.weight, 1, lang), 6),
            rcell(&score, 6),
            rcell(&format!("{}/{}", d.present, d.count), 8)
        );
        if d.insufficient {
            let _ = writeln!(
                out,
                "    {}",
                m.format(
                    "insufficient",
                    lang,
                    &[
                        ("present", d.present.to_string()),
                        ("count", d.count.to_string())
                    ]
                )
            );
        }
        for i in a.indicators.iter().filter(|i| i.dimension == d.id) {
            let s = i
                .score
                .map_or_else(|| "-".into(), |s| pack.format_score(s, lang));
            let _ = writeln!(
                out,
                "    {} {} {}",
                rcell(&s, 3),
                cell(&i.label, 26),
                line(&i.reason)
            );
        }
    }
    out.push('\n');
    let _ = writeln!(out, "{}:", m.get("heading_gates", lang));
    for g in &a.gates {
        let status = m.get(if g.passed { "passed" } else { "failed" }, lang);
        let _ = writeln!(
            out,
            "  L{} {} {}: {status}",
            g.level,
            if g.passed { "✓" } else { "✗" },
            line(&g.label)
        );
    }
    for id in &a.capped_by {
        if let Some(g) = a.gates.iter().find(|g| &g.id == id) {
            let _ = writeln!(
                out,
                "  → {}",
                line(&m.format(
                    "gate_caps",
                    lang,
                    &[
                        ("gate", g.label.clone()),
                        ("cap", (g.level - 1).to_string())
                    ]
                ))
            );
        }
    }
    if !a.verified.is_empty() {
        let _ = writeln!(out, "\n{}:", m.get("heading_verified", lang));
        for v in &a.verified {
            let _ = writeln!(out, "  {}", line(&v.text));
        }
    }
    out.push('\n');
    let _ = writeln!(out, "{}:", m.get("heading_next", lang));
    match &a.next_level {
        Some(n) => {
            for l in &n.summary {
                let _ = writeln!(out, "  {}", line(l));
            }
        }
        None => {
            let _ = writeln!(out, "  {}", m.get("top_level", lang));
        }
    }
    if !a.eligible {
        let why = a.unmet_words();
        let _ = writeln!(
            out,
            "\n{}",
            line(&m.format("not_eligible", lang, &[("reason", why)]))
        );
    }
    out
}

/// How CSV output is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvDialect {
    /// `,` between cells, `.` before decimals, no BOM.
    #[default]
    Plain,
    /// As a spreadsheet in Indonesian locale reads and writes it: `;` between cells, `,`
    /// before decimals, and a UTF-8 BOM so Excel does not take the text for windows-1252.
    Indonesian,
}

impl CsvDialect {
    fn start(self) -> String {
        match self {
            CsvDialect::Plain => String::new(),
            CsvDialect::Indonesian => "\u{feff}".into(),
        }
    }

    fn num(self, x: f64) -> String {
        match self {
            CsvDialect::Plain => num(x),
            CsvDialect::Indonesian => num(x).replace('.', ","),
        }
    }

    fn line(self, fields: &[String]) -> String {
        let delimiter = match self {
            CsvDialect::Plain => b',',
            CsvDialect::Indonesian => b';',
        };
        csv_line_with(fields, delimiter)
    }
}

fn csv_line_with(fields: &[String], delimiter: u8) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_writer(Vec::new());
    let _ = w.write_record(fields);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A text cell of CSV output: never read as a formula (numbers are written by [`num`]).
fn text(s: &str) -> String {
    csv_cell(s).into_owned()
}

fn num(x: f64) -> String {
    format!("{}", (x * 1e6).round() / 1e6)
}

/// Results as CSV: one row per item with flat columns (`error` set when it failed).
#[must_use]
pub fn assessments_csv(pack: &Pack, results: &[Result<Assessment>]) -> String {
    assessments_csv_in(pack, results, CsvDialect::Plain)
}

/// [`assessments_csv`] in `dialect`.
#[must_use]
pub fn assessments_csv_in(
    pack: &Pack,
    results: &[Result<Assessment>],
    dialect: CsvDialect,
) -> String {
    let mut out = dialect.start();
    out.push_str(&dialect.line(&assessments_csv_header(pack)));
    out.push_str(&assessments_csv_rows(pack, results, dialect));
    out
}

/// The header row's cells of [`assessments_csv_in`].
fn assessments_csv_header(pack: &Pack) -> Vec<String> {
    let mut header: Vec<String> = [
        "id",
        "name",
        "total",
        "score_100",
        "level_rank",
        "level_id",
        "level_label",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    header.extend(pack.dimensions().iter().map(|d| format!("dim_{}", d.id)));
    header.extend([
        "eligible".to_string(),
        "capped_by".to_string(),
        "verified".to_string(),
        "error".to_string(),
    ]);
    header
}

/// The rows of [`assessments_csv_in`] without the header (and BOM): for output written a
/// piece at a time.
#[must_use]
pub fn assessments_csv_rows(
    pack: &Pack,
    results: &[Result<Assessment>],
    dialect: CsvDialect,
) -> String {
    let num = |x: f64| dialect.num(x);
    let columns = assessments_csv_header(pack).len();
    let mut out = String::new();
    for r in results {
        let row: Vec<String> = match r {
            Ok(a) => {
                let mut row = vec![
                    text(&a.id),
                    text(a.name.as_deref().unwrap_or_default()),
                    num(a.total),
                    num(a.score_100),
                    a.level.rank.to_string(),
                    text(&a.level.id),
                    text(&a.level.label),
                ];
                row.extend(
                    a.dimensions
                        .iter()
                        .map(|d| d.score.map_or_else(String::new, &num)),
                );
                row.extend([
                    a.eligible.to_string(),
                    text(&a.capped_by.join(" ")),
                    text(&verified_changes(a)),
                    String::new(),
                ]);
                row
            }
            Err(e) => {
                let mut row = vec![text(&error_id(e))];
                row.extend(std::iter::repeat_n(String::new(), columns - 2));
                row.push(text(&e.detail()));
                row
            }
        };
        out.push_str(&dialect.line(&row));
    }
    out
}

/// The verified changes of an assessment as data: `field:own>verified`, space separated.
fn verified_changes(a: &Assessment) -> String {
    a.verified
        .iter()
        .map(|v| format!("{}:{}>{}", v.field, plain(&v.own), plain(&v.verified)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A ranking as CSV.
#[must_use]
pub fn ranking_csv(ranking: &Ranking) -> String {
    ranking_csv_in(ranking, CsvDialect::Plain)
}

/// [`ranking_csv`] in `dialect`.
#[must_use]
pub fn ranking_csv_in(ranking: &Ranking, dialect: CsvDialect) -> String {
    let num = |x: f64| dialect.num(x);
    let header: Vec<String> = [
        "position",
        "id",
        "name",
        "total",
        "level_rank",
        "level_label",
        "progress",
        "delta",
        "progress_reason",
        "capped_by",
        "verified",
        "selected",
        "reason",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    let mut out = dialect.start();
    out.push_str(&dialect.line(&header));
    for r in &ranking.ranking {
        out.push_str(
            &dialect.line(&[
                r.position.to_string(),
                text(&r.id),
                text(r.name.as_deref().unwrap_or_default()),
                r.total.map_or_else(String::new, num),
                r.level
                    .as_ref()
                    .map_or_else(String::new, |l| l.rank.to_string()),
                r.level
                    .as_ref()
                    .map_or_else(String::new, |l| text(&l.label)),
                r.progress
                    .as_ref()
                    .map_or_else(String::new, |p| text(&p.label)),
                r.progress
                    .as_ref()
                    .and_then(|p| p.delta)
                    .map_or_else(String::new, num),
                r.progress
                    .as_ref()
                    .map_or_else(String::new, |p| text(&p.reason)),
                text(&capped_labels(r)),
                text(&r.verified.join("; ")),
                r.selected.to_string(),
                text(r.reason.as_deref().unwrap_or_default()),
            ]),
        );
    }
    out
}
