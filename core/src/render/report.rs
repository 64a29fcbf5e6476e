//! A self-contained HTML report of a portfolio for the people who receive an assessment:
//! the portfolio chart, the ranked table with plus / minus, the selected items, one card
//! per item (radar chart, level, gates, the gap to the next level in words) and the items
//! that could not be assessed. One file, inline CSS and SVG, no network fetches; prints on A4.

use crate::error::Result;
use crate::label::{Lang, format_number};
use crate::pack::Pack;
use crate::portfolio::{Previous, ProgressStatus, RankedItem, Ranking};
use crate::render::method;
use crate::render::svg::{escape, level_color, portfolio_svg, radar_svg, radar_svg_within};
use crate::results::assessment::Assessment;
use std::fmt::Write as _;

const CSS: &str = r#"
:root { --ink: #1c2833; --muted: #5d6d7e; --line: #d5d8dc; --plus: #1e8449; --minus: #b03a2e; --sel: #fdf2d0; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; background: #f4f6f7; font-size: 14px; line-height: 1.4; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 40px; background: #fff; }
header { border-bottom: 3px solid var(--ink); padding-bottom: 10px; margin-bottom: 18px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 26px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0; }
.meta { color: var(--muted); margin: 2px 0; }
.summary { font-size: 15px; margin: 8px 0 0; }
.chart svg { width: 100%; height: auto; max-width: 980px; display: block; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 7px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eaecee; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.id, .progress { white-space: nowrap; }
td.name { min-width: 9em; }
.badge.light { color: var(--ink); text-shadow: none; }
tr.selected td { background: var(--sel); font-weight: 600; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; white-space: nowrap; text-shadow: 0 0 2px rgba(0,0,0,.45); }
.plus { color: var(--plus); font-weight: 600; }
.minus { color: var(--minus); font-weight: 600; }
.flat, .new { color: var(--muted); }
.tick { color: var(--plus); font-weight: 700; }
.reason { color: var(--muted); font-weight: normal; }
ol.selected-list { margin: 0; padding-left: 22px; font-size: 15px; }
ol.selected-list li { margin: 3px 0; }
.cards { display: block; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin: 0 0 16px; break-inside: avoid; page-break-inside: avoid; }
.card.is-selected { border: 2px solid #d4ac0d; }
.card-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 12px; margin-bottom: 6px; }
.card-head .total { font-size: 15px; font-weight: 600; }
.card-body { display: flex; gap: 16px; align-items: flex-start; }
.card-body .radar { flex: 0 0 420px; }
.card-body .radar svg { width: 420px; height: auto; display: block; }
.card-body .facts { flex: 1 1 auto; min-width: 0; }
.facts h4 { font-size: 13px; margin: 10px 0 4px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
.facts h4:first-child { margin-top: 0; }
.facts ul { margin: 0; padding-left: 0; list-style: none; }
.facts li { margin: 2px 0; }
.gate-met::before { content: "✓ "; color: var(--plus); font-weight: 700; }
.gate-unmet::before { content: "✗ "; color: var(--minus); font-weight: 700; }
.gate-unmet { color: var(--minus); }
.next li::before { content: "→ "; color: var(--muted); }
.capped, .unmet { color: var(--minus); }
.dims td, .dims th { padding: 3px 6px; }
.errors li { color: var(--minus); margin: 3px 0; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; border-top: 1px solid var(--line); padding-top: 6px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .items, .annex { break-before: page; page-break-before: always; }
  .card { break-inside: avoid; page-break-inside: avoid; }
  .card-body .radar { flex-basis: 80mm; }
  .card-body .radar svg { width: 80mm; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@media (max-width: 720px) {
  .card-body { flex-direction: column; }
  .card-body .radar, .card-body .radar svg { width: 100%; flex-basis: auto; }
}
"#;

/// Whether a `#rrggbb` colour is light enough to need dark text on it.
fn is_light(color: &str) -> bool {
    let hex = color.trim_start_matches('#');
    if hex.len() != 6 {
        return false;
    }
    let channel =
        |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).map_or(0.0, f64::from);
    0.299 * channel(0) + 0.587 * channel(2) + 0.114 * channel(4) > 170.0
}

fn badge(pack: &Pack, rank: u32, label: &str) -> String {
    let col = level_color(pack, rank);
    format!(
        r#"<span class="badge level-{rank}{light}" style="background:{col}">{rank} {label}</span>"#,
        light = if is_light(&col) { " light" } else { "" },
        col = escape(&col),
        label = escape(label)
    )
}

/// The gates that cap a ranked item's level, under its badge (empty when none do).
fn capped_html(pack: &Pack, r: &RankedItem, lang: Lang) -> String {
    if r.capped_by.is_empty() {
        return String::new();
    }
    let gates: Vec<&str> = r.capped_by.iter().map(|g| g.label.as_str()).collect();
    let text = pack
        .messages()
        .format("note_capped", lang, &[("gates", gates.join("; "))]);
    format!(r#"<br><small class="capped">{}</small>"#, escape(&text))
}

/// Verified values that differ from the office's own, under a ranked item's name.
fn verified_html(pack: &Pack, r: &RankedItem, lang: Lang) -> String {
    if r.verified.is_empty() {
        return String::new();
    }
    let text = pack
        .messages()
        .format("note_verified", lang, &[("changes", r.verified.join("; "))]);
    format!(r#"<br><small class="verified">{}</small>"#, escape(&text))
}

fn status_class(s: ProgressStatus) -> &'static str {
    match s {
        ProgressStatus::Plus => "plus",
        ProgressStatus::Minus => "minus",
        ProgressStatus::Flat => "flat",
        ProgressStatus::New => "new",
    }
}

/// The progress of a ranked item in words, e.g. "plus +0,99" (HTML).
fn progress_html(pack: &Pack, r: &RankedItem, lang: Lang) -> String {
    r.progress.as_ref().map_or_else(String::new, |p| {
        let delta = p.delta.map_or_else(String::new, |d| {
            format!(
                " {}{}",
                if d >= 0.0 { "+" } else { "" },
                pack.format_score(d, lang)
            )
        });
        format!(
            r#"<span class="progress {cls}">{label}{delta}</span> <small class="why">{reason}</small>"#,
            cls = status_class(p.status),
            label = escape(&p.label),
            delta = escape(&delta),
            reason = escape(&p.reason)
        )
    })
}

fn error_id(e: &crate::error::Error) -> String {
    e.record_id().unwrap_or("?").to_string()
}

/// The HTML report of a portfolio: see the module documentation.
///
/// `previous` adds each item's previous total to the table. For last year's shape on each
/// radar chart use [`html_report_with_previous`].
#[must_use]
pub fn html_report(
    pack: &Pack,
    results: &[Result<Assessment>],
    ranking: &Ranking,
    previous: Option<&Previous>,
    lang: Lang,
) -> String {
    html_report_with_previous(pack, results, ranking, previous, &[], lang)
}

/// [`html_report`] with last year's assessments, whose shapes are overlaid (dashed) on the
/// radar chart of the item with the same id.
#[must_use]
pub fn html_report_with_previous(
    pack: &Pack,
    results: &[Result<Assessment>],
    ranking: &Ranking,
    previous: Option<&Previous>,
    previous_assessments: &[Assessment],
    lang: Lang,
) -> String {
    report(
        pack,
        results,
        ranking,
        previous,
        previous_assessments,
        lang,
        false,
    )
}

/// [`html_report_with_previous`] with the pack's methodology document (as
/// [`method_html`](crate::render::method_html) writes it) as an annex after the results,
/// starting on a new printed page: the people assessed read how they were scored.
#[must_use]
pub fn html_report_with_method(
    pack: &Pack,
    results: &[Result<Assessment>],
    ranking: &Ranking,
    previous: Option<&Previous>,
    previous_assessments: &[Assessment],
    lang: Lang,
) -> String {
    report(
        pack,
        results,
        ranking,
        previous,
        previous_assessments,
        lang,
        true,
    )
}

fn report(
    pack: &Pack,
    results: &[Result<Assessment>],
    ranking: &Ranking,
    previous: Option<&Previous>,
    previous_assessments: &[Assessment],
    lang: Lang,
    annex: bool,
) -> String {
    let m = pack.messages();
    let f = |x: f64| pack.format_score(x, lang);
    let scale = pack.scale();
    let assessed: Vec<&Assessment> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    let find = |id: &str| assessed.iter().copied().find(|a| a.id == id);
    let title = format!(
        "{} · {}",
        m.get("report_title", lang),
        pack.name().get(lang)
    );
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="{code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="matang {ver}">
<title>{title}</title>
<style>{CSS}{annex_css}</style>
</head>
<body>
<main>
<header>
<h1>{h1}</h1>
<p class="meta">{name}</p>
<p class="meta">{pack_word}: {pid} {pver} · {scale_words}</p>
"#,
        code = lang.code(),
        annex_css = if annex { method::CONTENT_CSS } else { "" },
        ver = env!("CARGO_PKG_VERSION"),
        title = escape(&title),
        h1 = escape(&m.get("report_title", lang)),
        name = escape(pack.name().get(lang)),
        pack_word = escape(&m.get("report_pack", lang)),
        pid = escape(pack.id()),
        pver = escape(pack.version()),
        scale_words = escape(&m.format(
            "report_scale",
            lang,
            &[("min", f(scale.min)), ("max", f(scale.max))]
        )),
    );
    let heading_selected = pack.selection_heading(ranking, lang);
    let _ = writeln!(
        h,
        r#"<p class="summary"><strong>{}:</strong> {}</p>"#,
        escape(&heading_selected),
        escape(&ranking.selected.join(", "))
    );
    if !ranking.progress_summary.is_empty() {
        let parts: Vec<String> = [
            ("plus", "progress_plus"),
            ("minus", "progress_minus"),
            ("flat", "progress_flat"),
            ("new", "progress_new"),
        ]
        .iter()
        .filter_map(|(k, key)| {
            ranking.progress_summary.get(*k).map(|n| {
                format!(
                    r#"<span class="{k}">{}: {n}</span>"#,
                    escape(&m.get(key, lang))
                )
            })
        })
        .collect();
        let _ = writeln!(
            h,
            r#"<p class="summary progress-summary">{}: {}</p>"#,
            escape(&m.get("col_progress", lang)),
            parts.join(" · ")
        );
    }
    h.push_str("</header>\n");

    // The portfolio chart.
    let _ = writeln!(
        h,
        r#"<section class="portfolio"><h2>{}</h2><div class="chart">{}</div></section>"#,
        escape(&m.get("chart_portfolio_title", lang)),
        portfolio_svg(pack, ranking, lang)
    );

    // The ranked table.
    let with_prev = previous.is_some();
    let _ = write!(
        h,
        r#"<section class="ranking"><h2>{}</h2><table class="ranking-table"><thead><tr><th class="num">{}</th><th>{}</th><th>{}</th><th class="num">{}</th><th>{}</th>"#,
        escape(&m.get("report_ranking", lang)),
        escape(&m.get("col_position", lang)),
        escape(&m.get("col_id", lang)),
        escape(&m.get("col_name", lang)),
        escape(&m.get("col_total", lang)),
        escape(&m.get("col_level", lang)),
    );
    if with_prev {
        let _ = write!(
            h,
            r#"<th class="num">{}</th><th>{}</th>"#,
            escape(&m.get("report_previous_total", lang)),
            escape(&m.get("col_progress", lang))
        );
    }
    let _ = writeln!(
        h,
        "<th>{}</th></tr></thead><tbody>",
        escape(&m.get("col_selected", lang))
    );
    for r in &ranking.ranking {
        let _ = write!(
            h,
            r#"<tr class="{cls}" data-id="{id}"><td class="num">{pos}</td><td class="id"><a href="{href}">{id}</a></td><td class="name">{name}{verified}</td><td class="num">{total}</td><td>{level}</td>"#,
            cls = if r.selected { "selected" } else { "" },
            id = escape(&r.id),
            href = escape(&format!("#item-{}", r.id)),
            pos = r.position,
            name = escape(r.name.as_deref().unwrap_or("")),
            verified = verified_html(pack, r, lang),
            total = r.total.map_or_else(|| "-".into(), f),
            level = r.level.as_ref().map_or_else(String::new, |l| {
                format!(
                    "{}{}",
                    badge(pack, l.rank, &l.label),
                    capped_html(pack, r, lang)
                )
            }),
        );
        if with_prev {
            let prev_total = previous
                .and_then(|p| p.totals.get(&r.id))
                .map_or_else(|| "-".into(), |t| f(*t));
            let _ = write!(
                h,
                r#"<td class="num">{}</td><td>{}</td>"#,
                escape(&prev_total),
                progress_html(pack, r, lang)
            );
        }
        let pick = if r.selected {
            format!(
                r#"<span class="tick">✓ {}</span>"#,
                escape(&m.get("selected", lang))
            )
        } else {
            format!(
                r#"<span class="reason">{}</span>"#,
                escape(r.reason.as_deref().unwrap_or(""))
            )
        };
        let _ = writeln!(h, "<td>{pick}</td></tr>");
    }
    h.push_str("</tbody></table></section>\n");

    // The selection.
    let _ = write!(
        h,
        r#"<section class="selection"><h2>{}</h2><ol class="selected-list">"#,
        escape(&heading_selected)
    );
    for id in &ranking.selected {
        if let Some(r) = ranking.ranking.iter().find(|r| &r.id == id) {
            let _ = write!(
                h,
                r#"<li data-id="{id}"><strong>{id}</strong> {name} · {total} {level} {progress}</li>"#,
                id = escape(&r.id),
                name = escape(r.name.as_deref().unwrap_or("")),
                total = r.total.map_or_else(|| "-".into(), f),
                level = r
                    .level
                    .as_ref()
                    .map_or_else(String::new, |l| badge(pack, l.rank, &l.label)),
                progress = progress_html(pack, r, lang),
            );
        }
    }
    h.push_str("</ol></section>\n");

    // One card per assessed item, in ranking order.
    let _ = write!(
        h,
        r#"<section class="items"><h2>{}</h2><div class="cards">"#,
        escape(&m.get("report_items", lang))
    );
    for r in &ranking.ranking {
        let Some(a) = find(&r.id) else { continue };
        let prev = previous_assessments.iter().find(|p| p.id == a.id);
        card(&mut h, pack, a, r, prev, lang);
    }
    h.push_str("</div></section>\n");

    // Items that could not be assessed.
    let errors: Vec<&crate::error::Error> =
        results.iter().filter_map(|r| r.as_ref().err()).collect();
    if !errors.is_empty() {
        let _ = write!(
            h,
            r#"<section class="errors"><h2>{}</h2><ul>"#,
            escape(&m.get("report_not_assessed", lang))
        );
        for e in errors {
            let _ = write!(
                h,
                r#"<li data-id="{id}"><strong>{id}</strong>: {msg}</li>"#,
                id = escape(&error_id(e)),
                msg = escape(&e.to_string())
            );
        }
        h.push_str("</ul></section>\n");
    }
    if !ranking.warnings.is_empty() {
        let _ = write!(
            h,
            r#"<section class="warnings"><h2>{}</h2><ul>"#,
            escape(&m.get("report_warnings", lang))
        );
        for w in &ranking.warnings {
            let _ = write!(h, "<li>{}</li>", escape(w));
        }
        h.push_str("</ul></section>\n");
    }
    if annex {
        let _ = write!(
            h,
            r#"<section class="annex method" id="method"><h2 class="annex-title">{}</h2>{}"#,
            escape(&m.get("report_method_annex", lang)),
            method::pack_line(pack, lang)
        );
        h.push_str(&method::method_sections(pack, lang));
        h.push_str("</section>\n");
    }
    let _ = write!(
        h,
        "<footer>{} {} {} · {}</footer>\n</main>\n</body>\n</html>\n",
        escape(&m.get("report_pack", lang)),
        escape(pack.id()),
        escape(pack.version()),
        escape(&pack.fingerprint()[..12.min(pack.fingerprint().len())]),
    );
    h
}

/// One item's card: heading, radar chart, dimension scores, gates and the next step.
fn card(
    h: &mut String,
    pack: &Pack,
    a: &Assessment,
    r: &RankedItem,
    prev: Option<&Assessment>,
    lang: Lang,
) {
    let m = pack.messages();
    let f = |x: f64| pack.format_score(x, lang);
    let _ = write!(
        h,
        r#"<article class="card{sel}" id="{anchor}" data-id="{id}"><div class="card-head"><h3>{pos}. {id} {name}</h3>{level}<span class="total">{total} / {max}</span>{progress}{tick}</div><div class="card-body"><div class="radar">{svg}</div><div class="facts">"#,
        sel = if r.selected { " is-selected" } else { "" },
        anchor = escape(&format!("item-{}", a.id)),
        id = escape(&a.id),
        pos = r.position,
        name = escape(a.name.as_deref().unwrap_or("")),
        level = badge(pack, a.level.rank, &a.level.label),
        total = f(a.total),
        max = f(pack.scale().max),
        progress = progress_html(pack, r, lang),
        tick = if r.selected {
            format!(
                r#"<span class="tick">✓ {}</span>"#,
                escape(&m.get("selected", lang))
            )
        } else {
            String::new()
        },
        svg = radar_svg(pack, a, prev, lang),
    );
    // Dimension scores.
    let _ = write!(
        h,
        r#"<table class="dims"><thead><tr><th>{}</th><th class="num">{}</th><th class="num">{}</th>"#,
        escape(&m.get("col_dimension", lang)),
        escape(&m.get("col_weight", lang)),
        escape(&m.get("col_total", lang)),
    );
    if prev.is_some() {
        let _ = write!(
            h,
            r#"<th class="num">{}</th>"#,
            escape(&m.get("chart_previous", lang))
        );
    }
    h.push_str("</tr></thead><tbody>");
    for d in &a.dimensions {
        let score = d.score.map_or_else(|| m.get("missing_value", lang), &f);
        let note = if d.insufficient {
            format!(
                r#"<br><span class="unmet">{}</span>"#,
                escape(&m.format(
                    "insufficient",
                    lang,
                    &[
                        ("present", d.present.to_string()),
                        ("count", d.count.to_string())
                    ]
                ))
            )
        } else {
            String::new()
        };
        let _ = write!(
            h,
            r#"<tr><td>{label}{note}</td><td class="num">{w}</td><td class="num">{score}</td>"#,
            label = escape(&d.label),
            w = escape(&format_number(d.weight, 1, lang)),
            score = escape(&score),
        );
        if let Some(p) = prev {
            let ps = p
                .dimension(&d.id)
                .and_then(|x| x.score)
                .map_or_else(|| "-".into(), &f);
            let _ = write!(h, r#"<td class="num">{}</td>"#, escape(&ps));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    // Gates.
    let _ = write!(
        h,
        r#"<h4>{}</h4><ul class="gates">"#,
        escape(&m.get("heading_gates", lang))
    );
    for g in &a.gates {
        let _ = write!(
            h,
            r#"<li class="{cls}" data-gate="{id}">{lvl} {label}: {status}</li>"#,
            cls = if g.passed { "gate-met" } else { "gate-unmet" },
            id = escape(&g.id),
            lvl = escape(&format!("L{}", g.level)),
            label = escape(&g.label),
            status = escape(&m.get(if g.passed { "passed" } else { "failed" }, lang)),
        );
    }
    for id in &a.capped_by {
        if let Some(g) = a.gates.iter().find(|g| &g.id == id) {
            let _ = write!(
                h,
                r#"<li class="capped">→ {}</li>"#,
                escape(&m.format(
                    "gate_caps",
                    lang,
                    &[
                        ("gate", g.label.clone()),
                        ("cap", (g.level.saturating_sub(1)).to_string())
                    ]
                ))
            );
        }
    }
    h.push_str("</ul>");
    if !a.verified.is_empty() {
        let _ = write!(
            h,
            r#"<h4>{}</h4><ul class="verified">"#,
            escape(&m.get("heading_verified", lang))
        );
        for v in &a.verified {
            let _ = write!(h, "<li>{}</li>", escape(&v.text));
        }
        h.push_str("</ul>");
    }
    // The next step.
    let _ = write!(
        h,
        r#"<h4>{}</h4><ul class="next">"#,
        escape(&m.get("heading_next", lang))
    );
    match &a.next_level {
        Some(n) => {
            for line in &n.summary {
                let _ = write!(h, "<li>{}</li>", escape(line));
            }
        }
        None => {
            let _ = write!(h, "<li>{}</li>", escape(&m.get("top_level", lang)));
        }
    }
    h.push_str("</ul>");
    if !a.eligible {
        let why = a.unmet_words();
        let _ = write!(
            h,
            r#"<p class="unmet">{}</p>"#,
            escape(&m.format("not_eligible", lang, &[("reason", why)]))
        );
    } else if let Some(reason) = &r.reason {
        let _ = write!(h, r#"<p class="reason">{}</p>"#, escape(reason));
    }
    h.push_str("</div></div></article>\n");
}

/// Width of the radar's column in [`assessment_html`] (the chart is drawn wider).
const NOTEBOOK_COLUMN: f64 = 360.0;

/// One assessment as a self-contained HTML fragment with inline styles: the radar chart (the
/// same renderer as the report, the CLI and the web widget), the level, the dimension scores
/// and the next step. For notebooks (`_repr_html_`) and web pages; no scripts or fetches.
#[must_use]
pub fn assessment_html(
    pack: &Pack,
    a: &Assessment,
    previous: Option<&Assessment>,
    lang: Lang,
) -> String {
    let m = pack.messages();
    let f = |x: f64| pack.format_score(x, lang);
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<div class="matang-assessment" style="font-family:Helvetica,Arial,sans-serif;display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start"><div style="flex:0 0 360px;max-width:360px">{svg}</div><div style="flex:1 1 280px"><div style="font-size:15px;font-weight:600">{id} {name}</div><div style="margin:4px 0 8px">{total_label}: <b>{total}</b> / {max} ({s100}/100) <span style="background:{col};color:#fff;border-radius:10px;padding:1px 8px">{rank} {label}</span></div><table style="border-collapse:collapse"><tr><th style="text-align:left;padding:2px 8px">{c_dim}</th><th style="padding:2px 8px">{c_w}</th><th style="padding:2px 8px">{c_s}</th><th style="padding:2px 8px">{c_cov}</th></tr>"#,
        svg = radar_svg_within(pack, a, previous, lang, NOTEBOOK_COLUMN),
        id = escape(&a.id),
        name = escape(a.name.as_deref().unwrap_or("")),
        total_label = escape(&m.get("col_total", lang)),
        total = f(a.total),
        max = f(pack.scale().max),
        s100 = format_number(a.score_100, 0, lang),
        col = escape(&level_color(pack, a.level.rank)),
        rank = a.level.rank,
        label = escape(&a.level.label),
        c_dim = escape(&m.get("col_dimension", lang)),
        c_w = escape(&m.get("col_weight", lang)),
        c_s = escape(&m.get("col_total", lang)),
        c_cov = escape(&m.get("col_coverage", lang)),
    );
    for d in &a.dimensions {
        let _ = write!(
            h,
            r#"<tr><td style="padding:2px 8px">{}</td><td style="text-align:right;padding:2px 8px">{}</td><td style="text-align:right;padding:2px 8px">{}</td><td style="text-align:right;padding:2px 8px">{}/{}</td></tr>"#,
            escape(&d.label),
            format_number(d.weight, 1, lang),
            d.score.map_or_else(|| "-".to_string(), f),
            d.present,
            d.count
        );
    }
    h.push_str("</table>");
    let lines: Vec<String> = match &a.next_level {
        Some(n) => n.summary.clone(),
        None => vec![m.get("top_level", lang)],
    };
    let _ = write!(
        h,
        r#"<div style="margin-top:8px;font-weight:600">{}</div><ul style="margin:4px 0">"#,
        escape(&m.get("heading_next", lang))
    );
    for l in lines {
        let _ = write!(h, "<li>{}</li>", escape(&l));
    }
    h.push_str("</ul></div></div>");
    h
}
