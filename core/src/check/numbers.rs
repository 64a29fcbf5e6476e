//! The numbers of a pack's rules, read from their text for the lint: thresholds an
//! indicator compares evidence with (which a source or an `[A]` mark must account for), and
//! bands written out of order (a `band` list not increasing, an `if` / `else if` chain whose
//! later branch an earlier one already takes).

/// One token of a rule; comments and strings are dropped.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String),
    Number(f64, String),
    /// `<`, `<=`, `>`, `>=`, `==`, `!=`.
    Compare(&'static str),
    Other(char),
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    i += 1;
                }
                i += 2;
            }
            '"' | '`' | '\'' => {
                i += 1;
                while i < chars.len() && chars[i] != c {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
            }
            '<' | '>' | '=' | '!' if next == Some('=') => {
                out.push(Token::Compare(match c {
                    '<' => "<=",
                    '>' => ">=",
                    '=' => "==",
                    _ => "!=",
                }));
                i += 2;
            }
            '=' if next == Some('>') => {
                out.push(Token::Other('→'));
                i += 2;
            }
            '<' | '>' => {
                out.push(Token::Compare(if c == '<' { "<" } else { ">" }));
                i += 1;
            }
            c if c.is_ascii_digit() => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_digit()
                        || chars[i] == '_'
                        || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
                {
                    i += 1;
                }
                let text: String = chars[start..i].iter().filter(|c| **c != '_').collect();
                out.push(Token::Number(text.parse().unwrap_or(f64::NAN), text));
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push(Token::Name(chars[start..i].iter().collect()));
            }
            c if c.is_whitespace() => i += 1,
            c => {
                out.push(Token::Other(c));
                i += 1;
            }
        }
    }
    out
}

/// The numbers evidence is compared with in `rule`: operands of a comparison and members of
/// a list (`band(x, [10, 100])`), without 0 (no threshold is needed to tell none from some),
/// as written, first occurrence only.
pub(crate) fn thresholds(rule: &str) -> Vec<String> {
    let t = tokens(rule);
    let mut depth = 0usize;
    let mut out: Vec<String> = Vec::new();
    for (i, tok) in t.iter().enumerate() {
        match tok {
            Token::Other('[') => depth += 1,
            Token::Other(']') => depth = depth.saturating_sub(1),
            Token::Number(x, text) => {
                let compared = matches!(i.checked_sub(1).map(|p| &t[p]), Some(Token::Compare(_)))
                    || matches!(t.get(i + 1), Some(Token::Compare(_)));
                if (compared || depth > 0) && *x != 0.0 && !out.contains(text) {
                    out.push(text.clone());
                }
            }
            _ => {}
        }
    }
    out
}

