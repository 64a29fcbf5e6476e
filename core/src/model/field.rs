//! The evidence schema: what each input field is, and how raw input (JSON values, or CSV
//! text in either number convention) becomes typed, validated evidence.

use crate::label::Label;
use serde::Serialize;
use serde_json::Value as Json;

/// The type of an evidence field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// A real number.
    Number,
    /// A whole number.
    Integer,
    /// Yes or no.
    Boolean,
    /// One of a fixed list of values.
    Enum,
    /// A calendar date (`YYYY-MM-DD`).
    Date,
    /// Free text.
    Text,
}

impl FieldKind {
    pub(crate) fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "number" => FieldKind::Number,
            "integer" => FieldKind::Integer,
            "boolean" => FieldKind::Boolean,
            "enum" => FieldKind::Enum,
            "date" => FieldKind::Date,
            "text" => FieldKind::Text,
            _ => return None,
        })
    }
}

/// What a blank value of a field means for the indicators that read it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenBlank {
    /// Unknown: an indicator left without a score by it is left out of its dimension's mean
    /// (the default).
    #[default]
    LeftOut,
    /// Not shown: an indicator left without a score by it scores the scale's minimum, so
    /// leaving evidence out never raises a score.
    Unmet,
    /// Not applicable, for the reason given: the indicator is left out and the reason shown.
    NotApplicable(Label),
}

/// One evidence field of a pack.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The field's name as it appears in CSV headers and JSON keys.
    pub id: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// Allowed values for an enum.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Labels of enum values, in the order of `values`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub value_labels: Vec<Label>,
    /// The unit, e.g. people, %, IDR.
    pub unit: Option<Label>,
    /// Smallest valid value (numbers, integers).
    pub min: Option<f64>,
    /// Largest valid value (numbers, integers).
    pub max: Option<f64>,
    /// A record without this field cannot be assessed.
    pub required: bool,
    /// What a blank value means (`missing` in the manifest).
    #[serde(rename = "missing")]
    pub when_blank: WhenBlank,
    /// Name shown to people.
    pub label: Label,
    /// Help text shown next to the input.
    pub help: Option<Label>,
    /// A typical value, for placeholders in forms.
    pub example: Option<Json>,
    /// `values` as shared strings, so an enum value costs no allocation per record.
    #[serde(skip)]
    pub(crate) interned: Vec<rhai::ImmutableString>,
}

/// How numbers are written in text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberFormat {
    /// `1234.5` (JSON, comma-separated CSV).
    #[default]
    Point,
    /// `1.234,5` (a spreadsheet in Indonesian locale: semicolon-separated CSV).
    Comma,
    /// Not known (text in a DataFrame or a Python dict): a number is read where both
    /// conventions read it alike or only one reads it, and refused where they differ
    /// (`4.000`: 4 or 4000?) or a comma may group thousands (`1,200`).
    Unknown,
}

/// A typed evidence value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No evidence.
    Missing,
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A real number.
    Float(f64),
    /// Enum value or text.
    Text(rhai::ImmutableString),
    /// A day number (days since 1970-01-01).
    Date(i64),
}

impl Value {
    /// The value as JSON (dates as `YYYY-MM-DD`).
    #[must_use]
    pub fn to_json(&self) -> Json {
        match self {
            Value::Missing => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Value::Text(s) => Json::String(s.to_string()),
            Value::Date(d) => Json::String(crate::date::format(*d)),
        }
    }
}

fn describe(v: &Json) -> String {
    match v {
        Json::String(s) => format!("'{}'", crate::excerpt::token(s)),
        other => crate::excerpt::token(&other.to_string()).into_owned(),
    }
}

const TRUE_WORDS: &[&str] = &["true", "ya", "yes", "y", "1", "ada", "benar"];
const FALSE_WORDS: &[&str] = &["false", "tidak", "no", "n", "0", "tidak ada", "salah"];

