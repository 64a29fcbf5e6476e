//! The `matang` command-line tool: assess, rank, explain and check with a rule pack.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use matang::{Error, Lang, Pack, Record, input, safe, text};
use std::io::Write;
use std::process::ExitCode;

#[path = "matang/author.rs"]
mod author;
#[path = "matang/plan.rs"]
mod plan;

#[path = "matang/stream.rs"]
mod stream;

const AFTER_HELP: &str = "\
Examples:
  matang rank --top 4 --previous previous-2018.csv portfolio.csv
  matang assess --format csv --lang en portfolio.csv > scores.csv
  matang assess --format jsonl national.csv > national.jsonl
  matang rank --format csv --csv-dialect id portfolio.csv > peringkat.csv
  matang rank --top 4 --sheet Data portfolio.xlsx --format xlsx -o peringkat.xlsx
  matang explain --id QW-04 portfolio.csv
  matang report -o report.html portfolio.csv
  matang plan --by opd -o action-plan.md portfolio.csv
  matang plan --by opd -o action-plan.xlsx portfolio.csv
  matang doc smart-city-quickwin --lang en -o method.html
  matang template smart-city-quickwin -o evidence.xlsx
  matang check --coverage --threshold 100 rules/*/
  matang check --format junit rules/*/ > matang-check.xml
  matang new rules/my-pack
  matang lint rules/my-pack
  matang packs
  matang completions bash > /etc/bash_completion.d/matang
  matang manpage > /usr/local/share/man/man1/matang.1

Exit codes:
  0  everything assessed
  1  some items (or packs in `check`) failed; the others are in the output
  2  nothing was done: bad arguments, an unreadable pack or input file";

/// Score the maturity of smart-city quickwins (and any initiative) with a rule pack.
#[derive(Parser)]
#[command(name = "matang", version, about, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutFormat {
    /// Readable text for a terminal.
    Table,
    /// JSON.
    Json,
    /// CSV, one row per item.
    Csv,
    /// JSON Lines: one JSON object per item and line, written as items are assessed.
    Jsonl,
    /// An Excel workbook (needs `-o FILE`): ranked table, selection, a sheet per dimension.
    Xlsx,
}

/// How CSV output is written.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CsvDialectArg {
    /// `,` between cells, `.` before decimals.
    Plain,
    /// Indonesian spreadsheets: `;` between cells, decimal comma, UTF-8 BOM.
    Id,
}

impl CsvDialectArg {
    /// The dialect, refused when the output is not CSV (it would be silently ignored).
    fn for_format(self, format: OutFormat) -> Result<text::CsvDialect, Error> {
        match (self, format) {
            (CsvDialectArg::Plain, _) => Ok(text::CsvDialect::Plain),
            (CsvDialectArg::Id, OutFormat::Csv) => Ok(text::CsvDialect::Indonesian),
            (CsvDialectArg::Id, _) => Err(Error::Usage(
                "--csv-dialect id is for --format csv output".into(),
            )),
        }
    }
}

/// Languages of labels and reasons.
#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    /// Indonesian (numbers with a decimal comma).
    Id,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Id => Lang::Id,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(clap::Args)]
