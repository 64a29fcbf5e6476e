//! The `matang` command-line tool: assess, rank, explain and check with a rule pack.

use clap::{Parser, Subcommand, ValueEnum};
use matang::{Error, Lang, Pack, Record, input, safe, text};
use std::io::Write;
use std::process::ExitCode;

/// Score the maturity of smart-city quickwins (and any initiative) with a rule pack.
#[derive(Parser)]
#[command(name = "matang", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutFormat {
    Table,
    Json,
    Csv,
}

#[derive(clap::Args)]
struct Common {
    /// Rule pack folder, or the id of a built-in pack.
    #[arg(long, default_value = "smart-city-quickwin")]
    pack: String,
    /// Language of labels and reasons: id (Indonesian) or en (English).
    #[arg(long, default_value = "id")]
    lang: String,
}

#[derive(Subcommand)]
enum Command {
    /// Score every item of INPUT (CSV, JSON array or JSON Lines; `-` for standard input).
    Assess {
        #[command(flatten)]
        common: Common,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutFormat,
        /// Portfolio file.
        input: String,
    },
    /// Rank the items, pick the top N and compare with a previous assessment.
    Rank {
        #[command(flatten)]
        common: Common,
        /// How many to select (default: the pack's).
        #[arg(long)]
        top: Option<usize>,
        /// Last year's records or results (a file with `id` and evidence, or `id` and `total`).
        #[arg(long)]
        previous: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutFormat,
        /// Portfolio file.
        input: String,
    },
    /// Explain one item in full: reasons, gates and the gap to the next level.
    Explain {
        #[command(flatten)]
        common: Common,
        /// The item's id.
        #[arg(long)]
        id: String,
        /// Output format (table = readable text).
        #[arg(long, value_enum, default_value = "table")]
        format: OutFormat,
        /// Portfolio file.
        input: String,
    },
    /// Write a self-contained HTML report: portfolio chart, ranked table, a card per item.
    Report {
        #[command(flatten)]
        common: Common,
        /// How many to select (default: the pack's).
        #[arg(long)]
        top: Option<usize>,
        /// Last year's records or results (totals for plus / minus; evidence also draws
        /// last year's shape on each radar chart).
        #[arg(long)]
        previous: Option<String>,
        /// Output file (`-` or none: standard output).
        #[arg(short, long)]
        output: Option<String>,
        /// Portfolio file.
        input: String,
    },
    /// Validate packs and run their test vectors.
    Check {
        /// Pack folders (or built-in ids).
        #[arg(required = true)]
        packs: Vec<String>,
    },
}

fn load_pack(spec: &str) -> Result<Pack, Error> {
    if std::path::Path::new(spec).is_dir() {
        Pack::load(spec)
    } else {
        Pack::builtin(spec)
    }
}

/// Prints a note on standard error with control characters from the data removed; a
/// standard error that cannot be written leaves nowhere to report, so it is not an error.
fn note(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", safe::terminal(text));
}

