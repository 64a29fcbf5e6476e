//! A rule as the pack states it: its source text, where that text stands in the pack's files
//! (so errors point into the file), and the evidence it reads. The engine compiles it.

use crate::error::Location;

/// One rule's source: a derived value, an indicator, a gate, a selection condition or the
/// progress ratio.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub source: String,
    pub origin: Origin,
    /// Evidence fields (and derived values) the rule reads, in schema order.
    pub reads: Vec<usize>,
}

impl Rule {
    /// `source`, found at `origin`, reading whichever of `names` it mentions.
    pub(crate) fn new(source: &str, origin: Origin, names: &[String]) -> Rule {
        let reads = identifiers(source)
            .iter()
            .filter_map(|id| names.iter().position(|n| n == id))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        Rule {
            source: source.to_string(),
            origin,
            reads,
        }
    }
}

/// Where a script's text starts inside its file, so positions can be reported in the file.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Origin {
    pub(crate) fn whole_file(file: &str) -> Self {
        Origin {
            file: file.to_string(),
            line: 1,
            column: 1,
        }
    }

    /// The origin of an inline string in a TOML file, from the span of its token.
    pub(crate) fn inline(file: &str, text: &str, span: std::ops::Range<usize>) -> Self {
        let token = text.get(span.clone()).unwrap_or("");
        let mut start = span.start;
        if token.starts_with("\"\"\"") || token.starts_with("'''") {
            start += 3;
            let rest = text.get(start..).unwrap_or("");
            if rest.starts_with("\r\n") {
                start += 2;
            } else if rest.starts_with('\n') {
                start += 1;
            }
        } else {
            start += 1;
        }
        let (line, column) = line_col(text, start);
        Origin {
            file: file.to_string(),
            line,
            column,
        }
    }

    /// The place in the file of a 1-based line and column counted inside the script.
    pub(crate) fn locate(&self, line: Option<usize>, column: Option<usize>) -> Location {
        match (line, column) {
            (Some(l), c) => Location {
                file: self.file.clone(),
                line: self.line + l - 1,
                column: match (l, c) {
                    (1, Some(c)) => self.column + c - 1,
                    (_, Some(c)) => c,
                    (_, None) => 0,
                },
            },
            _ => Location {
                file: self.file.clone(),
                line: self.line,
                column: self.column,
            },
        }
    }
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Identifiers in a script outside strings and comments (to know which fields it reads).
fn identifiers(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = source.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '"' || c == '`' || c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let prev_dot = start > 0 && chars[start - 1] == '.';
            if !prev_dot {
                out.push(chars[start..i].iter().collect());
            }
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_positions_point_into_the_toml_file() {
        let text = "a = 1\nrule = '''\nx +\n  y'''\n";
        let start = text.find("'''").unwrap();
        let o = Origin::inline("pack.toml", text, start..text.len() - 1);
        assert_eq!((o.line, o.column), (3, 1));
        let loc = o.locate(Some(2), Some(3));
        assert_eq!((loc.line, loc.column), (4, 3));
    }

    #[test]
    fn identifiers_skip_strings_comments_and_properties() {
        let ids = identifiers("a + b.c // d\n \"e\" /* f */ g");
        assert_eq!(ids, vec!["a", "b", "g"]);
    }
}
