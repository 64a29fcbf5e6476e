//! SVG pictures of results, drawn without a chart library so that the CLI report, Python
//! and the web widget show the same picture: a radar chart of one assessment's dimensions
//! (level thresholds as rings, last year's shape dashed) and a ranked bar chart of a
//! portfolio (totals in level colours, the selection marked).
//!
//! Every word comes from the pack or the phrase catalogue; every text is escaped.

use crate::label::Lang;
use crate::pack::Pack;
use crate::portfolio::Ranking;
use crate::results::assessment::Assessment;
use std::fmt::Write as _;

/// Colours for levels without a `color` in the pack, lowest level first.
const PALETTE: &[&str] = &[
    "#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#2471a3", "#7d3c98",
];

/// The colour of the item's shape in radar charts.
const ITEM_COLOR: &str = "#1a5276";

/// Escapes `&`, `<`, `>`, `"` and `'` for XML / HTML text and attribute values.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The colour of the level with `rank`: the pack's if it is a plain CSS colour (`#hex` or
/// a name), else one from a fixed palette.
#[must_use]
pub fn level_color(pack: &Pack, rank: u32) -> String {
    let own = pack
        .level(rank)
        .and_then(|l| l.color.as_deref())
        .map(str::trim)
        .filter(|c| {
            let hex = c.strip_prefix('#').is_some_and(|h| {
                matches!(h.len(), 3 | 4 | 6 | 8) && h.chars().all(|x| x.is_ascii_hexdigit())
            });
            let name = !c.is_empty() && c.len() <= 20 && c.chars().all(|x| x.is_ascii_alphabetic());
            hex || name
        });
    own.map_or_else(
        || {
            let i = (rank.max(1) as usize - 1) % PALETTE.len();
            PALETTE[i].to_string()
        },
        ToString::to_string,
    )
}

