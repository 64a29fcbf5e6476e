//! Evaluation of the fast-path tree, with Rhai's semantics for the subset. Every case where
//! Rhai would raise an error, or that this file does not model, returns `None`.

use super::row_value::RowValue;
use super::scalar::{self, ScalarArg, ScalarResult};
use super::tree::{Builtin, Node, Stmt};

impl RowValue {
    /// The value as an operand of the shared scalar operations.
    pub(crate) fn scalar(&self) -> ScalarArg<'_> {
        match self {
            RowValue::Unit => ScalarArg::Unit,
            RowValue::Bool(b) => ScalarArg::Bool(*b),
            RowValue::Int(i) => ScalarArg::Int(*i),
            RowValue::Float(f) => ScalarArg::Float(*f),
            RowValue::Str(s) => ScalarArg::Str(s.as_str()),
            RowValue::Map(_) | RowValue::Array(_) | RowValue::Dyn(_) => ScalarArg::Other,
        }
    }
}

/// `let` variables of one evaluation, reused between records.
#[derive(Debug, Default)]
pub(crate) struct Locals(Vec<RowValue>);

impl Locals {
    pub(crate) fn reset(&mut self, n: usize) {
        self.0.clear();
        self.0.resize(n, RowValue::Unit);
    }
}

enum Flow {
    Return(RowValue),
    Bail,
}

type R = Result<RowValue, Flow>;

pub(crate) fn run(node: &Node, slots: &[RowValue], locals: &mut Locals) -> Option<RowValue> {
    match eval(node, slots, locals) {
        Ok(v) | Err(Flow::Return(v)) => Some(v),
        Err(Flow::Bail) => None,
    }
}

fn bail<T>() -> Result<T, Flow> {
    Err(Flow::Bail)
}

fn truth(v: &RowValue) -> Result<bool, Flow> {
    scalar::truth(v.scalar()).ok_or(Flow::Bail)
}

fn done(n: Option<ScalarResult>) -> R {
    match n.ok_or(Flow::Bail)? {
        ScalarResult::Bool(b) => Ok(RowValue::Bool(b)),
        ScalarResult::Int(i) => Ok(RowValue::Int(i)),
        ScalarResult::Float(f) => Ok(RowValue::Float(f)),
    }
}

fn eval(node: &Node, slots: &[RowValue], locals: &mut Locals) -> R {
    Ok(match node {
        Node::Const(v) => v.clone(),
        Node::Slot(i) => match &slots[*i] {
            RowValue::Dyn(_) => return bail(),
            v => v.clone(),
        },
        Node::Local(i) => locals.0[*i].clone(),
        Node::Neg(e) => done(scalar::neg(eval(e, slots, locals)?.scalar()))?,
        Node::Not(e) => RowValue::Bool(!truth(&eval(e, slots, locals)?)?),
        Node::And(b) => {
            if !truth(&eval(&b.0, slots, locals)?)? {
                RowValue::Bool(false)
            } else {
                RowValue::Bool(truth(&eval(&b.1, slots, locals)?)?)
            }
        }
        Node::Or(b) => {
            if truth(&eval(&b.0, slots, locals)?)? {
                RowValue::Bool(true)
            } else {
                RowValue::Bool(truth(&eval(&b.1, slots, locals)?)?)
            }
        }
        Node::Bin(op, b) => {
            let l = eval(&b.0, slots, locals)?;
            let r = eval(&b.1, slots, locals)?;
            done(scalar::binary(*op, l.scalar(), r.scalar()))?
        }
        Node::If(b) => {
            if truth(&eval(&b.0, slots, locals)?)? {
                eval(&b.1, slots, locals)?
            } else {
                eval(&b.2, slots, locals)?
            }
        }
        Node::Switch(b) => {
            let v = eval(&b.0, slots, locals)?;
            if matches!(
                v,
                RowValue::Float(_) | RowValue::Map(_) | RowValue::Array(_)
            ) {
                return bail();
            }
            match b.1.iter().find(|(lit, _)| lit.same(&v)) {
                Some((_, body)) => eval(body, slots, locals)?,
                None => eval(&b.2, slots, locals)?,
            }
        }
        Node::Call(f, args) => match args.as_slice() {
            [a] => builtin(*f, &eval(a, slots, locals)?, None)?,
            [a, b] => builtin(*f, &eval(a, slots, locals)?, Some(&eval(b, slots, locals)?))?,
            _ => return bail(),
        },
        Node::Map(entries) => {
            let mut out = Vec::with_capacity(entries.len());
            for (k, e) in entries {
                out.push((k.clone(), eval(e, slots, locals)?));
            }
            RowValue::Map(out.into())
        }
        Node::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for e in items {
                out.push(eval(e, slots, locals)?);
            }
            RowValue::Array(out.into())
        }
        Node::Block(stmts) => {
            let mut last = RowValue::Unit;
            for s in stmts {
                last = match s {
                    Stmt::Let(slot, e) => {
                        let v = eval(e, slots, locals)?;
                        locals.0[*slot] = v;
                        RowValue::Unit
                    }
                    Stmt::Expr(e) => eval(e, slots, locals)?,
                    Stmt::Return(e) => return Err(Flow::Return(eval(e, slots, locals)?)),
                };
            }
            last
        }
    })
}

fn builtin(f: Builtin, a: &RowValue, b: Option<&RowValue>) -> R {
    match (f, b) {
        (Builtin::Present, None) => Ok(RowValue::Bool(!matches!(a, RowValue::Unit))),
        (Builtin::Missing, None) => Ok(RowValue::Bool(matches!(a, RowValue::Unit))),
        (Builtin::Band, Some(RowValue::Array(ts))) => {
            done(scalar::band(a.scalar(), ts.iter().map(RowValue::number)))
        }
        _ => done(scalar::call(f, a.scalar(), b.map(RowValue::scalar))),
    }
}