impl Field {
    /// Converts one raw value to typed evidence, or says what is wrong with it.
    ///
    /// # Errors
    /// A message naming the expected type or range and the value received.
    pub fn parse(&self, raw: &Json, numbers: NumberFormat) -> Result<Value, String> {
        if raw.is_null() || matches!(raw, Json::String(s) if s.trim().is_empty()) {
            return Ok(Value::Missing);
        }
        let value = match self.kind {
            FieldKind::Number | FieldKind::Integer => self.parse_number(raw, numbers)?,
            FieldKind::Boolean => match raw {
                Json::Bool(b) => Value::Bool(*b),
                Json::Number(n) if n.as_i64() == Some(0) || n.as_i64() == Some(1) => {
                    Value::Bool(n.as_i64() == Some(1))
                }
                Json::String(s) => {
                    let w = s.trim().to_lowercase();
                    if TRUE_WORDS.contains(&w.as_str()) {
                        Value::Bool(true)
                    } else if FALSE_WORDS.contains(&w.as_str()) {
                        Value::Bool(false)
                    } else {
                        return Err(format!(
                            "expected yes/no (true/false, ya/tidak), got {}",
                            describe(raw)
                        ));
                    }
                }
                _ => {
                    return Err(format!(
                        "expected yes/no (true/false, ya/tidak), got {}",
                        describe(raw)
                    ));
                }
            },
            FieldKind::Enum => {
                let Json::String(s) = raw else {
                    return Err(format!(
                        "expected {}, got {}",
                        crate::excerpt::one_of(&self.values),
                        describe(raw)
                    ));
                };
                let s = s.trim();
                let found = self
                    .values
                    .iter()
                    .position(|v| v.as_str() == s)
                    .or_else(|| self.values.iter().position(|v| v.eq_ignore_ascii_case(s)));
                match found {
                    Some(i) => Value::Text(self.interned[i].clone()),
                    None => {
                        return Err(format!(
                            "unknown value '{}': expected {}",
                            crate::excerpt::token(s),
                            crate::excerpt::one_of(&self.values)
                        ));
                    }
                }
            }
            FieldKind::Date => match raw {
                // A `;` file comes from a spreadsheet in Indonesian locale: dates day first.
                Json::String(s) if numbers == NumberFormat::Comma => {
                    Value::Date(crate::date::parse_day_first(s)?)
                }
                Json::String(s) => Value::Date(crate::date::parse(s)?),
                _ => return Err(format!("expected a date YYYY-MM-DD, got {}", describe(raw))),
            },
            FieldKind::Text => match raw {
                Json::String(s) => Value::Text(s.trim().into()),
                Json::Number(n) => Value::Text(n.to_string().into()),
                _ => return Err(format!("expected text, got {}", describe(raw))),
            },
        };
        Ok(value)
    }

    fn parse_number(&self, raw: &Json, numbers: NumberFormat) -> Result<Value, String> {
        let x = match raw {
            Json::Number(n) => n
                .as_f64()
                .ok_or_else(|| format!("{n} is not a usable number"))?,
            Json::String(s) => parse_number_text(s, numbers)?,
            Json::Bool(_) => return Err(format!("expected a number, got {}", describe(raw))),
            _ => return Err(format!("expected a number, got {}", describe(raw))),
        };
        self.number(x, &|| raw.clone())
    }

    /// Checks a number for this (number or integer) field; `raw` is the input as written,
    /// for messages.
    pub(crate) fn number(&self, x: f64, raw: &dyn Fn() -> Json) -> Result<Value, String> {
        if !x.is_finite() {
            return Err(format!(
                "expected a finite number, got {}",
                describe(&raw())
            ));
        }
        if let Some(min) = self.min
            && x < min
        {
            return Err(format!("{} is below the minimum {min}", describe(&raw())));
        }
        if let Some(max) = self.max
            && x > max
        {
            return Err(format!("{} is above the maximum {max}", describe(&raw())));
        }
        if self.kind == FieldKind::Integer {
            if x.fract() != 0.0 {
                return Err(format!("expected a whole number, got {}", describe(&raw())));
            }
            if x.abs() > 9.0e15 {
                return Err(format!("{} is too large", describe(&raw())));
            }
            #[allow(clippy::cast_possible_truncation)]
            return Ok(Value::Int(x as i64));
        }
        Ok(Value::Float(x))
    }
}

/// Parses a number written as text, in the file's convention. Anything that could be read
/// two ways (`1,200` in a comma-decimal file, `1.5` in a comma-decimal file) is refused.
///
/// # Errors
/// A message saying why the text is not a number or is ambiguous.
pub fn parse_number_text(text: &str, numbers: NumberFormat) -> Result<f64, String> {
    // Plain digits (the common case) need no separator analysis and no allocation.
    let plain = text.strip_prefix('-').unwrap_or(text);
    if !plain.is_empty()
        && plain
            .bytes()
            .all(|b| b.is_ascii_digit() || (b == b'.' && numbers == NumberFormat::Point))
        && plain.bytes().filter(|b| *b == b'.').count()
            <= usize::from(numbers == NumberFormat::Point)
        && plain.as_bytes()[0].is_ascii_digit()
        && plain.as_bytes()[plain.len() - 1].is_ascii_digit()
        && let Ok(x) = text.parse::<f64>()
    {
        return Ok(x);
    }
    if numbers == NumberFormat::Unknown {
        return parse_either(text);
    }
    let t = text.trim().replace(['\u{a0}', ' '], "");
    let lower = t.to_ascii_lowercase();
    if ["nan", "inf", "-inf", "+inf", "infinity", "-infinity"].contains(&lower.as_str()) {
        return Err(format!("expected a finite number, got '{}'", text.trim()));
    }
    let not_number = || format!("expected a number, got '{}'", text.trim());
    let normal = match numbers {
        NumberFormat::Point => {
            if t.contains(',') {
                let int_part = t.split('.').next().unwrap_or("");
                if grouped(int_part, ',') && !t.ends_with(',') {
                    return Err(format!(
                        "'{}' is ambiguous: thousands separator or decimal comma? Write it without separators (e.g. 1200 or 1.2), or export the file with ';' as the separator to use decimal commas",
                        text.trim()
                    ));
                }
                return Err(format!(
                    "'{}' uses a decimal comma in a file separated by ','; write it with a point (e.g. 3.5), or export with ';' as the separator",
                    text.trim()
                ));
            }
            t
        }
        NumberFormat::Comma | NumberFormat::Unknown => {
            let (int_part, frac) = match t.split_once(',') {
                Some((i, f)) => (i.to_string(), Some(f.to_string())),
                None => (t.clone(), None),
            };
            if frac
                .as_deref()
                .is_some_and(|f| f.contains(',') || f.contains('.'))
            {
                return Err(not_number());
            }
            let int_clean = if int_part.contains('.') {
                if !grouped(&int_part, '.') {
                    return Err(format!(
                        "'{}' is ambiguous in a ';'-separated (Indonesian) file: use a decimal comma (e.g. 3,5) and '.' only to group thousands (e.g. 1.200)",
                        text.trim()
                    ));
                }
                int_part.replace('.', "")
            } else {
                int_part
            };
            match frac {
                Some(f) => format!("{int_clean}.{f}"),
                None => int_clean,
            }
        }
    };
    let valid = !normal.is_empty()
        && normal
            .trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && normal.chars().filter(|c| *c == '.').count() <= 1
        && normal.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return Err(not_number());
    }
    normal.parse::<f64>().map_err(|_| not_number())
}

