//! Lowering a fast-path program to the column evaluator's form: strings become symbol
//! numbers, evidence and computed slots are told apart, and `band` thresholds become numbers.

use super::Program;
use super::row_value::RowValue;
use super::tree::{BinOp, Builtin, Node, Stmt};
use rhai::ImmutableString;
use std::collections::HashMap;

/// A value of the column evaluator: small and `Copy`. A map literal is kept only as what
/// scoring needs from it (its `score` entry); anything else about maps, and every case the
/// subset leaves to the interpreter, is `Bail`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ColumnValue {
    Unit,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// An interned string (see [`Symbols`]).
    Sym(u32),
    /// A map without a `score` entry.
    MapNone,
    /// A map whose `score` is `()`.
    MapUnit,
    MapInt(i64),
    MapFloat(f64),
    /// The interpreter must evaluate this record.
    Bail,
}

impl ColumnValue {
    /// The value as a later rule reads it from a variable: a map kept as a value is not
    /// modelled by the column evaluator, so reading one hands the record back.
    #[inline(always)]
    pub(crate) fn stored(self) -> ColumnValue {
        match self {
            ColumnValue::MapNone
            | ColumnValue::MapUnit
            | ColumnValue::MapInt(_)
            | ColumnValue::MapFloat(_) => ColumnValue::Bail,
            v => v,
        }
    }
}

/// Interned strings: enum values and the string literals of a pack's scripts. Each string
/// has one number, so equal strings have equal numbers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Symbols {
    strings: Vec<ImmutableString>,
    index: HashMap<ImmutableString, u32>,
}

impl Symbols {
    pub(crate) fn intern(&mut self, s: &ImmutableString) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        self.strings.push(s.clone());
        self.index.insert(s.clone(), i);
        i
    }

    pub(crate) fn find(&self, s: &str) -> Option<u32> {
        self.index.get(s).copied()
    }

    pub(crate) fn get(&self, i: u32) -> Option<&ImmutableString> {
        self.strings.get(i as usize)
    }

    pub(crate) fn len(&self) -> usize {
        self.strings.len()
    }
}

/// A program of the column evaluator.
#[derive(Debug, Clone)]
pub(crate) struct ColumnProgram {
    pub(crate) body: ColumnNode,
    pub(crate) locals: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum ColumnNode {
    Const(ColumnValue),
    /// An evidence field.
    Ev(usize),
    /// A derived value or selection variable (computed before this script).
    Comp(usize),
    Local(usize),
    Neg(Box<ColumnNode>),
    Not(Box<ColumnNode>),
    Bin(BinOp, Box<(ColumnNode, ColumnNode)>),
    /// A binary operation with a constant on the right (`x == ()`, `n <= 3`).
    BinC(BinOp, Box<ColumnNode>, ColumnValue),
    /// A binary operation with a constant on the left (`100 * x`).
    CBin(BinOp, ColumnValue, Box<ColumnNode>),
    /// A binary operation with a variable on the right (`done / total`).
    BinV(BinOp, Box<ColumnNode>, Operand),
    And(Box<(ColumnNode, ColumnNode)>),
    Or(Box<(ColumnNode, ColumnNode)>),
    If(Box<(ColumnNode, ColumnNode, ColumnNode)>),
    Switch(Box<SwitchNode>),
    Present(Box<ColumnNode>, bool),
    Call(Builtin, Box<ColumnNode>, Option<Box<ColumnNode>>),
    Band(Box<ColumnNode>, Box<[f64]>),
    /// `if t1 { v1 } else if t2 { v2 } ... else { d }` where every test reads one variable
    /// and every value is a constant: evaluated arm by arm without intermediate columns.
    Chain(Vec<(Operand, Test, ColumnValue)>, ColumnValue),
    /// `switch x { lit => const, ... _ => const }` on one variable.
    Table(Operand, Vec<(ColumnValue, ColumnValue)>, ColumnValue),
    /// A map literal: its entries, and which one is `score`.
    Map(Vec<ColumnNode>, Option<usize>),
    Block(Vec<ColumnStmt>),
}

/// A variable read by a fused node.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Operand {
    Ev(usize),
    Comp(usize),
    Local(usize),
}

