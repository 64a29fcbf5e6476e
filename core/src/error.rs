//! One error type for the whole crate. Every variant says *where*: a pack file with line
//! and column, or a record with its field, so that a user can go straight to the fix.

use std::fmt;

/// A place in a pack file (1-based line and column; 0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// Path of the file relative to the pack folder, e.g. `pack.toml` or `indicators/users.rhai`.
    pub file: String,
    /// 1-based line, 0 if unknown.
    pub line: usize,
    /// 1-based column, 0 if unknown.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.file),
            (l, 0) => write!(f, "{}:{l}", self.file),
            (l, c) => write!(f, "{}:{l}:{c}", self.file),
        }
    }
}

/// One problem with one field of one record.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FieldProblem {
    /// The evidence field (column) name.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// Everything that can go wrong in matang.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The pack cannot be loaded: bad TOML, a semantic mistake, or a script that does not compile.
    #[error("{location}: {message}")]
    Pack {
        /// Where in the pack.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// A record's evidence does not fit the pack's schema.
    #[error("record {record}: {}", format_problems(.problems))]
    Evidence {
        /// The record's id, or its row when it has no id.
        record: String,
        /// Every problem found in the record, one per field.
        problems: Vec<FieldProblem>,
    },
    /// A rule script failed while assessing one record (a sandbox limit, a wrong return type...).
    #[error("record {record}: {location}: {message}")]
    Rule {
        /// The record's id or row.
        record: String,
        /// The script position.
        location: Location,
        /// What went wrong.
        message: String,
    },
    /// An input file (CSV, JSON, JSON Lines) cannot be read, or an input's columns do not
    /// fit the pack (a column that looks like a field).
    #[error("{}", input_place(source_name, *line, message))]
    Input {
        /// File name, `<stdin>`, or empty for a table in memory.
        source_name: String,
        /// 1-based line, 0 if unknown (then not shown).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file could not be opened or read.
    #[error("{path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// A caller asked for something that does not exist (an unknown pack, id or option).
    #[error("{0}")]
    Usage(String),
}

/// `file:line: message`, without the line when it is 0 and the file when it is empty (a
/// table in memory).
fn input_place(source_name: &str, line: usize, message: &str) -> String {
    match (source_name, line) {
        ("", _) => message.to_string(),
        (s, 0) => format!("{s}: {message}"),
        (s, l) => format!("{s}:{l}: {message}"),
    }
}

fn format_problems(problems: &[FieldProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("field '{}': {}", p.field, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    pub(crate) fn pack(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Error::Pack {
            location: Location {
                file: file.to_string(),
                line,
                column,
            },
            message: crate::excerpt::message(message.into()),
        }
    }

    pub(crate) fn io(path: &std::path::Path, e: &std::io::Error) -> Self {
        Error::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    }

    /// The record an evidence or rule error is about (its id, with where it came from).
    #[must_use]
    pub fn record_id(&self) -> Option<&str> {
        match self {
            Error::Evidence { record, .. } | Error::Rule { record, .. } => Some(record),
            _ => None,
        }
    }

    /// The message without the record it is about (for a line that names the record first).
    #[must_use]
    pub fn detail(&self) -> String {
        match self {
            Error::Evidence { problems, .. } => format_problems(problems),
            Error::Rule {
                location, message, ..
            } => format!("{location}: {message}"),
            other => other.to_string(),
        }
    }

    /// A short machine-readable kind: `pack`, `evidence`, `rule`, `input`, `io` or `usage`.
    ///
    /// Bindings map each kind to their own exception class.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Pack { .. } => "pack",
            Error::Evidence { .. } => "evidence",
            Error::Rule { .. } => "rule",
            Error::Input { .. } => "input",
            Error::Io { .. } => "io",
            Error::Usage(_) => "usage",
        }
    }

    /// The error's structured parts by name, as bindings set them on their exceptions:
    /// `file`, `line`, `column` (pack, rule), `record` (evidence, rule), `problems`
    /// (evidence: `[field, message]` pairs), `source` and `line` (input), `path` (io).
    #[must_use]
    pub fn attributes(&self) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::json;
        let at = |l: &Location| json!({"file": l.file, "line": l.line, "column": l.column});
        let value = match self {
            Error::Pack { location, .. } => at(location),
            Error::Evidence { record, problems } => {
                let pairs: Vec<[&str; 2]> = (problems.iter())
                    .map(|p| [p.field.as_str(), p.message.as_str()])
                    .collect();
                json!({"record": record, "problems": pairs})
            }
            Error::Rule {
                record, location, ..
            } => {
                let mut v = at(location);
                v["record"] = json!(record);
                v
            }
            Error::Input {
                source_name, line, ..
            } => json!({"source": source_name, "line": line}),
            Error::Io { path, .. } => json!({"path": path}),
            Error::Usage(_) => json!({}),
        };
        match value {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
