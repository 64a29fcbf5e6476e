//! Assessing a record: validate evidence, run the derived values, indicators, gates and
//! selection conditions, aggregate, and explain.

use crate::assessment::{
    Assessment, DimensionChange, DimensionScore, GateResult, IndicatorScore, LevelRef, Score,
    Unmet, WhatIf,
};
use crate::error::{Error, FieldProblem, Result};
use crate::fast::{ColumnValue, Locals, RowValue};
use crate::label::{Lang, fill, format_number};
use crate::pack::{MissingPolicy, Pack, PackInner};
use crate::record::Record;
use crate::schema::{FieldKind, Value};
use crate::script::{Script, runtime_error};
use rhai::{Dynamic, Scope};
use serde_json::Map;

/// Tolerance for comparing a total with a level threshold (float sums such as 4.199999...).
pub(crate) const EPS: f64 = 1e-9;

/// What the rules computed for one record, before it is put into words.
pub(crate) struct Evaluation {
    pub id: String,
    pub name: Option<String>,
    pub values: Vec<Value>,
    pub derived: Vec<RowValue>,
    pub scores: Vec<Option<f64>>,
    /// Extra values an indicator returned with its score (a map), for its reason.
    pub vars: Vec<Option<RowValue>>,
    pub gates: Vec<bool>,
    pub unmet: Vec<usize>,
    pub ratio: Option<f64>,
    pub warnings: Vec<String>,
}

/// Dimension scores and total for a set of indicator scores.
pub(crate) struct Aggregate {
    pub dims: Vec<DimAgg>,
    pub total: f64,
}

pub(crate) struct DimAgg {
    pub score: Option<f64>,
    pub present: usize,
    pub count: usize,
    pub insufficient: bool,
}

/// One row's running sums for one dimension of a chunk: the weighted sum and the weight
/// of its indicators with a score so far, and how many they are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Acc {
    sum: f64,
    wsum: f64,
    present: u32,
}

/// The sums of a dimension without indicators.
const EMPTY: Acc = Acc {
    sum: 0.0,
    wsum: 0.0,
    present: 0,
};

/// The number an indicator's value scores: `None` for no score, NaN for a value that is
/// not a number at all.
#[inline(always)]
#[allow(clippy::cast_precision_loss)]
fn number(v: ColumnValue) -> Option<f64> {
    match v {
        ColumnValue::Unit | ColumnValue::MapUnit => None,
        ColumnValue::Int(x) | ColumnValue::MapInt(x) => Some(x as f64),
        ColumnValue::Float(x) | ColumnValue::MapFloat(x) => Some(x),
        _ => Some(f64::NAN),
    }
}

/// Where [`PackInner::aggregate_chunk`] writes a chunk's rows: per row, the total and
/// whether a dimension has insufficient evidence; per dimension, each row's score.
pub(crate) struct ChunkAgg<'a, 'b> {
    pub total: &'a mut [f64],
    pub insufficient: &'a mut [bool],
    pub dims: &'a mut [&'b mut [Option<f64>]],
}

impl PackInner {
    pub(crate) fn aggregate(&self, scores: &[Option<f64>]) -> Aggregate {
        let mut dims = Vec::with_capacity(self.dimensions.len());
        let total = self.aggregate_into(scores, &mut dims);
        Aggregate { dims, total }
    }

    /// Dimension scores into `dims` (cleared first), and the total.
    pub(crate) fn aggregate_into(&self, scores: &[Option<f64>], dims: &mut Vec<DimAgg>) -> f64 {
        dims.clear();
        dims.extend(self.dimensions.iter().map(|d| {
            let (mut sum, mut wsum, mut present, mut wall) = (0.0, 0.0, 0, 0.0);
            for &i in &d.indicators {
                let w = self.indicators[i].weight;
                wall += w;
                if let Some(s) = scores[i] {
                    sum += w * s;
                    wsum += w;
                    present += 1;
                }
            }
            let count = d.indicators.len();
            let insufficient = self.insufficient(present, count);
            let score = self.dimension_score(sum, wsum, insufficient, wall);
            DimAgg {
                score,
                present,
                count,
                insufficient,
            }
        }));
        let (mut sum, mut wsum) = (0.0, 0.0);
        for (d, a) in self.dimensions.iter().zip(dims.iter()) {
            if let Some(s) = a.score {
                sum += d.weight * s;
                wsum += d.weight;
            }
        }
        self.total_of(sum, wsum)
    }

