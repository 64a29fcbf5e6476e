//! The fast path: most scoring rules use a small, pure subset of Rhai (literals, evidence
//! fields, arithmetic, comparisons, `&&` `||` `!`, `if`/`else`, `switch` on literals, `let`,
//! `return`, maps and arrays, and a few pure built-ins). Such a script is compiled once into
//! a tree over slot-indexed evidence and evaluated without the interpreter.
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
mod fused;
mod lower;
mod parse;
mod tree;
mod scalar;
mod vector;

pub(crate) use cells::{MISSING_I64, MISSING_SYM, Store, Strs};
pub(crate) use eval::{Fv, Locals};
pub(crate) use lower::{Cv, Prog, Symbols, lower};
pub(crate) use tree::Node;
pub(crate) use vector::Machine;

/// A compiled script of the subset.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    pub(crate) body: Node,
    pub(crate) locals: usize,
}

/// Compiles `source` if it lies in the subset; `names` are the slot names in order.
pub(crate) fn compile(source: &str, names: &[String]) -> Option<Program> {
    parse::parse(source, names)
}

impl Program {
    /// Evaluates with evidence `slots`; `None` means "ask the interpreter".
    pub(crate) fn run(&self, slots: &[Fv], locals: &mut Locals) -> Option<Fv> {
        locals.reset(self.locals);
        eval::run(&self.body, slots, locals)
    }
}

/// Microbenchmark hook (examples only): evaluates `source` `n` times with `slots`.
#[doc(hidden)]
pub fn bench_eval(
    source: &str,
    names: &[String],
    slots: &[rhai::Dynamic],
    n: usize,
) -> Option<rhai::Dynamic> {
    let p = compile(source, names)?;
    let slots: Vec<Fv> = slots.iter().cloned().map(Fv::from_dynamic).collect();
    let mut locals = Locals::default();
    let mut out = None;
    for _ in 0..n {
        out = p.run(&slots, &mut locals);
    }
    out.map(|v| v.to_dynamic())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_script_of_the_quickwin_pack_takes_the_fast_path() {
        // Packs with loops (smart-city-index, spbe) use the interpreter for those scripts, by design.
        {
            let id = "smart-city-quickwin";
            let p = crate::Pack::builtin(id).unwrap();
            let i = &p.inner;
            let scripts = i
                .derived
                .iter()
                .map(|d| (&d.id, &d.script))
                .chain(i.indicators.iter().map(|x| (&x.id, &x.script)))
                .chain(i.gates.iter().map(|x| (&x.id, &x.script)))
                .chain(i.selection.requires.iter().map(|x| (&x.id, &x.script)));
            let slow: Vec<_> = scripts
                .filter(|(_, s)| s.fast.is_none())
                .map(|(id, _)| id.clone())
                .collect();
            assert!(slow.is_empty(), "{id}: not on the fast path: {slow:?}");
            assert!(
                i.progress.ratio.as_ref().is_none_or(|s| s.fast.is_some()),
                "{id}: progress ratio"
            );
        }
    }
}
