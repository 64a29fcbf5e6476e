//! Evaluation of the fast-path tree, with Rhai's semantics for the subset. Every case where
//! Rhai would raise an error, or that this file does not model, returns `None`.

use super::scalar::{self, ScalarArg, ScalarResult};
use super::tree::{Builtin, Node, Stmt};
use rhai::ImmutableString;
use std::sync::Arc;

/// A value of the subset.
#[derive(Debug, Clone)]
pub(crate) enum RowValue {
    Unit,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(ImmutableString),
    Map(Arc<[(ImmutableString, RowValue)]>),
    Array(Arc<[RowValue]>),
    /// A value outside the subset (computed by the interpreter): reading it in a fast
    /// script bails out to the interpreter.
    Dyn(Arc<rhai::Dynamic>),
}

impl RowValue {
    /// Same literal for `switch` (Rhai matches by type and value).
    pub(crate) fn same(&self, other: &RowValue) -> bool {
        match (self, other) {
            (RowValue::Int(a), RowValue::Int(b)) => a == b,
            (RowValue::Str(a), RowValue::Str(b)) => a == b,
            (RowValue::Bool(a), RowValue::Bool(b)) => a == b,
            (RowValue::Unit, RowValue::Unit) => true,
            _ => false,
        }
    }

    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn number(&self) -> Option<f64> {
        match self {
            RowValue::Int(i) => Some(*i as f64),
            RowValue::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub(crate) fn to_dynamic(&self) -> rhai::Dynamic {
        match self {
            RowValue::Unit => rhai::Dynamic::UNIT,
            RowValue::Bool(b) => (*b).into(),
            RowValue::Int(i) => (*i).into(),
            RowValue::Float(f) => (*f).into(),
            RowValue::Str(s) => s.clone().into(),
            RowValue::Map(m) => {
                let map: rhai::Map = m
                    .iter()
                    .map(|(k, v)| (k.as_str().into(), v.to_dynamic()))
                    .collect();
                map.into()
            }
            RowValue::Array(a) => a
                .iter()
                .map(RowValue::to_dynamic)
                .collect::<rhai::Array>()
                .into(),
            RowValue::Dyn(d) => (**d).clone(),
        }
    }

    /// The value of an interpreter result (anything outside the subset is kept as `Dyn`).
    pub(crate) fn from_dynamic(d: rhai::Dynamic) -> RowValue {
        if d.is_unit() {
            RowValue::Unit
        } else if let Ok(b) = d.as_bool() {
            RowValue::Bool(b)
        } else if let Ok(i) = d.as_int() {
            RowValue::Int(i)
        } else if let Ok(f) = d.as_float() {
            RowValue::Float(f)
        } else if d.is_string() {
            d.into_immutable_string()
                .map_or(RowValue::Unit, RowValue::Str)
        } else if d.is_map() {
            let map = d.cast::<rhai::Map>();
            RowValue::Map(
                map.into_iter()
                    .map(|(k, v)| (k.as_str().into(), RowValue::from_dynamic(v)))
                    .collect::<Vec<_>>()
                    .into(),
            )
        } else if d.is_array() {
            RowValue::Array(
                d.cast::<rhai::Array>()
                    .into_iter()
                    .map(RowValue::from_dynamic)
                    .collect::<Vec<_>>()
                    .into(),
            )
        } else {
            RowValue::Dyn(Arc::new(d))
        }
    }

    /// Rhai's name of the value's type, for error messages.
    pub(crate) fn type_name(&self) -> &str {
        match self {
            RowValue::Unit => "()",
            RowValue::Bool(_) => "bool",
            RowValue::Int(_) => "i64",
            RowValue::Float(_) => "f64",
            RowValue::Str(_) => "string",
            RowValue::Map(_) => "map",
            RowValue::Array(_) => "array",
            RowValue::Dyn(d) => d.type_name(),
        }
    }

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

    /// An entry of a map value.
    pub(crate) fn get(&self, key: &str) -> Option<&RowValue> {
        match self {
            RowValue::Map(m) => m.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v),
            _ => None,
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
