//! Results as an Excel workbook (`rust_xlsxwriter`) to hand to a decision maker: typed
//! numbers with the pack's decimals (Excel shows them the reader's way), level colours, a
//! frozen header row with filters, the selection with its reasons, and a sheet per
//! dimension with each indicator's score and reason. Labels in the requested language.
//!
//! ```
//! use matang::{Lang, Pack, Record, render::xlsx};
//! let pack = Pack::builtin("smart-city-quickwin")?;
//! let r = Record::from_json(serde_json::json!({"id": "QW-1", "assessed_on": "2019-10-01",
//!     "stage": "live"}))?;
//! let results = pack.assess_portfolio(&[r], Lang::En);
//! let ranking = pack.rank(&results, None, None, Lang::En);
//! let bytes = xlsx::ranking_xlsx(&pack, &results, &ranking, Lang::En)?;
//! assert!(bytes.starts_with(b"PK"));
//! # Ok::<(), matang::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::label::Lang;
use crate::pack::Pack;
use crate::portfolio::Ranking;
use crate::results::assessment::Assessment;
use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};

#[path = "plan_xlsx.rs"]
mod plan;
pub use plan::action_plan_xlsx;

/// Workbook-only labels: (key, Indonesian, English).
const LABELS: &[(&str, &str, &str)] = &[
    ("ranking", "Peringkat", "Ranking"),
    ("assessment", "Penilaian", "Assessment"),
    ("selection", "Pilihan", "Selection"),
    ("score_100", "Skor 0-100", "Score 0-100"),
    ("level_rank", "Level ke", "Level no."),
    ("delta", "Selisih", "Change"),
    ("progress_reason", "Alasan +/-", "Why +/-"),
    ("capped_by", "Level dibatasi oleh", "Level capped by"),
    ("verified", "Nilai terverifikasi", "Verified values"),
    ("eligible", "Memenuhi syarat", "Eligible"),
    ("error", "Galat", "Error"),
    ("score", "skor", "score"),
];

fn label(key: &str, lang: Lang) -> &'static str {
    LABELS
        .iter()
        .find(|l| l.0 == key)
        .map_or("", |l| if lang == Lang::Id { l.1 } else { l.2 })
}

/// Fallback level colours, lowest level first, when a pack gives none (or a named colour).
const PALETTE: &[u32] = &[0xE74C3C, 0xF39C12, 0xF1C40F, 0x27AE60, 0x1A5276];

fn xlsx_error(e: &XlsxError) -> Error {
    Error::Usage(format!("cannot write the workbook: {e}"))
}

/// Shared formats of one workbook.
struct Styles {
    header: Format,
    score: Format,
    /// A fill per level rank (index `rank - 1`).
    levels: Vec<Format>,
}

impl Styles {
    fn new(pack: &Pack) -> Styles {
        let decimals = pack.scale().decimals;
        let number = if decimals == 0 {
            "0".to_string()
        } else {
            format!("0.{}", "0".repeat(decimals))
        };
        let levels = pack
            .levels()
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let rgb = l
                    .color
                    .as_deref()
                    .and_then(hex_rgb)
                    .unwrap_or(PALETTE[i.min(PALETTE.len() - 1)]);
                Format::new()
                    .set_background_color(Color::RGB(rgb))
                    .set_font_color(Color::RGB(readable_on(rgb)))
            })
            .collect();
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2)),
            score: Format::new().set_num_format(number),
            levels,
        }
    }

    fn level(&self, rank: u32) -> Option<&Format> {
        self.levels.get(usize::try_from(rank).ok()?.checked_sub(1)?)
    }
}

/// `#rgb` or `#rrggbb` as a number; other CSS colours are not Excel colours.
fn hex_rgb(css: &str) -> Option<u32> {
    let hex = css.trim().strip_prefix('#')?;
    let full: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => return None,
    };
    u32::from_str_radix(&full, 16).ok()
}

