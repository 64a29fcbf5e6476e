//! Evaluating one record: its evidence checked, then its derived values, indicators, gates,
//! progress ratio and selection conditions run in order, each on the fast path when it
//! can and by the Rhai interpreter otherwise, within the record's budget.

use super::Compiled;
use super::fast::{Locals, RowValue};
use super::sandbox::{Script, locate, runtime_error};
use crate::error::{Error, Result};
use crate::model::aggregate::EPS;
use crate::model::field::Value;
use crate::model::record::Record;
use crate::model::{MANIFEST, SELECTION_VARS};
use rhai::{Dynamic, Scope};

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
    /// Indicators scored the minimum because evidence they need was not shown.
    pub not_shown: Vec<usize>,
    /// Fields whose verified value replaced a different own value: (field, own value).
    pub verified: Vec<(usize, Value)>,
    pub ratio: Option<f64>,
    pub warnings: Vec<String>,
}

impl Compiled {
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
            .get_or_insert_with(|| super::budget::deadline_after(limits.max_duration));
        let out = super::budget::run(limits.max_operations, deadline, || {
            self.engine
                .eval_ast_with_scope::<Dynamic>(&mut st.scope, &script.ast)
        });
        st.scope.rewind(base);
        out.map(RowValue::from_dynamic)
            .map_err(|e| runtime_error(record, script, &what(), &e, limits))
    }

    /// Pushes every slot filled so far into the interpreter's scope.
    fn sync_scope(&self, st: &mut State) {
        let names = &self.model.names;
        let nf = self.model.fields.len();
        while st.pushed < st.slots.len() {
            let i = st.pushed;
            let value = if i < nf {
                st.values[i].to_dynamic()
            } else {
                st.slots[i].to_dynamic()
            };
            let name = names
                .get(i)
                .map_or_else(|| SELECTION_VARS[i - names.len()], String::as_str);
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
                location: locate(&script.origin, rhai::Position::NONE),
                message: format!(
                    "{} must be true or false, but gave a {}",
                    what(),
                    other.type_name()
                ),
            }),
        }
    }

    pub(crate) fn indicator_score(
        &self,
        v: RowValue,
        record: &str,
        i: usize,
    ) -> Result<(Option<f64>, Option<RowValue>)> {
        let ind = &self.model.indicators[i];
        let fail = |message: String| Error::Rule {
            record: record.to_string(),
            location: locate(&self.scripts.indicators[i].origin, rhai::Position::NONE),
            message: format!("indicator '{}': {message}", ind.id),
        };
        let scale = self.model.scale;
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
            && !(s.is_finite() && s >= scale.min - EPS && s <= scale.max + EPS)
        {
            return Err(fail(format!(
                "score {s} is outside the scale {} to {}",
                scale.min, scale.max
            )));
        }
        Ok((score, vars))
    }

    /// Runs every rule on one record. `st` is reused between records by the calling thread.
    pub(crate) fn evaluate(&self, record: &Record, st: &mut State) -> Result<Evaluation> {
        let evidence = self.model.parse_evidence(record)?;
        let mut ev = self.evaluate_values(
            evidence.values,
            record.id(),
            record.name(),
            evidence.warnings,
            st,
        )?;
        ev.verified = evidence.verified;
        Ok(ev)
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
        crate::contain::contain(|| {
            self.evaluate_contained(values, &mut id, name, warnings, st)
        })
        .unwrap_or_else(|panic| {
            Err(Error::Rule {
                record: id.unwrap_or_default(),
                location: crate::error::Location {
                    file: MANIFEST.to_string(),
                    line: 0,
                    column: 0,
                },
                message: format!(
                    "the rules stopped with an internal error ({panic}); please report it (SECURITY.md)"
                ),
            })
        })
    }

    /// [`Compiled::evaluate_values`] inside its panic wall; `id` is taken only at the end.
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
        let (model, scripts) = (&self.model, &self.scripts);
        for (d, script) in model.derived.iter().zip(&scripts.derived) {
            let v = self.exec(script, st, id, &|| format!("derived value '{}'", d.id))?;
            st.slots.push(v);
        }
        let mut scores = Vec::with_capacity(model.indicators.len());
        let mut vars = Vec::with_capacity(model.indicators.len());
        let mut not_shown = Vec::new();
        for (i, (ind, script)) in model.indicators.iter().zip(&scripts.indicators).enumerate() {
            let d = self.exec(script, st, id, &|| format!("indicator '{}'", ind.id))?;
            let (mut s, v) = self.indicator_score(d, id, i)?;
            if s.is_none() && model.not_shown(i, |f| st.values[f] == Value::Missing) {
                s = Some(model.scale.min);
                not_shown.push(i);
            }
            scores.push(s);
            vars.push(v);
        }
        let mut gates = Vec::with_capacity(model.gates.len());
        for (g, script) in model.gates.iter().zip(&scripts.gates) {
            gates.push(self.condition(script, st, id, &|| format!("gate '{}'", g.id))?);
        }
        let ratio = match &scripts.ratio {
            Some(s) => self
                .exec(s, st, id, &|| "progress ratio".to_string())?
                .number(),
            None => None,
        };
        let unmet = if scripts.requires.is_empty() {
            Vec::new()
        } else {
            let agg = model.aggregate(&scores);
            let rank = model.capped_rank(model.score_rank(agg.total), &gates);
            st.slots.push(RowValue::Int(i64::from(rank)));
            st.slots.push(RowValue::Float(agg.total));
            st.slots.push(RowValue::Float(model.score_100(agg.total)));
            st.slots
                .push(RowValue::Bool(agg.dims.iter().any(|d| d.insufficient)));
            let mut unmet = Vec::new();
            for (n, (c, script)) in model
                .selection
                .requires
                .iter()
                .zip(&scripts.requires)
                .enumerate()
            {
                if !self.condition(script, st, id, &|| {
                    format!("selection condition '{}'", c.id)
                })? {
                    unmet.push(n);
                }
            }
            unmet
        };
        let nf = model.fields.len();
        let derived = st.slots[nf..nf + model.derived.len()].to_vec();
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
            not_shown,
            verified: Vec::new(),
            ratio,
            warnings,
        })
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
    deadline: Option<Option<super::budget::Instant>>,
}

impl State {
    pub(crate) fn locals_mut(&mut self) -> &mut Locals {
        &mut self.locals
    }

    fn start(&mut self, values: Vec<Value>) {
        self.slots.clear();
        self.slots.extend(values.iter().map(Value::to_row_value));
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

impl Value {
    pub(crate) fn to_dynamic(&self) -> Dynamic {
        match self {
            Value::Missing => Dynamic::UNIT,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) | Value::Date(i) => (*i).into(),
            Value::Float(f) => (*f).into(),
            Value::Text(s) => s.clone().into(),
        }
    }

    pub(crate) fn to_row_value(&self) -> RowValue {
        match self {
            Value::Missing => RowValue::Unit,
            Value::Bool(b) => RowValue::Bool(*b),
            Value::Int(i) | Value::Date(i) => RowValue::Int(*i),
            Value::Float(f) => RowValue::Float(*f),
            Value::Text(s) => RowValue::Str(s.clone()),
        }
    }
}