/// The condition of a chain arm.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Test {
    /// `x op c`.
    Cmp(BinOp, ColumnValue),
    /// `x` itself (must be a boolean).
    Truth,
}

/// Scrutinee, cases (literal, body), default.
pub(crate) type SwitchNode = (ColumnNode, Vec<(ColumnValue, ColumnNode)>, ColumnNode);

#[derive(Debug, Clone)]
pub(crate) enum ColumnStmt {
    Let(usize, ColumnNode),
    Expr(ColumnNode),
    Return(ColumnNode),
}

/// The variable `n` reads, if it is one.
pub(super) fn operand(n: &ColumnNode) -> Option<Operand> {
    match n {
        ColumnNode::Ev(i) => Some(Operand::Ev(*i)),
        ColumnNode::Comp(i) => Some(Operand::Comp(*i)),
        ColumnNode::Local(i) => Some(Operand::Local(*i)),
        _ => None,
    }
}

fn arm(cond: &ColumnNode) -> Option<(Operand, Test)> {
    match cond {
        ColumnNode::BinC(op, e, c) => Some((operand(e)?, Test::Cmp(*op, *c))),
        e => Some((operand(e)?, Test::Truth)),
    }
}

/// `If` and `Switch` nodes of constants on one variable become fused nodes.
fn fuse(n: ColumnNode) -> ColumnNode {
    match n {
        ColumnNode::If(b) => {
            let (cond, then, other) = *b;
            if let (Some((opd, test)), ColumnNode::Const(v)) = (arm(&cond), &then) {
                match other {
                    ColumnNode::Const(d) => return ColumnNode::Chain(vec![(opd, test, *v)], d),
                    ColumnNode::Chain(mut arms, d) => {
                        arms.insert(0, (opd, test, *v));
                        return ColumnNode::Chain(arms, d);
                    }
                    other => return ColumnNode::If(Box::new((cond, then, other))),
                }
            }
            ColumnNode::If(Box::new((cond, then, other)))
        }
        ColumnNode::Switch(b) => {
            let consts = b.1.iter().all(|(_, n)| matches!(n, ColumnNode::Const(_)))
                && matches!(b.2, ColumnNode::Const(_));
            match (operand(&b.0), consts, &b.2) {
                (Some(opd), true, ColumnNode::Const(d)) => {
                    let cases =
                        b.1.iter()
                            .map(|(lit, n)| match n {
                                ColumnNode::Const(v) => (*lit, *v),
                                _ => (*lit, ColumnValue::Bail),
                            })
                            .collect();
                    ColumnNode::Table(opd, cases, *d)
                }
                _ => ColumnNode::Switch(b),
            }
        }
        other => other,
    }
}

/// Lowers `p`; `fields` is the number of evidence slots. `None`: not for the column evaluator.
pub(crate) fn lower(p: &Program, fields: usize, symbols: &mut Symbols) -> Option<ColumnProgram> {
    let mut l = Lower { fields, symbols };
    Some(ColumnProgram {
        body: l.node(&p.body)?,
        locals: p.locals,
    })
}

struct Lower<'a> {
    fields: usize,
    symbols: &'a mut Symbols,
}