    /// Whether `present` of a dimension's `count` indicators with a score leave its
    /// evidence insufficient (only under a minimum coverage).
    #[inline]
    fn insufficient(&self, present: usize, count: usize) -> bool {
        #[allow(clippy::cast_precision_loss)]
        let coverage = present as f64 / count as f64;
        match self.policy {
            MissingPolicy::MinCoverage { min_coverage } => coverage + EPS < min_coverage,
            MissingPolicy::Exclude | MissingPolicy::Zero => false,
        }
    }

    /// A dimension's score from the weighted sum and weight of its indicators with
    /// evidence, whether that evidence is [`Self::insufficient`], and the weight of all its
    /// indicators.
    #[inline(always)]
    fn dimension_score(&self, sum: f64, wsum: f64, insufficient: bool, wall: f64) -> Option<f64> {
        let min = self.scale.min;
        match self.policy {
            MissingPolicy::Zero => Some((sum + (wall - wsum) * min) / wall),
            _ if insufficient => Some(min),
            _ => (wsum > 0.0).then(|| sum / wsum),
        }
    }

    /// The total from the weighted sum and weight of the dimensions with a score.
    #[inline]
    fn total_of(&self, sum: f64, wsum: f64) -> f64 {
        if wsum > 0.0 {
            (sum / wsum).clamp(self.scale.min, self.scale.max)
        } else {
            self.scale.min
        }
    }

    /// Adds indicator `i`'s values `col` (every row of a chunk) to its dimension's sums in
    /// `acc` (empty until its first indicator), in indicator order as
    /// [`Self::aggregate_into`] adds them, so the same numbers; `bad(row)` for each row
    /// whose value is not a score on the scale, which the row path must report. Rows
    /// already handed back are added too: they are never read.
    #[inline(always)]
    pub(crate) fn add_scores(
        &self,
        i: usize,
        col: &[ColumnValue],
        acc: &mut [Vec<Acc>],
        mut bad: impl FnMut(u32),
    ) {
        let (lo, hi) = (self.scale.min - EPS, self.scale.max + EPS);
        let ind = &self.indicators[i];
        let w = ind.weight;
        let acc = &mut acc[ind.dimension];
        if acc.is_empty() {
            // The first indicator starts the sums, as from zero (`0.0 + x` is never -0.0).
            acc.extend((0..).zip(col).map(|(r, &v)| match number(v) {
                Some(s) if s >= lo && s <= hi => Acc {
                    sum: 0.0 + w * s,
                    wsum: 0.0 + w,
                    present: 1,
                },
                None => EMPTY,
                Some(_) => {
                    bad(r);
                    EMPTY
                }
            }));
            return;
        }
        for (r, (&v, a)) in (0..).zip(col.iter().zip(acc.iter_mut())) {
            let Some(s) = number(v) else { continue };
            if s >= lo && s <= hi {
                a.sum += w * s;
                a.wsum += w;
                a.present += 1;
            } else {
                bad(r);
            }
        }
    }

