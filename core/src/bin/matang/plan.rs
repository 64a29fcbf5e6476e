//! `matang plan`: each item's next-level plan as a checklist of evidence changes, grouped by
//! a field, in Markdown, CSV or a workbook.

use crate::{Common, load_pack, read, write_file};
use matang::{Error, Lang};
use std::process::ExitCode;

/// Formats of `matang plan`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum PlanFormat {
    /// Markdown: a heading per group and item, a checkbox per evidence change.
    Md,
    /// CSV: one row per evidence change.
    Csv,
    /// An Excel workbook (needs `-o FILE`): one row per evidence change, filters, a done column.
    Xlsx,
}

impl PlanFormat {
    /// The format asked for, or else the one the output file's name ends with (Markdown
    /// when it names none).
    fn pick(format: Option<PlanFormat>, output: Option<&str>) -> PlanFormat {
        let ext = output.map(str::to_ascii_lowercase).unwrap_or_default();
        format.unwrap_or(if ext.ends_with(".xlsx") {
            PlanFormat::Xlsx
        } else if ext.ends_with(".csv") {
            PlanFormat::Csv
        } else {
            PlanFormat::Md
        })
    }
}

/// Writes the plans of the items of `input`; exit 1 when some item could not be assessed.
pub(crate) fn run(
    common: &Common,
    by: Option<&str>,
    format: Option<PlanFormat>,
    output: Option<&str>,
    input: &str,
) -> Result<ExitCode, Error> {
    let output = output.filter(|o| *o != "-");
    let format = PlanFormat::pick(format, output);
    if format == PlanFormat::Xlsx && output.is_none() {
        return Err(Error::Usage(
            "plan --format xlsx writes a binary workbook: name the file with -o FILE.xlsx".into(),
        ));
    }
    let (pack, lang) = (load_pack(&common.pack)?, Lang::from(common.lang));
    let records = read(&pack, input, common.sheet.as_deref())?;
    let mut results = pack.assess_portfolio(&records, lang);
    pack.attach_plans(&records, &mut results, lang);
    let bytes = match format {
        PlanFormat::Md => {
            matang::render::action_plan::markdown(&pack, &results, by, lang)?.into_bytes()
        }
        PlanFormat::Csv => {
            matang::render::action_plan::csv(&pack, &results, by, lang)?.into_bytes()
        }
        PlanFormat::Xlsx => matang::render::xlsx::action_plan_xlsx(&pack, &results, by, lang)?,
    };
    write_file(output, &bytes)?;
    Ok(if results.iter().any(Result::is_err) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