/// The records of `path`, its columns checked once: one that looks like a field is an
/// error, the others are ignored with one warning.
fn read(pack: &Pack, path: &str) -> Result<Vec<Record>, Error> {
    let table = input::read_table(path)?;
    if let Some(w) = table.check_columns(pack, false)? {
        note(&format!("warning: {path}: {w}"));
    }
    Ok(table.records)
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn error_json(e: &Error) -> serde_json::Value {
    let mut v = serde_json::json!({"kind": e.kind(), "message": e.to_string()});
    match e {
        Error::Evidence { record, problems } => {
            v["id"] = record.clone().into();
            v["problems"] = serde_json::to_value(problems).unwrap_or_default();
        }
        Error::Rule {
            record, location, ..
        } => {
            v["id"] = record.clone().into();
            v["location"] = serde_json::to_value(location).unwrap_or_default();
        }
        _ => {}
    }
    serde_json::json!({"error": v})
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let mut out = String::new();
    let mut code = ExitCode::SUCCESS;
    match cli.command {
        Command::Assess {
            common,
            format,
            input,
        } => {
            let (pack, lang) = (load_pack(&common.pack)?, common.lang.parse::<Lang>()?);
            let records = read(&pack, &input)?;
            let results = pack.assess_many(&records, lang);
            if results.iter().any(Result::is_err) {
                code = ExitCode::from(1);
            }
            out = match format {
                OutFormat::Table => text::assessments_table(&pack, &results, lang),
                OutFormat::Csv => text::assessments_csv(&pack, &results),
                OutFormat::Json => {
                    let items: Vec<serde_json::Value> = results
                        .iter()
                        .map(|r| match r {
                            Ok(a) => serde_json::to_value(a).unwrap_or_default(),
                            Err(e) => error_json(e),
                        })
                        .collect();
                    json(&items)
                }
            };
        }
        Command::Rank {
            common,
            top,
            previous,
            format,
            input,
        } => {
            let (pack, lang) = (load_pack(&common.pack)?, common.lang.parse::<Lang>()?);
            let records = read(&pack, &input)?;
            let results = pack.assess_portfolio(&records, lang);
            let previous = previous
                .map(|p| read(&pack, &p).map(|r| pack.previous_totals(&r)))
                .transpose()?;
            let ranking = pack.rank(&results, top, previous.as_ref(), lang);
            code = failures(&ranking);
            out = match format {
                OutFormat::Table => text::ranking_table(&pack, &ranking, lang),
                OutFormat::Csv => text::ranking_csv(&ranking),
                OutFormat::Json => json(&ranking),
            };
        }
        Command::Explain {
            common,
            id,
            format,
            input,
        } => {
            let (pack, lang) = (load_pack(&common.pack)?, common.lang.parse::<Lang>()?);
            let records = read(&pack, &input)?;
            let mut same = records.iter().filter(|r| r.id() == id);
            let first = same.next();
            if let (Some(a), Some(b)) = (first, same.next()) {
                return Err(Error::Usage(format!(
                    "id '{id}' appears twice in {input}: {} and {}",
                    a.origin.as_deref().unwrap_or("?"),
                    b.origin.as_deref().unwrap_or("?")
                )));
            }
            let record = first.ok_or_else(|| {
                let ids: Vec<String> = records.iter().map(Record::id).collect();
                Error::Usage(format!(
                    "no item with id '{id}' in {input}; ids: {}",
                    ids.join(", ")
                ))
            })?;
            let a = pack.assess_with_plan(record, lang)?;
            out = match format {
                OutFormat::Json => json(&a),
                _ => text::explanation(&pack, &a, lang),
            };
        }
        Command::Report {
            common,
            top,
            previous,
            output,
            input,
        } => {
            let (pack, lang) = (load_pack(&common.pack)?, common.lang.parse::<Lang>()?);
            let records = read(&pack, &input)?;
            let mut results = pack.assess_portfolio(&records, lang);
            pack.attach_plans(&records, &mut results, lang);
            // Last year's shapes: records with evidence assess; results files (only totals) do not.
            let (previous_totals, previous_shapes) = match previous {
                Some(p) => {
                    let (totals, shapes) = pack.previous_assessments(&read(&pack, &p)?, lang);
                    (Some(totals), shapes)
                }
                None => (None, Vec::new()),
            };
            let ranking = pack.rank(&results, top, previous_totals.as_ref(), lang);
            code = failures(&ranking);
            let html = matang::report::html_report_with_previous(
                &pack,
                &results,
                &ranking,
                previous_totals.as_ref(),
                &previous_shapes,
                lang,
            );
            match output.as_deref() {
                None | Some("-") => out = html,
                Some(path) => {
                    std::fs::write(path, html).map_err(|e| Error::Io {
                        path: path.to_string(),
                        message: e.to_string(),
                    })?;
                    note(&format!("wrote {path}"));
                    return Ok(code);
                }
            }
        }
        Command::Check { packs } => {
            for spec in packs {
                match load_pack(&spec).and_then(|p| p.check()) {
                    Ok(report) if report.passed() => {
                        out.push_str(&format!(
                            "ok    {spec} ({}): {} vectors passed\n",
                            report.pack, report.ran
                        ));
                    }
                    Ok(report) => {
                        code = ExitCode::from(1);
                        out.push_str(&format!(
                            "FAIL  {spec} ({}): {} of {} vectors failed\n",
                            report.pack,
                            report.failures.len(),
                            report.ran
                        ));
                        for f in &report.failures {
                            out.push_str(&format!("  {}\n", f.replace('\n', "\n  ")));
                        }
                    }
                    Err(e) => {
                        code = ExitCode::from(1);
                        out.push_str(&format!("FAIL  {spec}: {e}\n"));
                    }
                }
            }
            // Vector diffs and pack errors quote the pack's text.
            out = safe::terminal(&out).into_owned();
        }
    }
    write_stdout(&out)?;
    Ok(code)
}

/// Exit code 1 when a record of the input or of the previous assessment could not be used.
fn failures(ranking: &matang::Ranking) -> ExitCode {
    if ranking.ranking.iter().any(|r| r.error.is_some()) || !ranking.warnings.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes the output; any failure (a full disk, a closed pipe) is an error, never lost data.
fn write_stdout(out: &str) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io {
        path: "standard output".into(),
        message: e.to_string(),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes()).map_err(io)?;
    if !out.ends_with('\n') {
        stdout.write_all(b"\n").map_err(io)?;
    }
    stdout.flush().map_err(io)
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            note(&format!("error: {e}"));
            ExitCode::from(2)
        }
    }
}