    /// Dimension scores and totals of the rows `sel` of a chunk from the sums that
    /// [`Self::add_scores`] left in `acc`, with the operations of
    /// [`Self::aggregate_into`] in the same order (so the same numbers).
    pub(crate) fn aggregate_chunk(
        &self,
        acc: &[Vec<Acc>],
        sel: &[u32],
        out: &mut ChunkAgg<'_, '_>,
    ) {
        let n = out.total.len();
        let (mut tsum, mut twsum) = (vec![0.0; n], vec![0.0; n]);
        for (d, dim) in self.dimensions.iter().enumerate() {
            let count = dim.indicators.len();
            let wall: f64 = dim
                .indicators
                .iter()
                .fold(0.0, |w, &i| w + self.indicators[i].weight);
            // Decided once per number of indicators with a score rather than once per row.
            let thin: Vec<bool> = (0..=count).map(|p| self.insufficient(p, count)).collect();
            let (acc, scores) = (&acc[d], &mut *out.dims[d]);
            for &r in sel {
                let r = r as usize;
                let Acc { sum, wsum, present } = acc.get(r).copied().unwrap_or(EMPTY);
                let insufficient = thin[present as usize];
                let score = self.dimension_score(sum, wsum, insufficient, wall);
                scores[r] = score;
                out.insufficient[r] |= insufficient;
                if let Some(s) = score {
                    tsum[r] += dim.weight * s;
                    twsum[r] += dim.weight;
                }
            }
        }
        for &r in sel {
            let r = r as usize;
            out.total[r] = self.total_of(tsum[r], twsum[r]);
        }
    }

    pub(crate) fn score_rank(&self, total: f64) -> u32 {
        self.levels
            .iter()
            .rev()
            .find(|l| total + EPS >= l.min)
            .map_or(1, |l| l.rank)
    }

    pub(crate) fn capped_rank(&self, score_rank: u32, gates: &[bool]) -> u32 {
        self.gates
            .iter()
            .zip(gates)
            .filter(|(_, passed)| !**passed)
            .map(|(g, _)| g.level - 1)
            .fold(score_rank, u32::min)
    }

    pub(crate) fn level_ref(&self, rank: u32, lang: Lang) -> LevelRef {
        let l = &self.levels[(rank as usize).saturating_sub(1).min(self.levels.len() - 1)];
        LevelRef {
            rank: l.rank,
            id: l.id.clone(),
            label: l.label.get(lang).to_string(),
        }
    }

    pub(crate) fn score_100(&self, total: f64) -> f64 {
        (total - self.scale.min) / (self.scale.max - self.scale.min) * 100.0
    }

    pub(crate) fn parse_evidence(&self, record: &Record) -> Result<(Vec<Value>, Vec<String>)> {
        let mut problems = Vec::new();
        let mut values = Vec::with_capacity(self.fields.len());
        for f in &self.fields {
            let v = match record.fields.get(&f.id) {
                Some(raw) => f.parse(raw, record.numbers).unwrap_or_else(|message| {
                    problems.push(FieldProblem {
                        field: f.id.clone(),
                        message,
                    });
                    Value::Missing
                }),
                None => Value::Missing,
            };
            if f.required && v == Value::Missing && !problems.iter().any(|p| p.field == f.id) {
                problems.push(FieldProblem {
                    field: f.id.clone(),
                    message: "required, but missing".to_string(),
                });
            }
            values.push(v);
        }
        // Every key is a field, `id` or `name` unless the counts say otherwise (no search needed).
        let known = values
            .iter()
            .zip(&self.fields)
            .filter(|(_, f)| record.fields.contains_key(&f.id))
            .count()
            + usize::from(record.fields.contains_key("id"))
            + usize::from(record.fields.contains_key("name"));
        let mut warnings = Vec::new();
        if known != record.fields.len() {
            let (columns, warning) = self.record_columns(record, false);
            problems.extend(columns);
            warnings.extend(warning);
        }
        if !problems.is_empty() {
            let record = record.describe();
            return Err(Error::Evidence { record, problems });
        }
        Ok((values, warnings))
    }

