//! The next-level plan: the fewest evidence changes, in field units, that lift an item to
//! the level above (score band and gates), found by re-running the pack's own evaluation
//! on changed evidence. Only fields an indicator declares `monotone` are changed, only
//! upwards (numbers up, enums towards later values, booleans to true), within the schema.
//! Dates and text are never changed: a date records when something happened.

use crate::engine::rerun::Base;
use crate::engine::row::{Evaluation, with_state};
use crate::error::Result;
use crate::label::{Lang, format_number};
use crate::model::Model;
use crate::model::evidence::VERIFIED_PREFIX;
use crate::model::field::{Field, FieldKind, Value};
use crate::model::level::LevelRef;
use crate::model::record::Record;
use crate::pack::Pack;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

/// Evaluations one plan may spend before it stops with what it has (`complete: false`).
pub const PLAN_EVALUATIONS: usize = 4000;

/// The resolution of a plan's values for real-number fields.
const NUMBER_STEP: f64 = 0.01;

/// How far above its current value an unbounded field is searched.
const UNBOUNDED_FACTOR: f64 = 1.0e6;

/// Combinations of this many fields at most are searched exhaustively; beyond, greedily.
const EXHAUSTIVE_UP_TO: usize = 3;

/// One evidence change of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanChange {
    /// Field id.
    pub field: String,
    /// Field label in the requested language.
    pub label: String,
    /// The value now (`null` when blank).
    pub from: Json,
    /// The value the plan needs.
    pub to: Json,
    /// In words, e.g. "naikkan SDM terlatih dari 2 menjadi 5 orang".
    pub text: String,
}

/// The smallest set of evidence changes found that reaches the next level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The level the plan aims at (the next one).
    pub level: LevelRef,
    /// The changes, together; empty when none was found.
    pub changes: Vec<PlanChange>,
    /// Whether the changes reach the level (score band and every gate up to it).
    pub reached: bool,
    /// Whether the search finished; `false`: it hit its evaluation budget and the plan
    /// is the best found so far.
    pub complete: bool,
    /// The total after the changes.
    pub total_after: f64,
    /// The level rank after the changes.
    pub level_after: u32,
    /// Other single changes that reach the level alone, smallest share of their range first.
    pub alternatives: Vec<PlanChange>,
    /// Labels of the gates no evidence change within the schema can meet (e.g. a time live).
    pub blocked_by: Vec<String>,
    /// Evaluations the search ran.
    pub evaluations: usize,
    /// The plan in one sentence, changes joined by "; ".
    pub text: String,
}

impl Plan {
    /// `record` with the plan's changes applied, to the field and to its verified value
    /// where the record has one (the score uses the verified value).
    #[must_use]
    pub fn apply(&self, record: &Record) -> Record {
        let mut changes = Map::new();
        for c in &self.changes {
            changes.insert(c.field.clone(), c.to.clone());
            let verified = format!("{VERIFIED_PREFIX}{}", c.field);
            if record.fields.contains_key(&verified) {
                changes.insert(verified, c.to.clone());
            }
        }
        record.with_changes(&changes)
    }
}

/// A field the plan may raise: its options above the current value, `1..=steps`.
struct Ladder {
    field: usize,
    current: Value,
    start: f64,
    steps: u64,
    /// Enum value indexes, for enums.
    enum_from: usize,
}

impl Ladder {
    fn new(f: &Field, field: usize, current: &Value) -> Option<Ladder> {
        let (start, steps, enum_from) = match (f.kind, current) {
            (FieldKind::Boolean, Value::Bool(true)) => return None,
            (FieldKind::Boolean, _) => (1.0, 1, 0),
            (FieldKind::Enum, v) => {
                let from = match v {
                    Value::Text(s) => f.values.iter().position(|x| x == s.as_str())? + 1,
                    _ => 0,
                };
                (0.0, (f.values.len().checked_sub(from)?) as u64, from)
            }
            (FieldKind::Integer | FieldKind::Number, v) => {
                let step = if f.kind == FieldKind::Integer {
                    1.0
                } else {
                    NUMBER_STEP
                };
                let start = match v {
                    Value::Int(i) => *i as f64 + step,
                    Value::Float(x) => ((x / step).floor() + 1.0) * step,
                    _ => f.min.unwrap_or(0.0),
                };
                let top = f
                    .max
                    .unwrap_or_else(|| (start.max(1.0) * UNBOUNDED_FACTOR).min(9.0e15));
                if start > top {
                    return None;
                }
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let steps = ((top - start) / step + 1e-6).floor() as u64 + 1;
                (start, steps, 0)
            }
            _ => return None,
        };
        (steps > 0).then(|| Ladder {
            field,
            current: current.clone(),
            start,
            steps,
            enum_from,
        })
    }

