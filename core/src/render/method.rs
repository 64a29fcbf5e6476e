//! The methodology document of a pack, for the people assessed: purpose and sources, the
//! dimensions and their weights, every indicator with the evidence it reads and its score
//! bands, levels, gates, selection, missing evidence and rounding. The bands are found by
//! running the rules ([`Pack::probe`]), not written by hand. One HTML file that prints on A4.

use crate::check::probe::{FieldEffect, IndicatorProbe, Span};
use crate::label::{Lang, format_number};
use crate::model::field::{Field, FieldKind};
use crate::model::scale::MissingPolicy;
use crate::model::selection::SortSource;
use crate::pack::Pack;
use crate::render::svg::{escape, level_color};
use serde_json::Value as Json;
use std::fmt::Write as _;

#[path = "method_fields.rs"]
mod fields;
#[cfg(feature = "xlsx")]
pub(crate) use fields::allowed_plain as describe_allowed;
use fields::{allowed, blank_text, unit, value_text};

/// The page around the document when it stands alone.
const PAGE_CSS: &str = r"
:root { --ink: #1c2833; --muted: #5d6d7e; --line: #d5d8dc; --assume: #9a7d0a; }
* { box-sizing: border-box; }
body { font-family: 'Helvetica Neue', Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; font-size: 13px; line-height: 1.45; }
main { max-width: 190mm; margin: 0 auto; padding: 16px 18px 32px; }
h1 { font-size: 24px; margin: 0 0 4px; }
@page { size: A4; margin: 15mm 12mm; }
@media print { main { max-width: none; padding: 0; } }
";

/// The document's content, scoped to `.method` so it also sits inside a report.
pub(crate) const CONTENT_CSS: &str = r"
.method h2 { font-size: 18px; margin: 24px 0 8px; border-bottom: 2px solid #1c2833; padding-bottom: 3px; }
.method h3 { font-size: 15px; margin: 16px 0 4px; }
.method h4 { font-size: 13px; margin: 8px 0 3px; color: #5d6d7e; }
.method .meta { color: #5d6d7e; margin: 2px 0; }
.method table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
.method th, .method td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #d5d8dc; vertical-align: top; }
.method th { background: #eaecee; font-weight: 600; }
.method td.num { text-align: right; white-space: nowrap; }
.method code { font-size: 12px; background: #f4f6f7; padding: 0 3px; }
.method .assumption { color: #9a7d0a; }
.method .assumption::before { content: '[A] '; font-weight: 700; }
.method .indicator { break-inside: avoid; page-break-inside: avoid; border-left: 3px solid #d5d8dc; padding-left: 10px; margin: 10px 0 14px; }
.method ul.bands { margin: 2px 0 6px; padding-left: 18px; }
.method .badge { display: inline-block; padding: 0 7px; border-radius: 9px; color: #fff; font-weight: 600; text-shadow: 0 0 2px rgba(0,0,0,.45); }
.method .chart svg { width: 100%; max-width: 160mm; height: auto; }
@media print { .method h2 { break-after: avoid; page-break-after: avoid; } }
";

/// One phrase in the document's language.
fn tr<'a>(lang: Lang, id: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// Opens a table with one header row; the columns at `numeric` are right-aligned.
pub(super) fn table_head(h: &mut String, headers: &[&str], numeric: &[usize]) {
    h.push_str("<table><tr>");
    for (i, head) in headers.iter().enumerate() {
        let class = if numeric.contains(&i) {
            " class=\"num\""
        } else {
            ""
        };
        let _ = write!(h, "<th{class}>{head}</th>");
    }
    h.push_str("</tr>");
}

/// The header of an evidence-field table (an indicator's fields, all fields).
pub(super) fn evidence_head(h: &mut String, lang: Lang) {
    let headers = [
        tr(lang, "Isian bukti", "Evidence field"),
        tr(lang, "Nilai yang diterima", "Allowed values"),
        tr(lang, "Penjelasan", "Help"),
        tr(lang, "Bila kosong", "When blank"),
    ];
    table_head(h, &headers, &[]);
}

/// The methodology document of `pack` in `lang`, as one self-contained HTML page.
///
/// ```
/// let pack = matang::Pack::builtin("smart-city-quickwin").unwrap();
/// let html = matang::render::method_html(&pack, matang::Lang::En);
/// assert!(html.contains("Uptime") && html.contains("@page"));
/// ```
#[must_use]
pub fn method_html(pack: &Pack, lang: Lang) -> String {
    let mut h = String::new();
    let name = escape(pack.name().get(lang));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} · {name}</title>\n<style>{PAGE_CSS}{CONTENT_CSS}</style>\n</head>\n<body>\n<main class=\"method\">\n",
        lang.code(),
        tr(lang, "Metodologi penilaian", "Assessment methodology"),
    );
    let _ = writeln!(
        h,
        "<header><h1>{}: {name}</h1>{}</header>",
        tr(lang, "Metodologi", "Methodology"),
        pack_line(pack, lang),
    );
    h.push_str(&method_sections(pack, lang));
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

/// The pack's id, version and fingerprint in one line.
pub(crate) fn pack_line(pack: &Pack, lang: Lang) -> String {
    format!(
        "<p class=\"meta\">{} <code>{}</code> · {} {} · {} <code>{}</code></p>",
        tr(lang, "Paket aturan", "Rule pack"),
        escape(pack.id()),
        tr(lang, "versi", "version"),
        escape(pack.version()),
        tr(lang, "sidik", "fingerprint"),
        escape(&pack.fingerprint()[..pack.fingerprint().len().min(16)]),
    )
}

/// The document's sections without the page around them (styled by [`CONTENT_CSS`] inside
/// an element of class `method`): the annex of a report.
pub(crate) fn method_sections(pack: &Pack, lang: Lang) -> String {
    let probes = pack.probe();
    let mut h = String::new();
    purpose(&mut h, pack, lang);
    dimensions(&mut h, pack, lang);
    indicators(&mut h, pack, &probes, lang);
    fields::all_fields(&mut h, pack, lang);
    levels(&mut h, pack, lang);
    selection(&mut h, pack, lang);
    missing_and_rounding(&mut h, pack, lang);
    h
}

/// A source line, marked when it is an assumption of the pack (`[A]`).
fn source_item(s: &str) -> String {
    match s.trim_start().strip_prefix("[A]") {
        Some(rest) => format!("<li class=\"assumption\">{}</li>", escape(rest.trim())),
        None => format!("<li>{}</li>", escape(s)),
    }
}

fn purpose(h: &mut String, pack: &Pack, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"purpose\"><h2>{}</h2><p>{}</p>\n<h3>{}</h3><p class=\"meta\">{}</p><ul>",
        tr(lang, "Tujuan", "Purpose"),
        escape(pack.description().get(lang)),
        tr(lang, "Sumber dan asumsi", "Sources and assumptions"),
        tr(
            lang,
            "Angka bertanda [A] adalah asumsi paket ini, bukan dari sumber yang dikutip.",
            "Numbers marked [A] are assumptions of this pack, not taken from a cited source."
        ),
    );
    for s in pack.sources() {
        h.push_str(&source_item(s));
    }
    h.push_str("</ul></section>\n");
}

/// A horizontal bar per dimension, its length the weight's share.
fn weights_svg(pack: &Pack, lang: Lang) -> String {
    let dims = pack.dimensions();
    let total: f64 = dims
        .iter()
        .map(|d| d.weight)
        .sum::<f64>()
        .max(f64::MIN_POSITIVE);
    let heaviest = dims
        .iter()
        .map(|d| d.weight)
        .fold(f64::MIN_POSITIVE, f64::max);
    let (width, row, label_w) = (600.0, 26.0, 190.0);
    #[allow(clippy::cast_precision_loss)] // a pack has a handful of dimensions
    let height = row * dims.len() as f64 + 8.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">",
        tr(lang, "Bobot dimensi", "Dimension weights")
    );
    for (i, d) in dims.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
        let (y, rank) = (4.0 + row * i as f64, (i % 5 + 1) as u32);
        let share = d.weight / total;
        // The heaviest dimension gets the full bar; the label gives its share.
        let w = (width - label_w - 60.0) * d.weight / heaviest;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{} %</text>",
            label_w - 6.0,
            y + 16.0,
            escape(d.label.get(lang)),
            y + 3.0,
            row - 8.0,
            escape(&level_color(pack, rank)),
            label_w + w + 5.0,
            y + 16.0,
            format_number(share * 100.0, 1, lang),
        );
    }
    s.push_str("</svg>");
    s
}

fn dimensions(h: &mut String, pack: &Pack, lang: Lang) {
    let scale = pack.scale();
    let _ = write!(
        h,
        "<section id=\"dimensions\"><h2>{}</h2><p>{}</p><div class=\"chart\">{}</div>",
        tr(lang, "Dimensi dan bobot", "Dimensions and weights"),
        escape(&match lang {
            Lang::Id => format!(
                "Setiap indikator diberi skor {} sampai {}. Skor dimensi adalah rata-rata berbobot indikatornya; nilai total adalah rata-rata berbobot dimensi.",
                format_number(scale.min, 2, lang),
                format_number(scale.max, 2, lang)
            ),
            Lang::En => format!(
                "Each indicator scores {} to {}. A dimension's score is the weighted mean of its indicators; the total is the weighted mean of the dimensions.",
                format_number(scale.min, 2, lang),
                format_number(scale.max, 2, lang)
            ),
        }),
        weights_svg(pack, lang),
    );
    let headers = [
        tr(lang, "Kode", "Code"),
        tr(lang, "Dimensi", "Dimension"),
        tr(lang, "Bobot", "Weight"),
        tr(lang, "Yang diukur", "What it measures"),
    ];
    table_head(h, &headers, &[2]);
    for d in pack.dimensions() {
        let _ = write!(
            h,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&d.id),
            escape(d.label.get(lang)),
            format_number(d.weight, 2, lang),
            d.description
                .as_ref()
                .map(|l| escape(l.get(lang)))
                .unwrap_or_default(),
        );
    }
    h.push_str("</table></section>\n");
}

/// One band in words: "skor 3 bila Ketersediaan layanan 95 sampai di bawah 98 %".
fn band_text(pack: &Pack, f: &Field, span: &Span, score: Option<f64>, lang: Lang) -> String {
    let label = f.label.get(lang);
    let u = unit(f, lang);
    let v = |x: &Json| value_text(f, x, lang);
    let when = match span {
        Span::Values { values } => {
            let vs: Vec<String> = values.iter().map(v).collect();
            format!("{label} = {}", vs.join(tr(lang, " atau ", " or ")))
        }
        Span::Range {
            from,
            below: Some(below),
        } if f.kind == FieldKind::Integer => {
            let last = below
                .as_i64()
                .map_or_else(|| v(below), |b| v(&Json::from(b - 1)));
            if v(from) == last {
                format!("{label} = {}{u}", v(from))
            } else {
                format!("{label} {}–{last}{u}", v(from))
            }
        }
        Span::Range {
            from,
            below: Some(below),
        } => format!(
            "{label} {} {}{u} {} {}{u}",
            tr(lang, "dari", "from"),
            v(from),
            tr(lang, "sampai di bawah", "to below"),
            v(below)
        ),
        Span::Range { from, below: None } => format!("{label} ≥ {}{u}", v(from)),
        Span::Blank => format!("{label} {}", tr(lang, "kosong", "left blank")),
    };
    let score = score.map_or_else(
        || tr(lang, "tanpa skor", "no score").to_string(),
        |s| {
            format!(
                "{} {}",
                tr(lang, "skor", "score"),
                pack.format_score(s, lang)
            )
        },
    );
    format!(
        "<li><strong>{}</strong> {} {}</li>",
        escape(&score),
        tr(lang, "bila", "when"),
        escape(&when)
    )
}

fn effect_html(pack: &Pack, f: &Field, e: &FieldEffect, others: &[String], lang: Lang) -> String {
    let held = if others.is_empty() {
        String::new()
    } else {
        format!(" ({} {})", tr(lang, "dengan", "with"), others.join(", "))
    };
    let mut s = format!(
        "<h4>{}: {}{}</h4><ul class=\"bands\">",
        tr(lang, "Menurut", "By"),
        escape(f.label.get(lang)),
        escape(&held)
    );
    if e.continuous {
        // A score that follows the value: its two ends and its middle say how.
        let ranged: Vec<_> = e
            .steps
            .iter()
            .filter(|s| matches!(s.span, Span::Range { .. }))
            .collect();
        let picks = [ranged.first(), ranged.get(ranged.len() / 2), ranged.last()];
        s.push_str(&format!(
            "<li>{}</li>",
            tr(
                lang,
                "skor mengikuti nilai isian; contoh:",
                "the score follows the value; for example:"
            )
        ));
        for st in picks.into_iter().flatten() {
            if let Span::Range { from, .. } = &st.span {
                let exact = Span::Values {
                    values: vec![from.clone()],
                };
                s.push_str(&band_text(pack, f, &exact, st.score, lang));
            }
        }
        for st in e.steps.iter().filter(|s| s.span == Span::Blank) {
            s.push_str(&band_text(pack, f, &st.span, st.score, lang));
        }
    } else {
        for st in &e.steps {
            s.push_str(&band_text(pack, f, &st.span, st.score, lang));
        }
    }
    s.push_str("</ul>");
    s
}

fn indicators(h: &mut String, pack: &Pack, probes: &[IndicatorProbe], lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"indicators\"><h2>{}</h2><p>{}</p>",
        tr(lang, "Indikator", "Indicators"),
        tr(
            lang,
            "Pita skor di bawah ini dihitung dengan menjalankan aturan paket: setiap isian diubah di sepanjang rentangnya sementara isian lain tetap pada nilai contohnya.",
            "The score bands below are found by running the pack's rules: each field is varied over its range while the other fields keep their example values."
        ),
    );
    for (di, d) in pack.dimensions().iter().enumerate() {
        let _ = write!(
            h,
            "<h3>{} · {}</h3>",
            escape(&d.id),
            escape(d.label.get(lang))
        );
        for (ind, probe) in pack
            .indicators()
            .iter()
            .zip(probes)
            .filter(|(i, _)| i.dimension == di)
        {
            let _ = write!(
                h,
                "<div class=\"indicator\" id=\"indicator-{0}\"><h4>{1} <code>{0}</code> · {2} {3}</h4>",
                escape(&ind.id),
                escape(ind.label.get(lang)),
                tr(lang, "bobot dalam dimensi", "weight in its dimension"),
                format_number(ind.weight, 2, lang),
            );
            let fields: Vec<&Field> = ind.evidence.iter().map(|&i| &pack.fields()[i]).collect();
            evidence_head(h, lang);
            for f in &fields {
                let _ = write!(
                    h,
                    "<tr><td>{} <code>{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(f.label.get(lang)),
                    escape(&f.id),
                    escape(&unit(f, lang)),
                    allowed(f, lang),
                    f.help
                        .as_ref()
                        .map(|l| escape(l.get(lang)))
                        .unwrap_or_default(),
                    escape(&blank_text(f, lang)),
                );
            }
            h.push_str("</table>");
            for (f, e) in fields.iter().zip(&probe.effects) {
                // A field that never moves the score (read only through a shared derived
                // value) would list one band of noise.
                let moves = e.steps.iter().any(|s| s.score != e.steps[0].score);
                if moves || probe.effects.len() == 1 && !e.steps.is_empty() {
                    let others: Vec<String> = (fields.iter())
                        .filter(|o| o.id != f.id)
                        .filter_map(|o| {
                            let v = probe.held.get(&o.id).filter(|v| !v.is_null())?;
                            Some(format!(
                                "{} = {}{}",
                                o.label.get(lang),
                                value_text(o, v, lang),
                                unit(o, lang)
                            ))
                        })
                        .collect();
                    h.push_str(&effect_html(pack, f, e, &others, lang));
                }
            }
            if let (Some(lo), Some(hi)) = (probe.lowest, probe.highest) {
                let _ = write!(
                    h,
                    "<p class=\"meta\">{} {} – {}</p>",
                    tr(
                        lang,
                        "Rentang skor yang dapat dicapai:",
                        "Scores it can reach:"
                    ),
                    pack.format_score(lo, lang),
                    pack.format_score(hi, lang)
                );
            }
            h.push_str("</div>");
        }
    }
    h.push_str("</section>\n");
}

fn levels(h: &mut String, pack: &Pack, lang: Lang) {
    let scale = pack.scale();
    let _ = write!(
        h,
        "<section id=\"levels\"><h2>{}</h2>",
        tr(lang, "Level dan pita nilai", "Levels and bands"),
    );
    let headers = [
        tr(lang, "Level", "Level"),
        tr(lang, "Nama", "Name"),
        tr(lang, "Nilai total", "Total"),
        tr(lang, "Syarat (gerbang)", "Requirements (gates)"),
    ];
    table_head(h, &headers, &[]);
    let levels = pack.levels();
    for (i, l) in levels.iter().enumerate() {
        let band = match levels.get(i + 1) {
            Some(next) => format!(
                "{} – {} {}",
                pack.format_score(l.min, lang),
                tr(lang, "di bawah", "below"),
                pack.format_score(next.min, lang)
            ),
            None => format!(
                "{} – {}",
                pack.format_score(l.min, lang),
                pack.format_score(scale.max, lang)
            ),
        };
        let gates: Vec<String> = (pack.gates().iter())
            .filter(|g| g.level == l.rank)
            .map(|g| {
                format!(
                    "<li id=\"gate-{}\">{}</li>",
                    escape(&g.id),
                    escape(g.label.get(lang))
                )
            })
            .collect();
        let _ = write!(
            h,
            "<tr><td class=\"num\">{}</td><td><span class=\"badge\" style=\"background:{}\">{}</span></td><td>{}</td><td>{}</td></tr>",
            l.rank,
            escape(&level_color(pack, l.rank)),
            escape(l.label.get(lang)),
            escape(&band),
            if gates.is_empty() {
                "–".into()
            } else {
                format!("<ul>{}</ul>", gates.concat())
            },
        );
    }
    h.push_str("</table>");
    if !pack.gates().is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            tr(
                lang,
                "Level bertingkat: sebuah quickwin hanya mencapai suatu level bila nilai totalnya masuk pita level itu dan semua syarat level itu serta level di bawahnya terpenuhi; bila tidak, levelnya dibatasi pada level di bawah syarat pertama yang tidak terpenuhi.",
                "Levels are cumulative: an item reaches a level only when its total is in that level's band and every requirement of that level and the levels below it is met; otherwise its level is capped below the first requirement it misses."
            )
        );
    }
    h.push_str("</section>\n");
}

