//! The evidence fields in words for the methodology document: values, units, ranges and
//! what a blank means.

use super::tr;
use crate::label::{Lang, format_number};
use crate::model::field::{Field, FieldKind, WhenBlank};
use crate::pack::Pack;
use crate::render::svg::escape;
use serde_json::Value as Json;
use std::fmt::Write as _;

/// A field's value as people read it: enum values by their label, numbers in `lang`.
pub(super) fn value_text(f: &Field, v: &Json, lang: Lang) -> String {
    match v {
        Json::String(s) if f.kind == FieldKind::Enum => f
            .values
            .iter()
            .position(|x| x == s)
            .and_then(|i| f.value_labels.get(i))
            .map_or_else(|| s.clone(), |l| l.get(lang).to_string()),
        Json::String(s) => s.clone(),
        Json::Bool(b) => tr(
            lang,
            if *b { "ya" } else { "tidak" },
            if *b { "yes" } else { "no" },
        )
        .into(),
        Json::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), |x| format_number(x, 4, lang)),
        Json::Null => tr(lang, "kosong", "blank").into(),
        other => other.to_string(),
    }
}

pub(super) fn unit(f: &Field, lang: Lang) -> String {
    f.unit
        .as_ref()
        .map(|u| format!(" {}", u.get(lang)))
        .unwrap_or_default()
}

/// The allowed values of a field in words.
pub(super) fn allowed(f: &Field, lang: Lang) -> String {
    let n = |x: f64| format_number(x, 4, lang);
    match f.kind {
        FieldKind::Enum => (f.values.iter())
            .map(|v| {
                let text = value_text(f, &Json::String(v.clone()), lang);
                format!("{} (<code>{}</code>)", escape(&text), escape(v))
            })
            .collect::<Vec<_>>()
            .join(", "),
        FieldKind::Boolean => tr(lang, "ya / tidak", "yes / no").into(),
        FieldKind::Date => tr(lang, "tanggal TTTT-BB-HH", "date YYYY-MM-DD").into(),
        FieldKind::Text => tr(lang, "teks", "text").into(),
        FieldKind::Integer | FieldKind::Number => {
            let kind = if f.kind == FieldKind::Integer {
                tr(lang, "bilangan bulat", "whole number")
            } else {
                tr(lang, "angka", "number")
            };
            match (f.min, f.max) {
                (Some(a), Some(b)) => format!("{kind} {}–{}", n(a), n(b)),
                (Some(a), None) => format!("{kind} ≥ {}", n(a)),
                (None, Some(b)) => format!("{kind} ≤ {}", n(b)),
                (None, None) => kind.into(),
            }
        }
    }
}

/// What a blank value of `f` means, in words.
pub(super) fn blank_text(f: &Field, lang: Lang) -> String {
    if f.required {
        return tr(lang, "wajib diisi", "required").into();
    }
    match &f.when_blank {
        WhenBlank::LeftOut => tr(
            lang,
            "kosong: tidak diketahui, indikator dikeluarkan",
            "blank: unknown, the indicator is left out",
        )
        .into(),
        WhenBlank::Unmet => tr(
            lang,
            "kosong: dianggap tidak ada (skor minimum)",
            "blank: counts as not shown (lowest score)",
        )
        .into(),
        WhenBlank::NotApplicable(why) => format!(
            "{}: {}",
            tr(lang, "kosong: tidak berlaku", "blank: not applicable"),
            why.get(lang)
        ),
    }
}

/// Every evidence field, including those no indicator scores (recorded, or used in gates
/// and selection).
pub(super) fn all_fields(h: &mut String, pack: &Pack, lang: Lang) {
    let scored: Vec<bool> = (0..pack.fields().len())
        .map(|i| {
            pack.indicators()
                .iter()
                .any(|ind| ind.evidence.contains(&i))
        })
        .collect();
    let _ = write!(
        h,
        "<section id=\"fields\"><h2>{}</h2>",
        tr(lang, "Semua isian bukti", "All evidence fields"),
    );
    super::evidence_head(h, lang);
    for (f, scored) in pack.fields().iter().zip(scored) {
        let note = if scored {
            String::new()
        } else {
            format!(
                " <em>({})</em>",
                tr(
                    lang,
                    "tidak dinilai indikator",
                    "not scored by an indicator"
                )
            )
        };
        let _ = write!(
            h,
            "<tr id=\"field-{id}\"><td>{} <code>{id}</code>{}{note}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(f.label.get(lang)),
            escape(&unit(f, lang)),
            allowed(f, lang),
            f.help
                .as_ref()
                .map(|l| escape(l.get(lang)))
                .unwrap_or_default(),
            escape(&blank_text(f, lang)),
            id = escape(&f.id),
        );
    }
    h.push_str("</table></section>\n");
}

/// [`allowed`] as plain text, for workbooks: enum values as `value = label`.
#[cfg(feature = "xlsx")]
pub(crate) fn allowed_plain(f: &Field, lang: Lang) -> String {
    if f.kind == FieldKind::Enum {
        return (f.values.iter())
            .map(|v| format!("{v} = {}", value_text(f, &Json::String(v.clone()), lang)))
            .collect::<Vec<_>>()
            .join("; ");
    }
    allowed(f, lang)
}