/// What is out of order in `rule`'s bands, in words (empty: nothing).
pub(crate) fn band_disorder(rule: &str) -> Vec<String> {
    let t = tokens(rule);
    let mut out = Vec::new();
    // `band(x, [a, b, ...])`: the thresholds must increase.
    for (i, tok) in t.iter().enumerate() {
        if *tok != Token::Name("band".into()) || t.get(i + 1) != Some(&Token::Other('(')) {
            continue;
        }
        let call = (i + 2..t.len()).take_while(|&j| t[j] != Token::Other(')'));
        let Some(open) = call.into_iter().find(|&j| t[j] == Token::Other('[')) else {
            continue;
        };
        let mut list = Vec::new();
        for tok in &t[open + 1..] {
            match tok {
                Token::Number(x, text) => list.push((*x, text.clone())),
                Token::Other(',') => {}
                _ => break,
            }
        }
        let texts: Vec<&str> = list.iter().map(|(_, s)| s.as_str()).collect();
        if list.windows(2).any(|w| w[1].0 <= w[0].0) {
            out.push(format!(
                "band thresholds [{}] do not increase: a score band is empty or out of order",
                texts.join(", ")
            ));
        }
    }
    // `if x < a {..} else if x < b {..}`: with b <= a the second branch is never taken.
    let mut chain: Vec<(String, &'static str, f64, String)> = Vec::new();
    for (i, tok) in t.iter().enumerate() {
        if *tok != Token::Name("if".into()) {
            continue;
        }
        if i == 0 || t[i - 1] != Token::Name("else".into()) {
            chain.clear();
        }
        let (Some(Token::Name(var)), Some(Token::Compare(op)), Some(Token::Number(x, text))) =
            (t.get(i + 1), t.get(i + 2), t.get(i + 3))
        else {
            continue;
        };
        let upward = match *op {
            "<" | "<=" => true,
            ">" | ">=" => false,
            _ => continue,
        };
        let earlier = chain.iter().find(|(v, o, y, _)| {
            v == var
                && matches!(*o, "<" | "<=") == upward
                && if upward {
                    *x < *y || (*x == *y && (*op == "<" || *o == "<="))
                } else {
                    *x > *y || (*x == *y && (*op == ">" || *o == ">="))
                }
        });
        if let Some((_, o, _, y)) = earlier {
            out.push(format!(
                "branch `{var} {op} {text}` comes after `{var} {o} {y}`, which takes all its values: the bands overlap"
            ));
        }
        chain.push((var.clone(), op, *x, text.clone()));
    }
    out
}

/// Whether `text` names `term` as a whole word or phrase (case-insensitive).
pub(crate) fn names(text: &str, term: &str) -> bool {
    let (text, term) = (text.to_lowercase(), term.to_lowercase());
    if term.trim().is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(&term).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + term.len()..].chars().next())
    })
}

/// Whether `text` has the number `x` in it (`1.8` in "cut points 1.8/2.6").
pub(crate) fn has_number(text: &str, x: f64) -> bool {
    tokens(text)
        .iter()
        .any(|t| matches!(t, Token::Number(y, _) if (y - x).abs() < 1e-9))
}

/// Whether a rule's comments carry a provenance mark: `[A]` assumption, `[S]` sourced,
/// `[I]` inferred.
pub(crate) fn marked(rule: &str) -> bool {
    ["[A]", "[S]", "[I]"].iter().any(|m| rule.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_compared_or_listed_numbers_not_scores() {
        let rule = "// 99 in a comment\nif x == () { () } else if x < 65 { 1 } else if x <= 94 { 4 } \
                    else { 1 + band(y, [5, 20.5, 1_000]) + 0 * z }";
        assert_eq!(thresholds(rule), ["65", "94", "5", "20.5", "1000"]);
        assert!(thresholds("switch s { \"a\" => 5, _ => () }").is_empty());
    }

    #[test]
    fn out_of_order_bands_and_overlapping_branches_are_found() {
        assert!(band_disorder("1 + band(x, [10, 100, 1000])").is_empty());
        assert_eq!(band_disorder("band(x, [10, 10, 5])").len(), 1);
        let fine = "if x < 65 { 1 } else if x < 76.61 { 2 } else if x <= 94 { 4 } else { 5 }";
        assert!(band_disorder(fine).is_empty());
        let found = band_disorder("if x < 80 { 1 } else if x < 50 { 2 } else { 5 }");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`x < 50` comes after `x < 80`"));
        assert_eq!(
            band_disorder("if x >= 5 { 5 } else if x > 7 { 4 }").len(),
            1
        );
        // Separate statements are no chain.
        assert!(band_disorder("if x < 80 { a = 1; } if x < 50 { b = 2; }").is_empty());
    }

    #[test]
    fn names_match_whole_words() {
        assert!(names("[A] thresholds (uptime 90-95%)", "Uptime"));
        assert!(!names("downtime", "time"));
        assert!(has_number("cut points 1.8/2.6/3.5/4.2", 3.5));
        assert!(!has_number("cut points 1.85", 1.8));
    }
}