impl Lower<'_> {
    fn value(&mut self, v: &RowValue) -> Option<ColumnValue> {
        Some(match v {
            RowValue::Unit => ColumnValue::Unit,
            RowValue::Bool(b) => ColumnValue::Bool(*b),
            RowValue::Int(i) => ColumnValue::Int(*i),
            RowValue::Float(f) => ColumnValue::Float(*f),
            RowValue::Str(s) => ColumnValue::Sym(self.symbols.intern(s)),
            RowValue::Map(_) | RowValue::Array(_) | RowValue::Dyn(_) => return None,
        })
    }

    fn boxed(&mut self, n: &Node) -> Option<Box<ColumnNode>> {
        self.node(n).map(Box::new)
    }

    fn pair(&mut self, b: &(Node, Node)) -> Option<Box<(ColumnNode, ColumnNode)>> {
        Some(Box::new((self.node(&b.0)?, self.node(&b.1)?)))
    }

    fn node(&mut self, n: &Node) -> Option<ColumnNode> {
        Some(match n {
            Node::Const(v) => ColumnNode::Const(self.value(v)?),
            Node::Slot(i) if *i < self.fields => ColumnNode::Ev(*i),
            Node::Slot(i) => ColumnNode::Comp(*i - self.fields),
            Node::Local(i) => ColumnNode::Local(*i),
            Node::Neg(e) => ColumnNode::Neg(self.boxed(e)?),
            Node::Not(e) => fuse(ColumnNode::Not(self.boxed(e)?)),
            Node::Bin(op, b) => match (&b.0, &b.1) {
                (_, Node::Const(c)) => ColumnNode::BinC(*op, self.boxed(&b.0)?, self.value(c)?),
                (Node::Const(c), _) => ColumnNode::CBin(*op, self.value(c)?, self.boxed(&b.1)?),
                _ => {
                    let (l, r) = (self.node(&b.0)?, self.node(&b.1)?);
                    match operand(&r) {
                        Some(opd) => ColumnNode::BinV(*op, Box::new(l), opd),
                        None => ColumnNode::Bin(*op, Box::new((l, r))),
                    }
                }
            },
            Node::And(b) => fuse(ColumnNode::And(self.pair(b)?)),
            Node::Or(b) => fuse(ColumnNode::Or(self.pair(b)?)),
            Node::If(b) => fuse(ColumnNode::If(Box::new((
                self.node(&b.0)?,
                self.node(&b.1)?,
                self.node(&b.2)?,
            )))),
            Node::Switch(b) => {
                let scrutinee = self.node(&b.0)?;
                let mut cases = Vec::with_capacity(b.1.len());
                for (lit, body) in &b.1 {
                    cases.push((self.value(lit)?, self.node(body)?));
                }
                fuse(ColumnNode::Switch(Box::new((
                    scrutinee,
                    cases,
                    self.node(&b.2)?,
                ))))
            }
            Node::Call(f, args) => match (f, args.as_slice()) {
                (Builtin::Present | Builtin::Missing, [a]) => {
                    ColumnNode::Present(self.boxed(a)?, *f == Builtin::Present)
                }
                (Builtin::Band, [x, Node::Const(RowValue::Array(ts))]) => {
                    let ts: Option<Vec<f64>> = ts.iter().map(RowValue::number).collect();
                    ColumnNode::Band(self.boxed(x)?, ts?.into())
                }
                (Builtin::Band, _) => return None,
                (_, [a]) => ColumnNode::Call(*f, self.boxed(a)?, None),
                (_, [a, b]) => ColumnNode::Call(*f, self.boxed(a)?, Some(self.boxed(b)?)),
                _ => return None,
            },
            Node::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                let mut score = None;
                for (i, (k, e)) in entries.iter().enumerate() {
                    if k.as_str() == "score" {
                        score = Some(i);
                    }
                    out.push(self.node(e)?);
                }
                ColumnNode::Map(out, score)
            }
            Node::Array(_) => return None,
            Node::Block(stmts) => {
                let mut out = Vec::with_capacity(stmts.len());
                for s in stmts {
                    out.push(match s {
                        Stmt::Let(slot, e) => ColumnStmt::Let(*slot, self.node(e)?),
                        Stmt::Expr(e) => ColumnStmt::Expr(self.node(e)?),
                        Stmt::Return(e) => ColumnStmt::Return(self.node(e)?),
                    });
                }
                // A block of one expression is that expression (no scope, same value).
                match out.as_slice() {
                    [ColumnStmt::Expr(_)] => match out.pop() {
                        Some(ColumnStmt::Expr(e)) => e,
                        _ => return None,
                    },
                    _ => ColumnNode::Block(out),
                }
            }
        })
    }
}

/// A variable, with a constant operation applied first (`100 * x`, `x - 1`) if `Some`
/// (operator, constant, whether the constant is on the left).
pub(super) type Side = (Operand, Option<(BinOp, ColumnValue, bool)>);

/// `e` as a [`Side`], if it is one.
pub(super) fn side(e: &ColumnNode) -> Option<Side> {
    match e {
        ColumnNode::CBin(op, c, x) => Some((operand(x)?, Some((*op, *c, true)))),
        ColumnNode::BinC(op, x, c) => Some((operand(x)?, Some((*op, *c, false)))),
        e => Some((operand(e)?, None)),
    }
}
