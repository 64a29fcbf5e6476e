//! Arrow record batches in and out (feature `arrow`): a batch of records read as
//! [`Column`]s for [`Batch::from_columns`], and [`Scores`] as a record batch, so any Arrow
//! user (Rust, or a binding through the C data interface) gets the core's batch scoring.
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray, cast::AsArray};
//! use matang::{Lang, Pack};
//! let pack = Pack::builtin("smart-city-quickwin")?;
//! let input = RecordBatch::try_from_iter([
//!     ("id", Arc::new(StringArray::from(vec!["QW-1"])) as ArrayRef),
//!     ("assessed_on", Arc::new(StringArray::from(vec!["2019-10-01"])) as ArrayRef),
//!     ("stage", Arc::new(StringArray::from(vec!["live"])) as ArrayRef),
//!     ("trained_staff", Arc::new(Float64Array::from(vec![4.0])) as ArrayRef),
//! ]).expect("columns of one length");
//! let out = matang::arrow::score_record_batch(&pack, &input, Lang::En)?;
//! assert_eq!(out.schema().as_ref(), matang::arrow::result_schema(&pack).as_ref());
//! assert_eq!(out.column_by_name("id").expect("id").as_string::<i32>().value(0), "QW-1");
//! # Ok::<(), matang::Error>(())
//! ```

use crate::batch::scores::Scores;
use crate::batch::{Batch, Column};
use crate::error::{Error, Result};
use crate::input::columns::ColumnCheck;
use crate::label::Lang;
use crate::model::evidence::VERIFIED_PREFIX;
use crate::pack::Pack;
use crate::parallel::Cancel;
use crate::text_column::Texts;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float16Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type,
    Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int32Array, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use serde_json::Value as Json;
use std::sync::Arc;

/// The columns of `batch` as [`Batch::from_columns`] reads them. A column of a type that
/// cannot be evidence (lists, structs, binary...) is refused when the pack reads it, and
/// otherwise passed on as empty so that [`crate::ColumnCheck`] still reports it as ignored.
///
/// # Errors
/// [`Error::Input`] naming a column the pack reads whose Arrow type is not evidence.
pub fn record_batch_columns(pack: &Pack, batch: &RecordBatch) -> Result<Vec<(String, Column)>> {
    let schema = batch.schema();
    schema
        .fields()
        .iter()
        .zip(batch.columns())
        .map(|(f, a)| {
            let name = f.name().clone();
            let column = match column(a.as_ref()) {
                Some(c) => c,
                None if reads(pack, &name) => {
                    return Err(Error::Input {
                        source_name: String::new(),
                        line: 0,
                        message: format!(
                            "column '{name}' holds {}, which is not evidence; give numbers, \
                             booleans, dates or text",
                            f.data_type()
                        ),
                    });
                }
                None => Column::Json(vec![Json::Null; a.len()]),
            };
            Ok((name, column))
        })
        .collect()
}

/// Whether a column of type `t` is read as evidence (numbers, booleans, dates, text, and
/// dictionaries of them); other types are refused where the pack reads the column.
#[must_use]
pub fn is_evidence_type(t: &DataType) -> bool {
    column(arrow_array::new_empty_array(t).as_ref()).is_some()
}

/// Whether `pack` reads column `name` (an identity, a field or a field's verified value).
fn reads(pack: &Pack, name: &str) -> bool {
    let field = name.strip_prefix(VERIFIED_PREFIX).unwrap_or(name);
    matches!(name, "id" | "name") || pack.fields().iter().any(|f| f.id == field)
}

/// Which values of `a` are present (`None` when all are).
fn validity(a: &dyn Array) -> Option<Vec<bool>> {
    a.logical_nulls()
        .filter(|n| n.null_count() > 0)
        .map(|n| n.iter().collect())
}