fn selection(h: &mut String, pack: &Pack, lang: Lang) {
    let sel = pack.selection();
    let _ = write!(
        h,
        "<section id=\"selection\"><h2>{}</h2><ul>",
        tr(lang, "Syarat dan pemilihan", "Eligibility and selection")
    );
    let _ = write!(
        h,
        "<li>{} {}</li>",
        tr(
            lang,
            "Jumlah yang dipilih (bawaan):",
            "Number selected (default):"
        ),
        sel.top
    );
    let order: Vec<String> = (sel.order.iter())
        .map(|k| {
            let what = match k.source {
                SortSource::Total => tr(lang, "nilai total", "total").to_string(),
                SortSource::Level => tr(lang, "level", "level").to_string(),
                SortSource::Dimension(i) => pack.dimensions()[i].label.get(lang).to_string(),
                SortSource::Field(i) => pack.fields()[i].label.get(lang).to_string(),
                SortSource::Id => "id".to_string(),
            };
            let dir = if k.descending {
                tr(lang, "terbesar dulu", "largest first")
            } else {
                tr(lang, "terkecil dulu", "smallest first")
            };
            format!("{what} ({dir})")
        })
        .collect();
    let _ = write!(
        h,
        "<li>{} {}</li>",
        tr(lang, "Urutan:", "Order:"),
        escape(&order.join(", "))
    );
    if let (Some(g), Some(n)) = (sel.group, sel.max_per_group) {
        let _ = write!(
            h,
            "<li>{} {n} {} {}</li>",
            tr(lang, "Paling banyak", "At most"),
            tr(lang, "terpilih per", "selected per"),
            escape(pack.fields()[g].label.get(lang))
        );
    }
    for c in &sel.requires {
        let _ = write!(
            h,
            "<li>{} {}</li>",
            tr(lang, "Syarat:", "Requires:"),
            escape(c.label.get(lang))
        );
    }
    h.push_str("</ul></section>\n");
}