/// A coordinate with one decimal, as SVG wants it (always a `.` decimal point).
fn c(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Splits a label into lines of about `width` characters at spaces (at most 3 lines).
fn wrap_label(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > 3 {
        let rest = lines.split_off(2).join(" ");
        lines.push(rest);
    }
    lines
}

/// Cuts `s` to `n` characters, with an ellipsis when cut.
fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The position of a fraction `f` (0 to 1) of the radius on axis `i` of `n` (clockwise
/// from the top).
fn polar(cx: f64, cy: f64, radius: f64, i: usize, n: usize, f: f64) -> (f64, f64) {
    let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n.max(1) as f64;
    (cx + radius * f * angle.cos(), cy + radius * f * angle.sin())
}

/// A radar (spider) chart of an assessment's dimensions as a standalone SVG document.
///
/// One axis per dimension, the level thresholds of the pack as concentric rings (each level
/// a band in its colour), the item's shape with its score at every corner and, when
/// `previous` is given, last time's shape overlaid dashed. Missing dimension scores sit at
/// the centre and read "missing".
#[must_use]
pub fn radar_svg(pack: &Pack, a: &Assessment, previous: Option<&Assessment>, lang: Lang) -> String {
    radar_svg_within(pack, a, previous, lang, f64::INFINITY)
}

/// [`radar_svg`] drawn at most `max_width` pixels wide (scaled, same drawing), for a page
/// column narrower than the chart.
pub(crate) fn radar_svg_within(
    pack: &Pack,
    a: &Assessment,
    previous: Option<&Assessment>,
    lang: Lang,
    max_width: f64,
) -> String {
    let m = pack.messages();
    let scale = pack.scale();
    let span = (scale.max - scale.min).max(f64::EPSILON);
    let frac = |x: f64| ((x - scale.min) / span).clamp(0.0, 1.0);
    let (w, h, cx, cy, radius) = (500.0, 410.0, 250.0, 195.0, 140.0);
    let n = a.dimensions.len();
    let name = a.name.as_deref().unwrap_or(&a.id);
    let title = m.format("chart_radar_title", lang, &[("name", name.to_string())]);
    let mut s = String::new();
    let size = if max_width < w {
        format!(
            r#"width="{max_width}" height="{:.0}" style="max-width:100%;height:auto""#,
            h * max_width / w
        )
    } else {
        format!(r#"width="{w}" height="{h}""#)
    };
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="matang-radar" viewBox="0 0 {w} {h}" {size} role="img" aria-label="{t}" font-family="Helvetica, Arial, sans-serif" font-size="12"><title>{t}</title>"#,
        t = escape(&title)
    );
    // Level bands: level k spans from its min to the next level's min (the top level to
    // the scale's max).
    let levels = pack.levels();
    s.push_str(r#"<g class="rings">"#);
    for (k, l) in levels.iter().enumerate() {
        let upper = levels.get(k + 1).map_or(scale.max, |n| n.min);
        let (ro, ri) = (radius * frac(upper), radius * frac(l.min));
        // An annulus (a disc for the lowest level): outer circle, then the inner one.
        let mut d = format!(
            "M{} {}a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0 -{d} 0Z",
            c(cx - ro),
            c(cy),
            r = c(ro),
            d = c(2.0 * ro)
        );
        if ri > 0.0 {
            let _ = write!(
                d,
                "M{} {}a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0 -{d} 0Z",
                c(cx - ri),
                c(cy),
                r = c(ri),
                d = c(2.0 * ri)
            );
        }
        let _ = write!(
            s,
            r#"<path class="ring" data-level="{rank}" d="{d}" fill-rule="evenodd" fill="{col}" fill-opacity="0.12" stroke="{col}" stroke-opacity="0.6" stroke-width="1"><title>{rank} {label}</title></path>"#,
            rank = l.rank,
            col = escape(&level_color(pack, l.rank)),
            label = escape(l.label.get(lang)),
        );
    }
    // Threshold values between the first two axes.
    for l in levels.iter().filter(|l| l.min > scale.min) {
        let (x, y) = polar(cx, cy, radius * frac(l.min) + 2.0, 1, 2 * n.max(1), 1.0);
        let _ = write!(
            s,
            r##"<text class="threshold" x="{x}" y="{y}" font-size="10" fill="#555" stroke="#fff" stroke-width="2.5" paint-order="stroke">{v}</text>"##,
            x = c(x),
            y = c(y),
            v = escape(&pack.format_score(l.min, lang)),
        );
    }
    s.push_str("</g>");
    // Axes and their labels.
    s.push_str(r#"<g class="axes">"#);
    for i in 0..n {
        let (x, y) = polar(cx, cy, radius, i, n, 1.0);
        let _ = write!(
            s,
            r##"<line x1="{cx}" y1="{cy}" x2="{x}" y2="{y}" stroke="#888" stroke-width="1"/>"##,
            x = c(x),
            y = c(y)
        );
    }
    for (i, d) in a.dimensions.iter().enumerate() {
        let (x, y) = polar(cx, cy, radius + 16.0, i, n, 1.0);
        let dx = x - cx;
        let anchor = if dx > 8.0 {
            "start"
        } else if dx < -8.0 {
            "end"
        } else {
            "middle"
        };
        let lines = wrap_label(&d.label, 16);
        let line_h = 14.0;
        // Labels above the centre grow upwards, below it downwards.
        let top = if y < cy - radius * 0.5 {
            y - line_h * (lines.len() as f64 - 1.0) - 2.0
        } else if y > cy + radius * 0.5 {
            y + 10.0
        } else {
            y + 4.0 - line_h * (lines.len() as f64 - 1.0) / 2.0
        };
        let _ = write!(
            s,
            r##"<text class="axis-label" data-dimension="{id}" x="{x}" y="{y}" text-anchor="{anchor}" fill="#222" font-weight="bold">"##,
            id = escape(&d.id),
            x = c(x),
            y = c(top),
        );
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                r#"<tspan x="{x}" dy="{dy}">{t}</tspan>"#,
                x = c(x),
                dy = if k == 0 { "0".to_string() } else { c(line_h) },
                t = escape(line)
            );
        }
        s.push_str("</text>");
    }
    s.push_str("</g>");
    // Last time's shape, dashed under the current one.
    let shape = |b: &Assessment| -> String {
        a.dimensions
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let score = b.dimension(&d.id).and_then(|x| x.score);
                let (x, y) = polar(cx, cy, radius, i, n, score.map_or(0.0, frac));
                format!("{},{}", c(x), c(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    if let Some(p) = previous {
        let _ = write!(
            s,
            r##"<polygon class="previous" points="{pts}" fill="none" stroke="#555" stroke-width="2" stroke-dasharray="6 4"/>"##,
            pts = shape(p)
        );
    }
    let _ = write!(
        s,
        r#"<polygon class="item" points="{pts}" fill="{ITEM_COLOR}" fill-opacity="0.28" stroke="{ITEM_COLOR}" stroke-width="2.5" stroke-linejoin="round"/>"#,
        pts = shape(a)
    );
    // Corner dots and values.
    s.push_str(r#"<g class="values">"#);
    for (i, d) in a.dimensions.iter().enumerate() {
        let f = d.score.map_or(0.0, frac);
        let (x, y) = polar(cx, cy, radius, i, n, f);
        let _ = write!(
            s,
            r#"<circle cx="{x}" cy="{y}" r="3.5" fill="{ITEM_COLOR}"/>"#,
            x = c(x),
            y = c(y)
        );
        // Values sit outside the corner, or inside it near the rim (where the label is).
        let out = if f > 0.78 { -15.0 } else { 15.0 };
        let (vx, vy) = polar(cx, cy, radius * f + out, i, n, 1.0);
        let value = d.score.map_or_else(
            || m.get("missing_value", lang),
            |v| pack.format_score(v, lang),
        );
        let _ = write!(
            s,
            r##"<text class="value" data-dimension="{id}" x="{x}" y="{y}" text-anchor="middle" font-size="11" font-weight="bold" fill="{ITEM_COLOR}" stroke="#fff" stroke-width="3" paint-order="stroke">{v}</text>"##,
            id = escape(&d.id),
            x = c(vx),
            y = c(vy + 4.0),
            v = escape(&value)
        );
    }
    s.push_str("</g>");
    // Legend: this assessment, and last time's when drawn.
    let ly = h - 44.0;
    let f = |x: f64| pack.format_score(x, lang);
    let _ = write!(
        s,
        r##"<g class="legend" font-size="12"><rect x="20" y="{y0}" width="22" height="12" fill="{ITEM_COLOR}" fill-opacity="0.28" stroke="{ITEM_COLOR}" stroke-width="2"/><text x="50" y="{y1}" fill="#222">{t}</text>"##,
        y0 = c(ly),
        y1 = c(ly + 11.0),
        t = escape(&format!(
            "{} {} · {} · {} {}",
            a.id,
            cut(a.name.as_deref().unwrap_or(""), 32),
            f(a.total),
            a.level.rank,
            a.level.label
        )),
    );
    if let Some(p) = previous {
        let _ = write!(
            s,
            r##"<line x1="20" y1="{y}" x2="42" y2="{y}" stroke="#555" stroke-width="2" stroke-dasharray="6 4"/><text x="50" y="{y1}" fill="#222">{t}</text>"##,
            y = c(ly + 26.0),
            y1 = c(ly + 30.0),
            t = escape(&format!(
                "{} · {} · {} {}",
                m.get("chart_previous", lang),
                f(p.total),
                p.level.rank,
                p.level.label
            )),
        );
    }
    s.push_str("</g></svg>");
    s
}

/// A horizontal bar chart of a ranked portfolio as a standalone SVG document: one bar per
/// item in ranking order, its length the total on the pack's scale, its colour the level's,
/// the level thresholds as background bands, and the selected items highlighted with a tick.
/// Items that could not be assessed are listed at the bottom without a bar.
#[must_use]
pub fn portfolio_svg(pack: &Pack, ranking: &Ranking, lang: Lang) -> String {
    let m = pack.messages();
    let scale = pack.scale();
    let span = (scale.max - scale.min).max(f64::EPSILON);
    let levels = pack.levels();
    let (w, label_w, x0, bar_w, row_h, top) = (760.0, 250.0, 262.0, 400.0, 26.0, 34.0);
    let xs = |v: f64| x0 + bar_w * ((v - scale.min) / span).clamp(0.0, 1.0);
    let rows = ranking.ranking.len() as f64;
    let legend_y = top + rows * row_h + 30.0;
    let h = legend_y + 30.0;
    let title = m.get("chart_portfolio_title", lang);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="matang-portfolio" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" font-family="Helvetica, Arial, sans-serif" font-size="12"><title>{t}</title>"#,
        h = c(h),
        t = escape(&title)
    );
    // Level bands behind the bars, with the level rank on top and the threshold below.
    let body_bottom = top + rows * row_h;
    s.push_str(r#"<g class="bands">"#);
    for (k, l) in levels.iter().enumerate() {
        let upper = levels.get(k + 1).map_or(scale.max, |n| n.min);
        let (a, b) = (xs(l.min), xs(upper));
        let col = escape(&level_color(pack, l.rank));
        let _ = write!(
            s,
            r#"<rect class="band" data-level="{rank}" x="{x}" y="{y}" width="{bw}" height="{bh}" fill="{col}" fill-opacity="0.10"><title>{rank} {label}</title></rect><text x="{tx}" y="{ty}" text-anchor="middle" font-size="11" font-weight="bold" fill="{col}">{rank}</text>"#,
            rank = l.rank,
            x = c(a),
            y = c(top - 6.0),
            bw = c((b - a).max(0.0)),
            bh = c(rows * row_h + 6.0),
            label = escape(l.label.get(lang)),
            tx = c(f64::midpoint(a, b)),
            ty = c(top - 12.0),
        );
        if l.min > scale.min {
            let _ = write!(
                s,
                r##"<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="#999" stroke-width="1" stroke-dasharray="3 3"/><text class="threshold" x="{x}" y="{ty}" text-anchor="middle" font-size="10" fill="#555">{v}</text>"##,
                x = c(a),
                y1 = c(top - 6.0),
                y2 = c(body_bottom),
                ty = c(body_bottom + 13.0),
                v = escape(&pack.format_score(l.min, lang)),
            );
        }
    }
    let _ = write!(
        s,
        r##"<text class="threshold" x="{a}" y="{ty}" text-anchor="middle" font-size="10" fill="#555">{lo}</text><text class="threshold" x="{b}" y="{ty}" text-anchor="middle" font-size="10" fill="#555">{hi}</text>"##,
        a = c(x0),
        b = c(x0 + bar_w),
        ty = c(body_bottom + 13.0),
        lo = escape(&pack.format_score(scale.min, lang)),
        hi = escape(&pack.format_score(scale.max, lang)),
    );
    s.push_str("</g>");
    // One row per item.
    for (i, r) in ranking.ranking.iter().enumerate() {
        let y = top + i as f64 * row_h;
        let _ = write!(
            s,
            r#"<g class="row{sel}" data-id="{id}">"#,
            sel = if r.selected { " selected" } else { "" },
            id = escape(&r.id)
        );
        if r.selected {
            let _ = write!(
                s,
                r##"<rect x="0" y="{y}" width="{w}" height="{row_h}" fill="#fdf2d0" fill-opacity="0.7"/>"##,
                y = c(y),
            );
        }
        let weight = if r.selected { "bold" } else { "normal" };
        let label = cut(
            &format!(
                "{}. {} {}",
                r.position,
                r.id,
                cut(r.name.as_deref().unwrap_or(""), 26)
            ),
            40,
        );
        let _ = write!(
            s,
            r##"<text class="label" x="{lx}" y="{ty}" text-anchor="end" font-weight="{weight}" fill="#222">{t}</text>"##,
            lx = c(label_w),
            ty = c(y + 17.0),
            t = escape(&label)
        );
        match (r.total, &r.level) {
            (Some(total), Some(level)) => {
                let col = escape(&level_color(pack, level.rank));
                let end = xs(total);
                let tip = format!(
                    "{} · {} {} · {}",
                    r.id,
                    level.rank,
                    level.label,
                    pack.format_score(total, lang)
                );
                let _ = write!(
                    s,
                    r##"<rect class="bar" data-level="{rank}" x="{x0}" y="{by}" width="{bw}" height="16" rx="2" fill="{col}"{outline}><title>{tip}</title></rect><text class="value" x="{vx}" y="{ty}" font-weight="{weight}" fill="#222">{v}</text>"##,
                    rank = level.rank,
                    by = c(y + 5.0),
                    bw = c((end - x0).max(1.0)),
                    outline = if r.selected {
                        r##" stroke="#222" stroke-width="1.5""##
                    } else {
                        ""
                    },
                    tip = escape(&tip),
                    vx = c(end + 5.0),
                    ty = c(y + 17.0),
                    v = escape(&pack.format_score(total, lang)),
                );
            }
            _ => {
                let _ = write!(
                    s,
                    r##"<text class="not-assessed" x="{x}" y="{ty}" font-style="italic" fill="#a00">{t}</text>"##,
                    x = c(x0 + 4.0),
                    ty = c(y + 17.0),
                    t = escape(&m.get("chart_not_assessed", lang)),
                );
            }
        }
        if r.selected {
            let _ = write!(
                s,
                r##"<text class="selected-mark" x="{x}" y="{ty}" font-weight="bold" fill="#1e8449">✓ {t}</text>"##,
                x = c(x0 + bar_w + 40.0),
                ty = c(y + 17.0),
                t = escape(&m.get("selected", lang)),
            );
        }
        s.push_str("</g>");
    }
    // Legend: the levels and their colours.
    let _ = write!(s, r#"<g class="legend" font-size="11">"#);
    let mut x = 20.0;
    for l in levels {
        let text = format!("{} {}", l.rank, l.label.get(lang));
        let _ = write!(
            s,
            r##"<rect x="{x}" y="{y}" width="12" height="12" fill="{col}"/><text x="{tx}" y="{ty}" fill="#222">{t}</text>"##,
            x = c(x),
            y = c(legend_y),
            col = escape(&level_color(pack, l.rank)),
            tx = c(x + 16.0),
            ty = c(legend_y + 10.5),
            t = escape(&text),
        );
        x += 16.0 + 6.5 * text.chars().count() as f64 + 18.0;
    }
    s.push_str("</g></svg>");
    s
}
