//! The action plan as a workbook: one row per evidence change (and one per item without
//! changes), sorted by group, with the level now and the level the changes reach, a
//! frozen header, filters, and a "done" column to tick.

use super::{Styles, Table, label, sheet_name, xlsx_error};
use crate::error::Result;
use crate::label::Lang;
use crate::pack::Pack;
use crate::render::action_plan::{grouped, steps};
use crate::results::assessment::Assessment;
use rust_xlsxwriter::{DataValidation, Workbook};
use serde_json::Value as Json;

/// Column headers of the plan sheet, in order: (Indonesian, English).
const COLUMNS: &[(&str, &str)] = &[
    ("Kelompok", "Group"),
    ("ID", "ID"),
    ("Nama", "Name"),
    ("Level sekarang", "Level now"),
    ("Level ke", "Level no."),
    ("Level sasaran", "Target level"),
    ("Level sasaran ke", "Target level no."),
    ("Kolom bukti", "Evidence field"),
    ("Bukti", "Evidence"),
    ("Nilai sekarang", "Value now"),
    ("Nilai yang dibutuhkan", "Value needed"),
    ("Langkah", "Step"),
    ("Selesai", "Done"),
];

fn pick(lang: Lang, (id, en): (&'static str, &'static str)) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The plans of [`action_plan::csv`](crate::render::action_plan::csv) as a workbook (sheet
/// `Rencana aksi` / `Action plan`): group (the value of `by`, headed by its label), id,
/// name, level now and its number, target level and its number, evidence field and label,
/// value now, value needed (numbers stay numbers), the step in words, and a yes/no "done"
/// dropdown. Items that could not be assessed get a row with their error as the step.
///
/// # Errors
/// [`crate::Error::Usage`] when `by` is not a field of the pack or the workbook cannot be
/// built.
pub fn action_plan_xlsx(
    pack: &Pack,
    results: &[Result<Assessment>],
    by: Option<&str>,
    lang: Lang,
) -> Result<Vec<u8>> {
    let groups = grouped(pack, results, by)?;
    let styles = Styles::new(pack);
    let m = pack.messages();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let name = pick(lang, ("Rencana aksi", "Action plan"));
    sheet
        .set_name(sheet_name(name, &mut Vec::new()))
        .map_err(|e| xlsx_error(&e))?;
    let mut header: Vec<String> = COLUMNS.iter().map(|c| pick(lang, *c).into()).collect();
    if let Some(f) = by.and_then(|b| pack.field(b)) {
        header[0] = f.label.get(lang).to_string();
    }
    let done = u16::try_from(COLUMNS.len() - 1).unwrap_or(0);
    let mut t = Table::new(sheet, &header, &styles)?;
    for (group, items) in groups {
        for r in items {
            let a = match r {
                Ok(a) => a,
                Err(e) => {
                    t.rows += 1;
                    t.text(0, &group, None)?;
                    t.text(1, e.record_id().unwrap_or("?"), None)?;
                    t.text(
                        11,
                        &format!("{}: {}", label("error", lang), e.detail()),
                        None,
                    )?;
                    continue;
                }
            };
            let item = |t: &mut Table<'_>| -> Result<()> {
                t.text(0, &group, None)?;
                t.text(1, &a.id, None)?;
                t.text(2, a.name.as_deref().unwrap_or_default(), None)?;
                t.text(3, &a.level.label, styles.level(a.level.rank))?;
                t.number(4, Some(f64::from(a.level.rank)), None)?;
                if let Some(n) = &a.next_level {
                    t.text(5, &n.level.label, styles.level(n.level.rank))?;
                    t.number(6, Some(f64::from(n.level.rank)), None)?;
                }
                Ok(())
            };
            let plan = (a.next_level.as_ref()).and_then(|n| n.plan.as_ref().filter(|p| p.reached));
            match plan {
                Some(p) => {
                    for c in &p.changes {
                        t.rows += 1;
                        item(&mut t)?;
                        t.text(7, &c.field, None)?;
                        t.text(8, &c.label, None)?;
                        value(&mut t, 9, &c.from)?;
                        value(&mut t, 10, &c.to)?;
                        t.text(11, &c.text, None)?;
                    }
                }
                None => {
                    t.rows += 1;
                    item(&mut t)?;
                    t.text(11, &steps(pack, a, lang).1.join("; "), None)?;
                }
            }
        }
    }
    let words = [m.get("yes", lang), m.get("no", lang)];
    let tick = DataValidation::new()
        .allow_list_strings(&words)
        .map_err(|e| xlsx_error(&e))?;
    if t.rows > 0 {
        t.sheet
            .add_data_validation(1, done, t.rows, done, &tick)
            .map_err(|e| xlsx_error(&e))?;
    }
    t.finish()?;
    book.save_to_buffer().map_err(|e| xlsx_error(&e))
}

/// An evidence value in its cell: numbers as numbers, the rest as text.
fn value(t: &mut Table<'_>, c: u16, v: &Json) -> Result<()> {
    match v {
        Json::Number(n) => t.number(c, n.as_f64(), None),
        Json::String(s) => t.text(c, s, None),
        Json::Bool(b) => t.text(c, &b.to_string(), None),
        Json::Null => Ok(()),
        other => t.text(c, &other.to_string(), None),
    }
}