    /// The `k`-th option above the current value (`1..=steps`).
    fn value(&self, f: &Field, k: u64) -> Value {
        #[allow(clippy::cast_precision_loss)]
        let off = (k - 1) as f64;
        match f.kind {
            FieldKind::Boolean => Value::Bool(true),
            #[allow(clippy::cast_possible_truncation)]
            FieldKind::Enum => Value::Text(f.interned[self.enum_from + k as usize - 1].clone()),
            #[allow(clippy::cast_possible_truncation)]
            FieldKind::Integer => Value::Int((self.start + off) as i64),
            _ => {
                let x = self.start + off * NUMBER_STEP;
                Value::Float((x / NUMBER_STEP).round() * NUMBER_STEP)
            }
        }
    }

    /// The share of the field's range that option `k` moves it: how plans are compared.
    #[allow(clippy::cast_precision_loss)]
    fn cost(&self, f: &Field, k: u64) -> f64 {
        match (f.kind, f.min, f.max, &self.value(f, k)) {
            (FieldKind::Integer | FieldKind::Number, Some(lo), Some(hi), v) if hi > lo => {
                (number(v) - number(&self.current).max(lo)) / (hi - lo)
            }
            (FieldKind::Integer | FieldKind::Number, _, _, v) => {
                let to = number(v);
                (to - number(&self.current)) / to.abs().max(1.0)
            }
            (FieldKind::Enum, ..) => k as f64 / f.values.len().max(1) as f64,
            _ => 1.0,
        }
    }
}

fn number(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(x) => *x,
        _ => 0.0,
    }
}

/// How close an evaluation is to the target: level, gates met up to it, total.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Measure {
    rank: u32,
    gates: usize,
    total: f64,
}

struct Search<'a> {
    pack: &'a Pack,
    base: Vec<Value>,
    /// The record's own evaluation, to re-run only the rules a change reaches.
    first: Base,
    target: u32,
    evaluations: usize,
    limit: usize,
    exhausted: bool,
}

