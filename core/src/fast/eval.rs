//! Evaluation of the fast-path tree, with Rhai's semantics for the subset. Every case where
//! Rhai would raise an error, or that this file does not model, returns `None`.

use super::scalar::{self, N, S};
use super::tree::{Builtin, Node, Stmt};
use rhai::ImmutableString;
use std::sync::Arc;

/// A value of the subset.
#[derive(Debug, Clone)]
pub(crate) enum Fv {
    Unit,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(ImmutableString),
    Map(Arc<[(ImmutableString, Fv)]>),
    Array(Arc<[Fv]>),
    /// A value outside the subset (computed by the interpreter): reading it in a fast
    /// script bails out to the interpreter.
    Dyn(Arc<rhai::Dynamic>),
}

impl Fv {
    /// Same literal for `switch` (Rhai matches by type and value).
    pub(crate) fn same(&self, other: &Fv) -> bool {
        match (self, other) {
            (Fv::Int(a), Fv::Int(b)) => a == b,
            (Fv::Str(a), Fv::Str(b)) => a == b,
            (Fv::Bool(a), Fv::Bool(b)) => a == b,
            (Fv::Unit, Fv::Unit) => true,
            _ => false,
        }
    }

    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn number(&self) -> Option<f64> {
        match self {
            Fv::Int(i) => Some(*i as f64),
            Fv::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub(crate) fn to_dynamic(&self) -> rhai::Dynamic {
        match self {
            Fv::Unit => rhai::Dynamic::UNIT,
            Fv::Bool(b) => (*b).into(),
            Fv::Int(i) => (*i).into(),
            Fv::Float(f) => (*f).into(),
            Fv::Str(s) => s.clone().into(),
            Fv::Map(m) => {
                let map: rhai::Map = m
                    .iter()
                    .map(|(k, v)| (k.as_str().into(), v.to_dynamic()))
                    .collect();
                map.into()
            }
            Fv::Array(a) => a.iter().map(Fv::to_dynamic).collect::<rhai::Array>().into(),
            Fv::Dyn(d) => (**d).clone(),
        }
    }

    /// The value of an interpreter result (anything outside the subset is kept as `Dyn`).
    pub(crate) fn from_dynamic(d: rhai::Dynamic) -> Fv {
        if d.is_unit() {
            Fv::Unit
        } else if let Ok(b) = d.as_bool() {
            Fv::Bool(b)
        } else if let Ok(i) = d.as_int() {
            Fv::Int(i)
        } else if let Ok(f) = d.as_float() {
            Fv::Float(f)
        } else if d.is_string() {
            d.into_immutable_string().map_or(Fv::Unit, Fv::Str)
        } else if d.is_map() {
            let map = d.cast::<rhai::Map>();
            Fv::Map(
                map.into_iter()
                    .map(|(k, v)| (k.as_str().into(), Fv::from_dynamic(v)))
                    .collect::<Vec<_>>()
                    .into(),
            )
        } else if d.is_array() {
            Fv::Array(
                d.cast::<rhai::Array>()
                    .into_iter()
                    .map(Fv::from_dynamic)
                    .collect::<Vec<_>>()
                    .into(),
            )
        } else {
            Fv::Dyn(Arc::new(d))
        }
    }

    /// Rhai's name of the value's type, for error messages.
    pub(crate) fn type_name(&self) -> &str {
        match self {
            Fv::Unit => "()",
            Fv::Bool(_) => "bool",
            Fv::Int(_) => "i64",
            Fv::Float(_) => "f64",
            Fv::Str(_) => "string",
            Fv::Map(_) => "map",
            Fv::Array(_) => "array",
            Fv::Dyn(d) => d.type_name(),
        }
    }

    /// The value as an operand of the shared scalar operations.
    pub(crate) fn scalar(&self) -> S<'_> {
        match self {
            Fv::Unit => S::Unit,
            Fv::Bool(b) => S::Bool(*b),
            Fv::Int(i) => S::Int(*i),
            Fv::Float(f) => S::Float(*f),
            Fv::Str(s) => S::Str(s.as_str()),
            Fv::Map(_) | Fv::Array(_) | Fv::Dyn(_) => S::Other,
        }
    }

    /// An entry of a map value.
    pub(crate) fn get(&self, key: &str) -> Option<&Fv> {
        match self {
            Fv::Map(m) => m.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// `let` variables of one evaluation, reused between records.
#[derive(Debug, Default)]
pub(crate) struct Locals(Vec<Fv>);

impl Locals {
    pub(crate) fn reset(&mut self, n: usize) {
        self.0.clear();
        self.0.resize(n, Fv::Unit);
    }
}

enum Flow {
    Return(Fv),
    Bail,
}

type R = Result<Fv, Flow>;

pub(crate) fn run(node: &Node, slots: &[Fv], locals: &mut Locals) -> Option<Fv> {
    match eval(node, slots, locals) {
        Ok(v) | Err(Flow::Return(v)) => Some(v),
        Err(Flow::Bail) => None,
    }
}

fn bail<T>() -> Result<T, Flow> {
    Err(Flow::Bail)
}

fn truth(v: &Fv) -> Result<bool, Flow> {
    scalar::truth(v.scalar()).ok_or(Flow::Bail)
}

fn done(n: Option<N>) -> R {
    match n.ok_or(Flow::Bail)? {
        N::Bool(b) => Ok(Fv::Bool(b)),
        N::Int(i) => Ok(Fv::Int(i)),
        N::Float(f) => Ok(Fv::Float(f)),
    }
}

fn eval(node: &Node, slots: &[Fv], locals: &mut Locals) -> R {
    Ok(match node {
        Node::Const(v) => v.clone(),
        Node::Slot(i) => match &slots[*i] {
            Fv::Dyn(_) => return bail(),
            v => v.clone(),
        },
        Node::Local(i) => locals.0[*i].clone(),
        Node::Neg(e) => done(scalar::neg(eval(e, slots, locals)?.scalar()))?,
        Node::Not(e) => Fv::Bool(!truth(&eval(e, slots, locals)?)?),
        Node::And(b) => {
            if !truth(&eval(&b.0, slots, locals)?)? {
                Fv::Bool(false)
            } else {
                Fv::Bool(truth(&eval(&b.1, slots, locals)?)?)
            }
        }
        Node::Or(b) => {
            if truth(&eval(&b.0, slots, locals)?)? {
                Fv::Bool(true)
            } else {
                Fv::Bool(truth(&eval(&b.1, slots, locals)?)?)
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
            if matches!(v, Fv::Float(_) | Fv::Map(_) | Fv::Array(_)) {
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
            Fv::Map(out.into())
        }
        Node::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for e in items {
                out.push(eval(e, slots, locals)?);
            }
            Fv::Array(out.into())
        }
        Node::Block(stmts) => {
            let mut last = Fv::Unit;
            for s in stmts {
                last = match s {
                    Stmt::Let(slot, e) => {
                        let v = eval(e, slots, locals)?;
                        locals.0[*slot] = v;
                        Fv::Unit
                    }
                    Stmt::Expr(e) => eval(e, slots, locals)?,
                    Stmt::Return(e) => return Err(Flow::Return(eval(e, slots, locals)?)),
                };
            }
            last
        }
    })
}

fn builtin(f: Builtin, a: &Fv, b: Option<&Fv>) -> R {
    match (f, b) {
        (Builtin::Present, None) => Ok(Fv::Bool(!matches!(a, Fv::Unit))),
        (Builtin::Missing, None) => Ok(Fv::Bool(matches!(a, Fv::Unit))),
        (Builtin::Band, Some(Fv::Array(ts))) => {
            done(scalar::band(a.scalar(), ts.iter().map(Fv::number)))
        }
        _ => done(scalar::call(f, a.scalar(), b.map(Fv::scalar))),
    }
}
