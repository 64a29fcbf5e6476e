//! Re-running only what a change of evidence reaches: which slots (fields and derived
//! values) each rule reads, and the scores and gates of changed evidence computed from a
//! first evaluation by running just the rules that read a changed slot. The next-level
//! search measures thousands of small changes of one record this way.
//!
//! It needs every derived value, indicator and gate on the fast path (pure rules whose
//! reads are known); otherwise, or when the fast path gives a rule back at run time, the
//! caller evaluates the record in full, so results never differ.

use super::Compiled;
use super::fast::{Node, Program, RowValue, Stmt};
use super::row::{Evaluation, with_state};
use crate::model::field::Value;

/// The slots each derived value, indicator and gate reads, in the model's order.
#[derive(Debug, Clone)]
pub(crate) struct Reads {
    derived: Vec<Vec<usize>>,
    indicators: Vec<Vec<usize>>,
    gates: Vec<Vec<usize>>,
}

impl Reads {
    /// The reads of every rule, or `None` if one of them is not on the fast path.
    pub(crate) fn of(c: &Compiled) -> Option<Reads> {
        let all = |scripts: &[super::sandbox::Script]| -> Option<Vec<Vec<usize>>> {
            scripts.iter().map(|s| s.fast.as_ref().map(slots)).collect()
        };
        let mut reads = Reads {
            derived: all(&c.scripts.derived)?,
            indicators: all(&c.scripts.indicators)?,
            gates: all(&c.scripts.gates)?,
        };
        // An indicator whose evidence is not shown scores the minimum: its declared fields
        // are read too.
        for (r, ind) in reads.indicators.iter_mut().zip(&c.model.indicators) {
            r.extend(&ind.evidence);
        }
        Some(reads)
    }
}

/// The slots `p` reads.
fn slots(p: &Program) -> Vec<usize> {
    let mut out = Vec::new();
    node(&p.body, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

fn node(n: &Node, out: &mut Vec<usize>) {
    match n {
        Node::Slot(i) => out.push(*i),
        Node::Const(_) | Node::Local(_) => {}
        Node::Neg(a) | Node::Not(a) => node(a, out),
        Node::Bin(_, ab) | Node::And(ab) | Node::Or(ab) => {
            node(&ab.0, out);
            node(&ab.1, out);
        }
        Node::If(abc) => {
            node(&abc.0, out);
            node(&abc.1, out);
            node(&abc.2, out);
        }
        Node::Switch(s) => {
            node(&s.0, out);
            s.1.iter().for_each(|(_, b)| node(b, out));
            node(&s.2, out);
        }
        Node::Call(_, args) | Node::Array(args) => args.iter().for_each(|a| node(a, out)),
        Node::Map(items) => items.iter().for_each(|(_, v)| node(v, out)),
        Node::Block(stmts) => stmts.iter().for_each(|s| match s {
            Stmt::Let(_, v) | Stmt::Expr(v) | Stmt::Return(v) => node(v, out),
        }),
    }
}

/// A record's first evaluation, kept to measure changes of its evidence against.
pub(crate) struct Base {
    /// Fields then derived values; a blank field is `RowValue::Unit`.
    slots: Vec<RowValue>,
    scores: Vec<Option<f64>>,
    gates: Vec<bool>,
}

impl Base {
    pub(crate) fn new(ev: &Evaluation) -> Base {
        let mut slots: Vec<RowValue> = ev.values.iter().map(Value::to_row_value).collect();
        slots.extend(ev.derived.iter().cloned());
        Base {
            slots,
            scores: ev.scores.clone(),
            gates: ev.gates.clone(),
        }
    }
}

/// What changed evidence gives: the indicators' scores and the gates, or `Err(())` when a
/// rule fails on it (as a full evaluation would).
pub(crate) type Measured = Result<(Vec<Option<f64>>, Vec<bool>), ()>;

impl Compiled {
    /// The scores and gates of `base` with `changes` (field, value) applied, running only
    /// the rules that read a changed slot; `None` when that cannot be done here (a rule off
    /// the fast path, or given back by it) and the record must be evaluated in full.
    pub(crate) fn rerun(&self, base: &Base, changes: &[(usize, Value)]) -> Option<Measured> {
        // `reads` is there only when every rule that scores runs on the fast path.
        let reads = self.reads.as_ref()?;
        let model = &self.model;
        let nf = model.fields.len();
        let mut slots = base.slots.clone();
        let mut changed = vec![false; slots.len()];
        for (f, v) in changes {
            slots[*f] = v.to_row_value();
            changed[*f] = true;
        }
        let touched = |r: &[usize], changed: &[bool]| r.iter().any(|&s| changed[s]);
        with_state(|st| {
            let locals = st.locals_mut();
            for (d, script) in self.scripts.derived.iter().enumerate() {
                if touched(&reads.derived[d], &changed) {
                    slots[nf + d] = script.fast.as_ref()?.run(&slots[..nf + d], locals)?;
                    changed[nf + d] = true;
                }
            }
            let mut scores = base.scores.clone();
            for (i, script) in self.scripts.indicators.iter().enumerate() {
                if !touched(&reads.indicators[i], &changed) {
                    continue;
                }
                let v = script.fast.as_ref()?.run(&slots, locals)?;
                let Ok((mut s, _)) = self.indicator_score(v, "", i) else {
                    return Some(Err(()));
                };
                if s.is_none() && model.not_shown(i, |f| matches!(slots[f], RowValue::Unit)) {
                    s = Some(model.scale.min);
                }
                scores[i] = s;
            }
            let mut gates = base.gates.clone();
            for (g, script) in self.scripts.gates.iter().enumerate() {
                if touched(&reads.gates[g], &changed) {
                    gates[g] = match script.fast.as_ref()?.run(&slots, locals)? {
                        RowValue::Unit => false,
                        RowValue::Bool(b) => b,
                        _ => return Some(Err(())),
                    };
                }
            }
            Some(Ok((scores, gates)))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::pack::Pack;

    #[test]
    fn the_quickwin_pack_reruns_only_what_changes() {
        // smart-city-index and spbe keep rules for the interpreter (engine::tests).
        let pack = Pack::builtin("smart-city-quickwin").unwrap();
        assert!(pack.compiled().reads.is_some());
        assert!(pack.interpreted().unwrap().compiled().reads.is_none());
    }
}
