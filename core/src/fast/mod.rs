//! The fast path: most scoring rules use a small, pure subset of Rhai (literals, evidence
//! fields, arithmetic, comparisons, `&&` `||` `!`, `if`/`else`, `switch` on literals, `let`,
//! `return`, maps and arrays, and a few pure built-ins). Such a script is lowered once from
//! Rhai's own parsed and optimised AST (`from_ast`) into a tree over slot-indexed evidence
//! (`tree`) and evaluated without the interpreter.
//! Against the former text parser (callgrind, 5,000 bench rows): `score_batch` 21.38 → 21.41 M
//! instructions, `assess` per record 1,350 → 1,352 M, pack load 11.2 → 10.6 M (1.1 ms).
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
mod scalar;
mod tree;
mod vector;

pub(crate) use cells::{MISSING_I64, MISSING_SYM, Store, Strs};
pub(crate) use eval::{Locals, RowValue};
pub(crate) use lower::{ColumnProgram, ColumnValue, Symbols, lower};
pub(crate) use tree::Node;
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

/// Microbenchmark hook (examples only): evaluates `source` `n` times with `slots`.
#[doc(hidden)]
pub fn bench_eval(
    source: &str,
    names: &[String],
    slots: &[rhai::Dynamic],
    n: usize,
) -> Option<rhai::Dynamic> {
    let engine = crate::script::engine(crate::script::Limits::default());
    let origin = crate::script::Origin::whole_file("bench");
    let p = crate::script::compile(&engine, source, origin, names, "bench")
        .ok()?
        .fast?;
    let slots: Vec<RowValue> = slots.iter().cloned().map(RowValue::from_dynamic).collect();
    let mut locals = Locals::default();
    let mut out = None;
    for _ in 0..n {
        out = p.run(&slots, &mut locals);
    }
    out.map(|v| v.to_dynamic())
}

#[cfg(test)]
mod tests {
    use crate::script::Script;

    /// Every script of a pack, named `kind:id`.
    fn scripts(p: &crate::Pack) -> Vec<(String, &Script)> {
        let i = &p.inner;
        let mut out: Vec<(String, &Script)> = Vec::new();
        out.extend(
            i.derived
                .iter()
                .map(|x| (format!("derive:{}", x.id), &x.script)),
        );
        out.extend(
            i.indicators
                .iter()
                .map(|x| (format!("indicator:{}", x.id), &x.script)),
        );
        out.extend(
            i.gates
                .iter()
                .map(|x| (format!("gate:{}", x.id), &x.script)),
        );
        out.extend(
            i.selection
                .requires
                .iter()
                .map(|x| (format!("selection:{}", x.id), &x.script)),
        );
        out.extend(
            i.progress
                .ratio
                .iter()
                .map(|s| ("progress:ratio".into(), s)),
        );
        out
    }

    /// The scripts of a built-in pack the interpreter runs (and how many scripts it has).
    fn off_the_fast_path(id: &str) -> (Vec<String>, usize) {
        let p = crate::Pack::builtin(id).unwrap();
        let all = scripts(&p);
        let off = all
            .iter()
            .filter(|(_, s)| s.fast.is_none())
            .map(|(name, _)| name.clone())
            .collect();
        (off, all.len())
    }

    #[test]
    fn every_script_of_the_quickwin_pack_takes_the_fast_path() {
        assert_eq!(off_the_fast_path("smart-city-quickwin"), (vec![], 33));
    }

    /// Recorded from the text parser the fast path had before it was lowered from Rhai's
    /// AST: these scripts use loops, closures or indexing, which are left to the interpreter.
    #[test]
    fn the_builtin_packs_keep_their_scripts_on_the_fast_path() {
        let expected: [(&str, &[&str], usize); 3] = [
            (
                "smart-city-index",
                &[
                    "derive:impact_pillars",
                    "derive:outcome_programmes",
                    "derive:outcome_value",
                    "derive:index_computed",
                    "indicator:outcome",
                    "indicator:index",
                ],
                14,
            ),
            ("smart-city-quickwin", &[], 33),
            (
                "spbe",
                &[
                    "derive:direct",
                    "derive:parts",
                    "indicator:d1",
                    "indicator:d2",
                    "indicator:d3",
                    "indicator:a7",
                    "indicator:a8",
                    "indicator:d4",
                ],
                8,
            ),
        ];
        assert_eq!(crate::Pack::builtin_ids().len(), expected.len());
        for (id, off, total) in expected {
            let want: Vec<String> = off.iter().map(|s| s.to_string()).collect();
            assert_eq!(off_the_fast_path(id), (want, total), "{id}");
        }
    }
}