impl Search<'_> {
    fn model(&self) -> &Model {
        self.pack.model()
    }

    /// Evaluates the base evidence with `changes`; `None` when the budget is spent or
    /// the rules fail on the changed evidence.
    fn measure(&mut self, changes: &[(usize, Value)]) -> Option<Measure> {
        if self.evaluations >= self.limit {
            self.exhausted = true;
            return None;
        }
        self.evaluations += 1;
        let compiled = self.pack.compiled();
        let m = self.model();
        let (scores, gates) = match compiled.rerun(&self.first, changes) {
            Some(measured) => measured.ok()?,
            None => {
                let ev = self.evaluate(changes)?;
                (ev.scores, ev.gates)
            }
        };
        let total = m.aggregate(&scores).total;
        let rank = m.capped_rank(m.score_rank(total), &gates);
        let gates = (m.gates.iter().zip(&gates))
            .filter(|(g, ok)| **ok && g.level <= self.target)
            .count();
        Some(Measure { rank, gates, total })
    }

    /// The base evidence with `changes`, evaluated in full.
    fn evaluate(&self, changes: &[(usize, Value)]) -> Option<Evaluation> {
        let mut values = self.base.clone();
        for (i, v) in changes {
            values[*i] = v.clone();
        }
        let compiled = self.pack.compiled();
        with_state(|st| compiled.evaluate_values(values, String::new(), None, Vec::new(), st)).ok()
    }

    fn reaches(&mut self, changes: &[(usize, Value)]) -> bool {
        self.measure(changes).is_some_and(|m| m.rank >= self.target)
    }

    /// The smallest option of `ladder` that reaches the target with `others` applied,
    /// if its top option does (the level never falls as a monotone field rises).
    fn smallest(&mut self, ladder: &Ladder, others: &[(usize, Value)]) -> Option<u64> {
        let f = &self.pack.model().fields[ladder.field];
        let with = |k: u64| {
            let mut c = others.to_vec();
            c.push((ladder.field, ladder.value(f, k)));
            c
        };
        if !self.reaches(&with(ladder.steps)) {
            return None;
        }
        let (mut lo, mut hi) = (1, ladder.steps);
        while lo < hi && !self.exhausted {
            let mid = lo + (hi - lo) / 2;
            if self.reaches(&with(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Some(hi)
    }

    /// Lowers each field of a reaching set, in turn, to its smallest value that still
    /// reaches the target; drops the fields not needed at all.
    fn minimise(&mut self, ladders: &[Ladder], set: &[usize]) -> Vec<(usize, u64)> {
        let fields = &self.pack.model().fields;
        let mut chosen: Vec<(usize, u64)> = set.iter().map(|&l| (l, ladders[l].steps)).collect();
        let mut i = 0;
        while i < chosen.len() {
            let others: Vec<(usize, Value)> = (chosen.iter().enumerate())
                .filter(|(j, _)| *j != i)
                .map(|(_, &(l, k))| {
                    (
                        ladders[l].field,
                        ladders[l].value(&fields[ladders[l].field], k),
                    )
                })
                .collect();
            if self.reaches(&others) {
                chosen.remove(i);
                continue;
            }
            if let Some(k) = self.smallest(&ladders[chosen[i].0], &others) {
                chosen[i].1 = k;
            }
            i += 1;
        }
        chosen
    }

    fn changes(&self, ladders: &[Ladder], chosen: &[(usize, u64)]) -> Vec<(usize, Value)> {
        let fields = &self.pack.model().fields;
        (chosen.iter())
            .map(|&(l, k)| {
                (
                    ladders[l].field,
                    ladders[l].value(&fields[ladders[l].field], k),
                )
            })
            .collect()
    }

    fn cost(&self, ladders: &[Ladder], chosen: &[(usize, u64)]) -> f64 {
        let fields = &self.pack.model().fields;
        (chosen.iter())
            .map(|&(l, k)| ladders[l].cost(&fields[ladders[l].field], k))
            .sum()
    }
}

/// Every combination of `size` indexes below `n`, in lexicographic order.
fn combinations(n: usize, size: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut c: Vec<usize> = (0..size).collect();
    if size == 0 || size > n {
        return out;
    }
    loop {
        out.push(c.clone());
        let Some(i) = (0..size).rev().find(|&i| c[i] != i + n - size) else {
            return out;
        };
        c[i] += 1;
        for j in i + 1..size {
            c[j] = c[j - 1] + 1;
        }
    }
}

impl Pack {
    /// The smallest set of evidence changes found that lifts `record` to the next level,
    /// `None` at the top level. See the README section "The next-level plan".
    ///
    /// ```
    /// use matang::{Lang, Pack, Record};
    /// let pack = Pack::builtin("smart-city-quickwin").unwrap();
    /// let record = Record::from_json(serde_json::json!({
    ///     "id": "QW-01", "assessed_on": "2019-10-01", "stage": "live",
    ///     "go_live_date": "2019-01-15", "legal_basis": "none", "trained_staff": 2
    /// })).unwrap();
    /// let plan = pack.next_level_plan(&record, Lang::En).unwrap().unwrap();
    /// assert!(plan.reached);
    /// let after = pack.assess(&plan.apply(&record), Lang::En).unwrap();
    /// assert!(after.level.rank >= plan.level.rank);
    /// ```
    ///
    /// # Errors
    /// As [`Pack::assess`], for the record as it is.
    pub fn next_level_plan(&self, record: &Record, lang: Lang) -> Result<Option<Plan>> {
        self.next_level_plan_within(record, lang, PLAN_EVALUATIONS)
    }

    /// [`Pack::next_level_plan`] with at most `limit` evaluations.
    ///
    /// # Errors
    /// As [`Pack::assess`], for the record as it is.
    pub fn next_level_plan_within(
        &self,
        record: &Record,
        lang: Lang,
        limit: usize,
    ) -> Result<Option<Plan>> {
        let m = self.model();
        let base = m.parse_evidence(record)?.values;
        let now = with_state(|st| self.compiled().evaluate(record, st))?;
        let total = m.aggregate(&now.scores).total;
        let rank = m.capped_rank(m.score_rank(total), &now.gates);
        let Some(next) = m.levels.iter().find(|l| l.rank == rank + 1) else {
            return Ok(None);
        };
        let mut s = Search {
            pack: self,
            base,
            first: Base::new(&now),
            target: next.rank,
            evaluations: 0,
            limit,
            exhausted: false,
        };
        let ladders = m.plan_ladders(&s.base);
        let tops: Vec<(usize, Value)> = (ladders.iter())
            .map(|l| (l.field, l.value(&m.fields[l.field], l.steps)))
            .collect();
        let mut chosen: Vec<(usize, u64)> = Vec::new();
        let mut alternatives: Vec<(usize, u64)> = Vec::new();
        let all = s.measure(&tops);
        if all.is_some_and(|a| a.rank >= s.target) {
            for (l, ladder) in ladders.iter().enumerate() {
                if let Some(k) = s.smallest(ladder, &[]) {
                    alternatives.push((l, k));
                }
            }
            alternatives
                .sort_by(|a, b| s.cost(&ladders, &[*a]).total_cmp(&s.cost(&ladders, &[*b])));
            if alternatives.is_empty() {
                chosen = s.combination(&ladders, &tops);
            } else {
                chosen = vec![alternatives.remove(0)];
            }
        }
        let changes = s.changes(&ladders, &chosen);
        let after = s.measure_uncounted(&changes);
        let reached = !chosen.is_empty() && after.is_some_and(|a| a.rank >= s.target);
        let blocked_by = if all.is_some_and(|a| a.rank >= s.target) {
            Vec::new()
        } else {
            m.blocking_gates(self, &s.base, &tops, s.target, lang)
        };
        let describe = |list: &[(usize, u64)]| m.plan_changes(&s.base, &ladders, list, lang);
        let changes_out = describe(&chosen);
        let alternatives_out: Vec<PlanChange> = alternatives
            .iter()
            .flat_map(|a| describe(std::slice::from_ref(a)))
            .collect();
        let level = m.level_ref(next.rank, lang);
        let text = m.plan_text(
            &changes_out,
            reached,
            s.exhausted,
            &blocked_by,
            &level,
            lang,
        );
        Ok(Some(Plan {
            level,
            changes: changes_out,
            reached,
            complete: !s.exhausted,
            total_after: after.map_or(total, |a| a.total),
            level_after: after.map_or(rank, |a| a.rank),
            alternatives: alternatives_out,
            blocked_by,
            evaluations: s.evaluations,
            text,
        }))
    }
}

impl Search<'_> {
    /// The smallest combination of fields that reaches the target: every pair and triple
    /// at the fields' top values first, then greedily the field that helps most.
    fn combination(&mut self, ladders: &[Ladder], tops: &[(usize, Value)]) -> Vec<(usize, u64)> {
        for size in 2..=EXHAUSTIVE_UP_TO.min(ladders.len()) {
            let mut best: Option<(f64, Vec<(usize, u64)>)> = None;
            for set in combinations(ladders.len(), size) {
                let picked: Vec<(usize, Value)> = set.iter().map(|&l| tops[l].clone()).collect();
                if self.exhausted {
                    break;
                }
                if self.reaches(&picked) {
                    let chosen = self.minimise(ladders, &set);
                    let cost = self.cost(ladders, &chosen);
                    if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                        best = Some((cost, chosen));
                    }
                }
            }
            if let Some((_, chosen)) = best {
                return chosen;
            }
            if self.exhausted {
                return Vec::new();
            }
        }
        // Greedy: add the field whose top value brings the evaluation closest to the target.
        let mut set: Vec<usize> = Vec::new();
        while !self.exhausted {
            let current: Vec<(usize, Value)> = set.iter().map(|&l| tops[l].clone()).collect();
            let mut best: Option<(Measure, usize)> = None;
            for l in (0..ladders.len()).filter(|l| !set.contains(l)) {
                let mut trial = current.clone();
                trial.push(tops[l].clone());
                if let Some(m) = self.measure(&trial)
                    && best.is_none_or(|(b, _)| m > b)
                {
                    best = Some((m, l));
                }
            }
            let Some((m, l)) = best else { break };
            set.push(l);
            if m.rank >= self.target {
                return self.minimise(ladders, &set);
            }
        }
        Vec::new()
    }

    /// [`Search::measure`] that runs even when the budget is spent (the final check).
    fn measure_uncounted(&mut self, changes: &[(usize, Value)]) -> Option<Measure> {
        let (limit, exhausted, evaluations) = (self.limit, self.exhausted, self.evaluations);
        self.limit = usize::MAX;
        let m = self.measure(changes);
        (self.limit, self.exhausted, self.evaluations) = (limit, exhausted, evaluations);
        m
    }
}

