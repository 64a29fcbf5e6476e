//! Lowering a fast-path program to the column evaluator's form: strings become symbol
//! numbers, evidence and computed slots are told apart, and `band` thresholds become numbers.

use super::Program;
use super::eval::Fv;
use super::tree::{BinOp, Builtin, Node, Stmt};
use rhai::ImmutableString;
use std::collections::HashMap;

/// A value of the column evaluator: small and `Copy`. A map literal is kept only as what
/// scoring needs from it (its `score` entry); anything else about maps, and every case the
/// subset leaves to the interpreter, is `Bail`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cv {
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

impl Cv {
    /// The value as a later rule reads it from a variable: a map kept as a value is not
    /// modelled by the column evaluator, so reading one hands the record back.
    #[inline(always)]
    pub(crate) fn stored(self) -> Cv {
        match self {
            Cv::MapNone | Cv::MapUnit | Cv::MapInt(_) | Cv::MapFloat(_) => Cv::Bail,
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
pub(crate) struct Prog {
    pub(crate) body: CNode,
    pub(crate) locals: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum CNode {
    Const(Cv),
    /// An evidence field.
    Ev(usize),
    /// A derived value or selection variable (computed before this script).
    Comp(usize),
    Local(usize),
    Neg(Box<CNode>),
    Not(Box<CNode>),
    Bin(BinOp, Box<(CNode, CNode)>),
    /// A binary operation with a constant on the right (`x == ()`, `n <= 3`).
    BinC(BinOp, Box<CNode>, Cv),
    /// A binary operation with a constant on the left (`100 * x`).
    CBin(BinOp, Cv, Box<CNode>),
    /// A binary operation with a variable on the right (`done / total`).
    BinV(BinOp, Box<CNode>, Operand),
    And(Box<(CNode, CNode)>),
    Or(Box<(CNode, CNode)>),
    If(Box<(CNode, CNode, CNode)>),
    Switch(Box<SwitchNode>),
    Present(Box<CNode>, bool),
    Call(Builtin, Box<CNode>, Option<Box<CNode>>),
    Band(Box<CNode>, Box<[f64]>),
    /// `if t1 { v1 } else if t2 { v2 } ... else { d }` where every test reads one variable
    /// and every value is a constant: evaluated arm by arm without intermediate columns.
    Chain(Vec<(Operand, Test, Cv)>, Cv),
    /// `switch x { lit => const, ... _ => const }` on one variable.
    Table(Operand, Vec<(Cv, Cv)>, Cv),
    /// A map literal: its entries, and which one is `score`.
    Map(Vec<CNode>, Option<usize>),
    Block(Vec<CStmt>),
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
    Cmp(BinOp, Cv),
    /// `x` itself (must be a boolean).
    Truth,
}

/// Scrutinee, cases (literal, body), default.
pub(crate) type SwitchNode = (CNode, Vec<(Cv, CNode)>, CNode);

#[derive(Debug, Clone)]
pub(crate) enum CStmt {
    Let(usize, CNode),
    Expr(CNode),
    Return(CNode),
}

/// The variable `n` reads, if it is one.
pub(super) fn operand(n: &CNode) -> Option<Operand> {
    match n {
        CNode::Ev(i) => Some(Operand::Ev(*i)),
        CNode::Comp(i) => Some(Operand::Comp(*i)),
        CNode::Local(i) => Some(Operand::Local(*i)),
        _ => None,
    }
}

fn arm(cond: &CNode) -> Option<(Operand, Test)> {
    match cond {
        CNode::BinC(op, e, c) => Some((operand(e)?, Test::Cmp(*op, *c))),
        e => Some((operand(e)?, Test::Truth)),
    }
}

/// `If` and `Switch` nodes of constants on one variable become fused nodes.
fn fuse(n: CNode) -> CNode {
    match n {
        CNode::If(b) => {
            let (cond, then, other) = *b;
            if let (Some((opd, test)), CNode::Const(v)) = (arm(&cond), &then) {
                match other {
                    CNode::Const(d) => return CNode::Chain(vec![(opd, test, *v)], d),
                    CNode::Chain(mut arms, d) => {
                        arms.insert(0, (opd, test, *v));
                        return CNode::Chain(arms, d);
                    }
                    other => return CNode::If(Box::new((cond, then, other))),
                }
            }
            CNode::If(Box::new((cond, then, other)))
        }
        CNode::Switch(b) => {
            let consts = b.1.iter().all(|(_, n)| matches!(n, CNode::Const(_)))
                && matches!(b.2, CNode::Const(_));
            match (operand(&b.0), consts, &b.2) {
                (Some(opd), true, CNode::Const(d)) => {
                    let cases =
                        b.1.iter()
                            .map(|(lit, n)| match n {
                                CNode::Const(v) => (*lit, *v),
                                _ => (*lit, Cv::Bail),
                            })
                            .collect();
                    CNode::Table(opd, cases, *d)
                }
                _ => CNode::Switch(b),
            }
        }
        other => other,
    }
}

/// Lowers `p`; `fields` is the number of evidence slots. `None`: not for the column evaluator.
pub(crate) fn lower(p: &Program, fields: usize, symbols: &mut Symbols) -> Option<Prog> {
    let mut l = Lower { fields, symbols };
    Some(Prog {
        body: l.node(&p.body)?,
        locals: p.locals,
    })
}

struct Lower<'a> {
    fields: usize,
    symbols: &'a mut Symbols,
}

impl Lower<'_> {
    fn value(&mut self, v: &Fv) -> Option<Cv> {
        Some(match v {
            Fv::Unit => Cv::Unit,
            Fv::Bool(b) => Cv::Bool(*b),
            Fv::Int(i) => Cv::Int(*i),
            Fv::Float(f) => Cv::Float(*f),
            Fv::Str(s) => Cv::Sym(self.symbols.intern(s)),
            Fv::Map(_) | Fv::Array(_) | Fv::Dyn(_) => return None,
        })
    }

    fn boxed(&mut self, n: &Node) -> Option<Box<CNode>> {
        self.node(n).map(Box::new)
    }

    fn pair(&mut self, b: &(Node, Node)) -> Option<Box<(CNode, CNode)>> {
        Some(Box::new((self.node(&b.0)?, self.node(&b.1)?)))
    }

    fn node(&mut self, n: &Node) -> Option<CNode> {
        Some(match n {
            Node::Const(v) => CNode::Const(self.value(v)?),
            Node::Slot(i) if *i < self.fields => CNode::Ev(*i),
            Node::Slot(i) => CNode::Comp(*i - self.fields),
            Node::Local(i) => CNode::Local(*i),
            Node::Neg(e) => CNode::Neg(self.boxed(e)?),
            Node::Not(e) => fuse(CNode::Not(self.boxed(e)?)),
            Node::Bin(op, b) => match (&b.0, &b.1) {
                (_, Node::Const(c)) => CNode::BinC(*op, self.boxed(&b.0)?, self.value(c)?),
                (Node::Const(c), _) => CNode::CBin(*op, self.value(c)?, self.boxed(&b.1)?),
                _ => {
                    let (l, r) = (self.node(&b.0)?, self.node(&b.1)?);
                    match operand(&r) {
                        Some(opd) => CNode::BinV(*op, Box::new(l), opd),
                        None => CNode::Bin(*op, Box::new((l, r))),
                    }
                }
            },
            Node::And(b) => fuse(CNode::And(self.pair(b)?)),
            Node::Or(b) => fuse(CNode::Or(self.pair(b)?)),
            Node::If(b) => fuse(CNode::If(Box::new((
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
                fuse(CNode::Switch(Box::new((
                    scrutinee,
                    cases,
                    self.node(&b.2)?,
                ))))
            }
            Node::Call(f, args) => match (f, args.as_slice()) {
                (Builtin::Present | Builtin::Missing, [a]) => {
                    CNode::Present(self.boxed(a)?, *f == Builtin::Present)
                }
                (Builtin::Band, [x, Node::Const(Fv::Array(ts))]) => {
                    let ts: Option<Vec<f64>> = ts.iter().map(Fv::number).collect();
                    CNode::Band(self.boxed(x)?, ts?.into())
                }
                (Builtin::Band, _) => return None,
                (_, [a]) => CNode::Call(*f, self.boxed(a)?, None),
                (_, [a, b]) => CNode::Call(*f, self.boxed(a)?, Some(self.boxed(b)?)),
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
                CNode::Map(out, score)
            }
            Node::Array(_) => return None,
            Node::Block(stmts) => {
                let mut out = Vec::with_capacity(stmts.len());
                for s in stmts {
                    out.push(match s {
                        Stmt::Let(slot, e) => CStmt::Let(*slot, self.node(e)?),
                        Stmt::Expr(e) => CStmt::Expr(self.node(e)?),
                        Stmt::Return(e) => CStmt::Return(self.node(e)?),
                    });
                }
                // A block of one expression is that expression (no scope, same value).
                match out.as_slice() {
                    [CStmt::Expr(_)] => match out.pop() {
                        Some(CStmt::Expr(e)) => e,
                        _ => return None,
                    },
                    _ => CNode::Block(out),
                }
            }
        })
    }
}
