//! Output that data cannot turn against its reader: CSV cells a spreadsheet will not run as
//! formulas (OWASP "CSV injection"), and text a terminal will not take as commands (escape
//! sequences, carriage returns that overwrite a line, bidirectional overrides).
//!
//! ```
//! use matang::safe::{csv_cell, terminal, terminal_line};
//! assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
//! assert_eq!(csv_cell("Satrio Pasar"), "Satrio Pasar");
//! assert_eq!(terminal("\u{1b}[31mred\u{1b}[0m\nok"), "red\nok");
//! assert_eq!(terminal_line("two\nlines"), "two lines");
//! ```

use std::borrow::Cow;

/// A text cell for CSV output: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return (or the full-width `＝ ＋ － ＠`) gets a leading `'`, so a spreadsheet shows it as
/// text instead of evaluating it. Only for text columns: numbers are written as they are.
#[must_use]
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠') => {
            Cow::Owned(format!("'{s}"))
        }
        _ => Cow::Borrowed(s),
    }
}

/// Text for a terminal, line breaks kept: escape sequences (CSI, OSC and the like) are
/// removed whole, other control characters, C1 controls and bidirectional overrides are
/// removed, and a tab becomes a space.
#[must_use]
pub fn terminal(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// [`terminal`] for one value shown on one line (a table cell, a name): line breaks
/// become spaces too, so data cannot start a line of its own.
#[must_use]
pub fn terminal_line(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

/// Whether `c` can be printed as it is.
fn plain(c: char, one_line: bool) -> bool {
    match c {
        '\n' => !one_line,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => false,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}' => false,
        _ => true,
    }
}

fn clean(s: &str, one_line: bool) -> Cow<'_, str> {
    if s.chars().all(|c| plain(c, one_line)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            _ if plain(c, one_line) => out.push(c),
            '\n' | '\t' => out.push(' '),
            // ESC [ ... final byte, or the one-character CSI.
            '\u{1b}' if chars.peek() == Some(&'[') => {
                chars.next();
                skip_csi(&mut chars);
            }
            '\u{9b}' => skip_csi(&mut chars),
            // String commands (OSC, DCS, SOS, PM, APC) run to BEL or the string terminator.
            '\u{1b}' if matches!(chars.peek(), Some(']' | 'P' | 'X' | '^' | '_')) => {
                chars.next();
                skip_string(&mut chars);
            }
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            // Any other escape is ESC and one character.
            '\u{1b}' => {
                chars.next_if(|c| (' '..='~').contains(c));
            }
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// Skips a control sequence's parameter and intermediate characters and its final one.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if !(' '..='?').contains(&c) {
            return;
        }
    }
}

/// Skips a string command up to and including BEL, ESC `\` or the C1 string terminator.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' if chars.peek() == Some(&'\\') => {
                chars.next();
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_quoted_and_the_rest_left_alone() {
        for s in ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "＝1"] {
            assert_eq!(csv_cell(s), format!("'{s}"));
        }
        for s in ["", "QW-01", "a=b", "Rp 1.000", "'quoted"] {
            assert!(matches!(csv_cell(s), Cow::Borrowed(_)), "{s}");
        }
    }

    #[test]
    fn escape_sequences_and_controls_are_removed() {
        let cases = [
            ("\u{1b}[2J\u{1b}[1;31mred", "red"),
            ("a\u{1b}]0;title\u{7}b", "ab"),
            (
                "a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b",
                "alinkb",
            ),
            ("a\u{9b}31mb", "ab"),
            ("over\rwrite", "overwrite"),
            ("bell\u{7}\u{0}\u{7f}", "bell"),
            ("tab\there", "tab here"),
            ("\u{202e}txt.exe", "txt.exe"),
            ("a\u{1b}c", "a"),
            ("cut\u{1b}[", "cut"),
        ];
        for (input, want) in cases {
            assert_eq!(terminal(input), want, "{input:?}");
        }
        assert_eq!(terminal("line 1\nline 2"), "line 1\nline 2");
        assert_eq!(terminal_line("line 1\nline 2"), "line 1 line 2");
        assert!(matches!(terminal("Sudah ✓ baik"), Cow::Borrowed(_)));
    }
}
