//! A blank evidence form from a pack's schema, for the offices that fill it in: one column
//! per field named by its id (so the filled form loads with `matang assess` unchanged), and
//! an example row from each field's `example`. The workbook adds the bilingual label, unit
//! and help as a note on each header, a dropdown for allowed values, validated number
//! ranges, required fields marked, and a guide sheet.

use crate::label::Lang;
use crate::model::field::Field;
use crate::pack::Pack;
use serde_json::Value as Json;

/// The columns of the form: the item's identity, then every field.
const IDENTITY: [&str; 2] = ["id", "name"];

fn example_id(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Id => ("CONTOH-1", "Contoh (hapus baris ini)"),
        Lang::En => ("EXAMPLE-1", "Example (delete this row)"),
    }
}

/// A field's example as CSV text (blank when it has none).
fn example_text(f: &Field) -> String {
    match &f.example {
        None | Some(Json::Null) => String::new(),
        Some(Json::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The form as CSV: the header row of field ids and the example row.
///
/// ```
/// let pack = matang::Pack::builtin("smart-city-quickwin").unwrap();
/// let csv = matang::render::template::template_csv(&pack, matang::Lang::En);
/// assert!(csv.starts_with("id,name,opd,"));
/// ```
#[must_use]
pub fn template_csv(pack: &Pack, lang: Lang) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = IDENTITY
        .into_iter()
        .chain(pack.fields().iter().map(|f| f.id.as_str()))
        .collect();
    let (id, name) = example_id(lang);
    let example: Vec<String> = [id.to_string(), name.to_string()]
        .into_iter()
        .chain(pack.fields().iter().map(example_text))
        .collect();
    // Writing to memory cannot fail.
    let _ = w.write_record(&header);
    let _ = w.write_record(&example);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(feature = "xlsx")]
pub use workbook::template_xlsx;

#[cfg(feature = "xlsx")]
mod workbook {
    use super::{IDENTITY, example_id};
    use crate::error::{Error, Result};
    use crate::label::Lang;
    use crate::model::field::{Field, FieldKind};
    use crate::pack::Pack;
    use rust_xlsxwriter::{
        Color, DataValidation, DataValidationRule, ExcelDateTime, Format, Note, Workbook, XlsxError,
    };
    use serde_json::Value as Json;

    /// Rows that carry the dropdowns and range checks.
    const ROWS: u32 = 1000;

    fn xl(e: &XlsxError) -> Error {
        Error::Usage(format!("cannot write the workbook: {e}"))
    }

    /// Bilingual label with unit: "Ketersediaan layanan (%) / Uptime (%)".
    fn both(f: &Field) -> String {
        let one = |lang| {
            let unit = f
                .unit
                .as_ref()
                .map(|u| format!(" ({})", u.get(lang)))
                .unwrap_or_default();
            format!("{}{unit}", f.label.get(lang))
        };
        format!("{} / {}", one(Lang::Id), one(Lang::En))
    }

    fn note_text(f: &Field, lang: Lang) -> String {
        let mut t = both(f);
        if f.required {
            t.push_str(match lang {
                Lang::Id => "\nWAJIB DIISI",
                Lang::En => "\nREQUIRED",
            });
        }
        if let Some(h) = &f.help {
            t.push('\n');
            t.push_str(h.get(lang));
        }
        if f.kind == FieldKind::Enum {
            let values: Vec<String> = (f.values.iter().zip(&f.value_labels))
                .map(|(v, l)| format!("{v} = {}", l.get(lang)))
                .collect();
            t.push('\n');
            t.push_str(&values.join("; "));
        }
        t
    }

    fn bound(x: f64) -> Option<i32> {
        (x.fract() == 0.0 && x.abs() <= f64::from(i32::MAX)).then(|| {
            #[allow(clippy::cast_possible_truncation)] // checked above
            let n = x as i32;
            n
        })
    }

    /// The dropdown or range check of a field, if it has one.
    fn validation(f: &Field, lang: Lang) -> Result<Option<DataValidation>> {
        let v = DataValidation::new();
        let range = |lo: Option<f64>, hi: Option<f64>| match (lo, hi) {
            (Some(a), Some(b)) => Some(DataValidationRule::Between(a, b)),
            (Some(a), None) => Some(DataValidationRule::GreaterThanOrEqualTo(a)),
            (None, Some(b)) => Some(DataValidationRule::LessThanOrEqualTo(b)),
            (None, None) => None,
        };
        let v = match f.kind {
            FieldKind::Enum => v.allow_list_strings(&f.values).map_err(|e| xl(&e))?,
            FieldKind::Boolean => {
                let words = match lang {
                    Lang::Id => ["ya", "tidak"],
                    Lang::En => ["yes", "no"],
                };
                v.allow_list_strings(&words).map_err(|e| xl(&e))?
            }
            FieldKind::Integer => {
                let (lo, hi) = (f.min.map(bound), f.max.map(bound));
                match (lo, hi) {
                    (Some(Some(a)), Some(Some(b))) => {
                        v.allow_whole_number(DataValidationRule::Between(a, b))
                    }
                    (Some(Some(a)), None) => {
                        v.allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(a))
                    }
                    // Bounds past what Excel's whole-number check holds: check the range only.
                    _ => match range(f.min, f.max) {
                        Some(r) => v.allow_decimal_number(r),
                        None => return Ok(None),
                    },
                }
            }
            FieldKind::Number => match range(f.min, f.max) {
                Some(r) => v.allow_decimal_number(r),
                None => return Ok(None),
            },
            FieldKind::Date | FieldKind::Text => return Ok(None),
        };
        let title: String = f.label.get(lang).chars().take(32).collect();
        let message: String = crate::render::method::describe_allowed(f, lang)
            .chars()
            .take(255)
            .collect();
        Ok(Some(
            v.set_input_title(title)
                .map_err(|e| xl(&e))?
                .set_input_message(message.clone())
                .map_err(|e| xl(&e))?
                .set_error_message(message)
                .map_err(|e| xl(&e))?,
        ))
    }

    /// The form as an xlsx workbook: a `Data` sheet to fill in (first, so `assess` reads
    /// it), and a guide sheet with every field in words.
    ///
    /// # Errors
    /// [`Error::Usage`] if the workbook cannot be built.
    pub fn template_xlsx(pack: &Pack, lang: Lang) -> Result<Vec<u8>> {
        let mut book = Workbook::new();
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xD9E1F2));
        let required = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xF8CBAD));
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let sheet = book.add_worksheet();
        sheet.set_name("Data").map_err(|e| xl(&e))?;
        let (ex_id, ex_name) = example_id(lang);
        for (c, (id, value)) in IDENTITY.iter().zip([ex_id, ex_name]).enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            sheet
                .write_with_format(0, c, *id, &header)
                .map_err(|e| xl(&e))?;
            sheet.write(1, c, value).map_err(|e| xl(&e))?;
        }
        sheet
            .insert_note(
                0,
                0,
                &Note::new(match lang {
                    Lang::Id => "Kode unik quickwin / unique item id",
                    Lang::En => "Unique item id / kode unik quickwin",
                }),
            )
            .map_err(|e| xl(&e))?;
        for (i, f) in pack.fields().iter().enumerate() {
            let c = u16::try_from(i + IDENTITY.len())
                .map_err(|_| Error::Usage("too many fields for a worksheet".into()))?;
            let fmt = if f.required { &required } else { &header };
            sheet
                .write_with_format(0, c, &f.id, fmt)
                .map_err(|e| xl(&e))?;
            sheet
                .insert_note(0, c, &Note::new(note_text(f, lang)).set_width(320))
                .map_err(|e| xl(&e))?;
            sheet
                .set_column_width(c, (f.id.len() + 4).max(12) as f64)
                .map_err(|e| xl(&e))?;
            if let Some(v) = validation(f, lang)? {
                sheet
                    .add_data_validation(1, c, ROWS, c, &v)
                    .map_err(|e| xl(&e))?;
            }
            match (&f.example, f.kind) {
                (Some(Json::String(s)), FieldKind::Date) => {
                    let d = ExcelDateTime::parse_from_str(s).map_err(|e| xl(&e))?;
                    sheet
                        .write_with_format(1, c, &d, &date)
                        .map_err(|e| xl(&e))?;
                }
                (Some(Json::String(s)), _) => {
                    sheet.write(1, c, s).map_err(|e| xl(&e))?;
                }
                (Some(Json::Number(n)), _) => {
                    sheet
                        .write(1, c, n.as_f64().unwrap_or_default())
                        .map_err(|e| xl(&e))?;
                }
                (Some(Json::Bool(b)), _) => {
                    sheet.write(1, c, *b).map_err(|e| xl(&e))?;
                }
                _ => {}
            }
            if f.kind == FieldKind::Date {
                sheet.set_column_format(c, &date).map_err(|e| xl(&e))?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(|e| xl(&e))?;
        guide(&mut book, pack, lang, &header)?;
        book.save_to_buffer().map_err(|e| xl(&e))
    }

    /// The guide sheet: a row per field with both labels, unit, allowed values and help.
    fn guide(book: &mut Workbook, pack: &Pack, lang: Lang, header: &Format) -> Result<()> {
        let sheet = book.add_worksheet();
        sheet
            .set_name(match lang {
                Lang::Id => "Petunjuk",
                Lang::En => "Guide",
            })
            .map_err(|e| xl(&e))?;
        let heads = match lang {
            Lang::Id => [
                "Kolom",
                "Label (Indonesia)",
                "Label (English)",
                "Satuan",
                "Wajib",
                "Nilai yang diterima",
                "Penjelasan",
                "Contoh",
            ],
            Lang::En => [
                "Column",
                "Label (Indonesian)",
                "Label (English)",
                "Unit",
                "Required",
                "Allowed values",
                "Help",
                "Example",
            ],
        };
        for (c, h) in heads.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            sheet
                .write_with_format(0, c, *h, header)
                .map_err(|e| xl(&e))?;
        }
        for (r, f) in pack.fields().iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            let yes = match (f.required, lang) {
                (true, Lang::Id) => "ya",
                (true, Lang::En) => "yes",
                (false, _) => "",
            };
            let cells = [
                f.id.clone(),
                f.label.get(Lang::Id).to_string(),
                f.label.get(Lang::En).to_string(),
                f.unit
                    .as_ref()
                    .map(|u| u.get(lang).to_string())
                    .unwrap_or_default(),
                yes.to_string(),
                crate::render::method::describe_allowed(f, lang),
                f.help
                    .as_ref()
                    .map(|h| h.get(lang).to_string())
                    .unwrap_or_default(),
                super::example_text(f),
            ];
            for (c, text) in cells.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                sheet.write(r, c, text).map_err(|e| xl(&e))?;
            }
        }
        sheet.set_column_width(1, 30).map_err(|e| xl(&e))?;
        sheet.set_column_width(2, 30).map_err(|e| xl(&e))?;
        sheet.set_column_width(5, 40).map_err(|e| xl(&e))?;
        sheet.set_column_width(6, 60).map_err(|e| xl(&e))?;
        Ok(())
    }
}
