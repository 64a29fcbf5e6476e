//! Pictures and the HTML report: the structure of the radar and portfolio SVGs (well-formed,
//! one corner per dimension, one ring per level, labels, values, escaping) and of the
//! self-contained HTML report in both languages.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use matang::report::{html_report, html_report_with_previous};
use matang::svg::{escape, portfolio_svg, radar_svg};
use matang::{Assessment, Lang, Pack, Ranking, Result, input};

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../rules/smart-city-quickwin/examples"
);

fn example(file: &str) -> Vec<matang::Record> {
    input::read_path(&format!("{DIR}/{file}")).unwrap()
}

struct Job {
    pack: Pack,
    results: Vec<Result<Assessment>>,
    previous: Vec<Assessment>,
    ranking: Ranking,
    totals: matang::Previous,
}

fn job(lang: Lang) -> Job {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let results = pack.assess_many(&example("portfolio.csv"), lang);
    let prev_records = example("previous-2018.csv");
    let totals = pack.previous_totals(&prev_records);
    let previous = pack
        .assess_many(&prev_records, lang)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let ranking = pack.rank(&results, Some(4), Some(&totals), lang);
    Job {
        pack,
        results,
        previous,
        ranking,
        totals,
    }
}

/// Checks that `xml` is well-formed enough for any XML parser: balanced, properly nested
/// tags, quoted attributes, and no stray `<` or `&` in text. Returns the element names.
fn well_formed(xml: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let b = xml.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' => {
                let end = i + xml[i..].find('>').expect("unclosed tag");
                let tag = &xml[i + 1..end];
                assert!(!tag.contains('<'), "'<' inside a tag: {tag}");
                if let Some(name) = tag.strip_prefix('/') {
                    let open = stack.pop().expect("closing tag without opening");
                    assert_eq!(open, name.trim(), "misnested tags");
                } else {
                    let self_closing = tag.ends_with('/');
                    let body = tag.trim_end_matches('/');
                    let name: String = body.chars().take_while(|c| !c.is_whitespace()).collect();
                    assert!(
                        name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                        "bad element name {name}"
                    );
                    // Attribute values are quoted: an even number of quotes.
                    assert_eq!(body.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
                    names.push(name.clone());
                    if !self_closing {
                        stack.push(name);
                    }
                }
                i = end + 1;
            }
            b'&' => {
                let rest = &xml[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                        .iter()
                        .any(|e| rest.starts_with(e)),
                    "unescaped & at {}",
                    &rest[..rest.len().min(20)]
                );
                i += 1;
            }
            _ => i += 1,
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    names
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// The `points` attribute of the polygon with `class`.
fn points(svg: &str, class: &str) -> Vec<(f64, f64)> {
    let start = svg
        .find(&format!(r#"<polygon class="{class}" points=""#))
        .unwrap();
    let rest = &svg[start..];
    let p0 = rest.find("points=\"").unwrap() + 8;
    let p1 = p0 + rest[p0..].find('"').unwrap();
    rest[p0..p1]
        .split(' ')
        .map(|xy| {
            let (x, y) = xy.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

#[test]
fn radar_has_a_corner_per_dimension_a_ring_per_level_labels_and_values() {
    let j = job(Lang::Id);
    let a = j.results[0].as_ref().unwrap();
    let svg = radar_svg(&j.pack, a, None, Lang::Id);
    let names = well_formed(&svg);
    assert_eq!(names[0], "svg");
    assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#));
    assert_eq!(points(&svg, "item").len(), j.pack.dimensions().len());
    assert_eq!(count(&svg, r#"class="ring""#), j.pack.levels().len());
    // One axis label and one value per dimension, in the requested language.
    assert_eq!(
        count(&svg, r#"class="axis-label""#),
        j.pack.dimensions().len()
    );
    assert_eq!(count(&svg, r#"class="value""#), j.pack.dimensions().len());
    for d in &a.dimensions {
        for word in d.label.split_whitespace() {
            assert!(svg.contains(&escape(word)), "label word {word} missing");
        }
        let v = j.pack.format_score(d.score.unwrap(), Lang::Id);
        assert!(
            svg.contains(&format!(r#"data-dimension="{}""#, d.id))
                && svg.contains(&format!(">{v}</text>")),
            "value {v} of {} missing",
            d.id
        );
    }
    assert!(svg.contains("Kemajuan") && !svg.contains("Readiness"));
    // Thresholds of every level above the scale minimum, e.g. "1,80" in Indonesian.
    assert!(svg.contains(">1,80</text>") && svg.contains(">4,20</text>"));
    // Without a previous assessment there is no dashed shape.
    assert!(!svg.contains(r#"class="previous""#));
    // Corners lie within the outer ring (radius 140 around 250,195).
    for (x, y) in points(&svg, "item") {
        assert!(((x - 250.0).powi(2) + (y - 195.0).powi(2)).sqrt() <= 140.5);
    }
}

#[test]
fn radar_overlays_the_previous_shape_dashed() {
    let j = job(Lang::En);
    let a = j
        .results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .find(|a| a.id == "QW-04")
        .unwrap();
    let prev = j.previous.iter().find(|p| p.id == "QW-04").unwrap();
    let svg = radar_svg(&j.pack, a, Some(prev), Lang::En);
    well_formed(&svg);
    assert_eq!(count(&svg, r#"class="previous""#), 1);
    assert!(svg.contains("stroke-dasharray"));
    assert_eq!(points(&svg, "previous").len(), a.dimensions.len());
    assert_ne!(points(&svg, "previous"), points(&svg, "item"));
    assert!(svg.contains("previous ·") && svg.contains("Readiness"));
    assert!(svg.contains(">1.80</text>"), "English decimal point");
}

#[test]
fn text_in_svg_is_escaped() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let csv = "id,name,assessed_on,stage,go_live_date,legal_basis,trained_staff\n\
               QW-<1>,\"Pasar <&> \"\"Baru\"\" 'x'\",2019-10-01,live,2019-02-01,perbup,3\n";
    let records = input::parse_bytes(csv.as_bytes(), "p.csv", None).unwrap();
    let results = pack.assess_many(&records, Lang::Id);
    let a = results[0].as_ref().unwrap();
    let svg = radar_svg(&pack, a, None, Lang::Id);
    well_formed(&svg);
    assert!(svg.contains("Pasar &lt;&amp;&gt; &quot;Baru&quot; &#39;x&#39;"));
    assert!(!svg.contains("<&>") && !svg.contains("QW-<1>"));
    let ranking = pack.rank(&results, None, None, Lang::Id);
    let bars = portfolio_svg(&pack, &ranking, Lang::Id);
    well_formed(&bars);
    assert!(bars.contains("QW-&lt;1&gt;") && bars.contains("Pasar &lt;&amp;&gt;"));
    let html = html_report(&pack, &results, &ranking, None, Lang::Id);
    assert!(!html.contains("<&>") && !html.contains("QW-<1>"));
    assert!(html.contains("Pasar &lt;&amp;&gt; &quot;Baru&quot;"));
}

#[test]
fn portfolio_chart_has_a_bar_per_item_in_level_colours_and_marks_the_selection() {
    let j = job(Lang::Id);
    let svg = portfolio_svg(&j.pack, &j.ranking, Lang::Id);
    well_formed(&svg);
    let n = j.ranking.ranking.len();
    assert_eq!(count(&svg, r#"class="bar""#), n);
    assert_eq!(count(&svg, r#"<g class="row"#), n);
    assert_eq!(count(&svg, r#"<g class="row selected""#), 4);
    assert_eq!(count(&svg, r#"class="selected-mark""#), 4);
    for id in &j.ranking.selected {
        assert!(svg.contains(&format!(r#"<g class="row selected" data-id="{id}""#)));
    }
    assert_eq!(count(&svg, r#"class="band""#), j.pack.levels().len());
    // Bars in ranking order, coloured by level.
    let first = svg.find(r#"data-id="QW-04""#).unwrap();
    let last = svg.find(r#"data-id="QW-05""#).unwrap();
    assert!(first < last);
    assert!(svg.contains(r##"data-level="5" x="262""##) && svg.contains(r##"fill="#2471a3""##));
    assert!(svg.contains(r##"fill="#c0392b""##), "level 1 colour");
    assert!(svg.contains(">4,71</text>") && svg.contains("Pregnancy Tools"));
    assert!(svg.contains("5 Optimum") && svg.contains("✓ terpilih"));
}

#[test]
fn portfolio_chart_lists_items_that_could_not_be_assessed() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let csv =
        "id,name,assessed_on,stage\nOK-1,Baik,2019-10-01,live\nBAD-1,Rusak,2019-10-01,bogus\n";
    let records = input::parse_bytes(csv.as_bytes(), "p.csv", None).unwrap();
    let results = pack.assess_many(&records, Lang::En);
    assert!(results[1].is_err());
    let ranking = pack.rank(&results, None, None, Lang::En);
    let svg = portfolio_svg(&pack, &ranking, Lang::En);
    well_formed(&svg);
    assert_eq!(count(&svg, r#"class="bar""#), 1);
    // The id of a failed record is the error's description of it ("'BAD-1' (p.csv line 3)").
    assert!(svg.contains(r#"data-id="&#39;BAD-1&#39;"#) && svg.contains("not assessed"));
    let html = html_report(&pack, &results, &ranking, None, Lang::En);
    assert!(html.contains(r#"<section class="errors"><h2>Could not be assessed</h2>"#));
    assert!(html.contains(r#"<li data-id="&#39;BAD-1&#39; (p.csv line 3)"><strong>"#));
    assert!(html.contains("bogus"));
}

/// Every `http` in the document is an SVG namespace, never something to fetch.
fn assert_self_contained(html: &str) {
    for (i, _) in html.match_indices("http") {
        assert!(
            html[i..].starts_with("http://www.w3.org/2000/svg"),
            "external reference: {}",
            &html[i..(i + 60).min(html.len())]
        );
    }
    for bad in [
        "<script", "<link", "<img", "<iframe", "src=", "url(", "@import",
    ] {
        assert!(!html.contains(bad), "{bad} in the report");
    }
}

#[test]
fn html_report_is_self_contained_and_complete_in_indonesian() {
    let j = job(Lang::Id);
    let html = html_report_with_previous(
        &j.pack,
        &j.results,
        &j.ranking,
        Some(&j.totals),
        &j.previous,
        Lang::Id,
    );
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"id\">"));
    assert!(html.trim_end().ends_with("</html>"));
    assert_self_contained(&html);
    assert!(html.contains("@page { size: A4;") && html.contains("@media print"));
    assert!(html.contains("<h1>Laporan tingkat kematangan</h1>"));
    assert!(
        html.contains(
            "Terpilih (4 dari 8 yang memenuhi syarat):</strong> QW-04, QW-06, QW-14, QW-09"
        )
    );
    // The portfolio chart, the table, the selection and one card with a radar per item.
    assert_eq!(
        count(
            &html,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="matang-portfolio""#
        ),
        1
    );
    let n = j.ranking.ranking.len();
    assert_eq!(count(&html, r#"<article class="card"#), n);
    assert_eq!(count(&html, r#"class="matang-radar""#), n);
    assert_eq!(count(&html, r#"<article class="card is-selected""#), 4);
    for r in &j.ranking.ranking {
        assert!(html.contains(&format!(
            r#"<tr class="{}" data-id="{}">"#,
            if r.selected { "selected" } else { "" },
            r.id
        )));
        assert!(html.contains(&format!(r#"id="item-{}""#, r.id)));
    }
    let selection = &html[html.find(r#"<ol class="selected-list">"#).unwrap()..];
    let selection = &selection[..selection.find("</ol>").unwrap()];
    for id in &j.ranking.selected {
        assert!(selection.contains(&format!(r#"<li data-id="{id}">"#)));
    }
    assert_eq!(count(selection, "<li"), 4);
    // Plus / minus with deltas, previous totals, and last year's dashed shapes.
    assert!(html.contains(r#"<span class="progress plus">plus +1,11</span>"#));
    assert!(html.contains(r#"<span class="progress minus">minus -0,22</span>"#));
    assert!(html.contains(r#"<span class="progress new">baru</span>"#));
    assert!(html.contains("<th class=\"num\">Skor sebelumnya</th>"));
    assert_eq!(count(&html, r#"class="previous""#), j.previous.len());
    // Gates met and not met, the gap to the next level in words, the top level.
    assert!(html.contains(r#"class="gate-met""#) && html.contains(r#"class="gate-unmet""#));
    assert!(html.contains(": terpenuhi</li>") && html.contains(": belum</li>"));
    let qw05 = &html[html.find(r#"id="item-QW-05""#).unwrap()..];
    let qw05 = &qw05[..qw05.find("</article>").unwrap()];
    let a05 = j
        .results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .find(|a| a.id == "QW-05")
        .unwrap();
    for line in &a05.next_level.as_ref().unwrap().summary {
        assert!(
            qw05.contains(&format!("<li>{}</li>", escape(line))),
            "{line}"
        );
    }
    assert!(qw05.contains("Menuju level 2"));
    assert!(html.contains("<li>sudah di level tertinggi</li>"));
    assert!(html.contains("tidak memenuhi syarat:"));
    assert!(!html.contains("Selected") && !html.contains("Readiness"));
    let svgs_ok = html.match_indices("<svg").all(|(i, _)| {
        let end = i + html[i..].find("</svg>").unwrap() + 6;
        !well_formed(&html[i..end]).is_empty()
    });
    assert!(svgs_ok);
}

#[test]
fn html_report_in_english() {
    let j = job(Lang::En);
    let html = html_report(&j.pack, &j.results, &j.ranking, Some(&j.totals), Lang::En);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert_self_contained(&html);
    assert!(html.contains("<h1>Maturity report</h1>"));
    assert!(html.contains("Selected (4 of 8 eligible):</strong> QW-04, QW-06, QW-14, QW-09"));
    assert!(
        html.contains("verified: Uptime: 99.2 → 97 (−2.2 %)"),
        "report lacks the verified change"
    );
    assert!(html.contains("Smart City Quickwin Maturity"));
    assert!(html.contains("plus +1.11") && html.contains("minus -0.22"));
    assert!(html.contains("Previous score") && html.contains("outside the top 4"));
    assert!(
        html.contains("Readiness")
            && html.contains(": met</li>")
            && html.contains(": not met</li>")
    );
    assert!(html.contains("Towards level"));
    assert!(!html.contains("Terpilih") && !html.contains("Kesiapan"));
    // Without previous assessments the radars have no dashed shape.
    assert_eq!(count(&html, r#"class="previous""#), 0);
}

#[cfg(feature = "cli")]
#[test]
fn cli_report_writes_the_file_or_standard_output() {
    use std::process::Command;
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_matang"))
            .args(args)
            .current_dir(root)
            .output()
            .unwrap()
    };
    let portfolio = "rules/smart-city-quickwin/examples/portfolio.csv";
    let previous = "rules/smart-city-quickwin/examples/previous-2018.csv";
    let out = run(&[
        "report",
        "--top",
        "4",
        "--previous",
        previous,
        "--lang",
        "en",
        portfolio,
        "-o",
        "-",
    ]);
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Maturity report"));
    assert_eq!(count(&html, r#"class="previous""#), 7);
    let dir = std::env::temp_dir().join(format!("matang-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.html");
    let out = run(&["report", portfolio, "-o", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains("Laporan tingkat kematangan") && html.contains("QW-14"));
    std::fs::remove_dir_all(&dir).unwrap();
}