    /// Runs `script`: on the fast path when it can, else with the Rhai interpreter (whose
    /// scope is built only when first needed).
    fn exec(
        &self,
        script: &Script,
        st: &mut State,
        record: &str,
        what: &dyn Fn() -> String,
    ) -> Result<RowValue> {
        if self.fast_path
            && let Some(p) = &script.fast
            && let Some(v) = p.run(&st.slots, &mut st.locals)
        {
            return Ok(v);
        }
        self.sync_scope(st);
        let base = st.scope.len();
        let limits = &self.limits;
        let deadline = *st
            .deadline
            .get_or_insert_with(|| crate::budget::deadline_after(limits.max_duration));
        let out = crate::budget::run(limits.max_operations, deadline, || {
            self.engine
                .eval_ast_with_scope::<Dynamic>(&mut st.scope, &script.ast)
        });
        st.scope.rewind(base);
        out.map(RowValue::from_dynamic)
            .map_err(|e| runtime_error(record, script, &what(), &e, limits))
    }

    /// Pushes every slot filled so far into the interpreter's scope.
    fn sync_scope(&self, st: &mut State) {
        let nf = self.fields.len();
        while st.pushed < st.slots.len() {
            let i = st.pushed;
            let value = if i < nf {
                st.values[i].to_dynamic()
            } else {
                st.slots[i].to_dynamic()
            };
            let name = self.names.get(i).map_or_else(
                || crate::pack::SELECTION_VARS[i - self.names.len()],
                String::as_str,
            );
            st.scope.push_constant_dynamic(name.to_string(), value);
            st.pushed += 1;
        }
    }

    fn condition(
        &self,
        script: &Script,
        st: &mut State,
        record: &str,
        what: &dyn Fn() -> String,
    ) -> Result<bool> {
        match self.exec(script, st, record, what)? {
            RowValue::Unit => Ok(false),
            RowValue::Bool(b) => Ok(b),
            other => Err(Error::Rule {
                record: record.to_string(),
                location: script.origin.locate(rhai::Position::NONE),
                message: format!(
                    "{} must be true or false, but gave a {}",
                    what(),
                    other.type_name()
                ),
            }),
        }
    }

    fn indicator_score(
        &self,
        v: RowValue,
        record: &str,
        i: usize,
    ) -> Result<(Option<f64>, Option<RowValue>)> {
        let ind = &self.indicators[i];
        let fail = |message: String| Error::Rule {
            record: record.to_string(),
            location: ind.script.origin.locate(rhai::Position::NONE),
            message: format!("indicator '{}': {message}", ind.id),
        };
        let (score, vars) = match &v {
            RowValue::Unit => (None, None),
            RowValue::Int(_) | RowValue::Float(_) => (v.number(), None),
            RowValue::Map(_) => {
                let s = v
                    .get("score")
                    .ok_or_else(|| fail("returned a map without 'score'".into()))?;
                let score = match s {
                    RowValue::Unit => None,
                    s => Some(s.number().ok_or_else(|| {
                        fail(format!("'score' must be a number, got a {}", s.type_name()))
                    })?),
                };
                (score, Some(v))
            }
            other => {
                return Err(fail(format!(
                    "returned a {}; a rule returns a number, () for no evidence, or #{{score: ..}}",
                    other.type_name()
                )));
            }
        };
        if let Some(s) = score
            && !(s.is_finite() && s >= self.scale.min - EPS && s <= self.scale.max + EPS)
        {
            return Err(fail(format!(
                "score {s} is outside the scale {} to {}",
                self.scale.min, self.scale.max
            )));
        }
        Ok((score, vars))
    }

    /// Runs every rule on one record. `st` is reused between records by the calling thread.
    pub(crate) fn evaluate(&self, record: &Record, st: &mut State) -> Result<Evaluation> {
        let (values, warnings) = self.parse_evidence(record)?;
        self.evaluate_values(values, record.id(), record.name(), warnings, st)
    }

