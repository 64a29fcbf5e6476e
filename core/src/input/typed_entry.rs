//! Evidence typed by a person into a form (the browser calculator), read the way the form's
//! language writes it: in Indonesian `99,5` and `1.200` (the rules of an Indonesian,
//! `;`-separated CSV file, [`NumberFormat::Comma`]), in English `99.5` and `1200`
//! ([`NumberFormat::Point`]). Anything that could be read two ways is refused, and every
//! message is in the form's language, so the same text never gives two different numbers.
//!
//! ```
//! use matang::{Lang, Pack, typed_entry::read_entry};
//! let pack = Pack::builtin("smart-city-quickwin").unwrap();
//! let typed = serde_json::json!({"uptime_pct": "99,5", "budget_idr": "150.000.000",
//!     "sop_available": "ya", "trained_staff": "1.5"});
//! let entry = read_entry(&pack, typed.as_object().unwrap(), Lang::Id);
//! assert_eq!(entry.record["uptime_pct"], 99.5);
//! assert_eq!(entry.record["budget_idr"], 150_000_000);
//! assert_eq!(entry.record["sop_available"], true);
//! assert_eq!(entry.texts["uptime_pct"], "99,5");
//! assert_eq!(entry.problems[0].field, "trained_staff"); // "1.5": a decimal point in Indonesian
//! assert!(entry.problems[0].message.contains("koma"));
//! assert_eq!(entry.missing, ["assessed_on", "stage"]);
//! ```

use crate::error::FieldProblem;
use crate::excerpt;
use crate::label::{Lang, format_number};
use crate::model::field::{Field, FieldKind, NumberFormat, Value, parse_number_text};
use crate::pack::Pack;
use serde::Serialize;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// What a form's entries give: the typed record and what is wrong or still missing.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Entry {
    /// The valid entries as typed evidence (numbers as JSON numbers, yes/no as booleans,
    /// enum values and dates in their canonical form); fields in error are left out.
    pub record: Map<String, Json>,
    /// Each valid entry written the way the form's language writes it (`99,5` in
    /// Indonesian, `99.5` in English; `true`/`false` for yes/no), to show in the input.
    pub texts: BTreeMap<String, String>,
    /// One message, in the form's language, per entry that is not valid evidence.
    pub problems: Vec<FieldProblem>,
    /// Required fields with no entry (a field in error is not listed here).
    pub missing: Vec<String>,
}

/// How numbers are written in `lang`.
#[must_use]
pub fn number_format(lang: Lang) -> NumberFormat {
    match lang {
        Lang::Id => NumberFormat::Comma,
        Lang::En => NumberFormat::Point,
    }
}

/// Reads the entries of a form (field id to what was typed, or to a typed JSON value set by
/// a program) as evidence of `pack`, with numbers written the way `lang` writes them.
/// Keys that are not fields of the pack are ignored.
#[must_use]
pub fn read_entry(pack: &Pack, values: &Map<String, Json>, lang: Lang) -> Entry {
    let mut entry = Entry::default();
    for field in pack.fields() {
        let raw = values.get(&field.id).unwrap_or(&Json::Null);
        match read_value(field, raw, lang) {
            Ok(None) if field.required => entry.missing.push(field.id.clone()),
            Ok(None) => {}
            Ok(Some(value)) => {
                entry
                    .texts
                    .insert(field.id.clone(), entry_text(field, &value, lang));
                entry.record.insert(field.id.clone(), value);
            }
            Err(message) => entry.problems.push(FieldProblem {
                field: field.id.clone(),
                message,
            }),
        }
    }
    entry
}

/// A typed value of `field` as the form in `lang` shows it: numbers without thousands
/// separators and with the language's decimal mark, yes/no as `true`/`false`.
#[must_use]
pub fn entry_text(field: &Field, value: &Json, lang: Lang) -> String {
    match (field.kind, value) {
        (FieldKind::Number | FieldKind::Integer, Json::Number(n)) => {
            let plain = n.to_string();
            match lang {
                Lang::Id => plain.replace('.', ","),
                Lang::En => plain,
            }
        }
        (_, Json::String(s)) => s.clone(),
        (_, Json::Null) => String::new(),
        (_, other) => other.to_string(),
    }
}