struct Common {
    /// Rule pack folder, or the id of a built-in pack.
    #[arg(long, default_value = "smart-city-quickwin")]
    pack: String,
    /// Language of labels and reasons.
    #[arg(long, value_enum, default_value = "id")]
    lang: LangArg,
    /// The sheet to read when INPUT (or --previous) is a workbook (default: the first).
    #[arg(long)]
    sheet: Option<String>,
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
        /// CSV output for `--format csv`: plain, or id (Indonesian Excel).
        #[arg(long, value_enum, default_value = "plain")]
        csv_dialect: CsvDialectArg,
        /// Output file (`-` or none: standard output; required for xlsx).
        #[arg(short, long)]
        output: Option<String>,
        /// Portfolio file (CSV, JSON, JSON Lines, or a workbook: .xlsx, .xls, .ods).
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
        /// CSV output for `--format csv`: plain, or id (Indonesian Excel).
        #[arg(long, value_enum, default_value = "plain")]
        csv_dialect: CsvDialectArg,
        /// Output file (`-` or none: standard output; required for xlsx).
        #[arg(short, long)]
        output: Option<String>,
        /// Portfolio file (CSV, JSON, JSON Lines, or a workbook: .xlsx, .xls, .ods).
        input: String,
    },
    /// Explain one item in full: reasons, gates and the gap to the next level.
    Explain {
        #[command(flatten)]
        common: Common,
        /// The item's id.
        #[arg(long)]
        id: String,
        /// Output format (table = readable text; csv is refused: one item has no rows).
        #[arg(long, value_enum, default_value = "table")]
        format: OutFormat,
        /// Portfolio file.
        input: String,
    },
    /// Write a self-contained HTML report: portfolio chart, ranked table, a card per item,
    /// and the methodology as an annex.
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
        /// Leave out the annex on how items are scored (the methodology document).
        #[arg(long)]
        no_method: bool,
        /// Output file (`-` or none: standard output).
        #[arg(short, long)]
        output: Option<String>,
        /// Portfolio file.
        input: String,
    },
    /// Write each item's action plan: the evidence changes that reach its next level, as a
    /// checklist grouped by a field (e.g. `--by opd`), in Markdown, CSV or a workbook.
    Plan {
        #[command(flatten)]
        common: Common,
        /// Group the items by this field (e.g. the responsible office).
        #[arg(long)]
        by: Option<String>,
        /// Output format (default: from the name of the output file, else md).
        #[arg(long, value_enum)]
        format: Option<plan::PlanFormat>,
        /// Output file (`-` or none: standard output).
        #[arg(short, long)]
        output: Option<String>,
        /// Portfolio file.
        input: String,
    },
    /// Validate packs and run their test vectors (and measure what they cover).
    Check {
        /// Output format: table, json, or junit (JUnit XML for CI).
        #[arg(long, value_enum, default_value = "table")]
        format: author::CheckFormat,
        /// Also report which indicator scores, gate outcomes and levels the vectors reach.
        #[arg(long)]
        coverage: bool,
        /// With --coverage: exit 1 when a pack's coverage is under N percent.
        #[arg(long, value_name = "N", requires = "coverage")]
        threshold: Option<f64>,
        /// Pack folders (or built-in ids).
        #[arg(required = true)]
        packs: Vec<String>,
    },
    /// Write a pack's methodology document (HTML, prints on A4): how items are scored.
    Doc {
        /// Rule pack folder, or the id of a built-in pack.
        pack: String,
        /// Language of the document.
        #[arg(long, value_enum, default_value = "id")]
        lang: LangArg,
        /// Output file (`-` or none: standard output).
        #[arg(short, long)]
        output: Option<String>,
    },
    /// Write a blank evidence form from the pack's schema: .xlsx (notes, dropdowns, range
    /// checks, a guide sheet) or .csv, with an example row; the filled form loads with assess.
    Template {
        /// Rule pack folder, or the id of a built-in pack.
        pack: String,
        /// Language of the notes, dropdown words and guide.
        #[arg(long, value_enum, default_value = "id")]
        lang: LangArg,
        /// Output file, .xlsx or .csv (`-` or none: CSV on standard output).
        #[arg(short, long)]
        output: Option<String>,
    },
    /// Find what a pack probably does not mean: evidence no rule reads, indicators that
    /// never reach the scale's ends, unreachable levels, gates that read nothing, labels in
    /// one language only. Exit 1 when anything is found.
    Lint {
        /// Pack folders (or built-in ids).
        #[arg(required = true)]
        packs: Vec<String>,
    },
    /// Start a new pack in DIR (which must not exist): one field, dimension, indicator,
    /// gate, two levels and test vectors covering them; `matang check --coverage` passes.
    New {
        /// The new pack's folder; its name is the pack id.
        dir: String,
    },
    /// List the built-in packs: id, version and fingerprint.
    Packs,
    /// Print a shell completion script (e.g. `matang completions bash > ~/.local/share/bash-completion/completions/matang`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `matang manpage > /usr/local/share/man/man1/matang.1`.
    Manpage,
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