/// Whole numbers of any integer type that fits `i64`.
fn ints<T>(a: &dyn Array) -> Column
where
    T: arrow_array::ArrowPrimitiveType,
    T::Native: Into<i64>,
{
    let values = a
        .as_primitive::<T>()
        .values()
        .iter()
        .map(|&v| v.into())
        .collect();
    Column::Int {
        values,
        valid: validity(a),
    }
}

/// Real numbers, NaN where missing.
fn floats<T>(a: &dyn Array, f: impl Fn(T::Native) -> f64) -> Column
where
    T: arrow_array::ArrowPrimitiveType,
{
    let p = a.as_primitive::<T>();
    Column::Float(p.iter().map(|v| v.map_or(f64::NAN, &f)).collect())
}

/// The column an Arrow array stands for, or `None` for a type that is not evidence.
fn column(a: &dyn Array) -> Option<Column> {
    Some(match a.data_type() {
        DataType::Float64 => floats::<Float64Type>(a, |v| v),
        DataType::Float32 => floats::<Float32Type>(a, f64::from),
        DataType::Float16 => floats::<Float16Type>(a, f64::from),
        DataType::Int8 => ints::<Int8Type>(a),
        DataType::Int16 => ints::<Int16Type>(a),
        DataType::Int32 => ints::<Int32Type>(a),
        DataType::Int64 => ints::<Int64Type>(a),
        DataType::UInt8 => ints::<UInt8Type>(a),
        DataType::UInt16 => ints::<UInt16Type>(a),
        DataType::UInt32 => ints::<UInt32Type>(a),
        DataType::UInt64 => Column::Json(
            a.as_primitive::<UInt64Type>()
                .iter()
                .map(|v| v.map_or(Json::Null, Json::from))
                .collect(),
        ),
        DataType::Boolean => {
            let b = a.as_boolean();
            Column::Bool {
                values: b.values().iter().collect(),
                valid: validity(a),
            }
        }
        DataType::Date32 => Column::Date {
            days: a
                .as_primitive::<Date32Type>()
                .values()
                .iter()
                .map(|&d| i64::from(d))
                .collect(),
            valid: validity(a),
        },
        DataType::Date64 => Column::Date {
            days: a
                .as_primitive::<Date64Type>()
                .values()
                .iter()
                .map(|&ms| ms.div_euclid(86_400_000))
                .collect(),
            valid: validity(a),
        },
        DataType::Timestamp(_, None) | DataType::Decimal128(..) | DataType::Decimal256(..) => {
            let to = if matches!(a.data_type(), DataType::Timestamp(..)) {
                DataType::Date32
            } else {
                DataType::Float64
            };
            return arrow_cast::cast(a, &to)
                .ok()
                .and_then(|c| column(c.as_ref()));
        }
        DataType::Utf8 => Column::Text(a.as_string::<i32>().iter().collect()),
        DataType::LargeUtf8 => Column::Text(a.as_string::<i64>().iter().collect()),
        DataType::Utf8View => Column::Text(a.as_string_view().iter().collect()),
        DataType::Null => Column::Json(vec![Json::Null; a.len()]),
        DataType::Dictionary(..) => {
            let d = a.as_any_dictionary();
            let keys = arrow_cast::cast(d.keys(), &DataType::Int64).ok()?;
            let keys = keys.as_primitive::<Int64Type>();
            let codes = keys.iter().map(|k| k.unwrap_or(-1)).collect();
            let values = column(d.values().as_ref())?;
            let values = (0..values.len())
                .map(|i| values.json(i).unwrap_or(Json::Null))
                .collect();
            Column::Coded { codes, values }
        }
        _ => return None,
    })
}