/// Whether `s` is digits grouped by `sep` in threes (`1.200`, `-12,345,678`).
fn grouped(s: &str, sep: char) -> bool {
    let body = s.trim_start_matches(['-', '+']);
    let mut parts = body.split(sep);
    let first = parts.next().unwrap_or("");
    !first.is_empty()
        && first.len() <= 3
        && first.chars().all(|c| c.is_ascii_digit())
        && body.contains(sep)
        && parts.all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// [`parse_number_text`] for [`NumberFormat::Unknown`]: each convention's reading, kept
/// only when it cannot mean another number; messages name no file or separator.
fn parse_either(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let point = parse_number_text(text, NumberFormat::Point);
    let comma = parse_number_text(text, NumberFormat::Comma);
    let commas_group = t.contains(',') && grouped(t.split('.').next().unwrap_or(""), ',');
    match (point, comma) {
        (Ok(p), Ok(c)) if p == c => Ok(p),
        (Ok(p), Ok(c)) => Err(format!(
            "'{t}' is ambiguous: {p} with a decimal point, or {c} with '.' grouping thousands? \
             Give it as a number, or as text without thousands separators (e.g. {c} or {p})"
        )),
        (Ok(p), Err(_)) => Ok(p),
        (Err(_), _) if commas_group => Err(format!(
            "'{t}' is ambiguous: thousands separator or decimal comma? Give it as a number, \
             or as text without thousands separators (e.g. 1200 or 1.2)"
        )),
        (Err(_), Ok(c)) => Ok(c),
        (Err(_), Err(_)) if t.contains(',') => Err(format!(
            "expected a number, got '{t}': write it without thousands separators, with a \
             point or a comma for decimals (e.g. 1200.5 or 1200,5)"
        )),
        (Err(e), Err(_)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_unknown_convention_is_read_only_when_it_means_one_number() {
        let either = |t| parse_number_text(t, NumberFormat::Unknown);
        assert_eq!(either("4000"), Ok(4000.0));
        assert_eq!(either("99,5"), Ok(99.5));
        assert_eq!(either("99.5"), Ok(99.5));
        assert_eq!(either("1.234.567"), Ok(1_234_567.0));
        assert_eq!(either("1.200,5"), Ok(1200.5));
        assert_eq!(either(" -7 "), Ok(-7.0));
        for refused in ["4.000", "1,200", "0.500", "12,345,678"] {
            let e = either(refused).expect_err(refused);
            assert!(e.contains("ambiguous"), "{e}");
            assert!(!e.contains("file") && !e.contains("export"), "{e}");
        }
        for bad in ["1,2,3", "abc", "nan", "1.2.3,4,5"] {
            let e = either(bad).expect_err(bad);
            assert!(!e.contains("file") && !e.contains("export"), "{e}");
        }
    }

    #[test]
    fn indonesian_numbers_are_read_or_refused_never_misread() {
        assert_eq!(parse_number_text("1.200", NumberFormat::Comma), Ok(1200.0));
        assert_eq!(parse_number_text("99,5", NumberFormat::Comma), Ok(99.5));
        assert_eq!(
            parse_number_text("1.234.567,25", NumberFormat::Comma),
            Ok(1_234_567.25)
        );
        assert!(parse_number_text("99.5", NumberFormat::Comma).is_err());
        assert_eq!(parse_number_text("99.5", NumberFormat::Point), Ok(99.5));
        assert!(parse_number_text("1,200", NumberFormat::Point).is_err());
        assert!(parse_number_text("3,5", NumberFormat::Point).is_err());
        assert!(parse_number_text("NaN", NumberFormat::Point).is_err());
        assert!(parse_number_text("12abc", NumberFormat::Point).is_err());
        assert!(parse_number_text("-", NumberFormat::Point).is_err());
        assert_eq!(parse_number_text("-7", NumberFormat::Point), Ok(-7.0));
    }
}
