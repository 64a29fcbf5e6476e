//! The fast path: most scoring rules use a small, pure subset of Rhai (literals, evidence
//! fields, arithmetic, comparisons, `&&` `||` `!`, `if`/`else`, `switch` on literals, `let`,
//! `return`, maps and arrays, and a few pure built-ins). Such a script is lowered once from
//! Rhai's own parsed and optimised AST (`from_ast`) into a tree over slot-indexed evidence
//! (`tree`) and evaluated without the interpreter: no second parser to keep in step with
//! Rhai's (it replaced one at the same speed; the measurement is in BENCHMARKS.md's git history).
//!
//! Batches use a second evaluator over the same compiled form (`lower`, `vector`): each rule
//! runs over a chunk of records at once, column by column, on typed evidence, with fused
//! nodes for the shapes rules are mostly made of (chains of `if field op constant`,
//! `switch` tables, comparisons of a field with a constant).
//!
//! The fast path never decides anything the interpreter would decide differently: whenever
//! it meets something outside the subset, at compile time or at run time (an error, a type
//! it does not handle, an overflow), it gives up and the record is evaluated by Rhai itself,
//! so values and error messages are the interpreter's. `tests/tests/fast_path.rs` checks
//! both evaluators against the interpreter on generated scripts and records.

mod cells;
mod eval;
mod from_ast;
mod fused;
mod lower;
mod row_value;
mod scalar;
mod tree;
mod vector;

pub(crate) use cells::{MISSING_I64, MISSING_SYM, Store, Strs};
pub(crate) use eval::Locals;
pub(crate) use lower::{ColumnProgram, ColumnValue, Symbols, lower};
pub(crate) use row_value::RowValue;
pub(crate) use tree::{Node, Stmt};
pub(crate) use vector::Machine;

/// A compiled script of the subset.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    pub(crate) body: Node,
    pub(crate) locals: usize,
}

/// Compiles Rhai's parsed script if it lies in the subset; `names` are the slot names in order.
pub(crate) fn compile(ast: &rhai::AST, names: &[String]) -> Option<Program> {
    from_ast::lower_ast(ast, names)
}

impl Program {
    /// Evaluates with evidence `slots`; `None` means "ask the interpreter".
    pub(crate) fn run(&self, slots: &[RowValue], locals: &mut Locals) -> Option<RowValue> {
        locals.reset(self.locals);
        eval::run(&self.body, slots, locals)
    }
}