/// The schema of score tables for `pack`: `id`, `name`, `total`, `score_100`,
/// `level_rank`, `level_id`, `level_label`, one `dim_<ID>` per dimension, one
/// `insufficient_<ID>` per dimension, `eligible`, `error`. Values are null where a row
/// failed; `dim_<ID>` is also null where the dimension has no score or its evidence is
/// insufficient (which `insufficient_<ID>` then says).
#[must_use]
pub fn result_schema(pack: &Pack) -> SchemaRef {
    let text = |n: &str| Field::new(n, DataType::Utf8, true);
    let real = |n: &str| Field::new(n, DataType::Float64, true);
    let mut fields = vec![
        text("id"),
        text("name"),
        real("total"),
        real("score_100"),
        Field::new("level_rank", DataType::Int32, true),
        text("level_id"),
        text("level_label"),
    ];
    fields.extend(
        pack.dimensions()
            .iter()
            .map(|d| real(&format!("dim_{}", d.id))),
    );
    fields.extend(
        pack.dimensions()
            .iter()
            .map(|d| Field::new(format!("insufficient_{}", d.id), DataType::Boolean, true)),
    );
    fields.push(Field::new("eligible", DataType::Boolean, true));
    fields.push(text("error"));
    Arc::new(Schema::new(fields))
}

/// `scores` of the records with these `ids` and `names` as a record batch of
/// [`result_schema`], labels in `lang`.
///
/// # Errors
/// [`Error::Usage`] if the columns differ in length.
pub fn scores_record_batch(
    pack: &Pack,
    ids: &Texts,
    names: &Texts,
    scores: &Scores,
    lang: Lang,
) -> Result<RecordBatch> {
    let failed = |i: usize| scores.error(i).is_some();
    let n = scores.len();
    let real = |v: &[f64]| -> ArrayRef {
        Arc::new(Float64Array::from_iter(
            v.iter()
                .enumerate()
                .map(|(i, &x)| (!failed(i) && !x.is_nan()).then_some(x)),
        ))
    };
    let level = |i: usize| (!failed(i)).then(|| pack.level(scores.level[i])).flatten();
    let texts = |t: &Texts| -> ArrayRef { Arc::new(StringArray::from_iter(t.iter())) };
    let mut columns: Vec<ArrayRef> = vec![
        texts(ids),
        texts(names),
        real(&scores.total),
        real(&scores.score_100),
        Arc::new(Int32Array::from_iter((0..n).map(|i| {
            (!failed(i)).then(|| i32::try_from(scores.level[i]).unwrap_or(i32::MAX))
        }))),
        Arc::new(StringArray::from_iter(
            (0..n).map(|i| level(i).map(|l| l.id.as_str())),
        )),
        Arc::new(StringArray::from_iter(
            (0..n).map(|i| level(i).map(|l| l.label.get(lang))),
        )),
    ];
    for (d, thin) in scores.dimensions.iter().zip(&scores.insufficient) {
        columns.push(Arc::new(Float64Array::from_iter(
            d.iter()
                .zip(thin)
                .map(|(v, &thin)| v.filter(|x| !thin && !x.is_nan())),
        )));
    }
    for thin in &scores.insufficient {
        columns.push(Arc::new(BooleanArray::from_iter(
            (0..n).map(|i| (!failed(i)).then_some(thin[i])),
        )));
    }
    columns.push(Arc::new(BooleanArray::from_iter(
        (0..n).map(|i| (!failed(i)).then_some(scores.eligible[i])),
    )));
    columns.push(Arc::new(StringArray::from_iter(
        (0..n).map(|i| scores.error(i).map(ToString::to_string)),
    )));
    RecordBatch::try_new(result_schema(pack), columns)
        .map_err(|e| Error::Usage(format!("score table: {e}")))
}

/// Scores every record of `input` (see [`record_batch_columns`]) into a record batch of
/// [`result_schema`]: the numbers of [`Pack::score_batch`], one row per input row.
///
/// # Errors
/// As [`record_batch_columns`] and [`Batch::from_columns`].
pub fn score_record_batch(pack: &Pack, input: &RecordBatch, lang: Lang) -> Result<RecordBatch> {
    let batch = Batch::from_columns(pack, record_batch_columns(pack, input)?)?;
    let scores = pack.score_batch(&batch)?;
    scores_record_batch(pack, batch.ids(), batch.names(), &scores, lang)
}

