//! Bilingual labels. Everything a person reads comes from a pack (or the message catalogue)
//! in Indonesian and English; code picks one with [`Lang`].

use serde::{Deserialize, Serialize};

/// The language of labels and reasons in results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Bahasa Indonesia (the default: the users are Indonesian analysts).
    #[default]
    Id,
    /// English.
    En,
}

impl std::str::FromStr for Lang {
    type Err = crate::error::Error;
    fn from_str(s: &str) -> crate::error::Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "id" | "ind" | "indonesia" | "indonesian" => Ok(Lang::Id),
            "en" | "eng" | "english" => Ok(Lang::En),
            other => Err(crate::error::Error::Usage(format!(
                "unknown language '{other}': use 'id' (Indonesian) or 'en' (English)"
            ))),
        }
    }
}

impl Lang {
    /// The ISO 639-1 code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

/// A text in Indonesian and English. In TOML either `{ id = "...", en = "..." }` or one
/// plain string used for both (for proper names such as "Sipipa").
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "LabelRepr")]
pub struct Label {
    /// Indonesian.
    pub id: String,
    /// English.
    pub en: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LabelRepr {
    Same(String),
    Both { id: String, en: String },
}

impl From<LabelRepr> for Label {
    fn from(r: LabelRepr) -> Self {
        match r {
            LabelRepr::Same(s) => Label {
                id: s.clone(),
                en: s,
            },
            LabelRepr::Both { id, en } => Label { id, en },
        }
    }
}

impl Label {
    /// Builds a label from both texts.
    #[must_use]
    pub fn new(id: &str, en: &str) -> Self {
        Label {
            id: id.to_string(),
            en: en.to_string(),
        }
    }

    /// The text in `lang`.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }
}

/// Fills `{name}` placeholders in `template` from `lookup`; unknown names stay as they are.
pub(crate) fn fill(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                match lookup(key) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Formats a number the way people read it in `lang`: thousands grouped ("1.200" in
/// Indonesian, "1,200" in English) and at most `decimals` decimals, trailing zeros dropped.
#[must_use]
pub fn format_number(x: f64, decimals: usize, lang: Lang) -> String {
    format_with(x, decimals, lang, false)
}

/// [`format_number`] with exactly `decimals` decimals, trailing zeros kept ("2,90"): how
/// scores are shown, at the pack's precision.
#[must_use]
pub fn format_fixed(x: f64, decimals: usize, lang: Lang) -> String {
    format_with(x, decimals, lang, true)
}

fn format_with(x: f64, decimals: usize, lang: Lang, keep_zeros: bool) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let (group, point) = match lang {
        Lang::Id => ('.', ','),
        Lang::En => (',', '.'),
    };
    let s = format!("{:.*}", decimals, x.abs());
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) if keep_zeros => (i.to_string(), f.to_string()),
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (s.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    let negative =
        x < 0.0 && (grouped.chars().any(|c| c != '0' && c != group) || !frac_part.is_empty());
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if !frac_part.is_empty() {
        out.push(point);
        out.push_str(&frac_part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_keep_their_decimals() {
        assert_eq!(format_fixed(2.9, 2, Lang::Id), "2,90");
        assert_eq!(format_fixed(4.5, 2, Lang::En), "4.50");
        assert_eq!(format_fixed(1200.0, 1, Lang::Id), "1.200,0");
        assert_eq!(format_fixed(3.0, 0, Lang::Id), "3");
    }

    #[test]
    fn numbers_read_naturally_in_both_languages() {
        assert_eq!(format_number(1200.0, 0, Lang::Id), "1.200");
        assert_eq!(format_number(1200.0, 0, Lang::En), "1,200");
        assert_eq!(format_number(12.345, 1, Lang::Id), "12,3");
        assert_eq!(format_number(3.0, 2, Lang::En), "3");
        assert_eq!(format_number(-0.001, 2, Lang::En), "0");
        assert_eq!(format_number(-1234567.5, 1, Lang::En), "-1,234,567.5");
    }

    #[test]
    fn fill_keeps_unknown_placeholders() {
        let s = fill("{a} of {b} {c", &|k| (k == "a").then(|| "1".to_string()));
        assert_eq!(s, "1 of {b} {c");
    }
}