/// `Ok(None)` for no entry, the typed value, or a message in `lang`.
fn read_value(field: &Field, raw: &Json, lang: Lang) -> Result<Option<Json>, String> {
    if raw.is_null() || matches!(raw, Json::String(s) if s.trim().is_empty()) {
        return Ok(None);
    }
    let shown = || match raw {
        Json::String(s) => excerpt::token(s.trim()).into_owned(),
        other => excerpt::token(&other.to_string()).into_owned(),
    };
    let typed = match field.kind {
        FieldKind::Number | FieldKind::Integer => read_number(field, raw, lang, &shown)?,
        _ => match field.parse(raw, NumberFormat::Point) {
            Ok(value) => value.to_json(),
            Err(_) => return Err(other_problem(field, &shown(), lang)),
        },
    };
    // The core's own check of the typed value, so a form can never let through what a
    // file would refuse (its message, in English, only for a case not caught above).
    match field.parse(&typed, NumberFormat::Point) {
        Ok(Value::Missing) => Ok(None),
        Ok(_) => Ok(Some(typed)),
        Err(message) => Err(message),
    }
}

fn read_number(
    field: &Field,
    raw: &Json,
    lang: Lang,
    shown: &dyn Fn() -> String,
) -> Result<Json, String> {
    let say = |id: &str, en: &str| phrase(lang, id, en).replace("{v}", &shown());
    let x = match raw {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => match parse_number_text(s.trim(), number_format(lang)) {
            Ok(x) => Some(x),
            Err(_) => {
                let other = match lang {
                    Lang::Id => NumberFormat::Point,
                    Lang::En => NumberFormat::Comma,
                };
                // Text that the other language would read as a number is the ambiguous case.
                return Err(if parse_number_text(s.trim(), other).is_ok() {
                    say(
                        "'{v}' tidak jelas: dalam bahasa Indonesia pakai koma untuk desimal (99,5) dan titik hanya untuk ribuan (1.200)",
                        "'{v}' is ambiguous: in English write a point for decimals (99.5) and no thousands separator (1200)",
                    )
                } else {
                    say("'{v}' bukan angka", "'{v}' is not a number")
                });
            }
        },
        _ => None,
    };
    let Some(x) = x.filter(|x| x.is_finite()) else {
        return Err(say("'{v}' bukan angka", "'{v}' is not a number"));
    };
    let limit = |id: &str, en: &str, bound: f64| {
        say(id, en).replace("{limit}", &format_number(bound, 6, lang))
    };
    if let Some(min) = field.min.filter(|min| x < *min) {
        return Err(limit(
            "'{v}' di bawah batas minimum {limit}",
            "'{v}' is below the minimum {limit}",
            min,
        ));
    }
    if let Some(max) = field.max.filter(|max| x > *max) {
        return Err(limit(
            "'{v}' di atas batas maksimum {limit}",
            "'{v}' is above the maximum {limit}",
            max,
        ));
    }
    if field.kind == FieldKind::Integer {
        if x.fract() != 0.0 {
            return Err(say(
                "'{v}' harus bilangan bulat",
                "'{v}' must be a whole number",
            ));
        }
        if x.abs() > 9.0e15 {
            return Err(say("'{v}' terlalu besar", "'{v}' is too large"));
        }
        #[allow(clippy::cast_possible_truncation)]
        return Ok(Json::from(x as i64));
    }
    Ok(serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number))
}

/// The message for a value of a yes/no, enum, date or text field that is not valid.
fn other_problem(field: &Field, shown: &str, lang: Lang) -> String {
    let text = match field.kind {
        FieldKind::Boolean => phrase(
            lang,
            "'{v}' bukan ya/tidak",
            "'{v}' is not yes/no (true/false)",
        ),
        FieldKind::Enum => {
            let labels: Vec<String> = (0..field.values.len())
                .map(|i| {
                    field
                        .value_labels
                        .get(i)
                        .map_or_else(|| field.values[i].clone(), |l| l.get(lang).to_string())
                })
                .collect();
            // excerpt::one_of bounds the list (a pack may have a huge enum) but is English.
            let list = excerpt::one_of(&labels);
            let list = list.strip_prefix("one of ").unwrap_or(&list);
            phrase(
                lang,
                "nilai '{v}' tidak dikenal: pilih salah satu dari {list}",
                "unknown value '{v}': expected one of {list}",
            )
            .replace("{list}", list)
        }
        FieldKind::Date => phrase(
            lang,
            "'{v}' bukan tanggal TTTT-BB-HH",
            "'{v}' is not a date YYYY-MM-DD",
        ),
        _ => phrase(lang, "'{v}' bukan teks", "'{v}' is not text"),
    };
    text.replace("{v}", shown)
}