impl Model {
    /// The fields the plan may raise: those an indicator declares monotone, each once.
    fn plan_ladders(&self, base: &[Value]) -> Vec<Ladder> {
        let mut seen = Vec::new();
        for ind in &self.indicators {
            for name in &ind.monotone {
                if let Some(i) = self.fields.iter().position(|f| &f.id == name)
                    && !seen.contains(&i)
                {
                    seen.push(i);
                }
            }
        }
        seen.sort_unstable();
        (seen.into_iter())
            .filter_map(|i| Ladder::new(&self.fields[i], i, &base[i]))
            .collect()
    }

    /// Labels of the gates up to `target` that fail even with every field at its top.
    fn blocking_gates(
        &self,
        pack: &Pack,
        base: &[Value],
        tops: &[(usize, Value)],
        target: u32,
        lang: Lang,
    ) -> Vec<String> {
        let mut values = base.to_vec();
        for (i, v) in tops {
            values[*i] = v.clone();
        }
        let ev = with_state(|st| {
            pack.compiled()
                .evaluate_values(values, String::new(), None, Vec::new(), st)
        });
        let Ok(ev) = ev else { return Vec::new() };
        (self.gates.iter().zip(&ev.gates))
            .filter(|(g, ok)| !**ok && g.level <= target)
            .map(|(g, _)| g.label.get(lang).to_string())
            .collect()
    }