/// Black or white, whichever reads better on `rgb`.
fn readable_on(rgb: u32) -> u32 {
    let (r, g, b) = ((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
    if r * 299 + g * 587 + b * 114 > 150_000 {
        0x000000
    } else {
        0xFFFFFF
    }
}

/// Excel refuses sheet names over 31 characters or with `[]:*?/\`.
fn sheet_name(name: &str, taken: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = clean.chars().take(28).collect();
    let mut candidate = if base.is_empty() {
        "Sheet".into()
    } else {
        base
    };
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        candidate = format!("{} {n}", clean.chars().take(25).collect::<String>());
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// One table of a sheet: header, rows written by the caller, then frozen header, filter
/// and column widths.
struct Table<'a> {
    sheet: &'a mut Worksheet,
    columns: u16,
    rows: u32,
}

impl<'a> Table<'a> {
    fn new(sheet: &'a mut Worksheet, header: &[String], styles: &Styles) -> Result<Table<'a>> {
        for (c, h) in (0u16..).zip(header) {
            sheet
                .write_string_with_format(0, c, h, &styles.header)
                .map_err(|e| xlsx_error(&e))?;
        }
        let columns = u16::try_from(header.len()).unwrap_or(u16::MAX);
        Ok(Table {
            sheet,
            columns,
            rows: 0,
        })
    }

    fn text(&mut self, c: u16, s: &str, format: Option<&Format>) -> Result<()> {
        if s.is_empty() {
            return Ok(());
        }
        let row = self.rows;
        match format {
            Some(f) => self.sheet.write_string_with_format(row, c, s, f),
            None => self.sheet.write_string(row, c, s),
        }
        .map(|_| ())
        .map_err(|e| xlsx_error(&e))
    }

    fn number(&mut self, c: u16, x: Option<f64>, format: Option<&Format>) -> Result<()> {
        let Some(x) = x.filter(|x| x.is_finite()) else {
            return Ok(());
        };
        let row = self.rows;
        match format {
            Some(f) => self.sheet.write_number_with_format(row, c, x, f),
            None => self.sheet.write_number(row, c, x),
        }
        .map(|_| ())
        .map_err(|e| xlsx_error(&e))
    }

    fn finish(self) -> Result<()> {
        self.sheet
            .set_freeze_panes(1, 0)
            .map_err(|e| xlsx_error(&e))?;
        if self.columns > 0 {
            self.sheet
                .autofilter(0, 0, self.rows.max(1), self.columns - 1)
                .map_err(|e| xlsx_error(&e))?;
        }
        self.sheet.autofit();
        Ok(())
    }
}

/// A ranking as a workbook: the ranked table, the selection, and a sheet per dimension.
///
/// # Errors
/// [`Error::Usage`] if the workbook cannot be built (e.g. a cell over Excel's limits).
pub fn ranking_xlsx(
    pack: &Pack,
    results: &[Result<Assessment>],
    ranking: &Ranking,
    lang: Lang,
) -> Result<Vec<u8>> {
    let styles = Styles::new(pack);
    let m = pack.messages();
    let yes_no = |b: bool| m.get(if b { "yes" } else { "no" }, lang);
    let mut book = Workbook::new();
    let mut taken = Vec::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(sheet_name(label("ranking", lang), &mut taken))
        .map_err(|e| xlsx_error(&e))?;
    let header: Vec<String> = vec![
        m.get("col_position", lang),
        m.get("col_id", lang),
        m.get("col_name", lang),
        m.get("col_total", lang),
        m.get("col_level", lang),
        label("level_rank", lang).into(),
        m.get("col_progress", lang),
        label("delta", lang).into(),
        label("progress_reason", lang).into(),
        m.get("col_selected", lang),
        m.get("col_reason", lang),
        label("capped_by", lang).into(),
        label("verified", lang).into(),
        label("error", lang).into(),
    ];
    let mut t = Table::new(sheet, &header, &styles)?;
    for r in &ranking.ranking {
        t.rows += 1;
        t.number(0, Some(r.position as f64), None)?;
        t.text(1, &r.id, None)?;
        t.text(2, r.name.as_deref().unwrap_or_default(), None)?;
        t.number(3, r.total, Some(&styles.score))?;
        if let Some(l) = &r.level {
            t.text(4, &l.label, styles.level(l.rank))?;
            t.number(5, Some(f64::from(l.rank)), None)?;
        }
        if let Some(p) = &r.progress {
            t.text(6, &p.label, None)?;
            t.number(7, p.delta, Some(&styles.score))?;
            t.text(8, &p.reason, None)?;
        }
        t.text(9, &yes_no(r.selected), None)?;
        t.text(10, r.reason.as_deref().unwrap_or_default(), None)?;
        let capped: Vec<&str> = r.capped_by.iter().map(|g| g.label.as_str()).collect();
        t.text(11, &capped.join("; "), None)?;
        t.text(12, &r.verified.join("; "), None)?;
        t.text(13, r.error.as_deref().unwrap_or_default(), None)?;
    }
    t.finish()?;
    selection_sheet(&mut book, pack, ranking, lang, &styles, &mut taken)?;
    dimension_sheets(&mut book, pack, results, lang, &styles, &mut taken)?;
    book.save_to_buffer().map_err(|e| xlsx_error(&e))
}

fn selection_sheet(
    book: &mut Workbook,
    pack: &Pack,
    ranking: &Ranking,
    lang: Lang,
    styles: &Styles,
    taken: &mut Vec<String>,
) -> Result<()> {
    let m = pack.messages();
    let sheet = book.add_worksheet();
    sheet
        .set_name(sheet_name(label("selection", lang), taken))
        .map_err(|e| xlsx_error(&e))?;
    let header = vec![
        m.get("col_position", lang),
        m.get("col_id", lang),
        m.get("col_name", lang),
        m.get("col_total", lang),
        m.get("col_level", lang),
    ];
    let mut t = Table::new(sheet, &header, styles)?;
    for r in ranking.ranking.iter().filter(|r| r.selected) {
        t.rows += 1;
        t.number(0, Some(r.position as f64), None)?;
        t.text(1, &r.id, None)?;
        t.text(2, r.name.as_deref().unwrap_or_default(), None)?;
        t.number(3, r.total, Some(&styles.score))?;
        if let Some(l) = &r.level {
            t.text(4, &l.label, styles.level(l.rank))?;
        }
    }
    // The heading ("Selected (4 of 10 eligible)") below the table, outside its filter.
    let heading = pack.selection_heading(ranking, lang);
    let below = t.rows + 2;
    t.sheet
        .write_string_with_format(below, 0, heading, &styles.header)
        .map_err(|e| xlsx_error(&e))?;
    t.finish()?;
    Ok(())
}

/// Assessments as a workbook: one row per item with each dimension's score, and a sheet per
/// dimension.
///
/// # Errors
/// As [`ranking_xlsx`].
pub fn assessments_xlsx(
    pack: &Pack,
    results: &[Result<Assessment>],
    lang: Lang,
) -> Result<Vec<u8>> {
    let styles = Styles::new(pack);
    let m = pack.messages();
    let yes_no = |b: bool| m.get(if b { "yes" } else { "no" }, lang);
    let mut book = Workbook::new();
    let mut taken = Vec::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(sheet_name(label("assessment", lang), &mut taken))
        .map_err(|e| xlsx_error(&e))?;
    let mut header: Vec<String> = vec![
        m.get("col_id", lang),
        m.get("col_name", lang),
        m.get("col_total", lang),
        label("score_100", lang).into(),
        m.get("col_level", lang),
        label("level_rank", lang).into(),
    ];
    header.extend(
        pack.dimensions()
            .iter()
            .map(|d| d.label.get(lang).to_string()),
    );
    header.extend([
        label("eligible", lang).into(),
        label("capped_by", lang).into(),
        label("error", lang).into(),
    ]);
    let dims = u16::try_from(pack.dimensions().len()).unwrap_or(0);
    let mut t = Table::new(sheet, &header, &styles)?;
    for r in results {
        t.rows += 1;
        match r {
            Ok(a) => {
                t.text(0, &a.id, None)?;
                t.text(1, a.name.as_deref().unwrap_or_default(), None)?;
                t.number(2, Some(a.total), Some(&styles.score))?;
                t.number(3, Some(a.score_100), Some(&styles.score))?;
                t.text(4, &a.level.label, styles.level(a.level.rank))?;
                t.number(5, Some(f64::from(a.level.rank)), None)?;
                for (c, d) in (6u16..).zip(&a.dimensions) {
                    t.number(c, d.score, Some(&styles.score))?;
                }
                t.text(6 + dims, &yes_no(a.eligible), None)?;
                t.text(7 + dims, &a.capped_by.join(" "), None)?;
            }
            Err(e) => {
                t.text(0, e.record_id().unwrap_or("?"), None)?;
                t.text(8 + dims, &e.detail(), None)?;
            }
        }
    }
    t.finish()?;
    dimension_sheets(&mut book, pack, results, lang, &styles, &mut taken)?;
    book.save_to_buffer().map_err(|e| xlsx_error(&e))
}

/// A sheet per dimension: each item's dimension score and coverage, and the score and
/// reason of each of the dimension's indicators.
fn dimension_sheets(
    book: &mut Workbook,
    pack: &Pack,
    results: &[Result<Assessment>],
    lang: Lang,
    styles: &Styles,
    taken: &mut Vec<String>,
) -> Result<()> {
    let m = pack.messages();
    for (di, dim) in pack.dimensions().iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet
            .set_name(sheet_name(dim.label.get(lang), taken))
            .map_err(|e| xlsx_error(&e))?;
        let indicators: Vec<&crate::model::dimension::Indicator> = dim
            .indicators
            .iter()
            .filter_map(|&i| pack.indicators().get(i))
            .collect();
        let mut header = vec![
            m.get("col_id", lang),
            m.get("col_name", lang),
            format!("{} ({})", dim.label.get(lang), label("score", lang)),
            m.get("col_coverage", lang),
        ];
        for ind in &indicators {
            let name = ind.label.get(lang);
            header.push(format!("{name} ({})", label("score", lang)));
            header.push(format!("{name} ({})", m.get("col_reason", lang)));
        }
        let mut t = Table::new(sheet, &header, styles)?;
        for a in results.iter().flatten() {
            t.rows += 1;
            t.text(0, &a.id, None)?;
            t.text(1, a.name.as_deref().unwrap_or_default(), None)?;
            if let Some(d) = a.dimensions.get(di) {
                t.number(2, d.score, Some(&styles.score))?;
                t.number(3, Some(d.coverage), None)?;
            }
            for (c, ind) in (4u16..).step_by(2).zip(&indicators) {
                if let Some(s) = a.indicators.iter().find(|s| s.id == ind.id) {
                    t.number(c, s.score, Some(&styles.score))?;
                    t.text(c + 1, &s.reason, None)?;
                }
            }
        }
        t.finish()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_sheet_names_fit_excel() {
        assert_eq!(hex_rgb("#1A5276"), Some(0x1A5276));
        assert_eq!(hex_rgb("#fff"), Some(0xFFFFFF));
        assert_eq!(hex_rgb("red"), None);
        assert_eq!(readable_on(0xFFFFFF), 0);
        let mut taken = Vec::new();
        assert_eq!(sheet_name("a/b", &mut taken), "a_b");
        assert_eq!(sheet_name("A_B", &mut taken), "A_B 2");
        assert!(sheet_name(&"x".repeat(40), &mut taken).chars().count() <= 31);
    }
}