fn phrase(lang: Lang, id: &str, en: &str) -> String {
    match lang {
        Lang::Id => id.to_string(),
        Lang::En => en.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(values: Json, lang: Lang) -> Entry {
        let pack = Pack::builtin("smart-city-quickwin").unwrap();
        read_entry(&pack, values.as_object().unwrap(), lang)
    }

    fn problem(e: &Entry, field: &str) -> String {
        e.problems
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.clone())
            .unwrap_or_default()
    }

    #[test]
    fn indonesian_entry_reads_decimal_commas_and_thousands_points() {
        let e = entry(
            json!({"uptime_pct": "99,5", "budget_idr": "150.000.000", "trained_staff": "12",
                "ikm_score": "1.234,5", "target_users": "1.200"}),
            Lang::Id,
        );
        assert_eq!(e.record["uptime_pct"], json!(99.5));
        assert_eq!(e.record["budget_idr"], json!(150_000_000));
        assert_eq!(e.record["target_users"], json!(1200));
        assert_eq!(e.record["trained_staff"], json!(12));
        assert_eq!(e.texts["uptime_pct"], "99,5");
        assert_eq!(e.texts["budget_idr"], "150000000");
        // 1.234,5 reads as 1234.5, above the IKM maximum 100: said in Indonesian.
        assert_eq!(
            problem(&e, "ikm_score"),
            "'1.234,5' di atas batas maksimum 100"
        );
    }

    #[test]
    fn ambiguous_or_foreign_numbers_are_refused_in_the_forms_language() {
        let id = entry(
            json!({"uptime_pct": "99.5", "budget_idr": "1,200", "trained_staff": "dua"}),
            Lang::Id,
        );
        assert!(id.record.is_empty(), "{id:?}");
        assert!(problem(&id, "uptime_pct").starts_with("'99.5' tidak jelas: "));
        assert_eq!(problem(&id, "budget_idr"), "'1,200' harus bilangan bulat");
        assert_eq!(problem(&id, "trained_staff"), "'dua' bukan angka");
        let en = entry(
            json!({"uptime_pct": "99,5", "budget_idr": "150.000.000", "target_users": "1,200"}),
            Lang::En,
        );
        assert!(en.record.is_empty(), "{en:?}");
        assert!(problem(&en, "uptime_pct").starts_with("'99,5' is ambiguous: "));
        assert!(problem(&en, "budget_idr").starts_with("'150.000.000' is ambiguous: "));
        assert!(problem(&en, "target_users").starts_with("'1,200' is ambiguous"));
        assert_eq!(
            entry(json!({"uptime_pct": "99.5"}), Lang::En).record["uptime_pct"],
            json!(99.5)
        );
    }

    #[test]
    fn yes_no_enum_date_and_range_like_the_core_with_localised_messages() {
        let e = entry(
            json!({"sop_available": "ya", "dedicated_admin": "0", "budget_next_year": true,
                "stage": "Live", "assessed_on": "2019-10-01", "trained_staff": -3,
                "legal_basis": "perda", "go_live_date": "kemarin", "milestones_due": 2.5}),
            Lang::Id,
        );
        assert_eq!(e.record["sop_available"], json!(true));
        assert_eq!(e.record["dedicated_admin"], json!(false));
        assert_eq!(e.record["budget_next_year"], json!(true));
        assert_eq!(e.texts["sop_available"], "true");
        assert_eq!(e.record["stage"], json!("live"));
        assert_eq!(e.record["assessed_on"], json!("2019-10-01"));
        assert!(e.missing.is_empty());
        assert_eq!(
            problem(&e, "trained_staff"),
            "'-3' di bawah batas minimum 0"
        );
        assert!(problem(&e, "legal_basis").starts_with(
            "nilai 'perda' tidak dikenal: pilih salah satu dari Tidak ada, Rancangan"
        ));
        assert_eq!(
            problem(&e, "go_live_date"),
            "'kemarin' bukan tanggal TTTT-BB-HH"
        );
        assert_eq!(problem(&e, "milestones_due"), "'2.5' harus bilangan bulat");
        let en = entry(
            json!({"sop_available": "maybe", "trained_staff": "-3"}),
            Lang::En,
        );
        assert_eq!(
            problem(&en, "sop_available"),
            "'maybe' is not yes/no (true/false)"
        );
        assert_eq!(problem(&en, "trained_staff"), "'-3' is below the minimum 0");
        assert_eq!(en.missing, ["assessed_on", "stage"]);
    }
}
