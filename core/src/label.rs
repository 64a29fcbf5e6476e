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

/// Fills `{name}` placeholders in `template`, appending to `out`: `put(name, out)` appends
/// the value of `{name}` and says whether it knew the name; unknown names stay as they are.
pub(crate) fn fill_into(
    template: &str,
    out: &mut String,
    put: &mut dyn FnMut(&str, &mut String) -> bool,
) {
    // Braces are ASCII: a byte search finds them at char boundaries, faster than `find`.
    let at = |s: &str, b: u8| s.bytes().position(|c| c == b);
    let mut rest = template;
    while let Some(open) = at(rest, b'{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match at(after, b'}') {
            Some(close) => {
                let key = &after[..close];
                if !put(key, out) {
                    out.push('{');
                    out.push_str(key);
                    out.push('}');
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
}

/// Formats a number the way people read it in `lang`: thousands grouped ("1.200" in
/// Indonesian, "1,200" in English) and at most `decimals` decimals, trailing zeros dropped.
#[must_use]
pub fn format_number(x: f64, decimals: usize, lang: Lang) -> String {
    let mut out = String::new();
    format_into(&mut out, x, decimals, lang, false);
    out
}

/// [`format_number`] with exactly `decimals` decimals, trailing zeros kept ("2,90"): how
/// scores are shown, at the pack's precision.
#[must_use]
pub fn format_fixed(x: f64, decimals: usize, lang: Lang) -> String {
    let mut out = String::new();
    format_into(&mut out, x, decimals, lang, true);
    out
}

/// Digits written on the stack: a number's text without a heap allocation.
struct Digits {
    buf: [u8; 64],
    len: usize,
}

impl std::fmt::Write for Digits {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// [`format_number`] (`keep_zeros` false) or [`format_fixed`] (true), appended to `out`.
pub(crate) fn format_into(out: &mut String, x: f64, decimals: usize, lang: Lang, keep_zeros: bool) {
    use std::fmt::Write;
    if !x.is_finite() {
        let _ = write!(out, "{x}");
        return;
    }
    let (group, point) = match lang {
        Lang::Id => ('.', ','),
        Lang::En => (',', '.'),
    };
    let a = x.abs();
    let mut d = Digits {
        buf: [0; 64],
        len: 0,
    };
    // Whole numbers skip the exact float formatter: the same digits, much faster.
    let written = if a.fract() == 0.0 && a < 1e15 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = a as u64;
        write!(d, "{whole}").is_ok()
            && (decimals == 0 || d.write_char('.').is_ok())
            && (0..decimals).all(|_| d.write_char('0').is_ok())
    } else {
        write!(d, "{a:.decimals$}").is_ok()
    };
    let long;
    let s = if written {
        std::str::from_utf8(&d.buf[..d.len]).unwrap_or_default()
    } else {
        long = format!("{a:.decimals$}");
        long.as_str()
    };
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) if keep_zeros => (i, f),
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (s, ""),
    };
    if x < 0.0 && (int_part.bytes().any(|c| c != b'0') || !frac_part.is_empty()) {
        out.push('-');
    }
    let n = int_part.len();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(group);
        }
        out.push(ch);
    }
    if !frac_part.is_empty() {
        out.push(point);
        out.push_str(frac_part);
    }
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

    /// The formatter as first written (one allocation per step), as the reference.
    fn reference(x: f64, decimals: usize, lang: Lang, keep_zeros: bool) -> String {
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
        let sign = if negative { "-" } else { "" };
        let frac = if frac_part.is_empty() {
            String::new()
        } else {
            format!("{point}{frac_part}")
        };
        format!("{sign}{grouped}{frac}")
    }

    #[test]
    fn formatting_matches_the_reference() {
        let mut xs = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1e15,
            1e15 - 1.0,
            123_456_789.0,
            2.5e-7,
        ];
        xs.extend([
            f64::NAN,
            f64::INFINITY,
            f64::MIN_POSITIVE,
            9_007_199_254_740_993.0,
        ]);
        let mut v = 0.37_f64;
        for k in 0..400 {
            v = (v * 7919.0 + 0.113).fract();
            let scale = 10f64.powi(k % 13 - 3);
            xs.push((v - 0.5) * scale);
            xs.push(((v - 0.5) * scale).round());
        }
        for &x in &xs {
            for d in [0, 1, 2, 3, 6] {
                for lang in [Lang::Id, Lang::En] {
                    assert_eq!(
                        format_number(x, d, lang),
                        reference(x, d, lang, false),
                        "{x} {d}"
                    );
                    assert_eq!(
                        format_fixed(x, d, lang),
                        reference(x, d, lang, true),
                        "{x} {d}"
                    );
                }
            }
        }
    }

    #[test]
    fn numbers_read_naturally_in_both_languages() {
        assert_eq!(format_number(1200.0, 0, Lang::Id), "1.200");
        assert_eq!(format_number(1200.0, 0, Lang::En), "1,200");
        assert_eq!(format_number(12.345, 1, Lang::Id), "12,3");
        assert_eq!(format_number(3.0, 2, Lang::En), "3");
        assert_eq!(format_number(-0.001, 2, Lang::En), "0");
        assert_eq!(format_number(-1234567.5, 1, Lang::En), "-1,234,567.5");
        assert_eq!(format_fixed(-0.001, 2, Lang::En), "-0.00");
        assert_eq!(format_fixed(-12000.0, 3, Lang::Id), "-12.000,000");
        assert_eq!(format_number(1e300, 2, Lang::En).len(), 401);
        assert_eq!(format_fixed(1.0, 70, Lang::En).len(), 72);
    }

    #[test]
    fn fill_keeps_unknown_placeholders() {
        let mut s = String::new();
        fill_into("{a} of {b} {c", &mut s, &mut |k, out| {
            if k == "a" {
                out.push('1');
            }
            k == "a"
        });
        assert_eq!(s, "1 of {b} {c");
    }
}