fn missing_and_rounding(h: &mut String, pack: &Pack, lang: Lang) {
    let scale = pack.scale();
    let policy = match pack.missing_policy() {
        MissingPolicy::Exclude => tr(
            lang,
            "Indikator tanpa bukti dikeluarkan dari rata-rata dimensinya; dimensi tanpa bukti sama sekali dikeluarkan dari nilai total.",
            "An indicator without evidence is left out of its dimension's mean; a dimension with no evidence at all is left out of the total.",
        )
        .to_string(),
        MissingPolicy::Zero => tr(
            lang,
            "Indikator tanpa bukti diberi skor minimum skala.",
            "An indicator without evidence scores the scale's minimum.",
        )
        .to_string(),
        MissingPolicy::MinCoverage { min_coverage } => match lang {
            Lang::Id => format!(
                "Indikator tanpa bukti dikeluarkan dari rata-rata; dimensi yang buktinya mencakup kurang dari {} % indikatornya dinilai \"bukti tidak cukup\" dan mendapat skor minimum.",
                format_number(min_coverage * 100.0, 1, lang)
            ),
            Lang::En => format!(
                "An indicator without evidence is left out of the mean; a dimension with evidence for fewer than {} % of its indicators is \"insufficient evidence\" and scores the minimum.",
                format_number(min_coverage * 100.0, 1, lang)
            ),
        },
    };
    let rounding = match (scale.round_before_level, lang) {
        (Some(d), Lang::Id) => format!(
            "Nilai total dibulatkan ke {d} desimal sebelum ditentukan levelnya; nilai ditampilkan dengan {} desimal.",
            scale.decimals
        ),
        (Some(d), Lang::En) => format!(
            "The total is rounded to {d} decimals before its level is read from the bands; scores are shown with {} decimals.",
            scale.decimals
        ),
        (None, Lang::Id) => format!(
            "Nilai total tidak dibulatkan sebelum ditentukan levelnya; nilai ditampilkan dengan {} desimal.",
            scale.decimals
        ),
        (None, Lang::En) => format!(
            "The total is not rounded before its level is read from the bands; scores are shown with {} decimals.",
            scale.decimals
        ),
    };
    let _ = writeln!(
        h,
        "<section id=\"missing\"><h2>{}</h2><p>{}</p><p>{}</p><p>{}</p></section>",
        tr(
            lang,
            "Bukti kosong dan pembulatan",
            "Missing evidence and rounding"
        ),
        escape(&policy),
        tr(
            lang,
            "Arti isian kosong untuk tiap isian tercantum pada tabel indikator (kolom \"Bila kosong\").",
            "What a blank means for each field is in the indicator tables (column \"When blank\")."
        ),
        escape(&rounding),
    );
}