    /// Runs every rule on one record's typed evidence. A panic anywhere inside (a bug, in
    /// matang or in Rhai, that a hostile rule found) is an error of this record only.
    pub(crate) fn evaluate_values(
        &self,
        values: Vec<Value>,
        id: String,
        name: Option<String>,
        warnings: Vec<String>,
        st: &mut State,
    ) -> Result<Evaluation> {
        let mut id = Some(id);
        crate::budget::contain(|| {
            self.evaluate_contained(values, &mut id, name, warnings, st)
        })
        .unwrap_or_else(|panic| {
            Err(Error::Rule {
                record: id.unwrap_or_default(),
                location: crate::error::Location {
                    file: crate::pack::MANIFEST.to_string(),
                    line: 0,
                    column: 0,
                },
                message: format!(
                    "the rules stopped with an internal error ({panic}); please report it (SECURITY.md)"
                ),
            })
        })
    }

    /// [`PackInner::evaluate_values`] inside its panic wall; `id` is taken only at the end.
    fn evaluate_contained(
        &self,
        values: Vec<Value>,
        id_slot: &mut Option<String>,
        name: Option<String>,
        warnings: Vec<String>,
        st: &mut State,
    ) -> Result<Evaluation> {
        let id = id_slot.as_deref().unwrap_or_default();
        st.start(values);
        for (n, d) in self.derived.iter().enumerate() {
            let v = self.exec(&d.script, st, id, &|| {
                format!("derived value '{}'", self.derived[n].id)
            })?;
            st.slots.push(v);
        }
        let mut scores = Vec::with_capacity(self.indicators.len());
        let mut vars = Vec::with_capacity(self.indicators.len());
        for (i, ind) in self.indicators.iter().enumerate() {
            let d = self.exec(&ind.script, st, id, &|| format!("indicator '{}'", ind.id))?;
            let (s, v) = self.indicator_score(d, id, i)?;
            scores.push(s);
            vars.push(v);
        }
        let mut gates = Vec::with_capacity(self.gates.len());
        for g in &self.gates {
            gates.push(self.condition(&g.script, st, id, &|| format!("gate '{}'", g.id))?);
        }
        let ratio = match &self.progress.ratio {
            Some(s) => self
                .exec(s, st, id, &|| "progress ratio".to_string())?
                .number(),
            None => None,
        };
        let unmet = if self.selection.requires.is_empty() {
            Vec::new()
        } else {
            let agg = self.aggregate(&scores);
            let rank = self.capped_rank(self.score_rank(agg.total), &gates);
            st.slots.push(RowValue::Int(i64::from(rank)));
            st.slots.push(RowValue::Float(agg.total));
            st.slots.push(RowValue::Float(self.score_100(agg.total)));
            st.slots
                .push(RowValue::Bool(agg.dims.iter().any(|d| d.insufficient)));
            let mut unmet = Vec::new();
            for (n, c) in self.selection.requires.iter().enumerate() {
                if !self.condition(&c.script, st, id, &|| {
                    format!("selection condition '{}'", c.id)
                })? {
                    unmet.push(n);
                }
            }
            unmet
        };
        let nf = self.fields.len();
        let derived = st.slots[nf..nf + self.derived.len()].to_vec();
        let values = std::mem::take(&mut st.values);
        Ok(Evaluation {
            id: id_slot.take().unwrap_or_default(),
            name,
            values,
            derived,
            scores,
            vars,
            gates,
            unmet,
            ratio,
            warnings,
        })
    }

    fn format_dynamic(&self, d: &Dynamic, decimals: Option<usize>, lang: Lang) -> String {
        if d.is_unit() {
            return self.messages.get("missing_value", lang);
        }
        if let Ok(i) = d.as_int() {
            #[allow(clippy::cast_precision_loss)]
            return format_number(i as f64, decimals.unwrap_or(0), lang);
        }
        if let Ok(f) = d.as_float() {
            return format_number(f, decimals.unwrap_or(1), lang);
        }
        if let Ok(b) = d.as_bool() {
            return self.messages.get(if b { "yes" } else { "no" }, lang);
        }
        d.to_string()
    }

