//! The fast path's compiled tree: what `from_ast` produces from Rhai's parsed script, what
//! `eval` runs record by record and `lower` turns into the column evaluator's form.

use super::row_value::RowValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    Band,
    Min,
    Max,
    Present,
    Missing,
    MonthsBetween,
    DaysBetween,
    ToFloat,
    Abs,
}

/// A node of the compiled tree. Variables are slots: evidence/derived (`Slot`) or `let` (`Local`).
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Const(RowValue),
    Slot(usize),
    Local(usize),
    Neg(Box<Node>),
    Not(Box<Node>),
    Bin(BinOp, Box<(Node, Node)>),
    And(Box<(Node, Node)>),
    Or(Box<(Node, Node)>),
    If(Box<(Node, Node, Node)>),
    /// Scrutinee, cases (literal, body), default.
    Switch(Box<SwitchNode>),
    Call(Builtin, Vec<Node>),
    Map(Vec<(rhai::ImmutableString, Node)>),
    Array(Vec<Node>),
    /// Statements; the value is the last one's.
    Block(Vec<Stmt>),
}

pub(crate) type SwitchNode = (Node, Vec<(RowValue, Node)>, Node);

#[derive(Debug, Clone)]
pub(crate) enum Stmt {
    Let(usize, Node),
    /// An expression statement (with or without `;`: Rhai gives a block the value of its last statement either way).
    Expr(Node),
    Return(Node),
}