    fn plan_changes(
        &self,
        base: &[Value],
        ladders: &[Ladder],
        chosen: &[(usize, u64)],
        lang: Lang,
    ) -> Vec<PlanChange> {
        let mut out: Vec<PlanChange> = chosen
            .iter()
            .map(|&(l, k)| {
                let ladder = &ladders[l];
                let f = &self.fields[ladder.field];
                let to = ladder.value(f, k);
                let from = &base[ladder.field];
                PlanChange {
                    field: f.id.clone(),
                    label: f.label.get(lang).to_string(),
                    from: from.to_json(),
                    to: to.to_json(),
                    text: self.change_text(f, from, &to, lang),
                }
            })
            .collect();
        let order = |c: &PlanChange| self.fields.iter().position(|f| f.id == c.field);
        out.sort_by_key(order);
        out
    }

    /// One change in words: "naikkan SDM terlatih dari 2 menjadi 5 orang".
    fn change_text(&self, f: &Field, from: &Value, to: &Value, lang: Lang) -> String {
        let label = mid_sentence(f.label.get(lang));
        let shown = |v: &Value| match v {
            Value::Text(s) => (f.values.iter().position(|x| x == s.as_str()))
                .and_then(|i| f.value_labels.get(i))
                .map_or_else(|| s.to_string(), |l| l.get(lang).to_string()),
            Value::Int(_) | Value::Float(_) => format_number(number(v), 2, lang),
            other => other.to_json().to_string(),
        };
        let with_unit = |v: &Value| match &f.unit {
            Some(u) if u.get(lang) == "%" => format!("{}%", shown(v)),
            Some(u) => format!("{} {}", shown(v), u.get(lang)),
            None => shown(v),
        };
        let m = &self.messages;
        let field = ("field", label);
        match (f.kind, from) {
            (FieldKind::Boolean, _) => m.format("plan_ensure", lang, &[field]),
            (FieldKind::Enum, _) => m.format("plan_set", lang, &[field, ("to", shown(to))]),
            (_, Value::Missing) => m.format("plan_fill", lang, &[field, ("to", with_unit(to))]),
            _ => m.format(
                "plan_raise",
                lang,
                &[field, ("from", shown(from)), ("to", with_unit(to))],
            ),
        }
    }

    fn plan_text(
        &self,
        changes: &[PlanChange],
        reached: bool,
        exhausted: bool,
        blocked_by: &[String],
        level: &LevelRef,
        lang: Lang,
    ) -> String {
        let m = &self.messages;
        let mut text = if reached {
            (changes.iter().map(|c| c.text.as_str()))
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            let mut t = m.format(
                "plan_none",
                lang,
                &[
                    ("rank", level.rank.to_string()),
                    ("level", level.label.clone()),
                ],
            );
            if !blocked_by.is_empty() {
                t.push_str("; ");
                t.push_str(&m.format("plan_blocked", lang, &[("gates", blocked_by.join(", "))]));
            }
            t
        };
        if exhausted {
            text.push_str(&m.get("plan_partial", lang));
        }
        text
    }
}

/// A label as it reads inside a sentence: "Dasar hukum" → "dasar hukum"; acronyms stay
/// ("SDM terlatih", "SOP").
fn mid_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => {
            a.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{combinations, mid_sentence};

    #[test]
    fn combinations_are_every_subset_of_a_size_once() {
        assert_eq!(combinations(4, 2).len(), 6);
        assert_eq!(combinations(5, 3).len(), 10);
        assert_eq!(combinations(2, 3).len(), 0);
        assert_eq!(combinations(3, 3), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn labels_read_inside_a_sentence() {
        assert_eq!(mid_sentence("Dasar hukum"), "dasar hukum");
        assert_eq!(mid_sentence("SDM terlatih"), "SDM terlatih");
        assert_eq!(mid_sentence("SOP"), "SOP");
    }
}