/// The records of `path` (of `sheet` when it is a workbook), its columns checked once:
/// one that looks like a field is an error, the others are ignored with one warning.
fn read(pack: &Pack, path: &str, sheet: Option<&str>) -> Result<Vec<Record>, Error> {
    let table = input::read_for(pack, path, sheet)?;
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
    // `-o FILE` of assess and rank; the other commands write to standard output.
    let mut dest: Option<String> = None;
    match cli.command {
        Command::Assess {
            common,
            format,
            csv_dialect,
            output,
            input,
        } => {
            let dialect = csv_dialect.for_format(format)?;
            let output = output_file(format, output)?;
            dest.clone_from(&output);
            let (pack, lang) = (load_pack(&common.pack)?, Lang::from(common.lang));
            let sheet = common.sheet.as_deref();
            if let Some(lines) = match format {
                OutFormat::Csv => Some(stream::Lines::Csv(dialect)),
                OutFormat::Jsonl => Some(stream::Lines::Json),
                _ => None,
            } {
                // Written as read, in chunks: a file of any size in bounded memory.
                let failed = match output.as_deref() {
                    Some(path) => {
                        let file = std::fs::File::create(path).map_err(|e| Error::Io {
                            path: path.to_string(),
                            message: e.to_string(),
                        })?;
                        let mut w = std::io::BufWriter::new(file);
                        stream::assess(&pack, lang, &input, sheet, lines, &note, &mut w)?
                    }
                    None => {
                        let mut w = std::io::BufWriter::new(std::io::stdout().lock());
                        stream::assess(&pack, lang, &input, sheet, lines, &note, &mut w)?
                    }
                };
                return Ok(if failed {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                });
            }
            let records = read(&pack, &input, sheet)?;
            let results = pack.assess_many(&records, lang);
            if results.iter().any(Result::is_err) {
                code = ExitCode::from(1);
            }
            out = match format {
                OutFormat::Xlsx => {
                    let book = matang::render::xlsx::assessments_xlsx(&pack, &results, lang)?;
                    return write_file(output.as_deref(), &book).map(|()| code);
                }
                OutFormat::Table => text::assessments_table(&pack, &results, lang),
                OutFormat::Csv | OutFormat::Jsonl => unreachable!("streamed above"),
                OutFormat::Json => {
                    let items: Vec<serde_json::Value> = results
                        .iter()
                        .map(|r| match r {
                            Ok(a) => serde_json::to_value(a).unwrap_or_default(),
                            Err(e) => error_json(e),
                        })
                        .collect();
                    // One envelope: what produced the results travels with them.
                    json(&serde_json::json!({
                        "matang": env!("CARGO_PKG_VERSION"),
                        "pack": pack.reference(),
                        "results": items,
                    }))
                }
            };
        }
        Command::Rank {
            common,
            top,
            previous,
            format,
            csv_dialect,
            output,
            input,
        } => {
            let dialect = csv_dialect.for_format(format)?;
            let output = output_file(format, output)?;
            dest.clone_from(&output);
            let (pack, lang) = (load_pack(&common.pack)?, Lang::from(common.lang));
            let sheet = common.sheet.as_deref();
            // Last year's workbook is read from its first sheet: --sheet names this year's.
            let previous = previous
                .map(|p| read(&pack, &p, None).map(|r| pack.previous_totals(&r)))
                .transpose()?;
            let (ranking, results) = if format == OutFormat::Xlsx {
                // The workbook's dimension sheets show every indicator's reason.
                let results = pack.assess_portfolio(&read(&pack, &input, sheet)?, lang);
                (pack.rank(&results, top, previous.as_ref(), lang), results)
            } else {
                // Only what ranking reads is kept of each item, chunk by chunk.
                let entries = stream::rank_entries(&pack, lang, &input, sheet, &note)?;
                let ranking = pack.rank_entries(&entries, top, previous.as_ref(), lang);
                (ranking, Vec::new())
            };
            code = failures(&ranking);
            out = match format {
                OutFormat::Xlsx => {
                    let book = matang::render::xlsx::ranking_xlsx(&pack, &results, &ranking, lang)?;
                    return write_file(output.as_deref(), &book).map(|()| code);
                }
                OutFormat::Table => text::ranking_table(&pack, &ranking, lang),
                OutFormat::Csv => text::ranking_csv_in(&ranking, dialect),
                OutFormat::Jsonl => {
                    let mut lines = String::new();
                    for item in &ranking.ranking {
                        lines.push_str(&serde_json::to_string(item).unwrap_or_default());
                        lines.push('\n');
                    }
                    lines
                }
                OutFormat::Json => {
                    // The engine's version beside the pack's, so a saved ranking names both.
                    let mut v = serde_json::to_value(&ranking).unwrap_or_default();
                    if let Some(o) = v.as_object_mut() {
                        o.insert("matang".into(), env!("CARGO_PKG_VERSION").into());
                    }
                    json(&v)
                }
            };
        }
        Command::Explain {
            common,
            id,
            format,
            input,
        } => {
            if matches!(format, OutFormat::Xlsx | OutFormat::Jsonl) {
                return Err(Error::Usage(
                    "explain writes one item as table or json; for JSON Lines or a workbook of every item use \
                     `matang assess --format jsonl` or `matang rank --format xlsx -o FILE`"
                        .into(),
                ));
            }
            if format == OutFormat::Csv {
                return Err(Error::Usage(
                    "explain writes one item as table or json; for CSV rows of every item use \
                     `matang assess --format csv`"
                        .into(),
                ));
            }
            let (pack, lang) = (load_pack(&common.pack)?, Lang::from(common.lang));
            let records = read(&pack, &input, common.sheet.as_deref())?;
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
                OutFormat::Table | OutFormat::Csv | OutFormat::Xlsx | OutFormat::Jsonl => {
                    text::explanation(&pack, &a, lang)
                }
            };
        }
        Command::Report {
            common,
            top,
            previous,
            no_method,
            output,
            input,
        } => {
            let (pack, lang) = (load_pack(&common.pack)?, Lang::from(common.lang));
            let records = read(&pack, &input, common.sheet.as_deref())?;
            let mut results = pack.assess_portfolio(&records, lang);
            pack.attach_plans(&records, &mut results, lang);
            // Last year's shapes: records with evidence assess; results files (only totals) do not.
            let (previous_totals, previous_shapes) = match previous {
                Some(p) => {
                    let (totals, shapes) = pack.previous_assessments(&read(&pack, &p, None)?, lang);
                    (Some(totals), shapes)
                }
                None => (None, Vec::new()),
            };
            let ranking = pack.rank(&results, top, previous_totals.as_ref(), lang);
            code = failures(&ranking);
            let html = if no_method {
                matang::report::html_report_with_previous
            } else {
                matang::report::html_report_with_method
            };
            let html = html(
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
        Command::Plan {
            common,
            by,
            format,
            output,
            input,
        } => return plan::run(&common, by.as_deref(), format, output.as_deref(), &input),
        Command::Check {
            format,
            coverage,
            threshold,
            packs,
        } => {
            let checked = author::run_checks(packs, coverage, load_pack);
            let (report, failed) = author::render(&checked, format, threshold);
            if failed {
                code = ExitCode::from(1);
            }
            // Vector diffs and pack errors quote the pack's text.
            out = safe::terminal(&report).into_owned();
        }
        Command::Doc { pack, lang, output } => {
            let html = matang::render::method_html(&load_pack(&pack)?, lang.into());
            return write_file(output.as_deref().filter(|o| *o != "-"), html.as_bytes())
                .map(|()| code);
        }
        Command::Template { pack, lang, output } => {
            let (pack, lang) = (load_pack(&pack)?, Lang::from(lang));
            let output = output.filter(|o| o != "-");
            let bytes = match output.as_deref() {
                Some(p) if p.to_ascii_lowercase().ends_with(".xlsx") => {
                    matang::render::template::template_xlsx(&pack, lang)?
                }
                Some(p) if !p.to_ascii_lowercase().ends_with(".csv") => {
                    return Err(Error::Usage(format!(
                        "template writes .xlsx or .csv; name the file so: {p}"
                    )));
                }
                _ => matang::render::template::template_csv(&pack, lang).into_bytes(),
            };
            return write_file(output.as_deref(), &bytes).map(|()| code);
        }
        Command::Lint { packs } => {
            let (text, failed) = author::lint(&packs, load_pack)?;
            out = text;
            if failed {
                code = ExitCode::from(1);
            }
        }
        Command::New { dir } => out = author::new_pack(&dir)?,
        Command::Packs => {
            for id in Pack::builtin_ids() {
                let pack = Pack::builtin(id)?;
                out.push_str(&format!(
                    "{}\t{}\t{}\n",
                    pack.id(),
                    pack.version(),
                    pack.fingerprint()
                ));
            }
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "matang", &mut script);
            out = String::from_utf8_lossy(&script).into_owned();
        }
        Command::Manpage => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .map_err(|e| Error::Usage(format!("manpage: {e}")))?;
            out = String::from_utf8_lossy(&page).into_owned();
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    write_file(dest.as_deref(), out.as_bytes())?;
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

/// The output file: required for xlsx (a workbook is binary, not for a terminal or pipe).
fn output_file(format: OutFormat, output: Option<String>) -> Result<Option<String>, Error> {
    let output = output.filter(|o| o != "-");
    if format == OutFormat::Xlsx && output.is_none() {
        return Err(Error::Usage(
            "--format xlsx writes a binary workbook: name the file with -o FILE.xlsx".into(),
        ));
    }
    Ok(output)
}

/// Writes `bytes` to `path`, or to standard output when `None`.
fn write_file(path: Option<&str>, bytes: &[u8]) -> Result<(), Error> {
    match path {
        Some(path) => {
            std::fs::write(path, bytes).map_err(|e| Error::Io {
                path: path.to_string(),
                message: e.to_string(),
            })?;
            note(&format!("wrote {path}"));
            Ok(())
        }
        None => write_stdout(&String::from_utf8_lossy(bytes)),
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