    fn format_value(&self, field: usize, v: &Value, decimals: Option<usize>, lang: Lang) -> String {
        let f = &self.fields[field];
        match v {
            Value::Text(s) if f.kind == FieldKind::Enum && !f.value_labels.is_empty() => f
                .values
                .iter()
                .position(|x| x.as_str() == s.as_str())
                .map_or_else(
                    || s.to_string(),
                    |i| f.value_labels[i].get(lang).to_string(),
                ),
            Value::Date(d) => crate::date::format(*d),
            Value::Bool(b) => self.messages.get(if *b { "yes" } else { "no" }, lang),
            Value::Missing => self.messages.get("missing_value", lang),
            other => self.format_dynamic(&other.to_dynamic(), decimals, lang),
        }
    }

    fn reason(&self, ev: &Evaluation, i: usize, lang: Lang) -> String {
        let ind = &self.indicators[i];
        let nf = self.fields.len();
        let lookup = |key: &str| -> Option<String> {
            let (name, decimals) = match key.split_once(':') {
                Some((n, d)) => (n, d.parse::<usize>().ok()),
                None => (key, None),
            };
            if let Some(v) = ev.vars[i].as_ref().and_then(|m| m.get(name)) {
                return Some(self.format_dynamic(&v.to_dynamic(), decimals, lang));
            }
            let pos = self.names.iter().position(|n| n == name)?;
            Some(if pos < nf {
                self.format_value(pos, &ev.values[pos], decimals, lang)
            } else {
                self.format_dynamic(&ev.derived[pos - nf].to_dynamic(), decimals, lang)
            })
        };
        let reads_label = |only_missing: bool| -> String {
            ind.script
                .reads
                .iter()
                .filter(|&&p| p < nf && (!only_missing || ev.values[p] == Value::Missing))
                .map(|&p| {
                    let label = self.fields[p].label.get(lang);
                    if only_missing {
                        label.to_string()
                    } else {
                        format!("{label} = {}", lookup(&self.names[p]).unwrap_or_default())
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        if ev.scores[i].is_none() {
            return self
                .messages
                .format("no_evidence", lang, &[("fields", reads_label(true))]);
        }
        match &ind.reason {
            Some(t) => fill(t.get(lang), &lookup),
            None => reads_label(false),
        }
    }

    pub(crate) fn score_of(&self, ev: Evaluation) -> Score {
        let agg = self.aggregate(&ev.scores);
        let score_level = self.score_rank(agg.total);
        Score {
            level: self.capped_rank(score_level, &ev.gates),
            score_level,
            total: agg.total,
            score_100: self.score_100(agg.total),
            dimensions: agg.dims.iter().map(|d| d.score).collect(),
            eligible: ev.unmet.is_empty(),
            progress_ratio: ev.ratio,
            id: ev.id,
        }
    }

    pub(crate) fn explain(&self, ev: Evaluation, lang: Lang) -> Assessment {
        let agg = self.aggregate(&ev.scores);
        let score_rank = self.score_rank(agg.total);
        let rank = self.capped_rank(score_rank, &ev.gates);
        let dimensions = self
            .dimensions
            .iter()
            .zip(&agg.dims)
            .map(|(d, a)| DimensionScore {
                id: d.id.clone(),
                label: d.label.get(lang).to_string(),
                weight: d.weight,
                score: a.score,
                #[allow(clippy::cast_precision_loss)]
                coverage: a.present as f64 / a.count as f64,
                present: a.present,
                count: a.count,
                insufficient: a.insufficient,
            })
            .collect();
        let indicators = self
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| IndicatorScore {
                id: ind.id.clone(),
                dimension: self.dimensions[ind.dimension].id.clone(),
                label: ind.label.get(lang).to_string(),
                score: ev.scores[i],
                reason: self.reason(&ev, i, lang),
            })
            .collect();
        let gates = self
            .gates
            .iter()
            .zip(&ev.gates)
            .map(|(g, &passed)| GateResult {
                id: g.id.clone(),
                level: g.level,
                passed,
                label: g.label.get(lang).to_string(),
            })
            .collect();
        let capped_by = self
            .gates
            .iter()
            .zip(&ev.gates)
            .filter(|(g, p)| !**p && g.level <= score_rank)
            .map(|(g, _)| g.id.clone())
            .collect();
        let nf = self.fields.len();
        let read: std::collections::BTreeSet<usize> = self
            .indicators
            .iter()
            .flat_map(|i| i.script.reads.iter().copied())
            .chain(
                self.derived
                    .iter()
                    .flat_map(|d| d.script.reads.iter().copied()),
            )
            .filter(|&p| p < nf)
            .collect();
        let missing = read
            .into_iter()
            .filter(|&p| ev.values[p] == Value::Missing)
            .map(|p| self.fields[p].id.clone())
            .collect();
        let unmet = ev
            .unmet
            .iter()
            .map(|&n| {
                let c = &self.selection.requires[n];
                Unmet {
                    id: c.id.clone(),
                    label: c.label.get(lang).to_string(),
                }
            })
            .collect();
        let evidence = self
            .fields
            .iter()
            .zip(&ev.values)
            .map(|(f, v)| (f.id.clone(), v.to_json()))
            .collect();
        let next_level = self.next_level(&ev.scores, &ev.gates, agg.total, rank, lang);
        Assessment {
            id: ev.id,
            name: ev.name,
            total: agg.total,
            score_100: self.score_100(agg.total),
            level: self.level_ref(rank, lang),
            score_level: score_rank,
            dimensions,
            indicators,
            gates,
            capped_by,
            missing,
            next_level,
            eligible: ev.unmet.is_empty(),
            unmet,
            progress_ratio: ev.ratio,
            evidence,
            warnings: ev.warnings,
            policy: self.policy.name().to_string(),
            lang,
            pack: self.reference.clone(),
        }
    }
}

/// Per-thread working memory for evaluating records, reused from one record to the next.
#[derive(Default)]
pub(crate) struct State {
    /// Evidence, derived values and selection variables, in the order of the pack's names.
    slots: Vec<RowValue>,
    values: Vec<Value>,
    locals: Locals,
    /// The interpreter's scope, filled from `slots` only when a script needs the interpreter.
    scope: Scope<'static>,
    pushed: usize,
    /// When the record's time is up; set by the first script that needs the interpreter.
    deadline: Option<Option<crate::budget::Instant>>,
}

impl State {
    fn start(&mut self, values: Vec<Value>) {
        self.slots.clear();
        self.slots.extend(values.iter().map(Value::to_fv));
        self.values = values;
        self.scope.clear();
        self.pushed = 0;
        self.deadline = None;
    }
}

thread_local! {
    static STATE: std::cell::RefCell<State> = std::cell::RefCell::new(State::default());
}

/// Runs `f` with this thread's working memory.
pub(crate) fn with_state<T>(f: impl FnOnce(&mut State) -> T) -> T {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

impl Pack {
    /// Assesses one record.
    ///
    /// ```
    /// use matang::{Lang, Pack, Record};
    /// let pack = Pack::builtin("smart-city-quickwin").unwrap();
    /// let record = Record::from_json(serde_json::json!({
    ///     "id": "QW-01", "name": "Satrio Pasar", "assessed_on": "2019-10-01",
    ///     "stage": "live", "go_live_date": "2019-01-15", "legal_basis": "perbup",
    ///     "trained_staff": 4, "target_users": 5000, "active_users_month": 1200
    /// })).unwrap();
    /// let a = pack.assess(&record, Lang::En).unwrap();
    /// assert!(a.total >= 0.0 && a.total <= 5.0);
    /// // Too little evidence on most dimensions: the gap says what to do next.
    /// assert!(a.next_level.is_some());
    /// assert_eq!(a.pack.id, "smart-city-quickwin");
    /// ```
    ///
    /// A key that is not a field is ignored and named in the assessment's `warnings`,
    /// unless it looks like a field (see [`crate::ColumnCheck`]): then it is a problem.
    ///
    /// # Errors
    /// [`Error::Evidence`] naming the record and every bad field (and every key that looks
    /// like a field, with the field it looks like); [`Error::Rule`] when a rule fails on
    /// this record (with the script's file and position).
    pub fn assess(&self, record: &Record, lang: Lang) -> Result<Assessment> {
        STATE.with(|s| {
            let mut st = s.borrow_mut();
            let ev = self.inner.evaluate(record, &mut st)?;
            Ok(self.inner.explain(ev, lang))
        })
    }

    /// Scores one record without the explanation (reasons, gates in words, next-level gap):
    /// the same numbers as [`Pack::assess`], much faster, for large tables.
    ///
    /// ```
    /// use matang::{Lang, Pack};
    /// let pack = Pack::builtin("smart-city-quickwin").unwrap();
    /// for (_, record) in pack.vector_records().unwrap().iter().take(5) {
    ///     if let Ok(full) = pack.assess(record, Lang::En) {
    ///         let quick = pack.score(record).unwrap();
    ///         assert_eq!((quick.total, quick.level), (full.total, full.level.rank));
    ///     }
    /// }
    /// ```
    ///
    /// # Errors
    /// As [`Pack::assess`].
    pub fn score(&self, record: &Record) -> Result<Score> {
        STATE.with(|s| {
            let mut st = s.borrow_mut();
            let ev = self.inner.evaluate(record, &mut st)?;
            Ok(self.inner.score_of(ev))
        })
    }

    /// [`Pack::score`] for many records: one [`crate::Batch`], scored column by column on
    /// all cores with the `parallel` feature. One result per record, in order.
    #[must_use]
    pub fn score_many(&self, records: &[Record]) -> Vec<Result<Score>> {
        let batch = crate::Batch::from_records(self, records);
        match self.score_batch(&batch) {
            Ok(scores) => scores.into_results(batch.ids()),
            Err(e) => records.iter().map(|_| Err(e.clone())).collect(),
        }
    }

    /// Assesses a JSON object (as bindings receive it).
    ///
    /// # Errors
    /// As [`Pack::assess`], and [`Error::Usage`] if `value` is not an object.
    pub fn assess_json(&self, value: serde_json::Value, lang: Lang) -> Result<Assessment> {
        self.assess(&Record::from_json(value)?, lang)
    }

    /// Assesses many records, on all cores with the `parallel` feature. One result per
    /// record, in order: a bad record gives an error in its place and never stops the batch.
    #[must_use]
    pub fn assess_many(&self, records: &[Record], lang: Lang) -> Vec<Result<Assessment>> {
        crate::parallel::map(records, |r| self.assess(r, lang))
    }

    /// Re-assesses `record` with some evidence changed (`null` removes a value) and reports
    /// the difference per dimension and level.
    ///
    /// # Errors
    /// As [`Pack::assess`], for the record before or after the change.
    pub fn what_if(
        &self,
        record: &Record,
        changes: &Map<String, serde_json::Value>,
        lang: Lang,
    ) -> Result<WhatIf> {
        let before = self.assess(record, lang)?;
        let after = self.assess(&record.with_changes(changes), lang)?;
        let dimensions = before
            .dimensions
            .iter()
            .zip(&after.dimensions)
            .map(|(b, a)| DimensionChange {
                id: b.id.clone(),
                label: b.label.clone(),
                before: b.score,
                after: a.score,
                delta: match (b.score, a.score) {
                    (Some(x), Some(y)) => y - x,
                    _ => 0.0,
                },
            })
            .collect();
        Ok(WhatIf {
            changes: changes.clone(),
            total_delta: after.total - before.total,
            level_delta: i64::from(after.level.rank) - i64::from(before.level.rank),
            dimensions,
            before,
            after,
        })
    }
}