/// Whether a table of `schema` can be scored column by column ([`score_record_batches`]):
/// every column the pack reads has a type [`record_batch_columns`] reads. When not, read
/// it cell by cell (as records), so that each row gets its own message.
#[must_use]
pub fn reads_by_columns(pack: &Pack, schema: &SchemaRef) -> bool {
    record_batch_columns(pack, &RecordBatch::new_empty(schema.clone())).is_ok()
}

/// Whether a float column of `batch` holds an infinity: such a table is read cell by cell,
/// as a record with one is, so that its message is the one [`Pack::assess`] gives.
#[must_use]
pub fn has_infinity(batch: &RecordBatch) -> bool {
    batch.columns().iter().any(|c| match c.data_type() {
        DataType::Float64 => c
            .as_primitive::<Float64Type>()
            .values()
            .iter()
            .any(|v| v.is_infinite()),
        DataType::Float32 => c
            .as_primitive::<Float32Type>()
            .values()
            .iter()
            .any(|v| v.is_infinite()),
        _ => false,
    })
}

/// Scores record batches of one `schema` as one table (a frame handed over in chunks):
/// the score table of [`result_schema`] and the warning for the columns the pack ignores.
/// `None` once `cancel` is set. The columns are checked first, as [`ColumnCheck`] does
/// (`strict`: an unknown column is an error).
///
/// # Errors
/// As [`score_record_batch`], and [`ColumnCheck::check`]'s error.
pub fn score_record_batches(
    pack: &Pack,
    schema: &SchemaRef,
    batches: &[RecordBatch],
    lang: Lang,
    strict: bool,
    cancel: &Cancel,
) -> Option<Result<(RecordBatch, Option<String>)>> {
    let run = || -> Result<Option<(RecordBatch, Option<String>)>> {
        let mut check = ColumnCheck::new(pack, "", strict);
        check.check(schema.fields().iter().map(|f| f.name().as_str()), 0)?;
        let one = match batches {
            [only] => only.clone(),
            _ => arrow_select::concat::concat_batches(schema, batches)
                .map_err(|e| Error::Usage(e.to_string()))?,
        };
        let columns = record_batch_columns(pack, &one)?;
        let Some(batch) = Batch::from_columns_cancellable(pack, columns, cancel)? else {
            return Ok(None);
        };
        let Some(scores) = pack.score_batch_cancellable(&batch, cancel)? else {
            return Ok(None);
        };
        let table = scores_record_batch(pack, batch.ids(), batch.names(), &scores, lang)?;
        Ok(Some((table, check.warning())))
    };
    run().transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Date32Array, DictionaryArray, Int64Array, ListArray, types::Int32Type};

    fn pack() -> Pack {
        Pack::builtin("smart-city-quickwin").expect("built-in pack")
    }

    fn input(extra: Vec<(&str, ArrayRef)>) -> RecordBatch {
        let mut cols: Vec<(&str, ArrayRef)> = vec![
            ("id", Arc::new(StringArray::from(vec![Some("QW-1"), None]))),
            (
                "assessed_on",
                Arc::new(Date32Array::from(vec![18_170, 18_170])),
            ),
            (
                "stage",
                Arc::new(
                    vec!["live", "pilot"]
                        .into_iter()
                        .collect::<DictionaryArray<Int32Type>>(),
                ),
            ),
            (
                "trained_staff",
                Arc::new(Int64Array::from(vec![Some(4), None])),
            ),
        ];
        cols.extend(extra);
        RecordBatch::try_from_iter(cols).expect("columns of one length")
    }

    #[test]
    fn scores_as_the_records_would() {
        let p = pack();
        let out = score_record_batch(&p, &input(vec![]), Lang::En).expect("scored");
        let records = [
            serde_json::json!({"id": "QW-1", "assessed_on": "2019-10-01", "stage": "live", "trained_staff": 4}),
            serde_json::json!({"assessed_on": "2019-10-01", "stage": "pilot"}),
        ];
        let total = out
            .column_by_name("total")
            .expect("total")
            .as_primitive::<Float64Type>();
        let ids = out.column_by_name("id").expect("id").as_string::<i32>();
        for (i, r) in records.into_iter().enumerate() {
            let one = p
                .score(&crate::Record::from_json(r).expect("record"))
                .expect("score");
            assert_eq!(total.value(i), one.total);
        }
        assert_eq!(ids.value(0), "QW-1");
        assert_eq!(ids.value(1), "row 1");
        assert_eq!(out.schema(), result_schema(&p));
    }

    #[test]
    fn flags_insufficient_dimensions_as_assess_does_and_leaves_their_score_null() {
        let number =
            |id: &str| format!("[[field]]\nid = \"{id}\"\ntype = \"number\"\nlabel = \"{id}\"\n");
        let indicator = |id: &str, dim: &str, rule: &str| {
            format!(
                "[[indicator]]\nid = \"{id}\"\ndimension = \"{dim}\"\nlabel = \"{id}\"\nrule = \"{rule}\"\n"
            )
        };
        let toml = format!(
            "[pack]\nid = \"thin\"\nversion = \"0\"\nname = \"thin\"\n\
             [aggregation]\nmissing = \"min_coverage\"\nmin_coverage = 0.6\n{}{}{}\
             [[dimension]]\nid = \"A\"\nweight = 1\nlabel = \"A\"\n\
             [[dimension]]\nid = \"B\"\nweight = 1\nlabel = \"B\"\n{}{}{}\
             [[level]]\nrank = 1\nid = \"l1\"\nmin = 0\nlabel = \"L1\"\n",
            number("x1"),
            number("x2"),
            number("y"),
            indicator("a1", "A", "x1"),
            indicator("a2", "A", "x2"),
            indicator("b1", "B", "y"),
        );
        let p = Pack::from_files([("pack.toml".to_string(), toml)].into()).expect("pack");
        let col = |v: Vec<Option<f64>>| -> ArrayRef { Arc::new(Float64Array::from(v)) };
        let input = RecordBatch::try_from_iter([
            ("x1", col(vec![Some(4.0), Some(4.0), Some(0.0)])),
            ("x2", col(vec![None, Some(4.0), Some(0.0)])),
            ("y", col(vec![None, Some(3.0), Some(0.0)])),
        ])
        .expect("columns");
        let out = score_record_batch(&p, &input, Lang::En).expect("scored");
        let mut thin = 0;
        for i in 0..input.num_rows() {
            let r = serde_json::Map::from_iter(
                input
                    .schema()
                    .fields()
                    .iter()
                    .zip(input.columns())
                    .filter(|(_, c)| c.is_valid(i))
                    .map(|(f, c)| {
                        (
                            f.name().clone(),
                            Json::from(c.as_primitive::<Float64Type>().value(i)),
                        )
                    }),
            );
            for d in p
                .assess(&crate::Record::new(r), Lang::En)
                .expect("assess")
                .dimensions
            {
                let flag = out.column_by_name(&format!("insufficient_{}", d.id));
                let flag = flag.expect("flag").as_boolean().value(i);
                let score = out.column_by_name(&format!("dim_{}", d.id)).expect("dim");
                assert_eq!(flag, d.insufficient, "row {i} dimension {}", d.id);
                assert_eq!(score.is_null(i), d.insufficient || d.score.is_none());
                thin += usize::from(d.insufficient);
            }
        }
        assert_eq!(thin, 2, "the first row lacks evidence in both dimensions");
    }

    #[test]
    fn refuses_a_list_the_pack_reads_and_passes_one_it_ignores() {
        let p = pack();
        let list = || -> ArrayRef {
            Arc::new(ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
                Some(vec![Some(1)]),
                None,
            ]))
        };
        let e = score_record_batch(&p, &input(vec![("legal_basis", list())]), Lang::En)
            .expect_err("a list is not evidence");
        assert!(e.to_string().contains("column 'legal_basis'"), "{e}");
        let ok = record_batch_columns(&p, &input(vec![("notes", list())])).expect("ignored");
        assert_eq!(ok.len(), 5);
        assert!(!is_evidence_type(list().data_type()));
        assert!(is_evidence_type(input(vec![]).column(2).data_type()));
    }

    #[test]
    fn text_numbers_are_read_as_cells_of_unknown_convention() {
        let p = pack();
        let text = |v: Vec<&str>| -> ArrayRef { Arc::new(StringArray::from(v)) };
        let rb = input(vec![
            ("trained_staff_text", text(vec!["4.000", "4"])),
            ("uptime_pct", text(vec!["99,5", "1,200"])),
        ]);
        let cols: Vec<(String, ArrayRef)> = rb
            .schema()
            .fields()
            .iter()
            .zip(rb.columns())
            .filter(|(f, _)| f.name() != "trained_staff")
            .map(|(f, c)| (f.name().replace("_text", ""), c.clone()))
            .collect();
        let rb = RecordBatch::try_from_iter(cols).expect("columns");
        let out = score_record_batch(&p, &rb, Lang::En).expect("scored");
        let error = out
            .column_by_name("error")
            .expect("error")
            .as_string::<i32>();
        assert!(
            error.value(0).contains("'4.000' is ambiguous"),
            "{}",
            error.value(0)
        );
        assert!(
            error.value(0).contains("trained_staff"),
            "{}",
            error.value(0)
        );
        assert!(
            error.value(1).contains("'1,200' is ambiguous"),
            "{}",
            error.value(1)
        );
        let alone = RecordBatch::try_from_iter([
            (
                "assessed_on",
                Arc::new(Date32Array::from(vec![18_170])) as ArrayRef,
            ),
            ("stage", text(vec!["live"])),
            ("uptime_pct", text(vec!["99,5"])),
        ])
        .expect("columns");
        let out = score_record_batch(&p, &alone, Lang::En).expect("scored");
        let one = p
            .score(
                &crate::Record::from_json(serde_json::json!(
                    {"assessed_on": "2019-10-01", "stage": "live", "uptime_pct": 99.5}
                ))
                .expect("record"),
            )
            .expect("score");
        let total = out.column_by_name("total").expect("total");
        assert_eq!(total.as_primitive::<Float64Type>().value(0), one.total);
    }

    #[test]
    fn bad_evidence_is_a_row_error_with_nulls() {
        let p = pack();
        let stage: ArrayRef = Arc::new(StringArray::from(vec!["live", "flying"]));
        let rb = input(vec![]);
        let mut cols: Vec<(String, ArrayRef)> = rb
            .schema()
            .fields()
            .iter()
            .zip(rb.columns())
            .map(|(f, c)| (f.name().clone(), c.clone()))
            .filter(|(n, _)| n != "stage")
            .collect();
        cols.push(("stage".into(), stage));
        let rb = RecordBatch::try_from_iter(cols).expect("columns");
        let out = score_record_batch(&p, &rb, Lang::Id).expect("scored");
        let error = out
            .column_by_name("error")
            .expect("error")
            .as_string::<i32>();
        assert!(error.is_null(0));
        assert!(error.value(1).contains("stage"), "{}", error.value(1));
        assert!(out.column_by_name("total").expect("total").is_null(1));
        assert!(out.column_by_name("eligible").expect("eligible").is_null(1));
        let flag = format!("insufficient_{}", p.dimensions()[0].id);
        assert!(out.column_by_name(&flag).expect("flag").is_null(1));
    }
}
